#!/usr/bin/env bash
# test_i18n — loa speaks the officer's language: the catalog is current and complete, Vietnamese
# output with LANGUAGE=vi (an error with FILE:LINE, listings, help), the language chosen from the
# environment, then the configuration's `language`, then LANG; what loa stored in English (an outbox
# row's error from the fake AT modem, a modem's last error, a received report's result) read in
# Vietnamese on the terminal and the page, kept English in the database, the log and --json; `run --once`'s
# summary in her language; the reporters' rarer answers from sms.reporter_replies; plurals; month names.
# English stays as it was.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
E="$LOA_ROOT/tests/integration/expected"
cd "$T"
step enroll add DK 12 --date 2026-11-20

# ---- the catalog ----
(cd "$LOA_ROOT" && bash po/extract.sh "$T/fresh.pot") 2>"$T/xgettext.err"
check "po/loa.pot is current (make pot after adding or changing a message)" \
    diff -u "$LOA_ROOT/po/loa.pot" "$T/fresh.pot"
check "po/vi.po compiles with msgfmt --check" msgfmt --check -o /dev/null "$LOA_ROOT/po/vi.po"
check "po/vi.po has every message of po/loa.pot" msgcmp "$LOA_ROOT/po/vi.po" "$LOA_ROOT/po/loa.pot"
untranslated=$(msgattrib --untranslated --no-obsolete "$LOA_ROOT/po/vi.po" | grep -c '^msgid' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$LOA_ROOT/po/vi.po" | grep -c '^msgid' || true)
check "po/vi.po has no untranslated message" equals "$untranslated" 0
check "po/vi.po has no fuzzy message" equals "$fuzzy" 0
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$LOA_ROOT/po/vi.po" 2>&1)
check "msgfmt --statistics reports only translated messages" lacks "$stats" "untranslated"

# ---- Vietnamese on the terminal ----
LANGUAGE=vi run help
check "loa help in Vietnamese" contains "$out" "cách dùng: loa [-c TỆP]"
check "command names stay as they are" contains "$out" "  check      kiểm tra loa.cfg và mọi tệp chiến dịch"
LANGUAGE=vi run help enroll
check "a command's usage in Vietnamese, its options unchanged" contains "$out" "loa enroll add XÓM SỐ_LƯỢNG [--date NGÀY]"
LANGUAGE=vi run help config
check "loa help config in Vietnamese, key names unchanged" contains "$out" \
    "| \`commune\` | một chuỗi trong dấu ngoặc kép | bắt buộc | tên xã, dùng trong tin nhắn và báo cáo |"
check "the answers to reporters are listed" contains "$out" "| \`sms.reporter_replies.wrong_pin\` |"
LANGUAGE=vi run check
check "loa check's summary in Vietnamese" contains "$out" ": hợp lệ: Xã Minh Tiến, 7 xóm, 1 modem, 4 chiến dịch (4 đang bật"
LANGUAGE=vi run campaign list
check "campaign list in Vietnamese, columns by display width, whole" test_cmp "$E/vi-campaign-list.txt" "$out"
LANGUAGE=vi run enroll summary --as-of 2026-11-30
check "enroll summary in Vietnamese, whole" test_cmp "$E/vi-enroll-summary.txt" "$out"
LANGUAGE=vi run status
check "status in Vietnamese: queue states in the glossary's words" contains "$out" \
    "hàng đợi: chờ gửi 0, đang gửi 0, đã gửi 0, đã đến máy 0, gửi lỗi 0, chưa rõ 0, đã hủy 0"
LANGUAGE=vi run inbox list
check "inbox list's heading in Vietnamese" contains "$out" "MÃ     GỬI LÚC (GIỜ TRONG TIN) TỪ            NGƯỜI DÂN             XÓM             XỬ LÝ             TỪ KHÓA  NỘI DUNG"
LANGUAGE=vi run frobnicate
check "an unknown command in Vietnamese, exit 2" equals "$rc:${err%%$'\n'*}" "2:loa: không có lệnh 'frobnicate'"

# an error with FILE:LINE: the location first, the sentence in Vietnamese
cp config/loa.cfg config/good.cfg
sed -i 's/^sms: *{/&\n  reporter_replies: { recorded = "Đã ghi {soo}"; };/' config/loa.cfg
LANGUAGE=vi run check
line=$(grep -n '{soo}' config/loa.cfg | cut -d: -f1)
check "a configuration error names file and line" contains "$err" "config/loa.cfg:$line: sms.reporter_replies.recorded: chỗ điền {soo}"
check "the count of errors in Vietnamese, exit 1" equals "$rc:$(tail -n 1 <<<"$err")" "1:loa: cấu hình có 1 lỗi; chưa làm gì cả"
check "the placeholder's error in Vietnamese" contains "$err" "chỗ điền {soo} không hợp lệ: dùng {xa}, {xom}, {so}, {ngay}, {tong}"
LANGUAGE=vi run -c nowhere.cfg check
check "a missing configuration file, in Vietnamese" equals "$rc:$err" "1:loa: nowhere.cfg: không tìm thấy tệp cấu hình (chỉ định bằng -c)"
printf 'commune = "Xã Minh Tiến";\n$$$\n' > broken.cfg   # nothing loa's own reading of the file explains
LANGUAGE=vi run -c broken.cfg check
check "libconfig's own words in parentheses after loa's" contains "$err" "broken.cfg:2: không đọc được dòng này (syntax error)"
printf 'commune = "Xã Minh Tiến";\nhamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );\ncampaigns_dir = "nowhere";\n' > nodir.cfg
LANGUAGE=vi run -c nodir.cfg check
check "the system's reason (strerror) readable in parentheses" contains "$err" "không đọc được thư mục campaigns_dir 'nowhere' ("
check "no character of it lost to '?'" lacks "$err" "?"
LANGUAGE=en run check
check "the same error in English" contains "$err" "unknown placeholder {soo}: use {xa}, {xom}, {so}, {ngay}, {tong}"
check "the count of errors in English" contains "$err" "loa: 1 error in the configuration; nothing was done"
cp config/good.cfg config/loa.cfg
LANGUAGE=vi run contacts import nowhere.csv
check "a file that cannot be opened: loa's words, the system's in parentheses" contains "$err" \
    "loa: nowhere.csv: không mở được tệp ("
LANGUAGE=en run contacts import nowhere.csv
check "the same in English, as before" equals "$err" "loa: nowhere.csv: No such file or directory"

# ---- which language: LANGUAGE, then the configuration's `language`, then LANG ----
check "the demo configuration says language = \"vi\"" grep -q '^commune .*; *language = "vi";' config/loa.cfg
check "and so does the sample one" grep -q '^commune .*; *language = "vi";' "$LOA_ROOT/dist/loa.cfg"
out=$(env -u LANGUAGE LANG=C.UTF-8 "$LOA_BIN" help 2>&1)
check "without LANGUAGE the configuration's language speaks" contains "$out" "cách dùng: loa"
out=$(LANGUAGE=en "$LOA_BIN" help 2>&1)
check "LANGUAGE=en wins over the configuration" contains "$out" "usage: loa [-c FILE]"
sed -i 's/language = "vi";/language = "en";/' config/loa.cfg
out=$(env -u LANGUAGE LANG=vi_VN.UTF-8 "$LOA_BIN" help 2>&1)
check "the configuration's language wins over LANG" contains "$out" "usage: loa [-c FILE]"
sed -i 's/language = "en";//' config/loa.cfg
out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 "$LOA_BIN" help 2>&1)
check "without either, LANG's language speaks" contains "$out" "cách dùng: loa"
out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$LOA_BIN" help 2>&1)
check "with LANG=C, English" contains "$out" "usage: loa [-c FILE]"
mkdir -p "$T/nolocale"
out=$(LOA_LOCALEDIR="$T/nolocale" LANGUAGE=vi "$LOA_BIN" help 2>&1)
check "LOA_LOCALEDIR names the catalogs' folder (none there: English)" contains "$out" "usage: loa [-c FILE]"
cp config/good.cfg config/loa.cfg

# ---- what loa stored in English, read in the officer's language ----
# The project's fake AT modem through Gammu's real AT driver answers +CMS ERROR: 1 (unassigned number)
# to the message.
mkdir -p fm/config fm/campaigns fm/var
cat >fm/config/loa.cfg <<CFG
commune = "Xã Minh Tiến"; language = "vi";
database = "../var/loa.db";
campaigns_dir = "../campaigns";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = ( { name = "m1"; model = "at"; connection = "at"; device = "$T/fm/tty"; rate_per_minute = 0;
               daily_limit = 0; reply_timeout = 3; } );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  per_person_per_day = 0;
  delivery_reports = false;
  inbox_poll = 3600;
};
CFG
printf 'cms 1\n' >fm/control
start_fakemodem "$T/fm/tty" --log "$T/fm/modem.log" --control "$T/fm/control"
step -c fm/config/loa.cfg sms send 0912000011 "Thu nghiem"
LANGUAGE=vi run -c fm/config/loa.cfg --log-file fm/run.log run --once
check "the refused message failed" equals "$(sqlite3 fm/var/loa.db "SELECT state FROM outbox")" "$(ob failed)"
stored=$(sqlite3 fm/var/loa.db "SELECT last_error FROM outbox")
check "the database keeps the English" equals "$stored" "m1: network refused the message: +CMS ERROR: 1"
check "and so does the log, under LANGUAGE=vi" contains "$(cat fm/run.log)" "failed for good: m1: network refused the message: +CMS ERROR: 1"
LANGUAGE=vi run -c fm/config/loa.cfg outbox list
check "outbox list under LANGUAGE=vi: the error in Vietnamese" contains "$out" "Thu nghiem  ! m1: mạng từ chối tin nhắn: +CMS ERROR: 1"
check "and the state" contains "$out" "gửi lỗi "
LANGUAGE=en run -c fm/config/loa.cfg outbox list
check "outbox list in English shows the error as stored" contains "$out" "  ! $stored"
LANGUAGE=vi run -c fm/config/loa.cfg outbox list --json
check "--json keeps the stored English" contains "$out" "\"error\": \"$stored\""

# `loa run --once` with the modem gone: its terminal summary in her language, its log in English; the
# modem's last error in `loa status` in Vietnamese too.
sed -i "s|device = \"$T/fm/tty\"|device = \"$T/fm/gone\"|" fm/config/loa.cfg
step -c fm/config/loa.cfg sms send 0912000012 "Thu nghiem 2"
LANGUAGE=vi run -c fm/config/loa.cfg --log-file fm/down.log run --once
check "run --once with the modem gone exits 3" equals "$rc" 3
check "its summary on the terminal is Vietnamese" contains "$err" \
    "loa: 1 tin nhắn đang chờ trong hàng đợi: modem m1 không gửi được (xem nhật ký và \`loa status\`)"
check "its log stays English" contains "$(cat fm/down.log)" "run --once: 1 message waits in the queue and modem m1 could not send"
check "no Vietnamese in the log" lacks "$(cat fm/down.log)" "hàng đợi"
LANGUAGE=vi run -c fm/config/loa.cfg status
check "status: the modem's last error in Vietnamese" contains "$out" "lỗi gần nhất: m1: không kết nối được với $T/fm/gone (at): "
LANGUAGE=en run -c fm/config/loa.cfg status
check "status in English: the last error as stored" contains "$out" "last error: m1: cannot connect to $T/fm/gone (at): "

# A reporter's refused report: the answer comes from sms.reporter_replies (Vietnamese by default), and
# the inbox row's result, stored in English, reads Vietnamese.
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID DK 1x2 4826" "2026-12-01 08:50"
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID DK 5 24/12/2026 4826" "2026-12-01 08:51"
LANGUAGE=vi run --log-file r1.log run --once
check "run --once answers the reports" equals "$rc:$err" "0:"
reply() { sqlite3 var/loa.db "SELECT o.text FROM outbox o JOIN inbox i ON i.id = o.reply_to WHERE i.text = '$1'"; }
check "a count that is no whole number: the reporter's phone gets the Vietnamese default" equals "$(reply "VNEID DK 1x2 4826")" \
    "Số \"1x2\" không phải số nguyên (ví dụ 12 hoặc 1.500): báo cáo không được tính. Soạn: VNEID <mã xóm> <số tài khoản mới> [ngày/tháng] <PIN>, ví dụ: VNEID DK 12 26/11 <PIN>"
check "a date still to come: the Vietnamese default" equals "$(reply "VNEID DK 5 24/12/2026 4826")" \
    "Ngày 24/12/2026 chưa tới (hôm nay 01/12/2026): báo cáo không được tính."
id=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE text = 'VNEID DK 1x2 4826'")
check "the inbox row's result is stored in English" equals "$(sqlite3 var/loa.db "SELECT result FROM inbox WHERE id = $id")" \
    "enrollment report refused: count is not a whole number: 1x2; replied (outbox=$(sqlite3 var/loa.db "SELECT id FROM outbox WHERE reply_to = $id"))"
LANGUAGE=vi run inbox show "$id"
check "inbox show: the result in Vietnamese" contains "$out" "báo cáo VNeID bị từ chối: số lượng không phải số nguyên: 1x2; đã trả lời (outbox="
sed -i 's/^sms: *{/&\n  reporter_replies: { bad_count = "{xa}: \\"{chu}\\" khong phai so. {huong_dan}"; future_date = "Ngay {ngay} chua toi ({hom_nay})."; };/' config/loa.cfg
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID DK 7y 4826" "2026-12-01 08:52"
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID DK 6 25/12/2026 4826" "2026-12-01 08:53"
run check
check "loa check takes the new answers" equals "$rc" 0
LANGUAGE=vi run --log-file r2.log run --once
check "run --once answers them" equals "$rc:$err" "0:"
check "the answer is the configuration's sms.reporter_replies.bad_count, filled in" equals "$(reply "VNEID DK 7y 4826")" \
    "Xã Minh Tiến: \"7y\" khong phai so. Soạn: VNEID <mã xóm> <số tài khoản mới> [ngày/tháng] <PIN>, ví dụ: VNEID DK 12 26/11 <PIN>"
check "and sms.reporter_replies.future_date" equals "$(reply "VNEID DK 6 25/12/2026 4826")" "Ngay 25/12/2026 chua toi (01/12/2026)."
sed -i 's/future_date = "Ngay {ngay} chua toi ({hom_nay}).";/held = "{so} {tong}";/' config/loa.cfg
LANGUAGE=vi run check
line=$(grep -n 'held = ' config/loa.cfg | cut -d: -f1)
check "a placeholder an answer cannot use is an error at its line" contains "$err" "config/loa.cfg:$line: sms.reporter_replies.held: chỗ điền {tong}"
cp config/good.cfg config/loa.cfg
# The web page (rendered with LANGUAGE=vi in real use) shows the inbox row's result in Vietnamese too.
. "$LOA_ROOT/tests/integration/weblib.sh"
web_user lan officer
export LANGUAGE=vi
start_web
export LANGUAGE=en
check "the officer logs in" equals "$(login lan password-lan jar)" 303
code -b "$T/jar" "$base/inbox" >/dev/null
check "the page's inbox: the refused report's result in Vietnamese" contains \
    "$(xp 'string(//tr[td[@class="msg"] = "VNEID DK 1x2 4826"]/td[@class="msg"]/following-sibling::td[1])')" \
    "báo cáo VNeID bị từ chối: số lượng không phải số nguyên: 1x2; đã trả lời (outbox="
stop_web
cp config/good.cfg config/loa.cfg

# Plurals through ngettext (one form in Vietnamese), and the month in a date that does not exist.
LANGUAGE=vi run campaign pause khao-sat-vneid
check "a count's sentence in Vietnamese, no stray letter" contains "$out" "đã tạm dừng gửi khao-sat-vneid: 0 tin nhắn chờ gửi được tạm giữ"
LANGUAGE=en run campaign resume khao-sat-vneid
check "English keeps singular and plural" contains "$out" "khao-sat-vneid resumed: 0 held messages queued again"
sed -i "s/by = \"2025-12-31\"/by = \"2026-04-31\"/" config/loa.cfg
LANGUAGE=vi run check
check "the month of a date that does not exist, in Vietnamese" contains "$err" "tháng 4 có 30 ngày"
LANGUAGE=en run check
check "and in English" contains "$err" "April has 30 days"
cp config/good.cfg config/loa.cfg

# A run's note (why it was skipped), stored in English, reads Vietnamese in `campaign results`.
mkdir -p cu/config cu/campaigns cu/var
cp config/good.cfg cu/config/loa.cfg
head -4 "$LOA_ROOT/config/demo-contacts.csv" >cu/residents.csv
cat >cu/campaigns/ngay.cfg <<CFG
id = "ngay";
title = "Nhắc ngày";
catch_up = "3d";
sms: {
  text = "UBND xã Minh Tiến: mời bà con kích hoạt VNeID. Soạn HUY để ngừng nhận tin.";
  schedule: { times = [ "08:00" ]; };
};
CFG
clock "2026-12-01 07:00"
step -c cu/config/loa.cfg contacts import cu/residents.csv
step -c cu/config/loa.cfg --log-file cu/run0.log run --once
clock "2026-12-04 09:00"
step -c cu/config/loa.cfg --log-file cu/run1.log run --once
LANGUAGE=vi run -c cu/config/loa.cfg campaign results ngay
check "campaign results: the skipped runs and why, in Vietnamese, one sentence for three runs" contains "$out" \
    "3 lượt gửi bị bỏ qua (gần nhất 2026-12-03 08:00): bị lỡ; một lượt gửi sau (2026-12-04 08:00) đã gửi thay: nhiều lượt bị lỡ chỉ gửi một lần"
LANGUAGE=en run -c cu/config/loa.cfg campaign results ngay
check "and in English as stored" contains "$out" \
    "3 runs skipped (latest 2026-12-03 08:00): missed; a later run (2026-12-04 08:00) went instead: several missed runs send once"
clock "2026-12-01 09:00"

# ---- English unchanged ----
run help
check "English help as before" contains "$out" "usage: loa [-c FILE] [--now \"YYYY-MM-DD HH:MM\"] [--log-file FILE] [-v] COMMAND [ARGS]"
run check
check "English check summary as before" contains "$out" ": ok: Xã Minh Tiến, 7 hamlets, 1 modem, 4 campaigns (4 enabled; 4 SMS, 2 broadcast)"
finish
