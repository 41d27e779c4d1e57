/* test_kannel — what smsbox's answers mean for a part, and what loa's listener makes of a push
 * (the secret, a UCS-2 reply, a concatenated part, delivery reports' types, hostile input). */
#include "testutil.h"

#include <curl/curl.h>

#include "kannel.h"

static void test_answers_map_to_outcomes(void **state)
{
    (void)state;
    assert_int_equal(kannel_outcome(CURLE_OK, 202, 1), TRANSPORT_OK);
    assert_int_equal(kannel_outcome(CURLE_OK, 503, 1), TRANSPORT_RETRY);
    assert_int_equal(kannel_outcome(CURLE_COULDNT_CONNECT, 0, 0), TRANSPORT_RETRY);
    assert_int_equal(kannel_outcome(CURLE_OPERATION_TIMEDOUT, 0, 1), TRANSPORT_UNKNOWN);
    assert_int_equal(kannel_outcome(CURLE_GOT_NOTHING, 0, 1), TRANSPORT_UNKNOWN);
    assert_int_equal(kannel_outcome(CURLE_OPERATION_TIMEDOUT, 0, 0), TRANSPORT_RETRY);
    assert_int_equal(kannel_outcome(CURLE_OK, 401, 1), TRANSPORT_DOWN);
    assert_int_equal(kannel_outcome(CURLE_OK, 403, 1), TRANSPORT_DOWN);
    assert_int_equal(kannel_outcome(CURLE_OK, 400, 1), TRANSPORT_PERMANENT);
    assert_int_equal(kannel_outcome(CURLE_OK, 500, 1), TRANSPORT_UNKNOWN);
}

static void test_push_needs_the_secret(void **state)
{
    (void)state;
    struct kannel_in in;
    char err[LOA_ERRLEN];
    struct kannel_push q = {.path = "/mo", .secret = "bi-mat-cua-xa", .from = "+84912000001",
                            .body = (const unsigned char *)"HUY", .len = 3};
    assert_int_equal(kannel_parse(&q, "bi-mat-cua-xa", &in, err), KANNEL_PARSE_OK);
    q.secret = "bi-mat-cua-x";
    assert_int_equal(kannel_parse(&q, "bi-mat-cua-xa", &in, err), KANNEL_PARSE_FORBIDDEN);
    q.secret = NULL;
    assert_int_equal(kannel_parse(&q, "bi-mat-cua-xa", &in, err), KANNEL_PARSE_FORBIDDEN);
}

static void test_ucs2_concatenated_reply_is_decoded(void **state)
{
    (void)state;
    struct kannel_in in;
    char err[LOA_ERRLEN];
    static const unsigned char huy[] = {0x00, 'H', 0x00, 'u', 0x1E, 0xF7};
    struct kannel_push q = {.path = "/mo", .secret = "s3cret-s3cret", .from = "+84912000001", .udh = "050003070201",
                            .coding = "2", .charset = "UTF-16BE", .body = huy, .len = sizeof huy};
    assert_int_equal(kannel_parse(&q, "s3cret-s3cret", &in, err), KANNEL_PARSE_OK);
    assert_string_equal(in.p.text, "Huỷ");
    assert_int_equal(in.p.coding, 1);
    assert_int_equal(in.p.concat_ref, 7);
    assert_int_equal(in.p.concat_total, 2);
    assert_int_equal(in.p.concat_part, 1);
    assert_string_equal(in.p.raw_hex, "050003070201004800751EF7");
    q.len = 5;   /* half a character: kept as data, never read as text */
    assert_int_equal(kannel_parse(&q, "s3cret-s3cret", &in, err), KANNEL_PARSE_OK);
    assert_null(in.p.text);
    assert_int_equal(in.p.unreadable, 1);
}

static void test_report_types(void **state)
{
    (void)state;
    struct kannel_in in;
    char err[LOA_ERRLEN];
    struct kannel_push q = {.path = "/dlr", .secret = "s3cret-s3cret", .ref = "12.2", .to = "84912000001", .type = "1"};
    assert_int_equal(kannel_parse(&q, "s3cret-s3cret", &in, err), KANNEL_PARSE_OK);
    assert_true(in.p.is_report);
    assert_int_equal(in.p.report_delivered, 1);
    assert_string_equal(in.p.report_ref, "12.2");
    assert_string_equal(in.p.report_recipient, "+84912000001");
    static const struct { const char *type; int delivered; } types[] = {{"2", 0}, {"16", 0}, {"4", -1}, {"8", -1}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        q.type = types[i].type;
        assert_int_equal(kannel_parse(&q, "s3cret-s3cret", &in, err), KANNEL_PARSE_OK);
        assert_int_equal(in.p.report_delivered, types[i].delivered);
    }
    q.type = "3";
    assert_int_equal(kannel_parse(&q, "s3cret-s3cret", &in, err), KANNEL_PARSE_BAD);
    q.type = "1";
    q.ref = "12.2; DROP";
    assert_int_equal(kannel_parse(&q, "s3cret-s3cret", &in, err), KANNEL_PARSE_BAD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_map_to_outcomes),
        cmocka_unit_test(test_push_needs_the_secret),
        cmocka_unit_test(test_ucs2_concatenated_reply_is_decoded),
        cmocka_unit_test(test_report_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
