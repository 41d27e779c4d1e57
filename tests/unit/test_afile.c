/* test_afile — the one atomic file writer: the whole new file or the old one, its own mode, nothing left behind. */
#include "testutil.h"

#include <sys/stat.h>

#include "afile.h"

static void test_commit_replaces_the_file_with_its_own_mode_whatever_the_umask(void **state)
{
    (void)state;
    char *dir = test_tmpdir(), err[LOA_ERRLEN];
    char *path = test_write_file(dir, "report.csv", "old\n");
    mode_t old = umask(0);   /* a umask that would leave the file world-writable */
    assert_int_equal(afile_write_all(path, 0640, "new\n", 4, err), 0);
    umask(077);              /* and one that would take the group's read away */
    char *other = xasprintf("%s/playlist.m3u", dir);
    assert_int_equal(afile_write_all(other, 0644, "a.mp3\n", 6, err), 0);
    umask(old);
    char *text = test_read_file(path, NULL);
    assert_string_equal(text, "new\n");
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0640);
    assert_int_equal(stat(other, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0644);
    assert_int_equal(test_count_entries(dir), 2);
    free(text);
    free(other);
    free(path);
    test_rm_rf(dir);
    free(dir);
}

static void test_abort_leaves_the_old_file_and_no_temporary(void **state)
{
    (void)state;
    char *dir = test_tmpdir(), err[LOA_ERRLEN];
    char *path = test_write_file(dir, "export.csv", "old\n");
    afile *f = afile_open(path, 0600, err);
    assert_non_null(f);
    assert_int_equal(afile_write(f, "half", 4), 0);
    assert_int_equal(test_count_entries(dir), 2);   /* the temporary sits beside it… */
    afile_abort(f);
    assert_int_equal(test_count_entries(dir), 1);   /* …and is gone */
    char *text = test_read_file(path, NULL);
    assert_string_equal(text, "old\n");
    free(text);
    afile_abort(NULL);
    free(path);
    test_rm_rf(dir);
    free(dir);
}

static void test_a_folder_that_is_not_there_is_named_in_the_error(void **state)
{
    (void)state;
    char *dir = test_tmpdir(), err[LOA_ERRLEN] = "";
    char *path = xasprintf("%s/missing/x.csv", dir);
    assert_int_equal(afile_write_all(path, 0600, "x", 1, err), -1);
    char *want = xasprintf("cannot write '%s': No such file or directory", path);
    assert_string_equal(err, want);
    free(want);
    free(path);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_the_file_with_its_own_mode_whatever_the_umask),
        cmocka_unit_test(test_abort_leaves_the_old_file_and_no_temporary),
        cmocka_unit_test(test_a_folder_that_is_not_there_is_named_in_the_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
