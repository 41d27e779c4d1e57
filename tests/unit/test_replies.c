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

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
        "hamlets = ( { code = \"DK\"; name = \"Xóm Đồng Kiệm\"; }, { code = \"HT\"; name = \"Xóm Hòa Tiến\"; population = 800; },\n"
        "            { code = \"HT2\"; name = \"Xóm Hòa Tiến 2\"; merged_into = \"HT\"; } );\n"
        "keywords: { help_text = \"Soạn HUY để ngừng nhận tin.\"; };\n"
        "sms: { max_per_report = 2000;\n"
        "       reporters = ( { phone = \"0900000901\"; hamlet = \"DK\"; },\n"
        "                     { phone = \"0900000902\"; hamlet = \"HT\"; pin = \"4321\"; },\n"
        "                     { phone = \"0900000903\"; hamlet = \"HT\"; pin = \"Mai\"; },\n"
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
    e->now = test_time("2026-12-01 10:00");
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

/* CAMPAIGN's SMS went to PHONE a minute ago: the poll answers that follow are that campaign's. */
static void messaged(struct env *e, const char *phone, const char *campaign)
{
    struct outbox_row r = {.campaign = (char *)campaign, .phone = (char *)phone, .text = "x", .parts = 1, .kind = OK_CAMPAIGN,
                           .next_attempt = e->now - 60, .created = e->now - 60};
    int64_t id, got = 0;
    assert_int_equal(store_outbox_add(e->st, &r, &id), 0);
    while (got != id) {
        struct outbox_row o = {0};
        assert_int_equal(store_outbox_claim(e->st, "m1", e->now - 60, 0, 1, &o), 0);
        assert_int_equal(store_outbox_sent(e->st, o.id), 0);
        got = o.id;
        store_outbox_clear(&o);
    }
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
    messaged(e, "+84987000003", "poll");
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
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), 1);
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
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 09:00"), &next), 1);
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
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), 1);
    struct outbox_row o = {0};
    assert_int_equal(store_outbox_claim(e->st, "m1", test_time("2026-12-01 08:00"), 0, 1, &o), 0);
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
    assert_int_equal(res.stranger_counts[0], 0);
    store_campaign_results_clear(&res);
    /* a number that is not a resident answers too: counted apart, not among the residents */
    messaged(e, "+84987000444", "poll");
    r = receive(e, "+84987000444", "có rồi");
    assert_string_equal(r.action, "poll");
    assert_non_null(strstr(r.result, "not a resident: counted apart"));
    store_inbox_clear(&r);
    assert_int_equal(store_campaign_results(e->st, "poll", &res), 0);
    assert_int_equal(res.nanswers, 1);
    assert_int_equal(res.answer_counts[0], 1);
    assert_int_equal(res.stranger_counts[0], 1);
    assert_int_equal(res.replies, 2);
    store_campaign_results_clear(&res);
    /* the resident changes their mind: only the latest answer counts; then opts out */
    r = receive(e, o.phone, "chưa");
    store_inbox_clear(&r);
    r = receive(e, o.phone, "HUY");
    assert_string_equal(r.action, "optout");
    int attributed = r.campaign && !strcmp(r.campaign, "poll");
    store_inbox_clear(&r);
    assert_int_equal(store_campaign_results(e->st, "poll", &res), 0);
    assert_int_equal(res.nanswers, 2);
    assert_string_equal(res.answers[0], "CHUA");
    assert_int_equal(res.answer_counts[0], 1);
    assert_int_equal(res.stranger_counts[0], 0);
    assert_string_equal(res.answers[1], "CO");
    assert_int_equal(res.answer_counts[1], 0);
    assert_int_equal(res.stranger_counts[1], 1);
    assert_int_equal(res.replies, 3 + attributed);
    assert_int_equal(res.optouts, attributed);
    store_campaign_results_clear(&res);
    /* the replies' counters (and the outbox's) equal the rows */
    char *diff = NULL;
    assert_int_equal(store_outbox_counts_verify(e->st, &diff), 0);
    assert_null(diff);
    store_outbox_clear(&o);
}

static void test_free_question_goes_to_the_officer_with_likely_campaign(void **state)
{
    struct env *e = *state;
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 08:00"), &next), 1);
    struct outbox_row o = {0};
    assert_int_equal(store_outbox_claim(e->st, "m1", test_time("2026-12-01 08:00"), 0, 1, &o), 0);
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
        if (i % 3) messaged(e, phone, "poll");
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

/* ---- replies in people's own words (issue 18; docs/replies.md) ---- */

struct rcase {
    const char *text;    /* as the resident typed it */
    const char *want;    /* action:keyword the engine records */
};

/* Each case from its own number; 1 when every one got the action wanted (the misses printed). */
static int run_replies(struct env *e, const struct rcase *c, size_t n, int first_sender, const char *poll)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char sender[16];
        snprintf(sender, sizeof sender, "+8498%07d", first_sender + (int)i);
        if (poll) messaged(e, sender, poll);   /* the campaign whose answers these are asked them */
        const char *got = action_of(e, sender, c[i].text);
        if (strcmp(got, c[i].want)) {
            print_error("\"%s\": got %s, want %s\n", c[i].text, got, c[i].want);
            bad++;
        }
    }
    return bad == 0;
}

static int opted_out(struct env *e, const char *phone)
{
    struct contact k = {0};
    int r = store_contact_get(e->st, phone, &k) == 0 && k.opted_out > 0;
    store_contact_clear(&k);
    return r;
}

static void test_optout_in_peoples_own_words(void **state)
{
    struct env *e = *state;
    static const struct rcase c[] = {
        {"Tôi muốn hủy", "optout:HUY"},
        {"Không nhận tin nữa", "optout:HUY"},
        {"Dừng", "optout:HUY"},
        {"DỪNG LẠI", "inbox"},                 /* not a listed phrase */
        {"Ngừng", "optout:HUY"},
        {"Đừng nhắn nữa", "optout:HUY"},
        {"HUY HUY", "optout:HUY"},
        {"H U Y", "optout:HUY"},
        {"huy dang ky nhan tin", "optout:HUY"},
        {"Ngừng nhận tin nữa ạ", "optout:HUY"},
        {"Cho tôi hủy đăng ký", "optout:HUY"},
        {"Em xin hủy nhận tin ạ", "optout:HUY"},
        {"Tôi không muốn nhận tin nữa", "optout:HUY"},
        {"Tôi không muốn hủy", "inbox"},       /* a negation before a listed phrase */
        {"Không phải hủy", "inbox"},
        {"Đúng", "inbox"},                     /* folds like Dừng: needs its marks */
        {"dung", "inbox"},
    };
    assert_true(run_replies(e, c, sizeof c / sizeof c[0], 100, NULL));
    /* what the database says afterwards: "Tôi muốn hủy" stopped the number, the negation did not */
    assert_true(opted_out(e, "+84980000100"));
    assert_false(opted_out(e, "+84980000113"));
    struct inbox_row r = receive(e, "+84980000200", "Tôi không muốn hủy đâu");
    assert_string_equal(r.action, "inbox");
    store_inbox_clear(&r);
    r = receive(e, "+84980000201", "Tôi không muốn hủy");
    assert_non_null(strstr(r.result, "negated opt-out"));
    store_inbox_clear(&r);
    assert_false(opted_out(e, "+84980000201"));
}

static void test_optout_phrases_extend_through_the_configuration(void **state)
{
    struct env *e = *state;
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
        "hamlets = ( { code = \"DK\"; name = \"Xóm Đồng Kiệm\"; } );\n"
        "keywords: { optout = [ \"HUY\", \"THÔI NHẮN TIN\", \"KHÔNG LIÊN LẠC\" ]; };\n"));
    config_free(e->cfg);
    e->cfg = test_config_load(e->dir);
    static const struct rcase c[] = {
        {"Thôi nhắn tin", "optout:HUY"},
        {"thoi nhan tin nua", "optout:HUY"},
        {"Tôi muốn thôi nhắn tin", "optout:HUY"},
        {"Đề nghị không liên lạc", "inbox"},
        {"không liên lạc", "optout:HUY"},
        {"Tôi không muốn thôi nhắn tin", "inbox"},
        {"Dừng", "optout:HUY"},                /* the built-in phrases stay */
    };
    assert_true(run_replies(e, c, sizeof c / sizeof c[0], 300, NULL));
}

static void test_i_and_y_are_one_letter_in_keywords_and_aliases(void **state)
{
    struct env *e = *state;
    static const char *const same[][2] = {
        {"ký", "kí"}, {"lý", "lí"}, {"mỹ", "mĩ"}, {"quý", "quí"}, {"kỹ", "kĩ"}, {"Đăng ký", "dang ki"},
        {"hy vọng", "hi vọng"}, {"lý do khác", "lí do khác"}, {"KỸ THUẬT", "kĩ thuật"}, {"tỷ lệ", "tỉ lệ"},
        {"Mỹ Hào", "mĩ hào"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *a = replies_match_key(same[i][0]), *b = replies_match_key(same[i][1]);
        if (strcmp(a, b)) fail_msg("\"%s\" -> \"%s\" but \"%s\" -> \"%s\"", same[i][0], a, same[i][1], b);
        free(a);
        free(b);
    }
    /* a vowel before y keeps it: hủy is not hủi, tùy is not tui */
    static const char *const differ[][2] = {{"hủy", "hủi"}, {"tùy", "tui"}, {"Huy", "Hui"}};
    for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++) {
        char *a = replies_match_key(differ[i][0]), *b = replies_match_key(differ[i][1]);
        if (!strcmp(a, b)) fail_msg("\"%s\" and \"%s\" both -> \"%s\"", differ[i][0], differ[i][1], a);
        free(a);
        free(b);
    }
    free(test_write_file(e->dir, "campaigns/hop.cfg",
        "id = \"hop\";\ntitle = \"Họp xóm\";\n"
        "sms: { text = \"Xã Minh Tiến: họp xóm. Soạn HUY để ngừng.\"; schedule: { at = [ \"2027-01-05 08:00\" ]; }; };\n"
        "replies = ( { keyword = \"KY\"; aliases = [ \"đã ký\", \"ký rồi\" ]; },\n"
        "            { keyword = \"LYDO\"; aliases = [ \"lý do khác\" ]; } );\n"));
    config_free(e->cfg);
    e->cfg = test_config_load(e->dir);
    static const struct rcase c[] = {
        {"Hủy đăng kí", "optout:HUY"}, {"Đăng kí", "optin:DK"}, {"dang ki lai", "optin:DK"},
        {"ĐĂNG KÍ NHẬN TIN", "optin:DK"}, {"đã kí", "poll:KY"}, {"Kí rồi ạ", "poll:KY"},
        {"Lí do khác", "poll:LYDO"}, {"LY DO KHAC", "poll:LYDO"},
    };
    assert_true(run_replies(e, c, sizeof c / sizeof c[0], 400, "hop"));
}

static void test_courtesy_noise_and_questions_around_a_keyword(void **state)
{
    struct env *e = *state;
    static const struct rcase c[] = {
        {"Dạ, HUY ạ!!!", "optout:HUY"},
        {"HUY 🙏", "optout:HUY"},
        {"🙏🙏 Có rồi ạ 👍", "poll:CO"},
        {"H-U-Y", "optout:HUY"},
        {"Huy huy huy", "optout:HUY"},
        {"huỷ.", "optout:HUY"},
        {"HUY！", "optout:HUY"},
        {"Dạ vâng, đăng ký ạ", "optin:DK"},
        {"D K", "optin:DK"},
        {"có rồi ạ 😊", "poll:CO"},
        {"HUY là sao?", "inbox"},
        {"Hủy?", "inbox"},
        {"HUY？", "inbox"},
        {"Tại sao phải hủy?", "inbox"},
        {"ĐK được không?", "inbox"},
        {"CO?", "inbox"},
    };
    assert_true(run_replies(e, c, sizeof c / sizeof c[0], 500, "poll"));
    assert_true(opted_out(e, "+84980000500"));
    assert_false(opted_out(e, "+84980000510"));    /* "HUY là sao?" stopped nothing */
    struct inbox_row r = receive(e, "+84980000600", "HUY là sao?");
    assert_non_null(strstr(r.result, "a question for the officer"));
    assert_int_equal(r.handled, 0);
    store_inbox_clear(&r);
}

static long total(struct env *e, const char *hamlet)
{
    struct loa_tm tm;
    util_localtime(e->now, &tm);
    return enroll_hamlet_total(e->st, e->cfg, hamlet, util_days_from_civil(tm.year, tm.mon, tm.mday));
}

/* Receive TEXT from SENDER: 1 when the action is ACTION and the answer contains WANT ("" = no answer). */
static void expect(struct env *e, const char *sender, const char *text, const char *action, const char *want)
{
    struct inbox_row r = receive(e, sender, text);
    char *ans = reply_to(e, r.id);
    if (strcmp(r.action, action) || (*want ? !strstr(ans, want) : *ans != '\0'))
        print_message("'%s' from %s: %s (%s), answer '%s'\n", text, sender, r.action, r.result, ans);
    assert_string_equal(r.action, action);
    if (*want) assert_non_null(strstr(ans, want));
    else assert_string_equal(ans, "");
    free(ans);
    store_inbox_clear(&r);
}

static void test_alphanumeric_sender_spelling_a_reporter_is_nobody(void **state)
{
    struct env *e = *state;
    /* Gammu writes "+" only for international numbers: "0900000901" may be an alphanumeric sender */
    expect(e, "0900000901", "VNEID DK 5000", "enroll-rejected", "");
    expect(e, "0900000901", "VNEID DK 50", "enroll-rejected", "");
    assert_int_equal(total(e, "DK"), 0);
    /* nor a resident: it cannot opt +84912000001 out, answer a poll for it, or be answered */
    struct inbox_row r = receive(e, "0912000001", "HỦY");
    assert_non_null(strstr(r.result, "not in international form"));
    store_inbox_clear(&r);
    struct contact k = {0};
    assert_int_equal(store_contact_get(e->st, "+84912000001", &k), 0);
    assert_int_equal(k.opted_out, 0);
    store_contact_clear(&k);
    assert_int_equal(count(e, OB_QUEUED), 0);
    /* the real reporter, in international form, counts */
    expect(e, "+84900000901", "VNEID DK 50", "enroll", "Tổng của xóm: 50");
}

static void test_counts_as_hamlet_heads_write_them(void **state)
{
    struct env *e = *state;
    e->now = test_time("2026-12-02 10:00");
    expect(e, "+84900000901", "VNEID DK 1.500", "enroll", "Đã ghi nhận 1500 tài khoản");
    expect(e, "+84900000901", "VNEID DK 1,500 01/12", "enroll", "Tổng của xóm: 3000");
    expect(e, "+84900000901", "VNEID DK 1,5", "enroll-malformed", "Số \"1,5\" không phải số nguyên");
    expect(e, "+84900000901", "VNEID DK 15.00", "enroll-malformed", "Số \"15.00\"");
    expect(e, "+84900000901", "VNEID DK 1.500,000", "enroll-malformed", "không phải số nguyên");
    assert_int_equal(total(e, "DK"), 3000);
    /* a signed count is a correction, answered as one */
    expect(e, "+84900000901", "VNEID DK -5", "enroll", "Đã ghi nhận đính chính -5 tài khoản");
    expect(e, "+84900000901", "Vneid dk \xe2\x88\x92" "2 30/11.", "enroll", "đính chính -2");
    expect(e, "+84900000901", "VNEID DK +4", "enroll", "đính chính +4");
    assert_int_equal(total(e, "DK"), 2997);
    /* the officer can forbid corrections by SMS */
    e->cfg->sms.reporters_may_correct = 0;
    expect(e, "+84900000901", "VNEID DK -3", "enroll-rejected", "Không nhận đính chính");
    assert_int_equal(total(e, "DK"), 2997);
}

static void test_answers_to_reporters_come_from_the_configuration(void **state)
{
    struct env *e = *state;
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
        "hamlets = ( { code = \"DK\"; name = \"Xóm Đồng Kiệm\"; }, { code = \"HT\"; name = \"Xóm Hòa Tiến\"; } );\n"
        "sms: { reporters = ( { phone = \"0900000901\"; hamlet = \"DK\"; }, { phone = \"0900000902\"; hamlet = \"HT\"; pin = \"4321\"; } );\n"
        "       reporter_replies: { recorded = \"{xa} nhận {so} ({xom}, {ngay}), tổng {tong}\";\n"
        "                           duplicate = \"Trùng: {so} {xom}\";\n"
        "                           wrong_pin = \"PIN sai. {huong_dan}\"; format_pin = \"VNEID xóm số PIN\";\n"
        "                           wrong_hamlet = \"Chỉ {ma_giao}, không {ma_bao}\";\n"
        "                           unknown_hamlet = \"Không có {ma_bao}. {huong_dan}\"; format = \"VNEID xóm số\"; }; };\n"));
    config_free(e->cfg);
    e->cfg = test_config_load(e->dir);
    e->now = test_time("2026-12-02 10:00");
    expect(e, "+84900000901", "VNEID DK 12 01/12", "enroll", "Xã Minh Tiến nhận 12 (Xóm Đồng Kiệm, 01/12), tổng 12");
    expect(e, "+84900000901", "VNEID DK 12 01/12", "enroll-duplicate", "Trùng: 12 Xóm Đồng Kiệm");
    expect(e, "+84900000902", "VNEID HT 3 9999", "enroll-rejected", "PIN sai. VNEID xóm số PIN");
    expect(e, "+84900000901", "VNEID HT 3", "enroll-rejected", "Chỉ DK, không HT");
    expect(e, "+84900000901", "VNEID ZZ 3", "enroll-malformed", "Không có zz. VNEID xóm số");
    assert_int_equal(total(e, "DK"), 12);
}

static void test_report_dates_are_recent_and_past(void **state)
{
    struct env *e = *state;
    e->now = test_time("2026-12-02 10:00");
    /* 25/12 sent on 2 December is last year's, 342 days back: refused, saying why */
    expect(e, "+84900000901", "VNEID DK 5 25/12", "enroll-malformed", "Ngày 25/12/2025 đã quá 45 ngày");
    expect(e, "+84900000901", "VNEID DK 5 25/12/2026", "enroll-malformed", "Ngày 25/12/2026 chưa tới");
    expect(e, "+84900000901", "VNEID DK 5 31/02", "enroll-malformed", "Ngày \"31/02\" không có thật");
    expect(e, "+84900000901", "VNEID DK 5 01/01 2000", "enroll-malformed", "Ngày 01/01/2026 đã quá 45 ngày");
    expect(e, "+84900000901", "VNEID DK 5 30/11 2000", "enroll-malformed", "\"2000\" không phải ngày hay mã PIN");
    assert_int_equal(total(e, "DK"), 0);
    /* 30/11 is this year's; 1/11-26 too, with a two-digit year and dashes */
    expect(e, "+84900000901", "VNEID DK 5 30/11", "enroll", "ngày 30/11");
    expect(e, "+84900000901", "VNEID DK 2 1-11-26", "enroll", "ngày 01/11");
    struct inbox_row r = receive(e, "+84900000901", "VNEID DK 1 30.11.2026");
    assert_non_null(strstr(r.result, "on 2026-11-30"));
    store_inbox_clear(&r);
    /* not before the hamlet's opening balance */
    struct enroll_new o = {"DK", 700, util_days_from_civil(2026, 11, 20), ENROLL_OPENING, "cli", NULL, NULL, 0};
    int64_t id;
    char err[LOA_ERRLEN];
    assert_int_equal(enroll_add(e->st, e->cfg, &o, e->now, &id, err), 0);
    expect(e, "+84900000901", "VNEID DK 4 15/11", "enroll-malformed", "trước ngày chốt số đầu kỳ của Xóm Đồng Kiệm (20/11/2026)");
    assert_int_equal(total(e, "DK"), 708);
}

static void test_a_word_is_a_pin_only_for_a_reporter_with_one(void **state)
{
    struct env *e = *state;
    /* no PIN configured: no word is ever taken as one */
    expect(e, "+84900000901", "VNEID DK 3 xyz", "enroll-malformed", "\"xyz\" không phải ngày hay mã PIN");
    expect(e, "+84900000901", "VNEID DK 1.500 500", "enroll-malformed", "\"500\" không phải ngày");
    assert_int_equal(total(e, "DK"), 0);
    /* a PIN reporter: a missing or wrong PIN outranks everything else, and the answer says the format */
    expect(e, "+84900000902", "VNEID HT 4 1234", "enroll-rejected", "Sai hoặc thiếu mã PIN");
    expect(e, "+84900000902", "VNEID HT 4 30/11", "enroll-rejected", "<PIN>");
    expect(e, "+84900000902", "VNEID HT 4 30/11 4321", "enroll", "ngày 30/11");
    /* an alphabetic PIN matches in any case, with or without a date */
    expect(e, "+84900000903", "VNEID HT 3 mAI", "enroll", "Tổng của xóm: 7");
    expect(e, "+84900000903", "vneid ht 2 30/11 MAI", "enroll", "Tổng của xóm: 9");
    expect(e, "+84900000903", "VNEID HT 2 Mai thêm", "enroll-malformed", "\"thêm\" không phải ngày hay mã PIN");
    assert_int_equal(total(e, "HT"), 9);
}

static void test_counts_beyond_population_or_bound_are_held(void **state)
{
    struct env *e = *state;
    struct inbox_row r = receive(e, "+84900000902", "VNEID HT 801 4321");   /* Hòa Tiến has 800 people */
    assert_string_equal(r.action, "enroll-held");
    assert_int_equal(r.handled, 0);   /* the officer sees it among the unhandled */
    assert_non_null(strstr(r.result, "population 800"));
    char *ans = reply_to(e, r.id);
    assert_non_null(strstr(ans, "chờ công chức xác nhận"));
    free(ans);
    store_inbox_clear(&r);
    expect(e, "+84900000909", "VNEID DK 2.001", "enroll-held", "chưa được tính");   /* sms.max_per_report = 2000 */
    expect(e, "+84900000909", "VNEID DK -2001", "enroll-held", "chưa được tính");
    assert_int_equal(total(e, "HT"), 0);
    assert_int_equal(total(e, "DK"), 0);
    expect(e, "+84900000902", "VNEID HT 800 4321", "enroll", "Tổng của xóm: 800");
    expect(e, "+84900000909", "VNEID DK 2.000", "enroll", "Tổng của xóm: 2000");
}

static void test_same_report_on_a_later_day_is_a_duplicate(void **state)
{
    struct env *e = *state;
    expect(e, "+84900000901", "VNEID DK 12 30/11", "enroll", "Tổng của xóm: 12");
    e->now = test_time("2026-12-04 09:00");   /* three days later, the same report */
    expect(e, "+84900000901", "VNEID DK 12 30/11", "enroll-duplicate", "không tính lại");
    assert_int_equal(total(e, "DK"), 12);
}

static void test_stranger_opting_in_becomes_no_recipient(void **state)
{
    struct env *e = *state;
    assert_string_equal(action_of(e, "+84987000123", "HUY"), "optout:HUY");
    assert_string_equal(action_of(e, "+84987000123", "DK"), "optin:DK");
    struct contact k = {0};
    assert_int_equal(store_contact_get(e->st, "+84987000123", &k), 1);   /* nobody's number */
    time_t next;
    assert_int_equal(scheduler_tick(e->st, e->cfg, test_time("2026-12-01 09:00"), &next), 2);   /* the poll and "other" */
    struct outbox_row o = {0};
    int campaign = 0, stranger = 0;
    for (int64_t id = 1; store_outbox_get(e->st, id, &o) == 0; id++) {
        if (o.kind == OK_CAMPAIGN) campaign++;
        if (o.kind == OK_CAMPAIGN && !strcmp(o.phone, "+84987000123")) stranger = 1;
        store_outbox_clear(&o);
    }
    assert_int_equal(campaign, 4);   /* the two residents, twice */
    assert_int_equal(stranger, 0);
    /* a resident who opted out and back in receives campaigns again */
    assert_string_equal(action_of(e, "+84912000001", "HUY"), "optout:HUY");
    assert_string_equal(action_of(e, "+84912000001", "DK"), "optin:DK");
    assert_int_equal(store_contact_get(e->st, "+84912000001", &k), 0);
    assert_int_equal(k.opted_out, 0);
    assert_string_equal(k.name, "Nguyễn Văn An");
    store_contact_clear(&k);
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
        cmocka_unit_test_setup_teardown(test_optout_in_peoples_own_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optout_phrases_extend_through_the_configuration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_i_and_y_are_one_letter_in_keywords_and_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_courtesy_noise_and_questions_around_a_keyword, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alphanumeric_sender_spelling_a_reporter_is_nobody, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_as_hamlet_heads_write_them, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_dates_are_recent_and_past, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_word_is_a_pin_only_for_a_reporter_with_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_beyond_population_or_bound_are_held, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_report_on_a_later_day_is_a_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stranger_opting_in_becomes_no_recipient, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answers_to_reporters_come_from_the_configuration, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
