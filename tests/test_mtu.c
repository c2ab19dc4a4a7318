// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The destination NIC's MTU (bpf/mtu.h, docs/offloads.md): frames through
 * the real devices, as in test_forward.c. Port 1's NIC takes 1000 bytes
 * past the Ethernet header, the others are not limited by the switch.
 *
 *   h0 -- sw0 \             access 10, MTU unknown (no check)
 *   h1 -- sw1  } vsw        access 10, MTU 1000
 *   h2 -- sw2  |            access 10, MTU 9000
 *   h3 -- sw3 /             trunk 10
 */
#include <criterion/criterion.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/ip.h>
#include <netinet/in.h>
#include "test_macs.h"
#include "testlib.h"

#define SMALL_MTU 1000

TENV_SUITE(mtu, 4, mtu_ports);

static void set_mtu(int i, __u32 mtu)
{
	int err = vsw_dp_port_set_mtu(t.dp, t.sw[i], mtu);
	struct vsw_port p;

	cr_assert_eq(err, 0, "port sw%d mtu %u: %s", i, mtu, strerror(-err));
	cr_assert_eq(vsw_dp_port_get(t.dp, t.sw[i], &p), 0);
	cr_assert_eq(p.mtu, mtu, "the port record holds MTU %u: %u", mtu, p.mtu);
}

/* The ports as every test of the suite starts with them. */
static void mtu_ports(void)
{
	for (int i = 0; i < 3; i++)
		tenv_port_access(&t, i, 10);
	tenv_port_trunk(&t, 3, "10", 0);
	set_mtu(1, SMALL_MTU);
	set_mtu(2, 9000);
	tenv_hosts_open(&t);
}

static __u64 mtu_drops(int i)
{
	return port_stats(&t, i).drops[VSW_DROP_MTU];
}

Test(mtu, a_frame_that_fits_is_delivered)
{
	struct frame f;

	learn_from(&t, 1, B, -1);
	frame_build(&f, B, A, -1, 0, 0x0800, SMALL_MTU); /* exactly the MTU */
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	cr_assert_eq(mtu_drops(1), 0);
}

Test(mtu, a_longer_unicast_is_dropped_and_counted_at_the_destination)
{
	struct frame f;

	learn_from(&t, 1, B, -1);
	frame_build(&f, B, A, -1, 0, 0x0800, SMALL_MTU + 1);
	send_frame(&t, 0, &f);
	expect_host_nothing(&t, 1);
	cr_assert_eq(mtu_drops(1), 1, "counted on the port it was for: %llu",
		     (unsigned long long)mtu_drops(1));
	cr_assert_eq(mtu_drops(0), 0, "not on the sender");
	/* The same frame to a port whose NIC takes it. */
	learn_from(&t, 2, C, -1);
	frame_build(&f, C, A, -1, 0, 0x0800, SMALL_MTU + 1);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 2, &f);
}

/* The MTU counts what follows the Ethernet header: a tag on the way in is
 * not part of it. */
Test(mtu, the_tag_is_not_part_of_the_mtu)
{
	struct frame in, want;

	learn_from(&t, 1, B, -1);
	frame_build(&in, B, A, 10, 0, 0x0800, SMALL_MTU);
	frame_build(&want, B, A, -1, 0, 0x0800, SMALL_MTU);
	send_frame(&t, 3, &in);
	expect_host_frame(&t, 1, &want);
	frame_build(&in, B, A, 10, 0, 0x0800, SMALL_MTU + 1);
	send_frame(&t, 3, &in);
	expect_host_nothing(&t, 1);
	cr_assert_eq(mtu_drops(1), 1);
}

/* Each copy of a flood is checked at its own port. */
Test(mtu, a_flood_skips_the_port_whose_nic_is_smaller)
{
	struct frame f, tagged;

	frame_build(&f, BCAST, A, -1, 0, 0x0806, SMALL_MTU + 100);
	frame_build(&tagged, BCAST, A, 10, 0, 0x0806, SMALL_MTU + 100);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 2, &f);
	expect_host_frame(&t, 3, &tagged);
	expect_host_nothing(&t, 1);
	cr_assert_eq(mtu_drops(1), 1, "the copy for port 1 counted: %llu",
		     (unsigned long long)mtu_drops(1));
}

/* Back to no check: 0. */
Test(mtu, mtu_zero_checks_nothing)
{
	struct frame f;

	set_mtu(1, 0);
	learn_from(&t, 1, B, -1);
	frame_build(&f, B, A, -1, 0, 0x0800, SMALL_MTU + 1);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
}

/* A frame of an IPv4 header, then proto's header (zeros), then bytes. */
static void ipv4_frame(struct frame *f, const char *dst, const char *src, __u8 proto,
		       __u32 l3_len)
{
	struct iphdr *ip;

	frame_build(f, dst, src, -1, 0, 0x0800, l3_len);
	ip = (struct iphdr *)(f->data + 14);
	memset(ip, 0, sizeof(*ip) + 20);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->tot_len = htons(l3_len);
	ip->saddr = htonl(0x0a000001);
	ip->daddr = htonl(0x0a000002);
}

/* Moves port 0 to the skb path (generic XDP), where a frame longer than
 * the MTU may be a GSO frame that the kernel segments further on. */
static void port0_on_skb_path(void)
{
	tenv_port_skb(&t, 0, 10);
}

Test(mtu, tcp_and_udp_from_the_skb_path_may_be_gso_and_pass)
{
	struct frame f;

	port0_on_skb_path();
	learn_from(&t, 1, B, -1);
	ipv4_frame(&f, B, A, IPPROTO_TCP, SMALL_MTU + 200);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	ipv4_frame(&f, B, A, IPPROTO_UDP, SMALL_MTU + 200);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	cr_assert_eq(mtu_drops(1), 0);
}

Test(mtu, anything_else_from_the_skb_path_is_checked)
{
	struct frame f;

	port0_on_skb_path();
	learn_from(&t, 1, B, -1);
	ipv4_frame(&f, B, A, IPPROTO_ICMP, SMALL_MTU + 200);
	send_frame(&t, 0, &f);
	expect_host_nothing(&t, 1);
	cr_assert_eq(mtu_drops(1), 1, "ICMP cannot be GSO: %llu",
		     (unsigned long long)mtu_drops(1));
}

/* A native port never receives a GSO frame: its long TCP is a real one. */
Test(mtu, tcp_from_a_native_port_is_checked)
{
	struct frame f;

	learn_from(&t, 1, B, -1);
	ipv4_frame(&f, B, A, IPPROTO_TCP, SMALL_MTU + 200);
	send_frame(&t, 0, &f);
	expect_host_nothing(&t, 1);
	cr_assert_eq(mtu_drops(1), 1);
}
