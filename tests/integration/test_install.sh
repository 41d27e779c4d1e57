#!/usr/bin/env bash
# test_install — `make install` into a DESTDIR: the tree a commune box gets, and a systemd unit
# that `systemd-analyze verify` accepts (on a copy whose ExecStart points into the DESTDIR).
. "$(dirname "$0")/lib.sh"
root="$T/root"
make -s -C "$LOA_ROOT" install DESTDIR="$root" PREFIX=/usr >"$T/install.out" 2>&1
check "make install DESTDIR=… PREFIX=/usr succeeds" equals "$?" 0
for f in usr/bin/loa usr/share/man/man1/loa.1 etc/loa/loa.cfg lib/systemd/system/loa.service \
         usr/share/doc/loa/99-loa-modem.rules.example usr/share/doc/loa/campaigns/vneid-muc-2.cfg \
         usr/share/doc/loa/docs/RECOVERY.md usr/share/man/vi/man1/loa.1 usr/share/locale/vi/LC_MESSAGES/loa.mo \
         usr/share/doc/loa/docs/huong-dan.md usr/share/doc/loa/docs/thuat-ngu.md; do
    check "installs $f" test -f "$root/$f"
done
check "the binary runs" contains "$("$root/usr/bin/loa" --version)" "loa 0."
check "the configuration is not world-readable" equals "$(stat -c %a "$root/etc/loa/loa.cfg")" 640
unit="$root/lib/systemd/system/loa.service"
check "the unit runs loa run as the loa user" contains "$(cat "$unit")" "ExecStart=/usr/bin/loa -c /etc/loa/loa.cfg run"
check "the unit restarts on failure" contains "$(cat "$unit")" "Restart=on-failure"
check "the unit protects the system" contains "$(cat "$unit")" "ProtectSystem=strict"
check "the unit keeps state in /var/lib/loa" contains "$(cat "$unit")" "StateDirectory=loa"
check "the installed campaigns_dir is one the service may write (ProtectSystem=strict)" contains \
    "$(cat "$root/etc/loa/loa.cfg")" 'campaigns_dir = "/var/lib/loa/campaigns";'
check "which the unit creates as its own" contains "$(cat "$unit")" "StateDirectory=loa loa/campaigns"
check "the unit's user is in dialout" contains "$(cat "$unit")" "SupplementaryGroups=dialout audio"
web="$root/lib/systemd/system/loa-web.service"
check "installs the web page's own unit" test -f "$web"
check "which runs loa web, apart from loa run" contains "$(cat "$web")" "ExecStart=/usr/bin/loa -c /etc/loa/loa.cfg web"
check "and may write campaigns_dir" equals "$(grep -c -e '^StateDirectory=loa loa/campaigns$' -e '^ReadWritePaths=/var/lib/loa$' "$web")" 2
echo "[manual change]" >> "$root/etc/loa/loa.cfg"
make -s -C "$LOA_ROOT" install DESTDIR="$root" PREFIX=/usr >/dev/null 2>&1
check "a second install keeps the officer's configuration" contains "$(cat "$root/etc/loa/loa.cfg")" "[manual change]"
check "the man page has its sections" test "$(grep -c "^.SH" "$root/usr/share/man/man1/loa.1")" -ge 6
check "the Vietnamese man page has its sections" test "$(grep -c "^.SH" "$root/usr/share/man/vi/man1/loa.1")" -ge 6
if command -v man >/dev/null; then
    check "man -L vi loa finds the Vietnamese page" equals "$(MANPATH="$root/usr/share/man" man -L vi -w loa 2>/dev/null)" \
        "$root/usr/share/man/vi/man1/loa.1"
fi
check "the installed binary reads its catalogs from PREFIX/share/locale" grep -q -a -F "/usr/share/locale" "$root/usr/bin/loa"
check "the installed catalog speaks Vietnamese" contains "$(LOA_LOCALEDIR="$root/usr/share/locale" LANGUAGE=vi "$root/usr/bin/loa" help)" \
    "cách dùng: loa"
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$T/units"
    sed -e "s|/usr/bin/loa|$root/usr/bin/loa|g" -e 's|^User=loa|User=root|; s|^Group=loa|Group=root|' "$unit" >"$T/units/loa.service"
    out=$(systemd-analyze verify --man=no "$T/units/loa.service" 2>&1); rc=$?
    check "systemd-analyze verify accepts the unit${out:+ ($out)}" equals "$rc" 0
    sed -e "s|/usr/bin/loa|$root/usr/bin/loa|g" -e 's|^User=loa|User=root|; s|^Group=loa|Group=root|' "$web" >"$T/units/loa-web.service"
    out=$(systemd-analyze verify --man=no "$T/units/loa-web.service" 2>&1); rc=$?
    check "and accepts loa-web.service${out:+ ($out)}" equals "$rc" 0
fi
finish
