/* web_auth — the page's passwords (Argon2id), session and CSRF tokens, the wrong-password brake, and the
 * parsing of what a browser sends (forms, cookies, Host): pure functions, fuzzed (tests/fuzz). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web.h"

int web_auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int web_password_hash(const char *pw, char out[WEB_HASH_LEN])
{
    _Static_assert(WEB_HASH_LEN == crypto_pwhash_STRBYTES, "WEB_HASH_LEN is crypto_pwhash_STRBYTES");
    return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int web_password_ok(const char *hash, const char *pw)
{
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static void hex(const unsigned char *v, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, v, n);
}

void web_token_new(char token[WEB_TOKEN_HEX])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    hex(r, sizeof r, token);
    sodium_memzero(r, sizeof r);
}

void web_token_hash(const char *token, char hash[WEB_TOKEN_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    hex(h, sizeof h, hash);
}

void web_csrf_of(const char *token, char csrf[WEB_TOKEN_HEX])
{
    static const char what[] = "loa csrf";
    unsigned char h[32];
    size_t kn = strlen(token);
    if (kn > crypto_generichash_KEYBYTES_MAX) kn = crypto_generichash_KEYBYTES_MAX;
    crypto_generichash(h, sizeof h, (const unsigned char *)what, sizeof what - 1, (const unsigned char *)token, kn);
    hex(h, sizeof h, csrf);
}

int web_token_eq(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}

/* ---- the wrong-password brake ---- */

struct brake_entry {
    char *key;                /* "u:NAME" or "a:ADDRESS" */
    long wait;                /* the wait the last wrong password imposed */
    time_t until;             /* no try heard before */
};
struct web_brake {
    struct brake_entry *v;
    size_t n, cap;
};

web_brake *web_brake_new(void)
{
    return xcalloc(1, sizeof(web_brake));
}

void web_brake_free(web_brake *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n; i++) free(b->v[i].key);
    free(b->v);
    free(b);
}

/* The entry of KIND:NAME, made when MAKE. The table holds what has failed recently; entries whose wait has
 * long passed are reused, so a scan of addresses cannot grow it without bound. */
static struct brake_entry *entry(web_brake *b, char kind, const char *name, int make, time_t now)
{
    char *key = xasprintf("%c:%s", kind, name ? name : "");
    struct brake_entry *free_slot = NULL;
    for (size_t i = 0; i < b->n; i++) {
        if (!strcmp(b->v[i].key, key)) { free(key); return &b->v[i]; }
        if (!free_slot && b->v[i].until + 2 * WEB_BRAKE_MAX < now) free_slot = &b->v[i];
    }
    if (!make) { free(key); return NULL; }
    if (free_slot) {
        free(free_slot->key);
    } else {
        if (b->n == b->cap) {
            b->cap = b->cap ? 2 * b->cap : 16;
            b->v = xrealloc(b->v, b->cap * sizeof *b->v);
        }
        free_slot = &b->v[b->n++];
    }
    *free_slot = (struct brake_entry){.key = key};
    return free_slot;
}

static long left(const struct brake_entry *e, time_t now)
{
    return e && e->until > now ? (long)(e->until - now) : 0;
}

long web_brake_wait(web_brake *b, const char *user, const char *addr, time_t now)
{
    long u = left(entry(b, 'u', user, 0, now), now), a = left(entry(b, 'a', addr, 0, now), now);
    return u > a ? u : a;
}

static long fail_one(struct brake_entry *e, time_t now)
{
    /* a wait long over starts again from one second: the brake slows guessing, it does not remember forever */
    if (e->until + 2 * WEB_BRAKE_MAX < now) e->wait = 0;
    e->wait = e->wait ? 2 * e->wait : 1;
    if (e->wait > WEB_BRAKE_MAX) e->wait = WEB_BRAKE_MAX;
    e->until = now + e->wait;
    return e->wait;
}

long web_brake_fail(web_brake *b, const char *user, const char *addr, time_t now)
{
    long u = fail_one(entry(b, 'u', user, 1, now), now);
    long a = fail_one(entry(b, 'a', addr, 1, now), now);
    return u > a ? u : a;
}

void web_brake_clear(web_brake *b, const char *user, const char *addr)
{
    struct brake_entry *e = entry(b, 'u', user, 0, 0);
    if (e) e->wait = 0, e->until = 0;
    e = entry(b, 'a', addr, 0, 0);
    if (e) e->wait = 0, e->until = 0;
}

/* ---- what a browser sends ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode the urlencoded S (N bytes) into OUT: 0, or -1 when too long or holding a NUL. */
static int urldecode(const char *s, size_t n, char *out, size_t outn)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') c = ' ';
        else if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        }
        if (c == '\0' || o + 1 >= outn) return -1;
        out[o++] = c;
    }
    if (outn == 0) return -1;
    out[o] = '\0';
    return 0;
}

int web_form_get(const char *body, size_t n, const char *field, char *out, size_t outn)
{
    size_t fl = strlen(field);
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && body[end] != '&') end++;
        const char *eq = memchr(body + i, '=', end - i);
        size_t kl = eq ? (size_t)(eq - (body + i)) : end - i;
        if (kl == fl && !memcmp(body + i, field, fl)) {
            if (!eq) return urldecode("", 0, out, outn);
            return urldecode(eq + 1, (size_t)(body + end - (eq + 1)), out, outn);
        }
        i = end + 1;
    }
    return -1;
}

int web_cookie_get(const char *header, const char *name, char *out, size_t outn)
{
    if (!header) return -1;
    size_t nl = strlen(name);
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == ';') p++;
        const char *end = strchr(p, ';');
        if (!end) end = p + strlen(p);
        if ((size_t)(end - p) > nl && !strncmp(p, name, nl) && p[nl] == '=') {
            size_t vl = (size_t)(end - (p + nl + 1));
            if (vl + 1 > outn) return -1;
            memcpy(out, p + nl + 1, vl);
            out[vl] = '\0';
            return 0;
        }
        p = end;
    }
    return -1;
}

int web_host_ok(const char *host, const char *listen, const struct cfg_strlist *names)
{
    if (!host || !listen || !*host) return 0;
    const char *lc = strrchr(listen, ':');
    if (!lc) return 0;
    /* HOST's name part and port ("" when none); an IPv6 literal is bracketed ("[::1]:8080") */
    const char *hc = strrchr(host, ':');
    if (hc && strchr(hc, ']')) hc = NULL;
    if (hc && host[0] != '[' && memchr(host, ':', (size_t)(hc - host))) hc = NULL;   /* a bare IPv6: no port */
    size_t hl = hc ? (size_t)(hc - host) : strlen(host);
    const char *hport = hc ? hc + 1 : "";
    if (*hport && strcmp(hport, lc + 1)) return 0;
    size_t ll = (size_t)(lc - listen);
    if (hl == ll && !strncasecmp(host, listen, ll)) return 1;
    for (size_t i = 0; names && i < names->n; i++)
        if (strlen(names->v[i]) == hl && !strncasecmp(names->v[i], host, hl)) return 1;
    return 0;
}

void web_esc(sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': sbuf_add(b, "&amp;"); break;
        case '<': sbuf_add(b, "&lt;"); break;
        case '>': sbuf_add(b, "&gt;"); break;
        case '"': sbuf_add(b, "&quot;"); break;
        case '\'': sbuf_add(b, "&#39;"); break;
        default: sbuf_addc(b, *s);
        }
    }
}
