/*
 * vmac: an instance's macvlan (use_vmac), set up and removed as
 * keepalived 2.2.7 does it (vrrp_vmac.c, vrrp_if_config.c), and the
 * garp_extra_if re-announcements.
 *
 * The kernel side goes through lib/nl_link (macvlan create / update /
 * delete, IPv4 devconf, IPv6 address generation mode); what cannot be
 * set over rtnetlink (net.ipv6.conf.IF.disable_ipv6, the "all" and
 * "default" rp_filter) goes through /proc/sys.  Two pieces of state
 * outlive one instance and live here: the arp_ignore / arp_filter of
 * each base interface, taken while some VMAC sits on it and given back
 * after the last one, and all.rp_filter, cleared while VMACs exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/ip.h>

#include "cli.h"
#include "conf.h"
#include "log.h"
#include "nl_addr.h"
#include "nl_link.h"
#include "nft.h"
#include "vmac.h"
#include "vrrp.h"
#include "xalloc.h"

/* --- process-wide state ---------------------------------------------------- */

/* arp settings of a base interface, held while VMACs sit on it. */
struct vmac_base {
	int		 ifindex;
	unsigned	 refs;
	uint32_t	 arp_ignore, arp_filter;	/* to restore */
};

/* An interface whose rp_filter we raised to all.rp_filter. */
struct vmac_rpif {
	int		 ifindex;
	uint32_t	 old;
};

static struct vmac_base *vmac_bases;
static size_t vmac_nbases;
static unsigned vmac_nactive;		/* attached IPv4 VMACs */
static long vmac_all_rp = -1;		/* all.rp_filter we cleared */
static long vmac_default_rp = -1;	/* default.rp_filter we raised */
static struct vmac_rpif *vmac_rpifs;
static size_t vmac_nrpifs;

/* --- helpers --------------------------------------------------------------- */

static long
vmac_sysctl_get(const char *fam, const char *ifname, const char *param)
{
	char path[128], buf[16];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", fam,
	    ifname, param);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

static int
vmac_sysctl_set(const char *fam, const char *ifname, const char *param,
    unsigned value)
{
	char path[128], buf[16];
	ssize_t n;
	int fd, len;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", fam,
	    ifname, param);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	len = snprintf(buf, sizeof(buf), "%u", value);
	n = write(fd, buf, (size_t)len);
	close(fd);
	return n == len ? 0 : -1;
}

static const char *
vmac_mac_str(const uint8_t mac[6], char *buf, size_t size)
{
	snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

int
vrrp_vmac_addr(int family, unsigned vrid, const char *conf, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	int i;

	if (conf == NULL) {
		mac[0] = 0x00;
		mac[1] = 0x00;
		mac[2] = 0x5e;
		mac[3] = 0x00;
		mac[4] = family == AF_INET6 ? 0x02 : 0x01;
		mac[5] = (uint8_t)vrid;
		return 0;
	}
	if (sscanf(conf, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5], &tail) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (v[i] > 0xff)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

/* --- rp_filter (keepalived's clear_rp_filter / restore_rp_filter) -------- */

/* Collect the interfaces whose rp_filter is below all's (the requests
 * cannot share the socket with the dump in progress). */
static int
vmac_rp_low_cb(const struct nl_link *l, void *arg)
{
	long all = *(const long *)arg;
	long cur = nl_link_devconf(l, IPV4_DEVCONF_RP_FILTER);

	if (cur < 0 || cur >= all)
		return 0;
	vmac_rpifs = xreallocarray(vmac_rpifs, vmac_nrpifs + 1,
	    sizeof(*vmac_rpifs));
	vmac_rpifs[vmac_nrpifs].ifindex = l->ifindex;
	vmac_rpifs[vmac_nrpifs].old = (uint32_t)cur;
	vmac_nrpifs++;
	return 0;
}

/*
 * An IPv4 VMAC needs rp_filter 0, which only works when all.rp_filter is
 * 0: raise default and every interface to all's value first, so that
 * nothing else changes behaviour, then clear all.
 */
static void
vmac_rp_clear(struct nl_sock *nl)
{
	struct nl_link_devconf dc = { IPV4_DEVCONF_RP_FILTER, 0 };
	long all, dflt;
	size_t i;

	if (vmac_all_rp >= 0)
		return;
	if ((all = vmac_sysctl_get("ipv4", "all", "rp_filter")) < 0) {
		log_info("Unable to read sysctl net.ipv4.conf.all.rp_filter");
		return;
	}
	if (all == 0)
		return;
	vmac_all_rp = all;
	dflt = vmac_sysctl_get("ipv4", "default", "rp_filter");
	if (dflt >= 0 && dflt < all) {
		log_info("NOTICE: setting sysctl net.ipv4.conf.default."
		    "rp_filter from %ld to %ld", dflt, all);
		vmac_sysctl_set("ipv4", "default", "rp_filter", (unsigned)all);
		vmac_default_rp = dflt;
	}
	(void)nl_link_list(nl, vmac_rp_low_cb, &all);
	dc.value = (uint32_t)all;
	for (i = 0; i < vmac_nrpifs; i++)
		(void)nl_link_set_devconf(nl, vmac_rpifs[i].ifindex, &dc, 1);
	log_info("NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from "
	    "%ld to 0", all);
	vmac_sysctl_set("ipv4", "all", "rp_filter", 0);
}

/* Give back what vmac_rp_clear changed, where nobody changed it since. */
static void
vmac_rp_restore(struct nl_sock *nl)
{
	struct nl_link_devconf dc = { IPV4_DEVCONF_RP_FILTER, 0 };
	struct nl_link l;
	size_t i;

	if (vmac_all_rp < 0)
		return;
	if (vmac_sysctl_get("ipv4", "all", "rp_filter") == 0) {
		log_info("NOTICE: resetting sysctl net.ipv4.conf.all.rp_filter "
		    "to %ld", vmac_all_rp);
		vmac_sysctl_set("ipv4", "all", "rp_filter",
		    (unsigned)vmac_all_rp);
	}
	if (vmac_default_rp >= 0 && vmac_sysctl_get("ipv4", "default",
	    "rp_filter") == vmac_all_rp) {
		log_info("NOTICE: resetting sysctl net.ipv4.conf.default."
		    "rp_filter to %ld", vmac_default_rp);
		vmac_sysctl_set("ipv4", "default", "rp_filter",
		    (unsigned)vmac_default_rp);
	}
	for (i = 0; i < vmac_nrpifs; i++) {
		if (nl_link_get_by_index(nl, vmac_rpifs[i].ifindex, &l) == -1 ||
		    nl_link_devconf(&l, IPV4_DEVCONF_RP_FILTER) != vmac_all_rp)
			continue;
		dc.value = vmac_rpifs[i].old;
		(void)nl_link_set_devconf(nl, l.ifindex, &dc, 1);
	}
	free(vmac_rpifs);
	vmac_rpifs = NULL;
	vmac_nrpifs = 0;
	vmac_all_rp = vmac_default_rp = -1;
}

/* --- devconf of the VMAC and its base ---------------------------------------- */

static struct vmac_base *
vmac_base_find(int ifindex)
{
	size_t i;

	for (i = 0; i < vmac_nbases; i++)
		if (vmac_bases[i].ifindex == ifindex)
			return &vmac_bases[i];
	return NULL;
}

/* keepalived's set_interface_parameters: the VMAC's settings, and the
 * base's arp_ignore / arp_filter unless both are already 1. */
static void
vmac_params_set(struct nl_sock *nl, struct vrrp_vmac *vm)
{
	static const struct nl_link_devconf vmac_dc[] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 },
		{ IPV4_DEVCONF_ACCEPT_LOCAL, 1 },
		{ IPV4_DEVCONF_RP_FILTER, 0 },
		{ IPV4_DEVCONF_PROMOTE_SECONDARIES, 1 },
	};
	static const struct nl_link_devconf base_dc[] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 },
		{ IPV4_DEVCONF_ARPFILTER, 1 },
	};
	struct vmac_base *b;
	struct nl_link l;
	long ign, filt;

	vmac_rp_clear(nl);
	if (nl_link_set_devconf(nl, vm->ifindex, vmac_dc, 4) == -1) {
		log_info("Unable to set parameters for %s", vm->ifname);
		return;
	}
	if ((b = vmac_base_find(vm->base_ifindex)) != NULL) {
		b->refs++;
		vm->base_ref = true;
		return;
	}
	if (nl_link_get_by_index(nl, vm->base_ifindex, &l) == -1)
		return;
	ign = nl_link_devconf(&l, IPV4_DEVCONF_ARP_IGNORE);
	filt = nl_link_devconf(&l, IPV4_DEVCONF_ARPFILTER);
	if (ign == 1 && filt == 1)
		return;
	if (nl_link_set_devconf(nl, vm->base_ifindex, base_dc, 2) == -1) {
		log_info("Set base flags on %s failed for VMAC %s",
		    vm->base_ifname, vm->ifname);
		log_info("Unable to set parameters for %s", vm->ifname);
		return;
	}
	vmac_bases = xreallocarray(vmac_bases, vmac_nbases + 1,
	    sizeof(*vmac_bases));
	b = &vmac_bases[vmac_nbases++];
	b->ifindex = vm->base_ifindex;
	b->refs = 1;
	b->arp_ignore = ign < 0 ? 0 : (uint32_t)ign;
	b->arp_filter = filt < 0 ? 0 : (uint32_t)filt;
	vm->base_ref = true;
}

static void
vmac_params_reset(struct nl_sock *nl, struct vrrp_vmac *vm)
{
	struct vmac_base *b;
	struct nl_link_devconf dc[2];

	if (!vm->base_ref)
		return;
	vm->base_ref = false;
	if ((b = vmac_base_find(vm->base_ifindex)) == NULL || --b->refs > 0)
		return;
	dc[0].param = IPV4_DEVCONF_ARP_IGNORE;
	dc[0].value = b->arp_ignore;
	dc[1].param = IPV4_DEVCONF_ARPFILTER;
	dc[1].value = b->arp_filter;
	if (nl_link_set_devconf(nl, b->ifindex, dc, 2) == -1 &&
	    errno != ENODEV) {
		log_info("reset interface flags on %s failed",
		    vm->base_ifname);
		log_info("Unable to reset parameters for %s",
		    vm->base_ifname);
	}
	*b = vmac_bases[--vmac_nbases];
}

/* --- finding or naming the VMAC ---------------------------------------- */

struct vmac_match {
	int		 base;
	const uint8_t	*mac;
	struct nl_link	 found;
};

static bool
vmac_link_matches(const struct nl_link *l, int base, const uint8_t mac[6])
{
	return strcmp(l->kind, "macvlan") == 0 && l->link == base &&
	    l->macvlan_mode == MACVLAN_MODE_PRIVATE && l->hwaddr_len == 6 &&
	    memcmp(l->hwaddr, mac, 6) == 0;
}

static int
vmac_match_cb(const struct nl_link *l, void *arg)
{
	struct vmac_match *m = arg;

	if (!vmac_link_matches(l, m->base, m->mac))
		return 0;
	m->found = *l;
	return 1;
}

/* Whether another instance already runs on a VMAC called name. */
static bool
vmac_name_taken(const struct vrrp_rt *rt, const char *name)
{
	const struct vrrp_rt *o;

	TAILQ_FOREACH(o, &rt->eng->rts, next)
		if (o != rt && o->vmac.active &&
		    strcmp(o->vmac.ifname, name) == 0)
			return true;
	return false;
}

static void
vmac_name_fmt(char *buf, const char *prefix, unsigned num, unsigned vrid)
{
	char n[12] = "";
	int len, cut;

	if (num > 0)
		snprintf(n, sizeof(n), "%u", num);
	len = snprintf(buf, IFNAMSIZ, "%s%s.%u", prefix, n, vrid);
	if (len >= IFNAMSIZ) {
		cut = (int)strlen(prefix) - (len - IFNAMSIZ) - 1;
		snprintf(buf, IFNAMSIZ, "%.*s%s.%u", cut < 0 ? 0 : cut, prefix,
		    n, vrid);
	}
}

/* The name prefix of the instance's VMAC, or of its address VMACs. */
static const char *
vmac_prefix(const struct vrrp_rt *rt, bool addr)
{
	const struct global_conf *g = &rt->eng->vc->conf->global;

	if (addr && g->vmac_addr_prefix != NULL)
		return g->vmac_addr_prefix;
	return g->vmac_prefix != NULL ? g->vmac_prefix : "vrrp";
}

/* keepalived's create_vmac_name: <prefix>.<vrid>, then <prefix>N.<vrid>
 * (IPv6 tries N = 6 first, then 1, 2 ... skipping 6). */
static void
vmac_name_new(struct vrrp_rt *rt, const char *prefix, int family, char *buf)
{
	struct nl_link l;
	unsigned num = 0, tries;

	for (tries = 0; tries < 1000; tries++) {
		vmac_name_fmt(buf, prefix, num, rt->conf->vrid);
		if (!vmac_name_taken(rt, buf) &&
		    nl_link_get_by_name(&rt->eng->nl, buf, &l) == -1)
			return;
		if (family == AF_INET6)
			num = num == 0 ? 6 : num == 6 ? 1 : num + 1 == 6 ?
			    7 : num + 1;
		else
			num++;
	}
}

/*
 * Decide which link to use: a matching VMAC already on the base (any
 * name), else the configured name (updated or replaced when it is an
 * incompatible macvlan), else a new name.  *existing is filled when the
 * link is kept as it is; *update when it must be rewritten in place.
 */
static void
vmac_choose(struct vrrp_rt *rt, bool *existing, struct nl_link *cur,
    bool *update)
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct vrrp_vmac *vm = &rt->vmac;
	struct vmac_match m = { vm->base_ifindex, vm->mac, { 0 } };
	struct nl_link l;

	*existing = *update = false;
	if (nl_link_list(&rt->eng->nl, vmac_match_cb, &m) == 0 &&
	    m.found.ifindex > 0 && !vmac_name_taken(rt, m.found.name)) {
		log_info("(%s) Found matching interface %s", c->name,
		    m.found.name);
		if (c->vmac_ifname != NULL && strcmp(c->vmac_ifname,
		    m.found.name) != 0)
			log_info("(%s) vmac name mismatch %s <=> %s. changing "
			    "to %s.", c->name, c->vmac_ifname, m.found.name,
			    m.found.name);
		snprintf(vm->ifname, sizeof(vm->ifname), "%s", m.found.name);
		*cur = m.found;
		*existing = true;
		return;
	}
	if (c->vmac_ifname != NULL && !vmac_name_taken(rt, c->vmac_ifname)) {
		snprintf(vm->ifname, sizeof(vm->ifname), "%s", c->vmac_ifname);
		if (nl_link_get_by_name(&rt->eng->nl, vm->ifname, &l) == -1)
			return;
		if (strcmp(l.kind, "macvlan") != 0) {
			log_info("(%s) VMAC interface name %s already exists "
			    "as a non VMAC interface. ignoring configured name",
			    c->name, vm->ifname);
		} else {
			log_info("(%s) VMAC %s already exists but is "
			    "incompatible. It will be deleted/updated", c->name,
			    vm->ifname);
			if (l.link == vm->base_ifindex) {
				log_info("(%s) Update old VMAC interface %s due "
				    "to wrong MAC/mode ", c->name, vm->ifname);
				*cur = l;
				*update = true;
				return;
			}
			log_info("(%s) Removing old VMAC interface %s due to "
			    "conflicting interface", c->name, vm->ifname);
			if (nl_link_del(&rt->eng->nl, l.ifindex) == 0)
				return;
			log_info("(%s) Error removing VMAC interface %s",
			    c->name, vm->ifname);
		}
	}
	vmac_name_new(rt, vmac_prefix(rt, false), c->family, vm->ifname);
}

/* --- set-up ---------------------------------------------------------------- */

static struct vrrp_nft *vmac_nft;	/* the firewall, when open */

static bool
vmac_evip_other_family(const struct vrrp_instance_conf *c)
{
	const struct ipaddr_conf *a;

	STAILQ_FOREACH(a, &c->evips, next)
		if (a->addr.family != c->family)
			return true;
	return false;
}

/* keepalived's firewall_add_vmac / firewall_remove_vmac. */
static void
vmac_fw(const struct vrrp_vmac *vm, int ifindex, bool add)
{
	if (vmac_nft == NULL || (vm->family == AF_INET && vm->no_igmp_fw))
		return;
	if (vrrp_nft_vmac(vmac_nft, vm->family, ifindex, vm->base_ifindex,
	    add) == -1 && add)
		log_info("nftables: adding VMAC %s failed: %s", vm->ifname,
		    strerror(errno));
	if (vm->other_family)
		(void)vrrp_nft_vmac(vmac_nft, vm->family == AF_INET ?
		    AF_INET6 : AF_INET, ifindex, vm->base_ifindex, add);
}

/* Add the link-local address ll (/64, no DAD, deprecated: never chosen
 * as a source by the kernel, the adverts name it) to the VMAC. */
static int
vmac_ll6_add(struct nl_sock *nl, const struct vrrp_vmac *vm,
    const struct in6_addr *ll)
{
	struct nl_addr na;

	memset(&na, 0, sizeof(na));
	na.ifindex = vm->ifindex;
	na.addr.family = AF_INET6;
	na.addr.prefix = 64;
	na.addr.has_prefix = true;
	na.addr.u.v6 = *ll;
	na.flags = IFA_F_NODAD;
	na.has_lft = true;
	na.preferred_lft = 0;
	na.valid_lft = NL_ADDR_FOREVER;
	if (nl_addr_add(nl, &na) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* fe80::/64 with the EUI-64 interface id of mac. */
static void
vmac_eui64(struct in6_addr *a, const uint8_t mac[6])
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0xfe;
	a->s6_addr[1] = 0x80;
	a->s6_addr[8] = mac[0] ^ 0x02;
	a->s6_addr[9] = mac[1];
	a->s6_addr[10] = mac[2];
	a->s6_addr[11] = 0xff;
	a->s6_addr[12] = 0xfe;
	a->s6_addr[13] = mac[3];
	a->s6_addr[14] = mac[4];
	a->s6_addr[15] = mac[5];
}

/* The link-local address an IPv6 VMAC sends from: the configured source,
 * the base's link-local, else one made from the base's MAC (EUI-64). */
static void
vmac_ll6(struct vrrp_rt *rt, const uint8_t base_mac[6])
{
	struct in6_addr a;

	if (rt->saddr.family == AF_INET6)
		a = rt->saddr.u.v6;
	else {
		vmac_eui64(&a, base_mac);
		memset(&rt->saddr, 0, sizeof(rt->saddr));
		rt->saddr.family = AF_INET6;
		rt->saddr.prefix = 128;
		rt->saddr.u.v6 = a;
		rt->no_src = false;
	}
	if (vmac_ll6_add(&rt->eng->nl, &rt->vmac, &a) == -1) {
		log_info("Adding link-local address to vmac failed");
		log_info("(%s) adding link-local address to %s failed",
		    rt->conf->name, rt->vmac.ifname);
	}
}

/* Create (or update) the link; 0 or -1 (logged). */
static int
vmac_create(struct nl_sock *nl, const char *iname, struct vrrp_vmac *vm,
    const struct nl_link *cur, bool update)
{
	struct nl_link_macvlan m;

	memset(&m, 0, sizeof(m));
	m.ifindex = update ? cur->ifindex : 0;
	m.link = vm->base_ifindex;
	m.name = vm->ifname;
	memcpy(m.mac, vm->mac, 6);
	m.mode = MACVLAN_MODE_PRIVATE;
	if (nl_link_macvlan_set(nl, &m) == -1) {
		log_info("(%s): Unable to create VMAC interface %s (%s)",
		    iname, vm->ifname, strerror(errno));
		return -1;
	}
	if (log_detail() > 0)
		log_info("(%s): Success %sating VMAC interface %s", iname,
		    update ? "upd" : "cre", vm->ifname);
	return 0;
}

/* Read the link's index back: 0, or -1 (logged) when it is not there. */
static int
vmac_lookup(struct nl_sock *nl, const char *iname, struct vrrp_vmac *vm,
    struct nl_link *l)
{
	vm->ifindex = 0;
	if (nl_link_get_by_name(nl, vm->ifname, l) == -1) {
		log_warn("(%s) VMAC %s", iname, vm->ifname);
		return -1;
	}
	vm->ifindex = l->ifindex;
	return 0;
}

/* keepalived's netlink_link_add_vmac after the link exists: devconf,
 * firewall, IPv6 off unless needed, no address generation, up. */
static void
vmac_setup_link(struct nl_sock *nl, const char *iname, struct vrrp_vmac *vm,
    bool v6)
{
	if (vm->family == AF_INET) {
		vmac_params_set(nl, vm);
		vmac_nactive++;
		vm->counted = true;
	}
	vmac_fw(vm, vm->ifindex, true);
	vmac_sysctl_set("ipv6", vm->ifname, "disable_ipv6", v6 ? 0 : 1);
	/* No EUI-64 link-local of the virtual MAC (RFC 5798 §7.4); it
	 * cannot go with the create, and must precede the up. */
	if (nl_link_set_addrgen(nl, vm->ifindex, IN6_ADDR_GEN_MODE_NONE) ==
	    -1 && v6)
		log_info("(%s) Error setting ADDR_GEN_MODE to NONE on %s",
		    iname, vm->ifname);
	if (nl_link_set_up(nl, vm->ifindex, true) == -1)
		log_warn("(%s) cannot bring %s up", iname, vm->ifname);
}

/* Make the VMAC the instance's interface. */
static void
vmac_adopt(struct vrrp_rt *rt)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct nl_link l;

	rt->ifindex = 0;
	if (vmac_lookup(&rt->eng->nl, rt->conf->name, vm, &l) == -1)
		return;
	rt->ifindex = l.ifindex;
	snprintf(rt->ifname, sizeof(rt->ifname), "%s", l.name);
	rt->ifflags = l.flags;
	rt->link_up = (l.flags & IFF_UP) && (l.flags & IFF_RUNNING);
	if (l.hwaddr_len == 6)
		memcpy(rt->mac, l.hwaddr, 6);
}

/* Create the instance's VMAC (or take a matching one) and move rt on
 * it; rt->ifindex 0 on failure. */
static void
vmac_bring(struct vrrp_rt *rt, const uint8_t base_mac[6], bool existing,
    const struct nl_link *cur, bool update)
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct vrrp_vmac *vm = &rt->vmac;

	if (!existing && vmac_create(&rt->eng->nl, c->name, vm, cur,
	    update) == -1) {
		rt->ifindex = 0;
		return;
	}
	vmac_adopt(rt);
	if (rt->ifindex == 0)
		return;
	if (!existing)
		vmac_setup_link(&rt->eng->nl, c->name, vm, c->family ==
		    AF_INET6 || vm->other_family);
	if (c->family == AF_INET6 && !vm->xmit_base)
		vmac_ll6(rt, base_mac);
	vmac_adopt(rt);
}

void
vrrp_vmac_attach(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct global_conf *g = &rt->eng->vc->conf->global;
	struct vrrp_vmac *vm = &rt->vmac;
	struct nl_link cur;
	bool existing, update;
	char buf[24];

	memset(vm, 0, sizeof(*vm));
	if (!c->use_vmac || rt->ifindex <= 0)
		return;
	vm->active = true;
	vm->family = c->family;
	vm->other_family = vmac_evip_other_family(c);
	vm->no_igmp_fw = g->disable_local_igmp;
	vm->xmit_base = c->vmac_xmit_base && !c->strict_mode;
	vm->base_ifindex = rt->ifindex;
	snprintf(vm->base_ifname, sizeof(vm->base_ifname), "%s", rt->ifname);
	memcpy(vm->base_mac, rt->mac, 6);
	if (vrrp_vmac_addr(c->family, c->vrid, c->strict_mode ? NULL :
	    c->vmac_addr, vm->mac) == -1) {
		log_info("(%s) invalid VMAC MAC address %s - using default",
		    c->name, c->vmac_addr);
		(void)vrrp_vmac_addr(c->family, c->vrid, NULL, vm->mac);
	}
	vmac_choose(rt, &existing, &cur, &update);
	vmac_bring(rt, vm->base_mac, existing, &cur, update);
	if (rt->ifindex > 0 && log_detail() > 0)
		log_info("(%s) using VMAC %s (%s) on %s%s", c->name, vm->ifname,
		    vmac_mac_str(vm->mac, buf, sizeof(buf)), vm->base_ifname,
		    vm->xmit_base ? ", adverts on the base interface" : "");
}

/* Delete a VMAC link and give back what its set-up changed (keepalived's
 * netlink_link_del_vmac). */
static void
vmac_link_del(struct nl_sock *nl, const char *iname, struct vrrp_vmac *vm)
{
	if (vm->counted) {
		vm->counted = false;
		vmac_params_reset(nl, vm);
		if (vmac_nactive > 0 && --vmac_nactive == 0)
			vmac_rp_restore(nl);
	}
	if (vm->ifindex <= 0)
		return;
	if (nl_link_del(nl, vm->ifindex) == -1 && errno != ENODEV) {
		log_info("(%s) Error removing VMAC interface %s", iname,
		    vm->ifname);
		return;
	}
	vmac_fw(vm, vm->ifindex, false);
	if (log_detail() > 0)
		log_info("(%s) Success removing VMAC interface %s", iname,
		    vm->ifname);
	vm->ifindex = 0;
}

void
vrrp_vmac_detach(struct vrrp_rt *rt)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct vrrp_engine *eng = rt->eng;
	bool keep = eng->stopped && eng->vc->opts != NULL &&
	    eng->vc->opts->dont_release_vrrp;
	size_t i;

	for (i = 0; i < vm->naddrs && !keep; i++)
		vmac_link_del(&eng->nl, rt->conf->name, &vm->addrs[i]);
	free(vm->addrs);
	vm->addrs = NULL;
	vm->naddrs = 0;
	if (!vm->active)
		return;
	vm->active = false;
	if (!keep)
		vmac_link_del(&eng->nl, rt->conf->name, vm);
}

static void vmac_vips_move(struct vrrp_rt *, int);

/*
 * keepalived re-creates a VMAC of an instance that someone deleted while
 * it runs (recreate_vmac_thread), when its base interface is still there.
 */
bool
vrrp_vmac_recreate(struct vrrp_rt *rt, int ifindex)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct nl_link base, none;
	int old = vm->ifindex;

	if (!vm->active || old <= 0 || old != ifindex || rt->eng->stopped)
		return false;
	log_info("Interface %s deleted", vm->ifname);
	vmac_fw(vm, old, false);
	if (vm->counted) {
		vm->counted = false;
		vmac_params_reset(&rt->eng->nl, vm);
		vmac_nactive--;
	}
	vm->ifindex = 0;
	rt->ifindex = 0;
	if (nl_link_get_by_index(&rt->eng->nl, vm->base_ifindex, &base) == -1)
		return true;
	memset(&none, 0, sizeof(none));
	vmac_bring(rt, vm->base_mac, false, &none, false);
	if (rt->ifindex > 0) {
		vmac_vips_move(rt, old);
		rt->link_up = false;	/* the link event says up */
	}
	return true;
}

int
vrrp_vmac_sock_if(const struct vrrp_rt *rt, const char **ifname)
{
	if (rt->vmac.active && rt->vmac.xmit_base) {
		*ifname = rt->vmac.base_ifname;
		return rt->vmac.base_ifindex;
	}
	*ifname = rt->ifname;
	return rt->ifindex;
}

bool
vrrp_vmac_fresh(struct vrrp_engine *eng, const struct nl_link *l,
    struct nl_link *fresh)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &eng->rts, next)
		if (rt->vmac.active && rt->vmac.ifindex == l->ifindex)
			return nl_link_get_by_index(&eng->nl, l->ifindex,
			    fresh) == 0;
	return false;
}

int
vrrp_vmac_saddr_if(const struct vrrp_rt *rt)
{
	if (rt->vmac.active && rt->vmac.family == AF_INET)
		return rt->vmac.base_ifindex;
	return rt->ifindex;
}

bool
vrrp_vmac_fw_needed(const struct vrrp_instance_conf *c,
    const struct global_conf *g)
{
	return c->use_vmac && (c->family == AF_INET6 || !g->disable_local_igmp);
}

void
vrrp_vmac_fw_open(struct vrrp_engine *eng, struct vrrp_nft *nft)
{
	struct vrrp_rt *rt;
	size_t i;

	vmac_nft = nft;
	if (nft == NULL)
		return;
	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (rt->vmac.active && rt->vmac.ifindex > 0)
			vmac_fw(&rt->vmac, rt->vmac.ifindex, true);
		for (i = 0; i < rt->vmac.naddrs; i++)
			if (rt->vmac.addrs[i].ifindex > 0)
				vmac_fw(&rt->vmac.addrs[i],
				    rt->vmac.addrs[i].ifindex, true);
	}
}

const char *
vrrp_vmac_base_ifname(const struct vrrp_rt *rt)
{
	return rt->vmac.active ? rt->vmac.base_ifname : rt->ifname;
}

static void
vmac_vip_set(struct vrrp_rt *rt, struct vip_set *s)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct vip *v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		v = &s->v[i];
		if (v->na.ifindex != vm->base_ifindex &&
		    v->na.ifindex != vm->ifindex)
			continue;
		if (v->na.addr.family == rt->conf->family) {
			v->na.ifindex = vm->ifindex;
			snprintf(v->ifname, sizeof(v->ifname), "%s", vm->ifname);
		} else {
			v->na.ifindex = vm->base_ifindex;
			snprintf(v->ifname, sizeof(v->ifname), "%s",
			    vm->base_ifname);
		}
	}
}

/* --- address VMACs (use_vmac on an address, use_vmac_addr) --------------- */

/*
 * Whether address a goes on a VMAC of its own, keepalived's rules: with
 * use_vmac on the address, unless it would sit on the instance's VMAC
 * anyway; with use_vmac_addr, for addresses on other interfaces or of
 * the other family.  *base: the interface the VMAC goes on.
 */
static bool
vmac_addr_wanted(const struct vrrp_rt *rt, const struct ipaddr_conf *a,
    const char **base)
{
	const struct vrrp_instance_conf *c = rt->conf;
	bool on_inst = a->dev == NULL || strcmp(a->dev, c->ifname) == 0;
	bool same = a->addr.family == c->family;
	bool use = a->use_vmac;
	char buf[ADDR_STRLEN];

	if (use && on_inst && c->use_vmac && same) {
		log_info("(%s) use_vmac specified for VIP/eVIP %s and vrrp "
		    "instance", c->name, addr_str(&a->addr, buf, sizeof(buf)));
		use = false;
	} else if (use && (!on_inst || !same) && c->use_vmac_addr) {
		log_info("(%s) use_vmac_addr specified and use_vmac specified "
		    "for VIP/eVIP %s", c->name, addr_str(&a->addr, buf,
		    sizeof(buf)));
		use = false;
	}
	*base = on_inst ? c->ifname : a->dev;
	if (on_inst)
		return !(c->use_vmac && same) && (use || (c->use_vmac_addr &&
		    !same));
	return use || c->use_vmac_addr;
}

static struct vrrp_vmac *
vmac_addr_find(struct vrrp_rt *rt, int base, int family)
{
	size_t i;

	for (i = 0; i < rt->vmac.naddrs; i++)
		if (rt->vmac.addrs[i].base_ifindex == base &&
		    rt->vmac.addrs[i].family == family)
			return &rt->vmac.addrs[i];
	return NULL;
}

/* Create the address VMAC of family on base, or take a matching one
 * (keepalived's if_get_by_vmac, then netlink_link_add_vmac). */
static struct vrrp_vmac *
vmac_addr_get(struct vrrp_rt *rt, int family, int base_ifindex,
    const char *base_ifname)
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct nl_sock *nl = &rt->eng->nl;
	struct vrrp_vmac *vm;
	struct vmac_match m;
	struct nl_link l;
	struct in6_addr ll;

	if ((vm = vmac_addr_find(rt, base_ifindex, family)) != NULL)
		return vm;
	if (nl_link_get_by_index(nl, base_ifindex, &l) == -1 ||
	    l.hwaddr_len != 6)
		return NULL;
	rt->vmac.addrs = xreallocarray(rt->vmac.addrs, rt->vmac.naddrs + 1,
	    sizeof(*rt->vmac.addrs));
	vm = &rt->vmac.addrs[rt->vmac.naddrs];
	memset(vm, 0, sizeof(*vm));
	vm->active = true;
	vm->family = family;
	vm->no_igmp_fw = rt->eng->vc->conf->global.disable_local_igmp;
	vm->base_ifindex = base_ifindex;
	snprintf(vm->base_ifname, sizeof(vm->base_ifname), "%s", base_ifname);
	memcpy(vm->base_mac, l.hwaddr, 6);
	if (vrrp_vmac_addr(family, c->vrid, c->vmac_addr, vm->mac) == -1)
		(void)vrrp_vmac_addr(family, c->vrid, NULL, vm->mac);
	memset(&m, 0, sizeof(m));
	m.base = base_ifindex;
	m.mac = vm->mac;
	if (nl_link_list(nl, vmac_match_cb, &m) == 0 && m.found.ifindex > 0) {
		snprintf(vm->ifname, sizeof(vm->ifname), "%s", m.found.name);
		vm->ifindex = m.found.ifindex;
		rt->vmac.naddrs++;
		return vm;
	}
	vmac_name_new(rt, vmac_prefix(rt, true), family, vm->ifname);
	if (vmac_create(nl, c->name, vm, NULL, false) == -1 ||
	    vmac_lookup(nl, c->name, vm, &l) == -1)
		return NULL;
	rt->vmac.naddrs++;
	vmac_setup_link(nl, c->name, vm, family == AF_INET6);
	if (family == AF_INET6) {
		vmac_eui64(&ll, vm->base_mac);
		if (vmac_ll6_add(nl, vm, &ll) == -1)
			log_info("(%s) adding link-local address to %s failed",
			    c->name, vm->ifname);
	}
	return vm;
}

/* Move the addresses of set s that want an address VMAC onto it. */
static void
vmac_addr_set(struct vrrp_rt *rt, struct vip_set *s,
    const struct ipaddr_list *list)
{
	const struct ipaddr_conf *a;
	struct vrrp_vmac *vm;
	const char *base;
	struct vip *v;
	size_t i;

	STAILQ_FOREACH(a, list, next) {
		if (!vmac_addr_wanted(rt, a, &base))
			continue;
		for (i = 0; i < s->n; i++) {
			v = &s->v[i];
			if (addr_cmp(&v->na.addr, &a->addr) != 0 ||
			    strcmp(v->ifname, base) != 0)
				continue;
			vm = vmac_addr_get(rt, a->addr.family, v->na.ifindex,
			    v->ifname);
			if (vm == NULL)
				break;
			v->na.ifindex = vm->ifindex;
			snprintf(v->ifname, sizeof(v->ifname), "%s", vm->ifname);
			break;
		}
	}
}

void
vrrp_vmac_vips(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;

	vmac_addr_set(rt, &rt->vips, &c->vips);
	vmac_addr_set(rt, &rt->evips, &c->evips);
	if (!rt->vmac.active || rt->vmac.ifindex <= 0)
		return;
	vmac_vip_set(rt, &rt->vips);
	vmac_vip_set(rt, &rt->evips);
}

/* The instance's VMAC came back as a new link: its VIPs follow. */
static void
vmac_vips_move(struct vrrp_rt *rt, int old)
{
	struct vip_set *sets[2] = { &rt->vips, &rt->evips };
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < sets[k]->n; i++)
			if (sets[k]->v[i].na.ifindex == old)
				sets[k]->v[i].na.ifindex = rt->vmac.ifindex;
}

/* Whether ifindex is one of rt's address VMACs. */
static bool
vmac_is_addr_vmac(const struct vrrp_rt *rt, int ifindex)
{
	size_t i;

	for (i = 0; i < rt->vmac.naddrs; i++)
		if (rt->vmac.addrs[i].ifindex == ifindex)
			return true;
	return false;
}

/* --- garp_extra_if ---------------------------------------------------------- */

static bool
vmac_if_seen(const int *done, size_t n, int ifindex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (done[i] == ifindex)
			return true;
	return false;
}

/* One announcement per interface: keepalived's vrrp_send_vmac_update. */
static void
vmac_garp_set(struct vrrp_rt *rt, const struct vip_set *s, bool all,
    int *done, size_t *ndone, size_t max)
{
	const struct vip *v;
	struct nl_link l;
	size_t i;

	for (i = 0; i < s->n && *ndone < max; i++) {
		v = &s->v[i];
		if (v->na.ifindex == rt->ifindex && !rt->vmac.xmit_base)
			continue;
		/* Interfaces not VMACs of ours: only with "all". */
		if (v->na.ifindex != rt->ifindex && !all &&
		    !vmac_is_addr_vmac(rt, v->na.ifindex))
			continue;
		if (vmac_if_seen(done, *ndone, v->na.ifindex))
			continue;
		done[(*ndone)++] = v->na.ifindex;
		if (nl_link_get_by_index(&rt->eng->nl, v->na.ifindex, &l) == -1
		    || l.hwaddr_len != 6 || (v->na.addr.family == AF_INET &&
		    (l.flags & IFF_NOARP)))
			continue;
		(void)vip_garp_queue(&rt->eng->garp, v->na.ifindex, l.hwaddr,
		    &v->na.addr, false);
	}
}

/* keepalived keeps the interval while some VIP is on an address VMAC,
 * or with "all" on any other interface than the instance's. */
static bool
vmac_has_extra_if(const struct vrrp_rt *rt, bool all)
{
	const struct vip_set *sets[2] = { &rt->vips, &rt->evips };
	size_t i, k;
	int ifx;

	for (k = 0; k < 2; k++)
		for (i = 0; i < sets[k]->n; i++) {
			ifx = sets[k]->v[i].na.ifindex;
			if (vmac_is_addr_vmac(rt, ifx) ||
			    (all && ifx != rt->ifindex))
				return true;
		}
	return false;
}

void
vrrp_vmac_garp_extra(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct global_conf *g = &rt->eng->vc->conf->global;
	unsigned secs = c->garp_extra_if;
	bool all = c->garp_extra_if_all;
	uint64_t now = ev_now(rt->eng->vc->loop);
	int done[VIP_GARP_IFS];
	size_t ndone = 0;

	if (secs == 0) {
		secs = g->vrrp_garp_extra_if;
		all = g->vrrp_garp_extra_if_all;
	}
	if (secs == 0 || rt->fsm.state != VRRP_FSM_MASTER ||
	    !rt->fsm.vipset || !vmac_has_extra_if(rt, all)) {
		rt->vmac.garp_extra_next = 0;
		return;
	}
	if (rt->vmac.garp_extra_next == 0) {
		rt->vmac.garp_extra_next = now + (uint64_t)secs * 1000000;
		return;
	}
	if (now <= rt->vmac.garp_extra_next)
		return;
	rt->vmac.garp_extra_next = now + (uint64_t)secs * 1000000;
	vmac_garp_set(rt, &rt->vips, all, done, &ndone, VIP_GARP_IFS);
	vmac_garp_set(rt, &rt->evips, all, done, &ndone, VIP_GARP_IFS);
}
