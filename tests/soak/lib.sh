#!/usr/bin/env bash
# lib.sh — what the soaks share: a commune in a temporary folder whose modems are the project's fake AT
# modems (Gammu's real AT driver talks to them), a campaign due now, inbound PDUs, and the reading of the
# fakes' logs (which PDU went to whom, and what the fake answered).
set -u
cd "$(dirname "$0")/../.."
build=${LOA_BUILD:-build/std}
LOA_BIN="$PWD/$build/loa"
FAKE="$PWD/$build/tools/fakemodem"
for f in "$LOA_BIN" "$FAKE"; do
    [ -x "$f" ] || { echo "$f missing: make loa-bin-and-tests"; echo "FAIL"; exit 2; }
done
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: make deps"; echo "FAIL"; exit 2; }

T=$(mktemp -d /tmp/loa-soak-XXXXXX)
fails=0
fake_pids=()
daemon=0
soak_cleanup() {
    [ "$daemon" -gt 0 ] && kill -9 -- "-$daemon" 2>/dev/null
    for p in "${fake_pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ "$fails" -eq 0 ] && [ -z "${SOAK_KEEP:-}" ]; then rm -rf "$T"; else echo "(files kept in $T)"; fi
}
trap soak_cleanup EXIT

ok()     { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
check()  { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
sql()    { sqlite3 "$T/var/loa.db" "$@"; }

# soak_commune MODEMS MAX_ATTEMPTS INBOX_POLL REPLY_TIMEOUT: config/loa.cfg with MODEMS fake modems
# (m1..mN at $T/ttyN, inbox $T/inboxN, log $T/modemN.log, control $T/controlN); no quiet hours, no limits.
soak_commune() {
    local nm=$1 i mods=""
    mkdir -p "$T/config" "$T/campaigns" "$T/var"
    for i in $(seq 1 "$nm"); do
        mkdir -p "$T/inbox$i"
        : >"$T/control$i"
        mods="$mods${mods:+,
}    { name = \"m$i\"; model = \"at\"; connection = \"at\"; device = \"$T/tty$i\"; rate_per_minute = 0;
      daily_limit = 0; reply_timeout = $4; }"
    done
    cat >"$T/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
campaigns_dir = "../campaigns";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = (
$mods
  );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  per_person_per_day = 0;
  max_attempts = $2;
  retry_base = 1;
  delivery_reports = false;
  inbox_poll = $3;
};
CFG
    export LOA_CONFIG="$T/config/loa.cfg"
}

# soak_campaign N: N residents (+84912000001…) and a one-part GSM-7 campaign to all of them, due a
# minute ago (catch_up lets the scheduler materialise it at the daemon's first tick).
soak_campaign() {
    local n=$1 i
    { echo "Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm"
      for i in $(seq 1 "$n"); do printf 'Cu dan %04d,0912%06d,DK,DK-%04d,\n' "$i" "$i" "$i"; done
    } >"$T/contacts.csv"
    "$LOA_BIN" contacts import "$T/contacts.csv" >/dev/null || { not_ok "contacts import"; return 1; }
    local due
    due=$(TZ=Asia/Ho_Chi_Minh date -d '1 minute ago' '+%Y-%m-%d %H:%M')
    cat >"$T/campaigns/soak.cfg" <<CFG
id = "soak";
title = "Soak";
catch_up = "2h";
sms: {
  text = "UBND xa Minh Tien moi {ten|ba con} den nha van hoa xom de kich hoat VNeID muc 2. Soan HUY de ngung nhan tin.";
  diacritics = false;
  schedule: { at = [ "$due" ]; };
};
CFG
    "$LOA_BIN" check >"$T/check.out" 2>&1 || { not_ok "loa check: $(cat "$T/check.out")"; return 1; }
}

# soak_fakes N [fakemodem options…]: N fake modems, each with its own link, log, control file and inbox,
# and its own seed for random faults (derived from SOAK_SEED, so a run can be repeated).
soak_fakes() {
    local nm=$1 i
    shift
    for i in $(seq 1 "$nm"); do
        "$FAKE" --link "$T/tty$i" --log "$T/modem$i.log" --control "$T/control$i" --inbox "$T/inbox$i" \
            --ref-start $((i * 50)) --seed $(( ${SOAK_SEED:-1} * 100 + i )) "$@" &
        fake_pids+=($!)
    done
    for i in $(seq 1 "$nm"); do
        for _ in $(seq 100); do [ -e "$T/tty$i" ] && break; sleep 0.05; done
        [ -e "$T/tty$i" ] || { not_ok "fake modem $i did not come up"; return 1; }
    done
}

# Outbox counts by state: queued sending sent delivered failed unknown cancelled.
state_count() {
    local s
    case $1 in queued) s=0 ;; sending) s=1 ;; sent) s=2 ;; delivered) s=3 ;; failed) s=4 ;; unknown) s=5 ;; cancelled) s=6 ;; esac
    sql "SELECT count(*) FROM outbox WHERE state = $s"
}

# ---- the crash soaks (crash.sh, kannel.sh) ---------------------------------------------------------------

start_daemon() {
    setsid "$LOA_BIN" --log-file "$T/run.log" run &
    daemon=$!
}
left_sending=0      # rows found `sending` after the kills that a modem may have had, summed
left_claimed=0      # rows found `sending` that no modem had been given yet (outbox.written = 0), summed
worst_kill=0        # the most rows `sending` after one kill
mid_send=0          # kills that left at least one row `sending`
# crash_kill K D: the K-th kill, D tenths of a second after the start: SIGKILL to the daemon's whole group, waited
# for; the rows it left `sending` counted: those a modem may have had, and those claimed before any PDU went.
crash_kill() {
    local s c
    kill -9 -- "-$daemon"
    wait "$daemon" 2>/dev/null
    # as systemd does: the next start waits until the whole group is gone (its workers hold the daemon's lock)
    while pgrep -g "$daemon" >/dev/null; do sleep 0.02; done
    daemon=0
    s=$(state_count sending)
    c=$(sql "SELECT count(*) FROM outbox WHERE state = 1 AND written = 0")
    left_sending=$((left_sending + s - c))
    left_claimed=$((left_claimed + c))
    [ "$s" -gt "$worst_kill" ] && worst_kill=$s
    [ "$s" -gt 0 ] && mid_send=$((mid_send + 1))
    printf 'kill %2d after %d.%d s: %d sending (%d not yet given to a modem), %d sent so far\n' "$1" $(($2 / 10)) \
        $(($2 % 10)) "$s" "$c" "$(state_count sent)"
}
# crash_verdict IN_FLIGHT WHAT: the last run stopped with SIGTERM, then the outbox's checks: the campaign once,
# every message once in sent, failed or unknown, at most IN_FLIGHT (WHAT says whose) `sending` after a kill, and
# exactly those unknown (those claimed before any PDU went, queued again). Sets rc, elapsed, sent, failed, unknown,
# requeued. Needs settled and t0.
crash_verdict() {
    local runs rows queued sending other recovered
    kill -TERM "$daemon"
    wait "$daemon"
    rc=$?
    daemon=0
    elapsed=$(( $(date +%s) - t0 ))
    echo "---"
    check "the queue settled after the last start" test "$settled" -eq 1
    check "the last run stopped cleanly on SIGTERM (status $rc)" test "$rc" -eq 0
    runs=$(sql "SELECT count(*) FROM runs WHERE campaign = 'soak'")
    rows=$(sql "SELECT count(*) FROM outbox WHERE run_id IN (SELECT id FROM runs WHERE campaign = 'soak')")
    check "the campaign was materialised once ($runs run, $rows messages)" test "$runs" -eq 1 -a "$rows" -eq "$SOAK_MESSAGES"
    sent=$(state_count sent); failed=$(state_count failed); unknown=$(state_count unknown)
    queued=$(state_count queued); sending=$(state_count sending); other=$(( $(state_count delivered) + $(state_count cancelled) ))
    check "every message exactly once in sent, failed or unknown ($sent + $failed + $unknown of $SOAK_MESSAGES)" \
        test $((sent + failed + unknown)) -eq "$SOAK_MESSAGES" -a "$queued" -eq 0 -a "$sending" -eq 0 -a "$other" -eq 0
    check "at most $2 in flight at each kill (worst: $worst_kill, at most $1)" test "$worst_kill" -le "$1"
    check "exactly the messages in flight at the kills became unknown ($unknown unknown, $left_sending in flight)" \
        test "$unknown" -eq "$left_sending"
    recovered=$(grep -o '[0-9]* messages\? \(was\|were\) being sent when loa stopped' "$T/run.log" | awk '{ n += $1 } END { print n + 0 }')
    check "each start reported what it found in flight ($recovered)" test "$recovered" -eq "$left_sending"
    requeued=$(grep -o '[0-9]* messages\? claimed when loa stopped had not reached a modem' "$T/run.log" |
               awk '{ n += $1 } END { print n + 0 }')
    check "each start queued again what no modem had been given ($requeued, $left_claimed found)" \
        test "$requeued" -eq "$left_claimed"
}

# ---- inbound PDUs -----------------------------------------------------------------------------------------

hex_ucs2() {   # ASCII text -> UCS-2 hex
    local s=$1 i out=""
    for ((i = 0; i < ${#s}; i++)); do out="$out$(printf '%04X' "'${s:i:1}")"; done
    printf '%s' "$out"
}
swap_digits() {   # "84987650001" -> "4889675000F1": semi-octets, F-padded
    local d=$1 i out=""
    [ $(( ${#d} % 2 )) -eq 1 ] && d="${d}F"
    for ((i = 0; i < ${#d}; i += 2)); do out="$out${d:i+1:1}${d:i:1}"; done
    printf '%s' "$out"
}
# deliver_pdu DIGITS TEXT SECOND [REF PART TOTAL]: an SMS-DELIVER (no SMSC) from +DIGITS, UCS-2, sent at
# 2026-11-26 19:MM:SS+07 with MM:SS from SECOND (so every message has its own time).
deliver_pdu() {
    local digits=$1 text=$2 sec=$3 ref=${4:-0} part=${5:-1} total=${6:-1} ud udh="" fo=04
    ud=$(hex_ucs2 "$text")
    if [ "$total" -gt 1 ]; then udh=$(printf '050003%02X%02X%02X' "$ref" "$total" "$part"); fo=44; fi
    printf '00%s%02X91%s0008%s%02X%s%s' "$fo" "${#digits}" "$(swap_digits "$digits")" \
        "$(swap_digits "$(printf '261126%02d%02d%02d' 19 $(( sec / 60 % 60 )) $(( sec % 60 )))")82" \
        $(( ${#ud} / 2 + ${#udh} / 2 )) "$udh" "$ud"
}

# inbound_plan N: N received messages (every fifth in two parts), one a line in $T/inbound.plan:
# "K DIGITS PARTS TEXT1|TEXT2"; the message K's expected stored text is TEXT1 TEXT2 joined.
inbound_plan() {
    local k
    : >"$T/inbound.plan"
    for k in $(seq 1 "$1"); do
        if [ $((k % 5)) -eq 0 ]; then
            echo "$k 8498765$(printf %04d "$k") 2 Hoi dap so $k, phan mot: CCCD gan chip lam o dau? |Phan hai cua tin $k: cam on can bo xa."
        else
            echo "$k 8498765$(printf %04d "$k") 1 Cau hoi so $k: toi muon kich hoat VNeID thi lam the nao?|"
        fi
    done >>"$T/inbound.plan"
}
# inbound_drop K MODEM [PART]: message K of the plan (or only its part PART) into modem MODEM's inbox.
inbound_drop() {
    local k=$1 m=$2 only=${3:-} line digits parts text p1 p2
    line=$(sed -n "${k}p" "$T/inbound.plan")
    read -r _ digits parts text <<<"$line"
    p1=${text%%|*}
    p2=${text#*|}
    if [ "$parts" -eq 1 ]; then
        deliver_pdu "$digits" "$p1" "$k" >"$T/inbox$m/.tmp" && mv "$T/inbox$m/.tmp" "$T/inbox$m/k$k.pdu"
        return
    fi
    if [ -z "$only" ] || [ "$only" = 1 ]; then
        deliver_pdu "$digits" "$p1" "$k" $((k % 256)) 1 2 >"$T/inbox$m/.tmp" && mv "$T/inbox$m/.tmp" "$T/inbox$m/k$k-1.pdu"
    fi
    if [ -z "$only" ] || [ "$only" = 2 ]; then
        deliver_pdu "$digits" "$p2" "$k" $((k % 256)) 2 2 >"$T/inbox$m/.tmp" && mv "$T/inbox$m/.tmp" "$T/inbox$m/k$k-2.pdu"
    fi
}
# inbound_check: every planned message stored exactly once, whole, from its sender; nothing else stored;
# nothing left on the modems. Prints the figures.
inbound_check() {
    local planned stored extra missing dup left
    planned=$(wc -l <"$T/inbound.plan")
    sql -separator '|' "SELECT sender, text, complete FROM inbox" >"$T/inbox.stored"
    # the expected "sender|text|1" lines
    while read -r _ digits _ text; do printf '+%s|%s|1\n' "$digits" "${text%%|*}${text#*|}"; done \
        <"$T/inbound.plan" >"$T/inbox.expected"
    stored=$(wc -l <"$T/inbox.stored")
    missing=$(sort "$T/inbox.expected" | comm -23 - <(sort -u "$T/inbox.stored") | wc -l)
    extra=$(sort -u "$T/inbox.stored" | comm -13 <(sort "$T/inbox.expected") - | wc -l)
    dup=$(sort "$T/inbox.stored" | uniq -d | wc -l)
    left=$(find "$T"/inbox* -name '*.pdu' | wc -l)
    echo "received: $planned planned, $stored stored, $missing missing, $dup stored twice, $extra unexpected, $left left on the modems"
    check "every received message stored exactly once, whole ($stored of $planned)" \
        test "$stored" -eq "$planned" -a "$missing" -eq 0 -a "$dup" -eq 0 -a "$extra" -eq 0
    check "nothing left in the modems' inboxes ($left)" test "$left" -eq 0
}

# ---- the fakes' logs --------------------------------------------------------------------------------------

# modem_attempts: one line per PDU the fakes received, in order per modem:
#   MODEM RECIPIENT OUTCOME UD_HEX     OUTCOME: SENT, CMS, SILENCE, or NONE (no answer logged)
# and a line "MODEM RECIPIENT VANISH_AFTER OUTCOME" when the device vanished right after an answer (the answer
# may never have reached loa). The recipient is decoded from the SMS-SUBMIT TPDU (SMSC prefix skipped).
modem_attempts() {
    local i
    for i in $(seq 1 "$1"); do
        awk -v m="m$i" '
        function hv(c) { return index("0123456789ABCDEF", c) - 1 }
        function byte(s, i) { return hv(substr(s, 2 * i + 1, 1)) * 16 + hv(substr(s, 2 * i + 2, 1)) }
        function flush_pdu(outcome) { if (have) print m, num, outcome, ud; have = 0 }
        /^PDU / {
            flush_pdu("NONE")
            p = toupper($2); i = 1 + byte(p, 0); fo = byte(p, i); i += 2
            dl = byte(p, i); toa = byte(p, i + 1); i += 2
            nb = int((dl + 1) / 2); num = ""
            for (k = 0; k < nb; k++) { b = substr(p, 2 * (i + k) + 1, 2); num = num substr(b, 2, 1) substr(b, 1, 1) }
            num = substr(num, 1, dl); if (toa == 145) num = "+" num
            i += nb + 2; vpf = int(fo / 8) % 4
            if (vpf == 2) i += 1; else if (vpf != 0) i += 7
            ud = substr(p, 2 * i + 1); have = 1; last = ""; next
        }
        /^SENT/    { lastnum = num; flush_pdu("SENT"); last = "SENT"; next }
        /^CMS/     { lastnum = num; flush_pdu("CMS"); last = "CMS"; next }
        /^SILENCE/ { lastnum = num; flush_pdu("SILENCE"); last = "SILENCE"; next }
        /^VANISH/  { flush_pdu("NONE"); if (last != "") print m, lastnum, "VANISH_AFTER", last; last = ""; next }
        { last = "" }
        END { flush_pdu("NONE") }' "$T/modem$i.log"
    done
}
