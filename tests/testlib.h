/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the datapath tests share: a private network namespace per test
 * (Criterion forks one process per test, and each unshares), veth pairs
 * for ports, a switch pinned under a bpffs directory of its own, frames
 * built as packed structs, and runs of the real ingress program.
 */
#ifndef VSW_TESTLIB_H
#define VSW_TESTLIB_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "datapath.h"

#define T_MAX_PORTS 8
#define T_FRAME_MAX 9216 /* a 9000-byte MTU's frame, tagged, and room */

struct tenv {
	struct vsw_dp *dp;
	char bpffs[64];
	int nports;
	__u32 sw[T_MAX_PORTS];   /* switch-side veth ifindex (the port) */
	__u32 host[T_MAX_PORTS]; /* its peer, where delivered frames appear */
	cpu_set_t cpus;          /* the CPUs the process could use before the pin */
};

/* One switch with nports access-VLAN-1 ports on veths sw0../h0..;
 * the test process is pinned to CPU 0 so the decision record is read
 * from the CPU that ran the program (t->cpus keeps what it had). */
void tenv_setup(struct tenv *t, int nports);
void tenv_teardown(struct tenv *t);

/*
 * A suite of datapath tests on one switch: each test gets a fresh tenv
 * `t` of nports ports, then prepare() sets them up further (tenv_keep:
 * nothing more), and tenv_teardown() follows the test. prepare may be
 * defined below the suite, and reads `t`.
 *
 *	TENV_SUITE(fdb, 3, tenv_keep);
 *	TENV_SUITE(forward, 4, forward_ports);
 */
#define TENV_SUITE(suite, nports, prepare)                                    \
	static struct tenv t;                                                 \
	static void prepare(void);                                            \
	static void suite##_init(void)                                        \
	{                                                                     \
		tenv_setup(&t, (nports));                                     \
		prepare();                                                    \
	}                                                                     \
	static void suite##_fini(void)                                        \
	{                                                                     \
		tenv_teardown(&t);                                            \
	}                                                                     \
	TestSuite(suite, .init = suite##_init, .fini = suite##_fini)

static inline void tenv_keep(void)
{
}

/* Reconfigure port i. */
void tenv_port_access(struct tenv *t, int i, __u16 vid);
/* Port i again, access VLAN vid, attached in generic XDP (as vswd does
 * for NICs on the skb path: vsw_ingress_skb) instead of native. */
void tenv_port_skb(struct tenv *t, int i, __u16 vid);
/* Both ends of port i's veth at this MTU, and the port's record told
 * (vsw_dp_port_set_mtu). Above a page, the veth wants the XDP programs on
 * both ends multi-buffer aware: after tenv_hosts_open. */
void tenv_port_mtu(struct tenv *t, int i, __u32 mtu);
void tenv_port_trunk(struct tenv *t, int i, const char *vids, __u16 native);

/* Frames. vid < 0: untagged; otherwise one 802.1Q tag (vid, pcp). */
struct frame {
	__u8 data[T_FRAME_MAX];
	__u32 len;
	/* Ingress output only: the shim vsw_ingress put in front of a frame
	 * for the egress program in place of its tag (has_shim false: none),
	 * taken off data so that data is the frame as egress will see it. */
	bool has_shim;
	struct vsw_shim shim;
};

/* The TCI a frame's shim carries. */
static inline __u16 shim_tci(const struct frame *f)
{
	return f->shim.word & VSW_SHIM_TCI_MASK;
}

void frame_build(struct frame *f, const char *dst, const char *src, int vid, int pcp,
		 __u16 ethertype, __u32 payload_len);
void mac_parse(const char *s, __u8 mac[6]);

/* Run vsw_ingress on frame as if received by port i (test mode, nothing
 * is forwarded). Returns the XDP action; out gets the frame as the
 * program left it, dec the decision record. */
/* system() of a formatted command line: its wait status. */
int run_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int run_ingress(struct tenv *t, int i, const struct frame *in, struct frame *out,
		struct vsw_decision *dec);

/* Same, with an explicit ingress ifindex (for netdevs that are no port). */
int run_ingress_ifindex(struct tenv *t, __u32 ifindex, const struct frame *in,
			struct frame *out, struct vsw_decision *dec);

/* Frames through the real devices: tenv_hosts_open gives each host peer
 * h<i> an XDP_PASS program (NAPI, so that frames redirected into sw<i>
 * arrive) and an AF_PACKET socket. send_frame writes a frame on h<i>, so
 * it enters the switch through port i as from any sender (vsw_ingress
 * runs natively on sw<i>) and is really forwarded; the other host peers
 * receive what the switch sends them. */
void tenv_hosts_open(struct tenv *t);
void send_frame(struct tenv *t, int i, const struct frame *f);

/* Receive on host peer i, with the 802.1Q tag put back where the kernel
 * took it out; frames sent on h<i> itself are not counted. Returns false
 * when nothing arrives within timeout_ms. */
bool recv_host(struct tenv *t, int i, struct frame *f, int timeout_ms);
/* Drop what the host sockets receive until all were quiet for T_DRAIN_MS. */
#define T_DRAIN_MS 20
void drain_hosts(struct tenv *t);
/* Assertions: host peer i receives exactly want (within T_WAIT_MS), or
 * nothing (for T_QUIET_MS). */
#define T_WAIT_MS 500
#define T_QUIET_MS 100
void expect_host_frame(struct tenv *t, int i, const struct frame *want);
void expect_host_nothing(struct tenv *t, int i);
/* Teach the switch where src lives (a broadcast from it into port i, VID
 * vid or untagged when < 0), then forget the flood it caused. */
void learn_from(struct tenv *t, int i, const char *src, int vid);

/* Counters of port i, summed over CPUs. */
struct vsw_port_stats port_stats(struct tenv *t, int i);

/* FDB helpers. */
bool fdb_get(struct tenv *t, __u16 vid, const char *mac, struct vsw_fdb_entry *e);
void fdb_set_last_seen(struct tenv *t, __u16 vid, const char *mac, __u64 last_seen);
/* Write an entry straight into the map, bypassing the library's checks. */
void fdb_put_raw(struct tenv *t, __u16 vid, const char *mac, __u32 ifindex, __u32 flags);
__u32 learned_of(struct tenv *t, int i);

/* 802.1Q fields of a tagged frame. */
__u16 frame_tpid(const struct frame *f);
__u16 frame_vid(const struct frame *f);
__u8 frame_pcp(const struct frame *f);

#endif /* VSW_TESTLIB_H */
