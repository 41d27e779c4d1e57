/* replies — what loa does with a received SMS: keywords, opt-out/in, help, polls, enrollment reports, the officer's inbox. */
#ifndef LOA_REPLIES_H
#define LOA_REPLIES_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "store.h"

/*
 * The matching key of a resident's answer: folded (case, diacritics, punctuation, spaces,
 * NFC/NFD, old/new tone placement alike), with courtesy words dropped ("Dạ có rồi ạ." -> "co roi").
 * Caller frees; NULL when TEXT is not valid UTF-8.
 */
char *replies_key(const char *text);

/*
 * The key keywords, aliases and opt-out phrases are matched on: replies_key's, then as people's
 * typing varies it (vntext_match_words: emoji, "H U Y", "HUY HUY", ký/kí alike). Caller frees;
 * NULL when TEXT is not valid UTF-8. The rules are in docs/replies.md.
 */
char *replies_match_key(const char *text);
/* ---- enrollment reports from hamlet heads (docs/replies.md, "Reports from hamlet heads") ---- */

/* Why a report is refused; RR_OK = it parses. */
enum replies_report_fault {
    RR_OK = 0,
    RR_FORMAT,                     /* not VNEID <hamlet> <count> …, or too many words */
    RR_COUNT,                      /* the count is not a whole number ("1,5", "mười") */
    RR_DATE,                       /* a date that does not exist ("31/02") */
    RR_FUTURE,                     /* a date after today */
    RR_OLD,                        /* more than REPLIES_REPORT_MAX_AGE days back */
    RR_WORD,                       /* a word that is neither a date nor the reporter's PIN */
    RR_PIN_MISSING,                /* the reporter has a PIN and the SMS carries none */
    RR_PIN_WRONG,                  /* the word where the PIN goes is not the PIN */
};

#define REPLIES_REPORT_MAX_AGE 45  /* days back a report may be dated */

struct replies_report {
    char hamlet[32];               /* the hamlet code as typed, folded ("dk") */
    long count;                    /* signed */
    int correction;                /* written with a sign (+5, -5): a correction */
    long day;                      /* local day number reported; today without a date */
    char word[48];                 /* the word at fault, case-folded, for the answer ("" when none) */
};

/*
 * Parse TEXT, a received SMS "VNEID <hamlet> <count> [date] [PIN]", on its NFC case-folded raw text
 * (never the folded key, where "-", "." and "/" are gone). A count is a whole number, with a dot or
 * comma between groups of three digits ("1.500"); signed, a correction. A date is d/m (also with
 * "-" or "."), optionally /yyyy or /yy; without a year, the most recent such day not after NOW's
 * day; it may be neither after today nor more than REPLIES_REPORT_MAX_AGE days back. PIN is the
 * reporter's (matched case-insensitively) or NULL: then no word is ever taken as one. Pure: no
 * store, no config. Returns the fault (RR_OK = 0); a wrong or missing PIN outranks every other.
 */
int replies_parse_report(const char *text, const char *pin, time_t now, struct replies_report *r);

/* Act on inbox message ID (matched keyword, action, result recorded on the row). 0 or -1. */
int replies_handle(store *st, const struct config *cfg, int64_t id, time_t now);

/* Act on every message not yet acted on (after a crash too). Returns how many, or -1. */
int replies_handle_pending(store *st, const struct config *cfg, time_t now);
/*
 * `loa inbox done ID --optout`: the officer read message ID as a request to stop ("please stop" in words). Its
 * sender is opted out exactly as by HUY (the optouts table, the confirmation keywords.optout_reply), the message
 * marked optout and done, in one transaction. 0 done (RESULT says what happened), 1 when the sender is not a
 * mobile number or no such message (RESULT says so; nothing changed), -1 on a store error.
 */
int replies_optout_by_officer(store *st, const struct config *cfg, int64_t id, time_t now, char *result, size_t n);

#endif
