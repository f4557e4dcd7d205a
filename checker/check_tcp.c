/*
 * check_tcp: TCP_CHECK.  Up when a TCP connection to the destination
 * completes within connect_timeout; the connection is closed at once.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "log.h"
#include "check_engine.h"

static void
tcp_ready(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err != 0)
		ce_why(c, "%s", strerror(err));
	ce_done(c, err == 0, NULL);
}

static int
tcp_start(struct ce_checker *c)
{
	if (ce_connect(c, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT, tcp_ready) == -1)
		return -1;
	return 0;
}

/* check_tcp.c tcp_epilog's words. */
static void
tcp_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("TCP connection to %s success.", ce_chk_str(c));
	else if (o->actions & SCHED_A_AFTER_RETRIES)
		log_info("TCP_CHECK on service %s failed after %u retries.",
		    ce_chk_str(c), c->sc.p.retry);
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("TCP_CHECK on service %s failed.", ce_chk_str(c));
	else if (c->why[0] != '\0' && c->sc.is_up &&
	    (c->conf->log_all_failures ||
	    c->eng->conf->global.checker_log_all_failures))
		log_info("TCP connection to %s %s.", ce_chk_str(c),
		    strcmp(c->why, "timeout") == 0 ? "timeout" : "failed");
}

const struct check_type_ops check_tcp_ops = {
	.name = "TCP_CHECK",
	.policy = SCHED_RETRY_TCP,
	.start = tcp_start,
	.log = tcp_log,
	.alert_up = "=> TCP CHECK succeed on service <=",
	.alert_down = "=> TCP CHECK failed on service <=",
};
