/* cli_enroll — `loa enroll add|opening|official|import|undo|list|summary`: VNeID counts per hamlet. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "enroll.h"
#include "util.h"
#include "view.h"

/* Options of the enroll subcommands, parsed by hand: a correction's count is negative ("-3"),
 * which getopt would take for an option. */
struct eargs {
    const char *pos[3];
    int npos;
    const char *date, *note, *hamlet, *as_of, *sheet;
    int json;
    int skip_repeated;
};

static int parse(struct cli *c, int argc, char **argv, const char *allowed, struct eargs *a)
{
    memset(a, 0, sizeof *a);
    static const struct { const char *name; char key; int value; } opts[] = {
        {"--date", 'd', 1}, {"--note", 'n', 1}, {"--hamlet", 'H', 1}, {"--as-of", 'a', 1}, {"--json", 'j', 0},
        {"--sheet", 'S', 1}, {"--skip-repeated", 's', 0}};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strncmp(s, "--", 2)) {
            size_t k, nopts = sizeof opts / sizeof opts[0];
            const char *eq = strchr(s, '=');
            size_t len = eq ? (size_t)(eq - s) : strlen(s);
            for (k = 0; k < nopts; k++)
                if (strlen(opts[k].name) == len && !strncmp(s, opts[k].name, len)) break;
            if (k == nopts || !strchr(allowed, opts[k].key))
                return cli_usage(c, _("unknown option '%.*s' for 'enroll %s'"), (int)len, s, argv[0]);
            const char *v = NULL;
            if (opts[k].value) {
                if (eq) v = eq + 1;
                else if (i + 1 < argc) v = argv[++i];
                else return cli_usage(c, _("%s needs a value"), opts[k].name);
            } else if (eq) {
                return cli_usage(c, _("%s takes no value"), opts[k].name);
            }
            switch (opts[k].key) {
            case 'd': a->date = v; break;
            case 'n': a->note = v; break;
            case 'H': a->hamlet = v; break;
            case 'a': a->as_of = v; break;
            case 'S': a->sheet = v; break;
            case 'j': a->json = 1; break;
            case 's': a->skip_repeated = 1; break;
            }
        } else if (a->npos < 3) {
            a->pos[a->npos++] = s;
        } else {
            return cli_usage(c, _("too many arguments for 'enroll %s'"), argv[0]);
        }
    }
    return 0;
}

static long today(void)
{
    return util_local_day(util_now());
}

static int day_arg(const char *s, long *day)
{
    if (!s) {
        *day = today();
        return 0;
    }
    if (util_parse_day(s, day) < 0)
        return cli_fail(LOA_EXIT_INPUT, _("date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)"), s);
    return 0;
}

static int count_arg(const char *s, long *v)
{
    long long x;
    if (util_parse_int(s, &x) < 0 || x > ENROLL_MAX_TOTAL || x < -ENROLL_MAX_TOTAL)
        return cli_fail(LOA_EXIT_INPUT, _("count '%s' is not a whole number"), s);
    *v = (long)x;
    return 0;
}

/* add / opening / official */
static int record(struct cli *c, int argc, char **argv, int kind)
{
    struct eargs a;
    int rc = parse(c, argc, argv, "dn", &a);
    if (rc) return rc;
    if (a.npos != 2) return cli_usage(c, _("'enroll %s' needs a hamlet and a %s"), argv[0], kind == ENROLL_ENTRY ? "count" : "total");
    if (kind != ENROLL_ENTRY && !a.date) return cli_usage(c, _("'enroll %s' needs --date (the day the total was counted)"), argv[0]);
    long count = 0, day = 0;
    if ((rc = count_arg(a.pos[1], &count)) || (rc = day_arg(a.date, &day))) return rc;
    /* The hamlet by its code or its name as people write it ("Đồng Kiệm", "xom dong kiem"). */
    const struct cfg_hamlet *named = config_hamlet_named(c->cfg, a.pos[0]);
    if (named) a.pos[0] = named->code;
    struct enroll_new e = {.hamlet = a.pos[0], .count = count, .day = day, .kind = kind, .source = "cli",
                           .reporter = "officer", .note = a.note};
    char err[LOA_ERRLEN] = "";
    int64_t id = 0, dup = 0;
    time_t now = util_now();
    if (kind == ENROLL_ENTRY && enroll_find_duplicate(c->st, c->cfg, "officer", a.pos[0], count, day, now, &dup) == 1)
        fprintf(stderr, _("loa: note: entry %lld recorded in the last 24 hours has the same hamlet, count and date; "
                        "`loa enroll undo` reverses one if it was a mistake\n"), (long long)dup);
    rc = enroll_add(c->st, c->cfg, &e, now, &id, err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "%s", err);
    const struct cfg_hamlet *h = config_hamlet_current(c->cfg, a.pos[0]);
    long total = enroll_hamlet_total(c->st, c->cfg, h->code, today());
    char d[16], n1[32], n2[32];
    enroll_fmt_day(day, d, sizeof d);
    if (kind == ENROLL_ENTRY)
        printf(_("entry %lld: %s %+ld on %s; %s now counts %s\n"), (long long)id, config_hamlet(c->cfg, a.pos[0])->code,
               count, d, h->code, enroll_fmt_count(total, n1, sizeof n1));
    else if (kind == ENROLL_OPENING)
        printf(_("entry %lld: opening balance of %s is %s on %s; %s now counts %s\n"), (long long)id,
               config_hamlet(c->cfg, a.pos[0])->code, enroll_fmt_count(count, n1, sizeof n1), d, h->code,
               enroll_fmt_count(total, n2, sizeof n2));
    else {
        long ours = enroll_hamlet_total(c->st, c->cfg, h->code, day);
        printf(_("entry %lld: official total of %s is %s on %s; loa counts %s that day (difference %+ld)\n"), (long long)id,
               config_hamlet(c->cfg, a.pos[0])->code, enroll_fmt_count(count, n1, sizeof n1), d,
               enroll_fmt_count(ours, n2, sizeof n2), ours - count);
    }
    return 0;
}

static int import(struct cli *c, int argc, char **argv)
{
    struct eargs a;
    int rc = parse(c, argc, argv, "Ss", &a);
    if (rc) return rc;
    if (a.npos != 1) return cli_usage(c, _("'enroll import' needs one file (CSV, .xlsx or .xls)"));
    char err[LOA_ERRLEN] = "";
    long rows = 0, repeated = 0;
    rc = enroll_import_sheet(c->st, c->cfg, a.pos[0], a.sheet, a.skip_repeated, stderr, &rows, &repeated, err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "%s", err[0] ? err : "nothing was imported");
    printf(_("%s: %ld entr%s recorded"), a.pos[0], rows, rows == 1 ? "y" : "ies");
    if (repeated) printf(_("; %ld row%s already imported skipped"), repeated, repeated == 1 ? "" : "s");
    printf("\n");
    return 0;
}

static int undo(struct cli *c, int argc, char **argv)
{
    struct eargs a;
    int rc = parse(c, argc, argv, "", &a);
    if (rc) return rc;
    long long id;
    if (a.npos != 1) return cli_usage(c, _("'enroll undo' needs the entry's number (see `loa enroll list`)"));
    if (util_parse_int(a.pos[0], &id) < 0 || id <= 0) return cli_fail(LOA_EXIT_INPUT, _("'%s' is not an entry number"), a.pos[0]);
    char err[LOA_ERRLEN] = "";
    int64_t undo_id = 0;
    rc = enroll_undo(c->st, id, util_now(), &undo_id, err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "%s", err);
    printf(_("entry %lld undoes entry %lld\n"), (long long)undo_id, (long long)id);
    return 0;
}

struct lister {
    struct cli *c;
    const struct cfg_hamlet *hamlet;
    json_t *arr;
    long n;
};

static int list_one(void *ud, const struct enrollment *e)
{
    struct lister *l = ud;
    const struct cfg_hamlet *cur = config_hamlet_current(l->c->cfg, e->hamlet);
    if (l->hamlet && cur != l->hamlet) return 0;
    l->n++;
    char d[16], t[24];
    int y, m, dd;
    util_civil_from_days(e->day, &y, &m, &dd);
    snprintf(d, sizeof d, "%04d-%02d-%02d", y, m, dd);
    if (l->arr) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(e->id));
        json_object_set_new(o, "date", json_string(d));
        json_object_set_new(o, "hamlet", json_string(e->hamlet));
        json_object_set_new(o, "counts_under", cli_json_str(cur ? cur->code : NULL));
        json_object_set_new(o, "kind", json_string(e->kind));
        json_object_set_new(o, "count", json_integer(e->count));
        json_object_set_new(o, "source", json_string(e->source));
        json_object_set_new(o, "reporter", cli_json_str(e->reporter));
        json_object_set_new(o, "note", cli_json_str(e->note));
        json_object_set_new(o, "undoes", e->undoes ? json_integer(e->undoes) : json_null());
        json_object_set_new(o, "inbox_id", e->inbox_id ? json_integer(e->inbox_id) : json_null());
        json_object_set_new(o, "recorded", json_string(util_fmt_time(e->created, t, sizeof t)));
        json_array_append_new(l->arr, o);
        return 0;
    }
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)e->id);
    cli_pad(num, 6);
    cli_pad(d, 12);
    cli_pad(e->hamlet, 7);
    cli_pad(e->kind, 9);
    snprintf(num, sizeof num, !strcmp(e->kind, "entry") ? "%+ld" : "%ld", e->count);
    cli_pad(num, 8);
    cli_pad(e->source, 7);
    cli_pad(e->reporter, 14);
    printf("%s", e->note ? e->note : "");
    if (e->undoes) printf(_("%s(undoes %lld)"), e->note ? " " : "", (long long)e->undoes);
    putchar('\n');
    return 0;
}

static int list(struct cli *c, int argc, char **argv)
{
    struct eargs a;
    int rc = parse(c, argc, argv, "Hj", &a);
    if (rc) return rc;
    if (a.npos) return cli_usage(c, _("'enroll list' takes no arguments besides options"));
    struct lister l = {c, NULL, a.json ? json_array() : NULL, 0};
    if (a.hamlet && !(l.hamlet = config_hamlet_current(c->cfg, a.hamlet))) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_INPUT, _("--hamlet '%s' is not a hamlet of %s"), a.hamlet, c->cfg->path);
    }
    if (!a.json) printf("%-6s%-12s%-7s%-9s%-8s%-7s%-14s%s\n", "ID", "DATE", "HAMLET", "KIND", "COUNT", "SOURCE", "REPORTER", "NOTE");
    if (store_enroll_each(c->st, list_one, &l) < 0) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (a.json) cli_json_print(l.arr);
    else printf(_("%ld entr%s\n"), l.n, l.n == 1 ? "y" : "ies");
    return 0;
}

static void fig_line(const struct enroll_fig *f)
{
    char b[64], d[16];
    cli_pad(f->code ? f->code : "", 7);
    cli_pad(f->name, 22);
    printf("%10s", enroll_fmt_count(f->period, b, sizeof b));
    printf("%12s", enroll_fmt_count(f->cumulative, b, sizeof b));
    printf("%8s", f->target ? enroll_fmt_count(f->target, b, sizeof b) : "-");
    if (f->target) printf("%8.1f%%", f->percent);
    else printf("%9s", "-");
    printf("%11s", f->target ? enroll_fmt_count(f->needed_per_month, b, sizeof b) : "-");
    if (f->official >= 0)
        printf("   %s (%s) %+ld", enroll_fmt_count(f->official, b, sizeof b), enroll_fmt_day(f->official_day, d, sizeof d),
               f->loa_at_official - f->official);
    putchar('\n');
}

static int summary(struct cli *c, int argc, char **argv)
{
    struct eargs a;
    int rc = parse(c, argc, argv, "aj", &a);
    if (rc) return rc;
    if (a.npos) return cli_usage(c, _("'enroll summary' takes no arguments besides options"));
    long as_of;
    if ((rc = day_arg(a.as_of, &as_of))) return rc;
    struct enroll_summary s;
    char err[LOA_ERRLEN] = "";
    if (view_enroll_summary(c->st, c->cfg, as_of, &s, err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (a.json) {
        cli_json_print(view_enroll_summary_json(&s));
    } else {
        char d1[16], d2[16];
        printf(_("VNeID activations, %s, as of %s (this month from %s)\n%s\n"), c->cfg->commune,
               enroll_fmt_day(as_of, d1, sizeof d1), enroll_fmt_day(s.from_day, d2, sizeof d2), s.note);
        if (s.target) printf(_("%d month%s left to the target\n"), s.months_left, s.months_left == 1 ? "" : "s");
        printf("\n%-7s%-22s%10s%12s%8s%9s%11s   %s\n", "HAMLET", "NAME", "MONTH", "CUMULATIVE", "TARGET", "%",
               "PER MONTH", "OFFICIAL (DATE) LOA-OFFICIAL");
        for (size_t i = 0; i < s.nhamlets; i++) fig_line(&s.hamlets[i]);
        s.total.name = "total";
        fig_line(&s.total);
    }
    enroll_summary_free(&s);
    return 0;
}

static int add_cmd(struct cli *c, int argc, char **argv) { return record(c, argc, argv, ENROLL_ENTRY); }
static int opening_cmd(struct cli *c, int argc, char **argv) { return record(c, argc, argv, ENROLL_OPENING); }
static int official_cmd(struct cli *c, int argc, char **argv) { return record(c, argc, argv, ENROLL_OFFICIAL); }

int cli_enroll(struct cli *c)
{
    static const struct cli_sub subs[] = {
        {"add", add_cmd, CLI_STORE},  {"opening", opening_cmd, CLI_STORE}, {"official", official_cmd, CLI_STORE},
        {"import", import, CLI_STORE}, {"undo", undo, CLI_STORE},          {"list", list, CLI_STORE},
        {"summary", summary, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
