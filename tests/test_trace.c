// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Packet trace (user/dp/trace.c, bpf/trace.h): the real ingress program
 * decides about a frame marked as a trace; the decision comes back
 * through the XDP metadata, and the switch is left exactly as it was:
 * no FDB entry learned or refreshed, no counter moved, the per-CPU
 * decision record of live traffic untouched.
 *
 *   sw0 access 1, sw1 access 1, sw2 access 1 (reconfigured per test)
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <linux/bpf.h>
#include "test_macs.h"
#include "testlib.h"
#include "trace.h"
#include "vsw_ctl.h"


TENV_SUITE(trace, 3, tenv_keep);

/* A real (untraced) frame from port i: learns, counts. */
static void real_frame(int i, const char *dst, const char *src)
{
	struct frame f;

	frame_build(&f, dst, src, -1, 0, 0x0800, 46);
	run_ingress(&t, i, &f, NULL, NULL);
}

static struct vsw_decision trace_ifindex(__u32 ifindex, const char *dst, const char *src,
					 int vid)
{
	struct vsw_decision dec;
	struct frame f;

	frame_build(&f, dst, src, vid, 0, 0x0800, 46);
	memset(&dec, 0xee, sizeof(dec));
	cr_assert_eq(vsw_trace_run(t.dp, ifindex, f.data, f.len, &dec), 0, "trace runs");
	return dec;
}

static struct vsw_decision trace(int i, const char *dst, const char *src, int vid)
{
	return trace_ifindex(t.sw[i], dst, src, vid);
}

/* The checks as one string: "port,link,parse,...". */
static const char *checks(const struct vsw_decision *dec)
{
	static char buf[256];
	const char *names[VSW_TRACE_CHECKS_MAX];
	int n = vsw_trace_checks(dec, names);

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(buf, i ? "," : "");
		strcat(buf, names[i]);
	}
	return buf;
}

static void expect_drop(const struct vsw_decision *dec, int reason, const char *want_checks)
{
	cr_assert_eq(dec->verdict, VSW_V_DROP, "dropped (verdict %u)", dec->verdict);
	cr_assert_eq(dec->reason, reason, "reason %s, want %s", vsw_drop_reason_name(dec->reason),
		     vsw_drop_reason_name(reason));
	cr_assert_str_eq(checks(dec), want_checks);
}

#define ALL_CHECKS "port,link,parse,vlan,learn_limit"
#define UNICAST_CHECKS ALL_CHECKS ",hairpin,dest_port,dest_link,dest_vlan"

Test(trace, known_unicast_goes_to_one_port)
{
	struct vsw_trace_dest dests[VSW_MAX_PORTS];
	struct vsw_decision dec;
	unsigned int n;

	real_frame(0, BCAST, A);
	dec = trace(1, A, B, -1);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert_eq(dec.in_ifindex, t.sw[1]);
	cr_assert_eq(dec.out_ifindex, t.sw[0]);
	cr_assert_eq(dec.vid, 1);
	cr_assert(dec.flags & VSW_DEC_F_FDB_HIT);
	cr_assert(dec.flags & VSW_DEC_F_LEARNED, "B is new: it would be learned");
	cr_assert_str_eq(checks(&dec), UNICAST_CHECKS);
	cr_assert_eq(vsw_trace_dests(t.dp, &dec, dests, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(dests[0].ifindex, t.sw[0]);
	cr_assert_not(dests[0].tagged, "access port: untagged");
}

Test(trace, broadcast_floods_the_vlan_but_not_back)
{
	struct vsw_trace_dest dests[VSW_MAX_PORTS];
	struct vsw_decision dec;
	unsigned int n;

	tenv_port_trunk(&t, 2, "1,5", 0);
	dec = trace(0, BCAST, A, -1);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert_not(dec.flags & VSW_DEC_F_FDB_HIT);
	cr_assert_str_eq(checks(&dec), ALL_CHECKS);
	cr_assert_eq(vsw_trace_dests(t.dp, &dec, dests, &n), 0);
	cr_assert_eq(n, 2, "sw1 and sw2, not sw0");
	cr_assert_eq(dests[0].ifindex, t.sw[1]);
	cr_assert_not(dests[0].tagged);
	cr_assert_eq(dests[1].ifindex, t.sw[2]);
	cr_assert(dests[1].tagged, "trunk without native VLAN 1: tagged");

	/* A port outside the VLAN is not a destination. */
	tenv_port_access(&t, 1, 20);
	dec = trace(0, BCAST, A, -1);
	cr_assert_eq(vsw_trace_dests(t.dp, &dec, dests, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(dests[0].ifindex, t.sw[2]);
}

Test(trace, unknown_unicast_floods)
{
	struct vsw_decision dec = trace(0, C, A, -1);

	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert_not(dec.flags & VSW_DEC_F_FDB_HIT);
}

Test(trace, shows_whether_a_frame_is_mirrored)
{
	struct vsw_decision dec;

	real_frame(0, BCAST, A);
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[1], VSW_MIRROR_OUT), 0);
	dec = trace(1, A, B, -1);
	cr_assert_not(dec.flags & VSW_DEC_F_MIRROR, "no mirror destination yet");
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[2], VSW_MIRROR_DST), 0);
	dec = trace(1, A, B, -1);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert(dec.flags & VSW_DEC_F_MIRROR, "sent by an out source");
	dec = trace(0, B, A, -1);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert_not(dec.flags & VSW_DEC_F_MIRROR, "flood that reaches no in source");
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[1], VSW_MIRROR_IN), 0);
	dec = trace(0, B, A, -1);
	cr_assert(dec.flags & VSW_DEC_F_MIRROR, "flood that reaches the in source");
	tenv_port_access(&t, 1, 20);
	dec = trace(0, B, A, -1);
	cr_assert_not(dec.flags & VSW_DEC_F_MIRROR, "the in source left the VLAN");
}

Test(trace, changes_nothing)
{
	struct vsw_port_stats before[3], after[3];
	struct vsw_decision live, dec;
	struct vsw_fdb_entry e, e2;

	real_frame(0, BCAST, A); /* the decision record now holds this one */
	cr_assert_eq(vsw_dp_last_decision(t.dp, 0, &live), 0);
	cr_assert(fdb_get(&t, 1, A, &e));
	fdb_set_last_seen(&t, 1, A, e.last_seen - 5000000000ULL); /* due a refresh */
	cr_assert(fdb_get(&t, 1, A, &e));
	for (int i = 0; i < 3; i++)
		before[i] = port_stats(&t, i);

	dec = trace(1, A, C, -1);      /* would learn C, unicast to A */
	trace(0, BCAST, A, -1);        /* A again: would refresh */
	trace(1, A, B, 7);             /* dropped: tagged on access */

	cr_assert(dec.flags & VSW_DEC_F_LEARNED);
	cr_assert_not(fdb_get(&t, 1, C, &e2), "C was not learned");
	cr_assert_not(fdb_get(&t, 1, B, &e2), "B was not learned");
	cr_assert(fdb_get(&t, 1, A, &e2));
	cr_assert_eq(e2.last_seen, e.last_seen, "A was not refreshed");
	cr_assert_eq(learned_of(&t, 1), 0);
	for (int i = 0; i < 3; i++) {
		after[i] = port_stats(&t, i);
		cr_assert_eq(memcmp(&before[i], &after[i], sizeof(before[i])), 0,
			     "counters of port %d unchanged", i);
	}
	cr_assert_eq(vsw_dp_last_decision(t.dp, 0, &dec), 0);
	cr_assert_eq(memcmp(&dec, &live, sizeof(dec)), 0, "decision record unchanged");
}

Test(trace, known_source_is_not_learned_again)
{
	struct vsw_decision dec;

	real_frame(0, BCAST, A);
	dec = trace(0, BCAST, A, -1);
	cr_assert_not(dec.flags & VSW_DEC_F_LEARNED);
}

/* ---- one test per drop reason ---- */

Test(trace, drop_no_port)
{
	struct vsw_decision dec = trace_ifindex(t.host[0], BCAST, A, -1);

	expect_drop(&dec, VSW_DROP_NO_PORT, "port");
}

Test(trace, drop_link_down)
{
	struct vsw_decision dec;

	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[0], false), 0);
	dec = trace(0, BCAST, A, -1);
	expect_drop(&dec, VSW_DROP_LINK_DOWN, "port,link");
}

Test(trace, drop_malformed)
{
	struct vsw_decision dec;
	struct frame f;

	/* Stacked tags: 802.1Q carrying 802.1Q. */
	frame_build(&f, BCAST, A, 5, 0, 0x8100, 46);
	cr_assert_eq(vsw_trace_run(t.dp, t.sw[0], f.data, f.len, &dec), 0);
	expect_drop(&dec, VSW_DROP_MALFORMED, "port,link,parse");
}

Test(trace, drop_vlan_filter_at_ingress)
{
	struct vsw_decision dec = trace(0, BCAST, A, 7);

	expect_drop(&dec, VSW_DROP_VLAN_FILTER, "port,link,parse,vlan");
	cr_assert(dec.flags & VSW_DEC_F_TAGGED);
}

Test(trace, drop_learn_limit)
{
	struct vsw_port_cfg cfg;
	struct vsw_decision dec;

	vsw_port_cfg_init(&cfg);
	cfg.learn_limit = 1;
	cr_assert_eq(vsw_dp_port_set(t.dp, t.sw[0], &cfg), 0);
	real_frame(0, BCAST, A);
	dec = trace(0, BCAST, B, -1);
	expect_drop(&dec, VSW_DROP_LEARN_LIMIT, ALL_CHECKS);
}

Test(trace, drop_hairpin)
{
	struct vsw_decision dec;

	real_frame(0, BCAST, A);
	dec = trace(0, A, B, -1);
	expect_drop(&dec, VSW_DROP_HAIRPIN, ALL_CHECKS ",hairpin");
}

Test(trace, drop_dest_no_port)
{
	struct vsw_decision dec;

	fdb_put_raw(&t, 1, A, t.host[0], VSW_FDB_F_STATIC);
	dec = trace(1, A, B, -1);
	expect_drop(&dec, VSW_DROP_NO_PORT, ALL_CHECKS ",hairpin,dest_port");
}

Test(trace, drop_dest_link_down)
{
	struct vsw_decision dec;
	__u8 mac[6];

	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[2]), 0);
	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[2], false), 0);
	dec = trace(0, C, A, -1);
	expect_drop(&dec, VSW_DROP_LINK_DOWN, ALL_CHECKS ",hairpin,dest_port,dest_link");
	cr_assert_eq(dec.out_ifindex, t.sw[2]);
}

Test(trace, drop_dest_vlan_filter)
{
	struct vsw_decision dec;
	__u8 mac[6];

	tenv_port_access(&t, 2, 20);
	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[2]), 0);
	dec = trace(0, C, A, -1);
	expect_drop(&dec, VSW_DROP_VLAN_FILTER, ALL_CHECKS ",hairpin,dest_port,dest_link,dest_vlan");
}

Test(trace, refuses_bad_lengths)
{
	__u8 big[VSW_TRACE_FRAME_MAX + 1] = { 0 };
	struct vsw_decision dec;

	cr_assert_eq(vsw_trace_run(t.dp, t.sw[0], big, 13, &dec), -EINVAL);
	cr_assert_eq(vsw_trace_run(t.dp, t.sw[0], big, sizeof(big), &dec), -EINVAL);
	cr_assert_eq(vsw_trace_run(t.dp, 999999, big, 60, &dec), -ENODEV);
}
