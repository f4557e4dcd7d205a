/*
 * test_pidfile: pid files (content, mode, O_NOFOLLOW, live / stale /
 * garbled detection) and dump files created safely against planted
 * symlinks and files (the CVE-2018-19044 class), on a real directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "dumpfile.h"
#include "pidfile.h"

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vigil-pidfile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Entries left in dir, each removed when unlink_them. */
static int
dir_entries(bool unlink_them)
{
	char p[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int n = 0;

	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n++;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (unlink_them)
			unlink(p);
	}
	closedir(d);
	return n;
}

static void
teardown(void)
{
	/* The test's files are flat in the directory mkdtemp made. */
	dir_entries(true);
	ck_assert_int_eq(rmdir(dir), 0);
}

static void
path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static size_t
slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, len - 1);
	close(fd);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	return (size_t)n;
}

START_TEST(test_write_content_mode)
{
	char p[PATH_MAX], buf[64];
	struct stat st;
	mode_t old = umask(0177);

	path_in(p, sizeof(p), "keepalived.pid");
	ck_assert_int_eq(pidfile_write(p, 4242), 0);
	umask(old);
	slurp(p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "4242\n");
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	/* Rewriting truncates. */
	ck_assert_int_eq(pidfile_write(p, 7), 0);
	slurp(p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "7\n");
	ck_assert_int_eq(pidfile_remove(p), 0);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(pidfile_remove(p), 0);	/* absent is fine */
}
END_TEST

START_TEST(test_write_refuses_symlink)
{
	char p[PATH_MAX], target[PATH_MAX], buf[64];

	path_in(p, sizeof(p), "vrrp.pid");
	path_in(target, sizeof(target), "victim");
	ck_assert_int_eq(symlink(target, p), 0);
	ck_assert_int_eq(pidfile_write(p, 1), -1);
	ck_assert_int_eq(errno, ELOOP);
	ck_assert_int_eq(access(target, F_OK), -1);	/* never created */
	ck_assert_int_eq(readlink(p, buf, sizeof(buf)) > 0, 1);
}
END_TEST

START_TEST(test_parse)
{
	pid_t pid;

	ck_assert_int_eq(pidfile_parse("123\n", 4, &pid), 0);
	ck_assert_int_eq(pid, 123);
	ck_assert_int_eq(pidfile_parse("123", 3, &pid), 0);
	ck_assert_int_eq(pidfile_parse("", 0, &pid), -1);
	ck_assert_int_eq(pidfile_parse("\n", 1, &pid), -1);
	ck_assert_int_eq(pidfile_parse("12a\n", 4, &pid), -1);
	ck_assert_int_eq(pidfile_parse("-5\n", 3, &pid), -1);
	ck_assert_int_eq(pidfile_parse("0\n", 2, &pid), -1);
	ck_assert_int_eq(pidfile_parse("99999999999\n", 12, &pid), -1);
}
END_TEST

START_TEST(test_check_states)
{
	char p[PATH_MAX];
	pid_t pid = 0, dead;
	int fd;

	path_in(p, sizeof(p), "keepalived.pid");
	ck_assert_int_eq(pidfile_check(p, &pid), PIDFILE_ABSENT);
	ck_assert_int_eq(pidfile_write(p, getpid()), 0);
	ck_assert_int_eq(pidfile_check(p, &pid), PIDFILE_LIVE);
	ck_assert_int_eq(pid, getpid());
	/* A pid that surely is gone: a child we reaped. */
	dead = fork();
	ck_assert_int_ge(dead, 0);
	if (dead == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(dead, NULL, 0), dead);
	ck_assert_int_eq(pidfile_write(p, dead), 0);
	ck_assert_int_eq(pidfile_check(p, &pid), PIDFILE_STALE);
	ck_assert_int_eq(pid, dead);
	fd = open(p, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "garbage\n", 8), 8);
	close(fd);
	ck_assert_int_eq(pidfile_check(p, &pid), PIDFILE_BAD);
}
END_TEST

START_TEST(test_names)
{
	char buf[PATH_MAX];

	ck_assert_str_eq(pidfile_name(buf, sizeof(buf), "/run", "vrrp",
	    NULL), "/run/vrrp.pid");
	ck_assert_str_eq(pidfile_name(buf, sizeof(buf), "/run/keepalived",
	    "checkers", "lb1"), "/run/keepalived/checkers_lb1.pid");
	ck_assert_ptr_null(pidfile_name(buf, 8, "/run", "keepalived", NULL));
}
END_TEST

/* --- dump files ------------------------------------------------------- */

START_TEST(test_dump_dir_and_names)
{
	char buf[PATH_MAX];

	setenv("TMPDIR", "relative/dir", 1);
	ck_assert_str_eq(dumpfile_dir(), "/tmp");
	setenv("TMPDIR", dir, 1);
	ck_assert_str_eq(dumpfile_dir(), dir);
	ck_assert_ptr_nonnull(dumpfile_path(buf, sizeof(buf),
	    "keepalived.data", NULL, NULL));
	ck_assert(strstr(buf, "/keepalived.data") != NULL);
	dumpfile_path(buf, sizeof(buf), "keepalived.data", "ns1", "lb");
	ck_assert(strstr(buf, "/keepalived.ns1_lb.data") != NULL);
	dumpfile_path(buf, sizeof(buf), "keepalived.stats", NULL, "lb");
	ck_assert(strstr(buf, "/keepalived.lb.stats") != NULL);
	unsetenv("TMPDIR");
}
END_TEST

static void
dump_hello(const char *path)
{
	struct dumpfile df;

	ck_assert_int_eq(dumpfile_open(&df, path), 0);
	fprintf(df.fp, "hello\n");
	ck_assert_int_eq(dumpfile_commit(&df), 0);
}

START_TEST(test_dump_mode)
{
	char p[PATH_MAX], buf[64];
	struct stat st;
	mode_t old = umask(0);

	path_in(p, sizeof(p), "keepalived.data");
	dump_hello(p);
	umask(old);
	slurp(p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\n");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0600);
}
END_TEST

START_TEST(test_dump_planted_symlink)
{
	char p[PATH_MAX], victim[PATH_MAX], buf[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	path_in(p, sizeof(p), "keepalived.data");
	path_in(victim, sizeof(victim), "victim");
	fd = open(victim, O_WRONLY | O_CREAT, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "precious\n", 9), 9);
	close(fd);
	ck_assert_int_eq(symlink(victim, p), 0);

	dump_hello(p);

	/* The victim is untouched and still 0644 ... */
	slurp(victim, buf, sizeof(buf));
	ck_assert_str_eq(buf, "precious\n");
	ck_assert_int_eq(stat(victim, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	/* ... and the planted link was replaced, not followed. */
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	slurp(p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\n");
	n = readlink(p, buf, sizeof(buf));
	ck_assert_int_eq(n, -1);
}
END_TEST

START_TEST(test_dump_planted_file)
{
	char p[PATH_MAX], buf[64];
	struct stat before, after;
	int fd;

	/* A file planted with wide permissions is replaced by a new inode,
	 * never written into (its opener would see our data). */
	path_in(p, sizeof(p), "keepalived.stats");
	fd = open(p, O_WRONLY | O_CREAT, 0666);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, 0666), 0);
	ck_assert_int_eq(fstat(fd, &before), 0);
	dump_hello(p);
	ck_assert_int_eq(fstat(fd, &after), 0);
	ck_assert_int_eq(after.st_size, 0);	/* the planter sees nothing */
	close(fd);
	ck_assert_int_eq(stat(p, &after), 0);
	ck_assert(after.st_ino != before.st_ino);
	ck_assert_int_eq(after.st_mode & 07777, 0600);
	slurp(p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\n");
}
END_TEST

START_TEST(test_dump_abort_leaves_nothing)
{
	char p[PATH_MAX];
	struct dumpfile df;

	path_in(p, sizeof(p), "keepalived.json");
	ck_assert_int_eq(dumpfile_open(&df, p), 0);
	fprintf(df.fp, "[]\n");
	dumpfile_abort(&df);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(access(df.tmp, F_OK), -1);
	ck_assert_int_eq(dir_entries(false), 0);	/* nothing left over */
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pidfile");
	TCase *tp = tcase_create("pidfile");
	TCase *td = tcase_create("dumpfile");

	tcase_add_checked_fixture(tp, setup, teardown);
	tcase_add_test(tp, test_write_content_mode);
	tcase_add_test(tp, test_write_refuses_symlink);
	tcase_add_test(tp, test_parse);
	tcase_add_test(tp, test_check_states);
	tcase_add_test(tp, test_names);
	suite_add_tcase(s, tp);
	tcase_add_checked_fixture(td, setup, teardown);
	tcase_add_test(td, test_dump_dir_and_names);
	tcase_add_test(td, test_dump_mode);
	tcase_add_test(td, test_dump_planted_symlink);
	tcase_add_test(td, test_dump_planted_file);
	tcase_add_test(td, test_dump_abort_leaves_nothing);
	suite_add_tcase(s, td);
	return unit_run(&s, 1);
}
