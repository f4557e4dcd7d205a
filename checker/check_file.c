/*
 * check_file: FILE_CHECK (track_file NAME, weight N [reverse]).  The
 * file holds an integer.  With weight 0 a nonzero value is a failure;
 * otherwise value × weight (negated with reverse) at or below
 * IPVS_WEIGHT_FAULT (-2^31) is a failure, and any other product is
 * added to the real server's weight.  keepalived watches the file with
 * inotify; Vigil reads it every delay_loop (a documented difference).
 * A missing or unreadable file counts as 0, as keepalived's does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "check_engine.h"

#define FILE_WEIGHT_FAULT	(-(int64_t)INT32_MAX - 1)

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

static long
file_value(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	if (path == NULL ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

static int
file_start(struct ce_checker *c)
{
	const struct vrrp_track_file_conf *t = file_conf(c);
	const struct check_file *f = &c->conf->u.file;
	int64_t weight, prod, w;
	long v;
	bool up;

	if (t == NULL) {
		ce_why(c, "track_file %s not found", f->track_file != NULL ?
		    f->track_file : "");
		errno = ENOENT;
		return -1;
	}
	weight = f->weight_set ? f->weight : t->weight;
	v = file_value(t->path);
	prod = (int64_t)v * weight * ((f->weight_set ? f->reverse :
	    t->reverse) ? -1 : 1);
	up = weight == 0 ? v == 0 : prod > FILE_WEIGHT_FAULT;
	if (!up)
		ce_why(c, "file %s value %ld", t->path, v);
	w = up && weight != 0 ? prod : 0;
	if (w != c->sc.cur_weight) {
		int64_t nw = c->rs->st.weight - c->sc.cur_weight + w;

		c->sc.cur_weight = w;
		ce_rs_weight(c->rs, nw);
	}
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
