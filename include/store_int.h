/* store_int — what the store*.c files share: the handle, the statement table and helpers. Not for other modules. */
#ifndef LOA_STORE_INT_H
#define LOA_STORE_INT_H

#include <sqlite3.h>

#include "store.h"
#include "util.h"

enum store_stmt_id {
    ST_TX_BEGIN,
    ST_TX_COMMIT,
    ST_TX_ROLLBACK,
    ST_TX_SAVEPOINT,
    ST_TX_RELEASE,
    ST_TX_ROLLBACK_TO,
    ST_SYNC_NORMAL,
    ST_SYNC_FULL,
    ST_QUICK_CHECK,
    ST_EVENT_ADD,
    ST_CONTACT_UPSERT,
    ST_CONTACT_GET,
    ST_CONTACTS_ON,
    ST_CONTACT_SET_VNEID_ID,
    ST_CONTACTS_RENAMED,
    ST_CONTACTS_SAME_NUMBER,
    ST_CONTACT_TAKE_OVER,
    ST_CONTACT_DELETE_ID,
    ST_CONTACTS_DROP_BARE,
    ST_CONTACTS_MAX_ID,
    ST_CONTACT_ID,
    ST_CONTACT_NAME,
    ST_CONTACTS_SHARED,
    ST_RESULTS_RUNS,
    ST_CONTACT_REMOVE,
    ST_CONTACT_SET_VNEID,
    ST_CONTACT_SET_OPTOUT,
    ST_CONTACTS_ALL,
    ST_CONTACTS_BY_HAMLET,
    ST_CONTACTS_COUNT,
    ST_OPTOUT_ADD,
    ST_OPTOUT_DEL,
    ST_OPTOUT_GET,
    ST_OUTBOX_ADD,
    ST_OUTBOX_GET,
    ST_OUTBOX_RECOVER,
    ST_OUTBOX_REQUEUE_UNWRITTEN,
    ST_OUTBOX_WRITTEN,
    ST_OUTBOX_PICK,
    ST_OUTBOX_MARK_SENDING,
    ST_OUTBOX_SENT_TO,
    ST_OUTBOX_AUTO_TO,
    ST_OUTBOX_MODEM_PARTS,
    ST_OUTBOX_COUNTS_VERIFY,
    ST_INBOX_COUNTS_VERIFY,
    ST_POLL_LATEST_VERIFY,
    ST_RUN_TEXT_ADD,
    ST_PURGE_RUN_TEXTS,
    ST_OUTBOX_MODEM_DAY_HAS,
    ST_OUTBOX_MODEM_DAY_SEED,
    ST_OUTBOX_MODEM_DAY_SPLIT,
    ST_OUTBOX_MODEM_AUTO_PARTS,
    ST_OUTBOX_PART_SENT,
    ST_OUTBOX_SENT,
    ST_OUTBOX_RETRY_LATER,
    ST_OUTBOX_DEFER,
    ST_OUTBOX_FAIL,
    ST_OUTBOX_UNKNOWN,
    ST_OUTBOX_NEXT_DUE,
    ST_OUTBOX_RETRY,
    ST_OUTBOX_RETRY_UNKNOWN,
    ST_OUTBOX_CANCEL,
    ST_OUTBOX_CANCEL_RUN,
    ST_OUTBOX_CANCEL_CAMPAIGN,
    ST_CAMPAIGN_WAITING,
    ST_CAMPAIGN_HOLD,
    ST_CAMPAIGN_UNHOLD,
    ST_OUTBOX_HOLD_RUN,
    ST_OUTBOX_LIST,
    ST_OUTBOX_LIST_STATE,
    ST_OUTBOX_COUNTS,
    ST_SETTING_GET,
    ST_SETTING_SET,
    ST_SETTING_DEL,
    ST_MODEM_SET,
    ST_MODEM_LIST,
    ST_RUN_INSERT,
    ST_RUN_SET_COUNTS,
    ST_RUN_GET,
    ST_RUN_EXISTS,
    ST_RUN_INSERT_SPAN,
    ST_RUN_HELD_FIRST,
    ST_RUN_HELD_DELETE,
    ST_RUN_MISSED,
    ST_LATEST_TIME,
    ST_RUN_OUT,
    ST_RUN_SET_STATE,
    ST_CONTACTS_ACTIVE,
    ST_CONTACTS_DISTINCT,
    ST_INBOX_PART_ADD,
    ST_INBOX_OPEN_PARTS,
    ST_INBOX_ADD,
    ST_INBOX_PART_LINK,
    ST_INBOX_PENDING,
    ST_INBOX_GET,
    ST_INBOX_SET_ACTION,
    ST_INBOX_SET_HANDLED,
    ST_INBOX_LIST,
    ST_INBOX_LIST_UNHANDLED,
    ST_LAST_CAMPAIGN_FOR,
    ST_OUTBOX_CANCEL_CLAIMED,
    ST_POLL_ANSWER,
    ST_OUTBOX_DELIVERY_FIND,
    ST_OUTBOX_DELIVERY_SET,
    ST_MODEM_DELIVERY_RATE,
    ST_RESULTS_COUNTS,
    ST_RESULTS_REPLIES,
    ST_RESULTS_POLL,
    ST_BC_UPSERT,
    ST_BC_RENDERED,
    ST_BC_MARK,
    ST_BC_GET,
    ST_BC_DAY,
    ST_BC_DAY_SLOT,
    ST_BC_PENDING,
    ST_BC_ATTEMPT,
    ST_BC_LOG,
    ST_BC_LEVEL,
    ST_BC_URGENT,
    ST_AIR_ADD,
    ST_AIR_EACH,
    ST_ENROLL_ADD,
    ST_ENROLL_GET,
    ST_ENROLL_ALL,
    ST_ENROLL_UNDONE_BY,
    ST_ENROLL_DUP,
    ST_ENROLL_IMPORTED,
    ST_CONTACTS_PER_HAMLET,
    ST_REPORT_RUNS,
    ST_REPORT_OUTBOX,
    ST_REPORT_INBOX,
    ST_REPORT_POLLS,
    ST_REPORT_BROADCASTS,
    ST_FIRST_ACTIVITY,
    ST_REPORT_BASIS_GET,
    ST_REPORT_BASIS_PUT,
    ST_REPORT_PERIODS,
    ST_ENROLL_LAST_ID,
    ST_PURGE_INBOX,
    ST_PURGE_INBOX_PARTS,
    ST_PURGE_OUTBOX,
    ST_PURGE_ANSWERS,
    ST_PURGE_ENROLLMENTS,
    ST_PURGE_EVENTS,
    ST_SECURE_DELETE_ON,
    ST_SECURE_DELETE_FAST,
    ST_WEB_USER_ADD,
    ST_WEB_USER_GET,
    ST_WEB_USER_PASSWD,
    ST_WEB_USER_REMOVE,
    ST_WEB_USERS_ALL,
    ST_WEB_SESSION_ADD,
    ST_WEB_SESSION_GET,
    ST_WEB_SESSION_TOUCH,
    ST_WEB_SESSION_END,
    ST_WEB_SESSIONS_END_USER,
    ST_OUTBOX_OF_PHONE,
    ST_INBOX_OF_PHONE,
    ST_RELOAD_ADD,
    ST_RELOAD_PENDING,
    ST_RELOAD_DONE,
    ST__COUNT
};

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmts[ST__COUNT];  /* prepared on first use, kept until close */
    struct store_error err;         /* the last error, as data (kind 0: none) */
    char *errmsg;                   /* its sentence, made by store_errmsg, or NULL */
    int depth;                      /* open transactions: 0 none, 1 BEGIN, more are savepoints */
};

extern const char *const store_sql[ST__COUNT];

/* The stored codes as SQL text spells them: the names of store.h's enums, each checked against it. */
#define SQL_OB_QUEUED "0"
#define SQL_OB_SENDING "1"
#define SQL_OB_SENT "2"
#define SQL_OB_DELIVERED "3"
#define SQL_OB_FAILED "4"
#define SQL_OB_UNKNOWN "5"
#define SQL_OB_CANCELLED "6"
#define SQL_OB_HELD "7"
#define SQL_OK_CAMPAIGN "0"
#define SQL_OK_AUTO "2"
#define SQL_OK_TEST "3"
_Static_assert(OB_QUEUED == 0 && OB_SENDING == 1 && OB_SENT == 2 && OB_DELIVERED == 3 && OB_FAILED == 4 &&
               OB_UNKNOWN == 5 && OB_CANCELLED == 6 && OB_HELD == 7, "SQL_OB_* spell enum outbox_state");
_Static_assert(OK_CAMPAIGN == 0 && OK_AUTO == 2 && OK_TEST == 3, "SQL_OK_* spell enum outbox_kind");

/* Migrations beyond the first file's: *out (when not NULL) = the array; returns how many. */
int store_more_migrations(const char *const **out);

sqlite3_stmt *store_stmt(store *st, enum store_stmt_id id);  /* reset and unbound; NULL on error */
/* Records the officer's message for SQLite's last error met while doing WHAT; returns -1. */
int store_fail(store *st, const char *what);
/* Record an error of KIND and FAULT about WHAT on the database (not from SQLite's last result): -1. */
int store_set_error(store *st, int kind, int fault, const char *what);
int store_done(store *st, sqlite3_stmt *s, const char *what);
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
void store_bind_static(sqlite3_stmt *s, int i, const char *v);  /* V must outlive the step */
char *store_col_text(sqlite3_stmt *s, int i);
/* A stored code's name from its table NAMES[N] ("?" when out of range), and back (-1 when unknown). */
const char *store_code_name(const char *const *names, int n, int code);
int store_code_parse(const char *const *names, int n, const char *name);

#endif
