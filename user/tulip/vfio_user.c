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

/* What the server offers; write_multiple only to a client that offers it
 * too (the reply's capabilities are a subset of the client's). */
static const char server_caps[] =
	"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":4096}}";
static const char server_caps_multi[] =
	"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":4096,"
	"\"write_multiple\":true}}";

/* Bytes taken from the socket at once: two messages of the largest size,
 * so a message the read cut short can be completed in place. */
#define VFU_RECV_BUF (2 * VFU_MAX_MSG_SIZE)

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
	s->buf = malloc(VFU_RECV_BUF);
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
	if (level && !s->intx_level)
		s->intx_due = true;
	s->intx_level = level;
}

void vfu_server_flush_intx(struct vfu_server *s)
{
	/* a line that went up and down again since needs no service */
	if (s->intx_due && s->intx_level)
		intx_signal(s);
	s->intx_due = false;
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
	/* what the device raised before this reply, the VMM sees with it */
	vfu_server_flush_intx(s);
	n = sendmsg(s->conn_fd, &mh, MSG_NOSIGNAL);
	return n == (ssize_t)h.msg_size ? 0 : -EPIPE;
}

/* ---- handlers: each returns 0 (replied) or a positive errno to reply ---- */

/* Does the client's capability object say "write_multiple": true? */
static bool offers_write_multi(const char *json)
{
	const char *p = strstr(json, "\"write_multiple\"");

	if (!p)
		return false;
	p += strlen("\"write_multiple\"");
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return false;
	p += strspn(p, " \t\r\n");
	return !strncmp(p, "true", 4);
}

static int do_version(struct vfu_server *s, struct vfu_msg *m)
{
	struct {
		uint16_t major, minor;
		char caps[sizeof(server_caps_multi)];
	} __attribute__((packed)) r;
	const char *caps = server_caps;
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
	if (m->len > 4 && offers_write_multi((const char *)m->payload + 4))
		caps = server_caps_multi;
	r.major = VFU_VERSION_MAJOR;
	r.minor = minor < VFU_VERSION_MINOR ? minor : VFU_VERSION_MINOR;
	memcpy(r.caps, caps, strlen(caps) + 1);
	s->negotiated = true;
	return send_reply(s, m, 0, &r, 4 + strlen(caps) + 1) ? EPIPE : 0;
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

/* Several small writes in one message (a VMM coalesces posted writes so
 * when its queue to the server is long): each as REGION_WRITE would do
 * it, in order; all are checked before the first is done. */
static int do_region_write_multi(struct vfu_server *s, struct vfu_msg *m)
{
	struct vfu_write_one w;
	uint64_t cnt;

	if (m->len < sizeof(cnt) || m->nfds)
		return EINVAL;
	memcpy(&cnt, m->payload, sizeof(cnt));
	if (!cnt || cnt > VFU_WRITE_MULTI_MAX || m->len != sizeof(cnt) + cnt * sizeof(w))
		return EINVAL;
	for (uint64_t i = 0; i < cnt; i++) {
		struct vfu_region_access a;

		memcpy(&w, m->payload + sizeof(cnt) + i * sizeof(w), sizeof(w));
		a = (struct vfu_region_access){ .offset = w.offset, .region = w.region,
						.count = w.count };
		if (w.count > sizeof(w.data) || region_check(s, &a))
			return EINVAL;
	}
	for (uint64_t i = 0; i < cnt; i++) {
		memcpy(&w, m->payload + sizeof(cnt) + i * sizeof(w), sizeof(w));
		for (uint32_t done = 0, n; done < w.count; done += n) {
			uint32_t v = 0;

			n = piece(w.offset + done, w.count - done);
			memcpy(&v, w.data + done, n);
			s->ops->write(s->opaque, w.region, w.offset + done, n, v);
		}
	}
	return send_reply(s, m, 0, &cnt, sizeof(cnt)) ? EPIPE : 0;
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
	case VFU_CMD_REGION_WRITE_MULTI:
		return do_region_write_multi(s, m);
	default:
		return ENOSYS;   /* DMA_READ/WRITE go the other way; the rest we lack */
	}
}

/* ---- receiving ---- */

/* What a read brought besides bytes: file descriptors, which belong to
 * the message holding the read's last byte (the kernel ends a read of a
 * UNIX stream right after the bytes that carried them). */
struct rx_fds {
	int fd[VFU_MAX_FDS];
	unsigned int n;
	size_t mark;        /* end of the read that brought them */
};

static void close_fds(int *fd, unsigned int *n)
{
	for (unsigned int i = 0; i < *n; i++)
		close(fd[i]);
	*n = 0;
}

/* Read into buf [at, at + want): at least one byte (flags MSG_DONTWAIT)
 * or all of them (MSG_WAITALL, bounded by SO_RCVTIMEO). Returns the
 * count, 0 at end of stream, or -errno; a control message cut short (too
 * many fds) is a protocol error. */
static ssize_t read_in(struct vfu_server *s, size_t at, size_t want, int flags, struct rx_fds *f)
{
	char cbuf[CMSG_SPACE(VFU_MAX_FDS * sizeof(int))];
	struct iovec iov = { .iov_base = s->buf + at, .iov_len = want };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(s->conn_fd, &mh, MSG_CMSG_CLOEXEC | flags);

	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); n >= 0 && c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		unsigned int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (unsigned int i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (f->n < VFU_MAX_FDS)
				f->fd[f->n++] = fd;
			else
				close(fd);
		}
		f->mark = at + (size_t)n;
	}
	if (n < 0)
		return -errno;
	if (mh.msg_flags & MSG_CTRUNC)
		return -EPROTO;
	return n;
}

/* Make buf [*off, *off + need) hold bytes: move what is there to the
 * front if the rest would not fit, then wait for the rest. */
static int complete(struct vfu_server *s, size_t *off, size_t *len, size_t need,
		    struct rx_fds *f)
{
	size_t have = *len - *off;
	ssize_t n;

	if (*off + need > VFU_RECV_BUF) {
		memmove(s->buf, s->buf + *off, have);
		f->mark = f->mark > *off ? f->mark - *off : 0;
		*len = have;
		*off = 0;
	}
	/* a read stops early after bytes that carried fds: go on */
	while (have < need) {
		n = read_in(s, *len, need - have, MSG_WAITALL, f);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0)
			return (int)n;
		*len += n;
		have += n;
	}
	return 0;
}

/* One message from buf + off: checked, dispatched, answered. Returns 0,
 * or -errno when the connection must end. */
static int handle_one(struct vfu_server *s, struct vfu_msg *m)
{
	int err;

	s->stats.messages++;
	err = dispatch(s, m);
	if (err && err != EPIPE && send_reply(s, m, err, NULL, 0))
		err = EPIPE;
	return err == EPIPE ? -EPIPE : 0;
}

/* Everything the client has sent so far, in one read where it can: a VMM
 * that posts its writes sends several messages before it waits. */
static int serve_messages(struct vfu_server *s)
{
	struct rx_fds f = { .n = 0 };
	size_t off = 0, len;
	ssize_t n;
	int ret = 0;

	n = read_in(s, 0, VFU_RECV_BUF, MSG_DONTWAIT, &f);
	if (n == -EAGAIN || n == -EINTR) {
		close_fds(f.fd, &f.n);
		return 0;    /* woken for nothing */
	}
	if (n <= 0) {
		close_fds(f.fd, &f.n);
		return n ? (int)n : -ECONNRESET;
	}
	len = (size_t)n;
	while (off < len && !ret) {
		struct vfu_msg m = { .nfds = 0 };

		if (len - off < HDR) {
			ret = complete(s, &off, &len, HDR, &f);
			if (ret)
				break;
		}
		memcpy(&m.hdr, s->buf + off, HDR);
		if (m.hdr.msg_size < HDR || m.hdr.msg_size > VFU_MAX_MSG_SIZE) {
			send_reply(s, &m, EINVAL, NULL, 0);   /* then hang up: cannot resync */
			ret = -EMSGSIZE;
			break;
		}
		if (len - off < m.hdr.msg_size) {
			ret = complete(s, &off, &len, m.hdr.msg_size, &f);
			if (ret)
				break;
		}
		m.payload = s->buf + off + HDR;
		m.len = m.hdr.msg_size - HDR;
		if (f.n && f.mark <= off + m.hdr.msg_size) {
			memcpy(m.fds, f.fd, f.n * sizeof(int));
			m.nfds = f.n;
			f.n = 0;
		}
		ret = handle_one(s, &m);
		close_fds(m.fds, &m.nfds);    /* those the handler did not keep */
		off += m.hdr.msg_size;
	}
	close_fds(f.fd, &f.n);
	return ret;
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
	int ret;

	if (s->conn_fd < 0)
		return accept_client(s);
	ret = serve_messages(s);
	if (ret)
		vfu_server_disconnect(s);
	else
		vfu_server_flush_intx(s);
	return ret;
}
