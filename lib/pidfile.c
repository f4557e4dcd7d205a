/*
 * pidfile: create, read and remove pid files.  No logging: the daemon
 * decides what a stale or garbled file means and says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"

#define PIDFILE_MAX	32	/* more than any "<pid>\n" */

int
pidfile_write(const char *path, pid_t pid)
{
	char buf[PIDFILE_MAX];
	int fd, n, rc = -1;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1)
		return -1;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	/* keepalived's pid files are 0644 even under its 0177 umask. */
	if (fchmod(fd, 0644) == -1)
		goto out;
	if (write(fd, buf, (size_t)n) != n)
		goto out;
	rc = 0;
out:
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

int
pidfile_parse(const char *text, size_t len, pid_t *pid)
{
	long v = 0;
	size_t i;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len == 0 || len > 10)
		goto bad;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			goto bad;
		v = v * 10 + (text[i] - '0');
	}
	if (v <= 0 || v > INT32_MAX)
		goto bad;
	*pid = (pid_t)v;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

enum pidfile_state
pidfile_check(const char *path, pid_t *pid)
{
	char buf[PIDFILE_MAX];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? PIDFILE_ABSENT : PIDFILE_BAD;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0 || pidfile_parse(buf, (size_t)n, pid) == -1)
		return PIDFILE_BAD;
	/* As keepalived: any process with that pid counts (EPERM too). */
	if (kill(*pid, 0) == 0 || errno == EPERM)
		return PIDFILE_LIVE;
	return PIDFILE_STALE;
}

int
pidfile_remove(const char *path)
{
	if (unlink(path) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

char *
pidfile_name(char *buf, size_t len, const char *dir, const char *base,
    const char *instance)
{
	int n;

	n = snprintf(buf, len, "%s/%s%s%s.pid", dir, base,
	    instance != NULL ? "_" : "", instance != NULL ? instance : "");
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return buf;
}
