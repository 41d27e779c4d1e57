#!/usr/bin/env bash
# test_storage_faults — the database's bad days: a full disk (ulimit -f), a lock held by another
# program, a damaged file. Each time the officer reads what happened, naming the file and the
# recovery (docs/RECOVERY.md); nothing is half-saved; once the cause is gone the same command works;
# a daemon that meets a damaged file stops rather than write on.
. "$(dirname "$0")/lib.sh"
setup_commune
cp "$LOA_ROOT"/campaigns/*.cfg "$T/campaigns/"
cd "$T"
DB=var/loa.db
NOW="2026-12-01 08:30"
clock "$NOW"
step contacts import "$LOA_ROOT/config/demo-contacts.csv"

# contacts/runs/outbox/events: what a fault must leave as it was
counts() { sqlite3 "$DB" "SELECT (SELECT count(*) FROM contacts) || '/' || (SELECT count(*) FROM runs) || '/' ||
                              (SELECT count(*) FROM outbox) || '/' || (SELECT count(*) FROM events)"; }
sound() { [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]; }
# limited: runs loa under a file size limit of $1 KiB (the shell's stdout/stderr are files too, small)
limited() { local kb=$1; shift; ( ulimit -f "$kb"; loa "$@" ) >"$T/.out" 2>"$T/.err"; rc=$?; err=$(cat "$T/.err"); }

# ---- 1. disk full: a file size limit stands in for it (the write fails the same way) ----

# (b) the scheduler materialising a campaign: the run is all or nothing
before=$(counts)
limited 40 --log-file full.log run --once
check "disk full in run --once: loa is not killed by SIGXFSZ, it exits 3" equals "$rc" 3
check "the log says the disk is full, naming the database" contains "$(cat full.log)" "campaign khao-sat-vneid: $T/$DB: the disk is full"
check "and where the recovery is written" contains "$(cat full.log)" 'docs/RECOVERY.md, "Disk full"'
check "no part of the run was saved (runs, outbox unchanged)" equals "$(counts)" "$before"
check "the database is sound" sound
clock "$NOW"; run --log-file full2.log run --once
check "space back: the same run --once succeeds" equals "$rc" 0
check "and the whole run went out" equals "$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE state = $(ob sent)")" 200

# (a) a big import: all or nothing
awk 'BEGIN { print "Họ và tên,Số điện thoại,Xóm,Hộ,Nhóm";
             for (i = 0; i < 5000; i++) printf "Người dân số %d ở xóm Đồng Kiệm,09%08d,DK,H%d,nong-dan\n", i, 20000000 + i, i }' > big.csv
before=$(counts)
limited 100 contacts import big.csv
check "disk full in contacts import: exit 3" equals "$rc" 3
check "the officer reads that the disk is full, naming the database" contains "$err" "$T/$DB: the disk is full (or a file size limit was reached)"
check "and that nothing was changed" contains "$err" "changed nothing; free some space"
check "no resident was added" equals "$(counts)" "$before"
check "the database is sound after the failed import" sound
run contacts import big.csv
check "space back: the same import succeeds" contains "$out" "5000 rows: 5000 new"

# (c) a backup onto a full disk: no half-written copy is left to pass for a good one
limited 60 backup full-copy.db
check "disk full in backup: exit 3, naming the copy" contains "$rc $err" "3 loa: full-copy.db: the disk is full"
check "no partial copy is left" test ! -e full-copy.db

# ---- 2. locked: another program holds the database ----

# hold PROGRAM...: an sqlite3 shell fed through a fifo keeps its transaction open until release
hold() {
    rm -f lock.fifo; mkfifo lock.fifo
    sqlite3 "$DB" < lock.fifo >/dev/null 2>&1 &
    holder=$!
    exec 3>lock.fifo
    printf '%s\n' "$@" >&3
}
release() { printf 'ROLLBACK;\n.quit\n' >&3; exec 3>&-; wait "$holder"; }
writer_held() { ! sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; }

before=$(counts)
hold "BEGIN IMMEDIATE;" "INSERT INTO events(time, kind) VALUES (0, 'held');"
for i in $(seq 1 50); do writer_held && break; sleep 0.1; done
run sms send 0900000001 "UBND xã Minh Tiến: thử khi khóa."
check "locked: sms send fails after the busy timeout (exit 3)" equals "$rc" 3
check "naming the database and the lock" contains "$err" "$T/$DB: the database is locked by another program (waited 5 s)"
check "and how to find the program" contains "$err" "fuser -v $T/$DB*"
run contacts import "$LOA_ROOT/config/demo-contacts.csv"
check "locked: contacts import fails the same way" contains "$err" "the database is locked by another program"
release
check "the lock gone, nothing of either command was saved" equals "$(counts)" "$before"
run sms send 0900000001 "UBND xã Minh Tiến: thử khi khóa."
check "the lock gone, the same sms send succeeds" equals "$rc" 0
clock "2026-12-01 09:00"; step --log-file sent.log run --once

# An exclusive lock blocks readers too: even opening fails, with the same message.
hold "PRAGMA locking_mode = EXCLUSIVE;" "BEGIN EXCLUSIVE;" "SELECT count(*) FROM contacts;"
for i in $(seq 1 50); do sqlite3 "$DB" "SELECT 1" >/dev/null 2>&1 || break; sleep 0.1; done
run contacts list
check "exclusive lock: contacts list fails naming the lock" contains "$err" "$T/$DB: the database is locked by another program"
release

# A long reader (a report in a spreadsheet tool, say) keeps a snapshot open: in WAL it blocks no
# writer, only checkpoints. A day's run still goes out in full.
cat > campaigns/reader.cfg <<'CFG'
id = "reader";
title = "Khi có người đọc";
sms: { text = "UBND xã Minh Tiến: thông báo họp xóm. Soạn HUY để ngừng nhận tin."; schedule: { at = [ "2026-12-02 08:30" ]; }; };
CFG
sent() { sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE state = $(ob sent)"; }
before=$(sent)
hold "BEGIN;" "SELECT count(*) FROM outbox;"
sleep 0.5
clock "2026-12-02 08:30"; run --log-file reader.log run --once
check "a long reader: run --once exits 0" equals "$rc" 0
check "a long reader: the run went out to every resident (5200)" equals "$(( $(sent) - before ))" 5200
wal=$(stat -c %s "$DB-wal")
check "meanwhile the WAL grew ($wal bytes): no checkpoint past the reader's snapshot" test "$wal" -gt 1000000
release
rm campaigns/reader.cfg

# A writer lock held past the busy timeout while the daemon runs: the worker says so, waits,
# and sends once the lock is gone; nothing is lost. A rate limit leaves a gap between two
# messages, so the lock is taken between them and the second claim meets it.
sed -i 's/rate_per_minute = 0;/rate_per_minute = 12;/' config/loa.cfg
clock "2026-12-02 10:00"; loa_exec --log-file daemon.log run &
pid=$!
for i in $(seq 1 50); do grep -q "modem m1 open" daemon.log 2>/dev/null && break; sleep 0.1; done
before=$(sent)
step sms send 0900000002 "UBND xã Minh Tiến: tin thứ nhất."
step sms send 0900000003 "UBND xã Minh Tiến: tin thứ hai, sau khi mở khóa."
for i in $(seq 1 50); do [ "$(sent)" -gt "$before" ] && break; sleep 0.1; done
hold "BEGIN IMMEDIATE;" "INSERT INTO events(time, kind) VALUES (0, 'held');"
for i in $(seq 1 200); do grep -q "outbox: .*locked by another program" daemon.log 2>/dev/null && break; sleep 0.1; done
check "the daemon logs the lock, naming the database" contains "$(cat daemon.log)" "outbox: $T/$DB: the database is locked by another program"
check "the daemon keeps running meanwhile" kill -0 $pid
check "the second message waits in the queue" contains "$(loa outbox list --state queued --json)" '"phone": "+84900000003"'
release
for i in $(seq 1 150); do
    out=$(loa outbox list --state queued --json 2>/dev/null); [ "$out" = "[]" ] && break; sleep 0.1
done
check "the lock gone, the daemon sends the waiting message" equals "$out" "[]"
check "both messages went out, nothing is left in sending" equals "$(sent)/$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE state = $(ob sending)")" "$((before + 2))/0"
kill -TERM $pid
wait $pid
check "and stops cleanly" equals "$?" 0
check "the database is sound after the locks" sound
sed -i 's/rate_per_minute = 12;/rate_per_minute = 0;/' config/loa.cfg

# ---- 3. damaged: garbage over pages, a truncated file, not a database, an empty file ----

run backup good.db
check "a backup to restore from" equals "$rc" 0
good_sum=$(md5sum < good.db)
damage() {   # damage KIND: lays a damaged copy of good.db at var/loa.db
    rm -f "$DB" "$DB-wal" "$DB-shm"
    case $1 in
        garbage) cp good.db "$DB"; yes "not a page" | head -c 40960 | dd of="$DB" bs=4096 seek=2 conv=notrunc 2>/dev/null ;;
        truncated) head -c 40000 good.db > "$DB" ;;
        foreign) cp big.csv "$DB" ;;
        empty) : > "$DB" ;;
    esac
}
for kind in garbage truncated foreign empty; do
    damage $kind
    sum=$(md5sum < "$DB")
    # `status` reads the outbox's counters, not its rows: `outbox list` is the command that meets the damaged outbox
    for cmd in "run --once" "check --database" "backup copy-$kind.db" "sms send 0900000003 thử" "contacts import big.csv" "outbox list"; do
        # shellcheck disable=SC2086
        clock "2026-12-03 08:30"; run $cmd
        check "$kind: '$cmd' exits 3" equals "$rc" 3
        check "$kind: '$cmd' says the file is damaged and names it" contains "$err" "$T/$DB: the database file is"
        check "$kind: '$cmd' points at the recovery" contains "$err" 'docs/RECOVERY.md, "Damaged database"'
    done
    check "$kind: the file was not changed" equals "$(md5sum < "$DB")" "$sum"
    check "$kind: no backup of it was written" equals "$(ls copy-$kind.db 2>/dev/null)" ""
    check "$kind: no side files were created" equals "$(ls "$DB"-* 2>/dev/null | xargs -r -n1 wc -c | awk '$1 > 0')" ""
done
# The empty file is never taken for a new database.
check "empty: it stays empty (no new database over it)" equals "$(wc -c < "$DB")" 0

# The recovery of docs/RECOVERY.md: keep the damaged file, restore the backup.
mv "$DB" damaged.db
cp good.db "$DB"
run check --database
check "restored from the backup: check --database passes" equals "$rc" 0
clock "2026-12-03 08:30"; run --log-file restored.log run --once
check "restored: run --once works again" equals "$rc" 0
check "the backup itself was never changed" equals "$(md5sum < good.db)" "$good_sum"

# ---- 4. damaged while loa run runs: the sender that meets it stops, then the daemon ----

clock "2026-12-03 08:31"; loa_exec --log-file damaged-run.log run &
pid=$!
for i in $(seq 1 50); do grep -q "modem m1 open" damaged-run.log 2>/dev/null && break; sleep 0.1; done
for p in $(sqlite3 "$DB" "SELECT pageno FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'outbox')"); do
    yes "not a page" | head -c 4096 | dd of="$DB" bs=4096 seek=$((p - 1)) conv=notrunc 2>/dev/null
done
loa pause >/dev/null; loa resume >/dev/null    # the sender wakes and looks at the queue
for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
wait $pid
check "damaged while running: loa run stops with exit 3" equals "$?" 3
check "the sender that met the damage stops, saying why" contains "$(cat damaged-run.log)" "modem m1 stops: the database is damaged"
check "the daemon's own check names the file" contains "$(cat damaged-run.log)" "error: $T/$DB: the database file is damaged (quick_check:"
check "and it says it stops" contains "$(cat damaged-run.log)" "loa run stops: the database is damaged"
clock "2026-12-03 08:32"; run run --once
check "restarting it is refused (exit 3)" equals "$rc" 3
check "naming the damaged file" contains "$err" "$T/$DB: the database file is damaged"
finish
