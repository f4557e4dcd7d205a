/*
 * kw_check: the server side of keepalived's checker configuration:
 * virtual_server_group, virtual_server, real_server, sorry_server and the
 * SSL block (keepalived check_parser.c, check_data.c), with the
 * post-parse validation that rewrites defaults (validate_check_config).
 *
 * Handlers store what was written, with "unset" markers where
 * keepalived later inherits; check_conf_validate applies keepalived's
 * defaults and inheritance and reports what keepalived reports, without
 * a location, as the checker process does after reading the file.  The
 * checker blocks themselves live in kw_check_checkers.c.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "conf.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define IPVS_WEIGHT_LIMIT	2147483647
#define IPVS_PERSIST_TIMEOUT	360
#define LVS_MAX_TIMEOUT		(86400 * 31)
#define CHECK_DEF_DELAY_LOOP	60000000ULL
#define CHECK_DEF_CONNECT_TO	5000000ULL
#define TIMER_MAX_US		(UINT64_MAX - 1)

/* Until the engine has named value blocks, groups cannot be read. */
#ifdef CFG_KW_NAMED
#define CFG_KW_VSG	(CFG_KW_VALUES | CFG_KW_NAMED)
#else
#define CFG_KW_VSG	CFG_KW_VALUES
#endif

static const char *const lvs_schedulers[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf",
	"lblcr", "sed", "nq", "twos", NULL
};

/* --- formatting -------------------------------------------------------- */

static const char *
proto_name(int proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	default:
		return "none";
	}
}

static const char *
trio(const struct addr *a, unsigned port, int proto, char *buf, size_t len)
{
	char ab[ADDR_STRLEN];

	snprintf(buf, len, "[%s]:%s:%u", addr_str(a, ab, sizeof(ab)),
	    proto_name(proto), port);
	return buf;
}

const char *
check_vs_str(const struct check_vs *vs, char *buf, size_t len)
{
	if (vs->kind == CHECK_VS_GROUP)
		snprintf(buf, len, "[%s]:%u", vs->group, vs->port);
	else if (vs->kind == CHECK_VS_FWMARK)
		snprintf(buf, len, "FWM %u", vs->fwmark);
	else
		trio(&vs->addr, vs->port, vs->protocol, buf, len);
	return buf;
}

const char *
check_rs_str(const struct check_rs *rs, char *buf, size_t len)
{
	return trio(&rs->addr, rs->port, rs->vs->protocol, buf, len);
}

/* --- shared readers ---------------------------------------------------- */

/* keepalived's inet_stosockaddr: a host address and an optional port,
 * whose number errors it reports. */
static bool
read_host_port(struct cfg_parse *p, const char *ip, const char *port,
    struct addr *a, unsigned *portp)
{
	uint64_t v = 0;

	if (port != NULL && !cfg_read_uint(p, port, 1, 65535, &v))
		return false;
	if (addr_parse_host(ip, a) == -1)
		return false;
	*portp = (unsigned)v;
	return true;
}

/* A port word that is all zeroes counts as no port (keepalived 2.0.7). */
static const char *
port_word(const struct cfg_stmt *st, int i)
{
	const char *s;

	if (i >= st->argc)
		return NULL;
	s = st->argv[i];
	return s[strspn(s, "0")] != '\0' ? s : NULL;
}

static struct check_vs *
cur_vs(struct cfg_parse *p)
{
	return cfg_obj(p);
}

/* Optional boolean with keepalived's "Invalid <what> parameter" text. */
static int
read_opt_bool(struct cfg_parse *p, const struct cfg_stmt *st,
    const char *what)
{
	int v;

	if (st->argc < 2)
		return 1;
	v = cfg_bool_value(st->argv[1]);
	if (v == -1)
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid %s parameter %s", what,
		    st->argv[1]);
	return v;
}

/* --- forwarding -------------------------------------------------------- */

static bool
read_tun_opts(struct cfg_parse *p, const struct cfg_stmt *st,
    const char *who, struct check_fwd_conf *f)
{
	uint64_t port = 0;
	int i;

	f->tun_type = CHECK_TUN_IPIP;
	f->tun_csum = CHECK_CSUM_NONE;
	for (i = 2; i < st->argc; i++) {
		const char *w = st->argv[i];

		if (!strcmp(w, "type")) {
			if (i + 1 == st->argc) {
				cfg_report(p, CFG_GENERAL_ERROR,
				    "Missing tunnel type for %s server.", who);
				return false;
			}
			w = st->argv[++i];
			if (!strcmp(w, "ipip"))
				f->tun_type = CHECK_TUN_IPIP;
			else if (!strcmp(w, "gue"))
				f->tun_type = CHECK_TUN_GUE;
			else if (!strcmp(w, "gre"))
				f->tun_type = CHECK_TUN_GRE;
			else {
				cfg_report(p, CFG_GENERAL_ERROR,
				    "Unknown tunnel type %s for %s server.", w,
				    who);
				return false;
			}
		} else if (!strcmp(w, "port")) {
			if (i + 1 == st->argc) {
				cfg_report(p, CFG_GENERAL_ERROR,
				    "Missing port for %s server gue tunnel.", who);
				return false;
			}
			if (!cfg_read_uint(p, st->argv[++i], 1, 65535, &port)) {
				cfg_report(p, CFG_GENERAL_ERROR,
				    "Invalid gue tunnel port %s for %s server.",
				    st->argv[i], who);
				return false;
			}
		} else if (!strcmp(w, "nocsum"))
			f->tun_csum = CHECK_CSUM_NONE;
		else if (!strcmp(w, "csum"))
			f->tun_csum = CHECK_CSUM_CSUM;
		else if (!strcmp(w, "remcsum"))
			f->tun_csum = CHECK_CSUM_REMCSUM;
		else {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid tunnel option %s for %s server.", w, who);
			return false;
		}
	}
	if ((f->tun_type == CHECK_TUN_GUE) != (port != 0)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "gue tunnels require port, otherwise cannot have port.");
		return false;
	}
	if (f->tun_type == CHECK_TUN_IPIP && f->tun_csum != CHECK_CSUM_NONE) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "ipip tunnels do not support checksum option.");
		return false;
	}
	if (f->tun_type == CHECK_TUN_GRE && f->tun_csum == CHECK_CSUM_REMCSUM) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "gre tunnels do not support remote checksum option.");
		return false;
	}
	f->tun_port = (unsigned)port;
	return true;
}

/* keepalived applies the method before it checks the tunnel options. */
static void
read_fwd(struct cfg_parse *p, const struct cfg_stmt *st, const char *who,
    struct check_fwd_conf *f)
{
	const char *m = cfg_arg(p, st, 1);
	struct check_fwd_conf t = *f;

	if (m == NULL)
		return;
	if (!strcmp(m, "NAT"))
		f->method = CHECK_FWD_NAT;
	else if (!strcmp(m, "DR"))
		f->method = CHECK_FWD_DR;
	else if (!strcmp(m, "TUN"))
		f->method = CHECK_FWD_TUN;
	else {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "PARSER : unknown [%s] routing method for %s server.", m,
		    who);
		return;
	}
	if (read_tun_opts(p, st, who, &t)) {
		f->tun_type = t.tun_type;
		f->tun_port = t.tun_port;
		f->tun_csum = t.tun_csum;
	}
}

/* --- SSL { } ----------------------------------------------------------- */

static void
h_ssl(struct cfg_parse *p, const struct cfg_kw *kw, const struct cfg_stmt *st)
{
	struct conf *c = cfg_conf(p);

	if (c->check.ssl != NULL)
		cfg_report(p, CFG_GENERAL_ERROR,
		    "SSL context already specified - replacing");
	c->check.ssl = ARENA_NEW(cfg_arena(p), struct check_ssl_conf);
	cfg_enter(p, c->check.ssl);
}

static void
h_ssl_file(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	char **f = CFG_FIELD(p, kw, char *);
	static const char *const what[] = { "password", "cafile",
	    "certfile", "keyfile" };
	const char *type = what[kw->min];

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "SSL %s missing", type);
		return;
	}
	if (*f != NULL)
		cfg_report(p, CFG_GENERAL_ERROR,
		    "SSL %s already specified - replacing", type);
	*f = cfg_strdup(p, st->argv[1]);
}

#define SSL_OFF(f)	offsetof(struct check_ssl_conf, f)
static const struct cfg_kw kw_ssl[] = {
	{ "ca", h_ssl_file, NULL, 0, SSL_OFF(ca), 1, 0 },
	{ "certificate", h_ssl_file, NULL, 0, SSL_OFF(certificate), 2, 0 },
	{ "key", h_ssl_file, NULL, 0, SSL_OFF(key), 3, 0 },
	{ "password", h_ssl_file, NULL, 0, SSL_OFF(password), 0, 0 },
};
static CFG_BLOCK(ssl_block, "SSL", kw_ssl, NULL);

/* --- virtual_server_group ---------------------------------------------- */

static struct check_vsg *
vsg_new(struct cfg_parse *p, const char *name)
{
	struct conf *c = cfg_conf(p);
	struct check_vsg *g = ARENA_NEW(cfg_arena(p), struct check_vsg);

	g->name = cfg_strdup(p, name);
	STAILQ_INIT(&g->addrs);
	STAILQ_INIT(&g->fwmarks);
	g->loc = cfg_here(p);
	STAILQ_INSERT_TAIL(&c->check.vsgs, g, next);
	c->check.cur_vsg = g;
	return g;
}

static void
vsg_fwmark(struct cfg_parse *p, struct check_vsg *g,
    const struct cfg_stmt *st, struct check_vsg_entry *e)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "(%s): fwmark '%s' must be in [0, %u] - ignoring", g->name,
		    s, UINT32_MAX);
		return;
	}
	if (st->argc > 2) {
		if (!strcmp(st->argv[2], "inet")) {
			e->fwm_family = AF_INET;
			g->have_ipv4 = true;
		} else if (!strcmp(st->argv[2], "inet6")) {
			e->fwm_family = AF_INET6;
			g->have_ipv6 = true;
		} else {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "(%s): fwmark '%u' family %s unknown - ignoring",
			    g->name, (unsigned)v, st->argv[2]);
			return;
		}
	} else
		g->fwmark_no_family = true;
	e->fwmark = (uint32_t)v;
	e->is_fwmark = true;
	STAILQ_INSERT_TAIL(&g->fwmarks, e, next);
}

/* Last part of "a.b.c.d-N" or "x::y-N": the range end, or -1. */
static long
vsg_short_range(const char *s, int family)
{
	const char *d = strchr(s, '-');
	char *end;
	long v;

	if (d == NULL)
		return -1;
	v = strtol(d + 1, &end, family == AF_INET ? 10 : 16);
	if (end == d + 1 || *end != '\0')
		return -2;
	return v;
}

static bool
vsg_range(struct cfg_parse *p, const char *s, struct check_vsg_entry *e)
{
	char head[ADDR_STRLEN + 8];
	const char *d = strchr(s, '-');
	long end;
	unsigned start;

	snprintf(head, sizeof(head), "%.*s", d ? (int)(d - s) : (int)strlen(s),
	    s);
	if (addr_parse_host(head, &e->start) == -1)
		return false;
	e->end = e->start;
	if (d == NULL)
		return true;
	if ((e->start.family == AF_INET && strchr(d + 1, '.')) ||
	    (e->start.family == AF_INET6 && strchr(d + 1, ':'))) {
		if (addr_parse_host(d + 1, &e->end) == -1) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid range end %s - skipping", s);
			return false;
		}
		if (e->end.family != e->start.family) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Range address families do not match %s - skipping",
			    s);
			return false;
		}
		if (addr_cmp(&e->start, &e->end) > 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "Address range end is "
			    "less than address range start - %s - skipping", s);
			return false;
		}
		return true;
	}
	end = vsg_short_range(s, e->start.family);
	if (end < 0)
		return false;
	if (e->start.family == AF_INET) {
		start = ntohl(e->start.u.v4.s_addr) & 0xff;
		e->end.u.v4.s_addr = htonl((ntohl(e->start.u.v4.s_addr) &
		    ~0xffU) | ((unsigned)end & 0xff));
	} else {
		start = (unsigned)(e->start.u.v6.s6_addr[14] << 8 |
		    e->start.u.v6.s6_addr[15]);
		e->end.u.v6.s6_addr[14] = (uint8_t)(end >> 8);
		e->end.u.v6.s6_addr[15] = (uint8_t)end;
	}
	if ((long)start >= end) {
		cfg_report(p, CFG_GENERAL_ERROR, "Address range end is not "
		    "greater than address range start - %s - skipping", s);
		return false;
	}
	return true;
}

static bool
vsg_prefix(struct cfg_parse *p, const char *s, struct check_vsg_entry *e)
{
	struct addr a;
	unsigned bits, i;
	uint8_t *b, *eb;
	size_t n;

	if (addr_parse(s, &a) == -1 || a.prefix == 0) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid netmask - %s - skipping", s);
		return false;
	}
	e->start = a;
	e->start.has_prefix = false;
	e->start.prefix = a.family == AF_INET ? 32 : 128;
	e->end = e->start;
	b = a.family == AF_INET ? (uint8_t *)&e->start.u.v4 :
	    e->start.u.v6.s6_addr;
	eb = a.family == AF_INET ? (uint8_t *)&e->end.u.v4 :
	    e->end.u.v6.s6_addr;
	n = a.family == AF_INET ? 4 : 16;
	for (i = 0; i < n * 8; i++) {
		bits = 0x80U >> (i % 8);
		if (i < a.prefix)
			continue;
		if (b[i / 8] & bits) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Address mask bits not empty - %s - skipping", s);
			return false;
		}
		eb[i / 8] |= (uint8_t)bits;
	}
	return true;
}

static void
vsg_addr(struct cfg_parse *p, struct check_vsg *g, const struct cfg_stmt *st,
    struct check_vsg_entry *e)
{
	const char *s = st->argv[0];
	const char *port = port_word(st, 1);
	struct addr tmp;
	unsigned pv;
	char head[ADDR_STRLEN + 8];
	size_t hl = strcspn(s, "/-");

	snprintf(head, sizeof(head), "%.*s", (int)hl, s);
	if (!read_host_port(p, head, port, &tmp, &pv)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid virtual server group "
		    "IP address %s %s%s%s - skipping", s, port ? "/port" : "",
		    port ? "/" : "", port ? port : "");
		return;
	}
	e->port = pv;
	if (strchr(s, '/') != NULL) {
		if (!vsg_prefix(p, s, e))
			return;
	} else if (!vsg_range(p, s, e))
		return;
	STAILQ_INSERT_TAIL(&g->addrs, e, next);
	if (e->start.family == AF_INET)
		g->have_ipv4 = true;
	else
		g->have_ipv6 = true;
}

/* At the group's '}': an empty or ambiguous group is removed. */
static void
vsg_end(struct cfg_parse *p, void *obj)
{
	struct conf *c = cfg_conf(p);
	struct check_vsg *g = c->check.cur_vsg;

	if (g == NULL)
		return;
	if (STAILQ_EMPTY(&g->addrs) && STAILQ_EMPTY(&g->fwmarks)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "virtual server group %s has no entries - removing",
		    g->name);
		STAILQ_REMOVE(&c->check.vsgs, g, check_vsg, next);
	} else if (g->have_ipv4 && g->have_ipv6 && g->fwmark_no_family) {
		cfg_report(p, CFG_GENERAL_ERROR, "virtual server group %s "
		    "cannot have IPv4, IPv6 and fwmark without family - "
		    "removing", g->name);
		STAILQ_REMOVE(&c->check.vsgs, g, check_vsg, next);
	}
	c->check.cur_vsg = NULL;
}

/*
 * virtual_server_group NAME { lines }: a named value block, so the
 * engine calls this with the opener, then once per line.
 */
static void
h_vsg_line(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct conf *c = cfg_conf(p);
	struct check_vsg *g;
	struct check_vsg_entry *e;

	if (!strcmp(st->argv[0], kw->name)) {
		const char *name = cfg_arg(p, st, 1);

		if (name != NULL)
			vsg_new(p, name);
		return;
	}
	if ((g = c->check.cur_vsg) == NULL)
		return;
	e = ARENA_NEW(cfg_arena(p), struct check_vsg_entry);
	e->loc = cfg_here(p);
	if (!strcmp(st->argv[0], "fwmark"))
		vsg_fwmark(p, g, st, e);
	else
		vsg_addr(p, g, st, e);
}

/* Only its end hook: the lines go to h_vsg_line. */
static const struct cfg_block vsg_block = {
	"virtual_server_group", NULL, 0, vsg_end
};

/* --- virtual_server ---------------------------------------------------- */

static struct check_vs *
vs_new(struct cfg_parse *p)
{
	struct check_vs *vs = ARENA_NEW(cfg_arena(p), struct check_vs);

	vs->af = AF_UNSPEC;
	vs->loc = cfg_here(p);
	vs->quorum = 1;
	vs->fwd.method = CHECK_FWD_UNSET;
	vs->connect_timeout = CHECK_DEF_CONNECT_TO;
	vs->delay_loop = CHECK_DEF_DELAY_LOOP;
	vs->warmup = CHECK_UNSET_T;
	vs->retry = CHECK_UNSET_U;
	vs->delay_before_retry = CHECK_UNSET_T;
	vs->weight = 1;
	vs->smtp_alert = -1;
	STAILQ_INIT(&vs->rs);
	return vs;
}

static void
h_vs(struct cfg_parse *p, const struct cfg_kw *kw, const struct cfg_stmt *st)
{
	struct conf *c = cfg_conf(p);
	const char *a1 = cfg_arg(p, st, 1), *port;
	struct check_vs *vs;
	uint64_t v;

	if (a1 == NULL)
		return;
	vs = vs_new(p);
	if (!strcmp(a1, "group")) {
		vs->kind = CHECK_VS_GROUP;
		vs->group = cfg_strdup(p, st->argc > 2 ? st->argv[2] : "");
	} else if (!strcmp(a1, "fwmark")) {
		vs->kind = CHECK_VS_FWMARK;
		if (st->argc < 3 || !cfg_read_uint(p, st->argv[2], 0,
		    UINT32_MAX, &v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "virtual server fwmark "
			    "'%s' must be in [0, %u] - ignoring",
			    st->argc > 2 ? st->argv[2] : "(null)", UINT32_MAX);
			cfg_skip_block(p);
			return;
		}
		vs->fwmark = (uint32_t)v;
	} else {
		port = port_word(st, 2);
		if (!read_host_port(p, a1, port, &vs->addr, &vs->port)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid virtual server "
			    "IP address%s %s%s%s - skipping", port ? "/port" : "",
			    a1, port ? "/" : "", port ? port : "");
			cfg_skip_block(p);
			return;
		}
		vs->af = vs->addr.family;
	}
	STAILQ_INSERT_TAIL(&c->check.vss, vs, next);
	cfg_enter(p, vs);
}

/* At the virtual server's '}': settle its address family. */
static void
vs_end(struct cfg_parse *p, void *obj)
{
	struct check_vs *vs = obj;
	struct check_rs *rs;
	bool mixed = false;
	char buf[ADDR_STRLEN];

	if (vs->sorry != NULL && vs->sorry->fwd.method != CHECK_FWD_TUN) {
		if (vs->af == AF_UNSPEC)
			vs->af = vs->sorry->addr.family;
		else if (vs->af != vs->sorry->addr.family) {
			cfg_report(p, CFG_GENERAL_ERROR, "Address family of "
			    "virtual server and sorry server %s don't match - "
			    "skipping sorry server.",
			    addr_str(&vs->sorry->addr, buf, sizeof(buf)));
			vs->sorry = NULL;
		}
	}
	if (vs->af != AF_UNSPEC || vs->kind == CHECK_VS_GROUP)
		return;
	if (vs->sorry != NULL)
		vs->af = vs->sorry->addr.family;
	STAILQ_FOREACH(rs, &vs->rs, next) {
		if (vs->af == AF_UNSPEC)
			vs->af = rs->addr.family;
		else if (vs->af != rs->addr.family) {
			mixed = true;
			break;
		}
	}
	if (mixed || vs->af == AF_UNSPEC)
		vs->af = AF_INET;
}

static void
h_ip_family(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *s = cfg_arg(p, st, 1);
	int af;

	if (s == NULL)
		return;
	if (!strcmp(s, "inet"))
		af = AF_INET;
	else if (!strcmp(s, "inet6"))
		af = AF_INET6;
	else {
		cfg_report(p, CFG_GENERAL_ERROR, "unknown address family %s", s);
		return;
	}
	if (vs->af != AF_UNSPEC && af != vs->af) {
		cfg_report(p, CFG_GENERAL_ERROR, "Virtual server specified "
		    "family %s conflicts with server family", s);
		return;
	}
	vs->af = af;
}

static void
h_lb_algo(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *s = cfg_arg(p, st, 1);
	int i;

	if (s == NULL)
		return;
	for (i = 0; lvs_schedulers[i] != NULL; i++)
		if (!strcmp(s, lvs_schedulers[i]))
			break;
	if (lvs_schedulers[i] == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid lvs_scheduler '%s' - ignoring", s);
		return;
	}
	snprintf(vs->sched, sizeof(vs->sched), "%s", s);
}

/* hashed, ops, flag-N, sh-*, mh-*: keepalived's lbflags_handler. */
static void
h_lb_flag(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *s = st->argv[0];

	if (!strcmp(s, "ops"))
		vs->flags |= CHECK_VS_F_OPS;
	else if (!strcmp(s, "flag-1"))
		vs->flags |= CHECK_VS_F_FLAG1;
	else if (!strcmp(s, "flag-2"))
		vs->flags |= CHECK_VS_F_FLAG2;
	else if (!strcmp(s, "flag-3"))
		vs->flags |= CHECK_VS_F_FLAG3;
	else if (!strcmp(vs->sched, "sh")) {
		if (!strcmp(s, "sh-port"))
			vs->flags |= CHECK_VS_F_SH_PORT;
		if (!strcmp(s, "sh-fallback"))
			vs->flags |= CHECK_VS_F_SH_FALLBACK;
	} else if (!strcmp(vs->sched, "mh")) {
		if (!strcmp(s, "mh-port"))
			vs->flags |= CHECK_VS_F_MH_PORT;
		if (!strcmp(s, "mh-fallback"))
			vs->flags |= CHECK_VS_F_MH_FALLBACK;
	} else
		cfg_report(p, CFG_GENERAL_ERROR,
		    "%s only applies to sh scheduler - ignoring", s);
}

static void
h_vs_fwd(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	read_fwd(p, st, "virtual", &cur_vs(p)->fwd);
}

static void
h_persistence_timeout(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	uint64_t v;

	if (st->argc < 2) {
		vs->persistence_timeout = IPVS_PERSIST_TIMEOUT;
		return;
	}
	if (!cfg_read_uint(p, st->argv[1], 1, LVS_MAX_TIMEOUT, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "persistence_timeout invalid");
		return;
	}
	vs->persistence_timeout = (uint32_t)v;
}

static void
h_persistence_engine(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	char buf[16];

	if (s == NULL)
		return;
	if (strlen(s) > sizeof(buf) - 1)
		cfg_report(p, CFG_GENERAL_ERROR,
		    "persistence_name too long, truncating - %s", s);
	snprintf(buf, sizeof(buf), "%s", s);
	cur_vs(p)->persistence_engine = cfg_strdup(p, buf);
}

static void
h_persistence_granularity(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *s = cfg_arg(p, st, 1);
	struct in_addr a;
	uint64_t v;
	int af = vs->af;

	if (s == NULL)
		return;
	if (af == AF_UNSPEC)
		af = strchr(s, '.') ? AF_INET : AF_INET6;
	if (af == AF_INET6) {
		if (!cfg_read_uint(p, s, 1, 128, &v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid IPv6 "
			    "persistence_granularity specified - %s", s);
			return;
		}
		vs->persistence_granularity = (uint32_t)v;
	} else {
		if (inet_aton(s, &a) == 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid IPv4 "
			    "persistence_granularity specified - %s", s);
			return;
		}
		vs->persistence_granularity = a.s_addr;
	}
	vs->has_granularity = true;
	if (vs->af == AF_UNSPEC)
		vs->af = af;
	if (vs->persistence_timeout == 0)
		vs->persistence_timeout = IPVS_PERSIST_TIMEOUT;
}

static void
h_protocol(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	if (!strcasecmp(s, "TCP"))
		vs->protocol = IPPROTO_TCP;
	else if (!strcasecmp(s, "SCTP"))
		vs->protocol = IPPROTO_SCTP;
	else if (!strcasecmp(s, "UDP"))
		vs->protocol = IPPROTO_UDP;
	else
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Unknown protocol %s - ignoring", s);
}

static void
h_vs_smtp_alert(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int v = 1;

	if (st->argc >= 2 && (v = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid virtual_server smtp_alert parameter %s",
		    st->argv[1]);
		return;
	}
	cur_vs(p)->smtp_alert = v;
}

static void
h_quorum_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	struct script_conf **s = CFG_FIELD(p, kw, struct script_conf *);

	if (*s != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "(%s) %s script already specified - ignoring %s",
		    vs->group ? vs->group : "(null)", kw->name,
		    st->argc > 1 ? st->argv[1] : "(null)");
		return;
	}
	*s = cfg_read_script(p, st, 1);
}

static void
h_quorum(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 1, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Quorum %s must be in [1, %u]. Setting to 1.", s,
		    UINT32_MAX);
		v = 1;
	}
	cur_vs(p)->quorum = (uint32_t)v;
}

/* --- real_server and sorry_server -------------------------------------- */

static struct check_rs *
rs_new(struct cfg_parse *p, struct check_vs *vs)
{
	struct check_rs *rs = ARENA_NEW(cfg_arena(p), struct check_rs);

	rs->vs = vs;
	rs->loc = cfg_here(p);
	rs->fwd = vs->fwd;
	rs->weight = INT64_MAX;
	rs->alpha = rs->inhibit = rs->smtp_alert = -1;
	rs->retry = CHECK_UNSET_U;
	rs->connect_timeout = rs->delay_loop = rs->warmup =
	    rs->delay_before_retry = CHECK_UNSET_T;
	STAILQ_INIT(&rs->checkers);
	return rs;
}

static void
h_sorry_server(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *ip = cfg_arg(p, st, 1);
	struct check_rs *rs;

	if (ip == NULL)
		return;
	rs = rs_new(p, vs);
	rs->weight = 1;
	if (!read_host_port(p, ip, port_word(st, 2), &rs->addr, &rs->port)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid sorry server IP address %s - skipping", ip);
		return;
	}
	vs->sorry = rs;
}

static void
h_sorry_server_inhibit(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);

	if (vs->sorry != NULL)
		vs->sorry->inhibit = 1;
	else
		cfg_report(p, CFG_GENERAL_ERROR, "Ignoring sorry_server inhibit "
		    "used before or without sorry_server");
}

static void
h_sorry_server_fwd(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);

	if (vs->sorry != NULL)
		read_fwd(p, st, "sorry", &vs->sorry->fwd);
	else
		cfg_report(p, CFG_GENERAL_ERROR,
		    "sorry_server forwarding used without sorry_server");
}

static void
h_rs(struct cfg_parse *p, const struct cfg_kw *kw, const struct cfg_stmt *st)
{
	struct check_vs *vs = cur_vs(p);
	const char *ip = cfg_arg(p, st, 1);
	struct check_rs *rs;

	if (ip == NULL)
		return;
	rs = rs_new(p, vs);
	if (!read_host_port(p, ip, port_word(st, 2), &rs->addr, &rs->port)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid real server ip "
		    "address/port %s/%s - skipping", ip,
		    st->argc > 2 ? st->argv[2] : "(null)");
		cfg_skip_block(p);
		return;
	}
	STAILQ_INSERT_TAIL(&vs->rs, rs, next);
	cfg_enter(p, rs);
}

/* At the real server's '}': a family mismatch drops it (unless TUN). */
static void
rs_end(struct cfg_parse *p, void *obj)
{
	struct check_rs *rs = obj;
	struct check_vs *vs = rs->vs;
	struct check_conf *ck, *nck;
	char buf[ADDR_STRLEN];

	for (ck = STAILQ_FIRST(&rs->checkers); ck != NULL; ck = nck) {
		nck = STAILQ_NEXT(ck, next);
		if (ck->dropped)
			STAILQ_REMOVE(&rs->checkers, ck, check_conf, next);
	}
	if (rs->fwd.method == CHECK_FWD_TUN)
		return;
	if (vs->af == AF_UNSPEC)
		vs->af = rs->addr.family;
	else if (vs->af != rs->addr.family) {
		cfg_report(p, CFG_GENERAL_ERROR, "Address family of virtual "
		    "server and real server %s don't match - skipping real "
		    "server.", addr_str(&rs->addr, buf, sizeof(buf)));
		STAILQ_REMOVE(&vs->rs, rs, check_rs, next);
	}
}

static struct check_rs *
cur_rs(struct cfg_parse *p)
{
	return cfg_obj(p);
}

static void
h_rs_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, IPVS_WEIGHT_LIMIT, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Real server weight %s is outside range 0-%d", s,
		    IPVS_WEIGHT_LIMIT);
		return;
	}
	cur_rs(p)->weight = (int64_t)v;
}

static void
h_rs_fwd(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	read_fwd(p, st, "real", &cur_rs(p)->fwd);
}

static void
h_rs_tristate(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	static const char *const what[] = { "inhibit_on_failure", "alpha",
	    "real_server smtp_alert" };
	int v = read_opt_bool(p, st, what[kw->min]);

	if (v != -1)
		*CFG_FIELD(p, kw, int) = v;
}

static void
h_rs_notify(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_rs *rs = cur_rs(p);
	struct script_conf **s = CFG_FIELD(p, kw, struct script_conf *);

	if (*s != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "(%s) %s script already specified - ignoring %s",
		    rs->vs->group ? rs->vs->group : "(null)", kw->name,
		    st->argc > 1 ? st->argv[1] : "(null)");
		return;
	}
	*s = cfg_read_script(p, st, 1);
}

#define RS_OFF(f)	offsetof(struct check_rs, f)
#define T_MIN1		1, (int64_t)TIMER_MAX_US
#define T_MIN0		0, (int64_t)TIMER_MAX_US
#define T_CONN		1, (int64_t)UINT32_MAX
static const struct cfg_kw kw_rs[] = {
	{ "BFD_CHECK", check_h_checker, &check_blk_bfd, 0, 0, 0, 0 },
	{ "DNS_CHECK", check_h_checker, &check_blk_dns, 0, 0, 0, 0 },
	{ "FILE_CHECK", check_h_checker, &check_blk_file, 0, 0, 0, 0 },
	{ "HTTP_GET", check_h_checker, &check_blk_http, 0, 0, 0, 0 },
	{ "MISC_CHECK", check_h_checker, &check_blk_misc, 0, 0, 0, 0 },
	{ "MYSQL_CHECK", check_h_checker, &check_blk_mysql, 0, 0, 0, 0 },
	{ "PING_CHECK", check_h_checker, &check_blk_ping, 0, 0, 0, 0 },
	{ "SMTP_CHECK", check_h_checker, &check_blk_smtp, 0, 0, 0, 0 },
	{ "SSL_GET", check_h_checker, &check_blk_ssl, 0, 0, 0, 0 },
	{ "TCP_CHECK", check_h_checker, &check_blk_tcp, 0, 0, 0, 0 },
	{ "UDP_CHECK", check_h_checker, &check_blk_udp, 0, 0, 0, 0 },
	{ "alpha", h_rs_tristate, NULL, 0, RS_OFF(alpha), 1, 0 },
	{ "connect_timeout", cfg_h_timer, NULL, 0, RS_OFF(connect_timeout),
	    T_CONN, "real server connect_timeout %s invalid - ignoring" },
	{ "delay_before_retry", cfg_h_timer, NULL, 0,
	    RS_OFF(delay_before_retry), T_MIN0,
	    "real server delay_before_retry '%s' invalid - ignoring" },
	{ "delay_loop", cfg_h_timer, NULL, 0, RS_OFF(delay_loop), T_MIN1,
	    "real server delay_loop '%s' invalid - ignoring" },
	{ "inhibit_on_failure", h_rs_tristate, NULL, 0, RS_OFF(inhibit), 0, 0 },
	{ "lthreshold", cfg_h_uint, NULL, 0, RS_OFF(lthreshold), 0, UINT32_MAX,
	    "Invalid real_server lthreshold '%s' - ignoring" },
	{ "lvs_method", h_rs_fwd, NULL, 0, 0, 0, 0 },
	{ "notify_down", h_rs_notify, NULL, 0, RS_OFF(notify_down), 0, 0 },
	{ "notify_up", h_rs_notify, NULL, 0, RS_OFF(notify_up), 0, 0 },
	{ "retry", cfg_h_uint, NULL, 0, RS_OFF(retry), 1, UINT32_MAX,
	    "retry value invalid - %s" },
	{ "smtp_alert", h_rs_tristate, NULL, 0, RS_OFF(smtp_alert), 2, 0 },
	{ "snmp_name", cfg_h_str, NULL, 0, RS_OFF(snmp_name), 0, 1,
	    "real server snmp_name missing or extra parameters" },
	{ "uthreshold", cfg_h_uint, NULL, 0, RS_OFF(uthreshold), 0, UINT32_MAX,
	    "Invalid real_server uthreshold '%s' - ignoring" },
	{ "virtualhost", cfg_h_str, NULL, 0, RS_OFF(virtualhost), 0, 0,
	    "real server virtualhost missing" },
	{ "warmup", cfg_h_timer, NULL, 0, RS_OFF(warmup), T_MIN0,
	    "real server warmup '%s' invalid - ignoring" },
	{ "weight", h_rs_weight, NULL, 0, 0, 0, 0 },
};
static CFG_BLOCK(rs_block, "real_server", kw_rs, rs_end);

static void
h_vs_flag(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	*CFG_FIELD(p, kw, bool) = true;
}

#define VS_OFF(f)	offsetof(struct check_vs, f)
static const struct cfg_kw kw_vs[] = {
	{ "alpha", h_vs_flag, NULL, 0, VS_OFF(alpha), 0, 0 },
	{ "connect_timeout", cfg_h_timer, NULL, 0, VS_OFF(connect_timeout),
	    T_CONN, "virtual server connect_timeout %s invalid - ignoring" },
	{ "delay_before_retry", cfg_h_timer, NULL, 0,
	    VS_OFF(delay_before_retry), T_MIN0,
	    "virtual server delay before retry '%s' invalid - ignoring" },
	{ "delay_loop", cfg_h_timer, NULL, 0, VS_OFF(delay_loop), T_MIN1,
	    "virtual server delay loop '%s' invalid - ignoring" },
	{ "flag-1", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "flag-2", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "flag-3", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "ha_suspend", h_vs_flag, NULL, 0, VS_OFF(ha_suspend), 0, 0 },
	{ "hashed", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "hysteresis", cfg_h_uint, NULL, 0, VS_OFF(hysteresis), 0, UINT32_MAX,
	    "Hysteresis %s must be in [0, 4294967295] - ignoring" },
	{ "inhibit_on_failure", h_vs_flag, NULL, 0, VS_OFF(inhibit), 0, 0 },
	{ "ip_family", h_ip_family, NULL, 0, 0, 0, 0 },
	{ "lb_algo", h_lb_algo, NULL, 0, 0, 0, 0 },
	{ "lb_kind", h_vs_fwd, NULL, 0, 0, 0, 0 },
	{ "lvs_method", h_vs_fwd, NULL, 0, 0, 0, 0 },
	{ "lvs_sched", h_lb_algo, NULL, 0, 0, 0, 0 },
	{ "mh-fallback", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "mh-port", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "omega", h_vs_flag, NULL, 0, VS_OFF(omega), 0, 0 },
	{ "ops", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "persistence_engine", h_persistence_engine, NULL, 0, 0, 0, 0 },
	{ "persistence_granularity", h_persistence_granularity, NULL, 0, 0, 0,
	    0 },
	{ "persistence_timeout", h_persistence_timeout, NULL, 0, 0, 0, 0 },
	{ "protocol", h_protocol, NULL, 0, 0, 0, 0 },
	{ "quorum", h_quorum, NULL, 0, 0, 0, 0 },
	{ "quorum_down", h_quorum_script, NULL, 0, VS_OFF(quorum_down), 0, 0 },
	{ "quorum_up", h_quorum_script, NULL, 0, VS_OFF(quorum_up), 0, 0 },
	{ "real_server", h_rs, &rs_block, 0, 0, 0, 0 },
	{ "retry", cfg_h_uint, NULL, 0, VS_OFF(retry), 1, UINT32_MAX,
	    "retry value invalid - %s" },
	{ "sh-fallback", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "sh-port", h_lb_flag, NULL, 0, 0, 0, 0 },
	{ "smtp_alert", h_vs_smtp_alert, NULL, 0, 0, 0, 0 },
	{ "snmp_name", cfg_h_str, NULL, 0, VS_OFF(snmp_name), 0, 1,
	    "virtual server snmp_name missing or extra parameters" },
	{ "sorry_server", h_sorry_server, NULL, 0, 0, 0, 0 },
	{ "sorry_server_inhibit", h_sorry_server_inhibit, NULL, 0, 0, 0, 0 },
	{ "sorry_server_lvs_method", h_sorry_server_fwd, NULL, 0, 0, 0, 0 },
	{ "virtualhost", cfg_h_str, NULL, 0, VS_OFF(virtualhost), 0, 0,
	    "virtual server virtualhost missing" },
	{ "warmup", cfg_h_timer, NULL, 0, VS_OFF(warmup), T_MIN0,
	    "virtual server warmup '%s' invalid - ignoring" },
	{ "weight", cfg_h_uint, NULL, 0, VS_OFF(weight), 1, IPVS_WEIGHT_LIMIT,
	    "Virtual server weight %s is outside range 1-2147483647" },
};
static CFG_BLOCK(vs_block, "virtual_server", kw_vs, vs_end);

const struct cfg_kw kw_root_check[] = {
	{ "SSL", h_ssl, &ssl_block, 0, 0, 0, 0 },
	{ "virtual_server", h_vs, &vs_block, 0, 0, 0, 0 },
	{ "virtual_server_group", h_vsg_line, &vsg_block, CFG_KW_VSG, 0, 0,
	    0 },
};
const size_t kw_root_check_n = sizeof(kw_root_check) / sizeof(kw_root_check[0]);

const struct cfg_block *const check_server_blocks[] = {
	&ssl_block, &rs_block, &vs_block,
};
const size_t check_server_blocks_n =
    sizeof(check_server_blocks) / sizeof(check_server_blocks[0]);

void
check_conf_init(struct cfg_parse *p, struct conf *c)
{
	STAILQ_INIT(&c->check.vsgs);
	STAILQ_INIT(&c->check.vss);
}
