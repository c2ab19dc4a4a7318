// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The capture check (ext_check.h): a forward data-flow pass over the
 * program's instructions, to a fixed point. Each instruction gets the set
 * of registers that may point into the frame, to the xdp_md, or to the
 * stack, and whether the stack may hold a spilled frame or xdp_md
 * pointer; sets only grow, so the pass ends. A store whose base register
 * may point into the frame refuses the program.
 *
 * Callbacks (bpf_loop, bpf_for_each_map_elem, timers, bpf_find_vma,
 * bpf_user_ringbuf_drain) are code of the program that the kernel runs:
 * the instruction that loads a callback's address (BPF_PSEUDO_FUNC)
 * makes the callback reachable, with the state the kernel gives it. The
 * kernel passes a callback scalars, map pointers, map keys and values,
 * and the stack of the program that called the helper (its context
 * argument); never the frame or the xdp_md. Those can reach it only
 * through that stack, so its arguments may point to a stack and every
 * stack may hold anything.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ext_check.h"

/* xdp_md fields that hold pointers into the frame (data, data_meta);
 * data_end points past it, where no store is ever allowed. */
#define XDP_MD_DATA      0
#define XDP_MD_DATA_META 8

#define STACK_HAS_PKT 1
#define STACK_HAS_CTX 2

struct flow {
	__u16 pkt, ctx, stk; /* bit r: register r may point there */
	__u8 stack;          /* STACK_HAS_* */
	bool reached;
};

#define R(r) ((__u16)(1U << (r)))

static const struct {
	int id;
	const char *name;
} frame_helpers[] = {
	{ BPF_FUNC_xdp_adjust_head, "bpf_xdp_adjust_head" },
	{ BPF_FUNC_xdp_adjust_meta, "bpf_xdp_adjust_meta" },
	{ BPF_FUNC_xdp_adjust_tail, "bpf_xdp_adjust_tail" },
	{ BPF_FUNC_xdp_store_bytes, "bpf_xdp_store_bytes" },
	{ BPF_FUNC_dynptr_write, "bpf_dynptr_write" },
	{ BPF_FUNC_redirect, "bpf_redirect" },
	{ BPF_FUNC_redirect_map, "bpf_redirect_map" },
};

static void clear(struct flow *f, int r)
{
	f->pkt &= ~R(r);
	f->ctx &= ~R(r);
	f->stk &= ~R(r);
}

static void copy(struct flow *f, int dst, int src)
{
	clear(f, dst);
	if (f->pkt & R(src))
		f->pkt |= R(dst);
	if (f->ctx & R(src))
		f->ctx |= R(dst);
	if (f->stk & R(src))
		f->stk |= R(dst);
}

/* What a called function (a subprogram, or a callback during a helper)
 * may find from f's argument registers and stacks, as STACK_HAS_* bits:
 * what it may leave in its caller's stack and return. With the xdp_md it
 * can also read a frame pointer out of it. */
static __u8 reachable(const struct flow *f, __u16 args)
{
	__u8 r = f->stack;

	r |= f->pkt & args ? STACK_HAS_PKT : 0;
	r |= f->ctx & args ? STACK_HAS_CTX : 0;
	return r & STACK_HAS_CTX ? r | STACK_HAS_PKT : r;
}

struct pass {
	const struct bpf_insn *insns;
	size_t n;
	bool callbacks;    /* the program passes callbacks to helpers */
	struct flow *at;   /* state on entry of each instruction */
	size_t *todo;      /* instructions whose entry state grew */
	size_t ntodo;
	bool *queued;
};

/* Merge f into the entry state of pc; queue pc if it grew. */
static int flow_to(struct pass *p, size_t pc, const struct flow *f)
{
	struct flow *t;
	struct flow old;

	if (pc >= p->n)
		return -EINVAL; /* a jump out of the program: the verifier refuses it anyway */
	t = &p->at[pc];
	old = *t;
	t->pkt |= f->pkt;
	t->ctx |= f->ctx;
	t->stk |= f->stk | R(BPF_REG_10);
	t->stack |= f->stack;
	t->reached = true;
	if ((memcmp(&old, t, sizeof(old)) || !old.reached) && !p->queued[pc]) {
		p->queued[pc] = true;
		p->todo[p->ntodo++] = pc;
	}
	return 0;
}

static int refuse(struct vsw_err *err, const char *name, size_t pc, const char *what)
{
	return vsw_errf(err, -EPERM, "extension '%s': a capture extension may not change the "
			"frame, and instruction %zu %s", name, pc, what);
}

/* One instruction: its effect on f, then its successors. */
static int step(struct pass *p, size_t pc, const char *name, struct vsw_err *err)
{
	const struct bpf_insn *in = &p->insns[pc];
	struct flow f = p->at[pc];
	__u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int dst = in->dst_reg, src = in->src_reg;
	bool x = BPF_SRC(in->code) == BPF_X;

	if (dst > BPF_REG_10 || src > BPF_REG_10)
		return -EINVAL;
	switch (cls) {
	case BPF_ALU64:
	case BPF_ALU:
		if (op == BPF_MOV && x && cls == BPF_ALU64 && !in->off)
			copy(&f, dst, src);
		else if (cls == BPF_ALU64 && (op == BPF_ADD || op == BPF_SUB)) {
			/* pointer +- scalar stays a pointer; take both sides */
			if (x) {
				f.pkt |= f.pkt & R(src) ? R(dst) : 0;
				f.ctx |= f.ctx & R(src) ? R(dst) : 0;
				f.stk |= f.stk & R(src) ? R(dst) : 0;
			}
		} else
			clear(&f, dst);
		return flow_to(p, pc + 1, &f);
	case BPF_LDX: {
		bool from_ctx = f.ctx & R(src), from_stack = f.stk & R(src);
		__u8 stack = f.stack;

		clear(&f, dst);
		if (from_ctx && (in->off == XDP_MD_DATA || in->off == XDP_MD_DATA_META))
			f.pkt |= R(dst);
		if (from_stack && (stack & STACK_HAS_PKT))
			f.pkt |= R(dst);
		if (from_stack && (stack & STACK_HAS_CTX))
			f.ctx |= R(dst);
		return flow_to(p, pc + 1, &f);
	}
	case BPF_ST:
		if (f.pkt & R(dst))
			return refuse(err, name, pc, "may store into it");
		return flow_to(p, pc + 1, &f);
	case BPF_STX:
		if (f.pkt & R(dst))
			return refuse(err, name, pc, "may store into it");
		if (f.stk & R(dst)) {
			f.stack |= f.pkt & R(src) ? STACK_HAS_PKT : 0;
			f.stack |= f.ctx & R(src) ? STACK_HAS_CTX : 0;
		}
		if (BPF_MODE(in->code) == BPF_ATOMIC) {
			if (in->imm & BPF_FETCH)
				clear(&f, src);
			if (in->imm == BPF_CMPXCHG)
				clear(&f, BPF_REG_0);
		}
		return flow_to(p, pc + 1, &f);
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (src == BPF_PSEUDO_FUNC) {
				/* A callback: the kernel may run it, with its
				 * arguments on a stack, whenever the program
				 * calls a helper from here on. */
				struct flow cb = {
					.stk = R(1) | R(2) | R(3) | R(4) | R(5),
					.stack = STACK_HAS_PKT | STACK_HAS_CTX,
				};
				int ret = flow_to(p, pc + 1 + in->imm, &cb);

				if (ret)
					return ret;
			}
			clear(&f, dst);
			return flow_to(p, pc + 2, &f);
		}
		for (int r = BPF_REG_0; r <= BPF_REG_5; r++)
			clear(&f, r);
		return flow_to(p, pc + 1, &f);
	case BPF_JMP:
	case BPF_JMP32:
		break;
	default:
		return -EINVAL;
	}

	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_JA)
		return flow_to(p, pc + 1 + (cls == BPF_JMP ? in->off : in->imm), &f);
	if (op != BPF_CALL)
		return flow_to(p, pc + 1, &f) ?: flow_to(p, pc + 1 + in->off, &f);

	if (src == BPF_PSEUDO_KFUNC_CALL)
		return refuse(err, name, pc, "calls a kernel function");
	if (src == BPF_PSEUDO_CALL) {
		/* The callee starts with the caller's registers; what it
		 * returns may be any pointer it was given. */
		struct flow after = f;
		__u16 args = R(1) | R(2) | R(3) | R(4) | R(5);
		__u8 reach = reachable(&f, args);
		int ret = flow_to(p, pc + 1 + in->imm, &f);

		if (ret)
			return ret;
		/* It may also store what it reaches into the caller's stack,
		 * through a pointer it was given. */
		for (int r = BPF_REG_0; r <= BPF_REG_5; r++)
			clear(&after, r);
		after.stack |= reach;
		after.pkt |= reach & STACK_HAS_PKT ? R(0) : 0;
		after.ctx |= reach & STACK_HAS_CTX ? R(0) : 0;
		after.stk |= f.stk & args ? R(0) : 0;
		return flow_to(p, pc + 1, &after);
	}
	for (size_t i = 0; i < sizeof(frame_helpers) / sizeof(frame_helpers[0]); i++) {
		if (in->imm == frame_helpers[i].id) {
			char what[64];

			snprintf(what, sizeof(what), "calls %s", frame_helpers[i].name);
			return refuse(err, name, pc, what);
		}
	}
	/* A helper may run a callback, which may leave in the program's
	 * stack what it reaches from there. */
	if (p->callbacks)
		f.stack |= reachable(&f, 0);
	for (int r = BPF_REG_0; r <= BPF_REG_5; r++)
		clear(&f, r);
	return flow_to(p, pc + 1, &f);
}

int ext_check_capture(const struct bpf_insn *insns, size_t n, const char *name,
		      struct vsw_err *err)
{
	struct pass p = { .insns = insns, .n = n };
	struct flow entry = { .ctx = R(BPF_REG_1), .stk = R(BPF_REG_10) };
	int ret = -ENOMEM;

	p.at = calloc(n, sizeof(*p.at));
	p.todo = calloc(n, sizeof(*p.todo));
	p.queued = calloc(n, sizeof(*p.queued));
	if (!p.at || !p.todo || !p.queued || !n)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insns[i].src_reg == BPF_PSEUDO_FUNC)
			p.callbacks = true;
	ret = flow_to(&p, 0, &entry);
	while (!ret && p.ntodo) {
		size_t pc = p.todo[--p.ntodo];

		p.queued[pc] = false;
		ret = step(&p, pc, name, err);
	}
	if (ret == -EINVAL)
		vsw_errf(err, ret, "extension '%s': cannot follow its instructions", name);
out:
	if (ret == -ENOMEM)
		vsw_errf(err, ret, "extension '%s': out of memory", name);
	free(p.at);
	free(p.todo);
	free(p.queued);
	return ret;
}
