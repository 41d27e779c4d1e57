/* cli_campaign — `loa campaign list` and `loa campaign preview`. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "cli.h"
#include "scheduler.h"
#include "util.h"

static const char *day_str(long day, char *buf, size_t n)
{
    if (day == LONG_MIN || day == LONG_MAX) return "-";
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    return buf;
}

static int list(struct cli *c, int argc, char **argv)
{
    int json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 1 && !json) return cli_usage(c, "'campaign list' takes only --json");
    int rc = cli_config(c);
    if (rc) return rc;
    time_t now = util_now();
    json_t *arr = json ? json_array() : NULL;
    if (!json) printf("%-18s %-8s %-4s %-10s %-10s %-20s %s\n", "ID", "STATE", "PRIO", "FROM", "UNTIL", "NEXT SMS", "TITLE");
    for (size_t i = 0; i < c->cfg->ncampaigns; i++) {
        const struct cfg_campaign *k = &c->cfg->campaigns[i];
        time_t next = 0;
        char nb[24] = "-", fb[16], ub[16];
        if (k->enabled && k->has_sms && scheduler_next_runs(k, &k->sms_schedule, now, &next, 1) == 1)
            util_fmt_time(next, nb, sizeof nb);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(k->id));
            json_object_set_new(o, "title", json_string(k->title));
            json_object_set_new(o, "enabled", json_boolean(k->enabled));
            json_object_set_new(o, "urgent", json_boolean(k->urgent));
            json_object_set_new(o, "priority", json_integer(k->priority));
            json_object_set_new(o, "from", k->from_day == LONG_MIN ? json_null() : json_string(day_str(k->from_day, fb, sizeof fb)));
            json_object_set_new(o, "until", k->until_day == LONG_MAX ? json_null() : json_string(day_str(k->until_day, ub, sizeof ub)));
            json_object_set_new(o, "sms", json_boolean(k->has_sms));
            json_object_set_new(o, "broadcast", json_boolean(k->has_broadcast));
            json_object_set_new(o, "next_sms", next ? json_string(nb) : json_null());
            json_object_set_new(o, "file", json_string(k->file));
            json_array_append_new(arr, o);
        } else {
            printf("%-18s %-8s %-4d %-10s %-10s %-20s %s\n", k->id, k->enabled ? (k->urgent ? "urgent" : "enabled") : "disabled",
                   k->priority, day_str(k->from_day, fb, sizeof fb), day_str(k->until_day, ub, sizeof ub), nb, k->title);
        }
    }
    if (json) cli_json_print(arr);
    return 0;
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
    int rc = cli_store(c);
    if (rc) return rc;
    const struct cfg_campaign *k = config_campaign(c->cfg, argv[optind]);
    if (!k) return cli_fail(LOA_EXIT_INPUT, "no campaign '%s' (see `loa campaign list`)", argv[optind]);
    time_t now = util_now();
    time_t *runs = xcalloc((size_t)count, sizeof *runs);
    int nruns = k->has_sms ? scheduler_next_runs(k, &k->sms_schedule, now, runs, (int)count) : 0;
    struct campaign_estimate e;
    if (campaign_estimate(c->st, c->cfg, k, nruns ? runs[0] : now, &e) < 0) {
        free(runs);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    double cost = (double)e.parts * c->cfg->sms.price_per_part;
    char t[24];
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "id", json_string(k->id));
        json_object_set_new(j, "title", json_string(k->title));
        json_t *r = json_array();
        for (int i = 0; i < nruns; i++) json_array_append_new(r, json_string(util_fmt_time(runs[i], t, sizeof t)));
        json_object_set_new(j, "next_runs", r);
        json_object_set_new(j, "recipients", json_integer(e.recipients));
        json_t *ph = json_object();
        for (size_t i = 0; i < c->cfg->nhamlets; i++)
            if (e.per_hamlet[i]) json_object_set_new(ph, c->cfg->hamlets[i].code, json_integer(e.per_hamlet[i]));
        if (e.per_hamlet[c->cfg->nhamlets]) json_object_set_new(ph, "-", json_integer(e.per_hamlet[c->cfg->nhamlets]));
        json_object_set_new(j, "per_hamlet", ph);
        json_t *sa = json_array();
        for (int i = 0; i < e.nsamples; i++) {
            json_t *s = json_object();
            json_object_set_new(s, "phone", json_string(e.samples[i].phone));
            json_object_set_new(s, "name", json_string(e.samples[i].name));
            json_object_set_new(s, "text", json_string(e.samples[i].text));
            json_object_set_new(s, "encoding", json_string(sms_encoding_name(e.samples[i].info.encoding)));
            json_object_set_new(s, "chars", json_integer(e.samples[i].info.chars));
            json_object_set_new(s, "parts", json_integer(e.samples[i].info.parts));
            json_array_append_new(sa, s);
        }
        json_object_set_new(j, "samples", sa);
        json_object_set_new(j, "parts_per_run", json_integer(e.parts));
        json_object_set_new(j, "worst_parts", json_integer(e.worst_parts));
        json_object_set_new(j, "max_parts", json_integer(e.max_parts));
        json_object_set_new(j, "unsendable", json_integer(e.unsendable));
        json_object_set_new(j, "cost_per_run_vnd", json_real(cost));
        json_object_set_new(j, "broadcast", cli_json_str(k->has_broadcast ? k->bc_text : NULL));
        cli_json_print(j);
    } else {
        printf("%s — %s%s\n", k->id, k->title, k->enabled ? "" : " (disabled)");
        printf("next runs:");
        for (int i = 0; i < nruns; i++) printf("%s%s", i ? ", " : " ", util_fmt_time(runs[i], t, sizeof t));
        printf("%s\n", nruns ? "" : " none");
        printf("audience: %d resident%s", e.recipients, e.recipients == 1 ? "" : "s");
        for (size_t i = 0; i <= c->cfg->nhamlets; i++)
            if (e.per_hamlet[i]) printf("  %s %d", i < c->cfg->nhamlets ? c->cfg->hamlets[i].code : "-", e.per_hamlet[i]);
        printf("\n");
        for (int i = 0; i < e.nsamples; i++)
            printf("sample %d (%s, %s): %s, %d characters, %d part%s\n  %s\n", i + 1, e.samples[i].name, e.samples[i].phone,
                   sms_encoding_name(e.samples[i].info.encoding), e.samples[i].info.chars, e.samples[i].info.parts,
                   e.samples[i].info.parts == 1 ? "" : "s", e.samples[i].text);
        printf("per run: %ld parts (longest message %d of at most %d), estimated cost %.0f VND\n", e.parts, e.worst_parts,
               e.max_parts, cost);
        if (e.too_long) printf("WARNING: %d resident%s would not get it: message over %d parts\n", e.too_long,
                               e.too_long == 1 ? "" : "s", e.max_parts);
        if (e.unsendable)
            printf("WARNING: %d resident%s would not get it (%s): %s\n", e.unsendable, e.unsendable == 1 ? "" : "s",
                   e.unsendable_names, e.unsendable_why);
        if (k->has_broadcast) printf("broadcast: %s\n", k->bc_text);
    }
    campaign_estimate_free(&e);
    free(runs);
    return 0;
}

int cli_campaign(struct cli *c)
{
    if (c->argc < 2) return cli_usage(c, "'campaign' needs a subcommand");
    const char *sub = c->argv[1];
    if (!strcmp(sub, "list")) return list(c, c->argc - 1, c->argv + 1);
    if (!strcmp(sub, "preview")) return preview(c, c->argc - 1, c->argv + 1);
    if (!strcmp(sub, "results")) return cli_campaign_results(c, c->argc - 1, c->argv + 1);
    return cli_usage(c, "no subcommand 'campaign %s'", sub);
}
