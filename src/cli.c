/* cli — helpers every subcommand shares: config and database on demand, errors, JSON. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "util.h"
#include "view.h"
#include "vntext.h"

static void say(const char *fmt, va_list ap) LOA_PRINTF(1, 0);
static void say(const char *fmt, va_list ap)
{
    fputs(_("loa: "), stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    return code;
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    for (const struct cli_command *k = cli_commands; k->name; k++)
        if (!strcmp(k->name, c->argv[0])) fprintf(stderr, _("usage:\n%s\n"), _(k->usage));
    return LOA_EXIT_USAGE;
}

void cli_print_msgs(const struct cfg_msglist *l, const char *suffix)
{
    for (size_t i = 0; i < l->n; i++) {
        char *m = config_msg_text(&l->v[i], _(l->v[i].kind));
        fprintf(stderr, "%s%s\n", m, suffix);
        free(m);
    }
}

int cli_config_read(struct cli *c)
{
    if (c->cfg) return 0;
    struct cfg_msg err = {0};
    char *path = config_find(c->config_opt, &err);
    if (!path) {
        char *m = config_msg_text(&err, _(err.kind));
        int rc = cli_fail(LOA_EXIT_INPUT, "%s", m);
        free(m);
        config_msg_clear(&err);
        return rc;
    }
    c->cfg = config_load(path);
    free(path);
    cli_print_msgs(&c->cfg->warning_msgs, _(" (warning)"));
    return 0;
}

int cli_config(struct cli *c)
{
    if (c->cfg) return c->cfg->errors.n ? LOA_EXIT_INPUT : 0;
    int rc = cli_config_read(c);
    return rc ? rc : cli_config_errors(c);
}

int cli_config_errors(struct cli *c)
{
    if (c->cfg->errors.n) {
        cli_print_msgs(&c->cfg->error_msgs, "");
        fprintf(stderr, ngettext("loa: %zu error in the configuration; nothing was done\n",
                                 "loa: %zu errors in the configuration; nothing was done\n", c->cfg->errors.n),
                c->cfg->errors.n);
        return LOA_EXIT_INPUT;
    }
    return 0;
}

int cli_store(struct cli *c)
{
    int rc = cli_config(c);
    return rc ? rc : cli_store_open(c);
}

int cli_store_open(struct cli *c)
{
    if (c->st) return 0;
    int rc;
    struct store_error e = {0};
    c->st = store_open(c->cfg->database, &e);
    if (c->st) return 0;
    char *m = store_error_take(&e);
    rc = cli_fail(LOA_EXIT_SYSTEM, "%s", m);
    free(m);
    return rc;
}

int cli_setup(struct cli *c, int needs)
{
    if (needs == CLI_STORE) return cli_store(c);
    if (needs == CLI_CONFIG) return cli_config(c);
    return 0;
}

int cli_dispatch(struct cli *c, const struct cli_sub *subs)
{
    if (c->argc < 2) return cli_usage(c, _("'%s' needs a subcommand"), c->argv[0]);
    for (const struct cli_sub *s = subs; s->name; s++)
        if (!strcmp(s->name, c->argv[1])) {
            int rc = cli_setup(c, s->needs);
            return rc ? rc : s->fn(c, c->argc - 1, c->argv + 1);
        }
    return cli_usage(c, _("no subcommand '%s %s'"), c->argv[0], c->argv[1]);
}

int cli_refuse_optout(struct cli *c, const char *e164, const char *extra)
{
    struct contact k = {0};
    char t[24];
    int out = store_contact_get(c->st, e164, &k) == 0 && k.opted_out;
    if (out) util_fmt_time(k.opted_out, t, sizeof t);
    store_contact_clear(&k);
    if (!out) return 0;
    return cli_fail(LOA_EXIT_INPUT, _("%s opted out of SMS on %s: loa sends nothing to a number that opted out%s; "
                    "nothing queued"), e164, t, extra);
}

void cli_json_print(json_t *j)
{
    view_json_print(stdout, j);
}

json_t *cli_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

void cli_pad(const char *s, int width)
{
    if (!s) s = "-";
    int w = (int)vntext_width(s);
    fputs(s, stdout);
    for (; w < width; w++) putchar(' ');
}

int cli_list_limit(struct cli_list *l, long long limit, int given, int json)
{
    memset(l, 0, sizeof *l);
    if (given) return (int)limit;               /* the officer's own limit: no more, no hint */
    l->max = json ? 0 : CLI_LIST_SHOWN;
    return l->max > 0 ? (int)l->max + 1 : 0;
}

int cli_list_row(struct cli_list *l)
{
    if (l->max > 0 && l->shown == l->max) {
        l->more = 1;
        return 0;
    }
    l->shown++;
    return 1;
}

void cli_list_end(const struct cli_list *l)
{
    if (l->more)
        printf(_("the newest %ld messages; --limit N shows more, --limit 0 all\n"), l->shown);
    else
        printf(ngettext("%ld message\n", "%ld messages\n", (unsigned long)l->shown), l->shown);
}

void cli_heading(const char *const *names, int *widths, int n, const char *last)
{
    for (int i = 0; i < n; i++) {
        int w = (int)vntext_width(_(names[i]));
        if (w > widths[i]) widths[i] = w;
        i18n_pad(stdout, names[i], widths[i]);
        putchar(' ');
    }
    if (last) fputs(_(last), stdout);
    putchar('\n');
}
