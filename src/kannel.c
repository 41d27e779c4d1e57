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

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "note.h"
#include "modem.h"
#include "util.h"
#include "vntext.h"

#define KANNEL_WINDOW 64          /* messages a sender may hand over before it collects */
#define ANSWER_MAX 200            /* bytes of smsbox's answer kept for the reason */
#define CONNECT_TIMEOUT_S 10
#define KANNEL_BODY_MAX 1024      /* one part's text, as UTF-8 at most */
#define POLL_QUIET_MS 50          /* the listener quiet this long: the poll is done */
#define POLL_ROUNDS_MAX 2000      /* a poll's bound, however fast smsbox pushes */

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

/* ---- what smsbox pushes (hostile until checked) ---- */

/* 1 when GIVEN equals SECRET, in time that depends on SECRET's length only. */
static int same_secret(const char *given, const char *secret)
{
    size_t lg = strlen(given), ls = strlen(secret);
    unsigned d = lg != ls;
    for (size_t i = 0; i < ls; i++) d |= (unsigned char)(i < lg ? given[i] : 0) ^ (unsigned char)secret[i];
    return d == 0;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* HEX into at most N bytes; the count, or -1 when it is not even-length hex or too long. */
static int unhex(const char *hex, unsigned char *out, int n)
{
    size_t len = strlen(hex);
    if (len % 2 || len / 2 > (size_t)n) return -1;
    for (size_t i = 0; i < len; i += 2) {
        int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i / 2] = (unsigned char)(hi << 4 | lo);
    }
    return (int)(len / 2);
}

static void tohex(char *dst, size_t room, const unsigned char *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t o = strlen(dst);
    for (size_t i = 0; i < n && o + 2 < room; i++) {
        dst[o++] = digits[p[i] >> 4];
        dst[o++] = digits[p[i] & 15];
    }
    dst[o] = '\0';
}

/* UTF-16BE into UTF-8; -1 on an odd length, a lone surrogate or no room. */
static int utf16be_to_utf8(const unsigned char *p, size_t n, char *out, size_t room)
{
    if (n % 2) return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 2) {
        unsigned long c = (unsigned long)p[i] << 8 | p[i + 1];
        if (c >= 0xD800 && c < 0xDC00) {
            if (i + 3 >= n) return -1;
            unsigned long lo = (unsigned long)p[i + 2] << 8 | p[i + 3];
            if (lo < 0xDC00 || lo >= 0xE000) return -1;
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (c >= 0xDC00 && c < 0xE000) return -1;
        if (o + 5 > room) return -1;
        if (c < 0x80) out[o++] = (char)c;
        else if (c < 0x800) out[o++] = (char)(0xC0 | c >> 6), out[o++] = (char)(0x80 | (c & 0x3F));
        else if (c < 0x10000)
            out[o++] = (char)(0xE0 | c >> 12), out[o++] = (char)(0x80 | (c >> 6 & 0x3F)), out[o++] = (char)(0x80 | (c & 0x3F));
        else
            out[o++] = (char)(0xF0 | c >> 18), out[o++] = (char)(0x80 | (c >> 12 & 0x3F)),
            out[o++] = (char)(0x80 | (c >> 6 & 0x3F)), out[o++] = (char)(0x80 | (c & 0x3F));
    }
    out[o] = '\0';
    return 0;
}

/* The concatenation element of a UDH (8- or 16-bit reference), when there is one. */
static void concat_of(const unsigned char *udh, int n, struct transport_inpart *p)
{
    if (n < 1 || udh[0] + 1 > n) return;
    for (int i = 1; i + 1 <= udh[0];) {
        int iei = udh[i], len = udh[i + 1];
        if (i + 2 + len > udh[0] + 1) break;   /* a truncated element ends the header; what came before is checked below */
        if (iei == 0x00 && len == 3) p->concat_ref = udh[i + 2], p->concat_total = udh[i + 3], p->concat_part = udh[i + 4];
        if (iei == 0x08 && len == 4)
            p->concat_ref = udh[i + 2] << 8 | udh[i + 3], p->concat_total = udh[i + 4], p->concat_part = udh[i + 5];
        i += 2 + len;
    }
    if (p->concat_part < 1 || p->concat_total < 1 || p->concat_part > p->concat_total)
        p->concat_ref = p->concat_part = p->concat_total = 0;
}

/* A number or a name as the network gives it: printable ASCII, no spaces. */
static int plain_word(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || n > max) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= ' ' || s[i] > '~') return 0;
    return 1;
}

static int parse_mo(const struct kannel_push *q, struct kannel_in *o, char *err)
{
    struct transport_inpart *p = &o->p;
    if (!plain_word(q->from, sizeof o->sender - 1)) return util_err(err, "/mo: no usable sender"), KANNEL_PARSE_BAD;
    snprintf(o->sender, sizeof o->sender, "%s", q->from);
    p->sender = o->sender;
    unsigned char udh[140];
    int nudh = q->udh && *q->udh ? unhex(q->udh, udh, sizeof udh) : 0;
    if (nudh < 0) return util_err(err, "/mo: the UDH is not hex"), KANNEL_PARSE_BAD;
    if (q->len > 280) return util_err(err, "/mo: %zu bytes is more than one part holds", q->len), KANNEL_PARSE_BAD;
    concat_of(udh, nudh, p);
    tohex(o->raw, sizeof o->raw, udh, (size_t)nudh);
    tohex(o->raw, sizeof o->raw, q->body, q->len);
    p->raw_hex = o->raw;
    int coding = q->coding && *q->coding ? atoi(q->coding) : 0;
    int utf16 = q->charset && (!strcasecmp(q->charset, "UTF-16BE") || !strcasecmp(q->charset, "UCS-2") ||
                               !strcasecmp(q->charset, "UTF-16"));
    p->coding = coding == 2 ? 1 : coding == 1 ? 2 : 0;
    if (coding == 1 && !utf16 && (!q->charset || strcasecmp(q->charset, "UTF-8"))) return KANNEL_PARSE_OK;   /* 8-bit data */
    if (utf16) {
        if (utf16be_to_utf8(q->body, q->len, o->text, sizeof o->text) < 0) {
            p->coding = 3;   /* stored as received, never read as text */
            p->unreadable = 1;
            return KANNEL_PARSE_OK;
        }
    } else {
        memcpy(o->text, q->body, q->len);
        o->text[q->len] = '\0';
        if (memchr(q->body, 0, q->len) || !vntext_valid_utf8(o->text, q->len)) {
            o->text[0] = '\0';
            p->coding = 3;
            p->unreadable = 1;
            return KANNEL_PARSE_OK;
        }
    }
    p->text = o->text;
    return KANNEL_PARSE_OK;
}

static int parse_dlr(const struct kannel_push *q, struct kannel_in *o, char *err)
{
    struct transport_inpart *p = &o->p;
    const char *r = q->ref;
    size_t dot = r ? strspn(r, "0123456789") : 0;
    if (!r || !dot || r[dot] != '.' || !r[dot + 1] || r[dot + 1 + strspn(r + dot + 1, "0123456789")] || strlen(r) >= sizeof o->ref)
        return util_err(err, "/dlr: no usable reference"), KANNEL_PARSE_BAD;
    if (!plain_word(q->to, sizeof o->recipient - 2)) return util_err(err, "/dlr: no usable number"), KANNEL_PARSE_BAD;
    int type = q->type && *q->type && !q->type[strspn(q->type, "0123456789")] ? atoi(q->type) : -1;
    switch (type) {
    case 1: p->report_delivered = 1; break;               /* delivered to the phone */
    case 2: case 16: p->report_delivered = 0; break;      /* not delivered; rejected by the SMSC */
    case 4: case 8: p->report_delivered = -1; break;      /* buffered; accepted by the SMSC: still on its way */
    default: return util_err(err, "/dlr: type '%s' is none of 1, 2, 4, 8, 16", q->type ? q->type : ""), KANNEL_PARSE_BAD;
    }
    snprintf(o->ref, sizeof o->ref, "%s", r);
    /* loa's dlr-url carries the number without its '+' (smsbox reads '%' in a dlr-url as its own escapes) */
    snprintf(o->recipient, sizeof o->recipient, "%s%s", q->to[strspn(q->to, "0123456789")] ? "" : "+", q->to);
    p->is_report = 1;
    p->report_ref = o->ref;
    p->report_recipient = o->recipient;
    p->sender = o->recipient;
    return KANNEL_PARSE_OK;
}

int kannel_parse(const struct kannel_push *q, const char *secret, struct kannel_in *out, char *err)
{
    memset(out, 0, sizeof *out);
    if (!q->secret || !secret || !same_secret(q->secret, secret)) return util_err(err, "wrong or missing secret"), KANNEL_PARSE_FORBIDDEN;
    if (q->path && !strcmp(q->path, "/mo")) return parse_mo(q, out, err);
    if (q->path && !strcmp(q->path, "/dlr")) return parse_dlr(q, out, err);
    return util_err(err, "no such path"), KANNEL_PARSE_BAD;
}

/* ---- the instance and its messages ---- */

struct kmsg {                     /* one message handed over, its outcome not yet collected */
    int64_t id;
    char *number;
    struct modem_part *parts;
    int nparts;
    int ucs2;                     /* the coding loa counted */
    int report;                   /* ask for delivery reports */
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
    struct MHD_Daemon *http;      /* the listener for smsbox's pushes, NULL when none is configured */
    struct sockaddr_storage allow;   /* the one client accepted */
    transport_inpart_cb in_cb;    /* set during poll(): where a push goes */
    void *in_ud;
    int nin;                      /* pushes stored during this poll */
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
    if (k->report && c->listen && c->dlr_mask) {
        /* smsbox fills in %d (the report's type); the rest is loa's: the part and the number without its '+' */
        char mask[8], *dlr = xasprintf("http://%s/dlr?k=%s&ref=%lld.%d&to=%s&type=%%d", c->listen, c->secret,
                                       (long long)k->id, k->next + 1, k->number + (k->number[0] == '+'));
        snprintf(mask, sizeof mask, "%d", c->dlr_mask);
        add_param(&b, h, "dlr-mask", mask, strlen(mask));
        add_param(&b, h, "dlr-url", dlr, strlen(dlr));
        free(dlr);
    }
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
        return finish(k, rc, NOTE_SMSBOX, curl_easy_strerror((CURLcode)crc), k->next + 1, k->nparts);
    if (rc == TRANSPORT_DOWN)
        return finish(k, rc, NOTE_SMSBOX_USER,
                      http, k->answer, t->mc->name);
    finish(k, rc, NOTE_SMSBOX_HTTP, http, k->answer[0] ? k->answer : "(no answer)");
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

/* ---- the listener: smsbox's pushes, answered 2xx only once stored ---- */

struct push_body {                /* a request's body as it arrives */
    unsigned char b[KANNEL_BODY_MAX];
    size_t len;
    int too_long;
};

static enum MHD_Result accept_client(void *cls, const struct sockaddr *addr, socklen_t len)
{
    const transport *t = cls;
    const struct sockaddr *a = (const struct sockaddr *)&t->allow;
    (void)len;
    if (addr->sa_family != a->sa_family) return MHD_NO;
    if (addr->sa_family == AF_INET)
        return !memcmp(&((const struct sockaddr_in *)addr)->sin_addr, &((const struct sockaddr_in *)a)->sin_addr,
                       sizeof(struct in_addr)) ? MHD_YES : MHD_NO;
    if (addr->sa_family == AF_INET6)
        return !memcmp(&((const struct sockaddr_in6 *)addr)->sin6_addr, &((const struct sockaddr_in6 *)a)->sin6_addr,
                       sizeof(struct in6_addr)) ? MHD_YES : MHD_NO;
    return MHD_NO;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    enum MHD_Result rc = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return rc;
}

/* "text/plain; charset=UTF-16BE" -> "UTF-16BE" into OUT (N bytes); "" when none. */
static void charset_of(const char *ctype, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = ctype ? strcasestr(ctype, "charset=") : NULL;
    if (!p) return;
    p += 8;
    size_t len = strcspn(p, "; \t");
    if (len >= n) return;
    memcpy(out, p, len);
    out[len] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **state)
{
    transport *t = cls;
    (void)version;
    if (strcmp(method, "GET") && strcmp(method, "POST")) return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET or POST\n");
    struct push_body *pb = *state;
    if (!pb) {
        *state = xcalloc(1, sizeof *pb);
        return MHD_YES;
    }
    if (*size) {
        size_t take = *size <= sizeof pb->b - pb->len ? *size : 0;
        if (!take) pb->too_long = 1;
        memcpy(pb->b + pb->len, data, take);
        pb->len += take;
        *size = 0;
        return MHD_YES;
    }
    if (pb->too_long) return answer(c, MHD_HTTP_CONTENT_TOO_LARGE, "too long for one part\n");
    char charset[32];
    charset_of(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"), charset, sizeof charset);
    struct kannel_push q = {
        .path = url, .secret = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "k"),
        .from = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Kannel-From"),
        .udh = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Kannel-UDH"),
        .coding = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Kannel-Coding"),
        .charset = charset[0] ? charset : NULL,
        .ref = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ref"),
        .to = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "to"),
        .type = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "type"),
        .body = pb->b, .len = pb->len,
    };
    struct kannel_in *in = xmalloc(sizeof *in);
    char err[LOA_ERRLEN];
    int rc = kannel_parse(&q, t->mc->kannel.secret, in, err);
    enum MHD_Result r;
    if (rc == KANNEL_PARSE_FORBIDDEN) {
        log_warn("modem %s: a push to %s refused: %s", t->mc->name, url, err);
        r = answer(c, MHD_HTTP_FORBIDDEN, "forbidden\n");
    } else if (rc < 0) {
        log_warn("modem %s: a push to %s refused: %s", t->mc->name, url, err);
        r = answer(c, MHD_HTTP_BAD_REQUEST, "bad request\n");
    } else if (!t->in_cb || t->in_cb(t->in_ud, &in->p) != 0) {
        r = answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, "not stored, send again\n");   /* smsbox retries it */
    } else {
        t->nin++;
        r = answer(c, MHD_HTTP_ACCEPTED, "stored\n");   /* only now: the part is committed */
    }
    free(in);
    return r;
}

static void on_done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    free(*state);
    *state = NULL;
}

/* libmicrohttpd's own messages (a client refused at the connection limit: smsbox pushes it again later) go to
 * loa's log, never onto the service's stderr. */
static void mhd_log(void *cls, const char *fmt, va_list ap) LOA_PRINTF(2, 0);
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    const transport *t = cls;
    char line[256];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_debug("modem %s: listener: %s", t->mc->name, line);
}

static int listen_open(transport *t, char *err)
{
    const struct cfg_kannel *k = &t->mc->kannel;
    char host[128];
    const char *colon = strrchr(k->listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - k->listen), k->listen);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') memmove(host, host + 1, strlen(host)), host[strlen(host) - 1] = '\0';
    struct sockaddr_storage bind_to = {0};
    int port = atoi(colon + 1);
    struct sockaddr_in *b4 = (struct sockaddr_in *)&bind_to;
    struct sockaddr_in6 *b6 = (struct sockaddr_in6 *)&bind_to;
    unsigned flags = MHD_USE_ERROR_LOG;
    if (inet_pton(AF_INET, host, &b4->sin_addr) == 1) b4->sin_family = AF_INET, b4->sin_port = htons((uint16_t)port);
    else if (inet_pton(AF_INET6, host, &b6->sin6_addr) == 1)
        b6->sin6_family = AF_INET6, b6->sin6_port = htons((uint16_t)port), flags |= MHD_USE_IPv6;
    else return util_err(err, "listen: '%s' is not an IP address", host);
    struct sockaddr_in *a4 = (struct sockaddr_in *)&t->allow;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&t->allow;
    if (inet_pton(AF_INET, k->allow, &a4->sin_addr) == 1) a4->sin_family = AF_INET;
    else if (inet_pton(AF_INET6, k->allow, &a6->sin6_addr) == 1) a6->sin6_family = AF_INET6;
    else return util_err(err, "allow: '%s' is not an IP address", k->allow);
    t->http = MHD_start_daemon(flags, (uint16_t)port, accept_client, t, on_request, t,
                               MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&bind_to,
                               MHD_OPTION_NOTIFY_COMPLETED, on_done, t,
                               MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,   /* smsbox opens one per report it pushes */
                               MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                               MHD_OPTION_EXTERNAL_LOGGER, mhd_log, t,
                               MHD_OPTION_END);
    if (!t->http) return util_err(err, "listen: cannot listen on %s: %s", k->listen, strerror(errno));
    return 0;
}

/* What smsbox has pushed since the last time: each request read, stored through CB and answered, until the
 * listener is quiet for a moment (smsbox keeps what loa has not answered, and sends it again). */
static int kannel_poll(transport *t, transport_inpart_cb cb, void *ud, char *err)
{
    (void)err;
    if (!t->http) return 0;
    t->in_cb = cb;
    t->in_ud = ud;
    t->nin = 0;
    for (int i = 0; i < POLL_ROUNDS_MAX; i++) {
        fd_set r, w, e;
        FD_ZERO(&r);
        FD_ZERO(&w);
        FD_ZERO(&e);
        MHD_socket max = 0;
        if (MHD_get_fdset(t->http, &r, &w, &e, &max) != MHD_YES) break;
        struct timeval tv = {0, POLL_QUIET_MS * 1000};
        if (select((int)max + 1, &r, &w, &e, &tv) <= 0) break;
        MHD_run_from_select(t->http, &r, &w, &e);
    }
    t->in_cb = NULL;
    return t->nin;
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
    if (mc->kannel.listen && listen_open(t, err) < 0) {
        curl_multi_cleanup(t->multi);
        free(t);
        return NULL;
    }
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
    if (t->http) MHD_stop_daemon(t->http);
    free(t);
}

static int kannel_submit(transport *t, const struct transport_msg *m, transport_part_cb on_part, void *ud, char *err)
{
    struct modem_msg mm = {m->number, m->text, m->ucs2, m->concat_ref, 0, NULL};
    struct modem_part *parts;
    int n = modem_split(&mm, &parts, err);
    if (n < 0) return TRANSPORT_PERMANENT;
    if (n != m->parts) {
        free(parts);
        return util_err(err, "the text makes %d parts, not the %d counted", n, m->parts), TRANSPORT_PERMANENT;
    }
    struct kmsg *k = xcalloc(1, sizeof *k);
    *k = (struct kmsg){.id = m->id, .number = xstrdup(m->number), .parts = parts, .nparts = n,
                       .next = m->first_part, .ucs2 = m->ucs2, .report = m->request_report, .on_part = on_part, .ud = ud};
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

/* smsbox forwards every report the SMSC sends (dlr-mask) to loa's dlr-url. */
static int kannel_reports(const struct cfg_modem *mc)
{
    (void)mc;
    return 1;
}

const struct transport_type transport_kannel = {
    .name = "kannel", .window = KANNEL_WINDOW, .splits = 1,
    .open = kannel_open, .close = kannel_close, .submit = kannel_submit, .collect = kannel_collect,
    .poll = kannel_poll, .reports = kannel_reports,
};
