/* web_int — what web.c and web_pages.c share: one request being answered, and the page helpers. Not for other modules. */
#ifndef LOA_WEB_INT_H
#define LOA_WEB_INT_H

#include <jansson.h>
#include <microhttpd.h>

#include "web.h"

/* Route flags: who may use a route (a POST is refused to a viewer whatever these say). */
enum { WEB_R_OFFICER = 1 << WEB_ROLE_OFFICER, WEB_R_OPERATOR = 1 << WEB_ROLE_OPERATOR, WEB_R_VIEWER = 1 << WEB_ROLE_VIEWER,
       WEB_R_ALL = WEB_R_OFFICER | WEB_R_OPERATOR | WEB_R_VIEWER, WEB_R_READERS = WEB_R_OFFICER | WEB_R_VIEWER };

struct web_req {
    struct config *cfg;
    store *st;
    web_brake *brake;
    struct MHD_Connection *conn;   /* for the query's arguments */
    const char *method, *url;
    const char *sub;               /* what follows a prefix route's path ("/campaigns/" + ID) */
    const char *body;              /* a POST's urlencoded body ("" for a multipart one: web_field reads both) */
    size_t nbody;
    const struct web_body *form;   /* the POST's body as received (web_upload.c) */
    char addr[64];                 /* the client's address */
    int tls;                       /* served over TLS */
    int lan_plain;                 /* plain HTTP beyond loopback: every page warns */
    int authed;                    /* a live session: */
    struct web_session_row s;      /*   whose */
    char token[WEB_TOKEN_HEX];     /*   its token (from the cookie) */
    char csrf[WEB_TOKEN_HEX];      /*   the CSRF token its forms carry */
    /* the answer */
    unsigned status;
    sbuf out;
    const char *ctype;             /* NULL: text/html */
    char *location;                /* a redirect's target */
    char *cookie;                  /* Set-Cookie */
    long retry_after;              /* > 0: Retry-After */
    int cacheable;                 /* a static asset: no Cache-Control: no-store */
    char *file;                    /* serve this file (audio) instead of OUT */
    char *disposition;             /* Content-Disposition (a download's filename), or NULL */
    const char *csp;               /* Content-Security-Policy instead of the pages' own, or NULL */
};

/* FIELD of the POST body into OUT: 0, or -1 when absent (or longer than N-1, or holding a NUL). Reads an urlencoded
 * form and a multipart/form-data one (a form with a file) alike. */
int web_field(struct web_req *r, const char *field, char *out, size_t n);

/* ---- file uploads (web_upload.c) ----
 * A form that sends a file: <form method="post" enctype="multipart/form-data"> (web_form_begin_files), with
 * <input type="file" name="FIELD">. The server parses the body before the route runs (CSRF token and role are checked
 * as for any form); a file over WEB_FILE_MAX is refused before the route with 413 and a page naming it, so a route
 * only ever sees whole files. The bytes live until the request is answered: save them (web_file_save) to keep them. */
#define WEB_FILE_MAX (10 * 1024 * 1024)
struct web_file {
    const char *field;             /* the form's field */
    const char *name;              /* the file's name on the officer's computer, without folders (never a path here) */
    const char *type;              /* the Content-Type the browser gave ("" when none): a hint, never trusted */
    const char *data;              /* SIZE bytes (any bytes, NUL included), NUL-terminated after them */
    size_t size;
};
/* The file sent in FIELD, or NULL when the form sent none there (no file chosen, an empty file, not a multipart form). */
const struct web_file *web_file(struct web_req *r, const char *field);
/* F written to a new file DIR/.upload-XXXXXX (mode 0600, a name no one else has), its name into PATH (N bytes):
 * 0, or -1 with ERR. The caller removes it. */
int web_file_save(const struct web_file *f, const char *dir, char *path, size_t n, char *err);
/* As web_form_begin, for a form that sends files. */
void web_form_begin_files(struct web_req *r, const char *action, const char *cls);

/* What web.c asks of the body as it arrives (web_upload.c). */
enum web_body_state { WEB_BODY_OK = 0, WEB_BODY_TOO_BIG = 1, WEB_BODY_FILE_TOO_BIG = 2, WEB_BODY_BAD = 3 };
struct web_body;
/* A body for connection C (its Content-Type says which kind); an urlencoded one refused past BODY_MAX bytes. */
struct web_body *web_body_new(struct MHD_Connection *c, size_t body_max);
/* N more bytes: 0, or -1 when so much came that the connection should be dropped. */
int web_body_feed(struct web_body *b, const char *data, size_t n);
/* The body is whole: its enum web_body_state. */
int web_body_finish(struct web_body *b);
const char *web_body_big_file(const struct web_body *b);   /* the file over the limit (WEB_BODY_FILE_TOO_BIG) */
int web_body_multipart(const struct web_body *b);
const char *web_body_raw(const struct web_body *b, size_t *n);   /* an urlencoded body */
int web_body_field(const struct web_body *b, const char *field, char *out, size_t n);
const struct web_file *web_body_file(const struct web_body *b, const char *field);
void web_body_free(struct web_body *b);   /* NULL: nothing */
/* A 303 to URL. */
void web_redirect(struct web_req *r, const char *url);
/* An events row naming the user: KIND ("web.pause"), REF (what it was about, or NULL). */
void web_event(struct web_req *r, const char *kind, const char *ref);

/* The page's frame: head, the navigation the user's role allows, TITLE as its heading. */
void web_page_begin(struct web_req *r, const char *title, const char *here);
void web_page_end(struct web_req *r);
/* <form method="post" action=ACTION> with the session's CSRF token; close with web_form_end. */
void web_form_begin(struct web_req *r, const char *action, const char *cls);
void web_form_end(struct web_req *r);
/* A short page saying MSG (a sentence already translated), with a link back to BACK, answered with STATUS. */
void web_message(struct web_req *r, unsigned status, const char *msg, const char *back);
/* Append with printf formatting: only for numbers and fixed markup, never for a value from outside (web_esc). */
void web_addf(struct web_req *r, const char *fmt, ...) LOA_PRINTF(2, 3);
void web_add(struct web_req *r, const char *html);
void web_esc_r(struct web_req *r, const char *s);
/* <th>LABEL</th>, and <option value="VALUE"[ selected]>LABEL</option>, both escaped */
void web_th(struct web_req *r, const char *label);
void web_option(struct web_req *r, const char *value, const char *label, int selected);
/* J (then freed) as the answer, application/json, as loa prints JSON (web_pages.c). */
void web_api_json(struct web_req *r, json_t *j);

/* The pages (web_pages.c) */
void web_login_page(struct web_req *r, const char *error);
void web_overview(struct web_req *r);
void web_pause(struct web_req *r);
void web_resume(struct web_req *r);
void web_inbox(struct web_req *r);
void web_inbox_done(struct web_req *r);
void web_inbox_optout(struct web_req *r);
void web_inbox_reply(struct web_req *r);
void web_api_status(struct web_req *r);
void web_api_campaigns(struct web_req *r);
void web_api_inbox(struct web_req *r);
void web_api_broadcast(struct web_req *r);
void web_api_broadcast_log(struct web_req *r);
void web_broadcast(struct web_req *r);
void web_broadcast_mark(struct web_req *r);
void web_broadcast_now(struct web_req *r);
void web_broadcast_preview(struct web_req *r);
void web_audio(struct web_req *r);
void web_campaigns(struct web_req *r);
void web_campaign(struct web_req *r);
void web_campaign_post(struct web_req *r);
/* VNeID (web_vneid.c) */
void web_vneid(struct web_req *r);
void web_vneid_add(struct web_req *r);
void web_vneid_opening(struct web_req *r);
void web_vneid_official(struct web_req *r);
void web_vneid_undo(struct web_req *r);
void web_vneid_import(struct web_req *r);
void web_api_vneid(struct web_req *r);

/* Người dân (web_residents.c) */
void web_residents(struct web_req *r);
void web_resident(struct web_req *r);
void web_resident_opt(struct web_req *r);
void web_residents_import(struct web_req *r);
void web_residents_confirm(struct web_req *r);
void web_api_residents(struct web_req *r);

/* Báo cáo (web_reports.c) */
void web_reports(struct web_req *r);
void web_reports_make(struct web_req *r);
void web_reports_file(struct web_req *r);
void web_api_reports(struct web_req *r);
struct view_preview;
/* A campaign's preview (audience, parts, cost, next runs, samples), as its page shows it (web_campaigns.c). */
void web_campaign_preview(struct web_req *r, const struct view_preview *p);

/* Soạn chiến dịch (web_campaign_form.c) */
void web_compose(struct web_req *r);
void web_compose_post(struct web_req *r);
void web_compose_text(struct web_req *r);
void web_compose_enable(struct web_req *r);
void web_compose_saved(struct web_req *r);
void web_compose_count(struct web_req *r);
/* The configuration a request is answered with: BASE (the one `loa web` started with) until a save on the form
 * read it again; web_config_done frees what the form read. */
struct config *web_config_now(struct config *base);
void web_config_done(void);

extern const char web_css[];
extern const char web_js[];

#endif
