/*
 * bfd_net: the BFD child's sockets (RFC 5881), as keepalived opens them.
 *
 * One receiving socket for every session: UDP port 3784 on the IPv6
 * wildcard (dual stack; IPv4 alone when the host has no IPv6), asking
 * for each datagram's TTL / hop limit and destination address.  One
 * sending socket per session: bound to its source_ip (when given) on a
 * random port in 49152..65535 within ip_local_port_range, with the
 * session's TTL / hop limit (255 / 64 by default: GTSM, RFC 5082).
 * keepalived runs multihop sessions on port 3784 too (max_hops), not on
 * RFC 5883's 4784.  Library style: 0/-1 and errno, no logging.
 */
#ifndef VIGIL_BFD_NET_H
#define VIGIL_BFD_NET_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "addr.h"

#define BFD_NET_PORT_MIN	49152
#define BFD_NET_PORT_MAX	65535

/* The receiving socket; its fd or -1. */
int	bfd_net_open_in(uint16_t port);
/* A sending socket for nbr (src may be unset); port_seed picks the first
 * source port tried.  fd or -1. */
int	bfd_net_open_out(const struct addr *nbr, const struct addr *src,
	    int ttl, uint32_t port_seed);
/* Send len bytes of buf to nbr:port.  0 or -1. */
int	bfd_net_send(int fd, const struct addr *nbr, uint16_t port,
	    const void *buf, size_t len);

/* One received datagram: who sent it, to which address, with what
 * TTL / hop limit (0 when the kernel did not say). */
struct bfd_net_rx {
	struct addr	src, dst;
	int		ttl;
};
/* Read one datagram into buf; its length, or -1 (EAGAIN: none; EMSGSIZE:
 * truncated). */
ssize_t	bfd_net_recv(int fd, void *buf, size_t len, struct bfd_net_rx *);

#endif
