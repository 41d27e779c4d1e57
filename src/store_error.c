/*
 * store_error — the officer's sentence for each kind of store error, chosen from the kind and its
 * parameters where the error is shown (the model is SQLite's sqlite3ErrStr). The store's files
 * record what went wrong as data (struct store_error); no sentence is written into a fixed buffer.
 * This is the one place the store's officer-facing text lives: a translation changes it here.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "util.h"

#define RECOVERY_DOC "docs/RECOVERY.md" /* installed as share/doc/loa/docs/RECOVERY.md, beside README.md */

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static char *damaged(const char *path, const char *detail)
{
    return xasprintf(_("%s: the database file is damaged (%s): loa will not write to it; "
                     "stop loa, keep this file, and restore the latest `loa backup` copy (see %s, \"Damaged database\")"),
                     path, or_empty(detail), RECOVERY_DOC);
}

/* The disk and access kinds, which name the database's folder or the system's reason. */
static char *disk_message(const struct store_error *e, const char *path, const char *what, const char *detail)
{
    char *dir = util_dirname(path);
    char *m;
    if (e->kind == STORE_ERR_FULL)
        m = xasprintf(_("%s: the disk is full (or a file size limit was reached): %s failed and changed nothing; "
                      "free some space (df -h %s), then try again (see %s, \"Disk full\")"), path, what, dir, RECOVERY_DOC);
    else
        m = xasprintf(_("%s: disk error (%s%s%s): %s failed and changed nothing; check the free space (df -h %s) "
                      "and the disk (dmesg), then try again (see %s, \"Disk errors\")"), path, detail, e->sys ? ": " : "",
                      e->sys ? strerror(e->sys) : "", what, dir, RECOVERY_DOC);
    free(dir);
    return m;
}

char *store_error_message(const struct store_error *e)
{
    const char *path = or_empty(e->path), *what = or_empty(e->what), *detail = or_empty(e->detail);
    switch (e->kind) {
    case STORE_ERR_FULL:
    case STORE_ERR_IO:
        return disk_message(e, path, what, detail);
    case STORE_ERR_BUSY:
        return xasprintf(_("%s: the database is locked by another program (waited %d s): %s failed and changed nothing; "
                         "find the program with `fuser -v %s*`, close it, then try again (see %s, \"Locked database\")"),
                         path, e->num, what, path, RECOVERY_DOC);
    case STORE_ERR_DAMAGED:
        return damaged(path, detail);
    case STORE_ERR_ACCESS:
        return xasprintf(_("%s: %s: %s; loa must run as the user that owns the database (see %s, \"Disk errors\")"),
                         path, what, detail, RECOVERY_DOC);
    case STORE_ERR_NEWER:
        return xasprintf(_("%s: the database is schema version %d, newer than this loa (version %d) understands; "
                         "it was left untouched: run the newer loa, or restore a backup"), path, e->num, e->num2);
    case STORE_ERR_EMPTY:
        return xasprintf(_("%s: the database file is empty (0 bytes): loa will not start afresh over it; "
                         "restore the latest `loa backup` copy, or delete the empty file to begin a new database "
                         "(see %s, \"Damaged database\")"), path, RECOVERY_DOC);
    case STORE_ERR_NOT_FILE:
        return xasprintf(_("%s: not a regular file: loa will not use it as its database"), path);
    case STORE_ERR_CANNOT_OPEN:
        return xasprintf(_("%s: cannot open database: %s"), path, strerror(e->sys));
    case STORE_ERR_MKDIR:
        return xasprintf(_("%s: cannot create folder: %s"), path, strerror(e->sys));
    case STORE_ERR_UNDONE:
        return xasprintf(_("%s: the change was undone after an earlier error; nothing was saved"), path);
    case STORE_ERR_READER:
        return xasprintf(_("%s: another program kept reading the database, so removed data is still "
                         "in its write-ahead log (-wal) until the next checkpoint; run the command again"), path);
    case STORE_ERR_STATE:
        return xasprintf(_("%s: the message is not in the state this change starts from"), what);
    case STORE_ERR_EXISTS:
        return xasprintf(_("%s: already exists; choose a new file name"), path);
    case STORE_ERR_FILE:
        return xasprintf(_("%s: %s"), path, detail);
    case STORE_ERR_COPY_DAMAGED: {
        char *why = damaged(path, e->detail ? e->detail : "its copy cannot be read back");
        char *m = xasprintf(_("%s; no backup was written to %s"), why, or_empty(e->copy));
        free(why);
        return m;
    }
    case STORE_ERR_NONE:
    case STORE_ERR_SQL:
    default:
        return xasprintf(_("%s: %s: %s"), path, what, detail);
    }
}

store *store_log_open(const char *path)
{
    struct store_error e = {0};
    store *st = store_open(path, &e);
    if (!st) {
        char *m = store_error_take(&e);
        log_error("%s", m);
        free(m);
    }
    return st;
}

char *store_error_take(struct store_error *e)
{
    char *m = store_error_message(e);
    store_error_clear(e);
    return m;
}

void store_error_clear(struct store_error *e)
{
    if (!e) return;
    free(e->path);
    free(e->what);
    free(e->detail);
    free(e->copy);
    memset(e, 0, sizeof *e);
}

void store_error_set(struct store_error *e, int kind, int fault, const char *path, const char *what, const char *detail)
{
    if (!e) return;
    store_error_clear(e);
    e->kind = kind;
    e->fault = fault;
    e->path = path ? xstrdup(path) : NULL;
    e->what = what ? xstrdup(what) : NULL;
    e->detail = detail ? xstrdup(detail) : NULL;
}
