/*
 * track_file: tracked files followed with inotify on their directories,
 * shared by the VRRP child (track_file) and the checker (FILE_CHECK).
 * See track_file.h for the rules of the value.  The watcher decides
 * what an event means and logs what keepalived logs there (an invalid
 * number, an unknown event); tfile_follow() logs the start-up problems.
 */
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "track_file.h"
#include "xalloc.h"

#define TFILE_EVENTS	(IN_CLOSE_WRITE | IN_DELETE | IN_MOVE)

int
tfile_parse(const char *buf, size_t len, int64_t *value)
{
	char text[TFILE_READ_MAX + 1];
	long long v;

	if (len > TFILE_READ_MAX)
		len = TFILE_READ_MAX;
	memcpy(text, buf, len);
	text[len] = '\0';
	errno = 0;
	v = strtoll(text, NULL, 0);
	*value = v;
	if (errno == ERANGE || v < INT32_MIN || v > (long long)INT32_MAX + 1) {
		errno = ERANGE;
		return -1;
	}
	return 0;
}

int
tfile_read(const char *path, int64_t *value)
{
	char buf[TFILE_READ_MAX];
	ssize_t n;
	int fd;

	*value = 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return 0;
	return tfile_parse(buf, (size_t)n, value);
}

/* Write "value\n" to a new temporary file beside path, renamed over it. */
static int
tfile_write(const char *path, long value)
{
	char tmp[PATH_MAX], text[32];
	mode_t mask;
	int fd, len, rc = -1, saved;

	if (snprintf(tmp, sizeof(tmp), "%sXXXXXX", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return -1;
	mask = umask(0);
	umask(mask);
	len = snprintf(text, sizeof(text), "%ld\n", value);
	if (fchmod(fd, 0666 & ~mask) == 0 &&
	    write(fd, text, (size_t)len) == len && rename(tmp, path) == 0)
		rc = 0;
	saved = errno;
	if (rc == -1)
		unlink(tmp);
	close(fd);
	errno = saved;
	return rc;
}

enum tfile_init_result
tfile_init(const char *path, long value, bool overwrite, bool reload)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		if (!overwrite)
			return TFILE_INIT_KEPT;
		if (!S_ISREG(st.st_mode))
			return TFILE_INIT_NOT_REGULAR;
		if (reload)
			return TFILE_INIT_KEPT;
	}
	if (tfile_write(path, value) == -1)
		return TFILE_INIT_FAILED;
	return TFILE_INIT_WRITTEN;
}

/* The real path of path's directory joined with its last name. */
static int
tfile_resolve_dir(const char *path, char *out, size_t outlen)
{
	char dir[PATH_MAX], rdir[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base;
	struct stat st;

	if (slash == NULL) {
		snprintf(dir, sizeof(dir), ".");
		base = path;
	} else {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		base = slash + 1;
		if (slash == path)
			snprintf(dir, sizeof(dir), "/");
	}
	if (realpath(dir, rdir) == NULL || stat(rdir, &st) == -1 ||
	    !S_ISDIR(st.st_mode)) {
		errno = ENOENT;
		return -1;
	}
	if (snprintf(out, outlen, "%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir,
	    base) >= (int)outlen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
tfile_resolve(const char *path, char *out, size_t outlen, bool *exists)
{
	char buf[PATH_MAX];

	*exists = false;
	if (realpath(path, buf) != NULL) {
		*exists = true;
		if (snprintf(out, outlen, "%s", buf) >= (int)outlen) {
			errno = ENAMETOOLONG;
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT)
		return -1;
	return tfile_resolve_dir(path, out, outlen);
}

/* --- the watcher ---------------------------------------------------------- */

static void
tfile_set(struct tfile *tf, int64_t v)
{
	if (v == tf->value)
		return;
	tf->value = v;
	if (tf->cb != NULL)
		tf->cb(tf, tf->arg);
}

static void
tfile_reread(struct tfile *tf)
{
	int64_t v;

	if (tfile_read(tf->real, &v) == -1) {
		log_info("Invalid number %lld read from %s - ignoring",
		    (long long)v, tf->real);
		return;
	}
	tfile_set(tf, v);
}

/* One event: every file it names (a callback may delete its own). */
static void
tfile_event(struct tfile_watch *w, const struct inotify_event *ev)
{
	struct tfile *tf, *nx;

	w->nevents++;
	if (ev->mask & IN_Q_OVERFLOW) {
		/* Events were lost: read every file again. */
		for (tf = TAILQ_FIRST(&w->files); tf != NULL; tf = nx) {
			nx = TAILQ_NEXT(tf, next);
			if (tf->wd != -1)
				tfile_reread(tf);
		}
		return;
	}
	if (ev->mask & IN_ISDIR)
		return;
	if (!(ev->mask & TFILE_EVENTS)) {
		log_info("Unknown inotify event 0x%x", ev->mask);
		return;
	}
	if (ev->len == 0)
		return;
	for (tf = TAILQ_FIRST(&w->files); tf != NULL; tf = nx) {
		nx = TAILQ_NEXT(tf, next);
		if (tf->wd != ev->wd || strcmp(tf->base, ev->name) != 0)
			continue;
		if (ev->mask & (IN_MOVED_FROM | IN_DELETE))
			tfile_set(tf, 0);
		else
			tfile_reread(tf);
	}
}

static void
tfile_io(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct tfile_watch *w = io->arg;
	char buf[4096] __attribute__((aligned(__alignof__(
	    struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	size_t off;

	for (;;) {
		n = read(w->fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			if (errno != EAGAIN)
				log_info("inotify read() returned error %d - %s",
				    errno, strerror(errno));
			return;
		}
		for (off = 0; off + sizeof(*ev) <= (size_t)n;
		    off += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			if (off + sizeof(*ev) + ev->len > (size_t)n)
				break;
			tfile_event(w, ev);
			/* A callback may have closed the watcher. */
			if (w->fd == -1)
				return;
		}
	}
}

void
tfile_watch_init(struct tfile_watch *w, struct ev_loop *loop)
{
	memset(w, 0, sizeof(*w));
	w->loop = loop;
	w->fd = -1;
	TAILQ_INIT(&w->files);
}

static int
tfile_watch_open(struct tfile_watch *w)
{
	if (w->fd != -1)
		return 0;
	if ((w->fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1)
		return -1;
	ev_io_init(&w->io, w->fd, EPOLLIN, tfile_io, w);
	if (ev_io_start(w->loop, &w->io) == -1) {
		close(w->fd);
		w->fd = -1;
		return -1;
	}
	return 0;
}

static void
tfile_free(struct tfile *tf)
{
	free(tf->name);
	free(tf->path);
	free(tf->real);
	free(tf);
}

void
tfile_watch_del(struct tfile_watch *w, struct tfile *tf)
{
	struct tfile *o;

	TAILQ_REMOVE(&w->files, tf, next);
	TAILQ_FOREACH(o, &w->files, next)
		if (o->wd == tf->wd)
			break;
	/* A directory's watch is shared by the files in it. */
	if (o == NULL && tf->wd != -1 && w->fd != -1)
		inotify_rm_watch(w->fd, tf->wd);
	tfile_free(tf);
}

void
tfile_watch_close(struct tfile_watch *w)
{
	if (w->fd != -1)
		ev_io_stop(w->loop, &w->io);
	tfile_watch_forget(w);
}

void
tfile_watch_forget(struct tfile_watch *w)
{
	struct tfile *tf;

	while ((tf = TAILQ_FIRST(&w->files)) != NULL) {
		TAILQ_REMOVE(&w->files, tf, next);
		tfile_free(tf);
	}
	if (w->fd != -1)
		close(w->fd);
	w->fd = -1;
}

static struct tfile *
tfile_new(const char *name, const char *path, const char *real)
{
	struct tfile *tf = xcalloc(1, sizeof(*tf));
	const char *slash;

	tf->name = xstrdup(name);
	tf->path = xstrdup(path);
	tf->real = xstrdup(real);
	slash = strrchr(tf->real, '/');
	tf->base = slash != NULL ? slash + 1 : tf->real;
	tf->wd = -1;
	return tf;
}

struct tfile *
tfile_watch_add(struct tfile_watch *w, const char *name, const char *path,
    const char *real, bool exists, tfile_cb cb, void *arg)
{
	struct tfile *tf;
	char *dir;
	size_t dlen;

	if (tfile_watch_open(w) == -1)
		return NULL;
	tf = tfile_new(name, path, real);
	dlen = (size_t)(tf->base - tf->real);
	dir = xstrdup(tf->real);
	dir[dlen > 1 ? dlen - 1 : dlen] = '\0';
	tf->wd = inotify_add_watch(w->fd, dir, TFILE_EVENTS);
	free(dir);
	if (tf->wd == -1) {
		tfile_free(tf);
		return NULL;
	}
	if (exists && tfile_read(tf->real, &tf->value) == -1) {
		log_info("Invalid number %lld read from %s - ignoring",
		    (long long)tf->value, tf->real);
		tf->value = 0;
	}
	tf->cb = cb;
	tf->arg = arg;
	TAILQ_INSERT_TAIL(&w->files, tf, next);
	return tf;
}

struct tfile *
tfile_watch_find(struct tfile_watch *w, const char *name, const char *path)
{
	struct tfile *tf;

	TAILQ_FOREACH(tf, &w->files, next)
		if (strcmp(tf->name, name) == 0 && strcmp(tf->path, path) == 0)
			return tf;
	return NULL;
}

void
tfile_conf_init(const struct vrrp_track_file_conf *c, bool reload)
{
	if (!c->init_file)
		return;
	switch (tfile_init(c->path, c->init_value, c->init_overwrite,
	    reload)) {
	case TFILE_INIT_NOT_REGULAR:
		log_info("Cannot initialise track file %s - it is not a "
		    "regular file", c->name);
		break;
	case TFILE_INIT_FAILED:
		log_info("Unable to open '%s' - errno %d (%s)", c->path,
		    errno, strerror(errno));
		log_info("Unable to initialise track file %s", c->name);
		break;
	default:
		break;
	}
}

struct tfile *
tfile_follow(struct tfile_watch *w, const struct vrrp_track_file_conf *c,
    tfile_cb cb, void *arg)
{
	char real[PATH_MAX];
	struct tfile *tf;
	bool exists;

	if (tfile_resolve(c->path, real, sizeof(real), &exists) == -1) {
		if (errno == ENOENT)
			log_info("Track file directory for %s does not exist - "
			    "removing", c->name);
		else
			log_info("track file %s is not accessible - ignoring",
			    c->name);
		/* Remembered unfollowed, so that it is said once. */
		tf = tfile_new(c->name, c->path, c->path);
		TAILQ_INSERT_TAIL(&w->files, tf, next);
		return tf;
	}
	if ((tf = tfile_watch_add(w, c->name, c->path, real, exists, cb,
	    arg)) == NULL)
		log_warn("Unable to monitor track files");
	return tf;
}
