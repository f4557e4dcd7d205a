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
#include "notify.h"
#include "pkt.h"
#include "promote.h"
#include "spawn.h"
#include "track.h"
#include "track_file.h"
#include "vip.h"
#include "vmac.h"
#include "vroute.h"
#include "vrrp_daemon.h"

struct vrrp_engine;
struct vrrp_sync;

/* One socket of the pool. */
struct vrrp_sockent {
	TAILQ_ENTRY(vrrp_sockent) next;
	struct vrrp_engine *eng;
	int		 family;
	int		 proto;		/* 112, or 51 for AH instances */
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
	struct vrrp_pkt_ah_seq ah;	/* IPSEC-AH counter (vrrp_ah.c) */
	double		 last_transition;	/* wall clock, s */
	struct vrrp_rt_stats stats;

	/* Tracking (track.h): items[0] is the own interface unless
	 * dont_track_primary; tsum is what the machine was told. */
	struct vrrp_track_item *items;
	size_t		 nitems;
	struct vrrp_track_sum tsum;
	struct vrrp_sync *sync;		/* sync group, or NULL */
	bool		 notifies_sent;	/* keepalived's notifies_sent */
	struct vrrp_promote_rt promote;	/* promotion safety */
	struct vrrp_vmac vmac;		/* use_vmac (vmac.h) */
	struct vroute_set vr;		/* virtual_routes/rules (vroute.c) */
};
TAILQ_HEAD(vrrp_rt_list, vrrp_rt);

/* One vrrp_script being run (vrrp_script.c), shared by the instances
 * tracking it. */
struct vrrp_script_rt {
	TAILQ_ENTRY(vrrp_script_rt) next;
	const struct vrrp_script_def *def;
	struct vrrp_engine *eng;
	struct spawn_proc proc;
	struct ev_timer	 timer;
	struct vrrp_track_hyst hyst;
	int		 last_status;
	uid_t		 uid;
	gid_t		 gid;
};
TAILQ_HEAD(vrrp_script_list_rt, vrrp_script_rt);

/* A track_file being followed (inotify, track_file.h). */
struct vrrp_tfile_rt {
	TAILQ_ENTRY(vrrp_tfile_rt) next;
	const struct vrrp_track_file_conf *conf;
	struct tfile	*tf;		/* eng->tfile_watch's */
	long		 value;
};
TAILQ_HEAD(vrrp_tfile_list, vrrp_tfile_rt);

/* A sync group (sync.c). */
struct vrrp_sync {
	TAILQ_ENTRY(vrrp_sync) next;
	const struct vrrp_sync_group_conf *conf;
	struct vrrp_engine *eng;
	enum vrrp_fsm_state state;
	struct vrrp_rt	**members;
	size_t		 nmembers;
};
TAILQ_HEAD(vrrp_sync_list, vrrp_sync);

/* Notify FIFOs of the VRRP child (notify_vrrp.c). */
struct vrrp_notify {
	struct ev_loop	*loop;
	struct notify_fifo fifo;	/* notify_fifo */
	struct notify_fifo vfifo;	/* vrrp_notify_fifo */
	bool		 muted;		/* reload: a deleted instance stops */
	struct vrrp_notify_ext *ext;	/* mail states, deleted queue */
};

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
	bool		 starting;	/* no sync propagation yet */
	struct vrrp_script_list_rt scripts;
	struct vrrp_tfile_list tfiles;
	struct tfile_watch tfile_watch;
	bool		 tfiles_started;	/* init_file: later is reload */
	struct vrrp_sync_list syncs;
	struct vrrp_notify notify;
	struct vrrp_track_rs_seen *rs_seen;	/* last RS_STATE of each */
	size_t		 nrs_seen;
	struct vrrp_tproc_mon *tprocs;	/* track_process.h */
	struct vrrp_bfd_seen *bfd_seen;	/* track_bfd.h: kept over reloads */
	size_t		 nbfd_seen;
	uint8_t		 rxbuf[VRRP_PKT_MAX_LEN + 64];
	struct vrrp_pkt	 pkt;		/* scratch: large */
};

extern const struct vrrp_engine_ops vrrp_engine_ops;

/* Find an instance by name (tests, dumps). */
struct vrrp_rt *vrrp_rt_find(struct vrrp_engine *, const char *name);

/* vrrp.c: re-evaluate one instance's tracking after an item changed,
 * and every instance's (a script or a file changed). */
void	vrrp_rt_track_update(struct vrrp_rt *);
void	vrrp_track_update_all(struct vrrp_engine *);

/* vrrp_script.c: run every vrrp_script some instance or group tracks;
 * a change of a script's state re-evaluates the instances. */
void	vrrp_scripts_start(struct vrrp_engine *);
void	vrrp_scripts_stop(struct vrrp_engine *);
struct vrrp_script_rt *vrrp_script_find(struct vrrp_engine *,
	    const char *name);
enum vrrp_track_status vrrp_script_status(const struct vrrp_script_rt *);
/* track_file: init_file, read the files now and follow them with
 * inotify; a change re-evaluates the instances. */
void	vrrp_tfiles_start(struct vrrp_engine *);
void	vrrp_tfiles_stop(struct vrrp_engine *);
struct vrrp_tfile_rt *vrrp_tfile_find(struct vrrp_engine *, const char *);

/* notify_vrrp.c: notify scripts and FIFO lines in keepalived's words.
 * state is a keepalived state (VRRP_FSM_*) or one of the events of
 * enum vrrp_fsm_notify. */
void	vrrp_notify_open(struct vrrp_notify *, struct ev_loop *,
	    const struct conf *);
void	vrrp_notify_close(struct vrrp_notify *);
void	vrrp_notify_instance(struct vrrp_notify *,
	    const struct vrrp_instance_conf *, int state, unsigned prio);
/* notify_priority_changes: MASTER_PRIORITY / BACKUP_PRIORITY lines. */
void	vrrp_notify_priority(struct vrrp_notify *,
	    const struct vrrp_instance_conf *, bool master, unsigned prio);
void	vrrp_notify_group(struct vrrp_notify *,
	    const struct vrrp_sync_group_conf *, int state);
/* Give the scripts started so far (STOP scripts) up to us to finish,
 * then forget the rest. */
void	vrrp_notify_drain(struct vrrp_notify *, uint64_t us);
/* Reload: an instance left the config.  Queues keepalived's DELETED
 * notifies (FAULT without notify_deleted; none when it was in FAULT),
 * sent by the next vrrp_notify_open, after the FIFOs are reopened. */
void	vrrp_notify_deleted(struct vrrp_notify *,
	    const struct vrrp_instance_conf *, int state, unsigned prio);
/* Shutdown: SIGTERM the FIFO scripts first, as keepalived. */
void	vrrp_notify_scripts_stop(struct vrrp_notify *);

/* sync.c: sync groups. */
void	vrrp_sync_build(struct vrrp_engine *);
void	vrrp_sync_free(struct vrrp_engine *);
/* Group states at start and their notifies (before the members start). */
void	vrrp_sync_start(struct vrrp_engine *);
void	vrrp_sync_stop(struct vrrp_engine *);
/* The fsm's sync_can_master output. */
bool	vrrp_sync_can_master(struct vrrp_fsm *);
/* A member changed state: move the group and the other members. */
void	vrrp_sync_member_changed(struct vrrp_rt *);
/* Whether the instance's notifies are suppressed (already in the
 * group's state, as keepalived). */
bool	vrrp_sync_suppress(const struct vrrp_rt *);
/* Whether another member of rt's group keeps the group down. */
bool	vrrp_sync_blocked(const struct vrrp_rt *);
/* Whether some member of rt's group is still waiting for a script. */
bool	vrrp_sync_init_pending(const struct vrrp_rt *);
bool	vrrp_sync_fault(const struct vrrp_rt *);
/* For the machines: event to a member with the timer re-armed. */
void	vrrp_rt_event(struct vrrp_rt *, enum vrrp_fsm_event, const void *);

/* vrrp_dump.c: the dump files in keepalived's layout. */
void	vrrp_dump_data(struct vrrp_child *, FILE *);
void	vrrp_dump_stats(struct vrrp_child *, FILE *, bool clear);
void	vrrp_dump_json(struct vrrp_child *, FILE *);

#endif
