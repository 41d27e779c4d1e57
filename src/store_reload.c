/* store_reload — reload requests (reload_requests): the page asks `loa run` to reread its configuration. */
#include "store_int.h"

int store_reload_request(store *st, const char *by, const char *file, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_RELOAD_ADD);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
    store_bind_static(s, 2, by);
    if (file) store_bind_static(s, 3, file);
    else sqlite3_bind_null(s, 3);
    return store_done(st, s, "reload request");
}

int store_reload_pending(store *st, int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st, ST_RELOAD_PENDING);
    if (!s) return -1;
    int rc = sqlite3_step(s);
    int have = rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    if (have) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) return store_fail(st, "reload pending");
    return have;
}

int store_reload_done(store *st, int64_t id, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_RELOAD_DONE);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
    return store_done(st, s, "reload done");
}
