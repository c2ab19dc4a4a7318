/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the files of vswctl share (the role of iproute2's
 * bridge/br_common.h):
 *
 *   vswctl.c     main, the object table, the usage text, verb dispatch
 *   args.c       the command line's words and values, and the errors
 *                about them (exit status 2)
 *   request.c    talking to vswd (requests, calls, its errors) and the
 *                show machinery that prints each object of a dump
 *   cmd_*.c      one object each: its usage, verbs, keywords and printer
 *   json_out.c   text or JSON, one call per field
 *
 * Functions return 0 or a negative errno and print their own error; main
 * turns that into the exit status.
 */
#ifndef VSWCTL_H
#define VSWCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>
#include <libmnl/libmnl.h>

#include "client.h"
#include "json_out.h"
#include "names.h"
#include "vsw_ctl.h"

/* ---- args.c: command line words and the errors about them ---- */

struct args {
	int argc;
	char **argv;
	const char *obj;  /* what errors name: "port" */
	const char *verb;
	const char *name; /* the object's name, once read */
};

/* The failure was the command line's: main exits 2. */
extern bool usage_failed;

const char *args_next(struct args *a);
/* "vswctl: port 'p1': ", or "vswctl: port add: " before the name is known. */
void err_prefix(const struct args *a);
/* A usage error, in one line, naming the object; returns -EINVAL. */
__attribute__((format(printf, 2, 3)))
int bad_usage(const struct args *a, const char *fmt, ...);
int no_more_args(const struct args *a);
/* The NAME after the verb; the errors that follow name it. */
int arg_name(struct args *a, const char *what, bool optional);
/* "on" or "off" (or the two words given) after a setting's keyword. */
int arg_choice(struct args *a, const char *what, const char *yes, const char *no, bool *out);
/* A setting given at most once. */
int once(struct args *a, bool *seen, const char *what);

/* vswd's own rule (names.h), so what passes here passes there. */
#define name_valid vsw_name_valid
#define NAME_RULE VSW_NAME_CHARS_HELP

/* Keywords: KEYWORD VALUE pairs in any order, each at most once. */
struct kw;
typedef int (*kw_parse_fn)(struct args *a, const struct kw *k, const char *value);

struct kw {
	const char *word;
	kw_parse_fn parse; /* NULL: a flag, out is a bool */
	void *out;
	bool seen;
	bool repeats;      /* may be given more than once */
};

#define KW(w, fn, o) { .word = (w), .parse = (fn), .out = (o) }
#define KW_MANY(w, fn, o) { .word = (w), .parse = (fn), .out = (o), .repeats = true }
#define KW_END { .word = NULL }

bool kw_seen(struct kw *kws, const char *word);
/* The rest of the command line. */
int parse_kws(struct args *a, struct kw *kws);
/* Values every object takes: names, interface names, VIDs, unicast MACs,
 * numbers. */
int kw_name(struct args *a, const struct kw *k, const char *v);
int kw_ifname(struct args *a, const struct kw *k, const char *v);
int kw_vid(struct args *a, const struct kw *k, const char *v);
int kw_mac(struct args *a, const struct kw *k, const char *v);
int kw_u32(struct args *a, const struct kw *k, const char *v);

/* ---- request.c: talking to vswd ---- */

/* -s SOCKET (NULL: the default). */
extern const char *socket_path;

/* Connect on first use, and start a request in the client's buffer. */
int start_req(struct args *a, __u16 cmd, bool dump, struct nlmsghdr **nlh);
/* Send it and read the answer; errors are printed. */
int call(const struct args *a, vsw_reply_fn fn, void *ctx);
/* The next message of a reply that goes on after its ack (a capture's
 * frames): 1 when fn had one, 0 when none came within timeout_ms (or a
 * signal came), or a -errno, printed. */
int call_next(const struct args *a, int timeout_ms, vsw_reply_fn fn, void *ctx);
/* A request whose only answer is the ack. */
int simple_req(struct args *a, __u16 cmd, int name_attr, bool force);
/* Print the error of a call: the daemon's sentence when it sent one. */
int report(const struct args *a, int err);
/* What was wrong with a reply, found here; report() prints it. Returns
 * -EBADMSG. */
__attribute__((format(printf, 1, 2)))
int bad_reply(const char *fmt, ...);
/* Close the connection (if any). */
void vswd_close(void);

/* show: one dump, one line per object. */
struct show;
typedef void (*print_fn)(const struct nlattr **tb, const struct show *s);

struct show {
	const char *obj;  /* object kind, for errors and stats lines */
	print_fn print;
	int name_attr;    /* the object's name; the dump's filter */
	int need[3];      /* attributes without which a reply makes no sense */
	unsigned int count;
};

/* Send the dump request built in the client's buffer and print each
 * object; with must_find, an empty answer means a->name does not exist. */
int show_run(struct args *a, struct show *s, bool must_find);
/* Dump cmd, filtered by name (s->name_attr) when the command line gave one. */
int show_dump(struct args *a, __u16 cmd, struct show *s);

/* Reply attributes, absent ones as NULL or 0. */
const char *attr_str(const struct nlattr *a);
__u32 attr_u32(const struct nlattr *a);
__u8 attr_u8(const struct nlattr *a);
const char *mac_str(const __u8 *mac, char buf[18]);
/* names[i], or "unknown" past the n names. */
const char *table_name(const char *const *names, unsigned int n, unsigned int i);

/* ---- vswctl.c: objects and their verbs ---- */

struct verb {
	const char *name;
	int (*fn)(struct args *a);
};

/* The verb in a->argv[0] (none: the first verb, "show"). */
int dispatch(struct args *a, const struct verb *verbs, void (*usage)(FILE *));

/* ---- cmd_*.c: one object each ---- */

#define VSWCTL_OBJECT(o)                    \
	int do_##o(struct args *a);         \
	void usage_##o(FILE *f)

VSWCTL_OBJECT(switch);
VSWCTL_OBJECT(port);
VSWCTL_OBJECT(nic);
VSWCTL_OBJECT(fdb);
VSWCTL_OBJECT(stats);
VSWCTL_OBJECT(trace);
VSWCTL_OBJECT(capture);
VSWCTL_OBJECT(ext);
VSWCTL_OBJECT(acl);
VSWCTL_OBJECT(version);

#endif /* VSWCTL_H */
