/* schedule — campaign schedules: parsing weekday names, and next occurrences (pure functions of time). */
#ifndef LOA_SCHEDULE_H
#define LOA_SCHEDULE_H

#include <time.h>

#include "config.h"

/* Add the weekday NAME ("mon".."sun", "t2".."t7", "cn", "daily"/"all") to the bitmask MASK (bit 0 = Sunday). */
int schedule_parse_weekday(const char *name, int *mask, char *err);

/*
 * The first occurrence of S strictly after AFTER, within [from_day, until_day] (local day numbers).
 * 0 with *out set, or -1 when there is none. every_days counts from from_day (or the Unix epoch day when open).
 */
int schedule_next(const struct cfg_schedule *s, long from_day, long until_day, time_t after, time_t *out);

/* 1 when local day DAY is a day of S (weekdays / days of the month / every N days from FROM_DAY, minus except). */
int schedule_day_matches(const struct cfg_schedule *s, long day, long from_day);

#endif
