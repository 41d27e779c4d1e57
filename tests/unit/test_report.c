/* test_report — the reports' figures equal the database's (counted here with SQL of the test's own), the HTML is
 * well-formed and shows them, the XLSX opens and its sheets hold them, the same period twice is byte-identical,
 * loa run's report_make_due makes each report once, only an ended period is frozen, and report_list's periods. */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <zlib.h>

#include "config.h"
#include "enroll.h"
#include "report.h"
#include "store.h"
#include "store_int.h"   /* SQL_OB_*: the stored state codes by name */

struct env {
    char *dir;
    struct config *cfg;
    store *st;
    sqlite3 *db;               /* the test's own connection to the same file */
};

static long D(const char *s)
{
    long d;
    assert_int_equal(util_parse_day(s, &d), 0);
    return d;
}

static void sql(struct env *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *q = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    char *msg = NULL;
    if (sqlite3_exec(e->db, q, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", q, msg);
    sqlite3_free(q);
}

static long long sql_int(struct env *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *q = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(e->db, q, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_free(q);
    return v;
}

static void enroll(struct env *e, int kind, const char *hamlet, long count, const char *day)
{
    struct enroll_new n = {.hamlet = hamlet, .count = count, .day = D(day), .kind = kind, .source = "cli"};
    char err[LOA_ERRLEN];
    int64_t id;
    assert_int_equal(enroll_add(e->st, e->cfg, &n, test_time("2026-12-10 08:00"), &id, err), 0);
}

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->dir = test_commune_dir();
    free(test_write_file(e->dir, "loa.cfg",
        "commune = \"Xã Thử & Co\";\ndatabase = \"var/loa.db\";\ncampaigns_dir = \"campaigns\";\nreports_dir = \"reports\";\n"
        "hamlets = ( { code = \"X1\"; name = \"Xóm Một\"; }, { code = \"X2\"; name = \"Xóm <Hai>\"; },\n"
        "            { code = \"X3\"; name = \"Xóm Ba\"; merged_into = \"X2\"; } );\n"
        "targets = ( { by = \"2025-12-31\"; vneid = 150; }, { by = \"2030-12-31\"; vneid = 250; } );\n"
        "report: { recipient = \"Công an tỉnh\"; };\n"));
    e->cfg = test_config_load(e->dir);
    e->st = test_store_open(e->cfg);
    assert_int_equal(sqlite3_open(e->cfg->database, &e->db), SQLITE_OK);
    sqlite3_busy_timeout(e->db, 5000);

    const char *phones[] = {"+84900000001", "+84900000002", "+84900000003", "+84900000004"};
    const char *hamlets[] = {"X1", "X1", "X1", "X2"};
    for (int i = 0; i < 4; i++) {
        struct contact c = {.phone = (char *)phones[i], .name = "A", .hamlet = (char *)hamlets[i]};
        assert_int_equal(store_contact_upsert(e->st, &c, 1), 0);
    }
    /* enrollments around November 2026 */
    enroll(e, ENROLL_OPENING, "X1", 100, "2026-06-30");
    enroll(e, ENROLL_OPENING, "X2", 40, "2026-06-30");
    enroll(e, ENROLL_ENTRY, "X2", 4, "2026-10-31");
    enroll(e, ENROLL_ENTRY, "X1", 5, "2026-11-01");
    enroll(e, ENROLL_ENTRY, "X3", 2, "2026-11-30");
    enroll(e, ENROLL_ENTRY, "X1", -1, "2026-11-15");
    enroll(e, ENROLL_ENTRY, "X1", 9, "2026-12-01");
    enroll(e, ENROLL_OFFICIAL, "X1", 103, "2026-11-15");

    /* the outreach: rows inside November and just outside it */
    long long oct = test_time("2026-10-31 23:59"), n3 = test_time("2026-11-03 08:00"), n30 = test_time("2026-11-30 23:59"), dec = test_time("2026-12-01 00:00");
    sql(e, "INSERT INTO runs(id, campaign, channel, scheduled, created, state, recipients, parts) VALUES "
           "(1, 'c1', 'sms', %lld, 0, 'queued', 5, 5), (2, 'c1', 'broadcast', %lld, 0, 'queued', 0, 0), "
           "(3, 'c2', 'sms', %lld, 0, 'queued', 1, 2), (4, 'c1', 'sms', %lld, 0, 'queued', 1, 1), "
           "(5, 'c1', 'sms', %lld, 0, 'queued', 1, 1), (6, 'c2', 'sms', %lld, 0, 'skipped', 0, 0)",
        n3, n3 - 7200, n30, oct, dec, n3 + 86400);
    sql(e, "INSERT INTO outbox(run_id, campaign, phone, text, ucs2, parts, parts_sent, kind, state, next_attempt, created, sent_at) VALUES "
           "(1, 'c1', '+84900000001', 't', 0, 1, 1, " SQL_OK_CAMPAIGN ", " SQL_OB_DELIVERED ", 0, 0, %lld), "
           "(1, 'c1', '+84900000002', 't', 0, 1, 1, " SQL_OK_CAMPAIGN ", " SQL_OB_DELIVERED ", 0, 0, %lld), "
           "(1, 'c1', '+84900000003', 't', 0, 1, 1, " SQL_OK_CAMPAIGN ", " SQL_OB_SENT ", 0, 0, %lld), "
           "(1, 'c1', '+84900000004', 't', 0, 1, 0, " SQL_OK_CAMPAIGN ", " SQL_OB_FAILED ", 0, 0, %lld), "
           "(1, 'c1', '+84900000005', 't', 1, 2, 1, " SQL_OK_CAMPAIGN ", " SQL_OB_UNKNOWN ", 0, 0, %lld), "
           "(3, NULL, '+84900000001', 't', 1, 2, 2, " SQL_OK_CAMPAIGN ", " SQL_OB_DELIVERED ", 0, 0, %lld), "
           "(NULL, NULL, '+84900000001', 'auto', 0, 1, 1, " SQL_OK_AUTO ", " SQL_OB_SENT ", 0, 0, %lld), "
           "(4, 'c1', '+84900000001', 't', 0, 1, 1, " SQL_OK_CAMPAIGN ", " SQL_OB_DELIVERED ", 0, 0, %lld), "
           "(5, 'c1', '+84900000001', 't', 0, 1, 1, " SQL_OK_CAMPAIGN ", " SQL_OB_DELIVERED ", 0, 0, %lld), "
           "(6, 'c2', '+84900000001', 't', 0, 1, 0, " SQL_OK_CAMPAIGN ", " SQL_OB_QUEUED ", 0, 0, NULL)",
        n3, n3, n3, n3, n3, n30, n3 + 3600, oct, dec);
    sql(e, "UPDATE outbox SET modem = 'm1' WHERE sent_at IS NOT NULL");   /* a claim sets both */
    sql(e, "INSERT INTO inbox(modem, sender, phone, received, text, parts, complete, coding, action) VALUES "
           "('m1', 'a', 'a', %lld, 'CO', 1, 1, 0, 'poll'), ('m1', 'a', 'a', %lld, 'HUY', 1, 1, 0, 'optout'), "
           "('m1', 'b', 'b', %lld, 'hỏi', 1, 1, 0, 'inbox'), ('m1', 'c', 'c', %lld, 'HUY', 1, 1, 0, 'optout'), "
           "('m1', 'd', 'd', %lld, 'HUY', 1, 1, 0, 'optout'), ('m1', 'VIETTEL', NULL, %lld, 'KM', 1, 1, 0, 'inbox'), "
           "('m1', 'r', 'r', %lld, 'VNEID X1 5', 1, 1, 0, 'enroll'), ('m1', 'r', 'r', %lld, 'VNEID', 1, 1, 0, 'enroll-malformed')",
        n3 + 60, n3 + 120, n30, oct, dec, n3 + 180, n3 + 240, n3 + 300);
    sql(e, "INSERT INTO poll_answers(campaign, phone, answer, time) VALUES "
           "('c1', 'A', 'CO', %lld), ('c1', 'A', 'KHONG', %lld), ('c1', 'B', 'CO', %lld), ('c1', 'C', 'CO', %lld), "
           "('c1', 'D', 'CO', %lld), ('c2', 'A', 'CO', %lld)",
        n3, n3 + 86400, n3 + 2 * 86400, oct, dec, n30);
    /* a number that was not a resident answered too: left out of the report's poll counts */
    sql(e, "INSERT INTO poll_answers(campaign, phone, answer, time, resident) VALUES ('c2', 'S', 'CO', %lld, 0)", n30);
    sql(e, "INSERT INTO broadcasts(day, slot, campaign, text, words, hash, state, started, duration, created) VALUES "
           "(1, 360, 'c1', 't', 'w', 'h', 'played', %lld, 60.0, 0), (2, 1020, 'c1', 't', 'w', 'h', 'played', %lld, 90.0, 0), "
           "(3, 360, 'c1', 't', 'w', 'h', 'skipped', %lld, NULL, 0), (4, 1020, 'c1', 't', 'w', 'h', 'played', %lld, 30.0, 0)",
        n3 - 7200, n30 - 3600, n3, oct);
    sql(e, "INSERT INTO broadcasts(day, slot, campaign, text, words, hash, state, created) VALUES "
           "(%ld, 360, 'c1', 't', 'w', 'h', 'pending', 0), (%ld, 1020, 'c2', 't', 'w', 'h', 'ready', 0), "
           "(%ld, 600, 'khan-1000', 't', 'w', 'now-1', 'ready', 0), (%ld, 1020, 'c1', 't', 'w', 'h', 'pending', 0)",
        D("2026-11-05"), D("2026-11-30"), D("2026-11-06"), D("2026-12-01"));
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    sqlite3_close(e->db);
    test_commune_close(e->dir, e->cfg, e->st);
    free(e);
    return 0;
}

static char *make_as(struct env *e, const char *month, const char *now, int recompute)
{
    struct report_period p;
    assert_int_equal(report_period_parse(REPORT_MONTHLY, month, &p), 0);
    char err[LOA_ERRLEN] = "", *dir = NULL;
    if (report_make(e->st, e->cfg, &p, test_time(now), recompute, NULL, &dir, NULL, err) != 0) fail_msg("report_make: %s", err);
    return dir;
}

static char *make(struct env *e, const char *month, const char *now)
{
    return make_as(e, month, now, 0);
}

/* Field K (0-based) of the CSV line that starts with PREFIX, as a number. */
static long csv_num(const char *csv, const char *prefix, int k)
{
    char *pat = xasprintf("\n%s", prefix);
    const char *line = strstr(csv, pat);
    if (!line) fail_msg("no line starting with '%s'", prefix);
    free(pat);
    line++;
    for (int i = 0; i < k; i++) {
        line = strchr(line, ',');
        assert_non_null(line);
        line++;
    }
    return strtol(line, NULL, 10);
}

static void test_monthly_figures_equal_the_database(void **state)
{
    struct env *e = *state;
    char *dir = make(e, "2026-11", "2026-12-10 09:00");
    char *path = xasprintf("%s/bao-cao-2026-11.csv", dir);
    char *csv = test_read_file(path, NULL);
    long long F = test_time("2026-11-01 00:00"), U = test_time("2026-12-01 00:00"), from = D("2026-11-01"), to = D("2026-11-30");
    const char *period = "sent_at >= %lld AND sent_at < %lld";
    char *w = sqlite3_mprintf(period, F, U);

    assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(csv, "\nNơi nhận,Công an tỉnh\r\n"));
    assert_non_null(strstr(csv, "\nKỳ báo cáo,Tháng 11/2026\r\n"));
    assert_non_null(strstr(csv, "\nNgày lập,10/12/2026\r\n"));
    assert_non_null(strstr(csv, "\nXã,Xã Thử & Co\r\n"));
    /* outreach */
    assert_int_equal(csv_num(csv, "Tin nhắn đã gửi,", 1), sql_int(e, "SELECT count(*) FROM outbox WHERE state IN (" SQL_OB_SENT ", " SQL_OB_DELIVERED ") AND %s", w));
    assert_int_equal(csv_num(csv, "Tin nhắn đã gửi,", 1), 5);
    assert_int_equal(csv_num(csv, "Trong đó đã báo nhận,", 1), sql_int(e, "SELECT count(*) FROM outbox WHERE state = " SQL_OB_DELIVERED " AND %s", w));
    assert_int_equal(csv_num(csv, "Tin nhắn gửi lỗi,", 1), sql_int(e, "SELECT count(*) FROM outbox WHERE state = " SQL_OB_FAILED " AND %s", w));
    assert_int_equal(csv_num(csv, "Tin nhắn chưa rõ kết quả,", 1), sql_int(e, "SELECT count(*) FROM outbox WHERE state = " SQL_OB_UNKNOWN " AND %s", w));
    assert_int_equal(csv_num(csv, "Số phần tin nhắn đã gửi,", 1),
                     sql_int(e, "SELECT sum(parts_sent) FROM outbox WHERE state IN (" SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_FAILED ", " SQL_OB_UNKNOWN ") AND %s", w));
    assert_int_equal(csv_num(csv, "Số đợt gửi tin nhắn,", 1),
                     sql_int(e, "SELECT count(*) FROM runs WHERE state = 'queued' AND channel = 'sms' AND scheduled >= %lld AND scheduled < %lld", F, U));
    assert_int_equal(csv_num(csv, "Số đợt gửi tin nhắn,", 1), 2);
    assert_int_equal(csv_num(csv, "Số chiến dịch đã chạy,", 1),
                     sql_int(e, "SELECT count(DISTINCT campaign) FROM runs WHERE state = 'queued' AND scheduled >= %lld AND scheduled < %lld", F, U));
    /* replies: residents' messages, not the reporters' VNeID reports nor the carrier's own, counted apart */
    assert_int_equal(csv_num(csv, "Tin nhắn trả lời của người dân,", 1),
                     sql_int(e, "SELECT count(*) FROM inbox WHERE phone IS NOT NULL AND action NOT LIKE 'enroll%%' "
                                "AND received >= %lld AND received < %lld", F, U));
    assert_int_equal(csv_num(csv, "Tin nhắn trả lời của người dân,", 1), 3);
    assert_int_equal(csv_num(csv, "Tin báo cáo số liệu VNeID của trưởng xóm và Công an,", 1), 2);
    assert_int_equal(csv_num(csv, "Tin của nhà mạng và tổng đài (không tính là trả lời),", 1), 1);
    /* loudspeaker: items laid out for November's slots, urgent announcements left out */
    assert_int_equal(csv_num(csv, "Số đợt phát thanh theo lịch,", 1), 2);
    assert_int_equal(csv_num(csv, "Số lượt từ chối nhận tin,", 1),
                     sql_int(e, "SELECT count(*) FROM inbox WHERE action = 'optout' AND received >= %lld AND received < %lld", F, U));
    assert_int_equal(csv_num(csv, "Số lượt từ chối nhận tin,", 1), 1);
    assert_int_equal(csv_num(csv, "Lượt phát thanh đã phát,", 1),
                     sql_int(e, "SELECT count(*) FROM broadcasts WHERE state = 'played' AND started >= %lld AND started < %lld", F, U));
    assert_non_null(strstr(csv, "\nThời lượng phát thanh (phút),2.5\r\n"));
    /* per campaign: c1 sent 3 (2 delivered), 1 failed, 1 unknown, 4 parts, 2 plays */
    assert_non_null(strstr(csv, "\nc1,c1,1,3,2,1,1,4,2\r\n"));
    assert_non_null(strstr(csv, "\nc2,c2,1,1,1,0,0,2,0\r\n"));
    /* polls: each resident's latest answer in the month (the stranger's CO to c2 not among them) */
    assert_non_null(strstr(csv, "\nc1,c1,CO,1\r\n"));
    assert_non_null(strstr(csv, "\nc1,c1,KHONG,1\r\n"));
    assert_non_null(strstr(csv, "\nc2,c2,CO,1\r\n"));
    /* enrollments: the month, the cumulative (merged X3 under X2), the official total beside */
    long long month = sql_int(e, "SELECT sum(count) FROM enrollments WHERE kind = 'entry' AND day BETWEEN %lld AND %lld", from, to);
    long long cum = sql_int(e, "SELECT sum(count) FROM enrollments WHERE kind IN ('entry', 'opening') AND day <= %lld", to);
    assert_int_equal(csv_num(csv, "Tổng,", 2), month);
    assert_int_equal(csv_num(csv, "Tổng,", 3), cum);
    assert_int_equal(cum, 150);
    assert_int_equal(csv_num(csv, "Tổng,", 4), 250);        /* 150 by 2025 has passed: 250 by 2030 */
    assert_int_equal(csv_num(csv, "X2,", 2),
                     sql_int(e, "SELECT sum(count) FROM enrollments WHERE kind = 'entry' AND hamlet IN ('X2', 'X3') AND day BETWEEN %lld AND %lld", from, to));
    assert_int_equal(csv_num(csv, "X2,", 3),
                     sql_int(e, "SELECT sum(count) FROM enrollments WHERE kind <> 'official' AND hamlet IN ('X2', 'X3') AND day <= %lld", to));
    assert_int_equal(csv_num(csv, "X1,", 3), 104);
    assert_int_equal(csv_num(csv, "X1,", 7), 103);          /* the police's figure */
    assert_int_equal(csv_num(csv, "X1,", 9), 104 - 103);    /* loa on 15/11 (100 + 5 - 1) minus the police's */
    assert_null(strstr(csv, "\nX3,"));
    assert_non_null(strstr(csv, "\n11/2026,6,150,250\r\n"));
    assert_non_null(strstr(csv, "\n10/2026,4,144,250\r\n"));
    sqlite3_free(w);
    free(csv);
    free(path);
    free(dir);
}

/* 1 when every element of S is closed in order (XHTML-style: void elements written as <x/>), else 0. */
static int tags_balanced(const char *s)
{
    char stack[128][16];
    int depth = 0;
    while ((s = strchr(s, '<'))) {
        if (!strncmp(s, "<!--", 4)) {
            s = strstr(s, "-->");
            if (!s) return 0;
            continue;
        }
        if (s[1] == '!') {
            s = strchr(s, '>');
            if (!s) return 0;
            continue;
        }
        int closing = s[1] == '/';
        const char *name = s + 1 + closing;
        size_t len = strcspn(name, " \t\n/>");
        const char *end = strchr(s, '>');
        if (!end || len == 0 || len >= 16) return 0;
        if (memchr(name, '<', (size_t)(end - name))) return 0;
        int selfclose = end[-1] == '/';
        if (closing) {
            if (!depth || strlen(stack[depth - 1]) != len || strncmp(stack[depth - 1], name, len)) return 0;
            depth--;
        } else if (!selfclose) {
            if (depth == 128) return 0;
            memcpy(stack[depth], name, len);
            stack[depth++][len] = '\0';
        }
        s = end + 1;
    }
    return depth == 0;
}

static void test_html_is_well_formed_and_shows_the_figures(void **state)
{
    struct env *e = *state;
    assert_false(tags_balanced("<p><b>x</p></b>"));   /* the checker itself can fail */
    assert_false(tags_balanced("<div><p>x</p>"));
    assert_true(tags_balanced("<!DOCTYPE html><a><br/><b>x</b></a>"));
    char *dir = make(e, "2026-11", "2026-12-10 09:00");
    char *path = xasprintf("%s/bao-cao-2026-11.html", dir);
    char *html = test_read_file(path, NULL);
    assert_true(tags_balanced(html));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src=\"http"));          /* nothing fetched from a network */
    assert_null(strstr(html, "href=\"http"));
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "<polyline"));
    assert_non_null(strstr(html, "Tháng 11/2026"));
    assert_non_null(strstr(html, "Kính gửi: Công an tỉnh"));
    assert_non_null(strstr(html, "Xã Thử &amp; Co"));       /* escaped */
    assert_non_null(strstr(html, "Xóm &lt;Hai&gt;"));
    assert_null(strstr(html, "Xóm <Hai>"));
    assert_non_null(strstr(html, "lũy kế <b>150</b>"));
    assert_non_null(strstr(html, "<td class=\"n\">104</td>"));
    assert_non_null(strstr(html, "<td class=\"n\">60,0</td>")); /* 150 of 250: Vietnamese decimal comma */
    assert_non_null(strstr(html, "Chỉ tiêu 250 (đến 31/12/2030)"));
    free(html);
    free(path);
    free(dir);
}

/* The uncompressed contents of NAME in the zip archive Z (NULL when absent). */
static char *zip_entry(const unsigned char *z, size_t n, const char *name)
{
#define RD16(p) ((unsigned)(p)[0] | (unsigned)(p)[1] << 8)
#define RD32(p) ((unsigned long)RD16(p) | (unsigned long)RD16((p) + 2) << 16)
    size_t i = n - 22;
    while (i > 0 && RD32(z + i) != 0x06054b50UL) i--;
    assert_true(i > 0);
    unsigned count = RD16(z + i + 10);
    const unsigned char *p = z + RD32(z + i + 16);
    for (unsigned k = 0; k < count; k++) {
        assert_int_equal(RD32(p), 0x02014b50UL);
        unsigned method = RD16(p + 10), nlen = RD16(p + 28), elen = RD16(p + 30), clen = RD16(p + 32);
        unsigned long csize = RD32(p + 20), usize = RD32(p + 24), off = RD32(p + 42);
        if (nlen == strlen(name) && !memcmp(p + 46, name, nlen)) {
            const unsigned char *data = z + off + 30 + RD16(z + off + 26) + RD16(z + off + 28);
            char *out = xmalloc(usize + 1);
            if (method == 0) {
                memcpy(out, data, usize);
            } else {
                assert_int_equal(method, 8);
                z_stream zs = {0};
                assert_int_equal(inflateInit2(&zs, -MAX_WBITS), Z_OK);
                zs.next_in = (unsigned char *)data;
                zs.avail_in = (unsigned)csize;
                zs.next_out = (unsigned char *)out;
                zs.avail_out = (unsigned)usize;
                assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
                assert_int_equal(zs.total_out, usize);
                inflateEnd(&zs);
            }
            out[usize] = '\0';
            return out;
        }
        p += 46 + nlen + elen + clen;
    }
    return NULL;
#undef RD16
#undef RD32
}

/* The value of cell REF ("D7") in a sheet's XML, as text; "" when the cell is absent. */
static void cell(const char *xml, const char *ref, char *out, size_t n)
{
    char *pat = xasprintf("<c r=\"%s\"", ref);
    const char *c = strstr(xml, pat);
    free(pat);
    out[0] = '\0';
    if (!c) return;
    const char *end = strstr(c, "</c>"), *v = strstr(c, "<v>");
    if (!v || !end || v > end) return;
    v += 3;
    size_t len = (size_t)(strstr(v, "</v>") - v);
    snprintf(out, n, "%.*s", (int)len, v);
}

static void test_xlsx_opens_and_its_sheets_hold_the_figures(void **state)
{
    struct env *e = *state;
    char *dir = make(e, "2026-11", "2026-12-10 09:00");
    char *path = xasprintf("%s/bao-cao-2026-11.xlsx", dir);
    size_t n;
    unsigned char *z = (unsigned char *)test_read_file(path, &n);
    assert_memory_equal(z, "PK\x03\x04", 4);
    char *wb = zip_entry(z, n, "xl/workbook.xml");
    char *strings = zip_entry(z, n, "xl/sharedStrings.xml");
    char *vneid = zip_entry(z, n, "xl/worksheets/sheet2.xml");
    char *outreach = zip_entry(z, n, "xl/worksheets/sheet4.xml");
    char *core = zip_entry(z, n, "docProps/core.xml");
    assert_non_null(wb);
    assert_non_null(strings);
    assert_non_null(vneid);
    assert_non_null(outreach);
    assert_non_null(core);
    assert_non_null(strstr(wb, "name=\"VNeID\""));
    assert_non_null(strstr(wb, "name=\"Tuyên truyền\""));
    assert_non_null(strstr(wb, "name=\"Khảo sát\""));
    assert_non_null(strstr(strings, "Lũy kế"));              /* Vietnamese headers */
    assert_non_null(strstr(strings, "Xóm &lt;Hai&gt;"));
    assert_non_null(strstr(core, "2026-12-09T17:00:00Z"));  /* made on 10/12/2026, local midnight */
    char v[64];
    long long cum = sql_int(e, "SELECT sum(count) FROM enrollments WHERE kind IN ('entry', 'opening') AND day <= %ld",
                            D("2026-11-30"));
    cell(vneid, "D6", v, sizeof v);                          /* rows 4, 5, 6: X1, X2 (X3 merged into it), total */
    assert_int_equal(atol(v), cum);
    cell(vneid, "D5", v, sizeof v);
    assert_string_equal(v, "46");
    cell(vneid, "C5", v, sizeof v);
    assert_string_equal(v, "2");
    cell(vneid, "F6", v, sizeof v);
    assert_string_equal(v, "60");
    cell(outreach, "B6", v, sizeof v);                       /* "Tin nhắn đã gửi" */
    assert_int_equal(atol(v), sql_int(e, "SELECT count(*) FROM outbox WHERE state IN (" SQL_OB_SENT ", " SQL_OB_DELIVERED ") AND sent_at >= %lld AND sent_at < %lld",
                                      (long long)test_time("2026-11-01 00:00"), (long long)test_time("2026-12-01 00:00")));
    free(wb); free(strings); free(vneid); free(outreach); free(core);
    free(z);
    free(path);
    free(dir);
}

static void test_same_period_twice_is_byte_identical(void **state)
{
    struct env *e = *state;
    const char *ext[] = {"csv", "xlsx", "html"};
    char *first[3];
    size_t len[3];
    char *dir = make(e, "2026-11", "2026-12-10 09:00");
    for (int i = 0; i < 3; i++) {
        char *p = xasprintf("%s/bao-cao-2026-11.%s", dir, ext[i]);
        first[i] = test_read_file(p, &len[i]);
        struct stat sb;
        assert_int_equal(stat(p, &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0640);
        free(p);
    }
    free(dir);
    dir = make(e, "2026-11", "2026-12-10 16:45");
    for (int i = 0; i < 3; i++) {
        size_t n;
        char *p = xasprintf("%s/bao-cao-2026-11.%s", dir, ext[i]);
        char *again = test_read_file(p, &n);
        assert_int_equal(n, len[i]);
        assert_memory_equal(again, first[i], n);
        free(again);
        free(p);
        free(first[i]);
    }
    char *tmp = xasprintf("%s/bao-cao-2026-11.csv.tmp", dir);
    assert_false(util_file_exists(tmp));
    free(tmp);
    free(dir);
    /* a new entry in the month leaves the frozen report as it was made … */
    enroll(e, ENROLL_ENTRY, "X1", 1, "2026-11-20");
    dir = make(e, "2026-11", "2026-12-11 08:00");
    char *p = xasprintf("%s/bao-cao-2026-11.csv", dir);
    char *csv = test_read_file(p, NULL);
    assert_int_equal(csv_num(csv, "Tổng,", 3), 150);
    free(csv);
    free(p);
    free(dir);
    /* … and changes it when recomputed */
    dir = make_as(e, "2026-11", "2026-12-11 08:05", 1);
    p = xasprintf("%s/bao-cao-2026-11.csv", dir);
    csv = test_read_file(p, NULL);
    assert_int_equal(csv_num(csv, "Tổng,", 3), 151);
    free(csv);
    free(p);
    free(dir);
}

static void test_periods(void **state)
{
    (void)state;
    struct report_period p;
    assert_int_equal(report_period_parse(REPORT_MONTHLY, "2026-02", &p), 0);
    assert_string_equal(p.name, "2026-02");
    assert_int_equal(p.to_day - p.from_day, 27);
    assert_int_equal(report_period_parse(REPORT_MONTHLY, "2026-13", &p), -1);
    assert_int_equal(report_period_parse(REPORT_MONTHLY, "2026-1", &p), -1);
    assert_int_equal(report_period_parse(REPORT_HALF_YEAR, "2026-H2", &p), 0);
    assert_int_equal(p.from_day, D("2026-07-01"));
    assert_int_equal(p.to_day, D("2026-12-31"));
    assert_int_equal(report_period_parse(REPORT_HALF_YEAR, "2026-H3", &p), -1);
    assert_int_equal(report_period_parse(REPORT_ANNUAL, "2026", &p), 0);
    assert_int_equal(p.to_day - p.from_day, 364);
    assert_int_equal(report_period_parse(REPORT_ANNUAL, "26", &p), -1);
    report_period_default(REPORT_MONTHLY, test_time("2027-01-10 08:00"), &p);
    assert_string_equal(p.name, "2026-12");
    report_period_default(REPORT_HALF_YEAR, test_time("2026-07-10 08:00"), &p);
    assert_string_equal(p.name, "2026-H1");
    report_period_default(REPORT_HALF_YEAR, test_time("2026-03-01 08:00"), &p);
    assert_string_equal(p.name, "2025-H2");
    report_period_default(REPORT_ANNUAL, test_time("2026-03-01 08:00"), &p);
    assert_string_equal(p.name, "2025");
}

static int exists(struct env *e, const char *rel)
{
    char *p = xasprintf("%s/%s", e->cfg->reports_dir, rel);
    int r = util_file_exists(p);
    free(p);
    return r;
}

static void test_make_due_makes_each_report_once(void **state)
{
    struct env *e = *state;
    char err[LOA_ERRLEN] = "", v[64];
    /* 9 December: November's report day has not come; nothing for November yet */
    assert_true(report_make_due(e->st, e->cfg, test_time("2026-12-09 23:00"), err) >= 0);
    assert_false(exists(e, "2026-11/bao-cao-2026-11.html"));
    assert_int_equal(report_make_due(e->st, e->cfg, test_time("2026-12-10 07:00"), err), 1);
    assert_true(exists(e, "2026-11/bao-cao-2026-11.html"));
    assert_int_equal(store_setting_get(e->st, "report.monthly.2026-11", v, sizeof v), 0);
    assert_int_equal(report_make_due(e->st, e->cfg, test_time("2026-12-10 07:01"), err), 0);
    assert_int_equal(report_make_due(e->st, e->cfg, test_time("2026-12-25 07:00"), err), 0);
    /* 10 January: December, the second half and the year */
    assert_int_equal(report_make_due(e->st, e->cfg, test_time("2027-01-10 06:00"), err), 3);
    assert_true(exists(e, "2026-12/bao-cao-2026-12.csv"));
    assert_true(exists(e, "2026-H2/bao-cao-2026-H2.xlsx"));
    assert_true(exists(e, "2026/bao-cao-2026.html"));
    assert_int_equal(report_make_due(e->st, e->cfg, test_time("2027-01-11 06:00"), err), 0);
    /* the annual report covers the whole year: its CSV totals equal the year's entries */
    char *p = xasprintf("%s/2026/bao-cao-2026.csv", e->cfg->reports_dir);
    char *csv = test_read_file(p, NULL);
    assert_int_equal(csv_num(csv, "Tổng,", 2), sql_int(e, "SELECT sum(count) FROM enrollments WHERE kind = 'entry' AND day "
                                                          "BETWEEN %ld AND %ld", D("2026-01-01"), D("2026-12-31")));
    assert_non_null(strstr(csv, "\nKỳ báo cáo,Năm 2026\r\n"));
    free(csv);
    free(p);
}

/* A period still running is counted up to the moment, never frozen; figures stored while it ran (as an
 * older loa did) are not its report's: made after its end it counts anew and is frozen then. */
static void test_only_an_ended_period_is_frozen(void **state)
{
    struct env *e = *state;
    free(make(e, "2026-12", "2026-12-10 09:00"));
    assert_int_equal(sql_int(e, "SELECT count(*) FROM reports WHERE period = 'monthly.2026-12'"), 0);
    sql(e, "INSERT INTO reports(period, made, last_entry, residents, targets, hamlet_targets) "
           "VALUES ('monthly.2026-12', %lld, 1, '*=1', '', '')", (long long)test_time("2026-12-15 09:00"));
    struct report_period p;
    assert_int_equal(report_period_parse(REPORT_MONTHLY, "2026-12", &p), 0);
    struct report_entry en;
    char err[LOA_ERRLEN] = "";
    assert_int_equal(report_entry_get(e->st, e->cfg, &p, test_time("2027-01-02 08:00"), &en, err), 0);
    assert_true(en.ended);
    assert_false(en.made);     /* the row of 15 December is not December's report */
    assert_true(en.files);     /* the files written on 10 December are there */
    report_entry_clear(&en);
    char *dir = NULL;
    time_t made = 0;
    assert_int_equal(report_make(e->st, e->cfg, &p, test_time("2027-01-02 08:00"), 0, "lan", &dir, &made, err), 0);
    free(dir);
    assert_int_equal((long long)made, (long long)test_time("2027-01-02 08:00"));
    assert_int_equal(sql_int(e, "SELECT made FROM reports WHERE period = 'monthly.2026-12' AND made_by = 'lan'"),
                     (long long)test_time("2027-01-02 08:00"));
    assert_int_equal(report_entry_get(e->st, e->cfg, &p, test_time("2027-01-03 08:00"), &en, err), 0);
    assert_true(en.made);
    assert_string_equal(en.made_by, "lan");
    report_entry_clear(&en);
}

/* The periods listed: months from the first data (the opening balances of 30 June) to the running one, newest
 * first, then halves and years; each with its state. */
static void test_list_runs_from_the_first_data_to_now(void **state)
{
    struct env *e = *state;
    char err[LOA_ERRLEN] = "";
    struct report_entry *v;
    size_t n;
    /* the fixture's rows of the epoch's first days: ten years back at most */
    assert_int_equal(report_list(e->st, e->cfg, test_time("2026-12-10 10:00"), &v, &n, err), 0);
    assert_string_equal(v[0].p.name, "2026-12");
    assert_string_equal(v[131].p.name, "2016-01");
    report_list_free(v, n);
    long long t = test_time("2026-10-01 00:00");
    sql(e, "UPDATE runs SET created = %lld; UPDATE outbox SET created = %lld; UPDATE broadcasts SET day = day + %ld WHERE day < 10",
        t, t, D("2026-11-03"));
    free(make(e, "2026-11", "2026-12-10 09:00"));
    assert_int_equal(report_list(e->st, e->cfg, test_time("2026-12-10 10:00"), &v, &n, err), 0);
    const char *want[] = {"2026-12", "2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-H2", "2026-H1",
                          "2026"};
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) assert_string_equal(v[i].p.name, want[i]);
    assert_false(v[0].ended);
    assert_true(v[1].made && v[1].files && v[1].ended);
    assert_true(v[2].ended && !v[2].made && !v[2].files);
    assert_false(v[7].ended);
    assert_true(v[8].ended);
    report_list_free(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_monthly_figures_equal_the_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_is_well_formed_and_shows_the_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_opens_and_its_sheets_hold_the_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_period_twice_is_byte_identical, setup, teardown),
        cmocka_unit_test(test_periods),
        cmocka_unit_test_setup_teardown(test_make_due_makes_each_report_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_an_ended_period_is_frozen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_runs_from_the_first_data_to_now, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
