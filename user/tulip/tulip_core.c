// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The 21140A's PCI face and its CSRs: config space, reset, the status
 * and interrupt logic, the serial-ROM/MII port, the general-purpose
 * timer and GPIO port. The descriptor lists are in tulip_ring.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tulip_priv.h"

/* Reserved bits read as ones; fields reset to 0 (CSR6: MBO, bits 29:28
 * and PR, the 21140A's power-on mode). */
static const uint32_t csr_reset[TULIP_NUM_CSRS] = {
	[CSR0] = 0xFE000000, [CSR1] = 0xFFFFFFFF, [CSR2] = 0xFFFFFFFF,
	[CSR5] = 0xFC000000, [CSR6] = 0x32000040, [CSR7] = 0xFFFE0000,
	[CSR8] = 0xE0000000, [CSR11] = 0xFFFE0000,
};

/* Bits a CSR write changes (the others keep their reset value). */
static const uint32_t csr_wmask[TULIP_NUM_CSRS] = {
	[CSR0] = 0x01BEFFFF,  /* all but DAS (16), bit 22 and 31:25 */
	[CSR3] = 0xFFFFFFFC, [CSR4] = 0xFFFFFFFC,
	[CSR6] = 0xC1EEFEEA,  /* all but HP/HO/IF (from the setup frame), MBO, reserved */
	[CSR7] = 0x0001ABEF,  /* the interrupt sources a 21140A has */
	[CSR10] = 0x0003FFFF, /* 256 KB of boot ROM */
	[CSR15] = 0x00000037,
};

static uint64_t now_ns(struct tulip *t)
{
	struct timespec ts;

	if (t->ops.now_ns)
		return t->ops.now_ns(t->opaque);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* ---- PCI configuration space ---- */

static void cfg_put(struct tulip *t, unsigned int off, unsigned int size, uint32_t v, uint32_t wmask)
{
	for (unsigned int i = 0; i < size; i++) {
		t->cfg[off + i] = v >> (8 * i);
		t->cfg_wmask[off + i] = wmask >> (8 * i);
	}
}

static void cfg_reset(struct tulip *t)
{
	const uint8_t *rom = t->srom.image;

	memset(t->cfg, 0, sizeof(t->cfg));
	memset(t->cfg_wmask, 0, sizeof(t->cfg_wmask));
	cfg_put(t, 0x00, 2, TULIP_PCI_VENDOR, 0);
	cfg_put(t, 0x02, 2, TULIP_PCI_DEVICE, 0);
	/* I/O, memory, master, MWI, parity response, SERR# */
	cfg_put(t, 0x04, 2, 0, 0x0157);
	cfg_put(t, 0x06, 2, 0x0280, 0);  /* fast back-to-back, DEVSEL medium */
	cfg_put(t, 0x08, 4, 0x02000000 | TULIP_PCI_REVISION, 0);
	cfg_put(t, 0x0C, 2, 0, 0xFFFF);  /* cache line size, latency timer */
	/* 128-byte BARs: I/O (bit 0 set) and 32-bit non-prefetchable memory */
	cfg_put(t, 0x10, 4, 0x00000001, 0xFFFFFF80);
	cfg_put(t, 0x14, 4, 0x00000000, 0xFFFFFF80);
	/* subsystem IDs as the chip loads them from the serial ROM */
	cfg_put(t, 0x2C, 4, rom[0] | rom[1] << 8 | rom[2] << 16 | (uint32_t)rom[3] << 24, 0);
	/* no expansion ROM: its BAR reads 0 and sizes to nothing */
	cfg_put(t, 0x3C, 4, 0x28140100, 0x000000FF); /* line, INTA#, min_gnt, max_lat */
	cfg_put(t, 0x40, 4, 0, 0xC000FF00);          /* CFDA: sleep, snooze, driver byte */
}

uint32_t tulip_cfg_read(struct tulip *t, unsigned int off, unsigned int size)
{
	uint32_t v = 0;

	if ((size != 1 && size != 2 && size != 4) || off >= TULIP_CFG_SIZE ||
	    size > TULIP_CFG_SIZE - off)
		return 0xFFFFFFFF;
	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)t->cfg[off + i] << (8 * i);
	return v;
}

void tulip_cfg_write(struct tulip *t, unsigned int off, unsigned int size, uint32_t val)
{
	if ((size != 1 && size != 2 && size != 4) || off >= TULIP_CFG_SIZE ||
	    size > TULIP_CFG_SIZE - off)
		return;
	for (unsigned int i = 0; i < size; i++) {
		uint8_t m = t->cfg_wmask[off + i];

		t->cfg[off + i] = (t->cfg[off + i] & ~m) | ((val >> (8 * i)) & m);
	}
}

/* ---- interrupts ---- */

static uint32_t csr5_value(const struct tulip *t)
{
	uint32_t enabled = t->status & t->csr[CSR7];
	uint32_t v = csr_reset[CSR5] | t->status;

	if (enabled & CSR5_NORMAL)
		v |= CSR5_NIS;
	if (enabled & CSR5_ABNORMAL)
		v |= CSR5_AIS;
	v |= t->rs << CSR5_RS_SHIFT | t->ts << CSR5_TS_SHIFT;
	if (t->status & CSR5_FBE)
		v |= t->eb << CSR5_EB_SHIFT;
	return v;
}

void tulip_update_irq(struct tulip *t)
{
	uint32_t v = csr5_value(t), ie = t->csr[CSR7];
	bool level = ((v & CSR5_NIS) && (ie & CSR5_NIS)) || ((v & CSR5_AIS) && (ie & CSR5_AIS));

	if (level == t->irq)
		return;
	t->irq = level;
	if (t->ops.set_irq)
		t->ops.set_irq(t->opaque, level);
}

void tulip_raise(struct tulip *t, uint32_t status_bits)
{
	t->status |= status_bits;
	tulip_update_irq(t);
}

bool tulip_irq_level(const struct tulip *t)
{
	return t->irq;
}

bool tulip_rx_irq_armed(const struct tulip *t)
{
	uint32_t ie = t->csr[CSR7];

	return !t->irq && (ie & CSR5_RI) && (ie & CSR5_NIS);
}

void tulip_bus_error(struct tulip *t)
{
	/* A master abort, as a chip gets when it addresses nothing: both
	 * processes stop where they are; only a reset or a restart from the
	 * driver brings them back. */
	t->eb = CSR5_EB_MASTER_ABORT;
	t->fatal = true;
	t->rs = RS_STOPPED;
	t->ts = TS_STOPPED;
	t->tx_in_frame = false;
	t->tx_more = false;
	t->stats.bus_errors++;
	tulip_raise(t, CSR5_FBE);
}

/* ---- reset ---- */

static void csr_reset_all(struct tulip *t)
{
	uint32_t ps = t->csr[CSR6] & CSR6_PS; /* the port select survives SWR */

	memcpy(t->csr, csr_reset, sizeof(t->csr));
	t->csr[CSR6] |= ps;
	t->status = 0;
	t->rs = RS_STOPPED;
	t->ts = TS_STOPPED;
	t->eb = 0;
	t->fatal = false;
	t->rx_cur = t->tx_cur = 0;
	t->missed = 0;
	t->gpio_dir = t->gpio_out = 0;
	t->timer_deadline = 0;
	t->tx_in_frame = t->tx_jabber = t->tx_more = false;
	t->tx_len = 0;
	memset(&t->filter, 0, sizeof(t->filter));
	tulip_srom_deselect(&t->srom);
	t->srom_do = true;
	tulip_update_irq(t);
}

void tulip_reset(struct tulip *t)
{
	t->csr[CSR6] = 0;
	csr_reset_all(t);
	cfg_reset(t);
}

struct tulip *tulip_new(const uint8_t mac[6], const struct guest_mem *mem,
			const struct tulip_ops *ops, void *opaque)
{
	struct tulip *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->mem = mem;
	if (ops)
		t->ops = *ops;
	t->opaque = opaque;
	memcpy(t->mac, mac, 6);
	tulip_srom_build(&t->srom, mac);
	tulip_mii_init(&t->mii, true);
	tulip_reset(t);
	return t;
}

void tulip_free(struct tulip *t)
{
	free(t);
}

const uint8_t *tulip_srom_image(const struct tulip *t)
{
	return t->srom.image;
}

void tulip_get_stats(const struct tulip *t, struct tulip_stats *s)
{
	*s = t->stats;
}

void tulip_set_link(struct tulip *t, bool up)
{
	tulip_mii_set_link(&t->mii, up);
}

/* ---- the general-purpose timer ---- */

uint64_t tulip_timer_deadline(const struct tulip *t)
{
	return t->timer_deadline;
}

static void timer_arm(struct tulip *t, uint64_t from)
{
	uint32_t count = t->csr[CSR11] & CSR11_COUNT;

	t->timer_deadline = count ? from + count * TIMER_TICK_NS : 0;
}

void tulip_run_timer(struct tulip *t)
{
	uint64_t now;

	if (!t->timer_deadline)
		return;
	now = now_ns(t);
	if (now < t->timer_deadline)
		return;
	if (t->csr[CSR11] & CSR11_CON)
		timer_arm(t, now);
	else
		t->timer_deadline = 0;
	tulip_raise(t, CSR5_GTE);
}

static uint32_t timer_read(struct tulip *t)
{
	uint64_t now, left;

	tulip_run_timer(t);
	if (!t->timer_deadline)
		return t->csr[CSR11] & ~CSR11_COUNT;
	now = now_ns(t);
	left = t->timer_deadline > now ? t->timer_deadline - now : 0;
	return (t->csr[CSR11] & ~CSR11_COUNT) |
	       (uint32_t)((left + TIMER_TICK_NS - 1) / TIMER_TICK_NS);
}

/* ---- CSR9: serial ROM and MII management ---- */

static uint32_t csr9_read(const struct tulip *t)
{
	uint32_t v = t->csr[CSR9] & ~(CSR9_SROM_DO | CSR9_MII_MDI);

	if ((t->csr[CSR9] & CSR9_SROM_SEL) && t->srom_do)
		v |= CSR9_SROM_DO;
	if (t->mii_di)
		v |= CSR9_MII_MDI;
	return v;
}

static void csr9_write(struct tulip *t, uint32_t v)
{
	t->csr[CSR9] = v & ~(CSR9_SROM_DO | CSR9_MII_MDI);
	if (v & CSR9_SROM_SEL)
		t->srom_do = tulip_srom_write(&t->srom, v);
	else
		tulip_srom_deselect(&t->srom);
	t->mii_di = tulip_mii_write(&t->mii, v);
}

/* ---- CSR12: general-purpose port ---- */

static uint32_t csr12_read(const struct tulip *t)
{
	/* Input pins: signal detect on pin 6 follows the link, others low. */
	uint8_t in = t->mii.link ? GPIO_LINK_PIN : 0;

	return (t->gpio_out & t->gpio_dir) | (in & ~t->gpio_dir);
}

static void csr12_write(struct tulip *t, uint32_t v)
{
	if (v & CSR12_GPC)
		t->gpio_dir = v & 0xFF;
	else
		t->gpio_out = v & 0xFF;
}

/* ---- the transmit process's kicks ---- */

void tulip_set_posted_kicks(struct tulip *t, bool posted)
{
	t->posted_kicks = posted;
}

static void tx_kick(struct tulip *t)
{
	if (t->posted_kicks)
		t->tx_more = true;   /* the owner runs it after answering */
	else
		tulip_tx_run(t);
}

/* ---- CSR6: starting and stopping the processes ---- */

static void csr6_write(struct tulip *t, uint32_t v)
{
	uint32_t old = t->csr[CSR6], changed = old ^ v;

	t->csr[CSR6] = (old & ~csr_wmask[CSR6]) | (v & csr_wmask[CSR6]);
	/* Stopping acts at once. Starting resumes at the current descriptor,
	 * except after a fatal bus error: then only a reset restarts. */
	if ((changed & CSR6_SR) && !(v & CSR6_SR)) {
		t->rs = RS_STOPPED;
		t->status |= CSR5_RPS;
	} else if ((changed & CSR6_SR) && !t->fatal) {
		t->rs = RS_WAITING;
		tulip_rx_poll(t);
	}
	if ((changed & CSR6_ST) && !(v & CSR6_ST)) {
		t->ts = TS_STOPPED;
		t->tx_in_frame = false;
		t->tx_more = false;
		t->status |= CSR5_TPS;
	} else if ((changed & CSR6_ST) && !t->fatal) {
		t->ts = TS_FETCHING;
		tx_kick(t);
	}
	tulip_update_irq(t);
}

/* ---- CSR access ---- */

static uint32_t csr_read(struct tulip *t, unsigned int n)
{
	uint32_t v;

	switch (n) {
	case CSR5:
		tulip_run_timer(t);
		return csr5_value(t);
	case CSR8:
		/* the missed-frame counter clears when read */
		v = csr_reset[CSR8] | t->missed;
		t->missed = 0;
		return v;
	case CSR9:
		return csr9_read(t);
	case CSR11:
		return timer_read(t);
	case CSR12:
		return csr12_read(t);
	case CSR13:
	case CSR14:
		return 0; /* no SIA on the 21140A */
	default:
		return t->csr[n];
	}
}

static void csr_write(struct tulip *t, unsigned int n, uint32_t v)
{
	switch (n) {
	case CSR0:
		if (v & CSR0_SWR) {
			csr_reset_all(t);   /* SWR clears itself */
			return;
		}
		t->csr[CSR0] = (t->csr[CSR0] & ~csr_wmask[CSR0]) | (v & csr_wmask[CSR0]);
		return;
	case CSR1:
		if (t->ts != TS_STOPPED) {
			t->ts = TS_FETCHING;
			tx_kick(t);
		}
		return;
	case CSR2:
		tulip_rx_poll(t);
		return;
	case CSR3:
		/* a new list base also moves the current descriptor there */
		t->csr[CSR3] = v & csr_wmask[CSR3];
		t->rx_cur = t->csr[CSR3];
		return;
	case CSR4:
		t->csr[CSR4] = v & csr_wmask[CSR4];
		t->tx_cur = t->csr[CSR4];
		t->tx_in_frame = false;
		return;
	case CSR5:
		t->status &= ~(v & CSR5_W1C);
		tulip_update_irq(t);
		return;
	case CSR6:
		csr6_write(t, v);
		return;
	case CSR7:
		t->csr[CSR7] = (csr_reset[CSR7] & ~csr_wmask[CSR7]) | (v & csr_wmask[CSR7]);
		tulip_update_irq(t);
		return;
	case CSR9:
		csr9_write(t, v);
		return;
	case CSR11:
		t->csr[CSR11] = (csr_reset[CSR11] & ~0x1FFFFu) | (v & 0x1FFFFu);
		timer_arm(t, now_ns(t));
		return;
	case CSR12:
		csr12_write(t, v);
		return;
	case CSR10:
	case CSR15:
		t->csr[n] = v & csr_wmask[n];
		return;
	default:
		return; /* CSR8, CSR13, CSR14: no effect */
	}
}

uint32_t tulip_bar_read(struct tulip *t, unsigned int bar, uint64_t off, unsigned int size)
{
	if (bar > 1 || size != 4 || off >= TULIP_BAR_SIZE || (off & 7))
		return 0;
	return csr_read(t, off >> 3);
}

void tulip_bar_write(struct tulip *t, unsigned int bar, uint64_t off, unsigned int size, uint32_t val)
{
	if (bar > 1 || size != 4 || off >= TULIP_BAR_SIZE || (off & 7))
		return;
	csr_write(t, off >> 3, val);
}
