/* test_note — the English sentences loa stores on rows read back in the officer's language: unchanged in
 * English, translated part by part in Vietnamese with their parameters (a library's words kept), text that
 * is none of them shown as stored; the sentences store_sql.c writes itself are the ones note.h lists. */
#include "testutil.h"

#include <stdlib.h>

#include "note.h"
#include "store.h"

static const char *shown(const char *stored)
{
    static char buf[1024];
    return note_text(stored, buf, sizeof buf);
}

static void language(const char *l)
{
    setenv("LANGUAGE", l, 1);
    textdomain("loa");
}

static void test_english_reads_as_stored(void **state)
{
    (void)state;
    language("en");
    const char *const samples[] = {
        "m1: network refused the message: +CMS ERROR: 1",
        "m1: send refused: +CMS ERROR: 21 (Short message transfer rejected)",
        "m1: connection lost earlier; reopen the modem",
        "enrollment report refused: count is not a whole number: 1x2; replied (outbox=12)",
        "for the officer; likely about khao-sat-vneid (sender is not a mobile number)",
        "enrollment 5: correction -2 for DK on 2026-11-30; hamlet total 40; replied (outbox=7)",
        "something no format says; and more",
        "",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) assert_string_equal(shown(samples[i]), samples[i]);
    assert_string_equal(shown(NULL), "");
    /* text built to make the matcher try every split: it ends, as stored */
    sbuf b = {0};
    for (int i = 0; i < 30; i++) sbuf_add(&b, "m: cannot connect to m (m): ; m: send refused: +CMS ERROR: 1 (");
    char big[4096];
    assert_string_equal(note_text(sbuf_str(&b), big, sizeof big), sbuf_str(&b));
    sbuf_free(&b);
}

static void test_vietnamese_translates_each_part_with_its_parameters(void **state)
{
    (void)state;
    language("vi");
    assert_string_equal(shown("m1: network refused the message: +CMS ERROR: 1"), "m1: mạng từ chối tin nhắn: +CMS ERROR: 1");
    /* Gammu's own words stay, in parentheses */
    assert_string_equal(shown("m1: send refused: +CMS ERROR: 21 (Short message transfer rejected)"),
                        "m1: modem từ chối gửi: +CMS ERROR: 21 (Short message transfer rejected)");
    /* a sentence with "; " inside it is one sentence */
    assert_string_equal(shown("m1: connection lost earlier; reopen the modem"), "m1: kết nối đã mất từ trước; cần mở lại modem");
    /* parts joined by "; ", a parameter that is itself a sentence */
    assert_string_equal(shown("enrollment report refused: count is not a whole number: 1x2; replied (outbox=12)"),
                        "báo cáo VNeID bị từ chối: số lượng không phải số nguyên: 1x2; đã trả lời (outbox=12)");
    assert_string_equal(shown("for the officer; likely about khao-sat-vneid (sender is not a mobile number)"),
                        "chờ công chức xem; có lẽ về chiến dịch khao-sat-vneid (người gửi không phải số di động)");
    assert_string_equal(shown("enrollment 5: correction -2 for DK on 2026-11-30; hamlet total 40; replied (outbox=7)"),
                        "báo cáo VNeID số 5: đính chính -2 tài khoản của DK ngày 2026-11-30; tổng của xóm 40; "
                        "đã trả lời (outbox=7)");
    /* what no format says is shown as stored, around the parts that are translated */
    assert_string_equal(shown("something no format says; replied (outbox=3)"), "something no format says; đã trả lời (outbox=3)");
    /* a number where a number is due, nothing else */
    assert_string_equal(shown("replied (outbox=x)"), "replied (outbox=x)");
    /* a buffer too small keeps a string, and no half character: "đã đ" is 7 bytes, "ă" 2 more */
    char small[9];
    assert_string_equal(note_text("opted in again", small, sizeof small), "đã đ");
    language("en");
}

/* Two sentences are written by SQL statements (store_sql.c); they must be note.h's. */
static void test_the_store_writes_the_listed_sentences(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/loa.db", dir);
    store *st = store_open(path, NULL);
    assert_non_null(st);
    time_t t = 1764550000;
    for (int i = 0; i < 2; i++) {
        struct outbox_row r = {.phone = i ? "+84912000002" : "+84912000001", .text = "Xin chào", .parts = 1,
                               .next_attempt = t, .created = t};
        int64_t id;
        assert_int_equal(store_outbox_add(st, &r, &id), 0);
        struct outbox_row c = {0};
        assert_int_equal(store_outbox_claim(st, "m1", t, 0, 1, &c), 0);
        store_outbox_clear(&c);
        if (i == 0) {
            assert_int_equal(store_outbox_part_sent(st, id, 0, "42"), 0);
            assert_int_equal(store_outbox_sent(st, id), 0);
            assert_int_equal(store_outbox_delivery(st, "m1", "+84912000001", "42", 0, t + 10, t - 1, NULL), 0);
        } else {
            int requeued;
            assert_int_equal(store_outbox_recover(st, "m1", t + 20, &requeued), 1);   /* left `sending` by a worker that stopped */
        }
        struct outbox_row g = {0};
        assert_int_equal(store_outbox_get(st, id, &g), 0);
        assert_string_equal(g.last_error, i ? NOTE_MAYBE_SENT : NOTE_NOT_DELIVERED);
        store_outbox_clear(&g);
    }
    store_close(st);
    free(path);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    i18n_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_reads_as_stored),
        cmocka_unit_test(test_vietnamese_translates_each_part_with_its_parameters),
        cmocka_unit_test(test_the_store_writes_the_listed_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
