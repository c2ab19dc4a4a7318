/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The server side of vfio-user (protocol 0.1, the libvfio-user project's
 * docs/vfio-user.rst) for one PCI device: a VMM connects to a UNIX
 * socket, negotiates the version, maps its guest memory (file
 * descriptors passed with SCM_RIGHTS, mmapped here and added to a
 * guest_mem), asks for device/region/IRQ information, reads and writes
 * config space and BARs, gives an eventfd for INTx, resets the device.
 *
 * Strict: every message is checked for size and contents, and a
 * malformed one gets an error reply; a header that cannot be trusted
 * (size below 16 or above the limit) ends the connection. One client at
 * a time. Not thread-safe: the owner's thread runs it and the device.
 */
#ifndef VSW_VFIO_USER_H
#define VSW_VFIO_USER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "guest_mem.h"

#define VFU_VERSION_MAJOR 0
#define VFU_VERSION_MINOR 1
/* Region accesses carry at most VFU_MAX_DATA_XFER bytes (a VMM reads a
 * whole config space at once); no message may exceed VFU_MAX_MSG_SIZE. */
#define VFU_MAX_DATA_XFER 4096u
#define VFU_MAX_MSG_SIZE 8192u
#define VFU_MAX_FDS 8

/* commands */
enum {
	VFU_CMD_VERSION = 1,
	VFU_CMD_DMA_MAP = 2,
	VFU_CMD_DMA_UNMAP = 3,
	VFU_CMD_DEVICE_GET_INFO = 4,
	VFU_CMD_DEVICE_GET_REGION_INFO = 5,
	VFU_CMD_DEVICE_GET_REGION_IO_FDS = 6,
	VFU_CMD_DEVICE_GET_IRQ_INFO = 7,
	VFU_CMD_DEVICE_SET_IRQS = 8,
	VFU_CMD_REGION_READ = 9,
	VFU_CMD_REGION_WRITE = 10,
	VFU_CMD_DMA_READ = 11,
	VFU_CMD_DMA_WRITE = 12,
	VFU_CMD_DEVICE_RESET = 13,
	VFU_CMD_REGION_WRITE_MULTI = 15,
};

/* header flags */
#define VFU_FLAG_TYPE_MASK 0xF
#define VFU_FLAG_COMMAND 0
#define VFU_FLAG_REPLY 1
#define VFU_FLAG_NO_REPLY (1u << 4)
#define VFU_FLAG_ERROR (1u << 5)

struct vfu_header {
	uint16_t msg_id;
	uint16_t cmd;
	uint32_t msg_size; /* header included */
	uint32_t flags;
	uint32_t error_no;
} __attribute__((packed));

/* The VFIO structures the messages carry (linux/vfio.h layouts). */
struct vfu_dma_map {
	uint32_t argsz, flags;
	uint64_t offset, addr, size;
} __attribute__((packed));
struct vfu_dma_unmap {
	uint32_t argsz, flags;
	uint64_t addr, size;
} __attribute__((packed));
struct vfu_region_access {
	uint64_t offset;
	uint32_t region, count;
} __attribute__((packed));

/* One write of REGION_WRITE_MULTI: wr_cnt (u64) of these follow the header. */
struct vfu_write_one {
	uint64_t offset;
	uint32_t region, count;   /* count at most 8 */
	uint8_t data[8];
} __attribute__((packed));
#define VFU_WRITE_MULTI_MAX 200

#define VFU_DMA_READ  1u
#define VFU_DMA_WRITE 2u

/* VFIO's region and IRQ indices for a PCI device */
#define VFU_PCI_BAR0 0
#define VFU_PCI_ROM 6
#define VFU_PCI_CONFIG 7
#define VFU_PCI_NUM_REGIONS 9
#define VFU_PCI_INTX 0
#define VFU_PCI_MSI 1
#define VFU_PCI_NUM_IRQS 5

/* What the server asks of the device behind it. */
struct vfu_device_ops {
	/* region: a VFU_PCI_* index with a nonzero size; off + count inside
	 * it; count 1, 2 or 4, naturally aligned (longer accesses arrive
	 * split into such pieces). */
	uint32_t (*read)(void *opaque, unsigned int region, uint64_t off, unsigned int count);
	void (*write)(void *opaque, unsigned int region, uint64_t off, unsigned int count,
		      uint32_t val);
	void (*reset)(void *opaque);
	/* The memory map is about to change (unmap, disconnect): the device
	 * must forget anything it holds from guest memory. May be NULL. */
	void (*mem_changing)(void *opaque);
};

struct vfu_map {
	uint64_t gpa, len;
	bool used;
	void *base;      /* what mmap returned; NULL: the VMM gave no fd */
	size_t map_len;  /* what mmap mapped */
};

/* Who may attach: the socket file's owner, group and mode, and the peers
 * accept() lets through (SO_PEERCRED): root, uid owner, members of group.
 * (uid_t)-1, (gid_t)-1: no such user or group; the file stays root's. */
struct vfu_access {
	uid_t owner;
	gid_t group;
	mode_t mode;     /* permission bits of the socket file, <= 0777 */
};

struct vfu_server {
	int listen_fd, conn_fd;
	char path[108];
	struct vfu_access access;
	uint64_t region_size[VFU_PCI_NUM_REGIONS];
	const struct vfu_device_ops *ops;
	void *opaque;
	struct guest_mem *mem;
	struct vfu_map maps[GUEST_MEM_MAX_REGIONS];
	bool negotiated;
	int intx_fd;     /* eventfd or -1 */
	bool intx_level, intx_masked;
	bool intx_due;   /* INTA# rose since the eventfd was last written */
	uint8_t *buf;    /* what one read brought: up to two messages' worth */
	struct {
		uint64_t messages, errors;
		uint64_t refused;        /* peers not let in */
	} stats;
	struct {
		pid_t pid;
		uid_t uid;
		gid_t gid;
	} refused;               /* the last of them */
};

/* Listen on path (an existing socket file there is replaced; NULL: no
 * listening socket, see vfu_server_attach), the file made with exactly
 * access's owner, group and mode whatever the umask (NULL: root's,
 * 0600). regions: VFU_PCI_NUM_REGIONS sizes (0: absent). Returns 0 or
 * -errno. */
int vfu_server_init(struct vfu_server *s, const char *path, const struct vfu_access *access,
		    const uint64_t *region_size, struct guest_mem *mem,
		    const struct vfu_device_ops *ops, void *opaque);

/* Serve a client already connected on fd (taken over; -EBUSY if one is). */
int vfu_server_attach(struct vfu_server *s, int fd);
void vfu_server_fini(struct vfu_server *s);

/* The fd to wait on: the connection's while a client is attached,
 * otherwise the listening socket's. */
int vfu_server_fd(const struct vfu_server *s);

/* That fd is readable: accept a client, or handle every message the
 * client has sent (one read for many, where they have arrived).
 * Returns 0, or -errno when the client went away or broke the protocol
 * (the connection is closed, its memory unmapped, the device reset). */
int vfu_server_handle(struct vfu_server *s);

bool vfu_server_connected(const struct vfu_server *s);

/* The device's INTA# level. A rising level is signalled on the INTx
 * eventfd (automasked until the client unmasks, as VFIO does for INTx)
 * at the next vfu_server_flush_intx(): the owner calls it after a unit
 * of device work (a batch of frames), so that the guest is interrupted
 * once for all of it; vfu_server_handle() and every reply do it too. */
void vfu_server_set_intx(struct vfu_server *s, bool level);
void vfu_server_flush_intx(struct vfu_server *s);

/* Drop the client (if any): unmap its memory, reset the device. */
void vfu_server_disconnect(struct vfu_server *s);

#endif /* VSW_VFIO_USER_H */
