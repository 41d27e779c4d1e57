/*
 * config — loads loa.cfg and the campaign files with libconfig into validated structs.
 *
 * Sections: the key schema (every key once, with its type, default and meaning: the
 * README's reference table is printed from it); the schema walker (unknown keys,
 * wrong types, missing keys, each as FILE:LINE); extraction into structs with the
 * semantic checks (times, dates, hamlets, phones); the public lookups.
 */
#include "config.h"
#include "i18n.h"

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgcheck.h"
#include "phone.h"
#include "schedule.h"
#include "sms.h"
#include "template.h"
#include "transport.h"
#include "util.h"
#include "vntext.h"

/* ---- the schema ---- */

enum ktype {
    K_STR,        /* "text" */
    K_INT,        /* 12 */
    K_NUM,        /* 12 or 12.5 */
    K_BOOL,       /* true / false */
    K_GROUP,      /* { … } */
    K_GROUPS,     /* ( { … }, { … } ) */
    K_STRS,       /* [ "a", "b" ] or ( "a", "b" ), or one "a" */
    K_SCALARS,    /* strings or integers: [ "mon", 15 ] */
    K_PAIRS       /* ( ( "UBND", "ủy ban nhân dân" ), … ) */
};

struct key {
    const char *name;
    enum ktype type;
    int required;
    const struct key *sub;     /* K_GROUP / K_GROUPS members */
    const char *def;           /* default, as shown in the reference; the loader reads it too (key_int, key_num, key_str) */
    const char *doc;           /* one line */
    double lo, hi;             /* the range a number must be in (lo == hi: any); hi = HUGE_VAL: "not negative" */
    const char *unit;          /* named after the range in the error (" seconds") */
};

#define END {NULL, 0, 0, NULL, NULL, NULL, 0, 0, NULL}
#define ANY_NONNEG 0, HUGE_VAL

/* Most rows have no range: their trailing fields are left to zero (no range) rather than written
 * out on every row, so the tables read as they print. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct key k_hamlet[] = {
    {"code", K_STR, 1, NULL, NULL, N_("short code used in SMS reports and CSV files (\"X1\")")},
    {"name", K_STR, 1, NULL, NULL, N_("name residents know (\"Xóm 1\")")},
    {"merged_into", K_STR, 0, NULL, NULL, N_("code of the hamlet this one was merged into; its history counts there")},
    {"target", K_INT, 0, NULL, "share of residents", N_("the hamlet's own VNeID target")},
    {"population", K_INT, 0, NULL, "none", N_("people living in the hamlet; an SMS report above it is held for the officer")},
    END};

static const struct key k_modem[] = {
    {"name", K_STR, 1, NULL, NULL, N_("loa's name for the modem (\"m1\")")},
    {"type", K_STR, 0, NULL, "\"gammu\"", N_("the transport: \"gammu\" (a GSM modem through libGammu) or \"kannel\" (a carrier account through Kannel's smsbox, docs/kannel.md)")},
    {"model", K_STR, 0, NULL, "\"at\"", N_("Gammu model (\"at\", or \"dummy\" for Gammu's test phone)")},
    {"connection", K_STR, 0, NULL, "\"at\"", N_("Gammu connection (\"at\", \"at115200\", \"none\" for dummy)")},
    {"device", K_STR, 0, NULL, "required for gammu", N_("serial device (\"/dev/ttyUSB0\"), or the dummy phone's folder")},
    {"debug_file", K_STR, 0, NULL, "none", N_("Gammu's own debug log")},
    {"enabled", K_BOOL, 0, NULL, "true", N_("false keeps the modem configured but unused")},
    {"rate_per_minute", K_INT, 0, NULL, "6", N_("SMS parts per minute at most, 0 = unlimited"), ANY_NONNEG, NULL},
    {"daily_limit", K_INT, 0, NULL, "300", N_("SMS parts per day at most (carriers lock SIMs that send in bulk), 0 = unlimited"), ANY_NONNEG, NULL},
    {"auto_reply_parts", K_INT, 0, NULL, "10 % of daily_limit, at least 10", N_("parts of the day automatic replies may use (answers to reporters excepted); the rest stays for campaigns; 0 = no bound of their own")},
    {"balance_ussd", K_STR, 0, NULL, "none", N_("USSD code that returns the SIM's balance (\"*101#\")")},
    {"balance_min", K_NUM, 0, NULL, "0", N_("warn when the balance (VND) falls below this")},
    {"own_number", K_STR, 0, NULL, "none", N_("the SIM's own number")},
    {"reply_timeout", K_INT, 0, NULL, "60", N_("seconds to wait for the network's answer to one part before it is `unknown`"), 1, 600, " seconds"},
    {"url", K_STR, 0, NULL, "required for kannel", N_("kannel: smsbox's sendsms URL (\"http://127.0.0.1:13013/cgi-bin/sendsms\")")},
    {"user", K_STR, 0, NULL, "required for kannel", N_("kannel: the sendsms-user's username")},
    {"password", K_STR, 0, NULL, "required for kannel", N_("kannel: the sendsms-user's password")},
    {"smsc", K_STR, 0, NULL, "Kannel's own routing", N_("kannel: the smsc-id to route to")},
    {"from", K_STR, 0, NULL, "the sendsms-user's", N_("kannel: the sender (a number, or a registered brandname)")},
    {"dlr_mask", K_INT, 0, NULL, "19", N_("kannel: delivery reports asked for (1 delivered, 2 not delivered, 4 buffered, 8 accepted by the SMSC, 16 rejected)"), 0, 31, NULL},
    {"in_flight", K_INT, 0, NULL, "16", N_("kannel: HTTP requests to smsbox at once"), 1, 64, NULL},
    {"rate_per_second", K_INT, 0, NULL, "50", N_("kannel: SMS parts per second at most (the carrier account's limit), 0 = unlimited; replaces rate_per_minute"), 0, 10000, NULL},
    {"listen", K_STR, 0, NULL, "none", N_("kannel: \"ADDRESS:PORT\" where loa takes smsbox's pushes (received SMS by post-url, delivery reports); none: neither")},
    {"allow", K_STR, 0, NULL, "\"127.0.0.1\"", N_("kannel: the one client address (smsbox's) the listener accepts")},
    {"secret", K_STR, 0, NULL, "required with listen", N_("kannel: shared secret smsbox's post-url carries (k=…), compared in constant time")},
    END};

static const struct key k_quiet[] = {
    {"from", K_STR, 1, NULL, "\"22:00\"", N_("start of quiet hours (no campaign SMS)")},
    {"to", K_STR, 1, NULL, "\"07:00\"", N_("end of quiet hours")},
    END};

static const struct key k_reporter[] = {
    {"phone", K_STR, 1, NULL, NULL, N_("number allowed to report VNeID activations by SMS")},
    {"hamlet", K_STR, 0, NULL, "any", N_("hamlet code the reporter reports for")},
    {"name", K_STR, 0, NULL, NULL, N_("who it is (\"Trưởng xóm 1\")")},
    {"pin", K_STR, 0, NULL, "none", N_("PIN the report must end with (one word; letters match in any case)")},
    END};

static const struct key k_reporter_replies[] = {
    {"recorded", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a counted report: {so} {xom} {ngay} {tong} {xa}")},
    {"corrected", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a counted correction (VNEID DK -2): {so} {xom} {ngay} {tong} {xa}")},
    {"duplicate", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to the same report sent again, not counted: {so} {xom} {ngay} {tong} {xa}")},
    {"wrong_pin", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a report with a missing or wrong PIN: {huong_dan} {xa}")},
    {"wrong_hamlet", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a report for a hamlet not the reporter's: {ma_bao} (reported) {ma_giao} (the reporter's) {xa}")},
    {"unknown_hamlet", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a report for a hamlet code that does not exist: {ma_bao} {huong_dan} {xa}")},
    {"format", K_STR, 0, NULL, "(Vietnamese default)", N_("how to write a report, after every other refusal ({huong_dan}): {xa}")},
    {"format_pin", K_STR, 0, NULL, "(Vietnamese default)", N_("the same for a reporter with a PIN: {xa}")},
    {"bad_count", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a count that is not a whole number: {chu} (what was sent) {huong_dan} {xa}")},
    {"bad_date", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a date that does not exist: {chu} (what was sent) {huong_dan} {xa}")},
    {"future_date", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a date still to come: {ngay} {hom_nay} (today) {xa}")},
    {"old_date", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a date too far back: {ngay} {so_ngay} (the days a report may be late) {xa}")},
    {"bad_word", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a word that is neither a date nor the PIN: {chu} (the word) {huong_dan} {xa}")},
    {"malformed", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a report that cannot be read: {huong_dan} {xa}")},
    {"no_correction", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a correction (+ or - before the count) when sms.reporters_may_correct is false: {xa}")},
    {"before_opening", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a report dated before the hamlet's opening balance: {ngay} {xom} {ngay_chot} (the balance's date) {xa}")},
    {"held", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to an unusually large count, held for the officer: {so} {xom} {xa}")},
    {"not_recorded", K_STR, 0, NULL, "(Vietnamese default)", N_("answer to a report refused when it was written: {huong_dan} {xa}")},
    END};

static const struct key k_sms[] = {
    {"modems", K_GROUPS, 0, k_modem, "none", N_("the GSM modems; one sender process each")},
    {"quiet_hours", K_GROUP, 0, k_quiet, "22:00–07:00", N_("no campaign SMS inside these hours")},
    {"per_person_per_day", K_INT, 0, NULL, "3", N_("campaign SMS per number per day across all campaigns (a shared phone counts once), 0 = unlimited"), 0, 100, NULL},
    {"max_parts", K_INT, 0, NULL, "3", N_("most parts any message may have"), 1, 10, NULL},
    {"max_attempts", K_INT, 0, NULL, "5", N_("attempts before a message is failed"), 1, 100, NULL},
    {"retry_base", K_INT, 0, NULL, "60", N_("first retry delay in seconds, doubled each attempt"), 1, 86400, NULL},
    {"delivery_reports", K_BOOL, 0, NULL, "true", N_("ask the network for delivery reports")},
    {"price_per_part", K_NUM, 0, NULL, "350", N_("price of one SMS part in VND, for cost estimates"), ANY_NONNEG, NULL},
    {"inbox_poll", K_INT, 0, NULL, "10", N_("seconds between inbox polls"), 1, 3600, NULL},
    {"wal_limit_mb", K_INT, 0, NULL, "256",
     N_("MB the database's write-ahead log may reach while another program holds a read (a long report, a copy); sending waits beyond it"),
     1, 65536, " MB"},
    {"multipart_timeout", K_INT, 0, NULL, "600", N_("seconds a long reply waits for its missing parts"), 10, 7 * 86400, NULL},
    {"auto_replies_per_day", K_INT, 0, NULL, "3", N_("automatic replies per number per day"), 0, 100, NULL},
    {"reporter_replies_per_day", K_INT, 0, NULL, "20", N_("answers to one reporter's enrollment reports per day (other replies to a reporter count under auto_replies_per_day)"), 0, 1000, NULL},
    {"reporters", K_GROUPS, 0, k_reporter, "none", N_("hamlet heads and commune police who report by SMS")},
    {"reporters_international_only", K_BOOL, 0, NULL, "true", N_("a reporter is recognised only from the listed number in international form (+84…), and a sender in another form is nobody's number: an alphanumeric sender can spell 0900000901, never +84900000901")},
    {"reporters_may_correct", K_BOOL, 0, NULL, "true", N_("a signed count (VNEID DK -5) is a correction; false refuses it")},
    {"max_per_report", K_INT, 0, NULL, "500", N_("an SMS report with a larger count is held for the officer's confirmation, 0 = no bound"), 0, 100000, NULL},
    {"reporter_replies", K_GROUP, 0, k_reporter_replies, NULL, N_("the answers to reporters (\"\" = no answer); loa check counts the parts of those set here with the commune's name")},
    END};

static const struct key k_keywords[] = {
    {"optout", K_STRS, 0, NULL, "HUY, TU CHOI, STOP", N_("keywords that stop all SMS to the sender")},
    {"optin", K_STRS, 0, NULL, "DK, DANG KY", N_("keywords that start SMS again")},
    {"help", K_STRS, 0, NULL, "HD, HELP", N_("keywords answered with help_text")},
    {"help_text", K_STR, 0, NULL, "(Vietnamese default)", N_("reply to a help keyword")},
    {"optout_reply", K_STR, 0, NULL, "(Vietnamese default)", N_("confirmation sent once on opt-out")},
    {"optin_reply", K_STR, 0, NULL, "(Vietnamese default)", N_("confirmation sent on opt-in")},
    END};

static const struct key k_tts[] = {
    {"voice", K_STR, 0, NULL, "\"vi\"", N_("espeak-ng voice: vi, vi-vn-x-central, vi-vn-x-south")},
    {"rate", K_INT, 0, NULL, "150", N_("speaking rate, words per minute"), 80, 450, NULL},
    {"pitch", K_INT, 0, NULL, "50", N_("pitch 0–99"), 0, 99, NULL},
    {"thousand", K_STR, 0, NULL, "\"nghìn\"", N_("word for 1,000: nghìn (North) or ngàn (South)")},
    {"zero_ten", K_STR, 0, NULL, "\"linh\"", N_("word in 105: linh (North) or lẻ (South)")},
    {"lexicon", K_PAIRS, 0, NULL, "built-in", N_("abbreviations read as words: ( ( \"UBND\", \"ủy ban nhân dân\" ), … )")},
    {"service_numbers", K_STRS, 0, NULL, "111–115, 1022, 1800*, 1900*", N_("numbers read digit by digit (\"*\" ends a prefix)")},
    END};

static const struct key k_stream[] = {
    {"host", K_STR, 1, NULL, NULL, N_("the Icecast server (\"127.0.0.1\", or a relay's name)")},
    {"port", K_INT, 0, NULL, "8000", N_("its port"), 1, 65535, NULL},
    {"mount", K_STR, 0, NULL, "\"/loa\"", N_("the mount receivers listen to")},
    {"user", K_STR, 0, NULL, "\"source\"", N_("source user")},
    {"password", K_STR, 1, NULL, NULL, N_("source password (Icecast's sample \"hackme\" is refused)")},
    {"bitrate", K_INT, 0, NULL, "32", N_("MP3 bitrate in kbps at most (speech; silence between slots costs 8)")},
    {"name", K_STR, 0, NULL, "the commune", N_("station name shown by receivers")},
    END};

static const struct key k_broadcast[] = {
    {"slots", K_STRS, 0, NULL, "06:00, 17:00", N_("the station's daily broadcast slots")},
    {"chime", K_STR, 0, NULL, "generated", N_("WAV file played before each announcement")},
    {"repeat", K_INT, 0, NULL, "2", N_("times each announcement is read"), 1, 10, NULL},
    {"pause", K_NUM, 0, NULL, "2.0", N_("seconds of silence between repeats"), 0, 60, " seconds"},
    {"loudness", K_NUM, 0, NULL, "-16.0", N_("loudness target in LUFS"), -40, -5, " LUFS"},
    {"device", K_STR, 0, NULL, "\"default\"", N_("ALSA device for playback (\"null\" plays nowhere)")},
    {"autoplay", K_BOOL, 0, NULL, "false", N_("loa run plays each slot itself at its time")},
    {"render_ahead", K_INT, 0, NULL, "12", N_("hours before a slot its audio is rendered"), 0, 72, " hours"},
    {"emergency_repeat", K_INT, 0, NULL, "3", N_("times a khẩn cấp (emergency) announcement is read"), 1, 10, NULL},
    {"emergency_chime", K_STR, 0, NULL, "generated alarm", N_("sound file played before an emergency announcement")},
    {"stream", K_GROUP, 0, k_stream, "none", N_("the programme as an Icecast stream for IP loudspeaker receivers")},
    END};

static const struct key k_target[] = {
    {"by", K_STR, 1, NULL, NULL, N_("date the target is due (\"2025-12-31\")")},
    {"vneid", K_INT, 1, NULL, NULL, N_("cumulative VNeID accounts activated by then")},
    END};

static const struct key k_report[] = {
    {"recipient", K_STR, 0, NULL, "\"\"", N_("who receives the reports (set, not assumed)")},
    {"day", K_INT, 0, NULL, "10", N_("day of the month reports are made"), 1, 28, NULL},
    /* the HTML report's heading and signature, as Decree 30/2020/NĐ-CP lays out an official report */
    {"issuer_parent", K_STR, 0, NULL, "none", N_("the body above the issuer, in capitals (\"UBND TỈNH THÁI NGUYÊN\")")},
    {"issuer", K_STR, 0, NULL, "ỦY BAN NHÂN DÂN + the commune", N_("the issuing body, in capitals (\"CÔNG AN XÃ MINH TIẾN\")")},
    {"abbr", K_STR, 0, NULL, "\"UBND\"", N_("the issuer's abbreviation in \"Số: …/BC-UBND\"")},
    {"number", K_STR, 0, NULL, "left blank", N_("the report's number, when not written in by hand")},
    {"place", K_STR, 0, NULL, "the commune without \"Xã\"", N_("the place in \"Minh Tiến, ngày … tháng … năm …\"")},
    {"recipients", K_STRS, 0, NULL, "Như trên, Lưu: VT", N_("the \"Nơi nhận\" list under the body")},
    {"signer_for", K_STR, 0, NULL, "\"TM. ỦY BAN NHÂN DÂN\"", N_("the line above the signer's title (TM., KT. …)")},
    {"signer_title", K_STR, 0, NULL, "\"CHỦ TỊCH\"", N_("the signer's title, in capitals")},
    {"signer_name", K_STR, 0, NULL, "left blank", N_("the signer's full name")},
    END};

static const struct key k_retention[] = {
    {"inbox_days", K_INT, 0, NULL, "730", N_("days received texts are kept, 0 = forever"), ANY_NONNEG, NULL},
    END};

static const struct key k_web[] = {
    {"listen", K_STR, 0, NULL, "\"127.0.0.1:8080\"", N_("`loa web`: \"ADDRESS:PORT\" the page listens on (the office network or a VPN, never the Internet)")},
    {"hosts", K_STRS, 0, NULL, "the listen address", N_("the names the page is opened by (\"loa.local\"), besides the listen address: any other Host or Origin is refused")},
    {"cert", K_STR, 0, NULL, "none: plain HTTP", N_("the page's TLS certificate (PEM; `loa web cert` makes a self-signed one)")},
    {"key", K_STR, 0, NULL, "required with cert", N_("its private key (PEM)")},
    {"demo", K_BOOL, 0, NULL, "false", N_("the demo configuration (`make demo`): demo accounts may log in, on loopback only; `loa check` warns of one anywhere else")},
    {"plain_http_on_lan", K_BOOL, 0, NULL, "false", N_("listen beyond this machine without TLS (passwords cross the office network readable; the page says so)")},
    END};

static const struct key k_main[] = {
    {"commune", K_STR, 1, NULL, NULL, N_("the commune's name, used in messages and reports")},
    {"language", K_STR, 0, NULL, "LANG", N_("the language of loa's messages (\"vi\", \"en\"); the environment's LANGUAGE wins")},
    {"timezone", K_STR, 0, NULL, "\"Asia/Ho_Chi_Minh\"", N_("local time zone (UTC+7, no DST)")},
    {"database", K_STR, 0, NULL, "\"../var/loa.db\"", N_("the SQLite database file")},
    {"audio_dir", K_STR, 0, NULL, "\"../audio\"", N_("where announcements and playlists are written")},
    {"reports_dir", K_STR, 0, NULL, "\"../reports\"", N_("where reports are written")},
    {"campaigns_dir", K_STR, 0, NULL, "\"../campaigns\"", N_("folder of campaign files (*.cfg)")},
    {"log_file", K_STR, 0, NULL, "stderr", N_("log file for loa run")},
    {"hamlets", K_GROUPS, 1, k_hamlet, NULL, N_("the commune's hamlets")},
    {"sms", K_GROUP, 0, k_sms, NULL, N_("sending and receiving SMS")},
    {"keywords", K_GROUP, 0, k_keywords, NULL, N_("what residents can answer")},
    {"tts", K_GROUP, 0, k_tts, NULL, N_("Vietnamese speech")},
    {"broadcast", K_GROUP, 0, k_broadcast, NULL, N_("the loudspeaker station")},
    {"targets", K_GROUPS, 0, k_target, "none", N_("commune-wide VNeID targets")},
    {"report", K_GROUP, 0, k_report, NULL, N_("reports to the district level")},
    {"retention", K_GROUP, 0, k_retention, NULL, N_("personal-data retention")},
    {"web", K_GROUP, 0, k_web, NULL, N_("the web page (`loa web`)")},
    END};

/* Campaign files. */
static const struct key k_schedule[] = {
    {"at", K_STRS, 0, NULL, NULL, N_("one-off moments: \"2025-03-26 08:00\"")},
    {"times", K_STRS, 0, NULL, NULL, N_("times of day (\"08:00\"); for broadcasts, station slots")},
    {"days", K_SCALARS, 0, NULL, "every day", N_("weekdays (\"mon\"…\"sun\", \"t2\"…\"cn\") and/or days of the month (1–31)")},
    {"every_days", K_INT, 0, NULL, "0", N_("every N days counted from the campaign's from date")},
    {"except", K_STRS, 0, NULL, "none", N_("dates skipped (Tết, holidays): \"2026-02-17\"")},
    END};

static const struct key k_audience[] = {
    {"all", K_BOOL, 0, NULL, "true when nothing else is set", N_("every resident")},
    {"hamlets", K_STRS, 0, NULL, "any", N_("hamlet codes or names (\"Đồng Kiệm\" for \"Xóm Đồng Kiệm\")")},
    {"tags", K_STRS, 0, NULL, "any", N_("residents carrying any of these tags")},
    {"per_household", K_BOOL, 0, NULL, "false", N_("one resident per household")},
    {"vneid", K_STR, 0, NULL, "\"any\"", N_("\"not_activated\", \"activated\", \"unknown\" or \"any\"")},
    {"phones", K_STRS, 0, NULL, "none", N_("explicit numbers")},
    END};

static const struct key k_csms[] = {
    {"text", K_STR, 1, NULL, NULL, N_("the SMS template ({ten}, {ho_ten}, {xom}, {xa}, {ngay}; {ten|bà con} gives a fallback)")},
    {"diacritics", K_BOOL, 0, NULL, "true", N_("false sends without Vietnamese marks (GSM-7, cheaper)")},
    {"max_parts", K_INT, 0, NULL, "sms.max_parts", N_("most parts this campaign's SMS may have")},
    {"schedule", K_GROUP, 1, k_schedule, NULL, N_("when it is sent")},
    END};

static const struct key k_cbroadcast[] = {
    {"text", K_STR, 1, NULL, NULL, N_("the announcement read on the loudspeakers")},
    {"schedule", K_GROUP, 0, k_schedule, "every slot, every day", N_("which slots (times) and days")},
    {"level", K_STR, 0, NULL, "\"thuong\"", N_("Thông tư 39 level: thuong (in its slot), uu-tien (first in its slot), khan-cap")},
    END};

static const struct key k_creply[] = {
    {"keyword", K_STR, 1, NULL, NULL, N_("what the resident answers (\"CO\")")},
    {"aliases", K_STRS, 0, NULL, "none", N_("other ways to say it (\"có rồi\")")},
    {"action", K_STR, 0, NULL, "\"poll\"", N_("poll, optout, optin, help or inbox")},
    {"reply", K_STR, 0, NULL, "none", N_("answer sent back")},
    {"vneid", K_STR, 0, NULL, "none", N_("a poll answer sets the resident's VNeID status: activated / not_activated")},
    END};

static const struct key k_campaign[] = {
    {"id", K_STR, 1, NULL, NULL, N_("unique id (letters, digits, - and _)")},
    {"title", K_STR, 1, NULL, NULL, N_("what the officer calls it")},
    {"enabled", K_BOOL, 0, NULL, "true", N_("false stops it and cancels its queued SMS")},
    {"from", K_STR, 0, NULL, "open", N_("first day (\"2025-03-01\")")},
    {"until", K_STR, 0, NULL, "open", N_("last day")},
    {"priority", K_INT, 0, NULL, "0", N_("higher goes first"), -999, 999, NULL},
    {"urgent", K_BOOL, 0, NULL, "false", N_("disaster warning: ignores quiet hours and caps, goes first")},
    {"catch_up", K_STR, 0, NULL, "\"2h\"", N_("after downtime: \"skip\", or how late a run may still go (\"2h\")")},
    {"audience", K_GROUP, 0, k_audience, "everyone", N_("who receives it")},
    {"sms", K_GROUP, 0, k_csms, NULL, N_("the SMS")},
    {"broadcast", K_GROUP, 0, k_cbroadcast, NULL, N_("the loudspeaker announcement")},
    {"replies", K_GROUPS, 0, k_creply, "none", N_("keywords and poll answers for this campaign")},
    {"vars", K_GROUP, 0, NULL, "none", N_("the event's own placeholders, named once: vars = { ngay_hop = \"2026-12-05\"; dia_diem = \"Nhà văn hóa xóm\" } gives {ngay_hop} (a date \"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM\" shows as \"thứ Bảy, 05/12/2026\") and {dia_diem} in the SMS and broadcast texts")},
    END};

#pragma GCC diagnostic pop

/* ---- error collection ---- */

static void strlist_add(struct cfg_strlist *l, char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = s;
}

static void strlist_free(struct cfg_strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

struct loader {
    struct config *cfg;
    const char *file;           /* file being loaded, for settings without a source */
    const char *skip;           /* config_load_swap: a campaign file of the folder not read, or NULL */
    const char *extra;          /*   and a file read as well (anywhere), or NULL */
};

static void at_error(struct loader *ld, const config_setting_t *s, const char *fmt, ...) LOA_PRINTF(3, 4);
static void at_warn(struct loader *ld, const config_setting_t *s, const char *fmt, ...) LOA_PRINTF(3, 4);
static void file_error(struct config *cfg, const char *file, int line, const char *fmt, ...) LOA_PRINTF(4, 5);

char *config_msg_text(const struct cfg_msg *m, const char *fmt)
{
    char *text = util_fmt_render(fmt, m->args, m->nargs);
    if (!m->file) return text;
    char *out = m->line > 0 ? xasprintf("%s:%d: %s", m->file, m->line, text) : xasprintf("%s: %s", m->file, text);
    free(text);
    return out;
}

void config_msg_clear(struct cfg_msg *m)
{
    if (!m) return;
    free(m->file);
    util_fmt_args_free(m->args, m->nargs);
    memset(m, 0, sizeof *m);
}

static void msg_set(struct cfg_msg *m, const char *file, int line, const char *fmt, va_list ap) LOA_PRINTF(4, 0);
static void msg_set(struct cfg_msg *m, const char *file, int line, const char *fmt, va_list ap)
{
    *m = (struct cfg_msg){.file = file ? xstrdup(file) : NULL, .line = line, .kind = fmt};
    m->args = util_fmt_args(fmt, ap, &m->nargs);
}

static void msglist_free(struct cfg_msglist *l)
{
    for (size_t i = 0; i < l->n; i++) config_msg_clear(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* A message kept twice: as data for the officer (MSGS), and its English line for logs (LINES). */
static void add_msg(struct cfg_msglist *msgs, struct cfg_strlist *lines, const char *file, int line, const char *fmt,
                    va_list ap) LOA_PRINTF(5, 0);
static void add_msg(struct cfg_msglist *msgs, struct cfg_strlist *lines, const char *file, int line, const char *fmt,
                    va_list ap)
{
    msgs->v = xrealloc(msgs->v, (msgs->n + 1) * sizeof *msgs->v);
    struct cfg_msg *m = &msgs->v[msgs->n++];
    msg_set(m, file, line, fmt, ap);
    strlist_add(lines, config_msg_text(m, m->kind));
}

static const char *source_file(struct loader *ld, const config_setting_t *s)
{
    return s && config_setting_source_file(s) ? config_setting_source_file(s) : ld->file;
}

static void at_error(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_msg(&ld->cfg->error_msgs, &ld->cfg->errors, source_file(ld, s), s ? config_setting_source_line(s) : 0, fmt, ap);
    va_end(ap);
}

static void at_warn(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_msg(&ld->cfg->warning_msgs, &ld->cfg->warnings, source_file(ld, s), s ? config_setting_source_line(s) : 0, fmt, ap);
    va_end(ap);
}

/* An error about FILE as a whole (LINE 0) or at LINE, outside the schema's settings. */
static void file_error(struct config *cfg, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_msg(&cfg->error_msgs, &cfg->errors, file, line, fmt, ap);
    va_end(ap);
}

/* FILE could not be read or parsed by libconfig (LC). */
static void read_failed(struct config *cfg, config_t *lc, const char *file)
{
    if (config_error_type(lc) == CONFIG_ERR_FILE_IO) file_error(cfg, file, 0, N_("cannot read file: %s"), strerror(errno));
    else {
        char *why = cfgcheck_syntax(file, config_error_line(lc), config_error_text(lc));
        file_error(cfg, file, config_error_line(lc), "%s", why);
        free(why);
    }
}

/* ---- the schema walker ---- */

static config_setting_t *member(const config_setting_t *g, const char *name)
{
    return g ? config_setting_get_member(g, name) : NULL;
}

static const char *type_name(enum ktype t)
{
    switch (t) {
    case K_STR: return _("a string in quotes");
    case K_INT: return _("an integer");
    case K_NUM: return _("a number");
    case K_BOOL: return _("true or false");
    case K_GROUP: return _("a group { … }");
    case K_GROUPS: return _("a list of groups ( { … }, … )");
    case K_STRS: return _("a string or an array of strings [ \"…\", … ]");
    case K_SCALARS: return _("an array of strings or integers");
    case K_PAIRS: return _("a list of pairs ( ( \"…\", \"…\" ), … )");
    }
    return "?";
}

static int is_seq(const config_setting_t *s)
{
    return config_setting_is_array(s) || config_setting_is_list(s);
}

static int type_ok(const config_setting_t *s, enum ktype t)
{
    int st = config_setting_type(s);
    switch (t) {
    case K_STR: return st == CONFIG_TYPE_STRING;
    case K_INT: return st == CONFIG_TYPE_INT || st == CONFIG_TYPE_INT64;
    case K_NUM: return st == CONFIG_TYPE_INT || st == CONFIG_TYPE_INT64 || st == CONFIG_TYPE_FLOAT;
    case K_BOOL: return st == CONFIG_TYPE_BOOL;
    case K_GROUP: return st == CONFIG_TYPE_GROUP;
    case K_GROUPS:
        if (!is_seq(s)) return 0;
        for (int i = 0; i < config_setting_length(s); i++)
            if (config_setting_type(config_setting_get_elem(s, (unsigned)i)) != CONFIG_TYPE_GROUP) return 0;
        return 1;
    case K_STRS:
        if (st == CONFIG_TYPE_STRING) return 1;
        if (!is_seq(s)) return 0;
        for (int i = 0; i < config_setting_length(s); i++)
            if (config_setting_type(config_setting_get_elem(s, (unsigned)i)) != CONFIG_TYPE_STRING) return 0;
        return 1;
    case K_SCALARS:
        if (st == CONFIG_TYPE_STRING || st == CONFIG_TYPE_INT) return 1;
        if (!is_seq(s)) return 0;
        for (int i = 0; i < config_setting_length(s); i++) {
            int et = config_setting_type(config_setting_get_elem(s, (unsigned)i));
            if (et != CONFIG_TYPE_STRING && et != CONFIG_TYPE_INT) return 0;
        }
        return 1;
    case K_PAIRS:
        if (!is_seq(s)) return 0;
        for (int i = 0; i < config_setting_length(s); i++) {
            config_setting_t *p = config_setting_get_elem(s, (unsigned)i);
            if (!is_seq(p) || config_setting_length(p) != 2) return 0;
            for (unsigned j = 0; j < 2; j++)
                if (config_setting_type(config_setting_get_elem(p, j)) != CONFIG_TYPE_STRING) return 0;
        }
        return 1;
    }
    return 0;
}

/* Check GROUP's members against SCHEMA. PATH names the group in messages ("sms."). */
static void walk(struct loader *ld, const config_setting_t *group, const struct key *schema, const char *path)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        const struct key *k = NULL;
        for (const struct key *c = schema; c->name; c++)
            if (!strcmp(c->name, name)) { k = c; break; }
        if (!k) {
            const struct key *best = NULL;
            size_t bestd = 3;
            for (const struct key *c = schema; c->name; c++) {
                size_t d = cfgcheck_distance(c->name, name);
                if (d < bestd) { bestd = d; best = c; }
            }
            if (best) at_error(ld, s, N_("unknown setting '%s%s' (did you mean '%s'?)"), path, name, best->name);
            else at_error(ld, s, N_("unknown setting '%s%s'"), path, name);
            continue;
        }
        if (!type_ok(s, k->type)) {
            if (k->type == K_BOOL && config_setting_type(s) == CONFIG_TYPE_STRING)
                at_error(ld, s, N_("'%s%s': \"%s\" is not a value here: write true or false, without quotes"), path, name,
                         config_setting_get_string(s));
            else
                at_error(ld, s, N_("'%s%s' must be %s"), path, name, type_name(k->type));
            continue;
        }
        if (k->type == K_GROUP && !k->sub) {
            /* a free-form group (a campaign's vars): any name, each a string */
            for (int j = 0; j < config_setting_length(s); j++) {
                config_setting_t *m = config_setting_get_elem(s, (unsigned)j);
                if (config_setting_type(m) != CONFIG_TYPE_STRING)
                    at_error(ld, m, N_("'%s%s.%s' must be %s"), path, name, config_setting_name(m), type_name(K_STR));
            }
        } else if (k->type == K_GROUP) {
            char *sub = xasprintf("%s%s.", path, name);
            walk(ld, s, k->sub, sub);
            free(sub);
        } else if (k->type == K_GROUPS) {
            for (int j = 0; j < config_setting_length(s); j++) {
                char *sub = xasprintf("%s%s[%d].", path, name, j);
                walk(ld, config_setting_get_elem(s, (unsigned)j), k->sub, sub);
                free(sub);
            }
        }
    }
    for (const struct key *c = schema; c->name; c++)
        if (c->required && !member(group, c->name))
            at_error(ld, group, N_("missing required setting '%s%s'"), path, c->name);
}

/* ---- extraction helpers: the walker has already reported wrong types ---- */


static const char *get_str(const config_setting_t *g, const char *name, const char *def)
{
    const char *v;
    return g && config_setting_lookup_string(g, name, &v) == CONFIG_TRUE ? v : def;
}

static char *dup_str(const config_setting_t *g, const char *name, const char *def)
{
    const char *v = get_str(g, name, def);
    return v ? xstrdup(v) : NULL;
}

static long long get_int(const config_setting_t *g, const char *name, long long def)
{
    config_setting_t *s = g ? member(g, name) : NULL;
    if (!s) return def;
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) return config_setting_get_int64(s);
    return def;
}

static double get_num(const config_setting_t *g, const char *name, double def)
{
    config_setting_t *s = g ? member(g, name) : NULL;
    if (!s) return def;
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) return (double)config_setting_get_int64(s);
    if (t == CONFIG_TYPE_FLOAT) return config_setting_get_float(s);
    return def;
}

static int get_bool(const config_setting_t *g, const char *name, int def)
{
    config_setting_t *s = g ? member(g, name) : NULL;
    if (!s || config_setting_type(s) != CONFIG_TYPE_BOOL) return def;
    return config_setting_get_bool(s);
}

/* ---- values read through the schema: each key's default and range live in its row, once ---- */

static const struct key *key_of(const struct key *keys, const char *name)
{
    for (const struct key *k = keys; k->name; k++)
        if (!strcmp(k->name, name)) return k;
    assert(!"the loader reads a key its schema table does not list");
    return NULL;
}

/* A number out of its row's range is an error at its line: "sms.max_parts must be between 1 and 10". */
static void key_check(struct loader *ld, const config_setting_t *g, const struct key *k, const char *prefix, double v)
{
    if (k->lo == k->hi || (v >= k->lo && v <= k->hi)) return;
    config_setting_t *at = member(g, k->name);
    if (k->hi == HUGE_VAL) at_error(ld, at, N_("%s%s must not be negative"), prefix, k->name);
    else at_error(ld, at, N_("%s%s must be between %g and %g%s"), prefix, k->name, k->lo, k->hi, k->unit ? k->unit : "");
}

/* Integer key NAME of group G (NULL: absent) as KEYS describes it; PREFIX names the group in errors. */
static long long key_int(struct loader *ld, const config_setting_t *g, const struct key *keys, const char *name,
                         const char *prefix)
{
    const struct key *k = key_of(keys, name);
    long long v = get_int(g, name, k->def ? strtoll(k->def, NULL, 10) : 0);
    key_check(ld, g, k, prefix, (double)v);
    return v;
}

static double key_num(struct loader *ld, const config_setting_t *g, const struct key *keys, const char *name,
                      const char *prefix)
{
    const struct key *k = key_of(keys, name);
    double v = get_num(g, name, k->def ? strtod(k->def, NULL) : 0);
    key_check(ld, g, k, prefix, v);
    return v;
}

/* A string key: the row's default when it is a literal ("\"vi\""), else NULL ("none", "generated"). */
static char *key_str(const config_setting_t *g, const struct key *keys, const char *name)
{
    const struct key *k = key_of(keys, name);
    const char *v = get_str(g, name, NULL);
    if (v) return xstrdup(v);
    size_t n = k->def ? strlen(k->def) : 0;
    return n >= 2 && k->def[0] == '"' && k->def[n - 1] == '"' ? xstrndup(k->def + 1, n - 2) : NULL;
}

/* A boolean key: the row's default is "true" or "false". */
static int key_bool(const config_setting_t *g, const struct key *keys, const char *name)
{
    const struct key *k = key_of(keys, name);
    return get_bool(g, name, k->def && !strcmp(k->def, "true"));
}

/* Strings of a K_STRS setting (one string or a sequence) into L. Returns the setting or NULL. */
static config_setting_t *get_strs(const config_setting_t *g, const char *name, struct cfg_strlist *l)
{
    config_setting_t *s = g ? member(g, name) : NULL;
    if (!s) return NULL;
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        strlist_add(l, xstrdup(config_setting_get_string(s)));
        return s;
    }
    if (!is_seq(s)) return s;
    for (int i = 0; i < config_setting_length(s); i++) {
        const char *v = config_setting_get_string_elem(s, (unsigned)i);
        if (v) strlist_add(l, xstrdup(v));
    }
    return s;
}

static void defaults_strs(struct cfg_strlist *l, const char *const *defs)
{
    if (l->n) return;
    for (; *defs; defs++) strlist_add(l, xstrdup(*defs));
}

static char *resolve(struct config *cfg, const config_setting_t *root, const char *name, const char *def)
{
    const char *v = get_str(root, name, def);
    return util_path_resolve(cfg->dir, v);
}

static int check_time(struct loader *ld, const config_setting_t *s, const char *what, const char *v, int *out)
{
    if (util_parse_hhmm(v, out) == 0) return 0;
    at_error(ld, s, N_("%s '%s' is not a time of day (HH:MM, 00:00–23:59)"), what, v);
    return -1;
}

/* WHAT (a date or, WITH_TIME, a moment) V does not exist or is not written as one: say why. */
static void date_error(struct loader *ld, const config_setting_t *s, const char *what, const char *v, int with_time)
{
    char why[LOA_ERRLEN];
    if ((with_time ? cfgcheck_datetime : cfgcheck_date)(v, why, sizeof why) == 0)
        snprintf(why, sizeof why, "%s", with_time ? "not a date and time" : "not a date");
    at_error(ld, s, "%s %s: %s", what, v, why);
}

/* ---- loa.cfg sections ---- */

static void load_hamlets(struct loader *ld, const config_setting_t *root)
{
    struct config *cfg = ld->cfg;
    config_setting_t *hs = member(root, "hamlets");
    if (!hs || !type_ok(hs, K_GROUPS)) return;
    int n = config_setting_length(hs);
    cfg->hamlets = xcalloc((size_t)n, sizeof *cfg->hamlets);
    for (int i = 0; i < n; i++) {
        config_setting_t *h = config_setting_get_elem(hs, (unsigned)i);
        const char *code = get_str(h, "code", NULL), *name = get_str(h, "name", NULL);
        if (!code || !name) continue;
        if (!*code || strchr(code, ' ')) {
            at_error(ld, h, N_("hamlet code '%s' must be one word, no spaces"), code);
            continue;
        }
        if (config_hamlet(cfg, code)) {
            at_error(ld, h, N_("hamlet code '%s' is defined twice"), code);
            continue;
        }
        struct cfg_hamlet *x = &cfg->hamlets[cfg->nhamlets++];
        x->code = xstrdup(code);
        x->name = xstrdup(name);
        x->merged_into = dup_str(h, "merged_into", NULL);
        x->target = (long)get_int(h, "target", 0);
        x->population = (long)get_int(h, "population", 0);
        if (x->population < 0) at_error(ld, member(h, "population"), N_("hamlet '%s': population must not be negative"), code);
        x->line = config_setting_source_line(h);
    }
    if (n == 0) at_error(ld, hs, N_("'hamlets' is empty: define at least one hamlet"));
    for (size_t i = 0; i < cfg->nhamlets; i++) {
        struct cfg_hamlet *x = &cfg->hamlets[i];
        if (!x->merged_into) continue;
        const struct cfg_hamlet *to = config_hamlet(cfg, x->merged_into);
        config_setting_t *h = config_setting_get_elem(hs, (unsigned)i);
        if (!to) at_error(ld, h, N_("hamlet '%s' is merged into '%s', which is not defined"), x->code, x->merged_into);
        else if (to == x || to->merged_into) at_error(ld, h, N_("hamlet '%s' must be merged into a current hamlet, not '%s'"), x->code, x->merged_into);
    }
}

static void check_hamlet_ref(struct loader *ld, const config_setting_t *s, const char *code)
{
    if (config_hamlet(ld->cfg, code)) return;
    char *near = cfgcheck_near_hamlets(ld->cfg, code);
    at_error(ld, s, N_("hamlet '%s' is not defined in 'hamlets'%s"), code, near);
    free(near);
}

/* A PIN is one word of letters and digits; without one, anyone who can forge the sender can report. */
static void check_pin(struct loader *ld, const config_setting_t *r, const struct cfg_reporter *x)
{
    if (!x->pin) {
        at_warn(ld, r, N_("reporter %s has no pin: anyone who can forge this sender number can report counts for it"), x->phone);
        return;
    }
    const config_setting_t *p = member(r, "pin");
    size_t n = strlen(x->pin);
    int digits = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)x->pin[i];
        if (!isdigit(ch)) digits = 0;
        if (ch < 0x80 && !isalnum(ch)) {
            at_error(ld, p, N_("reporter %s: pin '%s' must be one word of letters and digits"), x->phone, x->pin);
            return;
        }
    }
    if (n == 0) at_error(ld, p, N_("reporter %s: pin is empty (leave it out for none)"), x->phone);
    else if (digits && n == 4 && atoi(x->pin) >= 1900 && atoi(x->pin) <= 2100)
        at_warn(ld, p, N_("reporter %s: pin '%s' looks like a year: a report ending in that year is taken as the PIN"), x->phone, x->pin);
}

/* The kannel transport's keys of modem M into X; its rate replaces rate_per_minute, and a carrier account has
 * no SIM's daily limit unless one is set. */
static void load_kannel(struct loader *ld, const config_setting_t *m, struct cfg_modem *x, const char *prefix)
{
    struct cfg_kannel *k = &x->kannel;
    static const char *const need[] = {"url", "user", "password"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!get_str(m, need[i], NULL)) at_error(ld, m, N_("modem '%s': type kannel needs '%s'"), x->name, need[i]);
    k->url = dup_str(m, "url", "");
    if (*k->url && strncmp(k->url, "http://", 7) && strncmp(k->url, "https://", 8))
        at_error(ld, member(m, "url"), N_("modem '%s': url must start with http:// or https://"), x->name);
    k->user = dup_str(m, "user", "");
    k->password = dup_str(m, "password", "");
    k->smsc = dup_str(m, "smsc", NULL);
    k->from = dup_str(m, "from", NULL);
    k->dlr_mask = (int)key_int(ld, m, k_modem, "dlr_mask", prefix);
    k->in_flight = (int)key_int(ld, m, k_modem, "in_flight", prefix);
    k->rate_per_second = (int)key_int(ld, m, k_modem, "rate_per_second", prefix);
    x->rate_per_minute = k->rate_per_second * 60;
    k->listen = dup_str(m, "listen", NULL);
    k->allow = key_str(m, k_modem, "allow");
    k->secret = dup_str(m, "secret", NULL);
    const char *colon = k->listen ? strrchr(k->listen, ':') : NULL;
    if (k->listen && (!colon || colon == k->listen || atoi(colon + 1) < 1 || atoi(colon + 1) > 65535))
        at_error(ld, member(m, "listen"), N_("modem '%s': listen must be \"ADDRESS:PORT\" (\"127.0.0.1:13080\")"), x->name);
    if (k->listen && (!k->secret || strlen(k->secret) < 12 || k->secret[strspn(k->secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")]))
        at_error(ld, k->secret ? member(m, "secret") : m, N_("modem '%s': listen needs a secret of 12 or more letters, digits, - or _"), x->name);
    x->daily_limit = (int)get_int(m, "daily_limit", 0);
    x->auto_reply_parts = (int)get_int(m, "auto_reply_parts", 0);
}

/* sms.modems: each modem's settings, defaults and ranges from k_modem. */
static void load_modems(struct loader *ld, const config_setting_t *g)
{
    struct config *cfg = ld->cfg;
    struct cfg_sms *sms = &cfg->sms;
    config_setting_t *ms = g ? member(g, "modems") : NULL;
    if (ms && type_ok(ms, K_GROUPS)) {
        int n = config_setting_length(ms);
        sms->modems = xcalloc((size_t)n, sizeof *sms->modems);
        for (int i = 0; i < n; i++) {
            config_setting_t *m = config_setting_get_elem(ms, (unsigned)i);
            const char *name = get_str(m, "name", NULL), *dev = get_str(m, "device", NULL);
            char *type = key_str(m, k_modem, "type");
            int kannel = !strcmp(type, "kannel");
            if (name && !dev && !kannel) at_error(ld, m, N_("modem '%s': missing required setting 'device'"), name);
            if (!name || (!dev && !kannel)) {
                free(type);
                continue;
            }
            for (size_t j = 0; j < sms->nmodems; j++)
                if (!strcmp(sms->modems[j].name, name)) at_error(ld, m, N_("modem name '%s' is used twice"), name);
            struct cfg_modem *x = &sms->modems[sms->nmodems++];
            x->name = xstrdup(name);
            x->type = type;
            if (!transport_lookup(x->type))
                at_error(ld, member(m, "type"), N_("modem '%s': unknown type '%s' (known: %s)"), name, x->type, transport_names());
            x->model = key_str(m, k_modem, "model");
            x->connection = key_str(m, k_modem, "connection");
            x->device = dev ? util_path_resolve(cfg->dir, dev) : xstrdup("");
            const char *dbg = get_str(m, "debug_file", NULL);
            x->debug_file = dbg ? util_path_resolve(cfg->dir, dbg) : NULL;
            x->enabled = key_bool(m, k_modem, "enabled");
            char *prefix = xasprintf("modem '%s': ", name);
            x->rate_per_minute = (int)key_int(ld, m, k_modem, "rate_per_minute", prefix);
            x->daily_limit = (int)key_int(ld, m, k_modem, "daily_limit", prefix);
            int share = x->daily_limit / 10 > 10 ? x->daily_limit / 10 : 10;
            x->auto_reply_parts = (int)get_int(m, "auto_reply_parts", x->daily_limit ? share : 0);
            if (x->auto_reply_parts < 0 || (x->daily_limit && x->auto_reply_parts > x->daily_limit))
                at_error(ld, member(m, "auto_reply_parts"), N_("modem '%s': auto_reply_parts must be between 0 and daily_limit (%d)"),
                         name, x->daily_limit);
            x->balance_ussd = dup_str(m, "balance_ussd", NULL);
            x->balance_min = key_num(ld, m, k_modem, "balance_min", prefix);
            x->reply_timeout = (int)key_int(ld, m, k_modem, "reply_timeout", prefix);
            if (kannel) load_kannel(ld, m, x, prefix);
            free(prefix);
            x->line = config_setting_source_line(m);
            const char *own = get_str(m, "own_number", NULL);
            if (own) {
                char e164[32], perr[LOA_ERRLEN];
                if (phone_normalize(own, e164, perr) < 0)
                    at_error(ld, member(m, "own_number"), N_("modem '%s': own_number '%s': %s"), name, own, perr);
                else x->own_number = xstrdup(e164);
            }
        }
    }
}

static void load_sms(struct loader *ld, const config_setting_t *root)
{
    struct config *cfg = ld->cfg;
    struct cfg_sms *sms = &cfg->sms;
    config_setting_t *g = member(root, "sms");
    if (g && !type_ok(g, K_GROUP)) g = NULL;
    char *qf = key_str(NULL, k_quiet, "from"), *qt = key_str(NULL, k_quiet, "to");   /* the defaults */
    util_parse_hhmm(qf, &sms->quiet_from);
    util_parse_hhmm(qt, &sms->quiet_to);
    free(qf);
    free(qt);
    config_setting_t *q = g ? member(g, "quiet_hours") : NULL;
    if (q && type_ok(q, K_GROUP)) {
        const char *f = get_str(q, "from", NULL), *t = get_str(q, "to", NULL);
        if (f) check_time(ld, member(q, "from"), "quiet_hours.from", f, &sms->quiet_from);
        if (t) check_time(ld, member(q, "to"), "quiet_hours.to", t, &sms->quiet_to);
    }
    sms->per_person_per_day = (int)key_int(ld, g, k_sms, "per_person_per_day", "sms.");
    sms->max_parts = (int)key_int(ld, g, k_sms, "max_parts", "sms.");
    sms->max_attempts = (int)key_int(ld, g, k_sms, "max_attempts", "sms.");
    sms->retry_base = (int)key_int(ld, g, k_sms, "retry_base", "sms.");
    sms->delivery_reports = key_bool(g, k_sms, "delivery_reports");
    sms->price_per_part = key_num(ld, g, k_sms, "price_per_part", "sms.");
    sms->inbox_poll = (int)key_int(ld, g, k_sms, "inbox_poll", "sms.");
    sms->wal_limit_mb = (int)key_int(ld, g, k_sms, "wal_limit_mb", "sms.");
    sms->multipart_timeout = (int)key_int(ld, g, k_sms, "multipart_timeout", "sms.");
    sms->auto_replies_per_day = (int)key_int(ld, g, k_sms, "auto_replies_per_day", "sms.");
    sms->reporter_replies_per_day = (int)key_int(ld, g, k_sms, "reporter_replies_per_day", "sms.");
    sms->reporters_international_only = key_bool(g, k_sms, "reporters_international_only");
    sms->reporters_may_correct = key_bool(g, k_sms, "reporters_may_correct");
    sms->max_per_report = (int)key_int(ld, g, k_sms, "max_per_report", "sms.");

    load_modems(ld, g);

    config_setting_t *rs = g ? member(g, "reporters") : NULL;
    if (rs && type_ok(rs, K_GROUPS)) {
        int n = config_setting_length(rs);
        sms->reporters = xcalloc((size_t)n, sizeof *sms->reporters);
        for (int i = 0; i < n; i++) {
            config_setting_t *r = config_setting_get_elem(rs, (unsigned)i);
            const char *phone = get_str(r, "phone", NULL);
            if (!phone) continue;
            char e164[32], perr[LOA_ERRLEN];
            if (phone_normalize(phone, e164, perr) < 0) {
                at_error(ld, member(r, "phone"), N_("reporter phone '%s': %s"), phone, perr);
                continue;
            }
            struct cfg_reporter *x = &sms->reporters[sms->nreporters++];
            x->phone = xstrdup(e164);
            x->hamlet = dup_str(r, "hamlet", NULL);
            x->name = dup_str(r, "name", NULL);
            x->pin = dup_str(r, "pin", NULL);
            x->line = config_setting_source_line(r);
            if (x->hamlet) check_hamlet_ref(ld, member(r, "hamlet"), x->hamlet);
            check_pin(ld, r, x);
        }
    }
}

static void load_keywords(struct loader *ld, const config_setting_t *root)
{
    struct cfg_keywords *k = &ld->cfg->keywords;
    config_setting_t *g = member(root, "keywords");
    if (g && !type_ok(g, K_GROUP)) g = NULL;
    static const char *const optout[] = {"HUY", "TU CHOI", "STOP", NULL};
    static const char *const optin[] = {"DK", "DANG KY", NULL};
    static const char *const help[] = {"HD", "HELP", NULL};
    get_strs(g, "optout", &k->optout);
    get_strs(g, "optin", &k->optin);
    get_strs(g, "help", &k->help);
    defaults_strs(&k->optout, optout);
    defaults_strs(&k->optin, optin);
    defaults_strs(&k->help, help);
    k->help_text = dup_str(g, "help_text",
        "Tin nhắn của UBND xã. Soạn HUY để ngừng nhận tin, DK để nhận lại tin. Hỏi đáp: gặp công chức Văn hóa - xã hội.");
    k->optout_reply = dup_str(g, "optout_reply",
        "Bạn đã ngừng nhận tin nhắn của UBND xã. Soạn DK để nhận lại.");
    k->optin_reply = dup_str(g, "optin_reply", "Bạn đã đăng ký nhận tin nhắn của UBND xã. Soạn HUY để ngừng.");
    /* An automatic reply longer than sms.max_parts would never be queued: say so now. */
    struct { const char *key, *text; } replies[] = {
        {"help_text", k->help_text}, {"optout_reply", k->optout_reply}, {"optin_reply", k->optin_reply}};
    for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
        struct sms_info info;
        char perr[LOA_ERRLEN];
        char *p = sms_prepare_count(replies[i].text, 1, &info, perr);
        if (!p) at_error(ld, member(g, replies[i].key), N_("keywords.%s can never be sent: %s"), replies[i].key, perr);
        else if (info.parts > ld->cfg->sms.max_parts)
            at_error(ld, member(g, replies[i].key), N_("keywords.%s needs %d SMS parts (%s, %d characters), more than sms.max_parts = %d"),
                     replies[i].key, info.parts, sms_encoding_name(info.encoding), info.chars, ld->cfg->sms.max_parts);
        free(p);
    }
}

/* ---- the answers to reporters ---- */

static const char *const rr_counted[] = {"xa", "xom", "so", "ngay", "tong", NULL};
static const char *const rr_pin[] = {"xa", "huong_dan", NULL};
static const char *const rr_hamlet[] = {"xa", "ma_bao", "ma_giao", NULL};
static const char *const rr_unknown[] = {"xa", "ma_bao", "huong_dan", NULL};
static const char *const rr_plain[] = {"xa", NULL};
static const char *const rr_word[] = {"xa", "chu", "huong_dan", NULL};
static const char *const rr_future[] = {"xa", "ngay", "hom_nay", NULL};
static const char *const rr_old[] = {"xa", "ngay", "so_ngay", NULL};
static const char *const rr_help[] = {"xa", "huong_dan", NULL};
static const char *const rr_opening[] = {"xa", "ngay", "xom", "ngay_chot", NULL};
static const char *const rr_held[] = {"xa", "so", "xom", NULL};
static const struct {
    const char *key;
    const char *const *names;
    const char *def;
} reporter_replies[RREPLY_N] = {
    [RREPLY_RECORDED] = {"recorded", rr_counted, "Đã ghi nhận {so} tài khoản VNeID của {xom} ngày {ngay}. Tổng của xóm: {tong}."},
    [RREPLY_CORRECTED] = {"corrected", rr_counted,
                          "Đã ghi nhận đính chính {so} tài khoản VNeID của {xom} ngày {ngay}. Tổng của xóm: {tong}."},
    [RREPLY_DUPLICATE] = {"duplicate", rr_counted,
                          "Báo cáo {so} tài khoản VNeID của {xom} ngày {ngay} đã được ghi nhận trước đó, không tính lại. "
                          "Tổng của xóm: {tong}."},
    [RREPLY_WRONG_PIN] = {"wrong_pin", rr_pin, "Sai hoặc thiếu mã PIN: báo cáo không được tính. {huong_dan}"},
    [RREPLY_WRONG_HAMLET] = {"wrong_hamlet", rr_hamlet, "Số này chỉ báo cáo cho xóm {ma_giao}; báo cáo cho {ma_bao} không được tính."},
    [RREPLY_UNKNOWN_HAMLET] = {"unknown_hamlet", rr_unknown, "Không có xóm mã {ma_bao}. {huong_dan}"},
    [RREPLY_FORMAT] = {"format", rr_plain, "Soạn: VNEID <mã xóm> <số tài khoản mới> [ngày/tháng], ví dụ: VNEID DK 12 26/11"},
    [RREPLY_FORMAT_PIN] = {"format_pin", rr_plain,
                           "Soạn: VNEID <mã xóm> <số tài khoản mới> [ngày/tháng] <PIN>, ví dụ: VNEID DK 12 26/11 <PIN>"},
    [RREPLY_BAD_COUNT] = {"bad_count", rr_word,
                          "Số \"{chu}\" không phải số nguyên (ví dụ 12 hoặc 1.500): báo cáo không được tính. {huong_dan}"},
    [RREPLY_BAD_DATE] = {"bad_date", rr_word, "Ngày \"{chu}\" không có thật: báo cáo không được tính. {huong_dan}"},
    [RREPLY_FUTURE_DATE] = {"future_date", rr_future, "Ngày {ngay} chưa tới (hôm nay {hom_nay}): báo cáo không được tính."},
    [RREPLY_OLD_DATE] = {"old_date", rr_old,
                         "Ngày {ngay} đã quá {so_ngay} ngày: báo cáo không được tính. Báo cáo cũ xin gửi công chức Văn hóa - xã hội."},
    [RREPLY_BAD_WORD] = {"bad_word", rr_word, "\"{chu}\" không phải ngày hay mã PIN: báo cáo không được tính. {huong_dan}"},
    [RREPLY_MALFORMED] = {"malformed", rr_help, "Sai cú pháp. {huong_dan}"},
    [RREPLY_NO_CORRECTION] = {"no_correction", rr_plain,
                              "Không nhận đính chính qua tin nhắn (số có dấu + hoặc -). Xin báo công chức Văn hóa - xã hội."},
    [RREPLY_BEFORE_OPENING] = {"before_opening", rr_opening,
                               "Ngày {ngay} trước ngày chốt số đầu kỳ của {xom} ({ngay_chot}): báo cáo không được tính."},
    [RREPLY_HELD] = {"held", rr_held,
                     "Báo cáo {so} tài khoản VNeID của {xom} lớn bất thường: chờ công chức xác nhận, chưa được tính."},
    [RREPLY_NOT_RECORDED] = {"not_recorded", rr_help, "Báo cáo không được tính. {huong_dan}"},
};

const char *config_reporter_reply_key(int r)
{
    return r >= 0 && r < RREPLY_N ? reporter_replies[r].key : NULL;
}

const char *const *config_reporter_reply_names(int r)
{
    return r >= 0 && r < RREPLY_N ? reporter_replies[r].names : rr_plain;
}

/* The longest value each placeholder of NAMES can hold, into V (NAMES's order, NULL-terminated): the
 * longest hamlet name XOM and code CODE (a mistyped code is about as long as the codes it was meant to
 * be), a six-digit count, the longer of the two format helps, a word as long as a report's. */
static void reply_sample(const struct config *cfg, const char *const *names, const char *xom, const char *code,
                         const char **v)
{
    static const struct {
        const char *name, *value;
    } fixed[] = {{"so", "-100000"}, {"ngay", "30/11"}, {"tong", "1000000"}, {"hom_nay", "30/11"}, {"ngay_chot", "30/11"},
                 {"so_ngay", "100"}, {"chu", "12345678901234567890"}};
    int i = 0;
    for (; names[i] && i < 7; i++) {
        const char *n = names[i];
        v[i] = !strcmp(n, "xa") ? cfg->commune : !strcmp(n, "xom") ? xom
               : !strcmp(n, "huong_dan") ? cfg->sms.reporter_replies[RREPLY_FORMAT_PIN]
               : !strcmp(n, "ma_bao") || !strcmp(n, "ma_giao") ? code : "";
        for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
            if (!strcmp(n, fixed[k].name)) v[i] = fixed[k].value;
    }
    v[i] = NULL;
}

/* Each answer's placeholders; then the parts of each one the configuration sets, with the commune's
 * name and the longest values it can hold (reply_sample), against sms.max_parts. */
static void check_reporter_replies(struct loader *ld, const config_setting_t *g)
{
    struct config *cfg = ld->cfg;
    const char *xom = "", *code = "";
    for (size_t i = 0; i < cfg->nhamlets; i++) {
        if (cfg->hamlets[i].name && strlen(cfg->hamlets[i].name) > strlen(xom)) xom = cfg->hamlets[i].name;
        if (cfg->hamlets[i].code && strlen(cfg->hamlets[i].code) > strlen(code)) code = cfg->hamlets[i].code;
    }
    for (int r = 0; r < RREPLY_N; r++) {
        const char *text = cfg->sms.reporter_replies[r], *key = reporter_replies[r].key;
        char terr[LOA_ERRLEN];
        if (template_check_names(text, reporter_replies[r].names, terr) < 0) {
            at_error(ld, member(g, key), N_("sms.reporter_replies.%s: %s"), key, terr);
            continue;
        }
        /* the defaults' parts are the project's to keep within sms.max_parts' default; an answer is
         * queued with up to 10 parts anyway (replies.c), so a commune that lowers max_parts is not
         * stopped by texts it never wrote */
        if (!*text || !member(g, key)) continue;
        const char *v[8];
        reply_sample(cfg, reporter_replies[r].names, xom, code, v);
        sbuf out = {0};
        template_fill(text, reporter_replies[r].names, v, &out);
        struct sms_info info;
        char perr[LOA_ERRLEN];
        char *p = sms_prepare_count(sbuf_str(&out), 1, &info, perr);
        if (!p) at_error(ld, member(g, key), N_("sms.reporter_replies.%s can never be sent: %s"), key, perr);
        else if (info.parts > cfg->sms.max_parts)
            at_error(ld, member(g, key),
                     N_("sms.reporter_replies.%s may need %d SMS parts (%s, %d characters with the commune's name and the longest "
                     "values), more than sms.max_parts = %d"), key, info.parts, sms_encoding_name(info.encoding), info.chars,
                     cfg->sms.max_parts);
        free(p);
        sbuf_free(&out);
    }
}

static void load_reporter_replies(struct loader *ld, const config_setting_t *root)
{
    config_setting_t *sms = member(root, "sms");
    if (sms && !type_ok(sms, K_GROUP)) sms = NULL;
    config_setting_t *g = sms ? member(sms, "reporter_replies") : NULL;
    if (g && !type_ok(g, K_GROUP)) g = NULL;
    for (int r = 0; r < RREPLY_N; r++)
        ld->cfg->sms.reporter_replies[r] = dup_str(g, reporter_replies[r].key, reporter_replies[r].def);
    check_reporter_replies(ld, g);
}

static void load_tts(struct loader *ld, const config_setting_t *root)
{
    struct cfg_tts *t = &ld->cfg->tts;
    config_setting_t *g = member(root, "tts");
    if (g && !type_ok(g, K_GROUP)) g = NULL;
    t->voice = key_str(g, k_tts, "voice");
    t->rate = (int)key_int(ld, g, k_tts, "rate", "tts.");
    t->pitch = (int)key_int(ld, g, k_tts, "pitch", "tts.");
    t->thousand = key_str(g, k_tts, "thousand");
    t->zero_ten = key_str(g, k_tts, "zero_ten");
    if (strcmp(t->thousand, "nghìn") && strcmp(t->thousand, "ngàn"))
        at_error(ld, member(g, "thousand"), N_("tts.thousand must be \"nghìn\" or \"ngàn\""));
    if (strcmp(t->zero_ten, "linh") && strcmp(t->zero_ten, "lẻ"))
        at_error(ld, member(g, "zero_ten"), N_("tts.zero_ten must be \"linh\" or \"lẻ\""));
    config_setting_t *lx = g ? member(g, "lexicon") : NULL;
    if (lx && type_ok(lx, K_PAIRS)) {
        int n = config_setting_length(lx);
        t->lexicon = xcalloc((size_t)n, sizeof *t->lexicon);
        for (int i = 0; i < n; i++) {
            config_setting_t *p = config_setting_get_elem(lx, (unsigned)i);
            t->lexicon[i][0] = xstrdup(config_setting_get_string_elem(p, 0));
            t->lexicon[i][1] = xstrdup(config_setting_get_string_elem(p, 1));
        }
        t->nlexicon = (size_t)n;
    }
    config_setting_t *sn = get_strs(g, "service_numbers", &t->service_numbers);
    for (size_t i = 0; i < t->service_numbers.n; i++) {
        const char *v = t->service_numbers.v[i];
        size_t d = strspn(v, "0123456789");
        if (d == 0 || d > 10 || (v[d] && strcmp(v + d, "*")))
            at_error(ld, sn, N_("tts.service_numbers: \"%s\" is not a number of up to 10 digits (\"*\" may end a prefix)"), v);
    }
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

int config_level(const char *name)
{
    static const char *const names[][3] = {{"thuong", "thường", "thông thường"}, {"uu-tien", "ưu tiên", "uu tien"},
                                           {"khan-cap", "khẩn cấp", "khan cap"}};
    for (int l = 0; l < 3; l++)
        for (int k = 0; k < 3; k++)
            if (!strcmp(name, names[l][k])) return l;
    return -1;
}

const char *config_level_name(int level)
{
    return level == CFG_LEVEL_KHAN_CAP ? "khan-cap" : level == CFG_LEVEL_UU_TIEN ? "uu-tien" : "thuong";
}

/* broadcast.stream: where the programme goes as MP3 (libshout, stream.c). */
static void load_stream(struct loader *ld, const config_setting_t *g, struct cfg_stream *s)
{
    if (!g || !type_ok(g, K_GROUP)) return;
    s->enabled = 1;
    s->host = key_str(g, k_stream, "host");         /* required: the walker said so when it is missing */
    s->port = (int)key_int(ld, g, k_stream, "port", "broadcast.stream.");
    s->mount = key_str(g, k_stream, "mount");
    s->user = key_str(g, k_stream, "user");
    s->password = key_str(g, k_stream, "password");
    s->bitrate = (int)key_int(ld, g, k_stream, "bitrate", "broadcast.stream.");
    s->name = dup_str(g, "name", ld->cfg->commune ? ld->cfg->commune : "loa");
    if (s->mount[0] != '/' || strchr(s->mount, ' '))
        at_error(ld, member(g, "mount"), N_("broadcast.stream.mount '%s' must start with / and have no spaces"), s->mount);
    if (!s->password || !*s->password || !strcmp(s->password, "hackme"))
        at_error(ld, member(g, "password"), N_("broadcast.stream.password must be set, and not Icecast's sample password 'hackme'"));
    /* LAME's MPEG-2 rates at 22050 Hz (espeak-ng's own rate) */
    static const int rates[] = {16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    int ok = 0;
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) ok |= rates[i] == s->bitrate;
    if (!ok) at_error(ld, member(g, "bitrate"), N_("broadcast.stream.bitrate must be one of 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160"));
}

static void load_broadcast(struct loader *ld, const config_setting_t *root)
{
    struct cfg_broadcast *b = &ld->cfg->broadcast;
    config_setting_t *g = member(root, "broadcast");
    if (g && !type_ok(g, K_GROUP)) g = NULL;
    struct cfg_strlist slots = {0};
    config_setting_t *ss = get_strs(g, "slots", &slots);
    static const char *const def_slots[] = {"06:00", "17:00", NULL};
    defaults_strs(&slots, def_slots);
    b->slots = xcalloc(slots.n, sizeof *b->slots);
    for (size_t i = 0; i < slots.n; i++)
        if (check_time(ld, ss, "broadcast slot", slots.v[i], &b->slots[b->nslots]) == 0) b->nslots++;
    qsort(b->slots, b->nslots, sizeof *b->slots, cmp_int);
    strlist_free(&slots);
    const char *chime = get_str(g, "chime", NULL);
    b->chime = chime ? util_path_resolve(ld->cfg->dir, chime) : NULL;
    b->repeat = (int)key_int(ld, g, k_broadcast, "repeat", "broadcast.");
    b->pause = key_num(ld, g, k_broadcast, "pause", "broadcast.");
    b->loudness = key_num(ld, g, k_broadcast, "loudness", "broadcast.");
    b->device = key_str(g, k_broadcast, "device");
    b->autoplay = key_bool(g, k_broadcast, "autoplay");
    b->render_ahead = (int)key_int(ld, g, k_broadcast, "render_ahead", "broadcast.");
    b->emergency_repeat = (int)key_int(ld, g, k_broadcast, "emergency_repeat", "broadcast.");
    const char *echime = get_str(g, "emergency_chime", NULL);
    b->emergency_chime = echime ? util_path_resolve(ld->cfg->dir, echime) : NULL;
    load_stream(ld, g ? member(g, "stream") : NULL, &b->stream);
}

static void load_targets(struct loader *ld, const config_setting_t *root)
{
    struct config *cfg = ld->cfg;
    config_setting_t *ts = member(root, "targets");
    if (!ts || !type_ok(ts, K_GROUPS)) return;
    int n = config_setting_length(ts);
    cfg->targets = xcalloc((size_t)n, sizeof *cfg->targets);
    for (int i = 0; i < n; i++) {
        config_setting_t *t = config_setting_get_elem(ts, (unsigned)i);
        const char *by = get_str(t, "by", NULL);
        if (!by) continue;
        struct cfg_target *x = &cfg->targets[cfg->ntargets];
        if (util_parse_date(by, &x->year, &x->mon, &x->day) < 0) {
            date_error(ld, member(t, "by"), "target date", by, 0);
            continue;
        }
        x->vneid = (long)get_int(t, "vneid", 0);
        x->line = config_setting_source_line(t);
        if (x->vneid <= 0) at_error(ld, t, N_("target vneid must be positive"));
        if (cfg->ntargets && util_days_from_civil(x->year, x->mon, x->day) <=
                util_days_from_civil(x[-1].year, x[-1].mon, x[-1].day))
            at_error(ld, t, N_("targets must be in date order"));
        cfg->ntargets++;
    }
}

static void load_main(struct loader *ld, const config_setting_t *root)
{
    struct config *cfg = ld->cfg;
    cfg->commune = dup_str(root, "commune", "");
    cfg->timezone = key_str(root, k_main, "timezone");
    if (strcmp(cfg->timezone, "Asia/Ho_Chi_Minh") && strcmp(cfg->timezone, "Asia/Saigon"))
        at_error(ld, member(root, "timezone"),
                 N_("timezone '%s' is not supported: loa keeps Vietnam's time, \"Asia/Ho_Chi_Minh\" (UTC+7)"), cfg->timezone);
    cfg->database = resolve(cfg, root, "database", "../var/loa.db");
    cfg->audio_dir = resolve(cfg, root, "audio_dir", "../audio");
    cfg->reports_dir = resolve(cfg, root, "reports_dir", "../reports");
    cfg->campaigns_dir = resolve(cfg, root, "campaigns_dir", "../campaigns");
    const char *lf = get_str(root, "log_file", NULL);
    cfg->log_file = lf ? util_path_resolve(cfg->dir, lf) : NULL;
    load_hamlets(ld, root);
    load_sms(ld, root);
    load_keywords(ld, root);
    load_reporter_replies(ld, root);
    load_tts(ld, root);
    load_broadcast(ld, root);
    load_targets(ld, root);
    config_setting_t *rep = member(root, "report");
    if (rep && !type_ok(rep, K_GROUP)) rep = NULL;
    cfg->report_recipient = key_str(rep, k_report, "recipient");
    cfg->report_day = (int)key_int(ld, rep, k_report, "day", "report.");
    struct cfg_report_doc *doc = &cfg->report_doc;
    doc->issuer_parent = dup_str(rep, "issuer_parent", "");
    doc->issuer = dup_str(rep, "issuer", "");
    doc->abbr = key_str(rep, k_report, "abbr");
    doc->number = dup_str(rep, "number", "");
    doc->place = dup_str(rep, "place", "");
    static const char *const recipients[] = {"Như trên", "Lưu: VT", NULL};
    get_strs(rep, "recipients", &doc->recipients);
    defaults_strs(&doc->recipients, recipients);
    doc->signer_for = key_str(rep, k_report, "signer_for");
    doc->signer_title = key_str(rep, k_report, "signer_title");
    doc->signer_name = dup_str(rep, "signer_name", "");
    config_setting_t *ret = member(root, "retention");
    if (ret && !type_ok(ret, K_GROUP)) ret = NULL;
    cfg->retention_inbox_days = (int)key_int(ld, ret, k_retention, "inbox_days", "retention.");
    config_setting_t *web = member(root, "web");
    if (web && !type_ok(web, K_GROUP)) web = NULL;
    cfg->web.listen = key_str(web, k_web, "listen");
    get_strs(web, "hosts", &cfg->web.hosts);
    const char *wc = get_str(web, "cert", NULL), *wk = get_str(web, "key", NULL);
    cfg->web.cert = wc ? util_path_resolve(cfg->dir, wc) : NULL;
    cfg->web.key = wk ? util_path_resolve(cfg->dir, wk) : NULL;
    cfg->web.plain_http_on_lan = key_bool(web, k_web, "plain_http_on_lan");
    cfg->web.demo = key_bool(web, k_web, "demo");
}

/* ---- campaigns ---- */

static int valid_id(const char *id)
{
    if (!*id || strlen(id) > 64) return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

static int parse_day(struct loader *ld, const config_setting_t *g, const char *name, long *out)
{
    config_setting_t *s = member(g, name);
    if (!s || config_setting_type(s) != CONFIG_TYPE_STRING) return 0;
    int y, m, d;
    if (util_parse_date(config_setting_get_string(s), &y, &m, &d) < 0) {
        char *what = xasprintf("'%s' date", name);
        date_error(ld, s, what, config_setting_get_string(s), 0);
        free(what);
        return -1;
    }
    *out = util_days_from_civil(y, m, d);
    return 1;
}

static int parse_vneid(const char *v)
{
    if (!v || !strcmp(v, "any")) return CFG_VNEID_ANY;
    if (!strcmp(v, "not_activated")) return CFG_VNEID_NOT_ACTIVATED;
    if (!strcmp(v, "activated")) return CFG_VNEID_ACTIVATED;
    if (!strcmp(v, "unknown")) return CFG_VNEID_UNKNOWN;
    return -1;
}

/* Schedule adapter: the schedule module parses, this reports its errors at the right line. */
static void load_schedule(struct loader *ld, const config_setting_t *g, struct cfg_schedule *out, int need_times)
{
    config_setting_t *s = member(g, "schedule");
    if (!s || !type_ok(s, K_GROUP)) return;
    out->present = 1;
    out->line = config_setting_source_line(s);
    struct cfg_strlist at = {0}, times = {0}, except = {0};
    config_setting_t *s_at = get_strs(s, "at", &at);
    config_setting_t *s_times = get_strs(s, "times", &times);
    config_setting_t *s_except = get_strs(s, "except", &except);
    if (at.n) {
        out->at = xcalloc(at.n, sizeof *out->at);
        for (size_t i = 0; i < at.n; i++) {
            if (util_parse_datetime(at.v[i], &out->at[out->nat]) == 0) out->nat++;
            else date_error(ld, s_at, "schedule moment", at.v[i], 1);
        }
    }
    if (times.n) {
        out->times = xcalloc(times.n, sizeof *out->times);
        for (size_t i = 0; i < times.n; i++)
            if (check_time(ld, s_times, "schedule time", times.v[i], &out->times[out->ntimes]) == 0) out->ntimes++;
        qsort(out->times, out->ntimes, sizeof *out->times, cmp_int);
    }
    if (except.n) {
        out->except = xcalloc(except.n, sizeof *out->except);
        for (size_t i = 0; i < except.n; i++) {
            int y, m, d;
            if (util_parse_date(except.v[i], &y, &m, &d) == 0) out->except[out->nexcept++] = util_days_from_civil(y, m, d);
            else date_error(ld, s_except, "except date", except.v[i], 0);
        }
    }
    config_setting_t *days = member(s, "days");
    if (days && type_ok(days, K_SCALARS)) {
        int n = is_seq(days) ? config_setting_length(days) : 1;
        for (int i = 0; i < n; i++) {
            config_setting_t *e = is_seq(days) ? config_setting_get_elem(days, (unsigned)i) : days;
            char errbuf[LOA_ERRLEN];
            if (config_setting_type(e) == CONFIG_TYPE_INT) {
                int d = config_setting_get_int(e);
                if (d < 1 || d > 31) at_error(ld, days, N_("day of the month %d must be between 1 and 31"), d);
                else out->monthdays |= 1u << d;
            } else if (schedule_parse_weekday(config_setting_get_string(e), &out->weekdays, errbuf) < 0) {
                at_error(ld, days, N_("%s"), errbuf);
            }
        }
    }
    out->every_days = (int)get_int(s, "every_days", 0);
    if (out->every_days < 0) at_error(ld, s, N_("every_days must not be negative"));
    if (need_times && !out->nat && !out->ntimes && !at.n && !times.n)
        at_error(ld, s, N_("schedule needs 'at' (one-off moments) or 'times' (times of day)"));
    strlist_free(&at);
    strlist_free(&times);
    strlist_free(&except);
}

static void load_replies(struct loader *ld, const config_setting_t *root, struct cfg_campaign *c)
{
    config_setting_t *rs = member(root, "replies");
    if (!rs || !type_ok(rs, K_GROUPS)) return;
    int n = config_setting_length(rs);
    c->replies = xcalloc((size_t)n, sizeof *c->replies);
    for (int i = 0; i < n; i++) {
        config_setting_t *r = config_setting_get_elem(rs, (unsigned)i);
        const char *kw = get_str(r, "keyword", NULL);
        if (!kw) continue;
        struct cfg_reply *x = &c->replies[c->nreplies++];
        x->keyword = xstrdup(kw);
        get_strs(r, "aliases", &x->aliases);
        x->action = key_str(r, k_creply, "action");
        x->reply = dup_str(r, "reply", NULL);
        x->line = config_setting_source_line(r);
        static const char *const actions[] = {"poll", "optout", "optin", "help", "inbox", NULL};
        int ok = 0;
        for (const char *const *a = actions; *a; a++) ok |= !strcmp(*a, x->action);
        if (!ok) at_error(ld, member(r, "action"), N_("reply action '%s' must be one of poll, optout, optin, help, inbox"), x->action);
        const char *v = get_str(r, "vneid", NULL);
        x->vneid = parse_vneid(v);
        if (v && (x->vneid != CFG_VNEID_ACTIVATED && x->vneid != CFG_VNEID_NOT_ACTIVATED))
            at_error(ld, member(r, "vneid"), N_("reply vneid '%s' must be \"activated\" or \"not_activated\""), v);
    }
}

/* A campaign's vars: each name a placeholder of its own, each value as the texts show it; a date is
 * checked and written Vietnamese-style. */
static void load_vars(struct loader *ld, const config_setting_t *root, struct cfg_campaign *c)
{
    config_setting_t *g = member(root, "vars");
    if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) return;
    for (int i = 0; i < config_setting_length(g); i++) {
        config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m), *v = config_setting_get_string(m);
        if (!v) continue;   /* the walker said so */
        if (template_builtin(name)) {
            at_error(ld, m, "vars.%s: {%s} is a built-in placeholder already: choose another name", name, name);
            continue;
        }
        if (strpbrk(v, "{}")) {
            at_error(ld, m, "vars.%s: a value may not hold '{' or '}'", name);
            continue;
        }
        size_t n = strlen(v);
        int dateish = (n == 10 || n == 16) && strspn(v, "0123456789") == 4 && v[4] == '-' && v[7] == '-';
        char shown[64];
        if (dateish) {
            char why[LOA_ERRLEN], *what = xasprintf("vars.%s", name);
            time_t t;
            int bad = n == 10 ? cfgcheck_date(v, why, sizeof why) : cfgcheck_datetime(v, why, sizeof why);
            if (!bad && util_parse_datetime(v, &t) == 0)
                template_fmt_day(util_local_day(t), n == 16 ? util_local_minute(t) : -1, shown, sizeof shown);
            else date_error(ld, m, what, v, n == 16);
            free(what);
            if (!bad) v = shown;   /* a bad one is still a var: its placeholders are not reported unknown too */
        }
        strlist_add(&c->var_names, xstrdup(name));
        strlist_add(&c->var_values, xstrdup(v));
    }
}

/* TEXT (owned) with the campaign's vars in place. */
static char *with_vars(const struct cfg_campaign *c, char *text)
{
    if (!c->var_names.n) return text;
    char *x = template_expand_vars(text, c->var_names.v, c->var_values.v, c->var_names.n);
    free(text);
    return x;
}

/* A {word} left in a broadcast text after its vars: a var the campaign does not define. */
static void check_bc_vars(struct loader *ld, const config_setting_t *s, const struct cfg_campaign *c)
{
    for (const char *p = strchr(c->bc_text, '{'); p; p = strchr(p + 1, '{')) {
        size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
        if (!n || (p[1 + n] != '}' && p[1 + n] != '|')) continue;
        char *name = xstrndup(p + 1, n);
        if (!template_builtin(name)) {
            char err[LOA_ERRLEN], *ph = xasprintf("{%s}", name);
            template_check_vars(ph, c->var_names.v, c->var_names.n, err);   /* its message, naming the vars */
            at_error(ld, s, "broadcast.text: %s", err);
            free(ph);
        }
        free(name);
    }
}

/* A campaign's audience group A (NULL: absent) into AU. */
static void load_audience(struct loader *ld, config_setting_t *a, struct cfg_audience *au)
{
    if (a && !type_ok(a, K_GROUP)) a = NULL;
    config_setting_t *ah = get_strs(a, "hamlets", &au->hamlets);
    for (size_t i = 0; i < au->hamlets.n; i++) {
        /* A hamlet may be named as the office writes it: the audience keeps its code. */
        const struct cfg_hamlet *h = config_hamlet_named(ld->cfg, au->hamlets.v[i]);
        if (!h) {
            check_hamlet_ref(ld, ah, au->hamlets.v[i]);
            continue;
        }
        free(au->hamlets.v[i]);
        au->hamlets.v[i] = xstrdup(h->code);
    }
    get_strs(a, "tags", &au->tags);
    struct cfg_strlist phones = {0};
    config_setting_t *ap = get_strs(a, "phones", &phones);
    for (size_t i = 0; i < phones.n; i++) {
        char e164[32], perr[LOA_ERRLEN];
        if (phone_normalize(phones.v[i], e164, perr) < 0) at_error(ld, ap, N_("audience phone '%s': %s"), phones.v[i], perr);
        else strlist_add(&au->phones, xstrdup(e164));
    }
    strlist_free(&phones);
    au->per_household = key_bool(a, k_audience, "per_household");
    const char *v = get_str(a, "vneid", NULL);
    au->vneid = parse_vneid(v);
    if (au->vneid < 0) {
        at_error(ld, member(a, "vneid"), N_("audience vneid '%s' must be any, activated, not_activated or unknown"), v);
        au->vneid = CFG_VNEID_ANY;
    }
    au->all = get_bool(a, "all", !au->hamlets.n && !au->tags.n && !au->phones.n);
}

/* A campaign's sms group S (NULL: absent): nothing without a text. */
static void load_campaign_sms(struct loader *ld, config_setting_t *s, struct cfg_campaign *c)
{
    if (!s || !type_ok(s, K_GROUP) || !get_str(s, "text", NULL)) return;
    c->has_sms = 1;
    c->sms_text = with_vars(c, dup_str(s, "text", ""));
    c->sms_text_line = config_setting_source_line(member(s, "text"));
    char terr[LOA_ERRLEN];
    if (template_check_vars(c->sms_text, c->var_names.v, c->var_names.n, terr) < 0)
        at_error(ld, member(s, "text"), "%s", terr);
    if (!*c->sms_text) at_error(ld, member(s, "text"), N_("sms.text is empty"));
    c->diacritics = key_bool(s, k_csms, "diacritics");
    c->max_parts = (int)get_int(s, "max_parts", 0);
    if (c->max_parts < 0 || c->max_parts > 10) at_error(ld, member(s, "max_parts"), N_("sms.max_parts must be between 1 and 10"));
    load_schedule(ld, s, &c->sms_schedule, 1);
}

/* A campaign's broadcast group B (NULL: absent): nothing without a text. */
static void load_campaign_broadcast(struct loader *ld, config_setting_t *b, struct cfg_campaign *c)
{
    if (!b || !type_ok(b, K_GROUP) || !get_str(b, "text", NULL)) return;
    c->has_broadcast = 1;
    c->bc_text = with_vars(c, dup_str(b, "text", ""));
    c->bc_text_line = config_setting_source_line(member(b, "text"));
    check_bc_vars(ld, member(b, "text"), c);
    load_schedule(ld, b, &c->bc_schedule, 0);
    char *level = key_str(b, k_cbroadcast, "level");
    c->bc_level = config_level(level);
    if (c->bc_level < 0) at_error(ld, member(b, "level"), N_("broadcast.level '%s' must be thuong, uu-tien or khan-cap"), level);
    free(level);
    for (size_t i = 0; i < c->bc_schedule.ntimes; i++) {
        int slot = 0;
        for (size_t j = 0; j < ld->cfg->broadcast.nslots; j++) slot |= ld->cfg->broadcast.slots[j] == c->bc_schedule.times[i];
        if (!slot)
            at_warn(ld, member(b, "schedule"), N_("broadcast time %02d:%02d is not one of the station's slots (broadcast.slots)"),
                    c->bc_schedule.times[i] / 60, c->bc_schedule.times[i] % 60);
    }
}

static void load_campaign(struct loader *ld, const char *file)
{
    struct config *cfg = ld->cfg;
    config_t lc;
    config_init(&lc);
    ld->file = file;
    if (config_read_file(&lc, file) != CONFIG_TRUE) {
        read_failed(cfg, &lc, file);
        config_destroy(&lc);
        return;
    }
    config_setting_t *root = config_root_setting(&lc);
    size_t nerr = cfg->errors.n;
    walk(ld, root, k_campaign, "");
    /* Without its id or title (already reported) the rest of the file is still checked, under the
     * file's name: the officer sees every mistake of the file at once. */
    const char *id = get_str(root, "id", NULL), *title = get_str(root, "title", NULL);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char *stem = xstrndup(base, strlen(base) > 4 ? strlen(base) - 4 : strlen(base));
    if (id && !valid_id(id)) at_error(ld, member(root, "id"), N_("campaign id '%s' may hold only letters, digits, - and _"), id);
    const struct cfg_campaign *dup = id ? config_campaign(cfg, id) : NULL;
    if (dup) at_error(ld, member(root, "id"), N_("campaign id '%s' is already used by %s:%d"), id, dup->file, dup->line);
    if (!id) id = stem;
    if (!title) title = id;

    cfg->campaigns = xrealloc(cfg->campaigns, (cfg->ncampaigns + 1) * sizeof *cfg->campaigns);
    struct cfg_campaign *c = &cfg->campaigns[cfg->ncampaigns++];
    memset(c, 0, sizeof *c);
    c->file = xstrdup(file);
    c->line = member(root, "id") ? config_setting_source_line(member(root, "id")) : 1;
    c->id = xstrdup(id);
    c->title = xstrdup(title);
    c->enabled = key_bool(root, k_campaign, "enabled");
    c->priority = (int)key_int(ld, root, k_campaign, "priority", "");
    c->urgent = key_bool(root, k_campaign, "urgent");
    c->from_day = LONG_MIN;
    c->until_day = LONG_MAX;
    int hf = parse_day(ld, root, "from", &c->from_day);
    int hu = parse_day(ld, root, "until", &c->until_day);
    if (hf > 0 && hu > 0 && c->until_day < c->from_day)
        at_error(ld, member(root, "until"), N_("'until' is before 'from'"));
    char *cu = key_str(root, k_campaign, "catch_up");
    if (!strcmp(cu, "skip")) c->catch_up = -1;
    else if (util_parse_duration(cu, &c->catch_up) < 0)
        at_error(ld, member(root, "catch_up"), N_("catch_up '%s' must be \"skip\" or a duration like \"2h\" or \"30m\""), cu);
    free(cu);

    load_vars(ld, root, c);
    load_audience(ld, member(root, "audience"), &c->audience);
    load_campaign_sms(ld, member(root, "sms"), c);
    load_campaign_broadcast(ld, member(root, "broadcast"), c);
    if (!c->has_sms && !c->has_broadcast && cfg->errors.n == nerr)
        at_warn(ld, root, N_("campaign '%s' has neither 'sms' nor 'broadcast': it does nothing"), id);
    load_replies(ld, root, c);
    free(stem);
    config_destroy(&lc);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_campaigns(struct loader *ld)
{
    struct config *cfg = ld->cfg;
    DIR *d = opendir(cfg->campaigns_dir);
    if (!d) {
        file_error(cfg, cfg->path, 0, N_("campaigns_dir '%s' cannot be read: %s"), cfg->campaigns_dir, strerror(errno));
        return;
    }
    struct cfg_strlist files = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".cfg")) continue;
        char *f = xasprintf("%s/%s", cfg->campaigns_dir, e->d_name);
        if (ld->skip && !strcmp(f, ld->skip)) free(f);
        else strlist_add(&files, f);
    }
    closedir(d);
    if (ld->extra) strlist_add(&files, xstrdup(ld->extra));
    if (files.n) qsort(files.v, files.n, sizeof *files.v, cmp_str);
    for (size_t i = 0; i < files.n; i++) load_campaign(ld, files.v[i]);
    strlist_free(&files);
}

/* ---- public ---- */

static char *not_found(struct cfg_msg *err, const char *file, const char *fmt, ...) LOA_PRINTF(3, 4);
static char *not_found(struct cfg_msg *err, const char *file, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        msg_set(err, file, 0, fmt, ap);
        va_end(ap);
    }
    return NULL;
}

char *config_find(const char *opt, struct cfg_msg *err)
{
    if (opt) return util_file_exists(opt) ? xstrdup(opt) : not_found(err, opt, N_("config file not found (given with -c)"));
    const char *env = getenv("LOA_CONFIG");
    if (env && *env)
        return util_file_exists(env) ? xstrdup(env) : not_found(err, env, N_("config file not found (given in $LOA_CONFIG)"));
    if (util_file_exists("config/loa.cfg")) return xstrdup("config/loa.cfg");
    if (util_file_exists("/etc/loa/loa.cfg")) return xstrdup("/etc/loa/loa.cfg");
    return not_found(err, NULL, N_("no config file: looked for -c FILE, $LOA_CONFIG, ./config/loa.cfg and /etc/loa/loa.cfg"));
}

struct config *config_load(const char *path)
{
    return config_load_swap(path, NULL, NULL);
}

struct config *config_load_swap(const char *path, const char *skip, const char *extra)
{
    struct config *cfg = xcalloc(1, sizeof *cfg);
    struct loader ld = {cfg, path, skip, extra};
    cfg->path = xstrdup(path);
    cfg->dir = util_dirname(path);
    config_t lc;
    config_init(&lc);
    if (config_read_file(&lc, path) != CONFIG_TRUE) {
        read_failed(cfg, &lc, path);
        config_destroy(&lc);
        /* Still check every campaign file, from the default folder. */
        cfg->campaigns_dir = util_path_resolve(cfg->dir, "../campaigns");
        load_campaigns(&ld);
        return cfg;
    }
    config_setting_t *root = config_root_setting(&lc);
    walk(&ld, root, k_main, "");
    load_main(&ld, root);
    config_destroy(&lc);
    load_campaigns(&ld);
    return cfg;
}

static void free_schedule(struct cfg_schedule *s)
{
    free(s->at);
    free(s->times);
    free(s->except);
}

void config_free(struct config *cfg)
{
    if (!cfg) return;
    free(cfg->path); free(cfg->dir); free(cfg->commune); free(cfg->timezone);
    free(cfg->database); free(cfg->audio_dir); free(cfg->reports_dir); free(cfg->campaigns_dir); free(cfg->log_file);
    for (size_t i = 0; i < cfg->nhamlets; i++) {
        free(cfg->hamlets[i].code); free(cfg->hamlets[i].name); free(cfg->hamlets[i].merged_into);
    }
    free(cfg->hamlets);
    for (size_t i = 0; i < cfg->sms.nmodems; i++) {
        struct cfg_modem *m = &cfg->sms.modems[i];
        free(m->name); free(m->type); free(m->model); free(m->connection); free(m->device); free(m->debug_file);
        free(m->balance_ussd); free(m->own_number);
        free(m->kannel.url); free(m->kannel.user); free(m->kannel.password); free(m->kannel.smsc); free(m->kannel.from);
        free(m->kannel.listen); free(m->kannel.allow); free(m->kannel.secret);
    }
    free(cfg->sms.modems);
    for (size_t i = 0; i < cfg->sms.nreporters; i++) {
        struct cfg_reporter *r = &cfg->sms.reporters[i];
        free(r->phone); free(r->hamlet); free(r->name); free(r->pin);
    }
    free(cfg->sms.reporters);
    strlist_free(&cfg->keywords.optout); strlist_free(&cfg->keywords.optin); strlist_free(&cfg->keywords.help);
    for (int r = 0; r < RREPLY_N; r++) free(cfg->sms.reporter_replies[r]);
    free(cfg->keywords.help_text); free(cfg->keywords.optout_reply); free(cfg->keywords.optin_reply);
    free(cfg->tts.voice); free(cfg->tts.thousand); free(cfg->tts.zero_ten);
    for (size_t i = 0; i < cfg->tts.nlexicon; i++) { free(cfg->tts.lexicon[i][0]); free(cfg->tts.lexicon[i][1]); }
    free(cfg->tts.lexicon);
    strlist_free(&cfg->tts.service_numbers);
    free(cfg->broadcast.slots); free(cfg->broadcast.chime); free(cfg->broadcast.device); free(cfg->broadcast.emergency_chime);
    free(cfg->broadcast.stream.host); free(cfg->broadcast.stream.mount); free(cfg->broadcast.stream.user);
    free(cfg->broadcast.stream.password); free(cfg->broadcast.stream.name);
    free(cfg->targets);
    free(cfg->report_recipient);
    free(cfg->web.listen); strlist_free(&cfg->web.hosts); free(cfg->web.cert); free(cfg->web.key);
    free(cfg->report_doc.issuer_parent); free(cfg->report_doc.issuer); free(cfg->report_doc.abbr);
    free(cfg->report_doc.number); free(cfg->report_doc.place); strlist_free(&cfg->report_doc.recipients);
    free(cfg->report_doc.signer_for); free(cfg->report_doc.signer_title); free(cfg->report_doc.signer_name);
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        struct cfg_campaign *c = &cfg->campaigns[i];
        free(c->file); free(c->id); free(c->title);
        strlist_free(&c->audience.hamlets); strlist_free(&c->audience.tags); strlist_free(&c->audience.phones);
        free(c->sms_text); free_schedule(&c->sms_schedule);
        free(c->bc_text); free_schedule(&c->bc_schedule);
        for (size_t j = 0; j < c->nreplies; j++) {
            free(c->replies[j].keyword); strlist_free(&c->replies[j].aliases);
            free(c->replies[j].action); free(c->replies[j].reply);
        }
        free(c->replies);
        strlist_free(&c->var_names); strlist_free(&c->var_values);
    }
    free(cfg->campaigns);
    strlist_free(&cfg->errors);
    strlist_free(&cfg->warnings);
    msglist_free(&cfg->error_msgs);
    msglist_free(&cfg->warning_msgs);
    free(cfg);
}

const struct cfg_hamlet *config_hamlet(const struct config *cfg, const char *code)
{
    for (size_t i = 0; i < cfg->nhamlets; i++)
        if (util_streq_ci(cfg->hamlets[i].code, code)) return &cfg->hamlets[i];
    return NULL;
}

const struct cfg_hamlet *config_hamlet_current(const struct config *cfg, const char *code)
{
    const struct cfg_hamlet *h = config_hamlet(cfg, code);
    if (h && h->merged_into) {
        const struct cfg_hamlet *to = config_hamlet(cfg, h->merged_into);
        if (to) return to;
    }
    return h;
}

/* The matching key of a hamlet's name without the word offices may or may not write before it:
 * "Xóm Đồng Kiệm", "Thôn Đồng Kiệm", "dong kiem" all give "dong kiem". Caller frees. */
char *config_hamlet_key(const char *name)
{
    static const char *const prefixes[] = {"to dan pho ", "xom ", "thon ", "ban ", "ap ", "to "};
    char *f = vntext_fold(name);
    for (size_t i = 0; f && i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (!strncmp(f, prefixes[i], n) && f[n]) {
            memmove(f, f + n, strlen(f + n) + 1);
            break;
        }
    }
    return f;
}

const struct cfg_hamlet *config_hamlet_named(const struct config *cfg, const char *text)
{
    const struct cfg_hamlet *h = config_hamlet(cfg, text);
    if (h) return h;
    char *key = config_hamlet_key(text);
    for (size_t i = 0; key && *key && i < cfg->nhamlets && !h; i++) {
        char *k = config_hamlet_key(cfg->hamlets[i].name);
        if (k && !strcmp(k, key)) h = &cfg->hamlets[i];
        free(k);
    }
    free(key);
    return h;
}

/* 1 when KEY occurs in HAY as whole words (both folded: single spaces). */
static int whole_word(const char *hay, const char *key)
{
    size_t n = strlen(key);
    if (!n) return 0;
    for (const char *p = hay; (p = strstr(p, key)); p++)
        if ((p == hay || p[-1] == ' ') && (p[n] == ' ' || !p[n])) return 1;
    return 0;
}

const struct cfg_hamlet *config_hamlet_in_text(const struct config *cfg, const char *text)
{
    char *hay = vntext_fold(text);
    const struct cfg_hamlet *best = NULL;
    size_t best_len = 0;
    int best_by_name = 0;
    for (size_t i = 0; hay && i < cfg->nhamlets; i++) {
        const struct cfg_hamlet *h = &cfg->hamlets[i];
        char *name = config_hamlet_key(h->name), *code = vntext_fold(h->code);
        /* The longest name wins ("Khe Vàng 2" over "Khe Vàng"); a name over a code. */
        if (name && whole_word(hay, name) && (!best_by_name || strlen(name) > best_len)) {
            best = h, best_len = strlen(name), best_by_name = 1;
        } else if (!best_by_name && code && whole_word(hay, code) && strlen(code) > best_len) {
            best = h, best_len = strlen(code);
        }
        free(name);
        free(code);
    }
    free(hay);
    return best;
}

const struct cfg_campaign *config_campaign(const struct config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->ncampaigns; i++)
        if (!strcmp(cfg->campaigns[i].id, id)) return &cfg->campaigns[i];
    return NULL;
}

/* ---- the reference table ---- */

static void print_keys(const struct key *ks, const char *prefix)
{
    for (const struct key *k = ks; k->name; k++) {
        const char *suffix = k->type == K_GROUPS ? "[]" : "";
        if (k->type == K_GROUP || k->type == K_GROUPS) {
            char *p = xasprintf("%s%s%s.", prefix, k->name, suffix);
            printf("| `%s%s%s` | %s | %s | %s |\n", prefix, k->name, suffix, type_name(k->type),
                   k->required ? _("required") : (k->def ? k->def : "—"), _(k->doc));
            if (k->sub) print_keys(k->sub, p);
            free(p);
        } else {
            printf("| `%s%s` | %s | %s | %s |\n", prefix, k->name, type_name(k->type),
                   k->required ? _("required") : (k->def ? k->def : "—"), _(k->doc));
        }
    }
}

int config_default(const char *key, char *buf, size_t n)
{
    const struct key *keys = k_main;
    const char *p = key;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        const struct key *k = keys;
        while (k->name && !(strlen(k->name) == len && !strncmp(k->name, p, len))) k++;
        if (!k->name) return -1;
        if (dot) {
            if (!k->sub) return -1;
            keys = k->sub;
            p = dot + 1;
            continue;
        }
        if (!k->def) return -1;
        size_t dl = strlen(k->def);
        if (dl >= 2 && k->def[0] == '"' && k->def[dl - 1] == '"') snprintf(buf, n, "%.*s", (int)(dl - 2), k->def + 1);
        else snprintf(buf, n, "%s", k->def);
        return 0;
    }
}

long config_default_long(const char *key)
{
    char buf[32];
    return config_default(key, buf, sizeof buf) == 0 ? strtol(buf, NULL, 10) : 0;
}

void config_print_reference(void)
{
    printf(_("`loa.cfg`:\n\n| key | type | default | meaning |\n|---|---|---|---|\n"));
    print_keys(k_main, "");
    printf(_("\nA campaign file (`campaigns/*.cfg`):\n\n| key | type | default | meaning |\n|---|---|---|---|\n"));
    print_keys(k_campaign, "");
}
