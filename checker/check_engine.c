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
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "lvs.h"
#include "notify.h"
#include "xalloc.h"
#include "check_engine.h"

static void	ce_run(struct ev_loop *, struct ev_timer *);
static void	ce_tmo(struct ev_loop *, struct ev_timer *);

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

void
ce_why(struct ce_checker *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
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
	case CHECK_MYSQL:
		return &check_mysql_ops;
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

static void
ce_vs_quorum(struct ce_vs *vs)
{
	struct ce_engine *e = vs->eng;
	enum sched_quorum q;
	int64_t t, sum = ce_vs_weight(vs);
	char line[512];

	q = sched_vs_quorum(&vs->q, sum, &t);
	if (q == SCHED_Q_NONE)
		return;
	if (q == SCHED_Q_GAINED)
		log_info("Gained quorum %u+%u=%lld <= %lld for VS %s",
		    vs->q.quorum, vs->q.hysteresis, (long long)t,
		    (long long)sum, vs->str);
	else
		log_info("Lost quorum %u-%u=%lld > %lld for VS %s",
		    vs->q.quorum, vs->q.hysteresis, (long long)t,
		    (long long)sum, vs->str);
	ce_script(e, vs->q.quorum_up ? vs->conf->quorum_up :
	    vs->conf->quorum_down);
	ce_fifo_line(e, line, notify_fmt_vs(line, sizeof(line), vs->str,
	    vs->q.quorum_up));
}

void
ce_rs_weight(struct ce_rs *rs, int64_t weight)
{
	int64_t old = sched_real_weight(rs->st.weight);
	int64_t neww = sched_real_weight(weight);

	rs->st.weight = weight;
	if (old == neww)
		return;
	log_info("Changing weight from %lld to %lld for %sactive service %s "
	    "of VS %s", (long long)old, (long long)neww,
	    rs->st.alive ? "" : "in", rs->str, rs->vs->str);
	if (rs->set && rs->st.alive)
		lvs_rs_edit(rs->vs->conf, rs->conf, (int)neww);
	ce_tell_parent(rs, "weight");
	ce_vs_quorum(rs->vs);
}

/* ipwrapper.c perform_svr_state: into or out of the pool. */
static void
ce_rs_pool(struct ce_rs *rs, bool alive)
{
	bool inh = rs->st.inhibit;

	log_info("%sing service %s %s VS %s", alive ? (inh ? "Enabl" : "Add") :
	    (inh ? "Disabl" : "Remov"), rs->str, inh ? "of" : alive ? "to" :
	    "from", rs->vs->str);
	if (alive && rs->set)
		lvs_rs_edit(rs->vs->conf, rs->conf,
		    (int)sched_real_weight(rs->st.weight));
	else if (alive)
		lvs_rs_add(rs->vs->conf, rs->conf,
		    (int)sched_real_weight(rs->st.weight));
	else if (inh)
		lvs_rs_edit(rs->vs->conf, rs->conf, 0);
	else
		lvs_rs_del(rs->vs->conf, rs->conf);
	rs->set = alive || inh;
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
	ev_timer_stop(c->eng->loop, &c->tmo);
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
		ev_timer_start(c->eng->loop, &c->run, o.delay);
}

void
ce_step(struct ce_checker *c)
{
	ev_timer_start(c->eng->loop, &c->tmo, ce_timeout(c));
}

static void
ce_tmo(struct ev_loop *l, struct ev_timer *t)
{
	struct ce_checker *c = t->arg;

	if (c->ops->timeout_ok != NULL && c->ops->timeout_ok(c)) {
		ce_done(c, true, NULL);
		return;
	}
	if (c->why[0] == '\0')
		ce_why(c, "timeout");
	ce_done(c, false, NULL);
}

static void
ce_run(struct ev_loop *l, struct ev_timer *t)
{
	struct ce_checker *c = t->arg;

	if (c->busy)
		return;
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

/* The checker's destination (connect_ip/connect_port or the RS). */
static int
ce_dst(struct ce_checker *c)
{
	const struct check_conn *co = &c->conf->conn;
	const struct addr *a = &c->rs->conf->addr;
	unsigned port = c->rs->conf->port;
	int len;

	if (c->conf->has_conn && addr_is_set(&co->dst))
		a = &co->dst;
	if (c->conf->has_conn && co->dst_port != 0)
		port = co->dst_port;
	if ((len = sa_from(&c->dst, a, port)) == -1)
		return -1;
	c->dstlen = (socklen_t)len;
	return 0;
}

static int
ce_bind(struct ce_checker *c, int fd)
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
		any.family = c->dst.ss_family;
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
	int fd;

	if (ce_dst(c) == -1)
		return -1;
	fd = socket(c->dst.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    proto);
	if (fd == -1)
		return -1;
	c->fd = fd;
	if (ce_bind(c, fd) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&c->dst, c->dstlen) == -1 &&
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

	memset(c, 0, sizeof(*c));
	c->eng = rs->eng;
	c->rs = rs;
	c->conf = cf;
	c->ops = ops;
	c->fd = -1;
	ev_timer_init(&c->run, ce_run, c);
	ev_timer_init(&c->tmo, ce_tmo, c);
	p.delay_loop = ce_time(cf->delay_loop, ce_time(rs->conf->delay_loop,
	    ce_time(rs->vs->conf->delay_loop, 60000000)));
	p.delay_before_retry = ce_time(cf->delay_before_retry, 1000000);
	p.warmup = cf->warmup == CHECK_UNSET_T ? p.delay_loop : cf->warmup;
	p.retry = cf->retry == CHECK_UNSET_U ? 1 : cf->retry;
	if (cf->type == CHECK_FILE)
		p.retry = 0;	/* a tracked file's value is not retried */
	p.alpha = cf->alpha > 0;
	p.policy = ops->policy;
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

static void
ce_rs_build(struct ce_vs *vs, struct ce_rs *rs, const struct check_rs *cf)
{
	const struct check_conf *k;
	int64_t w = cf->weight == INT64_MAX ? 1 : cf->weight;
	unsigned n = 0;

	memset(rs, 0, sizeof(*rs));
	rs->eng = vs->eng;
	rs->vs = vs;
	rs->conf = cf;
	check_rs_str(cf, rs->str, sizeof(rs->str));
	sched_rs_init(&rs->st, w, cf->inhibit > 0);
	STAILQ_FOREACH(k, &cf->checkers, next)
		if (ce_chk_usable(k, rs))
			n++;
	rs->chk = xcalloc(n == 0 ? 1 : n, sizeof(*rs->chk));
	STAILQ_FOREACH(k, &cf->checkers, next)
		if (!k->dropped && ce_type_ops(k->type) != NULL)
			ce_chk_build(rs, &rs->chk[rs->nchk++], k,
			    ce_type_ops(k->type));
}

static void
ce_vs_build(struct ce_engine *e, struct ce_vs *vs, const struct check_vs *cf)
{
	const struct check_rs *r;
	unsigned n = 0;

	memset(vs, 0, sizeof(*vs));
	vs->eng = e;
	vs->conf = cf;
	check_vs_str(cf, vs->str, sizeof(vs->str));
	STAILQ_FOREACH(r, &cf->rs, next)
		n++;
	vs->rs = xcalloc(n == 0 ? 1 : n, sizeof(*vs->rs));
	STAILQ_FOREACH(r, &cf->rs, next)
		ce_rs_build(vs, &vs->rs[vs->nrs++], r);
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
	e->rnd = ce_random;
	LIST_INIT(&e->alerts);
	STAILQ_FOREACH(v, &cc->conf->check.vss, next)
		n++;
	e->vs = xcalloc(n == 0 ? 1 : n, sizeof(*e->vs));
	STAILQ_FOREACH(v, &cc->conf->check.vss, next)
		ce_vs_build(e, &e->vs[e->nvs++], v);
	return e;
}

/* --- starting ------------------------------------------------------------ */

static int
ce_fifo_open(const struct global_notify_fifo *f)
{
	struct notify_fifo nf;

	if (f->name == NULL)
		return -1;
	notify_fifo_init(&nf);
	if (notify_fifo_open(&nf, f->name, (uid_t)-1, (gid_t)-1) == -1) {
		log_warn("Unable to open notify FIFO %s", f->name);
		return -1;
	}
	/* The VRRP child or the parent owns the path; we keep an fd. */
	free(nf.path);
	return nf.fd;
}

/* ipwrapper.c init_service_rs: the pool at start. */
static void
ce_rs_init(struct ce_rs *rs, bool rs_init_notifies)
{
	if (rs->st.num_failed == 0) {
		lvs_rs_add(rs->vs->conf, rs->conf,
		    (int)sched_real_weight(rs->st.weight));
		rs->set = true;
		if (rs_init_notifies)
			ce_rs_notify(rs, "start");
		else
			ce_tell_parent(rs, "start");
	} else {
		if (rs->st.inhibit) {
			lvs_rs_add(rs->vs->conf, rs->conf, 0);
			rs->set = true;
		}
		ce_tell_parent(rs, "alpha");
	}
}

static void
ce_chk_activate(struct ce_checker *c)
{
	/* keepalived has no launch for a tracked file: its state is read
	 * at start, then followed (here: every delay_loop). */
	if (c->conf->type == CHECK_FILE) {
		ev_timer_start(c->eng->loop, &c->run, 0);
		return;
	}
	log_info("Activating healthchecker for service %s for VS %s",
	    c->rs->str, c->rs->vs->str);
	ev_timer_start(c->eng->loop, &c->run, sched_first_delay(&c->sc,
	    c->eng->rnd, c->eng->rnd_arg));
}

static void
ce_vs_start(struct ce_vs *vs)
{
	const struct global_conf *g = &vs->eng->conf->global;
	uint32_t quorum = vs->conf->quorum == 0 ? 1 : vs->conf->quorum;
	unsigned i, j;

	lvs_vs_add(vs->conf);
	for (i = 0; i < vs->nrs; i++)
		ce_rs_init(&vs->rs[i], g->rs_init_notifies);
	sched_vs_init(&vs->q, quorum, vs->conf->hysteresis, ce_vs_weight(vs));
	for (i = 0; i < vs->nrs; i++)
		for (j = 0; j < vs->rs[i].nchk; j++)
			ce_chk_activate(&vs->rs[i].chk[j]);
}

static void
ce_engine_run(struct ce_engine *e)
{
	unsigned i;

	e->fifo_fd = ce_fifo_open(&e->conf->global.notify_fifo);
	e->lvs_fifo_fd = ce_fifo_open(&e->conf->global.lvs_notify_fifo);
	for (i = 0; i < e->nvs; i++)
		ce_vs_start(&e->vs[i]);
}

struct ce_engine *
ce_engine_start(struct check_child *cc)
{
	struct ce_engine *e;

	srandom((unsigned)(getpid() ^ ev_clock_us()));
	e = ce_engine_build(cc);
	ce_engine_run(e);
	return e;
}

/* --- stopping ------------------------------------------------------------ */

static void
ce_chk_halt(struct ce_checker *c)
{
	if (c->busy)
		ce_release(c);
	ev_timer_stop(c->eng->loop, &c->run);
	if (spawn_running(&c->proc))
		spawn_abandon(c->eng->loop, &c->proc);
}

/* Stop every watcher; IPVS and scripts are left as they are. */
static void
ce_engine_halt(struct ce_engine *e)
{
	unsigned i, j, k;

	e->stopping = true;
	for (i = 0; i < e->nvs; i++)
		for (j = 0; j < e->vs[i].nrs; j++)
			for (k = 0; k < e->vs[i].rs[j].nchk; k++)
				ce_chk_halt(&e->vs[i].rs[j].chk[k]);
	ce_alert_free_all(e);
}

/* ipwrapper.c clear_services with stopping: the pool is emptied. */
void
ce_engine_stop(struct ce_engine *e)
{
	bool keep = e->cc != NULL && e->cc->opts != NULL &&
	    e->cc->opts->dont_release_ipvs;
	struct ce_vs *vs;
	struct ce_rs *rs;
	unsigned i, j;

	ce_engine_halt(e);
	for (i = 0; i < e->nvs; i++) {
		vs = &e->vs[i];
		for (j = 0; j < vs->nrs; j++) {
			rs = &vs->rs[j];
			log_info("Shutting down service %s from VS %s",
			    rs->str, vs->str);
			if (vs->conf->omega && rs->st.alive) {
				rs->st.alive = false;
				ce_rs_notify(rs, "shutdown");
			}
			if (!keep && rs->set)
				lvs_rs_del(vs->conf, rs->conf);
			rs->set = false;
		}
		if (vs->conf->omega && vs->q.quorum_up)
			ce_script(e, vs->conf->quorum_down);
		if (!keep)
			lvs_vs_del(vs->conf);
	}
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
		for (j = 0; j < e->vs[i].nrs; j++)
			free(e->vs[i].rs[j].chk);
		free(e->vs[i].rs);
	}
	free(e->vs);
	if (e->fifo_fd >= 0)
		close(e->fifo_fd);
	if (e->lvs_fifo_fd >= 0)
		close(e->lvs_fifo_fd);
	free(e);
}

/* --- reload ------------------------------------------------------------- */

static struct ce_rs *
ce_find_rs(struct ce_engine *e, const char *vs, const char *rs)
{
	unsigned i, j;

	for (i = 0; i < e->nvs; i++) {
		if (strcmp(e->vs[i].str, vs) != 0)
			continue;
		for (j = 0; j < e->vs[i].nrs; j++)
			if (strcmp(e->vs[i].rs[j].str, rs) == 0)
				return &e->vs[i].rs[j];
	}
	return NULL;
}

/* A real server that stays keeps its state and its checkers' (by
 * position and type), as keepalived's migrate_checkers does. */
static void
ce_rs_migrate(struct ce_rs *nrs, const struct ce_rs *ors)
{
	unsigned k;

	nrs->st.alive = ors->st.alive;
	nrs->st.num_failed = 0;
	nrs->set = ors->set;
	for (k = 0; k < nrs->nchk; k++) {
		struct ce_checker *c = &nrs->chk[k];

		if (k < ors->nchk && ors->chk[k].conf->type == c->conf->type) {
			c->sc.is_up = ors->chk[k].sc.is_up;
			c->sc.has_run = ors->chk[k].sc.has_run;
			c->sc.retry_it = 0;
		} else
			c->sc.is_up = !c->sc.p.alpha;
		if (!c->sc.is_up)
			nrs->st.num_failed++;
	}
}

static void
ce_reload_old(struct ce_engine *ne, struct ce_engine *oe)
{
	unsigned i, j;

	for (i = 0; i < oe->nvs; i++) {
		struct ce_vs *vs = &oe->vs[i];
		bool vs_kept = false;

		for (j = 0; j < ne->nvs; j++)
			if (strcmp(ne->vs[j].str, vs->str) == 0)
				vs_kept = true;
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
	struct ce_rs *ors;
	unsigned i, j;

	ce_engine_halt(oe);
	ne = ce_engine_build(cc);
	for (i = 0; i < ne->nvs; i++)
		for (j = 0; j < ne->vs[i].nrs; j++) {
			ors = ce_find_rs(oe, ne->vs[i].str,
			    ne->vs[i].rs[j].str);
			if (ors != NULL)
				ce_rs_migrate(&ne->vs[i].rs[j], ors);
		}
	ce_reload_old(ne, oe);
	ce_engine_free(oe);
	ce_engine_run(ne);
	*ep = ne;
	return 0;
}

/* --- check_daemon's ops -------------------------------------------------- */

static int
ops_start(struct check_child *cc)
{
	/* Without IPVS every lvs_* call is a no-op (check_daemon said so). */
	if (!STAILQ_EMPTY(&cc->conf->check.vss))
		(void)lvs_init();
	cc->engine = ce_engine_start(cc);
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
	return ce_reload((struct ce_engine **)&cc->engine, cc);
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
