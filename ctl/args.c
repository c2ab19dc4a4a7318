// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswctl's command line words: reading them, the keyword parser that
 * refuses unknown and repeated words, the values every object takes, and
 * the one-line usage errors about them (exit status 2). Every verb checks
 * its whole command line with these before it connects, so a usage error
 * sends nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cli_parse.h"
#include "vswctl.h"

bool usage_failed;

const char *args_next(struct args *a)
{
	if (!a->argc)
		return NULL;
	a->argc--;
	return *a->argv++;
}

/* "vswctl: port 'p1': ", or "vswctl: port add: " before the name is known. */
void err_prefix(const struct args *a)
{
	if (a->name)
		fprintf(stderr, "vswctl: %s '%s': ", a->obj, a->name);
	else if (a->verb)
		fprintf(stderr, "vswctl: %s %s: ", a->obj, a->verb);
	else
		fprintf(stderr, "vswctl: %s: ", a->obj);
}

/* A usage error, in one line, naming the object. */
__attribute__((format(printf, 2, 3)))
int bad_usage(const struct args *a, const char *fmt, ...)
{
	va_list ap;

	err_prefix(a);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage_failed = true;
	return -EINVAL;
}

int no_more_args(const struct args *a)
{
	if (a->argc)
		return bad_usage(a, "unexpected '%s'", a->argv[0]);
	return 0;
}

static struct kw *kw_find(struct kw *kws, const char *word)
{
	for (; kws->word; kws++)
		if (!strcmp(kws->word, word))
			return kws;
	return NULL;
}

bool kw_seen(struct kw *kws, const char *word)
{
	struct kw *k = kw_find(kws, word);

	return k && k->seen;
}

/* The rest of the command line. */
int parse_kws(struct args *a, struct kw *kws)
{
	const char *word, *value;
	struct kw *k;
	int err;

	while ((word = args_next(a))) {
		k = kw_find(kws, word);
		if (!k)
			return bad_usage(a, "unknown keyword '%s'", word);
		if (k->seen && !k->repeats)
			return bad_usage(a, "'%s' given twice", word);
		k->seen = true;
		if (!k->parse) {
			*(bool *)k->out = true;
			continue;
		}
		value = args_next(a);
		if (!value)
			return bad_usage(a, "'%s' needs a value", word);
		err = k->parse(a, k, value);
		if (err)
			return err;
	}
	return 0;
}

int kw_name(struct args *a, const struct kw *k, const char *v)
{
	if (!name_valid(v))
		return bad_usage(a, "%s name '%s' is invalid: " NAME_RULE, k->word, v);
	*(const char **)k->out = v;
	return 0;
}

/* Interface names: vswd takes the same characters as for its objects. */
int kw_ifname(struct args *a, const struct kw *k, const char *v)
{
	if (!name_valid(v))
		return bad_usage(a, "interface name '%s' is invalid: " NAME_RULE, v);
	*(const char **)k->out = v;
	return 0;
}

int kw_vid(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_vid(v, k->out))
		return bad_usage(a, "%s '%s' is not a VLAN ID (1 to 4094)", k->word, v);
	return 0;
}

int kw_mac(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_unicast_mac(v, k->out))
		return bad_usage(a, "mac '%s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)",
				 v);
	return 0;
}

/* The NAME after the verb; the errors that follow name it. */
int arg_name(struct args *a, const char *what, bool optional)
{
	const char *n = args_next(a);

	if (!n)
		return optional ? 0 : bad_usage(a, "missing %s", what);
	a->name = n;
	if (!name_valid(n))
		return bad_usage(a, "name is invalid: " NAME_RULE);
	return 0;
}

/* "on" or "off" (or the two words given) after a setting's keyword. */
int arg_choice(struct args *a, const char *what, const char *yes, const char *no,
		      bool *out)
{
	const char *v = args_next(a);

	if (v && !strcmp(v, yes))
		*out = 1;
	else if (v && !strcmp(v, no))
		*out = 0;
	else
		return bad_usage(a, "'%s' wants %s or %s%s%s", what, yes, no, v ? ", not " : "",
				 v ?: "");
	return 0;
}

int once(struct args *a, bool *seen, const char *what)
{
	if (*seen)
		return bad_usage(a, "'%s' given twice", what);
	*seen = true;
	return 0;
}

int kw_u32(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_u32(v, k->out))
		return bad_usage(a, "%s '%s' is not a number from 0 to 4294967295", k->word, v);
	return 0;
}
