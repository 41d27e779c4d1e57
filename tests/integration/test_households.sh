#!/usr/bin/env bash
# test_households — a household's residents share one phone: the import takes them all, a campaign run
# sends that number one SMS addressed to the household ({ten|bà con}), per_person_per_day counts the
# number, results count numbers and residents apart, a poll answer from a shared number sets the status
# of the only audience member on it or waits for the officer, and listings say who shares a number.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
sed -i 's/per_person_per_day = 3;/per_person_per_day = 1;/' config/loa.cfg
cat > campaigns/hoi.cfg <<'CFG'
id = "hoi";
title = "Khảo sát VNeID";
from = "2026-12-01";
until = "2026-12-31";
audience: { vneid = "unknown"; };
sms: {
  text = "UBND xã Minh Tiến hỏi {ten|bà con}: đã kích hoạt VNeID chưa? Trả lời CO hoặc CHUA.";
  schedule: { at = [ "2026-12-01 08:30" ]; };
};
replies = ( { keyword = "CO"; aliases = [ "có" ]; vneid = "activated"; } );
CFG

# An office's file: An and Bình share the household's phone; Dung and her mother Em too, Em already
# known not to have activated (so out of the poll's audience).
printf '\xEF\xBB\xBFHọ và tên;Số điện thoại;Xóm;Mã hộ;VNeID\r\n' > ho.csv
printf 'Nguyễn Văn An;0912000001;DK;H1;\r\n' >> ho.csv
printf 'Trần Thị Bình;0912 000 001;DK;H1;\r\n' >> ho.csv
printf 'Nguyễn Văn Cường;0912000002;HT;H2;\r\n' >> ho.csv
printf 'Lê Thị Dung;0912000003;HT;H3;\r\n' >> ho.csv
printf 'Phạm Thị Em;0912000003;HT;H3;chưa kích hoạt\r\n' >> ho.csv
run contacts import ho.csv
check "two residents on one phone import (exit 0)" equals "$rc" 0
check "all five residents are new" contains "$out" "5 rows: 5 new, 0 updated, 0 skipped"
check "the database holds five residents on three numbers" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) || '/' || count(DISTINCT phone) FROM contacts")" "5/3"
run contacts import ho.csv
check "the same file again updates them all" contains "$out" "5 rows: 0 new, 5 updated, 0 skipped"

# The same person twice is still an error, with its row, and nothing changes.
printf 'Họ và tên,Số điện thoại,Xóm\nHoàng Văn Giang,0912000009,DK\nNguyễn Văn An,0912000001,DK\nnguyen van an,0912000001,DK\n' > dup.csv
run contacts import dup.csv
check "a person repeated in the file is refused (exit 1)" equals "$rc" 1
check "the error names FILE:ROW and the first row" contains "$err" "dup.csv:4: phone 0912000001 is already on row 3, with the same name"
check "nothing was imported" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts")" 5

# A name corrected in the next file, alone on its number, is the same resident renamed.
printf 'Họ và tên,Số điện thoại,Xóm\nLê Văn Cường,0912000002,HT\n' > fix.csv
run contacts import fix.csv
check "a renamed resident alone on the number is updated, not added" contains "$out" "1 rows: 0 new, 1 updated"
check "the number still has one resident, with the new name" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(name) FROM contacts WHERE phone = '+84912000002'")" "Lê Văn Cường"

# The export carries every resident of a shared number and imports again as it was.
step contacts export out.csv
run contacts import out.csv
check "the export imports again: nobody new, nobody lost" contains "$out" "5 rows: 0 new, 5 updated, 0 skipped"

# Listings say who shares a number.
run contacts list
check "contacts list marks a shared number on each of its residents" equals \
    "$(printf '%s\n' "$out" | grep -c 'number shared by 2 residents')" 4
check "a resident alone on a number is not marked" lacks "$(printf '%s\n' "$out" | grep 'Cường')" "shared"
run contacts show 0912000001
check "contacts show says the number is shared" contains "$out" "phone:      +84912000001, shared by 2 residents"
check "and shows both residents" contains "$out" "name:       Nguyễn Văn An"
check "the second one too" contains "$out" "name:       Trần Thị Bình"
run contacts show 0912000001 --json
check "contacts show --json lists both residents" contains "$(printf '%s' "$out" | tr -d ' \n')" \
    '"residents":[{"phone":"+84912000001","name":"NguyễnVănAn"'

# loa check: a text naming the resident with no fallback would name nobody on a shared phone.
cat > campaigns/ten.cfg <<'CFG'
id = "ten";
title = "Mời";
sms: { text = "UBND xã Minh Tiến mời {ten} đến nhà văn hóa. Soạn HUY để ngừng nhận tin."; schedule: { at = [ "2026-12-20 08:30" ]; }; };
CFG
run check
check "loa check warns of {ten} with no fallback when numbers are shared" contains "$out$err" \
    "ten.cfg:3: the SMS names the resident with no fallback, but 2 numbers are shared by several residents"
check "but not of a text with the fallback" lacks "$out$err" "hoi.cfg:7: the SMS names the resident"
rm campaigns/ten.cfg

# One SMS per number: the household's is addressed to "bà con".
run campaign preview hoi
check "preview counts residents and numbers apart" contains "$out" "audience: 4 residents on 3 numbers"
clock "2026-12-01 08:30"; step --log-file run1.log run --once
texts=$(sqlite3 var/loa.db "SELECT phone || ' ' || $(otext) FROM outbox WHERE $(ocampaign) = 'hoi' ORDER BY phone")
check "three SMS, one per number" equals "$(printf '%s\n' "$texts" | wc -l)" 3
check "the shared number's SMS names nobody: the template's fallback" contains "$texts" "+84912000001 UBND xã Minh Tiến hỏi bà con:"
check "a resident alone on a number is named" contains "$texts" "+84912000002 UBND xã Minh Tiến hỏi Cường:"
check "a number whose only audience member is Dung names her" contains "$texts" "+84912000003 UBND xã Minh Tiến hỏi Dung:"
run campaign results hoi
check "results count numbers and residents apart" contains "$out" "queued for 3 numbers standing for 4 residents"
run campaign results hoi --json
check "results --json too" contains "$out" '"people": 4'

# per_person_per_day (1) counts the number: a second campaign that day waits for the household's phone.
cat > campaigns/hop.cfg <<'CFG'
id = "hop";
title = "Họp xóm";
audience: { hamlets = [ "DK" ]; };
sms: { text = "UBND xã Minh Tiến mời {ten|bà con} họp xóm tối nay."; schedule: { at = [ "2026-12-01 08:40" ]; }; };
CFG
clock "2026-12-01 08:40"; step --log-file run2.log run --once
check "the second SMS to the household's phone waits for tomorrow" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(state) FROM outbox WHERE $(ocampaign) = 'hop'")" "$(ob queued)"
check "and the log says the number had its SMS today" contains "$(cat run2.log)" \
    "to +8491****001 waits for tomorrow: 1 SMS a day per person at most"
rm campaigns/hop.cfg

# Poll answers from shared numbers.
"$LOA_TOOLS/smsdrop" var/phone +84912000003 "Có" "2026-12-01 09:00"
"$LOA_TOOLS/smsdrop" var/phone +84912000001 "CO" "2026-12-01 09:01"
clock "2026-12-01 09:05"; step --log-file run3.log run --once
status=$(sqlite3 var/loa.db "SELECT group_concat(name || '=' || vneid, ', ') FROM (SELECT * FROM contacts ORDER BY id)")
check "the only audience member on a shared number gets the status; her mother keeps hers" contains "$status" \
    "Lê Thị Dung=2, Phạm Thị Em=1"
check "an answer from a number two audience members share sets nobody's status" contains "$status" \
    "Nguyễn Văn An=0, Trần Thị Bình=0"
run inbox list --unhandled
check "that answer waits for the officer" contains "$out" "poll              CO"
id=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84912000001'")
run inbox show "$id"
check "inbox show names the residents to attribute it to" contains "$out" \
    "VNeID status not set: 2 residents share this number (Nguyễn Văn An, Trần Thị Bình), 2 of them in the campaign's audience: for the officer to attribute"
run inbox show "$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84912000003'")"
check "the other answer says whose status it set" contains "$out" "for the one of the 2 residents on this number (Lê Thị Dung, Phạm Thị Em)"
run campaign results hoi
check "the poll counts numbers: two CO" contains "$out" "poll: CO 2"

# The officer attributes it: on a shared number she must say whose status it is.
run contacts vneid 0912000001 activated
check "contacts vneid on a shared number without --name is refused (exit 1)" equals "$rc" 1
check "and names the residents to choose from" contains "$err" "+84912000001 is shared by 2 residents (Nguyễn Văn An, Trần Thị Bình): say whose"
run contacts vneid 0912000001 activated --name "Trần Thị Hoa"
check "a name not on the number is refused, naming those who are" contains "$err" "no resident named 'Trần Thị Hoa' on +84912000001 (its residents: Nguyễn Văn An, Trần Thị Bình)"
check "nothing changed" equals "$(sqlite3 var/loa.db "SELECT sum(vneid) FROM contacts WHERE phone = '+84912000001'")" 0
run contacts vneid 0912000001 "đã kích hoạt" --name "tran thi binh"
check "with --name (any case, without diacritics) her status is set" contains "$out" "Trần Thị Bình (+84912000001): VNeID status activated"
check "only hers" equals "$(sqlite3 var/loa.db "SELECT group_concat(name || '=' || vneid, ', ') FROM (SELECT * FROM contacts WHERE phone = '+84912000001' ORDER BY id)")" \
    "Nguyễn Văn An=0, Trần Thị Bình=2"

# Removing a shared number removes the household's residents, and says so.
run contacts remove 0912000001
check "contacts remove says how many residents shared the number" contains "$out" "the 2 residents who shared it"
check "both are gone" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts WHERE phone = '+84912000001'")" 0

# An urgent warning by SMS: one to each number, however many residents share it.
clock "2026-12-04 18:00"; run broadcast now "Lũ đang lên, bà con lên chỗ cao ngay." --level khan-cap --sms
check "broadcast now --sms counts numbers and residents apart" contains "$out" "urgent SMS to 2 numbers (3 residents)"
check "one urgent SMS per number" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(n) FROM (SELECT count(*) AS n FROM outbox WHERE urgent = 1 GROUP BY phone)")" "1,1"

# The same person written otherwise in a later file (capitals, no diacritics) is that resident, not a second one:
# else loa's own export, holding both, could not be imported again.
printf 'Họ và tên,Số điện thoại\nBùi Ngọc Hương,0912000077\n' > spell1.csv
printf 'Họ và tên,Số điện thoại\nBUI NGOC HUONG,0912000077\nAn,0912000077\n' > spell2.csv
step contacts import spell1.csv
run contacts import spell2.csv
check "a later spelling of the same person updates her" contains "$out" "2 rows: 1 new, 1 updated"
check "the number has her, in the later spelling, and An" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(name, '|') FROM (SELECT name FROM contacts WHERE phone = '+84912000077' ORDER BY name)")" "An|BUI NGOC HUONG"
step contacts export spell.csv
run contacts import spell.csv
check "loa's own export imports again" equals "$rc" 0
finish
