/*
 * daemon: the keepalived parent process.
 *
 * daemon_run() is what `keepalived` without -t does: read the
 * configuration, refuse to start when a live instance holds the pid
 * file, detach (unless -n), write the pid file, start the children and
 * supervise them until SIGTERM/SIGINT or a permanent child error.  It
 * returns the process's exit status.
 */
#ifndef VIGIL_DAEMON_H
#define VIGIL_DAEMON_H

#include <limits.h>
#include <stdio.h>
#include <stdbool.h>

#include "evloop.h"
#include "supervise.h"

struct cli_opts;
struct conf;
struct relay;

#define DAEMON_BANNER	"Keepalived v2.2.7 (01/16,2022)"

struct daemon_paths {
	char	 dir[PATH_MAX];		/* /run or /run/keepalived */
	bool	 use_dir;		/* made it, remove when empty */
	char	 pid[PATH_MAX];
	char	 vrrp_pid[PATH_MAX];
	char	 check_pid[PATH_MAX];
	char	 bfd_pid[PATH_MAX];
};

struct daemon {
	const struct cli_opts	*opts;
	struct conf		*conf;
	struct ev_loop		*loop;
	struct relay		*relay;
	struct supervisor	 sup;
	struct daemon_paths	 paths;
	struct ev_signal	 sig[8];
	struct ev_timer		 stop_timer;
	bool			 started;	/* "Startup complete" said */
	bool			 reloading;
	bool			 stopping;
	int			 status;	/* exit status */
};

int	daemon_run(const struct cli_opts *);

/* Parse options for this daemon's configuration (diagnostics logged). */
struct conf *daemon_conf_load(const struct cli_opts *, bool log_diags,
	    int *exit_status, bool *no_config);
/* Compute the pid file names (§2.6) from the options and the globals. */
int	daemon_paths_init(struct daemon_paths *, const struct cli_opts *,
	    const struct conf *);
/* Begin the stop sequence with this exit status. */
void	daemon_stop(struct daemon *, int status);

/* systemd's notify protocol by hand: one datagram to $NOTIFY_SOCKET
 * (remembered by daemon_notify_init, which unsets it). */
void	daemon_notify_init(void);
void	daemon_notify(const char *state);

/* keepalived_parent.data: the global definitions. */
void	daemon_dump_parent(const struct daemon *);
/* The "------< Global definitions >------" section, shared by every
 * process's data dump. */
void	daemon_dump_globals(FILE *, const struct conf *);
/* -d in a child: log the global part and the child's part of the model,
 * one log line per dump line. */
void	daemon_log_conf(const struct conf *,
	    void (*part)(const struct conf *, FILE *));

#endif
