#!/usr/bin/env bash
# test_running_edges — the daemon's running edges (issue 15): a second `loa run` on the same database is
# refused and leaves the first one's message in flight alone; a worker killed on its own has its message
# marked unknown by the parent at once, not at the next start; a retried unknown message goes out whole;
# an outcome that could not be recorded is written again while the daemon runs; `broadcast now ""` is bad input.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
# The fake modem stays silent: the worker holds its message `sending` until its reply timeout (long).
fake_modem_commune 60 "$T/tty1"
cd "$T"
echo silence >control1
start_fakemodem "$T/tty1" --log "$T/modem1.log" --control "$T/control1"
daemon=0
trap '[ "$daemon" -gt 0 ] && kill -KILL -- -"$daemon" 2>/dev/null' EXIT

loa sms send 0912000001 "Thu nghiem dung" >/dev/null
loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 300); do
    grep -q '^SILENCE' modem1.log 2>/dev/null && break
    sleep 0.05
done
state() { sqlite3 var/loa.db "SELECT state FROM outbox WHERE id = 1"; }
check "the first daemon's worker holds the message in flight" equals "$(state)" 1

# 5. a worker killed alone
worker=$(ps -o pid= --ppid "$daemon" | tr -d ' ' | head -1)
check "the daemon has a worker" test -n "$worker"
kill -KILL "$worker"
for _ in $(seq 100); do [ "$(state)" = 5 ] && break; sleep 0.05; done
check "a worker killed on its own: the parent marks its message unknown at once" equals "$(state)" 5
check "the daemon is still running" kill -0 "$daemon"

check "and the log says which modem and what to do" contains "$(cat run.log)" "modem m1: 1 message was being sent when its worker stopped: marked unknown"
# The restarted worker takes a second message and holds it, silent again.
loa sms send 0912000002 "Thu nghiem hai" >/dev/null
state2() { sqlite3 var/loa.db "SELECT state FROM outbox WHERE id = 2"; }
for _ in $(seq 200); do [ "$(state2)" = 1 ] && break; sleep 0.05; done
check "the restarted worker holds the second message in flight" equals "$(state2)" 1

# 6. one daemon per database. second LOG ARG...: loa ARG... in the background; rc its exit status, or
# "still running" after 10 s (then stopped).
second() {
    local log=$1
    shift
    loa_daemon --log-file "$log" "$@" &
    local pid=$!
    for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL -- -"$pid"
        wait "$pid"
        rc="still running"
    else
        wait "$pid"
        rc=$?
    fi
}
second run2.log run
check "a second loa run on the same database is refused (exit 3)" equals "$rc" 3
check "and says another one is running, with its pid" contains "$(cat run2.log)" "another \`loa run\` (pid $daemon) is already running"
check "a second loa run leaves the first one's message in flight sending" equals "$(state2)" 1
second run3.log run --once
check "run --once beside a running daemon is refused too" equals "$rc" 3

kill -TERM "$daemon"
wait "$daemon"
check "loa run exits 0 on SIGTERM" equals "$?" 0
daemon=0
run --log-file run4.log run --once
check "once the first daemon is gone, loa run starts again (the kernel released the lock)" equals "$rc" 0
check "the unknown message was not resent" equals "$(state)" 5

# 7. a retried unknown message goes out whole: a three-part message of which two parts went before loa
# stopped (the recipient may hold only some of them) is resent from its first part.
start_fakemodem "$T/tty2" --log "$T/modem2.log"
sed -i "s|$T/tty1|$T/tty2|" config/loa.cfg
long=$(printf 'Thong bao cua UBND xa Minh Tien ve tai khoan dinh danh dien tu muc 2. %.0s' 1 2 3 4 5)
loa sms send 0912000003 "$long" >/dev/null
# (the scenarios above left their messages unknown: settled, so only this one is retried)
sqlite3 var/loa.db "UPDATE outbox SET state = 6 WHERE state = 5;
                    UPDATE outbox SET state = 5, parts_sent = 2, modem = 'm1' WHERE phone = '+84912000003'"
check "the message has three parts, two of them sent before it became unknown" \
    equals "$(sqlite3 var/loa.db "SELECT parts || '/' || parts_sent FROM outbox WHERE phone = '+84912000003'")" 3/2
run outbox retry --unknown
check "outbox retry --unknown queues it again" equals "$rc" 0
run --log-file run5.log run --once
check "a retried unknown message goes out whole: the modem gets all three parts" equals "$(grep -c '^SENT' modem2.log)" 3
check "and it is sent with three parts" \
    equals "$(sqlite3 var/loa.db "SELECT state || ' ' || parts_sent FROM outbox WHERE phone = '+84912000003'")" "2 3"

# 9. an outcome that could not be recorded (another program holds the database's write lock past the busy
# timeout when the modem's silence makes the message unknown) is written again while the daemon runs.
echo silence >control3
start_fakemodem "$T/tty3" --log "$T/modem3.log" --control "$T/control3"
sed -i "s|$T/tty2|$T/tty3|; s|reply_timeout = 60|reply_timeout = 2|" config/loa.cfg
loa sms send 0912000004 "Thu nghiem khoa" >/dev/null
state4() { sqlite3 var/loa.db "SELECT state FROM outbox WHERE phone = '+84912000004'"; }
loa_daemon --log-file run6.log run &
daemon=$!
for _ in $(seq 300); do grep -q '^SILENCE' modem3.log 2>/dev/null && break; sleep 0.05; done
# the lock outlasts the outcome's write (2 s of silence, then 5 s for its transaction and 5 s for its change)
{ echo "BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;"; sleep 14; echo "COMMIT;"; } | sqlite3 var/loa.db &
locker=$!
wait "$locker"
check "while the lock was held the outcome was not recorded" contains "$(cat run6.log)" "outcome not recorded"
for _ in $(seq 200); do [ "$(state4)" = 5 ] && break; sleep 0.05; done
check "an outcome that could not be recorded is retried while the daemon runs" equals "$(state4)" 5
check "the daemon is still running when it is recorded" kill -0 "$daemon"
check "the log says it was recorded on a later try" contains "$(cat run6.log)" "outcome recorded on a later try"
kill -TERM "$daemon"
wait "$daemon"
daemon=0

# 10. broadcast now with no words
run broadcast now ""
check "broadcast now \"\" is bad input (exit 1)" equals "$rc" 1
check "and says why" contains "$err" "no words to announce"
run broadcast now " ... "
check "broadcast now with only punctuation is bad input (exit 1)" equals "$rc" 1
check "broadcast now \"\" leaves nothing in the programme" equals "$(sqlite3 var/loa.db 'SELECT count(*) FROM broadcasts')" 0
finish
