# bench/lib.sh — helpers: a scratch folder, peak RSS and wall time of a command.
set -u
: "${LOA_BIN:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/loa}"
B=$(mktemp -d /tmp/loa-bench-XXXXXX)
trap 'rm -rf "$B"' EXIT
# measure CMD…: sets $secs (wall seconds), $rss_mb (peak RSS MB) and $cpu_usr $cpu_sys (CPU seconds), prints nothing.
measure() {
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f '%e %M %U %S' -o "$B/.time" "$@" >"$B/.out" 2>"$B/.err" || { cat "$B/.err" >&2; return 1; }
    t1=$(date +%s.%N)
    read -r _ kb cpu_usr cpu_sys <"$B/.time"
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    rss_mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# A commune config in $B with N hamlets and the given campaigns folder.
bench_commune() {
    mkdir -p "$B/config" "$B/campaigns" "$B/var"
    cat >"$B/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
campaigns_dir = "../campaigns";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; }, { code = "HT"; name = "Xóm Hòa Tiến"; },
            { code = "LM"; name = "Xóm Làng Mới"; }, { code = "CD"; name = "Xóm Cây Đa"; },
            { code = "DT"; name = "Xóm Đồng Tâm"; }, { code = "KV"; name = "Xóm Khe Vàng"; } );
sms: { modems = ( { name = "m1"; model = "dummy"; connection = "none"; device = "../var/phone"; rate_per_minute = 0; daily_limit = 0; } );
       quiet_hours = { from = "22:00"; to = "07:00"; }; };
CFG
    export LOA_CONFIG="$B/config/loa.cfg"
}
# N residents as CSV on stdout (fictional numbers +8490xxxxxxx).
gen_contacts() {
    awk -v n="$1" 'BEGIN {
        printf "\xEF\xBB\xBFHọ và tên,Số điện thoại,Xóm,Hộ,Nhóm\r\n";
        split("DK HT LM CD DT KV", h, " ");
        split("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi", ho, " ");
        split("An Bình Cường Dũng Hà Hoa Lan Mai Nam Sơn", ten, " ");
        for (i = 1; i <= n; i++)
            printf "%s Văn %s,09%08d,%s,H%06d,%s\r\n", ho[i % 8 + 1], ten[i % 10 + 1], i, h[i % 6 + 1], int(i / 3), (i % 7 ? "" : "chua-cccd");
    }'
}
# bench_queued N TEXT: a commune in $B (no quiet hours, no per-person cap) whose campaign "drive" has
# queued TEXT for N residents at 2026-12-01 08:00, materialised with the modem disabled (and left so),
# so that a timed run is the sending alone: claim, Gammu, commit, per message.
bench_queued() {
    bench_commune
    sed -i 's/quiet_hours = { from = "22:00"; to = "07:00"; };/quiet_hours = { from = "00:00"; to = "00:00"; }; per_person_per_day = 0;/' "$B/config/loa.cfg"
    cat >"$B/campaigns/drive.cfg" <<CFG
id = "drive";
title = "VNeID";
sms: { text = "$2"; schedule: { at = [ "2026-12-01 08:00" ]; }; };
CFG
    gen_contacts "$1" >"$B/c.csv"
    "$LOA_BIN" contacts import "$B/c.csv" >/dev/null
    sed -i 's/daily_limit = 0; }/daily_limit = 0; enabled = false; }/' "$B/config/loa.cfg"
    "$LOA_BIN" --now "2026-12-01 08:00" run --once >/dev/null 2>&1
}
# bench_web_up NOW: `loa web` on a free loopback port for the commune of $LOA_CONFIG (its web group replaced), its clock
# at NOW, logged in as an officer "bench"; sets $port, $web (its pid, stopped at exit) and $cookie.
bench_web_up() {
    echo "bench-password" | "$LOA_BIN" web user add bench --role officer --password-stdin >/dev/null
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    sed -i '/^web: {/d' "$LOA_CONFIG"
    printf 'web: { listen = "127.0.0.1:%s"; };\n' "$port" >>"$LOA_CONFIG"
    "$LOA_BIN" --now "$1" --log-file "$B/web.log" web &
    web=$!
    trap 'kill "$web" 2>/dev/null; rm -rf "$B"' EXIT
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.05; done
    cookie=$(curl -s -D - -o /dev/null -d 'user=bench&password=bench-password' "http://127.0.0.1:$port/login" |
             sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p' | tr -d '\r')
}
