#!/usr/bin/env bash
# test_sender_faults — loa run against the project's fake AT modem through Gammu's real AT driver:
# each fault is retried, failed or made unknown as specified; kill -9 in the middle of a 50-message
# run and a restart: nothing accepted twice except what is reported unknown, nothing lost.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
mkdir -p "$T/config" "$T/campaigns" "$T/var"
cat >"$T/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
campaigns_dir = "../campaigns";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = ( { name = "m1"; model = "at"; connection = "at"; device = "$T/tty"; rate_per_minute = 0;
               daily_limit = 0; reply_timeout = 3; } );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  per_person_per_day = 0;
  max_attempts = 3;
  retry_base = 1;
  delivery_reports = false;
  inbox_poll = 3600;
};
CFG
export LOA_CONFIG="$T/config/loa.cfg"
cd "$T"
: >control
start_fakemodem "$T/tty" --log "$T/modem.log" --control "$T/control" --ref-start 10
daemon=0

state_of() { loa outbox list --json | awk -v id="$1" '/"id":/ { gsub(/[^0-9]/, "", $0); cur = $0 } /"state":/ && cur == id { gsub(/.*: "|",?/, "", $0); print; exit }'; }

# One message per fault, in queue order: the fake consumes one control line per send attempt.
printf 'cms 38\nok\ncms 1\nsilence\nerror\nok\nok\n' >control
for i in 1 2 3 4 5; do loa sms send "09120000$i$i" "Thu nghiem loi $i" >/dev/null; done
loa_daemon --log-file run.log run &
daemon=$!
check "the queue settles (retries included)" wait_idle 90
# sends in order: 1 cms 38, 2 ok, 3 cms 1, 4 silence, 5 error; then the retries of 1 and 5 go through
check "+CMS ERROR: 38 (network) is retried until sent" equals "$(state_of 1)" sent
check "it took a second attempt" contains "$(cat run.log)" "outbox=1 to +8491****011 not sent"
check "a normal send goes" equals "$(state_of 2)" sent
check "+CMS ERROR: 1 (unassigned number) fails at once" equals "$(state_of 3)" failed
check "silence after the PDU makes it unknown, never resent" equals "$(state_of 4)" unknown
check "ERROR instead of the prompt is retried until sent" equals "$(state_of 5)" sent
check "every message is exactly once in sent, failed or unknown" equals "$(($(count sent) + $(count failed) + $(count unknown)))" 5
check "the modem accepted each sent message once" equals "$(grep -c '^SENT' modem.log)" 3
check "the outbox's counters equal its rows after sends, retries, a failure and an unknown" counters_agree

# kill -9 in the middle of a 50-message run, then restart.
kill -TERM -- -$daemon; wait $daemon 2>/dev/null; daemon=0
: >control
: >modem.log
for i in $(seq 10 59); do loa sms send "091200$i$i" "Tin nhan so $i" >/dev/null; done
loa_daemon --log-file run2.log run &
daemon=$!
for _ in $(seq 300); do [ "$(grep -c '^SENT' modem.log)" -ge 12 ] && break; sleep 0.1; done
kill -9 -- -$daemon; wait $daemon 2>/dev/null; daemon=0
killed_at=$(grep -c '^SENT' modem.log)
loa_daemon --log-file run3.log run &
daemon=$!
check "after the restart the queue settles" wait_idle 120
new_sent=$(( $(count sent) - 3 ))   # the first part left 3 sent and 1 unknown
new_unknown=$(( $(count unknown) - 1 ))
accepted=$(grep -c '^SENT' modem.log)
check "kill -9 happened mid-run ($killed_at of 50 accepted)" test "$killed_at" -lt 50
check "at most one message is unknown per killed worker ($new_unknown)" test "$new_unknown" -le 1
check "none lost: all 50 are sent or unknown ($new_sent + $new_unknown)" equals "$((new_sent + new_unknown))" 50
check "nothing accepted twice except the unknown ($accepted accepted, $new_sent sent)" test "$accepted" -ge "$new_sent" -a "$accepted" -le $((new_sent + new_unknown))
# the kill fell before the next message's Ctrl-Z (queued again) or after it (unknown): the restart says which
found=$(grep -E 'marked unknown, not resent|had not reached a modem: queued again' run3.log)
check "the restart says what it found" test -n "$found"
check "the outbox's counters equal its rows after kill -9 mid-run and the restart" counters_agree
run status
check "status reports the unknown messages" contains "$out" "may or may not have gone out"

# SIGTERM in the middle of a 3-part message: the part in flight finishes and is recorded, the rest
# waits; at the next start the remaining parts go, none twice.
kill -TERM -- -$daemon; wait $daemon 2>/dev/null; daemon=0
: >modem.log
long=$(printf 'Tin nhan dai so %03d. ' $(seq 1 20))
step sms send 0912000777 "$long"
id=$(loa outbox list --limit 1 --json | grep -m1 '"id"' | grep -o '[0-9]*')
loa_daemon --log-file run4.log run &
daemon=$!
for _ in $(seq 300); do [ "$(grep -c '^SENT' modem.log)" -ge 1 ] && break; sleep 0.05; done
kill -TERM -- -$daemon; wait $daemon 2>/dev/null; daemon=0
done_parts=$(sqlite3 var/loa.db "SELECT parts_sent FROM outbox WHERE id = $id")
check "SIGTERM: the long message waits, queued, with its sent parts recorded ($done_parts of 3)" equals "$(state_of "$id") $([ "$done_parts" -ge 1 ] && [ "$done_parts" -lt 3 ] && echo ok)" "queued ok"
check "SIGTERM: the modem saw only those parts" equals "$(grep -c '^SENT' modem.log)" "$done_parts"
loa_daemon --log-file run5.log run &
daemon=$!
check "after the restart the rest goes" wait_idle 60
check "the message is sent" equals "$(state_of "$id")" sent
check "no part went twice: 3 parts accepted in all" equals "$(grep -c '^SENT' modem.log)" 3
# an officer's retry of the unknown and a cancel move counters as they move rows
loa outbox retry --unknown >/dev/null
check "the counters equal the rows after a retry of the unknown" counters_agree
for id in $(loa outbox list --state queued --json | grep -o '"id": *[0-9]*' | grep -o '[0-9]*'); do loa outbox cancel "$id" >/dev/null; done
check "and after cancelling what was queued again" counters_agree
check "and nothing is left queued" equals "$(count queued)" 0
finish
