// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Ingress VLAN classification and tag handling, by BPF_PROG_TEST_RUN:
 * each test builds a frame, runs vsw_ingress on it as received by one
 * port, and checks the verdict, the decision, the bytes and the counters.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/bpf.h>
#include "test_macs.h"
#include "testlib.h"


TENV_SUITE(vlan, 3, tenv_keep);

/*
 * A flooded frame leaves ingress as it came in, but for its tag: the shim
 * takes the tag's place and carries the classified TCI to the egress
 * program (test_forward checks what each destination finally receives).
 */
static void assert_flood_carries(const struct frame *in, const struct frame *out, __u16 vid,
				 __u8 pcp, bool tagged)
{
	__u32 cut = tagged ? 4 : 0;

	cr_assert_eq(out->len, in->len - cut, "length %u, want %u", out->len, in->len - cut);
	cr_assert_eq(memcmp(out->data, in->data, 12), 0, "MAC addresses unchanged");
	cr_assert_eq(memcmp(out->data + 12, in->data + 12 + cut, in->len - 12 - cut), 0,
		     "the rest unchanged, %s", tagged ? "without the tag" : "untagged");
	cr_assert(out->has_shim, "no shim for the egress program");
	cr_assert_eq(shim_tci(out) & 0xfff, vid, "VID %u, want %u", shim_tci(out) & 0xfff, vid);
	cr_assert_eq(shim_tci(out) >> 13, pcp, "PCP %u, want %u", shim_tci(out) >> 13, pcp);
}

static void assert_dropped(int action, const struct vsw_decision *dec, unsigned int reason)
{
	cr_assert_eq(action, XDP_DROP, "action %d, want XDP_DROP", action);
	cr_assert_eq(dec->verdict, VSW_V_DROP);
	cr_assert_eq(dec->reason, reason, "reason %s, want %s", vsw_drop_reason_name(dec->reason),
		     vsw_drop_reason_name(reason));
}

Test(vlan, access_untagged_gets_port_vlan_tag)
{
	struct frame in, out;
	struct vsw_decision dec;

	tenv_port_access(&t, 0, 10);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert_eq(dec.vid, 10);
	cr_assert_eq(dec.flags & VSW_DEC_F_TAGGED, 0);
	assert_flood_carries(&in, &out, 10, 0, false);

	struct vsw_port_stats s = port_stats(&t, 0);
	cr_assert_eq(s.rx_packets, 1);
	cr_assert_eq(s.rx_bytes, in.len);
	cr_assert_eq(s.flooded, 1);
}

Test(vlan, access_drops_tagged_frames)
{
	struct frame in;
	struct vsw_decision dec;

	frame_build(&in, BCAST, A, 1, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_VLAN_FILTER);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_VLAN_FILTER], 1);
	cr_assert_eq(port_stats(&t, 0).flooded, 0);
}

Test(vlan, access_accepts_priority_tag_keeping_pcp)
{
	struct frame in, out;
	struct vsw_decision dec;

	tenv_port_access(&t, 0, 7);
	frame_build(&in, BCAST, A, 0, 6, 0x0800, 46);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.vid, 7);
	assert_flood_carries(&in, &out, 7, 6, true);
}

Test(vlan, trunk_keeps_allowed_vid_and_pcp)
{
	struct frame in, out;
	struct vsw_decision dec;

	tenv_port_trunk(&t, 0, "10,20-30", 0);
	frame_build(&in, BCAST, A, 25, 5, 0x86dd, 60);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.vid, 25);
	cr_assert(dec.flags & VSW_DEC_F_TAGGED);
	assert_flood_carries(&in, &out, 25, 5, true);
}

Test(vlan, trunk_drops_vid_outside_its_set)
{
	struct frame in;
	struct vsw_decision dec;

	tenv_port_trunk(&t, 0, "10,20-30", 0);
	frame_build(&in, BCAST, A, 31, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_VLAN_FILTER);
	frame_build(&in, BCAST, A, 1, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_VLAN_FILTER);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_VLAN_FILTER], 2);
}

Test(vlan, trunk_native_vlan_tags_untagged)
{
	struct frame in, out;
	struct vsw_decision dec;

	tenv_port_trunk(&t, 0, "10,20", 20);
	frame_build(&in, BCAST, A, -1, 0, 0x0806, 28);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.vid, 20);
	assert_flood_carries(&in, &out, 20, 0, false);
}

Test(vlan, trunk_without_native_drops_untagged)
{
	struct frame in;
	struct vsw_decision dec;

	tenv_port_trunk(&t, 0, "10", 0);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_VLAN_FILTER);
}

Test(vlan, vid_4095_is_malformed)
{
	struct frame in;
	struct vsw_decision dec;

	tenv_port_trunk(&t, 0, "1-4094", 0);
	frame_build(&in, BCAST, A, 4095, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_MALFORMED], 1);
}

Test(vlan, malformed_frames_are_dropped_and_counted)
{
	struct frame in;
	struct vsw_decision dec;
	int n = 0;

	tenv_port_trunk(&t, 0, "1-4094", 1);

	/* A runt: an Ethernet header announcing a tag, nothing after it.
	 * (BPF_PROG_TEST_RUN refuses frames below 14 bytes, so the
	 * shorter runts that program also drops cannot be sent here.) */
	frame_build(&in, BCAST, A, 10, 0, 0x0800, 0);
	in.len = 14;
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED), n++;

	/* A tag cut short: TPID present, TCI and type missing. */
	frame_build(&in, BCAST, A, 10, 0, 0x0800, 0);
	in.len = 16;
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED), n++;

	/* Stacked tags: 802.1Q in 802.1Q, and 802.1ad inside. */
	frame_build(&in, BCAST, A, 10, 0, 0x8100, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED), n++;
	frame_build(&in, BCAST, A, 10, 0, 0x88a8, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED), n++;

	/* An S-tag as the outer tag. */
	frame_build(&in, BCAST, A, -1, 0, 0x88a8, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED), n++;

	/* A type field that is neither a length nor an EtherType. */
	frame_build(&in, BCAST, A, -1, 0, 0x05ff, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MALFORMED), n++;

	struct vsw_port_stats s = port_stats(&t, 0);
	cr_assert_eq(s.drops[VSW_DROP_MALFORMED], n, "malformed %llu, want %d",
		     (unsigned long long)s.drops[VSW_DROP_MALFORMED], n);
	cr_assert_eq(s.rx_packets, n);
	cr_assert_eq(s.flooded, 0);
}

Test(vlan, ieee_802_3_length_frames_are_forwarded)
{
	struct frame in, out;
	struct vsw_decision dec;

	/* An LLC frame: the type field is a length (<= 1500). */
	frame_build(&in, BCAST, A, -1, 0, 46, 46);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	assert_flood_carries(&in, &out, 1, 0, false);
}

Test(vlan, jumbo_gso_frames_are_forwarded)
{
	struct frame in, out;
	struct vsw_decision dec;

	/* Larger than the MTU, as a VMM's GSO frame reaches a TAP's XDP. */
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 1900);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	assert_flood_carries(&in, &out, 1, 0, false);
}

/* Known unicast leaves ingress finished: tag fitted to the destination,
 * no metadata, counted as sent by the destination port. */
static void unicast_from(int i, const struct frame *in, struct frame *out)
{
	struct vsw_decision dec;

	cr_assert_eq(run_ingress(&t, i, in, out, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST, "verdict %u", dec.verdict);
	cr_assert_not(out->has_shim, "unicast needs no egress program");
}

Test(vlan, unicast_access_to_access_is_untouched)
{
	struct frame in, out;

	tenv_port_access(&t, 0, 10);
	tenv_port_access(&t, 1, 10);
	fdb_put_raw(&t, 10, B, t.sw[1], VSW_FDB_F_STATIC);
	frame_build(&in, B, A, -1, 0, 0x0800, 46);
	unicast_from(0, &in, &out);
	cr_assert_eq(out.len, in.len);
	cr_assert_eq(memcmp(out.data, in.data, in.len), 0);
	cr_assert_eq(port_stats(&t, 1).tx_packets, 1);
	cr_assert_eq(port_stats(&t, 1).tx_bytes, in.len);
}

Test(vlan, unicast_access_to_trunk_pushes_the_tag)
{
	struct frame in, out;

	tenv_port_access(&t, 0, 10);
	tenv_port_trunk(&t, 1, "10,20", 20);
	fdb_put_raw(&t, 10, B, t.sw[1], VSW_FDB_F_STATIC);
	frame_build(&in, B, A, -1, 0, 0x0800, 46);
	unicast_from(0, &in, &out);
	cr_assert_eq(out.len, in.len + 4);
	cr_assert_eq(memcmp(out.data, in.data, 12), 0, "MAC addresses unchanged");
	cr_assert_eq(frame_tpid(&out), 0x8100);
	cr_assert_eq(frame_vid(&out), 10);
	cr_assert_eq(memcmp(out.data + 16, in.data + 12, in.len - 12), 0, "type and payload");
	cr_assert_eq(port_stats(&t, 1).tx_bytes, in.len + 4, "sent bytes include the tag");
}

Test(vlan, unicast_trunk_to_access_pops_the_tag)
{
	struct frame in, out, want;

	tenv_port_trunk(&t, 0, "10,20", 0);
	tenv_port_access(&t, 1, 20);
	fdb_put_raw(&t, 20, B, t.sw[1], VSW_FDB_F_STATIC);
	frame_build(&in, B, A, 20, 3, 0x86dd, 60);
	frame_build(&want, B, A, -1, 0, 0x86dd, 60);
	unicast_from(0, &in, &out);
	cr_assert_eq(out.len, want.len);
	cr_assert_eq(memcmp(out.data, want.data, want.len), 0);
}

Test(vlan, unicast_to_the_native_vlan_of_a_trunk_is_untagged)
{
	struct frame in, out;

	tenv_port_access(&t, 0, 20);
	tenv_port_trunk(&t, 1, "10,20", 20);
	fdb_put_raw(&t, 20, B, t.sw[1], VSW_FDB_F_STATIC);
	frame_build(&in, B, A, -1, 0, 0x0800, 46);
	unicast_from(0, &in, &out);
	cr_assert_eq(out.len, in.len);
	cr_assert_eq(memcmp(out.data, in.data, in.len), 0);
}

Test(vlan, unicast_priority_tag_to_trunk_gets_its_vid)
{
	struct frame in, out;

	tenv_port_access(&t, 0, 10);
	tenv_port_trunk(&t, 1, "10", 0);
	fdb_put_raw(&t, 10, B, t.sw[1], VSW_FDB_F_STATIC);
	frame_build(&in, B, A, 0, 5, 0x0800, 46);
	unicast_from(0, &in, &out);
	cr_assert_eq(out.len, in.len, "the priority tag is reused, not doubled");
	cr_assert_eq(frame_vid(&out), 10);
	cr_assert_eq(frame_pcp(&out), 5);
}

Test(vlan, frame_from_a_netdev_that_is_no_port)
{
	struct frame in;
	struct vsw_decision dec;
	struct vsw_port_stats sw;

	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	/* h0 exists but is not a port of the switch. */
	assert_dropped(run_ingress_ifindex(&t, t.host[0], &in, NULL, &dec), &dec,
		       VSW_DROP_NO_PORT);
	cr_assert_eq(vsw_dp_switch_stats(t.dp, &sw), 0);
	cr_assert_eq(sw.drops[VSW_DROP_NO_PORT], 1, "charged to the switch");
}

Test(vlan, down_port_drops_what_it_receives)
{
	struct frame in;
	struct vsw_decision dec;

	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[0], false), 0);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_LINK_DOWN);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_LINK_DOWN], 1);

	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[0], true), 0);
	cr_assert_eq(run_ingress(&t, 0, &in, NULL, &dec), XDP_REDIRECT);
}
