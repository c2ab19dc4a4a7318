#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""fake_vm.py TAP IP MAC: play the VM behind a vsw VM NIC.

Opens the TAP as a VMM would (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, frames
prefixed with a 10-byte virtio-net header), answers ARP requests for IP
and ICMP echo requests to it, and runs until killed. Prints "ready" once
the TAP is open.
"""
import fcntl
import os
import select
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI, IFF_VNET_HDR = 0x0002, 0x1000, 0x4000
VNET_HDR = bytes(10)

tap, ip, mac = sys.argv[1], bytes(map(int, sys.argv[2].split("."))), \
    bytes.fromhex(sys.argv[3].replace(":", ""))
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI | IFF_VNET_HDR))
print("ready", flush=True)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def answer(frame):
    dst, src, etype = frame[0:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
    if etype == 0x0806 and frame[20:22] == b"\x00\x01" and frame[38:42] == ip:
        arp = frame[14:20] + b"\x00\x02" + mac + ip + frame[22:28] + frame[28:32]
        return src + mac + b"\x08\x06" + arp
    if etype == 0x0800 and frame[30:34] == ip and frame[23] == 1 and frame[34] == 8:
        ihl = (frame[14] & 0x0F) * 4
        iph = bytearray(frame[14:14 + ihl])
        iph[12:16], iph[16:20] = frame[30:34], frame[26:30]
        iph[10:12] = b"\0\0"
        iph[10:12] = struct.pack("!H", csum(bytes(iph)))
        icmp = bytearray(frame[14 + ihl:14 + struct.unpack("!H", frame[16:18])[0]])
        icmp[0], icmp[2:4] = 0, b"\0\0"
        icmp[2:4] = struct.pack("!H", csum(bytes(icmp)))
        return src + mac + b"\x08\x00" + bytes(iph) + bytes(icmp)
    return None


while True:
    select.select([fd], [], [])
    try:
        data = os.read(fd, 65536)
    except BlockingIOError:
        continue
    reply = answer(data[len(VNET_HDR):])
    if reply:
        os.write(fd, VNET_HDR + reply)
