/*
 * notify: run a configured script (struct script_conf) with extra
 * arguments, and write lines to the notify FIFOs.
 *
 * keepalived's generic `notify` script gets "INSTANCE"|"GROUP", the name,
 * the state and the priority appended to its configured argv; the
 * notify_master/backup/... and notify_up/down scripts run with exactly
 * their argv; a FIFO script gets the FIFO path appended.  All are
 * spawned through spawn.h.  FIFO writes never block: a full FIFO (no
 * reader) drops the line and counts it.
 */
#ifndef VIGIL_NOTIFY_H
#define VIGIL_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "evloop.h"
#include "spawn.h"

struct script_conf;

/*
 * Run sc as configured (argv[0] replaced by the resolved path when
 * conf_scripts_validate found one; its uid/gid) with the NULL-terminated
 * extra arguments appended (extra may be NULL).  0, or -1 with errno:
 * EPERM when sc is disabled, EBUSY when p is running, fork's errors.
 */
int	notify_script_run(struct ev_loop *, struct spawn_proc *,
	    const struct script_conf *, const char *const extra[],
	    uint64_t timeout_us, spawn_done_fn, void *arg);

/*
 * Fire and forget (notify scripts are not awaited): the spawn_proc is
 * allocated here and freed when the script is reaped.  Same returns as
 * notify_script_run.
 */
int	notify_script_exec(struct ev_loop *, const struct script_conf *,
	    const char *const extra[]);
/* Scripts started by notify_script_exec not yet reaped. */
size_t	notify_script_pending(void);
/* At process exit: SIGKILL their groups and forget them. */
void	notify_script_abandon_all(struct ev_loop *);

/* --- FIFO lines ---------------------------------------------------------- */

struct notify_fifo_job;
struct global_notify_fifo;

struct notify_fifo {
	int		 fd;		/* -1: closed */
	char		*path;
	bool		 created;	/* we made it: unlink on close */
	uint64_t	 lines;		/* written */
	uint64_t	 dropped;	/* FIFO full or write error */
	struct notify_fifo_job *job;	/* its *_notify_fifo_script */
};

/* A closed FIFO (fd -1). */
void	notify_fifo_init(struct notify_fifo *);
/*
 * mkfifo path (0644 before the umask) unless it exists, chown it to
 * uid/gid when we created it and they differ from ours ((uid_t)-1 and
 * (gid_t)-1 leave it), then open it O_RDWR|O_NONBLOCK|O_CLOEXEC|O_NOFOLLOW
 * as keepalived does (holding a read end, writes never get EPIPE).
 * 0, or -1 with errno (a FIFO we created is removed again).
 */
int	notify_fifo_open(struct notify_fifo *, const char *path, uid_t,
	    gid_t);
/* Unlink it first if we created it (a reader looping on open must not
 * reopen it), then close.  Harmless on a closed FIFO. */
void	notify_fifo_close(struct notify_fifo *);
/*
 * keepalived's fifo_open for one of notify_fifo, vrrp_notify_fifo and
 * lvs_notify_fifo: make the FIFO unless it exists (chowned to its
 * user/group), start its script with the FIFO path appended whether or
 * not we made it, then open it.  The script runs as long as it likes;
 * notify_fifo_close (and notify_fifo_script_stop) SIGTERM its group, and
 * its end is logged as "<who> notify fifo script terminated".  type is
 * keepalived's "", "vrrp_" or "lvs_" of its log lines.  Logs its
 * failures (keepalived's words); 0 when the FIFO is open, else -1.
 */
int	notify_fifo_start(struct notify_fifo *, struct ev_loop *,
	    const struct global_notify_fifo *, const char *type,
	    const char *who);
/* SIGTERM the FIFO's script (keepalived's script_killall at shutdown),
 * leaving the FIFO open. */
void	notify_fifo_script_stop(struct notify_fifo *);
/* Whether its script is running (tests, dumps). */
bool	notify_fifo_script_running(const struct notify_fifo *);

/* Write one line (at most PIPE_BUF, so it is atomic).  0, or -1 with
 * errno (EAGAIN: full, line dropped; EMSGSIZE: too long; EBADF: closed). */
int	notify_fifo_write(struct notify_fifo *, const char *line, size_t len);

/*
 * Pure formatters of keepalived's FIFO lines, each ending in "\n".  They
 * return the length written, or -1 with EMSGSIZE when buf is too small.
 *   INSTANCE "<name>" <STATE> <prio>	(group: GROUP "<name>" <STATE> 0)
 *   VS <vs> UP|DOWN
 *   RS <rs> <vs> UP|DOWN
 * state is MASTER, BACKUP, FAULT, STOP, DELETED, MASTER_RX_LOWER_PRI,
 * MASTER_PRIORITY or BACKUP_PRIORITY; vs and rs are already in
 * keepalived's text form ([ip]:tcp:80, FWM 1, [group]:80).
 */
int	notify_fmt_vrrp(char *buf, size_t, bool group, const char *name,
	    const char *state, int prio);
int	notify_fmt_vs(char *buf, size_t, const char *vs, bool up);
int	notify_fmt_rs(char *buf, size_t, const char *rs, const char *vs,
	    bool up);

#endif
