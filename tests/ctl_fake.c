// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A fake vswd for the client and vswctl tests (ctl_fake.h). */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"
#include "vlan_set.h"
#include "vsw_structs.h"

int peer = -1;

static __u64 rbuf[VSW_CTL_MSG_MAX / 8];

struct nlmsghdr *reply(__u16 type, __u16 flags, __u32 seq)
{
	struct nlmsghdr *nlh;

	memset(rbuf, 0, sizeof(rbuf));
	nlh = mnl_nlmsg_put_header(rbuf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	return nlh;
}

void peer_send(const void *buf, size_t len)
{
	cr_assert_eq(send(peer, buf, len, 0), (ssize_t)len, "fake daemon send: %m");
}

void send_nlh(const struct nlmsghdr *nlh)
{
	peer_send(nlh, nlh->nlmsg_len);
}

void send_ack(__u32 seq, __u16 cmd, int error, const char *msg)
{
	struct nlmsghdr *nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, seq);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN;
	e->msg.nlmsg_type = cmd;
	e->msg.nlmsg_seq = seq;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	send_nlh(nlh);
}

void send_done(__u32 seq)
{
	struct nlmsghdr *nlh = reply(NLMSG_DONE, NLM_F_MULTI, seq);
	int *status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));

	*status = 0;
	send_nlh(nlh);
}

const struct nlmsghdr *peer_recv(void *buf, size_t size)
{
	ssize_t n = recv(peer, buf, size, MSG_DONTWAIT);
	const struct nlmsghdr *nlh = buf;

	cr_assert_geq(n, (ssize_t)sizeof(*nlh), "fake daemon got %zd bytes", n);
	cr_assert_eq(nlh->nlmsg_len, (__u32)n, "nlmsg_len %u, datagram %zd", nlh->nlmsg_len, n);
	return nlh;
}

static int collect(const struct nlattr *a, void *data)
{
	struct attrs *at = data;

	cr_assert_leq(mnl_attr_get_type(a), VSW_A_MAX, "attribute %u", mnl_attr_get_type(a));
	cr_assert_null(at->tb[mnl_attr_get_type(a)], "attribute %u twice", mnl_attr_get_type(a));
	at->tb[mnl_attr_get_type(a)] = a;
	at->count++;
	return MNL_CB_OK;
}

void request_attrs(const struct nlmsghdr *req, struct attrs *at)
{
	memset(at, 0, sizeof(*at));
	cr_assert_eq(mnl_attr_parse(req, 0, collect, at), MNL_CB_OK, "request attributes");
}

/* ---- vswctl against a fake vswd on a socket path ---- */

/* build/vswctl, beside build/tests/ where the test runs from. */
static const char *vswctl_path(void)
{
	static char path[PATH_MAX];
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	cr_assert_gt(n, 0);
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/../vswctl", dirname(self));
	cr_assert_eq(access(path, X_OK), 0, "%s: %m", path);
	return path;
}

static FILE *vswctl_start(const char *socket, const char *args)
{
	char cmd[PATH_MAX + 1024];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s -s %s %s 2>&1", vswctl_path(), socket, args);
	p = popen(cmd, "r");
	cr_assert_not_null(p, "popen %s", cmd);
	return p;
}

static int vswctl_exit(FILE *p, char out[4096])
{
	size_t n = fread(out, 1, 4095, p);
	int status;

	out[n] = '\0';
	status = pclose(p);
	cr_assert(WIFEXITED(status), "vswctl did not exit: %#x", status);
	return WEXITSTATUS(status);
}

void fake_start(struct fake *f, const char *args)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/vswctl-test-XXXXXX");
	cr_assert_not_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/vswd.sock", f->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->listener = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	cr_assert_eq(bind(f->listener, (struct sockaddr *)&sa, sizeof(sa)), 0, "bind: %m");
	cr_assert_eq(listen(f->listener, 1), 0);
	fake_rerun(f, args);
}

void fake_rerun(struct fake *f, const char *args)
{
	f->pipe = vswctl_start(f->path, args);
}

static void fake_read(struct fake *f, __u16 cmd)
{
	ssize_t n = recv(peer, f->buf, sizeof(f->buf), 0);

	cr_assert_gt(n, 0, "no request from vswctl: %m");
	f->req = (const struct nlmsghdr *)f->buf;
	cr_assert_eq(f->req->nlmsg_len, (__u32)n);
	cr_assert_eq(f->req->nlmsg_type, cmd, "request %#x, want %#x", f->req->nlmsg_type, cmd);
	request_attrs(f->req, &f->at);
}

void fake_accept(struct fake *f, __u16 cmd)
{
	peer = accept(f->listener, NULL, NULL);
	cr_assert_geq(peer, 0, "accept: %m");
	fake_read(f, cmd);
}

void fake_next(struct fake *f, __u16 cmd)
{
	fake_read(f, cmd);
}

void fake_ack(struct fake *f, int error, const char *msg)
{
	send_ack(f->req->nlmsg_seq, f->req->nlmsg_type, error, msg);
}

void fake_done(struct fake *f)
{
	send_done(f->req->nlmsg_seq);
}

int fake_wait(struct fake *f)
{
	if (peer >= 0)
		close(peer);
	peer = -1;
	return vswctl_exit(f->pipe, f->out);
}

int fake_finish(struct fake *f)
{
	int status = fake_wait(f);

	close(f->listener);
	unlink(f->path);
	rmdir(f->dir);
	return status;
}

int vswctl_alone(const char *args, char out[4096])
{
	return vswctl_exit(vswctl_start("/nonexistent", args), out);
}

void expect_usage_error(const char *args, const char *want)
{
	char out[4096];
	int status = vswctl_alone(args, out);

	cr_assert_eq(status, 2, "'%s': exit %d: %s", args, status, out);
	cr_assert_str_eq(out, want, "'%s'", args);
}

void send_full_port(__u32 seq, const char *name, __u8 mode, __u16 pvid, const char *vids,
		    bool up, const char *nic)
{
	struct nlmsghdr *nlh = reply(VSW_CMD_PORT_GET, NLM_F_MULTI, seq);
	__u64 set[VSW_VID_BITMAP_WORDS];
	struct nlattr *nest;
	const char *bad;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, mode);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, pvid);
	if (vids) {
		cr_assert_eq(vlan_set_parse(set, vids, &bad), 0);
		mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(set), set);
	}
	mnl_attr_put_u8(nlh, VSW_A_LINK, up);
	if (nic)
		mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, nic);
	nest = mnl_attr_nest_start(nlh, VSW_A_STATS);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_PACKETS, 7);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_BYTES, 700);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_PACKETS, 3);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_BYTES, 300);
	mnl_attr_put_u64(nlh, VSW_STAT_FLOODED, 1);
	for (int r = 0; r < VSW_DROP__MAX; r++)
		mnl_attr_put_u64(nlh, VSW_STAT_DROP_BASE + r, r);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
}
