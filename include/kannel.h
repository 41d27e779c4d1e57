/* kannel — the `kannel` transport: a carrier account (SMPP) through Kannel's smsbox, over HTTP with libcurl. */
#ifndef LOA_KANNEL_H
#define LOA_KANNEL_H

#include "transport.h"

/*
 * What smsbox's answer to one sendsms request means for that part (pure: the sender's rules rest on it).
 * CURL_RC is libcurl's result, HTTP its status (0 when none came), SENT 1 when the request was written out
 * before the failure. Returns TRANSPORT_OK (accepted), TRANSPORT_RETRY (not taken: 503, refused connection),
 * TRANSPORT_UNKNOWN (written, no answer: maybe queued), TRANSPORT_DOWN (401/403: loa's account is wrong),
 * TRANSPORT_PERMANENT (any other 4xx: this message never will be).
 */
int kannel_outcome(int curl_rc, long http, int sent);

/* One HTTP request smsbox made to loa's listener, as it came: nothing in it is trusted yet. */
struct kannel_push {
    const char *path;           /* "/mo" (sms-service post-url) or "/dlr" (the dlr-url loa gave) */
    const char *secret;         /* the k= argument */
    const char *from, *udh, *coding, *charset;   /* /mo: X-Kannel-From, -UDH (hex), -Coding, Content-Type's charset */
    const char *ref, *to, *type;                 /* /dlr: loa's part reference and number, Kannel's type (%d) */
    const unsigned char *body;  /* /mo: the text */
    size_t len;
};

/* A push checked and decoded, ready for receiver_part: P's strings point into this struct. */
struct kannel_in {
    struct transport_inpart p;
    char sender[64];
    char text[1024];            /* UTF-8 */
    char raw[2 * (140 + 280) + 1];   /* the UDH then the body, in hex */
    char ref[48], recipient[32];
};

enum kannel_parse_rc { KANNEL_PARSE_OK = 0, KANNEL_PARSE_BAD = -1, KANNEL_PARSE_FORBIDDEN = -2 };

/* Check Q against SECRET (constant time) and decode it into OUT. KANNEL_PARSE_OK, or BAD (answered 400,
 * smsbox does not retry) / FORBIDDEN (403) with the reason in err. */
int kannel_parse(const struct kannel_push *q, const char *secret, struct kannel_in *out, char *err);

extern const struct transport_type transport_kannel;

#endif
