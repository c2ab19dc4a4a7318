// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <string.h>
#include <zlib.h>
#include "tulip.h"
#include "tulip_srom.h"

/* Format-3 ISV layout: subsystem IDs in bytes 0-3, ID-block CRC at 16,
 * format 18, controller count 19, MAC 20-25, info-leaf offset 27-28. The
 * leaf (at 30) says "autosense", GP direction 0, one extended type-1
 * (MII PHY) block: PHY index 0, no GP or reset sequences, capabilities
 * 100/10 full/half, advertisement 0x01E1, full-duplex map 0x5000, TTM
 * map 0x1800. Linux takes the MAC from 20 because bytes 0-7 differ
 * from 16-23, and probes the PHY because of the MII block. */
static const uint8_t srom_template[48] = {
	[0] = 0x11, [1] = 0x10, [2] = 0x01, [3] = 0x00,
	[18] = 0x03, [19] = 0x01,
	[27] = 0x1e, [28] = 0x00,
	[30] = 0x00, [31] = 0x08,           /* selected connection: autosense */
	[32] = 0x00,                        /* GP control (CSR12 direction) */
	[33] = 0x01,                        /* one media block */
	[34] = 0x8c, [35] = 0x01,           /* extended, 12 bytes, type 1 */
	[36] = 0x00, [37] = 0x00, [38] = 0x00,
	[39] = 0x00, [40] = 0x78,           /* capabilities */
	[41] = 0xe1, [42] = 0x01,           /* NWay advertisement */
	[43] = 0x00, [44] = 0x50,           /* full-duplex map */
	[45] = 0x00, [46] = 0x18,           /* TTM map */
};

uint8_t tulip_srom_id_crc(const uint8_t *image)
{
	/* CRC-8, polynomial x^8+x^2+x+1, preset 0xFF, MSB first over
	 * words 0-7 (high byte first) and then byte 17. */
	uint8_t order[17], crc = 0xFF;

	for (int w = 0; w < 8; w++) {
		order[2 * w] = image[2 * w + 1];
		order[2 * w + 1] = image[2 * w];
	}
	order[16] = image[17];
	for (int i = 0; i < 17; i++) {
		crc ^= order[i];
		for (int b = 0; b < 8; b++)
			crc = (crc & 0x80) ? (uint8_t)(crc << 1) ^ 0x07 : (uint8_t)(crc << 1);
	}
	return crc;
}

uint16_t tulip_srom_crc(const uint8_t *image)
{
	return crc32(0, image, TULIP_SROM_BYTES - 2) & 0xFFFF;
}

bool tulip_mac_swapped_by_linux(const uint8_t mac[6])
{
	return (mac[0] == 0xA0 || mac[0] == 0xC0 || mac[0] == 0x02) && mac[1] == 0x00;
}

void tulip_srom_build(struct tulip_srom *s, const uint8_t mac[6])
{
	uint16_t crc;

	memset(s, 0, sizeof(*s));
	memcpy(s->image, srom_template, sizeof(srom_template));
	memcpy(s->image + 20, mac, 6);
	s->image[16] = tulip_srom_id_crc(s->image);
	crc = tulip_srom_crc(s->image);
	s->image[126] = crc & 0xFF;
	s->image[127] = crc >> 8;
	tulip_srom_deselect(s);
}

void tulip_srom_deselect(struct tulip_srom *s)
{
	s->state = SROM_IDLE;
	s->bits = 0;
	s->command = 0;
	s->clk = false;
	s->data_out = true; /* DO floats high */
}

static uint16_t word_at(const struct tulip_srom *s, uint8_t addr)
{
	addr &= 63;
	return s->image[2 * addr] | s->image[2 * addr + 1] << 8;
}

/* One rising edge of SK with DI = in. */
static void clock_in(struct tulip_srom *s, bool in)
{
	switch (s->state) {
	case SROM_IDLE:           /* zeros before the start bit are ignored */
		if (in) {
			s->state = SROM_COMMAND;
			s->bits = 0;
			s->command = 0;
		}
		break;
	case SROM_COMMAND:        /* 2 opcode bits, 6 address bits */
		s->command = s->command << 1 | in;
		if (++s->bits < 8)
			break;
		if ((s->command >> 6) == 2) {
			/* READ: the dummy zero, then D15 first from the next edge */
			s->state = SROM_READING;
			s->addr = s->command & 63;
			s->bit = 16;
			s->data_out = false;
		} else {
			/* write, erase and their enables: this ROM is read-only */
			s->state = SROM_IGNORING;
			s->data_out = true;
		}
		break;
	case SROM_READING:        /* sequential read runs on into the next word */
		if (s->bit == 0) {
			s->addr = (s->addr + 1) & 63;
			s->bit = 16;
		}
		s->bit--;
		s->data_out = (word_at(s, s->addr) >> s->bit) & 1;
		break;
	case SROM_IGNORING:
		break;
	}
}

bool tulip_srom_write(struct tulip_srom *s, uint32_t csr9)
{
	bool clk = csr9 & CSR9_SROM_CLK;

	if (!(csr9 & CSR9_SROM_CS)) {
		tulip_srom_deselect(s);
		return s->data_out;
	}
	if (clk && !s->clk)
		clock_in(s, csr9 & CSR9_SROM_DI);
	s->clk = clk;
	return s->data_out;
}
