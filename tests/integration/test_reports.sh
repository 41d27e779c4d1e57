#!/usr/bin/env bash
# test_reports — `loa enroll …` and `loa report …` as the officer uses them, at a fixed --now.
. "$(dirname "$0")/lib.sh"
setup_commune
cd "$T"
NOW="2026-12-10 09:00"
clock "$NOW"
L() { run --now "$NOW" "$@"; }

# A new database: loa run makes no report of periods before loa held anything.
run --log-file first-run.log run --once
check "the first loa run on an empty database exits 0" equals "$rc" 0
check "it writes no all-zero reports" test ! -e var/reports

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
check "summary names the passed target and the next" contains "$out" "The target of 1.500 accounts by 31/12/2025 has passed"
check "summary shows months left" contains "$out" "49 months left"
check "summary total line" contains "$out" "total"
L enroll summary --as-of 2026-11-30 --json
check "summary json total cumulative" contains "$out" '"cumulative": 569'
check "summary json official difference" contains "$out" '"difference": -5'

# Loudspeaker items scheduled in November: a campaign read at 06:00 and 17:00 on two days.
cat > campaigns/loa-nov.cfg <<'CFG'
id = "loa-nov";
title = "Phát thanh tháng 11";
from = "2026-11-01";
until = "2026-11-30";
broadcast: { text = "Bà con mang căn cước đến nhà văn hóa xóm."; schedule: { times = [ "06:00", "17:00" ]; days = [ 5, 6 ]; }; };
CFG
L broadcast today --date 2026-11-05
L broadcast today --date 2026-11-06
check "the programme holds four November items" equals "$(printf '%s' "$out" | grep -c loa-nov)" 2

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
check "scheduled loudspeaker items are counted (4)" contains "$csv" "Số đợt phát thanh theo lịch,4"
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
# The HTML is an official report (Decree 30/2020/NĐ-CP) and its figures are enroll summary's.
h="$d/bao-cao-2026-11.html"
X() { xmllint --xpath "$1" "$h" 2>/dev/null; }
check "national motto" equals "$(X "string(//*[local-name()='p'][@class='nation'])")" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
check "… and its line" equals "$(X "string(//*[local-name()='p'][@class='motto'])")" "Độc lập - Tự do - Hạnh phúc"
check "the issuing body in capitals, by default the commune's people's committee" equals "$(X "string(//*[local-name()='p'][@class='body'])")" "ỦY BAN NHÂN DÂN XÃ MINH TIẾN"
check "the number left to fill by hand" equals "$(X "string(//*[local-name()='p'][@class='number'])")" "Số: ……/BC-UBND"
check "place and date as the decree writes them" equals "$(X "string(//*[local-name()='p'][@class='date'])")" "Minh Tiến, ngày 10 tháng 12 năm 2026"
check "the title in capitals as written" equals "$(X "string(//*[local-name()='h1'])")" "BÁO CÁO"
check "the summary line keeps VNeID as it is spelt" contains "$(X "string(//*[local-name()='p'][@class='summary'])")" "tài khoản định danh điện tử VNeIDtháng 11/2026"
check "no CSS turns letters into capitals" lacks "$html" "text-transform"
check "no program name in the headers" lacks "$html" "loa - Công an"
check "recipients under the body" contains "$(X "string(//*[local-name()='td'][@class='recipients'])")" "- Như trên;"
check "the signature block" equals "$(X "string(//*[local-name()='td'][@class='signer']/*[local-name()='p'][2])")" "CHỦ TỊCH"
L enroll summary --as-of 2026-11-30 --json
# the commune's figures are the last object of the summary
sum_cum=$(printf '%s' "$out" | grep '"cumulative"' | tail -1 | grep -o '[0-9]*')
sum_month=$(printf '%s' "$out" | grep '"this_month"' | tail -1 | grep -o '[0-9]*')
check "the Tổng row's cumulative is enroll summary's" equals "$(X "string((//*[local-name()='tr'][@class='total'])[1]/*[4])")" "$sum_cum"
check "… and its month's activations" equals "$(X "string((//*[local-name()='tr'][@class='total'])[1]/*[3])")" "$sum_month"
dk_cum=$(printf '%s' "$out" | awk '/"hamlet": "DK"/ { f = 1 } f && /"cumulative"/ { gsub(/[^0-9]/, ""); print; exit }')
check "a hamlet's row is enroll summary's" equals "$(X "string(//*[local-name()='tr'][*[1]='DK']/*[4])")" "$dk_cum"
check "DK shows the police's total" equals "$(X "string(//*[local-name()='tr'][*[1]='DK']/*[8])")" "315"
check "Tổng shows no police total while some hamlets have none" equals "$(X "string((//*[local-name()='tr'][@class='total'])[1]/*[8])")" ""

cp "$d/bao-cao-2026-11.xlsx" first.xlsx
cp "$d/bao-cao-2026-11.csv" first.csv
cp "$d/bao-cao-2026-11.html" first.html
clock "2026-12-10 15:00"; run report monthly --month 2026-11
check "made again the same day: xlsx byte-identical" cmp -s first.xlsx "$d/bao-cao-2026-11.xlsx"
check "made again the same day: html byte-identical" cmp -s first.html "$d/bao-cao-2026-11.html"
# Frozen: residents, targets and a late entry change; November remade in December is the same.
clock "2026-12-15 10:00"
run contacts remove +84900000001
sed -i 's/vneid = 2500;/vneid = 3000;/' config/loa.cfg
run enroll add HT 40 --date 2026-11-25
run report monthly --month 2026-11
check "a remake says its figures are frozen" contains "$out" "its figures as first made at 2026-12-10 09:00"
check "a remake a week later: csv byte-identical" cmp -s first.csv "$d/bao-cao-2026-11.csv"
check "… html byte-identical" cmp -s first.html "$d/bao-cao-2026-11.html"
check "the files say when and from what" contains "$(cat "$d/bao-cao-2026-11.csv")" "Căn cứ số liệu,\"Số liệu chốt lúc 09:00 ngày 10/12/2026"
check "… naming the last entry counted and the residents" contains "$(cat "$d/bao-cao-2026-11.html")" "200 cư dân (Xóm Đồng Kiệm"
touch -d "2026-01-01" "$d/bao-cao-2026-11.html"
run --log-file rerun.log run --once
check "loa run leaves a report already made as it was" cmp -s first.html "$d/bao-cao-2026-11.html"
check "… without writing it again" equals "$(stat -c %Y "$d/bao-cao-2026-11.html")" "$(date -d 2026-01-01 +%s)"
check "… and says so" contains "$(cat rerun.log)" "monthly report 2026-11 was made already; left as it is"
run report monthly --month 2026-11 --recompute
check "--recompute counts again from today's data" contains "$(cat "$d/bao-cao-2026-11.csv")" "Tổng,Xã Minh Tiến,59,609,3000"
check "… and says so" contains "$(cat "$d/bao-cao-2026-11.csv")" "Số liệu chốt lúc 10:00 ngày 15/12/2026"
# Replies: residents' messages, apart from the reporters' VNeID reports and the carrier's own.
"$LOA_TOOLS/smsdrop" var/phone +84900000002 "chưa có ạ" "2026-12-12 09:01"
"$LOA_TOOLS/smsdrop" var/phone +84900000004 "HUY" "2026-12-12 09:02"
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID" "2026-12-12 09:03"
"$LOA_TOOLS/smsdrop" var/phone VIETTEL "KM: nạp thẻ hôm nay được tặng 50% giá trị" "2026-12-12 09:04"
clock "2026-12-12 10:00"; run --log-file receive.log run --once
clock "2026-12-15 10:00"
run inbox list --json
check "four messages received" equals "$(printf '%s' "$out" | grep -c '"id"')" 4
# A month still running says up to which day it counts.
run report monthly --month 2026-12
check "a running month says tính đến ngày" contains "$(cat var/reports/2026-12/bao-cao-2026-12.html)" "(tính đến ngày 15/12/2026)"
check "its html is well-formed" xmllint --noout var/reports/2026-12/bao-cao-2026-12.html
dec=$(cat var/reports/2026-12/bao-cao-2026-12.csv)
check "replies count the residents' two messages" contains "$dec" "Tin nhắn trả lời của người dân,2"
check "… one of them an opt-out" contains "$dec" "Số lượt từ chối nhận tin,1"
check "the reporter's report is counted apart" contains "$dec" "Tin báo cáo số liệu VNeID của trưởng xóm và Công an,1"
check "the carrier's message is counted apart" contains "$dec" "Tin của nhà mạng và tổng đài (không tính là trả lời),1"
# The document's parts from the configuration.
sed -i 's/  day = 10;/  day = 10;\n  issuer_parent = "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN";\n  issuer = "CÔNG AN XÃ MINH TIẾN";\n  abbr = "CAX";\n  number = "27";\n  recipients = [ "Công an tỉnh Thái Nguyên", "Lưu: VT" ];\n  signer_for = "KT. TRƯỞNG CÔNG AN XÃ";\n  signer_title = "PHÓ TRƯỞNG CÔNG AN XÃ";\n  signer_name = "Nguyễn Văn Bình";/' config/loa.cfg
run check
check "the document keys are valid configuration" equals "$rc" 0
run report monthly --month 2026-12 --recompute
h=var/reports/2026-12/bao-cao-2026-12.html
check "issuer from report.issuer" equals "$(X "string(//*[local-name()='p'][@class='body'])")" "CÔNG AN XÃ MINH TIẾN"
check "the body above it" equals "$(X "string(//*[local-name()='p'][@class='parent'])")" "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
check "number from report.number" equals "$(X "string(//*[local-name()='p'][@class='number'])")" "Số: 27/BC-CAX"
check "recipients from report.recipients" equals "$(X "string(//*[local-name()='td'][@class='recipients']/*[local-name()='p'][2])")" "- Công an tỉnh Thái Nguyên;"
check "signer from the configuration" equals "$(X "string(//*[local-name()='td'][@class='signer']/*[local-name()='p'][4])")" "Nguyễn Văn Bình"

clock "2026-12-10 15:00"
L report monthly --month 2026-13
check "bad month exits 1" equals "$rc" 1
L report half-year --period 2026-H2
check "half-year report" contains "$out" "var/reports/2026-H2/"
L report annual --year 2025
check "annual report" contains "$out" "var/reports/2025/"

# The police's next list is cumulative and saved by Excel: BOM, CRLF, ';', dd/mm/yyyy. Rows already
# imported (12/11 CD 5) are compared by content, named and refused; --skip-repeated takes the new ones.
printf '\xEF\xBB\xBFNgày;Xóm;Số lượng\r\n12/11/2026;CD;5\r\n2026-11-19;LM;3\r\n' > week47.csv
commune_cum() { L enroll summary --as-of 2026-11-30 --json; printf '%s' "$out" | grep '"cumulative"' | tail -1 | grep -o '[0-9]*'; }
before=$(commune_cum)
L enroll import week47.csv
check "rows already imported, in another file, exit 1" equals "$rc" 1
check "the repeated row is named with the entry that holds it" contains "$err" "week47.csv:2: 12/11/2026 CD 5 was already imported (entry"
check "and how to import only the new rows" contains "$err" "--skip-repeated"
check "nothing of it was counted" equals "$(commune_cum)" "$before"
L enroll import --skip-repeated week47.csv
check "--skip-repeated records only the new row" contains "$out" "1 entry recorded; 1 row already imported skipped"
check "which counts once" equals "$(commune_cum)" "$((before + 3))"

# Another new database, then a first entry in November: loa run on 10 December makes November's
# report, not those of the first half or of 2025, which ended before loa held anything.
mkdir -p fresh/config fresh/var fresh/campaigns
cp config/loa.cfg fresh/config/loa.cfg
export LOA_CONFIG="$T/fresh/config/loa.cfg"
clock "2026-12-10 09:00"
run enroll add DK 5 --date 2026-11-20
run --log-file fresh-run.log run --once
check "loa run makes the report of the first month with data" test -f fresh/var/reports/2026-11/bao-cao-2026-11.html
check "… and none of the half-year before it" test ! -e fresh/var/reports/2026-H1
check "… nor of the year before" test ! -e fresh/var/reports/2025
check "… recorded as made by loa run" equals "$(sqlite3 fresh/var/loa.db "SELECT made_by FROM reports WHERE period = 'monthly.2026-11'")" "loa run"
run report list
check "loa report list says so" contains "$out" "monthly    2026-11  made         2026-12-10 09:00"
check "… and the month running as not due" contains "$out" "monthly    2026-12  not due      -"
export LOA_CONFIG="$T/config/loa.cfg"
finish
