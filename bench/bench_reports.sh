#!/usr/bin/env bash
# Issue 25 (Báo cáo): the reports page at its longest — ten years of periods (151 rows: 132 months, 22 halves, 11
# years; each a database look-up and three file checks), the last 12 months made — under 50 concurrent clients
# (wrk) for WEB_SECONDS (10); and the time one report takes to make on the page (a POST, the server answering
# nothing else meanwhile), on REPORT_RESIDENTS residents (10,000) with an entry a week for ten years.
. "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || { echo "wrk is missing (make deps-test)"; exit 1; }
secs=${WEB_SECONDS:-10}
residents=${REPORT_RESIDENTS:-10000}
now="2026-12-10 09:00"
bench_commune
printf 'reports_dir = "../reports";\n' >>"$LOA_CONFIG"
gen_contacts "$residents" >"$B/contacts.csv"
"$LOA_BIN" --now "$now" contacts import "$B/contacts.csv" >/dev/null
# an entry a week in each hamlet since January 2016, as one police list
awk 'BEGIN { printf "Ngày,Xóm,Số lượng\n"; split("DK HT LM CD DT KV", h, " ");
             for (d = 0; d < 3990; d += 7) for (i = 1; i <= 6; i++) printf "%s,%s,%d\n", strftime("%Y-%m-%d", 1451606400 + d * 86400 + 43200, 1), h[i], d % 5 + 1 }' \
    >"$B/entries.csv"
"$LOA_BIN" --now "$now" enroll import "$B/entries.csv" >/dev/null
for m in 01 02 03 04 05 06 07 08 09 10 11; do "$LOA_BIN" --now "$now" report monthly --month "2026-$m" >/dev/null; done
"$LOA_BIN" --now "$now" report monthly --month 2025-12 >/dev/null
bench_web_up "$now"
rows=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/reports" | grep -c '"period"')
for path in /reports /api/reports; do
    out=$(wrk -t2 -c50 -d"${secs}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path" 2>&1)
    p50=$(printf '%s\n' "$out" | awk '$1 == "50%" { print $2 }')
    rps=$(printf '%s\n' "$out" | awk '$1 == "Requests/sec:" { print $2 }')
    bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx responses:/ { print $5 }')
    printf 'GET %-12s (%s periods): 50 clients %s s: %s requests/s, median %s, non-2xx %s (goal: median < 50 ms)\n' \
        "$path" "$rows" "$secs" "$rps" "$p50" "${bad:-0}"
done
csrf=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/reports" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
for p in monthly:2025-11 half-year:2026-H1 annual:2025; do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" -d "csrf=$csrf&kind=${p%%:*}&period=${p#*:}" \
        "http://127.0.0.1:$port/reports/make")
    printf 'POST /reports/make %-18s %s residents, %s entries: answered %s in %s s\n' "${p#*:}" "$residents" \
        "$(($(wc -l <"$B/entries.csv") - 1))" "${t%% *}" "${t#* }"
done
