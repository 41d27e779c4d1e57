#!/usr/bin/env bash
# test_residents_excel — residents and enrollment lists given as Excel files (.xlsx written by a
# spreadsheet library, a hand-made .xlsx with shared strings, rich text, gaps and the 1904 date
# system, an .xls), read with the CSV rules; damaged or hostile files refused; TCVN3 text refused.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
PY=/usr/bin/python3   # Debian's, with python3-openpyxl and python3-xlwt (make deps-test)
"$PY" -c 'import openpyxl, xlwt' 2>/dev/null || { not_ok "python3-openpyxl and python3-xlwt are installed (make deps-test)"; finish; }

# An .xlsx as a spreadsheet program writes it (openpyxl): office headers, a split name, a phone stored
# as a number, a birth date, an empty row, a second sheet.
"$PY" - <<'EOF'
import datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Danh sách"
ws.append(["STT", "Họ", "Tên", "Ngày sinh", "Số điện thoại", "Thôn/Xóm", "Mã hộ"])
ws.append([1, "Nguyễn Văn", "An", datetime.date(1970, 2, 1), 912345701, "Đồng Kiệm", "DK-01"])
ws.append([2, "Trần Thị", "Bình", datetime.date(1980, 4, 3), "0912345702", "Hòa Tiến", "HT-02"])
ws["B5"], ws["C5"], ws["E5"], ws["F5"] = "Lê", "Cường", 912345703, "LM"
ws["B6"], ws["C6"], ws["E6"], ws["F6"] = "Đỗ", "Dũng", 12345, "LM"
wb.create_sheet("Bổ sung").append(["Họ và tên", "Số điện thoại", "Xóm"])
wb["Bổ sung"].append(["Hồ Thị Lan", 912345704, "Cây Đa"])
wb.save("office.xlsx")
EOF
run contacts import office.xlsx
check "an xlsx with a bad row imports nothing" equals "$rc" 1
check "the bad row is named by its sheet row (the empty row 4 counted)" contains "$err" "office.xlsx:6: phone '12345'"
check "unused columns of the sheet are said" contains "$err" "office.xlsx:1: cột 'Ngày sinh' không dùng"
check "nothing imported from the bad sheet" equals "$(sqlite3 var/loa.db 'SELECT count(*) FROM contacts')" 0
run contacts import --skip-invalid office.xlsx
check "xlsx import with --skip-invalid" contains "$out" "office.xlsx: 4 rows: 3 new, 0 updated, 1 skipped as invalid"
rows=$(sqlite3 var/loa.db "SELECT group_concat(phone || '|' || name || '|' || hamlet || '|' || coalesce(household, '-'), ';') FROM (SELECT * FROM contacts ORDER BY phone)")
check "xlsx cells: a number phone as an integer, split name joined, hamlet by name" equals "$rows" \
    "+84912345701|Nguyễn Văn An|DK|DK-01;+84912345702|Trần Thị Bình|HT|HT-02;+84912345703|Lê Cường|LM|-"
run contacts import --sheet "Bổ sung" office.xlsx
check "--sheet NAME reads that sheet" contains "$out" "1 rows: 1 new"
run contacts import --sheet "Tháng 12" office.xlsx
check "an unknown sheet is named with the sheets there are" contains "$err" "office.xlsx: no sheet 'Tháng 12' (the sheets are 'Danh sách', 'Bổ sung')"
check "unknown sheet: exit 1" equals "$rc" 1
printf 'Họ và tên,Số điện thoại\nA,0912345709\n' > plain.csv
run contacts import --sheet X plain.csv
check "--sheet on a CSV file is refused" contains "$err" "--sheet is for Excel files"

# An .xls (BIFF8, xlwt): numbers and text.
"$PY" - <<'EOF'
import xlwt
b = xlwt.Workbook(encoding="utf-8")
s = b.add_sheet("DS")
for c, h in enumerate(["Họ và tên", "Số điện thoại", "Xóm", "Ghi chú"]): s.write(0, c, h)
s.write(1, 0, "Phạm Thị Dung"); s.write(1, 1, 912345711); s.write(1, 2, "Cây Đa")
s.write(3, 0, "Vũ Văn Em"); s.write(3, 1, "0912 345 712"); s.write(3, 2, "KV"); s.write(3, 3, "mới")
b.save("office.xls")
EOF
run contacts import office.xls
check "xls import" contains "$out" "office.xls: 2 rows: 2 new"
check "xls unused column said" contains "$err" "office.xls:1: cột 'Ghi chú' không dùng"
check "xls cells" equals "$(sqlite3 var/loa.db "SELECT group_concat(name || '|' || hamlet, ';') FROM (SELECT * FROM contacts WHERE phone IN ('+84912345711', '+84912345712') ORDER BY phone)")" \
    "Phạm Thị Dung|CD;Vũ Văn Em|KV"

# A damaged .xls on which libfreexl reads past its buffers (the fuzz target found it): refused, loa unharmed.
cp "$LOA_ROOT/tests/fuzz/sheet/freexl-overread.xls" damaged.xls
run contacts import damaged.xls
check "a damaged xls is refused naming the file" contains "$err" "damaged.xls: not a readable .xls file"
check "damaged xls: exit 1, nothing imported" equals "$rc/$(sqlite3 var/loa.db 'SELECT count(*) FROM contacts')" "1/6"

# A hand-made xlsx: shared strings with rich-text runs and a phonetic run, cells out of place
# (B1 absent), a phone as 9.12345721E8, a row left out, and a hostile DTD in another package.
"$PY" - <<'EOF'
import zipfile
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
def pkg(name, sheet, workbook_pr="", extra=None):
    z = zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", f'<workbook {ns}><workbookPr {workbook_pr}/><sheets><sheet name="Xã" sheetId="1" r:id="rId7"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/ds.xml"/></Relationships>')
    z.writestr("xl/sharedStrings.xml", f'<sst {ns}><si><t>Họ và tên</t></si><si><t>SĐT</t></si><si><t>Xóm</t></si>'
               '<si><r><rPr><b/></rPr><t xml:space="preserve">Nguyễn </t></r><r><t>Thị Hạnh</t></r><rPh sb="0" eb="1"><t>X</t></rPh></si>'
               '<si><t>Làng Mới</t></si></sst>')
    z.writestr("xl/worksheets/ds.xml", sheet)
    for k, v in (extra or {}).items(): z.writestr(k, v)
    z.close()
pkg("made.xlsx", f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="B1" t="s"><v>1</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>9.12345721E8</v></c><c r="C3" t="s"><v>4</v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>Mai</t></is></c><c r="B4" t="str"><v>0912345722</v></c><c r="C4"><v>12</v></c></row>'
    '</sheetData></worksheet>')
pkg("dtd.xlsx", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
pkg("big.xlsx", f'<worksheet {ns}><sheetData>' + ' ' * (65 << 20) + '</sheetData></worksheet>')
EOF
run contacts import made.xlsx
check "hand-made xlsx: its bad row is named by its row" contains "$err" "made.xlsx:4: hamlet '12'"
check "hand-made xlsx: header cells placed by their reference (B1 after C1)" lacks "$err" "no phone column"
run contacts import --skip-invalid made.xlsx
check "hand-made xlsx: rich text joined, phonetic run left out, 9.12345721E8 read as a number" \
    equals "$(sqlite3 var/loa.db "SELECT name || '|' || hamlet FROM contacts WHERE phone = '+84912345721'")" "Nguyễn Thị Hạnh|LM"
run contacts import dtd.xlsx
check "an xlsx declaring a DTD is refused" contains "$err" "dtd.xlsx: not a readable .xlsx file: the sheet is not well-formed XML (or declares a DTD)"
run contacts import big.xlsx
check "an xlsx part past 64 MiB uncompressed is refused" contains "$err" "big.xlsx: not a readable .xlsx file: a part of the package is too large"
check "big.xlsx is small on disk" equals "$([ "$(stat -c %s big.xlsx)" -lt 1000000 ] && echo small)" small
printf 'PK\003\004 not really a zip' > broken.xlsx
run contacts import broken.xlsx
check "a damaged xlsx is refused naming the file" contains "$err" "broken.xlsx: not a readable .xlsx file"
check "damaged xlsx: exit 1" equals "$rc" 1

# Text typed with the old TCVN3 font, saved as Unicode: valid UTF-8 but garbled; refused with the fix.
printf 'Hä vµ tªn,Sè ®iÖn tho¹i,Xãm\nNguyÔn V¨n An,0912345731,DK\nTrÇn ThÞ B×nh,0912345732,HT\n' > tcvn3.csv
run contacts import tcvn3.csv
check "TCVN3 text is refused" equals "$rc" 1
check "TCVN3: the fix is said" contains "$err" "chuyển mã sang Unicode"
check "TCVN3: an example of the garbled text is shown" contains "$err" "tcvn3.csv: the text is typed with an old Vietnamese font (TCVN3 or VNI), e.g. 'Hä vµ tªn'"
"$PY" - <<'EOF'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["Họ và tên", "Số điện thoại", "Xóm"])
ws.append(["NguyÔn V¨n An", "0912345733", "DK"])
ws.append(["TrÇn ThÞ B×nh", "0912345734", "HT"])
ws.append(["Lª V¨n C­êng", "0912345735", "LM"])
wb.save("tcvn3.xlsx")
EOF
run contacts import tcvn3.xlsx
check "TCVN3 names in an xlsx are refused" contains "$err" "e.g. 'NguyÔn V¨n An'"
check "nothing of the TCVN3 files imported" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts WHERE phone LIKE '+8491234573_'")" 0
# The same with VNI-Windows (letters followed by their marks as Latin-1 signs).
printf 'Hoï vaø teân;Soá ñieän thoaïi;Xoùm\r\nNguyeãn Vaên An;0912345738;Ñoàng Kieäm\r\nLeâ Vaên Cöôøng;0912345739;Hoøa Tieán\r\n' > vni.csv
run contacts import vni.csv
check "VNI text is refused with the fix" contains "$err" "vni.csv: the text is typed with an old Vietnamese font (TCVN3 or VNI), e.g. 'Hoï vaø teân'"
printf 'Họ và tên,Số điện thoại,Ghi chú\nNguyễn Văn An,0912345736,nhà số ½ ngõ 3\nTrần Thị Bình,0912345737,\n' > half.csv
run contacts import half.csv
check "one Latin-1 sign in real Unicode text is not taken for TCVN3" equals "$rc" 0

# enroll import from an xlsx: dates as serial numbers (1900 system) and as the 1904 system.
"$PY" - <<'EOF'
import datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["Ngày", "Xóm", "Số tài khoản", "Ghi chú"])
ws.append([datetime.date(2026, 11, 28), "Đồng Kiệm", 5, "tuần 4"])
ws.append([datetime.date(2026, 11, 29), "hoa tien", 7, None])
wb.save("enroll.xlsx")
wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
ws.delete_rows(3)
ws["C2"] = 4
wb.save("enroll1904.xlsx")
EOF
run enroll import enroll.xlsx
check "enroll import of an xlsx" contains "$out" "enroll.xlsx: 2 entries recorded"
check "enroll xlsx: serial dates read as dates, hamlet by name" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(hamlet || '+' || count || '@' || date(day * 86400, 'unixepoch'), ' ') FROM (SELECT * FROM enrollments ORDER BY id)")" \
    "DK+5@2026-11-28 HT+7@2026-11-29"
check "the 1904 workbook stores its date so" equals "$(unzip -p enroll1904.xlsx xl/workbook.xml | grep -c 'date1904="1"')" 1
run enroll import enroll1904.xlsx
check "enroll import of a 1904-system xlsx" contains "$out" "enroll1904.xlsx: 1 entry recorded"
check "1904 serial dates read as the same day" equals "$(sqlite3 var/loa.db "SELECT date(day * 86400, 'unixepoch') FROM enrollments WHERE count = 4")" "2026-11-28"
run enroll import --sheet Nope enroll.xlsx
check "enroll import --sheet names a missing sheet" contains "$err" "enroll.xlsx: no sheet 'Nope'"

finish
