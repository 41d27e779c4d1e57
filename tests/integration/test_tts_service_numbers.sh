#!/usr/bin/env bash
# test_tts_service_numbers — tts.service_numbers in loa.cfg: what the loudspeaker reads digit by digit.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"

run tts --normalize-only "Gọi ngay 113. Tổng đài 1088."
check "113 digit by digit, and 1088 after tổng đài" equals "$out" \
    "Gọi ngay một một ba. Tổng đài một không tám tám."
run tts --normalize-only "Báo 1088 hoặc 113."
check "without a word that dials, 1088 is not in the built-in list" equals "$out" \
    "Báo một nghìn không trăm tám mươi tám hoặc một một ba."

sed -i 's|^  zero_ten = "linh";|  zero_ten = "linh";\n  service_numbers = [ "1088", "113" ];|' config/loa.cfg
run tts --normalize-only "Báo 1088 hoặc 113."
check "the configured list replaces the built-in one" equals "$out" "Báo một không tám tám hoặc một một ba."
run tts --normalize-only "Gọi 115 khi cần."
check "after gọi a number is dialled whatever the list" equals "$out" "Gọi một một năm khi cần."

line=$(grep -n 'service_numbers' config/loa.cfg | cut -d: -f1)
sed -i 's|service_numbers = \[ "1088", "113" \];|service_numbers = [ "1088", "11a3" ];|' config/loa.cfg
run check
check "a bad entry fails check (exit 1)" equals "$rc" 1
check "naming file, line and the entry" contains "$err" \
    "loa.cfg:$line: tts.service_numbers: \"11a3\" is not a number of up to 10 digits (\"*\" may end a prefix)"
finish
