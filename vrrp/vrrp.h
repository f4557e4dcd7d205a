/*
 * vrrp: the VRRP engine of the VRRP child.  One struct vrrp_rt per
 * vrrp_instance: it points at its config, embeds its state machine
 * (fsm.h), its timer and counters, and shares a socket of the pool
 * (struct vrrp_sockent: one per interface, family, cast and unicast
 * source, as keepalived's sockpool) with the other instances on it.
 *
 * The engine is the I/O shell around the pure parts: it reads adverts,
 * checks them with vrrp_pkt_check() and feeds them to the machine, runs
 * the machine's deadlines on one timer per instance, sends what the
 * machine asks for (adverts, VIPs through vip.c, GARP / NA), follows its
 * own interface through the netlink monitor (down: FAULT) and reports
 * every change of state to the parent.
 *
 * vrrp_engine_ops is plugged into vrrp_daemon.c.
 */
#ifndef VIGIL_VRRP_VRRP_H
#define VIGIL_VRRP_VRRP_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#include "evloop.h"
#include "fsm.h"
#include "nl.h"
#include "nl_link.h"
#include "pkt.h"
#include "vip.h"
#include "vrrp_daemon.h"

struct vrrp_engine;

/* One socket of the pool. */
struct vrrp_sockent {
	TAILQ_ENTRY(vrrp_sockent) next;
	struct vrrp_engine *eng;
	int		 family;
	int		 ifindex;
	char		 ifname[IFNAMSIZ];
	bool		 unicast;
	struct addr	 usrc;		/* unicast: bound source */
	struct addr	 group;		/* multicast: joined group */
	int		 fd_rx, fd_tx;
	struct ev_io	 io;
	unsigned	 refs;		/* instances using it */
	uint64_t	 rcvd, unknown_vrid;
};
TAILQ_HEAD(vrrp_sock_list, vrrp_sockent);

/* Packet counters keepalived keeps beside the machine's (stats dump). */
struct vrrp_rt_stats {
	uint64_t	 cnt[VRRP_PKT_CNT_AUTH_FAILURE + 1];
	uint64_t	 reason[VRRP_PKT_REASON_MAX];
};

struct vrrp_rt {
	TAILQ_ENTRY(vrrp_rt) next;
	const struct vrrp_instance_conf *conf;
	struct vrrp_engine *eng;
	struct vrrp_fsm	 fsm;
	struct ev_timer	 timer;

	int		 ifindex;
	char		 ifname[IFNAMSIZ];
	uint8_t		 mac[6];
	unsigned	 ifflags;
	bool		 link_up;
	bool		 no_src;	/* no address on the interface */
	bool		 fault;		/* FAULT asked of the machine */
	bool		 router6;	/* NA Router flag */

	struct addr	 saddr;		/* advert source */
	struct addr	 group;		/* multicast destination */
	bool		 unicast;
	struct vrrp_sockent *sock;

	struct vip_set	 vips, evips;
	struct addr	*vip_addrs;	/* VIPs of the instance's family */
	size_t		 nvip_addrs;
	struct vrrp_pkt_peer *peers;
	size_t		 npeers;
	struct vrrp_pkt_expect expect;

	uint16_t	 ip_id;
	double		 last_transition;	/* wall clock, s */
	struct vrrp_rt_stats stats;
};
TAILQ_HEAD(vrrp_rt_list, vrrp_rt);

struct vrrp_engine {
	struct vrrp_child *vc;
	struct nl_sock	 nl;
	struct nl_mon	 mon;
	struct ev_io	 mon_io;
	bool		 mon_open;
	struct vip_garp	 garp;
	struct vrrp_rt_list rts;
	struct vrrp_sock_list socks;
	bool		 stopped;
	uint8_t		 rxbuf[VRRP_PKT_MAX_LEN + 64];
	struct vrrp_pkt	 pkt;		/* scratch: large */
};

extern const struct vrrp_engine_ops vrrp_engine_ops;

/* Find an instance by name (tests, dumps). */
struct vrrp_rt *vrrp_rt_find(struct vrrp_engine *, const char *name);

/* vrrp_dump.c: the dump files in keepalived's layout. */
void	vrrp_dump_data(struct vrrp_child *, FILE *);
void	vrrp_dump_stats(struct vrrp_child *, FILE *, bool clear);
void	vrrp_dump_json(struct vrrp_child *, FILE *);

#endif
