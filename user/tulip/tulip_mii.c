// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <string.h>
#include "tulip_mii.h"

/* A made-up PHY identifier ("VS", model 0x30, revision 1): drivers
 * only need it nonzero. */
#define PHYID1 0x5653
#define PHYID2 0x0301

static void phy_defaults(struct tulip_mii *m)
{
	memset(m->reg, 0, sizeof(m->reg));
	m->reg[MII_BMCR] = 0x3100; /* AN enabled, 100 Mb/s, full duplex */
	m->reg[MII_PHYID1] = PHYID1;
	m->reg[MII_PHYID2] = PHYID2;
	m->reg[MII_ANAR] = 0x01E1;
}

void tulip_mii_init(struct tulip_mii *m, bool link)
{
	memset(m, 0, sizeof(*m));
	phy_defaults(m);
	m->link = link;
	m->link_latched = link;
	m->mdi = true;
}

void tulip_mii_set_link(struct tulip_mii *m, bool up)
{
	m->link = up;
	if (!up)
		m->link_latched = false;
}

uint16_t tulip_mii_read_reg(struct tulip_mii *m, unsigned int reg)
{
	bool link;

	switch (reg & 31) {
	case MII_BMSR:
		/* link status latches low until read */
		link = m->link_latched && m->link;
		m->link_latched = m->link;
		return link ? BMSR_UP : BMSR_DOWN;
	case MII_ANLPAR:
		return m->link ? 0x41E1 : 0; /* the partner: ACK and all abilities */
	default:
		return m->reg[reg & 31];
	}
}

void tulip_mii_write_reg(struct tulip_mii *m, unsigned int reg, uint16_t val)
{
	switch (reg & 31) {
	case MII_BMCR:
		if (val & BMCR_RESET) {   /* self-clearing, restores defaults */
			phy_defaults(m);
			return;
		}
		m->reg[MII_BMCR] = val & ~0x0200; /* restart-AN completes at once */
		break;
	case MII_ANAR:
		m->reg[MII_ANAR] = val;
		break;
	default:                          /* everything else read-only */
		break;
	}
}

/* One rising edge of MDC; bit is MDIO's level (what the chip drives, or
 * the pull-up when it listens). Frame cycles: 1-2 ST (01), 3-4 OP,
 * 5-9 PHY address, 10-14 register, 15-16 turnaround, 17-32 data. A
 * read's D15 goes on MDI after the edge that ends cycle 16. */
static void clock_edge(struct tulip_mii *m, bool bit)
{
	if (!m->cycle) {
		if (bit) {
			m->ones++;
		} else if (m->ones >= 32) {
			m->cycle = 1;      /* ST's first bit, the 0 */
			m->shift = 0;
			m->ones = 0;
		} else {
			m->ones = 0;
		}
		return;
	}
	m->cycle++;
	if (m->cycle <= 14)
		m->shift = m->shift << 1 | bit;
	if (m->cycle == 14) {
		/* shift holds cycles 2..14: ST's second bit, OP, PHY, REG */
		unsigned int st = (m->shift >> 12) & 1, op = (m->shift >> 10) & 3;
		unsigned int phy = (m->shift >> 5) & 31, reg = m->shift & 31;

		m->present = phy == TULIP_PHY_ADDR;
		if (st != 1 || (op != 2 && op != 1)) {
			m->cycle = 0;      /* not a frame: wait for a preamble */
			return;
		}
		m->reading = op == 2;
		if (m->reading && m->present)
			m->data_out = tulip_mii_read_reg(m, reg);
		m->shift = reg;        /* keep the register for a write */
		return;
	}
	if (m->reading) {
		if (m->cycle == 15)
			m->mdi = !m->present;  /* the PHY's turnaround zero */
		else if (m->cycle >= 16 && m->cycle <= 31)
			m->mdi = m->present ? (m->data_out >> (31 - m->cycle)) & 1 : true;
		else if (m->cycle == 32) {
			m->mdi = true;
			m->cycle = 0;
		}
		return;
	}
	/* write: 15-16 turnaround (10), 17-32 data */
	if (m->cycle >= 17)
		m->data_out = m->data_out << 1 | bit;
	if (m->cycle == 32) {
		if (m->present)
			tulip_mii_write_reg(m, m->shift, m->data_out);
		m->cycle = 0;
	}
}

bool tulip_mii_write(struct tulip_mii *m, uint32_t csr9)
{
	bool mdc = csr9 & CSR9_MII_MDC;

	if (mdc && !m->mdc) {
		bool listening = csr9 & CSR9_MII_READ;

		clock_edge(m, listening ? m->mdi : (csr9 & CSR9_MII_MDO) != 0);
	}
	m->mdc = mdc;
	return m->mdi;
}
