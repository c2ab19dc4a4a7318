// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The 21140A's receive and transmit processes: descriptor lists in guest
 * memory (ring or chained, skip length, end of ring), ownership hand-off,
 * frames over several descriptors, status write-back, setup frames and
 * the suspended states. Every descriptor and buffer access goes through
 * guest_mem_ptr(); a miss is a fatal bus error.
 */
#include <endian.h>
#include <pthread.h>
#include <string.h>
#include <zlib.h>
#include "tulip_priv.h"

/* The FCS of a received frame. zlib's CRC-32 is built for long buffers
 * and costs about four times a table-driven one on a 60-byte frame, where
 * it would be a fifth of the device's work per frame: short frames take
 * the tables (eight bytes per step), long ones zlib. */
#define FCS_SHORT 256
static uint32_t crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_tab_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
		crc_tab[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_tab[t][i] = (crc_tab[t - 1][i] >> 8) ^ crc_tab[0][crc_tab[t - 1][i] & 0xFF];
}

/* crc32() of zlib, continued from crc over p[0, n) */
static uint32_t fcs_update(uint32_t crc, const uint8_t *p, size_t n)
{
	if (n >= FCS_SHORT)
		return (uint32_t)crc32(crc, p, (uInt)n);
	pthread_once(&crc_once, crc_tab_init);
	crc = ~crc;
	for (; n >= 8; p += 8, n -= 8) {
		uint32_t a = (p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24) ^ crc;
		uint32_t b = p[4] | p[5] << 8 | p[6] << 16 | (uint32_t)p[7] << 24;

		crc = crc_tab[7][a & 0xFF] ^ crc_tab[6][(a >> 8) & 0xFF] ^
		      crc_tab[5][(a >> 16) & 0xFF] ^ crc_tab[4][a >> 24] ^
		      crc_tab[3][b & 0xFF] ^ crc_tab[2][(b >> 8) & 0xFF] ^
		      crc_tab[1][(b >> 16) & 0xFF] ^ crc_tab[0][b >> 24];
	}
	while (n--)
		crc = (crc >> 8) ^ crc_tab[0][(crc ^ *p++) & 0xFF];
	return ~crc;
}

static bool bus_master(const struct tulip *t)
{
	return t->cfg[0x04] & PCI_CMD_MASTER;
}

static uint32_t desc_order(const struct tulip *t, uint32_t v)
{
	return (t->csr[CSR0] & CSR0_DBO) ? be32toh(v) : le32toh(v);
}

/* Read the whole descriptor once: later guest writes to it do not
 * change what this pass acts on. */
static int desc_read(struct tulip *t, uint32_t addr, struct tulip_desc *d)
{
	uint32_t raw[4];

	if (!bus_master(t) || guest_mem_read(t->mem, addr, raw, sizeof(raw)))
		return -1;
	for (int i = 0; i < 4; i++)
		d->des[i] = desc_order(t, raw[i]);
	return 0;
}

/* Only xDES0 is ever written back: status, with OWN handed back. */
static int des0_write(struct tulip *t, uint32_t addr, uint32_t v)
{
	uint32_t raw = (t->csr[CSR0] & CSR0_DBO) ? htobe32(v) : htole32(v);

	return guest_mem_write(t->mem, addr, &raw, sizeof(raw)) ? -1 : 0;
}

/* End of ring goes back to the base and wins over chaining; chained
 * lists follow the second address; rings skip DSL longwords. */
static uint32_t desc_next(const struct tulip *t, uint32_t addr, const struct tulip_desc *d,
			  uint32_t base, uint32_t chain, uint32_t end)
{
	if (d->des[1] & end)
		return base;
	if (d->des[1] & chain)
		return d->des[3];
	return addr + 16 + 4 * ((t->csr[CSR0] >> CSR0_DSL_SHIFT) & CSR0_DSL_MASK);
}

/* A received frame as the wire delivers it: the data, zeros up to 60
 * bytes, the FCS. Copied straight into guest buffers, never staged. */
struct wire_frame {
	const uint8_t *data;
	size_t len, padded, total;
	uint8_t fcs[4];
};

static void wire_frame_init(struct wire_frame *w, const uint8_t *data, size_t len)
{
	static const uint8_t zeros[60];
	uint32_t crc;

	w->data = data;
	w->len = len;
	w->padded = len < 60 ? 60 : len;
	w->total = w->padded + 4;
	crc = fcs_update(fcs_update(0, data, len), zeros, w->padded - len);
	for (int i = 0; i < 4; i++)
		w->fcs[i] = crc >> (8 * i);
}

/* Bytes [off, off + n) of the wire frame into guest buffer addr. */
static int wire_to_guest(struct tulip *t, uint32_t addr, const struct wire_frame *w,
			 size_t off, size_t n)
{
	uint8_t *dst;
	size_t k;

	if (!n)
		return 0;
	dst = guest_mem_ptr(t->mem, addr, n, true);
	if (!dst)
		return -1;
	if (off < w->len) {
		k = n < w->len - off ? n : w->len - off;
		memcpy(dst, w->data + off, k);
		dst += k, off += k, n -= k;
	}
	if (n && off < w->padded) {
		k = n < w->padded - off ? n : w->padded - off;
		memset(dst, 0, k);
		dst += k, off += k, n -= k;
	}
	if (n)
		memcpy(dst, w->fcs + (off - w->padded), n);
	return 0;
}

/* ---- receive ---- */

static bool rx_accept(struct tulip *t, const uint8_t *dst)
{
	uint32_t mode = t->csr[CSR6];

	if (mode & CSR6_PR)
		return true;
	if ((mode & CSR6_PM) && (dst[0] & 1))
		return true;
	return tulip_filter_match(&t->filter, dst);
}

/* Fetch the current receive descriptor: true when the device owns it. */
static bool rx_fetch(struct tulip *t, struct tulip_desc *d, bool *fault)
{
	*fault = desc_read(t, t->rx_cur, d) != 0;
	return !*fault && (d->des[0] & DES0_OWN);
}

void tulip_rx_poll(struct tulip *t)
{
	struct tulip_desc d;
	bool fault;

	if (t->rs == RS_STOPPED)
		return;
	if (rx_fetch(t, &d, &fault)) {
		t->rs = RS_WAITING;
		return;
	}
	if (fault) {
		tulip_bus_error(t);
		return;
	}
	if (t->rs != RS_SUSPENDED) {
		t->rs = RS_SUSPENDED;
		tulip_raise(t, CSR5_RU);
	}
}

bool tulip_rx_ready(struct tulip *t)
{
	struct tulip_desc d;
	bool fault;

	if (t->rs == RS_STOPPED)
		return false;
	/* a fault is reported by the receive itself */
	return rx_fetch(t, &d, &fault) || fault;
}

static uint32_t rx_frame_bits(const uint8_t *frame, size_t len)
{
	uint32_t bits = 0;

	if (frame[0] & 1)
		bits |= RDES0_MF;
	if ((frame[12] << 8 | frame[13]) > 1500)
		bits |= RDES0_FT;   /* Ethernet II rather than 802.3 */
	if (len > 1518)
		bits |= RDES0_TL;
	return bits;
}

enum tulip_rx_result tulip_rx_store(struct tulip *t, const uint8_t *frame, size_t len,
				    uint32_t type_bits, bool wait)
{
	uint32_t bits = type_bits | rx_frame_bits(frame, len), first = RDES0_FS;
	uint32_t addr = t->rx_cur;
	struct wire_frame w;
	struct tulip_desc d;
	size_t wlen, off = 0;
	bool fault;

	/* A suspended process fetches its descriptor again for each frame. */
	if (!rx_fetch(t, &d, &fault)) {
		if (fault)
			goto bus_error;
		if (wait)
			return TULIP_RX_WAIT;
		t->missed = t->missed >= 0xFFFF ? 0x1FFFF : t->missed + 1;
		t->stats.rx_missed++;
		t->rs = RS_SUSPENDED;
		tulip_raise(t, CSR5_RU);
		return TULIP_RX_NO_BUFFER;
	}
	t->rs = RS_WAITING;
	wire_frame_init(&w, frame, len);
	wlen = w.total;
	for (unsigned int descs = 1;; descs++) {
		size_t n1, n2 = 0;
		uint32_t next;

		if (descs > TULIP_MAX_DESC_PER_FRAME)
			goto bus_error;
		n1 = DES1_BS1(d.des[1]);
		if (n1 > wlen - off)
			n1 = wlen - off;
		if (wire_to_guest(t, d.des[2], &w, off, n1))
			goto bus_error;
		off += n1;
		if (!(d.des[1] & RDES1_RCH)) {  /* chained: buffer 2 is the link */
			n2 = DES1_BS2(d.des[1]);
			if (n2 > wlen - off)
				n2 = wlen - off;
			if (wire_to_guest(t, d.des[3], &w, off, n2))
				goto bus_error;
			off += n2;
		}
		next = desc_next(t, addr, &d, t->csr[CSR3], RDES1_RCH, RDES1_RER);
		if (off == wlen) {
			if (des0_write(t, addr, bits | first | RDES0_LS | (uint32_t)wlen << RDES0_FL_SHIFT))
				goto bus_error;
			t->rx_cur = next;
			t->stats.rx_frames++;
			tulip_raise(t, CSR5_RI);
			return TULIP_RX_DELIVERED;
		}
		t->rx_cur = next;
		if (!rx_fetch(t, &d, &fault)) {
			if (fault)
				goto bus_error;
			/* out of descriptors mid-frame: truncate with DE, suspend */
			if (des0_write(t, addr, bits | first | RDES0_LS | RDES0_DE | RDES0_ES |
					    (uint32_t)off << RDES0_FL_SHIFT))
				goto bus_error;
			t->rs = RS_SUSPENDED;
			t->stats.rx_truncated++;
			tulip_raise(t, CSR5_RI | CSR5_RU);
			return TULIP_RX_TRUNCATED;
		}
		if (des0_write(t, addr, first))  /* an intermediate descriptor */
			goto bus_error;
		first = 0;
		addr = next;
	}

bus_error:
	tulip_bus_error(t);
	return TULIP_RX_BUS_ERROR;
}

static enum tulip_rx_result receive(struct tulip *t, const uint8_t *frame, size_t len, bool wait)
{
	uint32_t bits = 0;

	if (len < 14 || len > TULIP_RX_FRAME_MAX)
		return TULIP_RX_INVALID;
	if (t->rs == RS_STOPPED)
		return TULIP_RX_STOPPED;
	if (!rx_accept(t, frame)) {
		if (!(t->csr[CSR6] & CSR6_RA)) {
			t->stats.rx_filtered++;
			return TULIP_RX_FILTERED;
		}
		bits |= RDES0_FF;   /* receive-all: passed up, marked */
	}
	return tulip_rx_store(t, frame, len, bits, wait);
}

enum tulip_rx_result tulip_receive(struct tulip *t, const uint8_t *frame, size_t len)
{
	return receive(t, frame, len, false);
}

enum tulip_rx_result tulip_receive_or_wait(struct tulip *t, const uint8_t *frame, size_t len)
{
	return receive(t, frame, len, true);
}

/* ---- transmit ---- */

static int tx_setup_frame(struct tulip *t, const struct tulip_desc *d)
{
	const uint8_t *setup;
	enum tulip_filter_mode mode;

	/* The setup buffer is exactly 192 bytes; anything else is closed
	 * without changing the filter. */
	if (DES1_BS1(d->des[1]) != TULIP_SETUP_LEN)
		return 0;
	setup = guest_mem_ptr(t->mem, d->des[2], TULIP_SETUP_LEN, false);
	if (!setup)
		return -1;
	mode = ((d->des[1] & TDES1_FT1) ? 2 : 0) | ((d->des[1] & TDES1_FT0) ? 1 : 0);
	tulip_filter_load(&t->filter, setup, mode);
	t->csr[CSR6] &= ~CSR6_FILTER_RO;
	if (mode == TULIP_FILTER_HASH || mode == TULIP_FILTER_HASH_ONLY)
		t->csr[CSR6] |= CSR6_HP;
	if (mode == TULIP_FILTER_HASH_ONLY)
		t->csr[CSR6] |= CSR6_HO;
	if (mode == TULIP_FILTER_INVERSE)
		t->csr[CSR6] |= CSR6_IF;
	t->stats.setup_frames++;
	return 0;
}

/* Append a buffer to the frame being gathered; past the jabber limit
 * the rest of the frame is dropped. */
static int tx_gather(struct tulip *t, uint32_t addr, size_t len)
{
	const uint8_t *src;
	size_t room = sizeof(t->tx_buf) - t->tx_len;

	if (!len)
		return 0;
	src = guest_mem_ptr(t->mem, addr, len, false);
	if (!src)
		return -1;
	if (len > room) {
		t->tx_jabber = true;
		len = room;
	}
	memcpy(t->tx_buf + t->tx_len, src, len);
	t->tx_len += len;
	return 0;
}

static void tx_emit(struct tulip *t, uint32_t des1)
{
	uint32_t om = (t->csr[CSR6] >> CSR6_OM_SHIFT) & CSR6_OM_MASK;
	size_t len = t->tx_len;

	if (len < 60 && !(des1 & TDES1_DPD)) {
		memset(t->tx_buf + len, 0, 60 - len);
		len = 60;
	}
	/* Padding off (DPD) and less than an Ethernet header, down to no
	 * byte at all: nothing a wire or a switch could carry. */
	if (len < 14) {
		t->stats.tx_runts++;
		return;
	}
	t->stats.tx_frames++;
	if (om) {
		/* loopback: back into the receive process, never to the wire */
		if (t->rs != RS_STOPPED && len >= 14 && len <= TULIP_RX_FRAME_MAX &&
		    (rx_accept(t, t->tx_buf) || (t->csr[CSR6] & CSR6_RA)))
			tulip_rx_store(t, t->tx_buf, len, om << RDES0_DT_SHIFT, false);
		return;
	}
	if (t->ops.tx_frame)
		t->ops.tx_frame(t->opaque, t->tx_buf, len);
}

void tulip_tx_run(struct tulip *t)
{
	t->tx_more = false;
	for (unsigned int budget = TULIP_TX_BUDGET; budget; budget--) {
		uint32_t addr = t->tx_cur, next, des1, status = 0;
		struct tulip_desc d;

		if (t->ts == TS_STOPPED)
			return;
		if (desc_read(t, addr, &d))
			goto bus_error;
		if (!(d.des[0] & DES0_OWN)) {
			t->ts = TS_SUSPENDED;
			tulip_raise(t, CSR5_TU);
			return;
		}
		t->ts = TS_FETCHING;
		des1 = d.des[1];
		next = desc_next(t, addr, &d, t->csr[CSR4], TDES1_TCH, TDES1_TER);
		if (des1 & TDES1_SET) {
			if (tx_setup_frame(t, &d))
				goto bus_error;
		} else {
			if ((des1 & TDES1_FS) || !t->tx_in_frame) {
				t->tx_in_frame = true;
				t->tx_len = 0;
				t->tx_descs = 0;
				t->tx_jabber = false;
			}
			if (++t->tx_descs > TULIP_MAX_DESC_PER_FRAME)
				goto bus_error;
			if (tx_gather(t, d.des[2], DES1_BS1(des1)))
				goto bus_error;
			if (!(des1 & TDES1_TCH) && tx_gather(t, d.des[3], DES1_BS2(des1)))
				goto bus_error;
			if (des1 & TDES1_LS) {
				t->tx_in_frame = false;
				if (t->tx_jabber) {
					status = TDES0_ES | TDES0_TO;
					t->stats.tx_jabber++;
					t->status |= CSR5_TJT;
				} else {
					tx_emit(t, des1);
				}
			}
		}
		if (des0_write(t, addr, status))
			goto bus_error;
		t->tx_cur = next;
		/* IC on a setup packet or on a frame's last segment */
		if ((des1 & TDES1_IC) && (des1 & (TDES1_SET | TDES1_LS)))
			t->status |= CSR5_TI;
		tulip_update_irq(t);
	}
	t->tx_more = true;   /* yield; tulip_tx_resume() goes on */
	return;

bus_error:
	tulip_bus_error(t);
}

bool tulip_tx_pending(const struct tulip *t)
{
	return t->tx_more && t->ts != TS_STOPPED;
}

void tulip_tx_resume(struct tulip *t)
{
	if (tulip_tx_pending(t))
		tulip_tx_run(t);
}
