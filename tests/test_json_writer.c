// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The state file's JSON writer (user/vswd/json_writer.c): it writes what
 * json-c writes for the same values (JSON_C_TO_STRING_PRETTY), byte for
 * byte, so the file reads back with json-c and looks as it always did.
 */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "json_writer.h"

/* json-c's text for o, with the writer's final newline. */
static char *json_c_text(json_object *o)
{
	char *text;

	cr_assert_geq(asprintf(&text, "%s\n", json_object_to_json_string_ext(o,
			       JSON_C_TO_STRING_PRETTY)), 0);
	return text;
}

Test(json_writer, nested_and_empty_containers_and_every_type_as_json_c_writes_them)
{
	static const int64_t ints[] = { 0, 7, -1, 4094, INT64_MAX, INT64_MIN, 1000000000000 };
	json_object *root = json_object_new_object(), *list = json_object_new_array(), *o;
	struct jw w = { 0 };
	char *want, *have;
	size_t len;

	jw_open(&w, NULL, '{');
	jw_int(&w, "vsw_state_version", 1);
	json_object_object_add(root, "vsw_state_version", json_object_new_int64(1));
	jw_open(&w, "empty", '[');
	jw_close(&w, ']');
	json_object_object_add(root, "empty", json_object_new_array());
	jw_open(&w, "none", '{');
	jw_close(&w, '}');
	json_object_object_add(root, "none", json_object_new_object());
	jw_open(&w, "list", '[');
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		jw_open(&w, NULL, '{');
		o = json_object_new_object();
		jw_int(&w, "n", ints[i]);
		json_object_object_add(o, "n", json_object_new_int64(ints[i]));
		jw_bool(&w, "odd", ints[i] & 1);
		json_object_object_add(o, "odd", json_object_new_boolean(ints[i] & 1));
		jw_open(&w, "macs", '[');
		jw_str(&w, NULL, "02:00:00:00:00:0a");
		jw_close(&w, ']');
		json_object_object_add(o, "macs", json_object_new_array());
		json_object_array_add(json_object_object_get(o, "macs"),
				       json_object_new_string("02:00:00:00:00:0a"));
		jw_close(&w, '}');
		json_object_array_add(list, o);
	}
	jw_str(&w, NULL, "last");
	json_object_array_add(list, json_object_new_string("last"));
	jw_close(&w, ']');
	json_object_object_add(root, "list", list);
	jw_close(&w, '}');
	have = jw_finish(&w, &len);
	want = json_c_text(root);
	cr_assert_not_null(have);
	cr_expect_str_eq(have, want);
	cr_expect_eq(len, strlen(want), "the length is the text's");
	json_object_put(root);
	free(have);
	free(want);
}

Test(json_writer, strings_are_escaped_as_json_c_escapes_them)
{
	/* Quotes, backslashes, slashes (paths of extension objects), every
	 * control character, and UTF-8 left as it is. */
	char every[64 + 16];
	json_object *root;
	struct jw w = { 0 };
	char *want, *have;
	int n = 0;

	for (int c = 1; c < 0x20; c++)
		every[n++] = c;
	memcpy(every + n, "\"\\/ é ~\x7f", 10);
	for (int i = 0; i < 2; i++) {
		const char *s = i ? every : "/usr/lib/vsw/ext/a \"b\"\\.bpf.o";

		root = json_object_new_object();
		json_object_object_add(root, s, json_object_new_string(s));
		w = (struct jw){ 0 };
		jw_open(&w, NULL, '{');
		jw_str(&w, s, s);
		jw_close(&w, '}');
		have = jw_finish(&w, NULL);
		want = json_c_text(root);
		cr_expect_str_eq(have, want, "string %d", i);
		/* and it reads back as it was */
		json_object_put(root);
		root = json_tokener_parse(have);
		cr_assert_not_null(root, "string %d: not JSON", i);
		cr_expect_str_eq(json_object_get_string(json_object_object_get(root, s)), s);
		json_object_put(root);
		free(have);
		free(want);
	}
}

Test(json_writer, a_long_text_grows_its_buffer)
{
	json_object *list = json_object_new_array();
	struct jw w = { 0 };
	char *want, *have, name[32];

	jw_open(&w, NULL, '[');
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "port%d", i);
		jw_str(&w, NULL, name);
		json_object_array_add(list, json_object_new_string(name));
	}
	jw_close(&w, ']');
	have = jw_finish(&w, NULL);
	want = json_c_text(list);
	cr_expect_str_eq(have, want);
	json_object_put(list);
	free(have);
	free(want);
}
