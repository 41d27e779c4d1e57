/* trust — whether loa believes its clock, and why: what deleting, skipping and reporting wait for. */
#ifndef LOA_TRUST_H
#define LOA_TRUST_H

#include <time.h>

#include "store.h"

#define TRUST_SKEW_MAX 3600            /* a network time this close (s) vouches for the clock */
#define TRUST_HEARTBEAT_MAX (7 * 86400) /* the longest gap after the last heartbeat loa believes on its own */
#define TRUST_BACK_MAX 3600            /* how far before the last heartbeat a clock may be (restarts at one --now) */

struct trust {
    int trusted;
    char why[256];                     /* English, for the log and `loa status` */
};

/*
 * Judge the clock at NOW for a daemon started at STARTED (loa time): --trust-clock (FLAG); else the latest
 * network time a worker read since STARTED (within TRUST_SKEW_MAX); else NOW no earlier than the last
 * heartbeat (or, before the first one, the latest time a row records) and no more than TRUST_HEARTBEAT_MAX
 * after it; an empty database trusts. 0, or -1 (a database error; T says untrusted).
 */
int trust_judge(store *st, time_t now, time_t started, int flag, struct trust *t);

/* Record T (the daemon's verdict, for `loa status`) when it changed, and the heartbeat NOW when trusted.
 * Returns 1 when the verdict changed (the caller logs it), 0, or -1. */
int trust_record(store *st, const struct trust *t, time_t now);

/* The daemon's last verdict: 0 (T set), 1 none recorded, -1. */
int trust_last(store *st, struct trust *t);

/* A worker's reading of the network time: NOW by loa's clock, SKEW = network - NOW, from MODEM. */
int trust_network_seen(store *st, const char *modem, time_t now, long skew);

#endif
