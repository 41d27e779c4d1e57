/*
 * sms — encoding choice and part counting. GSM 03.38: a character of the default alphabet
 * is one septet, one of the extension table two (escape + code); anything else forces UCS-2,
 * where a character outside the BMP (an emoji) is two UTF-16 units. A long message is cut
 * into parts of 153 septets / 67 units without splitting a character, as Gammu does, so what
 * loa counts is what goes out (test_sms checks it against GSM_EncodeMultiPartSMS).
 */
#include "sms.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vntext.h"

/* The default alphabet's non-ASCII characters, and the ASCII ones it lacks. */
static const uint32_t gsm_basic_extra[] = {
    0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8, 0x00C5, 0x00E5,
    0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E, 0x00C6, 0x00E6,
    0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6,
    0x00F1, 0x00FC, 0x00E0,
};
static const uint32_t gsm_ext[] = {'^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC, 0x0C};

/* Septets for code point CP: 1, 2 (extension), or 0 when not in GSM 03.38. */
static int gsm_septets(uint32_t cp)
{
    for (size_t i = 0; i < sizeof gsm_ext / sizeof gsm_ext[0]; i++)
        if (gsm_ext[i] == cp) return 2;
    if (cp == '\n' || cp == '\r') return 1;
    if (cp >= 0x20 && cp < 0x7F) return cp == '`' ? 0 : 1;
    for (size_t i = 0; i < sizeof gsm_basic_extra / sizeof gsm_basic_extra[0]; i++)
        if (gsm_basic_extra[i] == cp) return 1;
    return 0;
}

/* Next code point of valid UTF-8 at *P; advances *P. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t cp;
    if (s[0] < 0x80) { cp = s[0]; *p += 1; }
    else if ((s[0] & 0xE0) == 0xC0) { cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F); *p += 2; }
    else if ((s[0] & 0xF0) == 0xE0) { cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F); *p += 3; }
    else { cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F); *p += 4; }
    return cp;
}

int sms_is_gsm7(const char *prepared)
{
    for (const unsigned char *p = (const unsigned char *)prepared; *p;)
        if (!gsm_septets(next_cp(&p))) return 0;
    return 1;
}

int sms_count(const char *prepared, struct sms_info *out)
{
    memset(out, 0, sizeof *out);
    if (!vntext_valid_utf8(prepared, strlen(prepared))) return -1;
    out->encoding = sms_is_gsm7(prepared) ? SMS_GSM7 : SMS_UCS2;
    int single = out->encoding == SMS_GSM7 ? 160 : 70, per = out->encoding == SMS_GSM7 ? 153 : 67;
    /* Count units, and the parts a long message needs when no character may straddle two. */
    int parts = 1, used = 0;
    for (const unsigned char *p = (const unsigned char *)prepared; *p;) {
        uint32_t cp = next_cp(&p);
        int u = out->encoding == SMS_GSM7 ? gsm_septets(cp) : (cp > 0xFFFF ? 2 : 1);
        out->chars++;
        out->units += u;
        if (used + u > per) {
            parts++;
            used = 0;
        }
        used += u;
    }
    out->parts = out->units <= single ? 1 : parts;
    return 0;
}

const char *sms_encoding_name(enum sms_encoding e)
{
    return e == SMS_GSM7 ? "gsm7" : "ucs2";
}

char *sms_prepare(const char *text, int diacritics, char *err)
{
    size_t n = strlen(text), bad = vntext_utf8_error_at(text, n);
    if (bad < n) {
        util_err(err, "text is not valid UTF-8 (byte %zu)", bad + 1);
        return NULL;
    }
    const char *t = text;
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') t++;
    if (!*t) {
        util_err(err, "text is empty");
        return NULL;
    }
    char *out = diacritics ? vntext_nfc(text) : vntext_strip_diacritics(text);
    if (!out) util_err(err, "text is not valid UTF-8");
    return out;
}
