#!/usr/bin/env bash
# test_backup_load — `loa backup` while the daemon sends: it finishes, and the copy is a whole, readable
# database holding at least what was sent before it began (a copy in one read transaction; copied in
# steps, every commit of the daemon restarted it).
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
sed -i 's/per_person_per_day = 3;/per_person_per_day = 0;/; s/quiet_hours = { from = "22:00"; to = "07:00"; };/quiet_hours = { from = "00:00"; to = "00:00"; };/' config/loa.cfg
loa status >/dev/null
# 20,000 messages already sent (a database of several MB, many backup steps of old) and 5,000 queued,
# all of kind 1 (the officer's own messages)
now=1764554400   # 2026-12-01 02:00 UTC (09:00 in Hà Nội)
sqlite3 var/loa.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
  INSERT INTO outbox(phone, text, ucs2, parts, kind, next_attempt, created, state, parts_sent, modem, sent_at)
  SELECT printf('+8490%07d', i), 'UBND xã Minh Tiến: mời bà con đi họp lúc 8 giờ tại nhà văn hóa xóm số ' || i, 1, 2, 1, $now - 600, $now - 600,
         CASE WHEN i <= 20000 THEN $(ob sent) ELSE $(ob queued) END, CASE WHEN i <= 20000 THEN 2 ELSE 0 END,
         CASE WHEN i <= 20000 THEN 'm1' END, CASE WHEN i <= 20000 THEN $now - 600 END FROM n"
clock "2026-12-01 09:00"; loa_daemon --log-file daemon.log run &
daemon=$!
for _ in $(seq 100); do grep -q "modem m1 open" daemon.log 2>/dev/null && break; sleep 0.05; done
for _ in $(seq 100); do [ "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob sent)")" -gt 20050 ] && break; sleep 0.05; done
before=$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob sent)")
clock "2026-12-01 09:00"; run backup copy.db
check "the backup finishes while the daemon sends (exit 0)" equals "$rc" 0
check "the copy is a whole database" equals "$(sqlite3 copy.db 'PRAGMA quick_check')" ok
copied=$(sqlite3 copy.db "SELECT count(*) FROM outbox WHERE state = $(ob sent)")
check "the copy holds what was sent before it began" test "$copied" -ge "$before"
kill -TERM -- -"$daemon"; wait "$daemon" 2>/dev/null; daemon=
finish
