/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What a PXE boot ROM does on the network once its NIC driver is up:
 * DHCP (DISCOVER with the PXE client's options, every OFFER noted, the
 * first taken, REQUEST, ACK), ARP for the boot server, and a TFTP read
 * of the boot file (blksize and tsize options, as iPXE asks). Over any
 * NIC that can send a frame and poll for one: selftests/tools/
 * legacy-guest.c gives it the emulated 21140A driven as iPXE's tulip
 * driver drives it.
 */
#ifndef VSW_PXE_CLIENT_H
#define VSW_PXE_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pxe_nic {
	void *ctx;
	/* send one Ethernet frame (no FCS); 0 or -errno */
	int (*send)(void *ctx, const uint8_t *frame, size_t len);
	/* the next received frame into buf, its length, or 0 when none */
	size_t (*poll)(void *ctx, uint8_t *buf, size_t max);
	uint8_t mac[6];       /* the source of every frame, chaddr of DHCP */
};

struct pxe_result {
	uint32_t ip, server, tftp_server;   /* network order */
	char file[128];
	size_t size;                        /* bytes of the boot file */
	uint32_t crc;                       /* its CRC-32 (zlib) */
	unsigned int offers;                /* OFFERs seen */
};

struct pxe_opts {
	int dhcp_only;               /* stop after the lease */
	unsigned int discovers;      /* DISCOVERs, a second apart, before giving up */
};

/* Boot: lease an address, fetch the boot file. Progress lines on log
 * ("offer from SERVER ip ADDR file FILE", "lease ...", "tftp ..."). 0, or
 * -ETIMEDOUT / -EPROTO with the reason on log. */
int pxe_boot(const struct pxe_nic *nic, const struct pxe_opts *opts, struct pxe_result *res,
	     FILE *log);

#endif /* VSW_PXE_CLIENT_H */
