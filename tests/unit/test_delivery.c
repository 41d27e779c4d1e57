/* test_delivery — delivery reports matched to the latest send with that reference (references wrap at 255),
 * the outbox's counters following them, and the delivery rate a modem's status is judged by. */
#include "testutil.h"

#include "store.h"

static store *open_store(char **dir)
{
    *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", *dir);
    store *st = store_open(path, NULL);
    free(path);
    assert_non_null(st);
    return st;
}

/* A message to PHONE sent by m1 at T whose single part got reference REF. */
static int64_t sent(store *st, const char *phone, time_t t, int ref)
{
    struct outbox_row r = {.phone = (char *)phone, .text = "Xin chào", .parts = 1, .next_attempt = t, .created = t};
    int64_t id;
    assert_int_equal(store_outbox_add(st, &r, &id), 0);
    struct outbox_row c = {0};
    assert_int_equal(store_outbox_claim(st, "m1", t, 0, &c), 0);
    assert_int_equal(c.id, id);
    store_outbox_clear(&c);
    char mr[16];
    snprintf(mr, sizeof mr, "%d", ref);
    assert_int_equal(store_outbox_part_sent(st, id, 0, mr), 0);
    assert_int_equal(store_outbox_sent(st, id), 0);
    return id;
}

static int state(store *st, int64_t id)
{
    struct outbox_row r = {0};
    assert_int_equal(store_outbox_get(st, id, &r), 0);
    int s = r.state;
    store_outbox_clear(&r);
    return s;
}

static void test_report_matches_latest_send_after_reference_wrap(void **state_)
{
    (void)state_;
    char *dir;
    store *st = open_store(&dir);
    time_t t0 = 1764550000;
    /* reference 7 was used a first time, then 256 sends later again (it wrapped) */
    int64_t old = sent(st, "+84912000001", t0, 7);
    for (int i = 0; i < 255; i++) sent(st, "+84912000099", t0 + 1 + i, (8 + i) % 256);
    int64_t fresh = sent(st, "+84912000001", t0 + 300, 7);
    int64_t id = 0;
    assert_int_equal(store_outbox_delivery(st, "m1", "+84912000001", "7", 1, t0 + 310, t0 - 86400, &id), 0);
    assert_int_equal(id, fresh);
    assert_int_equal(state(st, fresh), OB_DELIVERED);
    assert_int_equal(state(st, old), OB_SENT);
    /* a report for another modem's send, or outside the window, matches nothing */
    assert_int_equal(store_outbox_delivery(st, "m2", "+84912000001", "7", 1, t0 + 310, t0 - 86400, &id), 1);
    assert_int_equal(store_outbox_delivery(st, "m1", "+84912000001", "7", 1, t0 + 310, t0 + 301, &id), 1);
    /* a failure report */
    int64_t x = sent(st, "+84912000002", t0 + 400, 42);
    assert_int_equal(store_outbox_delivery(st, "m1", "+84912000002", "42", 0, t0 + 410, t0, &id), 0);
    assert_int_equal(state(st, x), OB_FAILED);
    /* the outbox's counters followed every change: sent, delivered, failed */
    char *diff = NULL;
    assert_int_equal(store_outbox_counts_verify(st, &diff), 0);
    assert_null(diff);
    long counts[OB__N];
    assert_int_equal(store_outbox_counts(st, counts), 0);
    assert_int_equal(counts[OB_SENT], 256);
    assert_int_equal(counts[OB_DELIVERED], 1);
    assert_int_equal(counts[OB_FAILED], 1);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
}

static void test_delivery_rate_of_last_fifty(void **state_)
{
    (void)state_;
    char *dir;
    store *st = open_store(&dir);
    time_t t0 = 1764550000;
    int64_t ids[60];
    for (int i = 0; i < 60; i++) ids[i] = sent(st, "+84912000003", t0 + i, i % 256);
    /* only the first 15 got through: the SIM stopped working */
    for (int i = 0; i < 15; i++) {
        char phone[] = "+84912000003";
        int64_t id;
        char mr[16];
        snprintf(mr, sizeof mr, "%d", i);
        assert_int_equal(store_outbox_delivery(st, "m1", phone, mr, 1, t0 + 100, t0 - 1, &id), 0);
    }
    int n = 0, delivered = 0;
    assert_int_equal(store_modem_delivery_rate(st, "m1", t0 + 1000, &n, &delivered), 0);
    assert_int_equal(n, 50);
    assert_int_equal(delivered, 5);   /* of the last 50 (ids 10..59), those 10..14 */
    (void)ids;
    store_close(st);
    test_rm_rf(dir);
    free(dir);
}

/* A 3-part message to PHONE sent by m1 at T, its parts' references "ID.1", "ID.2", "ID.3" (as kannel.c gives). */
static int64_t sent3(store *st, const char *phone, time_t t)
{
    struct outbox_row r = {.phone = (char *)phone, .text = "Xin chào", .parts = 3, .next_attempt = t, .created = t};
    int64_t id;
    assert_int_equal(store_outbox_add(st, &r, &id), 0);
    struct outbox_row c = {0};
    assert_int_equal(store_outbox_claim(st, "m1", t, 0, &c), 0);
    store_outbox_clear(&c);
    for (int p = 0; p < 3; p++) {
        char ref[32];
        snprintf(ref, sizeof ref, "%lld.%d", (long long)id, p + 1);
        assert_int_equal(p < 2 ? store_outbox_part_progress(st, id, p, ref) : store_outbox_part_sent(st, id, p, ref), 0);
    }
    assert_int_equal(store_outbox_sent(st, id), 0);
    return id;
}

static int report(store *st, int64_t id, int part, int delivered, time_t t)
{
    char ref[32];
    snprintf(ref, sizeof ref, "%lld.%d", (long long)id, part);
    return store_outbox_delivery(st, "m1", "+84912000001", ref, delivered, t, t - 86400, NULL);
}

static void test_parts_delivered_all_or_failed_any(void **state_)
{
    (void)state_;
    char *dir;
    store *st = open_store(&dir);
    time_t t0 = 1764550000;
    int64_t a = sent3(st, "+84912000001", t0);
    assert_int_equal(report(st, a, 1, 1, t0 + 5), 0);
    assert_int_equal(report(st, a, 1, 1, t0 + 6), 0);   /* the same part reported twice counts once */
    assert_int_equal(report(st, a, 2, 1, t0 + 7), 0);
    assert_int_equal(state(st, a), OB_SENT);
    assert_int_equal(report(st, a, 3, 1, t0 + 8), 0);
    assert_int_equal(state(st, a), OB_DELIVERED);
    int64_t b = sent3(st, "+84912000001", t0 + 10);
    assert_int_equal(report(st, b, 1, 1, t0 + 15), 0);
    assert_int_equal(report(st, b, 2, 0, t0 + 16), 0);
    assert_int_equal(state(st, b), OB_FAILED);
    assert_int_equal(report(st, b, 3, 1, t0 + 17), 0);   /* a later part's success does not undo it */
    assert_int_equal(state(st, b), OB_FAILED);
    store_close(st);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_matches_latest_send_after_reference_wrap),
        cmocka_unit_test(test_delivery_rate_of_last_fifty),
        cmocka_unit_test(test_parts_delivered_all_or_failed_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
