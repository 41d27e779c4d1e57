#!/usr/bin/env bash
# test_purge — personal-data retention: old message texts and the numbers of people who are no
# longer residents go; the counts in reports and results stay.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:30"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
# a question for the officer (not dealt with) and a help request answered automatically (dealt with)
"$LOA_TOOLS/smsdrop" var/phone +84900000011 "Cho hoi lam the CCCD o dau?" "2026-12-01 08:10"
"$LOA_TOOLS/smsdrop" var/phone +84900000012 "HD" "2026-12-01 08:11"
clock "2026-12-01 08:30"; step --log-file run.log run --once
before=$(loa campaign results khao-sat-vneid --json | grep '"sent"')
step contacts remove 0900000007      # moved away
clock "2027-06-01 08:00"; run purge --older-than 2y
check "nothing is younger than two years: nothing purged" contains "$out" "0 received messages, 0 sent messages"
check "a text younger than the period is kept" contains "$(loa outbox list --limit 2 --json)" "Bà con đã kích hoạt"
clock "2029-01-01 08:00"; run purge --older-than 2y
check "purge reports what it removed" contains "$out" "1 received messages, 201 sent messages"
inbox_text() { sqlite3 var/loa.db "SELECT text FROM inbox WHERE phone = '$1'"; }
check "the purge never removes a message the officer has not dealt with" \
    equals "$(inbox_text +84900000011)" "Cho hoi lam the CCCD o dau?"
check "a message dealt with goes when it is old" equals "$(inbox_text +84900000012)" ""
check "the outbox's counters equal its rows after the purge" counters_agree
run outbox list --json
check "old texts are gone" lacks "$out" "Bà con đã kích hoạt"
check "the number of a person no longer a resident is gone" lacks "$out" "+84900000007"
check "residents' numbers stay (the rows still count)" contains "$out" "+84900000008"
check "the campaign's counts are unchanged" equals "$(loa campaign results khao-sat-vneid --json | grep '"sent"')" "$before"
run purge --older-than 2h
check "a period under a day is refused" equals "$rc" 2
finish
