/*
 * vrrp_ah: the engine's side of VRRPv2 IPSEC-AH authentication: each
 * instance's sequence counter (struct vrrp_pkt_ah_seq in vrrp_rt) and
 * keepalived 2.2.7's rules that move it.  The codec (pkt.c) computes
 * and verifies the ICV; these hooks, called from vrrp.c, number the
 * adverts and follow the state.  All do nothing for an instance without
 * auth_type AH.
 */
#ifndef VIGIL_VRRP_AH_H
#define VIGIL_VRRP_AH_H

#include <stdbool.h>

struct vrrp_rt;
struct vrrp_pkt;
struct addr;

/* An advert about to be sent (once for all unicast peers): the key and
 * the next sequence number. */
void	vrrp_ah_fill(struct vrrp_rt *, struct vrrp_pkt *);

/* Before vrrp_pkt_check(): the counter the advert must beat. */
void	vrrp_ah_expect(struct vrrp_rt *);

/*
 * After vrrp_pkt_check(), before the machine sees the advert: a verified
 * advert moves the counter; a MASTER about to answer a lower priority
 * one takes its number + 1 (so its answer beats it).  Returns whether
 * vrrp_ah_synced() must log after the machine has run.
 */
bool	vrrp_ah_received(struct vrrp_rt *, const struct vrrp_pkt *,
	    const struct addr *src, bool accepted);
void	vrrp_ah_synced(struct vrrp_rt *);

/* The instance entered MASTER: a counter that cycled starts again. */
void	vrrp_ah_master(struct vrrp_rt *);

#endif
