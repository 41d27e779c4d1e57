#!/usr/bin/env bash
# Issue 27: 10,000 messages through a real Kannel (bearerbox + smsbox, Debian's kannel) to its fake carrier
# (fakesmsc), synchronous = FULL, every outcome committed; loa's CPU per message beside Kannel's; and a bare
# HTTP client (Python, keep-alive, as many connections as loa's in_flight) against the same smsbox in the same run.
. "$(dirname "$0")/lib.sh"
N=${N:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TEXT="UBND xa Minh Tien kinh moi ba con mang CCCD gan chip den nha van hoa xom de kich hoat VNeID."
. "$ROOT/tests/kannel/kannel.sh"
K="$B/kannel"
kannel_setup "$K" bench-secret-1
sed -i 's/log-level = 1/log-level = 3/' "$K/kannel.conf"
/usr/sbin/bearerbox "$K/kannel.conf" >/dev/null 2>&1 & bb=$!
sleep 1
"$FAKESMSC" -H 127.0.0.1 -r "$P_FAKE" -m 0 "0 0 text -" >/dev/null 2>"$K/fake.log" & fk=$!
/usr/sbin/smsbox "$K/kannel.conf" >/dev/null 2>&1 & sb=$!
trap 'kill $bb $sb $fk 2>/dev/null; rm -rf "$B"' EXIT
sleep 2
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system clock ticks

bench_commune
sed -i "s|modems = ( .* );|modems = ( { name = \"k1\"; type = \"kannel\"; url = \"http://127.0.0.1:$P_SENDSMS/cgi-bin/sendsms\"; user = \"loa\"; password = \"bi-mat\"; from = \"9029\"; smsc = \"carrier\"; rate_per_second = 0; in_flight = 16; } ); delivery_reports = false; per_person_per_day = 0;|" "$B/config/loa.cfg"
sed -i 's/quiet_hours = { from = "22:00"; to = "07:00"; };/quiet_hours = { from = "00:00"; to = "00:00"; };/' "$B/config/loa.cfg"
cat >"$B/campaigns/drive.cfg" <<CFG
id = "drive";
title = "VNeID";
sms: { text = "$TEXT"; schedule: { at = [ "2026-12-01 08:00" ]; }; };
CFG
gen_contacts "$N" >"$B/c.csv"
"$LOA_BIN" contacts import "$B/c.csv" >/dev/null
sed -i 's/in_flight = 16; }/in_flight = 16; enabled = false; }/' "$B/config/loa.cfg"
"$LOA_BIN" --now "2026-12-01 08:00" run --once
sed -i 's/ enabled = false;//' "$B/config/loa.cfg"
k0=$(( $(cpu $bb) + $(cpu $sb) ))
measure "$LOA_BIN" --now "2026-12-01 08:00" --log-file "$B/send.log" run --once
k1=$(( $(cpu $bb) + $(cpu $sb) ))
wall=$secs usr=$cpu_usr sys=$cpu_sys
sent=$(sqlite3 "$B/var/loa.db" "select count(*) from outbox where state = 2")
loop=$(grep -o 'handled [0-9]* messages in [0-9.]* s ([0-9]* a second' "$B/send.log")
hz=$(getconf CLK_TCK)
echo "loa through Kannel: $sent of $N messages in ${wall}s whole run ($loop); loa CPU $(awk -v u="$usr" -v s="$sys" -v n="$sent" 'BEGIN { printf "%.0f", (u + s) * 1e6 / n }') µs/message, bearerbox+smsbox $(awk -v d=$((k1 - k0)) -v hz="$hz" -v n="$sent" 'BEGIN { printf "%.0f", d / hz * 1e6 / n }') µs/message"
sleep 3   # let bearerbox hand the last ones to fakesmsc
echo "fakesmsc got $(grep -c 'Got message' "$K/fake.log") parts"

python3 - "$P_SENDSMS" "$N" <<'PY'
import http.client, sys, threading, time, urllib.parse
port, n = int(sys.argv[1]), int(sys.argv[2])
text = urllib.parse.quote("UBND xa Minh Tien kinh moi ba con mang CCCD gan chip den nha van hoa xom de kich hoat VNeID.")
left, lock, ok = [n], threading.Lock(), [0]
def worker():
    c = http.client.HTTPConnection("127.0.0.1", port)
    while True:
        with lock:
            if left[0] == 0: return
            left[0] -= 1; i = left[0]
        c.request("GET", "/cgi-bin/sendsms?username=loa&password=bi-mat&smsc=carrier&from=9029&coding=0&charset=UTF-8&to=%%2B8490%07d&text=%s" % (i, text))
        r = c.getresponse(); r.read()
        if r.status == 202:
            with lock: ok[0] += 1
t0 = time.time()
ts = [threading.Thread(target=worker) for _ in range(16)]
for t in ts: t.start()
for t in ts: t.join()
dt = time.time() - t0
print("bare HTTP client (Python, 16 keep-alive connections): %d accepted in %.2fs = %.0f requests/s" % (ok[0], dt, ok[0] / dt))
PY
