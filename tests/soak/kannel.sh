#!/usr/bin/env bash
# kannel — the crash soak with a Kannel transport: a campaign to SOAK_MESSAGES residents through a real Kannel
# (bearerbox + smsbox, fakesmsc as the carrier; tests/kannel/) while `loa run` (the whole process group) is killed
# with SIGKILL SOAK_KILLS times at random moments and started again; SOAK_INBOUND received messages (every fifth in
# two parts) come from the carrier through Kannel's `smsc = http` link meanwhile, so some are pushed while loa is
# down (smsbox pushes them again); every other kill comes while smsbox is stalled (SIGSTOP) with loa's requests
# unanswered, so messages are in flight when loa dies. A last run without kills settles the queue. Then, as the modem soak: every
# message exactly once in sent, failed or unknown; at most in_flight messages left `sending` per kill, and exactly
# those became unknown; at the carrier, every sent message exactly once, an unknown one at most once, none twice,
# nothing loa does not know; every received message stored exactly once. SOAK=short: the CI size. PASS or FAIL.
. "$(dirname "$0")/lib.sh"
case ${SOAK:-full} in
short) : "${SOAK_MESSAGES:=100}" "${SOAK_KILLS:=5}" "${SOAK_INBOUND:=10}" "${SOAK_KILL_MAX:=3}" ;;
*)     : "${SOAK_MESSAGES:=500}" "${SOAK_KILLS:=30}" "${SOAK_INBOUND:=50}" "${SOAK_KILL_MAX:=3}" ;;
esac
: "${SOAK_SEED:=1}" "${SOAK_RATE:=10}" "${SOAK_IN_FLIGHT:=8}"
RANDOM=$SOAK_SEED
for b in /usr/sbin/bearerbox /usr/sbin/smsbox /usr/lib/kannel/test/fakesmsc; do
    [ -x "$b" ] || { echo "$b missing: make deps-test installs kannel and kannel-extras"; echo "kannel soak: FAIL"; exit 2; }
done
echo "kannel crash soak: $SOAK_MESSAGES messages at $SOAK_RATE a second ($SOAK_IN_FLIGHT in flight), $SOAK_KILLS kills" \
     "(SIGKILL, at most ${SOAK_KILL_MAX} s apart), $SOAK_INBOUND received through Kannel, seed $SOAK_SEED"
t0=$(date +%s)

# ---- Kannel and its fake carrier ----
. tests/kannel/kannel.sh
K="$T/kannel"
SECRET=soak-bi-mat-2026
kannel_setup "$K" "$SECRET"
/usr/sbin/bearerbox "$K/kannel.conf" >"$K/bearerbox.out" 2>&1 &
fake_pids+=($!)
kannel_wait_port "$P_BOX" || { not_ok "bearerbox listens"; echo "kannel soak: FAIL (setup)"; exit 1; }
"$FAKESMSC" -H 127.0.0.1 -r "$P_FAKE" -m 0 "0 0 text -" >/dev/null 2>"$K/fakesmsc.log" &
fake_pids+=($!)
/usr/sbin/smsbox "$K/kannel.conf" >"$K/smsbox.out" 2>&1 &
smsbox=$!
fake_pids+=($smsbox)
kannel_wait_port "$P_SENDSMS" || { not_ok "smsbox listens"; echo "kannel soak: FAIL (setup)"; exit 1; }
kannel_wait_port "$P_HTTPIN" || { not_ok "the http link listens"; echo "kannel soak: FAIL (setup)"; exit 1; }

# ---- the commune: one kannel transport instead of fake modems ----
soak_commune 0 10 1 10
sed -i "s|^  modems = (|  modems = ( { name = \"k1\"; type = \"kannel\"; url = \"http://127.0.0.1:$P_SENDSMS/cgi-bin/sendsms\";\n    user = \"loa\"; password = \"bi-mat\"; from = \"9029\"; smsc = \"carrier\"; rate_per_second = $SOAK_RATE;\n    in_flight = $SOAK_IN_FLIGHT; reply_timeout = 5; listen = \"127.0.0.1:$P_LISTEN\"; secret = \"$SECRET\"; }|" \
    "$T/config/loa.cfg"
mkdir -p "$T/inbox0"   # inbound_check looks for PDUs left on modems: there are none here
soak_campaign "$SOAK_MESSAGES" || { echo "kannel soak: FAIL (setup)"; exit 1; }
inbound_plan "$SOAK_INBOUND"

# inbound_push K: message K of the plan from the carrier through the http link, UCS-2, each part with its UDH.
inbound_push() {
    local line digits parts text p
    line=$(sed -n "${1}p" "$T/inbound.plan")
    read -r _ digits parts text <<<"$line"
    push_part() {   # TEXT [UDH]
        curl -s -o /dev/null -G "http://127.0.0.1:$P_HTTPIN/" --data "username=carrier&password=carrier-pw&to=9029&coding=2" \
            --data-urlencode "from=+$digits" \
            --data "text=$(printf '%s' "$1" | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')" \
            ${2:+--data "udh=$2"}
    }
    if [ "$parts" -eq 1 ]; then push_part "${text%%|*}"; return; fi
    push_part "${text%%|*}" "%05%00%03%$(printf '%02X' $(($1 % 256)))%02%01"
    push_part "${text#*|}" "%05%00%03%$(printf '%02X' $(($1 % 256)))%02%02"
}

next_in=1
per_start=$(( (SOAK_INBOUND + SOAK_KILLS - 1) / SOAK_KILLS ))
for k in $(seq 1 "$SOAK_KILLS"); do
    start_daemon
    d=$((3 + RANDOM % (SOAK_KILL_MAX * 10 - 2)))   # 0.3 s to SOAK_KILL_MAX
    for ((j = 0; j < per_start && next_in <= SOAK_INBOUND; j++, next_in++)); do inbound_push "$next_in"; done
    sleep "$((d / 10)).$((d % 10))"
    # every other kill finds smsbox stalled (SIGSTOP) with loa's requests unanswered: those are in flight when
    # loa dies, and smsbox, going on afterwards, may still hand them to the carrier
    [ $((k % 2)) -eq 1 ] && { kill -STOP "$smsbox"; sleep 0.5; }
    crash_kill "$k" "$d"
    kill -CONT "$smsbox"
done
start_daemon
for (( ; next_in <= SOAK_INBOUND; next_in++)); do inbound_push "$next_in"; done
settled=0
for _ in $(seq 1500); do
    if [ $(( $(state_count queued) + $(state_count sending) )) -eq 0 ] &&
       [ "$(sql "SELECT count(*) FROM inbox WHERE complete = 1")" -ge "$SOAK_INBOUND" ]; then settled=1; break; fi
    sleep 0.2
done
sleep 2   # the last parts through bearerbox to the carrier, and a push smsbox may still retry
crash_verdict "$SOAK_IN_FLIGHT" "in_flight messages"

# The carrier's side: how often each resident's phone got the message, against loa's state.
python3 tests/kannel/fakesmsc-decode.py "$K/fakesmsc.log" >"$T/phones"
sql "SELECT phone, state FROM outbox WHERE run_id IN (SELECT id FROM runs WHERE campaign = 'soak')" | tr '|' ' ' >"$T/states"
read -r parts dup bad_sent bad_failed unk_went unk_not stray < <(awk '
    NR == FNR { split($0, f, "\t"); n[f[1]]++; if (f[2] ~ /twice/) n[f[1]]++; parts++; next }
    { st[$1] = $2 }
    END {
        for (p in st) {
            a = n[p] + 0
            if (a > 1) dup++
            if (st[p] == 2 && a != 1) bad_sent++
            if (st[p] == 4 && a != 0) bad_failed++
            if (st[p] == 5) { if (a == 1) unk_went++; else if (a == 0) unk_not++ }
        }
        for (p in n) if (!(p in st)) stray++
        print parts + 0, dup + 0, bad_sent + 0, bad_failed + 0, unk_went + 0, unk_not + 0, stray + 0
    }' "$T/phones" "$T/states")
check "no message on a phone twice ($dup)" test "$dup" -eq 0
check "every sent message on its phone exactly once ($bad_sent not)" test "$bad_sent" -eq 0
check "no failed message on a phone ($bad_failed)" test "$bad_failed" -eq 0
check "nothing on a phone that loa does not know ($stray)" test "$stray" -eq 0
inbound_check

echo "---"
echo "figures: $SOAK_MESSAGES messages, $SOAK_KILLS kills ($mid_send with messages in flight, at most $worst_kill at once)," \
     "$sent sent, $failed failed, $unknown unknown ($unk_went of them reached the phone, $unk_not not), 0 queued;" \
     "$parts messages at the carrier; $dup duplicates; $(wc -l <"$T/inbound.plan") received through Kannel, stored once;" \
     "elapsed ${elapsed} s"
if [ "$fails" -eq 0 ]; then echo "kannel soak: PASS"; else echo "kannel soak: FAIL ($fails checks failed)"; exit 1; fi
