# lib.sh — helpers for integration tests: each test runs the real loa binary in a
# temporary folder and prints TAP lines ("ok N - what", "not ok N - what").
set -u
: "${LOA_BIN:?run through tests/run.sh (make check)}"
T=$(mktemp -d /tmp/loa-it-XXXXXX)
# Whatever way a test ends: its fake modems stopped, the daemon it runs (process group $daemon, when
# set and not 0) killed, its folder removed (kept with KEEP=1, to look at).
fakes=""
trap 'for p in $fakes; do kill "$p" 2>/dev/null; done; [ "${daemon:-0}" -gt 0 ] && kill -9 -- "-$daemon" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
n=0
fails=0

ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }

# check "description" command...: passes when the command succeeds.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# One clock per scenario. `clock "YYYY-MM-DD HH:MM"` exports LOA_NOW for the rest of the script,
# so the daemon and every CLI call of a scenario start from the same moment (each process's clock
# runs on from it) whatever the date and hour the test runs on. `loa`, `run` and `loa_exec` refuse
# to run loa without it: the call is not made, and the script fails at `finish` naming it.
unset LOA_NOW
# Messages in English, whatever the machine's locale or the configuration's `language` says; a test
# of the Vietnamese catalog sets LANGUAGE=vi for its own calls (test_i18n.sh).
export LANGUAGE=en
clock() { export LOA_NOW="$1"; }
need_clock() {
    [ -n "${LOA_NOW:-}" ] && return 0
    echo "loa $* (line ${BASH_LINENO[1]})" >>"$T/.noclock"
    echo "    refused: loa called without the scenario's clock (call clock first): loa $*" >&2
    return 125
}
loa() { need_clock "$@" || return; "$LOA_BIN" "$@"; }
# loa_exec ARGS &: the background shell becomes loa itself, so $! is loa's pid (to signal or wait for).
loa_exec() { need_clock "$@" || exit; exec "$LOA_BIN" "$@"; }
# loa_daemon ARGS &: the same in a session of its own, so the exit trap can kill its whole group.
loa_daemon() { need_clock "$@" || exit; exec setsid "$LOA_BIN" "$@"; }

# step ARGS: a setup step: loa ARGS must succeed (its output kept aside); checked like any assertion,
# so a scenario never goes on from a setup that silently failed.
step() {
    local rc=0
    loa "$@" >"$T/.step" 2>&1 || rc=$?
    if [ $rc -eq 0 ]; then ok "setup: loa $*"; else not_ok "setup: loa $* (exit $rc: $(tail -n 2 "$T/.step" | tr '\n' ' '))"; fi
}

# run: runs loa, keeping stdout in $out, stderr in $err, exit code in $rc.
run() {
    out=$(loa "$@" 2>"$T/.stderr"); rc=$?
    err=$(cat "$T/.stderr")
}

contains() { case "$1" in *"$2"*) return 0 ;; *) echo "    expected to find: $2" >&2; echo "    in: ${1:0:600}" >&2; return 1 ;; esac; }
lacks()    { case "$1" in *"$2"*) echo "    did not expect: $2" >&2; return 1 ;; *) return 0 ;; esac; }
equals()   { [ "$1" = "$2" ] || { echo "    expected [$2] got [$1]" >&2; return 1; }; }
# An outbox state's stored code by its name, for SQL in tests (store.h's enum outbox_state: never renumbered).
ob() {
    case $1 in
        queued) echo 0 ;; sending) echo 1 ;; sent) echo 2 ;; delivered) echo 3 ;; failed) echo 4 ;; unknown) echo 5 ;;
        cancelled) echo 6 ;; held) echo 7 ;; *) echo "ob: no state '$1'" >&2; echo -1 ;;
    esac
}
# The stored value of an outbox kind, by name (include/store.h, OK_*): for SQL in tests.
# An outbox message's text in SQL: a campaign run's messages refer to its rendering (run_texts), others hold it.
otext() {
    echo "coalesce((SELECT t.text FROM run_texts t WHERE t.id = outbox.text_id), outbox.text)"
}
# An outbox message's campaign in SQL: a run's messages hold none of their own (the run's is theirs).
ocampaign() {
    echo "coalesce(outbox.campaign, (SELECT r.campaign FROM runs r WHERE r.id = outbox.run_id))"
}

okind() {
    case $1 in
        campaign) echo 0 ;; adhoc) echo 1 ;; auto) echo 2 ;; test) echo 3 ;; *) echo "okind: no kind '$1'" >&2; echo -1 ;;
    esac
}

# count STATE: how many outbox rows are in that state; wait_idle SECONDS: until none is queued or sending.
count() { loa outbox list --state "$1" --json | grep -c '"id"'; }
wait_idle() {   # until nothing is queued or sending, at most $1 seconds
    for _ in $(seq $(($1 * 5))); do
        [ "$(count queued)" -eq 0 ] && [ "$(count sending)" -eq 0 ] && return 0
        sleep 0.2
    done
    return 1
}

# counters_agree: `loa check --database` finds the outbox's counters (per run and state) equal to its rows.
counters_agree() {
    local o
    o=$(loa check --database 2>&1) && return 0
    echo "    $o" >&2
    return 1
}

# test_cmp EXPECTED_FILE ACTUAL: the whole output compared with the expected file (git's test_cmp);
# on a difference, the unified diff (expected first). ACTUAL's trailing newlines do not count.
# LOA_EXPECT_WRITE=1 writes ACTUAL as the expected file instead (then read the diff before committing it).
test_cmp() {
    [ -n "${LOA_EXPECT_WRITE:-}" ] && { printf '%s\n' "$2" >"$1"; return 0; }
    [ -f "$1" ] || { echo "    no expected file $1" >&2; return 1; }
    diff -u "$1" <(printf '%s\n' "$2") >&2
}

# Lays out a minimal working setup in $T: config/loa.cfg, campaigns/, var/.
setup_commune() {
    mkdir -p "$T/config" "$T/campaigns" "$T/var"
    cp "$LOA_ROOT/config/loa.cfg" "$T/config/loa.cfg"
    export LOA_CONFIG="$T/config/loa.cfg"
}

# fake_modem_commune REPLY_TIMEOUT DEVICE...: $T/config/loa.cfg (exported) with modems m1, m2… on the fake AT
# modems at DEVICE…, no limits, no quiet hours, no delivery reports, the inbox polled hourly (tests of sending).
fake_modem_commune() {
    local to=$1 i=0 d mods=""
    shift
    for d in "$@"; do
        i=$((i + 1))
        mods="$mods${mods:+,
             }{ name = \"m$i\"; device = \"$d\"; rate_per_minute = 0; daily_limit = 0; reply_timeout = $to; }"
    done
    mkdir -p "$T/config" "$T/var" "$T/campaigns"
    cat >"$T/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = ( $mods );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  per_person_per_day = 0;
  delivery_reports = false;
  inbox_poll = 3600;
};
CFG
    export LOA_CONFIG="$T/config/loa.cfg"
}

# start_fakemodem LINK ARG...: the project's fake AT modem on a pty linked at LINK, started (stopped
# at the end) and waited for; without it the test fails once and ends.
start_fakemodem() {
    local link=$1
    shift
    [ -x "$LOA_TOOLS/fakemodem" ] || { not_ok "fake modem missing: make loa-bin-and-tests"; finish; }
    "$LOA_TOOLS/fakemodem" --link "$link" "$@" &
    fakes="$fakes $!"
    for _ in $(seq 100); do [ -e "$link" ] && break; sleep 0.05; done
}

finish() {
    [ -s "$T/.noclock" ] && not_ok "every loa call ran on the scenario's clock; without it: $(tr '\n' ';' <"$T/.noclock")"
    [ "$fails" -eq 0 ]; exit $?
}
