/*
 * check_dns: DNS_CHECK.  One UDP query (recursion desired, the
 * configured type, default SOA, for the configured name, default the
 * root); up on a reply with the same id, QR set and rcode 0.  Replies
 * with a wrong id or without QR are ignored until the timeout.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"
#include "check_engine.h"

#define DNS_BUF		512

struct dns_state {
	uint16_t	 id;
	uint8_t		 q[DNS_BUF];
	size_t		 qlen;
};

static const struct {
	const char	*name;
	uint16_t	 type;
} dns_types[] = {
	{ "A", 1 }, { "NS", 2 }, { "CNAME", 5 }, { "SOA", 6 }, { "MX", 15 },
	{ "TXT", 16 }, { "AAAA", 28 }
};

static uint16_t
dns_type(const char *s)
{
	size_t i;

	if (s == NULL)
		return 6;
	for (i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (strcasecmp(s, dns_types[i].name) == 0)
			return dns_types[i].type;
	return 6;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Header, QNAME as labels, QTYPE, QCLASS IN.  -1 when it does not fit. */
static int
dns_query(struct dns_state *d, const char *name, uint16_t type)
{
	const char *s = name != NULL ? name : ".", *dot;
	uint8_t *p = d->q + 12, *end = d->q + sizeof(d->q) - 5;
	size_t n;

	memset(d->q, 0, 12);
	put16(d->q, d->id);
	put16(d->q + 2, 0x0100);	/* RD */
	put16(d->q + 4, 1);
	while (*s != '\0') {
		dot = strchr(s, '.');
		n = dot != NULL ? (size_t)(dot - s) : strlen(s);
		if (n > 63 || p + 1 + n >= end)
			return -1;
		if (n > 0) {
			*p++ = (uint8_t)n;
			memcpy(p, s, n);
			p += n;
		}
		s += n;
		if (*s == '.')
			s++;
	}
	*p++ = 0;
	put16(p, type);
	put16(p + 2, 1);
	d->qlen = (size_t)(p + 4 - d->q);
	return 0;
}

static void
dns_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	struct dns_state *d = c->priv;
	uint8_t r[DNS_BUF];
	ssize_t n;
	unsigned flags;

	for (;;) {
		n = recv(c->fd, r, sizeof(r), 0);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n == -1) {
			ce_why(c, "failed to read socket; errno %d (%s)",
			    errno, strerror(errno));
			ce_done(c, false, NULL);
			return;
		}
		if (n < 12 || (unsigned)(r[0] << 8 | r[1]) != d->id)
			continue;
		flags = (unsigned)(r[2] << 8 | r[3]);
		if (!(flags & 0x8000))
			continue;
		if ((flags & 0xf) != 0) {
			ce_why(c, "read error occurred. (rcode = %u)",
			    flags & 0xf);
			ce_done(c, false, NULL);
			return;
		}
		ce_done(c, true, NULL);
		return;
	}
}

static int
dns_start(struct ce_checker *c)
{
	struct dns_state *d = xcalloc(1, sizeof(*d));

	c->priv = d;
	d->id = (uint16_t)random();
	if (dns_query(d, c->conf->u.dns.name, dns_type(c->conf->u.dns.type))
	    == -1) {
		ce_why(c, "name too long");
		errno = EINVAL;
		return -1;
	}
	if (ce_connect(c, SOCK_DGRAM, IPPROTO_UDP, EPOLLIN, dns_io) == -1)
		return -1;
	if (send(c->fd, d->q, d->qlen, 0) != (ssize_t)d->qlen) {
		ce_why(c, "failed to write socket.");
		return -1;
	}
	return 0;
}

static void
dns_cancel(struct ce_checker *c)
{
	free(c->priv);
	c->priv = NULL;
}

/* check_dns.c dns_final's words: "DNS_CHECK (rs) message". */
static void
dns_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (!(o->actions & SCHED_A_LOG_FAILED))
		return;
	if (o->actions & SCHED_A_AFTER_RETRIES)
		log_info("DNS_CHECK (%s) %s after %u retries", ce_chk_str(c),
		    c->why, c->sc.p.retry);
	else
		log_info("DNS_CHECK (%s) %s", ce_chk_str(c), c->why);
}

const struct check_type_ops check_dns_ops = {
	.name = "DNS_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = dns_start,
	.cancel = dns_cancel,
	.log = dns_log,
	.alert_up = "=> DNS_CHECK: succeed on service <=",
	.alert_down = "=> DNS_CHECK: failed on service <=",
};
