/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The words of a VXLAN NIC (docs/multihost.md), for vswctl and the state
 * file: address lists and vni-maps. 0, or -1 for text that is not one. */
#ifndef VSW_VXLAN_TEXT_H
#define VSW_VXLAN_TEXT_H

#include <stddef.h>
#include <linux/types.h>

/* "IP[,IP...]": at most max IPv4 unicast addresses, no repeats. */
int vsw_ipv4_list_parse(const char *s, __be32 *out, unsigned int max, unsigned int *n);
void vsw_ipv4_list_format(const __be32 *ips, unsigned int n, char *buf, size_t len);

/* "VID=VNI[,VID=VNI...]": at most max pairs, VIDs 1..4094 and VNIs
 * 1..VSW_VNI_MAX, each VID and each VNI once. out[2i] = VID, out[2i+1] = VNI. */
int vsw_vni_map_parse(const char *s, __u32 *out, unsigned int max, unsigned int *n);
void vsw_vni_map_format(const __u32 *pairs, unsigned int n, char *buf, size_t len);

#endif /* VSW_VXLAN_TEXT_H */
