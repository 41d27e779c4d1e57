/* run — `loa run`: the long-running process. Scheduler in the parent, one sender worker per modem. */
#ifndef LOA_RUN_H
#define LOA_RUN_H

struct run_opts {
    int once;           /* do what is due at --now, then exit when idle */
    int trust_clock;    /* send even if the clock looks wrong */
};

/* CONFIG_PATH is reloaded on SIGHUP. Returns a process exit code. */
int run_main(const char *config_path, const struct run_opts *o);

#endif
