/*
 * arp: gratuitous ARP announcements of IPv4 virtual addresses.
 *
 * The frame (keepalived-compat.md §5.12) is an Ethernet broadcast ARP
 * request whose sender and target protocol addresses are both the VIP,
 * sender hardware address the interface's MAC and target hardware address
 * ff:ff:ff:ff:ff:ff.  arp_garp_build() makes it (pure); arp_garp_send()
 * puts it on a link through an AF_PACKET socket from arp_sock_open().
 * Only Ethernet-like links (6-byte addresses) are supported; the caller
 * skips IFF_NOARP links, as keepalived does.
 */
#ifndef VIGIL_VRRP_ARP_H
#define VIGIL_VRRP_ARP_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARP_HWADDR_LEN	6
/* Ethernet header (14) + ARP for IPv4 over Ethernet (28). */
#define ARP_GARP_LEN	42

/*
 * Write the gratuitous ARP frame for vip, sent from mac, into buf.
 * Returns its length (ARP_GARP_LEN), or -1 with ENOSPC when size is too
 * small.
 */
ssize_t	 arp_garp_build(uint8_t *buf, size_t size,
	    const uint8_t mac[ARP_HWADDR_LEN], struct in_addr vip);

/*
 * Open a send-only AF_PACKET socket (protocol 0: it receives nothing),
 * non-blocking and CLOEXEC.  Returns the fd or -1 with errno.
 */
int	 arp_sock_open(void);

/*
 * Send one gratuitous ARP for vip on ifindex, from mac (the interface's
 * or the VMAC's address).  0, or -1 with errno (EAGAIN when the link's
 * queue is full: try later).
 */
int	 arp_garp_send(int fd, int ifindex, const uint8_t mac[ARP_HWADDR_LEN],
	    struct in_addr vip);

#endif
