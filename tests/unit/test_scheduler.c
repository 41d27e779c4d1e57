/* test_scheduler — runs materialised once: idempotency (repeated, interrupted), audiences, catch-up, disabling. */
#include "testutil.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "scheduler.h"
#include "sender.h"
#include "sms.h"

struct env {
    char *dir;
    struct config *cfg;
    store *st;
};

static const char *cfg_text =
    "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
    "hamlets = ( { code = \"A\"; name = \"Xóm A\"; }, { code = \"B\"; name = \"Xóm B\"; },\n"
    "            { code = \"C\"; name = \"Xóm C\"; merged_into = \"B\"; } );\n";

static void write_campaign(struct env *e, const char *name, const char *text)
{
    char *p = xasprintf("campaigns/%s", name);
    free(test_write_file(e->dir, p, text));
    free(p);
}

static void load(struct env *e)
{
    config_free(e->cfg);
    e->cfg = test_config_load(e->dir);
    if (!e->st) e->st = test_store_open(e->cfg);
}

static void add_contact(struct env *e, const char *phone, const char *name, const char *hamlet, const char *household,
                        const char *tags, int vneid)
{
    struct contact c = {.phone = (char *)phone, .name = (char *)name, .hamlet = (char *)hamlet,
                        .household = (char *)household, .tags = (char *)tags};
    assert_int_equal(store_contact_upsert(e->st, &c, 1), 0);
    if (vneid) assert_int_equal(store_contact_set_vneid(e->st, phone, vneid, 1), 0);
}

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg", cfg_text));
    write_campaign(e, "base.cfg", "id = \"base\";\ntitle = \"T\";\nsms: { text = \"Xã Minh Tiến mời {ten|bà con}. Soạn HUY để ngừng.\";\n"
                                  "schedule: { at = [ \"2026-12-01 08:00\" ]; }; };\n");
    load(e);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    test_commune_close(e->dir, e->cfg, e->st);
    free(e);
    return 0;
}

static long count(struct env *e, int state)
{
    long c[OB__N];
    assert_int_equal(store_outbox_counts(e->st, c), 0);
    if (state >= 0) return c[state];
    long n = 0;
    for (int i = 0; i < OB__N; i++) n += c[i];
    return n;
}

/* Phones of the audience of campaign ID, comma-joined in id order. */
struct collect { sbuf b; };
static int collect_one(void *ud, const struct contact *k)
{
    struct collect *c = ud;
    if (c->b.len) sbuf_addc(&c->b, ',');
    sbuf_add(&c->b, k->phone + 9);  /* last three digits */
    return 0;
}
static char *audience(struct env *e, const char *id)
{
    struct collect c = {{0}};
    assert_int_equal(scheduler_audience(e->st, e->cfg, config_campaign(e->cfg, id), collect_one, &c), 0);
    return sbuf_detach(&c.b);
}

static void test_tick_twice_enqueues_once(void **state)
{
    struct env *e = *state;
    add_contact(e, "+84912000001", "Nguyễn Văn An", "A", NULL, NULL, 0);
    add_contact(e, "+84912000002", "", "B", NULL, NULL, 0);
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), 1);
    assert_int_equal(count(e, -1), 2);
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:01"), &next), 0);
    /* a fresh scheduler (lost its memory of the last tick) still enqueues nothing twice */
    assert_int_equal(store_setting_set(e->st, "scheduler.last_tick", NULL), 0);
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:02"), &next), 0);
    assert_int_equal(count(e, -1), 2);
    struct outbox_row r = {0};
    assert_int_equal(store_outbox_get(e->st, 1, &r), 0);
    assert_string_equal(r.text, "Xã Minh Tiến mời An. Soạn HUY để ngừng.");
    store_outbox_clear(&r);
    assert_int_equal(store_outbox_get(e->st, 2, &r), 0);
    assert_string_equal(r.text, "Xã Minh Tiến mời bà con. Soạn HUY để ngừng.");   /* fallback */
    store_outbox_clear(&r);
}

/* Each distinct rendering is prepared once and reused: more distinct texts than the cache holds,
 * each repeated, still give every resident exactly their own text, counted right. */
static void test_every_resident_gets_their_own_rendering(void **state)
{
    struct env *e = *state;
    write_campaign(e, "base.cfg", "id = \"base\";\ntitle = \"T\";\nsms: { text = \"Xã Minh Tiến mời ông/bà {ho_ten}. "
                                  "Soạn HUY để ngừng.\"; schedule: { at = [ \"2026-12-01 08:00\" ]; }; };\n");
    load(e);
    enum { N = 5000 };
    assert_int_equal(store_begin(e->st), 0);
    for (int i = 0; i < N; i++) {
        char phone[16], name[48];
        snprintf(phone, sizeof phone, "+8491200%04d", i);
        /* 4,500 distinct names, the last 500 repeating earlier ones; one name of plain ASCII */
        if (i == 77) snprintf(name, sizeof name, "Tran Van Ba");
        else snprintf(name, sizeof name, "Nguyễn Văn Số %d", i < 4500 ? i : i - 4500);
        add_contact(e, phone, name, "A", NULL, NULL, 0);
    }
    assert_int_equal(store_commit(e->st), 0);
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), 1);
    assert_int_equal(count(e, -1), N);
    for (int id = 1; id <= N; id++) {
        struct outbox_row r = {0};
        assert_int_equal(store_outbox_get(e->st, id, &r), 0);
        struct contact k = {0};
        assert_int_equal(store_contact_get(e->st, r.phone, &k), 0);
        char *want = xasprintf("Xã Minh Tiến mời ông/bà %s. Soạn HUY để ngừng.", k.name);
        assert_string_equal(r.text, want);
        struct sms_info info;
        assert_int_equal(sms_count(want, &info), 0);
        assert_int_equal(r.parts, info.parts);
        assert_int_equal(r.ucs2, info.encoding == SMS_UCS2);
        free(want);
        store_contact_clear(&k);
        store_outbox_clear(&r);
    }
}

static void test_interrupted_materialisation_leaves_nothing_then_completes(void **state)
{
    struct env *e = *state;
    assert_int_equal(store_begin(e->st), 0);
    char name[32], phone[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(phone, sizeof phone, "+8491%07d", i);
        snprintf(name, sizeof name, "Người %d", i);
        add_contact(e, phone, name, "A", NULL, NULL, 0);
    }
    assert_int_equal(store_commit(e->st), 0);
    /* A disk that fills up half-way: the 1000th outbox row fails. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(e->cfg->database, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER full BEFORE INSERT ON outbox WHEN (SELECT count(*) FROM outbox) >= 999 "
                                      "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;", NULL, NULL, NULL), SQLITE_OK);
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), -1);
    assert_int_equal(count(e, -1), 0);                      /* no partial run */
    assert_int_equal(sqlite3_exec(db, "DROP TRIGGER full", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    /* A process killed in the middle of a run: its transaction never commits. */
    pid_t pid = fork();
    if (pid == 0) {
        char err[LOA_ERRLEN];
        store *st = store_open(e->cfg->database, NULL);
        struct run_result res;
        scheduler_materialise(st, e->cfg, config_campaign(e->cfg, "base"), test_time("2026-12-01 08:00"), test_time("2026-12-01 08:00"), &res, err);
        pause();   /* never reached in practice: killed first, or done */
        _exit(0);
    }
    usleep(20000);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    long partial = count(e, -1);
    assert_true(partial == 0 || partial == 3000);
    assert_true(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:05"), &next) >= 0);
    assert_int_equal(count(e, -1), 3000);
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:06"), &next), 0);
    assert_int_equal(count(e, -1), 3000);
}

static void test_audience_rules(void **state)
{
    struct env *e = *state;
    add_contact(e, "+84912000001", "A1", "A", "h1", "chua-cccd", VNEID_NOT_ACTIVATED);
    add_contact(e, "+84912000002", "A2", "A", "h1", NULL, VNEID_ACTIVATED);
    add_contact(e, "+84912000003", "B1", "B", "h2", "doan-vien, chua-cccd", 0);
    add_contact(e, "+84912000004", "C1", "B", "h3", "doan-vien", VNEID_NOT_ACTIVATED);
    add_contact(e, "+84912000005", "B2", "B", NULL, NULL, 0);
    assert_int_equal(store_contact_set_optout(e->st, "+84912000005", 100), 0);
    const char *tail = "sms: { text = \"Xã Minh Tiến. Soạn HUY để ngừng.\"; schedule: { times = [ \"08:00\" ]; }; };\n";
    char *t;
#define CAMP(file, id, aud) \
    t = xasprintf("id = \"%s\";\ntitle = \"x\";\naudience: { %s };\n%s", id, aud, tail); \
    write_campaign(e, file, t); \
    free(t)
    CAMP("a.cfg", "all", "");
    CAMP("b.cfg", "hamlet-b", "hamlets = [ \"B\" ];");
    CAMP("c.cfg", "old-code", "hamlets = [ \"C\" ];");
    CAMP("d.cfg", "tag", "tags = [ \"chua-cccd\" ];");
    CAMP("e.cfg", "not-activated", "vneid = \"not_activated\";");
    CAMP("f.cfg", "household", "per_household = true;");
    CAMP("g.cfg", "phones", "phones = [ \"0912000004\", \"0987000099\", \"0912000005\" ];");
    CAMP("h.cfg", "combo", "hamlets = [ \"B\" ]; tags = [ \"doan-vien\" ]; vneid = \"not_activated\";");
#undef CAMP
    load(e);
    char *a;
    a = audience(e, "all"); assert_string_equal(a, "001,002,003,004"); free(a);      /* opted out: never */
    a = audience(e, "hamlet-b"); assert_string_equal(a, "003,004"); free(a);
    a = audience(e, "old-code"); assert_string_equal(a, "003,004"); free(a);        /* merged hamlet's code */
    a = audience(e, "tag"); assert_string_equal(a, "001,003"); free(a);
    a = audience(e, "not-activated"); assert_string_equal(a, "001,004"); free(a);
    a = audience(e, "household"); assert_string_equal(a, "001,003,004"); free(a);   /* one of h1 */
    a = audience(e, "phones"); assert_string_equal(a, "004,099"); free(a);          /* non-resident too; 005 opted out */
    a = audience(e, "combo"); assert_string_equal(a, "004"); free(a);
}

static void test_catch_up_after_downtime(void **state)
{
    struct env *e = *state;
    add_contact(e, "+84912000001", "An", "A", NULL, NULL, 0);
    write_campaign(e, "late.cfg", "id = \"late\";\ntitle = \"x\";\ncatch_up = \"2h\";\n"
                   "sms: { text = \"Xã Minh Tiến. Soạn HUY để ngừng.\"; schedule: { times = [ \"08:00\" ]; }; };\n");
    write_campaign(e, "never.cfg", "id = \"never\";\ntitle = \"x\";\ncatch_up = \"skip\";\n"
                   "sms: { text = \"Xã Minh Tiến. Soạn HUY để ngừng.\"; schedule: { times = [ \"08:00\" ]; }; };\n");
    char *base = xasprintf("%s/campaigns/base.cfg", e->dir);
    unlink(base);
    free(base);
    load(e);
    time_t next;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)test_time("2026-11-30 20:00"));
    assert_int_equal(store_setting_set(e->st, "scheduler.last_tick", buf), 0);
    /* down from 30 Nov 20:00 until 1 Dec 09:30: 08:00 is 1.5 h late */
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 09:30"), &next), 1);
    struct run_row r = {0};
    assert_int_equal(store_run_get(e->st, 1, &r), 0);
    assert_string_equal(r.campaign, "late");
    assert_string_equal(store_run_state_name(r.state), "queued");
    store_run_clear(&r);
    assert_int_equal(store_run_get(e->st, 2, &r), 0);
    assert_string_equal(r.campaign, "never");
    assert_string_equal(store_run_state_name(r.state), "skipped");
    assert_non_null(strstr(r.note, "late"));
    store_run_clear(&r);
    /* down all the next morning: 08:00 is 4 h late, beyond 2 h */
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-02 12:00"), &next), 0);
    assert_int_equal(store_run_get(e->st, 3, &r), 0);
    assert_string_equal(store_run_state_name(r.state), "skipped");
    assert_non_null(strstr(r.note, "240 min late"));
    store_run_clear(&r);
    char ts[24];
    assert_string_equal(util_fmt_time(next, ts, sizeof ts), "2026-12-03 08:00:00");
}

static void test_disabling_cancels_queued_messages(void **state)
{
    struct env *e = *state;
    add_contact(e, "+84912000001", "An", "A", NULL, NULL, 0);
    add_contact(e, "+84912000002", "Bình", "A", NULL, NULL, 0);
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), 1);
    struct outbox_row r = {0};
    assert_int_equal(store_outbox_claim(e->st, "m1", test_time("2026-12-01 08:00"), 0, 1, &r), 0);   /* one is in flight */
    assert_int_equal(store_outbox_sent(e->st, r.id), 0);
    store_outbox_clear(&r);
    write_campaign(e, "base.cfg", "id = \"base\";\ntitle = \"T\";\nenabled = false;\n"
                   "sms: { text = \"Xã Minh Tiến. Soạn HUY.\"; schedule: { at = [ \"2026-12-01 08:00\" ]; }; };\n");
    load(e);
    assert_int_equal(scheduler_cancel_disabled(e->st, e->cfg), 1);
    assert_int_equal(count(e, OB_SENT), 1);
    assert_int_equal(count(e, OB_CANCELLED), 1);
}

static void test_quiet_hours(void **state)
{
    (void)state;
    assert_true(sender_in_quiet(test_time("2026-12-01 23:00"), 22 * 60, 7 * 60));
    assert_true(sender_in_quiet(test_time("2026-12-01 06:59"), 22 * 60, 7 * 60));
    assert_false(sender_in_quiet(test_time("2026-12-01 07:00"), 22 * 60, 7 * 60));
    assert_false(sender_in_quiet(test_time("2026-12-01 12:00"), 12 * 60, 12 * 60));
    char ts[24];
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2026-12-01 23:10"), 22 * 60, 7 * 60), ts, sizeof ts), "2026-12-02 07:00:00");
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2026-12-02 03:10"), 22 * 60, 7 * 60), ts, sizeof ts), "2026-12-02 07:00:00");
}

/* Quiet hours and days at the edges of the calendar, with now passed in: the wall clock never enters. */
static void test_quiet_hours_across_month_year_and_leap_day(void **state)
{
    (void)state;
    char ts[24];
    const int from = 22 * 60, to = 7 * 60;
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2026-11-30 22:30"), from, to), ts, sizeof ts), "2026-12-01 07:00:00");
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2026-12-31 23:59"), from, to), ts, sizeof ts), "2027-01-01 07:00:00");
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2028-02-28 22:00"), from, to), ts, sizeof ts), "2028-02-29 07:00:00");
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2028-02-29 23:00"), from, to), ts, sizeof ts), "2028-03-01 07:00:00");
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2027-02-28 23:00"), from, to), ts, sizeof ts), "2027-03-01 07:00:00");
    assert_string_equal(util_fmt_time(util_day_start(util_local_day(test_time("2028-02-29 00:00"))), ts, sizeof ts), "2028-02-29 00:00:00");
    assert_string_equal(util_fmt_time(util_day_start(util_local_day(test_time("2027-01-01 06:59"))), ts, sizeof ts), "2027-01-01 00:00:00");
    assert_string_equal(util_fmt_time(util_day_start(util_local_day(test_time("2026-12-31 23:59"))), ts, sizeof ts), "2026-12-31 00:00:00");
    /* quiet hours inside one day (12:00-13:30) and the minute they end */
    assert_true(sender_in_quiet(test_time("2028-02-29 13:29"), 12 * 60, 13 * 60 + 30));
    assert_false(sender_in_quiet(test_time("2028-02-29 13:30"), 12 * 60, 13 * 60 + 30));
    assert_string_equal(util_fmt_time(sender_quiet_end(test_time("2028-02-29 12:00"), 12 * 60, 13 * 60 + 30), ts, sizeof ts), "2028-02-29 13:30:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tick_twice_enqueues_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_materialisation_leaves_nothing_then_completes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audience_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catch_up_after_downtime, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_resident_gets_their_own_rendering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disabling_cancels_queued_messages, setup, teardown),
        cmocka_unit_test(test_quiet_hours),
        cmocka_unit_test(test_quiet_hours_across_month_year_and_leap_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
