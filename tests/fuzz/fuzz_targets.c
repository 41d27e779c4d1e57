/*
 * fuzz_targets — libFuzzer targets for every parser of outside input (make fuzz). One binary per
 * target, chosen at build time with -DFUZZ_<NAME>:
 *   PHONE     phone_normalize                        (numbers typed, imported, received)
 *   SMS       sms_prepare + sms_count                (texts to send)
 *   NORMALIZE normalize_text                         (announcements)
 *   TEMPLATE  template_check + template_render, template_name_without_fallback (campaign texts)
 *   REPLIES   a received SMS through the reply engine, stored and acted on; inputs starting 0xFE
 *             are raw UTF-16 units of a concatenated or unreadable part (assembly, conversion); the
 *             input also read back as a stored sentence (note_text: unchanged without a translation)
 *   REPORT    replies_parse_report                   (a hamlet head's VNEID report), with and without a PIN
 *   CSV       contacts_import of the input as a CSV file, then its export imported again
 *   CONFIG    config_load of the input as loa.cfg
 *   KANNEL    kannel_parse                           (what smsbox pushes: lines path, k, X-Kannel-From, -UDH,
 *             -Coding, charset, ref, to, type, then the body; the secret is "fuzz-secret-1")
 *   WEB       what a browser sends `loa web`: the first line a Cookie (and Host) header, the rest a form body
 *             (web_cookie_get, web_host_ok, web_form_get into buffers of several sizes, the values through web_esc)
 *   SHEET     sheet_read of the input as an .xlsx (or .xls, by its first bytes) file. An .xls is read
 *             by libfreexl in a child process, as loa does: libfreexl's own over-reads on damaged
 *             files (this target found them) kill only the child, which libFuzzer may still write
 *             as a crash-* artifact; what counts is that the parent carries on
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "contacts.h"
#include "kannel.h"
#include "log.h"
#include "normalize.h"
#include "note.h"
#include "phone.h"
#include "replies.h"
#include "sheet.h"
#include "sms.h"
#include "store.h"
#include "template.h"
#include "util.h"
#include "vntext.h"
#include "web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char *dir;

#if defined(FUZZ_SHEET)
static size_t cells;
static void on_cell(void *data, size_t len, void *ud)
{
    (void)ud;
    if (len && !data) abort();
    cells += len ? ((const char *)data)[len - 1] != 1 : 1;   /* touch the last byte: ASan checks the length */
}
static void on_row(int c, void *ud)
{
    (void)c;
    (void)ud;
}
static int never(void *ud)
{
    (void)ud;
    return 0;
}
#endif
static struct config *cfg;
static store *st;

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) abort();
    fwrite(data, 1, n, fp);
    fclose(fp);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The scratch folder goes with the process. */
static void cleanup(void)
{
    store_close(st);
    st = NULL;
    config_free(cfg);
    cfg = NULL;
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    log_open("/dev/null", LOG_ERROR, NULL);
    char tmpl[] = "/tmp/loa-fuzz-XXXXXX";
    dir = xstrdup(mkdtemp(tmpl));
    char *camp = xasprintf("%s/campaigns", dir);
    util_mkdir_p(camp, 0755);
    char *poll = xasprintf("%s/poll.cfg", camp);
    const char *pc = "id = \"poll\";\ntitle = \"x\";\nsms: { text = \"Xã Minh Tiến. Soạn HUY.\"; schedule: { times = [ \"08:00\" ]; }; };\n"
                     "replies = ( { keyword = \"CO\"; aliases = [ \"có rồi\" ]; vneid = \"activated\"; reply = \"Cảm ơn.\"; } );\n";
    write_file(poll, pc, strlen(pc));
    char *path = xasprintf("%s/loa.cfg", dir);
    const char *c = "commune = \"Xã Minh Tiến\";\ndatabase = \"loa.db\";\ncampaigns_dir = \"campaigns\";\n"
                    "hamlets = ( { code = \"DK\"; name = \"Xóm Đồng Kiệm\"; } );\n"
                    "sms: { reporters = ( { phone = \"0900000901\"; hamlet = \"DK\"; } ); };\n";
    write_file(path, c, strlen(c));
    cfg = config_load(path);
    st = store_open(cfg->database, NULL);
    if (!st || cfg->errors.n) abort();
    atexit(cleanup);
    free(camp);
    free(poll);
    free(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = xstrndup((const char *)data, size);   /* NUL-terminated copy (embedded NULs cut it) */
    char err[LOA_ERRLEN];
    (void)err;   /* not every target reports errors */
#if defined(FUZZ_PHONE)
    char out[32];
    if (phone_normalize(s, out, err) == 0 && !phone_is_mobile_e164(out)) abort();
#elif defined(FUZZ_SMS)
    for (int dia = 0; dia < 2; dia++) {
        struct sms_info info;
        char *p = sms_prepare(s, dia, err);
        if (p && sms_count(p, &info) != 0) abort();
        free(p);
    }
#elif defined(FUZZ_NORMALIZE)
    free(normalize_text(s, NULL));
#elif defined(FUZZ_TEMPLATE)
    if (template_check(s, err) == 0) {
        struct template_vars v = {"Nguyễn Văn An", "Xóm 1", "Xã Minh Tiến", "01/12/2026"};
        sbuf b = {0};
        template_render(s, &v, &b);
        sbuf_free(&b);
    }
    (void)template_name_without_fallback(s);
#elif defined(FUZZ_REPLIES)
    static long n;
    char sender[32];
    snprintf(sender, sizeof sender, n % 3 ? "+8491%07ld" : "+84900000901", n % 10000000);
    struct inbox_part_new p = {"m1", sender, (time_t)(1764550000 + n++), 0, 0, 0, s, 1, NULL, 1764550000, 0, 0};
    char *units = NULL;
    if (size >= 2 && data[0] == 0xFE) {
        /* 0xFE, a byte of flags, then UTF-16BE units as a modem hands them over (NULs, lone surrogates):
         * flags 0x07 the part number, 0x38 the total (parts of one reference from a few senders meet,
         * out of range and twice), 0x40 unreadable */
        units = vntext_from_utf16be(data + 2, (size - 2) / 2);
        p.text = units;
        p.concat_ref = 7;
        p.concat_part = data[1] & 7;
        p.concat_total = (data[1] >> 3) & 7;
        snprintf(sender, sizeof sender, "+8491000000%d", data[1] >> 7);
        if (data[1] & 0x40) {
            p.text = NULL;
            p.coding = 3;
            p.unreadable = 1;
            p.location = (int)(n % 5);
        }
    }
    if (store_inbox_part_add(st, &p) < 0 || store_inbox_assemble(st, "m1", 1764550000 + (n % 2) * 600, 600) < 0 ||
        replies_handle_pending(st, cfg, 1764550000) < 0)
        abort();
    if (units && !vntext_valid_utf8(units, strlen(units))) abort();   /* received text is always valid */
    free(units);
    /* the input read back as a stored sentence (note.h): without a translation, exactly what was stored */
    char shown[4096];
    if (strlen(s) < sizeof shown && strcmp(note_text(s, shown, sizeof shown), s)) abort();
#elif defined(FUZZ_REPORT)
    const time_t now = 1764550000;   /* 2025-12-01 07:46 local */
    const long today = (long)((now + LOA_TZ_OFFSET) / 86400);
    const char *pins[] = {NULL, "Mai", "4321"};
    for (size_t i = 0; i < sizeof pins / sizeof pins[0]; i++) {
        struct replies_report r;
        int f = replies_parse_report(s, pins[i], now, &r);
        if (f < RR_OK || f > RR_PIN_WRONG || memchr(r.word, 0, sizeof r.word) == NULL ||
            memchr(r.hamlet, 0, sizeof r.hamlet) == NULL)
            abort();
        /* what parses is a believable report: a hamlet, a count, a day neither future nor too old */
        if (f == RR_OK && (!r.hamlet[0] || r.count > 999999999L || r.count < -999999999L || r.day > today ||
                           r.day < today - REPLIES_REPORT_MAX_AGE))
            abort();
    }
#elif defined(FUZZ_CSV)
    char *path = xasprintf("%s/in.csv", dir), *out = xasprintf("%s/out.csv", dir);
    write_file(path, data, size);
    FILE *devnull = fopen("/dev/null", "w");
    struct contacts_import_result r;
    if (contacts_import(st, cfg, path, 1, devnull, &r, err) < 0) abort();
    /* what loa exports it imports again whole, and no cell of it runs as a formula in a spreadsheet */
    if (store_contacts_count(st) < 2000) {
        if (contacts_export(st, out, err) < 0) abort();
        size_t len = 0;
        FILE *fp = fopen(out, "rb");
        char buf[1 << 16];
        len = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
        if (fp) fclose(fp);
        buf[len] = '\0';
        if (strstr(buf, "\"=") || strstr(buf, "\"@")) abort();
        if (contacts_import(st, cfg, out, 0, devnull, &r, err) != 0) abort();
    }
    fclose(devnull);
    free(path);
    free(out);
#elif defined(FUZZ_SHEET)
    char *path = xasprintf("%s/in.xlsx", dir);
    write_file(path, data, size);
    FILE *devnull = fopen("/dev/null", "w"), *fp = fopen(path, "rb");
    long row = 0;
    struct csvfile cf = {path, devnull, 0, on_cell, on_row, NULL, never, &row, NULL, NULL};
    int kind = sheet_kind_of(fp);
    sheet_read(&cf, kind ? kind : SHEET_XLSX, NULL, err);
    fclose(fp);
    fclose(devnull);
    free(path);
#elif defined(FUZZ_KANNEL)
    const char *f[9] = {0};
    size_t at = 0;
    char *copy = xmalloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (int i = 0; i < 9 && at <= size; i++) {
        char *nl = memchr(copy + at, '\n', size - at);
        f[i] = copy + at;
        if (!nl) { at = size + 1; break; }
        *nl = '\0';
        at = (size_t)(nl - copy) + 1;
    }
    struct kannel_push q = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8],
                            (const unsigned char *)copy + (at <= size ? at : size), at <= size ? size - at : 0};
    struct kannel_in *in = xmalloc(sizeof *in);
    if (kannel_parse(&q, "fuzz-secret-1", in, err) == KANNEL_PARSE_OK) {
        if (in->p.text && !vntext_valid_utf8(in->p.text, strlen(in->p.text))) abort();
        if (in->p.concat_part > in->p.concat_total) abort();
        if (!in->p.sender || !*in->p.sender) abort();
    }
    free(in);
    free(copy);
#elif defined(FUZZ_WEB)
    char *copy = xmalloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *nl = memchr(copy, '\n', size);
    size_t hl = nl ? (size_t)(nl - copy) : size;
    const char *body = nl ? nl + 1 : copy + size;
    size_t bl = size - (size_t)(body - copy);
    if (nl) *nl = '\0';
    static const char *const names[] = {"loa_session", "user", "password", "csrf", "id", "text", "", "a"};
    static const size_t sizes[] = {1, 2, 8, 65, 4096};
    struct cfg_strlist hosts = {0};
    char *h = xstrdup("loa.local");
    hosts.v = &h, hosts.n = 1;
    web_host_ok(copy, "127.0.0.1:8080", &hosts);
    web_host_ok(copy, "[::1]:8080", NULL);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            char *out = xmalloc(sizes[k]);
            if (web_cookie_get(copy, names[i], out, sizes[k]) == 0 && strlen(out) >= sizes[k]) abort();
            if (web_form_get(body, bl, names[i], out, sizes[k]) == 0) {
                if (strlen(out) >= sizes[k]) abort();
                sbuf b = {0};
                web_esc(&b, out);
                if (strpbrk(sbuf_str(&b), "<>\"'")) abort();
                sbuf_free(&b);
            }
            free(out);
        }
    (void)hl;
    free(h);
    free(copy);
#elif defined(FUZZ_CONFIG)
    char *path = xasprintf("%s/fuzz.cfg", dir);
    write_file(path, data, size);
    config_free(config_load(path));
    free(path);
#else
#error "define one FUZZ_<NAME>"
#endif
    free(s);
    return 0;
}
