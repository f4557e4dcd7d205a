/*
 * relay: the parent's memory of its children's last words.
 *
 * The parent routes each real server's state from the checker child to
 * the VRRP child and keeps the last RS_STATE per real server (key: its
 * virtual server text, family, address and port), the last VRRP_STATE
 * per instance and the last BFD_STATE per BFD session (replayed to a
 * (re)started VRRP or checker child, as the session's keywords say).  When the VRRP child (re)starts it is sent every stored
 * RS_STATE followed by SNAPSHOT_END, so a respawned VRRP child starts
 * from the truth.  A respawned checker gets nothing (it re-checks); the
 * table is kept so that the VRRP child is not told "down" spuriously in
 * the meantime.  Pure: no fds; sending goes through a callback.
 */
#ifndef VIGIL_RELAY_H
#define VIGIL_RELAY_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"

struct relay;

/* Send one message; 0, or -1 to stop a replay. */
typedef int (*relay_send_fn)(void *ctx, const struct ipc_msg *);

struct relay	*relay_new(void);
void		 relay_free(struct relay *);

/*
 * Remember rs.  Returns 1 when it is new or differs from what was
 * stored (the VRRP child must be told), 0 when it repeats it.
 */
int		 relay_rs_update(struct relay *, const struct ipc_rs_state *);
/* The stored state of a real server, or NULL. */
const struct ipc_rs_state *relay_rs_find(const struct relay *,
		    const struct ipc_rs_state *key);
size_t		 relay_rs_count(const struct relay *);
/* The i-th stored real server in key order (i < count). */
const struct ipc_rs_state *relay_rs_at(const struct relay *, size_t i);

/* Remember an instance's state; 1 when it changed, 0 when not. */
int		 relay_vrrp_update(struct relay *,
		    const struct ipc_vrrp_state *);
const struct ipc_vrrp_state *relay_vrrp_find(const struct relay *,
		    const char *name);
size_t		 relay_vrrp_count(const struct relay *);

/* Forget everything (e.g. the VRRP side after a reload removed it). */
void		 relay_vrrp_clear(struct relay *);

/*
 * Replay to a (re)started VRRP child: every stored RS_STATE, in key
 * order, then SNAPSHOT_END.  0, or -1 when send failed.
 */
int		 relay_replay(const struct relay *, relay_send_fn, void *ctx);

/*
 * Remember a BFD session's state (IPC_BFD_STATE, key: its name).  1 when
 * it is new or its state or destinations changed, 0 for a repeat.
 */
int		 relay_bfd_update(struct relay *, const struct ipc_bfd_state *);
const struct ipc_bfd_state *relay_bfd_find(const struct relay *,
		    const char *name);
/*
 * Replay to a (re)started child every stored BFD state whose
 * destinations include to (IPC_BFD_TO_VRRP or _CHECKER).  0, or -1 when
 * send failed.
 */
int		 relay_bfd_replay(const struct relay *, uint8_t to,
		    relay_send_fn, void *ctx);

/* Key order of two real servers (vs, family, addr, port). */
int		 relay_rs_cmp(const struct ipc_rs_state *,
		    const struct ipc_rs_state *);

#endif
