/*
 * vip: an instance's virtual addresses (virtual_ipaddress and
 * virtual_ipaddress_excluded) on the kernel, and the gratuitous ARP /
 * unsolicited NA announcements that follow them.
 *
 * A struct vip_set is the resolved list: each configured line turned
 * into the struct nl_addr keepalived programs (nl_addr_from_conf) on its
 * interface.  vip_set_apply() adds or removes the whole set; an address
 * already present (add) or already gone (remove) is not an error, as in
 * keepalived's netlink_iplist.
 *
 * struct vip_garp sends GARP / NA frames, paced per interface by
 * vrrp_garp_interval / vrrp_gna_interval: with an interval of 0 a frame
 * goes out at once; otherwise frames wait on one timer of the loop.
 */
#ifndef VIGIL_VRRP_VIP_H
#define VIGIL_VRRP_VIP_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "addr.h"
#include "evloop.h"
#include "nl.h"
#include "nl_addr.h"

struct ipaddr_list;

struct vip {
	struct nl_addr	 na;
	char		 ifname[IFNAMSIZ];
};

struct vip_set {
	struct vip	*v;
	size_t		 n;
};

/*
 * Resolve list: an entry without dev is on def_ifindex/def_ifname.  An
 * entry whose interface does not exist is skipped (the parser already
 * reported it).  0, or -1 with ENOMEM.
 */
int	vip_set_build(struct vip_set *, const struct ipaddr_list *,
	    int def_ifindex, const char *def_ifname);
void	vip_set_free(struct vip_set *);

/*
 * Add (add true) or remove every address of the set.  EEXIST on add and
 * EADDRNOTAVAIL / ENODEV on remove are ignored.  Returns the number of
 * other failures (errno of the last one), 0 when all went well.
 */
int	vip_set_apply(struct nl_sock *, const struct vip_set *, bool add);

/* --- gratuitous ARP / unsolicited NA ----------------------------------- */

struct vip_garp_item {
	TAILQ_ENTRY(vip_garp_item) next;
	uint64_t	 at;		/* monotonic µs */
	int		 ifindex;
	uint8_t		 mac[6];
	struct addr	 addr;
	bool		 router;	/* NA Router flag */
};
TAILQ_HEAD(vip_garp_queue, vip_garp_item);

#define VIP_GARP_IFS	32	/* interfaces paced separately */

struct vip_garp {
	struct ev_loop	*loop;
	int		 arp_fd, nd_fd;
	uint64_t	 interval4_us, interval6_us;
	struct vip_garp_queue queue;
	struct ev_timer	 timer;
	struct {
		int	 ifindex;
		uint64_t next4, next6;
	} pace[VIP_GARP_IFS];
	unsigned long	 sent, errors;
};

/*
 * Open the packet sockets (arp: need4, ndisc: need6).  0, or -1 with
 * errno (the caller logs keepalived's "Error %d while registering
 * gratuitous ARP shared channel").
 */
int	vip_garp_open(struct vip_garp *, struct ev_loop *, bool need4,
	    bool need6, uint64_t interval4_us, uint64_t interval6_us);
void	vip_garp_close(struct vip_garp *);

/*
 * Announce addr on ifindex from mac: now, or queued behind the pacing
 * interval of that interface.  0 or -1 with errno.
 */
int	vip_garp_queue(struct vip_garp *, int ifindex, const uint8_t mac[6],
	    const struct addr *addr, bool router);

#endif
