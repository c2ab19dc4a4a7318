// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Jumbo frames through native ports (docs/offloads.md, Jumbo frames):
 * frames through the real devices, as in test_forward.c, with the veths
 * at MTU 9000. A veth hands a native XDP program a frame longer than
 * about 3.5 KB in several buffers (multi-buffer XDP), and only to a
 * program that takes them (vsw_ingress: SEC("xdp.frags")); without one,
 * the kernel refuses an MTU above a page on the peer at all.
 *
 *   h0 -- sw0 \             access 10, MTU 9000
 *   h1 -- sw1  } vsw        access 10, MTU 9000
 *   h2 -- sw2  |            trunk 10, MTU 9000
 *   h3 -- sw3 /             access 10, MTU 4000
 *
 * Every case needs a kernel that redirects multi-buffer frames (Linux
 * 6.3); elsewhere each skips, saying so.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "dp_kernel.h"
#include "testlib.h"

#define A "02:00:00:00:00:0a"
#define B "02:00:00:00:00:0b"
#define C "02:00:00:00:00:0c"
#define D "02:00:00:00:00:0d"
#define BCAST "ff:ff:ff:ff:ff:ff"
#define JUMBO 9000     /* the MTU; a frame of it is 9014 bytes untagged */
#define SMALL_MTU 4000 /* port 3 */
#define ONE_BUFFER 3000 /* fits the first buffer of a veth's XDP frame */

static struct tenv t;

static void setup(void)
{
	if (!vsw_dp_kernel_has_frags())
		return; /* each test skips, saying why */
	tenv_setup(&t, 4);
	tenv_port_access(&t, 0, 10);
	tenv_port_access(&t, 1, 10);
	tenv_port_trunk(&t, 2, "10", 0);
	tenv_port_access(&t, 3, 10);
	tenv_hosts_open(&t);
	for (int i = 0; i < 3; i++)
		tenv_port_mtu(&t, i, JUMBO);
	tenv_port_mtu(&t, 3, SMALL_MTU);
}

static void teardown(void)
{
	tenv_teardown(&t);
}

TestSuite(jumbo, .init = setup, .fini = teardown);

static void need_frags(void)
{
	if (!vsw_dp_kernel_has_frags())
		cr_skip_test("this kernel cannot redirect multi-buffer XDP frames (Linux 6.3 can): "
			     "native ports stay within a page");
}

Test(jumbo, a_unicast_crosses_whole_and_is_counted_in_full)
{
	struct vsw_port_stats in0, out1;
	struct frame f;

	need_frags();
	learn_from(&t, 1, B, -1);
	in0 = port_stats(&t, 0);
	out1 = port_stats(&t, 1);
	frame_build(&f, B, A, -1, 0, 0x0800, JUMBO);
	cr_assert_eq(f.len, 9014);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_nothing(&t, 2);
	cr_assert_eq(port_stats(&t, 0).rx_bytes - in0.rx_bytes, 9014,
		     "rx_bytes counts every buffer: %llu",
		     (unsigned long long)(port_stats(&t, 0).rx_bytes - in0.rx_bytes));
	cr_assert_eq(port_stats(&t, 1).tx_bytes - out1.tx_bytes, 9014,
		     "tx_bytes counts every buffer: %llu",
		     (unsigned long long)(port_stats(&t, 1).tx_bytes - out1.tx_bytes));
	cr_assert_eq(port_stats(&t, 1).tx_packets - out1.tx_packets, 1);
}

/* The tag goes in and out of the first buffer; the rest follows. */
Test(jumbo, a_trunk_gets_its_tag_and_an_access_port_loses_it)
{
	struct frame in, want;
	__u64 tx2, rx2, tx1;

	need_frags();
	learn_from(&t, 2, C, 10);
	learn_from(&t, 1, B, -1);
	tx2 = port_stats(&t, 2).tx_bytes;
	frame_build(&in, C, A, -1, 0, 0x0800, JUMBO);
	frame_build(&want, C, A, 10, 0, 0x0800, JUMBO);
	send_frame(&t, 0, &in);
	expect_host_frame(&t, 2, &want);
	cr_assert_eq(port_stats(&t, 2).tx_bytes - tx2, 9018, "tagged: 9018 bytes counted");

	rx2 = port_stats(&t, 2).rx_bytes;
	tx1 = port_stats(&t, 1).tx_bytes;
	frame_build(&in, B, C, 10, 0, 0x0800, JUMBO);
	frame_build(&want, B, C, -1, 0, 0x0800, JUMBO);
	send_frame(&t, 2, &in);
	expect_host_frame(&t, 1, &want);
	cr_assert_eq(port_stats(&t, 2).rx_bytes - rx2, 9018);
	cr_assert_eq(port_stats(&t, 1).tx_bytes - tx1, 9014);
}

/* bpf/mtu.h compares the whole frame, not its first buffer (which alone
 * would fit port 3's 4000 bytes, and the kernel would drop the frame
 * behind the switch, uncounted). */
Test(jumbo, the_mtu_check_sees_every_buffer)
{
	struct frame f;

	need_frags();
	learn_from(&t, 3, D, -1);
	frame_build(&f, D, A, -1, 0, 0x0800, SMALL_MTU + 1);
	send_frame(&t, 0, &f);
	expect_host_nothing(&t, 3);
	cr_assert_eq(port_stats(&t, 3).drops[VSW_DROP_MTU], 1);
	frame_build(&f, D, A, -1, 0, 0x0800, SMALL_MTU); /* two buffers, and fits */
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 3, &f);
}

/*
 * XDP copies a frame for each port of a flood by broadcasting it through
 * a devmap, and the kernel cannot copy a multi-buffer frame: the switch
 * drops such a flood, counted on its port, instead of handing it over.
 */
Test(jumbo, a_flood_of_a_multi_buffer_frame_is_dropped_as_jumbo_flood)
{
	struct vsw_port_stats s0;
	struct frame f;

	need_frags();
	s0 = port_stats(&t, 0);
	frame_build(&f, BCAST, A, -1, 0, 0x0806, JUMBO);
	send_frame(&t, 0, &f);
	frame_build(&f, C, A, -1, 0, 0x0800, JUMBO); /* C unknown: a flood too */
	send_frame(&t, 0, &f);
	for (int i = 1; i < 4; i++)
		expect_host_nothing(&t, i);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_JUMBO_FLOOD] -
			     s0.drops[VSW_DROP_JUMBO_FLOOD], 2);
	cr_assert_eq(port_stats(&t, 0).rx_bytes - s0.rx_bytes, 2 * 9014);
	cr_assert_eq(port_stats(&t, 0).flooded, s0.flooded, "no flood left the switch");
}

/* Below the first buffer's size a flood is an ordinary one, MTU 9000 or not. */
Test(jumbo, a_flood_that_fits_one_buffer_reaches_every_port)
{
	struct frame f, tagged;

	need_frags();
	frame_build(&f, BCAST, A, -1, 0, 0x0806, ONE_BUFFER);
	frame_build(&tagged, BCAST, A, 10, 0, 0x0806, ONE_BUFFER);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_frame(&t, 2, &tagged);
	expect_host_frame(&t, 3, &f);
	cr_assert_eq(port_stats(&t, 2).tx_bytes, ONE_BUFFER + 18);
}

/* A mirrored frame is broadcast too: a multi-buffer one goes to its
 * destination alone, and the mirror destination gets no copy. */
Test(jumbo, a_mirrored_jumbo_unicast_is_delivered_without_its_copy)
{
	struct frame f;

	need_frags();
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[3], VSW_MIRROR_DST), 0);
	cr_assert_eq(vsw_dp_port_set_mirror(t.dp, t.sw[0], VSW_MIRROR_OUT), 0);
	learn_from(&t, 1, B, -1);
	frame_build(&f, B, A, -1, 0, 0x0800, JUMBO);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_nothing(&t, 3);
	frame_build(&f, B, A, -1, 0, 0x0800, 100); /* a small one is mirrored */
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_frame(&t, 3, &f);
	cr_assert_eq(port_stats(&t, 3).mirrored, 1);
}

/* A port in generic XDP runs vsw_ingress_skb, which the kernel hands each
 * frame in one buffer; jumbo frames cross between it and native ports. */
Test(jumbo, jumbo_frames_cross_between_native_and_generic_ports)
{
	struct frame f;
	__u64 rx1, tx1;

	need_frags();
	tenv_port_skb(&t, 1, 10);
	cr_assert_eq(vsw_dp_port_set_mtu(t.dp, t.sw[1], JUMBO), 0);

	learn_from(&t, 0, A, -1);
	learn_from(&t, 1, B, -1);
	rx1 = port_stats(&t, 1).rx_bytes;
	tx1 = port_stats(&t, 1).tx_bytes;
	frame_build(&f, A, B, -1, 0, 0x0800, JUMBO);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	frame_build(&f, B, A, -1, 0, 0x0800, JUMBO);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	cr_assert_eq(port_stats(&t, 1).rx_bytes - rx1, 9014);
	cr_assert_eq(port_stats(&t, 1).tx_bytes - tx1, 9014);
}

/*
 * tun transmits redirected XDP frames of one buffer only (no
 * NETDEV_XDP_ACT_NDO_XMIT_SG): the kernel would drop a multi-buffer frame
 * for a TAP behind the switch, so the switch drops it itself, as mtu.
 */
Test(jumbo, a_tap_gets_no_multi_buffer_frame_and_the_switch_counts_it)
{
	struct vsw_port_cfg cfg;
	struct vsw_port_stats s;
	struct vsw_port p;
	struct frame f;
	__u32 tap;

	need_frags();
	cr_assert_eq(system("ip tuntap add dev tap0 mode tap && ip link set tap0 mtu 9000 up"), 0);
	tap = if_nametoindex("tap0");
	cr_assert(tap);
	vsw_port_cfg_init(&cfg);
	cfg.pvid = 10;
	cfg.skb_mode = true; /* as vswd attaches a VM NIC's TAP */
	cr_assert_eq(vsw_dp_port_add(t.dp, tap, &cfg), 0);
	cr_assert_eq(vsw_dp_port_set_mtu(t.dp, tap, JUMBO), 0);
	cr_assert_eq(vsw_dp_port_get(t.dp, tap, &p), 0);
	cr_assert(p.flags & VSW_PORT_F_ONE_BUF, "tap0 flagged as taking one buffer");
	cr_assert_eq(vsw_dp_port_get(t.dp, t.sw[1], &p), 0);
	cr_assert_not(p.flags & VSW_PORT_F_ONE_BUF, "a veth takes several");
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 10, (const __u8[6]){ 2, 0, 0, 0, 0, 0xd }, tap), 0);

	frame_build(&f, D, A, -1, 0, 0x0800, JUMBO);
	send_frame(&t, 0, &f);
	frame_build(&f, D, A, -1, 0, 0x0800, ONE_BUFFER);
	send_frame(&t, 0, &f);
	cr_assert_eq(vsw_dp_port_stats(t.dp, tap, &s), 0);
	cr_assert_eq(s.drops[VSW_DROP_MTU], 1, "the jumbo frame counted as mtu: %llu",
		     (unsigned long long)s.drops[VSW_DROP_MTU]);
	cr_assert_eq(s.tx_packets, 1, "the one-buffer frame sent: %llu",
		     (unsigned long long)s.tx_packets);
}

/* ---- capture: the kernel copies from every buffer ---- */

struct captured {
	struct vsw_capture_hdr h;
	__u8 data[T_FRAME_MAX];
	int n;
};

static void on_record(void *ctx, int cpu, void *data, __u32 size)
{
	struct captured *c = ctx;
	const struct vsw_capture_hdr *h = data;

	if (size < sizeof(*h) || h->caplen > size - sizeof(*h) || h->caplen > sizeof(c->data))
		return;
	c->h = *h;
	memcpy(c->data, h + 1, h->caplen);
	c->n++;
}

Test(jumbo, capture_copies_a_jumbo_frame_whole)
{
	static struct captured c;
	struct perf_buffer *pb;
	char path[256];
	struct frame f;
	int fd;

	need_frags();
	snprintf(path, sizeof(path), "%s/%s", vsw_dp_pin_dir(t.dp), VSW_MAP_CAPTURE);
	fd = bpf_obj_get(path);
	cr_assert_geq(fd, 0, "open %s", path);
	pb = perf_buffer__new(fd, 16, on_record, NULL, &c, NULL);
	cr_assert_not_null(pb, "perf buffer on %s", path);
	learn_from(&t, 1, B, -1);
	cr_assert_eq(vsw_dp_port_set_capture(t.dp, t.sw[0], VSW_PORT_F_CAPTURE_IN), 0);
	frame_build(&f, B, A, -1, 0, 0x0800, JUMBO);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	for (int i = 0; i < 10 && !c.n; i++)
		perf_buffer__poll(pb, 100);
	perf_buffer__free(pb);
	close(fd);
	cr_assert_eq(c.n, 1, "one record: %d", c.n);
	cr_assert_eq(c.h.len, 9014, "len %u", c.h.len);
	cr_assert_eq(c.h.caplen, 9014, "caplen %u: every buffer copied", c.h.caplen);
	cr_assert_eq(memcmp(c.data, f.data, f.len), 0, "the captured bytes are the frame's");
}
