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
# The same sends on a real modem (one that reports deliveries) that reported none: warned.
sed -i 's|model = "dummy"; connection = "none"|model = "at"; connection = "at"|' config/loa.cfg
run status
check "a modem that reports deliveries and delivered 0 of 50 is warned about" contains "$out" \
    "only 0 of its last 50 sends delivered: the SIM may be blocked"
# ... unless the messages never asked for reports
sed -i 's|delivery_reports = true|delivery_reports = false|' config/loa.cfg
run status
check "no warning when no report was asked for" lacks "$out" "SIM may be blocked"
finish
