#!/usr/bin/env bash
# test_reports — `loa enroll …` and `loa report …` as the officer uses them, at a fixed --now.
. "$(dirname "$0")/lib.sh"
setup_commune
cd "$T"
NOW="2026-12-10 09:00"
clock "$NOW"
L() { run --now "$NOW" "$@"; }

run contacts import "$LOA_ROOT/config/demo-contacts.csv"
check "demo residents imported" equals "$rc" 0

L enroll opening DK 300 --date 2025-06-30
check "opening balance recorded" contains "$out" "opening balance of DK is 300 on 30/06/2025"
L enroll opening HT 250 --date 30/06/2025
check "dd/mm/yyyy accepted" equals "$rc" 0
L enroll add DK 12 --date 2026-11-05
check "entry recorded with the hamlet's new total" contains "$out" "DK +12 on 05/11/2026; DK now counts 312"
L enroll add KV2 4 --date 2026-11-20
check "an old (merged) code counts under the new hamlet" contains "$out" "KV2 +4 on 20/11/2026; KV now counts 4"
L enroll add DK -2 --date 2026-11-05 --note "trùng"
check "a correction is a negative entry" contains "$out" "DK -2 on 05/11/2026; DK now counts 310"
L enroll official DK 315 --date 2026-11-30
check "official total shown beside loa's count" contains "$out" "official total of DK is 315 on 30/11/2026; loa counts 310 that day (difference -5)"

L enroll add ZZ 3
check "unknown hamlet exits 1" equals "$rc" 1
check "unknown hamlet is named" contains "$err" "hamlet 'ZZ'"
L enroll add DK 3 --date 2026-12-11
check "a future date exits 1" equals "$rc" 1
L enroll opening DK 5
check "opening without --date is a usage error" equals "$rc" 2
L enroll add DK 3 --bogus
check "unknown option exits 2" equals "$rc" 2

printf 'Ngày,Xóm,Số lượng,Ghi chú\n2026-11-10,LM,7,tuần 46\n2026-11-32,LM,1,\n2026-11-12,Xóm Cây Đa,5,\n' > bad.csv
L enroll import bad.csv
check "import with a bad row exits 1" equals "$rc" 1
check "the bad row is named" contains "$err" "bad.csv:3: date '2026-11-32'"
printf 'Ngày,Xóm,Số lượng,Ghi chú\n2026-11-10,LM,7,tuần 46\n12/11/2026,Xóm Cây Đa,5,\n' > week46.csv
L enroll import week46.csv
check "good import records its rows" contains "$out" "2 entries recorded"
L enroll import week46.csv
check "the same list twice is refused" equals "$rc" 1

L enroll list --json
id=$(printf '%s' "$out" | grep -B1 '"date": "2026-11-10"' | grep -o '"id": [0-9]*' | grep -o '[0-9]*')
L enroll undo "$id"
check "undo makes a reversing entry" contains "$out" "undoes entry $id"
L enroll undo "$id"
check "undo twice exits 1" equals "$rc" 1
L enroll list --hamlet KV
check "list by hamlet includes the old code's entries" contains "$out" "KV2"

L enroll summary --as-of 2026-11-30
check "summary names the passed target and the next" contains "$out" "Chỉ tiêu 1.500 tài khoản đến 31/12/2025 đã hết hạn"
check "summary shows months left" contains "$out" "49 months left"
check "summary total line" contains "$out" "total"
L enroll summary --as-of 2026-11-30 --json
check "summary json total cumulative" contains "$out" '"cumulative": 569'
check "summary json official difference" contains "$out" '"difference": -5'

L report monthly
check "report monthly exits 0" equals "$rc" 0
check "default month is the previous one" contains "$out" "monthly report 2026-11 written to"
d=var/reports/2026-11
check "csv written" test -f "$d/bao-cao-2026-11.csv"
check "xlsx written" test -f "$d/bao-cao-2026-11.xlsx"
check "html written" test -f "$d/bao-cao-2026-11.html"
check "files are 0640" equals "$(stat -c %a "$d/bao-cao-2026-11.html")" 640
csv=$(cat "$d/bao-cao-2026-11.csv")
check "csv total row (month 19, cumulative 569)" contains "$csv" "Tổng,Xã Minh Tiến,19,569,2500"
check "csv has the recipient" contains "$csv" "Nơi nhận,Công an huyện Đại Từ"
html=$(cat "$d/bao-cao-2026-11.html")
check "html shows the cumulative" contains "$html" "lũy kế <b>569</b>"
check "html has the chart" contains "$html" "<polyline"
if command -v xmllint >/dev/null; then
    check "html is well-formed XML (xmllint)" xmllint --noout "$d/bao-cao-2026-11.html"
fi
if command -v unzip >/dev/null; then
    sheet=$(unzip -p "$d/bao-cao-2026-11.xlsx" xl/worksheets/sheet2.xml)
    check "xlsx VNeID sheet holds the total" contains "$sheet" "<v>569</v>"
fi
cp "$d/bao-cao-2026-11.xlsx" first.xlsx
cp "$d/bao-cao-2026-11.html" first.html
clock "2026-12-10 15:00"; run report monthly --month 2026-11
check "made again the same day: xlsx byte-identical" cmp -s first.xlsx "$d/bao-cao-2026-11.xlsx"
check "made again the same day: html byte-identical" cmp -s first.html "$d/bao-cao-2026-11.html"
L report monthly --month 2026-13
check "bad month exits 1" equals "$rc" 1
L report half-year --period 2026-H2
check "half-year report" contains "$out" "var/reports/2026-H2/"
L report annual --year 2025
check "annual report" contains "$out" "var/reports/2025/"

# The police's next list is cumulative and saved by Excel: BOM, CRLF, ';', dd/mm/yyyy. Rows already
# imported (12/11 CD 5) are compared by content, named and refused; --skip-repeated takes the new ones.
printf '\xEF\xBB\xBFNgày;Xóm;Số lượng\r\n12/11/2026;CD;5\r\n2026-11-19;LM;3\r\n' > week47.csv
L enroll import week47.csv
check "rows already imported, in another file, exit 1" equals "$rc" 1
check "the repeated row is named with the entry that holds it" contains "$err" "week47.csv:2: 12/11/2026 CD 5 was already imported (entry"
check "and how to import only the new rows" contains "$err" "--skip-repeated"
L enroll summary --as-of 2026-11-30 --json
check "nothing of it was counted" contains "$out" '"cumulative": 569'
L enroll import --skip-repeated week47.csv
check "--skip-repeated records only the new row" contains "$out" "1 entry recorded; 1 row already imported skipped"
L enroll summary --as-of 2026-11-30 --json
check "which counts once" contains "$out" '"cumulative": 572'
finish
