/*
 * store — SQLite: opening, pragmas, migrations (PRAGMA user_version), transactions,
 * online backup and the audit trail. Each table's statements are in the store_*.c that
 * names it; all share the prepared-statement cache declared in store_int.h.
 *
 * Sections: migrations; errors; open/close; statement cache; transactions and backup; events.
 */
#include "store.h"
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

/* ---- errors: the one place SQLite's result codes become what the officer can act on ---- */

#define BUSY_MS 5000                    /* how long a statement waits for another program's lock */

static int fault_of(int code, int sys_errno)
{
    switch (code & 0xff) {
    case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE: return STORE_FAULT_NONE;
    case SQLITE_FULL: return STORE_FAULT_FULL;
    case SQLITE_BUSY: case SQLITE_LOCKED: return STORE_FAULT_BUSY;
    case SQLITE_CORRUPT: case SQLITE_NOTADB: return STORE_FAULT_DAMAGED;
    case SQLITE_READONLY: case SQLITE_PERM: case SQLITE_CANTOPEN: return STORE_FAULT_ACCESS;
    case SQLITE_IOERR:
        /* A write refused at the size limit or on a full disk is not always reported as FULL. */
        if (sys_errno == ENOSPC || sys_errno == EFBIG || sys_errno == EDQUOT) return STORE_FAULT_FULL;
        return STORE_FAULT_IO;
    default: return STORE_FAULT_OTHER;
    }
}

/* SQLite reports a write refused at a file size limit (EFBIG) or on a full disk as a plain
 * SQLITE_IOERR_WRITE, mostly without the errno: the file system and the limit tell instead. */
static int out_of_space(const char *path)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        const char *const sides[] = {"", "-wal", "-journal"};
        for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
            char *f = xasprintf("%s%s", path, sides[i]);
            struct stat sb;
            int near = stat(f, &sb) == 0 && (rlim_t)sb.st_size + 65536 >= rl.rlim_cur;
            free(f);
            if (near) return 1;
        }
    }
    char *dir = util_dirname(path);
    struct statvfs vs;
    int full = 0;
    if (statvfs(dir, &vs) == 0) {
        unsigned long long blocks = geteuid() ? vs.f_bavail : vs.f_bfree;   /* root may use the reserve */
        full = blocks * vs.f_frsize < 1024 * 1024 || (vs.f_files && !vs.f_favail);
    }
    free(dir);
    return full;
}

/* Fill E with what CODE, met while doing WHAT on the database at PATH, means; returns its fault. */
static int describe(struct store_error *e, const char *path, sqlite3 *db, int code, const char *what)
{
    int sys = db ? sqlite3_system_errno(db) : 0;
    int fault = fault_of(code, sys);
    if (fault == STORE_FAULT_IO && !sys && out_of_space(path)) fault = STORE_FAULT_FULL;
    static const int kinds[] = {
        [STORE_FAULT_NONE] = STORE_ERR_SQL, [STORE_FAULT_OTHER] = STORE_ERR_SQL, [STORE_FAULT_FULL] = STORE_ERR_FULL,
        [STORE_FAULT_BUSY] = STORE_ERR_BUSY, [STORE_FAULT_DAMAGED] = STORE_ERR_DAMAGED, [STORE_FAULT_IO] = STORE_ERR_IO,
        [STORE_FAULT_ACCESS] = STORE_ERR_ACCESS,
    };
    store_error_set(e, kinds[fault], fault, path, what, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    if (e) {
        e->sys = sys;
        e->num = BUSY_MS / 1000;
    }
    return fault;
}

static void forget_message(store *st)
{
    free(st->errmsg);
    st->errmsg = NULL;
}

int store_fail(store *st, const char *what)
{
    forget_message(st);
    describe(&st->err, st->path, st->db, sqlite3_extended_errcode(st->db), what);
    return -1;
}

int store_set_error(store *st, int kind, int fault, const char *what)
{
    forget_message(st);
    store_error_set(&st->err, kind, fault, st->path, what, NULL);
    return -1;
}

const struct store_error *store_error(store *st)
{
    return &st->err;
}

int store_fault(store *st)
{
    return st->err.fault;
}

/* ---- open / close ---- */

static int exec(store *st, const char *sql, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) return store_fail(st, what);
    return 0;
}

static int read_version(store *st)
{
    sqlite3_stmt *s;
    int v = -1;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
        return store_fail(st, "opening the database");
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    else store_fail(st, "opening the database");
    sqlite3_finalize(s);
    return v;
}

/* A database newer than this binary: -1 with E. */
static int newer(struct store_error *e, const char *path, int v)
{
    store_error_set(e, STORE_ERR_NEWER, STORE_FAULT_OTHER, path, NULL, NULL);
    if (e) {
        e->num = v;
        e->num2 = store_schema_version();
    }
    return -1;
}

/* ST's last error handed to the caller of store_open: -1. */
static int hand_over(store *st, struct store_error *e)
{
    if (e) {
        store_error_clear(e);
        *e = st->err;
        memset(&st->err, 0, sizeof st->err);
    }
    return -1;
}

static int migrate(store *st, int upto, struct store_error *err)
{
    int v = read_version(st);
    if (v < 0) return hand_over(st, err);
    if (v > store_schema_version()) return newer(err, st->path, v);
    for (int n = v + 1; n <= upto; n++) {
        char *sql = xasprintf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; COMMIT;", migration_sql(n), n);
        char what[32];
        snprintf(what, sizeof what, "migration %d", n);
        int rc = exec(st, sql, what);
        free(sql);
        if (rc < 0) {
            if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return hand_over(st, err);
        }
        if (v > 0) log_info("database %s migrated to schema version %d", st->path, n);
    }
    return 0;
}

/* A system call's failure on PATH (errno): -1 with E. */
static int sys_error(struct store_error *e, int kind, const char *path)
{
    int sys = errno;
    store_error_set(e, kind, STORE_FAULT_ACCESS, path, NULL, NULL);
    if (e) e->sys = sys;
    return -1;
}

/* An existing file that cannot be a database loa wrote: SQLite would take an empty one for a new
 * database and a too-short one may fail only when the missing pages are read. 0, or -1 with err. */
static int check_file(const char *path, struct store_error *err)
{
    struct stat sb;
    if (stat(path, &sb) < 0) return sys_error(err, STORE_ERR_CANNOT_OPEN, path);
    if (!S_ISREG(sb.st_mode)) return store_error_set(err, STORE_ERR_NOT_FILE, STORE_FAULT_OTHER, path, NULL, NULL), -1;
    if (sb.st_size == 0) return store_error_set(err, STORE_ERR_EMPTY, STORE_FAULT_DAMAGED, path, NULL, NULL), -1;
    return 0;
}

store *store_open_version(const char *path, int max_version, struct store_error *err)
{
    char *dir = util_dirname(path);
    if (util_mkdir_p(dir, 0750) < 0) {
        sys_error(err, STORE_ERR_MKDIR, dir);
        free(dir);
        return NULL;
    }
    free(dir);
    /* Create the file ourselves so it is 0600 from its first byte; SQLite keeps the mode for -wal/-shm.
     * Only a file created here may be new: one that exists must already be a database. */
    int created = 1;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) {
        created = 0;
        if (check_file(path, err) < 0) return NULL;
        fd = open(path, O_RDWR | O_CLOEXEC);
    }
    if (fd < 0) {
        sys_error(err, STORE_ERR_CANNOT_OPEN, path);
        return NULL;
    }
    close(fd);
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        describe(err, path, st->db, st->db ? sqlite3_extended_errcode(st->db) : SQLITE_NOMEM, "opening");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, BUSY_MS);
    /* A corrupt or foreign file, or one newer than this binary, fails here, before anything is written. */
    int v = read_version(st);
    if (v < 0) {
        hand_over(st, err);
        goto fail;
    }
    if (v > store_schema_version()) {
        newer(err, path, v);
        goto fail;
    }
    /* secure_delete = FAST whatever the SQLite build's default: deleted and overwritten content is
     * zeroed inside b-tree pages at no extra I/O (a purge turns it fully ON for itself). */
    /* journal_size_limit: a WAL that grew while a long reader held back checkpoints (about 30 kB for
     * each message sent) is cut back to 64 MB at the next checkpoint instead of keeping its size. */
    if (exec(st, "PRAGMA journal_mode = WAL", "opening") < 0 ||
        exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -8192; "
                 "PRAGMA journal_size_limit = 67108864; PRAGMA secure_delete = FAST;", "opening") < 0) {
        hand_over(st, err);
        goto fail;
    }
    if (migrate(st, max_version, err) < 0) goto fail;
    return st;
fail:
    store_close(st);
    /* A database this call began and could not finish (a full disk): no half-made file stays behind. */
    if (created) {
        char *side = xasprintf("%s-wal", path);
        unlink(side);
        free(side);
        side = xasprintf("%s-shm", path);
        unlink(side);
        free(side);
        unlink(path);
    }
    return NULL;
}

store *store_open(const char *path, struct store_error *err)
{
    store_error_clear(err);
    return store_open_version(path, store_schema_version(), err);
}

void store_close(store *st)
{
    if (!st) return;
    for (int i = 0; i < ST__COUNT; i++) sqlite3_finalize(st->stmts[i]);
    sqlite3_close(st->db);
    store_error_clear(&st->err);
    free(st->errmsg);
    free(st->path);
    free(st);
}

int store_version(store *st)
{
    return read_version(st);
}

const char *store_errmsg(store *st)
{
    if (!st->err.kind) store_fail(st, "database");   /* a caller that did not record its failure */
    if (!st->errmsg) st->errmsg = store_error_message(&st->err);
    return st->errmsg;
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
        /* Reading the schema can meet a lock or a damaged page as well as a bug in the SQL. */
        store_fail(st, "prepare");
        if (st->err.fault == STORE_FAULT_OTHER) log_error("store: %s", store_errmsg(st));
        return NULL;
    }
    st->stmts[id] = s;
    return s;
}

/* Step a statement that returns no rows. */
int store_done(store *st, sqlite3_stmt *s, const char *what)
{
    if (!s) return -1;
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return store_fail(st, what);
    forget_message(st);
    store_error_clear(&st->err);
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

const char *store_code_name(const char *const *names, int n, int code)
{
    return code >= 0 && code < n && names[code] ? names[code] : "?";
}

int store_code_parse(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (names[i] && !strcmp(names[i], name)) return i;
    return -1;
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
    if (rc != SQLITE_DONE)
        return store_fail(st, id == ST_TX_BEGIN || id == ST_TX_SAVEPOINT ? "starting a change"
                              : id == ST_TX_COMMIT || id == ST_TX_RELEASE ? "saving the change" : "undoing the change");
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
    if (sqlite3_get_autocommit(st->db)) {
        /* SQLite already rolled the whole transaction back after an error (a full disk, an I/O
         * error): nothing is saved, and the caller must hear so even if it missed that error. */
        st->depth = 0;
        if (!st->err.kind) store_set_error(st, STORE_ERR_UNDONE, STORE_FAULT_OTHER, NULL);
        return -1;
    }
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

long long store_wal_bytes(store *st)
{
    char wal[PATH_MAX];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", st->path);
    return stat(wal, &sb) == 0 ? (long long)sb.st_size : 0;
}

int store_wal_held(store *st)
{
    int nlog = 0, nckpt = 0;
    int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
    if (rc == SQLITE_BUSY) return 1;
    if (rc != SQLITE_OK) return store_fail(st, "checkpoint");
    return nckpt < nlog;
}

int store_checkpoint_truncate(store *st)
{
    int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (rc == SQLITE_BUSY) return store_set_error(st, STORE_ERR_READER, STORE_FAULT_BUSY, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(st, "checkpoint");
}

int store_rollback(store *st)
{
    /* Nothing open: a failed COMMIT, or SQLite after a full disk or an I/O error, may have ended it. */
    if (sqlite3_get_autocommit(st->db)) {
        st->depth = 0;
        return 0;
    }
    if (st->depth <= 1) {
        st->depth = 0;
        return tx(st, ST_TX_ROLLBACK);
    }
    st->depth--;
    if (tx(st, ST_TX_ROLLBACK_TO) < 0) return -1;
    return tx(st, ST_TX_RELEASE);
}

/* The first line of a prepared quick_check: 0 "ok", 1 a problem (*DETAIL, malloc'd), -1 the check
 * itself failed. */
static int quick_check(sqlite3_stmt *s, char **detail)
{
    int rc = sqlite3_step(s);
    int out = -1;
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        out = v && !strcmp(v, "ok") ? 0 : 1;
        if (out) *detail = xasprintf("quick_check: %s", v ? v : "no answer");
    }
    sqlite3_reset(s);
    return out;
}

/* The backup's copy at DEST refused or failed (KIND, DETAIL): -1. */
static int copy_error(store *st, int kind, const char *dest, const char *detail)
{
    forget_message(st);
    store_error_set(&st->err, kind, STORE_FAULT_OTHER, dest, NULL, detail);
    return -1;
}

/* The copy at DEST (open as OUT) read back with quick_check: 0 sound, -1 (recorded) damaged. */
static int check_copy(store *st, sqlite3 *out, const char *dest)
{
    sqlite3_stmt *s = NULL;
    char *detail = NULL;
    int rc = sqlite3_prepare_v2(out, store_sql[ST_QUICK_CHECK], -1, &s, NULL) == SQLITE_OK ? quick_check(s, &detail) : -1;
    sqlite3_finalize(s);
    if (rc == 0) return 0;
    forget_message(st);
    store_error_set(&st->err, STORE_ERR_COPY_DAMAGED, STORE_FAULT_DAMAGED, st->path, NULL, detail);
    st->err.copy = xstrdup(dest);
    free(detail);
    return -1;
}

int store_backup(store *st, const char *dest)
{
    sqlite3 *out;
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return copy_error(st, errno == EEXIST ? STORE_ERR_EXISTS : STORE_ERR_FILE, dest, strerror(errno));
    close(fd);
    if (sqlite3_open(dest, &out) != SQLITE_OK) {
        copy_error(st, STORE_ERR_FILE, dest, sqlite3_errmsg(out));
        sqlite3_close(out);
        unlink(dest);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", st->db, "main");
    int rc = b ? SQLITE_OK : sqlite3_extended_errcode(out);
    if (b) {
        /* All pages in one step, under one read transaction: in WAL mode it blocks no writer, and a
         * write by `loa run` meanwhile cannot restart the copy (copied 256 pages a step, a write between
         * steps restarted it, and under heavy sending it might never finish). The WAL grows while it
         * reads, by what is written meanwhile (bench/bench_backup.sh). Another program's lock is waited
         * for as long as any statement waits, not forever. */
        int busy = 0;
        do {
            rc = sqlite3_backup_step(b, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) busy = 0;
            else if ((busy += 20) > BUSY_MS) break;
            else sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) {
        /* A damaged page or a lock is the live database's; a full disk or any other error, the copy's. */
        int f = fault_of(rc, 0);
        forget_message(st);
        if (f == STORE_FAULT_DAMAGED || f == STORE_FAULT_BUSY) describe(&st->err, st->path, NULL, rc, "the backup");
        else describe(&st->err, dest, out, rc, "the backup");
        sqlite3_close(out);
        unlink(dest);
        return -1;
    }
    /* Pages are copied as they are: a damaged database gives a damaged copy, which must not pass
     * for a good one. The copy is checked (not the live file: no lock held on it meanwhile). */
    rc = check_copy(st, out, dest);
    sqlite3_close(out);
    if (rc < 0) unlink(dest);
    return rc;
}

int store_check(store *st)
{
    sqlite3_stmt *s = store_stmt(st, ST_QUICK_CHECK);
    if (!s) return -1;
    char *detail = NULL;
    int rc = quick_check(s, &detail);
    if (rc < 0) return store_fail(st, "checking the database");
    if (rc > 0) {
        forget_message(st);
        store_error_set(&st->err, STORE_ERR_DAMAGED, STORE_FAULT_DAMAGED, st->path, NULL, detail);
        free(detail);
        return -1;
    }
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
