/* transport — the table of ways of sending, looked up by the `type` of an sms.modems entry. */
#include "transport.h"

#include <string.h>

#include "kannel.h"
#include "util.h"

static const struct transport_type *const types[] = {&transport_gammu, &transport_kannel, NULL};

const struct transport_type *transport_lookup(const char *name)
{
    if (!name || !*name) return &transport_gammu;
    for (const struct transport_type *const *t = types; *t; t++)
        if (!strcmp((*t)->name, name)) return *t;
    return NULL;
}

const char *transport_names(void)
{
    return "\"gammu\", \"kannel\"";
}

int transport_reports(const struct config *cfg, const struct cfg_modem *mc)
{
    const struct transport_type *tt = transport_lookup(mc->type);
    return cfg->sms.delivery_reports && tt && tt->reports && tt->reports(mc);
}

int transport_reports_named(const struct config *cfg, const char *modem)
{
    for (size_t i = 0; i < cfg->sms.nmodems; i++)
        if (!modem || !strcmp(cfg->sms.modems[i].name, modem))
            if (transport_reports(cfg, &cfg->sms.modems[i])) return 1;
    return 0;
}

const char *transport_rc_name(int rc)
{
    switch (rc) {
    case TRANSPORT_OK: return "ok";
    case TRANSPORT_RETRY: return "retry";
    case TRANSPORT_PERMANENT: return "permanent";
    case TRANSPORT_UNKNOWN: return "unknown";
    case TRANSPORT_DOWN: return "down";
    case TRANSPORT_STOPPED: return "stopped";
    case TRANSPORT_UNSUPPORTED: return "unsupported";
    case TRANSPORT_PENDING: return "pending";
    default: return "invalid";
    }
}

int transport_balance(const struct transport_type *tt, transport *t, const char *code, char *reply, size_t n, char *err)
{
    if (!tt->balance) return util_err(err, "%s: no balance enquiry on this transport", tt->name), TRANSPORT_UNSUPPORTED;
    return tt->balance(t, code, reply, n, err);
}

int transport_clock(const struct transport_type *tt, transport *t, time_t *out, char *err)
{
    if (!tt->clock) return util_err(err, "%s: no network clock on this transport", tt->name), TRANSPORT_UNSUPPORTED;
    return tt->clock(t, out, err);
}
