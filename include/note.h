/* note — the English sentences loa stores on rows (an outbox row's and a modem's last error, a received
 * message's result) and the officer's words for them, chosen when they are shown.
 *
 * The database and the log keep the English (for whoever supports the box, and for --json); a listing
 * shows note_text() of it. Each sentence is written with one of the formats below, so that its kind
 * (the format) and its parameters can be read back from the stored text: note_text() matches the text,
 * part by part ("; " joins the parts of a result), against the formats, and writes the translation of
 * the one that matches with the same parameters (a translation may reorder them with %N$). A parameter
 * that is itself one of these sentences is translated too; a library's own words (Gammu's, SQLite's)
 * stay as they are, in parentheses; text that matches no format is shown as stored. */
#ifndef LOA_NOTE_H
#define LOA_NOTE_H

#include <stddef.h>

#include "i18n.h"

/* TRANSLATORS: the sentences from here to the end of note.h are stored in English on an outgoing
 * SMS, a modem or a received SMS and shown translated in listings; the first %s is usually the
 * modem's name; text in parentheses after a colon is Gammu's own. */
#define NOTE_BAD_UTF8 N_("message text is not valid UTF-8")
#define NOTE_ENCODE N_("cannot encode the message: %s")
#define NOTE_CONNECT N_("%s: cannot connect to %s (%s): %s")
#define NOTE_SMSC N_("%s: cannot read the SMS centre number: %s")
#define NOTE_CMS_REFUSED N_("%s: send refused: +CMS ERROR: %d (%s)")
#define NOTE_SEND_FAILED N_("%s: send failed before submission: %s")
#define NOTE_NO_ANSWER N_("%s: no answer from the network within %d ms after the PDU was written")
#define NOTE_LOST_AFTER N_("%s: device lost after the PDU was written")
#define NOTE_NET_REFUSED N_("%s: network refused the message: +CMS ERROR: %d")
#define NOTE_ERROR N_("%s: modem answered ERROR to the message")
#define NOTE_LOST_EARLIER N_("%s: connection lost earlier; reopen the modem")
#define NOTE_BAD_NUMBER N_("%s: invalid destination number")
#define NOTE_STOPPED N_("%s: stopped after part %d of %d; the rest waits for the next start")
#define NOTE_INBOX_FAILED N_("%s: reading the inbox failed: %s")
#define NOTE_LOST_DELETING N_("%s: device lost while deleting: %s")
#define NOTE_CLOCK_READ N_("%s: cannot read the modem clock: %s")
#define NOTE_CLOCK_UNSET N_("%s: the modem clock is not set")
#define NOTE_CLOCK_BUILD N_("system clock is before this loa was built (%s): fix the time or use --trust-clock")
#define NOTE_CLOCK_SKEW N_("system clock differs from the network's by %ld s: fix the time or use --trust-clock")
#define NOTE_SMSBOX N_("smsbox: %s (part %d of %d)")
#define NOTE_SMSBOX_USER N_("smsbox refused loa's sendsms user (HTTP %ld: %s): check user and password of modem '%s'")
#define NOTE_SMSBOX_HTTP N_("smsbox: HTTP %ld: %s")
#define NOTE_BUDGET N_("the day's automatic-reply budget is spent")
#define NOTE_OPTED_OUT N_("the resident opted out")
#define NOTE_RUN_SKIPPED N_("its run was skipped (catch_up)")
/* written by store_sql.c's statements themselves (kept equal to these by tests/unit/test_note.c) */
#define NOTE_MAYBE_SENT N_("loa stopped while the modem had it: maybe sent")
#define NOTE_NOT_DELIVERED N_("the network reported it not delivered")

/* a received SMS's result (replies.c) */
#define NOTE_NO_REPLY_NOT_MOBILE N_("no reply: the sender is not a mobile number")
#define NOTE_NO_REPLY_CAP N_("no reply: %d automatic replies today already")
#define NOTE_REPLY_NOT_QUEUED N_("reply not queued: %s")
#define NOTE_REPLIED N_("replied (outbox=%lld)")
#define NOTE_NOT_REPORTER N_("enrollment report from a number that is not a listed reporter: stored, not counted")
#define NOTE_NOT_INTERNATIONAL N_("%s (the sender is not in international form)")
#define NOTE_REFUSED_WORD N_("enrollment report refused: %s: %s")
#define NOTE_REFUSED N_("enrollment report refused: %s")
#define NOTE_F_MALFORMED N_("malformed")
#define NOTE_F_COUNT N_("count is not a whole number")
#define NOTE_F_DATE N_("no such date")
#define NOTE_F_FUTURE N_("date in the future")
#define NOTE_F_OLD N_("date too far back")
#define NOTE_F_WORD N_("a word that is neither a date nor the PIN")
#define NOTE_F_PIN_MISSING N_("missing PIN")
#define NOTE_F_PIN_WRONG N_("wrong PIN")
#define NOTE_UNKNOWN_HAMLET N_("malformed enrollment report: unknown hamlet")
#define NOTE_OTHER_HAMLET N_("reporter for %s reported for %s: not counted")
#define NOTE_NO_CORRECTION N_("a correction by SMS is not allowed (sms.reporters_may_correct = false): not counted")
#define NOTE_BEFORE_OPENING N_("enrollment report dated %s, before the hamlet's opening balance of %s: not counted")
#define NOTE_DUPLICATE N_("same report as enrollment %lld: held as a duplicate, not counted")
#define NOTE_HELD N_("held for the officer: %ld is more than %s %ld; confirm with loa enroll add")
#define NOTE_POPULATION N_("the hamlet's population")
#define NOTE_NOT_RECORDED N_("not recorded: %s")
#define NOTE_ENROLLED N_("enrollment %lld: %ld for %s on %s; hamlet total %ld")
#define NOTE_ENROLLED_CORR N_("enrollment %lld: correction %+ld for %s on %s; hamlet total %ld")
#define NOTE_VNEID_SET N_("VNeID status set to %s")
#define NOTE_VNEID_ONE N_("VNeID status set to %s for the one of the %d residents on this number (%s) the campaign was for")
#define NOTE_VNEID_NOT_SET N_("VNeID status not set: %d residents share this number (%s), %d of them in the campaign's " \
                              "audience: for the officer to attribute (loa contacts vneid PHONE STATUS --name NAME)")
#define NOTE_POLL N_("poll answer %s to %s")
#define NOTE_NOT_RESIDENT N_("%s (not a resident: counted apart)")
#define NOTE_OPTOUT_NOT_MOBILE N_("opt-out from a sender that is not a mobile number: nothing to do")
#define NOTE_ALREADY_OUT N_("already opted out: not confirmed again")
#define NOTE_OPTED_OUT_ALL N_("opted out of every campaign: no more campaign SMS go to this number")
#define NOTE_OPTOUT_LIFTED N_("opt-out lifted; not a resident, so no campaign reaches this number")
#define NOTE_OPTED_IN N_("opted in again")
#define NOTE_NOT_OUT N_("opt-in: was not opted out")
#define NOTE_UNREADABLE N_("unreadable: the modem could not decode it; its raw data, if any, is kept with its part")
#define NOTE_EMPTY N_("empty message")
#define NOTE_NOT_TEXT N_("not valid text")
#define NOTE_INCOMPLETE N_("incomplete: a part never arrived, or came twice with different texts")
#define NOTE_QUESTION N_("a question for the officer")
#define NOTE_LIKELY_ABOUT N_("likely about %s")
#define NOTE_NEGATED N_("a negated opt-out (không muốn / không phải): for the officer, nothing changed")
#define NOTE_HELP N_("help")
#define NOTE_NOT_ANSWER_OF N_("for the officer: not an answer of %s, the campaign that last messaged this number; " \
                              "likely an answer to %s")
#define NOTE_NO_CAMPAIGN N_("for the officer: no campaign messaged this number; likely an answer to %s")
#define NOTE_FOR_OFFICER N_("for the officer")
#define NOTE_SENDER_NOT_MOBILE N_("%s (sender is not a mobile number)")
#define NOTE_SENDER_ALNUM N_("%s (sender not in international form: taken as nobody's number)")
#define NOTE_OFFICER_STOP N_("%s (the officer read it as a request to stop)")
#define NOTE_OFFICER_NOT_MOBILE N_("message %lld came from '%s', which is not a mobile number: nobody to opt out")
#define NOTE_NO_MESSAGE N_("no received message %lld")

/* a run's note, after "skipped: " or "held: " (the listing shows the state apart); %.16s is a time */
#define NOTE_LATE_SKIP N_("%lld min late (catch_up skip)")
#define NOTE_LATE_LESS N_("%lld min late (catch_up allows less)")
#define NOTE_QUIET_LATE N_("quiet hours until %.16s would make it %lld min late (catch_up %lld min)")
#define NOTE_QUIET_SKIP N_("quiet hours until %.16s would make it %lld min late (catch_up skip)")
#define NOTE_QUIET_LESS N_("quiet hours until %.16s would make it %lld min late (catch_up allows less)")
#define NOTE_CLOCK_HELD N_("found late while the clock was not trusted; decided once it is")
#define NOTE_SUPERSEDED N_("missed; a later run (%.16s) went instead: several missed runs send once")
#define NOTE_NONE_WENT_SKIP N_("no message could go by %.16s (catch_up skip): the modem was down or sending held back")
#define NOTE_NONE_WENT_LATER N_("no message could go by %.16s (catch_up allows no later): the modem was down or sending " \
                                "held back")

/* STORED (NULL: "") in the officer's language, written to BUF of N bytes; returns BUF. Its English
 * comes back unchanged when no translation is in use. */
const char *note_text(const char *stored, char *buf, size_t n);

#endif
