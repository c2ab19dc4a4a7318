/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finding a port's record by ifindex: through the array index when the
 * port owns its entry there, else through the vsw_ports hash. Either way
 * the record's own ifindex must match, so a stale index entry can only
 * cost the hash lookup, never return another port.
 */
#ifndef VSW_BPF_PORT_H
#define VSW_BPF_PORT_H

#include "vsw_maps.h"

static __always_inline struct vsw_port *port_lookup(__u32 ifindex)
{
	__u32 idx = ifindex & (VSW_PORT_INDEX_SIZE - 1), rec;
	struct vsw_port_ref *ref;
	struct vsw_port *port;

	ref = bpf_map_lookup_elem(&vsw_port_index, &idx);
	if (ref && ref->ifindex == ifindex) {
		rec = (__u32)ref->slot * 2 + (ref->copy & 1);
		port = bpf_map_lookup_elem(&vsw_port_slots, &rec);
		if (port && port->ifindex == ifindex)
			return port;
	}
	return bpf_map_lookup_elem(&vsw_ports, &ifindex);
}

#endif /* VSW_BPF_PORT_H */
