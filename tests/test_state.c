// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswd's configuration file: what is saved is loaded back the same, and a
 * damaged file is reported and left as it is, never read as empty.
 */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <poll.h>
#include <json-c/json.h>
#include "state.h"
#include "state_saver.h"
#include "vlan_set.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vsw-state-test-%d", getpid());
	cr_assert_eq(mkdir(dir, 0700), 0);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	system(cmd);
}

TestSuite(state, .init = setup, .fini = teardown);

/* A model built by hand: no kernel objects behind it. */
static void build_model(struct model *m)
{
	struct vswitch *sw = calloc(1, sizeof(*sw));
	struct vport *p1 = calloc(1, sizeof(*p1)), *p2 = calloc(1, sizeof(*p2));
	struct vnic *h = calloc(1, sizeof(*h)), *vm = calloc(1, sizeof(*vm));
	struct vnic *old = calloc(1, sizeof(*old));
	struct vext *e = calloc(1, sizeof(*e)), *e2 = calloc(1, sizeof(*e2));
	const char *bad;

	memset(m, 0, sizeof(*m));
	strcpy(sw->name, "sw0");
	model_switch_append(m, sw);
	strcpy(p1->name, "p1");
	p1->sw = sw;
	vsw_port_cfg_init(&p1->cfg);
	p1->cfg.pvid = 10;
	model_port_append(m, p1);
	strcpy(p2->name, "p2");
	p2->sw = sw;
	vsw_port_cfg_init(&p2->cfg);
	p2->cfg.mode = VSW_PORT_TRUNK;
	vlan_set_parse(p2->cfg.vlans, "10,20-30", &bad);
	p2->cfg.pvid = 20;
	model_port_append(m, p2);
	strcpy(h->name, "h1");
	h->kind = VSW_NIC_HOST;
	strcpy(h->port_ifname, "vsw-h1");
	strcpy(h->netns, "ns1");
	memcpy(h->mac, "\x02\x00\x00\x00\x00\x01", 6);
	h->has_mac = true;
	h->owner = h->group = (__u32)-1;
	h->port = p1;
	p1->nic = h;
	model_nic_append(m, h);
	strcpy(vm->name, "vm1");
	vm->kind = VSW_NIC_VM;
	strcpy(vm->port_ifname, "tap-vm1");
	vm->owner = 1000;
	vm->group = (__u32)-1;
	vm->queues = 4;
	vm->mtu_cfg = 9000;
	vm->adopted = true;
	model_nic_append(m, vm);
	strcpy(old->name, "old1");
	old->kind = VSW_NIC_LEGACY;
	strcpy(old->port_ifname, "vsw-old1");
	memcpy(old->mac, "\x02\x00\x00\x00\x00\x21", 6);
	old->has_mac = true;
	old->owner = 107;
	old->group = 993;
	old->mode = 0640;
	model_nic_append(m, old);
	e->sw = sw;
	strcpy(e->name, "steer");
	e->kind = VSW_EXT_KIND_FORWARD;
	e->stage = VSW_EXT_INGRESS;
	e->priority = 7;
	strcpy(e->object, "/usr/lib/vsw/ext/steer_mac.bpf.o");
	strcpy(e->params, "mac=02:00:00:00:00:0b port=@p2");
	model_ext_append(m, e);
	e2->sw = sw;
	strcpy(e2->name, "tap");
	e2->kind = VSW_EXT_KIND_CAPTURE;
	e2->stage = VSW_EXT_EGRESS;
	e2->priority = VSW_EXT_PRIORITY_DEFAULT;
	strcpy(e2->object, "/usr/lib/vsw/ext/sample.bpf.o");
	strcpy(e2->program, "sample_egress");
	model_ext_append(m, e2);
}

Test(state, save_then_load_gives_the_same_objects)
{
	struct model a, b = { 0 };
	struct vsw_err err = { "" };

	build_model(&a);
	cr_assert_eq(state_save(&a, dir, &err), 0, "%s", err.msg);
	cr_assert_eq(state_load(&b, dir, &err), 0, "%s", err.msg);

	struct vport *p1 = model_port_find(&b, "p1"), *p2 = model_port_find(&b, "p2");
	struct vnic *h = model_nic_find(&b, "h1"), *vm = model_nic_find(&b, "vm1");

	cr_assert_not_null(model_switch_find(&b, "sw0"));
	cr_assert(p1 && p2 && h && vm);
	cr_assert_str_eq(p1->sw->name, "sw0");
	cr_assert_eq(p1->cfg.mode, VSW_PORT_ACCESS);
	cr_assert_eq(p1->cfg.pvid, 10);
	cr_assert_eq(p2->cfg.mode, VSW_PORT_TRUNK);
	cr_assert_eq(p2->cfg.pvid, 20);
	cr_assert_eq(memcmp(p2->cfg.vlans, model_port_find(&a, "p2")->cfg.vlans,
			    sizeof(p2->cfg.vlans)), 0, "trunk VID set");
	cr_assert_eq(h->port, p1);
	cr_assert_eq(p1->nic, h);
	cr_assert_str_eq(h->netns, "ns1");
	cr_assert(h->has_mac);
	cr_assert_eq(memcmp(h->mac, "\x02\x00\x00\x00\x00\x01", 6), 0);
	cr_assert_str_eq(h->port_ifname, "vsw-h1");
	cr_assert_eq(vm->kind, VSW_NIC_VM);
	cr_assert_eq(vm->owner, 1000);
	cr_assert_eq(vm->group, (__u32)-1);
	cr_assert_eq(vm->queues, 4);
	cr_assert_eq(vm->mtu_cfg, 9000, "the guest's MTU kept");
	cr_assert_eq(h->mtu_cfg, 0, "no MTU given: none saved");
	cr_assert(vm->adopted);
	cr_assert_null(vm->port);
	struct vnic *old = model_nic_find(&b, "old1");

	cr_assert(old && old->kind == VSW_NIC_LEGACY);
	cr_assert_eq(old->owner, 107, "who may attach to the socket: owner %u", old->owner);
	cr_assert_eq(old->group, 993);
	cr_assert_eq(old->mode, 0640, "socket mode %o", old->mode);
	cr_assert_eq(a.ports->next, model_port_find(&a, "p2"), "creation order kept");
	cr_assert_eq(b.ports->next, p2, "creation order kept");

	struct vext *e = model_ext_find(&b, model_switch_find(&b, "sw0"), "steer");
	struct vext *e2 = model_ext_find(&b, model_switch_find(&b, "sw0"), "tap");

	cr_assert(e && e2, "both extensions back");
	cr_assert_eq(e->kind, VSW_EXT_KIND_FORWARD);
	cr_assert_eq(e->stage, VSW_EXT_INGRESS);
	cr_assert_eq(e->priority, 7);
	cr_assert_str_eq(e->object, "/usr/lib/vsw/ext/steer_mac.bpf.o");
	cr_assert_str_eq(e->program, "");
	cr_assert_str_eq(e->params, "mac=02:00:00:00:00:0b port=@p2");
	cr_assert_not(e->loaded, "loaded only by model_reconcile");
	cr_assert_eq(e2->kind, VSW_EXT_KIND_CAPTURE);
	cr_assert_eq(e2->stage, VSW_EXT_EGRESS);
	cr_assert_str_eq(e2->program, "sample_egress");
	cr_assert_eq(e2->priority, VSW_EXT_PRIORITY_DEFAULT);
	cr_assert_str_eq(e2->params, "");
	cr_assert_eq(b.exts->next, e2, "order kept");
	model_free(&a, false);
	model_free(&b, false);
}

Test(state, no_file_is_an_empty_configuration)
{
	struct model m = { 0 };
	struct vsw_err err;

	cr_assert_eq(state_load(&m, dir, &err), 0);
	cr_assert_null(m.switches);
}

static void write_state(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, VSW_STATE_FILE);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void assert_rejected(const char *text, const char *why)
{
	struct model m = { 0 };
	struct vsw_err err = { "" };
	char path[128], back[4096] = "";
	FILE *f;

	write_state(text);
	cr_assert_eq(state_load(&m, dir, &err), -EINVAL, "accepted: %s", text);
	cr_assert_not_null(strstr(err.msg, why), "message '%s' lacks '%s'", err.msg, why);
	cr_assert_null(m.switches, "nothing half-loaded");
	cr_assert_null(m.ports);
	cr_assert_null(m.nics);
	snprintf(path, sizeof(path), "%s/%s", dir, VSW_STATE_FILE);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	fread(back, 1, sizeof(back) - 1, f);
	fclose(f);
	cr_assert_str_eq(back, text, "the file is left untouched");
}

Test(state, damaged_files_are_reported_not_replaced)
{
	assert_rejected("{\"vsw_state_version\":1,\"switches\":[{\"name\":\"sw0\"}", "not JSON");
	assert_rejected("", "not JSON");
	assert_rejected("{}", "no vsw_state_version");
	assert_rejected("{\"vsw_state_version\":2}", "unsupported");
	assert_rejected("{\"vsw_state_version\":1,\"switches\":[{\"name\":\"a/b\"}]}",
			"a switch without a valid, unique name");
	assert_rejected("{\"vsw_state_version\":1,\"switches\":[{\"name\":\"s\"},{\"name\":\"s\"}]}",
			"unique name");
	assert_rejected("{\"vsw_state_version\":1,\"ports\":[{\"name\":\"p\",\"switch\":\"x\","
			"\"vlan\":\"access\",\"vid\":1}]}", "port's switch missing");
	assert_rejected("{\"vsw_state_version\":1,\"switches\":[{\"name\":\"s\"}],"
			"\"ports\":[{\"name\":\"p\",\"switch\":\"s\",\"vlan\":\"access\","
			"\"vid\":4095}]}", "valid vid");
	assert_rejected("{\"vsw_state_version\":1,\"nics\":[{\"name\":\"n\",\"type\":\"host\","
			"\"netdev\":\"vsw-n\",\"port\":\"nope\"}]}", "nic's port missing");
#define SW "{\"vsw_state_version\":1,\"switches\":[{\"name\":\"s\"}],\"extensions\":"
	assert_rejected(SW "[{\"name\":\"x\",\"switch\":\"s\",\"kind\":\"forward\","
			"\"stage\":\"egress\",\"object\":\"/x.o\"}]}", "do not go together");
	assert_rejected(SW "[{\"name\":\"x\",\"switch\":\"s\",\"kind\":\"filter\","
			"\"stage\":\"ingress\",\"object\":\"x.o\"}]}", "absolute object path");
	assert_rejected(SW "[{\"name\":\"x\",\"switch\":\"s\",\"kind\":\"filter\","
			"\"stage\":\"ingress\",\"object\":\"/x.o\",\"params\":\"a\"}]}",
			"extension params");
	assert_rejected(SW "[{\"name\":\"x\",\"switch\":\"t\",\"kind\":\"filter\","
			"\"stage\":\"ingress\",\"object\":\"/x.o\"}]}", "its switch");
#undef SW
}

Test(state, port_policies_saved_and_loaded)
{
	struct model a = { 0 }, b = { 0 };
	struct vsw_err err = { "" };
	struct vsw_pol_settings *pa, *pb;
	struct vport *p2;

	build_model(&a);
	p2 = model_port_find(&a, "p2");
	vsw_pol_settings_init(&model_port_find(&a, "p1")->pol);
	pa = &p2->pol;
	vsw_pol_settings_init(pa);
	pa->mac_guard = VSW_GUARD_OFF;
	pa->nallow = 2;
	memcpy(pa->allow[0], "\x02\x00\x00\x00\x00\x0a", 6);
	memcpy(pa->allow[1], "\x02\x00\x00\x00\x00\x0b", 6);
	pa->dhcp_guard = true;
	pa->router_guard = true;
	pa->prio_trust = true;
	pa->rate_bps[VSW_DIR_IN] = 20000000;
	pa->burst[VSW_DIR_IN] = 30000;
	pa->rate_bps[VSW_DIR_OUT] = 1000000000;
	pa->storm_pps[VSW_STORM_BCAST] = 100;
	pa->storm_pps[VSW_STORM_UNKNOWN] = 7;
	pa->pvlan = VSW_PVLAN_PROMISCUOUS;
	vlan_set_add(pa->pvlan_serves, 200);
	vlan_set_add(pa->pvlan_serves, 4000);
	pa->mirror = VSW_MIRROR_IN | VSW_MIRROR_OUT;
	p2->cfg.no_learning = true;
	p2->cfg.learn_limit = 33;
	cr_assert_eq(state_save(&a, dir, &err), 0, "%s", err.msg);
	cr_assert_eq(state_load(&b, dir, &err), 0, "%s", err.msg);
	pb = &model_port_find(&b, "p2")->pol;
	cr_assert_eq(memcmp(pa, pb, sizeof(*pa)), 0, "p2's policies back the same");
	cr_assert(model_port_find(&b, "p2")->cfg.no_learning);
	cr_assert_eq(model_port_find(&b, "p2")->cfg.learn_limit, 33);
	pb = &model_port_find(&b, "p1")->pol;
	cr_assert_eq(pb->mac_guard, VSW_GUARD_DEFAULT);
	cr_assert_eq(pb->pvlan, VSW_PVLAN_NONE);
	cr_assert_eq(pb->mirror, 0);
	cr_assert_not(pb->prio_trust, "802.1p reset by default");
	cr_assert_not(model_port_find(&b, "p1")->cfg.no_learning);
	model_free(&a, false);
	model_free(&b, false);

	/* A file from before policies loads with the defaults. */
	write_state("{\"vsw_state_version\":1,\"switches\":[{\"name\":\"sw0\"}],\"ports\":"
		    "[{\"name\":\"p1\",\"switch\":\"sw0\",\"vlan\":\"access\",\"vid\":1}]}");
	cr_assert_eq(state_load(&b, dir, &err), 0, "%s", err.msg);
	cr_assert_eq(model_port_find(&b, "p1")->pol.mac_guard, VSW_GUARD_DEFAULT);
	cr_assert_eq(model_port_find(&b, "p1")->pol.rate_bps[VSW_DIR_IN], 0);
	model_free(&b, false);
}

Test(state, bad_policies_are_rejected)
{
	static const char head[] = "{\"vsw_state_version\":1,\"switches\":[{\"name\":\"sw0\"}],"
				   "\"ports\":[{\"name\":\"p1\",\"switch\":\"sw0\",\"vlan\":"
				   "\"access\",\"vid\":1,\"policy\":";
	static const struct { const char *policy, *why; } cases[] = {
		{ "{\"mac_guard\":\"maybe\"}", "mac_guard is not default, on or off" },
		{ "{\"mac_allow\":[\"01:00:00:00:00:01\"]}", "mac_allow has a bad MAC" },
		{ "{\"priority_tag\":\"keep\"}", "priority_tag is neither" },
		{ "{\"rate_in_bps\":5}", "rate is out of range" },
		{ "{\"burst_out\":10}", "burst is out of range" },
		{ "{\"storm_broadcast_pps\":-1}", "storm limit is out of range" },
		{ "{\"dhcp_guard\":1}", "guard settings are not booleans" },
		{ "{\"pvlan\":\"secret\"}", "pvlan is not none" },
		{ "{\"pvlan\":\"isolated\",\"pvlan_secondary\":0}", "pvlan_secondary is not a VID" },
		{ "{\"pvlan\":\"promiscuous\"}", "pvlan_secondaries is not a VID list" },
		{ "{\"mirror\":\"source sideways\"}", "mirror is not off, source in" },
	};
	char text[2048];
	int n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s%s}]}", head, cases[i].policy);
		assert_rejected(text, cases[i].why);
	}

	/* One port more than a switch may have mirroring what they receive. */
	n = snprintf(text, sizeof(text), "{\"vsw_state_version\":1,\"switches\":[{\"name\":"
		     "\"sw0\"}],\"ports\":[");
	for (int i = 0; i <= VSW_MIRROR_IN_MAX; i++)
		n += snprintf(text + n, sizeof(text) - n, "%s{\"name\":\"p%d\",\"switch\":\"sw0\","
			      "\"vlan\":\"access\",\"vid\":1,\"policy\":{\"mirror\":"
			      "\"source in\"}}", i ? "," : "", i);
	snprintf(text + n, sizeof(text) - n, "]}");
	assert_rejected(text, "too many ports of the switch mirror what they receive");
}

/* A model with something in every field the file has. */
static void build_full_model(struct model *m)
{
	struct vsw_acl_rule *r = calloc(2, sizeof(*r));
	struct vsw_pol_settings *pol;
	struct vport *p1, *p2;

	build_model(m);
	p1 = model_port_find(m, "p1");
	p2 = model_port_find(m, "p2");
	vsw_pol_settings_init(&p1->pol);
	p1->pol.pvlan = VSW_PVLAN_ISOLATED;
	p1->pol.pvlan_secondary = 101;
	pol = &p2->pol;
	vsw_pol_settings_init(pol);
	pol->mac_guard = VSW_GUARD_ON;
	pol->nallow = 2;
	memcpy(pol->allow[0], "\x02\x00\x00\x00\x00\x0a", 6);
	memcpy(pol->allow[1], "\x02\x00\x00\x00\x00\x0b", 6);
	pol->dhcp_guard = true;
	pol->rate_bps[VSW_DIR_IN] = 20000000;
	pol->burst[VSW_DIR_IN] = 30000;
	pol->storm_pps[VSW_STORM_MCAST] = 100;
	pol->pvlan = VSW_PVLAN_PROMISCUOUS;
	vlan_set_add(pol->pvlan_serves, 200);
	vlan_set_add(pol->pvlan_serves, 4000);
	pol->mirror = VSW_MIRROR_IN;
	p2->cfg.no_learning = true;
	p2->cfg.learn_limit = 33;
	vsw_acl_rule_init(&r[0]);
	r[0].id = 3;
	r[0].dirs = VSW_ACL_DIR_OUT;
	r[0].action = VSW_ACL_ALLOW;
	r[0].proto = 6;
	cr_assert_eq(vsw_acl_cidr_parse("10.1.0.0/16", &r[0].remote), 0);
	r[0].has_rport = true;
	r[0].rport = (struct vsw_acl_range){ 1000, 2000 };
	r[0].stateful = true;
	r[0].timeout_s = 30;
	vsw_acl_rule_init(&r[1]);
	r[1].id = 5;
	r[1].dirs = VSW_ACL_DIR_BOTH;
	r[1].action = VSW_ACL_DENY;
	cr_assert_eq(vsw_acl_cidr_parse("fd00::/8", &r[1].local), 0);
	r[1].has_lport = true;
	r[1].lport = (struct vsw_acl_range){ 22, 22 };
	r[1].has_lmac = r[1].has_rmac = true;
	memcpy(r[1].lmac, "\x02\x00\x00\x00\x00\x08", 6);
	memcpy(r[1].rmac, "\x02\x00\x00\x00\x00\x09", 6);
	p1->acl = r;
	p1->nacl = 2;
	p1->acl_next_id = 9;
}

/* The file is written without a json-c tree (json_writer.c), for speed;
 * it is the very text json-c writes for it, and reads back the same. */
Test(state, the_file_is_the_text_json_c_writes)
{
	struct model a, b = { 0 };
	struct vsw_err err = { "" };
	char *text, *again, *want;
	json_object *o;
	size_t len;

	build_full_model(&a);
	text = state_render(&a, &len);
	cr_assert_not_null(text);
	cr_expect_eq(len, strlen(text));
	o = json_tokener_parse(text);
	cr_assert_not_null(o, "not JSON:\n%s", text);
	cr_assert_geq(asprintf(&want, "%s\n", json_object_to_json_string_ext(o,
			       JSON_C_TO_STRING_PRETTY)), 0);
	cr_expect_str_eq(text, want);
	cr_assert_not_null(strstr(text, "\"pvlan_secondaries\":\"200,4000\""), "%s", text);
	cr_assert_not_null(strstr(text, "\"local_mac\":\"02:00:00:00:00:08\""), "%s", text);
	/* Loaded and written again: the same text. */
	cr_assert_eq(state_save(&a, dir, &err), 0, "%s", err.msg);
	cr_assert_eq(state_load(&b, dir, &err), 0, "%s", err.msg);
	again = state_render(&b, NULL);
	cr_expect_str_eq(again, text);
	if (getenv("VSW_STATE_TEXT_OUT")) {
		FILE *f = fopen(getenv("VSW_STATE_TEXT_OUT"), "w");

		cr_assert_not_null(f);
		fputs(text, f);
		fclose(f);
	}
	json_object_put(o);
	free(text);
	free(again);
	free(want);
	model_free(&a, false);
	model_free(&b, false);
}

/* ACL rules of a port: every field saved and loaded back, ids kept. */
Test(state, acl_rules_come_back)
{
	struct model a, b = { 0 };
	struct vsw_err err = { "" };
	struct vsw_acl_rule *r = calloc(2, sizeof(*r));
	struct vport *p1, *q;

	build_model(&a);
	p1 = model_port_find(&a, "p1");
	vsw_acl_rule_init(&r[0]);
	r[0].id = 3;
	r[0].dirs = VSW_ACL_DIR_OUT;
	r[0].action = VSW_ACL_ALLOW;
	r[0].priority = 7;
	r[0].proto = 6;
	cr_assert_eq(vsw_acl_cidr_parse("10.1.0.0/16", &r[0].remote), 0);
	r[0].has_rport = true;
	r[0].rport = (struct vsw_acl_range){ 1000, 2000 };
	r[0].stateful = true;
	r[0].timeout_s = 30;
	vsw_acl_rule_init(&r[1]);
	r[1].id = 5;
	r[1].dirs = VSW_ACL_DIR_BOTH;
	r[1].action = VSW_ACL_METER;
	cr_assert_eq(vsw_acl_cidr_parse("fd00::/8", &r[1].local), 0);
	r[1].has_lport = true;
	r[1].lport = (struct vsw_acl_range){ 22, 22 };
	r[1].has_rmac = true;
	memcpy(r[1].rmac, "\x02\x00\x00\x00\x00\x09", 6);
	p1->acl = r;
	p1->nacl = 2;
	p1->acl_next_id = 9;
	cr_assert_eq(state_save(&a, dir, &err), 0, "%s", err.msg);
	cr_assert_eq(state_load(&b, dir, &err), 0, "%s", err.msg);
	q = model_port_find(&b, "p1");
	cr_assert_eq(q->nacl, 2);
	cr_assert_eq(q->acl_next_id, 9, "ids are never reused");
	for (int i = 0; i < 2; i++) {
		const struct vsw_acl_rule *x = &r[i], *y = &q->acl[i];

		cr_assert_eq(y->id, x->id);
		cr_assert_eq(y->dirs, x->dirs);
		cr_assert_eq(y->action, x->action);
		cr_assert_eq(y->priority, x->priority);
		cr_assert_eq(y->proto, x->proto);
		cr_assert_eq(memcmp(&y->local, &x->local, sizeof(x->local)), 0, "rule %d local", i);
		cr_assert_eq(memcmp(&y->remote, &x->remote, sizeof(x->remote)), 0, "rule %d remote",
			     i);
		cr_assert_eq(y->has_lport, x->has_lport);
		cr_assert_eq(y->has_rport, x->has_rport);
		cr_assert_eq(memcmp(&y->lport, &x->lport, sizeof(x->lport)), 0);
		cr_assert_eq(memcmp(&y->rport, &x->rport, sizeof(x->rport)), 0);
		cr_assert_eq(y->has_rmac, x->has_rmac);
		cr_assert_eq(memcmp(y->rmac, x->rmac, 6), 0);
		cr_assert_eq(y->has_lmac, false);
		cr_assert_eq(y->stateful, x->stateful);
		if (x->stateful)
			cr_assert_eq(y->timeout_s, x->timeout_s);
	}
	cr_assert_neq(q->acl[0].pool, q->acl[1].pool, "each rule its own hit counter");
	cr_assert_eq(model_port_find(&b, "p2")->nacl, 0);
	model_free(&a, false);
	model_free(&b, false);
}

Test(state, bad_acl_rules_are_refused)
{
#define P "{\"vsw_state_version\":1,\"switches\":[{\"name\":\"s\"}],\"ports\":[{\"name\":\"p\"," \
	  "\"switch\":\"s\",\"vlan\":\"access\",\"vid\":1,\"acl\":"
	assert_rejected(P "[{\"id\":1,\"dir\":\"sideways\",\"action\":\"deny\"}]}]}", "valid dir");
	assert_rejected(P "[{\"id\":1,\"dir\":\"in\",\"action\":\"deny\",\"stateful\":true}]}]}",
			"only an allow rule can be stateful");
	assert_rejected(P "[{\"id\":1,\"dir\":\"in\",\"action\":\"deny\"},"
			"{\"id\":1,\"dir\":\"out\",\"action\":\"deny\"}]}]}", "twice");
	assert_rejected(P "[{\"id\":1,\"dir\":\"in\",\"action\":\"deny\",\"remote\":\"10.0.0.0/40\"}]}]}",
			"remote prefix");
	assert_rejected(P "[{\"id\":1,\"dir\":\"in\",\"action\":\"deny\",\"proto\":\"icmp\","
			"\"rport\":\"80\"}]}]}", "ports need protocol tcp or udp");
	assert_rejected(P "{\"id\":1}}]}", "acl is not a list");
#undef P
}

/* The saver writes in its thread; changes submitted while it writes go
 * out together in the next save, which covers their generations. */
Test(state, the_saver_writes_each_change_and_groups_those_that_wait)
{
	struct vsw_err err = { "" };
	struct state_saver *sv;
	struct model a;
	struct pollfd p;
	__u64 g1, g3, done = 0;
	char *want, *have, path[128];
	FILE *f;
	long len;

	build_model(&a);
	cr_assert_eq(state_saver_open(dir, &sv), 0);
	p = (struct pollfd){ .fd = state_saver_fd(sv), .events = POLLIN };
	g1 = state_saver_submit(sv, &a);
	/* Two more while the first may still be written: one save for both. */
	state_saver_submit(sv, &a);
	strcpy(a.ports->name, "p9");
	g3 = state_saver_submit(sv, &a);
	while (done < g3) {
		cr_assert_eq(poll(&p, 1, 5000), 1, "no save finished");
		cr_assert_eq(state_saver_collect(sv, &a, &done, &err), 0, "%s", err.msg);
		cr_assert_geq(done, g1);
	}
	cr_expect_eq(done, g3);
	/* The file holds the last state. */
	want = state_render(&a, NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, VSW_STATE_FILE);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	have = calloc(1, len + 1);
	cr_assert_eq(fread(have, 1, len, f), (size_t)len);
	fclose(f);
	cr_expect_str_eq(have, want);
	free(have);
	free(want);
	/* Closing writes what is pending. */
	strcpy(a.ports->name, "p8");
	state_saver_submit(sv, &a);
	cr_assert_eq(state_saver_close(sv, &a, &err), 0, "%s", err.msg);
	struct model b = { 0 };

	cr_assert_eq(state_load(&b, dir, &err), 0, "%s", err.msg);
	cr_expect_not_null(model_port_find(&b, "p8"), "the last change was not written at close");
}
