/* phone — Vietnamese phone numbers: normalisation to E.164 and the mobile prefix table. */
#include "i18n.h"
#include "phone.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/*
 * Mobile prefixes in use since the 2018 renumbering, as the two digits after
 * the trunk "0" (docs/phone.md lists who holds each):
 *   32-39, 52, 55, 56, 58, 59, 70, 76-79, 81-89, 90-99.
 */
static int mobile_prefix(const char *two)
{
    int p = (two[0] - '0') * 10 + (two[1] - '0');
    return (p >= 32 && p <= 39) || p == 52 || p == 55 || p == 56 || p == 58 || p == 59 ||
           p == 70 || (p >= 76 && p <= 79) || (p >= 81 && p <= 89) || (p >= 90 && p <= 99);
}

/* The 2018 renumbering: old 11-digit prefix (3 digits after "0") -> new 2 digits. */
static const struct { const char *old3, *new2; } renumbered[] = {
    {"162", "32"}, {"163", "33"}, {"164", "34"}, {"165", "35"},
    {"166", "36"}, {"167", "37"}, {"168", "38"}, {"169", "39"},
    {"120", "70"}, {"121", "79"}, {"122", "77"}, {"126", "76"}, {"128", "78"},
    {"123", "83"}, {"124", "84"}, {"125", "85"}, {"127", "81"}, {"129", "82"},
    {"186", "56"}, {"188", "58"},
    {"199", "59"},
};

static const char *renumber(const char *old3)
{
    for (size_t i = 0; i < sizeof renumbered / sizeof renumbered[0]; i++)
        if (strncmp(old3, renumbered[i].old3, 3) == 0) return renumbered[i].new2;
    return NULL;
}

/* Length in bytes of a separator at S (space, tab, . - ( ), or UTF-8 NBSP), else 0. */
static size_t separator_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '.' || c == '-' || c == '(' || c == ')') return 1;
    if (c == 0xC2 && (unsigned char)s[1] == 0xA0) return 2;
    return 0;
}

/*
 * Scientific notation as a spreadsheet writes a long number: 9.12E+08,
 * 9,12E+08 (comma locales), 8.49123E+10. The digits are lost: say so.
 */
static int scientific(const char *s)
{
    const char *p = s;
    if (*p == '+') p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.' || *p == ',') {
        p++;
        while (isdigit((unsigned char)*p)) p++;
    }
    if (*p != 'e' && *p != 'E') return 0;
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
    while (*p == ' ' || *p == '\t') p++;
    return *p == '\0';
}

/* Copy IN without leading/trailing blanks (and a spreadsheet's leading apostrophe) into BUF. */
static void trim_copy(const char *in, char *buf, size_t n)
{
    while (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n' ||
           ((unsigned char)in[0] == 0xC2 && (unsigned char)in[1] == 0xA0))
        in += (unsigned char)in[0] == 0xC2 ? 2 : 1;
    if (*in == '\'') in++;
    size_t len = strlen(in);
    if (len >= n) len = n - 1;
    memcpy(buf, in, len);
    buf[len] = '\0';
    while (len > 0) {
        unsigned char c = (unsigned char)buf[len - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            buf[--len] = '\0';
        } else if (len >= 2 && c == 0xA0 && (unsigned char)buf[len - 2] == 0xC2) {
            len -= 2;
            buf[len] = '\0';
        } else {
            break;
        }
    }
}

int phone_normalize(const char *in, char *out, char *err)
{
    char text[128];
    char d[32];            /* the digits alone */
    size_t n = 0;
    int plus = 0;

    out[0] = '\0';
    if (in == NULL) return util_err(err, _("phone number is empty"));
    trim_copy(in, text, sizeof text);
    if (text[0] == '\0') return util_err(err, _("phone number is empty"));
    if (scientific(text))
        return util_err(err, _("looks like a number Excel turned into %s: format the column as text "
                        "and type the number again"), text);

    for (const char *p = text; *p;) {
        unsigned char c = (unsigned char)*p;
        size_t sep = separator_len(p);
        if (sep) {
            p += sep;
        } else if (isdigit(c)) {
            if (n + 1 >= sizeof d) return util_err(err, _("too many digits for a phone number"));
            d[n++] = (char)c;
            p++;
        } else if (c == '+' && n == 0 && !plus) {
            plus = 1;
            p++;
        } else if (c == '/' || c == ',' || c == ';' || c == '&' || c == '|') {
            return util_err(err, _("looks like more than one number ('%c'): put one number per contact"), c);
        } else if (c >= 0x21 && c < 0x7F) {
            return util_err(err, _("'%c' is not part of a phone number"), c);
        } else {
            return util_err(err, _("contains characters that are not part of a phone number"));
        }
    }
    d[n] = '\0';
    if (n == 0) return util_err(err, _("phone number has no digits"));

    /* Strip the country code or the trunk zero to reach the national significant number. */
    const char *nsn;
    int cc = 0;
    if (plus) {
        if (strncmp(d, "84", 2) != 0)
            return util_err(err, _("not a Vietnamese number (country code +%.3s): only +84 numbers can be reached"), d);
        nsn = d + 2;
        cc = 1;
    } else if (strncmp(d, "00", 2) == 0) {
        if (strncmp(d, "0084", 4) != 0)
            return util_err(err, _("not a Vietnamese number (international prefix 00%.3s): only +84 numbers can be reached"), d + 2);
        nsn = d + 4;
        cc = 1;
    } else if (d[0] == '0') {
        nsn = d + 1;
    } else if (strncmp(d, "84", 2) == 0 && (n == 11 || n == 12)) {
        nsn = d + 2;   /* 84 + 9 digits, or 84 + an old 10-digit number */
        cc = 1;
    } else {
        nsn = d;       /* a short code, or a number whose leading zero was dropped */
    }
    if (cc && nsn[0] == '0') nsn++;   /* "+84 (0) 912 345 678" */
    size_t len = strlen(nsn);

    if (!cc && d[0] != '0' && n <= 6)
        return n >= 3 ? util_err(err, _("short codes like %s are services and cannot receive SMS"), d)
                      : util_err(err, _("too short for a phone number (%zu digits)"), n);
    if (strncmp(nsn, "1800", 4) == 0 || strncmp(nsn, "1900", 4) == 0)
        return util_err(err, _("%.4s numbers are service lines and cannot receive SMS"), nsn);

    char mobile[16];
    if (len == 10 && nsn[0] == '1') {
        const char *now = renumber(nsn);
        if (now == NULL)
            return util_err(err, _("01%.2s is not a mobile prefix (the retired 11-digit mobiles began "
                            "012x, 016x, 0186, 0188 or 0199)"), nsn + 1);
        memcpy(mobile, now, 2);
        memcpy(mobile + 2, nsn + 3, 7);
        mobile[9] = '\0';
    } else if (nsn[0] == '2' && len >= 9 && len <= 10) {
        return util_err(err, _("landline numbers (02x) cannot receive SMS"));
    } else if (len == 9) {
        memcpy(mobile, nsn, 10);
    } else if (len == 0) {
        return util_err(err, _("country code without a number"));
    } else if (nsn == d) {
        return util_err(err, _("wrong length: %zu digits without a leading 0 (a mobile number is 0 and "
                        "9 digits, like 0912 345 678)"), len);
    } else {
        return util_err(err, _("wrong length: %zu digits (a mobile number has 10, like 0912 345 678)"), len + 1);
    }

    if (!mobile_prefix(mobile))
        return util_err(err, _("0%.2s is not a Vietnamese mobile prefix (a landline? landlines cannot receive SMS)"),
                        mobile);
    memcpy(out, "+84", 3);      /* "+84" and the 9 digits: no printf on the import's hot path */
    memcpy(out + 3, mobile, 10);
    return 0;
}

int phone_is_mobile_e164(const char *e164)
{
    if (e164 == NULL || strncmp(e164, "+84", 3) != 0) return 0;
    const char *p = e164 + 3;
    for (int i = 0; i < 9; i++)
        if (!isdigit((unsigned char)p[i])) return 0;
    return p[9] == '\0' && mobile_prefix(p);
}
