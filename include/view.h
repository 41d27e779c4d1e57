/* view — the data every listing shows (status, campaigns, preview, results, inbox, outbox, enrollment
 * summary, broadcast programme and log), built once: plain structs for the CLI's text, and their JSON
 * (jansson, every field) for --json and the web page. No printing here. */
#ifndef LOA_VIEW_H
#define LOA_VIEW_H

#include <jansson.h>
#include <time.h>

#include "campaign.h"
#include "config.h"
#include "enroll.h"
#include "store.h"

/* Print J to FP as loa prints every JSON object (indented, keys in order, UTF-8 kept, reals
 * with 15 significant digits: a percentage prints as 79.3, not 79.299999999999997), then free it. */
void view_json_print(FILE *fp, json_t *j);

/* ---- status ---- */
struct view_modem {
    struct modem_status m;       /* as the sender last reported it (copied: view_status_clear frees) */
    int collapsed;               /* outbox_delivery_collapsed: the SIM may be blocked or out of credit */
    int sent, delivered;         /* the figures behind it (sent < 20: too few to judge) */
};
/* A campaign's skipped or held runs (issue: runs missed after downtime were only in the log). */
struct view_missed {
    char campaign[64];
    int state;                   /* RUN_SKIPPED or RUN_HELD */
    long runs;                   /* scheduled times */
    time_t last;                 /* the latest of them */
    char why[256];               /* the latest row's note */
};
struct view_missed_list {
    struct view_missed *v;
    size_t n;
};
/* The skipped and held runs of CAMPAIGN (NULL: every campaign); skipped ones only if their latest is at or
 * after SKIPPED_SINCE. 0, or -1 with the store's message in ERR. Free with view_missed_clear. */
int view_missed(store *st, const char *campaign, time_t skipped_since, struct view_missed_list *out, char *err);
void view_missed_clear(struct view_missed_list *l);
/* Set "skipped" and "held" ({"runs", "latest", "why"} or null) of CAMPAIGN from L on the JSON object O. */
void view_missed_attach(json_t *o, const struct view_missed_list *l, const char *campaign);
struct view_next_run {
    const struct cfg_campaign *campaign;  /* points into the config */
    time_t at;
};
struct view_status {
    const char *commune;         /* from the config */
    time_t now;
    long counts[OB__N];          /* the queue by state */
    int paused;                  /* sending paused… */
    char paused_since[32];       /* …since this local time */
    struct view_modem *modems;
    size_t nmodems;
    struct view_next_run *next;  /* soonest first */
    size_t nnext;
    int clock_known;             /* loa run has judged the clock (trust.h)… */
    int clock_trusted;           /* …trusted it… */
    char clock_why[256];         /* …for this reason */
    struct view_missed_list missed;  /* held runs, and runs skipped in the last 30 days */
};
/* 0, or -1 with the reason in ERR (LOA_ERRLEN). Free with view_status_clear (also after -1). */
int view_status(store *st, const struct config *cfg, time_t now, struct view_status *out, char *err);
json_t *view_status_json(const struct view_status *v);
void view_status_clear(struct view_status *v);

/* ---- campaign list ---- */
struct view_campaign {
    const struct cfg_campaign *k;  /* points into the config */
    const char *state;             /* "enabled", "urgent" or "disabled" */
    time_t next_sms;               /* 0 = none */
};
/* One entry per campaign of CFG, in config order; caller frees the array. */
struct view_campaign *view_campaigns(const struct config *cfg, time_t now);
json_t *view_campaigns_json(const struct view_campaign *v, size_t n);
/* A local day number as "YYYY-MM-DD", or "-" for an open end (LONG_MIN / LONG_MAX). */
const char *view_day(long day, char *buf, size_t n);

/* ---- campaign preview ---- */
struct view_preview {
    const struct cfg_campaign *k;
    time_t *runs;                  /* the next runs (nruns of the COUNT asked) */
    int nruns;
    struct campaign_estimate e;    /* audience, samples, parts and cost of the first run */
};
/* 0, or -1 with the store's message in ERR. Free with view_preview_clear (also after -1). */
int view_preview(store *st, const struct config *cfg, const struct cfg_campaign *k, time_t now, int count,
                 struct view_preview *out, char *err);
json_t *view_preview_json(const struct config *cfg, const struct view_preview *v);
void view_preview_clear(struct view_preview *v);

/* ---- campaign results ---- */
struct view_results {
    const struct cfg_campaign *k;
    struct campaign_results r;
    long sent;                     /* sent or delivered */
    long waiting;                  /* queued or sending */
    long poll_residents;           /* poll answers from residents (counted)… */
    long poll_strangers;           /* …and from numbers that are not residents (shown apart) */
    struct view_missed_list missed;  /* its skipped and held runs */
};
int view_results(store *st, const struct cfg_campaign *k, struct view_results *out, char *err);
json_t *view_results_json(const struct view_results *v);
void view_results_clear(struct view_results *v);

/* ---- inbox and outbox rows (listed one at a time: a list may hold years of messages) ---- */
json_t *view_inbox_json(const struct inbox_row *r);
json_t *view_outbox_json(const struct outbox_row *r);
const char *view_outbox_kind(const struct outbox_row *r);     /* "campaign", "adhoc", "auto" */
const char *view_outbox_encoding(const struct outbox_row *r); /* "gsm7", "ucs2" */

/* ---- enrollment summary ---- */
/* The summary of the month of AS_OF up to AS_OF (a local day). 0 or -1 (ERR). */
int view_enroll_summary(store *st, const struct config *cfg, long as_of, struct enroll_summary *out, char *err);
json_t *view_enroll_summary_json(const struct enroll_summary *s);

/* ---- broadcast programme and as-run log ---- */
/* "HH:MM" of a slot (minutes after midnight); BUF >= 6. */
const char *view_slot(int slot, char *buf, size_t n);
/* The as-run log shows what was played, skipped or failed: never what is still pending. */
int view_broadcast_in_log(const struct broadcast_row *b);
/* An item of the programme (CFG given: with its playlist, null until written, and whether its slot was
 * missed at NOW) or of the as-run log (CFG NULL). */
json_t *view_broadcast_json(const struct config *cfg, const struct broadcast_row *b, time_t now);

#endif
