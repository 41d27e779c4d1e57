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
/* Config plus the database: 0 or an exit code (errors printed). */
int cli_store(struct cli *c);
/* Print a usage error for the current command and return LOA_EXIT_USAGE. */
int cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "loa: message" to stderr and return CODE. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print J to stdout (indented), then free it. */
void cli_json_print(json_t *j);
/* json string or null */
json_t *cli_json_str(const char *s);
/* Print S (NULL as "-") padded with spaces to WIDTH terminal columns (UTF-8 aware). */
void cli_pad(const char *s, int width);

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

/* With broadcast.stream: its state and Icecast's listener count, a line of text or J's "stream" member. */
void cli_stream_status(struct cli *c, json_t *j);

#endif
