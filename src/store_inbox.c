/* store_inbox — received parts, messages joined from them, poll answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "phone.h"
#include "store_int.h"

int store_inbox_part_add(store *st, const struct inbox_part_new *p)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_PART_ADD);
    if (!s) return -1;
    store_bind_static(s, 1, p->modem);
    store_bind_static(s, 2, p->sender);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)p->smsc_time);
    sqlite3_bind_int(s, 4, p->concat_ref);
    sqlite3_bind_int(s, 5, p->concat_part);
    sqlite3_bind_int(s, 6, p->concat_total);
    store_bind_static(s, 7, p->text);
    sqlite3_bind_int(s, 8, p->coding);
    store_bind_static(s, 9, p->raw);
    sqlite3_bind_int64(s, 10, (sqlite3_int64)p->received);
    /* An unreadable part has no text to know it again by: its place on the modem (and its raw data)
     * does, so a crash between storing and deleting it records it once. */
    char *ident = p->unreadable ? xasprintf("unreadable %d %s", p->location, p->raw ? p->raw : "") : NULL;
    store_bind_static(s, 11, ident);
    int rc = store_done(st, s, "inbox part");
    free(ident);
    if (rc < 0) return -1;
    return sqlite3_changes(st->db) ? 0 : 1;
}

void store_inbox_clear(struct inbox_row *r)
{
    free(r->modem); free(r->sender); free(r->phone); free(r->text);
    free(r->keyword); free(r->action); free(r->campaign); free(r->result);
    memset(r, 0, sizeof *r);
}

/* ---- assembly ---- */

struct part {
    int64_t id;
    char *sender;
    time_t smsc_time, received;
    int ref, num, total, coding;
    char *text;
};

static void parts_free(struct part *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].sender);
        free(v[i].text);
    }
    free(v);
}

/*
 * The text of a message from parts G[0..n) (sorted by part number) announcing TOTAL parts, into
 * TEXT; 1 when it is complete: every part 1..TOTAL arrived, each with one text. A part that never
 * came shows as "[…]"; two different texts for one part number are both kept, "[≠]" between them;
 * a part numbered outside 1..TOTAL is kept at the end after "[+]". Any of these: incomplete.
 */
static int assemble_text(const struct part *g, size_t n, int total, sbuf *text, int *coding)
{
    *coding = 0;
    for (size_t j = 0; j < n; j++)
        if (g[j].coding > *coding) *coding = g[j].coding;
    if (total <= 1) {
        for (size_t j = 0; j < n; j++) sbuf_add(text, g[j].text);
        return 1;
    }
    int complete = 1;
    for (int k = 1; k <= total; k++) {
        int alts = 0;
        for (size_t j = 0; j < n; j++) {
            if (g[j].num != k) continue;
            int seen = 0;   /* the same text again (resent with another time stamp) is one part */
            for (size_t i = 0; i < j && !seen; i++) seen = g[i].num == k && !strcmp(g[i].text, g[j].text);
            if (seen) continue;
            if (alts++) {
                sbuf_add(text, "[≠]");
                complete = 0;
            }
            sbuf_add(text, g[j].text);
        }
        if (!alts) {
            sbuf_add(text, "[…]");   /* a part that never came */
            complete = 0;
        }
    }
    for (size_t j = 0; j < n; j++) {
        if (g[j].num >= 1 && g[j].num <= total) continue;
        sbuf_add(text, "[+]");
        sbuf_add(text, g[j].text);
        complete = 0;
    }
    return complete;
}

/* One message from parts G[0..n). Runs inside the caller's transaction. */
static int store_message(store *st, const char *modem, struct part *g, size_t n, int total)
{
    sbuf text = {0};
    int coding;
    int complete = assemble_text(g, n, total, &text, &coding);
    char e164[32], err[LOA_ERRLEN];
    const char *phone = phone_normalize(g[0].sender, e164, err) == 0 ? e164 : NULL;
    /* the caller's transaction makes the message and its links atomic */
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_ADD);
    if (!s) goto fail;
    store_bind_static(s, 1, modem);
    store_bind_static(s, 2, g[0].sender);
    store_bind_static(s, 3, phone);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)g[0].smsc_time);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)g[n - 1].received);
    store_bind_static(s, 6, sbuf_str(&text));
    sqlite3_bind_int(s, 7, total > 1 ? total : 1);
    sqlite3_bind_int(s, 8, complete);
    sqlite3_bind_int(s, 9, coding);
    if (store_done(st, s, "inbox add") < 0) goto fail;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    for (size_t j = 0; j < n; j++) {
        s = store_stmt(st, ST_INBOX_PART_LINK);
        if (!s) goto fail;
        sqlite3_bind_int64(s, 1, g[j].id);
        sqlite3_bind_int64(s, 2, id);
        if (store_done(st, s, "inbox link") < 0) goto fail;
    }
    sbuf_free(&text);
    return 0;
fail:
    sbuf_free(&text);
    return -1;
}

int store_inbox_assemble(store *st, const char *modem, time_t now, int timeout)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_OPEN_PARTS);
    if (!s) return -1;
    store_bind_static(s, 1, modem);
    struct part *v = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct part *p = &v[n++];
        p->id = sqlite3_column_int64(s, 0);
        p->sender = store_col_text(s, 1);
        p->smsc_time = (time_t)sqlite3_column_int64(s, 2);
        p->ref = sqlite3_column_int(s, 3);
        p->num = sqlite3_column_int(s, 4);
        p->total = sqlite3_column_int(s, 5);
        p->text = store_col_text(s, 6);
        p->coding = sqlite3_column_int(s, 7);
        p->received = (time_t)sqlite3_column_int64(s, 8);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        parts_free(v, n);
        return store_fail(st, "inbox parts");
    }
    int made = 0;
    /* One transaction for the batch (each message a savepoint in it): one fsync, not one per message. */
    if (store_begin(st) < 0) {
        parts_free(v, n);
        return -1;
    }
    for (size_t i = 0; i < n;) {
        /* a group: same sender and reference, concatenated; a single part is its own group */
        size_t j = i + 1;
        if (v[i].total > 1)
            while (j < n && !strcmp(v[j].sender, v[i].sender) && v[j].ref == v[i].ref && v[j].total == v[i].total) j++;
        int total = v[i].total;
        time_t oldest = v[i].received;
        for (size_t k = i; k < j; k++)
            if (v[k].received < oldest) oldest = v[k].received;
        sbuf probe = {0};
        int coding, complete = assemble_text(&v[i], j - i, total, &probe, &coding);
        sbuf_free(&probe);
        if (complete || now - oldest >= timeout) {
            if (!complete)
                log_warn("a %d-part message from %s came with %zu part(s), not parts 1..%d once each, after %d s: "
                         "stored incomplete", total, log_phone(v[i].sender), j - i, total, timeout);
            if (store_message(st, modem, &v[i], j - i, total) < 0) {
                store_rollback(st);
                parts_free(v, n);
                return -1;
            }
            made++;
        }
        i = j;
    }
    parts_free(v, n);
    if (store_commit(st) < 0) {
        store_rollback(st);
        return -1;
    }
    return made;
}

/* ---- inbox rows ---- */

static void inbox_from(sqlite3_stmt *s, struct inbox_row *r)
{
    r->id = sqlite3_column_int64(s, 0);
    r->modem = store_col_text(s, 1);
    r->sender = store_col_text(s, 2);
    r->phone = store_col_text(s, 3);
    r->smsc_time = (time_t)sqlite3_column_int64(s, 4);
    r->received = (time_t)sqlite3_column_int64(s, 5);
    r->text = store_col_text(s, 6);
    r->parts = sqlite3_column_int(s, 7);
    r->complete = sqlite3_column_int(s, 8);
    r->coding = sqlite3_column_int(s, 9);
    r->keyword = store_col_text(s, 10);
    r->action = store_col_text(s, 11);
    r->campaign = store_col_text(s, 12);
    r->result = store_col_text(s, 13);
    r->handled = sqlite3_column_int(s, 14);
}

int store_inbox_pending(store *st, int64_t *ids, int max)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_PENDING);
    if (!s) return -1;
    sqlite3_bind_int(s, 1, max);
    int n = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < max) ids[n++] = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : store_fail(st, "inbox pending");
}

int store_inbox_get(store *st, int64_t id, struct inbox_row *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_GET);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) inbox_from(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "inbox get");
}

int store_inbox_set_action(store *st, int64_t id, const char *keyword, const char *action, const char *campaign,
                           const char *result, int handled)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_SET_ACTION);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    store_bind_static(s, 2, keyword);
    store_bind_static(s, 3, action);
    store_bind_static(s, 4, campaign);
    store_bind_static(s, 5, result);
    sqlite3_bind_int(s, 6, handled);
    return store_done(st, s, "inbox action");
}

int store_inbox_set_handled(store *st, int64_t id, int handled)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_SET_HANDLED);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, handled);
    if (store_done(st, s, "inbox handled") < 0) return -1;
    return sqlite3_changes(st->db) ? 0 : 1;
}

/* CB for each row S (bound) gives; stops on non-zero. 0, or -1 (WHAT failed). */
static int each_row(store *st, sqlite3_stmt *s, store_inbox_cb cb, void *ud, const char *what)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct inbox_row r = {0};
        inbox_from(s, &r);
        int stop = cb(ud, &r);
        store_inbox_clear(&r);
        if (stop) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int store_inbox_each(store *st, int unhandled, int limit, store_inbox_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, unhandled ? ST_INBOX_LIST_UNHANDLED : ST_INBOX_LIST);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    return each_row(st, s, cb, ud, "inbox list");
}

int store_inbox_of_phone(store *st, const char *phone, int limit, store_inbox_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_INBOX_OF_PHONE);
    if (!s) return -1;
    store_bind_static(s, 1, phone);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    return each_row(st, s, cb, ud, "inbox of a number");
}

int store_poll_answer(store *st, const char *campaign, const char *phone, const char *answer, int64_t inbox_id, time_t now,
                      int resident)
{
    sqlite3_stmt *s = store_stmt(st, ST_POLL_ANSWER);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    store_bind_static(s, 2, phone);
    store_bind_static(s, 3, answer);
    sqlite3_bind_int64(s, 4, inbox_id);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)now);
    sqlite3_bind_int(s, 6, resident != 0);
    return store_done(st, s, "poll answer");
}
