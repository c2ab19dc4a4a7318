// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include "log.h"

static enum vsw_log_level current_level = VSW_LOG_INFO;
static int libbpf_quiet;

static const char *const level_prefix[] = {
	[VSW_LOG_ERR] = "error: ",
	[VSW_LOG_WARN] = "warning: ",
	[VSW_LOG_INFO] = "",
	[VSW_LOG_DEBUG] = "debug: ",
};

void vsw_log_set_level(enum vsw_log_level level)
{
	current_level = level;
}

enum vsw_log_level vsw_log_get_level(void)
{
	return current_level;
}

static void vsw_vlog(enum vsw_log_level level, const char *fmt, va_list ap)
{
	if (level > current_level)
		return;
	fputs(level_prefix[level], stderr);
	vfprintf(stderr, fmt, ap);
}

void vsw_log(enum vsw_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsw_vlog(level, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum vsw_log_level ours;

	if (libbpf_quiet)
		return 0;
	switch (level) {
	case LIBBPF_WARN:
		ours = VSW_LOG_INFO;
		break;
	case LIBBPF_INFO:
	default:
		ours = VSW_LOG_DEBUG;
		break;
	}
	if (level == LIBBPF_DEBUG)
		return 0;
	vsw_vlog(ours, fmt, ap);
	return 0;
}

void vsw_log_route_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}

void vsw_log_libbpf_quiet(int quiet)
{
	libbpf_quiet += quiet ? 1 : -1;
}
