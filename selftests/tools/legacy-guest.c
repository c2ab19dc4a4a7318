// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * legacy-guest: a VMM and a guest in one process, for the legacy NIC's
 * selftest and benchmark. As the VMM it connects to a legacy NIC's
 * vfio-user socket, shares a sealed memfd as guest memory, takes INTx
 * through an eventfd and posts its register writes (no reply waited
 * for), as QEMU does; as the guest it drives the emulated 21140A the way
 * Linux's tulip driver does (SROM, MII, rings, setup frame, and its
 * interrupt handler and NAPI poll routine as Debian builds the driver,
 * register access for register access) and then:
 *
 *   legacy-guest SOCKET --ip A.B.C.D          answer ARP and ICMP echo;
 *        print "link up|down" when the PHY's link changes, "foreign DST"
 *        for any frame the filter should have kept away; stats on SIGTERM
 *   legacy-guest SOCKET --bench-rx SECONDS [--poll]
 *                                             count frames received, taking
 *        interrupts as the tulip driver does, or (--poll) with interrupts
 *        off, polling the ring as a DPDK-style driver would
 *   legacy-guest SOCKET --pxe [--dhcp-only] [--discovers N] [--src-mac MAC]
 *                                             boot from the network as a
 *        PXE ROM with iPXE's tulip driver does: that driver's probe, reset,
 *        setup frame, 4-entry receive ring polled with interrupts off, one
 *        transmit descriptor re-armed per frame; then DHCP and TFTP
 *        (pxe_client.c); "booted" at the end. --src-mac: send from another
 *        address than the ROM's (a spoofing client)
 *   legacy-guest SOCKET --bench-tx COUNT --size N --dst MAC [--kick-each]
 *                                             send COUNT frames of N bytes,
 *        one CSR1 write per ring's worth, or (--kick-each) per frame as
 *        Linux's tulip_start_xmit does
 *
 * Exit 0, or 1 with a message naming what failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <zlib.h>
#include "pxe_client.h"
#include "tulip_bitbang.h"
#include "vfu_client.h"

#define GPA 0x10000000u
#define MEM_SIZE (2u << 20)
#define NRX 512
#define NTX 256
#define RX_RING 0x0000u
#define TX_RING 0x2000u
#define SETUP_BUF 0x3000u
#define RX_BUFS 0x10000u     /* NRX x 1536: up to 0xD0000 */
#define TX_BUFS 0x100000u    /* NTX x 2048: up to 0x180000 */
#define RX_BUF_SIZE 1536
#define TX_BUF_SIZE 2048

#define OWN 0x80000000u

/* Linux's tulip for a 21140, NAPI build: the interrupt sources it enables,
 * those it leaves to the poll routine, the poll routine's weight. */
#define VALID_INTRS 0x0001EBEFu
#define RX_POLL_INT 0x000003C0u   /* RI, RU, RPS, RWT */
#define CSR5_RI 0x40u
#define CSR5_RU 0x80u
#define CSR5_GTE 0x800u
#define CSR5_FBE 0x2000u
#define CSR5_AIS 0x8000u
#define CSR5_NIS 0x10000u
#define NAPI_WEIGHT 16

struct guest {
	struct vfu_client c;
	int memfd, efd;
	uint8_t *ram;
	uint8_t mac[6];
	uint32_t ip;             /* network order */
	unsigned int cur_rx, cur_tx;
	bool link;
	bool polling;            /* the NAPI poll routine is scheduled */
	uint64_t rx, tx, tx_full, rx_errors, foreign, missed, irqs;
	uint64_t reads, read_ns;  /* register reads and the time they took */
};

static volatile sig_atomic_t stop;

static void die(const char *what, int err)
{
	fprintf(stderr, "legacy-guest: %s: %s\n", what, err > 0 ? strerror(err) :
		err < 0 ? strerror(-err) : "failed");
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* A read is a round trip to vswd and back: timed, for the benchmark. */
static uint32_t csr(struct guest *g, unsigned int n)
{
	uint64_t t0 = now_ns();
	uint32_t v;
	int err = vfuc_read(&g->c, 1, n * 8, 4, &v);

	if (err)
		die("CSR read", err);
	g->reads++;
	g->read_ns += now_ns() - t0;
	return v;
}

/* A write to a BAR is posted, as QEMU posts it: the guest goes on at
 * once, a later read does not pass it. */
static void csr_w(struct guest *g, unsigned int n, uint32_t v)
{
	int err = vfuc_write_posted(&g->c, 1, n * 8, 4, v);

	if (err)
		die("CSR write", err);
}

static uint32_t io_read(void *ctx, unsigned int n) { return csr(ctx, n); }
static void io_write(void *ctx, unsigned int n, uint32_t v) { csr_w(ctx, n, v); }

static uint32_t *desc(struct guest *g, uint32_t ring, unsigned int i)
{
	return (uint32_t *)(g->ram + ring + 16 * i);
}

/* The device runs on another thread: OWN is the hand-off, with ordering. */
static uint32_t status_load(uint32_t *d)
{
	return le32toh(__atomic_load_n(d, __ATOMIC_ACQUIRE));
}

static void status_store(uint32_t *d, uint32_t v)
{
	__atomic_store_n(d, htole32(v), __ATOMIC_RELEASE);
}

/* ---- bring-up, as tulip_init_one and tulip_up ---- */

static void attach(struct guest *g, const char *sock)
{
	int err;

	g->memfd = memfd_create("legacy-guest", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (g->memfd < 0 || ftruncate(g->memfd, MEM_SIZE) ||
	    fcntl(g->memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW))
		die("guest memory", errno);
	g->ram = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, g->memfd, 0);
	if (g->ram == MAP_FAILED)
		die("mmap", errno);
	err = vfuc_connect(&g->c, sock);
	if (err)
		die(sock, err);
	err = vfuc_version(&g->c) ?: vfuc_dma_map(&g->c, g->memfd, 0, GPA, MEM_SIZE, 3);
	if (err)
		die("vfio-user version / DMA map", err);
	g->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	err = vfuc_set_intx_eventfd(&g->c, g->efd);
	if (err)
		die("INTx eventfd", err);
}

static void probe(struct guest *g)
{
	struct csr_io io = { io_read, io_write, g };
	uint8_t ee[128];
	uint32_t v, raw;
	int err;

	err = vfuc_read(&g->c, 7, 0, 4, &v);
	if (err || v != 0x00091011)
		die("not a 21140 (config space)", err);
	err = vfuc_write(&g->c, 7, 4, 2, 0x0007);   /* I/O, memory, bus master */
	if (err)
		die("PCI command", err);
	(void)csr(g, 8);                              /* clear the missed counter */
	bb_srom_read(&io, 0xFF, 8, &raw);
	if ((raw >> 18) & 1)
		die("SROM size probe: not a 93C46", 0);
	for (unsigned int w = 0; w < 64; w++) {
		uint16_t x = bb_srom_read(&io, w, 6, NULL);

		ee[2 * w] = x & 0xff;
		ee[2 * w + 1] = x >> 8;
	}
	if ((uLong)(ee[126] | ee[127] << 8) != (crc32(0, ee, 126) & 0xFFFF))
		die("SROM checksum", 0);
	/* the address the Linux driver takes (byte-swapped if it starts
	 * a0:00, c0:00 or 02:00) */
	linux_station_address(ee, g->mac);
	v = bb_mdio_read(&io, 1, 1);
	if ((v & 0x8301) != 0x8001 && ((v & 0x8000) || !(v & 0x7800)))
		die("no MII PHY at address 1", 0);
	g->link = v & 4;
	printf("mac %02x:%02x:%02x:%02x:%02x:%02x bmsr %#06x\n", g->mac[0], g->mac[1],
	       g->mac[2], g->mac[3], g->mac[4], g->mac[5], v);
}

static void put_addr(uint8_t *entry, const uint8_t a[6])
{
	for (int k = 0; k < 3; k++) {
		entry[4 * k] = entry[4 * k + 2] = a[2 * k];
		entry[4 * k + 1] = entry[4 * k + 3] = a[2 * k + 1];
	}
}

static void up(struct guest *g)
{
	uint8_t *setup = g->ram + SETUP_BUF;
	uint32_t *d;

	for (unsigned int i = 0; i < NRX; i++) {
		d = desc(g, RX_RING, i);
		d[1] = htole32(RX_BUF_SIZE | (i == NRX - 1 ? 0x02000000 : 0));
		d[2] = htole32(GPA + RX_BUFS + RX_BUF_SIZE * i);
		d[3] = htole32(GPA + RX_RING + 16 * ((i + 1) % NRX));
		status_store(&d[0], OWN);
	}
	for (unsigned int i = 0; i < NTX; i++) {
		d = desc(g, TX_RING, i);
		d[3] = htole32(GPA + TX_RING + 16 * ((i + 1) % NTX));
		status_store(&d[0], 0);
	}
	csr_w(g, 6, 0x00040000);
	csr_w(g, 0, 0x00000001);
	csr_w(g, 0, 0x01A08000);
	csr_w(g, 3, GPA + RX_RING);
	csr_w(g, 4, GPA + TX_RING);
	/* the perfect filter: broadcast, and our own address in entry 15 */
	memset(setup, 0xff, 192);
	put_addr(setup + 12 * 15, g->mac);
	d = desc(g, TX_RING, 0);
	d[1] = htole32(0x080000C0);
	d[2] = htole32(GPA + SETUP_BUF);
	status_store(&d[0], OWN);
	g->cur_tx = 1;
	csr_w(g, 6, 0x020E0000 | 0x2000);
	/* the device takes it after answering the write, as a chip would */
	for (int i = 0; i < 1000 && (status_load(&d[0]) & OWN); i++)
		usleep(1000);
	if (status_load(&d[0]) & OWN)
		die("the setup frame was not taken", 0);
	csr_w(g, 5, 0x0001EBEF);
	csr_w(g, 7, 0x0001EBEF);
	csr_w(g, 6, 0x020E0000 | 0x2002);
	csr_w(g, 2, 0);
}

/* ---- frames ---- */

static bool xmit(struct guest *g, const uint8_t *frame, size_t len, bool kick)
{
	unsigned int e = g->cur_tx % NTX;
	uint32_t *d = desc(g, TX_RING, e);

	if (status_load(&d[0]) & OWN) {
		g->tx_full++;
		return false;
	}
	memcpy(g->ram + TX_BUFS + TX_BUF_SIZE * e, frame, len);
	d[1] = htole32((uint32_t)len | 0x60000000 | (e == NTX - 1 ? 0x02000000 : 0));
	d[2] = htole32(GPA + TX_BUFS + TX_BUF_SIZE * e);
	status_store(&d[0], OWN);
	g->cur_tx++;
	g->tx++;
	if (kick)
		csr_w(g, 1, 0);
	return true;
}

static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* ARP requests and ICMP echo requests for our address get answers. */
static void respond(struct guest *g, uint8_t *f, size_t len)
{
	uint8_t out[1514];
	uint16_t type = f[12] << 8 | f[13];

	if (len > sizeof(out))
		return;
	memcpy(out, f, len);
	memcpy(out, f + 6, 6);
	memcpy(out + 6, g->mac, 6);
	if (type == 0x0806 && len >= 42 && f[20] == 0 && f[21] == 1 && !memcmp(f + 38, &g->ip, 4)) {
		out[21] = 2;
		memcpy(out + 22, g->mac, 6);
		memcpy(out + 28, &g->ip, 4);
		memcpy(out + 32, f + 22, 6);
		memcpy(out + 38, f + 28, 4);
		xmit(g, out, 42, true);
	} else if (type == 0x0800 && len >= 34 && f[23] == 1 && !memcmp(f + 30, &g->ip, 4)) {
		size_t ihl = (f[14] & 15) * 4, ip_len = f[16] << 8 | f[17];
		uint8_t *icmp = out + 14 + ihl;
		uint16_t c;

		if (ip_len > len - 14 || 14 + ihl + 8 > len || f[14 + ihl] != 8)
			return;
		memcpy(out + 26, f + 30, 4);
		memcpy(out + 30, f + 26, 4);
		icmp[0] = 0;
		icmp[2] = icmp[3] = 0;
		c = csum(icmp, ip_len - ihl);
		icmp[2] = c >> 8;
		icmp[3] = c & 0xff;
		xmit(g, out, 14 + ip_len, true);
	}
}

/* Take the next frame if the device handed it back, and give the buffer
 * back. False when the device still owns the descriptor. */
static bool rx_one(struct guest *g, bool answer)
{
	uint32_t *d = desc(g, RX_RING, g->cur_rx % NRX);
	uint32_t s = status_load(&d[0]);
	uint8_t *buf = g->ram + RX_BUFS + RX_BUF_SIZE * (g->cur_rx % NRX);
	size_t len = ((s >> 16) & 0x7ff) - 4;

	if (s & OWN)
		return false;
	/* Linux's acceptance test */
	if ((s & (0x38000000 | 0x0002 | 0x0040 | 0x0800 | 0x4000 | 0x0300)) != 0x0300 ||
	    len > 1518) {
		g->rx_errors++;
	} else {
		g->rx++;
		if (!(buf[0] & 1) && memcmp(buf, g->mac, 6)) {
			g->foreign++;
			printf("foreign %02x:%02x:%02x:%02x:%02x:%02x\n", buf[0], buf[1],
			       buf[2], buf[3], buf[4], buf[5]);
		}
		if (answer)
			respond(g, buf, len);
	}
	status_store(&d[0], OWN);
	g->cur_rx++;
	return true;
}

/* Every frame the device handed back (the polled ring). */
static unsigned int rx_ring(struct guest *g, bool answer)
{
	unsigned int n = 0;

	while (rx_one(g, answer))
		n++;
	return n;
}

/* tulip_interrupt(), NAPI build: receive interrupts are masked and left
 * to the poll routine; the rest acknowledged and handled; the missed
 * frame counter read; then the VMM unmasks INTx (its end of interrupt). */
static void interrupt(struct guest *g)
{
	uint32_t csr5 = csr(g, 5);

	g->irqs++;
	if (csr5 & (CSR5_NIS | CSR5_AIS)) {
		for (int pass = 0; pass < 25; pass++) {
			if (!g->polling && (csr5 & (CSR5_RI | CSR5_RU))) {
				csr_w(g, 7, VALID_INTRS & ~RX_POLL_INT);
				g->polling = true;
				if (!(csr5 & ~(CSR5_AIS | CSR5_NIS | RX_POLL_INT | 0x10)))
					break;
			}
			csr_w(g, 5, csr5 & 0x0001FF3F);
			if (csr5 & CSR5_FBE)
				die("fatal bus error", 0);
			if (csr5 & CSR5_AIS)
				csr_w(g, 5, 0x0800F7BA);
			if (csr5 & CSR5_GTE)
				csr_w(g, 7, VALID_INTRS);
			csr5 = csr(g, 5);
			if (g->polling)
				csr5 &= ~RX_POLL_INT;
			/* TU TPS TI GTE RPS UNF TJT link-fail FBE */
			if (!(csr5 & 0x393F))
				break;
		}
		g->missed += csr(g, 8) & 0xFFFF;
	}
	vfuc_unmask_intx(&g->c);
}

/* tulip_poll(): acknowledge RI/RU, take frames until the weight is used
 * up (it takes one less, as Linux's does) or the ring is empty, and go on
 * while RI came back meanwhile; done, unmask the receive interrupts.
 * True when it completed, false when the weight ran out (Linux calls it
 * again without an interrupt). */
static bool napi_poll(struct guest *g, bool answer)
{
	unsigned int work = 0;

	do {
		(void)csr(g, 5);              /* "has the hardware disappeared?" */
		csr_w(g, 5, CSR5_RI | CSR5_RU);
		while (!(status_load(desc(g, RX_RING, g->cur_rx % NRX)) & OWN)) {
			if (++work >= NAPI_WEIGHT)
				return false;
			rx_one(g, answer);
		}
	} while (csr(g, 5) & CSR5_RI);
	g->polling = false;
	csr_w(g, 7, VALID_INTRS);
	return true;
}

static void poll_link(struct guest *g)
{
	struct csr_io io = { io_read, io_write, g };
	bool link = bb_mdio_read(&io, 1, 1) & 4;

	if (link != g->link)
		printf("link %s\n", link ? "up" : "down");
	g->link = link;
	fflush(stdout);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- a boot ROM: the chip as iPXE's tulip driver drives it ---- */

/* its own rings and buffers, above the Linux driver's */
#define IPXE_TX_RING 0x1C0000u   /* 2 descriptors */
#define IPXE_TXB 0x1C0100u
#define IPXE_RX_RING 0x1C0800u   /* 4 descriptors */
#define IPXE_RXB 0x1C1000u
#define IPXE_NRX 4
#define IPXE_BUFLEN 1536
#define IPXE_CSR0 0x01A08000u
#define IPXE_CSR6_MII 0x020E0000u

struct ipxe {
	struct guest *g;
	uint32_t csr6;
	unsigned int cur_rx;
};

static bool wait_own_clear(struct guest *g, uint32_t *d, int ms)
{
	for (int i = 0; i < ms * 10 && (status_load(d) & OWN); i++)
		usleep(100);
	return !(status_load(d) & OWN);
}

/* tulip_probe(): interrupts off, processes stopped, the missed counter
 * cleared, the serial ROM read whole, the station address (iPXE swaps
 * a0:00 and c0:00 addresses only), the MII PHYs found among all 32. */
static void ipxe_probe(struct guest *g)
{
	struct csr_io io = { io_read, io_write, g };
	uint8_t ee[128];
	uint32_t v, raw;
	int err, phys = 0;

	err = vfuc_read(&g->c, 7, 0, 4, &v);
	if (err || v != 0x00091011)
		die("not a 21140 (config space)", err);
	err = vfuc_write(&g->c, 7, 4, 2, 0x0005);   /* adjust_pci_device: I/O, master */
	if (err)
		die("PCI command", err);
	csr_w(g, 7, 0);
	csr_w(g, 6, csr(g, 6) & ~0x2002u);
	(void)csr(g, 8);
	if (csr(g, 5) == 0xFFFFFFFF)
		die("the chip is not functioning", 0);
	bb_srom_read(&io, 0xFF, 8, &raw);
	for (unsigned int w = 0; w < 64; w++) {
		uint16_t x = bb_srom_read(&io, w, (raw & 0x40000) ? 8 : 6, NULL);

		ee[2 * w] = x & 0xff;
		ee[2 * w + 1] = x >> 8;
	}
	srom_station_address(ee, g->mac, SWAP_IPXE);
	for (unsigned int phy = 0; phy < 32 && phys < 4; phy++) {
		int bmsr = bb_mdio_read(&io, phy, 1);

		if ((bmsr & 0x8301) == 0x8001 || (!(bmsr & 0x8000) && (bmsr & 0x7800))) {
			(void)bb_mdio_read(&io, phy, 0);
			(void)bb_mdio_read(&io, phy, 4);
			phys++;
			g->link = bmsr & 4;
		}
	}
	if (!phys)
		die("no MII PHY", 0);
	printf("mac %02x:%02x:%02x:%02x:%02x:%02x phys %d\n", g->mac[0], g->mac[1], g->mac[2],
	       g->mac[3], g->mac[4], g->mac[5], phys);
}

/* tulip_reset(): stop, port select, SWR, rings, the perfect-filter setup
 * frame (own address in entry 0, broadcast elsewhere) sent and waited
 * for, all multicast, then transmit and receive on. */
static void ipxe_reset(struct ipxe *x)
{
	struct guest *g = x->g;
	uint8_t *txb = g->ram + IPXE_TXB;
	uint32_t *d;

	csr_w(g, 6, csr(g, 6) & ~0x2002u);
	csr_w(g, 6, 0x814C0000);
	csr_w(g, 0, 0x00000001);
	csr_w(g, 0, IPXE_CSR0);
	x->cur_rx = 0;
	for (unsigned int i = 0; i < IPXE_NRX; i++) {
		d = desc(g, IPXE_RX_RING, i);
		d[1] = htole32(IPXE_BUFLEN | (i == IPXE_NRX - 1 ? 0x02000000 : 0));
		d[2] = htole32(GPA + IPXE_RXB + IPXE_BUFLEN * i);
		d[3] = htole32(GPA + IPXE_RX_RING + 16 * ((i + 1) % IPXE_NRX));
		status_store(&d[0], OWN);
	}
	for (unsigned int i = 0; i < 2; i++) {
		d = desc(g, IPXE_TX_RING, i);
		d[1] = htole32(i ? 0x02000000 | IPXE_BUFLEN : 0);
		d[2] = htole32(GPA + IPXE_TXB);
		d[3] = htole32(GPA + IPXE_TX_RING + 16 * (1 - i));
		status_store(&d[0], 0);
	}
	memset(txb, 0xFF, 192);
	txb[0] = g->mac[0], txb[1] = g->mac[1];
	txb[4] = g->mac[2], txb[5] = g->mac[3];
	txb[8] = g->mac[4], txb[9] = g->mac[5];
	d = desc(g, IPXE_TX_RING, 0);
	d[1] = htole32(0x08000000 | 192);
	status_store(&d[0], OWN);
	csr_w(g, 3, GPA + IPXE_RX_RING);
	csr_w(g, 4, GPA + IPXE_TX_RING);
	x->csr6 = IPXE_CSR6_MII;
	csr_w(g, 6, x->csr6 & ~0x2002u);
	csr_w(g, 6, x->csr6 | 0x2000);
	csr_w(g, 1, 0);
	if (!wait_own_clear(g, &d[0], 2000))
		die("the setup frame was not taken", 0);
	x->csr6 = (x->csr6 & ~0xD5u) | 0x80;           /* set_rx_mode: all multicast */
	csr_w(g, 6, (csr(g, 6) & ~0xD5u) | 0x80);
	csr_w(g, 6, x->csr6 | 0x2002);
}

/* tulip_transmit(): transmitter off, the one descriptor re-armed, the
 * list base written again, transmitter on, a poll demand, wait for the
 * chip to hand it back, transmitter off. */
static int ipxe_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct ipxe *x = ctx;
	struct guest *g = x->g;
	uint32_t *d = desc(g, IPXE_TX_RING, 0), csr6 = csr(g, 6);

	if (len > IPXE_BUFLEN)
		return -EMSGSIZE;
	csr_w(g, 6, csr6 & ~0x2000u);
	memcpy(g->ram + IPXE_TXB, frame, len);
	for (; len < 60; len++)
		g->ram[IPXE_TXB + len] = 0;
	d[1] = htole32(0x60000000 | (uint32_t)len);
	status_store(&d[0], OWN);
	csr_w(g, 4, GPA + IPXE_TX_RING);
	csr_w(g, 6, csr6 | 0x2000);
	csr_w(g, 1, 0);
	if (!wait_own_clear(g, &d[0], 2000))
		printf("tx timeout\n");
	csr_w(g, 6, csr6 & ~0x2000u);
	g->tx++;
	return 0;
}

/* tulip_poll(): the next descriptor handed back, if any; frames with an
 * error summary are thrown away. */
static size_t ipxe_poll(void *ctx, uint8_t *buf, size_t max)
{
	struct ipxe *x = ctx;
	struct guest *g = x->g;
	uint32_t *d = desc(g, IPXE_RX_RING, x->cur_rx);
	uint32_t s = status_load(&d[0]);
	size_t len = ((s >> 16) & 0x3FFF);

	if (s & OWN)
		return 0;
	len = len >= 4 ? len - 4 : 0;      /* the FCS */
	if ((s & 0x8000) || len > max)
		len = 0;
	else
		memcpy(buf, g->ram + IPXE_RXB + IPXE_BUFLEN * x->cur_rx, len);
	status_store(&d[0], OWN);
	x->cur_rx = (x->cur_rx + 1) % IPXE_NRX;
	if (len)
		g->rx++;
	return len;
}

static int pxe_main(struct guest *g, const struct pxe_opts *opts, const uint8_t *src_mac)
{
	struct ipxe x = { .g = g };
	struct pxe_nic nic = { .ctx = &x, .send = ipxe_send, .poll = ipxe_poll };
	struct pxe_result res;
	int err;

	ipxe_probe(g);
	ipxe_reset(&x);
	memcpy(nic.mac, src_mac ? src_mac : g->mac, 6);
	printf("ready\n");
	err = pxe_boot(&nic, opts, &res, stdout);
	printf("%s (offers %u, frames in %llu out %llu)\n", err ? "boot failed" : "booted",
	       res.offers, (unsigned long long)g->rx, (unsigned long long)g->tx);
	return err ? 1 : 0;
}

static bool wait_irq(struct guest *g, int ms)
{
	struct pollfd p = { .fd = g->efd, .events = POLLIN };
	uint64_t cnt;

	if (poll(&p, 1, ms) <= 0)
		return false;
	return read(g->efd, &cnt, sizeof(cnt)) == sizeof(cnt);
}

/* The guest's CPU for receiving: Linux's poll routine while it is
 * scheduled (softirq runs it again and again), else wait up to ms for
 * INTx and run the interrupt handler. */
static void run_rx(struct guest *g, bool answer, int ms)
{
	if (g->polling)
		napi_poll(g, answer);
	else if (wait_irq(g, ms))
		interrupt(g);
}

static void print_rx(struct guest *g, uint64_t frames, uint64_t msgs, double secs)
{
	printf("rx %llu frames in %.3f s: %.0f frames/s (errors %llu, foreign %llu, "
	       "vfio-user messages %llu, interrupts %llu, register reads %llu taking %.1f us each)\n",
	       (unsigned long long)frames, secs, frames / secs, (unsigned long long)g->rx_errors,
	       (unsigned long long)g->foreign, (unsigned long long)msgs,
	       (unsigned long long)g->irqs, (unsigned long long)g->reads,
	       g->reads ? g->read_ns / 1e3 / g->reads : 0.0);
}

static void on_signal(int sig) { stop = 1; }

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ip", required_argument, NULL, 'i' },
		{ "bench-rx", required_argument, NULL, 'r' },
		{ "bench-tx", required_argument, NULL, 't' },
		{ "size", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "poll", no_argument, NULL, 'p' },
		{ "kick-each", no_argument, NULL, 'k' },
		{ "pxe", no_argument, NULL, 'x' },
		{ "dhcp-only", no_argument, NULL, 'o' },
		{ "src-mac", required_argument, NULL, 'm' },
		{ "discovers", required_argument, NULL, 'D' },
		{},
	};
	struct guest g = { .efd = -1 };
	struct in_addr ip = { 0 };
	uint8_t dst[6] = { 0 };
	double bench_rx = 0, t0, t1 = 0;
	long bench_tx = 0, size = 64;
	uint64_t msgs;
	bool have_dst = false, poll_mode = false, kick_each = false;
	bool pxe = false, have_src = false;
	struct pxe_opts pxe_opts = { 0 };
	uint8_t src_mac[6];
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'i':
			if (!inet_aton(optarg, &ip))
				goto usage;
			break;
		case 'r':
			bench_rx = atof(optarg);
			break;
		case 't':
			bench_tx = atol(optarg);
			break;
		case 's':
			size = atol(optarg);
			break;
		case 'd':
			if (parse_mac(optarg, dst))
				goto usage;
			have_dst = true;
			break;
		case 'p':
			poll_mode = true;
			break;
		case 'k':
			kick_each = true;
			break;
		case 'x':
			pxe = true;
			break;
		case 'o':
			pxe_opts.dhcp_only = 1;
			break;
		case 'D':
			pxe_opts.discovers = (unsigned int)atoi(optarg);
			break;
		case 'm':
			if (parse_mac(optarg, src_mac))
				goto usage;
			have_src = true;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || size < 60 || size > 1514 || (bench_tx && !have_dst) ||
	    (!ip.s_addr && !bench_rx && !bench_tx && !pxe))
		goto usage;
	g.ip = ip.s_addr;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	attach(&g, argv[optind]);
	if (pxe)
		return pxe_main(&g, &pxe_opts, have_src ? src_mac : NULL);
	probe(&g);
	up(&g);
	printf("ready\n");

	if (bench_tx) {
		uint8_t f[1514] = { 0 };
		long sent = 0;

		memcpy(f, dst, 6);
		memcpy(f + 6, g.mac, 6);
		f[12] = 0x08;
		f[13] = 0x00;
		msgs = g.c.messages;
		t0 = now_s();
		while (sent < bench_tx && !stop) {
			unsigned int batch = 0;

			/* Linux's tulip_start_xmit writes CSR1 for every frame;
			 * a driver that batches, once for all it queued */
			while (sent < bench_tx && batch < NTX - 1 && xmit(&g, f, size, kick_each)) {
				sent++;
				batch++;
			}
			if (batch && !kick_each)
				csr_w(&g, 1, 0);
			else if (!batch)
				sched_yield();     /* ring full: the device is at work */
		}
		t1 = now_s();
		printf("tx %ld frames of %ld bytes in %.3f s: %.0f frames/s (vfio-user messages %llu)\n",
		       sent, size, t1 - t0, sent / (t1 - t0),
		       (unsigned long long)(g.c.messages - msgs));
		return 0;
	}
	if (bench_rx && poll_mode) {
		uint64_t start;

		csr_w(&g, 7, 0);   /* no interrupts: the ring is polled */
		while (!rx_ring(&g, false) && !stop)
			usleep(1000);
		start = g.rx;
		msgs = g.c.messages;
		g.reads = g.read_ns = 0;
		t0 = now_s();
		while (!stop && (t1 = now_s()) - t0 < bench_rx)
			if (!rx_ring(&g, false))
				usleep(20);
		print_rx(&g, g.rx - start, g.c.messages - msgs, t1 - t0);
		return 0;
	}
	if (bench_rx) {
		uint64_t start;

		while (!g.rx && !stop)
			run_rx(&g, false, 2000);
		start = g.rx;
		msgs = g.c.messages;
		g.irqs = g.reads = g.read_ns = 0;
		t0 = now_s();
		while (!stop && (t1 = now_s()) - t0 < bench_rx)
			run_rx(&g, false, 100);
		print_rx(&g, g.rx - start, g.c.messages - msgs, t1 - t0);
		return 0;
	}
	t0 = now_s();
	while (!stop) {
		run_rx(&g, true, 100);
		if (now_s() - t0 > 0.2) {
			poll_link(&g);
			t0 = now_s();
		}
	}
	printf("stats rx %llu tx %llu rx_errors %llu foreign %llu tx_full %llu\n",
	       (unsigned long long)g.rx, (unsigned long long)g.tx,
	       (unsigned long long)g.rx_errors, (unsigned long long)g.foreign,
	       (unsigned long long)g.tx_full);
	return 0;
usage:
	fprintf(stderr, "usage: legacy-guest SOCKET --ip A.B.C.D\n"
			"       legacy-guest SOCKET --pxe [--dhcp-only] [--discovers N] [--src-mac MAC]\n"
			"       legacy-guest SOCKET --bench-rx SECONDS [--poll]\n"
			"       legacy-guest SOCKET --bench-tx COUNT --size N --dst MAC [--kick-each]\n");
	return 2;
}
