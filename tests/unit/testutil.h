/* testutil — cmocka includes and helpers shared by the unit tests. */
#ifndef LOA_TESTUTIL_H
#define LOA_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"

/* A fresh temporary directory for one test; caller frees the returned path. */
static inline char *test_tmpdir(void)
{
    char tmpl[] = "/tmp/loa-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return xstrdup(d);
}

/* Write TEXT to DIR/NAME; returns the path (caller frees). */
static inline char *test_write_file(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static inline void test_rm_rf(const char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    (void)rc;
    free(cmd);
}

#endif
