/*
 * track_bfd: BFD session states in the VRRP child (keepalived's
 * vrrp_handle_bfd_event).
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "track_bfd.h"
#include "vrrp.h"
#include "vrrp_daemon.h"
#include "xalloc.h"

static struct vrrp_bfd_seen *
seen_find(const struct vrrp_engine *eng, const char *name)
{
	size_t i;

	for (i = 0; i < eng->nbfd_seen; i++)
		if (strcmp(eng->bfd_seen[i].name, name) == 0)
			return &eng->bfd_seen[i];
	return NULL;
}

enum vrrp_track_status
vrrp_bfd_status(const struct vrrp_engine *eng, const char *name)
{
	const struct vrrp_bfd_seen *s = seen_find(eng, name);

	return s != NULL && s->up ? VRRP_TRACK_UP : VRRP_TRACK_DOWN;
}

/* Whether rt tracks the session (directly or through its group). */
static bool
rt_tracks(const struct vrrp_rt *rt, const char *name)
{
	size_t i;

	for (i = 0; i < rt->nitems; i++)
		if (rt->items[i].kind == VRRP_TRACK_BFD &&
		    strcmp(rt->items[i].name, name) == 0)
			return true;
	return false;
}

void
vrrp_bfd_state(struct vrrp_child *vc, const struct ipc_bfd_state *m)
{
	struct vrrp_engine *eng = vc->engine;
	struct vrrp_bfd_seen *s;
	struct vrrp_rt *rt;

	if (eng == NULL)
		return;
	if ((s = seen_find(eng, m->name)) == NULL) {
		eng->bfd_seen = xreallocarray(eng->bfd_seen,
		    eng->nbfd_seen + 1, sizeof(*eng->bfd_seen));
		s = &eng->bfd_seen[eng->nbfd_seen++];
		memset(s, 0, sizeof(*s));
		snprintf(s->name, sizeof(s->name), "%s", m->name);
	}
	if (s->up == (m->up != 0))
		return;		/* keepalived starts every session down */
	s->up = m->up != 0;
	if (log_detail() > 0)
		log_info("Received BFD event: instance %s is in state %s",
		    m->name, s->up ? "Up" : "Down");
	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (!rt_tracks(rt, m->name))
			continue;
		log_info("VRRP_Instance(%s) Tracked BFD instance %s is %s",
		    rt->conf->name, m->name, s->up ? "UP" : "DOWN");
		vrrp_rt_track_update(rt);
	}
}

void
vrrp_bfd_free(struct vrrp_engine *eng)
{
	free(eng->bfd_seen);
	eng->bfd_seen = NULL;
	eng->nbfd_seen = 0;
}

const struct vrrp_bfd_conf *
vrrp_bfd_conf_find(const struct conf *conf, const char *name)
{
	const struct vrrp_bfd_conf *b;

	STAILQ_FOREACH(b, &conf->vrrp.bfds, next)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}
