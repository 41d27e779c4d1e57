# kannel.sh — a private Kannel for tests and soaks (sourced): `kannel_setup DIR SECRET` picks seven free loopback
# ports ($P_ADMIN $P_BOX $P_FAKE $P_SENDSMS $P_LISTEN $P_HTTPIN $P_HTTPOUT) and writes DIR/kannel.conf from
# tests/kannel/kannel.conf.in (loa's listener on $P_LISTEN with SECRET); `kannel_wait_port PORT` waits until
# something listens there (10 s at most). The caller starts bearerbox, smsbox and $FAKESMSC, and stops them.
FAKESMSC=/usr/lib/kannel/test/fakesmsc
kannel_setup() {
    local dir=$1 secret=$2
    mkdir -p "$dir"
    read -r P_ADMIN P_BOX P_FAKE P_SENDSMS P_LISTEN P_HTTPIN P_HTTPOUT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(7)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
    sed -e "s|@ADMIN@|$P_ADMIN|; s|@BOX@|$P_BOX|; s|@FAKE@|$P_FAKE|; s|@SENDSMS@|$P_SENDSMS|; s|@LISTEN@|$P_LISTEN|" \
        -e "s|@SECRET@|$secret|; s|@DIR@|$dir|; s|@HTTPIN@|$P_HTTPIN|g; s|@HTTPOUT@|$P_HTTPOUT|" \
        "$(dirname "${BASH_SOURCE[0]}")/kannel.conf.in" >"$dir/kannel.conf"
}
kannel_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
kannel_wait_port() { for _ in $(seq 100); do kannel_port_open "$1" && return 0; sleep 0.1; done; return 1; }
