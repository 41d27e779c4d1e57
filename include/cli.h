/* cli — the command line: shared context, helpers, and every subcommand's entry point. */
#ifndef LOA_CLI_H
#define LOA_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "config.h"
#include "store.h"

struct cli {
    const char *config_opt;  /* -c FILE */
    const char *log_file;    /* --log-file */
    int verbose;             /* -v: debug logging */
    int argc;                /* the subcommand's arguments, argv[0] = its name */
    char **argv;
    struct config *cfg;      /* loaded on demand */
    store *st;               /* opened on demand */
};

/* Load and validate the config: prints its errors and returns LOA_EXIT_INPUT, or 0. */
int cli_config(struct cli *c);
/* Load the config into c->cfg and print its warnings, leaving its errors (c->cfg->errors) to the caller:
 * `loa check`, which adds its own. 0, or an exit code when no config file is found. */
int cli_config_read(struct cli *c);
/* Print the loaded config's errors and "loa: N errors in the configuration; nothing was done": LOA_EXIT_INPUT,
 * or 0 when there is none. */
int cli_config_errors(struct cli *c);
/* Config plus the database: 0 or an exit code (errors printed). */
int cli_store(struct cli *c);
/* The store of the configuration already read, whatever that configuration's errors. */
int cli_store_open(struct cli *c);
/* The loader's messages as the officer reads them, each followed by SUFFIX: the edge where their
 * sentences are chosen from their kinds. */
void cli_print_msgs(const struct cfg_msglist *l, const char *suffix);
/* Print a usage error for the current command and return LOA_EXIT_USAGE. */
int cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "loa: message" to stderr and return CODE. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* E164 opted out of SMS: print why nothing is queued (EXTRA after the reason) and return LOA_EXIT_INPUT; else 0. */
int cli_refuse_optout(struct cli *c, const char *e164, const char *extra);
/* Print J to stdout (indented), then free it. */
void cli_json_print(json_t *j);
struct view_missed_list;
/* Print L's skipped and held runs, one line each: CAMPAIGN's alone without their id, or all with it. */
void cli_print_missed(const struct view_missed_list *l, const char *campaign);
/* json string or null */
json_t *cli_json_str(const char *s);
/* Print S (NULL as "-") padded with spaces to WIDTH terminal columns (UTF-8 aware). */
void cli_pad(const char *s, int width);

/* A list on a terminal shows its newest CLI_LIST_SHOWN rows unless --limit says otherwise (0: all);
 * JSON gives every row. cli_list_limit returns the LIMIT to ask the store for: under the default, one
 * row more than is shown, so that cli_list_row knows whether more exist and cli_list_end says so. */
#define CLI_LIST_SHOWN 50
struct cli_list {
    long shown;              /* rows printed */
    long max;                /* rows to print, 0: all */
    int more;                /* a row beyond max exists */
};
int cli_list_limit(struct cli_list *l, long long limit, int given, int json);
/* 1 if the row is to be printed (counted), 0 if it is the one beyond the limit */
int cli_list_row(struct cli_list *l);
/* The list's last line: "N messages", or how to see more when the limit cut it */
void cli_list_end(const struct cli_list *l);
/* A table's heading: NAMES[0..N-1] (N_() marked) translated, each padded to WIDTHS[i] terminal columns
 * and a space, WIDTHS[i] first widened to the translated name's width (the rows then pad to WIDTHS);
 * the last name LAST (may be NULL) unpadded; then a newline. */
void cli_heading(const char *const *names, int *widths, int n, const char *last);

/* What a command needs before it runs (git's RUN_SETUP): set up by main, or by cli_dispatch for a
 * subcommand, so that no command opens them itself. */
enum cli_needs {
    CLI_NONE = 0,
    CLI_CONFIG = 1,          /* the configuration, loaded and valid */
    CLI_STORE = 2            /* the configuration and the database */
};
/* Load what NEEDS says: 0, or an exit code (errors printed). */
int cli_setup(struct cli *c, int needs);

typedef int (*cli_subfn)(struct cli *c, int argc, char **argv);
struct cli_sub {
    const char *name;
    cli_subfn fn;            /* called with argv[0] = the subcommand's name */
    int needs;               /* enum cli_needs */
};
/* Run the subcommand of the current command named by argv[1], from SUBS (ended by a NULL name),
 * after setting up what it needs; a missing or unknown subcommand is a usage error. */
int cli_dispatch(struct cli *c, const struct cli_sub *subs);

typedef int (*cli_fn)(struct cli *c);
struct cli_command {
    const char *name;
    cli_fn fn;
    int needs;               /* enum cli_needs: what main sets up before FN (subcommands: see cli_dispatch) */
    const char *usage;       /* "contacts import FILE.csv [--skip-invalid]" … (may be several lines) */
    const char *summary;     /* one line */
};
extern const struct cli_command cli_commands[];

void cli_print_usage(FILE *fp);
/* `loa COMMAND --help` or `loa COMMAND SUB --help` (also -h): the index of that argument in ARGV (argv[0] the
 * command), else 0. */
int cli_wants_help(int argc, char **argv);
/* K's summary and usage on stdout; with SUB, only that subcommand's lines when the usage has some. */
void cli_command_help(const struct cli_command *k, const char *sub);
int cli_help(struct cli *c);
int cli_check(struct cli *c);
int cli_contacts(struct cli *c);
int cli_backup(struct cli *c);
int cli_purge(struct cli *c);
int cli_run(struct cli *c);
int cli_campaign(struct cli *c);
int cli_inbox(struct cli *c);
int cli_broadcast(struct cli *c);
int cli_tts(struct cli *c);
int cli_sms(struct cli *c);
int cli_outbox(struct cli *c);
int cli_pause(struct cli *c);
int cli_resume(struct cli *c);
int cli_status(struct cli *c);
int cli_enroll(struct cli *c);
int cli_report(struct cli *c);
int cli_web(struct cli *c);

/* With broadcast.stream: its state and Icecast's listener count, a line of text or J's "stream" member. */
void cli_stream_status(struct cli *c, json_t *j);

#endif
