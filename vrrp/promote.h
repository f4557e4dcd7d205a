/*
 * promote: promotion safety, Vigil's guard on an instance's way from
 * BACKUP to MASTER for dual-master MySQL (promote_require_caught_up,
 * promote_max_lag, promote_script; parser/kw_vrrp_promote.c).
 *
 * The gate is pure: it judges the replication facts the tracked
 * MYSQL_CHECK real servers last reported (RS_STATE, ipc.h).  The runtime
 * part is the fsm's promote output: the gate first, then the
 * promote_script, run asynchronously, whose exit status the machine gets
 * as VRRP_FSM_EV_PROMOTE_DONE.  Replication state gates promotion only:
 * a MASTER is never demoted by it (in dual-master replication the
 * master's own replica thread breaks when the backup dies).
 */
#ifndef VIGIL_VRRP_PROMOTE_H
#define VIGIL_VRRP_PROMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf_vrrp.h"
#include "fsm.h"
#include "spawn.h"
#include "track.h"

#define VRRP_PROMOTE_WHY_MAX	192

/* The runtime of one instance (embedded in struct vrrp_rt). */
struct vrrp_promote_rt {
	struct spawn_proc proc;		/* promote_script */
	bool		 waiting;	/* the machine awaits its result */
	char		 refused[VRRP_PROMOTE_WHY_MAX];	/* last logged */
};

/*
 * The gate of v over the n reports seen.  true: v may become MASTER;
 * false: why holds the reason, as logged after "(VI_1) promotion
 * refused: ", e.g. "[192.168.222.129]:3306 replica has not applied its
 * relay log".  Only reports matching a track_real_server line of v that
 * carry replication facts count; with none the gate refuses.  An
 * instance without promote_require_caught_up or promote_max_lag always
 * passes.
 */
bool	vrrp_promote_gate(const struct vrrp_instance_conf *v,
	    const struct vrrp_track_rs_seen *seen, size_t n, char *why,
	    size_t len);

/* "caught up", "behind", "not a replica", "unknown", "none". */
const char *vrrp_promote_repl_name(unsigned repl);

/* The fsm's promote and promote_cancel outputs (ctx: struct vrrp_rt). */
enum vrrp_fsm_promote vrrp_promote_ask(struct vrrp_fsm *);
void	vrrp_promote_cancel(struct vrrp_fsm *);

struct vrrp_rt;
/* The instance goes away: forget a running promote_script (its group is
 * killed). */
void	vrrp_promote_stop(struct vrrp_rt *);

#endif
