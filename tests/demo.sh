#!/usr/bin/env bash
# demo — the main job on the embedded demo data: Gammu's dummy phone, a local SQLite
# file under var/, the demo campaigns. Resets var/ first so every run tells the same story.
set -euo pipefail
cd "$(dirname "$0")/.."
LOA=${LOA_BIN:-./loa}
export LOA_CONFIG=config/loa.cfg
rm -rf var
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "loa check: the configuration and the campaign files"
$LOA check

step "loa contacts import: the commune's residents (fictional numbers)"
$LOA contacts import config/demo-contacts.csv

step "residents per hamlet"
for h in DK HT LM CD DT KV; do
    n=$($LOA contacts list --hamlet "$h" --json | grep -c '"phone"' || true)
    printf '  %-4s %3d residents\n' "$h" "$n"
done
step "loa contacts list --hamlet DK"
$LOA contacts list --hamlet DK

DEMO_NOW="2026-12-01 08:30"
step "loa campaign list"
$LOA --now "$DEMO_NOW" campaign list

step "loa campaign preview khao-sat-vneid: the VNeID poll"
$LOA --now "$DEMO_NOW" campaign preview khao-sat-vneid --count 1

step "loa sms send: an ad-hoc message through the queue"
$LOA --now "$DEMO_NOW" sms send 0900000001 "UBND xã Minh Tiến: mời ông An đến nhận thẻ CCCD gắn chip tại Công an xã sáng thứ 5. Soạn HUY để ngừng nhận tin."
$LOA sms send "024 3825 1234" "Xin chào" 2>&1 | sed 's/^/  (refused) /' || true
$LOA sms send 0900000002 "" 2>&1 | sed 's/^/  (refused) /' || true

step "loa run --once --now \"$DEMO_NOW\": the due runs go out through Gammu's dummy phone"
$LOA --now "$DEMO_NOW" --log-file var/loa.log run --once
echo "  log: var/loa.log ($(grep -c ' sent to ' var/loa.log) messages sent; phone numbers masked)"
tail -n 3 var/loa.log | sed 's/^/  /'

step "loa run --once again: nothing is sent twice"
$LOA --now "$DEMO_NOW" --log-file var/loa.log run --once
$LOA --now "$DEMO_NOW" status

step "loa outbox list --limit 5: what went out"
$LOA outbox list --limit 5
