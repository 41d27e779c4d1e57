#!/usr/bin/env bash
# Issue 2: import 100,000 contacts (goal ≤ 2 s, peak RSS ≤ 30 MB, within 2× sqlite3's .import),
# and `loa check` over 200 campaign files (goal ≤ 0.2 s).
. "$(dirname "$0")/lib.sh"
bench_commune
gen_contacts 100000 >"$B/contacts.csv"
tail -n +2 "$B/contacts.csv" >"$B/plain.csv"
# The peer: sqlite3's own CSV import into a plain table, same file, same WAL and synchronous = FULL.
cat >"$B/peer.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE contacts(name TEXT, phone TEXT, hamlet TEXT, household TEXT, tags TEXT);
.mode csv
.import $B/plain.csv contacts
SQL
# Best of 5, each into a fresh database, alternating with the peer so both see the same machine.
loa_s=999 peer_s=999 loa_rss=0 peer_rss=0
for i in 1 2 3 4 5; do
    rm -rf "$B/var"
    measure "$LOA_BIN" contacts import "$B/contacts.csv"
    [ "$(ratio "$secs" "$loa_s")" \< 1 ] && loa_s=$secs loa_rss=$rss_mb
    rm -f "$B/peer.db"*
    measure sh -c "sqlite3 '$B/peer.db' < '$B/peer.sql'"
    [ "$(ratio "$secs" "$peer_s")" \< 1 ] && peer_s=$secs peer_rss=$rss_mb
done
rows=$(sqlite3 "$B/var/loa.db" 'select count(*) from contacts')
echo "import 100,000 contacts (best of 5): loa ${loa_s}s (peak RSS ${loa_rss} MB, $rows rows), sqlite3 .import ${peer_s}s (${peer_rss} MB), ratio loa/sqlite3 = $(ratio "$loa_s" "$peer_s")"

for i in $(seq 1 200); do
    cat >"$B/campaigns/c$i.cfg" <<CFG
id = "c$i";
title = "Chiến dịch $i";
from = "2026-12-01"; until = "2027-06-30";
audience: { hamlets = [ "DK", "HT" ]; vneid = "not_activated"; };
sms: { text = "UBND xã Minh Tiến kính mời {ten|bà con} kích hoạt VNeID. Soạn HUY để ngừng nhận tin.";
       schedule: { times = [ "08:00", "17:30" ]; days = [ "t2", "t5" ]; except = [ "2027-01-01" ]; }; };
broadcast: { text = "Thông báo số $i"; schedule: { times = [ "06:00" ]; }; };
CFG
done
best=999
for i in 1 2 3; do measure "$LOA_BIN" check; [ "$(ratio "$secs" "$best")" \< 1 ] && best=$secs; done
echo "loa check, 200 campaign files (best of 3): ${best}s"
