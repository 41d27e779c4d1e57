/*
 * sender — a worker per sms.modems entry. Its loop: take the next due row (atomically set to `sending` and
 * committed), give it to the transport, record the outcome; whether a row may go at all is one pure function,
 * sender_policy (pause, clock, rate, daily limit, quiet hours, opt-out, per-person cap); when nothing is due,
 * sleep until the next due time or until the CLI commits something.
 *
 * Sections: the rules (pure); the worker's state and its status row; opening and closing the transport;
 * sending (claim, submit, outcome); the loop.
 *
 * Outcomes: accepted -> sent; failed before the network could have taken it -> queued again with exponential
 * backoff until max_attempts, then failed; permanent -> failed; silence after the PDU -> unknown (never resent
 * on its own). A transport failing several times in a row is closed and reopened with backoff while the other
 * workers carry on. Where the transport tells the moment a part reaches the device for good (tells_written), that
 * moment is committed before it (on_written): a crash before it leaves the row safe to queue again.
 */
#include "sender.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "note.h"
#include "receiver.h"
#include "trust.h"
#include "util.h"
#include "wake.h"

#define DOWN_AFTER 3                /* failures in a row that close the transport */
#define REOPEN_FIRST_MS 2000        /* first wait before reopening a transport */
#define REOPEN_MAX_MS (5 * 60000)   /* longest wait before reopening */
#define RECHECK_MS 60000            /* paused, or the clock wrong: look again at least this often */
#define STORE_RETRY_MS 5000         /* a claim failed (lock, full disk): try again after */
#define WAL_WAIT_MS 500             /* a reader holds the WAL over its limit: look again after */
#define MAX_WINDOW 64               /* messages in flight per worker at most, whatever the transport allows */

/* ---- the rules ---- */

int sender_in_quiet(time_t t, int from, int to)
{
    if (from == to) return 0;
    struct loa_tm tm;
    util_localtime(t, &tm);
    int m = tm.hour * 60 + tm.min;
    return from < to ? (m >= from && m < to) : (m >= from || m < to);
}

time_t sender_quiet_end(time_t t, int from, int to)
{
    if (!sender_in_quiet(t, from, to)) return t;
    time_t end = util_day_start(util_local_day(t)) + to * 60;
    if (end <= t) end += 86400;
    return end;
}

const char *sender_reason_name(int reason)
{
    static const char *const names[] = {"ok", "paused", "clock", "rate", "daily limit", "quiet hours", "opted out",
                                        "per-person cap", "automatic-reply budget"};
    return reason >= 0 && reason < (int)(sizeof names / sizeof names[0]) ? names[reason] : "?";
}

/* Nothing may go for now: no row yet waits WAIT_MS; a claimed row goes back to the queue until UNTIL. */
static void hold(struct sender_decision *d, const struct outbox_row *r, int reason, int64_t wait_ms, time_t until)
{
    d->verdict = r ? SENDER_DEFER : SENDER_WAIT;
    d->reason = reason;
    d->wait_ms = wait_ms;
    d->until = until;
}

void sender_policy(const struct outbox_row *r, time_t now, const struct cfg_sms *sc, const struct cfg_modem *mc,
                   const struct sender_counts *c, struct sender_decision *d)
{
    *d = (struct sender_decision){.verdict = SENDER_GO, .reason = SENDER_OK, .wait_ms = -1};
    d->quiet = sender_in_quiet(now, sc->quiet_from, sc->quiet_to);
    time_t tomorrow = util_day_start(util_local_day(now)) + 86400;
    if (c->clock_bad) return hold(d, r, SENDER_CLOCK, RECHECK_MS, now);
    if (c->paused) return hold(d, r, SENDER_PAUSED, RECHECK_MS, now);
    if (c->mono_ms < c->next_send_ms) return hold(d, r, SENDER_RATE, c->next_send_ms - c->mono_ms, now);
    if (mc->daily_limit && c->parts_today >= mc->daily_limit)
        return hold(d, r, SENDER_DAILY, ((int64_t)tomorrow - (int64_t)now) * 1000, tomorrow);
    if (!r) return;
    if (d->quiet && !r->urgent)
        return hold(d, r, SENDER_QUIET, -1, sender_quiet_end(now, sc->quiet_from, sc->quiet_to));
    /* Automatic replies have their own share of the day's parts; beyond it they are dropped, not deferred,
     * so they never starve the day's campaigns (answers to reporters, urgent, are outside it). */
    if (r->kind == OK_AUTO && !r->urgent && mc->auto_reply_parts > 0 && c->auto_parts_today > mc->auto_reply_parts) {
        d->verdict = SENDER_CANCEL;
        d->reason = SENDER_BUDGET;
        return;
    }
    /* Opt-outs are absolute and apply at once: checked at the last moment, for every campaign message. */
    if (r->kind == OK_CAMPAIGN && c->opted_out) {
        d->verdict = SENDER_CANCEL;
        d->reason = SENDER_OPTOUT;
        return;
    }
    /* The per-person cap: the claimed row counts itself, being `sending` since the claim. */
    if (r->kind == OK_CAMPAIGN && !r->urgent && sc->per_person_per_day && c->sent_today > sc->per_person_per_day)
        return hold(d, r, SENDER_CAP, -1, tomorrow);
}

/* ---- the worker ---- */

struct inflight {               /* a message handed to the transport, its outcome not yet recorded */
    int64_t id;
    int parts;
    int attempts;
    int last_part;              /* the final part's reference: recorded with the outcome, in one commit */
    char last_ref[64];
    char phone[32];
};

struct unrecorded {            /* an outcome whose write failed (full disk, a lock): written again soon */
    struct inflight f;
    int rc;                     /* TRANSPORT_* */
    char err[LOA_ERRLEN];
};

struct worker {
    const struct config *cfg;
    const struct cfg_modem *mc;
    const struct sender_opts *o;
    const struct transport_type *tt;
    store *st;
    wake *wk;
    transport *t;              /* NULL while closed */
    struct receiver rv;
    int failures;              /* in a row */
    int64_t reopen_at;         /* monotonic ms */
    int64_t backoff;           /* ms */
    int64_t next_send;         /* monotonic ms: rate limit */
    int clock_bad;
    int64_t next_inbox;        /* monotonic ms: next inbox poll */
    time_t next_balance;       /* loa time: next USSD balance check (daily) */
    int txn;                   /* an outcome is recorded in an open transaction, committed with the next claim */
    long handled;              /* messages given to the transport since start */
    int64_t first_ms, last_ms; /* monotonic ms of the first claim and the last outcome */
    struct inflight fly[MAX_WINDOW];
    int nfly;
    int close_pending;         /* an outcome asked to close (1: marked down) or reconnect (2): done once the rest is in */
    char close_why[LOA_ERRLEN];
    /* Outcomes recorded in the open transaction (lost if its commit fails), and those not recorded yet. No
     * claim is made while any waits, so each holds at most a window's worth. */
    struct unrecorded intxn[MAX_WINDOW], unrec[2 * MAX_WINDOW];
    int nintxn, nunrec;
    char last_error[LOA_ERRLEN];
    int wal_waiting;           /* sending waits for a reader that holds the WAL over sms.wal_limit_mb */
    int64_t run_going;         /* the last run whose first message went within catch_up: its messages continue */
};

static void unrecorded_add(struct worker *w, const struct unrecorded *u)
{
    if (LOA_ASSERT(w->nunrec < 2 * MAX_WINDOW) < 0) return;   /* the row stays `sending`: unknown when the worker exits */
    w->unrec[w->nunrec++] = *u;
}

/* Commit what is pending: an outcome waits for the next claim so both cost one fsync, but never
 * across a wait, a poll or the end of the worker. */
static int flush(struct worker *w)
{
    if (!w->txn) return 0;
    w->txn = 0;
    int n = w->nintxn;
    w->nintxn = 0;
    if (store_commit(w->st) == 0) return 0;
    log_error("outbox: %d %s not committed, written again in %d s: %s", n, log_plural(n, "outcome", "outcomes"),
              STORE_RETRY_MS / 1000, store_errmsg(w->st));
    store_rollback(w->st);
    for (int i = 0; i < n; i++) unrecorded_add(w, &w->intxn[i]);
    return -1;
}

static void status(struct worker *w, int state, time_t now, const char *balance, long skew)
{
    struct modem_status m = {
        .name = w->mc->name, .state = (char *)store_modem_state_name(state),
        .last_error = w->last_error[0] ? w->last_error : NULL, .failures = w->failures,
        .balance = (char *)balance, .balance_at = now, .clock_skew = skew, .updated = now,
    };
    if (store_modem_status_set(w->st, &m) < 0) log_warn("modem status not recorded: %s", store_errmsg(w->st));
}

/* The first number in a USSD balance answer ("TK chinh: 25.000d …") against balance_min. */
static void warn_low_balance(struct worker *w, const char *answer)
{
    if (w->mc->balance_min <= 0) return;
    const char *p = answer;
    while (*p && (*p < '0' || *p > '9')) p++;
    double v = 0;
    int digits = 0;
    for (; (*p >= '0' && *p <= '9') || *p == '.' || *p == ','; p++)
        if (*p >= '0' && *p <= '9') { v = v * 10 + (*p - '0'); digits++; }
    if (digits && v < w->mc->balance_min)
        log_warn("modem %s: balance %.0f VND is below balance_min %.0f: top up the SIM", w->mc->name, v, w->mc->balance_min);
}

/* Once a day: the SIM's balance by USSD, recorded for `loa status`. */
static void check_balance(struct worker *w)
{
    time_t now = util_now();
    if (!w->t || !w->mc->balance_ussd || now < w->next_balance) return;
    w->next_balance = now + 86400;
    char bal[256], err[LOA_ERRLEN];
    int rc = transport_balance(w->tt, w->t, w->mc->balance_ussd, bal, sizeof bal, err);
    if (rc == TRANSPORT_UNSUPPORTED) return;
    if (rc < 0) {
        log_warn("modem %s: balance not read: %s", w->mc->name, err);
        return;
    }
    status(w, w->clock_bad ? MODEM_STATE_CLOCK : MODEM_STATE_UP, now, bal, 0);
    log_info("modem %s balance: %s", w->mc->name, bal);
    warn_low_balance(w, bal);
}

/* ---- opening and closing the transport ---- */

static void schedule_reopen(struct worker *w, const char *why)
{
    w->backoff = util_backoff(w->backoff, REOPEN_FIRST_MS, REOPEN_MAX_MS);
    w->reopen_at = util_mono_ms() + w->backoff;
    snprintf(w->last_error, sizeof w->last_error, "%s", why);
}

/* The clock: a box may boot without network time. loa's clock (the system's, or where --now started it) is
 * compared with the network's; the build date bounds only the system's, since --now may name any moment.
 * Returns the skew found (0 unknown); sets clock_bad and last_error. */
static long check_clock(struct worker *w, time_t now)
{
    w->clock_bad = 0;
    if (w->o->trust_clock) return 0;
    time_t built, mt;
    char err[LOA_ERRLEN];
    if (!util_clock_overridden() && util_parse_datetime(LOA_BUILD_DATE, &built) == 0 && now < built) {
        snprintf(w->last_error, sizeof w->last_error, NOTE_CLOCK_BUILD, LOA_BUILD_DATE);
        w->clock_bad = 1;
        return 0;
    }
    if (transport_clock(w->tt, w->t, &mt, err) != TRANSPORT_OK) return 0;
    long skew = (long)(mt - now);
    /* the parent's verdict on the clock (trust.c) takes a network time over its own guess */
    if (trust_network_seen(w->st, w->mc->name, now, skew) < 0) log_warn("modem %s: %s", w->mc->name, store_errmsg(w->st));
    if (labs(skew) > 3600) {
        snprintf(w->last_error, sizeof w->last_error,
                 NOTE_CLOCK_SKEW, skew);
        w->clock_bad = 1;
    }
    return skew;
}

static int open_transport(struct worker *w)
{
    char err[LOA_ERRLEN];
    w->t = w->tt->open(w->mc, err);
    if (!w->t) {
        w->failures++;
        schedule_reopen(w, err);
        log_error("modem %s cannot be opened (%s); trying again in %lld s", w->mc->name, err, (long long)(w->backoff / 1000));
        status(w, MODEM_STATE_DOWN, util_now(), NULL, 0);
        return -1;
    }
    w->failures = 0;
    w->backoff = 0;
    w->last_error[0] = '\0';
    if (!strcmp(w->tt->name, "kannel")) log_info("modem %s open (kannel at %s)", w->mc->name, w->mc->kannel.url);
    else log_info("modem %s open (%s on %s)", w->mc->name, w->mc->model, w->mc->device);
    time_t now = util_now();
    long skew = check_clock(w, now);
    w->next_balance = 0;   /* the balance is read by check_balance at the inbox poll that follows at once */
    w->next_inbox = 0;
    if (w->clock_bad) log_error("modem %s: %s; nothing will be sent", w->mc->name, w->last_error);
    else w->last_error[0] = '\0';
    status(w, w->clock_bad ? MODEM_STATE_CLOCK : MODEM_STATE_UP, now, NULL, skew);
    return 0;
}

/* Messages still in flight stay `sending`, and become `unknown` at the next start: they may have gone. */
static void drop_transport(struct worker *w)
{
    w->tt->close(w->t);
    w->t = NULL;
    w->nfly = 0;
}

static void close_transport(struct worker *w, const char *why)
{
    flush(w);
    drop_transport(w);
    schedule_reopen(w, why);
    log_error("modem %s marked down after %d failures in a row (%s); reopening in %lld s; other modems take its work",
              w->mc->name, w->failures, why, (long long)(w->backoff / 1000));
    status(w, MODEM_STATE_DOWN, util_now(), NULL, 0);
}

/* ---- sending ---- */

static struct inflight *flying(struct worker *w, int64_t id)
{
    for (int i = 0; i < w->nfly; i++)
        if (w->fly[i].id == id) return &w->fly[i];
    return NULL;
}

static void on_part(void *ud, int64_t id, int part, const char *ref)
{
    struct worker *w = ud;
    struct inflight *f = flying(w, id);
    if (LOA_ASSERT(f != NULL) < 0) return;
    if (part == f->parts - 1) {
        /* The last part: recorded with the outcome, in one commit. A crash before it leaves the row
         * `sending`, which becomes `unknown` at the next start: right, since it may have gone. */
        f->last_part = part;
        snprintf(f->last_ref, sizeof f->last_ref, "%s", ref);
        return;
    }
    /* An earlier part is recorded at once (see store_outbox_part_progress): a retry never resends a
     * part the transport already accepted, and the message's outcome still costs one fsync, not one per part. */
    if (store_outbox_part_progress(w->st, id, part, ref) < 0)
        log_error("outbox=%lld part %d accepted but not recorded: %s", (long long)id, part + 1, store_errmsg(w->st));
}

/* A part is about to reach the device for good (tells_written): `written` is committed first, with its own
 * fsync, so that a row found `sending` without it certainly never reached the modem and may be queued again.
 * If it cannot be recorded the part must not go, and the transport cannot be stopped half-way through: the worker
 * ends at once, before the device has it; the parent queues the message again when it reaps the worker. */
static void on_written(void *ud, int64_t id, int part)
{
    struct worker *w = ud;
    flush(w);
    if (store_outbox_written(w->st, id) == 0) return;
    log_error("outbox=%lld part %d: cannot record that it goes to modem %s (%s): the worker stops before the modem "
              "has it", (long long)id, part + 1, w->mc->name, store_errmsg(w->st));
    _exit(LOA_EXIT_SYSTEM);   /* at once: nothing more may run here (the parent checks the database, then restarts it) */
}

/* A retry or a failure that counts towards closing the transport. Returns the store's result. */
static int record_retry(struct worker *w, const struct inflight *f, int rc, const char *err, time_t now)
{
    const struct cfg_sms *sc = &w->cfg->sms;
    const char *ph = log_phone(f->phone);
    long delay = (long)sc->retry_base << (f->attempts > 10 ? 10 : f->attempts - 1);
    int state = store_outbox_retry_later(w->st, f->id, now + delay, sc->max_attempts, err);
    if (state == OB_FAILED)
        log_warn("outbox=%lld to %s failed after %d attempts: %s", (long long)f->id, ph, f->attempts, err);
    else
        log_warn("outbox=%lld to %s not sent (%s); attempt %d of %d, next in %ld s", (long long)f->id, ph, err,
                 f->attempts, sc->max_attempts, delay);
    w->failures = rc == TRANSPORT_DOWN ? DOWN_AFTER : w->failures + 1;
    snprintf(w->last_error, sizeof w->last_error, "%s", err);
    return state < 0 ? -1 : 0;
}

/* Record one outcome. It opens a transaction that the next claim commits (see flush). */
static int record(struct worker *w, const struct inflight *f, int rc, const char *err)
{
    time_t now = util_now();
    const char *ph = log_phone(f->phone);
    if (f->last_part >= 0 && store_outbox_part_sent(w->st, f->id, f->last_part, f->last_ref) < 0)
        log_error("outbox=%lld last part accepted but not recorded: %s", (long long)f->id, store_errmsg(w->st));
    switch (rc) {
    case TRANSPORT_OK:
        log_info("outbox=%lld sent to %s via %s (%d %s)", (long long)f->id, ph, w->mc->name, f->parts,
                 log_plural(f->parts, "part", "parts"));
        w->failures = 0;
        return store_outbox_sent(w->st, f->id);
    case TRANSPORT_STOPPED:
        /* SIGTERM between parts: the accepted parts are recorded; the rest goes at the next start */
        log_info("outbox=%lld to %s: %s", (long long)f->id, ph, err);
        return store_outbox_defer(w->st, f->id, now);
    case TRANSPORT_PERMANENT:
        log_warn("outbox=%lld to %s failed for good: %s", (long long)f->id, ph, err);
        w->failures = 0;
        return store_outbox_fail(w->st, f->id, now, err);
    case TRANSPORT_UNKNOWN:
        log_warn("outbox=%lld to %s: no answer after the message went out (%s): marked unknown, not resent",
                 (long long)f->id, ph, err);
        w->failures++;
        return store_outbox_unknown(w->st, f->id, now, err);
    default:   /* TRANSPORT_RETRY, TRANSPORT_DOWN */
        return record_retry(w, f, rc, err, now);
    }
}

static void on_outcome(void *ud, const struct transport_outcome *o)
{
    struct worker *w = ud;
    struct inflight *f = flying(w, o->id);
    if (LOA_ASSERT(f != NULL) < 0) return;
    char err[LOA_ERRLEN];   /* a copy: O lives in the transport, which may be closed below */
    snprintf(err, sizeof err, "%s", o->err && *o->err ? o->err : transport_rc_name(o->rc));
    if (!w->txn && store_begin(w->st) == 0) w->txn = 1;
    /* A full disk or another program's lock: the row stays `sending`, so it is not sent again, and the
     * outcome is written again while the worker runs (record_unrecorded); `unknown` if the worker stops first. */
    struct unrecorded u = {.f = *f, .rc = o->rc};
    snprintf(u.err, sizeof u.err, "%s", err);
    if (record(w, f, o->rc, err) < 0) {
        log_error("outbox=%lld outcome not recorded, the message stays `sending`; written again in %d s: %s",
                  (long long)f->id, STORE_RETRY_MS / 1000, store_errmsg(w->st));
        if (w->txn) {   /* what the transaction holds is suspect: undo it, and write those outcomes again too */
            w->txn = 0;
            store_rollback(w->st);
            for (int i = 0; i < w->nintxn; i++) unrecorded_add(w, &w->intxn[i]);
            w->nintxn = 0;
        }
        unrecorded_add(w, &u);
    } else if (w->txn && LOA_ASSERT(w->nintxn < MAX_WINDOW) == 0) {
        w->intxn[w->nintxn++] = u;
    }
    w->last_ms = util_mono_ms();
    *f = w->fly[--w->nfly];
    /* The transport is closed by settle(), not here: the outcome is reported from inside its collect(). */
    if (o->rc == TRANSPORT_UNKNOWN && !w->close_pending) w->close_pending = 2;
    if (w->failures >= DOWN_AFTER && w->close_pending != 1) {
        w->close_pending = 1;
        snprintf(w->close_why, sizeof w->close_why, "%s", err);
    }
}

/* An outcome asked for the transport to go: the other messages in flight get their outcomes first (a gateway
 * holds many, each with its own answer), then it is marked down, or (an answer left half read) reconnected. */
static void settle(struct worker *w)
{
    if (!w->close_pending || !w->t) return;
    while (w->nfly && w->t)
        if (w->tt->collect(w->t, w->mc->reply_timeout * 1000, on_outcome, w) <= 0) break;
    int how = w->close_pending;
    w->close_pending = 0;
    if (how == 1) {
        close_transport(w, w->close_why);
        return;
    }
    /* The transport may still hold half an answer: this connection is done. Reconnect at once. */
    drop_transport(w);
    w->reopen_at = 0;
}

/* Outcomes not recorded yet, each in its own transaction. Returns how many still wait. */
static int record_unrecorded(struct worker *w)
{
    int kept = 0;
    for (int i = 0; i < w->nunrec; i++) {
        struct unrecorded *u = &w->unrec[i];
        int failures = w->failures;   /* counted when the outcome came */
        int ok = store_begin(w->st) == 0 && record(w, &u->f, u->rc, u->err) == 0 && store_commit(w->st) == 0;
        w->failures = failures;
        if (ok) {
            log_info("outbox=%lld outcome recorded on a later try", (long long)u->f.id);
            continue;
        }
        store_rollback(w->st);
        w->unrec[kept++] = *u;
    }
    w->nunrec = kept;
    return kept;
}

/* Outcomes of messages in flight, waiting at most TIMEOUT_MS for one. */
static void collect(struct worker *w, int timeout_ms)
{
    if (!w->t || !w->nfly) return;
    if (w->tt->collect(w->t, timeout_ms, on_outcome, w) == TRANSPORT_DOWN && w->t) {
        w->failures = DOWN_AFTER;
        w->close_pending = 0;
        close_transport(w, "the transport went down with messages in flight");
    }
    settle(w);
}

static void submit(struct worker *w, const struct outbox_row *r)
{
    char err[LOA_ERRLEN] = "";
    struct inflight *f = &w->fly[w->nfly++];
    *f = (struct inflight){.id = r->id, .parts = r->parts, .attempts = r->attempts, .last_part = -1};
    snprintf(f->phone, sizeof f->phone, "%s", r->phone);
    struct transport_msg m = {r->id, r->phone, r->text, r->ucs2, r->parts, r->parts_sent, (int)(r->id & 0xFF),
                              w->cfg->sms.delivery_reports, on_written};
    if (!w->handled++) w->first_ms = util_mono_ms();
    int rc = w->tt->submit(w->t, &m, on_part, w, err);
    if (rc != TRANSPORT_PENDING) {
        struct transport_outcome o = {.id = r->id, .rc = rc, .err = err};
        on_outcome(w, &o);
        settle(w);
    }
    if (w->mc->rate_per_minute > 0) w->next_send = util_mono_ms() + (int64_t)r->parts * 60000 / w->mc->rate_per_minute;
}

/* What the rules read, gathered from the store: the modem's counts; then, for a claimed row, its number's. */
static void gather(struct worker *w, time_t now, struct sender_counts *c)
{
    *c = (struct sender_counts){.clock_bad = w->clock_bad, .mono_ms = util_mono_ms(), .next_send_ms = w->next_send};
    c->paused = store_paused_get(w->st, NULL, 0) == 0;
    if (w->mc->daily_limit) c->parts_today = store_outbox_modem_parts(w->st, w->mc->name, util_day_start(util_local_day(now)));
}

static void gather_row(struct worker *w, const struct outbox_row *r, time_t now, struct sender_counts *c)
{
    if (r->kind == OK_AUTO && !r->urgent && w->mc->auto_reply_parts > 0)
        c->auto_parts_today = store_outbox_modem_auto_parts(w->st, w->mc->name, util_day_start(util_local_day(now)));
    if (r->kind != OK_CAMPAIGN) return;
    struct contact k = {0};
    c->opted_out = store_contact_get(w->st, r->phone, &k) == 0 && k.opted_out;
    store_contact_clear(&k);
    if (!r->urgent && w->cfg->sms.per_person_per_day)
        c->sent_today = store_outbox_sent_to(w->st, r->phone, util_day_start(util_local_day(now)));
}

/* ---- the loop ---- */

enum step { STEP_AGAIN, STEP_WAIT, STEP_DONE, STEP_FAIL };

/* Nothing due: the next due row (after quiet hours, when they hold it back), as a wait. */
static int64_t until_next_due(struct worker *w, time_t now, int quiet)
{
    time_t next = store_outbox_next_due(w->st);
    if (quiet && next) next = sender_quiet_end(next > now ? next : now, w->cfg->sms.quiet_from, w->cfg->sms.quiet_to);
    int64_t ms = -1;
    wake_sooner_time(&ms, next);
    return ms;
}

/* A claimed row the rules hold back: cancelled or back to the queue. */
static void hold_row(struct worker *w, const struct outbox_row *r, const struct sender_decision *d)
{
    if (d->verdict == SENDER_CANCEL && d->reason == SENDER_BUDGET) {
        store_outbox_cancel_claimed(w->st, r->id, NOTE_BUDGET);
        log_warn("outbox=%lld to %s cancelled: modem %s spent its %d parts for automatic replies today", (long long)r->id,
                 log_phone(r->phone), w->mc->name, w->mc->auto_reply_parts);
        return;
    }
    if (d->verdict == SENDER_CANCEL) {
        store_outbox_cancel_claimed(w->st, r->id, NOTE_OPTED_OUT);
        log_info("outbox=%lld to %s cancelled: opted out", (long long)r->id, log_phone(r->phone));
        return;
    }
    store_outbox_defer(w->st, r->id, d->until);
    if (d->reason == SENDER_CAP)
        log_info("outbox=%lld to %s waits for tomorrow: %d SMS a day per person at most", (long long)r->id,
                 log_phone(r->phone), w->cfg->sms.per_person_per_day);
    else
        log_info("outbox=%lld to %s waits: %s", (long long)r->id, log_phone(r->phone), sender_reason_name(d->reason));
}

#define RUN_GRACE 60   /* a run's first message this late is on time (as the scheduler's) */

/* The catch-up rule where the queue meets the modem: a run whose first message could not leave by its time
 * plus catch_up (the modem down, sending paused, the day's limit reached) is skipped whole, its messages
 * cancelled, and says why; once one message of a run has gone, the rest continue. 1 skipped (R cancelled), 0. */
static int run_missed(struct worker *w, const struct outbox_row *r, time_t now)
{
    if (r->kind != OK_CAMPAIGN || !r->run_id || r->run_id == w->run_going) return 0;
    const struct cfg_campaign *c = r->campaign ? config_campaign(w->cfg, r->campaign) : NULL;
    struct run_row run = {0};
    if (!c || store_run_get(w->st, r->run_id, &run) != 0) return 0;
    time_t deadline = run.scheduled + (c->catch_up > 0 ? c->catch_up : 0) + RUN_GRACE;
    store_run_clear(&run);
    long out = now > deadline ? store_run_out(w->st, r->run_id) : 1;
    if (out != 0) {
        if (out > 0) w->run_going = r->run_id;
        return 0;
    }
    char note[160], ts[24];
    int k = snprintf(note, sizeof note, "skipped: ");
    snprintf(note + k, sizeof note - (size_t)k, c->catch_up < 0 ? NOTE_NONE_WENT_SKIP : NOTE_NONE_WENT_LATER,
             util_fmt_time(deadline - RUN_GRACE, ts, sizeof ts));
    if (store_begin(w->st) < 0 || store_outbox_cancel_claimed(w->st, r->id, NOTE_RUN_SKIPPED) < 0 ||
        store_outbox_cancel_run(w->st, r->run_id) < 0 || store_run_set_state(w->st, r->run_id, RUN_SKIPPED, note) < 0 ||
        store_commit(w->st) < 0) {
        log_error("run=%lld: %s", (long long)r->run_id, store_errmsg(w->st));
        store_rollback(w->st);
        return 0;
    }
    log_warn("campaign %s run=%lld %s; its messages are cancelled", c->id, (long long)r->run_id, note);
    return 1;
}

/* Whether sending waits for a long reader (RELIABILITY.md): while another program holds a snapshot, no
 * checkpoint can restart the WAL and every message sent adds its pages (~30 kB) to it; beyond
 * sms.wal_limit_mb the worker waits for the reader instead of growing the WAL without bound. The size is
 * one stat() a claim; only beyond the limit is the open outcome committed and a checkpoint tried. */
static int wal_held(struct worker *w)
{
    long long bytes = store_wal_bytes(w->st), cap = (long long)w->cfg->sms.wal_limit_mb * 1048576;
    int held = 0;
    if (bytes > cap) {
        flush(w);
        held = store_wal_held(w->st) > 0;
    }
    if (held && !w->wal_waiting)
        log_warn("modem %s waits: the database's write-ahead log is %lld MB (sms.wal_limit_mb = %d) while another program "
                 "keeps a read open; sending resumes when it ends", w->mc->name, bytes / 1048576, w->cfg->sms.wal_limit_mb);
    else if (!held && w->wal_waiting)
        log_info("modem %s sends again: the reader that held the write-ahead log has ended", w->mc->name);
    w->wal_waiting = held;
    return held;
}

/* Claim the next due row and hand it over, when the rules let it go. */
static int send_next(struct worker *w, int64_t *wait)
{
    if (wal_held(w)) {
        *wait = WAL_WAIT_MS;
        return STEP_WAIT;
    }
    time_t now = util_now();
    struct sender_counts c;
    struct sender_decision d;
    gather(w, now, &c);
    sender_policy(NULL, now, &w->cfg->sms, w->mc, &c, &d);
    if (d.verdict == SENDER_WAIT) {
        if (d.reason == SENDER_DAILY) log_warn("modem %s reached its daily limit of %d parts; waiting for tomorrow", w->mc->name, w->mc->daily_limit);
        *wait = d.wait_ms;
        return w->o->once && d.reason != SENDER_RATE ? STEP_DONE : STEP_WAIT;
    }
    struct outbox_row r = {0};
    int tells = w->tt->tells_written && w->tt->tells_written(w->t);
    int rc = store_outbox_claim(w->st, w->mc->name, now, d.quiet,
                                (transport_reports(w->cfg, w->mc) ? STORE_CLAIM_REPORT : 0) | (tells ? STORE_CLAIM_TELLS : 0), &r);
    /* the previous outcome and this claim: one commit. A failed commit undid the claim too: nothing is sent. */
    if (flush(w) < 0 && rc == 0) {
        store_outbox_clear(&r);
        rc = -1;
    }
    if (rc < 0) {
        log_error("outbox: %s", store_errmsg(w->st));
        /* Writing on over damaged pages can spread the damage: stop, and let the parent decide. */
        if (store_fault(w->st) == STORE_FAULT_DAMAGED) return log_error("modem %s stops: the database is damaged", w->mc->name), STEP_FAIL;
        *wait = STORE_RETRY_MS;
        return w->o->once ? STEP_FAIL : STEP_WAIT;
    }
    if (rc > 0) {
        *wait = until_next_due(w, now, d.quiet);
        return w->o->once ? STEP_DONE : STEP_WAIT;
    }
    gather_row(w, &r, now, &c);
    sender_policy(&r, now, &w->cfg->sms, w->mc, &c, &d);
    if (d.verdict != SENDER_GO) hold_row(w, &r, &d);
    else if (!run_missed(w, &r, now)) submit(w, &r);
    store_outbox_clear(&r);
    return STEP_AGAIN;
}

/* One step: reopen, poll the inbox, collect outcomes, or send. */
static int step(struct worker *w, int64_t *wait)
{
    int64_t mono = util_mono_ms();
    if (!w->t) {
        /* Opening takes seconds (and a vanished modem, the whole backoff): the last outcome is committed first,
         * or its open transaction holds the write lock for every other worker and the CLI meanwhile. */
        flush(w);
        if (mono < w->reopen_at) return *wait = w->reopen_at - mono, w->o->once ? STEP_FAIL : STEP_WAIT;
        if (open_transport(w) < 0) return w->o->once ? STEP_FAIL : STEP_AGAIN;
    }
    if (mono >= w->next_inbox) {
        char err[LOA_ERRLEN] = "";
        flush(w);
        check_balance(w);
        int n = receiver_poll(&w->rv, w->tt, w->t, err);
        if (n < 0) log_warn("modem %s inbox: %s", w->mc->name, err);
        w->next_inbox = util_mono_ms() + (int64_t)w->cfg->sms.inbox_poll * 1000;
        if (n == TRANSPORT_DOWN) w->failures = DOWN_AFTER, close_transport(w, err);
        return STEP_AGAIN;
    }
    if (w->nfly >= w->tt->window || w->nfly >= MAX_WINDOW) return collect(w, w->mc->reply_timeout * 1000), STEP_AGAIN;
    /* Outcomes that could not be written come first: no new claim while the database refuses them. */
    if (w->nunrec) {
        flush(w);
        if (record_unrecorded(w)) {
            if (w->nfly) collect(w, 0);
            return *wait = STORE_RETRY_MS, w->o->once ? STEP_FAIL : STEP_WAIT;
        }
    }
    int s = send_next(w, wait);
    if (s == STEP_FAIL) return s;   /* what is in flight is collected on the way out */
    if (w->nfly && s != STEP_AGAIN) return collect(w, w->mc->reply_timeout * 1000), STEP_AGAIN;
    if (w->nfly) collect(w, 0);
    return s;
}

/* Sleep WAIT_MS (< 0: until something changes), never past the next inbox poll. */
static void idle(struct worker *w, int64_t wait_ms)
{
    flush(w);
    if (w->t) wake_sooner_mono(&wait_ms, w->next_inbox);
    if (wake_wait(w->wk, wait_ms) == WAKE_SIGNAL) wake_signals();
}

static int worker_open(struct worker *w, const struct config *cfg, const struct cfg_modem *mc, const struct sender_opts *o)
{
    char err[LOA_ERRLEN];
    *w = (struct worker){.cfg = cfg, .mc = mc, .o = o, .tt = o->transport ? o->transport : transport_lookup(mc->type)};
    if (!w->tt) return log_error("modem %s: unknown type '%s'", mc->name, mc->type), -1;
    if (!(w->st = store_log_open(cfg->database))) return -1;
    if (!(w->wk = wake_open(cfg->database, err))) {
        log_error("%s", err);
        store_close(w->st);
        return -1;
    }
    w->rv = (struct receiver){w->st, cfg, mc->name};
    if (w->tt->set_stop_flag) w->tt->set_stop_flag(wake_stop_flag());
    return 0;
}

static void worker_close(struct worker *w)
{
    flush(w);
    if (w->nunrec && record_unrecorded(w))   /* the parent marks these unknown when it reaps this worker */
        log_error("modem %s stops with %d %s not recorded", w->mc->name, w->nunrec, log_plural(w->nunrec, "outcome", "outcomes"));
    if (w->handled)
        log_info("modem %s handled %ld %s in %.3f s (%.0f a second, every one committed)", w->mc->name, w->handled,
                 log_plural(w->handled, "message", "messages"), (w->last_ms - w->first_ms) / 1000.0,
                 w->last_ms > w->first_ms ? w->handled * 1000.0 / (double)(w->last_ms - w->first_ms) : 0.0);
    if (w->t) {
        drop_transport(w);
        status(w, w->clock_bad ? MODEM_STATE_CLOCK : MODEM_STATE_STOPPED, util_now(), NULL, 0);   /* a clock problem stays visible */
    }
    wake_close(w->wk);
    store_close(w->st);
}

int sender_main(const struct config *cfg, const struct cfg_modem *mc, const struct sender_opts *o)
{
    struct worker w;
    log_set_tag(mc->name);
    if (worker_open(&w, cfg, mc, o) < 0) return LOA_EXIT_SYSTEM;
    int s = STEP_AGAIN;
    while (!wake_stopping() && s != STEP_DONE && s != STEP_FAIL) {
        int64_t wait = -1;
        s = step(&w, &wait);
        if (s == STEP_WAIT) idle(&w, wait);
    }
    /* stopped by a signal with outcomes to collect: the message in flight finishes first */
    while (w.nfly && w.t) collect(&w, w.mc->reply_timeout * 1000);
    worker_close(&w);
    return s == STEP_FAIL ? LOA_EXIT_SYSTEM : 0;
}
