/*
 * fsm: the VRRP state machine of one instance, as keepalived 2.2.7 runs
 * it (RFC 5798 section 6 plus keepalived's additions: nopreempt,
 * preempt_delay, lower_prio_no_advert, higher_prio_send_advert, GARP
 * bursts, the address-owner conflict rule, sync group hooks).
 *
 * It is a pure core: no sockets, no netlink, no clock, no globals.  The
 * engine feeds it events with an explicit monotonic time in microseconds
 * and performs the side effects it asks for through a table of output
 * functions.  Packet validation (keepalived's vrrp_check_packet) is the
 * caller's job; the machine only sees adverts that passed it.
 *
 * Usage:
 *	vrrp_fsm_init(&fsm, conf, &ops, ctx);
 *	(optionally) PRIORITY_CHANGED with the initial tracked total,
 *	fsm.saddr = <the interface address when conf has no source>;
 *	vrrp_fsm_event(&fsm, VRRP_FSM_EV_START, &start, now);
 *	loop: wait until vrrp_fsm_next_deadline(); TIMER / ADVERT_RECEIVED /
 *	FAULT / FAULT_CLEARED / PRIORITY_CHANGED as they happen; STOP at
 *	shutdown.
 */
#ifndef VIGIL_VRRP_FSM_H
#define VIGIL_VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "conf_vrrp.h"

/* keepalived's state numbers (they appear in the JSON dump). */
enum vrrp_fsm_state {
	VRRP_FSM_INIT = 0,
	VRRP_FSM_BACKUP = 1,
	VRRP_FSM_MASTER = 2,
	VRRP_FSM_FAULT = 3,
	VRRP_FSM_STOP = 98	/* after STOP; notification only */
};

enum vrrp_fsm_event {
	/* arg: const struct vrrp_fsm_start * (NULL: all up, no group). */
	VRRP_FSM_EV_START,
	/* arg: const struct vrrp_fsm_advert *, an advert that passed every
	 * check of keepalived's vrrp_check_packet.  Ignored in INIT/FAULT. */
	VRRP_FSM_EV_ADVERT_RECEIVED,
	/* An advert that failed a check.  arg: NULL, or the decoded advert
	 * when it got past keepalived's "count as received" point (then it
	 * is counted in advert_rcvd).  BACKUP: nothing (the Master_Down
	 * timer keeps running).  MASTER: like keepalived, the next advert
	 * is pushed back to now + Advertisement_Interval unless
	 * lower_prio_no_advert. */
	VRRP_FSM_EV_ADVERT_INVALID,
	/* arg: NULL.  Call when vrrp_fsm_next_deadline() <= now. */
	VRRP_FSM_EV_TIMER,
	/* arg: NULL.  Tracking: the first unweighted fault appeared. */
	VRRP_FSM_EV_FAULT,
	/* arg: NULL.  Tracking: the last unweighted fault cleared. */
	VRRP_FSM_EV_FAULT_CLEARED,
	/* arg: const int *, the tracked total (base priority plus the
	 * weights that apply); clamped here to 1..254, ignored for an
	 * address owner (base priority 255). */
	VRRP_FSM_EV_PRIORITY_CHANGED,
	/* Sync group forcing this member (keepalived's vrrp_sync_master,
	 * vrrp_sync_backup, vrrp_sync_fault applied to the other members
	 * of the group).  arg: NULL. */
	VRRP_FSM_EV_SYNC_MASTER,
	VRRP_FSM_EV_SYNC_BACKUP,
	VRRP_FSM_EV_SYNC_FAULT,
	/* arg: NULL.  Shutdown: a MASTER sends priority 0 and removes its
	 * addresses; then the state is STOP and every event is ignored. */
	VRRP_FSM_EV_STOP,
	/* arg: const bool *, true when the promotion hook the promote
	 * output started (VRRP_FSM_PROMOTE_WAIT) succeeded: the BACKUP
	 * becomes MASTER (sync group permitting); false: it stays BACKUP
	 * and asks again after another Master_Down.  Ignored unless the
	 * machine is waiting for it. */
	VRRP_FSM_EV_PROMOTE_DONE,
	VRRP_FSM_EV_MAX
};

/* What the notify output reports. */
enum vrrp_fsm_notify {
	VRRP_FSM_NOTIFY_BACKUP = VRRP_FSM_BACKUP,
	VRRP_FSM_NOTIFY_MASTER = VRRP_FSM_MASTER,
	VRRP_FSM_NOTIFY_FAULT = VRRP_FSM_FAULT,
	VRRP_FSM_NOTIFY_STOP = VRRP_FSM_STOP,
	/* effective priority changed (only with notify_priority_changes) */
	VRRP_FSM_NOTIFY_PRIORITY = 100,
	/* MASTER received a lower priority advert (notify_master_rx_lower_pri,
	 * FIFO MASTER_RX_LOWER_PRI) */
	VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI
};

#define VRRP_FSM_NEVER	UINT64_MAX

/* The decoded fields of an advert the machine needs. */
struct vrrp_fsm_advert {
	unsigned	version;	/* 2 or 3 */
	unsigned	vrid;
	unsigned	priority;	/* 0..255 */
	unsigned	adver_int_cs;	/* v3: Max Adver Int, centiseconds;
					 * unused for v2 */
	unsigned	naddr;
	struct addr	saddr;		/* IP source of the packet */
};

struct vrrp_fsm_start {
	bool		fault;		/* a tracked object is down */
	bool		init_pending;	/* an unweighted script (of the
					 * instance or its group) has not
					 * reported yet: FAULT, silently */
	bool		sync;		/* member of a sync group */
	enum vrrp_fsm_state group_state; /* with sync: the group's state */
	uint64_t	delayed_start_us; /* vrrp_startup_delay: absolute
					 * end of the delay, 0 none */
	bool		release_vips;	/* remove leftover VIPs first
					 * (keepalived does unless reloading,
					 * when the interface existed) */
};

struct vrrp_fsm;

/* The promote output's answer (promotion safety, vrrp/promote.h). */
enum vrrp_fsm_promote {
	VRRP_FSM_PROMOTE_YES,	/* become MASTER now */
	VRRP_FSM_PROMOTE_NO,	/* stay BACKUP; ask again after another
				 * Master_Down */
	VRRP_FSM_PROMOTE_WAIT	/* a hook was started: stay BACKUP until
				 * VRRP_FSM_EV_PROMOTE_DONE */
};

/*
 * Outputs.  Any may be NULL.  They must not call vrrp_fsm_event() on the
 * same machine (other machines are fine: that is how a sync group
 * forces its members).
 */
struct vrrp_fsm_ops {
	/* Send one advert with this priority (0: "I am leaving"). */
	void	(*send_advert)(struct vrrp_fsm *, unsigned prio);
	/* Add / remove the VIPs, eVIPs, virtual routes and rules (and the
	 * no_accept firewall entries). */
	void	(*add_vips)(struct vrrp_fsm *);
	void	(*del_vips)(struct vrrp_fsm *);
	/* rep rounds of GARP / unsolicited NA for every VIP and eVIP. */
	void	(*send_garp)(struct vrrp_fsm *, unsigned rep);
	/* State changes (fsm->prev_state holds the old state) and events. */
	void	(*notify)(struct vrrp_fsm *, enum vrrp_fsm_notify);
	/* One log line in keepalived's words, e.g. "(VI_1) Entering MASTER
	 * STATE" (syslog LOG_INFO). */
	void	(*log)(struct vrrp_fsm *, const char *);
	/* Sync group: may this member become MASTER now (every other
	 * member wants MASTER, or the group is MASTER)?  NULL: no group. */
	bool	(*sync_can_master)(struct vrrp_fsm *);
	/* Promotion safety: asked each time the machine decides by itself
	 * to become MASTER (Master_Down timer, fault cleared), never when a
	 * sync group forces it and never to leave MASTER.  On NO or WAIT it
	 * stays (or becomes) BACKUP without wanting MASTER, so a sync group
	 * waits too.  NULL: always YES. */
	enum vrrp_fsm_promote (*promote)(struct vrrp_fsm *);
	/* The WAIT is over before PROMOTE_DONE (a master was accepted, a
	 * fault, a stop, any change of state): stop the hook; a later
	 * PROMOTE_DONE is ignored. */
	void	(*promote_cancel)(struct vrrp_fsm *);
};

/* keepalived's per instance counters that belong to the machine. */
struct vrrp_fsm_stats {
	uint64_t	advert_rcvd;
	uint64_t	advert_sent;
	uint64_t	pri_zero_rcvd;
	uint64_t	pri_zero_sent;
	uint32_t	become_master;
	uint32_t	release_master;
	uint32_t	transitions;	/* every change of state */
};

/* GARP bursts waiting for garp_master_delay / garp_lower_prio_delay. */
#define VRRP_FSM_GARP_PENDING	8
struct vrrp_fsm_garp {
	uint64_t	at;
	unsigned	rep;
};

struct vrrp_fsm {
	const struct vrrp_instance_conf *conf;
	const struct vrrp_fsm_ops *ops;
	void		*ctx;		/* the caller's */

	enum vrrp_fsm_state state, prev_state;
	/* keepalived's wantstate: what the instance wants regardless of its
	 * sync group.  The engine may lower MASTER to BACKUP before START
	 * (a group mixing owners and non-owners). */
	enum vrrp_fsm_state want_state;
	unsigned	base_priority;	/* conf, or 254 after an owner
					 * conflict */
	unsigned	effective_priority;

	/* RFC 5798 6.1: own Advertisement_Interval and the master's
	 * (v3 learns it from adverts; v2 always uses its own). */
	uint64_t	adver_int_us;
	uint64_t	master_adver_int_us;
	/* keepalived's ms_down_timer: the interval the BACKUP timer is
	 * (re)armed with: Master_Down_Interval, Skew_Time after a priority 0
	 * advert, or what remained of it after an ignored advert. */
	uint64_t	master_down_us;

	/* Absolute monotonic deadlines (µs), VRRP_FSM_NEVER when off. */
	uint64_t	t_adver;	/* MASTER: next advert (6.2) */
	uint64_t	t_master_down;	/* BACKUP: Master_Down_Timer (6.2) */
	uint64_t	t_preempt;	/* preempt_delay end, 0: not started;
					 * checked on adverts, not a wake-up */
	uint64_t	t_garp_refresh;	/* garp_master_refresh; checked when
					 * an advert is sent, as keepalived */
	uint64_t	delayed_start_us;
	struct vrrp_fsm_garp garp[VRRP_FSM_GARP_PENDING];
	unsigned	ngarp;

	/* Our own address for the equal priority tie-break (6.4.3): the
	 * configured source, else the engine stores the interface's. */
	struct addr	saddr;
	/* Last accepted master (BACKUP) and the priority it advertised. */
	struct addr	master_saddr;
	unsigned	master_priority;

	bool		vipset;		/* VIPs are installed */
	bool		promoting;	/* waiting for PROMOTE_DONE */
	bool		log_detail;	/* keepalived -D: extra log lines */
	struct vrrp_fsm_stats stats;
};

/* Bind a machine to its config; state INIT, nothing armed.  0. */
int	vrrp_fsm_init(struct vrrp_fsm *, const struct vrrp_instance_conf *,
	    const struct vrrp_fsm_ops *, void *ctx);

/* Run one event at time now (µs, CLOCK_MONOTONIC).  0, or -1 with
 * EINVAL for an unknown event or a missing argument. */
int	vrrp_fsm_event(struct vrrp_fsm *, enum vrrp_fsm_event, const void *arg,
	    uint64_t now);

/* The earliest deadline the engine must wake up for (the advert or
 * Master_Down timer, delayed GARP bursts), or VRRP_FSM_NEVER. */
uint64_t vrrp_fsm_next_deadline(const struct vrrp_fsm *);

/* Whether an advert from src must have its VIP list checked (keepalived:
 * always in MASTER; in BACKUP skipped with skip_check_adv_addr when src
 * is the master we last accepted). */
bool	vrrp_fsm_check_vips(const struct vrrp_fsm *, const struct addr *src);

/* Skew_Time and Master_Down_Interval for the current effective priority
 * and Master_Adver_Interval (RFC 5798 6.1, keepalived's arithmetic:
 * v2 Skew = (256 - prio) / 256 s; v3 Skew = (256 - prio) *
 * Master_Adver_Interval / 256; Master_Down = down_timer_adverts *
 * Master_Adver_Interval + Skew). */
uint64_t vrrp_fsm_skew_us(const struct vrrp_fsm *);
uint64_t vrrp_fsm_master_down_us(const struct vrrp_fsm *);

const char *vrrp_fsm_state_name(enum vrrp_fsm_state);	/* "MASTER" */
const char *vrrp_fsm_event_name(enum vrrp_fsm_event);	/* "TIMER" */

#endif
