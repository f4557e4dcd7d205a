/*
 * sock: the raw sockets VRRP adverts travel on (keepalived-compat.md §7).
 *
 * Library-style: each function opens or uses one socket and returns 0,
 * an fd, or -1 with errno; none logs.  The engine (vrrp.c) keeps the
 * pool: one receive socket per interface, family, cast and unicast
 * source, shared by the instances on it as keepalived's sockpool, plus
 * one send socket beside it.
 *
 * IPv4 send sockets use IP_HDRINCL (the codec builds the IPv4 header);
 * IPv6 ones let the kernel fill the checksum (IPV6_CHECKSUM offset 6).
 * Send sockets receive nothing (a BPF filter that drops all), as
 * keepalived's do.  Every socket is raw protocol 112 (receive sockets of
 * IPSEC-AH instances: 51, as keepalived's), non-blocking, CLOEXEC and
 * bound to its interface (SO_BINDTODEVICE).
 */
#ifndef VIGIL_VRRP_SOCK_H
#define VIGIL_VRRP_SOCK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "addr.h"
#include "pkt.h"

/*
 * Open a receive socket for IP protocol proto (VRRP_PKT_PROTO, or
 * VRRP_PKT_PROTO_AH for an instance with auth_type AH) on ifname/ifindex
 * for family.  Multicast (usrc NULL): join group on the interface and
 * bind to it, so unicast adverts are not seen.  Unicast: bind to usrc
 * (its scope is ifindex when link local).  IPv6 sockets ask for the hop
 * limit and destination as cmsgs.
 * rcvbuf > 0 sets SO_RCVBUF.  Returns the fd or -1 with errno.
 */
int	vrrp_sock_open_rx(int family, int proto, int ifindex,
	    const char *ifname, const struct addr *group,
	    const struct addr *usrc, int rcvbuf);

/*
 * Open a send socket.  Multicast: IP(V6)_MULTICAST_IF ifindex, loop off,
 * IPv6 multicast hops 255.  IPv6 unicast: IPV6_UNICAST_HOPS ttl when
 * ttl >= 0.  TOS / traffic class 0xc0.  Returns the fd or -1.
 */
int	vrrp_sock_open_tx(int family, int ifindex, const char *ifname,
	    bool unicast, int ttl);

/*
 * Send an IPv4 packet (header included) to dst: 0 or -1.  Multicast
 * goes with MSG_DONTROUTE, as keepalived sends it.
 */
int	vrrp_sock_send4(int fd, const void *buf, size_t len,
	    struct in_addr dst, bool multicast);

/*
 * Send an IPv6 VRRP payload to dst from src (IPV6_PKTINFO with ifindex;
 * src may be NULL) with hoplimit (-1: the socket's).  0 or -1.
 */
int	vrrp_sock_send6(int fd, const void *buf, size_t len,
	    const struct in6_addr *dst, int ifindex,
	    const struct in6_addr *src, int hoplimit);

/*
 * Receive one packet into buf and describe it in *rx (IPv4: the whole IP
 * packet; IPv6: the payload, source, destination and hop limit from the
 * cmsgs).  Returns the length, or -1 with errno (EAGAIN when empty).
 */
ssize_t	vrrp_sock_recv(int fd, int family, void *buf, size_t size,
	    struct vrrp_pkt_rx *rx);

#endif
