/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The 21140A's destination-address filter as a setup frame programs it:
 * 16 perfect addresses, inverse perfect, hash (512-bit multicast table
 * plus one perfect unicast address) and hash-only.
 */
#ifndef VSW_TULIP_FILTER_H
#define VSW_TULIP_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#define TULIP_SETUP_LEN 192

/* Filtering type: TDES1 bits FT1 (28) and FT0 (22) as a 2-bit number. */
enum tulip_filter_mode {
	TULIP_FILTER_PERFECT = 0,
	TULIP_FILTER_HASH = 1,      /* hash for multicast, one perfect unicast */
	TULIP_FILTER_INVERSE = 2,
	TULIP_FILTER_HASH_ONLY = 3,
};

struct tulip_filter {
	enum tulip_filter_mode mode;
	uint8_t addr[16][6]; /* perfect and inverse; addr[0] is the hash mode's unicast */
	uint8_t hash[64];    /* 512 bits, bit n at hash[n >> 3] bit (n & 7) */
};

/* Latch a 192-byte setup frame in mode. */
void tulip_filter_load(struct tulip_filter *f, const uint8_t setup[TULIP_SETUP_LEN],
		       enum tulip_filter_mode mode);

/* Does the table accept destination dst? (Promiscuous and pass-all-
 * multicast are CSR6 bits; the caller checks them first.) */
bool tulip_filter_match(const struct tulip_filter *f, const uint8_t dst[6]);

/* The 9-bit hash index of an address: CRC-32 (reflected, 0xEDB88320,
 * preset ones, no final inversion) & 0x1FF. */
unsigned int tulip_hash_index(const uint8_t addr[6]);

#endif /* VSW_TULIP_FILTER_H */
