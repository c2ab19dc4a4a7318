/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The 21140A model behind a vfio-user server: its regions and accesses. */
#ifndef VSW_TULIP_VFU_H
#define VSW_TULIP_VFU_H

#include "tulip.h"
#include "vfio_user.h"

/* opaque: the struct tulip. */
extern const struct vfu_device_ops tulip_vfu_ops;

/* Region sizes: BAR0 (I/O) and BAR1 (memory) of 128 bytes, config space. */
void tulip_vfu_regions(uint64_t size[VFU_PCI_NUM_REGIONS]);

#endif /* VSW_TULIP_VFU_H */
