/* run — `loa run`: the long-running process. Scheduler in the parent, one sender worker per modem. */
#ifndef LOA_RUN_H
#define LOA_RUN_H

#include "store.h"

struct run_opts {
    int once;           /* do what is due at --now, then exit when idle */
    int trust_clock;    /* send even if the clock looks wrong */
};

/* What --once left undone: messages still queued while a modem's worker could not send. */
struct run_outcome {
    long waiting;       /* messages queued at the end */
    char down[128];     /* the modems whose worker failed (could not open, database refused), comma-separated */
};

/* CONFIG_PATH is reloaded on SIGHUP. Returns a process exit code; with --once, LOA_EXIT_SYSTEM when
 * messages wait and a modem could not send them (RES, when not NULL, says how many and which). */
int run_main(const char *config_path, const struct run_opts *o, struct run_outcome *res);

/* The pid of the `loa run` that has ST's database open, or 0 when none runs (it may have been killed). */
int run_daemon_pid(store *st);

#endif
