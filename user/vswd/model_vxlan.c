// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* VXLAN in the model: see model_vxlan.h and docs/multihost.md. */
#include <errno.h>
#include "model_vxlan.h"

int model_vxlan_vnis(struct model *m, vxlan_vni_fn cb, void *arg)
{
	return 0;
}

int model_vxlan_vni(struct model *m, __u32 vni, struct vxlan_vni_info *out,
		    struct vsw_err *err)
{
	return vsw_errf(err, -ENOENT, "no VXLAN NIC carries VNI %u", vni);
}

int model_vxlan_local_macs(struct model *m, __u32 vni, vxlan_mac_fn cb, void *arg,
			   struct vsw_err *err)
{
	return vsw_errf(err, -ENOENT, "no VXLAN NIC carries VNI %u", vni);
}

int model_vxlan_remote_mac(struct model *m, __u32 vni, const __u8 mac[6], __be32 vtep,
			   bool add, struct vsw_err *err)
{
	return vsw_errf(err, -ENOENT, "no VXLAN NIC carries VNI %u", vni);
}

int model_vxlan_flood_vtep(struct model *m, __u32 vni, __be32 vtep, bool add,
			   struct vsw_err *err)
{
	return vsw_errf(err, -ENOENT, "no VXLAN NIC carries VNI %u", vni);
}
