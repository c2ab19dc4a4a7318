// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>

#include "test_macs.h"
#include "testlib.h"
#include "test_helpers.skel.h"
#include "vlan_set.h"

static struct test_helpers_bpf *helpers;
static int host_sock[T_MAX_PORTS] = { [0 ... T_MAX_PORTS - 1] = -1 };

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	cr_assert_eq(rc, 0, "command failed (%d): %s", rc, cmd);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "open %s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

void tenv_setup(struct tenv *t, int nports)
{
	struct vsw_port_cfg cfg;
	cpu_set_t cpus;
	int err;

	cr_assert_leq(nports, T_MAX_PORTS);
	memset(t, 0, sizeof(*t));
	t->nports = nports;

	cr_assert_eq(sched_getaffinity(0, sizeof(t->cpus), &t->cpus), 0, "sched_getaffinity: %s",
		     strerror(errno));
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	cr_assert_eq(sched_setaffinity(0, sizeof(cpus), &cpus), 0, "pin to CPU 0");

	/* A namespace of our own: our veths cannot meet anyone else's. */
	cr_assert_eq(unshare(CLONE_NEWNET), 0, "unshare(CLONE_NEWNET): %s", strerror(errno));
	write_file("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	write_file("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	sh("ip link set lo up");
	for (int i = 0; i < nports; i++) {
		char sw[IF_NAMESIZE], host[IF_NAMESIZE];

		snprintf(sw, sizeof(sw), "sw%d", i);
		snprintf(host, sizeof(host), "h%d", i);
		sh("ip link add %s type veth peer name %s && ip link set %s up && ip link set %s up",
		   sw, host, sw, host);
		t->sw[i] = if_nametoindex(sw);
		t->host[i] = if_nametoindex(host);
		cr_assert(t->sw[i] && t->host[i], "veth %s/%s", sw, host);
	}

	snprintf(t->bpffs, sizeof(t->bpffs), "/sys/fs/bpf/vsw-test-%d", getpid());
	struct vsw_dp_opts opts = { .bpffs = t->bpffs };
	err = vsw_dp_create("t", &opts, &t->dp);
	cr_assert_eq(err, 0, "create switch: %s", strerror(-err));
	vsw_port_cfg_init(&cfg);
	for (int i = 0; i < nports; i++) {
		err = vsw_dp_port_add(t->dp, t->sw[i], &cfg);
		cr_assert_eq(err, 0, "add port sw%d: %s", i, strerror(-err));
	}
}

void tenv_teardown(struct tenv *t)
{
	for (int i = 0; i < T_MAX_PORTS; i++)
		if (host_sock[i] >= 0) {
			close(host_sock[i]);
			host_sock[i] = -1;
		}
	test_helpers_bpf__destroy(helpers);
	helpers = NULL;
	vsw_dp_destroy(t->dp);
	t->dp = NULL;
	/* The namespace, and every veth in it, ends with this process. */
}

void tenv_port_access(struct tenv *t, int i, __u16 vid)
{
	struct vsw_port_cfg cfg;
	int err;

	vsw_port_cfg_init(&cfg);
	cfg.pvid = vid;
	err = vsw_dp_port_set(t->dp, t->sw[i], &cfg);
	cr_assert_eq(err, 0, "port sw%d access %u: %s", i, vid, strerror(-err));
}

void tenv_port_skb(struct tenv *t, int i, __u16 vid)
{
	struct vsw_port_cfg cfg;
	struct vsw_port p;
	int err;

	vsw_port_cfg_init(&cfg);
	cfg.pvid = vid;
	cfg.skb_mode = true;
	cr_assert_eq(vsw_dp_port_del(t->dp, t->sw[i]), 0);
	err = vsw_dp_port_add(t->dp, t->sw[i], &cfg);
	cr_assert_eq(err, 0, "sw%d in generic XDP: %s", i, strerror(-err));
	cr_assert_eq(vsw_dp_port_get(t->dp, t->sw[i], &p), 0);
	cr_assert(p.flags & VSW_PORT_F_SKB_MODE, "sw%d flagged generic", i);
}

void tenv_port_mtu(struct tenv *t, int i, __u32 mtu)
{
	int err;

	sh("ip link set sw%d mtu %u && ip link set h%d mtu %u", i, mtu, i, mtu);
	err = vsw_dp_port_set_mtu(t->dp, t->sw[i], mtu);
	cr_assert_eq(err, 0, "port sw%d mtu %u: %s", i, mtu, strerror(-err));
}

void tenv_port_trunk(struct tenv *t, int i, const char *vids, __u16 native)
{
	struct vsw_port_cfg cfg;
	const char *bad;
	int err;

	vsw_port_cfg_init(&cfg);
	cfg.mode = VSW_PORT_TRUNK;
	cfg.pvid = native;
	cr_assert_eq(vlan_set_parse(cfg.vlans, vids, &bad), 0, "VID list %s", vids);
	err = vsw_dp_port_set(t->dp, t->sw[i], &cfg);
	cr_assert_eq(err, 0, "port sw%d trunk %s: %s", i, vids, strerror(-err));
}

void mac_parse(const char *s, __u8 mac[6])
{
	unsigned int b[6];

	cr_assert_eq(sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]), 6,
		     "MAC %s", s);
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
}

struct eth_addrs {
	__u8 dst[6];
	__u8 src[6];
} __attribute__((packed));

struct tag {
	__be16 tpid;
	__be16 tci;
} __attribute__((packed));

void frame_build(struct frame *f, const char *dst, const char *src, int vid, int pcp,
		 __u16 ethertype, __u32 payload_len)
{
	struct eth_addrs *a = (void *)f->data;
	__u32 off = sizeof(*a);

	memset(f, 0, sizeof(*f));
	mac_parse(dst, a->dst);
	mac_parse(src, a->src);
	if (vid >= 0) {
		struct tag tag = {
			.tpid = htons(ETH_P_8021Q),
			.tci = htons((__u16)((pcp << 13) | vid)),
		};

		memcpy(f->data + off, &tag, sizeof(tag));
		off += sizeof(tag);
	}
	*(__be16 *)(f->data + off) = htons(ethertype);
	off += 2;
	cr_assert_leq(off + payload_len, sizeof(f->data));
	for (__u32 i = 0; i < payload_len; i++)
		f->data[off + i] = (__u8)(i * 7 + 1);
	f->len = off + payload_len;
}

__u16 frame_tpid(const struct frame *f)
{
	return ntohs(*(__be16 *)(f->data + 12));
}

__u16 frame_vid(const struct frame *f)
{
	return ntohs(*(__be16 *)(f->data + 14)) & 0x0fff;
}

__u8 frame_pcp(const struct frame *f)
{
	return ntohs(*(__be16 *)(f->data + 14)) >> 13;
}

int run_ingress_ifindex(struct tenv *t, __u32 ifindex, const struct frame *in,
			struct frame *out, struct vsw_decision *dec)
{
	struct xdp_md ctx = { .data_end = in->len, .ingress_ifindex = ifindex };
	struct xdp_md ctx_out = {};
	static struct frame scratch;
	static __u8 raw[T_FRAME_MAX + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->data, .data_size_in = in->len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .ctx_out = &ctx_out,
		    .ctx_size_out = sizeof(ctx_out), .repeat = 1);
	struct vsw_decision last;
	__u32 skip = 0;
	int err;

	if (!out)
		out = &scratch;
	/* data_out starts at the metadata; ctx_out.data is where the frame does. */
	opts.data_out = raw;
	opts.data_size_out = sizeof(raw);
	err = bpf_prog_test_run_opts(vsw_dp_ingress_fd(t->dp), &opts);
	cr_assert_eq(err, 0, "BPF_PROG_TEST_RUN: %s", strerror(errno));
	cr_assert_eq(ctx_out.data, 0, "metadata of %u bytes: the datapath uses none",
		     ctx_out.data);
	cr_assert_eq(vsw_dp_last_decision(t->dp, 0, &last), 0, "read decision");
	out->has_shim = last.flags & VSW_DEC_F_SHIM;
	if (out->has_shim) {
		cr_assert_geq(opts.data_size_out, sizeof(out->shim));
		memcpy(&out->shim, raw, sizeof(out->shim));
		cr_assert_eq(out->shim.word & VSW_SHIM_MAGIC_MASK, VSW_SHIM_MAGIC, "shim %#x",
			     out->shim.word);
		skip = sizeof(out->shim);
	}
	out->len = opts.data_size_out - skip;
	cr_assert_leq(out->len, sizeof(out->data));
	memcpy(out->data, raw + skip, out->len);
	if (dec)
		*dec = last;
	return opts.retval;
}

int run_ingress(struct tenv *t, int i, const struct frame *in, struct frame *out,
		struct vsw_decision *dec)
{
	return run_ingress_ifindex(t, t->sw[i], in, out, dec);
}

void tenv_hosts_open(struct tenv *t)
{
	int one = 1, err;

	helpers = test_helpers_bpf__open_and_load();
	cr_assert_not_null(helpers, "load test helpers");
	for (int i = 0; i < t->nports; i++) {
		struct sockaddr_ll sll = {
			.sll_family = AF_PACKET,
			.sll_protocol = htons(ETH_P_ALL),
			.sll_ifindex = (int)t->host[i],
		};

		/* NAPI on the peer, so frames redirected into sw<i> arrive. */
		err = bpf_xdp_attach(t->host[i], bpf_program__fd(helpers->progs.xdp_pass),
				     XDP_FLAGS_DRV_MODE, NULL);
		cr_assert_eq(err, 0, "xdp_pass on h%d: %s", i, strerror(-err));
		host_sock[i] = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
		cr_assert_geq(host_sock[i], 0, "AF_PACKET socket: %s", strerror(errno));
		cr_assert_eq(setsockopt(host_sock[i], SOL_PACKET, PACKET_AUXDATA, &one,
					sizeof(one)), 0);
		/* What we send on h<i> is no frame the switch delivered there
		 * (recv_host checks the packet type as well). */
		cr_assert_eq(setsockopt(host_sock[i], SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
					sizeof(one)), 0, "PACKET_IGNORE_OUTGOING: %s", strerror(errno));
		cr_assert_eq(bind(host_sock[i], (struct sockaddr *)&sll, sizeof(sll)), 0,
			     "bind h%d: %s", i, strerror(errno));
	}
}

/*
 * veth_xmit on h<i> hands the frame to sw<i>'s NAPI, which runs
 * vsw_ingress natively; redirected copies go on to the other peers' NAPI.
 * All of it runs in softirq on this CPU (the test is pinned to CPU 0)
 * when sendto re-enables bottom halves, so it is mostly done when sendto
 * returns; the receiving side still polls with a timeout.
 */
void send_frame(struct tenv *t, int i, const struct frame *f)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_ifindex = (int)t->host[i],
		.sll_halen = ETH_ALEN,
	};
	ssize_t n;

	cr_assert_geq(host_sock[i], 0, "h%d has no socket: tenv_hosts_open first", i);
	memcpy(to.sll_addr, f->data, ETH_ALEN);
	n = sendto(host_sock[i], f->data, f->len, 0, (struct sockaddr *)&to, sizeof(to));
	cr_assert_eq(n, (ssize_t)f->len, "send %u bytes on h%d: %s", f->len, i,
		     n < 0 ? strerror(errno) : "short write");
}

bool recv_host(struct tenv *t, int i, struct frame *f, int timeout_ms)
{
	char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct pollfd pfd = { .fd = host_sock[i], .events = POLLIN };
	struct iovec iov = { .iov_base = f->data, .iov_len = sizeof(f->data) - 4 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct sockaddr_ll from;
	ssize_t n;

	for (;;) {
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_controllen = sizeof(cbuf);
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return false;
		n = recvmsg(host_sock[i], &msg, 0);
		if (n < 0)
			return false;
		/* Our own send on h<i>, should one slip through: not a delivery. */
		if (from.sll_pkttype != PACKET_OUTGOING)
			break;
	}
	f->len = n;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata aux;
		struct tag tag;

		if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA)
			continue;
		memcpy(&aux, CMSG_DATA(c), sizeof(aux));
		if (!(aux.tp_status & TP_STATUS_VLAN_VALID))
			continue;
		/* The kernel moved the tag out of the frame; put it back. */
		tag.tpid = htons((aux.tp_status & TP_STATUS_VLAN_TPID_VALID) ? aux.tp_vlan_tpid
									       : ETH_P_8021Q);
		tag.tci = htons(aux.tp_vlan_tci);
		memmove(f->data + 16, f->data + 12, f->len - 12);
		memcpy(f->data + 12, &tag, sizeof(tag));
		f->len += sizeof(tag);
	}
	return true;
}

void drain_hosts(struct tenv *t)
{
	struct frame f;
	bool got;

	/* Until every host has been quiet for T_DRAIN_MS at once. */
	do {
		got = false;
		for (int i = 0; i < t->nports; i++)
			while (recv_host(t, i, &f, 0))
				got = true;
		if (!got)
			for (int i = 0; i < t->nports && !got; i++)
				got = recv_host(t, i, &f, i ? 0 : T_DRAIN_MS);
	} while (got);
}

struct vsw_port_stats port_stats(struct tenv *t, int i)
{
	struct vsw_port_stats s;
	int err = vsw_dp_port_stats(t->dp, t->sw[i], &s);

	cr_assert_eq(err, 0, "stats of sw%d: %s", i, strerror(-err));
	return s;
}

static int fdb_fd(struct tenv *t)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", vsw_dp_pin_dir(t->dp), VSW_MAP_FDB);
	fd = bpf_obj_get(path);
	cr_assert_geq(fd, 0, "open %s: %s", path, strerror(errno));
	return fd;
}

bool fdb_get(struct tenv *t, __u16 vid, const char *mac, struct vsw_fdb_entry *e)
{
	struct vsw_fdb_key key = { .vid = vid };
	int fd = fdb_fd(t);
	bool found;

	mac_parse(mac, key.mac);
	found = !bpf_map_lookup_elem(fd, &key, e);
	close(fd);
	return found;
}

void fdb_set_last_seen(struct tenv *t, __u16 vid, const char *mac, __u64 last_seen)
{
	struct vsw_fdb_key key = { .vid = vid };
	struct vsw_fdb_entry e;
	int fd = fdb_fd(t);

	mac_parse(mac, key.mac);
	cr_assert_eq(bpf_map_lookup_elem(fd, &key, &e), 0, "FDB entry vlan %u %s", vid, mac);
	e.last_seen = last_seen;
	cr_assert_eq(bpf_map_update_elem(fd, &key, &e, BPF_EXIST), 0);
	close(fd);
	cr_assert_eq(vsw_dp_fdb_changed(t->dp), 0);
}

void fdb_put_raw(struct tenv *t, __u16 vid, const char *mac, __u32 ifindex, __u32 flags)
{
	struct vsw_fdb_key key = { .vid = vid };
	struct vsw_fdb_entry e = { .ifindex = ifindex, .flags = flags,
				   .last_seen = vsw_now_ns() };
	int fd = fdb_fd(t);

	mac_parse(mac, key.mac);
	cr_assert_eq(bpf_map_update_elem(fd, &key, &e, 0), 0);
	close(fd);
	cr_assert_eq(vsw_dp_fdb_changed(t->dp), 0);
}

__u32 learned_of(struct tenv *t, int i)
{
	__u32 n = 0;
	int err = vsw_dp_port_learned(t->dp, t->sw[i], &n);

	cr_assert_eq(err, 0, "learned count of sw%d", i);
	return n;
}

void expect_host_frame(struct tenv *t, int i, const struct frame *want)
{
	struct frame got;

	cr_assert(recv_host(t, i, &got, T_WAIT_MS), "h%d received nothing", i);
	cr_assert_eq(got.len, want->len, "h%d: length %u, want %u", i, got.len, want->len);
	cr_assert_eq(memcmp(got.data, want->data, want->len), 0, "h%d: bytes differ", i);
}

void expect_host_nothing(struct tenv *t, int i)
{
	struct frame got;

	cr_assert_not(recv_host(t, i, &got, T_QUIET_MS), "h%d received %u bytes", i, got.len);
}

void learn_from(struct tenv *t, int i, const char *src, int vid)
{
	struct frame f;

	frame_build(&f, BCAST, src, vid, 0, 0x0800, 46);
	send_frame(t, i, &f);
	drain_hosts(t);
}

int run_cmd(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}
