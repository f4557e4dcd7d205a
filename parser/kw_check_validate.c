/*
 * kw_check_validate: keepalived's checks and rewrites after the checker
 * configuration is read (check_data.c validate_check_config and the
 * group linking done before it), and the stable dump of the result.
 *
 * keepalived reports these after parsing, so they carry no location.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define IPVS_PERSIST_TIMEOUT	360
#define CHECK_DEF_SCHED		"wlc"

static bool
vsg_has_fwmarks(const struct check_vs *vs)
{
	return vs->vsg != NULL && !STAILQ_EMPTY(&vs->vsg->fwmarks);
}

static bool
vsg_has_addrs(const struct check_vs *vs)
{
	return vs->vsg != NULL && !STAILQ_EMPTY(&vs->vsg->addrs);
}

/* A virtual server naming a missing group is dropped (keepalived logs
 * it only at start-up, not under -t). */
static void
link_groups(struct check_conf_set *cs)
{
	struct check_vsg *g;
	struct check_vs *vs, *nvs;

	for (vs = STAILQ_FIRST(&cs->vss); vs != NULL; vs = nvs) {
		nvs = STAILQ_NEXT(vs, next);
		if (vs->kind != CHECK_VS_GROUP)
			continue;
		STAILQ_FOREACH(g, &cs->vsgs, next)
			if (!strcmp(g->name, vs->group))
				break;
		if (g == NULL)
			STAILQ_REMOVE(&cs->vss, vs, check_vs, next);
		else
			vs->vsg = g;
	}
}

static bool
rs_same(const struct check_rs *a, const struct check_rs *b)
{
	return addr_cmp(&a->addr, &b->addr) == 0 && a->port == b->port;
}

static void
validate_proto(struct cfg_parse *p, struct check_vs *vs, const char *n)
{
	struct check_vsg_entry *e;

	if (vsg_has_addrs(vs) || (vs->vsg == NULL && vs->kind ==
	    CHECK_VS_ADDR)) {
		if (vs->protocol == 0) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server "
			    "%s: no protocol set - defaulting to UDP", n);
			vs->protocol = IPPROTO_UDP;
		}
		if ((vs->flags & CHECK_VS_F_OPS) && vs->protocol != IPPROTO_UDP) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server "
			    "%s: one packet scheduling requires UDP - resetting",
			    n);
			vs->flags &= ~(unsigned)CHECK_VS_F_OPS;
		}
		if (vs->persistence_timeout == 0 && vs->vsg == NULL &&
		    vs->port == 0) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server "
			    "%s: zero port only valid for persistent services - "
			    "setting", n);
			vs->persistence_timeout = IPVS_PERSIST_TIMEOUT;
		}
	}
	if (vs->persistence_timeout == 0 && vs->vsg != NULL)
		STAILQ_FOREACH(e, &vs->vsg->addrs, next)
			if (e->port == 0) {
				cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual "
				    "server %s: zero port only valid for "
				    "persistent services - setting", n);
				vs->persistence_timeout = IPVS_PERSIST_TIMEOUT;
				break;
			}
	if (vs->protocol != 0 && ((vs->vsg != NULL && !vsg_has_addrs(vs) &&
	    vsg_has_fwmarks(vs)) || (vs->vsg == NULL &&
	    vs->kind == CHECK_VS_FWMARK))) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "Warning: Virtual server "
		    "%s: protocol specified for fwmark - protocol will be "
		    "ignored", n);
		vs->protocol = 0;
	}
}

static void
default_fwd(struct cfg_parse *p, struct check_vs *vs, struct check_rs *rs,
    const char *n)
{
	if (rs->fwd.method != CHECK_FWD_UNSET)
		return;
	if (vs->fwd.method == CHECK_FWD_UNSET) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server %s: no "
		    "forwarding method set, setting default NAT", n);
		vs->fwd.method = CHECK_FWD_NAT;
	}
	rs->fwd = vs->fwd;
}

static int
tri_default(int v, const struct conf *c, int dflt)
{
	if (v != -1)
		return v;
	if (c->global.smtp_alert_checker != -1)
		return c->global.smtp_alert_checker;
	if (c->global.smtp_alert != -1)
		return c->global.smtp_alert;
	return dflt;
}

static void
rs_inherit(struct check_vs *vs, struct check_rs *rs, const struct conf *c)
{
	if (rs->alpha == -1)
		rs->alpha = vs->alpha;
	if (rs->inhibit == -1)
		rs->inhibit = vs->inhibit;
	if (rs->retry == CHECK_UNSET_U)
		rs->retry = vs->retry;
	if (rs->connect_timeout == CHECK_UNSET_T)
		rs->connect_timeout = vs->connect_timeout;
	if (rs->delay_loop == CHECK_UNSET_T)
		rs->delay_loop = vs->delay_loop;
	if (rs->warmup == CHECK_UNSET_T)
		rs->warmup = vs->warmup;
	if (rs->delay_before_retry == CHECK_UNSET_T)
		rs->delay_before_retry = vs->delay_before_retry;
	if (rs->weight == INT64_MAX)
		rs->weight = vs->weight;
	/* keepalived keeps real servers' alerts on by default */
	rs->smtp_alert = tri_default(rs->smtp_alert, c, 1);
}

/* Duplicates, defaults and the sum of weights of the real servers. */
static uint64_t
validate_rs(struct cfg_parse *p, struct check_vs *vs, const char *n)
{
	const struct conf *c = cfg_conf(p);
	struct check_rs *rs, *nrs, *r1;
	uint64_t sum = 0;
	char b[ADDR_STRLEN + 16];

	for (rs = STAILQ_FIRST(&vs->rs); rs != NULL; rs = nrs) {
		nrs = STAILQ_NEXT(rs, next);
		for (r1 = STAILQ_FIRST(&vs->rs); r1 != rs;
		    r1 = STAILQ_NEXT(r1, next))
			if (rs_same(rs, r1))
				break;
		if (r1 != rs) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "VS %s: real "
			    "server %s is duplicated - removing second rs", n,
			    check_rs_str(rs, b, sizeof(b)));
			STAILQ_REMOVE(&vs->rs, rs, check_rs, next);
			continue;
		}
		default_fwd(p, vs, rs, n);
		rs_inherit(vs, rs, c);
		sum += (uint64_t)rs->weight;
		if (vs->sorry != NULL && rs_same(vs->sorry, rs)) {
			if (vs->sorry->inhibit != rs->inhibit) {
				cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual "
				    "server %s: real server %s matches sorry "
				    "server, but inhibit setting differs, %sing "
				    "on sorry server", n,
				    check_rs_str(rs, b, sizeof(b)),
				    rs->inhibit ? "sett" : "clear");
				vs->sorry->inhibit = rs->inhibit;
			}
			vs->sorry_duplicates_rs = true;
		}
	}
	if (vs->sorry != NULL) {
		default_fwd(p, vs, vs->sorry, n);
		if (vs->sorry->inhibit == -1)
			vs->sorry->inhibit = 0;
	}
	return sum;
}

static void
validate_quorum(struct cfg_parse *p, struct check_vs *vs, uint64_t sum,
    const char *n)
{
	if (vs->quorum > sum) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "Warning - quorum %u for "
		    "%s exceeds total weight of real servers %u, reducing "
		    "quorum to %u", vs->quorum, n, (unsigned)sum,
		    (unsigned)sum);
		vs->quorum = (uint32_t)sum;
	}
	if (vs->hysteresis >= vs->quorum) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server %s: "
		    "hysteresis %u >= quorum %u; setting hysteresis to %u", n,
		    vs->hysteresis, vs->quorum, vs->quorum - 1);
		vs->hysteresis = vs->quorum - 1;
	}
}

static const char *
vsge_str(const struct check_vsg_entry *e, char *buf, size_t len)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];

	if (e->is_fwmark)
		snprintf(buf, len, "FWM %u", e->fwmark);
	else if (addr_cmp(&e->start, &e->end) != 0)
		snprintf(buf, len, "%s-%s,%u", addr_str(&e->start, a, sizeof(a)),
		    addr_str(&e->end, b, sizeof(b)), e->port);
	else
		snprintf(buf, len, "%s,%u", addr_str(&e->start, a, sizeof(a)),
		    e->port);
	return buf;
}

static void
ports_group(struct cfg_parse *p, struct check_vs *vs, const char *n)
{
	struct check_vsg_entry *e;
	struct check_rs *rs;
	char b[ADDR_STRLEN + 16], g[2 * ADDR_STRLEN + 16];

	if (vsg_has_fwmarks(vs)) {
		STAILQ_FOREACH(rs, &vs->rs, next)
			if (rs->fwd.method != CHECK_FWD_NAT && rs->port != 0)
				cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - "
				    "fwmark virtual server %s, real server %s "
				    "has port specified - port will be ignored",
				    n, check_rs_str(rs, b, sizeof(b)));
		if (vs->sorry != NULL && vs->sorry->fwd.method != CHECK_FWD_NAT &&
		    vs->sorry->port != 0)
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - fwmark "
			    "virtual server %s, sorry server has port specified "
			    "- port will be ignored", n);
	}
	STAILQ_FOREACH(e, &vs->vsg->addrs, next) {
		STAILQ_FOREACH(rs, &vs->rs, next)
			if (rs->fwd.method != CHECK_FWD_NAT && rs->port != 0 &&
			    e->port != rs->port)
				cfg_report_noloc(p, CFG_GENERAL_ERROR, "virtual "
				    "server %s:[%s] and real server %s ports "
				    "don't match", n, vsge_str(e, g, sizeof(g)),
				    check_rs_str(rs, b, sizeof(b)));
		if (vs->sorry != NULL && vs->sorry->fwd.method != CHECK_FWD_NAT &&
		    vs->sorry->port != 0 && e->port != vs->sorry->port)
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - virtual "
			    "server %s, sorry server has port specified - port "
			    "will be ignored", n);
	}
}

/* Non-NAT real servers take the VS port; fwmark ones have none. */
static void
fix_port(struct cfg_parse *p, struct check_vs *vs, struct check_rs *rs,
    const char *n, bool sorry)
{
	char b[ADDR_STRLEN + 16];

	if (rs->fwd.method == CHECK_FWD_NAT) {
		if (!sorry && vs->kind != CHECK_VS_FWMARK && rs->port == 0)
			rs->port = vs->port;
		return;
	}
	if (vs->kind == CHECK_VS_FWMARK) {
		if (rs->port == 0)
			return;
		if (sorry)
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - virtual "
			    "server %s, sorry server has port specified - "
			    "clearing", n);
		else
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - fwmark "
			    "virtual server %s, real server %s has port "
			    "specified - clearing", n,
			    check_rs_str(rs, b, sizeof(b)));
		rs->port = 0;
	} else if (rs->port == 0)
		rs->port = vs->port;
	else if (rs->port != vs->port) {
		if (sorry)
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - virtual "
			    "server %s and sorry server ports don't match - "
			    "resetting", n);
		else
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "WARNING - virtual "
			    "server %s and real server %s ports don't match - "
			    "resetting", n, check_rs_str(rs, b, sizeof(b)));
		rs->port = vs->port;
	}
}

static void
validate_ports(struct cfg_parse *p, struct check_vs *vs, const char *n)
{
	struct check_rs *rs;

	if (vs->vsg != NULL) {
		ports_group(p, vs, n);
		return;
	}
	STAILQ_FOREACH(rs, &vs->rs, next)
		fix_port(p, vs, rs, n, false);
	if (vs->sorry != NULL && vs->sorry->fwd.method != CHECK_FWD_NAT)
		fix_port(p, vs, vs->sorry, n, true);
}

/* Checker values from its real server, then the checker's defaults. */
void
check_conf_inherit(struct check_conf *ck)
{
	const struct check_rs *rs = ck->rs;
	uint32_t def_retry = 1;
	uint64_t def_dbr = 1000000;

	if (ck->type == CHECK_MISC)
		def_retry = 0;
	else if (ck->type == CHECK_DNS) {
		def_retry = 3;
		def_dbr = 0;
	} else if (ck->type == CHECK_HTTP || ck->type == CHECK_SSL)
		def_dbr = 3000000;
	if (ck->alpha == -1)
		ck->alpha = rs->alpha;
	if (ck->type == CHECK_FILE || ck->type == CHECK_BFD)
		return;
	if (ck->retry == CHECK_UNSET_U)
		ck->retry = rs->retry != CHECK_UNSET_U ? rs->retry : def_retry;
	if (ck->has_conn && ck->conn.connect_timeout == CHECK_UNSET_T)
		ck->conn.connect_timeout = rs->connect_timeout;
	if (ck->delay_loop == CHECK_UNSET_T)
		ck->delay_loop = rs->delay_loop;
	if (ck->warmup == CHECK_UNSET_T)
		ck->warmup = rs->warmup != CHECK_UNSET_T ? rs->warmup :
		    ck->delay_loop;
	if (ck->delay_before_retry == CHECK_UNSET_T)
		ck->delay_before_retry = rs->delay_before_retry != CHECK_UNSET_T ?
		    rs->delay_before_retry : def_dbr ? def_dbr : ck->delay_loop;
	if (ck->has_conn) {
		if (ck->conn.dst.family == AF_UNSPEC)
			ck->conn.dst = rs->addr;
		if (ck->conn.dst_port == 0)
			ck->conn.dst_port = rs->port;
	}
}

static void
validate_vs(struct cfg_parse *p, struct check_vs *vs)
{
	const struct conf *c = cfg_conf(p);
	struct check_rs *rs;
	struct check_conf *ck;
	uint64_t sum;
	char n[256];

	check_vs_str(vs, n, sizeof(n));
	if (vs->ha_suspend && (vs->kind == CHECK_VS_FWMARK ||
	    vsg_has_fwmarks(vs))) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server %s: cannot "
		    "use ha_suspend with fwmarks - clearing ha_suspend", n);
		vs->ha_suspend = false;
	}
	validate_proto(p, vs, n);
	check_vs_str(vs, n, sizeof(n));
	if (vs->sched[0] == '\0') {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server %s: no "
		    "scheduler set, setting default '%s'", n, CHECK_DEF_SCHED);
		snprintf(vs->sched, sizeof(vs->sched), "%s", CHECK_DEF_SCHED);
	}
	vs->smtp_alert = tri_default(vs->smtp_alert, c, 0);
	sum = validate_rs(p, vs, n);
	validate_quorum(p, vs, sum, n);
	validate_ports(p, vs, n);
	STAILQ_FOREACH(rs, &vs->rs, next)
		STAILQ_FOREACH(ck, &rs->checkers, next)
			check_conf_inherit(ck);
}

void
check_conf_validate(struct cfg_parse *p, struct conf *c)
{
	struct check_conf_set *cs = &c->check;
	struct check_vs *vs, *nvs;
	char n[256];

	cs->nvs_parsed = 0;
	STAILQ_FOREACH(vs, &cs->vss, next)
		cs->nvs_parsed++;
	link_groups(cs);
	cs->nvs = 0;
	for (vs = STAILQ_FIRST(&cs->vss); vs != NULL; vs = nvs) {
		nvs = STAILQ_NEXT(vs, next);
		if (STAILQ_EMPTY(&vs->rs)) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "Virtual server "
			    "%s has no real servers - ignoring",
			    check_vs_str(vs, n, sizeof(n)));
			STAILQ_REMOVE(&cs->vss, vs, check_vs, next);
			continue;
		}
		validate_vs(p, vs);
		cs->nvs++;
	}
}

/* --- dump -------------------------------------------------------------- */

static const char *
fwd_str(const struct check_fwd_conf *f, char *buf, size_t len)
{
	static const char *const tun[] = { "ipip", "gue", "gre" };
	static const char *const csum[] = { "nocsum", "csum", "remcsum" };

	switch (f->method) {
	case CHECK_FWD_NAT:
		return "NAT";
	case CHECK_FWD_DR:
		return "DR";
	case CHECK_FWD_TUN:
		if (f->tun_type == CHECK_TUN_GUE)
			snprintf(buf, len, "TUN type gue port %u %s",
			    f->tun_port, csum[f->tun_csum]);
		else
			snprintf(buf, len, "TUN type %s %s", tun[f->tun_type],
			    csum[f->tun_csum]);
		return buf;
	default:
		return "(unset)";
	}
}

static const char *
proto_str(int proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	default:
		return "none";
	}
}

static void
dump_u32opt(FILE *f, int d, const char *key, uint32_t v)
{
	if (v == CHECK_UNSET_U)
		dump_kv(f, d, key, "(unset)");
	else
		dump_kv(f, d, key, "%u", v);
}

static void
dump_timeropt(FILE *f, int d, const char *key, uint64_t v)
{
	if (v == CHECK_UNSET_T)
		dump_kv(f, d, key, "(unset)");
	else
		dump_timer(f, d, key, v);
}

static void
dump_rs(FILE *f, int d, const char *what, const struct check_rs *rs)
{
	char a[ADDR_STRLEN], b[64];
	const struct check_conf *ck;

	dump_open(f, d, "%s %s %u", what, addr_str(&rs->addr, a, sizeof(a)),
	    rs->port);
	dump_kv(f, d + 1, "lvs_method", "%s", fwd_str(&rs->fwd, b, sizeof(b)));
	dump_kv(f, d + 1, "weight", "%lld", (long long)rs->weight);
	dump_kv(f, d + 1, "inhibit_on_failure", "%d", rs->inhibit);
	if (!strcmp(what, "real_server")) {
		dump_kv(f, d + 1, "alpha", "%d", rs->alpha);
		dump_kv(f, d + 1, "smtp_alert", "%d", rs->smtp_alert);
		dump_u32opt(f, d + 1, "retry", rs->retry);
		dump_timeropt(f, d + 1, "connect_timeout", rs->connect_timeout);
		dump_timeropt(f, d + 1, "delay_loop", rs->delay_loop);
		dump_timeropt(f, d + 1, "warmup", rs->warmup);
		dump_timeropt(f, d + 1, "delay_before_retry",
		    rs->delay_before_retry);
		dump_kv(f, d + 1, "uthreshold", "%u", rs->uthreshold);
		dump_kv(f, d + 1, "lthreshold", "%u", rs->lthreshold);
		dump_script(f, d + 1, "notify_up", rs->notify_up);
		dump_script(f, d + 1, "notify_down", rs->notify_down);
		dump_str(f, d + 1, "virtualhost", rs->virtualhost);
		dump_str(f, d + 1, "snmp_name", rs->snmp_name);
		STAILQ_FOREACH(ck, &rs->checkers, next)
			check_checker_dump(ck, f, d + 1);
	}
	dump_close(f, d);
}

static void
dump_vs_head(FILE *f, const struct check_vs *vs)
{
	char a[ADDR_STRLEN];

	if (vs->kind == CHECK_VS_GROUP)
		dump_open(f, 0, "virtual_server group %s", vs->group);
	else if (vs->kind == CHECK_VS_FWMARK)
		dump_open(f, 0, "virtual_server fwmark %u", vs->fwmark);
	else
		dump_open(f, 0, "virtual_server %s %u",
		    addr_str(&vs->addr, a, sizeof(a)), vs->port);
}

/* The flag keywords of a virtual server, in keepalived's keyword order. */
static void
dump_vs_flags(FILE *f, const struct check_vs *vs)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ CHECK_VS_F_HASHED, "hashed" },
		{ CHECK_VS_F_OPS, "ops" },
		{ CHECK_VS_F_FLAG1, "flag-1" },
		{ CHECK_VS_F_FLAG2, "flag-2" },
		{ CHECK_VS_F_FLAG3, "flag-3" },
		{ CHECK_VS_F_SH_PORT, "sh-port" },
		{ CHECK_VS_F_SH_FALLBACK, "sh-fallback" },
		{ CHECK_VS_F_MH_PORT, "mh-port" },
		{ CHECK_VS_F_MH_FALLBACK, "mh-fallback" },
	};
	char buf[128];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((vs->flags & names[i].bit) && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
			    n ? " " : "", names[i].name);
	dump_kv(f, 1, "flags", "%s", n ? buf : "(none)");
}

static void
dump_vs(FILE *f, const struct check_vs *vs)
{
	const struct check_rs *rs;
	char b[64];

	dump_vs_head(f, vs);
	dump_kv(f, 1, "ip_family", "%s", vs->af == AF_INET ? "inet" :
	    vs->af == AF_INET6 ? "inet6" : "(unset)");
	dump_kv(f, 1, "protocol", "%s", proto_str(vs->protocol));
	dump_kv(f, 1, "lb_algo", "%s", vs->sched);
	dump_vs_flags(f, vs);
	dump_kv(f, 1, "lb_kind", "%s", fwd_str(&vs->fwd, b, sizeof(b)));
	dump_kv(f, 1, "persistence_timeout", "%u", vs->persistence_timeout);
	if (vs->has_granularity)
		dump_kv(f, 1, "persistence_granularity", "%u",
		    vs->af == AF_INET6 ? vs->persistence_granularity :
		    ntohl(vs->persistence_granularity));
	dump_str(f, 1, "persistence_engine", vs->persistence_engine);
	dump_timer(f, 1, "delay_loop", vs->delay_loop);
	dump_timer(f, 1, "connect_timeout", vs->connect_timeout);
	dump_timeropt(f, 1, "delay_before_retry", vs->delay_before_retry);
	dump_timeropt(f, 1, "warmup", vs->warmup);
	dump_u32opt(f, 1, "retry", vs->retry);
	dump_kv(f, 1, "weight", "%u", vs->weight);
	dump_bool(f, 1, "ha_suspend", vs->ha_suspend);
	dump_bool(f, 1, "alpha", vs->alpha);
	dump_bool(f, 1, "omega", vs->omega);
	dump_bool(f, 1, "inhibit_on_failure", vs->inhibit);
	dump_kv(f, 1, "quorum", "%u", vs->quorum);
	dump_kv(f, 1, "hysteresis", "%u", vs->hysteresis);
	dump_script(f, 1, "quorum_up", vs->quorum_up);
	dump_script(f, 1, "quorum_down", vs->quorum_down);
	dump_kv(f, 1, "smtp_alert", "%d", vs->smtp_alert);
	dump_str(f, 1, "virtualhost", vs->virtualhost);
	dump_str(f, 1, "snmp_name", vs->snmp_name);
	if (vs->sorry != NULL)
		dump_rs(f, 1, "sorry_server", vs->sorry);
	STAILQ_FOREACH(rs, &vs->rs, next)
		dump_rs(f, 1, "real_server", rs);
	dump_close(f, 0);
}

static void
dump_vsg(FILE *f, const struct check_vsg *g)
{
	const struct check_vsg_entry *e;
	char b[2 * ADDR_STRLEN + 16];

	dump_open(f, 0, "virtual_server_group %s", g->name);
	STAILQ_FOREACH(e, &g->addrs, next)
		dump_kv(f, 1, "range", "%s", vsge_str(e, b, sizeof(b)));
	STAILQ_FOREACH(e, &g->fwmarks, next)
		dump_kv(f, 1, "fwmark", "%u%s", e->fwmark,
		    e->fwm_family == AF_INET ? " inet" :
		    e->fwm_family == AF_INET6 ? " inet6" : "");
	dump_close(f, 0);
}

void
check_conf_dump(const struct conf *c, FILE *f)
{
	const struct check_conf_set *cs = &c->check;
	const struct check_vsg *g;
	const struct check_vs *vs;

	if (cs->ssl != NULL) {
		dump_open(f, 0, "SSL");
		dump_str(f, 1, "password", cs->ssl->password);
		dump_str(f, 1, "ca", cs->ssl->ca);
		dump_str(f, 1, "certificate", cs->ssl->certificate);
		dump_str(f, 1, "key", cs->ssl->key);
		dump_close(f, 0);
	}
	STAILQ_FOREACH(g, &cs->vsgs, next)
		dump_vsg(f, g);
	STAILQ_FOREACH(vs, &cs->vss, next)
		dump_vs(f, vs);
}
