/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * JSON text written straight into one growing buffer, for the state
 * file: saved on every change, of a model with thousands of ports, in
 * the daemon's loop. Building a json-c tree first took a malloc per
 * member and a few milliseconds per save at a thousand ports; this
 * writes the same text (json-c's JSON_C_TO_STRING_PRETTY: two spaces of
 * indent, "key":value, '/' escaped) at a small part of the cost.
 *
 *   struct jw w = { 0 };
 *   jw_open(&w, NULL, '{');
 *   jw_str(&w, "name", "sw0");
 *   jw_open(&w, "ports", '[');  ...  jw_close(&w, ']');
 *   jw_close(&w, '}');
 *   text = jw_finish(&w, &len);  (NULL when out of memory; caller frees)
 *
 * A member of an array has no key (NULL).
 */
#ifndef VSW_JSON_WRITER_H
#define VSW_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jw {
	char *buf;
	size_t len, cap;
	unsigned int depth;  /* containers open */
	bool first;          /* the innermost container has no member yet */
	bool failed;         /* out of memory: everything after is dropped */
};

void jw_open(struct jw *w, const char *key, char bracket);
void jw_close(struct jw *w, char bracket);
void jw_str(struct jw *w, const char *key, const char *v);
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_bool(struct jw *w, const char *key, bool v);
/* The text with a final newline, or NULL (and freed) when out of memory. */
char *jw_finish(struct jw *w, size_t *len);

#endif /* VSW_JSON_WRITER_H */
