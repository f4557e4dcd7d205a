/*
 * spawn: the one way Vigil runs scripts (notify scripts, vrrp_script,
 * MISC_CHECK, notify_up/notify_down, quorum_up/down, fifo scripts).
 *
 * fork + execve of an argv (never a shell unless argv[0] is one), in a
 * process group of its own, with default signal dispositions and an empty
 * signal mask, stdio on /dev/null, the configured uid/gid (supplementary
 * groups cleared), PDEATHSIG SIGTERM.  The exit is reaped through the
 * event loop's child watcher; a timeout sends SIGTERM to the whole
 * process group and SIGKILL 2 s later, as keepalived does.  A script that
 * hangs or fails never blocks the loop.
 */
#ifndef VIGIL_SPAWN_H
#define VIGIL_SPAWN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "evloop.h"

struct spawn_proc;

/* status as from waitpid(); timed_out when the timeout fired first. */
typedef void (*spawn_done_fn)(struct spawn_proc *, int status,
    bool timed_out, void *arg);

struct spawn_opts {
	uid_t		 uid;
	gid_t		 gid;
	uint64_t	 timeout_us;	/* 0: no timeout */
};

/* Owned by the caller (embed it in the object that runs the script);
 * idle when pid == 0. */
struct spawn_proc {
	pid_t		 pid;
	bool		 timed_out;
	bool		 killed;	/* SIGKILL sent */
	bool		 terminating;	/* SIGTERM sent (timeout or spawn_kill) */
	spawn_done_fn	 done;
	void		*arg;
	struct ev_child	 child;
	struct ev_timer	 timer;
};

/* Start argv[0] with argv.  0, or -1 with errno (fork failure, EBUSY
 * when p is still running; an exec failure, ENOEXEC included, and a
 * failure to take on uid/gid show as exit status 127 through done).
 * p is idle again when done runs, so done may start it anew. */
int	spawn_start(struct ev_loop *, struct spawn_proc *, char *const argv[],
	    const struct spawn_opts *, spawn_done_fn, void *arg);
bool	spawn_running(const struct spawn_proc *);
/* Kill the process group (SIGTERM, then SIGKILL after 2 s, repeated every
 * 10 s); done is still called when it is reaped.  After a timeout or
 * spawn_kill, what is left of the group gets SIGKILL once the script
 * itself is reaped. */
void	spawn_kill(struct ev_loop *, struct spawn_proc *);
/* Forget a running script without waiting (at process exit); its group
 * gets SIGKILL. */
void	spawn_abandon(struct ev_loop *, struct spawn_proc *);

#endif
