/* cli_check — `loa check` (validate the configuration) and `loa backup`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "cli.h"
#include "sms.h"
#include "util.h"

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

int cli_check(struct cli *c)
{
    int whole = c->argc == 2 && !strcmp(c->argv[1], "--database");
    if (c->argc > 1 + whole) return cli_usage(c, "'check' takes only --database");
    int rc = cli_config(c);
    if (rc) return rc;
    struct config *cfg = c->cfg;
    /* Campaign lint. The worst case is rendered for every distinct resident (name, hamlet, tags,
     * VNeID) when the database exists; check never creates it. The whole file is read (quick_check,
     * seconds on years of history) only with --database; `loa run` does it daily by itself. */
    struct cfg_strlist warns = {0}, errs = {0};
    int have_db = util_file_exists(cfg->database);
    if (whole && !have_db) return cli_fail(LOA_EXIT_INPUT, "%s: no database to check", cfg->database);
    if (have_db && (rc = cli_store(c))) return rc;
    char err[LOA_ERRLEN];
    if (whole && store_check(c->st, err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    int differ = whole ? store_outbox_counts_verify(c->st, err) : 0;
    if (differ < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (differ) return cli_fail(LOA_EXIT_SYSTEM, "%s: the outbox's counters disagree with its messages: %s", cfg->database, err);
    struct residents r = {0};
    if (have_db && store_contacts_distinct_each(c->st, keep_resident, &r) < 0)
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &cfg->campaigns[i];
        struct campaign_estimate e;
        campaign_worst(cfg, k, r.v, r.n, util_now(), &e);
        campaign_lint(cfg, k, have_db && k->enabled ? &e : NULL, util_now(), &warns, &errs);
        campaign_estimate_free(&e);
    }
    for (size_t i = 0; i < r.n; i++) store_contact_clear(&r.v[i]);
    free(r.v);
    for (size_t i = 0; i < warns.n; i++) fprintf(stderr, "%s (warning)\n", warns.v[i]);
    for (size_t i = 0; i < errs.n; i++) fprintf(stderr, "%s\n", errs.v[i]);
    size_t nerr = errs.n;
    for (size_t i = 0; i < warns.n; i++) free(warns.v[i]);
    for (size_t i = 0; i < errs.n; i++) free(errs.v[i]);
    free(warns.v);
    free(errs.v);
    if (nerr) {
        fprintf(stderr, "loa: %zu error%s in the campaigns\n", nerr, nerr == 1 ? "" : "s");
        return LOA_EXIT_INPUT;
    }
    size_t modems = 0, enabled = 0, sms = 0, bc = 0;
    for (size_t i = 0; i < cfg->sms.nmodems; i++) modems += cfg->sms.modems[i].enabled;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        enabled += cfg->campaigns[i].enabled;
        sms += cfg->campaigns[i].has_sms;
        bc += cfg->campaigns[i].has_broadcast;
    }
    printf("%s: ok: %s, %zu hamlets, %zu modem%s, %zu campaign%s (%zu enabled; %zu SMS, %zu broadcast), database %s%s\n",
           cfg->path, cfg->commune, cfg->nhamlets, modems, modems == 1 ? "" : "s", cfg->ncampaigns,
           cfg->ncampaigns == 1 ? "" : "s", enabled, sms, bc, cfg->database, whole ? " (whole file checked: ok)" : "");
    return 0;
}

int cli_backup(struct cli *c)
{
    if (c->argc != 2) return cli_usage(c, "'backup' needs the file to write");
    int rc = cli_store(c);
    if (rc) return rc;
    char err[LOA_ERRLEN];
    if (store_backup(c->st, c->argv[1], err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf("backup written to %s\n", c->argv[1]);
    return 0;
}

int cli_purge(struct cli *c)
{
    if (c->argc != 3 || strcmp(c->argv[1], "--older-than"))
        return cli_usage(c, "'purge' needs --older-than DURATION (e.g. 2y, 730d)");
    long long secs;
    if (util_parse_duration(c->argv[2], &secs) < 0 || secs < 86400)
        return cli_usage(c, "--older-than '%s' must be a duration of a day or more (30d, 2y)", c->argv[2]);
    int rc = cli_store(c);
    if (rc) return rc;
    struct purge_result r;
    if (store_purge(c->st, util_now() - (time_t)secs, &r) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    char *detail = xasprintf("older than %s: %ld received, %ld sent, %ld poll answers, %ld enrollment entries", c->argv[2],
                             r.inbox, r.outbox, r.answers, r.enrollments);
    store_event(c->st, "purge", NULL, detail);
    free(detail);
    printf("purged texts older than %s and the numbers of people no longer residents: %ld received messages, "
           "%ld sent messages, %ld poll answers, %ld enrollment entries (counts kept)\n", c->argv[2], r.inbox, r.outbox,
           r.answers, r.enrollments);
    return 0;
}
