/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Port mirroring (docs/policies.md). XDP cannot clone a frame except by
 * broadcasting it through a devmap, so a mirrored frame is broadcast:
 *
 *   a flood already reaches every up port; its shim says "mirrored",
 *   and a mirror destination takes its copy whether or not it is in the
 *   frame's VLAN;
 *   a unicast becomes a directed broadcast: the shim names the real
 *   destination (the shim's target slot), which handles its copy as any unicast,
 *   mirror destinations take theirs, and every other copy stops in egress.
 *
 * A broadcast gives each port one copy, so a destination receives each
 * mirrored frame once, also when it would have received it anyway.
 * Nothing here runs while the switch has no mirror destination.
 */
#ifndef VSW_BPF_MIRROR_H
#define VSW_BPF_MIRROR_H

#include "port.h"
#include "vlan.h"
#include "policy.h"

/*
 * Would a port that mirrors what it receives get this flood from the port
 * of src_slot? The same static checks as the flood's own copies (link,
 * VLAN, private VLAN); the in-mirror sources are few (VSW_MIRROR_IN_MAX).
 *
 * A global function, so that the verifier checks it once, on its own: as
 * an inlined loop it was checked again on every path of vsw_ingress that
 * reaches it, which cost the program a fifth of its verifier budget.
 */
__noinline int mirror_in_floods(__u32 src_ifindex, __u32 src_slot, __u32 vid)
{
	struct vsw_config *cfg;
	__u32 zero = 0;

	cfg = bpf_map_lookup_elem(&vsw_config, &zero);
	if (!cfg)
		return 0;
	for (int i = 0; i < VSW_MIRROR_IN_MAX; i++) {
		__u32 ifindex = cfg->mirror_in[i];
		struct vsw_port *p;

		if (!ifindex)
			break;
		if (ifindex == src_ifindex)
			continue;
		p = port_lookup(ifindex);
		if (p && (p->flags & VSW_PORT_F_UP) && port_has_vid(p, vid) &&
		    !policy_pvlan_to_nic(p->slot, src_slot, 0))
			return 1;
	}
	return 0;
}

/*
 * After the destination is decided: is the frame mirrored? By its source
 * (VSW_DEC_F_MIRROR already set by ingress for an out-mirrored port), by
 * its unicast destination, or by an in-mirrored port the flood reaches.
 */
static __always_inline int mirror_decide(const struct vsw_config *cfg,
					 const struct vsw_decision *dec, __u32 src_slot,
					 const struct vsw_port *dport)
{
	if (!cfg->mirror_dsts) /* no mirror destination in the switch */
		return 0;
	if (dec->flags & VSW_DEC_F_MIRROR)
		return 1;
	if (dport)
		return !!(dport->mirror & VSW_MIRROR_IN);
	return cfg->mirror_in[0] && mirror_in_floods(dec->in_ifindex, src_slot, dec->vid);
}

/* In egress: is this port's copy a mirror copy? */
static __always_inline int mirror_copy_here(__u32 shim, const struct vsw_port *port)
{
	return (shim & VSW_SHIM_F_MIRROR) && (port->mirror & VSW_MIRROR_DST);
}

#endif /* VSW_BPF_MIRROR_H */
