/*
 * check_sched: keepalived 2.2.7's checker scheduling and up/down rules as pure
 * functions (see sched.h).  Nothing here reads a clock, a socket or the
 * configuration: the engine passes numbers in and acts on the outcome.
 */
#include <stddef.h>

#include "check_sched.h"

void
sched_rs_init(struct sched_rs *rs, int64_t weight, bool inhibit)
{
	rs->alive = true;
	rs->num_failed = 0;
	rs->inhibit = inhibit;
	rs->iweight = weight;
	rs->weight = weight;
}

void
sched_chk_init(struct sched_chk *c, const struct sched_params *p,
    struct sched_rs *rs)
{
	c->p = *p;
	c->enabled = true;
	c->is_up = true;
	c->has_run = false;
	c->cur_weight = 0;
	c->last_exit = 0;
	c->url_it = 0;
	c->failed_url = false;
	/* One failure is enough at first (check_data.c). */
	c->retry_it = p->retry;
	if (p->alpha) {
		c->is_up = false;
		rs->num_failed++;
		rs->alive = false;
	}
}

uint64_t
sched_first_delay(const struct sched_chk *c, sched_rand_fn rnd, void *arg)
{
	double r;

	if (c->p.warmup == 0 || rnd == NULL)
		return SCHED_BOOTSTRAP_US;
	r = rnd(arg);
	if (r < 0)
		r = 0;
	if (r > 1)
		r = 1;
	return SCHED_BOOTSTRAP_US + (uint64_t)((double)c->p.warmup * r);
}

/* ipwrapper.c perform_svr_state: the real server's alive state. */
static void
rs_perform(struct sched_rs *rs, bool alive, struct sched_outcome *o)
{
	if (rs->alive == alive)
		return;
	o->actions |= alive ? SCHED_A_RS_ADD : SCHED_A_RS_DEL;
	rs->alive = alive;
	o->actions |= SCHED_A_NOTIFY | SCHED_A_QUORUM;
}

/* ipwrapper.c set_checker_state. */
static void
chk_set(struct sched_chk *c, struct sched_rs *rs, bool up)
{
	if (c->is_up == up)
		return;
	c->is_up = up;
	if (!up)
		rs->num_failed++;
	else if (rs->num_failed > 0)
		rs->num_failed--;
}

/* ipwrapper.c update_svr_checker_state. */
static void
chk_update(struct sched_chk *c, struct sched_rs *rs, bool alive,
    struct sched_outcome *o)
{
	if (c->is_up == alive) {
		/* First run confirming the start state: alpha reports it,
		 * and so does a failure (notify_down at startup). */
		if (!c->has_run && (c->p.alpha || !alive))
			o->actions |= SCHED_A_NOTIFY;
		c->has_run = true;
		return;
	}
	c->has_run = true;
	o->actions |= SCHED_A_ALERT;
	if (alive && rs->num_failed <= 1)
		rs_perform(rs, true, o);
	else if (!alive && rs->num_failed == 0)
		rs_perform(rs, false, o);
	chk_set(c, rs, alive);
}

static void
log_fail(const struct sched_chk *c, struct sched_outcome *o)
{
	o->actions |= SCHED_A_LOG_FAILED;
	if (c->p.retry > 0 && c->has_run)
		o->actions |= SCHED_A_AFTER_RETRIES;
}

/* The result once retries are spent or on success (tcp_epilog's first
 * branch). */
static void
settle(struct sched_chk *c, struct sched_rs *rs, bool success,
    struct sched_outcome *o)
{
	if (success && (!c->is_up || !c->has_run)) {
		o->actions |= SCHED_A_LOG_SUCCESS;
		chk_update(c, rs, true, o);
	} else if (!success && (c->is_up || !c->has_run)) {
		log_fail(c, o);
		chk_update(c, rs, false, o);
	}
}

/* check_tcp.c tcp_epilog: retries even while down. */
static void
done_tcp(struct sched_chk *c, struct sched_rs *rs, bool success,
    struct sched_outcome *o)
{
	if (success || c->retry_it >= c->p.retry) {
		o->delay = c->p.delay_loop;
		c->retry_it = 0;
		settle(c, rs, success, o);
	} else {
		o->delay = c->p.delay_before_retry;
		c->retry_it++;
	}
}

/* check_ping.c icmp_epilog and the like: retries only while up. */
static void
done_up_only(struct sched_chk *c, struct sched_rs *rs, bool success,
    struct sched_outcome *o)
{
	o->delay = c->p.delay_loop;
	if (success || ((c->is_up || !c->has_run) &&
	    c->retry_it >= c->p.retry)) {
		c->retry_it = 0;
		settle(c, rs, success, o);
	} else if (c->is_up) {
		o->delay = c->p.delay_before_retry;
		c->retry_it++;
	}
}

/* check_http.c epilog after a url answered (REGISTER_CHECKER_NEW): on
 * to the next url; past the last with none failed, the checker is up. */
static void
http_url_ok(struct sched_chk *c, struct sched_rs *rs, struct sched_outcome *o)
{
	uint32_t n = c->p.nurls > 0 ? c->p.nurls : 1;

	c->url_it++;
	c->retry_it = 0;
	if (c->url_it >= n && !c->failed_url) {
		settle(c, rs, true, o);
		c->has_run = true;
		c->url_it = 0;
	} else if (c->failed_url) {
		/* The failed url is back: check them all again. */
		c->failed_url = false;
		c->url_it = 0;
	}
	if (!c->has_run)
		c->retry_it = c->p.retry;
	o->delay = c->p.delay_loop;
}

/* check_http.c timeout_epilog: has_run is set before epilog looks at
 * it, so only an up checker goes down (with "after N retries" when it
 * has retries); a down one polls the same url without counting. */
static void
http_url_fail(struct sched_chk *c, struct sched_rs *rs,
    struct sched_outcome *o)
{
	if (c->is_up || !c->has_run) {
		c->has_run = true;
		if (++c->retry_it > c->p.retry) {
			if (c->is_up) {
				log_fail(c, o);
				chk_update(c, rs, false, o);
			}
			c->failed_url = true;
		}
	}
	if (c->failed_url)
		o->delay = c->p.delay_before_retry > c->p.delay_loop ?
		    c->p.delay_before_retry : c->p.delay_loop;
	else
		o->delay = c->p.delay_before_retry;
}

static void
done_http(struct sched_chk *c, struct sched_rs *rs, bool success,
    struct sched_outcome *o)
{
	if (success)
		http_url_ok(c, rs, o);
	else
		http_url_fail(c, rs, o);
	/* fast_recovery: no wait while nothing is known to fail. */
	if (c->p.fast_recovery && (!c->has_run ||
	    (!c->is_up && !c->failed_url)))
		o->delay = 0;
}

void
sched_check_done(struct sched_chk *c, struct sched_rs *rs, bool success,
    struct sched_outcome *o)
{
	o->actions = 0;
	switch (c->p.policy) {
	case SCHED_RETRY_TCP:
		done_tcp(c, rs, success, o);
		break;
	case SCHED_RETRY_HTTP:
		done_http(c, rs, success, o);
		break;
	case SCHED_RETRY_UP_ONLY:
		done_up_only(c, rs, success, o);
		break;
	}
	/* HTTP: has_run only once every url answered, or on a failure. */
	if (c->p.policy != SCHED_RETRY_HTTP)
		c->has_run = true;
	o->checker_up = c->is_up;
	o->rs_alive = rs->alive;
}

void
sched_set_state(struct sched_chk *c, struct sched_rs *rs, bool up,
    struct sched_outcome *o)
{
	o->actions = 0;
	o->delay = c->p.delay_loop;
	if (up != c->is_up || !c->has_run)
		o->actions |= up ? SCHED_A_LOG_SUCCESS : SCHED_A_LOG_FAILED;
	chk_update(c, rs, up, o);
	o->checker_up = c->is_up;
	o->rs_alive = rs->alive;
}

bool
sched_misc_success(bool dynamic, unsigned status)
{
	return status == 0 || (dynamic && status >= 2 && status <= 255);
}

int64_t
sched_misc_weight(struct sched_chk *c, struct sched_rs *rs, unsigned status)
{
	if (!sched_misc_success(true, status)) {
		/* A final failure drops the dynamic share. */
		rs->weight -= c->cur_weight;
		c->cur_weight = 0;
	} else if (status != c->last_exit) {
		/* Effective range 0..253: the weight is status - 2. */
		rs->weight -= c->cur_weight;
		c->cur_weight = status != 0 ? (int64_t)status - 2 - rs->iweight :
		    0;
		rs->weight += c->cur_weight;
	}
	c->last_exit = status;
	return rs->weight;
}

int64_t
sched_real_weight(int64_t weight)
{
	if (weight < 0)
		return 0;
	if (weight > INT32_MAX)
		return INT32_MAX;
	return weight;
}

void
sched_vs_init(struct sched_vs *v, uint32_t quorum, uint32_t hysteresis,
    bool has_sorry, int64_t weight_sum)
{
	v->quorum = quorum;
	v->hysteresis = hysteresis;
	v->quorum_up = weight_sum >= (int64_t)quorum + hysteresis;
	v->has_sorry = has_sorry;
	v->sorry_alive = false;
}

/* ipwrapper.c update_quorum_state. */
enum sched_quorum
sched_vs_quorum(struct sched_vs *v, int64_t weight_sum, bool init,
    struct sched_quorum_out *o)
{
	int64_t t;

	t = (int64_t)v->quorum + (v->quorum_up ? -1 : 1) *
	    (int64_t)v->hysteresis;
	o->change = SCHED_Q_NONE;
	o->threshold = t;
	o->starting = o->sorry_in = o->sorry_out = false;
	if (!v->quorum_up && weight_sum >= t) {
		v->quorum_up = true;
		o->starting = init;
		o->change = SCHED_Q_GAINED;
		if (v->has_sorry && v->sorry_alive) {
			o->sorry_out = true;
			v->sorry_alive = false;
		}
	} else if ((v->quorum_up && (weight_sum == 0 || weight_sum < t)) ||
	    (init && !v->quorum_up && v->has_sorry && !v->sorry_alive)) {
		o->starting = init;
		v->quorum_up = false;
		o->change = SCHED_Q_LOST;
		if (v->has_sorry && !v->sorry_alive) {
			o->sorry_in = true;
			v->sorry_alive = true;
		}
	}
	return o->change;
}

bool
sched_vs_pool_open(const struct sched_vs *v)
{
	return v->quorum_up || !v->has_sorry || !v->sorry_alive;
}

/* ipvswrapper.c ipvs_cmd: inhibit_on_failure turns a delete into weight
 * 0 and an add of what is there into an edit. */
enum sched_ipvs
sched_dest_cmd(bool *set, bool inhibit, bool failed, bool add, bool *zero)
{
	*zero = false;
	if (!add && inhibit) {
		*zero = true;
		return SCHED_IPVS_EDIT;
	}
	if (add && inhibit && *set)
		return SCHED_IPVS_EDIT;
	if (add && !*set) {
		*set = true;
		*zero = inhibit && failed;
	} else if (!add)
		*set = false;
	return add ? SCHED_IPVS_ADD : SCHED_IPVS_DEL;
}

bool
sched_vs_active(const struct sched_vs *v)
{
	return !v->ha_suspend || v->ha_addrs > 0;
}

bool
sched_vs_ha_count(struct sched_vs *v, unsigned n, bool *enable)
{
	bool was = sched_vs_active(v);

	v->ha_addrs = n;
	*enable = sched_vs_active(v);
	return was != *enable;
}
