// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Netdev offload features by name: see netdev_features.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "netdev_features.h"

static int ethtool(int fd, const char *name, void *cmd)
{
	struct ifreq ifr = { .ifr_data = cmd };

	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	return ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
}

/* The kernel's feature names, in bit order: ETH_SS_FEATURES. */
static struct ethtool_gstrings *feature_names(int fd, const char *name)
{
	struct {
		struct ethtool_sset_info hdr;
		__u32 count;
	} info = { .hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_FEATURES } };
	struct ethtool_gstrings *s;

	if (ethtool(fd, name, &info) || !info.hdr.sset_mask)
		return NULL;
	s = calloc(1, sizeof(*s) + (size_t)info.count * ETH_GSTRING_LEN);
	if (!s)
		return NULL;
	s->cmd = ETHTOOL_GSTRINGS;
	s->string_set = ETH_SS_FEATURES;
	s->len = info.count;
	if (ethtool(fd, name, s)) {
		free(s);
		return NULL;
	}
	return s;
}

static int feature_index(const struct ethtool_gstrings *s, const char *feature)
{
	for (__u32 i = 0; i < s->len; i++)
		if (!strncmp((const char *)s->data + i * ETH_GSTRING_LEN, feature, ETH_GSTRING_LEN))
			return (int)i;
	return -1;
}

static __u32 bit_mask(int bit)
{
	return 1U << (bit % 32);
}

static bool is_active(const struct ethtool_gfeatures *get, int bit)
{
	return get->features[bit / 32].active & bit_mask(bit);
}

int netdev_features_set(const char *name, const char *const *names, unsigned int n, bool on,
			unsigned int *changed)
{
	struct ethtool_gfeatures *get = NULL;
	struct ethtool_sfeatures *set = NULL;
	struct ethtool_gstrings *s = NULL;
	unsigned int blocks;
	int fd, err = -ENOMEM, bit[32];

	*changed = 0;
	if (n > 32 || strlen(name) >= IFNAMSIZ)
		return -EINVAL;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	s = feature_names(fd, name);
	if (!s) {
		err = -EOPNOTSUPP;
		goto out;
	}
	blocks = (s->len + 31) / 32;
	get = calloc(1, sizeof(*get) + blocks * sizeof(get->features[0]));
	set = calloc(1, sizeof(*set) + blocks * sizeof(set->features[0]));
	if (!get || !set)
		goto out;
	get->cmd = ETHTOOL_GFEATURES;
	get->size = blocks;
	err = ethtool(fd, name, get);
	if (err)
		goto out;
	set->cmd = ETHTOOL_SFEATURES;
	set->size = blocks;
	for (unsigned int i = 0; i < n; i++) {
		bit[i] = feature_index(s, names[i]);
		if (bit[i] < 0 || !(get->features[bit[i] / 32].available & bit_mask(bit[i])) ||
		    is_active(get, bit[i]) == on)
			continue;
		set->features[bit[i] / 32].valid |= bit_mask(bit[i]);
		if (on)
			set->features[bit[i] / 32].requested |= bit_mask(bit[i]);
		*changed |= 1U << i;
	}
	if (!*changed)
		goto out;
	err = ethtool(fd, name, set);
	/* The kernel may take a request and not apply all of it (it answers
	 * ETHTOOL_F_WISH, which is no error): report what it did. */
	if (!err)
		err = ethtool(fd, name, get);
	for (unsigned int i = 0; !err && i < n; i++)
		if ((*changed & (1U << i)) && is_active(get, bit[i]) != on)
			*changed &= ~(1U << i);
	if (err)
		*changed = 0;
out:
	free(get);
	free(set);
	free(s);
	close(fd);
	return err;
}
