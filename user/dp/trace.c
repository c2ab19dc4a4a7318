// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Packet trace (trace.h). The frame goes to the kernel behind a struct
 * vsw_trace_meta in the XDP metadata; the program writes its decision
 * there, and BPF_PROG_TEST_RUN returns the metadata in front of the
 * output frame.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#include "trace.h"
#include "vsw_ctl.h"

/* Room for the tag the program may push, and some slack. */
#define TRACE_OUT_SLACK 64

int vsw_trace_run(struct vsw_dp *dp, __u32 ifindex, const void *frame, __u32 len,
		  struct vsw_decision *dec)
{
	struct vsw_trace_meta meta = { .magic = VSW_TRACE_MAGIC };
	size_t in_len = sizeof(meta) + len, out_len = in_len + TRACE_OUT_SLACK;
	struct xdp_md ctx = {
		.data = sizeof(meta), /* the metadata comes first */
		.data_end = in_len,
		.ingress_ifindex = ifindex,
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .data_size_in = in_len, .data_size_out = out_len);
	const struct vsw_trace_meta *back;
	__u8 *in, *out;
	int err;

	if (len < 14 || len > VSW_TRACE_FRAME_MAX)
		return -EINVAL;
	in = malloc(in_len);
	out = calloc(1, out_len);
	if (!in || !out) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(in, &meta, sizeof(meta));
	memcpy(in + sizeof(meta), frame, len);
	opts.data_in = in;
	opts.data_out = out;
	err = bpf_prog_test_run_opts(vsw_dp_ingress_fd(dp), &opts) ? -errno : 0;
	if (err)
		goto out;
	/* data_out starts at data_meta: the metadata, moved along with any
	 * tag the program pushed, then the frame. */
	back = (const void *)out;
	if (opts.data_size_out < sizeof(meta) || back->magic != VSW_TRACE_MAGIC) {
		err = -EPROTO;
		goto out;
	}
	*dec = back->dec;
out:
	free(in);
	free(out);
	return err;
}

struct dest_walk {
	const struct vsw_decision *dec;
	struct vsw_trace_dest *dests;
	unsigned int n;
};

/* Whether the egress program would send a frame of this VLAN out of
 * port p, and tagged or not (bpf/vlan.h says the same per frame). */
static bool egress_passes(const struct vsw_port *p, __u16 vid, bool *tagged)
{
	bool member = (p->vlans[vid / 64] >> (vid % 64)) & 1;

	*tagged = !(p->mode == VSW_PORT_ACCESS || (p->pvid && vid == p->pvid));
	return member && (p->flags & VSW_PORT_F_UP);
}

static int add_flood_dest(const struct vsw_port *p, void *ctx)
{
	struct dest_walk *w = ctx;
	bool tagged;

	if (p->ifindex == w->dec->in_ifindex || !egress_passes(p, w->dec->vid, &tagged))
		return 0;
	w->dests[w->n].ifindex = p->ifindex;
	w->dests[w->n].tagged = tagged;
	w->n++;
	return w->n < VSW_MAX_PORTS ? 0 : 1;
}

int vsw_trace_dests(struct vsw_dp *dp, const struct vsw_decision *dec,
		    struct vsw_trace_dest *dests, unsigned int *n)
{
	struct dest_walk w = { .dec = dec, .dests = dests };
	struct vsw_port p;
	int err = 0;

	if (dec->vid > VSW_VID_MAX)
		return -EINVAL;
	if (dec->verdict == VSW_V_UNICAST) {
		err = vsw_dp_port_get(dp, dec->out_ifindex, &p);
		if (!err && egress_passes(&p, dec->vid, &dests[0].tagged)) {
			dests[0].ifindex = p.ifindex;
			w.n = 1;
		}
		err = err == -ENOENT ? 0 : err; /* gone since: no destination */
	} else if (dec->verdict == VSW_V_FLOOD) {
		err = vsw_dp_port_foreach(dp, add_flood_dest, &w);
		err = err > 0 ? 0 : err;
	}
	*n = w.n;
	return err;
}
