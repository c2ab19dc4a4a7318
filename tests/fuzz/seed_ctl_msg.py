#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""seed_ctl_msg.py VSWCTL DIR: the requests vswctl sends, as seeds for
fuzz_ctl_msg (tests/fuzz/corpus/ctl_msg; made with build/vswctl, after
make: /usr/bin/python3 tests/fuzz/seed_ctl_msg.py build/vswctl DIR).

Plays vswd on a socket of its own: takes each request vswctl sends for
a list of commands covering every command and most attributes, writes
it to DIR/<command words>, and answers with an ack so vswctl is done.
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading

COMMANDS = """version
switch add sw0
switch del sw0 force
switch show
switch show sw0
port add p1 switch sw0
port add p2 switch sw0 vlan access 10
port add up1 switch sw0 vlan trunk 10,20,100-199 native 10
port set p2 vlan trunk 10,20
port set p2 mac-guard on allow 02:00:00:00:00:aa,02:00:00:00:00:bb
port set p2 dhcp-guard on router-guard on priority-tag trust
port set p2 max-rate out 20mbit max-rate in 1gbit burst 262144
port set p2 storm broadcast 100 storm multicast 1000 storm unknown 500
port set p2 learning off
port set p2 learn-limit 64
port set p2 vlan isolated 10 200
port set up1 vlan promiscuous 10 200-201
port set p3 mirror destination
port set p2 mirror source both
port show
port show p1
port del p1 force
nic add web1 type host netns web1 mac 02:00:00:00:00:01
nic add vm1 type vm owner 1000 group 1000 queues 4 mac 00:15:5d:00:00:01
nic add vm2 type vm tap tap-vm2
nic add uplink type physical dev enp1s0
nic add old1 type legacy mac 02:00:00:00:00:21
nic connect web1 port p2
nic disconnect web1
nic show
nic show web1
nic del web1 force
fdb show sw0
fdb add sw0 02:00:00:00:00:99 vlan 10 port p2
fdb del sw0 02:00:00:00:00:99 vlan 10
fdb flush sw0 port p2 vlan 10
stats port p2
trace sw0 port p2 src 02:00:00:00:00:01 dst 02:00:00:00:00:02 vlan 10
ext add sw0 no-v6 kind filter stage ingress object EXT_OBJECT program drop_ethertype_in set ethertype=0x86dd priority 10
ext show sw0 no-v6
ext samples sw0 tap count 50
ext del sw0 no-v6
acl add p2 dir in proto tcp lport 22 action deny
acl add p2 dir out proto tcp action allow stateful timeout 120
acl add p2 dir in priority 65000 remote 0.0.0.0/0 action deny
acl add p2 dir both remote 2001:db8::/32 rport 1000-2000 remote-mac 02:00:00:00:00:01 action deny
acl show p2
acl del p2 1""".splitlines()


def serve(sock, out):
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        data = conn.recv(65536)
        out.append(data)
        if len(data) >= 16:
            length, kind, flags, seq, pid = struct.unpack_from("=IHHII", data)
            err = struct.pack("=i", 0) + data[:16]
            conn.send(struct.pack("=IHHII", 16 + len(err), 2, 0x100, seq, 0) + err)
        conn.close()


def main():
    vswctl, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(tempfile.mkdtemp(), "seed.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sock.bind(path)
    sock.listen(4)
    got = []
    threading.Thread(target=serve, args=(sock, got), daemon=True).start()
    ext = os.path.join(os.path.dirname(os.path.abspath(vswctl)), "ext", "drop_ethertype.bpf.o")
    for i, cmd in enumerate(COMMANDS):
        cmd = cmd.replace("EXT_OBJECT", ext)
        before = len(got)
        subprocess.run([vswctl, "-s", path] + cmd.split(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=10)
        if len(got) == before:
            print("no request for:", cmd, file=sys.stderr)
            continue
        name = "seed-%02d-%s" % (i, "-".join(cmd.split()[:2]))
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(got[-1])
    sock.close()
    os.unlink(path)


main()
