/* web_vneid — VNeID: per hamlet this month, cumulative, target, %, the pace needed and the police's official totals
 * (view_enroll_summary, as `loa enroll summary`), the report's bar chart, the latest entries; and the forms that
 * stand for `loa enroll add|opening|official|undo|import`, each through enroll.c as the CLI calls it.
 *
 * Sections: the form's state (values and the error by field); the page; the actions. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enroll.h"
#include "i18n.h"
#include "log.h"
#include "report.h"
#include "view.h"
#include "web_int.h"

/* ---- the form's state ---- */

enum { F_NONE, F_ADD, F_OPENING, F_OFFICIAL, F_UNDO, F_IMPORT };

/* A form sent back with what was typed and what is wrong with it, field by field. */
struct vform {
    int which;                 /* F_*: the form the values and errors belong to */
    char hamlet[128], count[32], date[32], note[1024], id[32];
    const char *field;         /* "hamlet", "count", "date", "note", "id", "file" or NULL: where ERR shows */
    char err[LOA_ERRLEN];
    char *lines;               /* an import's bad rows, one a line (FILE:ROW: reason), or NULL */
};

/* ---- the page ---- */

/* A table's heading row, after its <tr>: each of NAMES[0..N) translated, but for a sign ("%", "#") or nothing. */
static void headings(struct web_req *r, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) web_th(r, names[i][0] && names[i][1] ? _(names[i]) : names[i]);
    web_add(r, "</tr>");
}

static void td_count(struct web_req *r, const char *cls, long v, int shown)
{
    char b[32];
    web_addf(r, "<td class=\"%s\">", cls);
    web_esc_r(r, shown ? enroll_fmt_count(v, b, sizeof b) : "-");
    web_add(r, "</td>");
}

static void fig_row(struct web_req *r, const struct enroll_fig *f)
{
    char b[48], d[16];
    if (f->code) {
        web_add(r, "<tr data-hamlet=\"");
        web_esc_r(r, f->code);
        web_add(r, "\"><td class=\"code\">");
        web_esc_r(r, f->code);
    } else {
        web_add(r, "<tr id=\"total\"><td class=\"code\">");
    }
    web_add(r, "</td><td class=\"name\">");
    web_esc_r(r, f->code ? f->name : _("total"));
    web_add(r, "</td>");
    td_count(r, "month", f->period, 1);
    td_count(r, "cumulative", f->cumulative, 1);
    td_count(r, "target", f->target, f->target > 0);
    /* rounded as view_enroll_summary_json rounds it (half away from zero), with a decimal comma as the report
     * writes it: "2.500" is two thousand five hundred on this page */
    snprintf(b, sizeof b, "%.1f%%", round(f->percent * 10) / 10);
    char *dot = strchr(b, '.');
    if (dot) *dot = ',';
    web_add(r, "<td class=\"percent\">");
    web_esc_r(r, f->target ? b : "-");
    web_add(r, "</td>");
    td_count(r, "per-month", f->needed_per_month, f->target > 0);
    td_count(r, "per-day", f->needed_per_day, f->target > 0);
    td_count(r, "official", f->official, f->official >= 0);
    web_add(r, "<td class=\"official-date\">");
    web_esc_r(r, f->official >= 0 ? enroll_fmt_day(f->official_day, d, sizeof d) : "-");
    web_add(r, "</td><td class=\"difference\">");
    snprintf(b, sizeof b, "%+ld", f->loa_at_official - f->official);
    web_esc_r(r, f->official >= 0 ? b : "-");
    web_add(r, "</td></tr>");
}

static void summary_table(struct web_req *r, const struct enroll_summary *s)
{
    char d1[16], d2[16];
    char *asof = xasprintf(_("As of %s (this month from %s)"), enroll_fmt_day(s->to_day, d1, sizeof d1),
                           enroll_fmt_day(s->from_day, d2, sizeof d2));
    web_add(r, "<p id=\"as-of\">");
    web_esc_r(r, asof);
    free(asof);
    web_add(r, "</p><p id=\"target\">");
    web_esc_r(r, s->note);
    if (s->target) {
        char n[32];
        char *left = xasprintf(ngettext(" %s day left.", " %s days left.", (unsigned long)s->days_left),
                               enroll_fmt_count(s->days_left, n, sizeof n));
        web_esc_r(r, left);
        free(left);
    }
    web_add(r, "</p><div class=\"scroll\"><table id=\"summary\"><tr>");
    static const char *const head[] = {N_("Hamlet"), N_("Name of the hamlet"), N_("This month"), N_("Cumulative"), N_("Target"), "%",
                                       N_("Needed per month"), N_("Needed per day"), N_("Official total"), N_("Its date"),
                                       N_("loa − official")};
    headings(r, head, sizeof head / sizeof head[0]);
    for (size_t i = 0; i < s->nhamlets; i++) fig_row(r, &s->hamlets[i]);
    fig_row(r, &s->total);
    web_add(r, "</table></div><figure id=\"chart\">");
    sbuf svg = {0};
    report_svg_bars(&svg, s);
    web_add(r, sbuf_str(&svg));
    sbuf_free(&svg);
    web_add(r, "</figure>");
}

/* The sentence under a field: the error when it is FIELD's. */
static void field_error(struct web_req *r, const struct vform *v, int which, const char *field)
{
    if (v->which != which || !v->field || strcmp(v->field, field)) return;
    web_addf(r, "<span class=\"error\" data-field=\"%s\">", field);
    web_esc_r(r, v->err);
    web_add(r, "</span>");
}

static const char *kept(const struct vform *v, int which, const char *value) { return v->which == which ? value : ""; }

static void hamlet_select(struct web_req *r, const struct vform *v, int which)
{
    web_add(r, "<label>");
    web_esc_r(r, _("Hamlet"));
    web_add(r, " <select name=\"hamlet\" required><option value=\"\">");
    web_esc_r(r, _("choose a hamlet"));   /* none chosen for her: a count never lands on the first hamlet unseen */
    web_add(r, "</option>");
    for (size_t i = 0; i < r->cfg->nhamlets; i++) {
        const struct cfg_hamlet *h = &r->cfg->hamlets[i];
        web_add(r, "<option value=\"");
        web_esc_r(r, h->code);
        web_add(r, v->which == which && !strcmp(v->hamlet, h->code) ? "\" selected>" : "\">");
        web_esc_r(r, h->code);
        web_add(r, " — ");
        web_esc_r(r, h->name);
        if (h->merged_into) {
            char *m = xasprintf(_(" (counts under %s)"), h->merged_into);
            web_esc_r(r, m);
            free(m);
        }
        web_add(r, "</option>");
    }
    web_add(r, "</select></label>");
    field_error(r, v, which, "hamlet");
}

static void input(struct web_req *r, const struct vform *v, int which, const char *label, const char *name,
                  const char *type, const char *value, int required)
{
    web_add(r, "<label>");
    web_esc_r(r, label);
    web_addf(r, " <input name=\"%s\" type=\"%s\"%s value=\"", name, type, required ? " required" : "");
    web_esc_r(r, kept(v, which, value));
    web_add(r, "\"></label>");
    field_error(r, v, which, name);
}

static void record_form(struct web_req *r, const struct vform *v, int which)
{
    static const struct { const char *id, *action, *title, *count, *button; } k[] = {
        [F_ADD] = {"add", "/vneid/add", N_("Add an entry or a correction"), N_("Count (negative for a correction)"),
                   N_("Record the entry")},
        [F_OPENING] = {"opening", "/vneid/opening", N_("Opening balance"), N_("Total"), N_("Record the opening balance")},
        [F_OFFICIAL] = {"official", "/vneid/official", N_("Official total (police)"), N_("Total"),
                        N_("Record the official total")}};
    web_add(r, "<section><h2>");
    web_esc_r(r, _(k[which].title));
    web_add(r, "</h2>");
    web_form_begin(r, k[which].action, k[which].id);
    hamlet_select(r, v, which);
    input(r, v, which, _(k[which].count), "count", "number", v->count, 1);
    input(r, v, which, which == F_ADD ? _("Date (empty: today)") : _("Date the total was counted"), "date", "date",
          v->date, which != F_ADD);
    input(r, v, which, _("Note"), "note", "text", v->note, 0);
    web_add(r, "<button type=\"submit\">");
    web_esc_r(r, _(k[which].button));
    web_add(r, "</button>");
    web_form_end(r);
    web_add(r, "</section>");
}

static void import_form(struct web_req *r, const struct vform *v)
{
    web_add(r, "<section><h2>");
    web_esc_r(r, _("Import the police's list"));
    web_add(r, "</h2><p>");
    web_esc_r(r, _("A CSV or Excel file with the columns date, hamlet, count and an optional note; all or nothing."));
    web_add(r, "</p>");
    web_form_begin_files(r, "/vneid/import", "import");
    web_add(r, "<label>");
    web_esc_r(r, _("File"));
    web_add(r, " <input name=\"file\" type=\"file\" accept=\".csv,.xlsx,.xls\" required></label>");
    field_error(r, v, F_IMPORT, "file");
    if (v->which == F_IMPORT && v->lines) {
        web_add(r, "<pre class=\"error\" id=\"import-rows\">");
        web_esc_r(r, v->lines);
        web_add(r, "</pre>");
    }
    web_add(r, "<label><input name=\"skip_repeated\" type=\"checkbox\" value=\"1\"> ");
    web_esc_r(r, _("Skip rows already imported (the police's lists are often cumulative)"));
    web_add(r, "</label><button type=\"submit\">");
    web_esc_r(r, _("Import"));
    web_add(r, "</button>");
    web_form_end(r);
    web_add(r, "</section>");
}

/* The latest entries, newest first, each entry that may still be undone with its undo button. */
#define ENTRIES_SHOWN 40

struct entries {
    struct enrollment *v;
    size_t n, cap;
};

static int entry_keep(void *ud, const struct enrollment *e)
{
    struct entries *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    struct enrollment *c = &l->v[l->n++];
    *c = *e;
    c->hamlet = xstrdup(e->hamlet);
    c->kind = xstrdup(e->kind);
    c->source = xstrdup(e->source);
    c->reporter = e->reporter ? xstrdup(e->reporter) : NULL;
    c->note = e->note ? xstrdup(e->note) : NULL;
    return 0;
}

static int undone(const struct entries *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].undoes == id) return 1;
    return 0;
}

static void entry_row(struct web_req *r, const struct entries *l, const struct enrollment *e, int officer)
{
    char b[32], d[16];
    web_addf(r, "<tr data-id=\"%lld\"><td>%lld</td><td>", (long long)e->id, (long long)e->id);
    web_esc_r(r, enroll_fmt_day(e->day, d, sizeof d));
    web_add(r, "</td><td>");
    web_esc_r(r, e->hamlet);
    web_add(r, "</td><td>");
    web_esc_r(r, i18n_code(e->kind));
    snprintf(b, sizeof b, !strcmp(e->kind, "entry") ? "%+ld" : "%ld", e->count);
    web_add(r, "</td><td class=\"count\">");
    web_esc_r(r, b);
    web_add(r, "</td><td>");
    web_esc_r(r, i18n_code(e->source));
    web_add(r, "</td><td>");
    web_esc_r(r, !e->reporter || !strcmp(e->reporter, "officer") ? _("officer") : e->reporter);
    web_add(r, "</td><td>");
    web_esc_r(r, e->note ? e->note : "");
    web_add(r, "</td><td>");
    if (!strcmp(e->kind, "entry") && !e->undoes && !undone(l, e->id)) {
        if (officer) {
            web_form_begin(r, "/vneid/undo", "inline");
            web_addf(r, "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\" class=\"undo\">",
                     (long long)e->id);
            web_esc_r(r, _("Undo"));
            web_add(r, "</button>");
            web_form_end(r);
        }
    } else if (undone(l, e->id)) {
        web_esc_r(r, _("undone"));
    }
    web_add(r, "</td></tr>");
}

static int entries_table(struct web_req *r, char *err)
{
    struct entries l = {0};
    if (store_enroll_each(r->st, entry_keep, &l) < 0) {
        free(l.v);
        return util_err(err, "%s", store_errmsg(r->st));
    }
    web_add(r, "<section><h2>");
    web_esc_r(r, _("Latest entries"));
    web_add(r, "</h2><div class=\"scroll\"><table id=\"entries\"><tr>");
    static const char *const head[] = {"#", N_("Date"), N_("Hamlet"), N_("Kind"), N_("Count"), N_("Source"),
                                       N_("Reporter"), N_("Note"), ""};
    headings(r, head, sizeof head / sizeof head[0]);
    /* newest first: store_enroll_each gives them by id */
    for (size_t i = 0; i < l.n && i < ENTRIES_SHOWN; i++) entry_row(r, &l, &l.v[l.n - 1 - i], r->s.role == WEB_ROLE_OFFICER);
    web_add(r, "</table></div>");
    if (l.n > ENTRIES_SHOWN) {
        char *more = xasprintf(ngettext("%zu older entry: `loa enroll list` lists every one.",
                                        "%zu older entries: `loa enroll list` lists every one.",
                                        (unsigned long)(l.n - ENTRIES_SHOWN)), l.n - ENTRIES_SHOWN);
        web_add(r, "<p>");
        web_esc_r(r, more);
        web_add(r, "</p>");
        free(more);
    }
    web_add(r, "</section>");
    for (size_t i = 0; i < l.n; i++) store_enrollment_clear(&l.v[i]);
    free(l.v);
    return 0;
}

/* What the last action did, from the query (?done=ID&dup=ID&imported=N&skipped=N): read back from the store. */
static void done_note(struct web_req *r)
{
    const char *q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "done");
    const char *qd = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "dup");
    const char *qi = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "imported");
    const char *qs = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "skipped");
    long long id, dup, n, skipped = 0;
    if (qi && util_parse_int(qi, &n) == 0 && n >= 0 && (!qs || util_parse_int(qs, &skipped) == 0)) {
        char *s = xasprintf(ngettext("Imported: %lld entry recorded.", "Imported: %lld entries recorded.", (unsigned long)n), n);
        web_add(r, "<p id=\"done\">");
        web_esc_r(r, s);
        free(s);
        if (skipped > 0) {
            s = xasprintf(ngettext(" %lld row already imported was skipped.", " %lld rows already imported were skipped.",
                                   (unsigned long)skipped), skipped);
            web_esc_r(r, s);
            free(s);
        }
        web_add(r, "</p>");
    }
    struct enrollment e = {0};
    if (!q || util_parse_int(q, &id) < 0 || store_enroll_get(r->st, id, &e) != 0) return;
    char d[16], n1[32];
    char *s;
    enroll_fmt_day(e.day, d, sizeof d);
    if (e.undoes) s = xasprintf(_("Entry %lld undoes entry %lld."), id, (long long)e.undoes);
    else if (!strcmp(e.kind, "entry")) s = xasprintf(_("Entry %lld recorded: %s %+ld on %s."), id, e.hamlet, e.count, d);
    else if (!strcmp(e.kind, "opening"))
        s = xasprintf(_("Entry %lld recorded: the opening balance of %s is %s on %s."), id, e.hamlet,
                      enroll_fmt_count(e.count, n1, sizeof n1), d);
    else
        s = xasprintf(_("Entry %lld recorded: the official total of %s is %s on %s."), id, e.hamlet,
                      enroll_fmt_count(e.count, n1, sizeof n1), d);
    web_add(r, "<p id=\"done\">");
    web_esc_r(r, s);
    web_add(r, "</p>");
    free(s);
    if (qd && util_parse_int(qd, &dup) == 0 && dup > 0) {
        s = xasprintf(_("Entry %lld has the same hamlet, count and date: if this one was a mistake, undo it below."), dup);
        web_add(r, "<p class=\"warn\" id=\"duplicate\">");
        web_esc_r(r, s);
        web_add(r, "</p>");
        free(s);
    }
    store_enrollment_clear(&e);
}

/* The page, with V's values and errors in their form (status 400 then). */
static void vneid_page(struct web_req *r, const struct vform *v)
{
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    if (view_enroll_summary(r->st, r->cfg, util_local_day(util_now()), &s, err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/");
        return;
    }
    if (v->which != F_NONE) r->status = MHD_HTTP_BAD_REQUEST;
    web_page_begin(r, _("VNeID"), "/vneid");
    if (v->which == F_NONE) done_note(r);
    else {
        web_add(r, "<p class=\"error\" id=\"form-error\">");
        web_esc_r(r, _("Nothing was recorded: see the form below."));
        web_add(r, "</p>");
    }
    summary_table(r, &s);
    enroll_summary_free(&s);
    if (r->s.role == WEB_ROLE_OFFICER) {
        record_form(r, v, F_ADD);
        record_form(r, v, F_OPENING);
        record_form(r, v, F_OFFICIAL);
        import_form(r, v);
    }
    if (v->which == F_UNDO) {
        web_add(r, "<p class=\"error\" id=\"undo-error\">");
        web_esc_r(r, v->err);
        web_add(r, "</p>");
    }
    if (entries_table(r, err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/");
        return;
    }
    web_page_end(r);
}

void web_vneid(struct web_req *r)
{
    struct vform v = {.which = F_NONE};
    vneid_page(r, &v);
}

/* /api/vneid: `loa enroll summary --json`, today. */
void web_api_vneid(struct web_req *r)
{
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    if (view_enroll_summary(r->st, r->cfg, util_local_day(util_now()), &s, err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    web_api_json(r, view_enroll_summary_json(&s));
    enroll_summary_free(&s);
}

/* ---- the actions ---- */

static void refuse(struct web_req *r, struct vform *v, const char *field)
{
    v->field = field;
    log_info("web: %s refused (%s): %s", r->url, field, v->err);
    vneid_page(r, v);
}

/* An enroll.c call's RC answered when it failed: bad input (1) on the page beside FIELD, a store error (-1) as a
 * 500. 1 when it failed (the answer is in R), 0 when it went through. */
static int failed(struct web_req *r, struct vform *v, int rc, const char *field)
{
    if (rc > 0) refuse(r, v, field);
    else if (rc < 0) web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, v->err, "/vneid");
    return rc != 0;
}

/* FIELD of the form into OUT (N bytes), "" when the form has none: 0; or 1 when it is longer than OUT holds (it is
 * then refused, never cut short). */
static int take(struct web_req *r, const char *field, char *out, size_t n)
{
    if (web_field(r, field, out, n) == 0) return 0;
    out[0] = '\0';
    size_t big = r->nbody + 1;
    char *whole = xmalloc(big);
    int present = web_field(r, field, whole, big) == 0;
    free(whole);
    return present;
}

static const char *bad_field(int bad)
{
    switch (bad) {
    case ENROLL_BAD_HAMLET: return "hamlet";
    case ENROLL_BAD_COUNT: return "count";
    case ENROLL_BAD_DATE: return "date";
    case ENROLL_BAD_NOTE: return "note";
    default: return "count";
    }
}

/* As `loa enroll add|opening|official HAMLET COUNT [--date D] [--note N]`. */
static void record(struct web_req *r, int which, int kind)
{
    static const char *const kinds[] = {[ENROLL_ENTRY] = "web.enroll.add", [ENROLL_OPENING] = "web.enroll.opening",
                                        [ENROLL_OFFICIAL] = "web.enroll.official"};
    struct vform v = {.which = which};
    static const char *const names[] = {"hamlet", "count", "date", "note"};
    char *outs[] = {v.hamlet, v.count, v.date, v.note};
    const size_t sizes[] = {sizeof v.hamlet, sizeof v.count, sizeof v.date, sizeof v.note};
    for (int i = 0; i < 4; i++)
        if (take(r, names[i], outs[i], sizes[i])) {
            util_err(v.err, "%s", _("Too long for this field."));
            refuse(r, &v, names[i]);
            return;
        }
    const char *hamlet = util_trim(v.hamlet), *date = util_trim(v.date), *note = util_trim(v.note);
    /* the hamlet by its code or its name as people write it, as the CLI takes it */
    const struct cfg_hamlet *named = config_hamlet_named(r->cfg, hamlet);
    if (named) hamlet = named->code;
    long long count;
    if (util_parse_int(util_trim(v.count), &count) < 0 || count > ENROLL_MAX_TOTAL || count < -ENROLL_MAX_TOTAL) {
        util_err(v.err, _("count '%s' is not a whole number"), v.count);
        refuse(r, &v, "count");
        return;
    }
    long day = util_local_day(util_now());
    if (!*date && kind != ENROLL_ENTRY) {
        util_err(v.err, "%s", _("A date is needed: the day the total was counted."));
        refuse(r, &v, "date");
        return;
    }
    if (*date && util_parse_day(date, &day) < 0) {
        util_err(v.err, _("date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)"), date);
        refuse(r, &v, "date");
        return;
    }
    struct enroll_new e = {.hamlet = hamlet, .count = (long)count, .day = day, .kind = kind, .source = "cli",
                           .reporter = "officer", .note = *note ? note : NULL};
    time_t now = util_now();
    int bad = enroll_check(r->cfg, &e, now, v.err);
    if (bad) {
        refuse(r, &v, bad_field(bad));
        return;
    }
    int64_t id = 0, dup = 0;
    if (kind == ENROLL_ENTRY && enroll_find_duplicate(r->st, r->cfg, "officer", hamlet, e.count, day, now, &dup) != 1) dup = 0;
    if (failed(r, &v, enroll_add(r->st, r->cfg, &e, now, &id, v.err), "count")) return;
    char ref[160], url[96];
    snprintf(ref, sizeof ref, "entry=%lld %s %ld", (long long)id, hamlet, e.count);
    web_event(r, kinds[kind], ref);
    if (dup) snprintf(url, sizeof url, "/vneid?done=%lld&dup=%lld", (long long)id, (long long)dup);
    else snprintf(url, sizeof url, "/vneid?done=%lld", (long long)id);
    web_redirect(r, url);
}

void web_vneid_add(struct web_req *r) { record(r, F_ADD, ENROLL_ENTRY); }
void web_vneid_opening(struct web_req *r) { record(r, F_OPENING, ENROLL_OPENING); }
void web_vneid_official(struct web_req *r) { record(r, F_OFFICIAL, ENROLL_OFFICIAL); }

/* As `loa enroll undo ID`. */
void web_vneid_undo(struct web_req *r)
{
    struct vform v = {.which = F_UNDO};
    long long id;
    take(r, "id", v.id, sizeof v.id);   /* one too long is no entry number either */
    if (util_parse_int(util_trim(v.id), &id) < 0 || id <= 0) {
        util_err(v.err, _("'%s' is not an entry number"), v.id);
        refuse(r, &v, "id");
        return;
    }
    int64_t undo_id = 0;
    if (failed(r, &v, enroll_undo(r->st, id, util_now(), &undo_id, v.err), "id")) return;
    char ref[96], url[64];
    snprintf(ref, sizeof ref, "entry=%lld undo=%lld", id, (long long)undo_id);
    web_event(r, "web.enroll.undo", ref);
    snprintf(url, sizeof url, "/vneid?done=%lld", (long long)undo_id);
    web_redirect(r, url);
}

/* As `loa enroll import FILE [--skip-repeated]`, FILE the uploaded one: all or nothing, its bad and repeated rows
 * named FILE:ROW beside the form. */
void web_vneid_import(struct web_req *r)
{
    struct vform v = {.which = F_IMPORT};
    const struct web_file *f = web_file(r, "file");
    if (!f) {
        util_err(v.err, "%s", _("Choose the file to import (CSV, .xlsx or .xls)."));
        refuse(r, &v, "file");
        return;
    }
    char skip[8] = "", path[4096], *dir = util_dirname(r->cfg->database);
    int skip_repeated = web_field(r, "skip_repeated", skip, sizeof skip) == 0 && !strcmp(skip, "1");
    int saved = web_file_save(f, dir, path, sizeof path, v.err);
    free(dir);
    if (saved < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, v.err, "/vneid");
        return;
    }
    char *lines = NULL;
    size_t nlines = 0;
    FILE *errs = open_memstream(&lines, &nlines);
    long rows = 0, repeated = 0;
    int rc = errs ? enroll_import_copy(r->st, r->cfg, f->name, path, NULL, skip_repeated, errs, &rows, &repeated, v.err) : -1;
    if (errs) fclose(errs);
    if (!errs) util_err(v.err, "%s", strerror(errno));
    unlink(path);
    v.lines = lines;
    if (rc > 0 && !v.err[0]) util_err(v.err, "%s", _("Nothing was imported."));
    if (!failed(r, &v, rc, "file")) {
        char ref[300], url[96];
        snprintf(ref, sizeof ref, "%s rows=%ld skipped=%ld", f->name, rows, repeated);
        web_event(r, "web.enroll.import", ref);
        snprintf(url, sizeof url, "/vneid?imported=%ld&skipped=%ld", rows, repeated);
        web_redirect(r, url);
    }
    free(lines);
}
