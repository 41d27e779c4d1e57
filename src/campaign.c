/* campaign — estimates (audience, samples, parts, cost) and the officer-facing lint of a campaign. */
#include "i18n.h"
#include "campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalize.h"
#include "scheduler.h"
#include "sender.h"
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

static void add(struct cfg_strlist *l, char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = s;
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

/* One warning for a scheduled time in quiet hours: the SMS would wait for their end, or be late past its
 * catch_up (urgent campaigns ignore quiet hours). A time T (UTC) whose local time of day is the one checked. */
static void lint_quiet_one(const struct config *cfg, const struct cfg_campaign *c, time_t t, struct cfg_strlist *warnings)
{
    const struct cfg_sms *q = &cfg->sms;
    if (!sender_in_quiet(t, q->quiet_from, q->quiet_to)) return;
    struct loa_tm tm;
    util_localtime(t, &tm);
    add(warnings, xasprintf(_("%s:%d: the SMS is scheduled at %02d:%02d, in quiet hours (%02d:%02d-%02d:%02d): it waits until "
                            "they end"),
                            c->file, c->sms_schedule.line, tm.hour, tm.min, q->quiet_from / 60, q->quiet_from % 60,
                            q->quiet_to / 60, q->quiet_to % 60));
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
    int says_stop = 0;
    for (size_t i = 0; i < cfg->keywords.optout.n && !says_stop; i++) says_stop = has_words(f, cfg->keywords.optout.v[i]);
    if (!says_stop)
        add(warnings, xasprintf(_("%s:%d: the SMS does not say how to stop messages (e.g. \"Soạn %s để ngừng nhận tin\")"),
                                c->file, c->sms_text_line, cfg->keywords.optout.n ? cfg->keywords.optout.v[0] : "HUY"));
    /* A registered brandname is one-way: residents cannot answer it (docs/kannel.md). */
    const char *brand = one_way_sender(cfg);
    if (brand && (says_stop || c->nreplies))
        add(warnings, xasprintf(_("%s:%d: the SMS asks residents to reply (%s), but it goes from the brandname \"%s\", "
                                "which they cannot answer: send it from a number or a modem"),
                                c->file, c->sms_text_line, c->nreplies ? "poll answers" : "the stop keyword", brand));
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
    for (size_t i = 0; rc == 0 && i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &cfg->campaigns[i];
        struct campaign_estimate e;
        campaign_worst(cfg, k, r.v, r.n, now, &e);
        campaign_lint(cfg, k, st && k->enabled ? &e : NULL, now, warnings, errors);
        campaign_estimate_free(&e);
    }
    for (size_t i = 0; i < r.n; i++) store_contact_clear(&r.v[i]);
    free(r.v);
    return rc;
}
