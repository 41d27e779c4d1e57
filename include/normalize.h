/* normalize — Vietnamese written text to speakable words for espeak-ng (numbers, dates, times, abbreviations). */
#ifndef LOA_NORMALIZE_H
#define LOA_NORMALIZE_H

#include <stddef.h>

/*
 * Reading choices. Fill with normalize_opts_default(), then change what the config says.
 * Strings are borrowed: they must outlive every call that uses the options.
 */
struct normalize_opts {
    const char *thousand;                /* "nghìn" (default, Northern) or "ngàn" */
    const char *zero_ten;                /* "linh" (default) or "lẻ": 105 = một trăm linh năm */
    const char *const (*lexicon)[2];     /* extra abbreviations {"UBND", "ủy ban nhân dân"}: override the defaults */
    size_t nlexicon;                     /* entries in lexicon */
    const char *const *service_numbers;  /* read digit by digit ("113", "1800*" a prefix); NULL = built-in list */
    size_t nservice_numbers;             /* entries in service_numbers */
};

/* nghìn, linh, no extra lexicon. */
void normalize_opts_default(struct normalize_opts *o);

/*
 * Speakable words for TEXT (UTF-8): malloc'd (caller frees), NFC, case kept for ordinary
 * words and lowered for all-capital Vietnamese words, punctuation kept where it gives a
 * pause (, . ; : ? !), everything else written out as words or dropped.
 * O may be NULL for the defaults. NULL only when TEXT is not valid UTF-8.
 * The reading rules are in docs/normalize.md.
 */
char *normalize_text(const char *text, const struct normalize_opts *o);

/*
 * Words of an integer 0..999 999 999 999: 1500 -> "một nghìn năm trăm". Caller frees.
 * O may be NULL. NULL when N is outside that range.
 */
char *normalize_number(long long n, const struct normalize_opts *o);

/*
 * Finds the first date written in TEXT that does not exist (31/04/2026, 30/2): day/month with
 * a month 1..12 and a day 1..31 that month does not have, or day/month/year that is no date.
 * 1 with the date as written in FOUND (NUL-terminated, truncated to SIZE), 0 when there is none.
 */
int normalize_find_bad_date(const char *text, char *found, size_t size);

/* The built-in abbreviation table (for the README and `loa check`); returns its length. */
size_t normalize_default_lexicon(const char *const (**table)[2]);

#endif
