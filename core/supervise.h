/*
 * supervise: the parent's children.
 *
 * Each child gets a SOCK_SEQPACKET socketpair made before fork().  The
 * child side closes the parent's end, asks for SIGTERM when the parent
 * dies (and checks it has not died already), takes its own syslog ident
 * and pid file and runs vrrp_child_main() or check_child_main() on a
 * loop of its own (bfd_child_main() for the BFD child, which runs only
 * when the configuration has a bfd_instance and -B is not given).  The
 * parent side watches the child's exit and its
 * channel: a child that exits 1, 2 or 4 is a permanent error that stops
 * the daemon with that status, anything else is logged and respawned
 * with keepalived's back-off (or, with -R, stops the daemon).
 */
#ifndef VIGIL_SUPERVISE_H
#define VIGIL_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "evloop.h"
#include "ipc.h"

struct conf;
struct cli_opts;
struct supervisor;

/* keepalived's daemon exit codes (lib/scheduler.h). */
#define SUP_EXIT_OK			0
#define SUP_EXIT_FATAL			1
#define SUP_EXIT_CONFIG			2
#define SUP_EXIT_MISSING_PERMISSION	4
#define SUP_EXIT_NO_CONFIG		6

enum sup_role {
	SUP_CHECKER,		/* started first, as keepalived */
	SUP_VRRP,
	SUP_BFD,		/* last */
	SUP_NROLES
};

/* Messages waiting for the channel to drain. */
struct sup_queue {
	struct ipc_msg	*msg;
	size_t		 head, n, cap;
};

struct sup_child {
	enum sup_role	 role;
	const char	*name;		/* "VRRP", "Healthcheck", "BFD" */
	const char	*ident;		/* syslog: "Keepalived_vrrp" ... */
	const char	*pid_file;
	struct supervisor *sup;

	bool		 wanted;	/* the configuration asks for it */
	pid_t		 pid;		/* 0: not running */
	int		 fd;		/* parent's end of the channel, -1 */
	bool		 hello;		/* said HELLO since (re)start/reload */
	uint64_t	 start_us;	/* monotonic, last start */
	unsigned	 next_delay;	/* s, keepalived's next_restart_delay */
	uint32_t	 seq;
	struct ev_io	 io;
	struct ev_child	 watch;
	struct ev_timer	 restart;
	struct sup_queue out;
};

/* What the supervisor tells its owner (the daemon). */
struct sup_ops {
	/* A child said HELLO (after its start or a reload). */
	void	(*hello)(struct supervisor *, struct sup_child *);
	/* A VRRP_STATE, RS_STATE or BFD_STATE arrived (already relayed). */
	void	(*message)(struct supervisor *, struct sup_child *,
		    const struct ipc_msg *);
	/* The daemon must stop with status (permanent error, -R). */
	void	(*terminate)(struct supervisor *, int status);
	/* A child is gone while stopping. */
	void	(*gone)(struct supervisor *, struct sup_child *);
};

struct supervisor {
	struct ev_loop		*loop;
	const struct conf	*conf;	/* the running configuration */
	const struct cli_opts	*opts;
	struct relay		*relay;
	const struct sup_ops	*ops;
	void			*ctx;
	pid_t			 parent_pid;
	bool			 stopping;	/* no respawn any more */
	struct sup_child	 child[SUP_NROLES];
};

/* Set up the children (not started); pid files named by the caller,
 * indexed by enum sup_role. */
void	sup_init(struct supervisor *, struct ev_loop *, const struct conf *,
	    const struct cli_opts *, struct relay *, const struct sup_ops *,
	    void *ctx, const char *const pid_files[SUP_NROLES]);
/* Whether this configuration runs that child (keepalived's rules,
 * §2.1: -P/-C/--all and what the configuration holds). */
bool	sup_wants(const struct cli_opts *, const struct conf *, enum sup_role);
/* Set each child's wanted flag from sup_wants(). */
void	sup_decide(struct supervisor *, const struct conf *);
/* Start c now.  0, or -1 (fork failed: logged, retried later). */
int	sup_start(struct supervisor *, struct sup_child *);
/* Queue m for c; it is sent as soon as the channel takes it. */
void	sup_send(struct sup_child *, const struct ipc_msg *);
/* Stop respawning; SIGTERM every running child. */
void	sup_stop(struct supervisor *);
/* SIGKILL every child still running. */
void	sup_kill(struct supervisor *);
bool	sup_running(const struct supervisor *);
/* Release the channels and timers (at exit). */
void	sup_free(struct supervisor *);

/* keepalived's calc_restart_delay: the delay to use now, in seconds,
 * given how long the child ran; updates *next. */
unsigned sup_restart_delay(uint64_t ran_us, unsigned *next);

#endif
