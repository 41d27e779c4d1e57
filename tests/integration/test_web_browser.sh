#!/usr/bin/env bash
# test_web_browser — the page in Debian's headless Chromium (python3-selenium, chromium-driver; make deps-test):
# the login form, the overview with no script error or CSP violation, its queue count following a message queued
# meanwhile without a reload. With LOA_SCREENSHOTS=DIR (make screenshots) each page at 390 px and desktop width.
# Once per run, not under SANITIZE=1 (the browser, not loa, would be what runs slowly).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
if [ -n "${LOA_SANITIZE:-}" ] && [ "${LOA_SANITIZE}" != 0 ]; then ok "# skip: the browser test runs without SANITIZE"; finish; fi
need_browser
clock "2026-12-01 09:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
web_user lan officer
[ -n "${LOA_SCREENSHOTS:-}" ] && export LANGUAGE=vi   # the screenshots show the page as the officer reads it
start_web
# the browser on the machine's real clock (as on the officer's own phone), whatever clock loa is given
env -u LD_PRELOAD -u FAKETIME /usr/bin/python3 "$LOA_ROOT/tests/browser/web_pages.py" "$base" lan password-lan "$T" ${LOA_SCREENSHOTS:+--screenshots "$LOA_SCREENSHOTS"} \
    >"$T/browser.out" 2>"$T/browser.err" &
browser=$!
for _ in $(seq 600); do [ -e "$T/ready" ] && break; kill -0 "$browser" 2>/dev/null || break; sleep 0.1; done
check "the browser read the overview's counts" test -e "$T/ready"
step sms send 0900000001 "UBND xã Minh Tiến: mời ông An đến nhận thẻ CCCD."
touch "$T/go"
wait "$browser"; rc=$?
while IFS= read -r line; do
    case $line in "ok "*) ok "${line#ok }" ;; "not ok "*) not_ok "${line#not ok }" ;; esac
done <"$T/browser.out"
check "the browser script ran to its end (exit $rc)" equals "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/    /' "$T/browser.err" | tail -20 >&2
stop_web
finish
