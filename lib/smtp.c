/*
 * smtp: the alert client.  One struct smtp_alert per mail, with its
 * socket, its reply reader and a stage; a table gives each stage the
 * reply it waits for.  A wrong reply, a read error or a timeout moves
 * to QUIT as keepalived does; the server closing ends the alert.
 */
#include <sys/epoll.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf_global.h"
#include "log.h"
#include "smtp.h"
#include "xalloc.h"

#define SMTP_SUBJECT_MAX	256	/* keepalived's MAX_HEADERS_LENGTH */
#define SMTP_BODY_MAX		512	/* MAX_BODY_LENGTH */
#define SMTP_RD_MAX		512

enum smtp_stage {
	SMTP_CONNECT, SMTP_GREET, SMTP_HELO, SMTP_MAIL, SMTP_RCPT,
	SMTP_DATA, SMTP_BODY, SMTP_QUIT, SMTP_END
};

static const struct {
	int		 code;
	const char	*name;
} smtp_fsm[] = {
	[SMTP_CONNECT] = { -1, NULL },
	[SMTP_GREET] = { 220, "(E)SMTP" },
	[SMTP_HELO] = { 250, "HELO" },
	[SMTP_MAIL] = { 250, "MAIL" },
	[SMTP_RCPT] = { 250, "RCPT" },
	[SMTP_DATA] = { 354, "DATA" },
	[SMTP_BODY] = { 250, "BODY" },
	[SMTP_QUIT] = { 221, "QUIT" },
};

struct smtp_alert {
	LIST_ENTRY(smtp_alert)	 entry;
	struct ev_loop		*loop;
	int			 fd;
	struct ev_io		 io;
	struct ev_timer		 tmo;
	uint64_t		 timeout_us;
	enum smtp_stage		 stage;
	char			 host[INET6_ADDRSTRLEN + 16];
	char			*helo, *from, *msg;
	char			**rcpt;
	size_t			 nrcpt, next_rcpt;
	char			 rd[SMTP_RD_MAX];
	size_t			 rdlen;
	smtp_done_fn		 done;
	void			*arg;
};

static LIST_HEAD(, smtp_alert) smtp_alerts = LIST_HEAD_INITIALIZER(smtp_alerts);
static size_t smtp_nalerts;

/* --- names --------------------------------------------------------------- */

const char *
smtp_local_name(void)
{
	static char name[256];
	static int done;
	struct addrinfo hints, *res = NULL;
	struct utsname u;

	if (done)
		return name[0] != '\0' ? name : NULL;
	done = 1;
	if (uname(&u) == -1)
		return NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_CANONNAME;
	if (getaddrinfo(u.nodename, NULL, &hints, &res) == 0 && res != NULL &&
	    res->ai_canonname != NULL)
		snprintf(name, sizeof(name), "%s", res->ai_canonname);
	if (res != NULL)
		freeaddrinfo(res);
	return name[0] != '\0' ? name : NULL;
}

const char *
smtp_router_id(const struct global_conf *g)
{
	const char *n;

	if (g->router_id != NULL)
		return g->router_id;
	n = smtp_local_name();
	return n != NULL ? n : "";
}

bool
smtp_alert_configured(const struct global_conf *g)
{
	return !STAILQ_EMPTY(&g->notification_email) &&
	    g->smtp_server.name != NULL &&
	    (g->smtp_server.addr.family == AF_INET ||
	    g->smtp_server.addr.family == AF_INET6);
}

/* --- life of an alert ------------------------------------------------------ */

static void
smtp_free(struct smtp_alert *a)
{
	size_t i;

	LIST_REMOVE(a, entry);
	smtp_nalerts--;
	if (a->io.active)
		ev_io_stop(a->loop, &a->io);
	ev_timer_stop(a->loop, &a->tmo);
	if (a->fd >= 0)
		close(a->fd);
	for (i = 0; i < a->nrcpt; i++)
		free(a->rcpt[i]);
	free(a->rcpt);
	free(a->helo);
	free(a->from);
	free(a->msg);
	free(a);
}

static void
smtp_finish(struct smtp_alert *a, bool sent)
{
	smtp_done_fn done = a->done;
	void *arg = a->arg;

	smtp_free(a);
	if (done != NULL)
		done(sent, arg);
}

size_t
smtp_alert_pending(void)
{
	return smtp_nalerts;
}

void
smtp_alert_abandon_all(struct ev_loop *l)
{
	while (!LIST_EMPTY(&smtp_alerts))
		smtp_free(LIST_FIRST(&smtp_alerts));
}

/* --- the dialogue ---------------------------------------------------------- */

/* The command of the stage just entered; 0, or -1 when it cannot go. */
static int
smtp_command(struct smtp_alert *a)
{
	char cmd[512];
	const char *s = cmd;
	size_t len;
	ssize_t n;
	int w = 0;

	switch (a->stage) {
	case SMTP_HELO:
		w = snprintf(cmd, sizeof(cmd), "HELO %s\r\n", a->helo);
		break;
	case SMTP_MAIL:
		w = snprintf(cmd, sizeof(cmd), "MAIL FROM:<%s>\r\n", a->from);
		break;
	case SMTP_RCPT:
		w = snprintf(cmd, sizeof(cmd), "RCPT TO:<%s>\r\n",
		    a->rcpt[a->next_rcpt++]);
		break;
	case SMTP_DATA:
		w = snprintf(cmd, sizeof(cmd), "DATA\r\n");
		break;
	case SMTP_BODY:
		s = a->msg;
		w = (int)strlen(a->msg);
		break;
	case SMTP_QUIT:
		w = snprintf(cmd, sizeof(cmd), "QUIT\r\n");
		break;
	default:
		return -1;
	}
	if (w <= 0 || (s == cmd && (size_t)w >= sizeof(cmd)))
		return -1;
	len = (size_t)w;
	/* The socket buffer is empty between replies: one send fits. */
	n = send(a->fd, s, len, MSG_NOSIGNAL);
	if (n != (ssize_t)len) {
		log_info("Cannot send data to remote SMTP server %s.", a->host);
		return -1;
	}
	ev_timer_start(a->loop, &a->tmo, a->timeout_us);
	return 0;
}

/* A complete reply: its code, or -1 while the last line is incomplete.
 * Continuation lines ("250-...") are skipped. */
static int
smtp_reply(struct smtp_alert *a)
{
	char *line = a->rd, *nl;
	int code = -1;

	while ((nl = memchr(line, '\n', a->rdlen - (size_t)(line - a->rd)))
	    != NULL) {
		if (nl - line >= 3 && (nl - line == 3 || line[3] != '-' )) {
			code = (line[0] - '0') * 100 + (line[1] - '0') * 10 +
			    (line[2] - '0');
			line = nl + 1;
			break;
		}
		line = nl + 1;
	}
	a->rdlen -= (size_t)(line - a->rd);
	memmove(a->rd, line, a->rdlen);
	return code;
}

/* Move on after a reply; 1 when the alert is over. */
static int
smtp_advance(struct smtp_alert *a, int code)
{
	if (code != smtp_fsm[a->stage].code) {
		log_info("Error processing %s cmd on SMTP server %s. SMTP "
		    "status code = %d", smtp_fsm[a->stage].name, a->host, code);
		if (a->stage == SMTP_QUIT)
			return 1;
		a->stage = SMTP_QUIT;
	} else if (a->stage == SMTP_QUIT) {
		return 1;
	} else if (a->stage == SMTP_BODY) {
		if (log_detail() > 0)
			log_info("SMTP alert successfully sent.");
		/* The mail is the server's now: report it as sent. */
		if (a->done != NULL)
			a->done(true, a->arg);
		a->done = NULL;
		a->stage = SMTP_QUIT;
	} else if (a->stage != SMTP_RCPT || a->next_rcpt >= a->nrcpt)
		a->stage++;
	return smtp_command(a) == -1 ? 1 : 0;
}

static void
smtp_connected(struct smtp_alert *a)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
	    err != 0) {
		log_info("SMTP connection ERROR to %s.", a->host);
		smtp_finish(a, false);
		return;
	}
	if (log_detail() > 0)
		log_info("Remote SMTP server %s connected.", a->host);
	a->stage = SMTP_GREET;
	ev_io_modify(a->loop, &a->io, EPOLLIN);
	ev_timer_start(a->loop, &a->tmo, a->timeout_us);
}

static void
smtp_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct smtp_alert *a = io->arg;
	ssize_t n;
	int code;

	if (a->stage == SMTP_CONNECT) {
		smtp_connected(a);
		return;
	}
	n = read(a->fd, a->rd + a->rdlen, sizeof(a->rd) - a->rdlen);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == 0) {
		if (a->stage != SMTP_QUIT)
			log_info("Remote SMTP server %s has closed the "
			    "connection.", a->host);
		smtp_finish(a, false);
		return;
	}
	if (n == -1) {
		log_info("Error reading data from remote SMTP server %s.",
		    a->host);
		smtp_finish(a, false);
		return;
	}
	a->rdlen += (size_t)n;
	while ((code = smtp_reply(a)) != -1)
		if (smtp_advance(a, code) == 1) {
			smtp_finish(a, false);
			return;
		}
	if (a->rdlen == sizeof(a->rd)) {
		log_info("Received buffer from remote SMTP server %s overflow "
		    "our get read buffer length.", a->host);
		smtp_finish(a, false);
	}
}

static void
smtp_timeout(struct ev_loop *l, struct ev_timer *t)
{
	struct smtp_alert *a = t->arg;

	if (a->stage == SMTP_CONNECT) {
		log_info("Timeout opening connection to remote SMTP server "
		    "%s.", a->host);
		smtp_finish(a, false);
		return;
	}
	log_info("Timeout reading data to remote SMTP server %s.", a->host);
	if (a->stage == SMTP_QUIT) {
		smtp_finish(a, false);
		return;
	}
	a->stage = SMTP_QUIT;
	if (smtp_command(a) == -1)
		smtp_finish(a, false);
}

/* --- building one ---------------------------------------------------------- */

static char *
smtp_from(const struct global_conf *g)
{
	const char *name = smtp_local_name();
	struct passwd *pw;
	char buf[512];

	if (g->notification_email_from != NULL)
		return xstrdup(g->notification_email_from);
	pw = getpwuid(getuid());
	snprintf(buf, sizeof(buf), "%s@%s", pw != NULL ? pw->pw_name : "root",
	    name != NULL ? name : "localhost");
	return xstrdup(buf);
}

/* Headers, body and the final dot, as keepalived's body_cmd. */
static char *
smtp_message(const struct global_conf *g, const char *from,
    const char *subject, const char *body)
{
	const struct global_email *m;
	char date[80], *to, *msg;
	size_t tolen = 1, mlen, len;
	time_t now = time(NULL);
	struct tm tm;

	STAILQ_FOREACH(m, &g->notification_email, next)
		tolen += strlen(m->addr) + 2;
	to = xcalloc(1, tolen);
	STAILQ_FOREACH(m, &g->notification_email, next) {
		len = strlen(to);
		snprintf(to + len, tolen - len, "%s%s", len > 0 ? ", " : "",
		    m->addr);
	}
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	mlen = strlen(date) + strlen(from) + SMTP_SUBJECT_MAX + tolen +
	    SMTP_BODY_MAX + 128;
	msg = xmalloc(mlen);
	snprintf(msg, mlen, "Date: %s\r\nFrom: %s\r\nSubject: %.*s\r\n"
	    "X-Mailer: Keepalived\r\nTo: %s\r\n\r\n%.*s\r\n\r\n.\r\n", date,
	    from, SMTP_SUBJECT_MAX - 1, subject, to, SMTP_BODY_MAX - 1, body);
	free(to);
	return msg;
}

static socklen_t
smtp_sockaddr(const struct global_smtp_server *s, struct sockaddr_storage *ss,
    char *host, size_t hostlen)
{
	unsigned port = s->port != 0 ? s->port : 25;
	char ip[INET6_ADDRSTRLEN];

	memset(ss, 0, sizeof(*ss));
	inet_ntop(s->addr.family, &s->addr.u, ip, sizeof(ip));
	snprintf(host, hostlen, "[%s]:%u", ip, port);
	if (s->addr.family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		s4->sin_addr = s->addr.u.v4;
		return sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		s6->sin6_addr = s->addr.u.v6;
		return sizeof(*s6);
	}
}

static struct smtp_alert *
smtp_new(struct ev_loop *l, const struct global_conf *g, const char *subject,
    const char *body)
{
	const struct global_email *m;
	const char *name = smtp_local_name();
	struct smtp_alert *a = xcalloc(1, sizeof(*a));

	a->loop = l;
	a->fd = -1;
	a->timeout_us = g->smtp_connect_timeout != 0 ?
	    g->smtp_connect_timeout : 30000000;
	ev_timer_init(&a->tmo, smtp_timeout, a);
	a->helo = xstrdup(g->smtp_helo_name != NULL ? g->smtp_helo_name :
	    name != NULL ? name : "localhost");
	a->from = smtp_from(g);
	STAILQ_FOREACH(m, &g->notification_email, next)
		a->nrcpt++;
	a->rcpt = xcalloc(a->nrcpt, sizeof(*a->rcpt));
	a->nrcpt = 0;
	STAILQ_FOREACH(m, &g->notification_email, next)
		a->rcpt[a->nrcpt++] = xstrdup(m->addr);
	a->msg = smtp_message(g, a->from, subject, body);
	LIST_INSERT_HEAD(&smtp_alerts, a, entry);
	smtp_nalerts++;
	return a;
}

int
smtp_alert_send(struct ev_loop *l, const struct global_conf *g,
    const char *subject, const char *body, smtp_done_fn done, void *arg)
{
	struct sockaddr_storage ss;
	struct smtp_alert *a;
	socklen_t slen;
	int saved;

	if (!smtp_alert_configured(g)) {
		errno = ENOENT;
		return -1;
	}
	a = smtp_new(l, g, subject, body);
	slen = smtp_sockaddr(&g->smtp_server, &ss, a->host, sizeof(a->host));
	a->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, IPPROTO_TCP);
	if (a->fd == -1 || (connect(a->fd, (struct sockaddr *)&ss, slen) ==
	    -1 && errno != EINPROGRESS))
		goto fail;
	ev_io_init(&a->io, a->fd, EPOLLOUT, smtp_io, a);
	if (ev_io_start(l, &a->io) == -1)
		goto fail;
	ev_timer_start(l, &a->tmo, a->timeout_us);
	a->done = done;
	a->arg = arg;
	return 0;
fail:
	saved = errno;
	log_info("SMTP connection ERROR to %s.", a->host);
	smtp_free(a);
	errno = saved;
	return -1;
}
