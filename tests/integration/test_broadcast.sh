#!/usr/bin/env bash
# test_broadcast — the operator's day: programme from the campaigns, audio rendered ahead and
# cached, playlists with durations, playing a slot (device null), marking, the as-run log, loa tts.
. "$(dirname "$0")/lib.sh"
clock "2026-12-02 18:30"
setup_commune
sed -i 's/device = "default";/device = "null";/' "$T/config/loa.cfg"
cd "$T"
cat > campaigns/a.cfg <<'CFG'
id = "a";
title = "Thông báo A";
broadcast: { text = "UBND xã Minh Tiến thông báo: ngày 07/3/2022, 1.500 tài khoản VNeID."; schedule: { times = [ "06:00", "17:00" ]; }; };
CFG
cat > campaigns/b.cfg <<'CFG'
id = "b";
title = "Thông báo B";
broadcast: { text = "UBND xã Minh Tiến thông báo: ngày 07/3/2022, 1.500 tài khoản VNeID."; schedule: { times = [ "06:00" ]; days = [ "t5" ]; }; };
CFG

# The default render_ahead (12 h): the evening before (18:30) the 06:00 slot is rendered, the
# 17:00 one not yet; it is rendered at 05:00 the same day (below).
clock "2026-12-02 18:30"; run --log-file run.log run --once
check "run --once renders ahead" equals "$rc" 0
clock "2026-12-02 18:30"; run broadcast today --date 2026-12-03 --json
check "the day has three items" equals "$(printf '%s' "$out" | grep -c '"id"')" 3
check "06:00 items are ready" equals "$(printf '%s' "$out" | grep -c '"state": "ready"')" 2
check "17:00 is still pending" contains "$out" '"state": "pending"'
check "the files are where the operator looks" contains "$out" "audio/2026-12-03/0600-a.mp3"
check "two items with the same text were synthesised once" equals "$(ls var/audio/cache/*.mp3 | wc -l)" 1
check "the log says the second came from the cache" contains "$(cat run.log)" "(cached)"
check "the playlist lists both with durations" equals "$(grep -c '^#EXTINF:[0-9]*,' var/audio/2026-12-03/0600.m3u)" 2
check "the MP3 has an MPEG or ID3 header" contains "$(head -c 3 var/audio/2026-12-03/0600-a.mp3 | od -c | head -1)" "I   D   3"
dur=$(printf '%s' "$out" | grep -m1 '"duration"' | grep -o '[0-9.]*')
check "the item lasts as long as two readings with a chime (> 10 s)" test "${dur%.*}" -gt 10

clock "2026-12-02 18:30"; run broadcast today --date 2026-12-03
check "today names each slot's playlist" contains "$out" "slot 06:00  playlist $T/var/audio/2026-12-03/0600.m3u"
check "a slot not rendered yet has no playlist" contains "$out" "slot 17:00  playlist (none yet)"
check "today shows each item's duration and file" test -n "$(printf '%s' "$out" | grep -E 'ready +a +[0-9]+\.[0-9] s  .*/2026-12-03/0600-a.mp3$')"
check "the help names the default render_ahead" contains "$(loa help config)" "render_ahead"

# Changing the text re-renders; unchanged texts are left alone.
sed -i 's/1.500 tài khoản/2.500 tài khoản/' campaigns/b.cfg
clock "2026-12-02 19:00"; run --log-file run2.log run --once
clock "2026-12-02 19:00"; run broadcast today --date 2026-12-03 --json
check "a changed text is rendered again" equals "$(ls var/audio/cache/*.mp3 | wc -l)" 2
check "the new words are read" contains "$out" "hai nghìn năm trăm"

# No sound device: every item fails, each is named with why, exit 3; the next play tries again.
sed -i 's/device = "null";/device = "loa-test-no-such-device";/' config/loa.cfg
clock "2026-12-03 05:58"; run broadcast play --slot 06:00
check "a play that fails exits 3" equals "$rc" 3
check "it does not claim the items played" contains "$out" "0 items played in slot 06:00 on loa-test-no-such-device, 2 failed"
check "each failed item is named with why" equals "$(printf '%s\n' "$err" | grep -c 'not played: aplay -D loa-test-no-such-device: ')" 2
check "the first one by name and file" contains "$err" "(a, 0600-a.wav) not played"
check "ALSA's own lines are not poured onto the terminal" lacks "$err" "ALSA lib"
check "the reason names the unknown device" contains "$err" "Unknown PCM loa-test-no-such-device"
clock "2026-12-03 05:59"; run broadcast today --date 2026-12-03
check "today shows the failed items with why" contains "$out" "(aplay -D loa-test-no-such-device: "
sed -i 's/device = "loa-test-no-such-device";/device = "null";/' config/loa.cfg

# The operator plays the 06:00 slot again on the null device: the failed items are retried.
clock "2026-12-03 06:00"; run broadcast play --slot 06:00
check "play --slot plays the slot's items" contains "$out" "2 items played in slot 06:00"
clock "2026-12-03 06:05"; run broadcast log --json
check "the as-run log shows both as played" equals "$(printf '%s' "$out" | grep -c '"state": "played"')" 2
check "the log keeps the failed attempts too" equals "$(printf '%s' "$out" | grep -c '"state": "failed"')" 2
check "a failed attempt keeps why" contains "$out" '"note": "aplay -D loa-test-no-such-device: ' 
check "with start and end times" contains "$out" '"started": "2026-12-03 06:0'
id=$(printf '%s' "$out" | grep -m1 '"id"' | grep -o '[0-9]*')
run broadcast mark "$id" skipped --note "mất điện"
check "mark records the operator's note" contains "$(loa --now "2026-12-03 06:06" broadcast log)" "mất điện"
run broadcast mark 999 played
check "mark of an unknown item exits 1" equals "$rc" 1
run broadcast play
check "play without --slot is a usage error" equals "$rc" 2

# An urgent announcement, rendered at once.
clock "2026-12-03 10:15"; run broadcast now "Bão số 3: bà con chằng chống nhà cửa trước 17h."
check "broadcast now renders at once" contains "$out" "urgent announcement"
check "its file exists" test -f var/audio/2026-12-03/1015-khan-1015.mp3

# An unattended station: with autoplay, loa run plays each slot itself at its time and logs it.
sed -i 's/autoplay = false;/autoplay = true;/' config/loa.cfg
clock "2026-12-03 17:00"; run --log-file auto.log run --once
clock "2026-12-03 17:01"; run broadcast log --date 2026-12-03 --json
check "autoplay played the 17:00 slot at its time" equals "$(printf '%s' "$out" | grep -A3 '"slot": "17:00"' | grep -c '"state": "played"')" 1
check "autoplay logs where it played" contains "$(cat auto.log)" "played on null"
sed -i 's/autoplay = true;/autoplay = false;/' config/loa.cfg

# render_ahead's default, 12 h: the 17:00 slot is rendered at 05:00 the same day, not the evening before.
clock "2026-12-04 04:59"; run run --once
clock "2026-12-04 04:59"; run broadcast today --date 2026-12-04 --json
check "at 04:59 the 17:00 slot is not rendered yet" equals "$(printf '%s' "$out" | grep -A3 '"slot": "17:00"' | grep -c '"state": "pending"')" 1
# An item laid out after its slot began (the campaign came late, or loa was down) is missed.
cat > campaigns/m.cfg <<'CFG'
id = "m";
title = "Thông báo muộn";
broadcast: { text = "Thông báo về lịch làm căn cước."; schedule: { at = [ "2026-12-04 04:00" ]; }; };
CFG
clock "2026-12-04 05:00"; run run --once
clock "2026-12-04 05:00"; run broadcast today --date 2026-12-04 --json
check "at 05:00 the 17:00 slot is rendered" equals "$(printf '%s' "$out" | grep -A3 '"slot": "17:00"' | grep -c '"state": "ready"')" 1
check "an item rendered after its slot began is missed" equals "$(printf '%s' "$out" | grep -B14 '"missed": true' | grep -c '"campaign": "m"')" 1
check "only that one" equals "$(printf '%s' "$out" | grep -c '"missed": true')" 1
clock "2026-12-04 05:00"; run broadcast today --date 2026-12-04
check "today's text says missed" test -n "$(printf '%s' "$out" | grep -E '^  [0-9]+ +missed +m ')"

# An item whose audio cannot be made is named at play, not counted as played.
cat > campaigns/z.cfg <<'CFG'
id = "z";
title = "Thông báo Z";
broadcast: { text = "Thông báo lịch tiêm chủng."; schedule: { at = [ "2026-12-05 08:00" ]; }; };
CFG
touch var/audio/2026-12-05          # a file where the day's folder should be: rendering fails
clock "2026-12-05 07:50"; run broadcast play --slot 08:00
check "a slot whose audio cannot be made exits 3" equals "$rc" 3
clock "2026-12-05 07:51"; run broadcast play --slot 08:00
check "played again, it still exits 3" equals "$rc" 3
check "the item is named with why it has no audio" contains "$err" "(z, not rendered) not played: its audio could not be made: "
check "nothing is claimed played" contains "$out" "0 items played in slot 08:00 on null, 1 failed"
rm -f var/audio/2026-12-05 campaigns/z.cfg

# Thông tư 39's levels and a bulletin from the province, on the next day's 17:00 slot.
clock "2026-12-04 16:00"; run broadcast now "Lịch tiêm chủng đổi sang thứ bảy." --level uu-tien
check "an ưu tiên announcement goes into the next slot" contains "$out" "priority announcement"
check "first in slot 17:00" contains "$out" "first in slot 17:00"
sox -n -r 16000 -c 2 bulletin.wav synth 3 sine 440 vol 0.05 2>/dev/null && lame --quiet -b 64 bulletin.wav "Bản tin tỉnh.mp3"
clock "2026-12-04 16:00"; run broadcast file "Bản tin tỉnh.mp3" --slot 17:00
check "broadcast file adds the province's bulletin" contains "$out" "bulletin "
check "as an item of slot 17:00" contains "$out" "slot 17:00"
clock "2026-12-04 16:00"; run broadcast today --json
order=$(printf '%s' "$out" | awk '/"slot": "17:00"/ { on = 1 } on && /"campaign"/ { gsub(/.*: "|",?/, ""); printf "%s ", $0; on = 0 }')
check "in slot 17:00: the ưu tiên item, then the programme, then the bulletin" equals "$order" "uutien-1600 a tinh-Ban_tin_tinh "
bdur=$(printf '%s' "$out" | awk '/"campaign": "tinh-/ { on = 1 } on && /"duration"/ { gsub(/[^0-9.]/, ""); print; exit }')
check "the bulletin lasts as long as its file (3 s)" awk -v d="$bdur" 'BEGIN { exit !(d > 2.9 && d < 3.2) }'
rms=$(sox var/audio/2026-12-04/1700-tinh-*.wav -n stats 2>&1 | awk '/RMS lev dB/ { print $4 }')
check "the bulletin is loudness-normalised like the rest (RMS near -16 dB, was -29)" awk -v r="$rms" 'BEGIN { exit !(r > -18 && r < -14) }'
clock "2026-12-04 17:00"; run broadcast play --slot 17:00
check "the slot plays all three" contains "$out" "3 items played in slot 17:00"
clock "2026-12-04 17:05"; run broadcast log --date 2026-12-04
check "the bulletin is in the as-run log" contains "$out" "played   tinh-Ban_tin_tinh"
clock "2026-12-04 17:05"; run broadcast log --csv --month 2026-12
check "the month's as-run log as CSV has the bulletin" contains "$out" '"2026-12-04","17:00",' 
check "with its level and times" contains "$out" '"thuong","bản tin: Bản tin tỉnh.mp3","","played","2026-12-04 17:00:00","2026-12-04 17:00:03",' 
check "and the operator's mark of the earlier day" contains "$out" "mất điện"
clock "2026-12-04 17:05"; run broadcast file nosuch.mp3
check "a missing bulletin file is refused, naming it" contains "$err" "nosuch.mp3"
check "with exit 1" equals "$rc" 1

# --sms: the warning also as an urgent SMS to every resident who has not opted out; the time it takes first.
printf 'Họ và tên,Số điện thoại,Xóm\nBùi Thị Anh,0900000001,DT\nVũ Ngọc Thảo,0900000002,KV\nNgô Kim Dung,0900000004,KV\n' >res.csv
clock "2026-12-04 18:00"; run contacts import res.csv
sqlite3 var/loa.db "UPDATE contacts SET opted_out = 1 WHERE phone = '+84900000002'"
sed -i 's/rate_per_minute = 0;/rate_per_minute = 1;/' config/loa.cfg
clock "2026-12-04 18:00"; run broadcast now "Lũ đang lên, bà con lên chỗ cao ngay." --level khan-cap --sms
check "broadcast now --sms says first how long the SMS take" equals "$(printf '%s\n' "$out" | sed -n 2p)" \
    "urgent SMS to 2 residents (2 parts): about 2 min on 1 modem at 1 parts a minute"
check "then queues them" contains "$out" "urgent SMS queued for 2 residents"
clock "2026-12-04 18:00"; run outbox list --json
check "to the residents who did not opt out" equals "$(printf '%s' "$out" | grep -c '"phone"')" 2
check "never to the one who did" lacks "$out" "+84900000002"
sed -i 's/rate_per_minute = 1;/rate_per_minute = 0;/' config/loa.cfg

# loa tts
run tts --normalize-only "Quyết định 34/2021/QĐ-TTg, 14h30, 50.000đ"
check "normalize-only prints words" equals "$out" "Quyết định số ba mươi tư năm hai nghìn không trăm hai mươi mốt quyết định thủ tướng, mười bốn giờ ba mươi phút, năm mươi nghìn đồng"
run tts "Xin chào bà con xã Minh Tiến." -o hello.wav
check "loa tts writes a WAV" contains "$out" "hello.wav"
check "the WAV is 44.1 kHz" contains "$(od -An -tu4 -j24 -N4 hello.wav)" "44100"
run tts "Xin chào" -o hello.ogg
check "an unknown output type is refused" equals "$rc" 1
finish
