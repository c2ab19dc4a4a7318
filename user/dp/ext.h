/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Extensions of one switch's datapath (include/vsw_ext.h is the ABI,
 * docs/extensions.md the design): load a program from a BPF object,
 * check it against the ABI, pin it under <switch>/ext/<name>/ and put it
 * in its slot; remove it; read its counters and samples.
 *
 * The datapath describes itself: vsw_ext_info holds what is loaded where,
 * so a restarted daemon finds every extension again from the pins.
 * Every function returns 0 or a negative errno; the ones taking a
 * struct vsw_err say why in words (a refused load: the verifier's last
 * lines). A refused extension leaves the running pipeline untouched.
 */
#ifndef VSW_EXT_USER_H
#define VSW_EXT_USER_H

#include <stddef.h>
#include <linux/types.h>
#include "datapath.h"
#include "errmsg.h"
#include "vsw_ext.h"

struct vsw_ext_spec {
	const char *name;     /* 1..15 characters, unique per switch */
	enum vsw_ext_kind kind;
	enum vsw_ext_stage stage;
	const char *object;   /* path of the BPF object file */
	const char *program;  /* the program's name; NULL: the object's only one */
	__u32 priority;       /* lower runs first in its slot */
	const char *params;   /* "VAR=VALUE ..." for const volatile globals, or NULL */
};

int vsw_ext_add(struct vsw_dp *dp, const struct vsw_ext_spec *spec, struct vsw_err *err);

/* -ENOENT if the switch has no extension of that name. */
int vsw_ext_del(struct vsw_dp *dp, const char *name);

/* The extension called name: its id and registry entry. */
int vsw_ext_find(struct vsw_dp *dp, const char *name, __u32 *id, struct vsw_ext_info *info);

/* Each loaded extension, in run order (slot, priority, name); stops on a
 * non-zero return of fn. */
typedef int (*vsw_ext_fn)(__u32 id, const struct vsw_ext_info *info, void *ctx);
int vsw_ext_foreach(struct vsw_dp *dp, vsw_ext_fn fn, void *ctx);

/* Counters of extension id, summed over CPUs. */
int vsw_ext_stats_get(struct vsw_dp *dp, __u32 id, struct vsw_ext_stats *out);

/* Empty the extension's VSW_EXT_SAMPLES_MAP ring buffer, handing fn the
 * first max records (the others are dropped); -ENOENT if it has none.
 * *taken gets how many fn saw. */
typedef int (*vsw_ext_sample_fn)(const struct vsw_ext_sample *s, void *ctx);
int vsw_ext_samples(struct vsw_dp *dp, const char *name, unsigned int max,
		    vsw_ext_sample_fn fn, void *ctx, unsigned int *taken);


/* Remove every extension pin below a switch's pin directory (datapath.c,
 * when the switch goes). */
void vsw_ext_unpin_all(const char *switch_dir);

#endif /* VSW_EXT_USER_H */
