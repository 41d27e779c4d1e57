/* util — out-of-memory-safe allocation, growing strings, paths and loa's clock. */
#ifndef LOA_UTIL_H
#define LOA_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Exit codes of the loa binary (0: done). */
enum {
    LOA_EXIT_INPUT = 1,   /* bad input: config, CSV, text, arguments' values */
    LOA_EXIT_USAGE = 2,   /* wrong command line */
    LOA_EXIT_SYSTEM = 3   /* the system failed: disk, database, modem */
};

#define LOA_ERRLEN 512    /* size of every caller-supplied error buffer */
#define LOA_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Allocation: abort with a message on out-of-memory; never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) LOA_PRINTF(1, 2);

/* A growing, always NUL-terminated string. Zero-initialise, then append; free with sbuf_free. */
typedef struct sbuf {
    char *s;        /* contents, NUL-terminated once anything was appended */
    size_t len;     /* bytes used, without the NUL */
    size_t cap;     /* bytes allocated */
} sbuf;
void sbuf_add(sbuf *b, const char *s);
void sbuf_addn(sbuf *b, const char *s, size_t n);
void sbuf_addc(sbuf *b, char c);
void sbuf_addf(sbuf *b, const char *fmt, ...) LOA_PRINTF(2, 3);
void sbuf_vaddf(sbuf *b, const char *fmt, va_list ap) LOA_PRINTF(2, 0);
const char *sbuf_str(const sbuf *b);  /* "" when empty */
char *sbuf_detach(sbuf *b);           /* caller frees; b is left empty */
void sbuf_reset(sbuf *b);
void sbuf_free(sbuf *b);

/* A string -> long map (open addressing), for sets of phone numbers or households. Zero-initialise.
 * A slot holds the key's hash beside it (a probe compares hashes before strings, in one cache
 * line; growing never rehashes), and keys are copied into large blocks: 100,000 keys are a few
 * allocations, not 100,000. */
struct strmap_slot;
struct strmap_block;
typedef struct strmap {
    struct strmap_slot *slots;
    size_t cap, n;
    struct strmap_block *blocks;
} strmap;
/* Returns the value already stored for KEY, or 0 after storing VAL (VAL must not be 0). */
long strmap_put_new(strmap *m, const char *key, long val);
/* The value stored for KEY, or 0. */
long strmap_get(const strmap *m, const char *key);
void strmap_free(strmap *m);

/* "FILE:ROW: message\n" to FP: how every bad row of an imported file is reported. */
void util_report_row(FILE *fp, const char *file, long row, const char *fmt, va_list ap) LOA_PRINTF(4, 0);

/* A message kept as data (its kind, a printf format, and its parameters) so that the sentence is
 * chosen where it is shown. util_fmt_args writes out each of FMT's conversions from AP (flags, width,
 * precision and the lengths hh h l ll z of d i u x X o c s f e g G; no '*'), *N their number; free the
 * array and its strings with util_fmt_args_free. util_fmt_render writes FMT (the kind or a translation
 * of it) with its conversions replaced by ARGS in order, or as a translation's %N$ picks them; malloc'd. */
char **util_fmt_args(const char *fmt, va_list ap, size_t *n) LOA_PRINTF(1, 0);
char *util_fmt_render(const char *fmt, char *const *args, size_t n);
void util_fmt_args_free(char **args, size_t n);

/* Error buffer helper: snprintf into err (LOA_ERRLEN bytes) when err is not NULL; returns -1. */
int util_err(char *err, const char *fmt, ...) LOA_PRINTF(2, 3);

/* Paths. util_path_resolve: PATH if absolute, else DIR/PATH. Caller frees. */
char *util_path_resolve(const char *dir, const char *path);
char *util_dirname(const char *path);          /* caller frees */
int util_mkdir_p(const char *path, int mode);  /* 0 or -1 with errno */
int util_file_exists(const char *path);

/* Strings. */
int util_streq_ci(const char *a, const char *b);     /* ASCII case-insensitive equality */
char *util_trim(char *s);                            /* in place; returns s moved past blanks */
int util_parse_int(const char *s, long long *out);   /* whole string, base 10; 0 or -1 */
/* 1 when S would be run as a formula by a spreadsheet opening a CSV (it begins with = + - @, a tab
 * or a CR and is not just a number such as +84912345678 or -5): the writer then puts a ' before it,
 * which spreadsheets show as text and loa's own CSV import takes off again (util_csv_unguard). */
int util_csv_needs_guard(const char *s);
/* S without the ' a CSV writer put before a formula-like cell; S itself otherwise. */
const char *util_csv_unguard(const char *s);

/*
 * Time. loa keeps local time as Asia/Ho_Chi_Minh: UTC+7, no DST, whatever TZ says.
 * A "local day" is an integer count of days since 1970-01-01 in that zone.
 */
#define LOA_TZ_OFFSET (7 * 3600)

struct loa_tm {
    int year, mon, mday;       /* 2025, 1..12, 1..31 */
    int hour, min, sec;        /* 0..23, 0..59, 0..59 */
    int wday;                  /* 0 = Sunday .. 6 = Saturday */
};

void util_clock_start(time_t start);        /* from here the clock runs; 0 = real time */
time_t util_now(void);                      /* loa's clock (see --now) */
int util_clock_overridden(void);            /* 1 when --now set the clock */
void util_localtime(time_t t, struct loa_tm *tm);
time_t util_mklocal(int year, int mon, int mday, int hour, int min, int sec);
long util_days_from_civil(int y, int m, int d);           /* days since 1970-01-01 */
void util_civil_from_days(long z, int *y, int *m, int *d);
int util_days_in_month(int year, int mon);
int util_valid_date(int y, int m, int d);
/* "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DD" (00:00) in local time; 0 or -1. */
int util_parse_datetime(const char *s, time_t *out);
int util_parse_date(const char *s, int *y, int *m, int *d);  /* "YYYY-MM-DD" */
int util_parse_hhmm(const char *s, int *minutes);            /* "HH:MM" -> 0..1439 */
/* Every --date and every imported date: "YYYY-MM-DD" or "dd/mm/yyyy" (also d/m/yyyy) -> local day; 0 or -1. */
int util_parse_day(const char *s, long *day);
/* Days and slots. A slot is a time of day in minutes after local midnight (0..1439). */
long util_local_day(time_t t);              /* the local day T falls in */
int util_local_minute(time_t t);            /* the slot T falls in */
time_t util_day_start(long day);            /* local midnight starting DAY */
time_t util_slot_time(long day, int slot);  /* the moment SLOT of DAY starts */
/* Durations like "90s", "10m", "2h", "3d", "2y": 0 or -1. */
int util_parse_duration(const char *s, long long *seconds);
/* Format t as local "YYYY-MM-DD HH:MM:SS" (buf >= 20) or "YYYY-MM-DD" (buf >= 11). */
char *util_fmt_time(time_t t, char *buf, size_t n);
char *util_fmt_date(time_t t, char *buf, size_t n);

/* Monotonic milliseconds, for measuring and sleeping only. */
int64_t util_mono_ms(void);

/* The next restart back-off after PREV ms (0: none yet): FIRST, then doubled, at most MAX. */
int64_t util_backoff(int64_t prev, int64_t first, int64_t max);

/*
 * An invariant of a state change. When COND is false: aborts in test and SANITIZE=1 builds (compiled
 * with LOA_ASSERT_ABORT, or run with LOA_ASSERT_ABORT=1 in the environment, as tests/run.sh does), and
 * in production logs the failure and evaluates to -1 so the caller returns an error (nothing aborts at
 * run time). Evaluates to 0 when COND holds: `if (LOA_ASSERT(r->state == OB_SENDING) < 0) return -1;`
 */
#define LOA_ASSERT(cond) ((cond) ? 0 : util_assert_failed(__FILE__, __LINE__, #cond))
int util_assert_failed(const char *file, int line, const char *cond);

#endif
