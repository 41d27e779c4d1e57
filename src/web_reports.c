/* web_reports — Báo cáo: each period's report with its state (report_list, as `loa report list` shows it), making
 * and remaking one through report_make (as `loa report … [--recompute]`), its files as the CLI wrote them, and the
 * official document to print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "enroll.h"
#include "log.h"
#include "report.h"
#include "view.h"
#include "web_int.h"

/* What a make request said wrong, by field (each a translated sentence, or NULL). */
struct make_errors {
    char *kind, *period, *confirm;
    char *kind_v, *period_v;       /* what was sent, shown again in the form */
};

static void errors_free(struct make_errors *e)
{
    free(e->kind); free(e->period); free(e->confirm); free(e->kind_v); free(e->period_v);
}

static int kind_of(const char *s)
{
    for (int k = REPORT_MONTHLY; k <= REPORT_ANNUAL; k++)
        if (!strcmp(s, report_kind_key(k))) return k;
    return -1;
}

static const char *kind_label(int kind)
{
    return kind == REPORT_MONTHLY ? _("Monthly") : kind == REPORT_HALF_YEAR ? _("6-month") : _("Annual");
}

static const char *period_shape(int kind)
{
    return kind == REPORT_MONTHLY ? "YYYY-MM" : kind == REPORT_HALF_YEAR ? _("YYYY-H1 or YYYY-H2") : "YYYY";
}

static void field_error(struct web_req *r, const char *id, const char *msg)
{
    if (!msg) return;
    web_addf(r, "<span class=\"error\" id=\"%s\">", id);
    web_esc_r(r, msg);
    web_add(r, "</span>");
}

static void hidden(struct web_req *r, const char *name, const char *value)
{
    web_addf(r, "<input type=\"hidden\" name=\"%s\" value=\"", name);
    web_esc_r(r, value);
    web_add(r, "\">");
}

static void button(struct web_req *r, const char *cls, const char *label)
{
    web_addf(r, "<button type=\"submit\" class=\"%s\">", cls);
    web_esc_r(r, label);
    web_add(r, "</button>");
}

/* The form that makes any period's report, with the errors of the last try beside its fields. */
static void make_form(struct web_req *r, const struct make_errors *e)
{
    web_add(r, "<h2>");
    web_esc_r(r, _("Make a report"));
    web_add(r, "</h2>");
    web_form_begin(r, "/reports/make", "make");
    web_add(r, "<label>");
    web_esc_r(r, _("Kind"));
    web_add(r, " <select name=\"kind\">");
    for (int k = REPORT_MONTHLY; k <= REPORT_ANNUAL; k++) {
        web_option(r, report_kind_key(k), kind_label(k), e && e->kind_v && !strcmp(e->kind_v, report_kind_key(k)));
    }
    web_add(r, "</select>");
    field_error(r, "err-kind", e ? e->kind : NULL);
    web_add(r, "</label><label>");
    web_esc_r(r, _("Period (YYYY-MM, YYYY-H1 or YYYY-H2, YYYY)"));
    web_add(r, " <input name=\"period\" required value=\"");
    web_esc_r(r, e && e->period_v ? e->period_v : "");
    web_add(r, "\">");
    field_error(r, "err-period", e ? e->period : NULL);
    web_add(r, "</label>");
    field_error(r, "err-confirm", e ? e->confirm : NULL);
    button(r, "make", _("Make the report"));
    web_form_end(r);
}

static void row_actions(struct web_req *r, const struct report_entry *e)
{
    const char *kind = report_kind_key(e->p.kind);
    if (e->ended && !e->made) {
        web_form_begin(r, "/reports/make", "inline");
        hidden(r, "kind", kind);
        hidden(r, "period", e->p.name);
        button(r, "make", _("Make"));
        web_form_end(r);
    } else if (e->made) {
        /* a remake recounts from today's data: its own form, confirmed by a box the server checks */
        web_form_begin(r, "/reports/make", "inline remake");
        hidden(r, "kind", kind);
        hidden(r, "period", e->p.name);
        hidden(r, "remake", "1");
        web_add(r, "<label><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> ");
        web_esc_r(r, _("count again from today's data (the frozen figures are replaced)"));
        web_add(r, "</label>");
        button(r, "remake", _("Remake"));
        web_form_end(r);
    }
}

static void row_files(struct web_req *r, const struct report_entry *e)
{
    if (!e->files) {
        web_add(r, "-");
        return;
    }
    static const char *const exts[] = {"csv", "xlsx", "html"};
    for (int i = 0; i < 3; i++) {
        web_add(r, "<a class=\"");
        web_esc_r(r, exts[i]);
        web_add(r, "\" href=\"/reports/");
        web_esc_r(r, e->p.name);
        web_add(r, "/bao-cao-");
        web_esc_r(r, e->p.name);
        web_add(r, ".");
        web_esc_r(r, exts[i]);
        web_add(r, "\">");
        web_esc_r(r, exts[i]);
        web_add(r, "</a> ");
    }
    web_add(r, "<a class=\"print\" href=\"/reports/");
    web_esc_r(r, e->p.name);
    web_add(r, "/print\">");
    web_esc_r(r, _("print"));
    web_add(r, "</a>");
}

/* report_list at now into *V, *N: 0, or -1 with the error answered. */
static int list_or_fail(struct web_req *r, struct report_entry **v, size_t *n)
{
    char err[LOA_ERRLEN] = "";
    if (report_list(r->st, r->cfg, util_now(), v, n, err) == 0) return 0;
    web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
    return -1;
}

/* The list (and, for the officer, the forms) answered with STATUS; E: the errors of a make request. */
static void reports_page(struct web_req *r, unsigned status, const struct make_errors *e)
{
    struct report_entry *v;
    size_t n;
    if (list_or_fail(r, &v, &n) < 0) return;
    r->status = status;
    web_page_begin(r, _("Reports"), "/reports");
    int officer = r->s.role == WEB_ROLE_OFFICER;
    if (officer) make_form(r, e);
    web_add(r, "<h2>");
    web_esc_r(r, _("Periods"));
    web_add(r, "</h2><p class=\"note\">");
    web_esc_r(r, _("A period's report can be made once the period has ended. Once made, its figures are frozen: "
                   "making it again changes nothing, and only a remake counts them again from today's data."));
    web_add(r, "</p><table id=\"reports\"><tr>");
    static const char *const heads[] = {N_("Period"), N_("State"), N_("Files"), N_("Action")};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0] - !officer; i++) web_th(r, _(heads[i]));
    web_add(r, "</tr>");
    for (size_t i = 0; i < n; i++) {
        web_add(r, "<tr data-kind=\"");
        web_esc_r(r, report_kind_key(v[i].p.kind));
        web_add(r, "\" data-period=\"");
        web_esc_r(r, v[i].p.name);
        web_add(r, "\" data-state=\"");
        web_esc_r(r, view_report_state(&v[i]));
        web_add(r, "\"><td class=\"period\">");
        web_esc_r(r, kind_label(v[i].p.kind));
        web_add(r, " ");
        web_esc_r(r, v[i].p.name);
        web_add(r, "</td><td class=\"state\">");
        web_esc_r(r, i18n_code(view_report_state(&v[i])));
        if (v[i].made) {
            char t[24];
            web_add(r, "<br><span class=\"made\">");
            web_esc_r(r, util_fmt_time(v[i].made_at, t, sizeof t));
            web_add(r, "</span>");
        }
        if (v[i].made_by) {
            web_add(r, " <span class=\"by\">");
            web_esc_r(r, v[i].made_by);
            web_add(r, "</span>");
        }
        web_add(r, "</td>");
        web_add(r, "<td class=\"files\">");
        row_files(r, &v[i]);
        web_add(r, "</td>");
        if (officer) {
            web_add(r, "<td class=\"action\">");
            row_actions(r, &v[i]);
            web_add(r, "</td>");
        }
        web_add(r, "</tr>");
    }
    web_add(r, "</table>");
    web_page_end(r);
    report_list_free(v, n);
}

void web_reports(struct web_req *r)
{
    reports_page(r, MHD_HTTP_OK, NULL);
}

/* GET /api/reports: `loa report list --json`. */
void web_api_reports(struct web_req *r)
{
    struct report_entry *v;
    size_t n;
    if (list_or_fail(r, &v, &n) < 0) return;
    json_t *j = view_reports_json(v, n);
    report_list_free(v, n);
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (s) web_add(r, s), web_add(r, "\n");
    free(s);
    r->ctype = "application/json";
    r->status = MHD_HTTP_OK;
}

/* POST /reports/make: kind, period, and for a remake remake=1 with confirm=1 — `loa report KIND --PERIOD P
 * [--recompute]`, refused for a period that has not ended, and never a second time without the remake. */
void web_reports_make(struct web_req *r)
{
    struct make_errors e = {0};
    char kind_s[32] = "", period_s[32] = "", remake_s[8] = "", confirm_s[8] = "";
    int have_kind = web_field(r, "kind", kind_s, sizeof kind_s) == 0;
    int have_period = web_field(r, "period", period_s, sizeof period_s) == 0;
    web_field(r, "remake", remake_s, sizeof remake_s);
    web_field(r, "confirm", confirm_s, sizeof confirm_s);
    e.kind_v = xstrdup(kind_s);
    e.period_v = xstrdup(period_s);
    int kind = have_kind ? kind_of(kind_s) : -1;
    int remake = !strcmp(remake_s, "1");
    struct report_period p;
    if (kind < 0) e.kind = xstrdup(_("Choose monthly, 6-month or annual."));
    else if (!have_period || !*period_s)
        e.period = xasprintf(_("Write the period as %s."), period_shape(kind));
    else if (report_period_parse(kind, period_s, &p) < 0)
        e.period = xasprintf(_("'%s' is not a period: write it as %s."), period_s, period_shape(kind));
    if (!e.kind && !e.period && remake && strcmp(confirm_s, "1"))
        e.confirm = xstrdup(_("Tick the box to confirm the remake: its figures will be counted again."));
    if (e.kind || e.period || e.confirm) {
        reports_page(r, MHD_HTTP_BAD_REQUEST, &e);
        errors_free(&e);
        return;
    }
    char err[LOA_ERRLEN] = "";
    time_t now = util_now();
    struct report_entry st;
    if (report_entry_get(r->st, r->cfg, &p, now, &st, err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/reports");
        errors_free(&e);
        return;
    }
    if (!st.ended) {
        char d[16];
        e.period = xasprintf(_("The period %s has not ended (it runs to %s): its report cannot be made yet."), p.name,
                             enroll_fmt_day(p.to_day, d, sizeof d));
        reports_page(r, MHD_HTTP_BAD_REQUEST, &e);
    } else if (st.made && !remake) {
        char t[24];
        char *msg = xasprintf(_("The report %s was made at %s and is frozen: nothing was changed. To count it again, "
                                "use Remake."), p.name, util_fmt_time(st.made_at, t, sizeof t));
        web_message(r, MHD_HTTP_CONFLICT, msg, "/reports");
        free(msg);
    } else if (report_make(r->st, r->cfg, &p, now, remake, r->s.name, NULL, NULL, err) < 0) {
        log_warn("web: report %s not made: %s", p.name, err);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/reports");
    } else {
        char ref[64];
        snprintf(ref, sizeof ref, "%s.%s", report_kind_key(kind), p.name);
        web_event(r, remake ? "web.report.remake" : "web.report.make", ref);
        web_redirect(r, "/reports");
    }
    report_entry_clear(&st);
    errors_free(&e);
}

/* The print view: the official document exactly as its HTML file holds it, inline, with a line (hidden when
 * printed) leading back; its own style is inline, so this answer's policy lets inline style in and nothing else. */
static void print_view(struct web_req *r, const char *path)
{
    char *html = util_read_text(path);
    if (!html) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), "/reports");
        return;
    }
    /* loa's icon in its head (else the browser asks for /favicon.ico), the bar after <body> */
    const char *end = strstr(html, "</head>\n"), *body = strstr(html, "<body>\n");
    size_t at_head = end ? (size_t)(end - html) : 0;
    size_t head = body && end && body > end ? (size_t)(body - html) + strlen("<body>\n") : at_head;
    sbuf_addn(&r->out, html, at_head);
    web_add(r, "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n");
    sbuf_addn(&r->out, html + at_head, head - at_head);
    web_add(r, "<style>.loa-bar{font-family:sans-serif;font-size:11pt;background:#eee;padding:.4em}"
               "@media print{.loa-bar{display:none}}</style>\n<p class=\"loa-bar\"><a href=\"/reports\">");
    web_esc_r(r, _("Back to Reports"));
    web_add(r, "</a> — ");
    web_esc_r(r, _("print it with the browser's Print (Ctrl+P): A4, as the official document"));
    web_add(r, "</p>\n");
    web_add(r, html + head);
    free(html);
    r->ctype = "text/html; charset=utf-8";
    r->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
             "frame-ancestors 'none'";
    r->status = MHD_HTTP_OK;
}

/* GET /reports/NAME/bao-cao-NAME.(csv|xlsx|html): the file the CLI wrote, as an attachment; /reports/NAME/print. */
void web_reports_file(struct web_req *r)
{
    char name[16] = "";
    const char *slash = strchr(r->sub, '/');
    size_t nl = slash ? (size_t)(slash - r->sub) : 0;
    struct report_period p;
    if (nl > 0 && nl < sizeof name) memcpy(name, r->sub, nl);
    if (!slash || !*name || report_period_any(name, &p) < 0) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), "/reports");
        return;
    }
    const char *rest = slash + 1;
    static const struct { const char *ext, *ctype; } types[] = {
        {"csv", "text/csv; charset=utf-8"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"html", "text/html; charset=utf-8"},
    };
    if (!strcmp(rest, "print")) {
        char *path = report_file(r->cfg, &p, "html");
        print_view(r, path);
        free(path);
        return;
    }
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char want[48];
        snprintf(want, sizeof want, "bao-cao-%s.%s", p.name, types[i].ext);
        if (strcmp(rest, want)) continue;
        char *path = report_file(r->cfg, &p, types[i].ext);
        struct stat sb;
        if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
            free(path);
            web_message(r, MHD_HTTP_NOT_FOUND, _("This report has not been made: no such file."), "/reports");
            return;
        }
        r->file = path;
        r->ctype = types[i].ctype;
        r->disposition = xasprintf("attachment; filename=\"%s\"", want);
        r->status = MHD_HTTP_OK;
        return;
    }
    web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), "/reports");
}
