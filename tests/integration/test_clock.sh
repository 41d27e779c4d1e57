#!/usr/bin/env bash
# test_clock — a box that booted without network time: when the system clock is an hour or more
# off the network's (the modem's AT+CCLK), loa sends nothing and says so, until --trust-clock.
# Also the SIM's balance read by USSD at start, shown by status, warned about when low.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
mkdir -p "$T/config" "$T/campaigns" "$T/var"
cat >"$T/config/loa.cfg" <<CFG
commune = "Xã Minh Tiến";
database = "../var/loa.db";
campaigns_dir = "../campaigns";
hamlets = ( { code = "DK"; name = "Xóm Đồng Kiệm"; } );
sms: {
  modems = ( { name = "m1"; model = "at"; connection = "at"; device = "$T/tty"; rate_per_minute = 0; daily_limit = 0;
               reply_timeout = 3; balance_ussd = "*101#"; balance_min = 50000; } );
  quiet_hours = { from = "00:00"; to = "00:00"; };
  inbox_poll = 3600;
};
CFG
export LOA_CONFIG="$T/config/loa.cfg"
cd "$T"
# the network says 1 January 2020: this box's clock is years off
start_fakemodem "$T/tty" --log "$T/modem.log" --clock "20/01/01,08:00:00+28"

step sms send 0912000001 "Thu nghiem dong ho"
run --log-file run1.log run --once
check "with a wrong clock, run --once sends nothing" equals "$(loa outbox list --state queued --json | grep -c '"id"')" 1
check "the log says why, loudly" contains "$(cat run1.log)" "differs from the network's by"
run status
check "status shows the modem held by the clock" contains "$out" "m1     clock"
check "status shows the SIM balance" contains "$out" "balance:"
check "a balance below balance_min is warned about" contains "$(cat run1.log)" "below balance_min"
run --log-file run2.log run --once --trust-clock
check "--trust-clock sends anyway" equals "$(loa outbox list --state sent --json | grep -c '"id"')" 1
finish
