// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vlan_set.h"

void vlan_set_clear(__u64 *set)
{
	memset(set, 0, VSW_VID_BITMAP_WORDS * sizeof(*set));
}

void vlan_set_add(__u64 *set, __u16 vid)
{
	set[(vid >> 6) % VSW_VID_BITMAP_WORDS] |= 1ULL << (vid & 63);
}

bool vlan_set_has(const __u64 *set, __u16 vid)
{
	return (set[(vid >> 6) % VSW_VID_BITMAP_WORDS] >> (vid & 63)) & 1;
}

unsigned int vlan_set_count(const __u64 *set)
{
	unsigned int n = 0;

	for (int i = 0; i < VSW_VID_BITMAP_WORDS; i++)
		n += __builtin_popcountll(set[i]);
	return n;
}

static int parse_vid(const char *s, char **end, long *vid)
{
	errno = 0;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	*vid = strtol(s, end, 10);
	if (errno || *vid < VSW_VID_MIN || *vid > VSW_VID_MAX)
		return -EINVAL;
	return 0;
}

int vlan_set_parse(__u64 *set, const char *text, const char **bad)
{
	const char *s = text;
	long lo, hi;
	char *end;

	vlan_set_clear(set);
	*bad = text;
	if (!*s)
		return -EINVAL;
	for (;;) {
		*bad = s;
		if (parse_vid(s, &end, &lo))
			return -EINVAL;
		hi = lo;
		if (*end == '-') {
			if (parse_vid(end + 1, &end, &hi) || hi < lo)
				return -EINVAL;
		}
		for (long v = lo; v <= hi; v++)
			vlan_set_add(set, (__u16)v);
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

int vlan_set_format(const __u64 *set, char *buf, size_t len)
{
	size_t used = 0;
	int n, vid = VSW_VID_MIN;

	if (len)
		buf[0] = '\0';
	if (!vlan_set_count(set))
		return snprintf(buf, len, "none");
	while (vid <= VSW_VID_MAX) {
		char item[16];
		size_t room;
		int lo, hi;

		if (!vlan_set_has(set, vid)) {
			vid++;
			continue;
		}
		lo = hi = vid;
		while (hi + 1 <= VSW_VID_MAX && vlan_set_has(set, hi + 1))
			hi++;
		if (lo == hi)
			snprintf(item, sizeof(item), "%d", lo);
		else
			snprintf(item, sizeof(item), "%d-%d", lo, hi);
		room = used < len ? len - used : 0;
		n = snprintf(room ? buf + used : NULL, room, "%s%s", used ? "," : "", item);
		used += n;
		vid = hi + 1;
	}
	return (int)used;
}
