/*
 * nl_link: encode and decode RTM_*LINK messages, link lookups and
 * up/down, and the link/address monitor.
 *
 * The monitor never blocks: nl_mon_read() drains a bounded number of
 * datagrams and hands each parsed event to its caller.  A receive error
 * ENOBUFS (the kernel dropped notifications because our queue was full)
 * or a truncated datagram means our picture of the links and addresses
 * may be stale; it is reported as NL_EV_RESYNC rather than as a failure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <net/if.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nl_link.h"

struct nlmsghdr *
nl_link_get_msg(void *buf, size_t size, int ifindex, const char *name)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex <= 0 && (name == NULL || name[0] == '\0' ||
	    strlen(name) >= IFNAMSIZ)) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_msg_start(buf, size, RTM_GETLINK, 0, sizeof(*ifi));
	if (nlh == NULL)
		return NULL;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	if (ifindex > 0)
		ifi->ifi_index = ifindex;
	else if (!mnl_attr_put_strz_check(nlh, size, IFLA_IFNAME, name)) {
		errno = ENOSPC;
		return NULL;
	}
	return nlh;
}

struct nlmsghdr *
nl_link_updown_msg(void *buf, size_t size, int ifindex, bool up)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex <= 0) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_msg_start(buf, size, RTM_NEWLINK, 0, sizeof(*ifi));
	if (nlh == NULL)
		return NULL;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return nlh;
}

static struct nlmsghdr *
nl_link_msg(void *buf, size_t size, uint16_t flags, int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nl_msg_start(buf, size, RTM_NEWLINK, flags, sizeof(*ifi));
	if (nlh == NULL)
		return NULL;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

struct nlmsghdr *
nl_link_macvlan_msg(void *buf, size_t size, const struct nl_link_macvlan *m)
{
	struct nlmsghdr *nlh;
	struct nlattr *info, *data;
	bool create = m->ifindex <= 0;

	if (create && (m->link <= 0 || m->name == NULL ||
	    m->name[0] == '\0' || strlen(m->name) >= IFNAMSIZ)) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_link_msg(buf, size, create ? NLM_F_CREATE | NLM_F_EXCL : 0,
	    create ? 0 : m->ifindex);
	if (nlh == NULL)
		return NULL;
	if ((info = mnl_attr_nest_start_check(nlh, size, IFLA_LINKINFO)) ==
	    NULL || !mnl_attr_put_strz_check(nlh, size, IFLA_INFO_KIND,
	    "macvlan") ||
	    (data = mnl_attr_nest_start_check(nlh, size, IFLA_INFO_DATA)) ==
	    NULL || !mnl_attr_put_u32_check(nlh, size, IFLA_MACVLAN_MODE,
	    m->mode))
		goto nospc;
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	if (create && (!mnl_attr_put_u32_check(nlh, size, IFLA_LINK,
	    (uint32_t)m->link) ||
	    !mnl_attr_put_strz_check(nlh, size, IFLA_IFNAME, m->name)))
		goto nospc;
	if (!mnl_attr_put_check(nlh, size, IFLA_ADDRESS, 6, m->mac))
		goto nospc;
	return nlh;
nospc:
	errno = ENOSPC;
	return NULL;
}

struct nlmsghdr *
nl_link_del_msg(void *buf, size_t size, int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex <= 0) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_msg_start(buf, size, RTM_DELLINK, 0, sizeof(*ifi));
	if (nlh == NULL)
		return NULL;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

struct nlmsghdr *
nl_link_devconf_msg(void *buf, size_t size, int ifindex,
    const struct nl_link_devconf *opts, size_t n)
{
	struct nlmsghdr *nlh;
	struct nlattr *spec, *inet, *conf;
	size_t i;

	if (ifindex <= 0 || n == 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((nlh = nl_link_msg(buf, size, 0, ifindex)) == NULL)
		return NULL;
	if ((spec = mnl_attr_nest_start_check(nlh, size, IFLA_AF_SPEC)) ==
	    NULL || (inet = mnl_attr_nest_start_check(nlh, size, AF_INET)) ==
	    NULL || (conf = mnl_attr_nest_start_check(nlh, size,
	    IFLA_INET_CONF)) == NULL)
		goto nospc;
	for (i = 0; i < n; i++)
		if (!mnl_attr_put_u32_check(nlh, size, (uint16_t)opts[i].param,
		    opts[i].value))
			goto nospc;
	mnl_attr_nest_end(nlh, conf);
	mnl_attr_nest_end(nlh, inet);
	mnl_attr_nest_end(nlh, spec);
	return nlh;
nospc:
	errno = ENOSPC;
	return NULL;
}

struct nlmsghdr *
nl_link_addrgen_msg(void *buf, size_t size, int ifindex, uint8_t mode)
{
	struct nlmsghdr *nlh;
	struct nlattr *spec, *inet6;

	if (ifindex <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((nlh = nl_link_msg(buf, size, 0, ifindex)) == NULL)
		return NULL;
	if ((spec = mnl_attr_nest_start_check(nlh, size, IFLA_AF_SPEC)) ==
	    NULL || (inet6 = mnl_attr_nest_start_check(nlh, size, AF_INET6)) ==
	    NULL || !mnl_attr_put_u8_check(nlh, size, IFLA_INET6_ADDR_GEN_MODE,
	    mode)) {
		errno = ENOSPC;
		return NULL;
	}
	mnl_attr_nest_end(nlh, inet6);
	mnl_attr_nest_end(nlh, spec);
	return nlh;
}

static int
nl_link_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);
	int ok;

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case IFLA_IFNAME:
		ok = mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
		if (ok == 0 && mnl_attr_get_payload_len(attr) > IFNAMSIZ) {
			errno = ERANGE;
			ok = -1;
		}
		break;
	case IFLA_ADDRESS:
	case IFLA_BROADCAST:
		ok = mnl_attr_validate(attr, MNL_TYPE_BINARY);
		if (ok == 0 && mnl_attr_get_payload_len(attr) >
		    NL_LINK_HWADDR_MAX) {
			errno = ERANGE;
			ok = -1;
		}
		break;
	case IFLA_MTU:
	case IFLA_LINK:
	case IFLA_MASTER:
		ok = mnl_attr_validate(attr, MNL_TYPE_U32);
		break;
	case IFLA_OPERSTATE:
		ok = mnl_attr_validate(attr, MNL_TYPE_U8);
		break;
	case IFLA_LINKINFO:
	case IFLA_AF_SPEC:
		ok = mnl_attr_validate(attr, MNL_TYPE_NESTED);
		break;
	default:
		return MNL_CB_OK;
	}
	if (ok < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

/* Collect the attributes of a nest by type, up to max; those above max
 * are ignored. */
struct nl_link_nest {
	const struct nlattr **tb;
	uint16_t	 max;
};

static int
nl_link_nest_cb(const struct nlattr *attr, void *data)
{
	struct nl_link_nest *n = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= n->max)
		n->tb[type] = attr;
	return MNL_CB_OK;
}

static int
nl_link_nested(const struct nlattr *nest, const struct nlattr **tb,
    uint16_t max)
{
	struct nl_link_nest n = { tb, max };

	return mnl_attr_parse_nested(nest, nl_link_nest_cb, &n) == MNL_CB_OK ?
	    0 : -1;
}

/* IFLA_LINKINFO: the kind, and the mode of a macvlan. */
static int
nl_link_parse_info(const struct nlattr *info, struct nl_link *l)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *db[IFLA_MACVLAN_MAX + 1] = { 0 };
	const char *kind;
	uint16_t len;

	if (nl_link_nested(info, tb, IFLA_INFO_MAX) == -1)
		return -1;
	if (tb[IFLA_INFO_KIND] == NULL)
		return 0;
	kind = mnl_attr_get_payload(tb[IFLA_INFO_KIND]);
	len = mnl_attr_get_payload_len(tb[IFLA_INFO_KIND]);
	if (len > 0 && kind[len - 1] == '\0')
		len--;
	if (len >= sizeof(l->kind))
		return -1;
	memcpy(l->kind, kind, len);
	l->kind[len] = '\0';
	if (strcmp(l->kind, "macvlan") != 0 || tb[IFLA_INFO_DATA] == NULL ||
	    mnl_attr_validate(tb[IFLA_INFO_DATA], MNL_TYPE_NESTED) < 0 ||
	    nl_link_nested(tb[IFLA_INFO_DATA], db, IFLA_MACVLAN_MAX) == -1)
		return 0;
	if (db[IFLA_MACVLAN_MODE] != NULL) {
		if (mnl_attr_validate(db[IFLA_MACVLAN_MODE], MNL_TYPE_U32) < 0)
			return -1;
		l->macvlan_mode = mnl_attr_get_u32(db[IFLA_MACVLAN_MODE]);
	}
	return 0;
}

/* IFLA_AF_SPEC: the IPv4 devconf array (u32 values, IPV4_DEVCONF_X at
 * index X - 1). */
static int
nl_link_parse_spec(const struct nlattr *spec, struct nl_link *l)
{
	const struct nlattr *tb[AF_INET + 1] = { 0 };
	const struct nlattr *ib[IFLA_INET_CONF + 1] = { 0 };
	uint16_t len, n;

	if (nl_link_nested(spec, tb, AF_INET) == -1)
		return -1;
	if (tb[AF_INET] == NULL)
		return 0;
	if (mnl_attr_validate(tb[AF_INET], MNL_TYPE_NESTED) < 0 ||
	    nl_link_nested(tb[AF_INET], ib, IFLA_INET_CONF) == -1)
		return -1;
	if (ib[IFLA_INET_CONF] == NULL)
		return 0;
	len = mnl_attr_get_payload_len(ib[IFLA_INET_CONF]);
	n = len / sizeof(uint32_t);
	if (n > NL_LINK_DEVCONF_MAX)
		n = NL_LINK_DEVCONF_MAX;
	memcpy(l->inet_conf, mnl_attr_get_payload(ib[IFLA_INET_CONF]),
	    n * sizeof(uint32_t));
	l->ninet_conf = (uint8_t)n;
	return 0;
}

long
nl_link_devconf(const struct nl_link *l, uint32_t param)
{
	if (param == 0 || param > l->ninet_conf)
		return -1;
	return (long)l->inet_conf[param - 1];
}

static uint8_t
nl_link_copy(uint8_t *dst, const struct nlattr *attr)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	memcpy(dst, mnl_attr_get_payload(attr), len);
	return (uint8_t)len;
}

int
nl_link_parse(const struct nlmsghdr *nlh, struct nl_link *l)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct ifinfomsg *ifi;

	memset(l, 0, sizeof(*l));
	if ((nlh->nlmsg_type != RTM_NEWLINK &&
	    nlh->nlmsg_type != RTM_DELLINK) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    mnl_attr_parse(nlh, sizeof(*ifi), nl_link_attr_cb, tb) !=
	    MNL_CB_OK || tb[IFLA_IFNAME] == NULL) {
		errno = EPROTO;
		return -1;
	}
	ifi = mnl_nlmsg_get_payload(nlh);
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	l->type = ifi->ifi_type;
	snprintf(l->name, sizeof(l->name), "%s",
	    mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_ADDRESS] != NULL)
		l->hwaddr_len = nl_link_copy(l->hwaddr, tb[IFLA_ADDRESS]);
	if (tb[IFLA_BROADCAST] != NULL)
		l->brdaddr_len = nl_link_copy(l->brdaddr, tb[IFLA_BROADCAST]);
	if (tb[IFLA_MTU] != NULL)
		l->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	l->operstate = tb[IFLA_OPERSTATE] != NULL ?
	    mnl_attr_get_u8(tb[IFLA_OPERSTATE]) : IF_OPER_UNKNOWN;
	if (tb[IFLA_LINK] != NULL)
		l->link = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_MASTER] != NULL)
		l->master = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
	if ((tb[IFLA_LINKINFO] != NULL &&
	    nl_link_parse_info(tb[IFLA_LINKINFO], l) == -1) ||
	    (tb[IFLA_AF_SPEC] != NULL &&
	    nl_link_parse_spec(tb[IFLA_AF_SPEC], l) == -1)) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int
nl_link_one_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	return nl_link_parse(nlh, data) == 0 ? MNL_CB_STOP : MNL_CB_ERROR;
}

static int
nl_link_get(struct nl_sock *s, int ifindex, const char *name,
    struct nl_link *l)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_link_get_msg(buf, sizeof(buf), ifindex, name)) == NULL)
		return -1;
	l->ifindex = 0;
	if (nl_request_cb(s, nlh, nl_link_one_cb, l) == -1)
		return -1;
	if (l->ifindex == 0) {
		errno = ENODEV;
		return -1;
	}
	return 0;
}

int
nl_link_get_by_name(struct nl_sock *s, const char *name, struct nl_link *l)
{
	if (name == NULL || name[0] == '\0') {
		errno = ENODEV;
		return -1;
	}
	return nl_link_get(s, 0, name, l);
}

int
nl_link_get_by_index(struct nl_sock *s, int ifindex, struct nl_link *l)
{
	if (ifindex <= 0) {
		errno = ENODEV;
		return -1;
	}
	return nl_link_get(s, ifindex, NULL, l);
}

struct nl_link_walk {
	int		(*cb)(const struct nl_link *, void *);
	void		*arg;
};

static int
nl_link_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_link_walk *w = data;
	struct nl_link l;
	int ret;

	if (nl_link_parse(nlh, &l) == -1)
		return MNL_CB_ERROR;
	ret = w->cb(&l, w->arg);
	if (ret < 0)
		return MNL_CB_ERROR;
	return ret > 0 ? MNL_CB_STOP : MNL_CB_OK;
}

int
nl_link_list(struct nl_sock *s, int (*cb)(const struct nl_link *, void *),
    void *arg)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	struct nl_link_walk w = { cb, arg };

	nlh = nl_msg_start(buf, sizeof(buf), RTM_GETLINK, 0,
	    sizeof(struct ifinfomsg));
	if (nlh == NULL)
		return -1;
	return nl_dump(s, nlh, nl_link_list_cb, &w);
}

int
nl_link_set_up(struct nl_sock *s, int ifindex, bool up)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_link_updown_msg(buf, sizeof(buf), ifindex, up)) == NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_link_macvlan_set(struct nl_sock *s, const struct nl_link_macvlan *m)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_link_macvlan_msg(buf, sizeof(buf), m)) == NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_link_del(struct nl_sock *s, int ifindex)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_link_del_msg(buf, sizeof(buf), ifindex)) == NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_link_set_devconf(struct nl_sock *s, int ifindex,
    const struct nl_link_devconf *opts, size_t n)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_link_devconf_msg(buf, sizeof(buf), ifindex, opts, n)) ==
	    NULL)
		return -1;
	return nl_request(s, nlh);
}

int
nl_link_set_addrgen(struct nl_sock *s, int ifindex, uint8_t mode)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if ((nlh = nl_link_addrgen_msg(buf, sizeof(buf), ifindex, mode)) ==
	    NULL)
		return -1;
	return nl_request(s, nlh);
}

/* --- monitor ------------------------------------------------------------ */

static const char *const nl_ev_names[] = {
	[NL_EV_LINK_NEW] = "link-new",
	[NL_EV_LINK_DEL] = "link-del",
	[NL_EV_ADDR_NEW] = "addr-new",
	[NL_EV_ADDR_DEL] = "addr-del",
	[NL_EV_RESYNC] = "resync",
};

const char *
nl_ev_name(enum nl_ev_type t)
{
	if ((unsigned)t >= sizeof(nl_ev_names) / sizeof(nl_ev_names[0]))
		return "unknown";
	return nl_ev_names[t];
}

int
nl_mon_open(struct nl_mon *m, int rcvbuf)
{
	int saved;

	memset(m, 0, sizeof(*m));
	if (nl_open(&m->sock, RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
	    RTMGRP_IPV6_IFADDR) == -1)
		return -1;
	if (rcvbuf > 0 && nl_set_rcvbuf(&m->sock, rcvbuf) == -1) {
		saved = errno;
		nl_close(&m->sock);
		errno = saved;
		return -1;
	}
	return 0;
}

void
nl_mon_close(struct nl_mon *m)
{
	nl_close(&m->sock);
}

int
nl_mon_fd(const struct nl_mon *m)
{
	return nl_fd(&m->sock);
}

struct nl_mon_ctx {
	struct nl_mon	*mon;
	void		(*cb)(const struct nl_event *, void *);
	void		*arg;
};

static int
nl_mon_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_mon_ctx *c = data;
	struct nl_event ev;
	int rc;

	memset(&ev, 0, sizeof(ev));
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		ev.type = nlh->nlmsg_type == RTM_NEWLINK ? NL_EV_LINK_NEW :
		    NL_EV_LINK_DEL;
		rc = nl_link_parse(nlh, &ev.u.link);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		ev.type = nlh->nlmsg_type == RTM_NEWADDR ? NL_EV_ADDR_NEW :
		    NL_EV_ADDR_DEL;
		rc = nl_addr_parse(nlh, &ev.u.addr);
		break;
	default:
		return MNL_CB_OK;
	}
	if (rc == -1)
		c->mon->malformed++;
	else
		c->cb(&ev, c->arg);
	return MNL_CB_OK;
}

static void
nl_mon_resync(struct nl_mon_ctx *c)
{
	struct nl_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = NL_EV_RESYNC;
	c->cb(&ev, c->arg);
}

int
nl_mon_read(struct nl_mon *m, void (*cb)(const struct nl_event *, void *),
    void *arg)
{
	char buf[NL_RECV_SIZE];
	struct nl_mon_ctx c = { m, cb, arg };
	ssize_t n;
	int i;

	if (m->sock.mnl == NULL) {
		errno = EBADF;
		return -1;
	}
	for (i = 0; i < NL_MON_BUDGET; i++) {
		n = mnl_socket_recvfrom(m->sock.mnl, buf, sizeof(buf));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			/* Lost (ENOBUFS) or cut (ENOSPC) notifications. */
			if (errno == ENOBUFS || errno == ENOSPC) {
				nl_mon_resync(&c);
				continue;
			}
			return -1;
		}
		/* Notifications carry no sequence number to check. */
		(void)mnl_cb_run(buf, (size_t)n, 0, 0, nl_mon_msg_cb, &c);
	}
	return 0;
}
