/* store_enroll — enrollment entries (append only: corrections and undos are new rows). */
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
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, what);
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

int store_enroll_last_id(store *st, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ENROLL_LAST_ID);
    if (!s) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "last enrollment");
}
