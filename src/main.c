/* main — loa's entry point: global options, finding the command in cli_table.c's table, exit codes. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "util.h"

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"now", required_argument, NULL, 'n'},
        {"log-file", required_argument, NULL, 'l'},
        {"verbose", no_argument, NULL, 'v'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* libGammu calls localtime(), and glibc re-reads /etc/localtime on every call while TZ is
     * unset (a dozen stat()s per message sent). Naming the same file once makes it read once;
     * loa's own local time is the commune's fixed UTC+7 and does not depend on it. */
    setenv("TZ", ":/etc/localtime", 0);
    struct cli c = {0};
    const char *now = getenv("LOA_NOW");
    int o;
    /* Messages are UTF-8 whatever the locale; only LC_MESSAGES is set (i18n.c says why). */
    i18n_init();
    signal(SIGPIPE, SIG_IGN);
    /* Past a file size limit (ulimit -f) the kernel would kill loa mid-write; ignored, the write
     * fails with EFBIG instead, SQLite undoes the transaction, and the officer reads why. */
    signal(SIGXFSZ, SIG_IGN);
    while ((o = getopt_long(argc, argv, "+c:vVh", opts, NULL)) != -1) {
        switch (o) {
        case 'c': c.config_opt = optarg; break;
        case 'n': now = optarg; break;
        case 'l': c.log_file = optarg; break;
        case 'v': c.verbose = 1; break;
        case 'V': printf(_("loa %s (built %s)\n"), LOA_VERSION, LOA_BUILD_DATE); return 0;
        case 'h': cli_print_usage(stdout); return 0;
        default: cli_print_usage(stderr); return LOA_EXIT_USAGE;
        }
    }
    /* The configuration's `language`, read ahead: every command speaks it, even one that never
     * loads the configuration (help), and the configuration's own errors are shown in it. */
    struct cfg_msg lerr = {0};
    char *cpath = config_find(c.config_opt, &lerr);
    if (cpath) i18n_config_file(cpath);
    free(cpath);
    config_msg_clear(&lerr);   /* cli_config says it, if the command needs the configuration */
    if (now && *now) {
        time_t t;
        if (util_parse_datetime(now, &t) < 0)
            return cli_fail(LOA_EXIT_USAGE, _("--now '%s' is not a local date and time \"YYYY-MM-DD HH:MM\""), now);
        util_clock_start(t);
    }
    if (optind >= argc) {
        cli_print_usage(stderr);
        return LOA_EXIT_USAGE;
    }
    char err[LOA_ERRLEN];
    if (log_open(c.log_file, c.verbose ? LOG_DEBUG : LOG_INFO, err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    c.argc = argc - optind;
    c.argv = argv + optind;
    int rc = -1;
    for (const struct cli_command *k = cli_commands; k->name; k++)
        if (!strcmp(k->name, c.argv[0])) {
            optind = 0;  /* the command parses its own options from argv[1] */
            int h = cli_wants_help(c.argc, c.argv);
            if (h) {   /* before any setup: help needs no configuration */
                cli_command_help(k, h == 2 ? c.argv[1] : NULL);
                rc = 0;
                break;
            }
            rc = cli_setup(&c, k->needs);
            if (rc == 0) rc = k->fn(&c);
            break;
        }
    if (rc < 0) {
        fprintf(stderr, _("loa: no command '%s'\n"), c.argv[0]);
        cli_print_usage(stderr);
        rc = LOA_EXIT_USAGE;
    }
    store_close(c.st);
    config_free(c.cfg);
    log_close();
    return rc;
}
