/*
 * vroute: virtual and static routes, rules and static addresses on the
 * kernel (keepalived's netlink_rtlist, netlink_rulelist and the static
 * part of vrrp_daemon.c), with exact removal: an entry remembers the
 * delete request of what it added.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "conf.h"
#include "conf_iproute.h"
#include "log.h"
#include "nl_addr.h"
#include "nl_route.h"
#include "vroute.h"
#include "vrrp.h"
#include "xalloc.h"

/* Static entries: one set per VRRP child, on their own socket; the
 * monitor of deleted routes and rules. */
static struct vroute_set vr_static;
static struct nl_sock vr_static_nl;
static struct vrrp_child *vr_vc;
static struct nl_sock vr_mon;
static struct ev_io vr_mon_io;

static size_t
rt_alen_of(int family)
{
	if (family == AF_INET)
		return sizeof(struct in_addr);
	if (family == AF_INET6)
		return sizeof(struct in6_addr);
	return 0;
}

static const char *
vr_type_name(uint16_t type)
{
	switch (type) {
	case RTM_NEWADDR:
		return "RTM_NEWADDR";
	case RTM_DELADDR:
		return "RTM_DELADDR";
	case RTM_NEWROUTE:
		return "RTM_NEWROUTE";
	case RTM_DELROUTE:
		return "RTM_DELROUTE";
	case RTM_NEWRULE:
		return "RTM_NEWRULE";
	case RTM_DELRULE:
		return "RTM_DELRULE";
	}
	return "?";
}

/* keepalived's ipaddresstos: the prefix only when not a host. */
static const char *
vr_addr_str(const struct addr *a, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (inet_ntop(a->family, &a->u, tmp, sizeof(tmp)) == NULL)
		snprintf(tmp, sizeof(tmp), "?");
	if (a->prefix != (a->family == AF_INET ? 32 : 128))
		snprintf(buf, len, "%s/%u", tmp, a->prefix);
	else
		snprintf(buf, len, "%s", tmp);
	return buf;
}

/* The address request of a static_ipaddress line; its dev is needed. */
static struct nlmsghdr *
vr_addr_msg(const struct ipaddr_conf *c, bool add, void *buf, size_t size)
{
	struct nl_addr na;
	unsigned idx;

	if (c->dev == NULL || (idx = if_nametoindex(c->dev)) == 0) {
		errno = ENODEV;
		return NULL;
	}
	nl_addr_from_conf(c, (int)idx, &na);
	return nl_addr_msg(buf, size, add ? RTM_NEWADDR : RTM_DELADDR,
	    add ? NLM_F_CREATE | NLM_F_EXCL : 0, &na);
}

static struct nlmsghdr *
vr_msg(const struct vroute_ent *e, bool add, void *buf, size_t size)
{
	switch (e->kind) {
	case VROUTE_ADDR:
		return vr_addr_msg(e->conf, add, buf, size);
	case VROUTE_ROUTE:
		return nl_route_msg(buf, size, add ? RTM_NEWROUTE :
		    RTM_DELROUTE, add ? NLM_F_CREATE : 0, e->conf, NULL, NULL);
	case VROUTE_RULE:
		return nl_rule_msg(buf, size, add ? RTM_NEWRULE : RTM_DELRULE,
		    add ? NLM_F_CREATE | NLM_F_EXCL : 0, e->conf);
	}
	errno = EINVAL;
	return NULL;
}

/* A device named by an entry, for the message when it is missing. */
static const char *
vr_dev(const struct vroute_ent *e)
{
	const struct route_conf *r = e->conf;
	const struct nexthop_conf *nh;

	if (e->kind == VROUTE_ADDR)
		return ((const struct ipaddr_conf *)e->conf)->dev;
	if (e->kind != VROUTE_ROUTE)
		return NULL;
	if (r->dev != NULL && if_nametoindex(r->dev) == 0)
		return r->dev;
	STAILQ_FOREACH(nh, &r->nexthops, next)
		if (nh->dev != NULL && if_nametoindex(nh->dev) == 0)
			return nh->dev;
	return r->dev;
}

static void
vr_log_error(const struct nl_sock *nl, uint16_t type, int err)
{
	log_info("Netlink: error: %s(%d), type=%s(%u), seq=%u, pid=%u",
	    strerror(err), err, vr_type_name(type), type, nl->seq, 0U);
}

/* What keepalived's clear_diff_routes / clear_diff_rules log. */
static char *
vr_label(const struct vroute_ent *e)
{
	const struct route_conf *r = e->conf;
	const struct rule_conf *u = e->conf;
	char a[ADDR_STRLEN + 8], b[ADDR_STRLEN + 8], line[128];

	if (e->kind == VROUTE_ADDR)
		return NULL;
	if (e->kind == VROUTE_ROUTE)
		snprintf(line, sizeof(line), "Removing route %s",
		    vr_addr_str(&r->dst, a, sizeof(a)));
	else
		snprintf(line, sizeof(line), "ip rule from %s%s%s removed",
		    u->from.family != AF_UNSPEC ?
		    vr_addr_str(&u->from, a, sizeof(a)) : "all",
		    u->to.family != AF_UNSPEC ? " to " : "",
		    u->to.family != AF_UNSPEC ?
		    vr_addr_str(&u->to, b, sizeof(b)) : "");
	return xstrdup(line);
}

static bool
vr_tracked(const struct vroute_ent *e)
{
	if (e->kind == VROUTE_ROUTE)
		return !((const struct route_conf *)e->conf)->no_track;
	if (e->kind == VROUTE_RULE)
		return !((const struct rule_conf *)e->conf)->no_track;
	return false;
}

static void
vr_forget(struct vroute_ent *e)
{
	free(e->key);
	free(e->del);
	free(e->label);
	e->label = NULL;
	e->track = false;
	e->key = e->del = NULL;
	e->key_len = e->del_len = 0;
	e->set = false;
}

/* Send the kept delete request of a set entry. */
static int
vr_del_set(struct nl_sock *nl, struct vroute_ent *e)
{
	uint8_t buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	uint16_t type;
	int rc = 0;

	memcpy(buf, e->del, e->del_len);
	type = nlh->nlmsg_type;
	if (nl_request(nl, nlh) == -1 &&
	    !(type == RTM_DELADDR && errno == EADDRNOTAVAIL)) {
		vr_log_error(nl, type, errno);
		rc = -1;
	}
	/* As keepalived: a failed delete leaves the entry not set. */
	vr_forget(e);
	return rc;
}

/* Whether a failed add left the kernel holding the entry anyway. */
static bool
vr_add_ok(uint16_t type, int err)
{
	return err == EEXIST && (type == RTM_NEWROUTE || type == RTM_NEWADDR);
}

static int
vr_add(struct nl_sock *nl, struct vroute_ent *e)
{
	uint8_t buf[NL_MSG_SIZE], del[NL_MSG_SIZE];
	struct nlmsghdr *nlh, *dnlh;
	uint16_t type;
	const char *dev;

	if ((nlh = vr_msg(e, true, buf, sizeof(buf))) == NULL ||
	    (dnlh = vr_msg(e, false, del, sizeof(del))) == NULL) {
		if (errno == ENODEV && (dev = vr_dev(e)) != NULL)
			log_info("Netlink: interface %s does not exist, %s "
			    "not set", dev, e->kind == VROUTE_ADDR ?
			    "static address" : "route");
		else
			log_warn("Netlink: cannot encode %s",
			    e->kind == VROUTE_RULE ? "rule" : "route");
		return -1;
	}
	e->key_len = nlh->nlmsg_len;
	e->key = xmalloc(e->key_len);
	memcpy(e->key, nlh, e->key_len);
	type = nlh->nlmsg_type;
	if (nl_request(nl, nlh) == -1 && !vr_add_ok(type, errno)) {
		vr_log_error(nl, type, errno);
		vr_forget(e);
		return -1;
	}
	e->del_len = dnlh->nlmsg_len;
	e->del = xmalloc(e->del_len);
	memcpy(e->del, dnlh, e->del_len);
	e->label = vr_label(e);
	e->track = vr_tracked(e);
	e->set = true;
	return 0;
}

/* keepalived's forced clean-up of a rule not set: ENOENT is quiet.  Only
 * rules stamped with keepalived's protocol, which the kernel matches on
 * delete, so that no rule of somebody else's goes. */
static int
vr_del_forced(struct nl_sock *nl, struct vroute_ent *e)
{
	const struct rule_conf *r = e->conf;
	uint8_t buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	if (e->kind != VROUTE_RULE || !r->has_protocol ||
	    r->protocol != RTPROT_KEEPALIVED)
		return 0;
	if ((nlh = vr_msg(e, false, buf, sizeof(buf))) == NULL)
		return 0;
	if (nl_request(nl, nlh) == 0 || errno == ENOENT)
		return 0;
	vr_log_error(nl, RTM_DELRULE, errno);
	return -1;
}

int
vroute_set_apply(struct nl_sock *nl, struct vroute_set *s, bool add,
    bool force)
{
	struct vroute_ent *e;
	int failed = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		e = add ? &s->e[i] : &s->e[s->n - 1 - i];
		if (add && !e->set)
			failed += vr_add(nl, e) == -1;
		else if (!add && e->set)
			failed += vr_del_set(nl, e) == -1;
		else if (!add && force)
			failed += vr_del_forced(nl, e) == -1;
	}
	s->nset = 0;
	for (i = 0; i < s->n; i++)
		s->nset += s->e[i].set;
	return failed;
}

void
vroute_set_free(struct vroute_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		vr_forget(&s->e[i]);
	free(s->e);
	memset(s, 0, sizeof(*s));
}

static void
vr_push(struct vroute_set *s, size_t *cap, enum vroute_kind kind,
    const void *conf)
{
	if (s->n == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		s->e = xreallocarray(s->e, *cap, sizeof(*s->e));
	}
	memset(&s->e[s->n], 0, sizeof(s->e[s->n]));
	s->e[s->n].kind = kind;
	s->e[s->n].conf = conf;
	s->n++;
}

static void
vr_build(struct vroute_set *s, const void *owner, const struct ipaddr_list *a,
    const struct route_list *rl, const struct rule_list *ul)
{
	const struct ipaddr_conf *ac;
	const struct route_conf *rc;
	const struct rule_conf *uc;
	size_t cap = 0;

	memset(s, 0, sizeof(*s));
	s->owner = owner;
	if (a != NULL)
		STAILQ_FOREACH(ac, a, next)
			vr_push(s, &cap, VROUTE_ADDR, ac);
	if (rl != NULL)
		STAILQ_FOREACH(rc, rl, next)
			vr_push(s, &cap, VROUTE_ROUTE, rc);
	if (ul != NULL)
		STAILQ_FOREACH(uc, ul, next)
			vr_push(s, &cap, VROUTE_RULE, uc);
}

/* The new entry whose add request is old's, not yet taken. */
static struct vroute_ent *
vr_match(struct vroute_set *n, const struct vroute_ent *old)
{
	uint8_t buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	size_t i;

	for (i = 0; i < n->n; i++) {
		if (n->e[i].set || n->e[i].kind != old->kind)
			continue;
		if ((nlh = vr_msg(&n->e[i], true, buf, sizeof(buf))) == NULL)
			continue;
		if (nlh->nlmsg_len == old->key_len &&
		    memcmp(nlh, old->key, old->key_len) == 0)
			return &n->e[i];
	}
	return NULL;
}

void
vroute_set_update(struct nl_sock *nl, struct vroute_set *s,
    const void *owner, const struct ipaddr_list *a,
    const struct route_list *rl, const struct rule_list *ul)
{
	struct vroute_set n;
	struct vroute_ent *e, *m;
	size_t i;

	vr_build(&n, owner, a, rl, ul);
	/* Backward, so that rules go before routes before addresses. */
	for (i = s->n; i-- > 0;) {
		e = &s->e[i];
		if (!e->set)
			continue;
		if ((m = vr_match(&n, e)) != NULL) {
			*m = (struct vroute_ent){ .kind = m->kind,
			    .conf = m->conf, .set = true, .key = e->key,
			    .key_len = e->key_len, .del = e->del,
			    .del_len = e->del_len, .label = e->label,
			    .track = e->track };
			e->key = e->del = NULL;
			e->label = NULL;
			e->set = false;
			continue;
		}
		/* e->conf may be gone already: log the kept label. */
		if (e->label != NULL && log_detail() > 0)
			log_info("%s", e->label);
		(void)vr_del_set(nl, e);
	}
	vroute_set_free(s);
	*s = n;
	for (i = 0; i < s->n; i++)
		s->nset += s->e[i].set;
}

/* --- instances ------------------------------------------------------------ */

static void
vr_rt_sync(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;

	if (rt->vr.owner == c)
		return;
	vroute_set_update(&rt->eng->nl, &rt->vr, c, NULL, &c->vroutes,
	    &c->vrules);
}

static void
vr_rt_log(const struct vrrp_rt *rt, bool add, const char *what)
{
	if (log_detail() > 0)
		log_info("(%s) %sing Virtual %s", rt->conf->name,
		    add ? "sett" : "remov", what);
}

void
vroute_rt_apply(struct vrrp_rt *rt, bool add)
{
	const struct vrrp_instance_conf *c = rt->conf;
	bool force = !add && !rt->fsm.vipset;

	vr_rt_sync(rt);
	if (rt->vr.n == 0)
		return;
	/* keepalived logs each block it handles; the order of the two
	 * follows the order of the work. */
	if (add) {
		if (!STAILQ_EMPTY(&c->vroutes))
			vr_rt_log(rt, true, "Routes");
		if (!STAILQ_EMPTY(&c->vrules))
			vr_rt_log(rt, true, "Rules");
	} else {
		if (!STAILQ_EMPTY(&c->vrules))
			vr_rt_log(rt, false, "Rules");
		if (!STAILQ_EMPTY(&c->vroutes))
			vr_rt_log(rt, false, "Routes");
	}
	(void)vroute_set_apply(&rt->eng->nl, &rt->vr, add, force);
}

void
vroute_rt_rebind(struct vrrp_rt *rt)
{
	vr_rt_sync(rt);
}

void
vroute_rt_free(struct vrrp_rt *rt)
{
	vroute_set_free(&rt->vr);
}

/* --- tracking ------------------------------------------------------------ */

/* What keepalived's route_is_ours / rule_is_ours compare. */
struct vr_id {
	uint16_t	 kind;		/* RTM_NEWROUTE or RTM_NEWRULE */
	uint8_t		 family, dst_len, src_len, tos, action;
	uint32_t	 table, priority, oif, fwmark;
	uint8_t		 dst[16], src[16];
	char		 iif[IFNAMSIZ], oifname[IFNAMSIZ];
};

struct vr_id_ctx {
	struct vr_id	*id;
	bool		 route;
	size_t		 alen;
};

static void
vr_id_str(char *dst, const struct nlattr *a)
{
	snprintf(dst, IFNAMSIZ, "%.*s", (int)mnl_attr_get_payload_len(a),
	    (const char *)mnl_attr_get_payload(a));
}

static int
vr_id_attr(const struct nlattr *a, void *data)
{
	struct vr_id_ctx *c = data;
	struct vr_id *id = c->id;
	uint16_t type = mnl_attr_get_type(a);
	uint16_t len = mnl_attr_get_payload_len(a);

	/* RTA_DST == FRA_DST, RTA_TABLE == FRA_TABLE, RTA_PRIORITY ==
	 * FRA_PRIORITY: the same numbers for both kinds. */
	if ((type == RTA_DST || (!c->route && type == FRA_SRC)) &&
	    len == c->alen)
		memcpy(type == RTA_DST ? id->dst : id->src,
		    mnl_attr_get_payload(a), c->alen);
	else if ((type == RTA_TABLE || type == RTA_PRIORITY ||
	    (c->route && type == RTA_OIF) ||
	    (!c->route && type == FRA_FWMARK)) &&
	    mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
		if (type == RTA_TABLE)
			id->table = mnl_attr_get_u32(a);
		else if (type == RTA_PRIORITY)
			id->priority = mnl_attr_get_u32(a);
		else if (c->route)
			id->oif = mnl_attr_get_u32(a);
		else
			id->fwmark = mnl_attr_get_u32(a);
	} else if (!c->route && type == FRA_IFNAME)
		vr_id_str(id->iif, a);
	else if (!c->route && type == FRA_OIFNAME)
		vr_id_str(id->oifname, a);
	return MNL_CB_OK;
}

/* The identity of a route or rule message; -1 when it is not one. */
static int
vr_id_parse(const struct nlmsghdr *nlh, struct vr_id *id)
{
	struct vr_id_ctx c = { .id = id };
	const struct rtmsg *rtm;
	const struct fib_rule_hdr *frh;
	size_t hl;

	memset(id, 0, sizeof(*id));
	c.route = nlh->nlmsg_type == RTM_NEWROUTE ||
	    nlh->nlmsg_type == RTM_DELROUTE;
	hl = c.route ? sizeof(*rtm) : sizeof(*frh);
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(hl))
		return -1;
	id->kind = c.route ? RTM_NEWROUTE : RTM_NEWRULE;
	if (c.route) {
		rtm = mnl_nlmsg_get_payload(nlh);
		id->family = rtm->rtm_family;
		id->dst_len = rtm->rtm_dst_len;
		id->tos = rtm->rtm_tos;
		id->table = rtm->rtm_table;
	} else {
		frh = mnl_nlmsg_get_payload(nlh);
		id->family = frh->family;
		id->dst_len = frh->dst_len;
		id->src_len = frh->src_len;
		id->tos = frh->tos;
		id->action = frh->action;
		id->table = frh->table;
	}
	if ((c.alen = rt_alen_of(id->family)) == 0)
		return -1;
	if (mnl_attr_parse(nlh, hl, vr_id_attr, &c) < 0)
		return -1;
	return 0;
}

/* Whether a deleted route or rule is the one e set. */
static bool
vr_is(const struct vroute_ent *e, const struct vr_id *gone)
{
	struct vr_id id;

	if (!e->set || e->key == NULL ||
	    vr_id_parse((const struct nlmsghdr *)e->key, &id) == -1)
		return false;
	return memcmp(&id, gone, sizeof(id)) == 0;
}

/* keepalived's set_vrrp_backup wants "a quick transition back to
 * master": the BACKUP timer runs Skew_Time, not Master_Down. */
static void
vr_quick_return(struct vrrp_rt *rt)
{
	struct ev_loop *loop = rt->eng->vc->loop;
	uint64_t d;

	if (rt->fsm.state != VRRP_FSM_BACKUP)
		return;
	rt->fsm.master_down_us = vrrp_fsm_skew_us(&rt->fsm);
	rt->fsm.t_master_down = ev_now(loop) + rt->fsm.master_down_us;
	if ((d = vrrp_fsm_next_deadline(&rt->fsm)) != VRRP_FSM_NEVER)
		ev_timer_start_at(loop, &rt->timer, d);
}

/* keepalived's set_vrrp_backup: the MASTER whose route went leaves. */
static bool
vr_track_rt(struct vrrp_rt *rt, const struct vr_id *gone)
{
	size_t i;

	for (i = 0; i < rt->vr.n; i++) {
		if (!vr_is(&rt->vr.e[i], gone))
			continue;
		if (!rt->vr.e[i].track) {
			vr_forget(&rt->vr.e[i]);
			return true;
		}
		vr_forget(&rt->vr.e[i]);
		if (rt->fsm.state == VRRP_FSM_MASTER) {
			log_debug("(%s) tracked %s deleted, leaving MASTER",
			    rt->conf->name, gone->kind == RTM_NEWROUTE ?
			    "route" : "rule");
			vrrp_rt_event(rt, VRRP_FSM_EV_SYNC_BACKUP, NULL);
			vr_quick_return(rt);
		}
		return true;
	}
	return false;
}

/* keepalived's reinstate_static_route / reinstate_static_rule. */
static void
vr_track_static(const struct vr_id *gone)
{
	struct vroute_ent *e;
	const char *what;
	size_t i;

	for (i = 0; i < vr_static.n; i++) {
		e = &vr_static.e[i];
		if (!vr_is(e, gone))
			continue;
		if (!e->track) {
			vr_forget(e);
			return;
		}
		/* The label of a route reads "Removing route DST". */
		what = e->label != NULL && gone->kind == RTM_NEWROUTE ?
		    strstr(e->label, " route ") : NULL;
		log_info("Restoring deleted static %s%s", gone->kind ==
		    RTM_NEWROUTE ? "route" : "rule", what != NULL ?
		    what + strlen(" route") : "");
		vr_forget(e);
		(void)vr_add(&vr_static_nl, e);
		return;
	}
}

/* One notification: only deletions of keepalived-protocol entries made
 * by someone else than our request sockets. */
static int
vr_mon_msg(const struct nlmsghdr *nlh, void *data)
{
	struct vrrp_engine *eng = vr_vc != NULL ? vr_vc->engine : NULL;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct vrrp_rt *rt;
	struct vr_id id;

	if (nlh->nlmsg_type != RTM_DELROUTE && nlh->nlmsg_type != RTM_DELRULE)
		return MNL_CB_OK;
	if (nlh->nlmsg_pid != 0 && (nlh->nlmsg_pid == vr_static_nl.portid ||
	    (eng != NULL && nlh->nlmsg_pid == eng->nl.portid)))
		return MNL_CB_OK;
	if (nlh->nlmsg_type == RTM_DELROUTE &&
	    (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*rtm) ||
	    rtm->rtm_protocol != RTPROT_KEEPALIVED))
		return MNL_CB_OK;
	if (vr_id_parse(nlh, &id) == -1)
		return MNL_CB_OK;
	if (eng != NULL)
		TAILQ_FOREACH(rt, &eng->rts, next)
			if (vr_track_rt(rt, &id))
				return MNL_CB_OK;
	vr_track_static(&id);
	return MNL_CB_OK;
}

static void
vr_mon_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	static uint8_t buf[NL_RECV_SIZE];
	ssize_t n;
	int i;

	for (i = 0; i < 64; i++) {
		n = mnl_socket_recvfrom(vr_mon.mnl, buf, sizeof(buf));
		if (n == -1) {
			if (errno == ENOBUFS)
				log_info("Netlink: Receive buffer overrun on "
				    "route monitor socket");
			else if (errno != EINTR)
				return;
			continue;
		}
		(void)mnl_cb_run(buf, (size_t)n, 0, 0, vr_mon_msg, NULL);
	}
}

/* Whether any instance or the root has a route or rule. */
static bool
vr_any(const struct conf *cf)
{
	const struct vrrp_instance_conf *c;

	if (!STAILQ_EMPTY(&cf->vrrp.static_routes) ||
	    !STAILQ_EMPTY(&cf->vrrp.static_rules))
		return true;
	STAILQ_FOREACH(c, &cf->vrrp.instances, next)
		if (!STAILQ_EMPTY(&c->vroutes) || !STAILQ_EMPTY(&c->vrules))
			return true;
	return false;
}

static void
vr_mon_open(struct vrrp_child *vc)
{
	unsigned groups = RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE |
	    (1U << (RTNLGRP_IPV4_RULE - 1)) | (1U << (RTNLGRP_IPV6_RULE - 1));

	vr_vc = vc;
	if (nl_fd(&vr_mon) != -1 || !vr_any(vc->conf))
		return;
	if (nl_open(&vr_mon, groups) == -1) {
		log_warn("Netlink: cannot monitor routes and rules");
		return;
	}
	ev_io_init(&vr_mon_io, nl_fd(&vr_mon), EPOLLIN, vr_mon_cb, NULL);
	if (ev_io_start(vc->loop, &vr_mon_io) == -1) {
		log_warn("Netlink: cannot monitor routes and rules");
		nl_close(&vr_mon);
	}
}

static void
vr_mon_close(void)
{
	if (nl_fd(&vr_mon) == -1)
		return;
	if (vr_mon_io.active && vr_vc != NULL)
		ev_io_stop(vr_vc->loop, &vr_mon_io);
	nl_close(&vr_mon);
}

/* --- static entries ------------------------------------------------------- */

static bool
vr_static_open(void)
{
	if (nl_fd(&vr_static_nl) != -1)
		return true;
	if (nl_open(&vr_static_nl, 0) == 0)
		return true;
	log_warn("Netlink: cannot open a socket for static routes");
	return false;
}

void
vroute_static_start(struct vrrp_child *vc)
{
	const struct vrrp_conf_set *v = &vc->conf->vrrp;

	vr_mon_open(vc);
	if (STAILQ_EMPTY(&v->static_addresses) &&
	    STAILQ_EMPTY(&v->static_routes) && STAILQ_EMPTY(&v->static_rules))
		return;
	if (!vr_static_open())
		return;
	vroute_set_free(&vr_static);
	vr_build(&vr_static, vc->conf, &v->static_addresses,
	    &v->static_routes, &v->static_rules);
	/* Leftover static rules of an earlier run. */
	(void)vroute_set_apply(&vr_static_nl, &vr_static, false, true);
	(void)vroute_set_apply(&vr_static_nl, &vr_static, true, false);
}

void
vroute_static_reload(struct vrrp_child *vc)
{
	const struct vrrp_conf_set *v = &vc->conf->vrrp;

	vr_mon_open(vc);
	if (vr_static.n == 0 && STAILQ_EMPTY(&v->static_addresses) &&
	    STAILQ_EMPTY(&v->static_routes) && STAILQ_EMPTY(&v->static_rules))
		return;
	if (!vr_static_open())
		return;
	vroute_set_update(&vr_static_nl, &vr_static, vc->conf,
	    &v->static_addresses, &v->static_routes, &v->static_rules);
	(void)vroute_set_apply(&vr_static_nl, &vr_static, true, false);
}

void
vroute_static_stop(void)
{
	vr_mon_close();
	if (vr_static.n > 0 && nl_fd(&vr_static_nl) != -1)
		(void)vroute_set_apply(&vr_static_nl, &vr_static, false,
		    false);
	vroute_set_free(&vr_static);
	nl_close(&vr_static_nl);
	vr_vc = NULL;
}
