# test_fakemodem — the fake AT modem on its own, driven by Gammu's command-line tool (its real AT driver):
# identification, random faults from --seed/--cms-rate, an idle fake using no CPU, a clean exit on SIGTERM.
. "$(dirname "$0")/lib.sh"

fake="$LOA_TOOLS/fakemodem"
if [ ! -x "$fake" ] || ! command -v gammu >/dev/null; then
    not_ok "fake modem ($fake) and gammu are needed: make loa-bin-and-tests; make deps"
    finish
fi

"$fake" --link "$T/tty" --log "$T/log" --seed 7 --cms-rate 1.0 &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -e "$T/tty" ] && break; sleep 0.05; done
check "the fake modem's pty appears at --link" test -e "$T/tty"

printf '[gammu]\ndevice = %s\nconnection = at\nmodel = at\n' "$T/tty" >"$T/gammurc"
id=$(timeout 60 gammu -c "$T/gammurc" identify 2>&1)
check "Gammu's AT driver identifies it" contains "$id" "loa-fake"

timeout 60 gammu -c "$T/gammurc" sendsms TEXT +84912345678 -text "Thu nghiem" >"$T/send.out" 2>&1
src=$?
check "with --cms-rate 1.0 every send is refused" test "$src" -ne 0
check "the PDU and the refusal are logged" contains "$(cat "$T/log")" "CMS 38"
check "the logged PDU is hex" grep -Eq '^PDU [0-9A-F]+$' "$T/log"

t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
sleep 2
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
check "idle, it uses no CPU (ticks $t0 -> $t1)" test $((t1 - t0)) -le 1

kill -TERM "$pid"
wait "$pid"
check "SIGTERM ends it cleanly" test $? -eq 0
check "and removes the link" test ! -e "$T/tty"
finish
