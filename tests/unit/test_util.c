/* test_util — the string map the imports and the scheduler rely on for duplicates and caches. */
#include "testutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap_keeps_first_value_and_finds_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
