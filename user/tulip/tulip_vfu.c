// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <string.h>
#include "tulip_vfu.h"

void tulip_vfu_regions(uint64_t size[VFU_PCI_NUM_REGIONS])
{
	memset(size, 0, VFU_PCI_NUM_REGIONS * sizeof(*size));
	size[VFU_PCI_BAR0] = TULIP_BAR_SIZE;
	size[VFU_PCI_BAR0 + 1] = TULIP_BAR_SIZE;
	size[VFU_PCI_CONFIG] = TULIP_CFG_SIZE;
}

static uint32_t tv_read(void *opaque, unsigned int region, uint64_t off, unsigned int count)
{
	if (region == VFU_PCI_CONFIG)
		return tulip_cfg_read(opaque, off, count);
	return tulip_bar_read(opaque, region, off, count);
}

static void tv_write(void *opaque, unsigned int region, uint64_t off, unsigned int count,
		     uint32_t val)
{
	if (region == VFU_PCI_CONFIG)
		tulip_cfg_write(opaque, off, count, val);
	else
		tulip_bar_write(opaque, region, off, count, val);
}

static void tv_reset(void *opaque)
{
	tulip_reset(opaque);
}

/* The model keeps no pointer into guest memory between calls. */
const struct vfu_device_ops tulip_vfu_ops = {
	.read = tv_read, .write = tv_write, .reset = tv_reset,
};
