#!/usr/bin/env bash
# test_check_database — the whole database file is read (quick_check) by `loa check --database`, and by
# `loa run` at start only after an unclean stop or when the last check is a day old; `loa check` alone
# checks the configuration and the campaigns.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
loa contacts import "$LOA_ROOT/config/demo-contacts.csv" >/dev/null

clock "2026-12-01 08:00"; run --log-file run1.log run --once
check "the first start checks the whole file" contains "$(cat run1.log)" "var/loa.db checked in"
clock "2026-12-01 09:00"; run --log-file run2.log run --once
check "a start after a clean stop, checked an hour ago, does not" lacks "$(cat run2.log)" "checked in"
clock "2026-12-02 09:01"; run --log-file run3.log run --once
check "a start a day after the last check checks it" contains "$(cat run3.log)" "checked in"

clock "2026-12-02 09:05"; loa_daemon --log-file run4.log run &
daemon=$!
# a loaded machine can take seconds to start it: up to 60 s, and the start itself checked
for _ in $(seq 1200); do grep -q "loa run started" run4.log 2>/dev/null && break; sleep 0.05; done
check "setup: the daemon started" contains "$(cat run4.log)" "loa run started"
check "the daemon started without a check (checked 4 minutes ago)" lacks "$(cat run4.log)" "checked in"
kill -9 -- -"$daemon"; wait "$daemon" 2>/dev/null; daemon=
clock "2026-12-02 09:10"; run --log-file run5.log run --once
check "after an unclean stop the next start checks the whole file" contains "$(cat run5.log)" "checked in"
clock "2026-12-02 09:20"; run --log-file run6.log run --once
check "and after that clean stop the next start does not" lacks "$(cat run6.log)" "checked in"

clock "2026-12-02 09:30"; run check
check "loa check passes" equals "$rc" 0
check "loa check alone does not read the whole file" lacks "$out" "whole file"
clock "2026-12-02 09:30"; run check --database
check "loa check --database passes" equals "$rc" 0
check "and says the whole file was checked" contains "$out" "(whole file checked: ok)"
clock "2026-12-02 09:30"; run check --bogus
check "check refuses another argument (exit 2)" equals "$rc" 2
# a counter changed behind loa's back is found, with the run and state it concerns
clock "2026-12-02 09:35"; loa sms send 0900000001 "UBND xã Minh Tiến: thử." >/dev/null
check "a queued message: the counters agree" counters_agree
sqlite3 var/loa.db "UPDATE outbox_counts SET n = n + 1 WHERE (run_id, state) = (SELECT run_id, state FROM outbox_counts LIMIT 1)"
clock "2026-12-02 09:40"; run check --database
check "check --database finds counters that disagree with the rows (exit 3)" equals "$rc" 3
check "and says which" contains "$err" "the outbox's counters disagree with its messages: run "
# so is a campaign's replies counter (campaign results read it)
sqlite3 var/loa.db "UPDATE outbox_counts SET n = n - 1 WHERE (run_id, state) = (SELECT run_id, state FROM outbox_counts LIMIT 1)"
check "the outbox's counter put back: the counters agree" counters_agree
sqlite3 var/loa.db "INSERT INTO inbox_counts VALUES ('khao-sat-vneid', 1, 0)"
clock "2026-12-02 09:45"; run check --database
check "check --database finds a replies counter no message stands for (exit 3)" equals "$rc" 3
check "and names the campaign" contains "$err" "replies to khao-sat-vneid: counters say 1 received, 0 opt-outs"
# and each number's latest answer (campaign results read it)
sqlite3 var/loa.db "DELETE FROM inbox_counts WHERE campaign = 'khao-sat-vneid' AND n = 1"
sqlite3 var/loa.db "INSERT INTO poll_latest VALUES ('khao-sat-vneid', '+84900000001', 999, 'CO', 1)"
clock "2026-12-02 09:50"; run check --database
check "check --database finds a latest answer no answer stands for (exit 3)" equals "$rc" 3
check "and names the campaign" contains "$err" "latest answer of a number to khao-sat-vneid: the poll_latest say answer 999"
check "without the number" lacks "$err" "+84900000001"
finish
