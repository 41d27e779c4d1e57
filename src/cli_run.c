/* cli_run — `loa run`, `loa pause|resume` and `loa status`: the service, and whether and how it sends. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "note.h"
#include "i18n.h"
#include "log.h"
#include "run.h"
#include "util.h"
#include "view.h"

int cli_run(struct cli *c)
{
    static const struct option opts[] = {
        {"once", no_argument, NULL, 'o'}, {"trust-clock", no_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
    struct run_opts ro = {0};
    int o;
    optind = 0;
    while ((o = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
        if (o == 'o') ro.once = 1;
        else if (o == 't') ro.trust_clock = 1;
        else return cli_usage(c, _("unknown option for 'run'"));
    }
    if (optind != c->argc) return cli_usage(c, _("'run' takes no arguments besides options"));
    if (c->cfg->log_file && !c->log_file) {
        char err[LOA_ERRLEN];
        if (log_open(c->cfg->log_file, log_get_level(), err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    /* From here loa speaks only to its log, which stays English for whoever supports the box (the
     * store's and the loader's sentences included). */
    i18n_english();
    struct run_outcome res = {0};
    int rc = run_main(c->cfg->path, &ro, &res);
    i18n_officer();   /* the log is written: what follows is for the terminal */
    if (res.waiting)
        cli_fail(rc, ngettext("%ld message waits in the queue: modem %s could not send (see the log and `loa status`)",
                              "%ld messages wait in the queue: modem %s could not send (see the log and `loa status`)",
                              (unsigned long)res.waiting),
                 res.waiting, res.down);
    return rc;
}

static int set_paused(struct cli *c, int paused)
{
    if (c->argc != 1) return cli_usage(c, _("'%s' takes no arguments"), c->argv[0]);
    char t[24];
    util_fmt_time(util_now(), t, sizeof t);
    if (store_paused_set(c->st, paused ? t : NULL) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    store_event(c->st, paused ? "pause" : "resume", NULL, NULL);
    fputs(paused ? _("sending paused: nothing more goes out until `loa resume`\n") : _("sending resumed\n"), stdout);
    return 0;
}

int cli_pause(struct cli *c) { return set_paused(c, 1); }
int cli_resume(struct cli *c) { return set_paused(c, 0); }

/* ---- status ---- */

static void status_modem(const struct view_modem *o)
{
    const struct modem_status *m = &o->m;
    printf("  %-6s ", m->name);
    cli_pad(i18n_code(m->state ? m->state : "?"), 8);
    char why[1024];
    printf(" %s%s%s%s%s\n", m->balance ? _("balance: ") : "", m->balance ? m->balance : "", m->balance ? "  " : "",
           m->last_error ? _("last error: ") : "", m->last_error ? note_text(m->last_error, why, sizeof why) : "");
    if (o->collapsed)
        printf(_("  WARNING: modem %s: only %d of its last %d sends delivered: the SIM may be blocked or out of credit\n"),
               m->name, o->delivered, o->sent);
}

static void status_text(const struct view_status *v)
{
    char t[24];
    printf(_("%s — loa status at %s\n"), v->commune, util_fmt_time(v->now, t, sizeof t));
    if (v->paused) printf(_("SENDING IS PAUSED since %s (`loa resume` to restart)\n"), v->paused_since);
    printf(_("queue:"));
    for (int i = 0; i < OB__N; i++) printf(" %s %ld%s", i18n_code(store_outbox_state_name(i)), v->counts[i], i + 1 < OB__N ? "," : "\n");
    if (v->to_cancel)
        printf(ngettext("  %ld message of campaigns switched off (enabled = false) will be cancelled when `loa run` starts or "
                        "reloads; not counted above\n",
                        "  %ld messages of campaigns switched off (enabled = false) will be cancelled when `loa run` starts or "
                        "reloads; not counted above\n", (unsigned long)v->to_cancel), v->to_cancel);
    if (v->counts[OB_HELD])
    {
        printf(ngettext("  %ld message held: ", "  %ld messages held: ", (unsigned long)v->counts[OB_HELD]), v->counts[OB_HELD]);
        printf(ngettext("%ld campaign paused (`loa campaign list`; `loa campaign resume ID`)\n",
                        "%ld campaigns paused (`loa campaign list`; `loa campaign resume ID`)\n", (unsigned long)v->paused_campaigns),
               v->paused_campaigns);
    }
    long unknown = v->counts[OB_UNKNOWN];
    if (unknown)
        printf(ngettext("  %ld message may or may not have gone out (`loa outbox list --state unknown`; "
                        "`loa outbox retry --unknown` resends)\n",
                        "  %ld messages may or may not have gone out (`loa outbox list --state unknown`; "
                        "`loa outbox retry --unknown` resends)\n", (unsigned long)unknown), unknown);
    printf(_("modems:\n"));
    for (size_t i = 0; i < v->nmodems; i++) status_modem(&v->modems[i]);
    if (v->clock_known && !v->clock_trusted)
        printf(_("CLOCK NOT TRUSTED: %s; nothing is purged, no run is skipped (late runs are held) and no report is "
                 "made until it is (fix the time, or start `loa run --trust-clock`)\n"), v->clock_why);
    if (v->missed.n) {
        printf(_("missed runs:\n"));
        cli_print_missed(&v->missed, NULL);
    }
    printf(_("next runs:\n"));
    for (size_t i = 0; i < v->nnext; i++) {
        if (v->next[i].due) printf(_("  due now (%s)  %s\n"), util_fmt_time(v->next[i].at, t, sizeof t), v->next[i].campaign->id);
        else printf("  %s  %s\n", util_fmt_time(v->next[i].at, t, sizeof t), v->next[i].campaign->id);
    }
}

int cli_status(struct cli *c)
{
    int json = c->argc == 2 && !strcmp(c->argv[1], "--json");
    if (c->argc > 1 && !json) return cli_usage(c, _("'status' takes only --json"));
    struct view_status v;
    char err[LOA_ERRLEN];
    if (view_status(c->st, c->cfg, util_now(), &v, err) < 0) {
        view_status_clear(&v);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    if (json) {
        json_t *j = view_status_json(&v);
        cli_stream_status(c, j);
        cli_json_print(j);
    } else {
        status_text(&v);
        cli_stream_status(c, NULL);
    }
    view_status_clear(&v);
    return 0;
}
