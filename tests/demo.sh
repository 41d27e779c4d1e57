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
