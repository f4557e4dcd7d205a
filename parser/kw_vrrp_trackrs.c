/*
 * kw_vrrp_trackrs: track_real_server, Vigil's link from the checker to a
 * VRRP instance.
 *
 *	track_real_server {
 *		192.168.222.128 3306 [weight W [reverse]]
 *	}
 *	track_real_server 192.168.222.128 3306 [weight W [reverse]]
 *
 * The one-line form exists for configurations that must stay loadable by
 * keepalived: keepalived does not skip an unknown keyword's block (its
 * lines are read as keywords of the instance and its '}' closes the
 * instance), but an unknown one-line keyword only costs a warning.
 */
#include <string.h>

#include "conf.h"
#include "engine.h"
#include "value.h"

static const char *
instance_name(struct cfg_parse *p)
{
	const struct vrrp_instance_conf *v = cfg_obj(p);

	return v->name;
}

/* "weight W [reverse]" after address and port; false when invalid. */
static bool
track_rs_weight(struct cfg_parse *p, const struct cfg_stmt *st,
    struct vrrp_track_rs *t)
{
	int64_t w;

	if (st->argc <= 2)
		return true;
	if (strcmp(st->argv[2], "weight") != 0 || st->argc < 4) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) track_real_server %s "
		    "%s: unknown option '%s' - ignoring", instance_name(p),
		    st->argv[0], st->argv[1], st->argv[2]);
		return false;
	}
	if (!cfg_read_int(p, st->argv[3], -253, 253, &w)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) track_real_server %s "
		    "%s: weight must be between -253 and 253 - ignoring",
		    instance_name(p), st->argv[0], st->argv[1]);
		return false;
	}
	t->weight = (int)w;
	t->has_weight = w != 0;
	if (st->argc > 4) {
		if (strcmp(st->argv[4], "reverse") != 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) track_real_server"
			    " %s %s: unknown option '%s' - ignoring",
			    instance_name(p), st->argv[0], st->argv[1],
			    st->argv[4]);
			return false;
		}
		t->reverse = true;
	}
	return true;
}

void
vrrp_kw_track_rs_line(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_rs_list *l = CFG_FIELD(p, kw,
	    struct vrrp_track_rs_list);
	struct vrrp_track_rs *t, *o;
	uint64_t port;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) track_real_server needs "
		    "an address and a port - ignoring", instance_name(p));
		return;
	}
	t = ARENA_NEW(cfg_arena(p), struct vrrp_track_rs);
	if (addr_parse_host(st->argv[0], &t->addr) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) track_real_server: "
		    "invalid address '%s' - ignoring", instance_name(p),
		    st->argv[0]);
		return;
	}
	if (!cfg_read_uint(p, st->argv[1], 1, 65535, &port))
		return;
	t->port = (uint16_t)port;
	t->loc = cfg_here(p);
	if (!track_rs_weight(p, st, t))
		return;
	STAILQ_FOREACH(o, l, next)
		if (addr_cmp(&o->addr, &t->addr) == 0 && o->port == t->port) {
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) duplicate "
			    "track_real_server %s %s - ignoring",
			    instance_name(p), st->argv[0], st->argv[1]);
			return;
		}
	STAILQ_INSERT_TAIL(l, t, next);
}

static unsigned
track_rs_count(const struct conf *c, const struct vrrp_track_rs *t)
{
	const struct check_vs *vs;
	const struct check_rs *rs;
	unsigned n = 0;

	STAILQ_FOREACH(vs, &c->check.vss, next)
		STAILQ_FOREACH(rs, &vs->rs, next)
			if (addr_cmp(&rs->addr, &t->addr) == 0 &&
			    rs->port == t->port)
				n++;
	return n;
}

/*
 * Once the checker's side is validated: a tracked real server that no
 * virtual_server checks would never be reported, which would leave an
 * unweighted instance in FAULT for ever; it is dropped with a warning.
 */
void
vrrp_conf_validate_track_rs(struct cfg_parse *p, struct conf *c)
{
	struct vrrp_instance_conf *v;
	struct vrrp_track_rs *t, *next;
	char a[ADDR_STRLEN];

	STAILQ_FOREACH(v, &c->vrrp.instances, next) {
		for (t = STAILQ_FIRST(&v->track_rs); t != NULL; t = next) {
			next = STAILQ_NEXT(t, next);
			t->nmatch = track_rs_count(c, t);
			if (t->nmatch > 0)
				continue;
			cfg_report_at(p, t->loc, CFG_GENERAL_ERROR,
			    "(%s) track_real_server [%s]:%u is not a "
			    "real_server of any virtual_server - ignoring",
			    v->name, addr_str(&t->addr, a, sizeof(a)),
			    t->port);
			STAILQ_REMOVE(&v->track_rs, t, vrrp_track_rs, next);
		}
	}
	vrrp_conf_validate_promote(p, c);
}

void
vrrp_track_rs_dump(FILE *f, int depth, const struct vrrp_track_rs_list *l)
{
	const struct vrrp_track_rs *t;
	char a[ADDR_STRLEN];

	if (STAILQ_EMPTY(l))
		return;
	dump_open(f, depth, "track_real_server");
	STAILQ_FOREACH(t, l, next)
		dump_kv(f, depth + 1, addr_str(&t->addr, a, sizeof(a)),
		    "%u weight %d%s matches %u", t->port, t->weight,
		    t->reverse ? " reverse" : "", t->nmatch);
	dump_close(f, depth);
}
