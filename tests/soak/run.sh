#!/usr/bin/env bash
# run — the three soaks (crash, faults, and the crash soak through Kannel), one after the other (`make soak`,
# `make soak-short`); the last line is PASS or FAIL.
set -u
cd "$(dirname "$0")"
failed=""
for s in crash faults kannel; do
    bash "$s.sh" || failed="$failed $s"
    echo
done
if [ -z "$failed" ]; then echo "soak (${SOAK:-full}): PASS"; else echo "soak (${SOAK:-full}): FAIL:$failed"; exit 1; fi
