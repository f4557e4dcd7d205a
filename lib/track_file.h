/*
 * track_file: follow the integer held in a tracked file (keepalived's
 * track_file block), for the VRRP child's track_file and the checker's
 * FILE_CHECK alike.
 *
 * As keepalived 2.2.7 does, each file is followed with inotify on its
 * directory (IN_CLOSE_WRITE, IN_DELETE, IN_MOVE), so an editor's
 * write-to-temporary-then-rename, a delete and a re-create are all
 * seen: a file written or moved in is read again, a file deleted or
 * moved away counts as 0.  The value is the first number of the file's
 * first 127 bytes (strtol, base 0); missing, unreadable, empty or
 * garbage is 0; a number outside [-2^31, 2^31] is logged and ignored
 * (the last value stays).  When the kernel's event queue overflowed,
 * every file is read again (keepalived logs an unknown event and
 * misses the change).
 *
 * tfile_parse() is pure; tfile_read(), tfile_init() and tfile_resolve()
 * are plain I/O; tfile_watch is the inotify watcher on an event loop.
 * tfile_follow() puts them together with keepalived's log lines.
 */
#ifndef VIGIL_TRACK_FILE_H
#define VIGIL_TRACK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "evloop.h"

struct vrrp_track_file_conf;

#define TFILE_READ_MAX	127	/* keepalived reads this much */

/*
 * The value of a file's first len bytes.  0 with *value set (0 for an
 * empty or non-numeric text); -1 with errno ERANGE when the number is
 * out of range, *value then holds what was read (for the log).
 */
int	tfile_parse(const char *buf, size_t len, int64_t *value);

/* Read path's value as tfile_parse; a file that cannot be opened or
 * read is 0.  -1 (ERANGE) only for an out of range number. */
int	tfile_read(const char *path, int64_t *value);

/* init_file VALUE [overwrite]: the outcome of tfile_init(). */
enum tfile_init_result {
	TFILE_INIT_KEPT,	/* left as it was */
	TFILE_INIT_WRITTEN,	/* "VALUE\n" written */
	TFILE_INIT_NOT_REGULAR,	/* overwrite refused: not a regular file */
	TFILE_INIT_FAILED	/* could not write (errno) */
};

/*
 * keepalived's init_file: write "VALUE\n" to path when it does not
 * exist, or with overwrite when it is a regular file and this is not a
 * reload.  Written to a temporary file in the same directory, mode
 * 0666 less the umask, renamed over path.
 */
enum tfile_init_result tfile_init(const char *path, long value,
	    bool overwrite, bool reload);

/*
 * keepalived's resolution of a tracked file: the real path of the
 * file, or of its directory joined with its name when the file does
 * not exist yet.  0 (*exists tells which), or -1: errno ENOENT when the
 * directory does not exist (or is not a directory), another errno when
 * the file cannot be reached.
 */
int	tfile_resolve(const char *path, char *out, size_t outlen,
	    bool *exists);

struct tfile;
/* The value of a followed file changed (tf->value holds it). */
typedef void (*tfile_cb)(struct tfile *, void *arg);

/* One followed file.  name and path are the watcher's own copies. */
struct tfile {
	TAILQ_ENTRY(tfile) next;
	char		*name;		/* the track_file's name */
	char		*path;		/* as configured */
	char		*real;		/* resolved */
	const char	*base;		/* in real: the name in its dir */
	int		 wd;		/* -1: not followed */
	int64_t		 value;
	tfile_cb	 cb;
	void		*arg;
};
TAILQ_HEAD(tfile_list, tfile);

/* One inotify descriptor on a loop, for any number of files. */
struct tfile_watch {
	struct ev_loop	*loop;
	int		 fd;		/* -1 until the first file */
	struct ev_io	 io;
	struct tfile_list files;
	unsigned	 nevents;	/* inotify events seen (tests) */
};

void	tfile_watch_init(struct tfile_watch *, struct ev_loop *);
/* Forget (and free) every file and close the descriptor. */
void	tfile_watch_close(struct tfile_watch *);
/* The same when the loop is gone already (it is not touched). */
void	tfile_watch_forget(struct tfile_watch *);
/*
 * Follow the file at real (resolved, see tfile_resolve) as name/path:
 * the directory is watched (opened on first use) and the value read
 * now if the file exists; cb is called on every later change.  The
 * tfile is the watcher's (freed by tfile_watch_del or _close).  NULL
 * with errno when inotify fails.
 */
struct tfile *tfile_watch_add(struct tfile_watch *, const char *name,
	    const char *path, const char *real, bool exists, tfile_cb,
	    void *arg);
void	tfile_watch_del(struct tfile_watch *, struct tfile *);
/* The file followed as name with configured path, or NULL. */
struct tfile *tfile_watch_find(struct tfile_watch *, const char *name,
	    const char *path);

/* The configured init_file of a track_file (tfile_init), its failures
 * logged in keepalived's words; nothing without init_file. */
void	tfile_conf_init(const struct vrrp_track_file_conf *, bool reload);

/*
 * keepalived's start for one tracked track_file (after
 * tfile_conf_init): resolution, then tfile_watch_add, each failure
 * logged in keepalived's words.  A file that cannot be resolved (its
 * directory is missing: keepalived removes the track_file) is kept
 * with wd -1 and value 0, never followed.  NULL when inotify fails.
 */
struct tfile *tfile_follow(struct tfile_watch *,
	    const struct vrrp_track_file_conf *, tfile_cb, void *arg);

#endif
