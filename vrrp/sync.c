/*
 * sync: vrrp_sync_group at run time (keepalived's vrrp_sync.c).  The
 * members of a group move together: one becoming MASTER takes the others
 * with it, one going BACKUP or FAULT sends them all there; a member may
 * only become MASTER when every other one wants to.  The group's own
 * notify scripts and FIFO lines run when the group changes state, and a
 * member forced into the group's state does not notify again.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "vrrp.h"
#include "xalloc.h"

static struct vrrp_sync *
sync_new(struct vrrp_engine *eng, const struct vrrp_sync_group_conf *g)
{
	struct vrrp_sync *s;
	struct vrrp_rt *rt;
	size_t n = 0;

	TAILQ_FOREACH(rt, &eng->rts, next)
		if (rt->conf->sync == g)
			n++;
	if (n == 0)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->conf = g;
	s->eng = eng;
	s->state = VRRP_FSM_INIT;
	s->members = xcalloc(n, sizeof(*s->members));
	TAILQ_FOREACH(rt, &eng->rts, next)
		if (rt->conf->sync == g) {
			s->members[s->nmembers++] = rt;
			rt->sync = s;
		}
	return s;
}

void
vrrp_sync_build(struct vrrp_engine *eng)
{
	const struct vrrp_sync_group_conf *g;
	struct vrrp_sync *s;

	STAILQ_FOREACH(g, &eng->vc->conf->vrrp.sync_groups, next)
		if ((s = sync_new(eng, g)) != NULL)
			TAILQ_INSERT_TAIL(&eng->syncs, s, next);
}

void
vrrp_sync_free(struct vrrp_engine *eng)
{
	struct vrrp_sync *s;
	size_t i;

	while ((s = TAILQ_FIRST(&eng->syncs)) != NULL) {
		for (i = 0; i < s->nmembers; i++)
			s->members[i]->sync = NULL;
		TAILQ_REMOVE(&eng->syncs, s, next);
		free(s->members);
		free(s);
	}
}

bool
vrrp_sync_fault(const struct vrrp_rt *rt)
{
	const struct vrrp_sync *s = rt->sync;
	size_t i;

	if (s == NULL)
		return rt->tsum.nfault > 0;
	for (i = 0; i < s->nmembers; i++)
		if (s->members[i]->tsum.nfault > 0)
			return true;
	return false;
}

bool
vrrp_sync_init_pending(const struct vrrp_rt *rt)
{
	const struct vrrp_sync *s = rt->sync;
	size_t i;

	if (s == NULL)
		return rt->tsum.ninit > 0;
	for (i = 0; i < s->nmembers; i++)
		if (s->members[i]->tsum.ninit > 0)
			return true;
	return false;
}

bool
vrrp_sync_blocked(const struct vrrp_rt *rt)
{
	const struct vrrp_sync *s = rt->sync;
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; i < s->nmembers; i++)
		if (s->members[i] != rt &&
		    vrrp_track_down(&s->members[i]->tsum))
			return true;
	return false;
}

/* keepalived: the group starts in FAULT when a member does, else BACKUP,
 * and says so before the members' own notifies. */
void
vrrp_sync_start(struct vrrp_engine *eng)
{
	struct vrrp_sync *s;

	TAILQ_FOREACH(s, &eng->syncs, next) {
		s->state = vrrp_sync_fault(s->members[0]) ? VRRP_FSM_FAULT :
		    VRRP_FSM_BACKUP;
		vrrp_notify_group(&eng->notify, s->conf, s->state);
	}
}

void
vrrp_sync_stop(struct vrrp_engine *eng)
{
	struct vrrp_sync *s;

	TAILQ_FOREACH(s, &eng->syncs, next) {
		s->state = VRRP_FSM_STOP;
		vrrp_notify_group(&eng->notify, s->conf, VRRP_FSM_STOP);
	}
}

bool
vrrp_sync_can_master(struct vrrp_fsm *fsm)
{
	const struct vrrp_rt *rt = fsm->ctx;
	const struct vrrp_sync *s = rt->sync;
	size_t i;

	if (s == NULL || s->state == VRRP_FSM_MASTER)
		return true;
	for (i = 0; i < s->nmembers; i++)
		if (s->members[i] != rt &&
		    s->members[i]->fsm.want_state != VRRP_FSM_MASTER &&
		    s->members[i]->fsm.state != VRRP_FSM_MASTER)
			return false;
	return true;
}

bool
vrrp_sync_suppress(const struct vrrp_rt *rt)
{
	return rt->notifies_sent && rt->sync != NULL &&
	    rt->fsm.state == rt->sync->state;
}

static enum vrrp_fsm_event
sync_event(enum vrrp_fsm_state to)
{
	switch (to) {
	case VRRP_FSM_MASTER:
		return VRRP_FSM_EV_SYNC_MASTER;
	case VRRP_FSM_BACKUP:
		return VRRP_FSM_EV_SYNC_BACKUP;
	default:
		return VRRP_FSM_EV_SYNC_FAULT;
	}
}

void
vrrp_sync_member_changed(struct vrrp_rt *rt)
{
	struct vrrp_sync *s = rt->sync;
	enum vrrp_fsm_state to = rt->fsm.state;
	size_t i;

	if (s == NULL || rt->eng->starting || rt->eng->stopped ||
	    s->state == to || (to != VRRP_FSM_MASTER &&
	    to != VRRP_FSM_BACKUP && to != VRRP_FSM_FAULT))
		return;
	log_info("VRRP_Group(%s) Syncing instances to %s state",
	    s->conf->name, vrrp_fsm_state_name(to));
	s->state = to;
	vrrp_notify_group(&rt->eng->notify, s->conf, to);
	for (i = 0; i < s->nmembers; i++)
		if (s->members[i] != rt && s->members[i]->fsm.state != to)
			vrrp_rt_event(s->members[i], sync_event(to), NULL);
}
