// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Port mirroring end to end, through the real devices (see test_forward.c):
 * a frame enters through one port, is really forwarded, and what each host
 * peer receives is compared byte for byte. The mirror destination must get
 * each mirrored frame exactly once, and the original delivery must be the
 * same as without mirroring.
 *
 *   h0 -- sw0 \                 access 10
 *   h1 -- sw1  |                access 10
 *   h2 -- sw2  } vsw switch     access 20
 *   h3 -- sw3  |                trunk 10,20
 *   h4 -- sw4 /                 access 30: the mirror destination
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <linux/bpf.h>
#include "test_macs.h"
#include "testlib.h"

#define DST 4

TENV_SUITE(mirror, 5, mirror_ports);

/* The ports as every test of the suite starts with them. */
static void mirror_ports(void)
{
	tenv_port_access(&t, 0, 10);
	tenv_port_access(&t, 1, 10);
	tenv_port_access(&t, 2, 20);
	tenv_port_trunk(&t, 3, "10,20", 0);
	tenv_port_access(&t, DST, 30);
	tenv_hosts_open(&t);
}

static void set_mirror(int i, __u8 role)
{
	int err = vsw_dp_port_set_mirror(t.dp, t.sw[i], role);

	cr_assert_eq(err, 0, "set mirror on port %d: %s", i, strerror(-err));
}

static __u64 mirrored_of(int i)
{
	return port_stats(&t, i).mirrored;
}

Test(mirror, out_source_unicast_is_copied_once)
{
	struct frame f;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(1, VSW_MIRROR_OUT);
	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);   /* the delivery, unchanged */
	expect_host_frame(&t, DST, &f); /* the copy, untagged on an access port */
	expect_host_nothing(&t, DST);   /* once */
	expect_host_nothing(&t, 1);
	expect_host_nothing(&t, 2);
	expect_host_nothing(&t, 3);
	cr_assert_eq(port_stats(&t, 0).tx_packets, 1);
	cr_assert_eq(port_stats(&t, DST).tx_packets, 1);
	cr_assert_eq(mirrored_of(DST), 1);
	cr_assert_eq(mirrored_of(0), 0, "the delivery is no mirror copy");
}

Test(mirror, in_source_unicast_is_copied_once)
{
	struct frame f;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(0, VSW_MIRROR_IN);
	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_frame(&t, DST, &f);
	expect_host_nothing(&t, DST);
	expect_host_nothing(&t, 1);
	expect_host_nothing(&t, 3);
	cr_assert_eq(mirrored_of(DST), 1);
}

Test(mirror, other_traffic_is_not_copied)
{
	struct frame f;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(2, VSW_MIRROR_IN | VSW_MIRROR_OUT);
	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f); /* 1 -> 0: no source involved */
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, DST);
	cr_assert_eq(mirrored_of(DST), 0);
}

Test(mirror, in_only_source_does_not_copy_what_it_sends)
{
	struct frame f;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(1, VSW_MIRROR_IN);
	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, DST);
}

Test(mirror, out_source_flood_is_copied_once_outside_its_vlan)
{
	struct frame f, tagged;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(0, VSW_MIRROR_OUT);
	frame_build(&f, BCAST, A, -1, 0, 0x0806, 28);
	frame_build(&tagged, BCAST, A, 10, 0, 0x0806, 28);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);       /* the flood as without mirroring */
	expect_host_frame(&t, 3, &tagged);
	expect_host_nothing(&t, 2);
	expect_host_nothing(&t, 0);
	expect_host_frame(&t, DST, &f);     /* VLAN 10 is not the destination's: still one copy */
	expect_host_nothing(&t, DST);
	cr_assert_eq(mirrored_of(DST), 1);
}

Test(mirror, flood_reaching_an_in_source_is_copied)
{
	struct frame f;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(0, VSW_MIRROR_IN);
	frame_build(&f, BCAST, B, -1, 0, 0x0806, 28);
	send_frame(&t, 1, &f); /* VLAN 10: port 0 gets it */
	expect_host_frame(&t, 0, &f);
	expect_host_frame(&t, DST, &f);
	expect_host_nothing(&t, DST);
	cr_assert_eq(mirrored_of(DST), 1);
}

Test(mirror, flood_missing_the_in_source_is_not_copied)
{
	struct frame f, tagged;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(0, VSW_MIRROR_IN);
	frame_build(&f, BCAST, C, -1, 0, 0x0806, 28);
	frame_build(&tagged, BCAST, C, 20, 0, 0x0806, 28);
	send_frame(&t, 2, &f); /* VLAN 20: port 0 is not in it */
	expect_host_frame(&t, 3, &tagged);
	expect_host_nothing(&t, 0);
	expect_host_nothing(&t, DST);
	cr_assert_eq(mirrored_of(DST), 0);
}

Test(mirror, destination_in_the_vlan_gets_one_copy)
{
	struct frame f, tagged;

	set_mirror(3, VSW_MIRROR_DST); /* the trunk: it gets VLAN 10 floods anyway */
	set_mirror(0, VSW_MIRROR_OUT);
	frame_build(&f, BCAST, A, -1, 0, 0x0806, 28);
	frame_build(&tagged, BCAST, A, 10, 0, 0x0806, 28);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_frame(&t, 3, &tagged);
	expect_host_nothing(&t, 3);
	expect_host_nothing(&t, DST);
}

Test(mirror, trunk_destination_gets_other_vlans_tagged)
{
	struct frame f, tagged;

	set_mirror(3, VSW_MIRROR_DST); /* trunk 10,20 */
	set_mirror(2, VSW_MIRROR_OUT);
	tenv_port_access(&t, 2, 30);   /* with port 4: VLAN 30, not the trunk's */
	learn_from(&t, DST, C, -1);
	frame_build(&f, C, B, -1, 0, 0x0800, 64);
	frame_build(&tagged, C, B, 30, 0, 0x0800, 64);
	send_frame(&t, 2, &f);
	expect_host_frame(&t, DST, &f);    /* the unicast, untagged on its access port */
	expect_host_frame(&t, 3, &tagged); /* the copy, tagged with VLAN 30 */
	expect_host_nothing(&t, 3);
	expect_host_nothing(&t, 0);
	expect_host_nothing(&t, 1);
	cr_assert_eq(mirrored_of(3), 1);
}

Test(mirror, access_destination_gets_other_vlans_untagged)
{
	struct frame f, tagged;

	set_mirror(DST, VSW_MIRROR_DST); /* access 30 */
	set_mirror(3, VSW_MIRROR_OUT);
	frame_build(&tagged, BCAST, C, 20, 0, 0x0806, 28);
	frame_build(&f, BCAST, C, -1, 0, 0x0806, 28);
	send_frame(&t, 3, &tagged);
	expect_host_frame(&t, 2, &f);
	expect_host_frame(&t, DST, &f);
	expect_host_nothing(&t, DST);
}

Test(mirror, a_dropped_frame_is_not_mirrored)
{
	struct frame f;
	struct vsw_decision dec;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(1, VSW_MIRROR_OUT);
	learn_from(&t, 1, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 64); /* to A, behind port 1 itself */
	send_frame(&t, 1, &f);
	expect_host_nothing(&t, DST);
	expect_host_nothing(&t, 0);
	cr_assert_eq(vsw_dp_last_decision(t.dp, 0, &dec), 0);
	cr_assert_eq(dec.verdict, VSW_V_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_HAIRPIN);
	cr_assert_not(dec.flags & VSW_DEC_F_MIRROR, "the record says not mirrored");
}

Test(mirror, unicast_to_the_destination_itself_arrives_once)
{
	struct frame f, tagged;

	set_mirror(3, VSW_MIRROR_DST);
	set_mirror(0, VSW_MIRROR_OUT);
	learn_from(&t, 3, C, 10);
	frame_build(&f, C, A, -1, 0, 0x0800, 64);
	frame_build(&tagged, C, A, 10, 0, 0x0800, 64);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 3, &tagged);
	expect_host_nothing(&t, 3);
	expect_host_nothing(&t, 1);
	expect_host_nothing(&t, DST);
	cr_assert_eq(mirrored_of(3), 0, "delivered as the unicast it is");
	cr_assert_eq(port_stats(&t, 3).tx_packets, 1);
}

Test(mirror, without_a_destination_sources_change_nothing)
{
	struct frame f;
	struct vsw_decision dec;

	set_mirror(1, VSW_MIRROR_IN | VSW_MIRROR_OUT);
	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, DST);
	cr_assert_eq(vsw_dp_last_decision(t.dp, 0, &dec), 0);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert_not(dec.flags & VSW_DEC_F_MIRROR);
}

Test(mirror, removing_the_role_stops_the_copies)
{
	struct frame f;
	struct vsw_config cfg;
	struct vsw_decision dec;

	set_mirror(DST, VSW_MIRROR_DST);
	set_mirror(1, VSW_MIRROR_OUT);
	set_mirror(DST, 0);
	cr_assert_eq(vsw_dp_get_config(t.dp, &cfg), 0);
	cr_assert_eq(cfg.mirror_dsts, 0);
	learn_from(&t, 0, A, -1);
	frame_build(&f, A, B, -1, 0, 0x0800, 100);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, DST);
	cr_assert_eq(vsw_dp_last_decision(t.dp, 0, &dec), 0);
	cr_assert_not(dec.flags & VSW_DEC_F_MIRROR, "no destination: not mirrored");
}

Test(mirror, roles_are_kept_in_the_config_and_checked)
{
	struct vsw_config cfg;
	struct vsw_port p;

	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[0], VSW_MIRROR_DST | VSW_MIRROR_IN),
		     -EINVAL, "a destination is no source");
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[0], 0x80), -EINVAL);
	set_mirror(0, VSW_MIRROR_IN);
	set_mirror(2, VSW_MIRROR_IN | VSW_MIRROR_OUT);
	set_mirror(DST, VSW_MIRROR_DST);
	cr_assert_eq(vsw_dp_get_config(t.dp, &cfg), 0);
	cr_assert_eq(cfg.mirror_dsts, 1);
	cr_assert(cfg.mirror_in[0] == t.sw[0] || cfg.mirror_in[1] == t.sw[0]);
	cr_assert(cfg.mirror_in[0] == t.sw[2] || cfg.mirror_in[1] == t.sw[2]);
	cr_assert_eq(cfg.mirror_in[2], 0);

	/* A reconfiguration keeps the role; deleting the port drops it. */
	tenv_port_trunk(&t, 2, "10,20", 0);
	cr_assert_eq(vsw_dp_port_get(t.dp, t.sw[2], &p), 0);
	cr_assert_eq(p.mirror, VSW_MIRROR_IN | VSW_MIRROR_OUT);
	cr_assert_eq(vsw_dp_port_del(t.dp, t.sw[DST]), 0);
	cr_assert_eq(vsw_dp_get_config(t.dp, &cfg), 0);
	cr_assert_eq(cfg.mirror_dsts, 0);
}
