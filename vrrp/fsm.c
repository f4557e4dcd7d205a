/*
 * fsm: the VRRP state machine of one instance (RFC 5798 section 6 as
 * keepalived 2.2.7 runs it).  Pure: every effect goes through the output
 * table, every time is the caller's "now".  See fsm.h for the contract.
 *
 * The timer arithmetic and the order of the side effects follow
 * keepalived, including its quirks where they are visible on the wire or
 * in the logs (they are noted where they happen).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fsm.h"

#define PRIO_OWNER	255
#define PRIO_STOP	0
#define CENTI_US	UINT64_C(10000)	/* one centisecond */
#define SEC_US		UINT64_C(1000000)

/* How fsm_transition logs and notifies. */
#define TR_LOG		0x01	/* "(VI) Entering X STATE" */
#define TR_LOG_INIT	0x02	/* "(VI) Entering X STATE (init)" */
#define TR_NOTIFY	0x04	/* notify the new state */
#define TR_ADV0		0x08	/* leaving MASTER: counted priority 0 advert */

static const char *const state_names[] = {
	[VRRP_FSM_INIT] = "INIT",
	[VRRP_FSM_BACKUP] = "BACKUP",
	[VRRP_FSM_MASTER] = "MASTER",
	[VRRP_FSM_FAULT] = "FAULT",
};

static const char *const event_names[VRRP_FSM_EV_MAX] = {
	[VRRP_FSM_EV_START] = "START",
	[VRRP_FSM_EV_ADVERT_RECEIVED] = "ADVERT_RECEIVED",
	[VRRP_FSM_EV_ADVERT_INVALID] = "ADVERT_INVALID",
	[VRRP_FSM_EV_TIMER] = "TIMER",
	[VRRP_FSM_EV_FAULT] = "FAULT",
	[VRRP_FSM_EV_FAULT_CLEARED] = "FAULT_CLEARED",
	[VRRP_FSM_EV_PRIORITY_CHANGED] = "PRIORITY_CHANGED",
	[VRRP_FSM_EV_SYNC_MASTER] = "SYNC_MASTER",
	[VRRP_FSM_EV_SYNC_BACKUP] = "SYNC_BACKUP",
	[VRRP_FSM_EV_SYNC_FAULT] = "SYNC_FAULT",
	[VRRP_FSM_EV_STOP] = "STOP",
	[VRRP_FSM_EV_PROMOTE_DONE] = "PROMOTE_DONE",
};

const char *
vrrp_fsm_state_name(enum vrrp_fsm_state s)
{
	if (s == VRRP_FSM_STOP)
		return "STOP";
	if ((unsigned)s < sizeof(state_names) / sizeof(state_names[0]) &&
	    state_names[s] != NULL)
		return state_names[s];
	return "unknown";
}

const char *
vrrp_fsm_event_name(enum vrrp_fsm_event ev)
{
	if ((unsigned)ev < VRRP_FSM_EV_MAX && event_names[ev] != NULL)
		return event_names[ev];
	return "unknown";
}

/* --- outputs ------------------------------------------------------------ */

static void __attribute__((format(printf, 2, 3)))
fsm_log(struct vrrp_fsm *fsm, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	if (fsm->ops->log == NULL)
		return;
	n = snprintf(msg, sizeof(msg), "(%s) ", fsm->conf->name);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	fsm->ops->log(fsm, msg);
}

#define fsm_detail(fsm, ...) do {					\
	if ((fsm)->log_detail)						\
		fsm_log((fsm), __VA_ARGS__);				\
} while (0)

static void
fsm_send_advert(struct vrrp_fsm *fsm, unsigned prio)
{
	if (fsm->ops->send_advert != NULL)
		fsm->ops->send_advert(fsm, prio);
	fsm->stats.advert_sent++;
}

static void
fsm_notify(struct vrrp_fsm *fsm, enum vrrp_fsm_notify what)
{
	if (fsm->ops->notify != NULL)
		fsm->ops->notify(fsm, what);
}

/* keepalived's vrrp_send_link_update: only while the VIPs are set. */
static void
fsm_garp(struct vrrp_fsm *fsm, unsigned rep)
{
	if (!fsm->vipset || rep == 0 || fsm->ops->send_garp == NULL)
		return;
	fsm->ops->send_garp(fsm, rep);
}

/*
 * A delayed burst.  keepalived starts one timer thread per burst and
 * never cancels them (the burst is dropped at expiry if the VIPs are
 * gone); the few pending ones are kept sorted here.  When full, the new
 * one is dropped: a burst is already due within the same delay.
 */
static void
fsm_garp_later(struct vrrp_fsm *fsm, uint64_t at, unsigned rep)
{
	unsigned i;

	if (rep == 0 || fsm->ngarp == VRRP_FSM_GARP_PENDING)
		return;
	for (i = fsm->ngarp; i > 0 && fsm->garp[i - 1].at > at; i--)
		fsm->garp[i] = fsm->garp[i - 1];
	fsm->garp[i].at = at;
	fsm->garp[i].rep = rep;
	fsm->ngarp++;
}

static void
fsm_garp_due(struct vrrp_fsm *fsm, uint64_t now)
{
	struct vrrp_fsm_garp g;

	while (fsm->ngarp > 0 && fsm->garp[0].at <= now) {
		g = fsm->garp[0];
		fsm->ngarp--;
		memmove(&fsm->garp[0], &fsm->garp[1],
		    fsm->ngarp * sizeof(fsm->garp[0]));
		fsm_garp(fsm, g.rep);
	}
}

/* --- timers (RFC 5798 6.1, 6.2) ----------------------------------------- */

/*
 * keepalived's VRRP_TIMER_SKEW_CALC: v2 uses one second whatever the
 * interval; v3 scales with Master_Adver_Interval in whole centiseconds
 * (625/16 == 10000/256, computed in that order).
 */
static uint64_t
fsm_skew_calc(const struct vrrp_fsm *fsm, unsigned pri_val)
{
	if (fsm->conf->version == 3)
		return (uint64_t)pri_val *
		    (fsm->master_adver_int_us / CENTI_US) * 625 / 16;
	return (uint64_t)pri_val * SEC_US / 256;
}

uint64_t
vrrp_fsm_skew_us(const struct vrrp_fsm *fsm)
{
	return fsm_skew_calc(fsm, 256 - fsm->effective_priority);
}

uint64_t
vrrp_fsm_master_down_us(const struct vrrp_fsm *fsm)
{
	return fsm->conf->down_timer_adverts * fsm->master_adver_int_us +
	    vrrp_fsm_skew_us(fsm);
}

/*
 * keepalived's vrrp_init_instance_sands: rearm the timer of the current
 * state.  Until the vrrp_startup_delay has passed, a BACKUP counts its
 * Master_Down from the end of the delay.
 */
static void
fsm_arm(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm->t_adver = VRRP_FSM_NEVER;
	fsm->t_master_down = VRRP_FSM_NEVER;
	switch (fsm->state) {
	case VRRP_FSM_MASTER:
		fsm->t_adver = now + fsm->adver_int_us;
		break;
	case VRRP_FSM_BACKUP:
		if (fsm->delayed_start_us != 0 && now < fsm->delayed_start_us) {
			fsm->t_master_down = fsm->delayed_start_us +
			    fsm->master_down_us;
			break;
		}
		fsm->delayed_start_us = 0;
		fsm->t_master_down = now + fsm->master_down_us;
		break;
	default:
		break;
	}
}

uint64_t
vrrp_fsm_next_deadline(const struct vrrp_fsm *fsm)
{
	uint64_t t = fsm->t_adver;

	if (fsm->t_master_down < t)
		t = fsm->t_master_down;
	if (fsm->ngarp > 0 && fsm->garp[0].at < t)
		t = fsm->garp[0].at;
	return t;
}

/* Remember master_adver_int from a v3 advert (RFC 5798 6.4.2). */
static void
fsm_learn_interval(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv)
{
	uint64_t mai;

	if (fsm->conf->version != 3)
		return;
	mai = (uint64_t)(adv->adver_int_cs & 0x0fff) * CENTI_US;
	if (mai == fsm->master_adver_int_us)
		return;
	fsm_detail(fsm, "advertisement interval updated from %" PRIu64
	    "ms to %" PRIu64 "ms by master",
	    fsm->master_adver_int_us / 1000, mai / 1000);
	fsm->master_adver_int_us = mai;
}

/* --- the one place the state changes ------------------------------------ */

/* keepalived's vrrp_state_become_master: entry actions of MASTER. */
static void
fsm_enter_master(struct vrrp_fsm *fsm, uint64_t now)
{
	const struct vrrp_instance_conf *c = fsm->conf;

	fsm->stats.become_master++;
	/* keepalived only reverts a learned interval when logging detail. */
	if (c->version == 3 && fsm->log_detail &&
	    fsm->master_adver_int_us != fsm->adver_int_us) {
		fsm_log(fsm, "changing advert interval from %" PRIu64
		    "ms to locally configured %" PRIu64 "ms",
		    fsm->master_adver_int_us / 1000, fsm->adver_int_us / 1000);
		fsm->master_adver_int_us = fsm->adver_int_us;
	}
	if (fsm->ops->add_vips != NULL)
		fsm->ops->add_vips(fsm);
	fsm->vipset = true;
	fsm_garp(fsm, c->garp_rep);
	if (c->garp_refresh_us != 0)
		fsm->t_garp_refresh = now + c->garp_refresh_us;
	fsm_notify(fsm, VRRP_FSM_NOTIFY_MASTER);
	if (c->garp_delay_us != 0)
		fsm_garp_later(fsm, now + c->garp_delay_us, c->garp_rep);
}

/* keepalived's vrrp_restore_interface: exit actions of MASTER. */
static void
fsm_leave_master(struct vrrp_fsm *fsm, enum vrrp_fsm_state to, int how)
{
	/* RFC 5798 6.4.3: a Master shutting down sends priority 0.  In
	 * keepalived a MASTER going to FAULT sends one uncounted priority
	 * 0 advert, then (when tracking caused it) the counted one too. */
	if (to == VRRP_FSM_FAULT)
		fsm_send_advert(fsm, PRIO_STOP);
	if (how & TR_ADV0) {
		fsm_send_advert(fsm, PRIO_STOP);
		fsm->stats.pri_zero_sent++;
		fsm_detail(fsm, "sent 0 priority");
	}
	if (fsm->vipset) {
		if (fsm->ops->del_vips != NULL)
			fsm->ops->del_vips(fsm);
		fsm->vipset = false;
	}
	if (to == VRRP_FSM_BACKUP || to == VRRP_FSM_FAULT)
		fsm->stats.release_master++;
}

/*
 * Every change of state: log in keepalived's words, exit actions of the
 * old state, the change itself (counted), entry actions and notify.
 * to == state only renotifies (keepalived does that in a few places).
 */
/* A promotion hook is no longer wanted. */
static void
fsm_promote_cancel(struct vrrp_fsm *fsm)
{
	if (!fsm->promoting)
		return;
	fsm->promoting = false;
	if (fsm->ops->promote_cancel != NULL)
		fsm->ops->promote_cancel(fsm);
}

static void
fsm_transition(struct vrrp_fsm *fsm, enum vrrp_fsm_state to, int how,
    uint64_t now)
{
	enum vrrp_fsm_state from = fsm->state;

	if (to != from)
		fsm_promote_cancel(fsm);

	/* RFC 5798 6.4.1/6.4.2: a new Master sends an advert first, so the
	 * old one drops the VIPs before our GARPs go out. */
	if (to == VRRP_FSM_MASTER)
		fsm_send_advert(fsm, fsm->effective_priority);
	if (how & (TR_LOG | TR_LOG_INIT))
		fsm_log(fsm, "Entering %s STATE%s", vrrp_fsm_state_name(to),
		    (how & TR_LOG_INIT) ? " (init)" : "");
	if (from == VRRP_FSM_MASTER && to != VRRP_FSM_MASTER)
		fsm_leave_master(fsm, to, how);
	if (to != from) {
		fsm->prev_state = from;
		fsm->state = to;
		fsm->stats.transitions++;
	}
	if (to == VRRP_FSM_MASTER && from != VRRP_FSM_MASTER)
		fsm_enter_master(fsm, now);
	else if (how & TR_NOTIFY)
		fsm_notify(fsm, (enum vrrp_fsm_notify)to);
}

/* --- state procedures (keepalived's names in comments) ------------------ */

/*
 * Promotion safety: the promote output may refuse (NO) or defer (WAIT)
 * the MASTER state.  The instance then is BACKUP and does not want
 * MASTER (a sync group must not follow it); the Master_Down timer asks
 * again, unless PROMOTE_DONE comes first.  True: go on to MASTER.
 */
static bool
fsm_promote_ok(struct vrrp_fsm *fsm, uint64_t now)
{
	enum vrrp_fsm_promote p;

	if (fsm->ops->promote == NULL)
		return true;
	p = fsm->promoting ? VRRP_FSM_PROMOTE_WAIT : fsm->ops->promote(fsm);
	if (p == VRRP_FSM_PROMOTE_YES)
		return true;
	fsm->want_state = VRRP_FSM_BACKUP;
	if (fsm->state != VRRP_FSM_BACKUP)
		fsm_transition(fsm, VRRP_FSM_BACKUP, TR_LOG | TR_NOTIFY, now);
	fsm->promoting = p == VRRP_FSM_PROMOTE_WAIT;
	fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
	fsm_arm(fsm, now);
	return false;
}

static void	fsm_become_master(struct vrrp_fsm *, bool, uint64_t);

/* vrrp_state_goto_master; check_sync false when a sync group forces us. */
static void
fsm_goto_master(struct vrrp_fsm *fsm, bool check_sync, uint64_t now)
{
	if (check_sync && !fsm_promote_ok(fsm, now))
		return;
	fsm_become_master(fsm, check_sync, now);
}

static void
fsm_become_master(struct vrrp_fsm *fsm, bool check_sync, uint64_t now)
{
	if (check_sync && fsm->ops->sync_can_master != NULL &&
	    !fsm->ops->sync_can_master(fsm)) {
		/* Wait another Master_Down for the rest of the group. */
		fsm->want_state = VRRP_FSM_MASTER;
		fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
		fsm_arm(fsm, now);
		return;
	}
	fsm_transition(fsm, VRRP_FSM_MASTER, TR_LOG | TR_NOTIFY, now);
	fsm_arm(fsm, now);
}

/* vrrp_state_leave_master: to BACKUP (higher priority seen, sync) or to
 * FAULT (tracking, sync). */
static void
fsm_master_to(struct vrrp_fsm *fsm, enum vrrp_fsm_state to, bool adv0,
    uint64_t now)
{
	fsm->want_state = to;
	fsm_transition(fsm, to, TR_LOG | TR_NOTIFY | (adv0 ? TR_ADV0 : 0),
	    now);
	if (to == VRRP_FSM_BACKUP)
		fsm->t_preempt = 0;
	fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
	fsm_arm(fsm, now);
}

/* vrrp_state_leave_fault: from FAULT or INIT to want_state. */
static void
fsm_leave_fault(struct vrrp_fsm *fsm, bool quiet, uint64_t now)
{
	int how = TR_NOTIFY;

	if (fsm->want_state == VRRP_FSM_MASTER) {
		fsm_goto_master(fsm, true, now);
	} else {
		if (fsm->state != fsm->want_state && !quiet)
			how |= TR_LOG;
		fsm_transition(fsm, fsm->want_state, how, now);
		if (fsm->state == VRRP_FSM_BACKUP)
			fsm->t_preempt = 0;
	}
	fsm->master_adver_int_us = fsm->adver_int_us;
	fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
	fsm_arm(fsm, now);
}

/* The instance wanted a lower priority advert ignored: the Master_Down
 * timer keeps running (keepalived stores what is left of it). */
static void
fsm_keep_timer(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm->master_down_us = fsm->t_master_down > now ?
	    fsm->t_master_down - now : 0;
}

/* Whether a BACKUP accepts this advert as coming from a valid Master. */
static bool
fsm_backup_accepts(const struct vrrp_fsm *fsm, unsigned prio, uint64_t now)
{
	const struct vrrp_instance_conf *c = fsm->conf;

	if (c->nopreempt || prio >= fsm->effective_priority)
		return true;
	/* preempt_delay: lower priority adverts are accepted until the
	 * delay started by the first of them has run out. */
	return c->preempt_delay_us != 0 &&
	    (fsm->t_preempt == 0 || fsm->t_preempt > now);
}

static void
fsm_preempt_delay(struct vrrp_fsm *fsm, unsigned prio, uint64_t now)
{
	uint64_t d = fsm->conf->preempt_delay_us;

	if (d == 0)
		return;
	if (prio >= fsm->effective_priority) {
		if (fsm->t_preempt != 0) {
			fsm_detail(fsm, "stop preempt delay");
			fsm->t_preempt = 0;
		}
	} else if (fsm->t_preempt == 0) {
		fsm_detail(fsm, "start preempt delay (%" PRIu64 ".%06" PRIu64
		    ")", d / SEC_US, d % SEC_US);
		fsm->t_preempt = now + d;
	}
}

/* RFC 5798 6.4.2 (Backup), vrrp_state_backup. */
static void
fsm_backup_rx(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv,
    uint64_t now)
{
	char a[ADDR_STRLEN];

	if (adv->priority == PRIO_STOP) {
		/* The Master is leaving: take over after Skew_Time. */
		fsm_detail(fsm, "Backup received priority 0 advertisement");
		fsm->master_down_us = vrrp_fsm_skew_us(fsm);
	} else if (fsm_backup_accepts(fsm, adv->priority, now)) {
		fsm_learn_interval(fsm, adv);
		fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
		fsm->master_saddr = adv->saddr;
		fsm->master_priority = adv->priority;
		fsm_preempt_delay(fsm, adv->priority, now);
		fsm->want_state = VRRP_FSM_BACKUP;
		fsm_promote_cancel(fsm);
	} else {
		/* Preempt: discard, the timer runs out and we take over. */
		fsm_log(fsm, "received lower priority (%u) advert from %s - "
		    "discarding", adv->priority,
		    addr_str(&adv->saddr, a, sizeof(a)));
		fsm->master_saddr = adv->saddr;
		fsm_keep_timer(fsm, now);
	}
	fsm_arm(fsm, now);
}

/* keepalived's vrrp_saddr_cmp: the sender against our own address,
 * numerically; 0 when not comparable. */
static int
fsm_saddr_cmp(const struct vrrp_fsm *fsm, const struct addr *src)
{
	int r;

	if (!addr_is_set(&fsm->saddr) || src->family != fsm->saddr.family)
		return 0;
	r = addr_cmp(src, &fsm->saddr);
	return r > 0 ? 1 : r < 0 ? -1 : 0;
}

/* A MASTER keeps its role against a lower priority advert: re-assert
 * (RFC 5798 6.4.3 "forcing new election" in keepalived's words). */
static void
fsm_master_rx_lower(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv,
    uint64_t now)
{
	const struct vrrp_instance_conf *c = fsm->conf;
	char a[ADDR_STRLEN];

	fsm_log(fsm, "Received advert from %s with lower priority %u, ours %u%s",
	    addr_str(&adv->saddr, a, sizeof(a)), adv->priority,
	    fsm->effective_priority,
	    c->lower_prio_no_advert ? "" : ", forcing new election");
	if (!c->lower_prio_no_advert)
		fsm_send_advert(fsm, fsm->effective_priority);
	if (c->garp_lower_prio_rep != 0) {
		fsm_garp(fsm, c->garp_lower_prio_rep);
		if (c->garp_lower_prio_delay_us != 0)
			fsm_garp_later(fsm, now + c->garp_lower_prio_delay_us,
			    c->garp_lower_prio_rep);
	}
	fsm_notify(fsm, VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI);
}

/* The MASTER yields to a higher priority (or same priority, higher
 * address) Master (RFC 5798 6.4.3). */
static void
fsm_master_rx_higher(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv,
    uint64_t now)
{
	char a[ADDR_STRLEN];

	addr_str(&adv->saddr, a, sizeof(a));
	if (adv->priority > fsm->effective_priority)
		fsm_log(fsm, "Master received advert from %s with higher "
		    "priority %u, ours %u", a, adv->priority,
		    fsm->effective_priority);
	else
		fsm_log(fsm, "Master received advert from %s with same "
		    "priority %u but higher IP address than ours", a,
		    adv->priority);
	fsm_learn_interval(fsm, adv);
	fsm->master_priority = adv->priority;
	fsm_master_to(fsm, VRRP_FSM_BACKUP, false, now);
}

/* RFC 5798 6.4.3 (Master), vrrp_state_master_rx. */
static void
fsm_master_rx(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv,
    uint64_t now)
{
	unsigned prio = adv->priority;
	unsigned ours = fsm->effective_priority;
	int cmp = fsm_saddr_cmp(fsm, &adv->saddr);
	bool higher = prio > ours || (prio == ours && cmp > 0);

	if (prio == PRIO_STOP ||
	    (fsm->conf->higher_prio_send_advert && higher)) {
		fsm_send_advert(fsm, ours);
		if (prio == PRIO_STOP) {
			fsm_detail(fsm, "Master received priority 0 message");
			return;
		}
	}
	if (prio == ours && cmp == 0) {
		fsm_log(fsm, "WARNING - equal priority advert received from "
		    "remote host with our IP address.");
	} else if (prio == ours && ours == PRIO_OWNER) {
		/* Two address owners: keepalived yields by dropping to 254. */
		fsm_log(fsm, "CONFIGURATION ERROR: local instance and a remote "
		    "instance are both configured as address owner, please fix "
		    "- reducing local priority");
		fsm->effective_priority = PRIO_OWNER - 1;
		fsm->base_priority = PRIO_OWNER - 1;
		ours = fsm->effective_priority;
	}
	if (prio < ours || (prio == ours && cmp < 0))
		fsm_master_rx_lower(fsm, adv, now);
	else if (prio > ours || (prio == ours && cmp > 0))
		fsm_master_rx_higher(fsm, adv, now);
}

/* --- events ------------------------------------------------------------- */

/* RFC 5798 6.4.1 (Initialize), keepalived's vrrp_init_state. */
static int
fsm_ev_start(struct vrrp_fsm *fsm, const struct vrrp_fsm_start *st,
    uint64_t now)
{
	static const struct vrrp_fsm_start up;
	enum vrrp_fsm_state group;
	bool owner = fsm->base_priority == PRIO_OWNER;

	if (st == NULL)
		st = &up;
	if (fsm->state != VRRP_FSM_INIT)
		return 0;
	fsm->delayed_start_us = st->delayed_start_us;
	if (st->fault)
		fsm->want_state = VRRP_FSM_FAULT;
	group = st->sync ? st->group_state : fsm->want_state;
	if (!st->fault && !st->init_pending && group == VRRP_FSM_MASTER &&
	    owner && fsm->want_state == VRRP_FSM_MASTER) {
		/* The owner becomes Master "after 1 µs" of BACKUP: quietly. */
		fsm_transition(fsm, VRRP_FSM_BACKUP, 0, now);
		fsm->master_down_us = 1;
	} else {
		if (group == VRRP_FSM_BACKUP &&
		    fsm->want_state == VRRP_FSM_MASTER)
			/* Let one interval pass to see any other master. */
			fsm->master_down_us = fsm->master_adver_int_us +
			    fsm_skew_calc(fsm, 1);
		else
			fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
		if (st->release_vips && fsm->ops->del_vips != NULL)
			fsm->ops->del_vips(fsm);
		if (!st->fault && !st->init_pending && group != VRRP_FSM_FAULT)
			fsm_transition(fsm, VRRP_FSM_BACKUP,
			    TR_LOG_INIT | TR_NOTIFY, now);
		else
			/* keepalived logs nothing here (tracking already
			 * said why) and notifies only a real fault. */
			fsm_transition(fsm, VRRP_FSM_FAULT,
			    st->fault ? TR_NOTIFY : 0, now);
	}
	fsm_arm(fsm, now);
	return 0;
}

static void
fsm_ev_advert(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv,
    uint64_t now)
{
	/* Adverts are ignored (and not counted) in INIT and FAULT. */
	if (fsm->state != VRRP_FSM_BACKUP && fsm->state != VRRP_FSM_MASTER)
		return;
	fsm->stats.advert_rcvd++;
	if (adv->priority == PRIO_STOP)
		fsm->stats.pri_zero_rcvd++;
	if (fsm->state == VRRP_FSM_BACKUP) {
		fsm_backup_rx(fsm, adv, now);
		return;
	}
	fsm_master_rx(fsm, adv, now);
	/* keepalived restarts the advert timer after any advert, as one
	 * was (most likely) just sent, unless lower_prio_no_advert. */
	if (fsm->state == VRRP_FSM_MASTER && !fsm->conf->lower_prio_no_advert)
		fsm_arm(fsm, now);
}

static void
fsm_ev_invalid(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv,
    uint64_t now)
{
	if (fsm->state != VRRP_FSM_BACKUP && fsm->state != VRRP_FSM_MASTER)
		return;
	if (adv != NULL)
		fsm->stats.advert_rcvd++;
	if (fsm->state == VRRP_FSM_BACKUP) {
		fsm_keep_timer(fsm, now);
		fsm_arm(fsm, now);
	} else if (!fsm->conf->lower_prio_no_advert) {
		fsm_arm(fsm, now);
	}
}

/* MASTER's advert timer (RFC 5798 6.4.3), vrrp_state_master_tx. */
static void
fsm_master_tx(struct vrrp_fsm *fsm, uint64_t now)
{
	const struct vrrp_instance_conf *c = fsm->conf;

	fsm_send_advert(fsm, fsm->effective_priority);
	if (fsm->vipset && c->garp_refresh_us != 0 &&
	    now > fsm->t_garp_refresh) {
		fsm_garp(fsm, c->garp_refresh_rep);
		fsm->t_garp_refresh = now + c->garp_refresh_us;
	}
	fsm_arm(fsm, now);
}

static void
fsm_ev_timer(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm_garp_due(fsm, now);
	if (fsm->state == VRRP_FSM_BACKUP && fsm->t_master_down <= now) {
		/* RFC 5798 6.4.2: Master_Down_Timer fired. */
		fsm_detail(fsm, "Receive advertisement timeout");
		fsm->want_state = VRRP_FSM_MASTER;
		fsm_goto_master(fsm, true, now);
	} else if (fsm->state == VRRP_FSM_MASTER && fsm->t_adver <= now) {
		fsm_master_tx(fsm, now);
	}
}

/* Tracking: first fault (keepalived's down_instance). */
static void
fsm_ev_fault(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm->want_state = VRRP_FSM_FAULT;
	if (fsm->state == VRRP_FSM_MASTER)
		fsm_master_to(fsm, VRRP_FSM_FAULT, true, now);
	else
		fsm_leave_fault(fsm, false, now);
}

/* Tracking: all clear (keepalived's try_up_instance). */
static void
fsm_ev_fault_cleared(struct vrrp_fsm *fsm, uint64_t now)
{
	enum vrrp_fsm_state want;

	if (fsm->state != VRRP_FSM_FAULT)
		return;
	/* Only an owner still starting up goes straight to MASTER. */
	if (fsm->want_state != VRRP_FSM_MASTER ||
	    fsm->base_priority != PRIO_OWNER)
		fsm->want_state = VRRP_FSM_BACKUP;
	fsm->master_adver_int_us = fsm->adver_int_us;
	want = fsm->want_state;
	if (want == VRRP_FSM_MASTER && fsm->ops->sync_can_master != NULL &&
	    !fsm->ops->sync_can_master(fsm))
		fsm->want_state = VRRP_FSM_BACKUP;
	fsm_leave_fault(fsm, false, now);
	fsm->want_state = want;
}

/* Weighted tracking moved the total (vrrp_set_effective_priority). */
static void
fsm_ev_priority(struct vrrp_fsm *fsm, int total, uint64_t now)
{
	unsigned prio, old_down;

	if (fsm->base_priority == PRIO_OWNER)
		return;
	prio = total < 1 ? 1 : total >= PRIO_OWNER ? PRIO_OWNER - 1 :
	    (unsigned)total;
	if (prio == fsm->effective_priority)
		return;
	fsm_log(fsm, "Changing effective priority from %u to %u",
	    fsm->effective_priority, prio);
	fsm->effective_priority = prio;
	old_down = fsm->master_down_us;
	fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
	/* A BACKUP's running timer moves by the change of Master_Down. */
	if (fsm->state == VRRP_FSM_BACKUP) {
		if (fsm->master_down_us >= old_down)
			fsm->t_master_down += fsm->master_down_us - old_down;
		else if (fsm->t_master_down > old_down - fsm->master_down_us)
			fsm->t_master_down -= old_down - fsm->master_down_us;
		else
			fsm->t_master_down = 0;
	}
	if (fsm->conf->notify_priority_changes)
		fsm_notify(fsm, VRRP_FSM_NOTIFY_PRIORITY);
}

/* keepalived's vrrp_sync_master/_backup/_fault on the other members. */
static void
fsm_ev_sync(struct vrrp_fsm *fsm, enum vrrp_fsm_state to, uint64_t now)
{
	if (fsm->state == to)
		return;
	switch (to) {
	case VRRP_FSM_MASTER:
		if (fsm->state != VRRP_FSM_BACKUP)
			return;
		fsm->want_state = VRRP_FSM_MASTER;
		fsm_goto_master(fsm, false, now);
		break;
	case VRRP_FSM_BACKUP:
		fsm->want_state = VRRP_FSM_BACKUP;
		if (fsm->state == VRRP_FSM_MASTER)
			fsm_master_to(fsm, VRRP_FSM_BACKUP, false, now);
		else
			fsm_leave_fault(fsm, false, now);
		break;
	default:
		fsm->want_state = VRRP_FSM_FAULT;
		if (fsm->state == VRRP_FSM_MASTER)
			fsm_master_to(fsm, VRRP_FSM_FAULT, false, now);
		else
			/* keepalived switches BACKUP to FAULT unlogged. */
			fsm_leave_fault(fsm, true, now);
		break;
	}
}

/* The promotion hook finished (promotion safety). */
static void
fsm_ev_promote_done(struct vrrp_fsm *fsm, bool ok, uint64_t now)
{
	if (!fsm->promoting)
		return;
	fsm->promoting = false;
	if (fsm->state != VRRP_FSM_BACKUP)
		return;
	if (!ok) {
		/* Ask again after another Master_Down from now. */
		fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
		fsm_arm(fsm, now);
		return;
	}
	fsm->want_state = VRRP_FSM_MASTER;
	fsm_become_master(fsm, true, now);
}

/* Shutdown (keepalived's restore_vrrp_interfaces + notify_shutdown). */
static void
fsm_ev_stop(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm_transition(fsm, VRRP_FSM_STOP, TR_ADV0 | TR_NOTIFY, now);
	fsm->ngarp = 0;
	fsm_arm(fsm, now);
}

static int
fsm_dispatch(struct vrrp_fsm *fsm, enum vrrp_fsm_event ev, const void *arg,
    uint64_t now)
{
	switch (ev) {
	case VRRP_FSM_EV_START:
		return fsm_ev_start(fsm, arg, now);
	case VRRP_FSM_EV_ADVERT_RECEIVED:
		fsm_ev_advert(fsm, arg, now);
		break;
	case VRRP_FSM_EV_ADVERT_INVALID:
		fsm_ev_invalid(fsm, arg, now);
		break;
	case VRRP_FSM_EV_TIMER:
		fsm_ev_timer(fsm, now);
		break;
	case VRRP_FSM_EV_FAULT:
		fsm_ev_fault(fsm, now);
		break;
	case VRRP_FSM_EV_FAULT_CLEARED:
		fsm_ev_fault_cleared(fsm, now);
		break;
	case VRRP_FSM_EV_PRIORITY_CHANGED:
		fsm_ev_priority(fsm, *(const int *)arg, now);
		break;
	case VRRP_FSM_EV_SYNC_MASTER:
		fsm_ev_sync(fsm, VRRP_FSM_MASTER, now);
		break;
	case VRRP_FSM_EV_SYNC_BACKUP:
		fsm_ev_sync(fsm, VRRP_FSM_BACKUP, now);
		break;
	case VRRP_FSM_EV_SYNC_FAULT:
		fsm_ev_sync(fsm, VRRP_FSM_FAULT, now);
		break;
	case VRRP_FSM_EV_STOP:
		fsm_ev_stop(fsm, now);
		break;
	case VRRP_FSM_EV_PROMOTE_DONE:
		fsm_ev_promote_done(fsm, *(const bool *)arg, now);
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
vrrp_fsm_event(struct vrrp_fsm *fsm, enum vrrp_fsm_event ev, const void *arg,
    uint64_t now)
{
	if ((unsigned)ev >= VRRP_FSM_EV_MAX ||
	    (arg == NULL && (ev == VRRP_FSM_EV_ADVERT_RECEIVED ||
	    ev == VRRP_FSM_EV_PRIORITY_CHANGED ||
	    ev == VRRP_FSM_EV_PROMOTE_DONE))) {
		errno = EINVAL;
		return -1;
	}
	/* After STOP the instance is gone: nothing more happens. */
	if (fsm->state == VRRP_FSM_STOP)
		return 0;
	return fsm_dispatch(fsm, ev, arg, now);
}

bool
vrrp_fsm_check_vips(const struct vrrp_fsm *fsm, const struct addr *src)
{
	if (fsm->state == VRRP_FSM_MASTER || !fsm->conf->skip_check_adv_addr)
		return true;
	return src->family != fsm->master_saddr.family ||
	    addr_cmp(src, &fsm->master_saddr) != 0;
}

int
vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_instance_conf *conf,
    const struct vrrp_fsm_ops *ops, void *ctx)
{
	memset(fsm, 0, sizeof(*fsm));
	fsm->conf = conf;
	fsm->ops = ops;
	fsm->ctx = ctx;
	fsm->state = fsm->prev_state = VRRP_FSM_INIT;
	fsm->want_state = conf->state == VRRP_CONF_STATE_MASTER ?
	    VRRP_FSM_MASTER : VRRP_FSM_BACKUP;
	fsm->base_priority = conf->priority;
	fsm->effective_priority = conf->priority;
	fsm->adver_int_us = conf->adver_int_us;
	fsm->master_adver_int_us = conf->adver_int_us;
	fsm->master_down_us = vrrp_fsm_master_down_us(fsm);
	fsm->t_adver = fsm->t_master_down = VRRP_FSM_NEVER;
	fsm->saddr = conf->saddr;
	return 0;
}
