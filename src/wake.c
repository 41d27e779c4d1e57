/*
 * wake — the daemon's only way to wait: poll() on an inotify descriptor watching the
 * database's folder and on a self-pipe written by signal handlers. Idle costs nothing;
 * a CLI commit (an ad-hoc SMS, a cancel, a pause) wakes every waiter at once.
 */
#include "wake.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "util.h"

struct wake {
    int ifd;              /* inotify */
    char *db_base;        /* "loa.db" */
    size_t db_len;
};

static int sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t sig_flags;
static volatile int sig_stop;   /* int: read by modem_send between parts (sig_atomic_t is an int here) */

static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGTERM || sig == SIGINT) {
        sig_flags |= WAKE_SIG_TERM;
        sig_stop = 1;
    } else if (sig == SIGHUP) {
        sig_flags |= WAKE_SIG_HUP;
    } else if (sig == SIGCHLD) {
        sig_flags |= WAKE_SIG_CHLD;
    }
    if (sig_pipe[1] >= 0) {
        ssize_t n = write(sig_pipe[1], "x", 1);
        (void)n;
    }
    errno = saved;
}

wake *wake_open(const char *db_path, char *err)
{
    if (sig_pipe[0] < 0) {
        if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
            util_err(err, "pipe: %s", strerror(errno));
            return NULL;
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);

    wake *w = xcalloc(1, sizeof *w);
    w->ifd = -1;
    if (!db_path) return w;   /* signals only */
    w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->ifd < 0) {
        util_err(err, "inotify: %s", strerror(errno));
        free(w);
        return NULL;
    }
    char *dir = util_dirname(db_path);
    const char *slash = strrchr(db_path, '/');
    w->db_base = xstrdup(slash ? slash + 1 : db_path);
    w->db_len = strlen(w->db_base);
    if (inotify_add_watch(w->ifd, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO) < 0) {
        util_err(err, "%s: inotify: %s", dir, strerror(errno));
        free(dir);
        wake_close(w);
        return NULL;
    }
    free(dir);
    return w;
}

void wake_close(wake *w)
{
    if (!w) return;
    if (w->ifd >= 0) close(w->ifd);
    free(w->db_base);
    free(w);
}

/* Drain inotify; 1 when an event concerned the database or its WAL. */
static int drain(wake *w)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    int hit = 0;
    ssize_t n;
    while ((n = read(w->ifd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            if (ev->len && !strncmp(ev->name, w->db_base, w->db_len) &&
                (ev->name[w->db_len] == '\0' || !strcmp(ev->name + w->db_len, "-wal")))
                hit = 1;
            p += sizeof *ev + ev->len;
        }
    }
    return hit;
}

void wake_sooner(int64_t *ms, int64_t at_ms)
{
    if (at_ms < 0) return;
    if (*ms < 0 || at_ms < *ms) *ms = at_ms;
}

void wake_sooner_mono(int64_t *ms, int64_t mono_deadline)
{
    int64_t d = mono_deadline - util_mono_ms();
    wake_sooner(ms, d < 0 ? 0 : d);
}

void wake_sooner_time(int64_t *ms, time_t deadline)
{
    if (!deadline) return;
    int64_t d = ((int64_t)deadline - (int64_t)util_now()) * 1000;
    wake_sooner(ms, d < 0 ? 0 : d);
}

int wake_wait(wake *w, int64_t timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? -1 : util_mono_ms() + timeout_ms;
    for (;;) {
        if (sig_flags) return WAKE_SIGNAL;
        struct pollfd fds[2] = {{sig_pipe[0], POLLIN, 0}, {w->ifd, POLLIN, 0}};
        nfds_t nfds = w->ifd >= 0 ? 2 : 1;
        int64_t left = deadline < 0 ? -1 : deadline - util_mono_ms();
        if (deadline >= 0 && left <= 0) return WAKE_TIMEOUT;
        int rc = poll(fds, nfds, left < 0 ? -1 : (int)(left > 3600000 ? 3600000 : left));
        if (rc < 0 && errno != EINTR) return WAKE_TIMEOUT;
        if (fds[0].revents & POLLIN) {
            char b[64];
            while (read(sig_pipe[0], b, sizeof b) > 0) {}
        }
        if (sig_flags) return WAKE_SIGNAL;
        if (rc > 0 && nfds == 2 && (fds[1].revents & POLLIN) && drain(w)) return WAKE_DB;
    }
}

int wake_signals(void)
{
    int f = sig_flags;
    sig_flags = 0;
    return f;
}

int wake_stopping(void)
{
    return sig_stop;
}

const volatile int *wake_stop_flag(void)
{
    return &sig_stop;
}
