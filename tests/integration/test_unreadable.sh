#!/usr/bin/env bash
# test_unreadable — messages the modem cannot decode do not block the inbox: with the dummy phone, empty
# files in front of an opt-out are recorded once each for the officer and removed, and the opt-out acts;
# a 10,000-character message file is stored whole before it is removed.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
loa contacts import "$LOA_ROOT/config/demo-contacts.csv" >/dev/null
mkdir -p var/phone/sms/1
for i in 1 2 3; do : >"var/phone/sms/1/$i"; done
"$LOA_TOOLS/smsdrop" var/phone +84900000004 "HUY" "2026-12-01 09:00"
loa --log-file run.log run --once
run inbox list --json
check "the opt-out behind the unreadable messages is read" contains "$out" '"keyword": "HUY"'
check "the resident is opted out" contains "$(loa contacts list --json)" '"opted_out": "2026-12-01'
check "the unreadable ones are recorded for the officer" \
    equals "$(printf '%s' "$out" | grep -c 'unreadable: the modem could not decode it')" 3
check "and removed from the phone" equals "$(ls var/phone/sms/1 | wc -l)" 0
check "the log says so with the number masked" contains "$(cat run.log)" "could not be read: recorded in the inbox, removed from the modem"
loa --log-file run.log run --once
check "a second poll records nothing twice" equals "$(loa inbox list --json | grep -c '"id"')" 4

# "Hỏi " 2,500 times: UCS-2 in hex, as smsbackup TextNN lines
{
    printf '[SMSBackup000]\nSMSC = ""\nPDU = Deliver\nDateTime = 20261201T020000Z\nState = UnRead\n'
    printf 'Number = "+84900000005"\n'
    printf '00481ECF00690020%.0s' $(seq 2500) | fold -w 1000 | awk '{ printf "Text%02d = %s\n", NR - 1, $0 }'
    printf 'Coding = Unicode_No_Compression\nFolder = 1\nLength = 10000\nClass = 0\n'
} >var/phone/sms/1/1
loa --log-file run.log run --once
text=$(loa inbox show 5)
check "the long message is stored whole" equals "$(printf '%s' "$text" | grep -o 'Hỏi' | wc -l)" 2500
check "and then removed from the phone" equals "$(ls var/phone/sms/1 | wc -l)" 0
finish
