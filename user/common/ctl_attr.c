// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One table of the control protocol's attributes, made from the list in
 * include/vsw_ctl.h, and the one check of an attribute: vswd runs it on
 * requests, the client library on replies.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "acl_rule.h"
#include "ctl_attr.h"
#include "names.h"
#include "vsw_policy.h"
#include "vsw_structs.h"

/* Two attributes of one number are two initialisers of one element: an
 * error under -Werror (-Woverride-init); a number past the enum's end is
 * one past the array. */
static const struct vsw_attr_info attrs[VSW_A_MAX + 1] = {
#define VSW_ATTR_INFO(n, nr, k, who, text) \
	[nr] = { .kind = VSW_AK_##k, .request = VSW_ATTR_##who, .name = (text) },
#define VSW_ATTR_REQ true
#define VSW_ATTR_REPLY false
	VSW_ATTRS(VSW_ATTR_INFO)
#undef VSW_ATTR_INFO
};

const struct vsw_attr_info *vsw_attr_info(unsigned int type)
{
	return type <= VSW_A_MAX && attrs[type].kind != VSW_AK_NONE ? &attrs[type] : NULL;
}

const char *vsw_attr_name(unsigned int type)
{
	const struct vsw_attr_info *i = vsw_attr_info(type);

	return i ? i->name : "attribute";
}

/* NUL-terminated at its last byte, 1..max characters. */
static bool str_ok(const struct nlattr *a, size_t max)
{
	const char *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	return len >= 2 && len <= max + 1 && memchr(s, '\0', len) == s + len - 1;
}

static int is_u64(const struct nlattr *a, void *data)
{
	return mnl_attr_get_payload_len(a) == sizeof(__u64) ? 0 : -EINVAL;
}

static int any(const struct nlattr *a, void *data)
{
	return 0;
}

int vsw_attr_check(const struct nlattr *a, bool request, struct vsw_err *err)
{
	unsigned int type = mnl_attr_get_type(a);
	const struct vsw_attr_info *info = vsw_attr_info(type);
	const char *name = vsw_attr_name(type), *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);
	__u16 vid;

	switch (info ? info->kind : VSW_AK_NONE) {
	case VSW_AK_FLAG:
		return len == 0 ? 0 : vsw_errf(err, -EINVAL, "%s: a flag has no value", name);
	case VSW_AK_U8:
		return len == 1 ? 0 : vsw_errf(err, -EINVAL, "%s: want 1 byte", name);
	case VSW_AK_U16:
		return len == 2 ? 0 : vsw_errf(err, -EINVAL, "%s: want 2 bytes", name);
	case VSW_AK_U32:
		return len == 4 ? 0 : vsw_errf(err, -EINVAL, "%s: want 4 bytes", name);
	case VSW_AK_U64:
		return len == 8 ? 0 : vsw_errf(err, -EINVAL, "%s: want 8 bytes", name);
	case VSW_AK_VID:
	case VSW_AK_VID0:
		if (len != 2)
			return vsw_errf(err, -EINVAL, "%s: want 2 bytes", name);
		vid = mnl_attr_get_u16(a);
		if (request && (vid > VSW_VID_MAX || (info->kind == VSW_AK_VID && !vid)))
			return vsw_errf(err, -EINVAL, "VID %u is not a VLAN (1-4094)", vid);
		return 0;
	case VSW_AK_NAME:
		if (!str_ok(a, VSW_NAME_MAX - 1) || (request && !vsw_name_valid(s)))
			return vsw_errf(err, -EINVAL, "%s: " VSW_NAME_CHARS_HELP, name);
		return 0;
	case VSW_AK_WORD:
		if (!str_ok(a, 63) || (request && strchr(s, '/')))
			return vsw_errf(err, -EINVAL, "%s: 1-63 characters, no '/'", name);
		return 0;
	case VSW_AK_NETNS:
		if (!str_ok(a, 63) || (request && ((s[0] != '/' && strchr(s, '/')) ||
						   strstr(s, "/../"))))
			return vsw_errf(err, -EINVAL, "%s: a name (no '/') or an absolute path, "
					"1-63 characters", name);
		return 0;
	case VSW_AK_PATH:
		if (!str_ok(a, 255) || (request && s[0] != '/'))
			return vsw_errf(err, -EINVAL, "%s: an absolute path, 1-255 characters", name);
		return 0;
	case VSW_AK_TEXT:
		return str_ok(a, 255) ? 0 : vsw_errf(err, -EINVAL, "%s: 1-255 characters", name);
	case VSW_AK_STR:
		return str_ok(a, len) ? 0 : vsw_errf(err, -EINVAL, "%s: not a string", name);
	case VSW_AK_MAC:
		return len == 6 ? 0 : vsw_errf(err, -EINVAL, "%s: want 6 bytes", name);
	case VSW_AK_MACLIST:
		return len % 6 == 0 && len / 6 < VSW_POL_MACS ? 0
			: vsw_errf(err, -EINVAL, "%s: want up to %d MACs of 6 bytes", name,
				   VSW_POL_MACS - 1);
	case VSW_AK_VIDSET:
		return len == VSW_VID_BITMAP_WORDS * 8 ? 0
			: vsw_errf(err, -EINVAL, "%s: want a %d-byte bitmap", name,
				   VSW_VID_BITMAP_WORDS * 8);
	case VSW_AK_FRAME:
		return len >= 14 && len <= VSW_TRACE_FRAME_MAX ? 0
			: vsw_errf(err, -EINVAL, "%s: %zu bytes (14-%d)", name, len,
				   VSW_TRACE_FRAME_MAX);
	case VSW_AK_CIDR:
		return len == sizeof(struct vsw_acl_cidr) ? 0
			: vsw_errf(err, -EINVAL, "%s: want a %zu-byte prefix", name,
				   sizeof(struct vsw_acl_cidr));
	case VSW_AK_RANGE:
		return len == sizeof(struct vsw_acl_range) ? 0
			: vsw_errf(err, -EINVAL, "%s: want a %zu-byte range", name,
				   sizeof(struct vsw_acl_range));
	case VSW_AK_STATS:
		return vsw_attr_walk(s, len, is_u64, NULL) == 0 ? 0
			: vsw_errf(err, -EINVAL, "%s: want u64 counters", name);
	case VSW_AK_NEST:
		return vsw_attr_walk(s, len, any, NULL) == 0 ? 0
			: vsw_errf(err, -EINVAL, "%s: malformed nested attributes", name);
	case VSW_AK_BIN:
		return 0;
	default:
		return vsw_errf(err, -EINVAL, "unknown attribute %u", type);
	}
}

int vsw_attr_walk(const void *start, size_t len,
		  int (*fn)(const struct nlattr *a, void *data), void *data)
{
	const char *tail = (const char *)start + len;
	const struct nlattr *a = start;
	int ret;

	while (tail - (const char *)a > 0) {
		if (!mnl_attr_ok(a, tail - (const char *)a))
			return -EINVAL;
		ret = fn(a, data);
		if (ret)
			return ret;
		a = mnl_attr_next(a);
	}
	return 0;
}
