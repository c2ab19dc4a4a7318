/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* One logging module for vsw's userspace: levels, format-checked. */
#ifndef VSW_LOG_H
#define VSW_LOG_H

enum vsw_log_level {
	VSW_LOG_ERR = 0,
	VSW_LOG_WARN,
	VSW_LOG_INFO,
	VSW_LOG_DEBUG,
};

void vsw_log_set_level(enum vsw_log_level level);
enum vsw_log_level vsw_log_get_level(void);

__attribute__((format(printf, 2, 3)))
void vsw_log(enum vsw_log_level level, const char *fmt, ...);

/* Route libbpf's messages through vsw_log, one level lower than libbpf
 * rates them (its warnings are details of errors vsw reports itself). */
void vsw_log_route_libbpf(void);

/* While quiet, libbpf's messages are dropped: around probes and loads
 * whose failure the caller reports in its own words. Nests. */
void vsw_log_libbpf_quiet(int quiet);

#define pr_err(...)   vsw_log(VSW_LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  vsw_log(VSW_LOG_WARN, __VA_ARGS__)
#define pr_info(...)  vsw_log(VSW_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) vsw_log(VSW_LOG_DEBUG, __VA_ARGS__)

#endif /* VSW_LOG_H */
