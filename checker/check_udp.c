/*
 * check_udp: UDP_CHECK.  Sends the payload (empty by default) on a
 * connected UDP socket.  Without require_reply the server is up unless
 * an ICMP error (ECONNREFUSED and the like) comes back before
 * connect_timeout; with it, a reply of min..max_reply_length bytes that
 * matches the reply pattern (under its mask) must arrive in time.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "check_engine.h"

static bool
udp_reply_ok(const struct check_udp *u, const uint8_t *r, size_t n)
{
	unsigned i, max = u->max_reply_len != 0 ? u->max_reply_len : 255;

	if (n < u->min_reply_len || n > max)
		return false;
	if (u->reply == NULL)
		return true;
	if (n < u->reply_len)
		return false;
	for (i = 0; i < u->reply_len; i++) {
		uint8_t m = u->reply_mask != NULL ? u->reply_mask[i] : 0xff;

		if ((r[i] & m) != (u->reply[i] & m))
			return false;
	}
	return true;
}

static void
udp_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	const struct check_udp *u = &c->conf->u.udp;
	uint8_t r[65536];
	ssize_t n;

	n = recv(c->fd, r, sizeof(r), 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1) {
		ce_why(c, "%s", strerror(errno));
		ce_done(c, false, NULL);
		return;
	}
	if (!u->require_reply) {
		ce_done(c, true, NULL);
		return;
	}
	if (!udp_reply_ok(u, r, (size_t)n)) {
		ce_why(c, "reply data mismatch");
		ce_done(c, false, NULL);
		return;
	}
	ce_done(c, true, NULL);
}

static int
udp_start(struct ce_checker *c)
{
	const struct check_udp *u = &c->conf->u.udp;
	static const uint8_t none[1];

	if (ce_connect(c, SOCK_DGRAM, IPPROTO_UDP, EPOLLIN, udp_io) == -1)
		return -1;
	if (send(c->fd, u->payload != NULL ? u->payload : none,
	    u->payload != NULL ? u->payload_len : 0, 0) == -1) {
		ce_why(c, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Silence until the deadline is success unless a reply is required. */
static bool
udp_timeout_ok(struct ce_checker *c)
{
	return !c->conf->u.udp.require_reply;
}

static void
udp_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("UDP connection to %s success.", ce_chk_str(c));
	else if (o->actions & SCHED_A_AFTER_RETRIES)
		log_info("UDP_CHECK on service %s failed after %u retries.",
		    ce_chk_str(c), c->sc.p.retry);
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("UDP_CHECK on service %s failed.", ce_chk_str(c));
}

const struct check_type_ops check_udp_ops = {
	.name = "UDP_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = udp_start,
	.timeout_ok = udp_timeout_ok,
	.log = udp_log,
	.alert_up = "=> UDP CHECK succeed on service <=",
	.alert_down = "=> UDP CHECK failed on service <=",
};
