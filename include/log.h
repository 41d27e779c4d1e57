/* log — the one logging module: levels, stderr or a file, phone numbers masked. */
#ifndef LOA_LOG_H
#define LOA_LOG_H

#include "util.h"

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Open PATH for appending (NULL = stderr). 0 or -1 with err filled. */
int log_open(const char *path, enum log_level level, char *err);
void log_close(void);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Prefix every line with NAME (e.g. the worker "m1"); NULL for none. */
void log_set_tag(const char *name);

void log_error(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_warn(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_info(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_debug(const char *fmt, ...) LOA_PRINTF(1, 2);

/*
 * Mask a phone number for logs: "+84912345678" -> "+8491****678".
 * Returns one of a ring of 8 static buffers, so up to 8 may appear in one log call.
 */
const char *log_phone(const char *phone);

/* ONE when N is 1, else MANY: English words of a log line, which is never translated (what the
 * officer reads counts with ngettext instead). */
const char *log_plural(long n, const char *one, const char *many);

#endif
