/* store_settings — small durable key/values shared by the CLI and the daemon, and typed accessors for them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

int store_setting_get(store *st, const char *key, char *buf, size_t n)
{
    sqlite3_stmt *s = store_stmt(st, ST_SETTING_GET);
    if (!s) return -1;
    store_bind_static(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(s, 0);
        snprintf(buf, n, "%s", v ? (const char *)v : "");
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return 0;
    return rc == SQLITE_DONE ? 1 : store_fail(st, "setting get");
}

int store_setting_set(store *st, const char *key, const char *value)
{
    sqlite3_stmt *s = store_stmt(st, value ? ST_SETTING_SET : ST_SETTING_DEL);
    if (!s) return -1;
    store_bind_static(s, 1, key);
    if (value) store_bind_static(s, 2, value);
    return store_done(st, s, "setting set");
}

/* The key the CLI writes and every worker reads before a claim. */
#define PAUSED_KEY "paused"

int store_paused_get(store *st, char *since, size_t n)
{
    char buf[32];
    return store_setting_get(st, PAUSED_KEY, since ? since : buf, since ? n : sizeof buf);
}

int store_paused_set(store *st, const char *since)
{
    return store_setting_set(st, PAUSED_KEY, since);
}
