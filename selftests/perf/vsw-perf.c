// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vsw-perf: the load generator and meters of selftests/perf/run.sh.
 *
 * Frames are made by BPF_PROG_TEST_RUN in live-frames mode: the kernel
 * runs perf_gen on a page-pool frame and really redirects it out of a
 * veth, so the device under test sees it arrive exactly as from a NIC,
 * without a socket or an skb on the sending side. What arrives at the
 * far end is counted by perf_sink (XDP_DROP) on each receiving veth.
 */
#define _GNU_SOURCE /* setns, sched_setaffinity */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli_parse.h"
#include "vsw_structs.h"
#include "perf.skel.h"

#define MAX_SINKS 64
#define MAX_FRAME 3000

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vsw-perf COMMAND [OPTIONS]\n"
"\n"
"The load generator and meters of selftests/perf/run.sh.\n"
"\n"
"  measure  -n NS -g GENDEV -s SINK[,SINK...] [-l BYTES] [-t SECONDS]\n"
"           [-D DSTMAC] [-S SRCMAC] [-N NDST] [-V VID] [-c CPU]\n"
"        Attach a counting XDP_DROP program to each SINK, send frames of\n"
"        BYTES (default 64, FCS included) out of GENDEV for SECONDS\n"
"        (default 2) from CPU (default: the last one), and print\n"
"          sent_pps=N delivered_pps=N per_sink_pps=N\n"
"        -N cycles the destination MAC over N addresses (bytes 3..5 of\n"
"        DSTMAC replaced by 0..N-1); -V sends 802.1Q tagged with VID.\n"
"  bare     -n NS -i INDEV -o OUT[,OUT...]\n"
"        Attach the reference program to INDEV: one bpf_redirect_map to\n"
"        OUT, or with several OUTs a BPF_F_BROADCAST to all of them. It\n"
"        stays attached; remove it with 'ip link set INDEV xdp off'.\n"
"  l2ref    -n NS -i INDEV -o OUTDEV [-D DSTMAC]\n"
"        Attach the minimal L2 forwarder to INDEV: frames to DSTMAC go to\n"
"        OUTDEV, others are dropped.\n"
"  fdb-fill -p FDBPIN -n NS -o PORTDEV -N COUNT [-D BASEMAC] [-V VID]\n"
"        Fill a vsw FDB with COUNT static entries BASEMAC+0..COUNT-1 in\n"
"        VID (default 1), all behind PORTDEV.\n"
"  prog-run -p PROGPIN -n NS -i INDEV [-l BYTES] [-D DSTMAC] [-S SRCMAC] [-V VID]\n"
"           [-N REPEAT]\n"
"        Run the pinned XDP program REPEAT times (default 1000000) on one\n"
"        frame as received by INDEV (BPF_PROG_TEST_RUN; nothing is sent)\n"
"        and print ns_per_run=N retval=N. The runs share one buffer, so\n"
"        a frame the program changes is timed changed after the first.\n"
"  announce -n NS -i DEV -S SRCMAC\n"
"        Send one broadcast frame from SRCMAC out of DEV, so that a\n"
"        learning switch knows where SRCMAC lives.\n"
"\n"
"-n NS is a network namespace name (/run/netns/NS); entered with setns,\n"
"so bpffs pins stay in view.\n");
}

static int die(const char *what, int err)
{
	fprintf(stderr, "vsw-perf: %s: %s\n", what, strerror(err < 0 ? -err : err));
	return 1;
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd, err;

	if (!name)
		return 0;
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return err;
}

/* "a,b,c" into ifindexes; returns the count or -errno. */
static int ifindex_list(char *list, __u32 *out, int max)
{
	int n = 0;

	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		if (n == max)
			return -E2BIG;
		out[n] = if_nametoindex(tok);
		if (!out[n]) {
			fprintf(stderr, "vsw-perf: interface '%s' not found\n", tok);
			return -ENODEV;
		}
		n++;
	}
	return n;
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static __u16 ip_checksum(const void *hdr, int len)
{
	const __u16 *p = hdr;
	__u32 sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

struct gen_opts {
	__u8 dst[ETH_ALEN], src[ETH_ALEN];
	__u32 ndst;
	__u16 vid;
	__u32 len; /* on the wire, without FCS */
};

/* The L2 header perf_gen writes, and a whole IPv4/UDP frame behind it. */
static __u32 build_frame(const struct gen_opts *g, __u8 *frame, __u8 *hdr)
{
	__u32 hlen = ETH_HLEN, off;
	struct iphdr *ip;
	struct udphdr *udp;

	memset(frame, 0, g->len);
	memcpy(frame, g->dst, ETH_ALEN);
	memcpy(frame + 6, g->src, ETH_ALEN);
	if (g->vid) {
		*(__be16 *)(frame + 12) = htons(ETH_P_8021Q);
		*(__be16 *)(frame + 14) = htons(g->vid);
		hlen += 4;
	}
	*(__be16 *)(frame + hlen - 2) = htons(ETH_P_IP);
	memcpy(hdr, frame, hlen);

	off = hlen;
	ip = (struct iphdr *)(frame + off);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(g->len - off);
	ip->saddr = htonl(0xc6120001); /* 198.18.0.1: benchmarking range */
	ip->daddr = htonl(0xc6120002);
	ip->check = ip_checksum(ip, sizeof(*ip));
	udp = (struct udphdr *)(ip + 1);
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(g->len - off - sizeof(*ip));
	return hlen;
}

static int sum_sink(struct perf_bpf *skel, __u64 *packets)
{
	int ncpu = libbpf_num_possible_cpus();
	struct { __u64 packets, bytes; } vals[ncpu];
	__u32 zero = 0;
	int err;

	err = bpf_map_lookup_elem(bpf_map__fd(skel->maps.sink_count), &zero, vals);
	if (err)
		return -errno;
	*packets = 0;
	for (int i = 0; i < ncpu; i++)
		*packets += vals[i].packets;
	return 0;
}

static int cmd_measure(const char *gen_dev, char *sinks, struct gen_opts *g,
		       double seconds, int cpu)
{
	__u32 sink_if[MAX_SINKS], gen_if;
	static __u8 frame[MAX_FRAME];
	__u64 sent = 0, before, after;
	struct perf_bpf *skel;
	int nsinks, i, err;
	double t0, t1, warm_end;
	cpu_set_t set;

	nsinks = ifindex_list(sinks, sink_if, MAX_SINKS);
	if (nsinks < 0)
		return die("sinks", nsinks);
	gen_if = if_nametoindex(gen_dev);
	if (!gen_if)
		return die(gen_dev, errno);

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return die("sched_setaffinity", errno);

	skel = perf_bpf__open();
	if (!skel)
		return die("open BPF object", errno);
	skel->rodata->gen_ifindex = gen_if;
	skel->rodata->gen_ndst = g->ndst ? g->ndst : 1;
	skel->rodata->gen_hdr_len = build_frame(g, frame, (__u8 *)skel->rodata->gen_hdr);
	err = perf_bpf__load(skel);
	if (err) {
		perf_bpf__destroy(skel);
		return die("load BPF object", err);
	}
	for (i = 0; i < nsinks; i++) {
		err = bpf_xdp_attach(sink_if[i], bpf_program__fd(skel->progs.perf_sink),
				     XDP_FLAGS_DRV_MODE, NULL);
		if (err) {
			die("attach sink", err);
			goto out;
		}
	}

	LIBBPF_OPTS(bpf_test_run_opts, run,
		    .data_in = frame, .data_size_in = g->len,
		    .repeat = 20000, .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
	struct xdp_md ctx = { .data_end = g->len };
	run.ctx_in = &ctx;
	run.ctx_size_in = sizeof(ctx);

	/* Warm up (page pool, FDB, caches), then measure. */
	warm_end = now_sec() + 0.3;
	while (now_sec() < warm_end)
		if ((err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.perf_gen), &run)))
			break;
	if (err || (err = sum_sink(skel, &before))) {
		die("generate", err ? -errno : err);
		goto out;
	}
	t0 = now_sec();
	do {
		err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.perf_gen), &run);
		if (err) {
			die("generate", errno);
			goto out;
		}
		sent += run.repeat;
		t1 = now_sec();
	} while (t1 - t0 < seconds);
	err = sum_sink(skel, &after);
	if (err) {
		die("read sink counters", err);
		goto out;
	}
	printf("sent_pps=%.0f delivered_pps=%.0f per_sink_pps=%.0f\n", sent / (t1 - t0),
	       (after - before) / (t1 - t0), (after - before) / (t1 - t0) / nsinks);
out:
	for (i = 0; i < nsinks; i++)
		bpf_xdp_detach(sink_if[i], XDP_FLAGS_DRV_MODE, NULL);
	perf_bpf__destroy(skel);
	return err ? 1 : 0;
}

/* Run a pinned XDP program on one frame, repeatedly, as received by
 * IN_DEV: the program's own cost, without devices around it. */
static int cmd_prog_run(const char *pin, const char *in_dev, struct gen_opts *g, __u32 repeat)
{
	static __u8 frame[MAX_FRAME], out[MAX_FRAME + 256];
	__u8 hdr[18];
	struct xdp_md ctx = { .data_end = g->len };
	int fd, err;

	ctx.ingress_ifindex = if_nametoindex(in_dev);
	if (!ctx.ingress_ifindex)
		return die(in_dev, errno);
	fd = bpf_obj_get(pin);
	if (fd < 0)
		return die(pin, errno);
	build_frame(g, frame, hdr);
	LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = frame, .data_size_in = g->len,
		    .data_out = out, .data_size_out = sizeof(out),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);
	err = bpf_prog_test_run_opts(fd, &run);
	close(fd);
	if (err)
		return die("BPF_PROG_TEST_RUN", errno);
	printf("ns_per_run=%u retval=%u\n", run.duration, run.retval);
	return 0;
}

static int cmd_bare(const char *in_dev, char *outs)
{
	__u32 out_if[MAX_SINKS], in_if, zero = 0;
	struct bpf_program *prog;
	struct perf_bpf *skel;
	int nouts, err;

	nouts = ifindex_list(outs, out_if, MAX_SINKS);
	if (nouts < 0)
		return die("outputs", nouts);
	in_if = if_nametoindex(in_dev);
	if (!in_if)
		return die(in_dev, errno);
	skel = perf_bpf__open_and_load();
	if (!skel)
		return die("load BPF object", errno);
	if (nouts == 1) {
		prog = skel->progs.perf_limit;
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.limit_tx), &zero, &out_if[0], 0);
	} else {
		prog = skel->progs.perf_bcast;
		err = 0;
		for (int i = 0; i < nouts && !err; i++)
			err = bpf_map_update_elem(bpf_map__fd(skel->maps.bcast_tx), &out_if[i],
						  &out_if[i], 0);
	}
	if (err)
		err = die("fill devmap", errno);
	else if ((err = bpf_xdp_attach(in_if, bpf_program__fd(prog), XDP_FLAGS_DRV_MODE, NULL)))
		err = die("attach", err);
	perf_bpf__destroy(skel); /* the attachment keeps program and maps */
	return err ? 1 : 0;
}

static int cmd_l2ref(const char *in_dev, const char *out_dev, const __u8 *dst)
{
	struct { __u8 mac[ETH_ALEN]; __u16 pad; } key = {};
	__u32 in_if, out_if;
	struct perf_bpf *skel;
	int err;

	in_if = if_nametoindex(in_dev);
	out_if = if_nametoindex(out_dev);
	if (!in_if || !out_if)
		return die(in_if ? out_dev : in_dev, ENODEV);
	memcpy(key.mac, dst, ETH_ALEN);
	skel = perf_bpf__open_and_load();
	if (!skel)
		return die("load BPF object", errno);
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.l2ref_fdb), &key, &out_if, 0) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.l2ref_tx), &out_if, &out_if, 0))
		err = die("fill l2ref maps", errno);
	else if ((err = bpf_xdp_attach(in_if, bpf_program__fd(skel->progs.perf_l2ref),
				       XDP_FLAGS_DRV_MODE, NULL)))
		err = die("attach", err);
	perf_bpf__destroy(skel);
	return err ? 1 : 0;
}

static int cmd_fdb_fill(const char *pin, const char *port_dev, __u32 count,
			const __u8 *base, __u16 vid)
{
	const __u32 chunk = 65536;
	struct vsw_fdb_key *keys;
	struct vsw_fdb_entry *vals;
	__u32 ifindex, done = 0;
	int fd, err = 0;

	ifindex = if_nametoindex(port_dev);
	if (!ifindex)
		return die(port_dev, errno);
	fd = bpf_obj_get(pin);
	if (fd < 0)
		return die(pin, errno);
	keys = calloc(chunk, sizeof(*keys));
	vals = calloc(chunk, sizeof(*vals));
	if (!keys || !vals) {
		err = die("fdb-fill", ENOMEM);
		goto out;
	}
	while (done < count && !err) {
		__u32 n = count - done < chunk ? count - done : chunk;

		for (__u32 i = 0; i < n; i++) {
			__u32 seq = done + i;

			keys[i].vid = vid;
			memcpy(keys[i].mac, base, ETH_ALEN);
			keys[i].mac[3] = seq >> 16;
			keys[i].mac[4] = seq >> 8;
			keys[i].mac[5] = seq;
			vals[i].ifindex = ifindex;
			vals[i].flags = VSW_FDB_F_STATIC;
		}
		if (bpf_map_update_batch(fd, keys, vals, &n, NULL))
			err = die("fdb batch update", errno);
		done += n;
	}
out:
	free(keys);
	free(vals);
	close(fd);
	return err ? 1 : 0;
}

static int cmd_announce(const char *dev, const __u8 *src)
{
	__u8 frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd;

	sll.sll_ifindex = if_nametoindex(dev);
	if (!sll.sll_ifindex)
		return die(dev, errno);
	memcpy(frame + 6, src, ETH_ALEN);
	frame[12] = 0x88; /* 0x88b5: IEEE local experimental */
	frame[13] = 0xb5;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return die("AF_PACKET socket", errno);
	if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		close(fd);
		return die("send", errno);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct gen_opts g = {
		.dst = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
		.src = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
		.ndst = 1, .len = 60,
	};
	const char *ns = NULL, *gen = NULL, *in = NULL, *pin = NULL;
	char *sinks = NULL, *outs = NULL;
	double seconds = 2;
	int cpu = libbpf_num_possible_cpus() - 1;
	__u32 u;
	int opt, err;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "n:g:s:l:t:D:S:N:V:c:i:o:p:")) != -1) {
		switch (opt) {
		case 'n': ns = optarg; break;
		case 'g': gen = optarg; break;
		case 's': sinks = optarg; break;
		case 'i': in = optarg; break;
		case 'o': outs = optarg; break;
		case 'p': pin = optarg; break;
		case 't': seconds = atof(optarg); break;
		case 'l':
			if (cli_parse_u32(optarg, &u) || u < 64 || u - 4 > MAX_FRAME)
				goto bad;
			g.len = u - 4; /* the FCS is the NIC's */
			break;
		case 'D': if (cli_parse_mac(optarg, g.dst)) goto bad; break;
		case 'S': if (cli_parse_mac(optarg, g.src)) goto bad; break;
		case 'N':
			if (cli_parse_u32(optarg, &g.ndst) || !g.ndst || g.ndst > 1U << 24)
				goto bad;
			break;
		case 'V':
			if (cli_parse_vid(optarg, &g.vid))
				goto bad;
			break;
		case 'c':
			if (cli_parse_u32(optarg, &u))
				goto bad;
			cpu = u;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (seconds <= 0) {
		fprintf(stderr, "vsw-perf: -t wants a positive number of seconds\n");
		return 2;
	}
	err = enter_netns(ns);
	if (err)
		return die(ns, err);
	libbpf_set_print(NULL);

	if (!strcmp(cmd, "measure") && gen && sinks)
		return cmd_measure(gen, sinks, &g, seconds, cpu);
	if (!strcmp(cmd, "bare") && in && outs)
		return cmd_bare(in, outs);
	if (!strcmp(cmd, "l2ref") && in && outs)
		return cmd_l2ref(in, outs, g.dst);
	if (!strcmp(cmd, "fdb-fill") && pin && outs)
		return cmd_fdb_fill(pin, outs, g.ndst, g.dst, g.vid ? g.vid : 1);
	if (!strcmp(cmd, "prog-run") && pin && in)
		return cmd_prog_run(pin, in, &g, g.ndst > 1 ? g.ndst : 1000000);
	if (!strcmp(cmd, "announce") && in)
		return cmd_announce(in, g.src);
	fprintf(stderr, "vsw-perf: '%s': unknown command or missing options (see --help)\n", cmd);
	return 2;
bad:
	fprintf(stderr, "vsw-perf: bad value for -%c: '%s'\n", opt, optarg);
	return 2;
}
