/*
 * conf_iproute: address, route and rule lines of the VRRP blocks
 * (virtual_ipaddress, virtual_ipaddress_excluded, static_ipaddress,
 * virtual_routes, static_routes, virtual_rules, static_rules), in the
 * syntax keepalived 2.2.7 accepts (a subset of iproute2's "ip addr",
 * "ip route" and "ip rule").
 *
 * The handlers are CFG_KW_VALUES line handlers: each parses one line and
 * appends an entry to the list at CFG_FIELD(p, kw, struct xxx_list),
 * kw->off being the offset of the list inside the current object (a VRRP
 * instance, or struct conf at root).
 *
 * kw->min selects the context, because keepalived words some checks
 * differently inside an instance and at root:
 *   IPROUTE_CTX_INSTANCE (0)  virtual_* inside vrrp_instance
 *   IPROUTE_CTX_STATIC   (1)  static_* at root
 *   IPROUTE_CTX_EXCLUDED (2)  virtual_ipaddress_excluded (addresses only)
 */
#ifndef VIGIL_CONF_IPROUTE_H
#define VIGIL_CONF_IPROUTE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#include "addr.h"
#include "engine.h"

struct conf;

#define IPROUTE_CTX_INSTANCE	0
#define IPROUTE_CTX_STATIC	1
#define IPROUTE_CTX_EXCLUDED	2

/* brd: none, an explicit address, or iproute2's "+" / "-". */
enum ipaddr_brd {
	IPADDR_BRD_NONE,
	IPADDR_BRD_ADDR,
	IPADDR_BRD_PLUS,	/* host part all ones */
	IPADDR_BRD_MINUS	/* host part all zeros */
};

/* Address flags (IFA_F_* meaning). */
#define IPADDR_F_HOME		0x0001	/* home (IPv6) */
#define IPADDR_F_NODAD		0x0002	/* -nodad (IPv6) */
#define IPADDR_F_MNGTMPADDR	0x0004	/* mngtmpaddr (IPv6) */
#define IPADDR_F_NOPREFIXROUTE	0x0008	/* noprefixroute */
#define IPADDR_F_AUTOJOIN	0x0010	/* autojoin */

/* keepalived hands rules without a preference 16384, 16383, ... */
#define IPROUTE_RULE_START_PRIORITY	16384

struct ipaddr_conf {
	STAILQ_ENTRY(ipaddr_conf) next;
	struct cfg_loc	 loc;
	struct addr	 addr;		/* prefix: 32/128 when not given */
	char		*dev;		/* NULL: the instance's interface */
	struct cfg_loc	 dev_loc;	/* where dev was given */
	enum ipaddr_brd	 brd_mode;
	struct addr	 brd;		/* when brd_mode == IPADDR_BRD_ADDR */
	uint8_t		 scope;		/* RT_SCOPE_*, 0 = global */
	char		*label;		/* NULL when not given */
	struct addr	 peer;		/* family AF_UNSPEC when not given */
	unsigned	 flags;		/* IPADDR_F_* */
	bool		 has_preferred_lft;
	uint32_t	 preferred_lft;	/* 0 = deprecated; UINT32_MAX forever */
	bool		 no_track;
	bool		 use_vmac;	/* on the instance's VMAC interface */
	char		*track_group;	/* static addresses only */
};
STAILQ_HEAD(ipaddr_list, ipaddr_conf);

/* Route types (RTN_* values). */
enum route_type {
	ROUTE_TYPE_UNICAST = 1,
	ROUTE_TYPE_LOCAL = 2,
	ROUTE_TYPE_BROADCAST = 3,
	ROUTE_TYPE_ANYCAST = 4,
	ROUTE_TYPE_MULTICAST = 5,
	ROUTE_TYPE_BLACKHOLE = 6,
	ROUTE_TYPE_UNREACHABLE = 7,
	ROUTE_TYPE_PROHIBIT = 8,
	ROUTE_TYPE_THROW = 9,
	ROUTE_TYPE_NAT = 10
};

/* One nexthop of a multipath route ("nexthop ..." or "or ..."). */
struct nexthop_conf {
	STAILQ_ENTRY(nexthop_conf) next;
	struct addr	 via;		/* AF_UNSPEC when not given */
	char		*dev;
	unsigned	 weight;	/* 1..256, 0 = not given */
	bool		 onlink;
	uint32_t	 realms;	/* (from << 16) | to, 0 = none */
	bool		 has_realms;
};
STAILQ_HEAD(nexthop_list, nexthop_conf);

/* Route metrics (RTAX_*): value and whether it is locked. */
enum route_metric {
	ROUTE_MTU,
	ROUTE_WINDOW,
	ROUTE_RTT,
	ROUTE_RTTVAR,
	ROUTE_SSTHRESH,
	ROUTE_CWND,
	ROUTE_ADVMSS,
	ROUTE_REORDERING,
	ROUTE_HOPLIMIT,
	ROUTE_INITCWND,
	ROUTE_RTO_MIN,
	ROUTE_INITRWND,
	ROUTE_QUICKACK,
	ROUTE_FASTOPEN_NO_COOKIE,
	ROUTE_METRIC_MAX
};

struct route_conf {
	STAILQ_ENTRY(route_conf) next;
	struct cfg_loc	 loc;
	enum route_type	 type;
	struct addr	 dst;		/* always has a prefix */
	struct addr	 src;		/* AF_UNSPEC when not given */
	struct addr	 pref_src;	/* "from" (IPv6 source routing) */
	struct addr	 via;		/* AF_UNSPEC when not given */
	char		*dev;		/* NULL when not given */
	struct nexthop_list nexthops;	/* multipath */
	uint32_t	 table;		/* 0: main */
	bool		 has_table;
	uint32_t	 metric;	/* "metric", "priority", "preference" */
	bool		 has_metric;
	uint8_t		 scope;		/* RT_SCOPE_* */
	bool		 has_scope;
	uint8_t		 protocol;	/* RTPROT_*; 0: keepalived's default */
	bool		 has_protocol;
	uint8_t		 tos;
	uint32_t	 realms;
	bool		 has_realms;
	uint32_t	 metrics[ROUTE_METRIC_MAX];
	uint32_t	 metrics_set;	/* bit per enum route_metric */
	uint32_t	 metrics_lock;	/* bit per enum route_metric */
	char		*congctl;
	bool		 congctl_lock;
	bool		 features_ecn;
	int		 pref;		/* IPv6 router pref: -1 none, 0 med,
					   1 high, 3 low (ICMPV6_ROUTER_PREF_*) */
	uint32_t	 expires;
	bool		 has_expires;
	bool		 onlink;
	int		 ttl_propagate;	/* -1 not given, 0 disabled, 1 enabled */
	bool		 no_track;
	char		*track_group;	/* static routes only */
};
STAILQ_HEAD(route_list, route_conf);

/* Rule actions (FR_ACT_* values). */
enum rule_action {
	RULE_ACT_TABLE = 1,		/* lookup table */
	RULE_ACT_GOTO = 2,
	RULE_ACT_NOP = 3,
	RULE_ACT_BLACKHOLE = 6,
	RULE_ACT_UNREACHABLE = 7,
	RULE_ACT_PROHIBIT = 8
};

struct rule_range {
	bool		 set;
	uint32_t	 start, end;
};

struct rule_conf {
	STAILQ_ENTRY(rule_conf) next;
	struct cfg_loc	 loc;
	sa_family_t	 family;	/* AF_INET/AF_INET6 */
	bool		 invert;	/* "not" */
	struct addr	 from;		/* AF_UNSPEC when not given */
	struct addr	 to;
	uint32_t	 priority;	/* effective, see has_priority */
	bool		 has_priority;	/* false: keepalived assigned it */
	uint8_t		 tos;
	bool		 has_tos;
	uint32_t	 fwmark, fwmask;
	bool		 has_fwmark, has_fwmask;
	char		*iif, *oif;
	bool		 l3mdev;
	struct rule_range uidrange;
	struct rule_range sport, dport;
	uint8_t		 ipproto;
	bool		 has_ipproto;
	uint32_t	 realms;
	bool		 has_realms;
	enum rule_action action;
	uint32_t	 table;		/* for RULE_ACT_TABLE; 0 none */
	bool		 has_table;
	uint32_t	 goto_target;
	uint32_t	 suppress_prefixlen;	/* UINT32_MAX: not given */
	uint32_t	 suppress_ifgroup;	/* UINT32_MAX: not given */
	uint8_t		 protocol;
	bool		 has_protocol;
	bool		 no_track;
	char		*track_group;	/* static rules only */
};
STAILQ_HEAD(rule_list, rule_conf);

/* Line handlers for CFG_KW_VALUES blocks; see above for kw->off/min. */
void	kw_h_ipaddress(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	kw_h_route(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	kw_h_rule(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);

/*
 * True when a line of this parse named an interface that does not exist
 * (only checked with cfg_options()->check_ifaces): keepalived then ends
 * with "Non-existent interface specified in configuration".
 */
bool	iproute_missing_iface(const struct conf *);

/* Stable dump: a line "key" then one line per entry at depth + 1. */
void	ipaddr_list_dump(FILE *, int depth, const char *key,
	    const struct ipaddr_list *);
void	route_list_dump(FILE *, int depth, const char *key,
	    const struct route_list *);
void	rule_list_dump(FILE *, int depth, const char *key,
	    const struct rule_list *);

#endif
