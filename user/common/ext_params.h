/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An extension's parameters, "VAR=VALUE ...": each VALUE a number, a MAC
 * (for a 6-byte variable) or "@PORT" (a port by name, whose ifindex vswd
 * puts in). The words as text; user/dp/ext.c writes them into the
 * object's globals, vswctl checks them before sending.
 */
#ifndef VSW_EXT_PARAMS_H
#define VSW_EXT_PARAMS_H

#include <stddef.h>
#include <linux/types.h>
#include "errmsg.h"

struct vsw_ext_param {
	char word[160];   /* the VAR=VALUE word */
	char var[64];     /* VAR */
	const char *port; /* "@PORT": PORT (in word); else NULL */
	__u8 bytes[8];    /* the value: a MAC, or a number in host order */
	size_t len;       /* 6: a MAC, 8: a number; 0 for a port */
};

/* The next word of the parameters at *p, advancing *p: 1 with out filled,
 * 0 at the end, -EINVAL with err saying why. */
int vsw_ext_param_next(const char **p, struct vsw_ext_param *out, struct vsw_err *err);

/* Check every word of params (NULL: none) without an object: what vswctl
 * can say before sending. 0 or -EINVAL. */
int vsw_ext_params_check(const char *params, struct vsw_err *err);

#endif /* VSW_EXT_PARAMS_H */
