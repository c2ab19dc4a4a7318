#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""send_frames.py IFACE COUNT ETHERTYPE [VID]: COUNT broadcast frames of
EtherType ETHERTYPE (hex) out of IFACE, 802.1Q-tagged when VID is given,
from IFACE's own MAC address."""
import sys

from scapy.all import Dot1Q, Ether, Raw, conf, get_if_hwaddr, sendp

conf.verb = 0
iface, count, ethertype = sys.argv[1], int(sys.argv[2]), int(sys.argv[3], 16)
vid = int(sys.argv[4]) if len(sys.argv) > 4 else None
payload = Raw(b"vsw-selftest" + bytes(34))
src = get_if_hwaddr(iface)
if vid is None:
    frame = Ether(dst="ff:ff:ff:ff:ff:ff", src=src, type=ethertype) / payload
else:
    frame = Ether(dst="ff:ff:ff:ff:ff:ff", src=src) / Dot1Q(vlan=vid, type=ethertype) / payload
sendp(frame, iface=iface, count=count)
