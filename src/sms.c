/*
 * sms — the text that goes out: preparation, GSM-7 vs UCS-2 choice, and part counting.
 *
 * Sections: the GSM 03.38 alphabet; counting parts exactly as libGammu splits
 * them; sms_prepare; the small public helpers.
 *
 * What loa counts is what goes out, so the part count follows libGammu 1.42's
 * GSM_EncodeMultiPartSMS (libgammu/service/sms/gsmmulti.c) rather than the
 * textbook formula; the two differ in these cases:
 *   - GSM-7: a part holds 153 septets, but an extension character (2 septets)
 *     that would straddle the boundary moves whole to the next part, so that
 *     part carries 152;
 *   - UCS-2: a part holds 67 UTF-16 units, but Gammu never ends a part on a
 *     lead surrogate, moves a character to the next part when that part would
 *     start with a combining mark, and keeps a pair of regional indicators
 *     (a flag emoji) together.
 * The tests in tests/unit/test_sms.c compare every count with Gammu itself.
 */
#include "i18n.h"
#include "sms.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"
#include "vntext.h"

/* ----------------------------------------------------------------- GSM 03.38 */

/*
 * The default alphabet as Unicode, in GSM order. 0x1B is the escape to the
 * extension table, not a character: it is left out (Gammu maps it to U+00B9,
 * which must therefore not count as GSM-7).
 */
static const uint16_t gsm7_default[] = {
    '@', 0x00A3, '$', 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
    0x00F2, 0x00C7, '\n', 0x00D8, 0x00F8, '\r', 0x00C5, 0x00E5,
    0x0394, '_', 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
    0x03A3, 0x0398, 0x039E, /* ESC */ 0x00C6, 0x00E6, 0x00DF, 0x00C9,
    ' ', '!', '"', '#', 0x00A4, '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    0x00A1, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
    0x00BF, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* The extension table (ESC + one septet): form feed ^ { } \ [ ~ ] | € */
static const uint16_t gsm7_extension[] = {
    0x000C, '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC,
};

/* Septets CP takes in GSM-7: 1, 2 (extension table), or 0 when it is not GSM-7.
 * The tables are searched once, into a lookup for U+0000..U+03FF (every GSM character but €). */
static int gsm7_septets(int32_t cp)
{
    static unsigned char table[0x400];
    static int ready;
    if (!ready) {
        for (size_t i = 0; i < sizeof gsm7_default / sizeof gsm7_default[0]; i++) table[gsm7_default[i]] = 1;
        for (size_t i = 0; i < sizeof gsm7_extension / sizeof gsm7_extension[0]; i++)
            if (gsm7_extension[i] < 0x400) table[gsm7_extension[i]] = 2;
        ready = 1;
    }
    if (cp >= 0 && cp < 0x400) return table[cp];
    return cp == 0x20AC ? 2 : 0;
}

/* ------------------------------------------------------ parts, as Gammu splits */

#define GSM7_SINGLE 160   /* septets in one message without a header */
#define GSM7_PART 153     /* (140 - 6 octets of concatenation header) * 8 / 7 */
#define UCS2_SINGLE 70
#define UCS2_PART 67      /* (140 - 6) / 2 */
#define GSM7_GAMMU_MAX 5000  /* GSM_EncodeMultiPartSMS looks no further than this many septets */

static int gsm7_parts(const unsigned char *cost, size_t n, int septets)
{
    if (septets <= GSM7_SINGLE) return 1;
    int parts = 0;
    for (size_t i = 0; i < n; parts++) {
        int used = 0;
        while (i < n && used + cost[i] <= GSM7_PART) used += cost[i++];
    }
    return parts;
}

static int combining(uint16_t u)
{
    return (u >= 0xFE20 && u <= 0xFE2F) || (u >= 0x0300 && u <= 0x036F) || (u >= 0x1AB0 && u <= 0x1AFF) ||
           (u >= 0x1DC0 && u <= 0x1DFF) || (u >= 0x20D0 && u <= 0x20FF);
}

/*
 * How many of the LEFT units at U go into one UCS-2 part of at most FREE units,
 * with Gammu's three adjustments, in Gammu's order (AlignSegmentForContent).
 */
static size_t ucs2_take(const uint16_t *u, size_t left, size_t free_units)
{
    size_t copy = left < free_units ? left : free_units;
    int moved = 0;
    if (copy > 1 && u[copy - 1] >= 0xD800 && u[copy - 1] <= 0xDBFF) {   /* lead surrogate last */
        copy--;
        moved = 1;
    }
    if (!moved && copy > 1 && copy < left && combining(u[copy])) copy--;   /* next starts with a mark */
    if (copy > 2 && copy + 2 < left && u[copy - 2] == 0xD83C && u[copy] == 0xD83C &&
        u[copy - 1] >= 0xDDE6 && u[copy - 1] <= 0xDDFF && u[copy + 1] >= 0xDDE6 && u[copy + 1] <= 0xDDFF)
        copy -= 2;                                                        /* a flag split in two */
    return copy;
}

static int ucs2_parts(const uint16_t *u, size_t n)
{
    if (n <= UCS2_SINGLE) return 1;
    int parts = 0;
    for (size_t done = 0; done < n; parts++) done += ucs2_take(u + done, n - done, UCS2_PART);
    return parts;
}

static void count_valid(const char *prepared, size_t len, struct sms_info *out);

int sms_count(const char *prepared, struct sms_info *out)
{
    memset(out, 0, sizeof *out);
    if (prepared == NULL) return -1;
    size_t len = strlen(prepared);
    if (!vntext_valid_utf8(prepared, len)) return -1;
    count_valid(prepared, len, out);
    return 0;
}

/* sms_count's work on text already known to be valid UTF-8. */
static void count_valid(const char *prepared, size_t len, struct sms_info *out)
{
    /* At most one septet cost per byte and two UTF-16 units per 4 bytes: len bounds both. */
    unsigned char *cost = xmalloc(len + 1);
    uint16_t *u16 = xmalloc((len + 1) * sizeof *u16);
    size_t nchars = 0, nunits = 0;
    int septets = 0, gsm7 = 1;
    /* valid UTF-8 by now: decode inline (this is every message's hot path) */
    for (const unsigned char *p = (const unsigned char *)prepared; *p;) {
        int32_t cp;
        if (p[0] < 0x80) cp = *p++;
        else if ((p[0] & 0xE0) == 0xC0) { cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F); p += 2; }
        else if ((p[0] & 0xF0) == 0xE0) { cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F); p += 3; }
        else { cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F); p += 4; }
        int s = gsm7_septets(cp);
        if (s == 0) gsm7 = 0;
        cost[nchars++] = (unsigned char)s;
        septets += s;
        if (cp >= 0x10000) {
            u16[nunits++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            u16[nunits++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            u16[nunits++] = (uint16_t)cp;
        }
    }
    out->chars = (int)nchars;
    if (gsm7) {
        out->encoding = SMS_GSM7;
        out->units = septets;
        out->parts = gsm7_parts(cost, nchars, septets);
    } else {
        out->encoding = SMS_UCS2;
        out->units = (int)nunits;
        out->parts = ucs2_parts(u16, nunits);
    }
    free(cost);
    free(u16);
}

int sms_is_gsm7(const char *prepared)
{
    struct sms_info info;
    return sms_count(prepared, &info) == 0 && info.encoding == SMS_GSM7;
}

const char *sms_encoding_name(enum sms_encoding e)
{
    switch (e) {
    case SMS_GSM7: return "gsm7";
    case SMS_UCS2: return "ucs2";
    }
    return "?";
}

/* ------------------------------------------------------------------ prepare */

/* 1-based offset of the first byte that breaks UTF-8 in S, 0 when S is valid. */
static size_t first_bad_byte(const char *s)
{
    size_t n = strlen(s), at = vntext_utf8_error_at(s, n);
    return at == n ? 0 : at + 1;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

char *sms_prepare(const char *text, int diacritics, char *err)
{
    struct sms_info info;
    return sms_prepare_count(text, diacritics, &info, err);
}

char *sms_prepare_count(const char *text, int diacritics, struct sms_info *result, char *err)
{
    if (text == NULL || text[0] == '\0') {
        util_err(err, _("text is empty"));
        return NULL;
    }
    size_t bad = first_bad_byte(text);
    if (bad) {
        util_err(err, _("text is not valid UTF-8 (byte %zu)"), bad);
        return NULL;
    }
    char *out = diacritics ? vntext_nfc(text) : vntext_strip_diacritics(text);
    if (out == NULL) {   /* utf8proc refused valid UTF-8: only out of memory gets here */
        util_err(err, _("text could not be normalised"));
        return NULL;
    }

    /* Control characters: Gammu ends its buffers at U+0000 and uses U+0001 itself; none belong in an SMS. */
    /* Byte by byte: C0 controls and DEL are single bytes, C1 controls are C2 80..C2 9F. */
    int nth = 0;
    for (const unsigned char *b = (const unsigned char *)out; *b; b++) {
        if ((*b & 0xC0) != 0x80) nth++;
        unsigned cp = 0x10000;
        if ((*b < 0x20 && *b != '\n' && *b != '\r') || *b == 0x7F) cp = *b;
        else if (b[0] == 0xC2 && b[1] >= 0x80 && b[1] <= 0x9F) cp = b[1];
        if (cp != 0x10000) {
            util_err(err, _("text contains a control character (U+%04X) at character %d"), cp, nth);
            free(out);
            return NULL;
        }
    }
    if (blank(out)) {
        util_err(err, _("text is empty"));
        free(out);
        return NULL;
    }

    struct sms_info info;
    memset(&info, 0, sizeof info);
    count_valid(out, strlen(out), &info);   /* validated above; normalisation keeps it valid */
    *result = info;
    /* '~' in a UCS-2 text is doubled on its way into Gammu (modem.c), which reads "~~" as one '~'. */
    if ((info.encoding == SMS_GSM7 && info.units > GSM7_GAMMU_MAX) || info.parts > SMS_MAX_PARTS) {
        util_err(err, _("text is too long: %d characters, %d parts (Gammu sends at most %d parts)"),
                 info.chars, info.parts, info.encoding == SMS_GSM7 ? GSM7_GAMMU_MAX / GSM7_PART + 1 : SMS_MAX_PARTS);
        free(out);
        return NULL;
    }
    return out;
}
