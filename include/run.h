/* run — `loa run`: the long-running process. Scheduler in the parent, one sender worker per modem. */
#ifndef LOA_RUN_H
#define LOA_RUN_H

#include "store.h"

struct run_opts {
    int once;           /* do what is due at --now, then exit when idle */
    int trust_clock;    /* send even if the clock looks wrong */
};

/* CONFIG_PATH is reloaded on SIGHUP. Returns a process exit code. */
int run_main(const char *config_path, const struct run_opts *o);

/* The pid of the `loa run` that has ST's database open, or 0 when none runs (it may have been killed). */
int run_daemon_pid(store *st);

#endif
