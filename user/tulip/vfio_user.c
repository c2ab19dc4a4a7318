// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A small, strict vfio-user server (see vfio_user.h). Each handler checks
 * the payload it was given before it touches anything and answers with
 * a reply or an error; the connection survives every malformed message
 * except one whose header cannot be trusted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "peer_cred.h"
#include "vfio_user.h"

#define HDR sizeof(struct vfu_header)

/* VFIO flags in the messages */
#define DEVICE_FLAGS_RESET 1u
#define DEVICE_FLAGS_PCI 2u
#define REGION_INFO_READ 1u
#define REGION_INFO_WRITE 2u
#define IRQ_INFO_EVENTFD 1u
#define IRQ_INFO_MASKABLE 2u
#define IRQ_INFO_AUTOMASKED 4u
#define IRQ_DATA_NONE 1u
#define IRQ_DATA_BOOL 2u
#define IRQ_DATA_EVENTFD 4u
#define IRQ_ACTION_MASK 8u
#define IRQ_ACTION_UNMASK 16u
#define IRQ_ACTION_TRIGGER 32u

static const char server_caps[] =
	"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":4096}}";

/* One received message and what came with it. */
struct vfu_msg {
	struct vfu_header hdr;
	const uint8_t *payload;
	size_t len;
	int fds[VFU_MAX_FDS];
	unsigned int nfds;
};

int vfu_server_init(struct vfu_server *s, const char *path, const struct vfu_access *access,
		    const uint64_t *region_size, struct guest_mem *mem,
		    const struct vfu_device_ops *ops, void *opaque)
{
	static const struct vfu_access root_only = { (uid_t)-1, (gid_t)-1, 0600 };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	memset(s, 0, sizeof(*s));
	s->listen_fd = s->conn_fd = s->intx_fd = -1;
	s->access = access ? *access : root_only;
	if (s->access.mode & ~0777u)
		return -EINVAL;
	if (path && strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	s->buf = malloc(VFU_MAX_MSG_SIZE);
	if (!s->buf)
		return -ENOMEM;
	memcpy(s->region_size, region_size, sizeof(s->region_size));
	s->mem = mem;
	s->ops = ops;
	s->opaque = opaque;
	if (!path)
		return 0;
	snprintf(s->path, sizeof(s->path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail_errno;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	unlink(path);
	/* bind() makes the file with the socket inode's mode less the umask:
	 * never more than the mode asked for, even for an instant; then
	 * exactly that mode, whatever the umask took away. */
	if (fchmod(fd, s->access.mode) || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		goto fail_errno;
	}
	if (chown(path, s->access.owner, s->access.group) || chmod(path, s->access.mode) ||
	    listen(fd, 1)) {
		ret = -errno;
		close(fd);
		unlink(path);
		free(s->buf);
		s->buf = NULL;
		return ret;
	}
	s->listen_fd = fd;
	return 0;
fail_errno:
	ret = -errno;
	free(s->buf);
	s->buf = NULL;
	return ret;
}

static void unmap_all(struct vfu_server *s)
{
	if (s->ops->mem_changing)
		s->ops->mem_changing(s->opaque);
	for (unsigned int i = 0; i < GUEST_MEM_MAX_REGIONS; i++) {
		struct vfu_map *m = &s->maps[i];

		if (m->base) {
			guest_mem_remove(s->mem, m->gpa, m->len, NULL);
			munmap(m->base, m->map_len);
		}
		memset(m, 0, sizeof(*m));
	}
}

void vfu_server_disconnect(struct vfu_server *s)
{
	if (s->conn_fd < 0)
		return;
	close(s->conn_fd);
	s->conn_fd = -1;
	if (s->intx_fd >= 0)
		close(s->intx_fd);
	s->intx_fd = -1;
	s->intx_masked = false;
	s->negotiated = false;
	unmap_all(s);
	s->ops->reset(s->opaque);   /* the next VMM finds a device at power-on */
}

void vfu_server_fini(struct vfu_server *s)
{
	vfu_server_disconnect(s);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->path);
	}
	s->path[0] = '\0';
	s->listen_fd = -1;
	free(s->buf);
	s->buf = NULL;
}

int vfu_server_fd(const struct vfu_server *s)
{
	return s->conn_fd >= 0 ? s->conn_fd : s->listen_fd;
}

bool vfu_server_connected(const struct vfu_server *s)
{
	return s->conn_fd >= 0;
}

/* ---- interrupts ---- */

static void intx_signal(struct vfu_server *s)
{
	uint64_t one = 1;

	if (s->intx_fd < 0 || s->intx_masked)
		return;
	if (write(s->intx_fd, &one, sizeof(one)) == sizeof(one))
		s->intx_masked = true;  /* automasked until the VMM unmasks */
}

void vfu_server_set_intx(struct vfu_server *s, bool level)
{
	bool rising = level && !s->intx_level;

	s->intx_level = level;
	if (rising)
		intx_signal(s);
}

/* ---- replies ---- */

static int send_reply(struct vfu_server *s, const struct vfu_msg *m, uint32_t error,
		      const void *payload, size_t len)
{
	struct vfu_header h = {
		.msg_id = m->hdr.msg_id,
		.cmd = m->hdr.cmd,
		.msg_size = (uint32_t)(HDR + (error ? 0 : len)),
		.flags = VFU_FLAG_REPLY | (error ? VFU_FLAG_ERROR : 0),
		.error_no = error,
	};
	struct iovec iov[2] = {
		{ .iov_base = &h, .iov_len = HDR },
		{ .iov_base = (void *)payload, .iov_len = error ? 0 : len },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	ssize_t n;

	if (error)
		s->stats.errors++;
	if (m->hdr.flags & VFU_FLAG_NO_REPLY)
		return 0;
	n = sendmsg(s->conn_fd, &mh, MSG_NOSIGNAL);
	return n == (ssize_t)h.msg_size ? 0 : -EPIPE;
}

/* ---- handlers: each returns 0 (replied) or a positive errno to reply ---- */

static int do_version(struct vfu_server *s, struct vfu_msg *m)
{
	struct {
		uint16_t major, minor;
		char caps[sizeof(server_caps)];
	} __attribute__((packed)) r;
	uint16_t major, minor;

	if (m->len < 4 || m->nfds)
		return EINVAL;
	memcpy(&major, m->payload, 2);
	memcpy(&minor, m->payload + 2, 2);
	/* the client's capabilities: a NUL-terminated JSON object */
	if (m->len > 4 && (m->payload[4] != '{' || m->payload[m->len - 1] != '\0' ||
			   memchr(m->payload + 4, '\0', m->len - 4) != m->payload + m->len - 1))
		return EINVAL;
	if (major != VFU_VERSION_MAJOR)
		return ENOTSUP;
	r.major = VFU_VERSION_MAJOR;
	r.minor = minor < VFU_VERSION_MINOR ? minor : VFU_VERSION_MINOR;
	memcpy(r.caps, server_caps, sizeof(server_caps));
	s->negotiated = true;
	return send_reply(s, m, 0, &r, sizeof(r)) ? EPIPE : 0;
}

static int do_dma_map(struct vfu_server *s, struct vfu_msg *m)
{
	struct vfu_dma_map a;
	struct stat st;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t skew, end;
	struct vfu_map *slot = NULL;
	int prot, seals, fd;
	void *base;

	if (m->len != sizeof(a) || m->nfds > 1)
		return EINVAL;
	memcpy(&a, m->payload, sizeof(a));
	if (a.argsz != sizeof(a) || (a.flags & ~(VFU_DMA_READ | VFU_DMA_WRITE)) ||
	    !(a.flags & VFU_DMA_READ) || !a.size || a.addr + a.size < a.addr ||
	    a.offset + a.size < a.offset)
		return EINVAL;
	for (unsigned int i = 0; i < GUEST_MEM_MAX_REGIONS && !slot; i++)
		if (!s->maps[i].used)
			slot = &s->maps[i];
	if (!slot)
		return ENOSPC;
	if (!m->nfds) {
		/* Memory the VMM cannot share (a ROM, say) would need DMA_READ/
		 * DMA_WRITE messages; this device never DMAs there: remember
		 * the range, keep it unreachable (a bus error if tried). */
		*slot = (struct vfu_map){ .gpa = a.addr, .len = a.size, .used = true };
		return send_reply(s, m, 0, NULL, 0) ? EPIPE : 0;
	}
	fd = m->fds[0];
	/* The device must never fault on this memory: the file has to hold
	 * the whole range and be sealed against shrinking, or a VMM could
	 * truncate it under us and make vswd take SIGBUS. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return EINVAL;
	seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 || !(seals & F_SEAL_SHRINK))
		return EPERM;
	end = a.offset + a.size;
	if (end > (uint64_t)st.st_size)
		return EINVAL;
	skew = a.offset % page;
	prot = PROT_READ | ((a.flags & VFU_DMA_WRITE) ? PROT_WRITE : 0);
	base = mmap(NULL, a.size + skew, prot, MAP_SHARED, fd, a.offset - skew);
	if (base == MAP_FAILED)
		return errno;
	if (guest_mem_add(s->mem, a.addr, a.size, (uint8_t *)base + skew,
			  a.flags & VFU_DMA_WRITE)) {
		munmap(base, a.size + skew);
		return EEXIST;
	}
	*slot = (struct vfu_map){ .gpa = a.addr, .len = a.size, .used = true, .base = base,
				  .map_len = a.size + skew };
	return send_reply(s, m, 0, NULL, 0) ? EPIPE : 0;
}

static int do_dma_unmap(struct vfu_server *s, struct vfu_msg *m)
{
	struct vfu_dma_unmap a;

	if (m->len != sizeof(a) || m->nfds)
		return EINVAL;
	memcpy(&a, m->payload, sizeof(a));
	if (a.argsz != sizeof(a) || a.flags)
		return EINVAL;   /* no dirty-page bitmaps, no unmap-all */
	for (unsigned int i = 0; i < GUEST_MEM_MAX_REGIONS; i++) {
		struct vfu_map *map = &s->maps[i];

		if (!map->used || map->gpa != a.addr || map->len != a.size)
			continue;
		if (map->base) {
			if (s->ops->mem_changing)
				s->ops->mem_changing(s->opaque);
			guest_mem_remove(s->mem, map->gpa, map->len, NULL);
			munmap(map->base, map->map_len);
		}
		memset(map, 0, sizeof(*map));
		return send_reply(s, m, 0, &a, sizeof(a)) ? EPIPE : 0;
	}
	return ENOENT;
}

static int do_get_info(struct vfu_server *s, struct vfu_msg *m)
{
	uint32_t r[4] = { sizeof(r), DEVICE_FLAGS_RESET | DEVICE_FLAGS_PCI,
			  VFU_PCI_NUM_REGIONS, VFU_PCI_NUM_IRQS };
	uint32_t argsz;

	if (m->len < 4 || m->nfds)
		return EINVAL;
	memcpy(&argsz, m->payload, 4);
	if (argsz < sizeof(r))
		return EINVAL;
	return send_reply(s, m, 0, r, sizeof(r)) ? EPIPE : 0;
}

static int do_get_region_info(struct vfu_server *s, struct vfu_msg *m)
{
	struct {
		uint32_t argsz, flags, index, cap_offset;
		uint64_t size, offset;
	} __attribute__((packed)) r;

	if (m->len < sizeof(r) || m->nfds)
		return EINVAL;
	memcpy(&r, m->payload, sizeof(r));
	if (r.argsz < sizeof(r) || r.index >= VFU_PCI_NUM_REGIONS)
		return EINVAL;
	r.argsz = sizeof(r);
	r.size = s->region_size[r.index];
	r.flags = r.size ? REGION_INFO_READ | REGION_INFO_WRITE : 0; /* no mmap: every access is trapped */
	r.cap_offset = 0;
	r.offset = (uint64_t)r.index << 40;
	return send_reply(s, m, 0, &r, sizeof(r)) ? EPIPE : 0;
}

static int do_get_region_io_fds(struct vfu_server *s, struct vfu_msg *m)
{
	uint32_t r[4];

	if (m->len < sizeof(r) || m->nfds)
		return EINVAL;
	memcpy(r, m->payload, sizeof(r));
	if (r[0] < sizeof(r) || r[2] >= VFU_PCI_NUM_REGIONS)
		return EINVAL;
	r[0] = sizeof(r);
	r[1] = 0;
	r[3] = 0;   /* no ioeventfds: every access comes as a message */
	return send_reply(s, m, 0, r, sizeof(r)) ? EPIPE : 0;
}

static int do_get_irq_info(struct vfu_server *s, struct vfu_msg *m)
{
	uint32_t r[4];

	if (m->len < sizeof(r) || m->nfds)
		return EINVAL;
	memcpy(r, m->payload, sizeof(r));
	if (r[0] < sizeof(r) || r[2] >= VFU_PCI_NUM_IRQS)
		return EINVAL;
	r[0] = sizeof(r);
	/* INTA# only: a 21140A has no MSI capability */
	r[1] = r[2] == VFU_PCI_INTX ? IRQ_INFO_EVENTFD | IRQ_INFO_MASKABLE | IRQ_INFO_AUTOMASKED : 0;
	r[3] = r[2] == VFU_PCI_INTX ? 1 : 0;
	return send_reply(s, m, 0, r, sizeof(r)) ? EPIPE : 0;
}

static int do_set_irqs(struct vfu_server *s, struct vfu_msg *m)
{
	uint32_t a[5], data, action;   /* argsz flags index start count */
	size_t extra;

	if (m->len < sizeof(a))
		return EINVAL;
	memcpy(a, m->payload, sizeof(a));
	data = a[1] & (IRQ_DATA_NONE | IRQ_DATA_BOOL | IRQ_DATA_EVENTFD);
	action = a[1] & (IRQ_ACTION_MASK | IRQ_ACTION_UNMASK | IRQ_ACTION_TRIGGER);
	extra = m->len - sizeof(a);
	if (a[0] != m->len || (a[1] & ~(data | action)) || __builtin_popcount(data) != 1 ||
	    __builtin_popcount(action) != 1 || a[2] >= VFU_PCI_NUM_IRQS)
		return EINVAL;
	if (data == IRQ_DATA_BOOL ? extra != a[4] : extra != 0)
		return EINVAL;
	if (data == IRQ_DATA_EVENTFD ? m->nfds != a[4] : m->nfds != 0)
		return EINVAL;
	if (a[2] != VFU_PCI_INTX)
		return a[4] == 0 ? (send_reply(s, m, 0, NULL, 0) ? EPIPE : 0) : EINVAL;
	if (a[3] != 0 || a[4] > 1)
		return EINVAL;

	switch (action | data) {
	case IRQ_ACTION_TRIGGER | IRQ_DATA_EVENTFD:
		if (s->intx_fd >= 0)
			close(s->intx_fd);
		s->intx_fd = -1;
		if (a[4]) {
			s->intx_fd = m->fds[0];
			m->nfds = 0;   /* kept */
			s->intx_masked = false;
			if (s->intx_level)
				intx_signal(s);
		}
		break;
	case IRQ_ACTION_TRIGGER | IRQ_DATA_NONE:
		if (!a[4]) {       /* count 0: tear the trigger down */
			if (s->intx_fd >= 0)
				close(s->intx_fd);
			s->intx_fd = -1;
		} else {
			intx_signal(s);
		}
		break;
	case IRQ_ACTION_TRIGGER | IRQ_DATA_BOOL:
		if (a[4] && m->payload[sizeof(a)])
			intx_signal(s);
		break;
	case IRQ_ACTION_UNMASK | IRQ_DATA_NONE:
	case IRQ_ACTION_UNMASK | IRQ_DATA_BOOL:
		if (data == IRQ_DATA_BOOL && a[4] && !m->payload[sizeof(a)])
			break;
		s->intx_masked = false;
		if (s->intx_level)    /* still asserted: the guest sees it again */
			intx_signal(s);
		break;
	case IRQ_ACTION_MASK | IRQ_DATA_NONE:
	case IRQ_ACTION_MASK | IRQ_DATA_BOOL:
		if (data == IRQ_DATA_BOOL && a[4] && !m->payload[sizeof(a)])
			break;
		s->intx_masked = true;
		break;
	default:
		return ENOTSUP;    /* e.g. an unmask (resample) eventfd */
	}
	return send_reply(s, m, 0, NULL, 0) ? EPIPE : 0;
}

/* Check a region access: a present region, inside it, 1 byte to
 * max_data_xfer_size. */
static int region_check(const struct vfu_server *s, const struct vfu_region_access *a)
{
	if (a->region >= VFU_PCI_NUM_REGIONS || !s->region_size[a->region])
		return EINVAL;
	if (!a->count || a->count > VFU_MAX_DATA_XFER)
		return EINVAL;
	if (a->offset >= s->region_size[a->region] ||
	    a->count > s->region_size[a->region] - a->offset)
		return EINVAL;
	return 0;
}

/* The next piece of an access at off with left bytes to go: the largest
 * of 4, 2, 1 that is naturally aligned and fits. */
static unsigned int piece(uint64_t off, uint32_t left)
{
	if (left >= 4 && !(off & 3))
		return 4;
	if (left >= 2 && !(off & 1))
		return 2;
	return 1;
}

static int do_region_read(struct vfu_server *s, struct vfu_msg *m)
{
	struct {
		struct vfu_region_access a;
		uint8_t data[VFU_MAX_DATA_XFER];
	} __attribute__((packed)) r;
	int err;

	if (m->len != sizeof(r.a) || m->nfds)
		return EINVAL;
	memcpy(&r.a, m->payload, sizeof(r.a));
	err = region_check(s, &r.a);
	if (err)
		return err;
	for (uint32_t done = 0, n; done < r.a.count; done += n) {
		uint32_t v;

		n = piece(r.a.offset + done, r.a.count - done);
		v = s->ops->read(s->opaque, r.a.region, r.a.offset + done, n);
		memcpy(r.data + done, &v, n);   /* little-endian host assumed, as VFIO */
	}
	return send_reply(s, m, 0, &r, sizeof(r.a) + r.a.count) ? EPIPE : 0;
}

static int do_region_write(struct vfu_server *s, struct vfu_msg *m)
{
	struct vfu_region_access a;
	int err;

	if (m->len < sizeof(a) || m->nfds)
		return EINVAL;
	memcpy(&a, m->payload, sizeof(a));
	if (m->len - sizeof(a) != a.count)
		return EINVAL;
	err = region_check(s, &a);
	if (err)
		return err;
	for (uint32_t done = 0, n; done < a.count; done += n) {
		uint32_t v = 0;

		n = piece(a.offset + done, a.count - done);
		memcpy(&v, m->payload + sizeof(a) + done, n);
		s->ops->write(s->opaque, a.region, a.offset + done, n, v);
	}
	return send_reply(s, m, 0, &a, sizeof(a)) ? EPIPE : 0;
}

static int do_reset(struct vfu_server *s, struct vfu_msg *m)
{
	if (m->len || m->nfds)
		return EINVAL;
	s->ops->reset(s->opaque);
	return send_reply(s, m, 0, NULL, 0) ? EPIPE : 0;
}

static int dispatch(struct vfu_server *s, struct vfu_msg *m)
{
	if ((m->hdr.flags & VFU_FLAG_TYPE_MASK) != VFU_FLAG_COMMAND ||
	    (m->hdr.flags & ~(VFU_FLAG_TYPE_MASK | VFU_FLAG_NO_REPLY)) || m->hdr.error_no)
		return EINVAL;
	if (!s->negotiated && m->hdr.cmd != VFU_CMD_VERSION)
		return EINVAL;   /* VERSION comes first */
	switch (m->hdr.cmd) {
	case VFU_CMD_VERSION:
		return s->negotiated ? EINVAL : do_version(s, m);
	case VFU_CMD_DMA_MAP:
		return do_dma_map(s, m);
	case VFU_CMD_DMA_UNMAP:
		return do_dma_unmap(s, m);
	case VFU_CMD_DEVICE_GET_INFO:
		return do_get_info(s, m);
	case VFU_CMD_DEVICE_GET_REGION_INFO:
		return do_get_region_info(s, m);
	case VFU_CMD_DEVICE_GET_REGION_IO_FDS:
		return do_get_region_io_fds(s, m);
	case VFU_CMD_DEVICE_GET_IRQ_INFO:
		return do_get_irq_info(s, m);
	case VFU_CMD_DEVICE_SET_IRQS:
		return do_set_irqs(s, m);
	case VFU_CMD_REGION_READ:
		return do_region_read(s, m);
	case VFU_CMD_REGION_WRITE:
		return do_region_write(s, m);
	case VFU_CMD_DEVICE_RESET:
		return do_reset(s, m);
	default:
		return ENOSYS;   /* DMA_READ/WRITE go the other way; the rest we lack */
	}
}

/* ---- receiving ---- */

static int recv_msg(struct vfu_server *s, struct vfu_msg *m)
{
	char cbuf[CMSG_SPACE(VFU_MAX_FDS * sizeof(int))];
	struct iovec iov = { .iov_base = &m->hdr, .iov_len = HDR };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	size_t got = 0, want;
	ssize_t n;

	m->nfds = 0;
	n = recvmsg(s->conn_fd, &mh, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		unsigned int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (unsigned int i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (m->nfds < VFU_MAX_FDS)
				m->fds[m->nfds++] = fd;
			else
				close(fd);
		}
	}
	if (n == 0)
		return -ECONNRESET;
	if (n != (ssize_t)HDR || (mh.msg_flags & MSG_CTRUNC))
		return n < 0 ? -errno : -EPROTO;
	if (m->hdr.msg_size < HDR || m->hdr.msg_size > VFU_MAX_MSG_SIZE)
		return -EMSGSIZE;
	want = m->hdr.msg_size - HDR;
	while (got < want) {   /* bounded by SO_RCVTIMEO */
		n = recv(s->conn_fd, s->buf + got, want - got, MSG_WAITALL);
		if (n <= 0)
			return n == 0 ? -ECONNRESET : -errno;
		got += n;
	}
	m->payload = s->buf;
	m->len = want;
	return 0;
}

int vfu_server_attach(struct vfu_server *s, int fd)
{
	struct timeval tv = { .tv_sec = 2 };

	if (s->conn_fd >= 0)
		return -EBUSY;
	/* a client that sends half a message does not hold the NIC's thread */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	s->conn_fd = fd;
	s->negotiated = false;
	return 0;
}

/* A VMM that is not root, the owner or in the group is hung up on:
 * whoever drives the device sends frames as the VM. -EACCES, with the
 * peer in s->refused. */
static int accept_client(struct vfu_server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	struct ucred cred = { .pid = 0, .uid = (uid_t)-1, .gid = (gid_t)-1 };

	if (fd < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (peer_cred(fd, &cred) ||
	    !peer_allowed(fd, &cred, s->access.owner, s->access.group)) {
		s->stats.refused++;
		s->refused.pid = cred.pid;
		s->refused.uid = cred.uid;
		s->refused.gid = cred.gid;
		close(fd);
		return -EACCES;
	}
	return vfu_server_attach(s, fd);
}

int vfu_server_handle(struct vfu_server *s)
{
	struct vfu_msg m;
	int ret, err;

	if (s->conn_fd < 0)
		return accept_client(s);
	ret = recv_msg(s, &m);
	if (!ret) {
		s->stats.messages++;
		err = dispatch(s, &m);
		if (err && err != EPIPE && send_reply(s, &m, err, NULL, 0))
			err = EPIPE;
		if (err == EPIPE)
			ret = -EPIPE;
	} else if (ret == -EMSGSIZE) {
		send_reply(s, &m, EINVAL, NULL, 0);   /* then hang up: cannot resync */
	}
	for (unsigned int i = 0; i < m.nfds; i++)
		close(m.fds[i]);
	if (ret)
		vfu_server_disconnect(s);
	return ret;
}
