// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Forwarding end to end through the real devices: a frame written on the
 * host side of one port's veth enters the switch there (vsw_ingress runs
 * natively on the switch side), is really redirected, runs the devmap
 * egress program, and is read on the host side of each destination veth.
 *
 *   h0 -- sw0 \                 access 10
 *   h1 -- sw1  } vsw switch     access 10
 *   h2 -- sw2  |                access 20
 *   h3 -- sw3 /                 trunk 10,20 (native 30 in one test)
 */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/bpf.h>
#include "test_macs.h"
#include "testlib.h"

TENV_SUITE(forward, 4, forward_ports);

/* The ports as every test of the suite starts with them. */
static void forward_ports(void)
{
	tenv_port_access(&t, 0, 10);
	tenv_port_access(&t, 1, 10);
	tenv_port_access(&t, 2, 20);
	tenv_port_trunk(&t, 3, "10,20", 0);
	tenv_hosts_open(&t);
}

Test(forward, known_unicast_reaches_one_port_unchanged)
{
	struct frame f;

	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, 1);
	expect_host_nothing(&t, 2);
	expect_host_nothing(&t, 3);

	struct vsw_port_stats s = port_stats(&t, 0);
	cr_assert_eq(s.tx_packets, 1, "tx_packets %llu", (unsigned long long)s.tx_packets);
	cr_assert_eq(s.tx_bytes, f.len, "tx_bytes counts the frame as sent, untagged");
}

Test(forward, broadcast_floods_its_vlan_only)
{
	struct frame f, tagged;

	frame_build(&f, BCAST, A, -1, 0, 0x0806, 28);
	frame_build(&tagged, BCAST, A, 10, 0, 0x0806, 28);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);       /* same VLAN, access: untagged */
	expect_host_frame(&t, 3, &tagged);  /* trunk: tagged with VLAN 10 */
	expect_host_nothing(&t, 2);         /* VLAN 20 */
	expect_host_nothing(&t, 0);         /* never back to the sender */
	cr_assert_eq(port_stats(&t, 0).flooded, 1);
	cr_assert_eq(port_stats(&t, 2).tx_packets, 0);
}

/* A devmap refuses a frame longer than its destination's MTU plus an
 * Ethernet header and a tag: the shim must never take a full-size frame
 * past that (an 8-byte shim did, and such floods vanished uncounted). */
Test(forward, full_size_frames_flood_tagged_and_untagged)
{
	struct frame f, tagged, untagged;

	frame_build(&f, BCAST, A, -1, 0, 0x0800, 1500); /* 1514 bytes: the MTU */
	frame_build(&tagged, BCAST, A, 10, 0, 0x0800, 1500);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_frame(&t, 3, &tagged); /* 1518 bytes on the trunk */
	frame_build(&f, BCAST, B, 20, 0, 0x0800, 1500); /* 1518 bytes in */
	frame_build(&untagged, BCAST, B, -1, 0, 0x0800, 1500);
	send_frame(&t, 3, &f);
	expect_host_frame(&t, 2, &untagged);
	expect_host_nothing(&t, 0);
	expect_host_nothing(&t, 1);
}

Test(forward, unknown_unicast_floods_its_vlan_only)
{
	struct frame f, tagged;

	frame_build(&f, "02:00:00:00:99:99", A, 20, 3, 0x0800, 46);
	frame_build(&tagged, "02:00:00:00:99:99", A, -1, 0, 0x0800, 46);
	send_frame(&t, 3, &f);
	expect_host_frame(&t, 2, &tagged);
	expect_host_nothing(&t, 0);
	expect_host_nothing(&t, 1);
	expect_host_nothing(&t, 3);
}

Test(forward, trunk_to_access_pops_the_tag)
{
	struct frame in, want;

	learn_from(&t, 1, B, -1);
	frame_build(&in, B, A, 10, 5, 0x0800, 64);
	frame_build(&want, B, A, -1, 0, 0x0800, 64);
	send_frame(&t, 3, &in);
	expect_host_frame(&t, 1, &want);
}

Test(forward, access_to_trunk_pushes_the_tag)
{
	struct frame in, want;

	learn_from(&t, 3, B, 20);
	frame_build(&in, B, A, -1, 0, 0x0800, 64);
	frame_build(&want, B, A, 20, 0, 0x0800, 64);
	send_frame(&t, 2, &in);
	expect_host_frame(&t, 3, &want);
}

Test(forward, trunk_to_trunk_keeps_vid_and_pcp)
{
	struct frame f;

	tenv_port_trunk(&t, 2, "10,20", 0);
	learn_from(&t, 2, B, 20);
	frame_build(&f, B, A, 20, 6, 0x86dd, 80);
	send_frame(&t, 3, &f);
	expect_host_frame(&t, 2, &f);
}

Test(forward, native_vlan_leaves_a_trunk_untagged)
{
	struct frame in, want;

	tenv_port_trunk(&t, 3, "10,20", 10);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	send_frame(&t, 0, &in);
	expect_host_frame(&t, 3, &in);   /* VLAN 10 is the trunk's native VLAN */
	expect_host_frame(&t, 1, &in);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	frame_build(&want, BCAST, A, 20, 0, 0x0800, 46);
	send_frame(&t, 2, &in);
	expect_host_frame(&t, 3, &want); /* VLAN 20 stays tagged */
}

Test(forward, down_port_is_out_of_flooding)
{
	struct frame f, tagged;

	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[1], false), 0);
	frame_build(&f, BCAST, A, -1, 0, 0x0800, 46);
	frame_build(&tagged, BCAST, A, 10, 0, 0x0800, 46);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 3, &tagged);
	expect_host_nothing(&t, 1);
}
