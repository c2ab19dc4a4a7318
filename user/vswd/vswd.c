// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswd: the vsw daemon. Owns the object model, serves the control socket,
 * follows link changes, ages the FDBs, and keeps its configuration in the
 * state directory. Runs in the foreground (for systemd); the datapath it
 * builds stays pinned and forwarding when it exits, unless --flush-on-exit.
 *
 * One context struct owns every fd; one epoll loop; signals arrive as
 * events (signalfd); the aging timer is a monotonic one-shot re-armed
 * after each firing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include "capture.h"
#include "cli_parse.h"
#include "commands.h"
#include "dp_kernel.h"
#include "evpn_sync.h"
#include "ctl_server.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "model.h"
#include "model_vxlan.h"
#include "netdev.h"
#include "state.h"
#include "state_saver.h"
#include "vsw_paths.h"

/* The shipped extensions, where make install puts them (PREFIX/lib/vsw). */
#define VSW_EXT_DIR_DEFAULT VSW_LIBDIR "/ext"

#define AGING_SWEEP_SEC 10
#define AGING_STEP 4096 /* FDB entries per step of a sweep: about a millisecond */

enum source {
	SRC_SIGNAL = 1, SRC_TIMER, SRC_CTL, SRC_MONITOR, SRC_SAVER,
	SRC_METRICS,       /* libmicrohttpd's epoll fd */
	SRC_METRICS_TIMER, /* its connection timeouts */
	SRC_CAPTURE,       /* the capture rings (capture.h) */
	SRC_EVPN,          /* rtnetlink neighbour events (evpn_sync.h) */
	SRC_EVPN_TIMER,    /* its local MAC poll */
	SRC_NH_TIMER,      /* VXLAN next hops awaited (model_vxlan_resolve) */
};

/* A client whose change waits for the save that holds it. */
struct save_waiter {
	struct ctl_conn *conn;
	__u64 gen;
	struct save_waiter *next;
};

struct vswd {
	struct model model;
	char owner[PATH_MAX];        /* the state directory, absolute */
	struct state_saver *saver;
	struct save_waiter *waiters;
	const char *state_dir;
	bool flush_on_exit;
	bool sweeping;               /* an aging round is in steps */
	int epfd, sigfd, timerfd;
	const char *metrics_addr; /* NULL: no metrics */
	struct metrics_http *metrics;
	int metrics_timerfd;
	__u64 started_ns;
	struct ctl_server *ctl;
	struct netdev_monitor *mon;
	bool evpn;               /* --evpn */
	struct evpn_sync *evpn_sync;
	int evpn_timerfd;
	int nh_timerfd;  /* one-shot while the model awaits next hops */
	bool nh_armed;
	bool quit;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vswd [OPTIONS]\n"
"\n"
"The vsw daemon: virtual switches whose fast path runs in XDP. It runs in\n"
"the foreground and logs to stderr; vswctl(8) is its command line.\n"
"\n"
"Options:\n"
"  --state-dir DIR      configuration directory (default /var/lib/vsw);\n"
"                       holds vswd.json, written atomically on every change\n"
"  --socket PATH        control socket (default %s)\n"
"  --bpffs DIR          where switches pin their maps and programs\n"
"                       (default %s); one subdirectory per switch\n"
"  --group GROUP        group (name or gid) that may use the socket to\n"
"                       query; root can always change (default: root only)\n"
"  --group-can-write    let --group change the configuration too: switches,\n"
"                       ports, VLANs, policies, ACLs, NICs of type host, vm\n"
"                       and legacy (not physical NICs, not extensions)\n"
"  --admin-group GROUP  a group that may do all root may over the socket:\n"
"                       adopt physical NICs, load extensions (default: root)\n"
"  --ext-dir DIR        load extensions only from objects under DIR, which\n"
"                       must be root's and writable by root only, as must\n"
"                       every directory above it; repeatable (default:\n"
"                       %s, and ext/ beside vswd\n"
"                       when it runs from its build directory)\n"
"  --flush-on-exit      on exit, detach and unpin every switch's datapath\n"
"                       (default: leave it forwarding, for a restart)\n"
"  --client-timeout SEC a control client that has not read the whole reply\n"
"                       (a dump included) SEC seconds after its request is\n"
"                       disconnected, with the reason logged (default %u)\n"
"  --metrics ADDR:PORT  serve Prometheus metrics at http://ADDR:PORT/metrics\n"
"                       (default %s; [::1]:PORT for IPv6; 'none': off)\n"
"  --host-nics MODE     how host NICs' frames get complete checksums, applied\n"
"                       when a NIC joins a switch: 'skb-path' (default) keeps\n"
"                       every offload and forwards in generic XDP; 'tx-off'\n"
"                       turns tx checksumming (and TSO) off on the host side\n"
"                       and forwards in native XDP: more small frames a\n"
"                       second, about a third of the TCP throughput\n"
"                       (docs/offloads.md)\n"
"  --evpn               BGP EVPN through FRR's zebra on this host: every VNI\n"
"                       of a VXLAN NIC gets kernel devices zebra reads\n"
"                       (vswb<VNI>, vswx<VNI>, vswp<VNI>); local MACs are put\n"
"                       there for bgpd to advertise, the remote MACs and\n"
"                       flood VTEPs zebra installs there go to the datapath\n"
"                       (docs/multihost.md)\n"
"  -v, --verbose        debug logging (twice: libbpf's messages too)\n"
"  -q, --quiet          warnings and errors only\n"
"  -h, --help           this text\n"
"\n"
"Signals: SIGTERM and SIGINT stop vswd cleanly.\n"
"\n"
"On start vswd loads its configuration, reopens the pinned datapath of each\n"
"switch (a restart loses no learned FDB entry and no traffic), recreates\n"
"missing NIC netdevs and reconnects ports. A configuration file that cannot\n"
"be read is reported and left untouched; vswd then exits with status 1.\n"
"\n"
"Exit status: 0 after a clean stop, 1 on a start-up failure, 2 on bad usage.\n",
		VSW_CTL_SOCKET_DEFAULT, VSW_BPFFS_DEFAULT, VSW_EXT_DIR_DEFAULT,
		CTL_SERVER_TIMEOUT_MS_DEFAULT / 1000,
		VSW_METRICS_DEFAULT);
}

/* Without --ext-dir: the installed directory, and build/ext when this is
 * build/vswd (a development tree: make builds the extensions there). */
static size_t default_ext_dirs(const char **dirs)
{
	static char beside[PATH_MAX];
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct stat st;

	dirs[0] = VSW_EXT_DIR_DEFAULT;
	if (len <= 0)
		return 1;
	self[len] = '\0';
	*(strrchr(self, '/') ?: self) = '\0';
	if (snprintf(beside, sizeof(beside), "%s/ext", self) >= (int)sizeof(beside) ||
	    !strcmp(beside, VSW_EXT_DIR_DEFAULT) || stat(beside, &st) || !S_ISDIR(st.st_mode))
		return 1;
	dirs[1] = beside;
	return 2;
}

static int epoll_add(struct vswd *d, int fd, enum source src)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = ((__u64)src << 32) | (__u32)fd };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

/* The next aging sweep in AGING_SWEEP_SEC, or its next step at once. */
static void arm_aging_timer(struct vswd *d, bool step)
{
	struct itimerspec its = { .it_value.tv_sec = step ? 0 : AGING_SWEEP_SEC,
				  .it_value.tv_nsec = step ? 1 : 0 };

	timerfd_settime(d->timerfd, 0, &its, NULL);
}

/* A VXLAN next hop was asked of the kernel: look again in NH_RETRY_MS,
 * instead of waiting for the answer in the loop or for the next round. */
#define NH_RETRY_MS 200
static void arm_nh_timer(struct vswd *d)
{
	struct itimerspec its = { .it_value.tv_nsec = NH_RETRY_MS * 1000000L };

	if (!d->model.vx_nh_pending || d->nh_armed)
		return;
	if (!timerfd_settime(d->nh_timerfd, 0, &its, NULL))
		d->nh_armed = true;
}

/* Before a change: refuse it while the disk could not take its save. */
static int check_room(void *ctx, struct vsw_err *err)
{
	struct vswd *d = ctx;
	int ret = state_room(d->state_dir, state_saver_need(d->saver), err);

	if (ret)
		pr_warn("%s\n", err->msg);
	return ret;
}

/* After a change: the client's ack waits for the save that holds it. */
static int save_changed(void *ctx, struct ctl_conn *conn, struct vsw_err *err)
{
	struct vswd *d = ctx;
	struct save_waiter *w = malloc(sizeof(*w));

	if (!w)
		return vsw_errf(err, -ENOMEM, "the change took effect but cannot be saved: "
				"out of memory");
	w->conn = conn;
	w->gen = state_saver_submit(d->saver, &d->model);
	w->next = d->waiters;
	d->waiters = w;
	return CTL_REPLY_LATER;
}

/* A save finished: answer the clients whose changes it holds. */
static void saved(struct vswd *d)
{
	struct save_waiter **pw = &d->waiters, *w;
	struct vsw_err err = { "" }, msg = { "" };
	__u64 gen;
	int ret;

	ret = state_saver_collect(d->saver, &d->model, &gen, &err);
	if (ret == -EAGAIN)
		return;
	if (ret) {
		pr_err("%s\n", err.msg);
		vsw_errf(&msg, ret, "the change took effect but is not saved: %s", err.msg);
	}
	while ((w = *pw)) {
		if (w->gen > gen) {
			pw = &w->next;
			continue;
		}
		*pw = w->next;
		ctl_conn_finish(w->conn, ret, &msg);
		free(w);
	}
}

static int run_command(void *ctx, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	struct vswd *d = ctx;

	return commands_run(&d->model, req, conn, err);
}

static void conn_closed(void *ctx, struct ctl_conn *conn)
{
	struct vswd *d = ctx;
	struct save_waiter **pw = &d->waiters, *w;

	capture_conn_closed(&d->model, conn);
	while ((w = *pw)) {
		if (w->conn == conn) {
			*pw = w->next;
			free(w);
		} else {
			pw = &w->next;
		}
	}
}

static const char *admin_only(void *ctx, const struct ctl_request *req)
{
	struct vswd *d = ctx;

	return commands_admin_only(&d->model, req);
}

static void on_netdev(const struct netdev_info *info, bool deleted, void *ctx)
{
	struct vswd *d = ctx;

	/* Elsewhere only host NICs' host sides live; their MTU is news. */
	if (info->elsewhere)
		model_host_side_event(&d->model, info->name);
	else
		model_netdev_event(&d->model, info->ifindex, info->name,
				   info->up && info->carrier, deleted);
}

/* Events were lost: read every NIC's netdev state afresh. */
static void resync_netdevs(struct vswd *d)
{
	struct netdev_info info;

	for (struct vnic *n = d->model.nics; n; n = n->next) {
		if (netdev_get_by_name(n->port_ifname, &info))
			model_netdev_event(&d->model, 0, n->port_ifname, false, true);
		else
			on_netdev(&info, false, d);
	}
	model_nics_mtu_refresh(&d->model);
}

/* A step of each switch's aging sweep: a sweep of a large FDB at once
 * would hold the loop (and every control client) for milliseconds; the
 * loop serves what is ready between two steps. A round sweeps the
 * switches there are when it starts, each once. */
static void age_fdbs(struct vswd *d)
{
	bool start = !d->sweeping, more = false;
	unsigned int removed;
	int ret;

	if (start) /* once a round: next hops, learned remote MACs */
		model_vxlan_tick(&d->model);

	for (struct vswitch *sw = d->model.switches; sw; sw = sw->next) {
		if (start)
			sw->sweeping = sw->dp != NULL;
		if (!sw->sweeping)
			continue;
		ret = vsw_dp_fdb_age_step(sw->dp, AGING_STEP, &removed);
		if (ret > 0) {
			more = true;
			continue;
		}
		sw->sweeping = false;
		if (!ret)
			pr_debug("switch '%s': FDB swept, %u entries aged out\n", sw->name, removed);
	}
	d->sweeping = more;
	arm_aging_timer(d, more);
}

/* EVPN (evpn_sync.h) over the model's VXLAN side (model_vxlan.h). */
struct evpn_walk {
	evpn_vni_fn vni_fn;
	evpn_mac_fn mac_fn;
	void *arg;
	int ret;
};

static void evpn_vni_cb(const struct vxlan_vni_info *i, void *arg)
{
	struct evpn_vni v = { .vni = i->vni, .local = i->local, .dstport = i->dstport };
	struct evpn_walk *w = arg;

	if (!w->ret)
		w->ret = w->vni_fn(&v, w->arg);
}

static int evpn_vnis(void *ctx, evpn_vni_fn fn, void *arg)
{
	struct evpn_walk w = { .vni_fn = fn, .arg = arg };
	struct vswd *d = ctx;
	int ret = model_vxlan_vnis(&d->model, evpn_vni_cb, &w);

	return ret ?: w.ret;
}

static void evpn_mac_cb(const __u8 mac[6], void *arg)
{
	struct evpn_walk *w = arg;

	if (!w->ret)
		w->ret = w->mac_fn(mac, w->arg);
}

static int evpn_local_macs(void *ctx, __u32 vni, evpn_mac_fn fn, void *arg)
{
	struct evpn_walk w = { .mac_fn = fn, .arg = arg };
	struct vswd *d = ctx;
	struct vsw_err err;
	int ret = model_vxlan_local_macs(&d->model, vni, evpn_mac_cb, &w, &err);

	return ret ?: w.ret;
}

static int evpn_remote_mac(void *ctx, __u32 vni, const __u8 mac[6], __be32 vtep, bool add)
{
	struct vswd *d = ctx;
	struct vsw_err err;
	int ret = model_vxlan_remote_mac(&d->model, vni, mac, vtep, add, &err);

	if (ret)
		pr_warn("evpn: %s\n", err.msg);
	return ret;
}

static int evpn_flood(void *ctx, __u32 vni, __be32 vtep, bool add)
{
	struct vswd *d = ctx;
	struct vsw_err err;
	int ret = model_vxlan_flood_vtep(&d->model, vni, vtep, add, &err);

	if (ret)
		pr_warn("evpn: %s\n", err.msg);
	return ret;
}

struct evpn_remote_walk {
	evpn_remote_fn fn;
	void *arg;
	int ret;
};

static void evpn_remote_cb(__u32 vni, const __u8 mac[6], __be32 vtep, bool by_cp, void *arg)
{
	struct evpn_remote_walk *w = arg;

	if (!w->ret)
		w->ret = w->fn(vni, mac, vtep, by_cp, w->arg);
}

static int evpn_remotes(void *ctx, evpn_remote_fn fn, void *arg)
{
	struct evpn_remote_walk w = { .fn = fn, .arg = arg };
	struct vswd *d = ctx;
	int ret = model_vxlan_remotes(&d->model, evpn_remote_cb, &w);

	return ret ?: w.ret;
}

static int setup_evpn(struct vswd *d)
{
	const struct evpn_ops ops = { .vnis = evpn_vnis, .local_macs = evpn_local_macs,
				      .remote_mac = evpn_remote_mac, .flood = evpn_flood,
				      .remotes = evpn_remotes, .ctx = d };
	struct itimerspec its = {
		.it_value.tv_nsec = EVPN_SYNC_POLL_MS * 1000000L,
		.it_interval.tv_nsec = EVPN_SYNC_POLL_MS * 1000000L,
	};
	int ret;

	if (!d->evpn)
		return 0;
	ret = evpn_sync_open(&ops, d->model.owner, &d->evpn_sync);
	if (ret) {
		pr_err("evpn: rtnetlink: %s\n", strerror(-ret));
		return ret;
	}
	d->evpn_timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (d->evpn_timerfd < 0 || timerfd_settime(d->evpn_timerfd, 0, &its, NULL))
		return -errno;
	/* The devices and what zebra has in them, before the first request. */
	evpn_sync_tick(d->evpn_sync);
	return epoll_add(d, evpn_sync_fd(d->evpn_sync), SRC_EVPN) ?:
	       epoll_add(d, d->evpn_timerfd, SRC_EVPN_TIMER);
}

static int render_metrics(void *ctx, FILE *out)
{
	struct vswd *d = ctx;

	return metrics_render(&d->model, d->started_ns, out);
}

/* Let libmicrohttpd work, then wake it again when it next wants to time
 * a connection out. */
static void run_metrics(struct vswd *d)
{
	struct itimerspec its = { 0 };
	long long ms;

	metrics_http_run(d->metrics);
	ms = metrics_http_timeout_ms(d->metrics);
	if (ms >= 0) {
		ms = ms ?: 1; /* 0 would disarm the timer */
		its.it_value.tv_sec = ms / 1000;
		its.it_value.tv_nsec = (ms % 1000) * 1000000;
	}
	timerfd_settime(d->metrics_timerfd, 0, &its, NULL);
}

static int setup_metrics(struct vswd *d)
{
	struct vsw_err err;
	int ret;

	if (!d->metrics_addr)
		return 0;
	ret = metrics_http_open(d->metrics_addr, render_metrics, d, &d->metrics, &err);
	if (ret) {
		pr_err("%s\n", err.msg);
		return ret;
	}
	d->metrics_timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (d->metrics_timerfd < 0)
		return -errno;
	return epoll_add(d, metrics_http_fd(d->metrics), SRC_METRICS) ?:
	       epoll_add(d, d->metrics_timerfd, SRC_METRICS_TIMER);
}

static void handle(struct vswd *d, enum source src, int fd)
{
	struct signalfd_siginfo si;
	__u64 ticks;
	int ret;

	switch (src) {
	case SRC_SIGNAL:
		if (read(fd, &si, sizeof(si)) == sizeof(si)) {
			pr_info("signal %u: stopping\n", si.ssi_signo);
			d->quit = true;
		}
		break;
	case SRC_TIMER:
		if (read(fd, &ticks, sizeof(ticks)) > 0)
			age_fdbs(d);
		break;
	case SRC_CTL:
		ctl_server_run(d->ctl);
		break;
	case SRC_SAVER:
		saved(d);
		break;
	case SRC_MONITOR:
		ret = netdev_monitor_read(d->mon, on_netdev, d);
		if (ret == -ENOBUFS)
			resync_netdevs(d);
		break;
	case SRC_CAPTURE:
		capture_read(&d->model);
		break;
	case SRC_EVPN:
		ret = evpn_sync_read(d->evpn_sync);
		if (ret)
			pr_warn("evpn: rtnetlink: %s\n", strerror(-ret));
		break;
	case SRC_EVPN_TIMER:
		if (read(fd, &ticks, sizeof(ticks)) > 0)
			evpn_sync_tick(d->evpn_sync);
		break;
	case SRC_NH_TIMER:
		d->nh_armed = false;
		if (read(fd, &ticks, sizeof(ticks)) > 0)
			model_vxlan_resolve(&d->model);
		break;
	case SRC_METRICS_TIMER:
		if (read(fd, &ticks, sizeof(ticks)) <= 0)
			break;
		/* fall through */
	case SRC_METRICS:
		run_metrics(d);
		break;
	}
}

/* Each control client holds an fd, each NIC a few: take what the hard
 * limit allows (systemd's soft default is 1024). */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int setup(struct vswd *d, const struct ctl_server_opts *ctl_opts)
{
	struct ctl_handler h = { .before_change = check_room, .run = run_command,
				 .changed = save_changed, .closed = conn_closed,
				 .admin_only = admin_only, .ctx = d };
	struct vsw_err err;
	sigset_t mask;
	int ret;

	raise_fd_limit();
	if (mkdir(d->state_dir, 0700) && errno != EEXIST) {
		ret = -errno;
		pr_err("state directory '%s': %s\n", d->state_dir, strerror(-ret));
		return ret;
	}
	/* Who this vswd is, in the aliases of the netdevs it makes. */
	if (realpath(d->state_dir, d->owner))
		d->model.owner = d->owner;
	ret = state_load(&d->model, d->state_dir, &err);
	if (!ret)
		ret = model_reconcile(&d->model, &err);
	if (ret) {
		pr_err("%s\n", err.msg);
		return ret;
	}
	model_remove_strays(&d->model);

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	d->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	d->nh_timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (d->epfd < 0 || d->sigfd < 0 || d->timerfd < 0 || d->nh_timerfd < 0)
		return -errno;
	ret = netdev_monitor_open(&d->mon);
	if (ret) {
		pr_err("rtnetlink monitor: %s\n", strerror(-ret));
		return ret;
	}
	ret = ctl_server_open(ctl_opts, &h, &d->ctl);
	if (ret)
		return ret;
	ret = epoll_add(d, d->sigfd, SRC_SIGNAL) ?: epoll_add(d, d->timerfd, SRC_TIMER) ?:
	      epoll_add(d, d->nh_timerfd, SRC_NH_TIMER) ?:
	      epoll_add(d, ctl_server_fd(d->ctl), SRC_CTL) ?:
	      epoll_add(d, netdev_monitor_fd(d->mon), SRC_MONITOR);
	if (!ret)
		ret = capture_fd(&d->model);
	if (ret >= 0)
		ret = epoll_add(d, ret, SRC_CAPTURE);
	if (ret)
		return ret;
	ret = setup_metrics(d);
	if (ret)
		return ret;
	ret = setup_evpn(d);
	if (ret)
		return ret;
	/* A capture's reader went with the vswd that started it. */
	for (struct vswitch *sw = d->model.switches; sw; sw = sw->next)
		vsw_dp_capture_stop_all(sw->dp);
	/* Links may have changed while no vswd was watching. */
	resync_netdevs(d);
	if (state_save(&d->model, d->state_dir, &err))
		pr_err("%s\n", err.msg);
	ret = state_saver_open(d->state_dir, &d->saver);
	if (ret) {
		pr_err("state saver: %s\n", strerror(-ret));
		return ret;
	}
	ret = epoll_add(d, state_saver_fd(d->saver), SRC_SAVER);
	if (ret)
		return ret;
	arm_aging_timer(d, false);
	return 0;
}

static void teardown(struct vswd *d)
{
	struct vsw_err err;

	if (d->flush_on_exit)
		for (struct vswitch *sw = d->model.switches; sw; sw = sw->next) {
			vsw_dp_destroy(sw->dp);
			sw->dp = NULL;
		}
	/* Before the model: a closing connection stops its captures; the
	 * saver writes what is not saved yet. */
	ctl_server_close(d->ctl);
	d->ctl = NULL;
	capture_stop_all(&d->model);
	if (state_saver_close(d->saver, &d->model, &err))
		pr_err("%s\n", err.msg);
	d->saver = NULL;
	model_free(&d->model, false);
	metrics_http_close(d->metrics);
	d->metrics = NULL;
	if (d->metrics_timerfd >= 0)
		close(d->metrics_timerfd);
	d->metrics_timerfd = -1;
	netdev_monitor_close(d->mon);
	d->mon = NULL;
	/* Its devices stay: zebra keeps advertising, a new vswd takes over. */
	evpn_sync_close(d->evpn_sync);
	d->evpn_sync = NULL;
	if (d->evpn_timerfd >= 0)
		close(d->evpn_timerfd);
	d->evpn_timerfd = -1;
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->nh_timerfd >= 0)
		close(d->nh_timerfd);
	if (d->epfd >= 0)
		close(d->epfd);
	d->sigfd = d->timerfd = d->nh_timerfd = d->epfd = -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state-dir", required_argument, NULL, 'S' },
		{ "socket", required_argument, NULL, 's' },
		{ "bpffs", required_argument, NULL, 'b' },
		{ "group", required_argument, NULL, 'g' },
		{ "group-can-write", no_argument, NULL, 'W' },
		{ "admin-group", required_argument, NULL, 'A' },
		{ "ext-dir", required_argument, NULL, 'E' },
		{ "flush-on-exit", no_argument, NULL, 'F' },
		{ "client-timeout", required_argument, NULL, 'T' },
		{ "metrics", required_argument, NULL, 'M' },
		{ "host-nics", required_argument, NULL, 'H' },
		{ "evpn", no_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct ctl_server_opts ctl_opts = { .path = VSW_CTL_SOCKET_DEFAULT, .group = (gid_t)-1,
					    .admin_group = (gid_t)-1 };
	static const char *ext_dirs[VSW_EXT_DIRS_MAX] = { VSW_EXT_DIR_DEFAULT };
	size_t n_ext_dirs = 0;
	struct vswd d = { .state_dir = "/var/lib/vsw", .epfd = -1, .sigfd = -1, .timerfd = -1,
			  .nh_timerfd = -1,
			  .model.host_nics_skb = true,
			  .metrics_addr = VSW_METRICS_DEFAULT, .metrics_timerfd = -1,
			  .evpn_timerfd = -1,
			  .started_ns = vsw_now_ns() };
	struct epoll_event evs[16];
	char rundir[108];
	int opt, verbose = 0, n;
	__u32 secs;

	while ((opt = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'S':
			d.state_dir = optarg;
			break;
		case 's':
			ctl_opts.path = optarg;
			break;
		case 'b':
			d.model.bpffs = optarg;
			break;
		case 'g':
			if (cli_parse_gid(optarg, &ctl_opts.group)) {
				fprintf(stderr, "vswd: no group '%s'\n", optarg);
				return 2;
			}
			break;
		case 'W':
			ctl_opts.group_can_write = true;
			break;
		case 'A':
			if (cli_parse_gid(optarg, &ctl_opts.admin_group)) {
				fprintf(stderr, "vswd: no group '%s'\n", optarg);
				return 2;
			}
			break;
		case 'E':
			if (optarg[0] != '/' || n_ext_dirs == VSW_EXT_DIRS_MAX) {
				fprintf(stderr, "vswd: --ext-dir '%s': want an absolute path, at "
					"most %d of them\n", optarg, VSW_EXT_DIRS_MAX);
				return 2;
			}
			ext_dirs[n_ext_dirs++] = optarg;
			break;
		case 'F':
			d.flush_on_exit = true;
			break;
		case 'T':
			if (cli_parse_u32(optarg, &secs) || !secs || secs > 3600) {
				fprintf(stderr, "vswd: --client-timeout '%s': want 1..3600 seconds\n",
					optarg);
				return 2;
			}
			ctl_opts.timeout_ms = secs * 1000;
			break;
		case 'M':
			d.metrics_addr = strcmp(optarg, "none") ? optarg : NULL;
			break;
		case 'H':
			if (strcmp(optarg, "tx-off") && strcmp(optarg, "skb-path")) {
				fprintf(stderr, "vswd: --host-nics '%s': want tx-off or skb-path\n",
					optarg);
				return 2;
			}
			d.model.host_nics_skb = !strcmp(optarg, "skb-path");
			break;
		case 'e':
			d.evpn = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'q':
			vsw_log_set_level(VSW_LOG_WARN);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vswd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (d.metrics_addr && !metrics_http_addr_valid(d.metrics_addr)) {
		fprintf(stderr, "vswd: --metrics '%s': want ADDR:PORT (127.0.0.1:9469, "
			"[::1]:9469) or none\n", d.metrics_addr);
		return 2;
	}
	if (ctl_opts.group_can_write && ctl_opts.group == (gid_t)-1) {
		fprintf(stderr, "vswd: --group-can-write needs --group\n");
		return 2;
	}
	if (!n_ext_dirs)
		n_ext_dirs = default_ext_dirs(ext_dirs);
	d.model.ext_dirs = ext_dirs;
	d.model.n_ext_dirs = n_ext_dirs;
	if (verbose)
		vsw_log_set_level(VSW_LOG_DEBUG);
	if (verbose < 2)
		vsw_log_libbpf_quiet(1);
	vsw_log_route_libbpf();

	/* Legacy NICs' vfio-user sockets live beside the control socket. */
	snprintf(rundir, sizeof(rundir), "%s", ctl_opts.path);
	*(strrchr(rundir, '/') ?: rundir) = '\0';
	d.model.rundir = rundir[0] ? rundir : ctl_opts.path[0] == '/' ? "/" : ".";
	/* Before any switch is loaded: what this kernel gave the datapath. */
	pr_info("datapath mode: %s: %s\n", vsw_dp_kernel_mode(), vsw_dp_kernel_why());
	pr_info("multi-buffer frames: %s\n", vsw_dp_kernel_frags_why());
	if (setup(&d, &ctl_opts)) {
		teardown(&d);
		return 1;
	}
	pr_info("vswd ready: socket %s, state %s/%s\n", ctl_opts.path, d.state_dir,
		VSW_STATE_FILE);
	if (d.metrics)
		pr_info("metrics on http://%s/metrics (port %u)\n", d.metrics_addr,
			metrics_http_port(d.metrics));
	while (!d.quit) {
		n = epoll_wait(d.epfd, evs, 16, -1);
		if (n < 0 && errno != EINTR) {
			pr_err("epoll: %s\n", strerror(errno));
			break;
		}
		for (int i = 0; i < n && !d.quit; i++)
			handle(&d, evs[i].data.u64 >> 32, (int)(evs[i].data.u64 & 0xffffffff));
		arm_nh_timer(&d);
	}
	teardown(&d);
	pr_info("vswd stopped%s\n", d.flush_on_exit ? ", datapaths flushed" : "");
	return 0;
}
