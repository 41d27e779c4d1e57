# icecast.sh — a private Icecast for tests and benchmarks (sourced): `icecast_setup DIR` picks a free
# loopback port ($ice_port) and writes DIR/icecast.xml from tests/icecast/icecast.xml (source password
# $ice_source_password); `icecast_start` starts it ($icecast_pid) as nobody when run as root (Icecast
# refuses root), else as the caller, and waits until it listens. The caller stops it (kill $icecast_pid).
ice_source_password=loa-test-source
icecast_setup() {
    ice_dir=$1
    ice_port=$((20000 + RANDOM % 20000))
    while (exec 3<>/dev/tcp/127.0.0.1/$ice_port) 2>/dev/null; do ice_port=$((ice_port + 1)); done
    mkdir -p "$ice_dir/log"
    chmod 0755 "$ice_dir" "$(dirname "$ice_dir")" && chmod 0777 "$ice_dir/log"
    sed -e "s|@PORT@|$ice_port|; s|@DIR@|$ice_dir|g; s|@SOURCE_PASSWORD@|$ice_source_password|; s|@ADMIN_PASSWORD@|loa-test-admin|" \
        "$(dirname "${BASH_SOURCE[0]}")/icecast.xml" >"$ice_dir/icecast.xml"
    chmod 0644 "$ice_dir/icecast.xml"
}
icecast_start() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups icecast2 -c "$ice_dir/icecast.xml" >>"$ice_dir/out.log" 2>&1 &
    else icecast2 -c "$ice_dir/icecast.xml" >>"$ice_dir/out.log" 2>&1 & fi
    icecast_pid=$!
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$ice_port) 2>/dev/null && return 0; sleep 0.05; done
    return 1
}
