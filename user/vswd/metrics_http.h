/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The HTTP side of the metrics: libmicrohttpd, driven from vswd's own
 * epoll loop (MHD_USE_EPOLL without an internal thread), so a scrape
 * runs on the loop's thread and reads the model with nothing else
 * running: no lock, no copy. GET or HEAD /metrics answers; other paths
 * get 404, other methods 405. Connections are bounded in number and
 * time.
 */
#ifndef VSW_METRICS_HTTP_H
#define VSW_METRICS_HTTP_H

#include <stdbool.h>
#include <stdio.h>
#include "errmsg.h"

struct metrics_http;

/* Write the body of one scrape to out; 0 or -errno (the scrape is a 500). */
typedef int (*metrics_body_fn)(void *ctx, FILE *out);

#define METRICS_HTTP_MAX_CONNS 16
#define METRICS_HTTP_TIMEOUT_SEC 10

/* Listen on addr ("127.0.0.1:9469", "[::1]:9469"; port 0 picks one).
 * -EINVAL for an address that does not parse, or the bind's -errno;
 * err says which. */
int metrics_http_open(const char *addr, metrics_body_fn body, void *ctx,
		      struct metrics_http **out, struct vsw_err *err);
void metrics_http_close(struct metrics_http *h); /* accepts NULL */

/* Whether addr has the form metrics_http_open() takes. */
bool metrics_http_addr_valid(const char *addr);

/* The fd to poll for input (MHD's epoll fd). When it is readable, or
 * when the timeout passes, call metrics_http_run(). */
int metrics_http_fd(const struct metrics_http *h);
void metrics_http_run(struct metrics_http *h);
/* Milliseconds until MHD wants to run again for its timeouts, -1: never. */
long long metrics_http_timeout_ms(struct metrics_http *h);

/* The port it listens on (after port 0). */
unsigned int metrics_http_port(const struct metrics_http *h);

#endif /* VSW_METRICS_HTTP_H */
