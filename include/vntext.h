/* vntext — UTF-8 and Vietnamese text: validation, NFC, diacritic stripping, folding for matching. */
#ifndef LOA_VNTEXT_H
#define LOA_VNTEXT_H

#include <stddef.h>

/* 1 when S[0..N) is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
int vntext_valid_utf8(const char *s, size_t n);
/* Offset of the first byte of S[0..N) that is not valid UTF-8, or N when all is valid. */
size_t vntext_utf8_error_at(const char *s, size_t n);

/* NFC-normalised copy of S (caller frees), or NULL when S is not valid UTF-8. */
char *vntext_nfc(const char *s);

/* NFC and case-folded copy of S, diacritics kept ("VNeID ĐK" -> "vneid đk"); NULL when S is not valid UTF-8. Caller frees. */
char *vntext_casefold(const char *s);

/* 1 when valid UTF-8 S is certainly NFC already (ASCII, Latin-1, Latin Extended-A, precomposed
 * Vietnamese letters only): a fast check that lets hot paths skip normalisation. 0 = unsure. */
int vntext_surely_nfc(const char *s);

/*
 * Vietnamese letters reduced to ASCII, case kept: "Đăng ký" -> "Dang ky".
 * Any other combining mark is dropped too. NULL when S is not valid UTF-8. Caller frees.
 */
char *vntext_strip_diacritics(const char *s);

/*
 * The matching key of S: diacritics stripped (NFC or NFD input, old or new tone
 * placement alike), lower case, every run of punctuation and spaces made one space,
 * trimmed. "  Hủy." -> "huy". NULL when S is not valid UTF-8. Caller frees.
 */
char *vntext_fold(const char *s);

/*
 * The words of FOLDED (a vntext_fold key) as people's typing varies them, for keyword matching:
 * symbols and emoji separate words; a run of single letters is one word ("h u y" -> "huy"); a
 * word repeated at once counts once ("huy huy" -> "huy", numbers kept); and a syllable of one
 * consonant onset and i or y ends in i ("ky", "ki" -> "ki"; "quy" -> "qui"; "huy" stays).
 * Caller frees.
 */
char *vntext_match_words(const char *folded);

/* Lower-case NFC copy of S, marks kept ("DỪNG" -> "dừng"). NULL when S is not valid UTF-8. Caller frees. */
char *vntext_lower(const char *s);
/* 1 when UTF-8 S[0..N) holds a Latin-1 sign or letter that Vietnamese in Unicode never uses but text
 * typed with the old TCVN3 or VNI fonts shows ("NguyÔn V¨n An", "Vieät"): a hint, to be judged over
 * many cells, since one "½" or "«" is real text. */
int vntext_legacy_font(const char *s, size_t n);

/*
 * S made safe to print on a terminal: a newline becomes "⏎", every other C0 control, DEL and
 * C1 control (ESC, CSI, OSC…) and every byte that is not valid UTF-8 becomes "�" (U+FFFD),
 * so a received text can neither add a row to a listing nor send escape sequences. Always
 * malloc'd (caller frees); "" for NULL.
 */
char *vntext_visible(const char *s);

/*
 * UTF-16 big-endian units U[0..N) (Gammu's text buffers) as valid UTF-8: a surrogate pair is its
 * character; U+0000 and a lone surrogate become U+FFFD, so nothing cuts the text or leaves it
 * invalid. Always malloc'd (caller frees).
 */
char *vntext_from_utf16be(const unsigned char *u, size_t n);

/* Number of code points in valid UTF-8 S. */
size_t vntext_codepoints(const char *s);

/* Terminal columns valid UTF-8 S takes (utf8proc_charwidth). */
size_t vntext_width(const char *s);

/* The given name of a Vietnamese full name, its last word: "Nguyễn Văn An" -> "An". Caller frees; "" for "". */
char *vntext_given_name(const char *full);

#endif
