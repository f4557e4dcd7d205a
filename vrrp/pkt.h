/*
 * pkt: the VRRP advertisement codec (RFC 3768 VRRPv2, RFC 5798 VRRPv3).
 *
 * Pure functions over buffers: no sockets, no globals, no logging.  The
 * sender builds a whole IPv4 packet (for a raw socket with IP_HDRINCL, as
 * keepalived sends it) or an IPv6 VRRP payload (the kernel adds the IPv6
 * header and, with IPV6_CHECKSUM at offset 6, the checksum).  The receiver
 * hands a received packet and the instance's expectations to
 * vrrp_pkt_check(), which applies keepalived 2.2.7's vrrp_check_packet()
 * checks in keepalived's order and says why a packet was refused, with
 * the stats counter keepalived would bump and its log text.
 *
 * Byte layouts (all multi-byte fields in network order):
 *   IPv4 header (20 bytes): 0x45, TOS 0xc0, total length, ID, frag 0,
 *     TTL, protocol 112 (51 with AH), header checksum, src, dst.
 *   AH (v2 IPv4 only, 24 bytes): next header 112, payload len 4, 2 zero
 *     bytes, SPI (= IPv4 source), sequence, 12-byte ICV.  The ICV is
 *     keepalived's HMAC-MD5-96 (RFC 2402, RFC 2104) keyed with the 8-byte
 *     password, over the IPv4 header with TOS, flags/fragment offset and
 *     checksum zeroed (and TTL zeroed when the instance is unicast), the
 *     AH header with the ICV zeroed, and the VRRP part.
 *   VRRP (8 bytes): version<<4 | type, VRID, priority, count of
 *     addresses; v2: auth type, interval in seconds; v3: 4 zero bits and a
 *     12-bit interval in centiseconds; checksum; then the addresses; v2
 *     IPv4 ends with 8 bytes of authentication data.
 */
#ifndef VIGIL_VRRP_PKT_H
#define VIGIL_VRRP_PKT_H

#include <sys/types.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define VRRP_PKT_PROTO		112	/* IP protocol of VRRP */
#define VRRP_PKT_PROTO_AH	51	/* IP protocol of AH */
#define VRRP_PKT_TTL		255	/* TTL / hop limit of multicast adverts */
#define VRRP_PKT_TOS		0xc0	/* keepalived's IPv4 TOS */
#define VRRP_PKT_TYPE_ADVERT	1
#define VRRP_PKT_HDR_LEN	8	/* fixed VRRP header */
#define VRRP_PKT_AUTH_LEN	8	/* v2 authentication data */
#define VRRP_PKT_IP4_HDR_LEN	20	/* IPv4 header we send */
#define VRRP_PKT_AH_LEN		24	/* AH header (HMAC-MD5-96) */
#define VRRP_PKT_ICV_LEN	12
#define VRRP_PKT_MAX_ADDR	255
#define VRRP_PKT_GROUP4		0xe0000012U	/* 224.0.0.18, host order */
/* Largest packet the codec produces or accepts (IPv4 header with options,
 * AH, VRRP with 255 IPv6-sized addresses and auth data). */
#define VRRP_PKT_MAX_LEN	(60 + VRRP_PKT_AH_LEN + VRRP_PKT_HDR_LEN + \
				 VRRP_PKT_MAX_ADDR * 16 + VRRP_PKT_AUTH_LEN)

enum vrrp_pkt_auth {
	VRRP_PKT_AUTH_NONE = 0,
	VRRP_PKT_AUTH_PASS = 1,
	VRRP_PKT_AUTH_AH = 2
};

/* A decoded advert, or the fields of one to encode. */
struct vrrp_pkt {
	sa_family_t	family;		/* AF_INET or AF_INET6 */
	uint8_t		version;	/* 2 or 3 */
	uint8_t		type;		/* 1: advertisement */
	uint8_t		vrid;
	uint8_t		priority;
	uint8_t		naddr;
	uint16_t	adver_int;	/* centiseconds; v2: seconds * 100
					 * (encode sends adver_int / 100) */
	uint8_t		auth_type;	/* v2: enum vrrp_pkt_auth; v3: 0 */
	uint8_t		auth_data[VRRP_PKT_AUTH_LEN]; /* v2 IPv4 trailer */
	uint16_t	csum;		/* checksum field as received (decode) */
	union {
		struct in_addr	v4[VRRP_PKT_MAX_ADDR];
		struct in6_addr	v6[VRRP_PKT_MAX_ADDR];
	} addrs;
	struct addr	src, dst;	/* IP source and destination */
	int		ttl;		/* TTL / hop limit; -1: unknown */
	/* IPv4 only */
	uint8_t		tos;		/* decode only; encode sends 0xc0 */
	uint16_t	ip_id;		/* identification (the caller counts) */
	bool		has_ah;
	uint32_t	ah_spi, ah_seq;	/* encode: ah_seq is sent */
	uint8_t		ah_icv[VRRP_PKT_ICV_LEN];	/* decode only */
	/* Check: the AH ICV, SPI and sequence number were verified; the
	 * instance's counter moves to ah_seq (keepalived does so even when a
	 * later check refuses the advert). */
	bool		ah_verified;
	/* v3 IPv4: the checksum was computed with 224.0.0.18 as the
	 * pseudo-header destination (keepalived < 1.3.6 unicast, keepalived's
	 * old_unicast_checksum).  Encode: do so.  Check: set when the packet
	 * verified only that way. */
	bool		csum_group;
};

/*
 * IPSEC-AH sequence numbers (keepalived's seq_counter_t).  keepalived
 * keeps one counter per instance for both directions: it numbers the
 * adverts it sends and holds the highest number accepted; a received
 * advert must carry a number above it.  The rules that move it with the
 * state (engine): accepted advert -> seq = its number (and in BACKUP
 * cycle = false); MASTER receiving a lower priority advert -> seq = its
 * number + 1, cycle = false ("IPSEC-AH : Syncing seq_num - Increment
 * seq"); on a higher one cycle = false; becoming MASTER with cycle set
 * -> seq = 0, cycle = false; a reload keeps the counter.
 */
struct vrrp_pkt_ah_seq {
	uint32_t	seq;
	bool		cycle;	/* the counter reached its end */
};

/* The sequence number for the next advert: seq + 1, or, once seq is past
 * 0xfffffffd, seq unchanged with cycle set. */
uint32_t vrrp_pkt_ah_next(struct vrrp_pkt_ah_seq *);

/*
 * Encoding.
 */

/* Length of the VRRP part (header, addresses, v2 IPv4 auth data). */
size_t	 vrrp_pkt_vrrp_len(unsigned version, sa_family_t, unsigned naddr);

/*
 * Build an advert from p into buf.  IPv4: the whole packet (IPv4 header
 * with TOS 0xc0, p->ttl (-1: 255), p->ip_id, protocol 112 or with AH 51,
 * header checksum computed; AH if p->auth_type is AH and version 2; then
 * VRRP with its checksum: v2 over the message, v3 with the pseudo-header
 * of p->src, p->dst (or the group with p->csum_group)).  IPv6: the VRRP
 * payload only; its checksum is 0 (the kernel fills it) unless csum6 is
 * set, then it is computed from p->src and p->dst.
 * With AH the key is p->auth_data (the password, 0-padded; the VRRP
 * trailer is zeros), the sequence number p->ah_seq, and the ICV is
 * computed with the TTL zeroed when p->dst is not multicast (keepalived
 * zeroes it for unicast instances, whose adverts go to unicast peers).
 * Returns the length written, or -1 with EINVAL (bad version, family,
 * address family of src/dst, v3 interval over 4095 cs) or ENOSPC.
 */
ssize_t	 vrrp_pkt_encode(const struct vrrp_pkt *p, bool csum6, void *buf,
	    size_t size);

/*
 * Checksums.  Each returns the value to store in the checksum field (host
 * order) with that field zero in the message; over a message whose field
 * is already set it returns 0 when the checksum is right.
 */
uint16_t vrrp_pkt_csum(const void *, size_t);		/* RFC 1071 */
/* v3 IPv4: 12-byte pseudo-header {src, dst, 0, 112, len} + message. */
uint16_t vrrp_pkt_csum4(struct in_addr src, struct in_addr dst,
	    const void *vrrp, size_t len);
/* v3 IPv6: RFC 8200 8.1 pseudo-header {src, dst, len32, 0, 112}. */
uint16_t vrrp_pkt_csum6(const struct in6_addr *src,
	    const struct in6_addr *dst, const void *vrrp, size_t len);

/*
 * Decoding and validation.
 */

/* Why a packet was refused.  The names follow keepalived's stats counters
 * (keepalived.stats / keepalived.json) where one is bumped, else the
 * message keepalived logs.  In the order vrrp_pkt_check() tries them. */
enum vrrp_pkt_reason {
	VRRP_PKT_OK = 0,
	VRRP_PKT_TOO_SHORT,		/* less than IP [+AH] + VRRP header */
	VRRP_PKT_BAD_IP_HDR,		/* not IPv4, IHL < 5 or past the end */
	VRRP_PKT_UNKNOWN_VRID,		/* the dispatcher's VRID lookup */
	VRRP_PKT_CAST_DISCARD,		/* IPv6: multicast on a unicast
					 * instance or vice versa (the
					 * dispatcher drops it) */
	VRRP_PKT_AH_MISMATCH,		/* authtype_mismatch: AH xor auth AH */
	VRRP_PKT_PACKET_LEN_ERR,	/* packet_len_err: length != expected */
	VRRP_PKT_IP_TTL_ERR,		/* ip_ttl_err: multicast TTL != 255 */
	VRRP_PKT_VERSION_ERR,		/* logged only (SNMP vers_err) */
	VRRP_PKT_INVALID_AUTHTYPE,	/* invalid_authtype: v2 auth not 0-2 */
	VRRP_PKT_AUTHTYPE_MISMATCH,	/* authtype_mismatch */
	VRRP_PKT_AUTH_FAILURE,		/* auth_failure: wrong password/ICV */
	VRRP_PKT_AH_SPI,		/* auth_failure: AH SPI != source */
	VRRP_PKT_AH_REPLAY,		/* auth_failure: AH sequence number
					 * not above the last one */
	VRRP_PKT_AH_NOT_VRRP,		/* DROP: AH next header not 112 */
	VRRP_PKT_ADVER_INT_MISMATCH,	/* DROP, not counted (v2 only) */
	VRRP_PKT_INVALID_TYPE,		/* invalid_type_rcvd */
	VRRP_PKT_ADDR_COUNT,		/* addr_list_err: naddr != VIP count */
	VRRP_PKT_IP_TOT_LEN,		/* packet_len_err: tot_len lies */
	VRRP_PKT_CHECKSUM,		/* logged only (SNMP chk_err) */
	VRRP_PKT_CAST_MISMATCH,		/* addr_list_err: mcast vs unicast */
	/* From here on the advert counts in advert_rcvd. */
	VRRP_PKT_ADDR_MISSING,		/* addr_list_err: a VIP not in advert */
	VRRP_PKT_UNICAST_SRC,		/* logged only: source not a peer */
	VRRP_PKT_UNICAST_TTL,		/* ip_ttl_err: TTL outside peer range */
	VRRP_PKT_REASON_MAX
};

/* keepalived's stats counters a refusal (or acceptance) bumps. */
enum vrrp_pkt_counter {
	VRRP_PKT_CNT_NONE = 0,
	VRRP_PKT_CNT_PACKET_LEN_ERR,
	VRRP_PKT_CNT_IP_TTL_ERR,
	VRRP_PKT_CNT_INVALID_TYPE_RCVD,
	VRRP_PKT_CNT_ADDR_LIST_ERR,
	VRRP_PKT_CNT_INVALID_AUTHTYPE,
	VRRP_PKT_CNT_AUTHTYPE_MISMATCH,
	VRRP_PKT_CNT_AUTH_FAILURE
};

/* keepalived's verdicts: KO (bad advert: the engine treats it as an
 * invalid advert) and DROP (not for us: silently ignored). */
enum vrrp_pkt_verdict {
	VRRP_PKT_ACCEPT = 0,
	VRRP_PKT_KO,
	VRRP_PKT_DROP
};

/* keepalived's unicast checksum compatibility (old_unicast_checksum). */
enum vrrp_pkt_csum_compat {
	VRRP_PKT_CSUM_AUTO = 0,	/* new; accept the old one and report it */
	VRRP_PKT_CSUM_NEVER,	/* new only ("old_unicast_checksum never") */
	VRRP_PKT_CSUM_OLD	/* old: configured, or detected earlier */
};

struct vrrp_pkt_peer {
	struct addr	addr;
	int		min_ttl, max_ttl;	/* -1: not given (0, 255) */
};

/* What the instance expects (from its config and current state). */
struct vrrp_pkt_expect {
	sa_family_t	family;
	uint8_t		version;
	uint8_t		vrid;
	uint8_t		auth_type;	/* enum vrrp_pkt_auth; v3: NONE */
	uint8_t		auth_data[VRRP_PKT_AUTH_LEN];	/* password, 0-padded */
	uint16_t	adver_int;	/* own interval, centiseconds */
	bool		unicast;	/* the instance has unicast peers */
	bool		check_addrs;	/* vrrp_fsm_check_vips() */
	const struct addr *vips;	/* the instance's VIPs, in order */
	size_t		nvips;
	bool		check_unicast_src;
	const struct vrrp_pkt_peer *peers;
	size_t		npeers;
	enum vrrp_pkt_csum_compat csum_compat;
	uint32_t	ah_seq;		/* AH: the instance's counter (last
					 * sequence number sent or accepted) */
};

/* What came with the packet.  IPv4: buf is the whole IP packet as a raw
 * socket returns it (TTL, addresses, destination come from its header;
 * the fields below are ignored).  IPv6: buf is the VRRP payload and src,
 * dst, hop limit come from recvmsg (source address, IPV6_PKTINFO,
 * IPV6_HOPLIMIT). */
struct vrrp_pkt_rx {
	sa_family_t	family;
	const void	*buf;
	size_t		len;
	struct in6_addr	src6, dst6;
	bool		dst6_known;	/* an IPV6_PKTINFO was received */
	int		hoplimit;	/* -1: no IPV6_HOPLIMIT */
};

/* Values for the log text of a refusal. */
struct vrrp_pkt_diag {
	enum vrrp_pkt_reason reason;
	long		got, want;	/* as in keepalived's message */
	long		max;		/* UNICAST_TTL: max_ttl */
	struct addr	addr;		/* ADDR_MISSING, UNICAST_SRC */
	bool		ah_present;	/* AH_MISMATCH: which way */
};

/*
 * keepalived's vrrp_get_header(): enough bytes for the IP header, AH when
 * protocol is 51, and the VRRP header?  Fills *vrid (for the dispatcher's
 * instance lookup).  0, or -1 with EBADMSG.
 */
int	 vrrp_pkt_peek_vrid(const struct vrrp_pkt_rx *, uint8_t *vrid);

/*
 * Check a received advert against an instance, in keepalived's order
 * (vrrp_get_header, the dispatcher's VRID match, vrrp_check_packet), and
 * decode it into *out (filled as far as the packet could be read; always
 * fully on ACCEPT and on the reasons from ADDR_MISSING on).  diag (may be
 * NULL) receives the reason and the values for its message.
 * An accepted priority-0 advert counts in keepalived's pri_zero_rcvd.
 */
enum vrrp_pkt_verdict vrrp_pkt_check(const struct vrrp_pkt_expect *,
	    const struct vrrp_pkt_rx *, struct vrrp_pkt *out,
	    struct vrrp_pkt_diag *diag);

/*
 * Decode without an instance: structure, lengths and checksum only (v3
 * IPv4 checksums are tried with the real destination, then the group;
 * IPv6 ones only if dst6_known).  For tests, tools and the fuzzer.
 * Returns VRRP_PKT_OK or the reason.
 */
enum vrrp_pkt_reason vrrp_pkt_decode(const struct vrrp_pkt_rx *,
	    struct vrrp_pkt *out);

/* Name of a reason ("packet_len_err", "wrong_version"...). */
const char *vrrp_pkt_reason_name(enum vrrp_pkt_reason);
/* The stats counter keepalived bumps for a reason. */
enum vrrp_pkt_counter vrrp_pkt_reason_counter(enum vrrp_pkt_reason);
/* keepalived's counter name ("packet_len_err"), "" for NONE. */
const char *vrrp_pkt_counter_name(enum vrrp_pkt_counter);
/* Whether an advert refused for this reason counts in advert_rcvd. */
bool	 vrrp_pkt_reason_counted(enum vrrp_pkt_reason);
/* The verdict keepalived gives for a reason. */
enum vrrp_pkt_verdict vrrp_pkt_reason_verdict(enum vrrp_pkt_reason);

/*
 * keepalived's log text for a refusal, without the "(VI_1) " prefix the
 * caller adds, e.g. "invalid TTL/HL. Received 64 and expect 255",
 * "wrong version. Received 3 and expect 2", "received an invalid
 * passwd!", "Invalid VRRPv3 checksum", "received an unexpected ip number
 * count 1, expected 2!", "ip address associated with VRID 51 not present
 * in MASTER advert: 192.0.2.10", "advertisement interval mismatch mine=1
 * sec rcv'd=2 sec".  family/version/vrid are the instance's.  Returns
 * what snprintf returns.
 */
int	 vrrp_pkt_diag_str(const struct vrrp_pkt_diag *,
	    const struct vrrp_pkt_expect *, char *buf, size_t size);
/* Whether keepalived logs the reason with the "(VI_1) " prefix (its AH
 * SPI message has none). */
bool	 vrrp_pkt_diag_prefixed(enum vrrp_pkt_reason);

#endif
