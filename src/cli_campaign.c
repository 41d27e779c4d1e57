/* cli_campaign — `loa campaign list|preview|results`: campaigns, what one would do, what it did. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "util.h"
#include "view.h"
#include "vntext.h"

static int list(struct cli *c, int argc, char **argv)
{
    int json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 1 && !json) return cli_usage(c, _("'campaign list' takes only --json"));
    size_t n = c->cfg->ncampaigns;
    struct view_campaign *v = view_campaigns(c->cfg, util_now());
    if (json) {
        cli_json_print(view_campaigns_json(v, n));
        free(v);
        return 0;
    }
    /* A column is as wide as its widest word in the officer's language, counted in terminal columns. */
    static const char *const head[] = {N_("ID"), N_("STATE"), N_("PRIO"), N_("FROM"), N_("UNTIL"), N_("NEXT SMS"), N_("TITLE")};
    int w[] = {18, 8, 4, 10, 10, 20};
    for (int i = 0; i < 6; i++)
        if ((int)vntext_width(_(head[i])) > w[i]) w[i] = (int)vntext_width(_(head[i]));
    for (size_t i = 0; i < n; i++)
        if ((int)vntext_width(i18n_code(v[i].state)) > w[1]) w[1] = (int)vntext_width(i18n_code(v[i].state));
    for (int i = 0; i < 6; i++) {
        i18n_pad(stdout, head[i], w[i]);
        putchar(' ');
    }
    printf("%s\n", _(head[6]));
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *k = v[i].k;
        char nb[24] = "-", fb[16], ub[16], prio[16];
        if (v[i].next_sms) util_fmt_time(v[i].next_sms, nb, sizeof nb);
        snprintf(prio, sizeof prio, "%d", k->priority);
        const char *cell[] = {k->id, i18n_code(v[i].state), prio, view_day(k->from_day, fb, sizeof fb),
                              view_day(k->until_day, ub, sizeof ub), nb};
        for (int j = 0; j < 6; j++) {
            cli_pad(cell[j], w[j]);
            putchar(' ');
        }
        printf("%s\n", k->title);
    }
    free(v);
    return 0;
}

static void preview_text(const struct config *cfg, const struct view_preview *v)
{
    const struct cfg_campaign *k = v->k;
    const struct campaign_estimate *e = &v->e;
    char t[24];
    printf("%s — %s%s\n", k->id, k->title, k->enabled ? "" : _(" (disabled)"));
    printf(_("next runs:"));
    for (int i = 0; i < v->nruns; i++) printf("%s%s", i ? ", " : " ", util_fmt_time(v->runs[i], t, sizeof t));
    printf("%s\n", v->nruns ? "" : _(" none"));
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
    printf(_("per run: %ld parts (longest message %d of at most %d), estimated cost %.0f VND\n"), e->parts, e->worst_parts,
           e->max_parts, e->cost);
    if (e->too_long)
        printf(ngettext("WARNING: %d resident would not get it: message over %d parts\n",
                        "WARNING: %d residents would not get it: message over %d parts\n", (unsigned long)e->too_long),
               e->too_long, e->max_parts);
    if (e->unsendable)
        printf(ngettext("WARNING: %d resident would not get it (%s): %s\n", "WARNING: %d residents would not get it (%s): %s\n",
                        (unsigned long)e->unsendable),
               e->unsendable, e->unsendable_names, e->unsendable_why);
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
    if (view_results(c->st, k, &v, err) < 0) {
        view_results_clear(&v);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    const struct campaign_results *r = &v.r;
    if (json) {
        cli_json_print(view_results_json(&v));
    } else {
        printf(_("%s — %s\nsent %ld (delivered %ld), failed %ld, unknown %ld, waiting %ld, cancelled %ld; %ld parts\n"
               "replies %ld, opt-outs %ld\n"), k->id, k->title, v.sent, r->counts[OB_DELIVERED], r->counts[OB_FAILED],
               r->counts[OB_UNKNOWN], v.waiting, r->counts[OB_CANCELLED], r->parts, r->replies, r->optouts);
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

int cli_campaign(struct cli *c)
{
    static const struct cli_sub subs[] = {
        {"list", list, CLI_CONFIG}, {"preview", preview, CLI_STORE}, {"results", results, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
