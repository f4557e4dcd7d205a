/*
 * promote: the promotion gate over the tracked real servers' replication
 * facts, and the promote_script run before the VIPs are added.
 *
 * The machine asks through its promote output each time it would become
 * MASTER by itself.  A refusal is logged once per reason (the question
 * comes back every Master_Down while the backup is behind), a change of
 * reason or a pass re-arms the log.  The script is spawned through
 * notify_script_run() with its timeout; the machine stays BACKUP until
 * its exit is reaped, and the answer goes back as PROMOTE_DONE through
 * vrrp_rt_event().  A cancelled wait (a master was accepted meanwhile,
 * a fault) kills the script's process group and ignores its exit.
 */
#include <sys/wait.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "log.h"
#include "notify.h"
#include "promote.h"
#include "script.h"
#include "value.h"
#include "vrrp.h"

static const char *const repl_names[IPC_REPL_MAX] = {
	[IPC_REPL_NONE] = "none",
	[IPC_REPL_CAUGHT_UP] = "caught up",
	[IPC_REPL_BEHIND] = "behind",
	[IPC_REPL_NOT_REPLICA] = "not a replica",
	[IPC_REPL_UNKNOWN] = "unknown",
};

const char *
vrrp_promote_repl_name(unsigned repl)
{
	return repl < IPC_REPL_MAX ? repl_names[repl] : "unknown";
}

/* --- the gate (pure) ----------------------------------------------------- */

static void	gate_why(char *, size_t, const struct vrrp_track_rs *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* "[ip]:port " and the reason. */
static void
gate_why(char *why, size_t len, const struct vrrp_track_rs *t,
    const char *fmt, ...)
{
	char addr[ADDR_STRLEN], tail[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tail, sizeof(tail), fmt, ap);
	va_end(ap);
	snprintf(why, len, "[%s]:%u %s", addr_str(&t->addr, addr, sizeof(addr)),
	    t->port, tail);
}

/* One report with facts; false with why when it refuses. */
static bool
gate_one(const struct vrrp_instance_conf *v, const struct vrrp_track_rs *t,
    const struct vrrp_track_rs_seen *s, char *why, size_t len)
{
	bool io = (s->repl_threads & IPC_REPL_IO_RUNNING) != 0;
	bool sql = (s->repl_threads & IPC_REPL_SQL_RUNNING) != 0;

	if (s->repl == IPC_REPL_NOT_REPLICA)
		return true;
	if (s->repl == IPC_REPL_UNKNOWN) {
		gate_why(why, len, t, "replication state unknown");
		return false;
	}
	if (v->promote_require_caught_up && s->repl == IPC_REPL_BEHIND) {
		gate_why(why, len, t, "replica has not applied its relay log%s",
		    sql ? "" : " (SQL thread stopped)");
		return false;
	}
	if (!v->promote_max_lag_set)
		return true;
	if (s->lag >= 0 && (uint32_t)s->lag > v->promote_max_lag) {
		gate_why(why, len, t, "replication lag %u s above "
		    "promote_max_lag %u s", (unsigned)s->lag, v->promote_max_lag);
		return false;
	}
	if (s->lag >= 0)
		return true;
	/* Lag unknown: with the IO thread still receiving nothing can be
	 * said; with it down (the primary died) the positions tell. */
	if (io) {
		gate_why(why, len, t, "replication lag unknown (IO thread "
		    "running)");
		return false;
	}
	if (s->repl == IPC_REPL_BEHIND) {
		gate_why(why, len, t, "replica has not applied its relay log");
		return false;
	}
	return true;
}

bool
vrrp_promote_gate(const struct vrrp_instance_conf *v,
    const struct vrrp_track_rs_seen *seen, size_t n, char *why, size_t len)
{
	const struct vrrp_track_rs *t;
	unsigned nfacts = 0;
	size_t i;

	if (len > 0)
		why[0] = '\0';
	if (!vrrp_conf_promote_gated(v))
		return true;
	STAILQ_FOREACH(t, &v->track_rs, next) {
		for (i = 0; i < n; i++) {
			if (!vrrp_track_rs_matches(t, &seen[i]) ||
			    seen[i].repl == IPC_REPL_NONE)
				continue;
			nfacts++;
			if (!gate_one(v, t, &seen[i], why, len))
				return false;
		}
	}
	if (nfacts == 0) {
		snprintf(why, len, "no tracked MYSQL_CHECK real server has "
		    "reported its replication state");
		return false;
	}
	return true;
}

/* --- the runtime ----------------------------------------------------------- */

static void
promote_refused(struct vrrp_rt *rt, const char *why)
{
	struct vrrp_promote_rt *p = &rt->promote;

	if (strcmp(p->refused, why) == 0)
		return;
	snprintf(p->refused, sizeof(p->refused), "%s", why);
	log_info("(%s) promotion refused: %s", rt->conf->name, why);
}

static void
promote_done(struct spawn_proc *proc, int status, bool timed_out, void *arg)
{
	struct vrrp_rt *rt = arg;
	struct vrrp_promote_rt *p = &rt->promote;
	const char *name = rt->conf->name;
	char tmo[32];
	bool ok = false;

	if (!p->waiting)
		return;		/* cancelled: the machine moved on */
	p->waiting = false;
	if (timed_out)
		log_info("(%s) promote_script timed out after %s s - staying "
		    "BACKUP", name, cfg_timer_str(
		    rt->conf->promote_script_timeout_us != 0 ?
		    rt->conf->promote_script_timeout_us :
		    VRRP_PROMOTE_SCRIPT_TIMEOUT_DFL, tmo, sizeof(tmo)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		log_info("(%s) promote_script succeeded", name);
		ok = true;
	} else if (WIFEXITED(status))
		log_info("(%s) promote_script failed (exited with status %d) - "
		    "staying BACKUP", name, WEXITSTATUS(status));
	else
		log_info("(%s) promote_script failed (killed by signal %d) - "
		    "staying BACKUP", name, WTERMSIG(status));
	vrrp_rt_event(rt, VRRP_FSM_EV_PROMOTE_DONE, &ok);
}

static enum vrrp_fsm_promote
promote_script_start(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct vrrp_promote_rt *p = &rt->promote;
	uint64_t tmo = c->promote_script_timeout_us != 0 ?
	    c->promote_script_timeout_us : VRRP_PROMOTE_SCRIPT_TIMEOUT_DFL;

	if (spawn_running(&p->proc)) {
		promote_refused(rt, "the previous promote_script is still "
		    "running");
		return VRRP_FSM_PROMOTE_NO;
	}
	if (notify_script_run(rt->eng->vc->loop, &p->proc, c->promote_script,
	    NULL, tmo, promote_done, rt) == -1) {
		log_info("(%s) promote_script %s cannot run (%s) - staying "
		    "BACKUP", c->name, c->promote_script->cmd,
		    errno == EPERM ? "disabled" : strerror(errno));
		return VRRP_FSM_PROMOTE_NO;
	}
	log_info("(%s) running promote_script %s", c->name,
	    c->promote_script->cmd);
	p->waiting = true;
	return VRRP_FSM_PROMOTE_WAIT;
}

enum vrrp_fsm_promote
vrrp_promote_ask(struct vrrp_fsm *fsm)
{
	struct vrrp_rt *rt = fsm->ctx;
	const struct vrrp_instance_conf *c = rt->conf;
	char why[VRRP_PROMOTE_WHY_MAX];

	if (!vrrp_promote_gate(c, rt->eng->rs_seen, rt->eng->nrs_seen, why,
	    sizeof(why))) {
		promote_refused(rt, why);
		return VRRP_FSM_PROMOTE_NO;
	}
	rt->promote.refused[0] = '\0';
	if (c->promote_script == NULL)
		return VRRP_FSM_PROMOTE_YES;
	/* A sync group holding us back decides first: the script runs
	 * once the group would let us be MASTER. */
	if (rt->sync != NULL && !vrrp_sync_can_master(fsm))
		return VRRP_FSM_PROMOTE_YES;
	return promote_script_start(rt);
}

void
vrrp_promote_cancel(struct vrrp_fsm *fsm)
{
	struct vrrp_rt *rt = fsm->ctx;
	struct vrrp_promote_rt *p = &rt->promote;

	if (!p->waiting)
		return;
	p->waiting = false;
	log_info("(%s) promotion cancelled - stopping promote_script",
	    rt->conf->name);
	if (spawn_running(&p->proc))
		spawn_kill(rt->eng->vc->loop, &p->proc);
}

void
vrrp_promote_stop(struct vrrp_rt *rt)
{
	struct vrrp_promote_rt *p = &rt->promote;

	p->waiting = false;
	if (spawn_running(&p->proc))
		spawn_abandon(rt->eng->vc->loop, &p->proc);
}
