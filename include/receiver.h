/* receiver — what arrives (message parts, delivery reports) into the database, whoever delivers it. */
#ifndef LOA_RECEIVER_H
#define LOA_RECEIVER_H

#include <time.h>

#include "config.h"
#include "store.h"
#include "transport.h"

struct receiver {
    store *st;
    const struct config *cfg;
    const char *modem;          /* the sms.modems entry it came through */
};

/*
 * The one entry point for what arrives, whoever delivers it (a poll of a modem, a push from a gateway):
 * a part is stored (twice is a no-op), a delivery report marks its message delivered or failed.
 * Returns 0 once it is durably stored (the deliverer may then forget it: delete it from the modem,
 * answer the HTTP push), 1 to keep it and offer it again later (the store failed).
 */
int receiver_part(const struct receiver *rv, const struct transport_inpart *p, time_t now);
/* After a batch of parts: join the complete messages and let the reply engine act on them. 0 or -1 (logged). */
int receiver_wake(const struct receiver *rv, time_t now);
/* A pulling transport's turn: everything it holds through receiver_part, then receiver_wake. Returns the
 * transport's count or its error (enum transport_rc < 0, err set); a pushing one (no poll) does nothing. */
int receiver_poll(const struct receiver *rv, const struct transport_type *tt, transport *t, char *err);

#endif
