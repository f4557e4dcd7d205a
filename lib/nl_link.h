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
