/*
 * bfd_fsm: one BFD session (RFC 5880 asynchronous mode) as keepalived
 * 2.2.7 runs it, with explicit time.
 *
 * The session holds three deadlines instead of timers: tx_due (next
 * periodic Control packet), exp_due (Detection Time since the last
 * packet: the session goes Down with "Control Detection Time Expired")
 * and rst_due (a Detection Time after going Down the remote variables
 * are forgotten).  0 means not armed.  The daemon arms one loop timer at
 * bfd_sess_next() and calls bfd_sess_timer() when it fires; packets go
 * in through bfd_sess_rx().  What the caller must do (send a packet now,
 * tell the parent, log) comes back in struct bfd_out.
 *
 * keepalived's behaviours kept: the periodic interval is jittered down
 * by 10 to 25 %; a Poll is answered at once with Final; going Up with
 * idle_tx != min_tx starts a Poll Sequence; the expiry timer runs from
 * entering Init and is pushed back by packets only while Up; a passive
 * session sends nothing until it hears from its neighbour and stops
 * again when it goes Down; events are told on entering Up and on
 * leaving Up (unless the neighbour said AdminDown).  Times are in µs.
 */
#ifndef VIGIL_BFD_FSM_H
#define VIGIL_BFD_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "bfd_pkt.h"

/* A random number in [lo, hi] (jitter, discriminators). */
typedef uint32_t (*bfd_rand_fn)(void *arg, uint32_t lo, uint32_t hi);

struct bfd_params {
	uint32_t	min_rx_us, min_tx_us, idle_tx_us;
	uint8_t		mult;
	bool		passive;
};

struct bfd_sess {
	struct bfd_params p;
	bfd_rand_fn	 rnd;
	void		*rnd_arg;

	uint8_t		 local_state, remote_state;
	uint8_t		 local_diag, remote_diag;
	uint32_t	 local_discr, remote_discr;
	uint32_t	 remote_min_tx, remote_min_rx;
	uint8_t		 remote_mult;
	bool		 remote_demand;
	bool		 poll, final;

	uint32_t	 local_tx_intv, remote_tx_intv;
	uint64_t	 local_detect_time, remote_detect_time;
	uint64_t	 last_seen;		/* 0: never */

	uint64_t	 tx_due, exp_due, rst_due;	/* 0: not armed */
	unsigned	 nup, ndown;			/* transitions */
};

#define BFD_OUT_SEND		0x01	/* send a Control packet now */
#define BFD_OUT_STATE		0x02	/* local state changed */
#define BFD_OUT_EVENT		0x04	/* tell the parent (Up / not Up) */
#define BFD_OUT_DETECT		0x08	/* detection time changed */
#define BFD_OUT_EXPIRED		0x10	/* detection time passed */

struct bfd_out {
	int		 what;		/* BFD_OUT_* */
	uint8_t		 old_state, new_state;
	uint64_t	 old_detect;	/* with BFD_OUT_DETECT */
	uint64_t	 dead_us;	/* with BFD_OUT_EXPIRED: since last */
};

/* A new session in Down; local_discr is the caller's (unique, nonzero).
 * An active session sends its first packet at now. */
void	bfd_sess_init(struct bfd_sess *, const struct bfd_params *,
	    uint32_t local_discr, bfd_rand_fn, void *rnd_arg, uint64_t now);
/* A validated packet from the neighbour (the caller found the session
 * and checked TTL). */
void	bfd_sess_rx(struct bfd_sess *, const struct bfd_pkt *, uint64_t now,
	    struct bfd_out *);
/* Run what is due at now (expiry, reset, periodic send). */
void	bfd_sess_timer(struct bfd_sess *, uint64_t now, struct bfd_out *);
/* The earliest armed deadline, 0 when none. */
uint64_t bfd_sess_next(const struct bfd_sess *);
/* The packet to send now; clears Final (it answered a Poll). */
void	bfd_sess_build(struct bfd_sess *, struct bfd_pkt *);
/* The session cannot send (no socket): AdminDown, nothing armed. */
void	bfd_sess_admindown(struct bfd_sess *, struct bfd_out *);
/* Whether the local state is Up (what the parent is told). */
bool	bfd_sess_up(const struct bfd_sess *);
/* Take over the state of old (reload keeps a session by name);
 * parameters stay those of s. */
void	bfd_sess_copy_state(struct bfd_sess *, const struct bfd_sess *old);

#endif
