// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The learning FDB, by BPF_PROG_TEST_RUN: learning, lookups, moves,
 * static entries, aging (by writing last-seen back in time), the
 * per-port learning limit, and the drops of the forwarding stage.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include "test_macs.h"
#include "testlib.h"

#define SEC_NS 1000000000ULL

TENV_SUITE(fdb, 3, tenv_keep);

/* A frame from port i with source src to dst, untagged (port VLAN). */
static int from_port(int i, const char *dst, const char *src, struct vsw_decision *dec)
{
	struct frame f;

	frame_build(&f, dst, src, -1, 0, 0x0800, 46);
	return run_ingress(&t, i, &f, NULL, dec);
}

Test(fdb, learns_source_on_its_port)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;

	cr_assert_eq(from_port(0, BCAST, A, &dec), XDP_REDIRECT);
	cr_assert(dec.flags & VSW_DEC_F_LEARNED);
	cr_assert(fdb_get(&t, 1, A, &e), "A learned in VLAN 1");
	cr_assert_eq(e.ifindex, t.sw[0]);
	cr_assert_eq(e.flags, 0, "dynamic");
	cr_assert_lt(vsw_now_ns() - e.last_seen, 5 * SEC_NS, "last-seen is now");
	cr_assert_eq(learned_of(&t, 0), 1);
	cr_assert_eq(learned_of(&t, 1), 0);

	/* Seen again: known, not counted twice. */
	cr_assert_eq(from_port(0, BCAST, A, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.flags & VSW_DEC_F_LEARNED, 0);
	cr_assert_eq(learned_of(&t, 0), 1);
}

Test(fdb, entries_are_per_vlan)
{
	struct vsw_fdb_entry e;

	tenv_port_access(&t, 0, 10);
	from_port(0, BCAST, A, NULL);
	cr_assert(fdb_get(&t, 10, A, &e));
	cr_assert_not(fdb_get(&t, 1, A, &e), "not in VLAN 1");
}

Test(fdb, group_and_zero_sources_are_not_learned)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;

	cr_assert_eq(from_port(0, BCAST, "01:00:5e:00:00:01", &dec), XDP_REDIRECT);
	cr_assert_eq(from_port(0, BCAST, BCAST, &dec), XDP_REDIRECT);
	cr_assert_eq(from_port(0, BCAST, "00:00:00:00:00:00", &dec), XDP_REDIRECT);
	cr_assert_eq(dec.flags & VSW_DEC_F_LEARNED, 0);
	cr_assert_not(fdb_get(&t, 1, "01:00:5e:00:00:01", &e));
	cr_assert_not(fdb_get(&t, 1, BCAST, &e));
	cr_assert_not(fdb_get(&t, 1, "00:00:00:00:00:00", &e));
	cr_assert_eq(learned_of(&t, 0), 0);
}

Test(fdb, known_unicast_goes_to_one_port)
{
	struct vsw_decision dec;

	from_port(0, BCAST, A, NULL);
	cr_assert_eq(from_port(1, A, B, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert(dec.flags & VSW_DEC_F_FDB_HIT);
	cr_assert_eq(dec.out_ifindex, t.sw[0]);
	cr_assert_eq(port_stats(&t, 1).flooded, 0);
}

Test(fdb, unknown_unicast_and_multicast_flood)
{
	struct vsw_decision dec;

	cr_assert_eq(from_port(1, C, B, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert_eq(dec.flags & VSW_DEC_F_FDB_HIT, 0);
	cr_assert_eq(from_port(1, "33:33:00:00:00:01", B, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert_eq(port_stats(&t, 1).flooded, 2);
}

Test(fdb, a_mac_that_moves_moves_its_entry)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;

	from_port(0, BCAST, A, NULL);
	cr_assert_eq(from_port(1, BCAST, A, &dec), XDP_REDIRECT);
	cr_assert(dec.flags & VSW_DEC_F_LEARNED, "moved counts as learned");
	cr_assert(fdb_get(&t, 1, A, &e));
	cr_assert_eq(e.ifindex, t.sw[1]);
	cr_assert_eq(learned_of(&t, 0), 0);
	cr_assert_eq(learned_of(&t, 1), 1);
}

/* Learning skips the FDB for the source a port's frames keep coming from
 * (struct vsw_src_seen); these prove what voids that memory. */
Test(fdb, a_mac_that_moves_back_at_once_moves_back)
{
	struct vsw_fdb_entry e;

	from_port(0, BCAST, A, NULL);
	from_port(1, BCAST, A, NULL);
	from_port(0, BCAST, A, NULL); /* port 0 remembers A: the move voids it */
	cr_assert(fdb_get(&t, 1, A, &e));
	cr_assert_eq(e.ifindex, t.sw[0], "A is back on port 0");
	cr_assert_eq(learned_of(&t, 0), 1);
	cr_assert_eq(learned_of(&t, 1), 0);
}

/* Forwarding skips the FDB for the destination a port's frames keep
 * going to (struct vsw_src_seen's dst_*); a move, a flush, an aged entry
 * must each be seen by the very next frame. */
Test(fdb, a_remembered_destination_follows_moves_flushes_and_aging)
{
	struct vsw_decision dec;

	from_port(0, BCAST, A, NULL);
	cr_assert_eq(from_port(1, A, B, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.out_ifindex, t.sw[0]);
	from_port(1, A, B, &dec); /* now from memory */
	cr_assert_eq(dec.out_ifindex, t.sw[0]);
	from_port(2, BCAST, A, NULL); /* A moves to port 2 */
	from_port(1, A, B, &dec);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert_eq(dec.out_ifindex, t.sw[2], "the move seen at once");
	cr_assert_eq(vsw_dp_fdb_flush(t.dp, t.sw[2], 0, false, NULL), 0);
	from_port(1, A, B, &dec);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD, "the flush seen at once");
	from_port(0, BCAST, A, NULL);
	from_port(1, A, B, &dec);
	cr_assert_eq(dec.out_ifindex, t.sw[0]);
	/* An entry aging on its own is seen within the memory's window (at
	 * most 1 s); the sweep and the loader void the memory at once. */
	fdb_set_last_seen(&t, 1, A, vsw_now_ns() - 301 * SEC_NS);
	from_port(1, A, B, &dec);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD, "an entry the loader aged, seen at once");
}

Test(fdb, a_flushed_source_is_learned_again_on_its_next_frame)
{
	struct vsw_fdb_entry e;

	from_port(0, BCAST, A, NULL);
	cr_assert_eq(vsw_dp_fdb_flush(t.dp, t.sw[0], 0, false, NULL), 0);
	cr_assert_not(fdb_get(&t, 1, A, &e));
	from_port(0, BCAST, A, NULL);
	cr_assert(fdb_get(&t, 1, A, &e), "relearned although port 0 remembered it");
	cr_assert_eq(e.ifindex, t.sw[0]);
}

Test(fdb, a_deleted_source_is_learned_again_on_its_next_frame)
{
	struct vsw_fdb_entry e;
	__u8 mac[6];

	from_port(0, BCAST, A, NULL);
	mac_parse(A, mac);
	cr_assert_eq(vsw_dp_fdb_del(t.dp, 1, mac), 0);
	from_port(0, BCAST, A, NULL);
	cr_assert(fdb_get(&t, 1, A, &e), "relearned after fdb del");
}

Test(fdb, static_entries_never_move_or_age)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;
	__u8 mac[6];

	mac_parse(A, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	from_port(1, BCAST, A, &dec);
	cr_assert_eq(dec.flags & VSW_DEC_F_LEARNED, 0);
	cr_assert(fdb_get(&t, 1, A, &e));
	cr_assert_eq(e.ifindex, t.sw[0], "static entry stayed on sw0");
	cr_assert_eq(e.flags, VSW_FDB_F_STATIC);

	/* Older than any aging time, still a hit, and the sweep keeps it. */
	fdb_set_last_seen(&t, 1, A, 0);
	cr_assert_eq(from_port(2, A, C, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert_eq(dec.out_ifindex, t.sw[0]);
	unsigned int removed = 99;
	cr_assert_eq(vsw_dp_fdb_age(t.dp, &removed), 0);
	cr_assert_eq(removed, 0);
	cr_assert(fdb_get(&t, 1, A, &e));
}

Test(fdb, aged_entries_miss_and_are_swept)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;
	unsigned int removed = 0;

	from_port(0, BCAST, A, NULL);
	/* Default aging is 300 s: 299 s old is a hit, 301 s a miss. */
	fdb_set_last_seen(&t, 1, A, vsw_now_ns() - 299 * SEC_NS);
	cr_assert_eq(from_port(1, A, B, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	fdb_set_last_seen(&t, 1, A, vsw_now_ns() - 301 * SEC_NS);
	cr_assert_eq(from_port(1, A, B, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD, "an aged entry is a miss");

	cr_assert_eq(vsw_dp_fdb_age(t.dp, &removed), 0);
	cr_assert_eq(removed, 1);
	cr_assert_not(fdb_get(&t, 1, A, &e));
	cr_assert_eq(learned_of(&t, 0), 0, "the port's learned count follows");
	cr_assert(fdb_get(&t, 1, B, &e), "B, fresh, stays");
}

/* 300 sources learned on port 0, every third of them aged. */
static void learn_300_age_100(void)
{
	char mac[18];

	for (int i = 0; i < 300; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
		cr_assert_eq(from_port(0, BCAST, mac, NULL), XDP_REDIRECT);
		if (i % 3 == 0)
			fdb_set_last_seen(&t, 1, mac, vsw_now_ns() - 301 * SEC_NS);
	}
	cr_assert_eq(learned_of(&t, 0), 300);
}

/* The sweep in steps (vswd's, every 10 s) removes and recounts what a
 * whole sweep does, and a flush meanwhile drops it: its counts would
 * be stale. */
Test(fdb, aging_in_steps_sweeps_as_a_whole_sweep)
{
	unsigned int removed = 0;
	struct vsw_fdb_entry e;
	int steps = 0, ret;
	char mac[18];

	learn_300_age_100();
	while ((ret = vsw_dp_fdb_age_step(t.dp, 16, &removed)) == 1)
		cr_assert_lt(++steps, 1000, "the sweep does not end");
	cr_assert_eq(ret, 0);
	cr_expect_gt(steps, 300 / 16 / 2, "%d steps: not in steps", steps);
	cr_expect_eq(removed, 100);
	cr_expect_eq(learned_of(&t, 0), 200, "the port's learned count follows");
	for (int i = 0; i < 300; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
		cr_expect_eq(fdb_get(&t, 1, mac, &e), i % 3 != 0, "entry %d", i);
	}

	/* Port 0 flushed in the middle: the sweep in steps starts anew. */
	cr_assert_eq(vsw_dp_fdb_flush(t.dp, t.sw[0], 0, false, NULL), 0);
	learn_300_age_100();
	steps = 0;
	while ((ret = vsw_dp_fdb_age_step(t.dp, 16, &removed)) == 1) {
		if (++steps == 3)
			cr_assert_eq(vsw_dp_fdb_flush(t.dp, t.sw[0], 0, false, NULL), 0);
		cr_assert_lt(steps, 1000, "the sweep does not end");
	}
	cr_assert_eq(ret, 0);
	cr_expect_eq(learned_of(&t, 0), 0, "a count from before the flush was stored");
}

Test(fdb, aging_time_is_configurable)
{
	struct vsw_decision dec;
	struct vsw_config cfg;

	cr_assert_eq(vsw_dp_set_aging(t.dp, 10), 0);
	cr_assert_eq(vsw_dp_get_config(t.dp, &cfg), 0);
	cr_assert_eq(cfg.aging_ns, 10 * SEC_NS);
	from_port(0, BCAST, A, NULL);
	fdb_set_last_seen(&t, 1, A, vsw_now_ns() - 9 * SEC_NS);
	from_port(1, A, B, &dec);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	fdb_set_last_seen(&t, 1, A, vsw_now_ns() - 11 * SEC_NS);
	from_port(1, A, B, &dec);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
}

Test(fdb, a_seen_source_refreshes_its_entry)
{
	struct vsw_fdb_entry e;
	__u64 old = vsw_now_ns() - 200 * SEC_NS;

	from_port(0, BCAST, A, NULL);
	fdb_set_last_seen(&t, 1, A, old);
	from_port(0, BCAST, A, NULL);
	cr_assert(fdb_get(&t, 1, A, &e));
	cr_assert_gt(e.last_seen, old + 199 * SEC_NS, "last-seen refreshed");
}

Test(fdb, learn_limit_protects_the_table)
{
	struct vsw_port_cfg cfg;
	struct vsw_decision dec;
	struct vsw_fdb_entry e;

	vsw_port_cfg_init(&cfg);
	cfg.learn_limit = 2;
	cr_assert_eq(vsw_dp_port_set(t.dp, t.sw[0], &cfg), 0);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:01", &dec), XDP_REDIRECT);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:02", &dec), XDP_REDIRECT);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:03", &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_LEARN_LIMIT);
	cr_assert_not(fdb_get(&t, 1, "02:00:00:00:01:03", &e));
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_LEARN_LIMIT], 1);
	cr_assert_eq(learned_of(&t, 0), 2);

	/* Known sources still pass; other ports still learn. */
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:01", &dec), XDP_REDIRECT);
	cr_assert_eq(from_port(1, BCAST, B, &dec), XDP_REDIRECT);
	cr_assert(fdb_get(&t, 1, B, &e));

	/* A MAC moving onto a full port is refused too, and stays put. */
	cr_assert_eq(from_port(0, BCAST, B, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_LEARN_LIMIT);
	cr_assert(fdb_get(&t, 1, B, &e));
	cr_assert_eq(e.ifindex, t.sw[1]);
}

/* Port 0 at a learning limit of 2, with two learned MACs. */
static void fill_to_limit(void)
{
	struct vsw_port_cfg cfg;

	vsw_port_cfg_init(&cfg);
	cfg.learn_limit = 2;
	cr_assert_eq(vsw_dp_port_set(t.dp, t.sw[0], &cfg), 0);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:01", NULL), XDP_REDIRECT);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:02", NULL), XDP_REDIRECT);
	cr_assert_eq(learned_of(&t, 0), 2);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:03", NULL), XDP_DROP, "full");
}

Test(fdb, a_static_entry_over_a_learned_one_releases_its_ports_charge)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;
	__u8 mac[6];

	fill_to_limit();
	cr_assert_eq(from_port(1, BCAST, B, NULL), XDP_REDIRECT);
	/* One of port 0's MACs made static on port 1. */
	mac_parse("02:00:00:00:01:01", mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[1]), 0);
	cr_assert_eq(learned_of(&t, 0), 1, "port 0 is charged for one MAC now");
	cr_assert_eq(learned_of(&t, 1), 1, "port 1's learned B only: a static is free");
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:03", &dec), XDP_REDIRECT,
		     "port 0 learns again");
	cr_assert(dec.flags & VSW_DEC_F_LEARNED);
	cr_assert(fdb_get(&t, 1, "02:00:00:00:01:03", &e));
	cr_assert_eq(e.ifindex, t.sw[0]);
	cr_assert_eq(learned_of(&t, 0), 2);

	/* Static over static, or over nothing: no charge moves. */
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	cr_assert_eq(learned_of(&t, 0), 2);
	cr_assert_eq(learned_of(&t, 1), 1);
	/* and a sweep finds the same counts */
	cr_assert_eq(vsw_dp_fdb_age(t.dp, NULL), 0);
	cr_assert_eq(learned_of(&t, 0), 2);
	cr_assert_eq(learned_of(&t, 1), 1);
}

Test(fdb, deleting_a_learned_entry_releases_its_ports_charge)
{
	__u8 mac[6];

	fill_to_limit();
	mac_parse("02:00:00:00:01:02", mac);
	cr_assert_eq(vsw_dp_fdb_del(t.dp, 1, mac), 0);
	cr_assert_eq(learned_of(&t, 0), 1);
	cr_assert_eq(from_port(0, BCAST, "02:00:00:00:01:03", NULL), XDP_REDIRECT,
		     "port 0 learns again");
	cr_assert_eq(learned_of(&t, 0), 2);
	/* A static entry deleted: no charge is taken off. */
	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	cr_assert_eq(vsw_dp_fdb_del(t.dp, 1, mac), 0);
	cr_assert_eq(learned_of(&t, 0), 2);
	cr_assert_eq(vsw_dp_fdb_del(t.dp, 1, mac), -ENOENT, "gone");
}

Test(fdb, a_release_during_a_sweep_in_steps_is_not_undone_by_it)
{
	unsigned int removed;
	__u8 mac[6];
	int ret;

	fill_to_limit();
	/* Many entries, so that the sweep takes several steps. */
	for (int i = 0; i < 3000; i++) {
		char m[18];

		snprintf(m, sizeof(m), "02:00:00:01:%02x:%02x", i >> 8, i & 0xff);
		fdb_put_raw(&t, 1, m, t.sw[2], VSW_FDB_F_STATIC);
	}
	/* All but about two of the 3002 entries walked: port 0's were
	 * counted, most likely. */
	cr_assert_eq(vsw_dp_fdb_age_step(t.dp, 3000, &removed), 1, "a sweep under way");
	mac_parse("02:00:00:00:01:01", mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[1]), 0);
	cr_assert_eq(learned_of(&t, 0), 1);
	while ((ret = vsw_dp_fdb_age_step(t.dp, 64, &removed)) == 1)
		;
	cr_assert_eq(ret, 0);
	cr_assert_eq(learned_of(&t, 0), 1, "the sweep kept the release");
}

Test(fdb, learning_off_learns_nothing)
{
	struct vsw_port_cfg cfg;
	struct vsw_fdb_entry e;

	vsw_port_cfg_init(&cfg);
	cfg.no_learning = true;
	cr_assert_eq(vsw_dp_port_set(t.dp, t.sw[0], &cfg), 0);
	cr_assert_eq(from_port(0, BCAST, A, NULL), XDP_REDIRECT);
	cr_assert_not(fdb_get(&t, 1, A, &e));
}

Test(fdb, never_back_out_of_the_ingress_port)
{
	struct vsw_decision dec;
	__u8 mac[6];

	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	cr_assert_eq(from_port(0, C, A, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_HAIRPIN);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_HAIRPIN], 1);
}

Test(fdb, unicast_to_a_down_port_is_link_down)
{
	struct vsw_decision dec;
	__u8 mac[6];

	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[2]), 0);
	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[2], false), 0);
	cr_assert_eq(from_port(0, C, A, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_LINK_DOWN);
	cr_assert_eq(port_stats(&t, 2).drops[VSW_DROP_LINK_DOWN], 1, "charged to the dest");
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_LINK_DOWN], 0);
}

Test(fdb, link_down_flushes_learned_entries)
{
	struct vsw_fdb_entry e;

	from_port(2, BCAST, C, NULL);
	cr_assert(fdb_get(&t, 1, C, &e));
	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[2], false), 0);
	cr_assert_not(fdb_get(&t, 1, C, &e));
	cr_assert_eq(learned_of(&t, 2), 0);
}

Test(fdb, unicast_to_a_port_outside_the_vlan_is_filtered)
{
	struct vsw_decision dec;
	__u8 mac[6];

	/* A static entry may point at a port that is not in its VLAN. */
	tenv_port_access(&t, 2, 20);
	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[2]), 0);
	cr_assert_eq(from_port(0, C, A, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_VLAN_FILTER);
	cr_assert_eq(port_stats(&t, 2).drops[VSW_DROP_VLAN_FILTER], 1);
}

Test(fdb, entry_to_a_removed_port_is_no_port)
{
	struct vsw_decision dec;
	struct vsw_fdb_entry e;
	__u8 mac[6];

	from_port(2, BCAST, C, NULL);
	mac_parse(A, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[2]), 0);
	cr_assert_eq(vsw_dp_port_del(t.dp, t.sw[2]), 0);
	cr_assert_not(fdb_get(&t, 1, C, &e), "dynamic entries go with the port");
	cr_assert_not(fdb_get(&t, 1, A, &e), "static ones too");

	/* An entry pointing at a netdev that is not a port (written behind
	 * the library's back) is dropped, not forwarded. */
	fdb_put_raw(&t, 1, A, t.host[0], VSW_FDB_F_STATIC);
	cr_assert_eq(from_port(0, A, B, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_NO_PORT);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_NO_PORT], 1);
}

Test(fdb, flush_by_port_keeps_others_and_statics)
{
	struct vsw_fdb_entry e;
	unsigned int removed = 0;
	__u8 mac[6];

	from_port(0, BCAST, A, NULL);
	from_port(1, BCAST, B, NULL);
	mac_parse(C, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	cr_assert_eq(vsw_dp_fdb_flush(t.dp, t.sw[0], 0, false, &removed), 0);
	cr_assert_eq(removed, 1);
	cr_assert_not(fdb_get(&t, 1, A, &e));
	cr_assert(fdb_get(&t, 1, B, &e));
	cr_assert(fdb_get(&t, 1, C, &e));
	cr_assert_eq(learned_of(&t, 0), 0);
	cr_assert_eq(learned_of(&t, 1), 1);
}

/* The walk in parts (a dump to a slow reader): with entries deleted and
 * added between parts, every entry that stayed is seen exactly once. */
struct walk_seen {
	unsigned char count[4096];
	int total;
};

static int walk_count(const struct vsw_fdb_key *k, const struct vsw_fdb_entry *e, __u64 age,
		      void *ctx)
{
	struct walk_seen *w = ctx;

	w->count[(k->mac[4] << 8 | k->mac[5]) % 4096]++;
	w->total++;
	return 0;
}

Test(fdb, a_walk_in_parts_sees_each_staying_entry_once)
{
	static struct walk_seen w;
	struct vsw_fdb_cursor cur = { 0 };
	__u8 mac[6] = { 0x02, 0, 0, 0, 0, 0 };
	int parts = 0;

	for (int i = 0; i < 3000; i++) {
		mac[4] = i >> 8;
		mac[5] = i & 0xff;
		cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]), 0);
	}
	while (!cur.done) {
		cr_assert_eq(vsw_dp_fdb_walk(t.dp, &cur, 64, walk_count, &w), 0);
		/* Between parts: remove some entries (odd ones), add new. */
		for (int i = parts * 37 % 3000 | 1; i < 3000; i += 302) {
			mac[4] = i >> 8;
			mac[5] = i & 0xff;
			vsw_dp_fdb_del(t.dp, 1, mac);
		}
		mac[4] = (3000 + parts) >> 8;
		mac[5] = (3000 + parts) & 0xff;
		vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[0]);
		parts++;
		cr_assert_lt(parts, 1000, "the walk does not end");
	}
	cr_expect_gt(parts, 3000 / 64 / 2, "%d parts: not in parts", parts);
	for (int i = 0; i < 3000; i += 2)
		cr_expect_eq(w.count[i], 1, "entry %d seen %d times", i, w.count[i]);
	for (int i = 0; i < 4096; i++)
		cr_expect_leq(w.count[i], 1, "entry %d seen %d times", i, w.count[i]);
}
