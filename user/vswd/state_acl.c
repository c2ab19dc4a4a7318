// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A port's ACL rules in the state file: an "acl" list of objects in the
 * words of vswctl (dir, action, proto, local, remote, ...) and the id
 * the next rule gets, so ids are never reused across restarts.
 */
#include <errno.h>
#include <string.h>
#include <json-c/json.h>

#include "cli_parse.h"
#include "json_writer.h"
#include "state.h"
#include "state_acl.h"

static void rule_json(struct jw *w, const struct vsw_acl_rule *r)
{
	char buf[64];

	jw_open(w, NULL, '{');
	jw_int(w, "id", r->id);
	jw_str(w, "dir", vsw_acl_dir_name(r->dirs));
	jw_int(w, "priority", r->priority);
	jw_str(w, "action", vsw_acl_action_name(r->action));
	if (r->proto != VSW_ACL_PROTO_ANY) {
		vsw_acl_proto_format(r->proto, buf, sizeof(buf));
		jw_str(w, "proto", buf);
	}
	if (r->local.family) {
		vsw_acl_cidr_format(&r->local, buf, sizeof(buf));
		jw_str(w, "local", buf);
	}
	if (r->remote.family) {
		vsw_acl_cidr_format(&r->remote, buf, sizeof(buf));
		jw_str(w, "remote", buf);
	}
	if (r->has_lport) {
		vsw_acl_range_format(&r->lport, buf, sizeof(buf));
		jw_str(w, "lport", buf);
	}
	if (r->has_rport) {
		vsw_acl_range_format(&r->rport, buf, sizeof(buf));
		jw_str(w, "rport", buf);
	}
	if (r->has_lmac) {
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", r->lmac[0], r->lmac[1],
			 r->lmac[2], r->lmac[3], r->lmac[4], r->lmac[5]);
		jw_str(w, "local_mac", buf);
	}
	if (r->has_rmac) {
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", r->rmac[0], r->rmac[1],
			 r->rmac[2], r->rmac[3], r->rmac[4], r->rmac[5]);
		jw_str(w, "remote_mac", buf);
	}
	if (r->stateful) {
		jw_bool(w, "stateful", true);
		jw_int(w, "timeout", r->timeout_s);
	}
	jw_close(w, '}');
}

void state_acl_save(struct jw *w, const struct vport *p)
{
	if (!p->nacl)
		return;
	jw_open(w, "acl", '[');
	for (unsigned int i = 0; i < p->nacl; i++)
		rule_json(w, &p->acl[i]);
	jw_close(w, ']');
	jw_int(w, "acl_next_id", p->acl_next_id);
}

/* The string member key, or NULL when absent; *bad when not a string. */
static const char *str(json_object *o, const char *key, bool *bad)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = true;
		return NULL;
	}
	return json_object_get_string(v);
}

static int num(json_object *o, const char *key, int64_t min, int64_t max, int64_t dflt,
	       int64_t *out)
{
	json_object *v;

	*out = dflt;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -EINVAL;
	*out = json_object_get_int64(v);
	return *out < min || *out > max ? -EINVAL : 0;
}

/* One rule object; what is wrong goes to why. */
static int rule_parse(json_object *o, struct vsw_acl_rule *r, const char **why)
{
	const char *dir, *action, *s;
	json_object *stateful;
	bool bad = false;
	int64_t v;

	vsw_acl_rule_init(r);
	if (num(o, "id", 1, UINT32_MAX, 0, &v) || !v)
		return *why = "rule without a valid id", -EINVAL;
	r->id = v;
	dir = str(o, "dir", &bad);
	action = str(o, "action", &bad);
	if (!dir || vsw_acl_dir_parse(dir) < 0)
		return *why = "rule without a valid dir", -EINVAL;
	r->dirs = vsw_acl_dir_parse(dir);
	if (!action || vsw_acl_action_parse(action) < 0)
		return *why = "rule without a valid action", -EINVAL;
	r->action = vsw_acl_action_parse(action);
	if (num(o, "priority", 0, UINT32_MAX, VSW_ACL_PRIORITY_DEFAULT, &v))
		return *why = "rule priority", -EINVAL;
	r->priority = v;
	if ((s = str(o, "proto", &bad)) && (r->proto = vsw_acl_proto_parse(s)) < 0)
		return *why = "rule proto", -EINVAL;
	if ((s = str(o, "local", &bad)) && vsw_acl_cidr_parse(s, &r->local))
		return *why = "rule local prefix", -EINVAL;
	if ((s = str(o, "remote", &bad)) && vsw_acl_cidr_parse(s, &r->remote))
		return *why = "rule remote prefix", -EINVAL;
	if ((s = str(o, "lport", &bad)) && !(r->has_lport = !vsw_acl_range_parse(s, &r->lport)))
		return *why = "rule lport", -EINVAL;
	if ((s = str(o, "rport", &bad)) && !(r->has_rport = !vsw_acl_range_parse(s, &r->rport)))
		return *why = "rule rport", -EINVAL;
	if ((s = str(o, "local_mac", &bad)) && !(r->has_lmac = !cli_parse_mac(s, r->lmac)))
		return *why = "rule local_mac", -EINVAL;
	if ((s = str(o, "remote_mac", &bad)) && !(r->has_rmac = !cli_parse_mac(s, r->rmac)))
		return *why = "rule remote_mac", -EINVAL;
	if (bad)
		return *why = "rule member of the wrong type", -EINVAL;
	if (json_object_object_get_ex(o, "stateful", &stateful)) {
		if (!json_object_is_type(stateful, json_type_boolean))
			return *why = "rule stateful", -EINVAL;
		r->stateful = json_object_get_boolean(stateful);
	}
	if (num(o, "timeout", 1, VSW_ACL_TIMEOUT_MAX, VSW_ACL_TIMEOUT_DEFAULT, &v))
		return *why = "rule timeout", -EINVAL;
	r->timeout_s = v;
	return 0;
}

int state_acl_load(struct model *m, struct vport *p, json_object *port, struct vsw_err *err)
{
	const char *why = NULL;
	struct vsw_acl_rule r;
	json_object *list, *next;
	int64_t v;
	int ret;

	if (!json_object_object_get_ex(port, "acl", &list))
		return 0;
	if (!json_object_is_type(list, json_type_array))
		return vsw_errf(err, -EINVAL, "port '%s': acl is not a list", p->name);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *o = json_object_array_get_idx(list, i);

		if (!json_object_is_type(o, json_type_object) || rule_parse(o, &r, &why))
			return vsw_errf(err, -EINVAL, "port '%s': %s", p->name,
					why ?: "acl rule is not an object");
		ret = model_acl_restore(m, p, &r, err);
		if (ret)
			return ret;
	}
	if (json_object_object_get_ex(port, "acl_next_id", &next)) {
		if (num(port, "acl_next_id", 1, UINT32_MAX, 1, &v))
			return vsw_errf(err, -EINVAL, "port '%s': bad acl_next_id", p->name);
		if (v > p->acl_next_id)
			p->acl_next_id = v;
	}
	return 0;
}
