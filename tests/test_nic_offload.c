// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The checksum guarantee chosen per NIC kind (user/vswd/nic_offload.c). */
#include <criterion/criterion.h>

#include "vsw_ctl.h"
#include "nic_offload.h"

Test(nic_offload, host_by_option)
{
	cr_assert_eq(nic_csum_choose(VSW_NIC_HOST, "veth", false), NIC_CSUM_TX_OFF);
	cr_assert(!nic_csum_skb_mode(NIC_CSUM_TX_OFF), "tx-off stays native");
	cr_assert_str_eq(nic_csum_name(NIC_CSUM_TX_OFF), "tx-off");
	cr_assert_eq(nic_csum_choose(VSW_NIC_HOST, "veth", true), NIC_CSUM_SKB);
}

Test(nic_offload, vm_takes_the_skb_path)
{
	cr_assert_eq(nic_csum_choose(VSW_NIC_VM, "tun", false), NIC_CSUM_SKB);
	cr_assert_eq(nic_csum_choose(VSW_NIC_VM, "tun", true), NIC_CSUM_SKB);
	cr_assert(nic_csum_skb_mode(NIC_CSUM_SKB), "skb-path attaches generic");
	cr_assert_str_eq(nic_csum_name(NIC_CSUM_SKB), "skb-path");
}

Test(nic_offload, physical_by_link_kind)
{
	cr_assert_eq(nic_csum_choose(VSW_NIC_PHYSICAL, "", false), NIC_CSUM_WIRE, "hardware: the wire");
	cr_assert(!nic_csum_skb_mode(NIC_CSUM_WIRE), "hardware stays native");
	cr_assert_eq(nic_csum_choose(VSW_NIC_PHYSICAL, "veth", false), NIC_CSUM_SKB);
	cr_assert_eq(nic_csum_choose(VSW_NIC_PHYSICAL, "tun", false), NIC_CSUM_SKB);
	cr_assert_eq(nic_csum_choose(VSW_NIC_PHYSICAL, "macvlan", false), NIC_CSUM_SKB);
	cr_assert_eq(nic_csum_choose(VSW_NIC_PHYSICAL, NULL, false), NIC_CSUM_SKB,
		     "unknown link kind: the safe path");
}

Test(nic_offload, legacy_offloads_nothing)
{
	cr_assert_eq(nic_csum_choose(VSW_NIC_LEGACY, "veth", false), NIC_CSUM_NONE);
	cr_assert(!nic_csum_skb_mode(NIC_CSUM_NONE));
	cr_assert_str_eq(nic_csum_name(NIC_CSUM_NONE), "none");
	cr_assert_str_eq(nic_csum_name(NIC_CSUM_UNKNOWN), "unknown");
}

/* The tunnel port forwards decapsulated GSO frames whole: the skb path,
 * whatever --host-nics says. */
Test(nic_offload, vxlan_takes_the_skb_path)
{
	cr_assert_eq(nic_csum_choose(VSW_NIC_VXLAN, "veth", false), NIC_CSUM_SKB);
	cr_assert_eq(nic_csum_choose(VSW_NIC_VXLAN, "veth", true), NIC_CSUM_SKB);
	cr_assert(nic_csum_skb_mode(NIC_CSUM_SKB));
}
