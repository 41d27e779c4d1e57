#!/usr/bin/env bash
# run — both soaks, one after the other (`make soak`, `make soak-short`); the last line is PASS or FAIL.
set -u
cd "$(dirname "$0")"
failed=""
for s in crash faults; do
    bash "$s.sh" || failed="$failed $s"
    echo
done
if [ -z "$failed" ]; then echo "soak (${SOAK:-full}): PASS"; else echo "soak (${SOAK:-full}): FAIL:$failed"; exit 1; fi
