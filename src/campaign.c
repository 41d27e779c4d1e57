/* campaign — estimates (audience, samples, parts, cost) and the officer-facing lint of a campaign. */
#include "campaign.h"
#include "i18n.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "normalize.h"
#include "scheduler.h"
#include "sender.h"
#include "template.h"
#include "util.h"
#include "vntext.h"

struct est_ctx {
    const struct config *cfg;
    const struct cfg_campaign *c;
    time_t when;
    struct campaign_estimate *e;
};

#define UNSENDABLE_NAMES 5   /* residents named in `loa check` and the preview */

/* Resident K's message cannot go: counted, and named among the first few. */
static void unsendable(struct campaign_estimate *e, const struct contact *k, const char *why)
{
    if (e->unsendable == 0) e->unsendable_why = xstrdup(why);
    if (e->unsendable < UNSENDABLE_NAMES) {
        char *name = vntext_visible(k->name && *k->name ? k->name : k->phone);
        char *all = xasprintf("%s%s%s", e->unsendable_names ? e->unsendable_names : "", e->unsendable ? ", " : "", name);
        free(e->unsendable_names);
        e->unsendable_names = all;
        free(name);
    } else if (e->unsendable == UNSENDABLE_NAMES) {
        char *all = xasprintf("%s…", e->unsendable_names);
        free(e->unsendable_names);
        e->unsendable_names = all;
    }
    e->unsendable++;
}

static int est_one(void *ud, const struct contact *k)
{
    struct est_ctx *x = ud;
    struct campaign_estimate *e = x->e;
    size_t h = x->cfg->nhamlets;
    for (size_t i = 0; k->hamlet && i < x->cfg->nhamlets; i++)
        if (!strcmp(x->cfg->hamlets[i].code, k->hamlet)) h = i;
    e->per_hamlet[h]++;
    e->recipients++;
    e->people += k->on_number > 1 ? k->on_number : 1;
    char *raw = scheduler_render(x->cfg, x->c, k, x->when);
    char err[LOA_ERRLEN];
    struct sms_info info;
    char *text = sms_prepare_count(raw, x->c->diacritics, &info, err);
    free(raw);
    if (!text) {
        unsendable(e, k, err);
        return 0;
    }
    e->parts += info.parts;
    if (info.parts > e->max_parts) e->too_long++;
    if (info.parts > e->worst_parts) {
        e->worst_parts = info.parts;
        free(e->worst_phone);
        e->worst_phone = xstrdup(k->phone);
    }
    if (e->nsamples < CAMPAIGN_SAMPLES) {
        struct campaign_sample *s = &e->samples[e->nsamples++];
        s->phone = xstrdup(k->phone);
        s->name = xstrdup(k->name ? k->name : "");
        s->text = text;
        s->info = info;
    } else {
        free(text);
    }
    return 0;
}

static void add(struct cfg_strlist *l, char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = s;
}

int campaign_estimate(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t when,
                      struct campaign_estimate *e)
{
    memset(e, 0, sizeof *e);
    e->per_hamlet = xcalloc(cfg->nhamlets + 1, sizeof *e->per_hamlet);
    e->max_parts = c->max_parts ? c->max_parts : cfg->sms.max_parts;
    if (!c->has_sms) return 0;
    struct est_ctx x = {cfg, c, when, e};
    int rc = scheduler_audience(st, cfg, c, est_one, &x);
    e->cost = (double)e->parts * cfg->sms.price_per_part;
    return rc;
}

void campaign_worst(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k, size_t n,
                    time_t when, struct campaign_estimate *e)
{
    memset(e, 0, sizeof *e);
    e->max_parts = c->max_parts ? c->max_parts : cfg->sms.max_parts;
    if (!c->has_sms) return;
    for (size_t i = 0; i < n; i++) {
        if (!scheduler_in_audience(cfg, c, &k[i])) continue;
        char *raw = scheduler_render(cfg, c, &k[i], when);
        char err[LOA_ERRLEN];
        char *text = sms_prepare(raw, c->diacritics, err);
        free(raw);
        struct sms_info info = {0};
        if (text) sms_count(text, &info);
        else unsendable(e, &k[i], err);
        free(text);
        if (text && info.parts > e->max_parts) e->too_long++;
        if (info.parts > e->worst_parts) {
            e->worst_parts = info.parts;
            free(e->worst_phone);
            e->worst_phone = xstrdup(k[i].name && *k[i].name ? k[i].name : "a resident without a name");
        }
    }
}

void campaign_estimate_free(struct campaign_estimate *e)
{
    free(e->per_hamlet);
    free(e->worst_phone);
    free(e->unsendable_names);
    free(e->unsendable_why);
    for (int i = 0; i < e->nsamples; i++) {
        free(e->samples[i].phone);
        free(e->samples[i].name);
        free(e->samples[i].text);
    }
    memset(e, 0, sizeof *e);
}


/* 1 when the folded NEEDLE occurs in the folded HAY as whole words. */
static int has_words(const char *hay_folded, const char *needle)
{
    char *n = vntext_fold(needle);
    int found = 0;
    if (n && *n) {
        size_t len = strlen(n);
        for (const char *p = hay_folded; (p = strstr(p, n)); p++)
            if ((p == hay_folded || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' ')) { found = 1; break; }
    }
    free(n);
    return found;
}

/* A web address: a scheme, "www.", or a dot followed by a common top-level domain. */
static int has_link(const char *text)
{
    static const char *const tlds[] = {"vn", "com", "net", "org", "info", "xyz", "me", "ly", "io", "top", NULL};
    if (strstr(text, "://") || strstr(text, "www.")) return 1;
    for (const char *p = text; (p = strchr(p, '.')); p++) {
        if (p == text || p[-1] == ' ') continue;
        for (const char *const *t = tlds; *t; t++) {
            size_t n = strlen(*t);
            if (strncasecmp(p + 1, *t, n)) continue;   /* matched n letters: p[1 + n] is inside the string */
            char after = p[1 + n];
            if (!((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z'))) return 1;
        }
    }
    return 0;
}

/* A date that does not exist (31/04/2026) in the SMS or the broadcast: wrong on a phone, and the
 * loudspeaker cannot read it as a date. */
static void lint_dates(const struct cfg_campaign *c, struct cfg_strlist *warnings)
{
    char d[32];
    if (c->has_sms && normalize_find_bad_date(c->sms_text, d, sizeof d))
        add(warnings, xasprintf(_("%s:%d: the SMS gives the date %s, which does not exist"), c->file, c->sms_text_line, d));
    if (c->has_broadcast && c->bc_text && normalize_find_bad_date(c->bc_text, d, sizeof d))
        add(warnings, xasprintf(_("%s:%d: the broadcast gives the date %s, which does not exist: it is not read as a date"),
                                c->file, c->bc_text_line, d));
}

/* The alphanumeric sender of an enabled kannel transport (a brandname, one-way), or NULL. */
static const char *one_way_sender(const struct config *cfg)
{
    for (size_t i = 0; i < cfg->sms.nmodems; i++) {
        const struct cfg_modem *m = &cfg->sms.modems[i];
        if (!m->enabled || strcmp(m->type, "kannel") || !m->kannel.from) continue;
        for (const char *p = m->kannel.from; *p; p++)
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) return m->kannel.from;
    }
    return NULL;
}

static int says_stop(const struct config *cfg, const char *folded)
{
    for (size_t i = 0; i < cfg->keywords.optout.n; i++)
        if (has_words(folded, cfg->keywords.optout.v[i])) return 1;
    return 0;
}

const char *campaign_one_way(const struct config *cfg, const struct cfg_campaign *c, const char **asks)
{
    if (!c->has_sms) return NULL;
    const char *brand = one_way_sender(cfg);
    if (!brand) return NULL;
    if (c->nreplies) {
        *asks = N_("poll answers");
        return brand;
    }
    char *f = vntext_fold(c->sms_text);
    int stop = f && says_stop(cfg, f);
    free(f);
    if (!stop) return NULL;
    *asks = N_("the stop keyword");
    return brand;
}

/* One warning for a scheduled time in quiet hours: the SMS would wait for their end, or be late past its
 * catch_up (urgent campaigns ignore quiet hours). A time T (UTC) whose local time of day is the one checked. */
static void lint_quiet_one(const struct config *cfg, const struct cfg_campaign *c, time_t t, struct cfg_strlist *warnings)
{
    const struct cfg_sms *q = &cfg->sms;
    if (!sender_in_quiet(t, q->quiet_from, q->quiet_to)) return;
    struct loa_tm tm;
    util_localtime(t, &tm);
    /* the catch-up rule: a run whose first message cannot go by its time plus catch_up is skipped */
    int skipped = sender_quiet_end(t, q->quiet_from, q->quiet_to) - t > (c->catch_up > 0 ? c->catch_up : 0);
    add(warnings, xasprintf(_("%s:%d: the SMS is scheduled at %02d:%02d, in quiet hours (%02d:%02d-%02d:%02d): %s"),
                            c->file, c->sms_schedule.line, tm.hour, tm.min, q->quiet_from / 60, q->quiet_from % 60,
                            q->quiet_to / 60, q->quiet_to % 60,
                            skipped ? _("every run is skipped, since their end is past its catch_up") : _("it waits until they end")));
}

static void lint_quiet(const struct config *cfg, const struct cfg_campaign *c, struct cfg_strlist *warnings)
{
    if (!c->has_sms || c->urgent) return;
    const struct cfg_schedule *s = &c->sms_schedule;
    for (size_t i = 0; i < s->ntimes; i++) lint_quiet_one(cfg, c, util_slot_time(0, s->times[i]), warnings);
    for (size_t i = 0; i < s->nat; i++) lint_quiet_one(cfg, c, s->at[i], warnings);
}

void campaign_lint(const struct config *cfg, const struct cfg_campaign *c, const struct campaign_estimate *e,
                   time_t when, struct cfg_strlist *warnings, struct cfg_strlist *errors)
{
    lint_dates(c, warnings);
    lint_quiet(cfg, c, warnings);
    if (!c->has_sms) return;
    char *f = vntext_fold(c->sms_text);
    if (!f) return;
    /* The commune's name without its "Xã" prefix, or the {xa} placeholder. */
    const char *name = cfg->commune;
    char *fc = vntext_fold(name);
    const char *bare = fc && !strncmp(fc, "xa ", 3) ? fc + 3 : fc;
    int names_sender = (bare && has_words(f, bare)) || strstr(c->sms_text, "{xa") || strstr(c->sms_text, "{commune");
    if (!names_sender)
        add(warnings, xasprintf(_("%s:%d: the SMS does not say who sends it: name the commune (\"%s\") or use {xa}"),
                                c->file, c->sms_text_line, cfg->commune));
    if (!says_stop(cfg, f))
        add(warnings, xasprintf(_("%s:%d: the SMS does not say how to stop messages (e.g. \"Soạn %s để ngừng nhận tin\")"),
                                c->file, c->sms_text_line, cfg->keywords.optout.n ? cfg->keywords.optout.v[0] : "HUY"));
    /* A registered brandname is one-way: residents cannot answer it (docs/kannel.md). */
    const char *asks, *brand = campaign_one_way(cfg, c, &asks);
    if (brand)
        add(warnings, xasprintf(_("%s:%d: the SMS asks residents to reply (%s), but it goes from the brandname \"%s\", "
                                  "which they cannot answer: send it from a number or a modem"),
                                c->file, c->sms_text_line, _(asks), brand));
    if (has_link(c->sms_text))
        add(warnings, xasprintf(_("%s:%d: the SMS contains a link: scam SMS about VNeID carry links, official ones should not"),
                                c->file, c->sms_text_line));
    /* the text itself, rendered for a resident with no name or hamlet: refused, it never goes */
    struct contact nobody = {.phone = "", .name = ""};
    char *raw = scheduler_render(cfg, c, &nobody, when);
    char err[LOA_ERRLEN];
    char *text = sms_prepare(raw, c->diacritics, err);
    if (!text)
        add(errors, xasprintf(_("%s:%d: the SMS can never be sent: %s"), c->file, c->sms_text_line, err));
    free(text);
    free(raw);
    if (text && e && e->unsendable)
        add(errors, xasprintf(ngettext("%s:%d: the SMS cannot be sent to %d resident (%s): %s; correct the name "
                                       "(`loa contacts import`) or the text",
                                       "%s:%d: the SMS cannot be sent to %d residents (%s): %s; correct the names "
                                       "(`loa contacts import`) or the text", (unsigned long)e->unsendable),
                              c->file, c->sms_text_line, e->unsendable, e->unsendable_names, e->unsendable_why));
    for (size_t i = 0; i < c->nreplies; i++) {
        if (!c->replies[i].reply) continue;
        char *r = sms_prepare(c->replies[i].reply, 1, err);
        if (!r) add(errors, xasprintf(_("%s:%d: the reply to %s can never be sent: %s"), c->file, c->replies[i].line,
                                      c->replies[i].keyword, err));
        free(r);
    }
    if (e && e->worst_parts > e->max_parts)
        add(errors, xasprintf(_("%s:%d: the SMS needs up to %d parts (for %s), more than max_parts = %d: those residents would not get it"),
                              c->file, c->sms_text_line, e->worst_parts, e->worst_phone ? e->worst_phone : "?", e->max_parts));
    free(fc);
    free(f);
}

struct residents {
    struct contact *v;
    size_t n, cap;
};

static int keep_resident(void *ud, const struct contact *k)
{
    struct residents *r = ud;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    struct contact *d = &r->v[r->n++];
    memset(d, 0, sizeof *d);
    d->phone = xstrdup(k->phone ? k->phone : "");
    d->name = k->name ? xstrdup(k->name) : NULL;
    d->hamlet = k->hamlet ? xstrdup(k->hamlet) : NULL;
    d->tags = k->tags ? xstrdup(k->tags) : NULL;
    d->vneid = k->vneid;
    return 0;
}

int campaign_check_all(store *st, const struct config *cfg, time_t now, struct cfg_strlist *warnings,
                       struct cfg_strlist *errors, char *err)
{
    /* The worst case is rendered for every distinct resident (name, hamlet, tags, VNeID). */
    struct residents r = {0};
    int rc = 0;
    if (st && store_contacts_distinct_each(st, keep_resident, &r) < 0) rc = util_err(err, "%s", store_errmsg(st));
    int64_t shared = st && rc == 0 ? store_contacts_shared(st) : 0;
    if (shared < 0) rc = util_err(err, "%s", store_errmsg(st));
    for (size_t i = 0; rc == 0 && i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &cfg->campaigns[i];
        struct campaign_estimate e;
        campaign_worst(cfg, k, r.v, r.n, now, &e);
        campaign_lint(cfg, k, st && k->enabled ? &e : NULL, now, warnings, errors);
        campaign_estimate_free(&e);
        /* a number a household shares gets one SMS that names nobody: the placeholder's fallback fills in */
        if (shared && k->has_sms && template_name_without_fallback(k->sms_text))
            add(warnings, xasprintf(_("%s:%d: the SMS names the resident with no fallback, but %lld numbers are shared by "
                                      "several residents: their one SMS would name nobody there; write {ten|bà con}"),
                                    k->file, k->sms_text_line, (long long)shared));
        /* switched off with messages still waiting: the service cancels them when it starts or reloads */
        long waiting = 0;
        if (st && !k->enabled && store_campaign_waiting(st, k->id, &waiting) < 0) rc = util_err(err, "%s", store_errmsg(st));
        if (waiting > 0)
            add(warnings, xasprintf(ngettext("%s:%d: campaign %s is switched off (enabled = false): its %ld waiting message "
                                             "will be cancelled when `loa run` starts or reloads",
                                             "%s:%d: campaign %s is switched off (enabled = false): its %ld waiting messages "
                                             "will be cancelled when `loa run` starts or reloads", (unsigned long)waiting),
                                    k->file, k->line, k->id, waiting));
    }
    for (size_t i = 0; i < r.n; i++) store_contact_clear(&r.v[i]);
    free(r.v);
    return rc;
}

/* ---- how long a run takes on the modems ---- */

void campaign_pace(const struct config *cfg, struct campaign_pace *p)
{
    memset(p, 0, sizeof *p);
    int no_daily = 0;
    for (size_t i = 0; i < cfg->sms.nmodems; i++) {
        const struct cfg_modem *m = &cfg->sms.modems[i];
        if (!m->enabled) continue;
        p->modems++;
        if (m->rate_per_minute) p->per_minute += m->rate_per_minute;
        else p->unlimited_rate = 1;
        if (m->daily_limit) p->per_day += m->daily_limit;
        else no_daily = 1;
    }
    if (no_daily) p->per_day = 0;
}

#define FINISH_DAYS 3660   /* ten years: beyond, "never" is the honest answer */

time_t campaign_finish(const struct config *cfg, int urgent, long parts, time_t start)
{
    const struct cfg_sms *sc = &cfg->sms;
    size_t n = sc->nmodems;
    long *used = xcalloc(n ? n : 1, sizeof *used);
    int any = 0, bounded = 1;
    for (size_t i = 0; i < n; i++) {
        const struct cfg_modem *m = &sc->modems[i];
        if (!m->enabled) continue;
        any = 1;
        if (!m->rate_per_minute && !m->daily_limit) bounded = 0;
    }
    time_t t = start, end = -1;
    if (!any) end = 0;
    else if (!bounded || parts <= 0) end = start;
    long day = util_local_day(t), left = parts;
    while (end < 0 && util_local_day(t) - util_local_day(start) <= FINISH_DAYS) {
        if (util_local_day(t) != day) {
            day = util_local_day(t);
            memset(used, 0, (n ? n : 1) * sizeof *used);
        }
        if (!urgent && sender_in_quiet(t, sc->quiet_from, sc->quiet_to)) {
            t = sender_quiet_end(t, sc->quiet_from, sc->quiet_to);
            continue;
        }
        long minute = 0, room = 0;   /* what goes this minute; what the limits still allow today */
        for (size_t i = 0; i < n && left > minute; i++) {
            const struct cfg_modem *m = &sc->modems[i];
            if (!m->enabled) continue;
            long cap = m->rate_per_minute ? m->rate_per_minute : LONG_MAX / 4;
            if (m->daily_limit && cap > m->daily_limit - used[i]) cap = m->daily_limit - used[i];
            if (cap > left - minute) cap = left - minute;
            used[i] += cap;
            minute += cap;
            room += !m->daily_limit || used[i] < m->daily_limit;
        }
        left -= minute;
        if (left <= 0) {
            end = t + 60;
            break;
        }
        /* every modem spent its day: on at the next local midnight */
        t = room ? t + 60 : util_day_start(day + 1);
    }
    free(used);
    return end;
}

/* ---- why an audience is empty ---- */

struct empty_ctx {
    const struct config *cfg;
    const struct cfg_campaign *c;
    struct cfg_campaign any_vneid;   /* C without its VNeID condition */
    long all, reach, opted_out, without_vneid;
    long status[3];                  /* residents C would reach without its VNeID condition, by status */
    long *per_hamlet, *per_tag;      /* residents of each hamlet, carrying each tag of the audience */
};

static int empty_one(void *ud, const struct contact *k)
{
    struct empty_ctx *x = ud;
    x->all++;
    for (size_t i = 0; i < x->c->audience.hamlets.n; i++) {
        const struct cfg_hamlet *h = config_hamlet_current(x->cfg, x->c->audience.hamlets.v[i]);
        x->per_hamlet[i] += h && k->hamlet && !strcmp(h->code, k->hamlet);
    }
    for (size_t i = 0; i < x->c->audience.tags.n; i++) {
        struct cfg_campaign one = {0};
        one.audience.tags.v = &x->c->audience.tags.v[i];
        one.audience.tags.n = 1;
        x->per_tag[i] += scheduler_in_audience(x->cfg, &one, k);
    }
    if (scheduler_in_audience(x->cfg, x->c, k)) {
        x->reach++;
        x->opted_out += k->opted_out != 0;
    }
    if (!k->opted_out && scheduler_in_audience(x->cfg, &x->any_vneid, k)) {
        x->without_vneid++;
        if (k->vneid >= 0 && k->vneid < 3) x->status[k->vneid]++;
    }
    return 0;
}

int campaign_empty_why(store *st, const struct config *cfg, const struct cfg_campaign *c, struct cfg_strlist *why)
{
    static const char *const status_names[] = {"unknown", "not_activated", "activated"};
    struct empty_ctx x = {.cfg = cfg, .c = c, .any_vneid = *c};
    x.any_vneid.audience.vneid = CFG_VNEID_ANY;
    x.per_hamlet = xcalloc(c->audience.hamlets.n + 1, sizeof *x.per_hamlet);
    x.per_tag = xcalloc(c->audience.tags.n + 1, sizeof *x.per_tag);
    int rc = store_contacts_each(st, NULL, empty_one, &x);
    if (rc == 0 && x.all == 0)
        add(why, xasprintf(_("no resident has been imported yet (`loa contacts import FILE`)")));
    else if (rc == 0 && x.reach == 0 && !c->audience.phones.n) {
        for (size_t i = 0; i < c->audience.hamlets.n; i++) {
            const struct cfg_hamlet *h = config_hamlet_current(cfg, c->audience.hamlets.v[i]);
            if (!x.per_hamlet[i])
                add(why, xasprintf(_("hamlet %s (%s) has no residents"), c->audience.hamlets.v[i], h ? h->name : "?"));
        }
        for (size_t i = 0; i < c->audience.tags.n; i++)
            if (!x.per_tag[i]) add(why, xasprintf(_("no resident carries the tag '%s'"), c->audience.tags.v[i]));
        if (x.without_vneid && c->audience.vneid != CFG_VNEID_ANY) {
            const char *want = status_names[c->audience.vneid == CFG_VNEID_NOT_ACTIVATED ? 1
                                            : c->audience.vneid == CFG_VNEID_ACTIVATED ? 2 : 0];
            if (x.status[0] == x.without_vneid)
                add(why, xasprintf(_("vneid = \"%s\", but the VNeID status of all %ld residents it would reach is still "
                                     "unknown: a poll's answers or an import with a vneid column record it"),
                                   want, x.without_vneid));
            else
                add(why, xasprintf(_("vneid = \"%s\", but none of the %ld residents it would reach has that status "
                                     "(%ld unknown, %ld not_activated, %ld activated)"),
                                   want, x.without_vneid, x.status[0], x.status[1], x.status[2]));
        }
    } else if (rc == 0 && x.reach && x.reach == x.opted_out) {
        add(why, xasprintf(_("all %ld residents it would reach have opted out"), x.reach));
    }
    free(x.per_hamlet);
    free(x.per_tag);
    return rc;
}

/* ---- a test SMS ---- */

static int first_resident(void *ud, const struct contact *k)
{
    struct contact *out = ud;
    out->phone = xstrdup(k->phone);
    out->name = k->name ? xstrdup(k->name) : NULL;
    out->hamlet = k->hamlet ? xstrdup(k->hamlet) : NULL;
    out->household = k->household ? xstrdup(k->household) : NULL;
    out->tags = k->tags ? xstrdup(k->tags) : NULL;
    out->vneid = k->vneid;
    return 1;   /* one is enough */
}

char *campaign_test_text(store *st, const struct config *cfg, const struct cfg_campaign *k, const char *e164, time_t now,
                         char *who, size_t n)
{
    struct contact r = {0};
    int found = store_contact_get(st, e164, &r);
    if (found == 0) snprintf(who, n, _("rendered for the resident with this number, %s"), r.name ? r.name : "?");
    else {
        store_contact_clear(&r);
        memset(&r, 0, sizeof r);
        if (scheduler_audience(st, cfg, k, first_resident, &r) >= 0 && r.phone)
            snprintf(who, n, _("no resident has this number: rendered for a sample resident of its audience, %s (%s)"),
                     r.name ? r.name : "?", r.phone);
        else {
            store_contact_clear(&r);
            r = (struct contact){.phone = xstrdup(e164), .name = xstrdup("Nguyễn Văn A"),
                                 .hamlet = cfg->nhamlets ? xstrdup(cfg->hamlets[0].code) : NULL};
            snprintf(who, n, _("no resident has this number and its audience is empty: rendered for a made-up "
                     "resident, %s"), r.name);
        }
    }
    char *text = scheduler_render(cfg, k, &r, now);
    store_contact_clear(&r);
    return text;
}

