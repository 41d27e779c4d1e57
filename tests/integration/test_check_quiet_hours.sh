#!/usr/bin/env bash
# test_check_quiet_hours — `loa check` warns when a campaign's SMS is scheduled in quiet hours (it would
# wait for their end); an urgent campaign, which ignores quiet hours, gets no such warning.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"

run check
check "the demo campaigns give no quiet-hours warning" lacks "$err" "in quiet hours"

cat > campaigns/toi.cfg <<'CFG'
id = "toi";
title = "Nhắc buổi tối";
sms: {
  text = "UBND xã Minh Tiến: mời bà con kích hoạt VNeID. Soạn HUY để ngừng nhận tin.";
  schedule: { times = [ "21:30", "22:30" ]; };
};
CFG
cat > campaigns/som.cfg <<'CFG'
id = "som";
title = "Nhắc sáng sớm";
sms: {
  text = "UBND xã Minh Tiến: mời bà con kích hoạt VNeID. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-02 06:30" ]; };
};
CFG
cat > campaigns/bao.cfg <<'CFG'
id = "bao";
title = "Cảnh báo bão";
urgent = true;
sms: {
  text = "UBND xã Minh Tiến: bão vào đêm nay, bà con tránh ra đồng. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-01 23:00" ]; };
};
CFG
run check
check "check still exits 0: a warning, not an error" equals "$rc" 0
check "a daily time in quiet hours is named with file and line" contains "$err" \
    "campaigns/toi.cfg:5: the SMS is scheduled at 22:30, in quiet hours (22:00-07:00): every run is skipped, since their end is past its catch_up (warning)"
check "a time before quiet hours is not named" lacks "$err" "scheduled at 21:30"
check "a one-off moment in quiet hours is named" contains "$err" \
    "campaigns/som.cfg:5: the SMS is scheduled at 06:30, in quiet hours"
check "an urgent campaign (it ignores quiet hours) gets no such warning" lacks "$err" "bao.cfg:6: the SMS is scheduled"
finish
