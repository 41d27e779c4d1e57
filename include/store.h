/*
 * store — the SQLite database, loa's single source of truth and the only channel
 * between the CLI and the daemon. Every SQL statement of the program lives in
 * store*.c, prepared once and bound.
 */
#ifndef LOA_STORE_H
#define LOA_STORE_H

#include <stdint.h>
#include <time.h>

typedef struct store store;

/* The schema version this binary writes (PRAGMA user_version after all migrations). */
int store_schema_version(void);

/*
 * Open (creating with mode 0600, and its folder) the database at PATH: WAL, foreign keys,
 * busy timeout, synchronous = FULL, then every pending migration, each in its own
 * transaction. A database newer than this binary is refused and left untouched.
 * NULL with err on failure. store_close(NULL) is a no-op.
 */
store *store_open(const char *path, char *err);
/* As store_open, but migrate only up to MAX_VERSION (tests of upgrades). */
store *store_open_version(const char *path, int max_version, char *err);
void store_close(store *st);
int store_version(store *st);
const char *store_errmsg(store *st);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1 (see store_errmsg). */
int store_begin(store *st);
int store_commit(store *st);
int store_rollback(store *st);

/* A consistent copy of the live database at DEST (SQLite online backup), mode 0600. */
int store_backup(store *st, const char *dest, char *err);

/* SQLite's data_version: changes when another connection commits. */
int64_t store_data_version(store *st);

/* Append to the audit trail. */
int store_event(store *st, const char *kind, const char *ref, const char *detail);

/* ---- contacts ---- */

enum store_vneid { VNEID_UNKNOWN = 0, VNEID_NOT_ACTIVATED = 1, VNEID_ACTIVATED = 2 };
const char *store_vneid_name(int v);

struct contact {
    int64_t id;
    char *phone;            /* E.164, unique */
    char *name;             /* full name */
    char *hamlet;           /* hamlet code or NULL */
    char *household;        /* household id or NULL */
    char *tags;             /* comma-separated or NULL */
    int vneid;              /* enum store_vneid */
    time_t opted_out;       /* 0 = receives SMS */
    time_t created, updated;
};
void store_contact_clear(struct contact *c);  /* frees the strings */

/* Insert or update by phone (name, hamlet, household, tags; VNeID status and opt-out are kept). 0 or -1. */
int store_contact_upsert(store *st, const struct contact *c, time_t now);
/* 0 found (fields malloc'd, free with store_contact_clear), 1 not found, -1 error. */
int store_contact_get(store *st, const char *phone, struct contact *out);
/* 0 removed, 1 not found, -1 error. */
int store_contact_remove(store *st, const char *phone);
int store_contact_set_vneid(store *st, const char *phone, int vneid, time_t now);
int store_contact_set_optout(store *st, const char *phone, time_t when);  /* 0 = opted back in */
/* Calls CB for each contact (of HAMLET, or all when NULL) ordered by hamlet, name; stops on non-zero. */
typedef int (*store_contact_cb)(void *ud, const struct contact *c);
int store_contacts_each(store *st, const char *hamlet, store_contact_cb cb, void *ud);
int64_t store_contacts_count(store *st);

#endif
