/*
 * nft: the no_accept firewall of the VRRP child, in keepalived's layout.
 *
 * keepalived enforces an instance's no_accept (RFC 5798 Accept_Mode
 * False) while it is MASTER by dropping traffic to and from its VIPs with
 * nftables.  Its table (default "keepalived") exists in the families ip
 * and ip6, each with base chains "in" (hook input) and "out" (hook
 * output) of type filter, priority nftables_priority (-1) and policy
 * accept, a set "vips" and the rules
 *
 *	in:	ip daddr @vips drop
 *	out:	ip saddr @vips drop
 *
 * IPv6 first accepts neighbour discovery (a constant set
 * "neighbor-discovery": NS, NA), and sends fe80::/10 traffic to the
 * chains "in_link_local" / "out_link_local", which drop what matches the
 * set "vips_link_local" of address . interface index.  A family's table
 * is made with its first element, as keepalived does.
 *
 * Two layers.  The encoders (vrrp_nft_batch_*) append libnftnl messages
 * to a batch in memory and touch no kernel, so tests read them back with
 * libnftnl's parsers.  struct vrrp_nft owns a NETLINK_NETFILTER socket,
 * sends batches (atomic in the kernel) and keeps who holds each element,
 * so that two instances sharing an address do not take it from each
 * other.  Functions return 0 or -1 with errno (the kernel's error for a
 * refused batch) and never log.
 */
#ifndef VIGIL_VRRP_NFT_H
#define VIGIL_VRRP_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define VRRP_NFT_TABLE		"keepalived"	/* keepalived's default */
#define VRRP_NFT_PRIORITY	(-1)

/* vrrp_nft_open's *old: leftover tables it deleted. */
#define VRRP_NFT_OLD_IP		0x1
#define VRRP_NFT_OLD_IP6	0x2

struct vrrp_nft_conf {
	const char	*table;
	int		 priority;
	bool		 counters;	/* nftables_counters */
};

/* One element: a VIP, and the interface of an IPv6 link-local one. */
struct vrrp_nft_elem {
	struct addr	 addr;
	int		 ifindex;
};

/* --- encoders ------------------------------------------------------------ */

struct vrrp_nft_batch {
	char		*buf;
	size_t		 size, len;
	uint32_t	 seq;		/* next sequence number */
	uint32_t	 first, last;	/* of the messages inside */
	uint32_t	 set_id;	/* NFTA_SET_ID of the last set */
};

/* Start a batch (NFNL_MSG_BATCH_BEGIN) numbered from seq. */
void	vrrp_nft_batch_init(struct vrrp_nft_batch *, uint32_t seq);
/* Close it (NFNL_MSG_BATCH_END); the bytes are buf[0 .. len). */
void	vrrp_nft_batch_end(struct vrrp_nft_batch *);
void	vrrp_nft_batch_free(struct vrrp_nft_batch *);
/* Whether any message sits between begin and end. */
bool	vrrp_nft_batch_empty(const struct vrrp_nft_batch *);

/* The table of family (AF_INET / AF_INET6), its base chains, sets and
 * rules. */
void	vrrp_nft_batch_table(struct vrrp_nft_batch *, int family,
	    const struct vrrp_nft_conf *);
/* IPv6: the set vips_link_local and the rules that use it (after
 * vrrp_nft_batch_table(AF_INET6) in this or an earlier batch). */
void	vrrp_nft_batch_link_local(struct vrrp_nft_batch *,
	    const struct vrrp_nft_conf *);
/* Add or delete elements: one message per set they fall in. */
void	vrrp_nft_batch_elems(struct vrrp_nft_batch *, const char *table,
	    bool add, const struct vrrp_nft_elem *, size_t n);
void	vrrp_nft_batch_deltable(struct vrrp_nft_batch *, int family,
	    const char *table);

/*
 * use_vmac (keepalived's nft_add_vmac): the map "vmac_map" (VMAC ifindex
 * : base ifindex) and the rule in "out" that sends IGMP (IPv6: MLDv2)
 * reports leaving a VMAC out of its base instead,
 *
 *	ip protocol igmp meta oifkind "macvlan"
 *	    dup to ip daddr device oif map @vmac_map drop
 *
 * and for IPv6 the set "vmac_set" and a rule dropping router
 * solicitations from the VMACs.  With table, the table and its chain
 * "out" first (no VIP part yet).
 */
void	vrrp_nft_batch_vmac(struct vrrp_nft_batch *, int family,
	    const struct vrrp_nft_conf *, bool table);
/* Add or delete a VMAC's elements (vmac_map, and vmac_set for IPv6). */
void	vrrp_nft_batch_vmac_elem(struct vrrp_nft_batch *, int family,
	    const char *table, bool add, int ifindex, int base_ifindex);

/* Which set an element belongs in: "vips" or "vips_link_local". */
bool	vrrp_nft_elem_link_local(const struct vrrp_nft_elem *);

/* --- the firewall ---------------------------------------------------------- */

struct vrrp_nft;

/*
 * Open the netfilter socket and delete the tables a crashed run left
 * behind (*old says which: VRRP_NFT_OLD_*, for the caller to log
 * keepalived's "Deleting old ip keepalived table").  NULL with errno.
 */
struct vrrp_nft *vrrp_nft_open(const struct vrrp_nft_conf *, unsigned *old);

/*
 * Make the elements that owner holds exactly elems[0 .. n) (n 0: none),
 * in one batch: elements no other owner holds are added or deleted, and
 * a family's table is made with its first element.  Nothing is sent when
 * nothing changes.  On failure nothing changed (the batch is atomic).
 */
int	vrrp_nft_update(struct vrrp_nft *, const void *owner,
	    const struct vrrp_nft_elem *elems, size_t n);

/* Add (or delete) a VMAC: its family's VMAC part is made with the first
 * one.  0, or -1 with errno. */
int	vrrp_nft_vmac(struct vrrp_nft *, int family, int ifindex,
	    int base_ifindex, bool add);

/* Elements currently held by owner (all owners: owner NULL). */
size_t	vrrp_nft_held(const struct vrrp_nft *, const void *owner);

/* Delete the tables made, close and free; -1 when the deletion failed
 * (everything is freed anyway).  Harmless on NULL. */
int	vrrp_nft_close(struct vrrp_nft *);

#endif
