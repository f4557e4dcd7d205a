/*
 * check_ping: PING_CHECK.  One ICMP (ICMPv6) echo request; up on the
 * echo reply before connect_timeout.  Uses an unprivileged ping socket
 * (SOCK_DGRAM, as keepalived does) and falls back to a raw socket when
 * net.ipv4.ping_group_range does not allow it.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"
#include "check_engine.h"

#define PING_LEN	64

struct ping_state {
	bool		 raw;
	bool		 v6;		/* the destination's family */
	uint16_t	 id, seq;
};

static uint16_t
ping_cksum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static bool
ping_match(struct ce_checker *c, struct ping_state *ps, const uint8_t *r,
    ssize_t n)
{
	bool v6 = ps->v6;
	size_t off = 0;

	if (!v6 && ps->raw) {
		if (n < 20)
			return false;
		off = (size_t)(r[0] & 0x0f) * 4;
	}
	if (n < (ssize_t)(off + 8))
		return false;
	r += off;
	if (r[0] != (v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY))
		return false;
	/* A ping socket rewrites the id: only a raw socket checks it. */
	if (ps->raw && (unsigned)(r[4] << 8 | r[5]) != ps->id)
		return false;
	return (unsigned)(r[6] << 8 | r[7]) == ps->seq;
}

static void
ping_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	struct ping_state *ps = c->priv;
	uint8_t r[1500];
	ssize_t n;
	int i;

	for (i = 0; i < 64; i++) {
		n = recv(c->fd, r, sizeof(r), 0);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n == -1) {
			ce_why(c, "recv ICMP packet error");
			ce_done(c, false, NULL);
			return;
		}
		if (ping_match(c, ps, r, n)) {
			ce_done(c, true, NULL);
			return;
		}
	}
}

static int
ping_send(struct ce_checker *c, struct ping_state *ps)
{
	bool v6 = ps->v6;
	uint8_t pkt[PING_LEN];
	uint16_t sum;
	unsigned i;

	memset(pkt, 0, sizeof(pkt));
	pkt[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	pkt[4] = (uint8_t)(ps->id >> 8);
	pkt[5] = (uint8_t)ps->id;
	pkt[6] = (uint8_t)(ps->seq >> 8);
	pkt[7] = (uint8_t)ps->seq;
	for (i = 8; i < sizeof(pkt); i++)
		pkt[i] = (uint8_t)i;
	if (!v6) {
		sum = ping_cksum(pkt, sizeof(pkt));
		pkt[2] = (uint8_t)(sum >> 8);
		pkt[3] = (uint8_t)sum;
	}
	if (send(c->fd, pkt, sizeof(pkt), 0) != (ssize_t)sizeof(pkt)) {
		ce_why(c, "send ICMP packet fail");
		return -1;
	}
	return 0;
}

static int
ping_start(struct ce_checker *c)
{
	struct ping_state *ps = xcalloc(1, sizeof(*ps));
	struct sockaddr_storage dst;
	static uint16_t seq;
	int proto;

	c->priv = ps;
	if (ce_dst(c, &dst) == -1)
		return -1;
	ps->v6 = dst.ss_family == AF_INET6;
	ps->id = (uint16_t)(getpid() ^ (uintptr_t)c);
	ps->seq = ++seq;
	proto = c->rs->conf->addr.family == AF_INET6 ? IPPROTO_ICMPV6 :
	    IPPROTO_ICMP;
	if (ce_connect(c, SOCK_DGRAM, proto, EPOLLIN, ping_io) == -1) {
		if (c->fd >= 0) {
			ce_step_stop(c);
			close(c->fd);
			c->fd = -1;
		}
		ps->raw = true;
		if (ce_connect(c, SOCK_RAW, proto, EPOLLIN, ping_io) == -1) {
			ce_why(c, "ICMP connect fail to create socket");
			return -1;
		}
	}
	return ping_send(c, ps);
}

static void
ping_cancel(struct ce_checker *c)
{
	free(c->priv);
	c->priv = NULL;
}

/* check_ping.c icmp_epilog's words. */
static void
ping_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("ICMP connection to %s success.", ce_chk_str(c));
	else if (o->actions & SCHED_A_AFTER_RETRIES)
		log_info("ICMP CHECK on service %s of %s failed after %u "
		    "retries.", ce_chk_str(c), c->rs->vs->str,
		    c->sc.p.retry);
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("ICMP CHECK on service %s failed.", ce_chk_str(c));
}

const struct check_type_ops check_ping_ops = {
	.name = "PING_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = ping_start,
	.cancel = ping_cancel,
	.log = ping_log,
	.alert_up = "=> ICMP CHECK succeed on service <=",
	.alert_down = "=> ICMP CHECK failed on service <=",
};
