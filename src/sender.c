/*
 * sender — a worker per modem. Its loop: take the next due row (atomically set to
 * `sending` and committed), give it to the modem, record the outcome; between rows
 * honour pause, quiet hours, the modem's rate and daily limits and the per-person cap;
 * when nothing is due, sleep until the next due time or until the CLI commits something.
 *
 * Outcomes: accepted -> sent; failed before the network could have taken it -> queued
 * again with exponential backoff until max_attempts, then failed; permanent -> failed;
 * silence after the PDU -> unknown (never resent on its own). A modem failing several
 * times in a row is closed and reopened with backoff while the other workers carry on.
 */
#include "sender.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "phone.h"
#include "modem.h"
#include "outbox.h"
#include "replies.h"
#include "store.h"
#include "util.h"
#include "wake.h"

#define DOWN_AFTER 3                /* failures in a row that close the modem */
#define REOPEN_MAX_MS (5 * 60000)   /* longest wait before reopening a modem */

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

struct worker {
    const struct config *cfg;
    const struct cfg_modem *mc;
    const struct sender_opts *o;
    store *st;
    wake *wk;
    modem *md;
    int failures;              /* in a row */
    int64_t reopen_at;         /* monotonic ms */
    int64_t backoff;           /* ms */
    int64_t next_send;         /* monotonic ms: rate limit */
    int clock_bad;
    int64_t next_inbox;        /* monotonic ms: next inbox poll */
    time_t next_balance;       /* loa time: next USSD balance check (daily) */
    int txn;                   /* an outcome is recorded in an open transaction, committed with the next claim */
    long handled;              /* messages given to the modem since start */
    int64_t first_ms, last_ms; /* monotonic ms of the first claim and the last outcome */
    char last_error[LOA_ERRLEN];
};

/* Commit what is pending: an outcome waits for the next claim so both cost one fsync, but never
 * across a wait, a poll or the end of the worker. */
static void flush(struct worker *w)
{
    if (!w->txn) return;
    w->txn = 0;
    if (store_commit(w->st) < 0) {
        log_error("outbox: outcome not committed: %s", store_errmsg(w->st));
        store_rollback(w->st);
    }
}

static void status(struct worker *w, const char *state)
{
    struct modem_status m = {
        .name = w->mc->name, .state = (char *)state, .last_error = w->last_error[0] ? w->last_error : NULL,
        .failures = w->failures, .updated = util_now(),
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
    if (!w->md || !w->mc->balance_ussd || now < w->next_balance) return;
    w->next_balance = now + 86400;
    char bal[256], err[LOA_ERRLEN];
    if (modem_ussd(w->md, w->mc->balance_ussd, bal, sizeof bal, err) < 0) {
        log_warn("modem %s: balance not read: %s", w->mc->name, err);
        return;
    }
    struct modem_status ms = {.name = w->mc->name, .state = w->clock_bad ? "clock" : "up", .balance = bal, .balance_at = now,
                              .last_error = w->last_error[0] ? w->last_error : NULL, .updated = now};
    store_modem_status_set(w->st, &ms);
    log_info("modem %s balance: %s", w->mc->name, bal);
    warn_low_balance(w, bal);
}

static int open_modem(struct worker *w)
{
    char err[LOA_ERRLEN];
    if (!strcmp(w->mc->model, "dummy")) {
        /* Gammu's dummy phone keeps its folders under device/: create what it expects. */
        static const char *const sub[] = {"", "/sms/1", "/sms/2", "/sms/3", "/sms/4", "/sms/5", "/pbk", "/note",
                                          "/todo", "/calendar", "/alarm", "/fs", NULL};
        for (const char *const *s = sub; *s; s++) {
            char *p = xasprintf("%s%s", w->mc->device, *s);
            util_mkdir_p(p, 0750);
            free(p);
        }
    }
    struct modem_conf mc = {w->mc->name, w->mc->model, w->mc->connection, w->mc->device, w->mc->debug_file,
                            w->mc->reply_timeout * 1000};
    w->md = modem_open(&mc, err);
    if (!w->md) {
        snprintf(w->last_error, sizeof w->last_error, "%s", err);
        w->failures++;
        w->backoff = w->backoff ? w->backoff * 2 : 2000;
        if (w->backoff > REOPEN_MAX_MS) w->backoff = REOPEN_MAX_MS;
        w->reopen_at = util_mono_ms() + w->backoff;
        log_error("modem %s cannot be opened (%s); trying again in %lld s", w->mc->name, err, (long long)(w->backoff / 1000));
        status(w, "down");
        return -1;
    }
    w->failures = 0;
    w->backoff = 0;
    w->last_error[0] = '\0';
    log_info("modem %s open (%s on %s)", w->mc->name, w->mc->model, w->mc->device);

    /* The clock: a box may boot without network time. loa's clock (the system's, or where --now
     * started it) is compared with the network's; the build date bounds only the system's, since
     * --now may name any moment. */
    w->clock_bad = 0;
    time_t now = util_now(), mt;
    struct modem_status ms = {.name = w->mc->name, .state = "up", .updated = now};
    if (!w->o->trust_clock) {
        time_t built;
        if (!util_clock_overridden() && util_parse_datetime(LOA_BUILD_DATE, &built) == 0 && now < built) {
            snprintf(w->last_error, sizeof w->last_error, "system clock is before this loa was built (%s): fix the time or use --trust-clock", LOA_BUILD_DATE);
            w->clock_bad = 1;
        } else if (modem_get_time(w->md, &mt, err) == 0) {
            ms.clock_skew = (long)(mt - now);
            if (labs(ms.clock_skew) > 3600) {
                snprintf(w->last_error, sizeof w->last_error,
                         "system clock differs from the network's by %ld s: fix the time or use --trust-clock", ms.clock_skew);
                w->clock_bad = 1;
            }
        }
    }
    w->next_balance = 0;   /* the balance is read by check_balance at the inbox poll that follows at once */
    w->next_inbox = 0;
    if (w->clock_bad) {
        log_error("modem %s: %s; nothing will be sent", w->mc->name, w->last_error);
        ms.state = "clock";
        ms.last_error = w->last_error;
    }
    if (store_modem_status_set(w->st, &ms) < 0) log_warn("modem status not recorded: %s", store_errmsg(w->st));
    return 0;
}

static void close_modem(struct worker *w, const char *why)
{
    flush(w);
    modem_close(w->md);
    w->md = NULL;
    w->backoff = w->backoff ? w->backoff * 2 : 2000;
    if (w->backoff > REOPEN_MAX_MS) w->backoff = REOPEN_MAX_MS;
    w->reopen_at = util_mono_ms() + w->backoff;
    snprintf(w->last_error, sizeof w->last_error, "%s", why);
    log_error("modem %s marked down after %d failures in a row (%s); reopening in %lld s; other modems take its work",
              w->mc->name, w->failures, why, (long long)(w->backoff / 1000));
    status(w, "down");
}

struct part_ctx {
    struct worker *w;
    int64_t id;
    int parts;
    int last_part, last_ref;   /* the final part's reference: recorded with the outcome */
};

static void on_part(void *ud, int part, int ref)
{
    struct part_ctx *p = ud;
    if (part == p->parts - 1) {
        /* The last part: recorded with the outcome, in one commit. A crash before it leaves the row
         * `sending`, which becomes `unknown` at the next start: right, since it may have gone. */
        p->last_part = part;
        p->last_ref = ref;
        return;
    }
    /* An earlier part is recorded at once (see store_outbox_part_progress): a retry never resends a
     * part the modem already accepted, and the message's outcome still costs one fsync, not one per part. */
    if (store_outbox_part_progress(p->w->st, p->id, part, ref) < 0)
        log_error("outbox=%lld part %d accepted but not recorded: %s", (long long)p->id, part + 1, store_errmsg(p->w->st));
}

/* Send one claimed row and record the outcome. */
static void send_row(struct worker *w, struct outbox_row *r)
{
    const struct cfg_sms *sc = &w->cfg->sms;
    time_t now = util_now();
    char err[LOA_ERRLEN] = "";
    struct modem_msg msg = {r->phone, r->text, r->ucs2, (int)(r->id & 0xFF), sc->delivery_reports};
    struct part_ctx ctx = {w, r->id, r->parts, -1, 0};
    int rc = modem_send(w->md, &msg, r->parts_sent, on_part, &ctx, err);
    now = util_now();
    const char *ph = log_phone(r->phone);
    /* The outcome opens a transaction that the next claim commits (see flush). */
    int rec = 0;
    if (store_begin(w->st) == 0) w->txn = 1;
    if (ctx.last_part >= 0 && store_outbox_part_sent(w->st, r->id, ctx.last_part, ctx.last_ref) < 0)
        log_error("outbox=%lld last part accepted but not recorded: %s", (long long)r->id, store_errmsg(w->st));
    switch (rc) {
    case MODEM_OK:
        rec = store_outbox_sent(w->st, r->id);
        log_info("outbox=%lld sent to %s via %s (%d part%s)", (long long)r->id, ph, w->mc->name, r->parts,
                 r->parts == 1 ? "" : "s");
        w->failures = 0;
        break;
    case MODEM_STOPPED:
        /* SIGTERM between parts: the accepted parts are recorded; the rest goes at the next start */
        rec = store_outbox_defer(w->st, r->id, now);
        log_info("outbox=%lld to %s: %s", (long long)r->id, ph, err);
        break;
    case MODEM_PERMANENT:
        rec = store_outbox_fail(w->st, r->id, now, err);
        log_warn("outbox=%lld to %s failed for good: %s", (long long)r->id, ph, err);
        w->failures = 0;
        break;
    case MODEM_UNKNOWN:
        rec = store_outbox_unknown(w->st, r->id, now, err);
        log_warn("outbox=%lld to %s: no answer after the message went out (%s): marked unknown, not resent",
                 (long long)r->id, ph, err);
        /* Gammu may still hold half an answer: this connection is done. Reconnect at once. */
        modem_close(w->md);
        w->md = NULL;
        w->reopen_at = 0;
        w->failures++;
        break;
    default: {  /* MODEM_RETRY, MODEM_DOWN */
        long delay = (long)sc->retry_base << (r->attempts > 10 ? 10 : r->attempts - 1);
        int state = store_outbox_retry_later(w->st, r->id, now + delay, sc->max_attempts, err);
        rec = state < 0 ? -1 : 0;
        if (state == OB_FAILED)
            log_warn("outbox=%lld to %s failed after %d attempts: %s", (long long)r->id, ph, r->attempts, err);
        else
            log_warn("outbox=%lld to %s not sent (%s); attempt %d of %d, next in %ld s", (long long)r->id, ph, err,
                     r->attempts, sc->max_attempts, delay);
        w->failures++;
        snprintf(w->last_error, sizeof w->last_error, "%s", err);
        if (rc == MODEM_DOWN) w->failures = DOWN_AFTER;
        break;
    }
    }
    /* A full disk or another program's lock: the row stays `sending`, so it is not sent again,
     * and becomes `unknown` for the officer at the next start. */
    if (rec < 0)
        log_error("outbox=%lld outcome not recorded, the message stays `sending` (`unknown` after a restart): %s",
                  (long long)r->id, store_errmsg(w->st));
    if (w->failures >= DOWN_AFTER) close_modem(w, err[0] ? err : "repeated failures");
}

/* ---- receiving: parts stored first, deleted from the modem only after the commit ---- */

static int on_inpart(void *ud, const struct modem_inpart *p)
{
    struct worker *w = ud;
    time_t now = util_now();
    if (p->is_report) {
        char e164[32], err[LOA_ERRLEN];
        const char *to = phone_normalize(p->report_recipient, e164, err) == 0 ? e164 : p->report_recipient;
        if (p->report_delivered < 0) return 0;   /* "still trying": wait for the final report */
        int64_t id = 0;
        /* References wrap at 255: the latest send to that number with that reference, within a week. */
        int rc = store_outbox_delivery(w->st, w->mc->name, to, p->report_ref, p->report_delivered,
                                       p->report_time ? p->report_time : now, now - 7 * 86400, &id);
        if (rc < 0) return 1;   /* keep it on the modem: try again next poll */
        if (rc == 0) {
            log_info("outbox=%lld to %s %s", (long long)id, log_phone(to), p->report_delivered ? "delivered" : "NOT delivered");
            int sent, delivered;
            if (!p->report_delivered && outbox_delivery_collapsed(w->st, w->mc->name, now, &sent, &delivered))
                log_warn("modem %s: only %d of its last %d sends were delivered: the SIM may be blocked or out of credit",
                         w->mc->name, delivered, sent);
        }
        else log_warn("delivery report for %s (reference %d) matches no message sent in the last week", log_phone(to), p->report_ref);
        return 0;
    }
    struct inbox_part_new np = {
        w->mc->name, p->sender, p->smsc_time, p->concat_ref, p->concat_part, p->concat_total,
        p->text, p->coding, p->raw_hex, now,
    };
    int rc = store_inbox_part_add(w->st, &np);
    if (rc < 0) {
        log_error("received message from %s not stored (%s): left on the modem", log_phone(p->sender), store_errmsg(w->st));
        return 1;
    }
    if (rc == 1) log_info("message from %s was stored before (crash between store and delete): not stored twice", log_phone(p->sender));
    return 0;
}

static void receive(struct worker *w)
{
    char err[LOA_ERRLEN] = "";
    flush(w);
    check_balance(w);
    int n = modem_read_inbox(w->md, on_inpart, w, err);
    if (n < 0) {
        log_warn("modem %s inbox: %s", w->mc->name, err);
        if (n == MODEM_DOWN) {
            w->failures = DOWN_AFTER;
            close_modem(w, err);
        }
    }
    time_t now = util_now();
    if (store_inbox_assemble(w->st, w->mc->name, now, w->cfg->sms.multipart_timeout) < 0 ||
        replies_handle_pending(w->st, w->cfg, now) < 0)
        log_error("inbox: %s", store_errmsg(w->st));
    w->next_inbox = util_mono_ms() + (int64_t)w->cfg->sms.inbox_poll * 1000;
}

/* Wait until DEADLINE (loa time; 0 = no deadline) or until something changes. */
static void wait_until(struct worker *w, time_t deadline, int64_t max_ms)
{
    flush(w);
    int64_t ms = max_ms;
    if (w->md) {
        int64_t to_inbox = w->next_inbox - util_mono_ms();
        if (to_inbox < 0) to_inbox = 0;
        if (ms < 0 || to_inbox < ms) ms = to_inbox;
    }
    if (deadline) {
        int64_t d = ((int64_t)deadline - (int64_t)util_now()) * 1000;
        if (d < ms || ms < 0) ms = d < 0 ? 0 : d;
    }
    if (wake_wait(w->wk, ms) == WAKE_SIGNAL) wake_signals();
}

int sender_main(const struct config *cfg, const struct cfg_modem *mc, const struct sender_opts *o)
{
    char err[LOA_ERRLEN];
    struct worker w = {.cfg = cfg, .mc = mc, .o = o};
    log_set_tag(mc->name);
    w.st = store_open(cfg->database, err);
    if (!w.st) {
        log_error("%s", err);
        return LOA_EXIT_SYSTEM;
    }
    w.wk = wake_open(cfg->database, err);
    if (!w.wk) {
        log_error("%s", err);
        store_close(w.st);
        return LOA_EXIT_SYSTEM;
    }
    modem_set_stop_flag(wake_stop_flag());
    int code = 0;
    while (!wake_stopping()) {
        int64_t mono = util_mono_ms();
        if (!w.md) {
            /* Opening a modem takes seconds (and a vanished one, the whole backoff): the last outcome is
             * committed first, or its open transaction holds the write lock and every other worker's
             * outcomes and claims, and the CLI, fail with "database is locked" meanwhile. */
            flush(&w);
            if (mono < w.reopen_at) {
                if (o->once) { code = LOA_EXIT_SYSTEM; break; }
                wake_wait(w.wk, w.reopen_at - mono);
                wake_signals();
                continue;
            }
            if (open_modem(&w) < 0) {
                if (o->once) { code = LOA_EXIT_SYSTEM; break; }
                continue;
            }
        }
        if (w.md && mono >= w.next_inbox) {
            receive(&w);
            continue;
        }
        time_t now = util_now();
        char buf[16];
        if (w.clock_bad || store_setting_get(w.st, "paused", buf, sizeof buf) == 0) {
            if (o->once) break;
            wait_until(&w, 0, 60000);
            continue;
        }
        if (mono < w.next_send) {
            int64_t ms = w.next_send - mono;
            if (w.md && w.next_inbox - mono < ms) ms = w.next_inbox - mono;
            flush(&w);
            wake_wait(w.wk, ms < 0 ? 0 : ms);
            wake_signals();
            continue;
        }
        time_t day = util_day_start(util_local_day(now));
        if (mc->daily_limit && store_outbox_modem_parts(w.st, mc->name, day) >= mc->daily_limit) {
            if (o->once) break;
            log_warn("modem %s reached its daily limit of %d parts; waiting for tomorrow", mc->name, mc->daily_limit);
            wait_until(&w, day + 86400, -1);
            continue;
        }
        int quiet = sender_in_quiet(now, cfg->sms.quiet_from, cfg->sms.quiet_to);
        struct outbox_row r = {0};
        int rc = store_outbox_claim(w.st, mc->name, now, quiet, &r);
        flush(&w);   /* the previous outcome and this claim: one commit */
        if (rc < 0) {
            log_error("outbox: %s", store_errmsg(w.st));
            /* Writing on over damaged pages can spread the damage: stop, and let the parent decide. */
            if (store_fault(w.st) == STORE_FAULT_DAMAGED) {
                log_error("modem %s stops: the database is damaged", mc->name);
                code = LOA_EXIT_SYSTEM;
                break;
            }
            if (o->once) { code = LOA_EXIT_SYSTEM; break; }
            wait_until(&w, 0, 5000);
            continue;
        }
        if (rc > 0) {
            if (o->once) break;
            time_t next = store_outbox_next_due(w.st);
            if (quiet && next) next = sender_quiet_end(next > now ? next : now, cfg->sms.quiet_from, cfg->sms.quiet_to);
            wait_until(&w, next, next ? -1 : -1);
            continue;
        }
        /* Opt-outs are absolute and apply at once: checked here, at the last moment, for every campaign message. */
        if (r.kind == OK_CAMPAIGN) {
            struct contact k = {0};
            int opted = store_contact_get(w.st, r.phone, &k) == 0 && k.opted_out;
            store_contact_clear(&k);
            if (opted) {
                store_outbox_cancel_claimed(w.st, r.id, "the resident opted out");
                log_info("outbox=%lld to %s cancelled: opted out", (long long)r.id, log_phone(r.phone));
                store_outbox_clear(&r);
                continue;
            }
        }
        /* Automatic replies have their own share of the day's parts; beyond it they are dropped, not deferred. */
        if (outbox_auto_over_budget(w.st, mc, &r, day) > 0) {
            store_outbox_cancel_claimed(w.st, r.id, "the day's automatic-reply budget is spent");
            log_warn("outbox=%lld to %s cancelled: modem %s spent its %d parts for automatic replies today", (long long)r.id,
                     log_phone(r.phone), mc->name, mc->auto_reply_parts);
            store_outbox_clear(&r);
            continue;
        }
        /* The per-person cap: this row counts itself, being `sending` since now. */
        if (r.kind == OK_CAMPAIGN && !r.urgent && cfg->sms.per_person_per_day &&
            store_outbox_sent_to(w.st, r.phone, day) > cfg->sms.per_person_per_day) {
            store_outbox_defer(w.st, r.id, day + 86400);
            log_info("outbox=%lld to %s waits for tomorrow: %d SMS a day per person at most", (long long)r.id,
                     log_phone(r.phone), cfg->sms.per_person_per_day);
            store_outbox_clear(&r);
            continue;
        }
        if (!w.handled++) w.first_ms = util_mono_ms();
        send_row(&w, &r);
        w.last_ms = util_mono_ms();
        if (mc->rate_per_minute > 0) w.next_send = util_mono_ms() + (int64_t)r.parts * 60000 / mc->rate_per_minute;
        store_outbox_clear(&r);
    }
    flush(&w);
    if (w.handled)
        log_info("modem %s handled %ld message%s in %.3f s (%.0f a second, every one committed)", mc->name, w.handled,
                 w.handled == 1 ? "" : "s", (w.last_ms - w.first_ms) / 1000.0,
                 w.last_ms > w.first_ms ? w.handled * 1000.0 / (double)(w.last_ms - w.first_ms) : 0.0);
    if (w.md) {
        modem_close(w.md);
        status(&w, w.clock_bad ? "clock" : "stopped");   /* a clock problem stays visible */
    }
    wake_close(w.wk);
    store_close(w.st);
    return code;
}
