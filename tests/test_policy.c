// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Port policies in the datapath, by BPF_PROG_TEST_RUN: for each policy a
 * frame it must stop and a frame it must let through, with the verdict,
 * the drop reason, the counters and the bytes that come out.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "port_policy.h"
#include "test_macs.h"
#include "testlib.h"

#define MCAST6 "33:33:00:00:00:01"
#define MCAST4 "01:00:5e:00:00:01"

TENV_SUITE(policy, 3, tenv_keep);

static void set_policy(int port, const struct vsw_port_policy *pol)
{
	int err = vsw_dp_port_policy_set(t.dp, t.sw[port], pol);

	cr_assert_eq(err, 0, "policy of sw%d: %s", port, strerror(-err));
}

static void assert_dropped(int action, const struct vsw_decision *dec, unsigned int reason)
{
	cr_assert_eq(action, XDP_DROP, "action %d, want XDP_DROP", action);
	cr_assert_eq(dec->verdict, VSW_V_DROP, "verdict %u, want a drop", dec->verdict);
	cr_assert_eq(dec->reason, reason, "reason %s, want %s", vsw_drop_reason_name(dec->reason),
		     vsw_drop_reason_name(reason));
}

static void assert_passed(int action, const struct vsw_decision *dec)
{
	cr_assert_neq(action, XDP_DROP, "dropped (%s)", vsw_drop_reason_name(dec->reason));
	cr_assert_neq(dec->verdict, VSW_V_DROP);
}

/* ---- frames with an IP payload ---- */

/* Append bytes to a frame built by frame_build(.., payload_len 0). */
static void put(struct frame *f, const void *p, size_t n)
{
	cr_assert_leq(f->len + n, sizeof(f->data));
	memcpy(f->data + f->len, p, n);
	f->len += n;
}

static void put_ipv4(struct frame *f, __u8 proto, __u16 l4_len)
{
	__u8 ip[20] = { 0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto };
	__be16 total = htons(20 + l4_len);

	memcpy(ip + 2, &total, 2);
	ip[12] = 10, ip[15] = 1;  /* 10.0.0.1 */
	ip[16] = 10, ip[19] = 2;  /* 10.0.0.2 */
	put(f, ip, sizeof(ip));
}

/* nexthdr, then a fixed payload length: the guards do not check it. */
static void put_ipv6(struct frame *f, __u8 nexthdr, __u16 payload)
{
	__u8 ip[40] = { 0x60 };
	__be16 len = htons(payload);

	memcpy(ip + 4, &len, 2);
	ip[6] = nexthdr;
	ip[7] = 255;
	ip[8] = 0xfe, ip[9] = 0x80, ip[23] = 1; /* fe80::1 */
	ip[24] = 0xff, ip[25] = 0x02, ip[39] = 1; /* ff02::1 */
	put(f, ip, sizeof(ip));
}

static void put_udp(struct frame *f, __u16 sport, __u16 dport, const __u8 *payload, size_t n)
{
	__be16 h[4] = { htons(sport), htons(dport), htons(8 + n), 0 };

	put(f, h, sizeof(h));
	put(f, payload, n);
}

/* A DHCPv4 message: BOOTP op (1 request, 2 reply), from sport to dport. */
static void dhcp4(struct frame *f, const char *src, int vid, __u8 op, __u16 sport, __u16 dport)
{
	__u8 bootp[240] = { op, 1, 6 };

	frame_build(f, BCAST, src, vid, 0, 0x0800, 0);
	put_ipv4(f, 17, 8 + sizeof(bootp));
	put_udp(f, sport, dport, bootp, sizeof(bootp));
}

/* A DHCPv6 message of msg-type type. */
static void dhcp6(struct frame *f, const char *src, __u8 type, __u16 sport, __u16 dport)
{
	__u8 msg[16] = { type, 0x12, 0x34, 0x56 };

	frame_build(f, MCAST6, src, -1, 0, 0x86dd, 0);
	put_ipv6(f, 17, 8 + sizeof(msg));
	put_udp(f, sport, dport, msg, sizeof(msg));
}

/* An ICMPv6 message of this type; with hbh, behind a hop-by-hop header. */
static void icmp6(struct frame *f, const char *src, __u8 type, bool hbh)
{
	__u8 ext[8] = { 58, 0, 1, 4 }; /* next: ICMPv6; PadN */
	__u8 icmp[16] = { type };

	frame_build(f, MCAST6, src, -1, 0, 0x86dd, 0);
	put_ipv6(f, hbh ? 0 : 58, sizeof(icmp) + (hbh ? sizeof(ext) : 0));
	if (hbh)
		put(f, ext, sizeof(ext));
	put(f, icmp, sizeof(icmp));
}

static void icmp4(struct frame *f, const char *src, __u8 type)
{
	__u8 icmp[36] = { type };

	frame_build(f, B, src, -1, 0, 0x0800, 0);
	put_ipv4(f, 1, sizeof(icmp));
	put(f, icmp, sizeof(icmp));
}

/* ---- MAC guard ---- */

static void guard_macs(struct vsw_port_policy *pol, const char *mac0, const char *mac1)
{
	memset(pol, 0, sizeof(*pol));
	pol->flags = VSW_POL_F_MAC_GUARD;
	mac_parse(mac0, pol->macs[pol->nmacs++]);
	if (mac1)
		mac_parse(mac1, pol->macs[pol->nmacs++]);
}

Test(policy, mac_guard_drops_a_spoofed_source_and_does_not_learn_it)
{
	struct vsw_port_policy pol;
	struct vsw_decision dec;
	struct vsw_fdb_entry e;
	struct frame in;

	guard_macs(&pol, A, NULL);
	set_policy(0, &pol);
	frame_build(&in, BCAST, B, -1, 0, 0x0800, 46);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_MAC_SPOOF);
	cr_assert_not(fdb_get(&t, 1, B, &e), "the spoofed MAC was learned");
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_MAC_SPOOF], 1);

	frame_build(&in, BCAST, A, -1, 0, 0x0800, 46);
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	cr_assert_eq(dec.verdict, VSW_V_FLOOD);
	cr_assert(fdb_get(&t, 1, A, &e), "the NIC's MAC is learned");
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_MAC_SPOOF], 1, "one drop only");
}

Test(policy, mac_guard_passes_the_allow_list_and_only_guards_its_port)
{
	struct vsw_port_policy pol;
	struct vsw_decision dec;
	struct frame in;

	guard_macs(&pol, A, C);
	set_policy(0, &pol);
	frame_build(&in, BCAST, C, -1, 0, 0x0800, 46);
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	/* Port 1 has no guard: any source. */
	frame_build(&in, BCAST, B, -1, 0, 0x0800, 46);
	assert_passed(run_ingress(&t, 1, &in, NULL, &dec), &dec);
	/* Guard off again: the spoofed source passes on port 0 too. */
	memset(&pol, 0, sizeof(pol));
	set_policy(0, &pol);
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
}

Test(policy, a_new_port_in_a_reused_slot_has_no_policy)
{
	struct vsw_port_policy pol, got;
	__u32 ifindex = t.sw[2];
	struct vsw_port_cfg cfg;

	guard_macs(&pol, A, NULL);
	set_policy(2, &pol);
	cr_assert_eq(vsw_dp_port_del(t.dp, ifindex), 0);
	vsw_port_cfg_init(&cfg);
	cr_assert_eq(vsw_dp_port_add(t.dp, ifindex, &cfg), 0);
	cr_assert_eq(vsw_dp_port_policy_get(t.dp, ifindex, &got), 0);
	cr_assert_eq(got.flags, 0, "flags %#x left from the slot's last port", got.flags);
}

/* ---- DHCP guard ---- */

Test(policy, dhcp_guard_drops_server_messages_only)
{
	struct vsw_port_policy pol = { .flags = VSW_POL_F_DHCP_GUARD };
	struct vsw_decision dec;
	struct frame in;

	set_policy(0, &pol);
	dhcp4(&in, A, -1, 2, 67, 68); /* OFFER/ACK: BOOTREPLY from a server */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp4(&in, A, -1, 1, 68, 67); /* DISCOVER/REQUEST from a client */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	dhcp6(&in, A, 2, 547, 546); /* Advertise */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp6(&in, A, 7, 547, 546); /* Reply */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp6(&in, A, 10, 547, 546); /* Reconfigure */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp6(&in, A, 1, 546, 547); /* Solicit */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	dhcp6(&in, A, 3, 546, 547); /* Request */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_DHCP_GUARD], 4);
	/* The same server on an unguarded port. */
	dhcp4(&in, A, -1, 2, 67, 68);
	assert_passed(run_ingress(&t, 1, &in, NULL, &dec), &dec);
}

Test(policy, dhcp_guard_sees_through_a_vlan_tag)
{
	struct vsw_port_policy pol = { .flags = VSW_POL_F_DHCP_GUARD };
	struct vsw_decision dec;
	struct frame in;

	tenv_port_trunk(&t, 0, "10", 0);
	set_policy(0, &pol);
	dhcp4(&in, A, 10, 2, 67, 68);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp4(&in, A, 10, 1, 68, 67);
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
}

/* ---- router guard ---- */

Test(policy, router_guard_drops_ra_and_redirects)
{
	struct vsw_port_policy pol = { .flags = VSW_POL_F_ROUTER_GUARD };
	struct vsw_decision dec;
	struct frame in;

	set_policy(0, &pol);
	icmp6(&in, A, 134, false); /* Router Advertisement */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_ROUTER_GUARD);
	icmp6(&in, A, 134, true); /* behind a hop-by-hop header */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_ROUTER_GUARD);
	icmp6(&in, A, 137, false); /* Redirect */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_ROUTER_GUARD);
	icmp4(&in, A, 5); /* ICMPv4 Redirect */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_ROUTER_GUARD);
	icmp6(&in, A, 133, false); /* Router Solicitation */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	icmp6(&in, A, 135, false); /* Neighbour Solicitation */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	icmp4(&in, A, 8); /* echo request */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_ROUTER_GUARD], 4);
	/* Guards are independent: a DHCP guard alone lets the RA go. */
	pol.flags = VSW_POL_F_DHCP_GUARD;
	set_policy(0, &pol);
	icmp6(&in, A, 134, false);
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
}

/* A rogue server need not send from port 67: clients take a BOOTREPLY to
 * port 68 from anywhere (issue 15: this one got through). */
Test(policy, dhcp_guard_drops_replies_from_any_source_port)
{
	struct vsw_port_policy pol = { .flags = VSW_POL_F_DHCP_GUARD };
	struct vsw_decision dec;
	struct frame in;

	set_policy(0, &pol);
	dhcp4(&in, A, -1, 2, 1067, 68);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp6(&in, A, 7, 1547, 546); /* a Reply to the client's port */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_DHCP_GUARD);
	dhcp4(&in, A, -1, 1, 1067, 68); /* a BOOTREQUEST is no server's */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
}

/* An ICMPv6 message behind n destination-options headers. */
static void icmp6_deep(struct frame *f, const char *src, __u8 type, int n)
{
	__u8 icmp[16] = { type };

	frame_build(f, MCAST6, src, -1, 0, 0x86dd, 0);
	put_ipv6(f, n ? 60 : 58, sizeof(icmp) + 8 * n);
	for (int i = 0; i < n; i++) {
		__u8 ext[8] = { i == n - 1 ? 58 : 60, 0, 1, 4 }; /* PadN */

		put(f, ext, sizeof(ext));
	}
	put(f, icmp, sizeof(icmp));
}

/* RFC 7113: what the guard cannot parse, it drops, under a reason of its
 * own. Five options headers got an RA past the guard's old walk of four. */
Test(policy, router_guard_fails_closed_on_what_it_cannot_parse)
{
	struct vsw_port_policy pol = { .flags = VSW_POL_F_ROUTER_GUARD };
	struct vsw_decision dec;
	struct frame in;

	set_policy(0, &pol);
	icmp6_deep(&in, A, 134, 5);
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_ROUTER_GUARD);
	icmp6_deep(&in, A, 128, 5); /* an echo request that deep is fine */
	assert_passed(run_ingress(&t, 0, &in, NULL, &dec), &dec);
	icmp6_deep(&in, A, 134, 12); /* beyond the walk: cannot be judged */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_UNPARSED);
	icmp6(&in, A, 134, false);
	in.len -= 16; /* the ICMPv6 header cut off */
	assert_dropped(run_ingress(&t, 0, &in, NULL, &dec), &dec, VSW_DROP_UNPARSED);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_UNPARSED], 2);
	/* An unguarded port judges nothing and drops nothing. */
	icmp6_deep(&in, A, 134, 12);
	assert_passed(run_ingress(&t, 1, &in, NULL, &dec), &dec);
}

/* ---- 802.1p ---- */

Test(policy, priority_reset_clears_pcp_trust_keeps_it)
{
	struct vsw_port_policy pol = { .flags = VSW_POL_F_PRIO_RESET };
	struct vsw_decision dec;
	struct frame in, out;

	tenv_port_trunk(&t, 0, "10", 0);
	tenv_port_trunk(&t, 1, "10", 0);
	set_policy(0, &pol);
	/* Flooded: the TCI for egress carries PCP 0, VID kept. */
	frame_build(&in, BCAST, A, 10, 5, 0x0800, 46);
	assert_passed(run_ingress(&t, 0, &in, &out, &dec), &dec);
	cr_assert(out.has_shim);
	cr_assert_eq(shim_tci(&out) >> 13, 0, "PCP %u after reset", shim_tci(&out) >> 13);
	cr_assert_eq(shim_tci(&out) & 0xfff, 10);
	/* Known unicast: the frame itself leaves with PCP 0. */
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 10, (const __u8 *)"\x02\0\0\0\0\x0b", t.sw[1]), 0);
	frame_build(&in, B, A, 10, 5, 0x0800, 46);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	cr_assert_eq(frame_pcp(&out), 0);
	cr_assert_eq(frame_vid(&out), 10);
	/* Trusted: PCP 5 goes through. */
	pol.flags = 0;
	set_policy(0, &pol);
	cr_assert_eq(run_ingress(&t, 0, &in, &out, &dec), XDP_REDIRECT);
	cr_assert_eq(frame_pcp(&out), 5);
}

/* ---- storm control ---- */

/* Run the frame n times on port; how many were not dropped for reason. */
static int run_count(int port, const struct frame *in, int n, unsigned int reason)
{
	struct vsw_decision dec;
	int passed = 0, action;

	for (int i = 0; i < n; i++) {
		action = run_ingress(&t, port, in, NULL, &dec);
		if (action != XDP_DROP) {
			passed++;
			continue;
		}
		cr_assert_eq(dec.reason, reason, "dropped for %s",
			     vsw_drop_reason_name(dec.reason));
	}
	return passed;
}

Test(policy, storm_limits_each_kind_apart)
{
	struct vsw_port_policy pol = {};
	struct frame bc, mc, uu, known;
	int n;

	/* A storm bucket holds one second of frames. */
	vsw_bucket_pps(&pol.bkt[VSW_BKT_STORM_BCAST], 20);
	vsw_bucket_pps(&pol.bkt[VSW_BKT_STORM_MCAST], 30);
	vsw_bucket_pps(&pol.bkt[VSW_BKT_STORM_UNKNOWN], 40);
	set_policy(0, &pol);
	frame_build(&bc, BCAST, A, -1, 0, 0x0800, 46);
	frame_build(&mc, MCAST4, A, -1, 0, 0x0800, 46);
	frame_build(&uu, C, A, -1, 0, 0x0800, 46);
	frame_build(&known, B, A, -1, 0, 0x0800, 46);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, (const __u8 *)"\x02\0\0\0\0\x0b", t.sw[1]), 0);

	n = run_count(0, &bc, 60, VSW_DROP_STORM);
	cr_assert(n >= 20 && n <= 21, "%d broadcasts passed, want 20", n);
	n = run_count(0, &mc, 60, VSW_DROP_STORM);
	cr_assert(n >= 30 && n <= 31, "%d multicasts passed, want 30", n);
	n = run_count(0, &uu, 60, VSW_DROP_STORM);
	cr_assert(n >= 40 && n <= 41, "%d unknown unicasts passed, want 40", n);
	/* Known unicast is no storm. */
	cr_assert_eq(run_count(0, &known, 100, VSW_DROP_STORM), 100);
	/* Another port is not limited. */
	cr_assert_eq(run_count(1, &bc, 100, VSW_DROP_STORM), 100);
	/* 180 sent, 90 within the limits (a clock tick may add one each). */
	cr_assert(port_stats(&t, 0).drops[VSW_DROP_STORM] >= 87 &&
		  port_stats(&t, 0).drops[VSW_DROP_STORM] <= 90);
}

/* ---- maximum bandwidth ---- */

Test(policy, rate_out_passes_the_burst_then_refills_at_the_rate)
{
	struct vsw_port_policy pol = {};
	struct frame in;
	int n;

	/* 1 Mbit/s, burst 15000 bytes: 15 frames of 1000 bytes, then one
	 * every 8 ms. */
	vsw_bucket_rate(&pol.bkt[VSW_BKT_RATE_OUT], 1000000, 15000);
	set_policy(0, &pol);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 1000 - 14);
	n = run_count(0, &in, 50, VSW_DROP_RATE_LIMIT);
	cr_assert(n >= 15 && n <= 16, "%d frames passed, want the burst: 15", n);
	usleep(200 * 1000);
	/* 200 ms at 1 Mbit/s = 25000 bytes, but at most the burst again. */
	n = run_count(0, &in, 50, VSW_DROP_RATE_LIMIT);
	cr_assert(n >= 15 && n <= 16, "%d frames passed after 200 ms, want 15", n);
	usleep(40 * 1000);
	/* 40 ms: 5 frames (the coarse clock may add one tick's worth). */
	n = run_count(0, &in, 50, VSW_DROP_RATE_LIMIT);
	cr_assert(n >= 4 && n <= 7, "%d frames passed after 40 ms, want ~5", n);
	cr_assert_geq(port_stats(&t, 0).drops[VSW_DROP_RATE_LIMIT], 150 - 40);
}

/* The default burst: 400 ms of the rate (what one TCP flow needs from a
 * policer, docs/policies.md), at least 16 KiB, at most 1 GiB; and the
 * bucket's depth is that burst as time. */
Test(policy, default_burst_is_400_ms_of_the_rate)
{
	struct vsw_bucket_cfg b;

	cr_assert_eq(vsw_rate_burst_default(20000000), 1000000);
	cr_assert_eq(vsw_rate_burst_default(1000000000), 50000000);
	cr_assert_eq(vsw_rate_burst_default(100000), 16384, "at least 16 KiB");
	cr_assert_eq(vsw_rate_burst_default(VSW_RATE_MAX_BPS), VSW_BURST_MAX, "at most 1 GiB");
	vsw_bucket_rate(&b, 20000000, 0);
	cr_assert_eq(b.depth_ns, 400000000ULL, "depth %llu ns", (unsigned long long)b.depth_ns);
}

Test(policy, rate_in_limits_what_the_port_receives)
{
	struct vsw_port_policy pol = {};
	struct vsw_decision dec;
	struct frame in;
	int n;

	vsw_bucket_rate(&pol.bkt[VSW_BKT_RATE_IN], 1000000, 10000);
	set_policy(1, &pol);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, (const __u8 *)"\x02\0\0\0\0\x0b", t.sw[1]), 0);
	frame_build(&in, B, A, -1, 0, 0x0800, 1000 - 14);
	n = run_count(0, &in, 40, VSW_DROP_RATE_LIMIT);
	cr_assert(n >= 10 && n <= 11, "%d frames passed, want 10", n);
	/* Charged to the receiving port; the sender's traffic elsewhere goes. */
	cr_assert_geq(port_stats(&t, 1).drops[VSW_DROP_RATE_LIMIT], 29);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_RATE_LIMIT], 0);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, (const __u8 *)"\x02\0\0\0\0\x0c", t.sw[2]), 0);
	frame_build(&in, C, A, -1, 0, 0x0800, 1000 - 14);
	cr_assert_eq(run_ingress(&t, 0, &in, NULL, &dec), XDP_REDIRECT);
}

/* Two CPUs draw from one bucket at once: together they get the burst,
 * not a burst each (the bucket is shared, moved by atomic adds). */
struct drawer {
	int cpu, passed;
	int pin_err, ran_on; /* pthread_setaffinity_np's result, sched_getcpu() after */
	const struct frame *f;
};

static void *draw(void *arg)
{
	struct drawer *d = arg;
	struct xdp_md ctx = { .data_end = d->f->len, .ingress_ifindex = t.sw[0] };
	__u8 out[T_FRAME_MAX + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = d->f->data, .data_size_in = d->f->len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .data_out = out,
		    .data_size_out = sizeof(out), .repeat = 1);
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(d->cpu, &cpus);
	/* Unpinned, both threads may share one CPU: no test of sharing. */
	d->pin_err = pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
	d->ran_on = sched_getcpu();
	if (d->pin_err)
		return NULL;
	for (int i = 0; i < 400; i++) {
		opts.data_size_out = sizeof(out);
		if (bpf_prog_test_run_opts(vsw_dp_ingress_fd(t.dp), &opts) == 0 &&
		    opts.retval != XDP_DROP)
			d->passed++;
	}
	return NULL;
}

Test(policy, rate_bucket_is_shared_by_all_cpus)
{
	struct vsw_port_policy pol = {};
	struct drawer d[2];
	pthread_t th[2];
	struct frame in;
	int cpu[2] = { -1, -1 }, n = 0, total;

	/* The first two CPUs the process may run on (taskset, cpusets). */
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &t.cpus))
			cpu[n++] = c;
	if (n < 2)
		cr_skip_test("the process may run on CPU %d only: two CPUs are needed to "
			     "share the bucket", cpu[0]);
	/* 100 kbit/s: the 400 ms the runs may take refill ~5 frames. */
	vsw_bucket_rate(&pol.bkt[VSW_BKT_RATE_OUT], 100000, 20000);
	set_policy(0, &pol);
	frame_build(&in, BCAST, A, -1, 0, 0x0800, 1000 - 14);
	for (int i = 0; i < 2; i++) {
		d[i] = (struct drawer){ .cpu = cpu[i], .f = &in };
		cr_assert_eq(pthread_create(&th[i], NULL, draw, &d[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(d[i].pin_err, 0, "pinning thread %d to CPU %d: %s", i, d[i].cpu,
			     strerror(d[i].pin_err));
		cr_assert_eq(d[i].ran_on, d[i].cpu, "thread %d pinned to CPU %d runs on CPU %d",
			     i, d[i].cpu, d[i].ran_on);
	}
	total = d[0].passed + d[1].passed;
	cr_assert(total >= 20 && total <= 26, "%d + %d frames passed, want the one burst: 20",
		  d[0].passed, d[1].passed);
}

/* ---- private VLANs ---- */

static void pvlan_role(int port, __u8 role, __u16 secondary, const __u16 *serves, int n)
{
	struct vsw_port_policy pol = { .pvlan = role, .pvlan_secondary = secondary };

	for (int i = 0; i < n; i++)
		pol.pvlan_serves[serves[i] / 64] |= 1ULL << (serves[i] % 64);
	set_policy(port, &pol);
}

/* Unicast from port `from` to the MAC behind port `to`. */
static int unicast(int from, int to, struct vsw_decision *dec)
{
	static const char *const macs[] = { A, B, C };
	struct frame in;
	__u8 mac[6];

	mac_parse(macs[to], mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[to]), 0);
	frame_build(&in, macs[to], macs[from], -1, 0, 0x0800, 46);
	return run_ingress(&t, from, &in, NULL, dec);
}

Test(policy, pvlan_isolated_reaches_only_promiscuous)
{
	static const __u16 serves[] = { 200, 300 };
	struct vsw_decision dec;

	/* Port 0 promiscuous for 200 and 300; 1 and 2 isolated in 200. */
	pvlan_role(0, VSW_PVLAN_PROMISCUOUS, 0, serves, 2);
	pvlan_role(1, VSW_PVLAN_ISOLATED, 200, NULL, 0);
	pvlan_role(2, VSW_PVLAN_ISOLATED, 200, NULL, 0);
	assert_dropped(unicast(1, 2, &dec), &dec, VSW_DROP_PVLAN);
	cr_assert_eq(unicast(1, 0, &dec), XDP_REDIRECT, "isolated -> promiscuous");
	cr_assert_eq(unicast(0, 2, &dec), XDP_REDIRECT, "promiscuous -> isolated");
	cr_assert_eq(port_stats(&t, 2).drops[VSW_DROP_PVLAN], 1, "charged to the destination");
	/* A promiscuous port that does not serve 200 is out of reach. */
	pvlan_role(0, VSW_PVLAN_PROMISCUOUS, 0, serves + 1, 1);
	assert_dropped(unicast(1, 0, &dec), &dec, VSW_DROP_PVLAN);
	/* A port without a role (an uplink) talks to anyone. */
	pvlan_role(0, VSW_PVLAN_NONE, 0, NULL, 0);
	cr_assert_eq(unicast(1, 0, &dec), XDP_REDIRECT);
	cr_assert_eq(unicast(0, 1, &dec), XDP_REDIRECT);
}

/* Floods are pruned per destination, in the egress program: frames
 * through the real devices. An isolated port's ARP broadcast reaches the
 * promiscuous port only; a community's reaches its members and the
 * promiscuous port. */
Test(policy, pvlan_floods_are_pruned_at_egress)
{
	static const __u16 serves[] = { 200, 201 };
	struct frame f;

	tenv_hosts_open(&t);
	pvlan_role(0, VSW_PVLAN_PROMISCUOUS, 0, serves, 2);
	pvlan_role(1, VSW_PVLAN_ISOLATED, 200, NULL, 0);
	pvlan_role(2, VSW_PVLAN_ISOLATED, 200, NULL, 0);
	frame_build(&f, BCAST, B, -1, 0, 0x0806, 28);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, 2);
	cr_assert_eq(port_stats(&t, 2).tx_packets, 0, "nothing sent to isolated port 2");
	/* The promiscuous port's broadcast reaches both. */
	frame_build(&f, BCAST, A, -1, 0, 0x0806, 28);
	send_frame(&t, 0, &f);
	expect_host_frame(&t, 1, &f);
	expect_host_frame(&t, 2, &f);

	pvlan_role(1, VSW_PVLAN_COMMUNITY, 201, NULL, 0);
	pvlan_role(2, VSW_PVLAN_COMMUNITY, 201, NULL, 0);
	frame_build(&f, BCAST, B, -1, 0, 0x0806, 28);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_frame(&t, 2, &f);
	pvlan_role(2, VSW_PVLAN_COMMUNITY, 202, NULL, 0);
	send_frame(&t, 1, &f);
	expect_host_frame(&t, 0, &f);
	expect_host_nothing(&t, 2);
}

Test(policy, pvlan_community_talks_within_itself)
{
	struct vsw_decision dec;

	pvlan_role(0, VSW_PVLAN_COMMUNITY, 201, NULL, 0);
	pvlan_role(1, VSW_PVLAN_COMMUNITY, 201, NULL, 0);
	pvlan_role(2, VSW_PVLAN_COMMUNITY, 202, NULL, 0);
	cr_assert_eq(unicast(0, 1, &dec), XDP_REDIRECT, "same community");
	assert_dropped(unicast(0, 2, &dec), &dec, VSW_DROP_PVLAN);
	assert_dropped(unicast(2, 1, &dec), &dec, VSW_DROP_PVLAN);
	/* An isolated port is no member of a community of its VID. */
	pvlan_role(2, VSW_PVLAN_ISOLATED, 201, NULL, 0);
	assert_dropped(unicast(2, 1, &dec), &dec, VSW_DROP_PVLAN);
	assert_dropped(unicast(1, 2, &dec), &dec, VSW_DROP_PVLAN);
}
