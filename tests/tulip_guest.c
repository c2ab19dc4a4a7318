// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "tulip_bitbang.h"
#include "tulip_guest.h"

const uint8_t g_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void on_tx(void *opaque, const uint8_t *frame, size_t len)
{
	struct guest *g = opaque;

	cr_assert(len <= sizeof(g->wire[0].data), "device sent %zu bytes", len);
	if (g->nwire == G_MAX_WIRE)
		return;
	memcpy(g->wire[g->nwire].data, frame, len);
	g->wire[g->nwire++].len = len;
}

static void on_irq(void *opaque, bool level)
{
	struct guest *g = opaque;

	cr_assert_neq(level, g->irq, "set_irq called without a change of level");
	g->irq = level;
	g->irq_edges++;
}

static uint64_t on_now(void *opaque)
{
	return ((struct guest *)opaque)->now;
}

static const struct tulip_ops g_ops = {
	.tx_frame = on_tx, .set_irq = on_irq, .now_ns = on_now,
};

void g_new_board(struct guest *g, const uint8_t mac[6])
{
	tulip_free(g->dev);
	g->dev = tulip_new(mac, &g->mem, &g_ops, g);
	cr_assert(g->dev);
	g->irq = false;
	/* pci_enable_device + pci_set_master: I/O, memory, bus master */
	tulip_cfg_write(g->dev, 0x04, 2, 0x0007);
}

void g_init(struct guest *g)
{
	memset(g, 0, sizeof(*g));
	g->ram = calloc(1, G_MEM_SIZE);
	cr_assert(g->ram);
	guest_mem_init(&g->mem);
	cr_assert_eq(guest_mem_add(&g->mem, G_MEM_BASE, G_MEM_SIZE, g->ram, true), 0);
	g->now = 1000000000ull;
	g_new_board(g, g_mac);
}

void g_fini(struct guest *g)
{
	tulip_free(g->dev);
	free(g->ram);
}

uint32_t g_csr(struct guest *g, unsigned int n)
{
	return tulip_bar_read(g->dev, 1, n * 8, 4);
}

void g_csr_w(struct guest *g, unsigned int n, uint32_t v)
{
	tulip_bar_write(g->dev, 1, n * 8, 4, v);
}

uint8_t *g_ptr(struct guest *g, uint32_t gpa)
{
	cr_assert(gpa >= G_MEM_BASE && gpa - G_MEM_BASE < G_MEM_SIZE, "gpa %#x", gpa);
	return g->ram + (gpa - G_MEM_BASE);
}

uint32_t g_rd32(struct guest *g, uint32_t gpa)
{
	uint32_t v;

	memcpy(&v, g_ptr(g, gpa), 4);
	return le32toh(v);
}

void g_wr32(struct guest *g, uint32_t gpa, uint32_t v)
{
	v = htole32(v);
	memcpy(g_ptr(g, gpa), &v, 4);
}

/* ---- serial ROM and MDIO: tests/tulip_bitbang.h ---- */

static uint32_t io_read(void *ctx, unsigned int n) { return g_csr(ctx, n); }
static void io_write(void *ctx, unsigned int n, uint32_t v) { g_csr_w(ctx, n, v); }

uint16_t g_srom_read(struct guest *g, unsigned int addr, unsigned int addr_len, uint32_t *raw)
{
	struct csr_io io = { io_read, io_write, g };

	return bb_srom_read(&io, addr, addr_len, raw);
}

void g_linux_station_address(struct guest *g, uint8_t addr[6])
{
	uint8_t ee[512] = { 0 };
	unsigned int addr_bits;
	uint32_t raw;

	g_srom_read(g, 0xFF, 8, &raw);   /* the size probe */
	addr_bits = (raw & 0x40000) ? 8 : 6;
	for (unsigned int i = 0; i < ((1u << addr_bits) - 1) * 2; i += 2) {
		uint16_t w = g_srom_read(g, i / 2, addr_bits, NULL);

		ee[i] = w & 0xff;
		ee[i + 1] = w >> 8;
	}
	linux_station_address(ee, addr);
}

int g_mdio_read(struct guest *g, unsigned int phy, unsigned int reg)
{
	struct csr_io io = { io_read, io_write, g };

	return bb_mdio_read(&io, phy, reg);
}

void g_mdio_write(struct guest *g, unsigned int phy, unsigned int reg, unsigned int val)
{
	struct csr_io io = { io_read, io_write, g };

	bb_mdio_write(&io, phy, reg, val);
}

/* ---- rings ---- */

uint32_t g_rx_desc(struct guest *g, unsigned int i) { return g->rx_ring + 16 * i; }
uint32_t g_tx_desc(struct guest *g, unsigned int i) { return g->tx_ring + 16 * i; }
uint32_t g_rx_buf(struct guest *g, unsigned int i) { return g->rx_bufs + 1536 * i; }

void g_init_rings(struct guest *g, unsigned int nrx, unsigned int ntx)
{
	g->nrx = nrx;
	g->ntx = ntx;
	g->cur_tx = 0;
	g->rx_ring = G_MEM_BASE + 0x1000;
	g->tx_ring = g->rx_ring + 16 * nrx;  /* the TX ring follows the RX ring */
	g->rx_bufs = G_MEM_BASE + 0x10000;
	g->tx_bufs = G_MEM_BASE + 0x80000;
	for (unsigned int i = 0; i < nrx; i++) {
		uint32_t d = g_rx_desc(g, i);

		g_wr32(g, d + 0, 0x80000000);
		g_wr32(g, d + 4, 1536 | (i == nrx - 1 ? 0x02000000 : 0));
		g_wr32(g, d + 8, g_rx_buf(g, i));
		g_wr32(g, d + 12, i == nrx - 1 ? g->rx_ring : g_rx_desc(g, i + 1));
	}
	for (unsigned int i = 0; i < ntx; i++) {
		uint32_t d = g_tx_desc(g, i);

		g_wr32(g, d + 0, 0);
		g_wr32(g, d + 12, i == ntx - 1 ? g->tx_ring : g_tx_desc(g, i + 1));
	}
}

static uint32_t tx_wrap(struct guest *g, unsigned int entry)
{
	return entry == g->ntx - 1 ? 0x02000000 : 0;
}

void g_setup_frame(struct guest *g, const uint8_t *setup, uint32_t ctl)
{
	unsigned int e = g->cur_tx % g->ntx;
	uint32_t d = g_tx_desc(g, e), buf = g->tx_bufs + 2048 * e;

	memcpy(g_ptr(g, buf), setup, 192);
	g_wr32(g, d + 4, ctl | 192 | tx_wrap(g, e));
	g_wr32(g, d + 8, buf);
	g_wr32(g, d + 0, 0x80000000);
	g->cur_tx++;
	g_csr_w(g, 1, 0);
}

void g_xmit(struct guest *g, const uint8_t *frame, size_t len, bool ic)
{
	unsigned int e = g->cur_tx % g->ntx;
	uint32_t d = g_tx_desc(g, e), buf = g->tx_bufs + 2048 * e;

	memcpy(g_ptr(g, buf), frame, len);
	g_wr32(g, d + 8, buf);
	g_wr32(g, d + 4, (uint32_t)len | 0x60000000 | (ic ? 0x80000000 : 0) | tx_wrap(g, e));
	g_wr32(g, d + 0, 0x80000000);
	g->cur_tx++;
	g_csr_w(g, 1, 0);
}

static void put_addr(uint8_t *entry, const uint8_t a[6])
{
	/* each 16-bit half stored twice, as Linux does */
	for (int k = 0; k < 3; k++) {
		entry[4 * k] = entry[4 * k + 2] = a[2 * k];
		entry[4 * k + 1] = entry[4 * k + 3] = a[2 * k + 1];
	}
}

void g_build_perfect(uint8_t setup[192], const uint8_t (*addrs)[6], int n)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	for (int i = 0; i < 15; i++)
		put_addr(setup + 12 * i, i < n ? addrs[i] : bcast);
	put_addr(setup + 12 * 15, g_mac);
}

unsigned int g_hash_bit(const uint8_t addr[6])
{
	uint32_t crc = 0xffffffff;

	for (int i = 0; i < 6; i++) {
		uint8_t b = addr[i];

		for (int bit = 0; bit < 8; bit++, b >>= 1)
			crc = (crc >> 1) ^ (((crc ^ b) & 1) ? 0xedb88320 : 0);
	}
	return crc & 0x1ff;
}

void g_build_hash(uint8_t setup[192], const uint8_t (*addrs)[6], int n)
{
	uint16_t table[32] = { 0 };

	table[255 >> 4] |= 1 << (255 & 15);   /* broadcast */
	for (int i = 0; i < n; i++) {
		unsigned int b = g_hash_bit(addrs[i]);

		table[b >> 4] |= 1 << (b & 15);
	}
	memset(setup, 0, 192);
	for (int i = 0; i < 32; i++) {
		setup[4 * i] = setup[4 * i + 2] = table[i] & 0xff;
		setup[4 * i + 1] = setup[4 * i + 3] = table[i] >> 8;
	}
	put_addr(setup + 4 * 39, g_mac);
}

void g_up(struct guest *g)
{
	uint8_t setup[192];

	g_init_rings(g, 16, 8);
	g_csr_w(g, 6, 0x00040000);            /* PS before the reset */
	g_csr_w(g, 0, 0x00000001);
	g_csr_w(g, 0, 0x01A08000);
	g_csr_w(g, 3, g->rx_ring);
	g_csr_w(g, 4, g->tx_ring);
	memset(setup, 0xff, sizeof(setup));
	put_addr(setup + 12 * 15, g_mac);
	memcpy(g_ptr(g, g->tx_bufs), setup, 192);
	g_wr32(g, g_tx_desc(g, 0) + 4, 0x080000C0);
	g_wr32(g, g_tx_desc(g, 0) + 8, g->tx_bufs);
	g_wr32(g, g_tx_desc(g, 0) + 0, 0x80000000);
	g->cur_tx = 1;
	g_csr_w(g, 6, 0x020E0000 | 0x2000);   /* ST: the setup frame goes */
	g_csr_w(g, 5, 0x0001EBEF);
	g_csr_w(g, 7, 0x0001EBEF);
	g_csr_w(g, 6, 0x020E0000 | 0x2002);
	g_csr_w(g, 2, 0);
}
