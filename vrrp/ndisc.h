/*
 * ndisc: unsolicited IPv6 neighbour advertisements for virtual addresses.
 *
 * The frame (keepalived-compat.md §5.12): Ethernet to 33:33:00:00:00:01
 * from the interface's MAC; IPv6 from the VIP to ff02::1, hop limit 255;
 * ICMPv6 type 136 code 0 with the Override flag (and Router when the
 * interface forwards), target the VIP, and a target link-layer address
 * option carrying the MAC.  ndisc_na_build() makes it (pure, checksum
 * included); ndisc_na_send() sends it on an AF_PACKET socket from
 * ndisc_sock_open().
 */
#ifndef VIGIL_VRRP_NDISC_H
#define VIGIL_VRRP_NDISC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NDISC_HWADDR_LEN	6
/* Ethernet 14 + IPv6 40 + NA 24 + target link-layer option 8. */
#define NDISC_NA_LEN		86

/*
 * Write the unsolicited NA for vip, sent from mac, into buf; router sets
 * the R flag.  Returns NDISC_NA_LEN, or -1 with ENOSPC.
 */
ssize_t	 ndisc_na_build(uint8_t *buf, size_t size,
	    const uint8_t mac[NDISC_HWADDR_LEN], const struct in6_addr *vip,
	    bool router);

/*
 * The ICMPv6 checksum (RFC 4443 §2.3) of the len-byte message at icmp
 * (its checksum field zero) between src and dst, in network byte order
 * ready to store.
 */
uint16_t ndisc_icmp6_cksum(const struct in6_addr *src,
	    const struct in6_addr *dst, const uint8_t *icmp, size_t len);

/* Send-only AF_PACKET socket, non-blocking, CLOEXEC; fd or -1. */
int	 ndisc_sock_open(void);

/* Send one unsolicited NA for vip on ifindex: 0 or -1 with errno. */
int	 ndisc_na_send(int fd, int ifindex, const uint8_t mac[NDISC_HWADDR_LEN],
	    const struct in6_addr *vip, bool router);

/*
 * Whether IPv6 forwarding is on for ifname (read from
 * /proc/sys/net/ipv6/conf/IFNAME/forwarding): 1, 0, or -1 with errno.
 * keepalived sets the Router flag from it.
 */
int	 ndisc_forwarding(const char *ifname);

#endif
