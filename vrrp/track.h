/*
 * track: what an instance tracks, and keepalived's arithmetic over it
 * (keepalived's vrrp_track.c).
 *
 * Each instance holds a flat array of tracked items: its own interface,
 * track_interface, track_script, track_file, track_process and
 * track_real_server lines, and those of its sync group.  An item is UNKNOWN (a vrrp_script that
 * has not reported yet), UP or DOWN.  vrrp_track_eval() folds the array
 * into a sum: the number of unweighted items failing (FAULT while any),
 * of unweighted items not yet known (FAULT, silently, until each has
 * reported once), and the tracked total priority (base plus weights).
 * vrrp_track_decide() says what the state machine must be told between
 * two sums.  All pure: the engine owns the I/O.
 *
 * Weights as keepalived: an unweighted item failing is a fault (reverse:
 * failing when up); a positive weight is added while the item is up, a
 * negative one while it is down; reverse flips the sign of the weight.
 * track_file adds value * weight (reverse: negated); its total at -254
 * or below is a fault; without a weight a nonzero value is a fault.
 */
#ifndef VIGIL_VRRP_TRACK_H
#define VIGIL_VRRP_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf_vrrp.h"

enum vrrp_track_kind {
	VRRP_TRACK_IF,		/* own interface or track_interface */
	VRRP_TRACK_SCRIPT,
	VRRP_TRACK_FILE,
	VRRP_TRACK_RS,		/* track_real_server line */
	VRRP_TRACK_PROCESS,	/* track_process: UP while in quorum */
	VRRP_TRACK_BFD		/* track_bfd: UP while the session is Up */
};

enum vrrp_track_status {
	VRRP_TRACK_UNKNOWN,	/* not reported yet */
	VRRP_TRACK_UP,
	VRRP_TRACK_DOWN
};

struct vrrp_track_item {
	enum vrrp_track_kind	 kind;
	const char		*name;
	int			 weight;	/* 0: unweighted */
	bool			 reverse;
	bool			 own;		/* the instance's interface */
	enum vrrp_track_status	 status;
	long			 value;		/* track_file */
	int			 ifindex;	/* interface, 0 unknown */
	void			*obj;		/* the engine's object */
};

struct vrrp_track_sum {
	unsigned	nfault;		/* unweighted items failing */
	unsigned	ninit;		/* unweighted items not reported */
	int		total;		/* base priority plus weights */
};

/* Fold n items over base into *sum. */
void	vrrp_track_eval(const struct vrrp_track_item *, size_t n,
	    unsigned base, struct vrrp_track_sum *);

/* Whether the sum keeps the instance out of service. */
bool	vrrp_track_down(const struct vrrp_track_sum *);

/* What to tell the machine going from prev to cur (a mask). */
#define VRRP_TRACK_DO_PRIO	0x01	/* PRIORITY_CHANGED with cur->total */
#define VRRP_TRACK_DO_FAULT	0x02	/* FAULT */
#define VRRP_TRACK_DO_CLEAR	0x04	/* FAULT_CLEARED */
int	vrrp_track_decide(const struct vrrp_track_sum *prev,
	    const struct vrrp_track_sum *cur);

/* keepalived's effective priority from a total: 1..254; an owner's 255
 * never changes. */
unsigned vrrp_track_clamp(unsigned base, int total);

/*
 * A vrrp_script's rise/fall hysteresis (keepalived's "result" counter:
 * 0 .. rise + fall - 1, OK from rise up).  init_fail starts it failed.
 */
struct vrrp_track_hyst {
	int	result;
	int	rise, fall;
	bool	reported;	/* one result seen (or init_fail) */
	bool	ok;
};

void	vrrp_track_hyst_init(struct vrrp_track_hyst *, int rise, int fall,
	    bool init_fail);
/* Feed one run's outcome: 1 the state became OK, 0 it became failed
 * (or the first report says failed), -1 no change to report. */
int	vrrp_track_hyst_feed(struct vrrp_track_hyst *, bool success);
enum vrrp_track_status vrrp_track_hyst_status(const struct vrrp_track_hyst *);

/*
 * track_real_server: the last report of one real server, as RS_STATE
 * delivered it.
 */
struct vrrp_track_rs_seen {
	int		 family;
	uint8_t		 addr[16];
	uint16_t	 port;
	bool		 up;
	bool		 checked;
	char		 vs[64];
	/* Replication facts of a MYSQL_CHECK server (ipc.h): repl is an
	 * enum ipc_repl, IPC_REPL_NONE when none was ever reported. */
	uint8_t		 repl;
	uint8_t		 repl_threads;
	int32_t		 lag;		/* s, -1 unknown */
};

/* Whether a report is about a real server the line names. */
bool	vrrp_track_rs_matches(const struct vrrp_track_rs *,
	    const struct vrrp_track_rs_seen *);
/*
 * A line's status over the reports seen: DOWN while fewer reports than
 * the line's matches have arrived, or any matching one is down or not
 * checked yet; UP otherwise.
 */
enum vrrp_track_status vrrp_track_rs_status(const struct vrrp_track_rs *,
	    const struct vrrp_track_rs_seen *, size_t n);

const char *vrrp_track_status_name(enum vrrp_track_status);

#endif
