/*
 * check_daemon: the checker child process (syslog ident
 * Keepalived_healthcheckers).
 *
 * check_child_main() runs the child's own event loop: HELLO to the
 * parent, IPC_RELOAD re-reads the configuration, IPC_DUMP (or SIGUSR1
 * sent to it directly) writes keepalived_check.data, SIGTERM or EOF on
 * the channel ends it with status 0.  keepalived's IPVS start-up is
 * tried once; on a kernel without IPVS Vigil keeps running as a
 * health-check-only daemon instead of exiting 1 (a documented
 * difference).
 *
 * The checker engine plugs in through struct check_engine_ops (see
 * check_daemon.c: check_engine): it starts the checkers, applies a new
 * configuration on reload, reports real server states with
 * check_child_send_rs() and supplies the data dump.
 */
#ifndef VIGIL_CHECK_DAEMON_H
#define VIGIL_CHECK_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "evloop.h"
#include "ipc.h"

struct conf;
struct cli_opts;

#define CHECK_CHILD_NSIG	4

struct check_child {
	struct ev_loop		*loop;
	const struct conf	*conf;
	struct conf		*owned;		/* conf, when we parsed it */
	const struct cli_opts	*opts;
	int			 chan;
	struct ev_io		 chan_io;
	uint32_t		 seq;
	bool			 have_ipvs;	/* the kernel has IPVS */
	struct ev_signal	 sig[CHECK_CHILD_NSIG];
	int			 status;
	void			*engine;
};

struct check_engine_ops {
	/* Start the checkers; nonzero is the exit status. */
	int	(*start)(struct check_child *);
	/* The new conf is in cc->conf; old is freed after the call. */
	int	(*reload)(struct check_child *, const struct conf *old);
	/* SIGTERM: remove IPVS entries (unless -I), omega notifies. */
	void	(*stop)(struct check_child *);
	/* keepalived_check.data after the global section. */
	void	(*dump_data)(struct check_child *, FILE *);
};

int	check_child_main(const struct conf *, const struct cli_opts *,
	    int chan_fd);

/* For the engine: tell the parent (and so the VRRP child) a real
 * server's state.  0 or -1. */
int	check_child_send_rs(struct check_child *, const struct ipc_rs_state *);

#endif
