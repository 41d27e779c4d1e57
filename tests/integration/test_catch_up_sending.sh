#!/usr/bin/env bash
# test_catch_up_sending — the catch-up rule where the queue meets the modem (issue 15, item 4): a run
# whose first message could not leave by its time plus catch_up (sending held back, the modem down) is
# skipped whole and says why; once one of its messages has gone, the rest continue, however late.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 07:00"
setup_commune
rm -f "$T/campaigns/"*.cfg
sed -i 's/daily_limit = 0;/daily_limit = 2; auto_reply_parts = 0;/' "$T/config/loa.cfg"   # one message (two parts) a day
cd "$T"
head -4 "$LOA_ROOT/config/demo-contacts.csv" >residents.csv
step contacts import residents.csv
cat >campaigns/sang.cfg <<'CFG'
id = "sang";
title = "Nhắc buổi sáng";
catch_up = "2h";
sms: {
  text = "UBND xã Minh Tiến: mời bà con kích hoạt VNeID. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-01 08:00", "2026-12-05 08:00" ]; };
};
CFG
step run --once
# the 08:00 run starts: one message goes, the day's limit holds the others
clock "2026-12-01 08:00"; step --log-file run1.log run --once
check "the run starts: one message goes" equals "$(count sent)" 1
clock "2026-12-02 09:00"; step --log-file run2.log run --once
check "once a run has started, its messages continue the next day" equals "$(count sent)" 2
check "none of them is cancelled" equals "$(count cancelled)" 0
clock "2026-12-03 09:00"; step --log-file run3.log run --once
check "the last one goes on the third day" equals "$(count sent)" 3

# the officer pauses sending before the next run, and resumes three hours after it
clock "2026-12-05 07:50"; step pause
clock "2026-12-05 08:00"; step --log-file run4.log run --once
check "paused: the run is queued, nothing goes" equals "$(count queued)" 3
clock "2026-12-05 11:00"; step resume
step --log-file run5.log run --once
check "a run whose first message could not go within catch_up is skipped: nothing goes" equals "$(count sent)" 3
check "its messages are cancelled" equals "$(count cancelled)" 3
check "the log says why" contains "$(cat run5.log)" \
    "campaign sang run=2 skipped: no message could go by 2026-12-05 10:00 (catch_up allows no later)"
run campaign results sang
check "campaign results shows the skipped run with why" \
    contains "$out" "1 run skipped (latest 2026-12-05 08:00): no message could go by 2026-12-05 10:00"
finish
