// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Frames from the command line (frame_spec.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli_parse.h"
#include "frame_spec.h"

#define ETH_MIN_FRAME 60   /* without the FCS */
#define ETHERTYPE_LOCAL 0x88b5
#define IPPROTO_UDP_ 17
#define IPPROTO_TCP_ 6

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

/* One word of hex digits, optionally ':'-separated bytes. */
static int parse_hex(const char *s, __u8 *buf, size_t cap, struct vsw_err *err)
{
	size_t n = 0;

	while (*s) {
		if (*s == ':') {
			s++;
			continue;
		}
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			return vsw_errf(err, -EINVAL, "frame: hex digits come in pairs (at '%s')", s);
		if (n == cap)
			return vsw_errf(err, -EINVAL, "frame: longer than %zu bytes", cap);
		buf[n++] = hexval(s[0]) << 4 | hexval(s[1]);
		s += 2;
	}
	return (int)n;
}

static bool is_hex_word(const char *s)
{
	if (strlen(s) < 28) /* 14 bytes at least */
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s) && *s != ':')
			return false;
	return true;
}

/* A TCP or UDP port number. */
static int parse_port(const char *s, __u16 *port)
{
	__u32 v;

	if (cli_parse_u32(s, &v) || v > 65535)
		return -EINVAL;
	*port = v;
	return 0;
}

static __u16 ip_checksum(const __u8 *h, size_t len)
{
	__u32 sum = 0;

	for (size_t i = 0; i < len; i += 2)
		sum += h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

struct spec {
	__u8 src[6], dst[6];
	bool has_src, has_dst, has_vlan, has_type, has_ip;
	__u16 vid, type;
	__u8 pcp;
	struct in_addr ip_src, ip_dst;
	__u8 l4;          /* 0, or IPPROTO_UDP_/IPPROTO_TCP_ */
	__u16 sport, dport;
};

static void put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static int build(const struct spec *s, __u8 *buf, size_t cap)
{
	size_t l4_len = s->l4 == IPPROTO_TCP_ ? 20 : s->l4 == IPPROTO_UDP_ ? 8 : 0;
	size_t n = 0, ip_at, len;

	if (cap < ETH_MIN_FRAME + 4 + 20 + 20)
		return -ENOSPC;
	memset(buf, 0, ETH_MIN_FRAME + 4 + 20 + 20);
	memcpy(buf, s->dst, 6);
	memcpy(buf + 6, s->src, 6);
	n = 12;
	if (s->has_vlan) {
		put16(buf + n, 0x8100);
		put16(buf + n + 2, (__u16)(s->pcp << 13 | s->vid));
		n += 4;
	}
	put16(buf + n, s->has_ip ? 0x0800 : s->has_type ? s->type : ETHERTYPE_LOCAL);
	n += 2;
	if (s->has_ip) {
		ip_at = n;
		buf[n] = 0x45;                      /* IPv4, 20-byte header */
		put16(buf + n + 2, 20 + l4_len);    /* total length */
		buf[n + 8] = 64;                    /* TTL */
		buf[n + 9] = s->l4 ? s->l4 : 253;   /* 253: experimental */
		memcpy(buf + n + 12, &s->ip_src, 4);
		memcpy(buf + n + 16, &s->ip_dst, 4);
		put16(buf + n + 10, ip_checksum(buf + ip_at, 20));
		n += 20;
		if (s->l4) {
			put16(buf + n, s->sport);
			put16(buf + n + 2, s->dport);
			if (s->l4 == IPPROTO_UDP_) {
				put16(buf + n + 4, 8); /* length; checksum 0: none */
			} else {
				buf[n + 12] = 5 << 4;  /* data offset: 20 bytes */
				buf[n + 13] = 0x02;    /* SYN */
			}
			n += l4_len;
		}
	}
	len = n < ETH_MIN_FRAME ? ETH_MIN_FRAME : n;
	return (int)len;
}

int frame_spec_parse(int argc, char **argv, __u8 *buf, size_t cap, struct vsw_err *err)
{
	struct spec s = { .sport = 1024 };
	int i = 0;
	__u32 v;

	if (argc == 1 && is_hex_word(argv[0]))
		return parse_hex(argv[0], buf, cap, err);
	if (!argc)
		return vsw_errf(err, -EINVAL, "missing FRAME: hex bytes, or 'src MAC dst MAC ...'");
	while (i < argc) {
		const char *w = argv[i++], *val = i < argc ? argv[i] : NULL;

		if (!strcmp(w, "src") || !strcmp(w, "dst")) {
			bool src = w[0] == 's';

			if (!val || cli_parse_mac(val, src ? s.src : s.dst))
				return vsw_errf(err, -EINVAL, "frame: %s wants a MAC address", w);
			*(src ? &s.has_src : &s.has_dst) = true;
			i++;
		} else if (!strcmp(w, "vlan")) {
			if (!val || cli_parse_vid(val, &s.vid))
				return vsw_errf(err, -EINVAL, "frame: vlan wants a VID (1 to 4094)");
			s.has_vlan = true;
			i++;
		} else if (!strcmp(w, "pcp")) {
			if (!s.has_vlan || !val || cli_parse_u32(val, &v) || v > 7)
				return vsw_errf(err, -EINVAL, "frame: pcp 0-7 goes after vlan VID");
			s.pcp = v;
			i++;
		} else if (!strcmp(w, "type")) {
			unsigned int t;
			char end;

			if (!val || sscanf(val, "%x%c", &t, &end) != 1 || t > 0xffff)
				return vsw_errf(err, -EINVAL, "frame: type wants a hex EtherType (0x88b5)");
			s.type = t;
			s.has_type = true;
			i++;
		} else if (!strcmp(w, "ipv4")) {
			if (i + 2 >= argc || strcmp(argv[i + 1], ">") ||
			    !inet_pton(AF_INET, argv[i], &s.ip_src) ||
			    !inet_pton(AF_INET, argv[i + 2], &s.ip_dst))
				return vsw_errf(err, -EINVAL, "frame: ipv4 wants 'A > B' (quote the '>')");
			s.has_ip = true;
			i += 3;
		} else if (!strcmp(w, "udp") || !strcmp(w, "tcp")) {
			if (!s.has_ip)
				return vsw_errf(err, -EINVAL, "frame: %s goes after ipv4 A > B", w);
			if (!val || parse_port(val, &s.dport))
				return vsw_errf(err, -EINVAL, "frame: %s wants a port (0-65535)", w);
			i++;
			if (i + 1 < argc && !strcmp(argv[i], ">")) {
				s.sport = s.dport;
				if (parse_port(argv[i + 1], &s.dport))
					return vsw_errf(err, -EINVAL, "frame: %s SPORT > DPORT", w);
				i += 2;
			}
			s.l4 = w[0] == 'u' ? IPPROTO_UDP_ : IPPROTO_TCP_;
		} else {
			return vsw_errf(err, -EINVAL, "frame: unknown word '%s'", w);
		}
	}
	if (!s.has_src || !s.has_dst)
		return vsw_errf(err, -EINVAL, "frame: a spec needs 'src MAC' and 'dst MAC'");
	if (s.has_ip && s.has_type)
		return vsw_errf(err, -EINVAL, "frame: type and ipv4 do not go together");
	i = build(&s, buf, cap);
	return i < 0 ? vsw_errf(err, -EINVAL, "frame: no room") : i;
}
