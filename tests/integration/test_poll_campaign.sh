#!/usr/bin/env bash
# test_poll_campaign — a poll answer counts for the campaign that last messaged the number, and only
# when that campaign has the answer: "Có" after a later DI/BAN campaign is no answer to the older
# VNeID poll (the resident stays in its audience); the officer gets it, with the campaigns it may answer.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
cp "$LOA_ROOT/campaigns/khao-sat-vneid.cfg" campaigns/
cat > campaigns/hop-xom.cfg <<'CFG'
id = "hop-xom";
title = "Họp xóm: đi hay bận";
from = "2026-12-01";
until = "2026-12-31";
sms: {
  text = "UBND xã Minh Tiến mời {ten|bà con} họp xóm tối thứ Sáu. Trả lời DI nếu đi được, BAN nếu bận.";
  schedule: { at = [ "2026-12-02 08:30" ]; };
};
replies = ( { keyword = "DI"; aliases = [ "đi" ]; }, { keyword = "BAN"; aliases = [ "bận" ]; } );
CFG
printf 'Họ và tên,Số điện thoại,Xóm\nNguyễn Văn An,0912000001,DK\nTrần Thị Bình,0912000002,DK\n' > dan.csv
step contacts import dan.csv

# Day 1: the VNeID poll goes to both; Bình answers it at once.
clock "2026-12-01 08:30"; step --log-file run1.log run --once
"$LOA_TOOLS/smsdrop" var/phone +84912000002 "Có" "2026-12-01 09:00"
clock "2026-12-01 09:05"; step --log-file run2.log run --once
check "an answer to the campaign that last messaged the number counts" equals \
    "$(sqlite3 var/loa.db "SELECT campaign || ' ' || answer FROM poll_answers WHERE phone = '+84912000002'")" "khao-sat-vneid CO"

# Day 2: the meeting campaign asks DI/BAN; An answers "Có" (she means she will come).
clock "2026-12-02 08:30"; step --log-file run3.log run --once
check "the meeting campaign reached both" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE $(ocampaign) = 'hop-xom' AND state = $(ob sent)")" 2
"$LOA_TOOLS/smsdrop" var/phone +84912000001 "Có ạ" "2026-12-02 09:00"
"$LOA_TOOLS/smsdrop" var/phone +84912000002 "Đi" "2026-12-02 09:01"
"$LOA_TOOLS/smsdrop" var/phone +84987654321 "CO" "2026-12-02 09:02"
clock "2026-12-02 09:05"; step --log-file run4.log run --once
check "no CO is recorded for the old poll" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM poll_answers WHERE phone = '+84912000001'")" 0
check "she is not marked activated: later VNeID reminders still reach her" equals \
    "$(sqlite3 var/loa.db "SELECT vneid FROM contacts WHERE phone = '+84912000001'")" 0
run inbox list --unhandled
check "her answer waits for the officer" contains "$out" "Có ạ"
id=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84912000001'")
run inbox show "$id"
check "inbox show names the campaign that last messaged her" contains "$out" "campaign: hop-xom"
check "and the campaign her answer may belong to" contains "$out" \
    "for the officer: not an answer of hop-xom, the campaign that last messaged this number; likely an answer to khao-sat-vneid"
check "no automatic thank-you went to her for the poll" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE phone = '+84912000001' AND kind = $(okind auto)")" 0
check "an answer of the last campaign counts for it" equals \
    "$(sqlite3 var/loa.db "SELECT campaign || ' ' || answer FROM poll_answers WHERE phone = '+84912000002' ORDER BY id DESC LIMIT 1")" "hop-xom DI"
id=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84987654321'")
run inbox show "$id"
check "an answer from a number no campaign messaged goes to the officer, with the likely campaign" contains "$out" \
    "for the officer: no campaign messaged this number; likely an answer to khao-sat-vneid"
check "and is counted for no campaign" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM poll_answers WHERE phone = '+84987654321'")" 0
run campaign results khao-sat-vneid
check "the poll's results: one CO (Bình's), none from An" contains "$out" "poll: CO 1"
run campaign results hop-xom
check "the meeting's results: one DI" contains "$out" "poll: DI 1"
finish
