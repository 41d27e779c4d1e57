#!/usr/bin/env bash
# Issue 3: the same 1,000 Vietnamese messages to 1,000 numbers through Gammu's dummy phone, by loa
# (synchronous = FULL, every message committed) and by gammu-smsd (files backend, LoopSleep = 0 and
# its default); and loa run's idle CPU over 60 s on the fake AT modem.
. "$(dirname "$0")/lib.sh"
N=${N:-1000}
TEXT="UBND xã Minh Tiến kính mời bà con mang CCCD gắn chip đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID."
TOOLS=${LOA_TOOLS:-$(dirname "$LOA_BIN")/build/std/tools}

# --- loa
bench_queued "$N" "$TEXT"
sed -i 's/ enabled = false;//' "$B/config/loa.cfg"
measure "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$B/send.log" run --once
loa_s=$secs
loop=$(grep -o 'handled [0-9]* messages in [0-9.]* s ([0-9]* a second' "$B/send.log")
sent=$(sqlite3 "$B/var/loa.db" "select count(*) from outbox where state = 2 -- 2: sent (OB_SENT, include/store.h)")
sync_mode=$(sqlite3 "$B/var/loa.db" "pragma journal_mode")
loa_rate=$(awk -v n="$sent" -v s="$loa_s" 'BEGIN { printf "%.0f", n / s }')
echo "loa: $sent messages in ${loa_s}s = $loa_rate msg/s (journal $sync_mode, synchronous = FULL, each message committed; start-up, modem open and one dummy inbox poll included); the worker's loop alone: $loop)"

# --- gammu-smsd, files backend, same phone, same text
smsd_run() {   # $1 = LoopSleep or "default"
    local d="$B/smsd-$1"
    mkdir -p "$d/phone/sms/1" "$d/phone/sms/2" "$d/phone/sms/3" "$d/phone/sms/4" "$d/phone/sms/5" \
             "$d/out" "$d/sent" "$d/err" "$d/in"
    {
        printf '[gammu]\ndevice = %s/phone\nmodel = dummy\nconnection = none\n\n' "$d"
        printf '[smsd]\nservice = files\noutboxpath = %s/out/\nsentsmspath = %s/sent/\nerrorsmspath = %s/err/\ninboxpath = %s/in/\nlogfile = %s/log\nStatusFrequency = 0\n' "$d" "$d" "$d" "$d" "$d"
        [ "$1" != default ] && printf 'LoopSleep = %s\n' "$1"
        printf 'CheckSecurity = 0\nCheckBattery = 0\nCheckSignal = 0\nHardResetFrequency = 0\nResetFrequency = 0\n'
    } >"$d/smsdrc"
    for i in $(seq 1 "$N"); do
        gammu-smsd-inject -c "$d/smsdrc" TEXT "$(printf '+8490%07d' "$i")" -unicode -text "$TEXT" >/dev/null 2>&1
    done
    local queued
    queued=$(ls "$d/out" | wc -l)
    local t0 t1
    t0=$(date +%s.%N)
    gammu-smsd -c "$d/smsdrc" >/dev/null 2>&1 &
    local pid=$!
    while [ "$(ls "$d/sent" | wc -l)" -lt "$queued" ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
    t1=$(date +%s.%N)
    kill $pid; wait $pid 2>/dev/null
    smsd_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    smsd_n=$(ls "$d/sent" | wc -l)
    smsd_rate=$(awk -v n="$smsd_n" -v s="$smsd_s" 'BEGIN { printf "%.1f", n / s }')
}
smsd_run 0
loop_rate=$(echo "$loop" | grep -o '([0-9]* a second' | grep -o '[0-9]*')
echo "gammu-smsd LoopSleep = 0: $smsd_n messages in ${smsd_s}s = $smsd_rate msg/s; loa / gammu-smsd = $(ratio "${loop_rate:-0}" "$smsd_rate")× sending (worker loop), $(ratio "$loa_rate" "$smsd_rate")× whole run (loa's start-up and one ~80 ms dummy inbox poll included)"
fast_rate=$smsd_rate
N=${N_DEFAULT:-60}   # at its default LoopSleep gammu-smsd sends about one a second: a smaller batch gives the rate
smsd_run default
echo "gammu-smsd default LoopSleep: $smsd_n messages in ${smsd_s}s = $smsd_rate msg/s; loa / gammu-smsd = $(ratio "$loa_rate" "$smsd_rate")×"

# --- idle CPU of loa run on the fake AT modem (inbox polled every 10 s), 60 s
if [ -x "$TOOLS/fakemodem" ] && [ "${IDLE:-60}" -gt 0 ]; then
    idle=${IDLE:-60}
    "$TOOLS/fakemodem" --link "$B/tty" --log "$B/fake.log" &
    fpid=$!
    for _ in $(seq 100); do [ -e "$B/tty" ] && break; sleep 0.05; done
    sed -i "s|model = \"dummy\"; connection = \"none\"; device = \"../var/phone\"|model = \"at\"; connection = \"at\"; device = \"$B/tty\"|" "$B/config/loa.cfg"
    rm -rf "$B/var"
    setsid "$LOA_BIN" --log-file "$B/idle.log" run &
    lpid=$!
    sleep 8   # connected (Gammu's AT init takes ~3 s)
    ticks() { local t=0; for p in $(pgrep -g "$lpid"); do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
    a=$(ticks); sleep "$idle"; b=$(ticks)
    hz=$(getconf CLK_TCK)
    echo "loa run idle on the fake AT modem for ${idle}s: $((b - a)) ticks = $(awk -v t=$((b - a)) -v hz="$hz" -v s="$idle" 'BEGIN { printf "%.2f", 100 * t / hz / s }') % CPU (parent + worker, inbox polled every 10 s)"
    kill -TERM -- -"$lpid"; wait "$lpid" 2>/dev/null
    kill "$fpid"; wait "$fpid" 2>/dev/null
fi

# --- through the fake AT modem with Gammu's real AT driver: time per part, and two modems against one
if [ -x "$TOOLS/fakemodem" ] && [ "${AT:-1}" -gt 0 ]; then
    M=${M:-20}
    at_run() {   # $1 = number of modems
        rm -rf "$B/var" "$B/at"; mkdir -p "$B/at"
        local mods="" pids=""
        for k in $(seq 1 "$1"); do
            "$TOOLS/fakemodem" --link "$B/at/tty$k" --log "$B/at/log$k" &
            pids="$pids $!"
            mods="$mods${mods:+, }{ name = \"m$k\"; model = \"at\"; connection = \"at\"; device = \"$B/at/tty$k\"; rate_per_minute = 0; daily_limit = 0; }"
        done
        for k in $(seq 1 "$1"); do for _ in $(seq 100); do [ -e "$B/at/tty$k" ] && break; sleep 0.05; done; done
        sed -i "s|modems = (.*);|modems = ( $mods );|" "$B/config/loa.cfg"
        rm -f "$B/campaigns/"*.cfg
        for i in $(seq 1 "$M"); do "$LOA_BIN" --now "2026-12-01 08:00" sms send "$(printf '09120%05d' "$i")" "Xa Minh Tien: tin so $i" >/dev/null; done
        measure "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$B/at/run.log" run --once
        at_total=$secs
        at_loop=$(grep -o 'handled [0-9]* messages in [0-9.]* s' "$B/at/run.log" | awk '{ if ($5 > m) m = $5 } END { print m }')
        for p in $pids; do kill "$p"; wait "$p" 2>/dev/null; done
    }
    at_run 1
    one=$at_loop
    echo "fake AT modem, 1 modem: $M one-part messages in ${one}s of sending = $(awk -v s="$one" -v n="$M" 'BEGIN { printf "%.3f", s / n }') s a part (Gammu's own floor is ~0.7 s); whole run ${at_total}s"
    at_run 2
    two=$at_loop
    echo "fake AT modem, 2 modems: $M messages in ${two}s of sending; two modems are $(ratio "$one" "$two")× as fast as one; whole run ${at_total}s"
fi
