/*
 * transport — the operations a way of sending SMS offers, as a table of function pointers (in the manner
 * of Redis's ConnectionType), chosen by name from the `type` key of each sms.modems entry (in the manner of
 * OpenSMTPD's scheduler_backend_lookup). The sender and the receiver see only this table: `gammu` (modem.c,
 * one GSM modem through libGammu) is one entry; a gateway is another.
 *
 * What the table is shaped for, beyond a GSM modem (the Kannel / SMPP transport):
 * - Submitting may be asynchronous: submit() hands one message over and returns at once; its outcome comes
 *   later through collect(). A transport says how many messages it takes in flight (`window`): 1 for a
 *   modem, which answers one part at a time; hundreds for a gateway with its own queue. The sender claims
 *   rows while fewer than `window` are in flight and records each outcome as collect() reports it.
 * - Who splits a long message into parts: loa always counts the parts itself (the officer's cost preview and
 *   the daily limit need them) and hands the whole text with its encoding and part count. A transport whose
 *   `splits` is 1 encodes and splits itself (Gammu with loa's concatenation reference); a gateway that splits
 *   on its side reports the message as one unit: on_part is then called once, for the last part.
 * - Delivery references are the transport's own strings: a TP-MR "0".."255" for a modem (matched with the
 *   modem, the number and the last week, since they wrap), a gateway's message id for Kannel (unique). The
 *   store keeps them as text, one per accepted part.
 * - Received messages and delivery reports: poll() pulls what the device holds (a modem's inbox). A gateway
 *   pushes them instead (HTTP from smsbox); that transport's receiving side calls receiver_part() itself, and
 *   its poll is NULL. Either way a part reaches the database through the receiver's one entry point.
 * - USSD balance and network clock are optional: NULL, or TRANSPORT_UNSUPPORTED, means "this transport has none".
 *
 * One process per transport instance: libGammu keeps static buffers, so never two threads on one.
 */
#ifndef LOA_TRANSPORT_H
#define LOA_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"

typedef struct transport transport;   /* an open instance; each type has its own */

/* Outcome codes (the gammu transport's enum modem_rc has the same values). */
enum transport_rc {
    TRANSPORT_OK = 0,
    TRANSPORT_RETRY = -1,       /* failed before the network could have accepted it: try again later */
    TRANSPORT_PERMANENT = -2,   /* will never succeed (invalid destination): fail at once */
    TRANSPORT_UNKNOWN = -3,     /* handed over and no answer came: maybe sent, never resend on our own */
    TRANSPORT_DOWN = -4,        /* device or link gone: close and reopen later */
    TRANSPORT_STOPPED = -5,     /* asked to stop between parts: the parts before went, the rest wait */
    TRANSPORT_UNSUPPORTED = -6, /* the transport has no such operation (balance, clock) */
    TRANSPORT_PENDING = 1       /* submit(): taken, the outcome comes through collect() */
};
const char *transport_rc_name(int rc);

/* Part PART of message ID is about to reach the device in the form that commits it to sending (an AT modem's
 * Ctrl-Z after the PDU). When the callback returns, the caller has recorded that durably, or has ended the
 * process: a crash before the call leaves a message the device never had. */
typedef void (*transport_written_cb)(void *ud, int64_t id, int part);

struct transport_msg {
    int64_t id;                 /* the outbox row: outcomes and parts name it */
    const char *number;         /* E.164 */
    const char *text;           /* UTF-8, prepared and counted by loa */
    int ucs2;                   /* the encoding loa counted: the transport must not choose another */
    int parts;                  /* as loa counted them */
    int first_part;             /* parts before it were accepted by an earlier attempt: not sent again */
    int concat_ref;             /* 0..255: loa's concatenation reference */
    int request_report;         /* ask for a delivery report */
    transport_written_cb written;   /* NULL, or called (with submit's UD) where tells_written says it is */
};

/* One part accepted, with the transport's reference for it. REF is borrowed until the callback returns. */
typedef void (*transport_part_cb)(void *ud, int64_t id, int part, const char *ref);

struct transport_outcome {
    int64_t id;                 /* the outbox row */
    int rc;                     /* enum transport_rc, < 0 or TRANSPORT_OK */
    const char *err;            /* why, when rc < 0; borrowed until the callback returns */
};
typedef void (*transport_outcome_cb)(void *ud, const struct transport_outcome *o);

/* A received part or a delivery report, as the receiver stores it. Strings borrowed until the callback returns. */
struct transport_inpart {
    const char *sender;         /* as the network gave it: "+8491…", "VIETTEL", "9029" */
    time_t smsc_time;           /* SMSC time stamp, UTC seconds, 0 if none */
    const char *text;           /* UTF-8 text of this part (NULL for 8-bit data) */
    int coding;                 /* 0 GSM-7, 1 UCS-2, 2 8-bit data, 3 unreadable */
    int concat_ref, concat_part, concat_total;   /* 0,0,0 when not concatenated; part is 1-based */
    const char *raw_hex;        /* the UDH then the user data, in hex, for the record */
    int is_report;              /* 1: a delivery report; the fields below */
    const char *report_ref;     /* the reference it reports on (as on_part gave it) */
    int report_delivered;       /* 1 delivered, 0 failed permanently, -1 still pending */
    time_t report_time;         /* discharge time, 0 unknown */
    const char *report_recipient;
    int unreadable;             /* 1: the transport could not decode it (coding 3); sender "?" and time 0 when unknown */
    int location;               /* where the transport keeps it (a modem's storage location), 0 when none:
                                   with the raw data, what identifies an unreadable part read twice */
};
/* Returns 0 once the part is durably stored (the transport may then forget it), non-zero to keep it. */
typedef int (*transport_inpart_cb)(void *ud, const struct transport_inpart *p);

struct transport_type {
    const char *name;           /* the `type` key: "gammu" */
    int window;                 /* messages in flight at most (>= 1) */
    int splits;                 /* 1: splits long text into parts and reports each part */
    /* Open the instance configured by MC. NULL + err on failure (the sender reopens with backoff). */
    transport *(*open)(const struct cfg_modem *mc, char *err);
    void (*close)(transport *t);                                    /* NULL is a no-op */
    /* Hand one message over. TRANSPORT_PENDING when taken (collect() reports it), or a final rc < 0 at once
     * (the message was not taken, nothing is pending for it). on_part may be called during submit or collect. */
    int (*submit)(transport *t, const struct transport_msg *m, transport_part_cb on_part, void *ud, char *err);
    /* Report finished messages through CB, waiting at most TIMEOUT_MS (0: what is finished now) for one.
     * Returns how many were reported, or TRANSPORT_DOWN. */
    int (*collect)(transport *t, int timeout_ms, transport_outcome_cb cb, void *ud);
    /* Pull received parts and delivery reports (NULL: this transport pushes them to receiver_part). */
    int (*poll)(transport *t, transport_inpart_cb cb, void *ud, char *err);
    /* Optional (NULL or TRANSPORT_UNSUPPORTED): the balance by USSD CODE; the network's clock, UTC. */
    int (*balance)(transport *t, const char *code, char *reply, size_t n, char *err);
    int (*clock)(transport *t, time_t *out, char *err);
    /* The stop flag (SIGTERM) read between the parts of a long message; NULL: never. */
    void (*set_stop_flag)(const volatile int *flag);
    /* Whether the instance configured by MC brings delivery reports back (NULL: never). Gammu's dummy phone
     * accepts every send and reports none: a delivery rate there says nothing about the SIM. */
    int (*reports)(const struct cfg_modem *mc);
    /* 1 when the open instance T calls each message's `written` before any of its parts can reach the device,
     * so that a message claimed and never so reported certainly did not (NULL or 0: it cannot tell). */
    int (*tells_written)(transport *t);
};

/* The transport of that name, NULL when none. NAME NULL or "": the default, "gammu". */
const struct transport_type *transport_lookup(const char *name);
/* Names known, comma-separated, for the configuration's error message. */
const char *transport_names(void);

/* 1 when the modem configured by MC brings delivery reports back and the configuration asks for them
 * (sms.delivery_reports): only then is a delivery rate, or a percentage delivered, worth showing. */
int transport_reports(const struct config *cfg, const struct cfg_modem *mc);
/* The same by modem name; 0 for a name the configuration does not have. With MODEM NULL: 1 when any modem does. */
int transport_reports_named(const struct config *cfg, const char *modem);

/* Optional operations, answering TRANSPORT_UNSUPPORTED where the table has none. */
int transport_balance(const struct transport_type *tt, transport *t, const char *code, char *reply, size_t n, char *err);
int transport_clock(const struct transport_type *tt, transport *t, time_t *out, char *err);

/* The gammu transport (modem.c). */
extern const struct transport_type transport_gammu;

#endif
