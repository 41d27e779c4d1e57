/* schedule — campaign schedules: weekday names and next occurrences, pure functions of time. */
#include "schedule.h"

#include <limits.h>
#include <string.h>

#include "util.h"

int schedule_parse_weekday(const char *name, int *mask, char *err)
{
    static const struct { const char *name; int bit; } names[] = {
        {"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6},
        {"cn", 0}, {"t2", 1}, {"t3", 2}, {"t4", 3}, {"t5", 4}, {"t6", 5}, {"t7", 6},
    };
    if (util_streq_ci(name, "daily") || util_streq_ci(name, "all")) {
        *mask |= 0x7f;
        return 0;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (util_streq_ci(names[i].name, name)) {
            *mask |= 1 << names[i].bit;
            return 0;
        }
    return util_err(err, "day '%s' is not a weekday (mon…sun or t2…t7, cn) or a day of the month (1–31)", name);
}

int schedule_day_matches(const struct cfg_schedule *s, long day, long from_day)
{
    for (size_t i = 0; i < s->nexcept; i++)
        if (s->except[i] == day) return 0;
    if (s->every_days > 0) {
        long base = from_day == LONG_MIN ? 0 : from_day;
        long k = day - base;
        if (k < 0 || k % s->every_days) return 0;
    }
    if (!s->weekdays && !s->monthdays) return 1;
    int wday = (int)(((day % 7) + 11) % 7);
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    return ((s->weekdays >> wday) & 1) || ((s->monthdays >> d) & 1);
}

int schedule_next(const struct cfg_schedule *s, long from_day, long until_day, time_t after, time_t *out)
{
    int found = 0;
    time_t best = 0;
    for (size_t i = 0; i < s->nat; i++) {
        time_t t = s->at[i];
        long day = util_local_day(t);
        if (t <= after || day < from_day || day > until_day) continue;
        if (!found || t < best) { best = t; found = 1; }
    }
    if (s->ntimes) {
        long day = util_local_day(after);
        if (day < from_day) day = from_day;
        /* Ten years of days bound the search: a schedule that matches nothing ends. */
        for (long n = 0; n < 3660 && day <= until_day; n++, day++) {
            if (found && util_day_start(day) > best) break;
            if (!schedule_day_matches(s, day, from_day)) continue;
            for (size_t i = 0; i < s->ntimes; i++) {
                time_t t = util_slot_time(day, s->times[i]);
                if (t <= after) continue;
                if (!found || t < best) { best = t; found = 1; }
                break;
            }
            if (found) break;
        }
    }
    if (!found) return -1;
    *out = best;
    return 0;
}
