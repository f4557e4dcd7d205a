/*
 * vip: virtual addresses on and off the kernel, and the paced GARP / NA
 * announcements that follow them (keepalived's netlink_iplist,
 * send_gratuitous_arp and ndisc_send_unsolicited_na with the garp
 * interval of vrrp_garp_interval / vrrp_gna_interval).
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arp.h"
#include "conf_iproute.h"
#include "ndisc.h"
#include "vip.h"
#include "xalloc.h"

int
vip_set_build(struct vip_set *s, const struct ipaddr_list *list,
    int def_ifindex, const char *def_ifname)
{
	const struct ipaddr_conf *c;
	struct vip *v;
	size_t n = 0;
	unsigned idx;

	memset(s, 0, sizeof(*s));
	STAILQ_FOREACH(c, list, next)
		n++;
	if (n == 0)
		return 0;
	s->v = xcalloc(n, sizeof(*s->v));
	STAILQ_FOREACH(c, list, next) {
		v = &s->v[s->n];
		if (c->dev != NULL) {
			if ((idx = if_nametoindex(c->dev)) == 0)
				continue;
			snprintf(v->ifname, sizeof(v->ifname), "%s", c->dev);
		} else {
			if (def_ifindex <= 0 || def_ifname == NULL)
				continue;
			idx = (unsigned)def_ifindex;
			snprintf(v->ifname, sizeof(v->ifname), "%s",
			    def_ifname);
		}
		nl_addr_from_conf(c, (int)idx, &v->na);
		s->n++;
	}
	return 0;
}

void
vip_set_free(struct vip_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int
vip_set_apply(struct nl_sock *nl, const struct vip_set *s, bool add)
{
	int failed = 0, err = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (add && nl_addr_add(nl, &s->v[i].na) == 0)
			continue;
		if (!add && nl_addr_del(nl, &s->v[i].na) == 0)
			continue;
		if (add && errno == EEXIST)
			continue;
		if (!add && (errno == EADDRNOTAVAIL || errno == ENODEV))
			continue;
		err = errno;
		failed++;
	}
	if (failed)
		errno = err;
	return failed;
}

/* --- GARP / NA ----------------------------------------------------------- */

static void garp_run(struct ev_loop *, struct ev_timer *);

int
vip_garp_open(struct vip_garp *g, struct ev_loop *loop, bool need4,
    bool need6, uint64_t interval4_us, uint64_t interval6_us)
{
	memset(g, 0, sizeof(*g));
	g->loop = loop;
	g->arp_fd = g->nd_fd = -1;
	g->interval4_us = interval4_us;
	g->interval6_us = interval6_us;
	TAILQ_INIT(&g->queue);
	ev_timer_init(&g->timer, garp_run, g);
	if (need4 && (g->arp_fd = arp_sock_open()) == -1)
		return -1;
	if (need6 && (g->nd_fd = ndisc_sock_open()) == -1)
		return -1;
	return 0;
}

void
vip_garp_close(struct vip_garp *g)
{
	struct vip_garp_item *it;

	if (g->loop != NULL)
		ev_timer_stop(g->loop, &g->timer);
	while ((it = TAILQ_FIRST(&g->queue)) != NULL) {
		TAILQ_REMOVE(&g->queue, it, next);
		free(it);
	}
	if (g->arp_fd != -1)
		close(g->arp_fd);
	if (g->nd_fd != -1)
		close(g->nd_fd);
	g->arp_fd = g->nd_fd = -1;
}

static int
garp_send(struct vip_garp *g, const struct vip_garp_item *it)
{
	int rc;

	if (it->addr.family == AF_INET)
		rc = g->arp_fd == -1 ? (errno = EBADF, -1) :
		    arp_garp_send(g->arp_fd, it->ifindex, it->mac,
		    it->addr.u.v4);
	else
		rc = g->nd_fd == -1 ? (errno = EBADF, -1) :
		    ndisc_na_send(g->nd_fd, it->ifindex, it->mac,
		    &it->addr.u.v6, it->router);
	if (rc == 0)
		g->sent++;
	else
		g->errors++;
	return rc;
}

/* When the next frame of this family may leave on ifindex. */
static uint64_t *
garp_pace(struct vip_garp *g, int ifindex, int family)
{
	unsigned i, free_slot = VIP_GARP_IFS;

	for (i = 0; i < VIP_GARP_IFS; i++) {
		if (g->pace[i].ifindex == ifindex)
			break;
		if (g->pace[i].ifindex == 0 && free_slot == VIP_GARP_IFS)
			free_slot = i;
	}
	if (i == VIP_GARP_IFS) {
		/* Out of slots: reuse the first one (pacing is best effort
		 * past VIP_GARP_IFS interfaces). */
		i = free_slot == VIP_GARP_IFS ? 0 : free_slot;
		g->pace[i].ifindex = ifindex;
		g->pace[i].next4 = g->pace[i].next6 = 0;
	}
	return family == AF_INET ? &g->pace[i].next4 : &g->pace[i].next6;
}

static void
garp_arm(struct vip_garp *g)
{
	struct vip_garp_item *it;
	uint64_t first = UINT64_MAX;

	TAILQ_FOREACH(it, &g->queue, next)
		if (it->at < first)
			first = it->at;
	if (first == UINT64_MAX)
		ev_timer_stop(g->loop, &g->timer);
	else
		ev_timer_start_at(g->loop, &g->timer, first);
}

static void
garp_run(struct ev_loop *loop, struct ev_timer *t)
{
	struct vip_garp *g = t->arg;
	struct vip_garp_item *it, *nx;
	uint64_t now = ev_now(loop);

	for (it = TAILQ_FIRST(&g->queue); it != NULL; it = nx) {
		nx = TAILQ_NEXT(it, next);
		if (it->at > now)
			continue;
		TAILQ_REMOVE(&g->queue, it, next);
		(void)garp_send(g, it);
		free(it);
	}
	garp_arm(g);
}

int
vip_garp_queue(struct vip_garp *g, int ifindex, const uint8_t mac[6],
    const struct addr *addr, bool router)
{
	struct vip_garp_item tmp, *it;
	uint64_t interval, now, *next;

	memset(&tmp, 0, sizeof(tmp));
	tmp.ifindex = ifindex;
	memcpy(tmp.mac, mac, sizeof(tmp.mac));
	tmp.addr = *addr;
	tmp.router = router;
	interval = addr->family == AF_INET ? g->interval4_us :
	    g->interval6_us;
	if (interval == 0 || g->loop == NULL)
		return garp_send(g, &tmp);
	now = ev_now(g->loop);
	next = garp_pace(g, ifindex, addr->family);
	if (*next <= now) {
		*next = now + interval;
		return garp_send(g, &tmp);
	}
	tmp.at = *next;
	*next += interval;
	it = xmalloc(sizeof(*it));
	*it = tmp;
	TAILQ_INSERT_TAIL(&g->queue, it, next);
	garp_arm(g);
	return 0;
}
