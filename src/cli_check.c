/* cli_check — `loa check`: validate loa.cfg and every campaign file, change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "campaign.h"
#include "cli.h"
#include "web.h"
#include "sms.h"
#include "util.h"

static int count_demo(void *ud, const struct web_user_row *u)
{
    *(int *)ud += u->demo != 0;
    return 0;
}

/* A demo account (`make demo`'s) anywhere but the demo configuration on loopback is a known password on a real box. */
static void demo_warning(struct cli *c)
{
    int n = 0;
    if (store_web_users_each(c->st, count_demo, &n) < 0 || !n || web_demo_allowed(c->cfg, NULL)) return;
    fprintf(stderr, ngettext("%s: %d demo account of the web page (`loa web user list`) outside the demo configuration on "
                             "loopback: remove it with `loa web user remove NAME` (warning)\n",
                             "%s: %d demo accounts of the web page (`loa web user list`) outside the demo configuration on "
                             "loopback: remove them with `loa web user remove NAME` (warning)\n", (unsigned long)n),
            c->cfg->path, n);
}

int cli_check(struct cli *c)
{
    int whole = c->argc == 2 && !strcmp(c->argv[1], "--database");
    if (c->argc > 1 + whole) return cli_usage(c, _("'check' takes only --database"));
    int rc = cli_config_read(c);
    if (rc) return rc;
    struct config *cfg = c->cfg;
    /* A campaign file in error does not hide the campaign-wide check of the others (the SMS too long for
     * max_parts, a text that can never go): all are said in one pass. An error in loa.cfg itself, or
     * --database, stops here: nothing else can be judged against a configuration that did not load. */
    size_t nconf = cfg->errors.n, plen = strlen(cfg->path);
    int main_bad = 0;
    for (size_t i = 0; i < nconf; i++) main_bad |= !strncmp(cfg->errors.v[i], cfg->path, plen) && cfg->errors.v[i][plen] == ':';
    if (nconf && (main_bad || whole)) return cli_config_errors(c);
    /* Campaign lint, over the residents when the database exists; check never creates it: it changes
     * nothing. The whole file is read (quick_check, seconds on years of history) and the outbox's
     * counters recomputed only with --database; `loa run` checks the file daily by itself. */
    struct cfg_strlist warns = {0}, errs = {0};
    int have_db = util_file_exists(cfg->database);
    if (whole && !have_db) return cli_fail(LOA_EXIT_INPUT, _("%s: no database to check"), cfg->database);
    if (have_db && (rc = cli_store_open(c))) return rc;
    char err[LOA_ERRLEN], *diff = NULL;
    if (whole && store_check(c->st) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    int differ = whole ? store_outbox_counts_verify(c->st, &diff) : 0;
    if (differ < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (differ) {
        rc = cli_fail(LOA_EXIT_SYSTEM, _("%s: the outbox's counters disagree with its messages: %s"), cfg->database, diff);
        free(diff);
        return rc;
    }
    struct config clean = *cfg;   /* the campaigns whose file loaded without error */
    clean.campaigns = xcalloc(cfg->ncampaigns + 1, sizeof *clean.campaigns);
    clean.ncampaigns = 0;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        int bad = 0;
        for (size_t j = 0; j < nconf; j++) {
            const char *f = cfg->error_msgs.v[j].file;
            bad |= f && !strcmp(f, cfg->campaigns[i].file);
        }
        if (!bad) clean.campaigns[clean.ncampaigns++] = cfg->campaigns[i];
    }
    rc = campaign_check_all(have_db ? c->st : NULL, &clean, util_now(), &warns, &errs, err);
    free(clean.campaigns);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    cli_print_msgs(&cfg->error_msgs, "");
    for (size_t i = 0; i < warns.n; i++) fprintf(stderr, _("%s (warning)\n"), warns.v[i]);
    if (have_db) demo_warning(c);
    for (size_t i = 0; i < errs.n; i++) fprintf(stderr, "%s\n", errs.v[i]);
    size_t nerr = errs.n + nconf;
    for (size_t i = 0; i < warns.n; i++) free(warns.v[i]);
    for (size_t i = 0; i < errs.n; i++) free(errs.v[i]);
    free(warns.v);
    free(errs.v);
    if (nerr) {
        if (nconf)
            fprintf(stderr, ngettext("loa: %zu error in the configuration; nothing was done\n",
                                     "loa: %zu errors in the configuration; nothing was done\n", nerr), nerr);
        else fprintf(stderr, ngettext("loa: %zu error in the campaigns\n", "loa: %zu errors in the campaigns\n", nerr), nerr);
        return LOA_EXIT_INPUT;
    }
    size_t modems = 0, enabled = 0, sms = 0, bc = 0;
    for (size_t i = 0; i < cfg->sms.nmodems; i++) modems += cfg->sms.modems[i].enabled;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        enabled += cfg->campaigns[i].enabled;
        sms += cfg->campaigns[i].has_sms;
        bc += cfg->campaigns[i].has_broadcast;
    }
    /* TRANSLATORS: the pieces of "config/loa.cfg: ok: Xã Minh Tiến, 7 hamlets, 1 modem, 4 campaigns (4 enabled;
     * 4 SMS, 2 broadcast), database var/loa.db" */
    char *h = xasprintf(ngettext("%zu hamlet", "%zu hamlets", cfg->nhamlets), cfg->nhamlets);
    char *m = xasprintf(ngettext("%zu modem", "%zu modems", modems), modems);
    char *k = xasprintf(ngettext("%zu campaign", "%zu campaigns", cfg->ncampaigns), cfg->ncampaigns);
    printf(_("%s: ok: %s, %s, %s, %s (%zu enabled; %zu SMS, %zu broadcast), database %s%s\n"), cfg->path, cfg->commune, h, m,
           k, enabled, sms, bc, cfg->database, whole ? _(" (whole file checked: ok)") : "");
    free(h);
    free(m);
    free(k);
    return 0;
}
