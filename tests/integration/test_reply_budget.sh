#!/usr/bin/env bash
# test_reply_budget — automatic replies cannot run up the SIM's bill or starve the day's campaign:
# their own share of each modem's daily_limit, quiet hours except answers to reporters, and a
# per-day cap on answers to a reporter's reports; on Gammu's dummy phone, read back from the outbox.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
sed -i 's/daily_limit = 0; }/daily_limit = 60; }/' config/loa.cfg   # 10 % = 6, so at least 10 parts for replies
cat > campaigns/thong-bao.cfg <<'CFG'
id = "thong-bao";
title = "Thong bao";
sms: { text = "UBND xa Minh Tien: moi ba con den UBND xa kich hoat VNeID. Soan HUY de ngung."; schedule: { at = [ "2026-12-01 08:30" ]; }; };
CFG
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
q() { sqlite3 var/loa.db "$1"; }

# 20 strangers ask for help before the campaign: each answer is 3 parts (UCS-2)
for i in $(seq -w 1 20); do "$LOA_TOOLS/smsdrop" var/phone "+849870000$i" "HD" "2026-12-01 08:0${i: -1}"; done
clock "2026-12-01 08:10"; run --log-file r1.log run --once
check "run --once exits 0" equals "$rc" 0
check "3 help answers (9 parts) fit the 10 parts of the replies' budget" equals "$(q "SELECT count(*) FROM outbox WHERE kind = $(okind auto) AND state = $(ob sent)")" 3
check "the other 17 are dropped, saying why" equals "$(q "SELECT count(*) FROM outbox WHERE kind = $(okind auto) AND state = $(ob cancelled) AND last_error = 'the day''s automatic-reply budget is spent'")" 17
check "and the log says so" contains "$(cat r1.log)" "spent its 10 parts for automatic replies today"
clock "2026-12-01 08:30"; run --log-file r2.log run --once
check "the campaign gets the rest of the daily limit: 51 of 200 sent" equals "$(q "SELECT count(*) FROM outbox WHERE kind = $(okind campaign) AND state = $(ob sent)")" 51
check "the other 149 wait for tomorrow" equals "$(q "SELECT count(*) FROM outbox WHERE kind = $(okind campaign) AND state = $(ob queued)")" 149

# Quiet hours: a resident's answer waits for morning; the hamlet head's answer goes at once
# (the officer raises the limit first: the daily limit itself binds every message)
sed -i 's/daily_limit = 60; }/daily_limit = 400; }/' config/loa.cfg
"$LOA_TOOLS/smsdrop" var/phone +84900000003 "HD" "2026-12-01 22:31"
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID DK 12 30/11 4826" "2026-12-01 22:32"
clock "2026-12-01 22:40"; run --log-file r3.log run --once
check "in quiet hours the answer to a reporter is sent" equals "$(q "SELECT o.state FROM outbox o WHERE o.phone = '+84900000901'")" 2
check "and the resident's help answer waits" equals "$(q "SELECT o.state FROM outbox o WHERE o.phone = '+84900000003' AND o.kind = $(okind auto)")" "$(ob queued)"
clock "2026-12-02 07:05"; run --log-file r4.log run --once
check "it goes when quiet hours end" equals "$(q "SELECT o.state FROM outbox o WHERE o.phone = '+84900000003' AND o.kind = $(okind auto)")" "$(ob sent)"

# A reporter's number gets no more than auto_replies_per_day answers to anything but its reports,
# and at most reporter_replies_per_day (20) to its reports, malformed ones included
for i in $(seq -w 1 30); do "$LOA_TOOLS/smsdrop" var/phone +84900000902 "HD" "2026-12-02 08:$i"; done
for i in $(seq -w 31 59); do "$LOA_TOOLS/smsdrop" var/phone +84900000902 "VNEID HT xyz 7315" "2026-12-02 08:$i"; done
clock "2026-12-02 09:00"; run --log-file r5.log run --once
check "30 HD from a reporter: 3 answers" equals "$(q "SELECT count(*) FROM outbox o JOIN inbox i ON i.id = o.reply_to WHERE o.phone = '+84900000902' AND i.action = 'help'")" 3
check "29 malformed reports: answers up to 20 a day in all" equals "$(q "SELECT count(*) FROM outbox WHERE phone = '+84900000902' AND kind = $(okind auto)")" 20
finish
