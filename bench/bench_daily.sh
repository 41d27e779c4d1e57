#!/usr/bin/env bash
# Issue 22: a day's sending with a daily limit on the modem, through Gammu's dummy phone: the cost per
# message of a 30,000-message run against a 1,000-message run (goal: within 1.2×). Each claim reads the
# modem's parts of the day; that read must not grow with the messages already sent that day.
. "$(dirname "$0")/lib.sh"
SMALL=${SMALL:-1000}
BIG=${BIG:-30000}
LIMIT=${LIMIT:-1000000}   # the daily limit set (0: none, to compare the sending path alone)
TEXT="UBND xã Minh Tiến: mời bà con đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID."
day_run() {   # $1 = messages; sets $per_ms (wall ms a message, the worker's loop as it logs it)
    rm -rf "$B/var" "$B/campaigns"; mkdir -p "$B/var" "$B/campaigns"
    bench_queued "$1" "$TEXT"
    sed -i "s/ enabled = false;//; s/daily_limit = 0;/daily_limit = $LIMIT;/" "$B/config/loa.cfg"
    measure "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$B/send.log" run --once
    local loop sent
    loop=$(grep -o 'handled [0-9]* messages in [0-9.]* s' "$B/send.log" | tail -1)
    sent=$(sqlite3 "$B/var/loa.db" "select count(*) from outbox where state = 2")
    per_ms=$(echo "$loop" | awk '{ printf "%.3f", 1000 * $5 / $2 }')
    echo "daily_limit = $LIMIT, $1 messages: $sent sent, worker loop: $loop = $per_ms ms a message; whole run ${secs}s"
}
day_run "$SMALL"; small=$per_ms
day_run "$BIG"; big=$per_ms
echo "cost per message, $BIG against $SMALL with a daily limit: $(ratio "$big" "$small")× (goal ≤ 1.2×)"
