/*
 * contacts — CSV import and export of residents with libcsv.
 *
 * Import streams the file through libcsv in one transaction: the header row maps
 * columns (Vietnamese or English names, any case, with or without diacritics); each
 * row is checked (phone to E.164, hamlet defined, no number twice in the file) and
 * upserted by phone. Any bad row rolls everything back unless skip_invalid.
 */
#include "contacts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "csvfile.h"
#include "log.h"
#include "phone.h"
#include "util.h"
#include "vntext.h"

enum col { COL_NAME, COL_PHONE, COL_HAMLET, COL_HOUSEHOLD, COL_TAGS, COL__N };

static const struct { const char *folded; enum col col; } header_names[] = {
    {"ho va ten", COL_NAME}, {"ho ten", COL_NAME}, {"ten", COL_NAME}, {"name", COL_NAME}, {"full name", COL_NAME},
    {"so dien thoai", COL_PHONE}, {"dien thoai", COL_PHONE}, {"sdt", COL_PHONE}, {"so dt", COL_PHONE},
    {"phone", COL_PHONE}, {"phone number", COL_PHONE}, {"mobile", COL_PHONE},
    {"xom", COL_HAMLET}, {"thon", COL_HAMLET}, {"hamlet", COL_HAMLET}, {"ma xom", COL_HAMLET},
    {"ho", COL_HOUSEHOLD}, {"ma ho", COL_HOUSEHOLD}, {"household", COL_HOUSEHOLD}, {"ho gia dinh", COL_HOUSEHOLD},
    {"nhom", COL_TAGS}, {"tags", COL_TAGS}, {"tag", COL_TAGS}, {"groups", COL_TAGS},
};

struct importer {
    store *st;
    const struct config *cfg;
    const char *file;
    FILE *errs;
    time_t now;
    long row;               /* current record, header = 1 */
    int header_done;
    int map[64];            /* field index -> enum col, or -1 */
    int nmapped[COL__N];
    int nfields;
    sbuf rowbuf;            /* this row's mapped fields, each NUL-terminated: no malloc per field */
    long off[COL__N];       /* offset of each column's value in rowbuf, -1 when absent */
    struct csvfile *cf;     /* the file being read: its bad rows */
    int system_error;
    int header_error;
    strmap seen;            /* phone -> row where it first appeared */
    struct contacts_import_result *res;
};

static void on_field(void *data, size_t len, void *ud)
{
    struct importer *im = ud;
    if (im->system_error) return;
    const char *s = data ? data : "";
    int idx = im->nfields++;
    if (!im->header_done) {
        if (idx >= 64) return;
        char *raw = xstrndup(s, len);
        /* The first header may carry Excel's BOM. */
        const char *h = raw;
        char *folded = vntext_fold(h);
        im->map[idx] = -1;
        for (size_t i = 0; folded && i < sizeof header_names / sizeof header_names[0]; i++)
            if (!strcmp(folded, header_names[i].folded)) {
                im->map[idx] = header_names[i].col;
                im->nmapped[header_names[i].col]++;
                break;
            }
        free(folded);
        free(raw);
        return;
    }
    if (idx < 64 && im->map[idx] >= 0) {
        im->off[im->map[idx]] = (long)im->rowbuf.len;
        sbuf_addn(&im->rowbuf, s, len);
        sbuf_addc(&im->rowbuf, '\0');
    }
}

/* Column COL of this row trimmed and NFC, or NULL when empty. *ALLOC receives a string to free
 * when normalisation had to copy (rare: most text is NFC already). */
static const char *clean(struct importer *im, enum col col, char **alloc)
{
    *alloc = NULL;
    if (im->off[col] < 0) return NULL;
    char *t = util_trim(im->rowbuf.s + im->off[col]);
    if (!*t) return NULL;
    if (vntext_surely_nfc(t)) return t;
    return *alloc = vntext_nfc(t);
}

/* The hamlet a CSV cell names, by code (old codes count under the new hamlet) or by name. */
static const struct cfg_hamlet *find_hamlet(const struct config *cfg, const char *v)
{
    const struct cfg_hamlet *h = config_hamlet_current(cfg, v);
    if (h) return h;
    char *fv = vntext_fold(v);
    for (size_t i = 0; fv && i < cfg->nhamlets && !h; i++) {
        char *fn = vntext_fold(cfg->hamlets[i].name);
        if (fn && !strcmp(fn, fv)) h = config_hamlet_current(cfg, cfg->hamlets[i].code);
        free(fn);
    }
    free(fv);
    return h;
}

static void import_row(struct importer *im)
{
    char *own[COL__N];
    const char *name = clean(im, COL_NAME, &own[COL_NAME]);
    const char *phone_in = clean(im, COL_PHONE, &own[COL_PHONE]);
    const char *hamlet = clean(im, COL_HAMLET, &own[COL_HAMLET]);
    const char *household = clean(im, COL_HOUSEHOLD, &own[COL_HOUSEHOLD]);
    const char *tags = clean(im, COL_TAGS, &own[COL_TAGS]);
    char phone[32], perr[LOA_ERRLEN];
    const struct cfg_hamlet *h = NULL;
    long earlier;
    im->res->rows++;
    if (!phone_in)
        csvfile_bad_row(im->cf, "no phone number");
    else if (phone_normalize(phone_in, phone, perr) < 0)
        csvfile_bad_row(im->cf, "phone '%s': %s", phone_in, perr);
    else if (hamlet && !(h = find_hamlet(im->cfg, hamlet)))
        csvfile_bad_row(im->cf, "hamlet '%s' is not one of the hamlets in %s", hamlet, im->cfg->path);
    else if ((earlier = strmap_put_new(&im->seen, phone, im->row)))
        csvfile_bad_row(im->cf, "phone %s is already on row %ld", phone_in, earlier);
    else {
        struct contact c = {.phone = phone, .name = (char *)name, .hamlet = h ? h->code : NULL,
                            .household = (char *)household, .tags = (char *)tags};
        if (store_contact_upsert(im->st, &c, im->now) < 0) im->system_error = 1;
    }
    for (int i = 0; i < COL__N; i++) free(own[i]);
}

static void on_record(int c, void *ud)
{
    struct importer *im = ud;
    (void)c;
    im->row++;
    if (im->system_error) return;
    if (!im->header_done) {
        im->header_done = 1;
        if (!im->nmapped[COL_PHONE]) {
            fprintf(im->errs, "%s:1: no phone column: the header row must name one (\"Số điện thoại\" or \"phone\")\n", im->file);
            im->header_error = 1;
        }
        for (int i = 0; i < COL__N; i++)
            if (im->nmapped[i] > 1) {
                fprintf(im->errs, "%s:1: two columns have the same meaning; keep one\n", im->file);
                im->header_error = 1;
                break;
            }
    } else if (!im->header_error) {
        int blank = 1;
        for (int i = 0; i < COL__N; i++)
            if (im->off[i] >= 0 && *util_trim(im->rowbuf.s + im->off[i])) blank = 0;
        if (!blank) import_row(im);
    }
    for (int i = 0; i < COL__N; i++) im->off[i] = -1;
    sbuf_reset(&im->rowbuf);
    im->nfields = 0;
}

/* The reading stops at a database error (csvfile stops it at a file that is not UTF-8). */
static int halted(void *ud)
{
    struct importer *im = ud;
    return im->system_error;
}

int contacts_import(store *st, const struct config *cfg, const char *file, int skip_invalid,
                    FILE *errs, struct contacts_import_result *res, char *err)
{
    memset(res, 0, sizeof *res);
    FILE *fp;
    int rc = csvfile_open(file, &fp, err);
    if (rc) return rc;
    struct importer im = {.st = st, .cfg = cfg, .file = file, .errs = errs, .now = util_now(), .res = res};
    for (int i = 0; i < COL__N; i++) im.off[i] = -1;
    int64_t before = store_contacts_count(st);
    if (before < 0 || store_begin(st) < 0) {
        util_err(err, "%s", store_errmsg(st));
        fclose(fp);
        return -1;
    }
    struct csvfile cf = {.file = file, .errs = errs, .flags = CSVFILE_APPEND_NULL | CSVFILE_EMPTY_IS_NULL, .field = on_field,
                         .record = on_record, .ud = &im, .halted = halted, .row = &im.row};
    im.cf = &cf;
    rc = csvfile_read(&cf, fp, err);
    if (rc < 0) {
        im.system_error = 1;
        rc = 0;
    }
    fclose(fp);
    sbuf_free(&im.rowbuf);
    strmap_free(&im.seen);

    res->invalid = cf.bad;
    if (im.header_error || (!rc && res->invalid && !skip_invalid)) rc = 1;
    if (im.system_error) {
        if (!err[0]) util_err(err, "%s", store_errmsg(st));
        store_rollback(st);
        return -1;
    }
    if (rc) {
        store_rollback(st);
        res->inserted = res->updated = 0;
        return 1;
    }
    char *detail = xasprintf("%s: %ld rows, %ld invalid", file, res->rows, res->invalid);
    store_event(st, "contacts.import", NULL, detail);
    free(detail);
    if (store_commit(st) < 0) {
        util_err(err, "%s", store_errmsg(st));
        store_rollback(st);
        return -1;
    }
    int64_t after = store_contacts_count(st);
    res->inserted = (long)(after - before);
    res->updated = res->rows - res->invalid - res->inserted;
    return 0;
}

/* ---- export ---- */

static void csv_field(FILE *fp, const char *s)
{
    if (!s) s = "";
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static int export_one(void *ud, const struct contact *c)
{
    FILE *fp = ud;
    csv_field(fp, c->name); fputc(',', fp);
    csv_field(fp, c->phone); fputc(',', fp);
    csv_field(fp, c->hamlet); fputc(',', fp);
    csv_field(fp, c->household); fputc(',', fp);
    csv_field(fp, c->tags);
    fputs("\r\n", fp);
    return 0;
}

int contacts_export(store *st, const char *file, char *err)
{
    /* 0600: the file holds residents' names and numbers (Decree 13/2023), whatever the umask */
    afile *f = afile_open(file, 0600, err);
    if (!f) return -1;
    FILE *fp = fdopen(dup(afile_fd(f)), "wb");
    if (!fp) {
        util_err(err, "cannot write '%s': %s", file, strerror(errno));
        afile_abort(f);
        return -1;
    }
    fputs("\xEF\xBB\xBF" "Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm\r\n", fp);
    int rc = store_contacts_each(st, NULL, export_one, fp);
    if (fclose(fp) != 0 || rc < 0) {
        util_err(err, rc < 0 ? "%s: %s" : "cannot write '%s': %s", file, rc < 0 ? store_errmsg(st) : strerror(errno));
        afile_abort(f);
        return -1;
    }
    return afile_commit(f, err);
}
