/*
 * fuzz_pkt: libFuzzer harness for the VRRP advert decoder and checks.
 *
 * The first input byte picks the address family and the instance's
 * expectations (version, unicast, auth type, address checks, checksum
 * compatibility); the rest is the packet: a whole IPv4 packet, or for
 * IPv6 the VRRP payload with fixed source/destination and a hop limit
 * taken from the selector.  Each input goes through vrrp_pkt_peek_vrid,
 * vrrp_pkt_decode and vrrp_pkt_check with the VRID the packet carries
 * (so the checks past the dispatcher are reached), the log text is
 * formatted, and an accepted advert is encoded again.  With auth AH
 * (selector bits 3-4 = 2) the key is the PASS password "vigil" and the
 * counter is 0, so a well-signed advert (corpus v2-ah-mcast, captured
 * from keepalived) reaches the checks past the ICV.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_expect(uint8_t sel, sa_family_t fam, struct vrrp_pkt_expect *e,
    struct addr *vips, struct vrrp_pkt_peer *peer)
{
	memset(e, 0, sizeof(*e));
	e->family = fam;
	e->version = (sel & 0x02) ? 3 : 2;
	e->unicast = (sel & 0x04) != 0;
	e->auth_type = e->version == 2 ? (sel >> 3) % 3 : 0;
	memcpy(e->auth_data, "vigil\0\0\0", 8);
	e->adver_int = 100;
	e->check_addrs = (sel & 0x20) != 0;
	e->csum_compat = (enum vrrp_pkt_csum_compat)((sel >> 6) % 3);
	memset(vips, 0, 2 * sizeof(*vips));
	vips[0].family = vips[1].family = fam;
	if (fam == AF_INET) {
		vips[0].u.v4.s_addr = htonl(0xc000020a);
		vips[1].u.v4.s_addr = htonl(0xc000020b);
	} else {
		vips[0].u.v6.s6_addr[0] = 0xfe;
		vips[0].u.v6.s6_addr[1] = 0x80;
		vips[0].u.v6.s6_addr[15] = 0x71;
		vips[1].u.v6.s6_addr[15] = 1;
	}
	e->vips = vips;
	e->nvips = 2;
	memset(peer, 0, sizeof(*peer));
	peer->addr.family = fam;
	peer->min_ttl = 200;
	peer->max_ttl = -1;
	e->check_unicast_src = e->unicast;
	e->peers = peer;
	e->npeers = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[VRRP_PKT_MAX_LEN];
	struct vrrp_pkt_expect e;
	struct vrrp_pkt_rx rx;
	struct vrrp_pkt p;
	struct vrrp_pkt_diag d;
	struct vrrp_pkt_peer peer;
	struct addr vips[2];
	char msg[256];
	uint8_t sel, vrid = 0;

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&rx, 0, sizeof(rx));
	rx.family = (sel & 0x01) ? AF_INET6 : AF_INET;
	rx.buf = data + 1;
	rx.len = size - 1;
	rx.hoplimit = (sel & 0x10) ? 255 : -1;
	rx.src6.s6_addr[0] = 0xfe;
	rx.src6.s6_addr[1] = 0x80;
	rx.src6.s6_addr[15] = 1;
	rx.dst6.s6_addr[0] = 0xff;
	rx.dst6.s6_addr[1] = 0x02;
	rx.dst6.s6_addr[15] = 0x12;
	rx.dst6_known = (sel & 0x08) != 0;

	fuzz_expect(sel, rx.family, &e, vips, &peer);
	if (vrrp_pkt_peek_vrid(&rx, &vrid) == 0)
		e.vrid = vrid;
	if (vrrp_pkt_decode(&rx, &p) == VRRP_PKT_OK)
		(void)vrrp_pkt_encode(&p, true, out, sizeof(out));
	if (vrrp_pkt_check(&e, &rx, &p, &d) == VRRP_PKT_ACCEPT)
		(void)vrrp_pkt_encode(&p, false, out, sizeof(out));
	(void)vrrp_pkt_diag_str(&d, &e, msg, sizeof(msg));
	(void)vrrp_pkt_reason_name(d.reason);
	(void)vrrp_pkt_counter_name(vrrp_pkt_reason_counter(d.reason));
	return 0;
}
