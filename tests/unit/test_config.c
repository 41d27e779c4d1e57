/* test_config — loa.cfg and campaign validation: every kind of error, with its file and line. */
#include "testutil.h"

#include "config.h"

static const char *base_cfg =
    "commune = \"Xã Minh Tiến\";\n"          /* 1 */
    "database = \"db/loa.db\";\n"             /* 2 */
    "campaigns_dir = \"campaigns\";\n"        /* 3 */
    "hamlets = (\n"                           /* 4 */
    "  { code = \"X1\"; name = \"Xóm 1\"; },\n" /* 5 */
    "  { code = \"X2\"; name = \"Xóm 2\"; merged_into = \"X1\"; }\n" /* 6 */
    ");\n";

struct fixture {
    char *dir;
    char *cfg_path;
};

static struct fixture setup_dir(const char *cfg_text)
{
    struct fixture f;
    f.dir = test_commune_dir();
    f.cfg_path = test_write_file(f.dir, "loa.cfg", cfg_text);
    return f;
}

static void add_campaign(struct fixture *f, const char *name, const char *text)
{
    char *p = xasprintf("campaigns/%s", name);
    free(test_write_file(f->dir, p, text));
    free(p);
}

static void teardown_dir(struct fixture *f)
{
    test_rm_rf(f->dir);
    free(f->dir);
    free(f->cfg_path);
}

/* Asserts that some error equals "<file>:<line>: " followed by text containing NEEDLE. */
static void assert_error_at(const struct config *cfg, const char *file, int line, const char *needle)
{
    char *prefix = xasprintf("%s:%d: ", file, line);
    for (size_t i = 0; i < cfg->errors.n; i++)
        if (!strncmp(cfg->errors.v[i], prefix, strlen(prefix)) && strstr(cfg->errors.v[i], needle)) {
            free(prefix);
            return;
        }
    for (size_t i = 0; i < cfg->errors.n; i++) print_message("  have: %s\n", cfg->errors.v[i]);
    fail_msg("no error '%s…%s'", prefix, needle);
}

static void test_valid_config_loads_with_defaults(void **state)
{
    (void)state;
    struct fixture f = setup_dir(base_cfg);
    struct config *cfg = config_load(f.cfg_path);
    assert_int_equal(cfg->errors.n, 0);
    assert_string_equal(cfg->commune, "Xã Minh Tiến");
    assert_string_equal(cfg->timezone, "Asia/Ho_Chi_Minh");
    assert_int_equal(cfg->nhamlets, 2);
    assert_int_equal(cfg->sms.max_parts, 3);
    assert_int_equal(cfg->sms.quiet_from, 22 * 60);
    assert_int_equal(cfg->sms.quiet_to, 7 * 60);
    assert_int_equal(cfg->broadcast.nslots, 2);
    assert_int_equal(cfg->broadcast.slots[0], 6 * 60);
    assert_int_equal(cfg->keywords.optout.n, 3);
    /* relative paths resolve against the config file's folder */
    char *db = xasprintf("%s/db/loa.db", f.dir);
    assert_string_equal(cfg->database, db);
    free(db);
    /* merged hamlets count under the new one */
    assert_string_equal(config_hamlet_current(cfg, "x2")->code, "X1");
    config_free(cfg);
    teardown_dir(&f);
}

/* The defaults a config without those groups gets are the ones `loa help config` shows, and the
 * ones a program without any config (loa tts) asks config_default for: one schema row each. */
static void test_defaults_come_from_the_schema_that_help_prints(void **state)
{
    (void)state;
    struct fixture f = setup_dir(base_cfg);
    struct config *cfg = config_load(f.cfg_path);
    assert_int_equal(cfg->errors.n, 0);
    char v[64];
    assert_int_equal(config_default("tts.voice", v, sizeof v), 0);
    assert_string_equal(v, "vi");
    assert_string_equal(cfg->tts.voice, "vi");
    assert_int_equal(config_default("tts.rate", v, sizeof v), 0);
    assert_int_equal(cfg->tts.rate, atoi(v));
    assert_int_equal(cfg->tts.rate, 150);
    assert_int_equal(config_default("broadcast.loudness", v, sizeof v), 0);
    assert_string_equal(v, "-16.0");
    assert_true(cfg->broadcast.loudness == -16.0);
    assert_true(cfg->broadcast.pause == 2.0);
    assert_string_equal(cfg->broadcast.device, "default");
    assert_int_equal(config_default("sms.modems.reply_timeout", v, sizeof v), 0);
    assert_string_equal(v, "60");
    assert_int_equal(config_default("report.day", v, sizeof v), 0);
    assert_int_equal(cfg->report_day, atoi(v));
    assert_int_equal(cfg->retention_inbox_days, 730);
    assert_true(cfg->sms.price_per_part == 350);
    assert_int_equal(config_default("sms.no_such_key", v, sizeof v), -1);
    assert_int_equal(config_default("commune", v, sizeof v), -1);   /* required: no default */
    config_free(cfg);
    teardown_dir(&f);
}

/* Each range is the schema row's, named with its unit, at the value's own line. */
static void test_ranges_come_from_the_schema(void **state)
{
    (void)state;
    char *text = xasprintf("%s"
                           "broadcast: { loudness = -3.0; render_ahead = 100; };\n"                              /* 8 */
                           "tts: { rate = 40; };\n"                                                              /* 9 */
                           "sms: { modems = ( { name = \"m1\"; device = \"/dev/null\";\n"                        /* 10 */
                           "  reply_timeout = 0; rate_per_minute = -1; } ); price_per_part = -5; };\n"           /* 11 */
                           "retention: { inbox_days = -1; };\n", base_cfg);                                     /* 12 */
    struct fixture f = setup_dir(text);
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 8, "broadcast.loudness must be between -40 and -5 LUFS");
    assert_error_at(cfg, f.cfg_path, 8, "broadcast.render_ahead must be between 0 and 72 hours");
    assert_error_at(cfg, f.cfg_path, 9, "tts.rate must be between 80 and 450");
    assert_error_at(cfg, f.cfg_path, 11, "modem 'm1': reply_timeout must be between 1 and 600 seconds");
    assert_error_at(cfg, f.cfg_path, 11, "modem 'm1': rate_per_minute must not be negative");
    assert_error_at(cfg, f.cfg_path, 11, "sms.price_per_part must not be negative");
    assert_error_at(cfg, f.cfg_path, 12, "retention.inbox_days must not be negative");
    assert_int_equal(cfg->errors.n, 7);
    config_free(cfg);
    teardown_dir(&f);
    free(text);
}

static void test_unknown_key_is_reported_with_line_and_suggestion(void **state)
{
    (void)state;
    char *text = xasprintf("%s" "sms: {\n  max_part = 2;\n};\n", base_cfg);
    struct fixture f = setup_dir(text);
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 9, "unknown setting 'sms.max_part' (did you mean 'max_parts'?)");
    config_free(cfg);
    teardown_dir(&f);
    free(text);
}

static void test_reporter_replies_are_checked_with_the_communes_name(void **state)
{
    (void)state;
    /* an unknown placeholder is named at its line */
    char *text = xasprintf("%s" "sms: {\n  reporter_replies: {\n    recorded = \"Đã ghi {soo} tài khoản\";\n  };\n};\n", base_cfg);
    struct fixture f = setup_dir(text);
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 10, "sms.reporter_replies.recorded: unknown placeholder {soo}: use {xa}, {xom}, {so}, {ngay}, {tong}");
    config_free(cfg);
    teardown_dir(&f);
    free(text);
    /* a text that fits alone but not with the commune's name in it */
    sbuf long_text = {0};
    sbuf_add(&long_text, "{xa}: ");
    for (int i = 0; i < 18; i++) sbuf_add(&long_text, "Cảm ơn ");
    text = xasprintf("%s" "sms: {\n  max_parts = 2;\n  reporter_replies: {\n    duplicate = \"%s\";\n  };\n};\n", base_cfg,
                     sbuf_str(&long_text));
    f = setup_dir(text);
    cfg = config_load(f.cfg_path);
    assert_int_equal(cfg->errors.n, 1);
    assert_non_null(strstr(cfg->errors.v[0], ":11: sms.reporter_replies.duplicate may need 3 SMS parts"));
    config_free(cfg);
    teardown_dir(&f);
    free(text);
    sbuf_free(&long_text);
    /* the defaults are Vietnamese and fit */
    f = setup_dir(base_cfg);
    cfg = config_load(f.cfg_path);
    assert_int_equal(cfg->errors.n, 0);
    assert_string_equal(cfg->sms.reporter_replies[RREPLY_WRONG_PIN], "Sai hoặc thiếu mã PIN: báo cáo không được tính. {huong_dan}");
    config_free(cfg);
    teardown_dir(&f);
}

static void test_wrong_type_is_reported(void **state)
{
    (void)state;
    char *text = xasprintf("%s" "sms: {\n  max_parts = \"three\";\n};\n", base_cfg);
    struct fixture f = setup_dir(text);
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 9, "'sms.max_parts' must be an integer");
    config_free(cfg);
    teardown_dir(&f);
    free(text);
}

static void test_missing_required_setting_is_reported(void **state)
{
    (void)state;
    struct fixture f = setup_dir("database = \"x.db\";\ncampaigns_dir = \"campaigns\";\n"
                                 "hamlets = ( { code = \"X1\"; } );\n");
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 3, "missing required setting 'hamlets[0].name'");
    /* the root group has no line of its own: the message names the file */
    int found = 0;
    for (size_t i = 0; i < cfg->errors.n; i++) found |= strstr(cfg->errors.v[i], "missing required setting 'commune'") != NULL;
    assert_true(found);
    config_free(cfg);
    teardown_dir(&f);
}

static void test_syntax_error_names_line_and_other_files_still_checked(void **state)
{
    (void)state;
    struct fixture f = setup_dir(base_cfg);
    add_campaign(&f, "a.cfg", "id = \"a\";\ntitle = \"A\";\nenabled = = true;\n");   /* doubled = on line 3 */
    add_campaign(&f, "b.cfg", "id = \"b\";\ntitle = \"B\";\nenabld = true;\n");   /* typo on line 3 */
    struct config *cfg = config_load(f.cfg_path);
    char *a = xasprintf("%s/campaigns/a.cfg", f.dir), *b = xasprintf("%s/campaigns/b.cfg", f.dir);
    assert_error_at(cfg, a, 3, "`=` must come after a setting's name");
    assert_error_at(cfg, b, 3, "unknown setting 'enabld' (did you mean 'enabled'?)");
    free(a);
    free(b);
    config_free(cfg);
    teardown_dir(&f);
}

static void test_duplicate_campaign_ids_are_reported(void **state)
{
    (void)state;
    struct fixture f = setup_dir(base_cfg);
    add_campaign(&f, "a.cfg", "id = \"same\";\ntitle = \"A\";\n");
    add_campaign(&f, "b.cfg", "# comment\nid = \"same\";\ntitle = \"B\";\n");
    struct config *cfg = config_load(f.cfg_path);
    char *b = xasprintf("%s/campaigns/b.cfg", f.dir);
    assert_error_at(cfg, b, 2, "campaign id 'same' is already used by");
    free(b);
    config_free(cfg);
    teardown_dir(&f);
}

static void test_undefined_hamlet_is_reported(void **state)
{
    (void)state;
    char *text = xasprintf("%s" "sms: {\n  reporters = ( { phone = \"0912345678\"; hamlet = \"X9\"; } );\n};\n", base_cfg);
    struct fixture f = setup_dir(text);
    add_campaign(&f, "a.cfg", "id = \"a\";\ntitle = \"A\";\naudience: {\n  hamlets = [ \"X1\", \"Y7\" ];\n};\n");
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 9, "hamlet 'X9' is not defined");
    char *a = xasprintf("%s/campaigns/a.cfg", f.dir);
    assert_error_at(cfg, a, 4, "hamlet 'Y7' is not defined");
    free(a);
    config_free(cfg);
    teardown_dir(&f);
    free(text);
}

static void test_all_errors_are_collected(void **state)
{
    (void)state;
    char *text = xasprintf("%s" "timezone = \"Europe/Paris\";\n"
                           "sms: {\n  quiet_hours = { from = \"25:00\"; to = \"07:00\"; };\n  max_parts = 0;\n};\n"
                           "broadcast: { slots = [ \"06:00\", \"6h\" ]; };\n", base_cfg);
    struct fixture f = setup_dir(text);
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 8, "timezone 'Europe/Paris' is not supported");
    assert_error_at(cfg, f.cfg_path, 10, "'25:00' is not a time of day");
    assert_error_at(cfg, f.cfg_path, 11, "sms.max_parts must be between 1 and 10");
    assert_error_at(cfg, f.cfg_path, 13, "'6h' is not a time of day");
    assert_true(cfg->errors.n >= 4);
    /* each message is also kept as data, its kind and parameters: written with its kind, it is the
     * English line; a translation of the kind may put the parameters in another order */
    assert_int_equal(cfg->error_msgs.n, cfg->errors.n);
    for (size_t i = 0; i < cfg->errors.n; i++) {
        char *m = config_msg_text(&cfg->error_msgs.v[i], cfg->error_msgs.v[i].kind);
        assert_string_equal(m, cfg->errors.v[i]);
        free(m);
    }
    const struct cfg_msg *range = NULL;
    for (size_t i = 0; i < cfg->error_msgs.n; i++)
        if (strstr(cfg->error_msgs.v[i].kind, "must be between %g and %g")) range = &cfg->error_msgs.v[i];
    assert_non_null(range);
    char *m = config_msg_text(range, "%2$s: từ %3$s đến %4$s%5$s (%1$s%2$s), 100%%");
    char *want = xasprintf("%s:11: max_parts: từ 1 đến 10 (sms.max_parts), 100%%", f.cfg_path);
    assert_string_equal(m, want);
    free(m);
    free(want);
    config_free(cfg);
    teardown_dir(&f);
    free(text);
}

static void test_bad_phone_and_merge_target_are_reported(void **state)
{
    (void)state;
    struct fixture f = setup_dir("commune = \"X\";\ncampaigns_dir = \"campaigns\";\nhamlets = (\n"
                                 "  { code = \"A\"; name = \"A\"; merged_into = \"Z\"; }\n);\n"
                                 "sms: { reporters = ( { phone = \"024 3825 1234\"; } ); };\n");
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 4, "merged into 'Z', which is not defined");
    assert_error_at(cfg, f.cfg_path, 6, "reporter phone '024 3825 1234'");
    config_free(cfg);
    teardown_dir(&f);
}

static void test_impossible_schedule_and_dates_are_reported(void **state)
{
    (void)state;
    struct fixture f = setup_dir(base_cfg);
    add_campaign(&f, "a.cfg",
                 "id = \"a\";\ntitle = \"A\";\nfrom = \"2026-02-30\";\nuntil = \"2026-01-01\";\n"
                 "sms: {\n  text = \"x\";\n  schedule: { times = [ \"25:00\" ]; days = ( \"funday\", 32 ); };\n};\n");
    add_campaign(&f, "b.cfg", "id = \"b\";\ntitle = \"B\";\nfrom = \"2026-03-01\";\nuntil = \"2026-02-01\";\n");
    struct config *cfg = config_load(f.cfg_path);
    char *a = xasprintf("%s/campaigns/a.cfg", f.dir), *b = xasprintf("%s/campaigns/b.cfg", f.dir);
    assert_error_at(cfg, a, 3, "'from' date 2026-02-30: February has 28 days");
    assert_error_at(cfg, a, 7, "'25:00' is not a time of day");
    assert_error_at(cfg, a, 7, "day 'funday' is not a weekday");
    assert_error_at(cfg, a, 7, "day of the month 32");
    assert_error_at(cfg, b, 4, "'until' is before 'from'");
    free(a);
    free(b);
    config_free(cfg);
    teardown_dir(&f);
}

static void test_missing_config_file_is_reported(void **state)
{
    (void)state;
    struct cfg_msg err = {0};
    assert_null(config_find("/nonexistent/loa.cfg", &err));
    char *m = config_msg_text(&err, err.kind);
    assert_string_equal(m, "/nonexistent/loa.cfg: config file not found (given with -c)");
    free(m);
    config_msg_clear(&err);
}

static void test_stream_settings_and_levels(void **state)
{
    (void)state;
    char *text = xasprintf("%s"
                           "broadcast: {\n"                                            /* 8 */
                           "  stream: { host = \"10.0.0.2\"; password = \"hackme\";\n" /* 9 */
                           "            bitrate = 33; mount = \"loa\"; };\n"           /* 10 */
                           "};\n", base_cfg);
    struct fixture f = setup_dir(text);
    add_campaign(&f, "a.cfg", "id = \"a\";\ntitle = \"A\";\nbroadcast: { text = \"x\"; level = \"khẩn\"; };\n");
    add_campaign(&f, "b.cfg", "id = \"b\";\ntitle = \"B\";\nbroadcast: { text = \"y\"; level = \"ưu tiên\"; };\n");
    struct config *cfg = config_load(f.cfg_path);
    assert_error_at(cfg, f.cfg_path, 9, "not Icecast's sample password 'hackme'");
    assert_error_at(cfg, f.cfg_path, 10, "bitrate must be one of");
    assert_error_at(cfg, f.cfg_path, 10, "mount 'loa' must start with /");
    char *a = xasprintf("%s/campaigns/a.cfg", f.dir);
    assert_error_at(cfg, a, 3, "broadcast.level 'khẩn' must be thuong, uu-tien or khan-cap");
    assert_true(cfg->broadcast.stream.enabled);
    assert_int_equal(cfg->broadcast.stream.port, 8000);
    assert_int_equal(config_campaign(cfg, "b")->bc_level, CFG_LEVEL_UU_TIEN);
    assert_int_equal(cfg->broadcast.emergency_repeat, 3);
    assert_int_equal(config_level("khan-cap"), CFG_LEVEL_KHAN_CAP);
    assert_int_equal(config_level("thường"), CFG_LEVEL_THUONG);
    assert_string_equal(config_level_name(CFG_LEVEL_UU_TIEN), "uu-tien");
    free(a);
    config_free(cfg);
    teardown_dir(&f);
    free(text);
}

static void test_demo_config_is_valid(void **state)
{
    (void)state;
    const char *root = getenv("LOA_ROOT");
    char *path = xasprintf("%s/config/loa.cfg", root ? root : ".");
    struct config *cfg = config_load(path);
    for (size_t i = 0; i < cfg->errors.n; i++) print_message("  %s\n", cfg->errors.v[i]);
    assert_int_equal(cfg->errors.n, 0);
    assert_true(cfg->nhamlets >= 5);
    assert_true(cfg->ncampaigns >= 4);
    assert_int_equal(cfg->ntargets, 2);
    assert_int_equal(cfg->targets[0].vneid, 1500);
    assert_int_equal(cfg->targets[1].vneid, 2500);
    config_free(cfg);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_config_loads_with_defaults),
        cmocka_unit_test(test_defaults_come_from_the_schema_that_help_prints),
        cmocka_unit_test(test_ranges_come_from_the_schema),
        cmocka_unit_test(test_stream_settings_and_levels),
        cmocka_unit_test(test_unknown_key_is_reported_with_line_and_suggestion),
        cmocka_unit_test(test_reporter_replies_are_checked_with_the_communes_name),
        cmocka_unit_test(test_wrong_type_is_reported),
        cmocka_unit_test(test_missing_required_setting_is_reported),
        cmocka_unit_test(test_syntax_error_names_line_and_other_files_still_checked),
        cmocka_unit_test(test_duplicate_campaign_ids_are_reported),
        cmocka_unit_test(test_undefined_hamlet_is_reported),
        cmocka_unit_test(test_all_errors_are_collected),
        cmocka_unit_test(test_bad_phone_and_merge_target_are_reported),
        cmocka_unit_test(test_impossible_schedule_and_dates_are_reported),
        cmocka_unit_test(test_missing_config_file_is_reported),
        cmocka_unit_test(test_demo_config_is_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
