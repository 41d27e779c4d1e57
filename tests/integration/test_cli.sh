#!/usr/bin/env bash
# test_cli — the loa binary as the officer uses it: check, contacts, backup, exit codes, --json.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"

run --version
check "--version prints the version" contains "$out" "loa 0."

run check
check "check on the demo config exits 0 with a summary" equals "$rc" 0
check "check summary names the commune and campaigns" contains "$out" "Xã Minh Tiến, 7 hamlets, 1 modem, 4 campaigns"

# A typo in a campaign file: exit 1, file:line, nothing else printed on stdout.
printf 'id = "x";\ntitle = "X";\nenabld = true;\n' > campaigns/typo.cfg
run check
check "check with a typo exits 1" equals "$rc" 1
check "check names file and line of the typo" contains "$err" "campaigns/typo.cfg:3: unknown setting 'enabld' (did you mean 'enabled'?)"
rm campaigns/typo.cfg

# A reporter without a PIN can be impersonated by anyone who can forge a sender; a PIN like a year is ambiguous.
cp config/loa.cfg config/loa.cfg.good
sed -i 's/ pin = "4826";//; s/pin = "7315"/pin = "2025"/' config/loa.cfg
run check
check "check warns of a reporter without a PIN" contains "$err" "reporter +84900000901 has no pin: anyone who can forge this sender number can report counts for it (warning)"
check "check warns of a PIN that looks like a year" contains "$err" "pin '2025' looks like a year"
check "warnings alone do not fail check" equals "$rc" 0
sed -i 's/pin = "2025"/pin = "73 15"/' config/loa.cfg
run check
check "a PIN of two words is an error naming file and line" contains "$err" "loa.cfg:"
check "naming the PIN" contains "$err" "pin '73 15' must be one word of letters and digits"
cp config/loa.cfg.good config/loa.cfg
run check
check "the demo config's reporters all have PINs: no warning" lacks "$err" "has no pin"
# A help text that needs more parts than sms.max_parts would never be sent.
sed -i "s/^  help_text = .*/  help_text = \"$(printf 'Hướng dẫn: soạn HUY để ngừng nhận tin. %.0s' $(seq 1 6))\";/" config/loa.cfg
run check
check "a help_text longer than max_parts is a check error" equals "$rc" 1
check "naming the key, its parts and the bound" contains "$err" "keywords.help_text needs 4 SMS parts (ucs2, 234 characters), more than sms.max_parts = 3"
check "with the file and line" contains "$err" "config/loa.cfg:$(grep -n '^  help_text' config/loa.cfg | cut -d: -f1): keywords.help_text"
cp config/loa.cfg.good config/loa.cfg

run nosuchcommand
check "unknown command exits 2" equals "$rc" 2
run contacts import
check "missing argument exits 2 with usage" equals "$rc" 2
check "usage is printed" contains "$err" "loa contacts import FILE.csv"
run --now "2026-13-01 10:00" check
check "bad --now exits 2 naming the argument" contains "$err" "--now '2026-13-01 10:00'"

run -c /nonexistent.cfg check
check "missing config file exits 1" equals "$rc" 1

# Import: bad file changes nothing, good file imports, listing shows it.
printf 'Họ và tên,Số điện thoại,Xóm\nA,0912345678,DK\nB,12345,DK\nC,0912345679,ZZ\n' > bad.csv
run contacts import bad.csv
check "bad CSV exits 1" equals "$rc" 1
check "bad CSV names row 3" contains "$err" "bad.csv:3: phone '12345'"
check "bad CSV names row 4" contains "$err" "bad.csv:4: hamlet 'ZZ'"
run contacts list --json
check "bad CSV imported nothing" equals "$out" "[]"

run contacts import "$LOA_ROOT/config/demo-contacts.csv"
check "demo contacts import" equals "$rc" 0
check "import reports 200 new" contains "$out" "200 rows: 200 new, 0 updated"
run contacts import "$LOA_ROOT/config/demo-contacts.csv"
check "re-import updates, never duplicates" contains "$out" "200 rows: 0 new, 200 updated"

run contacts list --hamlet HT --json
n=$(printf '%s' "$out" | grep -c '"phone"')
run contacts list --hamlet HT
check "list --hamlet text and json agree" contains "$out" "$n residents"
check "list shows Vietnamese names" contains "$out" "HT      "

run contacts show "0900 000 003"
check "show finds a resident by any phone format" contains "$out" "+84900000003"
run contacts show 0900000003 --json
check "show --json" contains "$out" '"phone": "+84900000003"'
run contacts remove 0900000003
check "remove" equals "$rc" 0
run contacts show 0900000003
check "removed resident is gone (exit 1)" equals "$rc" 1
run contacts remove 02438251234
check "remove with a landline number exits 1 naming it" contains "$err" "phone '02438251234'"

run contacts export out.csv
check "export writes every resident" contains "$out" "199 residents written"
check "export starts with a BOM and Vietnamese headers" equals "$(head -c 21 out.csv)" $'\xEF\xBB\xBFHọ và tên,Số'
# residents' names and numbers: 0600 whatever the umask (it used to inherit it)
(umask 000; loa contacts export out2.csv >/dev/null)
check "export is written 0600 even under umask 000" equals "$(stat -c %a out2.csv)" 600

run backup copy.db
check "backup" equals "$rc" 0
check "backup file is 0600" equals "$(stat -c %a copy.db)" 600
run backup copy.db
check "backup refuses to overwrite" equals "$rc" 3
check "database is 0600" equals "$(stat -c %a var/loa.db)" 600

run help config
check "help config prints the key table" contains "$out" "| \`sms.modems[].rate_per_minute\` |"
# The README's key table is the program's own.
keys=$(sed -n '/<!-- keys:begin -->/,/<!-- keys:end -->/p' "$LOA_ROOT/README.md" | sed '1d;$d')
check "README configuration table equals \`loa help config\`" equals "$keys" "$(loa help config)"
finish
