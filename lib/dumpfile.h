/*
 * dumpfile: the state dump files written on signals (keepalived.data,
 * keepalived.stats, ...), created safely.
 *
 * keepalived 2.2.7 fixed CVE-2018-19044 class bugs by refusing symlinks.
 * Here a dump is written to a new file made with O_CREAT|O_EXCL|
 * O_NOFOLLOW under a random name in the same directory, mode 0600, and
 * then rename()d over the target.  A symlink planted at the target name
 * is replaced, never followed; a file someone else planted is replaced,
 * never written into; a reader sees the old or the new file, never half.
 */
#ifndef VIGIL_DUMPFILE_H
#define VIGIL_DUMPFILE_H

#include <limits.h>
#include <stdio.h>

struct dumpfile {
	FILE	*fp;			/* write the dump here */
	char	 path[PATH_MAX];	/* target */
	char	 tmp[PATH_MAX];		/* temporary, in the same dir */
};

/* $TMPDIR if it is an absolute path, else "/tmp". */
const char *dumpfile_dir(void);

/*
 * The target for name ("keepalived.data") in dumpfile_dir().  With a
 * netns and/or an instance name (data_use_instance), keepalived inserts
 * ".<netns>[_<instance>]" before the extension.  buf or NULL.
 */
char	*dumpfile_path(char *buf, size_t len, const char *name,
	    const char *netns, const char *instance);

/* Start a dump to path.  0, or -1 with errno. */
int	dumpfile_open(struct dumpfile *, const char *path);
/* Flush, fsync-free close and rename over the target.  0 or -1. */
int	dumpfile_commit(struct dumpfile *);
/* Give up: close and remove the temporary file. */
void	dumpfile_abort(struct dumpfile *);

#endif
