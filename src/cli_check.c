/* cli_check — `loa check` (validate the configuration) and `loa backup`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

int cli_check(struct cli *c)
{
    if (c->argc > 1) return cli_usage(c, "'check' takes no arguments");
    int rc = cli_config(c);
    if (rc) return rc;
    struct config *cfg = c->cfg;
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
