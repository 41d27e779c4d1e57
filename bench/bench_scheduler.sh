#!/usr/bin/env bash
# Issue 4: materialise one run for 100,000 residents (goal ≤ 1 s, peak RSS ≤ 30 MB), preview it
# (goal ≤ 0.5 s), and the latency from a CLI change to the running daemon acting on it.
. "$(dirname "$0")/lib.sh"
bench_commune
# The modem is disabled for the materialisation: only the scheduler works.
sed -i 's/daily_limit = 0; }/daily_limit = 0; enabled = false; }/' "$B/config/loa.cfg"
cat >"$B/campaigns/big.cfg" <<CFG
id = "big";
title = "Kích hoạt VNeID";
sms: { text = "UBND xã Minh Tiến kính mời {ten|bà con} ({xom}) mang CCCD gắn chip đến nhà văn hóa xóm để được hướng dẫn kích hoạt tài khoản VNeID mức 2. Soạn HUY để ngừng nhận tin.";
       schedule: { at = [ "2026-12-01 08:00" ]; }; };
CFG
gen_contacts 100000 >"$B/contacts.csv"
"$LOA_BIN" contacts import "$B/contacts.csv" >/dev/null
mat_s=999
for i in 1 2 3; do   # best of 3, each a fresh run of a copy of the same database
    cp "$B/var/loa.db" "$B/base.db"
    measure "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$B/mat.log" run --once
    [ "$(ratio "$secs" "$mat_s")" \< 1 ] && mat_s=$secs mat_rss=$rss_mb
    own=$(grep -o 'queued in [0-9.]* s' "$B/mat.log" | tail -1 | grep -o '[0-9.]*')
    [ -z "${mat_own:-}" ] || [ "$(ratio "$own" "$mat_own")" \< 1 ] && mat_own=$own
    rows=$(sqlite3 "$B/var/loa.db" "select count(*) || ' rows, ' || sum(parts) || ' parts' from outbox")
    [ $i -lt 3 ] && mv "$B/base.db" "$B/var/loa.db" && rm -f "$B/var/loa.db-wal" "$B/var/loa.db-shm"
done
echo "materialise one run for 100,000 residents (best of 3): the transaction itself ${mat_own}s; the whole loa run --once ${mat_s}s (start-up, a fresh database's first reports included), peak RSS ${mat_rss} MB ($rows)"
best=999
for i in 1 2 3; do measure "$LOA_BIN" --now "2026-11-30 08:00" campaign preview big; [ "$(ratio "$secs" "$best")" \< 1 ] && best=$secs && prss=$rss_mb; done
echo "campaign preview of it (best of 3): ${best}s, peak RSS ${prss} MB"

# Latency: the daemon sleeps (no polling); the CLI commits an SMS; how long until it is sent?
rm -rf "$B/var"
sed -i 's/ enabled = false;//; s/from = "22:00"; to = "07:00"/from = "00:00"; to = "00:00"/' "$B/config/loa.cfg"
rm "$B/campaigns/big.cfg"
"$LOA_BIN" --log-file "$B/daemon.log" run &
pid=$!
for i in $(seq 1 100); do grep -q "modem m1 open" "$B/daemon.log" 2>/dev/null && break; sleep 0.05; done
sleep 0.5
lat=""
for i in 1 2 3 4 5; do
    t0=$(date +%s.%N)
    "$LOA_BIN" sms send "09000001$i$i" "UBND xã Minh Tiến: thử độ trễ $i." >/dev/null
    t1=$(date +%s.%N)
    while [ "$(sqlite3 "$B/var/loa.db" "select count(*) from outbox where state = 2 -- 2: sent (OB_SENT, include/store.h)")" -lt "$i" ]; do sleep 0.002; done
    t2=$(date +%s.%N)
    lat="$lat $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", (b - a) * 1000 }')"
    sleep 0.2
done
kill "$pid"; wait "$pid" 2>/dev/null
echo "CLI commit -> sent by the running daemon (dummy phone), 5 tries, ms:$lat"
