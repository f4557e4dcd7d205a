/*
 * vrrp_script: the vrrp_script runner and track_file reader of the VRRP
 * child.
 *
 * Only scripts some instance or sync group tracks are run, each on its
 * own timer: first at start, then every interval, killed after timeout
 * (interval when not set).  The exit status goes through the rise/fall
 * hysteresis of track.c; a change of state is logged in keepalived's
 * words and re-evaluates the instances.  2.2.7 starts a second copy when
 * the previous run is still going; Vigil skips the run (as keepalived
 * HEAD does).  track_file values are re-read every second (keepalived
 * uses inotify; the effect is the same within a second).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "conf.h"
#include "log.h"
#include "script.h"
#include "vrrp.h"
#include "xalloc.h"

#define TFILE_PERIOD_US	1000000

static void script_run(struct ev_loop *, struct ev_timer *);

/* Whether a track list names the script. */
static bool
list_names(const struct vrrp_track_list *l, const char *name)
{
	const struct vrrp_track_ref *r;

	STAILQ_FOREACH(r, l, next)
		if (strcmp(r->name, name) == 0)
			return true;
	return false;
}

static bool
script_tracked(const struct conf *c, const char *name)
{
	const struct vrrp_instance_conf *v;
	const struct vrrp_sync_group_conf *g;

	STAILQ_FOREACH(v, &c->vrrp.instances, next)
		if (list_names(&v->track_scripts, name))
			return true;
	STAILQ_FOREACH(g, &c->vrrp.sync_groups, next)
		if (list_names(&g->track_scripts, name))
			return true;
	return false;
}

/* vrrp_script's own `user USER [GROUP]`, else the script's. */
static void
script_ids(struct vrrp_script_rt *s)
{
	const struct vrrp_script_def *d = s->def;
	struct passwd *pw;
	struct group *gr;

	s->uid = d->script->uid;
	s->gid = d->script->gid;
	if (d->user == NULL)
		return;
	if ((pw = getpwnam(d->user)) != NULL) {
		s->uid = pw->pw_uid;
		s->gid = pw->pw_gid;
	} else
		log_info("Unknown user %s for vrrp_script %s", d->user,
		    d->name);
	if (d->group != NULL && (gr = getgrnam(d->group)) != NULL)
		s->gid = gr->gr_gid;
}

struct vrrp_script_rt *
vrrp_script_find(struct vrrp_engine *eng, const char *name)
{
	struct vrrp_script_rt *s;

	TAILQ_FOREACH(s, &eng->scripts, next)
		if (strcmp(s->def->name, name) == 0)
			return s;
	return NULL;
}

enum vrrp_track_status
vrrp_script_status(const struct vrrp_script_rt *s)
{
	return vrrp_track_hyst_status(&s->hyst);
}

/* keepalived's log lines for one run; the run's success. */
static bool
script_outcome(struct vrrp_script_rt *s, int status, bool timed_out,
    char *what, size_t len)
{
	const char *name = s->def->name;
	int code;

	if (timed_out) {
		snprintf(what, len, "VRRP_Script(%s) timed_out", name);
		return false;
	}
	if (WIFEXITED(status)) {
		code = WEXITSTATUS(status);
		if (code != s->last_status)
			log_info("Script `%s` now returning %d", name, code);
		s->last_status = code;
		if (code == 0) {
			snprintf(what, len, "VRRP_Script(%s) succeeded", name);
			return true;
		}
		snprintf(what, len, "VRRP_Script(%s) failed (exited with "
		    "status %d)", name, code);
		return false;
	}
	snprintf(what, len, "VRRP_Script(%s) failed (due to signal %d)",
	    name, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return false;
}

static void
script_done(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	struct vrrp_script_rt *s = arg;
	char what[256];
	bool ok;

	ok = script_outcome(s, status, timed_out, what, sizeof(what));
	if (vrrp_track_hyst_feed(&s->hyst, ok) == -1)
		return;
	log_info("%s", what);
	if (!s->eng->stopped)
		vrrp_track_update_all(s->eng);
}

static void
script_run(struct ev_loop *loop, struct ev_timer *t)
{
	struct vrrp_script_rt *s = t->arg;
	const struct vrrp_script_def *d = s->def;
	struct script_conf sc;
	uint64_t timeout = d->timeout_us != 0 ? d->timeout_us : d->interval_us;

	ev_timer_start(loop, &s->timer, d->interval_us);
	if (spawn_running(&s->proc)) {
		log_info("Track script %s is already running, expect idle - "
		    "skipping run", d->name);
		return;
	}
	sc = *d->script;
	sc.uid = s->uid;
	sc.gid = s->gid;
	if (notify_script_run(loop, &s->proc, &sc, NULL, timeout,
	    script_done, s) == -1 && errno != EPERM)
		log_warn("Cannot run vrrp_script %s", d->name);
}

void
vrrp_scripts_start(struct vrrp_engine *eng)
{
	const struct conf *c = eng->vc->conf;
	const struct vrrp_script_def *d;
	struct vrrp_script_rt *s;

	STAILQ_FOREACH(d, &c->vrrp.scripts, next) {
		if (d->script == NULL || !script_tracked(c, d->name))
			continue;
		s = xcalloc(1, sizeof(*s));
		s->def = d;
		s->eng = eng;
		script_ids(s);
		vrrp_track_hyst_init(&s->hyst, d->rise, d->fall, d->init_fail);
		ev_timer_init(&s->timer, script_run, s);
		TAILQ_INSERT_TAIL(&eng->scripts, s, next);
		if (d->script->disabled)
			continue;
		ev_timer_start(eng->vc->loop, &s->timer, 0);
	}
}

void
vrrp_scripts_stop(struct vrrp_engine *eng)
{
	struct vrrp_script_rt *s;

	while ((s = TAILQ_FIRST(&eng->scripts)) != NULL) {
		ev_timer_stop(eng->vc->loop, &s->timer);
		if (spawn_running(&s->proc))
			spawn_abandon(eng->vc->loop, &s->proc);
		TAILQ_REMOVE(&eng->scripts, s, next);
		free(s);
	}
}

/* --- track_file ------------------------------------------------------------ */

/* keepalived reads an integer from the file; unreadable or empty is 0. */
static long
tfile_read(const char *path)
{
	char buf[64];
	FILE *fp;
	long v = 0;

	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), fp) != NULL)
		v = strtol(buf, NULL, 0);
	fclose(fp);
	return v;
}

struct vrrp_tfile_rt *
vrrp_tfile_find(struct vrrp_engine *eng, const char *name)
{
	struct vrrp_tfile_rt *f;

	TAILQ_FOREACH(f, &eng->tfiles, next)
		if (strcmp(f->conf->name, name) == 0)
			return f;
	return NULL;
}

static void
tfile_tick(struct ev_loop *loop, struct ev_timer *t)
{
	struct vrrp_engine *eng = t->arg;
	struct vrrp_tfile_rt *f;
	bool changed = false;
	long v;

	ev_timer_start(loop, t, TFILE_PERIOD_US);
	TAILQ_FOREACH(f, &eng->tfiles, next) {
		v = tfile_read(f->conf->path);
		if (v == f->value)
			continue;
		f->value = v;
		changed = true;
	}
	if (changed)
		vrrp_track_update_all(eng);
}

void
vrrp_tfiles_start(struct vrrp_engine *eng)
{
	const struct vrrp_track_file_conf *tc;
	struct vrrp_tfile_rt *f;

	STAILQ_FOREACH(tc, &eng->vc->conf->vrrp.track_files, next) {
		f = xcalloc(1, sizeof(*f));
		f->conf = tc;
		f->value = tfile_read(tc->path);
		TAILQ_INSERT_TAIL(&eng->tfiles, f, next);
	}
	ev_timer_init(&eng->tfile_timer, tfile_tick, eng);
	if (!TAILQ_EMPTY(&eng->tfiles))
		ev_timer_start(eng->vc->loop, &eng->tfile_timer,
		    TFILE_PERIOD_US);
}

void
vrrp_tfiles_stop(struct vrrp_engine *eng)
{
	struct vrrp_tfile_rt *f;

	ev_timer_stop(eng->vc->loop, &eng->tfile_timer);
	while ((f = TAILQ_FIRST(&eng->tfiles)) != NULL) {
		TAILQ_REMOVE(&eng->tfiles, f, next);
		free(f);
	}
}
