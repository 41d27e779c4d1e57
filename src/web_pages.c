/* web_pages — the page's pages: login, Tổng quan (overview, pause and resume), Hộp thư (inbox), /api. Each
 * asks view.c for the struct the CLI prints and formats it; every value goes through web_esc. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio.h"
#include "broadcast.h"
#include "tts.h"
#include "i18n.h"
#include "note.h"
#include "outbox.h"
#include "replies.h"
#include "view.h"
#include "web_int.h"

const char web_css[] =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f3;line-height:1.4}"
    "header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;background:#7a1f1f;color:#fff;padding:.4em .8em}"
    "header nav{display:flex;flex-wrap:wrap;gap:.2em;flex:1}"
    "header a{color:#fff;text-decoration:none;padding:.4em .6em;border-radius:4px}"
    "header a.here{background:#a83a3a}header form{margin:0}"
    "main{max-width:60em;margin:0 auto;padding:.8em}h1{font-size:1.4em}"
    "table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
    ".warn{background:#fff3cd;border:1px solid #e0b000;padding:.5em}.paused{background:#f8d7da;border:1px solid #c00;padding:.5em}"
    ".error{color:#a00}button{font-size:1em;padding:.4em .9em}input,textarea,select{font-size:1em;max-width:100%}"
    "form.inline{display:inline}.msg{white-space:pre-wrap;overflow-wrap:anywhere}"
    "figure{margin:1em 0}figure svg{max-width:100%;height:auto}.scroll{overflow-x:auto}"   /* VNeID: chart, wide tables */
    "label{display:block;margin:.4em 0}"
    "form.compose textarea,form.compose input[type=text]{width:100%;box-sizing:border-box}label.tick{display:inline-block;margin-right:1em}"
    "fieldset{border:1px solid #ccc;margin:.5em 0}.count{color:#555}\n";

/* The one script: the overview's queue counts kept fresh from /api/status. The page works without it. */
const char web_js[] =
    "// loa: the overview's queue counts, refreshed every 15 s from /api/status (every action works without this)\n"
    "(function () {\n"
    "  var q = document.getElementById('queue');\n"
    "  if (!q || !window.fetch) return;\n"
    "  function tick() {\n"
    "    fetch('/api/status', {credentials: 'same-origin'})\n"
    "      .then(function (r) { return r.ok ? r.json() : null; })\n"
    "      .then(function (j) {\n"
    "        if (!j || !j.queue) return;\n"
    "        Object.keys(j.queue).forEach(function (k) {\n"
    "          var td = q.querySelector('tr[data-state=\"' + k + '\"] td.n');\n"
    "          if (td) td.textContent = String(j.queue[k]);\n"
    "        });\n"
    "      })\n"
    "      .catch(function () {});\n"
    "  }\n"
    "  setInterval(tick, 15000);\n"
    "})();\n"
    "// loa: Soạn chiến dịch, the SMS text's characters, parts and cost as it is typed, counted by the server\n"
    "// (/compose/count: the count `loa sms count` makes), never in the browser (the form works without this)\n"
    "(function () {\n"
    "  var t = document.getElementById('sms_text'), out = document.getElementById('sms-count');\n"
    "  var d = document.getElementById('diacritics');\n"
    "  if (!t || !out || !window.fetch) return;\n"
    "  var timer = null, asked = 0;\n"
    "  function count() {\n"
    "    var n = ++asked;\n"
    "    var q = '/compose/count?diacritics=' + (d && d.checked ? '1' : '0') + '&text=' + encodeURIComponent(t.value);\n"
    "    fetch(q, {credentials: 'same-origin'})\n"
    "      .then(function (r) { return r.ok ? r.json() : null; })\n"
    "      .then(function (j) {\n"
    "        if (!j || n !== asked) return;\n"
    "        out.textContent = j.said || j.error || '';\n"
    "        out.setAttribute('data-parts', String(j.parts));\n"
    "        out.setAttribute('data-chars', String(j.chars));\n"
    "      })\n"
    "      .catch(function () {});\n"
    "  }\n"
    "  function later() { if (timer) clearTimeout(timer); timer = setTimeout(count, 250); }\n"
    "  t.addEventListener('input', later);\n"
    "  if (d) d.addEventListener('change', count);\n"
    "  count();\n"
    "})();\n";

static int is_officer(const struct web_req *r) { return r->s.role == WEB_ROLE_OFFICER; }

/* ---- login ---- */

void web_login_page(struct web_req *r, const char *error)
{
    web_page_begin(r, _("Log in"), NULL);
    if (error) {
        web_add(r, "<p class=\"error\" id=\"error\">");
        web_esc_r(r, error);
        web_add(r, "</p>");
    }
    web_add(r, "<form method=\"post\" action=\"/login\" id=\"login\"><label>");
    web_esc_r(r, _("Name"));
    web_add(r, " <input name=\"user\" autocomplete=\"username\" required></label><label>");
    web_esc_r(r, _("Password"));
    web_add(r, " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label><button type=\"submit\">");
    web_esc_r(r, _("Log in"));
    web_add(r, "</button></form>");
    web_page_end(r);
}

/* ---- Tổng quan ---- */

static const char *const state_labels[OB__N] = {
    [OB_QUEUED] = N_("queued"), [OB_SENDING] = N_("sending"), [OB_SENT] = N_("sent"), [OB_DELIVERED] = N_("delivered"),
    [OB_FAILED] = N_("failed"), [OB_UNKNOWN] = N_("unknown"), [OB_CANCELLED] = N_("cancelled"), [OB_HELD] = N_("held"),
};

static void overview_modems(struct web_req *r, const struct view_status *v)
{
    web_add(r, "<h2>");
    web_esc_r(r, _("Modems"));
    web_add(r, "</h2><table id=\"modems\"><tr><th>");
    web_esc_r(r, _("Modem"));
    web_add(r, "</th><th>");
    web_esc_r(r, _("State"));
    web_add(r, "</th><th>");
    web_esc_r(r, _("Balance"));
    web_add(r, "</th><th>");
    web_esc_r(r, _("Last error"));
    web_add(r, "</th></tr>");
    for (size_t i = 0; i < v->nmodems; i++) {
        const struct modem_status *m = &v->modems[i].m;
        web_add(r, "<tr><td>");
        web_esc_r(r, m->name);
        web_add(r, "</td><td>");
        web_esc_r(r, m->state ? m->state : "?");
        web_add(r, "</td><td>");
        web_esc_r(r, m->balance ? m->balance : "");
        web_add(r, "</td><td>");
        char why[1024];
        web_esc_r(r, m->last_error ? note_text(m->last_error, why, sizeof why) : "");
        web_add(r, "</td></tr>");
    }
    web_add(r, "</table>");
    for (size_t i = 0; i < v->nmodems; i++)
        if (v->modems[i].collapsed) {
            char *s = xasprintf(_("Modem %s: only %d of its last %d sends were delivered: the SIM may be blocked or out of credit."),
                                v->modems[i].m.name, v->modems[i].delivered, v->modems[i].sent);
            web_add(r, "<p class=\"warn\">");
            web_esc_r(r, s);
            web_add(r, "</p>");
            free(s);
        }
}

static void overview_next(struct web_req *r, const struct view_status *v)
{
    web_add(r, "<h2>");
    web_esc_r(r, _("Next runs"));
    web_add(r, "</h2><table id=\"next\">");
    for (size_t i = 0; i < v->nnext; i++) {
        char t[24];
        util_fmt_time(v->next[i].at, t, sizeof t);
        web_add(r, "<tr><td>");
        if (v->next[i].due) { web_esc_r(r, _("due now")); web_add(r, " ("); web_esc_r(r, t); web_add(r, ")"); }
        else web_esc_r(r, t);
        web_add(r, "</td><td>");
        web_esc_r(r, v->next[i].campaign->id);
        web_add(r, "</td></tr>");
    }
    web_add(r, "</table>");
}

void web_overview(struct web_req *r)
{
    struct view_status v;
    char err[LOA_ERRLEN];
    if (view_status(r->st, r->cfg, util_now(), &v, err) < 0) {
        view_status_clear(&v);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    web_page_begin(r, _("Overview"), "/");
    web_add(r, "<p>");
    web_esc_r(r, v.commune);
    web_add(r, "</p>");
    if (v.paused) {
        char *s = xasprintf(_("Sending is paused since %s."), v.paused_since);
        web_add(r, "<p class=\"paused\" id=\"paused\">");
        web_esc_r(r, s);
        web_add(r, "</p>");
        free(s);
    } else {
        web_add(r, "<p id=\"sending\">");
        web_esc_r(r, _("Sending is on."));
        web_add(r, "</p>");
    }
    if (is_officer(r)) {
        web_form_begin(r, v.paused ? "/resume" : "/pause", "inline");
        web_add(r, v.paused ? "<button type=\"submit\" id=\"resume\">" : "<button type=\"submit\" id=\"pause\">");
        web_esc_r(r, v.paused ? _("Resume sending") : _("Pause all sending"));
        web_add(r, "</button>");
        web_form_end(r);
    }
    web_add(r, "<h2>");
    web_esc_r(r, _("Queue"));
    web_add(r, "</h2><table id=\"queue\">");
    for (int i = 0; i < OB__N; i++) {
        web_addf(r, "<tr data-state=\"%s\"><td>", store_outbox_state_name(i));
        web_esc_r(r, _(state_labels[i]));
        web_addf(r, "</td><td class=\"n\">%ld</td></tr>", v.counts[i]);
    }
    web_add(r, "</table>");
    if (v.counts[OB_HELD]) {
        char *s = xasprintf(_("%ld messages held: %ld campaigns paused."), v.counts[OB_HELD], v.paused_campaigns);
        web_add(r, "<p class=\"warn\">");
        web_esc_r(r, s);
        web_add(r, "</p>");
        free(s);
    }
    if (v.counts[OB_UNKNOWN]) {
        char *s = xasprintf(_("%ld messages may or may not have gone out."), v.counts[OB_UNKNOWN]);
        web_add(r, "<p class=\"warn\">");
        web_esc_r(r, s);
        web_add(r, "</p>");
        free(s);
    }
    overview_modems(r, &v);
    overview_next(r, &v);
    web_add(r, "<script src=\"/app.js\" defer></script>");
    web_page_end(r);
    view_status_clear(&v);
}

/* The same database state `loa pause` and `loa resume` set. */
static void set_paused(struct web_req *r, int paused)
{
    char t[24];
    util_fmt_time(util_now(), t, sizeof t);
    if (store_paused_set(r->st, paused ? t : NULL) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), "/");
        return;
    }
    web_event(r, paused ? "web.pause" : "web.resume", NULL);
    web_redirect(r, "/");
}

void web_pause(struct web_req *r) { set_paused(r, 1); }
void web_resume(struct web_req *r) { set_paused(r, 0); }

/* ---- Hộp thư ---- */

struct inbox_list {
    struct web_req *r;
    int n;
    int failed;
    int handled_only;              /* the second table: skip what waits (listed in the first) */
};

static void inbox_actions(struct web_req *r, const struct inbox_row *m)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)m->id);
    web_form_begin(r, "/inbox/done", "inline");
    web_addf(r, "<input type=\"hidden\" name=\"id\" value=\"%s\"><button type=\"submit\" class=\"done\">", id);
    web_esc_r(r, _("Mark done"));
    web_add(r, "</button>");
    web_form_end(r);
    if (!m->phone) return;   /* a sender that cannot receive SMS: no reply, no opt-out */
    web_form_begin(r, "/inbox/optout", "inline");
    web_addf(r, "<input type=\"hidden\" name=\"id\" value=\"%s\"><button type=\"submit\" class=\"optout\">", id);
    web_esc_r(r, _("Opt the sender out"));
    web_add(r, "</button>");
    web_form_end(r);
    web_form_begin(r, "/inbox/reply", "reply");
    web_addf(r, "<input type=\"hidden\" name=\"id\" value=\"%s\"><label>", id);
    web_esc_r(r, _("Reply"));
    web_add(r, " <textarea name=\"text\" rows=\"2\" maxlength=\"1000\" required></textarea></label><button type=\"submit\">");
    web_esc_r(r, _("Send reply"));
    web_add(r, "</button>");
    web_form_end(r);
}

static int inbox_one(void *ud, const struct inbox_row *m)
{
    struct inbox_list *l = ud;
    struct web_req *r = l->r;
    if (l->handled_only && !m->handled) return 0;
    struct view_inbox_item v;
    char err[LOA_ERRLEN];
    if (view_inbox_item(r->st, r->cfg, m, &v, err) < 0) {
        l->failed = 1;
        return 1;
    }
    char t[24];
    web_addf(r, "<tr id=\"m%lld\" class=\"%s\"><td>", (long long)m->id, m->handled ? "handled" : "unhandled");
    web_esc_r(r, util_fmt_time(v.time, t, sizeof t));
    web_add(r, "</td><td class=\"from\">");
    web_esc_r(r, v.number);
    if (v.name) { web_add(r, "<br><span class=\"name\">"); web_esc_r(r, v.name); web_add(r, "</span>"); }
    if (v.hamlet_name || v.hamlet) {
        web_add(r, "<br><span class=\"hamlet\">");
        web_esc_r(r, v.hamlet_name ? v.hamlet_name : v.hamlet);
        web_add(r, "</span>");
    }
    web_add(r, "</td><td class=\"msg\">");
    web_esc_r(r, m->text);
    web_add(r, "</td><td>");
    char why[1024];
    web_esc_r(r, m->result ? note_text(m->result, why, sizeof why) : m->action ? i18n_code(m->action) : "");
    if (!m->handled && is_officer(r)) inbox_actions(r, m);
    web_add(r, "</td></tr>");
    view_inbox_item_clear(&v);
    l->n++;
    return 0;
}

void web_inbox(struct web_req *r)
{
    web_page_begin(r, _("Inbox"), "/inbox");
    struct inbox_list l = {.r = r};
    static const char *const heads[] = {N_("Waiting for you"), N_("Recently handled")};
    for (int part = 0; part < 2 && !l.failed; part++) {
        web_add(r, "<h2>");
        web_esc_r(r, _(heads[part]));
        web_addf(r, "</h2><table id=\"%s\"><tr><th>", part ? "handled" : "unhandled");
        web_esc_r(r, _("Received"));
        web_add(r, "</th><th>");
        web_esc_r(r, _("From"));
        web_add(r, "</th><th>");
        web_esc_r(r, _("Message"));
        web_add(r, "</th><th>");
        web_esc_r(r, _("What loa did"));
        web_add(r, "</th></tr>");
        int before = l.n;
        /* the unhandled ones all (they wait for her); the handled ones the latest hundred */
        l.handled_only = part;
        if (store_inbox_each(r->st, !part, part ? 100 : 0, inbox_one, &l) < 0) l.failed = 1;
        web_add(r, "</table>");
        if (l.n == before) {
            web_add(r, "<p class=\"none\">");
            web_esc_r(r, _("None."));
            web_add(r, "</p>");
        }
    }
    web_page_end(r);
}

/* The message the form names (its id field), or 0 with the refusal answered. */
static int64_t form_message(struct web_req *r, struct inbox_row *m)
{
    char id[32];
    long long v;
    if (web_field(r, "id", id, sizeof id) < 0 || util_parse_int(id, &v) < 0 || store_inbox_get(r->st, v, m) != 0) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such message."), "/inbox");
        return 0;
    }
    return m->id;
}

/* The end of an inbox action on message ID: its event, and back to the inbox. */
static void inbox_done(struct web_req *r, const char *kind, int64_t id)
{
    char ref[24];
    snprintf(ref, sizeof ref, "inbox=%lld", (long long)id);
    web_event(r, kind, ref);
    web_redirect(r, "/inbox");
}

/* As `loa inbox done ID`. */
void web_inbox_done(struct web_req *r)
{
    struct inbox_row m = {0};
    int64_t id = form_message(r, &m);
    store_inbox_clear(&m);
    if (!id) return;
    if (store_inbox_set_handled(r->st, id, 1) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), "/inbox");
        return;
    }
    inbox_done(r, "web.inbox.done", id);
}

/* As `loa inbox done ID --optout`: the sender asked to stop in words. */
void web_inbox_optout(struct web_req *r)
{
    struct inbox_row m = {0};
    int64_t id = form_message(r, &m);
    store_inbox_clear(&m);
    if (!id) return;
    char result[512];
    int rc = replies_optout_by_officer(r->st, r->cfg, id, util_now(), result, sizeof result);
    if (rc < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), "/inbox");
        return;
    }
    if (rc > 0) {
        char why[1024];
        web_message(r, MHD_HTTP_CONFLICT, note_text(result, why, sizeof why), "/inbox");
        return;
    }
    inbox_done(r, "web.inbox.optout", id);
}

/* As `loa inbox reply ID TEXT`: through the queue, and the message marked done. */
void web_inbox_reply(struct web_req *r)
{
    char text[4096];
    if (web_field(r, "text", text, sizeof text) < 0 || !*util_trim(text)) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("Write the reply first."), "/inbox");
        return;
    }
    struct inbox_row m = {0};
    if (!form_message(r, &m)) return;
    if (!m.phone) {
        store_inbox_clear(&m);
        web_message(r, MHD_HTTP_CONFLICT, _("This sender cannot receive SMS."), "/inbox");
        return;
    }
    struct outbox_msg msg = {.phone = m.phone, .text = util_trim(text), .diacritics = 1, .kind = OK_ADHOC,
                             .priority = 15, .reply_to = m.id, .campaign = NULL};
    int64_t oid;
    char err[LOA_ERRLEN];
    int rc = outbox_queue(r->st, r->cfg, &msg, util_now(), &oid, err);
    if (rc == 0) store_inbox_set_handled(r->st, m.id, 1);
    char ref[48];
    snprintf(ref, sizeof ref, "inbox=%lld outbox=%lld", (long long)m.id, (long long)(rc == 0 ? oid : 0));
    store_inbox_clear(&m);
    if (rc != 0) {
        web_message(r, rc > 0 ? MHD_HTTP_CONFLICT : MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/inbox");
        return;
    }
    web_event(r, "web.inbox.reply", ref);
    web_redirect(r, "/inbox");
}

/* ---- /api ---- */

void web_api_json(struct web_req *r, json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (s) { web_add(r, s); web_add(r, "\n"); }
    free(s);
    r->ctype = "application/json";
    r->status = MHD_HTTP_OK;
}

/* The fields of `loa status --json`, from the same view (the stream's state is the CLI's own: not here). */
void web_api_status(struct web_req *r)
{
    struct view_status v;
    char err[LOA_ERRLEN];
    if (view_status(r->st, r->cfg, util_now(), &v, err) < 0) {
        view_status_clear(&v);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    web_api_json(r, view_status_json(&v));
    view_status_clear(&v);
}

/* ---- Phát thanh ---- */

static const char *const bc_labels[BC__N] = {[BC_PENDING] = N_("waiting"), [BC_READY] = N_("ready"), [BC_PLAYED] = N_("played"),
                                             [BC_SKIPPED] = N_("skipped"), [BC_FAILED] = N_("failed")};

struct bc_list {
    struct web_req *r;
    int slot;                      /* the slot whose heading was written, -1 none */
    int n;
    int log;
    time_t now;
};

static int can_play(const struct web_req *r) { return r->s.role != WEB_ROLE_VIEWER; }

static void bc_mark_forms(struct web_req *r, const struct broadcast_row *b)
{
    for (int st = BC_PLAYED; st <= BC_SKIPPED; st++) {
        web_form_begin(r, "/broadcast/mark", "mark");
        web_addf(r, "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input type=\"hidden\" name=\"state\" value=\"%s\">",
                 (long long)b->id, store_broadcast_state_name(st));
        if (st == BC_SKIPPED) {
            web_add(r, "<input name=\"note\" maxlength=\"200\" placeholder=\"");
            web_esc_r(r, _("note"));
            web_add(r, "\">");
        }
        web_addf(r, "<button type=\"submit\" class=\"%s\">", store_broadcast_state_name(st));
        web_esc_r(r, st == BC_PLAYED ? _("Mark played") : _("Mark skipped"));
        web_add(r, "</button>");
        web_form_end(r);
    }
}

static int bc_one(void *ud, const struct broadcast_row *b)
{
    struct bc_list *l = ud;
    struct web_req *r = l->r;
    if (l->log && !view_broadcast_in_log(b)) return 0;
    char hm[8], t[24];
    if (b->slot != l->slot) {
        if (l->slot >= 0) web_add(r, "</table>");
        web_add(r, "<h3>");
        web_esc_r(r, _("Slot"));
        web_add(r, " ");
        web_esc_r(r, view_slot(b->slot, hm, sizeof hm));
        web_add(r, "</h3><table class=\"slot\">");
        l->slot = b->slot;
    }
    l->n++;
    int missed = !l->log && broadcast_missed(b, l->now);
    web_addf(r, "<tr id=\"%s%lld\" data-state=\"%s\"><td>", l->log ? "l" : "b", (long long)b->id,
             missed ? "missed" : store_broadcast_state_name(b->state));
    web_esc_r(r, b->campaign);
    web_add(r, "<br>");
    web_esc_r(r, missed ? _("missed") : b->state >= 0 && b->state < BC__N ? _(bc_labels[b->state]) : "?");
    web_add(r, "</td><td class=\"msg\">");
    web_esc_r(r, b->text);
    if (l->log) {
        web_add(r, "</td><td>");
        web_esc_r(r, b->started ? util_fmt_time(b->started, t, sizeof t) : "-");
        web_add(r, "</td><td>");
        web_esc_r(r, b->note ? b->note : "");
    } else if (b->audio) {
        web_addf(r, "<br><audio controls preload=\"none\" src=\"/audio/%lld\"></audio>", (long long)b->id);
        if (can_play(r) && b->state != BC_PLAYED) bc_mark_forms(r, b);
    }
    web_add(r, "</td></tr>");
    return 0;
}

static void bc_day(struct web_req *r, long day, int log)
{
    struct bc_list l = {.r = r, .slot = -1, .log = log, .now = util_now()};
    int rc = log ? store_broadcast_log_each(r->st, day, bc_one, &l) : store_broadcasts_each(r->st, day, -1, bc_one, &l);
    if (l.slot >= 0) web_add(r, "</table>");
    if (rc < 0) {
        web_add(r, "<p class=\"error\">");
        web_esc_r(r, store_errmsg(r->st));
        web_add(r, "</p>");
    } else if (!l.n) {
        web_add(r, "<p class=\"none\">");
        web_esc_r(r, log ? _("Nothing played.") : _("No announcements."));
        web_add(r, "</p>");
    }
}

static void bc_urgent_form(struct web_req *r)
{
    web_add(r, "<h2>");
    web_esc_r(r, _("Urgent announcement"));
    web_add(r, "</h2>");
    web_form_begin(r, "/broadcast/now", "urgent");
    web_add(r, "<label>");
    web_esc_r(r, _("Text to read"));
    web_add(r, " <textarea name=\"text\" rows=\"3\" maxlength=\"2000\" required></textarea></label><label>");
    web_esc_r(r, _("Level"));
    web_add(r, " <select name=\"level\">");
    static const struct { const char *v, *label; } levels[] = {
        {"khan-cap", N_("emergency: on air now")}, {"uu-tien", N_("priority: first in the next slot")},
        {"thuong", N_("normal: in the next slot")}};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        web_option(r, levels[i].v, _(levels[i].label), 0);
    }
    web_add(r, "</select></label><button type=\"submit\" formaction=\"/broadcast/preview\" id=\"hear\">");
    web_esc_r(r, _("Hear it first"));
    web_add(r, "</button> <button type=\"submit\" id=\"on-air\">");
    web_esc_r(r, _("Read it and put it in the programme"));
    web_add(r, "</button>");
    web_form_end(r);
}

void web_broadcast(struct web_req *r)
{
    long day = util_local_day(util_now());
    const char *d = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "date");
    if (d && *d && util_parse_day(d, &day) < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("That is not a date (YYYY-MM-DD)."), "/broadcast");
        return;
    }
    char err[LOA_ERRLEN], ds[16], prev[16], next[16];
    if (broadcast_plan(r->st, r->cfg, day, util_now(), err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    web_page_begin(r, _("Broadcast"), "/broadcast");
    view_day(day, ds, sizeof ds);
    view_day(day - 1, prev, sizeof prev);
    view_day(day + 1, next, sizeof next);
    web_add(r, "<form method=\"get\" action=\"/broadcast\" class=\"inline\" id=\"day\"><a href=\"/broadcast?date=");
    web_esc_r(r, prev);
    web_add(r, "\">&larr;</a> <input type=\"date\" name=\"date\" value=\"");
    web_esc_r(r, ds);
    web_add(r, "\"> <button type=\"submit\">");
    web_esc_r(r, _("Show"));
    web_add(r, "</button> <a href=\"/broadcast?date=");
    web_esc_r(r, next);
    web_add(r, "\">&rarr;</a></form><h2>");
    web_esc_r(r, _("Programme"));
    web_add(r, "</h2><div id=\"programme\">");
    bc_day(r, day, 0);
    web_add(r, "</div><h2>");
    web_esc_r(r, _("As-run log"));
    web_add(r, "</h2><div id=\"log\">");
    bc_day(r, day, 1);
    web_add(r, "</div>");
    if (can_play(r)) bc_urgent_form(r);
    web_page_end(r);
}

/* As `loa broadcast mark ID played|skipped [--note TEXT]`. */
void web_broadcast_mark(struct web_req *r)
{
    char id[32], state[16], note[512] = "";
    long long v;
    web_field(r, "note", note, sizeof note);
    int st = web_field(r, "state", state, sizeof state) == 0 ? store_broadcast_state_parse(state) : -1;
    if (web_field(r, "id", id, sizeof id) < 0 || util_parse_int(id, &v) < 0 || (st != BC_PLAYED && st != BC_SKIPPED)) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("Mark it played or skipped."), "/broadcast");
        return;
    }
    int rc = broadcast_mark_by_operator(r->st, v, st, util_trim(note), util_now());
    if (rc) {
        web_message(r, rc > 0 ? MHD_HTTP_NOT_FOUND : MHD_HTTP_INTERNAL_SERVER_ERROR,
                    rc > 0 ? _("There is no such announcement.") : store_errmsg(r->st), "/broadcast");
        return;
    }
    char ref[40];
    snprintf(ref, sizeof ref, "broadcast=%lld %s", v, state);
    web_event(r, "web.broadcast.mark", ref);
    web_redirect(r, "/broadcast");
}

/* As `loa broadcast now TEXT --level L`. */
void web_broadcast_now(struct web_req *r)
{
    char text[4096], lv[16] = "khan-cap";
    web_field(r, "level", lv, sizeof lv);
    int level = config_level(lv);
    if (web_field(r, "text", text, sizeof text) < 0 || level < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("Write the announcement and choose its level."), "/broadcast");
        return;
    }
    int64_t id;
    long day;
    int slot;
    char err[LOA_ERRLEN];
    int rc = broadcast_now(r->st, r->cfg, util_trim(text), level, util_now(), &id, &day, &slot, err);
    if (rc) {
        web_message(r, rc > 0 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_INTERNAL_SERVER_ERROR,
                    rc > 0 ? _("There are no words to announce: nothing was added.") : err, "/broadcast");
        return;
    }
    char ref[40], url[64], ds[16];
    snprintf(ref, sizeof ref, "broadcast=%lld %s", (long long)id, lv);
    web_event(r, "web.broadcast.now", ref);
    snprintf(url, sizeof url, "/broadcast?date=%s#b%lld", view_day(day, ds, sizeof ds), (long long)id);
    web_redirect(r, url);
}

/* Where previews go: audio_dir/preview/NAME.mp3. Caller frees. */
static char *preview_path(const struct config *cfg, const char *name)
{
    return name ? xasprintf("%s/preview/%s.mp3", cfg->audio_dir, name) : xasprintf("%s/preview", cfg->audio_dir);
}

/* Previews older than an hour are removed when a new one is made: they are for hearing once. */
static void preview_sweep(const struct config *cfg, time_t now)
{
    char *dir = preview_path(cfg, NULL);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *p = xasprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(p, &sb) == 0 && sb.st_mtime < now - 3600) unlink(p);
        free(p);
    }
    if (d) closedir(d);
    free(dir);
}

/* "Hear it first": the announcement rendered as it would go on air, with a button that puts it there. */
void web_broadcast_preview(struct web_req *r)
{
    char text[4096], lv[16] = "khan-cap";
    web_field(r, "level", lv, sizeof lv);
    if (web_field(r, "text", text, sizeof text) < 0 || config_level(lv) < 0 || !*util_trim(text)) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("Write the announcement and choose its level."), "/broadcast");
        return;
    }
    char *words = broadcast_words(r->cfg, util_trim(text));
    if (!words) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("There are no words to announce: nothing was added."), "/broadcast");
        return;
    }
    char name[WEB_TOKEN_HEX], err[LOA_ERRLEN] = "";
    web_token_new(name);
    name[32] = '\0';
    char *dir = preview_path(r->cfg, NULL), *out = preview_path(r->cfg, name);
    preview_sweep(r->cfg, time(NULL));   /* the files' own times: the real clock, not loa's */
    struct tts_conf tc;
    broadcast_tts_conf(r->cfg, &tc);
    tts *t = util_mkdir_p(dir, 0750) == 0 ? tts_open(&tc, err) : NULL;
    if (!t && !err[0]) snprintf(err, sizeof err, "%s: cannot create", dir);
    struct audio_opts ao;
    broadcast_audio_opts(r->cfg, "Thông báo", &ao);
    double secs = 0;
    int rc = t ? audio_render(t, words, &ao, out, &secs, err) : -1;
    tts_close(t);
    free(words);
    free(dir);
    free(out);
    if (rc < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/broadcast");
        return;
    }
    web_page_begin(r, _("Hear it first"), "/broadcast");
    web_add(r, "<p class=\"msg\" id=\"preview-text\">");
    web_esc_r(r, util_trim(text));
    web_addf(r, "</p><audio controls autoplay src=\"/audio/preview/%s\" id=\"preview\"></audio>", name);
    web_form_begin(r, "/broadcast/now", "urgent");
    web_add(r, "<input type=\"hidden\" name=\"text\" value=\"");
    web_esc_r(r, util_trim(text));
    web_add(r, "\"><input type=\"hidden\" name=\"level\" value=\"");
    web_esc_r(r, lv);
    web_add(r, "\"><button type=\"submit\" id=\"on-air\">");
    web_esc_r(r, _("Read it and put it in the programme"));
    web_add(r, "</button>");
    web_form_end(r);
    web_add(r, "<p><a href=\"/broadcast\">");
    web_esc_r(r, _("Back"));
    web_add(r, "</a></p>");
    web_page_end(r);
}

/* A preview's audio: /audio/preview/NAME (32 hex digits, as web_broadcast_preview names them). 1 when SUB was one. */
static int preview_audio(struct web_req *r)
{
    if (strncmp(r->sub, "preview/", 8)) return 0;
    const char *name = r->sub + 8;
    int ok = strlen(name) == 32 && strspn(name, "0123456789abcdef") == 32;
    char *p = ok ? preview_path(r->cfg, name) : NULL;
    if (p && util_file_exists(p)) {
        r->file = p;
        r->ctype = "audio/mpeg";
        r->status = MHD_HTTP_OK;
    } else {
        free(p);
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), NULL);
    }
    return 1;
}

/* An item's audio, from loa's audio folder only. */
void web_audio(struct web_req *r)
{
    long long v;
    struct broadcast_row b = {0};
    if (preview_audio(r)) return;
    if (util_parse_int(r->sub, &v) < 0 || store_broadcast_get(r->st, v, &b) != 0 || !b.audio) {
        store_broadcast_clear(&b);
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), NULL);
        return;
    }
    char *real = realpath(b.audio, NULL), *dir = realpath(r->cfg->audio_dir, NULL);
    size_t dn = dir ? strlen(dir) : 0;
    if (real && dir && !strncmp(real, dir, dn) && real[dn] == '/') {
        r->file = real;
        real = NULL;
        size_t n = strlen(r->file);
        r->ctype = n > 4 && !strcmp(r->file + n - 4, ".wav") ? "audio/wav" : "audio/mpeg";
        r->status = MHD_HTTP_OK;
    } else web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), NULL);
    free(real);
    free(dir);
    store_broadcast_clear(&b);
}

/* As `loa campaign list --json`. */
void web_api_campaigns(struct web_req *r)
{
    char err[LOA_ERRLEN];
    size_t n = r->cfg->ncampaigns;
    struct view_campaign *v = view_campaigns(r->st, r->cfg, util_now(), err);
    if (!v) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    web_api_json(r, view_campaigns_json(v, n));
    free(v);
}

struct api_inbox {
    struct web_req *r;
    json_t *arr;
    int failed;
};

static int api_inbox_one(void *ud, const struct inbox_row *m)
{
    struct api_inbox *a = ud;
    struct view_inbox_item v;
    char err[LOA_ERRLEN];
    if (view_inbox_item(a->r->st, a->r->cfg, m, &v, err) < 0) {
        a->failed = 1;
        return 1;
    }
    json_array_append_new(a->arr, view_inbox_item_json(&v));
    view_inbox_item_clear(&v);
    return 0;
}

/* As `loa inbox list [--unhandled] [--limit N] --json` (?unhandled=1, ?limit=N; 100 by default). */
void web_api_inbox(struct web_req *r)
{
    const char *u = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "unhandled");
    const char *ls = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "limit");
    long long limit = 100;
    if (ls && (util_parse_int(ls, &limit) < 0 || limit < 0)) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("limit is not a number"), NULL);
        return;
    }
    struct api_inbox a = {.r = r, .arr = json_array()};
    if (store_inbox_each(r->st, u && !strcmp(u, "1"), (int)limit, api_inbox_one, &a) < 0 || a.failed) {
        json_decref(a.arr);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), NULL);
        return;
    }
    web_api_json(r, a.arr);
}

struct api_bc {
    const struct config *cfg;
    json_t *arr;
    int log;
    time_t now;
};

static int api_bc_one(void *ud, const struct broadcast_row *b)
{
    struct api_bc *a = ud;
    if (a->log && !view_broadcast_in_log(b)) return 0;
    json_array_append_new(a->arr, view_broadcast_json(a->log ? NULL : a->cfg, b, a->now));
    return 0;
}

/* As `loa broadcast today|log [--date D] --json` (?date=D; /api/broadcast/log the log). */
static void api_broadcast(struct web_req *r, int log)
{
    long day = util_local_day(util_now());
    const char *d = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "date");
    char err[LOA_ERRLEN];
    if (d && util_parse_day(d, &day) < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("That is not a date (YYYY-MM-DD)."), NULL);
        return;
    }
    if (!log && broadcast_plan(r->st, r->cfg, day, util_now(), err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    struct api_bc a = {r->cfg, json_array(), log, util_now()};
    if ((log ? store_broadcast_log_each(r->st, day, api_bc_one, &a) : store_broadcasts_each(r->st, day, -1, api_bc_one, &a)) < 0) {
        json_decref(a.arr);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), NULL);
        return;
    }
    web_api_json(r, a.arr);
}

void web_api_broadcast(struct web_req *r) { api_broadcast(r, 0); }
void web_api_broadcast_log(struct web_req *r) { api_broadcast(r, 1); }
