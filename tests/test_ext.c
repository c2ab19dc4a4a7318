// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Extension slots: real extension objects (bpf/ext/, tests/bpf/ext_*)
 * loaded into a switch, frames run through vsw_ingress with
 * BPF_PROG_TEST_RUN (or sent through the veths, to run egress), verdicts,
 * bytes and counters checked; and every refusal of the loader, with the pipeline
 * left as it was.
 *
 *   h0 -- sw0 \              access 10
 *   h1 -- sw1  } switch "t"  access 10
 *   h2 -- sw2  |             access 20
 *   h3 -- sw3 /              access 10
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "ext.h"
#include "test_macs.h"
#include "testlib.h"

#ifndef VSW_BUILD_DIR
#error "VSW_BUILD_DIR: the absolute build directory (the Makefile sets it)"
#endif
#define SAMPLE VSW_BUILD_DIR "/ext/sample.bpf.o"
#define DROP_TYPE VSW_BUILD_DIR "/ext/drop_ethertype.bpf.o"
#define STEER VSW_BUILD_DIR "/ext/steer_mac.bpf.o"
#define TESTEXT VSW_BUILD_DIR "/tests/bpf/ext_test.bpf.o"
#define NOABI VSW_BUILD_DIR "/tests/bpf/ext_noabi.bpf.o"
#define CALLBACK VSW_BUILD_DIR "/tests/bpf/ext_callback.bpf.o"

#define PAYLOAD 60

TENV_SUITE(ext, 4, ext_ports);
static struct vsw_err err;

/* The ports as every test of the suite starts with them. */
static void ext_ports(void)
{
	tenv_port_access(&t, 0, 10);
	tenv_port_access(&t, 1, 10);
	tenv_port_access(&t, 2, 20);
	tenv_port_access(&t, 3, 10);
}

static int add(const char *name, enum vsw_ext_kind kind, enum vsw_ext_stage stage,
	       const char *object, const char *program, __u32 priority, const char *params)
{
	struct vsw_ext_spec spec = {
		.name = name, .kind = kind, .stage = stage, .object = object,
		.program = program, .priority = priority, .params = params,
	};

	memset(&err, 0, sizeof(err));
	return vsw_ext_add(t.dp, &spec, &err);
}

static void must_add(const char *name, enum vsw_ext_kind kind, enum vsw_ext_stage stage,
		     const char *object, const char *program, __u32 priority, const char *params)
{
	int ret = add(name, kind, stage, object, program, priority, params);

	cr_assert_eq(ret, 0, "add extension %s: %s (%s)", name, err.msg, strerror(-ret));
}

static struct vsw_ext_stats stats_of(const char *name)
{
	struct vsw_ext_stats st;
	__u32 id;

	cr_assert_eq(vsw_ext_find(t.dp, name, &id, NULL), 0, "extension %s is loaded", name);
	cr_assert_eq(vsw_ext_stats_get(t.dp, id, &st), 0, "stats of %s", name);
	return st;
}

/* Frame with a zeroed payload start, where the stamp filter counts. */
static void frame(struct frame *f, const char *dst, const char *src, __u16 type)
{
	frame_build(f, dst, src, -1, 0, type, PAYLOAD);
	memset(f->data + 14, 0, 17);
}

/* The payload of a frame ingress let go: behind a tag if it has one (a
 * flood leaves ingress as it came, its VLAN in the XDP metadata). */
static const __u8 *payload(const struct frame *f)
{
	return f->data + (frame_tpid(f) == 0x8100 ? 18 : 14);
}

/* ---- filter ---- */

Test(ext, filter_drops_its_ethertype_with_its_reason)
{
	struct vsw_decision dec;
	struct vsw_port_stats ps;
	struct vsw_ext_stats st;
	struct frame f;

	must_add("no-v6", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE, "drop_ethertype_in",
		 0, "ethertype=0x86dd reason=3");
	frame(&f, BCAST, A, 0x86dd);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP, "IPv6 frame dropped");
	cr_assert_eq(dec.verdict, VSW_V_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_EXTENSION, "reason %u", dec.reason);
	frame(&f, BCAST, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_REDIRECT, "IPv4 frame passes");
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);

	st = stats_of("no-v6");
	cr_assert_eq(st.runs, 2, "runs %llu", (unsigned long long)st.runs);
	cr_assert_eq(st.drops, 1, "drops %llu", (unsigned long long)st.drops);
	cr_assert_eq(st.reasons[3], 1, "reason 3 counted");
	ps = port_stats(&t, 0);
	cr_assert_eq(ps.drops[VSW_DROP_EXTENSION], 1, "port drop counted as 'extension'");
	cr_assert_eq(ps.rx_packets, 2, "both frames received once");

	cr_assert_eq(vsw_ext_del(t.dp, "no-v6"), 0);
	frame(&f, BCAST, A, 0x86dd);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, NULL), XDP_REDIRECT, "deleted: IPv6 passes");
	cr_assert_eq(vsw_ext_find(t.dp, "no-v6", NULL, NULL), -ENOENT);
}

/* Three stamping filters: the frame lists them in priority order, then
 * the name breaks a tie; a deleted one leaves the others in order. */
Test(ext, a_slot_runs_by_priority_then_name)
{
	struct frame f, out;

	must_add("s30", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", 30, "mark=30");
	must_add("s10", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", 10, "mark=10");
	must_add("s20b", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", 20, "mark=22");
	must_add("s20a", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", 20, "mark=21");
	frame(&f, BCAST, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, &out, NULL), XDP_REDIRECT);
	cr_assert_eq(payload(&out)[0], 4, "4 stamps, got %u", payload(&out)[0]);
	cr_assert_eq(payload(&out)[1], 10);
	cr_assert_eq(payload(&out)[2], 21);
	cr_assert_eq(payload(&out)[3], 22);
	cr_assert_eq(payload(&out)[4], 30);

	cr_assert_eq(vsw_ext_del(t.dp, "s20a"), 0);
	cr_assert_eq(run_ingress(&t, 0, &f, &out, NULL), XDP_REDIRECT);
	cr_assert_eq(payload(&out)[0], 3, "3 stamps after a delete, got %u", payload(&out)[0]);
	cr_assert_eq(payload(&out)[1], 10);
	cr_assert_eq(payload(&out)[2], 22);
	cr_assert_eq(payload(&out)[3], 30);
}

/* ---- forward ---- */

static void learn(int port, const char *mac)
{
	struct frame f;

	frame(&f, BCAST, mac, 0x0800);
	cr_assert_eq(run_ingress(&t, port, &f, NULL, NULL), XDP_REDIRECT, "learn %s", mac);
}

static char *steer_params(const char *mac, int port)
{
	static char buf[96];

	snprintf(buf, sizeof(buf), "mac=%s port=%u", mac, t.sw[port]);
	return buf;
}

Test(ext, forward_sends_a_mac_to_its_port_regardless_of_the_fdb)
{
	struct vsw_decision dec;
	struct frame f;

	learn(1, B); /* the FDB says B is behind port 1 */
	must_add("to3", VSW_EXT_KIND_FORWARD, VSW_EXT_INGRESS, STEER, NULL, 0,
		 steer_params(B, 3));
	frame(&f, B, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.verdict, VSW_V_UNICAST);
	cr_assert_eq(dec.out_ifindex, t.sw[3], "to port 3, not %u", dec.out_ifindex);
	cr_assert(dec.flags & VSW_DEC_F_EXT_FWD, "decision says an extension chose");

	/* Another MAC: the extension has no opinion, the FDB decides. */
	learn(1, C);
	frame(&f, C, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_REDIRECT);
	cr_assert_eq(dec.out_ifindex, t.sw[1]);
	cr_assert_not(dec.flags & VSW_DEC_F_EXT_FWD);
	cr_assert_eq(stats_of("to3").forwards, 1);
}

/* The switch's own rules apply to the port an extension chose. */
Test(ext, forward_choice_still_meets_the_switch_policies)
{
	struct vsw_decision dec;
	struct frame f;

	must_add("to2", VSW_EXT_KIND_FORWARD, VSW_EXT_INGRESS, STEER, NULL, 0,
		 steer_params(B, 2));
	frame(&f, B, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP, "VLAN 20 port for VLAN 10");
	cr_assert_eq(dec.reason, VSW_DROP_VLAN_FILTER, "reason %u", dec.reason);
	cr_assert_eq(port_stats(&t, 2).drops[VSW_DROP_VLAN_FILTER], 1, "charged to port 2");

	cr_assert_eq(vsw_ext_del(t.dp, "to2"), 0);
	must_add("to0", VSW_EXT_KIND_FORWARD, VSW_EXT_INGRESS, STEER, NULL, 0,
		 steer_params(B, 0));
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP, "back out of port 0");
	cr_assert_eq(dec.reason, VSW_DROP_HAIRPIN, "reason %u", dec.reason);

	cr_assert_eq(vsw_ext_del(t.dp, "to0"), 0);
	must_add("to1", VSW_EXT_KIND_FORWARD, VSW_EXT_INGRESS, STEER, NULL, 0,
		 steer_params(B, 1));
	cr_assert_eq(vsw_dp_port_set_link(t.dp, t.sw[1], false), 0);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP, "to a down port");
	cr_assert_eq(dec.reason, VSW_DROP_LINK_DOWN, "reason %u", dec.reason);
}

/* ---- capture ---- */

struct got {
	struct vsw_ext_sample s[4];
	int n;
};

static int keep_sample(const struct vsw_ext_sample *s, void *ctx)
{
	struct got *g = ctx;

	if (g->n < 4)
		g->s[g->n] = *s;
	g->n++;
	return 0;
}

Test(ext, capture_samples_frames_before_the_filters_change_them)
{
	struct got g = { 0 };
	struct frame f, out;
	unsigned int taken;

	must_add("tap", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, SAMPLE, "sample_ingress", 0,
		 "every=2");
	must_add("st", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", 0, "mark=7");
	frame(&f, BCAST, A, 0x0800);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(run_ingress(&t, 0, &f, &out, NULL), XDP_REDIRECT);
	cr_assert_eq(payload(&out)[1], 7, "the filter ran after the capture");
	cr_assert_eq(vsw_ext_samples(t.dp, "tap", 10, keep_sample, &g, &taken), 0);
	cr_assert_eq(taken, 2, "1 in 2 of 4 frames sampled, got %u", taken);
	cr_assert_eq(g.s[0].in_ifindex, t.sw[0]);
	cr_assert_eq(g.s[0].vid, 10);
	cr_assert_eq(g.s[0].stage, VSW_EXT_INGRESS);
	cr_assert_eq(g.s[0].len, f.len);
	cr_assert_eq(g.s[0].cap_len, f.len);
	cr_assert_eq(memcmp(g.s[0].data, f.data, f.len), 0, "the frame as it arrived");
	cr_assert_eq(stats_of("tap").runs, 4);
	cr_assert_eq(vsw_ext_samples(t.dp, "tap", 10, keep_sample, &g, &taken), 0);
	cr_assert_eq(taken, 0, "the ring was emptied");
	cr_assert_eq(vsw_ext_samples(t.dp, "st", 10, keep_sample, &g, &taken), -ENOENT,
		     "a filter without a sample ring");
}

/*
 * A port in generic XDP runs vsw_ingress_skb, whose ingress extensions
 * are a second, single-buffer copy of each (vsw_ext_in_skb): the same
 * extension still, with one set of maps, parameters and counters.
 */
Test(ext, ingress_extensions_run_on_generic_ports_with_one_state)
{
	struct got g = { 0 };
	struct frame f;
	unsigned int taken;

	tenv_port_skb(&t, 0, 10);
	tenv_hosts_open(&t);
	must_add("tap", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, SAMPLE, "sample_ingress", 0,
		 "every=2");
	must_add("no-v6", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE, "drop_ethertype_in",
		 0, "ethertype=0x86dd reason=3");

	/* Generic, native, generic, native: with one counter of frames seen
	 * (the extension's map) the 2nd and 4th are sampled, both from the
	 * native port; with a counter per copy, one from each port. */
	frame(&f, BCAST, A, 0x0800);
	for (int i = 0; i < 2; i++) {
		send_frame(&t, 0, &f);
		expect_host_frame(&t, 1, &f);
		send_frame(&t, 3, &f);
		expect_host_frame(&t, 1, &f);
	}
	drain_hosts(&t);
	cr_assert_eq(stats_of("tap").runs, 4, "runs %llu", (unsigned long long)stats_of("tap").runs);
	cr_assert_eq(vsw_ext_samples(t.dp, "tap", 10, keep_sample, &g, &taken), 0);
	cr_assert_eq(taken, 2, "1 in 2 of 4 frames sampled, got %u", taken);
	cr_assert(g.s[0].in_ifindex == t.sw[3] && g.s[1].in_ifindex == t.sw[3],
		  "the copies share their counter: samples from %u and %u", g.s[0].in_ifindex,
		  g.s[1].in_ifindex);

	frame(&f, BCAST, A, 0x86dd);
	send_frame(&t, 0, &f);
	expect_host_nothing(&t, 1);
	cr_assert_eq(stats_of("no-v6").drops, 1, "dropped by the generic port's copy");
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_EXTENSION], 1);

	/* Deleted: out of both arrays. */
	cr_assert_eq(vsw_ext_del(t.dp, "no-v6"), 0);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
}

Test(ext, a_capture_cannot_drop)
{
	struct vsw_decision dec;
	struct vsw_ext_stats st;
	struct frame f;

	must_add("greedy", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, TESTEXT, "greedy", 0, NULL);
	frame(&f, BCAST, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_REDIRECT, "its drop is ignored");
	st = stats_of("greedy");
	cr_assert_eq(st.runs, 1);
	cr_assert_eq(st.drops, 0);
	cr_assert_eq(st.violations, 1, "counted as a violation");

	/* The same program as a filter is obeyed. */
	must_add("greedy-f", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "greedy", 0, NULL);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP);
	cr_assert_eq(stats_of("greedy-f").reasons[2], 1);
}

/* A callback (bpf_loop's here) runs the extension's code too: one that
 * writes the frame is refused as a capture, one that only reads is not. */
Test(ext, a_capture_cannot_write_from_a_callback)
{
	struct frame f, out;

	/* As a filter it may write: the callback really changes the frame. */
	must_add("cb-f", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, CALLBACK, "loop_write", 0, NULL);
	frame(&f, BCAST, A, 0x0800);
	cr_assert_eq(run_ingress(&t, 0, &f, &out, NULL), XDP_REDIRECT);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(out.data[14 + i], 0xcb, "byte %d written by the callback: %#x",
			     14 + i, out.data[14 + i]);
	cr_assert_eq(vsw_ext_del(t.dp, "cb-f"), 0);

	memset(&err, 0, sizeof(err));
	cr_assert_eq(add("cb", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, CALLBACK, "loop_write", 0,
			 NULL), -EPERM, "a capture writing from its callback is refused: %s",
		     err.msg);
	cr_assert(strstr(err.msg, "may store into it"), "%s", err.msg);
	cr_assert_eq(vsw_ext_find(t.dp, "cb", NULL, NULL), -ENOENT);

	must_add("cb-r", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, CALLBACK, "loop_read", 0, NULL);
	cr_assert_eq(run_ingress(&t, 0, &f, &out, NULL), XDP_REDIRECT);
	cr_assert_eq(memcmp(out.data, f.data, f.len), 0, "the reading capture changed nothing");
}

/* ---- refusals: each says why, and the pipeline stays as it was ---- */

static void expect_refused(int ret, int code, const char *needle)
{
	cr_assert_eq(ret, code, "refused with %d, got %d (%s)", code, ret, err.msg);
	cr_assert(strstr(err.msg, needle), "message '%s' says '%s'", err.msg, needle);
}

Test(ext, refusals_leave_the_pipeline_untouched)
{
	struct vsw_ext_cfg before, after;
	int cfg_fd;
	struct vsw_dp_ext_fds fds;
	__u32 zero = 0;
	struct frame f;

	must_add("no-v6", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE, "drop_ethertype_in",
		 0, NULL);
	vsw_dp_ext_fds(t.dp, &fds);
	cfg_fd = fds.cfg;
	cr_assert_eq(bpf_map_lookup_elem(cfg_fd, &zero, &before), 0);

	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "unchecked", 0,
			   NULL), -EACCES, "invalid access to packet");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "no_return", 0,
			   NULL), -EPROTO, "never returns to the switch");
	expect_refused(add("bad", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, TESTEXT, "stamp", 0,
			   NULL), -EPERM, "may store into it");
	expect_refused(add("bad", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, TESTEXT, "sneaky_write",
			   0, NULL), -EPERM, "may store into it");
	expect_refused(add("bad", VSW_EXT_KIND_CAPTURE, VSW_EXT_INGRESS, TESTEXT, "adjusts", 0,
			   NULL), -EPERM, "bpf_xdp_adjust_head");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, NOABI, NULL, 0, NULL),
		       -EPROTO, "VSW_EXT_DECLARE_ABI");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE,
			   "drop_ethertype_out", 0, NULL), -EINVAL, "plain XDP program");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_EGRESS, DROP_TYPE,
			   "drop_ethertype_in", 0, NULL), -EINVAL, "devmap program");
	expect_refused(add("bad", VSW_EXT_KIND_FORWARD, VSW_EXT_EGRESS, STEER, NULL, 0, NULL),
		       -EINVAL, "ingress only");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE, NULL, 0,
			   NULL), -EINVAL, "name one with 'program NAME'");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE, "nosuch", 0,
			   NULL), -ENOENT, "has no program 'nosuch'");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE,
			   "drop_ethertype_in", 0, "nosuch=1"), -ENOENT, "no global variable");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE,
			   "drop_ethertype_in", 0, "ethertype=70000"), -ERANGE, "does not fit");
	expect_refused(add("bad", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, "/nonexistent.bpf.o",
			   NULL, 0, NULL), -ENOENT, "cannot open");
	expect_refused(add("no-v6", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, DROP_TYPE,
			   "drop_ethertype_in", 0, NULL), -EEXIST, "exists");

	/* sneaky_write is a fine filter: the check is for captures only. */
	must_add("sneaky", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "sneaky_write", 0, NULL);
	cr_assert_eq(vsw_ext_del(t.dp, "sneaky"), 0);

	cr_assert_eq(bpf_map_lookup_elem(cfg_fd, &zero, &after), 0);
	cr_assert_eq(after.mask, before.mask, "slot mask unchanged");
	cr_assert_eq(vsw_ext_find(t.dp, "bad", NULL, NULL), -ENOENT, "nothing called 'bad'");
	frame(&f, BCAST, A, 0x86dd);
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, NULL), XDP_DROP, "the filter still runs");
	cr_assert_eq(stats_of("no-v6").runs, 1);
}

Test(ext, a_slot_holds_at_most_its_share)
{
	char name[16];
	int i;

	for (i = 0; i < VSW_EXT_PER_SLOT; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		must_add(name, VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", i, NULL);
	}
	expect_refused(add("one-more", VSW_EXT_KIND_FILTER, VSW_EXT_INGRESS, TESTEXT, "stamp", 0,
			   NULL), -ENOSPC, "its maximum");
}

/* ---- egress, through the veths ---- */

Test(ext, egress_filter_and_capture_run_once_per_destination)
{
	struct got g = { 0 };
	struct frame f, got;
	unsigned int taken;

	tenv_hosts_open(&t);
	must_add("out-v6", VSW_EXT_KIND_FILTER, VSW_EXT_EGRESS, DROP_TYPE, "drop_ethertype_out",
		 0, NULL);
	must_add("out-tap", VSW_EXT_KIND_CAPTURE, VSW_EXT_EGRESS, SAMPLE, "sample_egress", 0,
		 "every=1");

	frame(&f, BCAST, A, 0x86dd);
	send_frame(&t, 0, &f);
	expect_host_nothing(&t, 1);
	expect_host_nothing(&t, 3);
	cr_assert_eq(port_stats(&t, 1).drops[VSW_DROP_EXTENSION], 1, "dropped towards port 1");
	cr_assert_eq(port_stats(&t, 3).drops[VSW_DROP_EXTENSION], 1, "dropped towards port 3");
	cr_assert_eq(port_stats(&t, 1).tx_packets, 0);

	frame(&f, BCAST, A, 0x0800);
	send_frame(&t, 0, &f);
	cr_assert(recv_host(&t, 1, &got, T_WAIT_MS), "h1 gets IPv4");
	cr_assert_eq(got.len, f.len);
	cr_assert_eq(memcmp(got.data, f.data, f.len), 0, "untagged, unchanged");
	cr_assert(recv_host(&t, 3, &got, T_WAIT_MS), "h3 gets IPv4");
	expect_host_nothing(&t, 2);

	/* The capture saw each copy: 2 destinations x 2 frames (VLAN 20's
	 * port 2 pruned before the slots). */
	cr_assert_eq(vsw_ext_samples(t.dp, "out-tap", 10, keep_sample, &g, &taken), 0);
	cr_assert_eq(taken, 4, "4 samples, got %u", taken);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(g.s[i].stage, VSW_EXT_EGRESS);
		cr_assert_eq(g.s[i].in_ifindex, t.sw[0]);
		cr_assert(g.s[i].out_ifindex == t.sw[1] || g.s[i].out_ifindex == t.sw[3],
			  "destination %u", g.s[i].out_ifindex);
		cr_assert_eq(g.s[i].cap_len, f.len, "untagged as it leaves");
	}
	cr_assert_eq(stats_of("out-v6").drops, 2);
	cr_assert_eq(stats_of("out-v6").runs, 4);
}

Test(ext, egress_filters_run_in_order_on_each_copy)
{
	struct frame f, got;

	tenv_hosts_open(&t);
	must_add("b", VSW_EXT_KIND_FILTER, VSW_EXT_EGRESS, TESTEXT, "stamp_out", 5, "mark=2");
	must_add("a", VSW_EXT_KIND_FILTER, VSW_EXT_EGRESS, TESTEXT, "stamp_out", 1, "mark=1");
	frame(&f, BCAST, A, 0x0800);
	send_frame(&t, 0, &f);
	for (int h = 1; h <= 3; h += 2) {
		cr_assert(recv_host(&t, h, &got, T_WAIT_MS), "h%d received", h);
		cr_assert_eq(got.data[14], 2, "h%d: 2 stamps", h);
		cr_assert_eq(got.data[15], 1);
		cr_assert_eq(got.data[16], 2);
	}
}

/* Egress extensions see a port mirroring copy as one (VSW_EXT_F_MIRROR),
 * and the switch still counts it as mirrored after they answer. */
Test(ext, egress_extensions_tell_mirror_copies)
{
	struct frame f, got;

	tenv_hosts_open(&t);
	frame(&f, BCAST, A, 0x0800);
	send_frame(&t, 0, &f); /* A lives behind port 0 */
	drain_hosts(&t);
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[2], VSW_MIRROR_DST), 0);
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[1], VSW_MIRROR_OUT), 0);
	must_add("mark", VSW_EXT_KIND_FILTER, VSW_EXT_EGRESS, TESTEXT, "mark_mirror_out", 0, NULL);

	frame(&f, A, B, 0x0800);
	send_frame(&t, 1, &f);
	cr_assert(recv_host(&t, 0, &got, T_WAIT_MS), "h0 gets the unicast");
	cr_assert_eq(got.data[14], '-', "the delivery is no mirror copy");
	cr_assert(recv_host(&t, 2, &got, T_WAIT_MS), "h2, the mirror destination, gets a copy");
	cr_assert_eq(got.data[14], 'M', "the copy is marked as one");
	expect_host_nothing(&t, 2);
	expect_host_nothing(&t, 3);
	cr_assert_eq(port_stats(&t, 2).mirrored, 1);
	cr_assert_eq(port_stats(&t, 2).tx_packets, 1);
	cr_assert_eq(port_stats(&t, 0).mirrored, 0);
}

/* A known unicast is finished by ingress, with no egress program, unless
 * an egress slot has extensions: then it goes out through egress, so
 * they see it (and may drop it) like any flooded copy. */
Test(ext, egress_extensions_see_known_unicast)
{
	struct got g = { 0 };
	struct frame f, got;
	unsigned int taken;

	tenv_hosts_open(&t);
	frame(&f, BCAST, A, 0x0800);
	send_frame(&t, 0, &f); /* A lives behind port 0 */
	drain_hosts(&t);
	must_add("out-tap", VSW_EXT_KIND_CAPTURE, VSW_EXT_EGRESS, SAMPLE, "sample_egress", 0,
		 "every=1");
	must_add("out-v6", VSW_EXT_KIND_FILTER, VSW_EXT_EGRESS, DROP_TYPE, "drop_ethertype_out",
		 0, NULL);

	frame(&f, A, B, 0x0800);
	send_frame(&t, 1, &f);
	cr_assert(recv_host(&t, 0, &got, T_WAIT_MS), "h0 gets the unicast");
	cr_assert_eq(got.len, f.len);
	cr_assert_eq(memcmp(got.data, f.data, f.len), 0, "untagged, unchanged");
	expect_host_nothing(&t, 3);
	cr_assert_eq(vsw_ext_samples(t.dp, "out-tap", 10, keep_sample, &g, &taken), 0);
	cr_assert_eq(taken, 1, "one copy, one sample: %u", taken);
	cr_assert_eq(g.s[0].out_ifindex, t.sw[0]);
	cr_assert_eq(g.s[0].in_ifindex, t.sw[1]);

	frame(&f, A, B, 0x86dd);
	send_frame(&t, 1, &f);
	expect_host_nothing(&t, 0);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_EXTENSION], 1, "dropped towards port 0");
	cr_assert_eq(port_stats(&t, 0).tx_packets, 1, "only the IPv4 frame went out");
}
