#!/usr/bin/env bash
# crash — the crash soak: a campaign to SOAK_MESSAGES residents through SOAK_MODEMS fake AT modems while
# `loa run` (parent and workers: the whole process group) is killed with SIGKILL SOAK_KILLS times at random
# moments and started again; SOAK_INBOUND received messages (every fifth in two parts, the second part
# arriving after the next kill) reach the modems meanwhile. A last run without kills settles the queue.
# Then it asserts: every message exactly once in sent, failed or unknown; at most one message left
# `sending` per worker per kill, and exactly those a modem may have had became unknown (the others, claimed before
# any PDU went, queued again); no message accepted twice by a modem;
# every received message stored exactly once. SOAK=short: the CI size. Ends with PASS or FAIL.
. "$(dirname "$0")/lib.sh"
case ${SOAK:-full} in
short) : "${SOAK_MESSAGES:=60}" "${SOAK_KILLS:=5}" "${SOAK_INBOUND:=10}" "${SOAK_KILL_MAX:=8}" ;;
*)     : "${SOAK_MESSAGES:=500}" "${SOAK_KILLS:=30}" "${SOAK_INBOUND:=50}" "${SOAK_KILL_MAX:=8}" ;;
esac
: "${SOAK_MODEMS:=4}" "${SOAK_SEED:=1}"
RANDOM=$SOAK_SEED
echo "crash soak: $SOAK_MESSAGES messages, $SOAK_KILLS kills (SIGKILL, at most ${SOAK_KILL_MAX} s apart)," \
     "$SOAK_INBOUND received, $SOAK_MODEMS fake modems, seed $SOAK_SEED"
t0=$(date +%s)

soak_commune "$SOAK_MODEMS" 10 3 10
soak_campaign "$SOAK_MESSAGES" || { echo "crash soak: FAIL (setup)"; exit 1; }
soak_fakes "$SOAK_MODEMS" || { echo "crash soak: FAIL (setup)"; exit 1; }
inbound_plan "$SOAK_INBOUND"

# Received messages: about SOAK_INBOUND/SOAK_KILLS per start, each on a random modem; a two-part
# message's second part comes one start later (a kill falls between its parts).
next_in=1
per_start=$(( (SOAK_INBOUND + SOAK_KILLS - 1) / SOAK_KILLS ))
later=()
drop_inbound() {   # drop_inbound ALL: ALL=1 drops everything still to come
    local m j
    for j in "${later[@]}"; do inbound_drop "${j% *}" "${j#* }" 2; done
    later=()
    for ((j = 0; next_in <= SOAK_INBOUND && (j < per_start || $1); j++, next_in++)); do
        m=$((1 + RANDOM % SOAK_MODEMS))
        if [ $((next_in % 5)) -eq 0 ] && [ "$1" -eq 0 ]; then
            inbound_drop "$next_in" "$m" 1
            later+=("$next_in $m")
        else
            inbound_drop "$next_in" "$m"
        fi
    done
}

for k in $(seq 1 "$SOAK_KILLS"); do
    start_daemon
    drop_inbound 0
    d=$((5 + RANDOM % (SOAK_KILL_MAX * 10 - 4)))   # 0.5 s to SOAK_KILL_MAX: modems take ~4 s to open
    sleep "$((d / 10)).$((d % 10))"
    crash_kill "$k" "$d"
done

# The last run, not killed: until nothing is queued or sending, every inbound message is off the modems and
# stored (at most 5 minutes), then SIGTERM.
start_daemon
drop_inbound 1
settled=0
for _ in $(seq 1500); do
    if [ $(( $(state_count queued) + $(state_count sending) )) -eq 0 ] &&
       [ "$(find "$T"/inbox* -name '*.pdu' | wc -l)" -eq 0 ] &&
       [ "$(sql "SELECT count(*) FROM inbox")" -ge "$SOAK_INBOUND" ]; then settled=1; break; fi
    sleep 0.2
done
sleep 1   # a last inbox poll's replies (none expected) and outcomes committed
crash_verdict "$SOAK_MODEMS" "one message per worker"

# The modems' side: how often each recipient's message was accepted (SENT), against loa's state.
modem_attempts "$SOAK_MODEMS" >"$T/attempts"
sql "SELECT phone, state FROM outbox WHERE run_id IN (SELECT id FROM runs WHERE campaign = 'soak')" | tr '|' ' ' >"$T/states"
awk 'NR == FNR { if ($3 == "SENT") { acc[$2]++; ud[$2 " " $4]++ } pdus++; next }
     { st[$1] = $2 }
     END {
        for (p in st) {
            a = acc[p] + 0
            if (a > 1) dup++
            if (st[p] == 2 && a != 1) bad_sent++
            if (st[p] == 4 && a != 0) bad_failed++
            if (st[p] == 5) { if (a == 1) unk_went++; else if (a == 0) unk_not++ }
        }
        for (k in ud) if (ud[k] > 1) dup_ud++
        for (p in acc) if (!(p in st)) stray++
        printf "%d %d %d %d %d %d %d %d\n", pdus, dup + 0, dup_ud + 0, bad_sent + 0, bad_failed + 0, unk_went + 0, unk_not + 0, stray + 0
     }' "$T/attempts" "$T/states" >"$T/figures"
read -r pdus dup dup_ud bad_sent bad_failed unk_went unk_not stray <"$T/figures"
check "no message accepted twice by the modems ($dup by recipient, $dup_ud by recipient and text)" \
    test "$dup" -eq 0 -a "$dup_ud" -eq 0
check "every sent message accepted exactly once ($bad_sent not)" test "$bad_sent" -eq 0
check "no failed message accepted ($bad_failed)" test "$bad_failed" -eq 0
check "nothing accepted that loa does not know ($stray)" test "$stray" -eq 0
inbound_check
reread=$(grep -c 'was stored before (crash between store and delete)' "$T/run.log")

echo "---"
echo "figures: $SOAK_MESSAGES messages, $SOAK_KILLS kills ($mid_send with a message in flight), $sent sent," \
     "$failed failed, $unknown unknown ($unk_went of them accepted by the modem, $unk_not not), 0 queued;" \
     "$left_claimed claimed at a kill before any PDU went, queued again and sent;" \
     "$pdus PDUs written to the modems; $dup duplicates; $(wc -l <"$T/inbound.plan") received stored once ($reread read again after a kill and" \
     "not stored twice);" \
     "elapsed ${elapsed} s"
if [ "$fails" -eq 0 ]; then echo "crash soak: PASS"; else echo "crash soak: FAIL ($fails checks failed)"; exit 1; fi
