// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The datapath library (see datapath.h). A handle holds only file
 * descriptors of pinned objects: a freshly created switch is loaded from
 * the skeleton, pinned, and then reopened from its pins like any other,
 * so there is one way to reach a switch's objects.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath.h"
#include "dp_kernel.h"
#include "ext.h"
#include "log.h"
#include "names.h"
#include "port_policy.h"
#include "vlan_set.h"
#include "vsw_acl.h"
#include "vsw.skel.h"
#include "vxlan.h"

enum dp_obj {
	OBJ_PORTS,
	OBJ_PORT_INDEX,
	OBJ_PORT_SLOTS,
	OBJ_TX_PORTS,
	OBJ_TX_SMALL,
	OBJ_FDB,
	OBJ_LEARNED,
	OBJ_SRC_SEEN,
	OBJ_FDB_MOVES,
	OBJ_STATS,
	OBJ_CONFIG,
	OBJ_DECISION,
	OBJ_CAPTURE,
	OBJ_INGRESS,
	OBJ_EGRESS,
	OBJ_EXT_MD,
	OBJ_EXT_IN,
	OBJ_EXT_OUT,
	OBJ_EXT_CFG,
	OBJ_EXT_CHAIN,
	OBJ_EXT_INFO,
	OBJ_EXT_STATS,
	OBJ_IN_RESUME,
	OBJ_OUT_RESUME,
	OBJ_PORT_POL,
	OBJ_POL_BUCKET,
	OBJ_ACL_ACTIVE,
	OBJ_ACL_SETS,
	OBJ_ACL_PREFIXES,
	OBJ_ACL_VALUES,
	OBJ_ACL_FLOWS,
	OBJ_ACL_HITS,
	OBJ_INGRESS_SKB,
	OBJ_EXT_IN_SKB,
	OBJ_SKB_RESUME,
	OBJ_VX_UNDERLAY,
	OBJ_VX_TUN,
	OBJ_VX_VNI,
	OBJ_VX_VID,
	OBJ_VX_REMOTE,
	OBJ_VX_FLOOD,
	OBJ_VX_NH,
	OBJ_VX_STATS,
	OBJ_VX_LEARNED,
	OBJ_VX_DECAP,
	OBJ_VX_ENCAP,
	OBJ__COUNT,
};

/* Pinned name of each object, in enum dp_obj order. */
static const char *const obj_name[OBJ__COUNT] = {
	[OBJ_PORTS] = VSW_MAP_PORTS,
	[OBJ_PORT_INDEX] = VSW_MAP_PORT_INDEX,
	[OBJ_PORT_SLOTS] = VSW_MAP_PORT_SLOTS,
	[OBJ_TX_PORTS] = VSW_MAP_TX_PORTS,
	[OBJ_TX_SMALL] = VSW_MAP_TX_SMALL,
	[OBJ_FDB] = VSW_MAP_FDB,
	[OBJ_LEARNED] = VSW_MAP_LEARNED,
	[OBJ_SRC_SEEN] = VSW_MAP_SRC_SEEN,
	[OBJ_FDB_MOVES] = VSW_MAP_FDB_MOVES,
	[OBJ_STATS] = VSW_MAP_STATS,
	[OBJ_CONFIG] = VSW_MAP_CONFIG,
	[OBJ_DECISION] = VSW_MAP_DECISION,
	[OBJ_CAPTURE] = VSW_MAP_CAPTURE,
	[OBJ_INGRESS] = VSW_PROG_INGRESS,
	[OBJ_EGRESS] = VSW_PROG_EGRESS,
	[OBJ_EXT_MD] = VSW_MAP_EXT_MD,
	[OBJ_EXT_IN] = VSW_MAP_EXT_IN,
	[OBJ_EXT_OUT] = VSW_MAP_EXT_OUT,
	[OBJ_EXT_CFG] = VSW_MAP_EXT_CFG,
	[OBJ_EXT_CHAIN] = VSW_MAP_EXT_CHAIN,
	[OBJ_EXT_INFO] = VSW_MAP_EXT_INFO,
	[OBJ_EXT_STATS] = VSW_MAP_EXT_STATS,
	[OBJ_IN_RESUME] = VSW_PROG_IN_RESUME,
	[OBJ_OUT_RESUME] = VSW_PROG_OUT_RESUME,
	[OBJ_PORT_POL] = VSW_MAP_PORT_POL,
	[OBJ_POL_BUCKET] = VSW_MAP_POL_BUCKET,
	[OBJ_ACL_ACTIVE] = VSW_MAP_ACL_ACTIVE,
	[OBJ_ACL_SETS] = VSW_MAP_ACL_SETS,
	[OBJ_ACL_PREFIXES] = VSW_MAP_ACL_PREFIXES,
	[OBJ_ACL_VALUES] = VSW_MAP_ACL_VALUES,
	[OBJ_ACL_FLOWS] = VSW_MAP_ACL_FLOWS,
	[OBJ_ACL_HITS] = VSW_MAP_ACL_HITS,
	[OBJ_INGRESS_SKB] = VSW_PROG_INGRESS_SKB,
	[OBJ_EXT_IN_SKB] = VSW_MAP_EXT_IN_SKB,
	[OBJ_SKB_RESUME] = VSW_PROG_SKB_RESUME,
	[OBJ_VX_UNDERLAY] = VSW_MAP_VX_UNDERLAY,
	[OBJ_VX_TUN] = VSW_MAP_VX_TUN,
	[OBJ_VX_VNI] = VSW_MAP_VX_VNI,
	[OBJ_VX_VID] = VSW_MAP_VX_VID,
	[OBJ_VX_REMOTE] = VSW_MAP_VX_REMOTE,
	[OBJ_VX_FLOOD] = VSW_MAP_VX_FLOOD,
	[OBJ_VX_NH] = VSW_MAP_VX_NH,
	[OBJ_VX_STATS] = VSW_MAP_VX_STATS,
	[OBJ_VX_LEARNED] = VSW_MAP_VX_LEARNED,
	[OBJ_VX_DECAP] = VSW_PROG_VX_DECAP,
	[OBJ_VX_ENCAP] = VSW_PROG_VX_ENCAP,
};

struct vsw_dp {
	char name[32];
	char dir[PATH_MAX];
	int fd[OBJ__COUNT];
	__u32 ingress_id;     /* to recognise our programs on a netdev: */
	__u32 ingress_skb_id; /* vsw_ingress (native), vsw_ingress_skb */
	bool frags;           /* vsw_config.frags */
	int ncpus;
	struct sweep *aging;  /* an aging sweep in steps, or NULL */
};

__u64 vsw_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

const char *vsw_dp_name(const struct vsw_dp *dp)
{
	return dp->name;
}

const char *vsw_dp_pin_dir(const struct vsw_dp *dp)
{
	return dp->dir;
}

int vsw_dp_ingress_fd(const struct vsw_dp *dp)
{
	return dp->fd[OBJ_INGRESS];
}

int vsw_dp_ingress_skb_fd(const struct vsw_dp *dp)
{
	return dp->fd[OBJ_INGRESS_SKB];
}

int vsw_dp_egress_fd(const struct vsw_dp *dp)
{
	return dp->fd[OBJ_EGRESS];
}

void vsw_dp_ext_fds(const struct vsw_dp *dp, struct vsw_dp_ext_fds *out)
{
	out->md = dp->fd[OBJ_EXT_MD];
	out->progs[VSW_EXT_INGRESS] = dp->fd[OBJ_EXT_IN];
	out->progs[VSW_EXT_EGRESS] = dp->fd[OBJ_EXT_OUT];
	out->progs_skb = dp->fd[OBJ_EXT_IN_SKB];
	out->frags = dp->frags;
	out->cfg = dp->fd[OBJ_EXT_CFG];
	out->chain = dp->fd[OBJ_EXT_CHAIN];
	out->info = dp->fd[OBJ_EXT_INFO];
	out->stats = dp->fd[OBJ_EXT_STATS];
	out->ncpus = dp->ncpus;
}

void vsw_dp_acl_fds(const struct vsw_dp *dp, struct vsw_dp_acl_fds *out)
{
	out->active = dp->fd[OBJ_ACL_ACTIVE];
	out->sets = dp->fd[OBJ_ACL_SETS];
	out->prefixes = dp->fd[OBJ_ACL_PREFIXES];
	out->values = dp->fd[OBJ_ACL_VALUES];
	out->flows = dp->fd[OBJ_ACL_FLOWS];
	out->hits = dp->fd[OBJ_ACL_HITS];
	out->ncpus = dp->ncpus;
}

void vsw_dp_vx_fds(const struct vsw_dp *dp, struct vsw_dp_vx_fds *out)
{
	out->underlay = dp->fd[OBJ_VX_UNDERLAY];
	out->tun = dp->fd[OBJ_VX_TUN];
	out->vni = dp->fd[OBJ_VX_VNI];
	out->vid = dp->fd[OBJ_VX_VID];
	out->remote = dp->fd[OBJ_VX_REMOTE];
	out->flood = dp->fd[OBJ_VX_FLOOD];
	out->nh = dp->fd[OBJ_VX_NH];
	out->stats = dp->fd[OBJ_VX_STATS];
	out->learned = dp->fd[OBJ_VX_LEARNED];
	out->decap = dp->fd[OBJ_VX_DECAP];
	out->encap = dp->fd[OBJ_VX_ENCAP];
	out->ncpus = dp->ncpus;
}

static int switch_dir(char *buf, size_t len, const char *bpffs, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", bpffs ? bpffs : VSW_BPFFS_DEFAULT, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int obj_path(char *buf, size_t len, const char *dir, enum dp_obj obj)
{
	int n = snprintf(buf, len, "%s/%s", dir, obj_name[obj]);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

#define BPFFS_MOUNTPOINT "/sys/fs/bpf"

static bool is_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

/*
 * The pin root must be on a bpf filesystem; create it there if missing.
 * A machine without bpffs at /sys/fs/bpf gets it mounted, as iproute2
 * does, when the pin root lies below it.
 */
static int prepare_bpffs(const char *bpffs)
{
	if (!bpffs)
		bpffs = VSW_BPFFS_DEFAULT;
	if (!strncmp(bpffs, BPFFS_MOUNTPOINT "/", strlen(BPFFS_MOUNTPOINT) + 1) &&
	    !is_bpffs(BPFFS_MOUNTPOINT)) {
		if (mount("bpf", BPFFS_MOUNTPOINT, "bpf", 0, "mode=0700")) {
			pr_err("cannot mount bpffs on %s: %s\n", BPFFS_MOUNTPOINT, strerror(errno));
			return -errno;
		}
		pr_info("mounted bpffs on %s\n", BPFFS_MOUNTPOINT);
	}
	if (mkdir(bpffs, 0700) && errno != EEXIST) {
		pr_err("cannot create '%s': %s\n", bpffs, strerror(errno));
		return -errno;
	}
	if (!is_bpffs(bpffs)) {
		pr_err("'%s' is not on a bpf filesystem (mount -t bpf bpf DIR)\n", bpffs);
		return -ENOTSUP;
	}
	return 0;
}

static void unpin_all(const char *dir)
{
	char path[PATH_MAX];

	vsw_ext_unpin_all(dir);
	for (int i = 0; i < OBJ__COUNT; i++)
		if (!obj_path(path, sizeof(path), dir, i))
			unlink(path);
	rmdir(dir);
}

__u32 vsw_dp_prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* The continuations of the stages: pinned, and in their program arrays
 * where extensions tail-call back (VSW_EXT_RESUME). */
static int pin_resume(struct vsw_bpf *skel, const char *dir)
{
	struct {
		struct bpf_program *prog;
		struct bpf_map *array;
		enum dp_obj obj;
	} stages[] = {
		{ skel->progs.vsw_ingress_resume, skel->maps.vsw_ext_in, OBJ_IN_RESUME },
		{ skel->progs.vsw_skb_resume, skel->maps.vsw_ext_in_skb, OBJ_SKB_RESUME },
		{ skel->progs.vsw_egress_resume, skel->maps.vsw_ext_out, OBJ_OUT_RESUME },
	};
	__u32 key = VSW_EXT_RESUME;
	char path[PATH_MAX];
	int fd, err;

	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		fd = bpf_program__fd(stages[i].prog);
		if (bpf_map_update_elem(bpf_map__fd(stages[i].array), &key, &fd, 0))
			return -errno;
		err = obj_path(path, sizeof(path), dir, stages[i].obj);
		if (!err)
			err = bpf_program__pin(stages[i].prog, path);
		if (err)
			return err;
	}
	return 0;
}

/* Why the last vsw_dp_create() could not load the datapath. */
static char dp_load_error[256];

const char *vsw_dp_load_error(void)
{
	return dp_load_error;
}

/*
 * Load the object; when the kernel refuses it, say why in dp_load_error.
 * Each program gets a log buffer of its own, which the kernel writes only
 * when libbpf retries a refused program with logging on: the one with
 * words in it is the program that failed.
 */
static int load_explained(struct vsw_bpf *skel)
{
	enum { LOG_SIZE = 1 << 20 };
	struct bpf_program *prog, *failed = NULL;
	char *logs[8] = {};
	int err, n = 0;

	bpf_object__for_each_program(prog, skel->obj) {
		if (n < 8 && (logs[n] = calloc(1, LOG_SIZE)))
			bpf_program__set_log_buf(prog, logs[n], LOG_SIZE);
		n++;
	}
	err = vsw_bpf__load(skel);
	dp_load_error[0] = '\0';
	n = 0;
	bpf_object__for_each_program(prog, skel->obj) {
		if (err && !failed && n < 8 && logs[n] && logs[n][0]) {
			failed = prog;
			vsw_dp_kernel_explain(logs[n], bpf_program__name(prog), err,
					      dp_load_error, sizeof(dp_load_error));
		}
		bpf_program__set_log_buf(prog, NULL, 0);
		if (n < 8)
			free(logs[n]);
		n++;
	}
	if (err && !failed)
		vsw_dp_kernel_explain(NULL, NULL, err, dp_load_error, sizeof(dp_load_error));
	return err;
}

/*
 * The programs that run on native ports, and at egress, take multi-buffer
 * frames where the kernel can redirect such frames; elsewhere they are
 * loaded single-buffer, and the kernel then keeps a veth's peer at an MTU
 * that fits one buffer. Their sections are plain "xdp": libbpf adds the
 * flag of an "xdp.frags" section at load, past anything set here. Their
 * extensions must agree (user/dp/ext.c reads vsw_config.frags).
 */
static void set_frags(struct vsw_bpf *skel, bool frags)
{
	struct bpf_program *progs[] = {
		skel->progs.vsw_ingress, skel->progs.vsw_ingress_resume,
		skel->progs.vsw_egress, skel->progs.vsw_egress_resume,
	};

	for (size_t i = 0; frags && i < sizeof(progs) / sizeof(progs[0]); i++)
		bpf_program__set_flags(progs[i],
				       bpf_program__flags(progs[i]) | BPF_F_XDP_HAS_FRAGS);
}

static int load_and_pin(const char *name, const char *dir, const struct vsw_dp_opts *opts)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .pin_root_path = dir);
	struct vsw_config cfg = {
		.abi_version = VSW_DP_ABI_VERSION,
		.fdb_capacity = opts->fdb_capacity ?: VSW_FDB_DEFAULT_CAPACITY,
		.aging_ns = (__u64)(opts->aging_sec ?: VSW_AGING_DEFAULT_SEC) * 1000000000ULL,
	};
	char path[PATH_MAX];
	struct vsw_bpf *skel;
	__u32 zero = 0;
	int err;

	skel = vsw_bpf__open_opts(&open_opts);
	if (!skel) {
		err = -errno;
		pr_err("switch '%s': cannot open the datapath object: %s\n", name, strerror(-err));
		return err;
	}
	cfg.frags = vsw_dp_kernel_has_frags();
	set_frags(skel, cfg.frags);
	err = bpf_map__set_max_entries(skel->maps.vsw_fdb, cfg.fdb_capacity);
	if (!err)
		err = load_explained(skel);
	if (err) {
		pr_err("switch '%s': cannot load the datapath: %s\n", name, dp_load_error);
		goto out;
	}
	err = bpf_map_update_elem(bpf_map__fd(skel->maps.vsw_config), &zero, &cfg, 0);
	{
		const struct {
			enum dp_obj obj;
			struct bpf_program *prog;
		} progs[] = {
			{ OBJ_INGRESS, skel->progs.vsw_ingress },
			{ OBJ_INGRESS_SKB, skel->progs.vsw_ingress_skb },
			{ OBJ_EGRESS, skel->progs.vsw_egress },
			{ OBJ_VX_DECAP, skel->progs.vsw_vxlan_decap },
			{ OBJ_VX_ENCAP, skel->progs.vsw_vxlan_encap },
		};

		for (size_t i = 0; !err && i < sizeof(progs) / sizeof(progs[0]); i++) {
			err = obj_path(path, sizeof(path), dir, progs[i].obj);
			if (!err)
				err = bpf_program__pin(progs[i].prog, path);
		}
	}
	if (!err)
		err = pin_resume(skel, dir);
	if (err)
		pr_err("switch '%s': cannot pin under '%s': %s\n", name, dir, strerror(-err));
out:
	vsw_bpf__destroy(skel);
	return err;
}

int vsw_dp_create(const char *name, const struct vsw_dp_opts *opts, struct vsw_dp **out)
{
	static const struct vsw_dp_opts defaults;
	char dir[PATH_MAX];
	int err;

	if (!opts)
		opts = &defaults;
	if (!vsw_name_valid(name))
		return -EINVAL;
	err = switch_dir(dir, sizeof(dir), opts->bpffs, name);
	if (!err)
		err = prepare_bpffs(opts->bpffs);
	if (err)
		return err;
	if (mkdir(dir, 0700))
		return -errno;

	err = load_and_pin(name, dir, opts);
	if (!err)
		err = vsw_dp_open(name, opts->bpffs, out);
	if (err)
		unpin_all(dir);
	return err;
}

int vsw_dp_open(const char *name, const char *bpffs, struct vsw_dp **out)
{
	struct vsw_config cfg;
	char path[PATH_MAX];
	struct vsw_dp *dp;
	int err = 0;

	if (!vsw_name_valid(name))
		return -EINVAL;
	dp = calloc(1, sizeof(*dp));
	if (!dp)
		return -ENOMEM;
	for (int i = 0; i < OBJ__COUNT; i++)
		dp->fd[i] = -1;
	snprintf(dp->name, sizeof(dp->name), "%s", name);
	err = switch_dir(dp->dir, sizeof(dp->dir), bpffs, name);
	/* The config first: a switch of another layout lacks some pins, and
	 * must be refused as such, not taken for a missing switch. */
	if (!err)
		err = obj_path(path, sizeof(path), dp->dir, OBJ_CONFIG);
	if (!err) {
		dp->fd[OBJ_CONFIG] = bpf_obj_get(path);
		if (dp->fd[OBJ_CONFIG] < 0)
			err = -errno;
	}
	if (!err)
		err = vsw_dp_get_config(dp, &cfg);
	if (!err && cfg.abi_version != VSW_DP_ABI_VERSION) {
		pr_err("switch '%s' was created by datapath ABI %u, this is %u\n", name,
		       cfg.abi_version, VSW_DP_ABI_VERSION);
		err = -EPROTO;
	}
	for (int i = 0; !err && i < OBJ__COUNT; i++) {
		if (i == OBJ_CONFIG)
			continue;
		err = obj_path(path, sizeof(path), dp->dir, i);
		if (err)
			break;
		dp->fd[i] = bpf_obj_get(path);
		if (dp->fd[i] < 0)
			err = -errno;
	}
	if (!err) {
		dp->ingress_id = vsw_dp_prog_id(dp->fd[OBJ_INGRESS]);
		dp->ingress_skb_id = vsw_dp_prog_id(dp->fd[OBJ_INGRESS_SKB]);
		dp->frags = cfg.frags;
		dp->ncpus = libbpf_num_possible_cpus();
		if (dp->ncpus < 1)
			err = dp->ncpus ?: -EINVAL;
	}
	if (err) {
		vsw_dp_close(dp);
		return err;
	}
	*out = dp;
	return 0;
}

static void aging_end(struct vsw_dp *dp);

void vsw_dp_close(struct vsw_dp *dp)
{
	if (!dp)
		return;
	aging_end(dp);
	for (int i = 0; i < OBJ__COUNT; i++)
		if (dp->fd[i] >= 0)
			close(dp->fd[i]);
	free(dp);
}

static int detach_port(struct vsw_dp *dp, __u32 ifindex);

static int detach_each(const struct vsw_port *port, void *ctx)
{
	detach_port(ctx, port->ifindex);
	return 0;
}

int vsw_dp_destroy(struct vsw_dp *dp)
{
	char *slash;

	if (!dp)
		return 0;
	vsw_dp_port_foreach(dp, detach_each, dp);
	vsw_vx_detach_all(dp);
	unpin_all(dp->dir);
	/* The pin root goes too once no switch is left in it. */
	slash = strrchr(dp->dir, '/');
	if (slash && slash != dp->dir) {
		*slash = '\0';
		rmdir(dp->dir);
	}
	vsw_dp_close(dp);
	return 0;
}

int vsw_dp_get_config(struct vsw_dp *dp, struct vsw_config *out)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(dp->fd[OBJ_CONFIG], &zero, out) ? -errno : 0;
}

int vsw_dp_set_aging(struct vsw_dp *dp, __u32 aging_sec)
{
	struct vsw_config cfg;
	__u32 zero = 0;
	int err;

	if (!aging_sec)
		return -EINVAL;
	err = vsw_dp_get_config(dp, &cfg);
	if (err)
		return err;
	cfg.aging_ns = (__u64)aging_sec * 1000000000ULL;
	cfg.fdb_gen++; /* what ports remember was judged by the old aging */
	return bpf_map_update_elem(dp->fd[OBJ_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

int vsw_dp_fdb_changed(struct vsw_dp *dp)
{
	struct vsw_config cfg;
	__u32 zero = 0;
	int err = vsw_dp_get_config(dp, &cfg);

	if (err)
		return err;
	cfg.fdb_gen++;
	return bpf_map_update_elem(dp->fd[OBJ_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

int vsw_dp_last_decision(struct vsw_dp *dp, int cpu, struct vsw_decision *out)
{
	struct vsw_decision all[dp->ncpus];
	__u32 zero = 0;

	if (cpu < 0 || cpu >= dp->ncpus)
		return -EINVAL;
	if (bpf_map_lookup_elem(dp->fd[OBJ_DECISION], &zero, all))
		return -errno;
	*out = all[cpu];
	return 0;
}

/* ---- ports ---- */

void vsw_port_cfg_init(struct vsw_port_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = VSW_PORT_ACCESS;
	cfg->pvid = VSW_DEFAULT_VID;
}

/* Turn the caller's config into the datapath's port value. */
static int port_from_cfg(struct vsw_port *p, __u32 ifindex, __u16 slot, __u8 flags,
			 __u8 mirror, const struct vsw_port_cfg *cfg)
{
	memset(p, 0, sizeof(*p));
	p->ifindex = ifindex;
	p->slot = slot;
	p->mode = cfg->mode;
	/* Link state, a running capture and the port's ACL flags (they belong
	 * to its rules) survive a reconfiguration; so does its mirror role,
	 * which the caller passes in. */
	p->flags = flags & (VSW_PORT_F_UP | VSW_PORT_F_CAPTURE | VSW_PORT_F_ACL_IN |
			    VSW_PORT_F_ACL_OUT | VSW_PORT_F_SKB_MODE | VSW_PORT_F_ONE_BUF);
	p->mirror = mirror;
	if (!cfg->no_learning)
		p->flags |= VSW_PORT_F_LEARN;
	p->learn_limit = cfg->learn_limit ?: VSW_LEARN_LIMIT_DEFAULT;
	if (cfg->pvid > VSW_VID_MAX)
		return -EINVAL;
	p->pvid = cfg->pvid;
	switch (cfg->mode) {
	case VSW_PORT_ACCESS:
		if (!cfg->pvid)
			return -EINVAL;
		vlan_set_add(p->vlans, cfg->pvid);
		break;
	case VSW_PORT_TRUNK:
		memcpy(p->vlans, cfg->vlans, sizeof(p->vlans));
		/* VID 0 and 4095 are not VLANs; the native VLAN is a member. */
		p->vlans[0] &= ~1ULL;
		p->vlans[VSW_VID_BITMAP_WORDS - 1] &= ~(1ULL << 63);
		if (cfg->pvid)
			vlan_set_add(p->vlans, cfg->pvid);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int vsw_dp_port_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_port *out)
{
	return bpf_map_lookup_elem(dp->fd[OBJ_PORTS], &ifindex, out) ? -errno : 0;
}

int vsw_dp_port_foreach(struct vsw_dp *dp, vsw_port_fn fn, void *ctx)
{
	__u32 keys[VSW_MAX_PORTS], key, *prev = NULL;
	struct vsw_port port;
	int n = 0, err;

	/* Collect first: fn may delete the port it is given. */
	while (n < VSW_MAX_PORTS && !bpf_map_get_next_key(dp->fd[OBJ_PORTS], prev, &key)) {
		keys[n++] = key;
		prev = &keys[n - 1];
	}
	for (int i = 1; i < n; i++) /* insertion sort: ifindex order */
		for (int j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
			key = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = key;
		}
	for (int i = 0; i < n; i++) {
		if (vsw_dp_port_get(dp, keys[i], &port))
			continue;
		err = fn(&port, ctx);
		if (err)
			return err;
	}
	return 0;
}

static int mark_slot(const struct vsw_port *port, void *ctx)
{
	bool *used = ctx;

	if (port->slot < VSW_MAX_PORTS)
		used[port->slot] = true;
	return 0;
}

static int alloc_slot(struct vsw_dp *dp, __u16 *slot)
{
	bool used[VSW_MAX_PORTS] = {};

	vsw_dp_port_foreach(dp, mark_slot, used);
	for (int i = 0; i < VSW_MAX_PORTS; i++)
		if (!used[i]) {
			*slot = i;
			return 0;
		}
	return -ENOSPC;
}

/* Token buckets of a slot back to "never used". */
static int reset_buckets(struct vsw_dp *dp, __u32 slot)
{
	__u64 zero = 0;

	for (__u32 b = 0; b < VSW_BKT__MAX; b++) {
		__u32 key = slot * VSW_BKT__MAX + b;

		if (bpf_map_update_elem(dp->fd[OBJ_POL_BUCKET], &key, &zero, 0))
			return -errno;
	}
	return 0;
}

static int reset_slot(struct vsw_dp *dp, __u32 slot)
{
	struct vsw_port_stats *zero_stats = calloc(dp->ncpus, sizeof(*zero_stats));
	struct vsw_src_seen *zero_seen = calloc(dp->ncpus, sizeof(*zero_seen));
	struct vsw_port_policy no_policy = {};
	__u32 zero = 0;
	int err = 0;

	/* A new port starts without the policies of the slot's last owner. */
	if (!zero_stats || !zero_seen)
		err = -ENOMEM;
	else if (bpf_map_update_elem(dp->fd[OBJ_STATS], &slot, zero_stats, 0) ||
		 bpf_map_update_elem(dp->fd[OBJ_SRC_SEEN], &slot, zero_seen, 0) ||
		 bpf_map_update_elem(dp->fd[OBJ_LEARNED], &slot, &zero, 0) ||
		 bpf_map_update_elem(dp->fd[OBJ_PORT_POL], &slot, &no_policy, 0))
		err = -errno;
	if (!err)
		err = reset_buckets(dp, slot);
	free(zero_stats);
	free(zero_seen);
	return err;
}

/*
 * Make vsw_tx_small a copy of vsw_tx_ports while that fits, and tell the
 * datapath which of the two to flood through. The map a flood uses is
 * always complete: the small one is filled before it is switched to, and
 * the big one already holds a port when the small one overflows.
 */
static int flood_maps_sync(struct vsw_dp *dp)
{
	__u32 keys[VSW_TX_SMALL_MAX + 1], key, *prev = NULL, n = 0, zero = 0;
	struct bpf_devmap_val val;
	struct vsw_config cfg;
	bool small;
	int err;

	while (n <= VSW_TX_SMALL_MAX && !bpf_map_get_next_key(dp->fd[OBJ_TX_PORTS], prev, &key)) {
		keys[n] = key;
		prev = &keys[n++];
	}
	small = n <= VSW_TX_SMALL_MAX;
	if (small) {
		/* Drop what is no longer up, then add every port that is. */
		prev = NULL;
		while (!bpf_map_get_next_key(dp->fd[OBJ_TX_SMALL], prev, &key)) {
			if (bpf_map_lookup_elem(dp->fd[OBJ_TX_PORTS], &key, &val) &&
			    !bpf_map_delete_elem(dp->fd[OBJ_TX_SMALL], &key)) {
				prev = NULL; /* deleted under the cursor: start over */
				continue;
			}
			prev = &key;
		}
		for (__u32 i = 0; i < n; i++) {
			/* Reads give the program's id; writes want its fd. */
			val = (struct bpf_devmap_val){ .ifindex = keys[i],
						       .bpf_prog.fd = dp->fd[OBJ_EGRESS] };
			if (bpf_map_update_elem(dp->fd[OBJ_TX_SMALL], &keys[i], &val, 0))
				return -errno;
		}
	}
	err = vsw_dp_get_config(dp, &cfg);
	if (err || cfg.flood_small == small)
		return err;
	cfg.flood_small = small;
	return bpf_map_update_elem(dp->fd[OBJ_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

static int tx_port_add(struct vsw_dp *dp, __u32 ifindex)
{
	struct bpf_devmap_val val = { .ifindex = ifindex, .bpf_prog.fd = dp->fd[OBJ_EGRESS] };

	if (bpf_map_update_elem(dp->fd[OBJ_TX_PORTS], &ifindex, &val, 0))
		return -errno;
	return flood_maps_sync(dp);
}

static void tx_port_del(struct vsw_dp *dp, __u32 ifindex)
{
	/* Out of the small map first, while the flood may still use it. */
	bpf_map_delete_elem(dp->fd[OBJ_TX_SMALL], &ifindex);
	bpf_map_delete_elem(dp->fd[OBJ_TX_PORTS], &ifindex);
	flood_maps_sync(dp);
}

/* Native XDP where the driver has it and the caller did not ask for
 * generic, else generic (*skb_mode set): vsw_ingress, multi-buffer aware,
 * or vsw_ingress_skb, which the kernel hands each frame in one buffer. */
static int attach_ingress(struct vsw_dp *dp, __u32 ifindex, bool want_skb, bool *skb_mode)
{
	int err = -EOPNOTSUPP;

	*skb_mode = false;
	if (!want_skb)
		err = bpf_xdp_attach(ifindex, dp->fd[OBJ_INGRESS],
				     XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err == -EOPNOTSUPP || err == -EINVAL) {
		err = bpf_xdp_attach(ifindex, dp->fd[OBJ_INGRESS_SKB],
				     XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		*skb_mode = !err;
	}
	return err;
}

/* Detach our ingress program, and only ours, from whichever mode. */
static int detach_port(struct vsw_dp *dp, __u32 ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	LIBBPF_OPTS(bpf_xdp_attach_opts, a, .old_prog_fd = dp->fd[OBJ_INGRESS]);
	int err = bpf_xdp_query(ifindex, 0, &q);

	if (err)
		return err == -ENODEV ? 0 : err; /* gone: its program went with it */
	if (q.drv_prog_id == dp->ingress_id)
		return bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE, &a);
	if (q.skb_prog_id == dp->ingress_skb_id) {
		a.old_prog_fd = dp->fd[OBJ_INGRESS_SKB];
		return bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE | XDP_FLAGS_REPLACE, &a);
	}
	return 0;
}

int vsw_dp_port_xdp_mode(struct vsw_dp *dp, __u32 ifindex, const char **mode)
{
	struct vsw_port port;
	/* The port's record says how it was attached: no netlink query
	 * (one per port of each nic show, each behind the rtnl lock). */
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	*mode = port.flags & VSW_PORT_F_SKB_MODE ? "generic" : "native";
	return 0;
}

/*
 * The array path to a port (struct vsw_port_ref): write the record not in
 * use, then point the index entry at it. A port whose index entry another
 * port holds is found through vsw_ports alone.
 */
static int port_index_publish(struct vsw_dp *dp, const struct vsw_port *port)
{
	__u32 idx = port->ifindex & (VSW_PORT_INDEX_SIZE - 1), rec;
	struct vsw_port_ref ref;

	if (bpf_map_lookup_elem(dp->fd[OBJ_PORT_INDEX], &idx, &ref))
		return -errno;
	if (ref.ifindex && ref.ifindex != port->ifindex)
		return 0;
	ref.copy = ref.ifindex == port->ifindex && ref.slot == port->slot ? !ref.copy : 0;
	ref.ifindex = port->ifindex;
	ref.slot = port->slot;
	rec = ref.slot * 2 + ref.copy;
	if (bpf_map_update_elem(dp->fd[OBJ_PORT_SLOTS], &rec, port, 0) ||
	    bpf_map_update_elem(dp->fd[OBJ_PORT_INDEX], &idx, &ref, 0)) {
		int err = -errno;
		/* Never leave the datapath an old record: back to the hash. */
		ref = (struct vsw_port_ref){};
		bpf_map_update_elem(dp->fd[OBJ_PORT_INDEX], &idx, &ref, 0);
		return err;
	}
	return 0;
}

struct index_sharer {
	struct vsw_dp *dp;
	__u32 idx;     /* the index entry that became free */
	__u32 leaving; /* the port that freed it */
};

static int publish_sharer(const struct vsw_port *port, void *ctx)
{
	struct index_sharer *sh = ctx;

	if (port->ifindex == sh->leaving ||
	    (port->ifindex & (VSW_PORT_INDEX_SIZE - 1)) != sh->idx)
		return 0;
	port_index_publish(sh->dp, port);
	return 1; /* one owner per entry: stop */
}

/* Before a port goes: free its index entry, and hand the entry to another
 * port that shares it, if there is one. */
static void port_index_withdraw(struct vsw_dp *dp, __u32 ifindex)
{
	struct index_sharer sh = { dp, ifindex & (VSW_PORT_INDEX_SIZE - 1), ifindex };
	struct vsw_port_ref ref, none = {};

	if (bpf_map_lookup_elem(dp->fd[OBJ_PORT_INDEX], &sh.idx, &ref) || ref.ifindex != ifindex)
		return;
	bpf_map_update_elem(dp->fd[OBJ_PORT_INDEX], &sh.idx, &none, 0);
	vsw_dp_port_foreach(dp, publish_sharer, &sh);
}

/* Write a port's record: the hash (flags BPF_NOEXIST or BPF_EXIST), then
 * the array path to it. */
static int port_write(struct vsw_dp *dp, const struct vsw_port *port, __u64 flags)
{
	if (bpf_map_update_elem(dp->fd[OBJ_PORTS], &port->ifindex, port, flags))
		return -errno;
	return port_index_publish(dp, port);
}

static void port_erase(struct vsw_dp *dp, __u32 ifindex)
{
	port_index_withdraw(dp, ifindex);
	bpf_map_delete_elem(dp->fd[OBJ_PORTS], &ifindex);
}

/* ---- port mirroring ---- */

struct mirror_roles {
	__u32 dsts;
	__u32 nin;
	__u32 in[VSW_MIRROR_IN_MAX + 1];
	__u32 except;   /* a port being changed: counted as `role` */
	__u8 role;
};

static int count_role(const struct vsw_port *port, void *ctx)
{
	struct mirror_roles *r = ctx;
	__u8 m = port->ifindex == r->except ? r->role : port->mirror;

	if (m & VSW_MIRROR_DST)
		r->dsts++;
	if ((m & VSW_MIRROR_IN) && r->nin <= VSW_MIRROR_IN_MAX)
		r->in[r->nin++] = port->ifindex;
	return 0;
}

/* What the ports' roles would be with `except` in `role` (except 0: as
 * they are). */
static int mirror_roles(struct vsw_dp *dp, __u32 except, __u8 role, struct mirror_roles *r)
{
	memset(r, 0, sizeof(*r));
	r->except = except;
	r->role = role;
	return vsw_dp_port_foreach(dp, count_role, r);
}

/* Write the roles into vsw_config, in one update of the whole value. */
static int mirror_config_write(struct vsw_dp *dp, const struct mirror_roles *r)
{
	struct vsw_config cfg;
	__u32 zero = 0;
	int err = vsw_dp_get_config(dp, &cfg);

	if (err)
		return err;
	memset(cfg.mirror_in, 0, sizeof(cfg.mirror_in));
	memcpy(cfg.mirror_in, r->in, r->nin * sizeof(r->in[0]));
	cfg.mirror_dsts = r->dsts;
	return bpf_map_update_elem(dp->fd[OBJ_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

/* vsw_config from the ports' roles as they are (a port has gone). */
static int mirror_sync(struct vsw_dp *dp)
{
	struct mirror_roles r;
	int err = mirror_roles(dp, 0, 0, &r);

	if (err)
		return err;
	return r.nin > VSW_MIRROR_IN_MAX ? -ENOSPC : mirror_config_write(dp, &r);
}

int vsw_dp_port_set_mirror(struct vsw_dp *dp, __u32 ifindex, __u8 mirror)
{
	struct mirror_roles r;
	struct vsw_port port;
	__u8 old;
	int err;

	if (!vsw_mirror_role_valid(mirror))
		return -EINVAL;
	err = vsw_dp_port_get(dp, ifindex, &port);
	if (err)
		return err;
	/* Unchanged (vswd re-applies every policy on each change and at each
	 * connect): nothing to do, as a failed change below is rolled back. */
	if (port.mirror == mirror)
		return 0;
	/* The roles as they will be, counted once: checked, then written. */
	err = mirror_roles(dp, ifindex, mirror, &r);
	if (err)
		return err;
	if (r.nin > VSW_MIRROR_IN_MAX)
		return -ENOSPC;
	old = port.mirror;
	port.mirror = mirror;
	err = port_write(dp, &port, BPF_EXIST);
	if (err)
		return err;
	err = mirror_config_write(dp, &r);
	if (err) { /* the role and the config agree again, as before */
		port.mirror = old;
		port_write(dp, &port, BPF_EXIST);
	}
	return err;
}

int vsw_dp_port_add(struct vsw_dp *dp, __u32 ifindex, const struct vsw_port_cfg *cfg)
{
	struct vsw_port port;
	__u8 flags = 0;
	bool skb_mode;
	__u16 slot;
	int err;

	if (!vsw_dp_port_get(dp, ifindex, &port))
		return -EEXIST;
	err = alloc_slot(dp, &slot);
	if (!err)
		err = port_from_cfg(&port, ifindex, slot, VSW_PORT_F_UP, 0, cfg);
	if (!err)
		err = reset_slot(dp, slot);
	if (err)
		return err;
	err = port_write(dp, &port, BPF_NOEXIST);
	if (err == -EEXIST)
		return err;
	if (!err)
		err = tx_port_add(dp, ifindex);
	if (!err)
		err = attach_ingress(dp, ifindex, cfg->skb_mode, &skb_mode);
	if (!err) {
		flags = (skb_mode ? VSW_PORT_F_SKB_MODE : 0) |
			(vsw_dp_kernel_xmits_one_buf(ifindex) ? VSW_PORT_F_ONE_BUF : 0);
	}
	if (!err && flags) {
		port.flags |= flags;
		err = port_write(dp, &port, BPF_EXIST);
		if (err)
			detach_port(dp, ifindex);
	}
	if (err) {
		tx_port_del(dp, ifindex);
		port_erase(dp, ifindex);
	}
	return err;
}

int vsw_dp_port_del(struct vsw_dp *dp, __u32 ifindex)
{
	struct vsw_port port;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	err = detach_port(dp, ifindex);
	if (err)
		return err; /* still attached: keep it a port, or its frames die */
	tx_port_del(dp, ifindex);
	port_erase(dp, ifindex);
	if (port.mirror)
		mirror_sync(dp);
	vsw_dp_fdb_flush(dp, ifindex, 0, true, NULL);
	return err;
}

int vsw_dp_port_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_port_cfg *cfg)
{
	struct vsw_port old, port;
	int err = vsw_dp_port_get(dp, ifindex, &old);

	if (!err)
		err = port_from_cfg(&port, ifindex, old.slot, old.flags, old.mirror, cfg);
	if (err)
		return err;
	port.mtu = old.mtu; /* the NIC's, not the port's setting */
	err = port_write(dp, &port, BPF_EXIST);
	if (err)
		return err;
	return vsw_dp_fdb_flush(dp, ifindex, 0, false, NULL);
}

int vsw_dp_port_set_acl_flags(struct vsw_dp *dp, __u32 ifindex, __u8 flags)
{
	const __u8 mask = VSW_PORT_F_ACL_IN | VSW_PORT_F_ACL_OUT;
	struct vsw_port port;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	if ((port.flags & mask) == (flags & mask))
		return 0;
	port.flags = (port.flags & ~mask) | (flags & mask);
	return port_write(dp, &port, BPF_EXIST);
}

int vsw_dp_port_set_mtu(struct vsw_dp *dp, __u32 ifindex, __u32 mtu)
{
	struct vsw_port port;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	if (mtu > 0xffff)
		mtu = 0; /* beyond any frame: nothing to check */
	if (port.mtu == mtu)
		return 0;
	port.mtu = mtu;
	return port_write(dp, &port, BPF_EXIST);
}

int vsw_dp_port_set_link(struct vsw_dp *dp, __u32 ifindex, bool up)
{
	struct vsw_port port;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	if (up) {
		/* In the devmap first: an up port must be reachable. */
		err = tx_port_add(dp, ifindex);
		if (err)
			return err;
		port.flags |= VSW_PORT_F_UP;
	} else {
		port.flags &= ~VSW_PORT_F_UP;
	}
	err = port_write(dp, &port, BPF_EXIST);
	if (err)
		return err;
	if (!up) {
		tx_port_del(dp, ifindex);
		err = vsw_dp_fdb_flush(dp, ifindex, 0, false, NULL);
	}
	return err;
}

/* ---- policies ---- */

int vsw_dp_port_policy_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_port_policy *pol)
{
	struct vsw_port_policy old;
	struct vsw_port port;
	__u32 slot;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	if (pol->nmacs > VSW_POL_MACS)
		return -EINVAL;
	slot = port.slot;
	if (bpf_map_lookup_elem(dp->fd[OBJ_PORT_POL], &slot, &old))
		return -errno;
	if (bpf_map_update_elem(dp->fd[OBJ_PORT_POL], &slot, pol, 0))
		return -errno;
	/* A changed limit starts with a full bucket; an unchanged one (a
	 * restart re-applying the state) keeps its running clock. */
	for (__u32 b = 0; b < VSW_BKT__MAX; b++) {
		__u32 key = slot * VSW_BKT__MAX + b;
		__u64 zero = 0;

		if (memcmp(&old.bkt[b], &pol->bkt[b], sizeof(pol->bkt[b])) &&
		    bpf_map_update_elem(dp->fd[OBJ_POL_BUCKET], &key, &zero, 0))
			return -errno;
	}
	return 0;
}

/* A port's entry in one of the maps indexed by its counter slot. */
static int port_slot_lookup(struct vsw_dp *dp, __u32 ifindex, enum dp_obj map, void *out)
{
	struct vsw_port port;
	__u32 slot;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	slot = port.slot;
	return bpf_map_lookup_elem(dp->fd[map], &slot, out) ? -errno : 0;
}

int vsw_dp_port_policy_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_port_policy *out)
{
	return port_slot_lookup(dp, ifindex, OBJ_PORT_POL, out);
}

int vsw_dp_port_set_capture(struct vsw_dp *dp, __u32 ifindex, __u8 capture)
{
	struct vsw_port port;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	if (err)
		return err;
	if (capture & ~VSW_PORT_F_CAPTURE)
		return -EINVAL;
	port.flags = (port.flags & ~VSW_PORT_F_CAPTURE) | capture;
	return port_write(dp, &port, BPF_EXIST);
}

static int stop_capture(const struct vsw_port *port, void *ctx)
{
	return port->flags & VSW_PORT_F_CAPTURE ? vsw_dp_port_set_capture(ctx, port->ifindex, 0)
						: 0;
}

int vsw_dp_capture_fd(const struct vsw_dp *dp)
{
	return dp->fd[OBJ_CAPTURE];
}

int vsw_dp_capture_stop_all(struct vsw_dp *dp)
{
	return vsw_dp_port_foreach(dp, stop_capture, dp);
}

static void stats_add(struct vsw_port_stats *sum, const struct vsw_port_stats *s)
{
	sum->rx_packets += s->rx_packets;
	sum->rx_bytes += s->rx_bytes;
	sum->tx_packets += s->tx_packets;
	sum->tx_bytes += s->tx_bytes;
	sum->flooded += s->flooded;
	sum->mirrored += s->mirrored;
	for (int r = 0; r < VSW_DROP__MAX; r++)
		sum->drops[r] += s->drops[r];
}

/* Add one slot's per-CPU counters into *sum. */
static int slot_stats_add(struct vsw_dp *dp, __u32 slot, struct vsw_port_stats *sum)
{
	struct vsw_port_stats *percpu = calloc(dp->ncpus, sizeof(*percpu));
	int err = 0;

	if (!percpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(dp->fd[OBJ_STATS], &slot, percpu))
		err = -errno;
	for (int cpu = 0; !err && cpu < dp->ncpus; cpu++)
		stats_add(sum, &percpu[cpu]);
	free(percpu);
	return err;
}

int vsw_dp_port_stats(struct vsw_dp *dp, __u32 ifindex, struct vsw_port_stats *out)
{
	struct vsw_port port;
	int err = vsw_dp_port_get(dp, ifindex, &port);

	memset(out, 0, sizeof(*out));
	return err ?: slot_stats_add(dp, port.slot, out);
}

static int add_port_stats(const struct vsw_port *port, void *ctx)
{
	void **args = ctx;

	return slot_stats_add(args[0], port->slot, args[1]);
}

int vsw_dp_switch_stats(struct vsw_dp *dp, struct vsw_port_stats *out)
{
	void *args[2] = { dp, out };

	memset(out, 0, sizeof(*out));
	return vsw_dp_port_foreach(dp, add_port_stats, args) ?:
	       slot_stats_add(dp, VSW_SWITCH_SLOT, out);
}

int vsw_dp_port_learned(struct vsw_dp *dp, __u32 ifindex, __u32 *count)
{
	return port_slot_lookup(dp, ifindex, OBJ_LEARNED, count);
}

/* ---- FDB ---- */

#define FDB_BATCH_MAX 1024

int vsw_dp_fdb_walk(struct vsw_dp *dp, struct vsw_fdb_cursor *cur, __u32 max, vsw_fdb_fn fn,
		    void *ctx)
{
	struct vsw_fdb_key keys[FDB_BATCH_MAX];       /* 8 KB */
	struct vsw_fdb_entry vals[FDB_BATCH_MAX];     /* 16 KB */
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u64 now, age, next = 0;
	__u32 n;
	int err;

	if (cur->done)
		return 0;
	n = max < FDB_BATCH_MAX ? max : FDB_BATCH_MAX;
	for (;;) {
		err = bpf_map_lookup_batch(dp->fd[OBJ_FDB], cur->started ? &cur->token : NULL, &next,
					   keys, vals, &n, &opts) ? -errno : 0;
		/* A bucket holds more than n entries: take it whole. */
		if (err != -ENOSPC || n == FDB_BATCH_MAX)
			break;
		n = FDB_BATCH_MAX;
	}
	if (err == -ENOENT)
		cur->done = true; /* the last part, which may hold entries */
	else if (err)
		return err;
	cur->started = true;
	cur->token = next;
	now = vsw_now_ns();
	for (__u32 i = 0; i < n; i++) {
		/* The datapath may refresh an entry after now was read. Signed,
		 * as the datapath compares (fdb_entry_live()): a stamp a tick
		 * ahead is age 0, and so is no stamp "before boot". */
		age = (vals[i].flags & VSW_FDB_F_STATIC) || (__s64)(now - vals[i].last_seen) <= 0
			      ? 0
			      : now - vals[i].last_seen;
		err = fn(&keys[i], &vals[i], age, ctx);
		if (err)
			return err;
	}
	return 0;
}

int vsw_dp_fdb_foreach(struct vsw_dp *dp, vsw_fdb_fn fn, void *ctx)
{
	struct vsw_fdb_cursor cur = { 0 };
	int err = 0;

	while (!err && !cur.done)
		err = vsw_dp_fdb_walk(dp, &cur, FDB_BATCH_MAX, fn, ctx);
	return err;
}

int vsw_dp_fdb_count(struct vsw_dp *dp, unsigned int *n)
{
	struct vsw_fdb_key key, next, *prev = NULL;

	/* Keys only: one syscall per entry, no values copied. */
	*n = 0;
	while (!bpf_map_get_next_key(dp->fd[OBJ_FDB], prev, &next)) {
		key = next;
		prev = &key;
		(*n)++;
	}
	return 0;
}

/* Keys picked by a sweep, deleted after the walk. */
struct key_list {
	struct vsw_fdb_key *keys;
	size_t n, cap;
};

static int key_list_push(struct key_list *l, const struct vsw_fdb_key *key)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		void *keys = realloc(l->keys, cap * sizeof(*l->keys));

		if (!keys)
			return -ENOMEM;
		l->keys = keys;
		l->cap = cap;
	}
	l->keys[l->n++] = *key;
	return 0;
}

struct sweep {
	struct key_list doomed;
	__u32 counts[VSW_MAX_PORTS]; /* dynamic entries kept, by slot */
	__u32 slot_of[VSW_MAX_PORTS]; /* ifindex of each slot's port */
	/* a sweep in steps: slots whose count learned_release() lowered
	 * meanwhile; the tally may hold the entry it released */
	bool released[VSW_MAX_PORTS];
	/* what to remove */
	__u32 ifindex;
	__u16 vid;
	bool with_static;
	bool flush; /* false: remove only aged entries */
	__u64 aging_ns;
	/* a sweep in steps: where the walk is, entries seen in this step */
	struct vsw_fdb_cursor cur;
	__u32 seen;
};

static int map_slot(const struct vsw_port *port, void *ctx)
{
	struct sweep *s = ctx;

	if (port->slot < VSW_MAX_PORTS)
		s->slot_of[port->slot] = port->ifindex;
	return 0;
}

static int sweep_entry(const struct vsw_fdb_key *key, const struct vsw_fdb_entry *e,
		       __u64 age_ns, void *ctx)
{
	bool is_static = e->flags & VSW_FDB_F_STATIC;
	struct sweep *s = ctx;
	bool doomed;

	s->seen++;
	if (s->flush)
		doomed = (!s->ifindex || e->ifindex == s->ifindex) &&
			 (!s->vid || key->vid == s->vid) && (s->with_static || !is_static);
	else
		doomed = !is_static && age_ns > s->aging_ns;
	if (doomed)
		return key_list_push(&s->doomed, key);
	if (!is_static)
		for (int i = 0; i < VSW_MAX_PORTS; i++)
			if (s->slot_of[i] == e->ifindex) {
				s->counts[i]++;
				break;
			}
	return 0;
}

/* The walk is over: delete what it picked, store the exact per-port
 * counts. */
static int sweep_finish(struct vsw_dp *dp, struct sweep *s, unsigned int *removed)
{
	unsigned int n = 0;
	int err = 0;

	for (size_t i = 0; i < s->doomed.n; i++)
		if (!bpf_map_delete_elem(dp->fd[OBJ_FDB], &s->doomed.keys[i]))
			n++;
	if (n)
		err = vsw_dp_fdb_changed(dp);
	for (__u32 slot = 0; !err && slot < VSW_MAX_PORTS; slot++)
		if (s->slot_of[slot] && !s->released[slot] &&
		    bpf_map_update_elem(dp->fd[OBJ_LEARNED], &slot, &s->counts[slot], 0))
			err = -errno;
	if (removed)
		*removed = n;
	return err;
}

/* A sweep in steps is dropped: whole sweeps (which recount everything)
 * and the switch's end make it moot. */
static void aging_end(struct vsw_dp *dp)
{
	if (dp->aging) {
		free(dp->aging->doomed.keys);
		free(dp->aging);
		dp->aging = NULL;
	}
}

/* A learned entry of port ifindex left the FDB by the library's hand (a
 * static entry replaced it, or it was deleted): its charge against the
 * port's learning limit goes, as the datapath's learned_add(-1) takes it
 * when a MAC moves, never below 0. One entry, not a recount: adding
 * thousands of static entries stays linear. The read and write are not
 * atomic against the datapath's own changes of the count; the next
 * aging sweep stores the exact one. A port that is gone had its count
 * reset with its slot. */
static int learned_release(struct vsw_dp *dp, __u32 ifindex)
{
	struct vsw_port port;
	__u32 slot, n;

	if (vsw_dp_port_get(dp, ifindex, &port))
		return 0;
	slot = port.slot;
	if (bpf_map_lookup_elem(dp->fd[OBJ_LEARNED], &slot, &n))
		return -errno;
	/* A sweep in steps under way may have counted the entry: it leaves
	 * this count as it is (the next one stores it). */
	if (dp->aging && slot < VSW_MAX_PORTS)
		dp->aging->released[slot] = true;
	if (!n)
		return 0;
	n--;
	return bpf_map_update_elem(dp->fd[OBJ_LEARNED], &slot, &n, 0) ? -errno : 0;
}

int vsw_dp_fdb_add_static(struct vsw_dp *dp, __u16 vid, const __u8 mac[6], __u32 ifindex)
{
	struct vsw_fdb_entry e = { .ifindex = ifindex, .flags = VSW_FDB_F_STATIC }, old;
	struct vsw_fdb_key key = { .vid = vid };
	struct vsw_port port;
	int err;

	if (vid < VSW_VID_MIN || vid > VSW_VID_MAX || (mac[0] & 1))
		return -EINVAL;
	err = vsw_dp_port_get(dp, ifindex, &port);
	if (err)
		return err;
	memcpy(key.mac, mac, 6);
	if (bpf_map_lookup_elem(dp->fd[OBJ_FDB], &key, &old))
		old.flags = VSW_FDB_F_STATIC; /* none: no charge to release */
	if (bpf_map_update_elem(dp->fd[OBJ_FDB], &key, &e, 0))
		return -errno;
	err = vsw_dp_fdb_changed(dp);
	/* It replaced a learned entry that a port was charged for. */
	if (!err && !(old.flags & VSW_FDB_F_STATIC))
		err = learned_release(dp, old.ifindex);
	return err;
}

int vsw_dp_fdb_del(struct vsw_dp *dp, __u16 vid, const __u8 mac[6])
{
	struct vsw_fdb_key key = { .vid = vid };
	struct vsw_fdb_entry old;
	int err;

	memcpy(key.mac, mac, 6);
	if (bpf_map_lookup_elem(dp->fd[OBJ_FDB], &key, &old))
		return -errno;
	if (bpf_map_delete_elem(dp->fd[OBJ_FDB], &key))
		return -errno;
	err = vsw_dp_fdb_changed(dp);
	if (!err && !(old.flags & VSW_FDB_F_STATIC))
		err = learned_release(dp, old.ifindex);
	return err;
}

/* A whole sweep, at once. */
static int sweep_run(struct vsw_dp *dp, struct sweep *s, unsigned int *removed)
{
	int err;

	aging_end(dp);
	err = vsw_dp_port_foreach(dp, map_slot, s);
	if (!err)
		err = vsw_dp_fdb_foreach(dp, sweep_entry, s);
	if (!err)
		err = sweep_finish(dp, s, removed);
	else if (removed)
		*removed = 0;
	free(s->doomed.keys);
	return err;
}

int vsw_dp_fdb_flush(struct vsw_dp *dp, __u32 ifindex, __u16 vid, bool with_static,
		     unsigned int *removed)
{
	struct sweep *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return -ENOMEM;
	s->flush = true;
	s->ifindex = ifindex;
	s->vid = vid;
	s->with_static = with_static;
	err = sweep_run(dp, s, removed);
	free(s);
	return err;
}

int vsw_dp_fdb_age(struct vsw_dp *dp, unsigned int *removed)
{
	struct sweep *s = calloc(1, sizeof(*s));
	struct vsw_config cfg;
	int err;

	if (!s)
		return -ENOMEM;
	err = vsw_dp_get_config(dp, &cfg);
	if (!err) {
		s->aging_ns = cfg.aging_ns;
		err = sweep_run(dp, s, removed);
	}
	free(s);
	return err;
}

int vsw_dp_fdb_age_step(struct vsw_dp *dp, __u32 max, unsigned int *removed)
{
	struct sweep *s = dp->aging;
	struct vsw_config cfg;
	int err;

	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		err = vsw_dp_get_config(dp, &cfg) ?: vsw_dp_port_foreach(dp, map_slot, s);
		if (err) {
			free(s);
			return err;
		}
		s->aging_ns = cfg.aging_ns;
		dp->aging = s;
	}
	s->seen = 0;
	err = 0;
	while (!err && !s->cur.done && s->seen < max)
		err = vsw_dp_fdb_walk(dp, &s->cur, max - s->seen, sweep_entry, s);
	if (!err && !s->cur.done)
		return 1;
	if (!err)
		err = sweep_finish(dp, s, removed);
	aging_end(dp);
	return err;
}
