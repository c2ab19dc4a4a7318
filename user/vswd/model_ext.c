// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Extensions in the object model: each belongs to a switch, is loaded
 * into its datapath by user/dp/ext.c, and is remembered (object path,
 * program, priority, parameters) so the state file can bring it back.
 * Parameters may name a port as @PORT; the port's netdev ifindex is put
 * in each time the extension is loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Load e into its switch's datapath. */
static int ext_load(struct model *m, struct vext *e, struct vsw_err *err)
{
	char params[512];
	struct vsw_ext_spec spec = {
		.name = e->name, .kind = e->kind, .stage = e->stage, .object = e->object,
		.program = e->program[0] ? e->program : NULL, .priority = e->priority,
		.params = params,
	};
	int ret = resolve_ports(m, e, params, sizeof(params), err);

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
