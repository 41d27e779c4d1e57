/* test_util — the string map the imports and the scheduler rely on; local days, slots and the date forms
 * every --date takes; the one restart back-off and the one wake-up computation; the masking of numbers in logs. */
#include "testutil.h"
#include "log.h"

#include "wake.h"

static void test_strmap_keeps_first_value_and_finds_every_key(void **state)
{
    (void)state;
    strmap m = {0};
    assert_int_equal(strmap_get(&m, "+84912345678"), 0);   /* empty: nothing found, nothing allocated */
    enum { N = 50000 };
    char key[32];
    for (long i = 1; i <= N; i++) {
        snprintf(key, sizeof key, "+8491%07ld", i);
        assert_int_equal(strmap_put_new(&m, key, i), 0);
    }
    assert_int_equal(m.n, N);
    for (long i = 1; i <= N; i++) {
        snprintf(key, sizeof key, "+8491%07ld", i);
        assert_int_equal(strmap_get(&m, key), i);
        assert_int_equal(strmap_put_new(&m, key, i + N), i);   /* a duplicate: the first value stays */
    }
    assert_int_equal(m.n, N);
    assert_int_equal(strmap_get(&m, "+84910000000"), 0);
    assert_int_equal(strmap_get(&m, ""), 0);
    /* a key longer than a block, and the empty key */
    char *big = xmalloc(100001);
    memset(big, 'x', 100000);
    big[100000] = '\0';
    assert_int_equal(strmap_put_new(&m, big, 7), 0);
    assert_int_equal(strmap_put_new(&m, "", 8), 0);
    assert_int_equal(strmap_get(&m, big), 7);
    assert_int_equal(strmap_get(&m, ""), 8);
    big[99999] = 'y';
    assert_int_equal(strmap_get(&m, big), 0);
    free(big);
    strmap_free(&m);
    assert_int_equal(m.n, 0);
    assert_int_equal(strmap_get(&m, "+84910000001"), 0);
}

static time_t at(const char *s)
{
    time_t t;
    assert_int_equal(util_parse_datetime(s, &t), 0);
    return t;
}

/* Local days and slots run on the commune's UTC+7, whatever the machine's zone. */
static void test_local_day_and_slot_follow_commune_time(void **state)
{
    (void)state;
    long d = util_days_from_civil(2026, 12, 3);
    assert_int_equal(util_local_day(at("2026-12-03 00:00")), d);
    assert_int_equal(util_local_day(at("2026-12-03 23:59:59")), d);
    assert_int_equal(util_local_day(at("2026-12-02 23:59:59")), d - 1);
    /* 2026-12-02 17:00 UTC is already the 3rd in Vietnam */
    assert_int_equal(util_local_day((time_t)d * 86400 - 7 * 3600), d);
    assert_true(util_day_start(d) == at("2026-12-03 00:00"));
    assert_true(util_slot_time(d, 17 * 60 + 30) == at("2026-12-03 17:30"));
    assert_int_equal(util_local_minute(at("2026-12-03 06:45:59")), 6 * 60 + 45);
    assert_int_equal(util_local_minute(at("2026-12-03 00:00")), 0);
    /* before 1970 (UTC) a moment still falls in the day that holds it */
    assert_int_equal(util_local_day(-8 * 3600), -1);
    assert_int_equal(util_local_minute(-8 * 3600), 23 * 60);
}

/* Every --date takes the same two forms. */
static void test_parse_day_takes_iso_and_vietnamese_forms(void **state)
{
    (void)state;
    long d = 0, want = util_days_from_civil(2026, 11, 5);
    assert_int_equal(util_parse_day("2026-11-05", &d), 0);
    assert_int_equal(d, want);
    assert_int_equal(util_parse_day("05/11/2026", &d), 0);
    assert_int_equal(d, want);
    assert_int_equal(util_parse_day("5/11/2026", &d), 0);
    assert_int_equal(d, want);
    assert_int_equal(util_parse_day("2026-02-30", &d), -1);
    assert_int_equal(util_parse_day("30/02/2026", &d), -1);
    assert_int_equal(util_parse_day("11/05/26", &d), -1);
    assert_int_equal(util_parse_day("", &d), -1);
    assert_int_equal(util_parse_day(NULL, &d), -1);
}

static void test_backoff_doubles_up_to_its_cap(void **state)
{
    (void)state;
    int64_t b = 0;
    int64_t want[] = {2000, 4000, 8000, 16000, 30000, 30000};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        b = util_backoff(b, 2000, 30000);
        assert_int_equal(b, want[i]);
    }
}

static void test_wake_sooner_keeps_the_earliest_and_never_a_negative(void **state)
{
    (void)state;
    int64_t ms = -1;                 /* no deadline yet: wait forever */
    wake_sooner(&ms, -1);            /* none offered */
    assert_int_equal(ms, -1);
    wake_sooner(&ms, 5000);
    assert_int_equal(ms, 5000);
    wake_sooner(&ms, 9000);          /* later: ignored */
    assert_int_equal(ms, 5000);
    wake_sooner(&ms, 1200);
    assert_int_equal(ms, 1200);
    wake_sooner_mono(&ms, util_mono_ms() - 10);   /* already passed: at once */
    assert_int_equal(ms, 0);
    util_clock_start(util_mklocal(2026, 12, 1, 8, 0, 0));
    int64_t t = -1;
    wake_sooner_time(&t, 0);         /* 0: no deadline */
    assert_int_equal(t, -1);
    wake_sooner_time(&t, util_mklocal(2026, 12, 1, 8, 0, 30));
    assert_true(t > 28000 && t <= 30000);
    wake_sooner_time(&t, util_mklocal(2026, 12, 1, 7, 0, 0));
    assert_int_equal(t, 0);
    util_clock_start(0);
}

static void test_every_number_form_is_masked_the_same_way(void **state)
{
    (void)state;
    assert_string_equal(log_phone("+84912345678"), "+8491****678");
    assert_string_equal(log_phone("0900123901"), "0900***901");
    assert_string_equal(log_phone("+14155550123"), "+1415****123");
    assert_string_equal(log_phone("1900123"), "19**123");
    assert_string_equal(log_phone("9029"), "9***");
    assert_string_equal(log_phone(NULL), "-");
    /* every form: the same length, its last three kept, half of the rest (rounded down) masked */
    const char *forms[] = {"+84912345678", "0900123901", "+14155550123", "1900123", "84912345678"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        const char *m = log_phone(forms[i]);
        size_t stars = 0, n = strlen(forms[i]);
        for (size_t k = 0; k < n; k++) stars += m[k] == '*';
        assert_int_equal(stars, (n - 3) / 2);
        assert_int_equal(strlen(m), n);
        assert_string_equal(m + n - 3, forms[i] + n - 3);
    }
}

static char *kept(const char *fmt, ...) LOA_PRINTF(1, 2);
/* FMT's parameters kept as data, then written with FMT again. */
static char *kept(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n;
    char **args = util_fmt_args(fmt, ap, &n);
    va_end(ap);
    char *out = util_fmt_render(fmt, args, n);
    util_fmt_args_free(args, n);
    return out;
}

static void test_message_kept_as_data_reads_as_printf_and_reorders(void **state)
{
    (void)state;
    char *want = xasprintf("%s: %d rows, %ld bad, %zu of %lld, %02d:%05.1f %g%% %c %x '%s'", "in.csv", -3, 7L, (size_t)9,
                           123456789012LL, 5, 2.25, 0.5, 'x', 255u, "Xóm Đồng Kiệm");
    char *got = kept("%s: %d rows, %ld bad, %zu of %lld, %02d:%05.1f %g%% %c %x '%s'", "in.csv", -3, 7L, (size_t)9,
                     123456789012LL, 5, 2.25, 0.5, 'x', 255u, "Xóm Đồng Kiệm");
    assert_string_equal(got, want);
    free(got);
    free(want);
    /* a translation puts them in its own order, and may leave one out */
    char *v[] = {"sms.max_parts", "1", "10"};
    char *t = util_fmt_render("%2$s–%3$s: %1$s (100%%)", v, 3);
    assert_string_equal(t, "1–10: sms.max_parts (100%)");
    free(t);
    t = util_fmt_render("%3$s only", v, 3);
    assert_string_equal(t, "10 only");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap_keeps_first_value_and_finds_every_key),
        cmocka_unit_test(test_local_day_and_slot_follow_commune_time),
        cmocka_unit_test(test_parse_day_takes_iso_and_vietnamese_forms),
        cmocka_unit_test(test_backoff_doubles_up_to_its_cap),
        cmocka_unit_test(test_wake_sooner_keeps_the_earliest_and_never_a_negative),
        cmocka_unit_test(test_every_number_form_is_masked_the_same_way),
        cmocka_unit_test(test_message_kept_as_data_reads_as_printf_and_reorders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
