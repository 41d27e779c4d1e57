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
/* Parse a date argument "YYYY-MM-DD" into local day start; 0 or -1. */
int cli_parse_date_arg(const char *s, time_t *out);

typedef int (*cli_fn)(struct cli *c);
struct cli_command {
    const char *name;
    cli_fn fn;
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
int cli_campaign_results(struct cli *c, int argc, char **argv);
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
