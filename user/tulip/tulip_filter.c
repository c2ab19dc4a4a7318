// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <string.h>
#include <zlib.h>
#include "tulip_filter.h"

unsigned int tulip_hash_index(const uint8_t addr[6])
{
	/* zlib's crc32() is the same CRC with a final inversion. */
	return ~(uint32_t)crc32(0, addr, 6) & 0x1FF;
}

/* Addresses sit in the low 16 bits of three consecutive longwords,
 * little-endian: bytes 0-1, 4-5 and 8-9 of a 12-byte entry. */
static void entry_addr(const uint8_t *entry, uint8_t addr[6])
{
	addr[0] = entry[0];
	addr[1] = entry[1];
	addr[2] = entry[4];
	addr[3] = entry[5];
	addr[4] = entry[8];
	addr[5] = entry[9];
}

void tulip_filter_load(struct tulip_filter *f, const uint8_t setup[TULIP_SETUP_LEN],
		       enum tulip_filter_mode mode)
{
	memset(f, 0, sizeof(*f));
	f->mode = mode;
	if (mode == TULIP_FILTER_PERFECT || mode == TULIP_FILTER_INVERSE) {
		for (int i = 0; i < 16; i++)
			entry_addr(setup + 12 * i, f->addr[i]);
		return;
	}
	/* Hash bit n: longword n >> 4, bit n & 15 of its low 16 bits. */
	for (int lw = 0; lw < 32; lw++) {
		f->hash[2 * lw] = setup[4 * lw];
		f->hash[2 * lw + 1] = setup[4 * lw + 1];
	}
	/* The hash mode's perfect unicast address: longwords 39-41. */
	entry_addr(setup + 4 * 39, f->addr[0]);
}

static bool in_perfect(const struct tulip_filter *f, const uint8_t dst[6])
{
	for (int i = 0; i < 16; i++)
		if (!memcmp(f->addr[i], dst, 6))
			return true;
	return false;
}

static bool in_hash(const struct tulip_filter *f, const uint8_t dst[6])
{
	unsigned int n = tulip_hash_index(dst);

	return (f->hash[n >> 3] >> (n & 7)) & 1;
}

bool tulip_filter_match(const struct tulip_filter *f, const uint8_t dst[6])
{
	bool multicast = dst[0] & 1;

	switch (f->mode) {
	case TULIP_FILTER_PERFECT:
		return in_perfect(f, dst);
	case TULIP_FILTER_INVERSE:
		return !in_perfect(f, dst);
	case TULIP_FILTER_HASH:
		return multicast ? in_hash(f, dst) : !memcmp(f->addr[0], dst, 6);
	case TULIP_FILTER_HASH_ONLY:
		return in_hash(f, dst);
	}
	return false;
}
