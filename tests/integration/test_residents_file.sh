#!/usr/bin/env bash
# test_residents_file — the residents file as offices have it: their headers, split names, hamlets
# by name or in the address, columns loa does not use said; opt-outs kept by number through remove
# and re-import; the officer's opt-out / opt-in, export and list filters.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"

# The population records' export: BOM, ';', CRLF, "Thôn/Xóm" with names as people write them.
printf '\xEF\xBB\xBFSTT;Họ và tên;Ngày sinh;Số điện thoại;Thôn/Xóm;Mã hộ;Ghi chú\r\n' > office.csv
printf '1;Nguyễn Văn An;01/02/1970;0912 345 601;Xóm Đồng Kiệm;DK-01;\r\n' >> office.csv
printf '2;Trần Thị Bình;03/04/1980;0912345602;Hòa Tiến;HT-02;\r\n' >> office.csv
printf '3;Lê Văn Cường;05/06/1990;0912345603;xom lang moi;LM-03;mới chuyển đến\r\n' >> office.csv
printf '4;Phạm Thị Dung;07/08/1991;0912345604;KV2;KV-04;\r\n' >> office.csv
run contacts import office.csv
check "office headers: all four imported" contains "$out" "4 rows: 4 new, 0 updated, 0 skipped"
check "unused column STT is said" contains "$err" "office.csv:1: cột 'STT' không dùng"
check "unused column Ngày sinh is said" contains "$err" "office.csv:1: cột 'Ngày sinh' không dùng"
check "unused column Ghi chú is said" contains "$err" "office.csv:1: cột 'Ghi chú' không dùng"
check "no resident left without a hamlet" lacks "$err" "no hamlet"
hamlets=$(sqlite3 var/loa.db "SELECT group_concat(phone || '=' || hamlet || '/' || household, ' ') FROM (SELECT * FROM contacts ORDER BY phone)")
check "hamlets matched by name, without prefix or diacritics; merged code counts under the new" equals "$hamlets" \
    "+84912345601=DK/DK-01 +84912345602=HT/HT-02 +84912345603=LM/LM-03 +84912345604=KV/KV-04"

# Names split in two columns: Họ + Tên joined; "Họ" is not the household; "Hộ" is.
printf 'Họ,Tên,Số điện thoại,Hộ,Xóm/Thôn\n' > split.csv
printf 'Nguyễn Thị,Hoa,0912345611,H-11,Cây Đa\n' >> split.csv
printf 'Đỗ,Minh,0912345612,H-12,Đồng Tâm\n' >> split.csv
run contacts import split.csv
check "split names import" equals "$rc" 0
rows=$(sqlite3 var/loa.db "SELECT group_concat(name || '|' || household || '|' || hamlet, ';') FROM (SELECT * FROM contacts WHERE phone LIKE '%34561_' ORDER BY phone)")
check "Họ + Tên joined into the full name, Hộ as household" equals "$rows" "Nguyễn Thị Hoa|H-11|CD;Đỗ Minh|H-12|DT"
check "nothing said unused when every column is used" lacks "$err" "không dùng"

printf 'Họ đệm,Tên,SĐT,Tổ dân phố,Ho gia dinh\n' > split3.csv
printf 'Vũ Văn,Tú,0912345613,Khe Vàng,X\n' >> split3.csv
run contacts import split3.csv
check "Họ đệm + Tên joined; Tổ dân phố is the hamlet" equals "$(sqlite3 var/loa.db "SELECT name || '|' || hamlet FROM contacts WHERE phone = '+84912345613'")" "Vũ Văn Tú|KV"
check "household header without its diacritics is not taken (said unused)" contains "$err" "cột 'Ho gia dinh' không dùng"

# No hamlet column: the address names it as whole words, the longest name winning.
printf 'Họ và tên,Số điện thoại,Địa chỉ\n' > addr.csv
printf 'Hồ Văn Lâm,0912345621,"Xóm Khe Vàng 2, xã Minh Tiến"\n' >> addr.csv
printf 'Hồ Thị Mai,0912345622,"thôn Đồng Kiệm, xã Minh Tiến"\n' >> addr.csv
printf 'Hồ Văn Nam,0912345623,"số 5 đường Đồng Kiệmxyz"\n' >> addr.csv
run contacts import addr.csv
check "address import" equals "$rc" 0
addr=$(sqlite3 var/loa.db "SELECT group_concat(phone || '=' || coalesce(hamlet, '-'), ' ') FROM (SELECT * FROM contacts WHERE phone LIKE '%34562_' ORDER BY phone)")
check "hamlet found in the address as whole words" equals "$addr" "+84912345621=KV +84912345622=DK +84912345623=-"
check "a resident left without a hamlet is said" contains "$err" "1 resident has no hamlet"

# A hamlet given by name is accepted by enroll add and in a campaign's audience.
run enroll add "Đồng Kiệm" 3 --date 2026-11-30
check "enroll add takes a hamlet's name" contains "$out" "DK +3 on 30/11/2026"
cat > campaigns/names.cfg <<'EOF'
id = "names";
title = "Theo tên xóm";
sms: { text = "Xã Minh Tiến: mời bà con kích hoạt VNeID."; schedule: { times = [ "08:00" ]; }; };
audience: { hamlets = [ "Đồng Kiệm", "hoa tien" ]; };
EOF
run check
check "audience by hamlet names passes check" equals "$rc" 0
printf 'id = "bad";\ntitle = "x";\nsms: { text = "x"; schedule: { times = [ "08:00" ]; }; };\naudience: { hamlets = [ "Xóm Không Có" ]; };\n' > campaigns/bad.cfg
run check
check "an unknown hamlet name in an audience is still an error" contains "$err" "hamlet 'Xóm Không Có' is not defined"
rm campaigns/bad.cfg campaigns/names.cfg

# Opt-outs belong to the number: the officer's opt-out outlives remove + re-import.
cat > campaigns/dk.cfg <<'EOF'
id = "dk";
title = "Xóm Đồng Kiệm";
sms: { text = "Xã Minh Tiến: mời bà con kích hoạt VNeID."; schedule: { times = [ "10:00" ]; }; };
audience: { hamlets = [ "Đồng Kiệm" ]; };
EOF
run contacts optout 0912345601 --note "xin tại UBND xã"
check "officer's optout" contains "$out" "+84912345601 opted out"
run campaign preview dk
check "opted-out resident leaves the audience" contains "$out" "audience: 1 resident "
run contacts remove 0912345601
run contacts show 0912345601
check "show of a removed number says its opt-out stays" contains "$err" "+84912345601 is opted out since 2026-12-01 09:00:00 (officer: xin tại UBND xã)"
run contacts import office.csv
check "re-import brings the resident back" contains "$out" "4 rows: 1 new, 3 updated"
run contacts show 0912345601
check "re-imported resident is still opted out" contains "$out" "opted out:  2026-12-01 09:00:00 (officer: xin tại UBND xã)"
run campaign preview dk
check "and still out of the audience" contains "$out" "audience: 1 resident "
run contacts optout 0912345601
check "a second optout changes nothing" contains "$out" "already opted out: nothing changed"

# Only an opt-in with the officer's note lifts it.
run contacts optin 0912345601
check "optin without --note is refused" equals "$rc" 2
check "optin without a note says why it needs one" contains "$err" "needs --note TEXT"
run contacts optin 0912345601 --note "bà An đến UBND xin nhận lại tin"
check "optin with a note lifts the opt-out" contains "$out" "+84912345601 opted in again"
run campaign preview dk
check "back in the audience" contains "$out" "audience: 2 residents"
check "the audit trail keeps the officer's notes" equals "$(sqlite3 var/loa.db "SELECT group_concat(kind || ':' || detail, ';') FROM events WHERE kind LIKE 'contacts.opt%'")" \
    "contacts.optout:xin tại UBND xã;contacts.optin:bà An đến UBND xin nhận lại tin"
run contacts optout 0243825123
check "optout of a landline names the argument" contains "$err" "phone '0243825123'"

# Export carries VNeID and opt-out status; re-importing the file restores them; an empty cell lifts nothing.
run contacts optout 0912345602
sqlite3 var/loa.db "UPDATE contacts SET vneid = 2 WHERE phone = '+84912345603'"
run contacts export all.csv
check "export header carries VNeID and opt-out" equals "$(head -1 all.csv)" $'\xEF\xBB\xBFHọ và tên,Số điện thoại,Xóm,Hộ,Nhóm,VNeID,Từ chối tin nhắn\r'
check "export row carries the VNeID status" contains "$(cat all.csv)" '"Lê Văn Cường","+84912345603","LM","LM-03","","đã kích hoạt",""'
check "export row carries the opt-out" contains "$(cat all.csv)" '"Trần Thị Bình","+84912345602","HT","HT-02","","","2026-12-01 09:00:00"'
rm var/loa.db*
run contacts import all.csv
check "export re-imports" equals "$rc" 0
check "re-import restores VNeID status" equals "$(sqlite3 var/loa.db "SELECT vneid FROM contacts WHERE phone = '+84912345603'")" 2
check "re-import restores the opt-out with its time" equals "$(sqlite3 var/loa.db "SELECT opted_out = strftime('%s', '2026-12-01 02:00:00') FROM contacts WHERE phone = '+84912345602'")" 1
run contacts import office.csv
check "a file without the opt-out column lifts nothing" contains "$(loa contacts show 0912345602)" "opted out:  2026-12-01 09:00:00"
printf 'Họ và tên,Số điện thoại,VNeID,Từ chối tin nhắn\nX,0912345609,có lẽ,\nY,0912345608,,hôm qua\n' > badstatus.csv
run contacts import badstatus.csv
check "an unknown VNeID value names its row" contains "$err" "badstatus.csv:2: VNeID 'có lẽ'"
check "an unknown opt-out value names its row" contains "$err" "badstatus.csv:3: opt-out 'hôm qua'"

# list filters: --opted-out, --vneid, --tag, --hamlet by name.
printf 'Họ và tên,Số điện thoại,Xóm,Nhóm,VNeID\nP,0912345631,DK,"chua-cccd, hoi-phu-nu",chưa kích hoạt\nQ,0912345632,DK,hoi-phu-nu,\n' > tags.csv
run contacts import tags.csv
run contacts list --opted-out
check "list --opted-out shows only opted-out numbers" equals "$(printf '%s\n' "$out" | grep -c '^+84')/$(printf '%s' "$out" | tail -1)" "1/1 resident"
check "list --opted-out shows the opted-out one" contains "$out" "+84912345602"
run contacts list --vneid activated --json
check "list --vneid activated" equals "$(printf '%s' "$out" | grep -o '"phone": "[^"]*"' | tr '\n' ' ')" '"phone": "+84912345603" '
run contacts list --vneid not_activated
check "list --vneid not_activated" contains "$out" "+84912345631"
check "list --vneid not_activated leaves out the others" lacks "$out" "+84912345632"
run contacts list --tag HOI-PHU-NU --hamlet "Đồng Kiệm"
check "list --tag and --hamlet by name" equals "$(printf '%s\n' "$out" | grep -o '^+84[0-9]*' | tr '\n' ' ')" "+84912345631 +84912345632 "
run contacts list --vneid maybe
check "list --vneid with an unknown status names it" contains "$err" "--vneid 'maybe'"

finish
