/* cli_report — `loa report monthly|half-year|annual`: write a period's report (CSV, XLSX, HTML); `loa report list`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "report.h"
#include "util.h"
#include "view.h"

/* `loa report list [--json]`: each period's report and its state (report_list, as the page shows it). */
static int report_list_cmd(struct cli *c)
{
    int json = c->argc == 3 && !strcmp(c->argv[2], "--json");
    if (c->argc > 2 && !json) return cli_usage(c, _("'report list' takes only --json"));
    char err[LOA_ERRLEN] = "";
    struct report_entry *e;
    size_t n;
    if (report_list(c->st, c->cfg, util_now(), &e, &n, err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (json) {
        cli_json_print(view_reports_json(e, n));
        report_list_free(e, n);
        return 0;
    }
    static const int w[] = {11, 9, 13, 21};
    cli_pad(_("KIND"), w[0]); cli_pad(_("PERIOD"), w[1]); cli_pad(_("STATE"), w[2]); cli_pad(_("MADE"), w[3]);
    printf("%s\n", _("BY"));
    for (size_t i = 0; i < n; i++) {
        char t[24] = "-";
        if (e[i].made) util_fmt_time(e[i].made_at, t, sizeof t);
        cli_pad(i18n_code(report_kind_key(e[i].p.kind)), w[0]);
        cli_pad(e[i].p.name, w[1]);
        cli_pad(i18n_code(view_report_state(&e[i])), w[2]);
        cli_pad(t, w[3]);
        printf("%s\n", e[i].made_by ? e[i].made_by : "-");
    }
    report_list_free(e, n);
    return 0;
}

int cli_report(struct cli *c)
{
    if (c->argc < 2) return cli_usage(c, _("'report' needs monthly, half-year, annual or list"));
    const char *sub = c->argv[1];
    if (!strcmp(sub, "list")) return report_list_cmd(c);
    int kind;
    const char *optname, *shape;
    if (!strcmp(sub, "monthly")) kind = REPORT_MONTHLY, optname = "month", shape = "YYYY-MM";
    else if (!strcmp(sub, "half-year")) kind = REPORT_HALF_YEAR, optname = "period", shape = _("YYYY-H1 or YYYY-H2");
    else if (!strcmp(sub, "annual")) kind = REPORT_ANNUAL, optname = "year", shape = "YYYY";
    else return cli_usage(c, _("no subcommand 'report %s'"), sub);
    const struct option opts[] = {{optname, required_argument, NULL, 'p'}, {"recompute", no_argument, NULL, 'r'},
                                  {NULL, 0, NULL, 0}};
    const char *arg = NULL;
    int argc = c->argc - 1, o, recompute = 0;
    char **argv = c->argv + 1;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'p') arg = optarg;
        else if (o == 'r') recompute = 1;
        else return cli_usage(c, _("unknown option for 'report %s'"), sub);
    }
    if (optind != argc) return cli_usage(c, _("'report %s' takes no arguments besides --%s"), sub, optname);
    struct report_period p;
    time_t now = util_now();
    if (!arg) report_period_default(kind, now, &p);
    else if (report_period_parse(kind, arg, &p) < 0)
        return cli_fail(LOA_EXIT_INPUT, _("--%s '%s' is not %s"), optname, arg, shape);
    char err[LOA_ERRLEN] = "", *dir = NULL;
    time_t made = now;
    if (report_make(c->st, c->cfg, &p, now, recompute, NULL, &dir, &made, err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf(_("%s report %s written to %s/: bao-cao-%s.csv, bao-cao-%s.xlsx, bao-cao-%s.html\n"), i18n_code(sub), p.name, dir, p.name,
           p.name, p.name);
    if (made != now) {
        char t[24];
        printf(_("its figures as first made at %s (frozen; --recompute counts them again from today's data)\n"),
               util_fmt_time(made, t, sizeof t));
    }
    free(dir);
    return 0;
}
