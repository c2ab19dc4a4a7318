// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * evpn-probe: vswd's EVPN module (user/vswd/evpn_sync.c) over a model of
 * text, for the control plane's selftest (selftests/test_evpn.sh): it
 * runs the same code vswd --evpn runs, beside FRR, with no data plane.
 *
 *   evpn-probe FILE
 *
 * FILE, read again every tick, says what the model has:
 *   vni VNI local ADDR [port PORT]
 *   mac VNI MAC            (a local MAC of the VNI)
 * and, read at start only, what its data plane holds then (as a restarted
 * vswd finds it), beside what the module hands it later:
 *   remote VNI MAC vtep ADDR     (a control plane's remote MAC)
 *   flood VNI vtep ADDR          (a control plane's flood VTEP)
 *   learned VNI MAC vtep ADDR    (learned from frames: not the module's)
 * Every call the module makes into the model is one line on stdout,
 * stamped with the wall clock in milliseconds:
 *   MS remote add|del vni VNI mac MAC vtep ADDR
 *   MS flood add|del vni VNI vtep ADDR
 * SIGTERM or SIGINT stops it; its devices stay, as vswd's do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "evpn_sync.h"

#define MAX_ENTRIES 16384

static struct {
	const char *path;
	struct evpn_vni vnis[MAX_ENTRIES];
	int n_vnis;
	struct { __u32 vni; __u8 mac[6]; } macs[MAX_ENTRIES];
	int n_macs;
	/* the data plane's remote entries; mac all zero: a flood VTEP */
	struct { __u32 vni; __u8 mac[6]; __be32 vtep; bool mine; } rem[MAX_ENTRIES];
	int n_rem;
} model;

/* The entry of (vni, mac), and of vtep too for a flood VTEP; -1: none. */
static int rem_find(__u32 vni, const __u8 mac[6], __be32 vtep)
{
	static const __u8 zero[6];

	for (int i = 0; i < model.n_rem; i++)
		if (model.rem[i].vni == vni && !memcmp(model.rem[i].mac, mac, 6) &&
		    (memcmp(mac, zero, 6) || model.rem[i].vtep == vtep))
			return i;
	return -1;
}

static void rem_set(__u32 vni, const __u8 mac[6], __be32 vtep, bool mine, bool add)
{
	int i = rem_find(vni, mac, vtep);

	if (!add) {
		if (i >= 0)
			model.rem[i] = model.rem[--model.n_rem];
		return;
	}
	if (i < 0 && model.n_rem == MAX_ENTRIES)
		return;
	if (i < 0)
		i = model.n_rem++;
	model.rem[i].vni = vni;
	memcpy(model.rem[i].mac, mac, 6);
	model.rem[i].vtep = vtep;
	model.rem[i].mine = mine;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void model_read(bool first)
{
	char line[256], addr[64], kind[16];
	FILE *f = fopen(model.path, "r");
	unsigned int port, vni, m[6];
	struct in_addr in;
	__u8 mac[6] = { 0 };

	model.n_vnis = model.n_macs = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		port = 4789;
		if (sscanf(line, "vni %u local %63s port %u", &vni, addr, &port) >= 2 &&
		    inet_aton(addr, &in) && model.n_vnis < MAX_ENTRIES)
			model.vnis[model.n_vnis++] = (struct evpn_vni){ vni, in.s_addr, port };
		else if (sscanf(line, "mac %u %x:%x:%x:%x:%x:%x", &vni, &m[0], &m[1], &m[2], &m[3],
				&m[4], &m[5]) == 7 && model.n_macs < MAX_ENTRIES) {
			model.macs[model.n_macs].vni = vni;
			for (int i = 0; i < 6; i++)
				model.macs[model.n_macs].mac[i] = m[i];
			model.n_macs++;
		} else if (first && sscanf(line, "%15s %u %x:%x:%x:%x:%x:%x vtep %63s", kind, &vni,
					   &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], addr) == 9 &&
			   (!strcmp(kind, "remote") || !strcmp(kind, "learned")) &&
			   inet_aton(addr, &in)) {
			for (int i = 0; i < 6; i++)
				mac[i] = m[i];
			rem_set(vni, mac, in.s_addr, !strcmp(kind, "remote"), true);
		} else if (first && sscanf(line, "flood %u vtep %63s", &vni, addr) == 2 &&
			   inet_aton(addr, &in)) {
			memset(mac, 0, 6);
			rem_set(vni, mac, in.s_addr, true, true);
		}
	}
	fclose(f);
}

static int vnis(void *ctx, evpn_vni_fn fn, void *arg)
{
	int ret = 0;

	model_read(false);
	for (int i = 0; i < model.n_vnis && !ret; i++)
		ret = fn(&model.vnis[i], arg);
	return ret;
}

static int local_macs(void *ctx, __u32 vni, evpn_mac_fn fn, void *arg)
{
	int ret = 0;

	for (int i = 0; i < model.n_macs && !ret; i++)
		if (model.macs[i].vni == vni)
			ret = fn(model.macs[i].mac, arg);
	return ret;
}

static int remote_mac(void *ctx, __u32 vni, const __u8 m[6], __be32 vtep, bool add)
{
	rem_set(vni, m, vtep, true, add);
	printf("%lld remote %s vni %u mac %02x:%02x:%02x:%02x:%02x:%02x vtep %s\n", now_ms(),
	       add ? "add" : "del", vni, m[0], m[1], m[2], m[3], m[4], m[5],
	       inet_ntoa((struct in_addr){ vtep }));
	return 0;
}

static int flood(void *ctx, __u32 vni, __be32 vtep, bool add)
{
	static const __u8 zero[6];

	rem_set(vni, zero, vtep, true, add);
	printf("%lld flood %s vni %u vtep %s\n", now_ms(), add ? "add" : "del", vni,
	       inet_ntoa((struct in_addr){ vtep }));
	return 0;
}

static int remotes(void *ctx, evpn_remote_fn fn, void *arg)
{
	int ret = 0;

	for (int i = 0; i < model.n_rem && !ret; i++)
		ret = fn(model.rem[i].vni, model.rem[i].mac, model.rem[i].vtep, model.rem[i].mine,
			 arg);
	return ret;
}

int main(int argc, char **argv)
{
	const struct evpn_ops ops = { .vnis = vnis, .local_macs = local_macs,
				      .remote_mac = remote_mac, .flood = flood,
				      .remotes = remotes };
	struct itimerspec its = { .it_value.tv_nsec = EVPN_SYNC_POLL_MS * 1000000L,
				  .it_interval.tv_nsec = EVPN_SYNC_POLL_MS * 1000000L };
	struct epoll_event ev = { .events = EPOLLIN }, evs[4];
	int epfd, tfd, sfd, n, err;
	struct evpn_sync *s;
	sigset_t mask;
	__u64 ticks;

	if (argc != 2) {
		fprintf(stderr, "usage: evpn-probe FILE\n");
		return 2;
	}
	model.path = argv[1];
	model_read(true);
	setvbuf(stdout, NULL, _IOLBF, 0);
	err = evpn_sync_open(&ops, "evpn-probe", &s);
	if (err) {
		fprintf(stderr, "evpn-probe: %s\n", strerror(-err));
		return 1;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || tfd < 0 || epfd < 0 || timerfd_settime(tfd, 0, &its, NULL)) {
		perror("evpn-probe");
		return 1;
	}
	ev.data.fd = sfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev);
	ev.data.fd = tfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev);
	ev.data.fd = evpn_sync_fd(s);
	epoll_ctl(epfd, EPOLL_CTL_ADD, ev.data.fd, &ev);
	evpn_sync_tick(s);
	for (;;) {
		n = epoll_wait(epfd, evs, 4, -1);
		for (int i = 0; i < n; i++) {
			if (evs[i].data.fd == sfd)
				goto out;
			if (evs[i].data.fd == tfd) {
				if (read(tfd, &ticks, sizeof(ticks)) > 0)
					evpn_sync_tick(s);
			} else if ((err = evpn_sync_read(s))) {
				fprintf(stderr, "evpn-probe: %s\n", strerror(-err));
			}
		}
	}
out:
	evpn_sync_close(s);
	return 0;
}
