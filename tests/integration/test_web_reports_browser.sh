#!/usr/bin/env bash
# runs-once: chromium
# test_web_reports_browser — Báo cáo in Debian's headless Chromium (tests/browser/web_reports.py): no script error or
# CSP violation on the page or the print view; the remake's confirmation box holds the form back until ticked; the
# print view styled by its own inline style, its line back hidden in print, printed on A4. With LOA_SCREENSHOTS=DIR
# (make screenshots) the page at 390 px and desktop width and the print view.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
need_browser
clock "2026-12-10 09:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
step enroll opening DK 300 --date 2026-06-30
step enroll add DK 12 --date 2026-11-05
step report monthly --month 2026-11
web_user lan officer
[ -n "${LOA_SCREENSHOTS:-}" ] && export LANGUAGE=vi   # the screenshots show the page as the officer reads it
start_web
run_browser web_reports.py "$base" lan password-lan "$T" 2026-11
check "the browser sent one remake, the ticked one, as lan" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) || ' ' || group_concat(detail) FROM events WHERE kind = 'web.report.remake'")" "1 user=lan"
check "… which stands as the report's maker" equals "$(sqlite3 var/loa.db "SELECT made_by FROM reports WHERE period = 'monthly.2026-11'")" "lan"
stop_web
finish
