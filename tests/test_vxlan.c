// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * VXLAN in the datapath (bpf/vxlan.h, docs/multihost.md): the decap (XDP)
 * and encap (TC) programs run on real frames with BPF_PROG_TEST_RUN, their
 * output compared byte for byte; head-end replication through real veths.
 *
 *   h0 ~~ sw0   port 0: the tunnel port; h0 plays the tunnel netdev
 *   h1 ~~ sw1   port 1: h1 plays the underlay; what it sends enters the
 *               switch on sw1, which counts it
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include "log.h"
#include "test_macs.h"
#include "testlib.h"
#include "vxlan.h"

#define VNI 100
#define VNI_TRUNK 200
#define VID_TRUNK 20
#define PORT 4789
#define LOCAL "192.0.2.1"
#define VTEP "192.0.2.2"
#define UL_MAC "02:00:00:00:01:01"
#define NH_MAC "02:00:00:00:01:02"

struct outer {
	struct ethhdr eth;
	struct iphdr ip;
	struct udphdr udp;
	__be32 flags, vni;
} __attribute__((packed));

TENV_SUITE(vxlan, 2, vxlan_setup);

static struct vsw_dp_vx_fds vx_fds(void)
{
	struct vsw_dp_vx_fds f;

	vsw_dp_vx_fds(t.dp, &f);
	return f;
}

static __be32 ip(const char *s)
{
	struct in_addr a;

	cr_assert_eq(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static __u32 tun(void)
{
	return t.host[0];
}

static __u32 underlay(void)
{
	return t.host[1];
}

static __u32 tun_slot(void)
{
	struct vsw_port p;

	cr_assert_eq(vsw_dp_port_get(t.dp, t.sw[0], &p), 0);
	return p.slot;
}

static void set_tun(__u32 vni, __u16 mtu)
{
	struct vsw_vx_tun r = { .underlay = underlay(), .port_slot = tun_slot(), .vni = vni,
				.local = ip(LOCAL), .dstport = htons(PORT), .mtu = mtu };

	mac_parse(UL_MAC, r.mac);
	/* the map alone: the test runs the programs itself */
	cr_assert_eq(bpf_map_update_elem(vx_fds().tun, &(__u32){ tun() }, &r, 0), 0);
}

static void vxlan_setup(void)
{
	struct vsw_vx_vni v = { .tun = tun(), .port_slot = tun_slot() };
	struct vsw_vx_vni vt = { .tun = tun(), .vid = VID_TRUNK, .port_slot = tun_slot() };
	struct vsw_vx_underlay u = { .local = ip(LOCAL), .dstport = htons(PORT) };
	__u8 nh[6];

	cr_assert_eq(bpf_map_update_elem(vx_fds().underlay, &(__u32){ underlay() }, &u, 0), 0);
	set_tun(VNI, 1500);
	cr_assert_eq(vsw_vx_vni_set(t.dp, VNI, &v), 0);
	cr_assert_eq(vsw_vx_vni_set(t.dp, VNI_TRUNK, &vt), 0);
	cr_assert_eq(vsw_vx_vid_set(t.dp, tun(), VID_TRUNK, VNI_TRUNK), 0);
	mac_parse(NH_MAC, nh);
	cr_assert_eq(vsw_vx_nh_set(t.dp, ip(VTEP), nh), 0);
	/* VTEP is the one remote of both VNIs: only it may send into them */
	cr_assert_eq(vsw_vx_flood_set(t.dp, VNI, &(__be32){ ip(VTEP) }, 1), 0);
	cr_assert_eq(vsw_vx_flood_set(t.dp, VNI_TRUNK, &(__be32){ ip(VTEP) }, 1), 0);
}

/* Run one of the XDP programs on f as received by ifindex. */
static int run_xdp(int fd, __u32 ifindex, const struct frame *in, struct frame *out)
{
	struct xdp_md ctx = { .data_end = in->len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->data, .data_size_in = in->len,
		    .data_out = out->data, .data_size_out = sizeof(out->data), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	cr_assert_eq(bpf_prog_test_run_opts(fd, &opts), 0, "BPF_PROG_TEST_RUN: %s",
		     strerror(errno));
	out->len = opts.data_size_out;
	return opts.retval;
}

/* Run the encap (TC) on f as the tunnel netdev receives it; a GSO frame
 * when gso_size is not 0. */
static int run_tc_gso(const struct frame *in, struct frame *out, __u32 gso_size)
{
	struct __sk_buff ctx = { .ifindex = tun(), .gso_size = gso_size,
				 .gso_segs = gso_size ? (in->len + gso_size - 1) / gso_size : 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->data, .data_size_in = in->len,
		    .data_out = out->data, .data_size_out = sizeof(out->data), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	cr_assert_eq(bpf_prog_test_run_opts(vx_fds().encap, &opts), 0, "BPF_PROG_TEST_RUN: %s",
		     strerror(errno));
	out->len = opts.data_size_out;
	return opts.retval;
}

static int run_tc(const struct frame *in, struct frame *out)
{
	return run_tc_gso(in, out, 0);
}

static __u16 csum16(const void *p, size_t len)
{
	const __u16 *w = p;
	__u32 sum = 0;

	for (size_t i = 0; i < len / 2; i++)
		sum += w[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* inner, wrapped as a remote VTEP would send it to us. */
static void wrap(struct frame *f, const struct frame *inner, __u32 vni, const char *dst,
		 __u16 port)
{
	struct outer o = { 0 };

	mac_parse(UL_MAC, o.eth.h_dest);
	mac_parse(NH_MAC, o.eth.h_source);
	o.eth.h_proto = htons(ETH_P_IP);
	o.ip.version = 4;
	o.ip.ihl = 5;
	o.ip.ttl = 64;
	o.ip.protocol = IPPROTO_UDP;
	o.ip.tot_len = htons(sizeof(o) - sizeof(o.eth) + inner->len);
	o.ip.saddr = ip(VTEP);
	o.ip.daddr = ip(dst);
	o.ip.check = csum16(&o.ip, sizeof(o.ip));
	o.udp.source = htons(50000);
	o.udp.dest = htons(port);
	o.udp.len = htons(sizeof(o.udp) + 8 + inner->len);
	o.flags = htonl(0x08000000);
	o.vni = htonl(vni << 8);
	memcpy(f->data, &o, sizeof(o));
	memcpy(f->data + sizeof(o), inner->data, inner->len);
	f->len = sizeof(o) + inner->len;
}

Test(vxlan, decap_gives_the_inner_frame_exactly_and_learns_the_vtep)
{
	struct frame inner, outer, out;
	struct vsw_vx_remote r;
	__u8 a[6];

	frame_build(&inner, B, A, -1, 0, 0x0800, 100);
	wrap(&outer, &inner, VNI, LOCAL, PORT);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_REDIRECT);
	cr_assert_eq(out.len, inner.len, "inner frame of %u bytes, got %u", inner.len, out.len);
	cr_assert_arr_eq(out.data, inner.data, inner.len, "the inner frame, byte for byte");
	mac_parse(A, a);
	cr_assert_eq(vsw_vx_remote_get(t.dp, VNI, a, &r), 0, "the source MAC is learned");
	cr_assert_eq(r.vtep, ip(VTEP), "behind the outer source address");
	cr_assert_eq(r.flags & VSW_VX_F_STATIC, 0);
}

Test(vxlan, decap_onto_a_trunk_tags_the_frame_with_the_vnis_vlan)
{
	struct frame inner, outer, out, want;

	frame_build(&inner, B, A, -1, 0, 0x0806, 46);
	frame_build(&want, B, A, VID_TRUNK, 0, 0x0806, 46);
	wrap(&outer, &inner, VNI_TRUNK, LOCAL, PORT);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_REDIRECT);
	cr_assert_eq(out.len, want.len);
	cr_assert_arr_eq(out.data, want.data, want.len, "the inner frame, tagged VID %d",
			 VID_TRUNK);
}

Test(vxlan, what_is_not_ours_goes_to_the_stack_untouched)
{
	struct frame inner, outer, out;
	struct {
		__u32 vni;
		const char *dst;
		__u16 port;
		const char *what;
	} cases[] = {
		{ 999, LOCAL, PORT, "an unknown VNI" },
		{ VNI, LOCAL, 4790, "another UDP port" },
		{ VNI, "192.0.2.9", PORT, "another address" },
	};

	frame_build(&inner, B, A, -1, 0, 0x0800, 100);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wrap(&outer, &inner, cases[i].vni, cases[i].dst, cases[i].port);
		cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_PASS, "%s",
			     cases[i].what);
		cr_assert_eq(out.len, outer.len, "%s: length kept", cases[i].what);
		cr_assert_arr_eq(out.data, outer.data, outer.len, "%s: bytes kept",
				 cases[i].what);
	}
	/* not UDP at all */
	frame_build(&outer, B, A, -1, 0, 0x0806, 46);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_PASS, "ARP");
	/* and a netdev that is no underlay */
	wrap(&outer, &inner, VNI, LOCAL, PORT);
	cr_assert_eq(run_xdp(vx_fds().decap, tun(), &outer, &out), XDP_PASS, "not an underlay");
}

Test(vxlan, decap_takes_nothing_from_a_vtep_off_the_flood_list)
{
	struct vsw_port_stats before, after;
	struct frame inner, outer, out;
	struct vsw_vx_remote r;
	__u8 a[6];

	frame_build(&inner, B, A, -1, 0, 0x0800, 100);
	wrap(&outer, &inner, VNI, LOCAL, PORT);
	((struct outer *)outer.data)->ip.saddr = ip("192.0.2.66");
	((struct outer *)outer.data)->ip.check = 0;
	((struct outer *)outer.data)->ip.check =
		csum16(&((struct outer *)outer.data)->ip, sizeof(struct iphdr));
	before = port_stats(&t, 0);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_DROP);
	after = port_stats(&t, 0);
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_FOREIGN] - before.drops[VSW_DROP_VXLAN_FOREIGN],
		     1, "counted on the tunnel port");
	mac_parse(A, a);
	cr_assert_neq(vsw_vx_remote_get(t.dp, VNI, a, &r), 0, "and nothing learned from it");
}

/* A packet longer than the underlay's MTU can only be a GSO frame of
 * this kernel's: decapsulated, its skb would still claim a tunnel. */
Test(vxlan, decap_drops_what_the_underlay_mtu_cannot_have_carried)
{
	struct vsw_vx_underlay u = { .local = ip(LOCAL), .dstport = htons(PORT), .mtu = 600 };
	struct vsw_port_stats before, after;
	struct frame inner, outer, out;

	cr_assert_eq(bpf_map_update_elem(vx_fds().underlay, &(__u32){ underlay() }, &u, 0), 0);
	before = port_stats(&t, 0);
	/* 600 bytes of outer IPv4: 36 of headers, 564 of inner frame */
	frame_build(&inner, B, A, -1, 0, 0x0800, 564 - 14);
	wrap(&outer, &inner, VNI, LOCAL, PORT);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_REDIRECT, "fits");
	frame_build(&inner, B, A, -1, 0, 0x0800, 565 - 14);
	wrap(&outer, &inner, VNI, LOCAL, PORT);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_DROP,
		     "a byte more");
	after = port_stats(&t, 0);
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_MTU] - before.drops[VSW_DROP_VXLAN_MTU], 1);
}

/* As a port in the FDB, the tunnel port learns at most its learn limit of
 * remote MACs; frames over it pass unlearned. A recount after entries go
 * makes room again. */
Test(vxlan, decap_learns_no_more_than_the_tunnel_ports_learn_limit)
{
	struct vsw_vx_vni v = { .tun = tun(), .port_slot = tun_slot(), .learn_limit = 2 };
	const char *src[3] = { "02:00:00:00:0a:01", "02:00:00:00:0a:02", "02:00:00:00:0a:03" };
	struct frame inner, outer, out;
	struct vsw_vx_remote r;
	__u8 mac[3][6];

	cr_assert_eq(vsw_vx_vni_set(t.dp, VNI, &v), 0);
	cr_assert_eq(vsw_vx_learned_recount(t.dp), 0);
	for (int i = 0; i < 3; i++) {
		mac_parse(src[i], mac[i]);
		frame_build(&inner, B, src[i], -1, 0, 0x0800, 100);
		wrap(&outer, &inner, VNI, LOCAL, PORT);
		cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_REDIRECT,
			     "frame %d passes, learned or not", i);
	}
	cr_assert_eq(vsw_vx_remote_get(t.dp, VNI, mac[0], &r), 0);
	cr_assert_eq(vsw_vx_remote_get(t.dp, VNI, mac[1], &r), 0);
	cr_assert_neq(vsw_vx_remote_get(t.dp, VNI, mac[2], &r), 0, "the third is over the limit");

	cr_assert_eq(vsw_vx_remote_del(t.dp, VNI, mac[0]), 0);
	cr_assert_eq(vsw_vx_learned_recount(t.dp), 0);
	cr_assert_eq(run_xdp(vx_fds().decap, underlay(), &outer, &out), XDP_REDIRECT);
	cr_assert_eq(vsw_vx_remote_get(t.dp, VNI, mac[2], &r), 0, "learned once there is room");
}

/* One walk ages learned remote MACs and counts those that stay; a
 * control plane's entries neither age nor count. */
Test(vxlan, aging_removes_old_learned_macs_and_counts_the_rest)
{
	struct vsw_vx_mac_key old = { .vni = VNI, .mac = { 2, 0, 0, 0, 0x0b, 1 } };
	struct vsw_vx_remote ancient = { .vtep = ip(VTEP), .last_seen = 1 };
	const __u8 fresh[6] = { 2, 0, 0, 0, 0x0b, 2 }, fixed[6] = { 2, 0, 0, 0, 0x0b, 3 };
	struct vsw_vx_remote r;
	unsigned int removed;
	__u32 learned;

	cr_assert_eq(bpf_map_update_elem(vx_fds().remote, &old, &ancient, 0), 0);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, fresh, ip(VTEP), false), 0);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, fixed, ip(VTEP), true), 0);
	cr_assert_eq(vsw_vx_remote_age(t.dp, 1000000000ULL, &removed), 0);
	cr_assert_eq(removed, 1, "the ancient one went: %u", removed);
	cr_assert_neq(vsw_vx_remote_get(t.dp, VNI, old.mac, &r), 0);
	cr_assert_eq(vsw_vx_remote_get(t.dp, VNI, fresh, &r), 0, "a fresh one stays");
	cr_assert_eq(vsw_vx_remote_get(t.dp, VNI, fixed, &r), 0, "a static one stays");
	cr_assert_eq(bpf_map_lookup_elem(vx_fds().learned, &(__u32){ tun_slot() }, &learned), 0);
	cr_assert_eq(learned, 1, "one learned MAC counted for the tunnel port: %u", learned);
}

/* The outer headers encap must have written in front of inner. */
static void expect_encap(const struct frame *out, const struct frame *inner, __u32 vni)
{
	struct outer o;
	__u8 mac[6];

	cr_assert_eq(out->len, sizeof(o) + inner->len, "50 bytes more than the inner %u: %u",
		     inner->len, out->len);
	memcpy(&o, out->data, sizeof(o));
	mac_parse(NH_MAC, mac);
	cr_assert_arr_eq(o.eth.h_dest, mac, 6, "to the next hop's MAC");
	mac_parse(UL_MAC, mac);
	cr_assert_arr_eq(o.eth.h_source, mac, 6, "from the underlay's MAC");
	cr_assert_eq(ntohs(o.eth.h_proto), ETH_P_IP);
	cr_assert_eq(o.ip.version, 4);
	cr_assert_eq(o.ip.ihl, 5);
	cr_assert_eq(ntohs(o.ip.tot_len), out->len - sizeof(o.eth));
	cr_assert_eq(ntohs(o.ip.frag_off), 0x4000, "DF, no fragment");
	cr_assert_eq(o.ip.ttl, 64);
	cr_assert_eq(o.ip.protocol, IPPROTO_UDP);
	cr_assert_eq(o.ip.saddr, ip(LOCAL));
	cr_assert_eq(o.ip.daddr, ip(VTEP));
	cr_assert_eq(csum16(&o.ip, sizeof(o.ip)), 0, "a valid IPv4 header checksum");
	cr_assert_geq(ntohs(o.udp.source), 49152, "source port %u", ntohs(o.udp.source));
	cr_assert_eq(ntohs(o.udp.dest), PORT);
	cr_assert_eq(ntohs(o.udp.len), out->len - sizeof(o.eth) - sizeof(o.ip));
	cr_assert_eq(o.udp.check, 0, "no UDP checksum (allowed for IPv4)");
	cr_assert_eq(ntohl(o.flags), 0x08000000, "the I flag alone");
	cr_assert_eq(ntohl(o.vni), vni << 8, "VNI %u", vni);
	cr_assert_arr_eq(out->data + sizeof(o), inner->data, inner->len,
			 "the inner frame, byte for byte");
}

Test(vxlan, encap_of_a_known_unicast_is_exact)
{
	struct frame in, out;
	__u8 b[6];

	mac_parse(B, b);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, b, ip(VTEP), true), 0);
	frame_build(&in, B, A, -1, 0, 0x0800, 200);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_REDIRECT);
	expect_encap(&out, &in, VNI);
}

Test(vxlan, encap_from_a_trunk_maps_the_vid_and_drops_the_tag)
{
	struct frame in, inner, out;
	__u8 b[6];

	mac_parse(B, b);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI_TRUNK, b, ip(VTEP), true), 0);
	set_tun(0, 1500); /* a trunk tunnel: by VID */
	frame_build(&in, B, A, VID_TRUNK, 0, 0x0800, 200);
	frame_build(&inner, B, A, -1, 0, 0x0800, 200);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_REDIRECT);
	expect_encap(&out, &inner, VNI_TRUNK);
}

Test(vxlan, the_source_port_follows_the_inner_flow)
{
	struct frame in, out;
	__u16 ports[8];
	int distinct = 0;
	__u8 b[6];

	mac_parse(B, b);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, b, ip(VTEP), true), 0);
	for (int i = 0; i < 8; i++) {
		struct iphdr *iph;
		__u16 *l4;

		frame_build(&in, B, A, -1, 0, 0x0800, 200);
		iph = (struct iphdr *)(in.data + sizeof(struct ethhdr));
		memset(iph, 0, sizeof(*iph));
		iph->version = 4;
		iph->ihl = 5;
		iph->protocol = IPPROTO_TCP;
		iph->saddr = ip("10.0.0.1");
		iph->daddr = ip("10.0.0.2");
		l4 = (__u16 *)(iph + 1);
		l4[0] = htons(40000 + i); /* a flow per source port */
		l4[1] = htons(80);
		cr_assert_eq(run_tc(&in, &out), TC_ACT_REDIRECT);
		ports[i] = ((struct outer *)out.data)->udp.source;
		/* the same flow again: the same port */
		cr_assert_eq(run_tc(&in, &out), TC_ACT_REDIRECT);
		cr_assert_eq(((struct outer *)out.data)->udp.source, ports[i]);
		distinct++;
		for (int j = 0; j < i; j++)
			if (ports[j] == ports[i]) {
				distinct--;
				break;
			}
	}
	cr_assert_geq(distinct, 6, "8 flows got %d source ports", distinct);
}

/* The flood list (VTEP alone, vxlan_setup) takes what has no one VTEP. */
Test(vxlan, unknown_unicast_and_broadcast_are_replicated_head_end)
{
	struct vsw_vx_stats before, after;
	struct frame in, out;

	cr_assert_eq(vsw_vx_stats(t.dp, tun_slot(), &before), 0);
	frame_build(&in, C, A, -1, 0, 0x0800, 100);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_STOLEN, "unknown unicast: the clone went, the "
		     "original is consumed");
	frame_build(&in, BCAST, A, -1, 0, 0x0806, 46);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_STOLEN, "broadcast");
	cr_assert_eq(vsw_vx_stats(t.dp, tun_slot(), &after), 0);
	cr_assert_eq(after.flood_copies - before.flood_copies, 2, "one copy each");
}

Test(vxlan, a_frame_too_long_for_the_underlay_is_dropped_as_vxlan_mtu)
{
	struct vsw_port_stats before, after;
	struct frame in, out;
	__u8 b[6];

	mac_parse(B, b);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, b, ip(VTEP), true), 0);
	set_tun(VNI, 1000);
	before = port_stats(&t, 0);
	/* 14 + 950 + 36 = exactly 1000 of outer IPv4: fits */
	frame_build(&in, B, A, -1, 0, 0x0800, 950);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_REDIRECT, "fits");
	frame_build(&in, B, A, -1, 0, 0x0800, 951);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_SHOT, "one byte more");
	after = port_stats(&t, 0);
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_MTU] - before.drops[VSW_DROP_VXLAN_MTU], 1,
		     "counted once on the tunnel port");
}

/* A GSO frame is cut into packets after the encap: each of those, not
 * the whole frame, has to fit the underlay. */
Test(vxlan, a_gso_frame_is_checked_by_its_segment_length)
{
	struct vsw_port_stats before, after;
	struct frame in, out;
	struct iphdr *iph;
	__u8 *tcp;
	__u8 b[6];

	mac_parse(B, b);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, b, ip(VTEP), true), 0);
	set_tun(VNI, 1500);
	frame_build(&in, B, A, -1, 0, 0x0800, 3000);
	iph = (struct iphdr *)(in.data + sizeof(struct ethhdr));
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_TCP;
	tcp = (__u8 *)(iph + 1);
	tcp[12] = 5 << 4; /* a 20-byte TCP header */
	before = port_stats(&t, 0);
	/* 14 + 20 + 20 + 1411 inner, + 36: 1501 of outer IPv4 */
	cr_assert_eq(run_tc_gso(&in, &out, 1411), TC_ACT_SHOT);
	after = port_stats(&t, 0);
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_MTU] - before.drops[VSW_DROP_VXLAN_MTU], 1,
		     "segments of 1501 bytes do not fit 1500");
	/* One byte less fits, though the frame is 3 KB. BPF_PROG_TEST_RUN
	 * makes a GSO skb with no GSO type, which the kernel's encapsulation
	 * refuses: past the MTU check, the frame is counted as vxlan_encap
	 * (the real GSO path is selftests/test_vxlan.sh's TCP). */
	before = after;
	cr_assert_eq(run_tc_gso(&in, &out, 1410), TC_ACT_SHOT);
	after = port_stats(&t, 0);
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_MTU] - before.drops[VSW_DROP_VXLAN_MTU], 0,
		     "segments of 1500 bytes fit");
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_ENCAP] - before.drops[VSW_DROP_VXLAN_ENCAP], 1,
		     "and went on to the encapsulation");
}

Test(vxlan, an_unresolved_next_hop_is_dropped_as_vxlan_neigh)
{
	struct vsw_port_stats before, after;
	struct frame in, out;
	__u8 b[6];

	mac_parse(B, b);
	cr_assert_eq(vsw_vx_remote_set(t.dp, VNI, b, ip("192.0.2.77"), true), 0);
	before = port_stats(&t, 0);
	frame_build(&in, B, A, -1, 0, 0x0800, 100);
	cr_assert_eq(run_tc(&in, &out), TC_ACT_SHOT);
	after = port_stats(&t, 0);
	cr_assert_eq(after.drops[VSW_DROP_VXLAN_NEIGH] - before.drops[VSW_DROP_VXLAN_NEIGH], 1);
}

/* Replication with real clones: each goes out of h1 into sw1, a port,
 * which counts what it receives. */
Test(vxlan, head_end_replication_sends_one_copy_per_remote_vtep)
{
	__be32 vteps[3] = { ip("192.0.2.2"), ip("192.0.2.3"), ip("192.0.2.4") };
	struct __sk_buff ctx = { .ifindex = tun() };
	struct vsw_port_stats before, after;
	struct vsw_vx_stats vs;
	struct frame in;
	__u8 nh[6];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in.data, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	mac_parse(NH_MAC, nh);
	for (int i = 1; i < 3; i++)
		cr_assert_eq(vsw_vx_nh_set(t.dp, vteps[i], nh), 0);
	cr_assert_eq(vsw_vx_flood_set(t.dp, VNI, vteps, 3), 0);
	tenv_hosts_open(&t);
	frame_build(&in, BCAST, A, -1, 0, 0x0806, 46);
	opts.data_size_in = in.len;
	before = port_stats(&t, 1);
	cr_assert_eq(bpf_prog_test_run_opts(vx_fds().encap, &opts), 0,
		     "BPF_PROG_TEST_RUN: %s", strerror(errno));
	cr_assert_eq(opts.retval, TC_ACT_STOLEN, "the original is consumed, not dropped");
	for (int i = 0; i < 50; i++) {
		after = port_stats(&t, 1);
		if (after.rx_packets - before.rx_packets >= 3)
			break;
		usleep(10000);
	}
	usleep(50000);
	after = port_stats(&t, 1);
	cr_assert_eq(after.rx_packets - before.rx_packets, 3, "3 copies reached the underlay's "
		     "peer: %llu", (unsigned long long)(after.rx_packets - before.rx_packets));
	cr_assert_eq(vsw_vx_stats(t.dp, tun_slot(), &vs), 0);
	cr_assert_eq(vs.flood_copies, 3);
	cr_assert_eq(after.rx_bytes - before.rx_bytes, 3 * (in.len + 50),
		     "each copy 50 bytes longer");
}

static __u32 xdp_prog_on(__u32 ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	cr_assert_eq(bpf_xdp_query(ifindex, 0, &q), 0);
	return q.prog_id;
}

/* The program in the tunnel netdev's ingress clsact, 0 if none. */
static __u32 tc_prog_on(__u32 ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, q, .handle = 0x767377, .priority = 1);
	int err;

	vsw_log_libbpf_quiet(1); /* "no qdisc" is an answer here */
	err = bpf_tc_query(&hook, &q);
	vsw_log_libbpf_quiet(0);
	return err ? 0 : q.prog_id;
}

/* The underlay and the tunnel netdev are no ports: destroying the switch
 * must still take its programs off them. */
Test(vxlan, destroying_the_switch_takes_its_programs_off_the_netdevs)
{
	struct vsw_vx_tun r = { .underlay = underlay(), .port_slot = tun_slot(), .vni = VNI,
				.local = ip(LOCAL), .dstport = htons(PORT), .mtu = 1500 };

	struct vsw_vx_underlay u = { .local = ip(LOCAL), .dstport = htons(PORT) };
	char ul[IF_NAMESIZE];
	__u32 again;

	/* as vswd does on a veth underlay: the offload off, noted */
	cr_assert_not_null(if_indextoname(underlay(), ul));
	cr_assert_eq(vsw_vx_offload_off(ul, &u.flags), 0);
	cr_assert_eq(u.flags, VSW_VX_UL_F_TNL_SEG_OFF | VSW_VX_UL_F_TNL_CSUM_SEG_OFF,
		     "a veth has both on to begin with: %u", u.flags);
	cr_assert_eq(vsw_vx_underlay_set(t.dp, underlay(), &u, false), 0);
	cr_assert_eq(vsw_vx_tun_set(t.dp, tun(), &r), 0);
	cr_assert_neq(xdp_prog_on(underlay()), 0, "decap on the underlay");
	cr_assert_neq(tc_prog_on(tun()), 0, "encap on the tunnel netdev");
	vsw_dp_destroy(t.dp);
	t.dp = NULL;
	cr_assert_eq(xdp_prog_on(underlay()), 0, "the underlay is left without XDP");
	cr_assert_eq(tc_prog_on(tun()), 0, "the tunnel netdev too");
	/* turning them off again finds both on: the destroy turned them on */
	cr_assert_eq(vsw_vx_offload_off(ul, &again), 0);
	cr_assert_eq(again, u.flags, "the offload is back after the switch went: %u", again);
	vsw_vx_offload_restore(ul, again);
}
