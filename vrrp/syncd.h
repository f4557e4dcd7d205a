/*
 * syncd: the IPVS connection synchronisation daemon that follows one
 * VRRP instance (global lvs_sync_daemon), as keepalived 2.2.7 runs it
 * from its VRRP process: the backup daemon at start, master while the
 * instance is MASTER, backup again when it leaves MASTER, and the
 * running one stopped on shutdown.  The VRRP child talks to the kernel
 * itself over generic netlink (lib/nl_ipvs); the checker is not asked.
 */
#ifndef VIGIL_VRRP_SYNCD_H
#define VIGIL_VRRP_SYNCD_H

#include <stdint.h>

#include "conf_global.h"
#include "nl_ipvs.h"

struct vrrp_engine;
struct vrrp_rt;
struct conf;

/* The kernel's daemon for the configured daemon d of an instance with
 * vrid, in state (IP_VS_STATE_MASTER / _BACKUP).  Pure. */
void	vrrp_syncd_daemon(const struct global_lvs_sync_daemon *d,
	    unsigned vrid, int32_t state, struct nl_ipvs_daemon *out);

/* Engine start, after the instances are created and before they start:
 * open IPVS and start the backup daemon. */
void	vrrp_syncd_start(struct vrrp_engine *);
/* The instance rt entered state (VRRP_FSM_MASTER, _BACKUP, _FAULT). */
void	vrrp_syncd_state(struct vrrp_rt *, int state);
/* After a reload: restart the daemon when its settings or instance
 * changed, start or stop it when lvs_sync_daemon came or went. */
void	vrrp_syncd_reload(struct vrrp_engine *);
/* Shutdown: stop the daemon running and forget it. */
void	vrrp_syncd_stop(struct vrrp_engine *);

#endif
