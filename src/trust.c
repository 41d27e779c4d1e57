/*
 * trust — whether loa believes its clock. A box that lost power may boot at 2035 or at 2020; what cannot be
 * undone (removing texts, skipping runs, marking a period's report made) waits until the clock is trusted:
 * --trust-clock, a modem's network time within an hour, or, where no transport reports network time (the
 * dummy phone, many dongles), a clock no earlier than loa's last heartbeat and no more than 7 days after it.
 * The heartbeat is written only under a trusted clock, so a wrong clock never vouches for itself.
 */
#include "trust.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define KEY_HEARTBEAT "clock.heartbeat"   /* loa time of the daemon's last tick under a trusted clock */
#define KEY_VERDICT "clock.trust"         /* "1 why" or "0 why": the daemon's last verdict */
#define KEY_NETWORK "clock.network"       /* "at skew modem": the latest network time a worker read */

static int setting_time(store *st, const char *key, time_t *t)
{
    char buf[64];
    long long v;
    int rc = store_setting_get(st, key, buf, sizeof buf);
    if (rc != 0) return rc;
    if (util_parse_int(buf, &v) < 0) return 1;
    *t = (time_t)v;
    return 0;
}

static int verdict(struct trust *t, int trusted, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int verdict(struct trust *t, int trusted, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->why, sizeof t->why, fmt, ap);
    va_end(ap);
    t->trusted = trusted;
    return 0;
}

/* The latest network time read since STARTED: 1 when one decides (T set), 0 none. */
static int by_network(store *st, time_t now, time_t started, struct trust *t)
{
    char buf[128], modem[64];
    long long at;
    long skew;
    if (store_setting_get(st, KEY_NETWORK, buf, sizeof buf) != 0) return 0;
    if (sscanf(buf, "%lld %ld %63s", &at, &skew, modem) != 3 || (time_t)at < started || (time_t)at > now) return 0;
    if (labs(skew) > TRUST_SKEW_MAX)
        return verdict(t, 0, "modem %s's network time differs from the clock by %ld s", modem, skew), 1;
    return verdict(t, 1, "modem %s's network time agrees (within %ld s)", modem, labs(skew)), 1;
}

int trust_judge(store *st, time_t now, time_t started, int flag, struct trust *t)
{
    char a[24], b[24];
    if (flag) return verdict(t, 1, "--trust-clock");
    if (by_network(st, now, started, t)) return 0;
    time_t ref = 0;
    int rc = setting_time(st, KEY_HEARTBEAT, &ref);
    const char *what = "loa's last heartbeat";
    if (rc < 0 || (rc == 1 && store_latest_time(st, &ref) < 0)) {
        verdict(t, 0, "the database could not be read to judge the clock");
        return -1;
    }
    if (rc == 1) what = "the latest time the database records";
    if (!ref) return verdict(t, 1, "a new database");
    util_fmt_time(now, a, sizeof a);
    util_fmt_time(ref, b, sizeof b);
    if (now < ref - TRUST_BACK_MAX)
        return verdict(t, 0, "the clock (%s) is before %s (%s)", a, what, b);
    if (now > ref + TRUST_HEARTBEAT_MAX)
        return verdict(t, 0, "the clock (%s) is %lld days after %s (%s), more than %d, and no modem reports network time",
                       a, (long long)((now - ref) / 86400), what, b, TRUST_HEARTBEAT_MAX / 86400);
    return verdict(t, 1, "within %d days of %s", TRUST_HEARTBEAT_MAX / 86400, what);
}

int trust_last(store *st, struct trust *t)
{
    char buf[sizeof t->why + 4];
    int rc = store_setting_get(st, KEY_VERDICT, buf, sizeof buf);
    if (rc != 0) return rc;
    t->trusted = buf[0] == '1';
    const char *why = buf[0] && buf[1] ? buf + 2 : "";
    size_t n = strlen(why);
    if (n >= sizeof t->why) n = sizeof t->why - 1;
    memcpy(t->why, why, n);
    t->why[n] = 0;
    return 0;
}

int trust_record(store *st, const struct trust *t, time_t now)
{
    struct trust old;
    char buf[sizeof t->why + 4];
    int changed = trust_last(st, &old) != 0 || old.trusted != t->trusted || strcmp(old.why, t->why);
    if (changed) {
        snprintf(buf, sizeof buf, "%d %s", t->trusted, t->why);
        if (store_setting_set(st, KEY_VERDICT, buf) < 0) return -1;
    }
    if (t->trusted) {
        snprintf(buf, sizeof buf, "%lld", (long long)now);
        if (store_setting_set(st, KEY_HEARTBEAT, buf) < 0) return -1;
    }
    return changed;
}

int trust_network_seen(store *st, const char *modem, time_t now, long skew)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%lld %ld %s", (long long)now, skew, modem);
    return store_setting_set(st, KEY_NETWORK, buf);
}
