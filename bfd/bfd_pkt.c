/*
 * bfd_pkt: encoder and decoder of BFD Control packets (RFC 5880 §4.1).
 */
#include <errno.h>
#include <string.h>

#include "bfd_pkt.h"

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

int
bfd_pkt_encode(const struct bfd_pkt *p, uint8_t *buf, size_t len)
{
	if (len < BFD_PKT_LEN) {
		errno = EMSGSIZE;
		return -1;
	}
	buf[0] = (uint8_t)((p->version & 0x7) << 5 | (p->diag & 0x1f));
	buf[1] = (uint8_t)((p->state & 0x3) << 6 | p->poll << 5 |
	    p->final << 4 | p->cpi << 3 | p->auth << 2 | p->demand << 1 |
	    p->multipoint);
	buf[2] = p->detect_mult;
	buf[3] = BFD_PKT_LEN;
	put32(buf + 4, p->my_discr);
	put32(buf + 8, p->your_discr);
	put32(buf + 12, p->min_tx_us);
	put32(buf + 16, p->min_rx_us);
	put32(buf + 20, p->min_echo_rx_us);
	return BFD_PKT_LEN;
}

static void
unpack(const uint8_t *buf, struct bfd_pkt *p)
{
	p->version = buf[0] >> 5;
	p->diag = buf[0] & 0x1f;
	p->state = buf[1] >> 6;
	p->poll = (buf[1] >> 5) & 1;
	p->final = (buf[1] >> 4) & 1;
	p->cpi = (buf[1] >> 3) & 1;
	p->auth = (buf[1] >> 2) & 1;
	p->demand = (buf[1] >> 1) & 1;
	p->multipoint = buf[1] & 1;
	p->detect_mult = buf[2];
	p->len = buf[3];
	p->my_discr = get32(buf + 4);
	p->your_discr = get32(buf + 8);
	p->min_tx_us = get32(buf + 12);
	p->min_rx_us = get32(buf + 16);
	p->min_echo_rx_us = get32(buf + 20);
}

/* RFC 5880 §6.8.6, in its order, then keepalived's own checks. */
enum bfd_pkt_err
bfd_pkt_decode(const uint8_t *buf, size_t len, struct bfd_pkt *p)
{
	memset(p, 0, sizeof(*p));
	if (len < BFD_PKT_LEN)
		return BFD_PKT_E_SHORT;
	unpack(buf, p);
	/* keepalived wants the Length field to be the datagram's size. */
	if (p->len != len)
		return BFD_PKT_E_LEN;
	if (p->version != BFD_PKT_VERSION)
		return BFD_PKT_E_VERSION;
	if (p->detect_mult == 0)
		return BFD_PKT_E_MULT;
	if (p->multipoint)
		return BFD_PKT_E_MULTIPOINT;
	if (p->my_discr == 0)
		return BFD_PKT_E_MY_DISCR;
	if (p->your_discr == 0 && p->state != BFD_STATE_DOWN &&
	    p->state != BFD_STATE_ADMINDOWN)
		return BFD_PKT_E_YOUR_DISCR;
	if (p->poll && p->final)
		return BFD_PKT_E_POLL_FINAL;
	if (p->diag > BFD_DIAG_MAX)
		return BFD_PKT_E_DIAG;
	if (p->auth)
		return BFD_PKT_E_AUTH;
	return BFD_PKT_OK;
}

const char *
bfd_pkt_err_name(enum bfd_pkt_err e)
{
	static const char *const names[BFD_PKT_E_MAX] = {
		[BFD_PKT_OK] = "ok",
		[BFD_PKT_E_SHORT] = "Packet is too small",
		[BFD_PKT_E_LEN] = "Packet size mismatch",
		[BFD_PKT_E_VERSION] = "Packet is of unsupported version",
		[BFD_PKT_E_MULT] =
		    "Packet 'detection multiplier' field is zero",
		[BFD_PKT_E_MULTIPOINT] = "Packet has 'multipoint' flag",
		[BFD_PKT_E_MY_DISCR] = "Packet 'my discriminator' field is zero",
		[BFD_PKT_E_YOUR_DISCR] = "Packet 'your discriminator' field is "
		    "zero and 'state' field is not Down or AdminDown",
		[BFD_PKT_E_POLL_FINAL] = "Packet has both poll and final flags "
		    "set",
		[BFD_PKT_E_DIAG] = "Packet has invalid 'diag' field",
		[BFD_PKT_E_AUTH] = "auth bit is set, but no authentication is "
		    "in use",
	};

	return (unsigned)e < BFD_PKT_E_MAX ? names[e] : "unknown";
}

const char *
bfd_state_name(unsigned s)
{
	static const char *const names[] = { "AdminDown", "Down", "Init",
	    "Up" };

	return s < 4 ? names[s] : "Unknown";
}

const char *
bfd_diag_name(unsigned d)
{
	static const char *const names[] = {
		"No Diagnostic", "Control Detection Time Expired",
		"Echo Function Failed", "Neighbor Signaled Session Down",
		"Forwarding Plane Reset", "Path Down", "Concatenated Path Down",
		"Administratively Down", "Reverse Concatenated Path Down",
	};

	return d <= BFD_DIAG_MAX ? names[d] : "Unknown";
}
