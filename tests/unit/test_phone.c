/*
 * test_phone — Vietnamese phone numbers as residents and spreadsheets write them.
 * The table holds real-world shapes: national, +84/84/0084, separators, numbers
 * whose leading zero a spreadsheet dropped, the 2018 renumbering, and what must be
 * refused (landlines, short codes, service lines, scientific notation, foreign
 * numbers, garbage) with the reason a person would read.
 */
#include "testutil.h"

#include "phone.h"

struct phone_case {
    const char *in;
    const char *want;      /* E.164 when valid, NULL when refused */
    const char *reason;    /* substring of the error when refused */
};

static const struct phone_case cases[] = {
    /* today's 10-digit mobiles, every way people write them */
    {"0912345678", "+84912345678", NULL},
    {"84912345678", "+84912345678", NULL},
    {"+84912345678", "+84912345678", NULL},
    {"+84 912 345 678", "+84912345678", NULL},
    {"(091) 234-5678", "+84912345678", NULL},
    {"0912.345.678", "+84912345678", NULL},
    {"0084912345678", "+84912345678", NULL},
    {"0084 912 345 678", "+84912345678", NULL},
    {"+84 (0) 912 345 678", "+84912345678", NULL},
    {"  0912-345-678  ", "+84912345678", NULL},
    {"0912\xc2\xa0" "345\xc2\xa0" "678", "+84912345678", NULL},   /* NBSP from a spreadsheet */
    {"'0912345678", "+84912345678", NULL},                          /* spreadsheet text marker */
    {"912345678", "+84912345678", NULL},                            /* leading zero dropped */
    {"0987 654 321", "+84987654321", NULL},
    {"0388123456", "+84388123456", NULL},
    {"0523456789", "+84523456789", NULL},
    {"0559876543", "+84559876543", NULL},
    {"0703123456", "+84703123456", NULL},
    {"0777123456", "+84777123456", NULL},
    {"0866123456", "+84866123456", NULL},
    {"0898765432", "+84898765432", NULL},
    {"849123456", "+84849123456", NULL},                            /* 084 without its zero */
    /* the 2018 renumbering of 11-digit mobiles */
    {"01682345678", "+84382345678", NULL},
    {"0162 234 5678", "+84322345678", NULL},
    {"01692345678", "+84392345678", NULL},
    {"+841682345678", "+84382345678", NULL},
    {"841682345678", "+84382345678", NULL},
    {"1682345678", "+84382345678", NULL},                           /* old number, zero dropped */
    {"01202345678", "+84702345678", NULL},
    {"01212345678", "+84792345678", NULL},
    {"01222345678", "+84772345678", NULL},
    {"01262345678", "+84762345678", NULL},
    {"01282345678", "+84782345678", NULL},
    {"01232345678", "+84832345678", NULL},
    {"01242345678", "+84842345678", NULL},
    {"01252345678", "+84852345678", NULL},
    {"01272345678", "+84812345678", NULL},
    {"01292345678", "+84822345678", NULL},
    {"01862345678", "+84562345678", NULL},
    {"01882345678", "+84582345678", NULL},
    {"01992345678", "+84592345678", NULL},
    {"0084 1633 456 789", "+84333456789", NULL},
    /* refused, with a reason a person can act on */
    {"", NULL, "empty"},
    {"   ", NULL, "empty"},
    {"9.12E+08", NULL, "Excel turned into 9.12E+08"},
    {"9,12E+08", NULL, "format the column as text"},
    {"8.49123E+10", NULL, "format the column as text"},
    {"02437654321", NULL, "landline"},
    {"024 3765 4321", NULL, "landline"},
    {"+84 28 3822 1234", NULL, "landline"},
    {"0438251234", NULL, "landline"},                               /* pre-2017 Hà Nội landline */
    {"9029", NULL, "short code"},
    {"113", NULL, "short code"},
    {"191", NULL, "short code"},
    {"1900 1234", NULL, "service line"},
    {"1900123456", NULL, "service line"},
    {"18001091", NULL, "service line"},
    {"abc", NULL, "'a' is not part"},
    {"0912 345 678 (Lan)", NULL, "'L' is not part"},
    {"0912345678 / 0987654321", NULL, "more than one number"},
    {"0912345678, 0987654321", NULL, "more than one number"},
    {"091234567", NULL, "wrong length"},
    {"09123456789", NULL, "wrong length"},
    {"9123456789", NULL, "without a leading 0"},
    {"0112345678", NULL, "011 is not a Vietnamese mobile prefix"},
    {"01302345678", NULL, "not a mobile prefix"},
    {"0612345678", NULL, "not a Vietnamese mobile prefix"},
    {"+1 202 555 0143", NULL, "not a Vietnamese number"},
    {"+856 20 5555 1234", NULL, "country code +856"},
    {"0085620555512", NULL, "not a Vietnamese number"},
    {"+84", NULL, "without a number"},
    {"---", NULL, "no digits"},
    {"0912+345678", NULL, "'+' is not part"},
    {"09１2345678", NULL, "not part of a phone number"},           /* a full-width digit */
};

static void test_phone_table_of_real_world_inputs(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0];
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        char out[PHONE_E164_LEN], err[LOA_ERRLEN] = "";
        int rc = phone_normalize(cases[i].in, out, err);
        if (cases[i].want) {
            if (rc != 0 || strcmp(out, cases[i].want) != 0)
                fail_msg("'%s': want %s, got rc=%d out='%s' err='%s'", cases[i].in, cases[i].want, rc, out, err);
            assert_true(phone_is_mobile_e164(out));
        } else {
            if (rc != -1 || strstr(err, cases[i].reason) == NULL)
                fail_msg("'%s': want refusal with '%s', got rc=%d out='%s' err='%s'", cases[i].in,
                         cases[i].reason, rc, out, err);
            assert_string_equal(out, "");
        }
    }
}

static void test_phone_every_mobile_prefix_in_the_documented_list_is_accepted(void **state)
{
    (void)state;
    static const int valid[] = {32, 33, 34, 35, 36, 37, 38, 39, 52, 55, 56, 58, 59, 70, 76, 77, 78, 79,
                                81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99};
    int accepted = 0;
    for (int p = 10; p <= 99; p++) {
        char in[16], out[PHONE_E164_LEN], want[PHONE_E164_LEN], err[LOA_ERRLEN];
        snprintf(in, sizeof in, "0%02d1234567", p);
        snprintf(want, sizeof want, "+84%02d1234567", p);
        int is_valid = 0;
        for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) is_valid |= valid[i] == p;
        int rc = phone_normalize(in, out, err);
        if (is_valid) {
            if (rc != 0) fail_msg("%s refused: %s", in, err);
            assert_string_equal(out, want);
            accepted++;
        } else if (rc == 0) {
            fail_msg("%s accepted as %s but 0%02d is not a mobile prefix", in, out, p);
        }
        assert_int_equal(phone_is_mobile_e164(want), is_valid);
    }
    assert_int_equal(accepted, (int)(sizeof valid / sizeof valid[0]));
}

static void test_phone_is_mobile_e164_wants_exact_form(void **state)
{
    (void)state;
    assert_true(phone_is_mobile_e164("+84912345678"));
    assert_false(phone_is_mobile_e164("0912345678"));
    assert_false(phone_is_mobile_e164("+8491234567"));
    assert_false(phone_is_mobile_e164("+849123456789"));
    assert_false(phone_is_mobile_e164("+84 912345678"));
    assert_false(phone_is_mobile_e164("+84243765432"));
    assert_false(phone_is_mobile_e164("+14155550143"));
    assert_false(phone_is_mobile_e164(""));
    assert_false(phone_is_mobile_e164(NULL));
}

static void test_phone_null_and_long_garbage_are_refused_safely(void **state)
{
    (void)state;
    char out[PHONE_E164_LEN], err[LOA_ERRLEN];
    assert_int_equal(phone_normalize(NULL, out, err), -1);
    assert_non_null(strstr(err, "empty"));
    char big[600];
    memset(big, '9', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(phone_normalize(big, out, err), -1);
    assert_int_equal(phone_normalize("0912345678", out, NULL), 0);   /* err may be NULL */
    assert_int_equal(phone_normalize("abc", out, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_table_of_real_world_inputs),
        cmocka_unit_test(test_phone_every_mobile_prefix_in_the_documented_list_is_accepted),
        cmocka_unit_test(test_phone_is_mobile_e164_wants_exact_form),
        cmocka_unit_test(test_phone_null_and_long_garbage_are_refused_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
