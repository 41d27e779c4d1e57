/* cli_table — the command table (what each command needs set up, its usage) and help. Add a command here and in cli.h;
 * a command with subcommands lists them, with what each needs, in a cli_sub table in its own file. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"


const struct cli_command cli_commands[] = {
    {"check", cli_check, CLI_NONE, N_("  loa check [--database]"),
     N_("validate loa.cfg and every campaign file; --database: and the whole database file")},
    {"contacts", cli_contacts, CLI_NONE, N_("  loa contacts import FILE.csv|FILE.xlsx|FILE.xls [--sheet NAME] [--skip-invalid]\n"
     "  loa contacts list [--hamlet H] [--tag T] [--vneid STATUS] [--opted-out] [--search TEXT] [--json]\n"
     "  loa contacts show PHONE [--json]\n"
     "  loa contacts remove PHONE\n"
     "  loa contacts export FILE.csv\n"
     "  loa contacts optout PHONE [--note TEXT]\n"
     "  loa contacts optin PHONE --note TEXT\n"
     "  loa contacts vneid PHONE STATUS [--name NAME]"),
     N_("residents: import from CSV or Excel, list, show, remove, export; the officer's opt-outs and opt-ins")},
    {"campaign", cli_campaign, CLI_NONE, N_("  loa campaign list [--json]\n"
     "  loa campaign preview ID [--count N] [--json]\n"
     "  loa campaign results ID [--json]\n"
     "  loa campaign test ID PHONE\n"
     "  loa campaign pause ID\n"
     "  loa campaign resume ID"),
     N_("campaigns: list; preview runs, audience, SMS, parts and cost; results; a test SMS to your phone; pause, resume")},
    {"inbox", cli_inbox, CLI_NONE, N_("  loa inbox list [--unhandled] [--limit N] [--json]\n"
     "  loa inbox show ID [--json]\n"
     "  loa inbox reply ID TEXT\n"
     "  loa inbox done ID [--optout]   (--optout: the sender asked to stop in words; opted out as by HUY)"),
     N_("received SMS: what each was and what loa did; the officer's replies")},
    {"broadcast", cli_broadcast, CLI_NONE, N_("  loa broadcast today [--date D] [--json]\n"
     "  loa broadcast play --slot HH:MM [--date D]\n"
     "  loa broadcast mark ID played|skipped [--note TEXT]\n"
     "  loa broadcast log [--date D] [--json] | --csv [--date D | --month YYYY-MM]\n"
     "  loa broadcast now TEXT [--level khan-cap|uu-tien|thuong] [--sms]\n"
     "  loa broadcast file PATH [--level L] [--slot HH:MM] [--date D]\n"
     "  (dates YYYY-MM-DD or dd/mm/yyyy)"),
     N_("the loudspeaker programme: items and files, playback, the as-run log")},
    {"tts", cli_tts, CLI_NONE, N_("  loa tts [-f FILE | TEXT] -o OUT.wav|OUT.mp3\n  loa tts --normalize-only TEXT"),
     N_("Vietnamese speech for an ad-hoc announcement; or just the words espeak-ng will read")},
    {"run", cli_run, CLI_CONFIG, N_("  loa run [--once] [--trust-clock]"),
     N_("the scheduler and senders (a service); --once does what is due and exits")},
    {"sms", cli_sms, CLI_NONE, N_("  loa sms send [--no-diacritics] [--urgent] PHONE TEXT\n"
     "  loa sms count [--no-diacritics] [--json] TEXT"),
     N_("send one SMS through the queue; count a text's encoding and parts")},
    {"outbox", cli_outbox, CLI_NONE, N_("  loa outbox list [--state S] [--limit N] [--json]\n"
     "  loa outbox retry ID | --unknown\n"
     "  loa outbox cancel ID | --run RUN"),
     N_("the queue of outgoing SMS")},
    {"pause", cli_pause, CLI_STORE, N_("  loa pause"),
     N_("stop all sending at once")},
    {"resume", cli_resume, CLI_STORE, N_("  loa resume"),
     N_("restart sending")},
    {"status", cli_status, CLI_STORE, N_("  loa status [--json]"),
     N_("queue, modems, next runs")},
    {"purge", cli_purge, CLI_STORE, N_("  loa purge --older-than DURATION"),
     N_("remove old message texts and the numbers of people no longer residents (counts kept)")},
    {"backup", cli_backup, CLI_STORE, N_("  loa backup FILE"),
     N_("a consistent copy of the database, safe while loa run runs")},
    {"enroll", cli_enroll, CLI_NONE, N_("  loa enroll add HAMLET COUNT [--date D] [--note TEXT]\n"
     "  loa enroll opening HAMLET COUNT --date D\n"
     "  loa enroll official HAMLET TOTAL --date D\n"
     "  loa enroll import [--skip-repeated] FILE.csv|FILE.xlsx|FILE.xls [--sheet NAME]\n"
     "  loa enroll undo ID\n"
     "  loa enroll list [--hamlet H] [--json]\n"
     "  loa enroll summary [--as-of D] [--json]\n"
     "  (dates YYYY-MM-DD or dd/mm/yyyy; COUNT may be negative: a correction)"),
     N_("VNeID activations per hamlet: entries, corrections, opening balances, official totals, progress")},
    {"report", cli_report, CLI_STORE, N_("  loa report monthly [--month YYYY-MM] [--recompute]\n"
     "  loa report half-year [--period YYYY-H1|YYYY-H2] [--recompute]\n"
     "  loa report annual [--year YYYY] [--recompute]\n"
     "  loa report list [--json]\n"
     "  (a report is frozen when first made; --recompute counts it again from today's data)"),
     N_("the monthly, 6-month and annual reports (CSV, XLSX, HTML) in reports_dir")},
    {"web", cli_web, CLI_NONE, N_("  loa web [--listen ADDRESS:PORT]\n"
     "  loa web user add NAME --role officer|operator|viewer [--password-stdin] [--demo]\n"
     "  loa web user list\n"
     "  loa web user remove NAME\n"
     "  loa web user passwd NAME [--password-stdin]\n"
     "  loa web cert [--name NAME] [--force]   (a self-signed certificate at web.cert/web.key; prints its fingerprint)"),
     N_("the web page for the officer and the operator (its own process), and its accounts")},
    {"help", cli_help, CLI_NONE, N_("  loa help [COMMAND | config]"),
     N_("this help, a command's usage, or the configuration keys")},
{NULL, NULL, 0, NULL, NULL},
};

void cli_print_usage(FILE *fp)
{
    fputs(_("usage: loa [-c FILE] [--now \"YYYY-MM-DD HH:MM\"] [--log-file FILE] [-v] COMMAND [ARGS]\n\ncommands:\n"), fp);
    for (const struct cli_command *k = cli_commands; k->name; k++) fprintf(fp, "  %-10s %s\n", k->name, _(k->summary));
    fputs(_("\n`loa help COMMAND` shows a command's usage; `loa help config` every configuration key.\n"
            "exit codes: 0 ok, 1 bad input, 2 usage, 3 system failure\n"), fp);
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && i <= 2; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return i;
    return 0;
}

void cli_command_help(const struct cli_command *k, const char *sub)
{
    /* a subcommand's own lines when it has some ("  loa inbox done ID [--optout]"), else the whole usage */
    char head[64];
    snprintf(head, sizeof head, "  loa %s %s", k->name, sub ? sub : "");
    size_t hn = strlen(head);
    int found = 0;
    const char *usage = _(k->usage), *summary = _(k->summary);
    for (const char *l = usage; sub && *l;) {
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) : strlen(l);
        if (n >= hn && !strncmp(l, head, hn) && (n == hn || l[hn] == ' ')) {
            if (!found++) printf("%s\n\n", summary);
            printf("%.*s\n", (int)n, l);
        }
        l += n + (e != NULL);
    }
    if (!found) printf("%s\n\n%s\n", summary, usage);
}

int cli_help(struct cli *c)
{
    if (c->argc < 2) {
        cli_print_usage(stdout);
        return 0;
    }
    if (!strcmp(c->argv[1], "config")) {
        config_print_reference();
        return 0;
    }
    for (const struct cli_command *k = cli_commands; k->name; k++)
        if (!strcmp(k->name, c->argv[1])) {
            cli_command_help(k, c->argc > 2 ? c->argv[2] : NULL);
            return 0;
        }
    return cli_usage(c, _("no command '%s'; `loa help` lists them"), c->argv[1]);
}

