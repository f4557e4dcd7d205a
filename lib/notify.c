/*
 * notify: configured scripts with extra arguments, and FIFO lines.
 *
 * The argv handed to spawn is a temporary array of pointers into the
 * configuration and the caller's strings: the child has its own copy
 * after fork, so it is freed as soon as spawn_start returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_global.h"
#include "log.h"
#include "notify.h"
#include "queue_ext.h"
#include "script.h"
#include "xalloc.h"

/* A fire-and-forget script: lives until reaped. */
struct notify_job {
	struct spawn_proc	 proc;
	struct ev_loop		*loop;
	LIST_ENTRY(notify_job)	 entry;
};

static LIST_HEAD(, notify_job) notify_jobs =
    LIST_HEAD_INITIALIZER(notify_jobs);
static size_t notify_njobs;

static char **
notify_argv(const struct script_conf *sc, const char *const extra[])
{
	char **argv;
	size_t n = 0, i, k = 0;

	while (extra != NULL && extra[n] != NULL)
		n++;
	argv = xreallocarray(NULL, (size_t)sc->argc + n + 1, sizeof(*argv));
	for (i = 0; i < (size_t)sc->argc; i++)
		argv[k++] = sc->argv[i];
	if (sc->path != NULL)
		argv[0] = sc->path;
	for (i = 0; i < n; i++)
		argv[k++] = (char *)extra[i];
	argv[k] = NULL;
	return argv;
}

int
notify_script_run(struct ev_loop *l, struct spawn_proc *p,
    const struct script_conf *sc, const char *const extra[],
    uint64_t timeout_us, spawn_done_fn done, void *arg)
{
	struct spawn_opts o = { .uid = sc->uid, .gid = sc->gid,
	    .timeout_us = timeout_us };
	char **argv;
	int rc, saved;

	if (sc->disabled || sc->argc < 1) {
		errno = EPERM;
		return -1;
	}
	argv = notify_argv(sc, extra);
	rc = spawn_start(l, p, argv, &o, done, arg);
	saved = errno;
	free(argv);
	errno = saved;
	return rc;
}

static void
notify_job_done(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	struct notify_job *j = arg;

	LIST_REMOVE(j, entry);
	notify_njobs--;
	free(j);
}

int
notify_script_exec(struct ev_loop *l, const struct script_conf *sc,
    const char *const extra[])
{
	struct notify_job *j = xcalloc(1, sizeof(*j));
	int saved;

	if (notify_script_run(l, &j->proc, sc, extra, 0, notify_job_done,
	    j) == -1) {
		saved = errno;
		free(j);
		errno = saved;
		return -1;
	}
	j->loop = l;
	LIST_INSERT_HEAD(&notify_jobs, j, entry);
	notify_njobs++;
	return 0;
}

size_t
notify_script_pending(void)
{
	return notify_njobs;
}

void
notify_script_abandon_all(struct ev_loop *l)
{
	struct notify_job *j;

	while ((j = LIST_FIRST(&notify_jobs)) != NULL) {
		spawn_abandon(j->loop, &j->proc);
		LIST_REMOVE(j, entry);
		notify_njobs--;
		free(j);
	}
}

/* --- FIFO --------------------------------------------------------------- */

void
notify_fifo_init(struct notify_fifo *f)
{
	f->fd = -1;
	f->path = NULL;
	f->created = false;
	f->lines = f->dropped = 0;
	f->job = NULL;
}

/* A FIFO's script: lives until reaped, even after its FIFO is closed. */
struct notify_fifo_job {
	struct spawn_proc	 proc;
	struct ev_loop		*loop;
	struct notify_fifo	*fifo;		/* NULL once detached */
	char			 who[8];
};

static void
notify_fifo_job_done(struct spawn_proc *p, int status, bool timed_out,
    void *arg)
{
	struct notify_fifo_job *j = arg;

	log_info("%s notify fifo script terminated", j->who);
	if (j->fifo != NULL)
		j->fifo->job = NULL;
	free(j);
}

static void
notify_fifo_run_script(struct notify_fifo *f, struct ev_loop *l,
    const struct script_conf *sc, const char *path, const char *who)
{
	struct notify_fifo_job *j;
	const char *extra[2] = { path, NULL };

	if (sc == NULL || sc->disabled)
		return;
	j = xcalloc(1, sizeof(*j));
	j->loop = l;
	snprintf(j->who, sizeof(j->who), "%s", who);
	if (notify_script_run(l, &j->proc, sc, extra, 0, notify_fifo_job_done,
	    j) == -1) {
		log_warn("Cannot run %s notify fifo script %s", who, sc->cmd);
		free(j);
		return;
	}
	j->fifo = f;
	f->job = j;
}

static void
notify_fifo_owner(const struct global_notify_fifo *g, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	struct group *gr;

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (g->user != NULL && (pw = getpwnam(g->user)) != NULL) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	}
	if (g->group != NULL && (gr = getgrnam(g->group)) != NULL)
		*gid = gr->gr_gid;
}

int
notify_fifo_start(struct notify_fifo *f, struct ev_loop *l,
    const struct global_notify_fifo *g, const char *type, const char *who)
{
	uid_t uid;
	gid_t gid;

	notify_fifo_close(f);
	if (g->name == NULL)
		return -1;
	notify_fifo_owner(g, &uid, &gid);
	if (mkfifo(g->name, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH) == 0) {
		f->created = true;
		if (((uid != (uid_t)-1 && uid != geteuid()) ||
		    (gid != (gid_t)-1 && gid != getegid())) &&
		    chown(g->name, uid, gid) == -1)
			log_info("Failed to set uid:gid for fifo %s", g->name);
	} else if (errno != EEXIST) {
		log_info("Unable to create %snotify fifo %s", type, g->name);
		return -1;
	}
	notify_fifo_run_script(f, l, g->script, g->name, who);
	f->fd = open(g->name, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (f->fd == -1) {
		log_info("Unable to open %snotify fifo %s - errno %d", type,
		    g->name, errno);
		if (f->created)
			unlink(g->name);
		f->created = false;
		return -1;
	}
	f->path = xstrdup(g->name);
	return 0;
}

void
notify_fifo_script_stop(struct notify_fifo *f)
{
	struct notify_fifo_job *j = f->job;

	if (j == NULL)
		return;
	j->fifo = NULL;
	f->job = NULL;
	if (spawn_running(&j->proc))
		spawn_kill(j->loop, &j->proc);
}

bool
notify_fifo_script_running(const struct notify_fifo *f)
{
	return f->job != NULL;
}

int
notify_fifo_open(struct notify_fifo *f, const char *path, uid_t uid,
    gid_t gid)
{
	int saved;

	notify_fifo_close(f);
	if (mkfifo(path, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH) == 0)
		f->created = true;
	else if (errno != EEXIST)
		return -1;
	if (f->created && ((uid != (uid_t)-1 && uid != geteuid()) ||
	    (gid != (gid_t)-1 && gid != getegid())) &&
	    chown(path, uid, gid) == -1)
		goto fail;
	f->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (f->fd == -1)
		goto fail;
	f->path = xstrdup(path);
	return 0;
fail:
	saved = errno;
	if (f->created)
		unlink(path);
	f->created = false;
	errno = saved;
	return -1;
}

void
notify_fifo_close(struct notify_fifo *f)
{
	notify_fifo_script_stop(f);
	if (f->created && f->path != NULL)
		unlink(f->path);
	if (f->fd != -1)
		close(f->fd);
	free(f->path);
	f->fd = -1;
	f->path = NULL;
	f->created = false;
}

int
notify_fifo_write(struct notify_fifo *f, const char *line, size_t len)
{
	ssize_t n;

	if (f->fd == -1) {
		errno = EBADF;
		return -1;
	}
	if (len > PIPE_BUF) {
		errno = EMSGSIZE;
		f->dropped++;
		return -1;
	}
	do
		n = write(f->fd, line, len);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)len) {
		if (n >= 0)
			errno = EIO;	/* not a FIFO: a short write */
		f->dropped++;
		return -1;
	}
	f->lines++;
	return 0;
}

/* --- line formatters ------------------------------------------------------ */

static int	notify_fmt(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
notify_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = EMSGSIZE;
		return -1;
	}
	return n;
}

int
notify_fmt_vrrp(char *buf, size_t size, bool group, const char *name,
    const char *state, int prio)
{
	return notify_fmt(buf, size, "%s \"%s\" %s %d\n",
	    group ? "GROUP" : "INSTANCE", name, state, group ? 0 : prio);
}

int
notify_fmt_vs(char *buf, size_t size, const char *vs, bool up)
{
	return notify_fmt(buf, size, "VS %s %s\n", vs, up ? "UP" : "DOWN");
}

int
notify_fmt_rs(char *buf, size_t size, const char *rs, const char *vs,
    bool up)
{
	return notify_fmt(buf, size, "RS %s %s %s\n", rs, vs,
	    up ? "UP" : "DOWN");
}
