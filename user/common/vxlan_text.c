// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The words of a VXLAN NIC: see vxlan_text.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_consts.h"
#include "vxlan_text.h"

/* The next comma-separated item of *s into buf; 0 at the end. */
static int next_item(const char **s, char *buf, size_t len)
{
	const char *end;
	size_t n;

	if (!**s)
		return 0;
	end = strchr(*s, ',');
	n = end ? (size_t)(end - *s) : strlen(*s);
	if (!n || n >= len)
		return -1;
	memcpy(buf, *s, n);
	buf[n] = '\0';
	*s += n + (end ? 1 : 0);
	if (end && !**s)
		return -1; /* a trailing comma */
	return 1;
}

static int ipv4_unicast(__be32 a)
{
	__u32 h = ntohl(a);

	return h && h != 0xffffffffU && (h >> 28) != 0xe;
}

int vsw_ipv4_list_parse(const char *s, __be32 *out, unsigned int max, unsigned int *n)
{
	struct in_addr a;
	char item[32];
	int r;

	*n = 0;
	if (!s || !*s)
		return -1;
	while ((r = next_item(&s, item, sizeof(item))) > 0) {
		if (*n == max || inet_pton(AF_INET, item, &a) != 1 || !ipv4_unicast(a.s_addr))
			return -1;
		for (unsigned int i = 0; i < *n; i++)
			if (out[i] == a.s_addr)
				return -1;
		out[(*n)++] = a.s_addr;
	}
	return r;
}

void vsw_ipv4_list_format(const __be32 *ips, unsigned int n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && used < len; i++) {
		char a[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &ips[i], a, sizeof(a));
		used += snprintf(buf + used, len - used, "%s%s", i ? "," : "", a);
	}
}

int vsw_vni_map_parse(const char *s, __u32 *out, unsigned int max, unsigned int *n)
{
	unsigned long vid, vni;
	char item[32], *eq, *end;
	int r;

	*n = 0;
	if (!s || !*s)
		return -1;
	while ((r = next_item(&s, item, sizeof(item))) > 0) {
		eq = strchr(item, '=');
		if (!eq || *n == max)
			return -1;
		*eq = '\0';
		vid = strtoul(item, &end, 10);
		if (!item[0] || *end || vid < VSW_VID_MIN || vid > VSW_VID_MAX)
			return -1;
		vni = strtoul(eq + 1, &end, 10);
		if (!eq[1] || *end || vni < 1 || vni > VSW_VNI_MAX)
			return -1;
		for (unsigned int i = 0; i < *n; i++)
			if (out[2 * i] == vid || out[2 * i + 1] == vni)
				return -1;
		out[2 * *n] = vid;
		out[2 * *n + 1] = vni;
		(*n)++;
	}
	return r;
}

void vsw_vni_map_format(const __u32 *pairs, unsigned int n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%u=%u", i ? "," : "", pairs[2 * i],
				 pairs[2 * i + 1]);
}
