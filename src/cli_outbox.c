/* cli_outbox — `loa outbox list|retry|cancel`: the queue of outgoing SMS. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "note.h"
#include "util.h"
#include "vntext.h"
#include "view.h"

struct olist {
    json_t *arr;
    struct cli_list list;
};

/* The columns of `outbox list` before the encoding's: each width holds its own separating space. */
static const char *const outbox_head[] = {N_("ID"), N_("STATE"), N_("PHONE"), N_("CAMPAIGN")};
static int outbox_w[] = {8, 10, 14, 16};

static int olist_one(void *ud, const struct outbox_row *r)
{
    struct olist *l = ud;
    if (!cli_list_row(&l->list)) return 1;
    if (l->arr) {
        json_array_append_new(l->arr, view_outbox_json(r));
        return 0;
    }
    char t[24];
    printf("%-7lld ", (long long)r->id);
    cli_pad(i18n_code(store_outbox_state_name(r->state)), outbox_w[1]);
    cli_pad(r->phone, outbox_w[2]);
    cli_pad(r->campaign ? r->campaign : (r->kind == OK_AUTO ? _("(auto)") : r->kind == OK_TEST ? _("(test)") : _("(adhoc)")),
            outbox_w[3]);
    printf("%s %d/%d  %-5s ", view_outbox_encoding(r), r->parts_sent, r->parts, r->modem ? r->modem : "-");
    printf("%s  ", r->sent_at ? util_fmt_time(r->sent_at, t, sizeof t) : "-                  ");
    /* the text on one line, shortened to what fits */
    char shown[80];
    size_t n = 0;
    char *visible = vntext_visible(r->text);   /* a reply may quote what a resident sent: never raw */
    for (const char *p = visible; *p && n < sizeof shown - 4; p++) shown[n++] = *p;
    while (n && ((unsigned char)shown[n - 1] & 0xC0) == 0x80) n--;  /* never cut a character in half */
    if (n && (unsigned char)shown[n - 1] >= 0xC0) n--;
    shown[n] = '\0';
    char why[1024];
    printf("%s%s%s%s\n", shown, strlen(visible) > n ? "…" : "", r->last_error ? "  ! " : "",
           r->last_error ? note_text(r->last_error, why, sizeof why) : "");
    free(visible);
    return 0;
}

static int outbox_list(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"state", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0}};
    int state = -1, json = 0, o;
    long long limit = 0;
    int limited = 0;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's') {
            state = store_outbox_state_parse(optarg);
            if (state < 0)
                return cli_usage(c, _("--state '%s' is not one of queued, sending, sent, delivered, failed, unknown, cancelled, held"),
                                 optarg);
        } else if (o == 'j') json = 1;
        else if (o == 'l') {
            limited = 1;
            if (util_parse_int(optarg, &limit) < 0 || limit < 0) return cli_usage(c, _("--limit '%s' is not a number"), optarg);
        } else return cli_usage(c, _("unknown option for 'outbox list'"));
    }
    if (optind != argc) return cli_usage(c, _("'outbox list' takes no arguments besides options"));
    struct olist l = {json ? json_array() : NULL, {0}};
    int ask = cli_list_limit(&l.list, limit, limited, json);
    if (!json) {
        for (int i = 0; i < OB__N; i++) {
            int w = (int)vntext_width(i18n_code(store_outbox_state_name(i))) + 1;
            if (w > outbox_w[1]) outbox_w[1] = w;
        }
        for (int i = 0; i < 4; i++) {
            int w = (int)vntext_width(_(outbox_head[i])) + 1;
            if (w > outbox_w[i]) outbox_w[i] = w;
            i18n_pad(stdout, outbox_head[i], outbox_w[i]);
        }
        /* TRANSLATORS: the last columns of `loa outbox list`, aligned on "UCS2 1/1  m1    2026-12-01 09:00:00  text" */
        printf("%s\n", _("ENC  PARTS MODEM SENT                 TEXT"));
    }
    if (store_outbox_each(c->st, state, ask, olist_one, &l) < 0) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (json) cli_json_print(l.arr);
    else cli_list_end(&l.list);
    return 0;
}

static int parse_id(const char *s, int64_t *id)
{
    long long v;
    if (util_parse_int(s, &v) < 0 || v <= 0) return -1;
    *id = v;
    return 0;
}

static int outbox_retry(struct cli *c, int argc, char **argv)
{
    if (argc != 2) return cli_usage(c, _("'outbox retry' needs an ID or --unknown"));
    int64_t id = 0;
    int unknown = !strcmp(argv[1], "--unknown");
    if (!unknown && parse_id(argv[1], &id) < 0) return cli_usage(c, _("'%s' is not a message id"), argv[1]);
    int n = unknown ? store_outbox_retry_unknown(c->st, util_now()) : store_outbox_retry(c->st, id, util_now());
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (!unknown && n == 0) return cli_fail(LOA_EXIT_INPUT, _("message %lld is not failed or unknown; nothing to retry"), (long long)id);
    store_event(c->st, "outbox.retry", unknown ? "unknown" : argv[1], NULL);
    printf(ngettext("%d message queued again\n", "%d messages queued again\n", (unsigned long)n), n);
    return 0;
}

static int outbox_cancel(struct cli *c, int argc, char **argv)
{
    int64_t id;
    int run = argc == 3 && !strcmp(argv[1], "--run");
    if (!(argc == 2 || run)) return cli_usage(c, _("'outbox cancel' needs an ID or --run RUN"));
    if (parse_id(argv[run ? 2 : 1], &id) < 0) return cli_usage(c, _("'%s' is not an id"), argv[run ? 2 : 1]);
    int n = run ? store_outbox_cancel_run(c->st, id) : store_outbox_cancel(c->st, id);
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (!run && n == 0) return cli_fail(LOA_EXIT_INPUT, _("message %lld is not queued or held; nothing cancelled"), (long long)id);
    store_event(c->st, run ? "run.cancel" : "outbox.cancel", argv[run ? 2 : 1], NULL);
    printf(ngettext("%d message cancelled\n", "%d messages cancelled\n", (unsigned long)n), n);
    return 0;
}

int cli_outbox(struct cli *c)
{
    static const struct cli_sub subs[] = {
        {"list", outbox_list, CLI_STORE}, {"retry", outbox_retry, CLI_STORE}, {"cancel", outbox_cancel, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
