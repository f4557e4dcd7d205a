/*
 * kw_vrrp_promote: promotion safety, Vigil's MySQL-aware guard on the way
 * from BACKUP to MASTER.
 *
 *	promote_require_caught_up
 *	promote_max_lag SECONDS
 *	promote_script CMD [USER [GROUP]]
 *	promote_script_timeout SECONDS
 *
 * All are one-line keywords of vrrp_instance, so a configuration using
 * them stays loadable by keepalived (an unknown one-line keyword costs a
 * warning there, an unknown block would be mis-parsed).  The gate reads
 * the replication facts of the instance's track_real_server lines that
 * name a MYSQL_CHECK real server; without one it could never pass, so it
 * is dropped with a warning once the checker's side is parsed.
 */
#include <string.h>

#include "conf.h"
#include "conf_check.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define PROMOTE_LAG_MAX		86400		/* s */
#define PROMOTE_TIMEOUT_MAX	3600000000ULL	/* µs */

static struct vrrp_instance_conf *
promote_vi(struct cfg_parse *p)
{
	return cfg_obj(p);
}

void
vrrp_kw_promote_caught_up(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	promote_vi(p)->promote_require_caught_up = true;
}

void
vrrp_kw_promote_max_lag(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = promote_vi(p);
	const char *s = cfg_arg(p, st, 1);
	uint64_t n;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, PROMOTE_LAG_MAX, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) promote_max_lag must be "
		    "between 0 and %u seconds - ignoring", v->name,
		    PROMOTE_LAG_MAX);
		return;
	}
	v->promote_max_lag = (uint32_t)n;
	v->promote_max_lag_set = true;
}

void
vrrp_kw_promote_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = promote_vi(p);

	if (v->promote_script != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) promote_script already "
		    "specified - ignoring %s", v->name,
		    st->argc > 1 ? st->argv[1] : "");
		return;
	}
	v->promote_script = cfg_read_script(p, st, 1);
}

void
vrrp_kw_promote_script_timeout(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = promote_vi(p);
	const char *s = cfg_arg(p, st, 1);
	uint64_t us;

	if (s == NULL)
		return;
	if (!cfg_read_timer(p, s, 1000, PROMOTE_TIMEOUT_MAX, &us)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) promote_script_timeout "
		    "invalid - ignoring", v->name);
		return;
	}
	v->promote_script_timeout_us = us;
}

bool
vrrp_conf_promote_gated(const struct vrrp_instance_conf *v)
{
	return v->promote_require_caught_up || v->promote_max_lag_set;
}

static bool
rs_has_mysql(const struct check_rs *rs)
{
	const struct check_conf *ck;

	STAILQ_FOREACH(ck, &rs->checkers, next)
		if (ck->type == CHECK_MYSQL && !ck->dropped)
			return true;
	return false;
}

/* Whether some track_real_server line of v names a MYSQL_CHECK server. */
static bool
promote_has_source(const struct conf *c, const struct vrrp_instance_conf *v)
{
	const struct vrrp_track_rs *t;
	const struct check_vs *vs;
	const struct check_rs *rs;

	STAILQ_FOREACH(t, &v->track_rs, next)
		STAILQ_FOREACH(vs, &c->check.vss, next)
			STAILQ_FOREACH(rs, &vs->rs, next)
				if (addr_cmp(&rs->addr, &t->addr) == 0 &&
				    rs->port == t->port && rs_has_mysql(rs))
					return true;
	return false;
}

/*
 * After track_real_server is validated: a gate with no MYSQL_CHECK to
 * read would refuse every promotion, so it is dropped with a warning.
 * The script alone needs no source.
 */
void
vrrp_conf_validate_promote(struct cfg_parse *p, struct conf *c)
{
	struct vrrp_instance_conf *v;

	STAILQ_FOREACH(v, &c->vrrp.instances, next) {
		if (!vrrp_conf_promote_gated(v) || promote_has_source(c, v))
			continue;
		cfg_report_at(p, v->loc, CFG_GENERAL_ERROR, "(%s) "
		    "promote_require_caught_up/promote_max_lag need a "
		    "track_real_server with a MYSQL_CHECK - ignoring", v->name);
		v->promote_require_caught_up = false;
		v->promote_max_lag_set = false;
	}
}

void
vrrp_promote_dump(FILE *f, int depth, const struct vrrp_instance_conf *v)
{
	if (v->promote_require_caught_up)
		dump_bool(f, depth, "promote_require_caught_up", true);
	if (v->promote_max_lag_set)
		dump_kv(f, depth, "promote_max_lag", "%u", v->promote_max_lag);
	if (v->promote_script == NULL)
		return;
	dump_script(f, depth, "promote_script", v->promote_script);
	dump_timer(f, depth, "promote_script_timeout",
	    v->promote_script_timeout_us != 0 ? v->promote_script_timeout_us :
	    VRRP_PROMOTE_SCRIPT_TIMEOUT_DFL);
}
