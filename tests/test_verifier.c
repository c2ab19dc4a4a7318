// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The verifier's budget. The kernel refuses a program whose verification
 * walks more than 1,000,000 instructions, and the datapath's programs
 * grow with every feature; a change that brings one near the limit (a
 * loop inlined where the verifier walks it on every path, say) must show
 * here, not as a switch that no longer loads on the next kernel. Each
 * program of build/vsw.bpf.o is loaded with verifier statistics, and
 * what it cost must stay under VERIFIER_BUDGET, a quarter of the limit,
 * so that a new policy cannot tip a program over.
 *
 * And the datapath must load wherever XDP runs: kernels that refuse
 * bpf_xdp_adjust_meta exist (and drivers without a metadata area), so no
 * program of the object may call it. This kernel may still allow it; the
 * instructions are checked, not the kernel's answer.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "dp_kernel.h"

#define OBJ VSW_BUILD_DIR "/vsw.bpf.o"
#define VERIFIER_LIMIT 1000000L
#define VERIFIER_BUDGET (VERIFIER_LIMIT / 4)
#define LOG_SIZE (1U << 22)

static char pins[64];

static void setup(void)
{
	snprintf(pins, sizeof(pins), "/sys/fs/bpf/vsw-test-verifier-%d", getpid());
	cr_assert_eq(mkdir(pins, 0700), 0, "mkdir %s", pins);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", pins);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", pins);
}

TestSuite(verifier, .init = setup, .fini = teardown);

/*
 * Linux 6.1's control-flow check (kernel/bpf/verifier.c, check_cfg), the
 * verifier of Debian 12: a depth-first walk from the first instruction in
 * which only a jump may lead back to an instruction still on the walk's
 * stack (a loop); a fall-through, the return from a call or a call's
 * entry doing so is refused as a "back-edge". Later kernels accept more,
 * so a layout that loads here may not load there (LLVM entering a loop in
 * its middle did exactly that; the Makefile's BPF_CFLAGS now prevent it).
 * Returns the instruction so entered, or -1.
 */
static int cfg61_back_edge(const struct bpf_insn *insn, size_t n)
{
	enum { NEW, ON_STACK, DONE };
	unsigned char *state = calloc(n, 1), *next_edge = calloc(n, 1);
	int *stack = calloc(n, sizeof(int)), sp = 0, found = -1;

	cr_assert(state && next_edge && stack);
	stack[sp++] = 0;
	state[0] = ON_STACK;
	while (sp && found < 0) {
		int t = stack[sp - 1], w = -1, loop_ok = 0;
		__u8 cls = BPF_CLASS(insn[t].code), op = BPF_OP(insn[t].code);
		int step = insn[t].code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;
		int jmp = cls == BPF_JMP || cls == BPF_JMP32;

		/* The edges of t in the kernel's order: fall-through first. */
		if (jmp && op == BPF_EXIT) {
		} else if (jmp && op == BPF_CALL) {
			if (next_edge[t] == 0)
				w = t + 1;
			else if (next_edge[t] == 1 && insn[t].src_reg == BPF_PSEUDO_CALL)
				w = t + insn[t].imm + 1;
		} else if (jmp && op == BPF_JA) {
			if (next_edge[t] == 0)
				w = t + insn[t].off + 1, loop_ok = 1;
		} else if (jmp) {
			if (next_edge[t] == 0)
				w = t + 1, loop_ok = 1;
			else if (next_edge[t] == 1)
				w = t + insn[t].off + 1, loop_ok = 1;
		} else if (next_edge[t] == 0) {
			w = t + step;
		}
		if (w < 0 || w >= (int)n) {
			state[t] = DONE;
			sp--;
			continue;
		}
		next_edge[t]++;
		if (state[w] == NEW) {
			state[w] = ON_STACK;
			stack[sp++] = w;
		} else if (state[w] == ON_STACK && !loop_ok) {
			found = w;
		}
	}
	free(state);
	free(next_edge);
	free(stack);
	return found;
}

/*
 * Linux 6.1 adds up the stack of a chain of calls with each frame rounded
 * up to 32 bytes, and refuses more than 512 (later kernels count closer,
 * so a program can load here and not there). The statistics give each
 * function's depth ("stack depth 176+88+..."), not the call graph; the
 * deepest chain of the datapath is three calls (vsw_ingress ->
 * ingress_deliver -> acl_check), so the three largest frames must fit.
 */
static void check_stack_61(const char *prog, const char *log)
{
	const char *p = strstr(log, "stack depth ");
	long top[3] = { 0, 0, 0 }, sum = 0;
	char *end;

	cr_assert_not_null(p, "%s: no stack depth in the statistics", prog);
	p += strlen("stack depth ");
	for (;;) {
		long d = (strtol(p, &end, 10) + 31) / 32 * 32;

		if (end == p)
			break;
		for (int i = 0; i < 3; i++)
			if (d > top[i]) {
				long t = top[i];

				top[i] = d;
				d = t;
			}
		if (*end != '+')
			break;
		p = end + 1;
	}
	for (int i = 0; i < 3; i++)
		sum += top[i];
	printf("%-20s %7ld bytes of stack in its deepest three frames, as 6.1 counts\n", prog,
	       sum);
	cr_expect_leq(sum, 512, "%s: Linux 6.1 would refuse a combined stack of %ld bytes", prog,
		      sum);
}

Test(verifier, every_datapath_program_stays_within_the_budget)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pins);
	struct bpf_object *obj = bpf_object__open_file(OBJ, &opts);
	struct bpf_program *prog;
	int checked = 0;

	cr_assert_not_null(obj, "open %s", OBJ);
	bpf_object__for_each_program(prog, obj) {
		char *buf = calloc(1, LOG_SIZE);

		cr_assert_not_null(buf);
		bpf_program__set_log_level(prog, 4); /* statistics only */
		bpf_program__set_log_buf(prog, buf, LOG_SIZE);
	}
	cr_assert_eq(bpf_object__load(obj), 0, "the datapath loads");
	bpf_object__for_each_program(prog, obj) {
		/* After the load: the program with its subprograms appended,
		 * as the kernel checked it. */
		int bad = cfg61_back_edge(bpf_program__insns(prog), bpf_program__insn_cnt(prog));

		cr_expect_lt(bad, 0, "%s: Linux 6.1 would refuse a back-edge into insn %d",
			     bpf_program__name(prog), bad);
	}
	bpf_object__for_each_program(prog, obj) {
		size_t size;
		const char *log = bpf_program__log_buf(prog, &size);
		const char *stats = log ? strstr(log, "processed ") : NULL;
		long insns;

		cr_assert_not_null(stats, "%s: no verifier statistics", bpf_program__name(prog));
		insns = strtol(stats + strlen("processed "), NULL, 10);
		cr_assert_gt(insns, 0, "%s: unreadable statistics: %.80s", bpf_program__name(prog),
			     stats);
		printf("%-20s %7ld of %ld instructions verified\n", bpf_program__name(prog), insns,
		       VERIFIER_LIMIT);
		check_stack_61(bpf_program__name(prog), log);
		cr_expect_lt(insns, VERIFIER_BUDGET, "%s: %ld instructions verified, budget %ld",
			     bpf_program__name(prog), insns, VERIFIER_BUDGET);
		free((void *)log);
		checked++;
	}
	cr_assert_geq(checked, 4, "vsw_ingress, vsw_egress and their continuations");
	bpf_object__close(obj);
}

/* A helper call: BPF_JMP | BPF_CALL with src_reg 0 (BPF_PSEUDO_CALL is a
 * call of a subprogram, BPF_PSEUDO_KFUNC_CALL of a kfunc). */
static int calls_helper(const struct bpf_insn *insns, size_t n, int helper)
{
	for (size_t i = 0; i < n; i++)
		if (insns[i].code == (BPF_JMP | BPF_CALL) && insns[i].src_reg == 0 &&
		    insns[i].imm == helper)
			return 1;
	return 0;
}

Test(verifier, no_datapath_program_needs_xdp_metadata)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pins);
	struct bpf_object *obj = bpf_object__open_file(OBJ, &opts);
	struct bpf_program *prog;
	int checked = 0;

	cr_assert_not_null(obj, "open %s", OBJ);
	/* Loaded: only then are the global functions (ingress_deliver and
	 * the rest) part of each program's instructions. */
	cr_assert_eq(bpf_object__load(obj), 0, "the datapath loads");
	bpf_object__for_each_program(prog, obj) {
		cr_assert_not(calls_helper(bpf_program__insns(prog), bpf_program__insn_cnt(prog),
					   BPF_FUNC_xdp_adjust_meta),
			      "%s calls bpf_xdp_adjust_meta", bpf_program__name(prog));
		checked++;
	}
	cr_assert_geq(checked, 4);
	bpf_object__close(obj);
}

/* A kernel that refuses the datapath gets a sentence that names what it
 * refused, never a bare EINVAL: here the verifier's own last words (6.1's
 * refusal of a loop), past its closing statistics. */
Test(verifier, a_refused_datapath_is_explained)
{
	static const char log[] = "func#0 @0\n"
				  "back-edge from insn 3806 to 3807\n"
				  "processed 0 insns (limit 1000000) max_states_per_insn 0\n"
				  "verification time 12 usec\n";
	char why[256];

	vsw_dp_kernel_explain(log, "vsw_ingress", -EINVAL, why, sizeof(why));
	cr_assert(strstr(why, "vsw_ingress"), "names the program: %s", why);
	cr_assert(strstr(why, "back-edge from insn 3806 to 3807"), "quotes the verifier: %s",
		  why);
	vsw_dp_kernel_explain("BPF program is too large. Processed 1000001 insn\n"
			      "processed 1000001 insns (limit 1000000)\n",
			      "vsw_ingress", -E2BIG, why, sizeof(why));
	cr_assert(strstr(why, "too large"), "%s", why);
}
