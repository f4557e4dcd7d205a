/*
 * nl_route: encode RTM_*ROUTE and RTM_*RULE requests from parsed route and
 * rule lines, and the add and delete requests built on them.
 *
 * The attribute order follows keepalived 2.2.7's netlink_route() and
 * netlink_rule() so that a request of ours has the same bytes as
 * keepalived's for the same line (the kernel does not care about order,
 * but a byte-for-byte match is easy to test).  Route metrics are nested
 * in RTA_METRICS, nexthops of a multipath route in RTA_MULTIPATH as a
 * run of struct rtnexthop each followed by its own attributes.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "conf_iproute.h"
#include "nl_route.h"

/* RTAX_* of each enum route_metric, in keepalived's order of emission
 * after RTAX_CC_ALGO. */
static const struct {
	enum route_metric m;
	uint16_t	 rtax;
	uint32_t	 mult;		/* parser's ms to kernel units */
} route_rtax[] = {
	{ ROUTE_RTT, RTAX_RTT, 8 },
	{ ROUTE_RTTVAR, RTAX_RTTVAR, 4 },
	{ ROUTE_RTO_MIN, RTAX_RTO_MIN, 1 },
	{ ROUTE_METRIC_MAX, RTAX_FEATURES, 1 },	/* features ecn */
	{ ROUTE_MTU, RTAX_MTU, 1 },
	{ ROUTE_WINDOW, RTAX_WINDOW, 1 },
	{ ROUTE_SSTHRESH, RTAX_SSTHRESH, 1 },
	{ ROUTE_CWND, RTAX_CWND, 1 },
	{ ROUTE_ADVMSS, RTAX_ADVMSS, 1 },
	{ ROUTE_REORDERING, RTAX_REORDERING, 1 },
	{ ROUTE_HOPLIMIT, RTAX_HOPLIMIT, 1 },
	{ ROUTE_INITCWND, RTAX_INITCWND, 1 },
	{ ROUTE_INITRWND, RTAX_INITRWND, 1 },
	{ ROUTE_QUICKACK, RTAX_QUICKACK, 1 },
	{ ROUTE_FASTOPEN_NO_COOKIE, RTAX_FASTOPEN_NO_COOKIE, 1 },
};

int
nl_route_ifindex_sys(const char *ifname, void *arg)
{
	(void)arg;
	return (int)if_nametoindex(ifname);
}

static size_t
rt_alen(sa_family_t family)
{
	if (family == AF_INET)
		return sizeof(struct in_addr);
	if (family == AF_INET6)
		return sizeof(struct in6_addr);
	return 0;
}

static bool
rt_put_addr(struct nlmsghdr *nlh, size_t size, uint16_t type,
    const struct addr *a)
{
	return mnl_attr_put_check(nlh, size, type, rt_alen(a->family), &a->u);
}

/* RTA_VIA: a gateway of another family (struct rtvia). */
static bool
rt_put_via(struct nlmsghdr *nlh, size_t size, const struct addr *a)
{
	uint8_t buf[sizeof(struct rtvia) + sizeof(struct in6_addr)];
	struct rtvia *v = (struct rtvia *)buf;
	size_t alen = rt_alen(a->family);

	memset(buf, 0, sizeof(buf));
	v->rtvia_family = a->family;
	memcpy(v->rtvia_addr, &a->u, alen);
	return mnl_attr_put_check(nlh, size, RTA_VIA,
	    sizeof(struct rtvia) + alen, buf);
}

static bool
rt_put_gw(struct nlmsghdr *nlh, size_t size, sa_family_t family,
    const struct addr *a)
{
	if (a->family == family)
		return rt_put_addr(nlh, size, RTA_GATEWAY, a);
	return rt_put_via(nlh, size, a);
}

/* Every address of r is of the route's family (a via may differ). */
static int
rt_check(const struct route_conf *r)
{
	sa_family_t f = r->dst.family;

	if (rt_alen(f) == 0 || r->dst.prefix > rt_alen(f) * 8)
		return -1;
	if (r->src.family != AF_UNSPEC && r->src.family != f)
		return -1;
	if (r->pref_src.family != AF_UNSPEC && r->pref_src.family != f)
		return -1;
	if (r->via.family != AF_UNSPEC && rt_alen(r->via.family) == 0)
		return -1;
	return 0;
}

static void
rt_hdr(struct rtmsg *rtm, uint16_t type, const struct route_conf *r)
{
	uint32_t table = r->has_table ? r->table : RT_TABLE_MAIN;

	rtm->rtm_family = r->dst.family;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	if (type == RTM_DELROUTE) {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
		if (r->type != ROUTE_TYPE_UNICAST)
			rtm->rtm_type = (uint8_t)r->type;
	} else {
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		rtm->rtm_type = (uint8_t)r->type;
	}
	rtm->rtm_protocol = r->has_protocol ? r->protocol : RTPROT_KEEPALIVED;
	if (r->has_scope)
		rtm->rtm_scope = r->scope;
	rtm->rtm_dst_len = r->dst.prefix;
	if (r->pref_src.family != AF_UNSPEC)
		rtm->rtm_src_len = r->pref_src.prefix;
	rtm->rtm_tos = r->tos;
	rtm->rtm_flags = r->onlink ? RTNH_F_ONLINK : 0;
}

/* The metrics keepalived sends, nested; nothing when none is set. */
static bool
rt_put_metrics(struct nlmsghdr *nlh, size_t size, const struct route_conf *r)
{
	struct nlattr *nest;
	uint32_t lock = 0, v;
	size_t i;
	bool any = false;

	if (r->metrics_set == 0 && r->congctl == NULL && !r->features_ecn)
		return true;
	if ((nest = mnl_attr_nest_start_check(nlh, size, RTA_METRICS)) == NULL)
		return false;
	/* No NLA_F_NESTED, as keepalived. */
	nest->nla_type = RTA_METRICS;
	if (r->congctl != NULL) {
		if (!mnl_attr_put_check(nlh, size, RTAX_CC_ALGO,
		    strlen(r->congctl), r->congctl))
			return false;
		if (r->congctl_lock)
			lock |= 1U << RTAX_CC_ALGO;
		any = true;
	}
	for (i = 0; i < sizeof(route_rtax) / sizeof(route_rtax[0]); i++) {
		if (route_rtax[i].m == ROUTE_METRIC_MAX) {
			if (!r->features_ecn)
				continue;
			v = RTAX_FEATURE_ECN;
		} else if (r->metrics_set & (1U << route_rtax[i].m)) {
			v = r->metrics[route_rtax[i].m] * route_rtax[i].mult;
			if (r->metrics_lock & (1U << route_rtax[i].m))
				lock |= 1U << route_rtax[i].rtax;
		} else
			continue;
		if (!mnl_attr_put_u32_check(nlh, size, route_rtax[i].rtax, v))
			return false;
		any = true;
	}
	if (any && lock != 0 &&
	    !mnl_attr_put_u32_check(nlh, size, RTAX_LOCK, lock))
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

/* One struct rtnexthop and its attributes, inside RTA_MULTIPATH. */
static int
rt_put_nexthop(struct nlmsghdr *nlh, size_t size, sa_family_t family,
    const struct nexthop_conf *nh, nl_route_ifindex_fn ifindex, void *arg)
{
	struct rtnexthop *rtnh;
	size_t start = nlh->nlmsg_len;

	if (size < start + RTNH_ALIGN(sizeof(*rtnh)))
		return (errno = ENOSPC, -1);
	rtnh = (struct rtnexthop *)((uint8_t *)nlh + start);
	memset(rtnh, 0, sizeof(*rtnh));
	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
	if (nh->via.family != AF_UNSPEC &&
	    !rt_put_gw(nlh, size, family, &nh->via))
		return (errno = ENOSPC, -1);
	if (nh->dev != NULL &&
	    (rtnh->rtnh_ifindex = ifindex(nh->dev, arg)) == 0)
		return (errno = ENODEV, -1);
	if (nh->weight != 0)
		rtnh->rtnh_hops = (uint8_t)(nh->weight - 1);
	rtnh->rtnh_flags = nh->onlink ? RTNH_F_ONLINK : 0;
	if (nh->has_realms && nh->realms != 0 &&
	    !mnl_attr_put_u32_check(nlh, size, RTA_FLOW, nh->realms))
		return (errno = ENOSPC, -1);
	rtnh->rtnh_len = (unsigned short)(nlh->nlmsg_len - start);
	return 0;
}

static int
rt_put_multipath(struct nlmsghdr *nlh, size_t size, const struct route_conf *r,
    nl_route_ifindex_fn ifindex, void *arg)
{
	const struct nexthop_conf *nh;
	struct nlattr *nest;

	if (STAILQ_EMPTY(&r->nexthops))
		return 0;
	if ((nest = mnl_attr_nest_start_check(nlh, size, RTA_MULTIPATH)) ==
	    NULL)
		return (errno = ENOSPC, -1);
	/* Not a set of attributes: no NLA_F_NESTED, as iproute2. */
	nest->nla_type = RTA_MULTIPATH;
	STAILQ_FOREACH(nh, &r->nexthops, next)
		if (rt_put_nexthop(nlh, size, r->dst.family, nh, ifindex,
		    arg) == -1)
			return -1;
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

/* Attributes before the metrics, in keepalived's order. */
static int
rt_put_attrs(struct nlmsghdr *nlh, size_t size, const struct route_conf *r,
    nl_route_ifindex_fn ifindex, void *arg)
{
	uint32_t table = r->has_table ? r->table : RT_TABLE_MAIN;
	int oif;

	if ((table >= 256 &&
	    !mnl_attr_put_u32_check(nlh, size, RTA_TABLE, table)) ||
	    !rt_put_addr(nlh, size, RTA_DST, &r->dst) ||
	    (r->pref_src.family != AF_UNSPEC &&
	    !rt_put_addr(nlh, size, RTA_SRC, &r->pref_src)) ||
	    (r->src.family != AF_UNSPEC &&
	    !rt_put_addr(nlh, size, RTA_PREFSRC, &r->src)) ||
	    (r->via.family != AF_UNSPEC &&
	    !rt_put_gw(nlh, size, r->dst.family, &r->via)))
		return (errno = ENOSPC, -1);
	if (r->dev != NULL) {
		if ((oif = ifindex(r->dev, arg)) == 0)
			return (errno = ENODEV, -1);
		if (!mnl_attr_put_u32_check(nlh, size, RTA_OIF, (uint32_t)oif))
			return (errno = ENOSPC, -1);
	}
	if ((r->has_metric &&
	    !mnl_attr_put_u32_check(nlh, size, RTA_PRIORITY, r->metric)) ||
	    (r->has_realms && r->realms != 0 &&
	    !mnl_attr_put_u32_check(nlh, size, RTA_FLOW, r->realms)) ||
	    (r->has_expires &&
	    !mnl_attr_put_u32_check(nlh, size, RTA_EXPIRES, r->expires)) ||
	    (r->pref >= 0 &&
	    !mnl_attr_put_u8_check(nlh, size, RTA_PREF, (uint8_t)r->pref)) ||
	    (r->ttl_propagate >= 0 &&
	    !mnl_attr_put_u8_check(nlh, size, RTA_TTL_PROPAGATE,
	    (uint8_t)r->ttl_propagate)))
		return (errno = ENOSPC, -1);
	return 0;
}

struct nlmsghdr *
nl_route_msg(void *buf, size_t size, uint16_t type, uint16_t flags,
    const struct route_conf *r, nl_route_ifindex_fn ifindex, void *arg)
{
	struct nlmsghdr *nlh;

	if ((type != RTM_NEWROUTE && type != RTM_DELROUTE) ||
	    rt_check(r) == -1) {
		errno = EINVAL;
		return NULL;
	}
	if (ifindex == NULL)
		ifindex = nl_route_ifindex_sys;
	nlh = nl_msg_start(buf, size, type, flags, sizeof(struct rtmsg));
	if (nlh == NULL)
		return NULL;
	rt_hdr(mnl_nlmsg_get_payload(nlh), type, r);
	if (rt_put_attrs(nlh, size, r, ifindex, arg) == -1)
		return NULL;
	if (!rt_put_metrics(nlh, size, r)) {
		errno = ENOSPC;
		return NULL;
	}
	if (rt_put_multipath(nlh, size, r, ifindex, arg) == -1)
		return NULL;
	return nlh;
}

/* --- rules ---------------------------------------------------------------- */

static int
ru_check(const struct rule_conf *r)
{
	if (rt_alen(r->family) == 0)
		return -1;
	if (r->from.family != AF_UNSPEC && r->from.family != r->family)
		return -1;
	if (r->to.family != AF_UNSPEC && r->to.family != r->family)
		return -1;
	if ((r->iif != NULL && strlen(r->iif) >= IFNAMSIZ) ||
	    (r->oif != NULL && strlen(r->oif) >= IFNAMSIZ))
		return -1;
	return 0;
}

static void
ru_hdr(struct fib_rule_hdr *frh, const struct rule_conf *r)
{
	frh->family = r->family;
	frh->tos = r->tos;
	frh->table = RT_TABLE_UNSPEC;
	if (r->action == RULE_ACT_TABLE && !r->l3mdev && r->table < 256)
		frh->table = r->table != 0 ? (uint8_t)r->table : RT_TABLE_MAIN;
	if (r->invert)
		frh->flags |= FIB_RULE_INVERT;
	if (r->from.family != AF_UNSPEC)
		frh->src_len = r->from.prefix;
	if (r->to.family != AF_UNSPEC)
		frh->dst_len = r->to.prefix;
	frh->action = (uint8_t)r->action;
}

static bool
ru_put_range(struct nlmsghdr *nlh, size_t size, uint16_t type,
    const struct rule_range *rg, bool port)
{
	struct fib_rule_port_range pr;
	struct fib_rule_uid_range ur;

	if (!rg->set)
		return true;
	if (port) {
		pr.start = (uint16_t)rg->start;
		pr.end = (uint16_t)rg->end;
		return mnl_attr_put_check(nlh, size, type, sizeof(pr), &pr);
	}
	ur.start = rg->start;
	ur.end = rg->end;
	return mnl_attr_put_check(nlh, size, type, sizeof(ur), &ur);
}

/* Selectors, in keepalived's order. */
static bool
ru_put_match(struct nlmsghdr *nlh, size_t size, const struct rule_conf *r)
{
	return (r->from.family == AF_UNSPEC ||
	    rt_put_addr(nlh, size, FRA_SRC, &r->from)) &&
	    (r->to.family == AF_UNSPEC ||
	    rt_put_addr(nlh, size, FRA_DST, &r->to)) &&
	    mnl_attr_put_u32_check(nlh, size, FRA_PRIORITY, r->priority) &&
	    (!r->has_fwmark ||
	    mnl_attr_put_u32_check(nlh, size, FRA_FWMARK, r->fwmark)) &&
	    (!r->has_fwmask ||
	    mnl_attr_put_u32_check(nlh, size, FRA_FWMASK, r->fwmask)) &&
	    (!r->has_realms || r->realms == 0 ||
	    mnl_attr_put_u32_check(nlh, size, FRA_FLOW, r->realms)) &&
	    (r->suppress_prefixlen == UINT32_MAX ||
	    mnl_attr_put_u32_check(nlh, size, FRA_SUPPRESS_PREFIXLEN,
	    r->suppress_prefixlen)) &&
	    (r->suppress_ifgroup == UINT32_MAX ||
	    mnl_attr_put_u32_check(nlh, size, FRA_SUPPRESS_IFGROUP,
	    r->suppress_ifgroup)) &&
	    (r->iif == NULL ||
	    mnl_attr_put_strz_check(nlh, size, FRA_IFNAME, r->iif)) &&
	    (r->oif == NULL ||
	    mnl_attr_put_strz_check(nlh, size, FRA_OIFNAME, r->oif));
}

static bool
ru_put_rest(struct nlmsghdr *nlh, size_t size, const struct rule_conf *r)
{
	return ru_put_range(nlh, size, FRA_UID_RANGE, &r->uidrange, false) &&
	    (!r->l3mdev || mnl_attr_put_u8_check(nlh, size, FRA_L3MDEV, 1)) &&
	    (!r->has_protocol ||
	    mnl_attr_put_u8_check(nlh, size, FRA_PROTOCOL, r->protocol)) &&
	    (!r->has_ipproto ||
	    mnl_attr_put_u8_check(nlh, size, FRA_IP_PROTO, r->ipproto)) &&
	    ru_put_range(nlh, size, FRA_SPORT_RANGE, &r->sport, true) &&
	    ru_put_range(nlh, size, FRA_DPORT_RANGE, &r->dport, true) &&
	    (r->action != RULE_ACT_GOTO ||
	    mnl_attr_put_u32_check(nlh, size, FRA_GOTO, r->goto_target));
}

struct nlmsghdr *
nl_rule_msg(void *buf, size_t size, uint16_t type, uint16_t flags,
    const struct rule_conf *r)
{
	struct nlmsghdr *nlh;

	if ((type != RTM_NEWRULE && type != RTM_DELRULE) ||
	    ru_check(r) == -1) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_msg_start(buf, size, type, flags,
	    sizeof(struct fib_rule_hdr));
	if (nlh == NULL)
		return NULL;
	ru_hdr(mnl_nlmsg_get_payload(nlh), r);
	if ((r->action == RULE_ACT_TABLE && !r->l3mdev && r->table >= 256 &&
	    !mnl_attr_put_u32_check(nlh, size, FRA_TABLE, r->table)) ||
	    !ru_put_match(nlh, size, r) || !ru_put_rest(nlh, size, r)) {
		errno = ENOSPC;
		return NULL;
	}
	return nlh;
}

/* --- requests ------------------------------------------------------------- */

static int
rt_request(struct nl_sock *s, uint16_t type, uint16_t flags,
    const struct route_conf *r, nl_route_ifindex_fn ifindex, void *arg)
{
	uint8_t buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_route_msg(buf, sizeof(buf), type, flags, r, ifindex, arg);
	if (nlh == NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_route_add(struct nl_sock *s, const struct route_conf *r,
    nl_route_ifindex_fn ifindex, void *arg)
{
	return rt_request(s, RTM_NEWROUTE, NLM_F_CREATE, r, ifindex, arg);
}

int
nl_route_del(struct nl_sock *s, const struct route_conf *r,
    nl_route_ifindex_fn ifindex, void *arg)
{
	return rt_request(s, RTM_DELROUTE, 0, r, ifindex, arg);
}

static int
ru_request(struct nl_sock *s, uint16_t type, uint16_t flags,
    const struct rule_conf *r)
{
	uint8_t buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_rule_msg(buf, sizeof(buf), type, flags, r)) == NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_rule_add(struct nl_sock *s, const struct rule_conf *r)
{
	return ru_request(s, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r);
}

int
nl_rule_del(struct nl_sock *s, const struct rule_conf *r)
{
	return ru_request(s, RTM_DELRULE, 0, r);
}
