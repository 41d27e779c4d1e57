#!/usr/bin/env bash
# bench/run.sh — runs every bench/*.sh (make bench). Each prints its own table;
# paste the figures into bench/RESULTS.md with the command that made them.
set -u
cd "$(dirname "$0")/.."
export LOA_BIN=${LOA_BIN:-$PWD/loa}
# the five-year history (bench/history.sh, minutes to build) is built once, by the first script that needs it
if [ -z "${BIG_DIR:-}" ]; then
    hist=$(mktemp -d /tmp/loa-history-XXXXXX)
    trap 'rm -rf "$hist"' EXIT
    export BIG_DIR=$hist/big
fi
for b in bench/bench_*.sh; do
    echo "== $b"
    bash "$b" || echo "   ($b failed)"
done
