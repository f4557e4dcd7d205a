/*
 * nl_addr: encode and decode RTM_*ADDR messages, and the add, delete and
 * list requests built on them.
 *
 * The kernel's attribute meaning differs by family: for IPv4, IFA_LOCAL
 * is the interface's address and IFA_ADDRESS the peer (or the same
 * address); for IPv6, IFA_ADDRESS is the address unless IFA_LOCAL is also
 * present, in which case IFA_ADDRESS is the peer.  nl_addr_parse() folds
 * both into addr/peer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "conf_iproute.h"
#include "nl_addr.h"

static size_t
nl_addr_len(sa_family_t family)
{
	if (family == AF_INET)
		return sizeof(struct in_addr);
	if (family == AF_INET6)
		return sizeof(struct in6_addr);
	return 0;
}

static bool
nl_addr_put(struct nlmsghdr *nlh, size_t size, uint16_t type,
    const struct addr *a)
{
	return mnl_attr_put_check(nlh, size, type, nl_addr_len(a->family),
	    &a->u);
}

/* Family, peer, broadcast and label are consistent. */
static int
nl_addr_check(const struct nl_addr *a)
{
	size_t alen = nl_addr_len(a->addr.family);

	if (alen == 0 || a->addr.prefix > alen * 8)
		return -1;
	if (a->peer.family != AF_UNSPEC && a->peer.family != a->addr.family)
		return -1;
	if (a->brd.family != AF_UNSPEC && (a->brd.family != AF_INET ||
	    a->addr.family != AF_INET))
		return -1;
	if (memchr(a->label, '\0', sizeof(a->label)) == NULL)
		return -1;
	return 0;
}

/* The attributes only an RTM_NEWADDR carries. */
static bool
nl_addr_put_new(struct nlmsghdr *nlh, size_t size, const struct nl_addr *a)
{
	struct ifa_cacheinfo ci;

	if (a->brd.family != AF_UNSPEC &&
	    !nl_addr_put(nlh, size, IFA_BROADCAST, &a->brd))
		return false;
	if (a->label[0] != '\0' &&
	    !mnl_attr_put_strz_check(nlh, size, IFA_LABEL, a->label))
		return false;
	if (a->flags != 0 &&
	    !mnl_attr_put_u32_check(nlh, size, IFA_FLAGS, a->flags))
		return false;
	if (a->has_lft) {
		memset(&ci, 0, sizeof(ci));
		ci.ifa_prefered = a->preferred_lft;
		ci.ifa_valid = a->valid_lft;
		if (!mnl_attr_put_check(nlh, size, IFA_CACHEINFO, sizeof(ci),
		    &ci))
			return false;
	}
	return true;
}

struct nlmsghdr *
nl_addr_msg(void *buf, size_t size, uint16_t type, uint16_t flags,
    const struct nl_addr *a)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	const struct addr *remote;

	if ((type != RTM_NEWADDR && type != RTM_DELADDR) ||
	    nl_addr_check(a) == -1) {
		errno = EINVAL;
		return NULL;
	}
	if ((nlh = nl_msg_start(buf, size, type, flags, sizeof(*ifa))) == NULL)
		return NULL;
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = a->addr.family;
	ifa->ifa_prefixlen = a->addr.prefix;
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = (uint32_t)a->ifindex;
	if (type == RTM_NEWADDR)
		ifa->ifa_flags = (uint8_t)(a->flags & 0xff);
	remote = a->peer.family != AF_UNSPEC ? &a->peer : &a->addr;
	if (!nl_addr_put(nlh, size, IFA_LOCAL, &a->addr) ||
	    !nl_addr_put(nlh, size, IFA_ADDRESS, remote) ||
	    (type == RTM_NEWADDR && !nl_addr_put_new(nlh, size, a))) {
		errno = ENOSPC;
		return NULL;
	}
	return nlh;
}

struct nl_addr_attrs {
	sa_family_t		 family;
	const struct nlattr	*tb[IFA_MAX + 1];
};

static int
nl_addr_attr_cb(const struct nlattr *attr, void *data)
{
	struct nl_addr_attrs *t = data;
	uint16_t type = mnl_attr_get_type(attr);
	int ok;

	if (mnl_attr_type_valid(attr, IFA_MAX) < 0)
		return MNL_CB_OK;	/* newer than us: ignore */
	switch (type) {
	case IFA_ADDRESS:
	case IFA_LOCAL:
	case IFA_BROADCAST:
		ok = mnl_attr_validate2(attr, MNL_TYPE_BINARY,
		    nl_addr_len(t->family));
		break;
	case IFA_LABEL:
		ok = mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
		if (ok == 0 && mnl_attr_get_payload_len(attr) > IFNAMSIZ) {
			errno = ERANGE;
			ok = -1;
		}
		break;
	case IFA_CACHEINFO:
		ok = mnl_attr_validate2(attr, MNL_TYPE_BINARY,
		    sizeof(struct ifa_cacheinfo));
		break;
	case IFA_FLAGS:
		ok = mnl_attr_validate(attr, MNL_TYPE_U32);
		break;
	default:
		return MNL_CB_OK;
	}
	if (ok < 0)
		return MNL_CB_ERROR;
	t->tb[type] = attr;
	return MNL_CB_OK;
}

static void
nl_addr_get(const struct nlattr *attr, sa_family_t family, uint8_t prefix,
    struct addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
	out->prefix = prefix;
	out->has_prefix = true;
	memcpy(&out->u, mnl_attr_get_payload(attr), nl_addr_len(family));
}

/* Fill addr/peer/brd/label/flags/lifetimes from the validated table. */
static void
nl_addr_fill(const struct nl_addr_attrs *t, const struct ifaddrmsg *ifa,
    struct nl_addr *a)
{
	const struct nlattr *local = t->tb[IFA_LOCAL];
	const struct nlattr *address = t->tb[IFA_ADDRESS];
	const struct ifa_cacheinfo *ci;
	size_t alen = nl_addr_len(t->family);

	nl_addr_get(local != NULL ? local : address, t->family,
	    ifa->ifa_prefixlen, &a->addr);
	if (local != NULL && address != NULL &&
	    memcmp(mnl_attr_get_payload(local),
	    mnl_attr_get_payload(address), alen) != 0)
		nl_addr_get(address, t->family, ifa->ifa_prefixlen, &a->peer);
	if (t->tb[IFA_BROADCAST] != NULL)
		nl_addr_get(t->tb[IFA_BROADCAST], t->family, alen * 8,
		    &a->brd);
	if (t->tb[IFA_LABEL] != NULL)
		snprintf(a->label, sizeof(a->label), "%s",
		    mnl_attr_get_str(t->tb[IFA_LABEL]));
	a->flags = t->tb[IFA_FLAGS] != NULL ?
	    mnl_attr_get_u32(t->tb[IFA_FLAGS]) : ifa->ifa_flags;
	if (t->tb[IFA_CACHEINFO] != NULL) {
		ci = mnl_attr_get_payload(t->tb[IFA_CACHEINFO]);
		a->has_lft = true;
		a->preferred_lft = ci->ifa_prefered;
		a->valid_lft = ci->ifa_valid;
	}
}

int
nl_addr_parse(const struct nlmsghdr *nlh, struct nl_addr *a)
{
	struct nl_addr_attrs t;
	const struct ifaddrmsg *ifa;

	memset(a, 0, sizeof(*a));
	memset(&t, 0, sizeof(t));
	if ((nlh->nlmsg_type != RTM_NEWADDR &&
	    nlh->nlmsg_type != RTM_DELADDR) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa)) {
		errno = EPROTO;
		return -1;
	}
	ifa = mnl_nlmsg_get_payload(nlh);
	if (nl_addr_len(ifa->ifa_family) == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	t.family = ifa->ifa_family;
	if (ifa->ifa_prefixlen > nl_addr_len(t.family) * 8 ||
	    mnl_attr_parse(nlh, sizeof(*ifa), nl_addr_attr_cb, &t) !=
	    MNL_CB_OK ||
	    (t.tb[IFA_LOCAL] == NULL && t.tb[IFA_ADDRESS] == NULL)) {
		errno = EPROTO;
		return -1;
	}
	a->ifindex = (int)ifa->ifa_index;
	a->scope = ifa->ifa_scope;
	nl_addr_fill(&t, ifa, a);
	return 0;
}

static int
nl_addr_send(struct nl_sock *s, uint16_t type, uint16_t flags,
    const struct nl_addr *a)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_addr_msg(buf, sizeof(buf), type, flags, a)) == NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_addr_add(struct nl_sock *s, const struct nl_addr *a)
{
	return nl_addr_send(s, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, a);
}

int
nl_addr_del(struct nl_sock *s, const struct nl_addr *a)
{
	return nl_addr_send(s, RTM_DELADDR, 0, a);
}

struct nl_addr_walk {
	int		 family;
	int		 ifindex;
	int		(*cb)(const struct nl_addr *, void *);
	void		*arg;
};

static int
nl_addr_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_addr_walk *w = data;
	struct nl_addr a;
	int ret;

	if (nl_addr_parse(nlh, &a) == -1)
		return errno == EAFNOSUPPORT ? MNL_CB_OK : MNL_CB_ERROR;
	if ((w->family != AF_UNSPEC && a.addr.family != w->family) ||
	    (w->ifindex != 0 && a.ifindex != w->ifindex))
		return MNL_CB_OK;
	ret = w->cb(&a, w->arg);
	if (ret < 0)
		return MNL_CB_ERROR;
	return ret > 0 ? MNL_CB_STOP : MNL_CB_OK;
}

int
nl_addr_list(struct nl_sock *s, int family, int ifindex,
    int (*cb)(const struct nl_addr *, void *), void *arg)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct nl_addr_walk w = { family, ifindex, cb, arg };

	if (family != AF_UNSPEC && nl_addr_len((sa_family_t)family) == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	nlh = nl_msg_start(buf, sizeof(buf), RTM_GETADDR, 0, sizeof(*ifa));
	if (nlh == NULL)
		return -1;
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = (uint8_t)family;
	return nl_dump(s, nlh, nl_addr_list_cb, &w);
}

struct nl_addr_find {
	const struct addr *want;
	bool		 found;
};

static int
nl_addr_has_cb(const struct nl_addr *a, void *arg)
{
	struct nl_addr_find *f = arg;

	if (memcmp(&a->addr.u, &f->want->u, nl_addr_len(a->addr.family)) ||
	    (f->want->has_prefix && a->addr.prefix != f->want->prefix))
		return 0;
	f->found = true;
	return 1;
}

int
nl_addr_has(struct nl_sock *s, int ifindex, const struct addr *a)
{
	struct nl_addr_find f = { a, false };
	int tries;

	if (nl_addr_len(a->family) == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	/* An interrupted dump may have missed the address: ask again. */
	for (tries = 0; tries < 5; tries++) {
		f.found = false;
		if (nl_addr_list(s, a->family, ifindex, nl_addr_has_cb,
		    &f) == 0)
			return f.found ? 1 : 0;
		if (errno != EAGAIN)
			return -1;
	}
	return -1;
}

static uint32_t
nl_addr_conf_flags(unsigned cf)
{
	uint32_t f = 0;

	if (cf & IPADDR_F_HOME)
		f |= IFA_F_HOMEADDRESS;
	if (cf & IPADDR_F_MNGTMPADDR)
		f |= IFA_F_MANAGETEMPADDR;
	if (cf & IPADDR_F_NOPREFIXROUTE)
		f |= IFA_F_NOPREFIXROUTE;
	if (cf & IPADDR_F_AUTOJOIN)
		f |= IFA_F_MCAUTOJOIN;
	return f;
}

void
nl_addr_from_conf(const struct ipaddr_conf *c, int ifindex,
    struct nl_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->ifindex = ifindex;
	a->addr = c->addr;
	a->peer = c->peer;
	a->scope = c->scope;
	a->flags = nl_addr_conf_flags(c->flags);
	if (c->addr.family == AF_INET) {
		if (c->brd_mode != IPADDR_BRD_NONE &&
		    c->brd.family == AF_INET)
			a->brd = c->brd;
		if (c->label != NULL)
			snprintf(a->label, sizeof(a->label), "%s", c->label);
		return;
	}
	if (!(c->flags & IPADDR_F_NODAD))
		a->flags |= IFA_F_NODAD;
	if (c->has_preferred_lft && c->preferred_lft != NL_ADDR_FOREVER) {
		a->has_lft = true;
		a->preferred_lft = c->preferred_lft;
		a->valid_lft = NL_ADDR_FOREVER;
	}
}
