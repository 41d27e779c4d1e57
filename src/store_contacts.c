/* store_contacts — residents: one row per person, (phone, name) unique: a household may share a phone;
 * opt-outs belong to the number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "vntext.h"

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
    return store_contact_upsert_id(st, c, now, NULL);
}

int store_contact_upsert_id(store *st, const struct contact *c, time_t now, int64_t *id)
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
    /* No RETURNING (it costs the bulk import a third more): an insert moves last_insert_rowid, an
     * update of the resident does not, and is looked up. */
    sqlite3_int64 last = sqlite3_last_insert_rowid(st->db);
    if (store_done(st, s, "contact upsert") < 0) return -1;
    if (!id) return 0;
    *id = sqlite3_last_insert_rowid(st->db);
    if (*id != last) return 0;
    if (!(s = store_stmt(st, ST_CONTACT_ID))) return -1;
    store_bind_static(s, 1, c->phone);
    store_bind_static(s, 2, c->name ? c->name : "");
    int rc = sqlite3_step(s);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, "contact upsert");
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
    c->on_number = sqlite3_column_count(s) > 10 ? sqlite3_column_int(s, 10) : 0;
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

int store_contacts_remove(store *st, const char *phone)
{
    int rc = store_contact_remove(st, phone);
    return rc < 0 ? -1 : rc ? 0 : sqlite3_changes(st->db);
}

static int64_t one_int(store *st, enum store_stmt_id id, int64_t a, int64_t b, int nbind, const char *what)
{
    sqlite3_stmt *s = store_stmt(st, id);
    if (!s) return -1;
    if (nbind > 0) sqlite3_bind_int64(s, 1, a);
    if (nbind > 1) sqlite3_bind_int64(s, 2, b);
    int rc = sqlite3_step(s);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    if (rc == SQLITE_ROW) rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? v : store_fail(st, what);
}

int64_t store_contacts_max_id(store *st)
{
    return one_int(st, ST_CONTACTS_MAX_ID, 0, 0, 0, "contacts");
}

char *store_contact_name(store *st, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACT_NAME);
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, id);
    char *name = sqlite3_step(s) == SQLITE_ROW ? store_col_text(s, 0) : NULL;
    sqlite3_reset(s);
    if (!name) store_fail(st, "contact name");
    return name;
}

int64_t store_contacts_shared(store *st)
{
    return one_int(st, ST_CONTACTS_SHARED, 0, 0, 0, "contacts");
}

/* New residents (ids above BEFORE) that are an older resident of the same number written otherwise ("HƯƠNG" for
 * "Hương"): the importer refuses that within one file, so across files the new row takes the older one's place.
 * Appends (new, old) pairs to *PAIRS (*N of them). 0 or -1. */
static int same_person_pairs(store *st, int64_t before, int64_t **pairs, size_t *n)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_SAME_NUMBER);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, before);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char *a = vntext_fold((const char *)sqlite3_column_text(s, 1)), *b = vntext_fold((const char *)sqlite3_column_text(s, 3));
        int same = a && b && !strcmp(a, b);
        free(a);
        free(b);
        for (size_t i = 0; same && i < *n; i++) same = (*pairs)[2 * i] != sqlite3_column_int64(s, 0);   /* renamed already */
        if (!same) continue;
        *pairs = xrealloc(*pairs, (*n + 1) * 2 * sizeof **pairs);
        (*pairs)[2 * *n] = sqlite3_column_int64(s, 0);
        (*pairs)[2 * (*n)++ + 1] = sqlite3_column_int64(s, 2);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, "contacts");
}

int store_contacts_settle_import(store *st, int64_t before, store_alone_cb alone, void *ud)
{
    if (before <= 0) return 0;   /* an empty table before: nobody to rename */
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_RENAMED);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, before);
    int64_t *pairs = NULL;      /* (new, old), applied once the reading is done */
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (!alone(ud, id, (const char *)sqlite3_column_text(s, 1))) continue;
        pairs = xrealloc(pairs, (n + 1) * 2 * sizeof *pairs);
        pairs[2 * n] = id;
        pairs[2 * n++ + 1] = sqlite3_column_int64(s, 2);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) rc = store_fail(st, "contacts");
    else rc = same_person_pairs(st, before, &pairs, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (one_int(st, ST_CONTACT_TAKE_OVER, pairs[2 * i], pairs[2 * i + 1], 2, "contact rename") < 0 ||
            one_int(st, ST_CONTACT_DELETE_ID, pairs[2 * i + 1], 0, 1, "contact rename") < 0)
            rc = -1;
    free(pairs);
    if (rc == 0 && one_int(st, ST_CONTACTS_DROP_BARE, before, 0, 1, "contacts") < 0) rc = -1;
    return rc < 0 ? -1 : (int)n;
}

/* The VNeID status of the residents on PHONE, or of resident ID when PHONE is NULL. */
static int set_vneid(store *st, const char *phone, int64_t id, int vneid, time_t now)
{
    sqlite3_stmt *s = store_stmt(st, phone ? ST_CONTACT_SET_VNEID : ST_CONTACT_SET_VNEID_ID);
    if (!s) return -1;
    sqlite3_bind_int(s, 1, vneid);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
    if (phone) store_bind_text(s, 3, phone);
    else sqlite3_bind_int64(s, 3, id);
    return store_done(st, s, "contact vneid");
}

int store_contact_set_vneid(store *st, const char *phone, int vneid, time_t now)
{
    return phone ? set_vneid(st, phone, 0, vneid, now) : -1;
}

int store_contact_set_vneid_id(store *st, int64_t id, int vneid, time_t now)
{
    return set_vneid(st, NULL, id, vneid, now);
}

int store_optout_set(store *st, const char *phone, time_t when, const char *source, const char *note)
{
    sqlite3_stmt *s = store_stmt(st, when ? ST_OPTOUT_ADD : ST_OPTOUT_DEL);
    if (!s) return -1;
    store_bind_text(s, 1, phone);
    if (when) {
        sqlite3_bind_int64(s, 2, (sqlite3_int64)when);
        store_bind_text(s, 3, source);
        store_bind_text(s, 4, note);
    }
    if (store_done(st, s, "opt-out") < 0) return -1;
    int changed = sqlite3_changes(st->db) > 0;
    if (!(s = store_stmt(st, ST_CONTACT_SET_OPTOUT))) return -1;
    store_bind_text(s, 1, phone);
    if (store_done(st, s, "contact opt-out") < 0) return -1;
    return changed ? 0 : 1;
}

int store_contact_set_optout(store *st, const char *phone, time_t when)
{
    return store_optout_set(st, phone, when, "sms", NULL) < 0 ? -1 : 0;
}

int store_optout_get(store *st, const char *phone, struct optout *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store_stmt(st, ST_OPTOUT_GET);
    if (!s) return -1;
    store_bind_text(s, 1, phone);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->since = (time_t)sqlite3_column_int64(s, 0);
        out->source = store_col_text(s, 1);
        out->note = store_col_text(s, 2);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : store_fail(st, "opt-out");
}

void store_optout_clear(struct optout *o)
{
    free(o->source);
    free(o->note);
    memset(o, 0, sizeof *o);
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

int store_contacts_on(store *st, const char *phone, store_contact_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_ON);
    if (!s) return -1;
    store_bind_text(s, 1, phone);
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
    if (!s) return -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (n < 0) store_fail(st, "counting residents");
    return n;
}

int store_contacts_per_hamlet(store *st, store_count_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_CONTACTS_PER_HAMLET);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (cb(ud, (const char *)sqlite3_column_text(s, 0), (long)sqlite3_column_int64(s, 1))) break;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "contacts per hamlet");
}
