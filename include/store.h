/*
 * store — the SQLite database, loa's single source of truth and the only channel
 * between the CLI and the daemon. Every SQL statement of the program lives in
 * store*.c, prepared once and bound; each table's statements in the file that names it
 * (store_outbox.c, store_inbox.c, store_contacts.c, store_settings.c, store_modems.c,
 * store_runs.c, store_broadcast.c, store_enroll.c, store_report.c, store_retention.c).
 *
 * Conventions of every function here:
 * - a status is 0 on success and -1 on a store error (store_errmsg says what);
 * - a lookup of one row returns 0 found, 1 not found, -1 error: never the other way round;
 * - a row filled by a *_get belongs to the caller, who frees it with the matching *_clear;
 * - a row handed to a *_each callback, and every string in it, is borrowed: valid until the
 *   callback returns, freed by the store after it; copy what must outlive it. A callback
 *   returning non-zero stops the walk, which still returns 0.
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
 * transaction. A database newer than this binary is refused and left untouched. Only a
 * missing file is created: an existing empty or damaged one is refused, never replaced, and a
 * new one that could not be finished (a full disk) is removed again.
 * NULL on failure, with what went wrong in ERR (may be NULL; zeroed, `= {0}`, or holding an
 * earlier error, which it replaces; the caller shows it with store_error_message or
 * store_error_take and frees it with store_error_clear). store_close(NULL) is a no-op.
 */
struct store_error;
store *store_open(const char *path, struct store_error *err);
/* store_open with the reason logged (log_error) on failure: for the service's processes. */
store *store_log_open(const char *path);
/* As store_open, but migrate only up to MAX_VERSION (tests of upgrades). */
store *store_open_version(const char *path, int max_version, struct store_error *err);
void store_close(store *st);
int store_version(store *st);
/* The last error's sentence for the officer (store_error_message of store_error): it names the
 * database file and, for the faults below, says what was (not) saved and how to recover. Never
 * NULL; valid until the next error or store_close. */
const char *store_errmsg(store *st);
/* The last error as data. */
const struct store_error *store_error(store *st);

/* What kind of failure the last error was. */
enum store_fault {
    STORE_FAULT_NONE = 0,
    STORE_FAULT_OTHER,          /* a constraint, a bug: the message says which */
    STORE_FAULT_FULL,           /* disk full or file size limit: the change was not saved */
    STORE_FAULT_BUSY,           /* another program held the lock past the busy timeout: not saved */
    STORE_FAULT_DAMAGED,        /* corrupt or not a database: loa must stop using the file */
    STORE_FAULT_IO,             /* any other I/O error */
    STORE_FAULT_ACCESS,         /* read-only, permissions */
};
int store_fault(store *st);

/* What a store error says, as its kind and parameters; the officer's sentence is chosen from them
 * where it is shown, by store_error_message (the model is sqlite3ErrStr). */
enum store_err {
    STORE_ERR_NONE = 0,
    STORE_ERR_SQL,              /* PATH: WHAT: DETAIL (SQLite's words): a constraint, a bug */
    STORE_ERR_FULL,             /* WHAT failed on PATH: the disk is full */
    STORE_ERR_BUSY,             /* WHAT failed: PATH locked by another program for NUM seconds */
    STORE_ERR_DAMAGED,          /* PATH is damaged: DETAIL */
    STORE_ERR_IO,               /* WHAT failed on PATH: disk error DETAIL, SYS */
    STORE_ERR_ACCESS,           /* WHAT on PATH refused (DETAIL): the wrong user, a read-only file */
    STORE_ERR_NEWER,            /* PATH is schema version NUM, this loa knows NUM2 */
    STORE_ERR_EMPTY,            /* PATH is an empty file */
    STORE_ERR_NOT_FILE,         /* PATH is not a regular file */
    STORE_ERR_CANNOT_OPEN,      /* PATH cannot be opened: SYS */
    STORE_ERR_MKDIR,            /* the folder PATH cannot be created: SYS */
    STORE_ERR_UNDONE,           /* SQLite undid the change on PATH after an earlier error */
    STORE_ERR_READER,           /* a reader kept PATH's WAL from being emptied */
    STORE_ERR_STATE,            /* WHAT: the message was not in the state the change starts from */
    STORE_ERR_EXISTS,           /* PATH (a backup's copy) already exists */
    STORE_ERR_FILE,             /* PATH (a backup's copy): DETAIL (the system's or SQLite's words) */
    STORE_ERR_COPY_DAMAGED,     /* PATH is damaged (DETAIL): no backup was written to COPY */
};
struct store_error {
    int kind;                   /* enum store_err */
    int fault;                  /* enum store_fault: what a program can do about it */
    char *path;                 /* the file concerned (the database, a backup's copy, a folder) */
    char *what;                 /* the operation that failed ("migration 3", "the backup"), or NULL */
    char *detail;               /* SQLite's or the system's words, or NULL */
    char *copy;                 /* STORE_ERR_COPY_DAMAGED: the copy not written */
    int sys;                    /* errno, 0 when none */
    int num, num2;              /* the kind's numbers (seconds waited, schema versions) */
};
/* The officer's sentence for E, malloc'd (the caller frees it); never NULL. */
char *store_error_message(const struct store_error *e);
/* E's sentence (malloc'd), then E cleared: for a caller that shows it once. */
char *store_error_take(struct store_error *e);
/* Free E's strings and zero it; NULL is a no-op. */
void store_error_clear(struct store_error *e);
/* Set E (may be NULL) to KIND and FAULT with copies of the strings (each may be NULL). */
void store_error_set(struct store_error *e, int kind, int fault, const char *path, const char *what, const char *detail);

/* PRAGMA quick_check: 0 when the file's structure is sound; -1 (store_errmsg names the file and the
 * recovery) when it is damaged or cannot be read. Read-only; its cost grows with the file's size. */
int store_check(store *st);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1 (see store_errmsg). */
int store_begin(store *st);
int store_commit(store *st);
/* Commit a bulk transaction (a run's 100,000 rows) without the automatic checkpoint SQLite would
 * otherwise run inside the COMMIT, copying the whole WAL into the database before returning. The
 * rows are durable when it returns (the WAL is synced) and the workers can start sending;
 * store_checkpoint() does the copying afterwards. */
int store_commit_bulk(store *st);
/* A passive checkpoint: copies what it can without waiting for anyone. */
int store_checkpoint(store *st);
/* Copy the whole WAL into the database and cut it to zero bytes, waiting (busy timeout) for
 * readers: after it no older version of a page remains in the WAL. 0, or -1 when a reader kept
 * the WAL past the timeout (store_errmsg says so; the next checkpoint finishes it). */
int store_checkpoint_truncate(store *st);
/* The write-ahead log's size in bytes (0 when there is none). */
long long store_wal_bytes(store *st);
/* Whether a checkpoint leaves frames of the WAL outside the database file because another connection
 * still reads an older snapshot (a long report, a copy): then the WAL cannot restart and every commit
 * makes it longer. 1 held, 0 not (the next commit restarts it), -1 error. Commit first: this
 * connection's own open transaction would hold it too. */
int store_wal_held(store *st);
int store_rollback(store *st);

/* A consistent copy of the live database at DEST (SQLite online backup), mode 0600. 0, or -1 with
 * the reason in store_errmsg (naming DEST, or the database when the fault is the live file's). */
int store_backup(store *st, const char *dest);

/* Append to the audit trail. */
int store_event(store *st, const char *kind, const char *ref, const char *detail);

/* ---- contacts ---- */

enum store_vneid { VNEID_UNKNOWN = 0, VNEID_NOT_ACTIVATED = 1, VNEID_ACTIVATED = 2 };   /* contacts.vneid — stored: never renumber */
const char *store_vneid_name(int v);

struct contact {
    int64_t id;
    char *phone;            /* E.164; a household's residents may share one */
    char *name;             /* full name */
    char *hamlet;           /* hamlet code or NULL */
    char *household;        /* household id or NULL */
    char *tags;             /* comma-separated or NULL */
    int vneid;              /* enum store_vneid */
    time_t opted_out;       /* 0 = receives SMS */
    time_t created, updated;
    int on_number;          /* residents sharing this number: listings (store_contacts_each, store_contacts_on)
                             * count all of them, scheduler_audience those in the audience; 0 = not counted */
};
void store_contact_clear(struct contact *c);  /* frees the strings */
typedef int (*store_contact_cb)(void *ud, const struct contact *c);

/* Insert or update the resident (phone, name): hamlet, household, tags; VNeID status and opt-out are kept,
 * and a new row gets its number's opt-out back (the optouts table, see store_optout_set). *ID (may be
 * NULL) the resident's row. 0 or -1. */
int store_contact_upsert(store *st, const struct contact *c, time_t now);
int store_contact_upsert_id(store *st, const struct contact *c, time_t now, int64_t *id);
/* The first resident on PHONE. 0 found (fields malloc'd, free with store_contact_clear), 1 not found, -1 error. */
int store_contact_get(store *st, const char *phone, struct contact *out);
/* Calls CB for every resident on PHONE (on_number set), in the order they came; 0 or -1. */
int store_contacts_on(store *st, const char *phone, store_contact_cb cb, void *ud);
/* Every resident on PHONE: 0 removed, 1 none was there, -1 error; store_contacts_remove says how many
 * (0 none, -1 error). */
int store_contact_remove(store *st, const char *phone);
int store_contacts_remove(store *st, const char *phone);
/* The VNeID status of every resident on PHONE, or of the resident ID. 0 or -1. */
int store_contact_set_vneid(store *st, const char *phone, int vneid, time_t now);
int store_contact_set_vneid_id(store *st, int64_t id, int vneid, time_t now);
/* After an import that added residents with ids above BEFORE: a new resident that is alone in the file on a
 * number that had exactly one resident is that one renamed (it takes the old row's place and status);
 * the file's other new residents join those already on their number. ALONE says whether new resident
 * ID was the only row of its PHONE in the file. The number renamed (>= 0), or -1. */
typedef int (*store_alone_cb)(void *ud, int64_t id, const char *phone);
int store_contacts_settle_import(store *st, int64_t before, store_alone_cb alone, void *ud);
int64_t store_contacts_max_id(store *st);
int64_t store_contacts_shared(store *st);   /* numbers several residents share, or -1 */
char *store_contact_name(store *st, int64_t id);   /* resident ID's name (caller frees), NULL on error */
int store_contact_set_optout(store *st, const char *phone, time_t when);  /* 0 = opted back in; from an SMS */
/* Opt-outs belong to the number (they outlive the resident row and return with a re-import). Opt PHONE
 * out since WHEN (kept when it already is), or in again with WHEN 0; SOURCE "sms", "officer" or
 * "import", NOTE the officer's reason or NULL. 0 changed, 1 already so, -1 error. */
int store_optout_set(store *st, const char *phone, time_t when, const char *source, const char *note);
struct optout {
    time_t since;           /* 0 when not opted out */
    char *source;           /* sms, officer, import */
    char *note;             /* or NULL */
};
/* 0 opted out (fields malloc'd, free with store_optout_clear), 1 not, -1 error. */
int store_optout_get(store *st, const char *phone, struct optout *out);
void store_optout_clear(struct optout *o);
/* Calls CB for each contact (of HAMLET, or all when NULL) ordered by hamlet, name; stops on non-zero. */
int store_contacts_each(store *st, const char *hamlet, store_contact_cb cb, void *ud);
int64_t store_contacts_count(store *st);

/* ---- outbox: one row per message to one number ---- */

/* outbox.state — stored: never renumber. The SQL spells them SQL_OB_* (store_int.h). */
enum outbox_state {
    OB_QUEUED = 0,              /* waiting for its time and a modem */
    OB_SENDING = 1,             /* claimed: in a worker's hands (maybe sent, if loa stops now) */
    OB_SENT = 2,                /* the network accepted every part */
    OB_DELIVERED = 3,           /* the delivery report said delivered */
    OB_FAILED = 4,              /* never will go, or the report said not delivered */
    OB_UNKNOWN = 5,             /* may have gone: never resent without the officer */
    OB_CANCELLED = 6,           /* withdrawn, or its number opted out */
    OB_HELD = 7,                /* its campaign is paused (`loa campaign pause`): queued again on resume */
    OB__N = 8
};
const char *store_outbox_state_name(int s);
int store_outbox_state_parse(const char *name);       /* -1 when unknown */

/* outbox.kind — stored: never renumber. The SQL spells them SQL_OK_* (store_int.h). */
enum outbox_kind {
    OK_CAMPAIGN = 0,            /* a campaign run's message: opt-out and the per-person cap apply */
    OK_ADHOC = 1,               /* the officer's own message */
    OK_AUTO = 2,                /* an automatic reply to a resident */
    OK_TEST = 3                 /* `loa campaign test`: one rendered message to the officer's phone, counted nowhere */
};

struct outbox_row {
    int64_t id;
    int64_t run_id;             /* 0 for ad hoc and automatic replies */
    char *campaign;             /* campaign id or NULL */
    char *phone;                /* E.164 */
    char *text;                 /* exactly what goes out (prepared) */
    int ucs2;                   /* encoding */
    int parts;
    int parts_sent;             /* parts the modem already accepted */
    char *refs;                 /* message references of accepted parts: "12,13" */
    int kind;                   /* enum outbox_kind */
    int priority;
    int urgent;
    int state;                  /* enum outbox_state */
    int attempts;
    time_t next_attempt;
    char *modem;                /* the modem that sent (or is sending) it */
    char *last_error;
    time_t created, sent_at, delivered_at;
    int64_t reply_to;           /* inbox row answered, 0 = none */
    int64_t text_id;            /* when adding: the run's rendering (store_run_text_add) TEXT is, or 0 */
};
void store_outbox_clear(struct outbox_row *r);
/* Store TEXT once for RUN's messages to refer to (outbox_row.text_id); *id set. */
int store_run_text_add(store *st, int64_t run_id, const char *text, int64_t *id);

/* Queue one message; *id set. The caller has prepared and counted the text. */
int store_outbox_add(store *st, const struct outbox_row *r, int64_t *id);
/* 0 found, 1 not found, -1 error. */
int store_outbox_get(store *st, int64_t id, struct outbox_row *out);

/* Rows left in `sending`, at start-up every one (MODEM NULL), when a worker has exited those of its MODEM: those
 * whose transport had handed no part to the device since the claim (`written` 0) go back to the queue, due at NOW,
 * their count in *REQUEUED; every other one becomes `unknown`. Returns how many became unknown, or -1. */
int store_outbox_recover(store *st, const char *modem, time_t now, int *requeued);
/* The transport is about to hand the device a part of claimed row ID: recorded durably (its own fsync) before
 * the caller lets it go. Outside a transaction. 0 or -1. */
int store_outbox_written(store *st, int64_t id);

/*
 * Claim the next due row for MODEM: in one IMMEDIATE transaction, the best queued row
 * with next_attempt <= now (urgent first, then automatic replies, priority, age) is set to
 * `sending` and committed before the modem sees it. QUIET: only urgent rows and
 * automatic replies may go. FLAGS: STORE_CLAIM_*. Returns 0 with *out filled, 1 when nothing is due, -1 on error.
 */
enum {
    STORE_CLAIM_REPORT = 1,     /* the transport will ask for a delivery report (recorded on the row: only such
                                   sends judge a modem's delivery rate) */
    STORE_CLAIM_TELLS = 2       /* the transport tells the moment it hands a part to the device (store_outbox_written):
                                   a crash before it leaves the row safe to queue again */
};
int store_outbox_claim(store *st, const char *modem, time_t now, int quiet, int flags, struct outbox_row *out);
/* Campaign SMS already sent (or in flight) to PHONE since SINCE (the per-person cap). */
int store_outbox_sent_to(store *st, const char *phone, time_t since);
/* Automatic replies to PHONE since SINCE (their own cap). */
int store_outbox_auto_to(store *st, const char *phone, time_t since);
/* Parts MODEM sent since SINCE (daily limit), SINCE being a day's first second: read from that day's
 * counter, made by the first call of the day (one scan of the day's rows so far), O(log n) after. */
int store_outbox_modem_parts(store *st, const char *modem, time_t since);
/* Parts of automatic replies (answers to reporters, which are urgent, left out) MODEM took since SINCE,
 * rows in `sending` included. */
int store_outbox_modem_auto_parts(store *st, const char *modem, time_t since);

/* One more part accepted: parts_sent and refs updated (inside the caller's transaction, if any). REF is the
 * transport's own reference for the part (a TP-MR "0".."255", a gateway's message id). */
int store_outbox_part_sent(store *st, int64_t id, int part, const char *ref);
/* The same for a part that is not the last, committed at once without waiting for the disk: the
 * write reaches the WAL, so it survives the process being killed, and the outcome's commit (FULL)
 * makes it durable with itself. Only a power cut in between loses it, and the row is then `sending`
 * with fewer parts known, which recovery marks `unknown` all the same: never a silent resend. */
int store_outbox_part_progress(store *st, int64_t id, int part, const char *ref);
/* Final outcomes of an attempt. sent_at stays the time of the claim. */
int store_outbox_sent(store *st, int64_t id);
/* Back to queued for WHEN, or failed once attempts reached MAX_ATTEMPTS: returns the new state, or -1. */
int store_outbox_retry_later(store *st, int64_t id, time_t when, int max_attempts, const char *error);
int store_outbox_defer(store *st, int64_t id, time_t when);                            /* not an attempt */
int store_outbox_fail(store *st, int64_t id, time_t now, const char *error);
int store_outbox_unknown(store *st, int64_t id, time_t now, const char *error);
/* The earliest next_attempt among queued rows (0 when none). */
time_t store_outbox_next_due(store *st);

/* Officer's commands. Each returns the number of rows changed, or -1. */
int store_outbox_retry(store *st, int64_t id, time_t now);        /* failed/unknown -> queued */
int store_outbox_retry_unknown(store *st, time_t now);
int store_outbox_cancel(store *st, int64_t id);                    /* queued -> cancelled */
int store_outbox_cancel_run(store *st, int64_t run_id);
int store_outbox_cancel_campaign(store *st, const char *campaign);   /* queued and held -> cancelled */
/* Messages of CAMPAIGN's runs waiting (queued or held), from the counters: *N. 0 or -1. */
int store_campaign_waiting(store *st, const char *campaign, long *n);
/* `loa campaign pause`: 0 paused (SINCE, when not NULL, gets when as text), 1 not, -1 error. */
int store_campaign_paused_get(store *st, const char *campaign, char *since, size_t n);
/* Pause CAMPAIGN (SINCE its time as text) or resume it (SINCE NULL), in one transaction with its messages:
 * queued ones held, or held ones queued again. Returns how many messages changed, or -1. */
int store_campaign_pause_set(store *st, const char *campaign, const char *since);
/* Within the caller's transaction: RUN's queued messages held (a run materialised while its campaign is paused). */
int store_outbox_hold_run(store *st, int64_t run_id);

typedef int (*store_outbox_cb)(void *ud, const struct outbox_row *r);
/* Rows in STATE (or every state when < 0), newest first, at most LIMIT (0 = all). */
int store_outbox_each(store *st, int state, int limit, store_outbox_cb cb, void *ud);
/* The LIMIT (<= 0: all) latest messages to PHONE (E.164), newest first, whatever their state; CB stops on non-zero. */
int store_outbox_of_phone(store *st, const char *phone, int limit, store_outbox_cb cb, void *ud);
/* counts[state] for every state. */
int store_outbox_counts(store *st, long counts[OB__N]);
/* The outbox's counters (per run and state, kept by triggers) recomputed from the rows: the number of
 * lines that differ (0: they agree), the first few described in *DIFF (malloc'd, NULL when they
 * agree; the caller frees it); -1 when the comparison failed (store_errmsg). */
int store_outbox_counts_verify(store *st, char **diff);

/* ---- settings: small durable key/values shared by CLI and daemon ---- */
int store_setting_get(store *st, const char *key, char *buf, size_t n);   /* 0 found, 1 absent, -1 error */
int store_setting_set(store *st, const char *key, const char *value);     /* NULL deletes */
/* Typed: `loa pause` in force? 0 paused (SINCE, when not NULL, gets the time it began as text), 1 not, -1 error. */
int store_paused_get(store *st, char *since, size_t n);
int store_paused_set(store *st, const char *since);                      /* NULL: sending resumes */

/* ---- the web page's accounts and sessions (store_web.c) ---- */
/* web_users.role: stored codes, never renumbered. */
enum web_role { WEB_ROLE_OFFICER = 0, WEB_ROLE_OPERATOR = 1, WEB_ROLE_VIEWER = 2, WEB_ROLE__N };
/* Reload requests (store_reload.c): the page asks `loa run` to reread the configuration through the database. */
/* A request by BY (who: "web:lan") after writing FILE (or NULL) at NOW: 0, or -1. */
int store_reload_request(store *st, const char *by, const char *file, time_t now);
/* The newest request not yet acted on into *ID: 1 when there is one, 0 when none, -1 on error. */
int store_reload_pending(store *st, int64_t *id);
/* Every request up to ID acted on at NOW: 0, or -1. */
int store_reload_done(store *st, int64_t id, time_t now);

struct web_user_row {
    int64_t id;
    char *name;
    int role;                   /* enum web_role */
    char *hash;                 /* crypto_pwhash_str; "" in store_web_users_each */
    int demo;                   /* a demo account (`make demo`) */
};
void store_web_user_clear(struct web_user_row *u);
/* 0 added, 1 a user of that name exists (nothing changed), -1 error. */
int store_web_user_add(store *st, const char *name, int role, const char *hash, int demo, time_t now);
/* 0 found (free with store_web_user_clear), 1 none, -1 error. */
int store_web_user_get(store *st, const char *name, struct web_user_row *out);
/* A new hash, and every session of the user ended, in one transaction: 0, 1 no such user, -1 error. */
int store_web_user_passwd(store *st, const char *name, const char *hash, time_t now);
/* The user and her sessions: 0, 1 no such user, -1 error. */
int store_web_user_remove(store *st, const char *name);
typedef int (*store_web_user_cb)(void *ud, const struct web_user_row *u);
int store_web_users_each(store *st, store_web_user_cb cb, void *ud);   /* by name */
struct web_session_row {
    int64_t user_id;
    char *name;
    int role;
    time_t created, seen;
};
int store_web_session_add(store *st, const char *hash, int64_t user_id, time_t now);
/* 0 found (free out->name), 1 none, -1 error. */
int store_web_session_get(store *st, const char *hash, struct web_session_row *out);
int store_web_session_touch(store *st, const char *hash, time_t now);
int store_web_session_end(store *st, const char *hash);

/* ---- modems: what each sender worker reports, for `loa status` ---- */
/* modems.state, stored as its name (store_modem_state_name): a name never changes. */
enum modem_state { MODEM_STATE_UP = 0, MODEM_STATE_DOWN, MODEM_STATE_CLOCK, MODEM_STATE_STARTING, MODEM_STATE_STOPPED,
                   MODEM_STATE__N };
const char *store_modem_state_name(int s);
int store_modem_state_parse(const char *name);        /* -1 when unknown */
struct modem_status {
    char *name;
    char *state;                /* the name of an enum modem_state: "up", "down", "clock", "starting", "stopped" */
    char *last_error;
    int failures;               /* in a row */
    char *balance;              /* last USSD answer */
    time_t balance_at;
    long clock_skew;            /* seconds, modem - system; 0 unknown */
    time_t updated;
};
void store_modem_status_clear(struct modem_status *m);
int store_modem_status_set(store *st, const struct modem_status *m);
typedef int (*store_modem_cb)(void *ud, const struct modem_status *m);
int store_modem_status_each(store *st, store_modem_cb cb, void *ud);

/* ---- runs: one row per (campaign, channel, scheduled time), materialised once ---- */
/* runs.state, stored as its name (store_run_state_name): a name never changes. */
/* held: found late under a clock loa does not trust; decided afresh (catch_up) once the clock is trusted. */
enum run_state { RUN_QUEUED = 0, RUN_SKIPPED = 1, RUN_CANCELLED = 2, RUN_HELD = 3, RUN__N };
const char *store_run_state_name(int s);
int store_run_state_parse(const char *name);          /* -1 when unknown */
struct run_row {
    int64_t id;
    char *campaign;
    char *channel;              /* "sms" | "broadcast" */
    time_t scheduled, created;
    int state;                  /* enum run_state */
    int recipients;
    int parts;
    char *note;
};
void store_run_clear(struct run_row *r);
/* 0 inserted (*id set), 1 already there (idempotence), -1 error. */
int store_run_insert(store *st, const char *campaign, const char *channel, time_t scheduled, time_t now,
                     int state, const char *note, int64_t *id);
/* One row standing for COVERS scheduled times from SCHEDULED to LAST (skipped or held runs, summarised):
 * 0 inserted, 1 a run at SCHEDULED is already there, -1 error. */
int store_run_insert_span(store *st, const char *campaign, time_t scheduled, time_t last, int covers, time_t now,
                          int state, const char *note);
/* The earliest held SMS run of CAMPAIGN: 0 (*first set), 1 none, -1 error. */
int store_run_held_first(store *st, const char *campaign, time_t *first);
/* Remove CAMPAIGN's held SMS runs (they have no messages) before they are decided afresh. -1 error. */
int store_run_held_delete(store *st, const char *campaign);
/* Per campaign, its skipped and held runs: how many scheduled times, the latest's time and note. */
struct run_missed {
    const char *campaign;
    int state;                  /* RUN_SKIPPED or RUN_HELD */
    long runs;                  /* scheduled times covered */
    time_t last;                /* the latest of them */
    const char *note;           /* the latest row's note */
};
typedef int (*store_run_missed_cb)(void *ud, const struct run_missed *m);
/* Rows scheduled in [FROM, TO) (TO 0: no end), campaign and state order. -1 error. */
int store_run_missed_each(store *st, time_t from, time_t to, store_run_missed_cb cb, void *ud);
/* How many of run ID's messages went to a modem (besides one claimed just now): 0 or more, or -1. */
long store_run_out(store *st, int64_t id);
int store_run_set_state(store *st, int64_t id, int state, const char *note);
/* The latest time any row records (the newest outbox, inbox and runs rows): 0 (*t set, 0 when empty), -1. */
int store_latest_time(store *st, time_t *t);
/* RECIPIENTS numbers (one message each) standing for PEOPLE residents (a household's shared phone: several). */
int store_run_set_counts(store *st, int64_t id, int recipients, int people, int parts, const char *note);
/* 0 found, 1 not found, -1 error. */
int store_run_get(store *st, int64_t id, struct run_row *out);
/* 1 when CAMPAIGN's CHANNEL run of SCHEDULED is materialised (in any state), 0 when not, -1 error. */
int store_run_exists(store *st, const char *campaign, const char *channel, time_t scheduled);
/* The distinct (name, hamlet, tags, vneid) of residents who have not opted out: what a template's
 * worst case depends on (phone and household left out). */
int store_contacts_distinct_each(store *st, store_contact_cb cb, void *ud);
/* Residents who have not opted out, in id order (audiences are selected from these). */
int store_contacts_active_each(store *st, store_contact_cb cb, void *ud);

/* ---- inbox: parts as received, messages joined from them ---- */
struct inbox_part_new {
    const char *modem, *sender;
    time_t smsc_time;
    int concat_ref, concat_part, concat_total;   /* 0, 0, 0 when not concatenated */
    const char *text;                            /* NULL for 8-bit data */
    int coding;                                  /* 0 GSM-7, 1 UCS-2, 2 8-bit, 3 unreadable */
    const char *raw;                             /* hex */
    time_t received;
    int unreadable;                              /* 1: the modem could not decode it (coding 3, text NULL) */
    int location;                                /* where it was stored on the modem: an unreadable part's identity */
};
/* Store one part; 0 stored, 1 already stored (the same message again: a no-op), -1 error. */
int store_inbox_part_add(store *st, const struct inbox_part_new *p);

struct inbox_row {
    int64_t id;
    char *modem, *sender, *phone;
    time_t smsc_time, received;
    char *text;
    int parts, complete, coding;
    char *keyword, *action, *campaign, *result;
    int handled;
};
void store_inbox_clear(struct inbox_row *r);

/*
 * Join stored parts into messages: every complete group (or single part) becomes an inbox row;
 * a group still missing parts once its first part is older than TIMEOUT seconds is stored as
 * incomplete. Each message in one transaction with its parts. Returns how many, or -1.
 */
int store_inbox_assemble(store *st, const char *modem, time_t now, int timeout);
/* Messages not yet acted on (action IS NULL), oldest first: the reply engine's work. */
int store_inbox_pending(store *st, int64_t *ids, int max);
int store_inbox_get(store *st, int64_t id, struct inbox_row *out);
/* Record what the reply engine did. */
int store_inbox_set_action(store *st, int64_t id, const char *keyword, const char *action, const char *campaign,
                           const char *result, int handled);
int store_inbox_set_handled(store *st, int64_t id, int handled);
typedef int (*store_inbox_cb)(void *ud, const struct inbox_row *r);
/* Newest first; UNHANDLED: only those waiting for the officer. LIMIT 0 = all. */
int store_inbox_each(store *st, int unhandled, int limit, store_inbox_cb cb, void *ud);
/* The LIMIT (<= 0: all) latest messages from PHONE (E.164), newest first; CB stops on non-zero. */
int store_inbox_of_phone(store *st, const char *phone, int limit, store_inbox_cb cb, void *ud);

/* The campaign that last messaged PHONE by BY (a message it sent, or may have: not failed; NULL when
 * none); caller frees. */
char *store_last_campaign_for(store *st, const char *phone, time_t by);
/* A claimed (`sending`) row that must not go after all: cancelled with REASON. */
int store_outbox_cancel_claimed(store *st, int64_t id, const char *reason);
/* A poll answer; RESIDENT 0 when the number is nobody in the residents (counted apart). */
int store_poll_answer(store *st, const char *campaign, const char *phone, const char *answer, int64_t inbox_id, time_t now,
                      int resident);

/* Delivery report: the latest send to PHONE on MODEM carrying message reference REF within
 * [since, now] becomes delivered (or failed). 0 matched, 1 no match, -1 error. */
int store_outbox_delivery(store *st, const char *modem, const char *phone, const char *ref, int delivered, time_t when,
                          time_t since, int64_t *id);
/* Of MODEM's last 50 sends made before BEFORE: how many got a report, and how many were delivered. */
int store_modem_delivery_rate(store *st, const char *modem, time_t before, int *sent, int *delivered);

/* Per campaign: outbox counts by state and parts, replies, opt-outs, poll answers (latest per phone). */
struct campaign_results {
    long numbers;       /* messages its runs queued: one per number */
    long people;        /* residents those numbers stand for (a household's shared phone: several) */
    long counts[OB__N];
    long parts;
    long replies;
    long optouts;
    char **answers;     /* poll answer keywords */
    long *answer_counts;   /* residents' latest answers */
    long *stranger_counts; /* latest answers of numbers that were not residents, counted apart */
    size_t nanswers;
};
int store_campaign_results(store *st, const char *campaign, struct campaign_results *out);
void store_campaign_results_clear(struct campaign_results *r);

/* ---- broadcasts: the station's programme and as-run log ---- */
/* broadcasts.state, stored as its name (store_broadcast_state_name): a name never changes. */
enum broadcast_state { BC_PENDING = 0, BC_READY, BC_PLAYED, BC_SKIPPED, BC_FAILED, BC__N };
const char *store_broadcast_state_name(int s);
int store_broadcast_state_parse(const char *name);    /* -1 when unknown */
struct broadcast_row {
    int64_t id;
    long day;                   /* local day number */
    int slot;                   /* minutes after midnight */
    char *campaign;
    char *text, *words, *hash;
    char *audio;                /* MP3 path, NULL until rendered */
    double duration;
    int state;                  /* enum broadcast_state */
    time_t started, ended;
    char *note;
    time_t rendered;            /* when its audio was made, 0 = not yet */
    int level;                  /* CFG_LEVEL_* */
};
void store_broadcast_clear(struct broadcast_row *b);
/* Insert or, when the text changed, update (back to pending). 0 inserted/updated, 1 unchanged, -1. */
int store_broadcast_upsert(store *st, long day, int slot, const char *campaign, const char *text, const char *words,
                           const char *hash, time_t now);
/* The item's audio (NULL when rendering failed), its state and note, made at NOW. */
int store_broadcast_rendered(store *st, int64_t id, const char *audio, double duration, int state, const char *note,
                             time_t now);
/* The item's state after an attempt to play it (played, failed, skipped), and the attempt itself
 * in the as-run log, in one transaction. 0, 1 when there is no item ID, -1. */
int store_broadcast_mark(store *st, int64_t id, int state, time_t started, time_t ended, const char *note);
int store_broadcast_get(store *st, int64_t id, struct broadcast_row *out);
typedef int (*store_broadcast_cb)(void *ud, const struct broadcast_row *b);
/* Items of DAY (slot order; SLOT < 0: every slot). */
int store_broadcasts_each(store *st, long day, int slot, store_broadcast_cb cb, void *ud);
/* The as-run log of DAY: one row per attempt (state, started, ended, note are the attempt's), slot order. */
int store_broadcast_log_each(store *st, long day, store_broadcast_cb cb, void *ud);
/* Items still pending whose slot starts at or before UNTIL (a local time). */
int store_broadcasts_pending(store *st, long day_from, long day_until, store_broadcast_cb cb, void *ud);
int store_broadcast_set_level(store *st, long day, int slot, const char *campaign, int level);
/* The oldest khẩn cấp item ready and not aired, of day FROM_DAY or later, into *OUT: 0, 1 none, -1. */
int store_broadcast_urgent(store *st, long from_day, struct broadcast_row *out);
/* One airing of item ID on OUTPUT (times in seconds, fractional). */
int store_airing_add(store *st, int64_t id, const char *output, double started, double ended, const char *state,
                     const char *note);
typedef int (*store_airing_cb)(void *ud, const char *output, double started, double ended, const char *state,
                               const char *note);
int store_airings_each(store *st, int64_t id, store_airing_cb cb, void *ud);
/* ---- enrollments: VNeID activations per hamlet (store_enroll.c) ---- */
struct enrollment {
    int64_t id;
    char *hamlet;               /* the code as given (an old code counts under its merged_into) */
    long count;                 /* entry: signed; opening / official: a total */
    long day;                   /* local day number */
    char *kind;                 /* "entry", "opening", "official" */
    char *source;               /* "sms", "cli", "import" */
    char *reporter;             /* phone of an SMS reporter, or "officer" */
    char *note;                 /* or NULL */
    int64_t inbox_id;           /* 0 = none */
    int64_t undoes;             /* the entry this one reverses, 0 = none */
    time_t created;
};
void store_enrollment_clear(struct enrollment *e);
int store_enroll_add(store *st, const struct enrollment *e, int64_t *id);
/* 0 found (free with store_enrollment_clear), 1 not found, -1 error. */
int store_enroll_get(store *st, int64_t id, struct enrollment *out);
typedef int (*store_enroll_cb)(void *ud, const struct enrollment *e);
/* Every row in id order; stops when CB returns non-zero. */
int store_enroll_each(store *st, store_enroll_cb cb, void *ud);
/* The entry that reverses ID: 0 found (*undo_id), 1 none, -1 error. */
int store_enroll_undone_by(store *st, int64_t id, int64_t *undo_id);
/* A standing entry with these fields created in (SINCE, UNTIL]: 0 found (*id), 1 none, -1 error. */
int store_enroll_find_dup(store *st, const char *reporter, const char *hamlet, long count, long day,
                          time_t since, time_t until, int64_t *id);
/* A standing imported entry with id <= UP_TO for this hamlet code, count and day: 0 found (*id), 1 none, -1 error. */
int store_enroll_imported(store *st, const char *hamlet, long count, long day, int64_t up_to, int64_t *id);
/* Residents per hamlet code (as stored): CB(ud, code, n). */
typedef int (*store_count_cb)(void *ud, const char *key, long n);
int store_contacts_per_hamlet(store *st, store_count_cb cb, void *ud);

/* ---- report figures: the outreach of the period [FROM, TO) ---- */
struct store_stat {
    const char *key;            /* campaign id, or NULL (ad-hoc SMS and automatic replies) */
    const char *key2;           /* channel (runs) or answer (polls) */
    long long v[3];
    double d;
};
typedef int (*store_stat_cb)(void *ud, const struct store_stat *r);
/* Runs in state "queued": key campaign, key2 channel, v = runs, recipients, parts. */
int store_report_runs(store *st, time_t from, time_t to, store_stat_cb cb, void *ud);
/* Outbox rows sent (2), delivered (3), failed (4), unknown (5) with sent_at in the period:
 * key campaign, v = state, messages, parts sent. A delivery report that came at or after ASOF
 * leaves its message sent (the figures stand at ASOF, when the report was made). */
int store_report_outbox(store *st, time_t from, time_t to, time_t asof, store_stat_cb cb, void *ud);
/* The earliest moment of anything a report counts (a message queued or received, a loudspeaker slot,
 * an enrollment's day): 1 with *FIRST, 0 when the database holds none, -1. */
int store_first_activity(store *st, time_t *first);
/* Inbox rows received in the period: from residents (a Vietnamese mobile number) apart from the
 * reporters' VNeID reports, the opt-outs among them, the reports (valid or not), and messages from
 * names and short codes (the carrier's own). */
struct store_inbox_counts {
    long replies, optouts, reports, carrier;
};
int store_report_inbox(store *st, time_t from, time_t to, struct store_inbox_counts *out);
/* What a report was first made from (table reports): see the migration's comments. */
struct store_report_basis {
    time_t made;
    int64_t last_entry;
    char *residents, *targets, *hamlet_targets;   /* owned */
    char *made_by;                                /* owned; who made it (a web account, "loa run"), NULL unknown */
};
void store_report_basis_clear(struct store_report_basis *b);
/* 1 with *OUT (clear it), 0 when PERIOD was never made, -1. */
int store_report_basis_get(store *st, const char *period, struct store_report_basis *out);
int store_report_basis_put(store *st, const char *period, const struct store_report_basis *b);
/* CB(UD, PERIOD, MADE, MADE_BY or NULL) for each report stored ("monthly.2026-11" …), by period; a non-zero
 * return stops. 0 or -1. */
int store_report_periods_each(store *st, int (*cb)(void *ud, const char *period, time_t made, const char *made_by),
                              void *ud);
/* The greatest enrollment id (0 when none). 0 or -1. */
int store_enroll_last_id(store *st, int64_t *id);
/* Each resident's latest poll answer in the period: key campaign, key2 answer, v[0] residents. */
int store_report_polls(store *st, time_t from, time_t to, store_stat_cb cb, void *ud);
/* The loudspeaker programme per campaign: key campaign, v[0] items scheduled for slots in the period
 * (urgent announcements left out), v[1] items that started playing in it, d their seconds. */
int store_report_broadcasts(store *st, time_t from, time_t to, store_stat_cb cb, void *ud);

/* ---- retention (Decree 13/2023/NĐ-CP): personal data purged, counts kept ---- */
struct purge_result {
    long inbox;       /* received messages whose text (and, for non-residents, number) was removed */
    long outbox;      /* sent messages likewise */
    long answers;     /* poll answers of people no longer residents */
    long enrollments; /* enrollment entries whose note (or non-resident reporter's number) was removed */
};
/* Remove texts older than BEFORE, and the numbers of people who are no longer residents, from
 * received messages (text, sender, result) and their parts (text, raw), sent messages, poll
 * answers, enrollment entries (note, reporter) and the audit trail; rows, states and counts stay.
 * One transaction, with secure_delete = ON so that freed pages are zeroed, followed by a TRUNCATE
 * checkpoint so that no older copy of a page stays in the WAL (store_checkpoint_truncate). */
int store_purge(store *st, time_t before, struct purge_result *res);

#endif
