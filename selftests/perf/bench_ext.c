// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_ext: what the extension slots cost. Loads a datapath object (the
 * current one, or one built from before the slots existed) without
 * pinning anything, configures two trunk ports of VLAN 1 (no native VLAN:
 * frames stay tagged end to end) on the netdevs
 * given, and times vsw_ingress with BPF_PROG_TEST_RUN (the kernel's own
 * per-run duration) for a known unicast frame and a broadcast one, both
 * tagged VLAN 1. Trunks and tagged frames because a repeated test run
 * does not restore the frame between runs: a frame that arrives tagged
 * leaves with the same length, so every run sees the same bytes. A flood
 * leaves with the shim the egress program would read in front, so each
 * broadcast is a test run of its own (repeat 1, the kernel's duration
 * summed): the next run must see the frame as sent, not with the shim.
 *
 *   bench_ext OBJECT IFINDEX_A IFINDEX_B REPEAT [EXT_OBJECT EXT_PROGRAM]
 *
 * With EXT_OBJECT, that program is put in the ingress filter slot first
 * (the object must have the slots). Prints "unicast NS flood NS", the
 * nanoseconds per frame. selftests/perf/bench_ext.sh runs it in a private
 * network namespace and alternates the objects.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "vsw_ext.h"
#include "vsw_structs.h"

static int die(const char *what, int err)
{
	fprintf(stderr, "bench_ext: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static int map_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	return m ? bpf_map__fd(m) : -1;
}

static void add_port(struct bpf_object *obj, __u32 ifindex, __u16 slot)
{
	struct vsw_port p = { .ifindex = ifindex, .slot = slot, .mode = VSW_PORT_TRUNK,
			      .flags = VSW_PORT_F_UP | VSW_PORT_F_LEARN, .pvid = 0,
			      .learn_limit = 1024 };
	struct bpf_devmap_val dv = { .ifindex = ifindex };

	p.vlans[0] = 1ULL << 1;
	if (bpf_map_update_elem(map_fd(obj, "vsw_ports"), &ifindex, &p, 0) ||
	    bpf_map_update_elem(map_fd(obj, "vsw_tx_ports"), &ifindex, &dv, 0))
		die("port", errno);
	/* The array index in front of the hash, where the object has one. */
	if (map_fd(obj, VSW_MAP_PORT_INDEX) >= 0) {
		struct vsw_port_ref ref = { .ifindex = ifindex, .slot = slot, .copy = 0 };
		__u32 idx = ifindex & (VSW_PORT_INDEX_SIZE - 1), rec = slot * 2;

		if (bpf_map_update_elem(map_fd(obj, VSW_MAP_PORT_SLOTS), &rec, &p, 0) ||
		    bpf_map_update_elem(map_fd(obj, VSW_MAP_PORT_INDEX), &idx, &ref, 0))
			die("port index", errno);
	}
}

/* Put prog_name of ext_path alone in the ingress filter slot. */
static void add_filter(struct bpf_object *obj, const char *ext_path, const char *prog_name)
{
	const char *shared[] = { VSW_MAP_EXT_MD, VSW_MAP_EXT_IN, VSW_MAP_EXT_OUT };
	struct vsw_ext_chain chain = { .count = 1, .id = { 0 } };
	struct vsw_ext_cfg cfg = { .bank = 0, .mask = 1U << VSW_EXT_SLOT_IN_FILTER };
	struct bpf_object *ext = bpf_object__open_file(ext_path, NULL);
	struct bpf_program *p;
	__u32 id = 0, key = VSW_EXT_SLOT_IN_FILTER, zero = 0;
	int fd;

	if (!ext)
		die(ext_path, errno);
	for (size_t i = 0; i < 3; i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(ext, shared[i]);

		if (m && bpf_map__reuse_fd(m, map_fd(obj, shared[i])))
			die("share a map", errno);
	}
	bpf_object__for_each_program(p, ext)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), prog_name));
	if (bpf_object__load(ext))
		die("load the extension", errno);
	fd = bpf_program__fd(bpf_object__find_program_by_name(ext, prog_name));
	if (bpf_map_update_elem(map_fd(obj, VSW_MAP_EXT_IN), &id, &fd, 0) ||
	    bpf_map_update_elem(map_fd(obj, VSW_MAP_EXT_CHAIN), &key, &chain, 0) ||
	    bpf_map_update_elem(map_fd(obj, VSW_MAP_EXT_CFG), &zero, &cfg, 0))
		die("slot", errno);
	/* ext stays open: its program must live while we run */
}

static void put_resume(struct bpf_object *obj)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, VSW_PROG_IN_RESUME);
	__u32 key = VSW_EXT_RESUME;
	int fd;

	if (!p)
		return; /* an object from before the slots */
	fd = bpf_program__fd(p);
	if (bpf_map_update_elem(map_fd(obj, VSW_MAP_EXT_IN), &key, &fd, 0))
		die("resume", errno);
}

static __u32 run(const char *what, int prog, __u32 in_ifindex, const __u8 *frame, __u32 len,
		 __u32 repeat, __u32 want)
{
	__u8 out[1024];
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = in_ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = len,
		    .data_out = out, .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = repeat);

	if (bpf_prog_test_run_opts(prog, &o))
		die(what, errno);
	if (o.retval != want) {
		fprintf(stderr, "bench_ext: %s: verdict %u, want %u\n", what, o.retval, want);

		exit(1);
	}
	return o.duration;
}

/* REPEAT runs of one frame each: for frames the program rewrites. */
static __u32 run_each(const char *what, int prog, __u32 in_ifindex, const __u8 *frame,
		      __u32 len, __u32 repeat, __u32 want)
{
	__u64 sum = 0;

	for (__u32 i = 0; i < repeat; i++)
		sum += run(what, prog, in_ifindex, frame, len, 1, want);
	return repeat ? sum / repeat : 0;
}

int main(int argc, char **argv)
{
	__u8 a[6] = { 2, 0, 0, 0, 0, 0xa }, b[6] = { 2, 0, 0, 0, 0, 0xb };
	struct vsw_fdb_entry fe = { .flags = VSW_FDB_F_STATIC };
	struct vsw_config cfg = { .abi_version = 0, .aging_ns = 300000000000ULL };
	struct vsw_fdb_key fk = { .vid = 1 };
	__u8 frame[68] = { 0 };
	struct bpf_object *obj;
	struct bpf_map *m;
	__u32 ia, ib, repeat, zero = 0, uni, flood;
	int prog;

	if (argc != 5 && argc != 7) {
		fputs("usage: bench_ext OBJECT IFINDEX_A IFINDEX_B REPEAT [EXT_OBJECT EXT_PROGRAM]\n",
		      stderr);
		return 2;
	}
	ia = strtoul(argv[2], NULL, 0);
	ib = strtoul(argv[3], NULL, 0);
	repeat = strtoul(argv[4], NULL, 0);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		die(argv[1], errno);
	bpf_object__for_each_map(m, obj)
		bpf_map__set_pin_path(m, NULL); /* nothing of this run is pinned */
	if (bpf_object__load(obj))
		die("load", errno);
	prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "vsw_ingress"));
	add_port(obj, ia, 0);
	add_port(obj, ib, 1);
	fe.ifindex = ib;
	memcpy(fk.mac, b, 6);
	if (bpf_map_update_elem(map_fd(obj, "vsw_fdb"), &fk, &fe, 0) ||
	    bpf_map_update_elem(map_fd(obj, "vsw_config"), &zero, &cfg, 0))
		die("fdb/config", errno);
	put_resume(obj);
	if (argc == 7)
		add_filter(obj, argv[5], argv[6]);

	/* A to B, VLAN 1, IPv4: known unicast; then A to broadcast. */
	memcpy(frame, b, 6);
	memcpy(frame + 6, a, 6);
	frame[12] = 0x81;
	frame[15] = 1;
	frame[16] = 0x08;
	uni = run("unicast", prog, ia, frame, sizeof(frame), repeat, XDP_REDIRECT);
	memset(frame, 0xff, 6);
	flood = run_each("flood", prog, ia, frame, sizeof(frame), repeat / 20, XDP_REDIRECT);
	printf("unicast %u flood %u\n", uni, flood);
	return 0;
}
