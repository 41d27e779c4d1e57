/* util — allocation that cannot fail, growing strings, paths, and loa's fixed-zone clock. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

/* ---- allocation: out-of-memory is fatal here and nowhere else ---- */

static void oom(size_t n)
{
    fprintf(stderr, "loa: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    sbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (!b.s) return xstrdup("");
    return b.s;
}

/* ---- sbuf ---- */

static void sbuf_grow(sbuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void sbuf_addn(sbuf *b, const char *s, size_t n)
{
    sbuf_grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sbuf_add(sbuf *b, const char *s)
{
    sbuf_addn(b, s, strlen(s));
}

void sbuf_addc(sbuf *b, char c)
{
    sbuf_addn(b, &c, 1);
}

void sbuf_vaddf(sbuf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) return;
    sbuf_grow(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sbuf_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

const char *sbuf_str(const sbuf *b)
{
    return b->s ? b->s : "";
}

char *sbuf_detach(sbuf *b)
{
    char *s = b->s ? b->s : xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

void sbuf_free(sbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

/* ---- strmap ---- */

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    /* FNV's low bits barely differ for keys that differ only at the end ("+8490000123"):
     * mix the high bits down before the table masks them off. */
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h;
}

struct strmap_block {
    struct strmap_block *next;
    size_t used, size;
    char data[];
};

/* A copy of KEY in M's blocks. */
static char *strmap_keep(strmap *m, const char *key)
{
    size_t len = strlen(key) + 1;
    struct strmap_block *b = m->blocks;
    if (!b || b->size - b->used < len) {
        size_t size = len > 65536 ? len : 65536;
        b = xmalloc(sizeof *b + size);
        b->next = m->blocks;
        b->used = 0;
        b->size = size;
        m->blocks = b;
    }
    char *p = b->data + b->used;
    memcpy(p, key, len);
    b->used += len;
    return p;
}

struct strmap_slot {
    uint64_t hash;
    const char *key;        /* NULL: free */
    long val;
};

static void strmap_grow(strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    struct strmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) {
            size_t j = m->slots[i].hash & (cap - 1);
            while (slots[j].key) j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

/* The slot holding KEY (hash H), or the free slot where it belongs. */
static struct strmap_slot *strmap_find(const strmap *m, const char *key, uint64_t h)
{
    size_t i = h & (m->cap - 1);
    while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0)) i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

long strmap_put_new(strmap *m, const char *key, long val)
{
    if (m->n * 2 >= m->cap) strmap_grow(m);
    uint64_t h = str_hash(key);
    struct strmap_slot *sl = strmap_find(m, key, h);
    if (sl->key) return sl->val;
    sl->key = strmap_keep(m, key);
    sl->val = val;
    sl->hash = h;
    m->n++;
    return 0;
}

long strmap_get(const strmap *m, const char *key)
{
    if (!m->cap) return 0;
    const struct strmap_slot *sl = strmap_find(m, key, str_hash(key));
    return sl->key ? sl->val : 0;
}

void strmap_free(strmap *m)
{
    while (m->blocks) {
        struct strmap_block *next = m->blocks->next;
        free(m->blocks);
        m->blocks = next;
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void util_report_row(FILE *fp, const char *file, long row, const char *fmt, va_list ap)
{
    fprintf(fp, "%s:%ld: ", file, row);
    vfprintf(fp, fmt, ap);
    fputc('\n', fp);
}

/* ---- messages as data ---- */

/* After the '%' at P: the end of the conversion, with its N$ position (0 = none) in *POS and its
 * length modifiers and conversion letter in *LEN and *CONV. */
static const char *fmt_spec(const char *p, int *pos, char len[3], char *conv)
{
    *pos = 0;
    const char *q = p;
    int n = 0;
    while (*q >= '0' && *q <= '9') n = n * 10 + (*q++ - '0');
    if (*q == '$' && n > 0) {
        *pos = n;
        p = q + 1;
    }
    p += strspn(p, "-+ #0'");
    p += strspn(p, "0123456789");
    if (*p == '.') p += 1 + strspn(p + 1, "0123456789");
    size_t l = strspn(p, "hlzjt");
    if (l > 2) l = 2;
    memcpy(len, p, l);
    len[l] = '\0';
    p += l;
    *conv = *p;
    return *p ? p + 1 : p;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"   /* SPEC is one conversion cut from a checked format */
static char *fmt_one(const char *spec, const char *len, char conv, va_list *ap)
{
    int ll = !strcmp(len, "ll"), l = !strcmp(len, "l"), z = !strcmp(len, "z");
    switch (conv) {
    case 'd': case 'i':
        if (ll) return xasprintf(spec, va_arg(*ap, long long));
        if (l) return xasprintf(spec, va_arg(*ap, long));
        if (z) return xasprintf(spec, va_arg(*ap, ssize_t));
        return xasprintf(spec, va_arg(*ap, int));
    case 'u': case 'x': case 'X': case 'o':
        if (ll) return xasprintf(spec, va_arg(*ap, unsigned long long));
        if (l) return xasprintf(spec, va_arg(*ap, unsigned long));
        if (z) return xasprintf(spec, va_arg(*ap, size_t));
        return xasprintf(spec, va_arg(*ap, unsigned));
    case 'c': return xasprintf(spec, va_arg(*ap, int));
    case 's': {
        const char *v = va_arg(*ap, const char *);
        return xasprintf(spec, v ? v : "(null)");
    }
    case 'f': case 'e': case 'g': case 'G': case 'E': return xasprintf(spec, va_arg(*ap, double));
    default: return xstrdup("");
    }
}
#pragma GCC diagnostic pop

char **util_fmt_args(const char *fmt, va_list ap, size_t *n)
{
    char **args = NULL;
    *n = 0;
    va_list aq;
    va_copy(aq, ap);
    for (const char *p = fmt; (p = strchr(p, '%'));) {
        if (p[1] == '%') {
            p += 2;
            continue;
        }
        int pos;
        char len[3], conv;
        const char *end = fmt_spec(p + 1, &pos, len, &conv);
        char *spec = xasprintf("%.*s", (int)(end - p), p);
        (void)LOA_ASSERT(!strchr(spec, '*'));   /* a '*' width takes an argument this does not read */
        args = xrealloc(args, (*n + 1) * sizeof *args);
        args[(*n)++] = fmt_one(spec, len, conv, &aq);
        free(spec);
        p = end;
    }
    va_end(aq);
    return args;
}

char *util_fmt_render(const char *fmt, char *const *args, size_t n)
{
    sbuf b = {0};
    size_t next = 0;
    for (const char *p = fmt; *p;) {
        const char *q = strchr(p, '%');
        if (!q) {
            sbuf_add(&b, p);
            break;
        }
        sbuf_addn(&b, p, (size_t)(q - p));
        if (q[1] == '%') {
            sbuf_addc(&b, '%');
            p = q + 2;
            continue;
        }
        int pos;
        char len[3], conv;
        p = fmt_spec(q + 1, &pos, len, &conv);
        size_t i = pos ? (size_t)pos - 1 : next++;
        if (i < n) sbuf_add(&b, args[i]);
    }
    return b.s ? sbuf_detach(&b) : xstrdup("");
}

void util_fmt_args_free(char **args, size_t n)
{
    for (size_t i = 0; i < n; i++) free(args[i]);
    free(args);
}

int util_err(char *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, LOA_ERRLEN, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- paths ---- */

/* Lexically drop "." segments and fold "name/.." pairs: "config/../var/x" -> "var/x". */
static char *path_clean(char *p)
{
    int abs = p[0] == '/';
    char **seg = xcalloc(strlen(p) + 1, sizeof *seg);
    size_t n = 0;
    for (char *tok = strtok(p, "/"); tok; tok = strtok(NULL, "/")) {
        if (!strcmp(tok, ".")) continue;
        if (!strcmp(tok, "..") && n && strcmp(seg[n - 1], "..")) { n--; continue; }
        if (!strcmp(tok, "..") && abs && !n) continue;
        seg[n++] = tok;
    }
    sbuf b = {0};
    if (abs) sbuf_addc(&b, '/');
    for (size_t i = 0; i < n; i++) {
        if (i) sbuf_addc(&b, '/');
        sbuf_add(&b, seg[i]);
    }
    if (!b.len) sbuf_addc(&b, '.');
    free(seg);
    return sbuf_detach(&b);
}

char *util_path_resolve(const char *dir, const char *path)
{
    char *joined = (path[0] == '/' || !dir || !dir[0]) ? xstrdup(path) : xasprintf("%s/%s", dir, path);
    char *clean = path_clean(joined);
    free(joined);
    return clean;
}

char *util_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

int util_mkdir_p(const char *path, int mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) { free(p); return -1; }
        *s = '/';
    }
    int rc = mkdir(p, (mode_t)mode);
    free(p);
    return (rc < 0 && errno != EEXIST) ? -1 : 0;
}

int util_file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* ---- strings ---- */

int util_streq_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

char *util_trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

int util_csv_needs_guard(const char *s)
{
    if (!s || !strchr("=+-@\t\r", s[0]) || !s[0]) return 0;
    const char *p = s + (s[0] == '+' || s[0] == '-');
    if (!*p) return 1;
    for (; *p; p++)
        if (!(*p >= '0' && *p <= '9') && *p != '.' && *p != ',') return 1;
    return 0;
}

const char *util_csv_unguard(const char *s)
{
    return s && s[0] == '\'' && util_csv_needs_guard(s + 1) ? s + 1 : s;
}

int util_parse_int(const char *s, long long *out)
{
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s) return -1;
    *out = v;
    return 0;
}

/* ---- time ---- */

static time_t clock_base;       /* loa time at clock start (0 = real time) */
static int64_t clock_mono_base; /* monotonic ms at clock start */

int64_t util_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t util_backoff(int64_t prev, int64_t first, int64_t max)
{
    int64_t next = prev ? prev * 2 : first;
    return next > max ? max : next;
}

int util_assert_failed(const char *file, int line, const char *cond)
{
#ifdef LOA_ASSERT_ABORT
    int fatal = 1;
#else
    const char *e = getenv("LOA_ASSERT_ABORT");
    int fatal = e && *e && strcmp(e, "0");
#endif
    log_error("invariant broken at %s:%d: %s", file, line, cond);
    if (fatal) abort();
    return -1;
}

void util_clock_start(time_t start)
{
    clock_base = start;
    clock_mono_base = util_mono_ms();
}

int util_clock_overridden(void)
{
    return clock_base != 0;
}

time_t util_now(void)
{
    if (!clock_base) return time(NULL);
    return clock_base + (time_t)((util_mono_ms() - clock_mono_base) / 1000);
}

/* Howard Hinnant's civil-from-days algorithms: proleptic Gregorian, no tables. */
long util_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void util_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int util_days_in_month(int year, int mon)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12) return 0;
    if (mon == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return dim[mon - 1];
}

int util_valid_date(int y, int m, int d)
{
    return y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= util_days_in_month(y, m);
}

void util_localtime(time_t t, struct loa_tm *tm)
{
    long long lt = (long long)t + LOA_TZ_OFFSET;
    long long days = lt >= 0 ? lt / 86400 : -((-lt + 86399) / 86400);
    long long secs = lt - days * 86400;
    util_civil_from_days((long)days, &tm->year, &tm->mon, &tm->mday);
    tm->hour = (int)(secs / 3600);
    tm->min = (int)(secs / 60 % 60);
    tm->sec = (int)(secs % 60);
    tm->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

time_t util_mklocal(int year, int mon, int mday, int hour, int min, int sec)
{
    long days = util_days_from_civil(year, mon, mday);
    return (time_t)((long long)days * 86400 + hour * 3600 + min * 60 + sec - LOA_TZ_OFFSET);
}

int util_parse_date(const char *s, int *y, int *m, int *d)
{
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", y, m, d, &n) != 3 || s[n] != '\0' || n != 10) return -1;
    return util_valid_date(*y, *m, *d) ? 0 : -1;
}

int util_parse_day(const char *s, long *day)
{
    int y, m, d;
    if (!s) return -1;
    if (util_parse_date(s, &y, &m, &d) == 0) {
        *day = util_days_from_civil(y, m, d);
        return 0;
    }
    /* dd/mm/yyyy or d/m/yyyy, as officers write it */
    char tail;
    if (sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 && strlen(s) >= 8 && y >= 1000 && util_valid_date(y, m, d)) {
        *day = util_days_from_civil(y, m, d);
        return 0;
    }
    return -1;
}

/* Floor division: a moment before 1970 still falls in the day that holds it. */
long util_local_day(time_t t)
{
    long long x = (long long)t + LOA_TZ_OFFSET;
    return (long)(x >= 0 ? x / 86400 : -((-x + 86399) / 86400));
}

int util_local_minute(time_t t)
{
    return (int)(((long long)t + LOA_TZ_OFFSET - (long long)util_local_day(t) * 86400) / 60);
}

time_t util_day_start(long day)
{
    return (time_t)((long long)day * 86400 - LOA_TZ_OFFSET);
}

time_t util_slot_time(long day, int slot)
{
    return util_day_start(day) + (time_t)slot * 60;
}

int util_parse_hhmm(const char *s, int *minutes)
{
    int h, m, n = 0;
    if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || s[n] != '\0' || n < 4) return -1;
    if (h < 0 || h > 23 || m < 0 || m > 59) return -1;
    *minutes = h * 60 + m;
    return 0;
}

int util_parse_datetime(const char *s, time_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    char date[11];
    if (strlen(s) < 10) return -1;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (util_parse_date(date, &y, &mo, &d) < 0) return -1;
    const char *rest = s + 10;
    if (*rest) {
        if (*rest != ' ' && *rest != 'T') return -1;
        rest++;
        if (sscanf(rest, "%2d:%2d%n", &h, &mi, &n) != 2) return -1;
        rest += n;
        if (*rest == ':') {
            if (sscanf(rest + 1, "%2d%n", &sec, &n) != 1) return -1;
            rest += 1 + n;
        }
        if (*rest || h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0) return -1;
    }
    *out = util_mklocal(y, mo, d, h, mi, sec);
    return 0;
}

int util_parse_duration(const char *s, long long *seconds)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0) return -1;
    long long mul;
    if (!strcmp(end, "s") || !*end) mul = 1;
    else if (!strcmp(end, "m") || !strcmp(end, "min")) mul = 60;
    else if (!strcmp(end, "h")) mul = 3600;
    else if (!strcmp(end, "d")) mul = 86400;
    else if (!strcmp(end, "w")) mul = 7 * 86400;
    else if (!strcmp(end, "y")) mul = 365 * 86400LL;
    else return -1;
    *seconds = v * mul;
    return 0;
}

char *util_fmt_time(time_t t, char *buf, size_t n)
{
    struct loa_tm tm;
    util_localtime(t, &tm);
    snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
    return buf;
}

char *util_fmt_date(time_t t, char *buf, size_t n)
{
    struct loa_tm tm;
    util_localtime(t, &tm);
    snprintf(buf, n, "%04d-%02d-%02d", tm.year, tm.mon, tm.mday);
    return buf;
}
