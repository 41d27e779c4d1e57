/* vntext — UTF-8 validation, NFC (utf8proc), Vietnamese diacritic stripping and match keys. */
#include "vntext.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

int vntext_valid_utf8(const char *s, size_t n)
{
    return vntext_utf8_error_at(s, n) == n;
}

size_t vntext_utf8_error_at(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (*p < 0x80) { p++; continue; }   /* the common case, byte by byte */
        size_t len;
        unsigned cp, min;
        if ((*p & 0xE0) == 0xC0) { len = 2; cp = *p & 0x1F; min = 0x80; }
        else if ((*p & 0xF0) == 0xE0) { len = 3; cp = *p & 0x0F; min = 0x800; }
        else if ((*p & 0xF8) == 0xF0) { len = 4; cp = *p & 0x07; min = 0x10000; }
        else return (size_t)(p - (const unsigned char *)s);
        if ((size_t)(end - p) < len) return (size_t)(p - (const unsigned char *)s);
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) return (size_t)(p - (const unsigned char *)s);
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* no overlongs, no surrogates, nothing past U+10FFFF */
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (size_t)(p - (const unsigned char *)s);
        p += len;
    }
    return n;
}

char *vntext_visible(const char *s)
{
    sbuf b = {0};
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0) {
            sbuf_add(&b, "\xEF\xBF\xBD");   /* a byte that starts no valid character */
            i++;
            continue;
        }
        if (cp == '\n') sbuf_add(&b, "\xE2\x8F\x8E");                               /* ⏎ */
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) sbuf_add(&b, "\xEF\xBF\xBD");
        else sbuf_addn(&b, s + i, (size_t)len);
        i += (size_t)len;
    }
    return sbuf_detach(&b);
}

char *vntext_from_utf16be(const unsigned char *u, size_t n)
{
    sbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        utf8proc_int32_t c = (utf8proc_int32_t)(u[2 * i] << 8 | u[2 * i + 1]);
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
            utf8proc_int32_t lo = (utf8proc_int32_t)(u[2 * i + 2] << 8 | u[2 * i + 3]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (c == 0 || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t len = utf8proc_encode_char(c, enc);
        sbuf_addn(&b, (const char *)enc, (size_t)len);
    }
    return sbuf_detach(&b);
}

/* Map S with utf8proc OPTIONS; NULL if invalid. The result is malloc'd by utf8proc (free()). */
static char *map(const char *s, int options)
{
    utf8proc_uint8_t *out = NULL;
    if (!vntext_valid_utf8(s, strlen(s))) return NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      (utf8proc_option_t)(UTF8PROC_NULLTERM | UTF8PROC_STABLE | options));
    if (n < 0) return NULL;
    return (char *)out;
}

/*
 * 1 when S is certainly NFC already: only ASCII, Latin-1 letters, Latin Extended-A and the
 * precomposed Vietnamese letters (U+1EA0–U+1EF9), none of which decompose to anything that
 * recomposes differently. Saves utf8proc's full decomposition on nearly every real string.
 */
int vntext_surely_nfc(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0x80) { p++; continue; }
        if (p[0] >= 0xC3 && p[0] <= 0xC5 && (p[1] & 0xC0) == 0x80) { p += 2; continue; }  /* U+00C0–U+017F */
        if (p[0] == 0xC6 && (p[1] == 0xA0 || p[1] == 0xA1 || p[1] == 0xAF || p[1] == 0xB0)) { p += 2; continue; } /* Ơ ơ Ư ư */
        if (p[0] == 0xE1 && (p[1] == 0xBA || p[1] == 0xBB) && (p[2] & 0xC0) == 0x80) {  /* U+1E80–U+1EFF */
            int cp = 0x1000 | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            if (cp >= 0x1EA0 && cp <= 0x1EF9) { p += 3; continue; }
        }
        return 0;
    }
    return 1;
}

char *vntext_nfc(const char *s)
{
    if (vntext_surely_nfc(s)) return xstrdup(s);
    return map(s, UTF8PROC_COMPOSE);
}

char *vntext_casefold(const char *s)
{
    return map(s, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

/* Đ/đ have no decomposition in Unicode: replace them by hand, in place (2 bytes -> 1). */
static void replace_dd(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        unsigned char a = (unsigned char)r[0], b = (unsigned char)r[1];
        if (a == 0xC4 && (b == 0x90 || b == 0x91)) { /* U+0110 Đ, U+0111 đ */
            *w++ = b == 0x90 ? 'D' : 'd';
            r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

char *vntext_strip_diacritics(const char *s)
{
    char *out = map(s, UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK);
    if (out) replace_dd(out);
    return out;
}

char *vntext_fold(const char *s)
{
    char *m = map(s, UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (!m) return NULL;
    replace_dd(m);
    char *w = m;
    int space = 1; /* drop leading separators */
    for (const unsigned char *r = (const unsigned char *)m; *r; r++) {
        int sep = *r < 0x80 && !isalnum(*r);
        if (sep) {
            if (!space) *w++ = ' ';
            space = 1;
        } else {
            *w++ = (char)*r;
            space = 0;
        }
    }
    if (w > m && w[-1] == ' ') w--;
    *w = '\0';
    return m;
}

char *vntext_lower(const char *s)
{
    return map(s, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

size_t vntext_codepoints(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++;
    return n;
}

size_t vntext_width(const char *s)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += k;
    }
    return w;
}

char *vntext_given_name(const char *full)
{
    size_t n = strlen(full);
    while (n && isspace((unsigned char)full[n - 1])) n--;
    size_t start = n;
    while (start && !isspace((unsigned char)full[start - 1])) start--;
    return xstrndup(full + start, n - start);
}

/* ---- keys for matching what people type: symbols, spaced letters, repeats, i/y ---- */

/* 1 when the folded word W[0..N) is one consonant onset and a final i or y (ky, ly, my, quy, thy):
 * the syllables Vietnamese writes with either letter. */
static int iy_syllable(const char *w, size_t n)
{
    if (n < 2 || (w[n - 1] != 'y' && w[n - 1] != 'i')) return 0;
    if (n == 3 && !strncmp(w, "qu", 2)) return 1;
    for (size_t i = 0; i + 1 < n; i++)
        if (!isalpha((unsigned char)w[i]) || strchr("aeiouy", w[i])) return 0;
    return n <= 4;   /* b, ch, ngh… */
}

char *vntext_match_words(const char *folded)
{
    /* words: ASCII letters and digits, and letters of other scripts; everything else separates */
    char **w = NULL;
    size_t nw = 0, cap = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)folded;
    sbuf cur = {0};
    for (;;) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k = *p ? utf8proc_iterate(p, -1, &c) : 0;
        if (k < 0) { k = 1; c = ' '; }
        utf8proc_category_t cat = c ? utf8proc_category(c) : UTF8PROC_CATEGORY_CN;
        int keep = c && (c < 0x80 ? isalnum(c) : (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO));
        if (keep) {
            sbuf_addn(&cur, (const char *)p, (size_t)k);
        } else if (cur.len) {
            if (nw == cap) w = xrealloc(w, (cap = cap ? 2 * cap : 8) * sizeof *w);
            w[nw++] = sbuf_detach(&cur);
        }
        if (!c) break;
        p += k;
    }
    sbuf out = {0};
    size_t last_at = 0, last_len = 0;   /* the last word written, in out */
    for (size_t i = 0; i < nw;) {
        sbuf word = {0};
        size_t j = i;
        /* H U Y: a run of two or more single letters is one word */
        while (j < nw && strlen(w[j]) == 1 && isalpha((unsigned char)w[j][0])) sbuf_addc(&word, w[j++][0]);
        if (j - i < 2) {
            sbuf_free(&word);
            sbuf_add(&word, w[i]);
            j = i + 1;
        }
        char *s = sbuf_detach(&word);
        size_t n = strlen(s);
        if (iy_syllable(s, n)) s[n - 1] = 'i';
        /* HUY HUY: a word said twice is said once (numbers are counts: kept) */
        int digit = isdigit((unsigned char)s[0]);
        if (!out.len || digit || last_len != n || memcmp(out.s + last_at, s, n)) {
            if (out.len) sbuf_addc(&out, ' ');
            last_at = out.len;
            last_len = n;
            sbuf_add(&out, s);
        }
        free(s);
        i = j;
    }
    for (size_t i = 0; i < nw; i++) free(w[i]);
    free(w);
    return out.s ? sbuf_detach(&out) : xstrdup("");
}

/* Latin-1 letters Vietnamese text in Unicode uses: the rest of U+00A1..U+00FF is what the old
 * 8-bit fonts (TCVN3's .VnTime, VNI-Times) put where Vietnamese letters were, once a file typed
 * with them is read as Unicode ("Nguyễn Văn" becomes "NguyÔn V¨n" in TCVN3, "Nguyeãn Vaên" in VNI). */
static int vietnamese_latin1(utf8proc_int32_t cp)
{
    static const char letters[] = "\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCC\xCD\xD2\xD3\xD4\xD5\xD9\xDA\xDD"
                                  "\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3\xF4\xF5\xF9\xFA\xFD";
    return cp == 0xA0 || cp == 0xB0 || (cp >= 0xC0 && strchr(letters, (char)cp));
}

int vntext_legacy_font(const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    while (p < end && (k = utf8proc_iterate(p, end - p, &cp)) > 0) {
        if (cp > 0xA0 && cp <= 0xFF && !vietnamese_latin1(cp)) return 1;
        p += k;
    }
    return 0;
}
