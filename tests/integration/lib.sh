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

# run: runs loa, keeping stdout in $out, stderr in $err, exit code in $rc.
run() {
    out=$("$LOA_BIN" "$@" 2>"$T/.stderr"); rc=$?
    err=$(cat "$T/.stderr")
}

contains() { case "$1" in *"$2"*) return 0 ;; *) echo "    expected to find: $2" >&2; echo "    in: ${1:0:600}" >&2; return 1 ;; esac; }
lacks()    { case "$1" in *"$2"*) echo "    did not expect: $2" >&2; return 1 ;; *) return 0 ;; esac; }
equals()   { [ "$1" = "$2" ] || { echo "    expected [$2] got [$1]" >&2; return 1; }; }

# Lays out a minimal working setup in $T: config/loa.cfg, campaigns/, var/.
setup_commune() {
    mkdir -p "$T/config" "$T/campaigns" "$T/var"
    cp "$LOA_ROOT/config/loa.cfg" "$T/config/loa.cfg"
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

finish() { [ "$fails" -eq 0 ]; exit $?; }
