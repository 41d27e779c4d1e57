/* test_store — the database: creation mode, migrations (fresh, upgrade, newer than the binary), backup. */
#include "testutil.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "store_int.h"

/* A new database in a new scratch folder. */
static store *fresh_store(char **dir, char **path)
{
    *dir = test_tmpdir();
    *path = xasprintf("%s/loa.db", *dir);
    store *st = store_open(*path, NULL);
    assert_non_null(st);
    return st;
}

static void test_fresh_database_is_created_0600_at_current_version(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/sub/dir/loa.db", dir);
    store *st = store_open(path, NULL);
    assert_non_null(st);
    assert_int_equal(store_version(st), store_schema_version());
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    store_close(st);
    store_close(NULL);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_upgrade_keeps_data_and_reaches_current_version(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir);
    store *st = store_open_version(path, 1, NULL);
    assert_non_null(st);
    assert_int_equal(store_version(st), 1);
    struct contact c = {.phone = "+84912345678", .name = "Nguyễn Văn An", .hamlet = "X1"};
    assert_int_equal(store_contact_upsert(st, &c, 1000), 0);
    store_close(st);

    st = store_open(path, NULL);
    assert_non_null(st);
    assert_int_equal(store_version(st), store_schema_version());
    struct contact got = {0};
    assert_int_equal(store_contact_get(st, "+84912345678", &got), 0);
    assert_string_equal(got.name, "Nguyễn Văn An");
    store_contact_clear(&got);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_newer_database_is_refused_and_untouched(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir);
    store *st = store_open(path, NULL);
    assert_non_null(st);
    store_close(st);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *sql = xasprintf("PRAGMA journal_mode = DELETE; PRAGMA user_version = %d;", store_schema_version() + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    sqlite3_close(db);
    size_t n1, n2;
    char *before = test_read_file(path, &n1);

    struct store_error e = {0};
    st = store_open(path, &e);
    assert_null(st);
    char *err = store_error_take(&e);
    assert_non_null(strstr(err, "newer than this loa"));
    assert_non_null(strstr(err, "left untouched"));
    free(err);
    char *after = test_read_file(path, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);
    free(before);
    free(after);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_not_a_database_is_refused_with_clear_error(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = test_write_file(dir, "loa.db", "this is not a database, just text that fills a page ..........................");
    struct store_error e = {0};
    store *st = store_open(path, &e);
    assert_null(st);
    assert_int_equal(e.kind, STORE_ERR_DAMAGED);
    char *err = store_error_take(&e);
    assert_non_null(strstr(err, "the database file is damaged"));
    assert_non_null(strstr(err, path));
    free(err);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_empty_file_is_refused_and_never_replaced(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = test_write_file(dir, "loa.db", "");
    struct store_error e = {0};
    assert_null(store_open(path, &e));
    assert_int_equal(e.kind, STORE_ERR_EMPTY);
    char *err = store_error_take(&e);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "the database file is empty"));
    assert_non_null(strstr(err, "RECOVERY.md"));
    free(err);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_new_database_on_a_full_disk_leaves_no_file(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir);
    /* A file size limit below the shared-memory file's 32 kB: the first write fails with EFBIG. */
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 16384;
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    struct store_error e = {0};
    store *st = store_open(path, &e);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, SIG_DFL);
    assert_null(st);
    assert_int_equal(e.fault, STORE_FAULT_FULL);
    char *err = store_error_take(&e);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "the disk is full"));
    free(err);
    assert_int_equal(access(path, F_OK), -1);   /* no half-made database left to be taken for a good one */
    /* space back: the same open makes the database */
    st = store_open(path, NULL);
    assert_non_null(st);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_damaged_database_fails_check_and_backup_naming_the_file(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir), *copy = xasprintf("%s/copy.db", dir);
    store *st = store_open(path, NULL);
    assert_non_null(st);
    assert_int_equal(store_begin(st), 0);
    for (int i = 0; i < 2000; i++) {
        char phone[16];
        snprintf(phone, sizeof phone, "+849%08d", i);
        struct contact c = {.phone = phone, .name = "Nguyễn Văn An, xóm Đồng Kiệm"};
        assert_int_equal(store_contact_upsert(st, &c, 1000), 0);
    }
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(store_check(st), 0);
    store_close(st);
    /* garbage over pages 3..6 */
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    fseek(fp, 2 * 4096, SEEK_SET);
    for (int i = 0; i < 4 * 4096; i++) fputc('x', fp);
    fclose(fp);
    st = store_open(path, NULL);   /* the header is intact: opening works */
    assert_non_null(st);
    assert_int_equal(store_check(st), -1);
    assert_int_equal(store_fault(st), STORE_FAULT_DAMAGED);
    assert_non_null(strstr(store_errmsg(st), path));
    assert_non_null(strstr(store_errmsg(st), "the database file is damaged (quick_check:"));
    assert_int_equal(store_backup(st, copy), -1);
    assert_non_null(strstr(store_errmsg(st), "no backup was written"));
    assert_int_equal(access(copy, F_OK), -1);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
    free(copy);
}

static void test_backup_is_a_consistent_copy(void **state)
{
    (void)state;
    char *dir, *path;
    store *st = fresh_store(&dir, &path);
    char *copy = xasprintf("%s/copy.db", dir);
    struct contact c = {.phone = "+84912345678", .name = "Lê Thị Hoa"};
    assert_int_equal(store_contact_upsert(st, &c, 1000), 0);
    assert_int_equal(store_backup(st, copy), 0);
    /* a second backup to the same name is refused, the first kept */
    assert_int_equal(store_backup(st, copy), -1);
    assert_non_null(strstr(store_errmsg(st), "already exists"));
    store_close(st);
    struct stat sb;
    assert_int_equal(stat(copy, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    store *cp = store_open(copy, NULL);
    assert_non_null(cp);
    struct contact got = {0};
    assert_int_equal(store_contact_get(cp, "+84912345678", &got), 0);
    assert_string_equal(got.name, "Lê Thị Hoa");
    store_contact_clear(&got);
    store_close(cp);
    test_rm_rf(dir);
    free(dir);
    free(path);
    free(copy);
}

static int pragma_synchronous(store *st)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(st->db, "PRAGMA synchronous", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* A part that is not the last is committed at once (another connection sees it, as a restarted loa
 * would), and the connection is back to synchronous = FULL for the outcome's commit. */
static void test_part_progress_is_committed_and_sync_stays_full(void **state)
{
    (void)state;
    char *dir, *path;
    store *st = fresh_store(&dir, &path);
    assert_int_equal(pragma_synchronous(st), 2);
    struct outbox_row r = {.phone = "+84912345678", .text = "Xin chào", .parts = 3, .ucs2 = 1,
                           .next_attempt = 1000, .created = 1000};
    int64_t id;
    assert_int_equal(store_outbox_add(st, &r, &id), 0);
    struct outbox_row c = {0};
    assert_int_equal(store_outbox_claim(st, "m1", 1000, 0, 1, &c), 0);
    store_outbox_clear(&c);
    assert_int_equal(store_outbox_part_progress(st, id, 0, "17"), 0);
    assert_int_equal(store_outbox_part_progress(st, id, 1, "18"), 0);
    assert_int_equal(pragma_synchronous(st), 2);

    sqlite3 *other;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(other, "SELECT parts_sent, refs, state FROM outbox WHERE id = ?1", -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(s, 1, id);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 2);
    assert_string_equal((const char *)sqlite3_column_text(s, 1), "17,18");
    assert_int_equal(sqlite3_column_int(s, 2), OB_SENDING);
    sqlite3_finalize(s);
    sqlite3_close(other);

    /* inside a transaction it is an ordinary update of that transaction */
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_outbox_part_progress(st, id, 2, "19"), 0);
    assert_int_equal(store_rollback(st), 0);
    struct outbox_row g = {0};
    assert_int_equal(store_outbox_get(st, id, &g), 0);
    assert_int_equal(g.parts_sent, 2);
    store_outbox_clear(&g);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

/* Rule 2 with a transport that tells when a part reaches its device: a row claimed and never so marked goes back
 * to the queue (its attempt not counted); one marked, or from a transport that cannot tell, becomes unknown; one
 * whose earlier part was accepted and whose next had not gone resumes at that part. */
static int64_t claimed(store *st, int flags, time_t t)
{
    struct outbox_row r = {.phone = "+84912345678", .text = "Xin chào", .parts = 2, .ucs2 = 1, .next_attempt = t,
                           .created = t};
    int64_t id;
    assert_int_equal(store_outbox_add(st, &r, &id), 0);
    struct outbox_row c = {0};
    assert_int_equal(store_outbox_claim(st, "m1", t, 0, flags, &c), 0);
    assert_int_equal(c.id, id);
    store_outbox_clear(&c);
    return id;
}

static void test_recovery_queues_again_only_what_never_reached_the_device(void **state)
{
    (void)state;
    char *dir, *path;
    store *st = fresh_store(&dir, &path);
    int64_t never = claimed(st, STORE_CLAIM_TELLS, 1000);
    int64_t handed = claimed(st, STORE_CLAIM_TELLS, 1001);
    assert_int_equal(store_outbox_written(st, handed), 0);
    int64_t blind = claimed(st, 0, 1002);
    int64_t half = claimed(st, STORE_CLAIM_TELLS, 1003);
    assert_int_equal(store_outbox_written(st, half), 0);
    assert_int_equal(store_outbox_part_progress(st, half, 0, "17"), 0);   /* part 1 accepted; part 2 not handed */

    int requeued = -1;
    assert_int_equal(store_outbox_recover(st, NULL, 2000, &requeued), 2);   /* handed, blind */
    assert_int_equal(requeued, 2);                                          /* never, half */
    struct { int64_t id; int state, attempts, parts_sent; } want[] = {
        {never, OB_QUEUED, 0, 0}, {handed, OB_UNKNOWN, 1, 0}, {blind, OB_UNKNOWN, 1, 0}, {half, OB_QUEUED, 0, 1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct outbox_row g = {0};
        assert_int_equal(store_outbox_get(st, want[i].id, &g), 0);
        assert_int_equal(g.state, want[i].state);
        assert_int_equal(g.attempts, want[i].attempts);
        assert_int_equal(g.parts_sent, want[i].parts_sent);
        if (want[i].state == OB_QUEUED) assert_int_equal(g.next_attempt, 2000);
        store_outbox_clear(&g);
    }
    /* nothing is left `sending`: a second recovery finds nothing */
    assert_int_equal(store_outbox_recover(st, NULL, 2001, &requeued), 0);
    assert_int_equal(requeued, 0);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

/* An opt-out by SMS belongs to the number: removing the resident and importing them again keeps it;
 * only an opt-in lifts it. */
static void test_sms_optout_outlives_remove_and_reimport(void **state)
{
    (void)state;
    char *dir, *path;
    store *st = fresh_store(&dir, &path);
    struct contact c = {.phone = "+84912345678", .name = "Nguyễn Văn An", .hamlet = "DK"}, got = {0};
    assert_int_equal(store_contact_upsert(st, &c, 1000), 0);
    assert_int_equal(store_contact_set_optout(st, c.phone, 5000), 0);
    assert_int_equal(store_contact_remove(st, c.phone), 0);
    assert_int_equal(store_contact_get(st, c.phone, &got), 1);
    assert_int_equal(store_contact_upsert(st, &c, 6000), 0);
    assert_int_equal(store_contact_get(st, c.phone, &got), 0);
    assert_int_equal(got.opted_out, 5000);
    store_contact_clear(&got);
    struct optout oo;
    assert_int_equal(store_optout_get(st, c.phone, &oo), 0);
    assert_string_equal(oo.source, "sms");
    store_optout_clear(&oo);
    /* a second opt-out keeps the first time */
    assert_int_equal(store_optout_set(st, c.phone, 7000, "officer", "x"), 1);
    assert_int_equal(store_contact_set_optout(st, c.phone, 0), 0);
    assert_int_equal(store_contact_remove(st, c.phone), 0);
    assert_int_equal(store_contact_upsert(st, &c, 8000), 0);
    assert_int_equal(store_contact_get(st, c.phone, &got), 0);
    assert_int_equal(got.opted_out, 0);
    store_contact_clear(&got);
    assert_int_equal(store_optout_get(st, c.phone, &oo), 1);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

/* A database from before opt-outs belonged to the number keeps every opt-out through the upgrade. */
static void test_upgrade_keeps_optouts_by_number(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir);
    store *st = store_open_version(path, 5, NULL);
    assert_non_null(st);
    struct contact c = {.phone = "+84912345678", .name = "Nguyễn Văn An"};
    assert_int_equal(store_contact_upsert(st, &c, 1000), 0);
    assert_int_equal(sqlite3_exec(st->db, "UPDATE contacts SET opted_out = 777", NULL, NULL, NULL), SQLITE_OK);
    store_close(st);
    st = store_open(path, NULL);
    assert_non_null(st);
    assert_int_equal(store_contact_remove(st, c.phone), 0);
    struct optout oo;
    assert_int_equal(store_optout_get(st, c.phone, &oo), 0);
    assert_int_equal(oo.since, 777);
    store_optout_clear(&oo);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

/* The version just before the migration that made the outbox smaller (found by its text, so that it
 * holds however migrations are numbered): more[0] is migration 2. */
static int version_before_smaller_outbox(void)
{
    const char *const *more;
    int n = store_more_migrations(&more);
    for (int i = 0; i < n; i++)
        if (strstr(more[i], "CREATE INDEX outbox_phone ON outbox(CAST(substr(phone, -9)")) return i + 1;
    fail_msg("no migration builds outbox_phone on the number's key");
    return 0;
}

static void sql_exec(store *st, const char *sql)
{
    char *e = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &e) != SQLITE_OK) fail_msg("%s: %s", sql, e);
}

static long long sql_int(store *st, const char *sql)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* A database written before the smaller outbox: its messages hold their campaign's name, a delivered one
 * its parts' references. After the upgrade the rows hold neither, and every reader gives what it gave. */
static void test_upgrade_to_smaller_outbox_keeps_what_readers_see(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir);
    int before = version_before_smaller_outbox();
    store *st = store_open_version(path, before, NULL);
    assert_non_null(st);
    assert_int_equal(store_version(st), before);
    sql_exec(st, "INSERT INTO runs(id, campaign, channel, scheduled, created, state, recipients, parts) "
                 "VALUES (7, 'vneid-muc-2', 'sms', 1000, 1000, 'queued', 3, 4);"
                 "INSERT INTO run_texts(id, run_id, text) VALUES (1, 7, 'Mời bà con kích hoạt VNeID.');"
                 /* 1: delivered, two parts; 2: sent; 3: another campaign's name on a run's row (kept) */
                 "INSERT INTO outbox(id, run_id, campaign, phone, text, text_id, ucs2, parts, parts_sent, refs, kind, state, "
                 "  next_attempt, modem, created, sent_at, delivered_at, delivered_refs) VALUES "
                 "(1, 7, 'vneid-muc-2', '+84912000001', '', 1, 1, 2, 2, '11,12', 0, 3, 1000, 'm1', 1000, 1100, 1120, '11,12'),"
                 "(2, 7, 'vneid-muc-2', '+84912000002', '', 1, 1, 2, 2, '13,14', 0, 2, 1000, 'm1', 1000, 1200, NULL, '13'),"
                 "(3, 7, 'khac', '+84912000003', '', 1, 1, 2, 2, '15,16', 0, 2, 1000, 'm1', 1000, 1300, NULL, ''),"
                 "(4, NULL, NULL, '+84912000001', 'Tin riêng', NULL, 1, 1, 1, '17', 1, 2, 1000, 'm1', 1000, 1400, NULL, '');");
    store_close(st);

    st = store_open(path, NULL);
    assert_non_null(st);
    assert_int_equal(store_version(st), store_schema_version());
    /* the rows: no campaign name where the run has it, no list of parts where delivered says all */
    assert_int_equal(sql_int(st, "SELECT count(*) FROM outbox WHERE campaign IS NOT NULL"), 1);
    assert_int_equal(sql_int(st, "SELECT count(*) FROM outbox WHERE id = 3 AND campaign = 'khac'"), 1);
    assert_int_equal(sql_int(st, "SELECT count(*) FROM outbox WHERE id = 1 AND delivered_refs = ''"), 1);
    assert_int_equal(sql_int(st, "SELECT count(*) FROM outbox WHERE id = 2 AND delivered_refs = '13'"), 1);
    /* what the store gives back: the campaign and the text, as before */
    struct outbox_row r = {0};
    assert_int_equal(store_outbox_get(st, 1, &r), 0);
    assert_string_equal(r.campaign, "vneid-muc-2");
    assert_string_equal(r.text, "Mời bà con kích hoạt VNeID.");
    assert_string_equal(r.phone, "+84912000001");
    assert_int_equal(r.state, OB_DELIVERED);
    store_outbox_clear(&r);
    assert_int_equal(store_outbox_get(st, 3, &r), 0);
    assert_string_equal(r.campaign, "khac");
    store_outbox_clear(&r);
    assert_int_equal(store_outbox_get(st, 4, &r), 0);
    assert_null(r.campaign);
    assert_string_equal(r.text, "Tin riêng");
    store_outbox_clear(&r);
    /* the readers by number, through the new index: the last campaign, the per-person count */
    char *c = store_last_campaign_for(st, "+84912000001", 2000);
    assert_non_null(c);
    assert_string_equal(c, "vneid-muc-2");
    free(c);
    assert_int_equal(store_outbox_sent_to(st, "+84912000002", 1000), 1);
    assert_int_equal(store_outbox_sent_to(st, "+84912000002", 1201), 0);
    /* a number that shares the last nine digits is another number */
    assert_int_equal(store_outbox_sent_to(st, "+1912000002", 1000), 0);
    assert_null(store_last_campaign_for(st, "+1912000001", 2000));
    /* message 2's second part reported: delivered, and its list emptied; a repeat changes nothing */
    int64_t id = 0;
    assert_int_equal(store_outbox_delivery(st, "m1", "+84912000002", "14", 1, 1500, 1000, &id), 0);
    assert_int_equal(id, 2);
    assert_int_equal(sql_int(st, "SELECT count(*) FROM outbox WHERE id = 2 AND state = " SQL_OB_DELIVERED " AND delivered_refs = ''"), 1);
    assert_int_equal(store_outbox_delivery(st, "m1", "+84912000002", "13", 1, 1600, 1000, &id), 0);
    assert_int_equal(sql_int(st, "SELECT state FROM outbox WHERE id = 2"), OB_DELIVERED);
    /* a message queued from now on: a run's holds no name of its own, and reads back its run's */
    struct outbox_row add = {.run_id = 7, .campaign = "vneid-muc-2", .phone = "+84912000009", .text = "x", .parts = 1,
                             .kind = OK_CAMPAIGN, .next_attempt = 1000, .created = 1000, .text_id = 1};
    int64_t added = 0;
    assert_int_equal(store_outbox_add(st, &add, &added), 0);
    assert_int_equal(sql_int(st, "SELECT count(*) FROM outbox WHERE phone = '+84912000009' AND campaign IS NULL"), 1);
    assert_int_equal(store_outbox_get(st, added, &r), 0);
    assert_string_equal(r.campaign, "vneid-muc-2");
    assert_string_equal(r.text, "Mời bà con kích hoạt VNeID.");
    store_outbox_clear(&r);
    /* the counters still equal the rows */
    assert_int_equal(sql_int(st, "SELECT n FROM outbox_counts WHERE run_id = 7 AND state = " SQL_OB_DELIVERED), 2);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_database_is_created_0600_at_current_version),
        cmocka_unit_test(test_upgrade_keeps_data_and_reaches_current_version),
        cmocka_unit_test(test_sms_optout_outlives_remove_and_reimport),
        cmocka_unit_test(test_upgrade_keeps_optouts_by_number),
        cmocka_unit_test(test_upgrade_to_smaller_outbox_keeps_what_readers_see),
        cmocka_unit_test(test_newer_database_is_refused_and_untouched),
        cmocka_unit_test(test_not_a_database_is_refused_with_clear_error),
        cmocka_unit_test(test_empty_file_is_refused_and_never_replaced),
        cmocka_unit_test(test_new_database_on_a_full_disk_leaves_no_file),
        cmocka_unit_test(test_damaged_database_fails_check_and_backup_naming_the_file),
        cmocka_unit_test(test_backup_is_a_consistent_copy),
        cmocka_unit_test(test_part_progress_is_committed_and_sync_stays_full),
        cmocka_unit_test(test_recovery_queues_again_only_what_never_reached_the_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
