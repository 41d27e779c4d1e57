#!/usr/bin/env bash
# test_web_campaign_form_browser — Soạn chiến dịch in Debian's headless Chromium: the SMS text's live count of
# characters, parts and cost follows what is typed (and the diacritics box) and says what `loa sms count` says;
# the form saves from the browser. With LOA_SCREENSHOTS=DIR (make screenshots) the form at 390 px and desktop width.
# runs-once: chromium
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
need_browser
clock "2026-12-01 09:00"
setup_commune
cd "$T"
web_user lan officer
[ -n "${LOA_SCREENSHOTS:-}" ] && export LANGUAGE=vi   # the screenshots show the page as the officer reads it
start_web
# the texts typed, each with what `loa sms count` says of it: one part, then two, then UCS-2 with marks vs GSM-7 without
short="UBND xã Minh Tiến mời bà con họp."
long="$short Mang theo CCCD gắn chip để được hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức 2, miễn phí, tại nhà văn hóa xóm."
i=0
: >expect
for t in "1 $short" "1 $long" "0 $long"; do
    d=${t%% *} text=${t#* }
    i=$((i + 1))
    printf '%s\n' "$text" >"text$i"
    if [ "$d" = 1 ]; then loa sms count --json "$text" >c.json; else loa sms count --no-diacritics --json "$text" >c.json; fi
    printf '%s %s %s\n' "$d" "$T/text$i" "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["chars"], j["parts"])' c.json)" >>expect
done
check "the texts differ in parts, so a count that did not follow would show" test "$(cut -d' ' -f4 expect | sort -u | wc -l)" -ge 2
run_browser web_campaign_form.py "$base" lan password-lan "$T" "$T/expect"
check "the campaign saved from the browser is in campaigns_dir" test -f campaigns/thu-trinh-duyet.cfg
stop_web
finish
