/* cli_campaign — `loa campaign list|preview|results|test|pause|resume`: campaigns, what one would do, what it did,
 * one rendered message to the officer's own phone, holding a campaign's sending. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "log.h"
#include "note.h"
#include "outbox.h"
#include "phone.h"
#include "scheduler.h"
#include "util.h"
#include "view.h"
#include "vntext.h"

void cli_print_missed(const struct view_missed_list *l, const char *campaign)
{
    char t[24];
    for (size_t i = 0; i < l->n; i++) {
        const struct view_missed *m = &l->v[i];
        if (campaign && strcmp(campaign, m->campaign)) continue;
        char why[1024];
        note_text(m->why, why, sizeof why);
        util_fmt_time(m->last, t, sizeof t);
        if (!campaign) printf("  %-18s ", m->campaign);
        if (m->state == RUN_HELD)
            printf(ngettext("%ld run held (latest %.16s): %s\n", "%ld runs held (latest %.16s): %s\n", (unsigned long)m->runs),
                   m->runs, t, why);
        else
            printf(ngettext("%ld run skipped (latest %.16s): %s\n", "%ld runs skipped (latest %.16s): %s\n",
                            (unsigned long)m->runs), m->runs, t, why);
    }
}

static int list(struct cli *c, int argc, char **argv)
{
    int json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 1 && !json) return cli_usage(c, _("'campaign list' takes only --json"));
    size_t n = c->cfg->ncampaigns;
    char err[LOA_ERRLEN];
    int rc = util_file_exists(c->cfg->database) ? cli_store(c) : 0;   /* the list never creates the database */
    if (rc) return rc;
    struct view_campaign *v = view_campaigns(c->st, c->cfg, util_now(), err);
    if (!v) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (json) {
        cli_json_print(view_campaigns_json(v, n));
        free(v);
        return 0;
    }
    /* A column is as wide as its widest word in the officer's language, counted in terminal columns. */
    static const char *const head[] = {N_("ID"),    N_("STATE"),    N_("PRIO"),      N_("FROM"),
                                       N_("UNTIL"), N_("NEXT SMS"), N_("DELIVERED"), N_("TITLE")};
    int w[] = {18, 8, 4, 10, 10, 20, 9};
    for (int i = 0; i < 7; i++)
        if ((int)vntext_width(_(head[i])) > w[i]) w[i] = (int)vntext_width(_(head[i]));
    for (size_t i = 0; i < n; i++)
        if ((int)vntext_width(i18n_code(v[i].state)) > w[1]) w[1] = (int)vntext_width(i18n_code(v[i].state));
    for (int i = 0; i < 7; i++) {
        i18n_pad(stdout, head[i], w[i]);
        putchar(' ');
    }
    printf("%s\n", _(head[7]));
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *k = v[i].k;
        char nb[24] = "-", fb[16], ub[16], prio[16], pb[16] = "-";
        if (v[i].due) snprintf(nb, sizeof nb, "%s", _("due now"));
        else if (v[i].next_sms) util_fmt_time(v[i].next_sms, nb, sizeof nb);
        if (v[i].delivered_pct >= 0) snprintf(pb, sizeof pb, "%d%%", v[i].delivered_pct);
        snprintf(prio, sizeof prio, "%d", k->priority);
        const char *cell[] = {k->id, i18n_code(v[i].state), prio, view_day(k->from_day, fb, sizeof fb),
                              view_day(k->until_day, ub, sizeof ub), nb, pb};
        for (int j = 0; j < 7; j++) {
            cli_pad(cell[j], w[j]);
            putchar(' ');
        }
        printf("%s\n", k->title);
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i].to_cancel)
            printf(ngettext("%s is switched off (enabled = false): its %ld waiting message will be cancelled when `loa run` "
                            "starts or reloads\n",
                            "%s is switched off (enabled = false): its %ld waiting messages will be cancelled when `loa run` "
                            "starts or reloads\n", (unsigned long)v[i].to_cancel), v[i].k->id, v[i].to_cancel);
        if (v[i].paused_since[0])
            printf(ngettext("%s is paused since %s: %ld message held (`loa campaign resume %s`)\n",
                            "%s is paused since %s: %ld messages held (`loa campaign resume %s`)\n", (unsigned long)v[i].waiting),
                   v[i].k->id, v[i].paused_since, v[i].waiting, v[i].k->id);
    }
    struct view_missed_list ml = {xcalloc(2 * n + 1, sizeof *ml.v), 0};
    for (size_t i = 0; i < n; i++) {
        if (v[i].skipped.runs) ml.v[ml.n++] = v[i].skipped;
        if (v[i].held.runs) ml.v[ml.n++] = v[i].held;
    }
    if (ml.n) {
        printf(_("missed runs:\n"));
        cli_print_missed(&ml, NULL);
    }
    view_missed_clear(&ml);
    free(v);
    return 0;
}

/* A run's length as the officer reads it: "45 min", "3 h 20 min", "200 days". */
static const char *span(long long seconds, char *buf, size_t n)
{
    long long min = (seconds + 59) / 60;
    if (min < 60) snprintf(buf, n, _("%lld min"), min < 1 ? 1 : min);
    else if (min < 24 * 60) snprintf(buf, n, _("%lld h %lld min"), min / 60, min % 60);
    else {
        long long days = (min + 24 * 60 - 1) / (24 * 60);
        snprintf(buf, n, ngettext("%lld day", "%lld days", (unsigned long)days), days);
    }
    return buf;
}

/* How long a run takes on the modems, and whether runs overlap or outlast the campaign. */
static void preview_pace(const struct view_preview *v)
{
    const struct cfg_campaign *k = v->k;
    const struct campaign_pace *p = &v->pace;
    char t[24], d[32];
    int n = v->ndue + v->nruns;
    if (!k->has_sms || !n) return;
    time_t start = v->ndue ? v->due[0] : v->runs[0], end = v->ends[0];
    if (!p->modems) {
        printf(_("sending: no modem is enabled in sms.modems: nothing would be sent\n"));
        return;
    }
    printf(ngettext("sending: %d modem", "sending: %d modems", (unsigned long)p->modems), p->modems);
    if (p->unlimited_rate && p->per_minute) printf(_(", %ld parts a minute on those with a rate_per_minute"), p->per_minute);
    else if (p->unlimited_rate) printf(_(", no rate_per_minute set"));
    else printf(_(", %ld parts a minute"), p->per_minute);
    if (p->per_day) printf(_(", at most %ld parts a day"), p->per_day);
    if (end == -1) printf(_(": a run of %ld parts would take more than ten years\n"), v->e.parts);
    else if (end == start || v->e.parts == 0) printf(_(": a run goes as fast as the modems take it\n"));
    else printf(_(": a run takes about %s (the first ends %s)\n"), span((long long)(end - (v->ndue ? util_now() : start)), d, sizeof d),
                util_fmt_time(end, t, sizeof t));
    if (v->overlap >= 0) {
        time_t at = v->overlap < v->ndue ? v->due[v->overlap] : v->runs[v->overlap - v->ndue];
        char nt[24];
        printf(_("WARNING: the run of %s is still sending when the next one starts (%s): runs would overlap\n"),
               util_fmt_time(at, t, sizeof t), util_fmt_time(v->overlap_next, nt, sizeof nt));
    }
    if (v->past_until >= 0) {
        time_t at = v->past_until < v->ndue ? v->due[v->past_until] : v->runs[v->past_until - v->ndue];
        char u[16];
        printf(_("WARNING: the run of %s would not finish before the campaign ends (until %s)\n"),
               util_fmt_time(at, t, sizeof t), view_day(k->until_day, u, sizeof u));
    }
}

static void preview_text(const struct config *cfg, const struct view_preview *v)
{
    const struct cfg_campaign *k = v->k;
    const struct campaign_estimate *e = &v->e;
    char t[24], money[48];
    printf("%s — %s%s\n", k->id, k->title, k->enabled ? "" : _(" (disabled)"));
    printf(_("next runs:"));
    for (int i = 0; i < v->ndue; i++) printf(_("%sdue now (%s)"), i ? ", " : " ", util_fmt_time(v->due[i], t, sizeof t));
    for (int i = 0; i < v->nruns; i++) printf("%s%s", i || v->ndue ? ", " : " ", util_fmt_time(v->runs[i], t, sizeof t));
    printf("%s\n", v->nruns || v->ndue ? "" : _(" none"));
    if (e->people != e->recipients)   /* a household's shared phone gets one SMS */
        printf(ngettext("audience: %d residents on %d number", "audience: %d residents on %d numbers", (unsigned long)e->recipients),
               e->people, e->recipients);
    else
        printf(ngettext("audience: %d resident", "audience: %d residents", (unsigned long)e->recipients), e->recipients);
    for (size_t i = 0; i <= cfg->nhamlets; i++)
        if (e->per_hamlet[i]) printf("  %s %d", i < cfg->nhamlets ? cfg->hamlets[i].code : "-", e->per_hamlet[i]);
    printf("\n");
    for (int i = 0; i < e->nsamples; i++) {
        const struct campaign_sample *s = &e->samples[i];
        printf(ngettext("sample %d (%s, %s): %s, %d characters, %d part\n  %s\n",
                        "sample %d (%s, %s): %s, %d characters, %d parts\n  %s\n", (unsigned long)s->info.parts),
               i + 1, s->name, s->phone, sms_encoding_name(s->info.encoding), s->info.chars, s->info.parts, s->text);
    }
    for (size_t i = 0; i < v->empty_why.n; i++) printf(_("nobody receives it: %s\n"), v->empty_why.v[i]);
    printf(_("per run: %ld parts (longest message %d of at most %d), estimated cost %s\n"), e->parts, e->worst_parts,
           e->max_parts, util_fmt_vnd(e->cost, money, sizeof money));
    preview_pace(v);
    if (e->too_long)
        printf(ngettext("WARNING: %d resident would not get it: message over %d parts\n",
                        "WARNING: %d residents would not get it: message over %d parts\n", (unsigned long)e->too_long),
               e->too_long, e->max_parts);
    if (e->unsendable)
        printf(ngettext("WARNING: %d resident would not get it (%s): %s\n", "WARNING: %d residents would not get it (%s): %s\n",
                        (unsigned long)e->unsendable),
               e->unsendable, e->unsendable_names, e->unsendable_why);
    if (v->one_way)
        printf(_("WARNING: the SMS asks residents to reply (%s), but it goes from the brandname \"%s\", which they "
                 "cannot answer: send it from a number or a modem\n"),
               _(v->one_way_asks), v->one_way);
    if (k->has_broadcast) printf(_("broadcast: %s\n"), k->bc_text);
}

static int preview(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"count", required_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    long long count = 5;
    int json = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') {
            if (util_parse_int(optarg, &count) < 0 || count < 1 || count > 1000)
                return cli_usage(c, _("--count '%s' must be a number from 1 to 1000"), optarg);
        } else if (o == 'j') json = 1;
        else return cli_usage(c, _("unknown option for 'campaign preview'"));
    }
    if (optind != argc - 1) return cli_usage(c, _("'campaign preview' needs a campaign ID"));
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[optind]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, _("no campaign '%s' (see `loa campaign list`)"), argv[optind]);
    struct view_preview v;
    char err[LOA_ERRLEN];
    if (view_preview(c->st, c->cfg, k, util_now(), (int)count, &v, err) < 0) {
        view_preview_clear(&v);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    if (json) cli_json_print(view_preview_json(c->cfg, &v));
    else preview_text(c->cfg, &v);
    view_preview_clear(&v);
    return 0;
}

static int results(struct cli *c, int argc, char **argv)
{
    int json = argc == 3 && !strcmp(argv[2], "--json");
    if (argc != 2 && !json) return cli_usage(c, _("'campaign results' needs a campaign ID"));
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[1]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, _("no campaign '%s' (see `loa campaign list`)"), argv[1]);
    struct view_results v;
    char err[LOA_ERRLEN];
    if (view_results(c->st, c->cfg, k, &v, err) < 0) {
        view_results_clear(&v);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    const struct campaign_results *r = &v.r;
    if (json) {
        cli_json_print(view_results_json(&v));
    } else {
        char money[48], pct[16] = "";
        if (v.delivered_pct >= 0) snprintf(pct, sizeof pct, ", %d%%", v.delivered_pct);
        printf("%s — %s\n", k->id, k->title);
        if (v.paused_since[0])
            printf(ngettext("PAUSED since %s: %ld message held (`loa campaign resume %s`)\n",
                            "PAUSED since %s: %ld messages held (`loa campaign resume %s`)\n", (unsigned long)v.held),
                   v.paused_since, v.held, k->id);
        printf(_("sent %ld (delivered %ld%s), failed %ld, unknown %ld, waiting %ld, cancelled %ld; %ld parts, %s\n"
               "replies %ld, opt-outs %ld\n"), v.sent, r->counts[OB_DELIVERED], pct, r->counts[OB_FAILED],
               r->counts[OB_UNKNOWN], v.waiting + v.held, r->counts[OB_CANCELLED], r->parts,
               util_fmt_vnd(v.cost, money, sizeof money), r->replies, r->optouts);
        if (r->people != r->numbers)   /* a household's shared phone gets one SMS for all of them */
            printf(_("queued for %ld numbers standing for %ld residents (one SMS per shared phone)\n"), r->numbers, r->people);
        cli_print_missed(&v.missed, k->id);
        if (v.poll_residents) {
            printf(_("poll:"));
            for (size_t i = 0; i < r->nanswers; i++)
                if (r->answer_counts[i]) printf(" %s %ld", r->answers[i], r->answer_counts[i]);
            printf("\n");
        }
        if (v.poll_strangers) {
            printf(_("poll answers from numbers that are not residents (not counted above):"));
            for (size_t i = 0; i < r->nanswers; i++)
                if (r->stranger_counts[i]) printf(" %s %ld", r->answers[i], r->stranger_counts[i]);
            printf("\n");
        }
    }
    view_results_clear(&v);
    return 0;
}

/* ---- pause / resume ---- */

static int set_paused(struct cli *c, int argc, char **argv, int pause)
{
    if (argc != 2) return cli_usage(c, "'campaign %s' needs a campaign ID", argv[0]);
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[1]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, "no campaign '%s' (see `loa campaign list`)", argv[1]);
    char since[24];
    int was = store_campaign_paused_get(c->st, k->id, since, sizeof since);
    if (was < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (pause && was == 0) {
        printf(_("%s is already paused since %s\n"), k->id, since);
        return 0;
    }
    if (!pause && was == 1) {
        printf(_("%s is not paused\n"), k->id);
        return 0;
    }
    util_fmt_time(util_now(), since, sizeof since);
    int n = store_campaign_pause_set(c->st, k->id, pause ? since : NULL);
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    store_event(c->st, pause ? "campaign.pause" : "campaign.resume", k->id, NULL);
    if (pause)
        printf(ngettext("%s paused: %d queued message held; its runs still come on time and wait too, until "
                        "`loa campaign resume %s`\n",
                        "%s paused: %d queued messages held; its runs still come on time and wait too, until "
                        "`loa campaign resume %s`\n", (unsigned long)n), k->id, n, k->id);
    else
        printf(ngettext("%s resumed: %d held message queued again\n", "%s resumed: %d held messages queued again\n",
                        (unsigned long)n), k->id, n);
    return 0;
}

static int pause_cmd(struct cli *c, int argc, char **argv) { return set_paused(c, argc, argv, 1); }
static int resume_cmd(struct cli *c, int argc, char **argv) { return set_paused(c, argc, argv, 0); }

/* ---- test ---- */

static int test_cmd(struct cli *c, int argc, char **argv)
{
    if (argc != 3) return cli_usage(c, "'campaign test' needs a campaign ID and a PHONE");
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[1]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, "no campaign '%s' (see `loa campaign list`)", argv[1]);
    if (!k->has_sms) return cli_fail(LOA_EXIT_INPUT, _("campaign '%s' has no SMS (only a broadcast); nothing queued"), k->id);
    char e164[PHONE_E164_LEN + 16], perr[LOA_ERRLEN], who[256], err[LOA_ERRLEN];
    if (phone_normalize(argv[2], e164, perr) < 0)
        return cli_fail(LOA_EXIT_INPUT, _("PHONE '%s': %s; nothing queued"), argv[2], perr);
    int orc = cli_refuse_optout(c, e164, "");
    if (orc) return orc;
    char *text = campaign_test_text(c->st, c->cfg, k, e164, util_now(), who, sizeof who);
    struct outbox_msg m = {.phone = e164, .text = text, .diacritics = k->diacritics, .max_parts = k->max_parts,
                           .kind = OK_TEST, .priority = 10};
    int64_t id;
    int rc = outbox_queue(c->st, c->cfg, &m, util_now(), &id, err);
    free(text);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "campaign %s: %s; nothing queued", k->id, err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    store_event(c->st, "campaign.test", k->id, log_phone(e164));
    struct outbox_row r = {0};
    store_outbox_get(c->st, id, &r);
    printf(ngettext("test SMS of %s queued outbox=%lld to %s (%s): %s, %d part\n  %s\n"
                    "a test: not counted in results, the per-person limit or the reports\n",
                    "test SMS of %s queued outbox=%lld to %s (%s): %s, %d parts\n  %s\n"
                    "a test: not counted in results, the per-person limit or the reports\n", (unsigned long)r.parts),
           k->id, (long long)id, e164, who, view_outbox_encoding(&r), r.parts, r.text ? r.text : "");
    store_outbox_clear(&r);
    return 0;
}

int cli_campaign(struct cli *c)
{
    static const struct cli_sub subs[] = {
        {"list", list, CLI_STORE}, {"preview", preview, CLI_STORE}, {"results", results, CLI_STORE},
        {"test", test_cmd, CLI_STORE}, {"pause", pause_cmd, CLI_STORE}, {"resume", resume_cmd, CLI_STORE},
        {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
