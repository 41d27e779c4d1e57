#!/usr/bin/env bash
# test_officer_inbox — the inbox as the officer reads it: each SMS's own time (not when loa read it), the number in
# E.164, the resident's name and hamlet; `inbox done ID --optout` for a "please stop" written in words.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
name=$(sqlite3 var/loa.db "SELECT name FROM contacts WHERE phone = '+84900000002'")
hamlet=$(sed -n 's/.*code = "KV"; *name = "\([^"]*\)".*/\1/p' config/loa.cfg | head -1)
check "the test knows the hamlet's name" equals "$hamlet" "Xóm Khe Vàng"
# Sent at 07:15 and 07:20 (the modem was off); loa reads them at 09:00.
"$LOA_TOOLS/smsdrop" var/phone 0900000002 "Làm ơn đừng nhắn tin cho tôi nữa, cảm ơn" "2026-12-01 07:15"
"$LOA_TOOLS/smsdrop" var/phone +84912345678 "Cho tôi hỏi làm thẻ CCCD ở đâu" "2026-12-01 07:20"
clock "2026-12-01 09:00"; step --log-file r1.log run --once

run inbox list
check "inbox list shows the SMS's own time, not when loa read it" contains "$out" "2026-12-01 07:15:00"
check "and no reading time" lacks "$out" "09:00:00"
check "the number in E.164" contains "$out" "+84900000002"
check "the resident's name" contains "$out" "$name"
check "and her hamlet's name" contains "$out" "$hamlet"
check "the header says which time it is" contains "$out" "SENT (SMS TIME)"
check "a number of no resident shows no name" contains "$out" "+84912345678  -                     -               "
run inbox list --json
check "inbox list --json has the SMS's time" contains "$out" '"time": "2026-12-01 07:15:00"'
check "its number" contains "$out" '"number": "+84900000002"'
check "its resident" contains "$out" "\"name\": \"$name\""
check "and hamlet" contains "$out" '"hamlet": "KV"'
id=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE phone = '+84900000002'")
run inbox show "$id"
check "inbox show gives the SMS's time" contains "$out" "sent:     2026-12-01 07:15:00 (the SMS's own time)"
check "and who sent it" contains "$out" "($name, $hamlet)"

# "please stop" in words: not a keyword, so it waits for the officer, who opts the sender out while marking it done.
check "a stop request in words waits for the officer" equals \
    "$(sqlite3 var/loa.db "SELECT action || ' ' || handled FROM inbox WHERE id = $id")" "inbox 0"
clock "2026-12-01 09:05"; run inbox done "$id" --optout
check "inbox done --optout exits 0" equals "$rc" 0
check "and says the sender is opted out" contains "$out" "message $id done: opted out of every campaign"
check "the number is in the optouts table, as by HUY" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM optouts WHERE phone = '+84900000002'")" 1
check "the resident is marked opted out" equals "$(sqlite3 var/loa.db "SELECT opted_out > 0 FROM contacts WHERE phone = '+84900000002'")" 1
check "the message is marked optout and done" equals \
    "$(sqlite3 var/loa.db "SELECT action || ' ' || keyword || ' ' || handled FROM inbox WHERE id = $id")" "optout HUY 1"
check "the same confirmation as HUY is queued to her" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE phone = '+84900000002' AND kind = $(okind auto) AND reply_to = $id")" 1
run inbox done "$id" --optout
check "a second --optout confirms nothing again" contains "$out" "already opted out: not confirmed again"
check "and queues no second confirmation" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE phone = '+84900000002' AND kind = $(okind auto)")" 1
run contacts show 0900000002
check "contacts show says opted out" contains "$out" "opted out"
run inbox done "$id" --opt-out
check "a misspelt option is a usage error (exit 2)" equals "$rc" 2
"$LOA_TOOLS/smsdrop" var/phone VIETTEL "KM: tặng 50% thẻ nạp" "2026-12-01 09:06"
clock "2026-12-01 09:10"; step --log-file r2.log run --once
vid=$(sqlite3 var/loa.db "SELECT id FROM inbox WHERE sender = 'VIETTEL'")
run inbox done "$vid" --optout
check "--optout on a sender that is not a mobile number is refused (exit 1)" equals "$rc" 1
check "saying why" contains "$err" "came from 'VIETTEL', which is not a mobile number"
check "and leaves it as it was" equals "$(sqlite3 var/loa.db "SELECT handled FROM inbox WHERE id = $vid")" 0
finish
