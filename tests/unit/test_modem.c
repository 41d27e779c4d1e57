/* test_modem — the modem module against Gammu's real AT driver talking to tests/tools/fakemodem, and Gammu's dummy
 * phone. PDUs the fake modem logged are decoded with libGammu's own decoder. */
#include "testutil.h"

#include <errno.h>
#include <gammu.h>
#include <locale.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "modem.h"
#include "vntext.h"

#define TO 3000   /* reply timeout for the fake modem, ms */

struct fake {
    char *dir, *link, *log, *control, *inbox;
    pid_t pid;
};

/* A test that fails mid-way leaves its own fake running: the per-test teardown stops it. */
static struct fake *own_fake;

/* One fake modem and one connection shared by the tests that leave the connection usable: connecting through
 * Gammu's AT driver costs about 3 s of Gammu's own fixed waits. */
static struct fake shared;
static modem *shared_m;

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Waits until PATH exists (want = 1) or is gone (want = 0); 1 when it happened within ms. */
static int wait_path(const char *path, int want, int ms)
{
    for (int t = 0; t < ms; t += 20) {
        if ((access(path, F_OK) == 0) == want)
            return 1;
        sleep_ms(20);
    }
    return 0;
}

/* Starts the fake modem in a fresh temp dir; EXTRA is a NULL-terminated list of further arguments. */
static void fake_start(struct fake *f, const char *const *extra)
{
    const char *tools = getenv("LOA_TOOLS");
    char *bin = xasprintf("%s/fakemodem", tools ? tools : "build/std/tools");
    if (access(bin, X_OK) != 0)
        fail_msg("fake modem not found at %s: build it (make loa-bin-and-tests) and set LOA_TOOLS", bin);
    f->dir = test_tmpdir();
    f->link = xasprintf("%s/modem", f->dir);
    f->log = xasprintf("%s/modem.log", f->dir);
    f->control = xasprintf("%s/control", f->dir);
    f->inbox = xasprintf("%s/inbox", f->dir);
    assert_int_equal(mkdir(f->inbox, 0755), 0);
    const char *argv[32] = { bin, "--link", f->link, "--log", f->log, "--control", f->control, "--inbox", f->inbox };
    int n = 9;
    for (int i = 0; extra && extra[i] && n < 30; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    f->pid = fork();
    assert_true(f->pid >= 0);
    if (f->pid == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(126);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    free(bin);
    if (f != &shared)
        own_fake = f;
    assert_true(wait_path(f->link, 1, 5000));
}

static void fake_stop(struct fake *f)
{
    int status = 0;
    if (f == own_fake)
        own_fake = NULL;
    kill(f->pid, SIGTERM);
    assert_int_equal(waitpid(f->pid, &status, 0), f->pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);   /* clean exit on SIGTERM */
    assert_int_equal(access(f->link, F_OK), -1);                  /* and the link removed */
    test_rm_rf(f->dir);
    free(f->dir);
    free(f->link);
    free(f->log);
    free(f->control);
    free(f->inbox);
}

static void fake_control(struct fake *f, const char *lines)
{
    char *tmp = xasprintf("%s.new", f->control);
    FILE *fp = fopen(tmp, "w");
    assert_non_null(fp);
    fputs(lines, fp);
    fclose(fp);
    assert_int_equal(rename(tmp, f->control), 0);
    free(tmp);
}

/* Forget what the fake logged so far (it appends, so writes go on at the new end). */
static void fake_log_reset(struct fake *f)
{
    assert_int_equal(truncate(f->log, 0), 0);
    unlink(f->control);
}

static modem *open_fake(struct fake *f)
{
    char err[LOA_ERRLEN] = "";
    struct modem_conf c = { .name = "m1", .model = "at", .connection = "at", .device = f->link,
                            .debug_file = getenv("LOA_GAMMU_DEBUG"), .reply_timeout_ms = TO };
    modem *m = modem_open(&c, err);
    if (!m)
        fail_msg("modem_open: %s", err);
    return m;
}

/* The log's lines starting with PREFIX (e.g. "PDU "), without it; returns the count. */
static int log_lines(const char *path, const char *prefix, char out[][1024], int max)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    char line[2048];
    int n = 0;
    size_t pl = strlen(prefix);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, prefix, pl) == 0) {
            if (n < max)
                snprintf(out[n], 1024, "%s", line + pl);
            n++;
        }
    }
    fclose(fp);
    return n;
}

static size_t unhex(const char *hex, unsigned char *out)
{
    size_t n = 0;
    unsigned v;
    while (hex[0] && hex[1] && sscanf(hex, "%2x", &v) == 1) {
        out[n++] = (unsigned char)v;
        hex += 2;
    }
    return n;
}

/* Decodes a logged PDU (SMSC first) with libGammu's decoder. */
static void decode_pdu(const char *hex, GSM_SMSMessage *sms)
{
    unsigned char buf[512];
    size_t n = unhex(hex, buf), pos = 0;
    assert_int_equal(GSM_DecodePDUFrame(GSM_GetGlobalDebug(), sms, buf, n, &pos, TRUE), ERR_NONE);
    assert_int_equal(sms->PDU, SMS_Submit);
}

static void text_of(const GSM_SMSMessage *sms, char *out)
{
    EncodeUTF8(out, sms->Text);
}

static void number_of(const GSM_SMSMessage *sms, char *out)
{
    EncodeUTF8(out, sms->Number);
}

struct parts_seen {
    int n;
    int part[16];
    int ref[16];
};

static void on_part(void *ud, int part, int ref)
{
    struct parts_seen *p = ud;
    if (p->n < 16) {
        p->part[p->n] = part;
        p->ref[p->n] = ref;
    }
    p->n++;
}

static const char VN_LONG[] =
    "Thông báo của UBND xã Minh Tiến: đề nghị bà con các thôn mang căn cước công dân gắn chip đến nhà văn hoá "
    "để được hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức độ 2 trước ngày 15/7.";

/* ---- sending through Gammu's AT driver --------------------------------------------------------------------- */

/* What the written callback saw: each part's index, and how many PDUs the fake had received at that moment. */
struct written_seen {
    const char *log;
    int n;
    int part[16];
    int pdus_then[16];
    struct parts_seen accepted;   /* on_part's, to check the order */
    int accepted_then[16];
};

static void on_written(void *ud, int part)
{
    struct written_seen *w = ud;
    char lines[16][1024];
    if (w->n < 16) {
        w->part[w->n] = part;
        w->pdus_then[w->n] = log_lines(w->log, "PDU ", lines, 16);
        w->accepted_then[w->n] = w->accepted.n;
    }
    w->n++;
}

static void on_part_w(void *ud, int part, int ref)
{
    on_part(&((struct written_seen *)ud)->accepted, part, ref);
}

/* The moment loa records "the modem may have it" (outbox.written) must come before the modem can have it: each
 * part is reported while the fake has not yet received it (it logs a PDU at its Ctrl-Z), and after the part
 * before it was accepted. */
static void test_each_part_is_reported_before_its_ctrl_z_reaches_the_modem(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    assert_int_equal(modem_tells_written(m), 1);
    char err[LOA_ERRLEN] = "";
    struct written_seen w = { .log = f->log };
    struct modem_msg msg = { "+84912345678", VN_LONG, 1, 202, 0, on_written };
    assert_int_equal(modem_send(m, &msg, 0, on_part_w, &w, err), MODEM_OK);
    assert_int_equal(w.n, 3);
    assert_int_equal(w.accepted.n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(w.part[i], i);
        assert_int_equal(w.pdus_then[i], i);       /* the fake had the parts before, not this one */
        assert_int_equal(w.accepted_then[i], i);   /* and the part before was accepted */
    }
    char pdus[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 4), 3);
    assert_int_equal(modem_tells_written(m), 1);   /* the watch held for every part: still trusted */
}

/* The same with the modem's debug_file set (Gammu's time-stamped lines), which also still gets Gammu's log. */
static void test_a_debug_file_keeps_gammus_log_and_the_watch(void **state)
{
    (void)state;
    struct fake f;
    fake_start(&f, NULL);
    char *dbg = xasprintf("%s/gammu.log", f.dir);
    char err[LOA_ERRLEN] = "";
    struct modem_conf c = { .name = "m1", .model = "at", .connection = "at", .device = f.link, .debug_file = dbg,
                            .reply_timeout_ms = TO };
    modem *m = modem_open(&c, err);
    assert_non_null(m);
    assert_int_equal(modem_tells_written(m), 1);
    struct written_seen w = { .log = f.log };
    struct modem_msg msg = { "+84912345678", "Thu nghiem", 0, 1, 0, on_written };
    assert_int_equal(modem_send(m, &msg, 0, on_part_w, &w, err), MODEM_OK);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.pdus_then[0], 0);
    assert_int_equal(w.accepted.n, 1);
    modem_close(m);
    char *text = test_read_file(dbg, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "Sending SMS"));
    assert_non_null(strstr(text, "AT+CMGS="));
    free(text);
    free(dbg);
    fake_stop(&f);
}

static void test_gsm7_message_arrives_with_recipient_text_and_report_request(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    struct parts_seen seen = { 0 };
    struct modem_msg msg = { "+84912345678", "Xin chao ba con thon Dong, moi nguoi di lam CCCD.", 0, 7, 1, NULL };
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_OK);
    assert_int_equal(seen.n, 1);
    char sent[4][1024];
    assert_int_equal(log_lines(f->log, "SENT ", sent, 4), 1);
    assert_int_equal(seen.ref[0], atoi(sent[0]));   /* the reference the modem gave in +CMGS */

    char pdus[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 4), 1);
    GSM_SMSMessage sms;
    decode_pdu(pdus[0], &sms);
    char text[1024], number[64];
    text_of(&sms, text);
    number_of(&sms, number);
    assert_string_equal(number, "+84912345678");
    assert_string_equal(text, msg.text);
    assert_int_equal(sms.Coding, SMS_Coding_Default_No_Compression);   /* DCS 0x00 */
    assert_int_equal(sms.UDH.Type, UDH_NoUDH);
    unsigned char raw[512];
    unhex(pdus[0], raw);
    assert_true(raw[1 + raw[0]] & 0x20);   /* TP-SRR: delivery report requested */
}

static void test_vietnamese_text_is_sent_intact_as_ucs2_under_c_locale(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    const char *vn = "Bà con thôn Đông: đăng ký VNeID tại nhà văn hoá, thứ Bảy 9 giờ.";
    struct modem_msg msg = { "+84987654321", vn, 1, 8, 0, NULL };
    assert_int_equal(modem_send(m, &msg, 0, NULL, NULL, err), MODEM_OK);
    char pdus[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 4), 1);
    GSM_SMSMessage sms;
    decode_pdu(pdus[0], &sms);
    char text[1024];
    text_of(&sms, text);
    assert_string_equal(text, vn);
    assert_int_equal(sms.Coding, SMS_Coding_Unicode_No_Compression);   /* DCS 0x08 */
    unsigned char raw[512];
    unhex(pdus[0], raw);
    assert_false(raw[1 + raw[0]] & 0x20);  /* no report asked */
}

static void test_tilde_in_a_ucs2_text_reaches_the_resident_as_itself(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    char err[LOA_ERRLEN] = "";
    const char *vn = "Họp từ 8h~10h, phòng ~2 (Nguyễn Văn ~An)";
    struct modem_msg msg = { "+84987654321", vn, 1, 9, 0, NULL };
    int parts = 0;
    assert_int_equal(modem_count_parts(&msg, &parts, err), 0);
    assert_int_equal(parts, 1);
    assert_int_equal(modem_send(shared_m, &msg, 0, NULL, NULL, err), MODEM_OK);
    char pdus[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 4), 1);
    GSM_SMSMessage sms;
    decode_pdu(pdus[0], &sms);
    /* On the air: "h~1", " ~2", " ~A" as U+007E, not U+0001 (what Gammu makes of a lone '~').
     * Gammu's decoder escapes the same way ('~' as "~~", U+0001 as '~'), so the PDU is what tells. */
    assert_non_null(strstr(pdus[0], "0068007E0031"));
    assert_non_null(strstr(pdus[0], "0020007E0032"));
    assert_non_null(strstr(pdus[0], "0020007E0041"));
    assert_null(strstr(pdus[0], "00680001"));
}

static void test_long_message_goes_out_as_three_parts_sharing_our_reference(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    struct modem_msg msg = { "+84912345678", VN_LONG, 1, 201, 0, NULL };
    int parts = 0;
    assert_int_equal(modem_count_parts(&msg, &parts, err), 0);
    assert_int_equal(parts, 3);
    struct parts_seen seen = { 0 };
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_OK);
    assert_int_equal(seen.n, 3);
    char sent[4][1024];
    assert_int_equal(log_lines(f->log, "SENT ", sent, 4), 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(seen.part[i], i);
        assert_int_equal(seen.ref[i], atoi(sent[i]));   /* each part's own +CMGS reference */
    }
    char pdus[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 4), 3);
    char joined[2048] = "";
    for (int i = 0; i < 3; i++) {
        GSM_SMSMessage sms;
        decode_pdu(pdus[i], &sms);
        assert_int_equal(sms.Coding, SMS_Coding_Unicode_No_Compression);
        assert_int_not_equal(sms.UDH.Type, UDH_NoUDH);
        assert_int_equal(sms.UDH.ID8bit, 201);
        assert_int_equal(sms.UDH.PartNumber, i + 1);
        assert_int_equal(sms.UDH.AllParts, 3);
        char text[1024], number[64];
        text_of(&sms, text);
        number_of(&sms, number);
        assert_string_equal(number, "+84912345678");
        strcat(joined, text);
    }
    assert_string_equal(joined, VN_LONG);
}

static void test_two_long_messages_sent_back_to_back_carry_different_references(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    char gsm[400];
    memset(gsm, 'a', 200);
    gsm[200] = '\0';
    struct modem_msg a = { "+84912345678", gsm, 0, 17, 0, NULL };
    struct modem_msg b = { "+84912345679", gsm, 0, 18, 0, NULL };
    assert_int_equal(modem_send(m, &a, 0, NULL, NULL, err), MODEM_OK);
    assert_int_equal(modem_send(m, &b, 0, NULL, NULL, err), MODEM_OK);
    char pdus[8][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 8), 4);
    int refs[4];
    for (int i = 0; i < 4; i++) {
        GSM_SMSMessage sms;
        decode_pdu(pdus[i], &sms);
        assert_int_equal(sms.Coding, SMS_Coding_Default_No_Compression);
        assert_int_equal(sms.UDH.AllParts, 2);
        refs[i] = sms.UDH.ID8bit;
    }
    assert_int_equal(refs[0], 17);
    assert_int_equal(refs[1], 17);
    assert_int_equal(refs[2], 18);
    assert_int_equal(refs[3], 18);
}

/* ---- faults ------------------------------------------------------------------------------------------------ */

static void test_cms_38_after_the_pdu_is_retry_though_gammu_said_ok(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    fake_control(f, "cms 38\n");
    struct parts_seen seen = { 0 };
    struct modem_msg msg = { "+84912345678", "Thu nghiem", 0, 1, 0, NULL };
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_RETRY);
    assert_non_null(strstr(err, "38"));
    assert_int_equal(seen.n, 0);
    char lines[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", lines, 4), 1);   /* the PDU did go out */
    assert_int_equal(log_lines(f->log, "CMS 38", lines, 4), 1);
    /* the connection is still good: the next send goes through */
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_OK);
    assert_int_equal(seen.n, 1);
}

static void test_invalid_destination_code_is_permanent(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    fake_control(f, "cms 1\ncms 21\ncms 42\n");
    struct modem_msg msg = { "+84900000000", "Thu nghiem", 0, 1, 0, NULL };
    assert_int_equal(modem_send(m, &msg, 0, NULL, NULL, err), MODEM_PERMANENT);
    assert_int_equal(modem_send(m, &msg, 0, NULL, NULL, err), MODEM_PERMANENT);
    assert_int_equal(modem_send(m, &msg, 0, NULL, NULL, err), MODEM_RETRY);   /* 42 congestion */
}

static void test_error_instead_of_prompt_is_retry_and_no_pdu_goes_out(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    fake_control(f, "error\n");
    struct written_seen w = { .log = f->log };
    struct modem_msg msg = { "+84912345678", "Thu nghiem", 0, 1, 0, on_written };
    assert_int_equal(modem_send(m, &msg, 0, on_part_w, &w, err), MODEM_RETRY);
    assert_int_equal(w.n, 0);   /* nothing went: a crash now would leave the message safe to queue again */
    char lines[4][1024];
    assert_int_equal(log_lines(f->log, "PDU ", lines, 4), 0);
    assert_int_equal(modem_send(m, &msg, 0, on_part_w, &w, err), MODEM_OK);
    assert_int_equal(w.n, 1);   /* the next try went, and said so before */
}

static void test_silence_after_the_pdu_is_unknown_and_never_resent(void **state)
{
    (void)state;
    struct fake f;
    fake_start(&f, NULL);
    modem *m = open_fake(&f);
    char err[LOA_ERRLEN] = "";
    fake_control(&f, "silence\n");
    struct parts_seen seen = { 0 };
    struct modem_msg msg = { "+84912345678", "Thu nghiem", 0, 1, 0, NULL };
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_UNKNOWN);
    assert_int_equal(seen.n, 0);
    /* the connection is no longer trusted: nothing more is sent on it */
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_DOWN);
    char lines[4][1024];
    assert_int_equal(log_lines(f.log, "PDU ", lines, 4), 1);
    modem_close(m);
    m = open_fake(&f);   /* a fresh connection works again */
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_OK);
    modem_close(m);
    fake_stop(&f);
}

static void test_vanished_device_is_down_and_reopens_when_it_returns(void **state)
{
    (void)state;
    struct fake f;
    fake_start(&f, NULL);
    modem *m = open_fake(&f);
    char err[LOA_ERRLEN] = "";
    struct modem_msg msg = { "+84912345678", "Thu nghiem", 0, 1, 0, NULL };
    fake_control(&f, "vanish 2\n");
    assert_true(wait_path(f.link, 0, 3000));
    int rc = modem_send(m, &msg, 0, NULL, NULL, err);
    if (rc != MODEM_DOWN)
        fail_msg("expected down, got %s: %s", modem_rc_name(rc), err);
    modem_close(m);
    struct modem_conf c = { .name = "m1", .model = "at", .connection = "at", .device = f.link,
                            .reply_timeout_ms = TO };
    assert_null(modem_open(&c, err));   /* still gone */
    assert_true(wait_path(f.link, 1, 5000));
    m = open_fake(&f);
    assert_int_equal(modem_send(m, &msg, 0, NULL, NULL, err), MODEM_OK);
    modem_close(m);
    fake_stop(&f);
}

static void test_failed_second_part_resumes_without_resending_the_first(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    fake_control(f, "ok\ncms 41\n");
    struct parts_seen seen = { 0 };
    struct modem_msg msg = { "+84912345678", VN_LONG, 1, 99, 0, NULL };
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_RETRY);
    assert_int_equal(seen.n, 1);   /* part 0 committed */
    assert_int_equal(modem_send(m, &msg, seen.n, on_part, &seen, err), MODEM_OK);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.part[1], 1);
    assert_int_equal(seen.part[2], 2);
    char pdus[8][1024];
    assert_int_equal(log_lines(f->log, "PDU ", pdus, 8), 4);   /* 1, 2 (refused), 2, 3 */
    int count[4] = { 0 };
    for (int i = 0; i < 4; i++) {
        GSM_SMSMessage sms;
        decode_pdu(pdus[i], &sms);
        assert_int_equal(sms.UDH.ID8bit, 99);
        count[sms.UDH.PartNumber]++;
    }
    assert_int_equal(count[1], 1);
    assert_int_equal(count[2], 2);
    assert_int_equal(count[3], 1);
}

/* ---- encoding without a modem ---------------------------------------------------------------------------- */

static void test_invalid_utf8_is_refused_before_gammu_truncates_it(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    int parts = 0;
    struct modem_msg msg = { "+84912345678", "Chao \xff ban", 1, 1, 0, NULL };
    assert_int_equal(modem_count_parts(&msg, &parts, err), -1);
    assert_non_null(strstr(err, "UTF-8"));
}

static void test_non_bmp_character_counts_as_two_ucs2_units(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    char text[400] = "";
    for (int i = 0; i < 35; i++)
        strcat(text, "\xF0\x9F\x98\x80");   /* U+1F600: 35 x 2 units = 70 = one part */
    struct modem_msg msg = { "+84912345678", text, 1, 1, 0, NULL };
    int parts = 0;
    assert_int_equal(modem_count_parts(&msg, &parts, err), 0);
    assert_int_equal(parts, 1);
    strcat(text, "\xF0\x9F\x98\x80");       /* 72 units: two parts */
    assert_int_equal(modem_count_parts(&msg, &parts, err), 0);
    assert_int_equal(parts, 2);
}

static void test_cms_codes_split_into_destination_faults_and_passing_trouble(void **state)
{
    (void)state;
    const int permanent[] = { 1, 8, 10, 21, 28, 29, 30, 50, 69, 96, 193, 195, 196, 304 };
    const int retry[] = { 27, 38, 41, 42, 47, 192, 300, 314, 330, 331, 332, 500, 0xFF };
    for (size_t i = 0; i < sizeof permanent / sizeof permanent[0]; i++)
        assert_int_equal(modem_cms_class(permanent[i]), MODEM_PERMANENT);
    for (size_t i = 0; i < sizeof retry / sizeof retry[0]; i++)
        assert_int_equal(modem_cms_class(retry[i]), MODEM_RETRY);
    assert_int_equal(modem_cms_class(197), MODEM_UNKNOWN);   /* duplicate: an earlier copy got through */
    assert_string_equal(modem_rc_name(MODEM_UNKNOWN), "unknown");
    modem_close(NULL);
}

/* ---- inbox, clock, USSD through the fake modem ---------------------------------------------------------- */

static void sbuf_hex(sbuf *b, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sbuf_addf(b, "%02X", p[i]);
}

/* An SMS-DELIVER PDU (no SMSC) from +84912345678 at 2026-11-26 19:30:00+07, UCS-2 TEXT, part PART/TOTAL of REF. */
static char *deliver_pdu(const char *text, int ref, int part, int total)
{
    unsigned char ucs[600];
    DecodeUTF8(ucs, text, strlen(text));
    size_t units = UnicodeLength(ucs);
    sbuf b = { 0 };
    sbuf_add(&b, "00");                      /* no SMSC address */
    sbuf_add(&b, total > 1 ? "44" : "04");   /* SMS-DELIVER, more-messages-to-send off, UDHI */
    sbuf_add(&b, "0B914819325476F8");        /* +84912345678 */
    sbuf_add(&b, "0008");                    /* PID, DCS UCS-2 */
    sbuf_add(&b, "62116291030082");          /* 26/11/26 19:30:00 +28 quarters */
    size_t udl = units * 2 + (total > 1 ? 6 : 0);
    sbuf_addf(&b, "%02X", (unsigned)udl);
    if (total > 1)
        sbuf_addf(&b, "050003%02X%02X%02X", ref, total, part);
    sbuf_hex(&b, ucs, units * 2);
    return sbuf_detach(&b);
}

struct inbox_seen {
    int n;
    int unreadable;       /* parts handed over as unreadable */
    int keep;             /* what the callback answers */
    char text[4][512];
    char raw[4][512];
    int ref[4], part[4], total[4], coding[4];
    char sender[4][40];
    time_t smsc_time[4];
    int is_report[4], report_ref[4], report_delivered[4];
};

static int on_inbox(void *ud, const struct modem_inpart *p)
{
    struct inbox_seen *s = ud;
    s->unreadable += p->unreadable;
    if (s->n < 4) {
        snprintf(s->text[s->n], sizeof s->text[0], "%s", p->text ? p->text : "");
        snprintf(s->raw[s->n], sizeof s->raw[0], "%s", p->raw_hex ? p->raw_hex : "");
        s->ref[s->n] = p->concat_ref;
        s->part[s->n] = p->concat_part;
        s->total[s->n] = p->concat_total;
        s->coding[s->n] = p->coding;
        snprintf(s->sender[s->n], sizeof s->sender[0], "%s", p->sender);
        s->smsc_time[s->n] = p->smsc_time;
        s->is_report[s->n] = p->is_report;
        s->report_ref[s->n] = p->report_ref;
        s->report_delivered[s->n] = p->report_delivered;
    }
    s->n++;
    return s->keep;
}

static int count_files(const char *dir, const char *suffix)
{
    char *cmd = xasprintf("ls '%s' | grep -c '%s$'", dir, suffix);
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    free(cmd);
    return n;
}

static void test_stored_multipart_ucs2_arrives_as_parts_and_is_deleted_only_once_stored(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    char *p1 = deliver_pdu("Cho tôi hỏi: đăng ký VNeID ", 0x42, 1, 2);
    char *p2 = deliver_pdu("ở đâu ạ?", 0x42, 2, 2);
    free(test_write_file(f->inbox, "a.pdu", p1));
    free(test_write_file(f->inbox, "b.pdu", p2));
    free(p1);
    free(p2);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";

    struct inbox_seen keep = { .keep = 1 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &keep, err), 2);
    assert_int_equal(keep.n, 2);
    assert_int_equal(count_files(f->inbox, ".pdu"), 2);   /* not stored: still on the modem */

    struct inbox_seen got = { .keep = 0 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &got, err), 2);
    assert_int_equal(got.n, 2);
    assert_string_equal(got.text[0], "Cho tôi hỏi: đăng ký VNeID ");
    assert_string_equal(got.text[1], "ở đâu ạ?");
    for (int i = 0; i < 2; i++) {
        assert_int_equal(got.ref[i], 0x42);
        assert_int_equal(got.part[i], i + 1);
        assert_int_equal(got.total[i], 2);
        assert_int_equal(got.coding[i], 1);
        assert_string_equal(got.sender[i], "+84912345678");
        assert_int_equal(got.smsc_time[i], util_mklocal(2026, 11, 26, 19, 30, 0));
    }
    assert_int_equal(count_files(f->inbox, ".pdu"), 0);   /* deleted once stored */
    struct inbox_seen none = { .keep = 0 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &none, err), 0);
}

/* A UCS-2 SMS-DELIVER from +84912345678 whose user data is the hex UD, as it is. */
static char *deliver_units(const char *ud)
{
    return xasprintf("00040B914819325476F8000862116291030082%02X%s", (unsigned)(strlen(ud) / 2), ud);
}

static void test_nul_and_lone_surrogates_neither_cut_nor_break_a_received_text(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    char *a = deliver_units("0041000000420043");   /* A NUL B C */
    char *b = deliver_units("0041D8000042DC00");   /* A, lone high, B, lone low */
    char *c = deliver_units("D83DDE00007E00310001");   /* a pair (U+1F600), ~ 1, U+0001 */
    free(test_write_file(f->inbox, "a.pdu", a));
    free(test_write_file(f->inbox, "b.pdu", b));
    free(test_write_file(f->inbox, "c.pdu", c));
    /* GSM-7 "a~": a, then ESC '=' of the extension table */
    free(test_write_file(f->inbox, "d.pdu", "00040B914819325476F800006211629103008203E14D0F"));
    free(a);
    free(b);
    free(c);
    struct inbox_seen got = { .keep = 0 };
    char err[LOA_ERRLEN] = "";
    assert_int_equal(modem_read_inbox(shared_m, on_inbox, &got, err), 4);
    assert_string_equal(got.text[0], "A\xEF\xBF\xBD" "BC");
    assert_string_equal(got.text[1], "A\xEF\xBF\xBD" "B\xEF\xBF\xBD");
    assert_string_equal(got.text[2], "\xF0\x9F\x98\x80~1\x01");   /* '~' as itself (Gammu makes it "~~") */
    assert_string_equal(got.raw[2], "D83DDE00007E00310001");
    assert_string_equal(got.text[3], "a~");
    for (int i = 0; i < 3; i++) assert_true(vntext_valid_utf8(got.text[i], strlen(got.text[i])));
    assert_string_equal(got.raw[0], "0041000000420043");   /* the raw data whole, NUL and all */
    assert_string_equal(got.raw[1], "0041D8000042DC00");
}

/* Any number of stored messages Gammu cannot decode are handed over as unreadable (to be recorded)
 * and then deleted like the others; the good ones around them are read as usual. */
static void test_undecodable_stored_messages_do_not_block_the_others(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    char *good1 = deliver_pdu("Cho tôi hỏi lịch làm CCCD", 0, 0, 0);
    char *good2 = deliver_pdu("HUY", 0, 0, 0);
    free(test_write_file(f->inbox, "a.pdu", good1));
    for (int i = 0; i < 20; i++) {   /* more than the 16 that once failed the whole read */
        char name[16];
        snprintf(name, sizeof name, "b%02d.pdu", i);
        free(test_write_file(f->inbox, name, "00040B914819325476F8000862116291030082FF0041"));   /* UDL past the data */
    }
    free(test_write_file(f->inbox, "z.pdu", good2));
    free(good1);
    free(good2);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    struct inbox_seen keep = { .keep = 1 };
    int n = modem_read_inbox(m, on_inbox, &keep, err);
    if (n < 0) print_message("%s\n", err);
    assert_int_equal(n, 22);
    assert_int_equal(keep.unreadable, 20);
    assert_int_equal(count_files(f->inbox, ".pdu"), 22);   /* not stored: all still on the modem */
    struct inbox_seen got = { .keep = 0 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &got, err), 22);
    assert_int_equal(got.unreadable, 20);
    assert_int_equal(count_files(f->inbox, ".pdu"), 0);    /* stored, so all removed: the SIM cannot fill up */
    assert_string_equal(got.text[0], "Cho tôi hỏi lịch làm CCCD");
    assert_int_equal(got.coding[1], 3);
    assert_string_equal(got.text[1], "");
    struct inbox_seen none = { .keep = 0 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &none, err), 0);
}

static void test_delivery_report_is_read_from_the_modem(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    /* SMS-STATUS-REPORT, MR 5, recipient +84912345678, SCTS and discharge 26/11/26 19:30:00+07, TP-ST 0 */
    free(test_write_file(f->inbox, "r.pdu", "0006050B914819325476F862116291030082621162910300820000"));
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    struct inbox_seen got = { .keep = 0 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &got, err), 1);
    assert_int_equal(got.is_report[0], 1);
    assert_int_equal(got.report_ref[0], 5);
    assert_int_equal(got.report_delivered[0], 1);
}

static void test_modem_clock_and_balance_ussd(void **state)
{
    (void)state;
    struct fake *f = &shared;
    fake_log_reset(f);
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    time_t t = 0;
    assert_int_equal(modem_get_time(m, &t, err), MODEM_OK);
    assert_int_equal(t, util_mklocal(2026, 11, 26, 19, 30, 5));
    char reply[256] = "";
    if (modem_ussd(m, "*101#", reply, sizeof reply, err) != MODEM_OK)
        fail_msg("ussd: %s", err);
    assert_non_null(strstr(reply, "TK chinh: 25000d"));
}

/* ---- Gammu's dummy phone ------------------------------------------------------------------------------- */

static void put_backup(const char *path, const char *text, int ucs2)
{
    GSM_SMS_Backup *b = xcalloc(1, sizeof *b);
    GSM_SMSMessage *s = xcalloc(1, sizeof *s);
    GSM_SetDefaultReceivedSMSData(s);
    s->PDU = SMS_Deliver;
    s->Folder = 1;
    s->InboxFolder = TRUE;
    s->State = SMS_UnRead;
    s->Coding = ucs2 ? SMS_Coding_Unicode_No_Compression : SMS_Coding_Default_No_Compression;
    DecodeUTF8(s->Number, "+84912345678", 12);
    DecodeUTF8(s->Text, text, strlen(text));
    s->Length = (int)UnicodeLength(s->Text);
    s->DateTime.Year = 2026;
    s->DateTime.Month = 11;
    s->DateTime.Day = 26;
    s->DateTime.Hour = 19;
    s->DateTime.Minute = 30;
    s->DateTime.Timezone = 7 * 3600;
    b->SMS[0] = s;
    b->SMS[1] = NULL;
    assert_int_equal(GSM_AddSMSBackupFile(path, b), ERR_NONE);
    free(s);
    free(b);
}

static void test_dummy_phone_sends_and_hands_over_its_inbox(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    struct modem_conf c = { .name = "d1", .model = "dummy", .connection = "none", .device = dir };
    modem *m = modem_open(&c, err);
    if (!m)
        fail_msg("dummy: %s", err);
    assert_int_equal(modem_tells_written(m), 0);   /* the dummy phone has no device to write to */
    struct parts_seen seen = { 0 };
    struct modem_msg msg = { "+84912345678", VN_LONG, 1, 3, 1, NULL };
    assert_int_equal(modem_send(m, &msg, 0, on_part, &seen, err), MODEM_OK);
    assert_int_equal(seen.n, 3);

    char *f1 = xasprintf("%s/sms/1/1", dir);
    char *f2 = xasprintf("%s/sms/1/2", dir);
    put_backup(f1, "HUY", 0);
    put_backup(f2, "Đăng ký nhận tin", 1);
    struct inbox_seen got = { .keep = 0 };
    assert_int_equal(modem_read_inbox(m, on_inbox, &got, err), 2);
    assert_string_equal(got.text[0], "HUY");
    assert_int_equal(got.coding[0], 0);
    assert_string_equal(got.text[1], "Đăng ký nhận tin");
    assert_int_equal(got.coding[1], 1);
    assert_string_equal(got.sender[1], "+84912345678");
    assert_int_equal(access(f1, F_OK), -1);
    assert_int_equal(access(f2, F_OK), -1);
    modem_close(m);
    free(f1);
    free(f2);
    test_rm_rf(dir);
    free(dir);
}

/* ---- measurement (only with LOA_MODEM_BENCH=N): time per part through Gammu's AT driver -------------------- */

static void bench_time_per_part(void **state)
{
    (void)state;
    int n = atoi(getenv("LOA_MODEM_BENCH"));
    struct fake *f = &shared;
    modem *m = shared_m;
    char err[LOA_ERRLEN] = "";
    struct modem_msg one = { "+84912345678", "Xin chao ba con thon Dong", 0, 1, 0, NULL };
    struct modem_msg three = { "+84912345678", VN_LONG, 1, 2, 0, NULL };
    int64_t t0 = util_mono_ms();
    for (int i = 0; i < n; i++)
        assert_int_equal(modem_send(m, &one, 0, NULL, NULL, err), MODEM_OK);
    int64_t t1 = util_mono_ms();
    for (int i = 0; i < n; i++)
        assert_int_equal(modem_send(m, &three, 0, NULL, NULL, err), MODEM_OK);
    int64_t t2 = util_mono_ms();
    fake_log_reset(f);
    modem_close(shared_m);
    int64_t t3 = util_mono_ms();
    shared_m = open_fake(f);
    int64_t t4 = util_mono_ms();
    fprintf(stderr, "bench: %d single-part sends: %.0f ms/part; %d three-part sends: %.0f ms/part; connect %lld ms\n", n,
            (double)(t1 - t0) / n, n, (double)(t2 - t1) / (3 * n), (long long)(t4 - t3));
}

static int shared_up(void **state)
{
    (void)state;
    const char *extra[] = { "--clock", "26/11/26,19:30:05+28", "--ref-start", "254", NULL };
    fake_start(&shared, extra);
    char err[LOA_ERRLEN] = "";
    struct modem_conf c = { .name = "m1", .model = "at", .connection = "at", .device = shared.link,
                            .debug_file = getenv("LOA_GAMMU_DEBUG"), .reply_timeout_ms = TO };
    shared_m = modem_open(&c, err);
    if (!shared_m) {
        print_error("cannot connect to the fake modem: %s\n", err);
        kill(shared.pid, SIGTERM);
        waitpid(shared.pid, NULL, 0);
        test_rm_rf(shared.dir);
        return -1;
    }
    return 0;
}

static int shared_down(void **state)
{
    (void)state;
    modem_close(shared_m);
    fake_stop(&shared);
    return 0;
}

static int own_down(void **state)
{
    (void)state;
    if (own_fake) {   /* the test failed before stopping it */
        kill(own_fake->pid, SIGTERM);
        waitpid(own_fake->pid, NULL, 0);
        test_rm_rf(own_fake->dir);
        own_fake = NULL;
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_utf8_is_refused_before_gammu_truncates_it),
        cmocka_unit_test(test_non_bmp_character_counts_as_two_ucs2_units),
        cmocka_unit_test(test_cms_codes_split_into_destination_faults_and_passing_trouble),
        cmocka_unit_test(test_dummy_phone_sends_and_hands_over_its_inbox),
        cmocka_unit_test(test_gsm7_message_arrives_with_recipient_text_and_report_request),
        cmocka_unit_test(test_vietnamese_text_is_sent_intact_as_ucs2_under_c_locale),
        cmocka_unit_test(test_tilde_in_a_ucs2_text_reaches_the_resident_as_itself),
        cmocka_unit_test(test_long_message_goes_out_as_three_parts_sharing_our_reference),
        cmocka_unit_test(test_two_long_messages_sent_back_to_back_carry_different_references),
        cmocka_unit_test(test_cms_38_after_the_pdu_is_retry_though_gammu_said_ok),
        cmocka_unit_test(test_invalid_destination_code_is_permanent),
        cmocka_unit_test(test_error_instead_of_prompt_is_retry_and_no_pdu_goes_out),
        cmocka_unit_test(test_each_part_is_reported_before_its_ctrl_z_reaches_the_modem),
        cmocka_unit_test_teardown(test_a_debug_file_keeps_gammus_log_and_the_watch, own_down),
        cmocka_unit_test_teardown(test_silence_after_the_pdu_is_unknown_and_never_resent, own_down),
        cmocka_unit_test_teardown(test_vanished_device_is_down_and_reopens_when_it_returns, own_down),
        cmocka_unit_test(test_failed_second_part_resumes_without_resending_the_first),
        cmocka_unit_test(test_stored_multipart_ucs2_arrives_as_parts_and_is_deleted_only_once_stored),
        cmocka_unit_test(test_nul_and_lone_surrogates_neither_cut_nor_break_a_received_text),
        cmocka_unit_test(test_undecodable_stored_messages_do_not_block_the_others),
        cmocka_unit_test(test_delivery_report_is_read_from_the_modem),
        cmocka_unit_test(test_modem_clock_and_balance_ussd),
    };
    if (getenv("LOA_MODEM_BENCH")) {
        const struct CMUnitTest bench[] = { cmocka_unit_test(bench_time_per_part) };
        return cmocka_run_group_tests(bench, shared_up, shared_down);
    }
    if (getenv("LOA_TEST_FILTER"))
        cmocka_set_test_filter(getenv("LOA_TEST_FILTER"));
    return cmocka_run_group_tests(tests, shared_up, shared_down);
}
