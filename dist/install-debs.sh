#!/usr/bin/env bash
# install-debs — make deps / make deps-test: installs the Debian packages in $DEBS that are missing,
# and only those (`apt-get update` once, only when something is missing). A package installed here
# may not start its service: policy-rc.d refuses every start during the install, and each service
# named in $SERVICES is disabled and stopped afterwards where systemd runs (tests start their own).
set -euo pipefail
what=${WHAT:-deps}
missing=()
for p in $DEBS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "make $what: all packages present"
else
    echo "make $what: installing ${missing[*]}"
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy" && own_policy=1
    fi
    trap '[ "$own_policy" = 1 ] && rm -f "$policy"' EXIT
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
for s in ${SERVICES:-}; do
    if [ -d /run/systemd/system ] && systemctl list-unit-files "$s.service" >/dev/null 2>&1; then
        systemctl disable --now "$s.service" >/dev/null 2>&1 || true
    fi
done
