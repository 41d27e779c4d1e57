#!/usr/bin/env bash
# test_officer_campaigns — the commands an officer expects of her campaigns: pause and resume (held in the database,
# obeyed by the service, shown everywhere), a test SMS to her own phone counted nowhere, delivered % only where a modem
# reports deliveries, a switched-off campaign's waiting messages, and --help on every command.
. "$(dirname "$0")/lib.sh"
clock "2026-12-01 08:00"
setup_commune
cp "$LOA_ROOT"/campaigns/khao-sat-vneid.cfg "$LOA_ROOT"/campaigns/dvc-muc-4.cfg "$T/campaigns/"
cd "$T"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"

# ---- pause before the run: the run comes on time, its messages held, nothing sent ----
run campaign pause khao-sat-vneid
check "campaign pause says it is paused" contains "$out" "khao-sat-vneid paused: 0 queued messages held"
clock "2026-12-01 08:30"; run --log-file r1.log run --once
check "run --once with a paused campaign exits 0" equals "$rc" 0
check "its run is made on time and held, says the log" contains "$(cat r1.log)" "200 messages, 400 parts held (the campaign is paused)"
check "nothing of it was sent" equals "$(count sent)" 0
check "the database holds its 200 messages" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob held)")" 200
clock "2026-12-01 08:31"; run status
check "status counts them as held, not queued" contains "$out" "queue: queued 0, sending 0, sent 0, delivered 0, failed 0, unknown 0, cancelled 0, held 200"
check "and says a campaign is paused" contains "$out" "200 messages held: 1 campaign paused"
run campaign list
check "campaign list shows the campaign paused" contains "$out" "khao-sat-vneid     paused   4"
check "and since when, with what is held" contains "$out" "khao-sat-vneid is paused since 2026-12-01 08:00:00: 200 messages held"
run campaign list --json
check "campaign list --json gives the pause" contains "$out" '"paused": "2026-12-01 08:00:00"'
run campaign results khao-sat-vneid
check "results say PAUSED" contains "$out" "PAUSED since 2026-12-01 08:00:00: 200 messages held"
check "and count them as waiting" contains "$out" "waiting 200"
run campaign pause khao-sat-vneid
check "pausing twice says so" contains "$out" "already paused since 2026-12-01 08:00:00"
run campaign pause nosuch
check "pausing an unknown campaign is bad input (exit 1)" equals "$rc" 1
check "naming it" contains "$err" "no campaign 'nosuch'"

# ---- resume: queued again, sent by the service ----
run campaign resume khao-sat-vneid
check "resume says how many are queued again" contains "$out" "khao-sat-vneid resumed: 200 held messages queued again"
clock "2026-12-01 08:40"; step --log-file r2.log run --once
check "after resume the service sends them" equals "$(count sent)" 200
check "no message is left held" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob held)")" 0
run campaign list
check "campaign list no longer shows it paused" contains "$out" "khao-sat-vneid     enabled  4"
check "the counters equal the rows after pause and resume" counters_agree

# ---- pause with messages already queued (the modem was down) ----
: > var/nophone
sed -i 's|device = "../var/phone"|device = "../var/nophone/x"|' config/loa.cfg
clock "2026-12-01 09:30"; run --log-file r3.log run --once
check "dvc-muc-4's run (101 residents) is queued while the modem is down" equals "$(count queued)" 101
run campaign pause dvc-muc-4
check "pausing it holds its queued messages" contains "$out" "dvc-muc-4 paused: 101 queued messages held"
sed -i 's|device = "../var/nophone/x"|device = "../var/phone"|' config/loa.cfg
clock "2026-12-01 09:40"; run --log-file r4.log run --once
check "the modem back, a paused campaign's messages still wait" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob held)")" 101
clock "2026-12-02 11:45"; step purge --older-than 1d
check "a purge keeps the held messages' texts" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob held) AND $(otext) <> ''")" 101
check "while it empties the sent ones'" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE state = $(ob sent) AND $(otext) <> ''")" 0
run outbox list --state held --limit 1
check "outbox list --state held lists them" contains "$out" "held      +849"
check "and none of them was sent" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE $(ocampaign) = 'dvc-muc-4' AND sent_at IS NOT NULL")" 0

# ---- a campaign switched off with messages waiting ----
sed -i 's/^enabled = true;/enabled = false;/' campaigns/dvc-muc-4.cfg
run check
check "loa check says how many will be cancelled" contains "$err" \
    "campaign dvc-muc-4 is switched off (enabled = false): its 101 waiting messages will be cancelled when \`loa run\` starts or reloads (warning)"
run campaign list
check "campaign list says so" contains "$out" "dvc-muc-4 is switched off (enabled = false): its 101 waiting messages will be cancelled"
run status
check "status does not count them as queued or held" contains "$out" "queued 0, sending 0, sent 200, delivered 0, failed 0, unknown 0, cancelled 0, held 0"
check "and says they will be cancelled" contains "$out" "101 messages of campaigns switched off (enabled = false) will be cancelled"
run status --json
check "status --json too" contains "$out" '"to_cancel": 101'
clock "2026-12-01 09:50"; run --log-file r5.log run --once
check "the service cancels them when it starts, and logs it" contains "$(cat r5.log)" "campaign dvc-muc-4 is disabled: 101 queued messages cancelled"
check "the database has them cancelled" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE $(ocampaign) = 'dvc-muc-4' AND state = $(ob cancelled)")" 101
run check
check "loa check no longer warns" lacks "$err" "will be cancelled"
check "the counters equal the rows after the cancel" counters_agree

# ---- a test SMS to the officer's phone ----
before=$(loa campaign results khao-sat-vneid --json)
run campaign test khao-sat-vneid 0900000002
check "campaign test exits 0" equals "$rc" 0
name=$(sqlite3 var/loa.db "SELECT name FROM contacts WHERE phone = '+84900000002'")
first=${name##* }
check "the SMS is rendered for the resident with that phone" contains "$out" "rendered for the resident with this number, $name"
check "with her name in it" contains "$out" "UBND xã Minh Tiến hỏi $first: Bà con"
check "and says it counts nowhere" contains "$out" "a test: not counted in results, the per-person limit or the reports"
run campaign test khao-sat-vneid 0912345678
check "a phone of no resident gets a sample resident's SMS" contains "$out" "no resident has this number: rendered for a sample resident of its audience"
run campaign test khao-sat-vneid 12345
check "a bad PHONE is bad input (exit 1)" equals "$rc" 1
check "naming the argument" contains "$err" "PHONE '12345'"
run outbox list --limit 2
check "outbox list marks them as tests" contains "$out" "(test)"
check "queued to that phone, as a test, outside every run and campaign" equals \
    "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE kind = $(okind test) AND run_id IS NULL AND campaign IS NULL AND phone IN ('+84900000002', '+84912345678')")" 2
clock "2026-12-01 10:00"; step --log-file r6.log run --once
check "the tests were sent" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM outbox WHERE kind = $(okind test) AND state = $(ob sent)")" 2
check "the campaign's results did not change" equals "$(loa campaign results khao-sat-vneid --json)" "$before"
step report monthly --month 2026-12
check "the monthly report counts the campaign's 200 SMS, not the 2 tests" contains \
    "$(cat var/reports/2026-12/bao-cao-2026-12.csv)" "Tin nhắn đã gửi,200"

# ---- delivered %: not for the dummy phone, which never reports ----
run campaign list
check "no delivered % on the dummy phone" contains "$out" "2026-12-31 -                    -         Khảo sát"
sed -i 's|model = "dummy"; connection = "none"|model = "at"; connection = "at"|' config/loa.cfg
run campaign list
check "a modem that reports deliveries: delivered % in campaign list" contains "$out" "0%        Khảo sát"
run campaign results khao-sat-vneid
check "and in results" contains "$out" "sent 200 (delivered 0, 0%)"
run campaign results khao-sat-vneid --json
check "and in results --json" contains "$out" '"delivered_pct": 0'

# ---- --help on every command and subcommand: usage on stdout, exit 0, no configuration needed ----
unset LOA_CONFIG
cmds=$(loa help | sed -n 's/^  \([a-z-]*\) .*/\1/p')
check "loa help lists the commands" contains "$cmds" "campaign"
for c in $cmds; do
    run "$c" --help
    check "loa $c --help exits 0" equals "$rc" 0
    check "loa $c --help prints its usage" contains "$out" "loa $c"
    for s in $(printf '%s\n' "$out" | sed -n "s/^  loa $c \([a-z-]*\).*/\1/p" | sort -u); do
        run "$c" "$s" --help
        check "loa $c $s --help exits 0 with its usage" equals "$rc:$(printf '%s' "$out" | grep -c "^  loa $c $s")" "0:$(printf '%s' "$out" | grep -c '^  loa')"
    done
done
finish
