/*
 * vmac: use_vmac, an instance's own macvlan interface carrying the VRRP
 * virtual MAC (keepalived-compat.md §4.5 use_vmac, §5.12, §7).
 *
 * With use_vmac the instance runs on a private-mode macvlan on top of
 * its configured (base) interface, named <vmac_prefix>.<vrid> unless
 * named in the config, with MAC 00:00:5e:00:01:<vrid> (IPv4) or
 * 00:00:5e:00:02:<vrid> (IPv6) unless given.  The VIPs of the
 * instance's family go on it, GARPs / NAs leave from its MAC, and the
 * adverts are sent and received on it, or on the base interface with
 * vmac_xmit_base, as keepalived's socket pool does.  An IPv4 VMAC gets
 * keepalived's devconf (arp_ignore 1, accept_local 1, rp_filter 0,
 * promote_secondaries 1; the base arp_ignore 1 and arp_filter 1 until
 * the last VMAC on it goes; all.rp_filter cleared while VMACs exist);
 * IPv6 address generation is off and an IPv6 VMAC carries the link-local
 * advert source.  The link is deleted when the instance goes, except on
 * a stop with -V.
 *
 * garp_extra_if / vrrp_garp_extra_if: a MASTER re-announces its VIPs on
 * the other interfaces carrying them every N seconds.
 */
#ifndef VIGIL_VRRP_VMAC_H
#define VIGIL_VRRP_VMAC_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "addr.h"

struct vrrp_rt;

/*
 * One VMAC link.  Embedded in struct vrrp_rt for the instance's own
 * (use_vmac), whose addrs are its address VMACs (use_vmac on an address,
 * use_vmac_addr: one per base interface and family).
 */
struct vrrp_vmac {
	bool		 active;	/* the instance runs on a VMAC */
	bool		 xmit_base;	/* adverts on the base interface */
	bool		 base_ref;	/* holds the base's arp settings */
	bool		 counted;	/* set up by us as an IPv4 VMAC */
	bool		 other_family;	/* eVIPs of the other family */
	bool		 no_igmp_fw;	/* disable_local_igmp */
	int		 family;
	int		 base_ifindex;
	char		 base_ifname[IFNAMSIZ];
	uint8_t		 base_mac[6];
	int		 ifindex;	/* the VMAC, 0 when absent */
	char		 ifname[IFNAMSIZ];
	uint8_t		 mac[6];
	uint64_t	 garp_extra_next;	/* µs, 0: not armed */
	struct vrrp_vmac *addrs;	/* the address VMACs */
	size_t		 naddrs;
};

/* The VMAC MAC of an instance: the configured one, or the VRRP one of
 * the family and vrid.  0, or -1 when the configured one is invalid. */
int	vrrp_vmac_addr(int family, unsigned vrid, const char *conf,
	    uint8_t mac[6]);

/*
 * Put rt (whose ifindex, ifname, mac and saddr are those of the base
 * interface) on its VMAC: find a matching one, or create it, set it up
 * and make it the instance's interface (rt->ifindex, ifname, mac,
 * ifflags, link_up).  On failure rt->ifindex is 0: the instance has no
 * usable interface (FAULT), as in keepalived.  Logs.
 */
void	vrrp_vmac_attach(struct vrrp_rt *);

/* Delete rt's VMAC (not on a stop with -V) and give back what its set-up
 * changed.  Harmless without a VMAC. */
void	vrrp_vmac_detach(struct vrrp_rt *);

/* The interface adverts use: the VMAC, or the base with vmac_xmit_base
 * (rt's own interface when it has no VMAC).  *ifname is set. */
int	vrrp_vmac_sock_if(const struct vrrp_rt *, const char **ifname);

/*
 * After the VIP sets were built: addresses of the instance's family on
 * the base or the VMAC go on the VMAC, those of the other family on the
 * base (keepalived's vrrp_complete_instance).
 */
void	vrrp_vmac_vips(struct vrrp_rt *);

/*
 * A link event about one of our VMACs may be stale (queued while we
 * created and set it up): when l is one, read its state now into *fresh
 * and return true.
 */
struct vrrp_engine;
struct nl_link;
bool	vrrp_vmac_fresh(struct vrrp_engine *, const struct nl_link *l,
	    struct nl_link *fresh);

/*
 * The link ifindex was deleted: when it was rt's VMAC, log it and create
 * it again on its base (keepalived's recreate_vmac_thread), moving rt and
 * its VIPs on the new link (rt->ifindex 0 when that failed: FAULT).
 * Whether it was rt's VMAC; the caller then renews rt's socket and reads
 * the link's state.
 */
bool	vrrp_vmac_recreate(struct vrrp_rt *, int ifindex);

/* The interface whose addresses the advert source comes from: an IPv4
 * VMAC's base, as keepalived (it has no address of its own). */
int	vrrp_vmac_saddr_if(const struct vrrp_rt *);

/*
 * The firewall (nft.h) was opened: add every VMAC, as keepalived's
 * nft_add_vmac (an IPv4 one not with disable_local_igmp); closed: NULL.
 */
struct vrrp_nft;
void	vrrp_vmac_fw_open(struct vrrp_engine *, struct vrrp_nft *);
/* Whether instance c needs the firewall for its VMAC. */
struct vrrp_instance_conf;
struct global_conf;
bool	vrrp_vmac_fw_needed(const struct vrrp_instance_conf *,
	    const struct global_conf *);

/* The name of the interface rt was configured on (the base). */
const char *vrrp_vmac_base_ifname(const struct vrrp_rt *);

/* After each advert: garp_extra_if re-announcements when due. */
void	vrrp_vmac_garp_extra(struct vrrp_rt *);

#endif
