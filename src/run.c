/*
 * run — the daemon. The parent owns the configuration and the scheduler, and supervises
 * one worker process per enabled modem (libGammu is not thread-safe). Its loop:
 * for (;;) { next = tick(); wait(next or a signal); dispatch(); }
 *
 * SIGHUP reloads the configuration, as does a row of reload_requests (the page saved a campaign
 * file; seen at its commit): an invalid new one is refused (its errors logged) and the old one
 * kept; workers are restarted with the new one. SIGTERM stops the
 * workers (each finishes the message in flight) and exits.
 *
 * The database is checked (quick_check) before anything starts; a damaged one found later
 * (by the scheduler, or a worker that stops on it) stops the daemon with exit status 3.
 */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broadcast.h"
#include "config.h"
#include "log.h"
#include "report.h"
#include "scheduler.h"
#include "sender.h"
#include "store.h"
#include "stream.h"
#include "trust.h"
#include "util.h"
#include "wake.h"

#define SCHEDULER_RETRY 60        /* seconds before a failed tick (full disk, lock) is tried again */
#define RESTART_FIRST_MS 1000     /* first wait before restarting a worker that exited */
#define RESTART_MAX_MS 60000      /* longest such wait */

struct child {
    pid_t pid;
    int64_t restart_at;     /* monotonic ms */
    int64_t backoff;        /* ms */
};

struct daemon {
    tts *tts;               /* opened on the first render: one espeak-ng per process */
    const char *config_path;
    const struct run_opts *o;
    struct config *cfg;
    store *st;
    wake *wk;
    struct child *kids;     /* one per cfg->sms.modems[i] */
    struct run_outcome res;  /* --once: the workers that failed, the messages left */
    size_t nkids;
    struct child streamer;  /* the stream worker, with broadcast.stream (stream.c) */
    int check_db;           /* a worker failed: is the database damaged? */
    int lock_fd;            /* DATABASE.lock, flock'ed for the daemon's whole life; -1 none */
    wake *wk_db;            /* the same, woken by commits too (not with --once): for a khẩn cấp item only */
    int64_t urgent_last;    /* monotonic ms of the last look for a khẩn cấp item on a commit */
    int reload_pending;     /* run_wait saw a reload request (marked done): reload before the next tick */
    time_t started;         /* loa time at start: a network time read since then counts (trust.c) */
    struct trust trust;     /* the clock's verdict at the last tick */
    int judged;             /* the verdict has been logged once */
};

#define HEARTBEAT_EVERY 3600      /* the heartbeat (trust.c) is at most this old while the daemon runs */

/* Whether the clock is trusted now: logged at the first tick and whenever the verdict changes, recorded for
 * `loa status`, and the heartbeat written while it is. */
static void judge_clock(struct daemon *d, time_t now)
{
    struct trust t;
    if (trust_judge(d->st, now, d->started, d->o->trust_clock, &t) < 0) log_warn("%s", store_errmsg(d->st));
    int changed = trust_record(d->st, &t, now);
    if (changed < 0) log_warn("clock verdict not recorded: %s", store_errmsg(d->st));
    if (!d->judged || d->trust.trusted != t.trusted || strcmp(d->trust.why, t.why)) {
        if (t.trusted) log_info("clock trusted (%s)", t.why);
        else log_warn("clock not trusted: %s; until it is, nothing is purged, no run is skipped (late runs are "
                      "held) and no report is made: fix the time, or start loa run with --trust-clock", t.why);
    }
    d->trust = t;
    d->judged = 1;
}

static int tick_scheduler(struct daemon *d, time_t now, time_t *next)
{
    return scheduler_tick_clock(d->st, d->cfg, now, d->trust.trusted, next);
}

static pid_t spawn(struct daemon *d, size_t i)
{
    const struct cfg_modem *m = &d->cfg->sms.modems[i];
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        log_error("fork for modem %s: %s", m->name, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* The child opens its own database connection and modem; the parent's handles stay untouched. */
        struct sender_opts so = {.once = d->o->once, .trust_clock = d->o->trust_clock};
        _exit(sender_main(d->cfg, m, &so));
    }
    log_debug("worker for modem %s started (pid %d)", m->name, (int)pid);
    return pid;
}

/* The stream worker: its own process, since it paces audio in real time while the parent sleeps. */
static void start_streamer(struct daemon *d)
{
    struct child *k = &d->streamer;
    if (k->pid > 0 || !d->cfg->broadcast.stream.enabled || d->o->once || util_mono_ms() < k->restart_at) return;
    fflush(NULL);
    k->pid = fork();
    if (k->pid == 0) _exit(stream_main(d->cfg));
    if (k->pid < 0) {
        log_error("fork for the stream: %s", strerror(errno));
        k->pid = 0;
        k->restart_at = util_mono_ms() + 60000;
    }
}

static void start_workers(struct daemon *d)
{
    start_streamer(d);
    for (size_t i = 0; i < d->nkids; i++) {
        struct child *k = &d->kids[i];
        if (k->pid > 0 || !d->cfg->sms.modems[i].enabled) continue;
        if (util_mono_ms() < k->restart_at) continue;
        k->pid = spawn(d, i);
    }
}

/* Rule 2 while the daemon runs: a worker gone (killed on its own, crashed, stopped) left the message it had
 * claimed in `sending`; nothing else sends on its modem (one daemon per database), so that row was in the
 * modem's hands: maybe sent. It becomes `unknown` now, not at the next start; unless its transport had not yet
 * handed the device any part of it (`written` 0): then it goes back to the queue. */
static void worker_gone(struct daemon *d, size_t i)
{
    const char *name = d->cfg->sms.modems[i].name;
    int requeued;
    int n = store_outbox_recover(d->st, name, util_now(), &requeued);
    if (n < 0) log_error("modem %s: the message left in sending was not marked unknown: %s", name, store_errmsg(d->st));
    if (requeued > 0) {
        log_info("modem %s: %d message%s claimed by its worker had not reached the modem: queued again", name,
                 requeued, requeued == 1 ? "" : "s");
        store_event(d->st, "outbox.requeue", name, "message claimed by a worker that stopped before the modem had it, queued again");
    }
    if (n > 0) {
        log_warn("modem %s: %d %s being sent when its worker stopped: marked unknown, not resent "
                 "(`loa outbox list --state unknown`, `loa outbox retry --unknown`)", name, n,
                 log_plural(n, "message was", "messages were"));
        store_event(d->st, "outbox.recover", name, "message left in sending by a worker that stopped marked unknown");
    }
}

static void stop_workers(struct daemon *d)
{
    for (size_t i = 0; i < d->nkids; i++)
        if (d->kids[i].pid > 0) kill(d->kids[i].pid, SIGTERM);
    if (d->streamer.pid > 0) {
        kill(d->streamer.pid, SIGTERM);
        while (waitpid(d->streamer.pid, NULL, 0) < 0 && errno == EINTR)
            ;
        d->streamer.pid = 0;
    }
    /* Wait for each worker to be gone: a worker may take a while (a message in flight, a slow modem), and
     * another one's SIGCHLD interrupts this waitpid (the handler has no SA_RESTART, so that wake_wait's poll
     * wakes). Giving up on EINTR would leave that worker running after loa exits, or beside its replacement
     * after a SIGHUP: two processes on one modem. */
    for (size_t i = 0; i < d->nkids; i++)
        if (d->kids[i].pid > 0) {
            while (waitpid(d->kids[i].pid, NULL, 0) < 0 && errno == EINTR)
                ;
            d->kids[i].pid = 0;
            worker_gone(d, i);
        }
}

/* Collect exited workers; schedule restarts with backoff. Returns how many are still running. */
static size_t reap(struct daemon *d)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == d->streamer.pid) {
            struct child *k = &d->streamer;
            k->pid = 0;
            k->backoff = k->backoff ? k->backoff * 2 : 1000;
            if (k->backoff > 60000) k->backoff = 60000;
            k->restart_at = util_mono_ms() + k->backoff;
            log_warn("stream worker exited (%s %d); restarting in %lld s", WIFSIGNALED(status) ? "signal" : "status",
                     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), (long long)(k->backoff / 1000));
            continue;
        }
        for (size_t i = 0; i < d->nkids; i++) {
            struct child *k = &d->kids[i];
            if (k->pid != pid) continue;
            k->pid = 0;
            worker_gone(d, i);
            if (d->o->once) {
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                    char *dn = d->res.down;
                    size_t len = strlen(dn);
                    snprintf(dn + len, sizeof d->res.down - len, "%s%s", len ? ", " : "", d->cfg->sms.modems[i].name);
                }
                break;
            }
            if (WIFEXITED(status) && WEXITSTATUS(status) == LOA_EXIT_SYSTEM) d->check_db = 1;
            k->backoff = util_backoff(k->backoff, RESTART_FIRST_MS, RESTART_MAX_MS);
            k->restart_at = util_mono_ms() + k->backoff;
            log_warn("worker for modem %s exited (%s %d); restarting in %lld s", d->cfg->sms.modems[i].name,
                     WIFSIGNALED(status) ? "signal" : "status", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
                     (long long)(k->backoff / 1000));
        }
    }
    size_t alive = 0;
    for (size_t i = 0; i < d->nkids; i++) alive += d->kids[i].pid > 0;
    return alive;
}

/* After a worker failed: 1 when a fresh look at the whole file finds it damaged. A fresh
 * connection, since the parent's own may still hold good copies of the pages in its cache. A file
 * that cannot be opened at all (a lock) decides nothing: the worker's restart will tell again. */
/* The check runs in a child of its own: a second connection opened and closed in this process, which forks the
 * workers, left the next worker's database connection broken (its writes failed with ENOTTY and the file was
 * malformed afterwards: test_crash_before_pdu.sh). 1 damaged, 0 not (or the check could not run). */
static int database_damaged(struct daemon *d)
{
    pid_t pid = fork();
    if (pid < 0) return log_warn("the database check could not start: %s", strerror(errno)), 0;
    if (pid == 0) {
        store *st = store_open(d->cfg->database, NULL);
        int bad = st && store_check(st) < 0 && store_fault(st) == STORE_FAULT_DAMAGED;
        if (bad) log_error("%s", store_errmsg(st));
        store_close(st);
        _exit(bad ? 1 : 0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

static void set_config(struct daemon *d, struct config *cfg)
{
    config_free(d->cfg);
    d->cfg = cfg;
    free(d->kids);
    d->nkids = cfg->sms.nmodems;
    d->kids = xcalloc(d->nkids ? d->nkids : 1, sizeof *d->kids);
    size_t enabled = 0;
    for (size_t i = 0; i < cfg->sms.nmodems; i++) enabled += cfg->sms.modems[i].enabled;
    if (!enabled) log_warn("no enabled modem in %s: nothing will be sent", cfg->path);
}

/* The daemon's daily work besides sending: the loudspeaker (today's and tomorrow's programme, renders due,
 * autoplay), retention's purge once a day, the reports when due. Returns the loudspeaker's next event. */
static time_t broadcast_tick(struct daemon *d, time_t now)
{
    char err[LOA_ERRLEN];
    long today = util_local_day(now);
    if (broadcast_plan(d->st, d->cfg, today, now, err) < 0 || broadcast_plan(d->st, d->cfg, today + 1, now, err) < 0 ||
        broadcast_render_due(d->st, d->cfg, now, &d->tts, err) < 0 || broadcast_autoplay(d->st, d->cfg, now, err) < 0)
        log_error("broadcast: %s", err);
    /* retention: once a day, texts older than retention.inbox_days go (counts stay) */
    char buf[32], date[16];
    util_fmt_date(now, date, sizeof date);
    /* what cannot be undone waits for a trusted clock: a box at 2035 would remove every text, and mark
     * reports of periods not yet over as made */
    if (!d->trust.trusted) return broadcast_next_event(d->st, d->cfg, now);
    if (d->cfg->retention_inbox_days > 0 &&
        (store_setting_get(d->st, "purge.last", buf, sizeof buf) != 0 || strcmp(buf, date))) {
        struct purge_result pr;
        if (store_purge(d->st, now - (time_t)d->cfg->retention_inbox_days * 86400, &pr) == 0) {
            store_setting_set(d->st, "purge.last", date);
            if (pr.inbox || pr.outbox || pr.answers || pr.enrollments)
                log_info("retention: texts older than %d days removed (%ld received, %ld sent, %ld poll answers, "
                         "%ld enrollment entries)", d->cfg->retention_inbox_days, pr.inbox, pr.outbox, pr.answers,
                         pr.enrollments);
        }
    }
    /* the monthly, half-year and annual reports, once each, from the 10th (report.day) */
    if (report_make_due(d->st, d->cfg, now, err) < 0) log_error("report: %s", err);
    return broadcast_next_event(d->st, d->cfg, now);
}

/* WHY: "SIGHUP", or "reload request" (a row of reload_requests: the page saved a campaign file). */
static void reload(struct daemon *d, const char *why)
{
    struct config *cfg = config_load(d->config_path);
    if (cfg->errors.n) {
        log_error("%s: the new configuration has %zu %s; keeping the old one", why, cfg->errors.n,
                  log_plural((long)cfg->errors.n, "error", "errors"));
        for (size_t i = 0; i < cfg->errors.n; i++) log_error("%s", cfg->errors.v[i]);
        config_free(cfg);
        return;
    }
    log_info("%s: configuration reloaded from %s", why, d->config_path);
    stop_workers(d);
    set_config(d, cfg);
    scheduler_cancel_disabled(d->st, d->cfg);
}

/* The requests to reread the configuration that the database holds (the page's campaign form leaves one after
 * each save; the database is the only channel between the processes): 1 when there is one, marked done first
 * (a reload that fails keeps the old configuration and says why in the log, as after a SIGHUP). */
static int reload_asked(struct daemon *d)
{
    int64_t id;
    int rc = store_reload_pending(d->st, &id);
    if (rc < 0) log_error("reload request: %s", store_errmsg(d->st));
    if (rc <= 0) return 0;
    if (store_reload_done(d->st, id, util_now()) < 0) log_error("reload request %lld: %s", (long long)id, store_errmsg(d->st));
    return 1;
}

/* One daemon per database: a second one would find the first one's message in flight `sending` and mark it
 * unknown. An flock on DATABASE.lock, held as long as the process (and its workers, which inherit it) lives;
 * the kernel releases it however they die, so a stale file never blocks a restart. Returns 0, or an exit
 * code (logged). */
static int run_lock(struct daemon *d)
{
    size_t n = strlen(d->cfg->database) + sizeof ".lock";
    char *path = xmalloc(n);
    snprintf(path, n, "%s.lock", d->cfg->database);
    d->lock_fd = open(path, O_RDWR | O_CREAT, 0600);
    if (d->lock_fd < 0) {
        log_error("%s: %s", path, strerror(errno));
        free(path);
        return LOA_EXIT_SYSTEM;
    }
    char pid[32] = "";
    if (flock(d->lock_fd, LOCK_EX | LOCK_NB) < 0) {
        int e = errno;
        ssize_t r = read(d->lock_fd, pid, sizeof pid - 1);
        pid[r > 0 ? r : 0] = 0;
        pid[strcspn(pid, "\n")] = 0;
        if (e == EWOULDBLOCK && *pid)
            log_error("another `loa run` (pid %s) is already running on %s; this one does not start", pid, d->cfg->database);
        else if (e == EWOULDBLOCK)
            log_error("another `loa run` is already running on %s; this one does not start", d->cfg->database);
        else
            log_error("%s: %s", path, strerror(e));
        free(path);
        return LOA_EXIT_SYSTEM;
    }
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(d->lock_fd, 0) < 0 || pwrite(d->lock_fd, pid, (size_t)len, 0) != len)
        log_warn("%s: the pid was not written: %s", path, strerror(errno));
    free(path);
    return 0;
}

#define RUN_OPEN "run.open"        /* setting: loa run's pid, present while it has the database open */
#define CHECK_LAST "check.last"    /* setting: loa time of the last full check that passed */
#define CHECK_EVERY 86400

int run_daemon_pid(store *st)
{
    char buf[32];
    long long pid;
    /* "1" from before the pid was kept, or a pid that is gone (killed: the setting stays until the next start) */
    if (store_setting_get(st, RUN_OPEN, buf, sizeof buf) != 0 || util_parse_int(buf, &pid) < 0 || pid <= 1) return 0;
    if (kill((pid_t)pid, 0) < 0 && errno == ESRCH) return 0;
    return (int)pid;
}

/* When the last full check passed (0: never, or a time after NOW: the clock went back). */
static time_t check_last(store *st, time_t now)
{
    char buf[32];
    if (store_setting_get(st, CHECK_LAST, buf, sizeof buf) != 0) return 0;
    time_t t = (time_t)strtoll(buf, NULL, 10);
    return t > now ? 0 : t;
}

/* The full check (quick_check) when FORCE or the last one is CHECK_EVERY old; recorded when it passes.
 * 0 passed or not due, -1 the file is damaged or unreadable (logged). */
static int check_due(struct daemon *d, time_t now, int force)
{
    time_t last = check_last(d->st, now);
    if (!force && last && now - last < CHECK_EVERY) return 0;
    char buf[32];
    int64_t t0 = util_mono_ms();
    if (store_check(d->st) < 0) return log_error("%s", store_errmsg(d->st)), -1;
    log_info("database %s checked in %.3f s", d->cfg->database, (util_mono_ms() - t0) / 1000.0);
    snprintf(buf, sizeof buf, "%lld", (long long)now);
    if (store_setting_set(d->st, CHECK_LAST, buf) < 0) log_warn("%s", store_errmsg(d->st));
    return 0;
}

/* Before anything runs: the database opened and checked, the wake-up, rows left `sending` recovered.
 * Returns 0, or an exit code (logged); whatever was opened is closed by run_main's one cleanup. */
static int run_start(struct daemon *d)
{
    char err[LOA_ERRLEN];
    int code = run_lock(d);
    if (code) return code;
    d->started = util_now();
    d->st = store_log_open(d->cfg->database);
    if (!d->st) return LOA_EXIT_SYSTEM;
    /* A damaged file is refused now, not found out midway through a run, when loa last stopped without
     * closing (a crash, a power cut: what damages a file) or its last check is a day old. quick_check
     * reads every page (seconds on five years of history), so a clean restart does not pay for it. */
    char buf[32];
    int unclean = store_setting_get(d->st, RUN_OPEN, buf, sizeof buf) == 0;
    if (check_due(d, util_now(), unclean) < 0) return LOA_EXIT_SYSTEM;
    char self[24];
    snprintf(self, sizeof self, "%ld", (long)getpid());
    if (store_setting_set(d->st, RUN_OPEN, self) < 0) log_warn("%s", store_errmsg(d->st));
    /* the parent acts on time and signals, and on a commit only for a khẩn cấp item (urgent_look); the
     * workers act on the database's changes */
    d->wk = wake_open(NULL, err);
    if (!d->wk) return log_error("%s", err), LOA_EXIT_SYSTEM;
    if (!d->o->once && !(d->wk_db = wake_open(d->cfg->database, err))) return log_error("%s", err), LOA_EXIT_SYSTEM;
    /* Rule 2: a row still `sending` was in the modem's hands when loa stopped: maybe sent; one whose transport had
     * handed the device nothing of it yet (`written` 0) goes back to the queue. */
    int requeued;
    int n = store_outbox_recover(d->st, NULL, util_now(), &requeued);
    if (n < 0) log_error("messages left in sending were not marked unknown: %s", store_errmsg(d->st));
    if (requeued > 0) {
        log_info("%d message%s claimed when loa stopped had not reached a modem: queued again", requeued,
                 requeued == 1 ? "" : "s");
        store_event(d->st, "outbox.requeue", NULL, "messages claimed before a modem had them queued again");
    }
    if (n > 0) {
        log_warn("%d %s being sent when loa stopped: marked unknown, not resent "
                 "(`loa outbox list --state unknown`, `loa outbox retry --unknown`)", n,
                 log_plural(n, "message was", "messages were"));
        store_event(d->st, "outbox.recover", NULL, "messages left in sending marked unknown");
    }
    scheduler_cancel_disabled(d->st, d->cfg);
    log_info("loa run started (%s, %zu %s)", d->cfg->commune, d->cfg->ncampaigns,
             log_plural((long)d->cfg->ncampaigns, "campaign", "campaigns"));
    return 0;
}

/* --once: what is due now, then wait for the workers to finish. */
static int run_once(struct daemon *d)
{
    time_t next;
    judge_clock(d, util_now());
    int code = tick_scheduler(d, util_now(), &next) < 0 ? LOA_EXIT_SYSTEM : 0;
    broadcast_tick(d, util_now());
    start_workers(d);
    while (reap(d) > 0)
        if (wake_wait(d->wk, 1000) == WAKE_SIGNAL && (wake_signals() & WAKE_SIG_TERM)) stop_workers(d);
    /* A modem that could not send while messages wait is a failure the officer must see, not a quiet 0. */
    long counts[OB__N];
    if (d->res.down[0] && store_outbox_counts(d->st, counts) == 0 && counts[OB_QUEUED] > 0) {
        d->res.waiting = counts[OB_QUEUED];
        log_error("run --once: %ld %s in the queue and modem %s could not send", d->res.waiting,
                  log_plural(d->res.waiting, "message waits", "messages wait"), d->res.down);
        return LOA_EXIT_SYSTEM;
    }
    return code;
}

#define TICK_DAMAGED (-2)   /* run_tick: the database is damaged, stop */

/* One turn of the scheduler and the programme; returns the wait until the next (-1: none), or TICK_DAMAGED. */
static int64_t run_tick(struct daemon *d)
{
    time_t next = 0;
    judge_clock(d, util_now());
    if (tick_scheduler(d, util_now(), &next) < 0) {
        if (store_fault(d->st) == STORE_FAULT_DAMAGED) return TICK_DAMAGED;
        /* Logged already. A full disk or a lock passes: try again soon rather than at the next run. */
        time_t retry = util_now() + SCHEDULER_RETRY;
        if (!next || retry < next) next = retry;
    }
    /* the daily full check of the database; one that could not run (a lock) is tried again soon */
    if (check_due(d, util_now(), 0) < 0 && store_fault(d->st) == STORE_FAULT_DAMAGED) return TICK_DAMAGED;
    int64_t ms = -1;
    time_t last = check_last(d->st, util_now()), due = last + CHECK_EVERY;
    if (last) wake_sooner_time(&ms, due > util_now() ? due : util_now() + SCHEDULER_RETRY);
    wake_sooner_time(&ms, next);
    /* an untrusted clock is judged again soon, as is any in the first minutes (a worker reads the network's
     * time once its modem is open); a trusted one's heartbeat is kept fresh */
    int soon = !d->trust.trusted || util_now() < d->started + 5 * SCHEDULER_RETRY;
    wake_sooner_time(&ms, util_now() + (soon ? SCHEDULER_RETRY : HEARTBEAT_EVERY));
    wake_sooner_time(&ms, broadcast_tick(d, util_now()));
    start_workers(d);
    /* the stream worker's restart, and a sending worker's */
    if (d->cfg->broadcast.stream.enabled && !d->streamer.pid) wake_sooner_mono(&ms, d->streamer.restart_at);
    for (size_t i = 0; i < d->nkids; i++)
        if (!d->kids[i].pid && d->cfg->sms.modems[i].enabled) wake_sooner_mono(&ms, d->kids[i].restart_at);
    return ms;
}

#define URGENT_GAP_MS 250   /* commits (the workers make hundreds a second) are looked at this often at most */

/* A commit may be `broadcast now --level khan-cap`: without a stream (whose worker airs it) the sound card plays
 * it at once, whatever autoplay says. One indexed query. */
static void urgent_look(struct daemon *d)
{
    d->urgent_last = util_mono_ms();
    char err[LOA_ERRLEN];
    if (broadcast_play_urgent(d->st, d->cfg, util_now(), err) < 0) log_error("broadcast: %s", err);
}

/* Sleep MS (< 0: until a signal): woken early by a signal (returned), and by commits: for urgent_look (without a
 * stream, whose worker airs those) and for a reload request (returned). After a look the commits are not listened
 * to for URGENT_GAP_MS (the workers make hundreds a second, each a wake-up): those made meanwhile are looked at when
 * it ends. */
static void run_wait(struct daemon *d, int64_t ms)
{
    int64_t until = ms < 0 ? -1 : util_mono_ms() + ms;
    for (;;) {
        int64_t left = -1, quiet_until = d->urgent_last + URGENT_GAP_MS;
        if (until >= 0) wake_sooner_mono(&left, until);
        int watch = d->wk_db != NULL;
        int listen = watch && util_mono_ms() >= quiet_until;
        if (watch && !listen) wake_sooner_mono(&left, quiet_until);
        int r = wake_wait(listen ? d->wk_db : d->wk, left);
        if (r == WAKE_SIGNAL) return;
        if (r == WAKE_DB) {
            if (!d->cfg->broadcast.stream.enabled) urgent_look(d);
            else d->urgent_last = util_mono_ms();   /* the same pause between looks */
            d->reload_pending = reload_asked(d);
            if (d->reload_pending) return;
        }
        if (until >= 0 && util_mono_ms() >= until) return;
    }
}

/* for (;;) { next = tick(); wait(next or a signal); dispatch(); } Returns the exit code. */
static int run_loop(struct daemon *d)
{
    while (!wake_stopping()) {
        int64_t ms = run_tick(d);
        if (ms == TICK_DAMAGED) return LOA_EXIT_SYSTEM;
        /* Sleep until the next run, or a worker's restart, or a signal. Never poll. The parent acts on
         * time and signals (and a khẩn cấp item's commit); the workers act on the database's changes. */
        run_wait(d, ms);
        int sig = wake_signals();
        if (sig & WAKE_SIG_CHLD) reap(d);
        if (d->check_db) {
            d->check_db = 0;
            if (database_damaged(d)) return LOA_EXIT_SYSTEM;
        }
        if (sig & WAKE_SIG_HUP) reload(d, "SIGHUP");
        /* asked through the database: seen at its commit (run_wait), or at the next wake */
        if (d->reload_pending || reload_asked(d)) reload(d, "reload request");
        d->reload_pending = 0;
    }
    return 0;
}

int run_main(const char *config_path, const struct run_opts *o, struct run_outcome *res)
{
    struct daemon d = {.config_path = config_path, .o = o, .lock_fd = -1};
    struct config *cfg = config_load(config_path);
    if (cfg->errors.n) {
        for (size_t i = 0; i < cfg->errors.n; i++) log_error("%s", cfg->errors.v[i]);
        config_free(cfg);
        return LOA_EXIT_INPUT;
    }
    set_config(&d, cfg);
    int code = run_start(&d);
    if (code) goto out;
    if (o->once) {
        code = run_once(&d);
        goto out;
    }
    reload_asked(&d);   /* a request made while the service was stopped: the configuration was just read */
    code = run_loop(&d);
    if (code) log_error("loa run stops: the database is damaged; nothing more is written to it (see docs/RECOVERY.md, "
                        "\"Damaged database\")");
    log_info("loa run stopping");
    stop_workers(&d);
out:
    reap(&d);
    /* a clean stop: the next start need not check the whole file */
    if (d.st && code != LOA_EXIT_SYSTEM) store_setting_set(d.st, RUN_OPEN, NULL);
    tts_close(d.tts);
    wake_close(d.wk);
    wake_close(d.wk_db);
    store_close(d.st);
    config_free(d.cfg);
    free(d.kids);
    if (d.lock_fd >= 0) close(d.lock_fd);
    if (res) *res = d.res;
    return code;
}
