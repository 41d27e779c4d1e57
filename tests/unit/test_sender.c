/* test_sender — the sending rules case by case, and the worker driven through every outcome by a small
 * in-process transport of the test's own (no modem, no Gammu). */
#include "testutil.h"

#include "outbox.h"
#include "sender.h"
#include "transport.h"

/* ---- the rules ---- */

static const struct cfg_modem rules_modem = {.name = "m1", .daily_limit = 300};

static struct cfg_sms rules_sms(void)
{
    return (struct cfg_sms){.quiet_from = 22 * 60, .quiet_to = 7 * 60, .per_person_per_day = 3};
}

/* 2025-12-01 at HH:MM, local time */
static time_t at(int hh, int mm)
{
    return util_mklocal(2025, 12, 1, hh, mm, 0);
}

static void test_policy_claims_when_nothing_holds_back(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_counts c = {.mono_ms = 1000};
    struct sender_decision d;
    sender_policy(NULL, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    assert_int_equal(d.quiet, 0);
}

static void test_policy_pause_and_bad_clock_wait(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_decision d;
    struct sender_counts paused = {.paused = 1}, clock = {.clock_bad = 1};
    sender_policy(NULL, at(10, 0), &sc, &rules_modem, &paused, &d);
    assert_int_equal(d.verdict, SENDER_WAIT);
    assert_int_equal(d.reason, SENDER_PAUSED);
    assert_true(d.wait_ms > 0);
    sender_policy(NULL, at(10, 0), &sc, &rules_modem, &clock, &d);
    assert_int_equal(d.verdict, SENDER_WAIT);
    assert_int_equal(d.reason, SENDER_CLOCK);
}

static void test_policy_rate_waits_until_the_next_send(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_decision d;
    struct sender_counts c = {.mono_ms = 5000, .next_send_ms = 15000};
    sender_policy(NULL, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_WAIT);
    assert_int_equal(d.reason, SENDER_RATE);
    assert_int_equal(d.wait_ms, 10000);
    c.mono_ms = 15000;
    sender_policy(NULL, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
}

static void test_policy_daily_limit_waits_for_midnight(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_decision d;
    struct sender_counts c = {.parts_today = 300};
    sender_policy(NULL, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_WAIT);
    assert_int_equal(d.reason, SENDER_DAILY);
    assert_int_equal(d.until, util_mklocal(2025, 12, 2, 0, 0, 0));
    assert_int_equal(d.wait_ms, 3600 * 1000);
    c.parts_today = 299;
    sender_policy(NULL, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    const struct cfg_modem unlimited = {.name = "m2", .daily_limit = 0};
    c.parts_today = 100000;
    sender_policy(NULL, at(23, 0), &sc, &unlimited, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
}

static void test_policy_quiet_hours_let_only_urgent_go(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_decision d;
    struct sender_counts c = {0};
    sender_policy(NULL, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    assert_int_equal(d.quiet, 1);
    struct outbox_row campaign = {.kind = OK_CAMPAIGN}, adhoc = {.kind = OK_ADHOC}, urgent = {.kind = OK_CAMPAIGN, .urgent = 1},
                      autoreply = {.kind = OK_AUTO}, to_reporter = {.kind = OK_AUTO, .urgent = 1};
    sender_policy(&campaign, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_DEFER);
    assert_int_equal(d.reason, SENDER_QUIET);
    assert_int_equal(d.until, util_mklocal(2025, 12, 2, 7, 0, 0));
    sender_policy(&adhoc, at(6, 59), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_DEFER);
    assert_int_equal(d.until, at(7, 0));
    sender_policy(&urgent, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    /* automatic replies wait out quiet hours too; answers to reporters' reports are urgent and go */
    sender_policy(&autoreply, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_DEFER);
    assert_int_equal(d.reason, SENDER_QUIET);
    sender_policy(&to_reporter, at(23, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    sender_policy(&campaign, at(7, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
}

static void test_policy_automatic_replies_beyond_their_budget_are_cancelled(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct cfg_modem mc = rules_modem;
    mc.auto_reply_parts = 10;
    struct sender_decision d;
    struct outbox_row autoreply = {.kind = OK_AUTO, .parts = 3}, to_reporter = {.kind = OK_AUTO, .urgent = 1, .parts = 3},
                      campaign = {.kind = OK_CAMPAIGN, .parts = 3};
    struct sender_counts c = {.auto_parts_today = 10};   /* the claimed row included: within the budget */
    sender_policy(&autoreply, at(12, 0), &sc, &mc, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    c.auto_parts_today = 11;
    sender_policy(&autoreply, at(12, 0), &sc, &mc, &c, &d);
    assert_int_equal(d.verdict, SENDER_CANCEL);
    assert_int_equal(d.reason, SENDER_BUDGET);
    sender_policy(&to_reporter, at(12, 0), &sc, &mc, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    sender_policy(&campaign, at(12, 0), &sc, &mc, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
}

static void test_policy_optout_cancels_campaign_messages_only(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_decision d;
    struct sender_counts c = {.opted_out = 1};
    struct outbox_row campaign = {.kind = OK_CAMPAIGN}, urgent = {.kind = OK_CAMPAIGN, .urgent = 1}, adhoc = {.kind = OK_ADHOC};
    sender_policy(&campaign, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_CANCEL);
    assert_int_equal(d.reason, SENDER_OPTOUT);
    sender_policy(&urgent, at(10, 0), &sc, &rules_modem, &c, &d);   /* opt-outs are absolute */
    assert_int_equal(d.verdict, SENDER_CANCEL);
    sender_policy(&adhoc, at(10, 0), &sc, &rules_modem, &c, &d);    /* the officer's own message goes */
    assert_int_equal(d.verdict, SENDER_GO);
}

static void test_policy_per_person_cap_defers_to_tomorrow(void **state)
{
    (void)state;
    struct cfg_sms sc = rules_sms();
    struct sender_decision d;
    struct outbox_row campaign = {.kind = OK_CAMPAIGN}, urgent = {.kind = OK_CAMPAIGN, .urgent = 1};
    struct sender_counts c = {.sent_today = 3};   /* the claimed row is the third today */
    sender_policy(&campaign, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    c.sent_today = 4;
    sender_policy(&campaign, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_DEFER);
    assert_int_equal(d.reason, SENDER_CAP);
    assert_int_equal(d.until, util_mklocal(2025, 12, 2, 0, 0, 0));
    sender_policy(&urgent, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
    sc.per_person_per_day = 0;
    sender_policy(&campaign, at(10, 0), &sc, &rules_modem, &c, &d);
    assert_int_equal(d.verdict, SENDER_GO);
}

/* ---- a transport of the test's own: each submit takes the next scripted answer ---- */

struct answer {
    int parts;                  /* parts accepted before the outcome (-1: all of them) */
    int rc;                     /* the outcome */
};

static struct {
    struct answer script[16];
    int nscript, next;
    int async;                  /* outcomes only at collect() */
    int opens, closes;
    int first_part[16];         /* of each submit */
    int inflight, max_inflight;
    struct transport_outcome pending[8];
    int npending;
} T;

struct transport {
    int open;
};

static transport *tt_open(const struct cfg_modem *mc, char *err)
{
    (void)mc; (void)err;
    T.opens++;
    transport *t = xcalloc(1, sizeof *t);
    t->open = 1;
    return t;
}

static void tt_close(transport *t)
{
    if (!t) return;
    T.closes++;
    free(t);
}

static int tt_submit(transport *t, const struct transport_msg *m, transport_part_cb on_part, void *ud, char *err)
{
    assert_true(t->open);
    assert_true(T.next < T.nscript);
    T.first_part[T.next] = m->first_part;
    struct answer a = T.script[T.next++];
    int n = a.parts < 0 ? m->parts : m->first_part + a.parts;
    for (int i = m->first_part; i < n && i < m->parts; i++) {
        char ref[16];
        snprintf(ref, sizeof ref, "r%d", i);
        on_part(ud, m->id, i, ref);
    }
    (void)err;
    T.pending[T.npending++] = (struct transport_outcome){.id = m->id, .rc = a.rc, .err = "scripted"};
    if (++T.inflight > T.max_inflight) T.max_inflight = T.inflight;
    return TRANSPORT_PENDING;
}

static int tt_collect(transport *t, int timeout_ms, transport_outcome_cb cb, void *ud)
{
    (void)t;
    /* asynchronous: an outcome only once the window is full or the worker waits for one */
    if (T.async && timeout_ms == 0 && T.inflight < 2) return 0;
    int n = T.npending;
    struct transport_outcome o[8];
    memcpy(o, T.pending, sizeof o);
    T.npending = 0;
    T.inflight = 0;
    for (int i = 0; i < n; i++) cb(ud, &o[i]);
    return n;
}

static struct transport_type test_transport = {
    .name = "test", .window = 1, .splits = 1, .open = tt_open, .close = tt_close, .submit = tt_submit,
    .collect = tt_collect,
};

static void script(int async, int window, int n, const struct answer *a)
{
    memset(&T, 0, sizeof T);
    if (n) memcpy(T.script, a, (size_t)n * sizeof *a);
    T.nscript = n;
    T.async = async;
    test_transport.window = window;
}

struct env {
    char *dir;
    struct config *cfg;
    store *st;
    time_t now;
};

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
        "hamlets = ( { code = \"DK\"; name = \"Xóm Đồng Kiệm\"; } );\n"
        "sms: { modems = ( { name = \"t1\"; type = \"gammu\"; device = \"none\"; rate_per_minute = 0; daily_limit = 0; } );\n"
        "       retry_base = 60; max_attempts = 3; };\n"));
    e->cfg = test_config_load(e->dir);
    e->st = test_store_open(e->cfg);
    e->now = util_mklocal(2025, 12, 1, 10, 0, 0);
    util_clock_start(e->now);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    test_commune_close(e->dir, e->cfg, e->st);
    free(e);
    util_clock_start(0);
    return 0;
}

static int64_t queue(struct env *e, const char *phone, const char *text)
{
    char err[LOA_ERRLEN];
    int64_t id;
    struct outbox_msg m = {.phone = phone, .text = text, .kind = OK_ADHOC, .max_parts = 5, .diacritics = 1};
    assert_int_equal(outbox_queue(e->st, e->cfg, &m, e->now, &id, err), 0);
    return id;
}

static int run_sender(struct env *e)
{
    struct sender_opts o = {.once = 1, .trust_clock = 1, .transport = &test_transport};
    return sender_main(e->cfg, &e->cfg->sms.modems[0], &o);
}

static struct outbox_row row(struct env *e, int64_t id)
{
    struct outbox_row r = {0};
    assert_int_equal(store_outbox_get(e->st, id, &r), 0);
    return r;
}

static void test_sender_ok_marks_sent_with_the_transports_reference(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào"), b = queue(e, "0912000002", "Xin chào");
    script(0, 1, 2, (struct answer[]){{-1, TRANSPORT_OK}, {-1, TRANSPORT_OK}});
    assert_int_equal(run_sender(e), 0);
    struct outbox_row ra = row(e, a), rb = row(e, b);
    assert_int_equal(ra.state, OB_SENT);
    assert_int_equal(rb.state, OB_SENT);
    assert_string_equal(ra.refs, "r0");
    assert_string_equal(ra.modem, "t1");
    assert_int_equal(ra.attempts, 1);
    store_outbox_clear(&ra);
    store_outbox_clear(&rb);
    assert_int_equal(T.opens, 1);
    assert_int_equal(T.closes, 1);
}

static void test_sender_retry_queues_again_with_backoff(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào");
    script(0, 1, 1, (struct answer[]){{0, TRANSPORT_RETRY}});
    assert_int_equal(run_sender(e), 0);
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_QUEUED);
    assert_int_equal(r.attempts, 1);
    assert_true(r.next_attempt >= e->now + 60 && r.next_attempt <= e->now + 61);
    assert_string_equal(r.last_error, "scripted");
    store_outbox_clear(&r);
}

static void test_sender_retry_fails_after_max_attempts(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào");
    for (int i = 0; i < 3; i++) {
        script(0, 1, 1, (struct answer[]){{0, TRANSPORT_RETRY}});
        util_clock_start(e->now + 1000 * (i + 1));
        assert_int_equal(run_sender(e), 0);
    }
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_FAILED);
    assert_int_equal(r.attempts, 3);
    store_outbox_clear(&r);
}

static void test_sender_permanent_fails_at_once(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào");
    script(0, 1, 1, (struct answer[]){{0, TRANSPORT_PERMANENT}});
    assert_int_equal(run_sender(e), 0);
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_FAILED);
    assert_int_equal(r.attempts, 1);
    store_outbox_clear(&r);
}

static void test_sender_unknown_is_never_resent_and_reconnects(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào"), b = queue(e, "0912000002", "Xin chào");
    script(0, 1, 2, (struct answer[]){{-1, TRANSPORT_UNKNOWN}, {-1, TRANSPORT_OK}});
    assert_int_equal(run_sender(e), 0);
    struct outbox_row ra = row(e, a), rb = row(e, b);
    assert_int_equal(ra.state, OB_UNKNOWN);
    assert_int_equal(rb.state, OB_SENT);
    store_outbox_clear(&ra);
    store_outbox_clear(&rb);
    assert_int_equal(T.opens, 2);   /* the connection that fell silent is not used again */
}

static void test_sender_down_closes_the_transport_and_keeps_the_row(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào");
    script(0, 1, 1, (struct answer[]){{0, TRANSPORT_DOWN}});
    assert_int_equal(run_sender(e), LOA_EXIT_SYSTEM);   /* --once: the reopen is not waited for */
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_QUEUED);
    assert_int_equal(r.attempts, 1);
    store_outbox_clear(&r);
    assert_int_equal(T.closes, 1);
}

static void test_sender_stopped_between_parts_resends_only_the_rest(void **state)
{
    struct env *e = *state;
    const char *lng = "Thông báo: Công an xã Minh Tiến đề nghị bà con mang căn cước công dân đến nhà văn hóa thôn "
                      "để được hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức độ 2, từ 7 giờ đến 11 giờ "
                      "sáng thứ bảy và chủ nhật tuần này. Trân trọng cảm ơn.";
    int64_t a = queue(e, "0912000001", lng);
    struct outbox_row before = row(e, a);
    assert_int_equal(before.parts, 4);   /* UCS-2: 67 characters a part */
    store_outbox_clear(&before);
    script(0, 1, 2, (struct answer[]){{1, TRANSPORT_STOPPED}, {-1, TRANSPORT_OK}});
    assert_int_equal(run_sender(e), 0);
    assert_int_equal(T.first_part[0], 0);
    assert_int_equal(T.first_part[1], 1);   /* the part accepted before the stop is not sent again */
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_SENT);
    assert_int_equal(r.parts_sent, r.parts);
    assert_int_equal(r.attempts, 1);         /* the stop was not an attempt */
    assert_string_equal(r.refs, "r0,r1,r2,r3");
    store_outbox_clear(&r);
}

static void test_sender_asynchronous_transport_keeps_its_window_full(void **state)
{
    struct env *e = *state;
    int64_t id[4];
    for (int i = 0; i < 4; i++) {
        char phone[16];
        snprintf(phone, sizeof phone, "091200000%d", i + 1);
        id[i] = queue(e, phone, "Xin chào");
    }
    script(1, 2, 4, (struct answer[]){{-1, TRANSPORT_OK}, {-1, TRANSPORT_OK}, {-1, TRANSPORT_PERMANENT}, {-1, TRANSPORT_OK}});
    assert_int_equal(run_sender(e), 0);
    assert_int_equal(T.max_inflight, 2);
    int want[4] = {OB_SENT, OB_SENT, OB_FAILED, OB_SENT};
    for (int i = 0; i < 4; i++) {
        struct outbox_row r = row(e, id[i]);
        assert_int_equal(r.state, want[i]);
        store_outbox_clear(&r);
    }
}

static void test_sender_optout_cancels_a_claimed_campaign_message(void **state)
{
    struct env *e = *state;
    struct contact k = {.phone = "+84912000001", .name = "Nguyễn Văn A"};
    assert_int_equal(store_contact_upsert(e->st, &k, e->now), 0);
    assert_int_equal(store_contact_set_optout(e->st, "+84912000001", e->now), 0);
    char err[LOA_ERRLEN];
    int64_t a;
    struct outbox_msg m = {.phone = "0912000001", .text = "Xin chào", .kind = OK_CAMPAIGN};
    assert_int_equal(outbox_queue(e->st, e->cfg, &m, e->now, &a, err), 0);
    script(0, 1, 0, NULL);
    assert_int_equal(run_sender(e), 0);
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_CANCELLED);
    store_outbox_clear(&r);
    assert_int_equal(T.next, 0);   /* nothing reached the transport */
}

/* Not in builds that abort on a broken invariant (SANITIZE=1): the production path is not in them. */
#ifndef LOA_ASSERT_ABORT
static void test_outcome_for_a_row_never_claimed_is_refused(void **state)
{
    struct env *e = *state;
    int64_t a = queue(e, "0912000001", "Xin chào");
    setenv("LOA_ASSERT_ABORT", "0", 1);   /* production: the broken invariant is logged and refused */
    assert_int_equal(store_outbox_sent(e->st, a), -1);
    assert_int_equal(store_outbox_fail(e->st, a, e->now, "x"), -1);
    assert_int_equal(store_outbox_retry_later(e->st, a, e->now, 3, "x"), -1);
    setenv("LOA_ASSERT_ABORT", "1", 1);
    struct outbox_row r = row(e, a);
    assert_int_equal(r.state, OB_QUEUED);   /* and nothing changed */
    assert_int_equal(r.attempts, 0);
    store_outbox_clear(&r);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_claims_when_nothing_holds_back),
        cmocka_unit_test(test_policy_pause_and_bad_clock_wait),
        cmocka_unit_test(test_policy_rate_waits_until_the_next_send),
        cmocka_unit_test(test_policy_daily_limit_waits_for_midnight),
        cmocka_unit_test(test_policy_quiet_hours_let_only_urgent_go),
        cmocka_unit_test(test_policy_automatic_replies_beyond_their_budget_are_cancelled),
        cmocka_unit_test(test_policy_optout_cancels_campaign_messages_only),
        cmocka_unit_test(test_policy_per_person_cap_defers_to_tomorrow),
        cmocka_unit_test_setup_teardown(test_sender_ok_marks_sent_with_the_transports_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_retry_queues_again_with_backoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_retry_fails_after_max_attempts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_permanent_fails_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_unknown_is_never_resent_and_reconnects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_down_closes_the_transport_and_keeps_the_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_stopped_between_parts_resends_only_the_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_asynchronous_transport_keeps_its_window_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sender_optout_cancels_a_claimed_campaign_message, setup, teardown),
#ifndef LOA_ASSERT_ABORT
        cmocka_unit_test_setup_teardown(test_outcome_for_a_row_never_claimed_is_refused, setup, teardown),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
