#!/usr/bin/env bash
# test_crash_before_pdu — "never send twice silently" without making `unknown` what never left: a message
# claimed (`sending`) whose PDU had not reached the modem when loa was killed goes back to the queue and is
# sent once; one the modem had (its Ctrl-Z written, no answer yet) becomes `unknown` and is not resent. Both
# when the whole daemon is killed (the next start decides) and when a worker alone is (its parent decides), also
# when the worker ends itself (status 3) because it cannot record that a part goes (a database locked past its
# timeout); the database is sound afterwards.
# The fake modem holds its "> " prompt back (`slow`) or its answer (`late`) so that the kill falls there.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
fake_modem_commune 30 "$T/tty1"
cd "$T"
: >control1
start_fakemodem "$T/tty1" --log "$T/modem1.log" --control "$T/control1"
daemon=0

row() { sqlite3 var/loa.db "SELECT state || ' ' || attempts || ' ' || coalesce(written, 'null') FROM outbox WHERE id = $1"; }
state() { sqlite3 var/loa.db "SELECT state FROM outbox WHERE id = $1"; }
# PDUs the modem got for 091200000N: +84912000 00N, in the PDU as swapped semi-octets, F-padded
pdus_to() { grep -c "^PDU .*0B914819020000F${1}" modem1.log; }
wait_for() { local i; for i in $(seq "${2:-400}"); do eval "$1" && return 0; sleep 0.05; done; return 1; }   # COND [TRIES]
start() {
    loa_daemon --log-file "$1" run &
    daemon=$!
}
kill_all() {
    kill -9 -- "-$daemon"
    wait "$daemon" 2>/dev/null
    while pgrep -g "$daemon" >/dev/null; do sleep 0.02; done   # as systemd: the next start waits for the group
    daemon=0
}

# 1. The daemon killed while the modem keeps its prompt back: the message is claimed, nothing has gone.
echo "slow 5000" >control1
loa sms send 0912000001 "Thu nghiem mot" >/dev/null
start run1.log
check "the worker waits inside the send for the modem's prompt" wait_for "grep -q '^SLOW' modem1.log"
check "the message is claimed, and nothing of it was handed to the modem (state attempts written)" equals "$(row 1)" "1 1 0"
kill_all
check "the modem never got its PDU" equals "$(pdus_to 1)" 0
: >control1
start run2.log
check "after the restart it is sent" wait_for '[ "$(state 1)" = 2 ]'
check "the start says it was queued again, not unknown" contains "$(cat run2.log)" "1 message claimed when loa stopped had not reached a modem: queued again"
check "and marks nothing unknown" lacks "$(cat run2.log)" "were being sent when loa stopped"
check "the modem got it exactly once" equals "$(pdus_to 1)" 1
check "its attempts count the one send only" equals "$(sqlite3 var/loa.db "SELECT attempts FROM outbox WHERE id = 1")" 1

# 2. The daemon killed after the PDU and its Ctrl-Z went, before the answer: maybe sent, never resent.
echo "late 5000" >control1
loa sms send 0912000002 "Thu nghiem hai" >/dev/null
check "the modem has the second message and holds its answer back" wait_for "grep -q '^LATE' modem1.log"
check "which is recorded as handed to the modem" equals "$(row 2)" "1 1 1"
kill_all
: >control1
start run3.log
check "after the restart it is unknown" wait_for '[ "$(state 2)" = 5 ]'
check "and the start says so" contains "$(cat run3.log)" "1 message was being sent when loa stopped: marked unknown"
loa sms send 0912000003 "Thu nghiem ba" >/dev/null
check "the next message goes" wait_for '[ "$(state 3)" = 2 ]'
check "the unknown one was not sent again" equals "$(pdus_to 2)" 1

# 3. A worker killed alone while the prompt is held back: its parent queues the message again at once.
echo "slow 5000" >control1
loa sms send 0912000004 "Thu nghiem bon" >/dev/null
check "the worker waits for the prompt again" wait_for '[ "$(grep -c "^SLOW" modem1.log)" -ge 2 ]'
worker=$(ps -o pid= --ppid "$daemon" | tr -d ' ' | head -1)
check "the daemon has a worker" test -n "$worker"
kill -KILL "$worker"
: >control1
check "the parent queues it again and the new worker sends it" wait_for '[ "$(state 4)" = 2 ]'
check "the parent says so" contains "$(cat run3.log)" "modem m1: 1 message claimed by its worker had not reached the modem: queued again"
check "sent once" equals "$(pdus_to 4)" 1
check "the daemon is still running" kill -0 "$daemon"

# 4. The mark cannot be recorded (another program holds the database's write lock past the 5 s busy timeout): the
# part must not go, so the worker ends before its Ctrl-Z; its parent queues the message again once it can write.
echo "slow 3000" >control1
loa sms send 0912000005 "Thu nghiem nam" >/dev/null
check "the worker waits for the prompt once more" wait_for '[ "$(grep -c "^SLOW" modem1.log)" -ge 3 ]'
( echo "BEGIN IMMEDIATE;"; sleep 11; echo "COMMIT;" ) | sqlite3 var/loa.db &
locker=$!
check "the worker stops rather than let the part go unrecorded" wait_for "grep -q 'outbox=5 part 1: cannot record that it goes to modem m1' run3.log"
check "the modem never got that part's Ctrl-Z" equals "$(pdus_to 5)" 0
wait "$locker"
check "once the lock is gone the parent queues it again and it is sent" wait_for '[ "$(state 5)" = 2 ]' 600
check "sent once" equals "$(pdus_to 5)" 1
check "the events record each decision" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM events WHERE kind = 'outbox.requeue'")" 3
check "the outbox's counters equal its rows after the requeues" counters_agree
check "the database is sound after it all" equals "$(sqlite3 var/loa.db "PRAGMA quick_check")" ok
kill -TERM "$daemon"; wait "$daemon" 2>/dev/null; daemon=0
finish
