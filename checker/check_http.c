/*
 * check_http: HTTP_GET.  For every url { } in turn: connect, send
 * keepalived's request ("GET <path> HTTP/1.x", User-Agent:
 * KeepAliveClient, Host), read the answer to the end, and require a
 * status code of the url's set and, when a digest is given, the MD5 of
 * the body.  Every step is bounded by connect_timeout.  SSL_GET is not
 * built (no TLS library is linked): it is reported and ignored.  The
 * regex options are accepted by the parser but not applied here.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"
#include "check_engine.h"

#define HTTP_HDR_MAX	8192

struct http_state {
	const struct check_url	*url;
	char			 req[1024];
	size_t			 req_len, req_off;
	char			 hdr[HTTP_HDR_MAX];
	size_t			 hdr_len;
	bool			 in_body;
	int			 status;
	struct ce_md5		 md5;
};

/* --- MD5 (RFC 1321) ------------------------------------------------------ */

static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};

static const uint8_t md5_r[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
};

static void
md5_block(uint32_t st[4], const uint8_t *p)
{
	uint32_t m[16], a = st[0], b = st[1], c = st[2], d = st[3], f, t;
	unsigned i, g;

	for (i = 0; i < 16; i++)
		m[i] = (uint32_t)p[i * 4] | (uint32_t)p[i * 4 + 1] << 8 |
		    (uint32_t)p[i * 4 + 2] << 16 | (uint32_t)p[i * 4 + 3] << 24;
	for (i = 0; i < 64; i++) {
		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		t = d;
		d = c;
		c = b;
		f += a + md5_k[i] + m[g];
		b += (f << md5_r[i]) | (f >> (32 - md5_r[i]));
		a = t;
	}
	st[0] += a;
	st[1] += b;
	st[2] += c;
	st[3] += d;
}

void
ce_md5_init(struct ce_md5 *m)
{
	m->st[0] = 0x67452301;
	m->st[1] = 0xefcdab89;
	m->st[2] = 0x98badcfe;
	m->st[3] = 0x10325476;
	m->len = 0;
}

void
ce_md5_update(struct ce_md5 *m, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t have = m->len % 64, take;

	m->len += n;
	while (n > 0) {
		take = 64 - have < n ? 64 - have : n;
		memcpy(m->buf + have, p, take);
		have += take;
		p += take;
		n -= take;
		if (have == 64) {
			md5_block(m->st, m->buf);
			have = 0;
		}
	}
}

void
ce_md5_final(struct ce_md5 *m, uint8_t out[16])
{
	uint64_t bits = m->len * 8;
	uint8_t pad[72];
	size_t have = m->len % 64, padlen;
	unsigned i;

	padlen = have < 56 ? 56 - have : 120 - have;
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (8 * i));
	ce_md5_update(m, pad, padlen + 8);
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)(m->st[i / 4] >> (8 * (i % 4)));
}

/* --- the check ----------------------------------------------------------- */

static int	http_url_start(struct ce_checker *);

static const char *
http_vhost(const struct ce_checker *c, const struct check_url *u)
{
	if (u->virtualhost != NULL)
		return u->virtualhost;
	if (c->conf->u.http.virtualhost != NULL)
		return c->conf->u.http.virtualhost;
	if (c->rs->conf->virtualhost != NULL)
		return c->rs->conf->virtualhost;
	return c->rs->vs->conf->virtualhost;
}

static void
http_build(struct ce_checker *c, struct http_state *h)
{
	enum check_http_proto proto = c->conf->u.http.http_protocol;
	const char *vhost = http_vhost(c, h->url);
	char host[INET6_ADDRSTRLEN + 16], ip[INET6_ADDRSTRLEN];
	const void *a;
	unsigned port;
	int n;

	if (vhost != NULL)
		snprintf(host, sizeof(host), "%s", vhost);
	else {
		if (c->dst.ss_family == AF_INET6) {
			a = &((struct sockaddr_in6 *)&c->dst)->sin6_addr;
			port = ntohs(((struct sockaddr_in6 *)&c->dst)->sin6_port);
		} else {
			a = &((struct sockaddr_in *)&c->dst)->sin_addr;
			port = ntohs(((struct sockaddr_in *)&c->dst)->sin_port);
		}
		inet_ntop(c->dst.ss_family, a, ip, sizeof(ip));
		snprintf(host, sizeof(host), c->dst.ss_family == AF_INET6 ?
		    "[%s]:%u" : "%s:%u", ip, port);
	}
	n = snprintf(h->req, sizeof(h->req), "GET %s HTTP/1.%d\r\n"
	    "User-Agent: KeepAliveClient\r\n%sHost: %s\r\n\r\n",
	    h->url->path, proto == CHECK_HTTP_1_1 ? 1 : 0,
	    proto == CHECK_HTTP_1_0 ? "" : "Connection: close\r\n", host);
	h->req_len = n < 0 ? 0 : (size_t)n >= sizeof(h->req) ?
	    sizeof(h->req) - 1 : (size_t)n;
	h->req_off = 0;
}

static bool
http_status_ok(const struct check_url *u, int code)
{
	if (code < 100 || code > 599)
		return false;
	return (u->status[(code - 100) / 8] & (1U << ((code - 100) % 8))) != 0;
}

/* The headers are in: take the status and feed what follows them. */
static void
http_headers(struct http_state *h)
{
	char *end = memmem(h->hdr, h->hdr_len, "\r\n\r\n", 4);
	size_t off;

	if (end == NULL)
		return;
	h->in_body = true;
	h->hdr[h->hdr_len < sizeof(h->hdr) ? h->hdr_len : sizeof(h->hdr) - 1] =
	    '\0';
	if (strncmp(h->hdr, "HTTP/", 5) != 0 ||
	    sscanf(h->hdr, "HTTP/%*s %d", &h->status) != 1)
		h->status = -1;
	off = (size_t)(end - h->hdr) + 4;
	ce_md5_update(&h->md5, h->hdr + off, h->hdr_len - off);
}

/* The server closed: judge this url, then the next or the verdict. */
static void
http_judge(struct ce_checker *c, struct http_state *h)
{
	uint8_t d[16];

	ce_md5_final(&h->md5, d);
	if (!h->in_body || !http_status_ok(h->url, h->status)) {
		ce_why(c, "HTTP status code error to");
		ce_done(c, false, NULL);
		return;
	}
	if (h->url->has_digest && memcmp(d, h->url->digest, 16) != 0) {
		ce_why(c, "MD5 digest error to");
		ce_done(c, false, NULL);
		return;
	}
	h->url = STAILQ_NEXT(h->url, next);
	if (h->url == NULL) {
		ce_done(c, true, NULL);
		return;
	}
	ev_io_stop(c->eng->loop, &c->io);
	close(c->fd);
	c->fd = -1;
	if (http_url_start(c) == -1) {
		ce_why(c, "WEB connection fail to create socket");
		ce_done(c, false, NULL);
	}
}

static void
http_read(struct ce_checker *c, struct http_state *h)
{
	char buf[4096];
	ssize_t n;
	size_t room;

	for (;;) {
		n = read(c->fd, buf, sizeof(buf));
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n == -1) {
			ce_why(c, "Read error with server");
			ce_done(c, false, NULL);
			return;
		}
		if (n == 0) {
			http_judge(c, h);
			return;
		}
		ce_step(c);
		if (h->in_body) {
			ce_md5_update(&h->md5, buf, (size_t)n);
			continue;
		}
		room = sizeof(h->hdr) - 1 - h->hdr_len;
		if ((size_t)n > room) {
			ce_why(c, "HTTP header too long from");
			ce_done(c, false, NULL);
			return;
		}
		memcpy(h->hdr + h->hdr_len, buf, (size_t)n);
		h->hdr_len += (size_t)n;
		http_headers(h);
	}
}

static void
http_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	struct http_state *h = c->priv;
	socklen_t len = sizeof(int);
	ssize_t n;
	int err = 0;

	if (h->req_off == 0 && (events & EPOLLOUT)) {
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			ce_why(c, "Connection trouble to");
			ce_done(c, false, NULL);
			return;
		}
	}
	if (h->req_off < h->req_len) {
		n = send(c->fd, h->req + h->req_off, h->req_len - h->req_off,
		    MSG_NOSIGNAL);
		if (n == -1 && errno != EAGAIN) {
			ce_why(c, "Cannot send get request to");
			ce_done(c, false, NULL);
			return;
		}
		if (n > 0)
			h->req_off += (size_t)n;
		if (h->req_off == h->req_len) {
			ev_io_modify(l, io, EPOLLIN);
			ce_step(c);
		}
		return;
	}
	http_read(c, h);
}

static int
http_url_start(struct ce_checker *c)
{
	struct http_state *h = c->priv;

	h->hdr_len = 0;
	h->in_body = false;
	h->status = -1;
	ce_md5_init(&h->md5);
	if (ce_connect(c, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT, http_io) == -1)
		return -1;
	http_build(c, h);
	return 0;
}

static int
http_start(struct ce_checker *c)
{
	struct http_state *h;

	if (STAILQ_EMPTY(&c->conf->u.http.urls)) {
		/* keepalived: a checker without urls always succeeds. */
		ce_done(c, true, NULL);
		return 0;
	}
	h = xcalloc(1, sizeof(*h));
	c->priv = h;
	h->url = STAILQ_FIRST(&c->conf->u.http.urls);
	if (http_url_start(c) == -1) {
		ce_why(c, "WEB connection fail to create socket");
		return -1;
	}
	return 0;
}

static void
http_cancel(struct ce_checker *c)
{
	free(c->priv);
	c->priv = NULL;
}

/* check_http.c epilog and timeout_epilog's words. */
static void
http_log(struct ce_checker *c, const struct sched_outcome *o)
{
	const struct global_conf *g = &c->eng->conf->global;

	if (c->why[0] != '\0' && (o->actions & SCHED_A_LOG_FAILED ||
	    c->sc.is_up) && (c->conf->log_all_failures ||
	    g->checker_log_all_failures))
		log_info("%s server %s.", strcmp(c->why, "timeout") == 0 ?
		    "Timeout connecting" : c->why, ce_chk_str(c));
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("Remote Web server %s succeed on service.",
		    ce_chk_str(c));
	else if (o->actions & SCHED_A_AFTER_RETRIES)
		log_info("HTTP_CHECK on service %s failed after %u retries.",
		    ce_chk_str(c), c->sc.p.retry);
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("HTTP_CHECK on service %s failed.", ce_chk_str(c));
}

const struct check_type_ops check_http_ops = {
	.name = "HTTP_GET",
	.policy = SCHED_RETRY_HTTP,
	.start = http_start,
	.cancel = http_cancel,
	.log = http_log,
	.alert_up = "=> CHECK succeed on service <=",
	.alert_down = "=> CHECK failed on service : HTTP request failed <=",
};
