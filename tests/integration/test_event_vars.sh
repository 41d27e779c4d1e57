#!/usr/bin/env bash
# test_event_vars — a campaign names its event's date and place once (vars) and its texts use them: a date
# is written Vietnamese-style ("thứ Bảy, 05/12/2026"); `loa check` finds a bad date and an unknown var.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
cat > campaigns/hop-dan.cfg <<'CFG'
id = "hop-dan";
title = "Họp dân xóm";
vars = {
  ngay_hop = "2026-12-05";
  gio_hop = "2026-12-05 08:00";
  dia_diem = "Nhà văn hóa xóm";
};
sms: {
  text = "UBND xã Minh Tiến mời {ten|bà con} họp dân {ngay_hop} tại {dia_diem}. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-02 08:00" ]; };
};
broadcast: {
  text = "UBND xã thông báo: họp dân lúc {gio_hop} tại {dia_diem}.";
  schedule: { times = [ "06:00" ]; };
};
CFG
run check
check "check accepts the vars" equals "$rc" 0
run campaign preview hop-dan
check "the SMS names the event's date Vietnamese-style and its place" contains "$out" \
    "UBND xã Minh Tiến mời Anh họp dân thứ Bảy, 05/12/2026 tại Nhà văn hóa xóm. Soạn HUY để ngừng nhận tin."
check "the broadcast too, with the time" contains "$out" \
    "broadcast: UBND xã thông báo: họp dân lúc 08:00, thứ Bảy, 05/12/2026 tại Nhà văn hóa xóm."
check "{ngay} is still the run's date" lacks "$out" "{ngay_hop}"
clock "2026-12-02 08:00"
step --log-file run.log run --once
run outbox list --json
check "the queued SMS carries the event's date" contains "$out" "họp dân thứ Bảy, 05/12/2026 tại Nhà văn hóa xóm"

# mistakes: a date that does not exist, a var the texts name but the campaign does not define, a number
cat > campaigns/hop-dan.cfg <<'CFG'
id = "hop-dan";
title = "Họp dân xóm";
vars = {
  ngay_hop = "2026-11-31";
  dia_diem = "Nhà văn hóa xóm";
  so_nguoi = 50;
  xom = "Xóm 1";
};
sms: {
  text = "UBND xã Minh Tiến mời bà con họp dân {ngay_hop} tại {dia_diem} {gio}. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-02 08:00" ]; };
};
broadcast: { text = "Họp dân tại {dia_diem_moi}."; };
CFG
run check
check "check exits 1" equals "$rc" 1
check "a date that does not exist, at its line" contains "$err" "campaigns/hop-dan.cfg:4: vars.ngay_hop 2026-11-31: November has 30 days"
check "a var that is no text, at its line" contains "$err" "campaigns/hop-dan.cfg:6: 'vars.so_nguoi' must be a string in quotes"
check "a var named as a built-in placeholder" contains "$err" \
    "campaigns/hop-dan.cfg:7: vars.xom: {xom} is a built-in placeholder already: choose another name"
check "the SMS naming an unknown var, with the campaign's vars" contains "$err" \
    "campaigns/hop-dan.cfg:10: unknown placeholder {gio}: use {ten}, {ho_ten}, {xom}, {xa} or {ngay} (or {name}, {full_name}, {hamlet}, {commune}, {date}); this campaign's vars: {ngay_hop}, {dia_diem}"
check "the broadcast naming an unknown var" contains "$err" "campaigns/hop-dan.cfg:13: broadcast.text: unknown placeholder {dia_diem_moi}"
check "the bad date is not also called an unknown var" lacks "$err" "placeholder {ngay_hop}"

run help config
check "help config lists vars" contains "$out" '| `vars` |'
finish
