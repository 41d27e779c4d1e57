/* store_runs — campaign runs: materialised once by their unique key, their counts, one by id. */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char *const run_state_names[RUN__N] = {
    [RUN_QUEUED] = "queued", [RUN_SKIPPED] = "skipped", [RUN_CANCELLED] = "cancelled", [RUN_HELD] = "held",
};

const char *store_run_state_name(int s)
{
    return store_code_name(run_state_names, RUN__N, s);
}

int store_run_state_parse(const char *name)
{
    return store_code_parse(run_state_names, RUN__N, name);
}

void store_run_clear(struct run_row *r)
{
    free(r->campaign); free(r->channel); free(r->note);
    memset(r, 0, sizeof *r);
}

int store_run_insert(store *st, const char *campaign, const char *channel, time_t scheduled, time_t now,
                     int state, const char *note, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_INSERT);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    store_bind_static(s, 2, channel);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)scheduled);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)now);
    store_bind_static(s, 5, store_run_state_name(state));
    store_bind_static(s, 6, note);
    if (store_done(st, s, "run insert") < 0) return -1;
    if (!sqlite3_changes(st->db)) return 1;
    if (id) *id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_run_set_counts(store *st, int64_t id, int recipients, int people, int parts, const char *note)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_SET_COUNTS);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, recipients);
    sqlite3_bind_int(s, 3, parts);
    store_bind_static(s, 4, note);
    sqlite3_bind_int(s, 5, people);
    return store_done(st, s, "run counts");
}

static void run_from(sqlite3_stmt *s, struct run_row *r)
{
    r->id = sqlite3_column_int64(s, 0);
    r->campaign = store_col_text(s, 1);
    r->channel = store_col_text(s, 2);
    r->scheduled = (time_t)sqlite3_column_int64(s, 3);
    r->created = (time_t)sqlite3_column_int64(s, 4);
    r->state = store_run_state_parse((const char *)sqlite3_column_text(s, 5));
    r->recipients = sqlite3_column_int(s, 6);
    r->parts = sqlite3_column_int(s, 7);
    r->note = store_col_text(s, 8);
}

int store_run_get(store *st, int64_t id, struct run_row *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_GET);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) run_from(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "run get");
}

int store_run_exists(store *st, const char *campaign, const char *channel, time_t scheduled)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_EXISTS);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    store_bind_static(s, 2, channel);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)scheduled);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, "run exists");
}

int store_run_insert_span(store *st, const char *campaign, time_t scheduled, time_t last, int covers, time_t now,
                          int state, const char *note)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_INSERT_SPAN);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)scheduled);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
    store_bind_static(s, 4, store_run_state_name(state));
    store_bind_static(s, 5, note);
    sqlite3_bind_int(s, 6, covers);
    if (last != scheduled) sqlite3_bind_int64(s, 7, (sqlite3_int64)last);
    else sqlite3_bind_null(s, 7);
    if (store_done(st, s, "run insert") < 0) return -1;
    return sqlite3_changes(st->db) ? 0 : 1;
}

int store_run_held_first(store *st, const char *campaign, time_t *first)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_HELD_FIRST);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        *first = (time_t)sqlite3_column_int64(s, 0);
        found = 1;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) return store_fail(st, "held runs");
    return found ? 0 : 1;
}

int store_run_held_delete(store *st, const char *campaign)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_HELD_DELETE);
    if (!s) return -1;
    store_bind_static(s, 1, campaign);
    return store_done(st, s, "held runs delete");
}

int store_run_missed_each(store *st, time_t from, time_t to, store_run_missed_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_MISSED);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)from);
    sqlite3_bind_int64(s, 2, to ? (sqlite3_int64)to : INT64_MAX);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct run_missed m = {
            .campaign = (const char *)sqlite3_column_text(s, 0),
            .state = store_run_state_parse((const char *)sqlite3_column_text(s, 1)),
            .runs = (long)sqlite3_column_int64(s, 2),
            .last = (time_t)sqlite3_column_int64(s, 3),
            .note = (const char *)sqlite3_column_text(s, 4),
        };
        if (cb(ud, &m)) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "missed runs");
}

int store_latest_time(store *st, time_t *t)
{
    sqlite3_stmt *s = store_stmt(st, ST_LATEST_TIME);
    if (!s) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *t = (time_t)sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "latest time");
}

long store_run_out(store *st, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_OUT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? n : store_fail(st, "run out");
}

int store_run_set_state(store *st, int64_t id, int state, const char *note)
{
    sqlite3_stmt *s = store_stmt(st, ST_RUN_SET_STATE);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    store_bind_static(s, 2, store_run_state_name(state));
    store_bind_static(s, 3, note);
    return store_done(st, s, "run state");
}
