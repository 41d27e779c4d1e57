#!/usr/bin/env bash
# test_check_all — `loa check` reports every mistake of every campaign file in one pass, each said plainly.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"

# one file, four mistakes: a misspelt required key, a date that does not exist, unknown hamlets, a bad time
cat > campaigns/hop-xom.cfg <<'CFG'
id = "hop-xom";
titel = "Họp xóm";
from = "2027-04-31";
audience: { hamlets = [ "Hoa Tien 2", "Dong Kiem", "ZZ" ]; };
sms: {
  text = "UBND xã Minh Tiến: mời bà con họp xóm. Soạn HUY để ngừng nhận tin.";
  schedule: { times = [ "25:00" ]; except = [ "2027-02-29" ]; };
};
CFG
# a yes where a boolean goes
cat > campaigns/b-yes.cfg <<'CFG'
id = "b-yes";
title = "B";
enabled = yes;
CFG
# a missing ]
cat > campaigns/c-bracket.cfg <<'CFG'
id = "c-bracket";
title = "C";
sms: { text = "x"; schedule: { times = [ "08:00" ; }; };
CFG
# a group never closed
cat > campaigns/d-group.cfg <<'CFG'
id = "d-group";
title = "D";
sms: { text = "x"; schedule: { times = [ "08:00" ]; };
CFG
# a quoted "yes"
cat > campaigns/e-quoted.cfg <<'CFG'
id = "e-quoted";
title = "E";
urgent = "yes";
CFG

run check
check "check exits 1" equals "$rc" 1
check "the misspelt key is named" contains "$err" "campaigns/hop-xom.cfg:2: unknown setting 'titel' (did you mean 'title'?)"
check "the missing title is said" contains "$err" "campaigns/hop-xom.cfg: missing required setting 'title'"
check "the bad date in the same file is still reported, with why" contains "$err" \
    "campaigns/hop-xom.cfg:3: 'from' date 2027-04-31: April has 30 days"
check "an unknown hamlet comes with the nearest one" contains "$err" \
    "campaigns/hop-xom.cfg:4: hamlet 'Hoa Tien 2' is not defined in 'hamlets'; nearest: HT (Xóm Hòa Tiến)"
check "a hamlet near none lists the hamlets" contains "$err" \
    "campaigns/hop-xom.cfg:4: hamlet 'ZZ' is not defined in 'hamlets'; the hamlets are: DK (Xóm Đồng Kiệm), HT (Xóm Hòa Tiến)"
check "a hamlet named as the office writes it is no error" lacks "$err" "'Dong Kiem'"
check "the bad time is reported" contains "$err" "campaigns/hop-xom.cfg:7: schedule time '25:00' is not a time of day"
check "a 29 February out of a leap year is said so" contains "$err" \
    "campaigns/hop-xom.cfg:7: except date 2027-02-29: 2027 is not a leap year: February has 28 days"
check "yes is said to be no value" contains "$err" "campaigns/b-yes.cfg:3: \`yes\` is not a value here: write true or false"
check "a missing ] is said as such" contains "$err" \
    "campaigns/c-bracket.cfg:3: a \`]\` is missing: the array \`[\` opened on line 3 must be closed before this \`;\`"
check "a group never closed is said as such" contains "$err" \
    "campaigns/d-group.cfg:4: a \`}\` is missing: the group \`{\` opened on line 3 is never closed"
check "a quoted yes is said too" contains "$err" \
    "campaigns/e-quoted.cfg:3: 'urgent': \"yes\" is not a value here: write true or false, without quotes"
check "libconfig's own words are not shown" lacks "$err" "syntax error"
check "all of them are counted" contains "$err" "loa: 11 errors in the configuration; nothing was done"
check "check created no database" equals "$(ls var)" ""

# fixed, the files pass
rm campaigns/b-yes.cfg campaigns/c-bracket.cfg campaigns/d-group.cfg campaigns/e-quoted.cfg
sed -i 's/titel/title/; s/2027-04-31/2027-04-30/; s/"Hoa Tien 2", //; s/, "ZZ"//; s/25:00/08:00/; s/2027-02-29/2027-02-28/' \
    campaigns/hop-xom.cfg
run check
check "after the fixes check passes" equals "$rc" 0
check "and says ok" contains "$out" "ok: Xã Minh Tiến"

# a line libconfig refuses that the scanner cannot explain keeps FILE:LINE and says where to look
printf 'id = "f";\ntitle = "F";\nenabled = true true;\n' > campaigns/f.cfg
run check
check "an unexplained syntax error keeps its line" contains "$err" "campaigns/f.cfg:3: "

# a file in error does not hide the campaign-wide check of the others (over the residents)
rm campaigns/f.cfg
step contacts import "$LOA_ROOT/config/demo-contacts.csv"
cat > campaigns/dai.cfg <<'CFG'
id = "dai";
title = "Dài";
sms: {
  text = "UBND xã Minh Tiến kính mời {ten|bà con} đến nhà văn hóa xóm để được hướng dẫn kích hoạt tài khoản định danh điện tử. Soạn HUY để ngừng nhận tin.";
  max_parts = 1;
  schedule: { at = [ "2026-12-05 08:00" ]; };
};
CFG
printf 'id = "g";\ntitle = "G";\nenabled = yes;\n' > campaigns/g.cfg
run check
check "the broken file is reported" contains "$err" "campaigns/g.cfg:3: \`yes\` is not a value here: write true or false"
check "and the other file's campaign-wide error too" contains "$err" "campaigns/dai.cfg:4: the SMS needs up to 3 parts (for Bùi Thị Anh), more than max_parts = 1"
check "both are counted" contains "$err" "loa: 2 errors in the configuration; nothing was done"
finish
