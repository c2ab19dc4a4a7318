// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vsw: a CNI plugin (Container Network Interface, specification 1.0) that
 * puts a container on a vsw switch. Installed as PREFIX/lib/cni/vsw; the
 * runtime runs it with CNI_COMMAND and friends in the environment and the
 * network configuration on stdin (docs/operator-guide.md, "Containers"):
 *
 *	{ "cniVersion": "1.0.0", "name": "net1", "type": "vsw",
 *	  "switch": "sw0", "vlan": 10, "socket": "/run/vsw/vswd.sock",
 *	  "policy": { "macGuard": true, "dhcpGuard": true, "routerGuard": true,
 *	              "maxRateIn": "100mbit", "maxRateOut": "100mbit",
 *	              "learnLimit": 4 },
 *	  "ipam": { "type": "host-local", "subnet": "10.88.0.0/16" } }
 *
 * ADD makes a port of the switch and a host NIC of vswd whose host side is
 * CNI_IFNAME in the container's netns (both named c<hash of container id
 * and ifname>), connects them, runs the IPAM plugin if there is one and
 * puts its addresses and routes on the interface. DEL undoes all of it and
 * succeeds when it is gone already. CHECK compares what is there with the
 * previous result. VERSION lists the versions spoken.
 *
 * Errors are CNI error objects on stdout, exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/wait.h>
#include <json-c/json.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "cli_parse.h"
#include "client.h"
#include "names.h"
#include "vsw_ctl.h"
#include "vsw_structs.h"

#define CNI_VERSION "1.0.0"
static const char *const supported_versions[] = { "0.3.0", "0.3.1", "0.4.0", "1.0.0" };

/* The error codes of the specification. */
enum {
	CNI_ERR_VERSION = 1,
	CNI_ERR_FIELD = 2,
	CNI_ERR_UNKNOWN_CONTAINER = 3,
	CNI_ERR_ENV = 4,
	CNI_ERR_IO = 5,
	CNI_ERR_DECODE = 6,
	CNI_ERR_CONFIG = 7,
	CNI_ERR_TRY_LATER = 11,
};

struct policy {
	int mac_guard, dhcp_guard, router_guard; /* -1 unset, 0 off, 1 on */
	__u64 rate_in, rate_out;
	bool has_rate_in, has_rate_out;
	__u32 learn_limit;
};

struct cni {
	/* the environment */
	const char *command, *container, *netns, *ifname, *path;
	/* the configuration */
	char *stdin_buf;
	size_t stdin_len;
	json_object *conf;
	const char *version, *sw, *socket;
	__u16 vlan;
	struct policy pol;
	json_object *ipam, *prev;
	/* derived */
	char name[VSW_NAME_MAX]; /* the port's and the NIC's */
	char sw_side[VSW_NAME_MAX];
	struct vsw_client *vswd;
};

static bool error_printed;

/* Print a CNI error object; returns -1 for the caller to pass on. */
static int __attribute__((format(printf, 3, 4)))
cni_err(const struct cni *c, int code, const char *fmt, ...)
{
	json_object *o = json_object_new_object();
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (error_printed)
		return -1; /* the first error is the one that counts */
	json_object_object_add(o, "cniVersion",
			       json_object_new_string(c && c->version ? c->version : CNI_VERSION));
	json_object_object_add(o, "code", json_object_new_int(code));
	json_object_object_add(o, "msg", json_object_new_string(msg));
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	error_printed = true;
	return -1;
}

/* ---- the configuration ---------------------------------------------- */

static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t r = fread(buf + n, 1, cap - n - 1, f);

		n += r;
		if (r == 0)
			break;
		if (n + 1 == cap) {
			char *b = realloc(buf, cap *= 2);

			if (!b)
				free(buf);
			buf = b;
		}
	}
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static bool version_supported(const char *v)
{
	for (size_t i = 0; i < sizeof(supported_versions) / sizeof(*supported_versions); i++)
		if (!strcmp(v, supported_versions[i]))
			return true;
	return false;
}

static int get_bool(struct cni *c, json_object *pol, const char *key, int *out)
{
	json_object *v;

	*out = -1;
	if (!json_object_object_get_ex(pol, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return cni_err(c, CNI_ERR_CONFIG, "policy '%s' must be true or false", key);
	*out = json_object_get_boolean(v);
	return 0;
}

static int get_rate(struct cni *c, json_object *pol, const char *key, __u64 *out, bool *has)
{
	json_object *v;

	if (!json_object_object_get_ex(pol, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string) ||
	    cli_parse_rate(json_object_get_string(v), out))
		return cni_err(c, CNI_ERR_CONFIG, "policy '%s' must be a rate like \"20mbit\"",
			       key);
	*has = true;
	return 0;
}

static int parse_policy(struct cni *c, json_object *pol)
{
	static const char *const known[] = { "macGuard", "dhcpGuard", "routerGuard",
					     "maxRateIn", "maxRateOut", "learnLimit" };
	json_object *v;

	if (!json_object_is_type(pol, json_type_object))
		return cni_err(c, CNI_ERR_CONFIG, "'policy' must be an object");
	json_object_object_foreach(pol, key, val) {
		size_t i;

		(void)val;
		for (i = 0; i < sizeof(known) / sizeof(*known); i++)
			if (!strcmp(key, known[i]))
				break;
		if (i == sizeof(known) / sizeof(*known))
			return cni_err(c, CNI_ERR_CONFIG, "unknown policy '%s' (macGuard, "
				       "dhcpGuard, routerGuard, maxRateIn, maxRateOut, learnLimit)",
				       key);
	}
	if (get_bool(c, pol, "macGuard", &c->pol.mac_guard) ||
	    get_bool(c, pol, "dhcpGuard", &c->pol.dhcp_guard) ||
	    get_bool(c, pol, "routerGuard", &c->pol.router_guard) ||
	    get_rate(c, pol, "maxRateIn", &c->pol.rate_in, &c->pol.has_rate_in) ||
	    get_rate(c, pol, "maxRateOut", &c->pol.rate_out, &c->pol.has_rate_out))
		return -1;
	if (json_object_object_get_ex(pol, "learnLimit", &v)) {
		int64_t n = json_object_get_int64(v);

		if (!json_object_is_type(v, json_type_int) || n < 1 || n > 0xffffffffLL)
			return cni_err(c, CNI_ERR_CONFIG, "policy 'learnLimit' must be a number "
				       "from 1");
		c->pol.learn_limit = (__u32)n;
	}
	return 0;
}

static const char *conf_str(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		? json_object_get_string(v) : NULL;
}

static int parse_conf(struct cni *c)
{
	json_object *v;

	c->stdin_buf = read_all(stdin, &c->stdin_len);
	if (!c->stdin_buf)
		return cni_err(c, CNI_ERR_IO, "cannot read the configuration: %s",
			       strerror(errno));
	c->conf = json_tokener_parse(c->stdin_buf);
	if (!c->conf || !json_object_is_type(c->conf, json_type_object))
		return cni_err(c, CNI_ERR_DECODE, "the configuration on stdin is not a JSON "
			       "object");
	c->version = conf_str(c->conf, "cniVersion");
	if (!c->version)
		return cni_err(c, CNI_ERR_CONFIG, "the configuration has no cniVersion");
	if (!version_supported(c->version))
		return cni_err(c, CNI_ERR_VERSION, "cniVersion %s is not supported (0.3.0, "
			       "0.3.1, 0.4.0, 1.0.0)", c->version);
	c->sw = conf_str(c->conf, "switch");
	if (!c->sw || !vsw_name_valid(c->sw))
		return cni_err(c, CNI_ERR_CONFIG, "'switch' must name a vsw switch (1 to 15 "
			       "characters)");
	c->socket = conf_str(c->conf, "socket");
	if (json_object_object_get_ex(c->conf, "vlan", &v)) {
		int64_t vid = json_object_get_int64(v);

		if (!json_object_is_type(v, json_type_int) || vid < 1 || vid > 4094)
			return cni_err(c, CNI_ERR_CONFIG, "'vlan' must be a VLAN ID, 1 to 4094");
		c->vlan = (__u16)vid;
	}
	c->pol.mac_guard = c->pol.dhcp_guard = c->pol.router_guard = -1;
	if (json_object_object_get_ex(c->conf, "policy", &v) && parse_policy(c, v))
		return -1;
	if (json_object_object_get_ex(c->conf, "ipam", &c->ipam) &&
	    (!json_object_is_type(c->ipam, json_type_object) || !conf_str(c->ipam, "type")))
		return cni_err(c, CNI_ERR_CONFIG, "'ipam' must be an object with a 'type'");
	if (c->ipam && json_object_object_length(c->ipam) == 0)
		c->ipam = NULL;
	json_object_object_get_ex(c->conf, "prevResult", &c->prev);
	return 0;
}

static int parse_env(struct cni *c)
{
	static const char *const need[] = { "CNI_CONTAINERID", "CNI_IFNAME" };
	__u32 h = 2166136261u;
	char key[256];

	c->container = getenv("CNI_CONTAINERID");
	c->netns = getenv("CNI_NETNS");
	c->ifname = getenv("CNI_IFNAME");
	c->path = getenv("CNI_PATH");
	for (size_t i = 0; i < sizeof(need) / sizeof(*need); i++)
		if (!getenv(need[i]) || !*getenv(need[i]))
			return cni_err(c, CNI_ERR_ENV, "%s is not set", need[i]);
	if (strcmp(c->command, "DEL") && (!c->netns || !*c->netns))
		return cni_err(c, CNI_ERR_ENV, "CNI_NETNS is not set");
	if (c->netns && *c->netns && (c->netns[0] != '/' || strlen(c->netns) > 63))
		return cni_err(c, CNI_ERR_ENV, "CNI_NETNS '%s' is not an absolute path of at "
			       "most 63 characters", c->netns);
	if (!vsw_name_valid(c->ifname))
		return cni_err(c, CNI_ERR_ENV, "CNI_IFNAME '%s' is not an interface name",
			       c->ifname);
	/* One port and NIC per container and interface: "c" and 8 hex digits
	 * of the pair's FNV-1a hash; the switch side is "vsw-" and that. */
	snprintf(key, sizeof(key), "%s/%s", c->container, c->ifname);
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	snprintf(c->name, sizeof(c->name), "c%08x", h);
	snprintf(c->sw_side, sizeof(c->sw_side), "vsw-c%08x", h);
	return 0;
}

/* ---- vswd ------------------------------------------------------------ */

static int vswd_open(struct cni *c)
{
	int err = vsw_client_open(c->socket, &c->vswd);

	if (err)
		return cni_err(c, CNI_ERR_TRY_LATER, "cannot reach vswd at %s: %s",
			       c->socket ?: VSW_CTL_SOCKET_DEFAULT, strerror(-err));
	return 0;
}

/* Send the request being built; on failure the error names what. */
static int vswd_call(struct cni *c, vsw_reply_fn fn, void *ctx, const char *what)
{
	int err = vsw_client_call(c->vswd, fn, ctx);

	if (err && what)
		cni_err(c, CNI_ERR_IO, "%s: %s", what,
			vsw_client_errmsg(c->vswd)[0] ? vsw_client_errmsg(c->vswd) : strerror(-err));
	return err;
}

static int port_add(struct cni *c)
{
	struct nlmsghdr *nlh = vsw_client_req(c->vswd, VSW_CMD_PORT_ADD, false);

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, c->name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, c->sw);
	if (c->vlan) {
		mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
		mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, c->vlan);
	}
	return vswd_call(c, NULL, NULL, NULL);
}

static int port_policy(struct cni *c)
{
	const struct policy *p = &c->pol;
	struct nlmsghdr *nlh;

	if (p->mac_guard < 0 && p->dhcp_guard < 0 && p->router_guard < 0 && !p->has_rate_in &&
	    !p->has_rate_out && !p->learn_limit)
		return 0;
	nlh = vsw_client_req(c->vswd, VSW_CMD_PORT_SET, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, c->name);
	if (p->mac_guard >= 0)
		mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, p->mac_guard ? VSW_GUARD_ON : VSW_GUARD_OFF);
	if (p->dhcp_guard >= 0)
		mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, p->dhcp_guard);
	if (p->router_guard >= 0)
		mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, p->router_guard);
	if (p->has_rate_in)
		mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, p->rate_in);
	if (p->has_rate_out)
		mnl_attr_put_u64(nlh, VSW_A_POL_RATE_OUT, p->rate_out);
	if (p->learn_limit)
		mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, p->learn_limit);
	return vswd_call(c, NULL, NULL, "cannot set the port's policy");
}

static int nic_add(struct cni *c)
{
	struct nlmsghdr *nlh = vsw_client_req(c->vswd, VSW_CMD_NIC_ADD, false);

	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, c->name);
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, VSW_NIC_HOST);
	mnl_attr_put_strz(nlh, VSW_A_NETNS, c->netns);
	mnl_attr_put_strz(nlh, VSW_A_HOST_IFNAME, c->ifname);
	return vswd_call(c, NULL, NULL, "cannot add the NIC");
}

static int nic_connect(struct cni *c)
{
	struct nlmsghdr *nlh = vsw_client_req(c->vswd, VSW_CMD_NIC_CONNECT, false);

	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, c->name);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, c->name);
	return vswd_call(c, NULL, NULL, "cannot connect the NIC");
}

/* Delete the NIC (with its veth) and the port; gone already is fine. */
static int teardown(struct cni *c, bool report)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = vsw_client_req(c->vswd, VSW_CMD_NIC_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, c->name);
	mnl_attr_put(nlh, VSW_A_FORCE, 0, NULL);
	err = vswd_call(c, NULL, NULL, NULL);
	if (err && err != -ENOENT)
		return report ? cni_err(c, CNI_ERR_IO, "cannot delete NIC '%s': %s", c->name,
					vsw_client_errmsg(c->vswd)) : -1;
	nlh = vsw_client_req(c->vswd, VSW_CMD_PORT_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, c->name);
	mnl_attr_put(nlh, VSW_A_FORCE, 0, NULL);
	err = vswd_call(c, NULL, NULL, NULL);
	if (err && err != -ENOENT)
		return report ? cni_err(c, CNI_ERR_IO, "cannot delete port '%s': %s", c->name,
					vsw_client_errmsg(c->vswd)) : -1;
	return 0;
}

/* What vswd says of the NIC and its port. */
struct nic_state {
	bool found, link;
	char port[VSW_NAME_MAX], sw[VSW_NAME_MAX], netns[64], ifname[VSW_NAME_MAX];
	__u8 mac[6];
	bool has_mac;
	__u16 pvid;
	__u8 mode;
};

static void copy_attr(char *dst, size_t len, const struct nlattr *a)
{
	snprintf(dst, len, "%s", a ? mnl_attr_get_str(a) : "");
}

static int nic_cb(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct nic_state *s = ctx;

	if (vsw_reply_parse(nlh, tb))
		return -EBADMSG;
	s->found = true;
	s->link = tb[VSW_A_LINK] && mnl_attr_get_u8(tb[VSW_A_LINK]);
	copy_attr(s->port, sizeof(s->port), tb[VSW_A_PORT_NAME]);
	copy_attr(s->netns, sizeof(s->netns), tb[VSW_A_NETNS]);
	copy_attr(s->ifname, sizeof(s->ifname), tb[VSW_A_HOST_IFNAME]);
	if (tb[VSW_A_MAC]) {
		memcpy(s->mac, mnl_attr_get_payload(tb[VSW_A_MAC]), 6);
		s->has_mac = true;
	}
	return 0;
}

static int port_cb(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct nic_state *s = ctx;

	if (vsw_reply_parse(nlh, tb))
		return -EBADMSG;
	copy_attr(s->sw, sizeof(s->sw), tb[VSW_A_SWITCH_NAME]);
	s->mode = tb[VSW_A_VLAN_MODE] ? mnl_attr_get_u8(tb[VSW_A_VLAN_MODE]) : 0;
	s->pvid = tb[VSW_A_VLAN_PVID] ? mnl_attr_get_u16(tb[VSW_A_VLAN_PVID]) : 0;
	return 0;
}

static int nic_get(struct cni *c, struct nic_state *s)
{
	struct nlmsghdr *nlh;
	int err;

	memset(s, 0, sizeof(*s));
	nlh = vsw_client_req(c->vswd, VSW_CMD_NIC_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, c->name);
	err = vswd_call(c, nic_cb, s, NULL);
	if (err || !s->port[0])
		return err;
	nlh = vsw_client_req(c->vswd, VSW_CMD_PORT_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, s->port);
	return vswd_call(c, port_cb, s, NULL);
}

/* ---- IPAM: another plugin, run the same way ------------------------- */

/* Run the IPAM plugin with our stdin and environment; its stdout in *out
 * (JSON). 0, or -1 with the error printed (the plugin's own when it gave
 * one). */
static int ipam_exec(struct cni *c, json_object **out)
{
	const char *type = conf_str(c->ipam, "type");
	char path[4096], *dirs, *dir, *save = NULL, *buf;
	int in[2], outp[2], status;
	size_t len;
	pid_t pid;
	FILE *f;

	*out = NULL;
	if (strchr(type, '/') || !c->path)
		return cni_err(c, CNI_ERR_CONFIG, "IPAM plugin '%s' not found (CNI_PATH %s)",
			       type, c->path ? c->path : "unset");
	dirs = strdup(c->path);
	path[0] = '\0';
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/%s", dir, type);
		if (!access(path, X_OK))
			break;
		path[0] = '\0';
	}
	free(dirs);
	if (!path[0])
		return cni_err(c, CNI_ERR_CONFIG, "IPAM plugin '%s' not found in CNI_PATH %s",
			       type, c->path);
	if (pipe2(in, O_CLOEXEC) || pipe2(outp, O_CLOEXEC))
		return cni_err(c, CNI_ERR_IO, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		return cni_err(c, CNI_ERR_IO, "fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		execl(path, type, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	/* A short write: the plugin reports what it missed. */
	(void)!write(in[1], c->stdin_buf, c->stdin_len);
	close(in[1]);
	f = fdopen(outp[0], "r");
	buf = f ? read_all(f, &len) : NULL;
	if (f)
		fclose(f);
	waitpid(pid, &status, 0);
	if (buf && *buf)
		*out = json_tokener_parse(buf);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		json_object *m;

		if (*out && json_object_object_get_ex(*out, "msg", &m))
			cni_err(c, CNI_ERR_IO, "IPAM plugin %s: %s", type, json_object_get_string(m));
		else
			cni_err(c, CNI_ERR_IO, "IPAM plugin %s failed (status %d)", type,
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		json_object_put(*out);
		*out = NULL;
		free(buf);
		return -1;
	}
	free(buf);
	if (!*out && !strcmp(c->command, "ADD"))
		return cni_err(c, CNI_ERR_DECODE, "IPAM plugin %s gave no result", type);
	return 0;
}

/* ---- inside the container's netns ------------------------------------ */

struct in_netns {
	int self, target;
};

static int netns_enter(struct cni *c, struct in_netns *ns)
{
	ns->self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	ns->target = open(c->netns, O_RDONLY | O_CLOEXEC);
	if (ns->target < 0) {
		if (ns->self >= 0)
			close(ns->self);
		return cni_err(c, CNI_ERR_UNKNOWN_CONTAINER, "netns %s: %s", c->netns,
			       strerror(errno));
	}
	if (ns->self < 0 || setns(ns->target, CLONE_NEWNET))
		return cni_err(c, CNI_ERR_IO, "cannot enter netns %s: %s", c->netns,
			       strerror(errno));
	return 0;
}

static void netns_leave(struct in_netns *ns)
{
	if (setns(ns->self, CLONE_NEWNET)) {
		perror("vsw: cannot leave the container's netns");
		exit(1);
	}
	close(ns->self);
	close(ns->target);
}

/* An rtnetlink request in the current netns: 0 or -errno. */
static int rtnl_do(struct nlmsghdr *nlh)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret = -errno;

	if (!nl)
		return ret;
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	ret = mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) ||
	      mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
	if (!ret) {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		ret = ret < 0 ? -errno : mnl_cb_run(buf, ret, 1, mnl_socket_get_portid(nl), NULL, NULL);
		ret = ret < 0 ? -errno : 0;
	}
	mnl_socket_close(nl);
	return ret;
}

/* "10.1.0.5/24" -> family, bytes, prefix length. */
static int parse_cidr(const char *s, int *family, void *addr, int *plen)
{
	char host[64];
	const char *slash = strchr(s, '/');
	int max;

	if (!slash || (size_t)(slash - s) >= sizeof(host))
		return -1;
	snprintf(host, sizeof(host), "%.*s", (int)(slash - s), s);
	*family = strchr(host, ':') ? AF_INET6 : AF_INET;
	max = *family == AF_INET ? 32 : 128;
	*plen = atoi(slash + 1);
	return inet_pton(*family, host, addr) == 1 && *plen >= 0 && *plen <= max ? 0 : -1;
}

static int addr_add(unsigned int ifindex, const char *cidr)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	unsigned char a[16];
	int family, plen;

	if (parse_cidr(cidr, &family, a, &plen))
		return -EINVAL;
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, a);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, a);
	return rtnl_do(nlh);
}

static int route_add(unsigned int ifindex, const char *dst, const char *gw)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned char d[16], g[16];
	struct rtmsg *rt;
	int family, plen, gfamily;

	if (parse_cidr(dst, &family, d, &plen))
		return -EINVAL;
	gfamily = gw && strchr(gw, ':') ? AF_INET6 : AF_INET;
	if (gw && (gfamily != family || inet_pton(family, gw, g) != 1))
		return -EINVAL;
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = family;
	rt->rtm_dst_len = plen;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (plen)
		mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, d);
	if (gw)
		mnl_attr_put(nlh, RTA_GATEWAY, family == AF_INET ? 4 : 16, g);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return rtnl_do(nlh);
}

/* The IPAM result's addresses and routes on CNI_IFNAME, in the netns. */
static int apply_ipam(struct cni *c, json_object *res)
{
	json_object *ips, *routes, *v;
	struct in_netns ns;
	unsigned int ifindex;
	int err = 0;

	if (netns_enter(c, &ns))
		return -1;
	ifindex = if_nametoindex(c->ifname);
	if (!ifindex)
		err = cni_err(c, CNI_ERR_IO, "no interface %s in %s", c->ifname, c->netns);
	if (!err && json_object_object_get_ex(res, "ips", &ips)) {
		for (size_t i = 0; !err && i < json_object_array_length(ips); i++) {
			const char *a = conf_str(json_object_array_get_idx(ips, i), "address");
			int r = a ? addr_add(ifindex, a) : -EINVAL;

			if (r)
				err = cni_err(c, CNI_ERR_IO, "address %s on %s: %s", a ? a : "(none)",
					      c->ifname, strerror(-r));
		}
	}
	if (!err && json_object_object_get_ex(res, "routes", &routes)) {
		for (size_t i = 0; !err && i < json_object_array_length(routes); i++) {
			v = json_object_array_get_idx(routes, i);
			const char *dst = conf_str(v, "dst"), *gw = conf_str(v, "gw");
			int r = dst ? route_add(ifindex, dst, gw) : -EINVAL;

			if (r)
				err = cni_err(c, CNI_ERR_IO, "route %s via %s: %s", dst ? dst : "(none)",
					      gw ? gw : "link", strerror(-r));
		}
	}
	netns_leave(&ns);
	return err;
}

/* Addresses on CNI_IFNAME in the netns, as "A/N" strings. */
struct addr_list {
	char a[16][64];
	int n;
	unsigned int ifindex;
};

static int addr_cb(const struct nlmsghdr *nlh, void *ctx)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_list *l = ctx;
	struct nlattr *attr;
	char host[INET6_ADDRSTRLEN];

	if (ifa->ifa_index != l->ifindex || l->n == 16)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(attr) != IFA_ADDRESS)
			continue;
		if (inet_ntop(ifa->ifa_family, mnl_attr_get_payload(attr), host, sizeof(host)))
			snprintf(l->a[l->n++], sizeof(l->a[0]), "%s/%d", host, ifa->ifa_prefixlen);
	}
	return MNL_CB_OK;
}

static int addr_dump(struct addr_list *l)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	int ret;

	if (!nl)
		return -errno;
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	ret = mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) ||
	      mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
	while (!ret) {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (ret < 0) {
			ret = -errno;
			break;
		}
		ret = mnl_cb_run(buf, ret, 1, mnl_socket_get_portid(nl), addr_cb, l);
		if (ret <= MNL_CB_STOP) {
			ret = ret < 0 ? -errno : 0;
			break;
		}
		ret = 0;
	}
	mnl_socket_close(nl);
	return ret;
}

/* ---- the verbs -------------------------------------------------------- */

static void mac_text(const __u8 *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static json_object *iface(const char *name, const char *mac, const char *sandbox)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	if (mac)
		json_object_object_add(o, "mac", json_object_new_string(mac));
	if (sandbox)
		json_object_object_add(o, "sandbox", json_object_new_string(sandbox));
	return o;
}

/* The result: the switch side, the container's interface, and IPAM's
 * addresses (on the container's interface), routes and DNS. */
static json_object *result(struct cni *c, const struct nic_state *s, json_object *ipam)
{
	json_object *r = json_object_new_object(), *ifs = json_object_new_array(), *v;
	char mac[18], swmac[18] = "", path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", c->sw_side);
	f = fopen(path, "re");
	if (f) {
		if (!fgets(swmac, sizeof(swmac), f))
			swmac[0] = '\0';
		fclose(f);
	}
	mac_text(s->mac, mac);
	json_object_object_add(r, "cniVersion", json_object_new_string(c->version));
	json_object_array_add(ifs, iface(c->sw_side, swmac[0] ? swmac : NULL, NULL));
	json_object_array_add(ifs, iface(c->ifname, s->has_mac ? mac : NULL, c->netns));
	json_object_object_add(r, "interfaces", ifs);
	if (ipam && json_object_object_get_ex(ipam, "ips", &v)) {
		json_object *ips = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(v); i++) {
			json_object *ip = NULL;

			json_object_deep_copy(json_object_array_get_idx(v, i), &ip, NULL);
			json_object_object_add(ip, "interface", json_object_new_int(1));
			json_object_array_add(ips, ip);
		}
		json_object_object_add(r, "ips", ips);
	}
	if (ipam && json_object_object_get_ex(ipam, "routes", &v))
		json_object_object_add(r, "routes", json_object_get(v));
	if (ipam && json_object_object_get_ex(ipam, "dns", &v))
		json_object_object_add(r, "dns", json_object_get(v));
	else
		json_object_object_add(r, "dns", json_object_new_object());
	return r;
}

static int cmd_add(struct cni *c)
{
	json_object *ipam_res = NULL, *r;
	struct nic_state s;
	int err;

	if (vswd_open(c))
		return -1;
	err = port_add(c);
	if (err == -EEXIST)
		return cni_err(c, CNI_ERR_CONFIG, "port '%s' exists: container %s has interface "
			       "%s already (or a DEL is missing)", c->name, c->container, c->ifname);
	if (err)
		return cni_err(c, CNI_ERR_IO, "cannot add the port: %s",
			       vsw_client_errmsg(c->vswd)[0] ? vsw_client_errmsg(c->vswd)
							     : strerror(-err));
	err = port_policy(c) ?: nic_add(c) ?: nic_connect(c) ?: nic_get(c, &s);
	if (!err && !s.found)
		err = cni_err(c, CNI_ERR_IO, "vswd does not show NIC '%s'", c->name);
	if (!err && c->ipam)
		err = ipam_exec(c, &ipam_res) ?: apply_ipam(c, ipam_res);
	if (err) {
		teardown(c, false);
		if (ipam_res) {
			json_object_put(ipam_res);
			setenv("CNI_COMMAND", "DEL", 1);
			c->command = "DEL";
			error_printed = true; /* keep the first error */
			ipam_exec(c, &ipam_res);
		}
		return -1;
	}
	r = result(c, &s, ipam_res);
	printf("%s\n", json_object_to_json_string_ext(r, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(r);
	json_object_put(ipam_res);
	return 0;
}

static int cmd_del(struct cni *c)
{
	json_object *res = NULL;

	if (vswd_open(c) || teardown(c, true))
		return -1;
	if (c->ipam && ipam_exec(c, &res))
		return -1;
	json_object_put(res);
	return 0;
}

static int cmd_check(struct cni *c)
{
	json_object *ifs, *ips, *res = NULL;
	struct addr_list have = { .n = 0 };
	const char *want_mac = NULL;
	struct nic_state s;
	struct in_netns ns;
	char mac[18];
	int err;

	if (!c->prev)
		return cni_err(c, CNI_ERR_CONFIG, "CHECK needs prevResult");
	if (vswd_open(c))
		return -1;
	if (nic_get(c, &s) || !s.found)
		return cni_err(c, CNI_ERR_UNKNOWN_CONTAINER, "vswd has no NIC '%s' for container "
			       "%s, %s", c->name, c->container, c->ifname);
	if (strcmp(s.port, c->name))
		return cni_err(c, CNI_ERR_IO, "NIC '%s' is not connected to port '%s'", c->name,
			       c->name);
	if (strcmp(s.sw, c->sw))
		return cni_err(c, CNI_ERR_IO, "port '%s' is on switch '%s', not '%s'", c->name,
			       s.sw, c->sw);
	if (c->vlan && (s.mode != VSW_PORT_ACCESS || s.pvid != c->vlan))
		return cni_err(c, CNI_ERR_IO, "port '%s' is not an access port of VLAN %u",
			       c->name, c->vlan);
	if (strcmp(s.netns, c->netns) || strcmp(s.ifname, c->ifname))
		return cni_err(c, CNI_ERR_IO, "NIC '%s' is %s in %s, not %s in %s", c->name,
			       s.ifname, s.netns, c->ifname, c->netns);
	if (!s.link)
		return cni_err(c, CNI_ERR_IO, "NIC '%s': its link is down", c->name);
	if (json_object_object_get_ex(c->prev, "interfaces", &ifs))
		for (size_t i = 0; i < json_object_array_length(ifs); i++) {
			json_object *o = json_object_array_get_idx(ifs, i);
			const char *n = conf_str(o, "name"), *sb = conf_str(o, "sandbox");

			if (n && sb && !strcmp(n, c->ifname) && !strcmp(sb, c->netns))
				want_mac = conf_str(o, "mac");
		}
	mac_text(s.mac, mac);
	if (want_mac && strcasecmp(want_mac, mac))
		return cni_err(c, CNI_ERR_IO, "%s has MAC %s, the result said %s", c->ifname, mac,
			       want_mac);
	if (netns_enter(c, &ns))
		return -1;
	have.ifindex = if_nametoindex(c->ifname);
	err = have.ifindex ? addr_dump(&have) : -ENODEV;
	netns_leave(&ns);
	if (err)
		return cni_err(c, CNI_ERR_IO, "%s in %s: %s", c->ifname, c->netns, strerror(-err));
	if (json_object_object_get_ex(c->prev, "ips", &ips))
		for (size_t i = 0; i < json_object_array_length(ips); i++) {
			const char *a = conf_str(json_object_array_get_idx(ips, i), "address");
			int k;

			for (k = 0; a && k < have.n; k++)
				if (!strcmp(a, have.a[k]))
					break;
			if (a && k == have.n)
				return cni_err(c, CNI_ERR_IO, "%s has no address %s", c->ifname, a);
		}
	if (c->ipam && ipam_exec(c, &res))
		return -1;
	json_object_put(res);
	return 0;
}

static int cmd_version(struct cni *c)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (size_t i = 0; i < sizeof(supported_versions) / sizeof(*supported_versions); i++)
		json_object_array_add(a, json_object_new_string(supported_versions[i]));
	json_object_object_add(o, "cniVersion", json_object_new_string(CNI_VERSION));
	json_object_object_add(o, "supportedVersions", a);
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	json_object_put(o);
	return 0;
}

int main(void)
{
	struct cni c = { .command = getenv("CNI_COMMAND") };
	int err;

	if (!c.command || !*c.command) {
		cni_err(NULL, CNI_ERR_ENV, "CNI_COMMAND is not set: vsw is a CNI plugin, run by "
			"a container runtime (docs/operator-guide.md, Containers)");
		return 1;
	}
	if (!strcmp(c.command, "VERSION"))
		return cmd_version(&c) ? 1 : 0;
	if (strcmp(c.command, "ADD") && strcmp(c.command, "DEL") && strcmp(c.command, "CHECK")) {
		cni_err(NULL, CNI_ERR_ENV, "CNI_COMMAND '%s' is not ADD, DEL, CHECK or VERSION",
			c.command);
		return 1;
	}
	err = parse_conf(&c) ?: parse_env(&c);
	if (!err) {
		if (!strcmp(c.command, "ADD"))
			err = cmd_add(&c);
		else if (!strcmp(c.command, "DEL"))
			err = cmd_del(&c);
		else
			err = cmd_check(&c);
	}
	vsw_client_close(c.vswd);
	json_object_put(c.conf);
	free(c.stdin_buf);
	return err ? 1 : 0;
}
