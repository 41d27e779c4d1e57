/*
 * sheet — Excel files read for the imports, in the shape of a CSV file's rows.
 *
 * .xlsx: libzip opens the package; each part is read whole into memory, at most PART_MAX bytes
 * uncompressed, and walked with libxml2's xmlReader with no network, no DTD loading and no entity
 * substitution; a part declaring a DTD is refused. The workbook names the sheets and the date
 * system, its relationships where each sheet is, sharedStrings the texts (plain, rich-text runs;
 * phonetic runs left out), styles which number formats are dates. A sheet's cells are placed by
 * their reference (r="C7"): empty cells and rows are absent from the XML.
 * .xls: libfreexl reads the BIFF records and gives each cell typed, texts in UTF-8, in a child
 * process (see the xls section: the library is not safe on damaged files).
 *
 * Sections: helpers; xlsx parts; xlsx workbook, strings, styles; xlsx sheet; xls; entry points.
 */
#include "i18n.h"
#include "sheet.h"

#include <errno.h>
#include <freexl.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include "util.h"

#define PART_MAX (64u << 20)        /* bytes of one part, uncompressed: a resident list is far smaller */
#define MAX_COLS 16384              /* Excel's last column, XFD */
#define MAX_ROWS 1048576            /* Excel's last row */

/* ---- helpers ---- */

struct rd {
    const struct csvfile *cf;
    long row;                       /* rows handed over */
};

static int halted(struct rd *r)
{
    return r->cf->halted && r->cf->halted(r->cf->ud);
}

static void put_field(struct rd *r, const char *s, size_t n)
{
    r->cf->field((void *)s, n, r->cf->ud);
}

static void put_record(struct rd *r)
{
    r->row++;
    r->cf->record('\n', r->cf->ud);
}

/* A number as a person reads it in the cell: whole numbers without exponent or ".0". */
static void fmt_number(double x, char *buf, size_t n)
{
    if (x == floor(x) && fabs(x) < 1e15) snprintf(buf, n, "%.0f", x);
    else snprintf(buf, n, "%.15g", x);
}

/* An Excel serial date as YYYY-MM-DD (and HH:MM:SS when it has a time), or 0 when out of range. */
static int fmt_serial(double x, int date1904, char *buf, size_t n)
{
    if (!(x >= 1 && x < 2958466)) return 0;
    long whole = (long)floor(x);
    /* 1900 system: serial 1 is 1900-01-01 and Lotus's 29 February 1900 (serial 60) is counted. */
    long day = date1904 ? whole - 24107 : whole >= 61 ? whole - 25569 : whole - 25568;
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    long secs = lround((x - (double)whole) * 86400.0);
    if (secs >= 86400) secs = 86399;
    if (secs) snprintf(buf, n, "%04d-%02d-%02d %02ld:%02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    else snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    return 1;
}

static int no_sheet(const struct csvfile *cf, const char *sheet, const sbuf *names)
{
    fprintf(cf->errs, "%s: no sheet '%s' (the sheets are %s); nothing was imported\n", cf->file, sheet,
            names->len ? names->s : "none");
    return 1;
}

static int bad_file(const struct csvfile *cf, const char *what, const char *detail)
{
    fprintf(cf->errs, _("%s: %s%s%s; nothing was imported\n"), cf->file, _(what), detail ? ": " : "", detail ? _(detail) : "");
    return 1;
}

/* ---- xlsx parts ---- */

struct xlsx {
    zip_t *zip;
    int date1904;
    char **sst;                     /* shared strings */
    size_t nsst, capsst;
    unsigned char *is_date;         /* per cell style (cellXfs index): its number format shows a date */
    size_t nstyles;
    const char *problem;            /* why the file cannot be read */
    int said;                       /* the problem was said already */
};

/* Part NAME of the package whole, NUL-terminated, in *OUT (to free); 0, 1 absent, -1 unreadable (x->problem). */
static int read_part(struct xlsx *x, const char *name, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    zip_int64_t i = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    if (i < 0) return 1;
    zip_stat_t zs;
    if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE)) {
        x->problem = N_("a part of the package cannot be read");
        return -1;
    }
    if (zs.size > PART_MAX) {
        x->problem = N_("a part of the package is too large (more than 64 MiB uncompressed)");
        return -1;
    }
    zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
    if (!f) {
        x->problem = N_("a part of the package cannot be opened (encrypted, or an unknown compression)");
        return -1;
    }
    /* Read no more than the size the directory states, whatever the stream holds. */
    char *buf = xmalloc((size_t)zs.size + 1);
    zip_int64_t got = 0, n;
    while ((zip_uint64_t)got < zs.size && (n = zip_fread(f, buf + got, zs.size - (zip_uint64_t)got)) > 0) got += n;
    zip_fclose(f);
    if ((zip_uint64_t)got != zs.size) {
        free(buf);
        x->problem = N_("a part of the package is damaged");
        return -1;
    }
    buf[got] = '\0';
    *out = buf;
    *len = (size_t)got;
    return 0;
}

/* An xmlReader over BUF: no network, no DTD, entities left unexpanded; errors kept off stderr. */
static xmlTextReaderPtr reader_for(const char *buf, size_t len)
{
    return xmlReaderForMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* Part NAME under an xmlReader in *R, its text in *BUF (free both with close_part): 0, 1 absent, -1 unreadable. */
static int open_part(struct xlsx *x, const char *name, char **buf, xmlTextReaderPtr *r)
{
    size_t len;
    *r = NULL;
    int rc = read_part(x, name, buf, &len);
    if (rc) return rc;
    if (!(*r = reader_for(*buf, len))) {
        free(*buf);
        *buf = NULL;
        x->problem = N_("a part of the package cannot be parsed");
        return -1;
    }
    return 0;
}

static void close_part(char *buf, xmlTextReaderPtr r)
{
    xmlFreeTextReader(r);
    free(buf);
}

/* The next node: 1, 0 at the end, -1 malformed or declaring a DTD (refused: entities are not for us). */
static int next_node(xmlTextReaderPtr r)
{
    int rc = xmlTextReaderRead(r);
    if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) return -1;
    return rc;
}

static int is_start(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

static int is_end(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

/* Attribute NAME (by local name, any namespace) of the current element, to free with xmlFree, or NULL. */
static char *attr(xmlTextReaderPtr r, const char *name)
{
    char *v = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            if (!strcmp((const char *)xmlTextReaderConstLocalName(r), name)) {
                v = (char *)xmlTextReaderValue(r);
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return v;
}

static int is_text(xmlTextReaderPtr r)
{
    int t = xmlTextReaderNodeType(r);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
           t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE;
}

/*
 * The text of the element the reader is on (<si>, <is>): its <t> elements' text, phonetic runs
 * (<rPh>) left out; leaves the reader on the element's end. -1 when the XML is malformed.
 */
static int rich_text(xmlTextReaderPtr r, const char *elem, sbuf *out)
{
    if (xmlTextReaderIsEmptyElement(r)) return 0;
    int in_t = 0, in_rph = 0, rc;
    while ((rc = next_node(r)) == 1) {
        if (is_end(r, elem)) return 0;
        if (is_start(r, "rPh") && !xmlTextReaderIsEmptyElement(r)) in_rph = 1;
        else if (is_end(r, "rPh")) in_rph = 0;
        else if (is_start(r, "t") && !xmlTextReaderIsEmptyElement(r)) in_t = 1;
        else if (is_end(r, "t")) in_t = 0;
        else if (in_t && !in_rph && is_text(r)) sbuf_add(out, (const char *)xmlTextReaderConstValue(r));
    }
    return -1;
}

/* ---- xlsx workbook, strings, styles ---- */

/* The workbook's date system and the path of sheet SHEET (or the first), to free; NULL with x->problem. */
static char *find_sheet(struct xlsx *x, const struct csvfile *cf, const char *sheet)
{
    char *buf;
    xmlTextReaderPtr r;
    int rc = open_part(x, "xl/workbook.xml", &buf, &r);
    if (rc) {
        if (rc > 0) x->problem = N_("no workbook in the package (is it an Excel file?)");
        return NULL;
    }
    char *rid = NULL;
    sbuf names = {0};
    while (!rid && (rc = next_node(r)) == 1) {
        if (is_start(r, "workbookPr")) {
            char *v = attr(r, "date1904");
            x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
            xmlFree(v);
        } else if (is_start(r, "sheet")) {
            char *name = attr(r, "name");
            if (name && (!sheet || !strcmp(name, sheet))) rid = attr(r, "id");
            else if (name) sbuf_addf(&names, "%s'%s'", names.len ? ", " : "", name);
            xmlFree(name);
        }
    }
    if (!rid && rc < 0) x->problem = N_("the workbook is not well-formed XML (or declares a DTD)");
    close_part(buf, r);
    if (!rid) {
        if (!x->problem && sheet) x->said = no_sheet(cf, sheet, &names);
        if (!x->problem) x->problem = N_("the workbook has no sheet");
        sbuf_free(&names);
        return NULL;
    }
    sbuf_free(&names);

    /* The relationship gives the sheet's part; without one, Excel's usual place. */
    char *path = NULL;
    if (open_part(x, "xl/_rels/workbook.xml.rels", &buf, &r) == 0) {
        while (!path && next_node(r) == 1) {
            if (!is_start(r, "Relationship")) continue;
            char *id = attr(r, "Id"), *target = attr(r, "Target");
            if (id && target && !strcmp(id, rid))
                path = target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
            xmlFree(id);
            xmlFree(target);
        }
        close_part(buf, r);
    }
    xmlFree(rid);
    return path ? path : xstrdup("xl/worksheets/sheet1.xml");
}

static int read_strings(struct xlsx *x)
{
    char *buf;
    xmlTextReaderPtr r;
    int rc = open_part(x, "xl/sharedStrings.xml", &buf, &r);
    if (rc) return rc > 0 ? 0 : -1;
    sbuf s = {0};
    while (!rc && (rc = next_node(r)) == 1) {
        rc = 0;
        if (!is_start(r, "si")) continue;
        sbuf_reset(&s);
        if ((rc = rich_text(r, "si", &s)) < 0) break;
        if (x->nsst == x->capsst) {
            x->capsst = x->capsst ? 2 * x->capsst : 256;
            x->sst = xrealloc(x->sst, x->capsst * sizeof *x->sst);
        }
        x->sst[x->nsst++] = xstrdup(s.len ? s.s : "");
    }
    sbuf_free(&s);
    close_part(buf, r);
    if (rc < 0) x->problem = N_("the shared strings are not well-formed XML (or declare a DTD)");
    return rc < 0 ? -1 : 0;
}

/* 1 when a number format shows a date: built-in ids, or a code with d or y outside quotes and brackets. */
static int date_format(long id, const char *code)
{
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return 1;
    if (!code) return 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"') { p = strchr(p + 1, '"'); if (!p) return 0; }
        else if (*p == '[') { p = strchr(p + 1, ']'); if (!p) return 0; }
        else if (*p == '\\' && p[1]) p++;
        else if (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y') return 1;
    }
    return 0;
}

struct numfmt { long id; char *code; };

static int read_styles(struct xlsx *x)
{
    char *buf;
    xmlTextReaderPtr r;
    int rc = open_part(x, "xl/styles.xml", &buf, &r);
    if (rc) return rc > 0 ? 0 : -1;
    struct numfmt *fmts = NULL;
    size_t nfmts = 0, cap = 0;
    int in_xfs = 0;
    while (!rc && (rc = next_node(r)) == 1) {
        rc = 0;
        if (is_start(r, "numFmt")) {
            char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
            if (nfmts == cap) fmts = xrealloc(fmts, (cap = cap ? 2 * cap : 16) * sizeof *fmts);
            fmts[nfmts++] = (struct numfmt){id ? strtol(id, NULL, 10) : -1, code ? xstrdup(code) : NULL};
            xmlFree(id);
            xmlFree(code);
        } else if (is_start(r, "cellXfs")) {
            in_xfs = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "cellXfs")) {
            in_xfs = 0;
        } else if (in_xfs && is_start(r, "xf") && x->nstyles < 65536) {
            char *v = attr(r, "numFmtId");
            long id = v ? strtol(v, NULL, 10) : 0;
            xmlFree(v);
            const char *code = NULL;
            for (size_t i = 0; i < nfmts; i++)
                if (fmts[i].id == id) code = fmts[i].code;
            x->is_date = xrealloc(x->is_date, x->nstyles + 1);
            x->is_date[x->nstyles++] = (unsigned char)date_format(id, code);
        }
    }
    for (size_t i = 0; i < nfmts; i++) free(fmts[i].code);
    free(fmts);
    close_part(buf, r);
    if (rc < 0) x->problem = N_("the styles are not well-formed XML (or declare a DTD)");
    return rc < 0 ? -1 : 0;
}

/* ---- xlsx sheet ---- */

/* Column index (0 = A) and row number (1-based) of a reference like "C7"; -1 when it has none. */
static void cell_ref(const char *ref, long *col, long *row)
{
    long c = 0, n = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && c <= MAX_COLS; p++) c = c * 26 + (*p - 'A' + 1);
    for (; *p >= '0' && *p <= '9' && n <= MAX_ROWS; p++) n = n * 10 + (*p - '0');
    *col = c >= 1 && c <= MAX_COLS ? c - 1 : -1;
    *row = n >= 1 && n <= MAX_ROWS ? n : -1;
}

struct cell {
    char type[16];                  /* t: s, str, inlineStr, b, e, n (or empty), d */
    long style;                     /* s, or -1 */
    long col;                       /* where its reference places it */
    sbuf v;                         /* <v>, or the inline string */
};

/* A row's cells as text, handed over in column order once the row ends: a writer may give them in any order. */
struct rowbuf {
    struct placed { long col, seq; char *text; } *v;
    size_t n, cap;
};

static int by_col(const void *a, const void *b)
{
    const struct placed *p = a, *q = b;
    return p->col != q->col ? (p->col < q->col ? -1 : 1) : (p->seq < q->seq ? -1 : 1);
}

static void row_end(struct rd *rd, struct rowbuf *rb)
{
    if (rb->n) qsort(rb->v, rb->n, sizeof *rb->v, by_col);
    long col = 0;
    for (size_t i = 0; i < rb->n; i++) {
        /* a cell given twice: the last one counts */
        if (i + 1 < rb->n && rb->v[i + 1].col == rb->v[i].col) continue;
        for (; col < rb->v[i].col; col++) put_field(rd, "", 0);
        put_field(rd, rb->v[i].text, strlen(rb->v[i].text));
        col++;
    }
    for (size_t i = 0; i < rb->n; i++) free(rb->v[i].text);
    rb->n = 0;
    put_record(rd);
}

/* Keeps the cell as text, for its row. */
static void put_cell(struct rowbuf *rb, struct xlsx *x, struct cell *c)
{
    const char *v = c->v.len ? c->v.s : "";
    char num[48];
    if (!strcmp(c->type, "s")) {
        char *end;
        long i = strtol(v, &end, 10);
        v = *v && !*end && i >= 0 && (size_t)i < x->nsst ? x->sst[i] : "";
    } else if (!strcmp(c->type, "b")) {
        v = !strcmp(v, "1") ? "TRUE" : *v ? "FALSE" : "";
    } else if (!c->type[0] || !strcmp(c->type, "n")) {
        char *end;
        double d = strtod(v, &end);
        if (*v && !*end && isfinite(d)) {
            int date = c->style >= 0 && (size_t)c->style < x->nstyles && x->is_date[c->style];
            if (!date || !fmt_serial(d, x->date1904, num, sizeof num)) fmt_number(d, num, sizeof num);
            v = num;
        }
    }
    if (rb->n == rb->cap) rb->v = xrealloc(rb->v, (rb->cap = rb->cap ? 2 * rb->cap : 32) * sizeof *rb->v);
    rb->v[rb->n] = (struct placed){c->col, (long)rb->n, xstrdup(v)};
    rb->n++;
}

static int read_sheet(struct rd *rd, struct xlsx *x, const char *path)
{
    char *buf;
    xmlTextReaderPtr r;
    int rc = open_part(x, path, &buf, &r);
    if (rc) {
        if (rc > 0) x->problem = N_("the sheet's part is missing from the package");
        return -1;
    }
    struct cell c = {.style = -1};
    struct rowbuf rb = {0};
    long col = 0;                   /* where the next cell without a reference goes */
    int in_row = 0, in_v = 0;
    while (!rc && !halted(rd) && (rc = next_node(r)) == 1) {
        rc = 0;
        if (is_start(r, "row")) {
            char *v = attr(r, "r");
            long want = v ? strtol(v, NULL, 10) : rd->row + 1;
            xmlFree(v);
            if (want <= rd->row || want > MAX_ROWS) want = rd->row + 1;
            while (rd->row + 1 < want && !halted(rd)) put_record(rd);   /* rows the file leaves out */
            col = 0;
            in_row = 1;
            if (xmlTextReaderIsEmptyElement(r)) {
                row_end(rd, &rb);
                in_row = 0;
            }
        } else if (is_end(r, "row") && in_row) {
            row_end(rd, &rb);
            in_row = 0;
        } else if (in_row && is_start(r, "c")) {
            char *ref = attr(r, "r"), *t = attr(r, "t"), *s = attr(r, "s");
            long at = -1, rownum;
            if (ref) cell_ref(ref, &at, &rownum);
            c.col = at >= 0 ? at : col < MAX_COLS ? col : MAX_COLS - 1;
            col = c.col + 1;
            snprintf(c.type, sizeof c.type, "%s", t ? t : "");
            c.style = s ? strtol(s, NULL, 10) : -1;
            sbuf_reset(&c.v);
            xmlFree(ref);
            xmlFree(t);
            xmlFree(s);
            if (xmlTextReaderIsEmptyElement(r)) put_cell(&rb, x, &c);
        } else if (in_row && is_end(r, "c")) {
            put_cell(&rb, x, &c);
        } else if (in_row && is_start(r, "is")) {
            rc = rich_text(r, "is", &c.v);
        } else if (in_row && is_start(r, "v")) {
            in_v = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "v")) {
            in_v = 0;
        } else if (in_v && is_text(r)) {
            sbuf_add(&c.v, (const char *)xmlTextReaderConstValue(r));
        }
    }
    sbuf_free(&c.v);
    for (size_t i = 0; i < rb.n; i++) free(rb.v[i].text);
    free(rb.v);
    close_part(buf, r);
    if (rc < 0) x->problem = N_("the sheet is not well-formed XML (or declares a DTD)");
    return rc < 0 ? -1 : 0;
}

static int read_xlsx(struct rd *rd, const char *sheet, char *err)
{
    const struct csvfile *cf = rd->cf;
    int zerr = 0;
    struct xlsx x = {.zip = zip_open(cf->path ? cf->path : cf->file, ZIP_RDONLY, &zerr)};
    if (!x.zip) {
        if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_MEMORY)
            return util_err(err, _("%s: cannot read: %s"), cf->file, strerror(errno));
        return bad_file(cf, N_("not a readable .xlsx file"), N_("the zip package is damaged"));
    }
    char *path = find_sheet(&x, cf, sheet);
    int rc = path && read_strings(&x) == 0 && read_styles(&x) == 0 && read_sheet(rd, &x, path) == 0 ? 0 : 1;
    if (rc && !x.said) bad_file(cf, N_("not a readable .xlsx file"), x.problem ? x.problem : N_("unknown reason"));
    free(path);
    for (size_t i = 0; i < x.nsst; i++) free(x.sst[i]);
    free(x.sst);
    free(x.is_date);
    zip_discard(x.zip);
    return rc;
}

/* ---- xls ---- */

/* libfreexl 1.0.6 reads past its buffers on some damaged files (found by the fuzz target), so it
 * runs in a child process that sends the cells back over a pipe as frames: a type byte ('F' a
 * field, 'R' the end of a row, 'M' why the file is refused, 'Z' the end) and, for F and M, a
 * 4-byte length and the bytes. Whatever a file does to the child, loa and its database are safe. */
#define FRAME_MAX (1u << 24)

static void frame(FILE *out, char type, const char *s, size_t n)
{
    fputc(type, out);
    if (type == 'F' || type == 'M') {
        uint32_t len = (uint32_t)(n < FRAME_MAX ? n : FRAME_MAX);
        fwrite(&len, sizeof len, 1, out);
        fwrite(s, 1, len, out);
    }
}

static void xls_cell(FILE *out, const FreeXL_CellValue *v)
{
    char num[48];
    const char *s = "";
    switch (v->type) {
    case FREEXL_CELL_INT: snprintf(num, sizeof num, "%d", v->value.int_value); s = num; break;
    case FREEXL_CELL_DOUBLE: fmt_number(v->value.double_value, num, sizeof num); s = num; break;
    case FREEXL_CELL_TEXT: case FREEXL_CELL_SST_TEXT: case FREEXL_CELL_DATE: case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME: s = v->value.text_value ? v->value.text_value : ""; break;
    default: break;
    }
    frame(out, 'F', s, strlen(s));
}

/* The child's work: FILE's sheet SHEET (or the first) as frames on OUT. */
static void xls_child(FILE *out, const char *file, const char *sheet)
{
    const void *h = NULL;
    if (freexl_open(file, &h) != FREEXL_OK) {
        const char *m = _("not a readable .xls file: damaged, password-protected, or older than Excel 97");
        frame(out, 'M', m, strlen(m));
        return;
    }
    unsigned int count = 0, rows = 0;
    unsigned short cols = 0;
    int found = -1;
    sbuf names = {0}, m = {0};
    freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count);
    for (unsigned int i = 0; i < count && i < 65535 && found < 0; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK) continue;
        if (!sheet || (name && !strcmp(name, sheet))) found = (int)i;
        else if (name) sbuf_addf(&names, "%s'%s'", names.len ? ", " : "", name);
    }
    if (found < 0 && sheet)
        sbuf_addf(&m, _("no sheet '%s' (the sheets are %s)"), sheet, names.len ? names.s : _("none"));
    else if (found < 0)
        sbuf_add(&m, _("not a readable .xls file: the workbook has no sheet"));
    else if (freexl_select_active_worksheet(h, (unsigned short)found) != FREEXL_OK ||
             freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
        sbuf_add(&m, _("not a readable .xls file: the sheet cannot be read"));
    if (m.len) frame(out, 'M', m.s, m.len);
    for (unsigned int row = 0; !m.len && row < rows; row++) {
        for (unsigned short col = 0; col < cols; col++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, row, col, &v) != FREEXL_OK) v.type = FREEXL_CELL_NULL;
            xls_cell(out, &v);
        }
        frame(out, 'R', NULL, 0);
    }
    frame(out, 'Z', NULL, 0);
    sbuf_free(&names);
    sbuf_free(&m);
    freexl_close(h);
}

/* Reads the child's frames from IN into the callbacks: 0 to the end (or halted), 1 refused, 2 cut short. */
static int xls_frames(struct rd *rd, FILE *in)
{
    sbuf b = {0};
    int rc = 2, type;
    while (!halted(rd) && (type = fgetc(in)) != EOF) {
        if (type == 'Z') {
            rc = 0;
            break;
        }
        if (type == 'R') {
            put_record(rd);
            continue;
        }
        uint32_t len;
        if ((type != 'F' && type != 'M') || fread(&len, sizeof len, 1, in) != 1 || len > FRAME_MAX) break;
        sbuf_reset(&b);
        char chunk[4096];
        size_t got = 0, n;
        while (got < len && (n = fread(chunk, 1, len - got < sizeof chunk ? len - got : sizeof chunk, in)) > 0) {
            sbuf_addn(&b, chunk, n);
            got += n;
        }
        if (got < len) break;
        if (type == 'M') {
            fprintf(rd->cf->errs, "%s: %.*s; nothing was imported\n", rd->cf->file, (int)len, len ? b.s : "");
            rc = 1;
            break;
        }
        put_field(rd, len ? b.s : "", len);
    }
    if (halted(rd)) rc = 0;
    sbuf_free(&b);
    return rc;
}

static int read_xls(struct rd *rd, const char *sheet, char *err)
{
    const struct csvfile *cf = rd->cf;
    int fds[2];
    if (pipe(fds) < 0) return util_err(err, _("%s: pipe: %s"), cf->file, strerror(errno));
    fflush(NULL);   /* nothing buffered is written twice by the child */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return util_err(err, _("%s: fork: %s"), cf->file, strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        FILE *out = fdopen(fds[1], "wb");
        if (out) {
            xls_child(out, cf->path ? cf->path : cf->file, sheet);
            fflush(out);
        }
        _exit(0);   /* no atexit handlers: the database and logs are the parent's */
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "rb");
    int rc = in ? xls_frames(rd, in) : 2;
    if (in) fclose(in);
    else close(fds[0]);
    if (rc) kill(pid, SIGKILL);   /* refused or cut short: the child has nothing more to say */
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (rc == 2) return bad_file(cf, N_("not a readable .xls file"), N_("damaged (the reader gave up on it)"));
    return rc;
}

/* ---- entry points ---- */

int sheet_kind_of(FILE *fp)
{
    unsigned char m[8] = {0};
    size_t n = fread(m, 1, sizeof m, fp);
    rewind(fp);
    if (n >= 4 && !memcmp(m, "PK\x03\x04", 4)) return SHEET_XLSX;
    if (n == 8 && !memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) return SHEET_XLS;
    return SHEET_NONE;
}

/* FNV-1a of the file's bytes, for the import that keys a file by its content. */
static int hash_file(const char *file, uint64_t *h, char *err)
{
    FILE *fp = fopen(file, "rb");
    if (!fp) return util_err(err, C_("a file that cannot be opened", "%s: %s"), file, strerror(errno));
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        for (size_t i = 0; i < n; i++) *h = (*h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    int bad = ferror(fp);
    fclose(fp);
    return bad ? util_err(err, _("%s: read error"), file) : 0;
}

int sheet_read(const struct csvfile *cf, int kind, const char *sheet, char *err)
{
    if (cf->hash && hash_file(cf->path ? cf->path : cf->file, cf->hash, err) < 0) return -1;
    struct rd rd = {cf, 0};
    return kind == SHEET_XLS ? read_xls(&rd, sheet, err) : read_xlsx(&rd, sheet, err);
}

int sheet_read_any(const struct csvfile *cf, FILE *fp, const char *sheet, char *err)
{
    int kind = sheet_kind_of(fp);
    if (kind) return sheet_read(cf, kind, sheet, err);
    if (!sheet) return csvfile_read(cf, fp, err);
    fprintf(cf->errs, "%s: --sheet is for Excel files (.xlsx, .xls), and this is a CSV file\n", cf->file);
    return 1;
}
