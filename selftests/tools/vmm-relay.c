// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vmm-relay: play the VMM of a vsw VM NIC, with a kernel stack as the
 * guest.
 *
 *   vmm-relay TAP NETNS GUEST_IF
 *
 * Opens TAP (the VM NIC's TAP) as QEMU does (IFF_TAP | IFF_NO_PI |
 * IFF_VNET_HDR) and creates GUEST_IF, a TAP of its own, inside the named
 * network namespace NETNS: the guest's virtio-net. Both take the offloads
 * a default virtio-net negotiates (TUNSETOFFLOAD: CSUM, TSO4, TSO6), so
 * the guest's stack hands its frames over with the checksum left to do
 * (VIRTIO_NET_HDR_F_NEEDS_CSUM) and its TCP in GSO frames up to 64 KB,
 * and the relay writes them into TAP with their virtio-net header, as a
 * VMM writes what a guest's virtio-net queues. What comes out of TAP goes
 * to the guest with its header, as a VMM fills the guest's rx ring.
 *
 * Prints "ready" once both are open; on SIGTERM or SIGINT prints one line
 * per direction and exits 0:
 *   from-guest frames N needs-csum N gso N max-len N
 *   to-guest frames N needs-csum N gso N max-len N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>

#define FRAME_MAX (65536 + sizeof(struct virtio_net_hdr) + 64)

struct dir_stats {
	unsigned long long frames, needs_csum, gso, max_len;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Attach to (or create) the TAP name with a virtio-net header and the
 * offloads of a default virtio-net. Returns the fd or -1 (errno set). */
static int tap_open(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	unsigned long offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETOFFLOAD, offloads) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int enter_netns(const char *netns)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = setns(fd, CLONE_NEWNET);
	close(fd);
	return ret;
}

/* Move one frame from in to out. 0, or -1 on an error other than EAGAIN
 * (a write that fails is counted as moved: the guest lost a frame, as a
 * VMM's would when its peer refuses it). */
static int relay_one(int in, int out, struct dir_stats *s, char *buf)
{
	const struct virtio_net_hdr *h = (const void *)buf;
	ssize_t n = read(in, buf, FRAME_MAX);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if ((size_t)n < sizeof(*h))
		return 0;
	s->frames++;
	if (h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		s->needs_csum++;
	if (h->gso_type != VIRTIO_NET_HDR_GSO_NONE)
		s->gso++;
	if ((unsigned long long)n - sizeof(*h) > s->max_len)
		s->max_len = n - sizeof(*h);
	if (write(out, buf, n) < 0 && errno != EIO && errno != EINVAL)
		fprintf(stderr, "vmm-relay: write: %s\n", strerror(errno));
	return 0;
}

static void print_stats(const char *dir, const struct dir_stats *s)
{
	printf("%s frames %llu needs-csum %llu gso %llu max-len %llu\n", dir, s->frames,
	       s->needs_csum, s->gso, s->max_len);
}

int main(int argc, char **argv)
{
	struct dir_stats from_guest = { 0 }, to_guest = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd[2];
	int tap, guest;
	char *buf;

	if (argc != 4) {
		fprintf(stderr, "usage: vmm-relay TAP NETNS GUEST_IF\n");
		return 2;
	}
	tap = tap_open(argv[1]);
	if (tap < 0) {
		fprintf(stderr, "vmm-relay: cannot open TAP '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (enter_netns(argv[2]) < 0) {
		fprintf(stderr, "vmm-relay: cannot enter netns '%s': %s\n", argv[2],
			strerror(errno));
		return 1;
	}
	guest = tap_open(argv[3]);
	if (guest < 0) {
		fprintf(stderr, "vmm-relay: cannot create '%s' in netns '%s': %s\n", argv[3],
			argv[2], strerror(errno));
		return 1;
	}
	buf = malloc(FRAME_MAX);
	if (!buf)
		return 1;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
	pfd[0] = (struct pollfd){ .fd = guest, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = tap, .events = POLLIN };
	while (!stop) {
		if (poll(pfd, 2, 200) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((pfd[0].revents & POLLIN) && relay_one(guest, tap, &from_guest, buf) < 0)
			break;
		if ((pfd[1].revents & POLLIN) && relay_one(tap, guest, &to_guest, buf) < 0)
			break;
	}
	print_stats("from-guest", &from_guest);
	print_stats("to-guest", &to_guest);
	free(buf);
	close(guest);
	close(tap);
	return 0;
}
