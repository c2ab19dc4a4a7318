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

/* The datapath's mode, for `vswctl switch show`, and a sentence on why,
 * for the log. */
const char *vsw_dp_kernel_mode(void);
const char *vsw_dp_kernel_why(void);

/* Is bpf_xdp_adjust_meta accepted in an XDP program? Shown, not used. */
bool vsw_dp_kernel_has_xdp_meta(void);

/*
 * The datapath did not load (err, a -errno): write why into buf. Names a
 * lack of privilege, or the first essential facility the kernel refuses;
 * else the verifier's own last words from log (the refused program's
 * load log, with its name prog), or err's text when no program was
 * refused (log NULL: a map, BTF or a pin failed).
 */
void vsw_dp_kernel_explain(const char *log, const char *prog, int err, char *buf, size_t len);

#endif /* VSW_DP_KERNEL_H */
