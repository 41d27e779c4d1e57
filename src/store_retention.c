/* store_retention — personal data purged after retention.inbox_days (Decree 13/2023/NĐ-CP): rows and counts stay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static long purge_one(store *st, enum store_stmt_id id, time_t before, int *failed)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) {
        *failed = 1;
        return 0;
    }
    sqlite3_bind_int64(s, 1, (sqlite3_int64)before);
    if (store_done(st, s, "purge") < 0) {
        *failed = 1;
        return 0;
    }
    return sqlite3_changes(st->db);
}

int store_purge(store *st, time_t before, struct purge_result *res)
{
    memset(res, 0, sizeof *res);
    if (store_begin(st) < 0) return -1;
    int failed = 0;
    res->inbox = purge_one(st, ST_PURGE_INBOX, before, &failed);
    purge_one(st, ST_PURGE_INBOX_PARTS, before, &failed);
    res->outbox = purge_one(st, ST_PURGE_OUTBOX, before, &failed);
    res->answers = purge_one(st, ST_PURGE_ANSWERS, before, &failed);
    if (failed || store_commit(st) < 0) {
        store_rollback(st);
        memset(res, 0, sizeof *res);
        return -1;
    }
    return 0;
}
