/* web — `loa web`'s server: the route table, the headers every answer carries, Host and Origin, request
 * limits, sessions and login, CSRF and roles. One libmicrohttpd thread answers one request at a time, so the
 * store handle and the brake are never shared between threads (and one password is hashed at a time). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "i18n.h"
#include "log.h"
#include "web_int.h"

#define BODY_MAX (64 * 1024)       /* a form: a campaign file edited as text, urlencoded (a Vietnamese letter is up to 9 bytes), is the longest */
#define COOKIE "loa_session"
#define TLS_COOKIE "__Host-loa_session"   /* the prefix: only ever set Secure, Path=/, without Domain */

struct web {
    struct config *cfg;
    store *st;
    web_brake *brake;
    const char *listen;
    int tls;                       /* served over TLS: the cookie is __Host- and Secure, an Origin https:// */
    int lan_plain;                 /* plain HTTP beyond loopback (web.plain_http_on_lan): every page says so */
    int demo_ok;                   /* web_demo_allowed */
    char dummy_hash[WEB_HASH_LEN]; /* verified against for an unknown user: a wrong name costs what a wrong password does */
};

/* ---- helpers the pages use ---- */

void web_add(struct web_req *r, const char *html) { sbuf_add(&r->out, html); }
void web_esc_r(struct web_req *r, const char *s) { web_esc(&r->out, s); }

void web_th(struct web_req *r, const char *label)
{
    web_add(r, "<th>");
    web_esc_r(r, label);
    web_add(r, "</th>");
}

void web_option(struct web_req *r, const char *value, const char *label, int selected)
{
    web_add(r, "<option value=\"");
    web_esc_r(r, value);
    web_add(r, selected ? "\" selected>" : "\">");
    web_esc_r(r, label);
    web_add(r, "</option>");
}

void web_addf(struct web_req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sbuf_vaddf(&r->out, fmt, ap);
    va_end(ap);
}

int web_field(struct web_req *r, const char *field, char *out, size_t n)
{
    if (r->form && web_body_multipart(r->form)) return web_body_field(r->form, field, out, n);
    return web_form_get(r->body ? r->body : "", r->nbody, field, out, n);
}

void web_redirect(struct web_req *r, const char *url)
{
    r->status = MHD_HTTP_SEE_OTHER;
    free(r->location);
    r->location = xstrdup(url);
}

void web_event(struct web_req *r, const char *kind, const char *ref)
{
    char *detail = xasprintf("user=%s", r->s.name ? r->s.name : "?");
    if (store_event(r->st, kind, ref, detail) < 0) log_warn("web: event %s not recorded: %s", kind, store_errmsg(r->st));
    free(detail);
}

static void form_open(struct web_req *r, const char *action, const char *cls, const char *enctype)
{
    web_add(r, "<form method=\"post\"");
    if (enctype) { web_add(r, " enctype=\""); web_esc_r(r, enctype); web_add(r, "\""); }
    web_add(r, " action=\"");
    web_esc_r(r, action);
    web_add(r, "\"");
    if (cls) { web_add(r, " class=\""); web_esc_r(r, cls); web_add(r, "\""); }
    web_add(r, "><input type=\"hidden\" name=\"csrf\" value=\"");
    web_esc_r(r, r->csrf);
    web_add(r, "\">");
}

void web_form_begin(struct web_req *r, const char *action, const char *cls) { form_open(r, action, cls, NULL); }
void web_form_begin_files(struct web_req *r, const char *action, const char *cls)
{
    form_open(r, action, cls, "multipart/form-data");
}

void web_form_end(struct web_req *r) { web_add(r, "</form>"); }

static const struct nav { const char *path; const char *label; unsigned roles; } navs[] = {
    {"/", N_("Overview"), WEB_R_READERS},
    {"/inbox", N_("Inbox"), WEB_R_READERS},
    {"/broadcast", N_("Broadcast"), WEB_R_ALL},
    {"/campaigns", N_("Campaigns"), WEB_R_READERS},
    {"/compose", N_("Compose a campaign"), WEB_R_OFFICER},
    {"/residents", N_("Residents"), WEB_R_READERS},
    {"/vneid", N_("VNeID"), WEB_R_READERS},
    {"/reports", N_("Reports"), WEB_R_READERS},
};

void web_page_begin(struct web_req *r, const char *title, const char *here)
{
    r->status = r->status ? r->status : MHD_HTTP_OK;
    web_add(r, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    web_esc_r(r, title);
    web_add(r, " — loa</title><link rel=\"stylesheet\" href=\"/style.css\">"
               "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head><body>");
    if (r->authed) {
        web_add(r, "<header><nav>");
        for (size_t i = 0; i < sizeof navs / sizeof navs[0]; i++) {
            if (!(navs[i].roles & (1u << r->s.role))) continue;
            web_add(r, "<a href=\"");
            web_esc_r(r, navs[i].path);
            web_add(r, here && !strcmp(here, navs[i].path) ? "\" class=\"here\">" : "\">");
            web_esc_r(r, _(navs[i].label));
            web_add(r, "</a>");
        }
        web_add(r, "</nav><span id=\"user\">");
        web_esc_r(r, r->s.name);
        web_add(r, "</span>");
        web_form_begin(r, "/logout", "logout");
        web_add(r, "<button type=\"submit\">");
        web_esc_r(r, _("Log out"));
        web_add(r, "</button>");
        web_form_end(r);
        web_add(r, "</header>");
    }
    if (r->lan_plain) {
        web_add(r, "<p class=\"warn\" id=\"plain-http\">");
        web_esc_r(r, _("This page travels unencrypted on the office network: anyone on it can read passwords and "
                       "residents' data. Ask for TLS (loa web cert)."));
        web_add(r, "</p>");
    }
    web_add(r, "<main><h1>");
    web_esc_r(r, title);
    web_add(r, "</h1>");
}

void web_page_end(struct web_req *r) { web_add(r, "</main></body></html>\n"); }

void web_message(struct web_req *r, unsigned status, const char *msg, const char *back)
{
    sbuf_reset(&r->out);
    r->status = status;
    web_page_begin(r, status < 400 ? _("Done") : _("Not done"), NULL);
    web_add(r, "<p id=\"message\">");
    web_esc_r(r, msg);
    web_add(r, "</p>");
    if (back) {
        web_add(r, "<p><a href=\"");
        web_esc_r(r, back);
        web_add(r, "\">");
        web_esc_r(r, _("Back"));
        web_add(r, "</a></p>");
    }
    web_page_end(r);
}

/* ---- sessions and login ---- */

static void session_end(struct web_req *r)
{
    char hash[WEB_TOKEN_HEX];
    web_token_hash(r->token, hash);
    store_web_session_end(r->st, hash);
}

/* The session the request's cookie names, if it lives: r->authed. An expired one is ended. */
static void session_load(struct web_req *r, struct MHD_Connection *c)
{
    const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    if (web_cookie_get(cookie, r->tls ? TLS_COOKIE : COOKIE, r->token, sizeof r->token) < 0 || strlen(r->token) != WEB_TOKEN_HEX - 1) return;
    char hash[WEB_TOKEN_HEX];
    web_token_hash(r->token, hash);
    if (store_web_session_get(r->st, hash, &r->s) != 0) return;
    time_t now = util_now();
    if (now - r->s.seen > WEB_IDLE_SECONDS || now - r->s.created > WEB_ABSOLUTE_SECONDS) {
        store_web_session_end(r->st, hash);
        free(r->s.name);
        memset(&r->s, 0, sizeof r->s);
        return;
    }
    /* a minute's precision is enough for a 30-minute idle limit, and spares the disk a write per request */
    if (now - r->s.seen >= 60) store_web_session_touch(r->st, hash, now);
    web_csrf_of(r->token, r->csrf);
    r->authed = 1;
}

static const char *home_of(int role) { return role == WEB_ROLE_OPERATOR ? "/broadcast" : "/"; }

static void login_get(struct web_req *r)
{
    if (r->authed) web_redirect(r, home_of(r->s.role));
    else web_login_page(r, NULL);
}

static void login_refused(struct web_req *r, unsigned status, long wait, const char *why)
{
    char *msg = xasprintf(_("%s Try again in %ld s."), why, wait);
    r->status = status;
    r->retry_after = wait;
    web_login_page(r, msg);
    free(msg);
}

static void login_post(struct web *w, struct web_req *r)
{
    char user[128] = "", pw[1024] = "";
    web_field(r, "user", user, sizeof user);
    web_field(r, "password", pw, sizeof pw);
    time_t now = util_now();
    long wait = web_brake_wait(w->brake, user, r->addr, now);
    if (wait > 0) {
        login_refused(r, MHD_HTTP_TOO_MANY_REQUESTS, wait, _("Too many wrong passwords."));
        return;
    }
    struct web_user_row u;
    int found = store_web_user_get(r->st, user, &u) == 0;
    int ok = web_password_ok(found ? u.hash : w->dummy_hash, pw) && found;
    if (ok && u.demo && !w->demo_ok) {
        store_web_user_clear(&u);
        log_warn("web: demo account '%s' refused: not the demo configuration on loopback (loa check)", user);
        web_login_page(r, _("Demo accounts work only in the demo on this machine."));
        r->status = MHD_HTTP_FORBIDDEN;
        return;
    }
    sodium_memzero(pw, sizeof pw);
    if (!ok) {
        store_web_user_clear(&u);
        wait = web_brake_fail(w->brake, user, r->addr, now);
        log_info("web: wrong password for '%s' from %s; next try in %ld s", user, r->addr, wait);
        login_refused(r, MHD_HTTP_UNAUTHORIZED, wait, _("Wrong name or password."));
        return;
    }
    web_brake_clear(w->brake, user, r->addr);
    if (r->authed) session_end(r);   /* a new token at every login: an old one (or one planted) never lives on */
    char token[WEB_TOKEN_HEX], hash[WEB_TOKEN_HEX];
    web_token_new(token);
    web_token_hash(token, hash);
    if (store_web_session_add(r->st, hash, u.id, now) < 0) {
        store_web_user_clear(&u);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), "/login");
        return;
    }
    free(r->s.name);
    r->s = (struct web_session_row){.user_id = u.id, .name = xstrdup(u.name), .role = u.role, .created = now, .seen = now};
    web_event(r, "web.login", NULL);
    r->cookie = xasprintf("%s=%s; HttpOnly; SameSite=Strict; Path=/%s", r->tls ? TLS_COOKIE : COOKIE, token,
                          r->tls ? "; Secure" : "");
    web_redirect(r, home_of(u.role));
    store_web_user_clear(&u);
}

static void logout(struct web_req *r)
{
    session_end(r);
    web_event(r, "web.logout", NULL);
    r->cookie = xasprintf("%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s", r->tls ? TLS_COOKIE : COOKIE,
                          r->tls ? "; Secure" : "");
    web_redirect(r, "/login");
}

static void css(struct web_req *r)
{
    web_add(r, web_css);
    r->ctype = "text/css; charset=utf-8";
    r->cacheable = 1;
    r->status = MHD_HTTP_OK;
}

/* A loudspeaker, the page's icon (browsers ask for one on every page). */
static void icon(struct web_req *r)
{
    web_add(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" "
               "fill=\"#7a1f1f\"/><path d=\"M3 6h3l4-3v10l-4-3H3z\" fill=\"#fff\"/><path d=\"M12 5q2 3 0 6\" stroke=\"#fff\" "
               "fill=\"none\"/></svg>\n");
    r->ctype = "image/svg+xml";
    r->cacheable = 1;
    r->status = MHD_HTTP_OK;
}

static void js(struct web_req *r)
{
    web_add(r, web_js);
    r->ctype = "text/javascript; charset=utf-8";
    r->cacheable = 1;
    r->status = MHD_HTTP_OK;
}

/* ---- the route table ---- */

enum { ROUTE_PUBLIC = 1, ROUTE_PREFIX = 2 };
static const struct route {
    const char *method;
    const char *path;
    int flags;
    unsigned roles;                /* WEB_R_*: who may (a POST never a viewer) */
    void (*fn)(struct web_req *r);
} routes[] = {
    {"GET", "/style.css", ROUTE_PUBLIC, WEB_R_ALL, css},
    {"GET", "/app.js", ROUTE_PUBLIC, WEB_R_ALL, js},
    {"GET", "/favicon.svg", ROUTE_PUBLIC, WEB_R_ALL, icon},
    {"GET", "/login", ROUTE_PUBLIC, WEB_R_ALL, login_get},
    {"POST", "/login", ROUTE_PUBLIC, WEB_R_ALL, NULL},   /* login_post: needs the server's brake */
    {"POST", "/logout", 0, WEB_R_ALL, logout},
    {"GET", "/", 0, WEB_R_READERS, web_overview},
    {"POST", "/pause", 0, WEB_R_OFFICER, web_pause},
    {"POST", "/resume", 0, WEB_R_OFFICER, web_resume},
    {"GET", "/inbox", 0, WEB_R_READERS, web_inbox},
    {"POST", "/inbox/done", 0, WEB_R_OFFICER, web_inbox_done},
    {"POST", "/inbox/optout", 0, WEB_R_OFFICER, web_inbox_optout},
    {"POST", "/inbox/reply", 0, WEB_R_OFFICER, web_inbox_reply},
    {"GET", "/broadcast", 0, WEB_R_ALL, web_broadcast},
    {"POST", "/broadcast/mark", 0, WEB_R_OFFICER | WEB_R_OPERATOR, web_broadcast_mark},
    {"POST", "/broadcast/now", 0, WEB_R_OFFICER | WEB_R_OPERATOR, web_broadcast_now},
    {"POST", "/broadcast/preview", 0, WEB_R_OFFICER | WEB_R_OPERATOR, web_broadcast_preview},
    {"GET", "/audio/", ROUTE_PREFIX, WEB_R_ALL, web_audio},
    {"GET", "/residents", 0, WEB_R_READERS, web_residents},
    {"GET", "/residents/", ROUTE_PREFIX, WEB_R_READERS, web_resident},
    {"POST", "/residents/optout", 0, WEB_R_OFFICER, web_resident_opt},
    {"POST", "/residents/optin", 0, WEB_R_OFFICER, web_resident_opt},
    {"POST", "/residents/import", 0, WEB_R_OFFICER, web_residents_import},
    {"POST", "/residents/confirm", 0, WEB_R_OFFICER, web_residents_confirm},
    {"GET", "/api/residents", 0, WEB_R_READERS, web_api_residents},
    {"GET", "/compose", 0, WEB_R_OFFICER, web_compose},
    {"POST", "/compose", 0, WEB_R_OFFICER, web_compose_post},
    {"POST", "/compose/text", 0, WEB_R_OFFICER, web_compose_text},
    {"POST", "/compose/enable", 0, WEB_R_OFFICER, web_compose_enable},
    {"GET", "/compose/saved", 0, WEB_R_OFFICER, web_compose_saved},
    {"GET", "/compose/count", 0, WEB_R_OFFICER, web_compose_count},
    {"GET", "/campaigns", 0, WEB_R_READERS, web_campaigns},
    {"GET", "/campaigns/", ROUTE_PREFIX, WEB_R_READERS, web_campaign},
    {"POST", "/campaigns/", ROUTE_PREFIX, WEB_R_OFFICER, web_campaign_post},
    {"GET", "/vneid", 0, WEB_R_READERS, web_vneid},
    {"POST", "/vneid/add", 0, WEB_R_OFFICER, web_vneid_add},
    {"POST", "/vneid/opening", 0, WEB_R_OFFICER, web_vneid_opening},
    {"POST", "/vneid/official", 0, WEB_R_OFFICER, web_vneid_official},
    {"POST", "/vneid/undo", 0, WEB_R_OFFICER, web_vneid_undo},
    {"POST", "/vneid/import", 0, WEB_R_OFFICER, web_vneid_import},
    {"GET", "/api/vneid", 0, WEB_R_READERS, web_api_vneid},
    {"GET", "/reports", 0, WEB_R_READERS, web_reports},
    {"POST", "/reports/make", 0, WEB_R_OFFICER, web_reports_make},
    {"GET", "/reports/", ROUTE_PREFIX, WEB_R_READERS, web_reports_file},
    {"GET", "/api/status", 0, WEB_R_READERS, web_api_status},
    {"GET", "/api/campaigns", 0, WEB_R_READERS, web_api_campaigns},
    {"GET", "/api/inbox", 0, WEB_R_READERS, web_api_inbox},
    {"GET", "/api/broadcast", 0, WEB_R_ALL, web_api_broadcast},
    {"GET", "/api/broadcast/log", 0, WEB_R_ALL, web_api_broadcast_log},
    {"GET", "/api/reports", 0, WEB_R_READERS, web_api_reports},
};

static const struct route *route_of(const char *method, const char *url, const char **sub, int *path_known)
{
    *path_known = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const struct route *k = &routes[i];
        size_t n = strlen(k->path);
        int hit = k->flags & ROUTE_PREFIX ? !strncmp(url, k->path, n) && url[n] : !strcmp(url, k->path);
        if (!hit) continue;
        *path_known = 1;
        if (strcmp(method, k->method) && !(!strcmp(method, "HEAD") && !strcmp(k->method, "GET"))) continue;
        *sub = url + n;
        return k;
    }
    return NULL;
}

/* 1 when the request may go on; else the refusal is in R. */
static int origin_ok(struct web *w, struct web_req *r, struct MHD_Connection *c)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!web_host_ok(host, w->listen, &w->cfg->web.hosts)) {
        log_info("web: refused Host '%s' from %s", host ? host : "", r->addr);
        web_message(r, MHD_HTTP_MISDIRECTED_REQUEST, _("This page is not served under that name."), NULL);
        return 0;
    }
    if (strcmp(r->method, "POST")) return 1;
    /* A browser says where a form came from; one that says nothing is held to the CSRF token alone. */
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (!origin) return 1;
    const char *scheme = w->tls ? "https://" : "http://";
    const char *p = !strncmp(origin, scheme, strlen(scheme)) ? origin + strlen(scheme) : NULL;
    if (!p || strchr(p, '/') || !web_host_ok(p, w->listen, &w->cfg->web.hosts)) {
        log_info("web: refused Origin '%s' from %s", origin, r->addr);
        web_message(r, MHD_HTTP_FORBIDDEN, _("A form from another site was refused."), NULL);
        return 0;
    }
    return 1;
}

static void answer_request(struct web *w, struct web_req *r, struct MHD_Connection *c, int body_state)
{
    if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD") && strcmp(r->method, "POST")) {
        web_message(r, MHD_HTTP_METHOD_NOT_ALLOWED, _("Not a request this page answers."), NULL);
        return;
    }
    if (!origin_ok(w, r, c)) return;
    if (body_state == WEB_BODY_FILE_TOO_BIG) {
        char *msg = xasprintf(_("The file %s is larger than %d MB: nothing was done."), web_body_big_file(r->form),
                              WEB_FILE_MAX / (1024 * 1024));
        web_message(r, MHD_HTTP_CONTENT_TOO_LARGE, msg, NULL);
        free(msg);
        return;
    }
    if (body_state == WEB_BODY_TOO_BIG) {
        web_message(r, MHD_HTTP_CONTENT_TOO_LARGE, _("Too long: nothing was done."), NULL);
        return;
    }
    if (body_state == WEB_BODY_BAD) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("The form could not be read: nothing was done."), NULL);
        return;
    }
    session_load(r, c);
    const char *sub = "";
    int known;
    const struct route *k = route_of(r->method, r->url, &sub, &known);
    if (!(k && (k->flags & ROUTE_PUBLIC)) && !r->authed) {
        /* nothing but the login page and its assets without a session */
        if (!strcmp(r->method, "POST")) web_message(r, MHD_HTTP_FORBIDDEN, _("Log in first."), "/login");
        else web_redirect(r, "/login");
        return;
    }
    if (!k) {
        web_message(r, known ? MHD_HTTP_METHOD_NOT_ALLOWED : MHD_HTTP_NOT_FOUND, _("There is no such page."), "/");
        return;
    }
    r->sub = sub;
    if (r->authed && !(k->roles & (1u << r->s.role))) {
        web_message(r, MHD_HTTP_FORBIDDEN, _("Your account cannot open this page."), home_of(r->s.role));
        return;
    }
    if (!strcmp(r->method, "POST") && r->authed && !(k->flags & ROUTE_PUBLIC)) {
        char csrf[WEB_TOKEN_HEX + 8];
        if (web_field(r, "csrf", csrf, sizeof csrf) < 0 || !web_token_eq(csrf, r->csrf)) {
            log_info("web: POST %s without its form's token, from %s", r->url, r->addr);
            web_message(r, MHD_HTTP_FORBIDDEN, _("This form has expired: open the page again."), home_of(r->s.role));
            return;
        }
        if (r->s.role == WEB_ROLE_VIEWER && strcmp(r->url, "/logout")) {
            web_message(r, MHD_HTTP_FORBIDDEN, _("Your account can read, not change."), "/");
            return;
        }
    }
    if (k->fn) k->fn(r);
    else login_post(w, r);
}

static enum MHD_Result send_answer(struct web_req *r, struct MHD_Connection *c)
{
    struct MHD_Response *resp;
    if (r->file) {
        int fd = open(r->file, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) < 0) {
            if (fd >= 0) close(fd);
            r->file = NULL;
            web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), NULL);
            return send_answer(r, c);
        }
        resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    } else {
        size_t n = r->out.len;
        resp = MHD_create_response_from_buffer(n, n ? sbuf_detach(&r->out) : (void *)"",
                                               n ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    }
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype ? r->ctype : "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Content-Security-Policy", r->csp ? r->csp : "default-src 'self'; frame-ancestors 'none'");
    if (r->disposition) MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* same-origin, not no-referrer: under no-referrer a browser sends a form's Origin as "null" */
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    if (!r->cacheable) MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (r->location) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    if (r->cookie) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
    if (r->retry_after > 0) {
        char s[24];
        snprintf(s, sizeof s, "%ld", r->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, s);
    }
    enum MHD_Result rc = MHD_queue_response(c, r->status ? r->status : MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return rc;
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n)
{
    snprintf(out, n, "?");
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **state)
{
    (void)version;
    struct web *w = cls;
    struct web_body *u = *state;
    if (!u) {
        *state = web_body_new(c, BODY_MAX);
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (web_body_feed(u, upload_data, *upload_data_size) < 0) return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    int body_state = web_body_finish(u);
    struct web_req r = {.cfg = web_config_now(w->cfg), .st = w->st, .brake = w->brake, .conn = c, .method = method,
                        .url = url, .form = u, .tls = w->tls, .lan_plain = w->lan_plain};
    r.body = web_body_raw(u, &r.nbody);
    client_addr(c, r.addr, sizeof r.addr);
    answer_request(w, &r, c, body_state);
    enum MHD_Result rc = send_answer(&r, c);
    sbuf_free(&r.out);
    free(r.location);
    free(r.cookie);
    free(r.file);
    free(r.disposition);
    free(r.s.name);
    return rc;
}

static void on_done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    web_body_free(*state);
    *state = NULL;
}

/* LISTEN ("ADDRESS:PORT", "[V6]:PORT") into SA: 0, or -1. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa, unsigned *flags)
{
    const char *colon = strrchr(listen, ':');
    if (!colon) return -1;
    long long port;
    if (util_parse_int(colon + 1, &port) < 0 || port < 1 || port > 65535) return -1;
    char host[64];
    size_t hl = (size_t)(colon - listen);
    if (hl >= sizeof host) return -1;
    memcpy(host, listen, hl);
    host[hl] = '\0';
    memset(sa, 0, sizeof *sa);
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        *flags |= MHD_USE_IPv6;
        return inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)sa;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &s4->sin_addr) == 1 ? 0 : -1;
}

static int is_loopback(const struct sockaddr_storage *sa)
{
    if (sa->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
}

int web_demo_allowed(const struct config *cfg, const char *listen)
{
    struct sockaddr_storage sa;
    unsigned flags = 0;
    if (!listen) listen = cfg->web.listen;
    return cfg->web.demo && listen && parse_listen(listen, &sa, &flags) == 0 && is_loopback(&sa);
}

int web_serve(struct config *cfg, store *st, const char *listen, char *err)
{
    if (web_auth_init() < 0) return util_err(err, "libsodium could not start");
    struct web w = {.cfg = cfg, .st = st, .listen = listen ? listen : cfg->web.listen};
    struct sockaddr_storage sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (!w.listen || parse_listen(w.listen, &sa, &flags) < 0)
        return util_err(err, "web.listen '%s' is not ADDRESS:PORT (\"127.0.0.1:8080\")", w.listen ? w.listen : "");
    int loopback = is_loopback(&sa);
    char *cert = NULL, *key = NULL;
    if (cfg->web.cert || cfg->web.key) {
        if (!cfg->web.cert || !cfg->web.key) return util_err(err, "web.cert and web.key go together");
        cert = util_read_text(cfg->web.cert);
        key = util_read_text(cfg->web.key);
        if (!cert || !key) {
            free(cert), free(key);
            return util_err(err, "cannot read %s: %s", cert ? cfg->web.key : cfg->web.cert, strerror(errno));
        }
        w.tls = 1;
        flags |= MHD_USE_TLS;
    } else if (!loopback && !cfg->web.plain_http_on_lan) {
        return util_err(err, "listening on %s, beyond this machine, needs TLS (`loa web cert`, then web.cert and web.key) "
                        "or web.plain_http_on_lan = true", w.listen);
    }
    w.lan_plain = !loopback && !w.tls;
    w.demo_ok = web_demo_allowed(cfg, w.listen);
    if (web_password_hash("not a password anyone has", w.dummy_hash) < 0) {
        free(cert), free(key);
        return util_err(err, "out of memory hashing");
    }
    w.brake = web_brake_new();
    /* the server's thread inherits this mask: SIGTERM and SIGINT come to sigwait below */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &w,
                                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                            MHD_OPTION_NOTIFY_COMPLETED, on_done, &w,
                                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
                                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)64,   /* an office behind one NAT address, or the load test */
                                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                                            w.tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, key,
                                            MHD_OPTION_HTTPS_MEM_CERT, cert,
                                            MHD_OPTION_END);
    if (!d) {
        web_brake_free(w.brake);
        free(cert), free(key);
        return util_err(err, "cannot listen on %s (in use, or not this machine's address)", w.listen);
    }
    log_info("web: listening on %s://%s/%s", w.tls ? "https" : "http", w.listen,
             w.lan_plain ? " (plain HTTP on the network: web.plain_http_on_lan)" : "");
    int sig = 0;
    sigwait(&stop, &sig);
    log_info("web: stopping (signal %d)", sig);
    MHD_stop_daemon(d);
    web_config_done();
    web_brake_free(w.brake);
    if (key) sodium_memzero(key, strlen(key));
    free(cert), free(key);
    return 0;
}
