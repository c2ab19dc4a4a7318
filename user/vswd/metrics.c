// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Prometheus metrics (metrics.h). A scrape first takes a snapshot of
 * every port's counters (one read of each per-CPU slot, summed here),
 * then writes the families from it, so each family lists every port and
 * all families agree with one another.
 *
 * Names follow the Prometheus conventions: a vsw_ prefix, base units
 * (bytes, seconds), _total on counters, labels switch, port, nic, kind,
 * reason, program.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "metrics.h"
#include "model_vxlan.h"
#include "names.h"
#include "version.h"

/* One port at the time of the scrape. */
struct port_snap {
	const struct vport *port;
	bool up;
	struct vsw_port_stats st;
};

/* One switch: its totals (ports and frames that entered no port). */
struct switch_snap {
	const struct vswitch *sw;
	struct vsw_port_stats st;
	unsigned int fdb_entries, fdb_capacity, ports;
	bool ok; /* its datapath answered */
};

struct snapshot {
	struct port_snap *ports;
	size_t nports;
	struct switch_snap *switches;
	size_t nswitches;
};

static void snapshot_free(struct snapshot *s)
{
	free(s->ports);
	free(s->switches);
}

static int snapshot_take(const struct model *m, struct snapshot *s)
{
	size_t np = 0, ns = 0;

	memset(s, 0, sizeof(*s));
	for (const struct vport *p = m->ports; p; p = p->next)
		np++;
	for (const struct vswitch *sw = m->switches; sw; sw = sw->next)
		ns++;
	s->ports = calloc(np ?: 1, sizeof(*s->ports));
	s->switches = calloc(ns ?: 1, sizeof(*s->switches));
	if (!s->ports || !s->switches) {
		snapshot_free(s);
		return -ENOMEM;
	}
	for (const struct vport *p = m->ports; p; p = p->next) {
		struct port_snap *ps = &s->ports[s->nports++];
		__u32 ifindex = p->nic ? p->nic->dp_ifindex : 0;

		ps->port = p;
		ps->up = model_port_up(p);
		/* A port without a NIC is not in the datapath: zeros. */
		if (ifindex && p->sw->dp)
			vsw_dp_port_stats(p->sw->dp, ifindex, &ps->st);
	}
	for (const struct vswitch *sw = m->switches; sw; sw = sw->next) {
		struct switch_snap *ss = &s->switches[s->nswitches++];

		ss->sw = sw;
		ss->ports = model_switch_port_count(m, sw);
		struct vsw_config cfg;

		ss->ok = sw->dp && !vsw_dp_switch_stats(sw->dp, &ss->st) &&
			 !vsw_dp_fdb_count(sw->dp, &ss->fdb_entries) &&
			 !vsw_dp_get_config(sw->dp, &cfg);
		ss->fdb_capacity = ss->ok ? cfg.fdb_capacity : 0;
	}
	return 0;
}

static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values are object names ([A-Za-z0-9_.-]) or our own words; the
 * escaping is there so that nothing else could break a line. */
static void label(FILE *out, const char *key, const char *value, bool first)
{
	fprintf(out, "%s%s=\"", first ? "" : ",", key);
	for (; *value; value++) {
		if (*value == '\\' || *value == '"')
			fputc('\\', out);
		if (*value == '\n')
			fputs("\\n", out);
		else
			fputc(*value, out);
	}
	fputc('"', out);
}

/* The counters of struct vsw_port_stats that are not drops. */
struct counter {
	const char *suffix;
	const char *help;
	size_t offset;
};

static const struct counter counters[] = {
	{ "rx_packets_total", "Frames received", offsetof(struct vsw_port_stats, rx_packets) },
	{ "rx_bytes_total", "Bytes received", offsetof(struct vsw_port_stats, rx_bytes) },
	{ "tx_packets_total", "Frames sent", offsetof(struct vsw_port_stats, tx_packets) },
	{ "tx_bytes_total", "Bytes sent", offsetof(struct vsw_port_stats, tx_bytes) },
	{ "flooded_total", "Frames received and flooded to the ports of their VLAN",
	  offsetof(struct vsw_port_stats, flooded) },
	{ "mirrored_total", "Port mirroring copies sent (on a mirror destination)",
	  offsetof(struct vsw_port_stats, mirrored) },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static __u64 counter_of(const struct vsw_port_stats *st, const struct counter *c)
{
	return *(const __u64 *)((const char *)st + c->offset);
}

static void port_families(FILE *out, const struct snapshot *s)
{
	char name[64], help[160];

	family(out, "vsw_port_up", "gauge", "1 when the port's NIC is connected and its link is up");
	for (size_t i = 0; i < s->nports; i++) {
		const struct port_snap *p = &s->ports[i];

		fputs("vsw_port_up{", out);
		label(out, "switch", p->port->sw->name, true);
		label(out, "port", p->port->name, false);
		fprintf(out, "} %d\n", p->up);
	}
	for (size_t c = 0; c < N(counters); c++) {
		snprintf(name, sizeof(name), "vsw_port_%s", counters[c].suffix);
		snprintf(help, sizeof(help), "%s by the port, summed over CPUs", counters[c].help);
		family(out, name, "counter", help);
		for (size_t i = 0; i < s->nports; i++) {
			const struct port_snap *p = &s->ports[i];

			fprintf(out, "%s{", name);
			label(out, "switch", p->port->sw->name, true);
			label(out, "port", p->port->name, false);
			fprintf(out, "} %llu\n", (unsigned long long)counter_of(&p->st, &counters[c]));
		}
	}
	family(out, "vsw_port_drops_total", "counter",
	       "Frames dropped, charged to the port, by reason (docs/datapath.md)");
	for (size_t i = 0; i < s->nports; i++) {
		const struct port_snap *p = &s->ports[i];

		for (int r = 0; r < VSW_DROP__MAX; r++) {
			fputs("vsw_port_drops_total{", out);
			label(out, "switch", p->port->sw->name, true);
			label(out, "port", p->port->name, false);
			label(out, "reason", vsw_drop_reason_name(r), false);
			fprintf(out, "} %llu\n", (unsigned long long)p->st.drops[r]);
		}
	}
}

static void switch_families(FILE *out, const struct snapshot *s)
{
	char name[64], help[160];

	for (size_t c = 0; c < N(counters); c++) {
		snprintf(name, sizeof(name), "vsw_switch_%s", counters[c].suffix);
		snprintf(help, sizeof(help), "%s by the switch's ports, summed over CPUs",
			 counters[c].help);
		family(out, name, "counter", help);
		for (size_t i = 0; i < s->nswitches; i++) {
			if (!s->switches[i].ok)
				continue;
			fprintf(out, "%s{", name);
			label(out, "switch", s->switches[i].sw->name, true);
			fprintf(out, "} %llu\n",
				(unsigned long long)counter_of(&s->switches[i].st, &counters[c]));
		}
	}
	family(out, "vsw_switch_drops_total", "counter",
	       "Frames the switch dropped, by reason, including frames from no port");
	for (size_t i = 0; i < s->nswitches; i++) {
		for (int r = 0; s->switches[i].ok && r < VSW_DROP__MAX; r++) {
			fputs("vsw_switch_drops_total{", out);
			label(out, "switch", s->switches[i].sw->name, true);
			label(out, "reason", vsw_drop_reason_name(r), false);
			fprintf(out, "} %llu\n", (unsigned long long)s->switches[i].st.drops[r]);
		}
	}
	family(out, "vsw_switch_fdb_entries", "gauge",
	       "Entries in the switch's forwarding database, static and learned");
	for (size_t i = 0; i < s->nswitches; i++) {
		if (!s->switches[i].ok)
			continue;
		fputs("vsw_switch_fdb_entries{", out);
		label(out, "switch", s->switches[i].sw->name, true);
		fprintf(out, "} %u\n", s->switches[i].fdb_entries);
	}
	family(out, "vsw_switch_fdb_capacity", "gauge",
	       "Entries the switch's forwarding database holds at most");
	for (size_t i = 0; i < s->nswitches; i++) {
		if (!s->switches[i].ok)
			continue;
		fputs("vsw_switch_fdb_capacity{", out);
		label(out, "switch", s->switches[i].sw->name, true);
		fprintf(out, "} %u\n", s->switches[i].fdb_capacity);
	}
	family(out, "vsw_switch_ports", "gauge", "Ports of the switch");
	for (size_t i = 0; i < s->nswitches; i++) {
		fputs("vsw_switch_ports{", out);
		label(out, "switch", s->switches[i].sw->name, true);
		fprintf(out, "} %u\n", s->switches[i].ports);
	}
}

/* The connected VXLAN NICs' tunnel counters (docs/multihost.md). */
static void vxlan_families(FILE *out, const struct model *m)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} fams[] = {
		{ "vsw_vxlan_decap_packets_total", "Frames a VXLAN NIC took from its underlay",
		  offsetof(struct vsw_vx_stats, decap_packets) },
		{ "vsw_vxlan_encap_packets_total",
		  "Frames a VXLAN NIC sent into its underlay, each copy counted",
		  offsetof(struct vsw_vx_stats, encap_packets) },
		{ "vsw_vxlan_flood_copies_total",
		  "Of those, copies of floods for the VTEPs of a VNI (head-end replication)",
		  offsetof(struct vsw_vx_stats, flood_copies) },
	};
	struct vsw_vx_stats st;

	for (size_t f = 0; f < sizeof(fams) / sizeof(fams[0]); f++) {
		family(out, fams[f].name, "counter", fams[f].help);
		for (const struct vnic *n = m->nics; n; n = n->next) {
			if (n->kind != VSW_NIC_VXLAN || model_vxlan_stats(n, &st))
				continue;
			fprintf(out, "%s{", fams[f].name);
			label(out, "nic", n->name, true);
			fprintf(out, "} %llu\n",
				(unsigned long long)*(const __u64 *)((const char *)&st + fams[f].off));
		}
	}
}

static void nic_families(FILE *out, const struct model *m)
{
	family(out, "vsw_nic_link_up", "gauge", "1 when the NIC's netdev is up, by NIC and kind");
	for (const struct vnic *n = m->nics; n; n = n->next) {
		fputs("vsw_nic_link_up{", out);
		label(out, "nic", n->name, true);
		label(out, "kind", vsw_nic_kind_name(n->kind), false);
		fprintf(out, "} %d\n", n->netdev_up);
	}
	family(out, "vsw_nic_connected", "gauge",
	       "1 when the NIC is connected to a port; the port and switch as labels");
	for (const struct vnic *n = m->nics; n; n = n->next) {
		fputs("vsw_nic_connected{", out);
		label(out, "nic", n->name, true);
		label(out, "kind", vsw_nic_kind_name(n->kind), false);
		label(out, "switch", n->port ? n->port->sw->name : "", false);
		label(out, "port", n->port ? n->port->name : "", false);
		fprintf(out, "} %d\n", n->port != NULL);
	}
	vxlan_families(out, m);
}

/* The kernel counts program runs only while kernel.bpf_stats_enabled is
 * 1 (it costs two clock reads per run); said so by a gauge. */
static bool bpf_stats_enabled(void)
{
	FILE *f = fopen("/proc/sys/kernel/bpf_stats_enabled", "r");
	int v = 0;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v == 1;
}

static void prog_sample(FILE *out, const char *family, const char *sw, const char *prog)
{
	fprintf(out, "%s{", family);
	label(out, "switch", sw, true);
	label(out, "program", prog, false);
	fputs("} ", out);
}

static void prog_families(FILE *out, const struct model *m)
{
	static const char *const runs = "vsw_bpf_prog_runs_total";
	static const char *const secs = "vsw_bpf_prog_run_seconds_total";
	bool enabled = bpf_stats_enabled();
	struct bpf_prog_info info;
	__u32 len;

	family(out, "vsw_bpf_stats_enabled", "gauge",
	       "1 when the kernel counts BPF program runs (sysctl kernel.bpf_stats_enabled)");
	fprintf(out, "vsw_bpf_stats_enabled %d\n", enabled);
	if (!enabled)
		return;
	family(out, runs, "counter", "Runs of the switch's BPF programs, as the kernel counts them");
	family(out, secs, "counter", "Time spent in the switch's BPF programs");
	for (const struct vswitch *sw = m->switches; sw; sw = sw->next) {
		if (!sw->dp)
			continue;
		const struct {
			const char *name;
			int fd;
		} progs[] = {
			{ VSW_PROG_INGRESS, vsw_dp_ingress_fd(sw->dp) },
			{ VSW_PROG_INGRESS_SKB, vsw_dp_ingress_skb_fd(sw->dp) },
			{ VSW_PROG_EGRESS, vsw_dp_egress_fd(sw->dp) },
		};

		for (size_t i = 0; i < N(progs); i++) {
			memset(&info, 0, sizeof(info));
			len = sizeof(info);
			if (bpf_obj_get_info_by_fd(progs[i].fd, &info, &len))
				continue;
			prog_sample(out, runs, sw->name, progs[i].name);
			fprintf(out, "%llu\n", (unsigned long long)info.run_cnt);
			prog_sample(out, secs, sw->name, progs[i].name);
			fprintf(out, "%.9f\n", info.run_time_ns / 1e9);
		}
	}
}

int metrics_render(const struct model *m, __u64 started_ns, FILE *out)
{
	struct snapshot s;
	int err = snapshot_take(m, &s);

	if (err)
		return err;
	family(out, "vsw_build_info", "gauge", "vswd's version, as a label; always 1");
	fputs("vsw_build_info{", out);
	label(out, "version", VSW_VERSION_STRING, true);
	fputs("} 1\n", out);
	family(out, "vsw_uptime_seconds", "gauge", "Seconds since vswd started");
	fprintf(out, "vsw_uptime_seconds %.3f\n", (vsw_now_ns() - started_ns) / 1e9);
	port_families(out, &s);
	switch_families(out, &s);
	nic_families(out, m);
	prog_families(out, m);
	snapshot_free(&s);
	return ferror(out) ? -EIO : 0;
}
