#!/usr/bin/env bash
# Issue 13: the sending loop and materialising, this loa against another binary (BASE_BIN: the one built
# before a change), alternated in one run so the shared machine's noise falls on both. Without BASE_BIN
# it says so and measures nothing.
#   sending: 1,000 two-part messages through Gammu's dummy phone, the worker's own "handled … a second"
#   materialising: one run for 100,000 residents, the scheduler's own "queued in … s"
. "$(dirname "$0")/lib.sh"
if [ ! -x "${BASE_BIN:-}" ]; then echo "BASE_BIN (the loa to compare with) not set: skipped"; exit 0; fi
ROUNDS=${ROUNDS:-5}
N=${N:-1000}
TEXT="UBND xã Minh Tiến kính mời bà con mang CCCD gắn chip đến nhà văn hóa xóm để được hướng dẫn kích hoạt VNeID."
bench_commune
sed -i 's/quiet_hours = { from = "22:00"; to = "07:00"; };/quiet_hours = { from = "00:00"; to = "00:00"; }; per_person_per_day = 0;/' "$B/config/loa.cfg"
cfg=$B/config/loa.cfg
disable() { sed -i 's/daily_limit = 0; }/daily_limit = 0; enabled = false; }/' "$cfg"; }
enable() { sed -i 's/ enabled = false;//' "$cfg"; }
fresh() { rm -rf "$B/var"; mkdir -p "$B/var"; cp "$1" "$B/var/loa.db"; }

# two starting databases, made once by this binary (both binaries share the schema)
campaign() { printf 'id = "%s";\ntitle = "VNeID";\nsms: { text = "%s"; schedule: { at = [ "2026-12-01 08:00" ]; }; };\n' "$1" "$2" >"$B/campaigns/$1.cfg"; }
gen_contacts "$N" >"$B/small.csv"
"$LOA_BIN" contacts import "$B/small.csv" >/dev/null
cp "$B/var/loa.db" "$B/small.db"
rm -rf "$B/var"; mkdir -p "$B/var"
gen_contacts 100000 >"$B/big.csv"
"$LOA_BIN" contacts import "$B/big.csv" >/dev/null
cp "$B/var/loa.db" "$B/big.db"

send_rate() {   # $1 = binary: messages a second of the worker's loop
    fresh "$B/small.db"; rm -f "$B/campaigns/"*.cfg; campaign drive "$TEXT"
    disable; "$1" --now "2026-12-01 08:00" run --once >/dev/null 2>&1; enable
    rm -f "$B/send.log"
    /usr/bin/time -f '%U %S' -o "$B/cpu" "$1" --now "2026-12-01 08:00" --log-file "$B/send.log" run --once >/dev/null 2>&1
    awk '{ printf "%.3f ", $1 + $2 }' "$B/cpu"
    grep -o 'handled [0-9]* messages in [0-9.]* s ([0-9]* a second' "$B/send.log" | grep -o '([0-9]*' | tr -d '('
}
mat_secs() {   # $1 = binary: seconds of the run's transaction
    fresh "$B/big.db"; rm -f "$B/campaigns/"*.cfg
    campaign big "UBND xã Minh Tiến kính mời {ten|bà con} ({xom}) mang CCCD gắn chip đến nhà văn hóa xóm để được hướng dẫn kích hoạt tài khoản VNeID mức 2. Soạn HUY để ngừng nhận tin."
    rm -f "$B/mat.log"
    disable; "$1" --now "2026-12-01 08:00" --log-file "$B/mat.log" run --once >/dev/null 2>&1; enable
    grep -o 'queued in [0-9.]* s' "$B/mat.log" | grep -o '[0-9.]*'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: >"$B/s.new"; : >"$B/s.base"; : >"$B/m.new"; : >"$B/m.base"
for r in $(seq 1 "$ROUNDS"); do   # the order within a round alternates too
    if [ $((r % 2)) = 1 ]; then send_rate "$LOA_BIN" >>"$B/s.new"; send_rate "$BASE_BIN" >>"$B/s.base"
    else send_rate "$BASE_BIN" >>"$B/s.base"; send_rate "$LOA_BIN" >>"$B/s.new"; fi
    if [ $((r % 2)) = 1 ]; then mat_secs "$BASE_BIN" >>"$B/m.base"; mat_secs "$LOA_BIN" >>"$B/m.new"
    else mat_secs "$LOA_BIN" >>"$B/m.new"; mat_secs "$BASE_BIN" >>"$B/m.base"; fi
done
# Each round's two runs met the same machine: the median of the rounds' ratios is the figure.
pair() { paste -d' ' "$1" "$2" | awk -v c="$3" -v inv="$4" '{ r = inv ? $(c + 2) / $c : $c / $(c + 2); print r }' | median; }
col() { awk -v c="$2" '{ print $c }' "$1" | median; }
echo "sending loop, $N two-part messages, $ROUNDS rounds: this $(col "$B/s.new" 2) msg/s, base $(col "$B/s.base" 2) msg/s (medians); median of the rounds' this / base = $(pair "$B/s.new" "$B/s.base" 2 0 | xargs printf '%.2f')"
echo "  CPU of the whole run --once (user + sys): this $(col "$B/s.new" 1) s, base $(col "$B/s.base" 1) s; median of the rounds' base / this = $(pair "$B/s.new" "$B/s.base" 1 1 | xargs printf '%.2f')"
echo "materialising 100,000 residents, $ROUNDS rounds: this $(median <"$B/m.new")s, base $(median <"$B/m.base")s; median of the rounds' base / this = $(paste -d' ' "$B/m.new" "$B/m.base" | awk '{ print $2 / $1 }' | median | xargs printf '%.2f')"
