/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Control messages on the daemon side: validating a request datagram
 * (the parser the fuzz target drives), and building replies: acks with a
 * human message, dump parts, DONE. include/vsw_ctl.h has the protocol.
 */
#ifndef VSW_CTL_MSG_H
#define VSW_CTL_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>
#include "errmsg.h"
#include "vsw_ctl.h"

struct ctl_request {
	const struct nlmsghdr *nlh;
	__u16 cmd;
	bool dump;
	const struct nlattr *tb[VSW_A_MAX + 1];
};

/*
 * Validate one request datagram: header and lengths, a known command,
 * every attribute known, of its type's size, not repeated, names valid,
 * VIDs 1..4094, and exactly the attributes the command requires and
 * allows. On failure returns -errno with err->msg saying what is wrong;
 * req->nlh is set whenever a header could be read (to echo in the ack).
 */
int ctl_request_parse(const void *buf, size_t len, struct ctl_request *req,
		      struct vsw_err *err);

/* Attribute accessors for a validated request. */
const char *ctl_str(const struct ctl_request *req, int attr);   /* NULL if absent */
__u8 ctl_u8(const struct ctl_request *req, int attr, __u8 dflt);
__u16 ctl_u16(const struct ctl_request *req, int attr, __u16 dflt);
__u32 ctl_u32(const struct ctl_request *req, int attr, __u32 dflt);
__u64 ctl_u64(const struct ctl_request *req, int attr, __u64 dflt);
const void *ctl_bin(const struct ctl_request *req, int attr);   /* NULL if absent */
bool ctl_flag(const struct ctl_request *req, int attr);

/* A reply under construction, in a caller's buffer of VSW_CTL_MSG_MAX. */
struct nlmsghdr *ctl_reply_start(void *buf, const struct ctl_request *req);
/* The ack (NLMSG_ERROR) for req: code 0 or -errno, msg may be NULL. */
size_t ctl_ack_build(void *buf, const struct nlmsghdr *req, __u16 fallback_cmd, int code,
		     const char *msg);
size_t ctl_done_build(void *buf, const struct ctl_request *req);

#endif /* VSW_CTL_MSG_H */
