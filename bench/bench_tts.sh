#!/usr/bin/env bash
# tts_bench — the announcement pipeline against the plain command-line pipeline, on one text.
#
# usage: bench/tts_bench.sh [TEXT]    (default: the commune plan, /work/shared/seed/…)
# Needs the tools built: make loa-bin-and-tests (uses $LOA_TOOLS or build/std/tools).
#
# Plain:  espeak-ng -v vi -s 150 -p 50 -w  ->  sox … rate 44100  ->  lame (same settings as loa:
#         CBR 64 kbps, mono, -q 3, no ReplayGain analysis), each writing a file, one after another.
# loa:    ttsbench (tts_synth -> audio_resample -> audio_compose -> audio_write_mp3), repeat 1 so
#         both produce the text once; then once more with the default repeat 2 for reference.
# Prints a Markdown block to paste into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
text=${1:-tests/fuzz/normalize/ke-hoach-de-an-06.txt}
tools=${LOA_TOOLS:-build/std/tools}
bench=$tools/ttsbench
[ -x "$bench" ] || { echo "tts_bench: $bench missing: run 'make loa-bin-and-tests'" >&2; exit 2; }
for c in espeak-ng sox lame; do command -v $c >/dev/null || { echo "tts_bench: $c missing" >&2; exit 2; }; done
tmp=$(mktemp -d /tmp/loa-ttsbench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{printf "%.2f", $2 - $1}'; }

# --- plain pipeline ---
t0=$(now)
espeak-ng -v vi -s 150 -p 50 -w "$tmp/plain22.wav" -f "$text"
t1=$(now)
sox -V1 "$tmp/plain22.wav" "$tmp/plain44.wav" rate 44100
t2=$(now)
lame --quiet --noreplaygain -b 64 --cbr -m m -q 3 "$tmp/plain44.wav" "$tmp/plain.mp3"
t3=$(now)
p_synth=$(secs "$t0" "$t1"); p_rate=$(secs "$t1" "$t2"); p_enc=$(secs "$t2" "$t3"); p_total=$(secs "$t0" "$t3")
speech=$(soxi -D "$tmp/plain22.wav")

# --- loa, repeat 1 and repeat 2 (whole process timed, as the plain one is) ---
t4=$(now)
"$bench" "$text" "$tmp/loa1.mp3" 1 >"$tmp/loa1.txt"
t5=$(now)
"$bench" "$text" "$tmp/loa2.mp3" 2 >"$tmp/loa2.txt"
t6=$(now)
l1_total=$(secs "$t4" "$t5"); l2_total=$(secs "$t5" "$t6")
stage() { awk -v s="$2" '$1 == "stage=" s {split($2, a, "="); split($3, b, "="); printf "%s | %s", a[2], b[2]}' FS=' ' "$1"; }
item2=$(awk '/^chars=/{for (i = 1; i <= NF; i++) if ($i ~ /^item_s=/) {split($i, a, "="); print a[2]}}' "$tmp/loa2.txt")
ratio=$(echo "$l1_total $p_total" | awk '{printf "%.2f", $1 / $2}')
ratio2=$(echo "$l2_total $p_total $item2 $speech" | awk '{printf "%.2f", ($1 / $3) / ($2 / $4)}')

cat <<EOT
### TTS pipeline ($(date -u +%Y-%m-%d), $(nproc) cores, $(basename "$text"): $(wc -m <"$text") characters, ${speech%.*} s of speech)

Command: \`make bench\` (runs \`bench/bench_tts.sh $text\`)

| stage | plain pipeline (s) | loa (s) | loa RTF |
|---|---|---|---|
| normalise (loa only: numbers, dates, abbreviations to words) | - | $(stage "$tmp/loa1.txt" normalise) |
| synthesise (espeak-ng) | $p_synth | $(stage "$tmp/loa1.txt" synthesise) |
| resample 22050 -> 44100 | $p_rate | $(stage "$tmp/loa1.txt" resample) |
| loudness + limiter + chime | - | $(stage "$tmp/loa1.txt" loudness) |
| encode MP3 (LAME CBR 64 kbps mono -q 3) | $p_enc | $(stage "$tmp/loa1.txt" encode) |
| **whole process** | **$p_total** | **$l1_total** | |

- loa / plain, same text once (repeat 1): **${ratio}x** (goal: at most 1.2x)
- loa with the default repeat 2 (${item2%.*} s item): $l2_total s, **${ratio2}x** the plain pipeline per second of output
EOT
