/*
 * vroute: an instance's virtual_routes and virtual_rules, and the root
 * static_ipaddress, static_routes and static_rules, on the kernel with
 * keepalived 2.2.7's semantics.
 *
 * A struct vroute_set is a list of entries (addresses, then routes, then
 * rules), each pointing at its config line.  Adding walks the list
 * forward, removing walks it backward, so rules go before routes before
 * addresses, as keepalived's vrrp_restore_interface and vrrp_terminate.
 * An entry is "set" once the kernel took it (EEXIST for a route or an
 * address counts, as in keepalived's netlink_talk); removal sends only
 * the entries that are set, and the request removing an entry is encoded
 * when it is added and kept with it: what is removed is exactly what was
 * added, even after a reload freed the config it came from.
 *
 * The instance side is driven from vrrp.c's rt_vips(): routes and rules
 * follow the VIPs (become MASTER: VIPs, routes, rules; leave: rules,
 * routes, VIPs).  The static side has one set per VRRP child.
 */
#ifndef VIGIL_VRRP_VROUTE_H
#define VIGIL_VRRP_VROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl.h"

struct conf;
struct ipaddr_list;
struct route_list;
struct rule_list;
struct vrrp_child;
struct vrrp_rt;

enum vroute_kind {
	VROUTE_ADDR,
	VROUTE_ROUTE,
	VROUTE_RULE
};

struct vroute_ent {
	enum vroute_kind kind;
	const void	*conf;		/* struct ipaddr/route/rule_conf */
	bool		 set;		/* the kernel holds it for us */
	uint8_t		*key;		/* while set: the add request */
	size_t		 key_len;
	uint8_t		*del;		/* while set: the delete request */
	size_t		 del_len;
	char		*label;		/* while set: "route X" / "rule ..."
					   for the log on removal */
	bool		 track;		/* not no_track: followed on the
					   kernel's deletions */
};

struct vroute_set {
	const void	*owner;		/* config the entries point into */
	struct vroute_ent *e;
	size_t		 n;
	size_t		 nset;		/* entries set */
};

/*
 * Make s the entries of the lists (any may be NULL) of owner.  Entries of
 * the old set that are set and equal (same add request) to a new one
 * hand their state over; the other set ones are removed from the kernel
 * first (keepalived's clear_diff_routes / clear_diff_rules on reload).
 */
void	vroute_set_update(struct nl_sock *, struct vroute_set *,
	    const void *owner, const struct ipaddr_list *,
	    const struct route_list *, const struct rule_list *);

/*
 * Add every entry not yet set (add), or remove every set entry.  force
 * (removal only) also sends a delete for the tracked rules that are not
 * set, ENOENT being no error: keepalived's clean-up of rules left behind
 * by an earlier run.  Failures are logged in keepalived's words; returns
 * their number.
 */
int	vroute_set_apply(struct nl_sock *, struct vroute_set *, bool add,
	    bool force);

/* Forget the entries without touching the kernel (-V, or after apply). */
void	vroute_set_free(struct vroute_set *);

/* --- hooks of vrrp.c --------------------------------------------------- */

/*
 * After the VIPs were added (add) or before they are removed: the
 * instance's virtual routes and rules.  The set follows the instance's
 * config (a reload swaps it here).  Removal while the VIPs are not set
 * is the release at start.
 */
void	vroute_rt_apply(struct vrrp_rt *, bool add);
/* rt_rebind (reload), with rt->conf the new config and the old one
 * still alive: hand the state over, remove what the new one dropped. */
void	vroute_rt_rebind(struct vrrp_rt *);
/* rt_destroy: forget (never removes: -V keeps them). */
void	vroute_rt_free(struct vrrp_rt *);

/*
 * The static addresses, routes and rules of the VRRP child: installed at
 * start (after clearing leftover static rules), brought to vc's new
 * config on reload, removed at stop (even with -V, as keepalived).
 *
 * Start (and reload) also open the route monitor when some route or rule
 * is configured: as keepalived's netlink_route_filter and
 * netlink_rule_filter, when a tracked route or rule that we set is
 * deleted by somebody else, a MASTER instance owning it goes to BACKUP
 * (to become MASTER again and re-add it) and a static one is restored
 * ("Restoring deleted static route ...").
 */
void	vroute_static_start(struct vrrp_child *);
void	vroute_static_reload(struct vrrp_child *);
void	vroute_static_stop(void);

#endif
