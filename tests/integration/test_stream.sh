#!/usr/bin/env bash
# test_stream — on air over IP against a real Icecast: a slot played to the mount is recorded by a
# client and decodes to the slot's items in order with their durations; loa run keeps the mount up
# with silence between slots; a khẩn cấp item interrupts the item on air, which is replayed after it;
# Icecast killed mid-item gives a reconnection and a replay, in the as-run log. No sound card.
# runs-once: icecast2
. "$(dirname "$0")/lib.sh"
# run by hand against a SANITIZE=1 build (make check skips it there): libshout's own leak is not loa's
export LSAN_OPTIONS="suppressions=$LOA_ROOT/tests/icecast/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
clock "2025-06-02 05:50"
setup_commune
cd "$T"
for tool in icecast2 mpg123 curl; do
    command -v $tool >/dev/null || { not_ok "$tool missing: make deps-test"; finish; }
done

# ---- Icecast, as an unprivileged user, on a free loopback port ----
. "$LOA_ROOT/tests/icecast/icecast.sh"
icecast_setup "$T/icecast"
port=$ice_port
start_icecast() { icecast_start; local r=$?; fakes="$fakes $icecast_pid"; return $r; }
check "Icecast starts as an unprivileged user on port $port" start_icecast
url="http://127.0.0.1:$port/loa"

# record OUT: a receiver: connects as soon as the mount exists, records until the server closes it.
record() {
    local out=$1
    for _ in $(seq 400); do curl -sf -N -o "$out" "$url" && return 0; [ -s "$out" ] && return 0; sleep 0.05; done
}
# segments FILE.mp3: the recording decoded (mpg123), then its sounding stretches' lengths, one a line
segments() {
    mpg123 -q -w "${1%.mp3}.wav" "$1" 2>/dev/null
    "$LOA_TOOLS/segments" "${1%.mp3}.wav" | awk '{ printf "%.2f\n", $2 - $1 }'
}
# near A B: |A - B| <= 0.5 s
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.5) }' || { echo "    $1 is not $2 ± 0.5" >&2; return 1; }; }
# durations: the items' durations (seconds) in the order of `broadcast today`, of SLOT
durations() { loa broadcast today --json | awk -v s="\"$1\"" '/"slot"/ { on = index($0, s) > 0 } on && /"duration"/ { gsub(/[^0-9.]/, ""); print }'; }

# ---- the configuration ----
sox -n -r 44100 -c 1 "$T/config/chime.wav" synth 0.4 sine 880 fade 0 0.4 0.15 2>/dev/null
sed -i -e 's/device = "default";/device = "null";/' -e 's/repeat = 2;/repeat = 1; chime = "chime.wav"; emergency_repeat = 1;/' \
    -e 's/slots = \[ "06:00", "17:00" \];/slots = [ "06:00", "06:30", "17:00" ];/' "$T/config/loa.cfg"
sed -i 's/^broadcast: {/broadcast: {\n  stream: { host = "127.0.0.1"; port = '"$port"'; mount = "\/loa"; password = "hackme"; bitrate = 32; name = "Đài xã Minh Tiến"; };/' "$T/config/loa.cfg"
clock "2025-06-02 05:50"; run check
check "loa check refuses Icecast's sample password" equals "$rc" 1
check "naming the file and line" contains "$err" "loa.cfg:60: broadcast.stream.password must be set, and not Icecast's sample password 'hackme'"
sed -i 's/password = "hackme"/password = "'"$ice_source_password"'"/' "$T/config/loa.cfg"

cat > campaigns/a.cfg <<'CFG'
id = "a";
title = "Tiêm chủng";
broadcast: { text = "Mời bà con đi tiêm chủng."; schedule: { times = [ "06:00" ]; }; };
CFG
cat > campaigns/b.cfg <<'CFG'
id = "b";
title = "VNeID";
broadcast: { text = "Bà con mang căn cước đến nhà văn hóa để kích hoạt VNeID."; schedule: { times = [ "06:00" ]; }; };
CFG
cat > campaigns/c.cfg <<'CFG'
id = "c";
title = "Lịch cắt điện";
broadcast: { text = "Thông báo lịch cắt điện ngày mai từ bảy giờ đến mười một giờ."; schedule: { times = [ "06:00" ]; }; level = "uu-tien"; };
CFG
cat > campaigns/d.cfg <<'CFG'
id = "d";
title = "Dịch vụ công";
broadcast: { text = "Bà con có thể nộp hồ sơ dịch vụ công trực tuyến tại nhà, không phải đến ủy ban xã."; schedule: { times = [ "06:30" ]; }; };
CFG
clock "2025-06-02 05:50"; run check
check "the stream configuration is valid" equals "$rc" 0
clock "2025-06-02 05:50"; run --log-file run.log run --once
check "the slots are rendered ahead" equals "$rc" 0
mapfile -t want < <(durations 06:00)
check "three items in the 06:00 slot" equals "${#want[@]}" 3
clock "2025-06-02 05:50"; run broadcast today
check "ưu tiên goes first in its slot" contains "$(printf '%s' "$out" | sed -n 3p)" " c "

# ---- 1. the CLI plays a slot to the mount; a receiver records it ----
record rec1.mp3 &
rec=$!
clock "2025-06-02 06:00"; run broadcast play --slot 06:00
check "broadcast play streams the slot" equals "$rc" 0
check "and says where" contains "$out" "3 items played in slot 06:00 on the stream $url"
wait $rec
mapfile -t got < <(segments rec1.mp3)
check "the recording holds three items" equals "${#got[@]}" 3
# an item is 0.5 s of silence, the chime and the speech, 0.5 s of silence: what sounds is 1 s less
for i in 0 1 2; do
    check "item $((i + 1)) sounds as long as it lasts ($(awk -v d="${want[$i]}" 'BEGIN { print d - 1 }') s)" \
        near "${got[$i]:-0}" "$(awk -v d="${want[$i]}" 'BEGIN { print d - 1 }')"
done
clock "2025-06-02 06:05"; run broadcast log
check "the as-run log has each item as streamed" equals "$(printf '%s\n' "$out" | grep -c "aired .*stream $url")" 3
check "with start and end" contains "$out" "2025-06-02 06:00:0"

# ---- 2. loa run: the mount stays up between slots; a khẩn cấp item interrupts; the programme goes on ----
clock "2025-06-03 05:50"; run --log-file run.log run --once
check "the next day's slots are rendered" equals "$rc" 0
clock "2025-06-03 06:10"; loa_daemon --log-file daemon.log run &
daemon=$!
record rec2.mp3 &
rec=$!
for _ in $(seq 100); do [ -s rec2.mp3 ] && break; sleep 0.1; done
check "a receiver connects to the mount between slots" test -s rec2.mp3
sleep 2
check "and stays connected (silence keeps the mount)" kill -0 $rec
# the stream's metadata, as Icecast's statistics show it to receivers (HTML entities for what is not Latin-1)
mount_title() {
    curl -s "http://127.0.0.1:$port/status-json.xsl" | python3 -c '
import html, json, sys
s = json.load(sys.stdin)["icestats"].get("source") or {}
print(html.unescape((s[0] if isinstance(s, list) else s).get("title", "")))'
}
check "between slots the stream's title is the station's name" equals "$(mount_title)" "Đài xã Minh Tiến"
clock "2025-06-03 06:10"; run broadcast today
check "broadcast today shows the stream on air and its receiver" contains "$out" "stream $url: on air; 1 listener"
clock "2025-06-03 06:10"; run status --json
check "loa status --json has the stream" contains "$out" '"listeners": 1'
clock "2025-06-03 06:10"; run status
check "loa status shows the stream's state" contains "$out" "stream $url: on air; 1 listener"
clock "2025-06-03 06:10"; run broadcast play --slot 06:00
check "broadcast play hands the slot to loa run on air" contains "$out" "slot 06:00 handed to the stream on air (loa run, pid"
# the titles a receiver's display shows meanwhile, read beside the slot (the emergency's timing stays as it was)
for _ in $(seq 10); do mount_title; sleep 0.2; done >titles.txt &
titles=$!
sleep 3
clock "2025-06-03 06:10"; run broadcast now "Khẩn cấp: nước lũ đang lên, bà con di chuyển lên chỗ cao." --level khan-cap
check "broadcast now --level khan-cap" contains "$out" "on air now through loa run"
wait $titles
check "each item's title is the stream's metadata while it plays" contains "$(cat titles.txt)" "Lịch cắt điện"
for _ in $(seq 100); do [ "$(mount_title)" = "Thông báo khẩn cấp" ] && break; sleep 0.1; done
check "the emergency's title on the stream" equals "$(mount_title)" "Thông báo khẩn cấp"
for _ in $(seq 600); do
    clock "2025-06-03 06:10"; run broadcast log
    [ "$(printf '%s\n' "$out" | grep -c '^  [0-9]* *played ')" -ge 4 ] && break
    sleep 0.1
done
sleep 2
check "the receiver is still connected after the slot" kill -0 $rec
kill $rec 2>/dev/null; wait $rec 2>/dev/null
clock "2025-06-03 06:15"; run broadcast today --json
emerg=$(printf '%s\n' "$out" | awk '/"campaign": "khan-/ { on = 1 } on && /"duration"/ { gsub(/[^0-9.]/, ""); print; exit }')
mapfile -t got < <(segments rec2.mp3)
check "the recording: the first item cut, the emergency, the first item again, then the rest" equals "${#got[@]}" 5
check "the first item was cut short" awk -v a="${got[0]:-0}" -v b="${want[0]}" 'BEGIN { exit !(a < b - 1.5) }'
check "the emergency at its length" near "${got[1]:-0}" "$(awk -v d="$emerg" 'BEGIN { print d - 1 }')"
for i in 0 1 2; do
    check "then item $((i + 1)) whole" near "${got[$((i + 2))]:-0}" "$(awk -v d="${want[$i]}" 'BEGIN { print d - 1 }')"
done
clock "2025-06-03 06:15"; run broadcast log
check "the as-run log says the item was interrupted and replayed" contains "$out" "by khẩn cấp item"
check "replayed from its start" contains "$out" "replayed from the start after it"

# ---- 3. Icecast killed mid-item: loa reconnects and replays it; the log says what listeners missed ----
clock "2025-06-03 06:30"; run broadcast play --slot 06:30
sleep 3
kill $icecast_pid; wait $icecast_pid 2>/dev/null
sleep 1
check "Icecast comes back" start_icecast
for _ in $(seq 600); do
    clock "2025-06-03 06:30"; run broadcast log
    contains "$out" "played   d" 2>/dev/null && break
    sleep 0.1
done
clock "2025-06-03 06:35"; run broadcast log
check "item d was played in the end" contains "$out" "played   d"
check "the as-run log says the connection was lost and the item replayed" contains "$out" "cut         "
check "and what listeners missed" contains "$out" "listeners missed"
check "the daemon logged the reconnection" contains "$(cat daemon.log)" "stream: reconnected to $url"
clock "2025-06-03 06:35"; run broadcast log --csv --date 2025-06-03
check "the day's as-run log as CSV for an inspection" contains "$(printf '%s' "$out" | head -1)" "ngay,khung_gio,ma,noi_dung_ma,muc_do,noi_dung,dau_ra,trang_thai,bat_dau,ket_thuc,giay,ghi_chu"
check "a row per airing: the interruption" contains "$out" '"interrupted","2025-06-03 06:'
check "and the emergency's level" contains "$out" '"khan-cap"' 
clock "2025-06-03 06:35"; run broadcast log --csv --month 2025-06
check "the month's: both days" contains "$out" '"2025-06-02","06:00"' 
kill -TERM $daemon; wait $daemon; daemon=0
check "loa run stops its stream and says the stream is off" contains "$(cat daemon.log)" "loa run stopping"
finish
