/*
 * store — SQLite: opening, pragmas, migrations (PRAGMA user_version), transactions,
 * online backup, the audit trail and contacts. Other tables' statements are in
 * store_*.c; all share the prepared-statement cache declared in store_int.h.
 *
 * Sections: migrations; open/close; statement cache; transactions and backup; events; contacts.
 */
#include "store.h"
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* ---- migrations: append only; never edit one that has shipped ---- */

static const char *const migrations[] = {
    /* 1: contacts and the audit trail */
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  phone TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  hamlet TEXT,"
    "  household TEXT,"
    "  tags TEXT,"
    "  vneid INTEGER NOT NULL DEFAULT 0,"
    "  opted_out INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL);"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  time INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  ref TEXT,"
    "  detail TEXT);",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int store_schema_version(void)
{
    return NMIGRATIONS + store_more_migrations(NULL);
}

/* Migration N (1-based) across the tables of every store file. */
static const char *migration_sql(int n)
{
    if (n <= NMIGRATIONS) return migrations[n - 1];
    const char *const *more;
    int nmore = store_more_migrations(&more);
    if (n - NMIGRATIONS <= nmore) return more[n - NMIGRATIONS - 1];
    return NULL;
}

/* ---- open / close ---- */

static int exec(store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(st->err, sizeof st->err, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int read_version(store *st)
{
    sqlite3_stmt *s;
    int v = -1;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static int migrate(store *st, int upto, char *err)
{
    int v = read_version(st);
    if (v < 0) return util_err(err, "%s: cannot read the schema version: %s", st->path, sqlite3_errmsg(st->db));
    if (v > store_schema_version())
        return util_err(err, "%s: the database is schema version %d, newer than this loa (version %d) understands; "
                        "it was left untouched: run the newer loa, or restore a backup", st->path, v, store_schema_version());
    for (int n = v + 1; n <= upto; n++) {
        char *sql = xasprintf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; COMMIT;", migration_sql(n), n);
        int rc = exec(st, sql);
        free(sql);
        if (rc < 0) {
            exec(st, "ROLLBACK");
            return util_err(err, "%s: migration %d failed: %s", st->path, n, st->err);
        }
        if (v > 0) log_info("database %s migrated to schema version %d", st->path, n);
    }
    return 0;
}

store *store_open_version(const char *path, int max_version, char *err)
{
    char *dir = util_dirname(path);
    if (util_mkdir_p(dir, 0750) < 0) {
        util_err(err, "%s: cannot create folder: %s", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    free(dir);
    /* Create the file ourselves so it is 0600 from its first byte; SQLite keeps the mode for -wal/-shm. */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        util_err(err, "%s: cannot open database: %s", path, strerror(errno));
        return NULL;
    }
    close(fd);
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        util_err(err, "%s: cannot open database: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
        store_close(st);
        return NULL;
    }
    sqlite3_busy_timeout(st->db, 5000);
    /* A corrupt or foreign file, or one newer than this binary, fails here, before anything is written. */
    int v = read_version(st);
    if (v < 0) {
        util_err(err, "%s: not a usable loa database: %s", path, sqlite3_errmsg(st->db));
        store_close(st);
        return NULL;
    }
    if (v > store_schema_version()) {
        util_err(err, "%s: the database is schema version %d, newer than this loa (version %d) understands; "
                 "it was left untouched: run the newer loa, or restore a backup", path, v, store_schema_version());
        store_close(st);
        return NULL;
    }
    if (exec(st, "PRAGMA journal_mode = WAL") < 0) {
        util_err(err, "%s: not a usable loa database: %s", path, st->err);
        store_close(st);
        return NULL;
    }
    if (exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -8192;") < 0 ||
        migrate(st, max_version, err) < 0) {
        if (err && !err[0]) util_err(err, "%s: %s", path, st->err);
        store_close(st);
        return NULL;
    }
    return st;
}

store *store_open(const char *path, char *err)
{
    if (err) err[0] = '\0';
    return store_open_version(path, store_schema_version(), err);
}

void store_close(store *st)
{
    if (!st) return;
    for (int i = 0; i < ST__COUNT; i++) sqlite3_finalize(st->stmts[i]);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

int store_version(store *st)
{
    return read_version(st);
}

const char *store_errmsg(store *st)
{
    return st->err[0] ? st->err : sqlite3_errmsg(st->db);
}

/* ---- statement cache ---- */

sqlite3_stmt *store_stmt(store *st, enum store_stmt_id id)
{
    sqlite3_stmt *s = st->stmts[id];
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if (sqlite3_prepare_v3(st->db, store_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        snprintf(st->err, sizeof st->err, "prepare failed: %s", sqlite3_errmsg(st->db));
        log_error("store: %s", st->err);
        return NULL;
    }
    st->stmts[id] = s;
    return s;
}

int store_fail(store *st, const char *what)
{
    snprintf(st->err, sizeof st->err, "%s: %s", what, sqlite3_errmsg(st->db));
    return -1;
}

/* Step a statement that returns no rows. */
int store_done(store *st, sqlite3_stmt *s, const char *what)
{
    if (!s) return -1;
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return store_fail(st, what);
    st->err[0] = '\0';
    return 0;
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

void store_bind_static(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

char *store_col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    return v ? xstrdup((const char *)v) : NULL;
}

/* ---- transactions and backup ---- */

#ifndef SQLITE_DEFAULT_WAL_AUTOCHECKPOINT
#define SQLITE_DEFAULT_WAL_AUTOCHECKPOINT 1000   /* SQLite's own default, in pages */
#endif

/* Transactions nest: the outermost is BEGIN IMMEDIATE (so writers queue at once, never deadlock
 * on an upgrade), inner ones are savepoints, so a module can make its work atomic whether or
 * not its caller already opened a transaction. The statements are prepared once: a bulk loop
 * opening a savepoint per item must not parse SQL each time. */
static int tx(store *st, enum store_stmt_id id)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) return -1;
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return store_fail(st, store_sql[id]);
    return 0;
}

int store_begin(store *st)
{
    int rc = tx(st, st->depth ? ST_TX_SAVEPOINT : ST_TX_BEGIN);
    if (rc == 0) st->depth++;
    return rc;
}

int store_commit(store *st)
{
    if (!st->depth) return tx(st, ST_TX_COMMIT);
    int rc = tx(st, st->depth > 1 ? ST_TX_RELEASE : ST_TX_COMMIT);
    if (rc == 0) st->depth--;
    return rc;
}

int store_commit_bulk(store *st)
{
    sqlite3_wal_autocheckpoint(st->db, 0);
    int rc = store_commit(st);
    sqlite3_wal_autocheckpoint(st->db, SQLITE_DEFAULT_WAL_AUTOCHECKPOINT);
    return rc;
}

int store_checkpoint(store *st)
{
    int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0 : store_fail(st, "checkpoint");
}

int store_rollback(store *st)
{
    if (st->depth <= 1) {
        st->depth = 0;
        if (sqlite3_get_autocommit(st->db)) return 0;   /* nothing open (a failed COMMIT may have ended it) */
        return tx(st, ST_TX_ROLLBACK);
    }
    st->depth--;
    if (tx(st, ST_TX_ROLLBACK_TO) < 0) return -1;
    return tx(st, ST_TX_RELEASE);
}

int store_backup(store *st, const char *dest, char *err)
{
    sqlite3 *out;
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return util_err(err, "%s: %s", dest, errno == EEXIST ? "already exists; choose a new file name" : strerror(errno));
    close(fd);
    if (sqlite3_open(dest, &out) != SQLITE_OK) {
        util_err(err, "%s: %s", dest, sqlite3_errmsg(out));
        sqlite3_close(out);
        unlink(dest);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", st->db, "main");
    int rc = SQLITE_OK;
    if (b) {
        /* Copy in steps so a running `loa run` is never blocked for long. */
        do {
            rc = sqlite3_backup_step(b, 256);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    if (!b || rc != SQLITE_DONE) {
        util_err(err, "%s: backup failed: %s", dest, sqlite3_errmsg(out));
        sqlite3_close(out);
        unlink(dest);
        return -1;
    }
    sqlite3_close(out);
    return 0;
}

/* ---- events ---- */

int store_event(store *st, const char *kind, const char *ref, const char *detail)
{
    sqlite3_stmt *s = store_stmt(st, ST_EVENT_ADD);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)util_now());
    store_bind_text(s, 2, kind);
    store_bind_text(s, 3, ref);
    store_bind_text(s, 4, detail);
    return store_done(st, s, "event");
}

/* ---- contacts ---- */

const char *store_vneid_name(int v)
{
    switch (v) {
    case VNEID_NOT_ACTIVATED: return "not_activated";
    case VNEID_ACTIVATED: return "activated";
    default: return "unknown";
    }
}

void store_contact_clear(struct contact *c)
{
    free(c->phone); free(c->name); free(c->hamlet); free(c->household); free(c->tags);
    memset(c, 0, sizeof *c);
}

int store_contact_upsert(store *st, const struct contact *c, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACT_UPSERT);
    if (!s) return -1;
    /* The strings outlive the step: bound without copies (the bulk import's hot path). */
    store_bind_static(s, 1, c->phone);
    store_bind_static(s, 2, c->name ? c->name : "");
    store_bind_static(s, 3, c->hamlet);
    store_bind_static(s, 4, c->household);
    store_bind_static(s, 5, c->tags);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)now);
    return store_done(st, s, "contact upsert");
}

static void contact_from_row(sqlite3_stmt *s, struct contact *c)
{
    c->id = sqlite3_column_int64(s, 0);
    c->phone = store_col_text(s, 1);
    c->name = store_col_text(s, 2);
    c->hamlet = store_col_text(s, 3);
    c->household = store_col_text(s, 4);
    c->tags = store_col_text(s, 5);
    c->vneid = sqlite3_column_int(s, 6);
    c->opted_out = (time_t)sqlite3_column_int64(s, 7);
    c->created = (time_t)sqlite3_column_int64(s, 8);
    c->updated = (time_t)sqlite3_column_int64(s, 9);
}

int store_contact_get(store *st, const char *phone, struct contact *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACT_GET);
    if (!s) return -1;
    store_bind_text(s, 1, phone);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        contact_from_row(s, out);
        sqlite3_reset(s);
        return 0;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 1 : store_fail(st, "contact get");
}

int store_contact_remove(store *st, const char *phone)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACT_REMOVE);
    if (!s) return -1;
    store_bind_text(s, 1, phone);
    if (store_done(st, s, "contact remove") < 0) return -1;
    return sqlite3_changes(st->db) ? 0 : 1;
}

int store_contact_set_vneid(store *st, const char *phone, int vneid, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACT_SET_VNEID);
    if (!s) return -1;
    sqlite3_bind_int(s, 1, vneid);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
    store_bind_text(s, 3, phone);
    return store_done(st, s, "contact vneid");
}

int store_contact_set_optout(store *st, const char *phone, time_t when)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACT_SET_OPTOUT);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)when);
    store_bind_text(s, 2, phone);
    return store_done(st, s, "contact opt-out");
}

static int contacts_query(store *st, sqlite3_stmt *s, store_contact_cb cb, void *ud)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct contact c = {0};
        contact_from_row(s, &c);
        int stop = cb(ud, &c);
        store_contact_clear(&c);
        if (stop) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "contacts");
}

int store_contacts_each(store *st, const char *hamlet, store_contact_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, hamlet ? ST_CONTACTS_BY_HAMLET : ST_CONTACTS_ALL);
    if (!s) return -1;
    if (hamlet) store_bind_text(s, 1, hamlet);
    return contacts_query(st, s, cb, ud);
}

int store_contacts_distinct_each(store *st, store_contact_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_DISTINCT);
    if (!s) return -1;
    return contacts_query(st, s, cb, ud);
}

int store_contacts_active_each(store *st, store_contact_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_ACTIVE);
    if (!s) return -1;
    return contacts_query(st, s, cb, ud);
}

int64_t store_contacts_count(store *st)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_COUNT);
    int64_t n = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    if (s) sqlite3_reset(s);
    return n;
}
