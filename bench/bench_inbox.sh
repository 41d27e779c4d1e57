#!/usr/bin/env bash
# Issue 5: 10,000 received messages matched, acted on and stored in at most 1 s, modem time excluded.
. "$(dirname "$0")/lib.sh"
bench_commune
cat >"$B/campaigns/poll.cfg" <<CFG
id = "poll";
title = "Khảo sát";
sms: { text = "Xã Minh Tiến: đã kích hoạt VNeID chưa? Trả lời CO hoặc CHUA. Soạn HUY để ngừng."; schedule: { at = [ "2026-12-01 08:00" ]; }; };
replies = ( { keyword = "CO"; aliases = [ "có rồi" ]; vneid = "activated"; reply = "Cảm ơn bà con."; },
            { keyword = "CHUA"; aliases = [ "chưa có" ]; vneid = "not_activated"; } );
CFG
TOOLS=${LOA_TOOLS:-$(dirname "$LOA_BIN")/build/std/tools}
"$TOOLS/inboxbench" "$B/config/loa.cfg" 10000
