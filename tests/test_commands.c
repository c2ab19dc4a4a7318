// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The command table (user/vswd/commands.c) on a real model and datapath
 * in a private network namespace, behind the real control server (in a
 * thread of the test): each request built as a client builds it, sent
 * with the client library, validated and run as vswd runs it; then the
 * state read back twice, from the model and from the replies the
 * commands sent (read with the client library's parser, as vswctl reads
 * them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <criterion/criterion.h>

#include "acl_rule.h"
#include "client.h"
#include "commands.h"
#include "ctl_server.h"
#include "model.h"
#include "test_macs.h"
#include "testlib.h"
#include "vlan_set.h"
#include "version.h"

static struct model m;
static char bpffs[64], sock[108];
static struct ctl_server *srv;
static pthread_t srv_thread;
static volatile bool srv_stop;
static struct vsw_client *cl;

static int run_command(void *ctx, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	return commands_run(&m, req, conn, err);
}

/* The server's loop; the test reads the model only between calls, while
 * the server waits for the next request. */
static void *serve(void *arg)
{
	struct pollfd p = { .fd = ctl_server_fd(srv), .events = POLLIN };

	while (!srv_stop)
		if (poll(&p, 1, 5) > 0)
			ctl_server_run(srv);
	return NULL;
}

static void setup(void)
{
	struct ctl_server_opts o = { .path = sock, .group = (gid_t)-1, .admin_group = (gid_t)-1 };
	struct ctl_handler h = { .run = run_command };

	cr_assert_eq(unshare(CLONE_NEWNET), 0);
	system("echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
	snprintf(bpffs, sizeof(bpffs), "/sys/fs/bpf/vsw-test-%d", getpid());
	snprintf(sock, sizeof(sock), "/tmp/vsw-test-commands-%d.sock", getpid());
	memset(&m, 0, sizeof(m));
	m.bpffs = bpffs;
	cr_assert_eq(ctl_server_open(&o, &h, &srv), 0, "ctl_server_open");
	srv_stop = false;
	cr_assert_eq(pthread_create(&srv_thread, NULL, serve, NULL), 0);
	cr_assert_eq(vsw_client_open(sock, &cl), 0, "vsw_client_open");
}

static void teardown(void)
{
	vsw_client_close(cl);
	srv_stop = true;
	pthread_join(srv_thread, NULL);
	ctl_server_close(srv);
	model_free(&m, true);
	rmdir(bpffs);
}

TestSuite(commands, .init = setup, .fini = teardown);

/* A request in the client's buffer. */
static struct nlmsghdr *request(__u16 cmd, bool dump)
{
	return vsw_client_req(cl, cmd, dump);
}

/* The data messages of the last reply, kept for reply(). */
#define REPLIES_MAX 8
static __u64 replies[REPLIES_MAX][VSW_CTL_MSG_MAX / 8];
static int nreplies, next_reply;

static int keep(const struct nlmsghdr *nlh, void *ctx)
{
	cr_assert_lt(nreplies, REPLIES_MAX, "more replies than the test keeps");
	memcpy(replies[nreplies++], nlh, nlh->nlmsg_len);
	return 0;
}

/* Send the request; 0 or the daemon's -errno, its message in the client. */
static int run(void)
{
	nreplies = next_reply = 0;
	return vsw_client_call(cl, keep, NULL);
}

static void ok(void)
{
	int ret = run();

	cr_assert_eq(ret, 0, "%d (%s)", ret, vsw_client_errmsg(cl));
}

static void refused(int code, const char *text)
{
	int ret = run();

	cr_assert_eq(ret, code, "returned %d (%s), want %d", ret, vsw_client_errmsg(cl), code);
	cr_assert_not_null(strstr(vsw_client_errmsg(cl), text), "message '%s' lacks '%s'",
			   vsw_client_errmsg(cl), text);
}

/* The next data message of the last reply, parsed as the client parses
 * it; false when there was no more. */
static bool reply(__u16 cmd, const struct nlattr **tb)
{
	const struct nlmsghdr *nlh;

	if (next_reply == nreplies)
		return false;
	nlh = (const struct nlmsghdr *)replies[next_reply++];
	cr_assert_eq(nlh->nlmsg_type, cmd, "reply type %#x, want %#x", nlh->nlmsg_type, cmd);
	cr_assert_eq(vsw_reply_parse(nlh, tb), 0, "the client's parser refuses the reply");
	return true;
}

static void no_more_replies(void)
{
	cr_assert_eq(next_reply, nreplies, "%d replies more than expected", nreplies - next_reply);
}

/* A switch sw0 with access ports p1, p2 in VLAN vid. */
static void two_ports(__u16 vid)
{
	struct vsw_port_set ps = { .given = VSW_PS(VSW_PS_VLAN), .vlan_mode = VSW_PORT_ACCESS,
				   .pvid = vid };
	struct nlmsghdr *nlh;

	nlh = request(VSW_CMD_SWITCH_ADD, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	ok();
	for (const char *p = "p1\0p2\0"; *p; p += 3) {
		nlh = request(VSW_CMD_PORT_ADD, false);
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, p);
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
		vsw_port_set_put(nlh, &ps);
		ok();
	}
}

/* Host NIC name connected to port. */
static void host_nic(const char *name, const char *port)
{
	struct nlmsghdr *nlh = request(VSW_CMD_NIC_ADD, false);

	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, name);
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, VSW_NIC_HOST);
	ok();
	nlh = request(VSW_CMD_NIC_CONNECT, false);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, name);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	ok();
}

Test(commands, version)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	request(VSW_CMD_VERSION, false);
	ok();
	cr_assert(reply(VSW_CMD_VERSION, tb));
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_VERSION]), VSW_CTL_VERSION);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_BUILD]), VSW_VERSION_STRING);
	no_more_replies();
}

Test(commands, unknown_command)
{
	struct ctl_request req = { .cmd = 0x21 }; /* between the blocks: vswd's parser refuses it */
	struct vsw_err err;

	cr_assert_eq(commands_run(&m, &req, NULL, &err), -EOPNOTSUPP);
	cr_assert_str_eq(err.msg, "unknown command 33");
}

Test(commands, switch_add_show_del)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct nlmsghdr *nlh;

	two_ports(1);
	cr_assert_not_null(model_switch_find(&m, "sw0"));
	nlh = request(VSW_CMD_SWITCH_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	ok();
	cr_assert(reply(VSW_CMD_SWITCH_GET, tb));
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_SWITCH_TYPE]), VSW_SWITCH_PRIVATE);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_COUNT]), 2, "two ports");
	cr_assert_not_null(tb[VSW_A_DP_MODE]);
	cr_assert_not_null(tb[VSW_A_STATS]);
	no_more_replies();

	nlh = request(VSW_CMD_SWITCH_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw9");
	refused(-ENOENT, "switch 'sw9' does not exist");
	nlh = request(VSW_CMD_SWITCH_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	refused(-EBUSY, "has 2 ports");
	nlh = request(VSW_CMD_SWITCH_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_FORCE, 0, NULL);
	ok();
	cr_assert_null(model_switch_find(&m, "sw0"));
	cr_assert_null(model_port_find(&m, "p1"), "force took the ports");
}

/* PORT_SET as vswctl encodes it, into the model, and back in PORT_GET. */
Test(commands, port_settings_reach_the_port_and_come_back)
{
	static const __u8 mac[6] = { 2, 0, 0, 0, 0, 0x31 };
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct vsw_port_set ps = { 0 };
	struct nlmsghdr *nlh;
	struct vport *p1;
	const char *bad;

	two_ports(1);
	p1 = model_port_find(&m, "p1");
	ps.given = VSW_PS(VSW_PS_VLAN) | VSW_PS(VSW_PS_MAC_GUARD) | VSW_PS(VSW_PS_MAC_ALLOW) |
		   VSW_PS(VSW_PS_DHCP_GUARD) | VSW_PS(VSW_PS_PRIO_TRUST) |
		   VSW_PS(VSW_PS_LEARNING) | VSW_PS(VSW_PS_LEARN_LIMIT) | VSW_PS(VSW_PS_MIRROR) |
		   VSW_PS(VSW_PS_RATE + VSW_DIR_OUT) | VSW_PS(VSW_PS_RATE + VSW_DIR_IN) |
		   VSW_PS(VSW_PS_STORM + VSW_STORM_MCAST);
	ps.vlan_mode = VSW_PORT_TRUNK;
	cr_assert_eq(vlan_set_parse(ps.vids, "10,20-22", &bad), 0);
	ps.pvid = 10;
	ps.pol.mac_guard = VSW_GUARD_ON;
	ps.pol.nallow = 1;
	memcpy(ps.pol.allow[0], mac, 6);
	ps.pol.dhcp_guard = true;
	ps.pol.prio_trust = true;
	ps.learning = false;
	ps.learn_limit = 33;
	ps.pol.mirror = VSW_MIRROR_DST;
	ps.pol.rate_bps[VSW_DIR_OUT] = 20000000;
	ps.pol.rate_bps[VSW_DIR_IN] = 8000000;
	ps.pol.burst[VSW_DIR_IN] = 30000;
	ps.pol.storm_pps[VSW_STORM_MCAST] = 50;
	nlh = request(VSW_CMD_PORT_SET, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	vsw_port_set_put(nlh, &ps);
	ok();

	/* The model. */
	cr_assert_eq(p1->cfg.mode, VSW_PORT_TRUNK);
	cr_assert_eq(p1->cfg.pvid, 10, "native VID");
	cr_assert_eq(vlan_set_count(p1->cfg.vlans), 4);
	cr_assert(p1->cfg.no_learning);
	cr_assert_eq(p1->cfg.learn_limit, 33);
	cr_assert_eq(p1->pol.mac_guard, VSW_GUARD_ON);
	cr_assert_eq(p1->pol.nallow, 1);
	cr_assert_arr_eq(p1->pol.allow[0], mac, 6);
	cr_assert(p1->pol.dhcp_guard && !p1->pol.router_guard && p1->pol.prio_trust);
	cr_assert_eq(p1->pol.mirror, VSW_MIRROR_DST);
	cr_assert_eq(p1->pol.rate_bps[VSW_DIR_OUT], 20000000);
	cr_assert_eq(p1->pol.burst[VSW_DIR_OUT], 0, "the default, kept as 0");
	cr_assert_eq(p1->pol.burst[VSW_DIR_IN], 30000);
	cr_assert_eq(p1->pol.storm_pps[VSW_STORM_MCAST], 50);
	cr_assert_eq(p1->pol.storm_pps[VSW_STORM_BCAST], 0);

	/* The reply: every setting, the burst in effect. */
	nlh = request(VSW_CMD_PORT_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	ok();
	cr_assert(reply(VSW_CMD_PORT_GET, tb));
	no_more_replies();
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_VLAN_MODE]), VSW_PORT_TRUNK);
	cr_assert_eq(mnl_attr_get_u16(tb[VSW_A_VLAN_PVID]), 10);
	cr_assert_arr_eq(mnl_attr_get_payload(tb[VSW_A_VLAN_TRUNK]), ps.vids, sizeof(ps.vids));
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_MAC_GUARD]), VSW_GUARD_ON);
	cr_assert_arr_eq(mnl_attr_get_payload(tb[VSW_A_POL_MAC_ALLOW]), mac, 6);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_DHCP_GUARD]), 1);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_ROUTER_GUARD]), 0);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_PRIO_TRUST]), 1);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_LEARNING]), 0);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_LEARN_LIMIT]), 33);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_MIRROR]), VSW_MIRROR_DST);
	cr_assert_eq(mnl_attr_get_u64(tb[VSW_A_POL_RATE_OUT]), 20000000);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_BURST_OUT]), vsw_rate_burst_default(20000000));
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_BURST_IN]), 30000);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_STORM_MCAST]), 50);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_PVLAN_ROLE]), VSW_PVLAN_NONE);

	/* A private VLAN: an access port of its primary; learning kept. */
	memset(&ps, 0, sizeof(ps));
	ps.given = VSW_PS(VSW_PS_VLAN) | VSW_PS(VSW_PS_PVLAN);
	ps.vlan_mode = VSW_PORT_ACCESS;
	ps.pvid = 100;
	ps.pol.pvlan = VSW_PVLAN_ISOLATED;
	ps.pol.pvlan_secondary = 101;
	nlh = request(VSW_CMD_PORT_SET, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	vsw_port_set_put(nlh, &ps);
	ok();
	cr_assert_eq(p1->cfg.mode, VSW_PORT_ACCESS);
	cr_assert_eq(p1->cfg.pvid, 100);
	cr_assert_eq(p1->pol.pvlan, VSW_PVLAN_ISOLATED);
	cr_assert_eq(p1->pol.pvlan_secondary, 101);
	cr_assert(p1->cfg.no_learning, "a VLAN setting keeps the learning settings");
	cr_assert_eq(p1->cfg.learn_limit, 33);
	cr_assert_eq(p1->pol.rate_bps[VSW_DIR_OUT], 20000000, "settings not given stay");

	/* A VLAN setting without a role ends it. */
	ps.pol.pvlan = VSW_PVLAN_NONE;
	ps.pvid = 5;
	nlh = request(VSW_CMD_PORT_SET, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	vsw_port_set_put(nlh, &ps);
	ok();
	cr_assert_eq(p1->cfg.pvid, 5);
	cr_assert_eq(p1->pol.pvlan, VSW_PVLAN_NONE);
	cr_assert_eq(p1->pol.pvlan_secondary, 0);
}

/* What no vswctl line sends, a client may: each refused with its
 * reason, and the port left as it was. */
Test(commands, port_set_refusals_change_nothing)
{
	static const __u8 group_mac[6] = { 1, 0, 0x5e, 0, 0, 1 };
	__u64 empty[VSW_VID_BITMAP_WORDS] = { 0 }, some[VSW_VID_BITMAP_WORDS];
	struct vsw_pol_settings pol;
	struct vsw_port_cfg cfg;
	struct nlmsghdr *nlh;
	struct vport *p1;
	const char *bad;

	two_ports(10);
	p1 = model_port_find(&m, "p1");
	cfg = p1->cfg;
	pol = p1->pol;
	cr_assert_eq(vlan_set_parse(some, "20", &bad), 0);

#define SET() (nlh = request(VSW_CMD_PORT_SET, false), \
	       mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1"))
	SET();
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 5);
	refused(-EINVAL, "port 'p1': VLAN settings without a mode");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(some), some);
	refused(-EINVAL, "an access port has no VID list");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_TRUNK);
	refused(-EINVAL, "a trunk needs its VID list");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_TRUNK);
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(empty), empty);
	refused(-EINVAL, "empty VID list");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, 7);
	refused(-EINVAL, "unknown VLAN mode 7");
	SET();
	mnl_attr_put_u32(nlh, VSW_A_POL_BURST_OUT, 20000);
	refused(-EINVAL, "a burst goes with its rate");
	SET();
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, 100);
	refused(-EINVAL, "rate 100 bit/s is outside");
	SET();
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, 10000000);
	mnl_attr_put_u32(nlh, VSW_A_POL_BURST_IN, 100);
	refused(-EINVAL, "burst 100 bytes is outside");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, 3);
	refused(-EINVAL, "mac guard 3 (0 default, 1 on, 2 off)");
	SET();
	mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, 6, group_mac);
	refused(-EINVAL, "allowed MACs must be unicast");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, 2);
	refused(-EINVAL, "router guard 2 (0 off, 1 on)");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_POL_LEARNING, 9);
	refused(-EINVAL, "learning 9 (0 off, 1 on)");
	SET();
	mnl_attr_put_u32(nlh, VSW_A_POL_STORM_UNKNOWN, VSW_STORM_MAX_PPS + 1);
	refused(-EINVAL, "storm limit 100000001 frames/s is over");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, VSW_PVLAN_ISOLATED);
	mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, 20);
	refused(-EINVAL, "a private VLAN port is an access port of its primary VLAN");
	SET();
	mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, 20);
	refused(-EINVAL, "secondary VIDs without a private VLAN role");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 10);
	mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, VSW_PVLAN_PROMISCUOUS);
	mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, 20);
	refused(-EINVAL, "a promiscuous port takes a secondary VID list");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 20);
	mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, VSW_PVLAN_PROMISCUOUS);
	mnl_attr_put(nlh, VSW_A_POL_PVLAN_SERVES, sizeof(some), some);
	refused(-EINVAL, "secondary VIDs are 1-4094, not the primary");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 20);
	mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, VSW_PVLAN_COMMUNITY);
	mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, 20);
	refused(-EINVAL, "the secondary VID is not the primary");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, 9);
	refused(-EINVAL, "private VLAN role 9");
	SET();
	mnl_attr_put_u8(nlh, VSW_A_POL_MIRROR, 5);
	refused(-EINVAL, "mirror role 5");
	SET();
	mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, 0);
	refused(-EINVAL, "learn limit 0");
	SET();
	refused(-EINVAL, "port 'p1': nothing to set");
	nlh = request(VSW_CMD_PORT_SET, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p9");
	mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, 1);
	refused(-ENOENT, "port 'p9' does not exist");
#undef SET
	cr_assert_arr_eq(&p1->cfg, &cfg, sizeof(cfg), "the VLAN config is as it was");
	cr_assert_arr_eq(&p1->pol, &pol, sizeof(pol), "the policies are as they were");
	no_more_replies();
}

Test(commands, nic_connect_and_the_fdb)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	__u8 a[6], b[6];
	struct nlmsghdr *nlh;

	mac_parse(A, a);
	mac_parse(B, b);
	two_ports(10);
	host_nic("h1", "p1");
	cr_assert(model_port_up(model_port_find(&m, "p1")));
	nlh = request(VSW_CMD_NIC_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h1");
	ok();
	cr_assert(reply(VSW_CMD_NIC_GET, tb));
	no_more_replies();
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_NIC_KIND]), VSW_NIC_HOST);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_LINK]), 1);
	cr_assert_not_null(tb[VSW_A_MAC], "a host NIC gets a MAC");

	nlh = request(VSW_CMD_FDB_ADD, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_MAC, 6, a);
	mnl_attr_put_u16(nlh, VSW_A_VID, 10);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	ok();
	nlh = request(VSW_CMD_FDB_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	ok();
	cr_assert(reply(VSW_CMD_FDB_GET, tb));
	no_more_replies();
	cr_assert_eq(mnl_attr_get_u16(tb[VSW_A_VID]), 10);
	cr_assert_arr_eq(mnl_attr_get_payload(tb[VSW_A_MAC]), a, 6);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_not_null(tb[VSW_A_FDB_STATIC]);

	/* A flush takes learned entries only, and says how many. */
	nlh = request(VSW_CMD_FDB_FLUSH, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	ok();
	cr_assert(reply(VSW_CMD_FDB_FLUSH, tb));
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_COUNT]), 0);
	nlh = request(VSW_CMD_FDB_FLUSH, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p9");
	refused(-ENOENT, "p9");

	nlh = request(VSW_CMD_FDB_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_MAC, 6, b);
	mnl_attr_put_u16(nlh, VSW_A_VID, 10);
	refused(-ENOENT, "switch 'sw0' has no such FDB entry");
	nlh = request(VSW_CMD_FDB_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_MAC, 6, a);
	mnl_attr_put_u16(nlh, VSW_A_VID, 10);
	ok();
	nlh = request(VSW_CMD_FDB_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	ok();
	no_more_replies();

	nlh = request(VSW_CMD_NIC_DISCONNECT, false);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h1");
	ok();
	cr_assert_null(model_nic_find(&m, "h1")->port);
	cr_assert_not(model_port_up(model_port_find(&m, "p1")));
}

Test(commands, acl_add_show_del)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct vsw_acl_rule r;
	struct nlmsghdr *nlh;
	struct vport *p1;

	two_ports(1);
	p1 = model_port_find(&m, "p1");
	vsw_acl_rule_init(&r);
	r.proto = 6;
	r.has_rport = true;
	r.rport.lo = r.rport.hi = 22;
	nlh = request(VSW_CMD_ACL_ADD, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, VSW_ACL_DIR_IN);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, VSW_ACL_DENY);
	vsw_acl_match_put(nlh, &r);
	ok();
	cr_assert(reply(VSW_CMD_ACL_ADD, tb));
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_ACL_ID]), 1, "the first rule is 1");
	cr_assert_eq(p1->nacl, 1);
	cr_assert_eq(p1->acl[0].proto, 6);
	cr_assert_eq(p1->acl[0].priority, VSW_ACL_PRIORITY_DEFAULT);

	nlh = request(VSW_CMD_ACL_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	ok();
	cr_assert(reply(VSW_CMD_ACL_GET, tb));
	no_more_replies();
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_ACL_DIR]), VSW_ACL_DIR_IN);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_ACL_ACTION]), VSW_ACL_DENY);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_ACL_PROTO]), 6);
	cr_assert_eq(((const struct vsw_acl_range *)mnl_attr_get_payload(tb[VSW_A_ACL_RPORT]))->lo,
		     22);
	cr_assert_eq(mnl_attr_get_u64(tb[VSW_A_ACL_HITS]), 0);

	nlh = request(VSW_CMD_ACL_ADD, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, VSW_ACL_DIR_IN);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, VSW_ACL_ALLOW);
	mnl_attr_put_u32(nlh, VSW_A_ACL_TIMEOUT, 5);
	refused(-EINVAL, "port 'p1': a timeout is for stateful rules");
	nlh = request(VSW_CMD_ACL_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, 1);
	ok();
	cr_assert_eq(p1->nacl, 0);
	no_more_replies();
}

/* A trace decides on the real program without learning from the frame. */
Test(commands, trace_floods_and_learns_nothing)
{
	const struct nlattr *tb[VSW_A_MAX + 1], *a, *tr[VSW_TRACE_TO_MORE + 1] = { NULL };
	struct nlmsghdr *nlh;
	__u8 frame[60] = { 0 };

	two_ports(1);
	host_nic("h1", "p1");
	host_nic("h2", "p2");
	mac_parse(BCAST, frame);
	mac_parse(A, frame + 6);
	frame[12] = 0x08;
	nlh = request(VSW_CMD_TRACE, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put(nlh, VSW_A_FRAME, sizeof(frame), frame);
	ok();
	cr_assert(reply(VSW_CMD_TRACE, tb));
	no_more_replies();
	mnl_attr_for_each_nested(a, tb[VSW_A_TRACE])
		if (mnl_attr_get_type(a) <= VSW_TRACE_TO_MORE)
			tr[mnl_attr_get_type(a)] = a;
	cr_assert_eq(mnl_attr_get_u8(tr[VSW_TRACE_VERDICT]), VSW_V_FLOOD);
	cr_assert_eq(mnl_attr_get_u16(tr[VSW_TRACE_VID]), 1);
	cr_assert_str_eq(mnl_attr_get_str(tr[VSW_TRACE_TO_UNTAGGED]), "p2");
	cr_assert(mnl_attr_get_u32(tr[VSW_TRACE_FLAGS]) & VSW_DEC_F_LEARNED, "would learn");

	nlh = request(VSW_CMD_FDB_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	ok();
	no_more_replies();
}
