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
 * HEAD does).  track_file values are followed with inotify
 * (track_file.h), as keepalived does.
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

static void script_run(struct ev_loop *, struct ev_timer *);

/* Whether a track list names the script or file. */
static bool
list_names(const struct vrrp_track_list *l, const char *name)
{
	const struct vrrp_track_ref *r;

	STAILQ_FOREACH(r, l, next)
		if (strcmp(r->name, name) == 0)
			return true;
	return false;
}

/* Whether an instance or a sync group tracks the script (or file). */
static bool
conf_tracks(const struct conf *c, const char *name, bool file)
{
	const struct vrrp_instance_conf *v;
	const struct vrrp_sync_group_conf *g;

	STAILQ_FOREACH(v, &c->vrrp.instances, next)
		if (list_names(file ? &v->track_files : &v->track_scripts,
		    name))
			return true;
	STAILQ_FOREACH(g, &c->vrrp.sync_groups, next)
		if (list_names(file ? &g->track_files : &g->track_scripts,
		    name))
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
		if (d->script == NULL || !conf_tracks(c, d->name, false))
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

struct vrrp_tfile_rt *
vrrp_tfile_find(struct vrrp_engine *eng, const char *name)
{
	struct vrrp_tfile_rt *f;

	TAILQ_FOREACH(f, &eng->tfiles, next)
		if (strcmp(f->conf->name, name) == 0)
			return f;
	return NULL;
}

/* Whether the item is a fault with the file at value. */
static bool
tfile_fault(const struct vrrp_track_item *it, long value)
{
	struct vrrp_track_item one = *it;
	struct vrrp_track_sum sum;

	one.value = value;
	vrrp_track_eval(&one, 1, 0, &sum);
	return sum.nfault > 0;
}

/* keepalived's detail lines (-D) for the instances tracking f. */
static void
tfile_log_fault(struct vrrp_engine *eng, struct vrrp_tfile_rt *f, long v)
{
	struct vrrp_rt *rt;
	size_t i;
	bool was, is;

	TAILQ_FOREACH(rt, &eng->rts, next)
		for (i = 0; i < rt->nitems; i++) {
			if (rt->items[i].obj != f)
				continue;
			was = tfile_fault(&rt->items[i], f->value);
			is = tfile_fault(&rt->items[i], v);
			if (was != is)
				log_info("(%s): tracked file %s %s FAULT state",
				    rt->conf->name, f->conf->name, is ? "now" :
				    "leaving");
		}
}

/* inotify saw a new value: the instances tracking it look again. */
static void
tfile_changed(struct tfile *tf, void *arg)
{
	struct vrrp_engine *eng = arg;
	struct vrrp_tfile_rt *f;

	TAILQ_FOREACH(f, &eng->tfiles, next) {
		if (f->tf != tf)
			continue;
		if (log_detail() > 0)
			tfile_log_fault(eng, f, (long)tf->value);
		f->value = (long)tf->value;
	}
	if (!eng->stopped)
		vrrp_track_update_all(eng);
}

/*
 * keepalived's init_file acts on every track_file (overwrite only on
 * the first start, not on a reload); only the files an instance or a
 * sync group tracks are followed.
 */
void
vrrp_tfiles_start(struct vrrp_engine *eng)
{
	const struct conf *c = eng->vc->conf;
	const struct vrrp_track_file_conf *tc;
	struct vrrp_tfile_rt *f;
	struct tfile *tf;

	tfile_watch_init(&eng->tfile_watch, eng->vc->loop);
	/* keepalived initialises while parsing, before following any. */
	STAILQ_FOREACH(tc, &c->vrrp.track_files, next)
		tfile_conf_init(tc, eng->tfiles_started);
	STAILQ_FOREACH(tc, &c->vrrp.track_files, next) {
		if (!conf_tracks(c, tc->name, true) ||
		    (tf = tfile_follow(&eng->tfile_watch, tc, tfile_changed,
		    eng)) == NULL || tf->wd == -1)
			continue;
		f = xcalloc(1, sizeof(*f));
		f->conf = tc;
		f->tf = tf;
		f->value = (long)tf->value;
		TAILQ_INSERT_TAIL(&eng->tfiles, f, next);
	}
	eng->tfiles_started = true;
}

void
vrrp_tfiles_stop(struct vrrp_engine *eng)
{
	struct vrrp_tfile_rt *f;

	tfile_watch_close(&eng->tfile_watch);
	while ((f = TAILQ_FIRST(&eng->tfiles)) != NULL) {
		TAILQ_REMOVE(&eng->tfiles, f, next);
		free(f);
	}
}
