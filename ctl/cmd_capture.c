// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl capture: a port's frames into a pcap file. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "cli_parse.h"
#include "pcap_sink.h"
#include "vsw_structs.h"
#include "vswctl.h"

void usage_capture(FILE *f)
{
	fputs("vswctl capture PORT [in|out|both] [-c COUNT] -w FILE\n"
	      "    Write the frames crossing PORT to FILE in pcap format (tcpdump -r,\n"
	      "    tshark -r read it; '-' is standard output): 'in' as they arrive,\n"
	      "    'out' as they leave (after tag push/pop), 'both' (the default).\n"
	      "    Stops after COUNT frames, or on Ctrl-C / SIGTERM. One capture per\n"
	      "    switch at a time; only the captured port pays for it. Needs root:\n"
	      "    vswctl reads the switch's capture ring in bpffs itself.\n", f);
}

static volatile sig_atomic_t capture_stop;

static void on_stop_signal(int sig)
{
	capture_stop = 1;
}

struct capture_reply {
	char path[512];
	__u32 ifindex;
};

static int capture_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct capture_reply *r = data;

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_PATH] || !tb[VSW_A_IFINDEX]) {
		return bad_reply("malformed capture reply from vswd");
	}
	snprintf(r->path, sizeof(r->path), "%s", mnl_attr_get_str(tb[VSW_A_PATH]));
	r->ifindex = mnl_attr_get_u32(tb[VSW_A_IFINDEX]);
	return 0;
}

int do_capture(struct args *a)
{
	static const char *const dirs[] = { [VSW_PORT_F_CAPTURE_IN] = "in",
					    [VSW_PORT_F_CAPTURE_OUT] = "out",
					    [VSW_PORT_F_CAPTURE] = "both" };
	struct sigaction sa = { .sa_handler = on_stop_signal }; /* no SA_RESTART */
	struct capture_reply r = { .path = "" };
	struct pcap_sink_opts so = { 0 };
	const char *file = NULL, *w;
	__u8 dir = VSW_PORT_F_CAPTURE;
	struct pcap_sink *sink;
	struct nlmsghdr *nlh;
	bool dir_seen = false;
	struct vsw_err why;
	__u32 count = 0;
	int err;

	if (a->argc && !strcmp(a->argv[0], "help")) {
		usage_capture(stdout);
		return 0;
	}
	a->obj = "port";
	err = arg_name(a, "PORT", false);
	while (!err && (w = args_next(a))) {
		if (!strcmp(w, "in") || !strcmp(w, "out") || !strcmp(w, "both")) {
			if (dir_seen)
				return bad_usage(a, "direction given twice");
			dir = w[0] == 'i' ? VSW_PORT_F_CAPTURE_IN
			      : w[0] == 'o' ? VSW_PORT_F_CAPTURE_OUT : VSW_PORT_F_CAPTURE;
			dir_seen = true;
		} else if (!strcmp(w, "-c")) {
			w = args_next(a);
			if (count || !w || cli_parse_u32(w, &count) || !count)
				return bad_usage(a, "-c wants a count of frames, once (1 or more)");
		} else if (!strcmp(w, "-w")) {
			if (file || !(file = args_next(a)) || !*file)
				return bad_usage(a, "-w wants a file name, once");
		} else {
			return bad_usage(a, "unexpected '%s'", w);
		}
	}
	if (err)
		return err;
	if (!file)
		return bad_usage(a, "missing '-w FILE'");
	err = start_req(a, VSW_CMD_CAPTURE, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	mnl_attr_put_u8(nlh, VSW_A_CAPTURE_DIR, dir);
	err = call(a, capture_cb, &r);
	if (err)
		return err;
	if (!r.path[0]) {
		return report(a, bad_reply("vswd sent no capture ring"));
	}
	so.ring_path = r.path;
	so.file = file;
	so.ifindex = r.ifindex;
	so.dir = dir;
	err = pcap_sink_open(&so, &sink, &why);
	if (err) {
		err_prefix(a);
		fprintf(stderr, "%s\n", why.msg);
		return err;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* The line a script waits for: from here on, frames are written. */
	fprintf(stderr, "vswctl: capturing port '%s' (%s) to '%s'\n", a->name, dirs[dir], file);
	err = pcap_sink_run(sink, count, &capture_stop);
	fprintf(stderr, "vswctl: %lu frames captured, %llu lost\n", pcap_sink_written(sink),
		pcap_sink_lost(sink));
	err = pcap_sink_close(sink) ?: err;
	if (err) {
		err_prefix(a);
		fprintf(stderr, "capture failed: %s\n", strerror(-err));
	}
	/* Closing the connection (in main) tells vswd to stop copying. */
	return err;
}
