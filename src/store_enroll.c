/* store_enroll — enrollment entries (append only: corrections and undos are new rows) and the report figures. */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

void store_enrollment_clear(struct enrollment *e)
{
    free(e->hamlet); free(e->kind); free(e->source); free(e->reporter); free(e->note);
    memset(e, 0, sizeof *e);
}

int store_enroll_add(store *st, const struct enrollment *e, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_ADD);
    if (!s) return -1;
    store_bind_static(s, 1, e->hamlet);
    sqlite3_bind_int64(s, 2, e->count);
    sqlite3_bind_int64(s, 3, e->day);
    store_bind_static(s, 4, e->kind);
    store_bind_static(s, 5, e->source);
    store_bind_static(s, 6, e->reporter);
    store_bind_static(s, 7, e->note);
    sqlite3_bind_int64(s, 8, e->inbox_id);
    sqlite3_bind_int64(s, 9, e->undoes);
    sqlite3_bind_int64(s, 10, (sqlite3_int64)e->created);
    if (store_done(st, s, "enrollment add") < 0) return -1;
    if (id) *id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

static void enroll_from(sqlite3_stmt *s, struct enrollment *e)
{
    e->id = sqlite3_column_int64(s, 0);
    e->hamlet = store_col_text(s, 1);
    e->count = (long)sqlite3_column_int64(s, 2);
    e->day = (long)sqlite3_column_int64(s, 3);
    e->kind = store_col_text(s, 4);
    e->source = store_col_text(s, 5);
    e->reporter = store_col_text(s, 6);
    e->note = store_col_text(s, 7);
    e->inbox_id = sqlite3_column_int64(s, 8);
    e->undoes = sqlite3_column_int64(s, 9);
    e->created = (time_t)sqlite3_column_int64(s, 10);
}

int store_enroll_get(store *st, int64_t id, struct enrollment *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_GET);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) enroll_from(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "enrollment get");
}

int store_enroll_each(store *st, store_enroll_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_ALL);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct enrollment e = {0};
        enroll_from(s, &e);
        int stop = cb(ud, &e);
        store_enrollment_clear(&e);
        if (stop) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "enrollments");
}

/* Step a statement expected to give at most one id: 1 with *id, 0 none, -1 error. */
static int one_id(store *st, sqlite3_stmt *s, int64_t *id, const char *what)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int store_enroll_undone_by(store *st, int64_t id, int64_t *undo_id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_UNDONE_BY);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    return one_id(st, s, undo_id, "enrollment undone");
}

int store_enroll_find_dup(store *st, const char *reporter, const char *hamlet, long count, long day,
                          time_t since, time_t until, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_DUP);
    if (!s) return -1;
    store_bind_static(s, 1, reporter);
    store_bind_static(s, 2, hamlet);
    sqlite3_bind_int64(s, 3, count);
    sqlite3_bind_int64(s, 4, day);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)since);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)until);
    return one_id(st, s, id, "enrollment duplicate");
}

int store_enroll_imported(store *st, const char *hamlet, long count, long day, int64_t up_to, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_IMPORTED);
    if (!s) return -1;
    store_bind_static(s, 1, hamlet);
    sqlite3_bind_int64(s, 2, count);
    sqlite3_bind_int64(s, 3, day);
    sqlite3_bind_int64(s, 4, up_to);
    return one_id(st, s, id, "enrollment imported");
}

int store_contacts_per_hamlet(store *st, store_count_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_PER_HAMLET);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (cb(ud, (const char *)sqlite3_column_text(s, 0), (long)sqlite3_column_int64(s, 1))) break;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "contacts per hamlet");
}

/* ---- report figures ---- */

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
    free(b->residents); free(b->targets); free(b->hamlet_targets);
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
    return store_done(st, s, "report basis");
}

int store_enroll_last_id(store *st, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_LAST_ID);
    if (!s) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "last enrollment");
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
