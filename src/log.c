/* log — levelled log lines to stderr or a file; phone numbers never appear unmasked. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static FILE *log_fp;              /* NULL = stderr */
static enum log_level log_level = LOG_INFO;
static char log_tag[32];

int log_open(const char *path, enum log_level level, char *err)
{
    log_level = level;
    if (!path) return 0;
    /* lines name residents' (masked) numbers and what loa did for them: the service's user only.
     * O_NOFOLLOW: a link planted at PATH is refused, not written through. */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return util_err(err, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) == 0 && sb.st_uid == geteuid() && (sb.st_mode & 077)) fchmod(fd, 0600);   /* an older 0644 log */
    FILE *fp = fdopen(fd, "a");
    if (!fp) {
        close(fd);
        return util_err(err, "%s: %s", path, strerror(errno));
    }
    setvbuf(fp, NULL, _IOLBF, 0);
    log_close();
    log_fp = fp;
    return 0;
}

void log_close(void)
{
    if (log_fp) fclose(log_fp);
    log_fp = NULL;
}

void log_set_level(enum log_level level) { log_level = level; }
enum log_level log_get_level(void) { return log_level; }

void log_set_tag(const char *name)
{
    snprintf(log_tag, sizeof log_tag, "%s", name ? name : "");
}

static void log_emit(enum log_level level, const char *fmt, va_list ap)
{
    static const char *names[] = {"error", "warn", "info", "debug"};
    if (level > log_level) return;
    FILE *fp = log_fp ? log_fp : stderr;
    char ts[24];
    util_fmt_time(util_now(), ts, sizeof ts);
    sbuf b = {0};
    sbuf_addf(&b, "%s %s%s%s: ", ts, log_tag, log_tag[0] ? " " : "", names[level]);
    sbuf_vaddf(&b, fmt, ap);
    sbuf_addc(&b, '\n');
    fputs(b.s, fp);
    sbuf_free(&b);
}

#define LOG_FN(name, level) \
    void name(const char *fmt, ...) \
    { \
        va_list ap; \
        va_start(ap, fmt); \
        log_emit(level, fmt, ap); \
        va_end(ap); \
    }
LOG_FN(log_error, LOG_ERROR)
LOG_FN(log_warn, LOG_WARN)
LOG_FN(log_info, LOG_INFO)
LOG_FN(log_debug, LOG_DEBUG)

const char *log_plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

const char *log_phone(const char *phone)
{
    static char ring[8][40];
    static unsigned next;
    char *out = ring[next++ % 8];
    if (!phone) { snprintf(out, sizeof ring[0], "-"); return out; }
    size_t n = strlen(phone);
    if (n >= sizeof ring[0]) n = sizeof ring[0] - 1;
    /* One rule for every form (E.164 of any country, national 0..., short codes, names): keep
     * the last three characters and the first half (rounded up) of the rest, mask the others.
     * +84912345678 -> +8491****678, 0900123901 -> 0900***901, +14155550123 -> +1415****123,
     * 1900123 -> 19**123. Shorter than 7: only the first third stays. */
    size_t keep_tail = n >= 7 ? 3 : 0;
    size_t keep_head = n >= 7 ? (n - keep_tail + 1) / 2 : n / 3;
    for (size_t i = 0; i < n; i++)
        out[i] = (i < keep_head || i >= n - keep_tail) ? phone[i] : '*';
    out[n] = '\0';
    return out;
}
