/*
 * pidfile: keepalived's pid files.
 *
 * A pid file holds "<pid>\n" and is created 0644 with O_NOFOLLOW, so a
 * symlink planted at its name is never followed.  pidfile_check() tells
 * the caller what an existing file says; the caller decides (and logs)
 * what to do about it, as keepalived's keepalived_running() does.
 */
#ifndef VIGIL_PIDFILE_H
#define VIGIL_PIDFILE_H

#include <stddef.h>
#include <sys/types.h>

enum pidfile_state {
	PIDFILE_ABSENT,		/* no file */
	PIDFILE_LIVE,		/* names a process that exists */
	PIDFILE_STALE,		/* names a process that is gone */
	PIDFILE_BAD		/* unreadable or not a pid */
};

/* Write "<pid>\n" to path, mode 0644 whatever the umask.  0 or -1. */
int	pidfile_write(const char *path, pid_t pid);
/* Parse pid file contents: "<digits>[\n]".  0 or -1 (EINVAL). */
int	pidfile_parse(const char *text, size_t len, pid_t *pid);
/* What the file at path says; *pid is set for LIVE and STALE. */
enum pidfile_state pidfile_check(const char *path, pid_t *pid);
/* Remove path; a missing file is not an error.  0 or -1. */
int	pidfile_remove(const char *path);
/*
 * keepalived's name for a pid file: dir/base[_instance].pid.  Returns
 * buf, or NULL (ENAMETOOLONG).
 */
char	*pidfile_name(char *buf, size_t len, const char *dir,
	    const char *base, const char *instance);

#endif
