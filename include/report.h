/* report — the monthly, 6-month and annual reports: CSV (UTF-8 with BOM), XLSX and one self-contained HTML page. */
#ifndef LOA_REPORT_H
#define LOA_REPORT_H

#include <time.h>

#include "config.h"
#include "enroll.h"
#include "store.h"
#include "util.h"

enum report_kind { REPORT_MONTHLY, REPORT_HALF_YEAR, REPORT_ANNUAL };

struct report_period {
    int kind;                  /* enum report_kind */
    int year;
    int index;                 /* month 1..12, half 1..2, 0 for a year */
    long from_day, to_day;     /* local day numbers, inclusive */
    char name[16];             /* "2026-11", "2026-H2", "2026": the folder and file names */
};

/* The period S names ("2026-11", "2026-H2", "2026" by KIND). 0 or -1. */
int report_period_parse(int kind, const char *s, struct report_period *p);
/* The last finished period of KIND at NOW (the previous month, the last finished half, last year). */
void report_period_default(int kind, time_t now, struct report_period *p);
/* The period of KIND for YEAR and INDEX (month, half or 0). */
void report_period_set(int kind, int year, int index, struct report_period *p);

/*
 * Write the report of P into <reports_dir>/<P.name>/ as bao-cao-<name>.csv, .xlsx and .html
 * (each written to a temporary file and renamed; mode 0640).
 *
 * A report is frozen when first made: the moment (NOW), the last enrollment entry, the residents
 * per hamlet and the targets it counted from are stored (table reports), and a remake counts from
 * those again, so it gives the same figures and byte-identical files whatever changed since; with
 * RECOMPUTE it counts from the database and configuration as they are at NOW and stores those
 * instead. Only a period that has ended at NOW is frozen (BY, may be NULL, is kept as who made it): a
 * report of a period still running counts up to NOW each time it is made ("tính đến ngày …"), and
 * figures stored before a period ended are never taken as its frozen ones.
 * The files say when the figures stand and from what. *DIR_OUT (may be NULL) receives the
 * folder (caller frees), *MADE_OUT (may be NULL) the moment the figures stand at. 0, or -1 with err.
 */
int report_make(store *st, const struct config *cfg, const struct report_period *p, time_t now, int recompute,
                const char *by, char **dir_out, time_t *made_out, char *err);

/* "monthly", "half-year", "annual": KIND's word in the CLI, the URLs and the reports table. */
const char *report_kind_key(int kind);
/* The period NAME names, whatever its kind ("2026-11", "2026-H2", "2026"). 0 or -1. */
int report_period_any(const char *name, struct report_period *p);
/* The path of P's file with extension EXT ("csv", "xlsx", "html") under reports_dir. Caller frees. */
char *report_file(const struct config *cfg, const struct report_period *p, const char *ext);

/* One period's report as `loa report list` and the page show it. */
struct report_entry {
    struct report_period p;
    int ended;                 /* the period has ended at NOW: its report may be made */
    int made;                  /* made (frozen) after the period ended */
    time_t made_at;            /* when its figures were counted (made) */
    char *made_by;             /* owned; who made it, NULL when not recorded */
    int files;                 /* its CSV, XLSX and HTML are all in reports_dir */
};
/* P's state at NOW into *OUT (report_entry_clear it). 0, or -1 with err. */
int report_entry_get(store *st, const struct config *cfg, const struct report_period *p, time_t now,
                     struct report_entry *out, char *err);
void report_entry_clear(struct report_entry *e);
/*
 * Every period from the month of the first thing loa holds or of the earliest report made (or of NOW
 * on an empty database; at most ten years back) to the one running at NOW: months, then halves, then years, each newest first.
 * *OUT (report_list_free) and *N. 0, or -1 with err.
 */
int report_list(store *st, const struct config *cfg, time_t now, struct report_entry **out, size_t *n, char *err);
void report_list_free(struct report_entry *e, size_t n);

/*
 * For `loa run`: on or after day cfg->report_day of a month, make the previous month's report, on or
 * after that day of January and July the last half-year's, of January last year's — each once (kept in
 * the settings table as report.monthly.2026-11, report.half-year.2026-H2, report.annual.2026).
 * Returns how many were made, or -1 with err.
 */
int report_make_due(store *st, const struct config *cfg, time_t now, char *err);

/* The chart of one bar per hamlet (cumulative against target) of summary S, as self-contained SVG appended to B:
 * each bar a <rect> after its hamlet's name, its figures ("cumulative / target (percent%)") beside it. */
void report_svg_bars(sbuf *b, const struct enroll_summary *s);

#endif
