#!/usr/bin/env python3
"""Baseline for `imtacfg log stats`: one regular expression per entry splits the line
into its fields, then the same statistics as `log stats --by channel` are computed:
entries, enqueues, deliveries, failures and size blocks per channel, enqueue-to-dequeue
delays per channel (p50/p90/p99/max, matched by Message-ID or queue file and To), and
the most frequent failure diagnostics.

    python3 benches/log_stats.py [--count-only] FILE...

--count-only skips everything but the per-channel counts (the cheapest possible use of
the same regular expression), to show the floor of the Python cost.
"""
import re
import sys
from collections import defaultdict

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

ENTRY = re.compile(
    r"^(\d\d)-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d(?:\.\d+)?)\s+"  # time stamp
    r"(?:(\S+)\s+)??(?:([0-9a-f]+(?:\.[0-9a-f]+){1,2})\s+)?"  # node, process id
    r"(\S+)\s+(?:(\S+)\s+)?"  # source, destination channel (or +/-)
    r"([A-Z]{1,6})\s+"  # entry code
    r"(?:(\d+) (\S*) +(\S+) +(\S+)"  # size, from, original To, To
    r"(?: (\S*/queue/\S+))?"  # queue file
    r"(?: (<[^ ]*>))?"  # Message-ID
    r"(?: (.*))?"  # the rest (connection information, diagnostic, ...)
    r"|(.*))$"  # connection entries: transport, application, diagnostic
)

FAILURE = set("QRJKBZVXY")


def seconds(m):
    d, mon, y, h, mi, s = m.group(1, 2, 3, 4, 5, 6)
    days = (int(y) * 372 + MONTHS.get(mon.lower(), 0) * 31 + int(d))
    return days * 86400 + int(h) * 3600 + int(mi) * 60 + float(s)


def quantile(v, q):
    if not v:
        return 0.0
    v.sort()
    return v[min(len(v) - 1, max(0, int(len(v) * q + 0.999999) - 1))]


def main():
    args = sys.argv[1:]
    count_only = "--count-only" in args
    files = [a for a in args if a != "--count-only"]
    groups = defaultdict(lambda: [0, 0, 0, 0, 0])  # entries, enqueued, delivered, failed, blocks
    pending = {}
    delays = defaultdict(list)
    failures = defaultdict(int)
    errors = 0
    for name in files:
        with open(name, "rb") as f:
            for raw in f:
                line = raw.decode("latin-1").rstrip("\n")
                m = ENTRY.match(line)
                if not m:
                    errors += 1
                    continue
                code, src, dst = m.group(11), m.group(9), m.group(10) or ""
                action = code[0]
                message = m.group(12) is not None
                channel = dst if message and action == "E" else src
                g = groups[channel]
                g[0] += 1
                if count_only:
                    continue
                g[4] += int(m.group(12) or 0)
                if not message:
                    continue
                if action == "E":
                    g[1] += 1
                elif action == "D":
                    g[2] += 1
                elif action in FAILURE:
                    g[3] += 1
                    rest = m.group(18) or ""
                    i = rest.find("smtp;")
                    failures[rest[i + 5:].strip() if i >= 0 else rest] += 1
                ident = m.group(17) or m.group(16) or ""
                key = (channel, ident, m.group(15).lower())
                if action == "E":
                    pending[key] = seconds(m)
                elif action in "DRK":
                    t0 = pending.pop(key, None)
                    if t0 is not None:
                        delays[channel].append(seconds(m) - t0)
    for ch in sorted(groups, key=lambda c: -groups[c][0]):
        print(ch, *groups[ch])
    for ch, v in sorted(delays.items()):
        print(ch, len(v), quantile(v, 0.5), quantile(v, 0.9), quantile(v, 0.99), max(v))
    for d, n in sorted(failures.items(), key=lambda x: -x[1])[:10]:
        print(n, d)
    print("not decoded:", errors)


main()
