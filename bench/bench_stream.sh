#!/usr/bin/env bash
# bench_stream — on air over IP, against a private Icecast (tests/icecast/):
#  1. from `loa broadcast now --level khan-cap` (a 30-second text) to its first sound at a receiver
#     (curl | mpg123, decoded live), with loa run on air and the mount idle (silence), best and worst of 3;
#  2. the silence that keeps receivers connected: bytes a receiver gets per second between slots,
#     and per day; the stream worker's CPU meanwhile.
# usage: bash bench/bench_stream.sh   (after make loa-bin-and-tests; needs icecast2, mpg123, curl: make deps-test)
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
tools=${LOA_TOOLS:-$PWD/build/std/tools}
for c in icecast2 mpg123 curl sqlite3; do command -v $c >/dev/null || { echo "bench_stream: $c missing (make deps-test)" >&2; exit 2; }; done
. tests/icecast/icecast.sh
icecast_setup "$B/icecast"
icecast_start || { echo "bench_stream: Icecast did not start" >&2; exit 1; }
url="http://127.0.0.1:$ice_port/loa"
bench_commune
cat >>"$B/config/loa.cfg" <<CFG
broadcast: { slots = [ "06:00", "17:00" ]; device = "null"; emergency_repeat = 1;
             stream: { host = "127.0.0.1"; port = $ice_port; mount = "/loa"; password = "$ice_source_password"; bitrate = 32; }; };
CFG
export LOA_NOW="2025-06-02 09:00"
"$LOA_BIN" --log-file "$B/run.log" run &
loa_pid=$!
trap 'kill $loa_pid 2>/dev/null; wait $loa_pid 2>/dev/null; kill $icecast_pid 2>/dev/null; rm -rf "$B"' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null -m 0.3 "$url"; [ $? = 28 ] && break; sleep 0.1; done

# 1. latency of a khẩn cấp announcement
text="Thông báo khẩn cấp của ủy ban nhân dân xã Minh Tiến: nước sông đang lên nhanh, dự kiến đêm nay vượt báo động ba. \
Bà con các xóm Đồng Kiệm, Hòa Tiến và Làng Mới di chuyển người già, trẻ em và tài sản lên chỗ cao, \
không qua lại ngầm tràn, theo dõi loa phát thanh và làm theo hướng dẫn của lực lượng xung kích. \
Các hộ ở ven sông chuẩn bị áo phao, đèn pin, nước uống và lương thực cho ba ngày, giữ điện thoại luôn có pin để nhận tin nhắn của xã."
lat=()
for i in 1 2 3; do
    curl -sN "$url" 2>/dev/null | mpg123 -q -s - 2>/dev/null | "$tools/firstsound" 1.5 >"$B/first" &
    sleep 3   # past the burst: the receiver hears the live silence
    t0=$(date +%s.%N)
    "$LOA_BIN" broadcast now "$text (lần $i)" --level khan-cap >"$B/now.out" || { cat "$B/now.out"; exit 1; }
    for _ in $(seq 200); do [ -s "$B/first" ] && break; sleep 0.05; done
    t1=$(cat "$B/first")
    lat+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')")
    dur=$(grep -o '([0-9.]* s)' "$B/now.out")
    pkill -P $$ curl 2>/dev/null
    # let the announcement finish before the next one
    sleep "$(echo "$dur" | tr -dc '0-9.' | awk '{ printf "%d", $1 + 2 }')"
done
echo "khan-cap announcement of $dur: from 'loa broadcast now' to the first sound at a receiver: ${lat[*]} s"

# 2. the silence between slots
sleep 2
wpid=$(sqlite3 "$B/var/loa.db" "SELECT value FROM settings WHERE key = 'stream.pid'")
cpu0=$(awk '{ print $14 + $15 }' /proc/$wpid/stat)
curl -sN -m 62 "$url" -o "$B/silence.mp3" 2>/dev/null
cpu1=$(awk '{ print $14 + $15 }' /proc/$wpid/stat)
bytes=$(stat -c %s "$B/silence.mp3")
awk -v b="$bytes" -v c0="$cpu0" -v c1="$cpu1" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    # 62 s received, the first 2,048 bytes the burst
    kbps = (b - 2048) * 8 / 62 / 1000
    printf "silence between slots: %d bytes in 62 s = %.1f kbit/s = %.0f MB a day per receiver; stream worker CPU %.2f %%\n",
           b, kbps, kbps * 1000 / 8 * 86400 / 1e6, (c1 - c0) / hz / 62 * 100 }'
