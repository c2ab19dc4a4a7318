#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# /init of the real guest (selftests/test_guest.sh): Debian's kernel,
# busybox, virtio-net with its default offloads (checksum, TSO). What it
# does comes from the kernel command line; everything it has to say goes
# to the serial console as lines starting "GUEST ", which the host reads:
#
#   guest.ip=A/N guest.peer=IP        its address, and whom to ping (5 echoes)
#   guest.mtu=N                       eth0's MTU; the 5 echoes are then
#                                     N-byte IPv4 packets (unfragmented)
#   guest.role=host guest.rx=P guest.tx=P guest.size=BYTES
#       send BYTES of random data to PEER:P(rx), then read PEER:P(tx) to EOF
#   guest.role=listen guest.port=P    read one connection on P to EOF
#   guest.role=send guest.port=P guest.size=BYTES
#       send BYTES of random data to PEER:P
#   guest.role=hold                   after the ping, stay up (until the VMM
#                                     is stopped from outside)
#   guest.wait=SECONDS                bound on each transfer (default 60)
#
# Reports: "GUEST ping R/5", "GUEST tx bytes N sha256 H" (what it sent),
# "GUEST rx bytes N sha256 H" (what it received), "GUEST done"; then it
# powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules/order); do insmod "/modules/$m" || echo "GUEST insmod $m failed"; done

ip= peer= mtu= role= rx= tx= port= size=$((20 << 20)) wait=60
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	guest.ip=*) ip=${arg#*=} ;;
	guest.peer=*) peer=${arg#*=} ;;
	guest.mtu=*) mtu=${arg#*=} ;;
	guest.role=*) role=${arg#*=} ;;
	guest.rx=*) rx=${arg#*=} ;;
	guest.tx=*) tx=${arg#*=} ;;
	guest.port=*) port=${arg#*=} ;;
	guest.size=*) size=${arg#*=} ;;
	guest.wait=*) wait=${arg#*=} ;;
	esac
done

off() { echo "GUEST done"; sync; poweroff -f; sleep 10; }

ip link set lo up
[ -n "$mtu" ] && { ip link set eth0 mtu "$mtu" || echo "GUEST mtu $mtu refused"; }
ip link set eth0 up
ip addr add "$ip" dev eth0
# A fresh line first: the firmware leaves escape codes without one.
echo
echo "GUEST up $(uname -r) eth0 $(cat /sys/class/net/eth0/address) mtu $(cat /sys/class/net/eth0/mtu)"

# The first echo may wait for ARP and learning: up to 20 tries, then 5.
i=0
while [ $i -lt 20 ] && ! ping -c 1 -W 1 "$peer" >/dev/null 2>&1; do i=$((i + 1)); done
# With guest.mtu, full-size echoes: 20 bytes of IPv4, 8 of ICMP.
got=$(ping -c 5 -i 0.2 -W 2 ${mtu:+-s $((mtu - 28))} "$peer" 2>/dev/null | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')
echo "GUEST ping ${got:-0}/5"

# A reader's stdin that never ends (busybox nc stops at EOF on stdin).
mkfifo /hold
sleep 100000 >/hold &

# send PORT: random data to PEER:PORT; report what was sent.
send() {
	head -c "$size" /dev/urandom >/tx
	echo "GUEST tx bytes $(wc -c </tx) sha256 $(sha256sum </tx | cut -d' ' -f1)"
	# A refused connection (a listener not there yet) is tried again.
	n=0
	while :; do
		timeout "$wait" nc "$peer" "$1" </tx
		rc=$?
		n=$((n + 1))
		[ $rc = 1 ] && [ $n -lt 20 ] || break
		sleep 1
	done
	echo "GUEST tx exit $rc"
	rm -f /tx
}
# report: what arrived in /rx.
report() {
	echo "GUEST rx bytes $(wc -c </rx) sha256 $(sha256sum </rx | cut -d' ' -f1)"
	rm -f /rx
}

case "$role" in
host)
	send "$rx"
	timeout "$wait" nc "$peer" "$tx" </hold >/rx
	echo "GUEST rx exit $?"
	report
	;;
listen)
	timeout "$wait" nc -l -p "$port" </hold >/rx
	echo "GUEST rx exit $?"
	report
	;;
send)
	send "$port"
	;;
hold)
	echo "GUEST holding"
	while :; do sleep 3600; done
	;;
esac
off
