/* test_phone — Vietnamese phone numbers as people and spreadsheets write them: 50 real-world inputs. */
#include "testutil.h"

#include "phone.h"

static const struct {
    const char *in;
    const char *want;     /* E.164, or NULL when rejected */
    const char *reason;   /* for rejects: a substring of the message */
} cases[] = {
    /* the four spellings the officer meets most */
    {"0912345678", "+84912345678", NULL},
    {"84912345678", "+84912345678", NULL},
    {"+84 912 345 678", "+84912345678", NULL},
    {"(091) 234-5678", "+84912345678", NULL},
    {"0912.345.678", "+84912345678", NULL},
    {"0912 345 678", "+84912345678", NULL},
    {"  0912345678  ", "+84912345678", NULL},
    {"+84912345678", "+84912345678", NULL},
    {"0084912345678", "+84912345678", NULL},
    {"+84 (0) 912 345 678", "+84912345678", NULL},
    {"912345678", "+84912345678", NULL},            /* Excel dropped the leading zero */
    /* every carrier's current prefixes */
    {"0321234567", "+84321234567", NULL},
    {"0398765432", "+84398765432", NULL},
    {"0521234567", "+84521234567", NULL},
    {"0561234567", "+84561234567", NULL},
    {"0591234567", "+84591234567", NULL},
    {"0701234567", "+84701234567", NULL},
    {"0771234567", "+84771234567", NULL},
    {"0812345678", "+84812345678", NULL},
    {"0868123456", "+84868123456", NULL},
    {"0888123456", "+84888123456", NULL},
    {"0981234567", "+84981234567", NULL},
    /* the 2018 renumbering, all of it */
    {"01621234567", "+84321234567", NULL},
    {"01681234567", "+84381234567", NULL},
    {"01691234567", "+84391234567", NULL},
    {"01201234567", "+84701234567", NULL},
    {"01211234567", "+84791234567", NULL},
    {"01221234567", "+84771234567", NULL},
    {"01231234567", "+84831234567", NULL},
    {"01241234567", "+84841234567", NULL},
    {"01251234567", "+84851234567", NULL},
    {"01261234567", "+84761234567", NULL},
    {"01271234567", "+84811234567", NULL},
    {"01281234567", "+84781234567", NULL},
    {"01291234567", "+84821234567", NULL},
    {"01861234567", "+84561234567", NULL},
    {"01881234567", "+84581234567", NULL},
    {"01991234567", "+84591234567", NULL},
    {"+84 168 123 4567", "+84381234567", NULL},
    {"841681234567", "+84381234567", NULL},
    /* rejected, each with a reason a person can act on */
    {"02438251234", NULL, "landline"},
    {"024 3825 1234", NULL, "landline"},
    {"0208 3851 234", NULL, "landline"},
    {"9.12E+08", NULL, "Excel"},
    {"9,12345E+08", NULL, "Excel"},
    {"1900 1234", NULL, "short code"},
    {"9029", NULL, "short code"},
    {"191", NULL, "short code"},
    {"abc", NULL, "not a phone number"},
    {"0912-ABC-678", NULL, "not a phone number"},
    {"", NULL, "empty"},
    {"   ", NULL, "empty"},
    {"+1 202 555 0143", NULL, "not a Vietnamese number"},
    {"+66 81 234 5678", NULL, "not a Vietnamese number"},
    {"091234567", NULL, "digits"},
    {"09123456789", NULL, "digits"},
    {"0111234567", NULL, "not a Vietnamese mobile prefix"},
    {"01301234567", NULL, "not a mobile prefix"},
    {"0612345678", NULL, "not a Vietnamese mobile prefix"},
};

static void test_real_world_inputs(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[16] = "", err[LOA_ERRLEN] = "";
        int rc = phone_normalize(cases[i].in, out, err);
        if (cases[i].want) {
            if (rc != 0 || strcmp(out, cases[i].want)) {
                print_message("  [%s]: want %s, got rc=%d %s (%s)\n", cases[i].in, cases[i].want, rc, out, err);
                failures++;
            } else if (!phone_is_mobile_e164(out)) {
                print_message("  [%s]: %s not recognised as mobile\n", cases[i].in, out);
                failures++;
            }
        } else if (rc == 0 || !strstr(err, cases[i].reason)) {
            print_message("  [%s]: want rejection with '%s', got rc=%d %s (%s)\n", cases[i].in, cases[i].reason, rc, out, err);
            failures++;
        }
    }
    assert_true(sizeof cases / sizeof cases[0] >= 40);
    assert_int_equal(failures, 0);
}

static void test_is_mobile_e164(void **state)
{
    (void)state;
    assert_true(phone_is_mobile_e164("+84912345678"));
    assert_false(phone_is_mobile_e164("+8491234567"));
    assert_false(phone_is_mobile_e164("+84212345678"));
    assert_false(phone_is_mobile_e164("0912345678"));
    assert_false(phone_is_mobile_e164(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_world_inputs),
        cmocka_unit_test(test_is_mobile_e164),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
