#!/usr/bin/env bash
# Writes loa's message template to $1 (po/loa.pot by default) from every source and header, in a
# fixed order and with file-only locations, so that the same sources always give the same file
# (tests/integration/test_i18n.sh compares a fresh extraction with the committed po/loa.pot).
set -eu
cd "$(dirname "$0")/.."
out=${1:-po/loa.pot}
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: -k_ -kN_ -kngettext:1,2 -kC_:1c,2 \
    --language=C --add-location=file --sort-by-file --package-name=loa --msgid-bugs-address=loa \
    -o "$out" $(ls src/*.c include/*.h | LC_ALL=C sort)
# The demo's narration (tests/demo.sh: its _ "…" calls), joined to the same template.
xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: -k_ --language=Shell --add-location=file --join-existing \
    --package-name=loa --msgid-bugs-address=loa -o "$out" tests/demo.sh
# The creation date is the one line that changes without the strings changing.
sed -i '/^"POT-Creation-Date:/d' "$out"
