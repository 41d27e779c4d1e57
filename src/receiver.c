/* receiver — parts stored first (the deliverer deletes them only after the commit), then joined and answered. */
#include "receiver.h"

#include <string.h>

#include "log.h"
#include "outbox.h"
#include "phone.h"
#include "replies.h"
#include "util.h"

#define REPORT_WINDOW (7 * 86400)   /* a modem's references wrap at 255: match sends of the last week only */

static void warn_low_delivery(const struct receiver *rv, time_t now)
{
    int sent, delivered;
    if (outbox_delivery_collapsed(rv->st, rv->cfg, rv->modem, now, &sent, &delivered))
        log_warn("modem %s: only %d of its last %d sends were delivered: the SIM may be blocked or out of credit",
                 rv->modem, delivered, sent);
}

static int report(const struct receiver *rv, const struct transport_inpart *p, time_t now)
{
    char e164[32], err[LOA_ERRLEN];
    const char *to = phone_normalize(p->report_recipient, e164, err) == 0 ? e164 : p->report_recipient;
    if (p->report_delivered < 0) return 0;   /* "still trying": wait for the final report */
    int64_t id = 0;
    int rc = store_outbox_delivery(rv->st, rv->modem, to, p->report_ref, p->report_delivered,
                                   p->report_time ? p->report_time : now, now - REPORT_WINDOW, &id);
    if (rc < 0) return 1;   /* keep it: try again next time */
    if (rc == 0) {
        log_info("outbox=%lld to %s %s", (long long)id, log_phone(to), p->report_delivered ? "delivered" : "NOT delivered");
        if (!p->report_delivered) warn_low_delivery(rv, now);
    } else
        log_warn("delivery report for %s (reference %s) matches no message sent in the last week", log_phone(to),
                 p->report_ref);
    return 0;
}

int receiver_part(const struct receiver *rv, const struct transport_inpart *p, time_t now)
{
    if (p->is_report) return report(rv, p, now);
    struct inbox_part_new np = {
        rv->modem, p->sender, p->smsc_time, p->concat_ref, p->concat_part, p->concat_total,
        p->text, p->coding, p->raw_hex, now, p->unreadable, p->location,
    };
    int rc = store_inbox_part_add(rv->st, &np);
    if (rc < 0) {
        log_error("received message from %s not stored (%s): left on the modem", log_phone(p->sender), store_errmsg(rv->st));
        return 1;
    }
    if (rc == 1) log_info("message from %s was stored before (crash between store and delete): not stored twice", log_phone(p->sender));
    if (rc == 0 && p->unreadable) {
        char t[24];
        log_warn("modem %s: a message from %s at %s could not be read: recorded in the inbox, removed from the modem",
                 rv->modem, strcmp(p->sender, "?") ? log_phone(p->sender) : "an unknown sender",
                 p->smsc_time ? util_fmt_time(p->smsc_time, t, sizeof t) : "an unknown time");
    }
    return 0;
}

int receiver_wake(const struct receiver *rv, time_t now)
{
    if (store_inbox_assemble(rv->st, rv->modem, now, rv->cfg->sms.multipart_timeout) < 0 ||
        replies_handle_pending(rv->st, rv->cfg, now) < 0) {
        log_error("inbox: %s", store_errmsg(rv->st));
        return -1;
    }
    return 0;
}

static int on_part(void *ud, const struct transport_inpart *p)
{
    return receiver_part(ud, p, util_now());
}

int receiver_poll(const struct receiver *rv, const struct transport_type *tt, transport *t, char *err)
{
    if (!tt->poll) return 0;
    int n = tt->poll(t, on_part, (void *)rv, err);
    receiver_wake(rv, util_now());
    return n;
}
