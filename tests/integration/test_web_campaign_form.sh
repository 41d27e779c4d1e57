#!/usr/bin/env bash
# test_web_campaign_form — Soạn chiến dịch: a campaign written in the form is checked as `loa check` checks it,
# written into campaigns_dir (switched off, with a preview and a switch), its errors shown beside their fields
# with nothing written; a hand-written file is edited as text with every comment kept; each save leaves a reload
# request that a running `loa run` acts on without a SIGHUP, and sends the campaign on Gammu's dummy phone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 08:00"
setup_commune
cp "$LOA_ROOT"/campaigns/khao-sat-vneid.cfg "$T/campaigns/"
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
web_user lan officer
web_user tuan viewer
start_web
check "the officer logs in" equals "$(login lan password-lan jar)" 303
check "the form opens" equals "$(code -b jar "$base/compose")" 200
check "it is in the navigation" equals "$(xp 'count(//nav/a[@href="/compose"])')" 1
check "with a box per hamlet, merged ones left out" equals "$(xp 'count(//fieldset[@id="hamlets"]//input)')" 6
check "and a box per station slot" equals "$(xp 'count(//fieldset[@id="slots"]//input)')" 2
csrf=$(csrf_of jar /compose)

# post FIELDS…: the form sent with the session's token (each FIELD name=value, urlencoded)
post() {
    local args=() f
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    code -b jar -d "csrf=$csrf" "${args[@]}" "$base/compose"
}
good=(id=hop-xom "title=Họp xóm về VNeID" from=2026-12-01 until=2026-12-31 hamlet_DT=on hamlet_KV=on vneid=any
      "sms_text=UBND xã mời {ten|bà con} họp ngày {ngay_hop} tại {dia_diem}. Trả lời CO nếu đến được."
      diacritics=1 "sms_at=2026-12-01 08:00" ev_date=2026-12-05 "ev_place=Nhà văn hóa xóm"
      ans1_kw=CO "ans1_aliases=có, co roi" ans1_vneid= "ans1_reply=Cảm ơn bà con.")

# ---- each kind of bad input: the error beside its field, nothing written ----
files() { ls campaigns | tr '\n' ' '; }
before=$(files)
bad() {   # bad WHAT FIELD-WITH-ERROR NAME=VALUE…: the good form with those fields changed
    local what=$1 fld=$2
    shift 2
    local st g o keep=()
    for g in "${good[@]}"; do   # the good fields, but those given here
        for o in "$@"; do [ "${g%%=*}" = "${o%%=*}" ] && continue 2; done
        keep+=("$g")
    done
    st=$(post "${keep[@]}" "$@")
    check "$what: refused (400)" equals "$st" 400
    check "$what: the error is beside $fld" test "$(xp "count(//p[@class='error'][@data-field='$fld'])")" -ge 1
    check "$what: nothing written" equals "$(files)" "$before"
}
bad "a date that does not exist" from from=2026-02-30
bad "until before from" until until=2026-11-01
bad "an unknown placeholder" sms_text "sms_text=Mời {ten} họp tại {phong_hop}."
bad "a time of day that does not exist" sms_times "sms_at=" "sms_times=25:00"
bad "an SMS without a schedule" sms_times "sms_at="
bad "a moment that does not exist" sms_at "sms_at=2026-12-01 8h"
bad "an id a file cannot be named by" id "id=hop xom/../x"
bad "an id that is taken" id id=khao-sat-vneid
bad "too many parts" max_parts max_parts=20
bad "a VNeID status that does not exist" ans1 ans1_vneid=maybe
bad "an answer without its keyword" ans1 ans1_kw=
bad "neither an SMS nor an announcement" sms_text sms_text=
bad "a title longer than its box" title "title=$(printf 'x%.0s' $(seq 400))"
bad "an answer longer than its box" ans2 "ans2_reply=$(printf 'Cảm ơn %.0s' $(seq 200))"
bad "a wrong event date" ev_date ev_date=2026-13-01
bad "an SMS longer than its parts allow" sms_text max_parts=1 \
    "sms_text=UBND xã Minh Tiến kính mời {ten|bà con} đến họp ngày {ngay_hop} tại {dia_diem} để được hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức 2 và làm thẻ căn cước."
code -b jar -d "csrf=$csrf" --data-urlencode "id=x1" --data-urlencode "title=T" --data-urlencode "sms_text=a" \
    --data-urlencode "sms_at=2026-12-01 08:00" --data-urlencode "vneid=sometimes" "$base/compose" >/dev/null
check "a hostile audience status is named beside its field" test "$(xp "count(//p[@class='error'][@data-field='vneid'])")" -ge 1
check "without the token: 403" equals "$(code -b jar --data-urlencode "id=hop-xom" --data-urlencode "title=x" "$base/compose")" 403
check "with a wrong token: 403" equals "$(code -b jar -d "csrf=$(wrong_token "$csrf")" --data-urlencode "id=hop-xom" "$base/compose")" 403
login tuan password-tuan jar2 >/dev/null
check "a viewer cannot open the form" equals "$(code -b jar2 "$base/compose")" 403
check "nor save one" equals "$(code -b jar2 -d "csrf=$(csrf_of jar2 /campaigns)" -d id=v1 "$base/compose")" 403
check "none of it wrote a file" equals "$(files)" "$before"

# ---- good input ----
check "good input is saved (303)" equals "$(post "${good[@]}")" 303
check "to the page of what was saved" equals "$(header Location)" "/compose/saved?id=hop-xom"
f=campaigns/hop-xom.cfg
check "the file is in campaigns_dir, named by the id" test -f "$f"
check "marked as the form's" contains "$(head -1 "$f")" "# written by loa web: lan,"
check "no temporary file is left" equals "$(ls -A campaigns | grep -c web-new)" 0
run check
check "loa check accepts it" equals "$rc" 0
run campaign list --json
check "loa reads the form's title and the campaign switched off" equals "$(printf '%s' "$out" | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    if c["id"] == "hop-xom": print(c["title"], c["enabled"])')" "Họp xóm về VNeID False"
run campaign preview hop-xom --json
check "what the form said: the audience of DT and KV" equals "$(printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin); print(j["recipients"], sorted(j["per_hamlet"]))' 2>&1 | cut -c1-60)" \
    "$(sqlite3 var/loa.db "SELECT count(DISTINCT phone) FROM contacts WHERE hamlet IN ('DT','KV')") ['DT', 'KV']"
check "the event's date and place in the SMS text" contains "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["samples"][0]["text"])')" \
    "họp ngày thứ Bảy, 05/12/2026 tại Nhà văn hóa xóm."
check "the poll answer with its aliases" contains "$(cat "$f")" 'keyword = "CO"; aliases = [ "có", "co roi" ]; reply = "Cảm ơn bà con."'
check "an event naming the officer" equals \
    "$(sqlite3 var/loa.db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.campaign.create'")" "hop-xom user=lan"
# the same campaign written by hand, as the officer writes it today, in a copy of the commune: loa sees the same
mkdir -p copy/config copy/campaigns copy/var
cp config/loa.cfg copy/config/
cp var/loa.db copy/var/
cp campaigns/khao-sat-vneid.cfg copy/campaigns/
cat >copy/campaigns/hop-xom.cfg <<'CFG'
id = "hop-xom";
title = "Họp xóm về VNeID";
enabled = false;
from = "2026-12-01";
until = "2026-12-31";
vars: { ngay_hop = "2026-12-05"; dia_diem = "Nhà văn hóa xóm"; };
audience: { hamlets = [ "DT", "KV" ]; };
sms: {
  text = "UBND xã mời {ten|bà con} họp ngày {ngay_hop} tại {dia_diem}. Trả lời CO nếu đến được.";
  schedule: { at = [ "2026-12-01 08:00" ]; };
};
replies = ( { keyword = "CO"; aliases = [ "có", "co roi" ]; reply = "Cảm ơn bà con."; } );
CFG
same_json() {   # same_json ARGS…: `loa ARGS… --json` in the commune and in the copy agree, files' paths aside
    loa "$@" --json >a.json 2>/dev/null
    LOA_CONFIG="$T/copy/config/loa.cfg" loa "$@" --json >b.json 2>/dev/null
    python3 -c '
import json, sys
def strip(x):
    if isinstance(x, dict): return {k: strip(v) for k, v in x.items() if k != "file"}
    if isinstance(x, list): return [strip(v) for v in x]
    return x
a, b = (strip(json.load(open(f))) for f in sys.argv[1:3])
sys.exit(0 if a == b else (print("    page:", a, "\n    hand:", b, file=sys.stderr) or 1))' a.json b.json
}
check "the page's campaign previews as the same campaign written by hand" same_json campaign preview hop-xom
check "and lists the same" same_json campaign list
check "a reload request in the database" equals "$(sqlite3 var/loa.db "SELECT by || ' ' || file || ' ' || (done IS NULL) FROM reload_requests")" \
    "web:lan $T/campaigns/hop-xom.cfg 1"
check "the saved page opens" equals "$(code -b jar "$base/compose/saved?id=hop-xom")" 200
check "its preview's audience is loa campaign preview's" equals "$(xp 'string(//table[@id="preview"]//tr[1]/td)')" \
    "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["recipients"])')"
check "with how long a run takes (the demo's modem has no rate: as fast as it takes them)" contains \
    "$(xp 'string(//p[@id="run-takes"])')" "A run goes as fast as the modems take it"
check "and the switch" equals "$(xp 'count(//button[@id="enable"])')" 1
check "the campaign list of the page shows it" equals "$(code -b jar "$base/campaigns" >/dev/null; xp 'count(//tr[@data-id="hop-xom"])')" 1

# ---- the live count is `loa sms count`'s ----
txt="UBND xã mời bà con họp ngày 05/12 tại nhà văn hóa."
code -b jar -G --data-urlencode "text=$txt" -d diacritics=1 "$base/compose/count" >/dev/null
loa sms count --json "$txt" >cli.json
check "the page's count of a text is loa sms count's" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if all(a[k] == b[k] for k in ("encoding", "chars", "parts")) else 1)' body cli.json
code -b jar -G --data-urlencode "text=$txt" -d diacritics=0 "$base/compose/count" >/dev/null
loa sms count --no-diacritics --json "$txt" >cli.json
check "and without marks too" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if all(a[k] == b[k] for k in ("encoding", "chars", "parts")) else 1)' body cli.json

code -b jar -G --data-urlencode "text=" "$base/compose/count" >/dev/null
check "nothing typed: the count says nothing" equals "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(repr(j["said"]), j["parts"])' body)" "'' 0"
code -b jar -G --data-urlencode "text=$(printf 'a\001b')" "$base/compose/count" >/dev/null
check "a text that cannot go says why" contains "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["said"])' body)" "This text cannot be sent:"

# ---- the form edits its own file again ----
check "the form's file opens as the form" equals "$(code -b jar "$base/compose?id=hop-xom"; xp 'string(//input[@name="title"]/@value)')" "200Họp xóm về VNeID"
check "its id shown, not to be changed" equals "$(xp 'string(//p[@id="id-shown"]/code)') $(xp 'count(//input[@name="id"])')" "hop-xom 0"
check "with its hamlets ticked" equals "$(xp 'count(//fieldset[@id="hamlets"]//input[@checked])')" 2
check "and its answer" equals "$(xp 'string(//input[@name="ans1_aliases"]/@value)')" "có, co roi"

check "a campaign's page links its form" equals "$(code -b jar "$base/campaigns/hop-xom" >/dev/null; xp 'string(//a[@id="edit"]/@href)')" "/compose?id=hop-xom"

# ---- a hand-written file: as text, every comment kept ----
h=campaigns/khao-sat-vneid.cfg
check "a hand-written file opens as text" equals "$(code -b jar "$base/compose?id=khao-sat-vneid"; xp 'count(//textarea[@name="text"])')" "2001"
check "its comments in it" contains "$(xp 'string(//textarea[@name="text"])')" "# Poll: has the resident activated VNeID?"
check "the form refuses to write it" equals "$(post "${good[@]}" orig=khao-sat-vneid)" 409
sed 's/^title = .*/title = "Khảo sát VNeID tháng 12";/' "$h" >expected.cfg
cp "$h" before.cfg
broken=$(sed 's/^priority = 4;/priority = ;/' "$h")
check "a text with a syntax error is refused (400)" equals "$(code -b jar -d "csrf=$csrf" -d orig=khao-sat-vneid --data-urlencode "text=$broken" "$base/compose/text")" 400
check "its error names the line" contains "$(xp 'string(//div[@id="errors"]//li)')" "line "
check "the file unchanged" equals "$(cmp before.cfg "$h" && echo same)" same
check "an @include from the page is refused (400)" equals \
    "$(code -b jar -d "csrf=$csrf" -d orig=khao-sat-vneid --data-urlencode "text=$(cat "$h"; echo '@include "/etc/passwd"')" "$base/compose/text")" 400
check "named by its line" contains "$(xp 'string(//div[@id="errors"]//li)')" "line $(($(wc -l <"$h") + 1)): @include"
check "the text saved (303)" equals "$(code -b jar -d "csrf=$csrf" -d orig=khao-sat-vneid --data-urlencode "text@expected.cfg" "$base/compose/text")" 303
check "as written, every comment kept" equals "$(cmp expected.cfg "$h" && echo same)" same
check "an edit event naming the officer" equals \
    "$(sqlite3 var/loa.db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.campaign.edit'")" "khao-sat-vneid user=lan"
cp "$h" hand.cfg
printf '\n# a broadcast at a time that is no slot: loa check warns\nbroadcast: { text = "Thông báo."; schedule: { times = [ "12:00" ]; }; };\n' >>"$h"
code -b jar -d "csrf=$csrf" -d orig=khao-sat-vneid --data-urlencode "text@$h" "$base/compose/text" >/dev/null
check "a hand-written file opens with loa check's warnings, by line" contains \
    "$(code -b jar "$base/compose?id=khao-sat-vneid" >/dev/null; xp 'string(//p[@class="warn"])')" \
    "line $(grep -n '^broadcast:' "$h" | cut -d: -f1): broadcast time 12:00 is not one of the station's slots"
cp "$h" hand.cfg

# ---- the form's own file saved again from the form ----
edited=()
for g in "${good[@]}"; do case $g in title=*) edited+=("title=Họp xóm về VNeID (sửa)") ;; id=*) ;; *) edited+=("$g") ;; esac; done
check "the form's file saved again (303)" equals "$(post orig=hop-xom "${edited[@]}")" 303
run campaign list --json
check "with the new title, its id kept, still switched off" equals "$(printf '%s' "$out" | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    if c["id"] == "hop-xom": print(c["title"], c["enabled"])')" "Họp xóm về VNeID (sửa) False"
check "an edit event naming the officer" contains "$(sqlite3 var/loa.db "SELECT group_concat(ref || ' ' || detail, ',') FROM events WHERE kind = 'web.campaign.edit'")" \
    "hop-xom user=lan"

# ---- switched on: the running service reads it without a SIGHUP and sends it ----
loa_daemon --log-file run.log run &
rund=$!
fakes="$fakes $rund"
for _ in $(seq 300); do grep -q "loa run" run.log 2>/dev/null && break; sleep 0.1; done
check "switching it on (303)" equals "$(code -b jar -d "csrf=$csrf" -d orig=hop-xom "$base/compose/enable")" 303
check "the file says enabled" contains "$(cat "$f")" "enabled = true;"
for _ in $(seq 300); do grep -q "reload request: configuration reloaded" run.log && break; sleep 0.1; done
check "loa run reloaded on the request, no SIGHUP sent" contains "$(cat run.log)" "reload request: configuration reloaded"
check "the request marked done" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM reload_requests WHERE done IS NULL")" 0
want=$(sqlite3 var/loa.db "SELECT count(DISTINCT phone) FROM contacts WHERE hamlet IN ('DT','KV')")
for _ in $(seq 300); do
    [ "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox o JOIN runs r ON r.id = o.run_id WHERE r.campaign = 'hop-xom' AND o.state = $(ob sent)")" = "$want" ] && break
    sleep 0.1
done
check "the campaign is sent on the dummy phone: one SMS per number of DT and KV" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox o JOIN runs r ON r.id = o.run_id WHERE r.campaign = 'hop-xom' AND o.state = $(ob sent)")" "$want"
kill -TERM "$rund"
rc=0
wait "$rund" 2>/dev/null || rc=$?
check "loa run stops on SIGTERM, exit 0 (under SANITIZE=1: nothing leaked through the reload)" equals "$rc" 0
check "the hand-written file kept its comments through it all" equals "$(cmp hand.cfg "$h" && echo same)" same
stop_web

# ---- the officer's language: the same refusal in Vietnamese ----
LANGUAGE=vi start_web
login lan password-lan jar >/dev/null
csrf=$(csrf_of jar /compose)
check "in Vietnamese the form is Soạn chiến dịch" equals "$(code -b jar "$base/compose" >/dev/null; xp 'string(//h1)')" "Soạn chiến dịch"
post id=hop-2 title=T "sms_text=Mời họp." "sms_at=2026-12-01 08:00" from=2026-02-30 >/dev/null
check "a wrong date refused in Vietnamese, beside its field" contains "$(xp 'string(//p[@data-field="from"])')" "2026"
check "with the sentence above the form in Vietnamese" contains "$(xp 'string(//*[@id="errors"])')" "Chưa lưu gì"
stop_web "in Vietnamese"
finish
