/* test_enroll — VNeID counts: period boundaries, corrections, merged hamlets, undo, duplicates, import, targets and pace. */
#include "testutil.h"

#include "config.h"
#include "enroll.h"
#include "store.h"

struct env {
    char *dir;
    struct config *cfg;
    store *st;
    char errs[8192];
};

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Thử\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\nreports_dir = \"reports\";\n"
        "hamlets = ( { code = \"X1\"; name = \"Xóm Một\"; }, { code = \"X2\"; name = \"Xóm Hai\"; },\n"
        "            { code = \"X3\"; name = \"Xóm Ba\"; merged_into = \"X2\"; },\n"
        "            { code = \"X4\"; name = \"Xóm Bốn\"; target = 100; } );\n"
        "targets = ( { by = \"2025-12-31\"; vneid = 1500; }, { by = \"2030-12-31\"; vneid = 2500; } );\n"));
    e->cfg = test_config_load(e->dir);
    e->st = test_store_open(e->cfg);
    /* residents: three in X1, one in X2 (shares of the commune target: 3/4 and 1/4) */
    const char *phones[] = {"+84900000001", "+84900000002", "+84900000003", "+84900000004"};
    const char *hamlets[] = {"X1", "X1", "X1", "X2"};
    for (int i = 0; i < 4; i++) {
        struct contact c = {.phone = (char *)phones[i], .name = "A", .hamlet = (char *)hamlets[i]};
        assert_int_equal(store_contact_upsert(e->st, &c, 1), 0);
    }
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

static long D(const char *s)
{
    long d;
    assert_int_equal(util_parse_day(s, &d), 0);
    return d;
}

/* Record one row; returns enroll_add's code and leaves the id in *id when given. */
static int add_kind(struct env *e, int kind, const char *hamlet, long count, const char *day, const char *now, int64_t *id)
{
    struct enroll_new n = {.hamlet = hamlet, .count = count, .day = D(day), .kind = kind, .source = "cli",
                           .reporter = "officer"};
    char err[LOA_ERRLEN] = "";
    int64_t x = 0;
    int rc = enroll_add(e->st, e->cfg, &n, test_time(now), &x, err);
    if (id) *id = x;
    return rc;
}

static void add(struct env *e, const char *hamlet, long count, const char *day)
{
    assert_int_equal(add_kind(e, ENROLL_ENTRY, hamlet, count, day, "2027-06-01 08:00", NULL), 0);
}

static long total(struct env *e, const char *hamlet, const char *day)
{
    return enroll_hamlet_total(e->st, e->cfg, hamlet, D(day));
}

static void test_entry_counts_on_its_own_day_across_month_end(void **state)
{
    struct env *e = *state;
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X1", 100, "2026-06-30", "2026-07-01 08:00", NULL), 0);
    add(e, "X1", 5, "2026-10-31");
    add(e, "X1", 7, "2026-11-01");
    assert_int_equal(total(e, "X1", "2026-06-29"), 0);
    assert_int_equal(total(e, "X1", "2026-06-30"), 100);
    assert_int_equal(total(e, "X1", "2026-10-31"), 105);
    assert_int_equal(total(e, "X1", "2026-11-01"), 112);

    struct enroll_summary s;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-10-01"), D("2026-10-31"), &s, err), 0);
    assert_string_equal(s.hamlets[0].code, "X1");
    assert_int_equal(s.hamlets[0].period, 5);       /* the opening balance is not an activation of the month */
    assert_int_equal(s.hamlets[0].cumulative, 105);
    enroll_summary_free(&s);
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-30"), &s, err), 0);
    assert_int_equal(s.hamlets[0].period, 7);
    assert_int_equal(s.total.period, 7);
    assert_int_equal(s.total.cumulative, 112);
    enroll_summary_free(&s);
}

static void test_year_end_boundary(void **state)
{
    struct env *e = *state;
    add(e, "X2", 3, "2025-12-31");
    add(e, "X2", 4, "2026-01-01");
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2025-01-01"), D("2025-12-31"), &s, err), 0);
    assert_int_equal(s.total.period, 3);
    assert_int_equal(s.total.cumulative, 3);
    assert_int_equal(s.target, 1500);              /* due that very day: still the first target */
    enroll_summary_free(&s);
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-01-01"), D("2026-01-31"), &s, err), 0);
    assert_int_equal(s.total.period, 4);
    assert_int_equal(s.total.cumulative, 7);
    assert_int_equal(s.target, 2500);              /* the next one applies from the day after */
    assert_int_equal(s.passed_target, 1500);
    assert_int_equal(s.passed_reached, 3);
    assert_non_null(strstr(s.note, "1.500"));
    assert_non_null(strstr(s.note, "đã hết hạn"));
    assert_non_null(strstr(s.note, "2.500"));
    enroll_summary_free(&s);
}

/* A correction typed in December for November counts in November: the date it carries, not when it was typed. */
static void test_correction_entered_later_counts_on_its_date(void **state)
{
    struct env *e = *state;
    add(e, "X1", 10, "2026-11-20");
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "X1", -3, "2026-11-20", "2026-12-05 09:00", NULL), 0);
    add(e, "X1", 2, "2026-12-03");
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-30"), &s, err), 0);
    assert_int_equal(s.hamlets[0].period, 7);
    assert_int_equal(s.hamlets[0].cumulative, 7);
    enroll_summary_free(&s);
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-12-01"), D("2026-12-31"), &s, err), 0);
    assert_int_equal(s.hamlets[0].period, 2);
    assert_int_equal(s.hamlets[0].cumulative, 9);
    enroll_summary_free(&s);
}

static int collect(void *ud, const struct enrollment *r)
{
    sbuf *b = ud;
    sbuf_addf(b, "%s:%s:%ld;", r->hamlet, r->kind, r->count);
    return 0;
}

static void test_merged_hamlet_counts_under_new_and_keeps_its_code(void **state)
{
    struct env *e = *state;
    add(e, "X3", 6, "2026-11-02");
    add(e, "x2", 1, "2026-11-03");              /* any case: the config's spelling is stored */
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X3", 40, "2026-01-01", "2026-11-05 08:00", NULL), 0);
    assert_int_equal(total(e, "X2", "2026-11-30"), 47);
    assert_int_equal(total(e, "X3", "2026-11-30"), 47);   /* the old code names the same hamlet now */
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-30"), &s, err), 0);
    assert_int_equal(s.nhamlets, 3);               /* X1, X2, X4: no row of its own for X3 */
    assert_string_equal(s.hamlets[1].code, "X2");
    assert_int_equal(s.hamlets[1].period, 7);
    assert_int_equal(s.hamlets[1].cumulative, 47);
    for (size_t i = 0; i < s.nhamlets; i++) assert_string_not_equal(s.hamlets[i].code, "X3");
    enroll_summary_free(&s);
    sbuf b = {0};
    assert_int_equal(store_enroll_each(e->st, collect, &b), 0);
    assert_string_equal(sbuf_str(&b), "X3:entry:6;X2:entry:1;X3:opening:40;");
    sbuf_free(&b);
}

static void test_undo_reverses_an_entry_once(void **state)
{
    struct env *e = *state;
    int64_t id, opening, undo = 0, again;
    char err[LOA_ERRLEN] = "";
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X1", 50, "2026-01-01", "2026-11-05 08:00", &opening), 0);
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "X1", 8, "2026-10-15", "2026-11-05 08:00", &id), 0);
    assert_int_equal(total(e, "X1", "2026-10-31"), 58);
    assert_int_equal(enroll_undo(e->st, id, test_time("2026-11-06 08:00"), &undo, err), 0);
    assert_true(undo > id);
    /* reversed on the entry's own day: October is as if it had never been recorded */
    assert_int_equal(total(e, "X1", "2026-10-31"), 50);
    struct enrollment u = {0};
    assert_int_equal(store_enroll_get(e->st, undo, &u), 0);
    assert_int_equal(u.count, -8);
    assert_int_equal(u.undoes, id);
    assert_int_equal(u.day, D("2026-10-15"));
    store_enrollment_clear(&u);

    assert_int_equal(enroll_undo(e->st, id, test_time("2026-11-06 08:00"), &again, err), 1);
    assert_non_null(strstr(err, "already undone"));
    assert_int_equal(enroll_undo(e->st, undo, test_time("2026-11-06 08:00"), &again, err), 1);
    assert_non_null(strstr(err, "itself the undo"));
    assert_int_equal(enroll_undo(e->st, opening, test_time("2026-11-06 08:00"), &again, err), 1);
    assert_non_null(strstr(err, "not an entry"));
    assert_int_equal(enroll_undo(e->st, 9999, test_time("2026-11-06 08:00"), &again, err), 1);
    assert_int_equal(total(e, "X1", "2026-12-31"), 50);
}

static void test_duplicate_is_the_same_report_on_any_later_day(void **state)
{
    struct env *e = *state;
    struct enroll_new n = {.hamlet = "X1", .count = 4, .day = D("2026-11-10"), .kind = ENROLL_ENTRY, .source = "sms",
                           .reporter = "+84900000901"};
    char err[LOA_ERRLEN];
    int64_t id, dup = 0;
    assert_int_equal(enroll_add(e->st, e->cfg, &n, test_time("2026-11-10 08:00"), &id, err), 0);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "X1", 4, D("2026-11-10"), test_time("2026-11-10 20:00"), &dup), 1);
    assert_int_equal(dup, id);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "x1", 4, D("2026-11-10"), test_time("2026-11-11 07:59"), &dup), 1);
    /* resent on a later day (issue 16: it was counted again after 24 h): still the same report */
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "X1", 4, D("2026-11-10"), test_time("2026-11-25 08:01"), &dup), 1);
    /* not the same: another count, hamlet, day or reporter */
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "X1", 5, D("2026-11-10"), test_time("2026-11-10 20:00"), &dup), 0);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "X2", 4, D("2026-11-10"), test_time("2026-11-10 20:00"), &dup), 0);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "X1", 4, D("2026-11-09"), test_time("2026-11-10 20:00"), &dup), 0);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000902", "X1", 4, D("2026-11-10"), test_time("2026-11-10 20:00"), &dup), 0);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "ZZ", 4, D("2026-11-10"), test_time("2026-11-10 20:00"), &dup), 0);
    /* an undone report is no longer there to be repeated */
    int64_t undo;
    assert_int_equal(enroll_undo(e->st, id, test_time("2026-11-10 09:00"), &undo, err), 0);
    assert_int_equal(enroll_find_duplicate(e->st, e->cfg, "+84900000901", "X1", 4, D("2026-11-10"), test_time("2026-11-10 20:00"), &dup), 0);
}

static void test_add_refuses_bad_input_and_records_nothing(void **state)
{
    struct env *e = *state;
    int64_t id;
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "ZZ", 3, "2026-11-01", "2026-11-02 08:00", &id), 1);
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "X1", 3, "2026-11-03", "2026-11-02 08:00", &id), 1);   /* tomorrow */
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "X1", 3, "2026-11-02", "2026-11-02 00:01", &id), 0);   /* today */
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "X1", 0, "2026-11-01", "2026-11-02 08:00", &id), 1);
    assert_int_equal(add_kind(e, ENROLL_ENTRY, "X1", ENROLL_MAX_ENTRY + 1, "2026-11-01", "2026-11-02 08:00", &id), 1);
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X1", -1, "2026-11-01", "2026-11-02 08:00", &id), 1);
    assert_int_equal(add_kind(e, ENROLL_OFFICIAL, "X1", -5, "2026-11-01", "2026-11-02 08:00", &id), 1);
    struct enroll_new n = {.hamlet = "X1", .count = 1, .day = D("2026-11-01"), .kind = ENROLL_ENTRY, .source = "fax"};
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_add(e->st, e->cfg, &n, test_time("2026-11-02 08:00"), &id, err), 1);
    assert_int_equal(total(e, "X1", "2026-12-31"), 3);
}

/* enroll_check: the field at fault (a form shows the error beside it), nothing recorded, as enroll_add would refuse. */
static void test_check_names_the_field_at_fault(void **state)
{
    struct env *e = *state;
    time_t now = test_time("2026-11-02 08:00");
    char err[LOA_ERRLEN];
    struct enroll_new n = {.hamlet = "ZZ", .count = 3, .day = D("2026-11-01"), .kind = ENROLL_ENTRY, .source = "cli"};
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_HAMLET);
    assert_non_null(strstr(err, "'ZZ'"));
    n.hamlet = "X3";   /* an old (merged) code is a hamlet */
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_OK);
    n.count = 0;
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_COUNT);
    n.count = -ENROLL_MAX_ENTRY - 1;
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_COUNT);
    n.count = -2;      /* a correction */
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_OK);
    n.kind = ENROLL_OPENING;
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_COUNT);
    n.count = 5;
    n.day = D("2026-11-03");
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_DATE);
    n.day = D("1999-12-31");
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_DATE);
    n.day = D("2026-11-02");
    n.note = "\xff";
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_NOTE);
    n.note = NULL;
    n.source = "fax";
    assert_int_equal(enroll_check(e->cfg, &n, now, err), ENROLL_BAD_OTHER);
    assert_int_equal(total(e, "X1", "2026-12-31"), 0);
}

static void test_latest_opening_replaces_a_wrong_one(void **state)
{
    struct env *e = *state;
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X1", 500, "2026-01-01", "2026-11-02 08:00", NULL), 0);
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X1", 50, "2026-01-01", "2026-11-02 08:05", NULL), 0);
    add(e, "X1", 2, "2026-02-01");
    assert_int_equal(total(e, "X1", "2026-12-31"), 52);
}

static void test_official_total_is_kept_beside_loas_count(void **state)
{
    struct env *e = *state;
    add(e, "X1", 20, "2026-11-05");
    assert_int_equal(add_kind(e, ENROLL_OFFICIAL, "X1", 25, "2026-11-15", "2026-11-16 08:00", NULL), 0);
    add(e, "X1", 4, "2026-11-20");
    assert_int_equal(total(e, "X1", "2026-11-30"), 24);   /* the official total is never added */
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-30"), &s, err), 0);
    assert_int_equal(s.hamlets[0].official, 25);
    assert_int_equal(s.hamlets[0].official_day, D("2026-11-15"));
    assert_int_equal(s.hamlets[0].loa_at_official, 20);   /* loa's count on the official's day */
    assert_int_equal(s.hamlets[1].official, -1);
    /* the commune's official total only when every hamlet has one: X2 has none */
    assert_int_equal(s.total.official, -1);
    enroll_summary_free(&s);
    assert_int_equal(add_kind(e, ENROLL_OFFICIAL, "X2", 7, "2026-11-18", "2026-11-18 08:00", NULL), 0);
    assert_int_equal(add_kind(e, ENROLL_OFFICIAL, "X4", 3, "2026-11-17", "2026-11-18 08:00", NULL), 0);
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-30"), &s, err), 0);
    assert_int_equal(s.total.official, 35);
    assert_int_equal(s.total.official_day, D("2026-11-18"));
    enroll_summary_free(&s);
    /* before the official total was dated it is not shown */
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-14"), &s, err), 0);
    assert_int_equal(s.hamlets[0].official, -1);
    assert_int_equal(s.total.official, -1);
    enroll_summary_free(&s);
}

static void test_summary_targets_and_pace_from_the_as_of_day(void **state)
{
    struct env *e = *state;
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X1", 1000, "2025-06-30", "2025-07-01 08:00", NULL), 0);
    assert_int_equal(add_kind(e, ENROLL_OPENING, "X2", 300, "2025-06-30", "2025-07-01 08:00", NULL), 0);
    add(e, "X4", 10, "2025-11-10");
    struct enroll_summary s;
    char err[LOA_ERRLEN];
    /* 15 November 2025: 1,500 by 31 December 2025; November still has days, so 2 months remain */
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2025-11-01"), D("2025-11-15"), &s, err), 0);
    assert_int_equal(s.target, 1500);
    assert_int_equal(s.months_left, 2);
    assert_int_equal(s.total.cumulative, 1310);
    assert_int_equal(s.total.needed_per_month, 95);             /* 190 over 2 months */
    assert_int_equal(s.hamlets[0].target, 1125);                /* X1: 3 of 4 residents */
    assert_int_equal(s.hamlets[0].target_own, 0);
    assert_int_equal(s.hamlets[1].target, 375);                 /* X2: 1 of 4 */
    assert_int_equal(s.hamlets[2].target, 100);                 /* X4: its own */
    assert_int_equal(s.hamlets[2].target_own, 1);
    assert_int_equal(s.hamlets[2].needed_per_month, 45);        /* 90 over 2 */
    assert_int_equal(s.hamlets[0].needed_per_month, 63);        /* 125 over 2, rounded up */
    assert_int_equal(s.days_left, 46);                          /* 16 November to 31 December */
    assert_int_equal(s.total.needed_per_day, 5);                /* 190 over 46 days, rounded up */
    assert_int_equal(s.hamlets[2].needed_per_day, 2);           /* 90 over 46 */
    assert_true(s.hamlets[1].percent > 79.9 && s.hamlets[1].percent < 80.1);
    assert_non_null(strstr(s.note, "1.500"));
    assert_null(strstr(s.note, "hết hạn"));
    enroll_summary_free(&s);
    /* 30 November 2026 (a month's last day): the 2025 target has passed; 49 months to 31 December 2030 */
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2026-11-01"), D("2026-11-30"), &s, err), 0);
    assert_int_equal(s.target, 2500);
    assert_int_equal(s.months_left, 49);
    assert_int_equal(s.total.needed_per_month, (2500 - 1310 + 48) / 49);
    assert_int_equal(s.hamlets[0].target, 1875);
    assert_non_null(strstr(s.note, "hết hạn"));
    enroll_summary_free(&s);
    /* after the last target: all of what is missing, now */
    assert_int_equal(enroll_summary_make(e->st, e->cfg, D("2031-01-01"), D("2031-01-31"), &s, err), 0);
    assert_int_equal(s.target, 2500);
    assert_int_equal(s.months_left, 0);
    assert_int_equal(s.total.needed_per_month, 2500 - 1310);
    assert_int_equal(s.days_left, 0);
    assert_int_equal(s.total.needed_per_day, 2500 - 1310);
    enroll_summary_free(&s);
}

static void test_months_left_and_dates(void **state)
{
    (void)state;
    assert_int_equal(enroll_months_left(D("2026-11-30"), D("2030-12-31")), 49);
    assert_int_equal(enroll_months_left(D("2026-11-15"), D("2030-12-31")), 50);
    assert_int_equal(enroll_months_left(D("2025-12-30"), D("2025-12-31")), 1);
    assert_int_equal(enroll_months_left(D("2025-12-31"), D("2025-12-31")), 0);
    assert_int_equal(enroll_months_left(D("2026-01-01"), D("2025-12-31")), 0);
    long d;
    assert_int_equal(util_parse_day("05/11/2026", &d), 0);
    assert_int_equal(d, D("2026-11-05"));
    assert_int_equal(util_parse_day("5/1/2026", &d), 0);
    assert_int_equal(d, D("2026-01-05"));
    assert_int_equal(util_parse_day("31/02/2026", &d), -1);
    assert_int_equal(util_parse_day("2026/11/05", &d), -1);
    assert_int_equal(util_parse_day("11/05/26", &d), -1);
    assert_int_equal(util_parse_day("05/11/2026x", &d), -1);
    char b[32];
    assert_string_equal(enroll_fmt_count(2500, b, sizeof b), "2.500");
    assert_string_equal(enroll_fmt_count(-1234567, b, sizeof b), "-1.234.567");
    assert_string_equal(enroll_fmt_count(999, b, sizeof b), "999");
}

static int import_text_skip(struct env *e, const char *text, int skip, long *rows, long *repeated)
{
    char *path = test_write_file(e->dir, "in.csv", text);
    memset(e->errs, 0, sizeof e->errs);
    FILE *fp = fmemopen(e->errs, sizeof e->errs - 1, "w");
    char err[LOA_ERRLEN] = "";
    util_clock_start(test_time("2026-11-20 08:00"));
    int rc = enroll_import(e->st, e->cfg, path, skip, fp, rows, repeated, err);
    util_clock_start(0);
    fclose(fp);
    if (rc && err[0]) snprintf(e->errs + strlen(e->errs), sizeof e->errs - strlen(e->errs), "%s\n", err);
    free(path);
    return rc;
}

static int import_text(struct env *e, const char *text, long *rows)
{
    long repeated;
    return import_text_skip(e, text, 0, rows, &repeated);
}

static void test_import_is_all_or_nothing_with_row_numbers(void **state)
{
    struct env *e = *state;
    long rows = -1;
    int rc = import_text(e, "\xEF\xBB\xBFNgày,Xóm,Số lượng,Ghi chú\r\n"
                            "2026-11-02,X1,4,\r\n"
                            "2026-11-31,X1,2,\r\n"
                            "03/11/2026,Xóm Hai,3,tuần 45\r\n"
                            "2026-11-04,ZZ,1,\r\n"
                            "2026-11-05,X2,nhiều,\r\n"
                            "2026-11-30,X2,1,\r\n", &rows);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(e->errs, "in.csv:3: date '2026-11-31'"));
    assert_non_null(strstr(e->errs, "in.csv:5: hamlet 'ZZ'"));
    assert_non_null(strstr(e->errs, "in.csv:6: count 'nhiều'"));
    assert_non_null(strstr(e->errs, "in.csv:7: date"));            /* after the import's own today */
    assert_null(strstr(e->errs, "in.csv:2:"));
    assert_null(strstr(e->errs, "in.csv:4:"));
    assert_int_equal(total(e, "X1", "2026-12-31"), 0);
    assert_int_equal(total(e, "X2", "2026-12-31"), 0);

    const char *good = "Ngày;Xóm;Số lượng;Ghi chú\n2026-11-02;X1;4;\n03/11/2026;Xóm Hai;3;tuần 45\n2026-11-04;X3;2;\n"
                       "2026-11-05;X4;0;\n\n2026-11-06;X1;-1;trùng\n";
    assert_int_equal(import_text(e, good, &rows), 0);
    assert_int_equal(rows, 4);                                      /* the row of 0 records nothing */
    assert_int_equal(total(e, "X1", "2026-12-31"), 3);
    assert_int_equal(total(e, "X2", "2026-12-31"), 5);               /* X3 counts under X2 */
    /* the same list again would count twice: refused */
    assert_int_equal(import_text(e, good, &rows), 1);
    assert_non_null(strstr(e->errs, "already imported"));
    assert_int_equal(total(e, "X1", "2026-12-31"), 3);
    /* not UTF-8 (Windows-1258 "Xóm"): refused as a whole */
    assert_int_equal(import_text(e, "2026-11-02,X\xf3m Hai,1\n", &rows), 1);
    assert_non_null(strstr(e->errs, "not UTF-8"));
}

static void test_same_rows_in_another_file_are_refused_or_skipped(void **state)
{
    struct env *e = *state;
    long rows = -1, repeated = -1;
    assert_int_equal(import_text(e, "Ngày,Xóm,Số lượng\n2026-11-02,X1,4\n2026-11-03,X2,3\n", &rows), 0);
    assert_int_equal(rows, 2);
    /* the same rows saved again by Excel: BOM, CRLF, ';', dd/mm/yyyy, a hamlet by name: named, refused */
    const char *again = "\xEF\xBB\xBFNgày;Xóm;Số lượng\r\n02/11/2026;X1;4\r\n03/11/2026;Xóm Hai;3\r\n";
    assert_int_equal(import_text_skip(e, again, 0, &rows, &repeated), 1);
    assert_non_null(strstr(e->errs, "in.csv:2: 02/11/2026 X1 4 was already imported (entry 1)"));
    assert_non_null(strstr(e->errs, "in.csv:3: 03/11/2026 X2 3 was already imported (entry 2)"));
    assert_non_null(strstr(e->errs, "2 rows of"));
    assert_int_equal(total(e, "X1", "2026-12-31"), 4);
    assert_int_equal(total(e, "X2", "2026-12-31"), 3);
    /* a cumulative list: the old rows and a new one; refused whole, or with skip only the new row counts */
    const char *cumulative = "Ngày,Xóm,Số lượng\n2026-11-02,X1,4\n2026-11-03,X2,3\n2026-11-10,X1,6\n";
    assert_int_equal(import_text_skip(e, cumulative, 0, &rows, &repeated), 1);
    assert_int_equal(total(e, "X1", "2026-12-31"), 4);
    assert_int_equal(import_text_skip(e, cumulative, 1, &rows, &repeated), 0);
    assert_int_equal(rows, 1);
    assert_int_equal(repeated, 2);
    assert_int_equal(total(e, "X1", "2026-12-31"), 10);
    assert_int_equal(total(e, "X2", "2026-12-31"), 3);
    /* an undone row is no longer there: importing it again counts it */
    int64_t undo;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_undo(e->st, 2, test_time("2026-11-20 09:00"), &undo, err), 0);
    assert_int_equal(import_text(e, "2026-11-03;X2;3\n", &rows), 0);
    assert_int_equal(total(e, "X2", "2026-12-31"), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_entry_counts_on_its_own_day_across_month_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_end_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_correction_entered_later_counts_on_its_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merged_hamlet_counts_under_new_and_keeps_its_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_reverses_an_entry_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_is_the_same_report_on_any_later_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_refuses_bad_input_and_records_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_names_the_field_at_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_opening_replaces_a_wrong_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_official_total_is_kept_beside_loas_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_targets_and_pace_from_the_as_of_day, setup, teardown),
        cmocka_unit_test(test_months_left_and_dates),
        cmocka_unit_test_setup_teardown(test_import_is_all_or_nothing_with_row_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_rows_in_another_file_are_refused_or_skipped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
