#!/usr/bin/env bash
# test_purge_scrub — a purge while `loa run` runs leaves no purged text or number anywhere in the
# database file or its write-ahead log: not in free pages, not in older copies of pages, not in the
# senders that are no resident's mobile, the officer's results, or enrollment notes.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
loa contacts import "$LOA_ROOT/config/demo-contacts.csv" >/dev/null
"$LOA_TOOLS/smsdrop" var/phone +84900000003 "BIMATMOT bà con hỏi về VNeID" "2026-12-01 09:00"
"$LOA_TOOLS/smsdrop" var/phone +14155550123 "BIMATHAI from abroad" "2026-12-01 09:00"
"$LOA_TOOLS/smsdrop" var/phone 1900123 "BIMATBA khuyen mai" "2026-12-01 09:00"
long=$(printf 'BIMATBON ghi chú %.0s' $(seq 300))    # a long note: overflow pages
loa enroll add DK 3 --note "$long goi 0912999888" >/dev/null
daemon=0
loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 200); do
    [ "$(loa inbox list --json | grep -c '"id"')" -ge 3 ] && break
    sleep 0.1
done
check "the daemon stored the three messages" equals "$(loa inbox list --json | grep -c '"id"')" 3
check "before the purge the texts are in the database or its WAL" test "$(cat var/loa.db var/loa.db-wal 2>/dev/null | grep -ac BIMAT)" -gt 0
# the officer has dealt with them: the purge never removes a message waiting for the officer
for id in $(loa inbox list --json | grep '"id"' | grep -o '[0-9][0-9]*'); do loa inbox done "$id" >/dev/null; done
clock "2029-01-01 09:00"
run purge --older-than 2y
check "purge succeeds while loa run runs" equals "$rc" 0
check "purge says what it removed" contains "$out" "3 received messages"
check "and the enrollment note" contains "$out" "1 enrollment entries"
files=$(cat var/loa.db var/loa.db-wal 2>/dev/null | tr -d '\000' | LC_ALL=C tr -c '[:print:]' '\n')
check "no purged text is left in the database file or its WAL" lacks "$files" "BIMAT"
check "no purged text is left as raw data (UCS-2 hex)" lacks "$files" "00420049004D00410054"
check "no non-resident sender is left" lacks "$files" "4155550123"
check "no short-code sender is left" lacks "$files" "1900123"
check "no number in an enrollment note is left" lacks "$files" "0912999888"
run inbox list --json
check "the messages stay, counted, without their senders" equals "$(printf '%s' "$out" | grep -c '"sender": "purged"')" 2
check "a resident's number stays" contains "$out" "+84900000003"
run enroll list --json
check "the enrollment count stays" contains "$out" '"count": 3'
kill -TERM "$daemon"
wait "$daemon"
daemon=0
finish
