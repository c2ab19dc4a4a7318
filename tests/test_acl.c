// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Port ACLs by BPF_PROG_TEST_RUN: rules compiled by the library
 * (vsw_acl_apply), crafted IPv4/IPv6/ARP frames run through vsw_ingress,
 * and the verdict, drop reason, counters and rule hits checked. Port 0
 * is the sender; "out" rules are on it. Port 1 has a static FDB entry
 * for its NIC's MAC, so a frame to that MAC is a known unicast and
 * port 1's "in" rules decide in ingress; the flood test checks the
 * egress program with frames sent through the real veths.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "acl.h"
#include "test_macs.h"
#include "testlib.h"
#include "trace.h"

#define NIC0 A /* the NICs of ports 0, 1, 2 */
#define NIC1 B
#define NIC2 C

TENV_SUITE(acl, 3, acl_ports);

/* The ports as every test of the suite starts with them. */
static void acl_ports(void)
{
	__u8 mac[6];

	mac_parse(NIC1, mac);
	cr_assert_eq(vsw_dp_fdb_add_static(t.dp, 1, mac, t.sw[1]), 0);
}

/* ---- frames ---- */

struct l4 {
	int proto;
	__u16 sport, dport;
};

/* IPv4 frame dst<-src MAC, saddr -> daddr, TCP/UDP ports or another proto. */
static void ip4_frame(struct frame *f, const char *dmac, const char *smac, const char *saddr,
		      const char *daddr, struct l4 l)
{
	__u8 *ip;

	frame_build(f, dmac, smac, -1, 0, 0x0800, 46);
	ip = f->data + 14;
	memset(ip, 0, 46);
	ip[0] = 0x45;
	*(__be16 *)(ip + 2) = htons(46);
	ip[8] = 64;
	ip[9] = l.proto;
	cr_assert_eq(inet_pton(AF_INET, saddr, ip + 12), 1);
	cr_assert_eq(inet_pton(AF_INET, daddr, ip + 16), 1);
	*(__be16 *)(ip + 20) = htons(l.sport);
	*(__be16 *)(ip + 22) = htons(l.dport);
}

static void ip6_frame(struct frame *f, const char *dmac, const char *smac, const char *saddr,
		      const char *daddr, struct l4 l)
{
	__u8 *ip;

	frame_build(f, dmac, smac, -1, 0, 0x86dd, 62);
	ip = f->data + 14;
	memset(ip, 0, 62);
	ip[0] = 0x60;
	*(__be16 *)(ip + 4) = htons(22);
	ip[6] = l.proto;
	ip[7] = 64;
	cr_assert_eq(inet_pton(AF_INET6, saddr, ip + 8), 1);
	cr_assert_eq(inet_pton(AF_INET6, daddr, ip + 24), 1);
	*(__be16 *)(ip + 40) = htons(l.sport);
	*(__be16 *)(ip + 42) = htons(l.dport);
}

static const struct l4 UDP53 = { IPPROTO_UDP, 40000, 53 };
static const struct l4 TCP80 = { IPPROTO_TCP, 40000, 80 };

/* ---- rules ---- */

static struct vsw_acl_rule rules[T_MAX_PORTS][VSW_ACL_MAX_RULES + 1];
static unsigned int nrules[T_MAX_PORTS];

/* A rule from vswctl-like words: "dir out action deny remote 10.0.0.0/8". */
static struct vsw_acl_rule *rule(int port, const char *spec)
{
	struct vsw_acl_rule *r = &rules[port][nrules[port]];
	char buf[256], *save = NULL, *w, *v;

	vsw_acl_rule_init(r);
	r->id = nrules[port] + 1;
	r->pool = port * 2048 + nrules[port]; /* 2048 > rules a port gets here */
	nrules[port]++;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strcmp(w, "stateful")) {
			r->stateful = true;
			continue;
		}
		v = strtok_r(NULL, " ", &save);
		cr_assert(v, "rule '%s': %s without a value", spec, w);
		if (!strcmp(w, "dir"))
			r->dirs = vsw_acl_dir_parse(v);
		else if (!strcmp(w, "action"))
			r->action = vsw_acl_action_parse(v);
		else if (!strcmp(w, "priority"))
			r->priority = atoi(v);
		else if (!strcmp(w, "proto"))
			r->proto = vsw_acl_proto_parse(v);
		else if (!strcmp(w, "remote"))
			cr_assert_eq(vsw_acl_cidr_parse(v, &r->remote), 0, "%s", v);
		else if (!strcmp(w, "local"))
			cr_assert_eq(vsw_acl_cidr_parse(v, &r->local), 0, "%s", v);
		else if (!strcmp(w, "rport"))
			r->has_rport = !vsw_acl_range_parse(v, &r->rport);
		else if (!strcmp(w, "lport"))
			r->has_lport = !vsw_acl_range_parse(v, &r->lport);
		else if (!strcmp(w, "remote-mac"))
			r->has_rmac = (mac_parse(v, r->rmac), true);
		else if (!strcmp(w, "local-mac"))
			r->has_lmac = (mac_parse(v, r->lmac), true);
		else if (!strcmp(w, "timeout"))
			r->timeout_s = atoi(v);
		else
			cr_assert_fail("rule '%s': unknown word %s", spec, w);
	}
	cr_assert_eq(vsw_acl_rule_check(r, NULL), 0, "rule '%s' does not hold together", spec);
	vsw_acl_hits_reset(t.dp, r->pool);
	return r;
}

static void apply(int port)
{
	int err = vsw_acl_apply(t.dp, t.sw[port], rules[port], nrules[port]);

	cr_assert_eq(err, 0, "apply on port %d: %s", port, strerror(-err));
}

static __u64 hits(const struct vsw_acl_rule *r)
{
	__u64 h;

	cr_assert_eq(vsw_acl_hits(t.dp, r->pool, &h), 0);
	return h;
}

/* ---- verdicts ---- */

/* Frame into port `from`; returns true when the switch let it on. A drop
 * must be an ACL drop (nothing else drops these frames). */
static bool passes(int from, const struct frame *f)
{
	struct frame out;
	struct vsw_decision dec;
	int action = run_ingress(&t, from, f, &out, &dec);

	if (dec.verdict == VSW_V_DROP) {
		cr_assert_eq(action, XDP_DROP);
		cr_assert_eq(dec.reason, VSW_DROP_ACL, "dropped for %s, not acl",
			     vsw_drop_reason_name(dec.reason));
		return false;
	}
	cr_assert_neq(action, XDP_DROP);
	return true;
}

/* out: the NIC of port 0 sends to 10.1.2.3 (flood: unknown destination). */
#define SEND_OUT(f, daddr, l4) ip4_frame(f, NIC2, NIC0, "192.168.0.10", daddr, l4)
/* in: a frame to port 1's NIC (known unicast). */
#define SEND_IN(f, saddr, daddr, l4) ip4_frame(f, NIC1, NIC0, saddr, daddr, l4)

Test(acl, port_flags_follow_the_rules)
{
	struct vsw_port p;

	rule(0, "dir out action deny");
	apply(0);
	cr_assert_eq(vsw_dp_port_get(t.dp, t.sw[0], &p), 0);
	cr_assert(p.flags & VSW_PORT_F_ACL_OUT);
	cr_assert_not(p.flags & VSW_PORT_F_ACL_IN);
	cr_assert(p.flags & VSW_PORT_F_UP, "other flags kept");
	nrules[0] = 0;
	apply(0);
	cr_assert_eq(vsw_dp_port_get(t.dp, t.sw[0], &p), 0);
	cr_assert_not(p.flags & (VSW_PORT_F_ACL_OUT | VSW_PORT_F_ACL_IN));
}

Test(acl, remote_ipv4_prefix)
{
	struct frame f;
	struct vsw_acl_rule *r = rule(0, "dir out action deny remote 10.0.0.0/8");

	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	cr_assert_not(passes(0, &f), "10.1.2.3 is in 10/8");
	SEND_OUT(&f, "11.1.2.3", UDP53);
	cr_assert(passes(0, &f), "11.1.2.3 is not");
	cr_assert_eq(hits(r), 1);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_ACL], 1);
}

Test(acl, local_ipv4_prefix_on_delivery)
{
	struct frame f;

	rule(1, "dir in action deny local 172.16.1.0/24");
	apply(1);
	SEND_IN(&f, "10.0.0.1", "172.16.1.9", UDP53);
	cr_assert_not(passes(0, &f), "to 172.16.1.9 (local of port 1)");
	SEND_IN(&f, "172.16.1.9", "172.16.2.9", UDP53);
	cr_assert(passes(0, &f), "172.16.1.9 is remote here, the local is 172.16.2.9");
	cr_assert_eq(port_stats(&t, 1).drops[VSW_DROP_ACL], 1, "charged to port 1");
}

Test(acl, ipv6_prefixes)
{
	struct frame f;

	rule(0, "dir out action deny remote 2001:db8:1::/48");
	rule(0, "dir out action deny local fd00::5/128");
	apply(0);
	ip6_frame(&f, NIC2, NIC0, "fd00::1", "2001:db8:1::77", UDP53);
	cr_assert_not(passes(0, &f), "remote in 2001:db8:1::/48");
	ip6_frame(&f, NIC2, NIC0, "fd00::1", "2001:db8:2::77", UDP53);
	cr_assert(passes(0, &f), "remote outside");
	ip6_frame(&f, NIC2, NIC0, "fd00::5", "2001:db8:2::77", UDP53);
	cr_assert_not(passes(0, &f), "local fd00::5");
	ip4_frame(&f, NIC2, NIC0, "192.168.0.1", "10.0.0.1", UDP53);
	cr_assert(passes(0, &f), "IPv6 rules leave IPv4 alone");
}

Test(acl, protocol)
{
	struct frame f;

	rule(0, "dir out action deny proto udp");
	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	cr_assert_not(passes(0, &f));
	SEND_OUT(&f, "10.1.2.3", TCP80);
	cr_assert(passes(0, &f));
	SEND_OUT(&f, "10.1.2.3", ((struct l4){ 47, 0, 0 }));
	cr_assert(passes(0, &f), "GRE");
}

Test(acl, remote_port_range)
{
	struct frame f;

	rule(0, "dir out action deny rport 1000-2000");
	apply(0);
	for (int p = 995; p <= 1005; p++) {
		SEND_OUT(&f, "10.1.2.3", ((struct l4){ IPPROTO_TCP, 5555, p }));
		cr_assert_eq(passes(0, &f), p < 1000, "rport %d", p);
	}
	for (int p = 1995; p <= 2005; p++) {
		SEND_OUT(&f, "10.1.2.3", ((struct l4){ IPPROTO_UDP, 5555, p }));
		cr_assert_eq(passes(0, &f), p > 2000, "rport %d", p);
	}
	SEND_OUT(&f, "10.1.2.3", ((struct l4){ IPPROTO_ICMP, 1500, 1500 }));
	cr_assert(passes(0, &f), "ICMP has no ports: a port rule cannot match it");
}

Test(acl, local_port)
{
	struct frame f;

	rule(1, "dir in action deny proto tcp lport 22");
	apply(1);
	SEND_IN(&f, "10.0.0.1", "10.0.0.2", ((struct l4){ IPPROTO_TCP, 40000, 22 }));
	cr_assert_not(passes(0, &f), "to port 1's ssh");
	SEND_IN(&f, "10.0.0.1", "10.0.0.2", ((struct l4){ IPPROTO_TCP, 22, 40000 }));
	cr_assert(passes(0, &f), "from a remote ssh");
	SEND_IN(&f, "10.0.0.1", "10.0.0.2", ((struct l4){ IPPROTO_UDP, 40000, 22 }));
	cr_assert(passes(0, &f), "UDP 22");
}

Test(acl, remote_and_local_mac)
{
	struct frame f;

	rule(0, "dir out action deny remote-mac " NIC2);
	rule(1, "dir in action deny local-mac " NIC1 " proto udp");
	apply(0);
	apply(1);
	SEND_OUT(&f, "10.1.2.3", TCP80);
	cr_assert_not(passes(0, &f), "to NIC2's MAC");
	ip4_frame(&f, BCAST, NIC0, "10.0.0.1", "10.1.2.3", TCP80);
	cr_assert(passes(0, &f), "broadcast MAC");
	SEND_IN(&f, "10.0.0.1", "10.0.0.2", UDP53);
	cr_assert_not(passes(0, &f), "UDP to NIC1");
	SEND_IN(&f, "10.0.0.1", "10.0.0.2", TCP80);
	cr_assert(passes(0, &f), "TCP to NIC1");
}

Test(acl, non_ip_frames_meet_mac_rules_only)
{
	struct frame f;

	rule(0, "dir out action deny remote 0.0.0.0/0");
	apply(0);
	frame_build(&f, BCAST, NIC0, -1, 0, 0x0806, 28);
	cr_assert(passes(0, &f), "ARP is not IPv4: an address rule cannot match it");
	rule(0, "dir out action deny remote-mac " BCAST);
	apply(0);
	cr_assert_not(passes(0, &f), "a MAC rule can");
}

Test(acl, priority_decides)
{
	struct frame f;
	struct vsw_acl_rule *allow, *deny;

	allow = rule(0, "dir out priority 10 action allow remote 10.0.0.0/8");
	deny = rule(0, "dir out priority 20 action deny remote 10.1.0.0/16");
	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	cr_assert(passes(0, &f), "priority 10 allows, though /16 is more specific");
	allow->priority = 30;
	apply(0);
	cr_assert_not(passes(0, &f), "now the deny comes first");
	SEND_OUT(&f, "10.2.2.3", UDP53);
	cr_assert(passes(0, &f), "outside the /16: the allow");
	cr_assert_eq(hits(deny), 1);
	cr_assert_eq(hits(allow), 2);
}

Test(acl, most_specific_prefix_wins_among_equals)
{
	struct frame f;

	rule(0, "dir out action deny remote 10.0.0.0/8");
	rule(0, "dir out action allow remote 10.1.2.0/24");
	rule(0, "dir out action deny remote 10.1.2.128/25");
	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	cr_assert(passes(0, &f), "/24 allow beats /8 deny");
	SEND_OUT(&f, "10.1.2.200", UDP53);
	cr_assert_not(passes(0, &f), "/25 deny beats /24 allow");
	SEND_OUT(&f, "10.9.9.9", UDP53);
	cr_assert_not(passes(0, &f), "only /8");
}

Test(acl, meter_counts_and_decides_nothing)
{
	struct frame f;
	struct vsw_acl_rule *m, *d;

	m = rule(0, "dir out action meter remote 10.0.0.0/8");
	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	for (int i = 0; i < 3; i++)
		cr_assert(passes(0, &f), "a meter lets it on");
	SEND_OUT(&f, "11.1.2.3", UDP53);
	cr_assert(passes(0, &f));
	cr_assert_eq(hits(m), 3);
	d = rule(0, "dir out priority 200 action deny proto udp");
	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	cr_assert_not(passes(0, &f), "the deny decides, though the meter ranks first");
	cr_assert_eq(hits(m), 4);
	cr_assert_eq(hits(d), 1);
}

Test(acl, default_is_allow_and_both_directions)
{
	struct frame f;

	rule(1, "dir both action deny remote 10.9.0.0/16");
	apply(1);
	SEND_IN(&f, "10.8.0.1", "10.0.0.2", UDP53);
	cr_assert(passes(0, &f), "no rule matches: allowed");
	SEND_IN(&f, "10.9.0.1", "10.0.0.2", UDP53);
	cr_assert_not(passes(0, &f), "in");
	ip4_frame(&f, NIC0, NIC1, "10.0.0.2", "10.9.0.1", UDP53);
	cr_assert_not(passes(1, &f), "out");
}

/* Port 1's NIC (10.0.0.2) talks TCP to 10.0.0.1 behind port 0. */
#define OUTBOUND(f, sport) ip4_frame(f, NIC0, NIC1, "10.0.0.2", "10.0.0.1", \
				     ((struct l4){ IPPROTO_TCP, sport, 443 }))
#define REPLY(f, dport) SEND_IN(f, "10.0.0.1", "10.0.0.2", ((struct l4){ IPPROTO_TCP, 443, dport }))

Test(acl, stateful_lets_replies_in)
{
	struct frame f;

	rule(1, "dir out action allow proto tcp stateful");
	rule(1, "dir in priority 1000 action deny");
	apply(1);
	REPLY(&f, 50000);
	cr_assert_not(passes(0, &f), "unsolicited: denied");
	OUTBOUND(&f, 50000);
	cr_assert(passes(1, &f), "outbound allowed");
	REPLY(&f, 50000);
	cr_assert(passes(0, &f), "its reply is let in");
	cr_assert(passes(0, &f), "and the next");
	REPLY(&f, 50001);
	cr_assert_not(passes(0, &f), "another flow's reply is not");
	/* New rules: the flow must go out again before replies come in. */
	apply(1);
	REPLY(&f, 50000);
	cr_assert_not(passes(0, &f), "state belongs to the rules that made it");
	OUTBOUND(&f, 50000);
	cr_assert(passes(1, &f));
	REPLY(&f, 50000);
	cr_assert(passes(0, &f));
}

/* A packet trace decides as the rules would and changes nothing: no hit
 * counted, no flow opened for replies. */
Test(acl, a_trace_counts_no_hit_and_opens_no_flow)
{
	struct vsw_acl_rule *allow, *deny_in, *deny_udp;
	struct vsw_decision dec;
	struct frame f;

	allow = rule(1, "dir out action allow proto tcp stateful");
	deny_udp = rule(1, "dir out priority 2000 action deny proto udp");
	deny_in = rule(1, "dir in priority 1000 action deny");
	apply(1);
	OUTBOUND(&f, 50000);
	cr_assert_eq(vsw_trace_run(t.dp, t.sw[1], f.data, f.len, &dec), 0);
	cr_assert_neq(dec.verdict, VSW_V_DROP, "the trace sees the allow");
	cr_assert_eq(hits(allow), 0, "a trace counts no hit");
	REPLY(&f, 50000);
	cr_assert_not(passes(0, &f), "the trace opened no flow: the reply is denied");
	cr_assert_eq(hits(deny_in), 1);

	ip4_frame(&f, NIC0, NIC1, "10.0.0.2", "10.0.0.1", UDP53);
	cr_assert_eq(vsw_trace_run(t.dp, t.sw[1], f.data, f.len, &dec), 0);
	cr_assert_eq(dec.verdict, VSW_V_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_ACL, "the trace names the acl drop");
	cr_assert_eq(hits(deny_udp), 0, "a trace counts no hit");
	cr_assert_eq(port_stats(&t, 1).drops[VSW_DROP_ACL], 1, "only the real frame's drop");
}

Test(acl, stateless_allow_opens_nothing)
{
	struct frame f;

	rule(1, "dir out action allow proto tcp");
	rule(1, "dir in priority 1000 action deny");
	apply(1);
	OUTBOUND(&f, 50000);
	cr_assert(passes(1, &f));
	REPLY(&f, 50000);
	cr_assert_not(passes(0, &f));
}

Test(acl, stateful_idle_timeout)
{
	struct frame f;

	rule(1, "dir out action allow proto tcp stateful timeout 1");
	rule(1, "dir in priority 1000 action deny");
	apply(1);
	OUTBOUND(&f, 50000);
	cr_assert(passes(1, &f));
	REPLY(&f, 50000);
	cr_assert(passes(0, &f));
	usleep(600 * 1000);
	cr_assert(passes(0, &f), "a reply within the timeout keeps it alive");
	usleep(1500 * 1000);
	cr_assert_not(passes(0, &f), "idle longer than 1 s: forgotten");
	OUTBOUND(&f, 50000);
	cr_assert(passes(1, &f));
	REPLY(&f, 50000);
	cr_assert(passes(0, &f), "open again after the next outbound frame");
}

Test(acl, cached_verdict_follows_rule_changes)
{
	struct frame f;

	rule(0, "dir out action deny remote 10.0.0.0/8");
	apply(0);
	SEND_OUT(&f, "10.1.2.3", UDP53);
	cr_assert_not(passes(0, &f));
	cr_assert_not(passes(0, &f), "from the flow table");
	rules[0][0].action = VSW_ACL_ALLOW;
	apply(0);
	cr_assert(passes(0, &f), "new rules, new verdict");
}

Test(acl, thousand_rules_choose_right)
{
	struct frame f;
	char spec[128];
	struct vsw_acl_rule *last = NULL;

	for (int i = 0; i < 1000; i++) {
		snprintf(spec, sizeof(spec), "dir out action deny remote 10.%d.%d.0/24 rport %d",
			 i / 256, i % 256, 1000 + i);
		last = rule(0, spec);
	}
	apply(0);
	SEND_OUT(&f, "10.3.231.9", ((struct l4){ IPPROTO_UDP, 1, 1999 }));
	cr_assert_not(passes(0, &f), "rule 999: 10.3.231.0/24 port 1999");
	cr_assert_eq(hits(last), 1);
	SEND_OUT(&f, "10.3.231.9", ((struct l4){ IPPROTO_UDP, 1, 1998 }));
	cr_assert(passes(0, &f), "that prefix with rule 998's port");
	SEND_OUT(&f, "10.3.230.9", ((struct l4){ IPPROTO_UDP, 1, 1998 }));
	cr_assert_not(passes(0, &f), "rule 998");
}

Test(acl, too_many_rules_refused)
{
	for (int i = 0; i <= VSW_ACL_MAX_RULES; i++)
		rule(0, "dir out action deny");
	cr_assert_eq(vsw_acl_apply(t.dp, t.sw[0], rules[0], nrules[0]), -E2BIG);
	nrules[0] = VSW_ACL_MAX_RULES;
	rules[0][VSW_ACL_MAX_RULES - 1].dirs = VSW_ACL_DIR_IN; /* 1023 out, 1 in */
	apply(0);
}

Test(acl, flood_copies_meet_the_in_rules)
{
	struct frame f, got;

	rule(1, "dir in action deny proto udp");
	apply(1);
	tenv_hosts_open(&t);
	drain_hosts(&t);
	ip4_frame(&f, BCAST, NIC0, "10.0.0.1", "10.0.0.255", UDP53);
	send_frame(&t, 0, &f);
	cr_assert(recv_host(&t, 2, &got, 1000), "port 2 gets its copy");
	cr_assert_not(recv_host(&t, 1, &got, 300), "port 1's copy was denied");
	cr_assert_eq(port_stats(&t, 1).drops[VSW_DROP_ACL], 1);
	ip4_frame(&f, BCAST, NIC0, "10.0.0.1", "10.0.0.255", TCP80);
	send_frame(&t, 0, &f);
	cr_assert(recv_host(&t, 1, &got, 1000), "TCP reaches port 1");
}

/* Entries of a pinned ACL map of the switch. */
static unsigned int map_entries(const char *name, size_t key_size)
{
	char path[256], key[64], prev[64];
	unsigned int n = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", vsw_dp_pin_dir(t.dp), name);
	fd = bpf_obj_get(path);
	cr_assert_geq(fd, 0, "%s: %m", path);
	for (void *p = NULL; !bpf_map_get_next_key(fd, p, key); p = prev, n++)
		memcpy(prev, key, key_size);
	close(fd);
	return n;
}

Test(acl, tables_are_reused_and_emptied)
{
	char spec[96];
	unsigned int full;

	for (int i = 0; i < 50; i++) {
		snprintf(spec, sizeof(spec), "dir both action deny remote 10.0.%d.0/24 proto udp", i);
		rule(0, spec);
	}
	apply(0);
	full = map_entries(VSW_MAP_ACL_PREFIXES, sizeof(struct vsw_acl_prefix_key));
	/* 50 prefixes and /0, for two families, two directions. */
	cr_assert_eq(full, 2 * (51 + 1), "entries %u", full);
	apply(0);
	apply(0);
	cr_assert_eq(map_entries(VSW_MAP_ACL_PREFIXES, sizeof(struct vsw_acl_prefix_key)),
		     2 * full, "the live bank and the idle one, never more");
	nrules[0] = 0;
	apply(0);
	cr_assert_eq(map_entries(VSW_MAP_ACL_PREFIXES, sizeof(struct vsw_acl_prefix_key)), 0);
	cr_assert_eq(map_entries(VSW_MAP_ACL_VALUES, sizeof(struct vsw_acl_value_key)), 0);
	cr_assert_eq(map_entries(VSW_MAP_ACL_SETS, sizeof(struct vsw_acl_set_key)), 0);
}

Test(acl, truncated_ip_headers_cannot_be_judged)
{
	struct frame f;

	frame_build(&f, NIC2, NIC0, -1, 0, 0x0800, 10); /* half an IPv4 header */
	cr_assert(passes(0, &f), "no rules: the switch does not look at IP");
	rule(0, "dir out action allow remote 10.0.0.0/8");
	apply(0);
	cr_assert_not(passes(0, &f), "rules cannot judge it: dropped");
	ip4_frame(&f, NIC2, NIC0, "192.168.0.10", "10.1.2.3", UDP53);
	f.len = 14 + 20 + 2; /* the IPv4 header, half the UDP ports */
	cr_assert_not(passes(0, &f), "UDP ports cut short");
	f.len = 14 + 20 + 4;
	cr_assert(passes(0, &f), "the ports are all there");
}

/* ---- IPv6 extension headers and fragments (issue 15) ---- */

/* An IPv6 TCP SYN to port 22 from port 0's NIC, behind the extension
 * headers in ext (each 8 bytes: next header, length 0, PadN), and when
 * frag_off is not negative inside a fragment header with that offset. */
static void ssh6(struct frame *f, const __u8 *ext, int n, int frag_off)
{
	int hdrs = n + (frag_off >= 0), len = 8 * hdrs + 20;
	__u8 *ip, *p;

	frame_build(f, NIC2, NIC0, -1, 0, 0x86dd, 40 + len);
	ip = f->data + 14;
	memset(ip, 0, 40 + len);
	ip[0] = 0x60;
	*(__be16 *)(ip + 4) = htons(len);
	ip[7] = 64;
	cr_assert_eq(inet_pton(AF_INET6, "2001:db8::10", ip + 8), 1);
	cr_assert_eq(inet_pton(AF_INET6, "2001:db8::20", ip + 24), 1);
	p = ip + 40;
	ip[6] = n ? ext[0] : frag_off >= 0 ? IPPROTO_FRAGMENT : IPPROTO_TCP;
	for (int i = 0; i < n; i++, p += 8) {
		p[0] = i + 1 < n ? ext[i + 1] : frag_off >= 0 ? IPPROTO_FRAGMENT : IPPROTO_TCP;
		p[2] = 1, p[3] = 4; /* PadN, 4 bytes */
	}
	if (frag_off >= 0) {
		p[0] = IPPROTO_TCP;
		*(__be16 *)(p + 2) = htons(frag_off << 3); /* M = 0 */
		p += 8;
	}
	*(__be16 *)(p + 0) = htons(40000);
	*(__be16 *)(p + 2) = htons(22);
	p[13] = 0x02; /* SYN */
}

/* The documentation's own example must hold whatever precedes the TCP
 * header: a hop-by-hop header, an atomic fragment and a long chain got a
 * SYN past `deny proto tcp lport 22` before the walk. */
Test(acl, ipv6_deny_sees_through_extension_headers)
{
	static const __u8 hbh[] = { IPPROTO_HOPOPTS }, ah[] = { IPPROTO_AH };
	static const __u8 chain[] = { IPPROTO_HOPOPTS, IPPROTO_DSTOPTS, IPPROTO_ROUTING,
				      IPPROTO_DSTOPTS };
	struct frame f;

	rule(0, "dir out action deny proto tcp rport 22");
	apply(0);
	ssh6(&f, NULL, 0, -1);
	cr_assert_not(passes(0, &f), "the plain SYN");
	ssh6(&f, hbh, 1, -1);
	cr_assert_not(passes(0, &f), "behind a hop-by-hop header");
	ssh6(&f, NULL, 0, 0);
	cr_assert_not(passes(0, &f), "in an atomic fragment");
	ssh6(&f, chain, 4, 0);
	cr_assert_not(passes(0, &f), "behind four headers and a fragment header");
	ssh6(&f, ah, 1, -1);
	cr_assert_not(passes(0, &f), "behind an authentication header");
	cr_assert_eq(hits(&rules[0][0]), 5);
}

/* Frames whose TCP header cannot be seen: a deny rule on L4 fields fails
 * closed, under its own reason; a port without one lets them go. */
Test(acl, ipv6_unseen_transport_fails_closed_only_under_l4_denies)
{
	static const __u8 deep[12] = { IPPROTO_DSTOPTS, IPPROTO_DSTOPTS, IPPROTO_DSTOPTS,
				       IPPROTO_DSTOPTS, IPPROTO_DSTOPTS, IPPROTO_DSTOPTS,
				       IPPROTO_DSTOPTS, IPPROTO_DSTOPTS, IPPROTO_DSTOPTS,
				       IPPROTO_DSTOPTS, IPPROTO_DSTOPTS, IPPROTO_DSTOPTS };
	struct vsw_decision dec;
	struct frame f;

	rule(0, "dir out action deny proto tcp rport 22");
	apply(0);
	ssh6(&f, NULL, 0, 100); /* a later fragment: no TCP header */
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_UNPARSED, "reason %s", vsw_drop_reason_name(dec.reason));
	ssh6(&f, deep, 12, -1); /* a chain longer than the walk */
	cr_assert_eq(run_ingress(&t, 0, &f, NULL, &dec), XDP_DROP);
	cr_assert_eq(dec.reason, VSW_DROP_UNPARSED);
	cr_assert_eq(port_stats(&t, 0).drops[VSW_DROP_UNPARSED], 2);

	nrules[0] = 0;
	rule(0, "dir out action deny remote 2001:db8:ffff::/48");
	apply(0);
	ssh6(&f, NULL, 0, 100);
	cr_assert(passes(0, &f), "no rule needs the TCP header");
	ssh6(&f, deep, 12, -1);
	cr_assert(passes(0, &f));
}
