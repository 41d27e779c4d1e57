#!/usr/bin/env bash
# Issue 22: `loa backup` while `loa run` sends a campaign through Gammu's dummy phone (hundreds of
# commits a second): whether it finishes, in what time, and how much the WAL grows meanwhile.
# The database: N residents and N messages already sent (about 2 kB of pages a message with indexes).
. "$(dirname "$0")/lib.sh"
N=${N:-30000}
TEXT="UBND xã Minh Tiến: mời bà con đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID."
bench_queued "$N" "$TEXT"
sed -i 's/ enabled = false;//' "$B/config/loa.cfg"
"$LOA_BIN" --now "2026-12-01 08:00" run --once >/dev/null 2>&1           # the history: N sent
cat >"$B/campaigns/again.cfg" <<CFG
id = "again";
title = "Nhắc lại";
sms: { text = "$TEXT Nhắc lại."; schedule: { at = [ "2026-12-01 09:00" ]; }; };
CFG
sed -i 's/per_person_per_day = 0;/per_person_per_day = 0; max_attempts = 5;/' "$B/config/loa.cfg"
sed -i 's/daily_limit = 0; }/daily_limit = 0; enabled = false; }/' "$B/config/loa.cfg"
"$LOA_BIN" --now "2026-12-01 09:00" run --once >/dev/null 2>&1           # the load: N more queued
sed -i 's/ enabled = false;//' "$B/config/loa.cfg"
db_mb=$(du -m "$B/var/loa.db" | cut -f1)
setsid "$LOA_BIN" --now "2026-12-01 09:00" --log-file "$B/load.log" run &
lpid=$!
for _ in $(seq 100); do grep -q "modem m1 open" "$B/load.log" 2>/dev/null && break; sleep 0.05; done
sleep 0.5
wal0=$(stat -c %s "$B/var/loa.db-wal" 2>/dev/null || echo 0)
before=$(sqlite3 "$B/var/loa.db" "select count(*) from outbox where state = 2")
t0=$(date +%s.%N)
if timeout "${LIMIT:-120}" "$LOA_BIN" --now "2026-12-01 09:00" backup "$B/copy.db" >"$B/b.out" 2>"$B/b.err"; then brc=0; else brc=$?; fi
t1=$(date +%s.%N)
wal1=$(stat -c %s "$B/var/loa.db-wal" 2>/dev/null || echo 0)
after=$(sqlite3 "$B/var/loa.db" "select count(*) from outbox where state = 2")
kill -TERM -- -"$lpid"; wait "$lpid" 2>/dev/null
btime=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "backup of a ${db_mb} MB database while loa run sent $((after - before)) messages meanwhile: exit $brc in ${btime}s$( [ "$brc" = 124 ] && echo ' (not finished within the limit)'); WAL $((wal0 / 1024)) kB before, $((wal1 / 1024)) kB after (goal: finishes; five-year database under 60 s)"
