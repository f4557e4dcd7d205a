/*
 * dumpfile: write-to-temporary-then-rename for the dump files.  The
 * temporary name is random so that nobody can plant it in advance, and
 * O_EXCL|O_NOFOLLOW make a planted one an error instead of a target.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dumpfile.h"

#define DUMPFILE_TRIES	16

const char *
dumpfile_dir(void)
{
	const char *d = getenv("TMPDIR");

	return d != NULL && d[0] == '/' ? d : "/tmp";
}

char *
dumpfile_path(char *buf, size_t len, const char *name, const char *netns,
    const char *instance)
{
	const char *dot = strrchr(name, '.');
	int n, base;

	if ((netns == NULL && instance == NULL) || dot == NULL)
		n = snprintf(buf, len, "%s/%s", dumpfile_dir(), name);
	else {
		base = (int)(dot - name);
		n = snprintf(buf, len, "%s/%.*s.%s%s%s%s", dumpfile_dir(),
		    base, name, netns != NULL ? netns : "",
		    netns != NULL && instance != NULL ? "_" : "",
		    instance != NULL ? instance : "", dot);
	}
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return buf;
}

/* A new file at "<path>.XXXXXXXXXXXXXXXX" that nobody else had. */
static int
tmp_create(struct dumpfile *df)
{
	uint64_t r;
	int fd, i, n;

	for (i = 0; i < DUMPFILE_TRIES; i++) {
		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			return -1;
		n = snprintf(df->tmp, sizeof(df->tmp), "%s.%016llx",
		    df->path, (unsigned long long)r);
		if (n < 0 || (size_t)n >= sizeof(df->tmp)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open(df->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int
dumpfile_open(struct dumpfile *df, const char *path)
{
	int fd, n;

	memset(df, 0, sizeof(*df));
	n = snprintf(df->path, sizeof(df->path), "%s", path);
	if (n < 0 || (size_t)n >= sizeof(df->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = tmp_create(df)) == -1)
		return -1;
	/* 0600 regardless of the umask: dumps may hold passwords. */
	if (fchmod(fd, 0600) == -1 || (df->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(df->tmp);
		return -1;
	}
	return 0;
}

int
dumpfile_commit(struct dumpfile *df)
{
	int err = 0;

	if (fflush(df->fp) == EOF || ferror(df->fp))
		err = errno ? errno : EIO;
	if (fclose(df->fp) == EOF && err == 0)
		err = errno;
	df->fp = NULL;
	if (err == 0 && rename(df->tmp, df->path) == -1)
		err = errno;
	if (err != 0) {
		unlink(df->tmp);
		errno = err;
		return -1;
	}
	return 0;
}

void
dumpfile_abort(struct dumpfile *df)
{
	if (df->fp != NULL)
		fclose(df->fp);
	df->fp = NULL;
	unlink(df->tmp);
}
