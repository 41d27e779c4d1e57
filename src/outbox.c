/* outbox — validation in front of the queue: nothing bad is ever queued. */
#include "i18n.h"
#include "outbox.h"

#include <stdlib.h>

#include "phone.h"
#include "sms.h"
#include "transport.h"
#include "util.h"

int outbox_queue(store *st, const struct config *cfg, const struct outbox_msg *msg, time_t now, int64_t *id, char *err)
{
    char phone[32], perr[LOA_ERRLEN];
    if (phone_normalize(msg->phone, phone, perr) < 0) {
        util_err(err, _("phone '%s': %s"), msg->phone, perr);
        return 1;
    }
    struct sms_info info;
    char *text = sms_prepare_count(msg->text, msg->diacritics, &info, perr);
    if (!text) {
        util_err(err, "%s", perr);
        return 1;
    }
    int max = msg->max_parts > 0 ? msg->max_parts : cfg->sms.max_parts;
    if (info.parts > max) {
        util_err(err, _("text needs %d SMS parts (%s, %d characters), more than the %d allowed"), info.parts,
                 sms_encoding_name(info.encoding), info.chars, max);
        free(text);
        return 1;
    }
    struct outbox_row r = {
        .run_id = msg->run_id, .campaign = (char *)msg->campaign, .phone = phone, .text = text,
        .ucs2 = info.encoding == SMS_UCS2, .parts = info.parts, .kind = msg->kind, .priority = msg->priority,
        .urgent = msg->urgent, .next_attempt = now, .created = now, .reply_to = msg->reply_to,
    };
    int rc = store_outbox_add(st, &r, id);
    free(text);
    if (rc < 0) {
        util_err(err, "%s", store_errmsg(st));
        return -1;
    }
    return 0;
}

int outbox_delivery_collapsed(store *st, const struct config *cfg, const char *modem, time_t now, int *sent, int *delivered)
{
    *sent = *delivered = 0;
    if (!transport_reports_named(cfg, modem)) return 0;
    if (store_modem_delivery_rate(st, modem, now - 3600, sent, delivered) < 0) {
        *sent = *delivered = 0;
        return 0;
    }
    return *sent >= 20 && *delivered * 2 < *sent;
}
