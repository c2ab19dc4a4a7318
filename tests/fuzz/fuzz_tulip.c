// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: a guest driving the 21140A model with any sequence
 * of CSR and config-space accesses, frames from the wire, link changes,
 * timer ticks and writes to its own memory (descriptors and buffers
 * change under the device). Guest memory is two exact-size heap blocks,
 * so AddressSanitizer flags any access the bounds checks let through;
 * the model must never crash, hang or hand the wire an oversized frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tulip.h"

#define MEM0_GPA 0x00010000u
#define MEM0_LEN 0x4000u
#define MEM1_GPA 0x00040000u
#define MEM1_LEN 0x1000u

struct input {
	const uint8_t *p;
	size_t left;
};

static uint32_t take(struct input *in, size_t n)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n && in->left; i++, in->left--)
		v |= (uint32_t)*in->p++ << (8 * i);
	return v;
}

static uint64_t clock_ns;

static void on_tx(void *opaque, const uint8_t *frame, size_t len)
{
	volatile uint8_t sink = 0;

	if (len > TULIP_TX_FRAME_MAX || len == 0)
		abort();
	for (size_t i = 0; i < len; i++)   /* the whole frame must be readable */
		sink ^= frame[i];
	(void)sink;
}

static void on_irq(void *opaque, bool level) {}
static uint64_t on_now(void *opaque) { return clock_ns; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tulip_ops ops = { .tx_frame = on_tx, .set_irq = on_irq, .now_ns = on_now };
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct input in = { data, size };
	uint8_t *mem0 = calloc(1, MEM0_LEN), *mem1 = calloc(1, MEM1_LEN);
	uint8_t frame[TULIP_RX_FRAME_MAX];
	struct guest_mem gm;
	struct tulip *t;

	if (!mem0 || !mem1)
		abort();
	/* the first bytes are the guest's memory: descriptors and buffers */
	for (size_t i = 0; i < 2048 && in.left; i++)
		mem0[i] = take(&in, 1);
	guest_mem_init(&gm);
	guest_mem_add(&gm, MEM0_GPA, MEM0_LEN, mem0, true);
	guest_mem_add(&gm, MEM1_GPA, MEM1_LEN, mem1, true);
	clock_ns = 1;
	t = tulip_new(mac, &gm, &ops, NULL);
	if (!t)
		abort();
	/* a driver's start: bus master, lists at the start of memory */
	tulip_cfg_write(t, 0x04, 2, 0x0007);
	tulip_bar_write(t, 1, 0x18, 4, MEM0_GPA);
	tulip_bar_write(t, 1, 0x20, 4, MEM0_GPA + 0x400);

	for (unsigned int ops_done = 0; in.left && ops_done < 4096; ops_done++) {
		uint8_t op = take(&in, 1);
		uint32_t a, v, n;

		switch (op % 10) {
		case 0: case 1: case 2:          /* CSR write, mostly aligned */
			a = take(&in, 1);
			v = take(&in, 4);
			tulip_bar_write(t, op & 0x10 ? 0 : 1, op & 0x20 ? a : (a & 0x78),
					op & 0x40 ? (a & 3) + 1 : 4, v);
			break;
		case 3:                          /* CSR read */
			a = take(&in, 1);
			(void)tulip_bar_read(t, op & 0x10 ? 0 : 1, op & 0x20 ? a : (a & 0x78), 4);
			break;
		case 4:                          /* a frame from the wire */
			n = take(&in, 2) % (sizeof(frame) + 16);
			for (uint32_t i = 0; i < n && i < sizeof(frame); i++)
				frame[i] = i < 6 && (op & 0x10) ? mac[i] : (uint8_t)(i * 7 + op);
			if (n <= sizeof(frame) && (op & 0x20))
				(void)tulip_receive_or_wait(t, frame, n);
			else if (n <= sizeof(frame))
				(void)tulip_receive(t, frame, n);
			(void)tulip_rx_ready(t);
			break;
		case 5:                          /* the guest writes its memory */
			a = take(&in, 2) % (MEM0_LEN - 3);
			v = take(&in, 4);
			memcpy(mem0 + a, &v, 4);
			break;
		case 6:                          /* config space */
			a = take(&in, 1);
			v = take(&in, 4);
			if (op & 0x10)
				tulip_cfg_write(t, a, 1u << (op >> 6 & 3), v);
			else
				(void)tulip_cfg_read(t, a, 1u << (op >> 6 & 3));
			break;
		case 7:
			tulip_set_link(t, op & 0x10);
			break;
		case 8:                          /* time passes */
			clock_ns += (uint64_t)take(&in, 2) * 1000;
			tulip_run_timer(t);
			tulip_tx_resume(t);
			break;
		case 9:
			if (op & 0x10)
				tulip_reset(t);
			else
				tulip_bar_write(t, 1, 0x00, 4, 1);   /* SWR */
			tulip_cfg_write(t, 0x04, 2, 0x0007);
			break;
		}
	}
	tulip_free(t);
	free(mem0);
	free(mem1);
	return 0;
}
