/*
 * phone — Vietnamese numbers to E.164. Mobile numbers today are 0 + 9 digits; the 2018
 * renumbering moved the 11-digit mobile ranges (01xx) to 10 digits. Landlines (02x) and short
 * codes cannot receive campaign SMS and are refused, as are numbers Excel mangled.
 */
#include "phone.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* 2018 renumbering: old prefix (national, without 0) -> new prefix. */
static const struct { const char *old, *new; } renumbered[] = {
    {"162", "32"}, {"163", "33"}, {"164", "34"}, {"165", "35"}, {"166", "36"}, {"167", "37"}, {"168", "38"},
    {"169", "39"},                                                     /* Viettel */
    {"120", "70"}, {"121", "79"}, {"122", "77"}, {"126", "76"}, {"128", "78"},   /* MobiFone */
    {"123", "83"}, {"124", "84"}, {"125", "85"}, {"127", "81"}, {"129", "82"},   /* VinaPhone */
    {"186", "56"}, {"188", "58"},                                      /* Vietnamobile */
    {"199", "59"},                                                     /* Gmobile */
};

/* Today's mobile prefixes: the first two digits of the 9-digit national number. */
static int mobile_prefix(const char *n)
{
    int p = (n[0] - '0') * 10 + (n[1] - '0');
    return (p >= 32 && p <= 39) || p == 52 || p == 55 || p == 56 || p == 58 || p == 59 || p == 70 ||
           (p >= 76 && p <= 79) || (p >= 81 && p <= 89) || (p >= 90 && p <= 99);
}

int phone_normalize(const char *in, char *out, char *err)
{
    char d[32];
    size_t n = 0;
    int plus = 0, seen_digit = 0;
    const char *p = in;
    while (isspace((unsigned char)*p)) p++;
    if (!*p) return util_err(err, "empty phone number");
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isdigit(ch)) {
            if (n + 1 >= sizeof d) return util_err(err, "too many digits for a phone number");
            d[n++] = (char)ch;
            seen_digit = 1;
        } else if (ch == '+' && !seen_digit && !plus) {
            plus = 1;
        } else if (ch == ' ' || ch == '.' || ch == '-' || ch == '(' || ch == ')' || ch == '/') {
            continue;
        } else if ((ch == 'E' || ch == 'e') && seen_digit) {
            return util_err(err, "looks like a number Excel turned into scientific notation (9.12E+08): "
                                 "format the phone column as Text and export again");
        } else if (ch == ',' && seen_digit && strpbrk(p, "Ee")) {
            return util_err(err, "looks like a number Excel turned into scientific notation (9,12E+08): "
                                 "format the phone column as Text and export again");
        } else {
            return util_err(err, "not a phone number (it contains '%c')", isprint(ch) ? ch : '?');
        }
    }
    d[n] = '\0';
    if (!n) return util_err(err, "no digits in the phone number");
    const char *nat = d;  /* the national number, without 0 or 84 */
    if (plus) {
        if (strncmp(d, "84", 2)) return util_err(err, "not a Vietnamese number (+%.3s…): loa sends only to +84", d);
        nat = d + 2;
    } else if (!strncmp(d, "0084", 4)) {
        nat = d + 4;
    } else if (d[0] == '0') {
        nat = d + 1;
    } else if (!strncmp(d, "84", 2) && (n == 11 || n == 12)) {
        nat = d + 2;
    } else if (n <= 6 || !strncmp(d, "1800", 4) || !strncmp(d, "1900", 4)) {
        return util_err(err, "a short code or service number, not a mobile number");
    }
    if (nat[0] == '0') nat++;  /* "+84 0912…" written with the trunk zero */
    size_t len = strlen(nat);
    char mobile[10];
    if (len == 10 && nat[0] == '1') {
        size_t i;
        for (i = 0; i < sizeof renumbered / sizeof renumbered[0]; i++)
            if (!strncmp(nat, renumbered[i].old, 3)) break;
        if (i == sizeof renumbered / sizeof renumbered[0])
            return util_err(err, "0%.3s… is not a mobile prefix, old or new", nat);
        memcpy(mobile, renumbered[i].new, 2);
        memcpy(mobile + 2, nat + 3, 8);   /* 7 digits and the NUL */
    } else if (len == 10 && nat[0] == '2') {
        return util_err(err, "a landline number (0%.3s…): landlines cannot receive SMS", nat);
    } else if (len == 9) {
        if (nat[0] == '2') return util_err(err, "a landline number (0%.2s…): landlines cannot receive SMS", nat);
        memcpy(mobile, nat, 10);
    } else if (!strncmp(d, "1800", 4) || !strncmp(d, "1900", 4) || n <= 6) {
        return util_err(err, "a short code or service number, not a mobile number");
    } else {
        return util_err(err, "wrong number of digits (%zu) for a Vietnamese mobile number", len + 1);
    }
    if (!mobile_prefix(mobile)) return util_err(err, "0%.2s is not a Vietnamese mobile prefix", mobile);
    memcpy(out, "+84", 3);
    memcpy(out + 3, mobile, 10);   /* 9 digits and the NUL */
    return 0;
}

int phone_is_mobile_e164(const char *e164)
{
    if (!e164 || strncmp(e164, "+84", 3) || strlen(e164) != 12) return 0;
    for (const char *p = e164 + 3; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return mobile_prefix(e164 + 3);
}
