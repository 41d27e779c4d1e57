/*
 * contacts — import and export of residents: CSV files with libcsv, Excel files through sheet.
 *
 * Import streams the file's rows (csvfile or sheet) in one transaction: the header row maps
 * columns (Vietnamese or English names, any case, with or without diacritics); each
 * row is checked (phone to E.164, hamlet defined, no person twice in the file) and
 * upserted by (phone, name): a resident is a person, and a household's residents may share
 * a phone. Alone on its number in the file, a new name on a number that had one resident is
 * that resident renamed (store_contacts_settle_import). Any bad row rolls everything back
 * unless skip_invalid.
 */
#include "i18n.h"
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

enum col { COL_NAME, COL_PHONE, COL_HAMLET, COL_HOUSEHOLD, COL_TAGS, COL_ADDRESS, COL_VNEID, COL_OPTOUT, COL_PART, COL__N };

#define MAX_PARTS 4         /* columns a name may be split into: Họ, Họ đệm / Tên đệm, Tên */

/* Headers by their folded key. "ho" is not here: "Họ" (family name) and "Hộ" (household) fold
 * alike, so header_col tells them apart by the diacritics. */
static const struct { const char *folded; enum col col; } header_names[] = {
    {"ho va ten", COL_NAME}, {"ho ten", COL_NAME}, {"name", COL_NAME}, {"full name", COL_NAME},
    {"so dien thoai", COL_PHONE}, {"dien thoai", COL_PHONE}, {"sdt", COL_PHONE}, {"so dt", COL_PHONE},
    {"phone", COL_PHONE}, {"phone number", COL_PHONE}, {"mobile", COL_PHONE},
    {"xom", COL_HAMLET}, {"thon", COL_HAMLET}, {"hamlet", COL_HAMLET}, {"ma xom", COL_HAMLET},
    {"thon xom", COL_HAMLET}, {"xom thon", COL_HAMLET}, {"to", COL_HAMLET}, {"to dan pho", COL_HAMLET},
    {"ma ho", COL_HOUSEHOLD}, {"household", COL_HOUSEHOLD},
    {"nhom", COL_TAGS}, {"tags", COL_TAGS}, {"tag", COL_TAGS}, {"groups", COL_TAGS},
    {"dia chi", COL_ADDRESS}, {"address", COL_ADDRESS},
    {"vneid", COL_VNEID}, {"tu choi tin nhan", COL_OPTOUT}, {"tu choi", COL_OPTOUT}, {"opted out", COL_OPTOUT},
    {"ho dem", COL_PART}, {"ten dem", COL_PART}, {"dem", COL_PART}, {"ten", COL_PART},
};

/* The column a header names, or -1. RAW is the header as written (NFC), FOLDED its key. */
static int header_col(const char *raw, const char *folded)
{
    /* Hộ (household) carries a circumflex: U+1ED9 / U+1ED8; Họ (family name) does not. */
    int circumflex = strstr(raw, "\xE1\xBB\x99") || strstr(raw, "\xE1\xBB\x98");
    if (!strcmp(folded, "ho")) return circumflex ? COL_HOUSEHOLD : COL_PART;
    if (!strcmp(folded, "ho gia dinh")) return circumflex ? COL_HOUSEHOLD : -1;
    for (size_t i = 0; i < sizeof header_names / sizeof header_names[0]; i++)
        if (!strcmp(folded, header_names[i].folded)) return (int)header_names[i].col;
    return -1;
}

struct importer {
    struct csvfile_import in;  /* file, errs, row (the header = 1), bad rows, not UTF-8, system error */
    store *st;
    const struct config *cfg;
    time_t now;
    int header_done;
    int map[64];            /* field index -> enum col, or -1 */
    int nmapped[COL__N];
    int nfields;
    sbuf rowbuf;            /* this row's mapped fields, each NUL-terminated: no malloc per field */
    long off[COL__N];       /* offset of each column's value in rowbuf, -1 when absent */
    long part_off[MAX_PARTS];  /* the name's parts in column order (COL_PART), -1 when absent */
    int nparts;             /* parts seen in this row */
    long nonascii;          /* cells with letters beyond ASCII */
    long legacy;            /* of those, cells that look typed with TCVN3 / VNI fonts */
    char *legacy_sample;    /* the first of them, to show */
    int header_error;
    int skip_invalid;       /* bad rows are left out, the others imported */
    int64_t before;         /* residents before the import */
    int64_t max_id;         /* the residents' highest id before the import: greater ones are new */
    strmap phones;          /* phone -> 1 + index in nums[] */
    struct number {         /* 16 bytes: one per number of a file of 100,000 */
        int64_t id;         /* the resident of the number's first row */
        int32_t row;        /* that row */
        int32_t again;      /* the number came back on a later row: its people are in `people` */
    } *nums;
    size_t nnums;
    strmap people;          /* numbers that came back only: phone and folded name -> row of that person */
    struct contacts_import_result *res;
};

static void on_field(void *data, size_t len, void *ud)
{
    struct importer *im = ud;
    if (im->in.not_utf8 || im->in.system_error) return;
    const char *s = data ? data : "";
    int idx = im->nfields++;
    if (csvfile_utf8_cell(&im->in, s, len) < 0) return;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) {
            im->nonascii++;
            if (vntext_legacy_font(s, len) && !im->legacy++) im->legacy_sample = xstrndup(s, len < 60 ? len : 60);
            break;
        }
    if (!im->header_done) {
        if (idx >= 64) return;
        char *raw = xstrndup(s, len);
        /* The first header may carry Excel's BOM. */
        const char *h = raw;
        if (idx == 0 && !strncmp(h, "\xEF\xBB\xBF", 3)) h += 3;
        char *nfc = vntext_nfc(h);
        char *folded = vntext_fold(h);
        im->map[idx] = nfc && folded ? header_col(nfc, folded) : -1;
        if (im->map[idx] >= 0) im->nmapped[im->map[idx]]++;
        else if (folded && *folded) {   /* said, so that a column the office relies on is not lost unseen */
            const char *name = util_trim(nfc);
            fprintf(im->in.errs, "%s:1: cột '%s' không dùng\n", im->in.file, name);
            char *names = im->res->unused_names;
            size_t used = strlen(names);
            if (used + strlen(name) + 2 < sizeof im->res->unused_names - 6)
                snprintf(names + used, sizeof im->res->unused_names - used, "%s%s", used ? ", " : "", name);
            else if (!strstr(names, "…"))
                snprintf(names + used, sizeof im->res->unused_names - used, "%s", used ? ", …" : "…");
            im->res->unused++;
        }
        free(folded);
        free(nfc);
        free(raw);
        return;
    }
    if (idx < 64 && im->map[idx] == COL_PART) {
        if (im->nparts < MAX_PARTS) im->part_off[im->nparts++] = (long)im->rowbuf.len;
        sbuf_addn(&im->rowbuf, s, len);
        sbuf_addc(&im->rowbuf, '\0');
    } else if (idx < 64 && im->map[idx] >= 0) {
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
    char *t = (char *)util_csv_unguard(util_trim(im->rowbuf.s + im->off[col]));   /* our export's guard */
    if (!*t) return NULL;
    if (vntext_surely_nfc(t)) return t;
    return *alloc = vntext_nfc(t);
}

/* The full name of a file that splits it (Họ | Họ đệm | Tên): the parts joined by one space, NFC,
 * to free; NULL when all are empty. */
static char *joined_name(struct importer *im)
{
    sbuf b = {0};
    for (int i = 0; i < im->nparts; i++) {
        const char *t = util_trim(im->rowbuf.s + im->part_off[i]);
        if (!*t) continue;
        if (b.len) sbuf_addc(&b, ' ');
        sbuf_add(&b, t);
    }
    if (!b.len) {
        sbuf_free(&b);
        return NULL;
    }
    char *nfc = vntext_nfc(b.s);
    sbuf_free(&b);
    return nfc;
}

/* The hamlet a cell names, by code or name (old codes count under the new hamlet). */
static const struct cfg_hamlet *find_hamlet(const struct config *cfg, const char *v)
{
    const struct cfg_hamlet *h = config_hamlet_named(cfg, v);
    return h ? config_hamlet_current(cfg, h->code) : NULL;
}

int contacts_vneid_parse(const char *text)
{
    static const struct { const char *folded; int v; } names[] = {
        {"", VNEID_UNKNOWN}, {"unknown", VNEID_UNKNOWN}, {"chua ro", VNEID_UNKNOWN},
        {"da kich hoat", VNEID_ACTIVATED}, {"activated", VNEID_ACTIVATED}, {"co", VNEID_ACTIVATED},
        {"chua kich hoat", VNEID_NOT_ACTIVATED}, {"not activated", VNEID_NOT_ACTIVATED},
        {"not_activated", VNEID_NOT_ACTIVATED}, {"chua", VNEID_NOT_ACTIVATED}, {"khong", VNEID_NOT_ACTIVATED},
    };
    char *f = vntext_fold(text ? text : "");
    int v = -1;
    for (size_t i = 0; f && v < 0 && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(f, names[i].folded)) v = names[i].v;
    free(f);
    return v;
}

/* An opt-out cell: *since the time it gives (the export's "YYYY-MM-DD HH:MM:SS", a date, or a mark
 * such as "x" or "có" meaning now), 0 for an empty or "không" cell, which lifts nothing. 0 or -1. */
static int optout_cell(const char *v, time_t now, time_t *since)
{
    *since = 0;
    if (!v || util_parse_datetime(v, since) == 0) return 0;
    char *f = vntext_fold(v);
    int rc = -1;
    if (f && (!strcmp(f, "x") || !strcmp(f, "co") || !strcmp(f, "yes") || !strcmp(f, "1") || !strcmp(f, "tu choi"))) {
        *since = now;
        rc = 0;
    } else if (f && (!*f || !strcmp(f, "khong") || !strcmp(f, "no") || !strcmp(f, "0"))) {
        rc = 0;
    }
    free(f);
    return rc;
}

/* The VNeID status and opt-out a row carries (a file loa exported): set after the resident's row. */
static int import_status(struct importer *im, int64_t id, const char *phone, int vneid, time_t since)
{
    if (vneid != VNEID_UNKNOWN && store_contact_set_vneid_id(im->st, id, vneid, im->now) < 0) return -1;
    if (since && store_optout_set(im->st, phone, since, "import", NULL) < 0) return -1;
    return 0;
}

/* Notes the person (PHONE, NAME) at ROW among the number's people; the row where they were already, or 0. */
static long person_at(struct importer *im, const char *phone, const char *name, long row)
{
    char *f = vntext_fold(name ? name : "");
    char *key = xasprintf("%s\x1f%s", phone, f ? f : "");
    long earlier = strmap_put_new(&im->people, key, row);
    free(key);
    free(f);
    return earlier;
}

/* The row where the person (PHONE, NAME) appeared before in the file, or 0 (the row is then noted).
 * Most numbers are on one row: only a number that comes back has its people noted, its first row's
 * read back from the database. -1 on a database error. */
static long seen_before(struct importer *im, const char *phone, const char *name)
{
    long k = strmap_put_new(&im->phones, phone, (long)im->nnums + 1);
    if (!k) {   /* the number's first row: its resident is noted once upserted (note_resident) */
        im->nums = xrealloc(im->nums, (im->nnums + 1) * sizeof *im->nums);
        im->nums[im->nnums++] = (struct number){0, (int32_t)im->in.row, 0};
        return 0;
    }
    struct number *n = &im->nums[k - 1];
    if (!n->again) {
        char *first = store_contact_name(im->st, n->id);
        if (!first) return -1;
        person_at(im, phone, first, n->row);
        free(first);
        n->again = 1;
    }
    return person_at(im, phone, name, im->in.row);
}

/* Resident ID came from this row: the first row of its number keeps it. */
static void note_resident(struct importer *im, int64_t id)
{
    struct number *n = &im->nums[im->nnums - 1];
    if (n->row == im->in.row) n->id = id;
}

/* store_alone_cb: new resident ID was the only row of PHONE in the file. */
static int alone_in_file(void *ud, int64_t id, const char *phone)
{
    struct importer *im = ud;
    long k = phone ? strmap_get(&im->phones, phone) : 0;
    return k && im->nums[k - 1].id == id && !im->nums[k - 1].again;
}

static void import_row(struct importer *im)
{
    char *own[COL__N];
    const char *name = clean(im, COL_NAME, &own[COL_NAME]);
    if (!name && im->nparts) name = own[COL_NAME] = joined_name(im);
    const char *phone_in = clean(im, COL_PHONE, &own[COL_PHONE]);
    const char *hamlet = clean(im, COL_HAMLET, &own[COL_HAMLET]);
    const char *household = clean(im, COL_HOUSEHOLD, &own[COL_HOUSEHOLD]);
    const char *tags = clean(im, COL_TAGS, &own[COL_TAGS]);
    const char *address = clean(im, COL_ADDRESS, &own[COL_ADDRESS]);
    const char *vneid_in = clean(im, COL_VNEID, &own[COL_VNEID]);
    const char *optout_in = clean(im, COL_OPTOUT, &own[COL_OPTOUT]);
    int vneid = contacts_vneid_parse(vneid_in);
    time_t since = 0;
    own[COL_PART] = NULL;
    char phone[32], perr[LOA_ERRLEN];
    const struct cfg_hamlet *h = NULL;
    long earlier;
    im->res->rows++;
    if (!phone_in)
        csvfile_bad_row(&im->in, _("no phone number"));
    else if (phone_normalize(phone_in, phone, perr) < 0)
        csvfile_bad_row(&im->in, _("phone '%s': %s"), phone_in, perr);
    else if (hamlet && !(h = find_hamlet(im->cfg, hamlet)))
        csvfile_bad_row(&im->in, _("hamlet '%s' is not one of the hamlets in %s"), hamlet, im->cfg->path);
    else if (vneid < 0)
        csvfile_bad_row(&im->in, _("VNeID '%s': write \"đã kích hoạt\", \"chưa kích hoạt\" or leave it empty"), vneid_in);
    else if (optout_cell(optout_in, im->now, &since) < 0)
        csvfile_bad_row(&im->in, _("opt-out '%s': write the date (YYYY-MM-DD), \"x\", or leave it empty"), optout_in);
    else if ((earlier = seen_before(im, phone, name)) < 0)
        im->in.system_error = 1;
    else if (earlier)
        csvfile_bad_row(&im->in, _("phone %s is already on row %ld, with the same name"), phone_in, earlier);
    else {
        /* An address names the hamlet when no hamlet column does (the population records' export). */
        if (!h && !hamlet && address && (h = config_hamlet_in_text(im->cfg, address)))
            h = config_hamlet_current(im->cfg, h->code);
        if (!h) im->res->no_hamlet++;
        struct contact c = {.phone = phone, .name = (char *)name, .hamlet = h ? h->code : NULL,
                            .household = (char *)household, .tags = (char *)tags};
        int64_t id = 0;
        if (store_contact_upsert_id(im->st, &c, im->now, &id) < 0 || import_status(im, id, phone, vneid, since) < 0)
            im->in.system_error = 1;
        else
            note_resident(im, id);
    }
    for (int i = 0; i < COL__N; i++) free(own[i]);
}

static void on_record(int c, void *ud)
{
    struct importer *im = ud;
    (void)c;
    im->in.row++;
    if (im->in.not_utf8 || im->in.system_error) return;
    if (!im->header_done) {
        im->header_done = 1;
        if (!im->nmapped[COL_PHONE]) {
            fprintf(im->in.errs, "%s:1: no phone column: the header row must name one (\"Số điện thoại\" or \"phone\")\n", im->in.file);
            im->header_error = 1;
        }
        int twice = im->nmapped[COL_NAME] && im->nmapped[COL_PART];
        for (int i = 0; i < COL__N; i++)
            if (i != COL_PART && im->nmapped[i] > 1) twice = 1;
        if (twice) {
            fprintf(im->in.errs, "%s:1: two columns have the same meaning; keep one\n", im->in.file);
            im->header_error = 1;
        } else if (im->nmapped[COL_PART] > MAX_PARTS) {
            fprintf(im->in.errs, "%s:1: the name is split into more than %d columns\n", im->in.file, MAX_PARTS);
            im->header_error = 1;
        }
    } else if (!im->header_error) {
        int blank = 1;
        for (int i = 0; i < COL__N; i++)
            if (im->off[i] >= 0 && *util_trim(im->rowbuf.s + im->off[i])) blank = 0;
        for (int i = 0; i < im->nparts; i++)
            if (*util_trim(im->rowbuf.s + im->part_off[i])) blank = 0;
        if (!blank) import_row(im);
    }
    for (int i = 0; i < COL__N; i++) im->off[i] = -1;
    im->nparts = 0;
    sbuf_reset(&im->rowbuf);
    im->nfields = 0;
}

int contacts_import(store *st, const struct config *cfg, const char *file, int skip_invalid,
                    FILE *errs, struct contacts_import_result *res, char *err)
{
    return contacts_import_sheet(st, cfg, file, NULL, skip_invalid, errs, res, err);
}

/* A fifth or more of the cells with letters beyond ASCII look typed with an old font: the whole file was
 * (one "½" or "«" in real Unicode text is not enough). */
static int legacy_font(const struct importer *im)
{
    return im->legacy && im->legacy * 5 >= im->nonascii;
}

/* Inside the import's transaction, before the first row. */
static int import_start(void *ud)
{
    struct importer *im = ud;
    im->before = store_contacts_count(im->st);
    im->max_id = im->before < 0 ? -1 : store_contacts_max_id(im->st);
    return im->before < 0 || im->max_id < 0 ? -1 : 0;
}

/* After the rows: what is wrong with the file as a whole, and the audit line when all is well. */
static int import_finish(void *ud, int rc)
{
    struct importer *im = ud;
    struct contacts_import_result *res = im->res;
    res->invalid = im->in.bad;
    if (legacy_font(im)) {
        fprintf(im->in.errs, "%s: the text is typed with an old Vietnamese font (TCVN3 or VNI), e.g. '%s': nothing was "
                "imported; chuyển mã sang Unicode (Unikey: Ctrl+Shift+F6, from TCVN3 or VNI Windows to Unicode) and "
                "import the file again\n", im->in.file, im->legacy_sample);
        rc = 1;
    }
    if (im->header_error || (!rc && res->invalid && !im->skip_invalid)) rc = 1;
    if (rc) return rc;
    if (store_contacts_settle_import(im->st, im->max_id, alone_in_file, im) < 0) return -1;
    /* counted inside the transaction, so that a dry run (rolled back) counts as the import would */
    int64_t after = store_contacts_count(im->st);
    if (after < 0) return -1;
    res->inserted = (long)(after - im->before);
    res->updated = res->rows - res->invalid - res->inserted;
    char *detail = xasprintf("%s: %ld rows, %ld invalid", im->in.file, res->rows, res->invalid);
    store_event(im->st, "contacts.import", NULL, detail);
    free(detail);
    return 0;
}

int contacts_import_sheet(store *st, const struct config *cfg, const char *file, const char *sheet, int skip_invalid,
                          FILE *errs, struct contacts_import_result *res, char *err)
{
    struct contacts_import_how how = {.file = file, .sheet = sheet, .skip_invalid = skip_invalid};
    return contacts_import_with(st, cfg, &how, errs, res, err);
}

int contacts_import_with(store *st, const struct config *cfg, const struct contacts_import_how *how, FILE *errs,
                         struct contacts_import_result *res, char *err)
{
    memset(res, 0, sizeof *res);
    const char *sheet = how->sheet;
    struct importer im = {.in = {.file = how->file, .path = how->path, .dry_run = how->dry_run, .errs = errs}, .st = st,
                          .cfg = cfg, .now = util_now(), .res = res, .skip_invalid = how->skip_invalid};
    for (int i = 0; i < COL__N; i++) im.off[i] = -1;
    struct csvfile cf = {.flags = CSVFILE_APPEND_NULL | CSVFILE_EMPTY_IS_NULL, .field = on_field, .record = on_record};
    int rc = csvfile_import_run(&im.in, &cf, st, sheet, import_start, import_finish, err);
    sbuf_free(&im.rowbuf);
    strmap_free(&im.people);
    strmap_free(&im.phones);
    free(im.nums);
    free(im.legacy_sample);
    return rc;
}

/* ---- the officer's opt-out and opt-in ---- */

int contacts_opt(store *st, const char *phone, int out, const char *note, time_t now)
{
    if (store_begin(st) < 0) return -1;
    int rc = store_optout_set(st, phone, out ? now : 0, "officer", note);
    if (rc == 0 && store_event(st, out ? "contacts.optout" : "contacts.optin", phone, note) < 0) rc = -1;
    if (rc < 0 || store_commit(st) < 0) {
        store_rollback(st);
        return -1;
    }
    return rc;
}

/* ---- export ---- */

static void csv_field(sbuf *b, const char *s)
{
    if (!s) s = "";
    sbuf_addc(b, '"');
    if (util_csv_needs_guard(s)) sbuf_addc(b, '\'');   /* text, never a formula, for a spreadsheet */
    for (; *s; s++) {
        if (*s == '"') sbuf_addc(b, '"');
        sbuf_addc(b, *s);
    }
    sbuf_addc(b, '"');
}

static int export_one(void *ud, const struct contact *c)
{
    sbuf *b = ud;
    char since[24] = "";
    if (c->opted_out) util_fmt_time(c->opted_out, since, sizeof since);
    csv_field(b, c->name); sbuf_addc(b, ',');
    csv_field(b, c->phone); sbuf_addc(b, ',');
    csv_field(b, c->hamlet); sbuf_addc(b, ',');
    csv_field(b, c->household); sbuf_addc(b, ',');
    csv_field(b, c->tags); sbuf_addc(b, ',');
    csv_field(b, c->vneid == VNEID_ACTIVATED ? "đã kích hoạt" : c->vneid == VNEID_NOT_ACTIVATED ? "chưa kích hoạt" : "");
    sbuf_addc(b, ',');
    csv_field(b, since);
    sbuf_add(b, "\r\n");
    return 0;
}

int contacts_export(store *st, const char *file, char *err)
{
    sbuf b = {0};
    sbuf_add(&b, "\xEF\xBB\xBF" "Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm,VNeID,Từ chối tin nhắn\r\n");
    int rc = store_contacts_each(st, NULL, export_one, &b);
    if (rc < 0) util_err(err, _("%s: %s"), file, store_errmsg(st));
    /* names and numbers: readable by the service's user only */
    else rc = afile_write_all(file, 0600, b.s, b.len, err);
    sbuf_free(&b);
    return rc;
}
