// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The metrics HTTP endpoint on libmicrohttpd (metrics_http.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "log.h"
#include "metrics_http.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct metrics_http {
	struct MHD_Daemon *mhd;
	int listen_fd;
	unsigned int port;
	metrics_body_fn body;
	void *ctx;
};

/* "A:P" or "[A6]:P" into a socket address. */
static int parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *s6 = (void *)ss;
	struct sockaddr_in *s4 = (void *)ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	unsigned long port;
	char *end;
	size_t hl;

	if (!colon || colon == s)
		return -EINVAL;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port > 65535 || colon[1] == '-' ||
	    colon[1] == '+')
		return -EINVAL;
	hl = colon - s;
	if (hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -EINVAL;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return -EINVAL;
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	*len = sizeof(*s4);
	return 0;
}

bool metrics_http_addr_valid(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;

	return parse_addr(addr, &ss, &len) == 0;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, const char *text)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **state)
{
	struct metrics_http *h = cls;
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int err;

	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "405: only GET and HEAD\n");
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "404: the metrics are at /metrics\n");
	out = open_memstream(&buf, &len);
	if (!out)
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "500: out of memory\n");
	err = h->body(h->ctx, out);
	if (fclose(out))
		err = err ?: -ENOMEM;
	if (err) {
		free(buf);
		pr_warn("metrics: scrape failed: %s\n", strerror(-err));
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "500: the scrape failed\n");
	}
	r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(buf);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* libmicrohttpd's own messages go to our log. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	pr_debug("metrics: %s", msg);
}

int metrics_http_open(const char *addr, metrics_body_fn body, void *ctx,
		      struct metrics_http **out, struct vsw_err *verr)
{
	struct sockaddr_storage ss, bound;
	socklen_t len, blen = sizeof(bound);
	struct metrics_http *h;
	int one = 1, err;

	if (parse_addr(addr, &ss, &len))
		return vsw_errf(verr, -EINVAL,
				"metrics address '%s': want ADDR:PORT (127.0.0.1:9469, [::1]:9469)",
				addr);
	h = calloc(1, sizeof(*h));
	if (!h)
		return vsw_errf(verr, -ENOMEM, "metrics: out of memory");
	h->body = body;
	h->ctx = ctx;
	/* Our own socket: a bind error can then name its cause. */
	h->listen_fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (h->listen_fd < 0 ||
	    setsockopt(h->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(h->listen_fd, (struct sockaddr *)&ss, len) || listen(h->listen_fd, 16) ||
	    getsockname(h->listen_fd, (struct sockaddr *)&bound, &blen)) {
		err = vsw_errf(verr, -errno, "metrics: cannot listen on %s: %s", addr,
			       strerror(errno));
		goto err;
	}
	h->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
						  : ((struct sockaddr_in *)&bound)->sin_port);
	h->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
				  (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
				  0, NULL, NULL, on_request, h,
				  MHD_OPTION_LISTEN_SOCKET, h->listen_fd,
				  MHD_OPTION_CONNECTION_LIMIT, (unsigned int)METRICS_HTTP_MAX_CONNS,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)METRICS_HTTP_TIMEOUT_SEC,
				  MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
				  MHD_OPTION_END);
	if (!h->mhd) {
		err = vsw_errf(verr, -EIO, "metrics: libmicrohttpd would not start on %s", addr);
		goto err;
	}
	*out = h;
	return 0;
err:
	metrics_http_close(h);
	return err;
}

void metrics_http_close(struct metrics_http *h)
{
	if (!h)
		return;
	if (h->mhd)
		MHD_stop_daemon(h->mhd); /* closes the listening socket too */
	else if (h->listen_fd >= 0)
		close(h->listen_fd);
	free(h);
}

int metrics_http_fd(const struct metrics_http *h)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);

	return info ? info->epoll_fd : -1;
}

void metrics_http_run(struct metrics_http *h)
{
	MHD_run(h->mhd);
}

long long metrics_http_timeout_ms(struct metrics_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	return MHD_get_timeout(h->mhd, &ms) == MHD_YES ? (long long)ms : -1;
}

unsigned int metrics_http_port(const struct metrics_http *h)
{
	return h->port;
}
