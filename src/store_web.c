/* store_web — the web page's accounts (web_users) and sessions (web_sessions). */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

void store_web_user_clear(struct web_user_row *u)
{
    if (!u) return;
    free(u->name);
    free(u->hash);
    memset(u, 0, sizeof *u);
}

int store_web_user_add(store *st, const char *name, int role, const char *hash, int demo, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_WEB_USER_ADD);
    if (!s) return -1;
    store_bind_static(s, 1, name);
    sqlite3_bind_int(s, 2, role);
    store_bind_static(s, 3, hash);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)now);
    sqlite3_bind_int(s, 5, demo != 0);
    if (store_done(st, s, "web user add") < 0) return -1;
    return sqlite3_changes(st->db) ? 0 : 1;
}

static void user_row(sqlite3_stmt *s, struct web_user_row *u)
{
    u->id = sqlite3_column_int64(s, 0);
    u->name = store_col_text(s, 1);
    u->role = sqlite3_column_int(s, 2);
    u->hash = store_col_text(s, 3);
    u->demo = sqlite3_column_int(s, 4);
}

int store_web_user_get(store *st, const char *name, struct web_user_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store_stmt(st, ST_WEB_USER_GET);
    if (!s) return -1;
    store_bind_static(s, 1, name);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) user_row(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "web user get");
}

/* The user's id, 1 when none: the one lookup passwd and remove share. */
static int user_id(store *st, const char *name, int64_t *id)
{
    struct web_user_row u;
    int rc = store_web_user_get(st, name, &u);
    *id = u.id;
    store_web_user_clear(&u);
    return rc;
}

static int end_user_sessions(store *st, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, ST_WEB_SESSIONS_END_USER);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_done(st, s, "web sessions end");
}

int store_web_user_passwd(store *st, const char *name, const char *hash, time_t now)
{
    if (store_begin(st) < 0) return -1;
    int64_t id;
    int rc = user_id(st, name, &id);
    if (rc == 0) {
        sqlite3_stmt *s = store_stmt(st, ST_WEB_USER_PASSWD);
        if (!s) rc = -1;
        else {
            store_bind_static(s, 1, name);
            store_bind_static(s, 2, hash);
            sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
            rc = store_done(st, s, "web user passwd");
        }
        if (rc == 0) rc = end_user_sessions(st, id);
    }
    if (rc < 0) { store_rollback(st); return -1; }
    return store_commit(st) < 0 ? -1 : rc;
}

int store_web_user_remove(store *st, const char *name)
{
    if (store_begin(st) < 0) return -1;
    int64_t id;
    int rc = user_id(st, name, &id);
    if (rc == 0) rc = end_user_sessions(st, id);
    if (rc == 0) {
        sqlite3_stmt *s = store_stmt(st, ST_WEB_USER_REMOVE);
        if (!s) rc = -1;
        else {
            store_bind_static(s, 1, name);
            rc = store_done(st, s, "web user remove");
        }
    }
    if (rc < 0) { store_rollback(st); return -1; }
    return store_commit(st) < 0 ? -1 : rc;
}

int store_web_users_each(store *st, store_web_user_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_WEB_USERS_ALL);
    if (!s) return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct web_user_row u;
        user_row(s, &u);
        stop = cb(ud, &u);
        store_web_user_clear(&u);
    }
    sqlite3_reset(s);
    return stop || rc == SQLITE_DONE ? 0 : store_fail(st, "web users");
}

int store_web_session_add(store *st, const char *hash, int64_t user_id, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_WEB_SESSION_ADD);
    if (!s) return -1;
    store_bind_static(s, 1, hash);
    sqlite3_bind_int64(s, 2, user_id);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
    return store_done(st, s, "web session add");
}

int store_web_session_get(store *st, const char *hash, struct web_session_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store_stmt(st, ST_WEB_SESSION_GET);
    if (!s) return -1;
    store_bind_static(s, 1, hash);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->user_id = sqlite3_column_int64(s, 0);
        out->name = store_col_text(s, 1);
        out->role = sqlite3_column_int(s, 2);
        out->created = (time_t)sqlite3_column_int64(s, 3);
        out->seen = (time_t)sqlite3_column_int64(s, 4);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "web session get");
}

int store_web_session_touch(store *st, const char *hash, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_WEB_SESSION_TOUCH);
    if (!s) return -1;
    store_bind_static(s, 1, hash);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
    return store_done(st, s, "web session touch");
}

int store_web_session_end(store *st, const char *hash)
{
    sqlite3_stmt *s = store_stmt(st, ST_WEB_SESSION_END);
    if (!s) return -1;
    store_bind_static(s, 1, hash);
    return store_done(st, s, "web session end");
}
