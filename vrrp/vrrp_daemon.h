/*
 * vrrp_daemon: the VRRP child process (syslog ident Keepalived_vrrp).
 *
 * vrrp_child_main() runs the child's own event loop: it says HELLO to the
 * parent, takes real server states and the snapshot end from it, re-reads
 * the configuration on IPC_RELOAD, writes keepalived.data,
 * keepalived.stats and keepalived.json on IPC_DUMP (or the matching
 * signal sent to it directly), and exits 0 on SIGTERM or when the channel
 * to the parent closes.
 *
 * The VRRP engine plugs in through struct vrrp_engine_ops (see
 * vrrp_daemon.c: vrrp_engine): it creates instances, sockets and timers
 * on start, applies a new configuration on reload, releases addresses
 * and sends priority-0 adverts on stop, and supplies the dumps.  Without
 * an engine the child runs the configuration as data only.
 */
#ifndef VIGIL_VRRP_DAEMON_H
#define VIGIL_VRRP_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "evloop.h"
#include "ipc.h"

struct conf;
struct cli_opts;

#define VRRP_CHILD_NSIG	8

/* The child's runtime, handed to the engine. */
struct vrrp_child {
	struct ev_loop		*loop;
	const struct conf	*conf;		/* the configuration in use */
	struct conf		*owned;		/* conf, when we parsed it */
	const struct cli_opts	*opts;
	int			 chan;		/* to the parent */
	struct ev_io		 chan_io;
	uint32_t		 seq;
	bool			 snapshot_done;	/* SNAPSHOT_END seen */
	struct ev_signal	 sig[VRRP_CHILD_NSIG];
	int			 status;	/* exit status */
	void			*engine;	/* the engine's state */
};

struct vrrp_engine_ops {
	/* After the configuration is loaded, before HELLO; nonzero is the
	 * exit status (2 config error, 4 missing permission). */
	int	(*start)(struct vrrp_child *);
	/* After a reload: the new conf is in vc->conf, old is freed after
	 * the call.  Nonzero: keep running the old state (logged). */
	int	(*reload)(struct vrrp_child *, const struct conf *old);
	/* SIGTERM: keepalived's vrrp_terminate_phase1/2 (§2.5). */
	void	(*stop)(struct vrrp_child *);
	/* A real server's state from the checker (via the parent). */
	void	(*rs_state)(struct vrrp_child *, const struct ipc_rs_state *);
	void	(*snapshot_end)(struct vrrp_child *);
	/* Dumps: keepalived.data's VRRP sections, keepalived.stats,
	 * keepalived.json; clear resets the counters after a stats dump. */
	void	(*dump_data)(struct vrrp_child *, FILE *);
	void	(*dump_stats)(struct vrrp_child *, FILE *, bool clear);
	void	(*dump_json)(struct vrrp_child *, FILE *);
};

/* The child's main: returns its exit status. */
int	vrrp_child_main(const struct conf *, const struct cli_opts *,
	    int chan_fd);

/* For the engine: tell the parent an instance's state (VRRP_STATE). */
int	vrrp_child_send_state(struct vrrp_child *, const char *name,
	    unsigned state, unsigned priority);

#endif
