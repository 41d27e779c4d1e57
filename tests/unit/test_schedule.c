/* test_schedule — schedule expansion: month ends, leap years, year end, except dates, weekdays, every N days. */
#include "testutil.h"

#include <limits.h>

#include "schedule.h"
#include "template.h"

static long D(int y, int m, int d) { return util_days_from_civil(y, m, d); }

static void assert_next(const struct cfg_schedule *s, long from, long until, const char *after, const char *want)
{
    time_t got;
    int rc = schedule_next(s, from, until, test_time(after), &got);
    if (!want) {
        assert_int_equal(rc, -1);
        return;
    }
    assert_int_equal(rc, 0);
    char buf[24];
    util_fmt_time(got, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_monthly_day_31_skips_short_months(void **state)
{
    (void)state;
    int times[] = {8 * 60};
    struct cfg_schedule s = {.present = 1, .times = times, .ntimes = 1, .monthdays = 1u << 31};
    assert_next(&s, LONG_MIN, LONG_MAX, "2026-01-31 09:00", "2026-03-31 08:00:00");
    assert_next(&s, LONG_MIN, LONG_MAX, "2026-03-31 08:00", "2026-05-31 08:00:00");
}

static void test_leap_day_only_in_leap_years(void **state)
{
    (void)state;
    int times[] = {7 * 60 + 30};
    struct cfg_schedule s = {.present = 1, .times = times, .ntimes = 1, .monthdays = 1u << 29};
    assert_next(&s, LONG_MIN, LONG_MAX, "2027-02-01 00:00", "2027-03-29 07:30:00");
    assert_next(&s, LONG_MIN, LONG_MAX, "2028-02-01 00:00", "2028-02-29 07:30:00");
}

static void test_year_end_and_except_dates(void **state)
{
    (void)state;
    int times[] = {8 * 60, 17 * 60};
    long except[] = {D(2027, 1, 1)};
    struct cfg_schedule s = {.present = 1, .times = times, .ntimes = 2, .except = except, .nexcept = 1};
    assert_next(&s, LONG_MIN, LONG_MAX, "2026-12-31 08:00", "2026-12-31 17:00:00");
    assert_next(&s, LONG_MIN, LONG_MAX, "2026-12-31 17:00", "2027-01-02 08:00:00");  /* 1 January skipped */
}

static void test_weekdays_in_vietnamese_and_english(void **state)
{
    (void)state;
    int mask = 0;
    char err[LOA_ERRLEN];
    assert_int_equal(schedule_parse_weekday("t2", &mask, err), 0);   /* thứ hai = Monday */
    assert_int_equal(schedule_parse_weekday("THU", &mask, err), 0);
    assert_int_equal(schedule_parse_weekday("cn", &mask, err), 0);   /* chủ nhật = Sunday */
    assert_int_equal(mask, (1 << 1) | (1 << 4) | (1 << 0));
    assert_int_equal(schedule_parse_weekday("funday", &mask, err), -1);
    assert_non_null(strstr(err, "funday"));
    int times[] = {8 * 60};
    struct cfg_schedule s = {.present = 1, .times = times, .ntimes = 1, .weekdays = (1 << 1) | (1 << 4)};
    /* 2026-11-26 is a Thursday */
    assert_next(&s, LONG_MIN, LONG_MAX, "2026-11-26 08:00", "2026-11-30 08:00:00");
    assert_next(&s, LONG_MIN, LONG_MAX, "2026-11-30 07:59", "2026-11-30 08:00:00");
}

static void test_every_n_days_counts_from_the_start(void **state)
{
    (void)state;
    int times[] = {9 * 60};
    struct cfg_schedule s = {.present = 1, .times = times, .ntimes = 1, .every_days = 3};
    long from = D(2026, 12, 30);
    assert_next(&s, from, LONG_MAX, "2026-12-01 00:00", "2026-12-30 09:00:00");
    assert_next(&s, from, LONG_MAX, "2026-12-30 09:00", "2027-01-02 09:00:00");
}

static void test_window_bounds_and_one_off_moments(void **state)
{
    (void)state;
    time_t at[] = {test_time("2026-12-03 09:00"), test_time("2027-02-01 09:00")};
    struct cfg_schedule s = {.present = 1, .at = at, .nat = 2};
    assert_next(&s, D(2026, 12, 1), D(2027, 1, 31), "2026-11-01 00:00", "2026-12-03 09:00:00");
    assert_next(&s, D(2026, 12, 1), D(2027, 1, 31), "2026-12-03 09:00", NULL);  /* the second is after until */
    int times[] = {8 * 60};
    struct cfg_schedule r = {.present = 1, .times = times, .ntimes = 1};
    assert_next(&r, D(2026, 12, 1), D(2026, 12, 1), "2026-12-01 08:00", NULL);
}

static void test_templates_and_fallbacks(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    const char *tpl = "Kính gửi {ten|bà con} ({ho_ten}), {xom|xóm}, {xa}: hạn {ngay}. {name} {full_name|?}";
    assert_int_equal(template_check(tpl, err), 0);
    struct template_vars v = {"Nguyễn Văn An", "Xóm Đồng Kiệm", "Xã Minh Tiến", "03/12/2026"};
    sbuf b = {0};
    template_render(tpl, &v, &b);
    assert_string_equal(b.s, "Kính gửi An (Nguyễn Văn An), Xóm Đồng Kiệm, Xã Minh Tiến: hạn 03/12/2026. An Nguyễn Văn An");
    sbuf_reset(&b);
    struct template_vars empty = {"", NULL, "Xã Minh Tiến", "03/12/2026"};
    template_render(tpl, &empty, &b);
    assert_string_equal(b.s, "Kính gửi bà con (), xóm, Xã Minh Tiến: hạn 03/12/2026.  ?");
    sbuf_free(&b);
    assert_int_equal(template_check("Chào {tên}", err), -1);
    assert_non_null(strstr(err, "unknown placeholder {tên}"));
    assert_int_equal(template_check("Chào {ten", err), -1);
    assert_int_equal(template_check("Chào ten}", err), -1);
    /* a name with no fallback: what a household's shared phone would get empty (loa check warns) */
    assert_int_equal(template_name_without_fallback(tpl), 1);
    assert_int_equal(template_name_without_fallback("Kính gửi {ten|bà con}, {xom} {full_name|bà con}"), 0);
    assert_int_equal(template_name_without_fallback("Kính gửi {ho_ten}"), 1);
    assert_int_equal(template_name_without_fallback("{xa}: {ngay} {"), 0);
}

static void test_event_vars_and_vietnamese_dates(void **state)
{
    (void)state;
    char buf[64], err[LOA_ERRLEN];
    assert_string_equal(template_fmt_day(util_days_from_civil(2026, 12, 5), -1, buf, sizeof buf), "thứ Bảy, 05/12/2026");
    assert_string_equal(template_fmt_day(util_days_from_civil(2026, 12, 6), 8 * 60 + 30, buf, sizeof buf),
                        "08:30, Chủ nhật, 06/12/2026");
    assert_string_equal(template_fmt_day(util_days_from_civil(2026, 12, 7), -1, buf, sizeof buf), "thứ Hai, 07/12/2026");
    char *names[] = {"ngay_hop", "dia_diem"}, *values[] = {"thứ Bảy, 05/12/2026", "Nhà văn hóa"};
    char *x = template_expand_vars("{ten|bà con}: họp {ngay_hop} tại {dia_diem|?}, {xa}", names, values, 2);
    assert_string_equal(x, "{ten|bà con}: họp thứ Bảy, 05/12/2026 tại Nhà văn hóa, {xa}");
    free(x);
    assert_int_equal(template_check_vars("{ngay_hop} {ten}", names, 2, err), 0);
    assert_int_equal(template_check_vars("{ngay_hopp}", names, 2, err), -1);
    assert_non_null(strstr(err, "this campaign's vars: {ngay_hop}, {dia_diem}"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monthly_day_31_skips_short_months),
        cmocka_unit_test(test_leap_day_only_in_leap_years),
        cmocka_unit_test(test_year_end_and_except_dates),
        cmocka_unit_test(test_weekdays_in_vietnamese_and_english),
        cmocka_unit_test(test_every_n_days_counts_from_the_start),
        cmocka_unit_test(test_window_bounds_and_one_off_moments),
        cmocka_unit_test(test_templates_and_fallbacks),
        cmocka_unit_test(test_event_vars_and_vietnamese_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
