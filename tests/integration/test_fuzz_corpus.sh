#!/usr/bin/env bash
# test_fuzz_corpus — every input kept under tests/fuzz/<target>/ (the seeds, the corpus the fuzzers
# grew, and any input that once crashed a target) goes through its target again, in the build under
# test (ASan and UBSan with SANITIZE=1): a parser that crashes or aborts on one fails the test.
. "$(dirname "$0")/lib.sh"
dir="$(dirname "$LOA_BIN")/fuzz"
# libconfig 1.5 leaks small buffers on some syntax errors: its bug, suppressed as in make fuzz
export LSAN_OPTIONS="suppressions=$LOA_ROOT/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for t in phone sms normalize template replies report csv config sheet kannel web; do
    if [ ! -x "$dir/replay_$t" ]; then not_ok "$t: replay program missing ($dir/replay_$t)"; continue; fi
    want=$(find "$LOA_ROOT/tests/fuzz/$t" -type f | wc -l)
    got=$(cd "$T" && "$dir/replay_$t" "$LOA_ROOT/tests/fuzz/$t" 2>"$T/$t.err")
    rc=$?
    if [ $rc -eq 0 ] && [ "$got" = "$want inputs" ] && [ "$want" -gt 0 ]; then
        ok "$t: $want kept inputs replayed, no crash"
    else
        not_ok "$t: replay exited $rc after '$got' of $want inputs"
        tail -20 "$T/$t.err" | sed 's/^/    /'
    fi
done
finish
