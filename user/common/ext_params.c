// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext_params.h"
#include "names.h"

static bool param_name_ok(const char *s, size_t len)
{
	if (!len || len > 63 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
				  s[0] == '_'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* One VALUE: a MAC (6 bytes) or an unsigned number (8). */
static int param_value(const char *v, __u8 bytes[8], size_t *len)
{
	unsigned int m[6];
	unsigned long long n;
	char *end, tail;

	if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5],
		   &tail) == 6 && strlen(v) == 17) {
		for (int i = 0; i < 6; i++)
			bytes[i] = m[i];
		*len = 6;
		return 0;
	}
	if (!*v || *v == '-')
		return -EINVAL;
	errno = 0;
	n = strtoull(v, &end, 0);
	if (errno || *end)
		return -EINVAL;
	memcpy(bytes, &n, 8);
	*len = 8;
	return 0;
}

int vsw_ext_param_next(const char **p, struct vsw_ext_param *out, struct vsw_err *err)
{
	const char *s = *p, *eq;
	size_t len;

	while (s && *s == ' ')
		s++;
	if (!s || !*s)
		return 0;
	len = strcspn(s, " ");
	if (len >= sizeof(out->word))
		return vsw_errf(err, -EINVAL, "parameter '%.40s...' is too long", s);
	memcpy(out->word, s, len);
	out->word[len] = '\0';
	*p = s + len;
	eq = strchr(out->word, '=');
	if (!eq || !param_name_ok(out->word, eq - out->word))
		return vsw_errf(err, -EINVAL, "parameter '%s' is not VAR=VALUE", out->word);
	memcpy(out->var, out->word, eq - out->word);
	out->var[eq - out->word] = '\0';
	out->port = NULL;
	out->len = 0;
	if (eq[1] == '@') {
		if (!vsw_name_valid(eq + 2))
			return vsw_errf(err, -EINVAL, "parameter '%s': '%s' is not a port name",
					out->var, eq + 2);
		out->port = eq + 2;
		return 1;
	}
	if (param_value(eq + 1, out->bytes, &out->len))
		return vsw_errf(err, -EINVAL, "parameter '%s': '%s' is neither a number nor a MAC",
				out->var, eq + 1);
	return 1;
}

int vsw_ext_params_check(const char *params, struct vsw_err *err)
{
	struct vsw_ext_param pa;
	int ret;

	while ((ret = vsw_ext_param_next(&params, &pa, err)) > 0)
		;
	return ret;
}
