#!/usr/bin/env bash
# test_sender_reopen — a worker whose modem went silent and then vanished commits the message's outcome
# (unknown) before it tries to reopen the modem: while the modem stays away, the database is not held,
# so the CLI (and the other workers) can write. Found by the fault soak.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
fake_modem_commune 2 "$T/tty"
cd "$T"
# the first send gets no answer; the next command (the reopen) finds the device gone for 8 s
printf 'silence\nvanish 8\n' >control
start_fakemodem "$T/tty" --log "$T/modem.log" --control "$T/control"
daemon=0

step sms send 0912000001 "Thu nghiem mat thiet bi"
loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 300); do grep -q '^VANISH' modem.log && grep -q 'marked unknown' run.log 2>/dev/null && break; sleep 0.05; done
sleep 0.5
check "the modem went silent, then vanished as loa reopened it" grep -q '^VANISH' modem.log
check "the silent message is recorded unknown while the modem is away" \
    equals "$(sqlite3 var/loa.db "SELECT state FROM outbox WHERE id = 1")" 5
t0=$(date +%s%N)
run sms send 0912000002 "Tin thu hai"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "meanwhile the CLI queues a message at once (${ms} ms, exit $rc)" test "$rc" -eq 0 -a "$ms" -lt 3000
check "and the log has no locked database" lacks "$(cat run.log)" "database is locked"
kill -9 -- "-$daemon"; wait "$daemon" 2>/dev/null; daemon=0   # (not a test of stopping: a reopen in Gammu takes long)
finish
