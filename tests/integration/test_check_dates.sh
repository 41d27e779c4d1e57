#!/usr/bin/env bash
# test_check_dates — `loa check` warns about dates that do not exist in a campaign's SMS or broadcast.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"

run check
check "the demo campaigns give no date warning" lacks "$err" "which does not exist"

cat > campaigns/han-chot.cfg <<'CFG'
id = "han-chot";
title = "Hạn chót cấp CCCD";
sms: {
  text = "UBND xã Minh Tiến: hạn chót làm CCCD là ngày 31/04/2026. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-02 08:00" ]; };
};
broadcast: {
  text = "UBND xã thông báo: từ ngày 1/12 đến ngày 30/2, Công an xã làm CCCD tại nhà văn hóa.";
  schedule: { times = [ "06:00" ]; };
};
CFG
run check
check "check still exits 0: a warning, not an error" equals "$rc" 0
check "the SMS's date is named with file and line" contains "$err" \
    "campaigns/han-chot.cfg:4: the SMS gives the date 31/04/2026, which does not exist (warning)"
check "the broadcast's date is named with file and line" contains "$err" \
    "campaigns/han-chot.cfg:8: the broadcast gives the date 30/2, which does not exist: it is not read as a date (warning)"
check "a date that exists is not named" lacks "$err" "date 1/12"

# fixed: the warnings go
sed -i 's|31/04/2026|30/04/2026|; s|30/2|28/2|' campaigns/han-chot.cfg
run check
check "after the fix no date warning is left" lacks "$err" "which does not exist"
finish
