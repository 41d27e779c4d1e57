/* config — loads loa.cfg and the campaign files (libconfig) into validated structs; every error carries FILE:LINE. */
#ifndef LOA_CONFIG_H
#define LOA_CONFIG_H

#include <stddef.h>
#include <time.h>

struct cfg_strlist {
    char **v;                      /* strings, owned */
    size_t n;
};

/* A message of the loader as data: where, its kind (the sentence's printf format, a literal of
 * config.c: what a translation looks up) and its parameters, each already written out. The sentence
 * is chosen where it is shown, by config_msg_text. */
struct cfg_msg {
    char *file;                    /* or NULL */
    int line;                      /* 0 = the file as a whole */
    const char *kind;              /* static */
    char **args;                   /* the parameters as text, in the kind's order */
    size_t nargs;
};
struct cfg_msglist {
    struct cfg_msg *v;
    size_t n;
};
/* M's sentence, "FILE:LINE: " (or "FILE: ") and its kind with the parameters, written with FMT (M's
 * kind, or a translation of it that may reorder them with %N$); malloc'd. */
char *config_msg_text(const struct cfg_msg *m, const char *fmt);
void config_msg_clear(struct cfg_msg *m);

/* The official document's parts (report.*): each "" when not set, the report then uses its default. */
struct cfg_report_doc {
    char *issuer_parent;           /* the body above the issuer, capitals as written */
    char *issuer;                  /* the issuing body, capitals as written */
    char *abbr;                    /* "UBND": Số: …/BC-UBND */
    char *number;                  /* the report's number, "" to fill in by hand */
    char *place;                   /* "Minh Tiến" */
    struct cfg_strlist recipients; /* Nơi nhận */
    char *signer_for;              /* "TM. ỦY BAN NHÂN DÂN" */
    char *signer_title;            /* "CHỦ TỊCH" */
    char *signer_name;
};

struct cfg_hamlet {
    char *code;                    /* short code used in SMS and CSV: "X1" */
    char *name;                    /* "Xóm 1" */
    char *merged_into;             /* code of the hamlet it became part of, or NULL */
    long target;                   /* VNeID target of its own, 0 = share of residents */
    long population;               /* people living there, 0 = not given; a larger SMS report is held */
    int line;
};

struct cfg_modem {
    char *name;                    /* loa's name: "m1" */
    char *type;                    /* the transport: "gammu" (transport.h) */
    char *model;                   /* Gammu model: "at", "dummy" */
    char *connection;              /* Gammu connection: "at", "none" */
    char *device;                  /* device path or (dummy) folder, resolved against the config's folder */
    char *debug_file;              /* Gammu debug log or NULL */
    int enabled;                   /* 0 = configured but not used */
    int rate_per_minute;           /* 0 = unlimited */
    int daily_limit;               /* 0 = unlimited */
    int auto_reply_parts;          /* automatic replies' own share of the day's parts, 0 = no bound */
    char *balance_ussd;            /* "*101#" or NULL */
    double balance_min;            /* warn below this balance (VND), 0 = never */
    char *own_number;              /* the SIM's own number (E.164) or NULL */
    int reply_timeout;             /* seconds to wait for the network's answer to a part */
    struct cfg_kannel {            /* type "kannel" only (kannel.c) */
        char *url;                 /* smsbox's sendsms URL */
        char *user, *password;     /* the sendsms-user */
        char *smsc;                /* smsc-id to route to, NULL = Kannel's own routing */
        char *from;                /* sender, NULL = the sendsms-user's default */
        int dlr_mask;              /* delivery reports asked for */
        int in_flight;             /* HTTP requests at once */
        int rate_per_second;       /* parts per second, 0 = unlimited */
        char *listen;              /* "ADDRESS:PORT" of loa's listener for smsbox's pushes, NULL = none */
        char *allow;               /* the one client address accepted there */
        char *secret;              /* shared with smsbox's post-url and loa's dlr-url */
    } kannel;
    int line;
};

struct cfg_reporter {
    char *phone;                   /* E.164 */
    char *hamlet;                  /* hamlet code they report for, NULL = any (commune police) */
    char *name;
    char *pin;                     /* optional PIN the SMS must carry, NULL = none */
    int line;
};

/* The answers to a reporter's enrollment report (sms.reporter_replies), each a text with its own
 * placeholders (config_reporter_reply_names); "" sends no answer. */
enum cfg_reporter_reply {
    RREPLY_RECORDED,               /* counted: {so} {xom} {ngay} {tong} */
    RREPLY_CORRECTED,              /* a correction counted: {so} is signed */
    RREPLY_DUPLICATE,              /* the same report again, not counted */
    RREPLY_WRONG_PIN,              /* missing or wrong PIN: {huong_dan} */
    RREPLY_WRONG_HAMLET,           /* a reporter's report for another hamlet: {ma_bao} {ma_giao} */
    RREPLY_UNKNOWN_HAMLET,         /* no hamlet with that code: {ma_bao} {huong_dan} */
    RREPLY_FORMAT,                 /* how to write a report (appended to the other refusals) */
    RREPLY_FORMAT_PIN,             /* the same, for a reporter with a PIN */
    RREPLY_BAD_COUNT,              /* a count that is not a whole number: {chu} {huong_dan} */
    RREPLY_BAD_DATE,               /* a date that does not exist: {chu} {huong_dan} */
    RREPLY_FUTURE_DATE,            /* a date still to come: {ngay} {hom_nay} */
    RREPLY_OLD_DATE,               /* a date too far back: {ngay} {so_ngay} */
    RREPLY_BAD_WORD,               /* a word neither a date nor the PIN: {chu} {huong_dan} */
    RREPLY_MALFORMED,              /* anything else unreadable: {huong_dan} */
    RREPLY_NO_CORRECTION,          /* a correction when sms.reporters_may_correct is false */
    RREPLY_BEFORE_OPENING,         /* dated before the hamlet's opening balance: {ngay} {xom} {ngay_chot} */
    RREPLY_HELD,                   /* unusually large, held for the officer: {so} {xom} */
    RREPLY_NOT_RECORDED,           /* refused when written (a bad value): {huong_dan} */
    RREPLY_N
};
/* The key of reply R under sms.reporter_replies ("recorded"…), and the placeholders it may use
 * (ended by NULL; every list starts with "xa", the commune's name). */
const char *config_reporter_reply_key(int r);
const char *const *config_reporter_reply_names(int r);

struct cfg_sms {
    struct cfg_modem *modems;
    size_t nmodems;
    int quiet_from, quiet_to;      /* minutes after midnight; equal = no quiet hours */
    int per_person_per_day;        /* campaign SMS per number per day, 0 = unlimited */
    int max_parts;                 /* default bound on every message */
    int max_attempts;              /* retries before `failed` */
    int retry_base;                /* first retry delay in seconds, doubled each time */
    int delivery_reports;          /* ask the SMSC for reports */
    double price_per_part;         /* VND */
    int inbox_poll;                /* seconds between inbox polls */
    int wal_limit_mb;              /* the WAL's size beyond which sending waits while a reader holds it */
    int multipart_timeout;         /* seconds a long message may wait for its missing parts */
    int auto_replies_per_day;      /* automatic replies per number per day */
    int reporter_replies_per_day;  /* answers to one reporter's enrollment reports per day */
    int reporters_international_only; /* a reporter is known only from "+84…" exactly as listed */
    int reporters_may_correct;     /* a signed count ("-5") is a correction; 0 = refused */
    int max_per_report;            /* a larger count by SMS is held for the officer, 0 = no bound */
    struct cfg_reporter *reporters;
    size_t nreporters;
    char *reporter_replies[RREPLY_N]; /* enum cfg_reporter_reply: the answers to reports */
};

struct cfg_keywords {
    struct cfg_strlist optout, optin, help;
    char *help_text;               /* reply to HELP */
    char *optout_reply;            /* confirmation of an opt-out */
    char *optin_reply;             /* confirmation of an opt-in */
};

struct cfg_tts {
    char *voice;                   /* espeak-ng voice: "vi", "vi-vn-x-central", "vi-vn-x-south" */
    int rate;                      /* words per minute */
    int pitch;                     /* 0..99 */
    char *thousand;                /* "nghìn" | "ngàn" */
    char *zero_ten;                /* "linh" | "lẻ" */
    char *(*lexicon)[2];           /* { abbreviation, words } */
    size_t nlexicon;
    struct cfg_strlist service_numbers; /* read digit by digit ("113", "1900*"); empty = built-in list */
};

struct cfg_broadcast {
    int *slots;                    /* minutes after midnight, sorted */
    size_t nslots;
    char *chime;                   /* WAV path or NULL for the generated chime */
    int repeat;                    /* times each announcement is read */
    double pause;                  /* seconds between repeats */
    double loudness;               /* LUFS target */
    char *device;                  /* ALSA device, "null" to play nowhere */
    int autoplay;                  /* loa run plays each slot itself */
    int render_ahead;              /* hours before a slot to render its audio */
    int emergency_repeat;          /* times a khẩn cấp announcement is read */
    char *emergency_chime;         /* its own chime; NULL = the generated alarm (stream.h) */
    struct cfg_stream {            /* broadcast.stream: the programme to an Icecast mount */
        int enabled;               /* the group is present */
        char *host;
        int port;
        char *mount;               /* "/loa" */
        char *user;                /* source user: "source" */
        char *password;
        int bitrate;               /* kbps, the most a receiver needs */
        char *name;                /* station name shown by receivers */
    } stream;
};

struct cfg_target {
    int year, mon, day;            /* "by" date */
    long vneid;                    /* cumulative accounts by then */
    int line;
};

/* A schedule: one-off date-times, or times of day on days, between the campaign's from/until. */
struct cfg_schedule {
    int present;
    time_t *at;                    /* one-off moments */
    size_t nat;
    int *times;                    /* minutes after midnight, sorted */
    size_t ntimes;
    int weekdays;                  /* bit 0 = Sunday … bit 6 = Saturday; 0 with monthdays 0 = every day */
    unsigned monthdays;            /* bit d = day d of the month (1..31) */
    int every_days;                /* every N days from the campaign's start, 0 = not used */
    long *except;                  /* local day numbers (util_days_from_civil) */
    size_t nexcept;
    int line;
};

enum cfg_vneid { CFG_VNEID_ANY = 0, CFG_VNEID_NOT_ACTIVATED, CFG_VNEID_ACTIVATED, CFG_VNEID_UNKNOWN };

struct cfg_reply {
    char *keyword;                 /* "CO" */
    struct cfg_strlist aliases;    /* "có rồi", "đã có" */
    char *action;                  /* "poll" (default), "optout", "optin", "help", "inbox" */
    char *reply;                   /* answer sent back, or NULL */
    int vneid;                     /* poll answer sets VNeID status: enum cfg_vneid */
    int line;
};

struct cfg_campaign {
    char *file;                    /* path of its file */
    int line;
    char *id;
    char *title;
    int enabled;
    long from_day, until_day;      /* local day numbers; LONG_MIN / LONG_MAX when open */
    int priority;                  /* higher goes first */
    int urgent;                    /* disaster warning: no quiet hours, no per-person cap, first */
    long long catch_up;            /* seconds late a run may still go; -1 = skip missed runs */
    struct cfg_audience {
        int all;                   /* everyone (the default when nothing else is given) */
        struct cfg_strlist hamlets;
        struct cfg_strlist tags;
        struct cfg_strlist phones; /* E.164 */
        int per_household;         /* one resident per household */
        int vneid;                 /* enum cfg_vneid */
    } audience;
    int has_sms;
    char *sms_text;                /* template */
    int sms_text_line;
    int diacritics;                /* 0 = send without Vietnamese marks (GSM-7) */
    int max_parts;                 /* 0 = sms.max_parts */
    struct cfg_schedule sms_schedule;
    int has_broadcast;
    char *bc_text;
    int bc_text_line;
    struct cfg_schedule bc_schedule;  /* times are station slots */
    int bc_level;                  /* CFG_LEVEL_*: Thông tư 39's level of the announcement */
    struct cfg_reply *replies;
    size_t nreplies;
    struct cfg_strlist var_names;  /* the campaign's own placeholders (vars = { ngay_hop = "2026-12-05"; }) */
    struct cfg_strlist var_values; /* aligned: as the texts show them (a date: "thứ Bảy, 05/12/2026") */
};

struct config {
    char *path;                    /* the loa.cfg read */
    char *dir;                     /* its folder: relative paths resolve against it */
    char *commune;
    char *timezone;
    char *database;                /* resolved paths */
    char *audio_dir;
    char *reports_dir;
    char *campaigns_dir;
    char *log_file;                /* NULL = stderr */
    struct cfg_hamlet *hamlets;
    size_t nhamlets;
    struct cfg_sms sms;
    struct cfg_keywords keywords;
    struct cfg_tts tts;
    struct cfg_broadcast broadcast;
    struct cfg_target *targets;
    size_t ntargets;
    char *report_recipient;
    int report_day;                /* day of month reports are made: 10 */
    struct cfg_report_doc report_doc; /* the HTML report's heading and signature (Decree 30/2020) */
    int retention_inbox_days;      /* 0 = keep forever */
    struct cfg_web {               /* `loa web` */
        char *listen;              /* "ADDRESS:PORT" */
        struct cfg_strlist hosts;  /* names the page is opened by, besides the listen address */
        char *cert, *key;          /* TLS (resolved paths), NULL: plain HTTP */
        int plain_http_on_lan;     /* plain HTTP beyond loopback allowed */
        int demo;                  /* the demo configuration: demo accounts allowed on loopback */
    } web;
    struct cfg_campaign *campaigns;
    size_t ncampaigns;
    struct cfg_strlist errors;     /* "FILE:LINE: message", in English: for logs */
    struct cfg_strlist warnings;
    struct cfg_msglist error_msgs; /* the same messages as data: for what the officer reads */
    struct cfg_msglist warning_msgs;
};

/*
 * Find the config file: OPT (-c), else $LOA_CONFIG, else ./config/loa.cfg, else /etc/loa/loa.cfg.
 * Returns a malloc'd path, or NULL when none exists (ERR, when not NULL, says where it looked: free
 * it with config_msg_clear).
 */
char *config_find(const char *opt, struct cfg_msg *err);

/*
 * Load PATH and every campaign file. Always returns a config (never NULL); check
 * cfg->errors.n: on errors the config must not be used except to print them.
 * config_free(NULL) is a no-op.
 */
struct config *config_load(const char *path);
void config_free(struct config *cfg);
/* config_load, with the campaign file SKIP (a path as campaigns_dir + "/" + name, or NULL) left out and the file
 * EXTRA (any path, or NULL) read as one more campaign file: how a file about to replace SKIP is checked exactly as
 * `loa check` will read it once in place (the page's campaign form). */
struct config *config_load_swap(const char *path, const char *skip, const char *extra);

/* The hamlet with CODE (ASCII case-insensitive), or NULL. */
const struct cfg_hamlet *config_hamlet(const struct config *cfg, const char *code);
/* The hamlet a code counts under today: follows merged_into. NULL if unknown. */
const struct cfg_hamlet *config_hamlet_current(const struct config *cfg, const char *code);
/* The hamlet TEXT names: its code, or its name with or without diacritics and without the
 * "Xóm"/"Thôn"/"Tổ" word before it ("Đồng Kiệm", "xom dong kiem"). NULL if none. */
const struct cfg_hamlet *config_hamlet_named(const struct config *cfg, const char *text);
/* The folded key a hamlet's NAME is matched by, without the "Xóm"/"Thôn"/"Tổ" word before it
 * ("Xóm Đồng Kiệm" -> "dong kiem"). Caller frees; NULL for invalid UTF-8. */
char *config_hamlet_key(const char *name);
/* The hamlet whose name (or else code) appears in TEXT as whole words, as in an address
 * ("Xóm Đồng Kiệm, xã Minh Tiến"); the longest name wins. NULL if none. */
const struct cfg_hamlet *config_hamlet_in_text(const struct config *cfg, const char *text);
const struct cfg_campaign *config_campaign(const struct config *cfg, const char *id);

/* Thông tư 39/2020's levels of an announcement; stored values, never renumbered. */
enum { CFG_LEVEL_THUONG = 0, CFG_LEVEL_UU_TIEN = 1, CFG_LEVEL_KHAN_CAP = 2 };
/* "thuong" | "uu-tien" | "khan-cap" (or the Vietnamese words) -> CFG_LEVEL_*, or -1. */
int config_level(const char *name);
/* The level's name as written in config and on the command line. */
const char *config_level_name(int level);

/* The reference table of every key, for README and `loa help config`. */
void config_print_reference(void);
/* The default of a configuration key ("tts.rate" -> "150", "tts.voice" -> "vi"), from the same schema
 * the loader and `loa help config` read: for a program that runs without a configuration. 0, or -1
 * when KEY is not a key with a default. */
int config_default(const char *key, char *buf, size_t n);
/* The default of a numeric key ("tts.rate" -> 150), 0 when KEY has none. */
long config_default_long(const char *key);

#endif
