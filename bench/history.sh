#!/usr/bin/env bash
# bench/history.sh — builds a commune's database as years of use leave it, for the benchmarks of issue 22.
#
#   bash bench/history.sh DIR [RESIDENTS RUNS PER_RUN RECEIVED]
#
# DIR gets config/loa.cfg, campaigns/ (the demo campaigns) and var/loa.db. The defaults are five years
# (30,000 residents; 520 runs, two a week, of 10,000 messages = 5.2 M outbox rows; 260,000 received).
# loa creates and migrates the database itself (`contacts import`); the bulk is SQL through sqlite3, in
# one transaction a table, into loa's own tables, so the schema's triggers keep outbox_counts (and
# modem_day) as loa keeps them. The history ends at END (2026-11-30 20:00, local time); it holds:
#  - runs of the demo campaigns' texts in turn, Mondays and Thursdays at 08:00, rendered per resident
#    ({ten}, {xom}), each distinct rendering of a run stored once (run_texts) as loa stores it; states as a year of sending leaves them: 85 % delivered, 6 % sent (no report),
#    4 % failed, 2 % unknown, 3 % cancelled; two modems; parts and refs as Gammu sets them; stored as loa
#    stores them (migration 22): a run's message without its campaign's name, a delivered one without the
#    list of its delivered parts;
#  - RECEIVED messages over the same years: 55 % poll answers (CO/CHUA, with their poll_answers row and
#    the automatic reply in the outbox), 29 % questions to the officer, 1 % opt-outs (HUY: optouts and
#    contacts.opted_out), 10 % VNeID reports (enrollment entries), 5 % help; each with its part;
#  - the weekly enrollment entries of each hamlet and an opening balance; a daily loudspeaker item
#    (played, one attempt, one airing);
#  - retention as `loa run` applies it: store_purge of what is older than retention.inbox_days (730).
# `loa check --database` passes on the result (the counters equal the rows).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
: "${LOA_BIN:=$here/loa}"
DIR=${1:?usage: history.sh DIR [RESIDENTS RUNS PER_RUN RECEIVED]}
RESIDENTS=${2:-30000}
RUNS=${3:-520}
PER_RUN=${4:-10000}
RECEIVED=${5:-260000}
END="2026-11-30 20:00"
[ "$PER_RUN" -le "$RESIDENTS" ] || { echo "history.sh: PER_RUN must not exceed RESIDENTS" >&2; exit 2; }
mkdir -p "$DIR/config" "$DIR/campaigns" "$DIR/var"
rm -f "$DIR/var/loa.db" "$DIR/var/loa.db-wal" "$DIR/var/loa.db-shm"
cp "$here"/campaigns/*.cfg "$DIR/campaigns/"
cat >"$DIR/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
campaigns_dir = "../campaigns";
reports_dir = "../reports";
audio_dir = "../audio";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; }, { code = "HT"; name = "Xóm Hòa Tiến"; },
            { code = "LM"; name = "Xóm Làng Mới"; }, { code = "CD"; name = "Xóm Cây Đa"; },
            { code = "DT"; name = "Xóm Đồng Tâm"; }, { code = "KV"; name = "Xóm Khe Vàng"; } );
sms: { modems = ( { name = "m1"; model = "dummy"; connection = "none"; device = "../var/phone"; daily_limit = 0; },
                  { name = "m2"; model = "dummy"; connection = "none"; device = "../var/phone2"; daily_limit = 0; } ); };
targets = ( { by = "2030-12-31"; vneid = $((RESIDENTS * 9 / 10)); } );
CFG
export LOA_CONFIG="$DIR/config/loa.cfg"
. "$here/bench/lib.sh"   # gen_contacts (its $B is a scratch folder, removed on exit)
gen_contacts "$RESIDENTS" >"$B/c.csv"
"$LOA_BIN" --now "$END" contacts import "$B/c.csv" >/dev/null     # loa makes and migrates the database
end=$(TZ=Asia/Ho_Chi_Minh date -d "$END" +%s)
weeks=$(( (RUNS + 1) / 2 ))
monday=$(TZ=Asia/Ho_Chi_Minh date -d "$(TZ=Asia/Ho_Chi_Minh date -d "$END" +%Y-%m-%d) -$(( $(TZ=Asia/Ho_Chi_Minh date -d "$END" +%u) - 1 )) days 08:00" +%s)
start=$(( monday - weeks * 7 * 86400 ))     # the first run: a Monday 08:00, RUNS runs before END
span=$(( end - start ))
tpl() { grep -o 'text = "[^"]*"' "$DIR/campaigns/$1.cfg" | head -1 | sed 's/^text = "//; s/"$//; s/'"'"'/'"''"'/g'; }
sqlite3 "$DIR/var/loa.db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA temp_store = MEMORY;
CREATE TEMP TABLE tpl(k INTEGER PRIMARY KEY, campaign TEXT, text TEXT, ucs2 INTEGER, priority INTEGER);
INSERT INTO tpl VALUES (0, 'vneid-muc-2', '$(tpl vneid-muc-2)', 1, 5), (1, 'khao-sat-vneid', '$(tpl khao-sat-vneid)', 1, 4),
                       (2, 'dvc-muc-4', '$(tpl dvc-muc-4)', 1, 1), (3, 'cccd-gan-chip', '$(tpl cccd-gan-chip)', 0, 3);
CREATE TEMP TABLE hamlet(code TEXT PRIMARY KEY, name TEXT);
INSERT INTO hamlet VALUES ('DK', 'Xóm Đồng Kiệm'), ('HT', 'Xóm Hòa Tiến'), ('LM', 'Xóm Làng Mới'), ('CD', 'Xóm Cây Đa'),
                          ('DT', 'Xóm Đồng Tâm'), ('KV', 'Xóm Khe Vàng');
-- a resident's given name: the last word of "Họ Văn Tên"; the rendering as loa's {ten|…} and {xom} give it
CREATE TEMP TABLE person AS SELECT c.id, c.phone, c.hamlet, h.name AS xom,
  substr(substr(c.name, instr(c.name, ' ') + 1), instr(substr(c.name, instr(c.name, ' ') + 1), ' ') + 1) AS ten
  FROM contacts c JOIN hamlet h ON h.code = c.hamlet;

BEGIN;
WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < $RUNS)
INSERT INTO runs(id, campaign, channel, scheduled, created, state, recipients, people, parts)
  SELECT i + 1, (SELECT campaign FROM tpl WHERE k = i % 4), 'sms',
         $start + (i / 2) * 604800 + (i % 2) * 259200, $start + (i / 2) * 604800 + (i % 2) * 259200 + 1,
         'queued', $PER_RUN, $PER_RUN, 0 FROM r;
COMMIT;

BEGIN;
-- run i's recipients: PER_RUN residents from a window that moves round the commune
CREATE TEMP TABLE rendered AS
  SELECT k, pid, text, CASE WHEN k = 3 THEN (length(text) + 152) / 153 ELSE (length(text) + 66) / 67 END AS parts
  FROM (SELECT t.k, p.id AS pid, replace(replace(replace(t.text, '{ten|bà con}', p.ten), '{xom}', p.xom), '{ten}', p.ten) AS text
        FROM tpl t, person p);
CREATE INDEX temp.rendered_k ON rendered(k, pid);
-- a run's text once, as loa's materialiser stores it: each distinct rendering of the run in run_texts
-- (its id: the run's number times the most renderings a template has, plus the rendering's number: small
-- integers, as loa's own row ids), the messages referring to it
CREATE TEMP TABLE dtext AS SELECT k, text, row_number() OVER (PARTITION BY k ORDER BY text) AS seq FROM (SELECT DISTINCT k, text FROM rendered);
CREATE INDEX temp.dtext_k ON dtext(k, text);
CREATE TEMP TABLE dmax AS SELECT max(seq) AS m FROM dtext;
INSERT INTO run_texts(id, run_id, text) SELECT (r.id - 1) * (SELECT m FROM dmax) + d.seq, r.id, d.text FROM runs r JOIN dtext d ON d.k = (r.id - 1) % 4;
INSERT INTO outbox(run_id, campaign, phone, text, text_id, ucs2, parts, parts_sent, refs, kind, priority, rank,
                   state, attempts, next_attempt, modem, last_error, created, sent_at, delivered_at, delivered_refs)
  SELECT run_id, NULL, phone, '', (run_id - 1) * (SELECT m FROM dmax) + (SELECT seq FROM dtext d WHERE d.k = (run_id - 1) % 4 AND d.text = x_text), ucs2, parts,
         CASE WHEN st IN (3, 2, 5) THEN parts ELSE 0 END,
         CASE WHEN st IN (3, 2, 5) THEN ((run_id * 13 + pid) % 256) || CASE WHEN parts > 1 THEN ',' || ((run_id * 13 + pid + 1) % 256) ELSE '' END END,
         0, priority, priority, st,
         CASE st WHEN 6 THEN 0 WHEN 4 THEN 3 ELSE 1 END, scheduled,
         CASE WHEN st = 6 THEN NULL ELSE 'm' || (1 + pid % 2) END,
         CASE st WHEN 4 THEN 'the network refused the message (ERR_GETTING_SMSC)' WHEN 5 THEN 'the worker stopped while the message was sending' END,
         created, CASE WHEN st = 6 THEN NULL ELSE created + n / 2 END,
         CASE WHEN st = 3 THEN created + n / 2 + 20 END,
         ''
  FROM (SELECT r.id AS run_id, r.campaign, r.created, r.scheduled, p.phone, p.id AS pid, t.ucs2, t.priority, x.text AS x_text, x.parts,
               (p.id + (r.id - 1) * 7919) % $RESIDENTS AS n,
               CASE WHEN (p.id * 31 + r.id * 17) % 100 < 85 THEN 3 WHEN (p.id * 31 + r.id * 17) % 100 < 91 THEN 2
                    WHEN (p.id * 31 + r.id * 17) % 100 < 95 THEN 4 WHEN (p.id * 31 + r.id * 17) % 100 < 97 THEN 5 ELSE 6 END AS st
        FROM runs r JOIN tpl t ON t.k = (r.id - 1) % 4
        JOIN person p ON (p.id + (r.id - 1) * 7919) % $RESIDENTS < r.recipients
        JOIN rendered x ON x.k = t.k AND x.pid = p.id
        ORDER BY r.id, n);
DROP TABLE rendered;
DROP TABLE dtext;
DROP TABLE dmax;
-- the renderings no message of its run uses (the window did not reach them)
DELETE FROM run_texts WHERE id NOT IN (SELECT text_id FROM outbox WHERE text_id IS NOT NULL);
UPDATE runs SET parts = (SELECT coalesce(sum(parts), 0) FROM outbox_counts WHERE outbox_counts.run_id = runs.id);
COMMIT;

BEGIN;
-- what residents sent: i's kind by i % 20 (0-10 poll answer, 11-14 question, 15-16 opt-out one time in ten
-- and a question otherwise, 17-18 VNeID report, 19 help)
CREATE TEMP TABLE rx AS
  WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $RECEIVED)
  SELECT i, $start + (i * $span) / ($RECEIVED + 1) AS t, 1 + (i * 7907) % $RESIDENTS AS pid,
         CASE WHEN i % 20 IN (15, 16) AND (i / 20) % 10 <> 0 THEN 11 ELSE i % 20 END AS kind FROM g;
INSERT INTO inbox(id, modem, sender, phone, smsc_time, received, text, parts, complete, coding, keyword, action, campaign, result, handled)
  SELECT i, 'm' || (1 + i % 2), p.phone, p.phone, t - 4, t,
         CASE WHEN kind <= 10 THEN (CASE WHEN i % 3 THEN 'co roi' ELSE 'Chưa' END)
              WHEN kind <= 14 THEN 'Cho hỏi nhà văn hóa xóm ' || p.xom || ' mở cửa mấy giờ ạ, nhà tôi có người già không đi được'
              WHEN kind <= 16 THEN 'HUY' WHEN kind <= 18 THEN 'VNEID ' || p.hamlet || ' ' || (1 + i % 9) ELSE 'HD' END,
         1, 1, CASE WHEN kind BETWEEN 11 AND 14 OR (kind <= 10 AND i % 3 = 0) THEN 1 ELSE 0 END,
         CASE WHEN kind <= 10 THEN (CASE WHEN i % 3 THEN 'CO' ELSE 'CHUA' END) WHEN kind <= 14 THEN NULL
              WHEN kind <= 16 THEN 'HUY' WHEN kind <= 18 THEN 'VNEID' ELSE 'HD' END,
         CASE WHEN kind <= 10 THEN 'poll' WHEN kind <= 14 THEN 'inbox' WHEN kind <= 16 THEN 'optout' WHEN kind <= 18 THEN 'enroll' ELSE 'help' END,
         CASE WHEN kind <= 14 THEN 'khao-sat-vneid' WHEN kind <= 16 THEN (SELECT campaign FROM tpl WHERE k = i % 4) END,
         CASE WHEN kind <= 10 THEN 'answer recorded; replied' WHEN kind <= 14 THEN NULL WHEN kind <= 16 THEN 'opted out of all campaigns'
              WHEN kind <= 18 THEN 'entry recorded' ELSE 'help sent' END,
         CASE WHEN kind BETWEEN 11 AND 14 AND i > $RECEIVED - 40 THEN 0 ELSE 1 END
  FROM rx JOIN person p ON p.id = rx.pid;
INSERT INTO inbox_parts(modem, sender, smsc_time, concat_ref, concat_part, concat_total, ident, text, coding, received, message_id)
  SELECT modem, sender, smsc_time, 0, 1, 1, text, text, coding, received, id FROM inbox;
INSERT INTO poll_answers(campaign, phone, answer, inbox_id, time, resident)
  SELECT 'khao-sat-vneid', phone, keyword, id, received, 1 FROM inbox WHERE action = 'poll';
-- the automatic reply to each poll answer and help request, delivered
INSERT INTO outbox(run_id, campaign, phone, text, ucs2, parts, parts_sent, refs, kind, priority, rank, state, attempts,
                   next_attempt, modem, created, sent_at, delivered_at, reply_to, delivered_refs)
  SELECT NULL, campaign, phone,
         CASE keyword WHEN 'CO' THEN 'Cảm ơn bà con đã kích hoạt tài khoản VNeID.'
              WHEN 'CHUA' THEN 'Mời bà con mang CCCD gắn chip đến nhà văn hóa xóm thứ 2 hoặc thứ 5 để được hướng dẫn kích hoạt.'
              ELSE 'UBND xã Minh Tiến: soạn HUY để ngừng nhận tin, CO hoặc CHUA để trả lời khảo sát VNeID.' END,
         1, CASE keyword WHEN 'CO' THEN 1 ELSE 2 END, CASE keyword WHEN 'CO' THEN 1 ELSE 2 END, (id % 256) || CASE keyword WHEN 'CO' THEN '' ELSE ',' || ((id + 1) % 256) END,
         2, 0, 10, 3, 1, received + 1, modem, received + 1, received + 2, received + 12, id, ''
  FROM inbox WHERE action IN ('poll', 'help');
INSERT INTO optouts(phone, since, source) SELECT phone, min(received), 'sms' FROM inbox WHERE action = 'optout' GROUP BY phone;
UPDATE contacts SET opted_out = (SELECT since FROM optouts WHERE optouts.phone = contacts.phone)
  WHERE phone IN (SELECT phone FROM optouts);
-- VNeID reports by SMS (entries), the officer's weekly entries per hamlet, an opening balance per hamlet
INSERT INTO enrollments(hamlet, count, day, kind, source, reporter, note, inbox_id, created)
  SELECT substr(text, 7, 2), 1 + id % 9, (received + 25200) / 86400, 'entry', 'sms', phone, text, id, received FROM inbox WHERE action = 'enroll';
INSERT INTO enrollments(hamlet, count, day, kind, source, reporter, created)
  SELECT code, 0, ($start + 25200) / 86400 - 1, 'opening', 'cli', 'canbo', $start - 86400 FROM hamlet;
WITH RECURSIVE w(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM w WHERE i + 1 < $weeks)
INSERT INTO enrollments(hamlet, count, day, kind, source, reporter, note, created)
  SELECT code, 3 + (i * 7 + length(code)) % 25, ($start + 25200) / 86400 + i * 7 + 4, 'entry', 'cli', 'canbo', 'tổng hợp tuần', $start + i * 604800 + 4 * 86400 + 36000
  FROM w, hamlet;
-- the daily loudspeaker programme: one item at 06:00, played, with its attempt and airing
WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i + 1 < $span / 86400)
INSERT INTO broadcasts(day, slot, campaign, text, words, hash, audio, duration, state, started, ended, created, rendered, level)
  SELECT ($start + 25200) / 86400 + i, 360, 'vneid-muc-2',
         'Thực hiện Đề án 06, UBND xã Minh Tiến đề nghị bà con chưa có tài khoản VNeID mang CCCD gắn chip đến nhà văn hóa xóm.',
         'Thực hiện Đề án không sáu, Ủy ban nhân dân xã Minh Tiến đề nghị bà con chưa có tài khoản VNeID mang căn cước công dân gắn chip đến nhà văn hóa xóm.',
         printf('%016x', i % 4), printf('../audio/vneid-muc-2-%016x.mp3', i % 4), 61.5, 'played',
         (($start + 25200) / 86400 + i) * 86400 + 360 * 60 - 25200, (($start + 25200) / 86400 + i) * 86400 + 360 * 60 - 25200 + 62,
         (($start + 25200) / 86400 + i) * 86400 - 25200 - 3600, (($start + 25200) / 86400 + i) * 86400 - 25200 - 3600, 0 FROM d;
INSERT INTO broadcast_attempts(broadcast_id, state, started, ended) SELECT id, 'played', started, ended FROM broadcasts;
INSERT INTO broadcast_airings(broadcast_id, output, started, ended, state) SELECT id, 'device default', started, ended, 'aired' FROM broadcasts;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
# retention as loa run applies it once a day (store_purge of texts older than retention.inbox_days)
"$LOA_BIN" --now "$END" purge --older-than 730d >/dev/null
echo "history: $RESIDENTS residents, $RUNS runs of $PER_RUN from $(TZ=Asia/Ho_Chi_Minh date -d @$start +%F) to $END"
