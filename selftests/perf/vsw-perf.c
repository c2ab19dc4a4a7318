// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vsw-perf: the traffic and meters of selftests/perf/run.sh.
 *
 * Throughput is measured in a closed loop that needs no generator: the
 * far end of each veth runs perf_loop (perf.bpf.c), which counts a frame
 * and sends it back (XDP_TX) with its MACs swapped, so a few hundred
 * frames seeded once with AF_PACKET circulate through the device under
 * test between the near ends for as long as the far ends answer. The
 * rate is what one far end counts over an interval.
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
#include "loop.h"
#include "perf.skel.h"

#define MAX_SINKS 64
#define MAX_FRAME 3000

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vsw-perf COMMAND [OPTIONS]\n"
"\n"
"The traffic and meters of selftests/perf/run.sh.\n"
"\n"
"  loop     -n NS -a FAR_A -b FAR_B[,FAR...] [-l BYTES] [-t SECONDS]\n"
"           [-D DSTMAC] [-S SRCMAC] [-N NDST] [-V VID] [-F FRAMES] [-c CPU] [-X]\n"
"        Run the closed loop: attach perf_loop to the far ends, seed FRAMES\n"
"        (default 256) IPv4/UDP frames of BYTES (default 64, FCS included)\n"
"        from SRCMAC to DSTMAC on FAR_A (from CPU, default the last one),\n"
"        let them circulate through whatever joins the near ends, count\n"
"        for SECONDS (default 2) after a warm-up, detach, and print\n"
"          pps=N per_end=N[,N...]\n"
"        Unicast: FAR_A and the first FAR_B swap the MACs and send back;\n"
"        pps is what FAR_A receives. -N cycles the destination FAR_A sends\n"
"        to over N addresses (bytes 3..5 of DSTMAC replaced by 0..N-1).\n"
"        Flood (DSTMAC ff:ff:ff:ff:ff:ff): FAR_A sends broadcasts, the\n"
"        first FAR_B answers each with a unicast to SRCMAC; pps is what\n"
"        the first FAR_B receives. Further FAR_Bs only count and drop\n"
"        (floods, mirror copies); per_end lists every end in order.\n"
"        -V: the seeded frames carry an 802.1Q tag with VID.\n"
"        -X: the first FAR_B is a VXLAN underlay's far end, a remote VTEP:\n"
"        it swaps the outer MACs and IPv4 addresses and the inner MACs.\n"
"  measure  -n NS -g GENDEV -s SINK[,SINK...] [-l BYTES] [-t SECONDS]\n"
"           [-D DSTMAC] [-S SRCMAC] [-V VID] [-c CPU]\n"
"        Open loop, for the benchmarks that need one (bench_legacy.sh):\n"
"        count and drop what reaches each SINK while sending frames out of\n"
"        GENDEV with AF_PACKET as fast as it takes them, and print\n"
"          sent_pps=N delivered_pps=N per_sink_pps=N\n"
"  macflood -n NS -g GENDEV -N NMACS [-t SECONDS] [-l BYTES] [-D DSTMAC]\n"
"           [-V VID] [-c CPU]\n"
"        A MAC flood: send frames out of GENDEV with AF_PACKET as fast as it\n"
"        takes them for SECONDS, each from a source MAC drawn at random from\n"
"        a pool of NMACS random unicast addresses, to DSTMAC (default: a\n"
"        random unicast address per frame, as a flooding tool sends), and\n"
"        print\n"
"          sent=N pps=N macs=N\n"
"        (macs: the pool's addresses that were sent from).\n"
"  bare     -n NS -i INDEV -o OUT[,OUT...]\n"
"        Attach the reference program to INDEV: one bpf_redirect_map to\n"
"        OUT, or with several OUTs a BPF_F_BROADCAST to all of them. It\n"
"        stays attached; remove it with 'ip link set INDEV xdp off'.\n"
"  l2ref    -n NS -i INDEV -o OUTDEV [-D DSTMAC]\n"
"        Attach the minimal L2 forwarder to INDEV: frames to DSTMAC go to\n"
"        OUTDEV, others are dropped.\n"
"  pass     -n NS -i DEV[,DEV...]\n"
"        Attach XDP_PASS to each DEV (NAPI for a netdev that XDP_TX frames\n"
"        from its peer must reach, e.g. a bridge port). It stays attached.\n"
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

/* die() for a step on one netdev: "vsw-perf: WHAT on 'DEV': error". */
static int die_dev(const char *what, __u32 ifindex, int err)
{
	char name[IF_NAMESIZE] = "?";
	char msg[128];

	if_indextoname(ifindex, name);
	snprintf(msg, sizeof(msg), "%s on '%s'", what, name);
	return die(msg, err);
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
	__u32 frames; /* to seed a loop with */
	int cpu;
	bool vxlan; /* loop -X */
};

/* A whole IPv4/UDP frame, valid to the last checksum: a Linux bridge
 * drops one with a zeroed IP header. */
static void build_frame(const struct gen_opts *g, __u8 *frame)
{
	__u32 off = ETH_HLEN;
	struct iphdr *ip;
	struct udphdr *udp;

	memset(frame, 0, g->len);
	memcpy(frame, g->dst, ETH_ALEN);
	memcpy(frame + 6, g->src, ETH_ALEN);
	if (g->vid) {
		*(__be16 *)(frame + 12) = htons(ETH_P_8021Q);
		*(__be16 *)(frame + 14) = htons(g->vid);
		off += 4;
	}
	*(__be16 *)(frame + off - 2) = htons(ETH_P_IP);
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
}

static int pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

static void sleep_sec(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s, .tv_nsec = (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static const __u8 bcast_mac[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
/* The source of the flood loop's answers (a unicast back to FAR_A). */
static const __u8 answer_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x03 };

static int cmd_loop(const char *far_a, char *far_b, struct gen_opts *g, double seconds)
{
	struct perf_loop_end cfg[PERF_LOOP_SLOTS] = {};
	__u32 ends[PERF_LOOP_SLOTS], slot;
	static __u8 frame[MAX_FRAME];
	__u64 before[PERF_LOOP_SLOTS], after;
	double t0, t1, warm = seconds < 0.5 ? seconds : 0.5;
	bool flood = !memcmp(g->dst, bcast_mac, ETH_ALEN);
	struct loop *l = NULL;
	int n, err, fd = -1;
	long sent;

	ends[0] = if_nametoindex(far_a);
	if (!ends[0])
		return die(far_a, errno);
	n = ifindex_list(far_b, ends + 1, PERF_LOOP_SLOTS - 1);
	if (n < 0)
		return die("far ends", n);
	n++;
	for (int i = 0; i < n; i++) {
		cfg[i].slot = i;
		cfg[i].mode = PERF_LOOP_DROP; /* unless one of the two below */
	}
	if (flood) {
		cfg[0].mode = PERF_LOOP_SET; /* every answer goes out as a broadcast */
		memcpy(cfg[0].dst, bcast_mac, ETH_ALEN);
		memcpy(cfg[0].src, g->src, ETH_ALEN);
		cfg[1].mode = PERF_LOOP_SET; /* one copy of each comes back */
		memcpy(cfg[1].dst, g->src, ETH_ALEN);
		memcpy(cfg[1].src, answer_mac, ETH_ALEN);
		slot = 1;
	} else {
		cfg[0].mode = cfg[1].mode = PERF_LOOP_SWAP;
		if (g->vxlan)
			cfg[1].mode = PERF_LOOP_VXLAN;
		if (g->ndst > 1) {
			cfg[0].ndst = g->ndst;
			memcpy(cfg[0].dst, g->dst, ETH_ALEN);
		}
		slot = 0;
	}

	err = pin_cpu(g->cpu);
	if (err)
		return die("sched_setaffinity", err);
	l = loop_open();
	if (!l)
		return die("load perf.bpf.o", errno);
	for (int i = 0; i < n; i++) {
		err = loop_end_add(l, ends[i], &cfg[i]);
		if (err) {
			die_dev("attach perf_loop (XDP, native)", ends[i], err);
			goto out;
		}
	}
	fd = loop_sender(ends[0]);
	if (fd < 0) {
		err = fd;
		die_dev("AF_PACKET socket", ends[0], err);
		goto out;
	}
	build_frame(g, frame);
	sent = loop_send(fd, ends[0], frame, g->len, g->frames);
	if (sent < 0) {
		err = (int)sent;
		die_dev("seed the loop (AF_PACKET send)", ends[0], err);
		goto out;
	}

	sleep_sec(warm);
	for (int i = 0; i < n && !err; i++)
		err = loop_count(l, i, &before[i]);
	t0 = now_sec();
	sleep_sec(seconds);
	t1 = now_sec();
	if (err || (err = loop_count(l, slot, &after))) {
		die("read the loop's counters", err);
		goto out;
	}
	printf("pps=%.0f per_end=", (after - before[slot]) / (t1 - t0));
	for (int i = 0; i < n; i++) {
		__u64 c = 0;

		err = loop_count(l, i, &c);
		if (err)
			break;
		printf("%s%.0f", i ? "," : "", (c - before[i]) / (t1 - t0));
	}
	printf(" seeded=%ld\n", sent);
out:
	if (fd >= 0)
		close(fd);
	loop_close(l);
	return err ? 1 : 0;
}

/* The open loop's sender: an AF_PACKET socket on dev (*fd), this process
 * on cpu. Returns 0, or 1 after saying why (die()). */
static int sender_open(const char *dev, int cpu, __u32 *ifindex, int *fd)
{
	int err;

	*ifindex = if_nametoindex(dev);
	if (!*ifindex)
		return die(dev, errno);
	err = pin_cpu(cpu);
	if (err)
		return die("sched_setaffinity", err);
	*fd = loop_sender(*ifindex);
	if (*fd < 0)
		return die("AF_PACKET socket", *fd);
	return 0;
}

static int cmd_measure(const char *gen_dev, char *sinks, struct gen_opts *g, double seconds)
{
	struct perf_loop_end cfg = { .mode = PERF_LOOP_DROP };
	__u32 sink_if[MAX_SINKS], gen_if;
	static __u8 frame[MAX_FRAME];
	__u64 before = 0, after = 0, c;
	double t0, t1 = 0, warm_end;
	struct loop *l = NULL;
	int nsinks, err, fd = -1;
	long sent = 0, n;

	nsinks = ifindex_list(sinks, sink_if, MAX_SINKS);
	if (nsinks < 0)
		return die("sinks", nsinks);
	if (sender_open(gen_dev, g->cpu, &gen_if, &fd))
		return 1;
	l = loop_open();
	if (!l) {
		err = errno;
		close(fd);
		return die("load perf.bpf.o", err);
	}
	for (int i = 0; i < nsinks; i++) {
		cfg.slot = i;
		err = loop_end_add(l, sink_if[i], &cfg);
		if (err) {
			die_dev("attach perf_loop (XDP, native)", sink_if[i], err);
			goto out;
		}
	}
	build_frame(g, frame);

	/* Warm up (FDB, caches), then measure. */
	warm_end = now_sec() + 0.3;
	while (now_sec() < warm_end && (n = loop_send(fd, gen_if, frame, g->len, 1024)) >= 0)
		;
	for (int i = 0; i < nsinks && !err; i++)
		if (!(err = loop_count(l, i, &c)))
			before += c;
	t0 = now_sec();
	do {
		n = loop_send(fd, gen_if, frame, g->len, 1024);
		if (n < 0) {
			err = (int)n;
			break;
		}
		sent += n;
		t1 = now_sec();
	} while (t1 - t0 < seconds);
	for (int i = 0; i < nsinks && !err; i++)
		if (!(err = loop_count(l, i, &c)))
			after += c;
	if (err) {
		die("send or count", err);
		goto out;
	}
	printf("sent_pps=%.0f delivered_pps=%.0f per_sink_pps=%.0f\n", sent / (t1 - t0),
	       (after - before) / (t1 - t0), (after - before) / (t1 - t0) / nsinks);
out:
	if (fd >= 0)
		close(fd);
	loop_close(l);
	return err ? 1 : 0;
}

static int cmd_pass(char *devs)
{
	__u32 ifs[MAX_SINKS];
	struct perf_bpf *skel;
	int n, err = 0;

	n = ifindex_list(devs, ifs, MAX_SINKS);
	if (n < 0)
		return die("devices", n);
	skel = perf_bpf__open_and_load();
	if (!skel)
		return die("load perf.bpf.o", errno);
	for (int i = 0; i < n && !err; i++) {
		err = bpf_xdp_attach(ifs[i], bpf_program__fd(skel->progs.perf_pass),
				     XDP_FLAGS_DRV_MODE, NULL);
		if (err)
			die_dev("attach perf_pass (XDP, native)", ifs[i], err);
	}
	perf_bpf__destroy(skel); /* the attachments keep the program */
	return err ? 1 : 0;
}

/* Run a pinned XDP program on one frame, repeatedly, as received by
 * IN_DEV: the program's own cost, without devices around it. */
static int cmd_prog_run(const char *pin, const char *in_dev, struct gen_opts *g, __u32 repeat)
{
	static __u8 frame[MAX_FRAME], out[MAX_FRAME + 256];
	struct xdp_md ctx = { .data_end = g->len };
	int fd, err;

	ctx.ingress_ifindex = if_nametoindex(in_dev);
	if (!ctx.ingress_ifindex)
		return die(in_dev, errno);
	fd = bpf_obj_get(pin);
	if (fd < 0)
		return die(pin, errno);
	build_frame(g, frame);
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

/* xorshift64*: a fast generator for MACs; not for anything secret. */
static __u64 rand_next(__u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dULL;
}

/* A random locally administered unicast MAC, never all zero. */
static void rand_mac(__u64 *state, __u8 *mac)
{
	__u64 r = rand_next(state);

	memcpy(mac, &r, ETH_ALEN);
	mac[0] = (mac[0] & 0xfc) | 0x02;
}

#define FLOOD_BATCH 64

static int cmd_macflood(const char *gen_dev, struct gen_opts *g, bool random_dst, double seconds)
{
	static __u8 frames[FLOOD_BATCH][MAX_FRAME];
	struct iovec iov[FLOOD_BATCH];
	__u64 rng = 0x9e3779b97f4a7c15ULL ^ (__u64)getpid() << 32 ^ (__u64)(now_sec() * 1e6);
	__u8 (*pool)[ETH_ALEN] = NULL, *used = NULL;
	__u32 gen_if, macs = 0;
	long sent = 0, n;
	double t0, t1;
	int fd, err = 0;

	if (sender_open(gen_dev, g->cpu, &gen_if, &fd))
		return 1;
	pool = calloc(g->ndst, ETH_ALEN);
	used = calloc(g->ndst, 1);
	if (!pool || !used) {
		free(pool);
		free(used);
		close(fd);
		return die("MAC pool", -ENOMEM);
	}
	for (__u32 i = 0; i < g->ndst; i++)
		rand_mac(&rng, pool[i]);
	for (int i = 0; i < FLOOD_BATCH; i++) {
		build_frame(g, frames[i]);
		iov[i] = (struct iovec){ .iov_base = frames[i], .iov_len = g->len };
	}
	t0 = t1 = now_sec();
	while (t1 - t0 < seconds) {
		for (int i = 0; i < FLOOD_BATCH; i++) {
			__u32 k = (__u32)(rand_next(&rng) % g->ndst);

			memcpy(frames[i] + ETH_ALEN, pool[k], ETH_ALEN);
			if (!used[k]) {
				used[k] = 1;
				macs++;
			}
			if (random_dst)
				rand_mac(&rng, frames[i]);
		}
		n = loop_send_frames(fd, gen_if, iov, FLOOD_BATCH);
		if (n < 0 && n != -ENOBUFS && n != -EAGAIN) {
			err = (int)n;
			break;
		}
		if (n > 0)
			sent += n;
		t1 = now_sec();
	}
	close(fd);
	free(pool);
	free(used);
	if (err)
		return die("send", err);
	printf("sent=%ld pps=%.0f macs=%u\n", sent, sent / (t1 - t0), macs);
	return 0;
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
		.ndst = 1, .len = 60, .frames = 256,
		.cpu = libbpf_num_possible_cpus() - 1,
	};
	const char *ns = NULL, *gen = NULL, *in = NULL, *pin = NULL, *far_a = NULL;
	char *sinks = NULL, *outs = NULL, *far_b = NULL;
	double seconds = 2;
	bool dst_given = false;
	__u32 u;
	int opt, err;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "n:g:s:l:t:D:S:N:V:c:i:o:p:a:b:F:X")) != -1) {
		switch (opt) {
		case 'n': ns = optarg; break;
		case 'g': gen = optarg; break;
		case 's': sinks = optarg; break;
		case 'i': in = optarg; break;
		case 'o': outs = optarg; break;
		case 'p': pin = optarg; break;
		case 'a': far_a = optarg; break;
		case 'X': g.vxlan = true; break;
		case 'b': far_b = optarg; break;
		case 'F':
			if (cli_parse_u32(optarg, &g.frames) || !g.frames || g.frames > 100000)
				goto bad;
			break;
		case 't': seconds = atof(optarg); break;
		case 'l':
			if (cli_parse_u32(optarg, &u) || u < 64 || u - 4 > MAX_FRAME)
				goto bad;
			g.len = u - 4; /* the FCS is the NIC's */
			break;
		case 'D':
			if (cli_parse_mac(optarg, g.dst))
				goto bad;
			dst_given = true;
			break;
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
			g.cpu = u;
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

	if (!strcmp(cmd, "loop") && far_a && far_b)
		return cmd_loop(far_a, far_b, &g, seconds);
	if (!strcmp(cmd, "measure") && gen && sinks)
		return cmd_measure(gen, sinks, &g, seconds);
	if (!strcmp(cmd, "macflood") && gen)
		return cmd_macflood(gen, &g, !dst_given, seconds);
	if (!strcmp(cmd, "pass") && in)
		return cmd_pass((char *)in);
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
