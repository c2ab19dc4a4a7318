#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""rogue.py IFACE KIND COUNT [ARG]: what a misbehaving guest sends, for the
port-policy selftest. COUNT frames of KIND out of IFACE, as fast as scapy
goes, each carrying the marker "vsw-rogue" where a payload can:

  spoof SRC        broadcast frames from source MAC SRC
  dhcp-offer       DHCPv4 OFFER (BOOTREPLY, UDP 67 -> 68), broadcast
  dhcp-discover    DHCPv4 DISCOVER (BOOTREQUEST, UDP 68 -> 67): legitimate
  dhcp6-advertise  DHCPv6 Advertise (UDP 547 -> 546)
  dhcp6-solicit    DHCPv6 Solicit (UDP 546 -> 547): legitimate
  ra               ICMPv6 Router Advertisement to ff02::1
  rs               ICMPv6 Router Solicitation to ff02::2: legitimate
  redirect4 DST    ICMPv4 Redirect to the MAC DST
  broadcast        plain broadcast frames (storm control)
  prio PCP         priority-tagged (VID 0) broadcast frames with PCP
"""
import sys

from scapy.all import (BOOTP, DHCP, ICMP, IP, UDP, Dot1Q, Ether, ICMPv6ND_RA,
                       ICMPv6ND_RS, IPv6, Raw, conf, get_if_hwaddr, sendp)
from scapy.layers.dhcp6 import DHCP6_Advertise, DHCP6_Solicit

conf.verb = 0
iface, kind, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
arg = sys.argv[4] if len(sys.argv) > 4 else None
mac = get_if_hwaddr(iface)
mark = Raw(b"vsw-rogue")
bcast = Ether(src=mac, dst="ff:ff:ff:ff:ff:ff")
v6 = Ether(src=mac, dst="33:33:00:00:00:01") / IPv6(src="fe80::bad", dst="ff02::1")

frames = {
    "spoof": lambda: Ether(src=arg, dst="ff:ff:ff:ff:ff:ff", type=0x88b5) / mark,
    "dhcp-offer": lambda: bcast / IP(src="10.0.0.66", dst="255.255.255.255") /
    UDP(sport=67, dport=68) / BOOTP(op=2, yiaddr="10.0.0.77", chaddr=b"\x02" * 6) /
    DHCP(options=[("message-type", "offer"), "end"]),
    "dhcp-discover": lambda: bcast / IP(src="0.0.0.0", dst="255.255.255.255") /
    UDP(sport=68, dport=67) / BOOTP(op=1, chaddr=b"\x02" * 6) /
    DHCP(options=[("message-type", "discover"), "end"]),
    "dhcp6-advertise": lambda: v6 / UDP(sport=547, dport=546) / DHCP6_Advertise(trid=7),
    "dhcp6-solicit": lambda: v6 / UDP(sport=546, dport=547) / DHCP6_Solicit(trid=7),
    "ra": lambda: v6 / ICMPv6ND_RA(routerlifetime=1800),
    "rs": lambda: Ether(src=mac, dst="33:33:00:00:00:02") /
    IPv6(src="fe80::bad", dst="ff02::2") / ICMPv6ND_RS(),
    "redirect4": lambda: Ether(src=mac, dst=arg) / IP(src="10.0.0.1", dst="10.0.0.2") /
    ICMP(type=5, code=1, gw="10.0.0.66") / IP(src="10.0.0.2", dst="10.0.0.99") / mark,
    "broadcast": lambda: bcast / Raw(b"vsw-rogue" + bytes(40)),
    "prio": lambda: Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") /
    Dot1Q(vlan=0, prio=int(arg), type=0x88b5) / mark,
}
if kind not in frames:
    sys.exit(f"rogue.py: unknown kind {kind}")
sendp(frames[kind](), iface=iface, count=count)
