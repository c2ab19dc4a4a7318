/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The VMM side of vfio-user, as much as vsw's tests need to act as a VMM:
 * connect, negotiate, map guest memory by fd, read and write regions,
 * hand over an INTx eventfd, unmask, reset, and raw messages for tests
 * of malformed input. Used by tests/test_vfio_user.c and by the legacy
 * NIC selftest's guest (selftests/tools/legacy-guest.c).
 */
#ifndef VSW_VFU_CLIENT_H
#define VSW_VFU_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include "vfio_user.h"

struct vfu_client {
	int fd;
	uint16_t next_id;
	uint64_t messages;   /* sent so far */
};

int vfuc_connect(struct vfu_client *c, const char *path);
void vfuc_close(struct vfu_client *c);

/* Send one command (flags: VFU_FLAG_NO_REPLY or 0) without waiting for
 * anything. Returns its message id, or -errno. */
int vfuc_send(struct vfu_client *c, uint16_t cmd, uint32_t flags, const void *req, size_t len,
	      const int *fds, unsigned int nfds);
/* One command, its reply. Returns 0 on a reply, the server's errno
 * (> 0) on an error reply, -errno when the transport failed. */
int vfuc_call(struct vfu_client *c, uint16_t cmd, const void *req, size_t len,
	      const int *fds, unsigned int nfds, void *reply, size_t reply_max,
	      size_t *reply_len);

/* VERSION with the capability object caps (JSON); the server's answer
 * into server_caps (may be NULL). */
int vfuc_negotiate(struct vfu_client *c, const char *caps, char *server_caps, size_t max);
int vfuc_version(struct vfu_client *c);
int vfuc_dma_map(struct vfu_client *c, int fd, uint64_t offset, uint64_t gpa, uint64_t size,
		 uint32_t flags);
int vfuc_dma_unmap(struct vfu_client *c, uint64_t gpa, uint64_t size);
int vfuc_read(struct vfu_client *c, unsigned int region, uint64_t off, unsigned int count,
	      uint32_t *val);
int vfuc_write(struct vfu_client *c, unsigned int region, uint64_t off, unsigned int count,
	       uint32_t val);
/* A posted write (no reply asked, none waited for), as QEMU sends BAR
 * writes: a later read cannot pass it, the server handling messages in
 * order. */
int vfuc_write_posted(struct vfu_client *c, unsigned int region, uint64_t off,
		      unsigned int count, uint32_t val);
int vfuc_set_intx_eventfd(struct vfu_client *c, int efd);
int vfuc_unmask_intx(struct vfu_client *c);
int vfuc_reset(struct vfu_client *c);

#endif /* VSW_VFU_CLIENT_H */
