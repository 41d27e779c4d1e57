#!/usr/bin/env bash
# test_daily_limit — a modem's daily limit counts the parts it sent that day, from the counter kept in
# the database: a restart the same day keeps the count, a new day starts from zero, and a database
# whose counter is missing (made before it existed) counts the day's rows once.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:30"
setup_commune
cd "$T"
loa contacts import "$LOA_ROOT/config/demo-contacts.csv" >/dev/null
sed -i 's/daily_limit = 0;/daily_limit = 50;/' config/loa.cfg
cat > campaigns/hop.cfg <<'CFG'
id = "hop";
title = "Hop";
sms: { text = "UBND xa Minh Tien: moi ba con di hop luc 8h tai nha van hoa."; schedule: { at = [ "2026-12-01 08:30" ]; }; };
CFG
sent() { sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob sent)"; }

clock "2026-12-01 08:30"; run --log-file run1.log run --once
check "run --once exits 0 at the limit" equals "$rc" 0
check "the modem sent its 50 parts of the day" equals "$(sent)" 50
check "and the log says it reached its limit" contains "$(cat run1.log)" "reached its daily limit of 50 parts"
run outbox list --state queued --json
check "the rest waits, queued" equals "$(printf '%s' "$out" | grep -c '"id"')" 150

clock "2026-12-01 11:00"; run --log-file run2.log run --once
check "a restart the same day sends nothing more" equals "$(sent)" 50

sqlite3 var/loa.db "DELETE FROM modem_day"
clock "2026-12-01 15:00"; run --log-file run3.log run --once
check "without its counter the day's parts are counted from the rows: nothing more" equals "$(sent)" 50

clock "2026-12-02 08:00"; run --log-file run4.log run --once
check "the next day another 50 go" equals "$(sent)" 100
check "the counter holds the day's 50 parts" equals \
    "$(sqlite3 var/loa.db "SELECT parts FROM modem_day WHERE modem = 'm1' ORDER BY day DESC LIMIT 1")" 50
check "the counter equals the parts of the day's rows" equals \
    "$(sqlite3 var/loa.db "SELECT sum(parts_sent) FROM outbox WHERE modem = 'm1' AND sent_at >= (SELECT max(day) FROM modem_day)")" 50

# a retried message counts on the day it is sent again, and a purge of the day's rows lowers the count
sqlite3 var/loa.db "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE state = $(ob sent) ORDER BY id DESC LIMIT 10)"
check "deleting 10 of the day's rows takes their parts off the counter" equals \
    "$(sqlite3 var/loa.db "SELECT parts FROM modem_day WHERE modem = 'm1' ORDER BY day DESC LIMIT 1")" 40
clock "2026-12-02 09:00"; run --log-file run5.log run --once
check "so 10 more go that day" equals "$(sent)" 100
check "and the counter is back at the limit" equals \
    "$(sqlite3 var/loa.db "SELECT parts FROM modem_day WHERE modem = 'm1' ORDER BY day DESC LIMIT 1")" 50
finish
