/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Sets of 802.1Q VIDs as the datapath stores them: a 4096-bit bitmap. */
#ifndef VSW_VLAN_SET_H
#define VSW_VLAN_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "vsw_consts.h"

void vlan_set_clear(__u64 *set);
void vlan_set_add(__u64 *set, __u16 vid);
bool vlan_set_has(const __u64 *set, __u16 vid);
unsigned int vlan_set_count(const __u64 *set);

/* Parse "10,20-30,4000" into set (cleared first). VIDs 1..4094 only.
 * Returns 0 or -EINVAL; *bad points at the offending text on error. */
int vlan_set_parse(__u64 *set, const char *text, const char **bad);

/* Write the set as ranges ("10,20-30"); "none" for an empty set.
 * Returns the length it needed (like snprintf). */
int vlan_set_format(const __u64 *set, char *buf, size_t len);

#endif /* VSW_VLAN_SET_H */
