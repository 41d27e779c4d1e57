/*
 * enroll — VNeID activations per hamlet: recording entries, undoing them, the duplicate check,
 * CSV import, and the figures (cumulative counts, targets, pace, official totals).
 *
 * Sections: names and dates; recording; figures (all rows loaded once: a commune has a few
 * thousand entries at most, and every rule is then plain C); import.
 */
#include "i18n.h"
#include "enroll.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"
#include "log.h"
#include "util.h"
#include "vntext.h"

/* ---- names and dates ---- */

static const char *const kind_names[] = {"entry", "opening", "official"};

const char *enroll_kind_name(int kind)
{
    return kind >= 0 && kind <= ENROLL_OFFICIAL ? kind_names[kind] : NULL;
}

static int kind_parse(const char *s)
{
    for (int i = 0; i <= ENROLL_OFFICIAL; i++)
        if (s && !strcmp(s, kind_names[i])) return i;
    return -1;
}

int enroll_months_left(long as_of, long target)
{
    if (target <= as_of) return 0;
    int y, m, d, ty, tm, td;
    util_civil_from_days(as_of, &y, &m, &d);
    util_civil_from_days(target, &ty, &tm, &td);
    int months = (ty * 12 + tm) - (y * 12 + m);
    if (d < util_days_in_month(y, m)) months++;   /* days remain in the as-of month */
    return months;
}

char *enroll_fmt_count(long v, char *buf, size_t n)
{
    return util_fmt_thousands(v, buf, n);
}

char *enroll_fmt_day(long day, char *buf, size_t n)
{
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    snprintf(buf, n, "%02d/%02d/%04d", d, m, y);
    return buf;
}

/* ---- recording ---- */

/* Checks E; on success *h is the hamlet of the code given (an old code's own entry). 0, or the field at fault
 * (enum enroll_bad) with err. */
static int validate(const struct config *cfg, const struct enroll_new *e, time_t now, const struct cfg_hamlet **h,
                    char *err)
{
    if (!e->hamlet || !(*h = config_hamlet(cfg, e->hamlet))) {
        util_err(err, _("hamlet '%s' is not one of the hamlets in %s"), e->hamlet ? e->hamlet : "", cfg->path);
        return ENROLL_BAD_HAMLET;
    }
    if (!enroll_kind_name(e->kind)) {
        util_err(err, _("unknown enrollment kind %d"), e->kind);
        return ENROLL_BAD_OTHER;
    }
    if (e->kind == ENROLL_ENTRY) {
        if (e->count == 0) {
            util_err(err, _("a count of 0 changes nothing"));
            return ENROLL_BAD_COUNT;
        }
        if (e->count > ENROLL_MAX_ENTRY || e->count < -ENROLL_MAX_ENTRY) {
            util_err(err, _("count %ld is not believable for one entry (at most %ld either way)"), e->count, ENROLL_MAX_ENTRY);
            return ENROLL_BAD_COUNT;
        }
    } else if (e->count < 0 || e->count > ENROLL_MAX_TOTAL) {
        util_err(err, _("a %s total must be between 0 and %ld, not %ld"),
                 i18n_code(e->kind == ENROLL_OPENING ? "opening" : "official"), ENROLL_MAX_TOTAL, e->count);
        return ENROLL_BAD_COUNT;
    }
    char d1[16], d2[16];
    if (e->day > util_local_day(now)) {
        util_err(err, _("date %s is in the future (today is %s)"), enroll_fmt_day(e->day, d1, sizeof d1),
                 enroll_fmt_day(util_local_day(now), d2, sizeof d2));
        return ENROLL_BAD_DATE;
    }
    if (e->day < util_days_from_civil(2000, 1, 1)) {
        util_err(err, _("date %s is before 2000"), enroll_fmt_day(e->day, d1, sizeof d1));
        return ENROLL_BAD_DATE;
    }
    if (!e->source || (strcmp(e->source, "sms") && strcmp(e->source, "cli") && strcmp(e->source, "import"))) {
        util_err(err, _("source must be sms, cli or import"));
        return ENROLL_BAD_OTHER;
    }
    if (e->note && !vntext_valid_utf8(e->note, strlen(e->note))) {
        util_err(err, _("the note is not UTF-8"));
        return ENROLL_BAD_NOTE;
    }
    return 0;
}

static int record(store *st, const struct cfg_hamlet *h, const struct enroll_new *e, time_t now, int64_t undoes,
                  int64_t *id, char *err)
{
    char *note = e->note && *e->note ? vntext_nfc(e->note) : NULL;
    struct enrollment row = {.hamlet = h->code, .count = e->count, .day = e->day, .kind = (char *)enroll_kind_name(e->kind),
                             .source = (char *)e->source, .reporter = (char *)(e->reporter ? e->reporter : "officer"),
                             .note = note, .inbox_id = e->inbox_id, .undoes = undoes, .created = now};
    int64_t newid = 0;
    int rc = store_enroll_add(st, &row, &newid);
    free(note);
    if (rc < 0) return util_err(err, "%s", store_errmsg(st));
    if (id) *id = newid;
    return 0;
}

int enroll_check(const struct config *cfg, const struct enroll_new *e, time_t now, char *err)
{
    const struct cfg_hamlet *h = NULL;
    return validate(cfg, e, now, &h, err);
}

int enroll_add(store *st, const struct config *cfg, const struct enroll_new *e, time_t now, int64_t *id, char *err)
{
    const struct cfg_hamlet *h = NULL;
    if (validate(cfg, e, now, &h, err)) return 1;
    int64_t newid;
    if (record(st, h, e, now, 0, &newid, err) < 0) return -1;
    if (id) *id = newid;
    char d[16];
    log_debug("enrollment %lld: %s %s %ld on %s (%s, %s)", (long long)newid, enroll_kind_name(e->kind), h->code, e->count,
             enroll_fmt_day(e->day, d, sizeof d), e->source,
             e->reporter && strcmp(e->reporter, "officer") ? log_phone(e->reporter) : "officer");
    return 0;
}

int enroll_undo(store *st, int64_t id, time_t now, int64_t *undo_id, char *err)
{
    struct enrollment e = {0};
    int rc = store_enroll_get(st, id, &e);
    if (rc < 0) return util_err(err, "%s", store_errmsg(st));
    if (rc > 0) {
        util_err(err, _("no enrollment entry %lld"), (long long)id);
        return 1;
    }
    int64_t later = 0;
    if (kind_parse(e.kind) != ENROLL_ENTRY) {
        util_err(err, _("%lld is an %s total, not an entry: record a new %s total instead"), (long long)id, i18n_code(e.kind),
                 i18n_code(e.kind));
        rc = 1;
    } else if (e.undoes) {
        util_err(err, _("%lld is itself the undo of entry %lld; add a new entry instead"), (long long)id, (long long)e.undoes);
        rc = 1;
    } else if ((rc = store_enroll_undone_by(st, id, &later)) != 1) {
        if (rc < 0) util_err(err, "%s", store_errmsg(st));
        else {
            util_err(err, _("entry %lld was already undone by entry %lld"), (long long)id, (long long)later);
            rc = 1;
        }
    } else {
        rc = 0;
        char *note = xasprintf("hoàn tác mục %lld", (long long)id);
        struct enrollment u = {.hamlet = e.hamlet, .count = -e.count, .day = e.day, .kind = "entry", .source = "cli",
                               .reporter = "officer", .note = note, .undoes = id, .created = now};
        if (store_enroll_add(st, &u, &later) < 0) rc = util_err(err, "%s", store_errmsg(st));
        else if (undo_id) *undo_id = later;
        free(note);
        if (rc == 0) log_debug("enrollment %lld undoes %lld (%s %ld)", (long long)later, (long long)id, e.hamlet, -e.count);
    }
    store_enrollment_clear(&e);
    return rc;
}

int enroll_find_duplicate(store *st, const struct config *cfg, const char *reporter, const char *hamlet, long count,
                          long day, time_t now, int64_t *dup_id)
{
    const struct cfg_hamlet *h = config_hamlet(cfg, hamlet);
    if (!h) return 0;   /* an unknown hamlet was never recorded */
    int rc = store_enroll_find_dup(st, reporter ? reporter : "officer", h->code, count, day, -1, now, dup_id);
    return rc < 0 ? -1 : rc == 0;
}

/* ---- figures ---- */

struct rec {
    int64_t id;
    long count, day;
    int kind;                  /* enum enroll_kind */
    int given;                 /* index in cfg->hamlets of the code as given, -1 when it left the config */
    int cur;                   /* index of the hamlet it counts under, -1 likewise */
    int counts;                /* 0: an opening replaced by a later one of the same code */
};

struct recs {
    const struct config *cfg;
    int64_t last_id;           /* rows with a greater id are left out; 0 = none is */
    struct rec *v;
    size_t n, cap;
};

static int hamlet_index(const struct config *cfg, const struct cfg_hamlet *h)
{
    return h ? (int)(h - cfg->hamlets) : -1;
}

static int load_one(void *ud, const struct enrollment *e)
{
    struct recs *r = ud;
    int kind = kind_parse(e->kind);
    if (kind < 0) return 0;   /* kinds other programs may add (duplicate, rejected) never count */
    if (r->last_id && e->id > r->last_id) return 0;   /* recorded after the report it serves */
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 256;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = (struct rec){e->id, e->count, e->day, kind, hamlet_index(r->cfg, config_hamlet(r->cfg, e->hamlet)),
                                hamlet_index(r->cfg, config_hamlet_current(r->cfg, e->hamlet)), 1};
    return 0;
}

static void recs_free(struct recs *r)
{
    free(r->v);
}

/* Every counted row, in id order; openings replaced by a later one of their code marked. */
static int load_upto(store *st, const struct config *cfg, int64_t last_id, struct recs *r, char *err)
{
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->last_id = last_id;
    if (store_enroll_each(st, load_one, r) < 0) {
        recs_free(r);
        return util_err(err, "%s", store_errmsg(st));
    }
    int64_t *latest = xcalloc(cfg->nhamlets + 1, sizeof *latest);
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].kind == ENROLL_OPENING && r->v[i].given >= 0) latest[r->v[i].given] = r->v[i].id;
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].kind == ENROLL_OPENING && r->v[i].given >= 0 && latest[r->v[i].given] != r->v[i].id) r->v[i].counts = 0;
    free(latest);
    return 0;
}

static int load_all(store *st, const struct config *cfg, struct recs *r, char *err)
{
    return load_upto(st, cfg, 0, r, err);
}

/* Cumulative of hamlet CUR (or every hamlet when CUR == -2) on day AS_OF. */
static long cumulative(const struct recs *r, int cur, long as_of)
{
    long sum = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct rec *x = &r->v[i];
        if ((cur != -2 && x->cur != cur) || x->day > as_of || x->kind == ENROLL_OFFICIAL || !x->counts) continue;
        sum += x->count;
    }
    return sum;
}

long enroll_hamlet_total(store *st, const struct config *cfg, const char *hamlet, long as_of)
{
    const struct cfg_hamlet *h = config_hamlet_current(cfg, hamlet);
    if (!h) return -1;
    struct recs r;
    if (load_all(st, cfg, &r, NULL) < 0) return -1;
    long v = cumulative(&r, hamlet_index(cfg, h), as_of);
    recs_free(&r);
    return v;
}

int enroll_opening_day(store *st, const struct config *cfg, const char *hamlet, long *day)
{
    const struct cfg_hamlet *h = config_hamlet_current(cfg, hamlet);
    if (!h) return 0;
    struct recs r;
    if (load_all(st, cfg, &r, NULL) < 0) return -1;
    int cur = hamlet_index(cfg, h), found = 0;
    for (size_t i = 0; i < r.n; i++)
        if (r.v[i].kind == ENROLL_OPENING && r.v[i].counts && r.v[i].given == cur) {
            *day = r.v[i].day;
            found = 1;
        }
    recs_free(&r);
    return found;
}

int enroll_series(store *st, const struct config *cfg, const struct enroll_basis *basis, const long *days, size_t n,
                  long *cum, long *entries, char *err)
{
    struct recs r;
    if (load_upto(st, cfg, basis ? basis->last_id : 0, &r, err) < 0) return -1;
    for (size_t i = 0; i < n; i++) {
        cum[i] = cumulative(&r, -2, days[i]);
        if (!entries) continue;
        entries[i] = 0;
        for (size_t k = 0; k < r.n; k++)
            if (r.v[k].kind == ENROLL_ENTRY && r.v[k].day <= days[i] && (i == 0 || r.v[k].day > days[i - 1]))
                entries[i] += r.v[k].count;
    }
    recs_free(&r);
    return 0;
}

int enroll_first_day(store *st, const struct config *cfg, const struct enroll_basis *basis, long *day, char *err)
{
    struct recs r;
    if (load_upto(st, cfg, basis ? basis->last_id : 0, &r, err) < 0) return -1;
    int found = 0;
    for (size_t i = 0; i < r.n; i++)
        if (r.v[i].kind != ENROLL_OFFICIAL && r.v[i].counts && (!found || r.v[i].day < *day)) {
            *day = r.v[i].day;
            found = 1;
        }
    recs_free(&r);
    return found;
}

static int count_residents(void *ud, const char *code, long n)
{
    struct { const struct config *cfg; long *per; long all; } *c = ud;
    c->all += n;
    int i = hamlet_index(c->cfg, config_hamlet_current(c->cfg, code));
    if (i >= 0) c->per[i] += n;
    return 0;
}

static long needed(long target, long have, int months)
{
    if (target <= 0 || have >= target) return 0;
    if (months <= 0) return target - have;
    return (target - have + months - 1) / months;
}

static void fill(struct enroll_fig *f, const struct recs *r, int cur, long from, long to, int months, long days)
{
    f->cumulative = cumulative(r, cur, to);
    /* the period's entries: openings dated inside the period are balances, not activations */
    f->period = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct rec *x = &r->v[i];
        if ((cur == -2 || x->cur == cur) && x->kind == ENROLL_ENTRY && x->day >= from && x->day <= to) f->period += x->count;
    }
    f->percent = f->target > 0 ? 100.0 * (double)f->cumulative / (double)f->target : 0.0;
    f->needed_per_month = needed(f->target, f->cumulative, months);
    f->needed_per_day = needed(f->target, f->cumulative, days > INT_MAX ? INT_MAX : (int)days);
    /* the police's latest official total: per hamlet its latest; for the commune the sum of the hamlets' */
    f->official = -1;
    f->official_day = 0;
    f->loa_at_official = 0;
    if (cur == -2) return;
    long best_day = -1;
    size_t best = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct rec *x = &r->v[i];
        if (x->cur == cur && x->kind == ENROLL_OFFICIAL && x->day <= to && x->day >= best_day) {
            best_day = x->day;
            best = i;
        }
    }
    if (best_day >= 0) {
        f->official = r->v[best].count;
        f->official_day = best_day;
        f->loa_at_official = cumulative(r, cur, best_day);
    }
}

int enroll_summary_make(store *st, const struct config *cfg, long from_day, long to_day, struct enroll_summary *out,
                        char *err)
{
    return enroll_summary_from(st, cfg, NULL, from_day, to_day, out, err);
}

int enroll_residents(store *st, const struct config *cfg, long *per, long *all, char *err)
{
    struct { const struct config *cfg; long *per; long all; } res = {cfg, per, 0};
    memset(per, 0, (cfg->nhamlets + 1) * sizeof *per);
    if (store_contacts_per_hamlet(st, count_residents, &res) < 0) return util_err(err, "%s", store_errmsg(st));
    *all = res.all;
    return 0;
}

int enroll_summary_from(store *st, const struct config *cfg, const struct enroll_basis *basis, long from_day, long to_day,
                        struct enroll_summary *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->from_day = from_day;
    out->to_day = to_day;
    struct recs r;
    if (load_upto(st, cfg, basis ? basis->last_id : 0, &r, err) < 0) return -1;
    struct { const struct config *cfg; long *per; long all; } res = {cfg, xcalloc(cfg->nhamlets + 1, sizeof(long)), 0};
    if (basis && basis->residents) {
        memcpy(res.per, basis->residents, cfg->nhamlets * sizeof(long));
        res.all = basis->residents_all;
    } else if (store_contacts_per_hamlet(st, count_residents, &res) < 0) {
        free(res.per);
        recs_free(&r);
        return util_err(err, "%s", store_errmsg(st));
    }

    /* The commune target in use: the first whose date is on or after to_day, else the last (overdue). */
    const struct cfg_target *use = NULL, *passed = NULL;
    for (size_t i = 0; i < cfg->ntargets; i++) {
        const struct cfg_target *t = &cfg->targets[i];
        long d = util_days_from_civil(t->year, t->mon, t->day);
        if (d >= to_day && (!use || d < util_days_from_civil(use->year, use->mon, use->day))) use = t;
        if (d < to_day && (!passed || d > util_days_from_civil(passed->year, passed->mon, passed->day))) passed = t;
    }
    if (!use) use = passed;
    char n1[32], n2[32], n3[32], d1[16], d2[16];
    if (passed) {
        out->passed_target = passed->vneid;
        out->passed_day = util_days_from_civil(passed->year, passed->mon, passed->day);
        out->passed_reached = cumulative(&r, -2, out->passed_day);
    }
    if (use) {
        out->target = use->vneid;
        out->target_day = util_days_from_civil(use->year, use->mon, use->day);
        out->months_left = enroll_months_left(to_day, out->target_day);
        out->days_left = out->target_day > to_day ? out->target_day - to_day : 0;
    }
    if (!use)
        out->note = xstrdup("Chưa đặt chỉ tiêu (targets trong loa.cfg).");
    else if (passed && use != passed)
        out->note = xasprintf("Chỉ tiêu %s tài khoản đến %s đã hết hạn (đạt %s); áp dụng chỉ tiêu tiếp theo: %s tài khoản đến %s.",
                              enroll_fmt_count(passed->vneid, n1, sizeof n1), enroll_fmt_day(out->passed_day, d1, sizeof d1),
                              enroll_fmt_count(out->passed_reached, n2, sizeof n2), enroll_fmt_count(use->vneid, n3, sizeof n3),
                              enroll_fmt_day(out->target_day, d2, sizeof d2));
    else if (use == passed)
        out->note = xasprintf("Chỉ tiêu cuối cùng %s tài khoản đến %s đã hết hạn (đạt %s).",
                              enroll_fmt_count(use->vneid, n1, sizeof n1), enroll_fmt_day(out->target_day, d1, sizeof d1),
                              enroll_fmt_count(out->passed_reached, n2, sizeof n2));
    else
        out->note = xasprintf("Chỉ tiêu: %s tài khoản đến %s.", enroll_fmt_count(use->vneid, n1, sizeof n1),
                              enroll_fmt_day(out->target_day, d1, sizeof d1));

    out->hamlets = xcalloc(cfg->nhamlets + 1, sizeof *out->hamlets);
    long official_sum = 0, loa_sum = 0, official_day = 0;
    int all_official = 1;   /* the commune's official total is the police's only when every hamlet has one */
    for (size_t i = 0; i < cfg->nhamlets; i++) {
        const struct cfg_hamlet *h = &cfg->hamlets[i];
        if (config_hamlet_current(cfg, h->code) != h) continue;   /* merged: counted under its new hamlet */
        struct enroll_fig *f = &out->hamlets[out->nhamlets++];
        f->code = h->code;
        f->name = h->name;
        f->residents = res.per[i];
        if (h->target > 0) {
            f->target = h->target;
            f->target_own = 1;
        } else if (out->target > 0 && res.all > 0) {
            f->target = lround((double)out->target * (double)res.per[i] / (double)res.all);
        }
        fill(f, &r, (int)i, from_day, to_day, out->months_left, out->days_left);
        if (f->official < 0) all_official = 0;
        if (f->official >= 0) {
            official_sum += f->official;
            loa_sum += f->loa_at_official;
            if (f->official_day > official_day) official_day = f->official_day;
        }
    }
    struct enroll_fig *t = &out->total;
    t->name = cfg->commune;
    t->residents = res.all;
    t->target = out->target;
    fill(t, &r, -2, from_day, to_day, out->months_left, out->days_left);
    if (all_official && out->nhamlets) {
        t->official = official_sum;
        t->official_day = official_day;
        t->loa_at_official = loa_sum;
    }
    free(res.per);
    recs_free(&r);
    return 0;
}

void enroll_summary_free(struct enroll_summary *s)
{
    if (!s) return;
    free(s->hamlets);
    free(s->note);
    memset(s, 0, sizeof *s);
}

/* ---- import ---- */

struct importer {
    struct csvfile_import in;  /* file, errs, row (the spreadsheet's: the first line is 1), bad rows, ... */
    store *st;
    const struct config *cfg;
    const char *base;          /* file name without folders, for notes */
    time_t now;
    char *field[4];            /* this row's first four fields */
    int nfields;
    long recorded;
    int skip_repeated;         /* 1: rows an earlier import holds are skipped; 0: they fail the import */
    int64_t before;            /* the largest enrollment id before this import */
    long repeated;             /* rows an earlier import holds */
    uint64_t hash;             /* FNV-1a of the whole file: the key that stops the same list being imported twice */
    char *err;                 /* the import's error buffer (LOA_ERRLEN) */
};

static void imp_field(void *data, size_t len, void *ud)
{
    struct importer *im = ud;
    int idx = im->nfields++;
    if (idx >= 4) return;
    const char *s = data ? data : "";
    if (csvfile_utf8_cell(&im->in, s, len) < 0) return;
    if (idx == 0 && im->in.row == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        len -= 3;
    }
    im->field[idx] = xstrndup(s, len);
}

static void imp_row(struct importer *im)
{
    char *f[4];
    for (int i = 0; i < 4; i++) f[i] = im->field[i] ? util_trim(im->field[i]) : "";
    if (!*f[0] && !*f[1] && !*f[2]) return;   /* blank line */
    long long count;
    int numeric = util_parse_int(f[2], &count) == 0;
    if (im->in.row == 1 && !numeric) return;     /* the header */
    long day;
    const struct cfg_hamlet *h;
    if (util_parse_day(f[0], &day) < 0) {
        csvfile_bad_row(&im->in, _("date '%s' is not YYYY-MM-DD or dd/mm/yyyy"), f[0]);
        return;
    }
    if (!*f[1] || !(h = config_hamlet_named(im->cfg, f[1]))) {
        csvfile_bad_row(&im->in, _("hamlet '%s' is not one of the hamlets in %s"), f[1], im->cfg->path);
        return;
    }
    if (!numeric) {
        csvfile_bad_row(&im->in, _("count '%s' is not a whole number"), f[2]);
        return;
    }
    if (count == 0) return;                   /* a hamlet with nothing this week */
    char *note = *f[3] ? xstrdup(f[3]) : xasprintf("%s:%ld", im->base, im->in.row);
    struct enroll_new e = {.hamlet = h->code, .count = (long)count, .day = day, .kind = ENROLL_ENTRY, .source = "import",
                           .reporter = "officer", .note = note};
    char err[LOA_ERRLEN];
    const struct cfg_hamlet *hh;
    int64_t earlier = 0;
    int rep = 0;
    if (validate(im->cfg, &e, im->now, &hh, err)) csvfile_bad_row(&im->in, "%s", err);
    else if ((rep = store_enroll_imported(im->st, hh->code, e.count, e.day, im->before, &earlier)) != 1) {
        /* police lists are often cumulative: the same day, hamlet and count again is the same row */
        if (rep < 0) im->in.system_error = 1;
        else if (im->skip_repeated) im->repeated++;
        else {
            char d[16];
            im->repeated++;
            csvfile_bad_row(&im->in, _("%s %s %lld was already imported (entry %lld); --skip-repeated imports only the new rows"),
                    enroll_fmt_day(day, d, sizeof d), hh->code, count, (long long)earlier);
        }
    } else if (!im->in.bad && record(im->st, hh, &e, im->now, 0, NULL, im->err) < 0) im->in.system_error = 1;
    else im->recorded++;
    free(note);
}

static void imp_record(int c, void *ud)
{
    struct importer *im = ud;
    (void)c;
    im->in.row++;
    if (!im->in.not_utf8 && !im->in.system_error) imp_row(im);
    for (int i = 0; i < 4; i++) {
        free(im->field[i]);
        im->field[i] = NULL;
    }
    im->nfields = 0;
}

int enroll_import(store *st, const struct config *cfg, const char *file, int skip_repeated, FILE *errs, long *rows,
                  long *repeated, char *err)
{
    return enroll_import_sheet(st, cfg, file, NULL, skip_repeated, errs, rows, repeated, err);
}

/* Inside the import's transaction, before the first row. */
static int imp_start(void *ud)
{
    struct importer *im = ud;
    return store_enroll_last_id(im->st, &im->before);
}

static void key_of(const struct importer *im, char *key, size_t n)
{
    snprintf(key, n, "enroll.import.%016llx", (unsigned long long)im->hash);
}

/* After the rows: the same list imported before, or bad rows, refuse it; else its key recorded. */
static int imp_finish(void *ud, int rc)
{
    struct importer *im = ud;
    const char *file = im->in.file;
    char key[64], seen[256];
    key_of(im, key, sizeof key);
    if (!rc && !im->in.bad) {
        int s = store_setting_get(im->st, key, seen, sizeof seen);
        if (s < 0) return -1;
        if (s == 0) {
            util_err(im->err, _("%s: this very list was already imported (%s); nothing was imported, so nothing counts "
                     "twice"), file, seen);
            return 1;
        }
    }
    long bad = im->in.bad;
    if (bad && !im->err[0] && im->repeated == bad)
        util_err(im->err, ngettext("%ld row of %s was already imported; nothing was imported (--skip-repeated imports only "
                                   "the new rows)",
                                   "%ld rows of %s were already imported; nothing was imported (--skip-repeated imports only "
                                   "the new rows)", (unsigned long)im->repeated), im->repeated, file);
    else if (bad && !im->err[0])
        util_err(im->err, ngettext("%ld bad row in %s; nothing was imported", "%ld bad rows in %s; nothing was imported",
                                   (unsigned long)bad), bad, file);
    if (rc || bad) return 1;
    char when[24];
    char *val = xasprintf("%s, %s, %ld entries", util_fmt_time(im->now, when, sizeof when), im->base, im->recorded);
    int ok = store_setting_set(im->st, key, val) == 0 && store_event(im->st, "enroll.import", im->base, val) == 0;
    free(val);
    return ok ? 0 : -1;
}

int enroll_import_sheet(store *st, const struct config *cfg, const char *file, const char *sheet, int skip_repeated,
                        FILE *errs, long *rows, long *repeated, char *err)
{
    return enroll_import_copy(st, cfg, file, NULL, sheet, skip_repeated, errs, rows, repeated, err);
}

int enroll_import_copy(store *st, const struct config *cfg, const char *file, const char *path, const char *sheet,
                       int skip_repeated, FILE *errs, long *rows, long *repeated, char *err)
{
    *rows = 0;
    *repeated = 0;
    const char *slash = strrchr(file, '/');
    struct importer im = {.in = {.file = file, .path = path, .errs = errs}, .st = st, .cfg = cfg, .base = slash ? slash + 1 : file,
                          .now = util_now(), .skip_repeated = skip_repeated, .hash = 1469598103934665603ULL, .err = err};
    struct csvfile cf = {.flags = CSVFILE_APPEND_NULL, .field = imp_field, .record = imp_record, .hash = &im.hash};
    int rc = csvfile_import_run(&im.in, &cf, st, sheet, imp_start, imp_finish, err);
    for (int i = 0; i < 4; i++) free(im.field[i]);
    if (rc) return rc;
    *rows = im.recorded;
    *repeated = im.repeated;
    log_info("enrollments imported from %s: %ld entries", file, im.recorded);
    return 0;
}
