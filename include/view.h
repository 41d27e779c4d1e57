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
#include "report.h"
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
struct view_next_run {
    const struct cfg_campaign *campaign;  /* points into the config */
    time_t at;
    int due;                              /* due now, not yet materialised (scheduler_due): listed first */
};
struct view_status {
    const char *commune;         /* from the config */
    time_t now;
    long counts[OB__N];          /* the queue by state (a disabled campaign's waiting messages not among them) */
    long to_cancel;              /* queued or held messages of disabled campaigns: cancelled when loa run starts or reloads */
    long paused_campaigns;       /* campaigns paused by `loa campaign pause` */
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
    const char *state;             /* "enabled", "urgent", "paused" or "disabled" */
    time_t next_sms;               /* 0 = none */
    time_t due;                    /* a run due now, not yet materialised (scheduler_due), 0 = none */
    /* from the database (zero without it) */
    char paused_since[24];         /* `loa campaign pause`: since when, "" when not paused */
    long waiting;                  /* queued or held messages of its runs */
    long to_cancel;                /* disabled with messages waiting: that many are cancelled when loa run starts or reloads */
    int delivered_pct;             /* delivered of sent, in %; -1 when no modem reports deliveries or nothing was sent */
    struct view_missed skipped, held;  /* its skipped and held runs; runs = 0: none */
};
/* One entry per campaign of CFG, in config order, with the database's figures (pause, messages waiting, to be
 * cancelled, delivered %, skipped and held runs; ST NULL: no database yet, nothing is due); caller frees the array. NULL with the
 * store's message in ERR. */
struct view_campaign *view_campaigns(store *st, const struct config *cfg, time_t now, char *err);
json_t *view_campaigns_json(const struct view_campaign *v, size_t n);
/* Delivered of sent (sent, delivered or failed), in %, for COUNTS of one campaign; -1 when no modem of CFG
 * reports deliveries (Gammu's dummy phone) or nothing was sent. */
int view_delivered_pct(const struct config *cfg, const long counts[OB__N]);
/* A local day number as "YYYY-MM-DD", or "-" for an open end (LONG_MIN / LONG_MAX). */
const char *view_day(long day, char *buf, size_t n);

/* ---- campaign preview ---- */
struct view_preview {
    const struct cfg_campaign *k;
    time_t *runs;                  /* the next runs (nruns of the COUNT asked) */
    int nruns;
    time_t *due;                   /* runs due now, not yet materialised: they go at the service's next tick */
    int ndue;
    struct campaign_estimate e;    /* audience, samples, parts and cost of the first run */
    struct campaign_pace pace;     /* what the enabled modems can send */
    time_t *ends;                  /* when each run (the due ones first, then runs) would have gone
                                    * (campaign_finish: 0 no modem, -1 more than ten years) */
    int overlap;                   /* index (due then runs) of the first run still sending when the next starts, or -1 */
    time_t overlap_next;           /* that next run */
    int past_until;                /* index of the first run that would not finish by the campaign's until, or -1 */
    struct cfg_strlist empty_why;  /* why the audience is empty (campaign_empty_why) */
    const char *one_way;           /* the brandname the SMS goes from though it asks for replies, or NULL */
    const char *one_way_asks;      /* what asks for a reply: "the stop keyword" or "poll answers" */
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
    double cost;                   /* the parts sent so far at sms.price_per_part, VND */
    long held;                     /* messages held while the campaign is paused */
    char paused_since[24];         /* "" when not paused */
    int delivered_pct;             /* view_delivered_pct */
    struct view_missed_list missed;  /* its skipped and held runs */
};
int view_results(store *st, const struct config *cfg, const struct cfg_campaign *k, struct view_results *out, char *err);
json_t *view_results_json(const struct view_results *v);
void view_results_clear(struct view_results *v);

/* ---- inbox and outbox rows (listed one at a time: a list may hold years of messages) ---- */
json_t *view_inbox_json(const struct inbox_row *r);
/* A received message as `inbox list` shows it: its own time, its number, who sent it. */
struct view_inbox_item {
    const struct inbox_row *r;     /* borrowed */
    time_t time;                   /* the SMS's own time (the SMSC's stamp), else when loa read it */
    const char *number;            /* E.164 (+84…) for a mobile, else the sender as received ("VIETTEL") */
    char *name;                    /* the resident with that number, NULL when none */
    char *hamlet;                  /* her hamlet's code, NULL when none */
    const char *hamlet_name;       /* its name from the configuration, NULL when unknown */
};
/* 0, or -1 with the store's message in ERR. Free with view_inbox_item_clear. */
int view_inbox_item(store *st, const struct config *cfg, const struct inbox_row *r, struct view_inbox_item *out, char *err);
json_t *view_inbox_item_json(const struct view_inbox_item *v);   /* view_inbox_json and these fields */
void view_inbox_item_clear(struct view_inbox_item *v);
json_t *view_outbox_json(const struct outbox_row *r);
const char *view_outbox_kind(const struct outbox_row *r);     /* "campaign", "adhoc", "auto" */
const char *view_outbox_encoding(const struct outbox_row *r); /* "gsm7", "ucs2" */

/* ---- residents ---- */
/* Which residents a listing shows (`loa contacts list`, the page's Người dân): every field NULL / -1 / 0 is no filter. */
struct view_contacts_filter {
    const char *hamlet;          /* a hamlet's current code (view_contacts_hamlet) */
    const char *tag;             /* one of the resident's comma-separated tags (ASCII case-insensitive) */
    int vneid;                   /* enum store_vneid, or -1 */
    int opted_out;               /* 1: only the opted-out */
    const char *search;          /* a part of the name (diacritics and case aside) or of the phone ("0912…", "+84912…") */
};
/* The current code of the hamlet NAME (a code or a name, a merged one's successor) into *CODE: 0, or -1 when CFG has none. */
int view_contacts_hamlet(const struct config *cfg, const char *name, const char **code);
/* CB for each resident F lets through, ordered by hamlet and name; stops on non-zero. 0, or -1 (store_errmsg). */
int view_contacts_each(store *st, const struct view_contacts_filter *f, store_contact_cb cb, void *ud);
/* A resident as `contacts list --json` and /api/residents show it. */
json_t *view_contact_json(const struct contact *k);

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

/* ---- reports (report_list) ---- */
/* "made" (frozen), "not made" (the period has ended), "not due" (the period has not ended). */
const char *view_report_state(const struct report_entry *e);
json_t *view_reports_json(const struct report_entry *e, size_t n);

#endif
