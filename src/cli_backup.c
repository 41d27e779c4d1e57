/* cli_backup — `loa backup` and `loa purge`: a consistent copy of the database; old texts removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "util.h"

int cli_backup(struct cli *c)
{
    if (c->argc != 2) return cli_usage(c, _("'backup' needs the file to write"));
    if (store_backup(c->st, c->argv[1]) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    printf(_("backup written to %s\n"), c->argv[1]);
    return 0;
}

int cli_purge(struct cli *c)
{
    if (c->argc != 3 || strcmp(c->argv[1], "--older-than"))
        return cli_usage(c, _("'purge' needs --older-than DURATION (e.g. 2y, 730d)"));
    long long secs;
    if (util_parse_duration(c->argv[2], &secs) < 0 || secs < 86400)
        return cli_usage(c, _("--older-than '%s' must be a duration of a day or more (30d, 2y)"), c->argv[2]);
    struct purge_result r;
    if (store_purge(c->st, util_now() - (time_t)secs, &r) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    char *detail = xasprintf("older than %s: %ld received, %ld sent, %ld poll answers, %ld enrollment entries", c->argv[2],
                             r.inbox, r.outbox, r.answers, r.enrollments);
    store_event(c->st, "purge", NULL, detail);
    free(detail);
    printf(_("purged texts older than %s and the numbers of people no longer residents: %ld received messages, "
           "%ld sent messages, %ld poll answers, %ld enrollment entries (counts kept)\n"), c->argv[2], r.inbox, r.outbox,
           r.answers, r.enrollments);
    return 0;
}
