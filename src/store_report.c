/* store_report — the figures reports and campaign results are made of: read-only queries over a period or a campaign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

int store_campaign_results(store *st, const char *campaign, struct campaign_results *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store_stmt(st, ST_RESULTS_COUNTS);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int state = sqlite3_column_int(s, 0);
        if (state >= 0 && state < OB__N) out->counts[state] = sqlite3_column_int64(s, 1);
        out->parts += sqlite3_column_int64(s, 2);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return store_fail(st, "results");
    if (!(s = store_stmt(st, ST_RESULTS_RUNS))) return -1;
    store_bind_static(s, 1, campaign);
    if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        out->numbers = sqlite3_column_int64(s, 0);
        out->people = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) return store_fail(st, "results");
    s = store_stmt(st, ST_RESULTS_REPLIES);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    if (sqlite3_step(s) == SQLITE_ROW) {
        out->replies = sqlite3_column_int64(s, 0);
        out->optouts = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    s = store_stmt(st, ST_RESULTS_POLL);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        out->answers = xrealloc(out->answers, (out->nanswers + 1) * sizeof *out->answers);
        out->answer_counts = xrealloc(out->answer_counts, (out->nanswers + 1) * sizeof *out->answer_counts);
        out->answers[out->nanswers] = store_col_text(s, 0);
        out->stranger_counts = xrealloc(out->stranger_counts, (out->nanswers + 1) * sizeof *out->stranger_counts);
        out->stranger_counts[out->nanswers] = sqlite3_column_int64(s, 2);
        out->answer_counts[out->nanswers++] = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, "poll results");
}

void store_campaign_results_clear(struct campaign_results *r)
{
    for (size_t i = 0; i < r->nanswers; i++) free(r->answers[i]);
    free(r->answers);
    free(r->answer_counts);
    free(r->stranger_counts);
    memset(r, 0, sizeof *r);
}

/* Run a period statement whose rows are (key, [key2,] numbers…): NKEYS text columns then NV integers,
 * and the real column D_COL (or -1). */
static int stats(store *st, enum store_stmt_id id, time_t from, time_t to, time_t asof, int nkeys, int nv, int d_col,
                 store_stat_cb cb, void *ud, const char *what)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)from);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)to);
    /* the moment the figures stand at, for statements that know later changes (a delivery report) */
    if (sqlite3_bind_parameter_count(s) >= 3) sqlite3_bind_int64(s, 3, (sqlite3_int64)asof);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_stat r = {0};
        r.key = (const char *)sqlite3_column_text(s, 0);
        if (nkeys > 1) r.key2 = (const char *)sqlite3_column_text(s, 1);
        for (int i = 0; i < nv; i++) r.v[i] = sqlite3_column_int64(s, nkeys + i);
        if (d_col >= 0) r.d = sqlite3_column_double(s, d_col);
        if (cb(ud, &r)) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int store_report_runs(store *st, time_t from, time_t to, store_stat_cb cb, void *ud)
{
    return stats(st, ST_REPORT_RUNS, from, to, to, 2, 3, -1, cb, ud, "report runs");
}

int store_report_outbox(store *st, time_t from, time_t to, time_t asof, store_stat_cb cb, void *ud)
{
    return stats(st, ST_REPORT_OUTBOX, from, to, asof, 1, 3, -1, cb, ud, "report outbox");
}

int store_report_polls(store *st, time_t from, time_t to, store_stat_cb cb, void *ud)
{
    return stats(st, ST_REPORT_POLLS, from, to, to, 2, 1, -1, cb, ud, "report polls");
}

int store_report_broadcasts(store *st, time_t from, time_t to, store_stat_cb cb, void *ud)
{
    return stats(st, ST_REPORT_BROADCASTS, from, to, to, 1, 2, 3, cb, ud, "report broadcasts");
}

void store_report_basis_clear(struct store_report_basis *b)
{
    free(b->residents); free(b->targets); free(b->hamlet_targets); free(b->made_by);
    memset(b, 0, sizeof *b);
}

int store_report_basis_get(store *st, const char *period, struct store_report_basis *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_REPORT_BASIS_GET);
    if (!s) return -1;
    store_bind_static(s, 1, period);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->made = (time_t)sqlite3_column_int64(s, 0);
        out->last_entry = sqlite3_column_int64(s, 1);
        out->residents = store_col_text(s, 2);
        out->targets = store_col_text(s, 3);
        out->hamlet_targets = store_col_text(s, 4);
        out->made_by = sqlite3_column_type(s, 5) == SQLITE_NULL ? NULL : store_col_text(s, 5);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, "report basis");
}

int store_report_basis_put(store *st, const char *period, const struct store_report_basis *b)
{
    sqlite3_stmt *s = store_stmt(st, ST_REPORT_BASIS_PUT);
    if (!s) return -1;
    store_bind_static(s, 1, period);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)b->made);
    sqlite3_bind_int64(s, 3, b->last_entry);
    store_bind_static(s, 4, b->residents);
    store_bind_static(s, 5, b->targets);
    store_bind_static(s, 6, b->hamlet_targets);
    store_bind_static(s, 7, b->made_by);
    return store_done(st, s, "report basis");
}

int store_report_periods_each(store *st, int (*cb)(void *ud, const char *period, time_t made, const char *made_by),
                              void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_REPORT_PERIODS);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (cb(ud, (const char *)sqlite3_column_text(s, 0), (time_t)sqlite3_column_int64(s, 1),
               (const char *)sqlite3_column_text(s, 2)))
            break;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "report periods");
}

int store_first_activity(store *st, time_t *first)
{
    sqlite3_stmt *s = store_stmt(st, ST_FIRST_ACTIVITY);
    if (!s) return -1;
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        *first = (time_t)sqlite3_column_int64(s, 0);
        found = 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? found : store_fail(st, "first activity");
}

int store_report_inbox(store *st, time_t from, time_t to, struct store_inbox_counts *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_REPORT_INBOX);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)from);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)to);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->replies = (long)sqlite3_column_int64(s, 0);
        out->optouts = (long)sqlite3_column_int64(s, 1);
        out->reports = (long)sqlite3_column_int64(s, 2);
        out->carrier = (long)sqlite3_column_int64(s, 3);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "report inbox");
}
