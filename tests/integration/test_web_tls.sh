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
# a demo account: only with the demo configuration on loopback
set_web "listen = \"127.0.0.1:$port\"; demo = true;"
echo "demo-password" | loa web user add demo --role officer --demo --password-stdin >/dev/null 2>&1
check "the demo configuration on loopback takes a demo account" equals "$?" 0
run web user list
check "listed as a demo account" contains "$out" "demo                     officer (demo)"
run check
check "loa check is quiet about it there" lacks "$err" "demo account"
set_web "listen = \"127.0.0.1:$port\";"
run check
check "anywhere else loa check warns of it" contains "$err" "1 demo account of the web page (\`loa web user list\`) outside the demo configuration on loopback"
echo "demo-password" | loa web user add demo2 --role officer --demo --password-stdin >/dev/null 2>&1
check "and no demo account is made there" equals "$?" 1
base="http://127.0.0.1:$port"
loa_daemon --log-file web0.log web &
daemon=$!
for _ in $(seq 100); do curl -s -o /dev/null "$base/login" && break; sleep 0.05; done
check "the demo account cannot log in outside the demo (403)" equals "$(login demo demo-password jar0)" 403
check "its session never made" equals "$(sqlite3 var/loa.db "SELECT count(*) FROM web_sessions")" 0
check "while a real account can" equals "$(login lan password-lan jar0)" 303
kill -TERM "$daemon"; wait "$daemon" 2>/dev/null
daemon=0

# beyond loopback without TLS: refused, saying what to do
set_web "listen = \"0.0.0.0:$port\";"
run web
check "listening on the network without TLS is refused (exit 3)" equals "$rc" 3
check "saying how: TLS or plain_http_on_lan" contains "$err" "needs TLS (\`loa web cert\`, then web.cert and web.key) or web.plain_http_on_lan = true"
run web cert
check "web cert needs web.cert and web.key" contains "$err" "set web.cert and web.key in"

# plain HTTP on the LAN when the officer says so: every page warns
set_web "listen = \"0.0.0.0:$port\"; hosts = [ \"127.0.0.1\" ]; plain_http_on_lan = true;"
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
set_web "listen = \"127.0.0.1:$port\"; hosts = [ \"loa.local\" ]; cert = \"../var/web.crt\"; key = \"../var/web.key\";"
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
