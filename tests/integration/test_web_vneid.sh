#!/usr/bin/env bash
# test_web_vneid — VNeID: the page's figures are `loa enroll summary --json`'s, with the bar chart; adding an entry,
# a correction, an opening balance and an official total and undoing an entry on the page leave the database as the
# matching `loa enroll …` leaves a copy of it; bad input is named by field and changes nothing; tokens; roles.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-15 09:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
step enroll opening DK 300 --date 2025-06-30
step enroll opening HT 250 --date 2025-06-30
step enroll add DK 12 --date 2026-12-05
step enroll add KV2 4 --date 2026-11-20
step enroll official DK 310 --date 2026-11-30
web_user lan officer
web_user tuan viewer
web_user minh operator
start_web
check "the officer logs in" equals "$(login lan password-lan jar)" 303
check "the VNeID page opens" equals "$(code -b jar "$base/vneid")" 200
check "it is in the navigation, marked as here" equals "$(xp 'string(//header//a[@class="here"]/@href)')" /vneid

# rows_of FILE: each hamlet's and the total's figures as the page shows them, one line each
rows_of() {
    local r
    for r in $(xp '//table[@id="summary"]//tr[@data-hamlet]/@data-hamlet' | sed 's/ data-hamlet="\([^"]*\)"/\1 /g') total; do
        local sel="//tr[@data-hamlet=\"$r\"]"
        [ "$r" = total ] && sel='//tr[@id="total"]'
        xp "concat('$r ', $sel/td[@class='month'], ' ', $sel/td[@class='cumulative'], ' ', $sel/td[@class='target'], ' ', \
$sel/td[@class='percent'], ' ', $sel/td[@class='per-month'], ' ', $sel/td[@class='per-day'], ' ', \
$sel/td[@class='official'], ' ', $sel/td[@class='official-date'], ' ', $sel/td[@class='difference'])"
    done
}
# rows_json: the same lines from `loa enroll summary --json`, formatted as the page formats them
rows_json() {
    loa enroll summary --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
def n(v): return "-" if v is None else "{:,}".format(v).replace(",", ".")
for f in s["hamlets"] + [dict(s["total"], hamlet="total")]:
    o = f["official"]
    d = "-" if not o else "/".join(reversed(o["date"].split("-")))
    pct = "-" if f["percent"] is None else ("%.1f%%" % f["percent"]).replace(".", ",")
    print(f["hamlet"], n(f["this_month"]), n(f["cumulative"]), n(f["target"]), pct, n(f["needed_per_month"]),
          n(f["needed_per_day"]), n(o["total"]) if o else "-", d, ("%+d" % o["difference"]) if o else "-")'
}
# same_text A B: the two texts are the same; else their unified diff
same_text() { diff -u <(printf '%s\n' "$1") <(printf '%s\n' "$2") >&2; }
page_same() { code -b "${1:-jar}" "$base/vneid" >/dev/null; same_text "$(rows_of)" "$(rows_json)"; }
check "every hamlet's figures and the total are loa enroll summary --json's" page_same
check "one row per current hamlet (the merged KV2 counts under KV)" equals \
    "$(xp 'count(//table[@id="summary"]//tr[@data-hamlet])') $(xp 'count(//tr[@data-hamlet="KV2"])')" "6 0"
check "DK: 12 this month, 312 in all, the police's 310 of 30/11/2026, loa counting 300 that day" equals \
    "$(xp 'concat(//tr[@data-hamlet="DK"]/td[@class="month"], " ", //tr[@data-hamlet="DK"]/td[@class="cumulative"], " ", //tr[@data-hamlet="DK"]/td[@class="official"], " ", //tr[@data-hamlet="DK"]/td[@class="official-date"], " ", //tr[@data-hamlet="DK"]/td[@class="difference"])')" \
    "12 312 310 30/11/2026 -10"
check "the target and the days left to it" contains "$(xp 'string(//p[@id="target"])')" "2.500"
# the chart: a background, then per hamlet its track and its bar, its name and its figures
check "the chart has one bar per hamlet" equals "$(xp 'count(//figure[@id="chart"]//rect)')" 13
chart_values() {
    loa enroll summary --json | python3 -c '
import json, sys
for f in json.load(sys.stdin)["hamlets"]:
    n = lambda v: "{:,}".format(v).replace(",", ".")
    print(f["name"] + "\t" + n(f["cumulative"]) + " / " + n(f["target"]) + " (" + ("%.1f" % f["percent"]).replace(".", ",") + "%)")' |
    while IFS=$'\t' read -r name fig; do
        [ "$(xp "count(//figure[@id='chart']//*[local-name()='text'][.='$name']/following-sibling::*[local-name()='text'][1][.='$fig'])")" = 1 ] ||
            { echo "    no bar for $name with $fig" >&2; return 1; }
    done
}
check "each bar is labelled with its hamlet and its cumulative / target (%)" chart_values
check "the latest entries are listed, newest first" equals \
    "$(xp '//table[@id="entries"]//tr/@data-id' | grep -o '[0-9][0-9]*' | tr '\n' ' ')" "5 4 3 2 1 "

# post PATH DATA: the form as a browser sends it, with the session's token: urlencoded, or multipart/form-data when
# DATA holds a file (file=@NAME&…); the status code
post() {
    local path=$1 data=$2 part args=(-F "csrf=$csrf")
    case $data in
        *=@*) IFS='&' read -ra parts <<<"$data"
              for part in "${parts[@]}"; do args+=(-F "$part"); done
              code -b jar "${args[@]}" "$base$path" ;;
        *) code -b jar -d "csrf=$csrf&$data" "$base$path" ;;
    esac
}
# same_as_cli WHAT CLI-ARGS… -- CURL-DATA: the page's form on the database, `loa enroll CLI-ARGS…` on a copy taken
# just before; both leave the same enrollments (the row's moment of recording aside)
rows() { sqlite3 "$1" "SELECT id, hamlet, count, day, kind, source, reporter, note, inbox_id, undoes FROM enrollments ORDER BY id"; }
same_as_cli() {
    local what=$1 path=$2 data=$3
    shift 3
    rm -rf copy && mkdir -p copy/var copy/campaigns && cp -r config copy/ && sqlite3 var/loa.db ".backup copy/var/loa.db"
    local c
    c=$(post "$path" "$data")
    check "$what: 303" equals "$c" 303
    loa -c copy/config/loa.cfg enroll "$@" >/dev/null 2>"$T/cli.err" || cat "$T/cli.err" >&2
    check "$what: the same database as loa enroll $*" same_text "$(rows var/loa.db)" "$(rows copy/var/loa.db)"
}
check "/api/vneid is loa enroll summary --json" api_same /api/vneid jar enroll summary --json
csrf=$(csrf_of jar /vneid)
same_as_cli "an entry" /vneid/add "hamlet=LM&count=7&date=2026-12-10&note=h%E1%BB%8Dp+x%C3%B3m" add LM 7 --date 2026-12-10 --note "họp xóm"
check "the page names what was recorded" equals "$(code -b jar "$base$(header Location)" >/dev/null; xp 'string(//p[@id="done"])')" \
    "Entry 6 recorded: LM +7 on 10/12/2026."
same_as_cli "a correction (negative entry)" /vneid/add "hamlet=LM&count=-2&date=2026-12-10" add LM -2 --date 2026-12-10
same_as_cli "an entry without a date counts today" /vneid/add "hamlet=CD&count=3" add CD 3
same_as_cli "a hamlet by its name" /vneid/add "hamlet=x%C3%B3m+c%C3%A2y+%C4%91a&count=1" add "xóm cây đa" 1
same_as_cli "an opening balance" /vneid/opening "hamlet=LM&count=120&date=2025-06-30" opening LM 120 --date 2025-06-30
same_as_cli "an official total" /vneid/official "hamlet=HT&count=255&date=2026-12-01" official HT 255 --date 2026-12-01
check "the page still shows the summary's figures" page_same
check "events name the officer" equals \
    "$(sqlite3 var/loa.db "SELECT kind || ' ' || ref || ' ' || detail FROM events WHERE kind LIKE 'web.enroll.%' ORDER BY id" | tr '\n' ';')" \
    "web.enroll.add entry=6 LM 7 user=lan;web.enroll.add entry=7 LM -2 user=lan;web.enroll.add entry=8 CD 3 user=lan;web.enroll.add entry=9 CD 1 user=lan;web.enroll.opening entry=10 LM 120 user=lan;web.enroll.official entry=11 HT 255 user=lan;"

same_as_cli "the same entry again" /vneid/add "hamlet=CD&count=3" add CD 3
check "is recorded, with the earlier one named" contains \
    "$(code -b jar "$base$(header Location)" >/dev/null; xp 'string(//p[@id="duplicate"])')" "Entry 8 has the same hamlet, count and date"
code -b jar "$base/vneid" >/dev/null
check "undo buttons beside the entries that can be undone" equals \
    "$(xp 'count(//tr[@data-id="12"]//button[@class="undo"]) + count(//tr[@data-id="10"]//button[@class="undo"])')" 1
same_as_cli "undo" /vneid/undo "id=12" undo 12
check "the page names the undo" equals "$(code -b jar "$base$(header Location)" >/dev/null; xp 'string(//p[@id="done"])')" \
    "Entry 13 undoes entry 12."
check "the undone entry has no button any more" equals "$(xp 'count(//tr[@data-id="12"]//button)') $(xp 'string(//tr[@data-id="12"]/td[9])')" "0 undone"
check "an event for the undo" equals "$(sqlite3 var/loa.db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.enroll.undo'")" \
    "entry=12 undo=13 user=lan"

# refused FORM DATA FIELD MESSAGE: a 400, the error beside FIELD in FORM (for undo: above the entries), nothing recorded
refused() {
    local before after c where="//form[@class='$1']//span[@class='error'][@data-field='$3']"
    [ "$1" = undo ] && where='//p[@id="undo-error"]'
    before=$(rows var/loa.db | md5sum)
    c=$(post "/vneid/$1" "$2")
    after=$(rows var/loa.db | md5sum)
    check "$1 $2: 400, nothing recorded" equals "$c $after" "400 $before"
    check "$1 $2: the error beside $3" contains "$(xp "string($where)")" "$4"
}
refused add "hamlet=ZZ&count=3" hamlet "hamlet 'ZZ' is not one of the hamlets"
refused add "count=3" hamlet "hamlet '' is not one of the hamlets"
check "no hamlet is chosen for her: the list starts empty" equals \
    "$(code -b jar "$base/vneid" >/dev/null; xp 'string(//form[@class="add"]//select/option[1]/@value)')|$(xp 'count(//form[@class="add"]//option[@selected])')" "|0"
refused add "hamlet=DK&count=abc" count "count 'abc' is not a whole number"
refused add "hamlet=DK&count=" count "is not a whole number"
refused add "hamlet=DK&count=0" count "a count of 0 changes nothing"
refused add "hamlet=DK&count=200000" count "is not believable for one entry"
refused add "hamlet=DK&count=3&date=2026-12-16" date "date 16/12/2026 is in the future (today is 15/12/2026)"
refused add "hamlet=DK&count=3&date=2026-13-01" date "date '2026-13-01' is not a date"
refused add "hamlet=DK&count=3&date=yesterday" date "date 'yesterday' is not a date"
refused opening "hamlet=DK&count=-5&date=2025-06-30" count "must be between 0 and"
refused add "hamlet=DK&count=3&note=$(printf 'x%.0s' $(seq 1100))" note "Too long for this field."
refused opening "hamlet=DK&count=5" date "A date is needed"
refused official "hamlet=QQ&count=5&date=2026-12-01" hamlet "hamlet 'QQ' is not one of the hamlets"
refused official "hamlet=DK&count=5&date=31/02/2026" date "is not a date"
check "the values typed are kept in the form" equals "$(xp 'string(//form[@class="official"]//input[@name="count"]/@value)')" 5
check "the error is said at the top of the page too" equals "$(xp 'count(//p[@id="form-error"])')" 1
refused undo "id=12" id "entry 12 was already undone by entry 13"
refused undo "id=13" id "13 is itself the undo of entry 12"
refused undo "id=10" id "is an opening total, not an entry"
refused undo "id=999" id "no enrollment entry 999"
refused undo "id=x" id "'x' is not an entry number"

# The police's list, uploaded: as `loa enroll import` on a copy; a list imported again, a repeated row, bad rows refused
mkdir -p up
cat >up/tuan49.csv <<'CSV'
ngay,xom,so,ghi chu
2026-12-07,DK,5,
2026-12-07,HT,3,tuần 49
08/12/2026,Xóm Làng Mới,2,
CSV
same_as_cli "an import of the police's CSV" /vneid/import "file=@up/tuan49.csv" import up/tuan49.csv
check "the page says how many entries it recorded" equals "$(code -b jar "$base$(header Location)" >/dev/null; xp 'string(//p[@id="done"])')" \
    "Imported: 3 entries recorded."
check "the rows' notes name the file and row, as the CLI's" equals "$(sqlite3 var/loa.db "SELECT note FROM enrollments WHERE source = 'import' ORDER BY id" | tr '\n' ' ')" \
    "tuan49.csv:2 tuần 49 tuan49.csv:4 "
check "an event names the officer and the file" equals \
    "$(sqlite3 var/loa.db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.enroll.import'")" "tuan49.csv rows=3 skipped=0 user=lan"
refused import "file=@up/tuan49.csv" file "3 rows of tuan49.csv were already imported; nothing was imported"
refused import "file=@up/tuan49.csv&skip_repeated=1" file "tuan49.csv: this very list was already imported"
cat >up/tuan50.csv <<'CSV'
ngay,xom,so
2026-12-07,DK,5
2026-12-14,DK,4
CSV
refused import "file=@up/tuan50.csv" file "1 row of tuan50.csv was already imported; nothing was imported"
check "the repeated row is named, with the entry that holds it" contains "$(xp 'string(//pre[@id="import-rows"])')" \
    "tuan50.csv:2: 07/12/2026 DK 5 was already imported (entry 14)"
same_as_cli "the same list, the rows already imported skipped" /vneid/import "file=@up/tuan50.csv&skip_repeated=1" import up/tuan50.csv --skip-repeated
check "the page says one row was skipped" equals "$(code -b jar "$base$(header Location)" >/dev/null; xp 'string(//p[@id="done"])')" \
    "Imported: 1 entry recorded. 1 row already imported was skipped."
cat >up/sai.csv <<'CSV'
ngay,xom,so
2026-12-10,ZZ,3
2026-12-10,DK,ba
2026-12-20,DK,3
10-12-2026,DK,3
2026-12-10,HT,2
CSV
refused import "file=@up/sai.csv" file "4 bad rows in sai.csv; nothing was imported"
for want in "sai.csv:2: hamlet 'ZZ' is not one of the hamlets" "sai.csv:3: count 'ba' is not a whole number" \
    "sai.csv:4: date 20/12/2026 is in the future" "sai.csv:5: date '10-12-2026' is not YYYY-MM-DD or dd/mm/yyyy"; do
    check "each bad row named: ${want%%:*}:${want#*:}" contains "$(xp 'string(//pre[@id="import-rows"])')" "$want"
done
/usr/bin/python3 - <<'EOF'
import datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["Ngày", "Xóm", "Số tài khoản", "Ghi chú"])
ws.append([datetime.date(2026, 12, 11), "Đồng Tâm", 6, "danh sách công an"])
ws.append([datetime.date(2026, 12, 12), "khe vang 2", 2, None])
wb.save("up/tuan50.xlsx")
EOF
same_as_cli "an import of an Excel list" /vneid/import "file=@up/tuan50.xlsx" import up/tuan50.xlsx
# typed with a TCVN3 font and saved as it is: the bytes are not UTF-8 ("Xãm §ång KiÖm")
printf 'ngay,xom,so,ghi chu\n2026-12-10,DK,3,X\xb8m \xa7\xabng Ki\xd6m\n' >up/tcvn3.csv
refused import "file=@up/tcvn3.csv" file "Nothing was imported."
check "a TCVN3 file: said so, with the way out" contains "$(xp 'string(//pre[@id="import-rows"])')" \
    "tcvn3.csv: the file is not UTF-8 (Windows-1258 or TCVN3?): nothing was imported"
: >up/trong.csv
refused import "file=@up/trong.csv&skip_repeated=1" file "Choose the file to import"
refused import "skip_repeated=1" file "Choose the file to import"
check "the page still shows the summary's figures" page_same
before=$(rows var/loa.db | md5sum)
printf '2026-12-13,CD,9\n' >up/moi.csv
check "an upload without its token: 403" equals "$(code -b jar -F "file=@up/moi.csv" "$base/vneid/import")" 403
check "an upload with a wrong token: 403" equals "$(code -b jar -F "csrf=$(wrong_token "$csrf")" -F "file=@up/moi.csv" "$base/vneid/import")" 403
check "nothing recorded by them" equals "$(rows var/loa.db | md5sum)" "$before"

before=$(rows var/loa.db | md5sum)
check "without its token: 403" equals "$(code -b jar -d "hamlet=DK&count=3" "$base/vneid/add")" 403
check "with a wrong token: 403" equals "$(code -b jar -d "csrf=$(wrong_token "$csrf")&hamlet=DK&count=3" "$base/vneid/add")" 403
check "undo with a wrong token: 403" equals "$(code -b jar -d "csrf=$(wrong_token "$csrf")&id=8" "$base/vneid/undo")" 403
check "nothing recorded by them" equals "$(rows var/loa.db | md5sum)" "$before"

check "the viewer reads the page" equals "$(login tuan password-tuan jar2 >/dev/null; code -b jar2 "$base/vneid")" 200
check "with its figures" page_same jar2
check "without forms or undo buttons" equals "$(code -b jar2 "$base/vneid" >/dev/null; xp 'count(//form[starts-with(@action, "/vneid")])')" 0
csrf2=$(csrf_of jar2 /vneid)
check "the viewer cannot add" equals "$(code -b jar2 -d "csrf=$csrf2&hamlet=DK&count=3" "$base/vneid/add")" 403
check "the operator cannot open the page" equals "$(login minh password-minh jar3 >/dev/null; code -b jar3 "$base/vneid")" 403
check "nothing recorded by them" equals "$(rows var/loa.db | md5sum)" "$before"
stop_web

# In Vietnamese, as the officer reads it: the headings and an error beside its field from the catalog
export LANGUAGE=vi
start_web
check "Vietnamese: the page opens" equals "$(code -b jar "$base/vneid")" 200
check "Vietnamese: the headings" equals "$(xp 'string(//table[@id="summary"]//th[4])') / $(xp 'string(//table[@id="summary"]//th[8])')" \
    "Lũy kế / Cần mỗi ngày"
code -b jar -d "csrf=$csrf&hamlet=DK&count=abc" "$base/vneid/add" >/dev/null
check "Vietnamese: the error beside the count" equals "$(xp 'string(//form[@class="add"]//span[@data-field="count"])')" \
    "'abc' không phải là số nguyên"
stop_web
finish
