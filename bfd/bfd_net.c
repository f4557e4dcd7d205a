/*
 * bfd_net: UDP sockets for BFD Control packets.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bfd_net.h"

/* Close fd after a failure, keeping the failure's errno; -1. */
static int
close_failed(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
	return -1;
}

static int
sockopt_on(int fd, int level, int name)
{
	int one = 1;

	return setsockopt(fd, level, name, &one, sizeof(one));
}

int
bfd_net_open_in(uint16_t port)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	int fd;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd != -1) {
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons(port);
		if (sockopt_on(fd, IPPROTO_IP, IP_RECVTTL) == -1 ||
		    sockopt_on(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT) == -1 ||
		    sockopt_on(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO) == -1 ||
		    bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == -1)
			return close_failed(fd);
		return fd;
	}
	if (errno != EAFNOSUPPORT)
		return -1;
	/* No IPv6 on this host: IPv4 only, as keepalived falls back. */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	s4.sin_port = htons(port);
	if (sockopt_on(fd, IPPROTO_IP, IP_RECVTTL) == -1 ||
	    sockopt_on(fd, IPPROTO_IP, IP_PKTINFO) == -1 ||
	    bind(fd, (struct sockaddr *)&s4, sizeof(s4)) == -1)
		return close_failed(fd);
	return fd;
}

static socklen_t
sa_set(struct sockaddr_storage *ss, const struct addr *a, uint16_t port)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr = a->u.v4;
		return sizeof(*s4);
	}
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	s6->sin6_addr = a->u.v6;
	return sizeof(*s6);
}

/* ip_local_port_range clipped to RFC 5881's 49152..65535; the whole of
 * that when fewer than 1024 ports would be left (keepalived's rule). */
static void
port_range(unsigned *lo, unsigned *hi)
{
	unsigned a = BFD_NET_PORT_MIN, b = 60999;
	FILE *fp;

	fp = fopen("/proc/sys/net/ipv4/ip_local_port_range", "re");
	if (fp != NULL) {
		if (fscanf(fp, "%u %u", &a, &b) != 2) {
			a = BFD_NET_PORT_MIN;
			b = 60999;
		}
		fclose(fp);
	}
	if (a < BFD_NET_PORT_MIN)
		a = BFD_NET_PORT_MIN;
	if (b > BFD_NET_PORT_MAX)
		b = BFD_NET_PORT_MAX;
	if (a + 1023 > b) {
		a = BFD_NET_PORT_MIN;
		b = BFD_NET_PORT_MAX;
	}
	*lo = a;
	*hi = b;
}

static int
bind_source(int fd, const struct addr *src, uint32_t seed)
{
	struct sockaddr_storage ss;
	unsigned lo, hi, first, port;
	socklen_t sl;

	port_range(&lo, &hi);
	first = port = lo + seed % (hi - lo + 1);
	do {
		sl = sa_set(&ss, src, (uint16_t)port);
		if (bind(fd, (struct sockaddr *)&ss, sl) == 0)
			return 0;
		if (errno != EADDRINUSE)
			return -1;
		port = port == hi ? lo : port + 1;
	} while (port != first);
	return -1;
}

int
bfd_net_open_out(const struct addr *nbr, const struct addr *src, int ttl,
    uint32_t port_seed)
{
	int fd, r;

	fd = socket(nbr->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	/* Without a source the kernel picks the port, maybe outside
	 * RFC 5881's range: keepalived does the same. */
	if (addr_is_set(src) && bind_source(fd, src, port_seed) == -1)
		return close_failed(fd);
	if (nbr->family == AF_INET)
		r = setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	else
		r = setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
		    sizeof(ttl));
	if (r == -1)
		return close_failed(fd);
	return fd;
}

int
bfd_net_send(int fd, const struct addr *nbr, uint16_t port, const void *buf,
    size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sa_set(&ss, nbr, port);

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sl) !=
	    (ssize_t)len)
		return -1;
	return 0;
}

/* An IPv4-mapped IPv6 address becomes the IPv4 address. */
static void
addr_from6(struct addr *a, const struct in6_addr *in6)
{
	memset(a, 0, sizeof(*a));
	if (IN6_IS_ADDR_V4MAPPED(in6)) {
		a->family = AF_INET;
		memcpy(&a->u.v4, &in6->s6_addr[12], 4);
		a->prefix = 32;
	} else {
		a->family = AF_INET6;
		a->u.v6 = *in6;
		a->prefix = 128;
	}
}

static void
addr_from_sa(struct addr *a, const struct sockaddr_storage *ss)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET6) {
		addr_from6(a, &((const struct sockaddr_in6 *)ss)->sin6_addr);
	} else if (ss->ss_family == AF_INET) {
		a->family = AF_INET;
		a->u.v4 = ((const struct sockaddr_in *)ss)->sin_addr;
		a->prefix = 32;
	}
}

static void
rx_cmsgs(struct msghdr *msg, struct bfd_net_rx *rx)
{
	struct cmsghdr *c;
	int v;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			rx->ttl = v;
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			addr_from6(&rx->dst, &pi.ipi6_addr);
		} else if (c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memset(&rx->dst, 0, sizeof(rx->dst));
			rx->dst.family = AF_INET;
			rx->dst.u.v4 = pi.ipi_addr;
			rx->dst.prefix = 32;
		}
	}
}

ssize_t
bfd_net_recv(int fd, void *buf, size_t len, struct bfd_net_rx *rx)
{
	union {
		struct cmsghdr	align;
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				    CMSG_SPACE(sizeof(struct in_pktinfo)) +
				    CMSG_SPACE(sizeof(int)) * 2];
	} cbuf;
	struct sockaddr_storage from;
	struct iovec iov = { buf, len };
	struct msghdr msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	memset(rx, 0, sizeof(*rx));
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	if ((n = recvmsg(fd, &msg, MSG_DONTWAIT)) == -1)
		return -1;
	if (msg.msg_flags & MSG_TRUNC) {
		errno = EMSGSIZE;
		return -1;
	}
	addr_from_sa(&rx->src, &from);
	rx_cmsgs(&msg, rx);
	return n;
}
