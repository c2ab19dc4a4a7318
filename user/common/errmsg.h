/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An error as the operator reads it: a negative errno for programs and a
 * sentence naming the object and the reason for people. Functions that
 * can fail for a reason worth explaining take a struct vsw_err *.
 */
#ifndef VSW_ERRMSG_H
#define VSW_ERRMSG_H

#include <stdarg.h>
#include <stdio.h>

struct vsw_err {
	char msg[256];
};

/* Record the message (printf-style) and return code (a -errno). */
__attribute__((format(printf, 3, 4)))
static inline int vsw_errf(struct vsw_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

#endif /* VSW_ERRMSG_H */
