/*
 * bfd_session: the BFD child's sessions — built from bfd_instance blocks
 * with keepalived's validation, driven by one timer each and by the
 * receiving socket, logging in keepalived's words and telling the
 * parent when a session enters or leaves Up.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "bfd_daemon.h"
#include "bfd_net.h"
#include "bfd_session.h"
#include "conf.h"
#include "ipc.h"
#include "log.h"
#include "xalloc.h"

#define BFD_TTL_V4	255
#define BFD_HOPLIMIT_V6	64

uint32_t
bfd_rand(void *arg, uint32_t lo, uint32_t hi)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint32_t)random() ^ ((uint32_t)random() << 16);
	if (hi <= lo)
		return lo;
	if (lo == 0 && hi == UINT32_MAX)
		return r;
	return lo + r % (hi - lo + 1);
}

static void rt_timer_cb(struct ev_loop *, struct ev_timer *);

/* --- building ------------------------------------------------------------ */

/* keepalived says "neighbour" when the block used neighbour_ip; the
 * model does not keep which spelling was used. */
#define NBR_WORD	"neighbor"

static bool
rt_dup(const struct bfd_rt *rts, size_t n, const struct bfd_rt *r)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_cmp(&rts[i].nbr, &r->nbr) == 0 &&
		    addr_cmp(&rts[i].src, &r->src) == 0)
			return true;
	return false;
}

static bool
name_dup(const struct bfd_rt *rts, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rts[i].name, name) == 0)
			return true;
	return false;
}

/* keepalived's bfd_parser.c checks, in its order; false: ignored. */
static bool
rt_validate(const struct vrrp_bfd_conf *b, const struct bfd_rt *rts,
    size_t n, struct bfd_rt *r)
{
	char a1[ADDR_STRLEN], a2[ADDR_STRLEN];

	if (strlen(b->name) >= BFD_NAME_MAX) {
		log_info("Configuration error: BFD instance %s name too long "
		    "(maximum length is %d characters) - ignoring", b->name,
		    BFD_NAME_MAX - 1);
		return false;
	}
	if (name_dup(rts, n, b->name)) {
		log_info("Configuration error: BFD instance %s already "
		    "configured - ignoring", b->name);
		return false;
	}
	if (!addr_is_set(&b->neighbor)) {
		log_info("Configuration error: BFD instance %s has no %s "
		    "address set, disabling instance", b->name, NBR_WORD);
		return false;
	}
	if (addr_is_set(&b->source) &&
	    b->source.family != b->neighbor.family) {
		log_info("Configuration error: BFD instance %s source address "
		    "%s and %s address %s are not of the same family, "
		    "disabling instance", b->name,
		    addr_str(&b->source, a1, sizeof(a1)), NBR_WORD,
		    addr_str(&b->neighbor, a2, sizeof(a2)));
		return false;
	}
	r->nbr = b->neighbor;
	r->src = b->source;
	if (!rt_dup(rts, n, r))
		return true;
	if (addr_is_set(&r->src))
		log_info("Configuration error: BFD instance %s has duplicate "
		    "source/%s address %s/%s, ignoring instance", b->name,
		    NBR_WORD, addr_str(&r->src, a1, sizeof(a1)),
		    addr_str(&r->nbr, a2, sizeof(a2)));
	else
		log_info("Configuration error: BFD instance %s has duplicate "
		    "%s address %s, ignoring instance", b->name, NBR_WORD,
		    addr_str(&r->nbr, a2, sizeof(a2)));
	return false;
}

static void
rt_params(const struct vrrp_bfd_conf *b, struct bfd_rt *r)
{
	int ttl = b->ttl > 0 ? b->ttl : b->hoplimit > 0 ? b->hoplimit : 0;

	snprintf(r->name, sizeof(r->name), "%s", b->name);
	r->params.min_rx_us = b->min_rx_ms * 1000U;
	r->params.min_tx_us = b->min_tx_ms * 1000U;
	r->params.idle_tx_us = b->idle_tx_ms * 1000U;
	r->params.mult = (uint8_t)(b->multiplier ? b->multiplier : 5);
	r->params.passive = b->passive;
	r->ttl = ttl ? ttl : r->nbr.family == AF_INET ? BFD_TTL_V4 :
	    BFD_HOPLIMIT_V6;
	r->max_hops = (int)b->max_hops;
	if (r->max_hops > r->ttl) {
		log_info("BFD instance %s: max_hops exceeds ttl/hoplimit - "
		    "setting to ttl/hoplimit", b->name);
		r->max_hops = r->ttl;
	}
	/* Neither keyword: both processes hear of it. */
	r->to = (b->vrrp ? IPC_BFD_TO_VRRP : 0) |
	    (b->checker ? IPC_BFD_TO_CHECKER : 0);
	if (r->to == 0)
		r->to = IPC_BFD_TO_VRRP | IPC_BFD_TO_CHECKER;
	r->fd_out = -1;
}

static uint32_t
discr_new(const struct bfd_rt *rts, size_t n)
{
	uint32_t d;
	size_t i;

	for (;;) {
		d = bfd_rand(NULL, 1, UINT32_MAX);
		for (i = 0; i < n; i++)
			if (rts[i].s.local_discr == d)
				break;
		if (d != 0 && i == n)
			return d;
	}
}

size_t
bfd_rts_build(struct bfd_child *bc, const struct conf *conf,
    struct bfd_rt **out)
{
	const struct vrrp_bfd_conf *b;
	struct bfd_rt *rts = NULL, *r;
	size_t n = 0, cap = 0, i;
	uint64_t now = bc->loop != NULL ? ev_now(bc->loop) : ev_clock_us();

	STAILQ_FOREACH(b, &conf->vrrp.bfds, next) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			rts = xreallocarray(rts, cap, sizeof(*rts));
		}
		r = &rts[n];
		memset(r, 0, sizeof(*r));
		if (!rt_validate(b, rts, n, r))
			continue;
		rt_params(b, r);
		r->bc = bc;
		bfd_sess_init(&r->s, &r->params, discr_new(rts, n), bfd_rand,
		    NULL, now);
		n++;
	}
	/* The array moves while it grows: timers point into it only now. */
	for (i = 0; i < n; i++)
		ev_timer_init(&rts[i].timer, rt_timer_cb, &rts[i]);
	*out = rts;
	return n;
}

/* --- telling the parent, logging ------------------------------------------ */

static void
rt_tell(struct bfd_rt *r)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_BFD_STATE;
	snprintf(m.u.bfd.name, sizeof(m.u.bfd.name), "%s", r->name);
	m.u.bfd.up = bfd_sess_up(&r->s);
	m.u.bfd.to = r->to;
	bfd_child_send(r->bc, &m);
}

void
bfd_rt_tell_all(struct bfd_child *bc)
{
	size_t i;

	for (i = 0; i < bc->nrts; i++)
		rt_tell(&bc->rts[i]);
}

static void
rt_log(struct bfd_rt *r, const struct bfd_out *o)
{
	const struct bfd_sess *s = &r->s;
	int w = (int)strlen(r->name) + 2;

	if (o->what & BFD_OUT_DETECT)
		log_info("%*s Detection time is %llu us (was %llu us)", w, "",
		    (unsigned long long)s->local_detect_time,
		    (unsigned long long)o->old_detect);
	if ((o->what & BFD_OUT_EXPIRED) && o->old_state == BFD_STATE_UP)
		log_warnx("(%s) Expired after %llu ms (%llu usec overdue)",
		    r->name, (unsigned long long)(o->dead_us / 1000),
		    (unsigned long long)(o->dead_us > s->local_detect_time ?
		    o->dead_us - s->local_detect_time : 0));
	if (!(o->what & BFD_OUT_STATE))
		return;
	if (o->new_state == BFD_STATE_UP)
		log_info("(%s) Entering %s state", r->name,
		    bfd_state_name(o->new_state));
	else if (o->new_state == BFD_STATE_DOWN &&
	    o->old_state == BFD_STATE_UP)
		log_warnx("(%s) Entering %s state (Local diagnostic - %s, "
		    "Remote diagnostic - %s)", r->name,
		    bfd_state_name(o->new_state), bfd_diag_name(s->local_diag),
		    bfd_diag_name(s->remote_diag));
	else if (o->new_state == BFD_STATE_ADMINDOWN)
		log_warnx("(%s) Entering %s state", r->name,
		    bfd_state_name(o->new_state));
	else if (log_detail() > 1)
		log_info("(%s) Entering %s state", r->name,
		    bfd_state_name(o->new_state));
}

/* --- sending and timers ---------------------------------------------------- */

static void
rt_send(struct bfd_rt *r)
{
	struct bfd_pkt p;
	uint8_t buf[BFD_PKT_LEN];

	bfd_sess_build(&r->s, &p);
	if (r->fd_out == -1 || bfd_pkt_encode(&p, buf, sizeof(buf)) == -1)
		return;
	if (bfd_net_send(r->fd_out, &r->nbr, BFD_PORT_CONTROL, buf,
	    sizeof(buf)) == -1) {
		if (!r->send_error)
			log_warn("(%s) Error sending packet", r->name);
		r->send_error = true;
		return;
	}
	r->send_error = false;
	r->ntx++;
}

static void
rt_arm(struct bfd_rt *r)
{
	uint64_t due = bfd_sess_next(&r->s);

	if (due == 0)
		ev_timer_stop(r->bc->loop, &r->timer);
	else
		ev_timer_start_at(r->bc->loop, &r->timer, due);
}

static void
rt_apply(struct bfd_rt *r, const struct bfd_out *o)
{
	rt_log(r, o);
	if (o->what & BFD_OUT_SEND)
		rt_send(r);
	if (o->what & BFD_OUT_EVENT)
		rt_tell(r);
	rt_arm(r);
}

static void
rt_timer_cb(struct ev_loop *l, struct ev_timer *t)
{
	struct bfd_rt *r = t->arg;
	struct bfd_out o;

	bfd_sess_timer(&r->s, ev_now(l), &o);
	rt_apply(r, &o);
}

void
bfd_rt_start(struct bfd_rt *r)
{
	struct bfd_out o;

	r->fd_out = bfd_net_open_out(&r->nbr, &r->src, r->ttl,
	    bfd_rand(NULL, 0, UINT32_MAX));
	if (r->fd_out == -1) {
		log_warn("(%s) Unable to open output socket, disabling "
		    "instance", r->name);
		bfd_sess_admindown(&r->s, &o);
		rt_log(r, &o);
		return;
	}
	rt_arm(r);
}

void
bfd_rt_stop(struct bfd_rt *r)
{
	if (r->bc != NULL && r->bc->loop != NULL)
		ev_timer_stop(r->bc->loop, &r->timer);
	if (r->fd_out != -1)
		close(r->fd_out);
	r->fd_out = -1;
}

/* --- receiving ------------------------------------------------------------- */

static struct bfd_rt *
rt_find(struct bfd_child *bc, const struct bfd_pkt *p,
    const struct bfd_net_rx *rx)
{
	struct bfd_rt *r;
	size_t i;

	for (i = 0; i < bc->nrts; i++) {
		r = &bc->rts[i];
		if (p->your_discr != 0) {
			if (r->s.local_discr == p->your_discr)
				return r;
			continue;
		}
		if (addr_cmp(&r->nbr, &rx->src) == 0 &&
		    (!addr_is_set(&r->src) || rx->dst.family == AF_UNSPEC ||
		    addr_cmp(&r->src, &rx->dst) == 0))
			return r;
	}
	return NULL;
}

/* RFC 5881 §5 (GTSM), widened by max_hops as keepalived does. */
static bool
rt_ttl_ok(const struct bfd_rt *r, int ttl)
{
	if (r->max_hops == 255 || ttl == 0)
		return true;
	return r->max_hops + ttl >= r->ttl;
}

static void
rx_one(struct bfd_child *bc, const uint8_t *buf, size_t len,
    const struct bfd_net_rx *rx)
{
	char a[ADDR_STRLEN];
	enum bfd_pkt_err e;
	struct bfd_pkt p;
	struct bfd_out o;
	struct bfd_rt *r;

	if ((e = bfd_pkt_decode(buf, len, &p)) != BFD_PKT_OK) {
		if (log_detail() > 0)
			log_info("Discarding bogus packet from %s (%s)",
			    addr_str(&rx->src, a, sizeof(a)),
			    bfd_pkt_err_name(e));
		return;
	}
	if ((r = rt_find(bc, &p, rx)) == NULL) {
		if (log_detail() > 0)
			log_info("Discarding packet from %s (session is not "
			    "found - your discriminator field is 0x%8.8x)",
			    addr_str(&rx->src, a, sizeof(a)), p.your_discr);
		return;
	}
	if (!rt_ttl_ok(r, rx->ttl)) {
		r->nbad++;
		if (log_detail() > 0)
			log_info("Packet %s(%d) < %d - discarding",
			    rx->src.family == AF_INET ? "ttl" : "hop_limit",
			    rx->ttl, r->ttl - r->max_hops);
		return;
	}
	r->nrx++;
	bfd_sess_rx(&r->s, &p, ev_now(bc->loop), &o);
	rt_apply(r, &o);
}

void
bfd_rx_ready(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct bfd_child *bc = io->arg;
	struct bfd_net_rx rx;
	uint8_t buf[512];
	ssize_t n;
	int i;

	for (i = 0; i < 64; i++) {
		n = bfd_net_recv(bc->fd_in, buf, sizeof(buf), &rx);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EMSGSIZE)
				log_warnx("recvmsg() message truncated");
			else
				log_warn("recvmsg() error");
			continue;
		}
		rx_one(bc, buf, (size_t)n, &rx);
	}
}
