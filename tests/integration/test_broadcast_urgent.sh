#!/usr/bin/env bash
# test_broadcast_urgent — the levels of Thông tư 39 on the sound card, without a stream: loa run plays a
# khẩn cấp item itself at once even with autoplay off (the slots it leaves to the operator stay unplayed),
# and a campaign moved from thường to khẩn cấp is rendered again (its own chime and repeats, part of the cache
# key), never served the cached sound of its old level. The sound card is a stand-in `aplay` on PATH that records what it was
# asked to play: no test needs a sound card.
. "$(dirname "$0")/lib.sh"
clock "2026-12-05 08:00"
setup_commune
sed -i 's/device = "default";/device = "loa";/; s/repeat = 2;/repeat = 1;/' "$T/config/loa.cfg"
sed -i 's/^broadcast: {/broadcast: {\n  emergency_repeat = 1;/' "$T/config/loa.cfg"
cd "$T"
mkdir -p bin
cat >bin/aplay <<'SH'
#!/bin/sh
# aplay -q -D DEVICE FILE: what it was asked to play, one line each
echo "$*" >>"$APLAY_LOG"
SH
chmod +x bin/aplay
export PATH="$T/bin:$PATH" APLAY_LOG="$T/aplay.log"
: >aplay.log

# ---- the cache key carries the level ----
cat >campaigns/lu.cfg <<'CFG'
id = "lu";
title = "Phòng chống lũ";
broadcast: { text = "Bà con chú ý mực nước sông Công."; schedule: { times = [ "17:00" ]; }; };
CFG
clock "2026-12-05 08:00"; run --log-file r1.log run --once
clock "2026-12-05 08:00"; run broadcast today --json
check "the thường item is rendered" contains "$out" '"state": "ready"'
d1=$(printf '%s\n' "$out" | grep -m1 '"duration"' | grep -o '[0-9.]*')
check "one rendering in the cache" equals "$(ls var/audio/cache/*.mp3 | wc -l)" 1
sed -i 's/times = \[ "17:00" \]; };/times = [ "17:00" ]; }; level = "khan-cap";/' campaigns/lu.cfg
clock "2026-12-05 08:10"; run --log-file r2.log run --once
check "moved to khẩn cấp, the campaign is rendered again" equals "$(ls var/audio/cache/*.mp3 | wc -l)" 2
check "not taken from the cache" lacks "$(grep 'broadcast .*(lu' r2.log)" "(cached)"
clock "2026-12-05 08:10"; run broadcast today --json
check "the programme shows it khẩn cấp" contains "$out" '"level": "khan-cap"'
d2=$(printf '%s\n' "$out" | grep -m1 '"duration"' | grep -o '[0-9.]*')
# the generated alarm (2.4 s) is longer than the usual chime
check "with the emergency's own chime: longer than the thường rendering ($d1 s -> $d2 s)" \
    python3 -c "import sys; sys.exit(0 if $d2 > $d1 + 0.5 else 1)"
sed -i 's/emergency_repeat = 1;/emergency_repeat = 2;/' config/loa.cfg
clock "2026-12-05 08:15"; run --log-file r2b.log run --once
check "the emergency's repeats are part of its key: read twice now, rendered again" equals "$(ls var/audio/cache/*.mp3 | wc -l)" 3
sed -i 's/emergency_repeat = 2;/emergency_repeat = 1;/' config/loa.cfg
sed -i 's/ level = "khan-cap";//' campaigns/lu.cfg
clock "2026-12-05 08:20"; run --log-file r3.log run --once
check "back to thường, the first rendering is used again" contains "$(grep 'broadcast .*(lu' r3.log)" "(cached)"
rm campaigns/lu.cfg

# ---- loa run plays an emergency at once, autoplay off ----
check "autoplay is off" contains "$(cat config/loa.cfg)" "autoplay = false;"
clock "2026-12-05 09:00"
loa_daemon --log-file run.log run &
daemon=$!
for _ in $(seq 100); do grep -q "loa run" run.log 2>/dev/null && break; sleep 0.1; done
sleep 1
run broadcast now "Thông báo: đê sông Công có nguy cơ vỡ, bà con lên chỗ cao ngay." --level khan-cap
check "broadcast now says the running loa run plays it on the sound card" contains "$out" "played now on loa by loa run (pid $daemon)"
for _ in $(seq 150); do grep -q "0900-khan-0900.wav" aplay.log && break; sleep 0.1; done
check "loa run asked the sound card to play the emergency" equals "$(grep -c -- "-D loa .*/0900-khan-0900.wav" aplay.log)" 1
for _ in $(seq 50); do loa broadcast log --json | grep -q '"state": "played"' && break; sleep 0.1; done
run broadcast log --json
check "the as-run log shows it played" contains "$out" '"state": "played"'
check "the log says it was played whatever autoplay says" contains "$(cat run.log)" "level khan-cap, played at once on loa whatever autoplay says"
# a thường item due now is the operator's to play (autoplay off): loa run leaves it
run broadcast now "Thông báo họp tổ dân phố." --level thuong
sleep 2
check "a thường item is not played by loa run with autoplay off" equals "$(wc -l <aplay.log)" 1
kill -TERM -- -$daemon; wait $daemon 2>/dev/null; daemon=0
clock "2026-12-05 09:05"; run broadcast now "Lần hai: bà con lên chỗ cao." --level khan-cap
check "with no loa run, broadcast now says how to play it" contains "$out" "play it with \`loa broadcast play --slot 09:05\`"
finish
