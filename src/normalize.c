/* normalize — Vietnamese written text to speakable words for espeak-ng (numbers, dates, times, abbreviations). */
/*
 * Sections:
 *   1. tables: digits, default lexicon, document types, units, letter names
 *   2. small UTF-8 helpers (utf8proc)
 *   3. number words
 *   4. the output: words and pause punctuation, with the previous word as context
 *   5. words: lexicon, Roman numerals, all-capital tokens
 *   6. numbers in text: phone numbers, times, dates, document numbers, units
 *   7. the scanner and the public functions
 *
 * The reading rules, with the choices made where Vietnamese usage varies, are
 * documented in docs/normalize.md; keep the two in step.
 */
#include "normalize.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"
#include "vntext.h"

/* ---------------------------------------------------------------- 1. tables */

static const char *const DIGIT[10] = {
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"
};

static const char *const DEFAULT_LEXICON[][2] = {
    { "UBND", "ủy ban nhân dân" },
    { "HĐND", "hội đồng nhân dân" },
    { "UBMTTQ", "ủy ban mặt trận tổ quốc" },
    { "MTTQ", "mặt trận tổ quốc" },
    { "CCCD", "căn cước công dân" },
    { "CMND", "chứng minh nhân dân" },
    { "VNeID", "vê en e i đê" },
    { "TTg", "thủ tướng" },
    { "QĐ", "quyết định" },
    { "NĐ", "nghị định" },
    { "NĐ-CP", "nghị định chính phủ" },
    { "CP", "chính phủ" },
    { "NQ", "nghị quyết" },
    { "CT", "chỉ thị" },
    { "BHYT", "bảo hiểm y tế" },
    { "BHXH", "bảo hiểm xã hội" },
    { "CSDL", "cơ sở dữ liệu" },
    { "TTHC", "thủ tục hành chính" },
    { "DVC", "dịch vụ công" },
    { "DVCTT", "dịch vụ công trực tuyến" },
    { "KH", "kế hoạch" },
    { "CA", "công an" },
    { "BCA", "bộ công an" },
    { "HTX", "hợp tác xã" },
    { "THCS", "trung học cơ sở" },
    { "THPT", "trung học phổ thông" },
    { "CNTT", "công nghệ thông tin" },
    { "V/v", "về việc" },
    { "B/c", "báo cáo" },
    { "T/h", "thực hiện" },
    { "TW", "trung ương" },
    { "TƯ", "trung ương" },
    { "TT", "thường trực" },
    { "TM", "thay mặt" },
    { "VP", "văn phòng" },
    { "TAND", "tòa án nhân dân" },
    { "VKSND", "viện kiểm sát nhân dân" },
    { "BCĐ", "ban chỉ đạo" },
    { "TP", "thành phố" },
    { "TP.HCM", "thành phố hồ chí minh" },
    { "SĐT", "số điện thoại" },
    { "KT-XH", "kinh tế xã hội" },
    { "ANTT", "an ninh trật tự" },
    { "ATGT", "an toàn giao thông" },
    { "PCCC", "phòng cháy chữa cháy" },
    { "GPLX", "giấy phép lái xe" },
    { "BCH", "ban chấp hành" },
    { "CHQS", "chỉ huy quân sự" },
    { "TDP", "tổ dân phố" },
    { "HĐND&UBND", "hội đồng nhân dân và ủy ban nhân dân" },
    { "COVID", "cô vít" },
    /* forms of address and titles (P. and Ô./B. with a dot are read by context: section 5) */
    { "Đ/c", "đồng chí" }, { "đ/c", "đồng chí" },
    { "PCT", "phó chủ tịch" }, { "P.CT", "phó chủ tịch" }, { "PBT", "phó bí thư" },
    { "GĐ", "giám đốc" }, { "PGĐ", "phó giám đốc" }, { "P.GĐ", "phó giám đốc" },
    /* administrative units and roads (ĐT, SN, MN by context: section 5) */
    { "Tp", "thành phố" }, { "TX", "thị xã" }, { "Tx", "thị xã" }, { "KDC", "khu dân cư" },
    { "QL", "quốc lộ" }, { "TL", "tỉnh lộ" },
    /* offices, associations and services of a commune */
    { "NVH", "nhà văn hóa" }, { "BQL", "ban quản lý" }, { "HLHPN", "hội liên hiệp phụ nữ" },
    { "HPN", "hội phụ nữ" }, { "HND", "hội nông dân" }, { "HCCB", "hội cựu chiến binh" },
    { "ĐTN", "đoàn thanh niên" }, { "CBCC", "cán bộ công chức" }, { "TTYT", "trung tâm y tế" },
    { "TYT", "trạm y tế" }, { "NTM", "nông thôn mới" }, { "CSGT", "cảnh sát giao thông" },
    { "LĐTBXH", "lao động thương binh và xã hội" },
    { "chip", "chíp" },  /* a loan word espeak-ng hands to its English voice */
};
#define NDEFAULT_LEXICON (sizeof DEFAULT_LEXICON / sizeof DEFAULT_LEXICON[0])

/* The kind of a document, first in its symbol (34/2021/QĐ-TTg): read before the lexicon there. */
static const char *const DOC_TYPE[][2] = {
    { "QĐ", "quyết định" }, { "NĐ", "nghị định" }, { "TT", "thông tư" },
    { "KH", "kế hoạch" }, { "CT", "chỉ thị" }, { "NQ", "nghị quyết" },
    { "CV", "công văn" }, { "TB", "thông báo" }, { "BC", "báo cáo" },
    { "HD", "hướng dẫn" }, { "TTr", "tờ trình" },
};

/* Units read after a number; longest spellings first so "km/h" wins over "km". */
static const char *const UNIT[][2] = {
    { "km/h", "ki lô mét trên giờ" },
    { "km²", "ki lô mét vuông" }, { "km2", "ki lô mét vuông" },
    { "m²", "mét vuông" }, { "m2", "mét vuông" },
    { "m³", "mét khối" }, { "m3", "mét khối" },
    { "°C", "độ xê" }, { "°", "độ" },
    { "%", "phần trăm" },
    { "VNĐ", "đồng" }, { "VND", "đồng" }, { "VNđ", "đồng" }, { "vnđ", "đồng" }, { "vnd", "đồng" },
    { "km", "ki lô mét" }, { "kg", "ki lô gam" }, { "ha", "héc ta" },
    { "cm", "xen ti mét" }, { "mm", "mi li mét" }, { "ml", "mi li lít" },
    { "đ", "đồng" }, { "m", "mét" }, { "g", "gam" },
};

/* Vietnamese names of the Latin capitals, for spelling unknown abbreviations. */
static const char *letter_name(int32_t c)
{
    switch (c) {
    case 'A': return "a";       case 'B': return "bê";      case 'C': return "xê";
    case 'D': return "dê";      case 0x110: return "đê";    case 'E': return "e";
    case 'F': return "ép";      case 'G': return "giê";     case 'H': return "hát";
    case 'I': return "i";       case 'J': return "gi";      case 'K': return "ca";
    case 'L': return "e lờ";    case 'M': return "em mờ";   case 'N': return "en nờ";
    case 'O': return "o";       case 'P': return "pê";      case 'Q': return "quy";
    case 'R': return "e rờ";    case 'S': return "ét xì";   case 'T': return "tê";
    case 'U': return "u";       case 'V': return "vê";      case 'W': return "vê kép";
    case 'X': return "ích xì";  case 'Y': return "i dài";   case 'Z': return "dét";
    default: return NULL;
    }
}

/* Words after which a Roman numeral is read as a number (lower case). */
static const char *const ROMAN_CONTEXT[] = {
    "mục", "phần", "chương", "khóa", "khoá", "kỷ", "kỉ", "quý", "thứ", "hội", "kỳ", "kì", "tập",
};

/* ----------------------------------------------------- 2. UTF-8 helpers */

/* The code point at S (valid UTF-8, NUL-terminated); its length in *LEN. 0 at the end. */
static int32_t cp_at(const char *s, size_t *len)
{
    utf8proc_int32_t cp = 0;
    if (!*s) {
        *len = 0;
        return 0;
    }
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    if (k <= 0) {  /* cannot happen on validated input; step one byte */
        *len = 1;
        return (unsigned char)*s;
    }
    *len = (size_t)k;
    return cp;
}

static int is_letter(int32_t c)
{
    if (c < 0x80) return isalpha(c);
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT ||
           k == UTF8PROC_CATEGORY_LM || k == UTF8PROC_CATEGORY_LO;
}

static int is_mark(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

static int is_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS) ||
           c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Lower-case copy of S[0..N) (caller frees). */
static char *lower_n(const char *s, size_t n)
{
    sbuf b = { 0 };
    size_t i = 0;
    while (i < n) {
        size_t k;
        int32_t c = cp_at(s + i, &k);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(c), enc);
        sbuf_addn(&b, (const char *)enc, (size_t)m);
        i += k;
    }
    if (!b.s) return xstrdup("");
    return sbuf_detach(&b);
}

/* Equal ignoring case (Unicode simple lower case). */
static int eq_nocase(const char *a, size_t an, const char *b)
{
    char *la = lower_n(a, an), *lb = lower_n(b, strlen(b));
    int eq = strcmp(la, lb) == 0;
    free(la);
    free(lb);
    return eq;
}

/* ----------------------------------------------------- 3. number words */

static void add_word(sbuf *b, const char *w)
{
    if (b->len) sbuf_addc(b, ' ');
    sbuf_add(b, w);
}

/* 1..99 without hundreds: "mười lăm", "hai mươi mốt", "năm mươi tư". */
static void tens_words(sbuf *b, int t, int u)
{
    if (t == 0) {
        add_word(b, DIGIT[u]);
    } else if (t == 1) {
        add_word(b, "mười");
        if (u == 5) add_word(b, "lăm");
        else if (u) add_word(b, DIGIT[u]);
    } else {
        add_word(b, DIGIT[t]);
        add_word(b, "mươi");
        if (u == 1) add_word(b, "mốt");
        else if (u == 4) add_word(b, "tư");
        else if (u == 5) add_word(b, "lăm");
        else if (u) add_word(b, DIGIT[u]);
    }
}

/* A group 1..999; FULL reads the hundreds even when 0 ("không trăm"), as after a higher group. */
static void triple_words(sbuf *b, int v, int full, const struct normalize_opts *o)
{
    int h = v / 100, t = v / 10 % 10, u = v % 10;
    if (full || h) {
        add_word(b, DIGIT[h]);
        add_word(b, "trăm");
        if (t == 0 && u == 0) return;
        if (t == 0) {
            add_word(b, o->zero_ten);
            add_word(b, DIGIT[u]);
            return;
        }
    }
    tens_words(b, t, u);
}

#define NUMBER_MAX 999999999999LL

/*
 * Words of 0..NUMBER_MAX. A group that is zero is left out when a higher group was
 * read (1.000.500 = một triệu năm trăm); a non-zero group after a higher one is read
 * in full (2022 = hai nghìn không trăm hai mươi hai).
 */
static void number_words(sbuf *b, long long n, const struct normalize_opts *o)
{
    static const char *const name[4] = { "tỷ", "triệu", NULL, NULL };
    long long div[4] = { 1000000000LL, 1000000LL, 1000LL, 1LL };
    int higher = 0;
    if (n == 0) {
        add_word(b, DIGIT[0]);
        return;
    }
    for (int g = 0; g < 4; g++) {
        int v = (int)(n / div[g] % 1000);
        if (g == 0) v = (int)(n / div[0]);  /* tỷ takes up to 999 */
        if (v == 0) continue;
        triple_words(b, v, higher, o);
        if (g == 2) add_word(b, o->thousand);
        else if (name[g]) add_word(b, name[g]);
        higher = 1;
    }
}

/* Digit by digit: "0912" -> "không chín một hai". */
static void digit_words(sbuf *b, const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(d[i])) add_word(b, DIGIT[d[i] - '0']);
}

/* ----------------------------------------------------- 4. output */

struct norm {                          /* one normalize_text call */
    const struct normalize_opts *o;    /* reading choices */
    const char *s;                     /* NFC input */
    size_t i;                          /* scan position in s */
    sbuf out;                          /* the words so far */
    char prev[64];                     /* last word written, lower case; "" after punctuation */
    char prev2[64];                    /* the word before it */
    int last_numeric;                  /* the last thing written was a number, date, time... */
    int line_start;                    /* nothing written since the start of a line */
};

static int punct_rank(char c)
{
    switch (c) {
    case ',': return 1;
    case ';': case ':': return 2;
    case '.': case '?': case '!': return 3;
    default: return 0;
    }
}

/* Write WORDS (one or more, space-separated) and remember the last one as context. */
static void emit(struct norm *n, const char *words)
{
    if (!*words) return;
    add_word(&n->out, words);
    const char *sp = strrchr(words, ' ');
    const char *last = sp ? sp + 1 : words;
    if (sp) {  /* the word before the last one */
        const char *b = sp;
        while (b > words && b[-1] != ' ') b--;
        char *low2 = lower_n(b, (size_t)(sp - b));
        snprintf(n->prev2, sizeof n->prev2, "%s", low2);
        free(low2);
    } else {
        memcpy(n->prev2, n->prev, sizeof n->prev2);
    }
    char *low = lower_n(last, strlen(last));
    snprintf(n->prev, sizeof n->prev, "%s", low);
    free(low);
    n->last_numeric = 0;
    n->line_start = 0;
}

static void emit_sbuf(struct norm *n, sbuf *b)
{
    emit(n, sbuf_str(b));
    sbuf_free(b);
}

/* A pause mark: never first, never two in a row (the stronger one stays). */
static void emit_punct(struct norm *n, char c)
{
    n->prev[0] = '\0';
    n->prev2[0] = '\0';
    n->last_numeric = 0;
    n->line_start = 0;
    if (!n->out.len) return;
    char last = n->out.s[n->out.len - 1];
    if (punct_rank(last)) {
        if (punct_rank(c) > punct_rank(last)) n->out.s[n->out.len - 1] = c;
        return;
    }
    sbuf_addc(&n->out, c);
}

static int prev_is(const struct norm *n, const char *w)
{
    return strcmp(n->prev, w) == 0;
}

/* ----------------------------------------------------- 5. words */

static const char *lexicon_find(const char *const (*lex)[2], size_t nlex, const char *w, size_t len,
                                int nocase)
{
    for (size_t i = 0; i < nlex; i++) {
        const char *k = lex[i][0];
        if (!k || k[0] != w[0]) continue;
        if (strlen(k) == len && memcmp(k, w, len) == 0) return lex[i][1];
    }
    if (nocase)
        for (size_t i = 0; i < nlex; i++)
            if (lex[i][0] && eq_nocase(w, len, lex[i][0])) return lex[i][1];
    return NULL;
}

/* Letters in W[0..LEN): count, and whether all are upper case. */
static void letter_case(const char *w, size_t len, int *letters, int *all_upper)
{
    *letters = 0;
    *all_upper = 1;
    for (size_t i = 0; i < len;) {
        size_t k;
        int32_t c = cp_at(w + i, &k);
        if (is_letter(c)) {
            (*letters)++;
            if (utf8proc_category(c) != UTF8PROC_CATEGORY_LU) *all_upper = 0;
        }
        i += k;
    }
    if (!*letters) *all_upper = 0;
}

static const char *lookup(const struct norm *n, const char *w, size_t len)
{
    int letters, upper;
    letter_case(w, len, &letters, &upper);
    /* An all-capital token also matches mixed-case entries (VNEID = VNeID); "Ca" never matches "CA". */
    const char *r = lexicon_find(n->o->lexicon, n->o->nlexicon, w, len, upper);
    if (!r) r = lexicon_find(DEFAULT_LEXICON, NDEFAULT_LEXICON, w, len, upper);
    return r;
}

/* Value of a Roman numeral 1..39 written canonically with I, V, X; 0 otherwise. */
static int roman_value(const char *w, size_t len)
{
    static const char *const units[10] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
    size_t tens = 0;
    if (len == 0 || len > 7) return 0;
    while (tens < len && tens < 3 && w[tens] == 'X') tens++;
    for (int u = 0; u < 10; u++) {
        size_t ul = strlen(units[u]);
        if (tens + ul == len && memcmp(w + tens, units[u], ul) == 0)
            return tens + ul ? (int)tens * 10 + u : 0;
    }
    return 0;
}

static const char *const NUCLEUS[] = {
    "a", "e", "i", "o", "u", "y",
    "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi", "oo", "ua", "ue",
    "ui", "uo", "uu", "uy", "ye",
    "oai", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "ieu", "yeu",
};
static const char *const ONSET[] = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
};
static const char *const CODA[] = { "ng", "nh", "ch", "c", "m", "n", "p", "t", "" };

/* 1 when lower-case ASCII A (diacritics stripped, đ as d) has the shape of a Vietnamese syllable. */
static int ascii_syllable(const char *a)
{
    size_t n = strlen(a);
    for (size_t i = 0; i < sizeof ONSET / sizeof ONSET[0]; i++) {
        size_t on = strlen(ONSET[i]);
        if (on > n || strncmp(a, ONSET[i], on) != 0) continue;
        for (size_t j = 0; j < sizeof CODA / sizeof CODA[0]; j++) {
            size_t cn = strlen(CODA[j]);
            if (on + cn >= n || strcmp(a + n - cn, CODA[j]) != 0) continue;
            size_t vn = n - on - cn;
            for (size_t k = 0; k < sizeof NUCLEUS / sizeof NUCLEUS[0]; k++)
                if (strlen(NUCLEUS[k]) == vn && strncmp(a + on, NUCLEUS[k], vn) == 0) return 1;
        }
    }
    return 0;
}

/* An all-capital token that is a Vietnamese word (MỤC, KINH, BAN) rather than an abbreviation. */
static int caps_is_word(const char *w, size_t len)
{
    char ascii[32];
    size_t a = 0;
    for (size_t i = 0; i < len;) {
        size_t k;
        int32_t c = cp_at(w + i, &k);
        i += k;
        if (c == 0x110 || c == 0x111) c = 'd';
        else if (c >= 0x80) return 1;  /* a vowel with a Vietnamese diacritic: a word */
        if (a + 1 >= sizeof ascii || !isalpha(c)) return 0;
        ascii[a++] = (char)tolower(c);
    }
    ascii[a] = '\0';
    return ascii_syllable(ascii);
}

static void spell(struct norm *n, const char *w, size_t len)
{
    sbuf b = { 0 };
    for (size_t i = 0; i < len;) {
        size_t k;
        int32_t c = cp_at(w + i, &k);
        const char *name = letter_name(c);
        if (name) {
            add_word(&b, name);
        } else {
            char *low = lower_n(w + i, k);
            add_word(&b, low);
            free(low);
        }
        i += k;
    }
    emit_sbuf(n, &b);
}

static int is_roman_context(const struct norm *n)
{
    for (size_t i = 0; i < sizeof ROMAN_CONTEXT / sizeof ROMAN_CONTEXT[0]; i++)
        if (prev_is(n, ROMAN_CONTEXT[i])) return 1;
    return 0;
}

static void emit_number(struct norm *n, long long v)
{
    sbuf b = { 0 };
    number_words(&b, v, n->o);
    emit_sbuf(n, &b);
    n->last_numeric = 1;
}

/* "/2024" after a quarter (quý I/2024): " năm <year>", consumed from the input. */
static void year_after_slash(struct norm *n)
{
    const char *p = n->s + n->i;
    if (p[0] == '/' && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && is_digit(p[4]) &&
        !is_digit(p[5])) {
        emit(n, "năm");
        emit_number(n, strtol(p + 1, NULL, 10));
        n->i += 5;
    }
}

static void word(struct norm *n, const char *w, size_t len, int doc_first);

/* A digit run inside a word (H5N1, PC06): by value, or digit by digit with a leading zero. */
static void digits_in_word(struct norm *n, const char *d, size_t len)
{
    if ((d[0] == '0' && len > 1) || len > 12) {
        sbuf b = { 0 };
        digit_words(&b, d, len);
        emit_sbuf(n, &b);
    } else {
        emit_number(n, strtoll(d, NULL, 10));
    }
}

/* Letters beside digits in a code (H5N1, PC06): a lone capital is spelled too. */
static void code_letters(struct norm *n, const char *w, size_t len)
{
    int letters, upper;
    letter_case(w, len, &letters, &upper);
    if (upper && letters == 1 && !lookup(n, w, len)) spell(n, w, len);
    else word(n, w, len, 0);
}

/* ---- 5b. abbreviations read by context: P. (phó / phường), TP., SN, ĐT, MN */

static size_t digit_run(const char *p);
static int boundary(const char *p);

static const char *skip_blanks(const char *p)
{
    while (*p == ' ') p++;
    return p;
}

/* Lower-case copy of the next few words at P (about 40 bytes, whole code points; caller frees). */
static char *lower_ahead(const char *p)
{
    size_t i = 0;
    while (p[i] && i < 40) {
        size_t k;
        cp_at(p + i, &k);
        i += k;
    }
    return lower_n(p, i);
}

/* 1 when the lower-case text at P starts with the whole words W. */
static int starts_with_words(const char *p, const char *w)
{
    size_t k = strlen(w);
    return strncmp(p, w, k) == 0 && boundary(p + k);
}

/* Titles after which P. is "phó" (P. Chủ tịch, P. Giám đốc); before anything else it is "phường". */
static const char *const TITLE[] = {
    "chủ tịch", "giám đốc", "bí thư", "trưởng", "hiệu trưởng", "chánh", "tổng giám đốc", "thủ trưởng",
    "viện trưởng", "chủ nhiệm", "cục trưởng", "vụ trưởng", "chỉ huy trưởng", "tổng biên tập",
};

static int title_at(const char *p)
{
    char *low = lower_ahead(skip_blanks(p));
    int found = 0;
    for (size_t i = 0; i < sizeof TITLE / sizeof TITLE[0] && !found; i++) found = starts_with_words(low, TITLE[i]);
    free(low);
    return found;
}

/*
 * An abbreviation written with a dot (TP. Thái Nguyên, P. Chủ tịch, Ô. Nguyễn Văn A): its reading
 * when W[0..LEN) is one and AFTER (just past the dot) starts a name, a number or a title; else NULL.
 */
static const char *dotted_abbrev(const struct norm *n, const char *w, size_t len, const char *after)
{
    static const char *const DOTTED[][2] = {
        { "TP", "thành phố" }, { "Tp", "thành phố" }, { "TX", "thị xã" }, { "Tx", "thị xã" },
        { "TT", "thị trấn" }, { "Q", "quận" }, { "H", "huyện" }, { "X", "xã" }, { "P", "phường" },
        { "Ô", "ông" }, { "B", "bà" },
    };
    const char *r = lexicon_find(DOTTED, sizeof DOTTED / sizeof DOTTED[0], w, len, 0);
    if (!r) return NULL;
    if (len == 1 && w[0] == 'P' && title_at(after)) return "phó";
    const char *a = skip_blanks(after);
    size_t k, k2;
    int32_t c = cp_at(a, &k);
    int cap = is_letter(c) && utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
    if (!cap && !(c < 0x80 && is_digit((char)c))) return NULL;
    if (!strcmp(r, "ông") || !strcmp(r, "bà")) {
        /* a person's name follows (Nguyễn, not NỘI DUNG); never an outline letter at a line's start */
        int32_t d = cp_at(a + k, &k2);
        if ((n->line_start && w[0] == 'B') || !cap || utf8proc_category(d) != UTF8PROC_CATEGORY_LL) return NULL;
    }
    return r;
}

/* SN, ĐT, MN: their reading from the words around them, AFTER being the text that follows; else NULL. */
static const char *context_abbrev(const struct norm *n, const char *w, size_t len, const char *after)
{
    const char *a = skip_blanks(after);
    size_t r = digit_run(a);
    if (len == 2 && !memcmp(w, "SN", 2)) {
        if (r == 4 && (!strncmp(a, "19", 2) || !strncmp(a, "20", 2)) && boundary(a + 4)) return "sinh năm";
        return r ? "số nhà" : NULL;
    }
    if (eq_nocase(w, len, "đt")) {
        /* ĐT 261 is a provincial road; ĐT: 0912…, đt 0208… a telephone */
        if (*a != ':' && r >= 1 && r <= 3 && boundary(a + r)) return "đường tỉnh";
        return "điện thoại";
    }
    if (len == 2 && !memcmp(w, "MN", 2)) return prev_is(n, "trường") || prev_is(n, "mầm") ? "mầm non" : "miền núi";
    return NULL;
}

/* The reading of W[0..LEN) by context (section 5b), the dot after it consumed when used. The
 * commune's own lexicon wins over every context rule. 1 when something was written. */
static int word_in_context(struct norm *n, const char *w, size_t len)
{
    const char *after = w + len;
    if (n->o->nlexicon && lexicon_find(n->o->lexicon, n->o->nlexicon, w, len, 0)) return 0;
    const char *r = NULL;
    if (*after == '.' && (r = dotted_abbrev(n, w, len, after + 1))) {
        if (after == n->s + n->i) n->i++;  /* the dot was no pause: TP. Thái Nguyên */
    } else {
        r = context_abbrev(n, w, len, after);
    }
    if (!r) return 0;
    emit(n, r);
    return 1;
}

/* One word token W[0..LEN) (letters, digits and inner - / & . joining them). */
static void word(struct norm *n, const char *w, size_t len, int doc_first)
{
    int letters, upper;
    int after_number = n->last_numeric;  /* 3 lần/ngày: the slash is "một" */
    int rv = roman_value(w, len);
    if (rv && (is_roman_context(n) || (n->line_start && w + len == n->s + n->i && n->s[n->i] == '.'))) {
        emit_number(n, rv);
        if (w + len == n->s + n->i) year_after_slash(n);
        return;
    }
    if (doc_first) {
        const char *t = lexicon_find(DOC_TYPE, sizeof DOC_TYPE / sizeof DOC_TYPE[0], w, len, 0);
        if (t) {
            emit(n, t);
            return;
        }
    }
    if (!doc_first && word_in_context(n, w, len)) return;
    const char *r = lookup(n, w, len);
    if (r) {
        emit(n, r);
        return;
    }
    /* Joined parts: read each; & is "và". */
    for (size_t i = 0; i < len; i++) {
        char c = w[i];
        if (c == '-' || c == '/' || c == '&' || c == '.') {
            word(n, w, i, doc_first);
            if (c == '&') emit(n, "và");
            if (c == '/' && after_number) emit(n, "một");
            word(n, w + i + 1, len - i - 1, 0);
            return;
        }
    }
    if (len == 0) return;
    /* Letters and digits mixed: H5N1, PC06. */
    for (size_t i = 0; i < len; i++) {
        if (is_digit(w[i])) {
            size_t j = i;
            while (j < len && is_digit(w[j])) j++;
            if (i > 0) code_letters(n, w, i);
            digits_in_word(n, w + i, j - i);
            if (j < len) word(n, w + j, len - j, 0);
            return;
        }
    }
    letter_case(w, len, &letters, &upper);
    if (upper && letters >= 2) {
        int is_word = caps_is_word(w, len);
        if (rv && !is_word) {  /* II, IV, XXI; but VI, XI may be the words vi, xi */
            emit_number(n, rv);
            return;
        }
        if (is_word) {
            char *low = lower_n(w, len);
            emit(n, low);
            free(low);
        } else {
            spell(n, w, len);
        }
        return;
    }
    char *copy = xstrndup(w, len);
    emit(n, copy);
    free(copy);
}

/* Length of the word token at P: letters and marks, digits after the first letter, and
 * - / & joining two of those ("." only between capitals: TP.HCM). */
static size_t word_len(const char *p)
{
    size_t i = 0;
    for (;;) {
        size_t k;
        int32_t c = cp_at(p + i, &k);
        if (!c) break;
        if (is_letter(c) || is_mark(c) || (i > 0 && is_digit((char)c) && c < 0x80)) {
            i += k;
            continue;
        }
        if (i > 0 && (c == '-' || c == '/' || c == '&' || c == '.')) {
            size_t k2;
            int32_t d = cp_at(p + i + 1, &k2);
            unsigned char before = (unsigned char)p[i - 1];
            if (c == '.' && !(before < 0x80 && isupper(before) && d > 0 && d < 0x80 && isupper(d))) break;
            if (is_letter(d) || (c == '-' && d < 0x80 && is_digit((char)d))) {
                i += 1;
                continue;
            }
        }
        break;
    }
    return i;
}

/* ----------------------------------------------------- 6. numbers in text */

static size_t digit_run(const char *p)
{
    size_t i = 0;
    while (is_digit(p[i])) i++;
    return i;
}

/* Is the character at P the end of a token (not a letter or digit)? */
static int boundary(const char *p)
{
    size_t k;
    int32_t c = cp_at(p, &k);
    return !c || !(is_letter(c) || (c < 0x80 && is_digit((char)c)) || is_mark(c));
}

/* A unit or currency after a number at P (spaces allowed before it): its words, *END after it. */
static const char *unit_at(const char *p, size_t *end)
{
    size_t k = 0;
    while (p[k] == ' ') k++;
    for (size_t i = 0; i < sizeof UNIT / sizeof UNIT[0]; i++) {
        size_t ul = strlen(UNIT[i][0]);
        if (strncmp(p + k, UNIT[i][0], ul) != 0) continue;
        unsigned char lastc = (unsigned char)UNIT[i][0][ul - 1];
        if ((isalnum(lastc) || lastc >= 0x80) && !boundary(p + k + ul)) continue;
        *end = k + ul;
        return UNIT[i][1];
    }
    return NULL;
}

/* Phone numbers: 0912 345 678, 0912345678, 1900 1234, +84 912 345 678. Digit by digit, a pause between groups. */
static int try_phone(struct norm *n)
{
    const char *p = n->s + n->i;
    size_t j = 0, total = 0, ngroups = 0;
    size_t gstart[6], glen[6];
    int plus = 0;
    if (p[0] == '+') {
        if (!(p[1] == '8' && p[2] == '4')) return 0;
        plus = 1;
        j = 1;
    }
    for (;;) {
        size_t r = digit_run(p + j);
        if (!r || ngroups == 6) break;
        if (ngroups > 0 && r < 2) break;
        gstart[ngroups] = j;
        glen[ngroups++] = r;
        total += r;
        j += r;
        if ((p[j] == ' ' || p[j] == '.') && is_digit(p[j + 1])) {
            size_t next = digit_run(p + j + 1);
            if (total + next > 12) break;
            j++;
            continue;
        }
        break;
    }
    if (!ngroups) return 0;
    int ok = 0;
    if (plus) ok = total >= 11 && total <= 12;
    else if (p[0] == '0') ok = (total == 10 || total == 11) && glen[0] >= 3;
    else if (strncmp(p, "1900", 4) == 0 || strncmp(p, "1800", 4) == 0) ok = total >= 8 && total <= 10;
    if (!ok || !boundary(p + j)) return 0;
    sbuf b = { 0 };
    if (plus) add_word(&b, "cộng");
    if (ngroups == 1 && !plus) {
        /* unspaced: groups of 4-3-3 (4-3-4 for 11 digits, 4-4 for 1900 numbers) */
        size_t cuts[3] = { 4, 7, total };
        if (p[0] != '0') cuts[1] = total;
        size_t from = 0;
        for (int c = 0; c < 3 && from < total; c++) {
            if (from) sbuf_addc(&b, ',');
            digit_words(&b, p + from, cuts[c] - from);
            from = cuts[c];
        }
    } else {
        for (size_t g = 0; g < ngroups; g++) {
            if (g) sbuf_addc(&b, ',');
            digit_words(&b, p + gstart[g], glen[g]);
        }
    }
    emit_sbuf(n, &b);
    n->last_numeric = 1;
    n->i += j;
    return 1;
}

/* ---- kilometre markers, service numbers, web addresses */

/* Km 12, km12, Km 12+500 (a unit before its number): "ki lô mét mười hai cộng năm trăm". */
static int try_km(struct norm *n)
{
    const char *p = n->s + n->i;
    if (!((p[0] == 'k' || p[0] == 'K') && (p[1] == 'm' || p[1] == 'M'))) return 0;
    const char *a = skip_blanks(p + 2);
    size_t r = digit_run(a), r2 = 0;
    if (!r || r > 4) return 0;
    if (a[r] == '+') {
        r2 = digit_run(a + r + 1);
        if (!r2 || r2 > 4 || !boundary(a + r + 1 + r2)) return 0;
    } else if (!boundary(a + r) || ((a[r] == '.' || a[r] == ',') && is_digit(a[r + 1]))) {
        return 0;
    }
    sbuf b = { 0 };
    add_word(&b, "ki lô mét");
    number_words(&b, strtoll(a, NULL, 10), n->o);
    if (r2) {
        add_word(&b, "cộng");
        number_words(&b, strtoll(a + r + 1, NULL, 10), n->o);
    }
    emit_sbuf(n, &b);
    n->last_numeric = 1;
    n->i = (size_t)(a - n->s) + r + (r2 ? 1 + r2 : 0);
    return 1;
}

/* Emergency and service numbers read digit by digit when nothing else says so (tts.service_numbers):
 * an entry ending in '*' is a prefix. */
static const char *const SERVICE_DEFAULT[] = { "111", "112", "113", "114", "115", "1022", "1800*", "1900*" };

static int in_service_list(const struct normalize_opts *o, const char *d, size_t r)
{
    const char *const *l = o->service_numbers ? o->service_numbers : SERVICE_DEFAULT;
    size_t nl = o->service_numbers ? o->nservice_numbers : sizeof SERVICE_DEFAULT / sizeof SERVICE_DEFAULT[0];
    for (size_t i = 0; i < nl; i++) {
        size_t k = strlen(l[i]);
        if (k && l[i][k - 1] == '*' ? r > k - 1 && !memcmp(d, l[i], k - 1) : k == r && !memcmp(d, l[i], r)) return 1;
    }
    return 0;
}

/* Words after which a number is dialled (gọi, tổng đài, đường dây nóng, hotline; gọi số). */
static const char *const DIAL_BEFORE[] = { "gọi", "hotline", "đài", "nóng", "bấm", "quay", "nhắn" };
/* Words that may follow a dialled number, where a noun would show a count ("113 hộ"). */
static const char *const DIAL_AFTER[] = {
    "để", "hoặc", "hay", "và", "khi", "nếu", "ngay", "miễn", "trong", "của", "từ", "lúc", "nhé", "ạ", "này", "là",
};

static int in_words(const char *w, const char *const *l, size_t nl)
{
    for (size_t i = 0; i < nl; i++)
        if (!strcmp(w, l[i])) return 1;
    return 0;
}
#define IN_WORDS(w, l) in_words((w), (l), sizeof(l) / sizeof(l)[0])

static int try_service(struct norm *n)
{
    const char *p = n->s + n->i;
    size_t r = digit_run(p);
    if (r < 3 || r > 10) return 0;
    if (!boundary(p + r) || ((p[r] == '.' || p[r] == ',') && is_digit(p[r + 1])) || p[r] == '/' || p[r] == ':')
        return 0;
    int dial = IN_WORDS(n->prev, DIAL_BEFORE) || (prev_is(n, "số") && IN_WORDS(n->prev2, DIAL_BEFORE));
    if (!dial) {
        if (prev_is(n, "năm")) return 0;  /* năm 1115: a year */
        if (!in_service_list(n->o, p, r)) return 0;
        const char *a = skip_blanks(p + r);
        size_t k;
        int32_t c = cp_at(a, &k);
        if (is_letter(c) && utf8proc_category(c) == UTF8PROC_CATEGORY_LL) {
            char *low = lower_n(a, word_len(a));
            int ok = IN_WORDS(low, DIAL_AFTER);
            free(low);
            if (!ok) return 0;
        }
    }
    sbuf b = { 0 };
    digit_words(&b, p, r);
    emit_sbuf(n, &b);
    n->last_numeric = 1;
    n->i += r;
    return 1;
}

/* How the common parts of a web or e-mail address are said. */
static const char *const WEB_PART[][2] = {
    { "www", "vê kép vê kép vê kép" }, { "gov", "gờ o vê" }, { "vn", "vê en" }, { "com", "com" },
    { "net", "nét" }, { "org", "o rờ gờ" }, { "edu", "e đu" }, { "info", "in phô" }, { "vneid", "vê en e i đê" },
    /* the government's own names, which a split into syllables cannot give their tones */
    { "dichvucong", "dịch vụ công" }, { "congan", "công an" }, { "bocongan", "bộ công an" },
    { "chinhphu", "chính phủ" }, { "baochinhphu", "báo chính phủ" }, { "dancuquocgia", "dân cư quốc gia" },
};
static const char *const TLD[] = { "vn", "com", "net", "org", "gov", "edu", "info", "int" };

static int web_char(char c)
{
    return isalnum((unsigned char)c) || (c && strchr("._@/:%~?=&#+-", c));
}

/*
 * A syllable written without its marks (in an address) made one espeak-ng reads as Vietnamese:
 * "ie"/"ye"/"uo" before a final are iê/yê/uô (nguyen -> nguyên), and a syllable ending in p, t, c,
 * ch, which cannot have the level tone, takes the rising one (dich -> dích). Caller frees; NFC.
 */
static char *toneless_syllable(const char *a, size_t n)
{
    sbuf b = { 0 };
    size_t last_vowel = 0;
    int stop = n >= 1 && strchr("ptc", a[n - 1]) != NULL;
    if (n >= 2 && a[n - 2] == 'c' && a[n - 1] == 'h') stop = 1;
    for (size_t i = 0; i < n; i++) {
        sbuf_addc(&b, a[i]);
        int vowel = strchr("aeiouy", a[i]) != NULL;
        if (vowel) last_vowel = b.len;
        if (a[i] == 'e' && i > 0 && (a[i - 1] == 'i' || a[i - 1] == 'y') && i + 1 < n) {
            sbuf_add(&b, "\xCC\x82");  /* combining circumflex */
            last_vowel = b.len;
        } else if (a[i] == 'o' && i > 0 && a[i - 1] == 'u' && !(i > 1 && a[i - 2] == 'q') && i + 1 < n &&
                   !strchr("aeiouy", a[i + 1])) {
            sbuf_add(&b, "\xCC\x82");
            last_vowel = b.len;
        }
    }
    if (stop && last_vowel) {
        char *t = sbuf_detach(&b);
        sbuf c = { 0 };
        sbuf_addn(&c, t, last_vowel);
        sbuf_add(&c, "\xCC\x81");  /* combining acute */
        sbuf_add(&c, t + last_vowel);
        free(t);
        b = c;
    }
    char *out = sbuf_detach(&b);
    char *nfc = vntext_nfc(out);
    free(out);
    return nfc ? nfc : xstrdup("");
}

/* Syllables of lower-case ASCII A[0..N) joined by spaces into B (dichvucong -> dich vu cong), the
 * split with fewest syllables that start with a vowel; 0 when A is no run of syllables. */
static int syllables(sbuf *b, const char *a, size_t n)
{
    int cost[64], next[64];
    if (n >= 64) return 0;
    cost[n] = 0;
    for (size_t i = n; i-- > 0;) {
        cost[i] = -1;
        for (size_t j = i + 1; j <= n && j <= i + 7; j++) {
            char s[8];
            memcpy(s, a + i, j - i);
            s[j - i] = '\0';
            if (cost[j] < 0 || !ascii_syllable(s)) continue;
            int c = cost[j] + 1 + (strchr("aeiouy", s[0]) ? 2 : 0);
            if (cost[i] < 0 || c < cost[i]) {
                cost[i] = c;
                next[i] = (int)j;
            }
        }
    }
    if (cost[0] < 0) return 0;
    for (size_t i = 0; i < n; i = (size_t)next[i]) {
        char *s = toneless_syllable(a + i, (size_t)next[i] - i);
        add_word(b, s);
        free(s);
    }
    return 1;
}

/* One label of an address (letters and digits): from the commune's lexicon (in lower case:
 * "thainguyen"), from the table, as syllables, or spelled. */
static void web_label(const struct norm *n, sbuf *b, const char *w, size_t len)
{
    char low[64];
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        int digits = is_digit(w[i]);
        while (j < len && j - i < sizeof low - 1 && !!is_digit(w[j]) == digits) j++;
        for (size_t k = i; k < j; k++) low[k - i] = (char)tolower((unsigned char)w[k]);
        low[j - i] = '\0';
        const char *t = lexicon_find(n->o->lexicon, n->o->nlexicon, low, j - i, 0);
        if (!t) t = lexicon_find(WEB_PART, sizeof WEB_PART / sizeof WEB_PART[0], low, j - i, 0);
        if (digits) digit_words(b, low, j - i);
        else if (t) add_word(b, t);
        else if (!syllables(b, low, j - i))
            for (size_t k = 0; low[k]; k++) add_word(b, letter_name(toupper((unsigned char)low[k])));
        i = j;
    }
}

/* A web or e-mail address at the scan position (dichvucong.gov.vn, https://..., ten@xa.gov.vn). */
static int try_web(struct norm *n)
{
    const char *p = n->s + n->i;
    size_t e = 0;
    while (web_char(p[e])) e++;
    while (e && strchr(".,;:!?)-/", p[e - 1])) e--;
    size_t start = 0;
    if (!strncmp(p, "https://", 8)) start = 8;
    else if (!strncmp(p, "http://", 7)) start = 7;
    size_t host_end = start;
    while (host_end < e && p[host_end] != '/') host_end++;
    int lower = 0, at = 0, ok = start > 0 || (e > 4 && !strncmp(p, "www.", 4));
    for (size_t i = start; i < host_end; i++) {
        if (islower((unsigned char)p[i])) lower = 1;
        if (p[i] == '@') at = 1;
        /* every dot and @ between two letters or digits */
        if ((p[i] == '.' || p[i] == '@') && (i == start || !isalnum((unsigned char)p[i - 1]) ||
                                             !isalnum((unsigned char)p[i + 1])))
            return 0;
    }
    if (!lower || !boundary(p + e)) return 0;
    const char *dot = NULL;
    for (size_t i = start; i < host_end; i++)
        if (p[i] == '.') dot = p + i;
    if (!dot) return 0;
    char tld[8];
    size_t tl = (size_t)(p + host_end - dot - 1);
    if (tl >= sizeof tld) return 0;
    for (size_t i = 0; i < tl; i++) tld[i] = (char)tolower((unsigned char)dot[1 + i]);
    tld[tl] = '\0';
    if (!ok && !IN_WORDS(tld, TLD) && !at) return 0;
    sbuf b = { 0 };
    for (size_t i = start; i < e;) {
        size_t j = i;
        while (j < e && isalnum((unsigned char)p[j])) j++;
        if (j > i) {
            web_label(n, &b, p + i, j - i);
            i = j;
            continue;
        }
        switch (p[i]) {
        case '.': add_word(&b, "chấm"); break;
        case '@': add_word(&b, "a còng"); break;
        case '/': add_word(&b, "gạch chéo"); break;
        case '-': add_word(&b, "gạch ngang"); break;
        case '_': add_word(&b, "gạch dưới"); break;
        default: break;  /* ? = & # … of a query: not read */
        }
        i++;
    }
    emit_sbuf(n, &b);
    n->i += e;
    return 1;
}

/* Times: 14h30, 7h, 14g30, 17:30. */
static int try_time(struct norm *n)
{
    const char *p = n->s + n->i;
    size_t r = digit_run(p);
    if (r < 1 || r > 2) return 0;
    int h = atoi(p), m = -1;
    size_t j = r;
    if (p[j] == 'h' || (p[j] == 'g' && is_digit(p[j + 1]))) {  /* "5g" alone is grams */
        j++;
        if (is_digit(p[j]) && is_digit(p[j + 1]) && !is_digit(p[j + 2])) {
            m = (p[j] - '0') * 10 + (p[j + 1] - '0');
            j += 2;
            if (p[j] == '\'' || p[j] == 'p') j++;  /* 14h30' or 14h30p */
        }
    } else if (p[j] == ':' && is_digit(p[j + 1]) && is_digit(p[j + 2]) && !is_digit(p[j + 3])) {
        m = (p[j + 1] - '0') * 10 + (p[j + 2] - '0');
        j += 3;
    } else {
        return 0;
    }
    if (h > 24 || m >= 60 || !boundary(p + j)) return 0;
    sbuf b = { 0 };
    number_words(&b, h, n->o);
    add_word(&b, "giờ");
    if (m > 0) {
        number_words(&b, m, n->o);
        add_word(&b, "phút");
    }
    emit_sbuf(n, &b);
    n->last_numeric = 1;
    n->i += j;
    return 1;
}

static void day_words(sbuf *b, int d, const struct normalize_opts *o)
{
    number_words(b, d, o);
}

static void month_words(sbuf *b, int m, const struct normalize_opts *o)
{
    if (m == 4) add_word(b, "tư");
    else number_words(b, m, o);
}

/* "ngày D tháng M [năm Y]"; "ngày"/"tháng" are left out when the text already says them. */
static void emit_date(struct norm *n, int d, int m, int y)
{
    sbuf b = { 0 };
    if (d) {
        if (!prev_is(n, "ngày") && !prev_is(n, "mồng") && !prev_is(n, "mùng")) add_word(&b, "ngày");
        day_words(&b, d, n->o);
        add_word(&b, "tháng");
    } else if (!prev_is(n, "tháng") && !prev_is(n, "quý")) {
        add_word(&b, "tháng");
    }
    if (!d && prev_is(n, "quý")) number_words(&b, m, n->o);
    else month_words(&b, m, n->o);
    if (y) {
        add_word(&b, "năm");
        number_words(&b, y, n->o);
    }
    emit_sbuf(n, &b);
    n->last_numeric = 1;
}

/* The number A of a document (leading zero: digit by digit, "06" = không sáu). */
static void doc_number_words(sbuf *b, const char *a, size_t len, const struct normalize_opts *o)
{
    if ((a[0] == '0' && len > 1) || len > 12) digit_words(b, a, len);
    else number_words(b, strtoll(a, NULL, 10), o);
}

/* Symbol of a document number at the scan position (QĐ-TTg, KH-UBND): read part by part. */
static void doc_symbol(struct norm *n)
{
    size_t len = word_len(n->s + n->i);
    const char *w = n->s + n->i;
    n->i += len;
    const char *r = lookup(n, w, len);
    if (r) {
        emit(n, r);
        return;
    }
    word(n, w, len, 1);
}

/* Words before a/b that make it a date (ngày 24/7), or an amount: a fraction or a ratio (khoảng 1/2). */
static const char *const DATE_BEFORE[] = {
    "ngày", "mồng", "mùng", "hôm", "từ", "đến", "trước", "sau", "hạn", "sáng", "chiều", "tối", "trưa", "đêm",
};
static const char *const AMOUNT_BEFORE[] = {
    "khoảng", "gần", "hơn", "chiếm", "đạt", "còn", "được", "độ", "chừng", "trên", "dưới", "quá", "lệ", "cỡ", "xỉ",
};

/*
 * a/b that is an amount, not a date (section 4 of docs/normalize.md): after an amount word, before
 * "số" (1/2 số hộ), after tỉ số, or 24/7. A fraction "a phần b" when a < b <= 10, else a ratio "a trên b".
 * P is at a, B at b; 1 when written.
 */
static int try_amount_slash(struct norm *n, const char *p, size_t ra, const char *bp, size_t rb)
{
    if (IN_WORDS(n->prev, DATE_BEFORE)) return 0;
    long a = strtol(p, NULL, 10), b = strtol(bp, NULL, 10);
    char *next = lower_ahead(skip_blanks(bp + rb));
    int amount = IN_WORDS(n->prev, AMOUNT_BEFORE) || starts_with_words(next, "số") ||
                 (prev_is(n, "số") && (!strcmp(n->prev2, "tỉ") || !strcmp(n->prev2, "tỷ")));
    free(next);
    if (!amount && !(a == 24 && b == 7)) return 0;
    sbuf w = { 0 };
    number_words(&w, a, n->o);
    if (amount && a < b && b <= 10) {
        add_word(&w, "phần");
        if (b == 4) add_word(&w, "tư");
        else number_words(&w, b, n->o);
    } else {
        add_word(&w, "trên");
        number_words(&w, b, n->o);
    }
    emit_sbuf(n, &w);
    n->last_numeric = 1;
    n->i += ra + 1 + rb;
    return 1;
}

/* Dates, month/year, document numbers: everything with a '/' (or d-m-yyyy). */
static int try_slash(struct norm *n)
{
    const char *p = n->s + n->i;
    size_t ra = digit_run(p);
    char sep = p[ra];
    if (sep != '/' && sep != '-') return 0;
    const char *bp = p + ra + 1;
    size_t rb = digit_run(bp);
    long a = strtol(p, NULL, 10);
    if (sep == '/' && ra <= 4 && rb >= 1 && rb <= 3 && bp[rb] != '/' && !(bp[rb] == '.' && is_digit(bp[rb + 1])) &&
        !(bp[rb] == ',' && is_digit(bp[rb + 1])) && boundary(bp + rb) && try_amount_slash(n, p, ra, bp, rb))
        return 1;
    if (rb && bp[rb] == sep && digit_run(bp + rb + 1) == 4 && !is_digit(bp[rb + 5]) && ra <= 2 && rb <= 2) {
        long b = strtol(bp, NULL, 10), y = strtol(bp + rb + 1, NULL, 10);
        n->i += ra + 1 + rb + 1 + 4;
        if (util_valid_date((int)y, (int)b, (int)a)) {
            emit_date(n, (int)a, (int)b, (int)y);
        } else {  /* 31/2/2023 is no date: three plain numbers */
            sbuf w = { 0 };
            number_words(&w, a, n->o);
            number_words(&w, b, n->o);
            number_words(&w, y, n->o);
            emit_sbuf(n, &w);
            n->last_numeric = 1;
        }
        return 1;
    }
    if (sep != '/') return 0;
    /* document number: N/YYYY/SYMBOL or N/SYMBOL */
    size_t k;
    const char *sym = NULL;
    long year = 0;
    if (rb == 4 && bp[4] == '/' && is_letter(cp_at(bp + 5, &k))) {
        sym = bp + 5;
        year = strtol(bp, NULL, 10);
    } else if (!rb && utf8proc_category(cp_at(bp, &k)) == UTF8PROC_CATEGORY_LU) {
        sym = bp;
    }
    if (sym && ra <= 12) {
        sbuf b = { 0 };
        if (!prev_is(n, "số")) add_word(&b, "số");
        doc_number_words(&b, p, ra, n->o);
        if (year) {
            add_word(&b, "năm");
            number_words(&b, year, n->o);
        }
        emit_sbuf(n, &b);
        n->i = (size_t)(sym - n->s);
        doc_symbol(n);
        return 1;
    }
    if (rb == 4 && !is_digit(bp[4]) && bp[4] != '/' && ra <= 3) {
        long y = strtol(bp, NULL, 10);
        if (a >= 1 && a <= 12) {
            n->i += ra + 1 + 4;
            emit_date(n, 0, (int)a, (int)y);
            return 1;
        }
        /* a number of a year without a symbol: "34/2021" = ba mươi tư năm hai nghìn... */
        sbuf b = { 0 };
        doc_number_words(&b, p, ra, n->o);
        add_word(&b, "năm");
        number_words(&b, y, n->o);
        emit_sbuf(n, &b);
        n->last_numeric = 1;
        n->i += ra + 1 + 4;
        return 1;
    }
    if (rb >= 1 && rb <= 2 && ra <= 2 && bp[rb] != '/' && !is_digit(bp[rb])) {
        long m = strtol(bp, NULL, 10);
        if (m >= 1 && m <= 12 && a >= 1 && a <= util_days_in_month(2000, (int)m)) {
            n->i += ra + 1 + rb;
            emit_date(n, (int)a, (int)m, 0);
            return 1;
        }
    }
    return 0;
}

/* Is there a day/month date (d/m or d/m/yyyy) after "-" at P?  (for "25-26/12") */
static int date_follows_dash(const char *p)
{
    size_t i = 0;
    while (p[i] == ' ') i++;
    if (strncmp(p + i, "-", 1) == 0) i += 1;
    else if (strncmp(p + i, "–", strlen("–")) == 0) i += strlen("–");
    else return 0;
    while (p[i] == ' ') i++;
    size_t ra = digit_run(p + i);
    if (ra < 1 || ra > 2 || p[i + ra] != '/') return 0;
    size_t rb = digit_run(p + i + ra + 1);
    if (rb < 1 || rb > 2) return 0;
    long m = strtol(p + i + ra + 1, NULL, 10);
    return m >= 1 && m <= 12;
}

/* A number: 1.500, 3,5, 2022, 06, with its unit or %, and context (thứ 4, tháng 4, 25-26/12). */
static void number_token(struct norm *n)
{
    const char *p = n->s + n->i;
    size_t r = digit_run(p), j = r;
    sbuf b = { 0 };
    int by_digits = 0;
    long long v = 0;
    int decimal = 0;

    if (p[0] == '0' && r > 1 && !prev_is(n, "ngày") && !prev_is(n, "tháng") && !prev_is(n, "mồng") &&
        !prev_is(n, "mùng") && !prev_is(n, "lúc")) {
        by_digits = 1;
    } else if (r <= 3 && p[j] == '.' && digit_run(p + j + 1) == 3) {
        /* thousands separated by dots: 1.500, 1.000.000 */
        char digits[32];
        size_t nd = 0;
        memcpy(digits, p, r);
        nd = r;
        while (p[j] == '.' && digit_run(p + j + 1) == 3 && nd + 3 < sizeof digits - 1) {
            memcpy(digits + nd, p + j + 1, 3);
            nd += 3;
            j += 4;
        }
        digits[nd] = '\0';
        if (nd > 12) {
            digit_words(&b, digits, nd);
            by_digits = 2;
        } else {
            v = strtoll(digits, NULL, 10);
        }
    } else if (r > 12) {
        by_digits = 1;
    } else {
        v = strtoll(p, NULL, 10);
    }
    if (by_digits == 1) digit_words(&b, p, r);
    else if (by_digits == 0) {
        const char *dec = NULL;
        size_t nd = 0;
        char mark = 0;
        if ((p[j] == ',' || p[j] == '.') && is_digit(p[j + 1])) {
            mark = p[j];
            dec = p + j + 1;
            nd = digit_run(dec);
        }
        size_t uend = 0;
        const char *unit = unit_at(p + j + (dec ? 1 + nd : 0), &uend);
        decimal = dec != NULL;
        if (!decimal && !unit && prev_is(n, "thứ") && v == 1) add_word(&b, "nhất");
        else if (!decimal && !unit && (prev_is(n, "thứ") || prev_is(n, "tháng")) && v == 4) add_word(&b, "tư");
        else {
            if (!decimal && !unit && !prev_is(n, "ngày") && v >= 1 && v <= 31 && date_follows_dash(p + j))
                add_word(&b, "ngày");
            number_words(&b, v, n->o);
        }
        if (dec) {
            add_word(&b, mark == ',' ? "phẩy" : "chấm");
            if (dec[0] == '0' || nd > 3) digit_words(&b, dec, nd);
            else number_words(&b, strtoll(dec, NULL, 10), n->o);
            j += 1 + nd;
        }
        if (unit) {
            add_word(&b, unit);
            j += uend;
        }
        size_t k;
        if (p[j] == '/' && is_digit(p[j + 1])) {
            /* 1.834/2.500: a ratio (dates were read before); năm học 2022/2023: one year to the next */
            add_word(&b, r == 4 && j == 4 && digit_run(p + 5) == 4 ? "đến" : "trên");
            j++;
        } else if (p[j] == '/' && is_letter(cp_at(p + j + 1, &k))) {  /* 50.000đ/người: per unit */
            add_word(&b, "một");
            j++;
            const char *per = unit_at(p + j, &uend);
            if (per && uend) {
                add_word(&b, per);
                j += uend;
            }
        }
    }
    emit_sbuf(n, &b);
    n->last_numeric = 1;
    n->i += j;
}

static void numeric(struct norm *n)
{
    if (try_phone(n) || try_time(n) || try_slash(n) || try_service(n)) return;
    number_token(n);
}

/* ----------------------------------------------------- 7. scanner */

/* First non-blank character after P is a digit (for ranges "2022 - 2025"). */
static int digit_follows(const char *p)
{
    while (*p == ' ') p++;
    return is_digit(*p);
}

static void dash(struct norm *n, size_t k)
{
    const char *after = n->s + n->i + k;
    if (n->last_numeric && digit_follows(after)) {
        emit(n, "đến");
    } else if (n->line_start) {
        /* a bullet */
    } else if (*after != ' ' && is_digit(*after) && n->i > 0 && n->s[n->i - 1] == ' ') {
        emit(n, "âm");
    } else {
        emit_punct(n, ',');
    }
    n->i += k;
}

static void scan(struct norm *n)
{
    while (n->s[n->i]) {
        const char *p = n->s + n->i;
        size_t k;
        int32_t c = cp_at(p, &k);
        if (c == '\n') {
            n->line_start = 1;
            n->i += k;
        } else if (is_space(c)) {
            n->i += k;
        } else if (c < 0x80 && is_digit((char)c)) {
            numeric(n);
        } else if (c == '+' && is_digit(p[1])) {
            if (!try_phone(n)) n->i += 1;
        } else if (c < 0x80 && isalpha(c) && (try_web(n) || try_km(n))) {
            /* read whole */
        } else if (is_letter(c)) {
            size_t len = word_len(p);
            n->i += len;
            word(n, p, len, 0);
        } else if (c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2212) {
            dash(n, k);
        } else if (c == ',' || c == '.' || c == ';' || c == ':' || c == '?' || c == '!') {
            if (c == '.' && p[1] == '.') {
                while (n->s[n->i] == '.') n->i++;
                emit_punct(n, '.');
                continue;
            }
            emit_punct(n, (char)c);
            n->i += k;
        } else if (c == 0x2026) {  /* … */
            emit_punct(n, '.');
            n->i += k;
        } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}') {
            emit_punct(n, ',');
            n->i += k;
        } else if (c == '&') {
            emit(n, "và");
            n->i += k;
        } else if (c == '%') {
            emit(n, "phần trăm");
            n->i += k;
        } else {
            /* quotes, bullets, slashes and other symbols carry no words */
            n->i += k;
        }
    }
}

void normalize_opts_default(struct normalize_opts *o)
{
    *o = (struct normalize_opts){
        .thousand = "nghìn",
        .zero_ten = "linh",
        .lexicon = NULL,
        .nlexicon = 0,
        .service_numbers = NULL,
        .nservice_numbers = 0,
    };
}

/* Options with every unset field defaulted. */
static struct normalize_opts fill_opts(const struct normalize_opts *o)
{
    struct normalize_opts d;
    normalize_opts_default(&d);
    if (o) {
        if (o->thousand && *o->thousand) d.thousand = o->thousand;
        if (o->zero_ten && *o->zero_ten) d.zero_ten = o->zero_ten;
        d.lexicon = o->lexicon;
        d.nlexicon = o->lexicon ? o->nlexicon : 0;
        d.service_numbers = o->service_numbers;
        d.nservice_numbers = o->service_numbers ? o->nservice_numbers : 0;
    }
    return d;
}

char *normalize_text(const char *text, const struct normalize_opts *o)
{
    if (!text) return NULL;
    char *nfc = vntext_nfc(text);
    if (!nfc) return NULL;
    struct normalize_opts opts = fill_opts(o);
    struct norm n = { .o = &opts, .s = nfc, .line_start = 1 };
    scan(&n);
    free(nfc);
    /* a trailing pause mark stays only if it ends a sentence */
    if (n.out.len && n.out.s[n.out.len - 1] == ',') n.out.s[--n.out.len] = '\0';
    if (!n.out.s) return xstrdup("");
    /* the words written are NFC already, except perhaps the config's lexicon entries */
    if (!opts.nlexicon) return sbuf_detach(&n.out);
    char *res = vntext_nfc(n.out.s);
    sbuf_free(&n.out);
    return res ? res : xstrdup("");
}

char *normalize_number(long long v, const struct normalize_opts *o)
{
    if (v < 0 || v > NUMBER_MAX) return NULL;
    struct normalize_opts opts = fill_opts(o);
    sbuf b = { 0 };
    number_words(&b, v, &opts);
    return sbuf_detach(&b);
}

size_t normalize_default_lexicon(const char *const (**table)[2])
{
    if (table) *table = DEFAULT_LEXICON;
    return NDEFAULT_LEXICON;
}

int normalize_find_bad_date(const char *text, char *found, size_t size)
{
    for (const char *p = text; *p; p++) {
        if (!is_digit(*p) || (p > text && (is_digit(p[-1]) || p[-1] == '/' || p[-1] == '.' || p[-1] == ','))) continue;
        size_t ra = digit_run(p);
        if (ra > 2 || p[ra] != '/') continue;
        const char *bp = p + ra + 1;
        size_t rb = digit_run(bp);
        if (rb < 1 || rb > 2) continue;
        int d = atoi(p), m = atoi(bp), y = 0;
        size_t len = ra + 1 + rb;
        if (bp[rb] == '/' && digit_run(bp + rb + 1) == 4 && !is_digit(bp[rb + 5])) {
            y = atoi(bp + rb + 1);
            len += 5;
        } else if (bp[rb] == '/' || is_digit(bp[rb]) || ((bp[rb] == '.' || bp[rb] == ',') && is_digit(bp[rb + 1]))) {
            continue;  /* 12/2020, 1/2.500, a document number */
        }
        int bad = y ? !util_valid_date(y, m, d) : m >= 1 && m <= 12 && d >= 1 && d <= 31 && d > util_days_in_month(2000, m);
        if (bad) {
            if (size) snprintf(found, size, "%.*s", (int)len, p);
            return 1;
        }
    }
    return 0;
}
