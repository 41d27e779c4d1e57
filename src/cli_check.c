/* cli_check — `loa check` (validate the configuration) and `loa backup`. */
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "cli.h"
#include "util.h"

int cli_check(struct cli *c)
{
    if (c->argc > 1) return cli_usage(c, "'check' takes no arguments");
    int rc = cli_config(c);
    if (rc) return rc;
    struct config *cfg = c->cfg;
    /* Campaign lint; the worst case is rendered for every resident when the database exists
     * (check never creates it: it changes nothing). */
    struct cfg_strlist warns = {0}, errs = {0};
    int have_db = util_file_exists(cfg->database);
    if (have_db && (rc = cli_store(c))) return rc;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &cfg->campaigns[i];
        struct campaign_estimate e;
        int ok = have_db && k->enabled && campaign_estimate(c->st, cfg, k, util_now(), &e) == 0;
        campaign_lint(cfg, k, ok ? &e : NULL, &warns, &errs);
        if (have_db && k->enabled) campaign_estimate_free(&e);
    }
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
    printf("%s: ok: %s, %zu hamlets, %zu modem%s, %zu campaign%s (%zu enabled; %zu SMS, %zu broadcast), database %s\n",
           cfg->path, cfg->commune, cfg->nhamlets, modems, modems == 1 ? "" : "s", cfg->ncampaigns,
           cfg->ncampaigns == 1 ? "" : "s", enabled, sms, bc, cfg->database);
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
