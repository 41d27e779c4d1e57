#!/usr/bin/env bash
# test_unsendable — a campaign that can never go out, or not to some residents, is a `loa check` error
# naming them and shown in `campaign preview`; a '~' in a Vietnamese (UCS-2) text is not one of those.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
cat >campaigns/nga.cfg <<'CFG'
id = "nga";
title = "Giờ họp";
sms: {
  text = "UBND xã Minh Tiến: kính mời {ho_ten} họp từ 8h~10h. Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-01 09:00" ]; };
};
CFG
printf '%s\r\n' 'Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm' 'Nguyễn Văn An,0912000001,DK,,' 'Trần Thị ~Bé,0912000002,DK,,' >ok.csv
loa contacts import ok.csv >/dev/null
run check
check "a '~' in a UCS-2 text and in a name is not an error" equals "$rc" 0
clock "2026-12-01 09:00"; loa --log-file run.log run --once
run outbox list --json
check "the message with '~' is sent" equals "$(printf '%s' "$out" | grep -c '"state": "sent"')" 2
check "the text keeps its '~' and the resident's name" contains "$out" "kính mời Trần Thị ~Bé họp từ 8h~10h"

clock "2026-12-01 08:00"
printf '%s\r\n' 'Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm' "Lê Văn $(printf '\a')Chuông,0912000003,DK,," >bad.csv
loa contacts import bad.csv >/dev/null
run check
check "a resident whose name cannot be sent is a check error" equals "$rc" 1
check "the error names the campaign file and line and the resident" contains "$err" "nga.cfg:4: the SMS cannot be sent to 1 resident (Lê Văn �Chuông): text contains a control character"
run campaign preview nga
check "preview shows who would not get it" contains "$out" "WARNING: 1 resident would not get it (Lê Văn �Chuông)"
loa contacts remove 0912000003 >/dev/null

long=$(printf 'Thông báo %.0s' $(seq 900))
cat >campaigns/dai.cfg <<CFG
id = "dai";
title = "Quá dài";
sms: {
  text = "UBND xã Minh Tiến: $long Soạn HUY để ngừng nhận tin.";
  schedule: { at = [ "2026-12-02 09:00" ]; };
};
CFG
run check
check "a text over Gammu's limit is a check error" equals "$rc" 1
check "it names the file and line" contains "$err" "dai.cfg:4: the SMS can never be sent: text is too long"
rm campaigns/dai.cfg

cp config/loa.cfg config/loa.cfg.good
sed -i 's/^  help_text = .*/  help_text = "Soạn\\fHUY để ngừng.";/' config/loa.cfg
run check
# the configuration's own answers are checked as it loads (loa run refuses it too), naming file and line
check "a help text that can never be sent is an error" contains "$err" "keywords.help_text can never be sent"
check "naming the configuration's line" contains "$err" "config/loa.cfg:"
check "and check fails" equals "$rc" 1
cp config/loa.cfg.good config/loa.cfg
cat >>campaigns/nga.cfg <<'CFG'
replies = ( { keyword = "CO"; reply = "Cảm ơn\fbà con."; } );
CFG
run check
check "a reply text that can never be sent is an error" contains "$err" "nga.cfg:7: the reply to CO can never be sent"
check "and check fails again" equals "$rc" 1
finish
