#!/usr/bin/env python3
"""A carrier behind Kannel's `smsc = http` link (system-type kannel), for tests/integration/test_kannel.sh:
bearerbox hands it each part as a GET to send-url, and it answers 202 "Sent." as Kannel's HTTP carrier
protocol expects. One line per part in LOG: RECEIVER<TAB>UDH_HEX<TAB>TEXT<TAB>DLR_URL, TEXT decoded
(coding=2: the charset bearerbox names, UTF-16BE), DLR_URL the report address bearerbox gave (with %d for the
report's type: the test calls it with 1, 2, 4, 8 or 16, as a carrier's report). Usage: PORT LOG."""
import http.server, sys, urllib.parse

port, log = int(sys.argv[1]), open(sys.argv[2], "a", buffering=1, encoding="utf-8")


class Carrier(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, encoding="latin-1")
        one = lambda k: q.get(k, [""])[0].encode("latin-1")
        text = one("text")
        if one("coding") == b"2":
            text = text.decode(one("charset").decode() or "UTF-16BE")
        else:
            text = text.decode("utf-8", "replace")
        log.write("\t".join([one("to").decode(), one("udh").hex(), text.replace("\n", " "),
                             one("dlr-url").decode("latin-1")]) + "\n")
        self.send_response(202)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"Sent.")

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Carrier).serve_forever()
