#!/usr/bin/env bash
# test_web — `loa web` as a browser meets it: nothing but /login without a session, the headers every answer
# carries, Host and Origin, a new token at every login, wrong passwords slowed (capped: tests/unit/test_web),
# CSRF tokens, roles (an operator only the loudspeaker, a viewer changes nothing), received text shown as text on
# every page, the inbox's actions through the same store calls as `loa inbox`, /api/status as `loa status --json`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
for u in lan:officer minh:operator tuan:viewer; do web_user "${u%%:*}" "${u#*:}"; done
# A received SMS holding markup, before the server starts.
evil='<script>alert(1)</script> "><img src=x onerror=alert(2)> <a href="javascript:alert(3)">bấm</a>'
"$LOA_TOOLS/smsdrop" var/phone 0900000002 "$evil" "2026-12-01 08:30"
"$LOA_TOOLS/smsdrop" var/phone +84912345678 "Cho tôi hỏi làm thẻ CCCD ở đâu" "2026-12-01 08:40"
step --log-file r1.log run --once

start_web

# ---- without a session: nothing but /login and its stylesheet
for p in / /inbox /api/status /broadcast /campaigns /nosuchpage; do
    c=$(code "$base$p")
    check "without a session GET $p is sent to /login ($c)" equals "$c $(header Location)" "303 /login"
done
check "without a session POST /pause is refused" equals "$(code -d x=1 "$base/pause")" 403
check "the login page is served" equals "$(code "$base/login")" 200
check "its form has the fields user and password" equals \
    "$(xp 'count(//form[@action="/login"]//input[@name="user" or @name="password"])')" 2
check "every page: Content-Security-Policy" equals "$(header Content-Security-Policy)" "default-src 'self'; frame-ancestors 'none'"
check "X-Content-Type-Options" equals "$(header X-Content-Type-Options)" nosniff
check "Cache-Control: no-store" equals "$(header Cache-Control)" no-store
check "the stylesheet is loa's own, served without a session" equals "$(code "$base/style.css") $(header Content-Type)" \
    "200 text/css; charset=utf-8"
check "the live counts' script is loa's own, served as JavaScript" equals "$(code "$base/app.js") $(header Content-Type)" \
    "200 text/javascript; charset=utf-8"
check "the page links only loa's own stylesheet and no script" equals \
    "$(code "$base/login" >/dev/null; xp 'count(//link[@href="/style.css"]) + count(//script)')" 1

# ---- Host and Origin (DNS rebinding, forms from elsewhere)
check "a wrong Host is refused (421)" equals "$(code -H 'Host: evil.example' "$base/login")" 421
check "a configured name is accepted" equals "$(code -H "Host: loa.local:$port" "$base/login")" 200
check "a configured name on another port is refused" equals "$(code -H 'Host: loa.local:1' "$base/login")" 421
check "a login POST from another Origin is refused" equals \
    "$(code -H 'Origin: http://evil.example' -d 'user=lan&password=password-lan' "$base/login")" 403
check "a body over the limit is refused (413)" equals \
    "$(head -c 70000 /dev/zero | tr '\0' a | code -H "Origin: $base" --data-binary @- "$base/login")" 413

# ---- login: a new token every time, the old one dead
check "the officer logs in (303)" equals "$(login lan password-lan jar1)" 303
check "to the overview" equals "$(header Location)" /
cookie=$(header Set-Cookie)
check "the cookie is HttpOnly, SameSite=Strict, Path=/" contains "$cookie" "; HttpOnly; SameSite=Strict; Path=/"
t1=$(awk '$6 == "loa_session" { print $7 }' jar1)
cp jar1 jar1.old
check "logging in again from the same browser works" equals "$(login lan password-lan jar1)" 303
t2=$(awk '$6 == "loa_session" { print $7 }' jar1)
check "and gives a new token" test -n "$t1" -a -n "$t2" -a "$t1" != "$t2"
check "the old token no longer opens a page" equals "$(code -b jar1.old "$base/")" 303
check "only a hash of the token is stored" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM web_sessions WHERE hash = '$t2'")" 0
check "the new one opens the overview" equals "$(code -b jar1 "$base/")" 200
check "its one script is loa's own file" equals "$(xp 'count(//script) + count(//script[@src="/app.js"])')" 2
check "the overview shows the queue" equals "$(xp 'count(//table[@id="queue"]//tr[@data-state])')" 8
check "and a pause button" equals "$(xp 'count(//form[@action="/pause"]//button)')" 1
check "the login is an event naming the user" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM events WHERE kind = 'web.login' AND detail = 'user=lan'")" 2

# ---- wrong passwords slow the next try; never a lockout
c=$(login lan wrong jarx)
check "a wrong password is refused (401) with the wait before the next try" equals "$c $(header Retry-After)" "401 1"
check "which the page says" equals "$(xp 'count(//p[@id="error"])')" 1
c=$(login lan wrong jarx); ra=$(header Retry-After)
# at once: refused while the second lasts; just after it: heard, and the wait doubles
check "the next wrong try is refused (429) or doubles the wait ($c $ra)" test "$c $ra" = "429 1" -o "$c $ra" = "401 2"
c=$(login lan password-lan jarx)
check "right password during the wait: 429 with Retry-After, or in ($c)" test "$c" = 429 -a -n "$(header Retry-After)" -o "$c" = 303
sleep 3
check "after the wait the right password logs in: never a lockout" equals "$(login lan password-lan jarx)" 303

# ---- CSRF
csrf=$(csrf_of jar1 /)
check "the overview's forms carry the session's CSRF token" test ${#csrf} -eq 64
check "POST /pause without its token is refused (403)" equals "$(code -b jar1 -d x=1 "$base/pause")" 403
check "POST /pause with a wrong token is refused (403)" equals "$(code -b jar1 -d "csrf=$(wrong_token "$csrf")" "$base/pause")" 403
check "and nothing was paused" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM settings WHERE key = 'paused'")" 0
check "another session's token is refused" equals "$(code -b jarx -d "csrf=$csrf" "$base/pause")" 403
check "POST /pause with its token pauses (303)" equals "$(code -b jar1 -H "Origin: $base" -d "csrf=$csrf" "$base/pause")" 303
run status --json
check "the same state as loa pause" contains "$out" '"paused": "2026-12-01 09:0'
check "an event names the user" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM events WHERE kind = 'web.pause' AND detail = 'user=lan'")" 1
code -b jar1 "$base/" >/dev/null
check "the overview says paused, with a resume button" equals "$(xp 'count(//p[@id="paused"]) + count(//form[@action="/resume"])')" 2
check "POST /resume resumes" equals "$(code -b jar1 -d "csrf=$csrf" "$base/resume")" 303
run status --json
check "as loa resume does" contains "$out" '"paused": false'

# ---- /api/status: the fields of loa status --json
code -b jar1 "$base/api/status" >/dev/null
check "/api/status is JSON" equals "$(header Content-Type)" application/json
check "with the fields and figures of loa status --json" api_same /api/status jar1 status --json
check "/api/inbox is loa inbox list --json" api_same /api/inbox jar1 inbox list --json
check "/api/inbox?unhandled=1 is loa inbox list --unhandled --json" api_same "/api/inbox?unhandled=1" jar1 inbox list --unhandled --json
check "/api/campaigns is loa campaign list --json" api_same /api/campaigns jar1 campaign list --json
code -b jar1 "$base/api/inbox" >/dev/null
check "the API's received text is JSON, never sniffed as a page" equals "$(header Content-Type) $(header X-Content-Type-Options)" \
    "application/json nosniff"

# ---- received text is text, on every page
for p in / /broadcast /campaigns /inbox; do
    code -b jar1 "$base$p" >/dev/null
    check "$p: no script, img or javascript: link from the SMS" equals \
        "$(xp 'count(//script[not(@src="/app.js")]) + count(//img) + count(//*[@onerror]) + count(//a[starts-with(@href, "javascript")])')" 0
done
check "the inbox shows the SMS's markup as text" equals "$(xp 'string(//td[@class="msg"][contains(., "onerror")])')" "$evil"
id=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84900000002'")
id2=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84912345678'")
name=$(sqlite3 var/loa.db "SELECT name FROM contacts WHERE phone = '+84900000002'")
check "the resident's name beside the number" equals "$(xp "string(//tr[@id='m$id']//span[@class='name'])")" "$name"
check "and her hamlet" equals "$(xp "string(//tr[@id='m$id']//span[@class='hamlet'])")" "Xóm Khe Vàng"
check "both wait for the officer, in the first table" equals "$(xp 'count(//table[@id="unhandled"]//tr[@class="unhandled"])')" 2

# ---- the operator: the loudspeaker only
check "the operator logs in to the broadcast page" equals "$(login minh password-minh jar2; echo " $(header Location)")" "303 /broadcast"
for p in / /inbox /campaigns /api/status; do
    check "the operator cannot open $p (403)" equals "$(code -b jar2 "$base$p")" 403
done
csrf2=$(csrf_of jar2 /inbox)
check "the operator's session has its own token" test ${#csrf2} -eq 64 -a "$csrf2" != "$csrf"
check "the operator cannot mark a message done" equals "$(code -b jar2 -d "csrf=$csrf2&id=$id" "$base/inbox/done")" 403
check "nor pause sending" equals "$(code -b jar2 -d "csrf=$csrf2" "$base/pause")" 403

# ---- the viewer reads, changes nothing
check "the viewer logs in" equals "$(login tuan password-tuan jar3)" 303
check "the viewer reads the overview" equals "$(code -b jar3 "$base/")" 200
check "without a pause button" equals "$(xp 'count(//form[@action="/pause"])')" 0
check "the viewer reads the inbox" equals "$(code -b jar3 "$base/inbox")" 200
check "with no action forms" equals "$(xp 'count(//form[starts-with(@action, "/inbox")])')" 0
csrf3=$(csrf_of jar3 /)
for a in "/pause" "/inbox/done?x" "/inbox/optout?x" "/inbox/reply?x"; do
    p=${a%%\?*}
    check "the viewer's POST $p is refused (403)" equals "$(code -b jar3 -d "csrf=$csrf3&id=$id&text=hi" "$base$p")" 403
done
check "and nothing changed" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM settings WHERE key = 'paused'") \
$(sqlite3 var/loa.db "SELECT sum(handled) FROM inbox") $(sqlite3 var/loa.db "SELECT count(*) FROM outbox")" "0 0 0"

# ---- the officer's inbox actions: the store calls of loa inbox done / reply / done --optout
check "reply through the queue (303)" equals "$(code -b jar1 --data-urlencode "text=Chào bà, xem tin sau" -d "csrf=$csrf&id=$id2" "$base/inbox/reply")" 303
check "queued as loa inbox reply queues it, and the message done" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE phone = '+84912345678' AND reply_to = $id2 AND kind = $(okind adhoc)") \
$(sqlite3 var/loa.db "SELECT handled FROM inbox WHERE id = $id2")" "1 1"
check "an empty reply is refused" equals "$(code -b jar1 -d "csrf=$csrf&id=$id&text=+" "$base/inbox/reply")" 400
check "opt the sender out (303)" equals "$(code -b jar1 -d "csrf=$csrf&id=$id" "$base/inbox/optout")" 303
check "as inbox done --optout: opted out, the message done" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM optouts WHERE phone = '+84900000002'") $(sqlite3 var/loa.db "SELECT handled FROM inbox WHERE id = $id")" "1 1"
check "each change an event naming the officer" equals \
    "$(sqlite3 var/loa.db "SELECT group_concat(kind) FROM (SELECT kind FROM events WHERE kind LIKE 'web.inbox%' AND detail = 'user=lan' ORDER BY id)")" \
    "web.inbox.reply,web.inbox.optout"
code -b jar1 "$base/inbox" >/dev/null
check "handled messages move to the second table" equals "$(xp 'count(//table[@id="handled"]//tr[@class="handled"])')" 2
check "mark done on an unknown message: 404" equals "$(code -b jar1 -d "csrf=$csrf&id=99999" "$base/inbox/done")" 404

# ---- idle (30 min) and absolute (12 h) expiry, the session's times moved back in the database
check "a fresh session opens the page" equals "$(login lan password-lan jar5 >/dev/null; code -b jar5 "$base/")" 200
# the stored hash of the session's token (BLAKE2b-256: crypto_generichash)
hash_of() { python3 -c 'import hashlib, sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())' \
    "$(awk '$6 == "loa_session" { print $7 }' "$T/$1")"; }
h5=$(hash_of jar5)
check "the database holds the hash of the cookie's token" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM web_sessions WHERE hash = '$h5'")" 1
sqlite3 var/loa.db "UPDATE web_sessions SET seen = seen - 29 * 60 WHERE hash = '$h5'"
check "29 minutes idle: still open" equals "$(code -b jar5 "$base/")" 200
sqlite3 var/loa.db "UPDATE web_sessions SET seen = seen - 31 * 60 WHERE hash = '$h5'"
check "31 minutes idle: sent to /login" equals "$(code -b jar5 "$base/") $(header Location)" "303 /login"
check "and the session is gone from the database" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM web_sessions WHERE hash = '$h5'")" 0
login lan password-lan jar5 >/dev/null
h5=$(hash_of jar5)
sqlite3 var/loa.db "UPDATE web_sessions SET created = created - 12 * 3600 - 60 WHERE hash = '$h5'"
check "12 hours after login, however busy: sent to /login" equals "$(code -b jar5 "$base/")" 303

# ---- logout; passwd and remove end every session of the user
check "logout (303 to /login)" equals "$(code -b jarx -c jarx -d "csrf=$(csrf_of jarx /)" "$base/logout") $(header Location)" "303 /login"
check "after logout the page is closed" equals "$(code -b jarx "$base/")" 303
echo "another-password" | loa web user passwd lan --password-stdin >/dev/null 2>&1
check "user passwd ends the officer's sessions" equals "$(code -b jar1 "$base/")" 303
check "the old password no longer works" equals "$(login lan password-lan jar4)" 401
step web user remove tuan
check "user remove ends the viewer's session" equals "$(code -b jar3 "$base/")" 303
check "and her sessions' rows" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE u.name = 'tuan'")" 0
run web user add x --role king --password-stdin
check "an unknown role is a usage error" equals "$rc" 2
stop_web
finish
