#!/usr/bin/env bash
# test_web_broadcast — Phát thanh, the operator's page: today's programme by slot with a player for each item
# served from loa's audio folder, mark played or skipped with a note (as `loa broadcast mark`), the as-run log by
# day, the urgent announcement queued as `loa broadcast now TEXT --level L` queues it; a viewer only listens.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-03 04:30"
setup_commune
sed -i 's/device = "default";/device = "null";/' "$T/config/loa.cfg"
cd "$T"
cat > campaigns/a.cfg <<'CFG'
id = "a";
title = "Thông báo A";
broadcast: { text = "UBND xã Minh Tiến thông báo: họp xóm lúc 19 giờ."; schedule: { times = [ "06:00", "17:00" ]; }; };
CFG
step --log-file run.log run --once
web_user minh operator
web_user lan officer
web_user tuan viewer
start_web

check "the operator logs in" equals "$(login minh password-minh jar)" 303
check "the broadcast page opens" equals "$(code -b jar "$base/broadcast")" 200
id=$(sqlite3 var/loa.db "SELECT id FROM broadcasts WHERE slot = 360 AND campaign = 'a' ORDER BY day LIMIT 1")
id2=$(sqlite3 var/loa.db "SELECT id FROM broadcasts WHERE slot = 1020 AND campaign = 'a' ORDER BY day LIMIT 1")
check "today's programme shows both slots" equals "$(xp 'count(//div[@id="programme"]//h3)')" 2
check "the 06:00 item has a player served by loa" equals "$(xp "string(//tr[@id='b$id']//audio/@src)")" "/audio/$id"
check "the 17:00 item, not rendered yet, has none" equals "$(xp "count(//tr[@id='b$id2']//audio)")" 0
check "the item's text is shown" equals "$(xp "string(//tr[@id='b$id']/td[@class='msg']/text())")" \
    "UBND xã Minh Tiến thông báo: họp xóm lúc 19 giờ."
check "its audio is served" equals "$(code -b jar "$base/audio/$id") $(header Content-Type)" "200 audio/mpeg"
check "the very file loa rendered" cmp -s "$T/body" "$(sqlite3 var/loa.db "SELECT audio FROM broadcasts WHERE id = $id")"
check "/api/broadcast is loa broadcast today --json" api_same /api/broadcast jar broadcast today --json
check "/api/broadcast/log?date= is loa broadcast log --date --json" api_same "/api/broadcast/log?date=2026-12-03" jar broadcast log --date 2026-12-03 --json
check "an unknown item's audio: 404" equals "$(code -b jar "$base/audio/99999")" 404
check "a path is not an item: 404" equals "$(code -b jar --path-as-is "$base/audio/../../etc/passwd")" 404
check "no audio without a session" equals "$(code "$base/audio/$id") $(header Location)" "303 /login"

csrf=$(csrf_of jar /broadcast)
check "skip with a note (303)" equals "$(code -b jar --data-urlencode "note=mất điện <b>" -d "csrf=$csrf&id=$id&state=skipped" "$base/broadcast/mark")" 303
check "as loa broadcast mark: skipped, the note kept" equals \
    "$(sqlite3 var/loa.db "SELECT state || ' ' || note FROM broadcasts WHERE id = $id")" "skipped mất điện <b>"
check "an event naming the operator" equals \
    "$(sqlite3 var/loa.db "SELECT detail FROM events WHERE kind = 'web.broadcast.mark'")" "user=minh"
code -b jar "$base/broadcast" >/dev/null
check "the as-run log shows it, its note as text" equals "$(xp "string(//div[@id='log']//tr[@id='l$id']/td[4])")" "mất điện <b>"
check "and no markup from the note" equals "$(xp 'count(//b)')" 0
check "a state other than played or skipped is refused" equals "$(code -b jar -d "csrf=$csrf&id=$id&state=ready" "$base/broadcast/mark")" 400
check "another day's log is reachable" equals "$(code -b jar "$base/broadcast?date=2026-12-02")" 200
check "with nothing played that day" equals "$(xp 'count(//div[@id="log"]//tr)')" 0
check "a wrong date is refused" equals "$(code -b jar "$base/broadcast?date=2026-13-40")" 400

# hear it first: rendered apart, nothing added to the programme until it is put on air
n0=$(sqlite3 var/loa.db "SELECT count(*) FROM broadcasts")
check "the form has a button to hear it first" equals "$(code -b jar "$base/broadcast" >/dev/null; xp 'string(//button[@id="hear"]/@formaction)')" /broadcast/preview
check "hear it first (200)" equals "$(code -b jar --data-urlencode "text=Thông báo <u>mất điện</u> lúc 14 giờ" -d "csrf=$csrf&level=khan-cap" "$base/broadcast/preview")" 200
src=$(xp 'string(//audio[@id="preview"]/@src)')
check "a page with a player for it" test -n "$src"
check "and a button that puts that text on air" equals \
    "$(xp 'string(//form[@action="/broadcast/now"]//input[@name="text"]/@value)') $(xp 'string(//form[@action="/broadcast/now"]//input[@name="level"]/@value)')" \
    "Thông báo <u>mất điện</u> lúc 14 giờ khan-cap"
check "the text shown as text" equals "$(xp 'count(//u)')" 0
check "its audio is served" equals "$(code -b jar "$base$src") $(header Content-Type)" "200 audio/mpeg"
check "an MP3" test "$(stat -c %s "$T/body")" -gt 1000
check "not without a session" equals "$(code "$base$src")" 303
check "another name is not a preview" equals "$(code -b jar "$base/audio/preview/../../loa.db")" 404
check "nothing was added to the programme" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM broadcasts")" "$n0"

# the urgent form queues what `loa broadcast now TEXT --level uu-tien` queues
check "an announcement from the form (303)" equals \
    "$(code -b jar --data-urlencode "text=Thông báo <i>khẩn</i>: cắt điện 14 giờ" -d "csrf=$csrf&level=uu-tien" "$base/broadcast/now")" 303
step broadcast now "Thông báo <i>khẩn</i>: cắt điện 14 giờ" --level uu-tien
check "the same item as loa broadcast now's, one minute name apart" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(campaign || ' ' || slot || ' ' || level || ' ' || (audio IS NOT NULL), ',') FROM broadcasts WHERE text LIKE 'Thông báo%'")" \
    "uutien-0430 360 1 1,uutien-0430-2 360 1 1"
code -b jar "$base/broadcast" >/dev/null
check "it shows in the programme as text" equals "$(xp 'count(//i)') $(xp 'count(//td[@class="msg"][contains(., "<i>khẩn</i>")])')" "0 2"
check "an announcement with nothing to say is refused" equals "$(code -b jar -d "csrf=$csrf&level=khan-cap&text=..." "$base/broadcast/now")" 400
check "without its token: 403" equals "$(code -b jar -d "level=khan-cap&text=x" "$base/broadcast/now")" 403

# the viewer listens, changes nothing
check "the viewer logs in" equals "$(login tuan password-tuan jar3)" 303
check "the viewer sees the programme" equals "$(code -b jar3 "$base/broadcast")" 200
check "without a form to change it" equals "$(xp 'count(//form[@method="post" and @action!="/logout"])')" 0
csrf3=$(csrf_of jar3 /broadcast)
check "the viewer cannot mark" equals "$(code -b jar3 -d "csrf=$csrf3&id=$id2&state=skipped" "$base/broadcast/mark")" 403
check "nor announce" equals "$(code -b jar3 -d "csrf=$csrf3&level=khan-cap&text=x" "$base/broadcast/now")" 403
check "the officer reaches the broadcast page too" equals "$(login lan password-lan jar4 >/dev/null; code -b jar4 "$base/broadcast")" 200
stop_web
finish
