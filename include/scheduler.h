/* scheduler — campaigns into runs: audiences, rendered messages, idempotent materialisation, catch-up. */
#ifndef LOA_SCHEDULER_H
#define LOA_SCHEDULER_H

#include <time.h>

#include "config.h"
#include "store.h"

/* Calls CB once per number in C's audience (opted-out residents never), with the first resident on it
 * and on_number the audience's residents who share it (a household's phone: the SMS names nobody). 0 or -1. */
int scheduler_audience(store *st, const struct config *cfg, const struct cfg_campaign *c, store_contact_cb cb, void *ud);

/* 1 when resident K is in C's audience, per-household dedupe aside (K need not be opted in). */
int scheduler_in_audience(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k);

/* Render C's SMS for one resident into a malloc'd string (not yet prepared for sending). */
char *scheduler_render(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k, time_t when);

struct run_result {
    int created;        /* 0: the run already existed (nothing done) */
    int64_t run_id;
    int recipients;     /* messages queued: one per number */
    int people;         /* residents they stand for (a household's shared phone: several) */
    int parts;          /* SMS parts queued */
    int too_long;       /* residents whose message exceeded max_parts: not queued */
    int held;           /* 1: the campaign is paused, its messages held */
};

/*
 * Materialise the SMS run of C scheduled at WHEN: the runs row and every outbox row in one
 * transaction; a second call for the same (campaign, time) does nothing. 0 or -1 (err).
 */
int scheduler_materialise(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t when, time_t now,
                          struct run_result *res, char *err);

/*
 * Everything due by NOW since the last tick, on a trusted clock: each due run materialised (or recorded
 * as skipped when later than its campaign's catch_up allows). *next = the next run after NOW
 * (0 when none). Returns the number of runs materialised, or -1.
 */
int scheduler_tick(store *st, const struct config *cfg, time_t now, time_t *next);

/*
 * scheduler_tick on a clock TRUSTED or not (trust.h). Late runs (beyond a minute) of one campaign are summarised: under an
 * untrusted clock they are one `held` row; under a trusted one, earlier held runs are decided afresh with
 * them, the latest goes if its first message can leave within catch_up (quiet hours counted) and the
 * others are one `skipped` row (several missed runs send once).
 */
int scheduler_tick_clock(store *st, const struct config *cfg, time_t now, int trusted, time_t *next);

/* Cancel the queued messages of every disabled campaign; returns how many were cancelled. */
int scheduler_cancel_disabled(store *st, const struct config *cfg);

/* The next N occurrences of C's SMS schedule after T into OUT; returns how many. */
int scheduler_next_runs(const struct cfg_campaign *c, const struct cfg_schedule *s, time_t t, time_t *out, int n);

/* C's SMS runs due at NOW and not yet materialised (scheduled at or before NOW, still within its
 * catch_up, the next tick of `loa run` sends them), earliest first, at most N into OUT: how many, or -1
 * (the store's error). */
int scheduler_due(store *st, const struct cfg_campaign *c, time_t now, time_t *out, int n);

/* One campaign's next SMS run. */
struct scheduler_next {
    size_t campaign;            /* index into cfg->campaigns */
    time_t at;
};
/* The next SMS run after T of every enabled campaign that has one, soonest first (equal times in
 * config order), into OUT (room for cfg->ncampaigns); returns how many. */
size_t scheduler_next_sms(const struct config *cfg, time_t t, struct scheduler_next *out);

#endif
