/*
 * track_process: vrrp_track_process at run time (keepalived's
 * track_process.c).
 *
 * A pure core and a thin shell.  The core matches a process (its comm,
 * its cmdline) against a vrrp_track_process block the way keepalived
 * does, keeps which pids count for which block, and counts them with
 * keepalived's quorum, quorum_max, fork_delay and terminate_delay rules
 * over an explicit `now` (deadlines, no timers).  The shell scans /proc
 * once, then follows the kernel's proc connector (NETLINK_CONNECTOR,
 * CN_IDX_PROC: fork, exec, comm, exit); when the socket reports ENOBUFS
 * (lost events) it scans /proc again.  Where the connector cannot be
 * used (a network or PID namespace other than the initial one), the
 * shell scans /proc every TPROC_POLL_US instead.
 */
#ifndef VIGIL_VRRP_TRACK_PROCESS_H
#define VIGIL_VRRP_TRACK_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "conf_vrrp.h"

#define VRRP_TPROC_NONE	UINT64_MAX	/* no deadline */

/* One vrrp_track_process block at run time. */
struct vrrp_tproc {
	const struct vrrp_track_process_conf *conf;
	const char	*name;		/* block name */
	const char	*process;	/* process_path */
	char		*params;	/* NUL-separated, each NUL-ended */
	size_t		 params_len;	/* 0: none */
	enum vrrp_param_match pm;
	bool		 full_command;	/* match cmdline, not comm */
	unsigned	 quorum, quorum_max;
	uint64_t	 fork_delay_us, terminate_delay_us;

	unsigned	 num;		/* processes counted */
	bool		 have_quorum;
	uint64_t	 fork_at;	/* fork_delay deadline */
	uint64_t	 term_at;	/* terminate_delay deadline */
	unsigned	 saved_num;	/* rescan */
};

/* Fill *tp from a config block (params converted to keepalived's
 * NUL-separated form).  vrrp_tproc_fini frees what it allocated. */
void	vrrp_tproc_init(struct vrrp_tproc *,
	    const struct vrrp_track_process_conf *);
void	vrrp_tproc_fini(struct vrrp_tproc *);

/*
 * Whether a process matches: comm is /proc/PID/comm, cmdline/len the
 * raw /proc/PID/cmdline (NUL-separated, len counting the last NUL).
 * full_command compares argv[0] and, with param_match, the arguments:
 * exact (the same arguments), partial (the configured ones are the first
 * arguments), initial (the same, the last one a prefix).
 */
bool	vrrp_tproc_match(const struct vrrp_tproc *, const char *comm,
	    const char *cmdline, size_t len);

/* The counter; each returns whether have_quorum changed. */
bool	vrrp_tproc_count_add(struct vrrp_tproc *, uint64_t now);  /* exec */
bool	vrrp_tproc_count_fork(struct vrrp_tproc *, uint64_t now);
bool	vrrp_tproc_count_exit(struct vrrp_tproc *, uint64_t now);
bool	vrrp_tproc_count_remove(struct vrrp_tproc *, uint64_t now);
bool	vrrp_tproc_count_expire(struct vrrp_tproc *, uint64_t now);
/* Whether num is within [quorum, quorum_max]. */
bool	vrrp_tproc_in_quorum(const struct vrrp_tproc *);

/*
 * All the blocks and the pids counted for each.  changed is called for
 * each block whose have_quorum changed (not during vrrp_tproc_set_load).
 */
struct vrrp_tproc_ref {
	pid_t		 pid;
	unsigned	 tp;		/* index into tps */
};

struct vrrp_tproc_set {
	struct vrrp_tproc *tps;
	size_t		 ntps;
	struct vrrp_tproc_ref *refs;	/* sorted by pid, then tp */
	size_t		 nrefs, cap;
	void		(*changed)(void *, struct vrrp_tproc *);
	void		*arg;
};

void	vrrp_tproc_set_init(struct vrrp_tproc_set *,
	    const struct vrrp_track_process_list *);
void	vrrp_tproc_set_fini(struct vrrp_tproc_set *);
struct vrrp_tproc *vrrp_tproc_set_find(struct vrrp_tproc_set *,
	    const char *name);
/* A process exec'd (or was found by a scan, scan true: no delays, no
 * changed calls). */
void	vrrp_tproc_set_exec(struct vrrp_tproc_set *, pid_t, const char *comm,
	    const char *cmdline, size_t len, uint64_t now);
void	vrrp_tproc_set_comm(struct vrrp_tproc_set *, pid_t, const char *comm,
	    uint64_t now);
void	vrrp_tproc_set_fork(struct vrrp_tproc_set *, pid_t parent,
	    pid_t child, uint64_t now);
void	vrrp_tproc_set_exit(struct vrrp_tproc_set *, pid_t, uint64_t now);
/* A full rescan: begin, set_exec for each process, end. */
void	vrrp_tproc_set_rescan_begin(struct vrrp_tproc_set *);
void	vrrp_tproc_set_scan(struct vrrp_tproc_set *, pid_t, const char *comm,
	    const char *cmdline, size_t len);
void	vrrp_tproc_set_rescan_end(struct vrrp_tproc_set *, uint64_t now);
/* After the first scan: have_quorum from the counts, no delays. */
void	vrrp_tproc_set_load(struct vrrp_tproc_set *);
/* Fire the deadlines due at now; the next one (VRRP_TPROC_NONE). */
void	vrrp_tproc_set_tick(struct vrrp_tproc_set *, uint64_t now);
uint64_t vrrp_tproc_set_next(const struct vrrp_tproc_set *);
/* How many pids are counted for block i (tests, dumps). */
size_t	vrrp_tproc_set_npids(const struct vrrp_tproc_set *, unsigned i);

/* --- the shell (track_process.c, the VRRP child) ------------------------ */

struct vrrp_engine;
struct vrrp_rt;

/* Start following the processes of every vrrp_track_process block of
 * the engine's config (none: nothing to do); stop and free. */
void	vrrp_tprocs_start(struct vrrp_engine *);
void	vrrp_tprocs_stop(struct vrrp_engine *);
/* The block named so, or NULL. */
struct vrrp_tproc *vrrp_tprocs_find(struct vrrp_engine *, const char *);
/* The "VRRP Track processes" section of keepalived.data. */
void	vrrp_tprocs_dump(struct vrrp_engine *, FILE *);
/* An instance's "Tracked processes :" lines. */
void	vrrp_tprocs_dump_rt(FILE *, const struct vrrp_rt *);

#endif
