#!/usr/bin/env bash
# Runs every unit test binary (cmocka, TAP output) and every integration script, or only those
# named (tests/run.sh test_run.sh test_store ...), prints each result, and ends with one line:
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
build=${LOA_BUILD:-build/std}
export LOA_BIN="$PWD/$build/loa"
export LOA_TOOLS="$PWD/$build/tools"
export LOA_ROOT="$PWD"
export CMOCKA_MESSAGE_OUTPUT=TAP
export LANGUAGE=en          # English messages unless a test asks for another language (test_i18n.sh)
export LOA_ASSERT_ABORT=1   # a broken invariant (LOA_ASSERT) aborts the test instead of being logged
passed=0
failed=0
log=$(mktemp)
wanted() { [ ${#selected[@]} -eq 0 ] && return 0; local w; for w in "${selected[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }
selected=("$@")

count() { # reads TAP on stdin, echoes it, tallies
    local line
    while IFS= read -r line; do
        case "$line" in
            "ok "*) passed=$((passed + 1)); echo "  $line" ;;
            "not ok "*) failed=$((failed + 1)); echo "  $line" ;;
            "#"*|"1.."*) ;;
            *) echo "    $line" ;;
        esac
    done
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    wanted "$(basename "$t")" || continue
    echo "$(basename "$t"):"
    "$t" >"$log" 2>&1
    rc=$?
    count <"$log"
    if [ $rc -ne 0 ] && ! grep -q "^not ok" "$log"; then
        echo "  not ok - $(basename "$t") exited with status $rc"
        failed=$((failed + 1))
    fi
done

for t in tests/integration/test_*.sh; do
    [ -f "$t" ] || continue
    wanted "$(basename "$t")" || continue
    # A suite that starts an external server or a browser says so with a "# runs-once: WHAT" line:
    # CI runs it in the normal build only, not again under ASan + UBSan.
    if [ "${LOA_SANITIZE:-0}" = 1 ] && once=$(grep -m1 '^# runs-once:' "$t"); then
        echo "$(basename "$t"): not run under SANITIZE=1 (${once#\# runs-once: }); it runs in make check"
        continue
    fi
    echo "$(basename "$t"):"
    bash "$t" >"$log" 2>&1
    rc=$?
    count <"$log"
    if [ $rc -ne 0 ] && ! grep -q "^not ok" "$log"; then
        echo "  not ok - $(basename "$t") exited with status $rc"
        failed=$((failed + 1))
    fi
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
