/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A guest for the 21140A model's tests: one region of guest memory, the
 * device's callbacks recorded, and the register sequences a Linux tulip
 * driver uses for a 21140 (serial-ROM and MDIO bit-banging, ring set-up,
 * setup frames), written from the driver's side with the driver's
 * literal values, not the model's constants.
 */
#ifndef VSW_TULIP_GUEST_H
#define VSW_TULIP_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "tulip.h"

#define G_MEM_BASE 0x00100000u
#define G_MEM_SIZE (1u << 20)
#define G_MAX_WIRE 64

struct g_frame {
	uint8_t data[2048];
	size_t len;
};

struct guest {
	struct guest_mem mem;
	uint8_t *ram;
	struct tulip *dev;
	bool irq;
	unsigned int irq_edges;
	uint64_t now;
	struct g_frame wire[G_MAX_WIRE]; /* what the device transmitted */
	unsigned int nwire;
	/* rings as tulip_init_ring lays them out */
	uint32_t rx_ring, tx_ring, rx_bufs, tx_bufs;
	unsigned int nrx, ntx, cur_tx;
};

extern const uint8_t g_mac[6];

void g_init(struct guest *g);
void g_fini(struct guest *g);
/* Another board: a new device whose ROM holds mac, PCI-enabled. */
void g_new_board(struct guest *g, const uint8_t mac[6]);

uint32_t g_csr(struct guest *g, unsigned int n);
void g_csr_w(struct guest *g, unsigned int n, uint32_t v);

/* guest memory as the driver sees it */
uint32_t g_rd32(struct guest *g, uint32_t gpa);
void g_wr32(struct guest *g, uint32_t gpa, uint32_t v);
uint8_t *g_ptr(struct guest *g, uint32_t gpa);

/* Linux's read_eeprom(): one word, and the raw 29-bit shift-in for
 * addr_len 8 that its size probe looks at. */
uint16_t g_srom_read(struct guest *g, unsigned int addr, unsigned int addr_len, uint32_t *raw);
/* The station address as Linux's tulip_init_one settles it: the ROM's
 * size probe, its words as far as the driver reads them, then
 * linux_station_address() (tests/tulip_bitbang.h). */
void g_linux_station_address(struct guest *g, uint8_t addr[6]);
int g_mdio_read(struct guest *g, unsigned int phy, unsigned int reg);
void g_mdio_write(struct guest *g, unsigned int phy, unsigned int reg, unsigned int val);

/* tulip_init_ring: nrx RX descriptors (buffer 1 of 1536 bytes, buffer 2
 * = next entry, RER on the last) and ntx TX descriptors. */
void g_init_rings(struct guest *g, unsigned int nrx, unsigned int ntx);
uint32_t g_rx_desc(struct guest *g, unsigned int i);
uint32_t g_tx_desc(struct guest *g, unsigned int i);
uint32_t g_rx_buf(struct guest *g, unsigned int i);

/* tulip_up up to and including the initial setup frame and RX start
 * (CSR6 = 0x020E0000 | ST | SR). */
void g_up(struct guest *g);

/* Queue one frame at cur_tx with FS|LS (and IC), kick CSR1. */
void g_xmit(struct guest *g, const uint8_t *frame, size_t len, bool ic);

/* Queue a 192-byte setup frame (ctl = TDES1 without the size) and kick. */
void g_setup_frame(struct guest *g, const uint8_t *setup, uint32_t ctl);
/* build_setup_frame_perfect: addrs in entries, broadcast elsewhere,
 * own address in entry 15. */
void g_build_perfect(uint8_t setup[192], const uint8_t (*addrs)[6], int n);
/* build_setup_frame_hash: hash bits of addrs plus broadcast, own
 * address as the perfect one. */
void g_build_hash(uint8_t setup[192], const uint8_t (*addrs)[6], int n);

/* The driver's ether_crc_le(6, addr) & 0x1ff, done bit by bit. */
unsigned int g_hash_bit(const uint8_t addr[6]);

#endif /* VSW_TULIP_GUEST_H */
