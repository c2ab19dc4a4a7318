// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: the vfio-user server, with the 21140A behind it, fed
 * any byte stream by a VMM that first negotiated and mapped 64 KiB of
 * guest memory (a sealed memfd). Every message must get a reply or end
 * the connection; nothing may crash, hang or touch memory outside the
 * mapping (the bounds checks; AddressSanitizer watches the rest).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include "tulip_vfu.h"

#define GPA 0x10000u
#define MEM 0x10000u

static int memfd = -1;

static void on_tx(void *opaque, const uint8_t *frame, size_t len)
{
	if (!len || len > TULIP_TX_FRAME_MAX)
		abort();
}

static void on_irq(void *opaque, bool level)
{
	vfu_server_set_intx(opaque, level);
}

/* One message from the VMM side, with an optional fd. */
static void send_msg(int fd, uint16_t cmd, const void *p, size_t len, int pass_fd)
{
	struct vfu_header h = { .msg_id = 1, .cmd = cmd, .msg_size = (uint32_t)(sizeof(h) + len) };
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)p, len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };

	if (pass_fd >= 0) {
		struct cmsghdr *c;

		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	if (sendmsg(fd, &mh, 0) < 0)
		abort();
}

static void drain(int fd)
{
	char buf[4096];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct tulip_ops ops = { .tx_frame = on_tx, .set_irq = on_irq };
	struct vfu_dma_map map = { .argsz = sizeof(map), .flags = 3, .addr = GPA, .size = MEM };
	uint64_t regions[VFU_PCI_NUM_REGIONS];
	uint8_t version[4] = { 0, 0, 1, 0 };
	struct vfu_server *s = calloc(1, sizeof(*s));
	struct guest_mem mem;
	struct tulip *t;
	int sv[2], sndbuf = 1 << 20;

	if (memfd < 0) {
		memfd = memfd_create("fuzz-guest", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		if (memfd < 0 || ftruncate(memfd, MEM) ||
		    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW))
			abort();
	}
	if (!s || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		abort();
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	guest_mem_init(&mem);
	ops.set_irq = on_irq;
	t = tulip_new(mac, &mem, &ops, s);
	tulip_vfu_regions(regions);
	if (!t || vfu_server_init(s, NULL, NULL, regions, &mem, &tulip_vfu_ops, t) ||
	    vfu_server_attach(s, sv[1]))
		abort();
	fcntl(sv[1], F_SETFL, O_NONBLOCK);   /* everything is queued before it runs */

	send_msg(sv[0], VFU_CMD_VERSION, version, sizeof(version), -1);
	send_msg(sv[0], VFU_CMD_DMA_MAP, &map, sizeof(map), memfd);
	for (size_t off = 0; off < size;) {
		ssize_t n = send(sv[0], data + off, size - off, 0);

		if (n <= 0)
			abort();
		off += n;
	}
	shutdown(sv[0], SHUT_WR);
	for (int i = 0; i < 100000 && vfu_server_connected(s); i++) {
		if (vfu_server_handle(s) < 0)
			break;
		drain(sv[0]);
	}
	vfu_server_fini(s);
	if (mem.n)
		abort();   /* a disconnect unmaps everything */
	tulip_free(t);
	close(sv[0]);
	free(s);
	return 0;
}
