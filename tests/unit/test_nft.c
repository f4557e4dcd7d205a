/*
 * test_nft: the no_accept firewall (vrrp/nft.c).
 *
 * "pure": the encoders' batches read back with libnftnl's own parsers:
 * message order and sequence numbers, the chains' hooks, priority and
 * policy, the sets' key types, every rule's expressions and the element
 * keys, as keepalived 2.2.7 lays them out.
 *
 * "kernel": each test runs in the process Check forks for it, which
 * unshares a private network namespace (gone with the process, so
 * nothing leaks and nothing needs cleaning).  The oracle is nftables'
 * own `nft list ...`; the traffic test adds a second namespace (a child
 * blocked on a pipe, which exits when the test does) joined by a veth
 * pair, and checks that a datagram to (and from) the VIP is dropped
 * while the VIP is in the set and delivered after it left.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "unit.h"
#include "nft.h"

/* --- reading batches back -------------------------------------------- */

#define MAXMSG	64

struct msgs {
	const struct nlmsghdr *m[MAXMSG];
	int	 n;
};

static void
split(const struct vrrp_nft_batch *b, struct msgs *out)
{
	const struct nlmsghdr *nlh = (const void *)b->buf;
	int left = (int)b->len;

	out->n = 0;
	while (mnl_nlmsg_ok(nlh, left)) {
		ck_assert_int_lt(out->n, MAXMSG);
		out->m[out->n++] = nlh;
		nlh = mnl_nlmsg_next(nlh, &left);
	}
	ck_assert_int_eq(left, 0);
}

static int
msg_type(const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN ||
	    nlh->nlmsg_type == NFNL_MSG_BATCH_END)
		return nlh->nlmsg_type;
	ck_assert_int_eq(nlh->nlmsg_type >> 8, NFNL_SUBSYS_NFTABLES);
	return nlh->nlmsg_type & 0xff;
}

static int
msg_family(const struct nlmsghdr *nlh)
{
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);

	return g->nfgen_family;
}

static const struct vrrp_nft_conf conf_plain = {
	.table = "keepalived", .priority = -1, .counters = false,
};

/* The expressions of a rule, by name, into names (space separated) and
 * the expressions themselves. */
struct rule_view {
	char	 names[256];
	struct nftnl_expr *e[16];
	int	 n;
	struct nftnl_rule *r;
};

static int
rule_expr_cb(struct nftnl_expr *e, void *data)
{
	struct rule_view *v = data;
	size_t len = strlen(v->names);

	snprintf(v->names + len, sizeof(v->names) - len, "%s%s",
	    len > 0 ? " " : "", nftnl_expr_get_str(e, NFTNL_EXPR_NAME));
	if (v->n < 16)
		v->e[v->n++] = e;
	return 0;
}

static void
rule_read(const struct nlmsghdr *nlh, struct rule_view *v)
{
	memset(v, 0, sizeof(*v));
	ck_assert_int_eq(msg_type(nlh), NFT_MSG_NEWRULE);
	ck_assert(nlh->nlmsg_flags & NLM_F_APPEND);
	v->r = nftnl_rule_alloc();
	ck_assert_int_eq(nftnl_rule_nlmsg_parse(nlh, v->r), 0);
	ck_assert_int_eq(nftnl_expr_foreach(v->r, rule_expr_cb, v), 0);
}

static void
rule_check(const struct nlmsghdr *nlh, const char *chain, const char *names)
{
	struct rule_view v;

	rule_read(nlh, &v);
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_TABLE),
	    "keepalived");
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_CHAIN), chain);
	ck_assert_str_eq(v.names, names);
	nftnl_rule_free(v.r);
}

static void
payload_check(struct nftnl_expr *e, uint32_t base, uint32_t off,
    uint32_t len)
{
	ck_assert_str_eq(nftnl_expr_get_str(e, NFTNL_EXPR_NAME), "payload");
	ck_assert_uint_eq(nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE), base);
	ck_assert_uint_eq(nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET),
	    off);
	ck_assert_uint_eq(nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN), len);
	ck_assert_uint_eq(nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_DREG),
	    NFT_REG_1);
}

/* ip daddr/saddr @vips drop: payload at off, lookup "vips", drop. */
static void
vips_rule_check(const struct nlmsghdr *nlh, const char *chain,
    uint32_t off, uint32_t len)
{
	struct rule_view v;

	rule_read(nlh, &v);
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_CHAIN), chain);
	ck_assert_str_eq(v.names, "payload lookup immediate");
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, off, len);
	ck_assert_str_eq(nftnl_expr_get_str(v.e[1], NFTNL_EXPR_LOOKUP_SET),
	    "vips");
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[1], NFTNL_EXPR_LOOKUP_SREG),
	    NFT_REG_1);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[2], NFTNL_EXPR_IMM_DREG),
	    NFT_REG_VERDICT);
	ck_assert_int_eq((int)nftnl_expr_get_u32(v.e[2],
	    NFTNL_EXPR_IMM_VERDICT), NF_DROP);
	nftnl_rule_free(v.r);
}

static void
chain_check(const struct nlmsghdr *nlh, int family, const char *name,
    int hook)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	ck_assert_int_eq(msg_type(nlh), NFT_MSG_NEWCHAIN);
	ck_assert_int_eq(msg_family(nlh), family);
	ck_assert_int_eq(nftnl_chain_nlmsg_parse(nlh, c), 0);
	ck_assert_str_eq(nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE),
	    "keepalived");
	ck_assert_str_eq(nftnl_chain_get_str(c, NFTNL_CHAIN_NAME), name);
	if (hook < 0) {
		ck_assert(!nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM));
	} else {
		ck_assert_uint_eq(nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM),
		    (uint32_t)hook);
		ck_assert_int_eq(nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO), -1);
		ck_assert_uint_eq(nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY),
		    NF_ACCEPT);
		ck_assert_str_eq(nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE),
		    "filter");
	}
	nftnl_chain_free(c);
}

static void
set_check(const struct nlmsghdr *nlh, int family, const char *name,
    uint32_t key_type, uint32_t key_len)
{
	struct nftnl_set *s = nftnl_set_alloc();

	ck_assert_int_eq(msg_type(nlh), NFT_MSG_NEWSET);
	ck_assert_int_eq(msg_family(nlh), family);
	ck_assert_int_eq(nftnl_set_nlmsg_parse(nlh, s), 0);
	ck_assert_str_eq(nftnl_set_get_str(s, NFTNL_SET_NAME), name);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE), key_type);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN), key_len);
	/* The kernel refuses a new set without an id. */
	ck_assert(nftnl_set_is_set(s, NFTNL_SET_ID));
	nftnl_set_free(s);
}

/* The keys of an element message, hex, space separated.  Read with
 * libmnl: libnftnl numbers the list's nests 1, 2 ... (the kernel does
 * not look) and its own parser then refuses all but the first. */
static void
hex_key(const struct nlattr *elem, char *out, size_t size, size_t *used)
{
	const struct nlattr *a, *d;
	const uint8_t *k;
	uint16_t i, len;

	mnl_attr_for_each_nested(a, elem) {
		if (mnl_attr_get_type(a) != NFTA_SET_ELEM_KEY)
			continue;
		mnl_attr_for_each_nested(d, a) {
			if (mnl_attr_get_type(d) != NFTA_DATA_VALUE)
				continue;
			k = mnl_attr_get_payload(d);
			len = mnl_attr_get_payload_len(d);
			if (*used > 0 && *used + 1 < size)
				*used += (size_t)snprintf(out + *used,
				    size - *used, " ");
			for (i = 0; i < len && *used + 3 < size; i++)
				*used += (size_t)snprintf(out + *used,
				    size - *used, "%02x", k[i]);
		}
	}
}

static void
elems_read(const struct nlmsghdr *nlh, char *name, size_t nsize, char *out,
    size_t size)
{
	const struct nlattr *a, *e;
	size_t used = 0;

	name[0] = out[0] = '\0';
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_SET_ELEM_LIST_SET)
			snprintf(name, nsize, "%s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) != NFTA_SET_ELEM_LIST_ELEMENTS)
			continue;
		mnl_attr_for_each_nested(e, a)
			hex_key(e, out, size, &used);
	}
}

/* --- pure ------------------------------------------------------------- */

START_TEST(test_batch_framing)
{
	struct vrrp_nft_batch b;
	struct msgs m;
	int i;

	vrrp_nft_batch_init(&b, 1000);
	ck_assert(vrrp_nft_batch_empty(&b));
	vrrp_nft_batch_deltable(&b, AF_INET, "keepalived");
	vrrp_nft_batch_deltable(&b, AF_INET6, "keepalived");
	vrrp_nft_batch_end(&b);
	ck_assert(!vrrp_nft_batch_empty(&b));
	split(&b, &m);
	ck_assert_int_eq(m.n, 4);
	ck_assert_int_eq(msg_type(m.m[0]), NFNL_MSG_BATCH_BEGIN);
	ck_assert_int_eq(msg_type(m.m[1]), NFT_MSG_DELTABLE);
	ck_assert_int_eq(msg_family(m.m[1]), NFPROTO_IPV4);
	ck_assert_int_eq(msg_family(m.m[2]), NFPROTO_IPV6);
	ck_assert_int_eq(msg_type(m.m[3]), NFNL_MSG_BATCH_END);
	for (i = 0; i < m.n; i++)
		ck_assert_uint_eq(m.m[i]->nlmsg_seq, 1000u + (unsigned)i);
	ck_assert_uint_eq(b.first, 1001);
	ck_assert_uint_eq(b.last, 1002);
	/* Every message inside is acknowledged: the socket side counts on
	 * it. */
	ck_assert(m.m[1]->nlmsg_flags & NLM_F_ACK);
	ck_assert(m.m[2]->nlmsg_flags & NLM_F_ACK);
	vrrp_nft_batch_free(&b);
}
END_TEST

START_TEST(test_table_ipv4)
{
	struct vrrp_nft_batch b;
	struct nftnl_table *t;
	struct msgs m;

	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_table(&b, AF_INET, &conf_plain);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	ck_assert_int_eq(m.n, 8);
	ck_assert_int_eq(msg_type(m.m[1]), NFT_MSG_NEWTABLE);
	ck_assert_int_eq(msg_family(m.m[1]), NFPROTO_IPV4);
	t = nftnl_table_alloc();
	ck_assert_int_eq(nftnl_table_nlmsg_parse(m.m[1], t), 0);
	ck_assert_str_eq(nftnl_table_get_str(t, NFTNL_TABLE_NAME),
	    "keepalived");
	nftnl_table_free(t);
	chain_check(m.m[2], NFPROTO_IPV4, "out", NF_INET_LOCAL_OUT);
	chain_check(m.m[3], NFPROTO_IPV4, "in", NF_INET_LOCAL_IN);
	set_check(m.m[4], NFPROTO_IPV4, "vips", 7, 4);
	vips_rule_check(m.m[5], "in", 16, 4);	/* ip daddr */
	vips_rule_check(m.m[6], "out", 12, 4);	/* ip saddr */
	vrrp_nft_batch_free(&b);
}
END_TEST

/* use_vmac, IPv4 (keepalived's nft_setup_igmp): table, out, the map
 * vmac_map of interface indexes and
 * ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif
 *     map @vmac_map drop */
START_TEST(test_vmac_ipv4)
{
	static const char macvlan[16] = "macvlan";
	struct vrrp_nft_batch b;
	struct nftnl_set *s;
	struct rule_view v;
	struct msgs m;
	char name[32], keys[64];
	uint32_t len;

	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_vmac(&b, AF_INET, &conf_plain, true);
	vrrp_nft_batch_vmac_elem(&b, AF_INET, "keepalived", true, 7, 2);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	ck_assert_int_eq(m.n, 7);
	ck_assert_int_eq(msg_type(m.m[1]), NFT_MSG_NEWTABLE);
	chain_check(m.m[2], NFPROTO_IPV4, "out", NF_INET_LOCAL_OUT);
	set_check(m.m[3], NFPROTO_IPV4, "vmac_map", 20, 4);
	s = nftnl_set_alloc();
	ck_assert_int_eq(nftnl_set_nlmsg_parse(m.m[3], s), 0);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_FLAGS), NFT_SET_MAP);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_DATA_TYPE), 20);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_DATA_LEN), 4);
	nftnl_set_free(s);
	rule_read(m.m[4], &v);
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_CHAIN), "out");
	ck_assert_str_eq(v.names, "payload cmp payload meta cmp meta lookup "
	    "dup immediate");
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, 9, 1);
	ck_assert_uint_eq(*(const uint8_t *)nftnl_expr_get(v.e[1],
	    NFTNL_EXPR_CMP_DATA, &len), IPPROTO_IGMP);
	payload_check(v.e[2], NFT_PAYLOAD_NETWORK_HEADER, 16, 4);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[3], NFTNL_EXPR_META_KEY),
	    NFT_META_OIFKIND);
	ck_assert_mem_eq(nftnl_expr_get(v.e[4], NFTNL_EXPR_CMP_DATA, &len),
	    macvlan, sizeof(macvlan));
	ck_assert_uint_eq(len, sizeof(macvlan));
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[5], NFTNL_EXPR_META_KEY),
	    NFT_META_OIF);
	ck_assert_str_eq(nftnl_expr_get_str(v.e[6], NFTNL_EXPR_LOOKUP_SET),
	    "vmac_map");
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[6], NFTNL_EXPR_LOOKUP_DREG),
	    NFT_REG_2);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[7],
	    NFTNL_EXPR_DUP_SREG_ADDR), NFT_REG_1);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[7],
	    NFTNL_EXPR_DUP_SREG_DEV), NFT_REG_2);
	ck_assert_int_eq((int)nftnl_expr_get_u32(v.e[8],
	    NFTNL_EXPR_IMM_VERDICT), NF_DROP);
	nftnl_rule_free(v.r);
	ck_assert_int_eq(msg_type(m.m[5]), NFT_MSG_NEWSETELEM);
	elems_read(m.m[5], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "vmac_map");
	ck_assert_str_eq(keys, "07000000");	/* host order, x86 */
	vrrp_nft_batch_free(&b);
}
END_TEST

/* IPv6: the set vmac_set too, MLDv2 reports moved, router solicitations
 * dropped; a later VMAC only adds its elements (table false: the vips
 * part made the table). */
START_TEST(test_vmac_ipv6)
{
	struct vrrp_nft_batch b;
	struct rule_view v;
	struct msgs m;
	char name[32], keys[64];
	uint32_t len;

	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_vmac(&b, AF_INET6, &conf_plain, false);
	vrrp_nft_batch_vmac_elem(&b, AF_INET6, "keepalived", false, 9, 3);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	ck_assert_int_eq(m.n, 8);
	set_check(m.m[1], NFPROTO_IPV6, "vmac_map", 20, 4);
	set_check(m.m[2], NFPROTO_IPV6, "vmac_set", 20, 4);
	rule_read(m.m[3], &v);
	ck_assert_str_eq(v.names, "meta cmp payload cmp payload meta cmp "
	    "meta lookup dup immediate");
	ck_assert_uint_eq(*(const uint8_t *)nftnl_expr_get(v.e[3],
	    NFTNL_EXPR_CMP_DATA, &len), 143);	/* MLDv2 report */
	payload_check(v.e[4], NFT_PAYLOAD_NETWORK_HEADER, 24, 16);
	nftnl_rule_free(v.r);
	rule_read(m.m[4], &v);
	ck_assert_str_eq(v.names, "meta cmp payload cmp meta cmp meta lookup "
	    "immediate");
	ck_assert_uint_eq(*(const uint8_t *)nftnl_expr_get(v.e[3],
	    NFTNL_EXPR_CMP_DATA, &len), 133);	/* router solicitation */
	ck_assert_str_eq(nftnl_expr_get_str(v.e[7], NFTNL_EXPR_LOOKUP_SET),
	    "vmac_set");
	nftnl_rule_free(v.r);
	ck_assert_int_eq(msg_type(m.m[5]), NFT_MSG_DELSETELEM);
	elems_read(m.m[5], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "vmac_map");
	ck_assert_str_eq(keys, "09000000");
	elems_read(m.m[6], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "vmac_set");
	vrrp_nft_batch_free(&b);
}
END_TEST

START_TEST(test_table_counters_priority)
{
	struct vrrp_nft_conf cf = { "fw", 5, true };
	struct vrrp_nft_batch b;
	struct nftnl_chain *c;
	struct rule_view v;
	struct msgs m;

	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_table(&b, AF_INET, &cf);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	c = nftnl_chain_alloc();
	ck_assert_int_eq(nftnl_chain_nlmsg_parse(m.m[2], c), 0);
	ck_assert_str_eq(nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE), "fw");
	ck_assert_int_eq(nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO), 5);
	nftnl_chain_free(c);
	rule_read(m.m[5], &v);
	ck_assert_str_eq(v.names, "payload lookup counter immediate");
	nftnl_rule_free(v.r);
	vrrp_nft_batch_free(&b);
}
END_TEST

START_TEST(test_table_ipv6)
{
	static const uint8_t mask[16] = { 0xff, 0xc0 }, ll[16] = { 0xfe,
	    0x80 };
	struct vrrp_nft_batch b;
	struct rule_view v;
	struct msgs m;
	char name[64], keys[256];
	uint32_t len;
	const void *d;

	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_table(&b, AF_INET6, &conf_plain);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	ck_assert_int_eq(m.n, 16);
	ck_assert_int_eq(msg_family(m.m[1]), NFPROTO_IPV6);
	chain_check(m.m[2], NFPROTO_IPV6, "out", NF_INET_LOCAL_OUT);
	chain_check(m.m[3], NFPROTO_IPV6, "in", NF_INET_LOCAL_IN);
	chain_check(m.m[4], NFPROTO_IPV6, "in_link_local", -1);
	chain_check(m.m[5], NFPROTO_IPV6, "out_link_local", -1);
	set_check(m.m[6], NFPROTO_IPV6, "vips", 8, 16);
	set_check(m.m[7], NFPROTO_IPV6, "neighbor-discovery", 29, 1);
	ck_assert_int_eq(msg_type(m.m[8]), NFT_MSG_NEWSETELEM);
	elems_read(m.m[8], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "neighbor-discovery");
	ck_assert_str_eq(keys, "87 88");	/* NS 135, NA 136 */
	/* in: icmpv6 type @neighbor-discovery accept */
	rule_read(m.m[9], &v);
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_CHAIN), "in");
	ck_assert_str_eq(v.names, "payload cmp payload lookup immediate");
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, 6, 1);
	payload_check(v.e[2], NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
	ck_assert_int_eq((int)nftnl_expr_get_u32(v.e[4],
	    NFTNL_EXPR_IMM_VERDICT), NF_ACCEPT);
	nftnl_rule_free(v.r);
	/* in: ip6 daddr fe80::/10 goto in_link_local */
	rule_read(m.m[10], &v);
	ck_assert_str_eq(v.names, "payload bitwise cmp immediate");
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, 24, 16);
	d = nftnl_expr_get(v.e[1], NFTNL_EXPR_BITWISE_MASK, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_mem_eq(d, mask, 16);
	d = nftnl_expr_get(v.e[2], NFTNL_EXPR_CMP_DATA, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_mem_eq(d, ll, 16);
	ck_assert_int_eq((int)nftnl_expr_get_u32(v.e[3],
	    NFTNL_EXPR_IMM_VERDICT), NFT_GOTO);
	ck_assert_str_eq(nftnl_expr_get_str(v.e[3], NFTNL_EXPR_IMM_CHAIN),
	    "in_link_local");
	nftnl_rule_free(v.r);
	rule_check(m.m[11], "out", "payload cmp payload lookup immediate");
	rule_read(m.m[12], &v);
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, 8, 16);
	ck_assert_str_eq(nftnl_expr_get_str(v.e[3], NFTNL_EXPR_IMM_CHAIN),
	    "out_link_local");
	nftnl_rule_free(v.r);
	vips_rule_check(m.m[13], "in", 24, 16);		/* ip6 daddr */
	vips_rule_check(m.m[14], "out", 8, 16);		/* ip6 saddr */
	vrrp_nft_batch_free(&b);
}
END_TEST

START_TEST(test_link_local_rules)
{
	struct vrrp_nft_batch b;
	struct rule_view v;
	struct msgs m;

	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_link_local(&b, &conf_plain);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	ck_assert_int_eq(m.n, 5);
	/* ipv6_addr . ifindex: (8 << 6) | 20, 16 + 4 bytes */
	set_check(m.m[1], NFPROTO_IPV6, "vips_link_local", (8 << 6) | 20, 20);
	rule_read(m.m[2], &v);
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_CHAIN),
	    "in_link_local");
	ck_assert_str_eq(v.names, "payload meta lookup immediate");
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, 24, 16);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[1], NFTNL_EXPR_META_KEY),
	    NFT_META_IIF);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[1], NFTNL_EXPR_META_DREG),
	    NFT_REG_2);
	ck_assert_str_eq(nftnl_expr_get_str(v.e[2], NFTNL_EXPR_LOOKUP_SET),
	    "vips_link_local");
	nftnl_rule_free(v.r);
	rule_read(m.m[3], &v);
	ck_assert_str_eq(nftnl_rule_get_str(v.r, NFTNL_RULE_CHAIN),
	    "out_link_local");
	payload_check(v.e[0], NFT_PAYLOAD_NETWORK_HEADER, 8, 16);
	ck_assert_uint_eq(nftnl_expr_get_u32(v.e[1], NFTNL_EXPR_META_KEY),
	    NFT_META_OIF);
	nftnl_rule_free(v.r);
	vrrp_nft_batch_free(&b);
}
END_TEST

static struct vrrp_nft_elem
elem(const char *s, int ifindex)
{
	struct vrrp_nft_elem e;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(addr_parse(s, &e.addr), 0);
	e.ifindex = ifindex;
	return e;
}

START_TEST(test_elems)
{
	struct vrrp_nft_elem e[4];
	struct vrrp_nft_batch b;
	struct msgs m;
	char name[64], keys[256];

	e[0] = elem("192.0.2.10/24", 3);
	e[1] = elem("2001:db8::1/64", 3);
	e[2] = elem("fe80::1/64", 0x01020304);
	e[3] = elem("192.0.2.11", 3);
	ck_assert(!vrrp_nft_elem_link_local(&e[0]));
	ck_assert(!vrrp_nft_elem_link_local(&e[1]));
	ck_assert(vrrp_nft_elem_link_local(&e[2]));
	vrrp_nft_batch_init(&b, 1);
	vrrp_nft_batch_elems(&b, "keepalived", true, e, 4);
	vrrp_nft_batch_elems(&b, "keepalived", false, e, 1);
	vrrp_nft_batch_end(&b);
	split(&b, &m);
	ck_assert_int_eq(m.n, 6);
	ck_assert_int_eq(msg_type(m.m[1]), NFT_MSG_NEWSETELEM);
	ck_assert_int_eq(msg_family(m.m[1]), NFPROTO_IPV4);
	ck_assert(m.m[1]->nlmsg_flags & NLM_F_CREATE);
	ck_assert(!(m.m[1]->nlmsg_flags & NLM_F_EXCL));
	elems_read(m.m[1], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "vips");
	ck_assert_str_eq(keys, "c000020a c000020b");
	ck_assert_int_eq(msg_family(m.m[2]), NFPROTO_IPV6);
	elems_read(m.m[2], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "vips");
	ck_assert_str_eq(keys, "20010db8000000000000000000000001");
	elems_read(m.m[3], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(name, "vips_link_local");
	/* Address, then the interface index in host order. */
	{
		uint32_t ifx = 0x01020304;
		char want[64];
		const uint8_t *p = (const uint8_t *)&ifx;

		snprintf(want, sizeof(want),
		    "fe800000000000000000000000000001%02x%02x%02x%02x",
		    p[0], p[1], p[2], p[3]);
		ck_assert_str_eq(keys, want);
	}
	ck_assert_int_eq(msg_type(m.m[4]), NFT_MSG_DELSETELEM);
	elems_read(m.m[4], name, sizeof(name), keys, sizeof(keys));
	ck_assert_str_eq(keys, "c000020a");
	vrrp_nft_batch_free(&b);
}
END_TEST

/* --- kernel ----------------------------------------------------------- */

static char listing[32768];

/* `nft list ruleset` into listing. */
static const char *
nft_list(void)
{
	const char *const argv[] = { "nft", "list", "ruleset", NULL };

	ck_assert_int_eq(unit_capture(argv, listing, sizeof(listing)), 0);
	return listing;
}

#define HAS(needle) ck_assert_msg(strstr(nft_list(), (needle)) != NULL, \
	"\"%s\" not in:\n%s", (needle), listing)
#define HASNT(needle) ck_assert_msg(strstr(nft_list(), (needle)) == NULL, \
	"\"%s\" in:\n%s", (needle), listing)

static void
netns_setup(void)
{
	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): "
	    "%s (needs root)", strerror(errno));
	UNIT_RUN("ip", "link", "set", "lo", "up");
}

static void
netns_teardown(void)
{
	/* The namespace goes with this process. */
}

START_TEST(test_kernel_table)
{
	struct vrrp_nft_elem e[3];
	struct vrrp_nft *nft;
	unsigned old = 99;
	int owner;

	nft = vrrp_nft_open(&conf_plain, &old);
	ck_assert_msg(nft != NULL, "open: %s", strerror(errno));
	ck_assert_uint_eq(old, 0);
	/* keepalived makes the table with its first element. */
	HASNT("table");
	e[0] = elem("192.0.2.10/24", 1);
	e[1] = elem("2001:db8::10/64", 1);
	e[2] = elem("fe80::10/64", 1);
	ck_assert_int_eq(vrrp_nft_update(nft, &owner, e, 1), 0);
	HAS("table ip keepalived {");
	HASNT("table ip6 keepalived");
	HAS("type filter hook input priority filter - 1; policy accept;");
	HAS("type filter hook output priority filter - 1; policy accept;");
	HAS("ip daddr @vips drop");
	HAS("ip saddr @vips drop");
	HAS("elements = { 192.0.2.10 }");
	ck_assert_int_eq(vrrp_nft_update(nft, &owner, e, 3), 0);
	HAS("table ip6 keepalived {");
	HAS("ip6 daddr @vips drop");
	HAS("ip6 saddr @vips drop");
	HAS("elements = { 2001:db8::10 }");
	HAS("icmpv6 type @neighbor-discovery accept");
	HAS("elements = { nd-neighbor-solicit,");
	HAS("nd-neighbor-advert }");
	HAS("ip6 daddr fe80::/10 goto in_link_local");
	HAS("ip6 saddr fe80::/10 goto out_link_local");
	HAS("ip6 daddr . iif @vips_link_local drop");
	HAS("ip6 saddr . oif @vips_link_local drop");
	HAS("fe80::10 . \"lo\"");
	ck_assert_uint_eq(vrrp_nft_held(nft, &owner), 3);
	/* Replacing the list removes what left it. */
	ck_assert_int_eq(vrrp_nft_update(nft, &owner, e + 1, 1), 0);
	HASNT("192.0.2.10");
	HASNT("fe80::10");
	HAS("2001:db8::10");
	ck_assert_int_eq(vrrp_nft_update(nft, &owner, NULL, 0), 0);
	HASNT("2001:db8::10");
	HAS("table ip keepalived");
	ck_assert_int_eq(vrrp_nft_close(nft), 0);
	HASNT("table");
}
END_TEST

START_TEST(test_kernel_leftover)
{
	struct vrrp_nft *nft;
	unsigned old = 0;

	UNIT_RUN("nft", "add", "table", "ip", "keepalived");
	UNIT_RUN("nft", "add", "table", "ip6", "keepalived");
	UNIT_RUN("nft", "add", "table", "ip", "other");
	HAS("table ip keepalived");
	nft = vrrp_nft_open(&conf_plain, &old);
	ck_assert_msg(nft != NULL, "open: %s", strerror(errno));
	ck_assert_uint_eq(old, VRRP_NFT_OLD_IP | VRRP_NFT_OLD_IP6);
	HASNT("keepalived");
	HAS("table ip other");
	/* Nothing was made: closing deletes nothing. */
	ck_assert_int_eq(vrrp_nft_close(nft), 0);
	HAS("table ip other");
}
END_TEST

START_TEST(test_kernel_shared)
{
	struct vrrp_nft_elem e[2];
	struct vrrp_nft *nft;
	unsigned old;
	int a, b;

	nft = vrrp_nft_open(&conf_plain, &old);
	ck_assert_ptr_nonnull(nft);
	e[0] = elem("192.0.2.10", 1);
	e[1] = elem("192.0.2.20", 1);
	ck_assert_int_eq(vrrp_nft_update(nft, &a, e, 2), 0);
	ck_assert_int_eq(vrrp_nft_update(nft, &b, e, 1), 0);
	ck_assert_uint_eq(vrrp_nft_held(nft, NULL), 3);
	ck_assert_int_eq(vrrp_nft_update(nft, &a, NULL, 0), 0);
	HAS("elements = { 192.0.2.10 }");
	ck_assert_int_eq(vrrp_nft_update(nft, &b, NULL, 0), 0);
	HASNT("192.0.2.10");
	/* An element someone removed behind our back: still no error. */
	ck_assert_int_eq(vrrp_nft_update(nft, &a, e, 1), 0);
	UNIT_RUN("nft", "flush", "set", "ip", "keepalived", "vips");
	ck_assert_int_eq(vrrp_nft_update(nft, &a, NULL, 0), 0);
	ck_assert_int_eq(vrrp_nft_close(nft), 0);
}
END_TEST

/* --- traffic --- */

#define PORT	9999

static pid_t peer_pid = -1;
static int peer_pipe = -1;

/* A second namespace: a child that unshares and waits for EOF. */
static int
peer_start(void)
{
	int pfd[2], rfd[2];
	char c;

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(rfd, O_CLOEXEC), 0);
	peer_pid = fork();
	ck_assert_int_ge(peer_pid, 0);
	if (peer_pid == 0) {
		close(pfd[1]);
		close(rfd[0]);
		if (unshare(CLONE_NEWNET) == -1)
			_exit(1);
		(void)write(rfd[1], "r", 1);
		while (read(pfd[0], &c, 1) == -1 && errno == EINTR)
			;
		_exit(0);
	}
	close(pfd[0]);
	close(rfd[1]);
	peer_pipe = pfd[1];
	ck_assert_int_eq(read(rfd[0], &c, 1), 1);
	close(rfd[0]);
	return peer_pid;
}

static void
peer_stop(void)
{
	if (peer_pid > 0) {
		close(peer_pipe);
		(void)waitpid(peer_pid, NULL, 0);
		peer_pid = -1;
	}
}

static int
udp_bound(const char *ip, int port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &sin.sin_addr), 1);
	ck_assert_msg(bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0,
	    "bind %s: %s", ip, strerror(errno));
	return fd;
}

static void
udp_send(int fd, const char *ip, int port, const char *msg)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &sin.sin_addr), 1);
	/* EPERM: our own output chain dropped it. */
	(void)sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sin,
	    sizeof(sin));
}

/* The first datagram to arrive within 3 s, or "" if none. */
static const char *
udp_recv(int fd)
{
	static char buf[64];
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	buf[0] = '\0';
	if (poll(&p, 1, 3000) != 1)
		return buf;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

START_TEST(test_kernel_traffic)
{
	struct vrrp_nft_elem vip;
	struct vrrp_nft *nft;
	char pidbuf[16], nspath[64];
	int self, peer, rx_vip, tx_vip, rx_peer, tx_peer;
	unsigned old;
	pid_t pid;

	pid = peer_start();
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	snprintf(nspath, sizeof(nspath), "/proc/%d/ns/net", (int)pid);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	peer = open(nspath, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(self, 0);
	ck_assert_int_ge(peer, 0);
	UNIT_RUN("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb",
	    "netns", pidbuf);
	UNIT_RUN("ip", "addr", "add", "10.99.0.1/24", "dev", "va");
	UNIT_RUN("ip", "addr", "add", "10.99.0.100/32", "dev", "va");
	UNIT_RUN("ip", "link", "set", "va", "up");
	rx_vip = udp_bound("10.99.0.100", PORT);
	tx_vip = udp_bound("10.99.0.100", PORT + 1);
	/* The peer's side: its sockets stay in its namespace. */
	ck_assert_int_eq(setns(peer, CLONE_NEWNET), 0);
	UNIT_RUN("ip", "link", "set", "lo", "up");
	UNIT_RUN("ip", "addr", "add", "10.99.0.2/24", "dev", "vb");
	UNIT_RUN("ip", "link", "set", "vb", "up");
	rx_peer = udp_bound("10.99.0.2", PORT);
	tx_peer = udp_bound("10.99.0.2", PORT + 1);
	ck_assert_int_eq(setns(self, CLONE_NEWNET), 0);

	/* Baseline: both directions get through. */
	udp_send(tx_peer, "10.99.0.100", PORT, "in-0");
	ck_assert_str_eq(udp_recv(rx_vip), "in-0");
	udp_send(tx_vip, "10.99.0.2", PORT, "out-0");
	ck_assert_str_eq(udp_recv(rx_peer), "out-0");

	nft = vrrp_nft_open(&conf_plain, &old);
	ck_assert_ptr_nonnull(nft);
	vip = elem("10.99.0.100", 0);
	ck_assert_int_eq(vrrp_nft_update(nft, &vip, &vip, 1), 0);
	udp_send(tx_peer, "10.99.0.100", PORT, "in-1");
	udp_send(tx_vip, "10.99.0.2", PORT, "out-1");
	/* Removed: the next datagrams arrive, and they are the first that
	 * do (the dropped ones never come late). */
	ck_assert_int_eq(vrrp_nft_update(nft, &vip, NULL, 0), 0);
	udp_send(tx_peer, "10.99.0.100", PORT, "in-2");
	ck_assert_str_eq(udp_recv(rx_vip), "in-2");
	udp_send(tx_vip, "10.99.0.2", PORT, "out-2");
	ck_assert_str_eq(udp_recv(rx_peer), "out-2");
	ck_assert_int_eq(vrrp_nft_close(nft), 0);
	close(rx_vip);
	close(tx_vip);
	close(rx_peer);
	close(tx_peer);
	close(self);
	close(peer);
	peer_stop();
}
END_TEST

static Suite *
nft_suite(void)
{
	Suite *s = suite_create("nft");
	TCase *pure = tcase_create("pure");
	TCase *kernel = tcase_create("kernel");

	tcase_add_test(pure, test_batch_framing);
	tcase_add_test(pure, test_table_ipv4);
	tcase_add_test(pure, test_table_counters_priority);
	tcase_add_test(pure, test_table_ipv6);
	tcase_add_test(pure, test_link_local_rules);
	tcase_add_test(pure, test_elems);
	tcase_add_test(pure, test_vmac_ipv4);
	tcase_add_test(pure, test_vmac_ipv6);
	suite_add_tcase(s, pure);
	tcase_add_checked_fixture(kernel, netns_setup, netns_teardown);
	tcase_set_timeout(kernel, 60);
	tcase_add_test(kernel, test_kernel_table);
	tcase_add_test(kernel, test_kernel_leftover);
	tcase_add_test(kernel, test_kernel_shared);
	tcase_add_test(kernel, test_kernel_traffic);
	suite_add_tcase(s, kernel);
	return s;
}

int
main(void)
{
	Suite *s = nft_suite();

	return unit_run(&s, 1);
}
