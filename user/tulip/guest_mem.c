// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include "guest_mem.h"

void guest_mem_init(struct guest_mem *gm)
{
	memset(gm, 0, sizeof(*gm));
}

/* last byte of [gpa, gpa+len), or false when the range is empty or wraps */
static bool range_last(uint64_t gpa, uint64_t len, uint64_t *last)
{
	if (!len || gpa + (len - 1) < gpa)
		return false;
	*last = gpa + (len - 1);
	return true;
}

int guest_mem_add(struct guest_mem *gm, uint64_t gpa, uint64_t len, void *host, bool writable)
{
	uint64_t last;

	if (!host || !range_last(gpa, len, &last))
		return -EINVAL;
	for (unsigned int i = 0; i < gm->n; i++) {
		const struct guest_mem_region *r = &gm->r[i];

		if (gpa <= r->gpa + (r->len - 1) && r->gpa <= last)
			return -EEXIST;
	}
	if (gm->n == GUEST_MEM_MAX_REGIONS)
		return -ENOSPC;
	gm->r[gm->n++] = (struct guest_mem_region){
		.gpa = gpa, .len = len, .host = host, .writable = writable,
	};
	return 0;
}

int guest_mem_remove(struct guest_mem *gm, uint64_t gpa, uint64_t len, void **host)
{
	for (unsigned int i = 0; i < gm->n; i++) {
		if (gm->r[i].gpa != gpa || gm->r[i].len != len)
			continue;
		if (host)
			*host = gm->r[i].host;
		gm->r[i] = gm->r[--gm->n];
		return 0;
	}
	return -ENOENT;
}

void *guest_mem_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len, bool write)
{
	for (unsigned int i = 0; i < gm->n; i++) {
		const struct guest_mem_region *r = &gm->r[i];
		uint64_t off = gpa - r->gpa; /* wraps to huge when gpa < r->gpa */

		if (off >= r->len || len > r->len - off)
			continue;
		if (write && !r->writable)
			return NULL;
		return r->host + off;
	}
	return NULL;
}

int guest_mem_read(const struct guest_mem *gm, uint64_t gpa, void *buf, size_t len)
{
	const void *p = guest_mem_ptr(gm, gpa, len, false);

	if (!p)
		return -EFAULT;
	memcpy(buf, p, len);
	return 0;
}

int guest_mem_write(const struct guest_mem *gm, uint64_t gpa, const void *buf, size_t len)
{
	void *p = guest_mem_ptr(gm, gpa, len, true);

	if (!p)
		return -EFAULT;
	memcpy(p, buf, len);
	return 0;
}
