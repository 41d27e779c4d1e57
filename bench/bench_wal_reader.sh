#!/usr/bin/env bash
# Issue 22, item 7: the WAL while a long reader (a report or a spreadsheet tool holding one read
# transaction) runs during sending. `loa run` sends N queued messages through Gammu's dummy phone while
# sqlite3 holds a read transaction for HOLD seconds; the WAL's size is sampled every 0.2 s: its peak
# while the reader holds, and its size once the reader has gone and the daemon has sent on. LIMIT sets
# sms.wal_limit_mb (default 256; beyond it sending waits for the reader).
. "$(dirname "$0")/lib.sh"
N=${N:-20000}
HOLD=${HOLD:-5}
TEXT="UBND xã Minh Tiến: mời bà con đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID."
bench_queued "$N" "$TEXT"
sed -i 's/ enabled = false;//' "$B/config/loa.cfg"
[ -n "${LIMIT:-}" ] && sed -i "s/^sms: {/sms: { wal_limit_mb = $LIMIT;/" "$B/config/loa.cfg"
db="$B/var/loa.db"
wal() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }
sent() { sqlite3 "$db" "SELECT coalesce(sum(n), 0) FROM outbox_counts WHERE state = 2"; }   # 2: sent
setsid "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$B/load.log" run &
lpid=$!
for _ in $(seq 200); do grep -q "modem m1 open" "$B/load.log" 2>/dev/null && break; sleep 0.05; done
sleep 0.5
w0=$(wal); s0=$(sent)
# the long reader: one read transaction (a snapshot) held HOLD seconds
( echo "BEGIN; SELECT count(*) FROM outbox;"; sleep "$HOLD"; echo "COMMIT;" ) | sqlite3 "$db" >/dev/null &
rpid=$!
peak=$w0
while kill -0 "$rpid" 2>/dev/null; do w=$(wal); [ "$w" -gt "$peak" ] && peak=$w; sleep 0.2; done
s1=$(sent)
sleep "$HOLD"                                  # the daemon sends on, the reader gone
w2=$(wal); s2=$(sent)
kill -TERM -- -"$lpid"; wait "$lpid" 2>/dev/null
during=$((s1 - s0)); after=$((s2 - s1))
echo "WAL under a ${HOLD}s reader while loa run sent $during messages: $((w0 / 1024)) kB before, peak $((peak / 1024)) kB ($(( during ? (peak - w0) / during : 0 )) bytes a message sent); ${HOLD}s after the reader ended ($after more sent): $((w2 / 1024)) kB (sms.wal_limit_mb ${LIMIT:-256}, journal_size_limit 64 MB; goal: bounded)"
