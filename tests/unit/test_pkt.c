/*
 * test_pkt: the VRRP codec against adverts captured from keepalived
 * 2.2.7 (tests/unit/files/pkt/, made by tests/pkt-capture/
 * capture-keepalived.sh), and malformed packets refused for keepalived's
 * reasons.
 *
 * Golden files hold whole IP packets.  Each is decoded and every field
 * checked, then encoded again from the decoded fields and compared byte
 * for byte: IPv4 whole packets including the IPv4 header (the captured ID
 * is fed back, so the header checksum must match too); IPv6 the VRRP
 * payload with its checksum computed by us over the IPv6 pseudo-header
 * (the kernel computed the captured one).
 *
 * The IPSEC-AH goldens (v2-ah-*) are checked the same way: verified
 * with keepalived's password and sequence rules, and encoded again from
 * the decoded fields, the password and the captured sequence number, so
 * the ICV Vigil computes must be the one keepalived sent.  Then the AH
 * refusals: wrong password, a mutated packet, a replayed sequence
 * number, an SPI that is not the source, with keepalived's log lines.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "md5.h"
#include "pkt.h"

#define PKT_DIR	TEST_SRCDIR "/unit/files/pkt/"

static uint8_t	gbuf[VRRP_PKT_MAX_LEN];
static size_t	glen;

static void
load_hex(const char *name)
{
	char path[512], hex[2 * VRRP_PKT_MAX_LEN + 2];
	FILE *f;
	size_t i, n;
	unsigned v;

	snprintf(path, sizeof(path), PKT_DIR "%s.hex", name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert(fgets(hex, sizeof(hex), f) != NULL);
	fclose(f);
	n = strcspn(hex, "\r\n");
	ck_assert(n % 2 == 0);
	for (i = 0; i < n / 2; i++) {
		ck_assert(sscanf(hex + 2 * i, "%2x", &v) == 1);
		gbuf[i] = (uint8_t)v;
	}
	glen = n / 2;
}

static struct addr
A(const char *s)
{
	struct addr a;

	ck_assert_msg(addr_parse_host(s, &a) == 0, "bad address %s", s);
	return a;
}

/* An rx over gbuf: IPv4 whole packet; IPv6 payload after the header. */
static struct vrrp_pkt_rx
rx_of(sa_family_t fam)
{
	struct vrrp_pkt_rx rx;

	memset(&rx, 0, sizeof(rx));
	rx.family = fam;
	rx.hoplimit = -1;
	if (fam == AF_INET) {
		rx.buf = gbuf;
		rx.len = glen;
		return rx;
	}
	ck_assert(glen >= 40);
	memcpy(&rx.src6, gbuf + 8, 16);
	memcpy(&rx.dst6, gbuf + 24, 16);
	rx.dst6_known = true;
	rx.hoplimit = gbuf[7];
	rx.buf = gbuf + 40;
	rx.len = glen - 40;
	return rx;
}

struct golden {
	const char	*file;
	sa_family_t	 family;
	unsigned	 version, vrid, prio, adver_int, auth;
	const char	*pw;
	const char	*addrs[4];
	const char	*src, *dst;
	int		 ttl;
	bool		 unicast;
	unsigned	 ah_seq;	/* AH: the captured sequence number */
};

static const struct golden goldens[] = {
	{ "v2-none-mcast", AF_INET, 2, 51, 255, 100, 0, NULL,
	  { "192.0.2.10", "192.0.2.11" }, "192.0.2.1", "224.0.0.18", 255,
	  false },
	{ "v2-none-mcast-stop", AF_INET, 2, 51, 0, 100, 0, NULL,
	  { "192.0.2.10", "192.0.2.11" }, "192.0.2.1", "224.0.0.18", 255,
	  false },
	{ "v2-pass-mcast", AF_INET, 2, 52, 255, 200, 1, "vigil",
	  { "192.0.2.20" }, "192.0.2.1", "224.0.0.18", 255, false },
	{ "v2-pass8-ucast", AF_INET, 2, 53, 255, 100, 1, "secret12",
	  { "192.0.2.30", "192.0.2.31", "192.0.2.32" }, "192.0.2.1",
	  "192.0.2.2", 255, true },
	{ "v2-ah-mcast", AF_INET, 2, 54, 255, 100, 2, "vigil",
	  { "192.0.2.60", "192.0.2.61" }, "192.0.2.1", "224.0.0.18", 255,
	  false, 3 },
	{ "v2-ah-mcast-stop", AF_INET, 2, 54, 0, 100, 2, "vigil",
	  { "192.0.2.60", "192.0.2.61" }, "192.0.2.1", "224.0.0.18", 255,
	  false, 4 },
	{ "v2-ah8-ucast", AF_INET, 2, 55, 255, 100, 2, "secret12",
	  { "192.0.2.70" }, "192.0.2.1", "192.0.2.2", 255, true, 2 },
	{ "v3-ip4-mcast", AF_INET, 3, 61, 255, 50, 0, NULL,
	  { "192.0.2.40" }, "192.0.2.1", "224.0.0.18", 255, false },
	{ "v3-ip4-mcast-stop", AF_INET, 3, 61, 0, 50, 0, NULL,
	  { "192.0.2.40" }, "192.0.2.1", "224.0.0.18", 255, false },
	{ "v3-ip4-ucast", AF_INET, 3, 62, 255, 100, 0, NULL,
	  { "192.0.2.50", "192.0.2.51" }, "192.0.2.1", "192.0.2.2", 255,
	  true },
	{ "v3-ip6-mcast", AF_INET6, 3, 71, 255, 100, 0, NULL,
	  { "fe80::71", "2001:db8::71" }, "fe80::ff:fe00:1", "ff02::12",
	  255, false },
	{ "v3-ip6-ucast", AF_INET6, 3, 72, 255, 100, 0, NULL,
	  { "2001:db8::72" }, "2001:db8::1", "2001:db8::2", 64, true },
};

static struct addr	vips[8];

static struct vrrp_pkt_expect
expect_of(const struct golden *g)
{
	struct vrrp_pkt_expect e;
	size_t n = 0;

	memset(&e, 0, sizeof(e));
	e.family = g->family;
	e.version = (uint8_t)g->version;
	e.vrid = (uint8_t)g->vrid;
	e.auth_type = (uint8_t)g->auth;
	if (g->pw != NULL)
		memcpy(e.auth_data, g->pw, strlen(g->pw));
	e.adver_int = (uint16_t)g->adver_int;
	e.unicast = g->unicast;
	e.check_addrs = true;
	while (n < 4 && g->addrs[n] != NULL) {
		vips[n] = A(g->addrs[n]);
		n++;
	}
	e.vips = vips;
	e.nvips = n;
	return e;
}

static void
check_fields(const struct golden *g, const struct vrrp_pkt *p)
{
	struct addr a;
	unsigned i, n = 0;
	uint8_t pw[8] = { 0 };

	ck_assert_uint_eq(p->family, g->family);
	ck_assert_uint_eq(p->version, g->version);
	ck_assert_uint_eq(p->type, 1);
	ck_assert_uint_eq(p->vrid, g->vrid);
	ck_assert_uint_eq(p->priority, g->prio);
	ck_assert_uint_eq(p->adver_int, g->adver_int);
	ck_assert_uint_eq(p->auth_type, g->auth);
	if (g->pw != NULL && g->auth == VRRP_PKT_AUTH_PASS)
		memcpy(pw, g->pw, strlen(g->pw));
	if (g->version == 2)
		ck_assert_mem_eq(p->auth_data, pw, 8);	/* AH: zeros */
	while (n < 4 && g->addrs[n] != NULL)
		n++;
	ck_assert_uint_eq(p->naddr, n);
	for (i = 0; i < n; i++) {
		a = A(g->addrs[i]);
		if (g->family == AF_INET)
			ck_assert_uint_eq(p->addrs.v4[i].s_addr,
			    a.u.v4.s_addr);
		else
			ck_assert(IN6_ARE_ADDR_EQUAL(&p->addrs.v6[i],
			    &a.u.v6));
	}
	a = A(g->src);
	ck_assert_int_eq(addr_cmp(&p->src, &a), 0);
	a = A(g->dst);
	ck_assert_int_eq(addr_cmp(&p->dst, &a), 0);
	ck_assert_int_eq(p->ttl, g->ttl);
	ck_assert(!p->csum_group);
	if (g->family == AF_INET) {
		ck_assert_uint_eq(p->tos, 0xc0);
		ck_assert(p->has_ah == (g->auth == VRRP_PKT_AUTH_AH));
	}
	if (p->has_ah) {
		ck_assert_uint_eq(p->ah_spi, ntohl(p->src.u.v4.s_addr));
		ck_assert_uint_eq(p->ah_seq, g->ah_seq);
	}
}

START_TEST(golden_decode_encode)
{
	const struct golden *g = &goldens[_i];
	struct vrrp_pkt_rx rx;
	struct vrrp_pkt_expect e;
	struct vrrp_pkt p, q;
	struct vrrp_pkt_diag d;
	uint8_t out[VRRP_PKT_MAX_LEN];
	ssize_t n;
	uint8_t vrid;

	load_hex(g->file);
	rx = rx_of(g->family);
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &p), VRRP_PKT_OK);
	check_fields(g, &p);
	ck_assert_int_eq(vrrp_pkt_peek_vrid(&rx, &vrid), 0);
	ck_assert_uint_eq(vrid, g->vrid);

	e = expect_of(g);
	ck_assert_int_eq(vrrp_pkt_check(&e, &rx, &q, &d), VRRP_PKT_ACCEPT);
	ck_assert_int_eq(d.reason, VRRP_PKT_OK);
	check_fields(g, &q);
	ck_assert(q.ah_verified == (g->auth == VRRP_PKT_AUTH_AH));

	if (g->auth == VRRP_PKT_AUTH_AH)	/* the key */
		memcpy(p.auth_data, e.auth_data, VRRP_PKT_AUTH_LEN);
	n = vrrp_pkt_encode(&p, true, out, sizeof(out));
	ck_assert_int_eq(n, (ssize_t)rx.len);
	ck_assert_mem_eq(out, rx.buf, (size_t)n);
	if (g->family == AF_INET6) {
		/* without csum6 the kernel's field is left 0 */
		n = vrrp_pkt_encode(&p, false, out, sizeof(out));
		ck_assert_uint_eq(out[6] | out[7], 0);
		ck_assert_mem_eq(out + 8, (const uint8_t *)rx.buf + 8,
		    (size_t)n - 8);
	}
}
END_TEST

/* --- malformed packets ------------------------------------------------ */

static const struct golden *
golden(const char *file)
{
	size_t i;

	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++)
		if (strcmp(goldens[i].file, file) == 0) {
			load_hex(file);
			return &goldens[i];
		}
	ck_abort_msg("no golden %s", file);
	return NULL;
}

static enum vrrp_pkt_reason
run(const struct vrrp_pkt_expect *e, enum vrrp_pkt_verdict want_verdict,
    const char *want_msg)
{
	struct vrrp_pkt_rx rx = rx_of(e->family);
	struct vrrp_pkt p;
	struct vrrp_pkt_diag d;
	char msg[256];

	ck_assert_int_eq(vrrp_pkt_check(e, &rx, &p, &d), want_verdict);
	vrrp_pkt_diag_str(&d, e, msg, sizeof(msg));
	if (want_msg != NULL)
		ck_assert_str_eq(msg, want_msg);
	return d.reason;
}

/* Recompute the VRRP checksum of a v2 IPv4 packet in gbuf. */
static void
fix_v2_csum(size_t ihl)
{
	gbuf[ihl + 6] = gbuf[ihl + 7] = 0;
	uint16_t c = vrrp_pkt_csum(gbuf + ihl, glen - ihl);
	gbuf[ihl + 6] = c >> 8;
	gbuf[ihl + 7] = c & 0xff;
}

START_TEST(bad_short)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	glen = 12;	/* truncated IP header */
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP,
	    "IPv4 VRRP packet too short - 12 bytes"), VRRP_PKT_TOO_SHORT);
	glen = 27;	/* IP header, part of the VRRP header */
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL), VRRP_PKT_TOO_SHORT);
	glen = 40;	/* VRRP header, not all of the rest */
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "vrrp packet too short, length 40 and expect 44"),
	    VRRP_PKT_PACKET_LEN_ERR);
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_PACKET_LEN_ERR)), "packet_len_err");
}
END_TEST

START_TEST(bad_long)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	gbuf[glen++] = 0;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "vrrp packet too long, length 45 and expect 44"),
	    VRRP_PKT_PACKET_LEN_ERR);
}
END_TEST

START_TEST(bad_checksum)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	gbuf[27] ^= 1;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "Invalid VRRPv2 checksum"),
	    VRRP_PKT_CHECKSUM);
	e = expect_of(golden("v3-ip4-mcast"));
	gbuf[31] ^= 0x80;	/* an address byte */
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "Invalid VRRPv3 checksum"),
	    VRRP_PKT_CHECKSUM);
}
END_TEST

START_TEST(bad_version)
{
	struct vrrp_pkt_expect e = expect_of(golden("v3-ip4-mcast"));

	e.version = 2;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "wrong version. Received 3 and expect 2"), VRRP_PKT_VERSION_ERR);
	ck_assert_str_eq(vrrp_pkt_reason_name(VRRP_PKT_VERSION_ERR),
	    "wrong_version");
}
END_TEST

START_TEST(bad_ttl)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	gbuf[8] = 64;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "invalid TTL/HL. Received 64 and expect 255"),
	    VRRP_PKT_IP_TTL_ERR);
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_IP_TTL_ERR)), "ip_ttl_err");
	/* unicast: no TTL check (keepalived) */
	e = expect_of(golden("v2-pass8-ucast"));
	gbuf[8] = 64;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	/* IPv6 hop limit */
	e = expect_of(golden("v3-ip6-mcast"));
	gbuf[7] = 1;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "invalid TTL/HL. Received 1 and expect 255"),
	    VRRP_PKT_IP_TTL_ERR);
}
END_TEST

START_TEST(bad_vrid)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	e.vrid = 52;
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, "Unknown VRID(51)"),
	    VRRP_PKT_UNKNOWN_VRID);
}
END_TEST

START_TEST(bad_addr_count)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	e.nvips = 1;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "received an unexpected ip "
	    "number count 2, expected 1!"), VRRP_PKT_ADDR_COUNT);
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_ADDR_COUNT)), "addr_list_err");
	/* not checking addresses: accepted */
	e.check_addrs = false;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
}
END_TEST

START_TEST(bad_addr_missing)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	vips[1] = A("192.0.2.99");
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "ip address associated with "
	    "VRID 51 not present in MASTER advert: 192.0.2.99"),
	    VRRP_PKT_ADDR_MISSING);
	ck_assert(vrrp_pkt_reason_counted(VRRP_PKT_ADDR_MISSING));
	ck_assert(!vrrp_pkt_reason_counted(VRRP_PKT_CHECKSUM));
	e = expect_of(golden("v3-ip6-mcast"));
	vips[0] = A("fe80::99");
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "ip address associated with "
	    "VRID 71 not present in MASTER advert: fe80::99"),
	    VRRP_PKT_ADDR_MISSING);
}
END_TEST

START_TEST(bad_auth)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-pass-mcast"));

	e.auth_data[0] = 'V';
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "received an invalid passwd!"),
	    VRRP_PKT_AUTH_FAILURE);
	e = expect_of(golden("v2-pass-mcast"));
	e.auth_type = VRRP_PKT_AUTH_NONE;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "received a 1 auth, expecting 0!"), VRRP_PKT_AUTHTYPE_MISMATCH);
	e = expect_of(golden("v2-pass-mcast"));
	gbuf[24] = 7;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "Invalid auth type: 7"),
	    VRRP_PKT_INVALID_AUTHTYPE);
	/* AH header present, instance without AH */
	e = expect_of(golden("v2-none-mcast"));
	{
		struct vrrp_pkt p;
		struct vrrp_pkt_rx rx = rx_of(AF_INET);
		ssize_t n;

		ck_assert_int_eq(vrrp_pkt_decode(&rx, &p), VRRP_PKT_OK);
		p.auth_type = VRRP_PKT_AUTH_AH;
		p.ah_seq = 1;
		n = vrrp_pkt_encode(&p, false, gbuf, sizeof(gbuf));
		ck_assert_int_eq(n, 68);
		ck_assert_uint_eq(gbuf[9], 51);
		ck_assert_uint_eq(gbuf[20], 112);
		ck_assert_mem_eq(gbuf + 24, gbuf + 12, 4);	/* SPI */
		glen = (size_t)n;
	}
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "Received AH header but auth type not AH"), VRRP_PKT_AH_MISMATCH);
	e.auth_type = VRRP_PKT_AUTH_AH;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	memcpy(e.auth_data, "vigil", 5);	/* it was signed with zeros */
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_AUTH_FAILURE);
	e = expect_of(golden("v2-none-mcast"));
	e.auth_type = VRRP_PKT_AUTH_AH;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "No AH header but auth type is AH"), VRRP_PKT_AH_MISMATCH);
}
END_TEST

/* Sign the AH packet in gbuf again as keepalived does (written here
 * from RFC 2402 and keepalived's field list, not with the codec). */
static void
ah_resign(const char *pw, bool unicast)
{
	uint8_t hdr[44], key[8] = { 0 }, d[MD5_DIGEST_LEN];

	memcpy(key, pw, strlen(pw));
	memcpy(hdr, gbuf, sizeof(hdr));
	hdr[1] = hdr[6] = hdr[7] = hdr[10] = hdr[11] = 0;
	if (unicast)
		hdr[8] = 0;
	memset(hdr + 32, 0, 12);
	md5_hmac(key, sizeof(key), hdr, sizeof(hdr), gbuf + 44, glen - 44, d);
	memcpy(gbuf + 32, d, 12);
}

START_TEST(ah_verify)
{
	const char *bad_icv = "IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due "
	    "to fields mutation or bad password !";
	struct vrrp_pkt_expect e = expect_of(golden("v2-ah-mcast"));
	struct vrrp_pkt_rx rx;
	struct vrrp_pkt p;
	struct vrrp_pkt_diag d;
	uint32_t src, spi;
	char msg[256], want[128];

	/* Anti-replay: the captured advert carries 3. */
	e.ah_seq = 2;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	e.ah_seq = 3;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "IPSEC-AH : sequence number 3 "
	    "already processed. Packet dropped. Local(3)"),
	    VRRP_PKT_AH_REPLAY);
	e.ah_seq = 0xfffffff0U;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_AH_REPLAY);
	ck_assert_int_eq(vrrp_pkt_reason_counter(VRRP_PKT_AH_REPLAY),
	    VRRP_PKT_CNT_AUTH_FAILURE);

	/* Wrong password. */
	e = expect_of(golden("v2-ah-mcast"));
	e.auth_data[4] = 'L';
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, bad_icv), VRRP_PKT_AUTH_FAILURE);

	/* A covered field changed (priority, checksum fixed): refused; the
	 * mutable ones (TOS, fragment offset, IP checksum) are not covered. */
	e = expect_of(golden("v2-ah-mcast"));
	gbuf[46] = 254;
	fix_v2_csum(44);
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, bad_icv), VRRP_PKT_AUTH_FAILURE);
	golden("v2-ah-mcast");
	gbuf[1] = 0x10;
	gbuf[10] ^= 0xff;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	golden("v2-ah-mcast");
	gbuf[5] ^= 1;				/* IP ID is covered */
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_AUTH_FAILURE);

	/* Unicast: the TTL is not covered (any TTL verifies), multicast it
	 * is (and must be 255 anyway). */
	e = expect_of(golden("v2-ah8-ucast"));
	gbuf[8] = 63;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	e.unicast = false;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_IP_TTL_ERR);

	/* SPI other than the source, correctly signed: keepalived's SPI
	 * message (raw addresses, and no instance prefix). */
	e = expect_of(golden("v2-ah-mcast"));
	gbuf[27] = 9;				/* SPI 192.0.2.9 */
	ah_resign("vigil", false);
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_AH_SPI);
	rx = rx_of(AF_INET);
	ck_assert_int_eq(vrrp_pkt_check(&e, &rx, &p, &d), VRRP_PKT_KO);
	ck_assert(!p.ah_verified);
	memcpy(&src, gbuf + 12, 4);
	memcpy(&spi, gbuf + 24, 4);
	vrrp_pkt_diag_str(&d, &e, msg, sizeof(msg));
	snprintf(want, sizeof(want), "IPSEC AH : invalid IPSEC SPI value. "
	    "%u and expect %u", src, spi);
	ck_assert_str_eq(msg, want);
	ck_assert(!vrrp_pkt_diag_prefixed(d.reason));
	ck_assert(vrrp_pkt_diag_prefixed(VRRP_PKT_AH_REPLAY));
	/* ...and the independent signer agrees with keepalived's. */
	gbuf[27] = 1;
	ah_resign("vigil", false);
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);

	/* Not VRRP behind the AH header: dropped before the ICV. */
	gbuf[20] = 17;
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL), VRRP_PKT_AH_NOT_VRRP);
}
END_TEST

START_TEST(ah_encode)
{
	struct vrrp_pkt_ah_seq sq = { 0, false };
	struct vrrp_pkt_expect e = expect_of(golden("v2-ah8-ucast"));
	struct vrrp_pkt_rx rx = rx_of(AF_INET);
	struct vrrp_pkt p, q;
	uint8_t out[VRRP_PKT_MAX_LEN];
	ssize_t n;

	ck_assert_uint_eq(vrrp_pkt_ah_next(&sq), 1);
	ck_assert_uint_eq(vrrp_pkt_ah_next(&sq), 2);
	sq.seq = 0xfffffffcU;
	ck_assert_uint_eq(vrrp_pkt_ah_next(&sq), 0xfffffffdU);
	ck_assert_uint_eq(vrrp_pkt_ah_next(&sq), 0xfffffffeU);
	ck_assert(!sq.cycle);
	ck_assert_uint_eq(vrrp_pkt_ah_next(&sq), 0xfffffffeU);
	ck_assert(sq.cycle);

	/* Next advert of the unicast instance: seq 3, another ID, another
	 * unicast TTL; our own check accepts what we sign. */
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &p), VRRP_PKT_OK);
	memcpy(p.auth_data, "secret12", 8);
	p.ah_seq = 3;
	p.ip_id = 77;
	p.ttl = 64;
	n = vrrp_pkt_encode(&p, false, out, sizeof(out));
	ck_assert_int_eq(n, (ssize_t)glen);
	ck_assert_uint_eq(out[8], 64);
	ck_assert_mem_eq(out + 24, "\xc0\x00\x02\x01\x00\x00\x00\x03", 8);
	memcpy(gbuf, out, (size_t)n);
	rx = rx_of(AF_INET);
	e.ah_seq = 2;
	ck_assert_int_eq(vrrp_pkt_check(&e, &rx, &q, NULL), VRRP_PKT_ACCEPT);
	ck_assert(q.ah_verified);
	ck_assert_uint_eq(q.ah_seq, 3);
	/* The trailer carries no password with AH. */
	ck_assert_mem_eq(out + n - 8, "\0\0\0\0\0\0\0\0", 8);
}
END_TEST

START_TEST(bad_type)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	gbuf[20] = 0x22;
	fix_v2_csum(20);
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "Invalid packet type. 2 and expect 1"), VRRP_PKT_INVALID_TYPE);
}
END_TEST

START_TEST(bad_interval)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	e.adver_int = 200;
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, "advertisement interval "
	    "mismatch mine=2 sec rcv'd=1 sec"), VRRP_PKT_ADVER_INT_MISMATCH);
	/* v3: no interval check */
	e = expect_of(golden("v3-ip4-mcast"));
	e.adver_int = 300;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
}
END_TEST

START_TEST(bad_ihl)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	gbuf[0] = 0x44;
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL), VRRP_PKT_BAD_IP_HDR);
	gbuf[0] = 0x4f;		/* 60 bytes of header in 44 */
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL), VRRP_PKT_TOO_SHORT);
	gbuf[0] = 0x46;		/* VRRP read 4 bytes late */
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL) != VRRP_PKT_OK, 1);
	gbuf[0] = 0x65;		/* not IPv4 */
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL), VRRP_PKT_BAD_IP_HDR);
}
END_TEST

START_TEST(bad_tot_len)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	gbuf[3] = 100;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "ip_tot_len mismatch against "
	    "received length. 100 and received 44"), VRRP_PKT_IP_TOT_LEN);
	/* keepalived reads the password where tot_len says: auth first */
	e = expect_of(golden("v2-pass-mcast"));
	gbuf[3] = 0xff;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_AUTH_FAILURE);
}
END_TEST

START_TEST(bad_cast)
{
	struct vrrp_pkt_expect e = expect_of(golden("v2-none-mcast"));

	e.unicast = true;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "Expected unicast packet but "
	    "received multicast packet"), VRRP_PKT_CAST_MISMATCH);
	e = expect_of(golden("v3-ip4-ucast"));
	e.unicast = false;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "Expected multicast packet but "
	    "received unicast packet"), VRRP_PKT_CAST_MISMATCH);
	e = expect_of(golden("v3-ip6-mcast"));
	e.unicast = true;
	ck_assert_int_eq(run(&e, VRRP_PKT_DROP, NULL), VRRP_PKT_CAST_DISCARD);
}
END_TEST

START_TEST(unicast_src_ttl)
{
	struct vrrp_pkt_expect e = expect_of(golden("v3-ip4-ucast"));
	struct vrrp_pkt_peer peers[2];

	peers[0].addr = A("192.0.2.7");
	peers[0].min_ttl = peers[0].max_ttl = -1;
	peers[1] = peers[0];
	peers[1].addr = A("192.0.2.1");
	e.peers = peers;
	e.npeers = 1;
	e.check_unicast_src = true;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, "unicast source address "
	    "192.0.2.1 not a unicast peer"), VRRP_PKT_UNICAST_SRC);
	e.npeers = 2;
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	peers[1].min_ttl = 250;
	peers[1].max_ttl = 254;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO,
	    "TTL/HL 255 not in range 250 - 254"), VRRP_PKT_UNICAST_TTL);
}
END_TEST

START_TEST(old_unicast_checksum)
{
	const struct golden *g = golden("v3-ip4-ucast");
	struct vrrp_pkt_expect e = expect_of(g);
	struct vrrp_pkt_rx rx = rx_of(AF_INET);
	struct vrrp_pkt p, q;
	ssize_t n;

	ck_assert_int_eq(vrrp_pkt_decode(&rx, &p), VRRP_PKT_OK);
	e.csum_compat = VRRP_PKT_CSUM_OLD;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_CHECKSUM);
	p.csum_group = true;
	n = vrrp_pkt_encode(&p, false, gbuf, sizeof(gbuf));
	ck_assert_int_eq(n, (ssize_t)glen);
	ck_assert_int_eq(run(&e, VRRP_PKT_ACCEPT, NULL), VRRP_PKT_OK);
	e.csum_compat = VRRP_PKT_CSUM_NEVER;
	ck_assert_int_eq(run(&e, VRRP_PKT_KO, NULL), VRRP_PKT_CHECKSUM);
	e.csum_compat = VRRP_PKT_CSUM_AUTO;
	rx = rx_of(AF_INET);
	ck_assert_int_eq(vrrp_pkt_check(&e, &rx, &q, NULL), VRRP_PKT_ACCEPT);
	ck_assert(q.csum_group);
	/* AUTO only falls back in unicast mode */
	e.unicast = false;
	ck_assert_int_eq(vrrp_pkt_check(&e, &rx, &q, NULL), VRRP_PKT_KO);
}
END_TEST

START_TEST(encode_limits)
{
	struct vrrp_pkt p, q;
	struct vrrp_pkt_rx rx;
	uint8_t buf[VRRP_PKT_MAX_LEN];
	ssize_t n;
	unsigned i;

	memset(&p, 0, sizeof(p));
	p.family = AF_INET6;
	p.version = 3;
	p.vrid = 1;
	p.priority = 100;
	p.naddr = 255;
	p.adver_int = 4095;
	p.src = A("fe80::1");
	p.dst = A("ff02::12");
	for (i = 0; i < 255; i++)
		p.addrs.v6[i].s6_addr[15] = (uint8_t)i;
	n = vrrp_pkt_encode(&p, true, buf, sizeof(buf));
	ck_assert_int_eq(n, 8 + 255 * 16);
	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET6;
	rx.buf = buf;
	rx.len = (size_t)n;
	rx.src6 = p.src.u.v6;
	rx.dst6 = p.dst.u.v6;
	rx.dst6_known = true;
	rx.hoplimit = 255;
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &q), VRRP_PKT_OK);
	ck_assert_uint_eq(q.adver_int, 4095);
	ck_assert_mem_eq(q.addrs.v6, p.addrs.v6, sizeof(p.addrs.v6));
	buf[9] ^= 1;
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &q), VRRP_PKT_CHECKSUM);

	ck_assert_int_eq(vrrp_pkt_encode(&p, true, buf, 100), -1);
	ck_assert_int_eq(errno, ENOSPC);
	p.adver_int = 4096;
	ck_assert_int_eq(vrrp_pkt_encode(&p, true, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EINVAL);
	p.adver_int = 100;
	p.version = 4;
	ck_assert_int_eq(vrrp_pkt_encode(&p, true, buf, sizeof(buf)), -1);
	p.version = 2;
	p.family = AF_INET;	/* src/dst are IPv6 */
	ck_assert_int_eq(vrrp_pkt_encode(&p, true, buf, sizeof(buf)), -1);
}
END_TEST

START_TEST(reason_tables)
{
	int r;

	for (r = 0; r < VRRP_PKT_REASON_MAX; r++) {
		ck_assert_ptr_nonnull(vrrp_pkt_reason_name(r));
		ck_assert_str_ne(vrrp_pkt_reason_name(r), "");
	}
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_INVALID_TYPE)), "invalid_type_rcvd");
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_AUTH_FAILURE)), "auth_failure");
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_INVALID_AUTHTYPE)), "invalid_authtype");
	ck_assert_str_eq(vrrp_pkt_counter_name(vrrp_pkt_reason_counter(
	    VRRP_PKT_AUTHTYPE_MISMATCH)), "authtype_mismatch");
	ck_assert_int_eq(vrrp_pkt_reason_counter(VRRP_PKT_CHECKSUM),
	    VRRP_PKT_CNT_NONE);
	ck_assert_int_eq(vrrp_pkt_reason_verdict(VRRP_PKT_ADVER_INT_MISMATCH),
	    VRRP_PKT_DROP);
}
END_TEST

static Suite *
pkt_suite(void)
{
	Suite *s = suite_create("pkt");
	TCase *tc = tcase_create("golden");
	TCase *bad = tcase_create("malformed");

	tcase_add_loop_test(tc, golden_decode_encode, 0,
	    (int)(sizeof(goldens) / sizeof(goldens[0])));
	tcase_add_test(tc, encode_limits);
	tcase_add_test(tc, reason_tables);
	tcase_add_test(bad, bad_short);
	tcase_add_test(bad, bad_long);
	tcase_add_test(bad, bad_checksum);
	tcase_add_test(bad, bad_version);
	tcase_add_test(bad, bad_ttl);
	tcase_add_test(bad, bad_vrid);
	tcase_add_test(bad, bad_addr_count);
	tcase_add_test(bad, bad_addr_missing);
	tcase_add_test(bad, bad_auth);
	tcase_add_test(bad, ah_verify);
	tcase_add_test(tc, ah_encode);
	tcase_add_test(bad, bad_type);
	tcase_add_test(bad, bad_interval);
	tcase_add_test(bad, bad_ihl);
	tcase_add_test(bad, bad_tot_len);
	tcase_add_test(bad, bad_cast);
	tcase_add_test(bad, unicast_src_ttl);
	tcase_add_test(bad, old_unicast_checksum);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, bad);
	return s;
}

int
main(void)
{
	Suite *s[] = { pkt_suite() };

	return unit_run(s, 1);
}
