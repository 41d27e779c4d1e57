#!/usr/bin/env bash
# Issue 22: the officer's views on five years of history against one month, in the same run (goal: at
# most 2× and under 0.1 s, the monthly report under 0.3 s), and the database's bytes a message (goal
# ≤ 150). Both databases come from bench/history.sh; HISTORY="RESIDENTS RUNS PER_RUN RECEIVED" sets the
# big one (default the five-year size), MONTH the small one (default one month of the same commune).
# Each command's figure is the median of REPS runs (the machine is shared). BIG_DIR=DIR reuses a history
# bench/history.sh built there before (the five-year size takes minutes to build).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")/.." && pwd)
read -r RES RUNS PER RECV <<<"${HISTORY:-30000 520 10000 260000}"
read -r MRES MRUNS MPER MRECV <<<"${MONTH:-$RES 8 $PER $((RECV / 60))}"
REPS=${REPS:-5}
NOW="2026-11-30 20:00"
t0=$(date +%s.%N)
big=${BIG_DIR:-$B/big}
built="reused"
if [ -z "${BIG_DIR:-}" ] || [ ! -f "$big/var/loa.db" ]; then
    bash "$here/bench/history.sh" "$big" "$RES" "$RUNS" "$PER" "$RECV" >/dev/null
    built="built in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')s"
fi
bash "$here/bench/history.sh" "$B/month" "$MRES" "$MRUNS" "$MPER" "$MRECV" >/dev/null
rows() { sqlite3 "$1/var/loa.db" "SELECT count(*) FROM outbox"; }
big_rows=$(rows "$big"); month_rows=$(rows "$B/month")
big_bytes=$(stat -c %s "$big/var/loa.db")
echo "history in $big: $RES residents, $RUNS runs of $PER, $RECV received: $big_rows outbox rows, $((big_bytes / 1048576)) MB, $built; one month: $month_rows rows"
echo "database size: $((big_bytes / big_rows)) bytes a message (goal ≤ 150)"
# median CONFIG CMD…: sets $med, the median wall seconds of REPS runs of loa CMD against CONFIG
median() {
    local cfg=$1; shift
    local all=() i
    for i in $(seq "$REPS"); do
        LOA_CONFIG="$cfg" measure "$LOA_BIN" --now "$NOW" "$@" || return 1
        all+=("$secs")
    done
    med=$(printf '%s\n' "${all[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
}
view() {   # view GOAL_SECONDS CMD…
    local goal=$1; shift
    median "$B/month/config/loa.cfg" "$@"; local m=$med
    median "$big/config/loa.cfg" "$@"; local y=$med
    printf '%-32s one month %6.3fs, history %6.3fs: %5s× (goal ≤ 2×, under %ss)\n' "loa $*" "$m" "$y" "$(ratio "$y" "$m")" "$goal"
}
view 0.1 status
view 0.1 campaign list
view 0.1 campaign results khao-sat-vneid
view 0.1 campaign preview khao-sat-vneid
view 0.1 outbox list
view 0.1 inbox list
view 0.1 enroll summary
view 0.1 broadcast today
view 0.3 report monthly --month 2026-11 --recompute
view 0.1 check
