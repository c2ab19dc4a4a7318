/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The board's MII PHY at address 1, reached through clause-22 management
 * frames bit-banged on CSR9 (MDC, MDO, read mode, MDI). Its BMSR link bit
 * follows the medium and latches low, as 802.3 asks.
 */
#ifndef VSW_TULIP_MII_H
#define VSW_TULIP_MII_H

#include <stdbool.h>
#include <stdint.h>

#define CSR9_MII_MDC   0x00010000u
#define CSR9_MII_MDO   0x00020000u
#define CSR9_MII_READ  0x00040000u /* the PHY drives MDIO */
#define CSR9_MII_MDI   0x00080000u

#define TULIP_PHY_ADDR 1

#define MII_BMCR   0
#define MII_BMSR   1
#define MII_PHYID1 2
#define MII_PHYID2 3
#define MII_ANAR   4
#define MII_ANLPAR 5

#define BMCR_RESET      0x8000
#define BMSR_LINK       0x0004
#define BMSR_UP         0x782D /* 100/10 FD/HD, AN complete, AN able, link, extended */
#define BMSR_DOWN       0x7809 /* the same without link and AN complete */

struct tulip_mii {
	uint16_t reg[32];
	bool link;         /* the medium now */
	bool link_latched; /* BMSR's link bit until read: low if the link fell */
	/* management-frame state */
	unsigned int ones;  /* consecutive ones seen while idle (preamble) */
	unsigned int cycle; /* frame cycle, 1 = ST's first bit; 0 = idle */
	uint32_t shift;     /* bits clocked in this frame */
	uint16_t data_out;  /* register value being read */
	bool reading, present;
	bool mdc, mdi;
};

void tulip_mii_init(struct tulip_mii *m, bool link);
void tulip_mii_set_link(struct tulip_mii *m, bool up);

/* The chip wrote CSR9 (management bits); returns MDI's level after it. */
bool tulip_mii_write(struct tulip_mii *m, uint32_t csr9);

/* Register access as a management frame would do it (tests use it too). */
uint16_t tulip_mii_read_reg(struct tulip_mii *m, unsigned int reg);
void tulip_mii_write_reg(struct tulip_mii *m, unsigned int reg, uint16_t val);

#endif /* VSW_TULIP_MII_H */
