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

extern const struct transport_type transport_kannel;

#endif
