/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Offload features of a netdev by their ethtool names ("tx-udp_tnl-
 * segmentation"), the ones the legacy one-feature ethtool commands do
 * not reach, through ETHTOOL_GFEATURES/SFEATURES.
 */
#ifndef VSW_NETDEV_FEATURES_H
#define VSW_NETDEV_FEATURES_H

#include <stdbool.h>

/* Turn the named features of netdev name (our netns) on or off. Bit i
 * of *changed is set for names[i] if it was changed (it was not already
 * so); a feature the device cannot change, or does not know, is left
 * and not reported. n <= 32. */
int netdev_features_set(const char *name, const char *const *names, unsigned int n, bool on,
			unsigned int *changed);

#endif /* VSW_NETDEV_FEATURES_H */
