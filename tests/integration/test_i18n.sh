#!/usr/bin/env bash
# test_i18n — loa speaks the officer's language: the catalog is current and complete, Vietnamese
# output with LANGUAGE=vi (an error with FILE:LINE, listings, help), the language chosen from the
# environment, then the configuration's `language`, then LANG; English stays as it was.
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

# ---- English unchanged ----
run help
check "English help as before" contains "$out" "usage: loa [-c FILE] [--now \"YYYY-MM-DD HH:MM\"] [--log-file FILE] [-v] COMMAND [ARGS]"
run check
check "English check summary as before" contains "$out" ": ok: Xã Minh Tiến, 7 hamlets, 1 modem, 4 campaigns (4 enabled; 4 SMS, 2 broadcast)"
finish
