/*
 * track: keepalived's tracking arithmetic (vrrp_track.c, the script
 * result counter of vrrp_scheduler.c) over explicit inputs.  The engine
 * recomputes an instance's sum from scratch whenever one of its items
 * changes: the arrays are short, and a recomputed sum cannot drift the
 * way keepalived's incremental counters can.
 */
#include <string.h>

#include "track.h"

#define PRIO_OWNER	255
#define FILE_FAULT	(-254)

static int
track_sign(const struct vrrp_track_item *it)
{
	return it->reverse ? -1 : 1;
}

/* An up/down item (interface, script, real server). */
static void
track_sum_updown(const struct vrrp_track_item *it, struct vrrp_track_sum *s)
{
	bool up = it->status == VRRP_TRACK_UP;

	if (it->weight == 0) {
		if (it->status == VRRP_TRACK_UNKNOWN)
			s->ninit++;
		else if (up != !it->reverse)
			s->nfault++;
		return;
	}
	if (it->status == VRRP_TRACK_UNKNOWN)
		return;
	if (up && it->weight > 0)
		s->total += it->weight * track_sign(it);
	else if (!up && it->weight < 0)
		s->total += it->weight * track_sign(it);
}

/* keepalived's track_file: value times weight, a fault at -254. */
static void
track_sum_file(const struct vrrp_track_item *it, struct vrrp_track_sum *s)
{
	long st;

	if (it->weight == 0)
		st = (it->value != 0) == !it->reverse ? FILE_FAULT : 0;
	else
		st = it->value * it->weight * track_sign(it);
	if (st <= FILE_FAULT)
		s->nfault++;
	else
		s->total += st > 253 ? 253 : (int)st;
}

void
vrrp_track_eval(const struct vrrp_track_item *items, size_t n,
    unsigned base, struct vrrp_track_sum *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->total = (int)base;
	for (i = 0; i < n; i++) {
		if (items[i].kind == VRRP_TRACK_FILE)
			track_sum_file(&items[i], s);
		else
			track_sum_updown(&items[i], s);
	}
}

bool
vrrp_track_down(const struct vrrp_track_sum *s)
{
	return s->nfault > 0 || s->ninit > 0;
}

int
vrrp_track_decide(const struct vrrp_track_sum *prev,
    const struct vrrp_track_sum *cur)
{
	int what = 0;

	if (prev->total != cur->total)
		what |= VRRP_TRACK_DO_PRIO;
	if (cur->nfault > 0 && prev->nfault == 0)
		what |= VRRP_TRACK_DO_FAULT;
	else if (vrrp_track_down(prev) && !vrrp_track_down(cur))
		what |= VRRP_TRACK_DO_CLEAR;
	return what;
}

unsigned
vrrp_track_clamp(unsigned base, int total)
{
	if (base == PRIO_OWNER)
		return PRIO_OWNER;
	if (total < 1)
		return 1;
	if (total >= PRIO_OWNER)
		return PRIO_OWNER - 1;
	return (unsigned)total;
}

/* --- vrrp_script hysteresis --------------------------------------------- */

void
vrrp_track_hyst_init(struct vrrp_track_hyst *h, int rise, int fall,
    bool init_fail)
{
	memset(h, 0, sizeof(*h));
	h->rise = rise < 1 ? 1 : rise;
	h->fall = fall < 1 ? 1 : fall;
	if (init_fail) {
		h->result = 0;
		h->reported = true;
	} else
		h->result = h->rise - 1;	/* one success is enough */
}

static int
hyst_success(struct vrrp_track_hyst *h)
{
	int top = h->rise + h->fall - 1;

	if (h->result < h->rise - 1) {
		h->result++;
		return -1;
	}
	if (h->result == top)
		return -1;
	h->result = top;
	if (h->ok && h->reported)
		return -1;
	h->ok = true;
	return 1;
}

static int
hyst_failure(struct vrrp_track_hyst *h, bool first)
{
	if (h->result > h->rise) {
		h->result--;
		return -1;
	}
	if (h->result == h->rise || first) {
		h->result = 0;
		h->ok = false;
		return 0;
	}
	h->result = 0;
	return -1;
}

int
vrrp_track_hyst_feed(struct vrrp_track_hyst *h, bool success)
{
	bool first = !h->reported;
	int r;

	r = success ? hyst_success(h) : hyst_failure(h, first);
	h->reported = true;
	return r;
}

enum vrrp_track_status
vrrp_track_hyst_status(const struct vrrp_track_hyst *h)
{
	if (!h->reported)
		return VRRP_TRACK_UNKNOWN;
	return h->ok ? VRRP_TRACK_UP : VRRP_TRACK_DOWN;
}

/* --- track_real_server -------------------------------------------------- */

bool
vrrp_track_rs_matches(const struct vrrp_track_rs *t,
    const struct vrrp_track_rs_seen *s)
{
	if (t->addr.family != s->family || t->port != s->port)
		return false;
	if (s->family == AF_INET)
		return memcmp(&t->addr.u.v4, s->addr, 4) == 0;
	return memcmp(&t->addr.u.v6, s->addr, 16) == 0;
}

enum vrrp_track_status
vrrp_track_rs_status(const struct vrrp_track_rs *t,
    const struct vrrp_track_rs_seen *seen, size_t n)
{
	unsigned found = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!vrrp_track_rs_matches(t, &seen[i]))
			continue;
		if (!seen[i].up || !seen[i].checked)
			return VRRP_TRACK_DOWN;
		found++;
	}
	if (found == 0 || found < t->nmatch)
		return VRRP_TRACK_DOWN;
	return VRRP_TRACK_UP;
}

const char *
vrrp_track_status_name(enum vrrp_track_status s)
{
	switch (s) {
	case VRRP_TRACK_UP:
		return "UP";
	case VRRP_TRACK_DOWN:
		return "DOWN";
	default:
		return "UNKNOWN";
	}
}
