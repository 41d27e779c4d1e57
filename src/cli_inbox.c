/* cli_inbox — `loa inbox list|show|reply|done`: received SMS, what loa did, the officer's replies. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "note.h"
#include "i18n.h"
#include "outbox.h"
#include "replies.h"
#include "util.h"
#include "vntext.h"
#include "view.h"

struct ilist {
    struct cli *c;
    json_t *arr;
    int failed;
    struct cli_list list;
};

/* The columns of `inbox list` (as wide as their translated headings). */
static const char *const inbox_head[] = {N_("ID"),     N_("SENT (SMS TIME)"), N_("FROM"),   N_("RESIDENT"),
                                         N_("HAMLET"), N_("ACTION"),          N_("KEYWORD")};
static int inbox_w[] = {6, 20, 13, 21, 15, 17, 6};

static int ilist_one(void *ud, const struct inbox_row *r)
{
    struct ilist *l = ud;
    if (!cli_list_row(&l->list)) return 1;
    struct view_inbox_item v;
    char err[LOA_ERRLEN];
    if (view_inbox_item(l->c->st, l->c->cfg, r, &v, err) < 0) {
        l->failed = 1;
        return 1;
    }
    if (l->arr) {
        json_array_append_new(l->arr, view_inbox_item_json(&v));
        view_inbox_item_clear(&v);
        return 0;
    }
    char t[24];
    /* received: never raw on a terminal */
    char *number = vntext_visible(v.number), *text = vntext_visible(r->text);
    char *who = v.name ? vntext_visible(v.name) : NULL;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    const char *cell[] = {id, util_fmt_time(v.time, t, sizeof t), number, who, v.hamlet_name ? v.hamlet_name : v.hamlet,
                          i18n_code(r->action ? r->action : "(new)"), r->keyword ? r->keyword : "-"};
    for (int i = 0; i < 7; i++) {
        cli_pad(cell[i], inbox_w[i]);
        if (i < 6) putchar(' ');   /* the handled mark follows the keyword's column */
    }
    printf("%s %s\n", r->handled ? " " : "*", text);
    free(number);
    free(who);
    free(text);
    view_inbox_item_clear(&v);
    return 0;
}

static int inbox_list(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"unhandled", no_argument, NULL, 'u'}, {"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0}};
    int unhandled = 0, json = 0, o;
    long long limit = 0;
    int limited = 0;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'u') unhandled = 1;
        else if (o == 'j') json = 1;
        else if (o == 'l') {
            limited = 1;
            if (util_parse_int(optarg, &limit) < 0 || limit < 0) return cli_usage(c, _("--limit '%s' is not a number"), optarg);
        } else return cli_usage(c, _("unknown option for 'inbox list'"));
    }
    if (optind != argc) return cli_usage(c, _("'inbox list' takes no arguments besides options"));
    struct ilist l = {c, json ? json_array() : NULL, 0, {0}};
    int ask = cli_list_limit(&l.list, limit, limited, json);
    if (!json) cli_heading(inbox_head, inbox_w, 7, N_(" TEXT (* = for the officer)"));
    if (store_inbox_each(c->st, unhandled, ask, ilist_one, &l) < 0 || l.failed) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (json) cli_json_print(l.arr);
    else cli_list_end(&l.list);
    return 0;
}

static int get_msg(struct cli *c, const char *arg, struct inbox_row *m)
{
    long long id;
    if (util_parse_int(arg, &id) < 0 || id <= 0) return cli_usage(c, _("'%s' is not a message id"), arg);
    int rc = store_inbox_get(c->st, id, m);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, _("no received message %lld"), id);
    return 0;
}

static int inbox_show(struct cli *c, int argc, char **argv)
{
    int json = argc == 3 && !strcmp(argv[2], "--json");
    if (argc != 2 && !json) return cli_usage(c, _("'inbox show' needs a message ID"));
    struct inbox_row m = {0};
    int rc = get_msg(c, argv[1], &m);
    if (rc) return rc;
    struct view_inbox_item v;
    char err[LOA_ERRLEN];
    if (view_inbox_item(c->st, c->cfg, &m, &v, err) < 0) {
        store_inbox_clear(&m);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    if (json) {
        cli_json_print(view_inbox_item_json(&v));
    } else {
        char t[24], st[24];
        char *sender = vntext_visible(m.sender), *text = vntext_visible(m.text);   /* received: never raw on a terminal */
        char *who = v.name ? vntext_visible(v.name) : NULL;
        char *parts = xasprintf(ngettext("%d part", "%d parts", (unsigned long)m.parts), m.parts);
        char why[1024];
        printf(_("message:  %lld\nfrom:     %s%s%s%s%s%s%s%s\nsent:     %s (the SMS's own time)\n"
                 "received: %s (modem %s, %s%s)\naction:   %s%s%s\n"
                 "campaign: %s\nresult:   %s\nstatus:   %s\n\n%s\n"),
               (long long)m.id, sender, m.phone && strcmp(m.phone, m.sender) ? " = " : "",
               m.phone && strcmp(m.phone, m.sender) ? m.phone : "", who ? " (" : "", who ? who : "",
               v.hamlet ? ", " : "", v.hamlet_name ? v.hamlet_name : v.hamlet ? v.hamlet : "", who ? ")" : "",
               util_fmt_time(v.time, st, sizeof st), util_fmt_time(m.received, t, sizeof t), m.modem, parts,
               m.complete ? "" : _(", INCOMPLETE"), m.action ? i18n_code(m.action) : _("(not yet)"),
               m.keyword ? " " : "", m.keyword ? m.keyword : "", m.campaign ? m.campaign : "-",
               m.result ? note_text(m.result, why, sizeof why) : "-",
               m.handled ? _("done") : _("waiting for the officer"), text);
        free(parts);
        free(who);
        free(sender);
        free(text);
    }
    view_inbox_item_clear(&v);
    store_inbox_clear(&m);
    return 0;
}

static int inbox_reply(struct cli *c, int argc, char **argv)
{
    if (argc != 3) return cli_usage(c, _("'inbox reply' needs a message ID and the TEXT"));
    struct inbox_row m = {0};
    int rc = get_msg(c, argv[1], &m);
    if (rc) return rc;
    if (!m.phone) {
        store_inbox_clear(&m);
        return cli_fail(LOA_EXIT_INPUT, _("message %s came from '%s', which cannot receive SMS"), argv[1], m.sender);
    }
    struct outbox_msg msg = {.phone = m.phone, .text = argv[2], .diacritics = 1, .kind = OK_ADHOC, .priority = 15,
                             .reply_to = m.id, .campaign = NULL};
    int64_t id;
    char err[LOA_ERRLEN];
    rc = outbox_queue(c->st, c->cfg, &msg, util_now(), &id, err);
    if (rc == 0) store_inbox_set_handled(c->st, m.id, 1);
    store_inbox_clear(&m);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, _("%s; nothing queued"), err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf(_("reply queued (outbox=%lld); message %s marked done\n"), (long long)id, argv[1]);
    return 0;
}

static int inbox_done(struct cli *c, int argc, char **argv)
{
    int optout = argc == 3 && !strcmp(argv[2], "--optout");
    if (argc != 2 && !optout) return cli_usage(c, _("'inbox done' needs a message ID, and takes only --optout"));
    struct inbox_row m = {0};
    int rc = get_msg(c, argv[1], &m);
    if (rc) return rc;
    int64_t id = m.id;
    store_inbox_clear(&m);
    if (optout) {
        char result[512];
        rc = replies_optout_by_officer(c->st, c->cfg, id, util_now(), result, sizeof result);
        if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
        char why[1024];
        note_text(result, why, sizeof why);
        if (rc > 0) return cli_fail(LOA_EXIT_INPUT, _("%s; nothing changed"), why);
        printf(_("message %s done: %s\n"), argv[1], why);
        return 0;
    }
    if (store_inbox_set_handled(c->st, id, 1) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    printf(_("message %s done\n"), argv[1]);
    return 0;
}

int cli_inbox(struct cli *c)
{
    static const struct cli_sub subs[] = {{"list", inbox_list, CLI_STORE}, {"show", inbox_show, CLI_STORE},
                                          {"reply", inbox_reply, CLI_STORE}, {"done", inbox_done, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
