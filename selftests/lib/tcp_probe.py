#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""TCP reachability for the selftests, where nc may be missing.

  tcp_probe.py serve PORT...     listen on each PORT, answer every line
                                 with "ok"; prints "ready" once listening
  tcp_probe.py connect HOST PORT exit 0 when a connection to HOST:PORT
                                 answers "ok" within 2 s, 1 otherwise
"""
import select
import socket
import sys


def serve(ports):
    socks = []
    for p in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(p)))
        s.listen(16)
        socks.append(s)
    print("ready", flush=True)
    while True:
        ready, _, _ = select.select(socks, [], [])
        for s in ready:
            conn, _ = s.accept()
            conn.settimeout(2)
            try:
                if conn.recv(64):
                    conn.sendall(b"ok\n")
            except OSError:
                pass
            conn.close()


def connect(host, port):
    try:
        with socket.create_connection((host, int(port)), timeout=2) as s:
            s.settimeout(2)
            s.sendall(b"hello\n")
            return 0 if s.recv(64).startswith(b"ok") else 1
    except OSError:
        return 1


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "serve":
        serve(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "connect":
        sys.exit(connect(sys.argv[2], sys.argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
