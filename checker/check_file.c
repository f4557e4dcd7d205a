/*
 * check_file: FILE_CHECK (track_file NAME, weight N [reverse]).  The
 * file holds an integer.  With weight 0 a nonzero value is a failure;
 * otherwise value × weight (negated with reverse) at or below
 * IPVS_WEIGHT_FAULT (-2^31) is a failure, and any other product is
 * added to the real server's weight.
 *
 * As keepalived, the files are followed with inotify (lib/track_file.h,
 * one watcher for the checker process, shared with nothing else): a
 * change runs the FILE_CHECKs of that file at once; the value is the
 * watcher's, so the engine's run every delay_loop changes nothing.
 * init_file is acted on when a file is first followed.  The watcher
 * outlives engines (reload), so it finds the current engine through
 * the check_child, and keeps its files (keyed by name and path).
 */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "check_engine.h"
#include "track_file.h"

#define FILE_WEIGHT_FAULT	(-(int64_t)INT32_MAX - 1)

static struct {
	struct tfile_watch	 w;
	bool			 open;
	struct check_child	*cc;		/* its engine is the current */
	const struct ce_engine	*eng;		/* the last one seen */
	bool			 reload;	/* init_file: not the first */
} file_watch;

static const struct vrrp_track_file_conf *
file_conf(const struct ce_checker *c)
{
	const struct vrrp_track_file_conf *t;
	const char *name = c->conf->u.file.track_file;

	if (name == NULL)
		return NULL;
	STAILQ_FOREACH(t, &c->eng->conf->vrrp.track_files, next)
		if (t->name != NULL && strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

/* A file changed: the FILE_CHECKs following it run now. */
static void
file_changed(struct tfile *tf, void *arg)
{
	struct ce_engine *e = file_watch.cc != NULL ? file_watch.cc->engine :
	    NULL;
	struct ce_checker *c;
	const struct vrrp_track_file_conf *t;
	unsigned i, j, k;

	if (e == NULL || e->stopping)
		return;
	for (i = 0; i < e->nvs; i++)
		for (j = 0; j < e->vs[i].nrs; j++)
			for (k = 0; k < e->vs[i].rs[j].nchk; k++) {
				c = &e->vs[i].rs[j].chk[k];
				if (c->conf->type != CHECK_FILE || c->busy ||
				    (t = file_conf(c)) == NULL ||
				    tfile_watch_find(&file_watch.w, t->name,
				    t->path) != tf)
					continue;
				ce_kick(c);
			}
}

/* The followed file of t, followed from now on if it was not. */
static const struct tfile *
file_follow(struct ce_checker *c, const struct vrrp_track_file_conf *t)
{
	struct tfile *tf;

	if (file_watch.open && file_watch.w.loop != c->eng->loop)
		tfile_watch_forget(&file_watch.w);	/* tests: a new loop */
	if (!file_watch.open || file_watch.w.loop != c->eng->loop) {
		tfile_watch_init(&file_watch.w, c->eng->loop);
		file_watch.open = true;
	}
	file_watch.cc = c->eng->cc;
	/* ce_reload builds the new engine before freeing the old one. */
	if (file_watch.eng != NULL && file_watch.eng != c->eng)
		file_watch.reload = true;
	file_watch.eng = c->eng;
	if ((tf = tfile_watch_find(&file_watch.w, t->name, t->path)) != NULL)
		return tf;
	tfile_conf_init(t, file_watch.reload);
	return tfile_follow(&file_watch.w, t, file_changed, NULL);
}

static int
file_start(struct ce_checker *c)
{
	const struct vrrp_track_file_conf *t = file_conf(c);
	const struct check_file *f = &c->conf->u.file;
	const struct tfile *tf;
	int64_t weight, prod, w, v;
	bool up;

	if (t == NULL) {
		ce_why(c, "track_file %s not found", f->track_file != NULL ?
		    f->track_file : "");
		errno = ENOENT;
		return -1;
	}
	weight = f->weight_set ? f->weight : t->weight;
	tf = file_follow(c, t);
	v = tf != NULL ? tf->value : 0;
	prod = (int64_t)v * weight * ((f->weight_set ? f->reverse :
	    t->reverse) ? -1 : 1);
	up = weight == 0 ? v == 0 : prod > FILE_WEIGHT_FAULT;
	if (!up)
		ce_why(c, "file %s value %lld", t->path, (long long)v);
	w = up && weight != 0 ? prod : 0;
	if (w != c->sc.cur_weight) {
		int64_t nw = c->rs->st.weight - c->sc.cur_weight + w;

		c->sc.cur_weight = w;
		ce_rs_weight(c->rs, nw);
	}
	if (log_detail() > 0 && c->sc.has_run && up != c->sc.is_up)
		log_info("(%s): tracked file %s %s FAULT state", c->rs->str,
		    t->name, up ? "leaving" : "now");
	/* No retries (the engine sets retry 0): the state is the file's. */
	ce_done(c, up, NULL);
	return 0;
}

static void
file_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("FILE_CHECK for service %s of VS %s is up.",
		    ce_chk_str(c), c->rs->vs->str);
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("FILE_CHECK for service %s of VS %s failed (%s).",
		    ce_chk_str(c), c->rs->vs->str, c->why);
}

const struct check_type_ops check_file_ops = {
	.name = "FILE_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = file_start,
	.log = file_log,
	.alert_up = "=> FILE CHECK succeed on service <=",
	.alert_down = "=> FILE CHECK failed on service <=",
};
