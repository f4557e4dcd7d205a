/*
 * notify: configured scripts with extra arguments, and FIFO lines.
 *
 * The argv handed to spawn is a temporary array of pointers into the
 * configuration and the caller's strings: the child has its own copy
 * after fork, so it is freed as soon as spawn_start returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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
