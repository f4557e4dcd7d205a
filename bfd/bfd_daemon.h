/*
 * bfd_daemon: the BFD child ("Keepalived_bfd").  It runs the
 * configuration's bfd_instance sessions (bfd_fsm.h over bfd_net.h's
 * sockets) on a loop of its own and tells the parent, in IPC_BFD_STATE
 * messages, each session's state at start and reload and every time it
 * enters or leaves Up; the parent relays them to the VRRP child
 * (track_bfd) and the checker (BFD_CHECK) as each session's vrrp /
 * checker keywords say.  SIGHUP (or IPC_RELOAD) re-reads the
 * configuration and keeps the state of sessions whose name stays;
 * SIGUSR1 (or IPC_DUMP) writes keepalived_bfd.data; SIGTERM stops.
 */
#ifndef VIGIL_BFD_DAEMON_H
#define VIGIL_BFD_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "bfd_fsm.h"
#include "evloop.h"

struct conf;
struct cli_opts;
struct vrrp_bfd_conf;
struct bfd_child;

#define BFD_NAME_MAX		32	/* keepalived's BFD_INAME_MAX */
#define BFD_CHILD_NSIG		4

/* One running session. */
struct bfd_rt {
	struct bfd_child	*bc;
	char			 name[BFD_NAME_MAX];
	struct addr		 nbr, src;
	int			 ttl, max_hops;
	uint8_t			 to;		/* IPC_BFD_TO_* */
	struct bfd_params	 params;
	struct bfd_sess		 s;
	int			 fd_out;	/* -1: AdminDown */
	bool			 send_error;
	struct ev_timer		 timer;
	uint64_t		 nrx, ntx, nbad;
};

struct bfd_child {
	struct ev_loop		*loop;
	const struct conf	*conf;
	struct conf		*owned;
	const struct cli_opts	*opts;
	int			 chan;
	struct ev_io		 chan_io;
	uint32_t		 seq;
	int			 fd_in;
	struct ev_io		 in_io;
	struct bfd_rt		*rts;
	size_t			 nrts;
	struct ev_signal	 sig[BFD_CHILD_NSIG];
	int			 status;
};

/* The child's main: returns its exit status. */
int	bfd_child_main(const struct conf *, const struct cli_opts *,
	    int chan_fd);

/*
 * Build the sessions of conf into *rts (validated as keepalived's BFD
 * process does, diagnostics logged); the count, sockets not opened.
 */
size_t	bfd_rts_build(struct bfd_child *, const struct conf *,
	    struct bfd_rt **rts);
/* keepalived_bfd.data's BFD sections. */
void	bfd_dump(const struct bfd_child *, FILE *);

#endif
