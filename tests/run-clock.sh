#!/usr/bin/env bash
# run-clock — make check-clock: the integration scripts that start `loa run` or pass --now, run by
# tests/run.sh under libfaketime with the system clock set to each moment given (Vietnam time,
# YYYY-MM-DDTHH:MM). The clock runs on from there (an offset, the same for every process of a run),
# so nothing a test does may depend on the date, the weekday or the hour it runs on.
set -u -o pipefail
cd "$(dirname "$0")/.."
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
[ -e "$lib" ] || lib=$(dpkg -L libfaketime 2>/dev/null | grep -m1 '/libfaketime.so.1$')
[ -n "$lib" ] && [ -e "$lib" ] || { echo "run-clock: libfaketime missing (make deps-test)" >&2; exit 2; }
[ $# -gt 0 ] || { echo "usage: tests/run-clock.sh YYYY-MM-DDTHH:MM..." >&2; exit 2; }
scripts=()
for t in tests/integration/test_*.sh; do
    grep -qE -- '--now|clock "' "$t" && scripts+=("$(basename "$t")")
done
status=0
for m in "$@"; do
    target=$(date -d "${m/T/ } +0700" +%s) || { echo "run-clock: bad moment '$m'" >&2; exit 2; }
    offset=$((target - $(date +%s)))
    echo "== system clock at $m (Vietnam time): ${scripts[*]}"
    LD_PRELOAD="$lib" FAKETIME="$(printf '%+d' "$offset")" FAKETIME_DONT_FAKE_MONOTONIC=1 \
        bash tests/run.sh "${scripts[@]}" | sed "s/^\([0-9]* passed, [0-9]* failed\)$/\1 (clock at $m)/" || status=1
done
exit $status
