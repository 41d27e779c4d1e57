#!/usr/bin/env bash
# test_catch_up — the catch-up rule (issue 15, items 3 and 4; issue 20, item 3): a run whose first message
# cannot leave before its time plus catch_up (downtime or quiet hours) is skipped and says why; several
# missed runs of one campaign send once; years of missed runs are one row and one log line; skipped runs
# show in `campaign list`, `campaign results` and `status`, text and --json.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 07:00"
setup_commune
rm -f "$T/campaigns/"*.cfg
cd "$T"
head -4 "$LOA_ROOT/config/demo-contacts.csv" >residents.csv
step contacts import residents.csv
campaign() {   # ID TIMES CATCH_UP
    cat >"campaigns/$1.cfg" <<CFG
id = "$1";
title = "Nhắc $1";
catch_up = "$3";
sms: {
  text = "UBND xã Minh Tiến: mời bà con kích hoạt VNeID. Soạn HUY để ngừng nhận tin.";
  schedule: { times = [ $2 ]; };
};
CFG
}
campaign toi '"21:30"' 2h
campaign ngay '"08:00"' 3d
step --log-file run0.log run --once      # the heartbeat (yesterday's 08:00 run goes: within 3 days)
sent0=$(count sent)

# down for three days: back on 4 December at 09:00
clock "2026-12-04 09:00"; step --log-file run1.log run --once
check "several missed runs of one campaign send once" equals "$(($(count sent) - sent0))" 3
check "the runs it replaced are one line in the log, with counts" \
    contains "$(cat run1.log)" "campaign ngay: 3 runs from 2026-12-01 08:00:00 to 2026-12-03 08:00:00 skipped: missed; a later run (2026-12-04 08:00) went instead"
run campaign results ngay
check "campaign results shows the skipped runs with why" \
    contains "$out" "3 runs skipped (latest 2026-12-03 08:00): missed; a later run (2026-12-04 08:00) went instead: several missed runs send once"

# picked up at 22:30: quiet hours until 07:00 would make the 21:30 run 9.5 hours late
clock "2026-12-04 22:30"; step --log-file run2.log run --once
check "a run that quiet hours would make later than catch_up is skipped" equals "$(count queued)" 0
check "the log says why" contains "$(cat run2.log)" \
    "campaign toi run of 2026-12-04 21:30:00 skipped: quiet hours until 2026-12-05 07:00 would make it 570 min late (catch_up 120 min)"
run campaign list
check "campaign list shows the skipped run with why" \
    contains "$out" "toi                5 runs skipped (latest 2026-12-04 21:30): quiet hours until 2026-12-05 07:00 would make it 570 min late"
run campaign list --json
check "campaign list --json carries it" contains "$out" '"why": "quiet hours until 2026-12-05 07:00'
run status
check "status lists skipped runs" contains "$out" "missed runs:"
run status --json
check "status --json lists them with their state" contains "$out" '"state": "skipped"'
run campaign results toi --json
check "campaign results --json has the skipped runs" contains "$out" '"runs": 5'

# found at 21:40, before quiet hours: its first message can go now, within catch_up
clock "2026-12-05 21:40"; step --log-file run3.log run --once
check "a late run whose first message can still go within catch_up goes" contains "$(cat run3.log)" "campaign toi run="

# on time at 22:30, in quiet hours until 07:00: it could only go 8.5 hours late, so it is skipped now
campaign dem '"22:30"' 2h
clock "2026-12-05 22:30"; step --log-file run3b.log run --once
check "a run on time in quiet hours that end past catch_up is skipped at once, saying why" contains "$(cat run3b.log)" \
    "campaign dem run of 2026-12-05 22:30:00 skipped: quiet hours until 2026-12-06 07:00 would make it 510 min late"
check "nothing of it is queued for the morning" equals "$(count queued)" 0

clock "2026-12-05 22:45"; run report monthly --month 2026-12
csv=$(cat "$(find var/reports -name 'bao-cao-2026-12.csv' | head -1)")
check "the monthly report counts the skipped runs" contains "$csv" "Số đợt gửi tin nhắn bị bỏ qua (trễ quá thời gian gửi bù: máy tắt, giờ yên lặng, hoặc gộp vào đợt sau)"
check "with their number" contains "$csv" "gộp vào đợt sau)\",8"

# years with the clock stopped, then vouched for: one row and one log line per campaign
campaign often '"06:00", "08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00"' 2h
rm campaigns/toi.cfg campaigns/ngay.cfg campaigns/dem.cfg
clock "2026-12-06 05:00"; step --log-file run4.log run --once
clock "2030-12-06 12:30"; step --log-file run5.log run --once --trust-clock
check "years of missed runs are one log line per campaign" equals "$(grep -c 'campaign often: ' run5.log)" 1
check "the latest run within catch_up goes" contains "$(cat run5.log)" "campaign often run="
run campaign results often
check "and one summary, with the count" contains "$out" "11691 runs skipped (latest 2030-12-06 10:00)"
finish
