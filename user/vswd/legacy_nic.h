/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A legacy NIC at run time: the emulated 21140A, the vfio-user server a
 * VMM attaches to, and the AF_XDP socket on the backend side of the NIC's
 * veth pair, all driven by one thread of their own (epoll: the vfio-user
 * socket, the AF_XDP socket, the device's timer, a control eventfd). It
 * sleeps when idle; frames move without locks. Other threads only change
 * the link or stop it, through the control eventfd.
 */
#ifndef VSW_LEGACY_NIC_H
#define VSW_LEGACY_NIC_H

#include <stdbool.h>
#include <stdint.h>

struct legacy_nic;

struct legacy_nic_stats {
	uint64_t rx_frames;     /* from the switch into the guest's ring */
	uint64_t rx_dropped;    /* filtered, receiver stopped, or lost at the full
				 * queue before the device */
	uint64_t tx_frames;     /* from the guest to the switch */
	uint64_t tx_dropped;
	bool vmm_connected;
};

struct vfu_access;

/* Start the device for NIC name: backend netdev ifname, station address
 * mac, vfio-user socket at sock_path for the VMMs access lets in, link
 * as given. -errno on failure, with nothing left behind. */
int legacy_nic_start(struct legacy_nic **out, const char *name, const char *ifname,
		     const uint8_t mac[6], const char *sock_path,
		     const struct vfu_access *access, bool link);
void legacy_nic_stop(struct legacy_nic *n);   /* NULL is fine */

void legacy_nic_set_link(struct legacy_nic *n, bool up);
const char *legacy_nic_socket(const struct legacy_nic *n);
void legacy_nic_get_stats(const struct legacy_nic *n, struct legacy_nic_stats *s);

#endif /* VSW_LEGACY_NIC_H */
