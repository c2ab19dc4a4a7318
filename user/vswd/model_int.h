/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The model is one module in four files: model.c (switches, ports,
 * NICs), model_acl.c (port ACLs), model_ext.c (extensions) and
 * model_vxlan.c (VXLAN NICs). model.h is
 * its one entry point for everyone else; this header holds what the three
 * files call of each other and nobody outside them does. capture.c is no
 * part of it: it calls the model, never the other way.
 */
#ifndef VSW_MODEL_INT_H
#define VSW_MODEL_INT_H

#include "model.h"

/* Put the port's rules into its datapath (after a connect or a restart). */
int model_acl_sync(struct vport *p, struct vsw_err *err);

/* Forget the extensions of a switch that is going (its pins go with it). */
void model_ext_forget_switch(struct model *m, const struct vswitch *sw);
/* After a restart: keep what the datapath still runs, load the rest. */
void model_ext_reconcile(struct model *m);

/* VXLAN NICs (model_vxlan.c): a connected NIC's tunnel into the
 * switch's VXLAN maps and the underlay, and out again. */
int model_vxlan_attach(struct model *m, struct vnic *n, struct vsw_err *err);
void model_vxlan_detach(struct model *m, struct vnic *n);

#endif /* VSW_MODEL_INT_H */
