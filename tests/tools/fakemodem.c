/* fakemodem — a fake GSM modem on a pseudo-terminal that speaks enough AT (PDU mode) for Gammu's AT driver.
 *
 * Usage:
 *   fakemodem --link PATH [--log FILE] [--control FILE] [--inbox DIR] [--ref-start N]
 *             [--clock "yy/MM/dd,hh:mm:ss+zz"] [--seed N --cms-rate R --silence-rate R]
 *
 * --link PATH      the pty's slave is symlinked at PATH (Gammu's device = PATH)
 * --log FILE       one line per event, appended and flushed:
 *                    PDU <hex>            every PDU received after an AT+CMGS prompt
 *                    SENT <mr>            it was accepted with +CMGS: <mr>
 *                    CMS <n> | SILENCE    the fault chosen for it
 *                    SLOW <ms> | LATE <ms>  a prompt or an answer held back (control file)
 *                    ERROR-PROMPT         AT+CMGS answered with ERROR instead of "> "
 *                    VANISH <s> | BACK    the device went away / came back
 *                    DELETE <file>        an inbox file removed by AT+CMGD
 * --control FILE   faults, one per line, the first line consumed by the next AT+CMGS (the file is
 *                  re-read before each send, so a test can append lines at any time):
 *                    cms N      answer the PDU with "+CMS ERROR: N"
 *                    error      answer AT+CMGS with "ERROR" instead of the "> " prompt
 *                    silence    accept the PDU and answer nothing at all
 *                    ok         a normal send (lets a test skip a send)
 *                    slow N     a normal send whose "> " prompt comes N ms late (logged "SLOW N" when the wait
 *                               starts): the sender is inside GSM_SendSMS and no PDU has gone yet
 *                    late N     a normal send whose +CMGS answer comes N ms after the PDU (logged "LATE N"
 *                               after the PDU): the modem has the message, the sender has no answer yet
 *                    vanish N   close the pty and remove the link for N seconds, then come back at the same
 *                               path (a new pty: whoever had the old one open sees the device gone).
 *                               Unlike the others, `vanish` acts as soon as it is the first line: the file is
 *                               watched with inotify, so the device is gone before the next command is written.
 * --seed N --cms-rate R --silence-rate R
 *                  random faults for soaks: each send fails with +CMS ERROR: 38 with probability R,
 *                  or stays silent with probability R (control-file faults come first)
 * --inbox DIR      every DIR/NAME.pdu holds one stored message: the PDU in hex as a modem lists it, SMSC
 *                  address first ("00" for none), then the SMS-DELIVER or SMS-STATUS-REPORT TPDU.
 *                  Served by AT+CMGL / AT+CMGR (index = order of first sight, stable), removed by AT+CMGD.
 * --ref-start N    first TP-MR given out (default 0); it increments per accepted part and wraps after 255
 * --clock S        what AT+CCLK? answers (default: the time as UTC+7, running on from $LOA_NOW when set)
 *
 * Exits 0 on SIGTERM/SIGINT. Idle it blocks in ppoll(): no timers, no CPU.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define MAX_INBOX 256
#define LINE_MAX_LEN 4096

static const char *link_path;
static const char *log_path;
static const char *control_path;
static const char *inbox_dir;
static const char *clock_text;
static time_t clock_start, clock_real;   /* AT+CCLK? answers clock_start + time since clock_real */
static double cms_rate, silence_rate;
static unsigned rng_state = 1;

static volatile sig_atomic_t stop_flag;
static int master_fd = -1, slave_fd = -1;
static unsigned pty_generation;    /* incremented by each pty_up: bytes read from an older pty are dropped */
static FILE *log_fp;

/* modem state, reset when the device comes back */
static int echo_on = 1;
static int next_mr;
static int in_pdu;                 /* after "> ": collecting a PDU until Ctrl-Z */
static int pending_fault_silence;  /* chosen for the PDU being collected */
static int pending_fault_cms;
static int pending_late_ms;        /* the answer to the PDU being collected comes this late */
static char line[LINE_MAX_LEN];
static size_t line_len;

static char *inbox_names[MAX_INBOX];   /* index i+1 -> file name, NULL when free */

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    if (!log_fp)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_fp, fmt, ap);
    va_end(ap);
    fputc('\n', log_fp);
    fflush(log_fp);
}

static void out(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && master_fd >= 0) {
        ssize_t w = write(master_fd, s, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static void reply(const char *s)
{
    out("\r\n");
    out(s);
    out("\r\n");
}

static double rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (double)((rng_state >> 8) & 0xffffff) / (double)0x1000000;
}

/* ---- pty ---------------------------------------------------------------------------------------------- */

static int pty_up(void)
{
    master_fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_fd < 0 || grantpt(master_fd) != 0 || unlockpt(master_fd) != 0) {
        perror("fakemodem: posix_openpt");
        return -1;
    }
    const char *sname = ptsname(master_fd);
    /* Keep a slave fd open ourselves: with no slave open the master reports POLLHUP forever (a busy loop). */
    slave_fd = open(sname, O_RDWR | O_NOCTTY);
    if (slave_fd < 0) {
        perror("fakemodem: open slave");
        return -1;
    }
    struct termios t;
    if (tcgetattr(slave_fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(slave_fd, TCSANOW, &t);
    }
    unlink(link_path);
    if (symlink(sname, link_path) != 0) {
        perror("fakemodem: symlink");
        return -1;
    }
    echo_on = 1;
    in_pdu = 0;
    line_len = 0;
    pty_generation++;
    return 0;
}

static void pty_down(void)
{
    unlink(link_path);
    if (master_fd >= 0)
        close(master_fd);
    if (slave_fd >= 0)
        close(slave_fd);
    master_fd = slave_fd = -1;
}

/* ---- control file ------------------------------------------------------------------------------------- */

/* Reads the first non-blank line of the control file into BUF; 0 when there is none. */
static int control_peek(char *buf, size_t n)
{
    if (!control_path)
        return 0;
    FILE *fp = fopen(control_path, "r");
    if (!fp)
        return 0;
    int found = 0;
    while (fgets(buf, (int)n, fp)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[strspn(buf, " \t")] != '\0') {
            found = 1;
            break;
        }
    }
    fclose(fp);
    return found;
}

/* Removes the first non-blank line of the control file (rewritten through a rename). */
static void control_consume(void)
{
    FILE *fp = fopen(control_path, "r");
    if (!fp)
        return;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", control_path);
    FILE *wp = fopen(tmp, "w");
    if (!wp) {
        fclose(fp);
        return;
    }
    char buf[512];
    int skipped = 0;
    while (fgets(buf, sizeof buf, fp)) {
        if (!skipped && buf[strspn(buf, " \t\r\n")] != '\0') {
            skipped = 1;
            continue;
        }
        fputs(buf, wp);
    }
    fclose(fp);
    fclose(wp);
    rename(tmp, control_path);
}

/* Vanish for SECONDS, then come back with a new pty at the same link. */
static void vanish(int seconds)
{
    logf_("VANISH %d", seconds);
    pty_down();
    struct timespec end, now;
    clock_gettime(CLOCK_MONOTONIC, &end);
    end.tv_sec += seconds;
    for (;;) {
        if (stop_flag)
            return;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (long)(end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1000000;
        if (ms <= 0)
            break;
        struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
        sigset_t empty;
        sigemptyset(&empty);
        ppoll(NULL, 0, &ts, &empty);
    }
    if (pty_up() == 0)
        logf_("BACK");
}

/* A "vanish N" first line acts at once (called when the control file changes and before each command). */
static void control_check_vanish(void)
{
    char buf[512];
    int secs;
    if (control_peek(buf, sizeof buf) && sscanf(buf, " vanish %d", &secs) == 1) {
        control_consume();
        vanish(secs);
    }
}

/* ---- inbox -------------------------------------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Gives every new DIR/NAME.pdu an index; forgets files that are gone. */
static void inbox_scan(void)
{
    if (!inbox_dir)
        return;
    for (int i = 0; i < MAX_INBOX; i++) {
        if (inbox_names[i]) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", inbox_dir, inbox_names[i]);
            if (access(path, F_OK) != 0) {
                free(inbox_names[i]);
                inbox_names[i] = NULL;
            }
        }
    }
    DIR *d = opendir(inbox_dir);
    if (!d)
        return;
    char *names[MAX_INBOX];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < MAX_INBOX) {
        if (has_suffix(e->d_name, ".pdu"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], name_cmp);
    for (int k = 0; k < n; k++) {
        int known = 0;
        for (int i = 0; i < MAX_INBOX; i++) {
            if (inbox_names[i] && strcmp(inbox_names[i], names[k]) == 0) {
                known = 1;
                break;
            }
        }
        if (!known) {
            for (int i = 0; i < MAX_INBOX; i++) {
                if (!inbox_names[i]) {
                    inbox_names[i] = names[k];
                    names[k] = NULL;
                    break;
                }
            }
        }
        free(names[k]);
    }
}

/* The PDU of inbox entry INDEX (1-based) into BUF; its TPDU length into *tpdu_len. 0 or -1. */
static int inbox_read(int index, char *buf, size_t n, int *tpdu_len)
{
    if (index < 1 || index > MAX_INBOX || !inbox_names[index - 1])
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", inbox_dir, inbox_names[index - 1]);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    size_t k = 0;
    int c;
    while ((c = fgetc(fp)) != EOF && k + 1 < n) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
            buf[k++] = (char)toupper(c);
    }
    buf[k] = '\0';
    fclose(fp);
    if (k < 2)
        return -1;
    unsigned smsc_len;
    if (sscanf(buf, "%2x", &smsc_len) != 1)
        return -1;
    *tpdu_len = (int)(k / 2) - 1 - (int)smsc_len;
    return *tpdu_len > 0 ? 0 : -1;
}

static void cmd_cmgl(void)
{
    inbox_scan();
    char pdu[1024], head[64];
    int len;
    for (int i = 1; i <= MAX_INBOX; i++) {
        if (inbox_read(i, pdu, sizeof pdu, &len) != 0)
            continue;
        snprintf(head, sizeof head, "+CMGL: %d,1,,%d", i, len);
        reply(head);
        out(pdu);
    }
    reply("OK");
}

static void cmd_cmgr(int index)
{
    inbox_scan();
    char pdu[1024], head[64];
    int len;
    if (inbox_read(index, pdu, sizeof pdu, &len) != 0) {
        reply("+CMS ERROR: 321");
        return;
    }
    snprintf(head, sizeof head, "+CMGR: 1,,%d", len);
    reply(head);
    out(pdu);
    reply("OK");
}

static void cmd_cmgd(int index)
{
    inbox_scan();
    if (index < 1 || index > MAX_INBOX || !inbox_names[index - 1]) {
        reply("+CMS ERROR: 321");
        return;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", inbox_dir, inbox_names[index - 1]);
    unlink(path);
    logf_("DELETE %s", inbox_names[index - 1]);
    free(inbox_names[index - 1]);
    inbox_names[index - 1] = NULL;
    reply("OK");
}

static int inbox_count(void)
{
    inbox_scan();
    int n = 0;
    for (int i = 0; i < MAX_INBOX; i++)
        n += inbox_names[i] != NULL;
    return n;
}

/* ---- commands ----------------------------------------------------------------------------------------- */

static void cmd_cclk(void)
{
    char buf[80];
    if (clock_text) {
        snprintf(buf, sizeof buf, "+CCLK: \"%s\"", clock_text);
    } else {
        time_t t = clock_start + (time(NULL) - clock_real) + 7 * 3600;
        struct tm tm;
        gmtime_r(&t, &tm);
        snprintf(buf, sizeof buf, "+CCLK: \"%02d/%02d/%02d,%02d:%02d:%02d+28\"", tm.tm_year % 100, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    reply(buf);
    reply("OK");
}

/* Holds everything back for MS milliseconds (the fake serves one connection: nothing else waits). */
static void hold_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (!stop_flag && nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* AT+CMGS=<n>: choose this send's fault, then prompt (or not). */
static void cmd_cmgs(void)
{
    char buf[512];
    int n;
    pending_fault_cms = 0;
    pending_fault_silence = 0;
    pending_late_ms = 0;
    if (control_peek(buf, sizeof buf)) {
        control_consume();
        if (sscanf(buf, " slow %d", &n) == 1 && n > 0) {
            logf_("SLOW %d", n);
            hold_ms(n);
        } else if (sscanf(buf, " late %d", &n) == 1 && n > 0) {
            pending_late_ms = n;
        } else if (sscanf(buf, " cms %d", &n) == 1) {
            pending_fault_cms = n;
        } else if (strstr(buf, "silence")) {
            pending_fault_silence = 1;
        } else if (strstr(buf, "error")) {
            logf_("ERROR-PROMPT");
            reply("ERROR");
            return;
        } else if (sscanf(buf, " vanish %d", &n) == 1) {
            vanish(n);   /* mid-send: the caller never hears back */
            return;
        }
    } else if (cms_rate > 0 || silence_rate > 0) {
        double r = rnd();
        if (r < cms_rate)
            pending_fault_cms = 38;
        else if (r < cms_rate + silence_rate)
            pending_fault_silence = 1;
    }
    out("\r\n> ");
    in_pdu = 1;
}

static void pdu_done(const char *pdu)
{
    char buf[64];
    logf_("PDU %s", pdu);
    if (pending_fault_silence) {
        logf_("SILENCE");
        return;
    }
    if (pending_fault_cms) {
        logf_("CMS %d", pending_fault_cms);
        snprintf(buf, sizeof buf, "+CMS ERROR: %d", pending_fault_cms);
        reply(buf);
        return;
    }
    if (pending_late_ms) {
        logf_("LATE %d", pending_late_ms);
        hold_ms(pending_late_ms);
    }
    int mr = next_mr;
    next_mr = (next_mr + 1) & 0xff;
    logf_("SENT %d", mr);
    snprintf(buf, sizeof buf, "+CMGS: %d", mr);
    reply(buf);
    reply("OK");
}

static int starts(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void command(char *c)
{
    char buf[256];
    int n;
    unsigned gen = pty_generation;
    control_check_vanish();
    /* A command written to a device that vanished meanwhile is lost with it: the new pty must not answer it
     * (a "> " prompt there would leave the fake collecting a PDU that never comes, deaf to the next vanish). */
    if (master_fd < 0 || gen != pty_generation)
        return;
    if (strcasecmp(c, "AT") == 0 || strcasecmp(c, "ATZ") == 0) {
        reply("OK");
    } else if (starts(c, "ATE")) {
        echo_on = c[3] != '0';
        reply("OK");
    } else if (strcasecmp(c, "ATI") == 0 || starts(c, "AT+CGMI") || starts(c, "AT+GMI")) {
        reply("loa-fake");
        reply("OK");
    } else if (starts(c, "AT+CGMM") || starts(c, "AT+GMM")) {
        reply("FAKE-1");
        reply("OK");
    } else if (starts(c, "AT+CGMR") || starts(c, "AT+GMR")) {
        reply("1.0.0");
        reply("OK");
    } else if (starts(c, "AT+CGSN") || starts(c, "AT+GSN")) {
        reply("356938035643809");
        reply("OK");
    } else if (starts(c, "AT+CPIN?")) {
        reply("+CPIN: READY");
        reply("OK");
    } else if (starts(c, "AT+CMEE") || starts(c, "AT+CFUN") || starts(c, "AT+CNMI") || starts(c, "AT+CSMS") ||
               starts(c, "AT+CSCS=\"")) {
        if (starts(c, "AT+CSMS?")) {
            reply("+CSMS: 0,1,1,1");
        } else if (starts(c, "AT+CSMS")) {
            reply("+CSMS: 1,1,1");
        } else if (starts(c, "AT+CNMI=?")) {
            reply("+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)");
        } else if (starts(c, "AT+CNMI?")) {
            reply("+CNMI: 0,0,0,0,0");
        } else if (starts(c, "AT+CFUN?")) {
            reply("+CFUN: 1");
        }
        reply("OK");
    } else if (starts(c, "AT+CSCS=?")) {
        reply("+CSCS: (\"GSM\",\"IRA\")");
        reply("OK");
    } else if (starts(c, "AT+CSCS?")) {
        reply("+CSCS: \"GSM\"");
        reply("OK");
    } else if (starts(c, "AT+CMGF=?")) {
        reply("+CMGF: (0)");
        reply("OK");
    } else if (starts(c, "AT+CMGF?")) {
        reply("+CMGF: 0");
        reply("OK");
    } else if (starts(c, "AT+CMGF=")) {
        reply(atoi(c + 8) == 0 ? "OK" : "ERROR");
    } else if (starts(c, "AT+CSCA?")) {
        reply("+CSCA: \"+84980200030\",145");
        reply("OK");
    } else if (starts(c, "AT+CPMS=?")) {
        reply("+CPMS: (\"SM\"),(\"SM\"),(\"SM\")");
        reply("OK");
    } else if (starts(c, "AT+CPMS")) {
        n = inbox_count();
        if (starts(c, "AT+CPMS?"))
            snprintf(buf, sizeof buf, "+CPMS: \"SM\",%d,%d,\"SM\",%d,%d,\"SM\",%d,%d", n, MAX_INBOX, n, MAX_INBOX, n,
                     MAX_INBOX);
        else
            snprintf(buf, sizeof buf, "+CPMS: %d,%d,%d,%d,%d,%d", n, MAX_INBOX, n, MAX_INBOX, n, MAX_INBOX);
        reply(buf);
        reply("OK");
    } else if (starts(c, "AT+CMGS=")) {
        cmd_cmgs();
    } else if (starts(c, "AT+CMGL")) {
        cmd_cmgl();
    } else if (starts(c, "AT+CMGR=")) {
        cmd_cmgr(atoi(c + 8));
    } else if (starts(c, "AT+CMGD=")) {
        cmd_cmgd(atoi(c + 8));
    } else if (starts(c, "AT+CCLK?")) {
        cmd_cclk();
    } else if (starts(c, "AT+CUSD=?")) {
        reply("+CUSD: (0-2)");
        reply("OK");
    } else if (starts(c, "AT+CUSD=")) {
        reply("OK");
        if (strchr(c, '"'))   /* a request, not just enabling result codes */
            reply("+CUSD: 0,\"TK chinh: 25000d, HSD 31/12/2026\",15");
    } else if (starts(c, "AT+CSQ")) {
        reply("+CSQ: 20,99");
        reply("OK");
    } else {
        reply("ERROR");
    }
}

/* Feeds bytes the host wrote. */
static void feed(const char *buf, size_t n)
{
    unsigned gen = pty_generation;
    for (size_t i = 0; i < n && master_fd >= 0 && gen == pty_generation; i++) {
        char ch = buf[i];
        if (in_pdu) {
            if (echo_on && ch != 0x1a && ch != 0x1b) {
                char one[2] = { ch, '\0' };
                out(one);
            }
            if (ch == 0x1a) {            /* Ctrl-Z: submit */
                line[line_len] = '\0';
                in_pdu = 0;
                pdu_done(line);
                line_len = 0;
            } else if (ch == 0x1b) {     /* ESC: abandon */
                in_pdu = 0;
                line_len = 0;
                reply("OK");
            } else if (ch != '\r' && ch != '\n' && line_len + 1 < sizeof line) {
                line[line_len++] = ch;
            }
            continue;
        }
        if (ch == '\r') {
            line[line_len] = '\0';
            if (echo_on) {
                out(line);
                out("\r");
            }
            /* Gammu sends ESC first to leave any SMS prompt; drop it and anything before it */
            char *c = line;
            char *esc = strrchr(c, 0x1b);
            if (esc)
                c = esc + 1;
            while (*c == ' ')
                c++;
            if (*c)
                command(c);
            line_len = 0;
        } else if (ch == '\n') {
            continue;
        } else if (line_len + 1 < sizeof line) {
            line[line_len++] = ch;
        }
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: fakemodem --link PATH [--log FILE] [--control FILE] [--inbox DIR] [--ref-start N]\n"
                    "                 [--clock TEXT] [--seed N] [--cms-rate R] [--silence-rate R]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(a, "--link") == 0) link_path = v;
        else if (strcmp(a, "--log") == 0) log_path = v;
        else if (strcmp(a, "--control") == 0) control_path = v;
        else if (strcmp(a, "--inbox") == 0) inbox_dir = v;
        else if (strcmp(a, "--clock") == 0) clock_text = v;
        else if (strcmp(a, "--ref-start") == 0) next_mr = atoi(v) & 0xff;
        else if (strcmp(a, "--seed") == 0) rng_state = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(a, "--cms-rate") == 0) cms_rate = atof(v);
        else if (strcmp(a, "--silence-rate") == 0) silence_rate = atof(v);
        else usage();
    }
    if (!link_path)
        usage();
    /* The network's time: the test scenario's clock (LOA_NOW, local time) when set, as loa's. */
    clock_real = clock_start = time(NULL);
    const char *now = getenv("LOA_NOW");
    if (now && *now && util_parse_datetime(now, &clock_start) < 0) {
        fprintf(stderr, "fakemodem: LOA_NOW '%s' is not \"YYYY-MM-DD HH:MM\"\n", now);
        return 1;
    }
    if (log_path) {
        log_fp = fopen(log_path, "a");
        if (!log_fp) {
            perror(log_path);
            return 1;
        }
    }

    sigset_t block, empty;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&empty);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Watch the control file's folder so "vanish" acts while idle. */
    int ino = -1;
    char *ctl_base = NULL;
    if (control_path) {
        ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        char *dir = strdup(control_path);
        char *slash = strrchr(dir, '/');
        ctl_base = strdup(slash ? slash + 1 : control_path);
        if (slash)
            *slash = '\0';
        else
            strcpy(dir, ".");
        if (ino >= 0 && inotify_add_watch(ino, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
            close(ino);
            ino = -1;
        }
        free(dir);
    }

    if (pty_up() != 0)
        return 1;
    logf_("READY");

    while (!stop_flag) {
        struct pollfd p[2];
        int np = 0;
        p[np].fd = master_fd;
        p[np++].events = POLLIN;
        if (ino >= 0) {
            p[np].fd = ino;
            p[np++].events = POLLIN;
        }
        int r = ppoll(p, (nfds_t)np, NULL, &empty);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("fakemodem: ppoll");
            break;
        }
        if (ino >= 0 && (p[np - 1].revents & POLLIN)) {
            char ev[4096];
            ssize_t k;
            int hit = 0;
            while ((k = read(ino, ev, sizeof ev)) > 0) {
                for (char *q = ev; q < ev + k;) {
                    struct inotify_event *ie = (struct inotify_event *)q;
                    if (ie->len && strcmp(ie->name, ctl_base) == 0)
                        hit = 1;
                    q += sizeof *ie + ie->len;
                }
            }
            if (hit && !in_pdu)
                control_check_vanish();
        }
        if (master_fd >= 0 && (p[0].revents & POLLIN)) {
            char buf[4096];
            ssize_t k = read(master_fd, buf, sizeof buf);
            if (k > 0)
                feed(buf, (size_t)k);
        }
    }
    pty_down();
    if (ino >= 0)
        close(ino);
    free(ctl_base);
    for (int i = 0; i < MAX_INBOX; i++)
        free(inbox_names[i]);
    if (log_fp) {
        logf_("EXIT");
        fclose(log_fp);
    }
    return 0;
}
