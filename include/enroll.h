/* enroll — VNeID activations per hamlet: entries, opening balances, the police's official totals, targets and pace. */
#ifndef LOA_ENROLL_H
#define LOA_ENROLL_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "store.h"

/*
 * Counting rules (docs/reports.md says the same for the officer):
 * - a hamlet's cumulative count on day D = its opening balance (if dated on or before D) + every
 *   entry dated on or before D; entries of an old (merged) code count under the hamlet it merged into;
 * - an entry counts on its own date, whenever it was recorded: a correction entered in December
 *   for November (`--date` in November) changes November; one entered without a date counts today;
 * - an undo reverses an entry on the entry's own date (as if it had never been made);
 * - only the latest opening balance recorded for a code counts (a new one replaces a wrong one);
 * - official totals are kept beside loa's count, never added to it.
 */

enum enroll_kind { ENROLL_ENTRY, ENROLL_OPENING, ENROLL_OFFICIAL };

struct enroll_new {
    const char *hamlet;        /* a code from the config; an old (merged) code is accepted and counts under the new hamlet */
    long count;                /* signed for ENTRY (corrections are negative entries); >= 0 for OPENING and OFFICIAL (a total) */
    long day;                  /* local day number (util_days_from_civil) */
    int kind;                  /* enum enroll_kind */
    const char *source;        /* "sms", "cli", "import" */
    const char *reporter;      /* phone number of an SMS reporter, or "officer" (NULL = "officer") */
    const char *note;          /* may be NULL */
    int64_t inbox_id;          /* the SMS it came from, 0 = none */
};

/* Largest count one entry may carry either way, and largest total. */
#define ENROLL_MAX_ENTRY 100000L
#define ENROLL_MAX_TOTAL 10000000L

/* "entry", "opening", "official"; NULL for anything else. */
const char *enroll_kind_name(int kind);

/* What enroll_check finds wrong: the field at fault, so a form can show the error beside it. */
enum enroll_bad { ENROLL_OK, ENROLL_BAD_HAMLET, ENROLL_BAD_COUNT, ENROLL_BAD_DATE, ENROLL_BAD_NOTE, ENROLL_BAD_OTHER };

/* The checks enroll_add makes, without recording: ENROLL_OK, or the field at fault (enum enroll_bad) with ERR. */
int enroll_check(const struct config *cfg, const struct enroll_new *e, time_t now, char *err);

/* Validate (hamlet defined, count sane, day not after NOW's day) and record. 0 with *id; 1 bad input (err); -1 store error. */
int enroll_add(store *st, const struct config *cfg, const struct enroll_new *e, time_t now, int64_t *id, char *err);

/* Reverse entry ID with a new entry of the opposite count on the same day (never an edit or delete):
 * 0 with *undo_id; 1 no such entry / already undone / not an entry / itself an undo (err); -1 store error. */
int enroll_undo(store *st, int64_t id, time_t now, int64_t *undo_id, char *err);

/* Same report again: a standing ENTRY by the same reporter for the same hamlet code, count and day, recorded
 * at or before NOW, however long ago (a report resent the next day is the same report). 1 found (*dup_id),
 * 0 none, -1 error. */
int enroll_find_duplicate(store *st, const struct config *cfg, const char *reporter, const char *hamlet, long count,
                          long day, time_t now, int64_t *dup_id);

/* The day of the opening balance that counts for current hamlet HAMLET (its own code's latest): 1 with *DAY,
 * 0 when it has none, -1 error. */
int enroll_opening_day(store *st, const struct config *cfg, const char *hamlet, long *day);

/* The hamlet's cumulative count (opening balance + entries, merged hamlets included) up to and including
 * day AS_OF. -1 on error (unknown hamlet or store). */
long enroll_hamlet_total(store *st, const struct config *cfg, const char *hamlet, long as_of);

/* Import a CSV (date, hamlet, count [, note]) — e.g. the commune police's weekly list — all-or-nothing:
 * every bad row reported to ERRS as FILE:ROW: reason; the same file twice is refused. A row an earlier
 * import already holds (same date, hamlet code and count, whatever the file's encoding, separator or date
 * form) is named and fails the import, unless SKIP_REPEATED: then it is skipped (police lists are often
 * cumulative). *ROWS = entries recorded, *REPEATED = rows found already imported. 0 ok, 1 bad input, -1 system. */
int enroll_import(store *st, const struct config *cfg, const char *file, int skip_repeated, FILE *errs, long *rows,
                  long *repeated, char *err);
/* The same for a file that may be an Excel workbook (.xlsx, .xls): sheet SHEET, or the first when NULL. */
int enroll_import_sheet(store *st, const struct config *cfg, const char *file, const char *sheet, int skip_repeated,
                        FILE *errs, long *rows, long *repeated, char *err);
/* The same for a copy of FILE at PATH (an upload): read from PATH, FILE its name in messages, notes and the event. */
int enroll_import_copy(store *st, const struct config *cfg, const char *file, const char *path, const char *sheet,
                       int skip_repeated, FILE *errs, long *rows, long *repeated, char *err);

/* Months still available from day AS_OF to day TARGET: the months after AS_OF's month up to and including
 * TARGET's, plus AS_OF's own month when days remain in it after AS_OF. 0 when TARGET <= AS_OF. */
int enroll_months_left(long as_of, long target);

/* V with Vietnamese thousands dots: 2500 -> "2.500", -1234 -> "-1.234". Returns BUF (n >= 32). */
char *enroll_fmt_count(long v, char *buf, size_t n);
/* Day as "dd/mm/yyyy" (how reports print dates). Returns BUF (n >= 11). */
char *enroll_fmt_day(long day, char *buf, size_t n);

/* Figures of one hamlet (or of the commune) for a period [from_day, to_day]. */
struct enroll_fig {
    const char *code;          /* current hamlet code (the config's string); NULL for the commune */
    const char *name;          /* the hamlet's name; the commune's for the total */
    long period;               /* entries dated in the period (corrections included) */
    long cumulative;           /* opening balance + entries up to to_day */
    long residents;            /* residents (contacts) of the hamlet */
    long target;               /* 0 = none */
    int target_own;            /* 1: target from the config; 0: share of residents of the commune target */
    double percent;            /* cumulative / target * 100; 0 without a target */
    long needed_per_month;     /* to reach the target by its date; 0 when reached */
    long needed_per_day;       /* the same per day left until the target's date (days_left) */
    long official;             /* police's latest official total dated up to to_day; -1 = none */
    long official_day;         /* its date */
    long loa_at_official;      /* loa's own cumulative on that date (difference = loa_at_official - official) */
};

struct enroll_summary {
    long from_day, to_day;     /* the period, inclusive */
    struct enroll_fig *hamlets;/* current hamlets (not merged ones), in config order */
    size_t nhamlets;
    struct enroll_fig total;   /* the commune */
    long target;               /* the commune target that applies at to_day (0 = none configured) */
    long target_day;           /* its date */
    int months_left;           /* enroll_months_left(to_day, target_day) */
    long days_left;            /* days after to_day up to and including target_day; 0 when passed */
    long passed_target;        /* the latest target whose date is before to_day, 0 = none */
    long passed_day;
    long passed_reached;       /* cumulative on passed_day */
    char *note;                /* Vietnamese sentence on the target in use (passed ones named); caller frees via _free */
};

/* Figures for [FROM_DAY, TO_DAY]. 0 or -1 (err). Free with enroll_summary_free (NULL-safe). The
 * commune's official total is the sum of the hamlets' only when every hamlet has one (else none). */
int enroll_summary_make(store *st, const struct config *cfg, long from_day, long to_day, struct enroll_summary *out,
                        char *err);

/* What a frozen report counts from, instead of the database as it is now (NULL: as it is now). */
struct enroll_basis {
    int64_t last_id;           /* entries recorded later (a greater id) are left out; 0 = none is */
    const long *residents;     /* residents per hamlet, in cfg->hamlets' order, or NULL: counted now */
    long residents_all;        /* all residents (also those of no hamlet) */
};
int enroll_summary_from(store *st, const struct config *cfg, const struct enroll_basis *basis, long from_day, long to_day,
                        struct enroll_summary *out, char *err);
/* Residents now, per hamlet counted under its current hamlet (PER: cfg->nhamlets + 1 longs, config
 * order) and in all (*ALL). 0 or -1 (err). */
int enroll_residents(store *st, const struct config *cfg, long *per, long *all, char *err);
void enroll_summary_free(struct enroll_summary *s);

/* The earliest day of any counted row (opening or entry): 1 with *day, 0 when there is none, -1 error. */
int enroll_first_day(store *st, const struct config *cfg, const struct enroll_basis *basis, long *day, char *err);

/* The commune's cumulative count at each of DAYS[0..N) (ascending) into CUM; and, when ENTRIES is not NULL,
 * the entries dated in (DAYS[i-1], DAYS[i]] (for i = 0: up to DAYS[0]), opening balances left out. 0 or -1 (err). */
int enroll_series(store *st, const struct config *cfg, const struct enroll_basis *basis, const long *days, size_t n,
                  long *cum, long *entries, char *err);

#endif
