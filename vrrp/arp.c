/*
 * arp: build and send gratuitous ARP frames.
 *
 * The builder writes every byte explicitly (no struct overlays), so the
 * frame is the same whatever the compiler's padding; the sender is a thin
 * sendto() on a packet socket addressed by ifindex.
 */
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "arp.h"

static uint8_t *
arp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *
arp_put(uint8_t *p, const void *src, size_t len)
{
	memcpy(p, src, len);
	return p + len;
}

ssize_t
arp_garp_build(uint8_t *buf, size_t size, const uint8_t mac[ARP_HWADDR_LEN],
    struct in_addr vip)
{
	static const uint8_t bcast[ARP_HWADDR_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	uint8_t *p = buf;

	if (size < ARP_GARP_LEN) {
		errno = ENOSPC;
		return -1;
	}
	/* Ethernet: broadcast, from our MAC, type ARP. */
	p = arp_put(p, bcast, ARP_HWADDR_LEN);
	p = arp_put(p, mac, ARP_HWADDR_LEN);
	p = arp_put16(p, ETH_P_ARP);
	/* ARP request, IPv4 over Ethernet. */
	p = arp_put16(p, ARPHRD_ETHER);
	p = arp_put16(p, ETH_P_IP);
	*p++ = ARP_HWADDR_LEN;
	*p++ = sizeof(struct in_addr);
	p = arp_put16(p, ARPOP_REQUEST);
	p = arp_put(p, mac, ARP_HWADDR_LEN);
	p = arp_put(p, &vip.s_addr, sizeof(vip.s_addr));
	p = arp_put(p, bcast, ARP_HWADDR_LEN);
	p = arp_put(p, &vip.s_addr, sizeof(vip.s_addr));
	return p - buf;
}

int
arp_sock_open(void)
{
	return socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
}

int
arp_garp_send(int fd, int ifindex, const uint8_t mac[ARP_HWADDR_LEN],
    struct in_addr vip)
{
	uint8_t frame[ARP_GARP_LEN];
	struct sockaddr_ll sll;
	ssize_t len, n;

	if ((len = arp_garp_build(frame, sizeof(frame), mac, vip)) == -1)
		return -1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = ifindex;
	sll.sll_halen = ARP_HWADDR_LEN;
	memset(sll.sll_addr, 0xff, ARP_HWADDR_LEN);
	n = sendto(fd, frame, (size_t)len, 0, (struct sockaddr *)&sll,
	    sizeof(sll));
	if (n == -1)
		return -1;
	if (n != len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}
