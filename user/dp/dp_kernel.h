/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the running kernel gives the datapath, asked of the kernel itself
 * (a tiny program loaded and its verdict read), never of a feature list:
 * bpftool's helper probe, for one, calls bpf_xdp_adjust_meta "supported"
 * on a kernel that refuses it in every XDP program.
 *
 * The datapath has one mode, the portable one (docs/datapath.md): it
 * needs XDP, devmap egress programs, tail calls and
 * bpf_xdp_adjust_head, nothing that a driver or kernel build may lack.
 * When it does not load, vsw_dp_kernel_explain() says which of those is
 * missing, or what the verifier said, in words an operator can act on.
 */
#ifndef VSW_DP_KERNEL_H
#define VSW_DP_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* The datapath's mode, for `vswctl switch show`, and a sentence on why,
 * for the log. */
const char *vsw_dp_kernel_mode(void);
const char *vsw_dp_kernel_why(void);

/* Is bpf_xdp_adjust_meta accepted in an XDP program? Shown, not used. */
bool vsw_dp_kernel_has_xdp_meta(void);

/*
 * Does the kernel redirect multi-buffer XDP frames (Linux 6.3)? Then the
 * datapath's native programs are loaded multi-buffer aware (jumbo frames
 * on native ports); else single-buffer, and the kernel keeps the MTU of
 * a veth's peer within a page, so nothing is lost unseen. Asked of the
 * kernel once: whether it has the generic netlink family "netdev", which
 * came in the same release as the redirect of such frames. And a
 * sentence on the answer, for the log.
 */
bool vsw_dp_kernel_has_frags(void);
const char *vsw_dp_kernel_frags_why(void);

/* Does the netdev transmit redirected XDP frames, but of one buffer only
 * (its driver lacks NETDEV_XDP_ACT_NDO_XMIT_SG: tun, some NIC drivers)?
 * false also when the kernel cannot say (before Linux 6.3). */
bool vsw_dp_kernel_xmits_one_buf(__u32 ifindex);

/*
 * The datapath did not load (err, a -errno): write why into buf. Names a
 * lack of privilege, or the first essential facility the kernel refuses;
 * else the verifier's own last words from log (the refused program's
 * load log, with its name prog), or err's text when no program was
 * refused (log NULL: a map, BTF or a pin failed).
 */
void vsw_dp_kernel_explain(const char *log, const char *prog, int err, char *buf, size_t len);

#endif /* VSW_DP_KERNEL_H */
