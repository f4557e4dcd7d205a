/*
 * sock: raw protocol-112 sockets for VRRP adverts, set up the way
 * keepalived 2.2.7 sets up its own (open_vrrp_read_socket,
 * open_vrrp_send_socket), so that both daemons see the same packets.
 */
#include <errno.h>
#include <linux/filter.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock.h"

static int
sock_raw(int family, int proto)
{
	return socket(family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
}

static int
sock_setint(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

static int
sock_bind_dev(int fd, const char *ifname)
{
	return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
	    (socklen_t)strlen(ifname) + 1);
}

static socklen_t
sock_sa(const struct addr *a, int ifindex, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr = a->u.v4;
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_addr = a->u.v6;
	if (IN6_IS_ADDR_LINKLOCAL(&a->u.v6) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(&a->u.v6))
		sin6->sin6_scope_id = (uint32_t)ifindex;
	return sizeof(*sin6);
}

/* Join group on ifindex; IP(V6)_MULTICAST_ALL off so that only groups we
 * joined on this socket reach it. */
static int
sock_join(int fd, int family, int ifindex, const struct addr *group)
{
	struct ip_mreqn mr;
	struct ipv6_mreq mr6;

	if (family == AF_INET) {
		if (sock_setint(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0) == -1)
			return -1;
		memset(&mr, 0, sizeof(mr));
		mr.imr_multiaddr = group->u.v4;
		mr.imr_ifindex = ifindex;
		return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		    sizeof(mr));
	}
	if (sock_setint(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0) == -1)
		return -1;
	memset(&mr6, 0, sizeof(mr6));
	mr6.ipv6mr_multiaddr = group->u.v6;
	mr6.ipv6mr_interface = (unsigned)ifindex;
	return setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr6,
	    sizeof(mr6));
}

static int
sock_rx_setup(int fd, int family, int ifindex, const char *ifname,
    const struct addr *group, const struct addr *usrc, int rcvbuf)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (rcvbuf > 0 && sock_setint(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf) == -1)
		return -1;
	if (usrc == NULL) {
		if (sock_join(fd, family, ifindex, group) == -1)
			return -1;
		len = sock_sa(group, ifindex, &ss);
	} else
		len = sock_sa(usrc, ifindex, &ss);
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		return -1;
	if (family == AF_INET6 &&
	    (sock_setint(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) == -1 ||
	    sock_setint(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) == -1 ||
	    sock_setint(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 6) == -1))
		return -1;
	return sock_bind_dev(fd, ifname);
}

int
vrrp_sock_open_rx(int family, int proto, int ifindex, const char *ifname,
    const struct addr *group, const struct addr *usrc, int rcvbuf)
{
	int fd, saved;

	if ((family != AF_INET && family != AF_INET6) ||
	    (usrc == NULL && group == NULL)) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = sock_raw(family, proto)) == -1)
		return -1;
	if (sock_rx_setup(fd, family, ifindex, ifname, group, usrc,
	    rcvbuf) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* keepalived's if_setsockopt_no_receive: a filter that keeps nothing. */
static int
sock_no_receive(int fd)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { 1, code };

	if (sock_setint(fd, SOL_SOCKET, SO_RCVBUF, 0) == -1)
		return -1;
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog));
}

static int
sock_tx4(int fd, int ifindex, bool unicast)
{
	struct ip_mreqn mr;

	if (sock_setint(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0) == -1 ||
	    sock_setint(fd, IPPROTO_IP, IP_HDRINCL, 1) == -1 ||
	    sock_setint(fd, IPPROTO_IP, IP_TOS, IPTOS_PREC_INTERNETCONTROL)
	    == -1)
		return -1;
	if (unicast)
		return 0;
	memset(&mr, 0, sizeof(mr));
	mr.imr_ifindex = ifindex;
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr))
	    == -1)
		return -1;
	return sock_setint(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
}

static int
sock_tx6(int fd, int ifindex, bool unicast, int ttl)
{
	if (sock_setint(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0) == -1 ||
	    sock_setint(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 6) == -1 ||
	    sock_setint(fd, IPPROTO_IPV6, IPV6_TCLASS, 0xc0) == -1)
		return -1;
	if (unicast)
		return ttl >= 0 ? sock_setint(fd, IPPROTO_IPV6,
		    IPV6_UNICAST_HOPS, ttl) : 0;
	if (sock_setint(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS,
	    VRRP_PKT_TTL) == -1 ||
	    sock_setint(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex) == -1)
		return -1;
	return sock_setint(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
}

int
vrrp_sock_open_tx(int family, int ifindex, const char *ifname, bool unicast,
    int ttl)
{
	int fd, rc, saved;

	if (family != AF_INET && family != AF_INET6) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = sock_raw(family, VRRP_PKT_PROTO)) == -1)
		return -1;
	rc = family == AF_INET ? sock_tx4(fd, ifindex, unicast) :
	    sock_tx6(fd, ifindex, unicast, ttl);
	if (rc == 0)
		rc = sock_bind_dev(fd, ifname);
	if (rc == 0)
		rc = sock_no_receive(fd);
	if (rc == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int
vrrp_sock_send4(int fd, const void *buf, size_t len, struct in_addr dst,
    bool multicast)
{
	struct sockaddr_in sin;
	ssize_t n;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = dst;
	n = sendto(fd, buf, len, multicast ? MSG_DONTROUTE : 0,
	    (struct sockaddr *)&sin, sizeof(sin));
	return n == -1 ? -1 : 0;
}

int
vrrp_sock_send6(int fd, const void *buf, size_t len,
    const struct in6_addr *dst, int ifindex, const struct in6_addr *src,
    int hoplimit)
{
	union {
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				    CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} cb;
	struct sockaddr_in6 sin6;
	struct in6_pktinfo pi;
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = *dst;
	if (IN6_IS_ADDR_LINKLOCAL(dst) || IN6_IS_ADDR_MC_LINKLOCAL(dst))
		sin6.sin6_scope_id = (uint32_t)ifindex;
	memset(&cb, 0, sizeof(cb));
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = (void *)(uintptr_t)buf;
	iov.iov_len = len;
	msg.msg_name = &sin6;
	msg.msg_namelen = sizeof(sin6);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cb.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(pi));
	memset(&pi, 0, sizeof(pi));
	if (src != NULL)
		pi.ipi6_addr = *src;
	pi.ipi6_ifindex = (unsigned)ifindex;
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	if (hoplimit >= 0) {
		msg.msg_controllen = sizeof(cb.buf);
		cm = CMSG_NXTHDR(&msg, cm);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_HOPLIMIT;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &hoplimit, sizeof(int));
	}
	return sendmsg(fd, &msg, 0) == -1 ? -1 : 0;
}

static void
sock_cmsgs6(struct msghdr *msg, struct vrrp_pkt_rx *rx)
{
	struct in6_pktinfo pi;
	struct cmsghdr *cm;
	int hl;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_HOPLIMIT &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&hl, CMSG_DATA(cm), sizeof(hl));
			rx->hoplimit = hl;
		} else if (cm->cmsg_type == IPV6_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(pi))) {
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			rx->dst6 = pi.ipi6_addr;
			rx->dst6_known = true;
		}
	}
}

ssize_t
vrrp_sock_recv(int fd, int family, void *buf, size_t size,
    struct vrrp_pkt_rx *rx)
{
	union {
		char		buf[256];
		struct cmsghdr	align;
	} cb;
	struct sockaddr_in6 from;
	struct msghdr msg;
	struct iovec iov;
	ssize_t n;

	memset(rx, 0, sizeof(*rx));
	memset(&msg, 0, sizeof(msg));
	memset(&from, 0, sizeof(from));
	iov.iov_base = buf;
	iov.iov_len = size;
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cb.buf;
	msg.msg_controllen = sizeof(cb.buf);
	do
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	rx->family = (sa_family_t)family;
	rx->buf = buf;
	rx->len = (size_t)n;
	rx->hoplimit = -1;
	if (family == AF_INET6) {
		rx->src6 = from.sin6_addr;
		sock_cmsgs6(&msg, rx);
	}
	return n;
}
