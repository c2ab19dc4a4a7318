// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswctl talking to vswd: one connection (ctl/client.h) opened on the
 * first request, the daemon's errors and warnings printed, and the show
 * machinery: a dump whose replies are checked and printed one object per
 * line (or JSON element) through json_out.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vswctl.h"

const char *socket_path;
static struct vsw_client *client;
static char reply_err[128]; /* what was wrong with a reply, found here */

int bad_reply(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reply_err, sizeof(reply_err), fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

void vswd_close(void)
{
	vsw_client_close(client);
	client = NULL;
}

int start_req(struct args *a, __u16 cmd, bool dump, struct nlmsghdr **nlh)
{
	const char *path = socket_path ? socket_path : VSW_CTL_SOCKET_DEFAULT;
	int err;

	if (!client) {
		err = vsw_client_open(path, &client);
		if (err) {
			fprintf(stderr, "vswctl: cannot reach vswd at '%s': %s\n", path,
				strerror(-err));
			return err;
		}
	}
	*nlh = vsw_client_req(client, cmd, dump);
	return 0;
}

/* Print the error of a call: the daemon's sentence when it sent one. */
int report(const struct args *a, int err)
{
	const char *msg = vsw_client_errmsg(client);

	if (*msg) {
		fprintf(stderr, "vswctl: %s (%s)\n", msg, strerror(-err));
	} else if (reply_err[0]) {
		fprintf(stderr, "vswctl: %s (%s)\n", reply_err, strerror(-err));
	} else {
		err_prefix(a);
		fprintf(stderr, "%s\n", strerror(-err));
	}
	return err;
}

/* A message with a successful ack is a warning (as iproute2 shows the
 * kernel's extended-ack warnings). */
static void warn_if_any(void)
{
	if (*vsw_client_errmsg(client))
		fprintf(stderr, "vswctl: warning: %s\n", vsw_client_errmsg(client));
}

int call(const struct args *a, vsw_reply_fn fn, void *ctx)
{
	int err = vsw_client_call(client, fn, ctx);

	if (err)
		return report(a, err);
	warn_if_any();
	return 0;
}

int call_next(const struct args *a, int timeout_ms, vsw_reply_fn fn, void *ctx)
{
	int ret = vsw_client_next(client, timeout_ms, fn, ctx);

	return ret < 0 ? report(a, ret) : ret;
}

/* A request whose only answer is the ack. */
int simple_req(struct args *a, __u16 cmd, int name_attr, bool force)
{
	struct nlmsghdr *nlh;
	int err = start_req(a, cmd, false, &nlh);

	if (err)
		return err;
	mnl_attr_put_strz(nlh, name_attr, a->name);
	if (force)
		mnl_attr_put(nlh, VSW_A_FORCE, 0, NULL);
	return call(a, NULL, NULL);
}

const char *attr_str(const struct nlattr *a)
{
	return a ? mnl_attr_get_str(a) : NULL;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct show *s = data;

	if (vsw_reply_parse(nlh, tb))
		return bad_reply("malformed %s reply from vswd", s->obj);
	for (int i = 0; i < 3 && s->need[i]; i++) {
		if (!tb[s->need[i]])
			return bad_reply("%s reply from vswd without attribute %d", s->obj,
					 s->need[i]);
	}
	s->print(tb, s);
	s->count++;
	return 0;
}

/* Send the dump request built in the client's buffer and print each
 * object; with must_find, an empty answer means a->name does not exist. */
int show_run(struct args *a, struct show *s, bool must_find)
{
	int err;

	out_begin_list();
	err = vsw_client_call(client, show_cb, s);
	if (!err && must_find && !s->count) {
		snprintf(reply_err, sizeof(reply_err), "%s '%s' does not exist", a->obj, a->name);
		err = -ENOENT;
	}
	if (err) {
		out_discard_list();
		return report(a, err);
	}
	out_end_list();
	warn_if_any();
	return 0;
}

/* Dump cmd, filtered by name (s->name_attr) when the command line gave one. */
int show_dump(struct args *a, __u16 cmd, struct show *s)
{
	struct nlmsghdr *nlh;
	int err = start_req(a, cmd, true, &nlh);

	if (err)
		return err;
	if (a->name)
		mnl_attr_put_strz(nlh, s->name_attr, a->name);
	return show_run(a, s, a->name && cmd != VSW_CMD_FDB_GET);
}

__u32 attr_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

__u8 attr_u8(const struct nlattr *a)
{
	return a ? mnl_attr_get_u8(a) : 0;
}

const char *mac_str(const __u8 *mac, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	return buf;
}

const char *table_name(const char *const *names, unsigned int n, unsigned int i)
{
	return i < n ? names[i] : "unknown";
}
