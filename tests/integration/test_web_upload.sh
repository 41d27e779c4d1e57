#!/usr/bin/env bash
# test_web_upload — forms that send files (multipart/form-data): their fields read as an urlencoded form's, the CSRF
# token and roles held to the same rules, a file's name and bytes handed to the page, a file over the limit refused
# with its name, a body that is not a form refused; nothing changed by a refused one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
web_user lan officer
start_web
login lan password-lan jar >/dev/null
csrf=$(csrf_of jar /residents)
check "the residents page carries a file form" equals \
    "$(xp 'concat(//form[@action="/residents/import"]/@enctype, " | ", count(//form[@action="/residents/import"]//input[@type="file"]))')" \
    "multipart/form-data | 1"

# a form's fields sent as multipart are read as the urlencoded ones: an opt-out with its note
check "a multipart opt-out (303)" equals "$(code -b jar -F "csrf=$csrf" -F phone=0900000002 -F "note=ở nhà, nói với cán bộ" "$base/residents/optout")" 303
check "done with the note as sent" equals "$(sqlite3 var/loa.db "SELECT source || '|' || note FROM optouts WHERE phone = '+84900000002'")" \
    "officer|ở nhà, nói với cán bộ"
check "a multipart form without its token: 403" equals "$(code -b jar -F phone=0900000004 "$base/residents/optout")" 403
check "with a wrong token: 403" equals "$(code -b jar -F "csrf=$(wrong_token "$csrf")" -F phone=0900000004 "$base/residents/optout")" 403
check "nothing done by them" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM optouts WHERE phone = '+84900000004'")" 0

# a file: its name without the folders an old browser sends, its bytes whole (a CSV checked as the CLI would)
printf 'Họ và tên,Số điện thoại,Xóm\r\nLê Văn Tám,0912300001,DK\r\nĐỗ Thị Chín,0912300002,HT\r\n' > ds.csv
check "a file is received (200)" equals "$(code -b jar -F "csrf=$csrf" -F 'file=@ds.csv;filename=C:\Users\lan\danh sách.csv' "$base/residents/import")" 200
check "named as on her computer, without its folders" equals "$(xp 'string(//p[@id="file"])')" "danh sách.csv"
check "its two rows read" equals "$(xp 'string(//tr[@id="rows"]/td)')" 2
check "no file chosen: the field says so (400)" equals "$(code -b jar -F "csrf=$csrf" -F 'file=@/dev/null;filename=' "$base/residents/import")|$(xp 'count(//p[@id="error-file"])')" "400|1"

# over the limit (10 MB): refused before any page runs, the file named
head -c $((10 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' > big.csv
check "a file over 10 MB: 413" equals "$(code -b jar -F "csrf=$csrf" -F 'file=@big.csv;filename=lon.csv' "$base/residents/import")" 413
check "the page names the file and the limit" contains "$(xp 'string(//p[@id="message"])')" "lon.csv"
check "and says 10 MB" contains "$(xp 'string(//p[@id="message"])')" "10 MB"
head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > edge.csv
check "a file of exactly 10 MB is read (checked, and refused as a list: 422)" equals \
    "$(code -b jar -F "csrf=$csrf" -F 'file=@edge.csv;filename=edge.csv' "$base/residents/import")" 422
check "a multipart body without its boundary: 400" equals \
    "$(code -b jar -H 'Content-Type: multipart/form-data' --data-binary "csrf=$csrf" "$base/residents/import")" 400
check "an urlencoded form past 64 KiB (BODY_MAX): still 413" equals \
    "$(code -b jar --data-binary "csrf=$csrf&note=$(head -c 70000 /dev/zero | tr '\0' 'x')&phone=0900000004" "$base/residents/optout")" 413
check "nothing imported by any of them" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts WHERE phone LIKE '+8491230000_'")" 0
check "no file left behind in the database's folder" equals "$(ls -A var | grep -c '^\.upload-')" 0
stop_web
finish
