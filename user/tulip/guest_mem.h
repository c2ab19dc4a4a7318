/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A guest's physical memory as a device model may reach it: a few
 * regions (guest physical address, length, where the VMM's memory is
 * mapped in this process). Every DMA goes through guest_mem_ptr(),
 * which hands out a pointer only when the whole range lies inside one
 * region, so a guest-chosen address or length can never reach memory
 * the guest was not given. Not thread-safe: one owner changes the map
 * and runs the device.
 */
#ifndef VSW_GUEST_MEM_H
#define VSW_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef GUEST_MEM_MAX_REGIONS
#define GUEST_MEM_MAX_REGIONS 32
#endif

struct guest_mem_region {
	uint64_t gpa;  /* first guest physical address */
	uint64_t len;  /* bytes, > 0 */
	uint8_t *host; /* where gpa is mapped here */
	bool writable; /* the device may write (DMA to memory) */
};

struct guest_mem {
	struct guest_mem_region r[GUEST_MEM_MAX_REGIONS];
	unsigned int n;
};

void guest_mem_init(struct guest_mem *gm);

/* Add [gpa, gpa+len) mapped at host. -EINVAL for an empty or wrapping
 * range, -EEXIST if it overlaps a region, -ENOSPC when full. */
int guest_mem_add(struct guest_mem *gm, uint64_t gpa, uint64_t len, void *host, bool writable);

/* Remove the region that starts at gpa and is len long (exactly as added).
 * Returns 0 and its host address in *host (may be NULL), or -ENOENT. */
int guest_mem_remove(struct guest_mem *gm, uint64_t gpa, uint64_t len, void **host);

/* Host pointer for [gpa, gpa+len), or NULL when any byte of it is outside
 * one region (or the region is read-only and write is asked). len 0 is
 * answered for a valid gpa. */
void *guest_mem_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len, bool write);

/* Copies with the same check: 0 or -EFAULT (nothing copied). */
int guest_mem_read(const struct guest_mem *gm, uint64_t gpa, void *buf, size_t len);
int guest_mem_write(const struct guest_mem *gm, uint64_t gpa, const void *buf, size_t len);

#endif /* VSW_GUEST_MEM_H */
