/*
 * check_misc: MISC_CHECK.  Runs misc_path through spawn (its user, a
 * timeout of misc_timeout or else delay_loop: SIGTERM to the group, then
 * SIGKILL).  Exit 0 is up, anything else down; with misc_dynamic an exit
 * of 2..255 is up with the real server's weight set to status - 2.
 */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "notify.h"
#include "xalloc.h"
#include "check_engine.h"

/* sched decides the weight; the engine logs and applies the change. */
static void
misc_weight(struct ce_checker *c, unsigned code)
{
	int64_t before = c->rs->st.weight, after;

	after = sched_misc_weight(&c->sc, &c->rs->st, code);
	c->rs->st.weight = before;
	ce_rs_weight(c->rs, after);
}

static void
misc_exited(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	struct ce_checker *c = arg;
	const struct check_misc *m = &c->conf->u.misc;
	struct sched_outcome o;
	unsigned code = 1;
	bool ok = false;

	if (timed_out)
		ce_why(c, "timed out");
	else if (WIFEXITED(status)) {
		code = (unsigned)WEXITSTATUS(status);
		ok = sched_misc_success(m->dynamic, code);
		if (!ok)
			ce_why(c, "exited with status %u", code);
	} else if (WIFSIGNALED(status))
		ce_why(c, "due to signal %d", WTERMSIG(status));
	if (ok && m->dynamic)
		misc_weight(c, code);
	ce_done(c, ok, &o);
	if (!ok && m->dynamic && (o.actions & SCHED_A_LOG_FAILED) &&
	    c->sc.cur_weight != 0)
		misc_weight(c, code == 0 ? 1 : code);
}

static int
misc_start(struct ce_checker *c)
{
	const struct check_misc *m = &c->conf->u.misc;
	uint64_t tmo = m->timeout != 0 ? m->timeout : c->conf->delay_loop;

	if (m->path == NULL || m->path->disabled) {
		ce_why(c, "script disabled");
		errno = EPERM;
		return -1;
	}
	/* The script's watchers live only while it runs (c->priv). */
	c->priv = xcalloc(1, sizeof(struct spawn_proc));
	if (notify_script_run(c->eng->loop, c->priv, m->path, NULL, tmo,
	    misc_exited, c) == -1) {
		ce_why(c, "cannot run %s: %s", m->path->cmd, strerror(errno));
		return -1;
	}
	return 0;
}

static void
misc_cancel(struct ce_checker *c)
{
	struct spawn_proc *p = c->priv;

	if (p == NULL)
		return;
	if (spawn_running(p))
		spawn_abandon(c->eng->loop, p);
	free(p);
	c->priv = NULL;
}

/* check_misc.c misc_check_child_thread's words. */
static void
misc_log(struct ce_checker *c, const struct sched_outcome *o)
{
	const struct check_misc *m = &c->conf->u.misc;
	const char *cmd = m->path != NULL ? m->path->argv[0] : "";
	uint32_t retry = c->sc.p.retry;
	char more[48];

	if (o->actions & SCHED_A_LOG_SUCCESS) {
		log_info("Misc check for [%s VS %s] by [%s] succeeded.",
		    ce_chk_str(c), c->rs->vs->str, cmd);
		return;
	}
	if (!(o->actions & SCHED_A_LOG_FAILED))
		return;
	if (retry == 0)
		snprintf(more, sizeof(more), " with retry disabled");
	else
		snprintf(more, sizeof(more), " after %u %s", retry,
		    retry == 1 ? "retry" : "retries");
	if (strcmp(c->why, "timed out") == 0)
		log_info("Misc check for [%s VS %s] by [%s] timed out%s.",
		    ce_chk_str(c), c->rs->vs->str, cmd, more);
	else
		log_info("Misc check for [%s VS %s] by [%s] failed%s (%s).",
		    ce_chk_str(c), c->rs->vs->str, cmd, more, c->why);
}

const struct check_type_ops check_misc_ops = {
	.name = "MISC_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = misc_start,
	.cancel = misc_cancel,
	.log = misc_log,
	.alert_up = "=> MISC CHECK succeeded on service <=",
	.alert_down = "=> MISC CHECK failed on service <=",
};
