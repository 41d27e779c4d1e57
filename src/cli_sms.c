/* cli_sms — `loa run`, `loa sms send|count`, `loa outbox list|retry|cancel`, `loa pause|resume`, `loa status`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "outbox.h"
#include "phone.h"
#include "run.h"
#include "schedule.h"
#include "scheduler.h"
#include "sms.h"
#include "util.h"
#include "vntext.h"

int cli_run(struct cli *c)
{
    static const struct option opts[] = {
        {"once", no_argument, NULL, 'o'}, {"trust-clock", no_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
    struct run_opts ro = {0};
    int o;
    optind = 0;
    while ((o = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
        if (o == 'o') ro.once = 1;
        else if (o == 't') ro.trust_clock = 1;
        else return cli_usage(c, "unknown option for 'run'");
    }
    if (optind != c->argc) return cli_usage(c, "'run' takes no arguments besides options");
    int rc = cli_config(c);
    if (rc) return rc;
    if (c->cfg->log_file && !c->log_file) {
        char err[LOA_ERRLEN];
        if (log_open(c->cfg->log_file, log_get_level(), err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    return run_main(c->cfg->path, &ro);
}

/* ---- sms ---- */

static int sms_count_cmd(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"no-diacritics", no_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int diacritics = 1, json = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') diacritics = 0;
        else if (o == 'j') json = 1;
        else return cli_usage(c, "unknown option for 'sms count'");
    }
    if (optind != argc - 1) return cli_usage(c, "'sms count' needs one TEXT (quote it)");
    char err[LOA_ERRLEN];
    char *text = sms_prepare(argv[optind], diacritics, err);
    if (!text) return cli_fail(LOA_EXIT_INPUT, "TEXT: %s", err);
    struct sms_info info;
    sms_count(text, &info);
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "encoding", json_string(sms_encoding_name(info.encoding)));
        json_object_set_new(j, "chars", json_integer(info.chars));
        json_object_set_new(j, "parts", json_integer(info.parts));
        if (!diacritics) json_object_set_new(j, "text", json_string(text));
        cli_json_print(j);
    } else {
        printf("encoding: %s\ncharacters: %d\nparts: %d\n", sms_encoding_name(info.encoding), info.chars, info.parts);
        if (!diacritics) printf("text: %s\n", text);
    }
    free(text);
    return 0;
}

static int sms_send_cmd(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"no-diacritics", no_argument, NULL, 'n'}, {"urgent", no_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
    int diacritics = 1, urgent = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') diacritics = 0;
        else if (o == 'u') urgent = 1;
        else return cli_usage(c, "unknown option for 'sms send'");
    }
    if (optind != argc - 2) return cli_usage(c, "'sms send' needs PHONE and TEXT");
    int rc = cli_store(c);
    if (rc) return rc;
    /* Opt-outs are absolute (DESIGN rule 5): --urgent does not lift one; the loudspeaker reaches everyone. */
    char e164[PHONE_E164_LEN + 16], perr[LOA_ERRLEN], t[24];
    struct contact k = {0};
    if (phone_normalize(argv[optind], e164, perr) == 0 && store_contact_get(c->st, e164, &k) == 0 && k.opted_out) {
        util_fmt_time(k.opted_out, t, sizeof t);
        store_contact_clear(&k);
        return cli_fail(LOA_EXIT_INPUT, "%s opted out of SMS on %s: loa sends nothing to a number that opted out%s; "
                        "nothing queued", e164, t, urgent ? ", urgent or not (urgent warnings reach everyone by loudspeaker)" : "");
    }
    store_contact_clear(&k);
    struct outbox_msg m = {.phone = argv[optind], .text = argv[optind + 1], .diacritics = diacritics,
                           .kind = OK_ADHOC, .urgent = urgent, .priority = 10};
    int64_t id;
    char err[LOA_ERRLEN];
    rc = outbox_queue(c->st, c->cfg, &m, util_now(), &id, err);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "%s; nothing queued", err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    struct outbox_row r = {0};
    store_outbox_get(c->st, id, &r);
    printf("queued outbox=%lld to %s: %s, %d part%s\n", (long long)id, r.phone, r.ucs2 ? "ucs2" : "gsm7", r.parts,
           r.parts == 1 ? "" : "s");
    store_outbox_clear(&r);
    return 0;
}

int cli_sms(struct cli *c)
{
    if (c->argc < 2) return cli_usage(c, "'sms' needs a subcommand");
    if (!strcmp(c->argv[1], "count")) return sms_count_cmd(c, c->argc - 1, c->argv + 1);
    if (!strcmp(c->argv[1], "send")) return sms_send_cmd(c, c->argc - 1, c->argv + 1);
    return cli_usage(c, "no subcommand 'sms %s'", c->argv[1]);
}

/* ---- outbox ---- */

struct olist {
    json_t *arr;
    long n;
};

static json_t *outbox_json(const struct outbox_row *r)
{
    char t[24];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "state", json_string(store_outbox_state_name(r->state)));
    json_object_set_new(o, "phone", json_string(r->phone));
    json_object_set_new(o, "campaign", cli_json_str(r->campaign));
    json_object_set_new(o, "run", r->run_id ? json_integer(r->run_id) : json_null());
    json_object_set_new(o, "kind", json_string(r->kind == OK_AUTO ? "auto" : r->kind == OK_ADHOC ? "adhoc" : "campaign"));
    json_object_set_new(o, "encoding", json_string(r->ucs2 ? "ucs2" : "gsm7"));
    json_object_set_new(o, "parts", json_integer(r->parts));
    json_object_set_new(o, "parts_sent", json_integer(r->parts_sent));
    json_object_set_new(o, "attempts", json_integer(r->attempts));
    json_object_set_new(o, "modem", cli_json_str(r->modem));
    json_object_set_new(o, "created", json_string(util_fmt_time(r->created, t, sizeof t)));
    json_object_set_new(o, "sent", r->sent_at ? json_string(util_fmt_time(r->sent_at, t, sizeof t)) : json_null());
    json_object_set_new(o, "delivered", r->delivered_at ? json_string(util_fmt_time(r->delivered_at, t, sizeof t)) : json_null());
    json_object_set_new(o, "error", cli_json_str(r->last_error));
    json_object_set_new(o, "text", json_string(r->text));
    return o;
}

static int olist_one(void *ud, const struct outbox_row *r)
{
    struct olist *l = ud;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, outbox_json(r));
        return 0;
    }
    char t[24];
    printf("%-7lld ", (long long)r->id);
    cli_pad(store_outbox_state_name(r->state), 10);
    cli_pad(r->phone, 14);
    cli_pad(r->campaign ? r->campaign : (r->kind == OK_AUTO ? "(auto)" : "(adhoc)"), 16);
    printf("%s %d/%d  %-5s ", r->ucs2 ? "ucs2" : "gsm7", r->parts_sent, r->parts, r->modem ? r->modem : "-");
    printf("%s  ", r->sent_at ? util_fmt_time(r->sent_at, t, sizeof t) : "-                  ");
    /* the text on one line, shortened to what fits */
    char shown[80];
    size_t n = 0;
    char *visible = vntext_visible(r->text);
    for (const char *p = visible; *p && n < sizeof shown - 4; p++) shown[n++] = *p;
    while (n && ((unsigned char)shown[n - 1] & 0xC0) == 0x80) n--;  /* never cut a character in half */
    if (n && (unsigned char)shown[n - 1] >= 0xC0) n--;
    shown[n] = '\0';
    printf("%s%s%s%s\n", shown, strlen(visible) > n ? "…" : "", r->last_error ? "  ! " : "", r->last_error ? r->last_error : "");
    free(visible);
    return 0;
}

static int outbox_list(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"state", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0}};
    int state = -1, json = 0, o;
    long long limit = 0;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's') {
            state = store_outbox_state_parse(optarg);
            if (state < 0)
                return cli_usage(c, "--state '%s' is not one of queued, sending, sent, delivered, failed, unknown, cancelled", optarg);
        } else if (o == 'j') json = 1;
        else if (o == 'l') {
            if (util_parse_int(optarg, &limit) < 0 || limit < 0) return cli_usage(c, "--limit '%s' is not a number", optarg);
        } else return cli_usage(c, "unknown option for 'outbox list'");
    }
    if (optind != argc) return cli_usage(c, "'outbox list' takes no arguments besides options");
    int rc = cli_store(c);
    if (rc) return rc;
    struct olist l = {json ? json_array() : NULL, 0};
    if (!json) printf("%-7s %-10s%-14s%-16s%s\n", "ID", "STATE", "PHONE", "CAMPAIGN", "ENC  PARTS MODEM SENT                 TEXT");
    if (store_outbox_each(c->st, state, (int)limit, olist_one, &l) < 0) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (json) cli_json_print(l.arr);
    else printf("%ld message%s\n", l.n, l.n == 1 ? "" : "s");
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
    if (argc != 2) return cli_usage(c, "'outbox retry' needs an ID or --unknown");
    int64_t id = 0;
    int unknown = !strcmp(argv[1], "--unknown");
    if (!unknown && parse_id(argv[1], &id) < 0) return cli_usage(c, "'%s' is not a message id", argv[1]);
    int rc = cli_store(c);
    if (rc) return rc;
    int n = unknown ? store_outbox_retry_unknown(c->st, util_now()) : store_outbox_retry(c->st, id, util_now());
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (!unknown && n == 0) return cli_fail(LOA_EXIT_INPUT, "message %lld is not failed or unknown; nothing to retry", (long long)id);
    store_event(c->st, "outbox.retry", unknown ? "unknown" : argv[1], NULL);
    printf("%d message%s queued again\n", n, n == 1 ? "" : "s");
    return 0;
}

static int outbox_cancel(struct cli *c, int argc, char **argv)
{
    int64_t id;
    int run = argc == 3 && !strcmp(argv[1], "--run");
    if (!(argc == 2 || run)) return cli_usage(c, "'outbox cancel' needs an ID or --run RUN");
    if (parse_id(argv[run ? 2 : 1], &id) < 0) return cli_usage(c, "'%s' is not an id", argv[run ? 2 : 1]);
    int rc = cli_store(c);
    if (rc) return rc;
    int n = run ? store_outbox_cancel_run(c->st, id) : store_outbox_cancel(c->st, id);
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (!run && n == 0) return cli_fail(LOA_EXIT_INPUT, "message %lld is not queued; nothing cancelled", (long long)id);
    store_event(c->st, run ? "run.cancel" : "outbox.cancel", argv[run ? 2 : 1], NULL);
    printf("%d message%s cancelled\n", n, n == 1 ? "" : "s");
    return 0;
}

int cli_outbox(struct cli *c)
{
    if (c->argc < 2) return cli_usage(c, "'outbox' needs a subcommand");
    const char *sub = c->argv[1];
    if (!strcmp(sub, "list")) return outbox_list(c, c->argc - 1, c->argv + 1);
    if (!strcmp(sub, "retry")) return outbox_retry(c, c->argc - 1, c->argv + 1);
    if (!strcmp(sub, "cancel")) return outbox_cancel(c, c->argc - 1, c->argv + 1);
    return cli_usage(c, "no subcommand 'outbox %s'", sub);
}

static int set_paused(struct cli *c, int paused)
{
    if (c->argc != 1) return cli_usage(c, "'%s' takes no arguments", c->argv[0]);
    int rc = cli_store(c);
    if (rc) return rc;
    char t[24];
    util_fmt_time(util_now(), t, sizeof t);
    if (store_paused_set(c->st, paused ? t : NULL) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    store_event(c->st, paused ? "pause" : "resume", NULL, NULL);
    printf(paused ? "sending paused: nothing more goes out until `loa resume`\n" : "sending resumed\n");
    return 0;
}

int cli_pause(struct cli *c) { return set_paused(c, 1); }
int cli_resume(struct cli *c) { return set_paused(c, 0); }

/* ---- status ---- */

struct st_ctx {
    json_t *modems;
    store *st;
    time_t now;
};

/* A modem's delivery rate collapsing (fewer than half of its last 50 sends delivered, an hour or
 * more ago) usually means the SIM is blocked or out of credit. Returns 1 and fills RATE when so. */
static int delivery_collapsed(struct st_ctx *s, const char *modem, char *rate, size_t n)
{
    int sent = 0, delivered = 0;
    if (store_modem_delivery_rate(s->st, modem, s->now - 3600, &sent, &delivered) < 0 || sent < 20) return 0;
    snprintf(rate, n, "%d of its last %d sends delivered", delivered, sent);
    return delivered * 2 < sent;
}

static int status_modem(void *ud, const struct modem_status *m)
{
    struct st_ctx *s = ud;
    char t[24], rate[64];
    int collapsed = delivery_collapsed(s, m->name, rate, sizeof rate);
    if (s->modems) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(m->name));
        json_object_set_new(o, "state", cli_json_str(m->state));
        json_object_set_new(o, "last_error", cli_json_str(m->last_error));
        json_object_set_new(o, "failures", json_integer(m->failures));
        json_object_set_new(o, "balance", cli_json_str(m->balance));
        json_object_set_new(o, "clock_skew", json_integer(m->clock_skew));
        json_object_set_new(o, "updated", json_string(util_fmt_time(m->updated, t, sizeof t)));
        json_object_set_new(o, "delivery_warning", collapsed ? json_string(rate) : json_null());
        json_array_append_new(s->modems, o);
        return 0;
    }
    printf("  %-6s %-8s %s%s%s%s%s\n", m->name, m->state ? m->state : "?", m->balance ? "balance: " : "",
           m->balance ? m->balance : "", m->balance ? "  " : "", m->last_error ? "last error: " : "",
           m->last_error ? m->last_error : "");
    if (collapsed)
        printf("  WARNING: modem %s: only %s: the SIM may be blocked or out of credit\n", m->name, rate);
    return 0;
}

int cli_status(struct cli *c)
{
    int json = c->argc == 2 && !strcmp(c->argv[1], "--json");
    if (c->argc > 1 && !json) return cli_usage(c, "'status' takes only --json");
    int rc = cli_store(c);
    if (rc) return rc;
    long counts[OB__N];
    if (store_outbox_counts(c->st, counts) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    char paused[32] = "";
    int is_paused = store_paused_get(c->st, paused, sizeof paused) == 0;
    time_t now = util_now();
    json_t *j = json ? json_object() : NULL;
    if (json) {
        json_t *q = json_object();
        for (int i = 0; i < OB__N; i++) json_object_set_new(q, store_outbox_state_name(i), json_integer(counts[i]));
        json_object_set_new(j, "queue", q);
        json_object_set_new(j, "paused", is_paused ? json_string(paused) : json_false());
    } else {
        printf("%s — loa status at ", c->cfg->commune);
        char t[24];
        printf("%s\n", util_fmt_time(now, t, sizeof t));
        if (is_paused) printf("SENDING IS PAUSED since %s (`loa resume` to restart)\n", paused);
        printf("queue:");
        for (int i = 0; i < OB__N; i++) printf(" %s %ld%s", store_outbox_state_name(i), counts[i], i + 1 < OB__N ? "," : "\n");
        if (counts[OB_UNKNOWN])
            printf("  %ld message%s may or may not have gone out (`loa outbox list --state unknown`; "
                   "`loa outbox retry --unknown` resends)\n", counts[OB_UNKNOWN], counts[OB_UNKNOWN] == 1 ? "" : "s");
        printf("modems:\n");
    }
    struct st_ctx s = {json ? json_array() : NULL, c->st, now};
    store_modem_status_each(c->st, status_modem, &s);
    if (json) json_object_set_new(j, "modems", s.modems);
    /* next runs, soonest first */
    json_t *nr = json ? json_array() : NULL;
    if (!json) printf("next runs:\n");
    size_t n = c->cfg->ncampaigns, *order = xcalloc(n ? n : 1, sizeof *order), k = 0;
    time_t *when = xcalloc(n ? n : 1, sizeof *when);
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *cp = &c->cfg->campaigns[i];
        if (cp->enabled && cp->has_sms && scheduler_next_runs(cp, &cp->sms_schedule, now, &when[i], 1) == 1) order[k++] = i;
    }
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && when[order[b]] < when[order[b - 1]]; b--) {
            size_t tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
    for (size_t x = 0; x < k; x++) {
        char ts[24];
        util_fmt_time(when[order[x]], ts, sizeof ts);
        const char *id = c->cfg->campaigns[order[x]].id;
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "campaign", json_string(id));
            json_object_set_new(o, "at", json_string(ts));
            json_array_append_new(nr, o);
        } else {
            printf("  %s  %s\n", ts, id);
        }
    }
    free(order);
    free(when);
    if (json) {
        json_object_set_new(j, "next_runs", nr);
        cli_json_print(j);
    }
    return 0;
}
