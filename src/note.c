/* note — stored English sentences read back as their format and parameters, and written in the officer's language. */
#include "note.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Longer formats that begin like shorter ones come first (NOTE_REFUSED_WORD before NOTE_REFUSED). */
static const char *const formats[] = {
    NOTE_BAD_UTF8, NOTE_ENCODE, NOTE_CONNECT, NOTE_SMSC, NOTE_CMS_REFUSED, NOTE_SEND_FAILED, NOTE_NO_ANSWER,
    NOTE_LOST_AFTER, NOTE_NET_REFUSED, NOTE_ERROR, NOTE_LOST_EARLIER, NOTE_BAD_NUMBER, NOTE_STOPPED, NOTE_INBOX_FAILED,
    NOTE_LOST_DELETING, NOTE_CLOCK_READ, NOTE_CLOCK_UNSET, NOTE_CLOCK_BUILD, NOTE_CLOCK_SKEW, NOTE_SMSBOX_USER,
    NOTE_SMSBOX_HTTP, NOTE_SMSBOX, NOTE_BUDGET, NOTE_OPTED_OUT, NOTE_RUN_SKIPPED, NOTE_MAYBE_SENT, NOTE_NOT_DELIVERED,
    NOTE_NO_REPLY_NOT_MOBILE, NOTE_NO_REPLY_CAP, NOTE_REPLY_NOT_QUEUED, NOTE_REPLIED, NOTE_NOT_REPORTER,
    NOTE_NOT_INTERNATIONAL, NOTE_REFUSED_WORD, NOTE_REFUSED, NOTE_F_MALFORMED, NOTE_F_COUNT, NOTE_F_DATE, NOTE_F_FUTURE,
    NOTE_F_OLD, NOTE_F_WORD, NOTE_F_PIN_MISSING, NOTE_F_PIN_WRONG, NOTE_UNKNOWN_HAMLET, NOTE_OTHER_HAMLET,
    NOTE_NO_CORRECTION, NOTE_BEFORE_OPENING, NOTE_DUPLICATE, NOTE_HELD, NOTE_POPULATION, NOTE_NOT_RECORDED,
    NOTE_ENROLLED_CORR, NOTE_ENROLLED, NOTE_VNEID_ONE, NOTE_VNEID_NOT_SET, NOTE_VNEID_SET, NOTE_POLL, NOTE_NOT_RESIDENT,
    NOTE_OPTOUT_NOT_MOBILE, NOTE_ALREADY_OUT, NOTE_OPTED_OUT_ALL, NOTE_OPTOUT_LIFTED, NOTE_OPTED_IN, NOTE_NOT_OUT,
    NOTE_UNREADABLE, NOTE_EMPTY, NOTE_NOT_TEXT, NOTE_INCOMPLETE, NOTE_QUESTION, NOTE_LIKELY_ABOUT, NOTE_NEGATED,
    NOTE_HELP, NOTE_NOT_ANSWER_OF, NOTE_NO_CAMPAIGN, NOTE_FOR_OFFICER, NOTE_SENDER_NOT_MOBILE, NOTE_SENDER_ALNUM,
    NOTE_OFFICER_STOP, NOTE_OFFICER_NOT_MOBILE, NOTE_NO_MESSAGE, NOTE_LATE_SKIP, NOTE_LATE_LESS, NOTE_QUIET_LATE,
    NOTE_QUIET_SKIP, NOTE_QUIET_LESS, NOTE_CLOCK_HELD, NOTE_SUPERSEDED, NOTE_NONE_WENT_SKIP, NOTE_NONE_WENT_LATER, NULL};

#define MAX_PARAMS 6
#define MAX_DEPTH 3
#define MATCH_BUDGET 2000000  /* steps of match() for one text: a pathological one is shown as stored */

struct span {
    const char *p;
    size_t n;
};

struct out {
    char *buf;
    size_t n, len;   /* LEN may pass N: what did not fit is dropped, the end kept a string */
    long budget;     /* match() steps left */
};

static void put(struct out *o, const char *s, size_t k)
{
    for (size_t i = 0; i < k; i++, o->len++)
        if (o->len + 1 < o->n) o->buf[o->len] = s[i];
    if (o->n) o->buf[o->len + 1 < o->n ? o->len : o->n - 1] = '\0';
}

/* The conversion at F ('%' already read): its length, and whether it takes a number ('d') or text ('s'). */
static size_t conversion(const char *f, char *kind)
{
    size_t i = 0;
    while (f[i] && strchr("0123456789$+-#. lhjzt", f[i])) i++;
    *kind = f[i] == 's' ? 's' : strchr("diu", f[i]) && f[i] ? 'd' : 0;
    return f[i] ? i + 1 : i;
}

/* Does S[0..n) read as format F? Text parameters take the fewest characters that let the rest match;
 * each call spends one of *BUDGET, and none left is no match. */
static int match(const char *f, const char *s, size_t n, struct span *par, int np, long *budget)
{
    if (--*budget < 0) return 0;
    for (; *f; f++) {
        if (*f != '%') {
            if (!n || *s != *f) return 0;
            s++, n--;
            continue;
        }
        if (f[1] == '%') {
            if (!n || *s != '%') return 0;
            s++, n--, f++;
            continue;
        }
        char kind;
        size_t len = conversion(f + 1, &kind);
        if (!kind || np >= MAX_PARAMS) return 0;
        f += len;
        if (kind == 'd') {
            size_t k = 0;
            if (k < n && (s[k] == '-' || s[k] == '+')) k++;
            size_t digits = k;
            while (k < n && isdigit((unsigned char)s[k])) k++;
            if (k == digits) return 0;
            par[np] = (struct span){s, k};
            return match(f + 1, s + k, n - k, par, np + 1, budget);
        }
        for (size_t k = 0; k <= n; k++) {
            par[np] = (struct span){s, k};
            if (match(f + 1, s + k, n - k, par, np + 1, budget)) return 1;
            if (*budget < 0) return 0;
        }
        return 0;
    }
    return n == 0;
}

static size_t count_params(const char *f)
{
    size_t c = 0;
    for (; *f; f++) {
        if (*f != '%') continue;
        if (f[1] == '%') { f++; continue; }
        char kind;
        f += conversion(f + 1, &kind);
        if (kind) c++;
    }
    return c;
}

static void translate(const char *s, size_t n, struct out *o, int depth);

/* The translation T of a matched format, its conversions replaced by the parameters (%N$ picks the Nth). */
static void render(const char *t, const struct span *par, size_t np, struct out *o, int depth)
{
    size_t next = 0;
    for (const char *p = t; *p; p++) {
        if (*p != '%') { put(o, p, 1); continue; }
        if (p[1] == '%') { put(o, "%", 1); p++; continue; }
        char kind;
        size_t len = conversion(p + 1, &kind);
        size_t idx = next++;
        if (isdigit((unsigned char)p[1])) {
            size_t k = 0;
            while (isdigit((unsigned char)p[1 + k])) k++;
            if (p[1 + k] == '$') idx = (size_t)strtoul(p + 1, NULL, 10) - 1;
        }
        if (kind && idx < np) {
            if (kind == 's' && depth < MAX_DEPTH) translate(par[idx].p, par[idx].n, o, depth + 1);
            else put(o, par[idx].p, par[idx].n);
        }
        p += len;
    }
}

/* Whether S[0..n) ends as F does after its last conversion: a quick no before match(). */
static int same_tail(const char *f, const char *s, size_t n)
{
    const char *tail = f;
    for (const char *p = f; *p; p++) {
        if (*p != '%') continue;
        if (p[1] == '%') { p++; continue; }
        char kind;
        p += conversion(p + 1, &kind);
        if (!*p) return 1;   /* not a whole conversion: let match() decide */
        tail = p + 1;
    }
    size_t k = strlen(tail);
    if (strchr(tail, '%')) return 1;   /* "%%" in the tail: let match() decide */
    return k <= n && !memcmp(s + n - k, tail, k);
}

/* S[0..n) if it is one sentence of the table: 1, written to O. */
static int one(const char *s, size_t n, struct out *o, int depth)
{
    struct span par[MAX_PARAMS];
    for (int i = 0; formats[i]; i++) {
        if (!same_tail(formats[i], s, n) || !match(formats[i], s, n, par, 0, &o->budget)) continue;
        const char *t = gettext(formats[i]);
        size_t np = count_params(formats[i]);
        /* a translation must hold the parameters of its format (msgfmt --check sees to that) */
        render(t, par, np, o, depth);
        return 1;
    }
    return 0;
}

/* The last "; " that begins before CUT in S[0..n), or N when there is none. */
static size_t prev_sep(const char *s, size_t n, size_t cut)
{
    for (size_t k = cut; k-- > 0;)
        if (s[k] == ';' && k + 1 < n && s[k + 1] == ' ') return k;
    return n;
}

/* S[0..n): the longest run of "; "-joined parts that is one sentence, then the rest; a part that is
 * none is copied as it is. */
static void translate(const char *s, size_t n, struct out *o, int depth)
{
    while (n) {
        size_t cut = n;
        while (!one(s, cut, o, depth)) {
            cut = prev_sep(s, n, cut);
            if (cut == n) {   /* no sentence: copy up to the first "; " */
                for (cut = 0; cut < n && !(s[cut] == ';' && cut + 1 < n && s[cut + 1] == ' '); cut++) {}
                put(o, s, cut);
                break;
            }
        }
        if (cut + 2 > n) return;
        put(o, "; ", 2);
        s += cut + 2;
        n -= cut + 2;
    }
}

const char *note_text(const char *stored, char *buf, size_t n)
{
    struct out o = {buf, n, 0, MATCH_BUDGET};
    if (n) buf[0] = '\0';
    if (stored) translate(stored, strlen(stored), &o, 0);
    if (n && o.len >= n) {   /* cut short: never half a character */
        size_t end = strlen(buf), k = end;
        while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80) k--;
        if (k > 0) {
            unsigned char lead = (unsigned char)buf[k - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (k - 1 + need > end) buf[k - 1] = '\0';
        }
    }
    return buf;
}
