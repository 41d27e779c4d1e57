#!/usr/bin/env bash
# Issue 24: `loa web` under load — 50 concurrent clients (wrk) on the overview and /api/status for 30 s
# (WEB_SECONDS), on a commune whose campaign has queued WEB_MESSAGES messages (100,000 by default); no error
# allowed; the median time per request is what bench/RESULTS.md records (goal: under 50 ms).
. "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || { echo "wrk is missing (make deps-test)"; exit 1; }
n=${WEB_MESSAGES:-100000}
secs=${WEB_SECONDS:-30}
if [ -n "${BIG_DIR:-}" ]; then
    # the five-year history (bench/history.sh, built once by make bench): a commune of its own beside it, its
    # configuration copied (the web group added), everything else the history's own
    [ -f "$BIG_DIR/var/loa.db" ] || bash "$(dirname "$0")/history.sh" "$BIG_DIR" >/dev/null
    mkdir -p "$B/five"
    for f in "$BIG_DIR"/*; do [ "$(basename "$f")" = config ] || ln -s "$f" "$B/five/"; done
    cp -r "$BIG_DIR/config" "$B/five/config"
    export LOA_CONFIG="$B/five/config/loa.cfg"
    n="the five-year history's"
    web_now="2026-11-30 20:00"   # the history's own end (bench_history.sh)
else
    web_now="2026-12-01 09:00"
    bench_queued "$n" "UBND xã Minh Tiến: mời bà con kích hoạt tài khoản VNeID. Soạn HUY để ngừng nhận tin."
fi
bench_web_up "$web_now"
for path in / /api/status; do
    c=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
    [ "$c" = 200 ] || { echo "GET $path answers $c, not 200: the session did not open"; exit 1; }
    out=$(wrk -t2 -c50 -d"${secs}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path" 2>&1)
    p50=$(printf '%s\n' "$out" | awk '$1 == "50%" { print $2 }')
    rps=$(printf '%s\n' "$out" | awk '$1 == "Requests/sec:" { print $2 }')
    bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx responses:/ { print $5 }')
    errs=$(printf '%s\n' "$out" | awk '/Socket errors:/ { print }')
    printf 'GET %-12s %s messages: 50 clients %s s: %s requests/s, median %s, non-2xx %s%s (goal: median < 50 ms, no error)\n' \
        "$path" "$n" "$secs" "$rps" "$p50" "${bad:-0}" "${errs:+, $errs}"
done
