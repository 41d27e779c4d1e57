#!/usr/bin/env bash
# demo — the main job on the embedded demo data: Gammu's dummy phone, a local SQLite
# file under var/, the demo campaigns. Resets var/ first so every run tells the same story.
set -euo pipefail
cd "$(dirname "$0")/.."
LOA=${LOA_BIN:-./loa}
TOOLS=${LOA_TOOLS:-build/std/tools}
export LOA_CONFIG=config/loa.cfg
rm -rf var
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# The narration speaks the language loa speaks: LANGUAGE, else the configuration's `language`, from
# the same catalog (po/vi.po; xgettext reads this file's _ "…" calls).
export TEXTDOMAIN=loa TEXTDOMAINDIR=${LOA_LOCALEDIR:-$PWD/build/locale}
export LANGUAGE=${LANGUAGE:-$(sed -n 's/^language *= *"\([^"]*\)".*/\1/p' "$LOA_CONFIG")}
_() { LC_ALL=C.UTF-8 gettext "$1"; }

step "$(_ "loa check: the configuration and the campaign files")"
$LOA check

step "$(_ "loa contacts import: the commune's residents (fictional numbers)")"
$LOA contacts import config/demo-contacts.csv

step "$(_ "residents per hamlet")"
for h in DK HT LM CD DT KV; do
    n=$($LOA contacts list --hamlet "$h" --json | grep -c '"phone"' || true)
    printf "$(_ '  %-4s %3d residents\n')" "$h" "$n"
done
step "$(_ "loa contacts list --hamlet DK")"
$LOA contacts list --hamlet DK

DEMO_NOW="2026-12-01 08:30"
step "$(_ "loa campaign list")"
$LOA --now "$DEMO_NOW" campaign list

step "$(_ "loa campaign preview khao-sat-vneid: the VNeID poll")"
$LOA --now "$DEMO_NOW" campaign preview khao-sat-vneid --count 1

step "$(_ "loa sms send: an ad-hoc message through the queue")"
$LOA --now "$DEMO_NOW" sms send 0900000001 "UBND xã Minh Tiến: mời ông An đến nhận thẻ CCCD gắn chip tại Công an xã sáng thứ 5. Soạn HUY để ngừng nhận tin."
$LOA sms send "024 3825 1234" "Xin chào" 2>&1 | sed "s/^/  ($(_ "refused")) /" || true
$LOA sms send 0900000002 "" 2>&1 | sed "s/^/  ($(_ "refused")) /" || true

# TRANSLATORS: %s is the demo's date and time.
step "$(printf "$(_ 'loa run --once --now "%s": the due runs go out through the Gammu dummy phone')" "$DEMO_NOW")"
$LOA --now "$DEMO_NOW" --log-file var/loa.log run --once
printf "$(_ '  log: var/loa.log (%d messages sent; phone numbers masked)\n')" "$(grep -c ' sent to ' var/loa.log)"
tail -n 3 var/loa.log | sed 's/^/  /'

step "$(_ "loa run --once again: nothing is sent twice")"
$LOA --now "$DEMO_NOW" --log-file var/loa.log run --once
$LOA --now "$DEMO_NOW" status

step "$(_ "loa outbox list --limit 5: what went out")"
$LOA outbox list --limit 5

step "$(_ "residents answer by SMS (placed in the dummy phone's inbox)")"
REPLY_NOW="2026-12-01 09:10"
$TOOLS/smsdrop var/phone +84900000001 "Có rồi ạ" "2026-12-01 09:01"
$TOOLS/smsdrop var/phone +84900000002 "chưa có" "2026-12-01 09:02"
$TOOLS/smsdrop var/phone +84900000004 "HỦY" "2026-12-01 09:03"
$TOOLS/smsdrop var/phone +84900000901 "VNEID DK 12 30/11 4826" "2026-12-01 09:04"
$TOOLS/smsdrop var/phone +84900000005 "Hủy đăng ký thì sao? Tôi không có điện thoại thông minh." "2026-12-01 09:05"
$TOOLS/smsdrop var/phone +84987654321 "VNEID HT 5" "2026-12-01 09:06"
# an alphanumeric sender spelling the Hòa Tiến head's number, with the right PIN: still nobody's
$TOOLS/smsdrop var/phone 0900000902 "VNEID HT 500 7315" "2026-12-01 09:07"
$TOOLS/smsdrop var/phone +84900000902 "VNEID HT 1.200 7315" "2026-12-01 09:08"
ls var/phone/sms/1 | sed "s/^/  $(_ "inbox file") /"
$LOA --now "$REPLY_NOW" --log-file var/loa.log run --once
step "$(_ "loa inbox list: what loa did with each")"
$LOA inbox list
step "$(_ "loa campaign results khao-sat-vneid")"
$LOA campaign results khao-sat-vneid
step "$(_ "the automatic replies that went out")"
$LOA outbox list --limit 4

step "$(_ "the loudspeaker: 3 December's programme at 18:30 the day before (render_ahead 12 h: the 06:00 slot is ready, the 17:00 one is rendered at 05:00)")"
$LOA --now "2026-12-02 18:30" --log-file var/loa.log run --once
$LOA --now "2026-12-02 18:30" broadcast today --date 2026-12-03
echo "  $(_ "playlist") var/audio/2026-12-03/0600.m3u:"
sed 's/^/    /' var/audio/2026-12-03/0600.m3u
$LOA tts --normalize-only "Thực hiện Kế hoạch số 79/KH-UBND ngày 07/3/2022 của UBND huyện Đại Từ, từ 7h30 đến 11h."

step "$(_ "loa enroll: VNeID activations per hamlet (opening balances, the police's lists, a correction)")"
for h in DK:180 HT:210 LM:150 CD:120 DT:160 KV:140; do
    $LOA --now "$DEMO_NOW" enroll opening "${h%%:*}" "${h##*:}" --date 2025-06-30 >/dev/null
done
awk 'BEGIN { print "Ngày,Xóm,Số lượng"; split("DK HT LM CD DT KV2", h, " ");
             for (i = 0; i < 17; i++) { y = 2025 + int((6 + i) / 12); m = (6 + i) % 12 + 1;
                 for (k = 1; k <= 6; k++) printf "%04d-%02d-%02d,%s,%d\n", y, m, 10 + k, h[k], (i * 7 + k * 5) % 9 + 2 + int(i / 3) } }' \
    > var/vneid-2025-2026.csv
$LOA --now "$DEMO_NOW" enroll import var/vneid-2025-2026.csv
$LOA --now "$DEMO_NOW" enroll add DT -2 --date 2026-11-16 --note "trùng với danh sách tuần 46"
$LOA --now "$DEMO_NOW" enroll official DK 322 --date 2026-11-30
$LOA --now "$DEMO_NOW" enroll summary --as-of 2026-11-30

step "$(_ "loa report monthly: November's report, as made on 10 December")"
$LOA --now "2026-12-10 08:00" report monthly
ls var/reports/2026-11/ | sed 's/^/  /'
printf "$(_ '  open %s in a browser\n')" var/reports/2026-11/bao-cao-2026-11.html

step "the web page: demo accounts (the demo configuration, on this machine only)"
for u in officer:can-bo operator:phat-thanh viewer:xem; do
    echo "demo-${u%%:*}" | $LOA web user add "${u#*:}" --role "${u%%:*}" --demo --password-stdin
done
$LOA check 2>&1 | tail -1
cat <<'TXT'
  start it:  ./loa web        (Ctrl-C stops it; it reads and writes the same database as everything above)
  open:      http://127.0.0.1:8080/
  log in as  can-bo / demo-officer   (the officer: overview, inbox, broadcast, campaigns)
             phat-thanh / demo-operator (the operator: the loudspeaker page only)
             xem / demo-viewer       (reads everything, changes nothing)
TXT
