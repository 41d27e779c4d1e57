/* sender — one worker process per modem: sends the due outbox rows through it, takes in what it receives and
 * its delivery reports; the quiet-hours arithmetic. */
#ifndef LOA_SENDER_H
#define LOA_SENDER_H

#include <time.h>

#include "config.h"

struct sender_opts {
    int once;          /* exit when nothing is due */
    int trust_clock;   /* send even when the clock looks wrong */
};

/* The worker's whole life; returns a process exit code. Runs in its own process: libGammu is not thread-safe. */
int sender_main(const struct config *cfg, const struct cfg_modem *m, const struct sender_opts *o);

/* 1 when local time T is inside quiet hours [from, to) (minutes after midnight; from == to: never). */
int sender_in_quiet(time_t t, int from, int to);
/* The first moment at or after T outside quiet hours. */
time_t sender_quiet_end(time_t t, int from, int to);

#endif
