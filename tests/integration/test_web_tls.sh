#!/usr/bin/env bash
# test_web_tls — the page beyond this machine: refused without TLS unless web.plain_http_on_lan (then every page
# warns); `loa web cert` makes a self-signed certificate and prints the fingerprint the browser shows; under TLS
# the session cookie is __Host- and Secure, and an Origin must be https://.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblib.sh"
clock "2026-12-01 09:00"
setup_commune
cd "$T"
web_user lan officer
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp config/loa.cfg base.cfg

# beyond loopback without TLS: refused, saying what to do
printf 'web: { listen = "0.0.0.0:%s"; };\n' "$port" >>config/loa.cfg
run web
check "listening on the network without TLS is refused (exit 3)" equals "$rc" 3
check "saying how: TLS or plain_http_on_lan" contains "$err" "needs TLS (\`loa web cert\`, then web.cert and web.key) or web.plain_http_on_lan = true"
run web cert
check "web cert needs web.cert and web.key" contains "$err" "set web.cert and web.key in"

# plain HTTP on the LAN when the officer says so: every page warns
cp base.cfg config/loa.cfg
printf 'web: { listen = "0.0.0.0:%s"; hosts = [ "127.0.0.1" ]; plain_http_on_lan = true; };\n' "$port" >>config/loa.cfg
base="http://127.0.0.1:$port"
loa_daemon --log-file web1.log web &
daemon=$!
for _ in $(seq 100); do curl -s -o /dev/null "$base/login" && break; sleep 0.05; done
check "with plain_http_on_lan the page opens" equals "$(code -H "Host: 127.0.0.1:$port" "$base/login")" 200
check "and warns that it travels unencrypted" equals "$(xp 'count(//p[@id="plain-http"])')" 1
kill -TERM "$daemon"; wait "$daemon" 2>/dev/null
check "loa web stops on SIGTERM, saying so" contains "$(cat web1.log)" "web: stopping (signal 15)"
daemon=0

# TLS
cp base.cfg config/loa.cfg
printf 'web: { listen = "127.0.0.1:%s"; hosts = [ "loa.local" ]; cert = "../var/web.crt"; key = "../var/web.key"; };\n' "$port" >>config/loa.cfg
run web cert
check "web cert makes a certificate (exit 0)" equals "$rc" 0
fp=$(printf '%s\n' "$out" | sed -n 's/^SHA-256 fingerprint: //p')
check "and prints its SHA-256 fingerprint" equals "$fp" \
    "$(openssl x509 -in var/web.crt -noout -fingerprint -sha256 | sed 's/.*=//')"
check "for the configured name" contains "$(openssl x509 -in var/web.crt -noout -ext subjectAltName)" "DNS:loa.local, IP Address:127.0.0.1"
check "its key readable by loa alone" equals "$(stat -c %a var/web.key)" 600
run web cert
check "a second web cert keeps the first (the fingerprint would change)" equals "$rc" 1
base="https://127.0.0.1:$port"
loa_daemon --log-file web2.log web &
daemon=$!
for _ in $(seq 100); do curl -sk -o /dev/null "$base/login" && break; sleep 0.05; done
check "the page answers over TLS" equals "$(code -k "$base/login")" 200
check "a client trusting that certificate accepts it for loa.local" equals \
    "$(code --cacert var/web.crt --resolve "loa.local:$port:127.0.0.1" "https://loa.local:$port/login")" 200
check "no plain-HTTP warning" equals "$(xp 'count(//p[@id="plain-http"])')" 0
c=$(code -k -c "$T/jar" -H "Origin: $base" -d 'user=lan&password=password-lan' "$base/login")
check "the officer logs in over TLS" equals "$c" 303
check "the cookie is __Host-, Secure, HttpOnly, SameSite=Strict" contains "$(header Set-Cookie)" "; HttpOnly; SameSite=Strict; Path=/; Secure"
check "named __Host-loa_session" contains "$(header Set-Cookie)" "__Host-loa_session="
check "the session opens the overview" equals "$(code -k -b "$T/jar" "$base/")" 200
check "an http:// Origin is refused under TLS" equals \
    "$(code -k -b "$T/jar" -H "Origin: http://127.0.0.1:$port" -d "csrf=$(xp 'string((//input[@name="csrf"])[1]/@value)')" "$base/pause")" 403
finish
