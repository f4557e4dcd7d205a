/*
 * nl_route: routes and policy rules over rtnetlink (libmnl).
 *
 * nl_route_msg() and nl_rule_msg() are pure encoders: they turn a parsed
 * virtual_routes / static_routes line (struct route_conf) or a rule line
 * (struct rule_conf) into the RTM_NEWROUTE / RTM_DELROUTE or
 * RTM_NEWRULE / RTM_DELRULE request keepalived 2.2.7 sends for it,
 * attribute for attribute and in the same order.  Interface names of a
 * route are turned into indexes by a caller's resolver, so the encoders
 * need no kernel; rules carry interface names as they are.
 *
 * nl_route_add/del and nl_rule_add/del send one request over a request
 * socket from nl_open(&s, 0) and wait for its ACK.  They return 0 or -1
 * with errno the kernel's error, and never log.
 */
#ifndef VIGIL_NL_ROUTE_H
#define VIGIL_NL_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "nl.h"

struct route_conf;
struct rule_conf;

/* keepalived's own routing protocol number (RTPROT_KEEPALIVED). */
#ifndef RTPROT_KEEPALIVED
#define RTPROT_KEEPALIVED	18
#endif

/*
 * Interface name to index; 0 when there is no such interface (the
 * encoder then fails with ENODEV).  arg is the caller's.
 */
typedef int (*nl_route_ifindex_fn)(const char *ifname, void *arg);

/* The resolver of the running system: if_nametoindex(). */
int	 nl_route_ifindex_sys(const char *ifname, void *arg);

/*
 * Encode an RTM_NEWROUTE (flags: keepalived uses NLM_F_CREATE alone, an
 * "ip route prepend") or RTM_DELROUTE request for r into buf of size
 * bytes.  As keepalived: the protocol is RTPROT_KEEPALIVED unless the line
 * chose one, a table above 255 goes in RTA_TABLE, a delete has scope
 * RT_SCOPE_NOWHERE (unless the line set one) and a type only when it is
 * not unicast.  NULL with EINVAL for a bad request type or an address of
 * another family, ENODEV when a named interface has no index, ENOSPC when
 * buf is too small.
 */
struct nlmsghdr *nl_route_msg(void *buf, size_t size, uint16_t type,
	    uint16_t flags, const struct route_conf *r,
	    nl_route_ifindex_fn ifindex, void *arg);

/*
 * Encode an RTM_NEWRULE (keepalived: NLM_F_CREATE | NLM_F_EXCL) or
 * RTM_DELRULE request for r.  NULL with EINVAL for a bad type, family or
 * interface name, ENOSPC when buf is too small.
 */
struct nlmsghdr *nl_rule_msg(void *buf, size_t size, uint16_t type,
	    uint16_t flags, const struct rule_conf *r);

/*
 * Add r as keepalived does (NLM_F_CREATE: EEXIST only when the very same
 * route is there) or delete it (ESRCH when it is not there).
 */
int	 nl_route_add(struct nl_sock *, const struct route_conf *r,
	    nl_route_ifindex_fn, void *arg);
int	 nl_route_del(struct nl_sock *, const struct route_conf *r,
	    nl_route_ifindex_fn, void *arg);

/* Add r (EEXIST when already there) or delete it (ENOENT when not). */
int	 nl_rule_add(struct nl_sock *, const struct rule_conf *r);
int	 nl_rule_del(struct nl_sock *, const struct rule_conf *r);

#endif
