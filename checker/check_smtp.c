/*
 * check_smtp: SMTP_CHECK, and keepalived's SMTP alerts (smtp_server,
 * notification_email) for real server changes: both are the same small
 * non-blocking SMTP client, a reply reader plus a table of stages.
 *
 * SMTP_CHECK: connect, 220 greeting, "HELO <helo_name>" answered 250,
 * then QUIT: up.  Each step is bounded by connect_timeout.
 * Alert: 220, HELO, MAIL FROM, RCPT TO per address, DATA (354), the
 * message with keepalived's headers, QUIT; each step bounded by
 * smtp_connect_timeout.  A failed alert is logged and dropped.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"
#include "check_engine.h"

#define SMTP_DEFAULT_HELO	"smtpchecker.keepalived.org"
#define SMTP_BUF		1024

/* Reply reader: one final reply line ("250 ok", after any "250-"). */
struct smtp_rd {
	char	 buf[SMTP_BUF];
	size_t	 len;
};

/* 1 with *code for a complete reply, 0 for more, -1 on error or EOF. */
static int
smtp_reply(struct smtp_rd *r, int fd, int *code)
{
	char *nl, *line;
	ssize_t n;

	for (;;) {
		line = r->buf;
		while ((nl = memchr(line, '\n', r->len - (size_t)(line -
		    r->buf))) != NULL) {
			if (nl - line >= 3 && (nl - line == 3 || line[3] != '-')) {
				*code = atoi(line);
				r->len = 0;
				return 1;
			}
			line = nl + 1;
		}
		if (line != r->buf) {
			r->len -= (size_t)(line - r->buf);
			memmove(r->buf, line, r->len);
		}
		if (r->len >= sizeof(r->buf) - 1)
			return -1;
		n = read(fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n <= 0)
			return -1;
		r->len += (size_t)n;
	}
}

static int
smtp_send(int fd, const char *s, size_t len)
{
	ssize_t n;

	/* Commands are short and the socket buffer empty: one send. */
	n = send(fd, s, len, MSG_NOSIGNAL);
	return n == (ssize_t)len ? 0 : -1;
}

/* --- SMTP_CHECK ---------------------------------------------------------- */

enum smtpc_stage { SMTPC_CONNECT, SMTPC_GREET, SMTPC_HELO };

struct smtpc_state {
	enum smtpc_stage	 stage;
	struct smtp_rd		 rd;
};

static void
smtpc_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	struct smtpc_state *s = c->priv;
	char cmd[300];
	socklen_t len = sizeof(int);
	int err = 0, code = 0, rc, n;
	const char *helo = c->conf->u.smtp.helo_name;

	if (s->stage == SMTPC_CONNECT) {
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			ce_why(c, "Error connecting server %s", ce_chk_str(c));
			ce_done(c, false, NULL);
			return;
		}
		s->stage = SMTPC_GREET;
		ev_io_modify(l, io, EPOLLIN);
		ce_step(c);
		return;
	}
	if ((rc = smtp_reply(&s->rd, c->fd, &code)) == 0)
		return;
	if (rc == -1) {
		ce_why(c, "Error reading data from server %s", ce_chk_str(c));
		ce_done(c, false, NULL);
		return;
	}
	ce_step(c);
	if (s->stage == SMTPC_GREET && code == 220) {
		n = snprintf(cmd, sizeof(cmd), "HELO %s\r\n", helo != NULL ?
		    helo : SMTP_DEFAULT_HELO);
		if (n > 0 && (size_t)n < sizeof(cmd) &&
		    smtp_send(c->fd, cmd, (size_t)n) == 0) {
			s->stage = SMTPC_HELO;
			return;
		}
		ce_why(c, "Cannot send data to server %s", ce_chk_str(c));
	} else if (s->stage == SMTPC_HELO && code == 250) {
		smtp_send(c->fd, "QUIT\r\n", 6);
		ce_done(c, true, NULL);
		return;
	} else
		ce_why(c, "Bad server response code %d from server %s", code,
		    ce_chk_str(c));
	ce_done(c, false, NULL);
}

static int
smtpc_start(struct ce_checker *c)
{
	c->priv = xcalloc(1, sizeof(struct smtpc_state));
	if (ce_connect(c, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT, smtpc_io) == -1)
		return -1;
	return 0;
}

static void
smtpc_cancel(struct ce_checker *c)
{
	free(c->priv);
	c->priv = NULL;
}

static void
smtpc_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("Remote SMTP server %s succeed on service.",
		    ce_chk_str(c));
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("SMTP_CHECK %s", c->why[0] != '\0' &&
		    strcmp(c->why, "timeout") != 0 ? c->why :
		    "Timeout connecting server");
}

const struct check_type_ops check_smtp_ops = {
	.name = "SMTP_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = smtpc_start,
	.cancel = smtpc_cancel,
	.log = smtpc_log,
	.alert_up = "=> CHECK succeed on service <=",
	.alert_down = "=> CHECK failed on service <=",
};

/* --- SMTP alerts ------------------------------------------------------- */

enum alert_stage {
	ALERT_CONNECT, ALERT_GREET, ALERT_HELO, ALERT_MAIL, ALERT_RCPT,
	ALERT_DATA, ALERT_BODY, ALERT_QUIT
};

struct ce_alert {
	LIST_ENTRY(ce_alert)	 next;
	struct ce_engine	*eng;
	int			 fd;
	struct ev_io		 io;
	struct ev_timer		 tmo;
	enum alert_stage	 stage;
	const struct global_email *rcpt;
	struct smtp_rd		 rd;
	char			 host[INET6_ADDRSTRLEN + 16];
	char			*msg;		/* headers and body */
};

static void
alert_free(struct ce_alert *a)
{
	struct ev_loop *l = a->eng->loop;

	LIST_REMOVE(a, next);
	if (a->io.active)
		ev_io_stop(l, &a->io);
	ev_timer_stop(l, &a->tmo);
	if (a->fd >= 0)
		close(a->fd);
	free(a->msg);
	free(a);
}

void
ce_alert_free_all(struct ce_engine *e)
{
	while (!LIST_EMPTY(&e->alerts))
		alert_free(LIST_FIRST(&e->alerts));
}

static void
alert_tmo(struct ev_loop *l, struct ev_timer *t)
{
	struct ce_alert *a = t->arg;

	log_info("Timeout reading data to remote SMTP server %s.", a->host);
	alert_free(a);
}

static const char *
alert_from(const struct global_conf *g, char *buf, size_t len)
{
	struct passwd *pw;
	char host[256];

	if (g->notification_email_from != NULL)
		return g->notification_email_from;
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	pw = getpwuid(getuid());
	snprintf(buf, len, "%s@%s", pw != NULL ? pw->pw_name : "root", host);
	return buf;
}

/* The next command for the stage just reached; -1 to give up. */
static int
alert_command(struct ce_alert *a)
{
	const struct global_conf *g = &a->eng->conf->global;
	char cmd[512], from[300], host[256];
	int n = -1;

	switch (a->stage) {
	case ALERT_HELO:
		if (gethostname(host, sizeof(host)) == -1)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		n = snprintf(cmd, sizeof(cmd), "HELO %s\r\n",
		    g->smtp_helo_name != NULL ? g->smtp_helo_name : host);
		break;
	case ALERT_MAIL:
		n = snprintf(cmd, sizeof(cmd), "MAIL FROM:<%s>\r\n",
		    alert_from(g, from, sizeof(from)));
		break;
	case ALERT_RCPT:
		n = snprintf(cmd, sizeof(cmd), "RCPT TO:<%s>\r\n",
		    a->rcpt->addr);
		break;
	case ALERT_DATA:
		n = snprintf(cmd, sizeof(cmd), "DATA\r\n");
		break;
	case ALERT_BODY:
		return smtp_send(a->fd, a->msg, strlen(a->msg));
	case ALERT_QUIT:
		n = snprintf(cmd, sizeof(cmd), "QUIT\r\n");
		break;
	default:
		return -1;
	}
	if (n <= 0 || (size_t)n >= sizeof(cmd))
		return -1;
	return smtp_send(a->fd, cmd, (size_t)n);
}

/* A reply came: check it and move on. */
static int
alert_advance(struct ce_alert *a, int code)
{
	static const int want[] = {
		[ALERT_GREET] = 220, [ALERT_HELO] = 250, [ALERT_MAIL] = 250,
		[ALERT_RCPT] = 250, [ALERT_DATA] = 354, [ALERT_BODY] = 250,
		[ALERT_QUIT] = 221
	};

	if (code != want[a->stage] && !(a->stage == ALERT_RCPT &&
	    code == 251)) {
		log_info("Error processing %s cmd on SMTP server %s.",
		    a->stage == ALERT_GREET ? "CONNECT" : a->stage ==
		    ALERT_HELO ? "HELO" : a->stage == ALERT_MAIL ? "MAIL" :
		    a->stage == ALERT_RCPT ? "RCPT" : a->stage == ALERT_DATA ?
		    "DATA" : a->stage == ALERT_BODY ? "BODY" : "QUIT", a->host);
		return -1;
	}
	if (a->stage == ALERT_QUIT)
		return 1;
	if (a->stage == ALERT_BODY) {
		a->eng->alerts_sent++;
		if (log_detail() > 0)
			log_info("SMTP alert successfully sent.");
	}
	if (a->stage == ALERT_RCPT && STAILQ_NEXT(a->rcpt, next) != NULL)
		a->rcpt = STAILQ_NEXT(a->rcpt, next);
	else
		a->stage++;
	return alert_command(a);
}

static void
alert_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_alert *a = io->arg;
	socklen_t len = sizeof(int);
	int err = 0, code = 0, rc;

	if (a->stage == ALERT_CONNECT) {
		getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			log_info("SMTP connection ERROR to %s.", a->host);
			alert_free(a);
			return;
		}
		a->stage = ALERT_GREET;
		ev_io_modify(l, io, EPOLLIN);
		ev_timer_start(l, &a->tmo, a->eng->conf->global.
		    smtp_connect_timeout);
		return;
	}
	while ((rc = smtp_reply(&a->rd, a->fd, &code)) == 1) {
		ev_timer_start(l, &a->tmo, a->eng->conf->global.
		    smtp_connect_timeout);
		if ((rc = alert_advance(a, code)) != 0)
			break;
	}
	if (rc == -1 && a->stage != ALERT_QUIT)
		log_info("Error reading data from remote SMTP server %s.",
		    a->host);
	if (rc != 0)
		alert_free(a);
}

static int
alert_connect(struct ce_alert *a, const struct global_smtp_server *s)
{
	struct sockaddr_storage ss;
	socklen_t slen;
	unsigned port = s->port != 0 ? s->port : 25;
	char ip[INET6_ADDRSTRLEN];

	memset(&ss, 0, sizeof(ss));
	if (s->addr.family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		s4->sin_addr = s->addr.u.v4;
		slen = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		s6->sin6_addr = s->addr.u.v6;
		slen = sizeof(*s6);
	}
	inet_ntop(s->addr.family, &s->addr.u, ip, sizeof(ip));
	snprintf(a->host, sizeof(a->host), "[%s]:%u", ip, port);
	a->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (a->fd == -1 || (connect(a->fd, (struct sockaddr *)&ss, slen) ==
	    -1 && errno != EINPROGRESS))
		return -1;
	ev_io_init(&a->io, a->fd, EPOLLOUT, alert_io, a);
	if (ev_io_start(a->eng->loop, &a->io) == -1)
		return -1;
	ev_timer_start(a->eng->loop, &a->tmo,
	    a->eng->conf->global.smtp_connect_timeout);
	return 0;
}

/* Date, From, Subject, X-Mailer, To, the body and the final dot. */
static char *
alert_message(const struct global_conf *g, const char *subject,
    const char *body)
{
	const struct global_email *m;
	char date[80], from[300], to[1024], *msg;
	size_t len = 0, mlen;
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	to[0] = '\0';
	STAILQ_FOREACH(m, &g->notification_email, next) {
		int n = snprintf(to + len, sizeof(to) - len, "%s%s",
		    len > 0 ? ", " : "", m->addr);

		if (n < 0 || (size_t)n >= sizeof(to) - len)
			break;
		len += (size_t)n;
	}
	mlen = strlen(subject) + strlen(body) + strlen(to) + 600;
	msg = xmalloc(mlen);
	snprintf(msg, mlen, "Date: %s\r\nFrom: %s\r\nSubject: %s\r\n"
	    "X-Mailer: Keepalived\r\nTo: %s\r\n\r\n%s\r\n\r\n.\r\n", date,
	    alert_from(g, from, sizeof(from)), subject, to, body);
	return msg;
}

void
ce_alert_rs(struct ce_engine *e, struct ce_rs *rs, const char *body)
{
	const struct global_conf *g = &e->conf->global;
	struct ce_alert *a;
	char subject[1024], host[256];
	const char *rid = g->router_id;

	if (STAILQ_EMPTY(&g->notification_email) ||
	    g->smtp_server.name == NULL ||
	    (g->smtp_server.addr.family != AF_INET &&
	    g->smtp_server.addr.family != AF_INET6))
		return;
	if (rid == NULL) {
		if (gethostname(host, sizeof(host)) == -1)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		rid = host;
	}
	snprintf(subject, sizeof(subject), "[%.256s] Realserver %s of "
	    "virtual server %s - %s", rid, rs->str, rs->vs->str, rs->st.alive ? "UP" :
	    "DOWN");
	a = xcalloc(1, sizeof(*a));
	a->eng = e;
	a->fd = -1;
	a->rcpt = STAILQ_FIRST(&g->notification_email);
	ev_timer_init(&a->tmo, alert_tmo, a);
	LIST_INSERT_HEAD(&e->alerts, a, next);
	a->msg = alert_message(g, subject, body);
	if (alert_connect(a, &g->smtp_server) == -1) {
		log_info("SMTP connection ERROR to %s.", a->host);
		alert_free(a);
	}
}
