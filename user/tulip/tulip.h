/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A DEC 21140A "Tulip" PCI Ethernet controller, as a device model that
 * knows nothing of where its frames come from or go: a VMM (or a test
 * acting as one) drives its PCI config space and CSRs, gives it guest
 * memory, hands it frames from the wire and receives the frames the
 * guest transmits and the state of its interrupt line.
 *
 * What it models and what it leaves out is in docs/legacy-nic.md; the
 * register facts come from the 21140A hardware reference.
 *
 * Single-threaded: the caller serialises every call on one device. No
 * call blocks. A guest that points the device outside its memory, at
 * an endless ring or at absurd lengths gets a fatal bus error (CSR5.FBE,
 * both processes stopped), never a crash of the process.
 */
#ifndef VSW_TULIP_H
#define VSW_TULIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "guest_mem.h"

#define TULIP_PCI_VENDOR 0x1011
#define TULIP_PCI_DEVICE 0x0009
#define TULIP_PCI_REVISION 0x22
#define TULIP_CFG_SIZE 256
#define TULIP_BAR_SIZE 128   /* both the I/O (BAR0) and memory (BAR1) BAR */
#define TULIP_NUM_CSRS 16

/* Largest frame (without FCS) the receive path takes from the wire. */
#define TULIP_RX_FRAME_MAX 2044
/* Longest transmitted frame before the jabber timer cuts it off. */
#define TULIP_TX_FRAME_MAX 2048
/* One frame may not span more descriptors than this: a ring whose
 * descriptors the guest keeps re-arming under the device is "endless". */
#define TULIP_MAX_DESC_PER_FRAME 512
/* Descriptors the TX process handles per kick before it yields. */
#define TULIP_TX_BUDGET 256

struct tulip;

struct tulip_ops {
	/* A frame the guest transmitted (no FCS), to the wire. */
	void (*tx_frame)(void *opaque, const uint8_t *frame, size_t len);
	/* INTA# changed level. */
	void (*set_irq)(void *opaque, bool level);
	/* Monotonic nanoseconds, for the general-purpose timer (CSR11).
	 * NULL: CLOCK_MONOTONIC. */
	uint64_t (*now_ns)(void *opaque);
};

enum tulip_rx_result {
	TULIP_RX_DELIVERED,  /* in the guest's ring, RI raised */
	TULIP_RX_FILTERED,   /* the address filter rejected it */
	TULIP_RX_STOPPED,    /* receive process stopped (or bus error) */
	TULIP_RX_NO_BUFFER,  /* no guest-owned descriptor: missed, RU */
	TULIP_RX_TRUNCATED,  /* the ring ran out mid-frame (DE) */
	TULIP_RX_INVALID,    /* not an Ethernet frame the wire could carry */
	TULIP_RX_BUS_ERROR,  /* a descriptor or buffer outside guest memory */
	TULIP_RX_WAIT,       /* tulip_receive_or_wait(): no descriptor yet */
};

/* A device with the station address mac (stored in its serial ROM),
 * reaching guest memory through mem (owned by the caller, which may
 * change its regions between calls). NULL on allocation failure. */
struct tulip *tulip_new(const uint8_t mac[6], const struct guest_mem *mem,
			const struct tulip_ops *ops, void *opaque);
void tulip_free(struct tulip *t);

/* PCI reset (power-on state, config space included). */
void tulip_reset(struct tulip *t);

/* PCI configuration space, any size 1, 2 or 4 inside the 256 bytes. */
uint32_t tulip_cfg_read(struct tulip *t, unsigned int off, unsigned int size);
void tulip_cfg_write(struct tulip *t, unsigned int off, unsigned int size, uint32_t val);

/* BAR0 (I/O) and BAR1 (memory) both map the CSRs: CSRn at n * 8.
 * Only aligned 32-bit accesses reach a CSR; others read 0, writes vanish. */
uint32_t tulip_bar_read(struct tulip *t, unsigned int bar, uint64_t off, unsigned int size);
void tulip_bar_write(struct tulip *t, unsigned int bar, uint64_t off, unsigned int size, uint32_t val);

/* A frame (without FCS) from the wire into the guest's receive ring. */
enum tulip_rx_result tulip_receive(struct tulip *t, const uint8_t *frame, size_t len);

/* As tulip_receive(), for a backend with a queue of its own: a frame
 * that passes the filter but finds no descriptor the device owns is
 * left to the caller (TULIP_RX_WAIT, nothing counted, no RU) to offer
 * again once the guest has given buffers back, rather than missed. */
enum tulip_rx_result tulip_receive_or_wait(struct tulip *t, const uint8_t *frame, size_t len);

/* Would a frame that passes the filter be stored now? (The receive
 * process runs and owns its current descriptor.) Lets a backend leave
 * frames queued while the guest refills its ring instead of dropping. */
bool tulip_rx_ready(struct tulip *t);

/* Link of the medium: the PHY's BMSR link bit (latched low) and the
 * GPIO signal-detect pin follow it. */
void tulip_set_link(struct tulip *t, bool up);

/* The transmit process yielded with descriptors left (TULIP_TX_BUDGET),
 * or has a posted kick waiting: call tulip_tx_resume() to go on. */
bool tulip_tx_pending(const struct tulip *t);
void tulip_tx_resume(struct tulip *t);

/* Posted kicks: a CSR1 write or a transmit start only marks the transmit
 * process pending, and the caller runs it (tulip_tx_resume) after it has
 * answered the write, as a PCI write is posted and the chip transmits
 * while the driver goes on. Off by default: the write runs it at once. */
void tulip_set_posted_kicks(struct tulip *t, bool posted);

/* The general-purpose timer: its deadline (0 = not running) and the call
 * that fires it once the deadline has passed. */
uint64_t tulip_timer_deadline(const struct tulip *t);
void tulip_run_timer(struct tulip *t);

/* The INTA# level now. */
bool tulip_irq_level(const struct tulip *t);

/* Would the next frame stored interrupt the guest? (INTA# is low and
 * CSR7 enables RI with NIS.) A guest waiting for that interrupt should
 * get it at once; one that polls (a NAPI driver masks RI while it does,
 * a polled ring never enables it) finds its frames either way. */
bool tulip_rx_irq_armed(const struct tulip *t);

/* Would a Linux guest use another address than mac? Linux's tulip
 * driver, after reading the station address from the serial ROM, swaps
 * the two bytes of each of its three 16-bit halves when the first byte is
 * 0xA0, 0xC0 or 0x02 and the second 0x00 (boards that stored their
 * address that way). No ROM content gets such an address to a Linux
 * guest unchanged, while other guests' drivers take it as it is. */
bool tulip_mac_swapped_by_linux(const uint8_t mac[6]);

/* The 128-byte serial ROM image (tests and tools read it). */
const uint8_t *tulip_srom_image(const struct tulip *t);

struct tulip_stats {
	uint64_t rx_frames, rx_filtered, rx_missed, rx_truncated;
	uint64_t tx_frames, tx_jabber, setup_frames, bus_errors;
	uint64_t tx_runts; /* frames under 14 bytes (padding off), not sent */
};
void tulip_get_stats(const struct tulip *t, struct tulip_stats *s);

#endif /* VSW_TULIP_H */
