/*
 * vrrp_ah: keepalived 2.2.7's IPSEC-AH sequence number rules for one
 * instance (vrrp.c's vrrp_update_pkt, vrrp_check_packet,
 * vrrp_state_master_rx and vrrp_state_goto_master).  See vrrp_ah.h and
 * pkt.h (struct vrrp_pkt_ah_seq).
 *
 * The counter is shared by both directions, as in keepalived: a BACKUP
 * holds the last number its master sent, so if it takes over it goes on
 * numbering from there and the other nodes, which hold the same number,
 * accept it.
 */
#include <string.h>

#include "log.h"
#include "vrrp.h"
#include "vrrp_ah.h"

/* rt_build_expect sets auth AH only where keepalived uses it (v2 IPv4,
 * not strict). */
static bool
ah_on(const struct vrrp_rt *rt)
{
	return rt->expect.auth_type == VRRP_PKT_AUTH_AH;
}

void
vrrp_ah_fill(struct vrrp_rt *rt, struct vrrp_pkt *p)
{
	if (!ah_on(rt))
		return;
	memcpy(p->auth_data, rt->expect.auth_data, VRRP_PKT_AUTH_LEN);
	p->ah_seq = vrrp_pkt_ah_next(&rt->ah);
}

void
vrrp_ah_expect(struct vrrp_rt *rt)
{
	rt->expect.ah_seq = rt->ah.seq;
}

/* vrrp_state_master_rx: would the machine, as MASTER, treat this advert
 * as lower priority (and force a new election)? */
static bool
ah_master_lower(const struct vrrp_rt *rt, const struct vrrp_pkt *p,
    const struct addr *src)
{
	const struct vrrp_fsm *f = &rt->fsm;

	if (f->state != VRRP_FSM_MASTER || p->priority == 0)
		return false;
	if (p->priority != f->effective_priority)
		return p->priority < f->effective_priority;
	/* Two owners: the machine drops to 254 and yields. */
	if (p->priority == VRRP_CONF_PRIO_OWNER)
		return false;
	return addr_is_set(&f->saddr) && src->family == f->saddr.family &&
	    addr_cmp(src, &f->saddr) < 0;
}

bool
vrrp_ah_received(struct vrrp_rt *rt, const struct vrrp_pkt *p,
    const struct addr *src, bool accepted)
{
	if (!ah_on(rt) || !p->ah_verified)
		return false;
	/* Verified is enough: keepalived moves the counter before its
	 * remaining checks. */
	rt->ah.seq = p->ah_seq;
	if (rt->fsm.state == VRRP_FSM_BACKUP)
		rt->ah.cycle = false;
	if (!accepted || rt->fsm.state != VRRP_FSM_MASTER || p->priority == 0)
		return false;
	rt->ah.cycle = false;
	if (!ah_master_lower(rt, p, src))
		return false;
	rt->ah.seq = p->ah_seq + 1;
	return true;
}

void
vrrp_ah_synced(struct vrrp_rt *rt)
{
	log_info("(%s) IPSEC-AH : Syncing seq_num - Increment seq",
	    rt->conf->name);
}

void
vrrp_ah_master(struct vrrp_rt *rt)
{
	if (!ah_on(rt) || !rt->ah.cycle)
		return;
	rt->ah.cycle = false;
	rt->ah.seq = 0;
}
