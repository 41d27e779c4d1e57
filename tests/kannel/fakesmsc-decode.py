#!/usr/bin/env python3
"""What the residents' phones show: fakesmsc's log (LOG) of the parts Kannel handed to the fake carrier,
joined by concatenation reference and decoded, one line per message: RECEIVER<TAB>PARTS<TAB>TEXT, with
" twice" after PARTS when a part came more than once. fakesmsc names the coding of a part without UDH
("text", "ucs-2") but not of one with it: the receivers listed after LOG read UDH parts as UCS-2."""
import re, sys, urllib.parse

log, ucs2_receivers = sys.argv[1], set(sys.argv[2:])
msgs, order = {}, []
for line in open(log, encoding="latin-1"):
    m = re.search(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>$", line.rstrip("\n"))
    if not m:
        continue
    _, to, kind, rest = m.groups()
    udh = b""
    if kind == "udh":
        u, _, rest = rest.split(" ", 2)
        udh = urllib.parse.unquote_to_bytes(u)
    data = urllib.parse.unquote_to_bytes(rest.replace("+", " "))
    ucs2 = kind == "ucs-2" or (kind == "udh" and to in ucs2_receivers)
    text = data.decode("utf-16-be") if ucs2 else data.decode("latin-1")
    ref, part = None, 1
    i = 1
    while i + 1 < len(udh):
        iei, ln = udh[i], udh[i + 1]
        if iei == 0 and ln == 3 and i + 4 < len(udh):
            ref, part = udh[i + 2], udh[i + 4]
        i += 2 + ln
    key = (to, ref if ref is not None else "single%d" % len(order))
    if key not in msgs:
        msgs[key] = {}
        order.append(key)
    msgs[key].setdefault(part, []).append(text)
for key in order:
    parts = msgs[key]
    twice = " twice" if any(len(v) > 1 for v in parts.values()) else ""
    print("%s\t%d%s\t%s" % (key[0], len(parts), twice, "".join(parts[p][0] for p in sorted(parts))))
