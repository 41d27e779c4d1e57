/* store_sql — the text of every prepared statement, by id, and the later migrations. */
#include "store_int.h"

#define CONTACT_COLS "id, phone, name, hamlet, household, tags, vneid, opted_out, created, updated"

const char *const store_sql[ST__COUNT] = {
    [ST_DATA_VERSION] = "PRAGMA data_version",
    [ST_EVENT_ADD] = "INSERT INTO events(time, kind, ref, detail) VALUES (?1, ?2, ?3, ?4)",
    [ST_CONTACT_UPSERT] =
        "INSERT INTO contacts(phone, name, hamlet, household, tags, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
        "ON CONFLICT(phone) DO UPDATE SET name = excluded.name, hamlet = excluded.hamlet, "
        "household = excluded.household, tags = excluded.tags, updated = excluded.updated",
    [ST_CONTACT_GET] = "SELECT " CONTACT_COLS " FROM contacts WHERE phone = ?1",
    [ST_CONTACT_REMOVE] = "DELETE FROM contacts WHERE phone = ?1",
    [ST_CONTACT_SET_VNEID] = "UPDATE contacts SET vneid = ?1, updated = ?2 WHERE phone = ?3",
    [ST_CONTACT_SET_OPTOUT] = "UPDATE contacts SET opted_out = ?1 WHERE phone = ?2",
    [ST_CONTACTS_ALL] = "SELECT " CONTACT_COLS " FROM contacts ORDER BY hamlet, name, phone",
    [ST_CONTACTS_BY_HAMLET] = "SELECT " CONTACT_COLS " FROM contacts WHERE hamlet = ?1 ORDER BY name, phone",
    [ST_CONTACTS_COUNT] = "SELECT count(*) FROM contacts",
};

static const char *const more[] = {
    NULL, /* placeholder so the array is never empty */
};

int store_more_migrations(const char *const **out)
{
    if (out) *out = more;
    return 0;
}
