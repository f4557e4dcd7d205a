/*
 * check_smtp: SMTP_CHECK, and the real server alerts (smtp_server,
 * notification_email), whose dialogue is lib/smtp.c's, shared with the
 * VRRP child.
 *
 * SMTP_CHECK: connect, 220 greeting, "HELO <helo_name>" answered 250,
 * then QUIT: up.  Each step is bounded by connect_timeout.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "smtp.h"
#include "xalloc.h"
#include "check_engine.h"

#define SMTP_DEFAULT_HELO	"smtpchecker.keepalived.org"
#define SMTP_BUF		1024

/* Reply reader: one final reply line ("250 ok", after any "250-"). */
struct smtpc_rd {
	char	 buf[SMTP_BUF];
	size_t	 len;
};

/* 1 with *code for a complete reply, 0 for more, -1 on error or EOF. */
static int
smtpc_reply(struct smtpc_rd *r, int fd, int *code)
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
smtpc_send(int fd, const char *s, size_t len)
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
	struct smtpc_rd		 rd;
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
	if ((rc = smtpc_reply(&s->rd, c->fd, &code)) == 0)
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
		    smtpc_send(c->fd, cmd, (size_t)n) == 0) {
			s->stage = SMTPC_HELO;
			return;
		}
		ce_why(c, "Cannot send data to server %s", ce_chk_str(c));
	} else if (s->stage == SMTPC_HELO && code == 250) {
		smtpc_send(c->fd, "QUIT\r\n", 6);
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

/* --- SMTP alerts (lib/smtp.c) -------------------------------------------- */

static void
alert_done(bool sent, void *arg)
{
	struct ce_engine *e = arg;

	if (sent)
		e->alerts_sent++;
}

void
ce_alert_free_all(struct ce_engine *e)
{
	smtp_alert_abandon_all(e->loop);
}

void
ce_alert_rs(struct ce_engine *e, struct ce_rs *rs, const char *body)
{
	const struct global_conf *g = &e->conf->global;
	char subject[1024];

	if (!smtp_alert_configured(g))
		return;
	snprintf(subject, sizeof(subject), "[%s] Realserver %s of virtual "
	    "server %s - %s", smtp_router_id(g), rs->str, rs->vs->str,
	    rs->st.alive ? "UP" : "DOWN");
	(void)smtp_alert_send(e->loop, g, subject, body, alert_done, e);
}
