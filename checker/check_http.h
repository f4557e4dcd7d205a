/*
 * check_http: HTTP_GET and SSL_GET share one request/response engine
 * (check_http.c) over a small byte-stream transport: plain TCP there,
 * TLS in check_ssl.c.  The response is judged by a pure core, struct
 * http_resp, fed with the bytes as they arrive (status line, the MD5 of
 * the body, the url's regex matched per buffer with partial matching as
 * keepalived does) so that tests can feed canned responses.
 */
#ifndef VIGIL_CHECK_HTTP_H
#define VIGIL_CHECK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "check_engine.h"
#include "md5.h"

/* keepalived's MAX_BUFFER_LENGTH is 4096: Vigil keeps twice that for
 * the headers and for a regex match that spans reads. */
#define HTTP_BUF_MAX	8192
#define HTTP_READ_MAX	4096

struct check_url;
struct http_regex;

/* How one url's answer was judged, in keepalived's order of checks. */
enum http_verdict {
	HTTP_V_OK,
	HTTP_V_NO_DATA,		/* no complete header */
	HTTP_V_STATUS,		/* status code not in the url's set */
	HTTP_V_DIGEST,		/* MD5 of the body differs */
	HTTP_V_REGEX		/* regex (or regex_no_match) failed */
};

/* One url's response as it streams in. */
struct http_resp {
	const struct check_url	*url;
	struct http_regex	*re;		/* NULL: no regex check */
	void			*md;		/* its match data */
	char			 buf[HTTP_BUF_MAX];
	size_t			 len;
	bool			 extracted;	/* headers complete */
	int			 status;	/* 0: none found */
	size_t			 content_len;	/* SIZE_MAX: not given */
	size_t			 rx_bytes;	/* body bytes received */
	struct md5_ctx		 md5;
	/* regex: offset of buf[0] in the response, where to resume. */
	bool			 matched;
	bool			 partial;	/* buf holds a partial match */
	size_t			 subj_off, start_off;
};

/* Start judging a response to url (its regex compiled on first use). */
void	http_resp_init(struct http_resp *, const struct check_url *);
/* Bytes of the response, in order, in pieces of any size. */
void	http_resp_feed(struct http_resp *, const void *, size_t);
/* The stream ended: the verdict; *msg is keepalived's success word
 * ("HTTP status code", "MD5 digest" or "Regex match"). */
enum http_verdict http_resp_end(struct http_resp *, const char **msg);
void	http_resp_free(struct http_resp *);
/* keepalived's failure words for a verdict ("HTTP status code error to"). */
const char *http_verdict_str(enum http_verdict);
/* keepalived's extract_status_code over a header: 0 when malformed. */
int	http_status_code(const char *, size_t);

/* check_http_regex.c: the url's regex (PCRE2), compiled once per
 * pattern and options and cached for the life of the process; NULL when
 * the url has none or it does not compile (logged once). */
struct http_regex *http_regex_get(const struct check_url *);
/* Match data for one response, or NULL. */
void	*http_regex_md_new(const struct http_regex *);
void	 http_regex_md_free(void *);
/* Match the url's regex over r->buf as keepalived's check_regex does:
 * true when r->buf must be kept (a partial match may go on). */
bool	 http_regex_step(struct http_resp *r);
/* End of the stream: finish a pending partial match. */
void	 http_regex_finish(struct http_resp *r);
/* Map the parser's regex_options bits to PCRE2 compile options. */
uint32_t http_regex_options(unsigned bits);

/*
 * The byte stream under HTTP.  send/recv return a byte count, 0 for the
 * end of the stream (recv), or -1: errno EAGAIN when the transport waits
 * for the events in *want, anything else a failure.
 */
struct http_transport {
	/* The TCP connection is up: 1 ready, 0 waiting for *want, -1 failed
	 * (*tp is the transport's state, freed by close). */
	int	(*open)(struct ce_checker *, const struct check_url *,
		    void **tp, uint32_t *want);
	ssize_t	(*send)(struct ce_checker *, void *tp, const void *, size_t,
		    uint32_t *want);
	ssize_t	(*recv)(struct ce_checker *, void *tp, void *, size_t,
		    uint32_t *want);
	void	(*close)(void *tp);
	const char *timeout_read;	/* "Timeout HTTP read" */
	const char *read_error;		/* "Read error with" */
	/* The stream ended before a header: keepalived's words, or NULL for
	 * "Read, no data received from ". */
	const char *(*no_data)(void *tp);
};

extern const struct http_transport http_plain, http_tls;

/* check_http.c: begin an HTTP_GET/SSL_GET attempt over t. */
int	http_check_start(struct ce_checker *, const struct http_transport *);

/* check_ssl.c: check_ssl_init() and check_ssl_free() are in
 * check_engine.h for the engine. */

#endif
