#!/usr/bin/env bash
# test_officer_run — what the officer sees when sending goes wrong: `run --once` with the modem down says
# so and exits 3; the blocked-SIM warning only where the modem brings delivery reports back.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:30"
setup_commune
cp "$LOA_ROOT"/campaigns/khao-sat-vneid.cfg "$T/campaigns/"
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"

# The modem is down (its device is gone): the due poll's messages wait, and --once says so with exit 3.
: > var/nophone   # a file where the phone's directory should be: the dummy phone cannot open
sed -i 's|device = "../var/phone"|device = "../var/nophone/missing"|' config/loa.cfg
clock "2026-12-01 08:30"; run --log-file down.log run --once
check "run --once with the modem down exits 3" equals "$rc" 3
check "and says how many messages wait and which modem could not send" contains "$err" \
    "loa: 200 messages wait in the queue: modem m1 could not send"
check "the log says it too" contains "$(cat down.log)" "200 messages wait in the queue and modem m1 could not send"
check "nothing was sent" equals "$(count queued)" 200

# The modem back: the same command sends them and exits 0.
sed -i 's|device = "../var/nophone/missing"|device = "../var/phone"|' config/loa.cfg
clock "2026-12-01 08:40"; run --log-file up.log run --once
check "with the modem back, run --once exits 0" equals "$rc" 0
check "and everything went" equals "$(count sent)" 200

# Gammu's dummy phone never reports a delivery: 200 sends, none delivered, and no blocked-SIM warning.
clock "2026-12-01 11:00"; run status
check "status on the dummy phone does not call its SIM blocked" lacks "$out" "SIM may be blocked"
run status --json
check "nor does status --json" contains "$out" '"delivery_warning": null'
# Those sends asked for no report the dummy phone could bring back: naming a real modem now changes nothing.
sed -i 's|model = "dummy"; connection = "none"|model = "at"; connection = "at"|' config/loa.cfg
run status
check "sends that could not bring a report back are never judged" lacks "$out" "SIM may be blocked"

# A real modem (the fake AT modem) asked for reports on 50 sends and none came back: warned.
mkdir -p at/config at/var at/campaigns
cat >at/config/loa.cfg <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = ( { name = "m1"; model = "at"; connection = "at"; device = "$T/tty"; rate_per_minute = 0; daily_limit = 0; } );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  per_person_per_day = 0;
  delivery_reports = true;
  inbox_poll = 3600;
};
CFG
export LOA_CONFIG="$T/at/config/loa.cfg"
clock "2026-12-01 09:00"   # the fake modem's network time too
start_fakemodem "$T/tty" --log "$T/modem.log"
for i in $(seq 10 59); do loa sms send "09120000$i" "Thu nghiem $i" >/dev/null; done
clock "2026-12-01 09:00"; step --log-file at.log run --once
check "the 50 went through the fake modem" equals "$(count sent)" 50
clock "2026-12-01 11:00"; run status
check "a modem that reports deliveries and delivered 0 of 50 is warned about" contains "$out" \
    "only 0 of its last 50 sends delivered: the SIM may be blocked"
run status --json
check "status --json too" contains "$out" '"delivery_warning": "0 of its last 50 sends delivered"'
sed -i 's|delivery_reports = true|delivery_reports = false|' at/config/loa.cfg
run status
check "no warning once reports are no longer asked for" lacks "$out" "SIM may be blocked"
finish
