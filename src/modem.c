/* modem — everything libGammu: connect, send multipart SMS, read and delete inbox parts, USSD, clock.
 *
 * Sections: error translation; encoding (UTF-8 -> Gammu parts with loa's concatenation reference);
 * open/close; send (waiting for the send-status callback); inbox; clock and USSD.
 *
 * Gammu facts this file relies on (checked against Gammu 1.42, see docs/modem.md):
 * - GSM_InitConnection resets the user callbacks, so they are set after it.
 * - With the AT driver GSM_SendSMS returns as soon as the PDU and Ctrl-Z are written; the network's answer
 *   (+CMGS: <mr> or +CMS ERROR: <n>) arrives later through the send-status callback, driven by GSM_ReadDevice.
 *   The dummy phone calls the callback inside GSM_SendSMS.
 * - GSM_ReadDevice(s, TRUE) waits for data at most until the wall-clock second changes.
 * - DecodeUTF8/EncodeUTF8 do not depend on the locale (EncodeUnicode/DecodeUnicodeString do).
 * - The AT driver's GSM_SendSMS (ATGEN_SendSMS) waits for the "> " prompt to AT+CMGS, logs "Sending SMS", writes
 *   the PDU, waits 0.5 s, then writes Ctrl-Z, which alone commits the modem to sending (3GPP TS 27.005 3.5.1;
 *   ESC abandons the PDU, and Gammu's AT initialisation writes ESC first). Each write is logged ("SENDING frame
 *   type 0x00/length 0x01/1" and a hex dump "1A") before it is made, through the state machine's debug
 *   function: that is where loa learns, synchronously, that a part is about to go (see on_debug).
 */
#include "modem.h"

#include <ctype.h>
#include <errno.h>
#include <gammu.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "note.h"
#include "transport.h"
#include "util.h"
#include "vntext.h"

struct modem {
    GSM_StateMachine *sm;
    char *name;
    int reply_timeout_ms;
    int broken;              /* a DOWN or UNKNOWN happened: the connection is not trusted any more */
    int no_network_time;     /* the dummy phone: its "network" clock is this box's own */
    char *dummy_dir;         /* the dummy phone's folder (its messages are files there), else NULL */
    GSM_SMSC smsc;           /* the SMSC every part is sent through */
    /* set by the send-status callback */
    int st_done;
    int st_status;           /* 0 accepted, > 0 a CMS/CME error code, -1 a plain ERROR or an unreadable answer */
    int st_ref;
    /* libGammu's debug output: the file the configuration asks for, and the watch for a part's Ctrl-Z */
    FILE *debug_fp;          /* sms.modems.debug_file, else NULL */
    int dated;               /* each debug line starts with a time stamp ("Wed 2026/12/02 07:30:00: ") */
    int tells;               /* the AT driver on a serial line: the watch below sees every Ctrl-Z before it goes */
    int watch;               /* 0 idle; 1 "Sending SMS" seen; 2 the PDU's frame; 3 a one-byte frame: its dump next */
    int fired;               /* the current part's Ctrl-Z was reported */
    char dline[160];         /* the debug line being gathered (longer lines are cut: only their start matters) */
    size_t dlen;
    modem_written_cb written_cb;   /* the current send's */
    void *written_ud;
    int written_part;
    /* set by the USSD callback */
    int ussd_done;
    int ussd_status;
    char ussd_text[GSM_MAX_USSD_LENGTH * 4 + 1];
};

/* ---- error translation ----------------------------------------------------------------------------------- */

static const volatile int *stop_flag;

void modem_set_stop_flag(const volatile int *flag)
{
    stop_flag = flag;
}

const char *modem_rc_name(int rc)
{
    switch (rc) {
    case MODEM_OK: return "ok";
    case MODEM_RETRY: return "retry";
    case MODEM_PERMANENT: return "permanent";
    case MODEM_UNKNOWN: return "unknown";
    case MODEM_DOWN: return "down";
    case MODEM_STOPPED: return "stopped";
    default: return "invalid";
    }
}

/*
 * +CMS ERROR codes: 1..127 are RP causes (3GPP TS 24.011 table 8.4), 128..255 TP-FCS values (TS 23.040 9.2.3.22),
 * 300..500 errors of the ME itself (TS 27.005 3.2.5). Only causes that say the destination or the subscription
 * is wrong are permanent; everything else (network out of order, congestion, no service, SIM busy, unknown…) is
 * worth another try later, and the caller's attempt limit bounds it.
 */
int modem_cms_class(int code)
{
    switch (code) {
    case 1:    /* unassigned (unallocated) number */
    case 8:    /* operator determined barring */
    case 10:   /* call barred */
    case 21:   /* short message transfer rejected */
    case 28:   /* unidentified subscriber */
    case 29:   /* facility rejected */
    case 30:   /* unknown subscriber */
    case 50:   /* requested facility not subscribed */
    case 69:   /* requested facility not implemented */
    case 96:   /* invalid mandatory information (a malformed destination) */
    case 193:  /* 0xC1 no SC subscription */
    case 195:  /* 0xC3 invalid SME address */
    case 196:  /* 0xC4 destination SME barred */
    case 304:  /* invalid PDU mode parameter: this PDU will never be taken */
        return MODEM_PERMANENT;
    case 197:  /* 0xC5 SM rejected, duplicate SM: the SC already has it */
        return MODEM_UNKNOWN;
    default:
        return MODEM_RETRY;
    }
}

static int is_device_error(GSM_Error e)
{
    switch (e) {
    case ERR_DEVICEOPENERROR:
    case ERR_DEVICELOCKED:
    case ERR_DEVICENOTEXIST:
    case ERR_DEVICEBUSY:
    case ERR_DEVICENOPERMISSION:
    case ERR_DEVICENODRIVER:
    case ERR_DEVICENOTWORK:
    case ERR_DEVICEDTRRTSERROR:
    case ERR_DEVICECHANGESPEEDERROR:
    case ERR_DEVICEWRITEERROR:
    case ERR_DEVICEREADERROR:
    case ERR_DEVICEPARITYERROR:
    case ERR_NOTCONNECTED:
        return 1;
    default:
        return 0;
    }
}

/* A GSM_Error from a call that failed before anything reached the network. */
static int rc_from_gsm(GSM_Error e)
{
    if (e == ERR_NONE)
        return MODEM_OK;
    if (is_device_error(e))
        return MODEM_DOWN;
    return MODEM_RETRY;
}

/* ---- encoding --------------------------------------------------------------------------------------------- */

/* Set the 8-bit concatenation reference of an encoded part (information element 0x00 in its UDH). */
static void set_concat_ref(GSM_SMSMessage *sms, int ref)
{
    if (sms->UDH.Type == UDH_NoUDH || sms->UDH.Length < 2)
        return;
    int end = sms->UDH.Length;  /* Text[0] is the UDH length, then IEI, IEDL, data… */
    for (int i = 1; i + 1 < end;) {
        int iei = sms->UDH.Text[i], len = sms->UDH.Text[i + 1];
        if (iei == 0x00 && len == 3 && i + 2 < end)
            sms->UDH.Text[i + 2] = (unsigned char)ref;
        i += 2 + len;
    }
    sms->UDH.ID8bit = ref;
}

/* Encode MSG into parts (without SMSC or number). 0 or -1 + err. */
static int encode(const struct modem_msg *msg, GSM_MultiSMSMessage *out, char *err)
{
    if (!msg->text || !vntext_valid_utf8(msg->text, strlen(msg->text)))
        return util_err(err, NOTE_BAD_UTF8);
    if (msg->concat_ref < 0 || msg->concat_ref > 255)
        return util_err(err, "concatenation reference %d is not in 0..255", msg->concat_ref);
    /* Gammu's UCS-2 encoder (EncodeUnicodeSpecialNOKIAChars) reads '~' as an escape: "~x" goes on
     * the air as U+0001 'x', "~~" as one '~'. Doubled here, a '~' reaches the resident as itself. */
    sbuf esc = {0};
    for (const char *p = msg->text; *p; p++) {
        if (*p == '~' && msg->ucs2) sbuf_addc(&esc, '~');
        sbuf_addc(&esc, *p);
    }
    size_t n = esc.len;
    /* UTF-16 never needs more units than UTF-8 has bytes; +2 for Gammu's two-byte terminator */
    unsigned char *ucs = xcalloc(2 * n + 4, 1);
    DecodeUTF8(ucs, sbuf_str(&esc), n);
    sbuf_free(&esc);

    GSM_MultiPartSMSInfo info;
    GSM_ClearMultiPartSMSInfo(&info);
    info.EntriesNum = 1;
    info.UnicodeCoding = msg->ucs2 ? TRUE : FALSE;
    info.Class = -1;
    info.Entries[0].ID = SMS_ConcatenatedTextLong;
    info.Entries[0].Buffer = ucs;
    memset(out, 0, sizeof *out);
    GSM_Error e = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), &info, out);
    info.Entries[0].Buffer = NULL;
    free(ucs);
    if (e != ERR_NONE || out->Number < 1)
        return util_err(err, NOTE_ENCODE, e != ERR_NONE ? GSM_ErrorString(e) : "no parts");
    for (int i = 0; i < out->Number; i++)
        set_concat_ref(&out->SMS[i], msg->concat_ref);
    return 0;
}

int modem_count_parts(const struct modem_msg *msg, int *parts, char *err)
{
    GSM_MultiSMSMessage *sms = xmalloc(sizeof *sms);
    int rc = encode(msg, sms, err);
    if (rc == 0)
        *parts = sms->Number;
    free(sms);
    return rc;
}

int modem_split(const struct modem_msg *msg, struct modem_part **out, char *err)
{
    GSM_MultiSMSMessage *sms = xmalloc(sizeof *sms);
    *out = NULL;
    if (encode(msg, sms, err) < 0) return free(sms), -1;
    struct modem_part *p = xcalloc((size_t)sms->Number, sizeof *p);
    for (int i = 0; i < sms->Number; i++) {
        const GSM_SMSMessage *s = &sms->SMS[i];
        if (s->UDH.Type != UDH_NoUDH && s->UDH.Length > 0) {
            p[i].udh_len = s->UDH.Length < (int)sizeof p[i].udh ? s->UDH.Length : (int)sizeof p[i].udh;
            memcpy(p[i].udh, s->UDH.Text, (size_t)p[i].udh_len);
        }
        EncodeUTF8(p[i].text, s->Text);
    }
    int n = sms->Number;
    free(sms);
    *out = p;
    return n;
}

/* ---- open / close ----------------------------------------------------------------------------------------- */

static void on_send_status(GSM_StateMachine *sm, int status, int ref, void *ud)
{
    (void)sm;
    modem *m = ud;
    m->st_done = 1;
    m->st_status = status;
    m->st_ref = ref;
}

/* One whole line of libGammu's debug output (time stamp skipped): the steps of ATGEN_SendSMS up to the write of
 * Ctrl-Z, which is reported before it is made. Any other sequence resets the watch; a send whose Ctrl-Z went
 * unseen is caught in send_part. */
static void debug_line(modem *m, const char *p)
{
    static const char frame[] = "SENDING frame ", ctrl_z[] = "SENDING frame type 0x00/length 0x01/1";
    if (m->dated) {
        const char *c = strstr(p, ": ");
        if (c) p = c + 2;
    }
    if (strstr(p, "Sending SMS")) {
        m->watch = 1;
        return;
    }
    switch (m->watch) {
    case 1:   /* the PDU itself */
        if (!strncmp(p, frame, sizeof frame - 1)) m->watch = 2;
        return;
    case 2:   /* the PDU's hex dump, then the next frame: Ctrl-Z, one byte */
        if (!strncmp(p, frame, sizeof frame - 1)) m->watch = strncmp(p, ctrl_z, sizeof ctrl_z - 1) ? 0 : 3;
        return;
    case 3:
        m->watch = 0;
        if (strncmp(p, "1A ", 3)) return;
        m->fired = 1;
        if (m->written_cb) m->written_cb(m->written_ud, m->written_part);
        return;
    default:
        return;
    }
}

/* libGammu's debug function (it replaces Gammu's own debug file: written here when configured). Called
 * synchronously from inside GSM_* calls, with pieces of lines; a piece "\n" ends a line. */
static void on_debug(const char *text, void *ud)
{
    modem *m = ud;
    if (m->debug_fp) {
        fputs(text, m->debug_fp);
        if (strchr(text, '\n')) fflush(m->debug_fp);
    }
    if (!m->tells) return;
    for (const char *c = text; *c; c++) {
        if (*c != '\n') {
            if (m->dlen + 1 < sizeof m->dline) m->dline[m->dlen++] = *c;
            continue;
        }
        m->dline[m->dlen] = '\0';
        m->dlen = 0;
        debug_line(m, m->dline);
    }
}

int modem_tells_written(const modem *m)
{
    return m->tells;
}

static void on_ussd(GSM_StateMachine *sm, GSM_USSDMessage *ussd, void *ud)
{
    (void)sm;
    modem *m = ud;
    m->ussd_status = ussd->Status;
    EncodeUTF8(m->ussd_text, ussd->Text);
    m->ussd_done = 1;
}

modem *modem_open(const struct modem_conf *conf, char *err)
{
    if (!conf || !conf->device || !conf->connection) {
        util_err(err, "modem: device and connection are required");
        return NULL;
    }
    modem *m = xcalloc(1, sizeof *m);
    m->name = xstrdup(conf->name ? conf->name : "modem");
    m->reply_timeout_ms = conf->reply_timeout_ms > 0 ? conf->reply_timeout_ms
                                                     : (int)config_default_long("sms.modems.reply_timeout") * 1000;
    m->sm = GSM_AllocStateMachine();
    if (!m->sm) {
        util_err(err, "%s: cannot allocate Gammu state machine", m->name);
        modem_close(m);
        return NULL;
    }
    GSM_Config *cfg = GSM_GetConfig(m->sm, 0);
    GSM_ReadConfig(NULL, cfg, 0);   /* Gammu's defaults (it says ERR_USING_DEFAULTS) */
    free(cfg->Device);
    free(cfg->Connection);
    free(cfg->DebugFile);
    cfg->Device = xstrdup(conf->device);
    cfg->Connection = xstrdup(conf->connection);
    cfg->DebugFile = NULL;   /* on_debug writes conf->debug_file: a debug function replaces Gammu's file */
    snprintf(cfg->Model, sizeof cfg->Model, "%s", conf->model ? conf->model : "");
    m->no_network_time = conf->model && !strcmp(conf->model, "dummy");
    m->dummy_dir = m->no_network_time && conf->device ? xstrdup(conf->device) : NULL;
    /* "at", "at19200", …: the AT driver on a serial line (Bluetooth and IrDA links skip the ESC at start-up) */
    m->tells = !m->no_network_time && !strncasecmp(conf->connection, "at", 2) && strspn(conf->connection + 2, "0123456789") ==
               strlen(conf->connection + 2);
    m->dated = conf->debug_file != NULL;
    snprintf(cfg->DebugLevel, sizeof cfg->DebugLevel, "%s", conf->debug_file ? "textalldate" : m->tells ? "text" : "");
    if (conf->debug_file && !(m->debug_fp = fopen(conf->debug_file, "w"))) {
        util_err(err, "%s: cannot open the debug file %s: %s", m->name, conf->debug_file, strerror(errno));
        modem_close(m);
        return NULL;
    }
    cfg->UseGlobalDebugFile = FALSE;
    cfg->LockDevice = FALSE;
    cfg->StartInfo = FALSE;
    cfg->SyncTime = FALSE;
    GSM_SetConfigNum(m->sm, 1);

    GSM_Error e = GSM_InitConnection_Log(m->sm, 1, on_debug, m);
    if (e != ERR_NONE) {
        util_err(err, NOTE_CONNECT, m->name, conf->device, conf->connection,
                 GSM_ErrorString(e));
        modem_close(m);
        return NULL;
    }
    /* after GSM_InitConnection, which resets them */
    GSM_SetSendSMSStatusCallback(m->sm, on_send_status, m);
    GSM_SetIncomingUSSDCallback(m->sm, on_ussd, m);

    m->smsc.Location = 1;
    e = GSM_GetSMSC(m->sm, &m->smsc);
    if (e != ERR_NONE || UnicodeLength(m->smsc.Number) == 0) {
        util_err(err, NOTE_SMSC, m->name,
                 e != ERR_NONE ? GSM_ErrorString(e) : "empty");
        modem_close(m);
        return NULL;
    }
    char smsc[GSM_MAX_NUMBER_LENGTH * 4 + 1];
    EncodeUTF8(smsc, m->smsc.Number);
    log_info("%s: connected to %s, SMSC %s", m->name, conf->device, smsc);
    return m;
}

void modem_close(modem *m)
{
    if (!m)
        return;
    if (m->sm) {
        if (GSM_IsConnected(m->sm))
            GSM_TerminateConnection(m->sm);
        GSM_FreeStateMachine(m->sm);
    }
    if (m->debug_fp) fclose(m->debug_fp);
    free(m->name);
    free(m->dummy_dir);
    free(m);
}

/* ---- send ------------------------------------------------------------------------------------------------- */

/* Reads from the device until the send-status callback fired or the reply timeout passed.
 * 1 answered, 0 timed out, -1 the device failed. */
static int wait_status(modem *m)
{
    int64_t deadline = util_mono_ms() + m->reply_timeout_ms;
    while (!m->st_done) {
        if (GSM_ReadDevice(m->sm, TRUE) < 0 && !m->st_done)
            return -1;
        if (util_mono_ms() >= deadline && !m->st_done)
            return 0;
    }
    return 1;
}

/* Classify a send-status code from the callback. */
static int rc_from_status(int status)
{
    if (status == 0)
        return MODEM_OK;
    if (status > 0)
        return modem_cms_class(status);
    return MODEM_RETRY;   /* plain ERROR: the modem refused it */
}

/* 0 when a harmless request fails with a device error. */
static int device_alive(modem *m)
{
    GSM_SignalQuality q;
    return !is_device_error(GSM_GetSignalQuality(m->sm, &q));
}

static int send_part(modem *m, GSM_SMSMessage *sms, int *ref, char *err)
{
    m->st_done = 0;
    m->st_status = -1;
    m->st_ref = -1;
    m->watch = 0;
    m->fired = 0;
    GSM_Error e = GSM_SendSMS(m->sm, sms);
    if (m->tells && e == ERR_NONE && !m->fired) {
        /* Ctrl-Z went (GSM_SendSMS says so) and the debug output did not show it: another libGammu, worded
         * otherwise. Reported late, and never again trusted on this connection: its claims record no watch. */
        log_error("%s: libGammu's debug output did not show the message going to the modem; a crash while sending "
                  "now leaves the message unknown", m->name);
        m->tells = 0;
        if (m->written_cb) m->written_cb(m->written_ud, m->written_part);
    }
    if (e != ERR_NONE) {
        /* Nothing reached the network: the AT driver returns before Ctrl-Z is written, or on a write error.
         * A +CMS/+CME error to AT+CMGS itself also came through the callback: its code is the better reason. */
        int rc = m->st_done && m->st_status > 0 ? modem_cms_class(m->st_status) : rc_from_gsm(e);
        if (rc == MODEM_UNKNOWN)
            rc = MODEM_RETRY;
        /* Gammu hides some device failures: the first send on a connection sets the SMS mode, and a write error
         * there comes back as ERR_BUG ("SMS mode not set"). A harmless command (AT+CSQ) tells whether the device
         * is still there: writing to a vanished one fails at once. */
        if (rc == MODEM_RETRY && !device_alive(m))
            rc = MODEM_DOWN;
        if (m->st_done && m->st_status > 0)
            util_err(err, NOTE_CMS_REFUSED, m->name, m->st_status, GSM_ErrorString(e));
        else
            util_err(err, NOTE_SEND_FAILED, m->name, GSM_ErrorString(e));
        if (rc == MODEM_DOWN)
            m->broken = 1;
        return rc;
    }
    int w = wait_status(m);
    if (w == 0) {
        m->broken = 1;
        return util_err(err, NOTE_NO_ANSWER, m->name,
                        m->reply_timeout_ms),
               MODEM_UNKNOWN;
    }
    if (w < 0) {
        m->broken = 1;
        return util_err(err, NOTE_LOST_AFTER, m->name), MODEM_UNKNOWN;
    }
    int rc = rc_from_status(m->st_status);
    if (rc != MODEM_OK) {
        if (m->st_status > 0)
            util_err(err, NOTE_NET_REFUSED, m->name, m->st_status);
        else
            util_err(err, NOTE_ERROR, m->name);
        return rc;
    }
    *ref = m->st_ref;
    return MODEM_OK;
}

int modem_send(modem *m, const struct modem_msg *msg, int first_part, modem_part_cb on_part, void *ud, char *err)
{
    if (m->broken)
        return util_err(err, NOTE_LOST_EARLIER, m->name), MODEM_DOWN;
    if (!msg->number || !*msg->number || strlen(msg->number) >= GSM_MAX_NUMBER_LENGTH)
        return util_err(err, NOTE_BAD_NUMBER, m->name), MODEM_PERMANENT;
    GSM_MultiSMSMessage *parts = xmalloc(sizeof *parts);
    if (encode(msg, parts, err) != 0) {
        free(parts);
        return MODEM_PERMANENT;
    }
    if (first_part < 0 || first_part > parts->Number) {
        util_err(err, "%s: first part %d outside 0..%d", m->name, first_part, parts->Number);
        free(parts);
        return MODEM_PERMANENT;
    }
    int rc = MODEM_OK;
    for (int i = first_part; i < parts->Number; i++) {
        if (i > first_part && stop_flag && *stop_flag) {
            util_err(err, NOTE_STOPPED, m->name, i, parts->Number);
            rc = MODEM_STOPPED;
            break;
        }
        GSM_SMSMessage *sms = &parts->SMS[i];
        sms->SMSC = m->smsc;
        sms->SMSC.Location = 0;
        DecodeUTF8(sms->Number, msg->number, strlen(msg->number));
        /* Gammu sets TP-SRR when the PDU type says a status report is wanted */
        sms->PDU = msg->request_report ? SMS_Status_Report : SMS_Submit;
        int ref = -1;
        m->written_cb = msg->written;
        m->written_ud = ud;
        m->written_part = i;
        rc = send_part(m, sms, &ref, err);
        m->written_cb = NULL;
        if (rc != MODEM_OK) {
            log_warn("%s: %s part %d/%d: %s", m->name, log_phone(msg->number), i + 1, parts->Number,
                     modem_rc_name(rc));
            break;
        }
        log_debug("%s: %s part %d/%d accepted, ref %d", m->name, log_phone(msg->number), i + 1, parts->Number, ref);
        if (on_part)
            on_part(ud, i, ref);
    }
    free(parts);
    return rc;
}

/* ---- inbox ------------------------------------------------------------------------------------------------ */

/* UTC seconds of a Gammu date-time that carries its zone offset; 0 when unset. */
static time_t gsm_time_utc(const GSM_DateTime *dt)
{
    if (dt->Year == 0 || !util_valid_date(dt->Year, dt->Month, dt->Day))
        return 0;
    long days = util_days_from_civil(dt->Year, dt->Month, dt->Day);
    return (time_t)days * 86400 + dt->Hour * 3600 + dt->Minute * 60 + dt->Second - dt->Timezone;
}

static void hex_add(sbuf *b, const unsigned char *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        sbuf_addc(b, digits[p[i] >> 4]);
        sbuf_addc(b, digits[p[i] & 15]);
    }
}

static void to_utf8(char *dst, size_t n, const unsigned char *ucs)
{
    char *tmp = xmalloc(UnicodeLength(ucs) * 4 + 1);
    EncodeUTF8(tmp, ucs);
    snprintf(dst, n, "%s", tmp);
    free(tmp);
}

/* Gammu's UCS-2 decoder escapes like its encoder: a '~' on the air is "~~" in its buffer, and U+0001
 * is '~' (its GSM-7 decoder does not: UCS2 0). The N units of U as they were on the air (N updated);
 * caller frees. */
static unsigned char *unescape_units(const unsigned char *u, size_t *n, int ucs2)
{
    unsigned char *out = xmalloc(*n * 2 + 2);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++, k++) {
        int tilde = ucs2 && u[2 * i] == 0 && u[2 * i + 1] == '~';
        if (tilde && i + 1 < *n && u[2 * i + 2] == 0 && u[2 * i + 3] == '~') i++;
        else if (tilde) { out[2 * k] = 0; out[2 * k + 1] = 1; continue; }
        out[2 * k] = u[2 * i];
        out[2 * k + 1] = u[2 * i + 1];
    }
    *n = k;
    return out;
}

/* The dummy phone hands over at most one SMS's worth of a message file's text (160 characters),
 * and the part is then deleted: the whole text is read from the file itself (its TextNN lines, UCS-2
 * in hex). The units, malloc'd, with their number in *N; NULL when the file says no more. */
static unsigned char *dummy_whole_text(const modem *m, const GSM_SMSMessage *s, size_t *n)
{
    /* the dummy numbers a message 10000 * folder + its file's number (libGammu's DUMMY_MAX_SMS) */
    int folder = s->Folder ? s->Folder : s->Location / 10000;
    char *path = xasprintf("%s/sms/%d/%d", m->dummy_dir, folder, s->Location % 10000);
    FILE *fp = fopen(path, "r");
    free(path);
    if (!fp) return NULL;
    sbuf u = {0};
    char line[4096];
    int nn;
    while (fgets(line, sizeof line, fp)) {
        char *hex;
        if (sscanf(line, "Text%d", &nn) != 1 || !(hex = strchr(line, '='))) continue;
        for (hex++; *hex == ' '; hex++) {}
        for (; isxdigit((unsigned char)hex[0]) && isxdigit((unsigned char)hex[1]); hex += 2) {
            char byte[3] = {hex[0], hex[1], '\0'};
            sbuf_addc(&u, (char)strtol(byte, NULL, 16));
        }
    }
    fclose(fp);
    *n = u.len / 2;
    if (*n <= UnicodeLength(s->Text)) {
        sbuf_free(&u);
        return NULL;
    }
    return (unsigned char *)sbuf_detach(&u);
}

/* Calls CB for one stored part; returns its answer. */
static int deliver_part(const modem *m, GSM_SMSMessage *s, modem_inbox_cb cb, void *ud)
{
    struct modem_inpart p;
    memset(&p, 0, sizeof p);
    p.location = s->Location;
    p.folder = s->Folder;
    to_utf8(p.sender, sizeof p.sender, s->Number);
    p.smsc_time = gsm_time_utc(&s->SMSCTime);
    char *text = NULL;
    sbuf raw = { 0 };
    if (s->UDH.Type != UDH_NoUDH && s->UDH.Length > 0)
        hex_add(&raw, s->UDH.Text, (size_t)s->UDH.Length);
    if (s->PDU == SMS_Status_Report) {
        p.is_report = 1;
        p.report_ref = s->MessageReference;
        /* TP-ST: 0x00..0x1F completed, 0x20..0x3F still trying, 0x40.. failed for good */
        p.report_delivered = s->DeliveryStatus < 0x20 ? 1 : s->DeliveryStatus < 0x40 ? -1 : 0;
        p.report_time = gsm_time_utc(&s->DateTime);
        to_utf8(p.report_recipient, sizeof p.report_recipient, s->Number);
        p.smsc_time = gsm_time_utc(&s->SMSCTime);
    } else {
        p.smsc_time = gsm_time_utc(&s->DateTime);
        if (s->Coding == SMS_Coding_8bit) {
            p.coding = 2;
            hex_add(&raw, s->Text, (size_t)s->Length);
        } else {
            p.coding = s->Coding == SMS_Coding_Default_No_Compression ? 0 : 1;
            /* UCS-2: Length units, not up to the first U+0000 (GSM-7 has no NUL: its 0x00 is '@', and
             * there Length counts septets): a NUL or a lone surrogate neither cuts nor breaks the text */
            size_t units = 0, max = sizeof s->Text / 2 - 1;
            unsigned char *u = m->dummy_dir ? dummy_whole_text(m, s, &units) : NULL;
            if (!u) {
                units = UnicodeLength(s->Text);
                if (p.coding == 1 && s->Length > 0 && (size_t)s->Length > units)
                    units = (size_t)s->Length < max ? (size_t)s->Length : max;
                u = unescape_units(s->Text, &units, p.coding == 1);
            }
            text = vntext_from_utf16be(u, units);
            hex_add(&raw, u, units * 2);
            free(u);
        }
        if (s->UDH.Type != UDH_NoUDH && s->UDH.AllParts > 0 && s->UDH.PartNumber > 0) {
            p.concat_ref = s->UDH.ID8bit != -1 ? s->UDH.ID8bit : s->UDH.ID16bit;
            p.concat_part = s->UDH.PartNumber;
            p.concat_total = s->UDH.AllParts;
        }
    }
    p.text = text;
    p.raw_hex = sbuf_str(&raw);
    int keep = cb(ud, &p);
    free(text);
    sbuf_free(&raw);
    return keep;
}

/* A stored message Gammu could not decode: handed over as unreadable (coding 3, no text) with what
 * Gammu could tell of it, so that it is recorded for the officer and then removed from the modem. */
static int deliver_unreadable(GSM_SMSMessage *s, modem_inbox_cb cb, void *ud)
{
    struct modem_inpart p;
    memset(&p, 0, sizeof p);
    p.location = s->Location;
    p.folder = s->Folder;
    p.unreadable = 1;
    p.coding = 3;
    if (UnicodeLength(s->Number) > 0) to_utf8(p.sender, sizeof p.sender, s->Number);
    else snprintf(p.sender, sizeof p.sender, "?");
    p.smsc_time = gsm_time_utc(&s->DateTime);
    sbuf raw = { 0 };
    if (s->Coding == SMS_Coding_8bit && s->Length > 0 && (size_t)s->Length <= sizeof s->Text)
        hex_add(&raw, s->Text, (size_t)s->Length);
    p.raw_hex = raw.len ? sbuf_str(&raw) : NULL;
    int keep = cb(ud, &p);
    sbuf_free(&raw);
    return keep;
}

/* A walk of the modem's folders stops here even if the modem goes on answering: a runaway guard. */
#define MAX_STORED 10000

int modem_read_inbox(modem *m, modem_inbox_cb cb, void *ud, char *err)
{
    if (m->broken)
        return util_err(err, NOTE_LOST_EARLIER, m->name), MODEM_DOWN;
    /* Collect first, then hand over and delete: deleting while Gammu walks its list is not safe on every driver. */
    size_t n = 0, cap = 0;
    GSM_SMSMessage *all = NULL;
    char *unreadable = NULL;   /* all[i] could not be decoded */
    GSM_MultiSMSMessage *batch = xmalloc(sizeof *batch);
    memset(batch, 0, sizeof *batch);
    GSM_Error e;
    int start = 1, last_location = -1;
    for (;;) {
        e = GSM_GetNextSMS(m->sm, batch, start ? TRUE : FALSE);
        start = 0;
        int undecodable = e == ERR_CORRUPTED || e == ERR_UNKNOWN || e == ERR_NOTIMPLEMENTED ||
                          e == ERR_FILENOTSUPPORTED;
        if (undecodable && batch->SMS[0].Location == last_location) {
            /* stuck at one location: what was read so far is handed over, the rest waits for the next poll */
            log_warn("%s: the walk of the inbox stopped at %d/%d (%s)", m->name, batch->SMS[0].Folder,
                     batch->SMS[0].Location, GSM_ErrorString(e));
            e = ERR_EMPTY;
            break;
        }
        if (e != ERR_NONE && !undecodable)
            break;
        if (n + GSM_MAX_MULTI_SMS > MAX_STORED) {
            e = ERR_EMPTY;
            break;
        }
        int got = undecodable ? 1 : batch->Number;
        if (undecodable) {
            /* Any number of stored messages Gammu cannot decode must not keep the others on the modem:
             * the walk goes on after the location it failed at. */
            log_warn("%s: the message stored at %d/%d cannot be decoded (%s): recorded as unreadable", m->name,
                     batch->SMS[0].Folder, batch->SMS[0].Location, GSM_ErrorString(e));
        }
        last_location = batch->SMS[0].Location;
        for (int i = 0; i < got; i++) {
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                all = xrealloc(all, cap * sizeof *all);
                unreadable = xrealloc(unreadable, cap);
            }
            unreadable[n] = (char)undecodable;
            all[n] = batch->SMS[i];
            /* Gammu leaves the folder unset when decoding failed: the walk is of the inbox, folder 1 */
            if (undecodable && all[n].Folder == 0) all[n].Folder = 1;
            n++;
        }
    }
    free(batch);
    if (e != ERR_EMPTY) {
        free(all);
        free(unreadable);
        int rc = rc_from_gsm(e);
        if (rc == MODEM_DOWN)
            m->broken = 1;
        return util_err(err, NOTE_INBOX_FAILED, m->name, GSM_ErrorString(e)), rc;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        /* deleted only once the callback stored it (DESIGN rule 1), readable or not */
        if ((unreadable[i] ? deliver_unreadable(&all[i], cb, ud) : deliver_part(m, &all[i], cb, ud)) != 0)
            continue;
        e = GSM_DeleteSMS(m->sm, &all[i]);
        if (e != ERR_NONE) {
            /* stored by the caller already; it will see the part again and must recognise it */
            log_warn("%s: cannot delete inbox part at %d/%d: %s", m->name, all[i].Folder, all[i].Location,
                     GSM_ErrorString(e));
            if (is_device_error(e)) {
                m->broken = 1;
                util_err(err, NOTE_LOST_DELETING, m->name, GSM_ErrorString(e));
                rc = MODEM_DOWN;
                break;
            }
        }
    }
    free(all);
    free(unreadable);
    return rc < 0 ? rc : (int)n;
}

/* ---- clock and USSD --------------------------------------------------------------------------------------- */

int modem_get_time(modem *m, time_t *out, char *err)
{
    if (m->broken)
        return util_err(err, NOTE_LOST_EARLIER, m->name), MODEM_DOWN;
    if (m->no_network_time)
        return util_err(err, "%s: the dummy phone has no network time", m->name), MODEM_PERMANENT;
    GSM_DateTime dt;
    memset(&dt, 0, sizeof dt);
    GSM_Error e = GSM_GetDateTime(m->sm, &dt);
    if (e != ERR_NONE) {
        int rc = rc_from_gsm(e);
        if (rc == MODEM_DOWN)
            m->broken = 1;
        return util_err(err, NOTE_CLOCK_READ, m->name, GSM_ErrorString(e)), rc;
    }
    *out = gsm_time_utc(&dt);
    if (*out == 0)
        return util_err(err, NOTE_CLOCK_UNSET, m->name), MODEM_RETRY;
    return MODEM_OK;
}

int modem_ussd(modem *m, const char *code, char *reply, size_t n, char *err)
{
    if (m->broken)
        return util_err(err, NOTE_LOST_EARLIER, m->name), MODEM_DOWN;
    m->ussd_done = 0;
    m->ussd_text[0] = '\0';
    GSM_Error e = GSM_SetIncomingUSSD(m->sm, TRUE);
    if (e == ERR_NONE) {
        char *c = xstrdup(code);
        e = GSM_DialService(m->sm, c);
        free(c);
    }
    if (e != ERR_NONE) {
        int rc = rc_from_gsm(e);
        if (rc == MODEM_DOWN)
            m->broken = 1;
        return util_err(err, "%s: USSD %s failed: %s", m->name, code, GSM_ErrorString(e)), rc;
    }
    int64_t deadline = util_mono_ms() + m->reply_timeout_ms;
    while (!m->ussd_done && util_mono_ms() < deadline) {
        if (GSM_ReadDevice(m->sm, TRUE) < 0 && !m->ussd_done) {
            m->broken = 1;
            return util_err(err, "%s: device lost waiting for the USSD answer", m->name), MODEM_DOWN;
        }
    }
    if (!m->ussd_done)
        return util_err(err, "%s: no USSD answer to %s", m->name, code), MODEM_RETRY;
    if (m->ussd_status == USSD_NotSupported || m->ussd_status == USSD_Timeout || m->ussd_status == USSD_Unknown)
        return util_err(err, "%s: USSD %s not answered (status %d)", m->name, code, m->ussd_status), MODEM_RETRY;
    snprintf(reply, n, "%s", m->ussd_text);
    return MODEM_OK;
}

/* ---- the gammu transport (transport.h) -------------------------------------------------------------------- */

/* One modem; it answers one message at a time, so at most one outcome waits for collect(). */
struct transport {
    modem *m;
    int pending;                        /* an outcome waits */
    struct transport_outcome out;
    char err[LOA_ERRLEN];
};

static transport *gammu_open(const struct cfg_modem *mc, char *err)
{
    if (!strcmp(mc->model, "dummy")) {
        /* Gammu's dummy phone keeps its folders under device/: create what it expects. */
        static const char *const sub[] = {"", "/sms/1", "/sms/2", "/sms/3", "/sms/4", "/sms/5", "/pbk", "/note",
                                          "/todo", "/calendar", "/alarm", "/fs", NULL};
        for (const char *const *s = sub; *s; s++) {
            char *p = xasprintf("%s%s", mc->device, *s);
            util_mkdir_p(p, 0750);
            free(p);
        }
    }
    struct modem_conf conf = {mc->name, mc->model, mc->connection, mc->device, mc->debug_file, mc->reply_timeout * 1000};
    modem *m = modem_open(&conf, err);
    if (!m)
        return NULL;
    transport *t = xcalloc(1, sizeof *t);
    t->m = m;
    return t;
}

static void gammu_close(transport *t)
{
    if (!t)
        return;
    modem_close(t->m);
    free(t);
}

struct gammu_part_ctx {
    transport_part_cb cb;
    transport_written_cb written;
    void *ud;
    int64_t id;
};

static void gammu_on_written(void *ud, int part)
{
    struct gammu_part_ctx *c = ud;
    if (c->written) c->written(c->ud, c->id, part);
}

static void gammu_on_part(void *ud, int part, int ref)
{
    struct gammu_part_ctx *c = ud;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", ref);
    if (c->cb)
        c->cb(c->ud, c->id, part, buf);
}

/* Synchronous underneath: the message is sent (or not) when this returns; collect() reports it. */
static int gammu_submit(transport *t, const struct transport_msg *msg, transport_part_cb on_part, void *ud, char *err)
{
    if (t->pending)
        return util_err(err, "%s: one message at a time", t->m->name), TRANSPORT_RETRY;
    struct modem_msg mm = {msg->number, msg->text, msg->ucs2, msg->concat_ref, msg->request_report, gammu_on_written};
    struct gammu_part_ctx c = {on_part, msg->written, ud, msg->id};
    t->err[0] = '\0';
    t->out = (struct transport_outcome){.id = msg->id, .err = t->err};
    t->out.rc = modem_send(t->m, &mm, msg->first_part, gammu_on_part, &c, t->err);
    t->pending = 1;
    return TRANSPORT_PENDING;
}

static int gammu_collect(transport *t, int timeout_ms, transport_outcome_cb cb, void *ud)
{
    (void)timeout_ms;
    if (!t->pending)
        return 0;
    t->pending = 0;
    cb(ud, &t->out);
    return 1;
}

struct gammu_in_ctx {
    transport_inpart_cb cb;
    void *ud;
};

static int gammu_on_inpart(void *ud, const struct modem_inpart *p)
{
    struct gammu_in_ctx *c = ud;
    char ref[16];
    snprintf(ref, sizeof ref, "%d", p->report_ref);
    struct transport_inpart tp = {
        p->sender, p->smsc_time, p->text, p->coding, p->concat_ref, p->concat_part, p->concat_total, p->raw_hex,
        p->is_report, ref, p->report_delivered, p->report_time, p->report_recipient, p->unreadable, p->location,
    };
    return c->cb(c->ud, &tp);
}

static int gammu_poll(transport *t, transport_inpart_cb cb, void *ud, char *err)
{
    struct gammu_in_ctx c = {cb, ud};
    return modem_read_inbox(t->m, gammu_on_inpart, &c, err);
}

static int gammu_balance(transport *t, const char *code, char *reply, size_t n, char *err)
{
    return modem_ussd(t->m, code, reply, n, err);
}

static int gammu_clock(transport *t, time_t *out, char *err)
{
    return modem_get_time(t->m, out, err);
}

#define SAME_RC(a) ((int)MODEM_##a == (int)TRANSPORT_##a)
_Static_assert(SAME_RC(OK) && SAME_RC(RETRY) && SAME_RC(PERMANENT) && SAME_RC(UNKNOWN) && SAME_RC(DOWN) && SAME_RC(STOPPED),
               "the gammu transport passes modem_rc values on as transport_rc");

static int gammu_tells_written(transport *t)
{
    return modem_tells_written(t->m);
}

static int gammu_reports(const struct cfg_modem *mc)
{
    return !mc->model || strcmp(mc->model, "dummy") != 0;
}

const struct transport_type transport_gammu = {
    .name = "gammu", .window = 1, .splits = 1,
    .open = gammu_open, .close = gammu_close, .submit = gammu_submit, .collect = gammu_collect, .poll = gammu_poll,
    .balance = gammu_balance, .clock = gammu_clock, .set_stop_flag = modem_set_stop_flag, .reports = gammu_reports,
    .tells_written = gammu_tells_written,
};
