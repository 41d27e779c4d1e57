/*
 * csvfile — reading an imported CSV file: libcsv does the parsing; this module feeds it the file
 * in chunks, picks the separator ';' when the header line has more of them than ',' outside quotes
 * (Excel in a Vietnamese locale), and reports a syntax error with the row it is on; and the frame
 * every import shares (open, transaction, bad rows, a file not UTF-8 refused, commit or roll back).
 */
#include "i18n.h"
#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <string.h>

#include "sheet.h"
#include "store.h"
#include "util.h"
#include "vntext.h"

int csvfile_open(const char *file, FILE **fp, char *err)
{
    *fp = fopen(file, "rb");
    if (*fp) return 0;
    int e = errno;
    util_err(err, C_("a file that cannot be opened", "%s: %s"), file, strerror(e));
    return e == ENOENT || e == EACCES ? 1 : -1;
}

void csvfile_refuse_not_utf8(FILE *errs, const char *file)
{
    fprintf(errs, "%s: the file is not UTF-8 (Windows-1258 or TCVN3?): nothing was imported; "
                  "in Excel choose Save As, \"CSV UTF-8 (Comma delimited)\", and import that file\n", file);
}

static unsigned char detect_separator(const char *buf, size_t n)
{
    int commas = 0, semis = 0, quoted = 0;
    for (size_t i = 0; i < n && buf[i] != '\n'; i++) {
        if (buf[i] == '"') quoted = !quoted;
        else if (!quoted && buf[i] == ',') commas++;
        else if (!quoted && buf[i] == ';') semis++;
    }
    return semis > commas ? ';' : ',';
}

static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

int csvfile_read(const struct csvfile *cf, FILE *fp, char *err)
{
    struct csv_parser p;
    csv_init(&p, (cf->flags & CSVFILE_APPEND_NULL ? CSV_APPEND_NULL : 0) | (cf->flags & CSVFILE_EMPTY_IS_NULL ? CSV_EMPTY_IS_NULL : 0));
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, fp);
    csv_set_delim(&p, detect_separator(buf, n));
    int rc = 0;
    while (n > 0 && !cf->halted(cf->ud)) {
        if (cf->hash) *cf->hash = fnv1a(*cf->hash, buf, n);
        if (csv_parse(&p, buf, n, cf->field, cf->record, cf->ud) != n) {
            fprintf(cf->errs, C_("a CSV file libcsv cannot parse", "%s:%ld: %s\n"), cf->file, *cf->row + 1, csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
        n = fread(buf, 1, sizeof buf, fp);
    }
    if (ferror(fp)) rc = util_err(err, _("%s: read error: %s"), cf->file, strerror(errno));
    if (!rc && !cf->halted(cf->ud)) csv_fini(&p, cf->field, cf->record, cf->ud);
    csv_free(&p);
    return rc;
}

/* ---- the frame of an import ---- */

void csvfile_bad_row(struct csvfile_import *im, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    util_report_row(im->errs, im->file, im->row, fmt, ap);
    va_end(ap);
    im->bad++;
}

int csvfile_utf8_cell(struct csvfile_import *im, const char *s, size_t len)
{
    if (vntext_valid_utf8(s, len)) return 0;
    im->not_utf8 = 1;
    return -1;
}

/* The reading stops at a file that is not UTF-8, or a database error. */
static int import_halted(void *ud)
{
    const struct csvfile_import *im = ud;
    return im->not_utf8 || im->system_error;
}

int csvfile_import_run(struct csvfile_import *im, struct csvfile *cf, store *st, const char *sheet,
                       int (*start)(void *ud), int (*finish)(void *ud, int rc), char *err)
{
    FILE *fp;
    int rc = csvfile_open(im->path ? im->path : im->file, &fp, err);
    if (rc) return rc;
    err[0] = '\0';
    if (store_begin(st) < 0) {
        fclose(fp);
        return util_err(err, "%s", store_errmsg(st));
    }
    if (start && start(im) < 0) {
        util_err(err, "%s", store_errmsg(st));
        store_rollback(st);
        fclose(fp);
        return -1;
    }
    cf->file = im->file;
    cf->path = im->path;
    cf->errs = im->errs;
    cf->ud = im;
    cf->halted = import_halted;
    cf->row = &im->row;
    rc = sheet_read_any(cf, fp, sheet, err);
    if (rc < 0) {
        im->system_error = 1;
        rc = 0;
    }
    fclose(fp);
    if (im->not_utf8) {
        csvfile_refuse_not_utf8(im->errs, im->file);
        rc = 1;
    }
    if (!im->system_error) rc = finish(im, rc);
    if (rc == 0 && !im->system_error && im->dry_run) {
        store_rollback(st);
        return 0;
    }
    if (im->system_error || rc < 0 || (rc == 0 && store_commit(st) < 0)) {
        if (!err[0]) util_err(err, "%s", store_errmsg(st));
        store_rollback(st);
        return -1;
    }
    if (rc) store_rollback(st);
    return rc;
}
