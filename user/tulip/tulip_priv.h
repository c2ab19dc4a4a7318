/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Inside the 21140A model: register bits and the device state that
 * tulip_core.c (PCI, CSRs, interrupts, timer) and tulip_ring.c (the
 * descriptor lists) share.
 */
#ifndef VSW_TULIP_PRIV_H
#define VSW_TULIP_PRIV_H

#include "tulip.h"
#include "tulip_filter.h"
#include "tulip_mii.h"
#include "tulip_srom.h"

enum { CSR0 = 0, CSR1, CSR2, CSR3, CSR4, CSR5, CSR6, CSR7, CSR8, CSR9,
       CSR10, CSR11, CSR12, CSR13, CSR14, CSR15 };

/* CSR0 bus mode */
#define CSR0_SWR        0x00000001u
#define CSR0_DSL_SHIFT  2
#define CSR0_DSL_MASK   0x1Fu
#define CSR0_DBO        0x00100000u

/* CSR5 status; the same bits 0-16 enable interrupts in CSR7 */
#define CSR5_TI   0x00000001u
#define CSR5_TPS  0x00000002u
#define CSR5_TU   0x00000004u
#define CSR5_TJT  0x00000008u
#define CSR5_UNF  0x00000020u
#define CSR5_RI   0x00000040u
#define CSR5_RU   0x00000080u
#define CSR5_RPS  0x00000100u
#define CSR5_RWT  0x00000200u
#define CSR5_GTE  0x00000800u
#define CSR5_FBE  0x00002000u
#define CSR5_AIS  0x00008000u
#define CSR5_NIS  0x00010000u
#define CSR5_W1C  0x0001FFFFu
#define CSR5_NORMAL   (CSR5_TI | CSR5_TU | CSR5_RI)
/* GTE is abnormal on the DEC parts: Linux's throttle path enables only
 * AIS and GTE and waits for the timer. */
#define CSR5_ABNORMAL (CSR5_TPS | CSR5_TJT | CSR5_UNF | CSR5_RU | CSR5_RPS | \
		       CSR5_RWT | CSR5_GTE | CSR5_FBE)
#define CSR5_RS_SHIFT 17
#define CSR5_TS_SHIFT 20
#define CSR5_EB_SHIFT 23
#define CSR5_EB_MASTER_ABORT 1u

/* process states (CSR5 RS and TS fields) this model rests in */
#define RS_STOPPED   0
#define RS_WAITING   3
#define RS_SUSPENDED 4
#define TS_STOPPED   0
#define TS_FETCHING  1
#define TS_SUSPENDED 6

/* CSR6 operation mode */
#define CSR6_HP   0x00000001u
#define CSR6_SR   0x00000002u
#define CSR6_HO   0x00000004u
#define CSR6_IF   0x00000010u
#define CSR6_PR   0x00000040u
#define CSR6_PM   0x00000080u
#define CSR6_OM_SHIFT 10
#define CSR6_OM_MASK  3u
#define CSR6_ST   0x00002000u
#define CSR6_PS   0x00040000u
#define CSR6_RA   0x40000000u
#define CSR6_FILTER_RO (CSR6_HP | CSR6_HO | CSR6_IF)

/* CSR11 general-purpose timer */
#define CSR11_COUNT 0x0000FFFFu
#define CSR11_CON   0x00010000u
#define TIMER_TICK_NS 81920ull /* 2048 transmit clocks at 100 Mb/s */

/* CSR12 general-purpose port */
#define CSR12_GPC      0x00000100u
#define GPIO_LINK_PIN  0x40u    /* signal detect, active high */

/* descriptors */
#define DES0_OWN   0x80000000u
#define RDES0_FF   0x40000000u
#define RDES0_FL_SHIFT 16
#define RDES0_ES   0x00008000u
#define RDES0_DE   0x00004000u
#define RDES0_DT_SHIFT 12
#define RDES0_MF   0x00000400u
#define RDES0_FS   0x00000200u
#define RDES0_LS   0x00000100u
#define RDES0_TL   0x00000080u
#define RDES0_FT   0x00000020u
#define RDES1_RCH  0x01000000u
#define RDES1_RER  0x02000000u
#define TDES0_ES   0x00008000u
#define TDES0_TO   0x00004000u
#define TDES1_FT0  0x00400000u
#define TDES1_DPD  0x00800000u
#define TDES1_TCH  0x01000000u
#define TDES1_TER  0x02000000u
#define TDES1_SET  0x08000000u
#define TDES1_FT1  0x10000000u
#define TDES1_FS   0x20000000u
#define TDES1_LS   0x40000000u
#define TDES1_IC   0x80000000u
#define DES1_BS1(d) ((d) & 0x7FFu)
#define DES1_BS2(d) (((d) >> 11) & 0x7FFu)

/* PCI command bits the device honours */
#define PCI_CMD_MASTER 0x0004u

struct tulip_desc {
	uint32_t des[4];
};

struct tulip {
	const struct guest_mem *mem;
	struct tulip_ops ops;
	void *opaque;
	uint8_t mac[6];

	uint8_t cfg[TULIP_CFG_SIZE];
	uint8_t cfg_wmask[TULIP_CFG_SIZE];

	uint32_t csr[TULIP_NUM_CSRS]; /* as read, except CSR5 fields and CSR8/9/11/12 */
	uint32_t status;              /* CSR5 bits 0-14 raised by the device */
	unsigned int rs, ts;          /* process states */
	uint32_t eb;                  /* bus error type, valid with FBE */
	uint32_t rx_cur, tx_cur;      /* current descriptor addresses */
	uint32_t missed;              /* CSR8 bits 16:0, cleared when read */
	uint8_t gpio_dir, gpio_out;   /* CSR12 */
	uint64_t timer_deadline;      /* 0: the timer is not running */
	bool irq;
	bool fatal;                   /* bus error: stopped until a reset */

	struct tulip_filter filter;
	struct tulip_srom srom;
	struct tulip_mii mii;
	bool srom_do, mii_di;

	/* a transmit frame gathered over descriptors */
	uint8_t tx_buf[TULIP_TX_FRAME_MAX];
	size_t tx_len;
	unsigned int tx_descs;
	bool tx_in_frame, tx_jabber, tx_more;
	bool posted_kicks;

	struct tulip_stats stats;
};

/* tulip_core.c */
void tulip_update_irq(struct tulip *t);
void tulip_raise(struct tulip *t, uint32_t status_bits);
void tulip_bus_error(struct tulip *t);

/* tulip_ring.c */
void tulip_tx_run(struct tulip *t);
void tulip_rx_poll(struct tulip *t);
enum tulip_rx_result tulip_rx_store(struct tulip *t, const uint8_t *frame, size_t len,
				    uint32_t type_bits, bool wait);

#endif /* VSW_TULIP_PRIV_H */
