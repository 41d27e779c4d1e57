/* web — `loa web`: the officer's and the operator's page (libmicrohttpd), its own process on the same database.
 * web.c the server (routes, headers, Host/Origin, sessions, CSRF, roles); web_auth.c passwords, tokens, the
 * wrong-password brake and the parsing of what a browser sends; web_pages.c the pages. */
#ifndef LOA_WEB_H
#define LOA_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "store.h"
#include "util.h"

#define WEB_HASH_LEN 128          /* crypto_pwhash_STRBYTES: a stored password hash with its NUL */
#define WEB_TOKEN_HEX 65          /* a session token, or its hash, as hex with its NUL */
#define WEB_IDLE_SECONDS (30 * 60)
#define WEB_ABSOLUTE_SECONDS (12 * 60 * 60)
#define WEB_BRAKE_MAX 30          /* seconds: the longest wait wrong passwords impose */

/* Serve CFG's page from ST on LISTEN ("ADDRESS:PORT", NULL: web.listen) until SIGTERM or SIGINT. 0, or -1 with ERR. */
int web_serve(struct config *cfg, store *st, const char *listen, char *err);

/* 1 when demo accounts may log in: the demo configuration (web.demo) listening on loopback only (LISTEN, NULL:
 * web.listen). */
int web_demo_allowed(const struct config *cfg, const char *listen);

/* ---- web_tls.c ---- */
/* A self-signed certificate for NAME (and the address IP, when not NULL) valid from NOW for ten years: its key
 * written to KEY_PATH (0600) and it to CERT_PATH; its SHA-256 fingerprint ("AB:CD:…") into FP. 0, or -1 (ERR). */
int web_cert_make(const char *cert_path, const char *key_path, const char *name, const char *ip, time_t now, char *fp,
                  size_t fpn, char *err);
/* The SHA-256 fingerprint of the PEM certificate: 0, or -1 when it is not one. */
int web_cert_fingerprint(const char *pem, char *out, size_t n);

/* ---- web_auth.c ---- */
/* libsodium ready: 0, or -1. */
int web_auth_init(void);
/* PW's Argon2id hash (OPSLIMIT/MEMLIMIT_INTERACTIVE) into OUT: 0, or -1 (out of memory). */
int web_password_hash(const char *pw, char out[WEB_HASH_LEN]);
/* 1 when PW matches HASH. */
int web_password_ok(const char *hash, const char *pw);
/* A new random session token (hex) and the hash of it that is stored. */
void web_token_new(char token[WEB_TOKEN_HEX]);
void web_token_hash(const char *token, char hash[WEB_TOKEN_HEX]);
/* The CSRF token of the session whose cookie holds TOKEN: derived from it, so never stored. */
void web_csrf_of(const char *token, char csrf[WEB_TOKEN_HEX]);
/* Constant-time equality of two NUL-terminated strings. */
int web_token_eq(const char *a, const char *b);

/* The wrong-password brake: per user name and per source address, each wrong password doubles the wait
 * before the next try (1, 2, 4 … WEB_BRAKE_MAX seconds); a right one clears that user's and address's.
 * Never a lockout: after the wait, a try is always heard. */
typedef struct web_brake web_brake;
web_brake *web_brake_new(void);
void web_brake_free(web_brake *b);
/* Seconds still to wait before USER from ADDR may try at NOW (0: now). */
long web_brake_wait(web_brake *b, const char *user, const char *addr, time_t now);
/* A wrong password at NOW: returns the wait now imposed. */
long web_brake_fail(web_brake *b, const char *user, const char *addr, time_t now);
void web_brake_clear(web_brake *b, const char *user, const char *addr);

/* FIELD's value in the application/x-www-form-urlencoded BODY (N bytes, not NUL-terminated), decoded
 * (+ and %XX) into OUT (N bytes): 0, or -1 when absent, longer than OUTN-1, or holding a NUL. */
int web_form_get(const char *body, size_t n, const char *field, char *out, size_t outn);
/* Cookie NAME's value from a Cookie header into OUT: 0, or -1 when absent or too long. */
int web_cookie_get(const char *header, const char *name, char *out, size_t outn);
/* 1 when HOST (a Host header, or an Origin's host part) is the listen address LISTEN or one of NAMES, with
 * LISTEN's port (a name may be given without it). */
int web_host_ok(const char *host, const char *listen, const struct cfg_strlist *names);

/* S appended to B with & < > " ' as entities: the one function every value in a page goes through. */
void web_esc(sbuf *b, const char *s);

#endif
