/*
 * ndisc: build and send unsolicited neighbour advertisements.
 *
 * Bytes are written explicitly, in network order, so the frame does not
 * depend on struct layouts; the checksum covers the IPv6 pseudo-header
 * and the whole ICMPv6 message (RFC 4443 §2.3).
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "ndisc.h"

#define NDISC_ETH_HLEN		14
#define NDISC_IP6_HLEN		40
#define NDISC_ICMP_LEN		32	/* NA 24 + option 8 */
#define NDISC_HOPLIMIT		255
#define NDISC_NA_TYPE		136
#define NDISC_OPT_TARGET_LL	2
#define NDISC_FLAG_ROUTER	0x80
#define NDISC_FLAG_OVERRIDE	0x20

static const struct in6_addr ndisc_all_nodes = {
	{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } }
};

uint16_t
ndisc_icmp6_cksum(const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *icmp, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < 16; i += 2) {
		sum += (uint32_t)(src->s6_addr[i] << 8 | src->s6_addr[i + 1]);
		sum += (uint32_t)(dst->s6_addr[i] << 8 | dst->s6_addr[i + 1]);
	}
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	sum += IPPROTO_ICMPV6;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(icmp[i] << 8 | icmp[i + 1]);
	if (len & 1)
		sum += (uint32_t)(icmp[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static uint8_t *
ndisc_put(uint8_t *p, const void *src, size_t len)
{
	memcpy(p, src, len);
	return p + len;
}

/* The ICMPv6 part: NA header, target, target link-layer option. */
static void
ndisc_na_icmp(uint8_t *p, const uint8_t *mac, const struct in6_addr *vip,
    bool router)
{
	uint16_t ck;

	memset(p, 0, NDISC_ICMP_LEN);
	p[0] = NDISC_NA_TYPE;
	p[4] = NDISC_FLAG_OVERRIDE | (router ? NDISC_FLAG_ROUTER : 0);
	memcpy(p + 8, vip, sizeof(*vip));
	p[24] = NDISC_OPT_TARGET_LL;
	p[25] = 1;			/* length in units of 8 bytes */
	memcpy(p + 26, mac, NDISC_HWADDR_LEN);
	ck = ndisc_icmp6_cksum(vip, &ndisc_all_nodes, p, NDISC_ICMP_LEN);
	memcpy(p + 2, &ck, sizeof(ck));
}

ssize_t
ndisc_na_build(uint8_t *buf, size_t size, const uint8_t mac[NDISC_HWADDR_LEN],
    const struct in6_addr *vip, bool router)
{
	static const uint8_t dmac[NDISC_HWADDR_LEN] = {
		0x33, 0x33, 0, 0, 0, 1
	};
	uint8_t *p = buf;

	if (size < NDISC_NA_LEN) {
		errno = ENOSPC;
		return -1;
	}
	p = ndisc_put(p, dmac, sizeof(dmac));
	p = ndisc_put(p, mac, NDISC_HWADDR_LEN);
	*p++ = ETH_P_IPV6 >> 8;
	*p++ = ETH_P_IPV6 & 0xff;
	/* IPv6: version 6, class 0, flow 0. */
	*p++ = 0x60;
	*p++ = 0;
	*p++ = 0;
	*p++ = 0;
	*p++ = 0;
	*p++ = NDISC_ICMP_LEN;
	*p++ = IPPROTO_ICMPV6;
	*p++ = NDISC_HOPLIMIT;
	p = ndisc_put(p, vip, sizeof(*vip));
	p = ndisc_put(p, &ndisc_all_nodes, sizeof(ndisc_all_nodes));
	ndisc_na_icmp(p, mac, vip, router);
	p += NDISC_ICMP_LEN;
	return p - buf;
}

int
ndisc_sock_open(void)
{
	return socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
}

int
ndisc_na_send(int fd, int ifindex, const uint8_t mac[NDISC_HWADDR_LEN],
    const struct in6_addr *vip, bool router)
{
	uint8_t frame[NDISC_NA_LEN];
	struct sockaddr_ll sll;
	ssize_t len, n;

	if ((len = ndisc_na_build(frame, sizeof(frame), mac, vip,
	    router)) == -1)
		return -1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = ifindex;
	sll.sll_halen = NDISC_HWADDR_LEN;
	memcpy(sll.sll_addr, frame, NDISC_HWADDR_LEN);
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

int
ndisc_forwarding(const char *ifname)
{
	char path[64 + IFNAMSIZ], c;
	int fd, n, saved;

	if (ifname == NULL || ifname[0] == '\0' || strlen(ifname) >= IFNAMSIZ ||
	    strchr(ifname, '/') != NULL) {
		errno = EINVAL;
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding",
	    ifname);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = (int)read(fd, &c, 1);
	saved = errno;
	close(fd);
	if (n != 1) {
		errno = n == 0 ? EIO : saved;
		return -1;
	}
	return c == '1' ? 1 : 0;
}
