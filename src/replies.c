/*
 * replies — the reply engine. A message is matched as a whole against each keyword and its
 * aliases, on its folded key, so "Hủy đăng ký thì sao?" is a question for the officer, not an
 * opt-out. Order: enrollment reports (VNEID …), opt-out, opt-in, help, the answers of the
 * campaign that last messaged the sender, then the other campaigns' answers; anything else goes
 * to the officer's inbox. Automatic replies go through the outbox (kind auto: they pass quiet
 * hours) under their own cap, and never to alphanumeric senders or short codes.
 */
#include "replies.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enroll.h"
#include "log.h"
#include "outbox.h"
#include "phone.h"
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

char *replies_key(const char *text)
{
    char *f = vntext_fold(text);
    if (!f) return NULL;
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
    return f;
}

/* 1 when KEY equals the folded WORD. */
static int key_is(const char *key, const char *word)
{
    char *w = replies_key(word);
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
static const char *const optout_aliases[] = {"huy dang ky", "tu choi nhan tin", "ngung nhan tin", "dung nhan tin",
                                             "khong nhan tin", "huy nhan tin", "stop", NULL};
static const char *const optin_aliases[] = {"dang ky nhan tin", "dang ky lai", "nhan lai tin", NULL};

static int in_builtin(const char *key, const char *const *l)
{
    for (; *l; l++)
        if (!strcmp(key, *l)) return 1;
    return 0;
}

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

static const struct cfg_reporter *reporter_of(const struct config *cfg, const char *phone)
{
    for (size_t i = 0; phone && i < cfg->sms.nreporters; i++)
        if (!strcmp(cfg->sms.reporters[i].phone, phone)) return &cfg->sms.reporters[i];
    return NULL;
}

/* Queue an automatic reply unless the sender cannot or may not get one. Listed reporters (hamlet
 * heads, the police) are not capped: they may send several reports a day and are known numbers. */
static void auto_reply(struct ctx *x, const char *text)
{
    if (!text || !*text) return;
    if (!x->m->phone) {
        sbuf_addf(&x->result, "; no reply to %s (not a mobile number)", x->m->sender);
        return;
    }
    time_t day = util_day_start(util_local_day(x->now));
    int sent = store_outbox_auto_to(x->st, x->m->phone, day);
    if (sent >= x->cfg->sms.auto_replies_per_day && !reporter_of(x->cfg, x->m->phone)) {
        sbuf_addf(&x->result, "; no reply: %d automatic replies today already", sent);
        log_warn("inbox=%lld from %s: automatic reply cap reached (%d a day)", (long long)x->m->id,
                 log_phone(x->m->phone), x->cfg->sms.auto_replies_per_day);
        return;
    }
    struct outbox_msg msg = {.phone = x->m->phone, .text = text, .diacritics = 1, .kind = OK_AUTO,
                             .priority = 20, .reply_to = x->m->id, .max_parts = 10};
    int64_t id;
    char err[LOA_ERRLEN];
    if (outbox_queue(x->st, x->cfg, &msg, x->now, &id, err) != 0) {
        sbuf_addf(&x->result, "; reply not queued: %s", err);
        return;
    }
    sbuf_addf(&x->result, "; replied (outbox=%lld)", (long long)id);
}

/* ---- enrollment reports: VNEID <hamlet> <count> [dd/mm] [PIN] ---- */

static const char *FORMAT_HELP =
    "Sai cú pháp. Soạn: VNEID <mã xóm> <số tài khoản mới> [ngày/tháng], ví dụ: VNEID DK 12 26/11";

static void do_enroll(struct ctx *x, const char *key)
{
    x->keyword = "VNEID";
    x->action = "enroll";
    const struct cfg_reporter *rep = reporter_of(x->cfg, x->m->phone);
    if (!rep) {
        x->action = "enroll-rejected";
        sbuf_add(&x->result, "enrollment report from a number that is not a listed reporter: stored, not counted");
        x->handled = 0;   /* the officer should see it */
        log_warn("inbox=%lld: enrollment report from unlisted number %s not counted", (long long)x->m->id,
                 log_phone(x->m->sender));
        return;
    }
    /* tokens of the folded key: vneid HAMLET COUNT [DD MM [YYYY]] [PIN] */
    char *dup = xstrdup(key);
    char *tok[8];
    int n = 0;
    for (char *t = strtok(dup, " "); t && n < 8; t = strtok(NULL, " ")) tok[n++] = t;
    long long count = 0, dd = 0, mm = 0, yy = 0;
    const char *pin = NULL;
    int ok = n >= 3 && util_parse_int(tok[2], &count) == 0 && count >= 0 && count <= 100000;
    int k = 3;
    /* "26/11" folds to "26 11": a day and a month when both are small numbers */
    if (ok && n >= k + 2 && util_parse_int(tok[k], &dd) == 0 && util_parse_int(tok[k + 1], &mm) == 0 && dd >= 1 &&
        dd <= 31 && mm >= 1 && mm <= 12) {
        k += 2;
        if (n > k && strlen(tok[k]) == 4 && util_parse_int(tok[k], &yy) == 0 && yy >= 2000 && yy <= 2100) k++;
    } else {
        dd = mm = 0;
    }
    if (ok && n > k) pin = tok[k++];
    if (ok && n > k) ok = 0;
    const struct cfg_hamlet *h = ok ? config_hamlet(x->cfg, tok[1]) : NULL;
    struct loa_tm tm;
    util_localtime(x->now, &tm);
    long day = util_local_day(x->now);
    if (ok && dd) {
        int y = yy ? (int)yy : tm.year;
        if (!yy && (mm > tm.mon || (mm == tm.mon && dd > tm.mday))) y--;   /* "31/12" sent on 2 January */
        if (!util_valid_date(y, (int)mm, (int)dd)) ok = 0;
        else day = util_days_from_civil(y, (int)mm, (int)dd);
    }
    if (!ok || !h) {
        x->action = "enroll-malformed";
        sbuf_addf(&x->result, "malformed enrollment report%s", ok && !h ? ": unknown hamlet" : "");
        if (ok && !h) {
            char *msg = xasprintf("Không có xóm mã %s. %s", tok[1], FORMAT_HELP);
            auto_reply(x, msg);
            free(msg);
        } else {
            auto_reply(x, FORMAT_HELP);
        }
        free(dup);
        return;
    }
    const struct cfg_hamlet *cur = config_hamlet_current(x->cfg, h->code);
    if (rep->hamlet && config_hamlet_current(x->cfg, rep->hamlet) != cur) {
        x->action = "enroll-rejected";
        sbuf_addf(&x->result, "reporter for %s reported for %s: not counted", rep->hamlet, h->code);
        x->handled = 0;
        char *msg = xasprintf("Số này chỉ báo cáo cho xóm %s; báo cáo cho %s không được tính.", rep->hamlet, h->code);
        auto_reply(x, msg);
        free(msg);
        free(dup);
        return;
    }
    if (rep->pin && (!pin || strcmp(pin, rep->pin))) {
        x->action = "enroll-rejected";
        sbuf_add(&x->result, "wrong or missing PIN: not counted");
        x->handled = 0;
        auto_reply(x, "Sai mã PIN: báo cáo không được tính. Soạn: VNEID <mã xóm> <số> [ngày/tháng] <PIN>");
        free(dup);
        return;
    }
    int64_t dup_id, id;
    char err[LOA_ERRLEN];
    int d = enroll_find_duplicate(x->st, x->cfg, x->m->phone, h->code, (long)count, day, x->now, &dup_id);
    int y, mo, da;
    util_civil_from_days(day, &y, &mo, &da);
    if (d > 0) {
        x->action = "enroll-duplicate";
        sbuf_addf(&x->result, "same report as enrollment %lld within 24 h: held as a duplicate, not counted", (long long)dup_id);
        long total = enroll_hamlet_total(x->st, x->cfg, cur->code, util_local_day(x->now));
        char *msg = xasprintf("Báo cáo %lld tài khoản VNeID của %s ngày %02d/%02d đã được ghi nhận trước đó, không tính lại. "
                              "Tổng của xóm: %ld.", count, cur->name, da, mo, total);
        auto_reply(x, msg);
        free(msg);
        free(dup);
        return;
    }
    struct enroll_new e = {h->code, (long)count, day, ENROLL_ENTRY, "sms", x->m->phone, NULL, x->m->id};
    int rc = d < 0 ? -1 : enroll_add(x->st, x->cfg, &e, x->now, &id, err);
    if (rc != 0) {
        x->action = "enroll-malformed";
        sbuf_addf(&x->result, "not recorded: %s", rc < 0 ? store_errmsg(x->st) : err);
        if (rc > 0) auto_reply(x, FORMAT_HELP);
        free(dup);
        return;
    }
    long total = enroll_hamlet_total(x->st, x->cfg, cur->code, util_local_day(x->now));
    sbuf_addf(&x->result, "enrollment %lld: %lld for %s on %04d-%02d-%02d; hamlet total %ld", (long long)id, count,
              cur->code, y, mo, da, total);
    char *msg = xasprintf("Đã ghi nhận %lld tài khoản VNeID của %s ngày %02d/%02d. Tổng của xóm: %ld.", count, cur->name,
                          da, mo, total);
    auto_reply(x, msg);
    free(msg);
    free(dup);
}

/* ---- the engine ---- */

static int match_campaign(struct ctx *x, const char *key, const struct cfg_campaign *c)
{
    for (size_t i = 0; i < c->nreplies; i++) {
        const struct cfg_reply *r = &c->replies[i];
        if (!key_is(key, r->keyword) && !in_list(key, &r->aliases)) continue;
        x->keyword = r->keyword;
        free(x->campaign);
        x->campaign = xstrdup(c->id);
        if (!strcmp(r->action, "poll")) {
            x->action = "poll";
            if (x->m->phone) store_poll_answer(x->st, c->id, x->m->phone, r->keyword, x->m->id, x->now);
            sbuf_addf(&x->result, "poll answer %s to %s", r->keyword, c->id);
            if (r->vneid && x->m->phone) {
                int v = r->vneid == CFG_VNEID_ACTIVATED ? VNEID_ACTIVATED : VNEID_NOT_ACTIVATED;
                store_contact_set_vneid(x->st, x->m->phone, v, x->now);
                sbuf_addf(&x->result, "; VNeID status set to %s", store_vneid_name(v));
            }
            auto_reply(x, r->reply);
            return 1;
        }
        x->action = r->action;   /* optout, optin, help, inbox: handled by the caller's general path */
        return 2;
    }
    return 0;
}

static void do_optout(struct ctx *x)
{
    x->action = "optout";
    struct contact k = {0};
    int found = x->m->phone ? store_contact_get(x->st, x->m->phone, &k) : 1;
    int already = found == 0 && k.opted_out;
    if (!x->m->phone) {
        sbuf_add(&x->result, "opt-out from a sender that is not a mobile number: nothing to do");
    } else if (already) {
        sbuf_add(&x->result, "already opted out: not confirmed again");
    } else {
        if (found) {   /* not a resident: keep the number so no campaign ever reaches it */
            struct contact bare = {.phone = x->m->phone, .name = ""};
            store_contact_upsert(x->st, &bare, x->now);
        }
        store_contact_set_optout(x->st, x->m->phone, x->now);
        /* Queued campaign messages to the number are cancelled when a sender reaches them
         * (checked at every claim): an opt-out costs no scan of the queue. */
        sbuf_add(&x->result, "opted out of every campaign: no more campaign SMS go to this number");
        auto_reply(x, x->cfg->keywords.optout_reply);
    }
    store_contact_clear(&k);
}

static void do_optin(struct ctx *x)
{
    x->action = "optin";
    struct contact k = {0};
    if (x->m->phone && store_contact_get(x->st, x->m->phone, &k) == 0 && k.opted_out) {
        store_contact_set_optout(x->st, x->m->phone, 0);
        sbuf_add(&x->result, "opted in again");
    } else {
        sbuf_add(&x->result, "opt-in: was not opted out");
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
    struct ctx x = {.st = st, .cfg = cfg, .m = &m, .now = now, .handled = 1};
    x.campaign = m.phone ? store_last_campaign_for(st, m.phone) : NULL;
    char *key = replies_key(m.text);
    if (!key || !*key) {
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, key ? "empty message" : "not valid text");
    } else if (!m.complete) {
        x.action = "inbox";
        x.handled = 0;
        sbuf_add(&x.result, "incomplete: a part never arrived");
    } else if (!strncmp(key, "vneid ", 6) || !strcmp(key, "vneid")) {
        do_enroll(&x, key);
    } else if (in_list(key, &cfg->keywords.optout) || in_builtin(key, optout_aliases)) {
        x.keyword = "HUY";
        do_optout(&x);
    } else if (in_list(key, &cfg->keywords.optin) || in_builtin(key, optin_aliases)) {
        x.keyword = "DK";
        do_optin(&x);
    } else if (in_list(key, &cfg->keywords.help)) {
        x.keyword = "HD";
        x.action = "help";
        sbuf_add(&x.result, "help");
        auto_reply(&x, cfg->keywords.help_text);
    } else {
        /* the campaign that last messaged this number first, then every enabled one */
        int matched = 0;
        const struct cfg_campaign *likely = x.campaign ? config_campaign(cfg, x.campaign) : NULL;
        if (likely) matched = match_campaign(&x, key, likely);
        for (size_t i = 0; !matched && i < cfg->ncampaigns; i++)
            if (cfg->campaigns[i].enabled && &cfg->campaigns[i] != likely) matched = match_campaign(&x, key, &cfg->campaigns[i]);
        if (matched == 2) {
            if (!strcmp(x.action, "optout")) do_optout(&x);
            else if (!strcmp(x.action, "optin")) do_optin(&x);
            else if (!strcmp(x.action, "help")) { sbuf_add(&x.result, "help"); auto_reply(&x, cfg->keywords.help_text); }
            else { x.handled = 0; sbuf_add(&x.result, "for the officer"); }
        } else if (!matched) {
            x.action = "inbox";
            x.handled = 0;
            sbuf_addf(&x.result, "for the officer%s%s", x.campaign ? "; likely about " : "", x.campaign ? x.campaign : "");
        }
    }
    if (!m.phone && !strcmp(x.action, "inbox")) sbuf_add(&x.result, " (sender is not a mobile number)");
    rc = store_inbox_set_action(st, id, x.keyword, x.action, x.campaign, sbuf_str(&x.result), x.handled);
    if (rc == 0) rc = store_commit(st);
    if (rc < 0) store_rollback(st);
    else log_info("inbox=%lld from %s: %s: %s", (long long)id, log_phone(m.sender), x.action, sbuf_str(&x.result));
    free(key);
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
