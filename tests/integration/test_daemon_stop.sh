#!/usr/bin/env bash
# test_daemon_stop — SIGTERM waits for every worker: one still waiting for the network's answer while
# another exits at once (its SIGCHLD interrupting the wait) is not left running after `loa run` exits,
# and the message it had in flight is recorded before loa is gone. Found by the fault soak.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
# m1 sends; m2's clock is years off, so its worker sends nothing and stops at once on SIGTERM.
fake_modem_commune 6 "$T/tty1" "$T/tty2"
cd "$T"
echo silence >control1
start_fakemodem "$T/tty1" --log "$T/modem1.log" --control "$T/control1"
start_fakemodem "$T/tty2" --log "$T/modem2.log" --clock "20/01/01,00:00:00+28"
daemon=0

step sms send 0912000001 "Thu nghiem dung"
loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 300); do
    grep -q '^SILENCE' modem1.log 2>/dev/null && grep -q 'nothing will be sent' run.log 2>/dev/null && break
    sleep 0.05
done
check "m1 is waiting for an answer that does not come; m2 idles" grep -q '^SILENCE' modem1.log
kill -TERM "$daemon"
wait "$daemon"
rc=$?
left=$(ps -o pid= -g "$daemon" | wc -l)
state=$(sqlite3 var/loa.db "SELECT state FROM outbox")
daemon=0
check "loa run exits 0 on SIGTERM" equals "$rc" 0
check "no worker is left running after loa exits ($left)" equals "$left" 0
check "the message in flight was recorded unknown before loa exited" equals "$state" 5
finish
