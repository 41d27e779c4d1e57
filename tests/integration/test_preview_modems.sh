#!/usr/bin/env bash
# test_preview_modems — `campaign preview` says how long a run takes on the configured modems, warns when
# runs overlap or outlast the campaign, writes money as Vietnamese do, says why nobody would receive it,
# and shows a run that is due now as due now (preview and campaign list).
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"

# one modem at 6 parts a minute, 30 a day (a run of 200 parts: 30 a day from 07:00, when quiet hours end);
# a hamlet nobody lives in
sed -i 's/rate_per_minute = 0; daily_limit = 0;/rate_per_minute = 6; daily_limit = 30;/' config/loa.cfg
sed -i 's/{ code = "KV";  name = "Xóm Khe Vàng"; },/{ code = "KV";  name = "Xóm Khe Vàng"; }, { code = "TM"; name = "Xóm Tân Mỹ"; },/' config/loa.cfg
cat > campaigns/nhac-hop.cfg <<'CFG'
id = "nhac-hop";
title = "Nhắc họp";
from = "2026-12-01";
until = "2026-12-10";
sms: {
  text = "UBND xa Minh Tien: moi ba con hop xom. Soan HUY de ngung nhan tin.";
  diacritics = false;
  schedule: { times = [ "09:00" ]; days = [ "t3", "t6" ]; };
};
CFG
run campaign preview nhac-hop --count 3
check "preview exits 0" equals "$rc" 0
check "the runs are listed" contains "$out" "next runs: 2026-12-01 09:00:00, 2026-12-04 09:00:00, 2026-12-08 09:00:00"
check "money is written the Vietnamese way" contains "$out" "per run: 200 parts (longest message 1 of at most 3), estimated cost 70.000 đ"
check "the modems' pace and how long a run takes" contains "$out" \
    "sending: 1 modem, 6 parts a minute, at most 30 parts a day: a run takes about 6 days (the first ends 2026-12-07 07:04:00)"
check "overlapping runs are warned about" contains "$out" \
    "WARNING: the run of 2026-12-01 09:00:00 is still sending when the next one starts (2026-12-04 09:00:00): runs would overlap"
check "a run outlasting until is warned about" contains "$out" \
    "WARNING: the run of 2026-12-08 09:00:00 would not finish before the campaign ends (until 2026-12-10)"
run campaign preview nhac-hop --json
check "--json gives the pace" contains "$out" '"parts_per_minute": 6'
check "--json gives the daily limit" contains "$out" '"parts_per_day": 30'
check "--json gives the money as written" contains "$out" '"cost_per_run": "70.000 đ"'
check "--json gives when the first run ends" contains "$out" '"2026-12-07 07:04:00"'
check "--json names the overlapping run" contains "$out" '"overlap_next": "2026-12-04 09:00:00"'

# a second modem (a kannel transport at 50 parts a second): the run goes in minutes and nothing overlaps
sed -i 's|rate_per_minute = 6; daily_limit = 30; }|rate_per_minute = 6; daily_limit = 30; },\n    { name = "k1"; type = "kannel"; url = "http://127.0.0.1:13013/cgi-bin/sendsms"; user = "loa"; password = "x"; rate_per_second = 50; }|' config/loa.cfg
run campaign preview nhac-hop --count 3
check "both modems count" contains "$out" "sending: 2 modems, 3006 parts a minute: a run takes about 1 min (the first ends 2026-12-01 09:01:00)"
check "no overlap on two modems" lacks "$out" "overlap"
check "no run outlasts until" lacks "$out" "would not finish"

# quiet hours keep a run waiting: 21:50 start, 60 parts before 22:00, the rest from 07:00, one modem of 6 a minute, no daily limit
sed -i '/name = "k1"/d; s/rate_per_minute = 6; daily_limit = 30; },/rate_per_minute = 6; daily_limit = 0; }/' config/loa.cfg
sed -i 's/"09:00"/"21:50"/' campaigns/nhac-hop.cfg
run campaign preview nhac-hop --count 1
check "quiet hours lengthen the run" contains "$out" \
    "sending: 1 modem, 6 parts a minute: a run takes about 9 h 34 min (the first ends 2026-12-02 07:24:00)"

# why nobody would receive it
cat > campaigns/trong.cfg <<'CFG'
id = "trong";
title = "Trống";
audience: { vneid = "not_activated"; };
sms: { text = "UBND xa Minh Tien: x. Soan HUY de ngung nhan tin."; diacritics = false; schedule: { at = [ "2026-12-05 08:00" ]; }; };
CFG
cat > campaigns/xom-trong.cfg <<'CFG'
id = "xom-trong";
title = "Xóm trống";
audience: { hamlets = [ "TM" ]; tags = [ "khong-ai" ]; };
sms: { text = "UBND xa Minh Tien: x. Soan HUY de ngung nhan tin."; diacritics = false; schedule: { at = [ "2026-12-05 08:00" ]; }; };
CFG
cat > campaigns/da-huy.cfg <<'CFG'
id = "da-huy";
title = "Đã hủy";
audience: { phones = [ "0900000001" ]; };
sms: { text = "UBND xa Minh Tien: x. Soan HUY de ngung nhan tin."; diacritics = false; schedule: { at = [ "2026-12-05 08:00" ]; }; };
CFG
run campaign preview trong
check "an empty audience is explained: statuses still unknown" contains "$out" \
    "nobody receives it: vneid = \"not_activated\", but the VNeID status of all 200 residents it would reach is still unknown"
run campaign preview xom-trong
check "a hamlet without residents is named" contains "$out" "nobody receives it: hamlet TM (Xóm Tân Mỹ) has no residents"
check "a tag nobody carries is named" contains "$out" "nobody receives it: no resident carries the tag 'khong-ai'"
step contacts optout 0900000001
run campaign preview da-huy
check "everyone opted out is said" contains "$out" "nobody receives it: all 1 residents it would reach have opted out"
run campaign preview trong --json
check "--json gives the reasons" contains "$out" '"empty_because": [
    "vneid = \"not_activated\"'

# a run due now (item 4): the poll of 08:30, previewed at 08:30 before the service has run
cp "$LOA_ROOT/campaigns/khao-sat-vneid.cfg" campaigns/
clock "2026-12-01 08:30"
run campaign preview khao-sat-vneid --count 2
check "a run due now is shown as due now" contains "$out" "next runs: due now (2026-12-01 08:30:00)"
check "not as none" lacks "$out" "next runs: none"
run campaign list
check "campaign list shows it due now" contains "$out" "$(printf '%-18s %-8s %-4s %-10s %-10s %-20s' khao-sat-vneid enabled 4 2026-12-01 2026-12-31 'due now')"
run status
check "status lists it first, due now" contains "$out" "next runs:
  due now (2026-12-01 08:30:00)  khao-sat-vneid"
clock "2026-12-01 09:10"
run campaign preview khao-sat-vneid
check "40 minutes late, still within catch_up: still due" contains "$out" "next runs: due now (2026-12-01 08:30:00)"
clock "2026-12-01 08:31"
sed -i 's/rate_per_minute = 6; daily_limit = 0;/rate_per_minute = 0; daily_limit = 0;/' config/loa.cfg
run --log-file run.log run --once
check "the service sends it" equals "$rc" 0
run campaign preview khao-sat-vneid
check "once sent it is no longer due" equals "$(printf '%s\n' "$out" | sed -n 2p)" "next runs: none"
clock "2026-12-01 11:00"
rm var/loa.db*
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
run campaign preview khao-sat-vneid
check "past its catch_up a run is not due" contains "$out" "next runs: none"
finish
