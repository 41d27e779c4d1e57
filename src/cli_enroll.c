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
#include "vntext.h"

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
    if (a.npos != 2) return cli_usage(c, _("'enroll %s' needs a hamlet and a %s"), argv[0], kind == ENROLL_ENTRY ? _("count") : _("total"));
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
    printf(ngettext("%s: %ld entry recorded", "%s: %ld entries recorded", (unsigned long)rows), a.pos[0], rows);
    if (repeated)
        printf(ngettext("; %ld row already imported skipped", "; %ld rows already imported skipped", (unsigned long)repeated),
               repeated);
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

/* The columns of `enroll list`, each as wide as its translated heading, no space between them (each
 * width holds its own). */
static const char *const enroll_head[] = {N_("ID"), N_("DATE"), N_("HAMLET"), N_("KIND"), N_("COUNT"), N_("SOURCE"), N_("REPORTER")};
static int enroll_w[] = {6, 12, 7, 9, 8, 7, 14};

/* A heading with its columns side by side: each name padded to its width, widened to hold it and a space. */
static void heading(const char *const *names, int *w, int n, const char *last)
{
    for (int i = 0; i < n; i++) {
        int need = (int)vntext_width(_(names[i])) + 1;
        if (need > w[i]) w[i] = need;
        i18n_pad(stdout, names[i], w[i]);
    }
    printf("%s\n", last ? _(last) : "");
}

/* S (NULL as "-") right-aligned in WIDTH terminal columns. */
static void rpad(const char *s, int width)
{
    if (!s) s = "-";
    for (int w = (int)vntext_width(s); w < width; w++) putchar(' ');
    fputs(s, stdout);
}

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
    cli_pad(num, enroll_w[0]);
    cli_pad(d, enroll_w[1]);
    cli_pad(e->hamlet, enroll_w[2]);
    cli_pad(i18n_code(e->kind), enroll_w[3]);
    snprintf(num, sizeof num, !strcmp(e->kind, "entry") ? "%+ld" : "%ld", e->count);
    cli_pad(num, enroll_w[4]);
    cli_pad(i18n_code(e->source), enroll_w[5]);
    cli_pad(!e->reporter || strcmp(e->reporter, "officer") ? e->reporter : _("officer"), enroll_w[6]);
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
    static const char *const kinds[] = {"entry", "opening", "official"};
    for (int i = 0; i < 3; i++)
        if ((int)vntext_width(i18n_code(kinds[i])) + 1 > enroll_w[3]) enroll_w[3] = (int)vntext_width(i18n_code(kinds[i])) + 1;
    if (!a.json) heading(enroll_head, enroll_w, 7, N_("NOTE"));
    if (store_enroll_each(c->st, list_one, &l) < 0) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (a.json) cli_json_print(l.arr);
    else printf(ngettext("%ld entry\n", "%ld entries\n", (unsigned long)l.n), l.n);
    return 0;
}

/* The columns of `enroll summary`: two left-aligned, five right-aligned figures. */
static const char *const sum_head[] = {N_("HAMLET"), N_("NAME"), N_("MONTH"), N_("CUMULATIVE"), N_("TARGET"), "%", N_("PER MONTH")};
static int sum_w[] = {7, 22, 10, 12, 8, 9, 11};

static void sum_heading(void)
{
    for (int i = 0; i < 7; i++) {
        const char *t = i == 5 ? "%" : _(sum_head[i]);
        int need = (int)vntext_width(t) + (i < 2 ? 1 : 2);
        if (need > sum_w[i]) sum_w[i] = need;
        if (i < 2) cli_pad(t, sum_w[i]);
        else rpad(t, sum_w[i]);
    }
    printf("   %s\n", _("OFFICIAL (DATE) LOA-OFFICIAL"));
}

/* The target line of the summary, from its figures (the report's Vietnamese sentence is s->note). */
static void target_line(const struct enroll_summary *s)
{
    char n1[32], n2[32], n3[32], d1[16], d2[16];
    if (!s->target && !s->passed_target) {
        printf(_("No target set (targets in loa.cfg).\n"));
        return;
    }
    if (s->passed_target && s->passed_day == s->target_day && s->passed_target == s->target)
        printf(_("The last target, %s accounts by %s, has passed (reached %s).\n"), enroll_fmt_count(s->target, n1, sizeof n1),
               enroll_fmt_day(s->target_day, d1, sizeof d1), enroll_fmt_count(s->passed_reached, n2, sizeof n2));
    else if (s->passed_target)
        printf(_("The target of %s accounts by %s has passed (reached %s); the next applies: %s accounts by %s.\n"),
               enroll_fmt_count(s->passed_target, n1, sizeof n1), enroll_fmt_day(s->passed_day, d1, sizeof d1),
               enroll_fmt_count(s->passed_reached, n2, sizeof n2), enroll_fmt_count(s->target, n3, sizeof n3),
               enroll_fmt_day(s->target_day, d2, sizeof d2));
    else
        printf(_("Target: %s accounts by %s.\n"), enroll_fmt_count(s->target, n1, sizeof n1),
               enroll_fmt_day(s->target_day, d1, sizeof d1));
}

static void fig_line(const struct enroll_fig *f)
{
    char b[64], d[16];
    cli_pad(f->code ? f->code : "", sum_w[0]);
    cli_pad(f->name, sum_w[1]);
    rpad(enroll_fmt_count(f->period, b, sizeof b), sum_w[2]);
    rpad(enroll_fmt_count(f->cumulative, b, sizeof b), sum_w[3]);
    rpad(f->target ? enroll_fmt_count(f->target, b, sizeof b) : "-", sum_w[4]);
    if (f->target) snprintf(b, sizeof b, "%.1f%%", f->percent);
    rpad(f->target ? b : "-", sum_w[5]);
    rpad(f->target ? enroll_fmt_count(f->needed_per_month, b, sizeof b) : "-", sum_w[6]);
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
        printf(_("VNeID activations, %s, as of %s (this month from %s)\n"), c->cfg->commune,
               enroll_fmt_day(as_of, d1, sizeof d1), enroll_fmt_day(s.from_day, d2, sizeof d2));
        target_line(&s);
        if (s.target)
            printf(ngettext("%d month left to the target\n", "%d months left to the target\n", (unsigned long)s.months_left),
                   s.months_left);
        putchar('\n');
        sum_heading();
        for (size_t i = 0; i < s.nhamlets; i++) fig_line(&s.hamlets[i]);
        s.total.name = _("total");
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
