/* test_replies — the reply engine: keyword variants, opt-out everywhere, polls, help, the inbox, reply caps, loops. */
#include "testutil.h"

#include "enroll.h"
#include "replies.h"
#include "scheduler.h"

struct env {
    char *dir;
    struct config *cfg;
    store *st;
    time_t now;
    int smsc;
};

static time_t T(const char *s)
{
    time_t t;
    assert_int_equal(util_parse_datetime(s, &t), 0);
    return t;
}

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
        "hamlets = ( { code = \"DK\"; name = \"Xóm Đồng Kiệm\"; }, { code = \"HT\"; name = \"Xóm Hòa Tiến\"; },\n"
        "            { code = \"HT2\"; name = \"Xóm Hòa Tiến 2\"; merged_into = \"HT\"; } );\n"
        "keywords: { help_text = \"Soạn HUY để ngừng nhận tin.\"; };\n"
        "sms: { reporters = ( { phone = \"0900000901\"; hamlet = \"DK\"; },\n"
        "                     { phone = \"0900000902\"; hamlet = \"HT\"; pin = \"4321\"; },\n"
        "                     { phone = \"0900000909\"; } ); };\n"));
    free(test_write_file(e->dir, "campaigns/poll.cfg",
        "id = \"poll\";\ntitle = \"Khảo sát\";\n"
        "sms: { text = \"Xã Minh Tiến: đã kích hoạt VNeID chưa? Trả lời CO hoặc CHUA. Soạn HUY để ngừng.\"; "
        "schedule: { at = [ \"2026-12-01 08:00\" ]; }; };\n"
        "replies = ( { keyword = \"CO\"; aliases = [ \"có rồi\", \"đã có\" ]; vneid = \"activated\"; reply = \"Cảm ơn.\"; },\n"
        "            { keyword = \"CHUA\"; aliases = [ \"chưa có\" ]; vneid = \"not_activated\"; } );\n"));
    free(test_write_file(e->dir, "campaigns/other.cfg",
        "id = \"other\";\ntitle = \"Khác\";\n"
        "sms: { text = \"Xã Minh Tiến: thông báo. Soạn HUY để ngừng.\"; schedule: { times = [ \"09:00\" ]; }; };\n"));
    e->cfg = test_config_load(e->dir);
    e->st = test_store_open(e->cfg);
    struct contact a = {.phone = "+84912000001", .name = "Nguyễn Văn An", .hamlet = "DK"};
    struct contact b = {.phone = "+84912000002", .name = "Lê Thị Bình", .hamlet = "DK"};
    assert_int_equal(store_contact_upsert(e->st, &a, 1), 0);
    assert_int_equal(store_contact_upsert(e->st, &b, 1), 0);
    e->now = T("2026-12-01 10:00");
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

/* A message arrives from SENDER; the engine acts; returns its inbox row (caller clears). */
static struct inbox_row receive(struct env *e, const char *sender, const char *text)
{
    struct inbox_part_new p = {"m1", sender, e->now + e->smsc++, 0, 0, 0, text, 1, NULL, e->now, 0, 0};
    assert_int_equal(store_inbox_part_add(e->st, &p), 0);
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now, 600), 1);
    int64_t ids[4];
    assert_int_equal(store_inbox_pending(e->st, ids, 4), 1);
    assert_int_equal(replies_handle_pending(e->st, e->cfg, e->now), 1);
    struct inbox_row r = {0};
    assert_int_equal(store_inbox_get(e->st, ids[0], &r), 0);
    return r;
}

static const char *action_of(struct env *e, const char *sender, const char *text)
{
    static char buf[64];
    struct inbox_row r = receive(e, sender, text);
    snprintf(buf, sizeof buf, "%s%s%s", r.action ? r.action : "(none)", r.keyword ? ":" : "", r.keyword ? r.keyword : "");
    store_inbox_clear(&r);
    return buf;
}

static long count(struct env *e, int state)
{
    long c[OB__N];
    assert_int_equal(store_outbox_counts(e->st, c), 0);
    return c[state];
}

static void test_keyword_variants(void **state)
{
    struct env *e = *state;
    /* every way residents write HỦY is an opt-out; a question about it is not */
    const char *optouts[] = {"HỦY", "HUỶ", "huy", " Huy.", "Hu\xCC\x89y", "HU\xCC\x89Y ạ", "hủy đăng ký", "Từ chối nhận tin!",
                             "STOP", "Dạ hủy ạ"};
    for (size_t i = 0; i < sizeof optouts / sizeof optouts[0]; i++) {
        char *k = replies_key(optouts[i]);
        assert_true(!strcmp(k, "huy") || !strcmp(k, "huy dang ky") || !strcmp(k, "tu choi nhan tin") || !strcmp(k, "stop"));
        free(k);
        assert_string_equal(action_of(e, "+84987000001", optouts[i]), "optout:HUY");
    }
    assert_string_equal(action_of(e, "+84987000002", "Hủy đăng ký thì sao?"), "inbox");
    assert_string_equal(action_of(e, "+84987000003", "Có rồi ạ"), "poll:CO");
    assert_string_equal(action_of(e, "+84987000003", "co roi"), "poll:CO");
    assert_string_equal(action_of(e, "+84987000003", "Dạ, có."), "poll:CO");
    assert_string_equal(action_of(e, "+84987000003", "chưa có nhé"), "poll:CHUA");
    assert_string_equal(action_of(e, "+84987000003", "CHƯA"), "poll:CHUA");
    assert_string_equal(action_of(e, "+84987000004", "đk"), "optin:DK");
    assert_string_equal(action_of(e, "+84987000004", "Đăng ký"), "optin:DK");
    assert_string_equal(action_of(e, "+84987000005", "hd"), "help:HD");
    assert_string_equal(action_of(e, "+84987000005", "Xin hỏi làm VNeID ở đâu?"), "inbox");
}

static void test_optout_stops_all_campaigns(void **state)
{
    struct env *e = *state;
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, T("2026-12-01 08:00"), &next), 1);
    assert_int_equal(count(e, OB_QUEUED), 2);
    struct inbox_row r = receive(e, "+84912000001", "Hủy");
    assert_string_equal(r.action, "optout");
    assert_non_null(strstr(r.result, "no more campaign SMS"));
    assert_non_null(strstr(r.result, "replied"));
    store_inbox_clear(&r);
    struct contact k = {0};
    assert_int_equal(store_contact_get(e->st, "+84912000001", &k), 0);
    assert_true(k.opted_out > 0);
    store_contact_clear(&k);
    /* the other campaign's next run skips the number */
    assert_int_equal(scheduler_tick(e->st, e->cfg, T("2026-12-01 09:00"), &next), 1);
    struct outbox_row o = {0};
    int found = 0;
    for (int64_t id = 1; store_outbox_get(e->st, id, &o) == 0; id++) {
        /* the run made after the opt-out has no message for the number (the one queued before is
         * cancelled by the sender when it reaches it: see test_run.sh) */
        if (o.kind == OK_CAMPAIGN && !strcmp(o.phone, "+84912000001") && !strcmp(o.campaign, "other")) found = 1;
        store_outbox_clear(&o);
    }
    assert_false(found);
    /* confirmed once: a second HUY gets no second confirmation */
    r = receive(e, "+84912000001", "HUY");
    assert_non_null(strstr(r.result, "already opted out"));
    assert_null(strstr(r.result, "replied"));
    store_inbox_clear(&r);
    /* opt back in */
    r = receive(e, "+84912000001", "DK");
    assert_string_equal(r.action, "optin");
    store_inbox_clear(&r);
    assert_int_equal(store_contact_get(e->st, "+84912000001", &k), 0);
    assert_int_equal(k.opted_out, 0);
    store_contact_clear(&k);
}

static void test_poll_records_answer_and_vneid(void **state)
{
    struct env *e = *state;
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, T("2026-12-01 08:00"), &next), 1);
    struct outbox_row o = {0};
    assert_int_equal(store_outbox_claim(e->st, "m1", T("2026-12-01 08:00"), 0, &o), 0);
    assert_int_equal(store_outbox_sent(e->st, o.id), 0);
    struct inbox_row r = receive(e, o.phone, "có rồi");
    assert_string_equal(r.action, "poll");
    assert_string_equal(r.campaign, "poll");
    store_inbox_clear(&r);
    struct contact k = {0};
    assert_int_equal(store_contact_get(e->st, o.phone, &k), 0);
    assert_int_equal(k.vneid, VNEID_ACTIVATED);
    store_contact_clear(&k);
    struct campaign_results res;
    assert_int_equal(store_campaign_results(e->st, "poll", &res), 0);
    assert_int_equal(res.nanswers, 1);
    assert_string_equal(res.answers[0], "CO");
    assert_int_equal(res.answer_counts[0], 1);
    store_campaign_results_clear(&res);
    store_outbox_clear(&o);
}

static void test_free_question_goes_to_the_officer_with_likely_campaign(void **state)
{
    struct env *e = *state;
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, T("2026-12-01 08:00"), &next), 1);
    struct outbox_row o = {0};
    assert_int_equal(store_outbox_claim(e->st, "m1", T("2026-12-01 08:00"), 0, &o), 0);
    assert_int_equal(store_outbox_sent(e->st, o.id), 0);
    struct inbox_row r = receive(e, o.phone, "Tôi không có điện thoại thông minh thì làm thế nào?");
    assert_string_equal(r.action, "inbox");
    assert_string_equal(r.campaign, "poll");
    assert_int_equal(r.handled, 0);
    store_inbox_clear(&r);
    store_outbox_clear(&o);
}

static void test_reply_loop_with_an_autoresponder_stops_at_the_cap(void **state)
{
    struct env *e = *state;
    int replies = 0;
    for (int i = 0; i < 10; i++) {
        struct inbox_row r = receive(e, "+84987654321", "hd");
        if (strstr(r.result, "replied")) replies++;
        store_inbox_clear(&r);
    }
    assert_int_equal(replies, 3);
    assert_int_equal(count(e, OB_QUEUED), 3);
}

static void test_no_reply_to_names_and_short_codes(void **state)
{
    struct env *e = *state;
    struct inbox_row r = receive(e, "VIETTEL", "HD");
    assert_string_equal(r.action, "help");
    assert_non_null(strstr(r.result, "no reply"));
    store_inbox_clear(&r);
    r = receive(e, "9029", "HUY");
    assert_non_null(strstr(r.result, "not a mobile number"));
    store_inbox_clear(&r);
    assert_int_equal(count(e, OB_QUEUED), 0);
}

static void test_bad_messages_are_stored_without_crash(void **state)
{
    struct env *e = *state;
    struct inbox_row r = receive(e, "+84987000009", "");
    assert_string_equal(r.action, "inbox");
    store_inbox_clear(&r);
    r = receive(e, "+84987000009", "bad \xff utf8");
    assert_string_equal(r.action, "inbox");
    assert_string_equal(r.text, "bad \xff utf8");   /* stored as received */
    store_inbox_clear(&r);
}

static void test_data_and_ten_part_messages_are_stored(void **state)
{
    struct env *e = *state;
    /* an 8-bit data message: no text, its bytes kept in hex */
    struct inbox_part_new d = {"m1", "+84987000020", 3000, 0, 0, 0, NULL, 2, "0B0504158200000102", e->now, 0, 0};
    assert_int_equal(store_inbox_part_add(e->st, &d), 0);
    assert_int_equal(store_inbox_part_add(e->st, &d), 1);   /* identity falls back on the raw data */
    /* a 10-part message, parts arriving out of order */
    char text[32];
    for (int k = 10; k >= 1; k--) {
        snprintf(text, sizeof text, "phần %d; ", k);
        struct inbox_part_new p = {"m1", "+84987000021", 4000, 77, k, 10, text, 1, "00", e->now, 0, 0};
        assert_int_equal(store_inbox_part_add(e->st, &p), 0);
    }
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now, 600), 2);
    assert_int_equal(replies_handle_pending(e->st, e->cfg, e->now), 2);
    struct inbox_row r = {0};
    assert_int_equal(store_inbox_get(e->st, 1, &r), 0);
    assert_string_equal(r.text, "");
    assert_string_equal(r.action, "inbox");
    assert_int_equal(r.coding, 2);
    store_inbox_clear(&r);
    assert_int_equal(store_inbox_get(e->st, 2, &r), 0);
    assert_int_equal(r.parts, 10);
    assert_int_equal(r.complete, 1);
    assert_string_equal(r.text, "phần 1; phần 2; phần 3; phần 4; phần 5; phần 6; phần 7; phần 8; phần 9; phần 10; ");
    store_inbox_clear(&r);
}

static void test_same_part_twice_is_stored_once(void **state)
{
    struct env *e = *state;
    struct inbox_part_new p = {"m1", "+84987000010", 1000, 7, 1, 2, "Phần một, ", 1, "00", e->now, 0, 0};
    assert_int_equal(store_inbox_part_add(e->st, &p), 0);
    assert_int_equal(store_inbox_part_add(e->st, &p), 1);   /* a crash between store and delete */
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now, 600), 0);   /* waiting for part 2 */
    struct inbox_part_new q = {"m1", "+84987000010", 1000, 7, 2, 2, "phần hai.", 1, "00", e->now, 0, 0};
    assert_int_equal(store_inbox_part_add(e->st, &q), 0);
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now, 600), 1);
    int64_t ids[4];
    assert_int_equal(store_inbox_pending(e->st, ids, 4), 1);
    struct inbox_row r = {0};
    assert_int_equal(store_inbox_get(e->st, ids[0], &r), 0);
    assert_string_equal(r.text, "Phần một, phần hai.");
    assert_int_equal(r.parts, 2);
    store_inbox_clear(&r);
    /* a part whose sibling never comes is stored incomplete after the timeout */
    struct inbox_part_new x = {"m1", "+84987000011", 2000, 9, 2, 3, "giữa", 1, "00", e->now, 0, 0};
    assert_int_equal(store_inbox_part_add(e->st, &x), 0);
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now + 599, 600), 0);
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now + 600, 600), 1);
    assert_int_equal(store_inbox_pending(e->st, ids, 4), 2);
    assert_int_equal(store_inbox_get(e->st, ids[1], &r), 0);
    assert_int_equal(r.complete, 0);
    assert_string_equal(r.text, "[…]giữa[…]");
    store_inbox_clear(&r);
}

/* The text and completeness of the message assembled from PARTS (part number, total, text) after the timeout. */
static struct inbox_row assembled(struct env *e, const char *sender, int n, const int *num, const int *total,
                                  const char *const *text)
{
    for (int i = 0; i < n; i++) {
        struct inbox_part_new p = {"m1", sender, 7000 + i, 42, num[i], total[i], text[i], 1, "00", e->now, 0, 0};
        assert_int_equal(store_inbox_part_add(e->st, &p), 0);
    }
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now + 599, 600), 0);   /* never complete: it waits */
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now + 600, 600), 1);
    int64_t ids[4];
    assert_int_equal(store_inbox_pending(e->st, ids, 4), 1);
    assert_int_equal(replies_handle_pending(e->st, e->cfg, e->now + 600), 1);
    struct inbox_row r = {0};
    assert_int_equal(store_inbox_get(e->st, ids[0], &r), 0);
    return r;
}

static void test_parts_one_and_three_of_two_are_not_a_complete_message(void **state)
{
    struct env *e = *state;
    const int num[] = {1, 3}, total[] = {2, 2};
    const char *const text[] = {"HUY ", "đi"};
    struct inbox_row r = assembled(e, "+84987000030", 2, num, total, text);
    assert_int_equal(r.complete, 0);
    assert_string_equal(r.text, "HUY […][+]đi");
    store_inbox_clear(&r);
}

static void test_two_different_first_parts_keep_both_texts_marked_incomplete(void **state)
{
    struct env *e = *state;
    const int num[] = {1, 1, 2}, total[] = {2, 2, 2};
    const char *const text[] = {"Tôi muốn ", "Con tôi ", "hỏi về CCCD."};
    struct inbox_row r = assembled(e, "+84987000031", 3, num, total, text);
    assert_int_equal(r.complete, 0);
    assert_string_equal(r.text, "Tôi muốn [≠]Con tôi hỏi về CCCD.");
    assert_string_equal(r.action, "inbox");   /* for the officer */
    store_inbox_clear(&r);
}

static void test_thousand_messages_arriving_at_once(void **state)
{
    struct env *e = *state;
    char phone[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(phone, sizeof phone, "+8498%07d", i);
        struct inbox_part_new p = {"m1", phone, 5000 + i, 0, 0, 0, i % 3 ? "có rồi" : "Hỏi: khi nào làm CCCD?", 1, NULL, e->now, 0, 0};
        assert_int_equal(store_inbox_part_add(e->st, &p), 0);
    }
    assert_int_equal(store_inbox_assemble(e->st, "m1", e->now, 600), 1000);
    assert_int_equal(replies_handle_pending(e->st, e->cfg, e->now), 1000);
    int64_t ids[4];
    assert_int_equal(store_inbox_pending(e->st, ids, 4), 0);
    assert_int_equal(count(e, OB_QUEUED), 666);   /* a thank-you for every CO answer */
}

/* The text of the automatic reply to inbox message ID (the newest auto row), or "" */
static char *reply_to(struct env *e, int64_t id)
{
    char *text = xstrdup("");
    struct outbox_row o = {0};
    for (int64_t k = 1; store_outbox_get(e->st, k, &o) == 0; k++) {
        if (o.reply_to == id) {
            free(text);
            text = xstrdup(o.text);
        }
        store_outbox_clear(&o);
    }
    return text;
}

static void test_enrollment_reports_by_sms(void **state)
{
    struct env *e = *state;
    struct inbox_row r = receive(e, "+84900000901", "vneid dk 12 30/11");
    assert_string_equal(r.action, "enroll");
    char *ans = reply_to(e, r.id);
    assert_non_null(strstr(ans, "Đã ghi nhận 12 tài khoản VNeID của Xóm Đồng Kiệm ngày 30/11"));
    assert_non_null(strstr(ans, "Tổng của xóm: 12"));
    free(ans);
    store_inbox_clear(&r);
    /* the hamlet head resends it because the answer was late: held as a duplicate */
    r = receive(e, "+84900000901", "VNEID DK 12 30/11");
    assert_string_equal(r.action, "enroll-duplicate");
    ans = reply_to(e, r.id);
    assert_non_null(strstr(ans, "không tính lại"));
    free(ans);
    store_inbox_clear(&r);
    /* with diacritics, extra spaces, no date: today */
    r = receive(e, "+84900000901", "  VNeID  Đk   3 ");
    assert_string_equal(r.action, "enroll");
    ans = reply_to(e, r.id);
    assert_non_null(strstr(ans, "Tổng của xóm: 15"));
    free(ans);
    store_inbox_clear(&r);
    /* the commune police (any hamlet), with an old merged code: counts under HT */
    r = receive(e, "+84900000909", "VNEID HT2 5");
    assert_string_equal(r.action, "enroll");
    ans = reply_to(e, r.id);
    assert_non_null(strstr(ans, "của Xóm Hòa Tiến ngày"));
    assert_non_null(strstr(ans, "Tổng của xóm: 5."));
    free(ans);
    store_inbox_clear(&r);
    /* a PIN is required for this reporter */
    r = receive(e, "+84900000902", "VNEID HT 4");
    assert_string_equal(r.action, "enroll-rejected");
    store_inbox_clear(&r);
    r = receive(e, "+84900000902", "VNEID HT 4 4321");
    assert_string_equal(r.action, "enroll");
    store_inbox_clear(&r);
    /* a hamlet head reporting for another hamlet */
    r = receive(e, "+84900000901", "VNEID HT 2");
    assert_string_equal(r.action, "enroll-rejected");
    store_inbox_clear(&r);
    /* an unlisted number: stored, flagged for the officer, not counted, no reply */
    r = receive(e, "+84987000777", "VNEID DK 100");
    assert_string_equal(r.action, "enroll-rejected");
    assert_int_equal(r.handled, 0);
    ans = reply_to(e, r.id);
    assert_string_equal(ans, "");
    free(ans);
    store_inbox_clear(&r);
    /* malformed: answered with the format */
    r = receive(e, "+84900000901", "VNEID mười hai");
    assert_string_equal(r.action, "enroll-malformed");
    ans = reply_to(e, r.id);
    assert_non_null(strstr(ans, "VNEID <mã xóm>"));
    free(ans);
    store_inbox_clear(&r);
    assert_int_equal(enroll_hamlet_total(e->st, e->cfg, "DK", util_days_from_civil(2026, 12, 1)), 15);
    assert_int_equal(enroll_hamlet_total(e->st, e->cfg, "HT", util_days_from_civil(2026, 12, 1)), 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_keyword_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optout_stops_all_campaigns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_records_answer_and_vneid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_question_goes_to_the_officer_with_likely_campaign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reply_loop_with_an_autoresponder_stops_at_the_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_reply_to_names_and_short_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_messages_are_stored_without_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_part_twice_is_stored_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_and_ten_part_messages_are_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parts_one_and_three_of_two_are_not_a_complete_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_different_first_parts_keep_both_texts_marked_incomplete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_thousand_messages_arriving_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enrollment_reports_by_sms, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
