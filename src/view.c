/* view — the data of every listing, built once as structs, and their JSON; the CLI and the web page format them.
 *
 * Sections: JSON helpers; status; campaign list, preview, results; inbox and outbox rows;
 * enrollment summary; broadcast programme and log; reports. */
#include "view.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broadcast.h"
#include "outbox.h"
#include "scheduler.h"
#include "sms.h"
#include "transport.h"
#include "trust.h"
#include "util.h"
#include "vntext.h"

/* ---- JSON helpers ---- */

void view_json_print(FILE *fp, json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (s) {
        fputs(s, fp);
        fputc('\n', fp);
        free(s);
    }
    json_decref(j);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A local time as "YYYY-MM-DD HH:MM:SS", or null for 0 (never happened). */
static json_t *time_or_null(time_t t)
{
    char b[24];
    return t ? json_string(util_fmt_time(t, b, sizeof b)) : json_null();
}

static json_t *day_json(long day)
{
    char b[16];
    return json_string(view_day(day, b, sizeof b));
}

/* ---- skipped and held runs ---- */

struct missed_ctx {
    struct view_missed_list *l;
    const char *campaign;
    time_t since;
    size_t cap;
};

static int missed_one(void *ud, const struct run_missed *m)
{
    struct missed_ctx *x = ud;
    if (x->campaign && strcmp(x->campaign, m->campaign)) return 0;
    if (m->state == RUN_SKIPPED && m->last < x->since) return 0;
    if (x->l->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 4;
        x->l->v = xrealloc(x->l->v, x->cap * sizeof *x->l->v);
    }
    struct view_missed *o = &x->l->v[x->l->n++];
    snprintf(o->campaign, sizeof o->campaign, "%s", m->campaign);
    o->state = m->state;
    o->runs = m->runs;
    o->last = m->last;
    /* the note says "skipped: …" or "held: …": the state is shown apart */
    const char *why = m->note ? m->note : "", *name = store_run_state_name(m->state);
    size_t k = strlen(name);
    if (!strncmp(why, name, k) && why[k] == ':' && why[k + 1] == ' ') why += k + 2;
    snprintf(o->why, sizeof o->why, "%s", why);
    return 0;
}

int view_missed(store *st, const char *campaign, time_t skipped_since, struct view_missed_list *out, char *err)
{
    memset(out, 0, sizeof *out);
    struct missed_ctx x = {out, campaign, skipped_since, 0};
    if (store_run_missed_each(st, 0, 0, missed_one, &x) < 0) return util_err(err, "%s", store_errmsg(st));
    return 0;
}

void view_missed_clear(struct view_missed_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* {"runs", "latest", "why"} of M, or null when it counts no run */
static json_t *missed_json(const struct view_missed *m)
{
    if (!m->runs) return json_null();
    json_t *j = json_object();
    json_object_set_new(j, "runs", json_integer(m->runs));
    json_object_set_new(j, "latest", time_or_null(m->last));
    json_object_set_new(j, "why", json_string(m->why));
    return j;
}

/* ---- status ---- */

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

struct status_ctx {
    struct view_status *v;
    store *st;
    const struct config *cfg;
    size_t cap;
};

static int status_modem(void *ud, const struct modem_status *m)
{
    struct status_ctx *x = ud;
    struct view_status *v = x->v;
    if (v->nmodems == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 4;
        v->modems = xrealloc(v->modems, x->cap * sizeof *v->modems);
    }
    struct view_modem *o = &v->modems[v->nmodems++];
    o->m = *m;
    o->m.name = xstrdup(m->name);
    o->m.state = dup_or_null(m->state);
    o->m.last_error = dup_or_null(m->last_error);
    o->m.balance = dup_or_null(m->balance);
    o->collapsed = outbox_delivery_collapsed(x->st, x->cfg, m->name, v->now, &o->sent, &o->delivered);
    return 0;
}

int view_status(store *st, const struct config *cfg, time_t now, struct view_status *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->commune = cfg->commune;
    out->now = now;
    if (store_outbox_counts(st, out->counts) < 0) return util_err(err, "%s", store_errmsg(st));
    /* A campaign switched off in its file: its waiting messages will never go (the service cancels them when it
     * starts or reloads), so they are not counted as queued meanwhile. */
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &cfg->campaigns[i];
        if (k->enabled) {
            out->paused_campaigns += store_campaign_paused_get(st, k->id, NULL, 0) == 0;
            continue;
        }
        struct campaign_results r;
        int rc = store_campaign_results(st, k->id, &r);
        out->counts[OB_QUEUED] -= r.counts[OB_QUEUED];
        out->counts[OB_HELD] -= r.counts[OB_HELD];
        out->to_cancel += r.counts[OB_QUEUED] + r.counts[OB_HELD];
        store_campaign_results_clear(&r);
        if (rc < 0) return util_err(err, "%s", store_errmsg(st));
    }
    out->paused = store_paused_get(st, out->paused_since, sizeof out->paused_since) == 0;
    struct trust t;
    int tr = trust_last(st, &t);
    if (tr < 0) return util_err(err, "%s", store_errmsg(st));
    out->clock_known = tr == 0;
    out->clock_trusted = tr == 0 && t.trusted;
    snprintf(out->clock_why, sizeof out->clock_why, "%s", tr == 0 ? t.why : "");
    if (view_missed(st, NULL, now - 30 * 86400, &out->missed, err) < 0) return -1;
    struct status_ctx x = {out, st, cfg, 0};
    if (store_modem_status_each(st, status_modem, &x) < 0) return util_err(err, "%s", store_errmsg(st));
    struct scheduler_next *next = xcalloc(cfg->ncampaigns ? cfg->ncampaigns : 1, sizeof *next);
    size_t nnext = scheduler_next_sms(cfg, now, next);
    out->next = xcalloc(nnext + cfg->ncampaigns + 1, sizeof *out->next);
    for (size_t i = 0; i < cfg->ncampaigns; i++) {   /* the runs due now first, in config order */
        time_t due;
        int d = scheduler_due(st, &cfg->campaigns[i], now, &due, 1);
        if (d < 0) {
            free(next);
            return util_err(err, "%s", store_errmsg(st));
        }
        if (d) out->next[out->nnext++] = (struct view_next_run){&cfg->campaigns[i], due, 1};
    }
    for (size_t i = 0; i < nnext; i++) out->next[out->nnext++] = (struct view_next_run){&cfg->campaigns[next[i].campaign], next[i].at, 0};
    free(next);
    return 0;
}

static json_t *modem_json(const struct view_modem *o)
{
    char rate[64];
    json_t *j = json_object();
    json_object_set_new(j, "name", json_string(o->m.name));
    json_object_set_new(j, "state", str_or_null(o->m.state));
    json_object_set_new(j, "last_error", str_or_null(o->m.last_error));
    json_object_set_new(j, "failures", json_integer(o->m.failures));
    json_object_set_new(j, "balance", str_or_null(o->m.balance));
    json_object_set_new(j, "clock_skew", json_integer(o->m.clock_skew));
    json_object_set_new(j, "updated", json_string(util_fmt_time(o->m.updated, rate, sizeof rate)));
    snprintf(rate, sizeof rate, "%d of its last %d sends delivered", o->delivered, o->sent);
    json_object_set_new(j, "delivery_warning", o->collapsed ? json_string(rate) : json_null());
    return j;
}

json_t *view_status_json(const struct view_status *v)
{
    json_t *j = json_object(), *q = json_object(), *mo = json_array(), *nr = json_array();
    for (int i = 0; i < OB__N; i++) json_object_set_new(q, store_outbox_state_name(i), json_integer(v->counts[i]));
    json_object_set_new(j, "queue", q);
    json_object_set_new(j, "to_cancel", json_integer(v->to_cancel));
    json_object_set_new(j, "paused_campaigns", json_integer(v->paused_campaigns));
    json_object_set_new(j, "paused", v->paused ? json_string(v->paused_since) : json_false());
    for (size_t i = 0; i < v->nmodems; i++) json_array_append_new(mo, modem_json(&v->modems[i]));
    json_object_set_new(j, "modems", mo);
    for (size_t i = 0; i < v->nnext; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "campaign", json_string(v->next[i].campaign->id));
        json_object_set_new(o, "at", time_or_null(v->next[i].at));
        json_object_set_new(o, "due_now", json_boolean(v->next[i].due));
        json_array_append_new(nr, o);
    }
    json_object_set_new(j, "next_runs", nr);
    json_t *ck = json_object();
    json_object_set_new(ck, "trusted", v->clock_known ? json_boolean(v->clock_trusted) : json_null());
    json_object_set_new(ck, "why", v->clock_known ? json_string(v->clock_why) : json_null());
    json_object_set_new(j, "clock", ck);
    json_t *mr = json_array();
    for (size_t i = 0; i < v->missed.n; i++) {
        const struct view_missed *m = &v->missed.v[i];
        json_t *o = json_object();
        json_object_set_new(o, "campaign", json_string(m->campaign));
        json_object_set_new(o, "state", json_string(store_run_state_name(m->state)));
        json_object_set_new(o, "runs", json_integer(m->runs));
        json_object_set_new(o, "latest", time_or_null(m->last));
        json_object_set_new(o, "why", json_string(m->why));
        json_array_append_new(mr, o);
    }
    json_object_set_new(j, "missed_runs", mr);
    return j;
}

void view_status_clear(struct view_status *v)
{
    view_missed_clear(&v->missed);
    for (size_t i = 0; i < v->nmodems; i++) store_modem_status_clear(&v->modems[i].m);
    free(v->modems);
    free(v->next);
    memset(v, 0, sizeof *v);
}

/* ---- campaign list ---- */

const char *view_day(long day, char *buf, size_t n)
{
    if (day == LONG_MIN || day == LONG_MAX) return "-";
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    return buf;
}

int view_delivered_pct(const struct config *cfg, const long counts[OB__N])
{
    long out = counts[OB_SENT] + counts[OB_DELIVERED] + counts[OB_FAILED];
    if (!transport_reports_named(cfg, NULL) || out <= 0) return -1;
    return (int)((counts[OB_DELIVERED] * 100 + out / 2) / out);
}

/* The database's part of each entry: pause, messages waiting, to be cancelled, delivered %. 0 or -1 (ERR). */
static int campaigns_figures(store *st, const struct config *cfg, struct view_campaign *v, size_t n, char *err)
{
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *k = v[i].k;
        int p = store_campaign_paused_get(st, k->id, v[i].paused_since, sizeof v[i].paused_since);
        if (p < 0 || store_campaign_waiting(st, k->id, &v[i].waiting) < 0) return util_err(err, "%s", store_errmsg(st));
        if (p != 0) v[i].paused_since[0] = 0;
        else if (k->enabled) v[i].state = "paused";
        v[i].to_cancel = k->enabled ? 0 : v[i].waiting;
        struct campaign_results r;
        if (store_campaign_results(st, k->id, &r) < 0) {
            store_campaign_results_clear(&r);
            return util_err(err, "%s", store_errmsg(st));
        }
        v[i].delivered_pct = view_delivered_pct(cfg, r.counts);
        store_campaign_results_clear(&r);
    }
    struct view_missed_list ml;
    if (view_missed(st, NULL, 0, &ml, err) < 0) return -1;
    for (size_t j = 0; j < ml.n; j++)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(ml.v[j].campaign, v[i].k->id)) {
                if (ml.v[j].state == RUN_HELD) v[i].held = ml.v[j];
                else v[i].skipped = ml.v[j];
            }
    view_missed_clear(&ml);
    return 0;
}

struct view_campaign *view_campaigns(store *st, const struct config *cfg, time_t now, char *err)
{
    struct view_campaign *v = xcalloc(cfg->ncampaigns ? cfg->ncampaigns : 1, sizeof *v);
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &cfg->campaigns[i];
        v[i].k = k;
        v[i].state = k->enabled ? (k->urgent ? "urgent" : "enabled") : "disabled";
        v[i].delivered_pct = -1;
        if (!(k->enabled && k->has_sms && scheduler_next_runs(k, &k->sms_schedule, now, &v[i].next_sms, 1) == 1))
            v[i].next_sms = 0;
        if (st && scheduler_due(st, k, now, &v[i].due, 1) < 0) {
            util_err(err, "%s", store_errmsg(st));
            free(v);
            return NULL;
        }
    }
    if (st && campaigns_figures(st, cfg, v, cfg->ncampaigns, err) < 0) {
        free(v);
        return NULL;
    }
    return v;
}

static json_t *pct_or_null(int pct)
{
    return pct < 0 ? json_null() : json_integer(pct);
}

json_t *view_campaigns_json(const struct view_campaign *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *k = v[i].k;
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(k->id));
        json_object_set_new(o, "title", json_string(k->title));
        json_object_set_new(o, "enabled", json_boolean(k->enabled));
        json_object_set_new(o, "urgent", json_boolean(k->urgent));
        json_object_set_new(o, "priority", json_integer(k->priority));
        json_object_set_new(o, "from", k->from_day == LONG_MIN ? json_null() : day_json(k->from_day));
        json_object_set_new(o, "until", k->until_day == LONG_MAX ? json_null() : day_json(k->until_day));
        json_object_set_new(o, "sms", json_boolean(k->has_sms));
        json_object_set_new(o, "broadcast", json_boolean(k->has_broadcast));
        json_object_set_new(o, "next_sms", time_or_null(v[i].next_sms));
        json_object_set_new(o, "due_now", time_or_null(v[i].due));
        json_object_set_new(o, "paused", v[i].paused_since[0] ? json_string(v[i].paused_since) : json_false());
        json_object_set_new(o, "waiting", json_integer(v[i].waiting));
        json_object_set_new(o, "to_cancel", json_integer(v[i].to_cancel));
        json_object_set_new(o, "delivered_pct", pct_or_null(v[i].delivered_pct));
        json_object_set_new(o, "file", json_string(k->file));
        json_object_set_new(o, "skipped_runs", missed_json(&v[i].skipped));
        json_object_set_new(o, "held_runs", missed_json(&v[i].held));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---- campaign preview ---- */

int view_preview(store *st, const struct config *cfg, const struct cfg_campaign *k, time_t now, int count,
                 struct view_preview *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->k = k;
    out->runs = xcalloc((size_t)(count > 0 ? count : 1), sizeof *out->runs);
    out->nruns = k->has_sms ? scheduler_next_runs(k, &k->sms_schedule, now, out->runs, count) : 0;
    out->one_way = campaign_one_way(cfg, k, &out->one_way_asks);
    out->due = xcalloc((size_t)(count > 0 ? count : 1), sizeof *out->due);
    out->overlap = out->past_until = -1;
    if ((out->ndue = scheduler_due(st, k, now, out->due, count)) < 0) return util_err(err, "%s", store_errmsg(st));
    time_t first = out->ndue ? now : out->nruns ? out->runs[0] : now;
    if (campaign_estimate(st, cfg, k, first, &out->e) < 0) return util_err(err, "%s", store_errmsg(st));
    if (k->has_sms && out->e.recipients == 0 && campaign_empty_why(st, cfg, k, &out->empty_why) < 0)
        return util_err(err, "%s", store_errmsg(st));
    campaign_pace(cfg, &out->pace);
    /* Each run alone on the modems: a due run goes now; the last one shown is compared with the one after it. */
    int n = out->ndue + out->nruns;
    out->ends = xcalloc((size_t)(n ? n : 1), sizeof *out->ends);
    time_t until = k->until_day == LONG_MAX ? 0 : util_day_start(k->until_day + 1);
    for (int i = 0; k->has_sms && i < n; i++) {
        time_t at = i < out->ndue ? now : out->runs[i - out->ndue], next = 0;
        out->ends[i] = campaign_finish(cfg, k->urgent, out->e.parts, at);
        if (i + 1 < n) next = i + 1 < out->ndue ? now : out->runs[i + 1 - out->ndue];
        else if (scheduler_next_runs(k, &k->sms_schedule, i < out->ndue ? now : at, &next, 1) != 1) next = 0;
        int late = out->ends[i] == -1 || out->ends[i] > at;   /* a run that ends when it starts never overlaps */
        if (out->overlap < 0 && late && next && (out->ends[i] == -1 || out->ends[i] > next)) {
            out->overlap = i;
            out->overlap_next = next;
        }
        if (out->past_until < 0 && until && (out->ends[i] == -1 || out->ends[i] > until)) out->past_until = i;
    }
    return 0;
}

static json_t *sample_json(const struct campaign_sample *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "phone", json_string(s->phone));
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "text", json_string(s->text));
    json_object_set_new(o, "encoding", json_string(sms_encoding_name(s->info.encoding)));
    json_object_set_new(o, "chars", json_integer(s->info.chars));
    json_object_set_new(o, "parts", json_integer(s->info.parts));
    return o;
}

json_t *view_preview_json(const struct config *cfg, const struct view_preview *v)
{
    const struct campaign_estimate *e = &v->e;
    json_t *j = json_object(), *r = json_array(), *ph = json_object(), *sa = json_array();
    json_object_set_new(j, "id", json_string(v->k->id));
    json_object_set_new(j, "title", json_string(v->k->title));
    for (int i = 0; i < v->nruns; i++) json_array_append_new(r, time_or_null(v->runs[i]));
    json_object_set_new(j, "next_runs", r);
    json_object_set_new(j, "recipients", json_integer(e->recipients));
    json_object_set_new(j, "people", json_integer(e->people));
    for (size_t i = 0; i <= cfg->nhamlets; i++)
        if (e->per_hamlet[i]) json_object_set_new(ph, i < cfg->nhamlets ? cfg->hamlets[i].code : "-", json_integer(e->per_hamlet[i]));
    json_object_set_new(j, "per_hamlet", ph);
    for (int i = 0; i < e->nsamples; i++) json_array_append_new(sa, sample_json(&e->samples[i]));
    json_object_set_new(j, "samples", sa);
    json_object_set_new(j, "parts_per_run", json_integer(e->parts));
    json_object_set_new(j, "worst_parts", json_integer(e->worst_parts));
    json_object_set_new(j, "max_parts", json_integer(e->max_parts));
    json_object_set_new(j, "too_long", json_integer(e->too_long));
    json_object_set_new(j, "unsendable", json_integer(e->unsendable));
    json_object_set_new(j, "cost_per_run_vnd", json_real(e->cost));
    char money[48];
    json_object_set_new(j, "cost_per_run", json_string(util_fmt_vnd(e->cost, money, sizeof money)));
    json_t *due = json_array(), *ends = json_array(), *why = json_array(), *pace = json_object();
    for (int i = 0; i < v->ndue; i++) json_array_append_new(due, time_or_null(v->due[i]));
    json_object_set_new(j, "due_now", due);
    json_object_set_new(pace, "modems", json_integer(v->pace.modems));
    json_object_set_new(pace, "parts_per_minute", v->pace.unlimited_rate ? json_null() : json_integer(v->pace.per_minute));
    json_object_set_new(pace, "parts_per_day", v->pace.per_day ? json_integer(v->pace.per_day) : json_null());
    json_object_set_new(j, "sending", pace);
    for (int i = 0; i < v->ndue + v->nruns; i++)   /* null: no modem or more than ten years */
        json_array_append_new(ends, v->ends[i] > 0 ? time_or_null(v->ends[i]) : json_null());
    json_object_set_new(j, "run_ends", ends);
    json_object_set_new(j, "overlap_next", v->overlap >= 0 ? time_or_null(v->overlap_next) : json_null());
    json_object_set_new(j, "past_until", json_boolean(v->past_until >= 0));
    for (size_t i = 0; i < v->empty_why.n; i++) json_array_append_new(why, json_string(v->empty_why.v[i]));
    json_object_set_new(j, "empty_because", why);
    json_t *ow = json_null();
    if (v->one_way) {
        ow = json_object();
        json_object_set_new(ow, "brandname", json_string(v->one_way));
        json_object_set_new(ow, "asks", json_string(v->one_way_asks));
    }
    json_object_set_new(j, "one_way_sender", ow);
    json_object_set_new(j, "broadcast", str_or_null(v->k->has_broadcast ? v->k->bc_text : NULL));
    return j;
}

void view_preview_clear(struct view_preview *v)
{
    campaign_estimate_free(&v->e);
    free(v->runs);
    free(v->due);
    free(v->ends);
    for (size_t i = 0; i < v->empty_why.n; i++) free(v->empty_why.v[i]);
    free(v->empty_why.v);
    memset(v, 0, sizeof *v);
}

/* ---- campaign results ---- */

int view_results(store *st, const struct config *cfg, const struct cfg_campaign *k, struct view_results *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->k = k;
    if (store_campaign_results(st, k->id, &out->r) < 0) return util_err(err, "%s", store_errmsg(st));
    if (view_missed(st, k->id, 0, &out->missed, err) < 0) return -1;
    out->sent = out->r.counts[OB_SENT] + out->r.counts[OB_DELIVERED];
    out->waiting = out->r.counts[OB_QUEUED] + out->r.counts[OB_SENDING];
    out->cost = (double)out->r.parts * cfg->sms.price_per_part;
    out->held = out->r.counts[OB_HELD];
    out->delivered_pct = view_delivered_pct(cfg, out->r.counts);
    if (store_campaign_paused_get(st, k->id, out->paused_since, sizeof out->paused_since) != 0) out->paused_since[0] = 0;
    for (size_t i = 0; i < out->r.nanswers; i++) {
        out->poll_residents += out->r.answer_counts[i];
        out->poll_strangers += out->r.stranger_counts[i];
    }
    return 0;
}

json_t *view_results_json(const struct view_results *v)
{
    const struct campaign_results *r = &v->r;
    json_t *j = json_object(), *p = json_object();
    json_object_set_new(j, "id", json_string(v->k->id));
    json_object_set_new(j, "title", json_string(v->k->title));
    json_object_set_new(j, "numbers", json_integer(r->numbers));
    json_object_set_new(j, "people", json_integer(r->people));
    json_object_set_new(j, "sent", json_integer(v->sent));
    json_object_set_new(j, "delivered", json_integer(r->counts[OB_DELIVERED]));
    json_object_set_new(j, "failed", json_integer(r->counts[OB_FAILED]));
    json_object_set_new(j, "unknown", json_integer(r->counts[OB_UNKNOWN]));
    json_object_set_new(j, "queued", json_integer(v->waiting));
    json_object_set_new(j, "cancelled", json_integer(r->counts[OB_CANCELLED]));
    json_object_set_new(j, "held", json_integer(v->held));
    json_object_set_new(j, "paused", v->paused_since[0] ? json_string(v->paused_since) : json_false());
    json_object_set_new(j, "delivered_pct", pct_or_null(v->delivered_pct));
    json_object_set_new(j, "parts", json_integer(r->parts));
    char money[48];
    json_object_set_new(j, "cost_vnd", json_real(v->cost));
    json_object_set_new(j, "cost", json_string(util_fmt_vnd(v->cost, money, sizeof money)));
    json_object_set_new(j, "replies", json_integer(r->replies));
    json_object_set_new(j, "optouts", json_integer(r->optouts));
    json_t *q = json_object();
    for (size_t i = 0; i < r->nanswers; i++) {
        if (r->answer_counts[i]) json_object_set_new(p, r->answers[i], json_integer(r->answer_counts[i]));
        if (r->stranger_counts[i]) json_object_set_new(q, r->answers[i], json_integer(r->stranger_counts[i]));
    }
    json_object_set_new(j, "poll", p);
    json_object_set_new(j, "poll_not_residents", q);
    struct view_missed none = {0}, *sk = &none, *he = &none;
    for (size_t i = 0; i < v->missed.n; i++)
        if (!strcmp(v->missed.v[i].campaign, v->k->id)) *(v->missed.v[i].state == RUN_HELD ? &he : &sk) = &v->missed.v[i];
    json_object_set_new(j, "skipped_runs", missed_json(sk));
    json_object_set_new(j, "held_runs", missed_json(he));
    return j;
}

void view_results_clear(struct view_results *v)
{
    view_missed_clear(&v->missed);
    store_campaign_results_clear(&v->r);
    memset(v, 0, sizeof *v);
}

/* ---- inbox and outbox rows ---- */

json_t *view_inbox_json(const struct inbox_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "received", time_or_null(r->received));
    json_object_set_new(o, "sender", json_string(r->sender));
    json_object_set_new(o, "phone", str_or_null(r->phone));
    json_object_set_new(o, "modem", json_string(r->modem));
    json_object_set_new(o, "parts", json_integer(r->parts));
    json_object_set_new(o, "complete", json_boolean(r->complete));
    json_object_set_new(o, "keyword", str_or_null(r->keyword));
    json_object_set_new(o, "action", str_or_null(r->action));
    json_object_set_new(o, "campaign", str_or_null(r->campaign));
    json_object_set_new(o, "result", str_or_null(r->result));
    json_object_set_new(o, "handled", json_boolean(r->handled));
    json_object_set_new(o, "text", json_string(r->text));
    return o;
}

int view_inbox_item(store *st, const struct config *cfg, const struct inbox_row *r, struct view_inbox_item *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->r = r;
    out->time = r->smsc_time ? r->smsc_time : r->received;
    out->number = r->phone ? r->phone : r->sender;
    struct contact k = {0};
    int rc = r->phone ? store_contact_get(st, r->phone, &k) : 1;
    if (rc < 0) return util_err(err, "%s", store_errmsg(st));
    if (rc == 0 && k.name && *k.name) {   /* a row kept only for a stranger's opt-out has no name: nobody's */
        out->name = k.name;
        out->hamlet = k.hamlet;
        k.name = k.hamlet = NULL;
        const struct cfg_hamlet *h = out->hamlet ? config_hamlet(cfg, out->hamlet) : NULL;
        out->hamlet_name = h ? h->name : NULL;
    }
    store_contact_clear(&k);
    return 0;
}

json_t *view_inbox_item_json(const struct view_inbox_item *v)
{
    json_t *o = view_inbox_json(v->r);
    json_object_set_new(o, "time", time_or_null(v->time));
    json_object_set_new(o, "smsc_time", time_or_null(v->r->smsc_time));
    json_object_set_new(o, "number", json_string(v->number));
    json_object_set_new(o, "name", str_or_null(v->name));
    json_object_set_new(o, "hamlet", str_or_null(v->hamlet));
    json_object_set_new(o, "hamlet_name", str_or_null(v->hamlet_name));
    return o;
}

void view_inbox_item_clear(struct view_inbox_item *v)
{
    free(v->name);
    free(v->hamlet);
    memset(v, 0, sizeof *v);
}

const char *view_outbox_kind(const struct outbox_row *r)
{
    return r->kind == OK_AUTO ? "auto" : r->kind == OK_ADHOC ? "adhoc" : r->kind == OK_TEST ? "test" : "campaign";
}

const char *view_outbox_encoding(const struct outbox_row *r)
{
    return r->ucs2 ? "ucs2" : "gsm7";
}

json_t *view_outbox_json(const struct outbox_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "state", json_string(store_outbox_state_name(r->state)));
    json_object_set_new(o, "phone", json_string(r->phone));
    json_object_set_new(o, "campaign", str_or_null(r->campaign));
    json_object_set_new(o, "run", r->run_id ? json_integer(r->run_id) : json_null());
    json_object_set_new(o, "kind", json_string(view_outbox_kind(r)));
    json_object_set_new(o, "encoding", json_string(view_outbox_encoding(r)));
    json_object_set_new(o, "parts", json_integer(r->parts));
    json_object_set_new(o, "parts_sent", json_integer(r->parts_sent));
    json_object_set_new(o, "attempts", json_integer(r->attempts));
    json_object_set_new(o, "modem", str_or_null(r->modem));
    json_object_set_new(o, "created", time_or_null(r->created));
    json_object_set_new(o, "sent", time_or_null(r->sent_at));
    json_object_set_new(o, "delivered", time_or_null(r->delivered_at));
    json_object_set_new(o, "error", str_or_null(r->last_error));
    json_object_set_new(o, "text", json_string(r->text));
    return o;
}

/* ---- enrollment summary ---- */

int view_enroll_summary(store *st, const struct config *cfg, long as_of, struct enroll_summary *out, char *err)
{
    int y, m, d;
    util_civil_from_days(as_of, &y, &m, &d);
    return enroll_summary_make(st, cfg, util_days_from_civil(y, m, 1), as_of, out, err);
}

static json_t *fig_json(const struct enroll_fig *f)
{
    json_t *o = json_object();
    if (f->code) json_object_set_new(o, "hamlet", json_string(f->code));
    json_object_set_new(o, "name", json_string(f->name));
    json_object_set_new(o, "this_month", json_integer(f->period));
    json_object_set_new(o, "cumulative", json_integer(f->cumulative));
    json_object_set_new(o, "residents", json_integer(f->residents));
    json_object_set_new(o, "target", f->target ? json_integer(f->target) : json_null());
    if (f->code) json_object_set_new(o, "target_from", json_string(f->target_own ? "config" : "share of residents"));
    json_object_set_new(o, "percent", f->target ? json_real(round(f->percent * 10) / 10) : json_null());
    json_object_set_new(o, "needed_per_month", f->target ? json_integer(f->needed_per_month) : json_null());
    json_object_set_new(o, "needed_per_day", f->target ? json_integer(f->needed_per_day) : json_null());
    json_t *off = json_null();
    if (f->official >= 0) {
        off = json_object();
        json_object_set_new(off, "total", json_integer(f->official));
        json_object_set_new(off, "date", day_json(f->official_day));
        json_object_set_new(off, "loa", json_integer(f->loa_at_official));
        json_object_set_new(off, "difference", json_integer(f->loa_at_official - f->official));
    }
    json_object_set_new(o, "official", off);
    return o;
}

json_t *view_enroll_summary_json(const struct enroll_summary *s)
{
    json_t *o = json_object(), *t = json_object(), *arr = json_array();
    json_object_set_new(o, "as_of", day_json(s->to_day));
    json_object_set_new(o, "month_from", day_json(s->from_day));
    if (s->target) {
        json_object_set_new(t, "vneid", json_integer(s->target));
        json_object_set_new(t, "by", day_json(s->target_day));
        json_object_set_new(t, "months_left", json_integer(s->months_left));
        json_object_set_new(t, "days_left", json_integer(s->days_left));
    }
    json_object_set_new(t, "note", json_string(s->note));
    json_object_set_new(o, "target", t);
    for (size_t i = 0; i < s->nhamlets; i++) json_array_append_new(arr, fig_json(&s->hamlets[i]));
    json_object_set_new(o, "hamlets", arr);
    json_object_set_new(o, "total", fig_json(&s->total));
    return o;
}

/* ---- broadcast programme and log ---- */

const char *view_slot(int slot, char *buf, size_t n)
{
    snprintf(buf, n, "%02d:%02d", (slot / 60) % 24, slot % 60);
    return buf;
}

int view_broadcast_in_log(const struct broadcast_row *b)
{
    return b->state != BC_PENDING;
}

json_t *view_broadcast_json(const struct config *cfg, const struct broadcast_row *b, time_t now)
{
    char slot[16];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(b->id));
    json_object_set_new(o, "slot", json_string(view_slot(b->slot, slot, sizeof slot)));
    json_object_set_new(o, "campaign", json_string(b->campaign));
    json_object_set_new(o, "level", json_string(config_level_name(b->level)));
    json_object_set_new(o, "state", json_string(store_broadcast_state_name(b->state)));
    json_object_set_new(o, "file", str_or_null(b->audio));
    json_object_set_new(o, "duration", json_real(b->duration));
    json_object_set_new(o, "started", time_or_null(b->started));
    json_object_set_new(o, "ended", time_or_null(b->ended));
    json_object_set_new(o, "note", str_or_null(b->note));
    json_object_set_new(o, "text", json_string(b->text));
    json_object_set_new(o, "words", json_string(b->words));
    if (cfg) {
        char *pl = broadcast_playlist_path(cfg, b->day, b->slot);
        json_object_set_new(o, "playlist", util_file_exists(pl) ? json_string(pl) : json_null());
        json_object_set_new(o, "missed", json_boolean(broadcast_missed(b, now)));
        free(pl);
    }
    return o;
}

/* ---- residents ---- */

int view_contacts_hamlet(const struct config *cfg, const char *name, const char **code)
{
    const struct cfg_hamlet *h = config_hamlet_named(cfg, name);
    if (!h) return -1;
    *code = config_hamlet_current(cfg, h->code)->code;
    return 0;
}

/* 1 when comma-separated TAGS hold TAG (ASCII case-insensitive, blanks around each ignored). */
static int has_tag(const char *tags, const char *tag)
{
    if (!tags) return 0;
    char *copy = xstrdup(tags), *save = NULL;
    int found = 0;
    for (char *t = strtok_r(copy, ",", &save); t && !found; t = strtok_r(NULL, ",", &save))
        found = util_streq_ci(util_trim(t), tag);
    free(copy);
    return found;
}

struct contacts_ctx {
    const struct view_contacts_filter *f;
    char *folded;                /* the search folded, or NULL */
    char digits[24];             /* the search as a phone's digits after +84 (or 0), or "" */
    store_contact_cb cb;
    void *ud;
};

static int search_hit(const struct contacts_ctx *x, const struct contact *k)
{
    if (x->digits[0] && k->phone && strstr(k->phone, x->digits)) return 1;
    if (!x->folded) return 0;
    char *name = vntext_fold(k->name ? k->name : "");
    int hit = name && strstr(name, x->folded);
    free(name);
    return hit;
}

static int contacts_one(void *ud, const struct contact *k)
{
    struct contacts_ctx *x = ud;
    const struct view_contacts_filter *f = x->f;
    if ((f->opted_out && !k->opted_out) || (f->vneid >= 0 && k->vneid != f->vneid) || (f->tag && !has_tag(k->tags, f->tag)))
        return 0;
    if (f->search && !search_hit(x, k)) return 0;
    return x->cb(x->ud, k);
}

int view_contacts_each(store *st, const struct view_contacts_filter *f, store_contact_cb cb, void *ud)
{
    struct contacts_ctx x = {.f = f, .cb = cb, .ud = ud};
    if (f->search) {
        const char *q = f->search;
        if (!strncmp(q, "+84", 3)) q += 3;
        else if (q[0] == '0') q++;
        size_t n = strspn(q, "0123456789");
        if (n && !q[n] && n < sizeof x.digits) memcpy(x.digits, q, n + 1);
        char *folded = vntext_fold(f->search);
        if (folded && *folded) x.folded = folded;
        else free(folded);
    }
    int rc = store_contacts_each(st, f->hamlet, contacts_one, &x);
    free(x.folded);
    return rc;
}

json_t *view_contact_json(const struct contact *k)
{
    json_t *o = json_object();
    json_object_set_new(o, "phone", json_string(k->phone));
    json_object_set_new(o, "name", json_string(k->name ? k->name : ""));
    json_object_set_new(o, "hamlet", str_or_null(k->hamlet));
    json_object_set_new(o, "household", str_or_null(k->household));
    json_object_set_new(o, "tags", str_or_null(k->tags));
    json_object_set_new(o, "vneid", json_string(store_vneid_name(k->vneid)));
    json_object_set_new(o, "opted_out", time_or_null(k->opted_out));
    json_object_set_new(o, "on_number", json_integer(k->on_number ? k->on_number : 1));
    return o;
}

/* ---- reports ---- */

const char *view_report_state(const struct report_entry *e)
{
    return e->made ? "made" : e->ended ? "not made" : "not due";
}

json_t *view_reports_json(const struct report_entry *e, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(report_kind_key(e[i].p.kind)));
        json_object_set_new(o, "period", json_string(e[i].p.name));
        json_object_set_new(o, "from", day_json(e[i].p.from_day));
        json_object_set_new(o, "to", day_json(e[i].p.to_day));
        json_object_set_new(o, "state", json_string(view_report_state(&e[i])));
        json_object_set_new(o, "made", time_or_null(e[i].made ? e[i].made_at : 0));
        json_object_set_new(o, "made_by", str_or_null(e[i].made_by));
        json_object_set_new(o, "files", json_boolean(e[i].files));
        json_array_append_new(arr, o);
    }
    return arr;
}
