// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* JSON text into one buffer (json_writer.h). */
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"

static bool room(struct jw *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 4096;
	char *buf;

	if (w->failed)
		return false;
	if (w->len + n <= w->cap)
		return true;
	while (cap < w->len + n)
		cap *= 2;
	buf = realloc(w->buf, cap);
	if (!buf) {
		w->failed = true;
		return false;
	}
	w->buf = buf;
	w->cap = cap;
	return true;
}

static void put(struct jw *w, const char *s, size_t n)
{
	if (room(w, n)) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

static void indent(struct jw *w, unsigned int depth)
{
	if (room(w, 1 + 2 * depth)) {
		w->buf[w->len++] = '\n';
		memset(w->buf + w->len, ' ', 2 * depth);
		w->len += 2 * depth;
	}
}

/* A string in quotes, escaped as json-c escapes it. */
static void quoted(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	put(w, "\"", 1);
	for (;; s++) {
		unsigned char c = *s;
		char esc[6] = "\\u00";
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\' && c != '/')
			continue;
		put(w, run, s - run);
		if (!c)
			break;
		run = s + 1;
		switch (c) {
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '"': case '\\': case '/': esc[1] = c; break;
		default:
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		put(w, esc, n);
	}
	put(w, "\"", 1);
}

/* What comes before a member: the separator, the indent, the key. */
static void member(struct jw *w, const char *key)
{
	if (!w->depth)
		return; /* the top-level value */
	if (!w->first)
		put(w, ",", 1);
	w->first = false;
	indent(w, w->depth);
	if (key) {
		quoted(w, key);
		put(w, ":", 1);
	}
}

void jw_open(struct jw *w, const char *key, char bracket)
{
	member(w, key);
	put(w, &bracket, 1);
	w->depth++;
	w->first = true;
}

void jw_close(struct jw *w, char bracket)
{
	w->depth--;
	indent(w, w->depth);
	put(w, &bracket, 1);
	w->first = false;
}

void jw_str(struct jw *w, const char *key, const char *v)
{
	member(w, key);
	quoted(w, v);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	char digits[24], *p = digits + sizeof(digits);
	/* Through the unsigned value, so INT64_MIN negates too. */
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	member(w, key);
	do {
		*--p = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(w, p, digits + sizeof(digits) - p);
}

void jw_bool(struct jw *w, const char *key, bool v)
{
	member(w, key);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

char *jw_finish(struct jw *w, size_t *len)
{
	put(w, "\n", 2); /* the newline and a terminating NUL */
	if (w->failed) {
		free(w->buf);
		w->buf = NULL;
		return NULL;
	}
	w->len--; /* the NUL is not part of the text */
	if (len)
		*len = w->len;
	return w->buf;
}
