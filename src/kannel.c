/*
 * kannel — the `kannel` transport: SMS through a carrier account (SMPP) held by Kannel's bearerbox, handed to
 * smsbox's sendsms interface over HTTP (libcurl's multi interface: requests in flight, connections kept alive).
 *
 * Sections: what an answer means (pure); the instance and its messages; one part's request; the table's
 * operations.
 *
 * Parts are loa's: a long message is cut here into exactly the parts loa counted (modem_split, the encoder the
 * gammu transport sends with), and each part goes as its own request with its UDH, so the carrier charges what
 * the officer's preview said. The parts of one message go one after the other (a refused part leaves the parts
 * before it accepted and recorded, and a retry starts after them); different messages go side by side, at most
 * `in_flight` requests at once.
 *
 * Text goes as UTF-8 with `charset=UTF-8` and the coding loa chose: `coding=2` for UCS-2 (without the charset
 * smsbox would take the UTF-8 bytes for UCS-2), `coding=0` for GSM-7 (without it smsbox turns ã, í, ạ into ?).
 *
 * A part's reference is loa's own "<outbox id>.<part>" (smsbox answers no id of its own); a delivery report
 * names it through the dlr-url.
 */
#include "kannel.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "modem.h"
#include "util.h"

#define KANNEL_WINDOW 64          /* messages a sender may hand over before it collects */
#define ANSWER_MAX 200            /* bytes of smsbox's answer kept for the reason */
#define CONNECT_TIMEOUT_S 10

/* ---- what an answer means ---- */

int kannel_outcome(int curl_rc, long http, int sent)
{
    if (curl_rc == CURLE_OK) {
        if (http >= 200 && http < 300) return TRANSPORT_OK;
        if (http == 401 || http == 403) return TRANSPORT_DOWN;
        if (http == 503) return TRANSPORT_RETRY;
        if (http >= 400 && http < 500) return TRANSPORT_PERMANENT;
        return TRANSPORT_UNKNOWN;   /* 5xx other than 503, or 1xx/3xx: smsbox may have queued it */
    }
    switch (curl_rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return TRANSPORT_RETRY;
    default:
        /* a timeout or a dropped connection: once the request was written, smsbox may have taken it */
        return sent ? TRANSPORT_UNKNOWN : TRANSPORT_RETRY;
    }
}

/* ---- the instance and its messages ---- */

struct kmsg {                     /* one message handed over, its outcome not yet collected */
    int64_t id;
    char *number;
    struct modem_part *parts;
    int nparts;
    int ucs2;                     /* the coding loa counted */
    int next;                     /* the part to send next */
    CURL *h;                      /* the request for part `next` in flight, or NULL */
    int done;                     /* the outcome below is final */
    int rc;
    char err[LOA_ERRLEN];
    char answer[ANSWER_MAX + 1];  /* smsbox's answer to the current request */
    size_t alen;
    transport_part_cb on_part;
    void *ud;
    struct kmsg *next_msg;
};

struct transport {
    const struct cfg_modem *mc;
    CURLM *multi;
    struct kmsg *msgs;            /* in submission order */
    int active;                   /* requests in flight */
};

static void kmsg_free(struct kmsg *k)
{
    if (!k) return;
    free(k->number);
    free(k->parts);
    free(k);
}

/* ---- one part's request ---- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct kmsg *k = ud;
    size_t len = size * n, room = ANSWER_MAX - k->alen;
    size_t take = len < room ? len : room;
    memcpy(k->answer + k->alen, p, take);
    k->alen += take;
    k->answer[k->alen] = '\0';
    return len;
}

static void add_param(sbuf *b, CURL *h, const char *name, const char *v, size_t len)
{
    char *e = curl_easy_escape(h, v, (int)len);
    sbuf_addf(b, "%s%s=%s", strchr(sbuf_str(b), '?') ? "&" : "?", name, e ? e : "");
    curl_free(e);
}

static char *part_url(transport *t, CURL *h, const struct kmsg *k)
{
    const struct cfg_kannel *c = &t->mc->kannel;
    const struct modem_part *p = &k->parts[k->next];
    sbuf b = {0};
    sbuf_add(&b, c->url);
    add_param(&b, h, "username", c->user, strlen(c->user));
    add_param(&b, h, "password", c->password, strlen(c->password));
    add_param(&b, h, "to", k->number, strlen(k->number));
    add_param(&b, h, "text", p->text, strlen(p->text));
    add_param(&b, h, "charset", "UTF-8", 5);
    add_param(&b, h, "coding", k->ucs2 ? "2" : "0", 1);
    if (p->udh_len) add_param(&b, h, "udh", (const char *)p->udh, (size_t)p->udh_len);
    if (c->smsc) add_param(&b, h, "smsc", c->smsc, strlen(c->smsc));
    if (c->from) add_param(&b, h, "from", c->from, strlen(c->from));
    return sbuf_detach(&b);
}

static void finish(struct kmsg *k, int rc, const char *fmt, ...) LOA_PRINTF(3, 4);
static void finish(struct kmsg *k, int rc, const char *fmt, ...)
{
    k->done = 1;
    k->rc = rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->err, sizeof k->err, fmt, ap);
    va_end(ap);
}

/* Start the request for K's next part. */
static void start(transport *t, struct kmsg *k)
{
    CURL *h = curl_easy_init();
    if (!h) return finish(k, TRANSPORT_RETRY, "libcurl: no handle");
    char *url = part_url(t, h, k);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PRIVATE, k);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, k);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)t->mc->reply_timeout);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    free(url);
    k->alen = 0;
    k->answer[0] = '\0';
    if (curl_multi_add_handle(t->multi, h) != CURLM_OK) {
        curl_easy_cleanup(h);
        return finish(k, TRANSPORT_RETRY, "libcurl: request not started");
    }
    k->h = h;
    t->active++;
}

/* Start requests while fewer than in_flight are out: the oldest messages first. */
static void pump(transport *t)
{
    for (struct kmsg *k = t->msgs; k && t->active < t->mc->kannel.in_flight; k = k->next_msg)
        if (!k->h && !k->done) start(t, k);
}

/* One request finished: the part accepted (the next one starts at the next pump), or the message's outcome. */
static void answered(transport *t, CURLMsg *m)
{
    CURL *h = m->easy_handle;
    struct kmsg *k = NULL;
    long http = 0;
    curl_off_t sent = 0;
    curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&k);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent);
    int crc = (int)m->data.result;
    curl_multi_remove_handle(t->multi, h);
    curl_easy_cleanup(h);
    t->active--;
    k->h = NULL;
    for (size_t i = k->alen; i > 0 && (k->answer[i - 1] == '\n' || k->answer[i - 1] == '\r'); i--) k->answer[i - 1] = '\0';
    int rc = kannel_outcome(crc, http, sent > 0);
    if (rc == TRANSPORT_OK) {
        char ref[48];
        snprintf(ref, sizeof ref, "%lld.%d", (long long)k->id, k->next + 1);
        k->on_part(k->ud, k->id, k->next, ref);
        if (++k->next == k->nparts) finish(k, TRANSPORT_OK, "%s", "");
        return;
    }
    if (crc != CURLE_OK)
        return finish(k, rc, "smsbox: %s (part %d of %d)", curl_easy_strerror((CURLcode)crc), k->next + 1, k->nparts);
    if (rc == TRANSPORT_DOWN)
        return finish(k, rc, "smsbox refused loa's sendsms user (HTTP %ld: %s): check user and password of modem '%s'",
                      http, k->answer, t->mc->name);
    finish(k, rc, "smsbox: HTTP %ld: %s", http, k->answer[0] ? k->answer : "(no answer)");
}

/* Report and forget the finished messages, in submission order. */
static int report(transport *t, transport_outcome_cb cb, void *ud)
{
    int n = 0;
    for (struct kmsg **pp = &t->msgs; *pp;) {
        struct kmsg *k = *pp;
        if (!k->done) { pp = &k->next_msg; continue; }
        *pp = k->next_msg;
        struct transport_outcome o = {k->id, k->rc, k->err};
        cb(ud, &o);
        kmsg_free(k);
        n++;
    }
    return n;
}

/* ---- the table's operations ---- */

static transport *kannel_open(const struct cfg_modem *mc, char *err)
{
    static int inited;
    if (!inited && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return util_err(err, "libcurl cannot start"), NULL;
    inited = 1;
    transport *t = xcalloc(1, sizeof *t);
    t->mc = mc;
    if (!(t->multi = curl_multi_init())) return free(t), util_err(err, "libcurl cannot start"), NULL;
    /* one connection per request in flight, kept alive between them */
    curl_multi_setopt(t->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)mc->kannel.in_flight);
    curl_multi_setopt(t->multi, CURLMOPT_MAXCONNECTS, (long)mc->kannel.in_flight);
    return t;
}

/* Messages still in flight are abandoned: their rows stay `sending` and become `unknown` at the next start. */
static void kannel_close(transport *t)
{
    if (!t) return;
    for (struct kmsg *k = t->msgs, *nx; k; k = nx) {
        nx = k->next_msg;
        if (k->h) {
            curl_multi_remove_handle(t->multi, k->h);
            curl_easy_cleanup(k->h);
        }
        kmsg_free(k);
    }
    curl_multi_cleanup(t->multi);
    free(t);
}

static int kannel_submit(transport *t, const struct transport_msg *m, transport_part_cb on_part, void *ud, char *err)
{
    struct modem_msg mm = {m->number, m->text, m->ucs2, m->concat_ref, 0};
    struct modem_part *parts;
    int n = modem_split(&mm, &parts, err);
    if (n < 0) return TRANSPORT_PERMANENT;
    if (n != m->parts) {
        free(parts);
        return util_err(err, "the text makes %d parts, not the %d counted", n, m->parts), TRANSPORT_PERMANENT;
    }
    struct kmsg *k = xcalloc(1, sizeof *k);
    *k = (struct kmsg){.id = m->id, .number = xstrdup(m->number), .parts = parts, .nparts = n,
                       .next = m->first_part, .ucs2 = m->ucs2, .on_part = on_part, .ud = ud};
    struct kmsg **pp = &t->msgs;
    while (*pp) pp = &(*pp)->next_msg;
    *pp = k;
    if (k->next >= n) finish(k, TRANSPORT_OK, "%s", "");
    pump(t);
    return TRANSPORT_PENDING;
}

static int kannel_collect(transport *t, int timeout_ms, transport_outcome_cb cb, void *ud)
{
    int64_t end = util_mono_ms() + timeout_ms;
    for (;;) {
        int running = 0;
        if (curl_multi_perform(t->multi, &running) != CURLM_OK) return TRANSPORT_DOWN;
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(t->multi, &left)))
            if (m->msg == CURLMSG_DONE) answered(t, m);
        pump(t);
        int n = report(t, cb, ud);
        if (n || !t->msgs) return n;
        int64_t rest = end - util_mono_ms();
        if (rest <= 0) return 0;
        if (curl_multi_poll(t->multi, NULL, 0, rest > 1000 ? 1000 : (int)rest, NULL) != CURLM_OK) return TRANSPORT_DOWN;
    }
}

const struct transport_type transport_kannel = {
    .name = "kannel", .window = KANNEL_WINDOW, .splits = 1,
    .open = kannel_open, .close = kannel_close, .submit = kannel_submit, .collect = kannel_collect,
};
