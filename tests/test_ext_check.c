// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The capture check (user/dp/ext_check.c) on hand-written instructions: the
 * ways a pointer into the frame can travel (register copies, arithmetic,
 * the stack, a subprogram, a callback the kernel runs) before a store,
 * and the stores it must let through (stack, map values). tests/test_ext.c runs it on compiled
 * programs too.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <linux/bpf.h>
#include "ext_check.h"

/* Just enough of the kernel's instruction macros. */
#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						 .off = (o), .imm = (i) })
#define MOV64_REG(d, s)     INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)     INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i)     INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX_W(d, s, o)      INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define LDX_DW(d, s, o)     INSN(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define STX_DW(d, s, o)     INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define STX_B(d, s, o)      INSN(BPF_STX | BPF_MEM | BPF_B, d, s, o, 0)
#define ST_B(d, o, i)       INSN(BPF_ST | BPF_MEM | BPF_B, d, 0, o, i)
#define CALL_HELPER(id)     INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define CALL_SUB(rel)       INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, rel)
#define CALL_KFUNC(id)      INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, id)
#define JGT_REG(d, s, o)    INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define EXIT()              INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* r = the address of the callback at pc + 1 + rel: two instructions */
#define LD_FUNC(d, rel)     INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_FUNC, 0, rel), \
			    INSN(0, 0, 0, 0, 0)
#define ST_DW(d, o, i)      INSN(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)

#define XDP_DATA 0     /* offsetof(struct xdp_md, data) */
#define XDP_DATA_END 4 /* offsetof(struct xdp_md, data_end) */

static int check(const struct bpf_insn *insns, size_t n, struct vsw_err *err)
{
	memset(err, 0, sizeof(*err));
	return ext_check_capture(insns, n, "t", err);
}

#define CHECK(prog, err) check(prog, sizeof(prog) / sizeof(prog[0]), err)

Test(ext_check, reads_and_stores_elsewhere_pass)
{
	/* r2 = data; r3 = data_end; if (r2 + 1 > r3) exit; r0 = *(u32 *)r2
	 * (a read); *(u64 *)(r10 - 8) = r0; *(u8 *)(r10 - 1) = 7; exit */
	const struct bpf_insn prog[] = {
		LDX_W(2, 1, XDP_DATA), LDX_W(3, 1, XDP_DATA_END),
		MOV64_REG(4, 2), ADD64_IMM(4, 1), JGT_REG(4, 3, 3),
		LDX_W(0, 2, 0), STX_DW(10, 0, -8), ST_B(10, -1, 7),
		MOV64_IMM(0, 2), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), 0, "refused: %s", err.msg);
}

Test(ext_check, a_store_through_a_copied_frame_pointer_is_refused)
{
	const struct bpf_insn prog[] = {
		LDX_W(2, 1, XDP_DATA), MOV64_REG(6, 2), ADD64_IMM(6, 12),
		ST_B(6, 0, 0xee), MOV64_IMM(0, 2), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EPERM);
	cr_assert(strstr(err.msg, "instruction 3 may store into it"), "%s", err.msg);
}

Test(ext_check, a_frame_pointer_through_the_stack_is_followed)
{
	/* spill data to the stack, call a helper (r1-r5 lost), reload, store */
	const struct bpf_insn prog[] = {
		LDX_W(2, 1, XDP_DATA), STX_DW(10, 2, -16), CALL_HELPER(BPF_FUNC_ktime_get_ns),
		LDX_DW(3, 10, -16), MOV64_IMM(4, 1), STX_B(3, 4, 0), MOV64_IMM(0, 2), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EPERM);
	cr_assert(strstr(err.msg, "instruction 5 may store into it"), "%s", err.msg);
}

Test(ext_check, a_frame_pointer_into_a_subprogram_is_followed)
{
	/* main: r1 = data; call sub; exit.  sub: *(u8 *)r1 = 0; exit */
	const struct bpf_insn prog[] = {
		LDX_W(1, 1, XDP_DATA), CALL_SUB(2), MOV64_IMM(0, 2), EXIT(),
		ST_B(1, 0, 0), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EPERM);
	cr_assert(strstr(err.msg, "instruction 4"), "%s", err.msg);
}

Test(ext_check, the_xdp_md_itself_and_data_end_are_no_frame_pointers)
{
	/* A store through data_end's value is refused by the verifier, not
	 * here; a store through the ctx is too. Neither is a frame write. */
	const struct bpf_insn prog[] = {
		LDX_W(3, 1, XDP_DATA_END), MOV64_REG(6, 1), LDX_W(2, 6, XDP_DATA),
		MOV64_IMM(2, 0), ST_B(2, 0, 1), MOV64_IMM(0, 2), EXIT(),
	};
	struct vsw_err err;

	/* r2 was a frame pointer, then overwritten with a constant */
	cr_assert_eq(CHECK(prog, &err), 0, "refused: %s", err.msg);
}

Test(ext_check, frame_changing_helpers_and_kfuncs_are_refused)
{
	const struct bpf_insn tail[] = { CALL_HELPER(BPF_FUNC_xdp_adjust_tail), EXIT() };
	const struct bpf_insn store[] = { CALL_HELPER(BPF_FUNC_xdp_store_bytes), EXIT() };
	const struct bpf_insn redirect[] = { CALL_HELPER(BPF_FUNC_redirect_map), EXIT() };
	const struct bpf_insn kfunc[] = { CALL_KFUNC(1234), EXIT() };
	const struct bpf_insn ringbuf[] = { CALL_HELPER(BPF_FUNC_ringbuf_output), EXIT() };
	struct vsw_err err;

	cr_assert_eq(CHECK(tail, &err), -EPERM);
	cr_assert(strstr(err.msg, "bpf_xdp_adjust_tail"), "%s", err.msg);
	cr_assert_eq(CHECK(store, &err), -EPERM);
	cr_assert(strstr(err.msg, "bpf_xdp_store_bytes"), "%s", err.msg);
	cr_assert_eq(CHECK(redirect, &err), -EPERM);
	cr_assert_eq(CHECK(kfunc, &err), -EPERM);
	cr_assert(strstr(err.msg, "kernel function"), "%s", err.msg);
	cr_assert_eq(CHECK(ringbuf, &err), 0, "a ring buffer copy is fine: %s", err.msg);
}

Test(ext_check, a_jump_out_of_the_program_is_refused)
{
	const struct bpf_insn prog[] = { INSN(BPF_JMP | BPF_JA, 0, 0, 5, 0), EXIT() };
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EINVAL);
	cr_assert(strstr(err.msg, "cannot follow"), "%s", err.msg);
}

Test(ext_check, a_frame_pointer_a_subprogram_leaves_in_the_callers_stack_is_followed)
{
	/* main: r2 = data; r1 = r10 - 8; call sub; r3 = *(r10 - 8);
	 * *(u8 *)r3 = 0.  sub: *(u64 *)r1 = r2; exit */
	const struct bpf_insn prog[] = {
		LDX_W(2, 1, XDP_DATA), MOV64_REG(1, 10), ADD64_IMM(1, -8), CALL_SUB(4),
		LDX_DW(3, 10, -8), ST_B(3, 0, 0), MOV64_IMM(0, 2), EXIT(),
		STX_DW(1, 2, 0), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EPERM);
	cr_assert(strstr(err.msg, "instruction 5 may store into it"), "%s", err.msg);
}

Test(ext_check, a_callback_writing_the_frame_is_refused)
{
	/* main: *(r10 - 8) = data; bpf_loop(1, cb, r10 - 8, 0); exit.
	 * cb (at 11): r3 = *(u64 *)r2; *(u8 *)r3 = 0; exit */
	const struct bpf_insn prog[] = {
		LDX_W(2, 1, XDP_DATA), STX_DW(10, 2, -8), MOV64_IMM(1, 1), LD_FUNC(2, 7),
		MOV64_REG(3, 10), ADD64_IMM(3, -8), MOV64_IMM(4, 0), CALL_HELPER(BPF_FUNC_loop),
		MOV64_IMM(0, 2), EXIT(),
		LDX_DW(3, 2, 0), ST_B(3, 0, 0), MOV64_IMM(0, 0), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EPERM);
	cr_assert(strstr(err.msg, "instruction 12 may store into it"), "%s", err.msg);
}

Test(ext_check, a_frame_pointer_a_callback_leaves_in_the_stack_is_followed)
{
	/* main keeps only the xdp_md on its stack; the callback reads data
	 * out of it and leaves it there, main then stores through it.
	 * main: *(r10 - 8) = r1; bpf_loop(1, cb, r10 - 8, 0);
	 *       r3 = *(r10 - 16); *(u8 *)r3 = 0.
	 * cb (at 12): r3 = *(u64 *)r2; r4 = r3->data; *(u64 *)(r2 - 8) = r4 */
	const struct bpf_insn prog[] = {
		STX_DW(10, 1, -8), LD_FUNC(2, 10), MOV64_IMM(1, 1),
		MOV64_REG(3, 10), ADD64_IMM(3, -8), MOV64_IMM(4, 0), CALL_HELPER(BPF_FUNC_loop),
		LDX_DW(3, 10, -16), ST_B(3, 0, 0), MOV64_IMM(0, 2), EXIT(),
		LDX_DW(3, 2, 0), LDX_W(4, 3, XDP_DATA), STX_DW(2, 4, -8), MOV64_IMM(0, 1), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EPERM);
	cr_assert(strstr(err.msg, "instruction 9 may store into it"), "%s", err.msg);
}

Test(ext_check, a_callback_storing_into_its_map_value_passes)
{
	/* for_each_map_elem(map, cb, NULL, 0) whose cb (map, key, value, ctx)
	 * counts in the value: *(u64 *)r3 = 1 */
	const struct bpf_insn prog[] = {
		MOV64_IMM(1, 0), LD_FUNC(2, 6), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
		CALL_HELPER(BPF_FUNC_for_each_map_elem), MOV64_IMM(0, 2), EXIT(),
		ST_DW(3, 0, 1), MOV64_IMM(0, 0), EXIT(),
	};
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), 0, "refused: %s", err.msg);
}

Test(ext_check, a_callback_out_of_the_program_is_refused)
{
	const struct bpf_insn prog[] = { LD_FUNC(2, 9), MOV64_IMM(0, 2), EXIT() };
	struct vsw_err err;

	cr_assert_eq(CHECK(prog, &err), -EINVAL);
	cr_assert(strstr(err.msg, "cannot follow"), "%s", err.msg);
}
