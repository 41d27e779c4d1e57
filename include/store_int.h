/* store_int — what the store*.c files share: the handle, the statement table and helpers. Not for other modules. */
#ifndef LOA_STORE_INT_H
#define LOA_STORE_INT_H

#include <sqlite3.h>

#include "store.h"
#include "util.h"

enum store_stmt_id {
    ST_DATA_VERSION,
    ST_EVENT_ADD,
    ST_CONTACT_UPSERT,
    ST_CONTACT_GET,
    ST_CONTACT_REMOVE,
    ST_CONTACT_SET_VNEID,
    ST_CONTACT_SET_OPTOUT,
    ST_CONTACTS_ALL,
    ST_CONTACTS_BY_HAMLET,
    ST_CONTACTS_COUNT,
    ST__COUNT
};

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmts[ST__COUNT];  /* prepared on first use, kept until close */
    char err[LOA_ERRLEN];           /* last error */
};

extern const char *const store_sql[ST__COUNT];

/* Migrations beyond the first file's: *out (when not NULL) = the array; returns how many. */
int store_more_migrations(const char *const **out);

sqlite3_stmt *store_stmt(store *st, enum store_stmt_id id);  /* reset and unbound; NULL on error */
int store_fail(store *st, const char *what);                 /* records sqlite's message, returns -1 */
int store_done(store *st, sqlite3_stmt *s, const char *what);
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
void store_bind_static(sqlite3_stmt *s, int i, const char *v);  /* V must outlive the step */
char *store_col_text(sqlite3_stmt *s, int i);

#endif
