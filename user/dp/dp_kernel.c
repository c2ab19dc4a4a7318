// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What the running kernel gives the datapath (dp_kernel.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include "dp_kernel.h"

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						 .off = (o), .imm = (i) })
#define MOV_IMM(r, v) INSN(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, v)
#define CALL(helper)  INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define EXIT()        INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/*
 * Load an XDP program that calls `helper` with (ctx, 0), or none when
 * helper is 0; returns 0 if the kernel takes it, else -errno with the
 * verifier's complaint in why.
 */
static int probe_xdp(int helper, enum bpf_attach_type attach, char *why, size_t len)
{
	struct bpf_insn insns[] = {
		MOV_IMM(BPF_REG_2, 0),
		helper ? CALL(helper) : MOV_IMM(BPF_REG_0, 0),
		MOV_IMM(BPF_REG_0, XDP_PASS),
		EXIT(),
	};
	char log[4096] = "";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 1);
	int fd, err;

	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "vsw_probe", "GPL", insns,
			   sizeof(insns) / sizeof(insns[0]), &opts);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = -errno;
	/* The complaint is the log's last non-empty line. */
	{
		char *end = log + strlen(log), *line;

		while (end > log && (end[-1] == '\n' || end[-1] == ' '))
			*--end = '\0';
		line = strrchr(log, '\n');
		snprintf(why, len, "%s", line ? line + 1 : log[0] ? log : strerror(-err));
	}
	return err;
}

static int probe_map(enum bpf_map_type type, __u32 value_size, char *why, size_t len)
{
	int fd = bpf_map_create(type, "vsw_probe", sizeof(__u32), value_size, 1, NULL);

	if (fd < 0) {
		snprintf(why, len, "%s", strerror(errno));
		return -errno;
	}
	close(fd);
	return 0;
}

/* The facilities the datapath cannot do without, in the order a kernel
 * gained them; the first one refused is the one to name. */
static int first_missing(char *buf, size_t len)
{
	static const struct {
		const char *what;
		int helper;
		enum bpf_attach_type attach;
	} progs[] = {
		{ "XDP programs", 0, 0 },
		{ "the helper bpf_xdp_adjust_head in XDP programs", BPF_FUNC_xdp_adjust_head, 0 },
		{ "devmap egress programs (Linux 5.8)", 0, BPF_XDP_DEVMAP },
		{ "the helper bpf_ktime_get_coarse_ns (Linux 5.11)", BPF_FUNC_ktime_get_coarse_ns,
		  0 },
	};
	static const struct {
		const char *what;
		enum bpf_map_type type;
		__u32 value_size;
	} maps[] = {
		{ "DEVMAP_HASH maps with egress programs (Linux 5.8)", BPF_MAP_TYPE_DEVMAP_HASH,
		  sizeof(struct bpf_devmap_val) },
		{ "program arrays for tail calls", BPF_MAP_TYPE_PROG_ARRAY, sizeof(__u32) },
	};
	char why[256];

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		if (probe_xdp(progs[i].helper, progs[i].attach, why, sizeof(why))) {
			snprintf(buf, len, "this kernel refuses %s (%s)", progs[i].what, why);
			return 1;
		}
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (probe_map(maps[i].type, maps[i].value_size, why, sizeof(why))) {
			snprintf(buf, len, "this kernel refuses %s (%s)", maps[i].what, why);
			return 1;
		}
	return 0;
}

bool vsw_dp_kernel_has_xdp_meta(void)
{
	static int known = -1;
	char why[256];

	if (known < 0)
		known = probe_xdp(BPF_FUNC_xdp_adjust_meta, 0, why, sizeof(why)) == 0;
	return known;
}

const char *vsw_dp_kernel_mode(void)
{
	return "portable";
}

const char *vsw_dp_kernel_why(void)
{
	return vsw_dp_kernel_has_xdp_meta()
		       ? "a shim pushed with bpf_xdp_adjust_head carries each frame's VLAN to "
			 "egress; XDP metadata, which this kernel offers, is not needed"
		       : "a shim pushed with bpf_xdp_adjust_head carries each frame's VLAN to "
			 "egress; this kernel refuses XDP metadata (bpf_xdp_adjust_meta), which "
			 "vsw does not need";
}

/* The verifier's reason: the last line of its log that is not one of its
 * closing statistics. */
static void verifier_reason(const char *log, char *out, size_t len)
{
	const char *end = log + strlen(log), *start;

	while (end > log) {
		while (end > log && end[-1] == '\n')
			end--;
		start = end;
		while (start > log && start[-1] != '\n')
			start--;
		if (strncmp(start, "processed ", 10) && strncmp(start, "verification time", 17) &&
		    strncmp(start, "stack depth", 11) && end > start) {
			snprintf(out, len, "%.*s", (int)(end - start), start);
			return;
		}
		end = start;
	}
	snprintf(out, len, "no reason given");
}

void vsw_dp_kernel_explain(const char *log, const char *prog, int err, char *buf, size_t len)
{
	char why[256];

	if (err == -EPERM) {
		snprintf(buf, len, "permission denied: loading XDP programs needs root "
			 "(CAP_BPF, CAP_NET_ADMIN, CAP_SYS_ADMIN for bpffs)");
		return;
	}
	if (first_missing(buf, len))
		return;
	if (!log || !log[0]) { /* not a program: a map, BTF, a pin */
		snprintf(buf, len, "%s", strerror(-err));
		return;
	}
	verifier_reason(log, why, sizeof(why));
	if (strstr(why, "too large"))
		snprintf(buf, len, "the verifier refused %s as too large (%s)", prog ?: "a program",
			 why);
	else
		snprintf(buf, len, "the kernel's verifier refused %s: %s", prog ?: "a program", why);
}
