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

/* Run the pragma statement ID (secure_delete). */
static int pragma(store *st, enum store_stmt_id id)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, "secure_delete");
}

int store_purge(store *st, time_t before, struct purge_result *res)
{
    memset(res, 0, sizeof *res);
    /* secure_delete = ON for the purge (FAST otherwise): FAST zeroes what is freed inside a b-tree
     * page but leaves the overflow pages of a long text on the freelist as they were. */
    if (pragma(st, ST_SECURE_DELETE_ON) < 0) return -1;
    int failed = store_begin(st) < 0;
    if (!failed) {
        res->inbox = purge_one(st, ST_PURGE_INBOX, before, &failed);
        purge_one(st, ST_PURGE_INBOX_PARTS, before, &failed);
        res->outbox = purge_one(st, ST_PURGE_OUTBOX, before, &failed);
        purge_one(st, ST_PURGE_RUN_TEXTS, before, &failed);
        res->answers = purge_one(st, ST_PURGE_ANSWERS, before, &failed);
        res->enrollments = purge_one(st, ST_PURGE_ENROLLMENTS, before, &failed);
        purge_one(st, ST_PURGE_EVENTS, before, &failed);
        if (failed || store_commit(st) < 0) {
            store_rollback(st);
            memset(res, 0, sizeof *res);
            failed = 1;
        }
    }
    if (!failed && store_checkpoint_truncate(st) < 0) failed = 1;
    if (pragma(st, ST_SECURE_DELETE_FAST) < 0) failed = 1;
    return failed ? -1 : 0;
}
