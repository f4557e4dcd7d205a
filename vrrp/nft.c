/*
 * nft: keepalived's no_accept firewall over libnftnl (see nft.h).
 *
 * The encoders size the batch buffer before libnftnl writes a message
 * (its builders do not bound-check), one bound per kind of message.
 * The socket side sends a batch and reads one acknowledgement per
 * message; the kernel applies a batch whole or not at all, so a failed
 * update leaves the holdings as they were.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>

#include "log.h"
#include "nft.h"
#include "xalloc.h"

/* nftables' datatype numbers (its include/datatype.h), as keepalived. */
#define TYPE_IPADDR		7
#define TYPE_IP6ADDR		8
#define TYPE_IFINDEX		20
#define TYPE_ICMPV6_TYPE	29
#define TYPE_BITS		6
/* nftables' enum byteorder, kept in the set's user data. */
#define BYTEORDER_HOST		1
#define BYTEORDER_BIG		2

#define MSG_ROOM		1024	/* any one table/chain/set/rule */
#define ELEM_ROOM		64	/* per element of an element list */
#define RECV_TIMEOUT_S		5	/* backstop: the kernel always acks */
#define RECV_ROOM		8192	/* one ack or GETTABLE reply a datagram */

#define ND_ROUTER_SOLICIT	133
#define MLD2_REPORT		143
#define ND_SOLICIT		135
#define ND_ADVERT		136

/* --- encoders ------------------------------------------------------------ */

static void *
nft_chk(void *p)
{
	if (p == NULL)
		fatalx(XALLOC_EXIT_NO_MEMORY, "nftables: out of memory");
	return p;
}

/* Room for need more bytes, zeroed; where the next message goes. */
static char *
batch_room(struct vrrp_nft_batch *b, size_t need)
{
	size_t nsize;

	if (b->size - b->len < need) {
		nsize = b->size == 0 ? 8192 : b->size;
		while (nsize - b->len < need)
			nsize *= 2;
		b->buf = xrealloc(b->buf, nsize);
		b->size = nsize;
	}
	memset(b->buf + b->len, 0, need);
	return b->buf + b->len;
}

static void
batch_next(struct vrrp_nft_batch *b, const struct nlmsghdr *nlh)
{
	b->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* Sequence number of a message inside the batch. */
static uint32_t
batch_seq(struct vrrp_nft_batch *b)
{
	if (b->first == 0)
		b->first = b->seq;
	b->last = b->seq;
	return b->seq++;
}

void
vrrp_nft_batch_init(struct vrrp_nft_batch *b, uint32_t seq)
{
	struct nlmsghdr *nlh;

	memset(b, 0, sizeof(*b));
	b->seq = seq != 0 ? seq : 1;
	nlh = nftnl_batch_begin(batch_room(b, MSG_ROOM), b->seq++);
	batch_next(b, nlh);
}

void
vrrp_nft_batch_end(struct vrrp_nft_batch *b)
{
	struct nlmsghdr *nlh;

	nlh = nftnl_batch_end(batch_room(b, MSG_ROOM), b->seq++);
	batch_next(b, nlh);
}

void
vrrp_nft_batch_free(struct vrrp_nft_batch *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

bool
vrrp_nft_batch_empty(const struct vrrp_nft_batch *b)
{
	return b->first == 0;
}

static void
put_table(struct vrrp_nft_batch *b, int family, const char *table,
    uint16_t cmd)
{
	struct nftnl_table *t = nft_chk(nftnl_table_alloc());
	struct nlmsghdr *nlh;

	nftnl_table_set_str(t, NFTNL_TABLE_NAME, table);
	nlh = nftnl_table_nlmsg_build_hdr(batch_room(b, MSG_ROOM), cmd,
	    (uint16_t)family, (cmd == NFT_MSG_NEWTABLE ? NLM_F_CREATE : 0) |
	    NLM_F_ACK, batch_seq(b));
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	batch_next(b, nlh);
}

/* A chain; a base chain when hook >= 0. */
static void
put_chain(struct vrrp_nft_batch *b, int family,
    const struct vrrp_nft_conf *cf, const char *name, int hook)
{
	struct nftnl_chain *c = nft_chk(nftnl_chain_alloc());
	struct nlmsghdr *nlh;

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, cf->table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	if (hook >= 0) {
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, (uint32_t)hook);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, cf->priority);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	}
	nlh = nftnl_chain_nlmsg_build_hdr(batch_room(b, MSG_ROOM),
	    NFT_MSG_NEWCHAIN, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK,
	    batch_seq(b));
	nftnl_chain_nlmsg_build_payload(nlh, c);
	nftnl_chain_free(c);
	batch_next(b, nlh);
}

static struct nftnl_set *
set_new(int family, const char *table, const char *name)
{
	struct nftnl_set *s = nft_chk(nftnl_set_alloc());

	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	return s;
}

/* A named set of key_type (nftables' numbering), key_len bytes; a map
 * to interface indexes with flags NFT_SET_MAP. */
static void
put_set(struct vrrp_nft_batch *b, int family, const char *table,
    const char *name, uint32_t key_type, uint32_t key_len, uint32_t flags)
{
	struct nftnl_set *s = set_new(family, table, name);
	struct nftnl_udata_buf *ud;
	struct nlmsghdr *nlh;
	bool big = key_type == TYPE_IPADDR || key_type == TYPE_IP6ADDR;

	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, key_len);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, key_type);
	if (flags != 0)
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS, flags);
	if (flags & NFT_SET_MAP) {
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, TYPE_IFINDEX);
		nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, 4);
	}
	nftnl_set_set_u32(s, NFTNL_SET_ID, ++b->set_id);
	/* nft shows the elements by the key's byte order. */
	ud = nft_chk(nftnl_udata_buf_alloc(64));
	nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_KEYBYTEORDER,
	    big ? BYTEORDER_BIG : BYTEORDER_HOST);
	if (flags & NFT_SET_MAP)
		nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_DATABYTEORDER,
		    BYTEORDER_HOST);
	nftnl_set_set_data(s, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud),
	    nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	nlh = nftnl_set_nlmsg_build_hdr(batch_room(b, MSG_ROOM),
	    NFT_MSG_NEWSET, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK,
	    batch_seq(b));
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	batch_next(b, nlh);
}

static void
elem_add_key(struct nftnl_set *s, const void *key, uint32_t len)
{
	struct nftnl_set_elem *e = nft_chk(nftnl_set_elem_alloc());

	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, len);
	nftnl_set_elem_add(s, e);
}

/* One element message for set s (n elements in it). */
static void
put_elems(struct vrrp_nft_batch *b, int family, struct nftnl_set *s,
    size_t n, bool add)
{
	struct nlmsghdr *nlh;

	nlh = nftnl_set_nlmsg_build_hdr(batch_room(b, MSG_ROOM +
	    n * ELEM_ROOM), add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
	    (uint16_t)family, (add ? NLM_F_CREATE : 0) | NLM_F_ACK,
	    batch_seq(b));
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	batch_next(b, nlh);
}

/* --- rules --- */

static struct nftnl_rule *
rule_new(int family, const char *table, const char *chain)
{
	struct nftnl_rule *r = nft_chk(nftnl_rule_alloc());

	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, (uint32_t)family);
	return r;
}

static struct nftnl_expr *
expr_new(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e = nft_chk(nftnl_expr_alloc(name));

	nftnl_rule_add_expr(r, e);
	return e;
}

static void
expr_payload(struct nftnl_rule *r, uint32_t base, uint32_t off,
    uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = expr_new(r, "payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
}

static void
expr_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = expr_new(r, "meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

static void
expr_cmp_eq(struct nftnl_rule *r, uint32_t sreg, const void *data,
    uint32_t len)
{
	struct nftnl_expr *e = expr_new(r, "cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
}

static void
expr_mask(struct nftnl_rule *r, uint32_t reg, const void *mask,
    uint32_t len)
{
	struct nftnl_expr *e = expr_new(r, "bitwise");
	uint8_t xor[16] = { 0 };

	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, xor, len);
}

static struct nftnl_expr *
expr_lookup(struct nftnl_rule *r, uint32_t sreg, const char *set)
{
	struct nftnl_expr *e = expr_new(r, "lookup");

	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	return e;
}

/* [counter] then the verdict (a goto when chain is not NULL). */
static void
expr_verdict(struct nftnl_rule *r, const struct vrrp_nft_conf *cf,
    int verdict, const char *chain)
{
	struct nftnl_expr *e;

	if (cf->counters)
		(void)expr_new(r, "counter");
	e = expr_new(r, "immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)verdict);
	if (chain != NULL)
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
}

static void
put_rule(struct vrrp_nft_batch *b, struct nftnl_rule *r)
{
	struct nlmsghdr *nlh;

	nlh = nftnl_rule_nlmsg_build_hdr(batch_room(b, MSG_ROOM),
	    NFT_MSG_NEWRULE, (uint16_t)nftnl_rule_get_u32(r,
	    NFTNL_RULE_FAMILY), NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK,
	    batch_seq(b));
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	batch_next(b, nlh);
}

/* Offset of the source (out) or destination (in) address. */
static uint32_t
addr_off(int family, bool out)
{
	if (family == AF_INET)
		return out ? 12 : 16;
	return out ? 8 : 24;
}

static uint32_t
addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* ip daddr @vips drop (in), ip saddr @vips drop (out). */
static void
put_rule_vips(struct vrrp_nft_batch *b, int family,
    const struct vrrp_nft_conf *cf, bool out)
{
	struct nftnl_rule *r = rule_new(family, cf->table, out ? "out" : "in");

	expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, addr_off(family, out),
	    addr_len(family), NFT_REG_1);
	expr_lookup(r, NFT_REG_1, "vips");
	expr_verdict(r, cf, NF_DROP, NULL);
	put_rule(b, r);
}

/* icmpv6 type @neighbor-discovery accept */
static void
put_rule_nd(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *cf,
    bool out)
{
	struct nftnl_rule *r = rule_new(AF_INET6, cf->table,
	    out ? "out" : "in");
	uint8_t icmp6 = IPPROTO_ICMPV6;

	expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 6, 1, NFT_REG_1);
	expr_cmp_eq(r, NFT_REG_1, &icmp6, sizeof(icmp6));
	expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1);
	expr_lookup(r, NFT_REG_1, "neighbor-discovery");
	expr_verdict(r, cf, NF_ACCEPT, NULL);
	put_rule(b, r);
}

/* ip6 daddr fe80::/10 goto in_link_local (saddr, out_link_local). */
static void
put_rule_ll_goto(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *cf,
    bool out)
{
	struct nftnl_rule *r = rule_new(AF_INET6, cf->table,
	    out ? "out" : "in");
	uint8_t mask[16] = { 0xff, 0xc0 }, ll[16] = { 0xfe, 0x80 };

	expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, addr_off(AF_INET6, out),
	    16, NFT_REG_1);
	expr_mask(r, NFT_REG_1, mask, sizeof(mask));
	expr_cmp_eq(r, NFT_REG_1, ll, sizeof(ll));
	expr_verdict(r, cf, NFT_GOTO, out ? "out_link_local" :
	    "in_link_local");
	put_rule(b, r);
}

/* ip6 daddr . iif @vips_link_local drop (saddr . oif, out). */
static void
put_rule_ll(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *cf,
    bool out)
{
	struct nftnl_rule *r = rule_new(AF_INET6, cf->table,
	    out ? "out_link_local" : "in_link_local");

	/* The 16 bytes of NFT_REG_1 and the first 4 of NFT_REG_2 are
	 * contiguous: together they are the 20-byte key. */
	expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, addr_off(AF_INET6, out),
	    16, NFT_REG_1);
	expr_meta(r, out ? NFT_META_OIF : NFT_META_IIF, NFT_REG_2);
	expr_lookup(r, NFT_REG_1, "vips_link_local");
	expr_verdict(r, cf, NF_DROP, NULL);
	put_rule(b, r);
}

static void
put_nd_set(struct vrrp_nft_batch *b, const char *table)
{
	struct nftnl_set *s;
	uint8_t types[2] = { ND_SOLICIT, ND_ADVERT };

	put_set(b, AF_INET6, table, "neighbor-discovery", TYPE_ICMPV6_TYPE,
	    1, NFT_SET_CONSTANT);
	s = set_new(AF_INET6, table, "neighbor-discovery");
	elem_add_key(s, &types[0], 1);
	elem_add_key(s, &types[1], 1);
	put_elems(b, AF_INET6, s, 2, true);
	nftnl_set_free(s);
}

void
vrrp_nft_batch_table(struct vrrp_nft_batch *b, int family,
    const struct vrrp_nft_conf *cf)
{
	put_table(b, family, cf->table, NFT_MSG_NEWTABLE);
	put_chain(b, family, cf, "out", NF_INET_LOCAL_OUT);
	put_chain(b, family, cf, "in", NF_INET_LOCAL_IN);
	if (family == AF_INET) {
		put_set(b, family, cf->table, "vips", TYPE_IPADDR, 4, 0);
		put_rule_vips(b, family, cf, false);
		put_rule_vips(b, family, cf, true);
		return;
	}
	put_chain(b, family, cf, "in_link_local", -1);
	put_chain(b, family, cf, "out_link_local", -1);
	put_set(b, family, cf->table, "vips", TYPE_IP6ADDR, 16, 0);
	put_nd_set(b, cf->table);
	put_rule_nd(b, cf, false);
	put_rule_ll_goto(b, cf, false);
	put_rule_nd(b, cf, true);
	put_rule_ll_goto(b, cf, true);
	put_rule_vips(b, family, cf, false);
	put_rule_vips(b, family, cf, true);
}

void
vrrp_nft_batch_link_local(struct vrrp_nft_batch *b,
    const struct vrrp_nft_conf *cf)
{
	put_set(b, AF_INET6, cf->table, "vips_link_local",
	    (TYPE_IP6ADDR << TYPE_BITS) | TYPE_IFINDEX, 16 + 4, 0);
	put_rule_ll(b, cf, false);
	put_rule_ll(b, cf, true);
}

bool
vrrp_nft_elem_link_local(const struct vrrp_nft_elem *e)
{
	return e->addr.family == AF_INET6 &&
	    IN6_IS_ADDR_LINKLOCAL(&e->addr.u.v6);
}

/* Which of the three sets (ip vips, ip6 vips, ip6 vips_link_local). */
static int
elem_set(const struct vrrp_nft_elem *e)
{
	if (e->addr.family == AF_INET)
		return 0;
	return vrrp_nft_elem_link_local(e) ? 2 : 1;
}

void
vrrp_nft_batch_elems(struct vrrp_nft_batch *b, const char *table,
    bool add, const struct vrrp_nft_elem *elems, size_t n)
{
	static const char *const names[3] = { "vips", "vips",
	    "vips_link_local" };
	uint8_t key[20];
	struct nftnl_set *s;
	uint32_t ifx;
	size_t i, cnt;
	int k;

	for (k = 0; k < 3; k++) {
		s = set_new(k == 0 ? AF_INET : AF_INET6, table, names[k]);
		for (i = cnt = 0; i < n; i++) {
			if (elem_set(&elems[i]) != k)
				continue;
			if (k == 0) {
				elem_add_key(s, &elems[i].addr.u.v4, 4);
			} else {
				memcpy(key, &elems[i].addr.u.v6, 16);
				ifx = (uint32_t)elems[i].ifindex;
				memcpy(key + 16, &ifx, sizeof(ifx));
				elem_add_key(s, key, k == 2 ? 20 : 16);
			}
			cnt++;
		}
		if (cnt > 0)
			put_elems(b, k == 0 ? AF_INET : AF_INET6, s, cnt, add);
		nftnl_set_free(s);
	}
}

void
vrrp_nft_batch_deltable(struct vrrp_nft_batch *b, int family,
    const char *table)
{
	put_table(b, family, table, NFT_MSG_DELTABLE);
}

/* --- VMAC rules ---------------------------------------------------------- */

/* meta oifkind "macvlan" meta oif, looked up in set (into NFT_REG_2 when
 * map: the base interface). */
static void
put_oif_vmac(struct nftnl_rule *r, const char *set, bool map)
{
	static const char macvlan[16] = "macvlan";	/* as keepalived */
	struct nftnl_expr *e;

	expr_meta(r, NFT_META_OIFKIND, NFT_REG_2);
	expr_cmp_eq(r, NFT_REG_2, macvlan, sizeof(macvlan));
	expr_meta(r, NFT_META_OIF, NFT_REG_2);
	e = expr_lookup(r, NFT_REG_2, set);
	if (!map)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_2);
	e = expr_new(r, "dup");
	nftnl_expr_set_u32(e, NFTNL_EXPR_DUP_SREG_ADDR, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_DUP_SREG_DEV, NFT_REG_2);
}

/* icmpv6 type T (the l4 protocol first, as keepalived). */
static void
put_icmp6_type(struct nftnl_rule *r, uint8_t type)
{
	uint8_t icmp6 = IPPROTO_ICMPV6;

	expr_meta(r, NFT_META_L4PROTO, NFT_REG_1);
	expr_cmp_eq(r, NFT_REG_1, &icmp6, sizeof(icmp6));
	expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1);
	expr_cmp_eq(r, NFT_REG_1, &type, sizeof(type));
}

/*
 * ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map
 *     @vmac_map drop
 * ip6: icmpv6 type mld2-listener-report ... ip6 daddr ...
 * Group reports leave through the base interface, not the VMAC.
 */
static void
put_rule_igmp(struct vrrp_nft_batch *b, int family,
    const struct vrrp_nft_conf *cf)
{
	struct nftnl_rule *r = rule_new(family, cf->table, "out");
	uint8_t igmp = IPPROTO_IGMP;

	if (family == AF_INET) {
		expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 9, 1, NFT_REG_1);
		expr_cmp_eq(r, NFT_REG_1, &igmp, sizeof(igmp));
	} else
		put_icmp6_type(r, MLD2_REPORT);
	expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, addr_off(family, false),
	    addr_len(family), NFT_REG_1);
	put_oif_vmac(r, "vmac_map", true);
	expr_verdict(r, cf, NF_DROP, NULL);
	put_rule(b, r);
}

/* icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @vmac_set drop */
static void
put_rule_rs(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *cf)
{
	struct nftnl_rule *r = rule_new(AF_INET6, cf->table, "out");

	put_icmp6_type(r, ND_ROUTER_SOLICIT);
	put_oif_vmac(r, "vmac_set", false);
	expr_verdict(r, cf, NF_DROP, NULL);
	put_rule(b, r);
}

void
vrrp_nft_batch_vmac(struct vrrp_nft_batch *b, int family,
    const struct vrrp_nft_conf *cf, bool table)
{
	if (table) {
		put_table(b, family, cf->table, NFT_MSG_NEWTABLE);
		put_chain(b, family, cf, "out", NF_INET_LOCAL_OUT);
	}
	put_set(b, family, cf->table, "vmac_map", TYPE_IFINDEX, 4,
	    NFT_SET_MAP);
	if (family == AF_INET6)
		put_set(b, family, cf->table, "vmac_set", TYPE_IFINDEX, 4, 0);
	put_rule_igmp(b, family, cf);
	if (family == AF_INET6)
		put_rule_rs(b, cf);
}

void
vrrp_nft_batch_vmac_elem(struct vrrp_nft_batch *b, int family,
    const char *table, bool add, int ifindex, int base_ifindex)
{
	struct nftnl_set *s = set_new(family, table, "vmac_map");
	struct nftnl_set_elem *e = nft_chk(nftnl_set_elem_alloc());
	uint32_t key = (uint32_t)ifindex, data = (uint32_t)base_ifindex;

	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, &key, sizeof(key));
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, &data, sizeof(data));
	nftnl_set_elem_add(s, e);
	put_elems(b, family, s, 1, add);
	nftnl_set_free(s);
	if (family != AF_INET6)
		return;
	s = set_new(family, table, "vmac_set");
	elem_add_key(s, &key, sizeof(key));
	put_elems(b, family, s, 1, add);
	nftnl_set_free(s);
}

/* --- the firewall ---------------------------------------------------------- */

struct vrrp_nft_hold {
	struct vrrp_nft_elem e;
	const void	*owner;
};

struct vrrp_nft {
	struct mnl_socket *mnl;
	uint32_t	 portid;
	uint32_t	 seq;
	struct vrrp_nft_conf conf;
	char		*table;
	bool		 have4, have6, have_ll;	/* the vips parts */
	bool		 tab4, tab6;		/* the tables */
	bool		 vmac4, vmac6;		/* the VMAC parts */
	struct vrrp_nft_hold *held;
	size_t		 nheld;
};

/*
 * Send buf and read the acknowledgements up to the one of seq last (or
 * an error for the batch's begin or end: the kernel refused the batch as
 * a whole).  *found: a data message came (GETTABLE).
 */
static int
nft_exchange(struct vrrp_nft *nft, const void *buf, size_t len,
    uint32_t first, uint32_t last, bool *found)
{
	char rbuf[RECV_ROOM];
	const struct nlmsghdr *nlh;
	const struct nlmsgerr *err;
	int rc = 0, kerr, left;
	ssize_t n;

	if (mnl_socket_sendto(nft->mnl, buf, len) < 0)
		return -1;
	for (;;) {
		n = mnl_socket_recvfrom(nft->mnl, rbuf, sizeof(rbuf));
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				errno = ETIMEDOUT;
			return -1;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)rbuf;
		    mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh,
		    &left)) {
			/* Late answers to an earlier request are not ours;
			 * an error on the batch's begin or end is the
			 * kernel refusing the whole batch. */
			if (nlh->nlmsg_seq + 1 < first ||
			    nlh->nlmsg_seq > last + 1)
				continue;
			if (nlh->nlmsg_type != NLMSG_ERROR) {
				if (found != NULL)
					*found = true;
				continue;
			}
			if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
				continue;
			err = mnl_nlmsg_get_payload(nlh);
			kerr = -err->error;
			if (kerr != 0 && rc == 0)
				rc = kerr;
			if (nlh->nlmsg_seq == last || (kerr != 0 &&
			    (nlh->nlmsg_seq < first || nlh->nlmsg_seq > last)))
				goto done;
		}
	}
done:
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return 0;
}

static int
nft_send_batch(struct vrrp_nft *nft, struct vrrp_nft_batch *b)
{
	int rc;

	vrrp_nft_batch_end(b);
	nft->seq = b->seq;
	rc = nft_exchange(nft, b->buf, b->len, b->first, b->last, NULL);
	return rc;
}

/* Whether the table exists in family: 1, 0, or -1 with errno. */
static int
nft_table_exists(struct vrrp_nft *nft, int family)
{
	char buf[MSG_ROOM];
	struct nftnl_table *t = nft_chk(nftnl_table_alloc());
	struct nlmsghdr *nlh;
	bool found = false;
	uint32_t seq = nft->seq++;

	memset(buf, 0, sizeof(buf));
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, nft->table);
	nlh = nftnl_table_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE,
	    (uint16_t)family, NLM_F_ACK, seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	if (nft_exchange(nft, buf, nlh->nlmsg_len, seq, seq, &found) == -1)
		return errno == ENOENT ? 0 : -1;
	return found ? 1 : 0;
}

static int
nft_delete_old(struct vrrp_nft *nft, unsigned *old)
{
	struct vrrp_nft_batch b;
	int v4, v6, rc = 0;

	*old = 0;
	if ((v4 = nft_table_exists(nft, AF_INET)) == -1 ||
	    (v6 = nft_table_exists(nft, AF_INET6)) == -1)
		return -1;
	if (v4 == 0 && v6 == 0)
		return 0;
	vrrp_nft_batch_init(&b, nft->seq);
	if (v4)
		vrrp_nft_batch_deltable(&b, AF_INET, nft->table);
	if (v6)
		vrrp_nft_batch_deltable(&b, AF_INET6, nft->table);
	rc = nft_send_batch(nft, &b);
	vrrp_nft_batch_free(&b);
	if (rc == 0)
		*old = (v4 ? VRRP_NFT_OLD_IP : 0) | (v6 ? VRRP_NFT_OLD_IP6 : 0);
	return rc;
}

static int
nft_socket(struct vrrp_nft *nft)
{
	struct timeval tv = { RECV_TIMEOUT_S, 0 };
	int one = 1, fd;

	nft->mnl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (nft->mnl == NULL)
		return -1;
	if (mnl_socket_bind(nft->mnl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	nft->portid = mnl_socket_get_portid(nft->mnl);
	fd = mnl_socket_get_fd(nft->mnl);
	/* Acknowledgements of errors without the request echoed. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
	    sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1)
		return -1;
	nft->seq = (uint32_t)time(NULL);
	if (nft->seq == 0)
		nft->seq = 1;
	return 0;
}

static void
nft_free(struct vrrp_nft *nft)
{
	int saved = errno;

	if (nft->mnl != NULL)
		mnl_socket_close(nft->mnl);
	free(nft->held);
	free(nft->table);
	free(nft);
	errno = saved;
}

struct vrrp_nft *
vrrp_nft_open(const struct vrrp_nft_conf *cf, unsigned *old)
{
	struct vrrp_nft *nft = xcalloc(1, sizeof(*nft));

	nft->table = xstrdup(cf->table != NULL ? cf->table : VRRP_NFT_TABLE);
	nft->conf = *cf;
	nft->conf.table = nft->table;
	if (nft_socket(nft) == -1 || nft_delete_old(nft, old) == -1) {
		nft_free(nft);
		return NULL;
	}
	return nft;
}

/* The key of an element: its address, and the interface if link-local. */
static bool
elem_eq(const struct vrrp_nft_elem *a, const struct vrrp_nft_elem *b)
{
	if (a->addr.family != b->addr.family)
		return false;
	if (a->addr.family == AF_INET)
		return a->addr.u.v4.s_addr == b->addr.u.v4.s_addr;
	if (memcmp(&a->addr.u.v6, &b->addr.u.v6, 16) != 0)
		return false;
	return !vrrp_nft_elem_link_local(a) || a->ifindex == b->ifindex;
}

/* Whether someone (other than skip; skip NULL: anyone) holds e. */
static bool
held_by_other(const struct vrrp_nft *nft, const struct vrrp_nft_elem *e,
    const void *skip)
{
	size_t i;

	for (i = 0; i < nft->nheld; i++)
		if (nft->held[i].owner != skip && elem_eq(&nft->held[i].e, e))
			return true;
	return false;
}

static bool
in_list(const struct vrrp_nft_elem *list, size_t n,
    const struct vrrp_nft_elem *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (elem_eq(&list[i], e))
			return true;
	return false;
}

/* Replace owner's holdings by elems (after the kernel took them). */
static void
nft_hold(struct vrrp_nft *nft, const void *owner,
    const struct vrrp_nft_elem *elems, size_t n)
{
	size_t i, j;

	for (i = j = 0; i < nft->nheld; i++)
		if (nft->held[i].owner != owner)
			nft->held[j++] = nft->held[i];
	nft->nheld = j;
	if (n == 0)
		return;
	nft->held = xreallocarray(nft->held, nft->nheld + n,
	    sizeof(*nft->held));
	for (i = 0; i < n; i++) {
		if (in_list(elems, i, &elems[i]))
			continue;
		nft->held[nft->nheld].e = elems[i];
		nft->held[nft->nheld++].owner = owner;
	}
}

/* Tables the elements need and do not have yet. */
static void
nft_need_tables(struct vrrp_nft *nft, struct vrrp_nft_batch *b,
    const struct vrrp_nft_elem *add, size_t n, bool *ok4, bool *ok6,
    bool *okll)
{
	size_t i;

	*ok4 = *ok6 = *okll = false;
	for (i = 0; i < n; i++) {
		if (add[i].addr.family == AF_INET && !nft->have4 && !*ok4) {
			vrrp_nft_batch_table(b, AF_INET, &nft->conf);
			*ok4 = true;
		}
		if (add[i].addr.family == AF_INET6 && !nft->have6 && !*ok6) {
			vrrp_nft_batch_table(b, AF_INET6, &nft->conf);
			*ok6 = true;
		}
		if (vrrp_nft_elem_link_local(&add[i]) && !nft->have_ll &&
		    !*okll) {
			vrrp_nft_batch_link_local(b, &nft->conf);
			*okll = true;
		}
	}
}

int
vrrp_nft_update(struct vrrp_nft *nft, const void *owner,
    const struct vrrp_nft_elem *elems, size_t n)
{
	struct vrrp_nft_elem *add, *del;
	struct vrrp_nft_batch b;
	size_t i, nadd = 0, ndel = 0;
	bool ok4, ok6, okll;
	int rc = 0;

	add = xreallocarray(NULL, n + 1, sizeof(*add));
	del = xreallocarray(NULL, nft->nheld + 1, sizeof(*del));
	for (i = 0; i < n; i++)
		if (!in_list(elems, i, &elems[i]) &&
		    !held_by_other(nft, &elems[i], NULL))
			add[nadd++] = elems[i];
	for (i = 0; i < nft->nheld; i++)
		if (nft->held[i].owner == owner &&
		    !in_list(elems, n, &nft->held[i].e) &&
		    !held_by_other(nft, &nft->held[i].e, owner))
			del[ndel++] = nft->held[i].e;
	if (nadd + ndel > 0) {
		vrrp_nft_batch_init(&b, nft->seq);
		nft_need_tables(nft, &b, add, nadd, &ok4, &ok6, &okll);
		vrrp_nft_batch_elems(&b, nft->table, true, add, nadd);
		/* Added first, a deletion cannot fail on an element that
		 * someone else removed meanwhile. */
		vrrp_nft_batch_elems(&b, nft->table, true, del, ndel);
		vrrp_nft_batch_elems(&b, nft->table, false, del, ndel);
		rc = nft_send_batch(nft, &b);
		vrrp_nft_batch_free(&b);
		if (rc == 0) {
			nft->have4 = nft->have4 || ok4;
			nft->have6 = nft->have6 || ok6;
			nft->have_ll = nft->have_ll || okll;
		}
	}
	if (rc == 0)
		nft_hold(nft, owner, elems, n);
	free(add);
	free(del);
	return rc;
}

int
vrrp_nft_vmac(struct vrrp_nft *nft, int family, int ifindex,
    int base_ifindex, bool add)
{
	bool *tab = family == AF_INET ? &nft->tab4 : &nft->tab6;
	bool *done = family == AF_INET ? &nft->vmac4 : &nft->vmac6;
	bool have = family == AF_INET ? nft->have4 : nft->have6;
	struct vrrp_nft_batch b;
	int rc;

	if (!add && !*done)
		return 0;
	vrrp_nft_batch_init(&b, nft->seq);
	if (add && !*done)
		vrrp_nft_batch_vmac(&b, family, &nft->conf, !*tab && !have);
	vrrp_nft_batch_vmac_elem(&b, family, nft->table, add, ifindex,
	    base_ifindex);
	rc = nft_send_batch(nft, &b);
	vrrp_nft_batch_free(&b);
	if (rc == 0 && add)
		*tab = *done = true;
	return rc;
}

size_t
vrrp_nft_held(const struct vrrp_nft *nft, const void *owner)
{
	size_t i, cnt = 0;

	for (i = 0; i < nft->nheld; i++)
		if (owner == NULL || nft->held[i].owner == owner)
			cnt++;
	return cnt;
}

int
vrrp_nft_close(struct vrrp_nft *nft)
{
	struct vrrp_nft_batch b;
	int rc = 0;

	if (nft == NULL)
		return 0;
	nft->have4 = nft->have4 || nft->tab4;
	nft->have6 = nft->have6 || nft->tab6;
	if (nft->have4 || nft->have6) {
		vrrp_nft_batch_init(&b, nft->seq);
		if (nft->have4)
			vrrp_nft_batch_deltable(&b, AF_INET, nft->table);
		if (nft->have6)
			vrrp_nft_batch_deltable(&b, AF_INET6, nft->table);
		rc = nft_send_batch(nft, &b);
		vrrp_nft_batch_free(&b);
	}
	nft_free(nft);
	return rc;
}
