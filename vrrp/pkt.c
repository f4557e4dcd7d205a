/*
 * pkt: VRRPv2/v3 advert encoder, checksums, and the receive-side checks
 * of keepalived 2.2.7 (vrrp_get_header, the dispatcher's VRID match and
 * vrrp_check_packet), as pure functions over buffers.  See pkt.h.
 *
 * Every read of a received packet is bounded by the received length; a
 * field lying about a length (IHL, total length, count of addresses) is
 * refused with the reason keepalived gives, never followed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "md5.h"
#include "pkt.h"

#define IP4_MIN_HDR	20
#define IP4_OFF_TOT_LEN	2
#define IP4_OFF_CSUM	10
#define IP4_MAX_HDR	60

static const struct {
	const char		*name;
	enum vrrp_pkt_counter	 counter;
	enum vrrp_pkt_verdict	 verdict;
} reasons[VRRP_PKT_REASON_MAX] = {
	[VRRP_PKT_OK] = { "ok", VRRP_PKT_CNT_NONE, VRRP_PKT_ACCEPT },
	[VRRP_PKT_TOO_SHORT] = { "too_short", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_DROP },
	[VRRP_PKT_BAD_IP_HDR] = { "bad_ip_header", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_DROP },
	[VRRP_PKT_UNKNOWN_VRID] = { "unknown_vrid", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_DROP },
	[VRRP_PKT_CAST_DISCARD] = { "cast_discard", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_DROP },
	[VRRP_PKT_AH_MISMATCH] = { "authtype_mismatch",
	    VRRP_PKT_CNT_AUTHTYPE_MISMATCH, VRRP_PKT_KO },
	[VRRP_PKT_PACKET_LEN_ERR] = { "packet_len_err",
	    VRRP_PKT_CNT_PACKET_LEN_ERR, VRRP_PKT_KO },
	[VRRP_PKT_IP_TTL_ERR] = { "ip_ttl_err", VRRP_PKT_CNT_IP_TTL_ERR,
	    VRRP_PKT_KO },
	[VRRP_PKT_VERSION_ERR] = { "wrong_version", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_KO },
	[VRRP_PKT_INVALID_AUTHTYPE] = { "invalid_authtype",
	    VRRP_PKT_CNT_INVALID_AUTHTYPE, VRRP_PKT_KO },
	[VRRP_PKT_AUTHTYPE_MISMATCH] = { "authtype_mismatch",
	    VRRP_PKT_CNT_AUTHTYPE_MISMATCH, VRRP_PKT_KO },
	[VRRP_PKT_AUTH_FAILURE] = { "auth_failure",
	    VRRP_PKT_CNT_AUTH_FAILURE, VRRP_PKT_KO },
	[VRRP_PKT_AH_SPI] = { "ah_bad_spi", VRRP_PKT_CNT_AUTH_FAILURE,
	    VRRP_PKT_KO },
	[VRRP_PKT_AH_REPLAY] = { "ah_replay", VRRP_PKT_CNT_AUTH_FAILURE,
	    VRRP_PKT_KO },
	[VRRP_PKT_AH_NOT_VRRP] = { "ah_not_vrrp", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_DROP },
	[VRRP_PKT_ADVER_INT_MISMATCH] = { "advert_interval_mismatch",
	    VRRP_PKT_CNT_NONE, VRRP_PKT_DROP },
	[VRRP_PKT_INVALID_TYPE] = { "invalid_type_rcvd",
	    VRRP_PKT_CNT_INVALID_TYPE_RCVD, VRRP_PKT_KO },
	[VRRP_PKT_ADDR_COUNT] = { "addr_list_err",
	    VRRP_PKT_CNT_ADDR_LIST_ERR, VRRP_PKT_KO },
	[VRRP_PKT_IP_TOT_LEN] = { "packet_len_err",
	    VRRP_PKT_CNT_PACKET_LEN_ERR, VRRP_PKT_KO },
	[VRRP_PKT_CHECKSUM] = { "bad_checksum", VRRP_PKT_CNT_NONE,
	    VRRP_PKT_KO },
	[VRRP_PKT_CAST_MISMATCH] = { "addr_list_err",
	    VRRP_PKT_CNT_ADDR_LIST_ERR, VRRP_PKT_KO },
	[VRRP_PKT_ADDR_MISSING] = { "addr_list_err",
	    VRRP_PKT_CNT_ADDR_LIST_ERR, VRRP_PKT_KO },
	[VRRP_PKT_UNICAST_SRC] = { "unicast_src_not_peer",
	    VRRP_PKT_CNT_NONE, VRRP_PKT_KO },
	[VRRP_PKT_UNICAST_TTL] = { "ip_ttl_err", VRRP_PKT_CNT_IP_TTL_ERR,
	    VRRP_PKT_KO },
};

static const char *const counter_names[] = {
	[VRRP_PKT_CNT_NONE] = "",
	[VRRP_PKT_CNT_PACKET_LEN_ERR] = "packet_len_err",
	[VRRP_PKT_CNT_IP_TTL_ERR] = "ip_ttl_err",
	[VRRP_PKT_CNT_INVALID_TYPE_RCVD] = "invalid_type_rcvd",
	[VRRP_PKT_CNT_ADDR_LIST_ERR] = "addr_list_err",
	[VRRP_PKT_CNT_INVALID_AUTHTYPE] = "invalid_authtype",
	[VRRP_PKT_CNT_AUTHTYPE_MISMATCH] = "authtype_mismatch",
	[VRRP_PKT_CNT_AUTH_FAILURE] = "auth_failure",
};

/* A received packet being checked. */
struct rxctx {
	const struct vrrp_pkt_expect *exp;	/* NULL: vrrp_pkt_decode */
	const struct vrrp_pkt_rx *rx;
	const uint8_t	*p;		/* whole buffer */
	size_t		 len;
	size_t		 off;		/* VRRP header offset */
	bool		 ah;		/* IPv4 protocol is AH */
	bool		 mcast;		/* destination is multicast */
	struct vrrp_pkt	*out;
	struct vrrp_pkt_diag *diag;
};

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint32_t
csum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
vrrp_pkt_csum(const void *buf, size_t len)
{
	return csum_fold(csum_add(0, buf, len));
}

uint16_t
vrrp_pkt_csum4(struct in_addr src, struct in_addr dst, const void *vrrp,
    size_t len)
{
	uint8_t ph[12];

	memcpy(ph, &src, 4);
	memcpy(ph + 4, &dst, 4);
	ph[8] = 0;
	ph[9] = VRRP_PKT_PROTO;
	put16(ph + 10, (uint16_t)len);
	return csum_fold(csum_add(csum_add(0, ph, sizeof(ph)), vrrp, len));
}

uint16_t
vrrp_pkt_csum6(const struct in6_addr *src, const struct in6_addr *dst,
    const void *vrrp, size_t len)
{
	uint8_t ph[40];

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	put32(ph + 32, (uint32_t)len);
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = VRRP_PKT_PROTO;
	return csum_fold(csum_add(csum_add(0, ph, sizeof(ph)), vrrp, len));
}

size_t
vrrp_pkt_vrrp_len(unsigned version, sa_family_t family, unsigned naddr)
{
	size_t len = VRRP_PKT_HDR_LEN;

	if (family == AF_INET) {
		len += (size_t)naddr * 4;
		if (version == 2)
			len += VRRP_PKT_AUTH_LEN;
	} else
		len += (size_t)naddr * 16;
	return len;
}

/*
 * IPSEC-AH
 */

uint32_t
vrrp_pkt_ah_next(struct vrrp_pkt_ah_seq *s)
{
	/* keepalived stops counting 2 short of the end and calls that a
	 * cycle; at one advert a second that is 136 years away. */
	if (s->seq > 0xfffffffdU)
		s->cycle = true;
	else
		s->seq++;
	return s->seq;
}

/*
 * The ICV of an IPv4 packet whose VRRP part starts at off (after the IP
 * header and AH): HMAC-MD5-96 over the headers with the fields that may
 * change in transit zeroed (RFC 2402 3.3.3.1.1.1; keepalived zeroes
 * TTL only for unicast instances) and the ICV itself zeroed, then VRRP.
 */
static void
ah_icv(const uint8_t *pkt, size_t len, size_t off,
    const uint8_t key[VRRP_PKT_AUTH_LEN], bool unicast,
    uint8_t icv[VRRP_PKT_ICV_LEN])
{
	uint8_t hdr[IP4_MAX_HDR + VRRP_PKT_AH_LEN];
	uint8_t digest[MD5_DIGEST_LEN];

	memcpy(hdr, pkt, off);
	hdr[1] = 0;				/* TOS */
	hdr[6] = hdr[7] = 0;			/* flags, fragment offset */
	put16(hdr + IP4_OFF_CSUM, 0);
	if (unicast)
		hdr[8] = 0;			/* TTL */
	memset(hdr + off - VRRP_PKT_ICV_LEN, 0, VRRP_PKT_ICV_LEN);
	md5_hmac(key, VRRP_PKT_AUTH_LEN, hdr, off, pkt + off, len - off,
	    digest);
	memcpy(icv, digest, VRRP_PKT_ICV_LEN);
}

/*
 * Encoding
 */

static int
encode_check(const struct vrrp_pkt *p)
{
	if (p->version != 2 && p->version != 3)
		return -1;
	if (p->family != AF_INET && p->family != AF_INET6)
		return -1;
	if (p->version == 3 && p->adver_int > 0x0fff)
		return -1;
	if (p->version == 2 && p->adver_int / 100 > 0xff)
		return -1;
	if (p->family == AF_INET && (p->src.family != AF_INET ||
	    p->dst.family != AF_INET))
		return -1;
	return 0;
}

static void
encode_ip4(const struct vrrp_pkt *p, uint8_t *b, size_t total)
{
	b[0] = 0x45;
	b[1] = VRRP_PKT_TOS;
	put16(b + 2, (uint16_t)total);
	put16(b + 4, p->ip_id);
	put16(b + 6, 0);
	b[8] = p->ttl < 0 ? VRRP_PKT_TTL : (uint8_t)p->ttl;
	b[9] = p->has_ah ? VRRP_PKT_PROTO_AH : VRRP_PKT_PROTO;
	put16(b + IP4_OFF_CSUM, 0);
	memcpy(b + 12, &p->src.u.v4, 4);
	memcpy(b + 16, &p->dst.u.v4, 4);
	put16(b + IP4_OFF_CSUM, vrrp_pkt_csum(b, IP4_MIN_HDR));
}

/* The AH header after the IPv4 header at b (whole packet of total bytes
 * otherwise complete); its ICV last. */
static void
encode_ah(const struct vrrp_pkt *p, uint8_t *b, size_t total)
{
	uint8_t *ah = b + IP4_MIN_HDR;
	size_t off = IP4_MIN_HDR + VRRP_PKT_AH_LEN;

	ah[0] = VRRP_PKT_PROTO;
	ah[1] = 4;	/* length in 32-bit words, minus 2 */
	ah[2] = ah[3] = 0;
	memcpy(ah + 4, &p->src.u.v4, 4);
	put32(ah + 8, p->ah_seq);
	ah_icv(b, total, off, p->auth_data,
	    !IN_MULTICAST(ntohl(p->dst.u.v4.s_addr)),
	    ah + VRRP_PKT_AH_LEN - VRRP_PKT_ICV_LEN);
}

static void
encode_vrrp(const struct vrrp_pkt *p, bool csum6, uint8_t *v, size_t vlen)
{
	struct in_addr dst;
	uint16_t csum;

	v[0] = (uint8_t)(p->version << 4 | VRRP_PKT_TYPE_ADVERT);
	v[1] = p->vrid;
	v[2] = p->priority;
	v[3] = p->naddr;
	if (p->version == 2) {
		v[4] = p->auth_type;
		v[5] = (uint8_t)(p->adver_int / 100);
	} else
		put16(v + 4, p->adver_int & 0x0fff);
	put16(v + 6, 0);
	if (p->family == AF_INET) {
		memcpy(v + 8, p->addrs.v4, (size_t)p->naddr * 4);
		if (p->version == 2)
			memcpy(v + 8 + (size_t)p->naddr * 4,
			    p->auth_type == VRRP_PKT_AUTH_PASS ?
			    p->auth_data : (const uint8_t[8]){ 0 },
			    VRRP_PKT_AUTH_LEN);
	} else
		memcpy(v + 8, p->addrs.v6, (size_t)p->naddr * 16);

	if (p->family == AF_INET && p->version == 2)
		csum = vrrp_pkt_csum(v, vlen);
	else if (p->family == AF_INET) {
		dst = p->dst.u.v4;
		if (p->csum_group)
			dst.s_addr = htonl(VRRP_PKT_GROUP4);
		csum = vrrp_pkt_csum4(p->src.u.v4, dst, v, vlen);
	} else if (csum6)
		csum = vrrp_pkt_csum6(&p->src.u.v6, &p->dst.u.v6, v, vlen);
	else
		csum = 0;
	put16(v + 6, csum);
}

ssize_t
vrrp_pkt_encode(const struct vrrp_pkt *p, bool csum6, void *buf,
    size_t size)
{
	struct vrrp_pkt q;
	uint8_t *b = buf;
	size_t vlen, hlen = 0, total;

	if (encode_check(p) == -1 || (p->family == AF_INET6 && csum6 &&
	    (p->src.family != AF_INET6 || p->dst.family != AF_INET6))) {
		errno = EINVAL;
		return -1;
	}
	q = *p;
	q.has_ah = p->family == AF_INET && p->version == 2 &&
	    p->auth_type == VRRP_PKT_AUTH_AH;
	vlen = vrrp_pkt_vrrp_len(p->version, p->family, p->naddr);
	if (p->family == AF_INET)
		hlen = IP4_MIN_HDR + (q.has_ah ? VRRP_PKT_AH_LEN : 0);
	total = hlen + vlen;
	if (total > size) {
		errno = ENOSPC;
		return -1;
	}
	memset(b, 0, total);
	encode_vrrp(&q, csum6, b + hlen, vlen);
	if (p->family == AF_INET) {
		encode_ip4(&q, b, total);
		if (q.has_ah)
			encode_ah(&q, b, total);
	}
	return (ssize_t)total;
}

/*
 * Receiving
 */

static enum vrrp_pkt_reason
fail(struct rxctx *c, enum vrrp_pkt_reason r, long got, long want)
{
	if (c->diag != NULL) {
		c->diag->reason = r;
		c->diag->got = got;
		c->diag->want = want;
	}
	return r;
}

static void
set_addr4(struct addr *a, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->prefix = 32;
	memcpy(&a->u.v4, p, 4);
}

static void
set_addr6(struct addr *a, const struct in6_addr *in)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET6;
	a->prefix = 128;
	a->u.v6 = *in;
}

/* vrrp_get_header(): the headers are there; sets off, ah. */
static enum vrrp_pkt_reason
rx_headers(struct rxctx *c)
{
	size_t ihl;

	if (c->rx->family == AF_INET6) {
		if (c->len < VRRP_PKT_HDR_LEN)
			return fail(c, VRRP_PKT_TOO_SHORT, (long)c->len, 8);
		c->off = 0;
		return VRRP_PKT_OK;
	}
	if (c->rx->family != AF_INET)
		return fail(c, VRRP_PKT_BAD_IP_HDR, 0, 0);
	if (c->len < IP4_MIN_HDR)
		return fail(c, VRRP_PKT_TOO_SHORT, (long)c->len, IP4_MIN_HDR);
	ihl = (size_t)(c->p[0] & 0x0f) << 2;
	if (c->p[0] >> 4 != 4 || ihl < IP4_MIN_HDR)
		return fail(c, VRRP_PKT_BAD_IP_HDR, c->p[0], 0x45);
	c->ah = c->p[9] == VRRP_PKT_PROTO_AH;
	c->off = ihl + (c->ah ? VRRP_PKT_AH_LEN : 0);
	if (c->len < c->off + VRRP_PKT_HDR_LEN)
		return fail(c, VRRP_PKT_TOO_SHORT, (long)c->len,
		    (long)(c->off + VRRP_PKT_HDR_LEN));
	return VRRP_PKT_OK;
}

/* The fixed fields and what came with the packet. */
static void
rx_fill_header(struct rxctx *c)
{
	const uint8_t *v = c->p + c->off;
	struct vrrp_pkt *o = c->out;

	o->family = c->rx->family;
	o->version = v[0] >> 4;
	o->type = v[0] & 0x0f;
	o->vrid = v[1];
	o->priority = v[2];
	o->naddr = v[3];
	if (o->version == 2) {
		o->auth_type = v[4];
		o->adver_int = (uint16_t)(v[5] * 100);
	} else
		o->adver_int = get16(v + 4) & 0x0fff;
	o->csum = get16(v + 6);
	if (o->family == AF_INET) {
		o->tos = c->p[1];
		o->ip_id = get16(c->p + 4);
		o->ttl = c->p[8];
		set_addr4(&o->src, c->p + 12);
		set_addr4(&o->dst, c->p + 16);
		c->mcast = (c->p[16] & 0xf0) == 0xe0;
		o->has_ah = c->ah;
		if (c->ah) {
			o->ah_spi = get32(c->p + c->off - VRRP_PKT_AH_LEN + 4);
			o->ah_seq = get32(c->p + c->off - VRRP_PKT_AH_LEN + 8);
			memcpy(o->ah_icv, c->p + c->off - VRRP_PKT_ICV_LEN,
			    VRRP_PKT_ICV_LEN);
		}
	} else {
		o->ttl = c->rx->hoplimit;
		set_addr6(&o->src, &c->rx->src6);
		if (c->rx->dst6_known)
			set_addr6(&o->dst, &c->rx->dst6);
		c->mcast = c->rx->dst6_known &&
		    IN6_IS_ADDR_MULTICAST(&c->rx->dst6);
	}
}

/* Addresses and auth data; only once the length is known to be right. */
static void
rx_fill_body(struct rxctx *c)
{
	const uint8_t *v = c->p + c->off;
	struct vrrp_pkt *o = c->out;

	if (o->family == AF_INET) {
		memcpy(o->addrs.v4, v + 8, (size_t)o->naddr * 4);
		if (o->version == 2)
			memcpy(o->auth_data, v + 8 + (size_t)o->naddr * 4,
			    VRRP_PKT_AUTH_LEN);
	} else
		memcpy(o->addrs.v6, v + 8, (size_t)o->naddr * 16);
}

/* Exact length: IP header [+ AH] + VRRP of the advertised size. */
static enum vrrp_pkt_reason
rx_length(struct rxctx *c)
{
	size_t want;

	want = c->off + vrrp_pkt_vrrp_len(c->out->version, c->out->family,
	    c->out->naddr);
	if (c->len != want)
		return fail(c, VRRP_PKT_PACKET_LEN_ERR, (long)c->len,
		    (long)want);
	rx_fill_body(c);
	return VRRP_PKT_OK;
}

/* keepalived's vrrp_in_chk_ipsecah: ICV, then SPI, then sequence. */
static enum vrrp_pkt_reason
rx_ah(struct rxctx *c)
{
	const uint8_t *ah = c->p + c->off - VRRP_PKT_AH_LEN;
	uint8_t icv[VRRP_PKT_ICV_LEN], diff = 0;
	uint32_t saddr, spi;
	size_t i;

	ah_icv(c->p, c->len, c->off, c->exp->auth_data, c->exp->unicast, icv);
	for (i = 0; i < VRRP_PKT_ICV_LEN; i++)
		diff |= icv[i] ^ ah[VRRP_PKT_AH_LEN - VRRP_PKT_ICV_LEN + i];
	if (diff != 0)
		return fail(c, VRRP_PKT_AUTH_FAILURE, 0, 0);
	if (memcmp(ah + 4, c->p + 12, 4) != 0) {
		/* keepalived prints both as they lie in memory */
		memcpy(&saddr, c->p + 12, 4);
		memcpy(&spi, ah + 4, 4);
		return fail(c, VRRP_PKT_AH_SPI, (long)saddr, (long)spi);
	}
	if (c->out->ah_seq <= c->exp->ah_seq)
		return fail(c, VRRP_PKT_AH_REPLAY, (long)c->out->ah_seq,
		    (long)c->exp->ah_seq);
	c->out->ah_verified = true;
	return VRRP_PKT_OK;
}

/* v2 authentication: type, match, password or AH. */
static enum vrrp_pkt_reason
rx_auth(struct rxctx *c)
{
	const struct vrrp_pkt_expect *e = c->exp;
	uint8_t diff = 0;
	size_t tot, i;
	const uint8_t *pw;

	if (c->out->auth_type > VRRP_PKT_AUTH_AH)
		return fail(c, VRRP_PKT_INVALID_AUTHTYPE, c->out->auth_type,
		    0);
	if (e == NULL)
		return VRRP_PKT_OK;
	if (c->out->auth_type != e->auth_type)
		return fail(c, VRRP_PKT_AUTHTYPE_MISMATCH, c->out->auth_type,
		    e->auth_type);
	if (e->auth_type == VRRP_PKT_AUTH_AH) {
		/* No AH header in front of the VRRP part (IPv6, or an IPv4
		 * packet without one): nothing to authenticate with. */
		if (c->off < VRRP_PKT_AH_LEN ||
		    c->p[c->off - VRRP_PKT_AH_LEN] != VRRP_PKT_PROTO)
			return fail(c, VRRP_PKT_AH_NOT_VRRP, 0, 0);
		return rx_ah(c);
	}
	if (e->auth_type != VRRP_PKT_AUTH_PASS)
		return VRRP_PKT_OK;
	/* keepalived reads the password at the end given by the IP total
	 * length, which is checked only later. */
	tot = c->rx->family == AF_INET ? get16(c->p + IP4_OFF_TOT_LEN) : 0;
	if (tot < c->off + VRRP_PKT_AUTH_LEN || tot > c->len)
		return fail(c, VRRP_PKT_AUTH_FAILURE, 0, 0);
	pw = c->p + tot - VRRP_PKT_AUTH_LEN;
	for (i = 0; i < VRRP_PKT_AUTH_LEN; i++)
		diff |= pw[i] ^ e->auth_data[i];
	if (diff != 0)
		return fail(c, VRRP_PKT_AUTH_FAILURE, 0, 0);
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_reason
rx_checksum4(struct rxctx *c)
{
	const uint8_t *v = c->p + c->off;
	size_t vlen = c->len - c->off;
	struct in_addr src, dst, group;
	enum vrrp_pkt_csum_compat compat;
	bool unicast;

	if (c->out->version == 2) {
		if (vrrp_pkt_csum(v, vlen) != 0)
			return fail(c, VRRP_PKT_CHECKSUM, 2, 0);
		return VRRP_PKT_OK;
	}
	compat = c->exp != NULL ? c->exp->csum_compat : VRRP_PKT_CSUM_AUTO;
	unicast = c->exp != NULL ? c->exp->unicast : true;
	src = c->out->src.u.v4;
	dst = c->out->dst.u.v4;
	group.s_addr = htonl(VRRP_PKT_GROUP4);
	c->out->csum_group = compat == VRRP_PKT_CSUM_OLD;
	if (vrrp_pkt_csum4(src, c->out->csum_group ? group : dst, v, vlen)
	    == 0)
		return VRRP_PKT_OK;
	if (unicast && compat == VRRP_PKT_CSUM_AUTO &&
	    dst.s_addr != group.s_addr &&
	    vrrp_pkt_csum4(src, group, v, vlen) == 0) {
		c->out->csum_group = true;
		return VRRP_PKT_OK;
	}
	c->out->csum_group = false;
	return fail(c, VRRP_PKT_CHECKSUM, 3, 0);
}

static enum vrrp_pkt_reason
rx_checksum(struct rxctx *c)
{
	if (c->rx->family == AF_INET)
		return rx_checksum4(c);
	/* IPv6: the kernel verifies (IPV6_CHECKSUM); decode checks when it
	 * knows the destination. */
	if (c->exp == NULL && c->rx->dst6_known &&
	    vrrp_pkt_csum6(&c->rx->src6, &c->rx->dst6, c->p, c->len) != 0)
		return fail(c, VRRP_PKT_CHECKSUM, 3, 0);
	return VRRP_PKT_OK;
}

static bool
vip_in_advert(const struct vrrp_pkt *o, const struct addr *vip)
{
	unsigned i;

	for (i = 0; i < o->naddr; i++) {
		if (o->family == AF_INET && vip->family == AF_INET &&
		    o->addrs.v4[i].s_addr == vip->u.v4.s_addr)
			return true;
		if (o->family == AF_INET6 && vip->family == AF_INET6 &&
		    IN6_ARE_ADDR_EQUAL(&o->addrs.v6[i], &vip->u.v6))
			return true;
	}
	return false;
}

static bool
same_host(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return IN6_ARE_ADDR_EQUAL(&a->u.v6, &b->u.v6);
}

/* After "count as received": VIPs, then unicast source and TTL. */
static enum vrrp_pkt_reason
rx_addresses(struct rxctx *c)
{
	const struct vrrp_pkt_expect *e = c->exp;
	const struct vrrp_pkt_peer *peer = NULL;
	size_t i;
	int lo, hi;

	if (!e->check_addrs)
		return VRRP_PKT_OK;
	for (i = 0; i < e->nvips; i++) {
		if (!vip_in_advert(c->out, &e->vips[i])) {
			if (c->diag != NULL)
				c->diag->addr = e->vips[i];
			return fail(c, VRRP_PKT_ADDR_MISSING, 0, 0);
		}
	}
	if (!e->unicast || !e->check_unicast_src)
		return VRRP_PKT_OK;
	for (i = 0; i < e->npeers && peer == NULL; i++)
		if (same_host(&e->peers[i].addr, &c->out->src))
			peer = &e->peers[i];
	if (peer == NULL) {
		if (c->diag != NULL)
			c->diag->addr = c->out->src;
		return fail(c, VRRP_PKT_UNICAST_SRC, 0, 0);
	}
	lo = peer->min_ttl < 0 ? 0 : peer->min_ttl;
	hi = peer->max_ttl < 0 ? 255 : peer->max_ttl;
	if (c->out->ttl != -1 && (c->out->ttl < lo || c->out->ttl > hi)) {
		if (c->diag != NULL)
			c->diag->max = hi;
		return fail(c, VRRP_PKT_UNICAST_TTL, c->out->ttl, lo);
	}
	return VRRP_PKT_OK;
}

/* The dispatcher's steps before vrrp_check_packet. */
static enum vrrp_pkt_reason
rx_dispatch(struct rxctx *c)
{
	const struct vrrp_pkt_expect *e = c->exp;

	if (e->family != c->rx->family)
		return fail(c, VRRP_PKT_BAD_IP_HDR, 0, 0);
	if (c->out->vrid != e->vrid)
		return fail(c, VRRP_PKT_UNKNOWN_VRID, c->out->vrid, e->vrid);
	if (c->rx->family == AF_INET6 && c->mcast == e->unicast)
		return fail(c, VRRP_PKT_CAST_DISCARD, c->mcast, !e->unicast);
	if (c->rx->family == AF_INET &&
	    c->ah != (e->auth_type == VRRP_PKT_AUTH_AH)) {
		if (c->diag != NULL)
			c->diag->ah_present = c->ah;
		return fail(c, VRRP_PKT_AH_MISMATCH, c->ah, !c->ah);
	}
	return VRRP_PKT_OK;
}

/* vrrp_check_packet() from the length check to the checksum. */
static enum vrrp_pkt_reason
rx_packet(struct rxctx *c)
{
	const struct vrrp_pkt_expect *e = c->exp;
	struct vrrp_pkt *o = c->out;
	enum vrrp_pkt_reason r;

	if ((r = rx_length(c)) != VRRP_PKT_OK)
		return r;
	if (e != NULL && !e->unicast && o->ttl != -1 &&
	    o->ttl != VRRP_PKT_TTL)
		return fail(c, VRRP_PKT_IP_TTL_ERR, o->ttl, VRRP_PKT_TTL);
	if (e != NULL ? o->version != e->version :
	    o->version != 2 && o->version != 3)
		return fail(c, VRRP_PKT_VERSION_ERR, o->version,
		    e != NULL ? e->version : 3);
	if (o->version == 2) {
		if ((r = rx_auth(c)) != VRRP_PKT_OK)
			return r;
		if (e != NULL && e->adver_int != (unsigned)o->adver_int)
			return fail(c, VRRP_PKT_ADVER_INT_MISMATCH,
			    o->adver_int / 100, e->adver_int / 100);
	}
	if (o->type != VRRP_PKT_TYPE_ADVERT)
		return fail(c, VRRP_PKT_INVALID_TYPE, o->type,
		    VRRP_PKT_TYPE_ADVERT);
	if (e != NULL && e->check_addrs && o->naddr != e->nvips)
		return fail(c, VRRP_PKT_ADDR_COUNT, o->naddr, (long)e->nvips);
	if (c->rx->family == AF_INET &&
	    get16(c->p + IP4_OFF_TOT_LEN) != c->len)
		return fail(c, VRRP_PKT_IP_TOT_LEN,
		    get16(c->p + IP4_OFF_TOT_LEN), (long)c->len);
	return rx_checksum(c);
}

static enum vrrp_pkt_reason
rx_run(const struct vrrp_pkt_expect *exp, const struct vrrp_pkt_rx *rx,
    struct vrrp_pkt *out, struct vrrp_pkt_diag *diag)
{
	struct rxctx c;
	enum vrrp_pkt_reason r;

	memset(&c, 0, sizeof(c));
	c.exp = exp;
	c.rx = rx;
	c.p = rx->buf;
	c.len = rx->buf != NULL ? rx->len : 0;
	c.out = out;
	c.diag = diag;
	memset(out, 0, sizeof(*out));
	out->ttl = -1;
	if (diag != NULL)
		memset(diag, 0, sizeof(*diag));
	if ((r = rx_headers(&c)) != VRRP_PKT_OK)
		return r;
	rx_fill_header(&c);
	if (exp != NULL && (r = rx_dispatch(&c)) != VRRP_PKT_OK)
		return r;
	if ((r = rx_packet(&c)) != VRRP_PKT_OK)
		return r;
	if (exp != NULL && c.mcast == exp->unicast && rx->family == AF_INET)
		return fail(&c, VRRP_PKT_CAST_MISMATCH, c.mcast, !c.mcast);
	if (exp != NULL)
		return rx_addresses(&c);
	return VRRP_PKT_OK;
}

int
vrrp_pkt_peek_vrid(const struct vrrp_pkt_rx *rx, uint8_t *vrid)
{
	struct rxctx c;

	memset(&c, 0, sizeof(c));
	c.rx = rx;
	c.p = rx->buf;
	c.len = rx->buf != NULL ? rx->len : 0;
	if (rx_headers(&c) != VRRP_PKT_OK) {
		errno = EBADMSG;
		return -1;
	}
	*vrid = c.p[c.off + 1];
	return 0;
}

enum vrrp_pkt_verdict
vrrp_pkt_check(const struct vrrp_pkt_expect *exp,
    const struct vrrp_pkt_rx *rx, struct vrrp_pkt *out,
    struct vrrp_pkt_diag *diag)
{
	return reasons[rx_run(exp, rx, out, diag)].verdict;
}

enum vrrp_pkt_reason
vrrp_pkt_decode(const struct vrrp_pkt_rx *rx, struct vrrp_pkt *out)
{
	return rx_run(NULL, rx, out, NULL);
}

const char *
vrrp_pkt_reason_name(enum vrrp_pkt_reason r)
{
	if ((unsigned)r >= VRRP_PKT_REASON_MAX)
		return "?";
	return reasons[r].name;
}

enum vrrp_pkt_counter
vrrp_pkt_reason_counter(enum vrrp_pkt_reason r)
{
	if ((unsigned)r >= VRRP_PKT_REASON_MAX)
		return VRRP_PKT_CNT_NONE;
	return reasons[r].counter;
}

const char *
vrrp_pkt_counter_name(enum vrrp_pkt_counter n)
{
	if ((unsigned)n >= sizeof(counter_names) / sizeof(counter_names[0]))
		return "";
	return counter_names[n];
}

bool
vrrp_pkt_reason_counted(enum vrrp_pkt_reason r)
{
	return r == VRRP_PKT_OK || (r >= VRRP_PKT_ADDR_MISSING &&
	    r < VRRP_PKT_REASON_MAX);
}

enum vrrp_pkt_verdict
vrrp_pkt_reason_verdict(enum vrrp_pkt_reason r)
{
	if ((unsigned)r >= VRRP_PKT_REASON_MAX)
		return VRRP_PKT_KO;
	return reasons[r].verdict;
}

static int
diag_str_more(const struct vrrp_pkt_diag *d,
    const struct vrrp_pkt_expect *e, char *buf, size_t size)
{
	char a[ADDR_STRLEN];

	switch (d->reason) {
	case VRRP_PKT_CHECKSUM:
		return snprintf(buf, size, "Invalid VRRPv%ld checksum",
		    d->got);
	case VRRP_PKT_CAST_MISMATCH:
		return snprintf(buf, size,
		    "Expected %sicast packet but received %sicast packet",
		    e->unicast ? "un" : "mult", e->unicast ? "mult" : "un");
	case VRRP_PKT_ADDR_MISSING:
		return snprintf(buf, size, "ip address associated with VRID "
		    "%u not present in MASTER advert: %s", e->vrid,
		    addr_str(&d->addr, a, sizeof(a)));
	case VRRP_PKT_UNICAST_SRC:
		return snprintf(buf, size,
		    "unicast source address %s not a unicast peer",
		    addr_str(&d->addr, a, sizeof(a)));
	case VRRP_PKT_UNICAST_TTL:
		return snprintf(buf, size, "TTL/HL %ld not in range %ld - %ld",
		    d->got, d->want, d->max);
	default:
		return snprintf(buf, size, "%s", vrrp_pkt_reason_name(
		    d->reason));
	}
}

int
vrrp_pkt_diag_str(const struct vrrp_pkt_diag *d,
    const struct vrrp_pkt_expect *e, char *buf, size_t size)
{
	const char *fam = e->family == AF_INET6 ? "IPv6" : "IPv4";

	switch (d->reason) {
	case VRRP_PKT_TOO_SHORT:
		return snprintf(buf, size, "%s VRRP packet too short - %ld "
		    "bytes", fam, d->got);
	case VRRP_PKT_UNKNOWN_VRID:
		return snprintf(buf, size, "Unknown VRID(%ld)", d->got);
	case VRRP_PKT_CAST_DISCARD:
		return snprintf(buf, size, "discarding %sicast packet on "
		    "%sicast instance", d->got ? "mult" : "un",
		    e->unicast ? "un" : "mult");
	case VRRP_PKT_AH_MISMATCH:
		return snprintf(buf, size, d->ah_present ?
		    "Received AH header but auth type not AH" :
		    "No AH header but auth type is AH");
	case VRRP_PKT_PACKET_LEN_ERR:
		return snprintf(buf, size, "vrrp packet too %s, length %ld "
		    "and expect %ld", d->got > d->want ? "long" : "short",
		    d->got, d->want);
	case VRRP_PKT_IP_TTL_ERR:
		return snprintf(buf, size, "invalid TTL/HL. Received %ld and "
		    "expect %ld", d->got, d->want);
	case VRRP_PKT_VERSION_ERR:
		return snprintf(buf, size, "wrong version. Received %ld and "
		    "expect %ld", d->got, d->want);
	case VRRP_PKT_INVALID_AUTHTYPE:
		return snprintf(buf, size, "Invalid auth type: %ld", d->got);
	case VRRP_PKT_AUTHTYPE_MISMATCH:
		return snprintf(buf, size, "received a %ld auth, expecting "
		    "%ld!", d->got, d->want);
	case VRRP_PKT_AUTH_FAILURE:
		return snprintf(buf, size, e->auth_type == VRRP_PKT_AUTH_AH ?
		    "IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields "
		    "mutation or bad password !" :
		    "received an invalid passwd!");
	case VRRP_PKT_AH_SPI:
		return snprintf(buf, size, "IPSEC AH : invalid IPSEC SPI "
		    "value. %lu and expect %lu", (unsigned long)d->got,
		    (unsigned long)d->want);
	case VRRP_PKT_AH_REPLAY:
		return snprintf(buf, size, "IPSEC-AH : sequence number %lu "
		    "already processed. Packet dropped. Local(%lu)",
		    (unsigned long)d->got, (unsigned long)d->want);
	case VRRP_PKT_ADVER_INT_MISMATCH:
		return snprintf(buf, size, "advertisement interval mismatch "
		    "mine=%ld sec rcv'd=%ld sec", d->want, d->got);
	case VRRP_PKT_INVALID_TYPE:
		return snprintf(buf, size, "Invalid packet type. %ld and "
		    "expect %ld", d->got, d->want);
	case VRRP_PKT_ADDR_COUNT:
		return snprintf(buf, size, "received an unexpected ip number "
		    "count %ld, expected %ld!", d->got, d->want);
	case VRRP_PKT_IP_TOT_LEN:
		return snprintf(buf, size, "ip_tot_len mismatch against "
		    "received length. %ld and received %ld", d->got, d->want);
	default:
		return diag_str_more(d, e, buf, size);
	}
}

bool
vrrp_pkt_diag_prefixed(enum vrrp_pkt_reason r)
{
	return r != VRRP_PKT_AH_SPI;
}
