// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Extensions in the object model: each belongs to a switch, is loaded
 * into its datapath by user/dp/ext.c, and is remembered (object path,
 * program, priority, parameters) so the state file can bring it back.
 * Parameters may name a port as @PORT; the port's netdev ifindex is put
 * in each time the extension is loaded.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ext_params.h"
#include "log.h"
#include "model_int.h"

struct vext *model_ext_find(const struct model *m, const struct vswitch *sw, const char *name)
{
	for (struct vext *e = m->exts; e; e = e->next)
		if (e->sw == sw && !strcmp(e->name, name))
			return e;
	return NULL;
}

void model_ext_append(struct model *m, struct vext *e)
{
	struct vext **pp = &m->exts;

	while (*pp)
		pp = &(*pp)->next;
	e->next = NULL;
	*pp = e;
}

static void unlink_ext(struct model *m, struct vext *e)
{
	for (struct vext **pp = &m->exts; *pp; pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			return;
		}
}

/* params with each VAR=@PORT replaced by VAR=<ifindex of PORT's netdev>. */
static int resolve_ports(struct model *m, const struct vext *e, char *out, size_t len,
			 struct vsw_err *err)
{
	const char *p = e->params;
	size_t used = 0;

	out[0] = '\0';
	while (*p) {
		size_t n = strcspn(p, " ");
		const char *at = memchr(p, '@', n);
		char port[VSW_NAME_MAX] = "";
		int w;

		if (at && at > p && at[-1] == '=' && (size_t)(p + n - at - 1) < sizeof(port)) {
			struct vport *vp;

			memcpy(port, at + 1, p + n - at - 1);
			port[p + n - at - 1] = '\0';
			vp = model_port_find(m, port);
			if (!vp || vp->sw != e->sw)
				return vsw_errf(err, -ENOENT, "extension '%s': switch '%s' has no "
						"port '%s'", e->name, e->sw->name, port);
			if (!vp->nic || !vp->nic->dp_ifindex)
				return vsw_errf(err, -ENOTCONN, "extension '%s': port '%s' has no "
						"NIC connected", e->name, port);
			w = snprintf(out + used, len - used, "%s%.*s%u", used ? " " : "",
				     (int)(at - p), p, vp->nic->dp_ifindex);
		} else if (n) {
			w = snprintf(out + used, len - used, "%s%.*s", used ? " " : "", (int)n, p);
		} else {
			w = 0;
		}
		if (w < 0 || (size_t)w >= len - used)
			return vsw_errf(err, -E2BIG, "extension '%s': parameters too long", e->name);
		used += w;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Root's and writable by root only: st, of what path names. */
static int root_only(const char *ext, const char *path, const struct stat *st,
		     struct vsw_err *err)
{
	if (st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH)))
		return 0;
	return vsw_errf(err, -EPERM, "extension '%s': '%s' is %s%s%s: an extension object and "
			"every directory above it must be root's and writable by root only",
			ext, path, st->st_uid ? "not root's" : "",
			st->st_uid && st->st_mode & (S_IWGRP | S_IWOTH) ? " and " : "",
			st->st_mode & (S_IWGRP | S_IWOTH) ? "writable by others than root" : "");
}

/*
 * An extension runs in the kernel with root's power, so its object must
 * be one root put there: a regular file under one of m->ext_dirs whose
 * path, from / down, is root's alone at every step (nobody else can then
 * swap a file or directory between this check and the load). The
 * resolved path goes to resolved.
 */
static int ext_object_trusted(const struct model *m, const struct vext *e, char *resolved,
			      struct vsw_err *err)
{
	char dir[PATH_MAX], step[PATH_MAX];
	const char *in = NULL;
	struct stat st;
	size_t len;

	if (!m->n_ext_dirs) {
		snprintf(resolved, PATH_MAX, "%s", e->object);
		return 0;
	}
	if (!realpath(e->object, resolved))
		return vsw_errf(err, -errno, "extension '%s': cannot open '%s': %s", e->name,
				e->object, strerror(errno));
	for (size_t i = 0; i < m->n_ext_dirs && !in; i++) {
		if (!realpath(m->ext_dirs[i], dir))
			continue;
		len = strlen(dir);
		if (!strncmp(resolved, dir, len) && (resolved[len] == '/' || len == 1))
			in = m->ext_dirs[i];
	}
	if (!in) {
		char dirs[VSW_EXT_DIRS_MAX * 64] = "";

		for (size_t i = 0, n = 0; i < m->n_ext_dirs && n < sizeof(dirs); i++)
			n += snprintf(dirs + n, sizeof(dirs) - n, "%s%s", i ? ", " : "",
				      m->ext_dirs[i]);
		return vsw_errf(err, -EPERM, "extension '%s': '%s' is not in an extension "
				"directory (vswd --ext-dir: %s)", e->name, e->object, dirs);
	}
	/* Every step from / to the file, the file last. */
	for (char *slash = resolved; slash; slash = strchr(slash + 1, '/')) {
		len = slash == resolved ? 1 : (size_t)(slash - resolved);
		snprintf(step, sizeof(step), "%.*s", (int)len, resolved);
		if (stat(step, &st))
			return vsw_errf(err, -errno, "extension '%s': '%s': %s", e->name, step,
					strerror(errno));
		if (root_only(e->name, step, &st, err))
			return -EPERM;
	}
	if (stat(resolved, &st))
		return vsw_errf(err, -errno, "extension '%s': '%s': %s", e->name, resolved,
				strerror(errno));
	if (!S_ISREG(st.st_mode))
		return vsw_errf(err, -EINVAL, "extension '%s': '%s' is no regular file", e->name,
				resolved);
	return root_only(e->name, resolved, &st, err);
}

/* Load e into its switch's datapath. */
static int ext_load(struct model *m, struct vext *e, struct vsw_err *err)
{
	char params[512], object[PATH_MAX];
	struct vsw_ext_spec spec = {
		.name = e->name, .kind = e->kind, .stage = e->stage, .object = object,
		.program = e->program[0] ? e->program : NULL, .priority = e->priority,
		.params = params,
	};
	int ret = ext_object_trusted(m, e, object, err) ?:
		  resolve_ports(m, e, params, sizeof(params), err);

	if (!ret)
		ret = vsw_ext_add(e->sw->dp, &spec, err);
	e->loaded = !ret;
	return ret;
}

static int copy_str(char *dst, size_t len, const char *src, const char *what,
		    const char *name, struct vsw_err *err)
{
	if (strlen(src ?: "") >= len)
		return vsw_errf(err, -ENAMETOOLONG, "extension '%s': %s too long (at most %zu "
				"characters)", name, what, len - 1);
	snprintf(dst, len, "%s", src ?: "");
	return 0;
}

int model_ext_add(struct model *m, const char *swname, const struct vsw_ext_spec *spec,
		  struct vsw_err *err)
{
	struct vswitch *sw = model_switch_find(m, swname);
	struct vext *e;
	int ret;

	if (!sw)
		return vsw_errf(err, -ENOENT, "switch '%s' does not exist", swname);
	if (!vsw_name_valid(spec->name))
		return vsw_errf(err, -EINVAL, "extension name '%s' is invalid: "
				VSW_NAME_CHARS_HELP, spec->name);
	if (model_ext_find(m, sw, spec->name))
		return vsw_errf(err, -EEXIST, "switch '%s' has an extension '%s'", swname,
				spec->name);
	e = calloc(1, sizeof(*e));
	if (!e)
		return vsw_errf(err, -ENOMEM, "extension '%s': out of memory", spec->name);
	snprintf(e->name, sizeof(e->name), "%s", spec->name);
	e->sw = sw;
	e->kind = spec->kind;
	e->stage = spec->stage;
	e->priority = spec->priority;
	ret = copy_str(e->object, sizeof(e->object), spec->object, "object path", e->name, err) ?:
	      copy_str(e->program, sizeof(e->program), spec->program, "program", e->name, err) ?:
	      copy_str(e->params, sizeof(e->params), spec->params, "parameters", e->name, err) ?:
	      vsw_ext_params_check(e->params, err) ?: ext_load(m, e, err);
	if (ret) {
		free(e);
		return ret;
	}
	model_ext_append(m, e);
	return 0;
}

int model_ext_del(struct model *m, const char *swname, const char *name, struct vsw_err *err)
{
	struct vswitch *sw = model_switch_find(m, swname);
	struct vext *e = sw ? model_ext_find(m, sw, name) : NULL;
	int ret;

	if (!sw)
		return vsw_errf(err, -ENOENT, "switch '%s' does not exist", swname);
	if (!e)
		return vsw_errf(err, -ENOENT, "switch '%s' has no extension '%s'", swname, name);
	ret = vsw_ext_del(sw->dp, name);
	if (ret && ret != -ENOENT) /* not loaded (failed at restore): just forget it */
		return vsw_errf(err, ret, "extension '%s': cannot remove it: %s", name,
				strerror(-ret));
	unlink_ext(m, e);
	free(e);
	return 0;
}

void model_ext_forget_switch(struct model *m, const struct vswitch *sw)
{
	struct vext *e = m->exts, *next;

	for (; e; e = next) {
		next = e->next;
		if (e->sw == sw) {
			unlink_ext(m, e);
			free(e);
		}
	}
}

struct stale {
	struct model *m;
	struct vswitch *sw;
};

/* A datapath extension the model does not know (or knows otherwise) goes. */
static int drop_stale(__u32 id, const struct vsw_ext_info *info, void *ctx)
{
	struct stale *s = ctx;
	char name[VSW_NAME_MAX];
	struct vext *e;

	snprintf(name, sizeof(name), "%.*s", (int)sizeof(info->name), info->name);
	e = model_ext_find(s->m, s->sw, name);
	if (e && e->kind == info->kind && e->stage == info->stage &&
	    e->priority == info->priority) {
		e->loaded = true;
		return 0;
	}
	pr_info("switch '%s': removing extension '%s' from the datapath (%s)\n", s->sw->name,
		name, e ? "changed" : "not in the configuration");
	vsw_ext_del(s->sw->dp, name);
	return 0;
}

void model_ext_reconcile(struct model *m)
{
	struct vsw_err err;

	for (struct vswitch *sw = m->switches; sw; sw = sw->next) {
		struct stale s = { m, sw };

		for (struct vext *e = m->exts; e; e = e->next)
			if (e->sw == sw)
				e->loaded = false;
		vsw_ext_foreach(sw->dp, drop_stale, &s);
	}
	/* What survived in the pins runs on untouched; the rest loads again. */
	for (struct vext *e = m->exts; e; e = e->next) {
		if (e->loaded)
			continue;
		if (ext_load(m, e, &err))
			pr_err("%s\n", err.msg);
		else
			pr_info("switch '%s': extension '%s' loaded again\n", e->sw->name,
				e->name);
	}
}
