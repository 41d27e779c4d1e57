/* cli_campaign — `loa campaign list|preview|results`: campaigns, what one would do, what it did. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "util.h"
#include "view.h"

void cli_print_missed(const struct view_missed_list *l, const char *campaign)
{
    char t[24];
    for (size_t i = 0; i < l->n; i++) {
        const struct view_missed *m = &l->v[i];
        if (campaign && strcmp(campaign, m->campaign)) continue;
        const char *what = m->state == RUN_HELD ? (m->runs == 1 ? _("run held") : _("runs held"))
                                                : (m->runs == 1 ? _("run skipped") : _("runs skipped"));
        if (!campaign) printf("  %-18s ", m->campaign);
        printf(_("%ld %s (latest %.16s): %s\n"), m->runs, what, util_fmt_time(m->last, t, sizeof t), m->why);
    }
}

static int list(struct cli *c, int argc, char **argv)
{
    int json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 1 && !json) return cli_usage(c, "'campaign list' takes only --json");
    size_t n = c->cfg->ncampaigns;
    struct view_campaign *v = view_campaigns(c->cfg, util_now());
    struct view_missed_list ml;
    char err[LOA_ERRLEN];
    if (view_missed(c->st, NULL, 0, &ml, err) < 0) {
        free(v);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    if (json) {
        json_t *arr = view_campaigns_json(v, n);
        for (size_t i = 0; i < n; i++) view_missed_attach(json_array_get(arr, i), &ml, v[i].k->id);
        cli_json_print(arr);
        view_missed_clear(&ml);
        free(v);
        return 0;
    }
    printf("%-18s %-8s %-4s %-10s %-10s %-20s %s\n", "ID", "STATE", "PRIO", "FROM", "UNTIL", "NEXT SMS", "TITLE");
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *k = v[i].k;
        char nb[24] = "-", fb[16], ub[16];
        if (v[i].next_sms) util_fmt_time(v[i].next_sms, nb, sizeof nb);
        printf("%-18s %-8s %-4d %-10s %-10s %-20s %s\n", k->id, v[i].state, k->priority,
               view_day(k->from_day, fb, sizeof fb), view_day(k->until_day, ub, sizeof ub), nb, k->title);
    }
    if (ml.n) {
        printf(_("missed runs:\n"));
        cli_print_missed(&ml, NULL);
    }
    view_missed_clear(&ml);
    free(v);
    return 0;
}

static void preview_text(const struct config *cfg, const struct view_preview *v)
{
    const struct cfg_campaign *k = v->k;
    const struct campaign_estimate *e = &v->e;
    char t[24];
    printf("%s — %s%s\n", k->id, k->title, k->enabled ? "" : " (disabled)");
    printf("next runs:");
    for (int i = 0; i < v->nruns; i++) printf("%s%s", i ? ", " : " ", util_fmt_time(v->runs[i], t, sizeof t));
    printf("%s\n", v->nruns ? "" : " none");
    printf("audience: %d resident%s", e->recipients, e->recipients == 1 ? "" : "s");
    for (size_t i = 0; i <= cfg->nhamlets; i++)
        if (e->per_hamlet[i]) printf("  %s %d", i < cfg->nhamlets ? cfg->hamlets[i].code : "-", e->per_hamlet[i]);
    printf("\n");
    for (int i = 0; i < e->nsamples; i++) {
        const struct campaign_sample *s = &e->samples[i];
        printf("sample %d (%s, %s): %s, %d characters, %d part%s\n  %s\n", i + 1, s->name, s->phone,
               sms_encoding_name(s->info.encoding), s->info.chars, s->info.parts, s->info.parts == 1 ? "" : "s", s->text);
    }
    printf("per run: %ld parts (longest message %d of at most %d), estimated cost %.0f VND\n", e->parts, e->worst_parts,
           e->max_parts, e->cost);
    if (e->too_long)
        printf("WARNING: %d resident%s would not get it: message over %d parts\n", e->too_long, e->too_long == 1 ? "" : "s",
               e->max_parts);
    if (e->unsendable)
        printf("WARNING: %d resident%s would not get it (%s): %s\n", e->unsendable, e->unsendable == 1 ? "" : "s",
               e->unsendable_names, e->unsendable_why);
    if (k->has_broadcast) printf("broadcast: %s\n", k->bc_text);
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
                return cli_usage(c, "--count '%s' must be a number from 1 to 1000", optarg);
        } else if (o == 'j') json = 1;
        else return cli_usage(c, "unknown option for 'campaign preview'");
    }
    if (optind != argc - 1) return cli_usage(c, "'campaign preview' needs a campaign ID");
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[optind]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, "no campaign '%s' (see `loa campaign list`)", argv[optind]);
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
    if (argc != 2 && !json) return cli_usage(c, "'campaign results' needs a campaign ID");
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[1]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, "no campaign '%s' (see `loa campaign list`)", argv[1]);
    struct view_results v;
    char err[LOA_ERRLEN];
    if (view_results(c->st, k, &v, err) < 0) {
        view_results_clear(&v);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    const struct campaign_results *r = &v.r;
    if (json) {
        cli_json_print(view_results_json(&v));
    } else {
        printf("%s — %s\nsent %ld (delivered %ld), failed %ld, unknown %ld, waiting %ld, cancelled %ld; %ld parts\n"
               "replies %ld, opt-outs %ld\n", k->id, k->title, v.sent, r->counts[OB_DELIVERED], r->counts[OB_FAILED],
               r->counts[OB_UNKNOWN], v.waiting, r->counts[OB_CANCELLED], r->parts, r->replies, r->optouts);
        cli_print_missed(&v.missed, k->id);
        if (v.poll_residents) {
            printf("poll:");
            for (size_t i = 0; i < r->nanswers; i++)
                if (r->answer_counts[i]) printf(" %s %ld", r->answers[i], r->answer_counts[i]);
            printf("\n");
        }
        if (v.poll_strangers) {
            printf("poll answers from numbers that are not residents (not counted above):");
            for (size_t i = 0; i < r->nanswers; i++)
                if (r->stranger_counts[i]) printf(" %s %ld", r->answers[i], r->stranger_counts[i]);
            printf("\n");
        }
    }
    view_results_clear(&v);
    return 0;
}

int cli_campaign(struct cli *c)
{
    static const struct cli_sub subs[] = {
        {"list", list, CLI_STORE}, {"preview", preview, CLI_STORE}, {"results", results, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
