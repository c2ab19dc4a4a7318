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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include "capture.h"
#include "cli_parse.h"
#include "commands.h"
#include "dp_kernel.h"
#include "ctl_server.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "model.h"
#include "netdev.h"
#include "state.h"

#define AGING_SWEEP_SEC 10
#define MAX_CONNS 64 /* control connections served at once */

enum source {
	SRC_SIGNAL = 1, SRC_TIMER, SRC_LISTEN, SRC_MONITOR, SRC_CONN,
	SRC_METRICS,       /* libmicrohttpd's epoll fd */
	SRC_METRICS_TIMER, /* its connection timeouts */
	SRC_CAPTURE,       /* the capture rings (capture.h) */
};

struct vswd {
	struct model model;
	const char *state_dir;
	bool flush_on_exit;
	int epfd, sigfd, timerfd;
	const char *metrics_addr; /* NULL: no metrics */
	struct metrics_http *metrics;
	int metrics_timerfd;
	__u64 started_ns;
	struct ctl_server *ctl;
	struct netdev_monitor *mon;
	int nconns;
	bool listen_paused; /* at MAX_CONNS, or out of fds: stop accepting */
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
"                       every directory above it; repeatable (default\n"
"                       %s)\n"
"  --flush-on-exit      on exit, detach and unpin every switch's datapath\n"
"                       (default: leave it forwarding, for a restart)\n"
"  --metrics ADDR:PORT  serve Prometheus metrics at http://ADDR:PORT/metrics\n"
"                       (default %s; [::1]:PORT for IPv6; 'none': off)\n"
"  --host-nics MODE     how host NICs' frames get complete checksums, applied\n"
"                       when a NIC joins a switch: 'skb-path' (default) keeps\n"
"                       every offload and forwards in generic XDP; 'tx-off'\n"
"                       turns tx checksumming (and TSO) off on the host side\n"
"                       and forwards in native XDP: more small frames a\n"
"                       second, about a third of the TCP throughput\n"
"                       (docs/offloads.md)\n"
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
		VSW_METRICS_DEFAULT);
}

static int epoll_add(struct vswd *d, int fd, enum source src)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = ((__u64)src << 32) | (__u32)fd };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static void arm_aging_timer(struct vswd *d)
{
	struct itimerspec its = { .it_value.tv_sec = AGING_SWEEP_SEC };

	timerfd_settime(d->timerfd, 0, &its, NULL);
}

static void save_state(void *ctx)
{
	struct vswd *d = ctx;
	struct vsw_err err;

	if (state_save(&d->model, d->state_dir, &err))
		pr_err("%s\n", err.msg);
}

static int run_command(void *ctx, const struct ctl_request *req, int conn, struct vsw_err *err)
{
	struct vswd *d = ctx;

	return commands_run(&d->model, req, conn, err);
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

static void age_fdbs(struct vswd *d)
{
	unsigned int removed;

	for (struct vswitch *sw = d->model.switches; sw; sw = sw->next)
		if (!vsw_dp_fdb_age(sw->dp, &removed) && removed)
			pr_debug("switch '%s': %u FDB entries aged out\n", sw->name, removed);
	arm_aging_timer(d);
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
	case SRC_LISTEN:
		ret = ctl_server_accept(d->ctl);
		if (ret >= 0 && epoll_add(d, ret, SRC_CONN))
			close(ret);
		else if (ret >= 0)
			d->nconns++;
		/* A listener left in epoll while accept cannot succeed would
		 * spin the loop: pause it until a connection closes. */
		if (d->nconns >= MAX_CONNS || ret == -EMFILE || ret == -ENFILE) {
			epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, NULL);
			d->listen_paused = true;
		}
		break;
	case SRC_MONITOR:
		ret = netdev_monitor_read(d->mon, on_netdev, d);
		if (ret == -ENOBUFS)
			resync_netdevs(d);
		break;
	case SRC_CONN:
		if (ctl_server_serve(d->ctl, fd)) {
			capture_conn_closed(&d->model, fd);
			epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			d->nconns--;
			if (d->listen_paused && !epoll_add(d, ctl_server_fd(d->ctl), SRC_LISTEN))
				d->listen_paused = false;
		}
		break;
	case SRC_CAPTURE:
		capture_read(&d->model);
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

static int setup(struct vswd *d, const struct ctl_server_opts *ctl_opts)
{
	struct ctl_handler h = { .run = run_command, .changed = save_state,
				 .admin_only = admin_only, .ctx = d };
	struct vsw_err err;
	sigset_t mask;
	int ret;

	if (mkdir(d->state_dir, 0700) && errno != EEXIST) {
		ret = -errno;
		pr_err("state directory '%s': %s\n", d->state_dir, strerror(-ret));
		return ret;
	}
	ret = state_load(&d->model, d->state_dir, &err);
	if (!ret)
		ret = model_reconcile(&d->model, &err);
	if (ret) {
		pr_err("%s\n", err.msg);
		return ret;
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	d->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (d->epfd < 0 || d->sigfd < 0 || d->timerfd < 0)
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
	      epoll_add(d, ctl_server_fd(d->ctl), SRC_LISTEN) ?:
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
	/* A capture's reader went with the vswd that started it. */
	for (struct vswitch *sw = d->model.switches; sw; sw = sw->next)
		vsw_dp_capture_stop_all(sw->dp);
	/* Links may have changed while no vswd was watching. */
	resync_netdevs(d);
	save_state(d);
	arm_aging_timer(d);
	return 0;
}

static void teardown(struct vswd *d)
{
	if (d->flush_on_exit)
		for (struct vswitch *sw = d->model.switches; sw; sw = sw->next) {
			vsw_dp_destroy(sw->dp);
			sw->dp = NULL;
		}
	capture_stop_all(&d->model);
	model_free(&d->model, false);
	ctl_server_close(d->ctl);
	d->ctl = NULL;
	metrics_http_close(d->metrics);
	d->metrics = NULL;
	if (d->metrics_timerfd >= 0)
		close(d->metrics_timerfd);
	d->metrics_timerfd = -1;
	netdev_monitor_close(d->mon);
	d->mon = NULL;
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->epfd >= 0)
		close(d->epfd);
	d->sigfd = d->timerfd = d->epfd = -1;
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
		{ "metrics", required_argument, NULL, 'M' },
		{ "host-nics", required_argument, NULL, 'H' },
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
			  .model.host_nics_skb = true,
			  .metrics_addr = VSW_METRICS_DEFAULT, .metrics_timerfd = -1,
			  .started_ns = vsw_now_ns() };
	struct epoll_event evs[16];
	char rundir[108];
	int opt, verbose = 0, n;

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
	d.model.ext_dirs = ext_dirs;
	d.model.n_ext_dirs = n_ext_dirs ?: 1;
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
	}
	teardown(&d);
	pr_info("vswd stopped%s\n", d.flush_on_exit ? ", datapaths flushed" : "");
	return 0;
}
