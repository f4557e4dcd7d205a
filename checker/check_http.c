/*
 * check_http: HTTP_GET and SSL_GET.  One url { } per run, as keepalived
 * (which url is check_sched's: url_it, fast_recovery): connect,
 * open the transport (plain TCP, or TLS from check_ssl.c), send
 * keepalived's request ("GET <path> HTTP/1.x", User-Agent:
 * KeepAliveClient, Host), read the answer to the end and judge it with
 * struct http_resp: a status code of the url's set, the MD5 of the body
 * when a digest is given (bounded by Content-Length, as keepalived), and
 * the regex over the response as it streams in.  Every step is bounded by
 * connect_timeout; a failure is named in keepalived's words.
 *
 * The digest is lib/md5 (no OpenSSL needed), so HTTP_GET digests work in
 * a build without OpenSSL.
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
#include "md5.h"
#include "xalloc.h"
#include "check_engine.h"
#include "check_http.h"

/* --- the response core ------------------------------------------------ */

int
http_status_code(const char *p, size_t n)
{
	const char *end = p + n;
	char num[4];
	int i, code = 0;

	/* keepalived's extract_status_code: "<version> NNN " */
	while (p < end && *p != ' ' && *p != '\r')
		p++;
	if (p >= end || *p != ' ')
		return 0;
	p++;
	if (p + 3 >= end || *p == ' ' || p[3] != ' ')
		return 0;
	memcpy(num, p, 3);
	num[3] = '\0';
	for (i = 0; i < 3; i++) {
		if (num[i] < '0' || num[i] > '9')
			return 0;
		code = code * 10 + (num[i] - '0');
	}
	return code;
}

/* keepalived's extract_content_length, within the header only. */
static size_t
http_content_len(const char *h, size_t n)
{
	static const char tag[] = "Content-Length:";
	const char *p = memmem(h, n, tag, sizeof(tag) - 1), *end = h + n;
	size_t v = 0;

	if (p == NULL)
		return SIZE_MAX;
	p += sizeof(tag) - 1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return SIZE_MAX;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (SIZE_MAX - 9) / 10)
			return SIZE_MAX;
		v = v * 10 + (size_t)(*p - '0');
	}
	if (p < end && *p != '\r' && *p != '\n')
		return SIZE_MAX;
	return v;
}

void
http_resp_init(struct http_resp *r, const struct check_url *u)
{
	memset(r, 0, sizeof(*r));
	r->url = u;
	r->content_len = SIZE_MAX;
	md5_init(&r->md5);
	if (u->regex != NULL && (r->re = http_regex_get(u)) != NULL)
		r->md = http_regex_md_new(r->re);
	if (r->md == NULL)
		r->re = NULL;
}

void
http_resp_free(struct http_resp *r)
{
	http_regex_md_free(r->md);
	r->md = NULL;
	r->re = NULL;
}

/* Body bytes into the digest, no further than Content-Length. */
static void
http_body(struct http_resp *r, const char *p, size_t n)
{
	size_t take = n;

	if (r->content_len != SIZE_MAX) {
		if (r->rx_bytes >= r->content_len)
			take = 0;
		else if (r->content_len - r->rx_bytes < n)
			take = r->content_len - r->rx_bytes;
	}
	if (r->url->has_digest && take > 0)
		md5_update(&r->md5, p, take);
	r->rx_bytes += n;
}

/* r->buf has new bytes from old on: find the header's end, digest the
 * body, run the regex; keep the buffer only for a partial match. */
static void
http_scan(struct http_resp *r, size_t old)
{
	char *end;
	size_t from = old > 3 ? old - 3 : 0, hlen;

	if (!r->extracted) {
		end = memmem(r->buf + from, r->len - from, "\r\n\r\n", 4);
		if (end == NULL)
			return;
		r->extracted = true;
		hlen = (size_t)(end - r->buf) + 4;
		r->status = http_status_code(r->buf, hlen);
		r->content_len = http_content_len(r->buf, hlen);
		http_body(r, r->buf + hlen, r->len - hlen);
	} else
		http_body(r, r->buf + old, r->len - old);
	/* The regex sees the response from its first byte, headers too. */
	if (r->re == NULL || !http_regex_step(r))
		r->len = 0;
}

void
http_resp_feed(struct http_resp *r, const void *data, size_t n)
{
	const char *p = data;
	size_t room, take, old;

	while (n > 0) {
		room = sizeof(r->buf) - 1 - r->len;
		if (room == 0) {
			if (!r->extracted)
				return;	/* a header this long: no data */
			/* A partial match longer than the buffer. */
			log_info("Regex partial match preserve too large - "
			    "discarding");
			r->subj_off += r->len;
			r->start_off = 0;
			r->len = 0;
			r->partial = false;
			continue;
		}
		take = n < room ? n : room;
		old = r->len;
		memcpy(r->buf + r->len, p, take);
		r->len += take;
		r->buf[r->len] = '\0';
		p += take;
		n -= take;
		http_scan(r, old);
	}
}

static bool
http_status_ok(const struct check_url *u, int code)
{
	if (code < 100 || code > 599)
		return false;
	return (u->status[(code - 100) / 8] & (1U << ((code - 100) % 8))) != 0;
}

enum http_verdict
http_resp_end(struct http_resp *r, const char **msg)
{
	uint8_t d[16];

	*msg = "HTTP status code";
	if (!r->extracted)
		return HTTP_V_NO_DATA;
	if (!http_status_ok(r->url, r->status))
		return HTTP_V_STATUS;
	if (r->url->has_digest) {
		md5_final(&r->md5, d);
		if (memcmp(d, r->url->digest, sizeof(d)) != 0)
			return HTTP_V_DIGEST;
		*msg = "MD5 digest";
	}
	if (r->re != NULL) {
		if (r->partial)
			http_regex_finish(r);
		if (r->matched == r->url->regex_no_match)
			return HTTP_V_REGEX;
		*msg = "Regex match";
	}
	return HTTP_V_OK;
}

const char *
http_verdict_str(enum http_verdict v)
{
	switch (v) {
	case HTTP_V_OK:
		return "OK";
	case HTTP_V_NO_DATA:
		return "Read, no data received from ";
	case HTTP_V_STATUS:
		return "HTTP status code error to";
	case HTTP_V_DIGEST:
		return "MD5 digest error to";
	case HTTP_V_REGEX:
		return "Regex match failed";
	}
	return "?";
}

/* --- the plain transport -------------------------------------------------- */

static int
plain_open(struct ce_checker *c, const struct check_url *u, void **tp,
    uint32_t *want)
{
	*tp = NULL;
	return 1;
}

static ssize_t
plain_send(struct ce_checker *c, void *tp, const void *p, size_t n,
    uint32_t *want)
{
	*want = EPOLLOUT;
	return send(c->fd, p, n, MSG_NOSIGNAL);
}

static ssize_t
plain_recv(struct ce_checker *c, void *tp, void *p, size_t n, uint32_t *want)
{
	ssize_t r;

	*want = EPOLLIN;
	r = read(c->fd, p, n);
	if (r == -1 && errno == EINTR)
		errno = EAGAIN;
	return r;
}

static void
plain_close(void *tp)
{
}

const struct http_transport http_plain = {
	.open = plain_open,
	.send = plain_send,
	.recv = plain_recv,
	.close = plain_close,
	.timeout_read = "Timeout HTTP read",
	.read_error = "Read error with",
};

/* --- the check ----------------------------------------------------------- */

enum http_phase {
	HTTP_P_CONNECT,
	HTTP_P_OPEN,		/* TLS handshake */
	HTTP_P_SEND,
	HTTP_P_RECV
};

struct http_state {
	const struct http_transport *t;
	void			*tp;
	bool			 tp_open;
	const struct check_url	*url;
	enum http_phase		 phase;
	char			 req[2048];
	size_t			 req_len, req_off;
	bool			 got_data;
	struct http_resp	 resp;
};

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
	struct sockaddr_storage dst;
	const void *a;
	unsigned port;
	int n;

	if (vhost != NULL)
		snprintf(host, sizeof(host), "%s", vhost);
	else {
		/* Connected already: the destination is a valid one. */
		(void)ce_dst(c, &dst);
		if (dst.ss_family == AF_INET6) {
			a = &((struct sockaddr_in6 *)&dst)->sin6_addr;
			port = ntohs(((struct sockaddr_in6 *)&dst)->sin6_port);
		} else {
			a = &((struct sockaddr_in *)&dst)->sin_addr;
			port = ntohs(((struct sockaddr_in *)&dst)->sin_port);
		}
		inet_ntop(dst.ss_family, a, ip, sizeof(ip));
		snprintf(host, sizeof(host), dst.ss_family == AF_INET6 ?
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

static void
http_close(struct http_state *h)
{
	if (h->tp_open)
		h->t->close(h->tp);
	h->tp = NULL;
	h->tp_open = false;
	http_resp_free(&h->resp);
}

static void
http_fail(struct ce_checker *c, const char *why)
{
	ce_why(c, "%s", why);
	ce_done(c, false, NULL);
}

/* keepalived logs a Content-Length mismatch the first time it sees that
 * difference (kept per url there, per checker here). */
static bool
http_len_mismatch(struct ce_checker *c, const struct http_resp *r)
{
	int64_t d;

	if (r->content_len == SIZE_MAX || r->content_len == r->rx_bytes) {
		c->http_len_mismatch = 0;
		return false;
	}
	d = (int64_t)r->content_len - (int64_t)r->rx_bytes;
	if (d == c->http_len_mismatch)
		return false;
	c->http_len_mismatch = d;
	return true;
}

/* The stream ended: judge this url, then the next one or the verdict. */
static void
http_judge(struct ce_checker *c, struct http_state *h)
{
	const char *msg, *nd;
	enum http_verdict v;

	v = http_resp_end(&h->resp, &msg);
	if (v == HTTP_V_NO_DATA && h->t->no_data != NULL &&
	    (nd = h->t->no_data(h->tp)) != NULL) {
		http_fail(c, nd);
		return;
	}
	if (v != HTTP_V_OK) {
		http_fail(c, http_verdict_str(v));
		return;
	}
	if (http_len_mismatch(c, &h->resp))
		log_info("http_check for RS %s VS %s url %s%s: content_length "
		    "(%zu) does not match received bytes (%zu)", ce_chk_str(c),
		    c->rs->vs->str, h->url->virtualhost != NULL ?
		    h->url->virtualhost : "", h->url->path,
		    h->resp.content_len, h->resp.rx_bytes);
	if (!c->sc.is_up)
		log_info("%s success to %s url(%s)", msg, ce_chk_str(c),
		    h->url->path);
	c->why[0] = '\0';
	ce_done(c, true, NULL);
}

static void
http_recv(struct ce_checker *c, struct http_state *h)
{
	char buf[HTTP_READ_MAX];
	uint32_t want = EPOLLIN;
	ssize_t n;
	int i;

	/* Level-triggered: a long answer is read over several wakeups. */
	for (i = 0; i < 256; i++) {
		n = h->t->recv(c, h->tp, buf, sizeof(buf), &want);
		if (n == -1 && errno == EAGAIN) {
			ev_io_modify(c->eng->loop, &c->io, want);
			return;
		}
		if (n == -1) {
			http_fail(c, h->t->read_error);
			return;
		}
		if (n == 0) {
			http_judge(c, h);
			return;
		}
		if (!h->got_data) {
			h->got_data = true;
			ce_why(c, "%s", h->t->timeout_read);
		}
		ce_step(c);
		http_resp_feed(&h->resp, buf, (size_t)n);
	}
}

static void
http_send(struct ce_checker *c, struct http_state *h)
{
	uint32_t want = EPOLLOUT;
	ssize_t n;

	while (h->req_off < h->req_len) {
		n = h->t->send(c, h->tp, h->req + h->req_off,
		    h->req_len - h->req_off, &want);
		if (n == -1 && errno == EAGAIN) {
			ev_io_modify(c->eng->loop, &c->io, want);
			return;
		}
		if (n <= 0) {
			http_fail(c, "Cannot send get request to");
			return;
		}
		h->req_off += (size_t)n;
	}
	h->phase = HTTP_P_RECV;
	ce_why(c, "Timeout WEB read");
	ce_step(c);
	http_recv(c, h);
}

static void
http_open(struct ce_checker *c, struct http_state *h)
{
	uint32_t want = EPOLLOUT;
	int rc;

	rc = h->t->open(c, h->url, &h->tp, &want);
	h->tp_open = true;
	if (rc == -1) {
		http_fail(c, "SSL handshake/communication error connecting to");
		return;
	}
	if (rc == 0) {
		ev_io_modify(c->eng->loop, &c->io, want);
		return;
	}
	h->phase = HTTP_P_SEND;
	ce_why(c, "Timeout WEB write");
	ce_step(c);
	http_send(c, h);
}

static void
http_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	struct http_state *h = c->priv;
	socklen_t len = sizeof(int);
	int err = 0;

	switch (h->phase) {
	case HTTP_P_CONNECT:
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1) {
			http_fail(c, "Error connecting");
			return;
		}
		if (err == EINPROGRESS)
			return;
		if (err != 0) {
			http_fail(c, err == ETIMEDOUT ? "Timeout connecting" :
			    "Connection failed");
			return;
		}
		/* keepalived: connect and TLS handshake share one deadline. */
		h->phase = HTTP_P_OPEN;
		http_open(c, h);
		break;
	case HTTP_P_OPEN:
		http_open(c, h);
		break;
	case HTTP_P_SEND:
		http_send(c, h);
		break;
	case HTTP_P_RECV:
		http_recv(c, h);
		break;
	}
}

static int
http_url_start(struct ce_checker *c)
{
	struct http_state *h = c->priv;

	h->phase = HTTP_P_CONNECT;
	h->got_data = false;
	ce_why(c, "Timeout connecting");
	http_resp_init(&h->resp, h->url);
	if (ce_connect(c, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT, http_io) == -1)
		return -1;
	http_build(c, h);
	return 0;
}

/* keepalived checks one url per run: the scheduler's url_it (the first
 * again should a reload have left fewer urls). */
static const struct check_url *
http_url_at(const struct ce_checker *c, uint32_t i)
{
	const struct check_url *u;

	STAILQ_FOREACH(u, &c->conf->u.http.urls, next)
		if (i-- == 0)
			return u;
	return STAILQ_FIRST(&c->conf->u.http.urls);
}

int
http_check_start(struct ce_checker *c, const struct http_transport *t)
{
	struct http_state *h;

	if (STAILQ_EMPTY(&c->conf->u.http.urls)) {
		/* keepalived: a checker without urls always succeeds. */
		ce_done(c, true, NULL);
		return 0;
	}
	h = xcalloc(1, sizeof(*h));
	c->priv = h;
	h->t = t;
	h->url = http_url_at(c, c->sc.url_it);
	if (http_url_start(c) == -1) {
		ce_why(c, "WEB connection fail to create socket");
		return -1;
	}
	return 0;
}

static int
http_start(struct ce_checker *c)
{
	return http_check_start(c, &http_plain);
}

static void
http_cancel(struct ce_checker *c)
{
	struct http_state *h = c->priv;

	if (h != NULL)
		http_close(h);
	free(h);
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

/* SSL_GET: the same check over TLS. */
static int
ssl_start(struct ce_checker *c)
{
	if (check_ssl_init(c->eng->conf) == -1) {
		ce_why(c, "SSL handshake/communication error connecting to");
		return -1;
	}
	return http_check_start(c, &http_tls);
}

const struct check_type_ops check_ssl_ops = {
	.name = "SSL_GET",
	.policy = SCHED_RETRY_HTTP,
	.start = ssl_start,
	.cancel = http_cancel,
	.log = http_log,
	.alert_up = "=> CHECK succeed on service <=",
	.alert_down = "=> CHECK failed on service : HTTP request failed <=",
};
