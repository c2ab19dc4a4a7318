// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The 21140A model driven as a Linux tulip driver drives a 21140: PCI
 * probe, reset, serial ROM, MII PHY, rings, setup frames, transmit,
 * receive, interrupts; then the address filter modes, the suspended
 * states, multi-descriptor frames and what a misbehaving guest gets
 * (a fatal bus error, never a crash). Register and descriptor contents
 * are checked after each step.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>
#include <criterion/criterion.h>
#include "model.h"
#include "tulip_guest.h"

static struct guest G, *g = &G;

static void setup(void) { g_init(g); }
static void teardown(void) { g_fini(g); }

TestSuite(tulip, .init = setup, .fini = teardown);

#define RS(csr5) (((csr5) >> 17) & 7)
#define TS(csr5) (((csr5) >> 20) & 7)

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t other[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };

/* An Ethernet II frame of len bytes to dst from a fixed source. */
static size_t make_frame(uint8_t *f, const uint8_t dst[6], size_t len, uint8_t fill)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	for (size_t i = 14; i < len; i++)
		f[i] = (uint8_t)(fill + i);
	return len;
}

/* Linux's rx acceptance test for one descriptor holding a whole frame. */
static bool linux_accepts(uint32_t status)
{
	return (status & (0x38000000 | 0x0002 | 0x0040 | 0x0800 | 0x4000 | 0x0300)) == 0x0300 &&
	       ((status >> 16) & 0x7ff) - 4 <= 1518;
}

Test(tulip, pci_config_space)
{
	struct tulip *d = g->dev;

	cr_assert_eq(tulip_cfg_read(d, 0x00, 4), 0x00091011);
	cr_assert_eq(tulip_cfg_read(d, 0x06, 2), 0x0280, "status %#x", tulip_cfg_read(d, 0x06, 2));
	cr_assert_eq(tulip_cfg_read(d, 0x08, 4), 0x02000022, "class and revision");
	cr_assert_eq(tulip_cfg_read(d, 0x0E, 1), 0x00, "header type 0");
	cr_assert_eq(tulip_cfg_read(d, 0x3D, 1), 1, "INTA#");
	cr_assert_eq(tulip_cfg_read(d, 0x3E, 2), 0x2814, "min_gnt, max_lat");
	/* subsystem IDs are SROM words 0 and 1 */
	cr_assert_eq(tulip_cfg_read(d, 0x2C, 4), 0x00011011);
	/* BAR size probes: 128 bytes of I/O, 128 bytes of memory */
	tulip_cfg_write(d, 0x10, 4, 0xFFFFFFFF);
	tulip_cfg_write(d, 0x14, 4, 0xFFFFFFFF);
	tulip_cfg_write(d, 0x30, 4, 0xFFFFFFFF);
	cr_assert_eq(tulip_cfg_read(d, 0x10, 4), 0xFFFFFF81);
	cr_assert_eq(tulip_cfg_read(d, 0x14, 4), 0xFFFFFF80);
	cr_assert_eq(tulip_cfg_read(d, 0x30, 4), 0, "no expansion ROM");
	tulip_cfg_write(d, 0x10, 4, 0xC001);
	tulip_cfg_write(d, 0x14, 4, 0xFEBF1000);
	cr_assert_eq(tulip_cfg_read(d, 0x10, 4), 0xC001);
	cr_assert_eq(tulip_cfg_read(d, 0x14, 4), 0xFEBF1000);
	/* command: only the bits a 21140A implements */
	tulip_cfg_write(d, 0x04, 2, 0xFFFF);
	cr_assert_eq(tulip_cfg_read(d, 0x04, 2), 0x0157);
	/* IDs are read-only; out-of-range accesses are harmless */
	tulip_cfg_write(d, 0x00, 4, 0);
	cr_assert_eq(tulip_cfg_read(d, 0x00, 2), 0x1011);
	cr_assert_eq(tulip_cfg_read(d, 0xFE, 4), 0xFFFFFFFF);
	tulip_cfg_write(d, 0xFF, 4, 0);
	tulip_cfg_write(d, 0x3C, 1, 0x0B);
	cr_assert_eq(tulip_cfg_read(d, 0x3C, 4), 0x2814010B);
}

Test(tulip, reset_values_and_swr)
{
	cr_assert_eq(g_csr(g, 0), 0xFE000000);
	cr_assert_eq(g_csr(g, 5), 0xFC000000, "csr5 %#x", g_csr(g, 5));
	cr_assert_eq(g_csr(g, 6) & 0x02002002, 0x02000000, "MBO set, SR and ST clear");
	cr_assert_eq(g_csr(g, 7) & 0x0001FFFF, 0, "no interrupt enabled");
	cr_assert_eq(g_csr(g, 8) & 0x1FFFF, 0);

	g_csr_w(g, 0, 0x01A08000);
	g_csr_w(g, 7, 0x0001EBEF);
	cr_assert_eq(g_csr(g, 0), 0xFE000000 | 0x01A08000);
	cr_assert_eq(g_csr(g, 7) & 0x1FFFF, 0x0001ABEF, "bit 14 is reserved on the 21140A");
	g_csr_w(g, 6, 0x00040000);
	g_csr_w(g, 0, 1);
	cr_assert_eq(g_csr(g, 0), 0xFE000000, "SWR clears itself and CSR0");
	cr_assert_eq(g_csr(g, 7) & 0x1FFFF, 0);
	cr_assert(g_csr(g, 6) & 0x00040000, "port select survives the reset");
	/* reserved offsets and sizes */
	cr_assert_eq(tulip_bar_read(g->dev, 1, 0x04, 4), 0);
	cr_assert_eq(tulip_bar_read(g->dev, 1, 0x80, 4), 0);
	cr_assert_eq(tulip_bar_read(g->dev, 1, 0x00, 2), 0);
	tulip_bar_write(g->dev, 1, 0x34, 4, 0x2002);
	cr_assert_eq(TS(g_csr(g, 5)), 0);
	/* the I/O BAR maps the same CSRs */
	g_csr_w(g, 3, G_MEM_BASE + 0x40);
	cr_assert_eq(tulip_bar_read(g->dev, 0, 0x18, 4), G_MEM_BASE + 0x40);
}

Test(tulip, srom_as_linux_reads_it)
{
	uint8_t ee[128];
	uint32_t raw;

	/* size probe: address 0xFF with 8 address bits; bit 18 of the raw
	 * shift-in is the dummy zero after the 6th bit: a 93C46 */
	g_srom_read(g, 0xFF, 8, &raw);
	cr_assert_eq((raw >> 18) & 1, 0, "raw %#x", raw);
	for (unsigned int w = 0; w < 64; w++) {
		uint16_t v = g_srom_read(g, w, 6, NULL);

		ee[2 * w] = v & 0xff;
		ee[2 * w + 1] = v >> 8;
	}
	/* bytes 0-7 differ from 16-23: new format, MAC at 20 */
	cr_assert(memcmp(ee, ee + 16, 8));
	cr_assert_arr_eq(ee + 20, g_mac, 6);
	cr_assert_eq(ee[18], 3, "format version");
	cr_assert_eq(ee[19], 1, "one controller");
	/* the SROM CRC: low 16 bits of the CRC-32 of bytes 0-125 */
	cr_assert_eq(ee[126] | ee[127] << 8, crc32(0, ee, 126) & 0xFFFF);
	/* the reference MII image for 52:54:00:12:34:56: leaf and CRCs */
	static const uint8_t ref10[32] = {
		0xc6, 0x00, 0x03, 0x01, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x08,
		0x00, 0x01, 0x8c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x78, 0xe1, 0x01, 0x00, 0x50, 0x00, 0x18, 0x00,
	};
	cr_assert_arr_eq(ee + 16, ref10, 32);
	cr_assert_eq(ee[126], 0x88);
	cr_assert_eq(ee[127], 0x6d);
	cr_assert_arr_eq(ee, tulip_srom_image(g->dev), 128, "bit-banged image = model image");
}

/* Linux's tulip_init_one swaps the address it read from the ROM in byte
 * pairs when it starts a0:00, c0:00 or 02:00: from a ROM holding
 * 02:00:00:00:21:40 a Linux guest sends as 00:02:00:00:40:21. The model's
 * predicate must name exactly the addresses the driver's read changes. */
Test(tulip, linux_byte_swaps_some_station_addresses)
{
	static const uint8_t lite_on[6] = { 0x02, 0x00, 0x00, 0x00, 0x21, 0x40 };
	static const uint8_t swapped[6] = { 0x00, 0x02, 0x00, 0x00, 0x40, 0x21 };
	unsigned int changed = 0;
	uint8_t got[6];

	g_linux_station_address(g, got);
	cr_assert_arr_eq(got, g_mac, 6, "52:54:00:12:34:56 is read as it is");
	g_new_board(g, lite_on);
	g_linux_station_address(g, got);
	cr_assert_arr_eq(got, swapped, 6, "02:00:00:00:21:40 -> %02x:%02x:%02x:%02x:%02x:%02x",
			 got[0], got[1], got[2], got[3], got[4], got[5]);
	for (unsigned int b0 = 0; b0 < 256; b0++) {
		for (unsigned int b1 = 0; b1 < 2; b1++) {
			const uint8_t mac[6] = { b0, b1, 0x5e, 0x10, 0x20, 0x30 };

			g_new_board(g, mac);
			g_linux_station_address(g, got);
			cr_assert_eq(memcmp(got, mac, 6) != 0, tulip_mac_swapped_by_linux(mac),
				     "%02x:%02x:...: the driver %s it, the model says %d", b0, b1,
				     memcmp(got, mac, 6) ? "changes" : "keeps",
				     tulip_mac_swapped_by_linux(mac));
			changed += memcmp(got, mac, 6) != 0;
		}
	}
	cr_assert_eq(changed, 3, "a0:00, c0:00 and 02:00 only");
}

/* What vswd puts in a legacy NIC's ROM when the operator names no MAC is
 * what a Linux guest sends from, so the port's mac-guard (which admits
 * the NIC's MAC) passes it: even from random bytes that start 02:00. */
Test(tulip, linux_keeps_the_address_vswd_picks)
{
	uint8_t got[6], mac[6];

	for (unsigned int b0 = 0; b0 < 256; b0++) {
		for (unsigned int b1 = 0; b1 < 256; b1 += 255) {
			const uint8_t rnd[6] = { b0, b1, b0 ^ 0x5a, 0x10, 0x20, b1 ^ 0x30 };

			model_station_mac(rnd, mac);
			cr_assert_eq(mac[0] & 3, 2, "locally administered unicast");
			g_new_board(g, mac);
			g_linux_station_address(g, got);
			cr_assert_arr_eq(got, mac, 6, "random %02x:%02x:...: NIC %02x:%02x:..., "
					 "Linux %02x:%02x:...", b0, b1, mac[0], mac[1], got[0], got[1]);
		}
	}
}

Test(tulip, mii_phy_found_and_link_follows)
{
	int found = -1;

	/* tulip_find_mii: scan 1..31 then 0 */
	for (int i = 1; i <= 32; i++) {
		int phy = i & 31, bmsr = g_mdio_read(g, phy, 1);

		if ((bmsr & 0x8301) == 0x8001 || (!(bmsr & 0x8000) && (bmsr & 0x7800))) {
			cr_assert_eq(found, -1, "a second PHY at %d", phy);
			found = phy;
		} else {
			cr_assert_eq(bmsr, 0xFFFF, "nothing at %d reads all ones", phy);
		}
	}
	cr_assert_eq(found, 1);
	cr_assert_eq(g_mdio_read(g, 1, 1), 0x782D);
	cr_assert_eq(g_mdio_read(g, 1, 0), 0x3100);
	cr_assert_eq(g_mdio_read(g, 1, 4), 0x01E1);
	cr_assert_neq(g_mdio_read(g, 1, 2) | g_mdio_read(g, 1, 3), 0);
	cr_assert_eq(g_mdio_read(g, 1, 5), 0x41E1);
	g_mdio_write(g, 1, 4, 0x0061);
	cr_assert_eq(g_mdio_read(g, 1, 4), 0x0061);
	g_mdio_write(g, 1, 0, 0x8000);
	cr_assert_eq(g_mdio_read(g, 1, 0), 0x3100, "BMCR reset clears itself");
	cr_assert_eq(g_mdio_read(g, 1, 4), 0x01E1, "and restores ANAR");
	cr_assert_eq(g_csr(g, 12) & 0x40, 0x40, "signal detect on GPIO 6");

	/* disconnect: link down, latched */
	tulip_set_link(g->dev, false);
	cr_assert_eq(g_mdio_read(g, 1, 1), 0x7809);
	cr_assert_eq(g_csr(g, 12) & 0x40, 0);
	tulip_set_link(g->dev, true);
	cr_assert_eq(g_mdio_read(g, 1, 1) & 4, 0, "link status latches low until read");
	cr_assert_eq(g_mdio_read(g, 1, 1), 0x782D);
	/* a bounce between two reads is still seen */
	tulip_set_link(g->dev, false);
	tulip_set_link(g->dev, true);
	cr_assert_eq(g_mdio_read(g, 1, 1) & 4, 0);
	/* GPIO port: direction latch, outputs read back */
	g_csr_w(g, 12, 0x13F);
	g_csr_w(g, 12, 0x09);
	cr_assert_eq(g_csr(g, 12), 0x09 | 0x40, "outputs 0-5, signal detect input");
}

Test(tulip, linux_open_sequence)
{
	uint8_t f[64];
	uint32_t csr5;

	g_init_rings(g, 16, 8);
	g_csr_w(g, 6, 0x00040000);
	g_csr_w(g, 0, 0x00000001);
	g_csr_w(g, 0, 0x01A08000);
	cr_assert_eq(g_csr(g, 0) & 0x01FFFFFF, 0x01A08000);
	g_csr_w(g, 3, g->rx_ring);
	g_csr_w(g, 4, g->tx_ring);
	cr_assert_eq(g_csr(g, 3), g->rx_ring);
	cr_assert_eq(g_csr(g, 4), g->tx_ring);

	/* the start-up setup frame in TX entry 0: broadcast plus own address */
	uint8_t setup[192];
	memset(setup, 0xff, sizeof(setup));
	memcpy(setup + 180, g_mac, 2);
	memcpy(setup + 184, g_mac + 2, 2);
	memcpy(setup + 188, g_mac + 4, 2);
	memcpy(g_ptr(g, g->tx_bufs), setup, 192);
	g_wr32(g, g_tx_desc(g, 0) + 4, 0x080000C0);
	g_wr32(g, g_tx_desc(g, 0) + 8, g->tx_bufs);
	g_wr32(g, g_tx_desc(g, 0) + 0, 0x80000000);
	g->cur_tx = 1;
	g_csr_w(g, 6, 0x020E0000 | 0x2000);
	cr_assert_eq(g_rd32(g, g_tx_desc(g, 0)) & 0x80000000, 0, "setup descriptor handed back");
	csr5 = g_csr(g, 5);
	cr_assert_eq(TS(csr5), 6, "TX suspended on the next, host-owned descriptor");
	cr_assert(csr5 & 0x04, "TU");
	cr_assert_eq(RS(csr5), 0);
	cr_assert_eq(g->nwire, 0, "a setup frame never reaches the wire");
	cr_assert_eq(g_csr(g, 6) & 0x15, 0, "perfect filtering latched (HP, HO, IF clear)");
	cr_assert_not(g->irq, "nothing enabled yet");

	g_csr_w(g, 5, 0x0001EBEF);
	cr_assert_eq(g_csr(g, 5) & 0x1FFFF, 0, "acknowledged");
	g_csr_w(g, 7, 0x0001EBEF);
	g_csr_w(g, 6, 0x020E0000 | 0x2002);
	cr_assert_eq(g_csr(g, 6), 0x320E2002, "CSR6 reads back; PR (set at reset) now clear");
	g_csr_w(g, 2, 0);
	csr5 = g_csr(g, 5);
	cr_assert_eq(RS(csr5), 3, "RX waiting for a packet");
	cr_assert_not(g->irq);

	/* transmit with IC */
	make_frame(f, other, 64, 1);
	g_xmit(g, f, 64, true);
	cr_assert_eq(g->nwire, 1);
	cr_assert_eq(g->wire[0].len, 64);
	cr_assert_arr_eq(g->wire[0].data, f, 64);
	cr_assert_eq(g_rd32(g, g_tx_desc(g, 1)), 0, "TDES0: owner back, no error");
	csr5 = g_csr(g, 5);
	cr_assert(csr5 & 0x01, "TI");
	cr_assert(csr5 & 0x10000, "NIS");
	cr_assert(g->irq, "INTA# asserted");
	/* the interrupt handler acknowledges what it saw */
	g_csr_w(g, 5, csr5 & 0x0001FFFF);
	cr_assert_not(g->irq, "INTA# released");
	cr_assert_eq(g_csr(g, 5) & 0x18000, 0);

	/* receive one frame for us */
	make_frame(f, g_mac, 60, 2);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	uint32_t st = g_rd32(g, g_rx_desc(g, 0));
	cr_assert(linux_accepts(st), "RDES0 %#x", st);
	cr_assert_eq((st >> 16) & 0x3fff, 64, "FL = 60 + FCS");
	cr_assert(st & 0x20, "FT: Ethernet II");
	cr_assert_eq(st & 0x400, 0, "not multicast");
	cr_assert_arr_eq(g_ptr(g, g_rx_buf(g, 0)), f, 60);
	uint32_t fcs = crc32(0, f, 60);
	cr_assert_eq(memcmp(g_ptr(g, g_rx_buf(g, 0)) + 60, &fcs, 4), 0, "FCS after the data");
	csr5 = g_csr(g, 5);
	cr_assert(csr5 & 0x40, "RI");
	cr_assert(g->irq);
	g_csr_w(g, 5, csr5 & 0x0001FFFF);
	cr_assert_not(g->irq);

	/* close: interrupts off, processes stopped at once */
	g_csr_w(g, 7, 0);
	g_csr_w(g, 6, 0x020E0000);
	csr5 = g_csr(g, 5);
	cr_assert_eq((csr5 >> 17) & 0x3F, 0, "RS = TS = 0");
	cr_assert_eq(csr5 & 0x102, 0x102, "TPS and RPS");
	cr_assert_not(g->irq, "masked");
}

Test(tulip, rx_short_frame_padded_broadcast_multicast)
{
	uint8_t f[64];

	g_up(g);
	make_frame(f, bcast, 42, 3);
	cr_assert_eq(tulip_receive(g->dev, f, 42), TULIP_RX_DELIVERED);
	uint32_t st = g_rd32(g, g_rx_desc(g, 0));
	cr_assert_eq((st >> 16) & 0x3fff, 64, "padded to 60 plus FCS");
	cr_assert(st & 0x400, "MF for broadcast");
	cr_assert(linux_accepts(st));
	uint8_t *b = g_ptr(g, g_rx_buf(g, 0));
	cr_assert_arr_eq(b, f, 42);
	for (int i = 42; i < 60; i++)
		cr_assert_eq(b[i], 0, "pad byte %d", i);
	/* runts and giants never come from a wire */
	cr_assert_eq(tulip_receive(g->dev, f, 13), TULIP_RX_INVALID);
	cr_assert_eq(tulip_receive(g->dev, f, TULIP_RX_FRAME_MAX + 1), TULIP_RX_INVALID);
}

/* The FCS after the data is zlib's CRC-32 of the frame as the wire sends
 * it (padded to 60), for every length a frame can have: the device takes
 * a table-driven CRC for short frames and zlib's for long ones. */
Test(tulip, rx_fcs_every_length)
{
	static uint8_t f[1600], padded[1600];

	g_up(g);
	for (size_t len = 14; len <= 1518; len++) {
		unsigned int e = (unsigned int)((len - 14) % 16);   /* the device's next entry */
		size_t wire = len < 60 ? 60 : len;
		uint32_t fcs, st;

		make_frame(f, g_mac, len, (uint8_t)len);
		for (size_t i = 14; i < len; i++)
			f[i] = (uint8_t)(i * 131 + len);
		cr_assert_eq(tulip_receive(g->dev, f, len), TULIP_RX_DELIVERED, "len %zu", len);
		st = g_rd32(g, g_rx_desc(g, e));
		cr_assert_eq((st >> 16) & 0x3fff, wire + 4, "len %zu: FL %u", len, (st >> 16) & 0x3fff);
		memset(padded, 0, sizeof(padded));
		memcpy(padded, f, len);
		fcs = htole32(crc32(0, padded, wire));
		cr_assert_eq(memcmp(g_ptr(g, g_rx_buf(g, e)) + wire, &fcs, 4), 0, "len %zu: FCS", len);
		g_wr32(g, g_rx_desc(g, e), 0x80000000);   /* the buffer back to the device */
	}
}

Test(tulip, filter_perfect)
{
	uint8_t f[64], s[192];
	static const uint8_t mc[2][6] = {
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }, { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
	};
	static const uint8_t mc_other[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x02 };

	g_up(g);
	make_frame(f, other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED, "another station's unicast");
	make_frame(f, mc[0], 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED, "multicast not joined");
	cr_assert_eq(g_rd32(g, g_rx_desc(g, 0)), 0x80000000, "nothing stored");

	g_build_perfect(s, mc, 2);
	g_setup_frame(g, s, 0x08000000);
	cr_assert_eq(g_csr(g, 6) & 0x15, 0);
	make_frame(f, mc[0], 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	make_frame(f, mc[1], 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	make_frame(f, mc_other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED);
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);

	/* broadcast only when it is in the table */
	memset(s, 0, sizeof(s));
	for (int i = 0; i < 16; i++) {
		memcpy(s + 12 * i, g_mac, 2);
		memcpy(s + 12 * i + 4, g_mac + 2, 2);
		memcpy(s + 12 * i + 8, g_mac + 4, 2);
	}
	g_setup_frame(g, s, 0x08000000);
	make_frame(f, bcast, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED);

	/* pass-all-multicast and promiscuous are CSR6 bits */
	g_csr_w(g, 6, 0x020E2002 | 0x80);
	make_frame(f, mc_other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	make_frame(f, other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED);
	g_csr_w(g, 6, 0x020E2002 | 0x40);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	/* receive-all passes a failing frame marked FF */
	g_csr_w(g, 6, 0x020E2002 | 0x40000000);
	unsigned int slot = 0;
	while (slot < g->nrx && !(g_rd32(g, g_rx_desc(g, slot)) & 0x80000000) )
		slot++;
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	cr_assert(g_rd32(g, g_rx_desc(g, slot)) & 0x40000000, "FF");
}

Test(tulip, filter_hash_inverse_hash_only)
{
	uint8_t f[64], s[192];
	static const uint8_t mc[1][6] = { { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } };
	static const uint8_t mc_other[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x02 };

	cr_assert_eq(g_hash_bit(bcast), 255, "the driver's hash of broadcast");
	cr_assert_eq(g_hash_bit(mc[0]), 510);
	g_up(g);
	g_build_hash(s, mc, 1);
	g_setup_frame(g, s, 0x08400000);
	cr_assert_eq(g_csr(g, 6) & 0x15, 0x01, "HP latched");
	make_frame(f, mc[0], 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	make_frame(f, mc_other, 60, 0);
	cr_assert_eq(g_hash_bit(mc_other) == 510 || g_hash_bit(mc_other) == 255, false);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED);
	make_frame(f, bcast, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED, "bit 255");
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED, "the perfect unicast");
	make_frame(f, other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED);

	/* hash-only: unicast goes through the table too */
	g_setup_frame(g, s, 0x18400000);
	cr_assert_eq(g_csr(g, 6) & 0x15, 0x05, "HP and HO latched");
	make_frame(f, g_mac, 60, 0);
	enum tulip_rx_result r = tulip_receive(g->dev, f, 60);
	cr_assert_eq(r, g_hash_bit(g_mac) == 255 || g_hash_bit(g_mac) == 510 ?
		     TULIP_RX_DELIVERED : TULIP_RX_FILTERED);

	/* inverse: everything but the listed addresses */
	g_build_perfect(s, (const uint8_t (*)[6])other, 1);
	g_setup_frame(g, s, 0x18000000);
	cr_assert_eq(g_csr(g, 6) & 0x15, 0x10, "IF latched");
	make_frame(f, other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED);
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_FILTERED, "own address is listed too");
	make_frame(f, mc_other, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
}

Test(tulip, rx_ring_exhausted_missed_and_resume)
{
	uint8_t f[64];
	uint32_t csr5;

	g_up(g);
	make_frame(f, g_mac, 60, 0);
	for (unsigned int i = 0; i < g->nrx; i++)
		cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED, "frame %u", i);
	g_csr_w(g, 5, 0x1FFFF);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_NO_BUFFER);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_NO_BUFFER);
	csr5 = g_csr(g, 5);
	cr_assert_eq(RS(csr5), 4, "RX suspended");
	cr_assert(csr5 & 0x80, "RU");
	cr_assert(csr5 & 0x8000, "AIS");
	cr_assert(g->irq);
	cr_assert_eq(g_csr(g, 8), 0xE0000002, "two missed frames");
	cr_assert_eq(g_csr(g, 8), 0xE0000000, "CSR8 clears when read");
	g_csr_w(g, 5, csr5 & 0x1FFFF);
	cr_assert_not(g->irq);

	/* the driver refills entry 0 without writing CSR2: the next frame
	 * fetches the descriptor again */
	g_wr32(g, g_rx_desc(g, 0), 0x80000000);
	make_frame(f, g_mac, 60, 9);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	cr_assert_arr_eq(g_ptr(g, g_rx_buf(g, 0)), f, 60);
	cr_assert_eq(RS(g_csr(g, 5)), 3, "running; entry 1 is fetched with the next frame");
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_NO_BUFFER);
	cr_assert_eq(RS(g_csr(g, 5)), 4, "entry 1 is still the host's");
	g_wr32(g, g_rx_desc(g, 1), 0x80000000);
	g_csr_w(g, 2, 0);
	cr_assert_eq(RS(g_csr(g, 5)), 3, "poll demand: running again");
}

/* A backend with a queue of its own: a frame for which the ring has no
 * buffer is left to it (nothing missed, no RU) and taken once the driver
 * gives a buffer back; what the filter rejects or a stopped receiver
 * refuses is still refused at once. */
Test(tulip, rx_wait_for_a_buffer_instead_of_missing)
{
	uint8_t f[64];
	uint32_t csr5;

	g_up(g);
	make_frame(f, g_mac, 60, 0);
	for (unsigned int i = 0; i < g->nrx; i++)
		cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60), TULIP_RX_DELIVERED, "frame %u", i);
	g_csr_w(g, 5, 0x1FFFF);
	cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60), TULIP_RX_WAIT);
	cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60), TULIP_RX_WAIT);
	csr5 = g_csr(g, 5);
	cr_assert_eq(csr5 & 0x1FFFF, 0, "no RU, no interrupt: %#x", csr5);
	cr_assert_eq(RS(csr5), 3, "not suspended");
	cr_assert_eq(g_csr(g, 8), 0xE0000000, "nothing missed");
	cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60) == TULIP_RX_WAIT && !tulip_rx_ready(g->dev),
		     true);

	make_frame(f, other, 60, 1);
	cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60), TULIP_RX_FILTERED, "refused, not kept");

	g_wr32(g, g_rx_desc(g, 0), 0x80000000);   /* the driver gives entry 0 back */
	cr_assert(tulip_rx_ready(g->dev));
	make_frame(f, g_mac, 60, 7);
	cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60), TULIP_RX_DELIVERED);
	cr_assert_arr_eq(g_ptr(g, g_rx_buf(g, 0)), f, 60);

	g_csr_w(g, 6, 0x020E0000);                /* receiver stopped */
	cr_assert_eq(tulip_receive_or_wait(g->dev, f, 60), TULIP_RX_STOPPED);
}

Test(tulip, rx_frame_over_descriptors_ring_chain_skip)
{
	uint8_t f[300];
	uint32_t base = G_MEM_BASE + 0x2000, bufs = G_MEM_BASE + 0x40000;

	/* ring mode with a skip of 2 longwords, 100-byte buffers 1 and
	 * 28-byte buffers 2 */
	for (int i = 0; i < 4; i++) {
		uint32_t d = base + 24 * i;

		g_wr32(g, d, 0x80000000);
		g_wr32(g, d + 4, 100 | 28 << 11 | (i == 3 ? 0x02000000 : 0));
		g_wr32(g, d + 8, bufs + 256 * i);
		g_wr32(g, d + 12, bufs + 256 * i + 128);
	}
	g_csr_w(g, 0, 0x01A08000 | 2 << 2);
	g_csr_w(g, 3, base);
	g_csr_w(g, 6, 0x020E0042);
	make_frame(f, other, 300, 5);
	cr_assert_eq(tulip_receive(g->dev, f, 300), TULIP_RX_DELIVERED);
	uint32_t s0 = g_rd32(g, base), s1 = g_rd32(g, base + 24), s2 = g_rd32(g, base + 48);
	cr_assert_eq(s0, 0x200, "first: FS only, %#x", s0);
	cr_assert_eq(s1, 0, "middle: neither, %#x", s1);
	cr_assert_eq(s2 & 0xffff0300, (304u << 16) | 0x100, "last: LS and FL, %#x", s2);
	cr_assert_eq(g_rd32(g, base + 72), 0x80000000, "fourth untouched");
	/* 128 + 128 bytes in the first two, 48 in buffer 1 of the third */
	uint8_t got[304];
	for (int i = 0; i < 2; i++) {
		memcpy(got + 128 * i, g_ptr(g, bufs + 256 * i), 100);
		memcpy(got + 128 * i + 100, g_ptr(g, bufs + 256 * i + 128), 28);
	}
	memcpy(got + 256, g_ptr(g, bufs + 512), 48);
	cr_assert_arr_eq(got, f, 300);
	uint32_t fcs = crc32(0, f, 300);
	cr_assert_eq(memcmp(got + 300, &fcs, 4), 0);

	/* chained mode: buffer 2 is the link, its size ignored */
	uint32_t c0 = G_MEM_BASE + 0x3000, c1 = G_MEM_BASE + 0x3800;
	g_csr_w(g, 6, 0x020E0040);
	g_wr32(g, c0, 0x80000000);
	g_wr32(g, c0 + 4, 200 | 2047 << 11 | 0x01000000);
	g_wr32(g, c0 + 8, bufs);
	g_wr32(g, c0 + 12, c1);
	g_wr32(g, c1, 0x80000000);
	g_wr32(g, c1 + 4, 200 | 0x01000000);
	g_wr32(g, c1 + 8, bufs + 0x400);
	g_wr32(g, c1 + 12, c0);
	uint32_t before = g_rd32(g, c1 + 4);
	g_csr_w(g, 3, c0);
	g_csr_w(g, 6, 0x020E0042);
	cr_assert_eq(tulip_receive(g->dev, f, 300), TULIP_RX_DELIVERED);
	cr_assert_eq(g_rd32(g, c0), 0x200);
	cr_assert_eq(g_rd32(g, c1) & 0xffff0300, (304u << 16) | 0x100);
	cr_assert_eq(g_rd32(g, c1 + 4), before, "the next descriptor was not written over");
	cr_assert_arr_eq(g_ptr(g, bufs), f, 200);
	cr_assert_arr_eq(g_ptr(g, bufs + 0x400), f + 200, 100);
}

Test(tulip, rx_truncated_when_ring_runs_out)
{
	uint8_t f[1000];

	g_init_rings(g, 2, 2);
	g_wr32(g, g_rx_desc(g, 0) + 4, 512);
	g_wr32(g, g_rx_desc(g, 1), 0);  /* the host still owns entry 1 */
	g_csr_w(g, 3, g->rx_ring);
	g_csr_w(g, 7, 0x0001EBEF);
	g_csr_w(g, 6, 0x020E0042);
	make_frame(f, g_mac, 1000, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 1000), TULIP_RX_TRUNCATED);
	uint32_t st = g_rd32(g, g_rx_desc(g, 0));
	cr_assert_eq(st & 0xC300 , 0xC300, "FS LS DE ES: %#x", st);
	cr_assert_not(linux_accepts(st));
	uint32_t csr5 = g_csr(g, 5);
	cr_assert_eq(csr5 & 0xC0, 0xC0, "RI and RU");
	cr_assert_eq(RS(csr5), 4);
}

Test(tulip, tx_multi_descriptor_padding_and_suspend)
{
	uint8_t f[200];
	uint32_t d0, d1, b = G_MEM_BASE + 0x90000;

	g_up(g);
	make_frame(f, other, 200, 7);
	/* one frame over two descriptors, buffers 1 and 2 of each */
	memcpy(g_ptr(g, b), f, 50);
	memcpy(g_ptr(g, b + 0x100), f + 50, 50);
	memcpy(g_ptr(g, b + 0x200), f + 100, 70);
	memcpy(g_ptr(g, b + 0x300), f + 170, 30);
	d0 = g_tx_desc(g, 1);
	d1 = g_tx_desc(g, 2);
	g_wr32(g, d0 + 4, 0x20000000 | 50 | 50 << 11);
	g_wr32(g, d0 + 8, b);
	g_wr32(g, d0 + 12, b + 0x100);
	g_wr32(g, d1 + 4, 0xC0000000 | 70 | 30 << 11);
	g_wr32(g, d1 + 8, b + 0x200);
	g_wr32(g, d1 + 12, b + 0x300);
	g_wr32(g, d1, 0x80000000);
	g_wr32(g, d0, 0x80000000);
	g_csr_w(g, 5, 0x1FFFF);
	g_csr_w(g, 1, 0);
	cr_assert_eq(g->nwire, 1);
	cr_assert_eq(g->wire[0].len, 200);
	cr_assert_arr_eq(g->wire[0].data, f, 200);
	cr_assert_eq(g_rd32(g, d0), 0);
	cr_assert_eq(g_rd32(g, d1), 0);
	uint32_t csr5 = g_csr(g, 5);
	cr_assert_eq(csr5 & 0x5, 0x5, "TI for IC on the last segment, TU at the end");
	cr_assert_eq(TS(csr5), 6);

	/* short frames are padded unless DPD */
	g->cur_tx = 3;
	g_xmit(g, f, 20, false);
	cr_assert_eq(g->wire[1].len, 60);
	cr_assert_arr_eq(g->wire[1].data, f, 20);
	for (int i = 20; i < 60; i++)
		cr_assert_eq(g->wire[1].data[i], 0);
	memcpy(g_ptr(g, b), f, 20);
	g_wr32(g, g_tx_desc(g, 4) + 4, 0x60800000 | 20);
	g_wr32(g, g_tx_desc(g, 4) + 8, b);
	g_wr32(g, g_tx_desc(g, 4), 0x80000000);
	g_csr_w(g, 1, 0);
	cr_assert_eq(g->nwire, 3);
	cr_assert_eq(g->wire[2].len, 20, "DPD: no padding");

	/* no IC: no TI */
	g_csr_w(g, 5, 0x1FFFF);
	g->cur_tx = 5;
	g_xmit(g, f, 100, false);
	cr_assert_eq(g_csr(g, 5) & 0x1, 0);

	/* the ring wraps through TER on the last entry */
	g_xmit(g, f, 100, false);
	g_xmit(g, f, 100, true);
	cr_assert_eq(g->nwire, 6);
	cr_assert_eq(g_rd32(g, g_tx_desc(g, 7)), 0);
	g_xmit(g, f, 64, false);   /* entry 0 again */
	cr_assert_eq(g->nwire, 7);
}

Test(tulip, stop_and_restart_keep_position)
{
	uint8_t f[64];

	g_up(g);
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	g_csr_w(g, 6, 0x020E0000);
	uint32_t csr5 = g_csr(g, 5);
	cr_assert_eq((csr5 >> 17) & 0x3f, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_STOPPED);
	g_csr_w(g, 6, 0x020E2002);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	cr_assert_eq(g_rd32(g, g_rx_desc(g, 1)) & 0x80000300, 0x300, "continued at entry 1");
	cr_assert_eq(g_rd32(g, g_rx_desc(g, 0)) & 0x80000000, 0);
	/* a CSR3 write goes back to the base */
	g_csr_w(g, 6, 0x020E0000);
	g_wr32(g, g_rx_desc(g, 0), 0x80000000);
	g_csr_w(g, 3, g->rx_ring);
	g_csr_w(g, 6, 0x020E2002);
	make_frame(f, g_mac, 60, 0x40);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	cr_assert_arr_eq(g_ptr(g, g_rx_buf(g, 0)), f, 60);
}

Test(tulip, tx_chained_and_big_endian_descriptors)
{
	uint8_t f[100];
	uint32_t c0 = G_MEM_BASE + 0x4000, c1 = G_MEM_BASE + 0x5000, b = G_MEM_BASE + 0x6000;

	g_up(g);
	g_csr_w(g, 6, 0x020E0002);          /* stop TX to move its list */
	/* chained: TDES3 is the next descriptor and TBS2 is ignored */
	make_frame(f, other, 100, 9);
	memcpy(g_ptr(g, b), f, 30);
	memcpy(g_ptr(g, b + 0x100), f + 30, 70);
	g_wr32(g, c0 + 4, 0x21000000 | 30 | 2000 << 11);   /* FS TCH, TBS2 2000 */
	g_wr32(g, c0 + 8, b);
	g_wr32(g, c0 + 12, c1);
	g_wr32(g, c1 + 4, 0x41000000 | 70);
	g_wr32(g, c1 + 8, b + 0x100);
	g_wr32(g, c1 + 12, c0);
	g_wr32(g, c1, 0x80000000);
	g_wr32(g, c0, 0x80000000);
	g_csr_w(g, 4, c0);
	g_csr_w(g, 6, 0x020E2002);
	cr_assert_eq(g->nwire, 1);
	cr_assert_eq(g->wire[0].len, 100);
	cr_assert_arr_eq(g->wire[0].data, f, 100);
	cr_assert_eq(TS(g_csr(g, 5)), 6, "suspended back at c0, now the host's");

	/* CSR0.DBO: descriptors are big-endian, data buffers are not */
	g_csr_w(g, 6, 0x020E0002);
	g_csr_w(g, 0, 0x01A08000 | 0x00100000);
	memcpy(g_ptr(g, c0 + 4), &(uint32_t){ htobe32(0x62000000 | 64) }, 4);
	memcpy(g_ptr(g, c0 + 8), &(uint32_t){ htobe32(b) }, 4);
	memcpy(g_ptr(g, c0), &(uint32_t){ htobe32(0x80000000) }, 4);
	memcpy(g_ptr(g, b), f, 64);
	g_csr_w(g, 4, c0);
	g_csr_w(g, 6, 0x020E2002);
	cr_assert_eq(g->nwire, 2, "a big-endian descriptor was understood");
	cr_assert_arr_eq(g->wire[1].data, f, 64);
	uint32_t st;
	memcpy(&st, g_ptr(g, c0), 4);
	cr_assert_eq(st, 0, "TDES0 written back");
	/* and a receive status written back big-endian */
	uint32_t r0 = G_MEM_BASE + 0x7000;
	g_csr_w(g, 6, 0x020E2000);
	memcpy(g_ptr(g, r0 + 4), &(uint32_t){ htobe32(0x02000000 | 1536) }, 4);
	memcpy(g_ptr(g, r0 + 8), &(uint32_t){ htobe32(b + 0x800) }, 4);
	memcpy(g_ptr(g, r0), &(uint32_t){ htobe32(0x80000000) }, 4);
	g_csr_w(g, 3, r0);
	g_csr_w(g, 6, 0x020E2042);
	make_frame(f, g_mac, 60, 4);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
	memcpy(&st, g_ptr(g, r0), 4);
	cr_assert_eq(be32toh(st) & 0xFFFF0300, (64u << 16) | 0x300, "RDES0 big-endian: %#x", st);
	cr_assert_arr_eq(g_ptr(g, b + 0x800), f, 60, "data as it came");
}

Test(tulip, tx_jabber_on_an_endless_frame)
{
	uint8_t f[1500];

	g_up(g);
	make_frame(f, other, 1500, 1);
	/* two 1500-byte segments make one 3000-byte frame: over the limit */
	memcpy(g_ptr(g, g->tx_bufs), f, 1500);
	g_wr32(g, g_tx_desc(g, 1) + 4, 0x20000000 | 1500);
	g_wr32(g, g_tx_desc(g, 1) + 8, g->tx_bufs);
	g_wr32(g, g_tx_desc(g, 2) + 4, 0x40000000 | 1500);
	g_wr32(g, g_tx_desc(g, 2) + 8, g->tx_bufs);
	g_wr32(g, g_tx_desc(g, 2), 0x80000000);
	g_wr32(g, g_tx_desc(g, 1), 0x80000000);
	g_csr_w(g, 1, 0);
	cr_assert_eq(g->nwire, 0, "not sent");
	cr_assert_eq(g_rd32(g, g_tx_desc(g, 2)), 0xC000 | 0, "TDES0: ES and TO");
	cr_assert(g_csr(g, 5) & 0x8, "TJT");
	cr_assert_eq(g_csr(g, 5) & 0x2000, 0, "not a bus error");
	/* the next frame goes normally */
	g->cur_tx = 3;
	g_xmit(g, f, 200, false);
	cr_assert_eq(g->nwire, 1);
	cr_assert_eq(g->wire[0].len, 200);
}

/* Found by fuzz_tulip in make soak: with padding off (DPD) a frame of
 * buffers of no byte went to the wire as a frame of length 0. */
Test(tulip, tx_with_padding_off_sends_nothing_under_an_ethernet_header)
{
	struct tulip_stats st;
	uint8_t f[64];
	uint32_t b;

	g_up(g);
	b = g->tx_bufs;
	for (unsigned int len = 0; len <= 14; len += 14) {
		unsigned int e = g->cur_tx++;

		make_frame(f, other, 60, 2);
		memcpy(g_ptr(g, b), f, 60);
		g_wr32(g, g_tx_desc(g, e) + 4, 0x60800000 | len); /* FS LS DPD */
		g_wr32(g, g_tx_desc(g, e) + 8, b);
		g_wr32(g, g_tx_desc(g, e), 0x80000000);
		g_csr_w(g, 1, 0);
		cr_assert_eq(g_rd32(g, g_tx_desc(g, e)), 0, "descriptor %u closed", e);
	}
	cr_assert_eq(g->nwire, 1, "%u frames on the wire", g->nwire);
	cr_assert_eq(g->wire[0].len, 14, "the 14-byte one is sent as it is");
	tulip_get_stats(g->dev, &st);
	cr_assert_eq(st.tx_runts, 1);
	cr_assert_eq(st.tx_frames, 1);
}

Test(tulip, setup_frame_of_the_wrong_size_changes_nothing)
{
	uint8_t f[64], s[192];

	g_up(g);
	memset(s, 0, sizeof(s));   /* a table without our address */
	unsigned int e = g->cur_tx++;
	memcpy(g_ptr(g, g->tx_bufs + 2048 * e), s, 192);
	g_wr32(g, g_tx_desc(g, e) + 4, 0x08000000 | 100);
	g_wr32(g, g_tx_desc(g, e) + 8, g->tx_bufs + 2048 * e);
	g_wr32(g, g_tx_desc(g, e), 0x80000000);
	g_csr_w(g, 1, 0);
	cr_assert_eq(g_rd32(g, g_tx_desc(g, e)), 0, "closed");
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED, "the old filter still holds");
}

Test(tulip, missed_frame_counter_overflows)
{
	uint8_t f[64];

	g_init_rings(g, 1, 2);
	g_wr32(g, g_rx_desc(g, 0), 0);      /* nothing for the device */
	g_csr_w(g, 3, g->rx_ring);
	g_csr_w(g, 6, 0x020E0042);
	make_frame(f, g_mac, 60, 0);
	for (int i = 0; i < 0x10002; i++)
		cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_NO_BUFFER);
	cr_assert_eq(g_csr(g, 8) & 0x1FFFF, 0x1FFFF, "count saturated, overflow bit set");
	cr_assert_eq(g_csr(g, 8) & 0x1FFFF, 0, "cleared by the read");
}

Test(tulip, posted_kicks_run_when_the_owner_says)
{
	uint8_t f[64];

	g_up(g);
	tulip_set_posted_kicks(g->dev, true);
	make_frame(f, other, 64, 3);
	g_xmit(g, f, 64, true);
	cr_assert_eq(g->nwire, 0, "the CSR1 write only posts the kick");
	cr_assert(tulip_tx_pending(g->dev));
	cr_assert_eq(g_rd32(g, g_tx_desc(g, 1)), 0x80000000, "still the device's");
	tulip_tx_resume(g->dev);
	cr_assert_eq(g->nwire, 1);
	cr_assert_arr_eq(g->wire[0].data, f, 64);
	cr_assert_eq(g_rd32(g, g_tx_desc(g, 1)), 0);
	cr_assert_not(tulip_tx_pending(g->dev));
	cr_assert(g_csr(g, 5) & 1, "TI");
}

Test(tulip, loopback_internal)
{
	uint8_t f[64];

	g_up(g);
	g_csr_w(g, 6, 0x020E0000);
	g_csr_w(g, 6, 0x020E2002 | 1 << 10);
	make_frame(f, g_mac, 64, 0);
	g_xmit(g, f, 64, false);
	cr_assert_eq(g->nwire, 0, "internal loopback never reaches the wire");
	uint32_t st = g_rd32(g, g_rx_desc(g, 0));
	cr_assert_eq(st & 0x80000300, 0x300);
	cr_assert_eq((st >> 12) & 3, 1, "DT: internal loopback");
	cr_assert_arr_eq(g_ptr(g, g_rx_buf(g, 0)), f, 64);
}

Test(tulip, general_purpose_timer)
{
	g_csr_w(g, 7, 0x00008800);   /* AIS and GTE only, as the throttle path */
	g_csr_w(g, 11, 12);
	cr_assert_eq(g_csr(g, 11) & 0x1FFFF, 12);
	g->now += 6 * 81920;
	cr_assert_eq(g_csr(g, 11) & 0xFFFF, 6);
	cr_assert_eq(g_csr(g, 5) & 0x800, 0);
	cr_assert_not(g->irq);
	g->now += 6 * 81920;
	tulip_run_timer(g->dev);
	cr_assert(g->irq, "GTE is abnormal: AIS raises INTA#");
	cr_assert_eq(g_csr(g, 5) & 0x8800, 0x8800);
	cr_assert_eq(tulip_timer_deadline(g->dev), 0, "one-shot");
	g_csr_w(g, 5, 0x800);
	cr_assert_not(g->irq);
	/* continuous mode reloads */
	g_csr_w(g, 11, 0x10000 | 2);
	g->now += 2 * 81920;
	tulip_run_timer(g->dev);
	cr_assert(g->irq);
	cr_assert_eq(tulip_timer_deadline(g->dev), g->now + 2 * 81920);
}

Test(tulip, interrupt_summaries_follow_enables)
{
	uint8_t f[64];

	g_up(g);
	g_csr_w(g, 7, 0x0001EBEF & ~0x40);  /* RI masked, NAPI style */
	make_frame(f, g_mac, 60, 0);
	tulip_receive(g->dev, f, 60);
	uint32_t csr5 = g_csr(g, 5);
	cr_assert(csr5 & 0x40, "RI is still reported");
	cr_assert_eq(csr5 & 0x18000, 0, "but feeds no summary");
	cr_assert_not(g->irq);
	g_csr_w(g, 7, 0x0001EBEF);
	cr_assert(g->irq, "enabling it raises the line");
	g_csr_w(g, 7, 0x0000EBEF);          /* NIE off */
	cr_assert_not(g->irq);
	g_csr_w(g, 5, 0x40);
	g_csr_w(g, 7, 0x0001EBEF);
	cr_assert_not(g->irq);
}

/* The backend watches its queue closely only for a guest that waits for
 * a receive interrupt: line low, RI and NIS enabled. */
Test(tulip, rx_irq_armed_only_for_a_guest_waiting_for_one)
{
	uint8_t f[64];

	g_up(g);
	g_csr_w(g, 7, 0x0001EBEF);
	cr_assert(tulip_rx_irq_armed(g->dev), "Linux's tulip_up enables: armed");
	make_frame(f, g_mac, 60, 0);
	tulip_receive(g->dev, f, 60);
	cr_assert(g->irq);
	cr_assert_not(tulip_rx_irq_armed(g->dev), "the line is up already");
	g_csr_w(g, 7, 0x0001EBEF & ~0x40);  /* the NAPI handler masks RI */
	g_csr_w(g, 5, 0x40);                /* the poll routine acknowledges */
	cr_assert_not(g->irq);
	cr_assert_not(tulip_rx_irq_armed(g->dev), "RI masked: the guest polls");
	g_csr_w(g, 7, 0x0000EBEF);          /* NIE off */
	cr_assert_not(tulip_rx_irq_armed(g->dev));
	g_csr_w(g, 7, 0x0001EBEF);          /* the poll routine unmasks */
	cr_assert(tulip_rx_irq_armed(g->dev));
	g_csr_w(g, 7, 0);                   /* a polled ring */
	cr_assert_not(tulip_rx_irq_armed(g->dev));
}

/* ---- what a misbehaving guest gets ---- */

static void assert_fatal(const char *what)
{
	uint32_t csr5 = g_csr(g, 5);

	cr_assert(csr5 & 0x2000, "%s: FBE (csr5 %#x)", what, csr5);
	cr_assert_eq((csr5 >> 23) & 7, 1, "%s: master abort", what);
	cr_assert_eq((csr5 >> 17) & 0x3f, 0, "%s: both processes stopped", what);
	cr_assert(csr5 & 0x8000, "%s: AIS", what);
	cr_assert(g->irq, "%s: INTA#", what);
}

Test(tulip, bus_error_rx_ring_outside_memory)
{
	uint8_t f[64];

	g_up(g);
	g_csr_w(g, 6, 0x020E0000);
	g_csr_w(g, 3, 0xFFFFFFF8);   /* a descriptor straddling the top of memory */
	g_csr_w(g, 6, 0x020E2002);
	assert_fatal("rx ring");
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_STOPPED);
	/* the driver's recovery: reset and open again */
	g_up(g);
	cr_assert_eq(g_csr(g, 5) & 0x2000, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_DELIVERED);
}

Test(tulip, bus_error_rx_buffer_across_region_end)
{
	uint8_t f[200];

	g_up(g);
	g_wr32(g, g_rx_desc(g, 0) + 8, G_MEM_BASE + G_MEM_SIZE - 100);
	make_frame(f, g_mac, 200, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 200), TULIP_RX_BUS_ERROR);
	assert_fatal("rx buffer");
	cr_assert_eq(g_rd32(g, g_rx_desc(g, 0)), 0x80000000, "descriptor not closed");
}

Test(tulip, bus_error_tx_buffer_and_descriptor)
{
	uint8_t f[64];

	g_up(g);
	make_frame(f, other, 64, 0);
	g_xmit(g, f, 64, false);
	cr_assert_eq(g->nwire, 1);
	g_wr32(g, g_tx_desc(g, 2) + 8, 0x1000);  /* below guest memory */
	g_wr32(g, g_tx_desc(g, 2) + 4, 0x60000000 | 64);
	g_wr32(g, g_tx_desc(g, 2), 0x80000000);
	g_csr_w(g, 1, 0);
	assert_fatal("tx buffer");
	cr_assert_eq(g->nwire, 1, "nothing sent");

	g_up(g);
	g_wr32(g, g_tx_desc(g, 1) + 4, 0x01000000);   /* chained into nowhere */
	g_wr32(g, g_tx_desc(g, 1) + 12, 0x7ffffff0);
	g_wr32(g, g_tx_desc(g, 1), 0x80000000);
	g_csr_w(g, 1, 0);
	assert_fatal("tx chain");
}

Test(tulip, bus_error_endless_ring)
{
	/* 600 owned, empty, chained descriptors with no last segment: one
	 * "frame" that never ends */
	uint32_t base = G_MEM_BASE + 0x20000;

	g_up(g);
	for (int i = 0; i < 600; i++) {
		uint32_t d = base + 16 * i;

		g_wr32(g, d, 0x80000000);
		g_wr32(g, d + 4, 0x01000000 | (i == 0 ? 0x20000000 : 0));
		g_wr32(g, d + 12, d + 16);
	}
	g_csr_w(g, 6, 0x020E0002);
	g_csr_w(g, 4, base);
	g_csr_w(g, 6, 0x020E2002);
	for (int i = 0; i < 4 && tulip_tx_pending(g->dev); i++)
		tulip_tx_resume(g->dev);
	assert_fatal("endless ring");
	cr_assert_eq(g->nwire, 0);
}

Test(tulip, bus_error_without_bus_master)
{
	uint8_t f[64];

	g_up(g);
	tulip_cfg_write(g->dev, 0x04, 2, 0x0003);
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_BUS_ERROR);
	assert_fatal("no bus master");
}

Test(tulip, memory_unmapped_under_the_device)
{
	uint8_t f[64];
	void *host;

	g_up(g);
	cr_assert_eq(guest_mem_remove(&g->mem, G_MEM_BASE, G_MEM_SIZE, &host), 0);
	cr_assert_eq(host, g->ram);
	make_frame(f, g_mac, 60, 0);
	cr_assert_eq(tulip_receive(g->dev, f, 60), TULIP_RX_BUS_ERROR);
	assert_fatal("unmapped");
}

Test(tulip, guest_mem_bounds)
{
	struct guest_mem m;
	uint8_t a[64], b[64], x;

	guest_mem_init(&m);
	cr_assert_eq(guest_mem_add(&m, 0x1000, 64, a, true), 0);
	cr_assert_eq(guest_mem_add(&m, 0x1040, 64, b, false), 0);
	cr_assert_eq(guest_mem_add(&m, 0x1030, 0x20, a, true), -EEXIST);
	cr_assert_eq(guest_mem_add(&m, UINT64_MAX - 4, 16, a, true), -EINVAL, "wraps");
	cr_assert_eq(guest_mem_add(&m, 0x5000, 0, a, true), -EINVAL);
	cr_assert_eq(guest_mem_ptr(&m, 0x1000, 64, true), a);
	cr_assert_null(guest_mem_ptr(&m, 0x1000, 65, false), "past the end");
	cr_assert_null(guest_mem_ptr(&m, 0x1020, 64, false), "across two regions");
	cr_assert_null(guest_mem_ptr(&m, 0xFFF, 2, false));
	cr_assert_null(guest_mem_ptr(&m, 0x1040, 1, true), "read-only");
	cr_assert_eq(guest_mem_ptr(&m, 0x1041, 1, false), b + 1);
	cr_assert_null(guest_mem_ptr(&m, 0x1001, UINT64_MAX, false));
	cr_assert_eq(guest_mem_read(&m, 0x10FF, &x, 1), -EFAULT);
	cr_assert_eq(guest_mem_remove(&m, 0x1000, 32, NULL), -ENOENT);
}
