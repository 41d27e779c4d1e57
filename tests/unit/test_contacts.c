/* test_contacts — CSV import: BOM, CRLF, quotes, semicolons, headers, bad rows, all-or-nothing, re-import. */
#include "testutil.h"

#include "config.h"
#include "contacts.h"
#include "store.h"

struct env {
    char *dir;
    struct config *cfg;
    store *st;
    char errs[8192];
    FILE *errfp;
};

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
        "hamlets = ( { code = \"X1\"; name = \"Xóm Đồng Kiệm\"; }, { code = \"X2\"; name = \"Xóm 2\"; },\n"
        "            { code = \"X3\"; name = \"Xóm 3\"; merged_into = \"X2\"; } );\n"));
    e->cfg = test_config_load(e->dir);
    e->st = test_store_open(e->cfg);
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

/* Import TEXT as a file; returns contacts_import's code; errors land in e->errs. */
static int import_text(struct env *e, const char *text, int skip, struct contacts_import_result *res)
{
    char *path = test_write_file(e->dir, "in.csv", text);
    memset(e->errs, 0, sizeof e->errs);
    FILE *fp = fmemopen(e->errs, sizeof e->errs - 1, "w");
    char err[LOA_ERRLEN] = "";
    int rc = contacts_import(e->st, e->cfg, path, skip, fp, res, err);
    fclose(fp);
    free(path);
    return rc;
}

static char *name_of(struct env *e, const char *phone)
{
    struct contact c = {0};
    if (store_contact_get(e->st, phone, &c) != 0) return NULL;
    char *n = xstrdup(c.name);
    store_contact_clear(&c);
    return n;
}

static void test_excel_file_with_bom_crlf_and_vietnamese_headers(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    int rc = import_text(e, "\xEF\xBB\xBFHọ và tên,Số điện thoại,Xóm,Hộ,Nhóm\r\n"
                            "Nguyễn Văn An,0912345678,X1,H01,\"chua-cccd,doan-vien\"\r\n"
                            "Trần Thị Bình,+84 983 456 789,Xóm 2,H02,\r\n", 0, &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.inserted, 2);
    struct contact c = {0};
    assert_int_equal(store_contact_get(e->st, "+84912345678", &c), 0);
    assert_string_equal(c.name, "Nguyễn Văn An");
    assert_string_equal(c.hamlet, "X1");
    assert_string_equal(c.tags, "chua-cccd,doan-vien");
    store_contact_clear(&c);
    assert_int_equal(store_contact_get(e->st, "+84983456789", &c), 0);
    assert_string_equal(c.hamlet, "X2");  /* hamlet given by its name */
    store_contact_clear(&c);
}

static void test_semicolons_quotes_with_newlines_and_english_headers(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    int rc = import_text(e, "PHONE;Name;hamlet\n"
                            "0912000001;\"Lê Văn \"\"Tư\"\"\nngười mới\";x1\n"
                            "0912000002;Phạm Thị Hoa;X3\n", 0, &r);
    assert_int_equal(rc, 0);
    char *n = name_of(e, "+84912000001");
    assert_string_equal(n, "Lê Văn \"Tư\"\nngười mới");
    free(n);
    struct contact c = {0};
    assert_int_equal(store_contact_get(e->st, "+84912000002", &c), 0);
    assert_string_equal(c.hamlet, "X2");  /* merged hamlet's old code counts under the new one */
    store_contact_clear(&c);
}

static void test_headers_without_diacritics_any_case(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    assert_int_equal(import_text(e, "HO VA TEN,so dien thoai,XOM\nNgô An,0912000003,X1\n", 0, &r), 0);
    char *n = name_of(e, "+84912000003");
    assert_string_equal(n, "Ngô An");
    free(n);
}

static void test_bad_rows_are_all_reported_and_nothing_is_imported(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    int rc = import_text(e, "name,phone,hamlet\n"
                            "Good One,0912000010,X1\n"     /* row 2 */
                            "Landline,02438251234,X1\n"    /* row 3 */
                            "Excel,9.12E+08,X1\n"          /* row 4 */
                            "Nowhere,0912000011,X9\n"      /* row 5 */
                            "Good One,0912000010,X1\n"     /* row 6: the same person again */
                            "No phone,,X1\n",              /* row 7 */
                         0, &r);
    assert_int_equal(rc, 1);
    assert_int_equal(r.invalid, 5);
    assert_non_null(strstr(e->errs, "in.csv:3: phone '02438251234'"));
    assert_non_null(strstr(e->errs, "in.csv:4: phone '9.12E+08'"));
    assert_non_null(strstr(e->errs, "in.csv:5: hamlet 'X9'"));
    assert_non_null(strstr(e->errs, "in.csv:6: phone 0912000010 is already on row 2, with the same name"));
    assert_non_null(strstr(e->errs, "in.csv:7: no phone number"));
    assert_int_equal(store_contacts_count(e->st), 0);   /* all or nothing */
}

static void test_skip_invalid_imports_the_good_rows(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    int rc = import_text(e, "name,phone\nA,0912000020\nB,garbage\nC,0912000021\n", 1, &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.inserted, 2);
    assert_int_equal(r.invalid, 1);
    assert_non_null(strstr(e->errs, "in.csv:3: phone 'garbage'"));
    assert_int_equal(store_contacts_count(e->st), 2);
}

static void test_reimport_updates_by_phone_never_duplicates(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    assert_int_equal(import_text(e, "name,phone,hamlet\nHoa,0912000030,X1\nLan,0912000031,X1\n", 0, &r), 0);
    assert_int_equal(r.inserted, 2);
    assert_int_equal(import_text(e, "name,phone,hamlet\nHoa Lê,84912000030,X2\nMai,0912000032,X1\n", 0, &r), 0);
    assert_int_equal(r.inserted, 1);
    assert_int_equal(r.updated, 1);
    assert_int_equal(store_contacts_count(e->st), 3);
    char *n = name_of(e, "+84912000030");
    assert_string_equal(n, "Hoa Lê");
    free(n);
}

static void test_windows_1258_file_is_refused_whole(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    /* "Nguy\xea n" : 0xEA is ê in Windows-1258, invalid as UTF-8 */
    int rc = import_text(e, "name,phone\nGood,0912000040\nNguy\xean,0912000041\n", 1, &r);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(e->errs, "not UTF-8"));
    assert_non_null(strstr(e->errs, "CSV UTF-8"));
    assert_int_equal(store_contacts_count(e->st), 0);
}

static void test_file_without_phone_column_is_refused(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    assert_int_equal(import_text(e, "name,address\nA,somewhere\n", 0, &r), 1);
    assert_non_null(strstr(e->errs, "in.csv:1: no phone column"));
}

static void test_export_then_reimport_round_trips(void **state)
{
    struct env *e = *state;
    struct contacts_import_result r;
    assert_int_equal(import_text(e, "name,phone,hamlet,tags\n\"Đỗ, Văn Hùng\",0912000050,X1,\"a,b\"\n", 0, &r), 0);
    char *out = xasprintf("%s/out.csv", e->dir);
    char err[LOA_ERRLEN];
    assert_int_equal(contacts_export(e->st, out, err), 0);
    FILE *fp = fopen(out, "rb");
    char buf[512] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    assert_true(n > 3);
    assert_memory_equal(buf, "\xEF\xBB\xBF", 3);
    assert_int_equal(store_contact_remove(e->st, "+84912000050"), 0);
    FILE *errs = fopen("/dev/null", "w");
    assert_int_equal(contacts_import(e->st, e->cfg, out, 0, errs, &r, err), 0);
    fclose(errs);
    struct contact c = {0};
    assert_int_equal(store_contact_get(e->st, "+84912000050", &c), 0);
    assert_string_equal(c.name, "Đỗ, Văn Hùng");
    assert_string_equal(c.tags, "a,b");
    store_contact_clear(&c);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_excel_file_with_bom_crlf_and_vietnamese_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_semicolons_quotes_with_newlines_and_english_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_headers_without_diacritics_any_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_rows_are_all_reported_and_nothing_is_imported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_skip_invalid_imports_the_good_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimport_updates_by_phone_never_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_windows_1258_file_is_refused_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_without_phone_column_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_then_reimport_round_trips, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
