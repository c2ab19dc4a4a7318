// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What the running kernel gives the datapath (dp_kernel.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
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

/*
 * One generic netlink request with one attribute (attr, len bytes at val)
 * to family and cmd; the reply's attributes are searched for want, whose
 * payload (at most size bytes) goes to out. Returns 0, or the kernel's
 * -errno (-ENOENT for an unknown family), or -ENODATA when the reply
 * lacks want.
 */
static int genl_get(__u16 family, __u8 cmd, __u16 attr, const void *val, __u16 len,
		    __u16 want, void *out, size_t size)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr genl;
		struct nlattr attr;
		char val[16];
	} req = {
		.nlh = {
			.nlmsg_type = family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = 1,
		},
		.genl = { .cmd = cmd, .version = 1 },
		.attr = { .nla_len = NLA_HDRLEN + len, .nla_type = attr },
	};
	char buf[8192];
	int fd, ret = -ENODATA;
	ssize_t n;

	if (len > sizeof(req.val))
		return -EINVAL;
	memcpy(req.val, val, len);
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + NLA_ALIGN(NLA_HDRLEN + len));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	if (send(fd, &req, req.nlh.nlmsg_len, 0) < 0 || (n = recv(fd, buf, sizeof(buf), 0)) < 0) {
		ret = -errno;
		goto out;
	}
	/* The answer, then the ack; or only an error. */
	for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_type == NLMSG_ERROR) {
			ret = ((struct nlmsgerr *)NLMSG_DATA(h))->error ?: ret;
			break;
		}
		if (h->nlmsg_type != family)
			continue;
		int left = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		struct nlattr *a = (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);

		for (; left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= left;
		     left -= NLA_ALIGN(a->nla_len), a = (void *)((char *)a + NLA_ALIGN(a->nla_len)))
			if ((a->nla_type & NLA_TYPE_MASK) == want) {
				size_t got = a->nla_len - NLA_HDRLEN;

				memset(out, 0, size);
				memcpy(out, (char *)a + NLA_HDRLEN, got < size ? got : size);
				ret = 0;
				break;
			}
		break;
	}
out:
	close(fd);
	return ret;
}

/*
 * The generic netlink family "netdev" (include/uapi/linux/netdev.h, which
 * Debian 12's headers lack: its numbers, stable ABI, are spelled here).
 * It came with the devices' XDP feature flags (Linux 6.3), and with them
 * the redirect of multi-buffer frames: before, xdp_do_redirect() refused
 * every such frame (-EOPNOTSUPP) except towards a CPU map; since, a
 * devmap or ifindex target takes one if its driver says it can transmit
 * one (NETDEV_XDP_ACT_NDO_XMIT_SG, which veth does).
 */
#define NETDEV_CMD_DEV_GET 1
#define NETDEV_A_DEV_IFINDEX 1
#define NETDEV_A_DEV_XDP_FEATURES 3
#define NETDEV_XDP_ACT_NDO_XMIT 4
#define NETDEV_XDP_ACT_NDO_XMIT_SG 64

/* The family's id, 0 when the kernel has none. */
static __u16 netdev_family(void)
{
	static int id = -1;
	__u16 v;

	if (id < 0)
		id = genl_get(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, "netdev",
			      sizeof("netdev"), CTRL_ATTR_FAMILY_ID, &v, sizeof(v)) ? 0 : v;
	return id;
}

bool vsw_dp_kernel_has_frags(void)
{
	return netdev_family() != 0;
}

bool vsw_dp_kernel_xmits_one_buf(__u32 ifindex)
{
	__u16 family = netdev_family();
	__u64 features;

	if (!family || genl_get(family, NETDEV_CMD_DEV_GET, NETDEV_A_DEV_IFINDEX, &ifindex,
				sizeof(ifindex), NETDEV_A_DEV_XDP_FEATURES, &features,
				sizeof(features)))
		return false;
	return (features & NETDEV_XDP_ACT_NDO_XMIT) && !(features & NETDEV_XDP_ACT_NDO_XMIT_SG);
}

const char *vsw_dp_kernel_frags_why(void)
{
	return vsw_dp_kernel_has_frags()
		       ? "native ports take multi-buffer frames (jumbo frames up to their "
			 "NIC's MTU)"
		       : "this kernel cannot redirect multi-buffer frames (Linux 6.3 can): "
			 "the datapath is single-buffer, and a veth behind a native port "
			 "keeps an MTU of about 3.5 KB";
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
