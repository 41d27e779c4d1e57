#!/usr/bin/env bash
# test_web_month — an officer runs a month of work without a terminal: residents in, a campaign written and sent,
# replies read and answered, activations counted, the month's report made and printed — on the page alone (curl),
# with `loa run` sending through Gammu's dummy phone. Residents' and hamlet heads' SMS arrive on the dummy phone as
# their phones would send them. The CLI is used only to look.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 08:30"
setup_commune
cd "$T"
web_user lan officer
db() { sqlite3 var/loa.db "$@"; }
# the officer's POST to PATH with the form's token and the fields given
post() { local path=$1; shift; code -b jar --data-urlencode "csrf=$csrf" "$@" "$base$path"; }
# queue counts as the overview's /api/status gives them: "queued sending sent"
queue() {
    code -b jar "$base/api/status" >/dev/null
    python3 -c 'import json, sys; q = json.load(open(sys.argv[1]))["queue"]; print(q.get("queued", 0), q.get("sending", 0), q.get("sent", 0))' "$T/body"
}
# wait_sent N: until nothing is queued or sending and N are sent, at most 60 s (the page's own counts)
wait_sent() {
    for _ in $(seq 300); do [ "$(queue)" = "0 0 $1" ] && return 0; sleep 0.2; done
    echo "    queue: $(queue)" >&2
    return 1
}
# wait_inbox N: until the service has stored N received messages, at most 60 s
wait_inbox() {
    for _ in $(seq 300); do [ "$(db "SELECT count(*) FROM inbox")" -ge "$1" ] && return 0; sleep 0.2; done
    return 1
}
start_run() {
    loa_daemon --log-file "$T/run-$1.log" run &
    runner=$!
    fakes="$fakes $runner"   # the exit trap stops it too
}
stop_run() {
    local rc=0
    kill -TERM "$runner" 2>/dev/null
    wait "$runner" 2>/dev/null || rc=$?
    check "loa run stops on SIGTERM, exit 0 (exit $rc)" equals "$rc" 0
}

# ---- 1 December: residents in, on the page (Người dân: the file checked first, then imported when she confirms)
start_web
check "the officer logs in" equals "$(login lan password-lan jar)" 303
csrf=$(csrf_of jar /residents)
check "the residents' file is checked (200)" equals "$(code -b jar -F "csrf=$csrf" -F "file=@$LOA_ROOT/config/demo-contacts.csv" "$base/residents/import")" 200
check "… its summary: 200 new" equals "$(xp 'string(//tr[@id="new"]/td)')" 200
check "… nothing imported yet" equals "$(db "SELECT count(*) FROM contacts")" 0
id=$(xp 'string(//form[@action="/residents/confirm"]//input[@name="id"]/@value)')
check "confirmed (200)" equals "$(post /residents/confirm -d "id=$id" --data-urlencode "name=demo-contacts.csv" -d "sheet=" -d "skip_invalid=0")" 200
check "… 200 residents" equals "$(db "SELECT count(*) FROM contacts")" 200
# the opening balance of the activations counted before loa (VNeID)
csrf=$(csrf_of jar /vneid)
check "the opening balance of DK (303)" equals "$(post /vneid/opening -d hamlet=DK -d count=300 -d date=2026-11-30)" 303

# ---- the campaign written and sent (Soạn chiến dịch: the poll in the form, saved switched off, previewed, switched
# on; each save a reload request the service acts on)
csrf=$(csrf_of jar /compose)
check "the poll saved from the form (303)" equals "$(post /compose -d id=khao-sat-vneid --data-urlencode "title=Khảo sát kích hoạt VNeID" \
    -d from=2026-12-01 -d until=2026-12-31 -d vneid=unknown -d diacritics=1 --data-urlencode "sms_at=2026-12-01 08:30" \
    --data-urlencode "sms_text=UBND xã Minh Tiến hỏi {ten|bà con}: Bà con đã kích hoạt tài khoản VNeID chưa? Trả lời CO hoặc CHUA. Soạn HUY để ngừng nhận tin." \
    -d ans1_kw=CO --data-urlencode "ans1_aliases=có, có rồi, đã có, rồi, đã kích hoạt, co roi" -d ans1_vneid=activated \
    --data-urlencode "ans1_reply=Cảm ơn bà con đã kích hoạt tài khoản VNeID." \
    -d ans2_kw=CHUA --data-urlencode "ans2_aliases=chưa, chưa có, chua co, chưa kích hoạt" -d ans2_vneid=not_activated \
    --data-urlencode "ans2_reply=Mời bà con mang CCCD gắn chip đến nhà văn hóa xóm thứ 2 hoặc thứ 5 để được hướng dẫn kích hoạt.")" 303
check "… switched off, its preview first: 200 numbers" equals \
    "$(code -b jar "$base/compose/saved?id=khao-sat-vneid" >/dev/null; xp 'string(//table[@id="preview"]//tr[1]/td)')" 200
check "she switches it on (303)" equals "$(post /compose/enable -d orig=khao-sat-vneid)" 303
csrf=$(csrf_of jar /campaigns/khao-sat-vneid)
check "the campaign's page shows its audience: 200 numbers" equals "$(xp 'string(//table[@id="preview"]//tr[1]/td)')" 200
check "she sends herself a test first (200)" equals "$(post /campaigns/khao-sat-vneid/test -d phone=0912000777)" 200
start_run 1
check "the service sends the campaign and the test: 201 sent, nothing waiting (the overview's counts)" wait_sent 201
code -b jar "$base/campaigns" >/dev/null
check "the campaign list shows it on" equals "$(xp 'string(//tr[@data-id="khao-sat-vneid"]/td[@class="state"])')" "on"

# ---- replies read and answered
"$LOA_TOOLS/smsdrop" var/phone +84900000002 "có rồi" "2026-12-01 08:31"
"$LOA_TOOLS/smsdrop" var/phone +84900000003 "chưa" "2026-12-01 08:31"
"$LOA_TOOLS/smsdrop" var/phone +84900000004 "HUY" "2026-12-01 08:32"
"$LOA_TOOLS/smsdrop" var/phone +84900000005 "Cho tôi hỏi làm CCCD gắn chip ở đâu ạ?" "2026-12-01 08:32"
"$LOA_TOOLS/smsdrop" var/phone +84900000901 "VNEID DK 5 4826" "2026-12-01 08:33"
check "the service stores the five messages" wait_inbox 5
check "and answers the poll answers, the opt-out and the hamlet head: 205 sent" wait_sent 205
check "the inbox opens" equals "$(code -b jar "$base/inbox")" 200
check "the question waits for her, alone" equals "$(xp 'count(//table[@id="unhandled"]//tr[@class="unhandled"])')" 1
q=$(xp 'string(//table[@id="unhandled"]//tr[@class="unhandled"]/@id)')
q=${q#m}
check "… it is the question" contains "$(xp 'string(//table[@id="unhandled"]//tr[@class="unhandled"]/td[@class="msg"])')" "làm CCCD gắn chip"
check "she answers it (303)" equals "$(post /inbox/reply -d "id=$q" --data-urlencode "text=Bà con đến nhà văn hóa xóm sáng thứ 2 hoặc thứ 5 ạ.")" 303
check "the answer goes through the queue: 206 sent" wait_sent 206
code -b jar "$base/inbox" >/dev/null
check "nothing waits for her any more" equals "$(xp 'count(//table[@id="unhandled"]//tr[@class="unhandled"])')" 0
check "the opt-out stands" equals "$(db "SELECT count(*) FROM optouts WHERE phone = '+84900000004'")" 1

# ---- activations counted
check "the hamlet head's report is counted: DK +5" equals "$(db "SELECT sum(count) FROM enrollments WHERE hamlet = 'DK' AND kind = 'entry' AND source = 'sms'")" 5
csrf=$(csrf_of jar /vneid)
check "the commune police's count for HT typed on the page (303)" equals "$(post /vneid/add -d hamlet=HT -d count=3 -d date=2026-12-01)" 303
check "the VNeID page's figures are loa enroll summary's" api_same /api/vneid jar enroll summary --json

# ---- the loudspeaker: an announcement for the next slot
csrf_b=$(csrf_of jar /broadcast)
check "an announcement queued for the next slot (303)" equals \
    "$(code -b jar --data-urlencode "csrf=$csrf_b" -d level=thuong --data-urlencode "text=Mời bà con đến nhà văn hóa kích hoạt VNeID." "$base/broadcast/now")" 303
check "… in the programme" equals "$(db "SELECT count(*) FROM broadcasts WHERE text LIKE 'Mời bà con đến nhà văn hóa%'")" 1
stop_run
stop_web "the month's work done"

# ---- 5 January: the month's report made, downloaded and printed (loa run makes it itself only on the 10th)
clock "2027-01-05 09:00"
start_run 2
start_web
check "the officer logs in in January" equals "$(login lan password-lan jar)" 303
check "the reports page lists December as not made" equals \
    "$(code -b jar "$base/reports" >/dev/null; xp 'string(//tr[@data-period="2026-12"]/@data-state)')" "not made"
check "… and as loa report list does" api_same /api/reports jar report list --json
csrf=$(csrf_of jar /reports)
check "she makes December's report (303)" equals "$(post /reports/make -d kind=monthly -d period=2026-12)" 303
code -b jar "$base/reports" >/dev/null
check "the list says made, by lan" equals "$(xp 'string(//tr[@data-period="2026-12"]/@data-state)') $(xp 'string(//tr[@data-period="2026-12"]//span[@class="by"])')" "made lan"
check "the CSV downloads (200)" equals "$(code -b jar "$base/reports/2026-12/bao-cao-2026-12.csv")" 200
csv=$(cat "$T/body")
check "… the campaign's 200 SMS counted" contains "$csv" "khao-sat-vneid,Khảo sát kích hoạt VNeID,1,200,"
check "… the residents' four replies" contains "$csv" "Tin nhắn trả lời của người dân,4"
check "… one opt-out" contains "$csv" "Số lượt từ chối nhận tin,1"
check "… the hamlet head's report" contains "$csv" "Tin báo cáo số liệu VNeID của trưởng xóm và Công an,1"
check "… the activations: 8 in the month, 308 in all" contains "$csv" "Tổng,Xã Minh Tiến,8,308,"
check "… the poll's answers" contains "$csv" "khao-sat-vneid,Khảo sát kích hoạt VNeID,CO,1"
check "the XLSX downloads, as written" equals "$(code -b jar "$base/reports/2026-12/bao-cao-2026-12.xlsx") $(sha256sum <"$T/body" | cut -d' ' -f1)" \
    "200 $(sha256sum <var/reports/2026-12/bao-cao-2026-12.xlsx | cut -d' ' -f1)"
check "the print view opens" equals "$(code -b jar "$base/reports/2026-12/print")" 200
check "… the official document of the commune, its title and signature" equals \
    "$(xp 'string(//p[@class="body"])') | $(xp 'string(//h1)') | $(xp 'count(//td[@class="signer"])')" "ỦY BAN NHÂN DÂN XÃ MINH TIẾN | BÁO CÁO | 1"
check "… with the month's total" equals "$(xp 'string((//tr[@class="total"])[1]/td[4])')" "308"
stop_run
stop_web "the report made"
finish
