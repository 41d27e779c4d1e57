#!/usr/bin/env bash
# test_trusted_clock — nothing deletes, skips or reports on a clock loa does not trust (issue 15, items 1
# and 2). Where no modem reports network time (the dummy phone), the clock is trusted when it is no
# earlier than loa's last heartbeat and no more than 7 days after it; --trust-clock vouches for it.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:30"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
# a question for the officer and a help request, answered (dealt with) at once
"$LOA_TOOLS/smsdrop" var/phone +84900000011 "Cho hoi lam the CCCD o dau?" "2026-12-01 08:10"
"$LOA_TOOLS/smsdrop" var/phone +84900000012 "HD" "2026-12-01 08:11"
step --log-file run1.log run --once
check "a new database's clock is trusted" contains "$(cat run1.log)" "clock trusted (a new database)"
inbox_text() { sqlite3 var/loa.db "SELECT coalesce(text, '') FROM inbox WHERE phone = '$1'"; }

# a power cut: the box boots at 2035
clock "2035-03-20 08:00"; step --log-file run2.log run --once
check "a clock far in the future wipes no received text" equals "$(inbox_text +84900000012)" "HD"
check "the officer's question is kept too" equals "$(inbox_text +84900000011)" "Cho hoi lam the CCCD o dau?"
check "the log says the clock is not trusted, and why" \
    contains "$(cat run2.log)" "clock not trusted: the clock (2035-03-20 08:00:00) is 3030 days after loa's last heartbeat"
check "no report is written on a clock loa does not trust" equals "$(ls var/reports 2>/dev/null | wc -l)" 0
run status
check "status says the clock is not trusted and why" contains "$out" "CLOCK NOT TRUSTED: the clock (2035-03-20 08:00:00) is 3030 days"
check "status shows the runs found late as held, with why" \
    contains "$out" "dvc-muc-4          14 runs held (latest 2027-06-15 09:30): found late while the clock was not trusted"
run campaign list --json
check "campaign list --json shows a held run with why" contains "$out" '"why": "found '
check "no run is skipped on a clock loa does not trust" lacks "$out" '"skipped_runs": {'

# the clock is put right the next morning: within 7 days of the heartbeat, trusted again
clock "2026-12-02 09:00"; step --log-file run3.log run --once
check "the corrected clock is trusted" contains "$(cat run3.log)" "clock trusted (within 7 days of loa's last heartbeat)"
run campaign list
check "held runs are decided afresh: none stays held" lacks "$out" "held"
check "a held run not yet due is not skipped" lacks "$out" "cccd-gan-chip      1 run skipped"
check "a held run missed indeed is skipped, and says why" \
    contains "$out" "dvc-muc-4          1 run skipped (latest 2026-12-01 09:30): 1410 min late (catch_up allows less)"
clock "2026-12-03 09:00"; step --log-file run4.log run --once
check "a run the wrong clock would have skipped goes at its time" contains "$(cat run4.log)" "campaign cccd-gan-chip run="
run status
check "status no longer warns about the clock" lacks "$out" "CLOCK NOT TRUSTED"

# ten days later, still on the dummy phone: untrusted until the officer vouches for the clock
clock "2026-12-13 09:00"; step --log-file run5.log run --once
check "more than 7 days after the heartbeat, the clock is not trusted" \
    contains "$(cat run5.log)" "is 10 days after loa's last heartbeat (2026-12-03 09:"
check "no report is made then either" equals "$(ls var/reports 2>/dev/null | wc -l)" 0
step --log-file run6.log run --once --trust-clock
check "--trust-clock trusts it" contains "$(cat run6.log)" "clock trusted (--trust-clock)"

# once trusted at 2035, the purge runs: what the officer dealt with goes, her question stays
clock "2035-03-20 08:00"; step --log-file run7.log run --once --trust-clock
check "under a trusted clock the due reports are made" contains "$(cat run7.log)" "monthly report 2035-02 written"
check "under a trusted clock the purge removes old texts" equals "$(inbox_text +84900000012)" ""
check "but never a message the officer has not dealt with" equals "$(inbox_text +84900000011)" "Cho hoi lam the CCCD o dau?"
finish
