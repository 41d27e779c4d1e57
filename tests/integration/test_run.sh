#!/usr/bin/env bash
# test_run — `loa run` as a service on Gammu's dummy phone: once and idempotent, the daemon
# picking up CLI changes, pause/resume, SIGHUP with a bad config, masked phone numbers in the log.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:30"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"
NOW="2026-12-01 08:30"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"

clock "$NOW"; run --log-file run1.log run --once
check "run --once exits 0" equals "$rc" 0
run outbox list --state sent --json
sent1=$(printf '%s' "$out" | grep -c '"id"')
check "the due poll went to all 200 residents" equals "$sent1" 200
clock "$NOW"; run --log-file run2.log run --once
run outbox list --json
check "a second run --once sends nothing more" equals "$(printf '%s' "$out" | grep -c '"id"')" 200
check "the log masks phone numbers" lacks "$(cat run1.log)" "+84900000001"
check "the log shows masked numbers" contains "$(cat run1.log)" "+8490****001"

# An opt-out applies at once: a campaign message queued before it is cancelled, not sent.
cat > campaigns/later.cfg <<'CFG'
id = "later";
title = "Sau";
sms: { text = "UBND xã Minh Tiến: thông báo. Soạn HUY để ngừng nhận tin."; schedule: { at = [ "2026-12-01 08:40" ]; }; };
CFG
sed -i 's/daily_limit = 0; }/daily_limit = 0; enabled = false; }/' config/loa.cfg
clock "2026-12-01 08:40"; step --log-file run3.log run --once
sqlite3 var/loa.db "UPDATE contacts SET opted_out = 1 WHERE phone = '+84900000010'"
sed -i 's/ enabled = false;//' config/loa.cfg
clock "2026-12-01 08:41"; step --log-file run4.log run --once
state=$(sqlite3 var/loa.db "SELECT o.state FROM outbox o JOIN runs r ON r.id = o.run_id WHERE r.campaign = 'later' AND o.phone = '+84900000010'")
check "a message queued before the opt-out is cancelled when its turn comes" equals "$state" 6
check "and the log says why" contains "$(cat run4.log)" "cancelled: opted out"
check "the outbox's counters equal its rows after sends and an opt-out's cancel" counters_agree
rm campaigns/later.cfg
# ... and `sms send` refuses the number, --urgent too (urgent warnings reach everyone by loudspeaker)
run sms send 0900000010 "UBND xã Minh Tiến: mời ông đến nhận thẻ CCCD."
check "sms send to an opted-out number is refused (exit 1)" equals "$rc" 1
check "and says the number opted out" contains "$err" "+84900000010 opted out of SMS on"
run sms send --urgent 0900000010 "UBND xã Minh Tiến: bão số 3, sơ tán ngay."
check "--urgent does not lift an opt-out" equals "$rc" 1
check "and says so" contains "$err" "urgent or not"

run sms send 02438251234 "Xin chào"
check "sms send to a landline is refused (exit 1)" equals "$rc" 1
run sms send 0900000001 "$(printf 'chữ %.0s' $(seq 1 120))"
check "text over max_parts is refused" contains "$err" "more than the 3 allowed"
run sms send 0900000001 "$(printf 'bad \xff byte')"
check "invalid UTF-8 is refused" contains "$err" "UTF-8"
run outbox list --state queued --json
check "nothing bad was queued" equals "$out" "[]"

# The daemon: it sleeps, and wakes when the CLI commits.
clock "2026-12-01 10:00"; loa_exec --log-file daemon.log run &
pid=$!
for i in $(seq 1 50); do grep -q "modem m1 open" daemon.log 2>/dev/null && break; sleep 0.1; done
step pause
step sms send 0900000005 "UBND xã Minh Tiến: thử khi tạm dừng."
sleep 1
run outbox list --state queued --json
check "paused: the message waits in the queue" contains "$out" '"phone": "+84900000005"'
step resume
for i in $(seq 1 50); do
    out=$(loa outbox list --state queued --json); [ "$out" = "[]" ] && break; sleep 0.1
done
check "resumed: the daemon sends it without being restarted" equals "$out" "[]"

step sms send 0900000006 "UBND xã Minh Tiến: tin thứ hai."
for i in $(seq 1 50); do
    out=$(loa outbox list --state queued --json); [ "$out" = "[]" ] && break; sleep 0.1
done
check "an ad-hoc SMS queued by the CLI is sent by the running daemon" equals "$out" "[]"

# SIGHUP with a broken config: refused, old one kept, the daemon keeps working.
cp config/loa.cfg config/loa.cfg.good
echo "brodcast: { repeat = 2; };" >> config/loa.cfg
kill -HUP $pid
for i in $(seq 1 50); do grep -q "keeping the old one" daemon.log && break; sleep 0.1; done
check "SIGHUP with a bad config is refused and logged" contains "$(cat daemon.log)" "keeping the old one"
line=$(grep -n '^brodcast' config/loa.cfg | cut -d: -f1)
check "the bad key is named with its line ($line)" contains "$(cat daemon.log)" "loa.cfg:$line: unknown setting 'brodcast' (did you mean 'broadcast'?)"
cp config/loa.cfg.good config/loa.cfg
step sms send 0900000007 "UBND xã Minh Tiến: tin thứ ba."
for i in $(seq 1 50); do
    out=$(loa outbox list --state queued --json); [ "$out" = "[]" ] && break; sleep 0.1
done
check "after a refused reload the daemon still sends" equals "$out" "[]"
kill -HUP $pid
for i in $(seq 1 50); do grep -q "configuration reloaded" daemon.log && break; sleep 0.1; done
check "SIGHUP with a good config reloads it" contains "$(cat daemon.log)" "configuration reloaded"

kill -TERM $pid
wait $pid
check "SIGTERM stops the daemon cleanly (exit 0)" equals "$?" 0
run status
check "status shows the modem stopped" contains "$out" "m1     stopped"
finish
