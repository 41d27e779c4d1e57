/* store_sql — the text of every prepared statement, by id, and the later migrations. */
#include "store_int.h"

/* A run's message holds no campaign of its own: its run's is read (migration 22); others hold theirs. */
#define OB_CAMPAIGN(t) "coalesce(" t ".campaign, (SELECT r.campaign FROM runs r WHERE r.id = " t ".run_id))"
/* What the outbox's index by number holds (migration 22): the number's last nine digits as an integer, 4
 * bytes instead of 12 of text; a statement looks up PHONE_KEY("phone") = PHONE_KEY("?1") AND +phone = ?1
 * (the number itself, since two may share nine digits; the `+` keeps SQLite from substituting ?1 for phone
 * in the key, which would leave it nothing to look up in the index). */
#define PHONE_KEY(x) "CAST(substr(" x ", -9) AS INTEGER)"
/* a campaign's message refers to its run's rendering (run_texts, migration 18); others hold their text */
#define OUTBOX_COLS "id, coalesce(run_id, 0), " OB_CAMPAIGN("outbox") ", phone, " \
    "CASE WHEN text_id IS NULL THEN text ELSE coalesce((SELECT t.text FROM run_texts t WHERE t.id = outbox.text_id), '') END, " \
    "ucs2, parts, parts_sent, refs, kind, " \
    "priority, urgent, state, attempts, next_attempt, modem, last_error, created, coalesce(sent_at, 0), " \
    "coalesce(delivered_at, 0), coalesce(reply_to, 0)"
#define RUN_COLS "id, campaign, channel, scheduled, created, state, recipients, parts, note"
#define INBOX_COLS "id, modem, sender, phone, coalesce(smsc_time, 0), received, text, parts, complete, coding, " \
    "keyword, action, campaign, result, handled"
#define BC_COLS "id, day, slot, campaign, text, words, hash, audio, coalesce(duration, 0), state, " \
    "coalesce(started, 0), coalesce(ended, 0), note, coalesce(rendered, 0), level"
#define CONTACT_COLS "id, phone, name, hamlet, household, tags, vneid, opted_out, created, updated"

const char *const store_sql[ST__COUNT] = {
    [ST_TX_BEGIN] = "BEGIN IMMEDIATE",
    [ST_TX_COMMIT] = "COMMIT",
    [ST_TX_ROLLBACK] = "ROLLBACK",
    [ST_TX_SAVEPOINT] = "SAVEPOINT nested",
    [ST_TX_RELEASE] = "RELEASE nested",
    [ST_TX_ROLLBACK_TO] = "ROLLBACK TO nested",
    [ST_SYNC_NORMAL] = "PRAGMA synchronous = NORMAL",
    [ST_SYNC_FULL] = "PRAGMA synchronous = FULL",
    [ST_QUICK_CHECK] = "PRAGMA quick_check(1)",
    [ST_EVENT_ADD] = "INSERT INTO events(time, kind, ref, detail) VALUES (?1, ?2, ?3, ?4)",
    [ST_CONTACT_UPSERT] =
        "INSERT INTO contacts(phone, name, hamlet, household, tags, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
        "ON CONFLICT DO UPDATE SET hamlet = excluded.hamlet, "
        "household = excluded.household, tags = excluded.tags, updated = excluded.updated",
    [ST_CONTACT_ID] = "SELECT id FROM contacts WHERE phone = ?1 AND name = ?2",
    [ST_CONTACT_GET] = "SELECT " CONTACT_COLS " FROM contacts WHERE phone = ?1 ORDER BY id LIMIT 1",
    [ST_CONTACTS_ON] = "SELECT " CONTACT_COLS ", count(*) OVER () FROM contacts WHERE phone = ?1 ORDER BY id",
    [ST_CONTACT_SET_VNEID_ID] = "UPDATE contacts SET vneid = ?1, updated = ?2 WHERE id = ?3",
    /* an import's new residents (ids above ?1) on a number that had exactly one resident before */
    [ST_CONTACTS_RENAMED] =
        "SELECT n.id, n.phone, min(o.id) FROM contacts n JOIN contacts o ON o.phone = n.phone AND o.id <= ?1 "
        "WHERE n.id > ?1 GROUP BY n.id HAVING count(*) = 1",
    /* each new resident (id above ?1) beside each older one on the same number: the same person when their
     * names fold alike (case and diacritics), the importer's own rule within one file */
    [ST_CONTACTS_SAME_NUMBER] =
        "SELECT n.id, n.name, o.id, o.name FROM contacts n JOIN contacts o ON o.phone = n.phone AND o.id <= ?1 WHERE n.id > ?1",
    /* resident ?1 takes the place of ?2 (the same person, renamed): ?2's VNeID status unless the file gave one */
    [ST_CONTACT_TAKE_OVER] =
        "UPDATE contacts SET vneid = CASE WHEN vneid = 0 THEN (SELECT vneid FROM contacts WHERE id = ?2) ELSE vneid END, "
        "created = (SELECT created FROM contacts WHERE id = ?2) WHERE id = ?1",
    [ST_CONTACT_DELETE_ID] = "DELETE FROM contacts WHERE id = ?1",
    /* a number kept only for a stranger's opt-out (no name), once residents (ids above ?1) are on it */
    [ST_CONTACTS_DROP_BARE] =
        "DELETE FROM contacts WHERE id <= ?1 AND name = '' AND hamlet IS NULL AND household IS NULL AND tags IS NULL "
        "AND phone IN (SELECT phone FROM contacts WHERE id > ?1)",
    [ST_CONTACT_NAME] = "SELECT name FROM contacts WHERE id = ?1",
    [ST_CONTACTS_MAX_ID] = "SELECT coalesce(max(id), 0) FROM contacts",
    [ST_CONTACTS_SHARED] = "SELECT count(*) FROM (SELECT 1 FROM contacts GROUP BY phone HAVING count(*) > 1)",
    [ST_CONTACT_REMOVE] = "DELETE FROM contacts WHERE phone = ?1",
    [ST_CONTACT_SET_VNEID] = "UPDATE contacts SET vneid = ?1, updated = ?2 WHERE phone = ?3",
    /* contacts.opted_out is the number's opt-out (optouts) copied where every audience query reads it */
    [ST_CONTACT_SET_OPTOUT] =
        "UPDATE contacts SET opted_out = coalesce((SELECT since FROM optouts WHERE phone = ?1), 0) WHERE phone = ?1",
    /* listings say how many residents share each number */
    [ST_CONTACTS_ALL] = "SELECT " CONTACT_COLS ", (SELECT count(*) FROM contacts s WHERE s.phone = contacts.phone) "
        "FROM contacts ORDER BY hamlet, name, phone",
    [ST_CONTACTS_BY_HAMLET] = "SELECT " CONTACT_COLS ", (SELECT count(*) FROM contacts s WHERE s.phone = contacts.phone) "
        "FROM contacts WHERE hamlet = ?1 ORDER BY name, phone",
    [ST_CONTACTS_COUNT] = "SELECT count(*) FROM contacts",
    [ST_OPTOUT_ADD] = "INSERT INTO optouts(phone, since, source, note) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(phone) DO NOTHING",
    [ST_OPTOUT_DEL] = "DELETE FROM optouts WHERE phone = ?1",
    [ST_OPTOUT_GET] = "SELECT since, source, note FROM optouts WHERE phone = ?1",

    [ST_OUTBOX_ADD] =
        "INSERT INTO outbox(run_id, campaign, phone, text, ucs2, parts, kind, priority, urgent, "
        "next_attempt, created, reply_to, rank, text_id) VALUES (?1, CASE WHEN ?2 IS (SELECT r.campaign FROM runs r WHERE r.id = ?1) "
        "THEN NULL ELSE ?2 END, ?3, CASE WHEN ?13 IS NULL THEN ?4 ELSE '' END, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, CASE WHEN ?9 THEN 3000 + ?8 WHEN ?7 = " SQL_OK_AUTO " THEN 2000 + ?8 ELSE ?8 END, ?13)",
    [ST_RUN_TEXT_ADD] = "INSERT INTO run_texts(run_id, text) VALUES (?1, ?2)",
    [ST_OUTBOX_GET] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?1",
    /* A claimed row its transport had not yet given a PDU to (`written` 0, not NULL: the transport tells) goes
     * back to the queue as a deferral does: the modem never had it. Run before ST_OUTBOX_RECOVER. */
    [ST_OUTBOX_REQUEUE_UNWRITTEN] =
        "UPDATE outbox SET state = " SQL_OB_QUEUED ", next_attempt = ?1, attempts = attempts - 1, modem = NULL, sent_at = NULL, "
        "written = NULL WHERE state = " SQL_OB_SENDING " AND written = 0 AND (?2 IS NULL OR modem = ?2)",
    /* the transport is about to hand the device a part that commits the modem to sending it */
    [ST_OUTBOX_WRITTEN] = "UPDATE outbox SET written = 1 WHERE id = ?1 AND state = " SQL_OB_SENDING,
    [ST_OUTBOX_RECOVER] =
        "UPDATE outbox SET state = " SQL_OB_UNKNOWN ", last_error = 'loa stopped while the modem had it: maybe sent', "
        "sent_at = coalesce(sent_at, ?1) WHERE state = " SQL_OB_SENDING " AND (?2 IS NULL OR modem = ?2)",
    /* Urgent first, then automatic replies (they answer a waiting resident), then priority and age:
     * rank orders them all, and the index (state, rank, next_attempt, id) serves it without sorting.
     * Priorities are bounded (-999..999) in the configuration so the bands never overlap. */
    [ST_OUTBOX_PICK] =
        "SELECT " OUTBOX_COLS " FROM outbox WHERE state = " SQL_OB_QUEUED " AND next_attempt <= ?1 AND (?2 = 0 OR rank >= 3000) "
        "ORDER BY rank DESC, next_attempt, id LIMIT 1",
    [ST_OUTBOX_MARK_SENDING] =
        "UPDATE outbox SET state = " SQL_OB_SENDING ", modem = ?2, attempts = attempts + 1, sent_at = ?3, report = ?4, written = ?5 "
        "WHERE id = ?1 AND state = " SQL_OB_QUEUED,
    [ST_OUTBOX_SENT_TO] =
        "SELECT count(*) FROM outbox WHERE " PHONE_KEY("phone") " = " PHONE_KEY("?1") " AND +phone = ?1 AND kind = " SQL_OK_CAMPAIGN " AND urgent = 0 "
        "AND state IN (" SQL_OB_SENDING ", " SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_UNKNOWN ") AND sent_at >= ?2",
    [ST_OUTBOX_AUTO_TO] = "SELECT count(*) FROM outbox WHERE phone = ?1 AND kind = " SQL_OK_AUTO " AND created >= ?2",
    /* The day's parts of a modem come from modem_day (migration 11), not from the day's rows: a claim
     * costs the same for the day's first message and its 30,000th. A day's bucket is made by the first
     * read of that day (one scan of the rows it covers, then never again); the triggers keep every
     * bucket equal to the parts of the rows whose sent_at falls in it. */
    [ST_OUTBOX_MODEM_PARTS] = "SELECT coalesce(sum(parts), 0) FROM modem_day WHERE modem = ?1 AND day >= ?2",
    [ST_OUTBOX_MODEM_DAY_HAS] = "SELECT 1 FROM modem_day WHERE modem = ?1 AND day = ?2",
    [ST_OUTBOX_MODEM_DAY_SEED] =
        "INSERT INTO modem_day(modem, day, parts) SELECT ?1, ?2, coalesce(sum(parts_sent), 0) FROM outbox "
        "WHERE modem = ?1 AND sent_at >= ?2 AND sent_at < coalesce((SELECT min(day) FROM modem_day WHERE modem = ?1 AND day > ?2), "
        "9223372036854775807)",
    /* the bucket before the new one covered its rows until now: they move to the new one */
    [ST_OUTBOX_MODEM_DAY_SPLIT] =
        "UPDATE modem_day SET parts = parts - (SELECT parts FROM modem_day WHERE modem = ?1 AND day = ?2) "
        "WHERE modem = ?1 AND day = (SELECT max(day) FROM modem_day WHERE modem = ?1 AND day < ?2)",
    [ST_OUTBOX_MODEM_AUTO_PARTS] =
        "SELECT coalesce(sum(parts), 0) FROM outbox WHERE modem = ?1 AND sent_at >= ?2 AND kind = " SQL_OK_AUTO " AND urgent = 0 "
        "AND state IN (" SQL_OB_SENDING ", " SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_UNKNOWN ")",
    [ST_OUTBOX_PART_SENT] =
        "UPDATE outbox SET parts_sent = ?2 + 1, refs = CASE WHEN refs IS NULL THEN ?3 ELSE refs || ',' || ?3 END, "
        "written = CASE WHEN written IS NULL THEN NULL ELSE 0 END WHERE id = ?1 AND parts_sent = ?2",
    /* sent_at stays the claim's time (when the modem got it): the outcome touches no index. Every
     * outcome moves a claimed row only (`sending`), and store_outbox.c asserts that it moved one. */
    [ST_OUTBOX_SENT] = "UPDATE outbox SET state = " SQL_OB_SENT ", last_error = NULL WHERE id = ?1 AND state = " SQL_OB_SENDING,
    [ST_OUTBOX_RETRY_LATER] =
        "UPDATE outbox SET state = CASE WHEN attempts >= ?4 THEN " SQL_OB_FAILED " ELSE " SQL_OB_QUEUED " END, next_attempt = ?2, last_error = ?3, "
        "modem = CASE WHEN attempts >= ?4 THEN modem ELSE NULL END WHERE id = ?1 AND state = " SQL_OB_SENDING " RETURNING state",
    [ST_OUTBOX_DEFER] = "UPDATE outbox SET state = " SQL_OB_QUEUED ", next_attempt = ?2, attempts = attempts - 1, modem = NULL, sent_at = NULL "
        "WHERE id = ?1 AND state = " SQL_OB_SENDING,
    [ST_OUTBOX_FAIL] = "UPDATE outbox SET state = " SQL_OB_FAILED ", last_error = ?3, sent_at = coalesce(sent_at, ?2) "
        "WHERE id = ?1 AND state = " SQL_OB_SENDING,
    [ST_OUTBOX_UNKNOWN] = "UPDATE outbox SET state = " SQL_OB_UNKNOWN ", last_error = ?3, sent_at = coalesce(sent_at, ?2) "
        "WHERE id = ?1 AND state = " SQL_OB_SENDING,
    [ST_OUTBOX_NEXT_DUE] = "SELECT min(next_attempt) FROM outbox WHERE state = " SQL_OB_QUEUED,
    /* A retried unknown message goes out whole (parts_sent back to 0): the officer chose to resend, and the
     * recipient may hold only some of its parts. A failed one resumes where the modem refused it. The refs
     * of parts sent before stay, so their delivery reports still find the row. */
    [ST_OUTBOX_RETRY] =
        "UPDATE outbox SET state = " SQL_OB_QUEUED ", next_attempt = ?2, attempts = 0, modem = NULL, "
        "parts_sent = CASE WHEN state = " SQL_OB_UNKNOWN " THEN 0 ELSE parts_sent END "
        "WHERE id = ?1 AND state IN (" SQL_OB_FAILED ", " SQL_OB_UNKNOWN ")",
    [ST_OUTBOX_RETRY_UNKNOWN] = "UPDATE outbox SET state = " SQL_OB_QUEUED ", next_attempt = ?1, attempts = 0, modem = NULL, "
        "parts_sent = 0 WHERE state = " SQL_OB_UNKNOWN,
    [ST_OUTBOX_CANCEL] = "UPDATE outbox SET state = " SQL_OB_CANCELLED " WHERE id = ?1 AND state IN (" SQL_OB_QUEUED ", " SQL_OB_HELD ")",
    [ST_OUTBOX_CANCEL_RUN] = "UPDATE outbox SET state = " SQL_OB_CANCELLED " WHERE run_id = ?1 AND state IN (" SQL_OB_QUEUED ", " SQL_OB_HELD ")",
    [ST_OUTBOX_CANCEL_CAMPAIGN] =
        "UPDATE outbox SET state = " SQL_OB_CANCELLED " WHERE run_id IN (SELECT id FROM runs WHERE campaign = ?1) "
        "AND state IN (" SQL_OB_QUEUED ", " SQL_OB_HELD ")",
    [ST_CAMPAIGN_WAITING] =
        "SELECT coalesce(sum(n), 0) FROM outbox_counts WHERE state IN (" SQL_OB_QUEUED ", " SQL_OB_HELD ") "
        "AND run_id IN (SELECT id FROM runs WHERE campaign = ?1)",
    [ST_CAMPAIGN_HOLD] =
        "UPDATE outbox SET state = " SQL_OB_HELD " WHERE run_id IN (SELECT id FROM runs WHERE campaign = ?1) "
        "AND state = " SQL_OB_QUEUED,
    [ST_CAMPAIGN_UNHOLD] =
        "UPDATE outbox SET state = " SQL_OB_QUEUED " WHERE run_id IN (SELECT id FROM runs WHERE campaign = ?1) "
        "AND state = " SQL_OB_HELD,
    [ST_OUTBOX_HOLD_RUN] = "UPDATE outbox SET state = " SQL_OB_HELD " WHERE run_id = ?1 AND state = " SQL_OB_QUEUED,
    [ST_OUTBOX_LIST] = "SELECT " OUTBOX_COLS " FROM outbox ORDER BY id DESC LIMIT ?1",
    [ST_OUTBOX_LIST_STATE] = "SELECT " OUTBOX_COLS " FROM outbox WHERE state = ?2 ORDER BY id DESC LIMIT ?1",
    [ST_OUTBOX_COUNTS] = "SELECT state, sum(n) FROM outbox_counts GROUP BY state HAVING sum(n) != 0",
    /* the counters against the rows: every (run, state) whose figures differ, with both */
    [ST_OUTBOX_COUNTS_VERIFY] =
        "WITH r(run_id, state, n, parts, parts_sent) AS (SELECT coalesce(run_id, 0), state, count(*), sum(parts), sum(parts_sent) "
        "FROM outbox GROUP BY 1, 2), c AS (SELECT * FROM outbox_counts WHERE n != 0 OR parts != 0 OR parts_sent != 0) "
        "SELECT run_id, state, n, parts, parts_sent, 'rows' FROM (SELECT * FROM r EXCEPT SELECT * FROM c) "
        "UNION ALL SELECT run_id, state, n, parts, parts_sent, 'counters' FROM (SELECT * FROM c EXCEPT SELECT * FROM r) "
        "ORDER BY 1, 2, 6 DESC",
    [ST_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
    [ST_SETTING_SET] = "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [ST_SETTING_DEL] = "DELETE FROM settings WHERE key = ?1",
    [ST_MODEM_SET] =
        "INSERT INTO modems(name, state, last_error, failures, balance, balance_at, clock_skew, updated) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(name) DO UPDATE SET state = excluded.state, "
        "last_error = excluded.last_error, failures = excluded.failures, balance = coalesce(excluded.balance, balance), "
        "balance_at = coalesce(excluded.balance_at, balance_at), clock_skew = excluded.clock_skew, updated = excluded.updated",
    [ST_RUN_INSERT] =
        "INSERT INTO runs(campaign, channel, scheduled, created, state, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(campaign, channel, scheduled) DO NOTHING",
    [ST_RUN_SET_COUNTS] = "UPDATE runs SET recipients = ?2, parts = ?3, note = ?4, people = ?5 WHERE id = ?1",
    [ST_RUN_GET] = "SELECT " RUN_COLS " FROM runs WHERE id = ?1",
    [ST_RUN_EXISTS] = "SELECT 1 FROM runs WHERE campaign = ?1 AND channel = ?2 AND scheduled = ?3",
    [ST_RUN_INSERT_SPAN] =
        "INSERT INTO runs(campaign, channel, scheduled, created, state, note, covers, last_at) "
        "VALUES (?1, 'sms', ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(campaign, channel, scheduled) DO NOTHING",
    [ST_RUN_HELD_FIRST] = "SELECT min(scheduled) FROM runs WHERE campaign = ?1 AND channel = 'sms' AND state = 'held'",
    [ST_RUN_HELD_DELETE] = "DELETE FROM runs WHERE campaign = ?1 AND channel = 'sms' AND state = 'held'",
    /* the bare-column max() picks the note of the row holding the latest time (SQLite's documented rule) */
    [ST_RUN_MISSED] =
        "SELECT campaign, state, sum(covers), max(coalesce(last_at, scheduled)), note FROM runs "
        "WHERE state IN ('skipped', 'held') AND scheduled >= ?1 AND scheduled < ?2 "
        "GROUP BY campaign, state ORDER BY campaign, state",
    /* the run's messages handed to a modem, besides one just claimed */
    [ST_RUN_OUT] =
        "SELECT coalesce(sum(CASE WHEN state = " SQL_OB_SENDING " THEN n - 1 ELSE n END), 0) FROM outbox_counts "
        "WHERE run_id = ?1 AND state IN (" SQL_OB_SENDING ", " SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_FAILED ", "
        SQL_OB_UNKNOWN ")",
    [ST_RUN_SET_STATE] = "UPDATE runs SET state = ?2, note = ?3 WHERE id = ?1",
    [ST_LATEST_TIME] =
        "SELECT max(coalesce((SELECT created FROM outbox ORDER BY id DESC LIMIT 1), 0), "
        "coalesce((SELECT received FROM inbox ORDER BY id DESC LIMIT 1), 0), "
        "coalesce((SELECT created FROM runs ORDER BY id DESC LIMIT 1), 0))",
    [ST_CONTACTS_DISTINCT] =
        "SELECT DISTINCT 0, '', name, hamlet, NULL, tags, vneid, 0, 0, 0 FROM contacts WHERE opted_out = 0",
    /* with the residents on each one's number: the audience gathers only those who share one */
    [ST_CONTACTS_ACTIVE] = "SELECT " CONTACT_COLS ", (SELECT count(*) FROM contacts s WHERE s.phone = contacts.phone) "
        "FROM contacts WHERE opted_out = 0 ORDER BY id",
    [ST_INBOX_PART_ADD] =
        "INSERT INTO inbox_parts(modem, sender, smsc_time, concat_ref, concat_part, concat_total, ident, text, coding, raw, received) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?11, ?7, ?9, ''), ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
    [ST_INBOX_OPEN_PARTS] =
        "SELECT id, sender, smsc_time, concat_ref, concat_part, concat_total, coalesce(text, ''), coding, received "
        "FROM inbox_parts WHERE message_id IS NULL AND modem = ?1 ORDER BY sender, concat_ref, concat_total, concat_part, id",
    [ST_INBOX_ADD] =
        "INSERT INTO inbox(modem, sender, phone, smsc_time, received, text, parts, complete, coding) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_INBOX_PART_LINK] = "UPDATE inbox_parts SET message_id = ?2 WHERE id = ?1 AND message_id IS NULL",
    [ST_INBOX_PENDING] = "SELECT id FROM inbox WHERE action IS NULL ORDER BY id LIMIT ?1",
    [ST_INBOX_GET] = "SELECT " INBOX_COLS " FROM inbox WHERE id = ?1",
    [ST_INBOX_SET_ACTION] =
        "UPDATE inbox SET keyword = ?2, action = ?3, campaign = ?4, result = ?5, handled = ?6 WHERE id = ?1",
    [ST_INBOX_SET_HANDLED] = "UPDATE inbox SET handled = ?2 WHERE id = ?1",
    [ST_INBOX_LIST] = "SELECT " INBOX_COLS " FROM inbox ORDER BY id DESC LIMIT ?1",
    [ST_INBOX_LIST_UNHANDLED] = "SELECT " INBOX_COLS " FROM inbox WHERE handled = 0 ORDER BY id DESC LIMIT ?1",
    [ST_LAST_CAMPAIGN_FOR] =
        "SELECT " OB_CAMPAIGN("outbox") " FROM outbox WHERE " PHONE_KEY("phone") " = " PHONE_KEY("?1") " AND +phone = ?1 "
        "AND (campaign IS NOT NULL OR run_id IS NOT NULL) AND sent_at IS NOT NULL AND sent_at <= ?2 "
        "AND state IN (" SQL_OB_SENDING ", " SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_UNKNOWN ") "
        "ORDER BY sent_at DESC, id DESC LIMIT 1",
    [ST_OUTBOX_CANCEL_CLAIMED] = "UPDATE outbox SET state = " SQL_OB_CANCELLED ", last_error = ?2 WHERE id = ?1 AND state = " SQL_OB_SENDING,
    [ST_POLL_ANSWER] =
        "INSERT INTO poll_answers(campaign, phone, answer, inbox_id, time, resident) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_OUTBOX_DELIVERY_FIND] =
        "SELECT id FROM outbox WHERE " PHONE_KEY("phone") " = " PHONE_KEY("?1") " AND +phone = ?1 AND modem = ?2 "
        "AND state IN (" SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_FAILED ", " SQL_OB_UNKNOWN ") AND sent_at >= ?4 "
        "AND (',' || refs || ',') LIKE '%,' || ?3 || ',%' ORDER BY sent_at DESC, id DESC LIMIT 1",
    /* A message is delivered once every part is (each part's reference counted once, however often it is
     * reported), and failed as soon as one part is; a failure is not undone by a later part's success.
     * A delivered message keeps no list of its parts' references (its state says all were; migration 22). */
    [ST_OUTBOX_DELIVERY_SET] =
        "UPDATE outbox SET "
        "state = CASE WHEN state = " SQL_OB_FAILED " OR NOT ?2 THEN " SQL_OB_FAILED " "
        "  WHEN (CASE WHEN delivered_refs = '' THEN 0 ELSE length(delivered_refs) - length(replace(delivered_refs, ',', '')) + 1 END)"
        "     + (instr(',' || delivered_refs || ',', ',' || ?4 || ',') = 0) >= parts THEN " SQL_OB_DELIVERED " ELSE state END, "
        "delivered_refs = CASE WHEN state <> " SQL_OB_FAILED " AND ?2 AND (state = " SQL_OB_DELIVERED " OR "
        "  (CASE WHEN delivered_refs = '' THEN 0 ELSE length(delivered_refs) - length(replace(delivered_refs, ',', '')) + 1 END)"
        "     + (instr(',' || delivered_refs || ',', ',' || ?4 || ',') = 0) >= parts) THEN '' "
        "  WHEN ?2 AND instr(',' || delivered_refs || ',', ',' || ?4 || ',') = 0 "
        "  THEN delivered_refs || CASE WHEN delivered_refs = '' THEN '' ELSE ',' END || ?4 ELSE delivered_refs END, "
        "delivered_at = ?3, "
        "last_error = CASE WHEN ?2 THEN last_error ELSE 'the network reported it not delivered' END WHERE id = ?1",
    [ST_MODEM_DELIVERY_RATE] =
        "SELECT count(*), coalesce(sum(state = " SQL_OB_DELIVERED "), 0) FROM (SELECT state FROM outbox WHERE modem = ?1 "
        "AND state IN (" SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_FAILED ") AND sent_at IS NOT NULL AND sent_at <= ?2 "
        "AND coalesce(report, 1) ORDER BY sent_at DESC LIMIT 50)",
    [ST_RESULTS_COUNTS] =
        "SELECT state, sum(n), sum(parts_sent) FROM outbox_counts WHERE run_id IN "
        "(SELECT id FROM runs WHERE campaign = ?1) GROUP BY state HAVING sum(n) != 0",
    /* what the runs queued: one message per number, and the residents those numbers stand for */
    [ST_RESULTS_RUNS] = "SELECT coalesce(sum(recipients), 0), coalesce(sum(people), 0) FROM runs WHERE campaign = ?1 AND state = 'queued'",
    [ST_RESULTS_REPLIES] = "SELECT coalesce(sum(n), 0), coalesce(sum(optouts), 0) FROM inbox_counts WHERE campaign = ?1",
    /* each number's latest answer, kept in poll_latest (migration 19) */
    [ST_RESULTS_POLL] =
        "SELECT answer, coalesce(sum(resident <> 0), 0), coalesce(sum(resident = 0), 0) FROM poll_latest WHERE campaign = ?1 "
        "GROUP BY answer ORDER BY answer",
    /* poll_latest against the answers: each (campaign, number) whose latest answer differs, with both */
    [ST_POLL_LATEST_VERIFY] =
        "WITH r AS (SELECT campaign, phone, max(id) AS answer_id, answer, resident FROM poll_answers GROUP BY campaign, phone) "
        "SELECT campaign, phone, answer_id, 'answers' FROM (SELECT * FROM r EXCEPT SELECT * FROM poll_latest) "
        "UNION ALL SELECT campaign, phone, answer_id, 'poll_latest' FROM (SELECT * FROM poll_latest EXCEPT SELECT * FROM r) ORDER BY 1, 2, 4",
    /* the replies' counters against the rows: each campaign whose figures differ, with both */
    [ST_INBOX_COUNTS_VERIFY] =
        "WITH r(campaign, n, optouts) AS (SELECT campaign, count(*), coalesce(sum(action = 'optout'), 0) FROM inbox "
        "WHERE campaign IS NOT NULL GROUP BY 1), c AS (SELECT * FROM inbox_counts WHERE n != 0 OR optouts != 0) "
        "SELECT campaign, n, optouts, 'rows' FROM (SELECT * FROM r EXCEPT SELECT * FROM c) "
        "UNION ALL SELECT campaign, n, optouts, 'counters' FROM (SELECT * FROM c EXCEPT SELECT * FROM r) ORDER BY 1, 4 DESC",
    [ST_BC_UPSERT] =
        "INSERT INTO broadcasts(day, slot, campaign, text, words, hash, state, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7) "
        "ON CONFLICT(day, slot, campaign) DO UPDATE SET text = excluded.text, words = excluded.words, hash = excluded.hash, "
        "state = 'pending', audio = NULL, duration = NULL, rendered = NULL WHERE broadcasts.hash <> excluded.hash AND broadcasts.state IN ('pending', 'ready', 'failed')",
    [ST_BC_RENDERED] = "UPDATE broadcasts SET audio = ?2, duration = ?3, state = ?4, note = ?5, rendered = ?6 WHERE id = ?1",
    [ST_BC_MARK] = "UPDATE broadcasts SET state = ?2, started = ?3, ended = ?4, note = coalesce(?5, note) WHERE id = ?1",
    [ST_BC_GET] = "SELECT " BC_COLS " FROM broadcasts WHERE id = ?1",
    /* within a slot, ưu tiên items go ahead of the programme (Thông tư 39) */
    [ST_BC_DAY] = "SELECT " BC_COLS " FROM broadcasts WHERE day = ?1 ORDER BY slot, level DESC, id",
    [ST_BC_DAY_SLOT] = "SELECT " BC_COLS " FROM broadcasts WHERE day = ?1 AND slot = ?2 ORDER BY level DESC, id",
    [ST_BC_ATTEMPT] = "INSERT INTO broadcast_attempts(broadcast_id, state, started, ended, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    /* the as-run log: one row per attempt, the item's own columns with the attempt's state, times and note */
    [ST_BC_LOG] =
        "SELECT b.id, b.day, b.slot, b.campaign, b.text, b.words, b.hash, b.audio, coalesce(b.duration, 0), a.state, "
        "a.started, a.ended, a.note, coalesce(b.rendered, 0), b.level FROM broadcast_attempts a "
        "JOIN broadcasts b ON b.id = a.broadcast_id WHERE b.day = ?1 ORDER BY b.slot, a.started, a.id",
    [ST_BC_LEVEL] = "UPDATE broadcasts SET level = ?4 WHERE day = ?1 AND slot = ?2 AND campaign = ?3 AND level <> ?4",
    /* the oldest khẩn cấp item rendered and not yet on air, of the last two days */
    [ST_BC_URGENT] = "SELECT " BC_COLS " FROM broadcasts WHERE level = 2 AND state = 'ready' AND day >= ?1 ORDER BY id LIMIT 1",
    [ST_AIR_ADD] = "INSERT INTO broadcast_airings(broadcast_id, output, started, ended, state, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_AIR_EACH] = "SELECT output, started, ended, state, coalesce(note, '') FROM broadcast_airings WHERE broadcast_id = ?1 ORDER BY id",
    [ST_BC_PENDING] = "SELECT " BC_COLS " FROM broadcasts WHERE state = 'pending' AND day BETWEEN ?1 AND ?2 ORDER BY day, slot, id",
    /* retention: every field that can hold a text or a number goes; rows, states and counts stay.
     * A sender stays only when it is a resident's number: names and short codes go too. */
    [ST_PURGE_INBOX] =
        "UPDATE inbox SET text = '', result = NULL, "
        "sender = CASE WHEN phone IN (SELECT phone FROM contacts) THEN sender ELSE 'purged' END, "
        "phone = CASE WHEN phone IN (SELECT phone FROM contacts) THEN phone ELSE NULL END "
        "WHERE received < ?1 AND handled <> 0 AND (text <> '' OR result IS NOT NULL "
        "OR (sender <> 'purged' AND (phone IS NULL OR phone NOT IN (SELECT phone FROM contacts))))",
    /* A message the officer has not dealt with keeps its text, its sender and its parts, however old (a clock
     * far ahead must not wipe the questions waiting for an answer). */
    [ST_PURGE_INBOX_PARTS] =
        "UPDATE inbox_parts SET text = NULL, raw = NULL, ident = 'purged-' || id, "
        "sender = CASE WHEN sender IN (SELECT phone FROM contacts) THEN sender ELSE 'purged' END "
        "WHERE received < ?1 AND ident NOT LIKE 'purged-%' "
        "AND (message_id IS NULL OR message_id NOT IN (SELECT id FROM inbox WHERE handled = 0))",
    [ST_PURGE_OUTBOX] =
        "UPDATE outbox SET text = '', text_id = NULL, phone = CASE WHEN phone IN (SELECT phone FROM contacts) THEN phone ELSE 'purged' END "
        "WHERE created < ?1 AND state NOT IN (" SQL_OB_QUEUED ", " SQL_OB_SENDING ", " SQL_OB_HELD ") "
        "AND (text <> '' OR text_id IS NOT NULL OR phone NOT IN (SELECT phone FROM contacts))",
    /* a run's renderings go with its messages' texts: its messages are all made at the run's creation,
     * so once the run is older than the period and its counters hold none queued or sending, the
     * statement above has emptied every reference to them (no scan of the outbox to find out) */
    [ST_PURGE_RUN_TEXTS] =
        "DELETE FROM run_texts WHERE run_id IN (SELECT r.id FROM runs r WHERE r.created < ?1 AND NOT EXISTS "
        "(SELECT 1 FROM outbox_counts c WHERE c.run_id = r.id AND c.state IN (" SQL_OB_QUEUED ", " SQL_OB_SENDING ", " SQL_OB_HELD ") AND c.n > 0))",
    [ST_PURGE_ANSWERS] =
        "UPDATE poll_answers SET phone = 'purged-' || id WHERE time < ?1 AND phone NOT LIKE 'purged-%' "
        "AND phone NOT IN (SELECT phone FROM contacts)",
    /* an entry's note (an SMS report's words) and a reporter's number that is no resident's; the
     * officer's entries keep their login */
    [ST_PURGE_ENROLLMENTS] =
        "UPDATE enrollments SET note = NULL, "
        "reporter = CASE WHEN reporter LIKE '+%' AND reporter NOT IN (SELECT phone FROM contacts) THEN 'purged' "
        "ELSE reporter END "
        "WHERE created < ?1 AND (note IS NOT NULL OR (reporter LIKE '+%' AND reporter NOT IN (SELECT phone FROM contacts)))",
    /* the audit trail names the number of a resident removed */
    [ST_PURGE_EVENTS] =
        "UPDATE events SET ref = 'purged' WHERE kind = 'contacts.remove' AND time < ?1 AND ref <> 'purged' "
        "AND ref NOT IN (SELECT phone FROM contacts)",
    [ST_SECURE_DELETE_ON] = "PRAGMA secure_delete = ON",
    [ST_SECURE_DELETE_FAST] = "PRAGMA secure_delete = FAST",
    [ST_WEB_USER_ADD] = "INSERT INTO web_users(name, role, hash, demo, created, updated) VALUES (?1, ?2, ?3, ?5, ?4, ?4) "
                        "ON CONFLICT(name) DO NOTHING",
    [ST_WEB_USER_GET] = "SELECT id, name, role, hash, demo FROM web_users WHERE name = ?1",
    [ST_WEB_USER_PASSWD] = "UPDATE web_users SET hash = ?2, updated = ?3 WHERE name = ?1",
    [ST_WEB_USER_REMOVE] = "DELETE FROM web_users WHERE name = ?1",
    [ST_WEB_USERS_ALL] = "SELECT id, name, role, '', demo FROM web_users ORDER BY name",
    [ST_WEB_SESSION_ADD] = "INSERT INTO web_sessions(hash, user_id, created, seen) VALUES (?1, ?2, ?3, ?3)",
    [ST_WEB_SESSION_GET] = "SELECT u.id, u.name, u.role, s.created, s.seen FROM web_sessions s "
                           "JOIN web_users u ON u.id = s.user_id WHERE s.hash = ?1",
    [ST_WEB_SESSION_TOUCH] = "UPDATE web_sessions SET seen = ?2 WHERE hash = ?1",
    [ST_WEB_SESSION_END] = "DELETE FROM web_sessions WHERE hash = ?1",
    [ST_WEB_SESSIONS_END_USER] = "DELETE FROM web_sessions WHERE user_id = ?1",
    [ST_OUTBOX_OF_PHONE] = "SELECT " OUTBOX_COLS " FROM outbox WHERE " PHONE_KEY("phone") " = " PHONE_KEY("?1") " AND +phone = ?1 "
        "ORDER BY id DESC LIMIT ?2",
    [ST_INBOX_OF_PHONE] = "SELECT " INBOX_COLS " FROM inbox WHERE phone = ?1 ORDER BY id DESC LIMIT ?2",
    /* reload requests (store_reload.c) */
    [ST_RELOAD_ADD] = "INSERT INTO reload_requests(at, by, file) VALUES (?1, ?2, ?3)",
    [ST_RELOAD_PENDING] = "SELECT max(id) FROM reload_requests WHERE done IS NULL",
    [ST_RELOAD_DONE] = "UPDATE reload_requests SET done = ?2 WHERE id <= ?1 AND done IS NULL",
    [ST_MODEM_LIST] = "SELECT name, state, last_error, failures, balance, balance_at, clock_skew, updated FROM modems ORDER BY name",

    /* enrollments (store_enroll.c) */
    [ST_ENROLL_ADD] =
        "INSERT INTO enrollments(hamlet, count, day, kind, source, reporter, note, inbox_id, undoes, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0), nullif(?9, 0), ?10)",
    [ST_ENROLL_GET] = "SELECT id, hamlet, count, day, kind, source, reporter, note, coalesce(inbox_id, 0), coalesce(undoes, 0), created "
        "FROM enrollments WHERE id = ?1",
    [ST_ENROLL_ALL] = "SELECT id, hamlet, count, day, kind, source, reporter, note, coalesce(inbox_id, 0), coalesce(undoes, 0), created "
        "FROM enrollments ORDER BY id",
    [ST_ENROLL_UNDONE_BY] = "SELECT id FROM enrollments WHERE undoes = ?1 ORDER BY id LIMIT 1",
    /* The same report again: an entry still standing (neither an undo nor undone). */
    [ST_ENROLL_DUP] =
        "SELECT e.id FROM enrollments e WHERE e.kind = 'entry' AND e.reporter = ?1 AND e.hamlet = ?2 AND e.count = ?3 "
        "AND e.day = ?4 AND e.created > ?5 AND e.created <= ?6 AND e.undoes IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM enrollments u WHERE u.undoes = e.id) ORDER BY e.id DESC LIMIT 1",
    /* A row of an earlier import with the same content, still standing. */
    [ST_ENROLL_IMPORTED] =
        "SELECT e.id FROM enrollments e WHERE e.kind = 'entry' AND e.source = 'import' AND e.hamlet = ?1 AND e.count = ?2 "
        "AND e.day = ?3 AND e.id <= ?4 AND e.undoes IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM enrollments u WHERE u.undoes = e.id) ORDER BY e.id LIMIT 1",
    [ST_CONTACTS_PER_HAMLET] = "SELECT hamlet, count(*) FROM contacts WHERE hamlet IS NOT NULL GROUP BY hamlet",
    /* reports: the outreach of a period [?1, ?2) */
    [ST_REPORT_RUNS] =
        "SELECT campaign, channel, count(*), coalesce(sum(recipients), 0), coalesce(sum(parts), 0) FROM runs "
        "WHERE state = 'queued' AND scheduled >= ?1 AND scheduled < ?2 GROUP BY campaign, channel ORDER BY campaign, channel",
    /* A message that went to a modem has its modem and sent_at set together (the claim): the period's
     * messages are a range of outbox_modem per modem, the modems found by a skip over that index, not a
     * scan of every message of five years. */
    [ST_REPORT_OUTBOX] =
        "WITH RECURSIVE m(name) AS (SELECT min(modem) FROM outbox WHERE modem IS NOT NULL "
        "UNION ALL SELECT (SELECT min(modem) FROM outbox WHERE modem > m.name) FROM m WHERE m.name IS NOT NULL) "
        "SELECT " OB_CAMPAIGN("o") " AS camp, CASE WHEN o.state = " SQL_OB_DELIVERED " AND o.delivered_at >= ?3 THEN " SQL_OB_SENT " ELSE o.state END AS st, "
        "count(*), coalesce(sum(o.parts_sent), 0) FROM m JOIN outbox o ON o.modem = m.name "
        "WHERE o.state IN (" SQL_OB_SENT ", " SQL_OB_DELIVERED ", " SQL_OB_FAILED ", " SQL_OB_UNKNOWN ") "
        "AND o.sent_at >= ?1 AND o.sent_at < ?2 AND o.kind <> " SQL_OK_TEST " GROUP BY camp, st ORDER BY camp, st",
    [ST_REPORT_INBOX] =
        "SELECT coalesce(sum(phone IS NOT NULL AND coalesce(action, '') NOT LIKE 'enroll%'), 0), "
        "coalesce(sum(phone IS NOT NULL AND action = 'optout'), 0), "
        "coalesce(sum(phone IS NOT NULL AND action LIKE 'enroll%'), 0), coalesce(sum(phone IS NULL), 0) "
        "FROM inbox WHERE received >= ?1 AND received < ?2",
    /* Each resident's latest answer in the period, per campaign (strangers' answers left out). */
    [ST_REPORT_POLLS] =
        "SELECT campaign, answer, count(*) FROM poll_answers p WHERE time >= ?1 AND time < ?2 AND resident <> 0 AND id = "
        "(SELECT q.id FROM poll_answers q WHERE q.campaign = p.campaign AND q.phone = p.phone AND q.time >= ?1 "
        "AND q.time < ?2 ORDER BY q.time DESC, q.id DESC LIMIT 1) "
        "GROUP BY campaign, answer ORDER BY campaign, count(*) DESC, answer",
    /* The earliest moment loa holds anything a report counts: a message queued or received, a
     * loudspeaker item's slot, an enrollment row's day (local midnight). NULL on an empty database.
     * The outbox's first row and the runs stand for its earliest message (rows are queued in time's
     * order; min(created) would read every message of five years on each of the daemon's checks). */
    [ST_REPORT_BASIS_GET] = "SELECT made, last_entry, residents, targets, hamlet_targets, made_by FROM reports WHERE period = ?1",
    [ST_REPORT_BASIS_PUT] =
        "INSERT OR REPLACE INTO reports(period, made, last_entry, residents, targets, hamlet_targets, made_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_REPORT_PERIODS] = "SELECT period, made, made_by FROM reports ORDER BY period",
    [ST_ENROLL_LAST_ID] = "SELECT coalesce(max(id), 0) FROM enrollments",
    [ST_FIRST_ACTIVITY] =
        "SELECT min(t) FROM (SELECT created AS t FROM outbox WHERE id = (SELECT min(id) FROM outbox) "
        "UNION ALL SELECT min(created) FROM runs UNION ALL SELECT min(received) FROM inbox "
        "UNION ALL SELECT min(day * 86400 + slot * 60 - 25200) FROM broadcasts "
        "UNION ALL SELECT min(day * 86400 - 25200) FROM enrollments WHERE kind IN ('entry', 'opening', 'official'))",
    /* Per campaign: the items laid out for slots in the period (urgent announcements, hash 'now-…', are
     * not scheduled), those that started playing in it, and their seconds. A slot's moment is its local
     * day and minute, UTC+7. */
    [ST_REPORT_BROADCASTS] =
        "SELECT campaign, coalesce(sum(hash NOT LIKE 'now-%' AND day * 86400 + slot * 60 - 25200 >= ?1 "
        "AND day * 86400 + slot * 60 - 25200 < ?2), 0), coalesce(sum(state = 'played' AND started >= ?1 AND started < ?2), 0), "
        "coalesce(sum(CASE WHEN state = 'played' AND started >= ?1 AND started < ?2 THEN duration END), 0) FROM broadcasts "
        "WHERE (day * 86400 + slot * 60 - 25200 >= ?1 AND day * 86400 + slot * 60 - 25200 < ?2) "
        "OR (state = 'played' AND started >= ?1 AND started < ?2) GROUP BY campaign ORDER BY campaign",
};

static const char *const more[] = {
    /* 2: campaign runs, the outbox, settings and modem status */
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  campaign TEXT NOT NULL,"
    "  channel TEXT NOT NULL,"
    "  scheduled INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  state TEXT NOT NULL,"
    "  recipients INTEGER NOT NULL DEFAULT 0,"
    "  parts INTEGER NOT NULL DEFAULT 0,"
    "  note TEXT,"
    "  UNIQUE (campaign, channel, scheduled));"
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER REFERENCES runs(id),"
    "  campaign TEXT,"
    "  phone TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  ucs2 INTEGER NOT NULL,"
    "  parts INTEGER NOT NULL,"
    "  parts_sent INTEGER NOT NULL DEFAULT 0,"
    "  concat_ref INTEGER NOT NULL DEFAULT 0,"
    "  refs TEXT,"
    "  kind INTEGER NOT NULL DEFAULT " SQL_OK_CAMPAIGN ","
    "  priority INTEGER NOT NULL DEFAULT 0,"
    "  urgent INTEGER NOT NULL DEFAULT 0,"
    /* the claim order in one column: urgent first, then automatic replies, then priority */
    "  rank INTEGER NOT NULL DEFAULT 0,"
    "  state INTEGER NOT NULL DEFAULT " SQL_OB_QUEUED ","
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt INTEGER NOT NULL,"
    "  modem TEXT,"
    "  last_error TEXT,"
    "  created INTEGER NOT NULL,"
    "  sent_at INTEGER,"
    "  delivered_at INTEGER,"
    "  reply_to INTEGER);"
    /* Partial indexes: a queued row (no modem, not sent) costs the bulk insert nothing there. A run
     * is materialised once by the runs table's unique key, in one transaction with its rows, so the
     * outbox needs no unique key of its own: one index less on every one of 100,000 inserts. */
    "CREATE INDEX outbox_due ON outbox(state, rank DESC, next_attempt);"
    "CREATE INDEX outbox_phone ON outbox(phone, sent_at) WHERE sent_at IS NOT NULL;"
    "CREATE INDEX outbox_modem ON outbox(modem, sent_at) WHERE modem IS NOT NULL;"
    "CREATE INDEX outbox_auto ON outbox(phone, created) WHERE kind = " SQL_OK_AUTO ";"
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE modems ("
    "  name TEXT PRIMARY KEY, state TEXT, last_error TEXT, failures INTEGER NOT NULL DEFAULT 0,"
    "  balance TEXT, balance_at INTEGER, clock_skew INTEGER NOT NULL DEFAULT 0, updated INTEGER);",

    /* 3: what residents send: parts as received (identity unique: storing twice is a no-op),
     * messages joined from them, poll answers, and VNeID enrollment entries */
    "CREATE TABLE inbox_parts ("
    "  id INTEGER PRIMARY KEY,"
    "  modem TEXT NOT NULL,"
    "  sender TEXT NOT NULL,"
    "  smsc_time INTEGER NOT NULL,"
    "  concat_ref INTEGER NOT NULL,"
    "  concat_part INTEGER NOT NULL,"
    "  concat_total INTEGER NOT NULL,"
    "  ident TEXT NOT NULL,"              /* the part's text, or its raw data when it has none */
    "  text TEXT,"
    "  coding INTEGER NOT NULL,"
    "  raw TEXT,"
    "  received INTEGER NOT NULL,"
    "  message_id INTEGER,"
    "  UNIQUE (modem, sender, smsc_time, concat_ref, concat_part, ident));"
    "CREATE INDEX inbox_parts_open ON inbox_parts(message_id, modem, sender, concat_ref);"
    "CREATE TABLE inbox ("
    "  id INTEGER PRIMARY KEY,"
    "  modem TEXT NOT NULL,"
    "  sender TEXT NOT NULL,"             /* as received: +84…, or a name such as VIETTEL */
    "  phone TEXT,"                       /* E.164 when the sender is a Vietnamese mobile */
    "  smsc_time INTEGER,"
    "  received INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  parts INTEGER NOT NULL,"
    "  complete INTEGER NOT NULL,"        /* 0: a part never came (stored after multipart_timeout) */
    "  coding INTEGER NOT NULL,"
    "  keyword TEXT,"                     /* what it matched */
    "  action TEXT,"                      /* optout, optin, help, poll, enroll, inbox, report, ignored */
    "  campaign TEXT,"                    /* the campaign it most likely answers */
    "  result TEXT,"                      /* what loa did, for the officer */
    "  handled INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX inbox_phone ON inbox(phone, received);"
    "CREATE INDEX inbox_pending ON inbox(id) WHERE action IS NULL;"
    "CREATE TABLE poll_answers ("
    "  id INTEGER PRIMARY KEY,"
    "  campaign TEXT NOT NULL,"
    "  phone TEXT NOT NULL,"
    "  answer TEXT NOT NULL,"
    "  inbox_id INTEGER REFERENCES inbox(id),"
    "  time INTEGER NOT NULL);"
    "CREATE INDEX poll_answers_campaign ON poll_answers(campaign, phone, time);"
    "CREATE TABLE enrollments ("
    "  id INTEGER PRIMARY KEY,"
    "  hamlet TEXT NOT NULL,"             /* the code as given (old codes count under merged_into) */
    "  count INTEGER NOT NULL,"           /* signed: corrections are negative entries */
    "  day INTEGER NOT NULL,"             /* local day number (days since 1970-01-01) */
    "  kind TEXT NOT NULL,"               /* entry, opening, official, duplicate, rejected */
    "  source TEXT NOT NULL,"             /* sms, cli, import */
    "  reporter TEXT,"                    /* phone of the reporter, or the officer's login */
    "  note TEXT,"
    "  inbox_id INTEGER REFERENCES inbox(id),"
    "  undoes INTEGER REFERENCES enrollments(id),"
    "  created INTEGER NOT NULL);"
    "CREATE INDEX enrollments_day ON enrollments(day, hamlet);",

    /* 4: the loudspeaker programme and its as-run log */
    "CREATE TABLE broadcasts ("
    "  id INTEGER PRIMARY KEY,"
    "  day INTEGER NOT NULL,"             /* local day number */
    "  slot INTEGER NOT NULL,"            /* minutes after midnight */
    "  campaign TEXT NOT NULL,"           /* campaign id, or 'now' for urgent announcements */
    "  text TEXT NOT NULL,"
    "  words TEXT NOT NULL,"              /* normalised, what espeak-ng reads */
    "  hash TEXT NOT NULL,"               /* of words and audio settings: the render cache key */
    "  audio TEXT,"                       /* path of the MP3 */
    "  duration REAL,"                    /* seconds */
    "  state TEXT NOT NULL,"              /* pending, ready, played, skipped, failed */
    "  started INTEGER,"
    "  ended INTEGER,"
    "  note TEXT,"
    "  created INTEGER NOT NULL,"
    "  UNIQUE (day, slot, campaign));",

    /* 5: the claim index holds queued rows only. Every send moves a row queued -> sending -> sent;
     * with `state` leading a full index each move rewrote index pages, in the very commit (one
     * fsync) that records the outcome. Now a row leaves the index at its claim and that is all. */
    "DROP INDEX outbox_due;"
    "CREATE INDEX outbox_queue ON outbox(rank DESC, next_attempt) WHERE state = " SQL_OB_QUEUED ";",

    /* 6: every attempt to play an item (played, failed, skipped), so the as-run log keeps a failure
     * and its retry; and when an item's audio was made, so one made after its slot began shows as missed.
     * Items played before this migration keep their one attempt. */
    "CREATE TABLE broadcast_attempts ("
    "  id INTEGER PRIMARY KEY,"
    "  broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),"
    "  state TEXT NOT NULL,"              /* played, failed, skipped */
    "  started INTEGER NOT NULL,"
    "  ended INTEGER NOT NULL,"
    "  note TEXT);"                       /* why it failed, or the operator's note */
    "CREATE INDEX broadcast_attempts_item ON broadcast_attempts(broadcast_id);"
    "INSERT INTO broadcast_attempts(broadcast_id, state, started, ended, note) "
    "  SELECT id, state, started, coalesce(ended, started), note FROM broadcasts "
    "  WHERE state IN ('played', 'failed', 'skipped') AND started IS NOT NULL;"
    "ALTER TABLE broadcasts ADD COLUMN rendered INTEGER;",

    /* 7: a report is frozen when first made: the inputs it counted from, so a remake gives the same
     * figures (unless the officer asks to recompute) even after residents, targets or entries change */
    "CREATE TABLE reports ("
    "  period TEXT PRIMARY KEY,"          /* "monthly.2026-11", "half-year.2026-H2", "annual.2026" */
    "  made INTEGER NOT NULL,"            /* when it was (re)computed: the moment its figures stand at */
    "  last_entry INTEGER NOT NULL,"      /* enrollment rows with a greater id came later: left out */
    "  residents TEXT NOT NULL,"          /* residents per current hamlet then: "DK=40;HT=35;*=80" (* = all) */
    "  targets TEXT NOT NULL,"            /* the commune targets then: "2025-12-31=1500;2030-12-31=2500" */
    "  hamlet_targets TEXT NOT NULL);",   /* hamlets' own targets then: "DK=300" */
    /* 8: an opt-out belongs to the number, not to the resident row: it outlives `contacts remove`
     * and comes back with a re-import; contacts.opted_out keeps a copy for the audience queries */
    "CREATE TABLE optouts ("
    "  phone TEXT PRIMARY KEY,"           /* E.164 */
    "  since INTEGER NOT NULL,"
    "  source TEXT NOT NULL,"             /* sms, officer, import */
    "  note TEXT);"                       /* the officer's reason */
    "INSERT INTO optouts(phone, since, source) SELECT phone, opted_out, 'sms' FROM contacts WHERE opted_out != 0;"
    /* whoever inserts a resident (an import, an opt-out from a stranger), the number's opt-out comes with it */
    "CREATE TRIGGER contacts_optout AFTER INSERT ON contacts WHEN EXISTS (SELECT 1 FROM optouts WHERE phone = NEW.phone) "
    "BEGIN UPDATE contacts SET opted_out = (SELECT since FROM optouts WHERE phone = NEW.phone) WHERE id = NEW.id; END;",

    /* 9: whether a poll answer came from a resident, as it was when it came (a purge or a move
     * never turns it into a stranger's); answers stored before are taken as residents'. */
    "ALTER TABLE poll_answers ADD COLUMN resident INTEGER NOT NULL DEFAULT 1;",

    /* 10: Thông tư 39's level of each item (0 thường, 1 ưu tiên, 2 khẩn cấp), and every airing of an item on
     * an output (the sound card, an Icecast mount) with its start and end: interrupted, cut by a
     * network fault, replayed. The broadcasts row keeps the item's outcome; this is the inspection's detail. */
    "ALTER TABLE broadcasts ADD COLUMN level INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX broadcasts_urgent ON broadcasts(level, state) WHERE level = 2;"
    "CREATE TABLE broadcast_airings ("
    "  id INTEGER PRIMARY KEY,"
    "  broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),"
    "  output TEXT NOT NULL,"             /* 'stream http://host:port/mount' or 'device NAME' */
    "  started REAL NOT NULL,"            /* seconds since the epoch, to the millisecond */
    "  ended REAL NOT NULL,"
    "  state TEXT NOT NULL,"              /* aired, interrupted, cut */
    "  note TEXT);"
    "CREATE INDEX broadcast_airings_item ON broadcast_airings(broadcast_id);",

    /* 11: a modem's parts by day, for the daily limit: each claim read the sum of the day's rows, a scan
     * that grew with every message sent that day. A bucket starts at a day's first second and covers
     * the rows whose sent_at lies between it and the next bucket; it is made by the first read of its
     * day (store_outbox_modem_parts), and these triggers, in the statement that changes a row, keep it
     * equal to those rows' parts_sent, whichever statement moves them (claim, part, defer, retry, purge). */
    "CREATE TABLE modem_day ("
    "  modem TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"             /* loa time of the day's first second */
    "  parts INTEGER NOT NULL,"           /* parts_sent of the rows sent from it until the next bucket */
    "  PRIMARY KEY (modem, day)) WITHOUT ROWID;"
    "CREATE TRIGGER outbox_modem_day_update AFTER UPDATE OF parts_sent, sent_at, modem ON outbox "
    "WHEN OLD.parts_sent IS NOT NEW.parts_sent OR OLD.sent_at IS NOT NEW.sent_at OR OLD.modem IS NOT NEW.modem BEGIN "
    "  UPDATE modem_day SET parts = parts - OLD.parts_sent WHERE OLD.parts_sent != 0 AND modem = OLD.modem "
    "    AND day = (SELECT max(day) FROM modem_day WHERE modem = OLD.modem AND day <= OLD.sent_at);"
    "  UPDATE modem_day SET parts = parts + NEW.parts_sent WHERE NEW.parts_sent != 0 AND modem = NEW.modem "
    "    AND day = (SELECT max(day) FROM modem_day WHERE modem = NEW.modem AND day <= NEW.sent_at);"
    "END;"
    "CREATE TRIGGER outbox_modem_day_insert AFTER INSERT ON outbox WHEN NEW.parts_sent != 0 BEGIN "
    "  UPDATE modem_day SET parts = parts + NEW.parts_sent WHERE modem = NEW.modem "
    "    AND day = (SELECT max(day) FROM modem_day WHERE modem = NEW.modem AND day <= NEW.sent_at);"
    "END;"
    "CREATE TRIGGER outbox_modem_day_delete AFTER DELETE ON outbox WHEN OLD.parts_sent != 0 BEGIN "
    "  UPDATE modem_day SET parts = parts - OLD.parts_sent WHERE modem = OLD.modem "
    "    AND day = (SELECT max(day) FROM modem_day WHERE modem = OLD.modem AND day <= OLD.sent_at);"
    "END;"
    /* the automatic replies' share: a scan of the day's automatic replies only, which the budget bounds */
    "CREATE INDEX outbox_modem_auto ON outbox(modem, sent_at) WHERE kind = " SQL_OK_AUTO " AND urgent = 0;",

    /* 12: the outbox's counts per run and state (run 0: messages of no run), so `status` and campaign
     * results read a few rows, not five years of messages. Kept by triggers, in the statement that
     * changes a row, so they cannot disagree with the rows; `loa check --database` recomputes them. */
    "CREATE TABLE outbox_counts ("
    "  run_id INTEGER NOT NULL,"          /* outbox.run_id, 0 for none */
    "  state INTEGER NOT NULL,"           /* OB_* */
    "  n INTEGER NOT NULL,"               /* messages */
    "  parts INTEGER NOT NULL,"           /* their parts */
    "  parts_sent INTEGER NOT NULL,"      /* their parts the modem accepted */
    "  PRIMARY KEY (run_id, state)) WITHOUT ROWID;"
    "INSERT INTO outbox_counts SELECT coalesce(run_id, 0), state, count(*), sum(parts), sum(parts_sent) FROM outbox GROUP BY 1, 2;"
    "CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox BEGIN "
    "  INSERT INTO outbox_counts VALUES (coalesce(NEW.run_id, 0), NEW.state, 1, NEW.parts, NEW.parts_sent) "
    "    ON CONFLICT (run_id, state) DO UPDATE SET n = n + 1, parts = parts + excluded.parts, parts_sent = parts_sent + excluded.parts_sent;"
    "END;"
    "CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox BEGIN "
    "  UPDATE outbox_counts SET n = n - 1, parts = parts - OLD.parts, parts_sent = parts_sent - OLD.parts_sent "
    "    WHERE run_id = coalesce(OLD.run_id, 0) AND state = OLD.state;"
    "END;"
    "CREATE TRIGGER outbox_counts_update AFTER UPDATE OF state, run_id, parts, parts_sent ON outbox "
    "WHEN OLD.state IS NOT NEW.state OR OLD.run_id IS NOT NEW.run_id OR OLD.parts IS NOT NEW.parts OR OLD.parts_sent IS NOT NEW.parts_sent BEGIN "
    "  UPDATE outbox_counts SET n = n - 1, parts = parts - OLD.parts, parts_sent = parts_sent - OLD.parts_sent "
    "    WHERE run_id = coalesce(OLD.run_id, 0) AND state = OLD.state;"
    "  INSERT INTO outbox_counts VALUES (coalesce(NEW.run_id, 0), NEW.state, 1, NEW.parts, NEW.parts_sent) "
    "    ON CONFLICT (run_id, state) DO UPDATE SET n = n + 1, parts = parts + excluded.parts, parts_sent = parts_sent + excluded.parts_sent;"
    "END;",
    /* 13: the parts a delivery report said delivered (their references), so a message is delivered once all
     * its parts are, each counted once */
    "ALTER TABLE outbox ADD COLUMN delivered_refs TEXT NOT NULL DEFAULT '';",
    /* 14: outbox.concat_ref was never anything but 0: the sender derives a message's concatenation
     * reference from its id */
    "ALTER TABLE outbox DROP COLUMN concat_ref;",
    /* 15: a resident is a person, and a number may be several residents' (a household's phone): the phone
     * is no longer unique, a resident is (phone, name), and that key's index serves every lookup by phone.
     * A run sends one SMS per number; runs.people counts the residents its messages stand for (before,
     * one each). The table is rebuilt (SQLite cannot drop a UNIQUE); its trigger comes back with it. */
    "CREATE TABLE contacts_new ("
    "  id INTEGER PRIMARY KEY,"
    "  phone TEXT NOT NULL,"              /* E.164, shared by the residents of one household's phone */
    "  name TEXT NOT NULL DEFAULT '',"
    "  hamlet TEXT,"
    "  household TEXT,"
    "  tags TEXT,"
    "  vneid INTEGER NOT NULL DEFAULT 0,"
    "  opted_out INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  UNIQUE (phone, name));"
    "INSERT INTO contacts_new SELECT id, phone, name, hamlet, household, tags, vneid, opted_out, created, updated FROM contacts;"
    "DROP TABLE contacts;"
    "ALTER TABLE contacts_new RENAME TO contacts;"
    "CREATE TRIGGER contacts_optout AFTER INSERT ON contacts WHEN EXISTS (SELECT 1 FROM optouts WHERE phone = NEW.phone) "
    "BEGIN UPDATE contacts SET opted_out = (SELECT since FROM optouts WHERE phone = NEW.phone) WHERE id = NEW.id; END;"
    "ALTER TABLE runs ADD COLUMN people INTEGER NOT NULL DEFAULT 0;"
    "UPDATE runs SET people = recipients;",
    /* 16: whether the send asked for a delivery report (1, 0; NULL: sent before loa recorded it, taken as asked), so
     * that only such sends judge a modem's delivery rate */
    "ALTER TABLE outbox ADD COLUMN report INTEGER;",
    /* 17: what reads a period or a campaign of history reads an index or a counter, not every received
     * message: the monthly report's received messages and poll answers by time, a campaign's latest
     * answers per number (a covering index), its replies and opt-outs (counters) */
    "CREATE INDEX inbox_received ON inbox(received);"
    "CREATE INDEX poll_answers_time ON poll_answers(time);"
    /* a campaign's replies and opt-outs, kept like outbox_counts in the statement that changes a message */
    "CREATE TABLE inbox_counts ("
    "  campaign TEXT PRIMARY KEY,"
    "  n INTEGER NOT NULL,"               /* received messages taken as answering it */
    "  optouts INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO inbox_counts SELECT campaign, count(*), coalesce(sum(action = 'optout'), 0) FROM inbox WHERE campaign IS NOT NULL GROUP BY 1;"
    "CREATE TRIGGER inbox_counts_insert AFTER INSERT ON inbox WHEN NEW.campaign IS NOT NULL BEGIN "
    "  INSERT INTO inbox_counts VALUES (NEW.campaign, 1, coalesce(NEW.action = 'optout', 0)) "
    "    ON CONFLICT (campaign) DO UPDATE SET n = n + 1, optouts = optouts + excluded.optouts;"
    "END;"
    "CREATE TRIGGER inbox_counts_delete AFTER DELETE ON inbox WHEN OLD.campaign IS NOT NULL BEGIN "
    "  UPDATE inbox_counts SET n = n - 1, optouts = optouts - coalesce(OLD.action = 'optout', 0) WHERE campaign = OLD.campaign;"
    "END;"
    "CREATE TRIGGER inbox_counts_update AFTER UPDATE OF campaign, action ON inbox "
    "WHEN OLD.campaign IS NOT NEW.campaign OR OLD.action IS NOT NEW.action BEGIN "
    "  UPDATE inbox_counts SET n = n - 1, optouts = optouts - coalesce(OLD.action = 'optout', 0) WHERE campaign = OLD.campaign;"
    "  INSERT INTO inbox_counts SELECT NEW.campaign, 1, coalesce(NEW.action = 'optout', 0) WHERE NEW.campaign IS NOT NULL "
    "    ON CONFLICT (campaign) DO UPDATE SET n = n + 1, optouts = optouts + excluded.optouts;"
    "END;",
    /* 18: a run's text once: each distinct rendering of a run in run_texts, its messages referring to it
     * (text_id) with an empty text of their own, instead of the same 200 bytes in each of 10,000 rows.
     * Messages of no run (ad hoc, replies) and those queued before keep their own text. */
    "CREATE TABLE run_texts ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  text TEXT NOT NULL);"             /* exactly what goes out (prepared) */
    /* run_texts.id; no foreign key: its check would scan the outbox for each rendering a purge removes */
    "ALTER TABLE outbox ADD COLUMN text_id INTEGER;",
    /* 19: each number's latest answer per campaign, so that campaign results read one row a number, not
     * every answer of the campaign's years; kept by triggers in the statement that adds, changes (the
     * purge's 'purged-ID') or removes an answer, checked by `loa check --database` */
    "CREATE TABLE poll_latest ("
    "  campaign TEXT NOT NULL,"
    "  phone TEXT NOT NULL,"
    "  answer_id INTEGER NOT NULL,"      /* poll_answers.id of the latest */
    "  answer TEXT NOT NULL,"
    "  resident INTEGER NOT NULL,"
    "  PRIMARY KEY (campaign, phone)) WITHOUT ROWID;"
    "INSERT INTO poll_latest SELECT campaign, phone, max(id), answer, resident FROM poll_answers GROUP BY campaign, phone;"
    "CREATE TRIGGER poll_latest_insert AFTER INSERT ON poll_answers BEGIN "
    "  INSERT INTO poll_latest VALUES (NEW.campaign, NEW.phone, NEW.id, NEW.answer, NEW.resident) "
    "    ON CONFLICT (campaign, phone) DO UPDATE SET answer_id = excluded.answer_id, answer = excluded.answer, "
    "    resident = excluded.resident WHERE excluded.answer_id > poll_latest.answer_id;"
    "END;"
    "CREATE TRIGGER poll_latest_update AFTER UPDATE OF campaign, phone, answer, resident ON poll_answers BEGIN "
    "  DELETE FROM poll_latest WHERE campaign = OLD.campaign AND phone = OLD.phone;"
    "  INSERT INTO poll_latest SELECT campaign, phone, max(id), answer, resident FROM poll_answers "
    "    WHERE campaign = OLD.campaign AND phone = OLD.phone GROUP BY campaign, phone;"
    "  DELETE FROM poll_latest WHERE campaign = NEW.campaign AND phone = NEW.phone;"
    "  INSERT INTO poll_latest SELECT campaign, phone, max(id), answer, resident FROM poll_answers "
    "    WHERE campaign = NEW.campaign AND phone = NEW.phone GROUP BY campaign, phone;"
    "END;"
    "CREATE TRIGGER poll_latest_delete AFTER DELETE ON poll_answers BEGIN "
    "  DELETE FROM poll_latest WHERE campaign = OLD.campaign AND phone = OLD.phone;"
    "  INSERT INTO poll_latest SELECT campaign, phone, max(id), answer, resident FROM poll_answers "
    "    WHERE campaign = OLD.campaign AND phone = OLD.phone GROUP BY campaign, phone;"
    "END;",
    /* 20: a skipped or held run may stand for many scheduled times (a long downtime, a wrong clock): how many,
     * and the last of them (NULL: only its own) */
    "ALTER TABLE runs ADD COLUMN covers INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE runs ADD COLUMN last_at INTEGER;",
    /* 21: the web page's accounts (a password's Argon2id hash, never the password) and their sessions (a hash of
     * the cookie's token, never the token); a user's sessions go with the user */
    "CREATE TABLE web_users ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role INTEGER NOT NULL,"            /* WEB_ROLE_* */
    "  hash TEXT NOT NULL,"               /* crypto_pwhash_str */
    "  demo INTEGER NOT NULL DEFAULT 0,"  /* a demo account: only with the demo configuration on loopback */
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL);"
    "CREATE TABLE web_sessions ("
    "  hash TEXT PRIMARY KEY,"            /* crypto_generichash of the token, hex */
    "  user_id INTEGER NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,"
    "  created INTEGER NOT NULL,"
    "  seen INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX web_sessions_user ON web_sessions(user_id);",
    /* 22: a smaller outbox, at most 150 bytes a message at five years (issue 22; it was 174): a run's message
     * no longer holds its campaign's name (the run has it; OB_CAMPAIGN reads it back), a delivered message no
     * longer lists its delivered parts' references (its state says all were), and the index by number holds
     * PHONE_KEY, 4 bytes instead of 12 of text, for every row (a resident's page lists their messages in any
     * state; few rows are never sent, so the partial index saved little). An existing file keeps its size (the rows shrink in their
     * pages) until a VACUUM; what is written from now on takes the smaller rows. */
    "UPDATE outbox SET campaign = NULL WHERE run_id IS NOT NULL "
    "AND campaign IS (SELECT r.campaign FROM runs r WHERE r.id = outbox.run_id);"
    "UPDATE outbox SET delivered_refs = '' WHERE state = " SQL_OB_DELIVERED " AND delivered_refs <> '';"
    "DROP INDEX outbox_phone;"
    "CREATE INDEX outbox_phone ON outbox(" PHONE_KEY("phone") ", sent_at);",
    /* 23: who made a report (its figures): a web account's name, "loa run", or NULL (the CLI, or made before) */
    "ALTER TABLE reports ADD COLUMN made_by TEXT;",
    /* 24: a request that `loa run` reread the configuration (the page saved a campaign file): the daemon acts on
     * it at its next wake instead of waiting for a SIGHUP; done is when it did */
    "CREATE TABLE reload_requests ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"              /* loa's clock when asked */
    "  by TEXT NOT NULL,"                 /* who asked: "web:lan" */
    "  file TEXT,"                        /* the campaign file written, or NULL */
    "  done INTEGER);"
    /* the daemon asks at commits while sending (4 a second at most): the pending ones alone are indexed */
    "CREATE INDEX reload_requests_pending ON reload_requests(id) WHERE done IS NULL;",
    /* 25: how far a claimed row got (RELIABILITY.md, "unknown after a crash"): NULL its transport cannot tell;
     * 0 claimed, no part handed to the device since the claim or since the last accepted part (a row found
     * `sending` so goes back to the queue: the modem never had it); 1 a part was handed over, its answer not
     * recorded (maybe sent: `unknown`) */
    "ALTER TABLE outbox ADD COLUMN written INTEGER;",
};

int store_more_migrations(const char *const **out)
{
    if (out) *out = more;
    return (int)(sizeof more / sizeof more[0]);
}
