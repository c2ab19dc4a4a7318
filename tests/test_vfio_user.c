// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The vfio-user server with the 21140A behind it, driven by a test VMM
 * (tests/vfu_client.c) over a real UNIX socket: negotiation, device,
 * region and IRQ information, config and BAR access, guest memory
 * shared by a sealed memfd, INTx through an eventfd, reset, and an
 * error reply for every malformed message; and who may attach (the
 * socket file's mode under any umask, the peer's credentials).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <criterion/criterion.h>
#include "tulip_vfu.h"
#include "vfu_client.h"

#define GPA 0x40000000ull
#define MEM_SIZE (1u << 20)

static struct {
	struct guest_mem mem;
	struct tulip *dev;
	struct vfu_server srv;
	pthread_t thread;
	atomic_bool stop;
	char path[64];
	int memfd;
	uint8_t *ram;
	struct vfu_client c;
	uint8_t wire[2048];
	atomic_size_t wire_len;
	atomic_int wire_count;
} T;

static void on_tx(void *opaque, const uint8_t *frame, size_t len)
{
	memcpy(T.wire, frame, len);
	T.wire_len = len;
	T.wire_count++;
}

static void on_irq(void *opaque, bool level)
{
	vfu_server_set_intx(&T.srv, level);
}

static void *serve(void *arg)
{
	while (!T.stop) {
		struct pollfd p = { .fd = vfu_server_fd(&T.srv), .events = POLLIN };

		if (poll(&p, 1, 20) > 0)
			vfu_server_handle(&T.srv);
	}
	return NULL;
}

static int sealed_memfd(size_t size, bool seal)
{
	int fd = memfd_create("vsw-test-guest", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, size), 0);
	if (seal)
		cr_assert_eq(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW), 0);
	return fd;
}

static void setup(void)
{
	static const struct tulip_ops ops = { .tx_frame = on_tx, .set_irq = on_irq };
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uint64_t sizes[VFU_PCI_NUM_REGIONS];

	memset(&T, 0, sizeof(T));
	guest_mem_init(&T.mem);
	T.dev = tulip_new(mac, &T.mem, &ops, NULL);
	cr_assert(T.dev);
	tulip_vfu_regions(sizes);
	snprintf(T.path, sizeof(T.path), "/tmp/vsw-test-vfu-%d.sock", getpid());
	cr_assert_eq(vfu_server_init(&T.srv, T.path, NULL, sizes, &T.mem, &tulip_vfu_ops, T.dev), 0);
	cr_assert_eq(pthread_create(&T.thread, NULL, serve, NULL), 0);
	T.memfd = sealed_memfd(MEM_SIZE, true);
	T.ram = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, T.memfd, 0);
	cr_assert(T.ram != MAP_FAILED);
	cr_assert_eq(vfuc_connect(&T.c, T.path), 0);
}

static void teardown(void)
{
	vfuc_close(&T.c);
	T.stop = true;
	pthread_join(T.thread, NULL);
	vfu_server_fini(&T.srv);
	tulip_free(T.dev);
	munmap(T.ram, MEM_SIZE);
	close(T.memfd);
	cr_assert_neq(access(T.path, F_OK), 0, "socket file removed");
}

TestSuite(vfio_user, .init = setup, .fini = teardown, .timeout = 20);

static uint32_t rd(unsigned int region, uint64_t off, unsigned int count)
{
	uint32_t v = 0xdeadbeef;

	cr_assert_eq(vfuc_read(&T.c, region, off, count, &v), 0, "read %u:%#llx", region,
		     (unsigned long long)off);
	return v;
}

static void wr(unsigned int region, uint64_t off, unsigned int count, uint32_t v)
{
	cr_assert_eq(vfuc_write(&T.c, region, off, count, v), 0);
}

Test(vfio_user, version_then_device_info)
{
	uint32_t info[4] = { 16 }, reg[8] = { 0 }, irq[4];
	size_t n;

	cr_assert_eq(vfuc_read(&T.c, VFU_PCI_CONFIG, 0, 4, &(uint32_t){ 0 }), EINVAL,
		     "nothing before VERSION");
	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(vfuc_version(&T.c), EINVAL, "VERSION once");
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_INFO, info, 4, NULL, 0, info,
			       sizeof(info), &n), 0);
	cr_assert_eq(n, 16);
	cr_assert_eq(info[1], 3, "PCI | RESET");
	cr_assert_eq(info[2], 9, "regions");
	cr_assert_eq(info[3], 5, "irqs");
	static const uint64_t want[9] = { 128, 128, 0, 0, 0, 0, 0, 256, 0 };
	for (uint32_t i = 0; i < 9; i++) {
		uint64_t size;

		memset(reg, 0, sizeof(reg));
		reg[0] = 32;
		reg[2] = i;
		cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_REGION_INFO, reg, 32, NULL, 0, reg,
				       sizeof(reg), &n), 0);
		memcpy(&size, &reg[4], 8);
		cr_assert_eq(size, want[i], "region %u size", i);
		cr_assert_eq(reg[1] & 3, want[i] ? 3 : 0, "region %u read/write", i);
	}
	reg[0] = 32;
	reg[2] = 9;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_REGION_INFO, reg, 32, NULL, 0, NULL, 0,
			       NULL), EINVAL);
	uint32_t iq[4] = { 16, 0, VFU_PCI_INTX, 0 };
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_IRQ_INFO, iq, 16, NULL, 0, irq,
			       sizeof(irq), &n), 0);
	cr_assert_eq(irq[3], 1, "one INTx");
	cr_assert_eq(irq[1], 7, "eventfd, maskable, automasked");
	iq[2] = VFU_PCI_MSI;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_IRQ_INFO, iq, 16, NULL, 0, irq,
			       sizeof(irq), &n), 0);
	cr_assert_eq(irq[3], 0, "no MSI on a 21140A");
}

Test(vfio_user, config_space_and_csrs)
{
	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 0, 4), 0x00091011);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 2, 2), 0x0009);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 0x0B, 1), 0x02);
	wr(VFU_PCI_CONFIG, 0x10, 4, 0xFFFFFFFF);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 0x10, 4), 0xFFFFFF81);
	wr(VFU_PCI_CONFIG, 0x04, 2, 0x0007);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 0x04, 2), 0x0007);
	/* CSR3 through the memory BAR, read back through the I/O BAR */
	wr(1, 0x18, 4, 0x00123450);
	cr_assert_eq(rd(0, 0x18, 4), 0x00123450);
	cr_assert_eq(rd(1, 0x00, 4), 0xFE000000);
	/* an 8-byte access is two CSR-sized halves */
	struct vfu_region_access a8 = { .offset = 0x18, .region = 1, .count = 8 };
	uint8_t r8[24];
	size_t n8;
	uint32_t v, halves[2];
	wr(1, 0x20, 4, 0x00ABCD00);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_READ, &a8, sizeof(a8), NULL, 0, r8, sizeof(r8),
			       &n8), 0);
	cr_assert_eq(n8, 24);
	memcpy(halves, r8 + 16, 8);
	cr_assert_eq(halves[0], 0x00123450, "CSR3 in the low half");
	cr_assert_eq(halves[1], 0, "offset 0x1C is reserved");
	/* the whole config space in one read, as a VMM does at start-up;
	 * with firmware's cache line (8) and latency timer (0x80) it is the
	 * reference dump of a real 21140A, rev 0x22 */
	wr(VFU_PCI_CONFIG, 0x0C, 2, 0x8008);
	struct vfu_region_access all = { .offset = 0, .region = VFU_PCI_CONFIG, .count = 256 };
	uint8_t cfg[16 + 256];
	size_t ncfg;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_READ, &all, sizeof(all), NULL, 0, cfg,
			       sizeof(cfg), &ncfg), 0);
	cr_assert_eq(ncfg, 16 + 256);
	static const uint8_t head[16] = { 0x11, 0x10, 0x09, 0x00, 0x07, 0x00, 0x80, 0x02,
					  0x22, 0x00, 0x00, 0x02, 0x08, 0x80, 0x00, 0x00 };
	cr_assert_arr_eq(cfg + 16, head, 16, "the reference 21140A's first 16 bytes");
	cr_assert_eq(cfg[16 + 0x3D], 1, "INTA#");
	/* an odd length at an odd offset: 1 + 2 bytes */
	all = (struct vfu_region_access){ .offset = 1, .region = VFU_PCI_CONFIG, .count = 3 };
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_READ, &all, sizeof(all), NULL, 0, cfg,
			       sizeof(cfg), &ncfg), 0);
	cr_assert_eq(cfg[16] | cfg[17] << 8 | cfg[18] << 16, 0x000910, "bytes 1..3");
	/* outside a region, empty or too long, absent regions */
	cr_assert_eq(vfuc_read(&T.c, VFU_PCI_CONFIG, 254, 4, &v), EINVAL);
	cr_assert_eq(vfuc_read(&T.c, VFU_PCI_CONFIG, 256, 1, &v), EINVAL);
	cr_assert_eq(vfuc_read(&T.c, 1, 0, 0, &v), EINVAL);
	all = (struct vfu_region_access){ .offset = 0, .region = VFU_PCI_CONFIG, .count = 5000 };
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_READ, &all, sizeof(all), NULL, 0, NULL, 0, NULL),
		     EINVAL);
	cr_assert_eq(vfuc_read(&T.c, 2, 0, 4, &v), EINVAL);
	cr_assert_eq(vfuc_read(&T.c, 9, 0, 4, &v), EINVAL);
	cr_assert_eq(vfuc_write(&T.c, 1, 128, 4, 0), EINVAL);
	cr_assert_eq(vfuc_reset(&T.c), 0);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 0x04, 2), 0, "reset: command register cleared");
	cr_assert_eq(rd(1, 0x18, 4), 0, "reset: CSR3 cleared");
}

Test(vfio_user, malformed_messages_get_error_replies)
{
	uint8_t junk[64] = { 0 };
	uint32_t v;

	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(vfuc_call(&T.c, 99, NULL, 0, NULL, 0, NULL, 0, NULL), ENOSYS);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DMA_READ, junk, 24, NULL, 0, NULL, 0, NULL), ENOSYS);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_INFO, junk, 2, NULL, 0, NULL, 0, NULL), EINVAL);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_INFO, junk, 4, NULL, 0, NULL, 0, NULL), EINVAL,
		     "argsz 0");
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_READ, junk, 15, NULL, 0, NULL, 0, NULL), EINVAL);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_WRITE, junk, 17, NULL, 0, NULL, 0, NULL), EINVAL,
		     "count 0 with a data byte");
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_RESET, junk, 4, NULL, 0, NULL, 0, NULL), EINVAL);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_SET_IRQS, junk, 20, NULL, 0, NULL, 0, NULL), EINVAL);
	uint32_t bad_irq[5] = { 20, 4 | 2 | 32, 0, 0, 1 };  /* two data types */
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_SET_IRQS, bad_irq, 20, NULL, 0, NULL, 0, NULL),
		     EINVAL);
	uint32_t efd_missing[5] = { 20, 4 | 32, 0, 0, 1 };
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_SET_IRQS, efd_missing, 20, NULL, 0, NULL, 0,
			       NULL), EINVAL, "eventfd promised, none passed");
	int fd = eventfd(0, EFD_CLOEXEC);
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_DEVICE_GET_INFO, (uint32_t[]){ 16 }, 4, &fd, 1, NULL, 0,
			       NULL), EINVAL, "an fd where none belongs");
	close(fd);
	/* the connection is still good */
	cr_assert_eq(vfuc_read(&T.c, VFU_PCI_CONFIG, 0, 2, &v), 0);
	cr_assert_eq(v, 0x1011);

	/* a header claiming less than itself: error reply, then hang-up */
	struct vfu_header h = { .msg_id = 7, .cmd = VFU_CMD_DEVICE_GET_INFO, .msg_size = 8 };
	struct vfu_header r;
	cr_assert_eq(send(T.c.fd, &h, sizeof(h), 0), sizeof(h));
	cr_assert_eq(recv(T.c.fd, &r, sizeof(r), MSG_WAITALL), sizeof(r));
	cr_assert(r.flags & VFU_FLAG_ERROR);
	cr_assert_eq(r.error_no, EINVAL);
	cr_assert_eq(recv(T.c.fd, &r, sizeof(r), 0), 0, "closed");
	/* and a new VMM can connect */
	vfuc_close(&T.c);
	cr_assert_eq(vfuc_connect(&T.c, T.path), 0);
	cr_assert_eq(vfuc_version(&T.c), 0);
}

Test(vfio_user, dma_map_rules)
{
	int loose = sealed_memfd(4096, false);

	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(vfuc_dma_map(&T.c, loose, 0, GPA, 4096, 3), EPERM, "not sealed against shrinking");
	/* without an fd: accepted (a VMM maps its ROMs so), never reachable */
	cr_assert_eq(vfuc_dma_map(&T.c, -1, 0, GPA + 0x10000000, 4096, 1), 0);
	cr_assert_eq(T.mem.n, 0, "nothing the device could reach");
	cr_assert_eq(vfuc_dma_unmap(&T.c, GPA + 0x10000000, 4096), 0);
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 0, GPA, MEM_SIZE + 4096, 3), EINVAL, "past the file");
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 4096, GPA, MEM_SIZE, 3), EINVAL, "offset + size past it");
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 0, GPA, 0, 3), EINVAL, "empty");
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 0, ~0ull - 100, 4096, 3), EINVAL, "wraps");
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 0, GPA, MEM_SIZE / 2, 3), 0);
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 4096, GPA + 4096, 4096, 3), EEXIST, "overlap");
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, MEM_SIZE / 2 + 100, GPA + MEM_SIZE, 4096, 3), 0,
		     "an offset that is not page-aligned");
	cr_assert_eq(T.mem.n, 2);
	/* the unaligned mapping shows the file's bytes from offset MEM_SIZE/2 + 100 */
	T.ram[MEM_SIZE / 2 + 100] = 0x5A;
	cr_assert_eq(*(uint8_t *)guest_mem_ptr(&T.mem, GPA + MEM_SIZE, 1, false), 0x5A);
	cr_assert_eq(vfuc_dma_unmap(&T.c, GPA, 4096), ENOENT, "only whole mappings");
	cr_assert_eq(vfuc_dma_unmap(&T.c, GPA, MEM_SIZE / 2), 0);
	cr_assert_eq(T.mem.n, 1);
	close(loose);
}

/* Guest memory through the server: what the device writes, the guest's
 * own mapping of the memfd shows. */
Test(vfio_user, guest_transmits_and_takes_interrupts)
{
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	uint64_t cnt;
	uint8_t frame[64];
	uint32_t tx = 0x1000, buf = 0x2000;

	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 0, GPA, MEM_SIZE, 3), 0);
	cr_assert_eq(vfuc_set_intx_eventfd(&T.c, efd), 0);
	wr(VFU_PCI_CONFIG, 0x04, 2, 0x0007);
	wr(1, 0x00, 4, 1);
	wr(1, 0x00, 4, 0x01A08000);
	for (int i = 0; i < 64; i++)
		frame[i] = (uint8_t)(0xA0 + i);
	memcpy(T.ram + buf, frame, 64);
	uint32_t d[4] = { 0x80000000, 0xE2000000 | 64, (uint32_t)GPA + buf, 0 }; /* IC FS LS TER */
	memcpy(T.ram + tx + 4, &d[1], 12);
	memcpy(T.ram + tx, &d[0], 4);
	wr(1, 0x20, 4, (uint32_t)GPA + tx);
	wr(1, 0x38, 4, 0x0001EBEF);
	cr_assert_eq(read(efd, &cnt, 8), -1, "no interrupt yet");
	wr(1, 0x30, 4, 0x020E2000);          /* ST: the frame goes */
	cr_assert_eq(T.wire_count, 1);
	cr_assert_eq(T.wire_len, 64);
	cr_assert_arr_eq(T.wire, frame, 64);
	uint32_t tdes0;
	memcpy(&tdes0, T.ram + tx, 4);
	cr_assert_eq(tdes0, 0, "TDES0 written back in the VMM's memory");
	cr_assert_eq(read(efd, &cnt, 8), 8, "INTx signalled");
	/* still asserted: automasked, nothing more until unmasked */
	uint32_t csr5 = rd(1, 0x28, 4);
	cr_assert(csr5 & 0x10000);
	cr_assert_eq(vfuc_unmask_intx(&T.c), 0);
	cr_assert_eq(read(efd, &cnt, 8), 8, "unmasked while the line is high: again");
	wr(1, 0x28, 4, csr5 & 0x1FFFF);      /* acknowledge: line low */
	cr_assert_eq(vfuc_unmask_intx(&T.c), 0);
	cr_assert_eq(read(efd, &cnt, 8), -1, "quiet after the acknowledgment");
	close(efd);
}

Test(vfio_user, disconnect_unmaps_and_resets)
{
	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(vfuc_dma_map(&T.c, T.memfd, 0, GPA, MEM_SIZE, 3), 0);
	wr(VFU_PCI_CONFIG, 0x04, 2, 0x0007);
	cr_assert_eq(T.mem.n, 1);
	vfuc_close(&T.c);
	for (int i = 0; i < 100 && (T.mem.n || vfu_server_connected(&T.srv)); i++)
		usleep(10000);
	cr_assert_eq(T.mem.n, 0, "guest memory unmapped");
	cr_assert_eq(vfuc_connect(&T.c, T.path), 0);
	cr_assert_eq(vfuc_version(&T.c), 0);
	cr_assert_eq(rd(VFU_PCI_CONFIG, 0x04, 2), 0, "the next VMM finds a reset device");
}

/* Several messages in one read: writes posted as QEMU posts them (no
 * reply), then a read, all sent at once. The read sees the writes and
 * gets the only reply. */
Test(vfio_user, posted_writes_and_one_read_for_many_messages)
{
	struct __attribute__((packed)) {
		struct vfu_header h;
		struct vfu_region_access a;
		uint32_t v;
	} w1 = { { 1, VFU_CMD_REGION_WRITE, sizeof(w1), VFU_FLAG_NO_REPLY, 0 }, { 0x38, 1, 4 }, 0x0001EBEF },
	  w2 = { { 2, VFU_CMD_REGION_WRITE, sizeof(w2), VFU_FLAG_NO_REPLY, 0 }, { 0x18, 1, 4 }, 0x1230 };
	struct __attribute__((packed)) {
		struct vfu_header h;
		struct vfu_region_access a;
	} r1 = { { 3, VFU_CMD_REGION_READ, sizeof(r1), 0, 0 }, { 0x38, 1, 4 } };
	uint8_t burst[sizeof(w1) + sizeof(w2) + sizeof(r1)];
	struct vfu_header rh;
	uint32_t v;

	cr_assert_eq(vfuc_version(&T.c), 0);
	memcpy(burst, &w1, sizeof(w1));
	memcpy(burst + sizeof(w1), &w2, sizeof(w2));
	memcpy(burst + sizeof(w1) + sizeof(w2), &r1, sizeof(r1));
	cr_assert_eq(send(T.c.fd, burst, sizeof(burst), 0), (ssize_t)sizeof(burst));
	cr_assert_eq(recv(T.c.fd, &rh, sizeof(rh), MSG_WAITALL), sizeof(rh));
	cr_assert_eq(rh.msg_id, 3, "the read's reply comes first: the writes have none");
	cr_assert_eq(rh.msg_size, sizeof(rh) + sizeof(r1.a) + 4);
	uint8_t body[sizeof(r1.a) + 4];
	cr_assert_eq(recv(T.c.fd, body, sizeof(body), MSG_WAITALL), sizeof(body));
	memcpy(&v, body + sizeof(r1.a), 4);
	cr_assert_eq(v & 0x1FFFF, 0x0001ABEF, "CSR7 as the posted write left it");
	cr_assert_eq(rd(1, 0x18, 4), 0x1230, "CSR3 too");

	/* the library's posted write, then a read: one round trip */
	cr_assert_eq(vfuc_write_posted(&T.c, 1, 0x38, 4, 0), 0);
	cr_assert_eq(rd(1, 0x38, 4) & 0x1FFFF, 0);
	cr_assert_eq(recv(T.c.fd, &rh, sizeof(rh), MSG_DONTWAIT), -1, "nothing else was answered");
	cr_assert_eq(errno, EAGAIN);

	/* a message split over two sends, the rest late: completed */
	cr_assert_eq(send(T.c.fd, &r1, 10, 0), 10);
	usleep(50000);
	cr_assert_eq(send(T.c.fd, (uint8_t *)&r1 + 10, sizeof(r1) - 10, 0), (ssize_t)(sizeof(r1) - 10));
	cr_assert_eq(recv(T.c.fd, &rh, sizeof(rh), MSG_WAITALL), sizeof(rh));
	cr_assert_eq(rh.msg_id, 3);
	cr_assert_eq(recv(T.c.fd, body, sizeof(body), MSG_WAITALL), sizeof(body));
}

/* File descriptors belong to the message they were sent with, wherever
 * it falls in what the server reads at once. */
Test(vfio_user, fds_go_with_their_message_in_a_burst)
{
	struct __attribute__((packed)) {
		struct vfu_header h;
		struct vfu_region_access a;
		uint32_t v;
	} w = { { 1, VFU_CMD_REGION_WRITE, sizeof(w), VFU_FLAG_NO_REPLY, 0 }, { 0x38, 1, 4 }, 0x41 };
	struct __attribute__((packed)) {
		struct vfu_header h;
		struct vfu_dma_map m;
	} map = { { 2, VFU_CMD_DMA_MAP, sizeof(map), 0, 0 },
		  { sizeof(struct vfu_dma_map), 3, 0, GPA, MEM_SIZE / 2 } };
	uint8_t burst[sizeof(w) + sizeof(map)];
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { burst, sizeof(burst) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	struct vfu_header rh;

	cr_assert_eq(vfuc_version(&T.c), 0);
	/* one send: a posted write, then the map the fd is for */
	memcpy(burst, &w, sizeof(w));
	memcpy(burst + sizeof(w), &map, sizeof(map));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &T.memfd, sizeof(int));
	cr_assert_eq(sendmsg(T.c.fd, &mh, 0), (ssize_t)sizeof(burst));
	cr_assert_eq(recv(T.c.fd, &rh, sizeof(rh), MSG_WAITALL), sizeof(rh));
	cr_assert_eq(rh.msg_id, 2);
	cr_assert_eq(rh.flags & VFU_FLAG_ERROR, 0, "the map found its fd: error %u", rh.error_no);
	cr_assert_eq(T.mem.n, 1);
	cr_assert_eq(rd(1, 0x38, 4) & 0x1FFFF, 0x41);

	/* two sends back to back: the map with its fd, then a posted write */
	map.m.addr = GPA + MEM_SIZE;
	map.m.offset = MEM_SIZE / 2;
	iov = (struct iovec){ &map, sizeof(map) };
	cr_assert_eq(sendmsg(T.c.fd, &mh, 0), (ssize_t)sizeof(map));
	w.v = 0x40;
	cr_assert_eq(send(T.c.fd, &w, sizeof(w), 0), (ssize_t)sizeof(w));
	cr_assert_eq(recv(T.c.fd, &rh, sizeof(rh), MSG_WAITALL), sizeof(rh));
	cr_assert_eq(rh.flags & VFU_FLAG_ERROR, 0, "error %u", rh.error_no);
	cr_assert_eq(T.mem.n, 2);
	cr_assert_eq(rd(1, 0x38, 4) & 0x1FFFF, 0x40);
}

/* REGION_WRITE_MULTI: offered only to a client that offers it; applies
 * its writes in order; a bad entry refuses them all. */
Test(vfio_user, write_multi)
{
	char caps[256];
	struct __attribute__((packed)) {
		uint64_t cnt;
		struct vfu_write_one w[3];
	} m = { 3, { { 0x18, 1, 4, { 0x00, 0x20 } },
		     { 0x20, 1, 4, { 0x00, 0x30 } },
		     { 0x38, 1, 4, { 0x45 } } } };
	uint64_t done = 0;
	size_t n;

	cr_assert_eq(vfuc_negotiate(&T.c, "{\"capabilities\":{\"max_msg_fds\":8}}", caps,
				    sizeof(caps)), 0);
	cr_assert_null(strstr(caps, "write_multiple"), "not offered, not granted: %s", caps);
	vfuc_close(&T.c);
	cr_assert_eq(vfuc_connect(&T.c, T.path), 0);
	cr_assert_eq(vfuc_negotiate(&T.c, "{\"capabilities\": {\"max_msg_fds\": 16, "
				    "\"write_multiple\": true}}", caps, sizeof(caps)), 0);
	cr_assert_not_null(strstr(caps, "\"write_multiple\":true"), "%s", caps);

	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_WRITE_MULTI, &m, sizeof(m), NULL, 0, &done,
			       sizeof(done), &n), 0);
	cr_assert_eq(n, 8);
	cr_assert_eq(done, 3);
	cr_assert_eq(rd(1, 0x18, 4), 0x2000);
	cr_assert_eq(rd(1, 0x20, 4), 0x3000);
	cr_assert_eq(rd(1, 0x38, 4) & 0x1FFFF, 0x45);

	/* refused as a whole: a count past 8, an absent region, a wrong size */
	m.w[0].data[1] = 0x40;
	m.w[2].count = 9;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_WRITE_MULTI, &m, sizeof(m), NULL, 0, NULL, 0,
			       NULL), EINVAL);
	m.w[2].count = 4;
	m.w[2].region = 2;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_WRITE_MULTI, &m, sizeof(m), NULL, 0, NULL, 0,
			       NULL), EINVAL);
	m.w[2].region = 1;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_WRITE_MULTI, &m, sizeof(m) - 1, NULL, 0, NULL,
			       0, NULL), EINVAL);
	m.cnt = 0;
	cr_assert_eq(vfuc_call(&T.c, VFU_CMD_REGION_WRITE_MULTI, &m, 8, NULL, 0, NULL, 0, NULL),
		     EINVAL);
	cr_assert_eq(rd(1, 0x18, 4), 0x2000, "nothing of a refused message was done");
}

/* ---- who may attach: the socket file's mode and owner, the peer ---- */

static struct vfu_server A;
static char apath[64];

static int listen_as(const struct vfu_access *acc)
{
	static const struct tulip_ops ops = { .tx_frame = on_tx, .set_irq = on_irq };
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
	uint64_t sizes[VFU_PCI_NUM_REGIONS];

	if (!T.dev) {
		guest_mem_init(&T.mem);
		T.dev = tulip_new(mac, &T.mem, &ops, NULL);
		cr_assert(T.dev);
	}
	tulip_vfu_regions(sizes);
	snprintf(apath, sizeof(apath), "/tmp/vsw-test-vfu-acc-%d.sock", getpid());
	return vfu_server_init(&A, apath, acc, sizes, &T.mem, &tulip_vfu_ops, T.dev);
}

static void expect_file(mode_t mode, uid_t uid, gid_t gid)
{
	struct stat st;

	cr_assert_eq(stat(apath, &st), 0, "stat %s: %s", apath, strerror(errno));
	cr_assert(S_ISSOCK(st.st_mode));
	cr_assert_eq(st.st_mode & 07777, mode, "mode %04o, want %04o", st.st_mode & 07777, mode);
	cr_assert_eq(st.st_uid, uid, "owner %u, want %u", st.st_uid, uid);
	cr_assert_eq(st.st_gid, gid, "group %u, want %u", st.st_gid, gid);
}

Test(vfio_user_access, the_socket_has_its_mode_whatever_the_umask)
{
	const struct vfu_access shared = { 65534, 65534, 0660 };
	mode_t old = umask(0);

	cr_assert_eq(listen_as(NULL), 0);
	expect_file(0600, 0, 0); /* not 0777, as umask 000 would give */
	vfu_server_fini(&A);
	cr_assert_eq(listen_as(&shared), 0);
	expect_file(0660, 65534, 65534);
	vfu_server_fini(&A);
	umask(077); /* and a strict umask takes nothing from it */
	cr_assert_eq(listen_as(&shared), 0);
	expect_file(0660, 65534, 65534);
	vfu_server_fini(&A);
	umask(old);
	cr_assert_eq(listen_as(&(struct vfu_access){ (uid_t)-1, (gid_t)-1, 04755 }), -EINVAL,
		     "more than permission bits");
}

/* Connect from a child running as uid/gid (no supplementary groups);
 * returns what the server's accept made of it. The child reports on
 * exit whether the server kept it (a message answered) or hung up. */
static int attach_as(uid_t uid, gid_t gid, bool *kept)
{
	int ret, status;
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		char b;

		strcpy(sa.sun_path, apath);
		if (setgroups(0, NULL) || setgid(gid) || setuid(uid) ||
		    connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			_exit(2);
		/* kept: nothing to read, so poll times out; refused: EOF */
		struct pollfd p = { .fd = fd, .events = POLLIN };
		_exit(poll(&p, 1, 500) == 0 ? 0 : read(fd, &b, 1) == 0 ? 1 : 3);
	}
	struct pollfd p = { .fd = vfu_server_fd(&A), .events = POLLIN };
	cr_assert_eq(poll(&p, 1, 2000), 1, "the child connects");
	ret = vfu_server_handle(&A);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) <= 1, "child: status %#x", status);
	*kept = WEXITSTATUS(status) == 0;
	return ret;
}

Test(vfio_user_access, only_root_the_owner_and_the_group_attach)
{
	/* mode 0666: the file lets anyone connect; accept checks the peer */
	const struct vfu_access acc = { 1234, 4321, 0666 };
	bool kept;

	cr_assert_eq(listen_as(&acc), 0);
	cr_assert_eq(attach_as(65534, 65534, &kept), -EACCES, "nobody is refused");
	cr_assert_not(kept, "and hung up on");
	cr_assert_eq(A.stats.refused, 1);
	cr_assert_eq(A.refused.uid, 65534);
	cr_assert_eq(A.refused.gid, 65534);
	cr_assert_not(vfu_server_connected(&A));

	cr_assert_eq(attach_as(1234, 65534, &kept), 0, "the owner attaches");
	cr_assert(kept && vfu_server_connected(&A));
	vfu_server_disconnect(&A);
	cr_assert_eq(attach_as(65534, 4321, &kept), 0, "a member of the group attaches");
	cr_assert(kept && vfu_server_connected(&A));
	vfu_server_disconnect(&A);
	cr_assert_eq(attach_as(0, 0, &kept), 0, "root attaches");
	cr_assert(kept);
	cr_assert_eq(A.stats.refused, 1);
	vfu_server_fini(&A);
}

/*
 * A VMM killed with messages of ours unread: the server's next recvmsg
 * fails with ECONNRESET. It must then not read its control buffer,
 * which the kernel left untouched: here the stack under it holds what
 * looks like an SCM_RIGHTS message of a huge length (at either 8-byte
 * phase), as it may after deep calls. vswd died of this (the soak's
 * faults scenario), after closing fds that the garbage named.
 */
static __attribute__((noinline)) uint64_t scribble_stack(void)
{
	volatile uint64_t junk[4096];

	for (size_t i = 0; i < 4096; i++)
		junk[i] = 0x0000000100000001ull; /* cmsg_len 2^32+1, SOL_SOCKET, SCM_RIGHTS */
	return junk[4095];
}

static __attribute__((noinline)) int handle_on_dirty_stack(struct vfu_server *s)
{
	if (scribble_stack() != 0x0000000100000001ull)
		return -EINVAL;
	return vfu_server_handle(s);
}

Test(vfio_user_reset, a_vmm_gone_with_replies_unread_is_a_clean_disconnect)
{
	static const struct tulip_ops ops = { .tx_frame = on_tx, .set_irq = on_irq };
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uint64_t sizes[VFU_PCI_NUM_REGIONS];
	struct guest_mem mem;
	struct vfu_server srv = { .listen_fd = -1, .conn_fd = -1, .intx_fd = -1 };
	struct tulip *dev;
	char path[64];
	int sv[2], ret;

	guest_mem_init(&mem);
	dev = tulip_new(mac, &mem, &ops, NULL);
	cr_assert(dev);
	tulip_vfu_regions(sizes);
	snprintf(path, sizeof(path), "/tmp/vsw-test-vfu-reset-%d.sock", getpid());
	cr_assert_eq(vfu_server_init(&srv, path, NULL, sizes, &mem, &tulip_vfu_ops, dev), 0);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	cr_assert_eq(vfu_server_attach(&srv, sv[0]), 0);
	cr_assert_eq(send(sv[0], "reply", 5, 0), 5, "what the VMM never reads");
	close(sv[1]);
	ret = handle_on_dirty_stack(&srv);
	cr_expect_eq(ret, -ECONNRESET, "handle: %d", ret);
	cr_expect_not(vfu_server_connected(&srv), "still attached to a VMM that is gone");
	cr_expect_geq(fcntl(0, F_GETFD), 0, "fd 0 closed");
	cr_expect_geq(fcntl(1, F_GETFD), 0, "fd 1 closed");
	vfu_server_fini(&srv);
	tulip_free(dev);
}
