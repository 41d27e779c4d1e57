/* web_residents — Người dân: the residents, searched and filtered as `loa contacts list` filters them (view.c); one
 * number's residents with the messages sent to it and its replies; the officer's opt-out and opt-in with a note
 * (contacts_opt, as `loa contacts optout|optin`); an import from an uploaded CSV or Excel file (contacts_import_with,
 * as `loa contacts import`): checked first as a dry run and its summary shown, then imported when she confirms.
 *
 * Between the check and the confirmation the file waits in the database's folder as .import-HASH, HASH the hash of
 * the session's CSRF token and a random id the confirm form carries: only the session that uploaded it can name it,
 * and a file no session will confirm is removed by the next check after WEB_IDLE_SECONDS. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "contacts.h"
#include "i18n.h"
#include "log.h"
#include "phone.h"
#include "view.h"
#include "web_int.h"

#define SHOWN_MAX 500              /* rows of the list on one page: past that, she narrows the filter */
#define NOTE_MAX 500

static int is_officer(const struct web_req *r) { return r->s.role == WEB_ROLE_OFFICER; }

static const char *arg(struct web_req *r, const char *name)
{
    const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

/* <h2>HEADING</h2> (when not NULL) and <table id=ID> with its header row: HEADS, NULL-terminated, translated. */
static void table_begin(struct web_req *r, const char *heading, const char *id, const char *const *heads)
{
    if (heading) {
        web_add(r, "<h2>");
        web_esc_r(r, heading);
        web_add(r, "</h2>");
    }
    web_add(r, "<table id=\"");
    web_esc_r(r, id);
    web_add(r, "\"><tr>");
    for (; *heads; heads++) {
        web_add(r, "<th>");
        web_esc_r(r, *heads);
        web_add(r, "</th>");
    }
    web_add(r, "</tr>");
}

static void td(struct web_req *r, const char *cls, const char *value)
{
    web_add(r, "<td class=\"");
    web_esc_r(r, cls);
    web_add(r, "\">");
    web_esc_r(r, value ? value : "");
    web_add(r, "</td>");
}

/* An error beside a field: <p class="error" id="error-FIELD">. */
static void field_error(struct web_req *r, const char *field, const char *msg)
{
    if (!msg) return;
    web_add(r, "<p class=\"error\" id=\"error-");
    web_esc_r(r, field);
    web_add(r, "\">");
    web_esc_r(r, msg);
    web_add(r, "</p>");
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* FIELD of the form (NULL when absent), as long as a form may be, trimmed; the caller frees. */
static char *long_field(struct web_req *r, const char *field)
{
    char *v = xmalloc(16 * 1024 + 1);
    if (web_field(r, field, v, 16 * 1024 + 1) < 0) {
        free(v);
        return NULL;
    }
    char *t = xstrdup(util_trim(v));
    free(v);
    return t;
}

/* Who opted a number out (struct optout's source), in her words. */
static const char *source_label(const char *source)
{
    if (!source || !strcmp(source, "sms")) return _("by SMS");
    if (!strcmp(source, "officer")) return _("by the officer");
    if (!strcmp(source, "import")) return _("from an imported list");
    return source;
}

static const char *vneid_label(int v)
{
    return i18n_code(store_vneid_name(v));
}

/* ---- the filter ---- */

struct filter_form {
    struct view_contacts_filter f;
    const char *hamlet_in, *vneid_in;
    const char *err_field, *err;   /* the first field in error and why */
    char msg[256];
};

/* The query's filter into F: 0, or -1 with the field in error said. */
static int filter_parse(struct web_req *r, struct filter_form *ff)
{
    *ff = (struct filter_form){.f = {.vneid = -1}};
    ff->hamlet_in = arg(r, "hamlet");
    ff->vneid_in = arg(r, "vneid");
    ff->f.tag = arg(r, "tag");
    ff->f.search = arg(r, "q");
    ff->f.opted_out = arg(r, "opted_out") != NULL;
    if (ff->hamlet_in && view_contacts_hamlet(r->cfg, ff->hamlet_in, &ff->f.hamlet) < 0) {
        snprintf(ff->msg, sizeof ff->msg, _("'%s' is not a hamlet of this commune."), ff->hamlet_in);
        ff->err_field = "hamlet";
    } else if (ff->vneid_in && (ff->f.vneid = contacts_vneid_parse(ff->vneid_in)) < 0) {
        snprintf(ff->msg, sizeof ff->msg, _("'%s' is not a VNeID status."), ff->vneid_in);
        ff->err_field = "vneid";
    } else if (ff->f.tag && strlen(ff->f.tag) > 100) {
        snprintf(ff->msg, sizeof ff->msg, "%s", _("A tag is at most 100 characters."));
        ff->err_field = "tag";
    } else if (ff->f.search && strlen(ff->f.search) > 100) {
        snprintf(ff->msg, sizeof ff->msg, "%s", _("Search for at most 100 characters."));
        ff->err_field = "q";
    }
    if (!ff->err_field) return 0;
    ff->err = ff->msg;
    ff->f = (struct view_contacts_filter){.vneid = -1};
    return -1;
}

static void text_input(struct web_req *r, const char *name, const char *label, const char *value)
{
    web_add(r, "<label>");
    web_esc_r(r, label);
    web_add(r, " <input type=\"text\" name=\"");
    web_esc_r(r, name);
    web_add(r, "\" maxlength=\"100\" value=\"");
    web_esc_r(r, value ? value : "");
    web_add(r, "\"></label>");
}

static void filter_html(struct web_req *r, const struct filter_form *ff)
{
    web_add(r, "<form method=\"get\" action=\"/residents\" id=\"filter\">");
    text_input(r, "q", _("Name or phone"), ff->f.search);
    web_add(r, "<label>");
    web_esc_r(r, _("Hamlet"));
    web_add(r, " <select name=\"hamlet\">");
    web_option(r, "", _("all"), !ff->hamlet_in);
    for (size_t i = 0; i < r->cfg->nhamlets; i++) {
        const struct cfg_hamlet *h = &r->cfg->hamlets[i];
        if (h->merged_into) continue;
        web_option(r, h->code, h->name, ff->f.hamlet && !strcmp(ff->f.hamlet, h->code));
    }
    web_add(r, "</select></label>");
    text_input(r, "tag", _("Tag"), ff->f.tag);
    web_add(r, "<label>VNeID <select name=\"vneid\">");
    web_option(r, "", _("all"), ff->f.vneid < 0);
    static const int statuses[] = {VNEID_ACTIVATED, VNEID_NOT_ACTIVATED, VNEID_UNKNOWN};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        web_option(r, store_vneid_name(statuses[i]), vneid_label(statuses[i]), ff->f.vneid == statuses[i]);
    web_add(r, "</select></label><label><input type=\"checkbox\" name=\"opted_out\" value=\"1\"");
    if (ff->f.opted_out) web_add(r, " checked");
    web_add(r, "> ");
    web_esc_r(r, _("opted out only"));
    web_add(r, "</label><button type=\"submit\">");
    web_esc_r(r, _("Show"));
    web_add(r, "</button>");
    if (ff->err_field) field_error(r, ff->err_field, ff->err);
    web_add(r, "</form>");
}

/* ---- the list ---- */

struct list_ctx {
    struct web_req *r;
    long n;
};

static void phone_link(struct web_req *r, const char *phone)
{
    web_add(r, "<a href=\"/residents/");
    web_esc_r(r, phone);
    web_add(r, "\">");
    web_esc_r(r, phone);
    web_add(r, "</a>");
}

/* A resident's name, hamlet (its name), household, tags and VNeID status as cells. */
static void person_cells(struct web_req *r, const struct contact *k)
{
    td(r, "name", k->name);
    const struct cfg_hamlet *h = k->hamlet ? config_hamlet_named(r->cfg, k->hamlet) : NULL;
    td(r, "hamlet", h ? h->name : k->hamlet);
    td(r, "household", k->household);
    td(r, "tags", k->tags);
    td(r, "vneid", vneid_label(k->vneid));
}

static int list_one(void *ud, const struct contact *k)
{
    struct list_ctx *l = ud;
    struct web_req *r = l->r;
    if (l->n++ >= SHOWN_MAX) return 0;   /* counted, not shown */
    char t[24];
    web_add(r, "<tr data-phone=\"");
    web_esc_r(r, k->phone);
    web_add(r, "\"><td class=\"phone\">");
    phone_link(r, k->phone);
    web_add(r, "</td>");
    person_cells(r, k);
    td(r, "optout", k->opted_out ? util_fmt_time(k->opted_out, t, sizeof t) : "");
    web_add(r, "</tr>");
    return 0;
}

static void import_form(struct web_req *r, const char *err_field, const char *err)
{
    web_add(r, "<h2>");
    web_esc_r(r, _("Import residents"));
    web_add(r, "</h2><p>");
    web_esc_r(r, _("A CSV file (UTF-8) or an Excel file (.xlsx, .xls) with a header row, as for loa contacts import. "
                   "It is checked first: nothing is imported until you confirm."));
    web_add(r, "</p>");
    web_form_begin_files(r, "/residents/import", "import");
    web_add(r, "<label>");
    web_esc_r(r, _("File"));
    web_add(r, " <input type=\"file\" name=\"file\" accept=\".csv,.xlsx,.xls\" required></label>");
    if (err_field && !strcmp(err_field, "file")) field_error(r, "file", err);
    web_add(r, "<label>");
    web_esc_r(r, _("Sheet (Excel; empty: the first)"));
    web_add(r, " <input type=\"text\" name=\"sheet\" maxlength=\"100\"></label>");
    if (err_field && !strcmp(err_field, "sheet")) field_error(r, "sheet", err);
    web_add(r, "<label><input type=\"checkbox\" name=\"skip_invalid\" value=\"1\"> ");
    web_esc_r(r, _("leave out the invalid rows and import the others"));
    web_add(r, "</label><button type=\"submit\" id=\"check\">");
    web_esc_r(r, _("Check the file"));
    web_add(r, "</button>");
    web_form_end(r);
}

/* The list page; an import form's error (ERR_FIELD, ERR) shown beside its field, answered with 400. */
static void list_page(struct web_req *r, const char *err_field, const char *err)
{
    struct filter_form ff;
    int bad = filter_parse(r, &ff) < 0 || err_field;
    if (bad) r->status = MHD_HTTP_BAD_REQUEST;
    web_page_begin(r, _("Residents"), "/residents");
    filter_html(r, &ff);
    table_begin(r, NULL, "residents",
                (const char *[]){_("Phone"), _("Full name"), _("Hamlet"), _("Household"), _("Tags"), "VNeID", _("Opted out"), NULL});
    struct list_ctx l = {.r = r};
    int rc = ff.err_field ? 0 : view_contacts_each(r->st, &ff.f, list_one, &l);
    web_add(r, "</table>");
    if (rc < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), NULL);
        return;
    }
    web_add(r, "<p id=\"count\">");
    char *s = xasprintf(ngettext("%ld resident", "%ld residents", (unsigned long)l.n), l.n);
    web_esc_r(r, s);
    free(s);
    if (l.n > SHOWN_MAX) {
        s = xasprintf(_(" (the first %d shown: narrow the search)"), SHOWN_MAX);
        web_esc_r(r, s);
        free(s);
    }
    web_add(r, "</p>");
    if (is_officer(r)) import_form(r, err_field, err);
    web_page_end(r);
}

void web_residents(struct web_req *r) { list_page(r, NULL, NULL); }

static int json_one(void *ud, const struct contact *k)
{
    json_array_append_new(ud, view_contact_json(k));
    return 0;
}

/* The JSON of `loa contacts list --json` with the same filters (hamlet, tag, vneid, opted_out, q as --search). */
void web_api_residents(struct web_req *r)
{
    struct filter_form ff;
    if (filter_parse(r, &ff) < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, ff.err, NULL);
        return;
    }
    json_t *a = json_array();
    if (view_contacts_each(r->st, &ff.f, json_one, a) < 0) {
        json_decref(a);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), NULL);
        return;
    }
    web_api_json(r, a);
}

/* ---- one number: its residents, messages and replies ---- */

struct number_ctx {
    struct web_req *r;
    int n;
};

static int resident_one(void *ud, const struct contact *k)
{
    struct number_ctx *x = ud;
    struct web_req *r = x->r;
    x->n++;
    web_add(r, "<tr>");
    person_cells(r, k);
    web_add(r, "</tr>");
    return 0;
}

static int sent_one(void *ud, const struct outbox_row *m)
{
    struct number_ctx *x = ud;
    struct web_req *r = x->r;
    char t[24];
    x->n++;
    web_addf(r, "<tr id=\"o%lld\">", (long long)m->id);
    td(r, "time", util_fmt_time(m->sent_at ? m->sent_at : m->created, t, sizeof t));
    td(r, "campaign", m->campaign ? m->campaign : "-");
    td(r, "state", i18n_code(store_outbox_state_name(m->state)));
    td(r, "text", m->text);
    web_add(r, "</tr>");
    return 0;
}

static int reply_one(void *ud, const struct inbox_row *m)
{
    struct number_ctx *x = ud;
    struct web_req *r = x->r;
    char t[24];
    x->n++;
    web_addf(r, "<tr id=\"m%lld\">", (long long)m->id);
    td(r, "time", util_fmt_time(m->received, t, sizeof t));
    td(r, "text", m->text);
    td(r, "result", m->result ? m->result : m->action ? m->action : "");
    web_add(r, "</tr>");
    return 0;
}

static void none_if(struct web_req *r, int n)
{
    if (n) return;
    web_add(r, "<p class=\"none\">");
    web_esc_r(r, _("None."));
    web_add(r, "</p>");
}

/* The opt-out or opt-in form of PHONE, the note's error (ERR) beside it. */
static void opt_form(struct web_req *r, const char *phone, int opted_out, const char *err)
{
    web_form_begin(r, opted_out ? "/residents/optin" : "/residents/optout", "opt");
    web_add(r, "<input type=\"hidden\" name=\"phone\" value=\"");
    web_esc_r(r, phone);
    web_add(r, "\"><label>");
    web_esc_r(r, opted_out ? _("Why it is lifted (required)") : _("Note"));
    web_addf(r, " <input type=\"text\" name=\"note\" maxlength=\"%d\"%s></label>", NOTE_MAX, opted_out ? " required" : "");
    field_error(r, "note", err);
    web_add(r, opted_out ? "<button type=\"submit\" id=\"optin\">" : "<button type=\"submit\" id=\"optout\">");
    web_esc_r(r, opted_out ? _("Opt in again") : _("Opt out"));
    web_add(r, "</button>");
    web_form_end(r);
}

/* PHONE's page (STATUS; a form's ERR shown by its note field). 0, or -1 when no resident has PHONE (404 said). */
static int number_page(struct web_req *r, const char *phone, unsigned status, const char *err)
{
    struct optout oo;
    int orc = store_optout_get(r->st, phone, &oo);
    if (orc < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), "/residents");
        return 0;
    }
    sbuf_reset(&r->out);
    r->status = status;
    web_page_begin(r, phone, "/residents");
    table_begin(r, NULL, "people", (const char *[]){_("Full name"), _("Hamlet"), _("Household"), _("Tags"), "VNeID", NULL});
    struct number_ctx x = {.r = r};
    int rc = store_contacts_on(r->st, phone, resident_one, &x);
    web_add(r, "</table>");
    if (rc == 0 && !x.n) {
        store_optout_clear(&oo);
        web_message(r, MHD_HTTP_NOT_FOUND, _("No resident has this number."), "/residents");
        return -1;
    }
    char t[24];
    web_add(r, "<p id=\"optout\">");
    if (orc == 0 && oo.since) {
        char *s = xasprintf(_("Opted out since %s (%s%s%s)."), util_fmt_time(oo.since, t, sizeof t),
                            source_label(oo.source), oo.note ? ": " : "", oo.note ? oo.note : "");
        web_esc_r(r, s);
        free(s);
    } else {
        web_esc_r(r, _("Receives SMS."));
    }
    web_add(r, "</p>");
    if (is_officer(r)) opt_form(r, phone, orc == 0 && oo.since, err);
    store_optout_clear(&oo);
    table_begin(r, _("Messages sent"), "sent", (const char *[]){_("Time"), _("Campaign"), _("State"), _("Message"), NULL});
    x.n = 0;
    if (rc == 0) rc = store_outbox_of_phone(r->st, phone, 100, sent_one, &x);
    web_add(r, "</table>");
    none_if(r, x.n);
    table_begin(r, _("Replies"), "replies", (const char *[]){_("Received"), _("Message"), _("What loa did"), NULL});
    x.n = 0;
    if (rc == 0) rc = store_inbox_of_phone(r->st, phone, 100, reply_one, &x);
    web_add(r, "</table>");
    none_if(r, x.n);
    if (rc < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), "/residents");
        return 0;
    }
    web_page_end(r);
    return 0;
}

void web_resident(struct web_req *r)
{
    char phone[32], perr[LOA_ERRLEN];
    if (strlen(r->sub) > 20 || phone_normalize(r->sub, phone, perr) < 0) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("No resident has this number."), "/residents");
        return;
    }
    number_page(r, phone, MHD_HTTP_OK, NULL);
}

/* POST /residents/optout and /residents/optin (phone, note): as `loa contacts optout|optin PHONE --note NOTE`. */
void web_resident_opt(struct web_req *r)
{
    int out = !strcmp(r->url, "/residents/optout");
    char phone_in[64], phone[32], perr[LOA_ERRLEN];
    if (web_field(r, "phone", phone_in, sizeof phone_in) < 0 || phone_normalize(phone_in, phone, perr) < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("No resident has this number."), "/residents");
        return;
    }
    char *note = long_field(r, "note");
    const char *why = NULL;
    if (note && utf8_chars(note) > NOTE_MAX) why = _("The note is at most 500 characters.");
    else if (!out && (!note || !*note)) why = _("Write why the opt-out is lifted (the resident's own request).");
    if (why) {
        number_page(r, phone, MHD_HTTP_BAD_REQUEST, why);
        free(note);
        return;
    }
    int rc = contacts_opt(r->st, phone, out, note && *note ? note : NULL, util_now());
    free(note);
    char *back = xasprintf("/residents/%s", phone);
    if (rc < 0) web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), back);
    else if (rc > 0)
        web_message(r, MHD_HTTP_CONFLICT, out ? _("This number was already opted out: nothing changed.")
                                              : _("This number was not opted out: nothing changed."), back);
    else {
        web_event(r, out ? "web.contacts.optout" : "web.contacts.optin", phone);
        web_redirect(r, back);
    }
    free(back);
}

/* ---- import: check (a dry run), then confirm ---- */

/* Where the file checked under ID waits for this session's confirmation: DIR/.import-HASH (PATH, N bytes). */
static void waiting_path(struct web_req *r, const char *dir, const char *id, char *path, size_t n)
{
    char *key = xasprintf("%s:%s", r->csrf, id);
    char hash[WEB_TOKEN_HEX];
    web_token_hash(key, hash);
    free(key);
    snprintf(path, n, "%s/.import-%s", dir, hash);
}

/* Files no session confirmed within a session's idle limit (files' times are the system's, not loa's clock). */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, ".import-", 8) && strncmp(e->d_name, ".upload-", 8)) continue;
        char *p = xasprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        if (!lstat(p, &sb) && S_ISREG(sb.st_mode) && now - sb.st_mtime > WEB_IDLE_SECONDS && unlink(p) == 0)
            log_info("web: removed an import no one confirmed: %s", p);
        free(p);
    }
    closedir(d);
}

/* A name the officer's file had, as sent back by the confirm form: a plain name (shown, never opened). */
static int name_ok(const char *s)
{
    return *s && strlen(s) <= 200 && !strchr(s, '/') && !strchr(s, '\\');
}

struct import_form {
    char name[256];                /* the file's name on her computer */
    char sheet[512];               /* "" the first */
    int skip_invalid;
};

/* The sheet and the choice to leave out bad rows: 0, or -1 with the sheet's error in *ERR. */
static int import_options(struct web_req *r, struct import_form *f, const char **err)
{
    char skip[8];
    f->skip_invalid = web_field(r, "skip_invalid", skip, sizeof skip) == 0 && !strcmp(skip, "1");
    char *sheet = long_field(r, "sheet");
    int rc = 0;
    if (sheet && utf8_chars(sheet) > 100) {
        *err = _("A sheet's name is at most 100 characters.");
        rc = -1;
    } else {
        snprintf(f->sheet, sizeof f->sheet, "%s", sheet ? sheet : "");
    }
    free(sheet);
    return rc;
}

/* Run the import of PATH (named NAME) as F says, dry or not; the summary and every message written to R. Returns
 * contacts_import_with's result. */
static int import_run(struct web_req *r, const char *path, const struct import_form *f, int dry,
                      struct contacts_import_result *res)
{
    char *msgs = NULL;
    size_t nmsgs = 0;
    FILE *errs = open_memstream(&msgs, &nmsgs);
    if (!errs) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, strerror(errno), "/residents");
        return -1;
    }
    struct contacts_import_how how = {.file = f->name, .path = path, .sheet = f->sheet[0] ? f->sheet : NULL,
                                      .skip_invalid = f->skip_invalid, .dry_run = dry};
    char err[LOA_ERRLEN] = "";
    int rc = contacts_import_with(r->st, r->cfg, &how, errs, res, err);
    fclose(errs);
    if (rc < 0) {
        log_warn("web: import of %s: %s", f->name, err);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/residents");
        free(msgs);
        return -1;
    }
    r->status = rc ? MHD_HTTP_UNPROCESSABLE_CONTENT : MHD_HTTP_OK;
    web_page_begin(r, dry ? _("Check the file") : _("Imported"), "/residents");
    web_add(r, "<p id=\"file\">");
    web_esc_r(r, f->name);
    web_add(r, "</p>");
    if (rc) {
        web_add(r, "<p id=\"refused\" class=\"error\">");
        if (err[0]) web_esc_r(r, err);
        else if (res->invalid) {
            char *s = xasprintf(_("%ld of %ld rows are invalid: nothing was imported. Correct them in the file and upload "
                                  "it again, or leave them out."), res->invalid, res->rows);
            web_esc_r(r, s);
            free(s);
        } else web_esc_r(r, _("The file cannot be imported: nothing was imported."));
        web_add(r, "</p>");
    } else {
        web_add(r, "<table id=\"summary\">");
        static const char *const labels[] = {N_("Rows"), N_("New"), N_("Updated"), N_("Left out (invalid)"),
                                             N_("Without a hamlet")};
        long values[] = {res->rows, res->inserted, res->updated, res->invalid, res->no_hamlet};
        static const char *const ids[] = {"rows", "new", "updated", "skipped", "no-hamlet"};
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
            web_add(r, "<tr id=\"");
            web_add(r, ids[i]);
            web_add(r, "\"><th>");
            web_esc_r(r, _(labels[i]));
            web_addf(r, "</th><td>%ld</td></tr>", values[i]);
        }
        web_add(r, "<tr id=\"unused\"><th>");
        web_esc_r(r, _("Columns not used"));
        web_add(r, "</th><td>");
        web_esc_r(r, res->unused ? res->unused_names : "-");
        web_add(r, "</td></tr></table>");
    }
    /* every line `loa contacts import` writes on stderr, FILE:ROW first */
    web_add(r, "<ul id=\"errors\">");
    for (char *line = msgs, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        web_add(r, "<li>");
        web_esc_r(r, line);
        web_add(r, "</li>");
    }
    web_add(r, "</ul>");
    free(msgs);
    return rc;
}

/* POST /residents/import (file, sheet, skip_invalid): the file checked as `loa contacts import` would import it,
 * nothing changed; when it would import, kept for the confirmation and a confirm button shown. */
void web_residents_import(struct web_req *r)
{
    const struct web_file *file = web_file(r, "file");
    if (!file) {
        list_page(r, "file", _("Choose the file to import."));
        return;
    }
    struct import_form f = {0};
    const char *oerr;
    if (import_options(r, &f, &oerr) < 0) {
        list_page(r, "sheet", oerr);
        return;
    }
    snprintf(f.name, sizeof f.name, "%s", file->name);
    char *dir = util_dirname(r->cfg->database);
    remove_stale(dir);
    char tmp[4096], err[LOA_ERRLEN];
    if (web_file_save(file, dir, tmp, sizeof tmp, err) < 0) {
        log_warn("web: upload not saved: %s", err);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/residents");
        free(dir);
        return;
    }
    struct contacts_import_result res;
    int rc = import_run(r, tmp, &f, 1, &res);
    char id[WEB_TOKEN_HEX], path[4096];
    web_token_new(id);
    waiting_path(r, dir, id, path, sizeof path);
    free(dir);
    if (rc != 0) {
        unlink(tmp);
        if (rc > 0) web_page_end(r);
        return;
    }
    if (rename(tmp, path) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, strerror(errno), "/residents");
        unlink(tmp);
        return;
    }
    web_form_begin(r, "/residents/confirm", "confirm");
    web_add(r, "<input type=\"hidden\" name=\"id\" value=\"");
    web_esc_r(r, id);
    web_add(r, "\"><input type=\"hidden\" name=\"name\" value=\"");
    web_esc_r(r, f.name);
    web_add(r, "\"><input type=\"hidden\" name=\"sheet\" value=\"");
    web_esc_r(r, f.sheet);
    web_addf(r, "\"><input type=\"hidden\" name=\"skip_invalid\" value=\"%d\"><button type=\"submit\" id=\"import\">",
             f.skip_invalid);
    char *s = xasprintf(ngettext("Import %ld resident", "Import %ld residents", (unsigned long)(res.inserted + res.updated)),
                        res.inserted + res.updated);
    web_esc_r(r, s);
    free(s);
    web_add(r, "</button>");
    web_form_end(r);
    web_add(r, "<p><a href=\"/residents\">");
    web_esc_r(r, _("Cancel"));
    web_add(r, "</a></p>");
    web_page_end(r);
}

/* POST /residents/confirm (id, name, sheet, skip_invalid): the file this session checked, imported. */
void web_residents_confirm(struct web_req *r)
{
    char id[WEB_TOKEN_HEX + 8];
    struct import_form f = {0};
    const char *oerr;
    if (web_field(r, "id", id, sizeof id) < 0 || strlen(id) != WEB_TOKEN_HEX - 1 || strspn(id, "0123456789abcdef") != strlen(id) ||
        web_field(r, "name", f.name, sizeof f.name) < 0 || !name_ok(f.name) || import_options(r, &f, &oerr) < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("This confirmation is not one this page made: check the file again."),
                    "/residents");
        return;
    }
    char *dir = util_dirname(r->cfg->database);
    char path[4096];
    waiting_path(r, dir, id, path, sizeof path);
    free(dir);
    if (access(path, F_OK) < 0) {
        web_message(r, MHD_HTTP_GONE, _("The checked file is no longer kept (imported already, or checked too long ago): "
                                        "upload it again."), "/residents");
        return;
    }
    struct contacts_import_result res;
    int rc = import_run(r, path, &f, 0, &res);
    if (rc == 0) {
        char *ref = xasprintf("%s: %ld new, %ld updated", f.name, res.inserted, res.updated);
        web_event(r, "web.contacts.import", ref);
        free(ref);
    }
    unlink(path);
    if (rc >= 0) {
        web_add(r, "<p><a href=\"/residents\">");
        web_esc_r(r, _("Back"));
        web_add(r, "</a></p>");
        web_page_end(r);
    }
}
