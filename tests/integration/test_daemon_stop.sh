#!/usr/bin/env bash
# test_daemon_stop — SIGTERM waits for every worker: one still waiting for the network's answer while
# another exits at once (its SIGCHLD interrupting the wait) is not left running after `loa run` exits,
# and the message it had in flight is recorded before loa is gone. Found by the fault soak.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
mkdir -p "$T/config" "$T/var" "$T/campaigns"
# m1 sends; m2's clock is years off, so its worker sends nothing and stops at once on SIGTERM.
cat >"$T/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = ( { name = "m1"; device = "$T/tty1"; rate_per_minute = 0; daily_limit = 0; reply_timeout = 6; },
             { name = "m2"; device = "$T/tty2"; rate_per_minute = 0; daily_limit = 0; reply_timeout = 6; } );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  per_person_per_day = 0;
  delivery_reports = false;
  inbox_poll = 3600;
};
CFG
export LOA_CONFIG="$T/config/loa.cfg"
cd "$T"
echo silence >control1
start_fakemodem "$T/tty1" --log "$T/modem1.log" --control "$T/control1"
start_fakemodem "$T/tty2" --log "$T/modem2.log" --clock "20/01/01,00:00:00+28"
daemon=0

step sms send 0912000001 "Thu nghiem dung"
loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 300); do
    grep -q '^SILENCE' modem1.log 2>/dev/null && grep -q 'nothing will be sent' run.log 2>/dev/null && break
    sleep 0.05
done
check "m1 is waiting for an answer that does not come; m2 idles" grep -q '^SILENCE' modem1.log
kill -TERM "$daemon"
wait "$daemon"
rc=$?
left=$(ps -o pid= -g "$daemon" | wc -l)
state=$(sqlite3 var/loa.db "SELECT state FROM outbox")
daemon=0
check "loa run exits 0 on SIGTERM" equals "$rc" 0
check "no worker is left running after loa exits ($left)" equals "$left" 0
check "the message in flight was recorded unknown before loa exited" equals "$state" 5
finish
