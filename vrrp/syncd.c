/*
 * syncd: keepalived's ipvs_syncd_master/backup from the VRRP child.
 *
 * keepalived sends the same pairs of commands whatever it believes is
 * running (stop the other daemon, start this one) and logs what the
 * kernel refuses as "IPVS cmd IP_VS_SO_SET_...(N) error: ..."; so does
 * this file, so the kernel's daemons and the log lines match.  What was
 * started last is kept (settings and state) to stop it again with the
 * sync id it was started with, and to tell at a reload whether the
 * settings changed.
 *
 * Without IPVS the checker runs health checks only; the VRRP child
 * likewise logs keepalived's "IPVS: Can't initialize ipvs" once and runs
 * without a sync daemon (keepalived stops; see
 * doc/differences-from-keepalived.md).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <linux/ip_vs.h>

#include "conf.h"
#include "log.h"
#include "syncd.h"
#include "vrrp.h"
#include "xalloc.h"

struct vrrp_syncd {
	struct nl_ipvs	 nl;
	bool		 open;
	bool		 master;	/* the instance is MASTER */
	char		*inst;		/* instance followed */
	struct nl_ipvs_daemon cur;	/* last started; state 0: none */
};

static struct vrrp_syncd *vrrp_syncd;

void
vrrp_syncd_daemon(const struct global_lvs_sync_daemon *d, unsigned vrid,
    int32_t state, struct nl_ipvs_daemon *out)
{
	memset(out, 0, sizeof(*out));
	out->state = state;
	snprintf(out->ifname, sizeof(out->ifname), "%s", d->ifname);
	out->syncid = d->syncid >= 0 ? d->syncid : (int32_t)vrid;
	out->maxlen = d->maxlen;
	out->port = d->port;
	out->ttl = d->ttl;
	if (d->group.family == AF_INET) {
		out->group_af = AF_INET;
		out->group.v4 = d->group.u.v4;
	} else if (d->group.family == AF_INET6) {
		out->group_af = AF_INET6;
		out->group.v6 = d->group.u.v6;
	}
}

/* keepalived's ipvs_strerror for the daemon commands. */
static const char *
syncd_strerror(uint8_t cmd, int err)
{
	if (cmd == IPVS_CMD_NEW_DAEMON && err == EEXIST)
		return "Daemon has already run";
	if (cmd == IPVS_CMD_DEL_DAEMON && err == ESRCH)
		return "No daemon is running";
	if (err == ESRCH)
		return "No such service";
	if (err == EPERM)
		return "Permission denied (you must be root)";
	if (err == EINVAL)
		return "Invalid operation.  Possibly wrong module version, "
		    "address not unicast, ...";
	return strerror(err);
}

/* One command; the kernel's refusal logged in keepalived's words. */
static void
syncd_cmd(struct vrrp_syncd *s, uint8_t cmd, const struct nl_ipvs_daemon *d)
{
	int err;

	if (!s->open)
		return;
	if (nl_ipvs_daemon_cmd(&s->nl, cmd, d) == 0)
		return;
	err = errno;
	if (cmd == IPVS_CMD_NEW_DAEMON)
		log_info("IPVS cmd IP_VS_SO_SET_STARTDAEMON(%d) error: %s(%d)",
		    IP_VS_SO_SET_STARTDAEMON, syncd_strerror(cmd, err), err);
	else
		log_info("IPVS cmd IP_VS_SO_SET_STOPDAEMON(%d) error: %s(%d)",
		    IP_VS_SO_SET_STOPDAEMON, syncd_strerror(cmd, err), err);
}

/* Stop the daemon of state with the settings last started. */
static void
syncd_stop_state(struct vrrp_syncd *s, int32_t state)
{
	struct nl_ipvs_daemon d = s->cur;

	d.state = state;
	syncd_cmd(s, IPVS_CMD_DEL_DAEMON, &d);
}

/* Start the daemon of state with the configured settings. */
static void
syncd_start_state(struct vrrp_syncd *s, const struct vrrp_rt *rt,
    int32_t state)
{
	vrrp_syncd_daemon(&rt->eng->vc->conf->global.lvs_sync_daemon,
	    rt->conf->vrid, state, &s->cur);
	syncd_cmd(s, IPVS_CMD_NEW_DAEMON, &s->cur);
}

/* The instance the configuration names, or NULL (logged). */
static struct vrrp_rt *
syncd_instance(struct vrrp_engine *eng)
{
	const struct global_lvs_sync_daemon *d;
	struct vrrp_rt *rt;

	d = &eng->vc->conf->global.lvs_sync_daemon;
	if (d->ifname == NULL || d->vrrp_name == NULL)
		return NULL;
	rt = vrrp_rt_find(eng, d->vrrp_name);
	if (rt == NULL)
		log_info("Unable to find vrrp instance %s for lvs_syncd - "
		    "clearing lvs_syncd config", d->vrrp_name);
	return rt;
}

static struct vrrp_syncd *
syncd_new(const struct vrrp_rt *rt)
{
	struct vrrp_syncd *s;

	s = xcalloc(1, sizeof(*s));
	s->inst = xstrdup(rt->conf->name);
	log_debug("Initializing ipvs");
	if (nl_ipvs_open_load(&s->nl) == 0)
		s->open = true;
	else
		log_info("IPVS: Can't initialize ipvs: %s", strerror(errno));
	return s;
}

static void
syncd_free(struct vrrp_syncd *s)
{
	if (s->open)
		nl_ipvs_close(&s->nl);
	free(s->inst);
	free(s);
}

void
vrrp_syncd_start(struct vrrp_engine *eng)
{
	struct vrrp_rt *rt;

	if (vrrp_syncd != NULL || (rt = syncd_instance(eng)) == NULL)
		return;
	vrrp_syncd = syncd_new(rt);
	vrrp_syncd->master = rt->fsm.state == VRRP_FSM_MASTER;
	syncd_start_state(vrrp_syncd, rt, vrrp_syncd->master ?
	    IP_VS_STATE_MASTER : IP_VS_STATE_BACKUP);
}

void
vrrp_syncd_state(struct vrrp_rt *rt, int state)
{
	struct vrrp_syncd *s = vrrp_syncd;

	if (s == NULL || strcmp(s->inst, rt->conf->name) != 0)
		return;
	if (state == VRRP_FSM_MASTER && !s->master) {
		s->master = true;
		syncd_stop_state(s, IP_VS_STATE_BACKUP);
		syncd_start_state(s, rt, IP_VS_STATE_MASTER);
	} else if ((state == VRRP_FSM_BACKUP || state == VRRP_FSM_FAULT) &&
	    s->master) {
		s->master = false;
		syncd_stop_state(s, IP_VS_STATE_MASTER);
		syncd_start_state(s, rt, IP_VS_STATE_BACKUP);
	}
}

void
vrrp_syncd_stop(struct vrrp_engine *eng)
{
	struct vrrp_syncd *s = vrrp_syncd;

	(void)eng;
	if (s == NULL)
		return;
	if (s->cur.state != 0)
		syncd_stop_state(s, s->master ? IP_VS_STATE_MASTER :
		    IP_VS_STATE_BACKUP);
	syncd_free(s);
	vrrp_syncd = NULL;
}

/* Whether the daemon started differs from what the config asks now. */
static bool
syncd_changed(const struct vrrp_syncd *s, const struct vrrp_rt *rt)
{
	struct nl_ipvs_daemon want;

	if (strcmp(s->inst, rt->conf->name) != 0)
		return true;
	vrrp_syncd_daemon(&rt->eng->vc->conf->global.lvs_sync_daemon,
	    rt->conf->vrid, s->cur.state, &want);
	return memcmp(&want, &s->cur, sizeof(want)) != 0;
}

void
vrrp_syncd_reload(struct vrrp_engine *eng)
{
	struct vrrp_syncd *s = vrrp_syncd;
	struct vrrp_rt *rt;

	rt = syncd_instance(eng);
	if (s != NULL && rt != NULL && !syncd_changed(s, rt)) {
		/* keepalived's vrrp_init_state asks for it again; the
		 * kernel's refusal is logged as there. */
		syncd_cmd(s, IPVS_CMD_NEW_DAEMON, &s->cur);
		return;
	}
	if (s != NULL)
		vrrp_syncd_stop(eng);
	vrrp_syncd_start(eng);
}
