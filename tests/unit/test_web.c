/*
 * test_web — the page's pure parts: the wrong-password brake (doubling per user and per address, capped at
 * WEB_BRAKE_MAX, cleared by a right password, never a lockout), form and cookie parsing, Host checks,
 * escaping, tokens and password hashes. Time is passed in: no test waits.
 */
#include "testutil.h"

#include <string.h>

#include "web.h"

static void test_web_brake_doubles_per_user_and_caps_at_30_s(void **state)
{
    (void)state;
    web_brake *b = web_brake_new();
    time_t t = 1000000;
    assert_int_equal(web_brake_wait(b, "lan", "10.0.0.5", t), 0);
    long want[] = {1, 2, 4, 8, 16, 30, 30, 30};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(web_brake_fail(b, "lan", "10.0.0.5", t), want[i]);
        assert_int_equal(web_brake_wait(b, "lan", "10.0.0.5", t), want[i]);
        t += want[i];   /* each next try after its wait: heard, never locked out */
        assert_int_equal(web_brake_wait(b, "lan", "10.0.0.5", t), 0);
    }
    /* another address trying the same user waits as long: the brake is per user too */
    web_brake_fail(b, "lan", "10.0.0.5", t);
    assert_int_equal(web_brake_wait(b, "lan", "10.0.0.99", t), 30);
    /* another user from another address is not slowed */
    assert_int_equal(web_brake_wait(b, "minh", "10.0.0.7", t), 0);
    /* the address that guessed is slowed for any user name */
    assert_int_equal(web_brake_wait(b, "minh", "10.0.0.5", t), 30);
    web_brake_free(b);
}

static void test_web_brake_right_password_clears_and_old_waits_forget(void **state)
{
    (void)state;
    web_brake *b = web_brake_new();
    time_t t = 5000;
    web_brake_fail(b, "lan", "a", t);
    web_brake_fail(b, "lan", "a", t + 1);
    web_brake_clear(b, "lan", "a");
    assert_int_equal(web_brake_wait(b, "lan", "a", t + 1), 0);
    assert_int_equal(web_brake_fail(b, "lan", "a", t + 2), 1);
    /* long after the last wrong try the next starts again from one second */
    assert_int_equal(web_brake_fail(b, "lan", "a", t + 3), 2);
    assert_int_equal(web_brake_fail(b, "lan", "a", t + 10000), 1);
    /* many addresses: entries long expired are reused, the table stays small */
    for (int i = 0; i < 1000; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 256, i % 256);
        web_brake_fail(b, "x", addr, t + 20000 + (time_t)i * 100);
    }
    web_brake_free(b);
    web_brake_free(NULL);
}

static void test_web_form_fields_are_decoded_and_bounded(void **state)
{
    (void)state;
    const char *body = "user=lan&password=p%41ss+w%C3%B3rd&csrf=&bad=%zz%4&text=%3Cb%3E&nul=a%00b";
    char out[64];
    assert_int_equal(web_form_get(body, strlen(body), "user", out, sizeof out), 0);
    assert_string_equal(out, "lan");
    assert_int_equal(web_form_get(body, strlen(body), "password", out, sizeof out), 0);
    assert_string_equal(out, "pAss w\xc3\xb3rd");
    assert_int_equal(web_form_get(body, strlen(body), "csrf", out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(web_form_get(body, strlen(body), "bad", out, sizeof out), 0);
    assert_string_equal(out, "%zz%4");
    assert_int_equal(web_form_get(body, strlen(body), "text", out, sizeof out), 0);
    assert_string_equal(out, "<b>");
    assert_int_equal(web_form_get(body, strlen(body), "nul", out, sizeof out), -1);
    assert_int_equal(web_form_get(body, strlen(body), "pass", out, sizeof out), -1);
    assert_int_equal(web_form_get(body, strlen(body), "user", out, 3), -1);   /* "lan" needs 4 bytes */
    assert_int_equal(web_form_get(body, strlen(body), "user", out, 4), 0);
    assert_int_equal(web_form_get(body, 5, "user", out, sizeof out), 0);       /* the body's length bounds it */
    assert_string_equal(out, "");
}

static void test_web_cookie_and_host(void **state)
{
    (void)state;
    char out[80];
    assert_int_equal(web_cookie_get("a=1; loa_session=abc; b=2", "loa_session", out, sizeof out), 0);
    assert_string_equal(out, "abc");
    assert_int_equal(web_cookie_get("xloa_session=abc", "loa_session", out, sizeof out), -1);
    assert_int_equal(web_cookie_get("loa_session=abcdef", "loa_session", out, 4), -1);
    assert_int_equal(web_cookie_get(NULL, "loa_session", out, sizeof out), -1);
    struct cfg_strlist names = {0};
    char *n = "loa.local";
    names.v = &n, names.n = 1;
    assert_true(web_host_ok("127.0.0.1:8080", "127.0.0.1:8080", &names));
    assert_true(web_host_ok("loa.local:8080", "127.0.0.1:8080", &names));
    assert_true(web_host_ok("LOA.local", "127.0.0.1:8080", &names));
    assert_false(web_host_ok("loa.local:80", "127.0.0.1:8080", &names));
    assert_false(web_host_ok("evil.example:8080", "127.0.0.1:8080", &names));
    assert_false(web_host_ok("127.0.0.1.evil.example:8080", "127.0.0.1:8080", &names));
    assert_false(web_host_ok("", "127.0.0.1:8080", &names));
    assert_false(web_host_ok(NULL, "127.0.0.1:8080", &names));
    assert_true(web_host_ok("[::1]:8080", "[::1]:8080", NULL));
    assert_false(web_host_ok("[::2]:8080", "[::1]:8080", NULL));
}

static void test_web_escape_tokens_and_passwords(void **state)
{
    (void)state;
    sbuf b = {0};
    web_esc(&b, "<script>\"'&x");
    assert_string_equal(sbuf_str(&b), "&lt;script&gt;&quot;&#39;&amp;x");
    sbuf_free(&b);
    assert_int_equal(web_auth_init(), 0);
    char t1[WEB_TOKEN_HEX], t2[WEB_TOKEN_HEX], h[WEB_TOKEN_HEX], c1[WEB_TOKEN_HEX], c2[WEB_TOKEN_HEX];
    web_token_new(t1);
    web_token_new(t2);
    assert_int_equal(strlen(t1), 64);
    assert_string_not_equal(t1, t2);
    web_token_hash(t1, h);
    assert_string_not_equal(h, t1);
    web_csrf_of(t1, c1);
    web_csrf_of(t2, c2);
    assert_string_not_equal(c1, c2);
    assert_string_not_equal(c1, h);
    assert_true(web_token_eq(c1, c1));
    assert_false(web_token_eq(c1, c2));
    assert_false(web_token_eq("", ""));
    char hash[WEB_HASH_LEN];
    assert_int_equal(web_password_hash("correct horse", hash), 0);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_true(web_password_ok(hash, "correct horse"));
    assert_false(web_password_ok(hash, "correct horsE"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_web_brake_doubles_per_user_and_caps_at_30_s),
        cmocka_unit_test(test_web_brake_right_password_clears_and_old_waits_forget),
        cmocka_unit_test(test_web_form_fields_are_decoded_and_bounded),
        cmocka_unit_test(test_web_cookie_and_host),
        cmocka_unit_test(test_web_escape_tokens_and_passwords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
