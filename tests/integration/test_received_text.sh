#!/usr/bin/env bash
# test_received_text — what residents write reaches the officer's terminal and files harmless: a newline
# cannot forge a row of `inbox list`, escape sequences are shown, not run; spreadsheet cells that start
# like a formula stay text.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
forged=$'Hỏi ạ\n9      2026-12-01 09:00:00  +84900000901   enroll:DK         VNEID    VNEID DK 500\e[2J\e]0;owned\a\u009b31m'
"$LOA_TOOLS/smsdrop" var/phone +84912000001 "$forged" "2026-12-01 09:00"
loa --log-file run.log run --once
run inbox list
check "inbox list works" equals "$rc" 0
check "no escape character reaches the terminal" lacks "$out" $'\e'
check "no BEL or CSI reaches the terminal" lacks "$out" $'\a'
check "a C1 control is not printed raw" lacks "$out" $'\xc2\x9b'
check "the newline is shown as ⏎ and the text stays on its row" contains "$out" "Hỏi ạ⏎9      2026-12-01"
check "controls are shown as �" contains "$out" "VNEID DK 500�[2J�]0;owned��31m"
check "one message, one row (header, row, count)" equals "$(printf '%s\n' "$out" | wc -l)" 3
run inbox show 1
check "inbox show prints no escape character" lacks "$out" $'\e'
check "inbox show shows the newline" contains "$out" "Hỏi ạ⏎9"
run inbox list --json
check "--json keeps the text as received (JSON escapes it)" contains "$out" 'Hỏi ạ\n9'

# senders that are no Vietnamese mobile are masked in the log like any number
"$LOA_TOOLS/smsdrop" var/phone +14155550123 "HD" "2026-12-01 09:00"   # a keyword: loa would reply
"$LOA_TOOLS/smsdrop" var/phone 1900123 "DK" "2026-12-01 09:00"
loa --log-file run2.log run --once
log=$(cat run2.log)
check "a foreign sender is masked in the log" lacks "$log" "4155550123"
check "a short-code sender is masked in the log" lacks "$log" "1900123"
check "both appear masked" contains "$log" "+1415****123"

# spreadsheet cells: a name or a hamlet that starts like a formula is written as text
sed -i 's/name = "Xóm Đồng Kiệm"/name = "=HYPERLINK(\\"http:\/\/x\\")"/' config/loa.cfg
printf '%s\r\n' 'Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm' '"=cmd|'"'"' /C calc'"'"'!A0",0912000002,DK,@h1,-x' 'Lê Thị Bình,0912000003,DK,-5,' >evil.csv
run contacts import evil.csv
check "the import takes the formula-like cells" equals "$rc" 0
run contacts export out.csv
exported=$(cat out.csv)
check "a formula-like name is exported as text" contains "$exported" "\"'=cmd|' /C calc'!A0\",\"+84912000002\""
check "formula-like household and tags too" contains "$exported" "\"'@h1\",\"'-x\""
check "a plain negative number and a phone number are not changed" contains "$exported" "\"+84912000003\",\"DK\",\"-5\""
run contacts import out.csv
check "importing the export again gives the names back without the guard" \
    contains "$(loa contacts list --json)" '"=cmd|'"'"' /C calc'"'"'!A0"'
run report monthly --month 2026-11
csv=$(cat var/reports/2026-11/bao-cao-2026-11.csv)
check "a report cell that starts like a formula is text" contains "$csv" "\"'=HYPERLINK(\"\"http://x\"\")\""
unzip -p var/reports/2026-11/bao-cao-2026-11.xlsx xl/worksheets/sheet*.xml >sheets.xml
check "the XLSX holds no formula at all" lacks "$(cat sheets.xml)" "<f>"
finish
