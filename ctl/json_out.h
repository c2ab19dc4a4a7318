/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Output of vswctl: one call per field writes it either as text or as
 * JSON, whichever out_init() chose (STYLE rule 15, after iproute2's
 * json_print.h). Each helper takes the JSON key, the text format and the
 * value:
 *
 *	out_begin_list();
 *	for each port:
 *		out_begin_object();
 *		out_str("port", "port %s", name);
 *		out_uint("pvid", "vlan access %u", pvid);
 *		out_end_object();
 *	out_end_list();
 *
 * Text: the fields of an object on one line, separated by one space, in
 * the order of the calls. JSON: an array with one object per
 * out_begin_object() .. out_end_object(), printed by out_end_list().
 * Formats carry exactly one conversion, of the helper's value type.
 */
#ifndef VSW_JSON_OUT_H
#define VSW_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

/* Choose the writer and where it writes (NULL: stdout). Frees anything
 * left from a previous list. */
void out_init(FILE *f, bool json);
bool out_is_json(void);

/* A list of objects. out_end_list() prints the JSON array ("[]" when it
 * is empty); out_discard_list() drops it, for a command that failed. In
 * text mode both do nothing, the lines are out already. */
void out_begin_list(void);
void out_end_list(void);
void out_discard_list(void);

/* One object: one line of text, one element of the array. */
void out_begin_object(void);
void out_end_object(void);

/* A nested group: text prints text (e.g. "drops") then the group's
 * fields; JSON puts the fields in an object under key. */
void out_begin_group(const char *key, const char *text);
void out_end_group(void);

/* A string; value NULL writes nothing (an optional field). */
__attribute__((format(printf, 2, 0)))
void out_str(const char *key, const char *text_fmt, const char *value);

/* Unsigned numbers: text_fmt takes an unsigned int / unsigned long long. */
__attribute__((format(printf, 2, 0)))
void out_uint(const char *key, const char *text_fmt, unsigned int value);
__attribute__((format(printf, 2, 0)))
void out_u64(const char *key, const char *text_fmt, unsigned long long value);

/* A boolean: JSON true/false; text writes text as it is (e.g. "static")
 * when value is true and nothing when it is false. */
void out_bool(const char *key, const char *text, bool value);

/* A duration in milliseconds: JSON an integer under key (name it *_ms);
 * text_fmt takes the seconds as a double ("age %.1fs"). */
__attribute__((format(printf, 2, 0)))
void out_msec(const char *key, const char *text_fmt, unsigned long long ms);

#endif /* VSW_JSON_OUT_H */
