#!/usr/bin/env bash
# test_web_reports — Báo cáo: each period's report with its state as `loa report list` gives it; making one on the
# page as `loa report monthly` makes it (the same files and database row, an event naming the officer), frozen
# (made again: nothing changes), remade only when asked and confirmed; a period not ended or a bad period refused
# by field with nothing written; the downloads the CLI's bytes, as attachments; the official document's print
# view; tokens and roles.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-10 09:00"
setup_commune
cd "$T"
# The level above and the signature block from the configuration (report_doc keys, as in test_reports.sh).
sed -i 's/  day = 10;/  day = 10;\n  issuer_parent = "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN";\n  signer_name = "Nguyễn Thị Lan";/' config/loa.cfg
step check
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
step enroll opening DK 300 --date 2026-06-30
step enroll add DK 12 --date 2026-11-05
step enroll add KV 4 --date 2026-11-20
web_user lan officer
web_user tuan viewer
web_user minh operator
start_web
db() { sqlite3 var/loa.db "$@"; }
# the database's report row without who made it, its moment to the minute
row_of() { sqlite3 "$1" "SELECT period, made / 60, last_entry, residents, targets, hamlet_targets FROM reports WHERE period = '$2'"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# a copy of the whole setup (config, campaigns, the database through SQLite's backup) in $T/$1
copy_to() {
    rm -rf "$T/$1"
    mkdir -p "$T/$1/var"
    cp -a "$T/config" "$T/campaigns" "$T/$1/"
    sqlite3 var/loa.db ".backup '$T/$1/var/loa.db'"
}
# the CLI in the copy $1, at the minute the page made period $2 (monthly.2026-11), with the rest as arguments
cli_in() {
    local dir=$1 period=$2
    shift 2
    local at
    at=$(db "SELECT strftime('%Y-%m-%d %H:%M', made, 'unixepoch', '+7 hours') FROM reports WHERE period = '$period'")
    (clock "$at"; LOA_CONFIG="$T/$dir/config/loa.cfg" loa "$@" >/dev/null 2>"$T/cli.err")
}
# the rows of the page's table and of `loa report list --json`, one line each: kind period state made by
page_rows() {
    python3 -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.rows = []; s.cell = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "tr" and "data-kind" in a: s.rows.append({"kind": a["data-kind"], "period": a["data-period"], "state": a["data-state"]})
        elif tag == "span" and s.rows and a.get("class") in ("made", "by"): s.cell = a["class"]; s.rows[-1][s.cell] = ""
    def handle_endtag(s, tag):
        if tag == "span": s.cell = None
    def handle_data(s, d):
        if s.cell: s.rows[-1][s.cell] += d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
for r in p.rows: print(r["kind"], r["period"], r["state"], r.get("made", "-"), r.get("by", "-"), sep="|")' "$T/body"
}
cli_rows() {
    loa report list --json | python3 -c '
import json, sys
for r in json.load(sys.stdin): print(r["kind"], r["period"], r["state"], r["made"] or "-", r["made_by"] or "-", sep="|")'
}

check "the officer logs in" equals "$(login lan password-lan jar)" 303
check "the reports page opens" equals "$(code -b jar "$base/reports")" 200
check "the navigation leads to it" equals "$(xp 'string(//header//a[@href="/reports"]/@class)')" "here"
check "its list is loa report list's, row by row" equals "$(page_rows)" "$(cli_rows)"
check "/api/reports is loa report list --json" api_same /api/reports jar report list --json
code -b jar "$base/reports" >/dev/null
check "it lists the months from the first entry (June) to this one" equals \
    "$(xp 'count(//tr[@data-kind="monthly"])') $(xp 'string(//tr[@data-kind="monthly"][last()]/@data-period)')" "7 2026-06"
check "November: not made yet, with its button" equals \
    "$(xp 'string(//tr[@data-period="2026-11"]/@data-state)') $(xp 'count(//tr[@data-period="2026-11"]//button[@class="make"])')" "not made 1"
check "December: not due, no button" equals \
    "$(xp 'string(//tr[@data-period="2026-12"]/@data-state)') $(xp 'count(//tr[@data-period="2026-12"]//button)')" "not due 0"
check "nothing to download before a report is made" equals "$(xp 'count(//tr[@data-period="2026-11"]//td[@class="files"]/a)')" 0
csrf=$(csrf_of jar /reports)

# ---- refused, each by its field, with nothing written
nothing_written() { [ ! -e var/reports ] && [ "$(db "SELECT count(*) FROM reports") $(db "SELECT count(*) FROM events WHERE kind LIKE 'web.report%'")" = "0 0" ]; }
post() { code -b jar --data-urlencode "csrf=$csrf" "$@" "$base/reports/make"; }
check "a period not ended: 400" equals "$(post -d kind=monthly -d period=2026-12)" 400
check "… said beside the period" contains "$(xp 'string(//span[@id="err-period"])')" "2026-12 has not ended (it runs to 31/12/2026)"
check "… the year running too" equals "$(post -d kind=annual -d period=2026) $(xp 'count(//span[@id="err-period"])')" "400 1"
check "… and its half" equals "$(post -d kind=half-year -d period=2026-H2) $(xp 'count(//span[@id="err-period"])')" "400 1"
check "a month 13: 400" equals "$(post -d kind=monthly -d period=2026-13)" 400
check "… said beside the period, with the shape" contains "$(xp 'string(//span[@id="err-period"])')" "'2026-13' is not a period: write it as YYYY-MM"
check "… the form keeps what was written" equals "$(xp 'string(//form[@action="/reports/make"][1]//input[@name="period"]/@value)')" "2026-13"
check "a half that is not H1 or H2: 400" equals "$(post -d kind=half-year -d period=2026-H3) $(xp 'count(//span[@id="err-period"])')" "400 1"
check "a month for a year: 400" equals "$(post -d kind=annual -d period=2026-11) $(xp 'count(//span[@id="err-period"])')" "400 1"
check "text with markup: 400, shown as text" equals "$(post -d kind=monthly --data-urlencode 'period=<b>x</b>') $(xp 'count(//span[@id="err-period"]/b)')" "400 0"
check "no period: 400" equals "$(post -d kind=monthly -d period=) $(xp 'count(//span[@id="err-period"])')" "400 1"
check "an unknown kind: 400, said beside the kind" equals "$(post -d kind=weekly -d period=2026-11) $(xp 'count(//span[@id="err-kind"])')" "400 1"
check "no kind: 400" equals "$(post -d period=2026-11) $(xp 'count(//span[@id="err-kind"])')" "400 1"
check "without its token: 403" equals "$(code -b jar -d kind=monthly -d period=2026-11 "$base/reports/make")" 403
check "with a wrong token: 403" equals \
    "$(code -b jar -d "csrf=$(wrong_token "$csrf")" -d kind=monthly -d period=2026-11 "$base/reports/make")" 403
check "none of that wrote a file, a row or an event" nothing_written

# ---- the viewer reads and downloads, never makes; the operator does not see reports
check "the viewer opens the reports" equals "$(login tuan password-tuan jar2 >/dev/null; code -b jar2 "$base/reports")" 200
check "… without a form" equals "$(xp 'count(//form[contains(@action, "/reports")])')" 0
csrf2=$(csrf_of jar2 /reports)
check "… and cannot make one: 403" equals "$(code -b jar2 -d "csrf=$csrf2" -d kind=monthly -d period=2026-11 "$base/reports/make")" 403
check "the operator cannot open them: 403" equals "$(login minh password-minh jar3 >/dev/null; code -b jar3 "$base/reports")" 403
check "still nothing written" nothing_written

# ---- made on the page as the CLI makes it
copy_to cli
check "November made on the page: 303 to the list" equals "$(post -d kind=monthly -d period=2026-11) $(header Location)" "303 /reports"
d=var/reports/2026-11
check "its three files written" test -f "$d/bao-cao-2026-11.csv" -a -f "$d/bao-cao-2026-11.xlsx" -a -f "$d/bao-cao-2026-11.html"
check "an event naming the officer" equals "$(db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.report.make'")" "monthly.2026-11 user=lan"
check "the row says who made it" equals "$(db "SELECT made_by FROM reports WHERE period = 'monthly.2026-11'")" "lan"
cli_in cli monthly.2026-11 report monthly --month 2026-11
check "the CLI made it in a copy" test -f cli/var/reports/2026-11/bao-cao-2026-11.csv
for x in csv xlsx html; do
    check "the page's $x is the CLI's, byte for byte" equals "$(sha "$d/bao-cao-2026-11.$x")" "$(sha "cli/var/reports/2026-11/bao-cao-2026-11.$x")"
done
check "the database row is the CLI's" equals "$(row_of var/loa.db monthly.2026-11)" "$(row_of cli/var/loa.db monthly.2026-11)"
run report list
check "loa report list says it in words" contains "$out" "monthly    2026-11  made         $(db "SELECT strftime('%Y-%m-%d %H:%M:%S', made, 'unixepoch', '+7 hours') FROM reports WHERE period = 'monthly.2026-11'")  lan"
check "… which records no maker" equals "$(sqlite3 cli/var/loa.db "SELECT coalesce(made_by, '-') FROM reports")" "-"
code -b jar "$base/reports" >/dev/null
check "the list says made, when and by whom, as loa report list does" equals "$(page_rows)" "$(cli_rows)"
check "… made by lan" equals "$(xp 'string(//tr[@data-period="2026-11"]/@data-state)') $(xp 'string(//tr[@data-period="2026-11"]//span[@class="by"])')" "made lan"
check "… with a remake form and no make button" equals \
    "$(xp 'count(//tr[@data-period="2026-11"]//button[@class="remake"]) + count(//tr[@data-period="2026-11"]//input[@name="confirm"][@required])') $(xp 'count(//tr[@data-period="2026-11"]//button[@class="make"])')" "2 0"

# ---- downloads: the CLI's bytes, attachments with their names, never sniffed
types=""
for x in csv xlsx html; do
    check "GET bao-cao-2026-11.$x: 200" equals "$(code -b jar "$base/reports/2026-11/bao-cao-2026-11.$x")" 200
    check "… the CLI's file" equals "$(sha "$T/body")" "$(sha "cli/var/reports/2026-11/bao-cao-2026-11.$x")"
    check "… an attachment named bao-cao-2026-11.$x" equals "$(header Content-Disposition)" "attachment; filename=\"bao-cao-2026-11.$x\""
    check "… not sniffed" equals "$(header X-Content-Type-Options)" "nosniff"
    types="$types $(header Content-Type | tr -d ' ')"
done
check "each with its type" equals "$types" \
    " text/csv;charset=utf-8 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet text/html;charset=utf-8"
check "the viewer downloads it too" equals "$(code -b jar2 "$base/reports/2026-11/bao-cao-2026-11.xlsx") $(sha "$T/body")" \
    "200 $(sha "$d/bao-cao-2026-11.xlsx")"
check "a report not made: 404" equals "$(code -b jar "$base/reports/2026-10/bao-cao-2026-10.csv")" 404
check "another period's name: 404" equals "$(code -b jar "$base/reports/2026-11/bao-cao-2026-10.csv")" 404
check "another extension: 404" equals "$(code -b jar "$base/reports/2026-11/bao-cao-2026-11.db")" 404
check "a path out of the folder: 404" equals "$(code -b jar --path-as-is "$base/reports/2026-11/../../loa.db")" 404
check "not a period: 404" equals "$(code -b jar "$base/reports/config/loa.cfg")" 404
check "without a session: to the login page" equals "$(code "$base/reports/2026-11/bao-cao-2026-11.csv") $(header Location)" "303 /login"

# ---- the print view: the official document (Decree 30/2020), styled for A4
check "the print view opens" equals "$(code -b jar "$base/reports/2026-11/print")" 200
check "… inline, as a page" equals "$(header Content-Disposition)" ""
check "… its own inline style allowed, no script" equals "$(header Content-Security-Policy)" \
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
check "… for A4, with print rules" equals "$(xp 'contains(//style[1], "@page{size:A4") and contains(//style[1], "@media print")')" true
check "… the level above, from the configuration" equals "$(xp 'string(//p[@class="parent"])')" "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
check "… the commune as issuer" equals "$(xp 'string(//p[@class="body"])')" "ỦY BAN NHÂN DÂN XÃ MINH TIẾN"
check "… the national motto" equals "$(xp 'string(//p[@class="nation"])') / $(xp 'string(//p[@class="motto"])')" \
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"
check "… place and date" equals "$(xp 'string(//p[@class="date"])')" "Minh Tiến, ngày 10 tháng 12 năm 2026"
check "… the title and the period" equals "$(xp 'string(//h1)') $(xp 'contains(//p[@class="summary"], "tháng 11/2026")')" "BÁO CÁO true"
check "… the figures" equals "$(xp 'string((//tr[@class="total"])[1]/td[4])')" "316"
check "… the signature block, the signer from the configuration" equals \
    "$(xp 'string(//td[@class="signer"]/p[2])') $(xp 'string(//td[@class="signer"]/p[4])')" "CHỦ TỊCH Nguyễn Thị Lan"
check "… the recipients" equals "$(xp 'count(//td[@class="recipients"]/p)') $(xp 'string(//td[@class="recipients"]/p[1])')" "3 Nơi nhận:"
check "… a way back, hidden when printed" equals \
    "$(xp 'string(//p[@class="loa-bar"]/a/@href)') $(xp 'count(//style[contains(., "@media print{.loa-bar{display:none}}")])')" "/reports 1"
check "… with loa's icon" equals "$(xp 'string(//link[@rel="icon"]/@href)')" "/favicon.svg"
check "… otherwise the HTML file as written" equals "$(grep -v 'loa-bar\|favicon' "$T/body" | sha256sum | cut -d' ' -f1)" "$(sha "$d/bao-cao-2026-11.html")"
check "a print view of a report not made: 404" equals "$(code -b jar "$base/reports/2026-10/print")" 404

# ---- frozen: made again without the remake, nothing changes, even after the data did
step enroll add HT 40 --date 2026-11-25
touch -d "2026-01-01" "$d/bao-cao-2026-11.csv"
before="$(sha "$d/bao-cao-2026-11.csv") $(stat -c %Y "$d/bao-cao-2026-11.csv") $(row_of var/loa.db monthly.2026-11)"
check "made again: 409" equals "$(post -d kind=monthly -d period=2026-11)" 409
check "… saying it is frozen and how to remake it" contains "$(xp 'string(//p[@id="message"])')" "is frozen: nothing was changed"
check "… its file and row untouched" equals "$(sha "$d/bao-cao-2026-11.csv") $(stat -c %Y "$d/bao-cao-2026-11.csv") $(row_of var/loa.db monthly.2026-11)" "$before"
check "a remake without its confirmation: 400" equals "$(post -d kind=monthly -d period=2026-11 -d remake=1)" 400
check "… said beside the box" contains "$(xp 'string(//span[@id="err-confirm"])')" "Tick the box"
check "… nothing changed" equals "$(sha "$d/bao-cao-2026-11.csv") $(stat -c %Y "$d/bao-cao-2026-11.csv") $(row_of var/loa.db monthly.2026-11)" "$before"
check "… no event" equals "$(db "SELECT count(*) FROM events WHERE kind LIKE 'web.report%'")" 1

# ---- remade when asked and confirmed: counted again, as loa report --recompute does
copy_to cli2
check "a confirmed remake: 303" equals "$(post -d kind=monthly -d period=2026-11 -d remake=1 -d confirm=1)" 303
check "… counts the late entry" contains "$(cat "$d/bao-cao-2026-11.csv")" "Tổng,Xã Minh Tiến,56,356,2500"
check "… an event naming the officer" equals "$(db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.report.remake'")" "monthly.2026-11 user=lan"
cli_in cli2 monthly.2026-11 report monthly --month 2026-11 --recompute
for x in csv xlsx html; do
    check "… its $x is loa report --recompute's" equals "$(sha "$d/bao-cao-2026-11.$x")" "$(sha "cli2/var/reports/2026-11/bao-cao-2026-11.$x")"
done
check "… and its row" equals "$(row_of var/loa.db monthly.2026-11)" "$(row_of cli2/var/loa.db monthly.2026-11)"

# ---- the other kinds from the form
check "the first half made from the form" equals "$(post -d kind=half-year -d period=2026-H1)" 303
check "… its files" test -f var/reports/2026-H1/bao-cao-2026-H1.xlsx
check "last year's report" equals "$(post -d kind=annual -d period=2025) $(db "SELECT made_by FROM reports WHERE period = 'annual.2025'")" "303 lan"
code -b jar "$base/reports" >/dev/null
check "the list, as loa report list's" equals "$(page_rows)" "$(cli_rows)"
check "… and /api/reports" api_same /api/reports jar report list --json
code -b jar "$base/reports" >/dev/null
check "… both made, last year's too, with the months back to its start" equals \
    "$(xp 'string(//tr[@data-period="2026-H1"]/@data-state)') $(xp 'string(//tr[@data-kind="annual"][@data-period="2025"]/@data-state)') $(xp 'string(//tr[@data-kind="monthly"][last()]/@data-period)')" \
    "made made 2025-01"

# ---- a report of a month still running (the CLI makes one, "tính đến ngày …") is never taken as made
run report monthly --month 2026-12
check "the CLI writes December so far" contains "$(cat var/reports/2026-12/bao-cao-2026-12.html)" "(tính đến ngày 10/12/2026)"
check "… without freezing it" equals "$(db "SELECT count(*) FROM reports WHERE period = 'monthly.2026-12'")" 0
code -b jar "$base/reports" >/dev/null
check "… the list still says not due" equals "$(xp 'string(//tr[@data-period="2026-12"]/@data-state)') $(xp 'count(//tr[@data-period="2026-12"]//button)')" "not due 0"
check "… its files offered as they are" equals "$(xp 'count(//tr[@data-period="2026-12"]//td[@class="files"]/a)')" 4
check "… and the page still refuses to make it" equals "$(post -d kind=monthly -d period=2026-12) $(xp 'count(//span[@id="err-period"])')" "400 1"
stop_web

# ---- in Vietnamese, as the officer reads it
LANGUAGE=vi start_web
check "the officer logs in (vi)" equals "$(login lan password-lan jar)" 303
check "the page is Báo cáo" equals "$(code -b jar "$base/reports" >/dev/null; xp 'string(//h1)') / $(xp 'string(//header//a[@href="/reports"])')" "Báo cáo / Báo cáo"
check "… November's state in the words of loa report list" equals "$(xp 'normalize-space(//tr[@data-period="2026-11"]/td[@class="state"]/text())')" "đã lập"
csrf=$(csrf_of jar /reports)
post -d kind=monthly -d period=2026-13 >/dev/null
check "a bad period is said in Vietnamese beside its field" equals "$(xp 'string(//span[@id="err-period"])')" \
    "'2026-13' không phải kỳ báo cáo: ghi theo dạng YYYY-MM."
post -d kind=monthly -d period=2026-12 >/dev/null
check "… and a period not ended" equals "$(xp 'string(//span[@id="err-period"])')" \
    "Kỳ 2026-12 chưa kết thúc (đến hết ngày 31/12/2026): chưa lập được báo cáo."
stop_web
finish
