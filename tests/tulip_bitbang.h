/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The serial-ROM and MDIO bit-banging a Linux tulip driver does through
 * CSR9, with the driver's own values, over any way of reaching the CSRs
 * (the model directly in unit tests, vfio-user in the selftest's guest).
 */
#ifndef VSW_TULIP_BITBANG_H
#define VSW_TULIP_BITBANG_H

#include <stdint.h>

struct csr_io {
	uint32_t (*read)(void *ctx, unsigned int csr);
	void (*write)(void *ctx, unsigned int csr, uint32_t val);
	void *ctx;
};

#define EE_SHIFT_CLK 0x02
#define EE_CS 0x01
#define EE_DATA_WRITE 0x04
#define EE_DATA_READ 0x08
#define EE_ENB (0x4800 | EE_CS)

/* read_eeprom(): one word; *raw gets the whole shift-in (addr_len + 5 + 16
 * bits), which the size probe at address 0xFF with addr_len 8 looks at. */
static inline uint16_t bb_srom_read(const struct csr_io *io, unsigned int addr,
				    unsigned int addr_len, uint32_t *raw)
{
	uint32_t retval = 0, cmd = addr | (6u << addr_len);

	io->write(io->ctx, 9, EE_ENB & ~EE_CS);
	io->write(io->ctx, 9, EE_ENB);
	for (int i = addr_len + 4; i >= 0; i--) {
		uint32_t d = (cmd & (1u << i)) ? EE_DATA_WRITE : 0;

		io->write(io->ctx, 9, EE_ENB | d);
		io->write(io->ctx, 9, EE_ENB | d | EE_SHIFT_CLK);
		retval = retval << 1 | ((io->read(io->ctx, 9) & EE_DATA_READ) ? 1 : 0);
	}
	io->write(io->ctx, 9, EE_ENB);
	for (int i = 16; i > 0; i--) {
		io->write(io->ctx, 9, EE_ENB | EE_SHIFT_CLK);
		retval = retval << 1 | ((io->read(io->ctx, 9) & EE_DATA_READ) ? 1 : 0);
		io->write(io->ctx, 9, EE_ENB);
	}
	io->write(io->ctx, 9, EE_ENB & ~EE_CS);
	if (raw)
		*raw = retval;
	return retval & 0xFFFF;
}

/* The station address as a driver settles it from the ROM bytes it read:
 * at byte 20 of a new-format ROM (bytes 0-7 differ from 16-23), else at 0
 * (2 on a ROM starting ff ff 00); its bytes swapped in pairs when it
 * starts a0:00 or c0:00 (the fix-up for Lite-On boards that stored it
 * so), and for Linux's tulip_init_one also 02:00 (iPXE's tulip driver
 * leaves those); the drivers' made-up address 00:4c:69:6e:75:79 when the
 * six bytes sum to 0 or 6 x 0xff. */
enum srom_swap { SWAP_LINUX, SWAP_IPXE };

static inline void srom_station_address(const uint8_t *ee, uint8_t addr[6], enum srom_swap rule)
{
	static const uint8_t made_up[6] = { 0x00, 0x4c, 0x69, 0x6e, 0x75, 0x79 };
	unsigned int at = 0, sum = 0;

	for (int i = 0; i < 8; i++)
		if (ee[i] != ee[16 + i])
			at = 20;
	if (ee[0] == 0xff && ee[1] == 0xff && ee[2] == 0)
		at = 2;
	for (int i = 0; i < 6; i++) {
		addr[i] = ee[at + i];
		sum += addr[i];
	}
	if ((addr[0] == 0xa0 || addr[0] == 0xc0 || (addr[0] == 0x02 && rule == SWAP_LINUX)) &&
	    addr[1] == 0x00) {
		for (int i = 0; i < 6; i += 2) {
			uint8_t b = addr[i];

			addr[i] = addr[i + 1];
			addr[i + 1] = b;
		}
	}
	if (sum == 0 || sum == 6 * 0xff)
		for (int i = 0; i < 6; i++)
			addr[i] = made_up[i];
}

static inline void linux_station_address(const uint8_t *ee, uint8_t addr[6])
{
	srom_station_address(ee, addr, SWAP_LINUX);
}

#define MDIO_SHIFT_CLK 0x10000
#define MDIO_DATA_WRITE1 0x20000
#define MDIO_ENB_IN 0x40000
#define MDIO_DATA_READ 0x80000

static inline int bb_mdio_read(const struct csr_io *io, unsigned int phy, unsigned int reg)
{
	int read_cmd = (0xf6 << 10) | (phy << 5) | reg, retval = 0;

	for (int i = 32; i >= 0; i--) {   /* preamble */
		io->write(io->ctx, 9, MDIO_DATA_WRITE1);
		io->write(io->ctx, 9, MDIO_DATA_WRITE1 | MDIO_SHIFT_CLK);
	}
	for (int i = 15; i >= 0; i--) {
		int d = (read_cmd & (1 << i)) ? MDIO_DATA_WRITE1 : 0;

		io->write(io->ctx, 9, d);
		io->write(io->ctx, 9, d | MDIO_SHIFT_CLK);
	}
	for (int i = 19; i > 0; i--) {
		io->write(io->ctx, 9, MDIO_ENB_IN);
		retval = (retval << 1) | ((io->read(io->ctx, 9) & MDIO_DATA_READ) ? 1 : 0);
		io->write(io->ctx, 9, MDIO_ENB_IN | MDIO_SHIFT_CLK);
	}
	return (retval >> 1) & 0xffff;
}

static inline void bb_mdio_write(const struct csr_io *io, unsigned int phy, unsigned int reg,
				 unsigned int val)
{
	uint32_t cmd = (0x5002u << 16) | (phy << 23) | (reg << 18) | val;

	for (int i = 32; i >= 0; i--) {
		io->write(io->ctx, 9, MDIO_DATA_WRITE1);
		io->write(io->ctx, 9, MDIO_DATA_WRITE1 | MDIO_SHIFT_CLK);
	}
	for (int i = 31; i >= 0; i--) {
		int d = (cmd & (1u << i)) ? MDIO_DATA_WRITE1 : 0;

		io->write(io->ctx, 9, d);
		io->write(io->ctx, 9, d | MDIO_SHIFT_CLK);
	}
	for (int i = 2; i > 0; i--) {
		io->write(io->ctx, 9, MDIO_ENB_IN);
		io->write(io->ctx, 9, MDIO_ENB_IN | MDIO_SHIFT_CLK);
	}
}

#endif /* VSW_TULIP_BITBANG_H */
