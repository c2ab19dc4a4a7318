#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Bulk TCP transfers for the selftests, counted at the socket.

  tcp_xfer.py sink PORT SECONDS          accept one connection, read to EOF;
                                         prints "bytes N sha256 HEX conn 0|1"
                                         (conn 0: no connection was made)
  tcp_xfer.py source PORT FILE SECONDS   accept one connection, send FILE,
                                         close; prints "sent N"
  tcp_xfer.py send HOST PORT FILE SECONDS
                                         connect, send FILE, close; prints
                                         "sent N"

A listener prints "ready" once it listens. Each gives up after SECONDS
(and still prints what it has: a short count is the test's verdict) and
exits 1 then, 0 otherwise. The byte count is what the receiving stack
accepted: a segment with a wrong checksum never reaches it.
"""
import hashlib
import socket
import sys
import time


def listen(port, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", int(port)))
    s.listen(1)
    s.settimeout(seconds)
    print("ready", flush=True)
    conn, _ = s.accept()
    s.close()
    return conn


def sink(port, seconds):
    deadline = time.monotonic() + seconds
    h, n, ok, opened = hashlib.sha256(), 0, False, 0
    try:
        conn = listen(port, seconds)
        opened = 1
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            conn.settimeout(left)
            buf = conn.recv(1 << 16)
            if not buf:
                ok = True
                break
            h.update(buf)
            n += len(buf)
    except OSError as e:
        print("error", e, file=sys.stderr)
    print("bytes %d sha256 %s conn %d" % (n, h.hexdigest(), opened), flush=True)
    return 0 if ok else 1


def send_file(conn, path, deadline):
    n = 0
    with open(path, "rb") as f:
        while True:
            buf = f.read(1 << 16)
            if not buf:
                break
            conn.settimeout(max(deadline - time.monotonic(), 0.01))
            conn.sendall(buf)
            n += len(buf)
    conn.shutdown(socket.SHUT_WR)
    # Wait for the peer's close, so that nothing is cut off by a reset.
    conn.settimeout(max(deadline - time.monotonic(), 0.01))
    while conn.recv(4096):
        pass
    return n


def source(port, path, seconds):
    deadline = time.monotonic() + seconds
    n, rc = 0, 1
    try:
        n = send_file(listen(port, seconds), path, deadline)
        rc = 0
    except OSError as e:
        print("error", e, file=sys.stderr)
    print("sent %d" % n, flush=True)
    return rc


def send(host, port, path, seconds):
    deadline = time.monotonic() + seconds
    n, rc = 0, 1
    try:
        conn = socket.create_connection((host, int(port)), timeout=seconds)
        n = send_file(conn, path, deadline)
        rc = 0
    except OSError as e:
        print("error", e, file=sys.stderr)
    print("sent %d" % n, flush=True)
    return rc


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "sink":
        sys.exit(sink(a[1], float(a[2])))
    elif len(a) == 4 and a[0] == "source":
        sys.exit(source(a[1], a[2], float(a[3])))
    elif len(a) == 5 and a[0] == "send":
        sys.exit(send(a[1], a[2], a[3], float(a[4])))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
