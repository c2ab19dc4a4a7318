/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Names: the one rule for names of switches, ports and NICs, and the one
 * table of each protocol word vswctl and vswd print or parse (drop
 * reasons, extension kinds and stages, NIC kinds, private-VLAN roles,
 * the checks a trace names). A _name() function returns "unknown" for a
 * value out of range; a _parse() function the value, or -EINVAL.
 */
#ifndef VSW_NAMES_H
#define VSW_NAMES_H

#include <stdbool.h>
#include "vsw_structs.h"

/* Names are used as interface and pin-directory names: 1..15 characters
 * of [A-Za-z0-9_.-], not starting with '.' (no "." or ".."). */
#define VSW_NAME_CHARS_HELP "1-15 characters of A-Z a-z 0-9 _ . -, not starting with '.'"

bool vsw_name_valid(const char *name);

/* enum vsw_drop_reason (include/vsw_structs.h): "vlan_filter", ... */
const char *vsw_drop_reason_name(unsigned int reason);
int vsw_drop_reason_parse(const char *name);

/* enum vsw_ext_kind and the slot stages (include/vsw_ext.h): "capture",
 * "filter", "forward"; "ingress", "egress". */
const char *vsw_ext_kind_name(unsigned int kind);
const char *vsw_ext_stage_name(unsigned int stage);
int vsw_ext_kind_parse(const char *s);
int vsw_ext_stage_parse(const char *s);

/* enum vsw_nic_kind (include/vsw_ctl.h): "host", "vm", "physical",
 * "legacy". */
const char *vsw_nic_kind_name(unsigned int kind);
int vsw_nic_kind_parse(const char *s);

/* enum vsw_pvlan_role (include/vsw_policy.h): "none", "promiscuous",
 * "isolated", "community". */
const char *vsw_pvlan_role_name(unsigned int role);
int vsw_pvlan_role_parse(const char *s);

/* The checks (policies) of the ingress pipeline a traced frame went
 * through (dec: what the trace returned), in order, by name: "port",
 * "link", "parse", "vlan", "learn_limit", then for a unicast "hairpin",
 * "dest_port", "dest_link", "dest_vlan". Returns how many; when the frame
 * was dropped the last one is the check that dropped it. names holds
 * VSW_TRACE_CHECKS_MAX. (A trace stops once the destination is decided:
 * fitting the tag, which fails only on a driver without headroom, is not
 * traced.) */
#define VSW_TRACE_CHECKS_MAX 9
int vsw_trace_checks(const struct vsw_decision *dec, const char **names);

#endif /* VSW_NAMES_H */
