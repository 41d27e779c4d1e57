/* wake — sleep until a deadline, a signal, or another process's commit to the database (inotify): never poll. */
#ifndef LOA_WAKE_H
#define LOA_WAKE_H

#include <stdint.h>
#include <time.h>

typedef struct wake wake;

/*
 * Watch the folder of DB_PATH for writes to the database or its WAL, and install
 * handlers for SIGTERM, SIGINT, SIGHUP and SIGCHLD that wake the waiter. DB_PATH NULL: signals
 * and time only (the daemon's parent, which acts on neither the database nor its commits). NULL + err on failure.
 */
wake *wake_open(const char *db_path, char *err);
void wake_close(wake *w);

/*
 * The one place a wake-up time is computed: *MS (a wake_wait timeout, < 0: none yet) becomes the
 * sooner of itself and AT_MS from now (an amount, < 0: none), never below 0. Callers start from -1
 * and offer every deadline they have, each converted to ms from now by the helpers below.
 */
void wake_sooner(int64_t *ms, int64_t at_ms);
/* Offer a monotonic deadline (util_mono_ms; one passed: at once) or a loa-clock deadline (util_now; 0: none). */
void wake_sooner_mono(int64_t *ms, int64_t mono_deadline);
void wake_sooner_time(int64_t *ms, time_t deadline);

enum { WAKE_TIMEOUT = 0, WAKE_DB = 1, WAKE_SIGNAL = 2 };
/* Wait at most TIMEOUT_MS (< 0: forever). Returns WAKE_TIMEOUT, WAKE_DB or WAKE_SIGNAL. */
int wake_wait(wake *w, int64_t timeout_ms);

/* Signals seen since the last call (and cleared): bit masks of the flags below. */
enum { WAKE_SIG_TERM = 1, WAKE_SIG_HUP = 2, WAKE_SIG_CHLD = 4 };
int wake_signals(void);
/* 1 once SIGTERM or SIGINT arrived (not cleared by wake_signals). */
int wake_stopping(void);
/* The flag wake_stopping reads, for code that must check it mid-operation (modem_send). */
const volatile int *wake_stop_flag(void);

#endif
