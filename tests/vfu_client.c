// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "vfu_client.h"

int vfuc_connect(struct vfu_client *c, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	c->next_id = 1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int ret = -errno;

		close(c->fd);
		c->fd = -1;
		return ret;
	}
	return 0;
}

void vfuc_close(struct vfu_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int vfuc_send(struct vfu_client *c, uint16_t cmd, uint32_t flags, const void *req, size_t len,
	      const int *fds, unsigned int nfds)
{
	struct vfu_header h = { .msg_id = c->next_id++, .cmd = cmd, .flags = flags,
				.msg_size = (uint32_t)(sizeof(h) + len) };
	char cbuf[CMSG_SPACE(8 * sizeof(int))] = { 0 };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)req, len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };

	c->messages++;
	if (nfds) {
		struct cmsghdr *cm;

		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
	}
	if (sendmsg(c->fd, &mh, MSG_NOSIGNAL) != (ssize_t)(sizeof(h) + len))
		return -EIO;
	return h.msg_id;
}

int vfuc_call(struct vfu_client *c, uint16_t cmd, const void *req, size_t len,
	      const int *fds, unsigned int nfds, void *reply, size_t reply_max,
	      size_t *reply_len)
{
	struct vfu_header r;
	uint8_t sink[256];
	size_t body, got = 0;
	ssize_t n;
	int id = vfuc_send(c, cmd, 0, req, len, fds, nfds);

	if (id < 0)
		return id;
	if (recv(c->fd, &r, sizeof(r), MSG_WAITALL) != sizeof(r))
		return -EIO;
	if (r.msg_id != id || r.cmd != cmd || (r.flags & VFU_FLAG_TYPE_MASK) != VFU_FLAG_REPLY ||
	    r.msg_size < sizeof(r))
		return -EPROTO;
	body = r.msg_size - sizeof(r);
	while (got < body) {
		size_t want = body - got;
		void *dst;

		if (reply && got < reply_max) {
			dst = (uint8_t *)reply + got;
			if (want > reply_max - got)
				want = reply_max - got;
		} else {
			dst = sink;
			if (want > sizeof(sink))
				want = sizeof(sink);
		}
		n = recv(c->fd, dst, want, MSG_WAITALL);
		if (n <= 0)
			return -EIO;
		got += n;
	}
	if (reply_len)
		*reply_len = body;
	if (r.flags & VFU_FLAG_ERROR)
		return r.error_no ? (int)r.error_no : EIO;
	return 0;
}

int vfuc_negotiate(struct vfu_client *c, const char *caps, char *server_caps, size_t max)
{
	uint8_t req[4 + 256], rep[4 + 256];
	uint16_t v[2] = { 0, 1 };
	size_t n, len = strlen(caps) + 1;
	int ret;

	if (len > 256)
		return -EINVAL;
	memcpy(req, v, 4);
	memcpy(req + 4, caps, len);
	ret = vfuc_call(c, VFU_CMD_VERSION, req, 4 + len, NULL, 0, rep, sizeof(rep) - 1, &n);
	if (ret)
		return ret;
	memcpy(v, rep, 4);
	if (n <= 4 || n > sizeof(rep) - 1 || v[0] != 0 || v[1] != 1)
		return -EPROTO;
	rep[n] = '\0';
	if (server_caps)
		snprintf(server_caps, max, "%s", (char *)rep + 4);
	return 0;
}

int vfuc_version(struct vfu_client *c)
{
	return vfuc_negotiate(c, "{\"capabilities\":{\"max_msg_fds\":8}}", NULL, 0);
}

int vfuc_dma_map(struct vfu_client *c, int fd, uint64_t offset, uint64_t gpa, uint64_t size,
		 uint32_t flags)
{
	struct vfu_dma_map m = { .argsz = sizeof(m), .flags = flags, .offset = offset,
				 .addr = gpa, .size = size };

	return vfuc_call(c, VFU_CMD_DMA_MAP, &m, sizeof(m), &fd, fd >= 0 ? 1 : 0, NULL, 0, NULL);
}

int vfuc_dma_unmap(struct vfu_client *c, uint64_t gpa, uint64_t size)
{
	struct vfu_dma_unmap m = { .argsz = sizeof(m), .addr = gpa, .size = size };

	return vfuc_call(c, VFU_CMD_DMA_UNMAP, &m, sizeof(m), NULL, 0, NULL, 0, NULL);
}

int vfuc_read(struct vfu_client *c, unsigned int region, uint64_t off, unsigned int count,
	      uint32_t *val)
{
	struct vfu_region_access a = { .offset = off, .region = region, .count = count };
	uint8_t rep[sizeof(a) + 8];
	size_t n;
	int ret;

	ret = vfuc_call(c, VFU_CMD_REGION_READ, &a, sizeof(a), NULL, 0, rep, sizeof(rep), &n);
	if (ret)
		return ret;
	if (n != sizeof(a) + count || count > 4)
		return -EPROTO;
	*val = 0;
	memcpy(val, rep + sizeof(a), count);
	return 0;
}

int vfuc_write(struct vfu_client *c, unsigned int region, uint64_t off, unsigned int count,
	       uint32_t val)
{
	struct {
		struct vfu_region_access a;
		uint32_t v;
	} __attribute__((packed)) m = { { .offset = off, .region = region, .count = count }, val };

	if (count > 4)
		return -EINVAL;
	return vfuc_call(c, VFU_CMD_REGION_WRITE, &m, sizeof(m.a) + count, NULL, 0, NULL, 0, NULL);
}

int vfuc_write_posted(struct vfu_client *c, unsigned int region, uint64_t off,
		      unsigned int count, uint32_t val)
{
	struct {
		struct vfu_region_access a;
		uint32_t v;
	} __attribute__((packed)) m = { { .offset = off, .region = region, .count = count }, val };
	int id;

	if (count > 4)
		return -EINVAL;
	id = vfuc_send(c, VFU_CMD_REGION_WRITE, VFU_FLAG_NO_REPLY, &m, sizeof(m.a) + count, NULL, 0);
	return id < 0 ? id : 0;
}

int vfuc_set_intx_eventfd(struct vfu_client *c, int efd)
{
	uint32_t a[5] = { sizeof(a), 4 | 32, VFU_PCI_INTX, 0, efd >= 0 ? 1 : 0 };

	return vfuc_call(c, VFU_CMD_DEVICE_SET_IRQS, a, sizeof(a), &efd, efd >= 0 ? 1 : 0,
			 NULL, 0, NULL);
}

int vfuc_unmask_intx(struct vfu_client *c)
{
	uint32_t a[5] = { sizeof(a), 1 | 16, VFU_PCI_INTX, 0, 1 };

	return vfuc_call(c, VFU_CMD_DEVICE_SET_IRQS, a, sizeof(a), NULL, 0, NULL, 0, NULL);
}

int vfuc_reset(struct vfu_client *c)
{
	return vfuc_call(c, VFU_CMD_DEVICE_RESET, NULL, 0, NULL, 0, NULL, 0, NULL);
}
