#!/usr/bin/env bash
# test_web_residents — Người dân: the filters give the rows of `loa contacts list` with the same filters; one number's
# page shows its residents, the messages sent to it and its replies; opt-out and opt-in do what `loa contacts
# optout|optin` does (compared on a copy of the database) with an event naming the user; an upload of an .xlsx or a
# CSV is checked as a dry run (its summary, or the same FILE:ROW errors as `loa contacts import`, nothing changed)
# and the confirmation imports exactly what the summary said, as the CLI imports it; tokens and roles enforced.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
PY=/usr/bin/python3   # Debian's, with python3-openpyxl (make deps-test)
"$PY" -c 'import openpyxl' 2>/dev/null || { not_ok "python3-openpyxl is installed (make deps-test)"; finish; }
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
step contacts vneid 0900000001 activated
step contacts vneid 0900000011 activated
step contacts vneid 0900000012 not_activated
step contacts optout 0900000014 --note "xin không nhận"
step sms send 0900000001 "Mời bà con đến UBND xã kích hoạt VNeID"
"$LOA_TOOLS/smsdrop" var/phone 0900000001 "Cho tôi hỏi <b>giờ</b> làm việc" "2026-12-01 07:30"
step --log-file r1.log run --once
web_user lan officer
web_user hoa officer
web_user tuan viewer
web_user minh operator
start_web
check "the officer logs in" equals "$(login lan password-lan jar)" 303
check "the residents page opens" equals "$(code -b jar "$base/residents")" 200
check "it is in the navigation" equals "$(xp 'string(//nav/a[@href="/residents"]/@class)')" here

# ---- the filters: the page's rows and /api/residents are `loa contacts list`'s
page_phones() { xmllint --html --xpath '//table[@id="residents"]//tr/@data-phone' "$T/body" 2>/dev/null | sed 's/ data-phone="\([^"]*\)"/\1\n/g' | sed '/^$/d'; }
cli_phones() { loa contacts list --json "$@" | "$PY" -c 'import json, sys; [print(k["phone"]) for k in json.load(sys.stdin)]'; }
for f in "" "hamlet=DK" "hamlet=KV2" "hamlet=X%C3%B3m%20%C4%90%E1%BB%93ng%20Ki%E1%BB%87m" "tag=chua-cccd" "vneid=activated" \
         "vneid=not_activated" "opted_out=1" "hamlet=DK&vneid=activated" "q=b%C3%B9i" "q=0900000002" "q=duc"; do
    args=()
    IFS='&' read -ra kv <<<"$f"
    for p in "${kv[@]}"; do
        v=$(printf '%b' "$(printf '%s' "${p#*=}" | sed 's/%/\\x/g')")
        case "$p" in hamlet=*) args+=(--hamlet "$v") ;; tag=*) args+=(--tag "$v") ;; vneid=*) args+=(--vneid "$v") ;;
                     opted_out=*) args+=(--opted-out) ;; q=*) args+=(--search "$v") ;; esac
    done
    code -b jar "$base/residents?$f" >/dev/null
    got=$(page_phones | tr '\n' ' ')
    want=$(cli_phones "${args[@]}" | tr '\n' ' ')
    check "filter '${f:-none}': the page lists what loa contacts list ${args[*]} lists ($(echo "$want" | wc -w))" equals "$got" "$want"
    check "filter '${f:-none}': /api/residents is its --json" api_same "/api/residents?$f" jar contacts list --json "${args[@]}"
done
check "the count is said" equals "$(code -b jar "$base/residents?tag=chua-cccd" >/dev/null; xp 'string(//p[@id="count"])')" "$(cli_phones --tag chua-cccd | wc -l) residents"
check "an unknown hamlet: 400, said beside the field" equals "$(code -b jar "$base/residents?hamlet=XX")|$(xp 'string(//p[@id="error-hamlet"])')" \
    "400|'XX' is not a hamlet of this commune."
check "and no rows shown" equals "$(xp 'count(//table[@id="residents"]//tr[@data-phone])')" 0
check "an unknown VNeID status: 400 beside its field" equals "$(code -b jar "$base/residents?vneid=maybe")|$(xp 'count(//p[@id="error-vneid"])')" "400|1"
check "the API refuses it too" equals "$(code -b jar "$base/api/residents?vneid=maybe")" 400
check "a search too long: 400 beside its field" equals "$(code -b jar "$base/residents?q=$(head -c 101 /dev/zero | tr '\0' a)")|$(xp 'count(//p[@id="error-q"])')" "400|1"

# ---- one number: its residents, messages and replies
check "a resident's page opens by the number as written locally" equals "$(code -b jar "$base/residents/0900000001")" 200
check "it names the resident" equals "$(xp 'string(//table[@id="people"]//td[@class="name"])')" "Bùi Thị Anh"
check "with the SMS sent to the number" equals "$(xp 'string(//table[@id="sent"]//td[@class="text"])')" "Mời bà con đến UBND xã kích hoạt VNeID"
check "and the reply, shown as text" equals "$(xp 'string(//table[@id="replies"]//td[@class="text"])')" "Cho tôi hỏi <b>giờ</b> làm việc"
check "a number two residents share shows both" equals "$(code -b jar "$base/residents/+84900000002" >/dev/null; xp 'count(//table[@id="people"]//tr[td])')" \
    "$(loa contacts show 0900000002 --json | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)["residents"]))')"
check "an opted-out number says since when and why" contains "$(code -b jar "$base/residents/0900000014" >/dev/null; xp 'string(//p[@id="optout"])')" "xin không nhận"
check "a number no resident has: 404" equals "$(code -b jar "$base/residents/0999999999")" 404
check "not a number: 404" equals "$(code -b jar "$base/residents/abc")" 404

# ---- opt-out and opt-in: as the CLI, on a copy of the database
mkdir -p cfg2 var2
sed 's#^database *=.*#database = "../var2/loa.db";#' config/loa.cfg > cfg2/loa.cfg
cli2() { LOA_CONFIG="$T/cfg2/loa.cfg" loa "$@"; }
sqlite3 var/loa.db ".backup var2/loa.db"
csrf=$(csrf_of jar /residents/0900000005)
check "the page offers an opt-out" equals "$(xp 'count(//form[@action="/residents/optout"]//button[@id="optout"])')" 1
check "opt-out (303, back to the number)" equals "$(code -b jar --data-urlencode "csrf=$csrf" --data-urlencode phone=0900000005 \
    --data-urlencode "note=gọi điện đến xã" "$base/residents/optout")|$(header Location)" "303|/residents/+84900000005"
cli2 contacts optout 0900000005 --note "gọi điện đến xã" >/dev/null
same_number() {   # the number's show --json on both databases, the opt-out's second aside (each clock runs on)
    diff <(loa contacts show "$1" --json | sed 's/\("opted_out": "[0-9-]* [0-9]*:[0-9]*\):[0-9]*"/\1"/') \
         <(cli2 contacts show "$1" --json | sed 's/\("opted_out": "[0-9-]* [0-9]*:[0-9]*\):[0-9]*"/\1"/') >&2
}
check "the number is as loa contacts optout leaves it" same_number 0900000005
check "opted out (by the officer, with the note)" contains "$(loa contacts show 0900000005 --json)" '"opted_out_note": "gọi điện đến xã"'
check "the same event as the CLI's" equals "$(sqlite3 var/loa.db "SELECT kind || ' ' || ref || ' ' || detail FROM events WHERE kind = 'contacts.optout' AND ref = '+84900000005'")" \
    "$(sqlite3 var2/loa.db "SELECT kind || ' ' || ref || ' ' || detail FROM events WHERE kind = 'contacts.optout' AND ref = '+84900000005'")"
check "and an event naming the officer" equals "$(sqlite3 var/loa.db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.contacts.optout'")" "+84900000005 user=lan"
check "the page now offers the opt-in" equals "$(code -b jar "$base/residents/0900000005" >/dev/null; xp 'count(//button[@id="optin"])')" 1
check "a second opt-out: 409, nothing changed" equals "$(code -b jar -d "csrf=$csrf&phone=0900000005" "$base/residents/optout")" 409
check "opt-in without a reason: 400, said beside the note" equals \
    "$(code -b jar -d "csrf=$csrf&phone=0900000005&note=%20" "$base/residents/optin")|$(xp 'count(//p[@id="error-note"])')" "400|1"
check "a note past 500 characters: 400" equals \
    "$(code -b jar -d "csrf=$csrf&phone=0900000005&note=$(head -c 501 /dev/zero | tr '\0' x)" "$base/residents/optin")|$(xp 'count(//p[@id="error-note"])')" "400|1"
check "a bad number: 400" equals "$(code -b jar -d "csrf=$csrf&phone=12&note=x" "$base/residents/optin")" 400
check "still opted out after them" contains "$(loa contacts show 0900000005 --json)" '"opted_out": "2026'
check "opt-in with the reason (303)" equals "$(code -b jar --data-urlencode "csrf=$csrf" --data-urlencode phone=0900000005 \
    --data-urlencode "note=bà con xin nhận lại" "$base/residents/optin")" 303
cli2 contacts optin 0900000005 --note "bà con xin nhận lại" >/dev/null
check "as loa contacts optin leaves it" same_number 0900000005
check "opted in again" contains "$(loa contacts show 0900000005 --json)" '"opted_out": null'
check "its events as the CLI's, and one naming the officer" equals \
    "$(sqlite3 var/loa.db "SELECT detail FROM events WHERE kind = 'contacts.optin'")|$(sqlite3 var/loa.db "SELECT detail FROM events WHERE kind = 'web.contacts.optin'")" \
    "$(sqlite3 var2/loa.db "SELECT detail FROM events WHERE kind = 'contacts.optin'")|user=lan"
check "without its token: 403" equals "$(code -b jar -d "phone=0900000006" "$base/residents/optout")" 403
check "with a wrong token: 403" equals "$(code -b jar -d "csrf=$(wrong_token "$csrf")&phone=0900000006" "$base/residents/optout")" 403
check "nothing done by them" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM optouts WHERE phone = '+84900000006'")" 0

# ---- import: an .xlsx, checked then confirmed, as loa contacts import imports it
"$PY" - <<'PYEOF'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Danh sách"
ws.append(["Họ và tên", "Số điện thoại", "Xóm", "Ghi chú"])
ws.append(["Lê Văn Tám", 912300001, "DK", "mới"])
ws.append(["Đỗ Thị Chín", "0912300002", "Xóm Hòa Tiến", ""])
ws.append(["Bùi Thị Anh", "0900000001", "LM", "chuyển xóm"])
wb.save("moi.xlsx")
PYEOF
sqlite3 var/loa.db ".backup var2/loa.db"
before=$(sqlite3 var/loa.db "SELECT count(*) FROM contacts")
check "the .xlsx is checked (200)" equals "$(code -b jar -F "csrf=$csrf" -F "file=@moi.xlsx" "$base/residents/import")" 200
summary() { echo "$(xp 'string(//tr[@id="rows"]/td)') $(xp 'string(//tr[@id="new"]/td)') $(xp 'string(//tr[@id="updated"]/td)') $(xp 'string(//tr[@id="skipped"]/td)')|$(xp 'string(//tr[@id="unused"]/td)')"; }
check "its summary: 3 rows, 2 new, 1 updated, none left out; the column not used named" equals "$(summary)" "3 2 1 0|Ghi chú"
check "with a confirm button" equals "$(xp 'string(//form[@action="/residents/confirm"]//button[@id="import"])')" "Import 3 residents"
check "the check changed nothing" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts") $(sqlite3 var/loa.db "SELECT hamlet FROM contacts WHERE phone = '+84900000001'")" "$before DT"
check "the file waits in the database's folder, its name not the upload's" equals "$(ls -A var | grep -c '^\.import-')" 1
id=$(xp 'string(//form[@action="/residents/confirm"]//input[@name="id"]/@value)')
confirm_args=(-d "csrf=$csrf" -d "id=$id" --data-urlencode "name=moi.xlsx" -d "sheet=" -d "skip_invalid=0")
check "another officer's session cannot confirm it (410)" equals \
    "$(login hoa password-hoa jar4 >/dev/null; code -b jar4 -d "csrf=$(csrf_of jar4 /residents)" -d "id=$id" -d "name=moi.xlsx" "$base/residents/confirm")" 410
check "a confirmation without its token: 403" equals "$(code -b jar -d "id=$id" -d "name=moi.xlsx" "$base/residents/confirm")" 403
check "a made-up id: 400" equals "$(code -b jar -d "csrf=$csrf" -d "id=../../etc" -d "name=moi.xlsx" "$base/residents/confirm")" 400
check "still nothing changed" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts")" "$before"
check "confirmed (200)" equals "$(code -b jar "${confirm_args[@]}" "$base/residents/confirm")" 200
check "it imported what the summary said" equals "$(summary)" "3 2 1 0|Ghi chú"
check "2 residents more, one moved to LM" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts") $(sqlite3 var/loa.db "SELECT hamlet FROM contacts WHERE phone = '+84900000001'")" "$((before + 2)) LM"
run_cli2() { out=$(cli2 "$@" 2>"$T/.stderr2"); rc=$?; err=$(cat "$T/.stderr2"); }
run_cli2 contacts import moi.xlsx
check "loa contacts import says the same" contains "$out" "moi.xlsx: 3 rows: 2 new, 1 updated, 0 skipped as invalid"
check "and leaves the residents as the page did" equals "$(loa contacts list --json)" "$(cli2 contacts list --json)"
check "with an event naming the officer" equals "$(sqlite3 var/loa.db "SELECT detail FROM events WHERE kind = 'web.contacts.import'")" "user=lan"
check "and the import's own event, as the CLI's" equals "$(sqlite3 var/loa.db "SELECT detail FROM events WHERE kind = 'contacts.import' ORDER BY id DESC LIMIT 1")" \
    "$(sqlite3 var2/loa.db "SELECT detail FROM events WHERE kind = 'contacts.import' ORDER BY id DESC LIMIT 1")"
check "the waiting file is gone" equals "$(ls -A var | grep -c '^\.import-')" 0
check "the same confirmation again: 410, nothing more" equals "$(code -b jar "${confirm_args[@]}" "$base/residents/confirm")|$(sqlite3 var/loa.db "SELECT count(*) FROM contacts")" \
    "410|$((before + 2))"

# ---- a bad file: the CLI's FILE:ROW errors, nothing changed, nothing kept
printf 'Họ và tên,Số điện thoại,Xóm\nLê Văn Mười,0912300011,DK\nSai Số,12345,DK\nSai Xóm,0912300013,ZZ\n' > sai.csv
sqlite3 var/loa.db ".backup var2/loa.db"
before=$(sqlite3 var/loa.db "SELECT count(*) FROM contacts")
check "a bad file: 422" equals "$(code -b jar -F "csrf=$csrf" -F "file=@sai.csv" "$base/residents/import")" 422
run_cli2 contacts import sai.csv
page_errors() { xmllint --html --xpath '//ul[@id="errors"]/li' "$T/body" 2>/dev/null | sed 's#<li>##g; s#</li>#\n#g' | sed '/^$/d' | "$PY" -c 'import html, sys; sys.stdout.write(html.unescape(sys.stdin.read()))'; }
cli_rows() { printf '%s\n' "$err" | grep -v '^loa: ' | sed 's#/cfg2/loa.cfg#/config/loa.cfg#'; }
check "its errors are loa contacts import's, FILE:ROW first (its last line said on the page in words)" equals "$(page_errors)" "$(cli_rows)"
check "and the page says nothing was imported" contains "$(xp 'string(//p[@id="refused"])')" "2 of 3 rows are invalid: nothing was imported"
check "naming rows 3 and 4" contains "$(page_errors)" "sai.csv:4: hamlet 'ZZ'"
check "no confirm button" equals "$(xp 'count(//form[@action="/residents/confirm"])')" 0
check "nothing imported, nothing kept" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts") $(ls -A var | grep -c '^\.\(import\|upload\)-')" "$before 0"
check "leaving out the bad rows: 200, 2 left out in the summary" equals \
    "$(code -b jar -F "csrf=$csrf" -F "file=@sai.csv" -F skip_invalid=1 "$base/residents/import")|$(summary)" "200|3 1 0 2|-"
id=$(xp 'string(//form[@action="/residents/confirm"]//input[@name="id"]/@value)')
check "confirmed: the good row imported" equals "$(code -b jar -d "csrf=$csrf" -d "id=$id" -d "name=sai.csv" -d "skip_invalid=1" "$base/residents/confirm")|$(summary)" "200|3 1 0 2|-"
cli2 contacts import sai.csv --skip-invalid >/dev/null 2>&1
check "as loa contacts import --skip-invalid leaves them" equals "$(loa contacts list --json)" "$(cli2 contacts list --json)"

# ---- TCVN3: refused as the CLI refuses it, with the fix said
printf 'Hä vµ tªn,Sè ®iÖn tho¹i,Xãm\nNguyÔn V¨n An,0912345731,DK\nTrÇn ThÞ B×nh,0912345732,HT\n' > tcvn3.csv
check "a TCVN3 file: 422" equals "$(code -b jar -F "csrf=$csrf" -F "file=@tcvn3.csv" "$base/residents/import")" 422
run_cli2 contacts import tcvn3.csv
check "with loa contacts import's words, the fix included" equals "$(page_errors)" "$(cli_rows)"
check "which says how to convert it" contains "$(page_errors)" "chuyển mã sang Unicode"
check "nothing of it imported" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts WHERE phone LIKE '+8491234573_'")" 0
check "an upload without its token: 403" equals "$(code -b jar -F "file=@moi.xlsx" "$base/residents/import")" 403
check "with a wrong token: 403" equals "$(code -b jar -F "csrf=$(wrong_token "$csrf")" -F "file=@moi.xlsx" "$base/residents/import")" 403
check "a sheet that is not in the file: 422, named" equals "$(code -b jar -F "csrf=$csrf" -F "file=@moi.xlsx" -F "sheet=Khác" "$base/residents/import")|$(page_errors | grep -c 'Khác')" "422|1"

# ---- roles: the viewer reads, the operator does not see residents; neither changes anything
before=$(sqlite3 var/loa.db "SELECT count(*) FROM contacts") events=$(sqlite3 var/loa.db "SELECT count(*) FROM events WHERE kind NOT LIKE 'web.log%'")
check "the viewer reads the list" equals "$(login tuan password-tuan jar2 >/dev/null; code -b jar2 "$base/residents")" 200
check "without the import form" equals "$(xp 'count(//form[@action="/residents/import"])')" 0
check "and a number without its opt-out form" equals "$(code -b jar2 "$base/residents/0900000006")|$(xp 'count(//form[starts-with(@action, "/residents/opt")])')" "200|0"
csrf2=$(csrf_of jar2 /residents)
check "the viewer cannot opt out" equals "$(code -b jar2 -d "csrf=$csrf2&phone=0900000006" "$base/residents/optout")" 403
check "nor import" equals "$(code -b jar2 -F "csrf=$csrf2" -F "file=@moi.xlsx" "$base/residents/import")" 403
check "the operator cannot open the residents" equals "$(login minh password-minh jar3 >/dev/null; code -b jar3 "$base/residents")" 403
check "nor their API" equals "$(code -b jar3 "$base/api/residents")" 403
csrf3=$(csrf_of jar3 /broadcast)
check "nor opt out" equals "$(code -b jar3 -d "csrf=$csrf3&phone=0900000006" "$base/residents/optout")" 403
check "nor import" equals "$(code -b jar3 -F "csrf=$csrf3" -F "file=@moi.xlsx" "$base/residents/import")" 403
check "nothing changed by them (residents, opt-outs, events but logins)" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM contacts") $(sqlite3 var/loa.db "SELECT count(*) FROM optouts WHERE phone = '+84900000006'") $(sqlite3 var/loa.db "SELECT count(*) FROM events WHERE kind NOT LIKE 'web.log%'")" \
    "$before 0 $events"
stop_web
finish
