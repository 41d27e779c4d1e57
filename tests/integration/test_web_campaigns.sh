#!/usr/bin/env bash
# test_web_campaigns — Chiến dịch: the list with each campaign's state and delivered %, one campaign's preview and
# results, pause / resume / a test SMS as `loa campaign pause|resume|test` do them; officer only for the actions.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 08:00"
setup_commune
cp "$LOA_ROOT"/campaigns/khao-sat-vneid.cfg "$LOA_ROOT"/campaigns/dvc-muc-4.cfg "$T/campaigns/"
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
web_user lan officer
web_user tuan viewer
web_user minh operator
start_web
check "the officer logs in" equals "$(login lan password-lan jar)" 303
check "the campaign list opens" equals "$(code -b jar "$base/campaigns")" 200
check "it lists both campaigns" equals "$(xp 'count(//table[@id="campaigns"]//tr[@data-id])')" 2
title=$(sed -n 's/^title = "\(.*\)";/\1/p' campaigns/khao-sat-vneid.cfg)
check "each links its page by its title" equals "$(xp 'string(//tr[@data-id="khao-sat-vneid"]//a/@href)') $(xp 'string(//tr[@data-id="khao-sat-vneid"]//a)')" \
    "/campaigns/khao-sat-vneid $title"
check "the delivered % is '-' where no modem reports deliveries" equals "$(xp 'string(//tr[@data-id="khao-sat-vneid"]/td[@class="pct"])')" "-"
check "a campaign's page opens" equals "$(code -b jar "$base/campaigns/khao-sat-vneid")" 200
run campaign preview khao-sat-vneid --json
aud=$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["recipients"])' 2>/dev/null)
check "its preview's audience is loa campaign preview's ($aud)" equals "$(xp 'string(//table[@id="preview"]//tr[1]/td)')" "$aud"
check "with the next runs" test "$(xp 'count(//ul[@id="runs"]/li)')" -ge 1
check "and its results" equals "$(xp 'count(//table[@id="results"]//tr)') $(xp 'string(//table[@id="results"]//tr[1]/td)')" "8 0"
check "an unknown campaign: 404" equals "$(code -b jar "$base/campaigns/nope")" 404

csrf=$(csrf_of jar /campaigns/khao-sat-vneid)
check "pause (303)" equals "$(code -b jar -d "csrf=$csrf" "$base/campaigns/khao-sat-vneid/pause")" 303
run campaign list --json
check "paused as loa campaign pause pauses it" contains "$out" '"paused": "2026-12-01 08:0'
check "an event naming the officer" equals \
    "$(sqlite3 var/loa.db "SELECT ref || ' ' || detail FROM events WHERE kind = 'web.campaign.pause'")" "khao-sat-vneid user=lan"
code -b jar "$base/campaigns" >/dev/null
check "the list says paused" equals "$(xp 'string(//tr[@data-id="khao-sat-vneid"]/td[@class="state"])')" "$(code -b jar "$base/campaigns/khao-sat-vneid" >/dev/null; echo paused)"
code -b jar "$base/campaigns/khao-sat-vneid" >/dev/null
check "its page says paused, with a resume button" equals "$(xp 'count(//p[@id="paused"]) + count(//button[@id="resume"])')" 2
check "resume (303)" equals "$(code -b jar -d "csrf=$csrf" "$base/campaigns/khao-sat-vneid/resume")" 303
run campaign list --json
check "resumed" lacks "$out" '"paused": "2026'
check "a test SMS (200)" equals "$(code -b jar -d "csrf=$csrf&phone=0912000777" "$base/campaigns/khao-sat-vneid/test")" 200
check "queued as loa campaign test queues it: kind test" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE phone = '+84912000777' AND kind = $(okind test)")" 1
check "a wrong number is refused" equals "$(code -b jar -d "csrf=$csrf&phone=12" "$base/campaigns/khao-sat-vneid/test")" 400
check "without its token: 403" equals "$(code -b jar -d "phone=0912000777" "$base/campaigns/khao-sat-vneid/test")" 403

check "the viewer reads the list" equals "$(login tuan password-tuan jar2 >/dev/null; code -b jar2 "$base/campaigns/khao-sat-vneid")" 200
check "without action forms" equals "$(xp 'count(//form[contains(@action, "/campaigns/")])')" 0
csrf2=$(csrf_of jar2 /campaigns)
check "the viewer cannot pause" equals "$(code -b jar2 -d "csrf=$csrf2" "$base/campaigns/khao-sat-vneid/pause")" 403
check "nor send a test" equals "$(code -b jar2 -d "csrf=$csrf2&phone=0912000778" "$base/campaigns/khao-sat-vneid/test")" 403
check "the operator cannot open campaigns" equals "$(login minh password-minh jar3 >/dev/null; code -b jar3 "$base/campaigns/khao-sat-vneid")" 403
csrf3=$(csrf_of jar3 /broadcast)
check "nor pause one" equals "$(code -b jar3 -d "csrf=$csrf3" "$base/campaigns/khao-sat-vneid/pause")" 403
check "nothing changed by them" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE phone = '+84912000778'") \
$(sqlite3 var/loa.db "SELECT count(*) FROM events WHERE kind = 'web.campaign.pause'")" "0 1"
stop_web
finish
