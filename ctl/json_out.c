// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* One writer for vswctl's output, text or JSON (json_out.h). */
#include <stdio.h>
#include <json-c/json.h>

#include "json_out.h"

#define OUT_DEPTH 4

static struct {
	FILE *f;
	bool json;
	bool first;             /* text: no field on this line yet */
	struct json_object *list;
	struct json_object *obj[OUT_DEPTH]; /* the object, then nested groups */
	int depth;              /* entries of obj[] in use */
} out = { .json = false, .first = true };

static FILE *out_file(void)
{
	return out.f ? out.f : stdout;
}

static void out_reset(void)
{
	json_object_put(out.list);
	out.list = NULL;
	/* An object not ended yet is ours until out_end_object() gives it
	 * to the list. */
	if (out.depth > 0)
		json_object_put(out.obj[0]);
	out.depth = 0;
	out.first = true;
}

void out_init(FILE *f, bool json)
{
	out_reset();
	out.f = f;
	out.json = json;
}

bool out_is_json(void)
{
	return out.json;
}

void out_begin_list(void)
{
	if (!out.json)
		return;
	json_object_put(out.list);
	out.list = json_object_new_array();
}

static void print_json(struct json_object *o)
{
	fprintf(out_file(), "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						  JSON_C_TO_STRING_NOSLASHESCAPE));
}

void out_end_list(void)
{
	if (!out.json || !out.list)
		return;
	print_json(out.list);
	json_object_put(out.list);
	out.list = NULL;
	fflush(out_file());
}

void out_discard_list(void)
{
	if (!out.json)
		return;
	json_object_put(out.list);
	out.list = NULL;
}

void out_begin_object(void)
{
	if (!out.json) {
		out.first = true;
		return;
	}
	if (out.depth > 0)
		json_object_put(out.obj[0]);
	out.obj[0] = json_object_new_object();
	out.depth = 1;
}

void out_end_object(void)
{
	if (!out.json) {
		fputc('\n', out_file());
		out.first = true;
		return;
	}
	if (out.depth < 1)
		return;
	if (out.list) {
		json_object_array_add(out.list, out.obj[0]);
	} else {
		print_json(out.obj[0]);
		json_object_put(out.obj[0]);
	}
	out.depth = 0;
}

/* Text: the separator before a field. */
static FILE *text_field(void)
{
	FILE *f = out_file();

	if (!out.first)
		fputc(' ', f);
	out.first = false;
	return f;
}

/* JSON: add under key to the innermost open object (takes val). */
static void json_field(const char *key, struct json_object *val)
{
	if (out.depth < 1) {
		json_object_put(val);
		return;
	}
	json_object_object_add(out.obj[out.depth - 1], key, val);
}

void out_begin_group(const char *key, const char *text)
{
	struct json_object *g;

	if (!out.json) {
		fputs(text, text_field());
		return;
	}
	if (out.depth < 1 || out.depth >= OUT_DEPTH)
		return;
	g = json_object_new_object();
	json_object_object_add(out.obj[out.depth - 1], key, g);
	out.obj[out.depth++] = g; /* borrowed: the parent owns it */
}

void out_end_group(void)
{
	if (out.json && out.depth > 1)
		out.depth--;
}

void out_str(const char *key, const char *text_fmt, const char *value)
{
	if (!value)
		return;
	if (out.json)
		json_field(key, json_object_new_string(value));
	else
		fprintf(text_field(), text_fmt, value);
}

void out_uint(const char *key, const char *text_fmt, unsigned int value)
{
	if (out.json)
		json_field(key, json_object_new_int64(value));
	else
		fprintf(text_field(), text_fmt, value);
}

void out_u64(const char *key, const char *text_fmt, unsigned long long value)
{
	if (out.json)
		json_field(key, json_object_new_uint64(value));
	else
		fprintf(text_field(), text_fmt, value);
}

void out_bool(const char *key, const char *text, bool value)
{
	if (out.json)
		json_field(key, json_object_new_boolean(value));
	else if (value)
		fputs(text, text_field());
}

void out_msec(const char *key, const char *text_fmt, unsigned long long ms)
{
	if (out.json)
		json_field(key, json_object_new_uint64(ms));
	else
		fprintf(text_field(), text_fmt, ms / 1000.0);
}
