#!/usr/bin/env bash
# test_file_modes — files holding personal data are created for the service's user only (contacts
# export and logs 0600, reports 0640) whatever the umask, and a symlink planted at a temporary or
# final name is never written through.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
umask 022
loa contacts import "$LOA_ROOT/config/demo-contacts.csv" >/dev/null
echo "victim" >victim
ln -s "$T/victim" export.csv.tmp
run contacts export export.csv
check "contacts export works" equals "$rc" 0
check "the export is 0600 under umask 022" equals "$(stat -c %a export.csv)" 600
check "it holds the residents" contains "$(cat export.csv)" "+84900000001"
check "a symlink planted at FILE.tmp is not written through" equals "$(cat victim)" "victim"
check "no temporary file is left" equals "$(ls -a | grep -c 'export.csv.tmp-')" 0
ln -s "$T/victim" linked.csv
run contacts export linked.csv
check "a symlink at FILE itself is replaced, not written through" equals "$(cat victim)" "victim"
check "FILE is then a plain file" test -f linked.csv -a ! -L linked.csv
run contacts export no/such/dir/x.csv
check "an export that cannot be written fails clearly" contains "$err" "no/such/dir/x.csv"
mkdir -p var/reports/2026-11
for f in bao-cao-2026-11.csv.tmp bao-cao-2026-11.html.tmp bao-cao-2026-11.tmp.xlsx; do
    ln -s "$T/victim" "var/reports/2026-11/$f"
done
run report monthly --month 2026-11
check "the report is made" equals "$rc" 0
for f in csv html xlsx; do
    check "the $f report is 0640" equals "$(stat -c %a var/reports/2026-11/bao-cao-2026-11.$f)" 640
done
check "the report's symlinks were not written through" equals "$(cat victim)" "victim"
check "no temporary folder is left" equals "$(ls -a var/reports/2026-11 | grep -c '^\.xlsx-')" 0
loa --log-file run.log run --once
check "a new log file is 0600" equals "$(stat -c %a run.log)" 600
echo old >old.log
chmod 644 old.log
loa --log-file old.log run --once
check "an older 0644 log is made 0600" equals "$(stat -c %a old.log)" 600
ln -s "$T/victim" linked.log
run --log-file linked.log run --once
check "a log planted as a symlink is refused" contains "$err" "linked.log"
check "and the link's target is untouched" equals "$(cat victim)" "victim"
finish
