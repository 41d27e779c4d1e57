/*
 * replies — the reply engine. A message is matched as a whole against each keyword and its
 * aliases, on its folded key, so "Hủy đăng ký thì sao?" is a question for the officer, not an
 * opt-out. Order: enrollment reports (VNEID …), opt-out, opt-in, help, the answers of the
 * campaign that last messaged the sender, then the other campaigns' keywords that are no poll
 * answers (an opt-out word counts whoever defined it). A poll answer counts only for the campaign
 * that last messaged the number ("Có" to a later DI/BAN campaign is no answer to an older VNeID
 * poll): otherwise the officer gets it, with the campaigns it may answer. Anything else goes
 * to the officer's inbox. Enrollment reports are parsed apart, on the raw text (replies_parse_report).
 * Automatic replies go through the outbox (kind auto: they wait out quiet hours, except answers to
 * reporters, which are urgent) under their own caps, and never to alphanumeric senders or short codes.
 */
#include "replies.h"

#include "scheduler.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enroll.h"
#include "log.h"
#include "note.h"
#include "outbox.h"
#include "phone.h"
#include "template.h"
#include "util.h"
#include "vntext.h"

/* Courtesy words residents add around an answer. */
static const char *const courtesy_tail[] = {"a", "nhe", "nha", "nhe a", "a a", "ha", "vay", "roi a", NULL};
static const char *const courtesy_head[] = {"da", "vang", "thua", NULL};

static int ends_with_word(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n > k && s[n - k - 1] == ' ' && !strcmp(s + n - k, w);
}

/* Drops courtesy words from both ends of folded F, in place. */
static void drop_courtesy(char *f)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (const char *const *w = courtesy_tail; *w; w++)
            if (strcmp(*w, "roi a") && ends_with_word(f, *w)) {
                f[strlen(f) - strlen(*w) - 1] = '\0';
                changed = 1;
            }
        for (const char *const *w = courtesy_head; *w; w++) {
            size_t k = strlen(*w);
            if (!strncmp(f, *w, k) && f[k] == ' ') {
                memmove(f, f + k + 1, strlen(f + k + 1) + 1);
                changed = 1;
            }
        }
    }
}

char *replies_key(const char *text)
{
    char *f = vntext_fold(text);
    if (f) drop_courtesy(f);
    return f;
}

char *replies_match_key(const char *text)
{
    char *f = replies_key(text);
    if (!f) return NULL;
    char *w = vntext_match_words(f);
    free(f);
    drop_courtesy(w);   /* "H U Y ạ": the courtesy word is seen once the letters are one word */
    return w;
}

/* 1 when match key KEY equals WORD's. */
static int key_is(const char *key, const char *word)
{
    char *w = replies_match_key(word);
    int eq = w && !strcmp(w, key);
    free(w);
    return eq;
}

static int in_list(const char *key, const struct cfg_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (key_is(key, l->v[i])) return 1;
    return 0;
}

/* Built-in aliases: how residents really write these. */
static const char *const optin_aliases[] = {"dang ky nhan tin", "dang ky lai", "nhan lai tin", NULL};

static int in_builtin(const char *key, const char *const *l)
{
    for (; *l; l++)
        if (key_is(key, *l)) return 1;
    return 0;
}

/* ---- opt-out in people's own words (the phrase set of docs/replies.md) ---- */

/* The built-in phrases; keywords.optout in the configuration adds more. An entry whose folded
 * form is also another word needs its marks in the message: "dung" is Dừng but also đúng. */
static const struct { const char *phrase, *marked; } optout_phrases[] = {
    {"huy", NULL}, {"huy dang ky", NULL}, {"huy dang ky nhan tin", NULL}, {"huy nhan tin", NULL},
    {"huy tin nhan", NULL}, {"tu choi", NULL}, {"tu choi nhan tin", NULL}, {"ngung", NULL},
    {"ngung nhan tin", NULL}, {"ngung gui tin", NULL}, {"dung", "dừng"}, {"dung nhan tin", NULL},
    {"dung nhan", NULL}, {"dung gui tin", NULL}, {"khong nhan tin", NULL}, {"khong nhan tin nhan", NULL},
    {"khong muon nhan tin", NULL}, {"khong muon nhan tin nhan", NULL}, {"bo dang ky", NULL}, {"stop", NULL},
};
/* Words around a phrase that keep its meaning: "tôi muốn hủy", "ngừng nhận tin nữa", "hủy giúp em". */
static const char *const phrase_before[] = {"toi muon", "toi xin", "toi", "em muon", "em xin", "em", "minh muon", "minh",
                                            "cho toi", "cho em", "xin", "vui long", "lam on", "muon", NULL};
static const char *const phrase_after[] = {"nua", "di", "luon", "ngay", "giup toi", "giup em", "giup", "voi", NULL};

enum { PHRASE_NONE, PHRASE_OPTOUT, PHRASE_NEGATED };

/* Drops the words of BEFORE from the start and AFTER from the end of match key K, in place. */
static void strip_around(char *k)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (const char *const *w = phrase_before; *w; w++) {
            size_t n = strlen(*w);
            if (!strncmp(k, *w, n) && k[n] == ' ') {
                memmove(k, k + n + 1, strlen(k + n + 1) + 1);
                changed = 1;
            }
        }
        for (const char *const *w = phrase_after; *w; w++)
            if (ends_with_word(k, *w)) {
                k[strlen(k) - strlen(*w) - 1] = '\0';
                changed = 1;
            }
    }
}

/* 1 when K (stripped) is a listed phrase; TEXT, lower case, is the message for a phrase's marks. */
static int listed_optout(const struct config *cfg, const char *k, const char *text)
{
    for (size_t i = 0; i < sizeof optout_phrases / sizeof optout_phrases[0]; i++)
        if (key_is(k, optout_phrases[i].phrase) && (!optout_phrases[i].marked || (text && strstr(text, optout_phrases[i].marked))))
            return 1;
    return in_list(k, &cfg->keywords.optout);
}

/*
 * Whether match key KEY of message TEXT is an opt-out: PHRASE_OPTOUT for a listed phrase with
 * courtesy around it, PHRASE_NEGATED for "không muốn" / "không phải" before one ("tôi không muốn
 * hủy": the officer decides), PHRASE_NONE otherwise.
 */
static int optout_phrase(const struct config *cfg, const char *key, const char *text)
{
    char *k = xstrdup(key);
    char *low = vntext_lower(text);
    strip_around(k);
    int r = PHRASE_NONE;
    if (!strncmp(k, "khong muon ", 11) || !strncmp(k, "khong phai ", 11)) {
        char *rest = xstrdup(k + 11);
        strip_around(rest);
        if (listed_optout(cfg, rest, low)) r = PHRASE_NEGATED;
        free(rest);
    }
    if (r == PHRASE_NONE && listed_optout(cfg, k, low)) r = PHRASE_OPTOUT;
    free(low);
    free(k);
    return r;
}

/* The result so far put into FMT, a note.h "%s (…)": how note_text reads it back. */
#define RESULT_WRAP(b, fmt)                 \
    do {                                    \
        char *was_ = sbuf_detach(b);        \
        sbuf_addf(b, fmt, was_ ? was_ : ""); \
        free(was_);                         \
    } while (0)

struct ctx {
    store *st;
    const struct config *cfg;
    struct inbox_row *m;
    time_t now;
    char *campaign;             /* the campaign it most likely answers */
    const char *keyword;
    const char *action;
    sbuf result;
    int handled;
};

/* The listed reporter M comes from, or NULL. By default only a sender in international form equal
 * to the listed number counts: Gammu writes "+" only for international numbers, and an alphanumeric
 * sender (at most 11 characters) can spell "0900000901" but never "+84900000901". */
static const struct cfg_reporter *reporter_of(const struct config *cfg, const struct inbox_row *m)
{
    const char *from = cfg->sms.reporters_international_only ? m->sender : m->phone;
    for (size_t i = 0; from && i < cfg->sms.nreporters; i++)
        if (!strcmp(cfg->sms.reporters[i].phone, from)) return &cfg->sms.reporters[i];
    return NULL;
}

/* "; likely about CAMPAIGN" after the result, when the message likely answers one. */
static void likely_about(struct ctx *x)
{
    if (!x->campaign) return;
    sbuf_add(&x->result, "; ");
    sbuf_addf(&x->result, NOTE_LIKELY_ABOUT, x->campaign);
}

/* Queue an automatic reply unless the sender cannot or may not get one: at most
 * sms.auto_replies_per_day a number a day. Answers to a listed reporter's enrollment reports have
 * their own cap (sms.reporter_replies_per_day: hamlet heads send several reports a day) and go out
 * even in quiet hours and beyond the modem's automatic-reply budget (urgent); nothing else does. */
static void auto_reply(struct ctx *x, const char *text)
{
    if (!text || !*text) return;
    if (!x->m->phone) {
        /* the sender is on the row already; the result is logged too, where a number is masked */
        sbuf_add(&x->result, "; ");
        sbuf_add(&x->result, NOTE_NO_REPLY_NOT_MOBILE);
        return;
    }
    time_t day = util_day_start(util_local_day(x->now));
    int sent = store_outbox_auto_to(x->st, x->m->phone, day);
    int report = x->keyword && !strcmp(x->keyword, "VNEID") && reporter_of(x->cfg, x->m);
    int cap = report ? x->cfg->sms.reporter_replies_per_day : x->cfg->sms.auto_replies_per_day;
    if (sent >= cap) {
        sbuf_add(&x->result, "; ");
        sbuf_addf(&x->result, NOTE_NO_REPLY_CAP, sent);
        log_warn("inbox=%lld from %s: automatic reply cap reached (%d a day%s)", (long long)x->m->id,
                 log_phone(x->m->phone), cap, report ? " for a reporter" : "");
        return;
    }
    struct outbox_msg msg = {.phone = x->m->phone, .text = text, .diacritics = 1, .kind = OK_AUTO, .urgent = report,
                             .priority = 20, .reply_to = x->m->id, .max_parts = 10};
    int64_t id;
    char err[LOA_ERRLEN];
    if (outbox_queue(x->st, x->cfg, &msg, x->now, &id, err) != 0) {
        sbuf_add(&x->result, "; ");
        sbuf_addf(&x->result, NOTE_REPLY_NOT_QUEUED, err);
        return;
    }
    sbuf_add(&x->result, "; ");
    sbuf_addf(&x->result, NOTE_REPLIED, (long long)id);
}

/* ---- enrollment reports: VNEID <hamlet> <count> [date] [PIN] ---- */

/* Strip the punctuation a sentence puts after a word ("12," "30/11."). */
static void trim_tail(char *t)
{
    size_t n = strlen(t);
    while (n > 0 && strchr(".,;:!?", t[n - 1])) t[--n] = '\0';
}

/* A count as hamlet heads write it: 12, 1500, 1.500, 1,500, and signed (+5, -5, −5) for a
 * correction. A dot or comma is a thousands separator only between groups of three digits:
 * "1,5" is no count. 0 with *V and *SIGNED, or -1. */
static int parse_count(const char *s, long *v, int *sign)
{
    int neg = 0;
    *sign = 0;
    if (*s == '+' || *s == '-') {
        neg = *s++ == '-';
        *sign = 1;
    } else if (!strncmp(s, "\xe2\x88\x92", 3) || !strncmp(s, "\xe2\x80\x93", 3)) {   /* U+2212 minus, U+2013 dash */
        neg = 1;
        *sign = 1;
        s += 3;
    }
    long n = 0;
    int digits = 0, group = 0;
    char sep = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 9) return -1;
            n = n * 10 + (*p - '0');
            group++;
            continue;
        }
        if (*p != '.' && *p != ',') return -1;
        if ((sep && *p != sep) || group == 0 || (sep ? group != 3 : group > 3)) return -1;
        sep = *p;
        group = 0;
    }
    if (!digits || (sep && group != 3)) return -1;
    *v = neg ? -n : n;
    return 0;
}

/* "30/11", "30-11", "30.11", with "/2026" or "/26": 1 when S has that shape (*D, *M, *Y; Y = 0
 * when absent), else 0. Whether the date exists is the caller's question. */
static int looks_like_date(const char *s, int *d, int *m, int *y)
{
    int f[3] = {0, 0, 0}, len[3] = {0, 0, 0}, k = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++len[k] > 4) return 0;
            f[k] = f[k] * 10 + (*p - '0');
        } else if ((*p == '/' || *p == '-' || *p == '.') && k < 2 && len[k]) {
            k++;
        } else {
            return 0;
        }
    }
    if (k == 0 || len[0] > 2 || len[1] == 0 || len[1] > 2) return 0;
    if (k == 2 && len[2] != 2 && len[2] != 4) return 0;
    *d = f[0];
    *m = f[1];
    *y = k == 2 ? (len[2] == 2 ? 2000 + f[2] : f[2]) : 0;
    return 1;
}

/* The day reported as D/M[/Y], seen on TODAY: without a year, the most recent such date not after
 * today. RR_OK with *DAY, or the fault. */
static int report_day(int d, int m, int y, long today, long *day)
{
    int ty, tm, td;
    util_civil_from_days(today, &ty, &tm, &td);
    if (y) {
        if (!util_valid_date(y, m, d)) return RR_DATE;
        *day = util_days_from_civil(y, m, d);
    } else {
        int found = 0;
        for (int yy = ty; yy >= ty - 8 && !found; yy--)   /* 29/02: back to the last leap year */
            if (util_valid_date(yy, m, d) && util_days_from_civil(yy, m, d) <= today) {
                *day = util_days_from_civil(yy, m, d);
                found = 1;
            }
        if (!found) return RR_DATE;
    }
    if (*day > today) return RR_FUTURE;
    if (*day < today - REPLIES_REPORT_MAX_AGE) return RR_OLD;
    return RR_OK;
}

static int pin_is(const char *word, const char *pin)
{
    char *p = vntext_casefold(pin);
    int eq = p && !strcmp(word, p);
    free(p);
    return eq;
}

int replies_parse_report(const char *text, const char *pin, time_t now, struct replies_report *r)
{
    memset(r, 0, sizeof *r);
    struct loa_tm tm;
    util_localtime(now, &tm);
    long today = util_days_from_civil(tm.year, tm.mon, tm.mday);
    r->day = today;
    char *t = vntext_casefold(text);
    if (!t) return RR_FORMAT;
    char *tok[8];
    int n = 0;
    for (char *w = strtok(t, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
        trim_tail(w);
        if (!*w) continue;
        if (n == 8) break;
        tok[n++] = w;
    }
    int fault = RR_OK, pin_fault = pin ? RR_PIN_MISSING : RR_OK;
    char *key = n ? vntext_fold(tok[0]) : NULL;
    char *code = n > 1 ? vntext_fold(tok[1]) : NULL;
    if (n < 3 || n == 8 || !key || strcmp(key, "vneid") || !code || !*code || strlen(code) >= sizeof r->hamlet) {
        fault = RR_FORMAT;
        pin_fault = RR_OK;   /* nothing to check a PIN against */
        goto done;
    }
    snprintf(r->hamlet, sizeof r->hamlet, "%s", code);
    if (parse_count(tok[2], &r->count, &r->correction) < 0) {
        fault = RR_COUNT;
        snprintf(r->word, sizeof r->word, "%s", tok[2]);
    }
    int k = 3, d, m, y;
    if (k < n && !(pin && pin_is(tok[k], pin)) && looks_like_date(tok[k], &d, &m, &y)) {
        int f = report_day(d, m, y, today, &r->day);
        if (f && !fault) {
            fault = f;
            snprintf(r->word, sizeof r->word, "%s", tok[k]);
        }
        k++;
    }
    if (k < n && pin && pin_is(tok[k], pin)) {
        pin_fault = RR_OK;
        k++;
    } else if (k < n && pin) {
        pin_fault = RR_PIN_WRONG;
        k++;
    }
    if (k < n && !fault) {
        fault = RR_WORD;
        snprintf(r->word, sizeof r->word, "%s", tok[k]);
    }
done:
    free(key);
    free(code);
    free(t);
    return pin_fault ? pin_fault : fault;   /* without the right PIN, nothing else is answered */
}

/* The configuration's answer R (sms.reporter_replies) with its placeholders filled from VALUES, in
 * the order config_reporter_reply_names(R) lists them after "xa" (caller frees). */
static char *reporter_reply(const struct config *cfg, int r, const char *const *values)
{
    const char *v[8] = {cfg->commune};
    for (int i = 0; values && values[i] && i < 6; i++) v[i + 1] = values[i];
    sbuf out = {0};
    template_fill(cfg->sms.reporter_replies[r], config_reporter_reply_names(r), v, &out);
    return sbuf_detach(&out);
}

/* How to write a report, for this reporter (with or without a PIN). */
static const char *format_help(const struct config *cfg, const struct cfg_reporter *rep)
{
    return cfg->sms.reporter_replies[rep->pin ? RREPLY_FORMAT_PIN : RREPLY_FORMAT];
}

/* A counted (or duplicate) report's answer: {so} {xom} {ngay} {tong}. */
static char *counted_reply(const struct config *cfg, int r, const char *count, const char *hamlet, const char *day,
                           long total)
{
    char t[24];
    snprintf(t, sizeof t, "%ld", total);
    const char *v[] = {hamlet, count, day, t, NULL};
    return reporter_reply(cfg, r, v);
}

/* The configuration's answer to a report refused with FAULT (caller frees). */
static char *fault_reply(const struct config *cfg, int fault, const struct replies_report *r, const struct cfg_reporter *rep,
                         long today)
{
    const char *fmt = format_help(cfg, rep);
    char d[16], t[16], age[16];
    enroll_fmt_day(r->day, d, sizeof d);
    enroll_fmt_day(today, t, sizeof t);
    snprintf(age, sizeof age, "%d", REPLIES_REPORT_MAX_AGE);
    switch (fault) {
    case RR_COUNT: return reporter_reply(cfg, RREPLY_BAD_COUNT, (const char *[]){r->word, fmt, NULL});
    case RR_DATE: return reporter_reply(cfg, RREPLY_BAD_DATE, (const char *[]){r->word, fmt, NULL});
    case RR_FUTURE: return reporter_reply(cfg, RREPLY_FUTURE_DATE, (const char *[]){d, t, NULL});
    case RR_OLD: return reporter_reply(cfg, RREPLY_OLD_DATE, (const char *[]){d, age, NULL});
    case RR_WORD: return reporter_reply(cfg, RREPLY_BAD_WORD, (const char *[]){r->word, fmt, NULL});
    case RR_PIN_MISSING:
    case RR_PIN_WRONG: return reporter_reply(cfg, RREPLY_WRONG_PIN, (const char *[]){cfg->sms.reporter_replies[RREPLY_FORMAT_PIN], NULL});
    default: return reporter_reply(cfg, RREPLY_MALFORMED, (const char *[]){fmt, NULL});
    }
}

static const char *const fault_names[] = {"ok", NOTE_F_MALFORMED, NOTE_F_COUNT, NOTE_F_DATE, NOTE_F_FUTURE, NOTE_F_OLD,
                                          NOTE_F_WORD, NOTE_F_PIN_MISSING, NOTE_F_PIN_WRONG};

/* Refuse the report: ACTION on the row, WHY in its result, ANSWER (owned, may be NULL) to the reporter. */
static void refuse(struct ctx *x, const char *action, const char *why, char *answer)
{
    x->action = action;
    x->handled = 0;   /* the officer should see it */
    sbuf_add(&x->result, why);
    auto_reply(x, answer);
    free(answer);
}

static void do_enroll(struct ctx *x)
{
    x->keyword = "VNEID";
    x->action = "enroll";
    const struct cfg_reporter *rep = reporter_of(x->cfg, x->m);
    if (!rep) {
        x->action = "enroll-rejected";
        sbuf_add(&x->result, NOTE_NOT_REPORTER);
        if (x->cfg->sms.reporters_international_only && x->m->sender && x->m->sender[0] != '+')
            RESULT_WRAP(&x->result, NOTE_NOT_INTERNATIONAL);
        x->handled = 0;   /* the officer should see it */
        log_warn("inbox=%lld: enrollment report from unlisted sender %s not counted", (long long)x->m->id,
                 log_phone(x->m->sender));
        return;
    }
    struct replies_report r;
    struct loa_tm tm;
    util_localtime(x->now, &tm);
    long today = util_local_day(x->now);
    int fault = replies_parse_report(x->m->text, rep->pin, x->now, &r);
    if (fault) {
        char *why = *r.word ? xasprintf(NOTE_REFUSED_WORD, fault_names[fault], r.word) : xasprintf(NOTE_REFUSED, fault_names[fault]);
        refuse(x, fault >= RR_PIN_MISSING ? "enroll-rejected" : "enroll-malformed", why, fault_reply(x->cfg, fault, &r, rep, today));
        free(why);
        return;
    }
    const struct cfg_hamlet *h = config_hamlet(x->cfg, r.hamlet);
    if (!h) {
        refuse(x, "enroll-malformed", NOTE_UNKNOWN_HAMLET,
               reporter_reply(x->cfg, RREPLY_UNKNOWN_HAMLET, (const char *[]){r.hamlet, format_help(x->cfg, rep), NULL}));
        return;
    }
    const struct cfg_hamlet *cur = config_hamlet_current(x->cfg, h->code);
    if (rep->hamlet && config_hamlet_current(x->cfg, rep->hamlet) != cur) {
        char *why = xasprintf(NOTE_OTHER_HAMLET, rep->hamlet, h->code);
        refuse(x, "enroll-rejected", why,
               reporter_reply(x->cfg, RREPLY_WRONG_HAMLET, (const char *[]){h->code, rep->hamlet, NULL}));
        free(why);
        return;
    }
    char d[16], od[16];
    enroll_fmt_day(r.day, d, sizeof d);
    if (r.correction && !x->cfg->sms.reporters_may_correct) {
        refuse(x, "enroll-rejected", NOTE_NO_CORRECTION,
               reporter_reply(x->cfg, RREPLY_NO_CORRECTION, NULL));
        return;
    }
    long opening;
    int o = enroll_opening_day(x->st, x->cfg, cur->code, &opening);
    if (o > 0 && r.day < opening) {
        enroll_fmt_day(opening, od, sizeof od);
        char *why = xasprintf(NOTE_BEFORE_OPENING, d, od);
        refuse(x, "enroll-malformed", why,
               reporter_reply(x->cfg, RREPLY_BEFORE_OPENING, (const char *[]){d, cur->name, od, NULL}));
        free(why);
        return;
    }
    int64_t dup_id, id;
    char err[LOA_ERRLEN];
    int dup = o < 0 ? -1 : enroll_find_duplicate(x->st, x->cfg, x->m->phone, h->code, r.count, r.day, x->now, &dup_id);
    if (dup > 0) {
        x->action = "enroll-duplicate";
        sbuf_addf(&x->result, NOTE_DUPLICATE, (long long)dup_id);
        long total = enroll_hamlet_total(x->st, x->cfg, cur->code, today);
        char n[24], dm[8];
        snprintf(n, sizeof n, "%ld", r.count);
        snprintf(dm, sizeof dm, "%.5s", d);
        char *msg = counted_reply(x->cfg, RREPLY_DUPLICATE, n, cur->name, dm, total);
        auto_reply(x, msg);
        free(msg);
        return;
    }
    long limit = x->cfg->sms.max_per_report, abs_count = r.count < 0 ? -r.count : r.count;
    if (dup == 0 && ((limit && abs_count > limit) || (cur->population && abs_count > cur->population))) {
        char *why = xasprintf(NOTE_HELD, r.count, limit && abs_count > limit ? "sms.max_per_report" : NOTE_POPULATION,
                              limit && abs_count > limit ? limit : cur->population);
        char n[24];
        snprintf(n, sizeof n, "%ld", r.count);
        refuse(x, "enroll-held", why, reporter_reply(x->cfg, RREPLY_HELD, (const char *[]){n, cur->name, NULL}));
        free(why);
        return;
    }
    struct enroll_new e = {h->code, r.count, r.day, ENROLL_ENTRY, "sms", x->m->phone,
                           r.correction ? "đính chính qua SMS" : NULL, x->m->id};
    int rc = dup < 0 ? -1 : enroll_add(x->st, x->cfg, &e, x->now, &id, err);
    if (rc != 0) {
        x->action = "enroll-malformed";
        sbuf_addf(&x->result, NOTE_NOT_RECORDED, rc < 0 ? store_errmsg(x->st) : err);
        if (rc > 0) {
            char *msg = reporter_reply(x->cfg, RREPLY_NOT_RECORDED, (const char *[]){format_help(x->cfg, rep), NULL});
            auto_reply(x, msg);
            free(msg);
        }
        return;
    }
    long total = enroll_hamlet_total(x->st, x->cfg, cur->code, today);
    char iso[16];
    snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", d + 6, d + 3, d);
    if (r.correction) sbuf_addf(&x->result, NOTE_ENROLLED_CORR, (long long)id, r.count, cur->code, iso, total);
    else sbuf_addf(&x->result, NOTE_ENROLLED, (long long)id, r.count, cur->code, iso, total);
    char n[24], dm[8];
    snprintf(n, sizeof n, r.correction ? "%+ld" : "%ld", r.count);
    snprintf(dm, sizeof dm, "%.5s", d);
    char *msg = counted_reply(x->cfg, r.correction ? RREPLY_CORRECTED : RREPLY_RECORDED, n, cur->name, dm, total);
    auto_reply(x, msg);
    free(msg);
}

/* ---- the engine ---- */

/* A row do_optout keeps only for a stranger's opt-out: no name, hamlet, household or tags. */
static int bare_row(const struct contact *k)
{
    return k->name && !*k->name && !k->hamlet && !k->household && !k->tags;
}

/* 1 when PHONE is one of the residents (the officer's import or command made it), else 0. */
static int is_resident(store *st, const char *phone)
{
    struct contact k = {0};
    int yes = phone && store_contact_get(st, phone, &k) == 0 && !bare_row(&k);
    store_contact_clear(&k);
    return yes;
}

/* Campaign C's reply group that match key KEY is, or NULL. */
static const struct cfg_reply *campaign_reply(const char *key, const struct cfg_campaign *c)
{
    for (size_t i = 0; i < c->nreplies; i++)
        if (key_is(key, c->replies[i].keyword) || in_list(key, &c->replies[i].aliases)) return &c->replies[i];
    return NULL;
}

/* The residents on a number, and those of them in a campaign's audience. */
struct on_number {
    const struct config *cfg;
    const struct cfg_campaign *c;
    int n, in_audience;
    int64_t id;                 /* the one in the audience (the last seen) */
    sbuf names;                 /* everyone's, for the officer */
};

static int on_number_one(void *ud, const struct contact *k)
{
    struct on_number *o = ud;
    sbuf_addf(&o->names, "%s%s", o->n++ ? ", " : "", k->name && *k->name ? k->name : "?");
    if (!k->opted_out && scheduler_in_audience(o->cfg, o->c, k)) {
        o->in_audience++;
        o->id = k->id;
    }
    return 0;
}

/* A poll answer that sets a VNeID status: on a number several residents share, the status of the only
 * one of them the campaign C was for; with none or several, the officer attributes it. */
static void answer_vneid(struct ctx *x, const struct cfg_campaign *c, const struct cfg_reply *r)
{
    int v = r->vneid == CFG_VNEID_ACTIVATED ? VNEID_ACTIVATED : VNEID_NOT_ACTIVATED;
    struct on_number o = {.cfg = x->cfg, .c = c};
    store_contacts_on(x->st, x->m->phone, on_number_one, &o);
    if (o.n <= 1) {
        store_contact_set_vneid(x->st, x->m->phone, v, x->now);
        sbuf_add(&x->result, "; ");
        sbuf_addf(&x->result, NOTE_VNEID_SET, store_vneid_name(v));
    } else if (o.in_audience == 1) {
        store_contact_set_vneid_id(x->st, o.id, v, x->now);
        sbuf_add(&x->result, "; ");
        sbuf_addf(&x->result, NOTE_VNEID_ONE, store_vneid_name(v), o.n, sbuf_str(&o.names));
    } else {
        x->handled = 0;   /* the officer says whose it is */
        sbuf_add(&x->result, "; ");
        sbuf_addf(&x->result, NOTE_VNEID_NOT_SET, o.n, sbuf_str(&o.names), o.in_audience);
    }
    sbuf_free(&o.names);
}

/* Act on campaign C's reply group R: 1 done (a poll answer), 2 for the caller's general path. */
static int campaign_act(struct ctx *x, const struct cfg_campaign *c, const struct cfg_reply *r)
{
    x->keyword = r->keyword;
    free(x->campaign);
    x->campaign = xstrdup(c->id);
    if (!strcmp(r->action, "poll")) {
        x->action = "poll";
        int resident = is_resident(x->st, x->m->phone);
        if (x->m->phone) store_poll_answer(x->st, c->id, x->m->phone, r->keyword, x->m->id, x->now, resident);
        sbuf_addf(&x->result, NOTE_POLL, r->keyword, c->id);
        if (!resident) RESULT_WRAP(&x->result, NOTE_NOT_RESIDENT);
        if (r->vneid && x->m->phone) answer_vneid(x, c, r);
        auto_reply(x, r->reply);
        return 1;
    }
    x->action = r->action;   /* optout, optin, help, inbox: handled by the caller's general path */
    return 2;
}

/* A campaign's keyword in message key KEY: the answers of LAST (the campaign that last messaged the
 * number, or NULL), else another campaign's keyword that is no poll answer. 0 when none; with a poll
 * answer of other campaigns only, *ELSEWHERE lists them (caller frees). */
static int match_campaigns(struct ctx *x, const char *key, const struct cfg_campaign *last, char **elsewhere)
{
    const struct cfg_reply *r = last ? campaign_reply(key, last) : NULL;
    if (r) return campaign_act(x, last, r);
    sbuf polls = {0};
    for (size_t i = 0; i < x->cfg->ncampaigns; i++) {
        const struct cfg_campaign *c = &x->cfg->campaigns[i];
        if (c == last || !(r = campaign_reply(key, c))) continue;
        if (strcmp(r->action, "poll")) {
            if (!c->enabled) continue;
            sbuf_free(&polls);
            return campaign_act(x, c, r);
        }
        sbuf_addf(&polls, "%s%s", polls.len ? ", " : "", c->id);
    }
    *elsewhere = polls.len ? sbuf_detach(&polls) : NULL;
    sbuf_free(&polls);
    return 0;
}

static void do_optout(struct ctx *x)
{
    x->action = "optout";
    struct contact k = {0};
    int found = x->m->phone ? store_contact_get(x->st, x->m->phone, &k) : 1;
    int already = found == 0 && k.opted_out;
    if (!x->m->phone) {
        sbuf_add(&x->result, NOTE_OPTOUT_NOT_MOBILE);
    } else if (already) {
        sbuf_add(&x->result, NOTE_ALREADY_OUT);
    } else {
        if (found) {   /* not a resident: keep the number so no campaign ever reaches it */
            struct contact bare = {.phone = x->m->phone, .name = ""};
            store_contact_upsert(x->st, &bare, x->now);
        }
        store_contact_set_optout(x->st, x->m->phone, x->now);
        /* Queued campaign messages to the number are cancelled when a sender reaches them
         * (checked at every claim): an opt-out costs no scan of the queue. */
        sbuf_add(&x->result, NOTE_OPTED_OUT_ALL);
        auto_reply(x, x->cfg->keywords.optout_reply);
    }
    store_contact_clear(&k);
}

static void do_optin(struct ctx *x)
{
    x->action = "optin";
    struct contact k = {0};
    if (x->m->phone && store_contact_get(x->st, x->m->phone, &k) == 0 && k.opted_out) {
        /* A number kept only for its opt-out (do_optout's bare row) is nobody's: opting in lifts the
         * opt-out and adds nobody to the residents; only the officer's import or command does. */
        int stranger = bare_row(&k);
        if (stranger) store_contact_remove(x->st, x->m->phone);
        else store_contact_set_optout(x->st, x->m->phone, 0);
        sbuf_add(&x->result, stranger ? NOTE_OPTOUT_LIFTED : NOTE_OPTED_IN);
    } else {
        sbuf_add(&x->result, NOTE_NOT_OUT);
    }
    auto_reply(x, x->cfg->keywords.optin_reply);
    store_contact_clear(&k);
}

int replies_handle(store *st, const struct config *cfg, int64_t id, time_t now)
{
    struct inbox_row m = {0};
    /* Read inside the write transaction: with several modem workers, the first to get here acts. */
    if (store_begin(st) < 0) return -1;
    int rc = store_inbox_get(st, id, &m);
    if (rc != 0 || m.action) {
        store_rollback(st);
        store_inbox_clear(&m);
        return rc < 0 ? -1 : 0;
    }
    /* Not in international form: perhaps an alphanumeric sender spelling a number, so nobody's
     * phone (no opt-out, poll answer or reply in a resident's name); a reporter is checked apart. */
    int alnum = cfg->sms.reporters_international_only && m.phone && m.sender && m.sender[0] != '+';
    char *sender_phone = m.phone;
    if (alnum) m.phone = NULL;
    struct ctx x = {.st = st, .cfg = cfg, .m = &m, .now = now, .handled = 1};
    x.campaign = m.phone ? store_last_campaign_for(st, m.phone, m.received) : NULL;
    char *key = replies_key(m.text);
    char *mk = key ? replies_match_key(m.text) : NULL;   /* keywords and phrases are matched on this one */
    int phrase = PHRASE_NONE;
    if (m.coding == 3) {
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, NOTE_UNREADABLE);
    } else if (!key || !*key) {
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, key ? NOTE_EMPTY : NOTE_NOT_TEXT);
    } else if (!m.complete) {
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, NOTE_INCOMPLETE);
    } else if (!strncmp(key, "vneid ", 6) || !strcmp(key, "vneid")) {
        do_enroll(&x);
    } else if (strchr(m.text, '?') || strstr(m.text, "\xEF\xBC\x9F")) {   /* ? or ？: "HUY là sao?" asks */
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, NOTE_QUESTION);
        likely_about(&x);
    } else if ((phrase = optout_phrase(cfg, mk, m.text)) == PHRASE_OPTOUT) {
        x.keyword = "HUY";
        do_optout(&x);
    } else if (phrase == PHRASE_NEGATED) {
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, NOTE_NEGATED);
    } else if (in_list(mk, &cfg->keywords.optin) || in_builtin(mk, optin_aliases)) {
        x.keyword = "DK";
        do_optin(&x);
    } else if (in_list(mk, &cfg->keywords.help)) {
        x.keyword = "HD";
        x.action = "help";
        sbuf_add(&x.result, NOTE_HELP);
        auto_reply(&x, cfg->keywords.help_text);
    } else {
        /* the campaign that last messaged this number first, then the other campaigns' keywords */
        char *elsewhere = NULL;
        const struct cfg_campaign *last = x.campaign ? config_campaign(cfg, x.campaign) : NULL;
        int matched = match_campaigns(&x, mk, last, &elsewhere);
        if (elsewhere) {
            x.action = "inbox";
            x.handled = 0;
            if (x.campaign)
                sbuf_addf(&x.result, NOTE_NOT_ANSWER_OF, x.campaign, elsewhere);
            else
                sbuf_addf(&x.result, NOTE_NO_CAMPAIGN, elsewhere);
            free(elsewhere);
        } else if (matched == 2) {
            if (!strcmp(x.action, "optout")) do_optout(&x);
            else if (!strcmp(x.action, "optin")) do_optin(&x);
            else if (!strcmp(x.action, "help")) { sbuf_add(&x.result, NOTE_HELP); auto_reply(&x, cfg->keywords.help_text); }
            else { x.handled = 0; sbuf_add(&x.result, NOTE_FOR_OFFICER); }
        } else if (!matched) {
            x.action = "inbox";
            x.handled = 0;
            sbuf_add(&x.result, NOTE_FOR_OFFICER);
            likely_about(&x);
        }
    }
    if (!m.phone && !strcmp(x.action, "inbox")) RESULT_WRAP(&x.result, NOTE_SENDER_NOT_MOBILE);
    if (alnum) RESULT_WRAP(&x.result, NOTE_SENDER_ALNUM);
    if (alnum) m.phone = sender_phone;
    rc = store_inbox_set_action(st, id, x.keyword, x.action, x.campaign, sbuf_str(&x.result), x.handled);
    if (rc == 0) rc = store_commit(st);
    if (rc < 0) store_rollback(st);
    else log_info("inbox=%lld from %s: %s: %s", (long long)id, log_phone(m.sender), x.action, sbuf_str(&x.result));
    free(key);
    free(mk);
    free(x.campaign);
    sbuf_free(&x.result);
    store_inbox_clear(&m);
    return rc;
}

int replies_optout_by_officer(store *st, const struct config *cfg, int64_t id, time_t now, char *result, size_t n)
{
    struct inbox_row m = {0};
    if (store_begin(st) < 0) return -1;
    int rc = store_inbox_get(st, id, &m);
    if (rc == 0 && !m.phone) {
        snprintf(result, n, NOTE_OFFICER_NOT_MOBILE, (long long)id,
                 m.sender);
        rc = 1;
    } else if (rc > 0)
        snprintf(result, n, NOTE_NO_MESSAGE, (long long)id);
    if (rc != 0) {
        store_rollback(st);
        store_inbox_clear(&m);
        return rc;
    }
    struct ctx x = {.st = st, .cfg = cfg, .m = &m, .now = now, .handled = 1, .keyword = "HUY"};
    x.campaign = m.campaign ? xstrdup(m.campaign) : NULL;
    do_optout(&x);
    RESULT_WRAP(&x.result, NOTE_OFFICER_STOP);
    rc = store_inbox_set_action(st, id, x.keyword, x.action, x.campaign, sbuf_str(&x.result), 1);
    if (rc == 0) rc = store_event(st, "inbox.optout", m.phone, "the officer read the message as a request to stop");
    if (rc == 0) rc = store_commit(st);
    if (rc < 0) store_rollback(st);
    snprintf(result, n, "%s", sbuf_str(&x.result));
    free(x.campaign);
    sbuf_free(&x.result);
    store_inbox_clear(&m);
    return rc;
}

int replies_handle_pending(store *st, const struct config *cfg, time_t now)
{
    /* Batches of 256 in one transaction: one fsync per batch; a crash loses only uncommitted
     * work, and those messages are still pending at the next start. */
    int64_t ids[256];
    int total = 0, n;
    while ((n = store_inbox_pending(st, ids, 256)) > 0) {
        if (store_begin(st) < 0) return -1;
        for (int i = 0; i < n; i++) {
            if (replies_handle(st, cfg, ids[i], now) < 0) {
                store_rollback(st);
                return -1;
            }
            total++;
        }
        if (store_commit(st) < 0) {
            store_rollback(st);
            return -1;
        }
    }
    return n < 0 ? -1 : total;
}
