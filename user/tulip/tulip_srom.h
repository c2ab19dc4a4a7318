/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The 21140A board's serial ROM: a 93C46 (64 x 16-bit words) that the
 * driver bit-bangs through CSR9, holding a format-3 ISV image with the
 * station address and one MII PHY media block.
 */
#ifndef VSW_TULIP_SROM_H
#define VSW_TULIP_SROM_H

#include <stdbool.h>
#include <stdint.h>

#define TULIP_SROM_BYTES 128

/* CSR9 bits of the serial-ROM interface */
#define CSR9_SROM_CS   0x00000001u
#define CSR9_SROM_CLK  0x00000002u
#define CSR9_SROM_DI   0x00000004u /* chip -> ROM */
#define CSR9_SROM_DO   0x00000008u /* ROM -> chip */
#define CSR9_SROM_SEL  0x00000800u

struct tulip_srom {
	uint8_t image[TULIP_SROM_BYTES];
	/* 93C46 state */
	enum { SROM_IDLE, SROM_COMMAND, SROM_READING, SROM_IGNORING } state;
	unsigned int bits;    /* command bits after the start bit */
	uint32_t command;
	uint8_t addr;         /* word being read */
	int bit;              /* data bit on DO, 15..0 */
	bool clk, data_out;
};

/* Fill image for mac, subsystem 1011:0001, both CRCs computed. */
void tulip_srom_build(struct tulip_srom *s, const uint8_t mac[6]);

/* Reset the serial state machine (chip select dropped). */
void tulip_srom_deselect(struct tulip_srom *s);

/* The chip wrote CSR9 with the ROM selected; returns DO's level after it. */
bool tulip_srom_write(struct tulip_srom *s, uint32_t csr9);

/* The ID-block CRC (byte 16) and the ROM CRC (bytes 126-127) of image. */
uint8_t tulip_srom_id_crc(const uint8_t *image);
uint16_t tulip_srom_crc(const uint8_t *image);

#endif /* VSW_TULIP_SROM_H */
