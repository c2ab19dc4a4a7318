// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl capture: a port's frames, as vswd streams them, into a pcap
 * file. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "cli_parse.h"
#include "pcap_sink.h"
#include "vsw_structs.h"
#include "vswctl.h"

#define WAIT_MS 200 /* how often a stop request is noticed, and the file flushed */

void usage_capture(FILE *f)
{
	fputs("vswctl capture PORT [in|out|both] [-c COUNT] -w FILE\n"
	      "    Write the frames crossing PORT to FILE in pcap format (tcpdump -r,\n"
	      "    tshark -r read it; '-' is standard output): 'in' as they arrive,\n"
	      "    'out' as they leave (after tag push/pop), 'both' (the default).\n"
	      "    Stops after COUNT frames, or on Ctrl-C / SIGTERM. One capture per\n"
	      "    switch at a time; only the captured port pays for it. vswd sends\n"
	      "    the frames over its socket (the right to capture is the right to\n"
	      "    change the configuration); frames lost because the capture ring\n"
	      "    or this reader could not keep up are counted, and the count is\n"
	      "    printed at the end.\n", f);
}

static volatile sig_atomic_t capture_stop;

static void on_stop_signal(int sig)
{
	capture_stop = 1;
}

static int capture_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_IFINDEX])
		return bad_reply("malformed capture reply from vswd");
	*(bool *)data = true;
	return 0;
}

struct frames {
	struct pcap_sink *sink;
	unsigned long long lost; /* as vswd counts them, up to the last frame */
};

static int frame_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1], *d;
	struct frames *f = data;

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_CAPTURE_TIME] || !tb[VSW_A_CAPTURE_LEN] ||
	    !(d = tb[VSW_A_CAPTURE_DATA]) || !tb[VSW_A_CAPTURE_LOST])
		return bad_reply("malformed captured frame from vswd");
	pcap_sink_write(f->sink, mnl_attr_get_u64(tb[VSW_A_CAPTURE_TIME]),
			mnl_attr_get_u32(tb[VSW_A_CAPTURE_LEN]), mnl_attr_get_payload(d),
			mnl_attr_get_payload_len(d));
	f->lost = mnl_attr_get_u64(tb[VSW_A_CAPTURE_LOST]);
	return 0;
}

/* Frames until count are written (0: no limit), a signal, or vswd ends
 * the capture; the file flushed whenever vswd is quiet. */
static int take_frames(struct args *a, struct frames *f, __u32 count)
{
	int ret = 0;

	while (!capture_stop && (!count || pcap_sink_written(f->sink) < count)) {
		ret = call_next(a, WAIT_MS, frame_cb, f);
		if (ret < 0)
			return ret;
		if (!ret && pcap_sink_flush(f->sink))
			return -EIO;
	}
	return 0;
}

int do_capture(struct args *a)
{
	static const char *const dirs[] = { [VSW_PORT_F_CAPTURE_IN] = "in",
					    [VSW_PORT_F_CAPTURE_OUT] = "out",
					    [VSW_PORT_F_CAPTURE] = "both" };
	struct sigaction sa = { .sa_handler = on_stop_signal }; /* no SA_RESTART */
	const char *file = NULL, *w;
	__u8 dir = VSW_PORT_F_CAPTURE;
	struct frames f = { 0 };
	struct nlmsghdr *nlh;
	bool dir_seen = false, started = false;
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
	err = call(a, capture_cb, &started);
	if (err)
		return err;
	if (!started)
		return report(a, bad_reply("vswd sent no capture reply"));
	err = pcap_sink_open(file, &f.sink, &why);
	if (err) {
		err_prefix(a);
		fprintf(stderr, "%s\n", why.msg);
		return err;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* The line a script waits for: from here on, frames are written. */
	fprintf(stderr, "vswctl: capturing port '%s' (%s) to '%s'\n", a->name, dirs[dir], file);
	err = take_frames(a, &f, count);
	fprintf(stderr, "vswctl: %lu frames captured, %llu lost\n", pcap_sink_written(f.sink),
		f.lost);
	if (pcap_sink_close(f.sink) && !err) {
		err_prefix(a);
		fprintf(stderr, "cannot write '%s' completely\n", file);
		err = -EIO;
	}
	/* Closing the connection (in main) tells vswd to stop. */
	return err;
}
