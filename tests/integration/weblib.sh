# weblib.sh — what the web page's tests share (sourced after lib.sh): `loa web` started on a free loopback port
# of its own (stopped by lib.sh's exit trap, as any daemon), and curl and libxml2's HTML parser as the browser.

# set_web SETTINGS: the configuration's web group replaced by web: { SETTINGS };
set_web() {
    sed -i '/^web: {/d' "$T/config/loa.cfg"
    printf 'web: { %s };\n' "$1" >>"$T/config/loa.cfg"
}
# start_web: web.listen set to a free port in config/loa.cfg (with the extra name loa.local), `loa web` started
# and waited for; $base is its URL.
start_web() {
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port"
    set_web "listen = \"127.0.0.1:$port\"; hosts = [ \"loa.local\" ];"
    loa_daemon --log-file "$T/web.log" web 2>"$T/web.err" &
    daemon=$!
    for _ in $(seq 600); do curl -s -o /dev/null "$base/login" && return 0; sleep 0.05; done   # up to 30 s on a loaded machine
    not_ok "loa web answers on $base"
}
# web_user NAME ROLE: an account whose password is password-NAME.
web_user() {
    if echo "password-$1" | loa web user add "$1" --role "$2" --password-stdin >/dev/null 2>&1; then ok "setup: web user $1 ($2)"
    else not_ok "setup: web user $1 ($2)"; fi
}
# code [CURL ARGS…]: the status code of one request (the body in $T/body, headers in $T/head)
code() { curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' "$@"; }
header() { grep -i "^$1:" "$T/head" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
# xp XPATH: evaluated on the last answer's HTML
xp() { xmllint --html --xpath "$1" "$T/body" 2>/dev/null; }
# login USER PASSWORD JAR: the status of the login POST, the session's cookie kept in JAR
login() { code -c "$T/$3" -b "$T/$3" --data-urlencode "user=$1" --data-urlencode "password=$2" "$base/login"; }
# csrf_of JAR PAGE: the CSRF token of PAGE's forms, as that session sees it
csrf_of() { code -b "$T/$1" "$base$2" >/dev/null; xp 'string((//input[@name="csrf"])[1]/@value)'; }
# wrong_token TOKEN: TOKEN with its last digit changed, so never TOKEN itself
wrong_token() { case "$1" in *0) echo "${1%?}1" ;; *) echo "${1%?}0" ;; esac; }
# api_same PATH JAR LOA-ARGS…: the JSON at PATH is what `loa LOA-ARGS…` prints (the CLI's "stream" member aside).
api_same() {
    local path=$1 jar=$2
    shift 2
    code -b "$T/$jar" "$base$path" >/dev/null
    loa "$@" >"$T/cli.json" 2>/dev/null
    python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
if isinstance(b, dict): b.pop("stream", None)
sys.exit(0 if a == b else (print("    web:", a, "\n    cli:", b, file=sys.stderr) or 1))' "$T/body" "$T/cli.json"
}
# stop_web: SIGTERM to `loa web`, which must exit 0 (under SANITIZE=1: nothing leaked); its stderr in $T/web.err.
stop_web() {
    local rc=0
    kill -TERM "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null || rc=$?
    daemon=0
    check "loa web stops on SIGTERM, exit 0 (exit $rc)${1:+: $1}" equals "$rc" 0
}
# need_browser: Debian's Chromium, its driver and python3-selenium (make deps-test), or the test fails once and ends.
need_browser() {
    local need
    for need in /usr/bin/chromium /usr/bin/chromedriver; do
        [ -x "$need" ] || { not_ok "$need is installed (make deps-test)"; finish; }
    done
    /usr/bin/python3 -c 'import selenium' 2>/dev/null || { not_ok "python3-selenium is installed (make deps-test)"; finish; }
}
# run_browser SCRIPT ARGS…: tests/browser/SCRIPT run on the machine's real clock (as on the officer's own phone,
# whatever clock loa is given), with --screenshots when LOA_SCREENSHOTS is set; each of its findings becomes an
# assertion, and its exit is checked (its stderr shown when it failed).
run_browser() {
    local script=$1 rc line
    shift
    env -u LD_PRELOAD -u FAKETIME /usr/bin/python3 "$LOA_ROOT/tests/browser/$script" "$@" \
        ${LOA_SCREENSHOTS:+--screenshots "$LOA_SCREENSHOTS"} >"$T/browser.out" 2>"$T/browser.err"
    rc=$?
    while IFS= read -r line; do
        case $line in "ok "*) ok "${line#ok }" ;; "not ok "*) not_ok "${line#not ok }" ;; esac
    done <"$T/browser.out"
    check "the browser script ran to its end (exit $rc)" equals "$rc" 0
    [ "$rc" -eq 0 ] || sed 's/^/    /' "$T/browser.err" | tail -20 >&2
}
