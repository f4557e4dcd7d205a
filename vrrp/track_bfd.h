/*
 * track_bfd: the VRRP child's view of the BFD sessions (track_bfd in a
 * vrrp_instance or vrrp_sync_group), fed by IPC_BFD_STATE messages the
 * parent relays from the BFD child.
 *
 * As keepalived, a session is down until the BFD child says it is Up,
 * so an instance with an unweighted track_bfd starts in FAULT; what was
 * heard is kept over a reload (keepalived's clear_diff_bfd).
 */
#ifndef VIGIL_VRRP_TRACK_BFD_H
#define VIGIL_VRRP_TRACK_BFD_H

#include <stdbool.h>
#include <stdio.h>

#include "ipc.h"
#include "track.h"

struct conf;
struct vrrp_bfd_conf;
struct vrrp_child;
struct vrrp_engine;
struct vrrp_rt;

struct vrrp_bfd_seen {
	char	name[IPC_NAME_MAX];
	bool	up;
};

/* A BFD_STATE from the parent: log keepalived's "Tracked BFD instance"
 * line for every instance tracking it and re-evaluate them. */
void	vrrp_bfd_state(struct vrrp_child *, const struct ipc_bfd_state *);
/* What the session name was last said to be: UP or DOWN. */
enum vrrp_track_status vrrp_bfd_status(const struct vrrp_engine *,
	    const char *name);
/* The bfd_instance named name, or NULL. */
const struct vrrp_bfd_conf *vrrp_bfd_conf_find(const struct conf *,
	    const char *name);
/* Release the table (the child stops). */
void	vrrp_bfd_free(struct vrrp_engine *);

#endif
