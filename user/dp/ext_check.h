/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the loader proves about a capture extension before it joins a
 * switch: it cannot change the frame. The verifier lets any XDP program
 * write the frame, so vsw reads the loaded instructions itself.
 */
#ifndef VSW_EXT_CHECK_H
#define VSW_EXT_CHECK_H

#include <stddef.h>
#include <linux/bpf.h>
#include "errmsg.h"

/*
 * Refuse (-EPERM, with the instruction in err) a program that calls a
 * helper changing the frame or its fate (adjust_head/tail/meta,
 * xdp_store_bytes, dynptr_write, redirects), calls a kfunc, or may store
 * through a pointer into the frame. The store test follows pointers from
 * xdp_md->data/data_meta through registers, the stack, subprogram
 * calls and callbacks (whose code is checked like the rest); it may
 * refuse a program that only looks like it writes, never accept one that
 * writes.
 */
int ext_check_capture(const struct bpf_insn *insns, size_t n, const char *name,
		      struct vsw_err *err);

#endif /* VSW_EXT_CHECK_H */
