/* modem — everything libGammu: connect, send multipart SMS, read inbox parts, delete, USSD, clock. One process per
 * modem: libGammu keeps static buffers, so never two threads on it. */
#ifndef LOA_MODEM_H
#define LOA_MODEM_H

#include <stddef.h>
#include <time.h>

typedef struct modem modem;

struct modem_conf {
    const char *name;        /* loa's name for it, "m1" (for logs) */
    const char *model;       /* Gammu model: "at", "dummy", "" … */
    const char *connection;  /* Gammu connection: "at", "at115200", "none" … */
    const char *device;      /* "/dev/ttyUSB0", a pty symlink, or the dummy phone's folder */
    const char *debug_file;  /* Gammu's own debug log, NULL for none */
    int reply_timeout_ms;    /* how long to wait for the network's answer to one part (and for a USSD reply);
                                0 = sms.modems.reply_timeout's default. Gammu reads in whole-second steps, so
                                this is rounded up to ~1 s */
};

enum modem_rc {
    MODEM_OK = 0,
    MODEM_RETRY = -1,     /* failed before the network could have accepted it: try again later */
    MODEM_PERMANENT = -2, /* will never succeed (e.g. invalid destination): fail at once */
    MODEM_UNKNOWN = -3,   /* the PDU went out and no answer came: maybe sent, never resend on our own */
    MODEM_DOWN = -4,      /* device gone / connection lost: close and reopen later */
    MODEM_STOPPED = -5    /* asked to stop between parts (SIGTERM): the parts before went, the rest wait */
};

/* FLAG (e.g. the daemon's "stop" flag set by SIGTERM) is read between the parts of a long message:
 * once set, modem_send finishes the part in flight and returns MODEM_STOPPED. NULL: never. */
void modem_set_stop_flag(const volatile int *flag);

/* Connects (GSM_InitConnection) and learns the SMSC number. NULL + err on failure. */
modem *modem_open(const struct modem_conf *conf, char *err);
void modem_close(modem *m);                                    /* NULL is a no-op */

/* Part PART is about to reach the device with its Ctrl-Z, which commits the modem to sending it: see
 * modem_tells_written. Called with modem_send's UD; when it returns the caller has recorded it. */
typedef void (*modem_written_cb)(void *ud, int part);

struct modem_msg {
    const char *number;   /* E.164, validated by loa before */
    const char *text;     /* UTF-8, NFC, prepared by loa */
    int ucs2;             /* 1 = UCS-2, 0 = GSM-7 default alphabet: the encoding loa counted; Gammu must not choose */
    int concat_ref;       /* 0..255: loa's own concatenation reference for this message (Gammu derives one from the
                             clock, so two long messages in the same second would share it) */
    int request_report;   /* ask the SMSC for a delivery report */
    modem_written_cb written;   /* NULL, or called before each part's Ctrl-Z (where modem_tells_written) */
};

/* Number of parts MSG encodes to (what will really go out). 0 ok, -1 + err (invalid UTF-8, too long…). */
int modem_count_parts(const struct modem_msg *msg, int *parts, char *err);

/* One part as the network gets it, for a gateway that takes loa's parts (kannel.c). */
struct modem_part {
    unsigned char udh[16];    /* the user data header, its length byte first; udh_len 0: none */
    int udh_len;
    char text[4 * 160 + 1];   /* the part's text, UTF-8 */
};
/* MSG cut into the parts modem_send would send (concatenation reference and all). Returns the number of parts
 * and sets *OUT (malloc'd, the caller frees), or -1 + err. */
int modem_split(const struct modem_msg *msg, struct modem_part **out, char *err);

/*
 * Send parts [first_part, nparts) of MSG, one by one. After each accepted part, on_part(ud, i, ref) is called at
 * once with the message reference the modem returned (TP-MR 0..255; the dummy phone gives 255) so the caller can
 * commit it (a retry never resends a part the modem already accepted). Returns an enum modem_rc for the first part
 * that did not succeed (or MODEM_OK), with the reason in err. After MODEM_DOWN or MODEM_UNKNOWN every later call
 * returns MODEM_DOWN until the modem is closed and reopened.
 */
typedef void (*modem_part_cb)(void *ud, int part, int ref);
int modem_send(modem *m, const struct modem_msg *msg, int first_part, modem_part_cb on_part, void *ud, char *err);
/* 1 when M calls msg->written before each part's Ctrl-Z reaches the device (an AT modem on a serial line:
 * libGammu's debug output shows the frame before it writes it): a part never so reported never reached it.
 * 0 for other drivers and the dummy phone, or once the debug output stopped showing the frame. */
int modem_tells_written(const modem *m);

struct modem_inpart {                /* one stored message (one part) in the modem */
    int location, folder;            /* to delete it */
    char sender[40];                 /* as the network gave it: "+8491…", "VIETTEL", "9029" */
    time_t smsc_time;                /* SMSC time stamp, UTC seconds, 0 if none */
    const char *text;                /* UTF-8 text of this part (NULL for 8-bit data and unreadable) */
    int coding;                      /* 0 GSM-7, 1 UCS-2, 2 8-bit data, 3 unreadable */
    int unreadable;                  /* 1: Gammu could not decode it; sender "?" and time 0 when unknown */
    int concat_ref, concat_part, concat_total;   /* 0,0,0 when not concatenated; part is 1-based */
    const char *raw_hex;             /* for the record: the UDH then the user data (8-bit bytes, or the text as
                                        UCS-2 big-endian units), in hex */
    int is_report;                   /* 1: a delivery (status) report */
    int report_ref;                  /* the TP-MR it reports on */
    int report_delivered;            /* 1 delivered, 0 failed permanently, -1 still pending */
    time_t report_time;              /* discharge time */
    char report_recipient[40];
};

/* Calls cb for every stored part; cb returns 0 once it has durably stored the part (then modem_read_inbox deletes it
 * from the modem), non-zero to keep it on the modem. Returns number of parts seen, or an enum modem_rc < 0. */
typedef int (*modem_inbox_cb)(void *ud, const struct modem_inpart *part);
int modem_read_inbox(modem *m, modem_inbox_cb cb, void *ud, char *err);

/* The network/modem clock, UTC seconds; MODEM_PERMANENT where there is none to trust (the dummy phone). */
int modem_get_time(modem *m, time_t *out, char *err);
/* A USSD request, e.g. "*101#" balance; the network's answer as UTF-8 into reply[n]. An enum modem_rc. */
int modem_ussd(modem *m, const char *code, char *reply, size_t n, char *err);
const char *modem_rc_name(int rc);

/* How a "+CMS ERROR: code" (or the send-status callback's code) is classified: MODEM_RETRY or MODEM_PERMANENT
 * (MODEM_UNKNOWN for 197, "SM rejected: duplicate", which means an earlier copy got through). */
int modem_cms_class(int code);

#endif
