#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Raw clients of vswd's control socket, for selftests/test_ctl_clients.sh.

ctl_clients.py slow SOCKET SWITCH WAIT
    ask for SWITCH's FDB dump, read nothing for WAIT seconds, then read
    to the end; print "done N" (the dump's DONE after N entries) or
    "cut N" (the connection ended after N entries).
ctl_clients.py many SOCKET N
    open N connections at once, send a version request on each, then
    read each answer; print "answered N of M in S s".
"""
import socket
import struct
import sys
import time

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
CMD_VERSION, CMD_FDB_GET = 0x10, 0x1d
A_SWITCH_NAME = 3


def request(cmd, flags, seq, attrs=b""):
    return struct.pack("=IHHII", 16 + len(attrs), cmd, NLM_F_REQUEST | NLM_F_ACK | flags, seq, 0) + attrs


def attr_str(kind, s):
    data = s.encode() + b"\0"
    pad = (4 - (4 + len(data)) % 4) % 4
    return struct.pack("=HH", 4 + len(data), kind) + data + b"\0" * pad


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(10)
    s.connect(path)
    return s


def slow(path, switch, wait):
    s = connect(path)
    s.send(request(CMD_FDB_GET, NLM_F_DUMP, 1, attr_str(A_SWITCH_NAME, switch)))
    time.sleep(wait)
    n = 0
    while True:
        try:
            msg = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            msg = b""
        if not msg:
            print("cut", n)
            return
        kind = struct.unpack_from("=H", msg, 4)[0]
        if kind == NLMSG_DONE:
            print("done", n)
            return
        if kind == NLMSG_ERROR:
            print("error", n)
            return
        n += 1


def many(path, count):
    t0 = time.monotonic()
    socks = [connect(path) for _ in range(count)]
    for i, s in enumerate(socks):
        s.send(request(CMD_VERSION, 0, i + 1))
    answered = 0
    for s in socks:
        try:
            while True:
                kind = struct.unpack_from("=H", s.recv(65536), 4)[0]
                if kind == NLMSG_ERROR:
                    answered += 1
                    break
        except (OSError, struct.error):
            pass
    print("answered %d of %d in %.2f s" % (answered, count, time.monotonic() - t0))


if sys.argv[1] == "slow":
    slow(sys.argv[2], sys.argv[3], float(sys.argv[4]))
else:
    many(sys.argv[2], int(sys.argv[3]))
