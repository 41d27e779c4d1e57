/* store_modems — what each sender worker reports about its modem, for `loa status`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char *const modem_state_names[MODEM_STATE__N] = {
    [MODEM_STATE_UP] = "up", [MODEM_STATE_DOWN] = "down", [MODEM_STATE_CLOCK] = "clock",
    [MODEM_STATE_STARTING] = "starting", [MODEM_STATE_STOPPED] = "stopped",
};

const char *store_modem_state_name(int s)
{
    return store_code_name(modem_state_names, MODEM_STATE__N, s);
}

int store_modem_state_parse(const char *name)
{
    return store_code_parse(modem_state_names, MODEM_STATE__N, name);
}

void store_modem_status_clear(struct modem_status *m)
{
    free(m->name); free(m->state); free(m->last_error); free(m->balance);
    memset(m, 0, sizeof *m);
}

int store_modem_status_set(store *st, const struct modem_status *m)
{
    sqlite3_stmt *s = store_stmt(st, ST_MODEM_SET);
    if (!s) return -1;
    store_bind_static(s, 1, m->name);
    store_bind_static(s, 2, m->state);
    store_bind_static(s, 3, m->last_error);
    sqlite3_bind_int(s, 4, m->failures);
    store_bind_static(s, 5, m->balance);
    if (m->balance) sqlite3_bind_int64(s, 6, (sqlite3_int64)m->balance_at);
    sqlite3_bind_int64(s, 7, m->clock_skew);
    sqlite3_bind_int64(s, 8, (sqlite3_int64)m->updated);
    return store_done(st, s, "modem status");
}

int store_modem_status_each(store *st, store_modem_cb cb, void *ud)
{
    sqlite3_stmt *s = store_stmt(st, ST_MODEM_LIST);
    if (!s) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct modem_status m = {0};
        m.name = store_col_text(s, 0);
        m.state = store_col_text(s, 1);
        m.last_error = store_col_text(s, 2);
        m.failures = sqlite3_column_int(s, 3);
        m.balance = store_col_text(s, 4);
        m.balance_at = (time_t)sqlite3_column_int64(s, 5);
        m.clock_skew = (long)sqlite3_column_int64(s, 6);
        m.updated = (time_t)sqlite3_column_int64(s, 7);
        int stop = cb(ud, &m);
        store_modem_status_clear(&m);
        if (stop) break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "modems");
}
