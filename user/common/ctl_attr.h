/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The control protocol's attributes as include/vsw_ctl.h lists them
 * (VSW_ATTRS): each one's kind, whether requests may carry it, and its
 * name in messages; and the one check of an attribute that both the
 * daemon (requests: shape and values) and the client (replies: shape)
 * run.
 */
#ifndef VSW_CTL_ATTR_H
#define VSW_CTL_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>
#include "errmsg.h"
#include "vsw_ctl.h"

struct vsw_attr_info {
	enum vsw_attr_kind kind;
	bool request;     /* requests may carry it */
	const char *name; /* "switch name" */
};

/* The attribute of this number, or NULL when the list has none. */
const struct vsw_attr_info *vsw_attr_info(unsigned int type);

/* Its name in messages ("attribute" for a number the list lacks). */
const char *vsw_attr_name(unsigned int type);

/* Check a listed attribute's payload against its kind: its shape and,
 * when request is true, its values. Returns 0 or -EINVAL with err (may
 * be NULL) saying what is wrong. */
int vsw_attr_check(const struct nlattr *a, bool request, struct vsw_err *err);

/*
 * Walk the attributes in [start, start + len) the way the kernel's
 * nla_parse does: each header complete, each length inside what is left,
 * nothing left over but the last one's padding. Calls fn on each; stops
 * at fn's first non-zero return and returns it, or -EINVAL when the
 * attributes do not fit.
 */
int vsw_attr_walk(const void *start, size_t len,
		  int (*fn)(const struct nlattr *a, void *data), void *data);

#endif /* VSW_CTL_ATTR_H */
