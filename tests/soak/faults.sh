#!/usr/bin/env bash
# faults — the fault soak: a campaign to SOAK_MESSAGES residents through SOAK_MODEMS fake AT modems that answer
# SOAK_CMS_RATE of the sends with +CMS ERROR: 38 (retryable), stay silent after SOAK_SILENCE_RATE of the PDUs,
# and vanish twice for SOAK_VANISH_SECONDS (first m1 alone at a quarter of the campaign, then every modem at
# once at 60 %). One `loa run` throughout. Then it correlates the fakes' logs with loa's outbox: every
# +CMS ERROR retried until sent (unless a later attempt went silent), every silence unknown and nothing else
# unknown but a message whose answer was lost when its modem vanished, failed only after max_attempts,
# nothing accepted twice, nothing left queued; the daemon never restarted and stops cleanly on SIGTERM.
# SOAK=short: the CI size. Ends with PASS or FAIL.
. "$(dirname "$0")/lib.sh"
case ${SOAK:-full} in
short) : "${SOAK_MESSAGES:=60}" "${SOAK_VANISH_SECONDS:=5}" ;;
*)     : "${SOAK_MESSAGES:=500}" "${SOAK_VANISH_SECONDS:=30}" ;;
esac
: "${SOAK_MODEMS:=4}" "${SOAK_SEED:=1}" "${SOAK_CMS_RATE:=0.10}" "${SOAK_SILENCE_RATE:=0.05}" "${SOAK_MAX_ATTEMPTS:=8}"
max=$SOAK_MAX_ATTEMPTS
echo "fault soak: $SOAK_MESSAGES messages, $SOAK_MODEMS fake modems, +CMS ERROR $SOAK_CMS_RATE, silence" \
     "$SOAK_SILENCE_RATE, 2 vanishes of $SOAK_VANISH_SECONDS s, max_attempts $max, seed $SOAK_SEED"
t0=$(date +%s)

# reply_timeout = 2: what a silence costs before the message is unknown
soak_commune "$SOAK_MODEMS" "$max" 3600 2
soak_campaign "$SOAK_MESSAGES" || { echo "fault soak: FAIL (setup)"; exit 1; }
soak_fakes "$SOAK_MODEMS" --cms-rate "$SOAK_CMS_RATE" --silence-rate "$SOAK_SILENCE_RATE" || { echo "fault soak: FAIL (setup)"; exit 1; }

accepted() { cat "$T"/modem*.log | grep -c '^SENT'; }
setsid "$LOA_BIN" --log-file "$T/run.log" run &
daemon=$!
pid0=$daemon
vanish1=0 vanish2=0 settled=0 died=0
for _ in $(seq 4800); do   # 20 minutes at most
    if ! kill -0 "$daemon" 2>/dev/null; then died=1; break; fi
    a=$(accepted)
    if [ "$vanish1" -eq 0 ] && [ "$a" -ge $((SOAK_MESSAGES / 4)) ]; then
        echo "vanish $SOAK_VANISH_SECONDS" >"$T/control1"
        vanish1=$a
        echo "m1 vanishes for $SOAK_VANISH_SECONDS s after $a accepted"
    fi
    if [ "$vanish2" -eq 0 ] && [ "$a" -ge $((SOAK_MESSAGES * 6 / 10)) ]; then
        for i in $(seq 1 "$SOAK_MODEMS"); do echo "vanish $SOAK_VANISH_SECONDS" >"$T/control$i"; done
        vanish2=$a
        echo "every modem vanishes for $SOAK_VANISH_SECONDS s after $a accepted"
    fi
    # settled: both vanishes over (every modem back) and nothing queued or sending
    if [ "$vanish2" -gt 0 ] && [ "$(cat "$T"/modem*.log | grep -c '^BACK')" -eq $((1 + SOAK_MODEMS)) ] &&
       [ $(( $(state_count queued) + $(state_count sending) )) -eq 0 ]; then
        settled=1
        break
    fi
    sleep 0.25
done
sleep 1
alive=0
kill -0 "$daemon" 2>/dev/null && [ "$died" -eq 0 ] && alive=1
kill -TERM "$daemon"
wait "$daemon"
rc=$?
daemon=0
left=$(ps -o pid= -g "$pid0" | wc -l)
elapsed=$(( $(date +%s) - t0 ))

echo "---"
check "the queue settled with one daemon (both vanishes after $vanish1 and $vanish2 accepted)" test "$settled" -eq 1
check "the daemon (pid $pid0) was still alive at the end" test "$alive" -eq 1
starts=$(grep -c 'loa run started' "$T/run.log")
restarts=$(grep -c 'worker for modem .* exited' "$T/run.log")
check "loa never restarted: one start, no worker restarted ($starts, $restarts)" test "$starts" -eq 1 -a "$restarts" -eq 0
check "SIGTERM stopped it cleanly (status $rc, $left processes left)" test "$rc" -eq 0 -a "$left" -eq 0
check "its log says so" grep -q 'loa run stopping' "$T/run.log"
vanishes=$(cat "$T"/modem*.log | grep -c '^VANISH')
backs=$(cat "$T"/modem*.log | grep -c '^BACK')
check "the modems vanished and came back ($vanishes vanishes, $backs returns)" test "$vanishes" -eq $((1 + SOAK_MODEMS)) -a "$backs" -eq "$vanishes"

# The fakes' side against loa's, per recipient (one message each).
modem_attempts "$SOAK_MODEMS" >"$T/attempts"
sql "SELECT phone, state, attempts FROM outbox WHERE run_id IN (SELECT id FROM runs WHERE campaign = 'soak')" | tr '|' ' ' >"$T/states"
awk -v max="$max" '
    NR == FNR {
        if ($3 == "VANISH_AFTER") { lost[$2] = 1; next }
        n[$2 " " $3]++; pdus++; seen[$2] = 1
        if ($3 == "SENT") ud[$2 " " $4]++
        next
    }
    { st[$1] = $2; att[$1] = $3 }
    END {
        for (p in st) {
            s = st[p]; sent = n[p " SENT"] + 0; cms = n[p " CMS"] + 0; sil = n[p " SILENCE"] + 0
            tot_sent += sent; tot_cms += cms; tot_sil += sil
            if (sent > 1) dup++
            if (s == 2) { rows_sent++; if (sent != 1 || sil) bad_sent++ }
            else if (s == 5) {
                rows_unk++
                if (sil == 1 && sent == 0) unk_sil++
                else if (sil == 0 && sent <= 1 && (lost[p] || n[p " NONE"])) unk_vanish++
                else unk_bad++
            } else if (s == 4) {
                rows_failed++
                if (att[p] != max || sent || sil) bad_failed++
            } else stuck++
            if (sil && s != 5) sil_not_unk++
            if (sil > 1) sil_twice++
            if (cms) {
                with_cms++
                if (s == 2) cms_sent++
                else if (s == 5 && sil) cms_then_sil++
                else if (s == 4) cms_failed++
                else if (s == 5) cms_then_vanish++
                else cms_bad++
            }
        }
        for (k in ud) if (ud[k] > 1) dup_ud++
        for (p in seen) if (!(p in st)) stray++
        print pdus + 0, tot_sent + 0, tot_cms + 0, tot_sil + 0, rows_sent + 0, rows_unk + 0, rows_failed + 0, stuck + 0,
              dup + 0, dup_ud + 0, bad_sent + 0, unk_sil + 0, unk_vanish + 0, unk_bad + 0, bad_failed + 0, sil_not_unk + 0,
              sil_twice + 0, with_cms + 0, cms_sent + 0, cms_then_sil + 0, cms_failed + 0, cms_then_vanish + 0, cms_bad + 0,
              stray + 0
    }' "$T/attempts" "$T/states" >"$T/figures"
read -r pdus tot_sent tot_cms tot_sil rows_sent rows_unk rows_failed stuck dup dup_ud bad_sent unk_sil unk_vanish \
    unk_bad bad_failed sil_not_unk sil_twice with_cms cms_sent cms_then_sil cms_failed cms_then_vanish cms_bad stray <"$T/figures"
check "every message exactly once in sent, failed or unknown ($rows_sent + $rows_failed + $rows_unk of $SOAK_MESSAGES)" \
    test $((rows_sent + rows_failed + rows_unk)) -eq "$SOAK_MESSAGES" -a "$stuck" -eq 0
check "nothing accepted twice ($dup by recipient, $dup_ud by recipient and text)" test "$dup" -eq 0 -a "$dup_ud" -eq 0
check "every sent message accepted exactly once, none after a silence ($bad_sent not)" test "$bad_sent" -eq 0
check "every silence made its message unknown, never resent ($tot_sil silences; $sil_not_unk not unknown, $sil_twice resent)" \
    test "$sil_not_unk" -eq 0 -a "$sil_twice" -eq 0 -a "$unk_sil" -eq "$tot_sil"
check "nothing else unknown but answers lost when a modem vanished ($unk_vanish such, $unk_bad unexplained)" \
    test "$unk_bad" -eq 0 -a "$unk_vanish" -le $((1 + SOAK_MODEMS))
check "every +CMS ERROR retried until sent, unless a later attempt went silent ($cms_sent of $with_cms sent, $cms_then_sil silent later, $cms_failed failed, $cms_bad neither)" \
    test "$cms_bad" -eq 0 -a $((cms_sent + cms_then_sil + cms_failed + cms_then_vanish)) -eq "$with_cms"
check "failed only after $max attempts ($rows_failed failed, $bad_failed otherwise)" test "$bad_failed" -eq 0
check "nothing accepted that loa does not know ($stray)" test "$stray" -eq 0
reopens=$(grep -c 'modem m[0-9]* open' "$T/run.log")
downs=$(grep -c 'marked down after' "$T/run.log")

echo "---"
echo "figures: $SOAK_MESSAGES messages; $pdus PDUs written to the modems: $tot_sent accepted, $tot_cms +CMS ERROR," \
     "$tot_sil silent; outbox: $rows_sent sent ($cms_sent after a +CMS ERROR), $rows_unk unknown ($unk_sil silence," \
     "$unk_vanish lost with a vanished modem), $rows_failed failed, 0 queued; $vanishes vanishes of" \
     "${SOAK_VANISH_SECONDS} s; $downs modem-down episodes, $reopens modem opens; daemon pid $pid0 throughout;" \
     "0 duplicates; elapsed ${elapsed} s"
if [ "$fails" -eq 0 ]; then echo "fault soak: PASS"; else echo "fault soak: FAIL ($fails checks failed)"; exit 1; fi
