/* store_outbox — the outbox queue and every statement on it (claims, outcomes, delivery reports): all bound, none built by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char *const state_names[OB__N] = {"queued", "sending", "sent", "delivered", "failed", "unknown", "cancelled", "held"};

const char *store_outbox_state_name(int s)
{
    return store_code_name(state_names, OB__N, s);
}

int store_outbox_state_parse(const char *name)
{
    return store_code_parse(state_names, OB__N, name);
}

void store_outbox_clear(struct outbox_row *r)
{
    free(r->campaign); free(r->phone); free(r->text); free(r->refs); free(r->modem); free(r->last_error);
    memset(r, 0, sizeof *r);
}

static void row_from(sqlite3_stmt *s, struct outbox_row *r)
{
    r->id = sqlite3_column_int64(s, 0);
    r->run_id = sqlite3_column_int64(s, 1);
    r->campaign = store_col_text(s, 2);
    r->phone = store_col_text(s, 3);
    r->text = store_col_text(s, 4);
    r->ucs2 = sqlite3_column_int(s, 5);
    r->parts = sqlite3_column_int(s, 6);
    r->parts_sent = sqlite3_column_int(s, 7);
    r->refs = store_col_text(s, 8);
    r->kind = sqlite3_column_int(s, 9);
    r->priority = sqlite3_column_int(s, 10);
    r->urgent = sqlite3_column_int(s, 11);
    r->state = sqlite3_column_int(s, 12);
    r->attempts = sqlite3_column_int(s, 13);
    r->next_attempt = (time_t)sqlite3_column_int64(s, 14);
    r->modem = store_col_text(s, 15);
    r->last_error = store_col_text(s, 16);
    r->created = (time_t)sqlite3_column_int64(s, 17);
    r->sent_at = (time_t)sqlite3_column_int64(s, 18);
    r->delivered_at = (time_t)sqlite3_column_int64(s, 19);
    r->reply_to = sqlite3_column_int64(s, 20);
}

int store_outbox_add(store *st, const struct outbox_row *r, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_ADD);
    if (!s) return -1;
    if (r->run_id) sqlite3_bind_int64(s, 1, r->run_id);
    store_bind_static(s, 2, r->campaign);
    store_bind_static(s, 3, r->phone);
    store_bind_static(s, 4, r->text);
    sqlite3_bind_int(s, 5, r->ucs2);
    sqlite3_bind_int(s, 6, r->parts);
    sqlite3_bind_int(s, 7, r->kind);
    sqlite3_bind_int(s, 8, r->priority);
    sqlite3_bind_int(s, 9, r->urgent);
    sqlite3_bind_int64(s, 10, (sqlite3_int64)r->next_attempt);
    sqlite3_bind_int64(s, 11, (sqlite3_int64)r->created);
    if (r->reply_to) sqlite3_bind_int64(s, 12, r->reply_to);
    if (r->text_id) sqlite3_bind_int64(s, 13, r->text_id);
    if (store_done(st, s, "outbox add") < 0) return -1;
    if (id) *id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_run_text_add(store *st, int64_t run_id, const char *text, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_TEXT_ADD);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    store_bind_static(s, 2, text);
    if (store_done(st, s, "run text add") < 0) return -1;
    *id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_outbox_get(store *st, int64_t id, struct outbox_row *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_GET);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) row_from(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "outbox get");
}

static int changes_or_fail(store *st, sqlite3_stmt *s, const char *what)
{
    if (store_done(st, s, what) < 0) return -1;
    return sqlite3_changes(st->db);
}

int store_outbox_recover(store *st, const char *modem, time_t now, int *requeued)
{
    *requeued = 0;
    sqlite3_stmt *q = store_stmt(st, ST_OUTBOX_REQUEUE_UNWRITTEN);
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, (sqlite3_int64)now);
    if (modem) sqlite3_bind_text(q, 2, modem, -1, SQLITE_STATIC);
    else sqlite3_bind_null(q, 2);
    int n = changes_or_fail(st, q, "outbox requeue");
    if (n < 0) return -1;
    *requeued = n;
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_RECOVER);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
    if (modem) sqlite3_bind_text(s, 2, modem, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, 2);
    return changes_or_fail(st, s, "outbox recover");
}

/* The invariant of every state change from `sending`: it moved exactly the one claimed row. A row
 * found in another state is a bug (an outcome recorded twice, a row never claimed): an error, never
 * a second change. */
static int moved_one(store *st, int rc, const char *what)
{
    if (rc < 0) return rc;
    if (LOA_ASSERT(sqlite3_changes(st->db) == 1) < 0) {
        return store_set_error(st, STORE_ERR_STATE, STORE_FAULT_OTHER, what);
    }
    return rc;
}

int store_outbox_claim(store *st, const char *modem, time_t now, int quiet, int flags, struct outbox_row *out)
{
    if (store_begin(st) < 0) return -1;
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_PICK);
    if (!s) goto fail;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
    sqlite3_bind_int(s, 2, quiet);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        store_commit(st);
        return 1;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        store_fail(st, "outbox pick");
        goto fail;
    }
    row_from(s, out);
    sqlite3_reset(s);
    s = store_stmt(st, ST_OUTBOX_MARK_SENDING);
    if (!s) goto fail_row;
    sqlite3_bind_int64(s, 1, out->id);
    store_bind_static(s, 2, modem);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
    sqlite3_bind_int(s, 4, (flags & STORE_CLAIM_REPORT) != 0);
    if (flags & STORE_CLAIM_TELLS) sqlite3_bind_int(s, 5, 0);
    else sqlite3_bind_null(s, 5);
    if (moved_one(st, store_done(st, s, "outbox claim"), "outbox claim") < 0 || store_commit(st) < 0) goto fail_row;
    out->state = OB_SENDING;
    out->attempts++;
    out->sent_at = now;
    free(out->modem);
    out->modem = xstrdup(modem);
    return 0;
fail_row:
    store_outbox_clear(out);
fail:
    store_rollback(st);
    return -1;
}

static int count_query(store *st, enum store_stmt_id id, const char *key, time_t since)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) return -1;
    store_bind_static(s, 1, key);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)since);
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    else store_fail(st, "count");
    sqlite3_reset(s);
    return n;
}

int store_outbox_sent_to(store *st, const char *phone, time_t since)
{
    return count_query(st, ST_OUTBOX_SENT_TO, phone, since);
}

int store_outbox_auto_to(store *st, const char *phone, time_t since)
{
    return count_query(st, ST_OUTBOX_AUTO_TO, phone, since);
}

/* Makes SINCE's bucket in modem_day if it is not there yet: one scan of the rows it covers, taken from
 * the bucket before it, in one transaction. 1 made, 0 there already, -1 error. */
static int modem_day_make(store *st, const char *modem, time_t since)
{
    sqlite3_stmt *h = store_stmt(st, ST_OUTBOX_MODEM_DAY_HAS);
    if (!h) return -1;
    store_bind_static(h, 1, modem);
    sqlite3_bind_int64(h, 2, (sqlite3_int64)since);
    int rc = sqlite3_step(h);
    sqlite3_reset(h);
    if (rc == SQLITE_ROW) return 0;
    if (rc != SQLITE_DONE) return store_fail(st, "modem day");
    if (store_begin(st) < 0) return -1;
    for (int id = ST_OUTBOX_MODEM_DAY_SEED; id <= ST_OUTBOX_MODEM_DAY_SPLIT; id++) {
        sqlite3_stmt *s = store_stmt(st, (enum store_stmt_id)id);
        if (!s) goto fail;
        store_bind_static(s, 1, modem);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)since);
        if (store_done(st, s, "modem day") < 0) goto fail;
    }
    if (store_commit(st) < 0) goto fail;
    return 1;
fail:
    store_rollback(st);
    return -1;
}

int store_outbox_modem_parts(store *st, const char *modem, time_t since)
{
    if (modem_day_make(st, modem, since) < 0) return -1;
    return count_query(st, ST_OUTBOX_MODEM_PARTS, modem, since);
}

int store_outbox_modem_auto_parts(store *st, const char *modem, time_t since)
{
    return count_query(st, ST_OUTBOX_MODEM_AUTO_PARTS, modem, since);
}

int store_outbox_written(store *st, int64_t id)
{
    /* durable before the device has the part: inside a transaction it would be neither */
    if (LOA_ASSERT(st->depth == 0) < 0) return store_set_error(st, STORE_ERR_STATE, STORE_FAULT_OTHER, "outbox written");
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_WRITTEN);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    return moved_one(st, store_done(st, s, "outbox written"), "outbox written");
}

int store_outbox_part_sent(store *st, int64_t id, int part, const char *ref)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_PART_SENT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, part);
    store_bind_static(s, 3, ref);
    return store_done(st, s, "outbox part");
}

int store_outbox_part_progress(store *st, int64_t id, int part, const char *ref)
{
    if (st->depth) return store_outbox_part_sent(st, id, part, ref);
    sqlite3_stmt *lazy = store_stmt(st, ST_SYNC_NORMAL), *full = store_stmt(st, ST_SYNC_FULL);
    if (!lazy || !full) return -1;
    sqlite3_step(lazy);
    sqlite3_reset(lazy);
    int rc = store_outbox_part_sent(st, id, part, ref);
    if (sqlite3_step(full) != SQLITE_DONE) rc = store_fail(st, store_sql[ST_SYNC_FULL]);
    sqlite3_reset(full);
    return rc;
}

static int id_time_text(store *st, enum store_stmt_id which, int64_t id, time_t t, const char *text, const char *what)
{
    sqlite3_stmt *s = store_stmt(st, which);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)t);
    if (text) store_bind_static(s, 3, text);
    return moved_one(st, store_done(st, s, what), what);
}

int store_outbox_sent(store *st, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_SENT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    return moved_one(st, store_done(st, s, "outbox sent"), "outbox sent");
}

int store_outbox_retry_later(store *st, int64_t id, time_t when, int max_attempts, const char *error)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_RETRY_LATER);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)when);
    store_bind_static(s, 3, error);
    sqlite3_bind_int(s, 4, max_attempts);
    int rc = sqlite3_step(s), state = -1;
    if (rc == SQLITE_ROW) state = sqlite3_column_int(s, 0);
    while (rc == SQLITE_ROW) rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return store_fail(st, "outbox retry later");
    return moved_one(st, state < 0 ? 0 : state, "outbox retry later");
}

int store_outbox_defer(store *st, int64_t id, time_t when)
{
    return id_time_text(st, ST_OUTBOX_DEFER, id, when, NULL, "outbox defer");
}

int store_outbox_fail(store *st, int64_t id, time_t now, const char *error)
{
    return id_time_text(st, ST_OUTBOX_FAIL, id, now, error, "outbox fail");
}

int store_outbox_unknown(store *st, int64_t id, time_t now, const char *error)
{
    return id_time_text(st, ST_OUTBOX_UNKNOWN, id, now, error, "outbox unknown");
}

time_t store_outbox_next_due(store *st)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_NEXT_DUE);
    time_t t = 0;
    if (s && sqlite3_step(s) == SQLITE_ROW) t = (time_t)sqlite3_column_int64(s, 0);
    if (s) sqlite3_reset(s);
    return t;
}

int store_outbox_retry(store *st, int64_t id, time_t now)
{
    return id_time_text(st, ST_OUTBOX_RETRY, id, now, NULL, "outbox retry") < 0 ? -1 : sqlite3_changes(st->db);
}

int store_outbox_retry_unknown(store *st, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_RETRY_UNKNOWN);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
    return changes_or_fail(st, s, "outbox retry unknown");
}

int store_outbox_cancel(store *st, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_CANCEL);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    return changes_or_fail(st, s, "outbox cancel");
}

int store_outbox_cancel_run(store *st, int64_t run_id)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_CANCEL_RUN);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    return changes_or_fail(st, s, "outbox cancel run");
}

int store_outbox_cancel_campaign(store *st, const char *campaign)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_CANCEL_CAMPAIGN);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    return changes_or_fail(st, s, "outbox cancel campaign");
}

int store_campaign_waiting(store *st, const char *campaign, long *n)
{
    *n = 0;
    sqlite3_stmt *s = store_stmt(st, ST_CAMPAIGN_WAITING);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *n = (long)sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "campaign waiting");
}

static const char *campaign_pause_key(const char *campaign, char *buf, size_t n)
{
    snprintf(buf, n, "campaign.paused.%s", campaign);
    return buf;
}

int store_campaign_paused_get(store *st, const char *campaign, char *since, size_t n)
{
    char key[160], buf[32];
    return store_setting_get(st, campaign_pause_key(campaign, key, sizeof key), since ? since : buf, since ? n : sizeof buf);
}

int store_campaign_pause_set(store *st, const char *campaign, const char *since)
{
    char key[160];
    if (store_begin(st) < 0) return -1;
    sqlite3_stmt *s = store_stmt(st, since ? ST_CAMPAIGN_HOLD : ST_CAMPAIGN_UNHOLD);
    int n = -1;
    if (s && store_setting_set(st, campaign_pause_key(campaign, key, sizeof key), since) == 0) {
        store_bind_static(s, 1, campaign);
        n = changes_or_fail(st, s, since ? "campaign pause" : "campaign resume");
    }
    if (n < 0 || store_commit(st) < 0) {
        store_rollback(st);
        return -1;
    }
    return n;
}

int store_outbox_hold_run(store *st, int64_t run_id)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_HOLD_RUN);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    return changes_or_fail(st, s, "outbox hold run");
}

/* CB for each row S (bound) gives; stops on non-zero. 0, or -1 (WHAT failed). */
static int each_row(store *st, sqlite3_stmt *s, store_outbox_cb cb, void *ud, const char *what)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct outbox_row r = {0};
        row_from(s, &r);
        int stop = cb(ud, &r);
        store_outbox_clear(&r);
        if (stop) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int store_outbox_each(store *st, int state, int limit, store_outbox_cb cb, void *ud)
{
    /* no index leads with the state (a send would rewrite it twice, migration 5): a state no row is in
     * would be a scan of every message of five years, so its counter answers first */
    if (state >= 0 && state < OB__N) {
        long counts[OB__N];
        if (store_outbox_counts(st, counts) < 0) return -1;
        if (!counts[state]) return 0;
    }
    sqlite3_stmt *s = store_stmt(st, state >= 0 ? ST_OUTBOX_LIST_STATE : ST_OUTBOX_LIST);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    if (state >= 0) sqlite3_bind_int(s, 2, state);
    return each_row(st, s, cb, ud, "outbox list");
}

int store_outbox_of_phone(store *st, const char *phone, int limit, store_outbox_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_OF_PHONE);
    if (!s) return -1;
    store_bind_static(s, 1, phone);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    return each_row(st, s, cb, ud, "outbox of a number");
}

int store_outbox_counts(store *st, long counts[OB__N])
{
    memset(counts, 0, sizeof(long) * OB__N);
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_COUNTS);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int state = sqlite3_column_int(s, 0);
        if (state >= 0 && state < OB__N) counts[state] = sqlite3_column_int(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, "outbox counts");
}

int store_outbox_counts_verify(store *st, char **diff)
{
    *diff = NULL;
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_COUNTS_VERIFY);
    if (!s) return -1;
    int rc, n = 0;
    sbuf b = {0};
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        /* each difference comes as two lines, the rows' figures then the counters' (or one, when
         * only one side has the run and state): the first few are named */
        if (b.len < LOA_ERRLEN / 2)
            sbuf_addf(&b, "%srun %lld state %d: %s say %lld messages, %lld parts, %lld sent", b.len ? "; " : "",
                      (long long)sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1),
                      (const char *)sqlite3_column_text(s, 5), (long long)sqlite3_column_int64(s, 2),
                      (long long)sqlite3_column_int64(s, 3), (long long)sqlite3_column_int64(s, 4));
        n++;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sbuf_free(&b);
        return store_fail(st, "outbox counters");
    }
    /* the replies' counters per campaign (campaign results read them) */
    if (!(s = store_stmt(st, ST_INBOX_COUNTS_VERIFY))) {
        sbuf_free(&b);
        return -1;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (b.len < LOA_ERRLEN / 2)
            sbuf_addf(&b, "%sreplies to %s: %s say %lld received, %lld opt-outs", b.len ? "; " : "",
                      (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 3),
                      (long long)sqlite3_column_int64(s, 1), (long long)sqlite3_column_int64(s, 2));
        n++;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sbuf_free(&b);
        return store_fail(st, "inbox counters");
    }
    /* each number's latest answer (campaign results read them) */
    if (!(s = store_stmt(st, ST_POLL_LATEST_VERIFY))) {
        sbuf_free(&b);
        return -1;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (b.len < LOA_ERRLEN / 2)
            sbuf_addf(&b, "%slatest answer of a number to %s: the %s say answer %lld", b.len ? "; " : "",
                      (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 3),
                      (long long)sqlite3_column_int64(s, 2));
        n++;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sbuf_free(&b);
        return store_fail(st, "latest answers");
    }
    *diff = n ? sbuf_detach(&b) : NULL;
    sbuf_free(&b);
    return n;
}

/* ---- delivery reports and what they say about a modem ---- */

char *store_last_campaign_for(store *st, const char *phone, time_t by)
{
    sqlite3_stmt *s = store_stmt(st, ST_LAST_CAMPAIGN_FOR);
    if (!s) return NULL;
    store_bind_static(s, 1, phone);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)by);
    char *c = NULL;
    if (sqlite3_step(s) == SQLITE_ROW) c = store_col_text(s, 0);
    sqlite3_reset(s);
    return c;
}

int store_outbox_cancel_claimed(store *st, int64_t id, const char *reason)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_CANCEL_CLAIMED);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    store_bind_static(s, 2, reason);
    return store_done(st, s, "outbox cancel claimed");
}

int store_outbox_delivery(store *st, const char *modem, const char *phone, const char *ref, int delivered, time_t when,
                          time_t since, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_DELIVERY_FIND);
    if (!s) return -1;
    store_bind_static(s, 1, phone);
    store_bind_static(s, 2, modem);
    store_bind_static(s, 3, ref);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)since);
    int rc = sqlite3_step(s);
    int64_t found = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail(st, "delivery find");
    if (!found) return 1;
    s = store_stmt(st, ST_OUTBOX_DELIVERY_SET);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, found);
    sqlite3_bind_int(s, 2, delivered);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)when);
    store_bind_static(s, 4, ref);
    if (store_done(st, s, "delivery set") < 0) return -1;
    if (id) *id = found;
    return 0;
}

int store_modem_delivery_rate(store *st, const char *modem, time_t before, int *sent, int *delivered)
{
    sqlite3_stmt *s = store_stmt(st, ST_MODEM_DELIVERY_RATE);
    if (!s) return -1;
    store_bind_static(s, 1, modem);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)before);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *sent = sqlite3_column_int(s, 0);
        *delivered = sqlite3_column_int(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "delivery rate");
}
