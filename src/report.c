/*
 * report — the monthly, 6-month and annual reports to the level above the commune.
 *
 * The figures are gathered once into tables (struct table: a title, a sheet name, Vietnamese
 * column heads, cells that are text or numbers); the three writers then lay the same tables out:
 * CSV (one file, one section per table), XLSX (one sheet per table) and HTML (one page, with two
 * inline SVG charts). Nothing in the output depends on the clock beyond the day given as NOW, so
 * the same period made twice on the same day gives byte-identical files.
 *
 * Sections: periods; tables; figures; CSV; XLSX; HTML and SVG; writing files; making reports.
 */
#include "i18n.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <xlsxwriter.h>

#include "afile.h"
#include "enroll.h"
#include "log.h"
#include "util.h"
#include "vntext.h"

/* ---- periods ---- */

void report_period_set(int kind, int year, int index, struct report_period *p)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->year = year;
    p->index = index;
    int m1, m2;
    switch (kind) {
    case REPORT_MONTHLY:
        m1 = m2 = index;
        snprintf(p->name, sizeof p->name, "%04d-%02d", year, index);
        break;
    case REPORT_HALF_YEAR:
        m1 = index == 1 ? 1 : 7;
        m2 = m1 + 5;
        snprintf(p->name, sizeof p->name, "%04d-H%d", year, index);
        break;
    default:
        m1 = 1;
        m2 = 12;
        snprintf(p->name, sizeof p->name, "%04d", year);
        break;
    }
    p->from_day = util_days_from_civil(year, m1, 1);
    p->to_day = util_days_from_civil(year, m2, util_days_in_month(year, m2));
}

int report_period_parse(int kind, const char *s, struct report_period *p)
{
    int y, i, n = 0;
    char extra;
    if (!s) return -1;
    if (kind == REPORT_MONTHLY && sscanf(s, "%4d-%2d%n%c", &y, &i, &n, &extra) == 2 && n == 7 && i >= 1 && i <= 12)
        ;
    else if (kind == REPORT_HALF_YEAR && sscanf(s, "%4d-H%1d%n%c", &y, &i, &n, &extra) == 2 && n == 7 && (i == 1 || i == 2))
        ;
    else if (kind == REPORT_ANNUAL && sscanf(s, "%4d%n%c", &y, &n, &extra) == 1 && n == 4 && (i = 0) == 0)
        ;
    else
        return -1;
    if (y < 2000 || y > 2999) return -1;
    report_period_set(kind, y, i, p);
    return 0;
}

void report_period_default(int kind, time_t now, struct report_period *p)
{
    struct loa_tm tm;
    util_localtime(now, &tm);
    if (kind == REPORT_MONTHLY) report_period_set(kind, tm.mon == 1 ? tm.year - 1 : tm.year, tm.mon == 1 ? 12 : tm.mon - 1, p);
    else if (kind == REPORT_HALF_YEAR) report_period_set(kind, tm.mon >= 7 ? tm.year : tm.year - 1, tm.mon >= 7 ? 1 : 2, p);
    else report_period_set(kind, tm.year - 1, 0, p);
}

static char *period_label(const struct report_period *p)
{
    if (p->kind == REPORT_MONTHLY) return xasprintf("Tháng %02d/%04d", p->index, p->year);
    if (p->kind == REPORT_HALF_YEAR) return xasprintf("6 tháng %s năm %04d", p->index == 1 ? "đầu" : "cuối", p->year);
    return xasprintf("Năm %04d", p->year);
}

/* ---- tables ---- */

struct cell {
    int num;                   /* 1: a number */
    double v;
    int dec;                   /* decimals shown */
    char *s;                   /* text (owned), NULL for an empty cell */
};

struct table {
    const char *title;         /* section title */
    const char *sheet;         /* XLSX sheet name (<= 31 characters) */
    int ncols;
    const char *const *heads;
    struct cell *cells;
    size_t n, cap;             /* cells */
    int total_last;            /* the last row is a total: bold */
};

static struct cell *t_next(struct table *t)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 32;
        t->cells = xrealloc(t->cells, t->cap * sizeof *t->cells);
    }
    struct cell *c = &t->cells[t->n++];
    memset(c, 0, sizeof *c);
    return c;
}

/* Every text cell with control characters made visible: poll answers come from residents' SMS. */
static void t_text(struct table *t, const char *s)
{
    t_next(t)->s = s ? vntext_visible(s) : NULL;
}

static void t_textf(struct table *t, const char *fmt, ...) LOA_PRINTF(2, 3);
static void t_textf(struct table *t, const char *fmt, ...)
{
    sbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    t_next(t)->s = vntext_visible(sbuf_str(&b));
    sbuf_free(&b);
}

static void t_num(struct table *t, double v, int dec)
{
    struct cell *c = t_next(t);
    c->num = 1;
    c->v = v;
    c->dec = dec;
}

static size_t t_rows(const struct table *t)
{
    return t->n / (size_t)t->ncols;
}

static void t_free(struct table *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->cells[i].s);
    free(t->cells);
}

/* A number as the CSV and the test read it: integers plain, others with '.' and DEC decimals. */
static void fmt_plain(const struct cell *c, char *buf, size_t n)
{
    if (c->dec == 0) snprintf(buf, n, "%lld", (long long)llround(c->v));
    else snprintf(buf, n, "%.*f", c->dec, c->v);
}

/* A number as a Vietnamese reader reads it: thousands dots, decimal comma. */
static void fmt_vn(const struct cell *c, char *buf, size_t n)
{
    if (c->dec == 0) {
        enroll_fmt_count((long)llround(c->v), buf, n);
        return;
    }
    double r = round(c->v * pow(10, c->dec)) / pow(10, c->dec);
    char whole[32], frac[16];
    long w = (long)floor(fabs(r));
    snprintf(frac, sizeof frac, "%.*f", c->dec, fabs(r) - (double)w);
    enroll_fmt_count(w, whole, sizeof whole);
    snprintf(buf, n, "%s%s,%s", r < 0 ? "-" : "", whole, frac + 2);
}

/* ---- figures ---- */

struct camp {
    char *id;                  /* "" = ad-hoc SMS and automatic replies */
    long sms_runs, bc_runs, recipients;
    long sent, delivered, failed, unknown, parts;
    long played;
    double seconds;
};

struct report {
    const struct config *cfg;
    const struct report_period *p;
    time_t made;               /* when its figures were first counted (or recounted with --recompute) */
    long made_day;
    int running;               /* made before the period ended: "tính đến ngày …" */
    const struct enroll_basis *basis;
    const char *basis_text;    /* the inputs counted from, in words */
    char *label;               /* "Tháng 11/2026" */
    struct enroll_summary sum;
    long *months;              /* month-end days of the chart */
    long *cum;                 /* cumulative at each */
    long *entries;             /* entries dated in each month (balances left out) */
    size_t nmonths;
    struct camp *camps;
    size_t ncamps;
    struct store_inbox_counts inbox;
    long runs_skipped, runs_held;  /* SMS runs (scheduled times) skipped, or held on an untrusted clock */
    struct table info, vneid, trend, outreach, bycamp, polls;
};

static struct camp *camp_get(struct report *r, const char *id)
{
    if (!id) id = "";
    for (size_t i = 0; i < r->ncamps; i++)
        if (!strcmp(r->camps[i].id, id)) return &r->camps[i];
    r->camps = xrealloc(r->camps, (r->ncamps + 1) * sizeof *r->camps);
    struct camp *c = &r->camps[r->ncamps++];
    memset(c, 0, sizeof *c);
    c->id = xstrdup(id);
    return c;
}

static int on_run(void *ud, const struct store_stat *s)
{
    struct camp *c = camp_get(ud, s->key);
    /* broadcast items are not runs: they are counted from the programme (on_broadcast) */
    if (s->key2 && !strcmp(s->key2, "broadcast")) return 0;
    c->sms_runs += (long)s->v[0];
    c->recipients += (long)s->v[1];
    return 0;
}

static int on_outbox(void *ud, const struct store_stat *s)
{
    struct camp *c = camp_get(ud, s->key);
    long n = (long)s->v[1];
    switch ((int)s->v[0]) {
    case OB_SENT: c->sent += n; break;
    case OB_DELIVERED: c->sent += n; c->delivered += n; break;
    case OB_FAILED: c->failed += n; break;
    case OB_UNKNOWN: c->unknown += n; break;
    }
    c->parts += (long)s->v[2];
    return 0;
}

static int on_broadcast(void *ud, const struct store_stat *s)
{
    struct camp *c = camp_get(ud, s->key);
    c->bc_runs += (long)s->v[0];
    c->played += (long)s->v[1];
    c->seconds += s->d;
    return 0;
}

static int on_missed(void *ud, const struct run_missed *m)
{
    struct report *r = ud;
    if (m->state == RUN_HELD) r->runs_held += m->runs;
    else r->runs_skipped += m->runs;
    return 0;
}

static const char *campaign_title(const struct config *cfg, const char *id)
{
    if (!*id) return "Tin nhắn lẻ và trả lời tự động";
    const struct cfg_campaign *k = config_campaign(cfg, id);
    return k && k->title ? k->title : id;
}

static int on_poll(void *ud, const struct store_stat *s)
{
    struct report *r = ud;
    t_text(&r->polls, s->key);
    t_text(&r->polls, campaign_title(r->cfg, s->key ? s->key : ""));
    t_text(&r->polls, s->key2);
    t_num(&r->polls, (double)s->v[0], 0);
    return 0;
}

static const char *const info_heads[] = {"Mục", "Nội dung"};
static const char *const vneid_heads[] = {"Mã xóm", "Tên xóm", "Kích hoạt trong kỳ", "Lũy kế", "Chỉ tiêu", "Tỷ lệ (%)",
                                          "Cần mỗi tháng", "Số liệu Công an", "Ngày số liệu Công an",
                                          "Chênh lệch so với số liệu Công an"};
static const char *const trend_heads[] = {"Tháng", "Kích hoạt trong tháng", "Lũy kế cuối tháng", "Chỉ tiêu"};
static const char *const outreach_heads[] = {"Nội dung", "Số lượng"};
static const char *const bycamp_heads[] = {"Mã chiến dịch", "Tên chiến dịch", "Đợt gửi SMS", "Tin đã gửi", "Đã nhận",
                                           "Gửi lỗi", "Chưa rõ", "Số phần tin", "Lượt phát thanh"};
static const char *const polls_heads[] = {"Mã chiến dịch", "Tên chiến dịch", "Câu trả lời", "Số người"};

static void fig_row(struct table *t, const struct enroll_fig *f, const char *code, const char *name)
{
    char d[16];
    t_text(t, code);
    t_text(t, name);
    t_num(t, (double)f->period, 0);
    t_num(t, (double)f->cumulative, 0);
    if (f->target) {
        t_num(t, (double)f->target, 0);
        t_num(t, round(f->percent * 10) / 10, 1);
        t_num(t, (double)f->needed_per_month, 0);
    } else {
        t_text(t, NULL);
        t_text(t, NULL);
        t_text(t, NULL);
    }
    if (f->official >= 0) {
        t_num(t, (double)f->official, 0);
        t_text(t, enroll_fmt_day(f->official_day, d, sizeof d));
        t_num(t, (double)(f->loa_at_official - f->official), 0);
    } else {
        t_text(t, NULL);
        t_text(t, NULL);
        t_text(t, NULL);
    }
}

/* The figures of P as they stood at MADE, counted from BASIS (described by BASIS_TEXT). */
static int gather(store *st, const struct config *cfg, const struct report_period *p, time_t made,
                  const struct enroll_basis *basis, const char *basis_text, struct report *r, char *err)
{
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->p = p;
    r->made = made;
    r->basis = basis;
    r->basis_text = basis_text;
    struct loa_tm tm;
    util_localtime(made, &tm);
    r->made_day = util_local_day(made);
    r->running = r->made_day < p->to_day;
    r->label = period_label(p);
    /* a period still running is counted up to the day the report is made */
    long to_day = r->running ? r->made_day : p->to_day;
    if (enroll_summary_from(st, cfg, basis, p->from_day, to_day, &r->sum, err) < 0) return -1;

    /* The chart's months: from the first counted month (at most 24 months back) to the period's end. */
    int y, m, d;
    util_civil_from_days(p->to_day, &y, &m, &d);
    int last = y * 12 + (m - 1), first = last;
    util_civil_from_days(p->from_day, &y, &m, &d);
    first = y * 12 + (m - 1);
    long fd;
    int rc = enroll_first_day(st, cfg, basis, &fd, err);
    if (rc < 0) return -1;
    if (rc == 1) {
        util_civil_from_days(fd, &y, &m, &d);
        if (y * 12 + (m - 1) < first) first = y * 12 + (m - 1);
    }
    if (last - first > 23) first = last - 23;
    r->nmonths = (size_t)(last - first + 1) + 1;   /* plus the day before the first month: its starting level */
    r->months = xcalloc(r->nmonths, sizeof *r->months);
    r->cum = xcalloc(r->nmonths, sizeof *r->cum);
    r->entries = xcalloc(r->nmonths, sizeof *r->entries);
    r->months[0] = util_days_from_civil(first / 12, first % 12 + 1, 1) - 1;
    for (int i = first; i <= last; i++) {
        int yy = i / 12, mm = i % 12 + 1;
        r->months[i - first + 1] = util_days_from_civil(yy, mm, util_days_in_month(yy, mm));
    }
    if (enroll_series(st, cfg, basis, r->months, r->nmonths, r->cum, r->entries, err) < 0) return -1;

    /* what happened in the period up to the moment the report was made: a remake counts the same */
    time_t from = util_day_start(p->from_day), to = util_day_start(p->to_day + 1);
    if (made < to) to = made;
    if (store_report_runs(st, from, to, on_run, r) < 0 || store_report_outbox(st, from, to, made, on_outbox, r) < 0 ||
        store_report_broadcasts(st, from, to, on_broadcast, r) < 0 || store_report_inbox(st, from, to, &r->inbox) < 0 ||
        store_run_missed_each(st, from, to, on_missed, r) < 0)
        return util_err(err, "%s", store_errmsg(st));

    /* tables */
    char d1[16], d2[16];
    r->info = (struct table){.title = "Thông tin chung", .sheet = "Thông tin", .ncols = 2, .heads = info_heads};
    struct table *t = &r->info;
    t_text(t, "Xã"); t_text(t, cfg->commune);
    t_text(t, "Nơi nhận");
    t_text(t, cfg->report_recipient && *cfg->report_recipient ? cfg->report_recipient
                                                               : "(chưa đặt report.recipient trong loa.cfg)");
    t_text(t, "Kỳ báo cáo"); t_text(t, r->label);
    t_text(t, "Từ ngày"); t_text(t, enroll_fmt_day(p->from_day, d1, sizeof d1));
    t_text(t, "Đến ngày"); t_text(t, enroll_fmt_day(p->to_day, d2, sizeof d2));
    if (r->running) {
        t_text(t, "Số liệu tính đến ngày"); t_text(t, enroll_fmt_day(r->made_day, d1, sizeof d1));
    }
    t_text(t, "Ngày lập"); t_text(t, enroll_fmt_day(r->made_day, d1, sizeof d1));
    t_text(t, "Lập lúc"); t_textf(t, "%02d:%02d ngày %s", tm.hour, tm.min, enroll_fmt_day(r->made_day, d1, sizeof d1));
    t_text(t, "Căn cứ số liệu"); t_text(t, basis_text);
    t_text(t, "Chỉ tiêu"); t_text(t, r->sum.note);
    if (r->sum.target) {
        t_text(t, "Số tháng còn lại đến hạn chỉ tiêu");
        t_textf(t, "%d", r->sum.months_left);
    }

    r->vneid = (struct table){.title = "Kết quả kích hoạt tài khoản định danh điện tử VNeID", .sheet = "VNeID",
                              .ncols = 10, .heads = vneid_heads, .total_last = 1};
    for (size_t i = 0; i < r->sum.nhamlets; i++) fig_row(&r->vneid, &r->sum.hamlets[i], r->sum.hamlets[i].code, r->sum.hamlets[i].name);
    fig_row(&r->vneid, &r->sum.total, "Tổng", cfg->commune);

    r->trend = (struct table){.title = "Diễn biến lũy kế theo tháng", .sheet = "Diễn biến", .ncols = 4, .heads = trend_heads};
    for (size_t i = 1; i < r->nmonths; i++) {
        util_civil_from_days(r->months[i], &y, &m, &d);
        t_textf(&r->trend, "%02d/%04d", m, y);
        t_num(&r->trend, (double)r->entries[i], 0);
        t_num(&r->trend, (double)r->cum[i], 0);
        if (r->sum.target) t_num(&r->trend, (double)r->sum.target, 0);
        else t_text(&r->trend, NULL);
    }

    struct camp tot = {0};
    long campaigns = 0;
    for (size_t i = 0; i < r->ncamps; i++) {
        struct camp *c = &r->camps[i];
        if (*c->id && (c->sms_runs || c->bc_runs)) campaigns++;
        tot.sms_runs += c->sms_runs; tot.bc_runs += c->bc_runs; tot.sent += c->sent; tot.delivered += c->delivered;
        tot.failed += c->failed; tot.unknown += c->unknown; tot.parts += c->parts; tot.played += c->played;
        tot.seconds += c->seconds;
    }
    r->outreach = (struct table){.title = "Hoạt động tuyên truyền trong kỳ", .sheet = "Tuyên truyền", .ncols = 2,
                                 .heads = outreach_heads};
    t = &r->outreach;
    t_text(t, "Số chiến dịch đã chạy"); t_num(t, (double)campaigns, 0);
    t_text(t, "Số đợt gửi tin nhắn"); t_num(t, (double)tot.sms_runs, 0);
    t_text(t, "Tin nhắn đã gửi"); t_num(t, (double)tot.sent, 0);
    t_text(t, "Trong đó đã báo nhận"); t_num(t, (double)tot.delivered, 0);
    t_text(t, "Tin nhắn gửi lỗi"); t_num(t, (double)tot.failed, 0);
    t_text(t, "Tin nhắn chưa rõ kết quả"); t_num(t, (double)tot.unknown, 0);
    t_text(t, "Số phần tin nhắn đã gửi"); t_num(t, (double)tot.parts, 0);
    t_text(t, "Tin nhắn trả lời của người dân"); t_num(t, (double)r->inbox.replies, 0);
    t_text(t, "Số lượt từ chối nhận tin"); t_num(t, (double)r->inbox.optouts, 0);
    t_text(t, "Tin báo cáo số liệu VNeID của trưởng xóm và Công an"); t_num(t, (double)r->inbox.reports, 0);
    t_text(t, "Tin của nhà mạng và tổng đài (không tính là trả lời)"); t_num(t, (double)r->inbox.carrier, 0);
    t_text(t, "Số đợt phát thanh theo lịch"); t_num(t, (double)tot.bc_runs, 0);
    t_text(t, "Lượt phát thanh đã phát"); t_num(t, (double)tot.played, 0);
    t_text(t, "Thời lượng phát thanh (phút)"); t_num(t, round(tot.seconds / 6.0) / 10, 1);
    /* last, and only when there are any: the rows above keep their places in the sheet */
    if (r->runs_skipped) {
        t_text(t, "Số đợt gửi tin nhắn bị bỏ qua (trễ quá thời gian gửi bù: máy tắt, giờ yên lặng, hoặc gộp vào đợt sau)");
        t_num(t, (double)r->runs_skipped, 0);
    }
    if (r->runs_held) {
        t_text(t, "Số đợt gửi tin nhắn đang tạm giữ (giờ hệ thống chưa tin cậy)");
        t_num(t, (double)r->runs_held, 0);
    }

    r->bycamp = (struct table){.title = "Theo chiến dịch", .sheet = "Chiến dịch", .ncols = 9, .heads = bycamp_heads,
                               .total_last = 1};
    t = &r->bycamp;
    for (size_t i = 0; i < r->ncamps; i++) {
        struct camp *c = &r->camps[i];
        t_text(t, c->id);
        t_text(t, campaign_title(cfg, c->id));
        t_num(t, (double)c->sms_runs, 0); t_num(t, (double)c->sent, 0); t_num(t, (double)c->delivered, 0);
        t_num(t, (double)c->failed, 0); t_num(t, (double)c->unknown, 0); t_num(t, (double)c->parts, 0);
        t_num(t, (double)c->played, 0);
    }
    t_text(t, "Tổng"); t_text(t, NULL);
    t_num(t, (double)tot.sms_runs, 0); t_num(t, (double)tot.sent, 0); t_num(t, (double)tot.delivered, 0);
    t_num(t, (double)tot.failed, 0); t_num(t, (double)tot.unknown, 0); t_num(t, (double)tot.parts, 0);
    t_num(t, (double)tot.played, 0);

    r->polls = (struct table){.title = "Kết quả khảo sát (câu trả lời mới nhất của mỗi người trong kỳ)", .sheet = "Khảo sát",
                              .ncols = 4, .heads = polls_heads};
    if (store_report_polls(st, from, to, on_poll, r) < 0) return util_err(err, "%s", store_errmsg(st));
    return 0;
}

static void report_free(struct report *r)
{
    free(r->label);
    enroll_summary_free(&r->sum);
    free(r->months);
    free(r->cum);
    free(r->entries);
    for (size_t i = 0; i < r->ncamps; i++) free(r->camps[i].id);
    free(r->camps);
    t_free(&r->info); t_free(&r->vneid); t_free(&r->trend); t_free(&r->outreach); t_free(&r->bycamp); t_free(&r->polls);
}

#define NTABLES 6
static struct table *tables(struct report *r, int i)
{
    struct table *all[NTABLES] = {&r->info, &r->vneid, &r->trend, &r->outreach, &r->bycamp, &r->polls};
    return all[i];
}

/* ---- CSV: one file, a section per table (title line, header line, rows), a blank line between ---- */

static void csv_cell(sbuf *b, const char *s)
{
    if (!s) return;
    int guard = util_csv_needs_guard(s);
    if (!guard && !strpbrk(s, ",;\"\r\n")) {
        sbuf_add(b, s);
        return;
    }
    sbuf_addc(b, '"');
    if (guard) sbuf_addc(b, '\'');   /* text, never a formula, for a spreadsheet */
    for (; *s; s++) {
        if (*s == '"') sbuf_addc(b, '"');
        sbuf_addc(b, *s);
    }
    sbuf_addc(b, '"');
}

static void make_csv(struct report *r, sbuf *b, const char *title)
{
    sbuf_add(b, "\xEF\xBB\xBF");
    csv_cell(b, title);
    sbuf_add(b, "\r\n");
    for (int k = 0; k < NTABLES; k++) {
        struct table *t = tables(r, k);
        sbuf_add(b, "\r\n");
        csv_cell(b, t->title);
        sbuf_add(b, "\r\n");
        for (int c = 0; c < t->ncols; c++) {
            if (c) sbuf_addc(b, ',');
            csv_cell(b, t->heads[c]);
        }
        sbuf_add(b, "\r\n");
        for (size_t i = 0; i < t->n; i++) {
            const struct cell *c = &t->cells[i];
            char num[64];
            if (i % (size_t)t->ncols) sbuf_addc(b, ',');
            if (c->num) {
                fmt_plain(c, num, sizeof num);
                sbuf_add(b, num);
            } else {
                csv_cell(b, c->s);
            }
            if (i % (size_t)t->ncols == (size_t)t->ncols - 1) sbuf_add(b, "\r\n");
        }
    }
}

/* ---- XLSX: one sheet per table; fixed document properties so the file is the same each time ---- */

static int make_xlsx(struct report *r, const char *path, const char *title, time_t made, char *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return util_err(err, _("%s: cannot create the workbook"), path);
    lxw_doc_properties props = {.title = (char *)title, .author = r->cfg->commune, .company = r->cfg->commune,
                                .created = made};
    workbook_set_properties(wb, &props);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_bg_color(head, 0xDDE7F0);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *n0 = workbook_add_format(wb), *n0b = workbook_add_format(wb);
    lxw_format *n1 = workbook_add_format(wb), *n1b = workbook_add_format(wb);
    format_set_num_format(n0, "#,##0");
    format_set_num_format(n0b, "#,##0");
    format_set_bold(n0b);
    format_set_num_format(n1, "0.0");
    format_set_num_format(n1b, "0.0");
    format_set_bold(n1b);
    for (int k = 0; k < NTABLES; k++) {
        struct table *t = tables(r, k);
        lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
        worksheet_write_string(ws, 0, 0, t->title, bold);
        for (int c = 0; c < t->ncols; c++) {
            worksheet_write_string(ws, 2, (lxw_col_t)c, t->heads[c], head);
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 1 || t->ncols == 2 ? 32 : 14, NULL);
        }
        size_t rows = t_rows(t);
        for (size_t i = 0; i < t->n; i++) {
            const struct cell *c = &t->cells[i];
            size_t row = i / (size_t)t->ncols;
            int tot = t->total_last && row == rows - 1;
            lxw_row_t xr = (lxw_row_t)(3 + row);
            lxw_col_t xc = (lxw_col_t)(i % (size_t)t->ncols);
            if (c->num) worksheet_write_number(ws, xr, xc, c->v, c->dec ? (tot ? n1b : n1) : (tot ? n0b : n0));
            else if (c->s) worksheet_write_string(ws, xr, xc, c->s, tot ? bold : NULL);
        }
        worksheet_freeze_panes(ws, 3, 0);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return util_err(err, _("%s: %s"), path, lxw_strerror(e));
    return 0;
}

/* ---- HTML and SVG ---- */

static void esc(sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': sbuf_add(b, "&amp;"); break;
        case '<': sbuf_add(b, "&lt;"); break;
        case '>': sbuf_add(b, "&gt;"); break;
        case '"': sbuf_add(b, "&quot;"); break;
        default: sbuf_addc(b, *s);
        }
    }
}

/* A round step for N axis divisions up to MAX: 1, 2 or 5 times a power of ten. */
static long nice_step(long max, int n)
{
    double raw = (double)max / n, p = pow(10, floor(log10(raw > 1 ? raw : 1)));
    double s = raw / p <= 1 ? 1 : raw / p <= 2 ? 2 : raw / p <= 5 ? 5 : 10;
    long step = (long)(s * p);
    return step > 0 ? step : 1;
}

/* The cumulative line against the target line; self-contained (xmlns) so it also stands alone as a .svg file. */
static void svg_trend(sbuf *b, const struct report *r)
{
    const int W = 720, H = 320, L = 64, R = 36, T = 36, B = 48;
    long max = r->sum.target;
    for (size_t i = 0; i < r->nmonths; i++)
        if (r->cum[i] > max) max = r->cum[i];
    if (r->sum.passed_target > max) max = r->sum.passed_target;
    if (max <= 0) max = 10;
    long step = nice_step(max, 5), top = ((max + step - 1) / step) * step;
    size_t n = r->nmonths;     /* points 1..n-1: month ends (0 is only the level before the first month) */
    char num[32];
#define X(i) (n > 2 ? L + (double)(W - L - R) * (double)((i) - 1) / (double)(n - 2) : (double)(L + W - R) / 2)
#define Y(v) (T + (double)(H - T - B) * (1.0 - (double)(v) / (double)top))
    sbuf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"Lũy kế tài khoản VNeID so với chỉ tiêu\">\n",
              W, H, W, H);
    sbuf_addf(b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", W, H);
    sbuf_add(b, "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Lũy kế tài khoản VNeID đã kích hoạt – ");
    esc(b, r->cfg->commune);
    sbuf_add(b, "</text>\n");
    for (long v = 0; v <= top; v += step) {
        sbuf_addf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>\n", L, Y(v), W - R, Y(v));
        sbuf_addf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555555\">%s</text>\n", L - 6, Y(v) + 4,
                  enroll_fmt_count(v, num, sizeof num));
    }
    size_t every = n > 13 ? 3 : n > 7 ? 2 : 1;
    for (size_t i = 1; i < n; i++) {
        if ((n - 1 - i) % every) continue;
        int y, m, d;
        util_civil_from_days(r->months[i], &y, &m, &d);
        sbuf_addf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%02d/%02d</text>\n", X(i), H - B + 18,
                  m, y % 100);
    }
    if (r->sum.passed_target && r->sum.passed_target != r->sum.target) {
        sbuf_addf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999999\" stroke-dasharray=\"3 4\"/>\n", L,
                  Y(r->sum.passed_target), W - R, Y(r->sum.passed_target));
        sbuf_addf(b, "<text x=\"%d\" y=\"%.1f\" fill=\"#777777\">Chỉ tiêu cũ %s</text>\n", L + 6,
                  Y(r->sum.passed_target) - 5, enroll_fmt_count(r->sum.passed_target, num, sizeof num));
    }
    if (r->sum.target) {
        char d[16];
        sbuf_addf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c0392b\" stroke-width=\"2\" "
                     "stroke-dasharray=\"8 5\"/>\n", L, Y(r->sum.target), W - R, Y(r->sum.target));
        sbuf_addf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c0392b\">Chỉ tiêu %s (đến %s)</text>\n",
                  W - R - 4, Y(r->sum.target) - 6, enroll_fmt_count(r->sum.target, num, sizeof num),
                  enroll_fmt_day(r->sum.target_day, d, sizeof d));
    }
    sbuf_add(b, "<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2.5\" points=\"");
    for (size_t i = 1; i < n; i++) sbuf_addf(b, "%s%.1f,%.1f", i > 1 ? " " : "", X(i), Y(r->cum[i]));
    sbuf_add(b, "\"/>\n");
    for (size_t i = 1; i < n; i++) sbuf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f6fb2\"/>\n", X(i), Y(r->cum[i]));
    sbuf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1f6fb2\" font-weight=\"bold\">%s</text>\n", X(n - 1) - 6,
              Y(r->cum[n - 1]) + 16, enroll_fmt_count(r->cum[n - 1], num, sizeof num));
    sbuf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>\n", L, H - B, W - R, H - B);
    sbuf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f6fb2\" stroke-width=\"2.5\"/>"
                 "<text x=\"%d\" y=\"%d\">Lũy kế cuối tháng</text>\n", L, H - 12, L + 24, H - 12, L + 30, H - 8);
    sbuf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>"
                 "<text x=\"%d\" y=\"%d\">Chỉ tiêu</text>\n", L + 170, H - 12, L + 194, H - 12, L + 200, H - 8);
    sbuf_add(b, "</svg>\n");
#undef X
#undef Y
}

/* One bar per hamlet: its cumulative count against its target (the report's and the VNeID page's chart). */
void report_svg_bars(sbuf *b, const struct enroll_summary *s)
{
    const int W = 720, L = 150, R = 150, row = 26, T = 34;
    int H = T + row * (int)s->nhamlets + 12;
    double maxpct = 100;
    long maxcum = 1;
    for (size_t i = 0; i < s->nhamlets; i++) {
        if (s->hamlets[i].percent > maxpct) maxpct = s->hamlets[i].percent;
        if (s->hamlets[i].cumulative > maxcum) maxcum = s->hamlets[i].cumulative;
    }
    sbuf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"Tỷ lệ đạt chỉ tiêu theo xóm\">\n",
              W, H, W, H);
    sbuf_addf(b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", W, H);
    sbuf_add(b, "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Lũy kế so với chỉ tiêu theo xóm</text>\n");
    double span = W - L - R;
    double x100 = L + span * 100.0 / maxpct;
    for (size_t i = 0; i < s->nhamlets; i++) {
        const struct enroll_fig *f = &s->hamlets[i];
        int y = T + row * (int)i;
        double w = f->target ? span * f->percent / maxpct : span * (double)f->cumulative / (double)maxcum;
        char a[32], t[32], pct[32];
        sbuf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", L - 8, y + 15);
        esc(b, f->name);
        sbuf_add(b, "</text>\n");
        sbuf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", L, y + 3, span, row - 8, "#eef2f6");
        sbuf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", L, y + 3, w, row - 8,
                  f->target && f->percent >= 100 ? "#2e8b57" : "#1f6fb2");
        enroll_fmt_count(f->cumulative, a, sizeof a);
        if (f->target) {
            struct cell c = {.num = 1, .v = f->percent, .dec = 1};
            fmt_vn(&c, pct, sizeof pct);
            sbuf_addf(b, "<text x=\"%d\" y=\"%d\">%s / %s (%s%%)</text>\n", W - R + 8, y + 15, a,
                      enroll_fmt_count(f->target, t, sizeof t), pct);
        } else {
            sbuf_addf(b, "<text x=\"%d\" y=\"%d\">%s (chưa có chỉ tiêu)</text>\n", W - R + 8, y + 15, a);
        }
    }
    if (s->target)
        sbuf_addf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>\n", x100,
                  T, x100, H - 10);
    sbuf_add(b, "</svg>\n");
}

static void html_table(sbuf *b, const struct table *t)
{
    sbuf_add(b, "<h2>");
    esc(b, t->title);
    sbuf_add(b, "</h2>\n");
    if (!t->n) {
        sbuf_add(b, "<p class=\"none\">Không có số liệu trong kỳ.</p>\n");
        return;
    }
    sbuf_add(b, "<table>\n<thead><tr>");
    for (int c = 0; c < t->ncols; c++) {
        sbuf_add(b, "<th>");
        esc(b, t->heads[c]);
        sbuf_add(b, "</th>");
    }
    sbuf_add(b, "</tr></thead>\n<tbody>\n");
    size_t rows = t_rows(t);
    for (size_t i = 0; i < rows; i++) {
        sbuf_add(b, t->total_last && i == rows - 1 ? "<tr class=\"total\">" : "<tr>");
        for (int c = 0; c < t->ncols; c++) {
            const struct cell *x = &t->cells[i * (size_t)t->ncols + (size_t)c];
            char num[64];
            if (x->num) {
                fmt_vn(x, num, sizeof num);
                sbuf_addf(b, "<td class=\"n\">%s</td>", num);
            } else {
                sbuf_add(b, "<td>");
                esc(b, x->s);
                sbuf_add(b, "</td>");
            }
        }
        sbuf_add(b, "</tr>\n");
    }
    sbuf_add(b, "</tbody>\n</table>\n");
}

/* S in capitals, letter by letter (utf8proc): "Xã Minh Tiến" -> "XÃ MINH TIẾN". Caller frees. */
static char *upper(const char *s)
{
    sbuf b = {0};
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
        utf8proc_uint8_t out[4];
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), out);
        sbuf_addn(&b, (const char *)out, (size_t)k);
        p += n;
    }
    return sbuf_detach(&b);
}

/* The place in "Minh Tiến, ngày …": report.place, else the commune's name without "Xã". Caller frees. */
static char *doc_place(const struct config *cfg)
{
    if (*cfg->report_doc.place) return xstrdup(cfg->report_doc.place);
    const char *c = cfg->commune;
    if (!strncmp(c, "Xã ", 4) || !strncmp(c, "xã ", 4)) c += 4;
    else if (!strncmp(c, "Phường ", 8) || !strncmp(c, "phường ", 8)) c += 8;
    return xstrdup(c);
}

/* The heading of an official document (Decree 30/2020/NĐ-CP, Appendix I): on the left the issuing
 * body and "Số: …/BC-…", on the right the national motto and place and date; then the document type
 * and its summary line. Every capital is written as a capital (no text-transform: it would turn
 * "VNeID" into "VNEID"). */
static void html_heading(sbuf *b, const struct report *r)
{
    const struct cfg_report_doc *doc = &r->cfg->report_doc;
    char *issuer = *doc->issuer ? xstrdup(doc->issuer) : NULL;
    if (!issuer) {
        char *u = upper(r->cfg->commune);
        issuer = xasprintf("ỦY BAN NHÂN DÂN %s", u);
        free(u);
    }
    sbuf_add(b, "<table class=\"doc-head\">\n<tr><td class=\"issuer\">\n");
    if (*doc->issuer_parent) {
        sbuf_add(b, "<p class=\"parent\">");
        esc(b, doc->issuer_parent);
        sbuf_add(b, "</p>\n");
    }
    sbuf_add(b, "<p class=\"body\">");
    esc(b, issuer);
    sbuf_add(b, "</p>\n<p class=\"rule\"></p>\n<p class=\"number\">Số: ");
    if (*doc->number) esc(b, doc->number);
    else sbuf_add(b, "<span class=\"blank\">……</span>");
    sbuf_add(b, "/BC-");
    esc(b, doc->abbr);
    sbuf_add(b, "</p>\n</td>\n<td class=\"motto\">\n<p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>\n"
                "<p class=\"motto\">Độc lập - Tự do - Hạnh phúc</p>\n<p class=\"rule\"></p>\n<p class=\"date\">");
    char *place = doc_place(r->cfg);
    int y, m, d;
    util_civil_from_days(r->made_day, &y, &m, &d);
    esc(b, place);
    /* Decree 30: days below 10 and months below 3 are written with a leading 0 */
    sbuf_addf(b, ", ngày %02d tháng %s%d năm %04d</p>\n</td></tr>\n</table>\n", d, m < 3 ? "0" : "", m, y);
    free(place);
    free(issuer);
    sbuf_add(b, "<h1>BÁO CÁO</h1>\n<p class=\"summary\">Kết quả tuyên truyền và kích hoạt tài khoản định danh điện tử VNeID<br/>");
    char *label = xstrdup(r->label);
    if (label[0] >= 'A' && label[0] <= 'Z') label[0] = (char)(label[0] - 'A' + 'a');   /* "tháng 11/2026" within the line */
    esc(b, label);
    free(label);
    char d1[16], d2[16];
    if (r->running)
        sbuf_addf(b, " (tính đến ngày %s)", enroll_fmt_day(r->made_day, d1, sizeof d1));
    sbuf_add(b, "</p>\n<p class=\"summary-rule\"></p>\n<p class=\"to\">Kính gửi: ");
    esc(b, r->cfg->report_recipient && *r->cfg->report_recipient ? r->cfg->report_recipient : "(chưa đặt report.recipient)");
    sbuf_addf(b, ".</p>\n<p>Kỳ báo cáo: %s đến %s.</p>\n", enroll_fmt_day(r->p->from_day, d1, sizeof d1),
              r->running ? enroll_fmt_day(r->made_day, d2, sizeof d2) : enroll_fmt_day(r->p->to_day, d2, sizeof d2));
}

/* Nơi nhận on the left, the signature block on the right (Decree 30's layout). */
static void html_signature(sbuf *b, const struct report *r)
{
    const struct cfg_report_doc *doc = &r->cfg->report_doc;
    sbuf_add(b, "<table class=\"doc-foot\">\n<tr><td class=\"recipients\">\n<p><b><i>Nơi nhận:</i></b></p>\n");
    for (size_t i = 0; i < doc->recipients.n; i++) {
        sbuf_add(b, "<p>- ");
        esc(b, doc->recipients.v[i]);
        sbuf_add(b, i + 1 < doc->recipients.n ? ";</p>\n" : ".</p>\n");
    }
    sbuf_add(b, "</td>\n<td class=\"signer\">\n<p><b>");
    esc(b, doc->signer_for);
    sbuf_add(b, "</b></p>\n<p><b>");
    esc(b, doc->signer_title);
    sbuf_add(b, "</b></p>\n<p class=\"sign-space\"></p>\n<p><b>");
    esc(b, doc->signer_name);
    sbuf_add(b, "</b></p>\n</td></tr>\n</table>\n");
}

/* XHTML-compatible HTML5 (every element closed) so an XML parser can check it; A4, Decree 30's margins. */
static void make_html(struct report *r, sbuf *b, const char *title)
{
    sbuf_add(b, "<!DOCTYPE html>\n<html lang=\"vi\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
                "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
    esc(b, title);
    sbuf_add(b, " – ");
    esc(b, r->label);
    sbuf_add(b, "</title>\n<style>\n"
                "@page{size:A4;margin:20mm 15mm 20mm 30mm}\n"
                "body{font-family:\"Times New Roman\",serif;font-size:13pt;max-width:165mm;margin:1em auto;color:#000}\n"
                "p{margin:.3em 0}h1{font-size:14pt;text-align:center;margin:1.2em 0 0}h2{font-size:13pt;margin-top:1.2em}\n"
                "table.doc-head,table.doc-foot{width:100%;border:none;margin:0}\n"
                "table.doc-head td,table.doc-foot td{border:none;vertical-align:top;text-align:center;padding:0}\n"
                "td.issuer{width:40%}td.motto{width:60%}td.recipients{text-align:left;font-size:11pt;width:45%}\n"
                "p.parent{font-size:12pt}p.body,p.nation{font-weight:bold;font-size:12pt}p.motto{font-weight:bold}\n"
                "p.rule{width:30%;margin:.1em auto .4em;border-top:1px solid #000}p.date{font-style:italic}\n"
                ".summary{text-align:center;font-weight:bold}.summary-rule{width:20%;margin:.2em auto 1em;border-top:1px solid #000}\n"
                ".to{text-align:center}.blank{letter-spacing:.1em}.sign-space{height:6em}\n"
                "table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #555;padding:.2em .4em;font-size:11pt}\n"
                "th{background:#eeeeee}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
                "tr.total td{font-weight:bold}.none{color:#444;font-style:italic}\n"
                "figure{margin:1em 0}svg{max-width:100%;height:auto}\n"
                "@media print{body{margin:0;max-width:none}figure,table{page-break-inside:avoid}}\n"
                "</style>\n</head>\n<body>\n");
    html_heading(b, r);
    sbuf_add(b, "<p>");
    esc(b, r->sum.note);
    char a[32], c2[32];
    sbuf_addf(b, " Trong kỳ kích hoạt <b>%s</b> tài khoản; lũy kế <b>%s</b>",
              enroll_fmt_count(r->sum.total.period, a, sizeof a), enroll_fmt_count(r->sum.total.cumulative, c2, sizeof c2));
    if (r->sum.target) {
        struct cell pc = {.num = 1, .v = r->sum.total.percent, .dec = 1};
        char pct[32];
        fmt_vn(&pc, pct, sizeof pct);
        sbuf_addf(b, ", đạt <b>%s%%</b> chỉ tiêu; cần bình quân <b>%s</b> tài khoản mỗi tháng trong %d tháng còn lại", pct,
                  enroll_fmt_count(r->sum.total.needed_per_month, a, sizeof a), r->sum.months_left);
    }
    sbuf_add(b, ".</p>\n<figure>\n");
    svg_trend(b, r);
    sbuf_add(b, "</figure>\n");
    html_table(b, &r->vneid);
    sbuf_add(b, "<figure>\n");
    report_svg_bars(b, &r->sum);
    sbuf_add(b, "</figure>\n");
    html_table(b, &r->outreach);
    html_table(b, &r->bycamp);
    html_table(b, &r->polls);
    html_table(b, &r->trend);
    html_table(b, &r->info);
    sbuf_add(b, "<p class=\"none\">Kích hoạt tính theo ngày ghi trên mỗi mục (kể cả mục điều chỉnh); xóm đã sáp nhập được "
                "tính vào xóm mới. ");
    esc(b, r->basis_text);
    sbuf_add(b, "</p>\n");
    html_signature(b, r);
    sbuf_add(b, "</body>\n</html>\n");
}

/* ---- the inputs a report is frozen with (table reports) ---- */

static const char *const kind_keys[] = {"monthly", "half-year", "annual"};

struct frozen {
    struct store_report_basis b;   /* as stored */
    long *residents;               /* decoded: per hamlet of the config, and all */
    long all;
    struct cfg_target *targets;
    size_t ntargets;
    struct cfg_hamlet *hamlets;    /* the config's hamlets with the targets they had */
    struct config cfg;             /* the config with those targets (a shallow copy: never freed as a config) */
    struct enroll_basis eb;
    char *text;                    /* the inputs, in words, for the files */
};

static void frozen_free(struct frozen *f)
{
    store_report_basis_clear(&f->b);
    free(f->residents); free(f->targets); free(f->hamlets); free(f->text);
}

/* The inputs as they are at NOW. */
static int basis_now(store *st, const struct config *cfg, time_t now, struct store_report_basis *b, char *err)
{
    long *per = xcalloc(cfg->nhamlets + 1, sizeof *per), all = 0;
    if (enroll_residents(st, cfg, per, &all, err) < 0 || store_enroll_last_id(st, &b->last_entry) < 0) {
        free(per);
        return err[0] ? -1 : util_err(err, "%s", store_errmsg(st));
    }
    sbuf res = {0}, tg = {0}, ht = {0};
    for (size_t i = 0; i < cfg->nhamlets; i++) {
        const struct cfg_hamlet *h = &cfg->hamlets[i];
        if (config_hamlet_current(cfg, h->code) != h) continue;
        sbuf_addf(&res, "%s=%ld;", h->code, per[i]);
        if (h->target > 0) sbuf_addf(&ht, "%s=%ld;", h->code, h->target);
    }
    sbuf_addf(&res, "*=%ld", all);
    for (size_t i = 0; i < cfg->ntargets; i++)
        sbuf_addf(&tg, "%04d-%02d-%02d=%ld;", cfg->targets[i].year, cfg->targets[i].mon, cfg->targets[i].day, cfg->targets[i].vneid);
    free(per);
    b->made = now;
    b->residents = sbuf_detach(&res);
    b->targets = sbuf_detach(&tg);
    b->hamlet_targets = sbuf_detach(&ht);
    return 0;
}

/* Calls CB for each "KEY=NUMBER" of S (separated by ';'). */
static void each_pair(const char *s, void (*cb)(void *ud, const char *key, long v), void *ud)
{
    char *copy = xstrdup(s ? s : ""), *save = NULL;
    for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
        char *eq = strrchr(t, '=');
        if (!eq) continue;
        *eq = 0;
        cb(ud, t, strtol(eq + 1, NULL, 10));
    }
    free(copy);
}

static void on_residents(void *ud, const char *key, long v)
{
    struct frozen *f = ud;
    if (!strcmp(key, "*")) {
        f->all = v;
        return;
    }
    const struct cfg_hamlet *h = config_hamlet_current(&f->cfg, key);
    if (h) f->residents[h - f->cfg.hamlets] = v;
}

static void on_target(void *ud, const char *key, long v)
{
    struct frozen *f = ud;
    int y, m, d;
    if (sscanf(key, "%d-%d-%d", &y, &m, &d) != 3) return;
    f->targets = xrealloc(f->targets, (f->ntargets + 1) * sizeof *f->targets);
    f->targets[f->ntargets++] = (struct cfg_target){y, m, d, v, 0};
}

static void on_hamlet_target(void *ud, const char *key, long v)
{
    struct frozen *f = ud;
    for (size_t i = 0; i < f->cfg.nhamlets; i++)
        if (!strcmp(f->hamlets[i].code, key)) f->hamlets[i].target = v;
}

/* F's config, enrollment basis and words from F->b. */
static void basis_apply(const struct config *cfg, struct frozen *f)
{
    f->cfg = *cfg;
    f->hamlets = xcalloc(cfg->nhamlets + 1, sizeof *f->hamlets);
    memcpy(f->hamlets, cfg->hamlets, cfg->nhamlets * sizeof *f->hamlets);
    for (size_t i = 0; i < cfg->nhamlets; i++) f->hamlets[i].target = 0;
    f->cfg.hamlets = f->hamlets;
    f->residents = xcalloc(cfg->nhamlets + 1, sizeof *f->residents);
    each_pair(f->b.residents, on_residents, f);
    each_pair(f->b.targets, on_target, f);
    each_pair(f->b.hamlet_targets, on_hamlet_target, f);
    f->cfg.targets = f->targets;
    f->cfg.ntargets = f->ntargets;
    f->eb = (struct enroll_basis){f->b.last_entry ? f->b.last_entry : -1, f->residents, f->all};

    struct loa_tm tm;
    util_localtime(f->b.made, &tm);
    char n[32], d[16];
    sbuf t = {0};
    sbuf_addf(&t, "Số liệu chốt lúc %02d:%02d ngày %02d/%02d/%04d, khi lập báo cáo: ", tm.hour, tm.min, tm.mday, tm.mon,
              tm.year);
    if (f->b.last_entry) sbuf_addf(&t, "các mục kích hoạt đã ghi đến mục số %lld; ", (long long)f->b.last_entry);
    else sbuf_add(&t, "chưa có mục kích hoạt nào; ");
    sbuf_addf(&t, "%s cư dân", enroll_fmt_count(f->all, n, sizeof n));
    const char *sep = " (";
    for (size_t i = 0; i < cfg->nhamlets; i++) {
        if (config_hamlet_current(cfg, cfg->hamlets[i].code) != &cfg->hamlets[i]) continue;
        sbuf_addf(&t, "%s%s %s", sep, cfg->hamlets[i].name, enroll_fmt_count(f->residents[i], n, sizeof n));
        sep = ", ";
    }
    sbuf_add(&t, *sep == ',' ? ")" : "");
    for (size_t i = 0; i < f->ntargets; i++) {
        long day = util_days_from_civil(f->targets[i].year, f->targets[i].mon, f->targets[i].day);
        sbuf_addf(&t, "%s%s tài khoản đến %s", i ? ", " : "; chỉ tiêu ", enroll_fmt_count(f->targets[i].vneid, n, sizeof n),
                  enroll_fmt_day(day, d, sizeof d));
    }
    sbuf_add(&t, ". Lập lại báo cáo của kỳ này vẫn dùng đúng các số liệu đó.");
    f->text = sbuf_detach(&t);
}

/* P's frozen inputs into *B: 1, 0 when P was never made after it ended (figures stored while it still ran,
 * by a version of loa that froze those, are not its report's), -1 (the store's error). */
static int frozen_get(store *st, const struct report_period *p, struct store_report_basis *b)
{
    char key[64];
    snprintf(key, sizeof key, "%s.%s", kind_keys[p->kind], p->name);
    int have = store_report_basis_get(st, key, b);
    if (have == 1 && b->made < util_day_start(p->to_day + 1)) {
        store_report_basis_clear(b);
        have = 0;
    }
    return have;
}

/* ---- making reports ---- */

int report_make(store *st, const struct config *cfg, const struct report_period *p, time_t now, int recompute,
                const char *by, char **dir_out, time_t *made_out, char *err)
{
    char key[64];
    snprintf(key, sizeof key, "%s.%s", kind_keys[p->kind], p->name);
    struct frozen f;
    memset(&f, 0, sizeof f);
    int have = frozen_get(st, p, &f.b);
    if (have < 0) return util_err(err, "%s", store_errmsg(st));
    if (have && recompute) store_report_basis_clear(&f.b);
    if ((!have || recompute) && basis_now(st, cfg, now, &f.b, err) < 0) {
        frozen_free(&f);
        return -1;
    }
    if (!have || recompute) f.b.made_by = by ? xstrdup(by) : NULL;
    int ended = now >= util_day_start(p->to_day + 1);
    basis_apply(cfg, &f);
    struct report r;
    if (gather(st, &f.cfg, p, f.b.made, &f.eb, f.text, &r, err) < 0) {
        report_free(&r);
        frozen_free(&f);
        return -1;
    }
    const char *title = "Báo cáo kết quả tuyên truyền và kích hoạt tài khoản định danh điện tử VNeID";
    char *dir = xasprintf("%s/%s", cfg->reports_dir, p->name);
    char *base = xasprintf("%s/bao-cao-%s", dir, p->name);
    char *csv = xasprintf("%s.csv", base), *html = xasprintf("%s.html", base), *xlsx = xasprintf("%s.xlsx", base);
    sbuf b = {0};
    int rc = 0;
    if (util_mkdir_p(dir, 0750) < 0) rc = util_err(err, _("%s: cannot create folder: %s"), dir, strerror(errno));
    if (!rc) {
        make_csv(&r, &b, title);
        rc = afile_write_all(csv, 0640, b.s, b.len, err);
        sbuf_reset(&b);
    }
    if (!rc) {
        make_html(&r, &b, title);
        rc = afile_write_all(html, 0640, b.s, b.len, err);
    }
    if (!rc) {
        /* "Date made" at midnight of NOW's day: the workbook's only timestamp. */
        /* libxlsxwriter writes by name: into the atomic file's temporary, in place */
        afile *xf = afile_open(xlsx, 0640, err);
        rc = xf ? make_xlsx(&r, afile_tmp(xf), title, util_day_start(r.made_day), err) : -1;
        if (xf) rc = rc ? (afile_abort(xf), -1) : afile_commit(xf, err);
    }
    /* frozen once its files are written, when its period has ended: a remake counts from the same inputs */
    if (!rc && ended && (!have || recompute) && store_report_basis_put(st, key, &f.b) < 0)
        rc = util_err(err, "%s", store_errmsg(st));
    if (!rc) {
        log_debug("report %s written to %s (csv, xlsx, html)", p->name, dir);
        if (dir_out) *dir_out = xstrdup(dir);
        if (made_out) *made_out = f.b.made;
    }
    sbuf_free(&b);
    free(dir); free(base); free(csv); free(html); free(xlsx);
    report_free(&r);
    frozen_free(&f);
    return rc;
}

/* Make P's report unless the settings say it was made, or it was made by hand (its files are left as
 * they are), or P ended before FIRST (the first thing
 * loa holds: no report of periods before loa was used); 1 made, 0 not, -1 error. */
static int make_once(store *st, const struct config *cfg, const struct report_period *p, time_t first, time_t now,
                     char *err)
{
    if (util_day_start(p->to_day + 1) <= first) {
        log_debug("%s report %s not made: loa holds nothing from that period", kind_keys[p->kind], p->name);
        return 0;
    }
    if (util_day_start(p->to_day + 1) > now) {   /* never a period that has not ended, whatever asked */
        log_debug("%s report %s not made: the period has not ended", kind_keys[p->kind], p->name);
        return 0;
    }
    char key[64], val[64];
    snprintf(key, sizeof key, "report.%s.%s", kind_keys[p->kind], p->name);
    int rc = store_setting_get(st, key, val, sizeof val);
    if (rc < 0) return util_err(err, "%s", store_errmsg(st));
    if (rc == 0) return 0;
    /* made already by the officer (`loa report`, the page): its files stand as they are */
    struct store_report_basis b = {0};
    int made = frozen_get(st, p, &b);
    store_report_basis_clear(&b);
    if (made < 0) return util_err(err, "%s", store_errmsg(st));
    if (made) {
        log_info("%s report %s was made already; left as it is", kind_keys[p->kind], p->name);
    } else {
        char *dir = NULL;
        if (report_make(st, cfg, p, now, 0, "loa run", &dir, NULL, err) < 0) return -1;
        log_info("%s report %s written to %s/", kind_keys[p->kind], p->name, dir);
        free(dir);
    }
    util_fmt_time(now, val, sizeof val);
    if (store_setting_set(st, key, val) < 0) return util_err(err, "%s", store_errmsg(st));
    return 1;
}

/* ---- the list of periods ---- */

const char *report_kind_key(int kind)
{
    return kind >= REPORT_MONTHLY && kind <= REPORT_ANNUAL ? kind_keys[kind] : "?";
}

int report_period_any(const char *name, struct report_period *p)
{
    for (int k = REPORT_MONTHLY; k <= REPORT_ANNUAL; k++)
        if (report_period_parse(k, name, p) == 0) return 0;
    return -1;
}

char *report_file(const struct config *cfg, const struct report_period *p, const char *ext)
{
    return xasprintf("%s/%s/bao-cao-%s.%s", cfg->reports_dir, p->name, p->name, ext);
}

void report_entry_clear(struct report_entry *e)
{
    free(e->made_by);
    e->made_by = NULL;
}

/* Whether P's CSV, XLSX and HTML are all there (its folder first: most periods have none). */
static int files_there(const struct config *cfg, const struct report_period *p)
{
    char *dir = xasprintf("%s/%s", cfg->reports_dir, p->name);
    struct stat sb;
    int there = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
    free(dir);
    static const char *const exts[] = {"csv", "xlsx", "html"};
    for (int i = 0; i < 3 && there; i++) {
        char *path = report_file(cfg, p, exts[i]);
        there = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        free(path);
    }
    return there;
}

/* OUT for P at NOW, made at MADE by BY (MADE 0: no row; a row from before P ended is not its report). */
static void entry_set(const struct config *cfg, const struct report_period *p, time_t now, time_t made, const char *by,
                      struct report_entry *out)
{
    memset(out, 0, sizeof *out);
    out->p = *p;
    out->ended = now >= util_day_start(p->to_day + 1);
    if (made && made >= util_day_start(p->to_day + 1)) {
        out->made = 1;
        out->made_at = made;
        out->made_by = by ? xstrdup(by) : NULL;
    }
    out->files = files_there(cfg, p);
}

int report_entry_get(store *st, const struct config *cfg, const struct report_period *p, time_t now,
                     struct report_entry *out, char *err)
{
    struct store_report_basis b = {0};
    int have = frozen_get(st, p, &b);
    if (have < 0) return util_err(err, "%s", store_errmsg(st));
    entry_set(cfg, p, now, have ? b.made : 0, b.made_by, out);
    store_report_basis_clear(&b);
    return 0;
}

void report_list_free(struct report_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) report_entry_clear(&e[i]);
    free(e);
}

/* The reports table read once for report_list: its rows by period key, and the earliest period they cover. */
struct made_rows {
    char **keys, **by;
    time_t *made;
    size_t n;
    time_t first;
};

static int on_made_row(void *ud, const char *key, time_t made, const char *by)
{
    struct made_rows *m = ud;
    m->keys = xrealloc(m->keys, (m->n + 1) * sizeof *m->keys);
    m->by = xrealloc(m->by, (m->n + 1) * sizeof *m->by);
    m->made = xrealloc(m->made, (m->n + 1) * sizeof *m->made);
    m->keys[m->n] = xstrdup(key);
    m->by[m->n] = by ? xstrdup(by) : NULL;
    m->made[m->n++] = made;
    /* a report of a period before the first data (last year's, made by hand) is listed too */
    const char *dot = strchr(key, '.');
    struct report_period p;
    if (dot && report_period_any(dot + 1, &p) == 0 && util_day_start(p.from_day) < m->first) m->first = util_day_start(p.from_day);
    return 0;
}

static void made_rows_free(struct made_rows *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->keys[i]), free(m->by[i]);
    free(m->keys); free(m->by); free(m->made);
}

/* The next entry of the list: P's, from its row in M if any. */
static void list_add(const struct config *cfg, const struct made_rows *m, int kind, int year, int index, time_t now,
                     struct report_entry *out)
{
    struct report_period p;
    report_period_set(kind, year, index, &p);
    char key[64];
    snprintf(key, sizeof key, "%s.%s", kind_keys[kind], p.name);
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->keys[i], key)) {
            entry_set(cfg, &p, now, m->made[i], m->by[i], out);
            return;
        }
    entry_set(cfg, &p, now, 0, NULL, out);
}

int report_list(store *st, const struct config *cfg, time_t now, struct report_entry **out, size_t *n, char *err)
{
    *out = NULL;
    *n = 0;
    time_t first = now;
    int any = store_first_activity(st, &first);
    if (any < 0) return util_err(err, "%s", store_errmsg(st));
    struct made_rows m = {.first = !any || first > now ? now : first};
    if (store_report_periods_each(st, on_made_row, &m) < 0) {
        made_rows_free(&m);
        return util_err(err, "%s", store_errmsg(st));
    }
    struct loa_tm a, b;
    util_localtime(m.first, &a);
    util_localtime(now, &b);
    if (a.year < b.year - 10) a.year = b.year - 10, a.mon = 1;
    int m0 = a.year * 12 + (a.mon - 1), m1 = b.year * 12 + (b.mon - 1);
    size_t cap = (size_t)(m1 - m0 + 1) + 3 * (size_t)(b.year - a.year + 1);
    struct report_entry *e = xcalloc(cap, sizeof *e);
    size_t k = 0;
    for (int mo = m1; mo >= m0; mo--) list_add(cfg, &m, REPORT_MONTHLY, mo / 12, mo % 12 + 1, now, &e[k++]);
    for (int y = b.year; y >= a.year; y--)
        for (int h = 2; h >= 1; h--) {
            if ((y == b.year && h == 2 && b.mon < 7) || (y == a.year && h == 1 && a.mon >= 7)) continue;
            list_add(cfg, &m, REPORT_HALF_YEAR, y, h, now, &e[k++]);
        }
    for (int y = b.year; y >= a.year; y--) list_add(cfg, &m, REPORT_ANNUAL, y, 0, now, &e[k++]);
    made_rows_free(&m);
    *out = e;
    *n = k;
    return 0;
}

int report_make_due(store *st, const struct config *cfg, time_t now, char *err)
{
    struct loa_tm tm;
    util_localtime(now, &tm);
    int rd = cfg->report_day > 0 ? cfg->report_day : 10;
    if (rd > 28) rd = 28;
    int ready = tm.mday >= rd;                    /* this month's report day has come */
    time_t first = 0;
    int any = store_first_activity(st, &first);
    if (any < 0) return util_err(err, "%s", store_errmsg(st));
    if (!any) return 0;                           /* an empty database: no period has anything to report */
    struct report_period p;
    /* the previous month's report from its report day on; before it, the month before (a catch-up) */
    int ym = tm.year * 12 + (tm.mon - 1) - (ready ? 1 : 2);
    report_period_set(REPORT_MONTHLY, ym / 12, ym % 12 + 1, &p);
    int made = 0, rc;
    if ((rc = make_once(st, cfg, &p, first, now, err)) < 0) return -1;
    made += rc;
    /* the last half whose report day (10 July, 10 January) has come */
    if (tm.mon > 7 || (tm.mon == 7 && ready)) report_period_set(REPORT_HALF_YEAR, tm.year, 1, &p);
    else if (tm.mon > 1 || ready) report_period_set(REPORT_HALF_YEAR, tm.year - 1, 2, &p);
    else report_period_set(REPORT_HALF_YEAR, tm.year - 1, 1, &p);
    if ((rc = make_once(st, cfg, &p, first, now, err)) < 0) return -1;
    made += rc;
    report_period_set(REPORT_ANNUAL, tm.mon > 1 || ready ? tm.year - 1 : tm.year - 2, 0, &p);
    if ((rc = make_once(st, cfg, &p, first, now, err)) < 0) return -1;
    made += rc;
    return made;
}
