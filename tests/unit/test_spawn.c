/*
 * test_spawn: scripts run on real processes through the real event loop:
 * exit codes and signals, exec failures, the child's environment (fds,
 * signal mask and dispositions, process group, ids), timeouts that kill
 * the whole group, spawn_kill/spawn_abandon, the parent-death signal and
 * many scripts at once.  Every wait is a bounded poll with a deadline.
 * Scripts that ignore SIGTERM end by themselves within 30 s, so a failed
 * test leaves nothing behind for long.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "evloop.h"
#include "spawn.h"

#define MS		1000ULL
#define SEC		1000000ULL
#define NOBODY		65534
/* A NULL-terminated argv of string literals, as spawn_start takes it. */
#define ARGV(...)	\
	((char *const *)(const char *const []){ __VA_ARGS__, NULL })

struct result {
	int	 calls;
	int	 status;
	bool	 timed_out;
	uint64_t at;		/* monotonic µs of done */
};

static char tmpdir[64];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_spawn.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
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

static void
done_cb(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	struct result *r = arg;

	ck_assert(!spawn_running(p));
	r->calls++;
	r->status = status;
	r->timed_out = timed_out;
	r->at = ev_clock_us();
}

/* Run the loop until *count reaches want or max_us passes. */
static bool
run_until(struct ev_loop *l, const int *count, int want, uint64_t max_us)
{
	uint64_t end = ev_clock_us() + max_us;

	while (*count < want && ev_clock_us() < end)
		ck_assert_int_eq(ev_loop_once(l, 10 * MS), 0);
	return *count >= want;
}

/* Run the loop (which reaps orphans, we being their subreaper) until no
 * process is left in group pgid. */
static bool
group_gone(struct ev_loop *l, pid_t pgid, uint64_t max_us)
{
	uint64_t end = ev_clock_us() + max_us;

	while (ev_clock_us() < end) {
		if (kill(-pgid, 0) == -1 && errno == ESRCH)
			return true;
		ck_assert_int_eq(ev_loop_once(l, 10 * MS), 0);
	}
	return false;
}

static void
write_file(const char *name, const char *text, mode_t mode, char *path,
    size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* The first line of a file, or "" when it cannot be read. */
static void
read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f == NULL)
		return;
	if (fgets(buf, (int)size, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

/* Wait until pid has exec'd the program named comm. */
static bool
wait_comm(pid_t pid, const char *comm, uint64_t max_us)
{
	uint64_t end = ev_clock_us() + max_us;
	char path[64], buf[64];

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	while (ev_clock_us() < end) {
		read_line(path, buf, sizeof(buf));
		if (strcmp(buf, comm) == 0)
			return true;
		usleep(2000);
	}
	return false;
}

/* The value after "key:" in /proc/pid/status. */
static void
proc_status(pid_t pid, const char *key, char *buf, size_t size)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	buf[0] = '\0';
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			snprintf(buf, size, "%s", line + klen + 1 +
			    strspn(line + klen + 1, " \t"));
			buf[strcspn(buf, " \n")] = '\0';
			break;
		}
	fclose(f);
}

static const struct spawn_opts *
opts_self(uint64_t timeout_us)
{
	static struct spawn_opts o;

	o.uid = getuid();
	o.gid = getgid();
	o.timeout_us = timeout_us;
	return &o;
}

static void
run_one(char *const argv[], uint64_t timeout_us, struct result *r)
{
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(spawn_start(l, &p, argv, opts_self(timeout_us),
	    done_cb, r), 0);
	ck_assert(spawn_running(&p));
	ck_assert(run_until(l, &r->calls, 1, 10 * SEC));
	ck_assert_int_eq(r->calls, 1);
	ev_loop_free(l);
}

START_TEST(test_exit_status)
{
	char *const *exit42 = ARGV("/bin/sh", "-c", "exit 42");
	char *const *truth = ARGV("/bin/true");
	char *const *usr1 = ARGV("/bin/sh", "-c", "kill -USR1 $$; exit 0");
	struct result r;

	run_one(exit42, 0, &r);
	ck_assert(WIFEXITED(r.status));
	ck_assert_int_eq(WEXITSTATUS(r.status), 42);
	ck_assert(!r.timed_out);
	run_one(truth, 0, &r);
	ck_assert(WIFEXITED(r.status));
	ck_assert_int_eq(WEXITSTATUS(r.status), 0);
	/* We ignore SIGUSR1; the script must not: sh keeps a signal ignored
	 * at entry ignored, so it would exit 0. */
	signal(SIGUSR1, SIG_IGN);
	run_one(usr1, 0, &r);
	ck_assert(WIFSIGNALED(r.status));
	ck_assert_int_eq(WTERMSIG(r.status), SIGUSR1);
}
END_TEST

START_TEST(test_signal_mask_empty)
{
	char *const *term = ARGV("/bin/sh", "-c", "kill -TERM $$; exit 0");
	struct result r;
	sigset_t s;

	/* The daemon blocks signals for its signalfd; with that mask the
	 * script's SIGTERM would stay pending and sh would exit 0. */
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &s, NULL), 0);
	run_one(term, 0, &r);
	ck_assert(WIFSIGNALED(r.status));
	ck_assert_int_eq(WTERMSIG(r.status), SIGTERM);
}
END_TEST

START_TEST(test_exec_failure)
{
	char path[256];
	char *const *missing = ARGV("/nonexistent/script");
	char *const *argv = ARGV(path);
	struct result r;

	run_one(missing, 0, &r);
	ck_assert(WIFEXITED(r.status));
	ck_assert_int_eq(WEXITSTATUS(r.status), 127);
	/* No #!: execve fails with ENOEXEC.  A shell fallback (execvp)
	 * would run it and report 3. */
	write_file("noshebang", "exit 3\n", 0755, path, sizeof(path));
	run_one(argv, 0, &r);
	ck_assert(WIFEXITED(r.status));
	ck_assert_int_eq(WEXITSTATUS(r.status), 127);
	/* Not executable: EACCES, even for root. */
	write_file("noexec", "#!/bin/sh\nexit 3\n", 0644, path, sizeof(path));
	run_one(argv, 0, &r);
	ck_assert_int_eq(WEXITSTATUS(r.status), 127);
	/* The same file made executable runs. */
	ck_assert_int_eq(chmod(path, 0755), 0);
	run_one(argv, 0, &r);
	ck_assert_int_eq(WEXITSTATUS(r.status), 3);
}
END_TEST

/* Only 0, 1 and 2, each on /dev/null. */
static void
check_fds(pid_t pid)
{
	char dir[64], link[128], target[64];
	struct dirent *de;
	DIR *d;
	int n = 0, fd;
	ssize_t len;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fd = atoi(de->d_name);
		ck_assert_msg(fd >= 0 && fd <= 2, "script has fd %d", fd);
		snprintf(link, sizeof(link), "%s/%d", dir, fd);
		len = readlink(link, target, sizeof(target) - 1);
		ck_assert_int_gt(len, 0);
		target[len] = '\0';
		ck_assert_str_eq(target, "/dev/null");
		n++;
	}
	closedir(d);
	ck_assert_int_eq(n, 3);
}

START_TEST(test_child_environment)
{
	char *const *argv = ARGV("/bin/sleep", "30");
	struct spawn_opts o = *opts_self(0);
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct result r = { 0 };
	char buf[256], path[64], env[4096];
	int leak, pfd[2], fd;
	ssize_t n;
	sigset_t s;

	/* A careless daemon: fds without CLOEXEC, signals ignored and
	 * blocked, an environment variable set. */
	leak = open("/dev/zero", O_RDONLY);
	ck_assert_int_ge(leak, 3);
	ck_assert_int_eq(pipe(pfd), 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
	ck_assert_int_eq(setenv("VIGIL_SPAWN_TEST", "inherited", 1), 0);
	if (geteuid() == 0) {
		o.uid = NOBODY;
		o.gid = NOBODY;
	}
	ck_assert_int_eq(spawn_start(l, &p, argv, &o, done_cb, &r), 0);
	ck_assert(wait_comm(p.pid, "sleep", 5 * SEC));

	check_fds(p.pid);
	proc_status(p.pid, "SigBlk", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0000000000000000");
	proc_status(p.pid, "SigIgn", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0000000000000000");
	ck_assert_int_eq(getpgid(p.pid), p.pid);
	if (geteuid() == 0) {
		proc_status(p.pid, "Uid", buf, sizeof(buf));
		ck_assert_str_eq(buf, "65534\t65534\t65534\t65534");
		proc_status(p.pid, "Gid", buf, sizeof(buf));
		ck_assert_str_eq(buf, "65534\t65534\t65534\t65534");
		proc_status(p.pid, "Groups", buf, sizeof(buf));
		ck_assert_str_eq(buf, "65534");
	}
	snprintf(path, sizeof(path), "/proc/%d/environ", (int)p.pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, env, sizeof(env) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	ck_assert_ptr_nonnull(memmem(env, (size_t)n,
	    "VIGIL_SPAWN_TEST=inherited", 26));

	spawn_kill(l, &p);
	ck_assert(run_until(l, &r.calls, 1, 5 * SEC));
	ck_assert(WIFSIGNALED(r.status));
	ck_assert_int_eq(WTERMSIG(r.status), SIGTERM);
	ck_assert(!r.timed_out);
	close(leak);
	close(pfd[0]);
	close(pfd[1]);
	ev_loop_free(l);
}
END_TEST

/*
 * The script dies on SIGTERM at its timeout; the grandchild it left
 * ignores SIGTERM and must be gone too.
 */
START_TEST(test_timeout_group)
{
	char file[256], buf[32];
	char *const *argv = ARGV("/bin/sh", "-c",
	    "(trap '' TERM; exec sleep 30) & echo $! > \"$0\"; "
	    "exec sleep 30", file);
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct result r = { 0 };
	uint64_t start;
	pid_t pgid, gchild;

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	snprintf(file, sizeof(file), "%s/gchild", tmpdir);
	start = ev_clock_us();
	ck_assert_int_eq(spawn_start(l, &p, argv, opts_self(500 * MS),
	    done_cb, &r), 0);
	pgid = p.pid;
	ck_assert(run_until(l, &r.calls, 1, 5 * SEC));
	ck_assert(r.timed_out);
	ck_assert(WIFSIGNALED(r.status));
	ck_assert_int_eq(WTERMSIG(r.status), SIGTERM);
	ck_assert_uint_ge(r.at - start, 500 * MS);
	ck_assert_uint_lt(r.at - start, 2 * SEC);	/* no SIGKILL wait */
	read_line(file, buf, sizeof(buf));
	gchild = atoi(buf);
	ck_assert_int_gt(gchild, 1);
	ck_assert(group_gone(l, pgid, 1 * SEC));
	ck_assert(kill(gchild, 0) == -1 && errno == ESRCH);
	ev_loop_free(l);
}
END_TEST

/* Everything in the group ignores SIGTERM: SIGKILL 2 s later. */
START_TEST(test_timeout_sigkill)
{
	char file[256], buf[32];
	char *const *argv = ARGV("/bin/sh", "-c",
	    "trap '' TERM; sleep 30 & echo $! > \"$0\"; wait", file);
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct result r = { 0 };
	uint64_t start;
	pid_t pgid;

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	snprintf(file, sizeof(file), "%s/gchild", tmpdir);
	start = ev_clock_us();
	ck_assert_int_eq(spawn_start(l, &p, argv, opts_self(300 * MS),
	    done_cb, &r), 0);
	pgid = p.pid;
	ck_assert(run_until(l, &r.calls, 1, 10 * SEC));
	ck_assert(r.timed_out);
	ck_assert(p.killed);
	ck_assert(WIFSIGNALED(r.status));
	ck_assert_int_eq(WTERMSIG(r.status), SIGKILL);
	ck_assert_uint_ge(r.at - start, 2300 * MS);
	ck_assert_uint_lt(r.at - start, 4 * SEC);
	read_line(file, buf, sizeof(buf));
	ck_assert_int_gt(atoi(buf), 1);
	ck_assert(group_gone(l, pgid, 1 * SEC));
	ck_assert(kill(atoi(buf), 0) == -1 && errno == ESRCH);
	ev_loop_free(l);
}
END_TEST

START_TEST(test_kill)
{
	char *const *sleeper = ARGV("/bin/sleep", "30");
	char file[256];
	char *const *stubborn = ARGV("/bin/sh", "-c", "trap '' TERM; "
	    ": > \"$0\"; for i in 1 2 3 4 5 6 7 8 9 10; do sleep 3; done",
	    file);
	struct stat sb;
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct result r = { 0 };
	uint64_t start;

	spawn_kill(l, &p);		/* idle: nothing happens */
	ck_assert_int_eq(spawn_start(l, &p, sleeper, opts_self(0), done_cb,
	    &r), 0);
	ck_assert(wait_comm(p.pid, "sleep", 5 * SEC));
	spawn_kill(l, &p);
	ck_assert(run_until(l, &r.calls, 1, 5 * SEC));
	ck_assert(WIFSIGNALED(r.status));
	ck_assert_int_eq(WTERMSIG(r.status), SIGTERM);
	ck_assert(!r.timed_out);

	/* A timeout far away; spawn_kill escalates to SIGKILL after 2 s. */
	snprintf(file, sizeof(file), "%s/trapped", tmpdir);
	ck_assert_int_eq(spawn_start(l, &p, stubborn, opts_self(100 * SEC),
	    done_cb, &r), 0);
	start = ev_clock_us() + 5 * SEC;
	while (stat(file, &sb) == -1 && ev_clock_us() < start)
		ck_assert_int_eq(ev_loop_once(l, 5 * MS), 0);
	ck_assert_int_eq(stat(file, &sb), 0);	/* sh has its trap */
	start = ev_clock_us();
	spawn_kill(l, &p);
	spawn_kill(l, &p);		/* twice: no restart of the 2 s */
	ck_assert(run_until(l, &r.calls, 2, 10 * SEC));
	ck_assert_int_eq(WTERMSIG(r.status), SIGKILL);
	ck_assert(!r.timed_out);
	ck_assert_uint_ge(r.at - start, 1900 * MS);
	ck_assert_uint_lt(r.at - start, 4 * SEC);
	ev_loop_free(l);
}
END_TEST

START_TEST(test_abandon)
{
	char *const *sleeper = ARGV("/bin/sleep", "30");
	char *const *truth = ARGV("/bin/true");
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct result r = { 0 };
	pid_t pid;

	spawn_abandon(l, &p);		/* idle: nothing happens */
	ck_assert_int_eq(spawn_start(l, &p, sleeper, opts_self(500 * MS),
	    done_cb, &r), 0);
	pid = p.pid;
	spawn_abandon(l, &p);
	ck_assert(!spawn_running(&p));
	ck_assert(group_gone(l, pid, 2 * SEC));
	/* Its timer went with it: nothing fires, done is never called. */
	ck_assert(!run_until(l, &r.calls, 1, 800 * MS));
	ck_assert_int_eq(r.calls, 0);
	/* The same proc can run again. */
	ck_assert_int_eq(spawn_start(l, &p, truth, opts_self(0), done_cb,
	    &r), 0);
	ck_assert(run_until(l, &r.calls, 1, 5 * SEC));
	ck_assert_int_eq(WEXITSTATUS(r.status), 0);
	ev_loop_free(l);
}
END_TEST

START_TEST(test_busy)
{
	char *const *sleeper = ARGV("/bin/sleep", "30");
	struct ev_loop *l = ev_loop_new();
	struct spawn_proc p = { 0 };
	struct result r = { 0 };

	ck_assert_int_eq(spawn_start(l, &p, sleeper, opts_self(0), done_cb,
	    &r), 0);
	errno = 0;
	ck_assert_int_eq(spawn_start(l, &p, sleeper, opts_self(0), done_cb,
	    &r), -1);
	ck_assert_int_eq(errno, EBUSY);
	spawn_kill(l, &p);
	ck_assert(run_until(l, &r.calls, 1, 5 * SEC));
	ck_assert_int_eq(r.calls, 1);
	ev_loop_free(l);
}
END_TEST

/* done restarts its own proc, as a vrrp_script's interval does. */
static struct ev_loop *restart_loop;

static void
restart_cb(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	char *const *truth = ARGV("/bin/true");
	struct result *r = arg;

	r->calls++;
	r->status = status;
	if (r->calls < 3)
		ck_assert_int_eq(spawn_start(restart_loop, p, truth,
		    opts_self(0), restart_cb, r), 0);
}

START_TEST(test_restart_from_done)
{
	char *const *truth = ARGV("/bin/true");
	struct spawn_proc p = { 0 };
	struct result r = { 0 };

	restart_loop = ev_loop_new();
	ck_assert_int_eq(spawn_start(restart_loop, &p, truth, opts_self(0),
	    restart_cb, &r), 0);
	ck_assert(run_until(restart_loop, &r.calls, 3, 5 * SEC));
	ck_assert(!spawn_running(&p));
	ev_loop_free(restart_loop);
}
END_TEST

/* --- many at once, and a loop that never waits on a script ----------- */

#define NMANY	200

static uint64_t tick_last, tick_gap;
static int ticks;

static void
tick_cb(struct ev_loop *l, struct ev_timer *t)
{
	uint64_t now = ev_clock_us();

	if (tick_last != 0 && now - tick_last > tick_gap)
		tick_gap = now - tick_last;
	tick_last = now;
	ticks++;
	ev_timer_start(l, t, 10 * MS);
}

static void
many_cb(struct spawn_proc *p, int status, bool timed_out, void *arg)
{
	struct result *r = arg;

	r->calls++;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		r->status++;
}

START_TEST(test_many)
{
	char *const *truth = ARGV("/bin/true");
	char *const *sleeper = ARGV("/bin/sleep", "30");
	static struct spawn_proc p[NMANY];
	struct spawn_proc slow = { 0 };
	struct ev_loop *l = ev_loop_new();
	struct ev_timer tick;
	struct result r = { 0 }, rs = { 0 };
	int i;

	/* A script that never ends must not hold the loop up either. */
	ck_assert_int_eq(spawn_start(l, &slow, sleeper, opts_self(0),
	    done_cb, &rs), 0);
	memset(p, 0, sizeof(p));
	for (i = 0; i < NMANY; i++)
		ck_assert_int_eq(spawn_start(l, &p[i], truth, opts_self(0),
		    many_cb, &r), 0);
	tick_last = tick_gap = 0;
	ticks = 0;
	ev_timer_init(&tick, tick_cb, NULL);
	ev_timer_start(l, &tick, 0);
	ck_assert(run_until(l, &r.calls, NMANY, 20 * SEC));
	ck_assert_int_eq(r.calls, NMANY);
	ck_assert_int_eq(r.status, NMANY);	/* all exited 0 */
	for (i = 0; i < NMANY; i++)
		ck_assert(!spawn_running(&p[i]));
	/* Keep ticking a little while the sleeper still runs. */
	ck_assert(!run_until(l, &rs.calls, 1, 200 * MS));
	ck_assert_int_gt(ticks, 5);
	ck_assert_uint_lt(tick_gap, 500 * MS);
	ck_assert(spawn_running(&slow));
	spawn_kill(l, &slow);
	ck_assert(run_until(l, &rs.calls, 1, 5 * SEC));
	ev_timer_stop(l, &tick);
	ev_loop_free(l);
}
END_TEST

/* --- parent death ------------------------------------------------------ */

/* In a middle process: start a sleeper, report its pid, die. */
static void __attribute__((noreturn))
middle(int wfd)
{
	char *const *argv = ARGV("/bin/sleep", "30");
	struct spawn_opts o = *opts_self(0);
	struct spawn_proc p = { 0 };
	struct ev_loop *l = ev_loop_new();
	struct result r;

	if (geteuid() == 0) {		/* the death signal outlives setuid */
		o.uid = NOBODY;
		o.gid = NOBODY;
	}
	if (l == NULL || spawn_start(l, &p, argv, &o, done_cb, &r) == -1 ||
	    !wait_comm(p.pid, "sleep", 5 * SEC))
		_exit(1);
	if (write(wfd, &p.pid, sizeof(p.pid)) != sizeof(p.pid))
		_exit(1);
	_exit(0);
}

START_TEST(test_parent_death)
{
	uint64_t end;
	pid_t mid, pid = 0, w = 0;
	int fds[2], st;

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	mid = fork();
	ck_assert_int_ge(mid, 0);
	if (mid == 0)
		middle(fds[1]);
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &pid, sizeof(pid)), sizeof(pid));
	close(fds[0]);
	ck_assert_int_eq(waitpid(mid, &st, 0), mid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* The orphan comes to us, its subreaper, killed by SIGTERM. */
	end = ev_clock_us() + 5 * SEC;
	while (ev_clock_us() < end && (w = waitpid(pid, &st, WNOHANG)) == 0)
		usleep(5000);
	if (w == 0)
		kill(pid, SIGKILL);
	ck_assert_int_eq(w, pid);
	ck_assert(WIFSIGNALED(st));
	ck_assert_int_eq(WTERMSIG(st), SIGTERM);
}
END_TEST

static Suite *
spawn_suite(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("processes");

	/* Unchecked: the directory goes even when a test fails. */
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_signal_mask_empty);
	tcase_add_test(tc, test_exec_failure);
	tcase_add_test(tc, test_child_environment);
	tcase_add_test(tc, test_timeout_group);
	tcase_add_test(tc, test_timeout_sigkill);
	tcase_add_test(tc, test_kill);
	tcase_add_test(tc, test_abandon);
	tcase_add_test(tc, test_busy);
	tcase_add_test(tc, test_restart_from_done);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_parent_death);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { spawn_suite() };

	return unit_run(s, 1);
}
