/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The model is one module in three files: model.c (switches, ports,
 * NICs), model_acl.c (port ACLs) and model_ext.c (extensions). model.h is
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

#endif /* VSW_MODEL_INT_H */
