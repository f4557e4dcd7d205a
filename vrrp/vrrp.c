/*
 * vrrp: the VRRP engine, the I/O shell of the VRRP child.
 *
 * Instances (struct vrrp_rt) own their machine and timer; the socket
 * pool, the netlink sockets and the GARP channel belong to the engine.
 * Every event given to a machine goes through rt_event(), which re-arms
 * the instance's timer to the machine's next deadline afterwards, so the
 * machine's notion of time is the only one.
 */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "log.h"
#include "ndisc.h"
#include "nft.h"
#include "nl_addr.h"
#include "sock.h"
#include "syncd.h"
#include "track_bfd.h"
#include "track_process.h"
#include "vrrp.h"
#include "vrrp_ah.h"
#include "xalloc.h"

#define RX_BURST	32	/* reads per wake-up of one socket */

static void rt_destroy(struct vrrp_rt *);
static void rt_log_faults(const struct vrrp_rt *);

/* The no_accept firewall (nft.c), opened when an instance needs it; one
 * engine per VRRP child. */
static struct vrrp_nft *eng_nft;

/* --- helpers -------------------------------------------------------------- */

static double
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
link_is_up(unsigned flags)
{
	return (flags & IFF_UP) && (flags & IFF_RUNNING);
}

static void
rt_arm(struct vrrp_rt *rt)
{
	struct ev_loop *loop = rt->eng->vc->loop;
	uint64_t d = vrrp_fsm_next_deadline(&rt->fsm);

	if (d == VRRP_FSM_NEVER)
		ev_timer_stop(loop, &rt->timer);
	else
		ev_timer_start_at(loop, &rt->timer, d);
}

static void
rt_event(struct vrrp_rt *rt, enum vrrp_fsm_event ev, const void *arg)
{
	struct ev_loop *loop = rt->eng->vc->loop;

	ev_now_update(loop);
	(void)vrrp_fsm_event(&rt->fsm, ev, arg, ev_now(loop));
	rt_arm(rt);
}

void
vrrp_rt_event(struct vrrp_rt *rt, enum vrrp_fsm_event ev, const void *arg)
{
	rt_event(rt, ev, arg);
}

static void
rt_timer_cb(struct ev_loop *loop, struct ev_timer *t)
{
	rt_event(t->arg, VRRP_FSM_EV_TIMER, NULL);
}

/* --- machine outputs ------------------------------------------------------ */

static void
rt_fill_advert(struct vrrp_rt *rt, struct vrrp_pkt *p, unsigned prio)
{
	const struct vrrp_instance_conf *c = rt->conf;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->family = (sa_family_t)c->family;
	p->version = (uint8_t)c->version;
	p->type = VRRP_PKT_TYPE_ADVERT;
	p->vrid = (uint8_t)c->vrid;
	p->priority = (uint8_t)prio;
	p->naddr = (uint8_t)rt->nvip_addrs;
	p->adver_int = (uint16_t)(c->adver_int_us / 10000);
	if (c->version == 2 && c->family == AF_INET) {
		p->auth_type = (uint8_t)c->auth_type;
		if (c->auth_type == VRRP_CONF_AUTH_PASS)
			memcpy(p->auth_data, c->auth_pass, VRRP_PKT_AUTH_LEN);
	}
	for (i = 0; i < rt->nvip_addrs; i++) {
		if (c->family == AF_INET)
			p->addrs.v4[i] = rt->vip_addrs[i].u.v4;
		else
			p->addrs.v6[i] = rt->vip_addrs[i].u.v6;
	}
	p->src = rt->saddr;
	p->csum_group = rt->expect.csum_compat == VRRP_PKT_CSUM_OLD;
	vrrp_ah_fill(rt, p);
}

static int
rt_send_one(struct vrrp_rt *rt, struct vrrp_pkt *p, const struct addr *dst)
{
	const struct vrrp_instance_conf *c = rt->conf;
	uint8_t buf[VRRP_PKT_MAX_LEN];
	ssize_t len;
	int hl;

	p->dst = *dst;
	if (c->family == AF_INET) {
		p->ttl = rt->unicast && c->unicast_ttl >= 0 ? c->unicast_ttl :
		    VRRP_PKT_TTL;
		if (++rt->ip_id == 0)
			rt->ip_id = 1;
		p->ip_id = rt->ip_id;
	}
	if ((len = vrrp_pkt_encode(p, false, buf, sizeof(buf))) == -1)
		return -1;
	if (c->family == AF_INET)
		return vrrp_sock_send4(rt->sock->fd_tx, buf, (size_t)len,
		    dst->u.v4, !rt->unicast);
	hl = rt->unicast ? c->unicast_ttl : -1;
	return vrrp_sock_send6(rt->sock->fd_tx, buf, (size_t)len, &dst->u.v6,
	    rt->sock->ifindex, rt->saddr.family == AF_INET6 ? &rt->saddr.u.v6 :
	    NULL, hl);
}

/* keepalived's vrrp_send_adv: to the group, or to each unicast peer. */
static void
op_send_advert(struct vrrp_fsm *fsm, unsigned prio)
{
	struct vrrp_rt *rt = fsm->ctx;
	struct vrrp_pkt *p = &rt->eng->pkt;
	char buf[ADDR_STRLEN];
	size_t i;

	vrrp_vmac_garp_extra(rt);
	if (rt->sock == NULL || rt->sock->fd_tx == -1)
		return;
	rt_fill_advert(rt, p, prio);
	if (!rt->unicast) {
		if (rt_send_one(rt, p, &rt->group) == -1 &&
		    (prio != 0 || errno != ENETUNREACH || rt->link_up))
			log_info("(%s): send advert error %d (%s)",
			    rt->conf->name, errno, strerror(errno));
		return;
	}
	for (i = 0; i < rt->npeers; i++)
		if (rt_send_one(rt, p, &rt->peers[i].addr) == -1 &&
		    (prio != 0 || errno != ENETUNREACH || rt->link_up))
			log_info("(%s) Cant send advert to %s (%s)",
			    rt->conf->name, addr_str(&rt->peers[i].addr, buf,
			    sizeof(buf)), strerror(errno));
}

/* Whether the instance's no_accept is enforced: an explicit no_accept
 * on a non-owner.  One only implied by vrrp_strict is not (see
 * rt_warn_accept). */
static bool
rt_fw_needed(const struct vrrp_instance_conf *c)
{
	return !c->accept && c->priority != VRRP_CONF_PRIO_OWNER &&
	    c->accept_set == 0;
}

static void
rt_fw_fill(const struct vip_set *s, struct vrrp_nft_elem *e, size_t *n)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		e[*n].addr = s->v[i].na.addr;
		e[*n].ifindex = s->v[i].na.ifindex;
		(*n)++;
	}
}

/*
 * keepalived's vrrp_handle_accept_mode: while the VIPs are set, the
 * firewall drops traffic to and from them.  Adding makes the set the
 * instance's current VIPs and eVIPs (none when it now accepts: reload).
 */
static void
rt_fw(struct vrrp_rt *rt, bool add)
{
	struct vrrp_nft_elem *e = NULL;
	bool needed;
	size_t n = 0;

	if (eng_nft == NULL)
		return;
	needed = rt_fw_needed(rt->conf);
	add = add && needed;
	if (add) {
		e = xreallocarray(NULL, rt->vips.n + rt->evips.n + 1,
		    sizeof(*e));
		rt_fw_fill(&rt->vips, e, &n);
		rt_fw_fill(&rt->evips, e, &n);
	}
	/* keepalived says so for every instance that needs the rule, even
	 * when there is nothing to remove (the release at start). */
	if (!needed && vrrp_nft_held(eng_nft, rt) == 0)
		goto out;
	if (log_detail() > 0)
		log_info("(%s) %sing firewall drop rule", rt->conf->name,
		    add ? "sett" : "remov");
	if (vrrp_nft_update(eng_nft, rt, e, n) == -1)
		log_warn("(%s) %s firewall drop rule failed", rt->conf->name,
		    add ? "setting" : "removing");
out:
	free(e);
}

static void
rt_vips_apply(struct vrrp_rt *rt, bool add)
{
	struct nl_sock *nl = &rt->eng->nl;
	const char *what = add ? "sett" : "remov";

	if (log_detail() > 0)
		log_info("(%s) %sing VIPs.", rt->conf->name, what);
	if (vip_set_apply(nl, &rt->vips, add) != 0)
		log_warn("(%s) %s VIPs failed", rt->conf->name,
		    add ? "adding" : "removing");
	if (rt->evips.n == 0)
		return;
	if (log_detail() > 0)
		log_info("(%s) %sing E-VIPs.", rt->conf->name, what);
	if (vip_set_apply(nl, &rt->evips, add) != 0)
		log_warn("(%s) %s E-VIPs failed", rt->conf->name,
		    add ? "adding" : "removing");
}

/* As keepalived: the drop rule goes in before the addresses, and out
 * after them. */
static void
rt_vips(struct vrrp_rt *rt, bool add)
{
	if (add)
		rt_fw(rt, true);
	else
		vroute_rt_apply(rt, false);
	rt_vips_apply(rt, add);
	if (add)
		vroute_rt_apply(rt, true);
	else
		rt_fw(rt, false);
}

static void
op_add_vips(struct vrrp_fsm *fsm)
{
	rt_vips(fsm->ctx, true);
}

static void
op_del_vips(struct vrrp_fsm *fsm)
{
	rt_vips(fsm->ctx, false);
}

static void
rt_garp_one(struct vrrp_rt *rt, const struct vip *v, bool log)
{
	struct nl_link l;
	char buf[INET6_ADDRSTRLEN];
	const uint8_t *mac = rt->mac;
	unsigned flags = rt->ifflags;
	bool router = rt->router6;

	if (v->na.ifindex != rt->ifindex) {
		if (nl_link_get_by_index(&rt->eng->nl, v->na.ifindex, &l) == -1
		    || l.hwaddr_len != 6)
			return;
		mac = l.hwaddr;
		flags = l.flags;
		router = ndisc_forwarding(l.name) == 1;
	}
	if (v->na.addr.family == AF_INET && (flags & IFF_NOARP))
		return;
	if (log && log_detail() > 0)
		log_info("(%s) Sending/queueing %s on %s for %s",
		    rt->conf->name, v->na.addr.family == AF_INET ?
		    "gratuitous ARPs" : "Unsolicited Neighbour Adverts",
		    v->ifname, inet_ntop(v->na.addr.family, &v->na.addr.u, buf,
		    sizeof(buf)) != NULL ? buf : "?");
	if (vip_garp_queue(&rt->eng->garp, v->na.ifindex, mac, &v->na.addr,
	    router) == -1 && errno != EAGAIN)
		log_warn("(%s) cannot send gratuitous ARP/NA on %s",
		    rt->conf->name, v->ifname);
}

/* keepalived's vrrp_send_link_update. */
static void
op_send_garp(struct vrrp_fsm *fsm, unsigned rep)
{
	struct vrrp_rt *rt = fsm->ctx;
	unsigned j;
	size_t i;

	for (j = 0; j < rep; j++) {
		for (i = 0; i < rt->vips.n; i++)
			rt_garp_one(rt, &rt->vips.v[i], j == 0);
		for (i = 0; i < rt->evips.n; i++)
			rt_garp_one(rt, &rt->evips.v[i], j == 0);
	}
}

/*
 * keepalived's send_instance_notifies and the sync group after it; the
 * parent hears of every state the instance enters.
 */
static void
op_notify(struct vrrp_fsm *fsm, enum vrrp_fsm_notify what)
{
	struct vrrp_rt *rt = fsm->ctx;
	struct vrrp_engine *eng = rt->eng;

	switch (what) {
	case VRRP_FSM_NOTIFY_PRIORITY:
		vrrp_notify_priority(&eng->notify, rt->conf,
		    fsm->state == VRRP_FSM_MASTER, fsm->effective_priority);
		return;
	case VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI:
		vrrp_notify_instance(&eng->notify, rt->conf, (int)what,
		    fsm->effective_priority);
		return;
	case VRRP_FSM_NOTIFY_STOP:
		break;
	default:
		if (fsm->state == VRRP_FSM_MASTER)
			vrrp_ah_master(rt);
		rt->last_transition = wall_now();
		(void)vrrp_child_send_state(eng->vc, rt->conf->name,
		    (unsigned)what, fsm->effective_priority);
		vrrp_syncd_state(rt, (int)what);
		break;
	}
	if (!vrrp_sync_suppress(rt)) {
		rt->notifies_sent = true;
		vrrp_notify_instance(&eng->notify, rt->conf, (int)what,
		    fsm->effective_priority);
	}
	vrrp_sync_member_changed(rt);
}

static void
op_log(struct vrrp_fsm *fsm, const char *msg)
{
	log_info("%s", msg);
}

static const struct vrrp_fsm_ops rt_fsm_ops = {
	.send_advert = op_send_advert,
	.add_vips = op_add_vips,
	.del_vips = op_del_vips,
	.send_garp = op_send_garp,
	.notify = op_notify,
	.log = op_log,
	.sync_can_master = vrrp_sync_can_master,
	.promote = vrrp_promote_ask,
	.promote_cancel = vrrp_promote_cancel,
};

/* --- receive ---------------------------------------------------------------- */

static bool
rx_src(const struct vrrp_pkt_rx *rx, struct addr *src)
{
	const uint8_t *b = rx->buf;

	memset(src, 0, sizeof(*src));
	if (rx->family == AF_INET6) {
		src->family = AF_INET6;
		src->u.v6 = rx->src6;
		return true;
	}
	if (rx->len < 20)
		return false;
	src->family = AF_INET;
	memcpy(&src->u.v4, b + 12, 4);
	return true;
}

static void
rt_refused(struct vrrp_rt *rt, enum vrrp_pkt_verdict verdict,
    const struct vrrp_pkt_diag *diag, const struct vrrp_fsm_advert *adv)
{
	enum vrrp_pkt_counter cnt = vrrp_pkt_reason_counter(diag->reason);
	char msg[256];

	rt->stats.reason[diag->reason]++;
	if (cnt != VRRP_PKT_CNT_NONE)
		rt->stats.cnt[cnt]++;
	if (diag->reason != VRRP_PKT_TOO_SHORT &&
	    diag->reason != VRRP_PKT_BAD_IP_HDR &&
	    diag->reason != VRRP_PKT_CAST_DISCARD &&
	    vrrp_pkt_diag_str(diag, &rt->expect, msg, sizeof(msg)) > 0) {
		if (vrrp_pkt_diag_prefixed(diag->reason))
			log_info("(%s) %s", rt->conf->name, msg);
		else
			log_info("%s", msg);
	}
	if (verdict == VRRP_PKT_KO)
		rt_event(rt, VRRP_FSM_EV_ADVERT_INVALID,
		    vrrp_pkt_reason_counted(diag->reason) ? adv : NULL);
}

static void
rt_receive(struct vrrp_rt *rt, const struct vrrp_pkt_rx *rx)
{
	struct vrrp_pkt *p = &rt->eng->pkt;
	struct vrrp_pkt_diag diag;
	struct vrrp_fsm_advert adv;
	enum vrrp_pkt_verdict v;
	struct addr src;
	bool ah_synced;

	if (!rx_src(rx, &src))
		return;
	rt->expect.check_addrs = vrrp_fsm_check_vips(&rt->fsm, &src);
	vrrp_ah_expect(rt);
	memset(&diag, 0, sizeof(diag));
	v = vrrp_pkt_check(&rt->expect, rx, p, &diag);
	ah_synced = vrrp_ah_received(rt, p, &src, v == VRRP_PKT_ACCEPT);
	memset(&adv, 0, sizeof(adv));
	adv.version = p->version;
	adv.vrid = p->vrid;
	adv.priority = p->priority;
	adv.adver_int_cs = p->adver_int;
	adv.naddr = p->naddr;
	adv.saddr = src;
	if (v != VRRP_PKT_ACCEPT) {
		rt_refused(rt, v, &diag, &adv);
		return;
	}
	if (p->csum_group && rt->expect.csum_compat == VRRP_PKT_CSUM_AUTO) {
		log_info("(%s) Setting csum_group as old checksum detected",
		    rt->conf->name);
		rt->expect.csum_compat = VRRP_PKT_CSUM_OLD;
	}
	rt_event(rt, VRRP_FSM_EV_ADVERT_RECEIVED, &adv);
	if (ah_synced)
		vrrp_ah_synced(rt);
}

static struct vrrp_rt *
sock_lookup(struct vrrp_sockent *se, uint8_t vrid)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &se->eng->rts, next)
		if (rt->sock == se && rt->conf->vrid == vrid)
			return rt;
	return NULL;
}

static void
sock_read_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct vrrp_sockent *se = io->arg;
	struct vrrp_engine *eng = se->eng;
	struct vrrp_pkt_rx rx;
	struct vrrp_rt *rt;
	uint8_t vrid;
	int i;

	for (i = 0; i < RX_BURST && !eng->stopped; i++) {
		if (vrrp_sock_recv(se->fd_rx, se->family, eng->rxbuf,
		    sizeof(eng->rxbuf), &rx) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("VRRP receive on %s", se->ifname);
			return;
		}
		se->rcvd++;
		if (vrrp_pkt_peek_vrid(&rx, &vrid) == -1)
			continue;
		if ((rt = sock_lookup(se, vrid)) == NULL) {
			se->unknown_vrid++;
			if (eng->vc->conf->global.log_unknown_vrids)
				log_info("Unknown VRID(%u) received on "
				    "interface(%s). ignoring...", vrid,
				    se->ifname);
			continue;
		}
		rt_receive(rt, &rx);
	}
}

/* --- the socket pool ---------------------------------------------------- */

static void
sockent_free(struct vrrp_sockent *se)
{
	struct vrrp_engine *eng = se->eng;

	if (se->io.active)
		ev_io_stop(eng->vc->loop, &se->io);
	if (se->fd_rx != -1)
		close(se->fd_rx);
	if (se->fd_tx != -1)
		close(se->fd_tx);
	TAILQ_REMOVE(&eng->socks, se, next);
	free(se);
}

static struct vrrp_sockent *
sockent_get(struct vrrp_engine *eng, struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct global_conf *g = &eng->vc->conf->global;
	struct vrrp_sockent *se;
	char buf[ADDR_STRLEN];
	const char *ifname;
	int ifindex = vrrp_vmac_sock_if(rt, &ifname);
	int proto = rt->expect.auth_type == VRRP_PKT_AUTH_AH ?
	    VRRP_PKT_PROTO_AH : VRRP_PKT_PROTO;

	TAILQ_FOREACH(se, &eng->socks, next)
		if (se->family == c->family && se->proto == proto &&
		    se->ifindex == ifindex &&
		    se->unicast == rt->unicast && (rt->unicast ?
		    addr_cmp(&se->usrc, &rt->saddr) == 0 :
		    addr_cmp(&se->group, &rt->group) == 0)) {
			se->refs++;
			return se;
		}
	se = xcalloc(1, sizeof(*se));
	se->eng = eng;
	se->family = c->family;
	se->proto = proto;
	se->ifindex = ifindex;
	snprintf(se->ifname, sizeof(se->ifname), "%s", ifname);
	se->unicast = rt->unicast;
	se->usrc = rt->saddr;
	se->group = rt->group;
	se->refs = 1;
	se->fd_tx = -1;
	TAILQ_INSERT_TAIL(&eng->socks, se, next);
	se->fd_rx = vrrp_sock_open_rx(c->family, proto, ifindex, ifname,
	    rt->unicast ? NULL : &rt->group, rt->unicast ? &rt->saddr : NULL,
	    g->vrrp_rx_bufs_size > 0 ? (int)g->vrrp_rx_bufs_size : 0);
	if (se->fd_rx == -1) {
		log_info("(%s) cannot open VRRP receive socket on %s%s%s: %s",
		    c->name, ifname, rt->unicast ? " for " : "",
		    rt->unicast ? addr_str(&rt->saddr, buf, sizeof(buf)) : "",
		    strerror(errno));
		return se;
	}
	se->fd_tx = vrrp_sock_open_tx(c->family, ifindex, ifname,
	    rt->unicast, c->unicast_ttl);
	if (se->fd_tx == -1)
		log_info("(%s) cannot open VRRP send socket on %s: %s",
		    c->name, ifname, strerror(errno));
	if (log_detail() > 0)
		log_info("VRRP sockpool: [ifindex(%3d), family(%s), proto(%d), "
		    "fd(%d,%d) %sicast, address(%s)]", se->ifindex,
		    se->family == AF_INET ? "IPv4" : "IPv6", se->proto,
		    se->fd_rx, se->fd_tx, se->unicast ? ", un" : "mult",
		    addr_str(se->unicast ? &se->usrc : &se->group, buf,
		    sizeof(buf)));
	ev_io_init(&se->io, se->fd_rx, EPOLLIN, sock_read_cb, se);
	if (ev_io_start(eng->vc->loop, &se->io) == -1)
		log_warn("(%s) cannot watch VRRP socket", c->name);
	return se;
}

static void
sockent_put(struct vrrp_sockent *se)
{
	if (se != NULL && --se->refs == 0)
		sockent_free(se);
}

/* --- instance set-up -------------------------------------------------- */

struct src_find {
	int		 family;
	struct addr	*out;
};

/* The interface's primary IPv4 address (not secondary), or its IPv6
 * link-local one, as keepalived picks the advert source. */
static int
src_cb(const struct nl_addr *a, void *arg)
{
	struct src_find *f = arg;

	if (a->addr.family != f->family)
		return 0;
	if (f->family == AF_INET && (a->flags & IFA_F_SECONDARY))
		return 0;
	if (f->family == AF_INET6 && !IN6_IS_ADDR_LINKLOCAL(&a->addr.u.v6))
		return 0;
	*f->out = a->addr;
	f->out->has_prefix = false;
	f->out->prefix = f->family == AF_INET ? 32 : 128;
	return 1;
}

static int
rt_find_src(struct vrrp_rt *rt)
{
	struct src_find f = { rt->conf->family, &rt->saddr };
	int tries;

	memset(&rt->saddr, 0, sizeof(rt->saddr));
	for (tries = 0; tries < 3; tries++)
		if (nl_addr_list(&rt->eng->nl, rt->conf->family, rt->ifindex,
		    src_cb, &f) == 0 || errno != EAGAIN)
			break;
	return rt->saddr.family == AF_UNSPEC ? -1 : 0;
}

static void
rt_build_lists(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct ipaddr_conf *a;
	const struct vrrp_peer_conf *pc;
	size_t n = 0;

	free(rt->vip_addrs);
	free(rt->peers);
	rt->vip_addrs = NULL;
	rt->peers = NULL;
	rt->nvip_addrs = rt->npeers = 0;
	STAILQ_FOREACH(a, &c->vips, next)
		n++;
	if (n > 0)
		rt->vip_addrs = xcalloc(n, sizeof(*rt->vip_addrs));
	STAILQ_FOREACH(a, &c->vips, next)
		if (a->addr.family == c->family &&
		    rt->nvip_addrs < VRRP_PKT_MAX_ADDR)
			rt->vip_addrs[rt->nvip_addrs++] = a->addr;
	n = 0;
	STAILQ_FOREACH(pc, &c->peers, next)
		n++;
	if (n > 0)
		rt->peers = xcalloc(n, sizeof(*rt->peers));
	STAILQ_FOREACH(pc, &c->peers, next) {
		rt->peers[rt->npeers].addr = pc->addr;
		rt->peers[rt->npeers].min_ttl = pc->min_ttl;
		rt->peers[rt->npeers].max_ttl = pc->max_ttl;
		rt->npeers++;
	}
	vip_set_free(&rt->vips);
	vip_set_free(&rt->evips);
	vip_set_build(&rt->vips, &c->vips, rt->ifindex, rt->ifname);
	vip_set_build(&rt->evips, &c->evips, rt->ifindex, rt->ifname);
	vrrp_vmac_vips(rt);
}

static void
rt_build_expect(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	struct vrrp_pkt_expect *e = &rt->expect;
	enum vrrp_pkt_csum_compat compat = e->csum_compat;

	memset(e, 0, sizeof(*e));
	e->family = (sa_family_t)c->family;
	e->version = (uint8_t)c->version;
	e->vrid = (uint8_t)c->vrid;
	if (c->version == 2 && c->family == AF_INET) {
		e->auth_type = (uint8_t)c->auth_type;
		if (c->auth_type != VRRP_CONF_AUTH_NONE)	/* password, key */
			memcpy(e->auth_data, c->auth_pass, VRRP_PKT_AUTH_LEN);
	}
	e->adver_int = (uint16_t)(c->adver_int_us / 10000);
	e->unicast = rt->unicast;
	e->vips = rt->vip_addrs;
	e->nvips = rt->nvip_addrs;
	e->check_unicast_src = c->check_unicast_src;
	e->peers = rt->peers;
	e->npeers = rt->npeers;
	e->csum_compat = c->old_unicast_checksum == 1 ? VRRP_PKT_CSUM_OLD :
	    c->old_unicast_checksum == 2 ? VRRP_PKT_CSUM_NEVER :
	    compat == VRRP_PKT_CSUM_OLD ? VRRP_PKT_CSUM_OLD : VRRP_PKT_CSUM_AUTO;
}

static void
rt_group(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct global_conf *g = &rt->eng->vc->conf->global;

	memset(&rt->group, 0, sizeof(rt->group));
	if (c->mcast_daddr.family == c->family)
		rt->group = c->mcast_daddr;
	else if (c->family == AF_INET && g->vrrp_mcast_group4.family ==
	    AF_INET)
		rt->group = g->vrrp_mcast_group4;
	else if (c->family == AF_INET6 && g->vrrp_mcast_group6.family ==
	    AF_INET6)
		rt->group = g->vrrp_mcast_group6;
	else if (c->family == AF_INET) {
		rt->group.family = AF_INET;
		rt->group.u.v4.s_addr = htonl(VRRP_PKT_GROUP4);
	} else {
		rt->group.family = AF_INET6;
		inet_pton(AF_INET6, "ff02::12", &rt->group.u.v6);
	}
	rt->group.has_prefix = false;
}

/* keepalived's accept / no_accept, and what Vigil does about it. */
static void
rt_warn_accept(const struct vrrp_instance_conf *c)
{
	if (c->accept || c->priority == VRRP_CONF_PRIO_OWNER)
		return;
	/* An explicit no_accept is enforced: rt_fw(). */
	if (c->accept_set != 0 && c->strict_mode)
		log_info("(%s) vrrp_strict implies no_accept; Vigil does not "
		    "drop traffic to the VIPs (keepalived would, with "
		    "nftables) - see doc/differences-from-keepalived.md",
		    c->name);
}

static struct vrrp_rt *
rt_create(struct vrrp_engine *eng, const struct vrrp_instance_conf *c)
{
	struct vrrp_rt *rt;
	struct nl_link l;

	if (c->ifname == NULL) {
		log_info("(%s) Unknown interface!", c->name);
		return NULL;
	}
	rt = xcalloc(1, sizeof(*rt));
	rt->conf = c;
	rt->eng = eng;
	snprintf(rt->ifname, sizeof(rt->ifname), "%s", c->ifname);
	ev_timer_init(&rt->timer, rt_timer_cb, rt);
	if (nl_link_get_by_name(&eng->nl, c->ifname, &l) == 0) {
		rt->ifindex = l.ifindex;
		rt->ifflags = l.flags;
		rt->link_up = link_is_up(l.flags);
		if (l.hwaddr_len == 6)
			memcpy(rt->mac, l.hwaddr, 6);
	} else
		log_info("(%s) interface %s doesn't exist", c->name,
		    c->ifname);
	rt->router6 = c->family == AF_INET6 && ndisc_forwarding(rt->ifname)
	    == 1;
	rt->unicast = !STAILQ_EMPTY(&c->peers);
	rt_group(rt);
	if (c->saddr.family == c->family) {
		rt->saddr = c->saddr;
		rt->saddr.has_prefix = false;
	} else if (rt->ifindex > 0 && rt_find_src(rt) == -1) {
		rt->no_src = true;
		log_info("(%s) no %s address on %s to send adverts from",
		    c->name, c->family == AF_INET ? "IPv4" : "IPv6 link-local",
		    rt->ifname);
	}
	vrrp_vmac_attach(rt);
	rt_build_lists(rt);
	rt_build_expect(rt);
	vrrp_fsm_init(&rt->fsm, c, &rt_fsm_ops, rt);
	rt->fsm.log_detail = log_detail() > 0;
	if (c->saddr.family != c->family)
		rt->fsm.saddr = rt->saddr;
	if (rt->ifindex > 0 && !rt->no_src)
		rt->sock = sockent_get(eng, rt);
	rt_warn_accept(c);
	TAILQ_INSERT_TAIL(&eng->rts, rt, next);
	return rt;
}

/* keepalived's vrrp_init_state for one instance: the tracked total
 * sets the starting priority, faults and scripts not yet heard from
 * (of the instance or its group) start it in FAULT. */
static void
rt_start(struct vrrp_rt *rt, bool release_vips)
{
	const struct global_conf *g = &rt->eng->vc->conf->global;
	struct vrrp_fsm_start st;

	memset(&st, 0, sizeof(st));
	rt->fsm.effective_priority = vrrp_track_clamp(rt->fsm.base_priority,
	    rt->tsum.total);
	rt->fsm.master_down_us = vrrp_fsm_master_down_us(&rt->fsm);
	rt->fault = rt->tsum.nfault > 0;
	if (rt->fault)
		rt_log_faults(rt);
	st.fault = rt->fault;
	st.init_pending = vrrp_sync_init_pending(rt);
	if (rt->sync != NULL) {
		st.sync = true;
		st.group_state = rt->sync->state;
	}
	st.release_vips = release_vips;
	if (g->vrrp_startup_delay != 0)
		st.delayed_start_us = ev_now(rt->eng->vc->loop) +
		    g->vrrp_startup_delay;
	rt_event(rt, VRRP_FSM_EV_START, &st);
}

static void
rt_destroy(struct vrrp_rt *rt)
{
	struct vrrp_engine *eng = rt->eng;

	ev_timer_stop(eng->vc->loop, &rt->timer);
	if (eng_nft != NULL && vrrp_nft_held(eng_nft, rt) > 0 &&
	    vrrp_nft_update(eng_nft, rt, NULL, 0) == -1)
		log_warn("(%s) removing firewall drop rule failed",
		    rt->conf->name);
	vrrp_promote_stop(rt);
	TAILQ_REMOVE(&eng->rts, rt, next);
	sockent_put(rt->sock);
	vrrp_vmac_detach(rt);
	free(rt->items);
	vip_set_free(&rt->vips);
	vip_set_free(&rt->evips);
	vroute_rt_free(rt);
	free(rt->vip_addrs);
	free(rt->peers);
	free(rt);
}

struct vrrp_rt *
vrrp_rt_find(struct vrrp_engine *eng, const char *name)
{
	struct vrrp_rt *rt;

	if (eng == NULL)
		return NULL;
	TAILQ_FOREACH(rt, &eng->rts, next)
		if (strcmp(rt->conf->name, name) == 0)
			return rt;
	return NULL;
}


/* --- tracking ------------------------------------------------------------- */

/* The instance's own interface: usable, and up unless dont_track_primary. */
static enum vrrp_track_status
rt_own_status(const struct vrrp_rt *rt)
{
	bool usable = rt->ifindex > 0 && !rt->no_src && rt->sock != NULL &&
	    rt->sock->fd_rx != -1;

	return usable && (rt->link_up || rt->conf->dont_track_primary) ?
	    VRRP_TRACK_UP : VRRP_TRACK_DOWN;
}

static struct vrrp_track_item *
rt_item_new(struct vrrp_rt *rt, size_t *cap, enum vrrp_track_kind kind,
    const char *name)
{
	struct vrrp_track_item *it;

	if (rt->nitems == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		rt->items = xreallocarray(rt->items, *cap, sizeof(*rt->items));
	}
	it = &rt->items[rt->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->name = name;
	return it;
}

static void
rt_items_ifs(struct vrrp_rt *rt, size_t *cap, const struct vrrp_track_list *l,
    bool zero)
{
	const struct vrrp_track_ref *r;
	struct vrrp_track_item *it;
	struct nl_link lk;

	STAILQ_FOREACH(r, l, next) {
		it = rt_item_new(rt, cap, VRRP_TRACK_IF, r->name);
		it->weight = r->has_weight && !zero ? r->weight : 0;
		it->reverse = r->reverse;
		it->status = VRRP_TRACK_DOWN;
		if (nl_link_get_by_name(&rt->eng->nl, r->name, &lk) == 0) {
			it->ifindex = lk.ifindex;
			if (link_is_up(lk.flags))
				it->status = VRRP_TRACK_UP;
		}
	}
}

static void
rt_items_scripts(struct vrrp_rt *rt, size_t *cap,
    const struct vrrp_track_list *l, bool zero)
{
	const struct vrrp_track_ref *r;
	struct vrrp_track_item *it;
	struct vrrp_script_rt *sr;
	int w;

	STAILQ_FOREACH(r, l, next) {
		if ((sr = vrrp_script_find(rt->eng, r->name)) == NULL)
			continue;
		w = r->has_weight ? r->weight : sr->def->weight;
		/* keepalived drops weighted scripts of sync group members. */
		if (zero && w != 0)
			continue;
		it = rt_item_new(rt, cap, VRRP_TRACK_SCRIPT, r->name);
		it->weight = w;
		it->reverse = r->has_weight ? r->reverse :
		    sr->def->weight_reverse;
		it->obj = sr;
	}
}

static void
rt_items_files(struct vrrp_rt *rt, size_t *cap,
    const struct vrrp_track_list *l, bool zero)
{
	const struct vrrp_track_ref *r;
	struct vrrp_track_item *it;
	struct vrrp_tfile_rt *f;

	STAILQ_FOREACH(r, l, next) {
		if ((f = vrrp_tfile_find(rt->eng, r->name)) == NULL)
			continue;
		it = rt_item_new(rt, cap, VRRP_TRACK_FILE, r->name);
		it->weight = zero ? 0 : r->has_weight ? r->weight :
		    f->conf->weight;
		it->reverse = r->has_weight ? r->reverse : f->conf->reverse;
		it->obj = f;
	}
}

/* keepalived keeps track_process weights in sync groups too. */
static void
rt_items_processes(struct vrrp_rt *rt, size_t *cap,
    const struct vrrp_track_list *l)
{
	const struct vrrp_track_ref *r;
	struct vrrp_track_item *it;
	struct vrrp_tproc *tp;

	STAILQ_FOREACH(r, l, next) {
		if ((tp = vrrp_tprocs_find(rt->eng, r->name)) == NULL)
			continue;
		it = rt_item_new(rt, cap, VRRP_TRACK_PROCESS, r->name);
		it->weight = r->has_weight ? r->weight : tp->conf->weight;
		it->reverse = r->has_weight ? r->reverse : tp->conf->reverse;
		it->obj = tp;
	}
}

/* track_bfd: the bfd_instance's weight unless the line has one; weighted
 * ones are dropped in a sync group as keepalived does. */
static void
rt_items_bfds(struct vrrp_rt *rt, size_t *cap,
    const struct vrrp_track_list *l, bool zero)
{
	const struct vrrp_bfd_conf *b;
	const struct vrrp_track_ref *r;
	struct vrrp_track_item *it;
	int w;

	STAILQ_FOREACH(r, l, next) {
		if ((b = vrrp_bfd_conf_find(rt->eng->vc->conf, r->name)) == NULL)
			continue;
		w = r->has_weight ? r->weight : b->weight;
		if (zero && w != 0)
			continue;
		it = rt_item_new(rt, cap, VRRP_TRACK_BFD, r->name);
		it->weight = w;
		it->reverse = r->has_weight ? r->reverse : b->reverse;
		it->status = vrrp_bfd_status(rt->eng, r->name);
	}
}

static void
rt_items_rs(struct vrrp_rt *rt, size_t *cap)
{
	struct vrrp_track_rs *t;
	struct vrrp_track_item *it;

	STAILQ_FOREACH(t, &rt->conf->track_rs, next) {
		it = rt_item_new(rt, cap, VRRP_TRACK_RS, "real_server");
		it->weight = t->has_weight ? t->weight : 0;
		it->reverse = t->reverse;
		it->status = VRRP_TRACK_DOWN;	/* until reported */
		it->obj = t;
	}
}

/* Build the instance's items from its config and its sync group's. */
static void
rt_items_build(struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct vrrp_sync_group_conf *g = c->sync;
	bool zero = g != NULL && !g->sgroup_tracking_weight;
	struct vrrp_track_item *it;
	size_t cap = 0;

	free(rt->items);
	rt->items = NULL;
	rt->nitems = 0;
	it = rt_item_new(rt, &cap, VRRP_TRACK_IF, rt->ifname);
	it->own = true;
	it->ifindex = rt->ifindex;
	it->status = rt_own_status(rt);
	rt_items_ifs(rt, &cap, &c->track_ifs, zero);
	rt_items_scripts(rt, &cap, &c->track_scripts, zero);
	rt_items_files(rt, &cap, &c->track_files, zero);
	rt_items_processes(rt, &cap, &c->track_processes);
	rt_items_bfds(rt, &cap, &c->track_bfds, zero);
	rt_items_rs(rt, &cap);
	if (g == NULL)
		return;
	rt_items_bfds(rt, &cap, &g->track_bfds, false);
	rt_items_ifs(rt, &cap, &g->track_ifs, zero);
	rt_items_scripts(rt, &cap, &g->track_scripts, zero);
	rt_items_files(rt, &cap, &g->track_files, zero);
	rt_items_processes(rt, &cap, &g->track_processes);
}

static void
rt_rs_item(struct vrrp_rt *rt, struct vrrp_track_item *it)
{
	const struct vrrp_track_rs *t = it->obj;
	enum vrrp_track_status st;
	char a[ADDR_STRLEN];

	st = vrrp_track_rs_status(t, rt->eng->rs_seen, rt->eng->nrs_seen);
	if (st == it->status)
		return;
	it->status = st;
	log_info("(%s) tracked real server [%s]:%u is %s", rt->conf->name,
	    addr_str(&t->addr, a, sizeof(a)), t->port,
	    st == VRRP_TRACK_UP ? "up" : "down or not checked");
}

/* Statuses that come from elsewhere: scripts, files, real servers. */
static void
rt_items_refresh(struct vrrp_rt *rt)
{
	struct vrrp_track_item *it;
	size_t i;

	for (i = 0; i < rt->nitems; i++) {
		it = &rt->items[i];
		switch (it->kind) {
		case VRRP_TRACK_SCRIPT:
			it->status = vrrp_script_status(it->obj);
			break;
		case VRRP_TRACK_FILE:
			it->value = ((struct vrrp_tfile_rt *)it->obj)->value;
			it->status = VRRP_TRACK_UP;
			break;
		case VRRP_TRACK_RS:
			rt_rs_item(rt, it);
			break;
		case VRRP_TRACK_PROCESS:
			it->status = ((struct vrrp_tproc *)it->obj)->have_quorum ?
			    VRRP_TRACK_UP : VRRP_TRACK_DOWN;
			break;
		case VRRP_TRACK_BFD:
			it->status = vrrp_bfd_status(rt->eng, it->name);
			break;
		default:
			if (it->own)
				it->status = rt_own_status(rt);
			break;
		}
	}
}

void
vrrp_rt_track_update(struct vrrp_rt *rt)
{
	struct vrrp_track_sum prev = rt->tsum, cur;
	int what;

	if (rt->eng->stopped || rt->fsm.state == VRRP_FSM_STOP)
		return;
	rt_items_refresh(rt);
	vrrp_track_eval(rt->items, rt->nitems, rt->fsm.base_priority, &cur);
	rt->tsum = cur;
	if (rt->fsm.state == VRRP_FSM_INIT)
		return;		/* rt_start reads tsum */
	what = vrrp_track_decide(&prev, &cur);
	if (what & VRRP_TRACK_DO_PRIO)
		rt_event(rt, VRRP_FSM_EV_PRIORITY_CHANGED, &cur.total);
	if (what & VRRP_TRACK_DO_FAULT)
		rt_event(rt, VRRP_FSM_EV_FAULT, NULL);
	else if ((what & VRRP_TRACK_DO_CLEAR) && !vrrp_sync_blocked(rt))
		rt_event(rt, VRRP_FSM_EV_FAULT_CLEARED, NULL);
}

void
vrrp_track_update_all(struct vrrp_engine *eng)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &eng->rts, next)
		vrrp_rt_track_update(rt);
}

/* keepalived's start-up lines for what keeps an instance in FAULT. */
static void
rt_log_faults(const struct vrrp_rt *rt)
{
	const struct vrrp_track_item *it;
	const char *n = rt->conf->name;
	size_t i;

	for (i = 0; i < rt->nitems; i++) {
		it = &rt->items[i];
		if (it->weight != 0 || it->status != (it->reverse ?
		    VRRP_TRACK_UP : VRRP_TRACK_DOWN) || it->own)
			continue;
		if (it->kind == VRRP_TRACK_IF)
			log_info("(%s): entering FAULT state (interface %s "
			    "down)", n, it->name);
		else if (it->kind == VRRP_TRACK_SCRIPT)
			log_info("(%s): entering FAULT state due to script %s",
			    n, it->name);
		else if (it->kind == VRRP_TRACK_RS)
			log_info("(%s): entering FAULT state (tracked real "
			    "server not up)", n);
		else if (it->kind == VRRP_TRACK_PROCESS)
			log_info("(%s) entering FAULT state (tracked process "
			    "%s quorum not achieved)", n, it->name);
	}
}

/* --- link monitoring ------------------------------------------------------ */

/* A link changed: the instance's own interface and its track_interface
 * items.  Whether any of them changed state. */
static bool
rt_link(struct vrrp_rt *rt, const struct nl_link *l, bool gone)
{
	enum vrrp_track_status st;
	struct vrrp_track_item *it;
	bool up = !gone && link_is_up(l->flags), changed = false;
	size_t i;

	if (l->ifindex == rt->ifindex) {
		if (!gone) {
			rt->ifflags = l->flags;
			if (l->hwaddr_len == 6)
				memcpy(rt->mac, l->hwaddr, 6);
		}
		if (up != rt->link_up) {
			rt->link_up = up;
			changed = true;
		}
	}
	st = up ? VRRP_TRACK_UP : VRRP_TRACK_DOWN;
	for (i = 0; i < rt->nitems; i++) {
		it = &rt->items[i];
		if (it->kind != VRRP_TRACK_IF || it->own ||
		    (it->ifindex != l->ifindex && strcmp(it->name, l->name)))
			continue;
		it->ifindex = gone ? 0 : l->ifindex;
		if (st != it->status) {
			it->status = st;
			changed = true;
		}
	}
	return changed;
}

static void rt_vmac_renew(struct vrrp_rt *);

static void
eng_link(struct vrrp_engine *eng, const struct nl_link *l, bool gone)
{
	struct vrrp_rt *rt;
	bool logged = false;
	struct nl_link fresh;

	if (!gone && vrrp_vmac_fresh(eng, l, &fresh))
		l = &fresh;
	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (!rt_link(rt, l, gone))
			continue;
		if (!logged) {
			log_info("Netlink reports %s %s", l->name,
			    !gone && link_is_up(l->flags) ? "up" : "down");
			logged = true;
		}
		vrrp_rt_track_update(rt);
	}
	if (gone)
		TAILQ_FOREACH(rt, &eng->rts, next)
			if (vrrp_vmac_recreate(rt, l->ifindex))
				rt_vmac_renew(rt);
}

static void
eng_link_query(struct vrrp_engine *eng, int ifindex, const char *name)
{
	struct nl_link l;
	int rc;

	rc = ifindex > 0 ? nl_link_get_by_index(&eng->nl, ifindex, &l) :
	    nl_link_get_by_name(&eng->nl, name, &l);
	if (rc == 0) {
		eng_link(eng, &l, false);
	} else if (errno == ENODEV) {
		memset(&l, 0, sizeof(l));
		l.ifindex = ifindex;
		snprintf(l.name, sizeof(l.name), "%s", name);
		eng_link(eng, &l, true);
	}
}

/* The instance's VMAC was made again (vmac.h): a socket on the new link,
 * and its state, which brings the instance back from FAULT. */
static void
rt_vmac_renew(struct vrrp_rt *rt)
{
	sockent_put(rt->sock);
	rt->sock = NULL;
	if (rt->ifindex <= 0)
		return;
	if (!rt->no_src)
		rt->sock = sockent_get(rt->eng, rt);
	eng_link_query(rt->eng, rt->ifindex, rt->ifname);
}

/* Notifications were lost: read every link we follow again. */
static void
eng_resync(struct vrrp_engine *eng)
{
	struct vrrp_rt *rt;
	size_t i;

	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (rt->ifindex > 0)
			eng_link_query(eng, rt->ifindex, rt->ifname);
		for (i = 0; i < rt->nitems; i++)
			if (rt->items[i].kind == VRRP_TRACK_IF &&
			    !rt->items[i].own)
				eng_link_query(eng, 0, rt->items[i].name);
	}
}

static bool
addr_same(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
}

/* The advert source (the interface's own address) went away or came
 * back: the instance cannot run without it. */
static void
eng_addr(struct vrrp_engine *eng, const struct nl_addr *a, bool gone)
{
	struct vrrp_rt *rt;
	char buf[ADDR_STRLEN];

	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (vrrp_vmac_saddr_if(rt) != a->ifindex || rt->sock == NULL ||
		    rt->conf->saddr.family == rt->conf->family ||
		    !addr_same(&a->addr, &rt->saddr) || rt->no_src == gone)
			continue;
		rt->no_src = gone;
		log_info("(%s) source address %s %s %s", rt->conf->name,
		    addr_str(&rt->saddr, buf, sizeof(buf)), gone ?
		    "removed from" : "back on", rt->ifname);
		vrrp_rt_track_update(rt);
	}
}

static void
mon_event(const struct nl_event *ev, void *arg)
{
	struct vrrp_engine *eng = arg;

	switch (ev->type) {
	case NL_EV_LINK_NEW:
		eng_link(eng, &ev->u.link, false);
		break;
	case NL_EV_LINK_DEL:
		eng_link(eng, &ev->u.link, true);
		break;
	case NL_EV_ADDR_NEW:
		eng_addr(eng, &ev->u.addr, false);
		break;
	case NL_EV_ADDR_DEL:
		eng_addr(eng, &ev->u.addr, true);
		break;
	case NL_EV_RESYNC:
		eng_resync(eng);
		break;
	default:
		break;
	}
}

static void
mon_read_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct vrrp_engine *eng = io->arg;

	if (nl_mon_read(&eng->mon, mon_event, eng) == -1 && errno != EAGAIN)
		log_warn("netlink monitor");
}

/* --- engine ops ----------------------------------------------------------- */

static int
eng_open(struct vrrp_engine *eng)
{
	const struct global_conf *g = &eng->vc->conf->global;
	const struct vrrp_instance_conf *c;
	bool need4 = false, need6 = false;

	if (nl_open(&eng->nl, 0) == -1) {
		log_warn("Netlink command channel");
		return SUP_EXIT_MISSING_PERMISSION;
	}
	if (nl_mon_open(&eng->mon, (int)g->vrrp_netlink_monitor_rcv_bufs)
	    == -1) {
		log_warn("Netlink reflector");
		return SUP_EXIT_MISSING_PERMISSION;
	}
	eng->mon_open = true;
	ev_io_init(&eng->mon_io, nl_mon_fd(&eng->mon), EPOLLIN, mon_read_cb,
	    eng);
	if (ev_io_start(eng->vc->loop, &eng->mon_io) == -1)
		return SUP_EXIT_FATAL;
	STAILQ_FOREACH(c, &eng->vc->conf->vrrp.instances, next) {
		need4 = need4 || c->family == AF_INET ||
		    !STAILQ_EMPTY(&c->evips);
		need6 = need6 || c->family == AF_INET6 ||
		    !STAILQ_EMPTY(&c->evips);
	}
	if (vip_garp_open(&eng->garp, eng->vc->loop, need4, need6,
	    g->vrrp_garp_interval, g->vrrp_gna_interval) == -1) {
		log_info("Error %d while registering gratuitous %s shared "
		    "channel", errno, eng->garp.arp_fd == -1 && need4 ?
		    "ARP" : "NDISC");
		return SUP_EXIT_MISSING_PERMISSION;
	}
	if (need4)
		log_info("Registering gratuitous ARP shared channel");
	if (need6)
		log_info("Registering gratuitous NDISC shared channel");
	return 0;
}

/*
 * The no_accept firewall, once some instance needs it: keepalived's
 * table "keepalived" unless global_defs names one (nftables), at
 * nftables_priority; a table a crashed run left behind goes first.
 * Without it the instances run, accepting (logged).
 */
static void
eng_fw_open(struct vrrp_engine *eng)
{
	const struct global_conf *g = &eng->vc->conf->global;
	const struct vrrp_instance_conf *c;
	struct vrrp_nft_conf cf;
	unsigned old = 0;

	if (eng_nft != NULL)
		return;
	STAILQ_FOREACH(c, &eng->vc->conf->vrrp.instances, next)
		if (rt_fw_needed(c) || vrrp_vmac_fw_needed(c, g))
			break;
	if (c == NULL)
		return;
	if (g->nftables == NULL)
		log_info("use_vmac or no_accept/strict specified, but no "
		    "firewall configured - using nftables");
	memset(&cf, 0, sizeof(cf));
	cf.table = g->nftables != NULL ? g->nftables : VRRP_NFT_TABLE;
	cf.priority = g->nftables_priority;	/* the parser's default: -1 */
	cf.counters = g->nftables_counters;
	eng_nft = vrrp_nft_open(&cf, &old);
	if (eng_nft == NULL) {
		log_warn("nftables: cannot set up table %s - no_accept is "
		    "not enforced", cf.table);
		return;
	}
	if (old & VRRP_NFT_OLD_IP)
		log_info("Deleting old ip %s table", cf.table);
	if (old & VRRP_NFT_OLD_IP6)
		log_info("Deleting old ip6 %s table", cf.table);
	vrrp_vmac_fw_open(eng, eng_nft);
}

static void
eng_fw_close(void)
{
	if (eng_nft == NULL)
		return;
	vrrp_vmac_fw_open(NULL, NULL);
	if (vrrp_nft_close(eng_nft) == -1)
		log_warn("nftables: deleting the firewall table");
	eng_nft = NULL;
}

/* Scripts, files, items, sync groups and FIFOs for the instances in
 * eng->rts; the group notifies of keepalived's start. */
static void
eng_track_start(struct vrrp_engine *eng)
{
	struct vrrp_rt *rt;

	eng->starting = true;
	vrrp_notify_open(&eng->notify, eng->vc->loop, eng->vc->conf);
	vrrp_scripts_start(eng);
	vrrp_tfiles_start(eng);
	vrrp_tprocs_start(eng);
	TAILQ_FOREACH(rt, &eng->rts, next) {
		rt_items_build(rt);
		/* A running instance (reload) keeps what it was told. */
		if (rt->fsm.state != VRRP_FSM_INIT)
			continue;
		rt_items_refresh(rt);
		vrrp_track_eval(rt->items, rt->nitems, rt->fsm.base_priority,
		    &rt->tsum);
	}
	vrrp_sync_build(eng);
	vrrp_sync_start(eng);
}

static void
eng_track_stop(struct vrrp_engine *eng)
{
	vrrp_scripts_stop(eng);
	vrrp_tfiles_stop(eng);
	vrrp_tprocs_stop(eng);
	vrrp_sync_free(eng);
}

static int
eng_start(struct vrrp_child *vc)
{
	struct vrrp_engine *eng;
	const struct vrrp_instance_conf *c;
	struct vrrp_rt *rt;
	int rc;

	eng = xcalloc(1, sizeof(*eng));
	eng->vc = vc;
	TAILQ_INIT(&eng->rts);
	TAILQ_INIT(&eng->socks);
	TAILQ_INIT(&eng->scripts);
	TAILQ_INIT(&eng->tfiles);
	TAILQ_INIT(&eng->syncs);
	tfile_watch_init(&eng->tfile_watch, vc->loop);
	notify_fifo_init(&eng->notify.fifo);
	notify_fifo_init(&eng->notify.vfifo);
	eng->garp.arp_fd = eng->garp.nd_fd = -1;
	vc->engine = eng;
	vroute_static_start(vc);
	if (STAILQ_EMPTY(&vc->conf->vrrp.instances))
		return 0;
	if ((rc = eng_open(eng)) != 0)
		return rc;
	STAILQ_FOREACH(c, &vc->conf->vrrp.instances, next)
		(void)rt_create(eng, c);
	eng_fw_open(eng);
	eng_track_start(eng);
	vrrp_syncd_start(eng);
	TAILQ_FOREACH(rt, &eng->rts, next)
		rt_start(rt, true);
	eng->starting = false;
	return 0;
}

static void
eng_free(struct vrrp_engine *eng)
{
	struct vrrp_rt *rt;
	struct vrrp_sockent *se;

	eng_track_stop(eng);
	vrrp_notify_close(&eng->notify);
	while ((rt = TAILQ_FIRST(&eng->rts)) != NULL)
		rt_destroy(rt);
	while ((se = TAILQ_FIRST(&eng->socks)) != NULL)
		sockent_free(se);
	eng_fw_close();
	vip_garp_close(&eng->garp);
	if (eng->mon_open) {
		if (eng->mon_io.active)
			ev_io_stop(eng->vc->loop, &eng->mon_io);
		nl_mon_close(&eng->mon);
	}
	nl_close(&eng->nl);
	free(eng->rs_seen);
	eng->rs_seen = NULL;
	eng->nrs_seen = 0;
	vrrp_bfd_free(eng);
}

/* keepalived's vrrp_terminate_phase1 (§2.5): each MASTER sends priority
 * 0 and drops its addresses, unless -V. */
static void
eng_stop(struct vrrp_child *vc)
{
	struct vrrp_engine *eng = vc->engine;
	struct vrrp_rt *rt;

	if (eng == NULL || eng->stopped)
		return;
	eng->stopped = true;
	vrrp_scripts_stop(eng);
	vrrp_notify_scripts_stop(&eng->notify);
	vrrp_syncd_stop(eng);
	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (!vc->opts->dont_release_vrrp)
			rt_event(rt, VRRP_FSM_EV_STOP, NULL);
		else
			vrrp_notify_instance(&eng->notify, rt->conf,
			    VRRP_FSM_STOP, rt->fsm.effective_priority);
	}
	vroute_static_stop();
	vrrp_sync_stop(eng);
	/* keepalived gives the STOP scripts a second. */
	vrrp_notify_drain(&eng->notify, 1000000);
	eng_free(eng);
	free(eng);
	vc->engine = NULL;
}

/* Whether a running instance can take the new config in place. */
static bool
rt_compatible(const struct vrrp_rt *rt, const struct vrrp_instance_conf *n)
{
	const struct vrrp_instance_conf *o = rt->conf;

	return o->vrid == n->vrid && o->family == n->family &&
	    o->version == n->version && n->ifname != NULL &&
	    strcmp(vrrp_vmac_base_ifname(rt), n->ifname) == 0 &&
	    o->use_vmac == n->use_vmac &&
	    /* AH adverts come on a socket of their own (protocol 51) */
	    (o->auth_type == VRRP_CONF_AUTH_AH) ==
	    (n->auth_type == VRRP_CONF_AUTH_AH) &&
	    o->vmac_xmit_base == n->vmac_xmit_base &&
	    rt->unicast == !STAILQ_EMPTY(&n->peers) &&
	    addr_cmp(&o->saddr, &n->saddr) == 0 &&
	    addr_cmp(&o->mcast_daddr, &n->mcast_daddr) == 0;
}

/* Take a new config in place, keeping the state (keepalived's reload
 * keeps unchanged instances running). */
static bool
vip_set_has(const struct vip_set *s, const struct vip *v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].na.ifindex == v->na.ifindex &&
		    addr_cmp(&s->v[i].na.addr, &v->na.addr) == 0)
			return true;
	return false;
}

/* Remove the addresses of old that the new lists no longer hold. */
static void
rt_vips_prune(struct vrrp_rt *rt, const struct vip_set *old)
{
	struct vip_set gone;
	size_t i;

	memset(&gone, 0, sizeof(gone));
	if (old->n == 0)
		return;
	gone.v = xcalloc(old->n, sizeof(*gone.v));
	for (i = 0; i < old->n; i++)
		if (!vip_set_has(&rt->vips, &old->v[i]) &&
		    !vip_set_has(&rt->evips, &old->v[i]))
			gone.v[gone.n++] = old->v[i];
	if (gone.n > 0 && vip_set_apply(&rt->eng->nl, &gone, false) != 0)
		log_warn("(%s) removing VIPs failed", rt->conf->name);
	vip_set_free(&gone);
}

static void
rt_rebind(struct vrrp_rt *rt, const struct vrrp_instance_conf *n)
{
	bool master = rt->fsm.state == VRRP_FSM_MASTER && rt->fsm.vipset;
	struct vip_set old_vips = rt->vips, old_evips = rt->evips;
	int prio = (int)n->priority;

	memset(&rt->vips, 0, sizeof(rt->vips));
	memset(&rt->evips, 0, sizeof(rt->evips));
	rt->conf = n;
	rt->fsm.conf = n;
	rt_build_lists(rt);
	vroute_rt_rebind(rt);
	rt_build_expect(rt);
	if (master) {
		rt_vips_prune(rt, &old_vips);
		rt_vips_prune(rt, &old_evips);
	}
	vip_set_free(&old_vips);
	vip_set_free(&old_evips);
	rt->fsm.adver_int_us = n->adver_int_us;
	if (rt->fsm.state == VRRP_FSM_MASTER || n->version == 2)
		rt->fsm.master_adver_int_us = n->adver_int_us;
	if (master) {
		/* keepalived re-announces the addresses after a reload. */
		rt_vips(rt, true);
		op_send_garp(&rt->fsm, n->garp_rep);
	}
	if (rt->fsm.base_priority != n->priority &&
	    n->priority != VRRP_CONF_PRIO_OWNER) {
		rt->fsm.base_priority = n->priority;
		rt_event(rt, VRRP_FSM_EV_PRIORITY_CHANGED, &prio);
	}
}

static int
eng_reload(struct vrrp_child *vc, const struct conf *old)
{
	struct vrrp_engine *eng = vc->engine;
	const struct vrrp_instance_conf *c;
	struct vrrp_rt *rt, *nx;
	int rc;

	if (eng == NULL)
		return eng_start(vc);
	if (!eng->mon_open && !STAILQ_EMPTY(&vc->conf->vrrp.instances) &&
	    (rc = eng_open(eng)) != 0)
		return rc;
	eng_fw_open(eng);
	for (rt = TAILQ_FIRST(&eng->rts); rt != NULL; rt = nx) {
		nx = TAILQ_NEXT(rt, next);
		STAILQ_FOREACH(c, &vc->conf->vrrp.instances, next)
			if (strcmp(c->name, rt->conf->name) == 0)
				break;
		if (c != NULL && rt_compatible(rt, c)) {
			rt_rebind(rt, c);
			continue;
		}
		/* Gone from the config: DELETED (or FAULT), not STOP. */
		if (c == NULL)
			vrrp_notify_deleted(&eng->notify, rt->conf,
			    (int)rt->fsm.state, rt->fsm.effective_priority);
		eng->notify.muted = c == NULL;
		rt_event(rt, VRRP_FSM_EV_STOP, NULL);
		eng->notify.muted = false;
		rt_destroy(rt);
	}
	/* Scripts, files and groups point into the old config. */
	eng_track_stop(eng);
	vrrp_notify_close(&eng->notify);
	STAILQ_FOREACH(c, &vc->conf->vrrp.instances, next) {
		TAILQ_FOREACH(rt, &eng->rts, next)
			if (rt->conf == c)
				break;
		if (rt == NULL)
			(void)rt_create(eng, c);
	}
	eng_track_start(eng);
	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (rt->fsm.state == VRRP_FSM_INIT)
			rt_start(rt, true);
		else
			vrrp_rt_track_update(rt);
	}
	vrrp_syncd_reload(eng);
	vroute_static_reload(vc);
	eng->starting = false;
	return 0;
}

/* --- real servers from the checker ---------------------------------------- */

static struct vrrp_track_rs_seen *
eng_rs_slot(struct vrrp_engine *eng, const struct ipc_rs_state *m)
{
	struct vrrp_track_rs_seen *s;
	size_t i;

	for (i = 0; i < eng->nrs_seen; i++) {
		s = &eng->rs_seen[i];
		if (s->family == m->family && s->port == m->port &&
		    memcmp(s->addr, m->addr, sizeof(s->addr)) == 0 &&
		    strncmp(s->vs, m->vs, sizeof(s->vs)) == 0)
			return s;
	}
	eng->rs_seen = xreallocarray(eng->rs_seen, eng->nrs_seen + 1,
	    sizeof(*eng->rs_seen));
	s = &eng->rs_seen[eng->nrs_seen++];
	memset(s, 0, sizeof(*s));
	s->family = m->family;
	s->port = m->port;
	memcpy(s->addr, m->addr, sizeof(s->addr));
	snprintf(s->vs, sizeof(s->vs), "%.*s", (int)sizeof(s->vs) - 1, m->vs);
	return s;
}

static bool
rt_tracks_rs(const struct vrrp_rt *rt)
{
	return !STAILQ_EMPTY(&rt->conf->track_rs);
}

/* Whether some instance with a promotion gate tracks s. */
static bool
eng_rs_gates(const struct vrrp_engine *eng, const struct vrrp_track_rs_seen *s)
{
	const struct vrrp_track_rs *t;
	const struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &eng->rts, next) {
		if (!vrrp_conf_promote_gated(rt->conf))
			continue;
		STAILQ_FOREACH(t, &rt->conf->track_rs, next)
			if (vrrp_track_rs_matches(t, s))
				return true;
	}
	return false;
}

/*
 * Replication facts: a message without them (IPC_REPL_NONE, the checker
 * engine telling a change of health) keeps the last ones, as the parent's
 * relay does.  A change of state is logged where a gate reads it.
 */
static void
eng_rs_repl(struct vrrp_engine *eng, struct vrrp_track_rs_seen *s,
    const struct ipc_rs_state *m)
{
	char a[ADDR_STRLEN];
	struct addr ad;

	if (m->repl == IPC_REPL_NONE)
		return;
	if (m->repl != s->repl && eng_rs_gates(eng, s)) {
		memset(&ad, 0, sizeof(ad));
		ad.family = s->family;
		memcpy(s->family == AF_INET ? (void *)&ad.u.v4 :
		    (void *)&ad.u.v6, s->addr, s->family == AF_INET ? 4 : 16);
		log_info("Real server [%s]:%u replication: %s (IO thread %s, "
		    "SQL thread %s)", addr_str(&ad, a, sizeof(a)), s->port,
		    vrrp_promote_repl_name(m->repl),
		    m->repl_threads & IPC_REPL_IO_RUNNING ? "running" :
		    "stopped", m->repl_threads & IPC_REPL_SQL_RUNNING ?
		    "running" : "stopped");
	}
	s->repl = m->repl;
	s->repl_threads = m->repl_threads;
	s->lag = m->lag;
}

/* RS_STATE: remember it, and re-evaluate the instances that follow a
 * real server (track_real_server). */
static void
eng_rs_state(struct vrrp_child *vc, const struct ipc_rs_state *m)
{
	struct vrrp_engine *eng = vc->engine;
	struct vrrp_track_rs_seen *s;
	struct vrrp_rt *rt;

	if (eng == NULL || eng->stopped ||
	    (m->family != AF_INET && m->family != AF_INET6))
		return;
	s = eng_rs_slot(eng, m);
	s->up = m->up != 0;
	s->checked = m->checked != 0;
	eng_rs_repl(eng, s, m);
	TAILQ_FOREACH(rt, &eng->rts, next)
		if (rt_tracks_rs(rt))
			vrrp_rt_track_update(rt);
}

static void
eng_snapshot_end(struct vrrp_child *vc)
{
	struct vrrp_engine *eng = vc->engine;

	if (eng != NULL && !eng->stopped)
		vrrp_track_update_all(eng);
}

const struct vrrp_engine_ops vrrp_engine_ops = {
	.rs_state = eng_rs_state,
	.snapshot_end = eng_snapshot_end,
	.start = eng_start,
	.reload = eng_reload,
	.stop = eng_stop,
	.dump_data = vrrp_dump_data,
	.dump_stats = vrrp_dump_stats,
	.dump_json = vrrp_dump_json,
};
