#!/usr/bin/env bash
# Issue 22, item 5 at five years: `loa backup` of the five-year database (bench/history.sh) while `loa run`
# sends the day's runs (a campaign to every resident, and the demo survey that falls due: 59,400 messages) through
# Gammu's dummy phone (two modems, no rate limit: a commit per
# message). Prints the backup's time, the WAL's size before and its peak while the backup ran (sampled
# every 0.1 s), the messages sent meanwhile, and whether the copy opens and passes `loa check --database`
# (quick_check, and the counters recomputed from the rows). BIG_DIR=DIR reuses a history (it is copied,
# never written); HISTORY="RESIDENTS RUNS PER_RUN RECEIVED" builds another size.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")/.." && pwd)
read -r RES RUNS PER RECV <<<"${HISTORY:-30000 520 10000 260000}"
big=${BIG_DIR:-$B/big}
[ -n "${BIG_DIR:-}" ] && [ -f "$big/var/loa.db" ] || bash "$here/bench/history.sh" "$big" "$RES" "$RUNS" "$PER" "$RECV" >/dev/null
W=$B/five
mkdir -p "$W/var" "$W/campaigns"
cp "$big/var/loa.db" "$W/var/loa.db"
sync "$W/var/loa.db"                        # the copy's dirty pages out before anything is timed
cp -r "$big/config" "$W/config"
cp "$big"/campaigns/*.cfg "$W/campaigns/"
cfg=$W/config/loa.cfg
sed -i 's/daily_limit = 0;/daily_limit = 0; rate_per_minute = 0;/g' "$cfg"
sed -i 's/^sms: {/sms: { per_person_per_day = 0;/' "$cfg"
cat >"$W/campaigns/tai-lieu.cfg" <<'CFG'
id = "tai-lieu";
title = "Nhắc mang giấy tờ";
sms: { text = "UBND xã Minh Tiến: mời bà con mang CCCD đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID."; schedule: { at = [ "2026-12-01 09:00" ]; }; };
CFG
export LOA_CONFIG=$cfg
db=$W/var/loa.db
wal() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }
# the runs this start makes (tai-lieu, and the demo campaigns' runs that fall due): their messages sent
last_run=$(sqlite3 "$db" "SELECT max(id) FROM runs")
sent() { sqlite3 "$db" "SELECT coalesce(sum(n), 0) FROM outbox_counts WHERE run_id > $last_run AND state = 2"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
setsid "$LOA_BIN" --now "2026-12-01 09:00" --log-file "$W/load.log" run &
lpid=$!
trap 'kill -TERM -- -"$lpid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$B"' EXIT
# sending has begun: the runs materialised and the first messages sent
for _ in $(seq 600); do [ "$(sent)" -gt 500 ] && break; sleep 0.1; done
queued=$(sqlite3 "$db" "SELECT coalesce(sum(n), 0) FROM outbox_counts WHERE run_id > $last_run")
w0=$(wal); s0=$(sent)
t0=$(date +%s.%N)
"$LOA_BIN" --now "2026-12-01 09:00" backup "$W/var/copy.db" >"$W/b.out" 2>"$W/b.err" &
bpid=$!
peak=$w0
while kill -0 "$bpid" 2>/dev/null; do w=$(wal); [ "$w" -gt "$peak" ] && peak=$w; sleep 0.1; done
if wait "$bpid"; then brc=0; else brc=$?; fi
t1=$(date +%s.%N)
s1=$(sent); w1=$(wal)
kill -TERM -- -"$lpid"; wait "$lpid" 2>/dev/null
btime=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
# the copy, as the officer would restore it: a configuration whose database is the copy
sed 's|^database = .*|database = "../var/copy.db";|' "$cfg" >"$W/config/copy.cfg"
if [ "$brc" = 0 ] && LOA_CONFIG=$W/config/copy.cfg "$LOA_BIN" --now "2026-12-01 09:00" check --database >"$W/c.out" 2>&1; then
    verdict="the copy passes loa check --database"
else
    verdict="FAILED: backup exit $brc: $(head -c 300 "$W/b.err"); check: $(tail -3 "$W/c.out" 2>/dev/null)"
fi
rows=$(sqlite3 "$W/var/copy.db" "SELECT count(*) FROM outbox" 2>/dev/null || echo "?")
echo "backup of the five-year database ($(mb "$(stat -c %s "$db")") MB, $rows messages in the copy) while loa run sent the day's runs ($queued messages): exit $brc in ${btime}s (goal: under 60 s), $((s1 - s0)) messages sent meanwhile; WAL $(mb "$w0") MB before, peak $(mb "$peak") MB during, $(mb "$w1") MB after; $verdict"
