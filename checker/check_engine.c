/*
 * check_engine: the checker child's runtime (see check_engine.h).
 *
 * Objects are built from the configuration once per start or reload; a
 * checker's life is a loop of "run" timer -> type's start -> I/O steps,
 * each bounded by the "tmo" timer -> ce_done(), which asks check_sched.c
 * what happened and acts: IPVS (lvs.h), logs in keepalived's words, notify
 * scripts and FIFO lines (notify.h), SMTP alerts, the parent (IPC).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/epoll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "lvs.h"
#include "nl_addr.h"
#include "nl_link.h"
#include "notify.h"
#include "smtp.h"
#include "supervise.h"
#include "xalloc.h"
#include "check_engine.h"

static void	ce_timer(struct ev_loop *, struct ev_timer *);

/* Every checker without a recorded failure points here; writing its
 * one byte with '\0' (ce_run) leaves it as it is. */
static char	ce_why_none[1];
_Static_assert(CE_STR_MAX <= UINT8_MAX, "why_size holds a why's size");

/* --- helpers ------------------------------------------------------------ */

static double
ce_random(void *arg)
{
	return (double)random() / RAND_MAX;
}

const char *
ce_chk_str(const struct ce_checker *c)
{
	return c->rs->str;
}

uint64_t
ce_timeout(const struct ce_checker *c)
{
	uint64_t t = c->conf->conn.connect_timeout;

	if (!c->conf->has_conn || t == 0 || t == CHECK_UNSET_T)
		t = c->rs->conf->connect_timeout;
	if (t == 0 || t == CHECK_UNSET_T)
		t = 5000000;
	return t;
}

/* The failure text gets its own buffer on the first failure, as large
 * as that text, and a larger one only when a longer text comes. */
void
ce_why(struct ce_checker *c, const char *fmt, ...)
{
	char buf[CE_STR_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = strlen(buf) + 1;
	if (n > c->why_size) {
		if (c->why_size > 0)
			free(c->why);
		c->why = xmalloc(n);
		c->why_size = (uint8_t)n;
	}
	memcpy(c->why, buf, n);
}

static const struct check_type_ops *
ce_type_ops(enum check_type t)
{
	switch (t) {
	case CHECK_TCP:
		return &check_tcp_ops;
	case CHECK_HTTP:
		return &check_http_ops;
	case CHECK_MISC:
		return &check_misc_ops;
	case CHECK_SMTP:
		return &check_smtp_ops;
	case CHECK_DNS:
		return &check_dns_ops;
	case CHECK_UDP:
		return &check_udp_ops;
	case CHECK_PING:
		return &check_ping_ops;
	case CHECK_FILE:
		return &check_file_ops;
	case CHECK_SSL:
		return &check_ssl_ops;
	case CHECK_MYSQL:
		return &check_mysql_ops;
	case CHECK_BFD:
		return &check_bfd_ops;
	default:
		return NULL;
	}
}

/* --- the parent, scripts, FIFOs ------------------------------------------ */

/* Every checker of the real server has finished a run: its state is no
 * longer the one assumed at start. */
static bool
ce_rs_checked(const struct ce_rs *rs)
{
	unsigned i;

	for (i = 0; i < rs->nchk; i++)
		if (!rs->chk[i].sc.has_run)
			return false;
	return true;
}

static void
ce_tell_parent(struct ce_rs *rs, const char *reason)
{
	struct ipc_rs_state m;
	const struct addr *a = &rs->conf->addr;

	if (rs->eng->cc == NULL || rs->eng->cc->chan < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.family = a->family;
	m.up = rs->st.alive;
	m.port = rs->conf->port;
	if (a->family == AF_INET)
		memcpy(m.addr, &a->u.v4, 4);
	else
		memcpy(m.addr, &a->u.v6, 16);
	m.weight = (int32_t)sched_real_weight(rs->st.weight);
	m.checked = ce_rs_checked(rs);
	snprintf(m.vs, sizeof(m.vs), "%.*s", (int)sizeof(m.vs) - 1,
	    rs->vs->str);
	snprintf(m.reason, sizeof(m.reason), "%.*s", (int)sizeof(m.reason) - 1,
	    reason);
	check_child_send_rs(rs->eng->cc, &m);
}

static void
ce_fifo_line(struct ce_engine *e, const char *line, int len)
{
	struct notify_fifo f;

	if (len <= 0)
		return;
	notify_fifo_init(&f);
	if (e->fifo_fd >= 0) {
		f.fd = e->fifo_fd;
		notify_fifo_write(&f, line, (size_t)len);
	}
	if (e->lvs_fifo_fd >= 0) {
		f.fd = e->lvs_fifo_fd;
		notify_fifo_write(&f, line, (size_t)len);
	}
}

static void
ce_script(struct ce_engine *e, const struct script_conf *sc)
{
	if (sc == NULL || sc->disabled)
		return;
	if (notify_script_exec(e->loop, sc, NULL) == -1)
		log_warn("Failed to run script %s", sc->cmd);
}

/* ipwrapper.c do_rs_notifies: script, FIFO line, and the parent. */
static void
ce_rs_notify(struct ce_rs *rs, const char *reason)
{
	char line[512];

	ce_script(rs->eng, rs->st.alive ? rs->conf->notify_up :
	    rs->conf->notify_down);
	ce_fifo_line(rs->eng, line, notify_fmt_rs(line, sizeof(line),
	    rs->str, rs->vs->str, rs->st.alive));
	ce_tell_parent(rs, reason);
}

/* --- quorum and weights ---------------------------------------------- */

static int64_t
ce_vs_weight(const struct ce_vs *vs)
{
	int64_t sum = 0;
	unsigned i;

	for (i = 0; i < vs->nrs; i++)
		if (vs->rs[i].st.alive)
			sum += sched_real_weight(vs->rs[i].st.weight);
	return sum;
}

/* The sorry server, built after the real servers (rs[nrs]); NULL when
 * the virtual server has none. */
static struct ce_rs *
ce_vs_sorry(struct ce_vs *vs)
{
	return vs->conf->sorry != NULL ? &vs->rs[vs->nrs] : NULL;
}

/* ipvswrapper.c ipvs_cmd for one destination, inhibit_on_failure
 * included; failed: added while its checks fail (weight 0 if
 * inhibited). */
static void
ce_dest(struct ce_rs *rs, bool add, bool failed)
{
	int w = (int)sched_real_weight(rs->st.weight);
	bool zero;

	switch (sched_dest_cmd(&rs->set, rs->st.inhibit, failed, add, &zero)) {
	case SCHED_IPVS_ADD:
		lvs_rs_add(rs->vs->conf, rs->conf, zero ? 0 : w);
		break;
	case SCHED_IPVS_EDIT:
		lvs_rs_edit(rs->vs->conf, rs->conf, zero ? 0 : w);
		break;
	case SCHED_IPVS_DEL:
		lvs_rs_del(rs->vs->conf, rs->conf);
		break;
	}
}

/* ipwrapper.c perform_quorum_state: the alive real servers in or out. */
static void
ce_vs_pool(struct ce_vs *vs, bool add)
{
	unsigned i;

	log_info("%s the pool for VS %s", add ? "Adding alive servers to" :
	    "Removing alive servers from", vs->str);
	for (i = 0; i < vs->nrs; i++)
		if (vs->rs[i].st.alive)
			ce_dest(&vs->rs[i], add, vs->rs[i].st.num_failed > 0);
}

/* ipwrapper.c do_vs_notifies: script and FIFO line. */
static void
ce_vs_notify(struct ce_vs *vs)
{
	char line[512];

	ce_script(vs->eng, vs->q.quorum_up ? vs->conf->quorum_up :
	    vs->conf->quorum_down);
	ce_fifo_line(vs->eng, line, notify_fmt_vs(line, sizeof(line), vs->str,
	    vs->q.quorum_up));
}

static void
ce_vs_alert_done(bool sent, void *arg)
{
	struct ce_engine *e = arg;

	if (sent)
		e->alerts_sent++;
}

/* do_vs_notifies' mail (virtual_server smtp_alert): "[router_id]
 * Virtualserver [vs] - UP|DOWN" with body, or the quorum arithmetic. */
static void
ce_vs_alert(struct ce_vs *vs, const struct sched_quorum_out *o, int64_t sum,
    const char *body)
{
	const struct global_conf *g = &vs->eng->conf->global;
	char subject[1024], text[80];
	const char *what;

	if (vs->conf->smtp_alert <= 0 || !smtp_alert_configured(g))
		return;
	snprintf(subject, sizeof(subject), "[%s] Virtualserver %s - %s",
	    smtp_router_id(g), vs->str, vs->q.quorum_up ? "UP" : "DOWN");
	if (body == NULL) {
		if (vs->q.quorum_up)
			what = o->starting ? "Starting with quorum up" :
			    "Gained quorum";
		else
			what = o->starting ? "Starting with quorum down" :
			    "Lost quorum";
		snprintf(text, sizeof(text), "=> %s %u+%u=%lld <= %lld <=",
		    what, vs->q.quorum, vs->q.hysteresis,
		    (long long)o->threshold, (long long)sum);
		body = text;
	}
	(void)smtp_alert_send(vs->eng->loop, g, subject, body,
	    ce_vs_alert_done, vs->eng);
}

/* ipwrapper.c update_quorum_state: log, swap the sorry server, notify. */
static void
ce_vs_quorum_eval(struct ce_vs *vs, bool init)
{
	struct ce_rs *sorry = ce_vs_sorry(vs);
	struct sched_quorum_out o;
	int64_t sum = ce_vs_weight(vs);
	bool inh = sorry != NULL && sorry->st.inhibit;

	if (sched_vs_quorum(&vs->q, sum, init, &o) == SCHED_Q_NONE)
		return;
	if (o.change == SCHED_Q_GAINED)
		log_info("Gained quorum %u+%u=%lld <= %lld for VS %s",
		    vs->q.quorum, vs->q.hysteresis, (long long)o.threshold,
		    (long long)sum, vs->str);
	else
		log_info("%s %u-%u=%lld > %lld for VS %s", o.starting ?
		    "Starting with quorum down" : "Lost quorum", vs->q.quorum,
		    vs->q.hysteresis, (long long)o.threshold, (long long)sum,
		    vs->str);
	if (o.sorry_out) {
		log_info("%s sorry server %s from VS %s", inh ? "Disabling" :
		    "Removing", sorry->str, vs->str);
		ce_dest(sorry, false, false);
		sorry->st.alive = false;
		ce_vs_pool(vs, true);
	}
	if (o.sorry_in) {
		log_info("%s sorry server %s to VS %s", inh ? "Enabling" :
		    "Adding", sorry->str, vs->str);
		ce_vs_pool(vs, false);
		ce_dest(sorry, true, false);
		sorry->st.alive = true;
	}
	ce_vs_notify(vs);
	ce_vs_alert(vs, &o, sum, NULL);
}

static void
ce_vs_quorum(struct ce_vs *vs)
{
	ce_vs_quorum_eval(vs, false);
}

/* ipwrapper.c update_svr_wgt without the quorum: whether IPVS's weight
 * changed. */
static bool
ce_rs_reweight(struct ce_rs *rs, int64_t weight)
{
	int64_t old = sched_real_weight(rs->st.weight);
	int64_t neww = sched_real_weight(weight);

	rs->st.weight = weight;
	if (old == neww)
		return false;
	log_info("Changing weight from %lld to %lld for %sactive service %s "
	    "of VS %s", (long long)old, (long long)neww,
	    rs->st.alive ? "" : "in", rs->str, rs->vs->str);
	/* Into IPVS now only while in the pool (ipwrapper.c update_svr_wgt);
	 * otherwise when it comes back. */
	if (rs->set && rs->st.alive && sched_vs_pool_open(&rs->vs->q))
		lvs_rs_edit(rs->vs->conf, rs->conf, (int)neww);
	ce_tell_parent(rs, "weight");
	return true;
}

void
ce_rs_weight(struct ce_rs *rs, int64_t weight)
{
	if (ce_rs_reweight(rs, weight))
		ce_vs_quorum(rs->vs);
}

/* ipwrapper.c perform_svr_state: into or out of the pool, unless the
 * sorry server stands in for the pool. */
static void
ce_rs_pool(struct ce_rs *rs, bool alive)
{
	bool inh = rs->st.inhibit;

	log_info("%sing service %s %s VS %s", alive ? (inh ? "Enabl" : "Add") :
	    (inh ? "Disabl" : "Remov"), rs->str, inh ? "of" : alive ? "to" :
	    "from", rs->vs->str);
	if (sched_vs_pool_open(&rs->vs->q))
		ce_dest(rs, alive, false);
}

static void
ce_apply(struct ce_checker *c, const struct sched_outcome *o)
{
	struct ce_rs *rs = c->rs;
	const struct global_conf *g = &c->eng->conf->global;
	bool changed = (o->actions & (SCHED_A_RS_ADD | SCHED_A_RS_DEL)) != 0;

	if (changed)
		ce_rs_pool(rs, o->rs_alive);
	if (o->actions & SCHED_A_NOTIFY)
		ce_rs_notify(rs, o->rs_alive ? c->ops->name : c->why);
	if ((o->actions & SCHED_A_ALERT) && rs->conf->smtp_alert > 0 &&
	    (changed || !g->no_checker_emails))
		ce_alert_rs(c->eng, rs, o->checker_up ? c->ops->alert_up :
		    c->ops->alert_down);
	if (o->actions & SCHED_A_QUORUM)
		ce_vs_quorum(rs->vs);
}

/* --- one attempt ------------------------------------------------------ */

static void
ce_release(struct ce_checker *c)
{
	ev_timer_stop(c->eng->loop, &c->timer);
	if (c->io.active)
		ev_io_stop(c->eng->loop, &c->io);
	if (c->ops->cancel != NULL)
		c->ops->cancel(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->busy = false;
}

void
ce_done(struct ce_checker *c, bool success, struct sched_outcome *out)
{
	struct sched_outcome o;

	bool was_checked = ce_rs_checked(c->rs);

	ce_release(c);
	if (!success)
		c->nfail++;
	sched_check_done(&c->sc, &c->rs->st, success, &o);
	if (c->ops->log != NULL)
		c->ops->log(c, &o);
	ce_apply(c, &o);
	/* The VRRP side waits for a checked state (track_real_server):
	 * tell it when the assumed one is confirmed without a change. */
	if (!was_checked && ce_rs_checked(c->rs))
		ce_tell_parent(c->rs, "checked");
	if (out != NULL)
		*out = o;
	if (!c->eng->stopping)
		ev_timer_start(c->eng->loop, &c->timer, o.delay);
}

void
ce_step(struct ce_checker *c)
{
	ev_timer_start(c->eng->loop, &c->timer, ce_timeout(c));
}

void
ce_step_stop(struct ce_checker *c)
{
	if (c->busy)
		ev_timer_stop(c->eng->loop, &c->timer);
}

void
ce_kick(struct ce_checker *c)
{
	if (!c->busy)
		ev_timer_start(c->eng->loop, &c->timer, 0);
}

/*
 * An overloaded loop (thousands of checkers on a slow machine) can reach
 * a step's deadline before the event that answers it: look at the
 * socket once and let what is ready win over its timeout.  True when
 * the io callback ran and the attempt ended or moved on to a next step
 * with a deadline of its own.  A server that did not answer still
 * times out.
 */
static bool
ce_answered(struct ce_checker *c)
{
	struct pollfd pfd;
	uint32_t ev;

	if (c->fd == -1 || !c->io.active)
		return false;
	pfd.fd = c->fd;
	pfd.events = (c->io.events & EPOLLIN ? POLLIN : 0) |
	    (c->io.events & EPOLLOUT ? POLLOUT : 0);
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) != 1)
		return false;
	ev = (pfd.revents & POLLIN ? EPOLLIN : 0) |
	    (pfd.revents & POLLOUT ? EPOLLOUT : 0) |
	    (pfd.revents & POLLERR ? EPOLLERR : 0) |
	    (pfd.revents & POLLHUP ? EPOLLHUP : 0);
	c->io.cb(c->eng->loop, &c->io, ev);
	return !c->busy || ev_timer_active(&c->timer);
}

/* The step deadline passed. */
static void
ce_tmo(struct ce_checker *c)
{
	if (ce_answered(c))
		return;
	if (c->ops->timeout_ok != NULL && c->ops->timeout_ok(c)) {
		ce_done(c, true, NULL);
		return;
	}
	if (c->why[0] == '\0')
		ce_why(c, "timeout");
	ce_done(c, false, NULL);
}

/* Time for the next attempt. */
static void
ce_run(struct ev_loop *l, struct ce_checker *c)
{
	/* ha_suspend: a suspended checker only waits (check_tcp.c and the
	 * others look again after delay_loop). */
	if (!c->sc.enabled) {
		ev_timer_start(l, &c->timer, c->sc.p.delay_loop);
		return;
	}
	c->busy = true;
	c->why[0] = '\0';
	c->last_ran = ev_now(l);
	c->nruns++;
	if (c->ops->start(c) == -1) {
		if (c->why[0] == '\0')
			ce_why(c, "%s", strerror(errno));
		ce_done(c, false, NULL);
	}
}

/* One timer a checker: an attempt's step deadline runs only while the
 * attempt does, the next attempt only between them. */
static void
ce_timer(struct ev_loop *l, struct ev_timer *t)
{
	struct ce_checker *c = t->arg;

	if (c->busy)
		ce_tmo(c);
	else
		ce_run(l, c);
}

static int
sa_from(struct sockaddr_storage *ss, const struct addr *a, unsigned port)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		s4->sin_addr = a->u.v4;
		return sizeof(*s4);
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		s6->sin6_addr = a->u.v6;
		return sizeof(*s6);
	}
	errno = EAFNOSUPPORT;
	return -1;
}

int
ce_dst(const struct ce_checker *c, struct sockaddr_storage *ss)
{
	const struct check_conn *co = &c->conf->conn;
	const struct addr *a = &c->rs->conf->addr;
	unsigned port = c->rs->conf->port;

	if (c->conf->has_conn && addr_is_set(&co->dst))
		a = &co->dst;
	if (c->conf->has_conn && co->dst_port != 0)
		port = co->dst_port;
	return sa_from(ss, a, port);
}

static int
ce_bind(struct ce_checker *c, int fd, sa_family_t family)
{
	const struct check_conn *co = &c->conf->conn;
	struct sockaddr_storage ss;
	int len;

	if (!c->conf->has_conn)
		return 0;
	if (co->bind_if != NULL && setsockopt(fd, SOL_SOCKET,
	    SO_BINDTODEVICE, co->bind_if, (socklen_t)strlen(co->bind_if)) == -1)
		return -1;
	if (co->fwmark != 0 && setsockopt(fd, SOL_SOCKET, SO_MARK,
	    &co->fwmark, sizeof(co->fwmark)) == -1)
		return -1;
	if (!addr_is_set(&co->bindto) && co->bind_port == 0)
		return 0;
	if (addr_is_set(&co->bindto))
		len = sa_from(&ss, &co->bindto, co->bind_port);
	else {
		struct addr any;

		memset(&any, 0, sizeof(any));
		any.family = family;
		len = sa_from(&ss, &any, co->bind_port);
	}
	if (len == -1 || bind(fd, (struct sockaddr *)&ss, (socklen_t)len) ==
	    -1)
		return -1;
	return 0;
}

int
ce_connect(struct ce_checker *c, int type, int proto, uint32_t events,
    ev_io_cb cb)
{
	struct sockaddr_storage dst;
	int fd, len;

	if ((len = ce_dst(c, &dst)) == -1)
		return -1;
	fd = socket(dst.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd == -1)
		return -1;
	c->fd = fd;
	if (ce_bind(c, fd, dst.ss_family) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&dst, (socklen_t)len) == -1 &&
	    errno != EINPROGRESS)
		return -1;
	ev_io_init(&c->io, fd, events, cb, c);
	if (ev_io_start(c->eng->loop, &c->io) == -1)
		return -1;
	ce_step(c);
	return fd;
}

/* --- building ------------------------------------------------------------ */

/* A timer the configuration left unset (FILE_CHECK has none). */
static uint64_t
ce_time(uint64_t v, uint64_t dflt)
{
	return v == 0 || v == CHECK_UNSET_T ? dflt : v;
}

static void
ce_chk_build(struct ce_rs *rs, struct ce_checker *c,
    const struct check_conf *cf, const struct check_type_ops *ops)
{
	struct sched_params p;
	const struct check_url *u;

	memset(c, 0, sizeof(*c));
	memset(&p, 0, sizeof(p));
	c->eng = rs->eng;
	c->rs = rs;
	c->conf = cf;
	c->ops = ops;
	c->fd = -1;
	c->why = ce_why_none;
	ev_timer_init(&c->timer, ce_timer, c);
	p.delay_loop = ce_time(cf->delay_loop, ce_time(rs->conf->delay_loop,
	    ce_time(rs->vs->conf->delay_loop, 60000000)));
	p.delay_before_retry = ce_time(cf->delay_before_retry, 1000000);
	p.warmup = cf->warmup == CHECK_UNSET_T ? p.delay_loop : cf->warmup;
	p.retry = cf->retry == CHECK_UNSET_U ? 1 : cf->retry;
	if (cf->type == CHECK_FILE || cf->type == CHECK_BFD)
		p.retry = 0;	/* a file's value, a session's state */
	p.alpha = cf->alpha > 0;
	p.policy = ops->policy;
	if (cf->type == CHECK_HTTP || cf->type == CHECK_SSL) {
		STAILQ_FOREACH(u, &cf->u.http.urls, next)
			p.nurls++;
		p.fast_recovery = cf->u.http.fast_recovery;
	}
	sched_chk_init(&c->sc, &p, &rs->st);
}

static bool
ce_chk_usable(const struct check_conf *cf, const struct ce_rs *rs)
{
	if (cf->dropped)
		return false;
	if (ce_type_ops(cf->type) != NULL)
		return true;
	log_info("%s for service %s of VS %s is not supported by this build "
	    "- ignoring", check_type_name(cf->type), rs->str, rs->vs->str);
	return false;
}

/* rs->chk and rs->str come from the virtual server's arrays: *chk and
 * *str are where the next ones go. */
static void
ce_rs_build(struct ce_vs *vs, struct ce_rs *rs, const struct check_rs *cf,
    struct ce_checker **chk, char **str)
{
	const struct check_conf *k;
	int64_t w = cf->weight == INT64_MAX ? 1 : cf->weight;
	char buf[CE_STR_MAX];
	size_t n;

	memset(rs, 0, sizeof(*rs));
	rs->eng = vs->eng;
	rs->vs = vs;
	rs->conf = cf;
	n = strlen(check_rs_str(cf, buf, sizeof(buf))) + 1;
	rs->str = memcpy(*str, buf, n);
	*str += n;
	sched_rs_init(&rs->st, w, cf->inhibit > 0);
	rs->chk = *chk;
	STAILQ_FOREACH(k, &cf->checkers, next)
		if (ce_chk_usable(k, rs))
			ce_chk_build(rs, &rs->chk[rs->nchk++], k,
			    ce_type_ops(k->type));
	*chk += rs->nchk;
}

/* The sizes of a real server's checkers and str, to allocate them per
 * virtual server (one block each instead of two per real server). */
static void
ce_rs_count(const struct check_rs *cf, unsigned *nchk, size_t *strs)
{
	const struct check_conf *k;
	char buf[CE_STR_MAX];

	*strs += strlen(check_rs_str(cf, buf, sizeof(buf))) + 1;
	STAILQ_FOREACH(k, &cf->checkers, next)
		if (!k->dropped && ce_type_ops(k->type) != NULL)
			(*nchk)++;
}

static void
ce_vs_build(struct ce_engine *e, struct ce_vs *vs, const struct check_vs *cf)
{
	const struct check_rs *r;
	struct ce_checker *chk;
	unsigned n = 0, nchk = 0;
	size_t nstr = 0;
	char *str;

	memset(vs, 0, sizeof(*vs));
	vs->eng = e;
	vs->conf = cf;
	check_vs_str(cf, vs->str, sizeof(vs->str));
	/* keepalived judges the quorum when it reads the configuration,
	 * before any real server is alive. */
	sched_vs_init(&vs->q, cf->quorum == 0 ? 1 : cf->quorum, cf->hysteresis,
	    cf->sorry != NULL, 0);
	vs->q.ha_suspend = cf->ha_suspend && cf->kind != CHECK_VS_FWMARK;
	STAILQ_FOREACH(r, &cf->rs, next) {
		ce_rs_count(r, &nchk, &nstr);
		n++;
	}
	if (cf->sorry != NULL)
		ce_rs_count(cf->sorry, &nchk, &nstr);
	/* One more for the sorry server, after the real servers. */
	vs->rs = xcalloc(n + 1, sizeof(*vs->rs));
	chk = vs->chks = xcalloc(nchk == 0 ? 1 : nchk, sizeof(*vs->chks));
	str = vs->strs = xmalloc(nstr == 0 ? 1 : nstr);
	STAILQ_FOREACH(r, &cf->rs, next)
		ce_rs_build(vs, &vs->rs[vs->nrs++], r, &chk, &str);
	if (cf->sorry != NULL) {
		ce_rs_build(vs, &vs->rs[vs->nrs], cf->sorry, &chk, &str);
		vs->rs[vs->nrs].st.alive = false;
	}
}

static struct ce_engine *
ce_engine_build(struct check_child *cc)
{
	struct ce_engine *e = xcalloc(1, sizeof(*e));
	const struct check_vs *v;
	unsigned n = 0;

	e->cc = cc;
	e->loop = cc->loop;
	e->conf = cc->conf;
	e->fifo_fd = e->lvs_fifo_fd = -1;
	notify_fifo_init(&e->fifo);
	notify_fifo_init(&e->lvs_fifo);
	e->rnd = ce_random;
	STAILQ_FOREACH(v, &cc->conf->check.vss, next)
		n++;
	e->vs = xcalloc(n == 0 ? 1 : n, sizeof(*e->vs));
	STAILQ_FOREACH(v, &cc->conf->check.vss, next)
		ce_vs_build(e, &e->vs[e->nvs++], v);
	return e;
}

/* --- starting ------------------------------------------------------------ */

/* lib/notify.c's fifo_open: the global FIFO and the LVS one, each with
 * its own script as keepalived's checker runs them. */
static int
ce_fifo_open(struct ce_engine *e, struct notify_fifo *nf,
    const struct global_notify_fifo *f, const char *type)
{
	notify_fifo_init(nf);
	if (notify_fifo_start(nf, e->loop, f, type, "lvs") == -1)
		return -1;
	return nf->fd;
}

/* ipwrapper.c init_service_rs: the pool at start.  A real server kept
 * over a reload keeps its place. */
static void
ce_rs_init(struct ce_rs *rs, bool rs_init_notifies, bool reloaded)
{
	bool failed = rs->st.num_failed > 0;
	int64_t w = rs->st.iweight;
	unsigned k;

	if (reloaded) {
		/* init_service_rs: the new configured weight (plus dynamic
		 * shares) into IPVS, logged as a change of weight; the
		 * quorum is judged after (ce_vs_start). */
		for (k = 0; k < rs->nchk; k++)
			w += rs->chk[k].sc.cur_weight;
		(void)ce_rs_reweight(rs, w);
		return;
	}
	if (!failed || (rs->st.inhibit && !rs->set))
		ce_dest(rs, true, failed);
	if (!failed) {
		if (rs_init_notifies)
			ce_rs_notify(rs, "start");
		else
			ce_tell_parent(rs, "start");
	} else
		ce_tell_parent(rs, "alpha");
}

static void
ce_chk_activate(struct ce_checker *c)
{
	c->sc.enabled = sched_vs_active(&c->rs->vs->q);
	/* keepalived has no launch for a tracked file: its state is read
	 * at start, then followed (here: every delay_loop). */
	if (c->conf->type == CHECK_FILE) {
		ev_timer_start(c->eng->loop, &c->timer, 0);
		return;
	}
	/* Nor for BFD: it follows the session's events. */
	if (c->conf->type == CHECK_BFD) {
		check_bfd_activate(c);
		return;
	}
	log_info("%sctivating healthchecker for service %s for VS %s",
	    c->sc.enabled ? "A" : "Dea", c->rs->str, c->rs->vs->str);
	ev_timer_start(c->eng->loop, &c->timer, sched_first_delay(&c->sc,
	    c->eng->rnd, c->eng->rnd_arg));
}

static const struct ce_rs *
ce_find_rs_in(const struct ce_vs *vs, const char *rs)
{
	unsigned j;

	for (j = 0; j < vs->nrs; j++)
		if (strcmp(vs->rs[j].str, rs) == 0)
			return &vs->rs[j];
	return NULL;
}

/* ipwrapper.c init_service_vs.  old: the same virtual server before a
 * reload, or NULL. */
static void
ce_vs_start(struct ce_vs *vs, const struct ce_vs *old)
{
	const struct global_conf *g = &vs->eng->conf->global;
	struct ce_rs *sorry = ce_vs_sorry(vs);
	unsigned i, j;

	lvs_vs_add(vs->conf);
	for (i = 0; i < vs->nrs; i++)
		ce_rs_init(&vs->rs[i], g->rs_init_notifies, old != NULL &&
		    ce_find_rs_in(old, vs->rs[i].str) != NULL);
	ce_vs_quorum_eval(vs, true);
	/* An inhibited sorry server waits in IPVS with weight 0. */
	if (sorry != NULL && sorry->st.inhibit && !sorry->set) {
		if (vs->conf->sorry_duplicates_rs)
			sorry->set = true;
		else
			ce_dest(sorry, true, true);
	}
	for (i = 0; i < vs->nrs; i++)
		for (j = 0; j < vs->rs[i].nchk; j++)
			ce_chk_activate(&vs->rs[i].chk[j]);
}

/* --- ha_suspend: the virtual addresses on local interfaces ------------- */

/*
 * One address monitor per process (the engine is rebuilt on reload, the
 * monitor stays): it feeds the current engine.  An event for a watched
 * address starts a fresh count from an address dump, so a change of
 * flags or a lost notification cannot skew the count.
 */
static struct nl_mon	 ce_mon;
static struct ev_io	 ce_mon_io;
static bool		 ce_mon_on;
static struct ce_engine	*ce_mon_eng;

static void	ce_ha_stop(struct ev_loop *);

/* The address a falls in the virtual server's address or in one of
 * its group's ranges (the last 32 bits of IPv4, 16 of IPv6 vary). */
static bool
ce_vs_has_addr(const struct check_vs *vs, const struct addr *a)
{
	const struct check_vsg_entry *e;

	if (vs->kind == CHECK_VS_ADDR)
		return addr_cmp(&vs->addr, a) == 0;
	if (vs->kind != CHECK_VS_GROUP || vs->vsg == NULL)
		return false;
	STAILQ_FOREACH(e, &vs->vsg->addrs, next) {
		if (e->start.family != a->family)
			continue;
		if (a->family == AF_INET) {
			uint32_t v = ntohl(a->u.v4.s_addr);

			if (v >= ntohl(e->start.u.v4.s_addr) &&
			    v <= ntohl(e->end.u.v4.s_addr))
				return true;
		} else if (memcmp(&a->u.v6, &e->start.u.v6, 14) == 0) {
			uint16_t v = ntohs(a->u.v6.s6_addr16[7]);

			if (v >= ntohs(e->start.u.v6.s6_addr16[7]) &&
			    v <= ntohs(e->end.u.v6.s6_addr16[7]))
				return true;
		}
	}
	return false;
}

static bool
ce_ha_watched(const struct ce_engine *e, const struct addr *a)
{
	unsigned i;

	for (i = 0; i < e->nvs; i++)
		if (e->vs[i].q.ha_suspend &&
		    ce_vs_has_addr(e->vs[i].conf, a))
			return true;
	return false;
}

struct ce_ha_count {
	struct ce_engine	*e;
	unsigned		*n;
};

static int
ce_ha_count_one(const struct nl_addr *na, void *arg)
{
	struct ce_ha_count *hc = arg;
	struct addr a = na->addr;
	unsigned i;

	a.has_prefix = false;
	a.prefix = 0;
	for (i = 0; i < hc->e->nvs; i++)
		if (hc->e->vs[i].q.ha_suspend &&
		    ce_vs_has_addr(hc->e->vs[i].conf, &a))
			hc->n[i]++;
	return 0;
}

/* Count the local copies of every ha_suspend virtual address into n[]
 * (one per virtual server); -1 when the kernel cannot be asked. */
static int
ce_ha_dump(struct ce_engine *e, unsigned *n)
{
	struct ce_ha_count hc = { e, n };
	struct nl_sock s;
	int tries, ret = -1;

	memset(&s, 0, sizeof(s));
	if (nl_open(&s, 0) == -1)
		return -1;
	for (tries = 0; tries < 5 && ret == -1; tries++) {
		memset(n, 0, e->nvs * sizeof(*n));
		ret = nl_addr_list(&s, AF_UNSPEC, 0, ce_ha_count_one, &hc);
		if (ret == -1 && errno != EAGAIN)
			break;
	}
	nl_close(&s);
	return ret;
}

/* check_api.c update_checker_activity: resume or suspend the checkers
 * of the virtual servers whose count crossed zero. */
static void
ce_ha_apply(struct ce_engine *e, bool quiet)
{
	unsigned *n = xcalloc(e->nvs + 1, sizeof(*n));
	unsigned i, j, k;
	bool en;

	if (ce_ha_dump(e, n) == -1) {
		log_warn("Unable to read the local addresses for ha_suspend");
		goto out;
	}
	for (i = 0; i < e->nvs; i++) {
		struct ce_vs *vs = &e->vs[i];

		if (!vs->q.ha_suspend || !sched_vs_ha_count(&vs->q, n[i], &en))
			continue;
		for (j = 0; j < vs->nrs; j++)
			for (k = 0; k < vs->rs[j].nchk; k++) {
				struct ce_checker *c = &vs->rs[j].chk[k];

				if (!quiet && c->sc.enabled != en)
					log_info("%sing healthchecker for "
					    "service %s for VS %s", en ?
					    "Activat" : "Suspend", c->rs->str,
					    vs->str);
				c->sc.enabled = en;
			}
	}
out:
	free(n);
}

struct ce_ha_ev {
	struct ce_engine	*e;
	bool			 recount;
};

static void
ce_ha_event(const struct nl_event *ev, void *arg)
{
	struct ce_ha_ev *he = arg;
	struct addr a;

	if (ev->type == NL_EV_RESYNC) {
		he->recount = true;
		return;
	}
	if (ev->type != NL_EV_ADDR_NEW && ev->type != NL_EV_ADDR_DEL)
		return;
	a = ev->u.addr.addr;
	a.has_prefix = false;
	a.prefix = 0;
	if (ce_ha_watched(he->e, &a))
		he->recount = true;
}

static void
ce_ha_read(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_ha_ev he = { ce_mon_eng, false };

	if (nl_mon_read(&ce_mon, ce_ha_event, &he) == -1 && errno != EAGAIN &&
	    errno != EINTR)
		log_warn("Netlink address monitor");
	if (he.recount && he.e != NULL && !he.e->stopping)
		ce_ha_apply(he.e, false);
}

static bool
ce_ha_used(const struct ce_engine *e)
{
	unsigned i;

	for (i = 0; i < e->nvs; i++)
		if (e->vs[i].q.ha_suspend)
			return true;
	return false;
}

/* Before the checkers start: follow the addresses and take the first
 * count (keepalived's kernel_netlink_init before init_services). */
static void
ce_ha_start(struct ce_engine *e)
{
	if (!ce_ha_used(e)) {
		ce_ha_stop(e->loop);
		return;
	}
	ce_mon_eng = e;
	if (!ce_mon_on) {
		if (nl_mon_open(&ce_mon, 0) == -1) {
			log_warn("Unable to monitor addresses for ha_suspend");
			return;
		}
		ev_io_init(&ce_mon_io, nl_mon_fd(&ce_mon), EPOLLIN, ce_ha_read,
		    NULL);
		if (ev_io_start(e->loop, &ce_mon_io) == -1) {
			log_warn("Unable to monitor addresses for ha_suspend");
			nl_mon_close(&ce_mon);
			return;
		}
		ce_mon_on = true;
	}
	ce_ha_apply(e, true);
}

static void
ce_ha_stop(struct ev_loop *l)
{
	ce_mon_eng = NULL;
	if (!ce_mon_on)
		return;
	ev_io_stop(l, &ce_mon_io);
	nl_mon_close(&ce_mon);
	ce_mon_on = false;
}

/* --- running ------------------------------------------------------------ */

static const struct ce_vs *
ce_find_vs(const struct ce_engine *e, const char *str)
{
	unsigned i;

	if (e == NULL)
		return NULL;
	for (i = 0; i < e->nvs; i++)
		if (strcmp(e->vs[i].str, str) == 0)
			return &e->vs[i];
	return NULL;
}

/* old: the engine before a reload (halted, IPVS as it left it), or
 * NULL on a first start. */
static void
ce_engine_run(struct ce_engine *e, const struct ce_engine *old)
{
	unsigned i;

	e->fifo_fd = ce_fifo_open(e, &e->fifo, &e->conf->global.notify_fifo,
	    "");
	e->lvs_fifo_fd = ce_fifo_open(e, &e->lvs_fifo,
	    &e->conf->global.lvs_notify_fifo, "lvs_");
	ce_ha_start(e);
	for (i = 0; i < e->nvs; i++)
		ce_vs_start(&e->vs[i], ce_find_vs(old, e->vs[i].str));
}

struct ce_engine *
ce_engine_start(struct check_child *cc)
{
	struct ce_engine *e;

	srandom((unsigned)(getpid() ^ ev_clock_us()));
	e = ce_engine_build(cc);
	ce_engine_run(e, NULL);
	return e;
}

/* --- stopping ------------------------------------------------------------ */

static void
ce_chk_halt(struct ce_checker *c)
{
	if (c->busy)
		ce_release(c);
	ev_timer_stop(c->eng->loop, &c->timer);
}

/* Stop every watcher; IPVS and scripts are left as they are. */
static void
ce_engine_halt(struct ce_engine *e)
{
	unsigned i, j, k;

	e->stopping = true;
	notify_fifo_script_stop(&e->fifo);
	notify_fifo_script_stop(&e->lvs_fifo);
	for (i = 0; i < e->nvs; i++)
		for (j = 0; j < e->vs[i].nrs; j++)
			for (k = 0; k < e->vs[i].rs[j].nchk; k++)
				ce_chk_halt(&e->vs[i].rs[j].chk[k]);
	ce_alert_free_all(e);
}

/* ipwrapper.c clear_service_rs while stopping: out of IPVS (inhibited
 * or not); down notifies only with omega. */
static void
ce_rs_shut(struct ce_rs *rs, bool del)
{
	struct ce_vs *vs = rs->vs;

	log_info("Shutting down %sservice %s from VS %s", rs->st.inhibit &&
	    !rs->st.alive ? "(inhibited) " : "", rs->str, vs->str);
	if (!rs->set)
		return;
	if (del)
		lvs_rs_del(vs->conf, rs->conf);
	rs->set = false;
	if (!rs->st.alive)
		return;
	rs->st.alive = false;
	if (vs->conf->omega)
		ce_rs_notify(rs, "shutdown");
}

/* ipwrapper.c update_vs_notifies while stopping: the quorum goes down;
 * quorum_down and the FIFO line only with omega. */
static void
ce_vs_shut_notify(struct ce_vs *vs)
{
	vs->q.quorum_up = false;
	if (!vs->conf->omega)
		return;
	ce_vs_notify(vs);
	ce_vs_alert(vs, NULL, 0, "=> Shutting down <=");
}

/* ipwrapper.c clear_service_vs while stopping. */
static void
ce_vs_shut(struct ce_vs *vs, enum global_lvs_flush flush)
{
	struct ce_rs *sorry = ce_vs_sorry(vs);
	unsigned j;

	if (flush == GLOBAL_LVS_FLUSH_NONE) {
		if (sorry != NULL && sorry->set) {
			if (!vs->conf->sorry_duplicates_rs)
				lvs_rs_del(vs->conf, sorry->conf);
			sorry->set = false;
			sorry->st.alive = false;
		}
		for (j = 0; j < vs->nrs; j++)
			ce_rs_shut(&vs->rs[j], true);
	} else if (sorry != NULL)
		sorry->st.alive = false;
	ce_vs_shut_notify(vs);
	if (flush != GLOBAL_LVS_FLUSH_FULL)
		lvs_vs_del(vs->conf);
}

/* ipwrapper.c clear_services: the pool is emptied, unless -I
 * (--dont-release-ipvs) asks to leave IPVS as it is. */
void
ce_engine_stop(struct ce_engine *e)
{
	bool keep = e->cc != NULL && e->cc->opts != NULL &&
	    e->cc->opts->dont_release_ipvs;
	enum global_lvs_flush flush = e->conf->global.lvs_flush_on_stop;
	unsigned i;

	ce_engine_halt(e);
	ce_ha_stop(e->loop);
	if (keep)
		return;
	if (flush == GLOBAL_LVS_FLUSH_FULL)
		lvs_flush();
	for (i = 0; i < e->nvs; i++)
		ce_vs_shut(&e->vs[i], flush);
}

/* The checkers in vs->chks, the sorry server's included. */
static unsigned
ce_vs_nchk(const struct ce_vs *vs)
{
	unsigned j, n = 0;

	for (j = 0; j < vs->nrs; j++)
		n += vs->rs[j].nchk;
	if (vs->conf->sorry != NULL)
		n += vs->rs[vs->nrs].nchk;
	return n;
}

void
ce_engine_free(struct ce_engine *e)
{
	unsigned i, j;

	if (e == NULL)
		return;
	if (!e->stopping)
		ce_engine_halt(e);
	for (i = 0; i < e->nvs; i++) {
		for (j = 0; j < ce_vs_nchk(&e->vs[i]); j++)
			if (e->vs[i].chks[j].why_size > 0)
				free(e->vs[i].chks[j].why);
		free(e->vs[i].chks);
		free(e->vs[i].strs);
		free(e->vs[i].rs);
	}
	free(e->vs);
	notify_fifo_close(&e->fifo);
	notify_fifo_close(&e->lvs_fifo);
	free(e);
}

/* --- reload ------------------------------------------------------------- */

static const struct ce_rs *
ce_find_rs(struct ce_engine *e, const char *vs, const char *rs)
{
	unsigned i;

	for (i = 0; i < e->nvs; i++)
		if (strcmp(e->vs[i].str, vs) == 0)
			return ce_find_rs_in(&e->vs[i], rs);
	return NULL;
}

/* check_misc.c migration: a dynamic weight is the last exit status's,
 * whatever the new configured weight. */
static void
ce_misc_migrate(struct ce_checker *c, const struct ce_checker *oc)
{
	c->sc.last_exit = oc->sc.last_exit;
	if (c->conf->type == CHECK_MISC && c->conf->u.misc.dynamic &&
	    oc->sc.cur_weight != 0)
		c->sc.cur_weight = (int64_t)oc->sc.last_exit - 2 -
		    c->rs->st.iweight;
}

/*
 * A real server that stays keeps its state and its checkers' (by
 * position and type), as keepalived's migrate_checkers does; its weight
 * stays the old effective one until ce_rs_init moves it to the new
 * (clear_diff_rs, set_effective_weights).
 */
static void
ce_rs_migrate(struct ce_rs *nrs, const struct ce_rs *ors)
{
	unsigned k;

	nrs->st.alive = ors->st.alive;
	nrs->st.num_failed = 0;
	nrs->st.weight = ors->st.weight;
	nrs->set = ors->set;
	for (k = 0; k < nrs->nchk; k++) {
		struct ce_checker *c = &nrs->chk[k];

		if (k < ors->nchk && ors->chk[k].conf->type == c->conf->type) {
			c->sc.is_up = ors->chk[k].sc.is_up;
			c->sc.has_run = ors->chk[k].sc.has_run;
			c->sc.retry_it = 0;
			ce_misc_migrate(c, &ors->chk[k]);
		} else
			c->sc.is_up = !c->sc.p.alpha;
		if (!c->sc.is_up)
			nrs->st.num_failed++;
	}
}

/* A virtual server that stays keeps its quorum state and, when the
 * sorry server is the same, the sorry server's place (ipwrapper.c
 * clear_diff_services, clear_diff_s_srv). */
static void
ce_vs_migrate(struct ce_vs *nvs, struct ce_vs *ovs)
{
	struct ce_rs *ns = ce_vs_sorry(nvs), *os = ce_vs_sorry(ovs);

	nvs->q.quorum_up = ovs->q.quorum_up;
	if (os == NULL)
		return;
	if (ns != NULL && strcmp(ns->str, os->str) == 0 &&
	    ns->st.inhibit == os->st.inhibit) {
		ns->set = os->set;
		ns->st.alive = os->st.alive;
		nvs->q.sorry_alive = ovs->q.sorry_alive;
		return;
	}
	if (os->set) {
		log_info("Removing sorry server %s from VS %s", os->str,
		    ovs->str);
		lvs_rs_del(ovs->conf, os->conf);
		os->set = false;
	}
	/* The real servers it stood in for are back in the pool. */
	if (ovs->q.sorry_alive && !ovs->q.quorum_up)
		nvs->q.quorum_up = true;
}

static void
ce_reload_old(struct ce_engine *ne, struct ce_engine *oe)
{
	unsigned i, j;

	for (i = 0; i < oe->nvs; i++) {
		struct ce_vs *vs = &oe->vs[i];
		bool vs_kept = ce_find_vs(ne, vs->str) != NULL;

		for (j = 0; j < vs->nrs; j++) {
			if (ce_find_rs(ne, vs->str, vs->rs[j].str) != NULL)
				continue;
			log_info("Removing service %s from VS %s",
			    vs->rs[j].str, vs->str);
			if (vs->rs[j].set)
				lvs_rs_del(vs->conf, vs->rs[j].conf);
		}
		if (!vs_kept) {
			log_info("Removing Virtual Server %s", vs->str);
			lvs_vs_del(vs->conf);
		}
	}
}

static int
ce_reload(struct ce_engine **ep, struct check_child *cc)
{
	struct ce_engine *oe = *ep, *ne;
	const struct ce_rs *ors;
	struct ce_vs *ovs;
	unsigned i, j;

	ce_engine_halt(oe);
	ne = ce_engine_build(cc);
	for (i = 0; i < ne->nvs; i++) {
		if ((ovs = (struct ce_vs *)ce_find_vs(oe, ne->vs[i].str)) !=
		    NULL)
			ce_vs_migrate(&ne->vs[i], ovs);
		for (j = 0; j < ne->vs[i].nrs; j++) {
			ors = ce_find_rs(oe, ne->vs[i].str,
			    ne->vs[i].rs[j].str);
			if (ors != NULL)
				ce_rs_migrate(&ne->vs[i].rs[j], ors);
		}
	}
	ce_reload_old(ne, oe);
	ce_engine_run(ne, oe);
	ce_engine_free(oe);
	*ep = ne;
	return 0;
}

/* --- check_daemon's ops -------------------------------------------------- */

/*
 * The child is forked from the parent with the parent's heap: what the
 * parser freed there (the text, the lexed lines) is free in the child
 * too, but still resident, about 180 bytes a real server.  Hand those
 * pages back before the engine is built (the high-water mark), after
 * (what building freed), and after a reload frees the old configuration
 * and engine.
 */
static void
ce_trim(void)
{
	(void)malloc_trim(0);
}

static int
ops_start(struct check_child *cc)
{
	/* Without IPVS every lvs_* call is a no-op (check_daemon said so). */
	if (!STAILQ_EMPTY(&cc->conf->check.vss))
		(void)lvs_init();
	/* lvs_flush: whatever an earlier run left goes first. */
	if (cc->conf->global.lvs_flush)
		lvs_flush();
	/* keepalived's start_check: a bad SSL block is fatal. */
	if (cc->conf->check.ssl_required && check_ssl_init(cc->conf) == -1)
		return SUP_EXIT_FATAL;
	ce_trim();
	cc->engine = ce_engine_start(cc);
	ce_trim();
	return 0;
}

static int
ops_reload(struct check_child *cc, const struct conf *old)
{
	struct ce_engine *e = cc->engine;

	if (e == NULL) {
		cc->engine = ce_engine_start(cc);
		return 0;
	}
	if (ce_reload((struct ce_engine **)&cc->engine, cc) == -1)
		return -1;
	ce_trim();
	return 0;
}

static void
ops_stop(struct check_child *cc)
{
	struct ce_engine *e = cc->engine;

	if (e == NULL)
		return;
	ce_engine_stop(e);
	ce_engine_free(e);
	cc->engine = NULL;
	check_ssl_free();
	lvs_close();
}

static void
ops_dump(struct check_child *cc, FILE *fp)
{
	if (cc->engine != NULL)
		ce_dump(cc->engine, fp);
}

const struct check_engine_ops check_engine_vigil = {
	.start = ops_start,
	.reload = ops_reload,
	.stop = ops_stop,
	.dump_data = ops_dump,
};
