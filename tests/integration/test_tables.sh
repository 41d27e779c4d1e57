#!/usr/bin/env bash
# test_tables — the tables people read, compared whole against expected files (as git's test_cmp
# does): status, campaign list, campaign preview and results, inbox list, outbox list, enroll
# summary, broadcast today; and their --json. Every setup step is checked.
. "$(dirname "$0")/lib.sh"
E="$LOA_ROOT/tests/integration/expected"
# Each loa process's clock runs on from the scenario's: the seconds of the times it stamps itself
# (received, sent, the status header) and the test's folder are what may differ between runs.
secs() { printf '%s\n' "$1" | sed -E -e 's/([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}):[0-9]{2}/\1:SS/g' -e "s|$T/|TEST/|g"; }
clock "2026-12-01 08:00"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"
run contacts import "$LOA_ROOT/config/demo-contacts.csv"
check "setup: the demo residents are imported" equals "$rc" 0
run campaign list
check "campaign list, whole" test_cmp "$E/campaign-list.txt" "$out"
run campaign list --json
check "campaign list --json, whole" test_cmp "$E/campaign-list.json" "$(secs "$out")"
run campaign preview khao-sat-vneid --count 2
check "campaign preview, whole" test_cmp "$E/campaign-preview.txt" "$out"
run campaign preview khao-sat-vneid --count 2 --json
check "campaign preview --json, whole" test_cmp "$E/campaign-preview.json" "$out"
clock "2026-12-01 08:30"; run --log-file run1.log run --once
check "setup: the due runs go out" equals "$rc" 0

for m in "+84900000001|Có rồi ạ|2026-12-01 09:01" "+84900000002|chưa có|2026-12-01 09:02" \
         "+84900000004|HỦY|2026-12-01 09:03" "+84900000901|VNEID DK 12 30/11|2026-12-01 09:04" \
         "+84900000005|Hủy đăng ký thì sao?|2026-12-01 09:05"; do
    IFS='|' read -r from text at <<<"$m"
    check "setup: SMS from $from placed in the dummy phone" "$LOA_TOOLS/smsdrop" var/phone "$from" "$text" "$at"
done
clock "2026-12-01 09:10"; run --log-file run2.log run --once
check "setup: the replies are read and answered" equals "$rc" 0
run inbox list
check "inbox list, whole" test_cmp "$E/inbox-list.txt" "$(secs "$out")"
run campaign results khao-sat-vneid
check "campaign results, whole" test_cmp "$E/campaign-results.txt" "$out"
run campaign results khao-sat-vneid --json
check "campaign results --json, whole" test_cmp "$E/campaign-results.json" "$out"
run outbox list --limit 4
check "outbox list (the automatic replies), whole" test_cmp "$E/outbox-list.txt" "$(secs "$out")"
run outbox list --limit 4 --json
check "outbox list --json, whole" test_cmp "$E/outbox-list.json" "$(secs "$out")"
run status
check "status, whole" test_cmp "$E/status.txt" "$(secs "$out")"
run status --json
check "status --json, whole" test_cmp "$E/status.json" "$(secs "$out")"

run enroll opening DK 180 --date 2025-06-30
check "setup: an opening balance" equals "$rc" 0
run enroll add HT 7 --date 2026-11-20
check "setup: an entry" equals "$rc" 0
run enroll official DK 200 --date 2026-11-30
check "setup: an official total" equals "$rc" 0
run enroll summary --as-of 2026-11-30
check "enroll summary, whole" test_cmp "$E/enroll-summary.txt" "$out"
run enroll summary --as-of 2026-11-30 --json
check "enroll summary --json, whole" test_cmp "$E/enroll-summary.json" "$out"

clock "2026-12-02 07:00"; run broadcast today --date 2026-12-03
check "broadcast today (planned, not rendered yet), whole" test_cmp "$E/broadcast-today.txt" "$out"
run broadcast today --date 03/12/2026
check "broadcast today --date takes dd/mm/yyyy like every --date" test_cmp "$E/broadcast-today.txt" "$out"
run broadcast log --date 2026-12-03
check "broadcast log (nothing played yet), whole" equals "$out" "nothing played"
finish
