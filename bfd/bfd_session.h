/*
 * bfd_session: the BFD child's session runtime (bfd_session.c), for
 * bfd_daemon.c.
 */
#ifndef VIGIL_BFD_SESSION_H
#define VIGIL_BFD_SESSION_H

#include "bfd_daemon.h"
#include "ipc.h"

/* Random numbers for jitter, discriminators and ports (bfd_rand_fn). */
uint32_t bfd_rand(void *arg, uint32_t lo, uint32_t hi);
/* Open the session's socket and arm its timer (AdminDown without one). */
void	bfd_rt_start(struct bfd_rt *);
void	bfd_rt_stop(struct bfd_rt *);
/* Send every session's state to the parent. */
void	bfd_rt_tell_all(struct bfd_child *);
/* The receiving socket is readable. */
void	bfd_rx_ready(struct ev_loop *, struct ev_io *, uint32_t);
/* bfd_daemon.c: send one message to the parent. */
int	bfd_child_send(struct bfd_child *, struct ipc_msg *);

#endif
