/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The control protocol's command table, on top of the object model. */
#ifndef VSW_COMMANDS_H
#define VSW_COMMANDS_H

#include "ctl_msg.h"
#include "model.h"

struct ctl_conn;

/* Run a validated request; show commands send their dump parts on conn.
 * Returns 0 or -errno with err->msg for the operator. */
int commands_run(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		 struct vsw_err *err);

/* What the request does that only root and the admin group may (see
 * ctl_server.h), as words for the refusal: it gives an interface of the
 * host to the switch or takes it back (a physical NIC), or loads code
 * into the kernel or removes it (an extension). NULL: nothing of that. */
const char *commands_admin_only(const struct model *m, const struct ctl_request *req);

#endif /* VSW_COMMANDS_H */
