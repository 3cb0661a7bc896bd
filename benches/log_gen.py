#!/usr/bin/env python3
"""Write a generated standard-format transaction log (the shapes of benches/log.rs).

    python3 benches/log_gen.py SIZE_MB OUT
"""
import sys


def main():
    size = int(sys.argv[1]) << 20
    out = open(sys.argv[2], "w")
    written = 0
    i = 0
    buf = []
    while written < size:
        i += 1
        h, m, s, c = (i // 360000) % 24, (i // 6000) % 60, (i // 100) % 60, i % 100
        t = f"19-Feb-2007 {h:02}:{m:02}:{s:02}.{c:02}"
        pid = 0x1F000 + i % 64
        mid = f"<0JE5{i:08X}@sesta.com>"
        user = f"user{i % 5000}"
        q = f"/opt/SUNWmsgsr/data/queue/ims-ms/{i % 20:03}/ZZf0s{i:07}.00"
        ip = f"192.160.{(i // 250) % 250}.{i % 250 + 1}"
        lines = [
            f"{t} {pid:x}.{i % 8}.0 tcp_local    +            O TCP|206.184.139.12|25|{ip}|{1024 + i % 60000} SMTP\n",
            f"{t} {pid:x}.{i % 8}.1 tcp_local    ims-ms       EE {1 + i % 40} adam@sesta.com rfc822;{user}@siroe.com {user}@ims-ms-daemon {q} {mid} mail.siroe.com (mail.siroe.com [{ip}])\n",
            f"{t} {pid:x}.{i % 8}.2 tcp_local    +            C TCP|206.184.139.12|25|{ip}|{1024 + i % 60000} SMTP\n",
            f"{t} {pid + 7:x}.{i % 9} ims-ms                    D {1 + i % 40} adam@sesta.com rfc822;{user}@siroe.com {user}@ims-ms-daemon {q} {mid}\n",
        ]
        if i % 4 == 0:
            tq = f"/opt/SUNWmsgsr/data/queue/tcp_local/{i % 20:03}/ZZf0t{i:07}.00"
            lines.append(f"{t} {pid:x}.{i % 8}.1 tcp_intranet tcp_local    EE 3 {user}@sesta.com rfc822;bob@example.org bob@example.org {tq} {mid} sesta.com (sesta.com [10.0.0.1])\n")
            lines.append(f"{t} {pid:x}.{i % 8}.3 tcp_local                 DE 3 {user}@sesta.com rfc822;bob@example.org bob@example.org {tq} {mid} mx.example.org dns;mx.example.org (TCP|206.184.139.12|2788|{ip}|25) (mx.example.org ESMTP Sendmail ready at Thu, 15 Feb 2007 21:37:29 -0700 [MST]) smtp;250 2.1.5 <bob@example.org>... Recipient ok\n")
        if i % 16 == 0:
            lines.append(f"{t} {pid:x}.{i % 8}.4 tcp_local                 Q 3 {user}@sesta.com rfc822;carl@example.net carl@example.net /opt/SUNWmsgsr/data/queue/tcp_local/001/ZYf0u{i:07}.00 {mid} TCP active open: Failed connect()    Error: no route to host\n")
        for l in lines:
            written += len(l)
        buf.extend(lines)
        if len(buf) > 10000:
            out.write("".join(buf))
            buf = []
    out.write("".join(buf))


main()
