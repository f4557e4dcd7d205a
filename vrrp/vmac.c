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
vmac_params_set(struct vrrp_rt *rt)
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
	struct nl_sock *nl = &rt->eng->nl;
	struct vrrp_vmac *vm = &rt->vmac;
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
vmac_params_reset(struct vrrp_rt *rt)
{
	struct vrrp_vmac *vm = &rt->vmac;
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
	if (nl_link_set_devconf(&rt->eng->nl, b->ifindex, dc, 2) == -1 &&
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

/* keepalived's create_vmac_name: <prefix>.<vrid>, then <prefix>N.<vrid>
 * (IPv6 tries N = 6 first, then 1, 2 ... skipping 6). */
static void
vmac_name_new(struct vrrp_rt *rt, char *buf)
{
	const struct global_conf *g = &rt->eng->vc->conf->global;
	const char *prefix = g->vmac_prefix != NULL ? g->vmac_prefix : "vrrp";
	struct nl_link l;
	unsigned num = 0, tries;

	for (tries = 0; tries < 1000; tries++) {
		vmac_name_fmt(buf, prefix, num, rt->conf->vrid);
		if (!vmac_name_taken(rt, buf) &&
		    nl_link_get_by_name(&rt->eng->nl, buf, &l) == -1)
			return;
		if (rt->conf->family == AF_INET6)
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
	vmac_name_new(rt, vm->ifname);
}

/* --- set-up ---------------------------------------------------------------- */

static bool
vmac_evip_other_family(const struct vrrp_instance_conf *c)
{
	const struct ipaddr_conf *a;

	STAILQ_FOREACH(a, &c->evips, next)
		if (a->addr.family != c->family)
			return true;
	return false;
}

/* The link-local address an IPv6 VMAC sends from: the configured source,
 * the base's link-local, else one made from the base's MAC (EUI-64). */
static void
vmac_ll6(struct vrrp_rt *rt, const uint8_t base_mac[6])
{
	struct nl_addr na;
	struct in6_addr *a = &na.addr.u.v6;

	memset(&na, 0, sizeof(na));
	na.ifindex = rt->vmac.ifindex;
	na.addr.family = AF_INET6;
	na.addr.prefix = 64;
	na.addr.has_prefix = true;
	/* As keepalived adds it: no DAD, deprecated (never chosen as a
	 * source by the kernel; the adverts name it explicitly). */
	na.flags = IFA_F_NODAD;
	na.has_lft = true;
	na.preferred_lft = 0;
	na.valid_lft = NL_ADDR_FOREVER;
	if (rt->saddr.family == AF_INET6)
		*a = rt->saddr.u.v6;
	else {
		a->s6_addr[0] = 0xfe;
		a->s6_addr[1] = 0x80;
		a->s6_addr[8] = base_mac[0] ^ 0x02;
		a->s6_addr[9] = base_mac[1];
		a->s6_addr[10] = base_mac[2];
		a->s6_addr[11] = 0xff;
		a->s6_addr[12] = 0xfe;
		a->s6_addr[13] = base_mac[3];
		a->s6_addr[14] = base_mac[4];
		a->s6_addr[15] = base_mac[5];
		rt->saddr = na.addr;
		rt->saddr.prefix = 128;
		rt->saddr.has_prefix = false;
		rt->no_src = false;
	}
	if (nl_addr_add(&rt->eng->nl, &na) == -1 && errno != EEXIST) {
		log_info("Adding link-local address to vmac failed");
		log_info("(%s) adding link-local address to %s failed",
		    rt->conf->name, rt->vmac.ifname);
	}
}

/* Create (or update) the link; 0 or -1 (logged). */
static int
vmac_create(struct vrrp_rt *rt, const struct nl_link *cur, bool update)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct nl_link_macvlan m;

	memset(&m, 0, sizeof(m));
	m.ifindex = update ? cur->ifindex : 0;
	m.link = vm->base_ifindex;
	m.name = vm->ifname;
	memcpy(m.mac, vm->mac, 6);
	m.mode = MACVLAN_MODE_PRIVATE;
	if (nl_link_macvlan_set(&rt->eng->nl, &m) == -1) {
		log_info("(%s): Unable to create VMAC interface %s (%s)",
		    rt->conf->name, vm->ifname, strerror(errno));
		return -1;
	}
	if (log_detail() > 0)
		log_info("(%s): Success %sating VMAC interface %s",
		    rt->conf->name, update ? "upd" : "cre", vm->ifname);
	return 0;
}

/* keepalived's netlink_link_add_vmac after the link exists. */
static void
vmac_setup(struct vrrp_rt *rt, const uint8_t base_mac[6])
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct vrrp_vmac *vm = &rt->vmac;
	bool v6 = c->family == AF_INET6 || vmac_evip_other_family(c);

	if (c->family == AF_INET) {
		vmac_params_set(rt);
		vmac_nactive++;
	}
	vmac_sysctl_set("ipv6", vm->ifname, "disable_ipv6", v6 ? 0 : 1);
	/* No EUI-64 link-local of the virtual MAC (RFC 5798 §7.4); it
	 * cannot go with the create, and must precede the up. */
	if (nl_link_set_addrgen(&rt->eng->nl, vm->ifindex,
	    IN6_ADDR_GEN_MODE_NONE) == -1 && v6)
		log_info("(%s) Error setting ADDR_GEN_MODE to NONE on %s",
		    c->name, vm->ifname);
	if (nl_link_set_up(&rt->eng->nl, vm->ifindex, true) == -1)
		log_warn("(%s) cannot bring %s up", c->name, vm->ifname);
	if (c->family == AF_INET6 && !vm->xmit_base)
		vmac_ll6(rt, base_mac);
}

/* Make the VMAC the instance's interface. */
static void
vmac_adopt(struct vrrp_rt *rt)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct nl_link l;

	rt->ifindex = 0;
	if (nl_link_get_by_name(&rt->eng->nl, vm->ifname, &l) == -1) {
		log_warn("(%s) VMAC %s", rt->conf->name, vm->ifname);
		return;
	}
	vm->ifindex = l.ifindex;
	rt->ifindex = l.ifindex;
	snprintf(rt->ifname, sizeof(rt->ifname), "%s", l.name);
	rt->ifflags = l.flags;
	rt->link_up = (l.flags & IFF_UP) && (l.flags & IFF_RUNNING);
	if (l.hwaddr_len == 6)
		memcpy(rt->mac, l.hwaddr, 6);
}

void
vrrp_vmac_attach(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct vrrp_vmac *vm = &rt->vmac;
	uint8_t base_mac[6];
	struct nl_link cur;
	bool existing, update;
	char buf[24];

	memset(vm, 0, sizeof(*vm));
	if (!c->use_vmac || rt->ifindex <= 0)
		return;
	vm->active = true;
	vm->xmit_base = c->vmac_xmit_base && !c->strict_mode;
	vm->base_ifindex = rt->ifindex;
	snprintf(vm->base_ifname, sizeof(vm->base_ifname), "%s", rt->ifname);
	memcpy(base_mac, rt->mac, 6);
	if (vrrp_vmac_addr(c->family, c->vrid, c->strict_mode ? NULL :
	    c->vmac_addr, vm->mac) == -1) {
		log_info("(%s) invalid VMAC MAC address %s - using default",
		    c->name, c->vmac_addr);
		(void)vrrp_vmac_addr(c->family, c->vrid, NULL, vm->mac);
	}
	vmac_choose(rt, &existing, &cur, &update);
	if (!existing && vmac_create(rt, &cur, update) == -1) {
		rt->ifindex = 0;
		return;
	}
	vmac_adopt(rt);
	if (rt->ifindex == 0)
		return;
	if (!existing)
		vmac_setup(rt, base_mac);
	else if (c->family == AF_INET6 && !vm->xmit_base)
		vmac_ll6(rt, base_mac);
	vmac_adopt(rt);
	if (log_detail() > 0)
		log_info("(%s) using VMAC %s (%s) on %s%s", c->name, vm->ifname,
		    vmac_mac_str(vm->mac, buf, sizeof(buf)), vm->base_ifname,
		    vm->xmit_base ? ", adverts on the base interface" : "");
}

void
vrrp_vmac_detach(struct vrrp_rt *rt)
{
	struct vrrp_vmac *vm = &rt->vmac;
	struct vrrp_engine *eng = rt->eng;

	if (!vm->active)
		return;
	vm->active = false;
	if (eng->stopped && eng->vc->opts != NULL &&
	    eng->vc->opts->dont_release_vrrp)
		return;
	if (rt->conf->family == AF_INET) {
		vmac_params_reset(rt);
		if (vmac_nactive > 0 && --vmac_nactive == 0)
			vmac_rp_restore(&eng->nl);
	}
	if (vm->ifindex <= 0)
		return;
	if (nl_link_del(&eng->nl, vm->ifindex) == -1 && errno != ENODEV) {
		log_info("(%s) Error removing VMAC interface %s", rt->conf->name,
		    vm->ifname);
		return;
	}
	if (log_detail() > 0)
		log_info("(%s) Success removing VMAC interface %s",
		    rt->conf->name, vm->ifname);
	vm->ifindex = 0;
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

void
vrrp_vmac_vips(struct vrrp_rt *rt)
{
	if (!rt->vmac.active || rt->vmac.ifindex <= 0)
		return;
	vmac_vip_set(rt, &rt->vips);
	vmac_vip_set(rt, &rt->evips);
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
		/* Other interfaces are not VMACs of ours: only with "all". */
		if (v->na.ifindex != rt->ifindex && !all)
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

/* Whether some VIP sits on another interface than the instance's. */
static bool
vmac_has_extra_if(const struct vrrp_rt *rt)
{
	size_t i;

	for (i = 0; i < rt->vips.n; i++)
		if (rt->vips.v[i].na.ifindex != rt->ifindex)
			return true;
	for (i = 0; i < rt->evips.n; i++)
		if (rt->evips.v[i].na.ifindex != rt->ifindex)
			return true;
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
	/* keepalived drops the interval when no VIP is on an extra
	 * interface it could use: Vigil makes no per-address VMACs, so
	 * only "all" has any. */
	if (secs == 0 || !all || rt->fsm.state != VRRP_FSM_MASTER ||
	    !rt->fsm.vipset || !vmac_has_extra_if(rt)) {
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
