/*
 * scheduler — turns campaign files into runs. A run is (campaign, channel, time), unique
 * in the database: materialising it inserts the run and its outbox rows in one
 * transaction, so a second tick, a second `loa run --once`, or a restart after a crash
 * in the middle enqueues nothing twice.
 */
#include "scheduler.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "note.h"
#include "schedule.h"
#include "sender.h"
#include "sms.h"
#include "template.h"
#include "util.h"

/* ---- audience ---- */

struct aud {
    const struct config *cfg;
    const struct cfg_campaign *c;
    strmap households;
    strmap phones;              /* phone -> 1 + index in members[] (-1: an explicit number handed out) */
    struct contact *members;    /* one per shared number, in the order residents came; on_number counts them */
    size_t n;
    store_contact_cb cb;
    void *ud;
    int stop;
};

static int has_tag(const char *tags, const char *tag)
{
    if (!tags) return 0;
    size_t n = strlen(tag);
    for (const char *p = tags; *p;) {
        while (*p == ',' || *p == ' ') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        const char *t = e;
        while (t > p && t[-1] == ' ') t--;
        if ((size_t)(t - p) == n && !strncmp(p, tag, n)) return 1;
        p = e;
    }
    return 0;
}

static int vneid_matches(int want, int have)
{
    switch (want) {
    case CFG_VNEID_NOT_ACTIVATED: return have == VNEID_NOT_ACTIVATED;
    case CFG_VNEID_ACTIVATED: return have == VNEID_ACTIVATED;
    case CFG_VNEID_UNKNOWN: return have == VNEID_UNKNOWN;
    default: return 1;
    }
}

static int in_audience(struct aud *a, const struct contact *k)
{
    const struct cfg_campaign *c = a->c;
    for (size_t i = 0; i < c->audience.phones.n; i++)
        if (!strcmp(c->audience.phones.v[i], k->phone)) return 1;
    if (!c->audience.all && !c->audience.hamlets.n && !c->audience.tags.n) return 0;
    if (c->audience.hamlets.n) {
        int ok = 0;
        for (size_t i = 0; i < c->audience.hamlets.n && !ok; i++) {
            const struct cfg_hamlet *h = config_hamlet_current(a->cfg, c->audience.hamlets.v[i]);
            ok = h && k->hamlet && !strcmp(h->code, k->hamlet);
        }
        if (!ok) return 0;
    }
    if (c->audience.tags.n) {
        int ok = 0;
        for (size_t i = 0; i < c->audience.tags.n && !ok; i++) ok = has_tag(k->tags, c->audience.tags.v[i]);
        if (!ok) return 0;
    }
    if (!vneid_matches(c->audience.vneid, k->vneid)) return 0;
    if (c->audience.per_household && k->household && strmap_put_new(&a->households, k->household, 1)) return 0;
    return 1;
}

int scheduler_in_audience(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k)
{
    struct cfg_campaign copy = *c;
    copy.audience.per_household = 0;
    struct aud a = {.cfg = cfg, .c = &copy};
    return in_audience(&a, k);
}

/* A member of the audience: alone on its number, handed out at once; on a number residents share, the
 * first stands for it and the others are counted on it (handed out once every resident was seen). */
static int aud_one(void *ud, const struct contact *k)
{
    struct aud *a = ud;
    if (!in_audience(a, k)) return 0;
    if (k->on_number <= 1) {
        struct contact one = *k;
        one.on_number = 1;
        if (a->c->audience.phones.n) strmap_put_new(&a->phones, k->phone, -1);  /* only explicit numbers need it */
        return a->stop = a->cb(a->ud, &one);
    }
    long i = strmap_get(&a->phones, k->phone);
    if (i) {
        a->members[i - 1].on_number++;
        return 0;
    }
    a->members = xrealloc(a->members, (a->n + 1) * sizeof *a->members);
    struct contact *m = &a->members[a->n++];
    *m = *k;
    m->phone = xstrdup(k->phone);
    m->name = k->name ? xstrdup(k->name) : NULL;
    m->hamlet = k->hamlet ? xstrdup(k->hamlet) : NULL;
    m->household = k->household ? xstrdup(k->household) : NULL;
    m->tags = k->tags ? xstrdup(k->tags) : NULL;
    m->on_number = 1;
    strmap_put_new(&a->phones, k->phone, (long)a->n);
    return 0;
}

int scheduler_audience(store *st, const struct config *cfg, const struct cfg_campaign *c, store_contact_cb cb, void *ud)
{
    struct aud a = {.cfg = cfg, .c = c, .cb = cb, .ud = ud};
    int rc = store_contacts_active_each(st, aud_one, &a), stop = a.stop;
    for (size_t i = 0; i < a.n; i++) {
        if (rc == 0 && !stop) stop = cb(ud, &a.members[i]);
        store_contact_clear(&a.members[i]);
    }
    free(a.members);
    /* Explicit numbers that are not residents still receive it, unless they opted out. */
    for (size_t i = 0; rc == 0 && !stop && i < c->audience.phones.n; i++) {
        const char *p = c->audience.phones.v[i];
        if (strmap_put_new(&a.phones, p, -1)) continue;
        struct contact k = {0};
        int g = store_contact_get(st, p, &k);
        if (g < 0) rc = -1;
        else if (g > 0) {
            struct contact bare = {.phone = (char *)p, .name = "", .on_number = 1};
            stop = cb(ud, &bare);
        }
        store_contact_clear(&k);
    }
    strmap_free(&a.households);
    strmap_free(&a.phones);
    return rc;
}

/* Render into B (reset first) with DATE already formatted: the bulk path. */
static void render_into(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k,
                        const char *date, sbuf *b)
{
    const struct cfg_hamlet *h = k->hamlet ? config_hamlet(cfg, k->hamlet) : NULL;
    /* A number several residents share gets one SMS: no one's name, the template's fallback ({ten|bà con}) */
    struct template_vars v = {k->on_number > 1 ? NULL : k->name, h ? h->name : NULL, cfg->commune, date};
    sbuf_reset(b);
    template_render(c->sms_text, &v, b);
}

static void format_date(time_t when, char *date, size_t n)
{
    struct loa_tm tm;
    util_localtime(when, &tm);
    snprintf(date, n, "%02d/%02d/%04d", tm.mday, tm.mon, tm.year);
}

char *scheduler_render(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k, time_t when)
{
    char date[16];
    format_date(when, date, sizeof date);
    sbuf b = {0};
    render_into(cfg, c, k, date, &b);
    return sbuf_detach(&b);
}

/* ---- materialisation ---- */

struct mat {
    store *st;
    const struct config *cfg;
    const struct cfg_campaign *c;
    time_t when, now;
    struct run_result *res;
    int max_parts;
    int failed;
    char err[LOA_ERRLEN];
    char date[16];              /* the run's date, formatted once */
    sbuf buf;                   /* reused for every rendering */
    /* Rendered texts repeat ({ten} and {xom} take a few hundred values in a commune): each distinct
     * one is normalised and counted once. Bounded, so a template with {ho_ten} costs little memory. */
    strmap seen;                /* rendered text -> index + 1 into prepared[] / info[] */
    char **prepared;
    struct sms_info *info;
    int64_t *text_ids;          /* the rendering's row in run_texts, 0 until stored (issue 22: a run's text once) */
    size_t nseen;
};

#define MAT_CACHE_MAX 4096

/* The prepared text and its count for the rendering in M->buf (cached), or NULL if it cannot go; *TID
 * is its slot for the run_texts row. */
static const char *mat_prepare(struct mat *m, struct sms_info *info, int64_t **tid)
{
    const char *text = sbuf_str(&m->buf);
    long k = strmap_get(&m->seen, text);
    if (k) {
        *info = m->info[k - 1];
        *tid = &m->text_ids[k - 1];
        return m->prepared[k - 1];
    }
    char perr[LOA_ERRLEN];
    char *prep = sms_prepare_count(text, m->c->diacritics, info, perr);
    if (!prep) return NULL;
    if (m->nseen == MAT_CACHE_MAX) {    /* full: the last slot is a scratch one, replaced each time */
        free(m->prepared[MAT_CACHE_MAX]);
        m->prepared[MAT_CACHE_MAX] = prep;
        m->text_ids[MAT_CACHE_MAX] = 0;
        *tid = &m->text_ids[MAT_CACHE_MAX];
        return prep;
    }
    if (!m->prepared) {
        m->prepared = xcalloc(MAT_CACHE_MAX + 1, sizeof *m->prepared);
        m->info = xcalloc(MAT_CACHE_MAX, sizeof *m->info);
        m->text_ids = xcalloc(MAT_CACHE_MAX + 1, sizeof *m->text_ids);
    }
    m->prepared[m->nseen] = prep;
    m->info[m->nseen] = *info;
    *tid = &m->text_ids[m->nseen];
    strmap_put_new(&m->seen, text, (long)++m->nseen);
    return prep;
}

static void mat_free(struct mat *m)
{
    sbuf_free(&m->buf);
    strmap_free(&m->seen);
    if (m->prepared)
        for (size_t i = 0; i <= MAT_CACHE_MAX; i++) free(m->prepared[i]);
    free(m->prepared);
    free(m->info);
    free(m->text_ids);
}

static int mat_one(void *ud, const struct contact *k)
{
    struct mat *m = ud;
    render_into(m->cfg, m->c, k, m->date, &m->buf);
    struct sms_info info;
    int64_t *tid = NULL;
    const char *text = mat_prepare(m, &info, &tid);
    if (!text || info.parts > m->max_parts) {
        m->res->too_long++;  /* a text that cannot go is counted with them: the template makes it bad */
        return 0;
    }
    if (!*tid && store_run_text_add(m->st, m->res->run_id, text, tid) < 0) {
        snprintf(m->err, sizeof m->err, "%s", store_errmsg(m->st));
        m->failed = 1;
        return 1;
    }
    struct outbox_row r = {
        .run_id = m->res->run_id, .campaign = m->c->id, .phone = k->phone, .text = (char *)text,
        .ucs2 = info.encoding == SMS_UCS2, .parts = info.parts, .kind = OK_CAMPAIGN,
        .priority = m->c->priority, .urgent = m->c->urgent, .next_attempt = m->when > m->now ? m->when : m->now,
        .created = m->now, .text_id = *tid,
    };
    int rc = store_outbox_add(m->st, &r, NULL);
    if (rc < 0) {
        snprintf(m->err, sizeof m->err, "%s", store_errmsg(m->st));
        m->failed = 1;
        return 1;
    }
    m->res->recipients++;
    m->res->people += k->on_number > 1 ? k->on_number : 1;
    m->res->parts += info.parts;
    return 0;
}

/* scheduler_materialise inside the caller's transaction: 0 (res->created 0: the run was there), or -1 with ERR
 * (the caller rolls back). */
static int materialise_in(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t when, time_t now,
                          struct run_result *res, char *err)
{
    memset(res, 0, sizeof *res);
    int rc = store_run_insert(st, c->id, "sms", when, now, RUN_QUEUED, NULL, &res->run_id);
    if (rc != 0) return rc < 0 ? util_err(err, "%s", store_errmsg(st)) : 0;
    res->created = 1;
    struct mat m = {.st = st, .cfg = cfg, .c = c, .when = when, .now = now, .res = res,
                    .max_parts = c->max_parts ? c->max_parts : cfg->sms.max_parts};
    format_date(when, m.date, sizeof m.date);
    int arc = scheduler_audience(st, cfg, c, mat_one, &m);
    mat_free(&m);
    if (arc < 0 && !m.failed) {
        m.failed = 1;
        snprintf(m.err, sizeof m.err, "%s", store_errmsg(st));
    }
    char note[128] = "";
    if (res->too_long)
        snprintf(note, sizeof note, "%d %s left out: message over %d parts or not sendable (see loa check)", res->too_long,
                 log_plural(res->too_long, "resident", "residents"), m.max_parts);
    /* a paused campaign's run is made on time, its messages held until `loa campaign resume` (in the same
     * transaction: no sender can claim one in between) */
    int paused = store_campaign_paused_get(st, c->id, NULL, 0);
    if (!m.failed && paused == 0 && store_outbox_hold_run(st, res->run_id) < 0) m.failed = -1;
    res->held = paused == 0;
    if (m.failed || paused < 0 || store_run_set_counts(st, res->run_id, res->recipients, res->people, res->parts, note[0] ? note : NULL) < 0)
        return util_err(err, "campaign %s: %s", c->id, m.failed > 0 ? m.err : store_errmsg(st));
    return 0;
}

int scheduler_materialise(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t when, time_t now,
                          struct run_result *res, char *err)
{
    memset(res, 0, sizeof *res);
    if (store_begin(st) < 0) return util_err(err, "%s", store_errmsg(st));
    int rc = materialise_in(st, cfg, c, when, now, res, err);
    if (rc == 0 && res->created && store_commit_bulk(st) < 0) rc = util_err(err, "campaign %s: %s", c->id, store_errmsg(st));
    if (rc < 0) {
        store_rollback(st);
        memset(res, 0, sizeof *res);
        return -1;
    }
    if (!res->created) store_rollback(st);
    return 0;
}

/* ---- the tick ---- */

int scheduler_next_runs(const struct cfg_campaign *c, const struct cfg_schedule *s, time_t t, time_t *out, int n)
{
    int k = 0;
    while (k < n && schedule_next(s, c->from_day, c->until_day, t, &out[k]) == 0) t = out[k++];
    return k;
}

#define FIRST_LOOKBACK 86400   /* a fresh database considers the last day's runs (catch_up decides) */
#define GRACE 60               /* a run this late is on time */
#define GUARD 1000000          /* occurrences looked at per campaign and tick (an hourly campaign over a century) */

int scheduler_due(store *st, const struct cfg_campaign *c, time_t now, time_t *out, int n)
{
    if (!c->enabled || !c->has_sms) return 0;
    long long window = c->catch_up > GRACE ? c->catch_up : GRACE;
    time_t t = now - (time_t)window - 1, when;
    int k = 0;
    while (k < n && schedule_next(&c->sms_schedule, c->from_day, c->until_day, t, &when) == 0 && when <= now) {
        t = when;
        int made = store_run_exists(st, c->id, "sms", when);
        if (made < 0) return -1;
        if (!made) out[k++] = when;
    }
    return k;
}

/* One campaign's runs found late in one tick: summarised, since after a long downtime or a wrong clock they
 * may be thousands, and several missed runs of one campaign send once. */
struct late {
    time_t first, prev, last;  /* the first, the one before the last, and the last late scheduled time */
    int n;
};

/* Record N runs of C from FIRST to LAST as one row of STATE with NOTE, and say so in one log line. */
static int record_span(store *st, const struct cfg_campaign *c, time_t first, time_t last, int n, time_t now,
                       int state, const char *note)
{
    char a[24], b[24];
    int rc = store_run_insert_span(st, c->id, first, last, n, now, state, note);
    if (rc < 0) return log_error("campaign %s: %s", c->id, store_errmsg(st)), -1;
    if (rc > 0) return 0;
    if (n == 1) log_warn("campaign %s run of %s %s", c->id, util_fmt_time(first, a, sizeof a), note);
    else log_warn("campaign %s: %d runs from %s to %s %s", c->id, n, util_fmt_time(first, a, sizeof a),
                  util_fmt_time(last, b, sizeof b), note);
    return 0;
}

static int run_note(char *note, size_t n, const char *state, const char *fmt, ...) LOA_PRINTF(4, 5);

/* The catch-up rule for the latest late run of C at WHEN: 0 it may go (its first message can leave by
 * WHEN + catch_up, quiet hours counted), or 1 with why not in NOTE. */
static int too_late(const struct config *cfg, const struct cfg_campaign *c, time_t when, time_t now, char *note,
                    size_t n)
{
    long long late = (long long)(now - when);
    if (c->catch_up < 0) return run_note(note, n, "skipped", NOTE_LATE_SKIP, late / 60);
    time_t first = c->urgent ? now : sender_quiet_end(now, cfg->sms.quiet_from, cfg->sms.quiet_to);
    if (first - when <= c->catch_up) return 0;
    if (first > now) {
        char q[24];
        util_fmt_time(first, q, sizeof q);
        return run_note(note, n, "skipped", NOTE_QUIET_LATE, q, (long long)(first - when) / 60, c->catch_up / 60);
    }
    return run_note(note, n, "skipped", NOTE_LATE_LESS, late / 60);
}

/* NOTE: STATE, ": ", then FMT's sentence (note.h, shown translated in the listings); returns 1. */
static int run_note(char *note, size_t n, const char *state, const char *fmt, ...)
{
    int k = snprintf(note, n, "%s: ", state);
    if (k < 0 || (size_t)k >= n) return 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note + k, n - (size_t)k, fmt, ap);
    va_end(ap);
    return 1;
}

/* Materialise C's run at WHEN (IN_TXN: inside the caller's transaction); 1 made, 0 there already, -1 (logged). */
static int make_run(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t when, time_t now, int in_txn)
{
    struct run_result res;
    char err[LOA_ERRLEN], ts[24];
    int64_t t0 = util_mono_ms();
    if ((in_txn ? materialise_in : scheduler_materialise)(st, cfg, c, when, now, &res, err) < 0)
        return log_error("%s", err), -1;
    if (!res.created) return 0;
    log_info("campaign %s run=%lld for %s: %d messages, %d parts %s in %.3f s%s", c->id, (long long)res.run_id,
             util_fmt_time(when, ts, sizeof ts), res.recipients, res.parts,
             res.held ? "held (the campaign is paused)" : "queued", (util_mono_ms() - t0) / 1000.0,
             res.too_long ? " (some residents left out: message too long)" : "");
    if (!in_txn && store_checkpoint(st) < 0) log_warn("checkpoint after the run: %s", store_errmsg(st));
    return 1;
}

/* Decide C's late runs L (ONTIME: the time of a run on time after them, 0 none; IN_TXN: inside the caller's
 * transaction). Returns runs made, or -1. */
static int decide_late(store *st, const struct config *cfg, const struct cfg_campaign *c, const struct late *l,
                       time_t now, time_t ontime, int trusted, int in_txn)
{
    char note[256], ts[24];
    if (!l->n) return 0;
    if (!trusted) {
        /* the clock's verdict is shown once (log, status), not in every run's note */
        run_note(note, sizeof note, "held", "%s", NOTE_CLOCK_HELD);
        return record_span(st, c, l->first, l->last, l->n, now, RUN_HELD, note);
    }
    int skip = ontime || too_late(cfg, c, l->last, now, note, sizeof note);
    if (skip && !ontime) return record_span(st, c, l->first, l->last, l->n, now, RUN_SKIPPED, note);
    /* the latest goes (or a later one on time did): the ones before it are superseded, not sent again */
    if (l->n > (ontime ? 0 : 1)) {
        run_note(note, sizeof note, "skipped", NOTE_SUPERSEDED, util_fmt_time(ontime ? ontime : l->last, ts, sizeof ts));
        if (record_span(st, c, l->first, ontime ? l->last : l->prev, ontime ? l->n : l->n - 1, now, RUN_SKIPPED,
                        note) < 0)
            return -1;
    }
    return ontime ? 0 : make_run(st, cfg, c, l->last, now, in_txn);
}

/* C's held runs decided afresh with L: their rows replaced by the decision in one transaction, so a failure
 * (a full disk) leaves them held, to be decided at the next tick. Returns runs made, or -1. */
static int decide_held(store *st, const struct config *cfg, const struct cfg_campaign *c, const struct late *l,
                       time_t now, time_t ontime)
{
    if (store_begin(st) < 0) return log_error("campaign %s: %s", c->id, store_errmsg(st)), -1;
    int rc = store_run_held_delete(st, c->id);
    if (rc < 0) log_error("campaign %s: %s", c->id, store_errmsg(st));
    else rc = decide_late(st, cfg, c, l, now, ontime, 1, 1);
    if (rc >= 0 && store_commit_bulk(st) < 0) rc = -1, log_error("campaign %s: %s", c->id, store_errmsg(st));
    if (rc < 0) return store_rollback(st), -1;
    if (rc > 0 && store_checkpoint(st) < 0) log_warn("checkpoint after the run: %s", store_errmsg(st));
    return rc;
}

/* One campaign's runs due in (LAST, NOW]; with a trusted clock its held runs first, decided afresh. */
static int campaign_tick(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t last, time_t now,
                         int trusted, time_t *next)
{
    time_t t = last, when, held;
    int h = trusted ? store_run_held_first(st, c->id, &held) : 1;
    if (h < 0) return log_error("campaign %s: %s", c->id, store_errmsg(st)), -1;
    if (h == 0 && held <= t) t = held - 1;
    struct late l = {0};
    int made = 0;
    time_t ontime = 0;
    for (int guard = 0; guard < GUARD && schedule_next(&c->sms_schedule, c->from_day, c->until_day, t, &when) == 0;
         guard++) {
        t = when;
        if (when > now) {
            if (!*next || when < *next) *next = when;
            break;
        }
        if (now - when > GRACE) {
            if (!l.n) l.first = when;
            l.prev = l.last;
            l.last = when;
            l.n++;
            continue;
        }
        /* on time, but in quiet hours that end past its catch_up: it could only be skipped at their end */
        time_t open = c->urgent ? now : sender_quiet_end(now, cfg->sms.quiet_from, cfg->sms.quiet_to);
        if (open - when > (c->catch_up > 0 ? c->catch_up : 0) + GRACE) {
            char note[160], q[24];
            run_note(note, sizeof note, "skipped", c->catch_up < 0 ? NOTE_QUIET_SKIP : NOTE_QUIET_LESS,
                     util_fmt_time(open, q, sizeof q), (long long)(open - when) / 60);
            if (record_span(st, c, when, when, 1, now, RUN_SKIPPED, note) < 0) return -1;
            continue;
        }
        int rc = make_run(st, cfg, c, when, now, 0);
        if (rc < 0) return -1;
        made += rc;
        ontime = when;
    }
    int rc = h == 0 ? decide_held(st, cfg, c, &l, now, ontime) : decide_late(st, cfg, c, &l, now, ontime, trusted, 0);
    return rc < 0 ? -1 : made + rc;
}

int scheduler_tick_clock(store *st, const struct config *cfg, time_t now, int trusted,
                         time_t *next)
{
    char buf[32];
    long long last;
    if (store_setting_get(st, "scheduler.last_tick", buf, sizeof buf) != 0 || util_parse_int(buf, &last) < 0)
        last = now - FIRST_LOOKBACK;
    long long from = last >= now ? now - 1 : last;
    int made = 0;
    *next = 0;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *c = &cfg->campaigns[i];
        if (!c->enabled || !c->has_sms) continue;
        int rc = campaign_tick(st, cfg, c, (time_t)from, now, trusted, next);
        if (rc < 0) return -1;
        made += rc;
    }
    /* never backwards: a clock set back (untrusted, or corrected) must not bring old runs round again */
    snprintf(buf, sizeof buf, "%lld", (long long)(now > last ? now : last));
    store_setting_set(st, "scheduler.last_tick", buf);
    return made;
}

int scheduler_tick(store *st, const struct config *cfg, time_t now, time_t *next)
{
    return scheduler_tick_clock(st, cfg, now, 1, next);
}

int scheduler_cancel_disabled(store *st, const struct config *cfg)
{
    int total = 0;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *c = &cfg->campaigns[i];
        if (c->enabled) continue;
        int n = store_outbox_cancel_campaign(st, c->id);
        if (n > 0) {
            log_info("campaign %s is disabled: %d queued %s cancelled", c->id, n, log_plural(n, "message", "messages"));
            total += n;
        }
    }
    return total;
}

static int next_cmp(const void *a, const void *b)
{
    const struct scheduler_next *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->campaign < y->campaign ? -1 : x->campaign > y->campaign;
}

size_t scheduler_next_sms(const struct config *cfg, time_t t, struct scheduler_next *out)
{
    size_t k = 0;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *c = &cfg->campaigns[i];
        if (c->enabled && c->has_sms && scheduler_next_runs(c, &c->sms_schedule, t, &out[k].at, 1) == 1)
            out[k++].campaign = i;
    }
    if (k > 1) qsort(out, k, sizeof *out, next_cmp);
    return k;
}
