/*
 * nl_addr: IPv4 and IPv6 interface addresses over rtnetlink (libmnl).
 *
 * struct nl_addr is one address as the kernel knows it.  nl_addr_msg()
 * encodes a request from it and nl_addr_parse() decodes a kernel message
 * into it; both are pure.  nl_addr_add/del/list/has send over a request
 * socket from nl_open(&s, 0).  nl_addr_from_conf() turns a parsed
 * virtual_ipaddress line into what keepalived 2.2.7 programs.
 */
#ifndef VIGIL_NL_ADDR_H
#define VIGIL_NL_ADDR_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "nl.h"

struct ipaddr_conf;

/* Lifetime meaning "forever" (INFINITY_LIFE_TIME). */
#define NL_ADDR_FOREVER		UINT32_MAX

struct nl_addr {
	int		 ifindex;
	struct addr	 addr;		/* local address; prefix always set */
	struct addr	 peer;		/* point-to-point peer, or AF_UNSPEC */
	struct addr	 brd;		/* IPv4 broadcast, or AF_UNSPEC */
	uint8_t		 scope;		/* RT_SCOPE_* (0 global) */
	uint32_t	 flags;		/* IFA_F_* (NODAD, NOPREFIXROUTE,
					   HOMEADDRESS, MANAGETEMPADDR,
					   MCAUTOJOIN; the kernel adds
					   PERMANENT, TENTATIVE ...) */
	char		 label[IFNAMSIZ]; /* IPv4 label, "" for none */
	/* Lifetimes: sent only when has_lft (valid_lft then too, use
	 * NL_ADDR_FOREVER); filled by nl_addr_parse from IFA_CACHEINFO. */
	bool		 has_lft;
	uint32_t	 preferred_lft;
	uint32_t	 valid_lft;
};

/*
 * Encode an RTM_NEWADDR (type RTM_NEWADDR, flags e.g. NLM_F_CREATE |
 * NLM_F_EXCL) or RTM_DELADDR request for a into buf of size bytes.  A
 * delete carries only what identifies the address (local, peer, prefix).
 * NULL with EINVAL for a bad family, a peer or broadcast of another
 * family or a label too long, ENOSPC when buf is too small.
 */
struct nlmsghdr *nl_addr_msg(void *buf, size_t size, uint16_t type,
	    uint16_t flags, const struct nl_addr *a);

/*
 * Decode an RTM_NEWADDR/RTM_DELADDR message (reply or notification) into
 * *a.  Every attribute is validated for size.  -1 with EPROTO when the
 * message is malformed or has no address, EAFNOSUPPORT for a family
 * other than AF_INET/AF_INET6.
 */
int	 nl_addr_parse(const struct nlmsghdr *, struct nl_addr *a);

/*
 * Add a (NLM_F_CREATE | NLM_F_EXCL: EEXIST when already there; ENODEV
 * for a missing ifindex).
 */
int	 nl_addr_add(struct nl_sock *, const struct nl_addr *a);
/* Delete a (EADDRNOTAVAIL when not there). */
int	 nl_addr_del(struct nl_sock *, const struct nl_addr *a);

/*
 * Call cb(addr, arg) for every address of family (AF_INET, AF_INET6 or
 * AF_UNSPEC for both) on ifindex (0: every interface).  cb returns 0 to
 * go on, 1 to stop early, -1 (errno set) to fail.  EAGAIN: the dump was
 * interrupted by a change, call again.
 */
int	 nl_addr_list(struct nl_sock *, int family, int ifindex,
	    int (*cb)(const struct nl_addr *, void *), void *arg);

/*
 * Whether ifindex holds the address a (compared by family and address
 * bytes; the prefix too when a->has_prefix): 1 yes, 0 no, -1 error.
 */
int	 nl_addr_has(struct nl_sock *, int ifindex, const struct addr *a);

/*
 * Fill *a from a configured address line, as keepalived 2.2.7 programs
 * it on ifindex: IPv6 addresses get IFA_F_NODAD unless the line said
 * "-nodad" (keepalived's inverted meaning: "-nodad" asks for DAD), and
 * their preferred_lft when one is set (a /128 defaults to 0, i.e.
 * deprecated); IPv4 addresses get broadcast, scope and label; the flags
 * home, mngtmpaddr, noprefixroute and autojoin map to their IFA_F_*.
 */
void	 nl_addr_from_conf(const struct ipaddr_conf *, int ifindex,
	    struct nl_addr *a);

#endif
