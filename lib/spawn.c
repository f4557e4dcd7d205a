/*
 * spawn: run a script in a process group of its own and report its exit
 * through the event loop.
 *
 * The child is set up between fork and execve with async-signal-safe
 * calls only: all signals are blocked across fork so that no daemon
 * handler can run in the child before it has reset every disposition to
 * the default; the empty mask is installed last, just before execve.
 * Descriptors are CLOEXEC by project rule; close_range() in the child is
 * the backstop for any a library opened without it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spawn.h"

#define SPAWN_KILL_DELAY_US	(2 * 1000000ULL)	/* SIGTERM -> SIGKILL */
#define SPAWN_REKILL_DELAY_US	(10 * 1000000ULL)	/* SIGKILL again */
#define SPAWN_EXEC_FAILED	127

extern char **environ;

/* stdio on /dev/null; fd 0-2 may be closed in the daemon. */
static int
child_stdio(void)
{
	int fd, i;

	if ((fd = open("/dev/null", O_RDWR)) == -1)
		return -1;
	for (i = 0; i <= 2; i++)
		if (fd != i && dup2(fd, i) == -1)
			return -1;
	if (fd > 2)
		close(fd);
	return 0;
}

/* Take on uid/gid; the supplementary groups become just gid when we have
 * the privilege to set them (as keepalived does). */
static int
child_ids(uid_t uid, gid_t gid)
{
	if (getegid() != gid || getgid() != gid)
		if (setgid(gid) == -1)
			return -1;
	if (geteuid() == 0 && setgroups(1, &gid) == -1)
		return -1;
	if (geteuid() != uid || getuid() != uid)
		if (setuid(uid) == -1)
			return -1;
	return 0;
}

/*
 * glibc refuses to touch the signals it reserves for itself (32 and 33),
 * but an ignored one survives exec (GNU make leaves them ignored, for
 * one): reset them with the system call.  An all-zero kernel sigaction
 * is SIG_DFL with no flags and an empty mask whatever the field order.
 */
static void
reset_reserved_signals(void)
{
	static const unsigned char dfl[64];
	int i;

	for (i = 32; i < SIGRTMIN; i++)
		syscall(SYS_rt_sigaction, i, dfl, NULL, sizeof(uint64_t));
}

static void __attribute__((noreturn))
child_exec(char *const argv[], const struct spawn_opts *o, pid_t parent)
{
	sigset_t none;
	int i;

	setpgid(0, 0);
	for (i = 1; i < _NSIG; i++)
		signal(i, SIG_DFL);	/* fails harmlessly for KILL, STOP */
	reset_reserved_signals();
	if (child_stdio() == -1 || child_ids(o->uid, o->gid) == -1)
		_exit(SPAWN_EXEC_FAILED);
	/* After the id change, which clears the death signal. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(SPAWN_EXEC_FAILED);
	close_range(3, ~0U, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, environ);
	_exit(SPAWN_EXEC_FAILED);
}

/* Signal the whole group; the parent made it with setpgid. */
static void
spawn_signal(struct spawn_proc *p, int signo)
{
	if (kill(-p->pid, signo) == -1 && errno != ESRCH)
		kill(p->pid, signo);
}

static void
spawn_reaped(struct ev_loop *l, struct ev_child *c, int status)
{
	struct spawn_proc *p = c->arg;
	bool timed_out = p->timed_out;

	ev_timer_stop(l, &p->timer);
	/* We asked it to go: what it left behind in its group goes too. */
	if (p->terminating || p->killed)
		kill(-p->pid, SIGKILL);
	p->pid = 0;
	p->done(p, status, timed_out, p->arg);
}

static void
spawn_timer(struct ev_loop *l, struct ev_timer *t)
{
	struct spawn_proc *p = t->arg;

	if (!p->terminating && !p->killed) {
		p->timed_out = true;
		p->terminating = true;
		spawn_signal(p, SIGTERM);
		ev_timer_start(l, t, SPAWN_KILL_DELAY_US);
		return;
	}
	p->killed = true;
	spawn_signal(p, SIGKILL);
	ev_timer_start(l, t, SPAWN_REKILL_DELAY_US);
}

int
spawn_start(struct ev_loop *l, struct spawn_proc *p, char *const argv[],
    const struct spawn_opts *o, spawn_done_fn done, void *arg)
{
	sigset_t all, old;
	pid_t parent = getpid(), pid;
	int saved;

	if (p->pid != 0) {
		errno = EBUSY;
		return -1;
	}
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child_exec(argv, o, parent);
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1) {
		errno = saved;
		return -1;
	}
	/* Also here, so that the group exists before spawn_kill can be
	 * called; fails harmlessly once the child has exec'd. */
	setpgid(pid, pid);
	p->pid = pid;
	p->timed_out = p->killed = p->terminating = false;
	p->done = done;
	p->arg = arg;
	ev_child_init(&p->child, pid, spawn_reaped, p);
	ev_child_start(l, &p->child);
	ev_timer_init(&p->timer, spawn_timer, p);
	if (o->timeout_us != 0)
		ev_timer_start(l, &p->timer, o->timeout_us);
	return 0;
}

bool
spawn_running(const struct spawn_proc *p)
{
	return p->pid != 0;
}

void
spawn_kill(struct ev_loop *l, struct spawn_proc *p)
{
	if (p->pid == 0 || p->terminating || p->killed)
		return;
	p->terminating = true;
	spawn_signal(p, SIGTERM);
	ev_timer_start(l, &p->timer, SPAWN_KILL_DELAY_US);
}

void
spawn_abandon(struct ev_loop *l, struct spawn_proc *p)
{
	if (p->pid == 0)
		return;
	spawn_signal(p, SIGKILL);
	ev_child_stop(l, &p->child);
	ev_timer_stop(l, &p->timer);
	p->pid = 0;
}
