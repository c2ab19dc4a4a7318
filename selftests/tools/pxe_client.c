// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A PXE boot client's network part (see pxe_client.h): IPv4 over
 * Ethernet with ARP, DHCP as a PXE ROM asks for an address and a boot
 * file, TFTP to fetch it. Written for the selftest from RFC 2131/2132,
 * RFC 4578 (the PXE options), RFC 1350/2347/2348/2349 (TFTP and its
 * options) and the PXE specification's client identifiers.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "pxe_client.h"

#define ETH_HLEN 14
#define IP_HLEN 20
#define UDP_HLEN 8
#define UDP_MAX 1472
#define BOOTPS 67
#define BOOTPC 68
#define TFTP_PORT 69
#define TFTP_BLKSIZE 1432
#define BOOT_FILE_MAX (16u << 20)

#define DHCPDISCOVER 1
#define DHCPOFFER 2
#define DHCPREQUEST 3
#define DHCPACK 5
#define DHCPNAK 6

#define TFTP_RRQ 1
#define TFTP_DATA 3
#define TFTP_ACK 4
#define TFTP_ERROR 5
#define TFTP_OACK 6

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
/* the PXE client's vendor class: architecture 0 (x86 BIOS), UNDI 2.1 */
static const char pxe_class[] = "PXEClient:Arch:00000:UNDI:002001";

struct pxe {
	const struct pxe_nic *nic;
	FILE *log;
	uint32_t ip;          /* ours, network order: 0 until the lease */
	uint16_t ip_id;
	uint8_t rx[1600];     /* the frame last polled */
};

/* A UDP datagram for us, as next_udp() found it. */
struct udp_in {
	uint32_t src;
	uint16_t sport;
	uint8_t src_mac[6];
	const uint8_t *data;
	size_t len;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static uint16_t get16(const uint8_t *p) { return p[0] << 8 | p[1]; }

static const char *ip_str(uint32_t ip, char buf[16])
{
	struct in_addr a = { .s_addr = ip };

	return inet_ntop(AF_INET, &a, buf, 16);
}

static uint16_t ip_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* ---- sending ---- */

static int send_udp(struct pxe *p, const uint8_t dst_mac[6], uint32_t dst, uint16_t sport,
		    uint16_t dport, const void *data, size_t len)
{
	uint8_t f[ETH_HLEN + IP_HLEN + UDP_HLEN + UDP_MAX];
	uint8_t *ip = f + ETH_HLEN, *udp = ip + IP_HLEN;

	if (len > UDP_MAX)
		return -EMSGSIZE;
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, p->nic->mac, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, IP_HLEN + UDP_HLEN + len);
	put16(ip + 4, p->ip_id++);
	put16(ip + 6, 0x4000);            /* don't fragment */
	ip[8] = 64;
	ip[9] = 17;
	put16(ip + 10, 0);
	memcpy(ip + 12, &p->ip, 4);
	memcpy(ip + 16, &dst, 4);
	put16(ip + 10, ip_csum(ip, IP_HLEN));
	put16(udp, sport);
	put16(udp + 2, dport);
	put16(udp + 4, UDP_HLEN + len);
	put16(udp + 6, 0);                /* no checksum: IPv4 allows it */
	memcpy(udp + UDP_HLEN, data, len);
	return p->nic->send(p->nic->ctx, f, ETH_HLEN + IP_HLEN + UDP_HLEN + len);
}

static int send_arp(struct pxe *p, uint16_t op, const uint8_t dst_mac[6], const uint8_t tha[6],
		    uint32_t tpa)
{
	uint8_t f[60] = { 0 };

	memcpy(f, dst_mac, 6);
	memcpy(f + 6, p->nic->mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);        /* Ethernet */
	put16(f + 16, 0x0800);   /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, p->nic->mac, 6);
	memcpy(f + 28, &p->ip, 4);
	memcpy(f + 32, tha, 6);
	memcpy(f + 38, &tpa, 4);
	return p->nic->send(p->nic->ctx, f, sizeof(f));
}

/* ---- receiving ---- */

/* An ARP packet in f: answer a request for our address; a reply's
 * sender is returned through mac/ip. True for a reply. */
static bool on_arp(struct pxe *p, const uint8_t *f, size_t len, uint8_t mac[6], uint32_t *ip)
{
	uint32_t tpa;

	if (len < 42 || get16(f + 14) != 1 || get16(f + 16) != 0x0800 || f[18] != 6 || f[19] != 4)
		return false;
	memcpy(&tpa, f + 38, 4);
	if (get16(f + 20) == 1 && p->ip && tpa == p->ip) {
		uint32_t spa;

		memcpy(&spa, f + 28, 4);
		send_arp(p, 2, f + 22, f + 22, spa);
		return false;
	}
	if (get16(f + 20) != 2)
		return false;
	memcpy(mac, f + 22, 6);
	memcpy(ip, f + 28, 4);
	return true;
}

/* Poll until a UDP datagram to dport arrives (true) or the deadline
 * passes; ARP requests for us are answered meanwhile. With arp_seen, an
 * ARP reply from *arp_ip ends the wait too: its sender into arp_mac,
 * *arp_seen set. */
static bool next_udp(struct pxe *p, uint16_t dport, double deadline, struct udp_in *in,
		     uint8_t arp_mac[6], uint32_t *arp_ip, bool *arp_seen)
{
	while (now_s() < deadline) {
		size_t len = p->nic->poll(p->nic->ctx, p->rx, sizeof(p->rx));
		const uint8_t *ip = p->rx + ETH_HLEN, *udp;
		uint32_t dst;
		size_t ihl, ulen;

		if (!len) {
			usleep(200);
			continue;
		}
		if (len >= 42 && get16(p->rx + 12) == 0x0806) {
			uint8_t mac[6];
			uint32_t spa;

			if (on_arp(p, p->rx, len, mac, &spa) && arp_seen && spa == *arp_ip) {
				memcpy(arp_mac, mac, 6);
				*arp_seen = true;
				return false;
			}
			continue;
		}
		if (len < ETH_HLEN + IP_HLEN + UDP_HLEN || get16(p->rx + 12) != 0x0800 ||
		    (ip[0] >> 4) != 4 || ip[9] != 17 || (get16(ip + 6) & 0x3fff))
			continue;
		ihl = (ip[0] & 15) * 4;
		if (ihl < IP_HLEN || ETH_HLEN + ihl + UDP_HLEN > len)
			continue;
		memcpy(&dst, ip + 16, 4);
		if (p->ip && dst != p->ip && dst != 0xffffffffu)
			continue;
		udp = ip + ihl;
		ulen = get16(udp + 4);
		if (get16(udp + 2) != dport || ulen < UDP_HLEN || ETH_HLEN + ihl + ulen > len)
			continue;
		memcpy(&in->src, ip + 12, 4);
		in->sport = get16(udp);
		memcpy(in->src_mac, p->rx + 6, 6);
		in->data = udp + UDP_HLEN;
		in->len = ulen - UDP_HLEN;
		return true;
	}
	return false;
}

/* ---- ARP ---- */

static int arp_resolve(struct pxe *p, uint32_t ip, uint8_t mac[6])
{
	static const uint8_t zero[6];
	char b[16];

	for (int tries = 0; tries < 4; tries++) {
		double deadline = now_s() + 1;
		bool seen = false;
		struct udp_in in;
		uint32_t want = ip;

		send_arp(p, 1, bcast_mac, zero, ip);
		while (!seen && now_s() < deadline)
			next_udp(p, 0, deadline, &in, mac, &want, &seen);
		if (seen)
			return 0;
	}
	fprintf(p->log, "no ARP reply from %s\n", ip_str(ip, b));
	return -ETIMEDOUT;
}

/* ---- DHCP ---- */

struct dhcp_msg {
	uint8_t type;
	uint32_t yiaddr, siaddr, server_id;
	char file[128];
	char tftp_server[64];
};

static size_t dhcp_build(uint8_t *b, uint8_t type, uint32_t xid, const uint8_t mac[6],
			 uint32_t req_ip, uint32_t server)
{
	static const uint8_t params[] = { 1, 3, 6, 43, 54, 60, 66, 67 };
	uint8_t *o = b + 240;

	memset(b, 0, 576);
	b[0] = 1;                     /* BOOTREQUEST */
	b[1] = 1;                     /* Ethernet */
	b[2] = 6;
	memcpy(b + 4, &xid, 4);
	put16(b + 10, 0x8000);        /* no address yet: answer by broadcast */
	memcpy(b + 28, mac, 6);
	memcpy(b + 236, (uint8_t[]){ 99, 130, 83, 99 }, 4);
	*o++ = 53, *o++ = 1, *o++ = type;
	*o++ = 57, *o++ = 2, put16(o, 1472), o += 2;
	*o++ = 93, *o++ = 2, put16(o, 0), o += 2;              /* x86 BIOS */
	*o++ = 94, *o++ = 3, *o++ = 1, *o++ = 2, *o++ = 1;     /* UNDI 2.1 */
	*o++ = 97, *o++ = 17, *o++ = 0;                        /* machine id */
	memcpy(o, mac, 6), memset(o + 6, 0x5a, 10), o += 16;
	*o++ = 60, *o++ = sizeof(pxe_class) - 1;
	memcpy(o, pxe_class, sizeof(pxe_class) - 1), o += sizeof(pxe_class) - 1;
	*o++ = 55, *o++ = sizeof(params);
	memcpy(o, params, sizeof(params)), o += sizeof(params);
	if (type == DHCPREQUEST) {
		*o++ = 50, *o++ = 4, memcpy(o, &req_ip, 4), o += 4;
		*o++ = 54, *o++ = 4, memcpy(o, &server, 4), o += 4;
	}
	*o++ = 255;
	return (size_t)(o - b) < 300 ? 300 : (size_t)(o - b);   /* BOOTP's minimum */
}

static void copy_str(char *dst, size_t max, const uint8_t *src, size_t len)
{
	size_t n = strnlen((const char *)src, len);

	if (n >= max)
		n = max - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A BOOTREPLY to us (xid, chaddr): its type and what a boot needs. */
static bool dhcp_parse(const uint8_t *b, size_t len, uint32_t xid, const uint8_t mac[6],
		       struct dhcp_msg *m)
{
	static const uint8_t magic[4] = { 99, 130, 83, 99 };
	bool file_in_options = false;

	memset(m, 0, sizeof(*m));
	if (len < 240 || b[0] != 2 || memcmp(b + 4, &xid, 4) || memcmp(b + 28, mac, 6) ||
	    memcmp(b + 236, magic, 4))
		return false;
	memcpy(&m->yiaddr, b + 16, 4);
	memcpy(&m->siaddr, b + 20, 4);
	for (size_t i = 240; i < len && b[i] != 255;) {
		uint8_t code = b[i], olen;

		if (code == 0) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + (olen = b[i + 1]) > len)
			break;
		const uint8_t *v = b + i + 2;

		if (code == 53 && olen == 1)
			m->type = v[0];
		else if (code == 54 && olen == 4)
			memcpy(&m->server_id, v, 4);
		else if (code == 66)
			copy_str(m->tftp_server, sizeof(m->tftp_server), v, olen);
		else if (code == 67) {
			copy_str(m->file, sizeof(m->file), v, olen);
			file_in_options = true;
		}
		i += 2 + olen;
	}
	if (!file_in_options)
		copy_str(m->file, sizeof(m->file), b + 108, 128);
	return m->type != 0;
}

static int dhcp(struct pxe *p, unsigned int discovers, struct pxe_result *res,
		struct dhcp_msg *lease)
{
	uint32_t xid = (uint32_t)(now_s() * 1e6) ^ (p->nic->mac[4] << 8 | p->nic->mac[5]);
	uint8_t b[576];
	struct dhcp_msg m, offer = { 0 };
	struct udp_in in;
	char s1[16], s2[16];
	size_t n;

	/* DISCOVER once a second until an offer comes; the offers of the
	 * next half second are noted too; the first one is taken */
	for (unsigned int tries = 0; tries < discovers && !offer.type; tries++) {
		double deadline = now_s() + 1;

		n = dhcp_build(b, DHCPDISCOVER, xid, p->nic->mac, 0, 0);
		send_udp(p, bcast_mac, 0xffffffffu, BOOTPC, BOOTPS, b, n);
		while (next_udp(p, BOOTPC, deadline, &in, NULL, NULL, NULL)) {
			if (!dhcp_parse(in.data, in.len, xid, p->nic->mac, &m) || m.type != DHCPOFFER)
				continue;
			res->offers++;
			fprintf(p->log, "offer from %s ip %s file %s\n", ip_str(m.server_id, s1),
				ip_str(m.yiaddr, s2), m.file[0] ? m.file : "-");
			if (!offer.type) {
				offer = m;
				deadline = now_s() + 0.5;
			}
		}
	}
	if (!offer.type) {
		fprintf(p->log, "no DHCP offer\n");
		return -ETIMEDOUT;
	}
	for (int tries = 0; tries < 4; tries++) {
		double deadline = now_s() + 1;

		n = dhcp_build(b, DHCPREQUEST, xid, p->nic->mac, offer.yiaddr, offer.server_id);
		send_udp(p, bcast_mac, 0xffffffffu, BOOTPC, BOOTPS, b, n);
		while (next_udp(p, BOOTPC, deadline, &in, NULL, NULL, NULL)) {
			if (!dhcp_parse(in.data, in.len, xid, p->nic->mac, &m) ||
			    m.server_id != offer.server_id)
				continue;
			if (m.type == DHCPNAK) {
				fprintf(p->log, "DHCP NAK from %s\n", ip_str(m.server_id, s1));
				return -EPROTO;
			}
			if (m.type == DHCPACK) {
				*lease = m;
				return 0;
			}
		}
	}
	fprintf(p->log, "no DHCP ACK from %s\n", ip_str(offer.server_id, s1));
	return -ETIMEDOUT;
}

/* ---- TFTP ---- */

static size_t tftp_rrq(uint8_t *b, const char *file)
{
	size_t n = 0;

	put16(b, TFTP_RRQ), n += 2;
	n += sprintf((char *)b + n, "%s", file) + 1;
	n += sprintf((char *)b + n, "octet") + 1;
	n += sprintf((char *)b + n, "blksize") + 1;
	n += sprintf((char *)b + n, "%d", TFTP_BLKSIZE) + 1;
	n += sprintf((char *)b + n, "tsize") + 1;
	n += sprintf((char *)b + n, "0") + 1;
	return n;
}

/* The value of option name in an OACK's name\0value\0 pairs, or NULL. */
static const char *oack_value(const uint8_t *d, size_t len, const char *name)
{
	const char *p = (const char *)d, *end = (const char *)d + len;

	while (p < end) {
		const char *k = p, *v = memchr(p, '\0', end - p);

		if (!v || ++v >= end)
			return NULL;
		p = memchr(v, '\0', end - v);
		if (!p)
			return NULL;
		p++;
		if (!strcasecmp(k, name))
			return v;
	}
	return NULL;
}

static int tftp(struct pxe *p, uint32_t server, const uint8_t server_mac[6], const char *file,
		struct pxe_result *res)
{
	uint16_t port = 1024 + (uint16_t)(now_s() * 1000) % 30000, tid = 0, expect = 1;
	size_t blksize = 512, size = 0, n;
	uint8_t b[600], ack[4];
	uint8_t *data = malloc(BOOT_FILE_MAX);
	bool started = false;
	struct udp_in in;
	char s[16];
	int err = -ETIMEDOUT;

	if (!data)
		return -ENOMEM;
	if (strlen(file) > 400) {
		free(data);
		return -ENAMETOOLONG;
	}
	n = tftp_rrq(b, file);
	for (int quiet = 0; quiet < 5;) {
		double deadline = now_s() + 1;

		if (!started)
			send_udp(p, server_mac, server, port, TFTP_PORT, b, n);
		if (!next_udp(p, port, deadline, &in, NULL, NULL, NULL) || in.src != server) {
			quiet++;
			if (started)
				send_udp(p, server_mac, server, port, tid, ack, sizeof(ack));
			continue;
		}
		quiet = 0;
		if (in.len < 4)
			continue;
		if (started && in.sport != tid)
			continue;     /* another transfer's packet */
		switch (get16(in.data)) {
		case TFTP_ERROR:
			fprintf(p->log, "tftp error %u: %.*s\n", get16(in.data + 2), (int)in.len - 4,
				in.data + 4);
			err = -EPROTO;
			goto out;
		case TFTP_OACK: {
			const char *v = oack_value(in.data + 2, in.len - 2, "blksize");

			if (started)
				continue;
			if (v && atoi(v) >= 8 && atoi(v) <= TFTP_BLKSIZE)
				blksize = (size_t)atoi(v);
			tid = in.sport;
			started = true;
			put16(ack, TFTP_ACK);
			put16(ack + 2, 0);
			send_udp(p, server_mac, server, port, tid, ack, sizeof(ack));
			continue;
		}
		case TFTP_DATA:
			break;
		default:
			continue;
		}
		if (!started) {      /* no options: data straight away */
			tid = in.sport;
			started = true;
		}
		if (get16(in.data + 2) == expect) {
			size_t dl = in.len - 4;

			if (size + dl > BOOT_FILE_MAX) {
				fprintf(p->log, "boot file over %u bytes\n", BOOT_FILE_MAX);
				err = -EFBIG;
				goto out;
			}
			memcpy(data + size, in.data + 4, dl);
			size += dl;
			put16(ack, TFTP_ACK);
			put16(ack + 2, expect++);
			send_udp(p, server_mac, server, port, tid, ack, sizeof(ack));
			if (dl < blksize) {
				res->size = size;
				res->crc = (uint32_t)crc32(0, data, (uInt)size);
				err = 0;
				goto out;
			}
		} else {
			send_udp(p, server_mac, server, port, tid, ack, sizeof(ack));  /* again */
		}
	}
	fprintf(p->log, "tftp: %s stopped answering\n", ip_str(server, s));
out:
	free(data);
	return err;
}

int pxe_boot(const struct pxe_nic *nic, const struct pxe_opts *opts, struct pxe_result *res,
	     FILE *log)
{
	struct pxe p = { .nic = nic, .log = log, .ip_id = 1 };
	struct dhcp_msg lease;
	struct in_addr a;
	uint8_t server_mac[6];
	char s1[16], s2[16];
	int err;

	memset(res, 0, sizeof(*res));
	err = dhcp(&p, opts->discovers ? opts->discovers : 8, res, &lease);
	if (err)
		return err;
	p.ip = res->ip = lease.yiaddr;
	res->server = lease.server_id;
	snprintf(res->file, sizeof(res->file), "%s", lease.file);
	/* the boot server: option 66 if it names an address, else siaddr,
	 * else the DHCP server itself */
	if (lease.tftp_server[0] && inet_aton(lease.tftp_server, &a))
		res->tftp_server = a.s_addr;
	else
		res->tftp_server = lease.siaddr ? lease.siaddr : lease.server_id;
	fprintf(log, "lease %s from %s file %s next-server %s\n", ip_str(res->ip, s1),
		ip_str(res->server, s2), res->file[0] ? res->file : "-",
		ip_str(res->tftp_server, s2));
	if (opts->dhcp_only)
		return 0;
	if (!res->file[0]) {
		fprintf(log, "no boot file named\n");
		return -EPROTO;
	}
	err = arp_resolve(&p, res->tftp_server, server_mac);
	if (!err)
		err = tftp(&p, res->tftp_server, server_mac, res->file, res);
	if (!err)
		fprintf(log, "tftp %s %zu bytes crc32 %08x\n", res->file, res->size, res->crc);
	return err;
}
