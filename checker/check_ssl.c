/*
 * check_ssl: SSL_GET's TLS, as keepalived 2.2.7's check_ssl.c.
 *
 * One client context per checker process, built from the root SSL { }
 * block: certificate (a chain file), key (PEM, with password), ca (the
 * verify locations).  Like keepalived, the context never asks for the
 * peer to be verified (OpenSSL's SSL_VERIFY_NONE, verify depth 1): a
 * check judges the web server, not its certificate; the certificate
 * and key let a server that verifies its clients accept the checker.
 * With no SSL block the context is the default one.  A file that cannot
 * be loaded is logged in keepalived's words and makes the checker
 * process exit FATAL (check_ssl_init returns -1).
 *
 * The transport: a non-blocking SSL_connect/SSL_write/SSL_read over the
 * checker's socket; WANT_READ/WANT_WRITE become the events the HTTP
 * engine (check_http.c) waits for, each step bounded by its deadline.
 */
#include <sys/epoll.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "xalloc.h"
#include "conf.h"
#include "check_http.h"

#ifdef HAVE_OPENSSL
#include <openssl/err.h>
#include <openssl/ssl.h>

static SSL_CTX	*ssl_ctx;
static char	*ssl_sig;	/* the SSL block ssl_ctx was built from */
static char	*ssl_bad_sig;	/* the SSL block that failed, logged once */
static char	*ssl_password;

/* The SSL block as one string, to see whether a reload changed it. */
static char *
ssl_conf_sig(const struct check_ssl_conf *s)
{
	const char *v[4];
	size_t n = 8, i;
	char *sig;

	if (s == NULL)
		return xstrdup("");
	v[0] = s->password;
	v[1] = s->ca;
	v[2] = s->certificate;
	v[3] = s->key;
	for (i = 0; i < 4; i++)
		n += v[i] != NULL ? strlen(v[i]) + 2 : 2;
	sig = xmalloc(n);
	sig[0] = '\0';
	for (i = 0; i < 4; i++) {
		size_t l = strlen(sig);

		snprintf(sig + l, n - l, "%c%s%c", v[i] != NULL ? '+' : '-',
		    v[i] != NULL ? v[i] : "", '\n');
	}
	return sig;
}

static int
ssl_password_cb(char *buf, int size, int rwflag, void *arg)
{
	const char *pw = arg;
	size_t n = strlen(pw);

	if (size < 0 || (size_t)size < n + 1)
		return 0;
	memcpy(buf, pw, n + 1);
	return (int)n;
}

/* keepalived's build_ssl_ctx: NULL and a logged reason on failure. */
static SSL_CTX *
ssl_ctx_build(const struct check_ssl_conf *s)
{
	SSL_CTX *ctx;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		log_info("SSL error: cannot create new SSL context");
		return NULL;
	}
	if (s != NULL && s->certificate != NULL &&
	    SSL_CTX_use_certificate_chain_file(ctx, s->certificate) != 1) {
		log_info("SSL error : Cant load certificate file...");
		goto fail;
	}
	if (s != NULL && s->password != NULL) {
		ssl_password = xstrdup(s->password);
		SSL_CTX_set_default_passwd_cb_userdata(ctx, ssl_password);
		SSL_CTX_set_default_passwd_cb(ctx, ssl_password_cb);
	}
	if (s != NULL && s->key != NULL && SSL_CTX_use_PrivateKey_file(ctx,
	    s->key, SSL_FILETYPE_PEM) != 1) {
		log_info("SSL error : Cant load key file...");
		goto fail;
	}
	if (s != NULL && s->ca != NULL &&
	    SSL_CTX_load_verify_locations(ctx, s->ca, NULL) != 1) {
		log_info("SSL error : Cant load CA file...");
		goto fail;
	}
	SSL_CTX_set_verify_depth(ctx, 1);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static const char *
ssl_str(const char *s)
{
	return s != NULL ? s : "(null)";
}

int
check_ssl_init(const struct conf *conf)
{
	const struct check_ssl_conf *s = conf->check.ssl;
	char *sig = ssl_conf_sig(s);

	if (ssl_ctx != NULL && strcmp(sig, ssl_sig) == 0) {
		free(sig);
		return 0;
	}
	if (ssl_bad_sig != NULL && strcmp(sig, ssl_bad_sig) == 0) {
		free(sig);
		return -1;
	}
	check_ssl_free();
	ERR_clear_error();
	if ((ssl_ctx = ssl_ctx_build(s)) == NULL) {
		/* keepalived prints the password here; Vigil does not. */
		log_info("Error Initialize SSL, ctx Instance");
		log_info("  SSL  keyfile:%s", ssl_str(s ? s->key : NULL));
		log_info("  SSL password:%s", s && s->password ? "********" :
		    "(null)");
		log_info("  SSL   cafile:%s", ssl_str(s ? s->ca : NULL));
		log_info("Terminate...");
		check_ssl_free();
		ssl_bad_sig = sig;	/* said once */
		return -1;
	}
	ssl_sig = sig;
	return 0;
}

void
check_ssl_free(void)
{
	SSL_CTX_free(ssl_ctx);
	ssl_ctx = NULL;
	free(ssl_sig);
	ssl_sig = NULL;
	free(ssl_bad_sig);
	ssl_bad_sig = NULL;
	if (ssl_password != NULL)
		explicit_bzero(ssl_password, strlen(ssl_password));
	free(ssl_password);
	ssl_password = NULL;
}

/* --- the transport ------------------------------------------------------ */

struct tls {
	SSL	*ssl;
	bool	 clean_close;	/* close_notify received */
};

/* keepalived's enable_sni: the url's, the checker's or the virtual
 * server's virtualhost (not the real server's). */
static const char *
tls_sni(const struct ce_checker *c, const struct check_url *u)
{
	if (!c->conf->u.http.enable_sni)
		return NULL;
	if (u->virtualhost != NULL)
		return u->virtualhost;
	if (c->conf->u.http.virtualhost != NULL)
		return c->conf->u.http.virtualhost;
	return c->rs->vs->conf->virtualhost;
}

/* An SSL call returned rc: -1 with errno EAGAIN and *want, or EIO. */
static int
tls_wait(struct tls *t, int rc, uint32_t *want)
{
	switch (SSL_get_error(t->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		*want = EPOLLIN;
		errno = EAGAIN;
		break;
	case SSL_ERROR_WANT_WRITE:
		*want = EPOLLOUT;
		errno = EAGAIN;
		break;
	default:
		errno = EIO;
		break;
	}
	return -1;
}

static struct tls *
tls_new(struct ce_checker *c, const struct check_url *u)
{
	struct tls *t;
	const char *sni;

	if (ssl_ctx == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	if ((t->ssl = SSL_new(ssl_ctx)) == NULL ||
	    SSL_set_fd(t->ssl, c->fd) != 1) {
		log_info("Unable to establish ssl connection - SSL_new() "
		    "failed");
		SSL_free(t->ssl);
		free(t);
		return NULL;
	}
	if ((sni = tls_sni(c, u)) != NULL)
		SSL_set_tlsext_host_name(t->ssl, sni);
	return t;
}

static int
tls_open(struct ce_checker *c, const struct check_url *u, void **tp,
    uint32_t *want)
{
	struct tls *t = *tp;
	int rc;

	if (t == NULL && (t = *tp = tls_new(c, u)) == NULL)
		return -1;
	ERR_clear_error();
	if ((rc = SSL_connect(t->ssl)) == 1)
		return 1;
	if (tls_wait(t, rc, want) == -1 && errno == EAGAIN)
		return 0;
	return -1;
}

static ssize_t
tls_send(struct ce_checker *c, void *tp, const void *p, size_t n,
    uint32_t *want)
{
	struct tls *t = tp;
	int rc;

	ERR_clear_error();
	rc = SSL_write(t->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
	if (rc > 0)
		return rc;
	return tls_wait(t, rc, want);
}

static ssize_t
tls_recv(struct ce_checker *c, void *tp, void *p, size_t n, uint32_t *want)
{
	struct tls *t = tp;
	int rc, err;

	ERR_clear_error();
	rc = SSL_read(t->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
	if (rc > 0)
		return rc;
	err = SSL_get_error(t->ssl, rc);
	if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
		return tls_wait(t, rc, want);
	/* keepalived judges what came, however the stream ended. */
	t->clean_close = err == SSL_ERROR_ZERO_RETURN;
	return 0;
}

static void
tls_close(void *tp)
{
	struct tls *t = tp;

	if (t == NULL)
		return;
	SSL_set_quiet_shutdown(t->ssl, 1);
	SSL_shutdown(t->ssl);
	SSL_free(t->ssl);
	free(t);
}

/* keepalived's ssl_read_thread: a clean close before any header. */
static const char *
tls_no_data(void *tp)
{
	struct tls *t = tp;

	return t != NULL && t->clean_close ? "SSL read error from" : NULL;
}

const struct http_transport http_tls = {
	.open = tls_open,
	.send = tls_send,
	.recv = tls_recv,
	.close = tls_close,
	.timeout_read = "Timeout SSL read",
	.read_error = "SSL read error from",
	.no_data = tls_no_data,
};

#else	/* !HAVE_OPENSSL */

int
check_ssl_init(const struct conf *conf)
{
	return 0;
}

void
check_ssl_free(void)
{
}

static int
tls_open(struct ce_checker *c, const struct check_url *u, void **tp,
    uint32_t *want)
{
	static bool told;

	if (!told)
		log_info("SSL_GET is not supported by this build (no OpenSSL)");
	told = true;
	*tp = NULL;
	return -1;
}

static void
tls_close(void *tp)
{
}

const struct http_transport http_tls = {
	.open = tls_open,
	.close = tls_close,
	.timeout_read = "Timeout SSL read",
	.read_error = "SSL read error from",
};

#endif	/* HAVE_OPENSSL */
