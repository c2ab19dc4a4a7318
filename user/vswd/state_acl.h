/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A port's ACL rules in the state file (user/vswd/state_acl.c), for state.c. */
#ifndef VSW_STATE_ACL_H
#define VSW_STATE_ACL_H

#include <json-c/json.h>
#include "errmsg.h"
#include "json_writer.h"
#include "model.h"

/* Add the port's "acl" and "acl_next_id" members (none without rules). */
void state_acl_save(struct jw *w, const struct vport *p);
/* Restore them into p, which is in the model already. */
int state_acl_load(struct model *m, struct vport *p, json_object *port, struct vsw_err *err);

#endif /* VSW_STATE_ACL_H */
