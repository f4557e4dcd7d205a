/*
 * test_notify: configured scripts run with their extra arguments, as
 * their user, fire and forget; FIFO lines in keepalived's form, written
 * without ever blocking.  Real processes, real FIFOs, the real loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "evloop.h"
#include "notify.h"
#include "script.h"

#define MS		1000ULL
#define SEC		1000000ULL
#define NOBODY		65534

static char tmpdir[64];
static char outpath[128];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_notify.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(chmod(tmpdir, 0777), 0);	/* for uid nobody */
	snprintf(outpath, sizeof(outpath), "%s/out", tmpdir);
	ck_assert_int_eq(setenv("VIGIL_NOTIFY_OUT", outpath, 1), 0);
}

/* Each test starts with no output and no FIFO. */
static void
clean(void)
{
	char path[160];

	unlink(outpath);
	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/link", tmpdir);
	unlink(path);
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	return remove(path);
}

static void
teardown(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* An executable script in tmpdir; path receives its name. */
static void
make_script(const char *name, const char *body, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

static size_t
read_all(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd == -1)
		return 0;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	return (size_t)n;
}

static int ndone, last_status;

static void
done_cb(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	ndone++;
	last_status = status;
}

static void
run_until_done(struct ev_loop *l, int want)
{
	uint64_t end = ev_clock_us() + 10 * SEC;

	while (ndone < want && ev_clock_us() < end)
		ck_assert_int_eq(ev_loop_once(l, 10 * MS), 0);
	ck_assert_int_eq(ndone, want);
}

/* A script_conf as conf_scripts_validate leaves it. */
static void
sc_init(struct script_conf *sc, char **argv, int argc, char *path)
{
	memset(sc, 0, sizeof(*sc));
	sc->keyword = "notify";
	sc->cmd = argv[0];
	sc->argv = argv;
	sc->argc = argc;
	sc->path = path;
	sc->uid = getuid();
	sc->gid = getgid();
}

START_TEST(test_script_extra_args)
{
	char path[256], buf[512], word0[] = "notify.sh", word1[] = "arg one";
	char *argv[] = { word0, word1, NULL };
	const char *extra[] = { "INSTANCE", "VI_1", "MASTER", "100", NULL };
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct script_conf sc;
	char want[512];

	/* $0 shows the resolved path replaced argv[0]; the environment
	 * (VIGIL_NOTIFY_OUT) is inherited. */
	make_script("notify.sh", "printf '%s|' \"$0\" \"$@\" > "
	    "\"$VIGIL_NOTIFY_OUT\"", path, sizeof(path));
	sc_init(&sc, argv, 2, path);
	ndone = 0;
	ck_assert_int_eq(notify_script_run(l, &p, &sc, extra, 5 * SEC,
	    done_cb, NULL), 0);
	run_until_done(l, 1);
	ck_assert(WIFEXITED(last_status) && WEXITSTATUS(last_status) == 0);
	read_all(outpath, buf, sizeof(buf));
	snprintf(want, sizeof(want), "%s|arg one|INSTANCE|VI_1|MASTER|100|",
	    path);
	ck_assert_str_eq(buf, want);

	/* No extra arguments: exactly the configured argv. */
	ck_assert_int_eq(notify_script_run(l, &p, &sc, NULL, 0, done_cb,
	    NULL), 0);
	run_until_done(l, 2);
	read_all(outpath, buf, sizeof(buf));
	snprintf(want, sizeof(want), "%s|arg one|", path);
	ck_assert_str_eq(buf, want);
	ev_loop_free(l);
}
END_TEST

START_TEST(test_script_disabled)
{
	char path[256], word0[] = "x";
	char *argv[] = { word0, NULL };
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct script_conf sc;
	struct stat sb;

	make_script("x", ": > \"$VIGIL_NOTIFY_OUT\"", path, sizeof(path));
	sc_init(&sc, argv, 1, path);
	sc.disabled = true;
	errno = 0;
	ck_assert_int_eq(notify_script_run(l, &p, &sc, NULL, 0, done_cb,
	    NULL), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert(!spawn_running(&p));
	ck_assert_int_eq(notify_script_exec(l, &sc, NULL), -1);
	ck_assert_int_eq(notify_script_pending(), 0);
	ck_assert_int_eq(ev_loop_once(l, 100 * MS), 0);
	ck_assert_int_eq(stat(outpath, &sb), -1);	/* nothing ran */
	ev_loop_free(l);
}
END_TEST

START_TEST(test_script_user)
{
	char path[256], buf[64], word0[] = "id.sh";
	char *argv[] = { word0, NULL };
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct script_conf sc;

	if (geteuid() != 0)
		return;		/* needs root to change ids */
	make_script("id.sh", "echo \"$(id -u):$(id -g):$(id -G)\" > "
	    "\"$VIGIL_NOTIFY_OUT\"", path, sizeof(path));
	sc_init(&sc, argv, 1, path);
	sc.uid = NOBODY;
	sc.gid = NOBODY;
	ndone = 0;
	ck_assert_int_eq(notify_script_run(l, &p, &sc, NULL, 0, done_cb,
	    NULL), 0);
	run_until_done(l, 1);
	read_all(outpath, buf, sizeof(buf));
	ck_assert_str_eq(buf, "65534:65534:65534\n");
	ev_loop_free(l);
}
END_TEST

START_TEST(test_script_exec_detached)
{
	char path[256], buf[512], word0[] = "log.sh";
	char *argv[] = { word0, NULL };
	const char *const states[] = { "MASTER", "BACKUP", "FAULT", "STOP",
	    "DELETED" };
	const char *extra[] = { "INSTANCE", "VI_1", NULL, "100", NULL };
	struct ev_loop *l = ev_loop_new();
	struct script_conf sc;
	uint64_t end;
	char want[64];
	int i;

	make_script("log.sh", "echo \"$*\" >> \"$VIGIL_NOTIFY_OUT\"", path,
	    sizeof(path));
	sc_init(&sc, argv, 1, path);
	for (i = 0; i < 5; i++) {
		extra[2] = states[i];
		ck_assert_int_eq(notify_script_exec(l, &sc, extra), 0);
	}
	ck_assert_int_eq(notify_script_pending(), 5);
	end = ev_clock_us() + 10 * SEC;
	while (notify_script_pending() > 0 && ev_clock_us() < end)
		ck_assert_int_eq(ev_loop_once(l, 10 * MS), 0);
	ck_assert_int_eq(notify_script_pending(), 0);
	read_all(outpath, buf, sizeof(buf));
	for (i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "INSTANCE VI_1 %s 100\n",
		    states[i]);
		ck_assert_msg(strstr(buf, want) != NULL, "missing %s", want);
	}
	ev_loop_free(l);
}
END_TEST

START_TEST(test_script_abandon_all)
{
	char path[256], buf[64], word0[] = "hang.sh";
	char *argv[] = { word0, NULL };
	struct ev_loop *l = ev_loop_new();
	struct script_conf sc;
	uint64_t end;
	pid_t pid = 0;

	make_script("hang.sh", "echo $$ > \"$VIGIL_NOTIFY_OUT.tmp\"; "
	    "mv \"$VIGIL_NOTIFY_OUT.tmp\" \"$VIGIL_NOTIFY_OUT\"; exec sleep 30",
	    path, sizeof(path));
	sc_init(&sc, argv, 1, path);
	ck_assert_int_eq(notify_script_exec(l, &sc, NULL), 0);
	end = ev_clock_us() + 5 * SEC;
	while (ev_clock_us() < end && read_all(outpath, buf, sizeof(buf)) == 0)
		ck_assert_int_eq(ev_loop_once(l, 5 * MS), 0);
	pid = atoi(buf);
	ck_assert_int_gt(pid, 1);
	ck_assert_int_eq(notify_script_pending(), 1);
	notify_script_abandon_all(l);
	ck_assert_int_eq(notify_script_pending(), 0);
	/* SIGKILLed; the loop reaps the unwatched child. */
	end = ev_clock_us() + 5 * SEC;
	while (ev_clock_us() < end && kill(pid, 0) == 0)
		ck_assert_int_eq(ev_loop_once(l, 10 * MS), 0);
	ck_assert(kill(pid, 0) == -1 && errno == ESRCH);
	ev_loop_free(l);
}
END_TEST

/* --- FIFO ------------------------------------------------------------- */

START_TEST(test_fmt)
{
	char buf[128];

	ck_assert_int_eq(notify_fmt_vrrp(buf, sizeof(buf), false, "VI_1",
	    "MASTER", 100), 27);
	ck_assert_str_eq(buf, "INSTANCE \"VI_1\" MASTER 100\n");
	notify_fmt_vrrp(buf, sizeof(buf), true, "G1", "BACKUP", 100);
	ck_assert_str_eq(buf, "GROUP \"G1\" BACKUP 0\n");
	notify_fmt_vrrp(buf, sizeof(buf), false, "VI_2",
	    "MASTER_RX_LOWER_PRI", 254);
	ck_assert_str_eq(buf, "INSTANCE \"VI_2\" MASTER_RX_LOWER_PRI 254\n");
	notify_fmt_vs(buf, sizeof(buf), "[10.0.0.1]:tcp:80", false);
	ck_assert_str_eq(buf, "VS [10.0.0.1]:tcp:80 DOWN\n");
	notify_fmt_vs(buf, sizeof(buf), "FWM 7", true);
	ck_assert_str_eq(buf, "VS FWM 7 UP\n");
	notify_fmt_rs(buf, sizeof(buf), "[192.168.1.2]:tcp:8080",
	    "[10.0.0.1]:tcp:80", true);
	ck_assert_str_eq(buf,
	    "RS [192.168.1.2]:tcp:8080 [10.0.0.1]:tcp:80 UP\n");
	/* Too small: an error, never a truncated line. */
	errno = 0;
	ck_assert_int_eq(notify_fmt_vrrp(buf, 27, false, "VI_1", "MASTER",
	    100), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_int_eq(notify_fmt_rs(buf, 10, "a", "b", true), -1);
}
END_TEST

START_TEST(test_fifo_lines)
{
	struct notify_fifo f;
	char path[128], buf[256], line[128];
	struct stat sb;
	int rd, len;

	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	umask(022);
	notify_fifo_init(&f);
	ck_assert_int_eq(notify_fifo_open(&f, path, (uid_t)-1, (gid_t)-1), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert(S_ISFIFO(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0644);
	ck_assert(f.created);
	ck_assert(fcntl(f.fd, F_GETFD) & FD_CLOEXEC);
	ck_assert(fcntl(f.fd, F_GETFL) & O_NONBLOCK);

	rd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ck_assert_int_ge(rd, 0);
	len = notify_fmt_vrrp(line, sizeof(line), false, "VI_1", "MASTER",
	    100);
	ck_assert_int_eq(notify_fifo_write(&f, line, (size_t)len), 0);
	len = notify_fmt_rs(line, sizeof(line), "[10.1.1.2]:tcp:80",
	    "[10.1.1.1]:tcp:80", false);
	ck_assert_int_eq(notify_fifo_write(&f, line, (size_t)len), 0);
	len = (int)read(rd, buf, sizeof(buf) - 1);
	ck_assert_int_gt(len, 0);
	buf[len] = '\0';
	ck_assert_str_eq(buf, "INSTANCE \"VI_1\" MASTER 100\n"
	    "RS [10.1.1.2]:tcp:80 [10.1.1.1]:tcp:80 DOWN\n");
	ck_assert_uint_eq(f.lines, 2);
	close(rd);

	/* We made it: closing removes it. */
	notify_fifo_close(&f);
	ck_assert_int_eq(f.fd, -1);
	ck_assert_int_eq(stat(path, &sb), -1);
	errno = 0;
	ck_assert_int_eq(notify_fifo_write(&f, "x\n", 2), -1);
	ck_assert_int_eq(errno, EBADF);
	notify_fifo_close(&f);		/* twice: harmless */
}
END_TEST

START_TEST(test_fifo_existing)
{
	struct notify_fifo f;
	char path[128], link[160];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	notify_fifo_init(&f);
	ck_assert_int_eq(notify_fifo_open(&f, path, (uid_t)-1, (gid_t)-1), 0);
	ck_assert(!f.created);
	notify_fifo_close(&f);
	ck_assert_int_eq(stat(path, &sb), 0);	/* not ours: kept */

	/* A symlink is refused (O_NOFOLLOW) and left alone. */
	snprintf(link, sizeof(link), "%s/link", tmpdir);
	ck_assert_int_eq(symlink(path, link), 0);
	errno = 0;
	ck_assert_int_eq(notify_fifo_open(&f, link, (uid_t)-1, (gid_t)-1), -1);
	ck_assert_int_eq(errno, ELOOP);
	ck_assert_int_eq(f.fd, -1);
	ck_assert_int_eq(lstat(link, &sb), 0);

	/* A directory that does not exist. */
	snprintf(link, sizeof(link), "%s/no/fifo", tmpdir);
	ck_assert_int_eq(notify_fifo_open(&f, link, (uid_t)-1, (gid_t)-1), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(test_fifo_owner)
{
	struct notify_fifo f;
	char path[128];
	struct stat sb;

	if (geteuid() != 0)
		return;
	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	notify_fifo_init(&f);
	ck_assert_int_eq(notify_fifo_open(&f, path, NOBODY, NOBODY), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_uid, NOBODY);
	ck_assert_int_eq(sb.st_gid, NOBODY);
	notify_fifo_close(&f);
}
END_TEST

/* Nobody reads: the FIFO fills, lines are dropped, nothing blocks. */
START_TEST(test_fifo_full_never_blocks)
{
	struct notify_fifo f;
	char path[128], line[128], big[PIPE_BUF + 2], buf[4096];
	uint64_t start;
	int i, len, rc = 0, rd;

	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	notify_fifo_init(&f);
	ck_assert_int_eq(notify_fifo_open(&f, path, (uid_t)-1, (gid_t)-1), 0);
	len = notify_fmt_vrrp(line, sizeof(line), false, "VI_1", "BACKUP",
	    100);
	start = ev_clock_us();
	for (i = 0; i < 100000 && rc == 0; i++)
		rc = notify_fifo_write(&f, line, (size_t)len);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(f.dropped, 1);
	ck_assert_uint_gt(f.lines, 100);
	ck_assert_uint_lt(ev_clock_us() - start, 2 * SEC);

	/* A reader drains it; whole lines only, and writes resume. */
	rd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ck_assert_int_ge(rd, 0);
	while (read(rd, buf, sizeof(buf)) > 0)
		;
	ck_assert_int_eq(notify_fifo_write(&f, line, (size_t)len), 0);
	ck_assert_int_eq((int)read(rd, buf, sizeof(buf)), len);
	close(rd);

	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(notify_fifo_write(&f, big, sizeof(big)), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	notify_fifo_close(&f);
}
END_TEST

static Suite *
notify_suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("scripts");
	TCase *tf = tcase_create("fifo");

	/* Unchecked: the directory goes even when a test fails. */
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_checked_fixture(tc, clean, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_script_extra_args);
	tcase_add_test(tc, test_script_disabled);
	tcase_add_test(tc, test_script_user);
	tcase_add_test(tc, test_script_exec_detached);
	tcase_add_test(tc, test_script_abandon_all);
	suite_add_tcase(s, tc);

	tcase_add_unchecked_fixture(tf, setup, teardown);
	tcase_add_checked_fixture(tf, clean, NULL);
	tcase_add_test(tf, test_fmt);
	tcase_add_test(tf, test_fifo_lines);
	tcase_add_test(tf, test_fifo_existing);
	tcase_add_test(tf, test_fifo_owner);
	tcase_add_test(tf, test_fifo_full_never_blocks);
	suite_add_tcase(s, tf);
	return s;
}

int
main(void)
{
	Suite *s[] = { notify_suite() };

	return unit_run(s, 1);
}
