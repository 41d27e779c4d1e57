/* cli_contacts — `loa contacts import|list|show|remove|export|optout|optin|vneid`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "contacts.h"
#include "i18n.h"
#include "phone.h"
#include "util.h"
#include "view.h"
#include "vntext.h"

static int import(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"skip-invalid", no_argument, NULL, 's'}, {"sheet", required_argument, NULL, 'S'}, {NULL, 0, NULL, 0}};
    int skip = 0, o;
    const char *sheet = NULL;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's') skip = 1;
        else if (o == 'S') sheet = optarg;
        else return cli_usage(c, _("unknown option for 'contacts import'"));
    }
    if (optind != argc - 1) return cli_usage(c, _("'contacts import' needs one file (CSV, .xlsx or .xls)"));
    struct contacts_import_result res;
    char err[LOA_ERRLEN] = "";
    const char *file = argv[optind];
    int rc = contacts_import_sheet(c->st, c->cfg, file, sheet, skip, stderr, &res, err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (rc > 0) {
        if (err[0]) fprintf(stderr, _("loa: %s\n"), err);
        else if (res.invalid)
            fprintf(stderr, _("loa: %ld of %ld rows are invalid; nothing was imported (fix them, or use --skip-invalid)\n"),
                    res.invalid, res.rows);
        return LOA_EXIT_INPUT;
    }
    printf(_("%s: %ld rows: %ld new, %ld updated, %ld skipped as invalid\n"), file, res.rows, res.inserted, res.updated,
           res.invalid);
    if (res.no_hamlet)
        fprintf(stderr, ngettext("loa: note: %ld resident has no hamlet: campaigns aimed at hamlets will not reach them "
                                 "(give a \"Thôn/Xóm\" column, or an \"Địa chỉ\" naming the hamlet)\n",
                                 "loa: note: %ld residents have no hamlet: campaigns aimed at hamlets will not reach them "
                                 "(give a \"Thôn/Xóm\" column, or an \"Địa chỉ\" naming the hamlet)\n",
                                 (unsigned long)res.no_hamlet),
                res.no_hamlet);
    return 0;
}

struct lister {
    json_t *arr;
    long n;
};

/* The columns of `contacts list`, each as wide as its translated heading and a space. */
static const char *const contacts_head[] = {N_("PHONE"), N_("HAMLET"), N_("NAME"), N_("HOUSEHOLD"), N_("VNEID")};
static int contacts_w[] = {14, 8, 30, 10, 15};

static int list_one(void *ud, const struct contact *k)
{
    struct lister *l = ud;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, view_contact_json(k));
        return 0;
    }
    const char *cell[] = {k->phone, k->hamlet, k->name, k->household, i18n_code(store_vneid_name(k->vneid))};
    for (int i = 0; i < 5; i++) cli_pad(cell[i], contacts_w[i]);
    printf("%s%s", k->tags ? k->tags : "", k->opted_out ? _("  (opted out)") : "");
    if (k->on_number > 1) printf(_("  (number shared by %d residents)"), k->on_number);
    printf("\n");
    return 0;
}

static int list(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"hamlet", required_argument, NULL, 'H'}, {"json", no_argument, NULL, 'j'},
        {"opted-out", no_argument, NULL, 'o'}, {"vneid", required_argument, NULL, 'v'},
        {"tag", required_argument, NULL, 't'}, {"search", required_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
    const char *hamlet = NULL;
    int json = 0, o;
    struct lister l = {0};
    struct view_contacts_filter f = {.vneid = -1};
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'H') hamlet = optarg;
        else if (o == 'j') json = 1;
        else if (o == 'o') f.opted_out = 1;
        else if (o == 't') f.tag = optarg;
        else if (o == 's') f.search = optarg;
        else if (o == 'v') {
            if ((f.vneid = contacts_vneid_parse(optarg)) < 0)
                return cli_fail(LOA_EXIT_INPUT, _("--vneid '%s' is not a status: activated, not_activated or unknown"), optarg);
        }
        else return cli_usage(c, _("unknown option for 'contacts list'"));
    }
    if (optind != argc) return cli_usage(c, _("'contacts list' takes no arguments besides options"));
    if (hamlet && view_contacts_hamlet(c->cfg, hamlet, &f.hamlet) < 0)
        return cli_fail(LOA_EXIT_INPUT, _("--hamlet '%s' is not a hamlet of %s"), hamlet, c->cfg->path);
    l.arr = json ? json_array() : NULL;
    if (!json) {
        for (int i = 0; i < 5; i++) {
            int w = (int)vntext_width(_(contacts_head[i])) + 1;
            if (w > contacts_w[i]) contacts_w[i] = w;
            i18n_pad(stdout, contacts_head[i], contacts_w[i]);
        }
        printf("%s\n", _("TAGS"));
    }
    if (view_contacts_each(c->st, &f, list_one, &l) < 0) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (json) cli_json_print(l.arr);
    else printf(ngettext("%ld resident\n", "%ld residents\n", (unsigned long)l.n), l.n);
    return 0;
}

static int phone_arg(struct cli *c, const char *in, char *out)
{
    char err[LOA_ERRLEN];
    if (phone_normalize(in, out, err) < 0) return cli_fail(LOA_EXIT_INPUT, _("phone '%s': %s"), in, err);
    (void)c;
    return 0;
}

struct shown {
    int n;
    struct contact first;   /* the first resident on the number (copied) */
    json_t *json;           /* --json: every resident */
    sbuf text;              /* otherwise their lines */
};

static int show_one(void *ud, const struct contact *k)
{
    struct shown *s = ud;
    if (!s->n++) {
        s->first = *k;
        s->first.phone = xstrdup(k->phone);
        s->first.name = xstrdup(k->name ? k->name : "");
        s->first.hamlet = k->hamlet ? xstrdup(k->hamlet) : NULL;
        s->first.household = k->household ? xstrdup(k->household) : NULL;
        s->first.tags = k->tags ? xstrdup(k->tags) : NULL;
    }
    if (s->json) json_array_append_new(s->json, view_contact_json(k));
    if (s->n > 1) sbuf_add(&s->text, "\n");
    sbuf_addf(&s->text, _("name:       %s\nhamlet:     %s\nhousehold:  %s\ntags:       %s\nvneid:      %s\n"), k->name,
              k->hamlet ? k->hamlet : "-", k->household ? k->household : "-", k->tags ? k->tags : "-",
              i18n_code(store_vneid_name(k->vneid)));
    return 0;
}

static int show(struct cli *c, int argc, char **argv)
{
    int json = 0;
    const char *phone_in = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!phone_in) phone_in = argv[i];
        else return cli_usage(c, _("'contacts show' takes one phone number"));
    }
    if (!phone_in) return cli_usage(c, _("'contacts show' needs a phone number"));
    char phone[32];
    int rc = phone_arg(c, phone_in, phone);
    if (rc) return rc;
    struct optout oo;
    char t[24];
    struct shown sh = {.json = json ? json_array() : NULL};
    int orc = store_optout_get(c->st, phone, &oo);
    rc = orc < 0 ? -1 : store_contacts_on(c->st, phone, show_one, &sh);
    if (rc < 0) {
        json_decref(sh.json);
        store_optout_clear(&oo);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    struct contact k = sh.first;
    if (!sh.n) {
        /* The number's opt-out outlives the resident: say so, it is why a re-import will not reach them. */
        if (!orc)
            fprintf(stderr, _("loa: note: %s is opted out since %s (%s%s%s), with no resident on it\n"), phone,
                    util_fmt_time(oo.since, t, sizeof t), oo.source, oo.note ? ": " : "", oo.note ? oo.note : "");
        store_optout_clear(&oo);
        json_decref(sh.json);
        return cli_fail(LOA_EXIT_INPUT, _("no resident with phone %s"), phone);
    }
    if (json) {
        /* the first resident's fields, as ever, and everyone on the number */
        json_t *o = view_contact_json(&k);
        json_object_set_new(o, "opted_out_by", cli_json_str(oo.source));
        json_object_set_new(o, "opted_out_note", cli_json_str(oo.note));
        json_object_set_new(o, "residents", sh.json);
        cli_json_print(o);
    } else {
        if (sh.n > 1) printf(_("phone:      %s, shared by %d residents (one SMS per campaign run for all of them)\n"), k.phone, sh.n);
        else printf(_("phone:      %s\n"), k.phone);
        fputs(sbuf_str(&sh.text), stdout);
        if (k.opted_out)
            printf(_("opted out:  %s (%s%s%s)\n"), util_fmt_time(k.opted_out, t, sizeof t), oo.source ? oo.source : "sms",
                   oo.note ? ": " : "", oo.note ? oo.note : "");
        else
            printf(_("opted out:  no\n"));
    }
    store_contact_clear(&k);
    sbuf_free(&sh.text);
    store_optout_clear(&oo);
    return 0;
}

static int remove_cmd(struct cli *c, int argc, char **argv)
{
    if (argc != 2) return cli_usage(c, _("'contacts remove' needs one phone number"));
    char phone[32];
    int rc = phone_arg(c, argv[1], phone);
    if (rc) return rc;
    rc = store_contacts_remove(c->st, phone);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (rc == 0) return cli_fail(LOA_EXIT_INPUT, _("no resident with phone %s"), phone);
    store_event(c->st, "contacts.remove", phone, NULL);
    if (rc > 1) printf(_("removed %s: the %d residents who shared it\n"), phone, rc);
    else printf(_("removed %s\n"), phone);
    return 0;
}

/* optout PHONE [--note TEXT] / optin PHONE --note TEXT: the officer's own, e.g. a resident who
 * asked at the office. An opt-in lifts an opt-out only with the officer's reason. */
static int opt_cmd(struct cli *c, int argc, char **argv, int out)
{
    const char *phone_in = NULL, *note = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--note") && i + 1 < argc) note = argv[++i];
        else if (argv[i][0] != '-' && !phone_in) phone_in = argv[i];
        else return cli_usage(c, _("'contacts %s' takes one phone number and --note TEXT"), argv[0]);
    }
    if (!phone_in) return cli_usage(c, _("'contacts %s' needs a phone number"), argv[0]);
    if (!out && (!note || !*util_trim((char *)note)))
        return cli_usage(c, _("'contacts optin' needs --note TEXT: why the opt-out is lifted (the resident's own request)"));
    char phone[32];
    int rc = phone_arg(c, phone_in, phone);
    if (rc) return rc;
    rc = contacts_opt(c->st, phone, out, note, util_now());
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (rc > 0) printf(out ? _("%s was already opted out: nothing changed\n") : _("%s was not opted out: nothing changed\n"), phone);
    else if (out) printf(_("%s opted out: no campaign SMS go to this number, even if the resident is removed and imported again\n"), phone);
    else printf(_("%s opted in again\n"), phone);
    return 0;
}

static int export_cmd(struct cli *c, int argc, char **argv)
{
    if (argc != 2) return cli_usage(c, _("'contacts export' needs the CSV file to write"));
    char err[LOA_ERRLEN];
    if (contacts_export(c->st, argv[1], err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf(_("%lld residents written to %s\n"), (long long)store_contacts_count(c->st), argv[1]);
    return 0;
}

struct whose {
    char *want;             /* the folded name asked for, or NULL */
    int n, matches;
    int64_t id;
    char *name;             /* the resident chosen */
    sbuf names;             /* everyone on the number, for the officer */
};

static int whose_one(void *ud, const struct contact *k)
{
    struct whose *w = ud;
    char *f = vntext_fold(k->name ? k->name : "");
    sbuf_addf(&w->names, "%s%s", w->n++ ? ", " : "", k->name);
    if (!w->want || (f && !strcmp(f, w->want))) {
        w->matches++;
        w->id = k->id;
        free(w->name);
        w->name = xstrdup(k->name);
    }
    free(f);
    return 0;
}

/* vneid PHONE STATUS [--name NAME]: the officer sets a resident's VNeID status, e.g. to attribute a poll
 * answer from a household's shared phone; with several residents on the number, --name says whose. */
static int vneid_cmd(struct cli *c, int argc, char **argv)
{
    const char *phone_in = NULL, *status_in = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--name") && i + 1 < argc) name = argv[++i];
        else if (argv[i][0] != '-' && !phone_in) phone_in = argv[i];
        else if (argv[i][0] != '-' && !status_in) status_in = argv[i];
        else return cli_usage(c, "'contacts vneid' takes a phone number, a status and --name NAME");
    }
    if (!status_in) return cli_usage(c, "'contacts vneid' needs a phone number and a status (activated, not_activated, unknown)");
    int v = contacts_vneid_parse(status_in);
    if (v < 0) return cli_fail(LOA_EXIT_INPUT, "'%s' is not a status: activated, not_activated or unknown", status_in);
    char phone[32];
    int rc = phone_arg(c, phone_in, phone);
    if (rc) return rc;
    struct whose w = {.want = name ? vntext_fold(name) : NULL};
    rc = store_contacts_on(c->st, phone, whose_one, &w);
    if (rc < 0) rc = cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    else if (!w.n) rc = cli_fail(LOA_EXIT_INPUT, "no resident with phone %s", phone);
    else if (!name && w.n > 1)
        rc = cli_fail(LOA_EXIT_INPUT, _("%s is shared by %d residents (%s): say whose status it is with --name NAME"), phone,
                      w.n, sbuf_str(&w.names));
    else if (w.matches != 1)
        rc = cli_fail(LOA_EXIT_INPUT, _("no resident named '%s' on %s (its residents: %s)"), name, phone, sbuf_str(&w.names));
    else if (store_begin(c->st) < 0 || store_contact_set_vneid_id(c->st, w.id, v, util_now()) < 0 ||
             store_event(c->st, "contacts.vneid", phone, store_vneid_name(v)) < 0 || store_commit(c->st) < 0) {
        store_rollback(c->st);
        rc = cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    } else {
        printf(_("%s (%s): VNeID status %s\n"), w.name, phone, store_vneid_name(v));
    }
    free(w.want);
    free(w.name);
    sbuf_free(&w.names);
    return rc;
}

static int optout_cmd(struct cli *c, int argc, char **argv) { return opt_cmd(c, argc, argv, 1); }
static int optin_cmd(struct cli *c, int argc, char **argv) { return opt_cmd(c, argc, argv, 0); }

int cli_contacts(struct cli *c)
{
    static const struct cli_sub subs[] = {{"import", import, CLI_STORE}, {"list", list, CLI_STORE}, {"show", show, CLI_STORE},
                                          {"remove", remove_cmd, CLI_STORE}, {"export", export_cmd, CLI_STORE},
                                          {"optout", optout_cmd, CLI_STORE}, {"optin", optin_cmd, CLI_STORE},
                                          {"vneid", vneid_cmd, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
