#!/usr/bin/env bash
# test_wal_reader — another program holding a read open (a report in a spreadsheet tool, a copy) while
# the daemon sends: no checkpoint can pass its snapshot, so every message would lengthen the WAL; beyond
# sms.wal_limit_mb the worker waits, says so, and sends the rest once the reader has ended.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:30"
setup_commune
cd "$T"
DB=var/loa.db
loa contacts import "$LOA_ROOT/config/demo-contacts.csv" >/dev/null
sed -i 's/  inbox_poll = 10;/  inbox_poll = 10;\n  wal_limit_mb = 1;/; s/per_person_per_day = 3;/per_person_per_day = 0;/' config/loa.cfg
cat > campaigns/hop.cfg <<'CFG'
id = "hop";
title = "Hop";
sms: { text = "UBND xã Minh Tiến: mời bà con đi họp lúc 8h tại nhà văn hóa xóm. Soạn HUY để ngừng nhận tin."; schedule: { at = [ "2026-12-01 08:30" ]; }; };
CFG
sent() { sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE state = $(ob sent)"; }
wal_kb() { echo $(( $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) / 1024 )); }

# the reader: one read transaction, held until the test ends it
rm -f read.fifo; mkfifo read.fifo
sqlite3 "$DB" < read.fifo >/dev/null 2>&1 &
reader=$!
exec 3>read.fifo
printf '%s\n' "BEGIN;" "SELECT count(*) FROM outbox;" >&3

clock "2026-12-01 08:30"; loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 300); do grep -q "write-ahead log is" run.log 2>/dev/null && break; sleep 0.1; done
check "the worker says it waits for the reader" contains "$(cat run.log)" "modem m1 waits: the database's write-ahead log is 1 MB (sms.wal_limit_mb = 1) while another program keeps a read open"
held=$(sent); wal=$(wal_kb)
sleep 1
check "while the reader holds, nothing more is sent" equals "$(sent)" "$held"
check "not every resident has had the message yet" test "$held" -lt 200
check "the WAL stays near its limit (${wal} kB, limit 1,024 kB)" test "$wal" -lt 1536

printf 'COMMIT;\n.quit\n' >&3; exec 3>&-; wait "$reader"
for _ in $(seq 300); do [ "$(sent)" -eq 200 ] && break; sleep 0.1; done
check "the reader gone, the rest is sent" equals "$(sent)" 200
check "and the log says sending resumed" contains "$(cat run.log)" "modem m1 sends again: the reader that held the write-ahead log has ended"
kill -TERM -- -"$daemon"; wait "$daemon" 2>/dev/null; daemon=
check "the outbox's counters equal its rows" counters_agree
finish
