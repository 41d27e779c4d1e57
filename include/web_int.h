/* web_int — what web.c and web_pages.c share: one request being answered, and the page helpers. Not for other modules. */
#ifndef LOA_WEB_INT_H
#define LOA_WEB_INT_H

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
    const char *body;              /* a POST's urlencoded body */
    size_t nbody;
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
};

/* FIELD of the POST body into OUT: 0, or -1 when absent. */
int web_field(struct web_req *r, const char *field, char *out, size_t n);
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
