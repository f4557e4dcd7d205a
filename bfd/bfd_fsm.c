/*
 * bfd_fsm: the BFD session state machine (RFC 5880 §6.8.6, §6.8.7 as
 * keepalived's bfd_scheduler.c runs them), over explicit time.
 */
#include <string.h>

#include "bfd_fsm.h"

static uint32_t
max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* RFC 5880 §6.8.3: Up sends at the agreed rate, otherwise at idle_tx
 * (keepalived's bfd_update_local_tx_intv / bfd_idle_local_tx_intv). */
static void
tx_intv_active(struct bfd_sess *s)
{
	s->local_tx_intv = max32(s->p.min_tx_us, s->remote_min_rx);
}

static void
tx_intv_idle(struct bfd_sess *s)
{
	s->local_tx_intv = max32(s->p.idle_tx_us, s->remote_min_rx);
}

/* §6.8.7: reduced by 0 to 25 %; keepalived always keeps at least 10 %
 * off, which also satisfies the rule for a multiplier of 1. */
static void
tx_schedule(struct bfd_sess *s, uint64_t now)
{
	uint32_t j = s->rnd(s->rnd_arg, s->local_tx_intv / 10,
	    s->local_tx_intv / 4);

	s->tx_due = now + (s->local_tx_intv - j);
}

void
bfd_sess_init(struct bfd_sess *s, const struct bfd_params *p,
    uint32_t local_discr, bfd_rand_fn rnd, void *rnd_arg, uint64_t now)
{
	memset(s, 0, sizeof(*s));
	s->p = *p;
	s->rnd = rnd;
	s->rnd_arg = rnd_arg;
	s->local_state = s->remote_state = BFD_STATE_DOWN;
	s->local_discr = local_discr;
	s->local_tx_intv = p->idle_tx_us;
	if (!p->passive)
		s->tx_due = now;
}

static void
set_state(struct bfd_sess *s, uint8_t st, struct bfd_out *o)
{
	o->what |= BFD_OUT_STATE;
	o->old_state = s->local_state;
	o->new_state = st;
	s->local_state = st;
}

/* Down and AdminDown: idle rate (§6.8.3), no expiry. */
static void
state_fall(struct bfd_sess *s, bool tell, struct bfd_out *o)
{
	tx_intv_idle(s);
	s->exp_due = 0;
	if (tell && s->remote_state != BFD_STATE_ADMINDOWN)
		o->what |= BFD_OUT_EVENT;
}

static void
state_down(struct bfd_sess *s, uint8_t diag, uint64_t now,
    struct bfd_out *o)
{
	bool was_up = s->local_state == BFD_STATE_UP;
	uint32_t d;

	/* A new discriminator, so late packets of the old session miss. */
	if (was_up) {
		while ((d = s->rnd(s->rnd_arg, 1, UINT32_MAX)) == s->local_discr)
			;
		s->local_discr = d;
		s->ndown++;
	}
	set_state(s, BFD_STATE_DOWN, o);
	s->local_diag = diag;
	s->rst_due = now + s->local_detect_time;
	if (s->p.passive)
		s->tx_due = 0;
	state_fall(s, was_up, o);
}

/* Init and Up: the expiry timer starts, a pending reset is dropped. */
static void
state_rise(struct bfd_sess *s, uint64_t now)
{
	s->local_diag = BFD_DIAG_NONE;
	s->rst_due = 0;
	if (s->exp_due == 0)
		s->exp_due = now + s->local_detect_time;
}

static void
state_up(struct bfd_sess *s, uint64_t now, struct bfd_out *o)
{
	set_state(s, BFD_STATE_UP, o);
	s->nup++;
	state_rise(s, now);
	/* The rate changes from idle_tx to min_tx: a Poll Sequence
	 * (§6.8.3), unless a Final goes out anyway. */
	if (s->p.idle_tx_us != s->p.min_tx_us && !s->final)
		s->poll = true;
	o->what |= BFD_OUT_EVENT;
}

static void
state_init(struct bfd_sess *s, uint64_t now, struct bfd_out *o)
{
	set_state(s, BFD_STATE_INIT, o);
	state_rise(s, now);
	if (s->p.passive && s->tx_due == 0)
		tx_schedule(s, now);
}

void
bfd_sess_admindown(struct bfd_sess *s, struct bfd_out *o)
{
	memset(o, 0, sizeof(*o));
	set_state(s, BFD_STATE_ADMINDOWN, o);
	s->local_diag = BFD_DIAG_ADMIN_DOWN;
	s->tx_due = s->rst_due = 0;
	state_fall(s, false, o);
}

/* Remember what the neighbour said and recompute the intervals. */
static void
rx_learn(struct bfd_sess *s, const struct bfd_pkt *p)
{
	s->remote_discr = p->my_discr;
	s->remote_state = p->state;
	s->remote_diag = p->diag;
	s->remote_min_rx = p->min_rx_us;
	s->remote_min_tx = p->min_tx_us;
	s->remote_demand = p->demand;
	s->remote_mult = p->detect_mult;
	if (p->final)
		s->poll = false;	/* the Poll Sequence is over */
	/* While Up the rates change only through a Poll Sequence. */
	if (s->local_state != BFD_STATE_UP || p->poll || p->final) {
		if (s->remote_state == BFD_STATE_UP &&
		    (s->local_state == BFD_STATE_INIT ||
		    s->local_state == BFD_STATE_UP))
			tx_intv_active(s);
		else
			tx_intv_idle(s);
		s->remote_tx_intv = max32(s->p.min_rx_us, s->remote_min_tx);
	}
	/* §6.8.4: the remote multiplier times the agreed interval. */
	s->local_detect_time = (uint64_t)s->remote_mult * s->remote_tx_intv;
	s->remote_detect_time = (uint64_t)s->p.mult * s->local_tx_intv;
}

/* §6.8.6's table of transitions. */
static void
rx_transition(struct bfd_sess *s, uint64_t now, struct bfd_out *o)
{
	uint8_t r = s->remote_state;

	if (r == BFD_STATE_ADMINDOWN) {
		if (s->local_state != BFD_STATE_DOWN)
			state_down(s, BFD_DIAG_NBR_DOWN, now, o);
		return;
	}
	switch (s->local_state) {
	case BFD_STATE_DOWN:
		if (r == BFD_STATE_DOWN)
			state_init(s, now, o);
		else if (r == BFD_STATE_INIT)
			state_up(s, now, o);
		break;
	case BFD_STATE_INIT:
		if (r == BFD_STATE_INIT || r == BFD_STATE_UP)
			state_up(s, now, o);
		break;
	case BFD_STATE_UP:
		if (r == BFD_STATE_DOWN)
			state_down(s, BFD_DIAG_NBR_DOWN, now, o);
		break;
	}
}

void
bfd_sess_rx(struct bfd_sess *s, const struct bfd_pkt *p, uint64_t now,
    struct bfd_out *o)
{
	uint32_t old_tx = s->local_tx_intv;
	uint64_t old_detect = s->local_detect_time;
	bool both_up;

	memset(o, 0, sizeof(*o));
	if (s->local_state == BFD_STATE_ADMINDOWN)
		return;
	rx_learn(s, p);
	if (s->local_tx_intv < old_tx && s->tx_due != 0)
		tx_schedule(s, now);
	if (s->local_detect_time != old_detect) {
		o->what |= BFD_OUT_DETECT;
		o->old_detect = old_detect;
	}
	rx_transition(s, now, o);
	/* Demand mode (§6.6): the neighbour asks for silence while both
	 * are Up. */
	both_up = s->local_state == BFD_STATE_UP &&
	    s->remote_state == BFD_STATE_UP;
	if (s->remote_demand && both_up)
		s->tx_due = 0;
	else if (s->tx_due == 0)
		tx_schedule(s, now);
	if (p->poll) {
		s->final = true;
		o->what |= BFD_OUT_SEND;
	}
	s->last_seen = now;
	if (s->local_state == BFD_STATE_UP && s->exp_due != 0)
		s->exp_due = now + s->local_detect_time;
}

/* The reset timer: forget the neighbour (keepalived's bfd_reset_state). */
static void
sess_reset(struct bfd_sess *s)
{
	s->rst_due = 0;
	s->local_state = s->remote_state = BFD_STATE_DOWN;
	s->remote_discr = 0;
	s->remote_diag = BFD_DIAG_NONE;
	s->remote_demand = false;
	s->poll = s->final = false;
	tx_intv_idle(s);
}

void
bfd_sess_timer(struct bfd_sess *s, uint64_t now, struct bfd_out *o)
{
	memset(o, 0, sizeof(*o));
	if (s->exp_due != 0 && now >= s->exp_due) {
		s->exp_due = 0;
		o->what |= BFD_OUT_EXPIRED;
		o->dead_us = s->last_seen != 0 ? now - s->last_seen : 0;
		/* §6.8.1: bfd.RemoteDiscr is zeroed after a Detection
		 * Time without packets. */
		s->remote_discr = 0;
		state_down(s, BFD_DIAG_EXPIRED, now, o);
	}
	if (s->rst_due != 0 && now >= s->rst_due)
		sess_reset(s);
	if (s->tx_due != 0 && now >= s->tx_due) {
		o->what |= BFD_OUT_SEND;
		tx_schedule(s, now);
	}
}

uint64_t
bfd_sess_next(const struct bfd_sess *s)
{
	uint64_t d[3] = { s->tx_due, s->exp_due, s->rst_due }, m = 0;
	int i;

	for (i = 0; i < 3; i++)
		if (d[i] != 0 && (m == 0 || d[i] < m))
			m = d[i];
	return m;
}

void
bfd_sess_build(struct bfd_sess *s, struct bfd_pkt *p)
{
	memset(p, 0, sizeof(*p));
	/* Answering a Poll with our own pending: the Final carries it. */
	if (s->poll && s->final)
		s->poll = false;
	p->version = BFD_PKT_VERSION;
	p->diag = s->local_diag;
	p->state = s->local_state;
	p->poll = s->poll;
	p->final = s->final;
	p->detect_mult = s->p.mult;
	p->len = BFD_PKT_LEN;
	p->my_discr = s->local_discr;
	p->your_discr = s->remote_discr;
	p->min_tx_us = s->local_state == BFD_STATE_UP ? s->p.min_tx_us :
	    s->p.idle_tx_us;
	p->min_rx_us = s->p.min_rx_us;
	s->final = false;
}

bool
bfd_sess_up(const struct bfd_sess *s)
{
	return s->local_state == BFD_STATE_UP;
}

void
bfd_sess_copy_state(struct bfd_sess *s, const struct bfd_sess *old)
{
	struct bfd_params p = s->p;
	bfd_rand_fn rnd = s->rnd;
	void *arg = s->rnd_arg;

	*s = *old;
	s->p = p;
	s->rnd = rnd;
	s->rnd_arg = arg;
}
