/* store_broadcast — the loudspeaker programme rows and their as-run log. */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char *const bc_state_names[BC__N] = {
    [BC_PENDING] = "pending", [BC_READY] = "ready", [BC_PLAYED] = "played", [BC_SKIPPED] = "skipped",
    [BC_FAILED] = "failed",
};

const char *store_broadcast_state_name(int s)
{
    return store_code_name(bc_state_names, BC__N, s);
}

int store_broadcast_state_parse(const char *name)
{
    return store_code_parse(bc_state_names, BC__N, name);
}

void store_broadcast_clear(struct broadcast_row *b)
{
    free(b->campaign); free(b->text); free(b->words); free(b->hash); free(b->audio); free(b->note);
    memset(b, 0, sizeof *b);
}

static void bc_from(sqlite3_stmt *s, struct broadcast_row *b)
{
    b->id = sqlite3_column_int64(s, 0);
    b->day = (long)sqlite3_column_int64(s, 1);
    b->slot = sqlite3_column_int(s, 2);
    b->campaign = store_col_text(s, 3);
    b->text = store_col_text(s, 4);
    b->words = store_col_text(s, 5);
    b->hash = store_col_text(s, 6);
    b->audio = store_col_text(s, 7);
    b->duration = sqlite3_column_double(s, 8);
    b->state = store_broadcast_state_parse((const char *)sqlite3_column_text(s, 9));
    b->started = (time_t)sqlite3_column_int64(s, 10);
    b->ended = (time_t)sqlite3_column_int64(s, 11);
    b->note = store_col_text(s, 12);
    b->rendered = (time_t)sqlite3_column_int64(s, 13);
    b->level = sqlite3_column_int(s, 14);
}

int store_broadcast_upsert(store *st, long day, int slot, const char *campaign, const char *text, const char *words,
                           const char *hash, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_UPSERT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, day);
    sqlite3_bind_int(s, 2, slot);
    store_bind_static(s, 3, campaign);
    store_bind_static(s, 4, text);
    store_bind_static(s, 5, words);
    store_bind_static(s, 6, hash);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)now);
    if (store_done(st, s, "broadcast upsert") < 0) return -1;
    return sqlite3_changes(st->db) ? 0 : 1;
}

int store_broadcast_rendered(store *st, int64_t id, const char *audio, double duration, int state, const char *note,
                             time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_RENDERED);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    store_bind_static(s, 2, audio);
    sqlite3_bind_double(s, 3, duration);
    store_bind_static(s, 4, store_broadcast_state_name(state));
    store_bind_static(s, 5, note);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)now);
    return store_done(st, s, "broadcast rendered");
}

/* Bind an item's id, state, times and note as ?1..?5 of statement ID and run it. */
static int bind_mark(store *st, enum store_stmt_id id, int64_t bid, int state, time_t started, time_t ended,
                     const char *note, const char *what)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, bid);
    store_bind_static(s, 2, store_broadcast_state_name(state));
    sqlite3_bind_int64(s, 3, (sqlite3_int64)started);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)ended);
    store_bind_static(s, 5, note);
    return store_done(st, s, what);
}

int store_broadcast_mark(store *st, int64_t id, int state, time_t started, time_t ended, const char *note)
{
    /* the item's state and its attempt in the as-run log, together */
    if (store_begin(st) < 0) return -1;
    if (bind_mark(st, ST_BC_MARK, id, state, started, ended, note, "broadcast mark") < 0) {
        store_rollback(st);
        return -1;
    }
    if (!sqlite3_changes(st->db)) {
        store_rollback(st);
        return 1;
    }
    if (bind_mark(st, ST_BC_ATTEMPT, id, state, started, ended, note, "broadcast attempt") < 0 || store_commit(st) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

int store_broadcast_get(store *st, int64_t id, struct broadcast_row *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_GET);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) bc_from(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "broadcast get");
}

static int bc_query(store *st, sqlite3_stmt *s, store_broadcast_cb cb, void *ud)
{
    /* Collect first: callbacks may write (render, mark) while we would still be reading. */
    struct broadcast_row *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        v = xrealloc(v, (n + 1) * sizeof *v);
        memset(&v[n], 0, sizeof v[n]);
        bc_from(s, &v[n++]);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        for (size_t i = 0; i < n; i++) store_broadcast_clear(&v[i]);
        free(v);
        return store_fail(st, "broadcasts");
    }
    int stop = 0;
    for (size_t i = 0; i < n; i++) {
        if (!stop) stop = cb(ud, &v[i]);
        store_broadcast_clear(&v[i]);
    }
    free(v);
    return 0;
}

int store_broadcasts_each(store *st, long day, int slot, store_broadcast_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, slot < 0 ? ST_BC_DAY : ST_BC_DAY_SLOT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, day);
    if (slot >= 0) sqlite3_bind_int(s, 2, slot);
    return bc_query(st, s, cb, ud);
}

int store_broadcast_log_each(store *st, long day, store_broadcast_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_LOG);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, day);
    return bc_query(st, s, cb, ud);
}

int store_broadcasts_pending(store *st, long day_from, long day_until, store_broadcast_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_PENDING);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, day_from);
    sqlite3_bind_int64(s, 2, day_until);
    return bc_query(st, s, cb, ud);
}

int store_broadcast_set_level(store *st, long day, int slot, const char *campaign, int level)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_LEVEL);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, day);
    sqlite3_bind_int(s, 2, slot);
    store_bind_static(s, 3, campaign);
    sqlite3_bind_int(s, 4, level);
    return store_done(st, s, "broadcast level");
}

int store_broadcast_urgent(store *st, long from_day, struct broadcast_row *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_BC_URGENT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, from_day);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) bc_from(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "broadcast urgent");
}

int store_airing_add(store *st, int64_t id, const char *output, double started, double ended, const char *state,
                     const char *note)
{
    sqlite3_stmt *s = store_stmt(st, ST_AIR_ADD);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    store_bind_static(s, 2, output);
    sqlite3_bind_double(s, 3, started);
    sqlite3_bind_double(s, 4, ended);
    store_bind_static(s, 5, state);
    store_bind_static(s, 6, note);
    return store_done(st, s, "airing add");
}

int store_airings_each(store *st, int64_t id, store_airing_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_AIR_EACH);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *out = (const char *)sqlite3_column_text(s, 0), *state = (const char *)sqlite3_column_text(s, 3),
                   *note = (const char *)sqlite3_column_text(s, 4);
        if (cb(ud, out, sqlite3_column_double(s, 1), sqlite3_column_double(s, 2), state, note)) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "airings");
}
