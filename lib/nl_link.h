/*
 * nl_link: network interfaces over rtnetlink (libmnl), and the monitor
 * socket that reports link and address changes.
 *
 * Lookups (by name, by index, whole table) and link up/down go over a
 * request socket from nl_open(&s, 0).  The monitor is a non-blocking
 * socket subscribed to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and
 * RTNLGRP_IPV6_IFADDR: put nl_mon_fd() in the event loop (level
 * triggered) and call nl_mon_read() when it is readable.  When the kernel
 * dropped notifications (ENOBUFS: our receive queue overflowed) the
 * monitor reports NL_EV_RESYNC: the reader must re-read the state it
 * tracks (nl_link_list, nl_addr_list) instead of trusting its copy.
 */
#ifndef VIGIL_NL_LINK_H
#define VIGIL_NL_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "nl.h"
#include "nl_addr.h"

#define NL_LINK_HWADDR_MAX	32	/* MAX_ADDR_LEN */
#define NL_LINK_KIND_MAX	16	/* IFLA_INFO_KIND, NUL included */
/* IPv4 devconf values kept from IFLA_AF_SPEC/AF_INET/IFLA_INET_CONF:
 * inet_conf[IPV4_DEVCONF_X - 1] is X. */
#define NL_LINK_DEVCONF_MAX	40

struct nl_link {
	int		 ifindex;
	char		 name[IFNAMSIZ];
	unsigned	 flags;		/* IFF_* (IFF_UP, IFF_RUNNING,
					   IFF_LOWER_UP, IFF_NOARP ...) */
	uint16_t	 type;		/* ARPHRD_* */
	uint8_t		 hwaddr[NL_LINK_HWADDR_MAX];
	uint8_t		 hwaddr_len;	/* 0 when the link has none */
	uint8_t		 brdaddr[NL_LINK_HWADDR_MAX];
	uint8_t		 brdaddr_len;
	uint32_t	 mtu;		/* 0 when not reported */
	uint8_t		 operstate;	/* IF_OPER_*; IF_OPER_UNKNOWN if none */
	int		 link;		/* IFLA_LINK (lower device), 0 none */
	int		 master;	/* IFLA_MASTER, 0 none */
	char		 kind[NL_LINK_KIND_MAX];	/* "macvlan", "" none */
	uint32_t	 macvlan_mode;	/* MACVLAN_MODE_*, 0 unknown */
	uint8_t		 ninet_conf;	/* values in inet_conf, 0 none */
	uint32_t	 inet_conf[NL_LINK_DEVCONF_MAX];
};

/* One IPv4 per-interface setting (net.ipv4.conf.IF.*) to set. */
struct nl_link_devconf {
	uint32_t	 param;		/* IPV4_DEVCONF_* (linux/ip.h) */
	uint32_t	 value;
};

/* A macvlan link to create (ifindex 0) or to update (ifindex > 0). */
struct nl_link_macvlan {
	int		 ifindex;	/* > 0: update this link */
	int		 link;		/* lower device (create only) */
	const char	*name;		/* create only */
	uint8_t		 mac[6];
	uint32_t	 mode;		/* MACVLAN_MODE_* */
};

/*
 * Encode an RTM_GETLINK for one link: by ifindex when ifindex > 0, else
 * by name (IFLA_IFNAME).  NULL with EINVAL (no index, name missing or too
 * long) or ENOSPC.
 */
struct nlmsghdr *nl_link_get_msg(void *buf, size_t size, int ifindex,
	    const char *name);
/* Encode an RTM_NEWLINK that sets (up) or clears IFF_UP on ifindex. */
struct nlmsghdr *nl_link_updown_msg(void *buf, size_t size, int ifindex,
	    bool up);

/*
 * Encode the RTM_NEWLINK that creates (NLM_F_CREATE | NLM_F_EXCL, with
 * IFLA_LINK and IFLA_IFNAME) or updates (on m->ifindex) a macvlan link:
 * IFLA_LINKINFO { IFLA_INFO_KIND "macvlan", IFLA_INFO_DATA {
 * IFLA_MACVLAN_MODE } } and IFLA_ADDRESS, the order keepalived uses.
 * NULL with EINVAL or ENOSPC.
 */
struct nlmsghdr *nl_link_macvlan_msg(void *buf, size_t size,
	    const struct nl_link_macvlan *m);
/* Encode an RTM_DELLINK of ifindex. */
struct nlmsghdr *nl_link_del_msg(void *buf, size_t size, int ifindex);
/*
 * Encode an RTM_NEWLINK setting IPv4 devconf values on ifindex:
 * IFLA_AF_SPEC { AF_INET { IFLA_INET_CONF { param: u32 ... } } }.
 */
struct nlmsghdr *nl_link_devconf_msg(void *buf, size_t size, int ifindex,
	    const struct nl_link_devconf *opts, size_t n);
/* Encode an RTM_NEWLINK setting IFLA_INET6_ADDR_GEN_MODE on ifindex. */
struct nlmsghdr *nl_link_addrgen_msg(void *buf, size_t size, int ifindex,
	    uint8_t mode);

/*
 * Decode an RTM_NEWLINK/RTM_DELLINK message into *l, validating every
 * attribute used.  -1 with EPROTO when malformed or without a name.
 */
int	 nl_link_parse(const struct nlmsghdr *, struct nl_link *l);

/* Look a link up by name or by index: -1 with ENODEV when absent. */
int	 nl_link_get_by_name(struct nl_sock *, const char *name,
	    struct nl_link *l);
int	 nl_link_get_by_index(struct nl_sock *, int ifindex,
	    struct nl_link *l);

/*
 * Call cb(link, arg) for every link.  cb returns 0 to go on, 1 to stop,
 * -1 (errno set) to fail.  EAGAIN: interrupted by a change, call again.
 */
int	 nl_link_list(struct nl_sock *,
	    int (*cb)(const struct nl_link *, void *), void *arg);

/* Set the link administratively up or down (ip link set dev X up). */
int	 nl_link_set_up(struct nl_sock *, int ifindex, bool up);

/* Create or update a macvlan link (nl_link_macvlan_msg). */
int	 nl_link_macvlan_set(struct nl_sock *, const struct nl_link_macvlan *);
/* Delete a link. */
int	 nl_link_del(struct nl_sock *, int ifindex);
/* Set IPv4 devconf values on a link (nl_link_devconf_msg). */
int	 nl_link_set_devconf(struct nl_sock *, int ifindex,
	    const struct nl_link_devconf *opts, size_t n);
/* Set the IPv6 address generation mode (IN6_ADDR_GEN_MODE_*). */
int	 nl_link_set_addrgen(struct nl_sock *, int ifindex, uint8_t mode);
/* The devconf value param (IPV4_DEVCONF_*) of l, or -1 when unknown. */
long	 nl_link_devconf(const struct nl_link *l, uint32_t param);

/* --- monitor ------------------------------------------------------------ */

enum nl_ev_type {
	NL_EV_LINK_NEW,		/* new link, or a change of one: ev.link */
	NL_EV_LINK_DEL,		/* link removed: ev.link */
	NL_EV_ADDR_NEW,		/* address added or changed: ev.addr */
	NL_EV_ADDR_DEL,		/* address removed: ev.addr */
	NL_EV_RESYNC		/* notifications were lost: re-read all */
};

struct nl_event {
	enum nl_ev_type	 type;
	union {
		struct nl_link	link;
		struct nl_addr	addr;
	} u;
};

/* Receive up to this many datagrams per nl_mon_read() call. */
#define NL_MON_BUDGET	64

struct nl_mon {
	struct nl_sock	 sock;
	unsigned long	 malformed;	/* messages dropped by the parsers */
};

/* Open the monitor; rcvbuf > 0 sets its receive buffer (bytes). */
int	 nl_mon_open(struct nl_mon *, int rcvbuf);
void	 nl_mon_close(struct nl_mon *);
int	 nl_mon_fd(const struct nl_mon *);

/*
 * Read what is queued (at most NL_MON_BUDGET datagrams) and call
 * cb(event, arg) for each link or address event; other messages are
 * ignored and malformed ones counted.  Returns 0 when the queue is empty
 * or the budget is spent (still readable: the loop calls again), -1 with
 * errno on a socket error.  ENOBUFS is not an error: it becomes an
 * NL_EV_RESYNC event.
 */
int	 nl_mon_read(struct nl_mon *,
	    void (*cb)(const struct nl_event *, void *), void *arg);

/* Name of an event type, for logs and tests. */
const char *nl_ev_name(enum nl_ev_type);

#endif
