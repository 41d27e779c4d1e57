/* outbox — putting a message in the queue: number checked, text prepared and counted, bounds enforced. */
#ifndef LOA_OUTBOX_H
#define LOA_OUTBOX_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "store.h"

struct outbox_msg {
    const char *phone;         /* any form the officer types; normalised to E.164 */
    const char *text;          /* UTF-8 */
    int diacritics;            /* 0 = strip Vietnamese marks (GSM-7) */
    int max_parts;             /* 0 = sms.max_parts */
    int kind;                  /* enum outbox_kind */
    int urgent;
    int priority;
    int64_t run_id;
    const char *campaign;
    int64_t reply_to;          /* inbox row this answers */
};

/*
 * Validate and queue MSG at NOW. 0 with *id (may be NULL); 1 when the input is bad
 * (err says why: invalid number, empty, invalid UTF-8, too many parts); -1 on a store error.
 */
int outbox_queue(store *st, const struct config *cfg, const struct outbox_msg *msg, time_t now, int64_t *id, char *err);

/*
 * MODEM's delivery rate has collapsed: fewer than half of its last 50 sends made an hour or more
 * before NOW were delivered (and at least 20 of them got a report). That usually means the SIM is
 * blocked or out of credit. Only for a modem that brings reports back and was asked for them
 * (transport_reports): on Gammu's dummy phone nothing is ever delivered. Returns 1 when so, 0 when not
 * (or too few to judge, or a store error);
 * *SENT and *DELIVERED get the figures behind it (0 when unknown).
 */
int outbox_delivery_collapsed(store *st, const struct config *cfg, const char *modem, time_t now, int *sent, int *delivered);

#endif
