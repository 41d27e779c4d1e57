/* test_trust — the clock's verdict: --trust-clock, a modem's network time, the heartbeat and its 7 days. */
#include "testutil.h"

#include "trust.h"

struct env {
    char *dir;
    struct config *cfg;
    store *st;
};

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg", "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
                                         "hamlets = ( { code = \"A\"; name = \"Xóm A\"; } );\n"));
    free(test_write_file(e->dir, "campaigns/none.txt", ""));
    e->cfg = test_config_load(e->dir);
    e->st = test_store_open(e->cfg);
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

static int judge(struct env *e, const char *now, const char *started, int flag, const char *why)
{
    struct trust t;
    assert_int_equal(trust_judge(e->st, test_time(now), test_time(started), flag, &t), 0);
    if (!strstr(t.why, why)) fail_msg("expected \"%s\" in \"%s\"", why, t.why);
    return t.trusted;
}

static void test_an_empty_database_trusts_and_the_heartbeat_bounds_the_clock(void **state)
{
    struct env *e = *state;
    assert_true(judge(e, "2026-12-01 08:00", "2026-12-01 08:00", 0, "a new database"));
    struct trust t = {1, "a new database"};
    assert_int_equal(trust_record(e->st, &t, test_time("2026-12-01 08:00")), 1);
    assert_int_equal(trust_record(e->st, &t, test_time("2026-12-01 09:00")), 0);   /* unchanged: not logged again */
    assert_true(judge(e, "2026-12-08 08:59", "2026-12-08 08:59", 0, "within 7 days"));
    assert_false(judge(e, "2026-12-08 09:01", "2026-12-08 09:01", 0, "7 days after loa's last heartbeat"));
    assert_true(judge(e, "2026-12-01 08:30", "2026-12-01 08:30", 0, "within 7 days"));   /* an hour's slack back */
    assert_false(judge(e, "2026-12-01 07:59", "2026-12-01 07:59", 0, "is before loa's last heartbeat"));
    assert_true(judge(e, "2035-01-01 00:00", "2035-01-01 00:00", 1, "--trust-clock"));
    /* an untrusted verdict writes no heartbeat: a wrong clock never vouches for itself */
    struct trust bad = {0, "x"};
    assert_int_equal(trust_record(e->st, &bad, test_time("2035-01-01 00:00")), 1);
    assert_false(judge(e, "2035-01-01 00:01", "2035-01-01 00:01", 0, "after loa's last heartbeat"));
    struct trust last;
    assert_int_equal(trust_last(e->st, &last), 0);
    assert_false(last.trusted);
    assert_string_equal(last.why, "x");
}

static void test_a_network_time_read_since_the_start_decides(void **state)
{
    struct env *e = *state;
    struct trust t = {1, "a new database"};
    assert_int_equal(trust_record(e->st, &t, test_time("2026-12-01 08:00")), 1);
    /* the network says the clock is 20 days ahead: untrusted, though the heartbeat alone would pass */
    assert_int_equal(trust_network_seen(e->st, "m1", test_time("2026-12-02 08:00"), -20 * 86400), 0);
    assert_false(judge(e, "2026-12-02 08:01", "2026-12-02 07:59", 0, "modem m1's network time differs"));
    /* a reading from before this daemon started counts for nothing */
    assert_true(judge(e, "2026-12-02 08:02", "2026-12-02 08:01", 0, "within 7 days"));
    /* the network agrees: trusted, however long the box was off */
    assert_int_equal(trust_network_seen(e->st, "m1", test_time("2027-03-01 08:00"), 40), 0);
    assert_true(judge(e, "2027-03-01 08:01", "2027-03-01 07:59", 0, "modem m1's network time agrees"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_an_empty_database_trusts_and_the_heartbeat_bounds_the_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_network_time_read_since_the_start_decides, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
