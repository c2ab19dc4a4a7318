// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Extensions of a switch (see ext.h). Adding one goes: open the object,
 * pick the program, check it against the ABI, bind the maps it shares
 * with the switch, set its parameters, load it (the verifier's log kept),
 * check what only a loaded program shows, pin it. Only then is anything
 * of the running switch changed: the program goes into its stage's
 * program array under a free id, its registry entry is written, and the
 * slot orders are republished into the idle bank of vsw_ext_chain before
 * vsw_ext_cfg flips to it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "ext.h"
#include "ext_check.h"
#include "ext_params.h"
#include "log.h"
#include "names.h"

/* ---- pins ---- */

static int ext_dir(char *buf, size_t len, struct vsw_dp *dp, const char *name)
{
	int n = name ? snprintf(buf, len, "%s/%s/%s", vsw_dp_pin_dir(dp), VSW_EXT_DIR, name)
		     : snprintf(buf, len, "%s/%s", vsw_dp_pin_dir(dp), VSW_EXT_DIR);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Unlink every pin in dir, then dir itself. */
static void remove_pin_dir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < (int)sizeof(path))
			unlink(path);
	closedir(d);
	rmdir(dir);
}

void vsw_ext_unpin_all(const char *switch_dir)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (snprintf(dir, sizeof(dir), "%s/%s", switch_dir, VSW_EXT_DIR) >= (int)sizeof(dir))
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < (int)sizeof(path))
			remove_pin_dir(path);
	closedir(d);
	rmdir(dir);
}

/* ---- the registry and the slot orders ---- */

static int info_get(const struct vsw_dp_ext_fds *f, __u32 id, struct vsw_ext_info *info)
{
	return bpf_map_lookup_elem(f->info, &id, info) ? -errno : 0;
}

/* All registry entries; used[id] tells which are taken. */
static int info_all(const struct vsw_dp_ext_fds *f, struct vsw_ext_info infos[VSW_EXT_MAX],
		    bool used[VSW_EXT_MAX])
{
	for (__u32 id = 0; id < VSW_EXT_MAX; id++) {
		int err = info_get(f, id, &infos[id]);

		if (err)
			return err;
		used[id] = infos[id].name[0] != '\0';
	}
	return 0;
}

static bool runs_before(const struct vsw_ext_info *a, const struct vsw_ext_info *b)
{
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return strncmp(a->name, b->name, sizeof(a->name)) < 0;
}

/* The ids of slot in run order; returns how many. */
static int slot_order(const struct vsw_ext_info infos[VSW_EXT_MAX], const bool used[VSW_EXT_MAX],
		      unsigned int slot, __u8 ids[VSW_EXT_MAX])
{
	int n = 0;

	for (__u32 id = 0; id < VSW_EXT_MAX; id++) {
		if (!used[id] || vsw_ext_slot_of(infos[id].kind, infos[id].stage) != slot)
			continue;
		int j = n++;

		while (j > 0 && runs_before(&infos[id], &infos[ids[j - 1]])) {
			ids[j] = ids[j - 1];
			j--;
		}
		ids[j] = id;
	}
	return n;
}

/*
 * Write the slot orders of the registry into the idle bank, then make it
 * the live one. A frame already walking the old bank finishes on it.
 */
static int publish(const struct vsw_dp_ext_fds *f)
{
	struct vsw_ext_info infos[VSW_EXT_MAX];
	bool used[VSW_EXT_MAX];
	struct vsw_ext_cfg cfg, next = { 0 };
	__u8 ids[VSW_EXT_MAX];
	__u32 zero = 0;
	int err;

	err = info_all(f, infos, used);
	if (err)
		return err;
	if (bpf_map_lookup_elem(f->cfg, &zero, &cfg))
		return -errno;
	next.bank = !cfg.bank;
	for (unsigned int slot = 0; slot < VSW_EXT_SLOT__MAX; slot++) {
		struct vsw_ext_chain chain = { 0 };
		__u32 key = next.bank * VSW_EXT_SLOT__MAX + slot;
		int n = slot_order(infos, used, slot, ids);

		if (n > VSW_EXT_PER_SLOT)
			return -ENOSPC; /* vsw_ext_add() keeps this from happening */
		chain.count = n;
		memcpy(chain.id, ids, n);
		if (n)
			next.mask |= 1U << slot;
		if (bpf_map_update_elem(f->chain, &key, &chain, 0))
			return -errno;
	}
	return bpf_map_update_elem(f->cfg, &zero, &next, 0) ? -errno : 0;
}

int vsw_ext_find(struct vsw_dp *dp, const char *name, __u32 *id, struct vsw_ext_info *info)
{
	struct vsw_dp_ext_fds f;
	struct vsw_ext_info e;

	vsw_dp_ext_fds(dp, &f);
	for (__u32 i = 0; i < VSW_EXT_MAX; i++) {
		if (info_get(&f, i, &e))
			return -errno;
		if (e.name[0] && !strncmp(e.name, name, sizeof(e.name))) {
			if (id)
				*id = i;
			if (info)
				*info = e;
			return 0;
		}
	}
	return -ENOENT;
}

int vsw_ext_foreach(struct vsw_dp *dp, vsw_ext_fn fn, void *ctx)
{
	struct vsw_ext_info infos[VSW_EXT_MAX];
	bool used[VSW_EXT_MAX];
	struct vsw_dp_ext_fds f;
	__u8 ids[VSW_EXT_MAX];
	int err;

	vsw_dp_ext_fds(dp, &f);
	err = info_all(&f, infos, used);
	for (unsigned int slot = 0; !err && slot < VSW_EXT_SLOT__MAX; slot++) {
		int n = slot_order(infos, used, slot, ids);

		for (int i = 0; !err && i < n; i++)
			err = fn(ids[i], &infos[ids[i]], ctx);
	}
	return err;
}

int vsw_ext_stats_get(struct vsw_dp *dp, __u32 id, struct vsw_ext_stats *out)
{
	struct vsw_dp_ext_fds f;
	struct vsw_ext_stats *percpu;
	int err = 0;

	vsw_dp_ext_fds(dp, &f);
	memset(out, 0, sizeof(*out));
	if (id >= VSW_EXT_MAX)
		return -EINVAL;
	percpu = calloc(f.ncpus, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(f.stats, &id, percpu))
		err = -errno;
	for (int cpu = 0; !err && cpu < f.ncpus; cpu++) {
		out->runs += percpu[cpu].runs;
		out->drops += percpu[cpu].drops;
		out->forwards += percpu[cpu].forwards;
		out->violations += percpu[cpu].violations;
		for (int r = 0; r < VSW_EXT_REASONS; r++)
			out->reasons[r] += percpu[cpu].reasons[r];
	}
	free(percpu);
	return err;
}

static int reset_stats(const struct vsw_dp_ext_fds *f, __u32 id)
{
	struct vsw_ext_stats *zero = calloc(f->ncpus, sizeof(*zero));
	int err = 0;

	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(f->stats, &id, zero, 0))
		err = -errno;
	free(zero);
	return err;
}

/* ---- the object's globals: the ABI version and the parameters ---- */

/* Where global variable `name` lives: its map (.rodata or .data), offset
 * and size. -ENOENT if the object has none. */
static int find_global(struct bpf_object *obj, const char *name, struct bpf_map **out,
		       size_t *off, size_t *size)
{
	static const char *const secs[] = { ".rodata", ".data" };
	struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *map;

	if (!btf)
		return -ENOENT;
	for (size_t s = 0; s < sizeof(secs) / sizeof(secs[0]); s++) {
		int sec_id = btf__find_by_name_kind(btf, secs[s], BTF_KIND_DATASEC);
		const struct btf_var_secinfo *vs;
		const struct btf_type *sec;

		if (sec_id < 0)
			continue;
		sec = btf__type_by_id(btf, sec_id);
		vs = btf_var_secinfos(sec);
		for (int i = 0; i < btf_vlen(sec); i++, vs++) {
			const struct btf_type *var = btf__type_by_id(btf, vs->type);

			if (strcmp(btf__name_by_offset(btf, var->name_off), name))
				continue;
			/* libbpf names the map "<object>.rodata" (cut short). */
			bpf_object__for_each_map(map, obj) {
				const char *dot = strrchr(bpf_map__name(map), '.');

				if (bpf_map__is_internal(map) && dot && !strcmp(dot, secs[s])) {
					*out = map;
					*off = vs->offset;
					*size = vs->size;
					return 0;
				}
			}
		}
	}
	return -ENOENT;
}

/* Read (value NULL: into buf) or write a global before the object loads. */
static int global_access(struct bpf_object *obj, const char *name, void *buf,
			 const void *value, size_t *size)
{
	struct bpf_map *map;
	size_t off, len;
	const void *data;
	void *copy;
	int ret = find_global(obj, name, &map, &off, size);

	if (ret)
		return ret;
	data = bpf_map__initial_value(map, &len);
	if (!data || off + *size > len)
		return -ENOENT;
	if (!value) {
		memcpy(buf, (const char *)data + off, *size < 8 ? *size : 8);
		return 0;
	}
	copy = malloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len);
	memcpy((char *)copy + off, value, *size);
	ret = bpf_map__set_initial_value(map, copy, len);
	free(copy);
	return ret;
}

/* Write each VAR=VALUE of params into obj's variable, in its size (a
 * number must fit; a MAC goes into a 6-byte variable). */
static int params_apply(const char *params, struct bpf_object *obj, struct vsw_err *err)
{
	struct vsw_ext_param pa;
	const char *p = params;
	int ret;

	while ((ret = vsw_ext_param_next(&p, &pa, err)) > 0) {
		struct bpf_map *map;
		size_t size, off;

		if (pa.port)
			return vsw_errf(err, -EINVAL, "parameter '%s': port '%s' was not "
					"resolved", pa.var, pa.port);
		if (find_global(obj, pa.var, &map, &off, &size))
			return vsw_errf(err, -ENOENT, "parameter '%s': the object has no global "
					"variable of that name", pa.var);
		if (pa.len == 6 && size != 6)
			return vsw_errf(err, -EINVAL, "parameter '%s': a MAC needs a 6-byte "
					"variable, it has %zu", pa.var, size);
		if (pa.len == 8) {
			__u64 n;

			memcpy(&n, pa.bytes, 8);
			if ((size != 1 && size != 2 && size != 4 && size != 8) ||
			    (size < 8 && n >> (size * 8)))
				return vsw_errf(err, -ERANGE, "parameter '%s': %llu does not fit "
						"its %zu bytes", pa.var, (unsigned long long)n, size);
			/* x86 and arm64 are little-endian: the low bytes first */
		}
		ret = global_access(obj, pa.var, NULL, pa.bytes, &size);
		if (ret)
			return vsw_errf(err, ret, "parameter '%s': %s", pa.var, strerror(-ret));
	}
	return ret;
}

/* ---- loading ---- */

/* The end of a verifier log, where it says why: its last two lines but
 * the statistics ("processed N insns ..."), joined by "; ". */
static void log_tail(const char *log, char *out, size_t len)
{
	const char *lines[2] = { NULL, NULL };
	size_t lens[2] = { 0, 0 };

	for (const char *p = log; *p;) {
		size_t n = strcspn(p, "\n");

		if (n && strncmp(p, "processed ", 10) && strncmp(p, "verification time", 17) &&
		    strncmp(p, "stack depth", 11)) {
			lines[0] = lines[1];
			lens[0] = lens[1];
			lines[1] = p;
			lens[1] = n;
		}
		p += n + (p[n] == '\n');
	}
	if (!lines[1])
		snprintf(out, len, "%s", "");
	else if (!lines[0])
		snprintf(out, len, "%.*s", (int)lens[1], lines[1]);
	else
		snprintf(out, len, "%.*s; %.*s", (int)lens[0], lines[0], (int)lens[1], lines[1]);
}

/* The program to load (the others of the object stay unloaded). */
static int pick_program(struct bpf_object *obj, const struct vsw_ext_spec *spec,
			struct bpf_program **out, struct vsw_err *err)
{
	struct bpf_program *prog, *found = NULL;
	int n = 0;

	bpf_object__for_each_program(prog, obj) {
		n++;
		if (spec->program ? !strcmp(bpf_program__name(prog), spec->program) : !found)
			found = prog;
	}
	if (spec->program && !found)
		return vsw_errf(err, -ENOENT, "extension '%s': '%s' has no program '%s'",
				spec->name, spec->object, spec->program);
	if (!found || (!spec->program && n > 1))
		return vsw_errf(err, -EINVAL, "extension '%s': '%s' has %d programs; name one "
				"with 'program NAME'", spec->name, spec->object, n);
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, prog == found);
	*out = found;
	return 0;
}

/* The program's type must be the stage's: devmap programs at egress. */
static int check_program_type(struct bpf_program *prog, const struct vsw_ext_spec *spec,
			      struct vsw_err *err)
{
	enum bpf_attach_type at = bpf_program__expected_attach_type(prog);

	if (bpf_program__type(prog) != BPF_PROG_TYPE_XDP)
		return vsw_errf(err, -EINVAL, "extension '%s': program '%s' is not an XDP program",
				spec->name, bpf_program__name(prog));
	if (spec->stage == VSW_EXT_EGRESS && at != BPF_XDP_DEVMAP)
		return vsw_errf(err, -EINVAL, "extension '%s': an egress extension is a devmap "
				"program (SEC(\"xdp/devmap\")), '%s' is not", spec->name,
				bpf_program__name(prog));
	if (spec->stage == VSW_EXT_INGRESS && (at == BPF_XDP_DEVMAP || at == BPF_XDP_CPUMAP))
		return vsw_errf(err, -EINVAL, "extension '%s': an ingress extension is a plain "
				"XDP program (SEC(\"xdp\")), '%s' is not", spec->name,
				bpf_program__name(prog));
	return 0;
}

static int check_abi(struct bpf_object *obj, const struct vsw_ext_spec *spec,
		     struct vsw_err *err)
{
	__u32 abi_buf[2] = { 0 }, *abi = abi_buf;
	size_t size;

	if (global_access(obj, VSW_EXT_ABI_VAR, abi_buf, NULL, &size) || size != sizeof(*abi))
		return vsw_errf(err, -EPROTO, "extension '%s': '%s' does not say its extension "
				"ABI (VSW_EXT_DECLARE_ABI() from vsw_ext.h)", spec->name,
				spec->object);
	if (*abi != VSW_EXT_ABI_VERSION)
		return vsw_errf(err, -EPROTO, "extension '%s': built for extension ABI %u, this "
				"switch speaks %u", spec->name, *abi, VSW_EXT_ABI_VERSION);
	return 0;
}

/* The maps an extension shares with the switch become the switch's own,
 * if declared alike (else it was built against another vsw_ext.h). */
static int bind_shared_maps(struct bpf_object *obj, const struct vsw_dp_ext_fds *f,
			    const struct vsw_ext_spec *spec, struct vsw_err *err)
{
	const struct { const char *name; int fd; } shared[] = {
		{ VSW_MAP_EXT_MD, f->md },
		{ VSW_MAP_EXT_IN, f->progs[VSW_EXT_INGRESS] },
		{ VSW_MAP_EXT_OUT, f->progs[VSW_EXT_EGRESS] },
	};

	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, shared[i].name);
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		int ret;

		if (!map)
			continue;
		if (bpf_obj_get_info_by_fd(shared[i].fd, &info, &len))
			return vsw_errf(err, -errno, "switch map '%s': %s", shared[i].name,
					strerror(errno));
		if (bpf_map__type(map) != info.type || bpf_map__key_size(map) != info.key_size ||
		    bpf_map__value_size(map) != info.value_size ||
		    bpf_map__max_entries(map) != info.max_entries)
			return vsw_errf(err, -EPROTO, "extension '%s': its map '%s' is not the "
					"switch's (built against another vsw_ext.h?)", spec->name,
					shared[i].name);
		ret = bpf_map__reuse_fd(map, shared[i].fd);
		if (ret)
			return vsw_errf(err, ret, "extension '%s': cannot share map '%s': %s",
					spec->name, shared[i].name, strerror(-ret));
	}
	return 0;
}

static __u32 map_id_of(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* A program that never tail-calls its stage's continuation would end
 * the frame's trip inside the extension. */
static int check_returns(int prog_fd, int array_fd, const struct vsw_ext_spec *spec,
			 struct vsw_err *err)
{
	__u32 ids[64], want = map_id_of(array_fd);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	info.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return vsw_errf(err, -errno, "extension '%s': %s", spec->name, strerror(errno));
	for (__u32 i = 0; i < info.nr_map_ids && i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i] == want)
			return 0;
	return vsw_errf(err, -EPROTO, "extension '%s': the program never returns to the switch "
			"(end it with vsw_ext_%s_done(ctx))", spec->name,
			vsw_ext_stage_name(spec->stage));
}

/* Room in the registry: a free id, the slot and the stage not full. */
static int find_room(const struct vsw_dp_ext_fds *f, const struct vsw_ext_spec *spec,
		     unsigned int slot, __u32 *id, struct vsw_err *err)
{
	struct vsw_ext_info infos[VSW_EXT_MAX];
	bool used[VSW_EXT_MAX];
	int in_slot = 0, in_stage = 0, ret;

	ret = info_all(f, infos, used);
	if (ret)
		return vsw_errf(err, ret, "extension registry: %s", strerror(-ret));
	*id = VSW_EXT_MAX;
	for (__u32 i = 0; i < VSW_EXT_MAX; i++) {
		if (!used[i]) {
			if (*id == VSW_EXT_MAX)
				*id = i;
			continue;
		}
		if (!strncmp(infos[i].name, spec->name, sizeof(infos[i].name)))
			return vsw_errf(err, -EEXIST, "extension '%s' exists", spec->name);
		in_slot += vsw_ext_slot_of(infos[i].kind, infos[i].stage) == slot;
		in_stage += infos[i].stage == spec->stage;
	}
	if (*id == VSW_EXT_MAX)
		return vsw_errf(err, -ENOSPC, "a switch holds %d extensions", VSW_EXT_MAX);
	if (in_slot >= VSW_EXT_PER_SLOT)
		return vsw_errf(err, -ENOSPC, "the %s %s slot holds %d extensions, its maximum",
				vsw_ext_stage_name(spec->stage), vsw_ext_kind_name(spec->kind),
				VSW_EXT_PER_SLOT);
	if (in_stage >= VSW_EXT_PER_STAGE)
		return vsw_errf(err, -ENOSPC, "%s runs %d extensions, its maximum",
				vsw_ext_stage_name(spec->stage), VSW_EXT_PER_STAGE);
	return 0;
}

static int check_spec(const struct vsw_ext_spec *spec, unsigned int *slot, struct vsw_err *err)
{
	if (!vsw_name_valid(spec->name))
		return vsw_errf(err, -EINVAL, "extension name '%s' is invalid: "
				VSW_NAME_CHARS_HELP, spec->name);
	if (spec->kind >= VSW_EXT_KIND__MAX || spec->stage >= VSW_EXT_STAGE__MAX)
		return vsw_errf(err, -EINVAL, "extension '%s': unknown kind or stage", spec->name);
	*slot = vsw_ext_slot_of(spec->kind, spec->stage);
	if (*slot == VSW_EXT_SLOT_NONE)
		return vsw_errf(err, -EINVAL, "extension '%s': a %s extension runs at ingress only",
				spec->name, vsw_ext_kind_name(spec->kind));
	if (!spec->object || spec->object[0] != '/')
		return vsw_errf(err, -EINVAL, "extension '%s': the object path must be absolute",
				spec->name);
	return 0;
}

#define VERIFIER_LOG_SIZE (256 * 1024)

/* Open, check, load and pin the program; *prog_fd is a new fd of it. */
static int load_program(struct vsw_dp *dp, const struct vsw_ext_spec *spec, const char *dir,
			int *prog_fd, struct vsw_err *err)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = dir);
	struct vsw_dp_ext_fds f;
	struct bpf_program *prog = NULL;
	struct bpf_object *obj;
	char path[PATH_MAX + 8], tail[200];
	char *log = NULL;
	int ret;

	vsw_dp_ext_fds(dp, &f);
	vsw_log_libbpf_quiet(1);
	obj = bpf_object__open_file(spec->object, &opts);
	ret = obj ? 0 : -errno;
	if (ret) {
		vsw_errf(err, ret, "extension '%s': cannot open '%s' as a BPF object: %s",
			 spec->name, spec->object, strerror(-ret));
		goto out;
	}
	ret = pick_program(obj, spec, &prog, err) ?: check_program_type(prog, spec, err) ?:
	      check_abi(obj, spec, err) ?: bind_shared_maps(obj, &f, spec, err) ?:
	      params_apply(spec->params, obj, err);
	if (ret)
		goto out;
	log = calloc(1, VERIFIER_LOG_SIZE);
	if (!log) {
		ret = vsw_errf(err, -ENOMEM, "extension '%s': out of memory", spec->name);
		goto out;
	}
	/* Level 0: the log is only written if the load fails (libbpf retries). */
	bpf_program__set_log_buf(prog, log, VERIFIER_LOG_SIZE);
	ret = bpf_object__load(obj);
	if (ret) {
		log_tail(log, tail, sizeof(tail));
		vsw_errf(err, ret, "extension '%s': the kernel refused '%s': %s%s%s", spec->name,
			 bpf_program__name(prog), strerror(-ret), tail[0] ? ": " : "", tail);
		goto out;
	}
	ret = check_returns(bpf_program__fd(prog), f.progs[spec->stage], spec, err);
	if (!ret && spec->kind == VSW_EXT_KIND_CAPTURE)
		ret = ext_check_capture(bpf_program__insns(prog), bpf_program__insn_cnt(prog),
					spec->name, err);
	if (ret)
		goto out;
	snprintf(path, sizeof(path), "%s/prog", dir);
	ret = bpf_program__pin(prog, path);
	if (ret) {
		vsw_errf(err, ret, "extension '%s': cannot pin '%s': %s", spec->name, path,
			 strerror(-ret));
		goto out;
	}
	*prog_fd = dup(bpf_program__fd(prog));
	if (*prog_fd < 0)
		ret = vsw_errf(err, -errno, "extension '%s': %s", spec->name, strerror(errno));
out:
	vsw_log_libbpf_quiet(0);
	free(log);
	bpf_object__close(obj);
	return ret;
}

int vsw_ext_add(struct vsw_dp *dp, const struct vsw_ext_spec *spec, struct vsw_err *err)
{
	struct vsw_ext_info info = { 0 };
	struct vsw_dp_ext_fds f;
	char dir[PATH_MAX];
	unsigned int slot = VSW_EXT_SLOT_NONE;
	int prog_fd = -1, ret;
	__u32 id;

	vsw_dp_ext_fds(dp, &f);
	ret = check_spec(spec, &slot, err) ?: find_room(&f, spec, slot, &id, err);
	if (ret)
		return ret;
	ret = ext_dir(dir, sizeof(dir), dp, NULL);
	if (!ret && mkdir(dir, 0700) && errno != EEXIST)
		ret = -errno;
	if (!ret)
		ret = ext_dir(dir, sizeof(dir), dp, spec->name);
	if (!ret && mkdir(dir, 0700))
		ret = -errno;
	if (ret)
		return vsw_errf(err, ret, "extension '%s': cannot make its pin directory: %s",
				spec->name, strerror(-ret));
	ret = load_program(dp, spec, dir, &prog_fd, err);
	if (ret)
		goto fail;

	/* From here on the switch changes. */
	snprintf(info.name, sizeof(info.name), "%s", spec->name);
	info.kind = spec->kind;
	info.stage = spec->stage;
	info.priority = spec->priority;
	info.prog_id = vsw_dp_prog_id(prog_fd);
	ret = reset_stats(&f, id);
	if (!ret && bpf_map_update_elem(f.progs[spec->stage], &id, &prog_fd, 0))
		ret = -errno;
	if (ret) {
		vsw_errf(err, ret, "extension '%s': the switch refused the program: %s",
			 spec->name, strerror(-ret));
		goto fail;
	}
	if (bpf_map_update_elem(f.info, &id, &info, 0) || publish(&f)) {
		ret = vsw_errf(err, -errno, "extension '%s': cannot publish the slot order: %s",
			       spec->name, strerror(errno));
		memset(&info, 0, sizeof(info));
		bpf_map_update_elem(f.info, &id, &info, 0);
		publish(&f);
		bpf_map_delete_elem(f.progs[spec->stage], &id);
		goto fail;
	}
	close(prog_fd);
	return 0;
fail:
	if (prog_fd >= 0)
		close(prog_fd);
	remove_pin_dir(dir);
	return ret;
}

int vsw_ext_del(struct vsw_dp *dp, const char *name)
{
	struct vsw_ext_info info, none = { 0 };
	struct vsw_dp_ext_fds f;
	char dir[PATH_MAX];
	__u32 id;
	int ret = vsw_ext_find(dp, name, &id, &info);

	if (ret)
		return ret;
	vsw_dp_ext_fds(dp, &f);
	/* Out of the order first, then out of the array: a frame still on
	 * the old bank finds an empty entry and skips it. */
	if (bpf_map_update_elem(f.info, &id, &none, 0))
		return -errno;
	ret = publish(&f);
	if (ret)
		return ret;
	if (info.stage < VSW_EXT_STAGE__MAX)
		bpf_map_delete_elem(f.progs[info.stage], &id);
	if (!ext_dir(dir, sizeof(dir), dp, name))
		remove_pin_dir(dir);
	return 0;
}

/* ---- samples ---- */

struct sample_walk {
	vsw_ext_sample_fn fn;
	void *ctx;
	unsigned int max, taken;
};

static int on_sample(void *ctx, void *data, size_t len)
{
	struct sample_walk *w = ctx;
	struct vsw_ext_sample s = { 0 };

	if (w->taken >= w->max)
		return 0; /* read past: a reader takes what it asked for */
	memcpy(&s, data, len < sizeof(s) ? len : sizeof(s));
	if (s.cap_len > sizeof(s.data))
		s.cap_len = sizeof(s.data);
	w->taken++;
	return w->fn(&s, w->ctx);
}

/* The fd of the extension's map called VSW_EXT_SAMPLES_MAP, found through
 * its pinned program (the map itself need not be pinned). */
static int samples_map(struct vsw_dp *dp, const char *name)
{
	struct bpf_prog_info info = {};
	__u32 ids[64], len = sizeof(info);
	char dir[PATH_MAX], path[PATH_MAX + 8];
	int prog_fd, fd = -ENOENT;

	if (ext_dir(dir, sizeof(dir), dp, name))
		return -ENAMETOOLONG;
	snprintf(path, sizeof(path), "%s/prog", dir);
	prog_fd = bpf_obj_get(path);
	if (prog_fd < 0)
		return -errno;
	info.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len)) {
		fd = -errno;
		goto out;
	}
	for (__u32 i = 0; i < info.nr_map_ids && i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct bpf_map_info mi = {};
		__u32 mlen = sizeof(mi);
		int mfd = bpf_map_get_fd_by_id(ids[i]);

		if (mfd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(mfd, &mi, &mlen) && mi.type == BPF_MAP_TYPE_RINGBUF &&
		    !strcmp(mi.name, VSW_EXT_SAMPLES_MAP)) {
			fd = mfd;
			break;
		}
		close(mfd);
	}
out:
	close(prog_fd);
	return fd;
}

int vsw_ext_samples(struct vsw_dp *dp, const char *name, unsigned int max,
		    vsw_ext_sample_fn fn, void *ctx, unsigned int *taken)
{
	struct sample_walk w = { fn, ctx, max, 0 };
	struct ring_buffer *rb;
	int fd, ret;

	*taken = 0;
	ret = vsw_ext_find(dp, name, NULL, NULL);
	if (ret)
		return ret;
	fd = samples_map(dp, name);
	if (fd < 0)
		return fd;
	rb = ring_buffer__new(fd, on_sample, &w, NULL);
	ret = rb ? 0 : -errno;
	if (rb) {
		ret = ring_buffer__consume(rb);
		ret = ret < 0 ? ret : 0;
		ring_buffer__free(rb);
	}
	close(fd);
	*taken = w.taken;
	return ret;
}
