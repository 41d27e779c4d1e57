#!/usr/bin/env bash
# Issue 22: the heavy writes on five years of history against an empty database, in the same run (goal:
# within 1.2× each): importing 100,000 residents, materialising a run for them, receiving 10,000
# messages (tests/tools/inboxbench: stored, joined, matched and acted on). The history comes from
# bench/history.sh (HISTORY="RESIDENTS RUNS PER_RUN RECEIVED", default five years; BIG_DIR=DIR reuses one
# built there, copied first so that it is not changed). Each figure is the best of REPS (default 3).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")/.." && pwd)
read -r RES RUNS PER RECV <<<"${HISTORY:-30000 520 10000 260000}"
REPS=${REPS:-3}
TOOLS=${LOA_TOOLS:-$(dirname "$LOA_BIN")/build/std/tools}
[ -x "$TOOLS/inboxbench" ] || TOOLS=$here/build/std/tools
big=${BIG_DIR:-$B/big}
[ -n "${BIG_DIR:-}" ] && [ -f "$big/var/loa.db" ] || bash "$here/bench/history.sh" "$big" "$RES" "$RUNS" "$PER" "$RECV" >/dev/null
# 100,000 new residents (numbers 070…, none of the history's), all tagged "moi"
gen_contacts 100000 | sed 's/,09\([0-9]*\),/,07\1,/' | awk -F, 'BEGIN { OFS = "," } NR > 1 { $5 = "moi\r" } { print }' >"$B/new.csv"
# fresh DIR [history]: a commune in DIR with only the campaign "moi" (to the new residents), on a copy
# of the history's database or on none
fresh() {
    rm -rf "$1"; mkdir -p "$1/var" "$1/campaigns"
    cp -r "$big/config" "$1/"
    # the copy's dirty pages written out first: else the first fsync of the timed command writes them
    [ -n "${2:-}" ] && cp "$big/var/loa.db" "$1/var/loa.db" && sync "$1/var/loa.db"
    sed -i 's/daily_limit = 0; }/daily_limit = 0; enabled = false; }/g' "$1/config/loa.cfg"
    cat >"$1/campaigns/moi.cfg" <<'CFG'
id = "moi";
title = "Cư dân mới";
audience: { tags = [ "moi" ]; };
sms: { text = "UBND xã Minh Tiến chào {ten|bà con} ({xom}): mời bà con mang CCCD gắn chip đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID. Soạn HUY để ngừng nhận tin."; schedule: { at = [ "2026-12-01 08:00" ]; }; };
CFG
}
best() { printf '%s\n' "$@" | sort -n | head -1; }
one() {   # one DIR [history]: sets $imp $mat $rcv (seconds) for a fresh copy
    fresh "$1" "${2:-}"
    export LOA_CONFIG="$1/config/loa.cfg"
    measure "$LOA_BIN" --now "2026-11-30 20:00" contacts import "$B/new.csv"; imp=$secs
    "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$1/run.log" run --once >/dev/null 2>&1
    mat=$(grep -o 'queued in [0-9.]* s' "$1/run.log" | head -1 | awk '{ print $3 }')
    rcv=$("$TOOLS/inboxbench" "$LOA_CONFIG" 10000 | grep -o 'total [0-9.]* s' | awk '{ print $2 }')
}
ie=(); me=(); re=(); iy=(); my=(); ry=()
for _ in $(seq "$REPS"); do
    one "$B/e"; ie+=("$imp"); me+=("$mat"); re+=("$rcv")
    one "$B/y" history; iy+=("$imp"); my+=("$mat"); ry+=("$rcv")
done
for m in "import 100,000 residents:i" "materialise a run for them:m" "receive 10,000 messages:r"; do
    name=${m%:*}; k=${m##*:}
    eval "e=\$(best \"\${${k}e[@]}\"); y=\$(best \"\${${k}y[@]}\")"
    printf '%-30s empty %6.3fs, five years %6.3fs: %5s× (best of %d; goal ≤ 1.2×)\n' "$name" "$e" "$y" "$(ratio "$y" "$e")" "$REPS"
done
