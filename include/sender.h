/* sender — one worker process per sms.modems entry: claims due outbox rows and hands them to its transport. */
#ifndef LOA_SENDER_H
#define LOA_SENDER_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "store.h"
#include "transport.h"

struct sender_opts {
    int once;          /* exit when nothing is due */
    int trust_clock;   /* send even when the clock looks wrong */
    const struct transport_type *transport;   /* NULL: the one the modem's `type` names (tests pass their own) */
};

/* The worker's whole life; returns a process exit code. Runs in its own process: libGammu is not thread-safe. */
int sender_main(const struct config *cfg, const struct cfg_modem *m, const struct sender_opts *o);

/* ---- the sending rules: one pure function of the row, the time, the configuration and the counts ---- */

enum sender_verdict {
    SENDER_GO = 0,      /* no row yet: claim one (quiet says which may go); a claimed row: hand it over */
    SENDER_WAIT,        /* no row yet: nothing may go; look again in wait_ms (< 0: when something changes) */
    SENDER_CANCEL,      /* the claimed row must never go (its number opted out) */
    SENDER_DEFER        /* the claimed row goes back to the queue until `until`, not counted as an attempt */
};
enum sender_reason {
    SENDER_OK = 0, SENDER_PAUSED, SENDER_CLOCK, SENDER_RATE, SENDER_DAILY, SENDER_QUIET, SENDER_OPTOUT, SENDER_CAP,
    SENDER_BUDGET
};
const char *sender_reason_name(int reason);

struct sender_counts {          /* what the rules read besides the row, gathered by the worker */
    int paused;                 /* `loa pause` is in force */
    int clock_bad;              /* the clock looks wrong and --trust-clock was not given */
    int64_t mono_ms;            /* monotonic now */
    int64_t next_send_ms;       /* monotonic time the modem's rate lets the next message go (0: now) */
    int parts_today;            /* parts this modem sent since local midnight */
    int opted_out;              /* the row's number opted out */
    int sent_today;             /* campaign SMS to the row's number since midnight, the claimed row included */
    int auto_parts_today;       /* parts of automatic replies this modem took since midnight, the row included */
};

struct sender_decision {
    int verdict;                /* enum sender_verdict */
    int reason;                 /* enum sender_reason: why not SENDER_GO */
    int quiet;                  /* quiet hours now: only urgent rows (answers to reporters among them) may be claimed */
    int64_t wait_ms;            /* SENDER_WAIT: how long until it is worth looking again (< 0: no deadline) */
    time_t until;               /* SENDER_DEFER, and SENDER_WAIT on a loa-clock deadline: when */
};

/* R NULL: may anything be claimed now? R a claimed row: may it go now? Nothing is read but the arguments. */
void sender_policy(const struct outbox_row *r, time_t now, const struct cfg_sms *sc, const struct cfg_modem *mc,
                   const struct sender_counts *c, struct sender_decision *d);

/* 1 when local time T is inside quiet hours [from, to) (minutes after midnight; from == to: never). */
int sender_in_quiet(time_t t, int from, int to);
/* The first moment at or after T outside quiet hours. */
time_t sender_quiet_end(time_t t, int from, int to);

#endif
