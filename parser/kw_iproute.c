/*
 * kw_iproute: address, route and rule lines of the VRRP blocks, read the
 * way keepalived 2.2.7 reads them (vrrp_ipaddress.c alloc_ipaddress,
 * vrrp_iproute.c alloc_route, vrrp_iprule.c alloc_rule).
 *
 * Each line is parsed into a zeroed local entry, then copied into the
 * arena and appended only if keepalived would keep it, so that a
 * rejected line leaves nothing behind.  Names of tables, scopes,
 * protocols, dsfields and realms are resolved like iproute2: built-in
 * names, numbers, then the files under /etc/iproute2.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_iproute.h"
#include "engine.h"
#include "value.h"

#define RTPROT_KEEPALIVED	18
#define IPADDR_LABEL_MAX	15

bool
iproute_missing_iface(const struct conf *c)
{
	return c->vrrp.iproute_missing_iface;
}

/* --- shared readers ---------------------------------------------------- */

/* A word after a keyword; keepalived reads past the end as "". */
static const char *
word(const struct cfg_stmt *st, int i)
{
	return i < st->argc ? st->argv[i] : "";
}

/* Report a missing interface, as keepalived does only when it checks. */
static bool
iface_missing(struct cfg_parse *p, const char *name)
{
	if (!cfg_options(p)->check_ifaces || if_nametoindex(name) != 0)
		return false;
	cfg_conf(p)->vrrp.iproute_missing_iface = true;
	return true;
}

/* keepalived's read_unsigned into 32 bits: type range first. */
static bool
read_u32(struct cfg_parse *p, const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (!cfg_read_uint(p, s, 0, UINT64_MAX, &v))
		return false;
	if (v > UINT32_MAX) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside unsigned integer range", s);
		return false;
	}
	if (v > max) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside range [0, %" PRIu32 "]", s, max);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* A message template with one %s, as keepalived's get_* take. */
static void
report_tmpl(struct cfg_parse *p, const char *tmpl, const char *s)
{
	const char *pc = strstr(tmpl, "%s");

	if (pc == NULL)
		cfg_report(p, CFG_GENERAL_ERROR, "%s", tmpl);
	else
		cfg_report(p, CFG_GENERAL_ERROR, "%.*s%s%s",
		    (int)(pc - tmpl), tmpl, s, pc + 2);
}

/* get_u32 and friends: the number, or the reader's message and msg. */
static bool
get_u32(struct cfg_parse *p, const char *s, uint32_t max, const char *msg,
    uint32_t *out)
{
	if (read_u32(p, s, max, out))
		return true;
	report_tmpl(p, msg, s);
	return false;
}

/*
 * An address, with a prefix when allowed.  Messages as parse_ipaddress:
 * a bad prefix falls back to the full length, a bad address fails.
 */
static bool
ip_parse(struct cfg_parse *p, const char *s, bool allow_prefix,
    struct addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t pl;

	memset(a, 0, sizeof(*a));
	a->family = strchr(s, ':') ? AF_INET6 : AF_INET;
	a->prefix = a->family == AF_INET6 ? 128 : 32;
	if (slash != NULL && allow_prefix) {
		if (read_u32(p, slash + 1, a->prefix, &pl)) {
			a->prefix = (uint8_t)pl;
			a->has_prefix = true;
		} else
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid address "
			    "prefix len %s for address %s - using %d",
			    slash + 1, s, a->prefix);
	}
	if ((slash != NULL && !allow_prefix) || len >= sizeof(buf))
		goto bad;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(a->family, buf, &a->u) == 1)
		return true;
bad:
	cfg_report(p, CFG_GENERAL_ERROR,
	    "VRRP parsed invalid IP %s. skipping IP...", s);
	memset(a, 0, sizeof(*a));
	return false;
}

/* parse_route: also "default"/"all"/"any" (any family, prefix 0). */
static bool
route_parse(struct cfg_parse *p, const char *s, struct addr *a)
{
	if (!strcmp(s, "default") || !strcmp(s, "all") ||
	    !strcmp(s, "any")) {
		memset(a, 0, sizeof(*a));
		a->has_prefix = true;
		return true;
	}
	if (!ip_parse(p, s, true, a))
		return false;
	a->has_prefix = true;
	return true;
}

struct rt_name {
	const char	*name;
	uint32_t	 val;
};

static const struct rt_name rt_scopes[] = {
	{ "global", 0 }, { "universe", 0 }, { "site", 200 },
	{ "link", 253 }, { "host", 254 }, { "nowhere", 255 },
};
static const struct rt_name rt_tables[] = {
	{ "default", 253 }, { "main", 254 }, { "local", 255 },
};
static const struct rt_name rt_protos[] = {
	{ "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 },
	{ "keepalived", RTPROT_KEEPALIVED },
};
static const struct rt_name rt_types[] = {
	{ "unicast", 1 }, { "local", 2 }, { "broadcast", 3 },
	{ "anycast", 4 }, { "multicast", 5 }, { "blackhole", 6 },
	{ "unreachable", 7 }, { "prohibit", 8 }, { "throw", 9 },
	{ "nat", 10 },
};

/* Look name up in an iproute2 file of "number name" lines. */
static bool
rt_file_lookup(const char *file, const char *name, int base, uint32_t *out)
{
	char path[128], line[256], nm[128];
	unsigned long v;
	char *end;
	FILE *f;
	bool found = false;

	snprintf(path, sizeof(path), "/etc/iproute2/%s", file);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		v = strtoul(line, &end, base);
		if (end == line || sscanf(end, "%127s", nm) != 1 ||
		    nm[0] == '#')
			continue;
		if (!strcmp(nm, name)) {
			*out = (uint32_t)v;
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Built-in name, number up to max, or a name from the file. */
static bool
rt_lookup(const struct rt_name *tab, size_t n, const char *file, int base,
    uint32_t max, const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(tab[i].name, s)) {
			*out = tab[i].val;
			return true;
		}
	if (isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtoull(s, &end, base);
		if (*end == '\0' && errno == 0 && v <= max) {
			*out = (uint32_t)v;
			return true;
		}
		return false;
	}
	return file != NULL && rt_file_lookup(file, s, base, out) &&
	    *out <= max;
}

#define RT_LOOKUP(tab, file, base, max, s, out)				\
	rt_lookup((tab), sizeof(tab) / sizeof((tab)[0]),		\
	    (file), (base), (max), (s), (out))

static bool
find_scope(const char *s, uint8_t *out)
{
	uint32_t v;

	if (!RT_LOOKUP(rt_scopes, "rt_scopes", 0, 255, s, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

static bool
find_dsfield(const char *s, uint8_t *out)
{
	uint32_t v;

	if (!rt_lookup(NULL, 0, "rt_dsfield", 16, 255, s, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

/* "FROM/TO" or "TO", numbers or rt_realms names. */
static bool
find_realms(const char *s, uint32_t *out)
{
	char buf[128];
	char *slash;
	uint32_t from = 0, to;

	if (strlen(s) >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%s", s);
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		if (!rt_lookup(NULL, 0, "rt_realms", 0, 0xffff, buf, &from))
			return false;
	} else
		slash = buf;
	if (!rt_lookup(NULL, 0, "rt_realms", 0, 0xffff, slash, &to))
		return false;
	*out = from << 16 | to;
	return true;
}

/* Append a copy of the local entry e to the list at kw->off. */
#define LIST_APPEND(p, kw, ltype, etype, e) do {			\
	etype *n_ = ARENA_NEW(cfg_arena(p), etype);			\
	*n_ = *(e);							\
	STAILQ_INSERT_TAIL(CFG_FIELD(p, kw, struct ltype), n_, next);	\
} while (0)

/* --- addresses --------------------------------------------------------- */

/* Keywords of an address line that take a parameter. */
static bool
ipaddr_kw_has_param(const char *w, int ctx)
{
	static const char *const kws[] = { "dev", "scope", "broadcast",
	    "brd", "label", "peer", "preferred_lft" };
	size_t i;

	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (!strcmp(w, kws[i]))
			return true;
	return ctx == IPROUTE_CTX_STATIC && !strcmp(w, "track_group");
}

static bool
ipaddr_flag(const char *w, int ctx, struct ipaddr_conf *a)
{
	if (!strcmp(w, "home"))
		a->flags |= IPADDR_F_HOME;
	else if (!strcmp(w, "-nodad"))
		a->flags |= IPADDR_F_NODAD;
	else if (!strcmp(w, "mngtmpaddr"))
		a->flags |= IPADDR_F_MNGTMPADDR;
	else if (!strcmp(w, "noprefixroute"))
		a->flags |= IPADDR_F_NOPREFIXROUTE;
	else if (!strcmp(w, "autojoin"))
		a->flags |= IPADDR_F_AUTOJOIN;
	else if (!strcmp(w, "no_track"))
		a->no_track = true;
	else if (!strcmp(w, "use_vmac") && ctx != IPROUTE_CTX_STATIC)
		a->use_vmac = true;
	else
		return false;
	return true;
}

static bool
ipaddr_brd(struct cfg_parse *p, const char *kwd, const char *v,
    const char *aname, struct ipaddr_conf *a)
{
	if (a->addr.family == AF_INET6) {
		cfg_report(p, CFG_GENERAL_ERROR, "VRRP is trying to assign a "
		    "broadcast %s to the IPv6 address %s !!?? WTF... "
		    "skipping VIP...", kwd, aname);
		return false;
	}
	if (!strcmp(v, "-"))
		a->brd_mode = IPADDR_BRD_MINUS;
	else if (!strcmp(v, "+"))
		a->brd_mode = IPADDR_BRD_PLUS;
	else if (inet_pton(AF_INET, v, &a->brd.u.v4) == 1) {
		a->brd_mode = IPADDR_BRD_ADDR;
		a->brd.family = AF_INET;
		a->brd.prefix = 32;
	} else {
		cfg_report(p, CFG_GENERAL_ERROR, "VRRP is trying to assign "
		    "invalid broadcast %s. skipping VIP...", v);
		return false;
	}
	return true;
}

static void
ipaddr_peer(struct cfg_parse *p, const char *v, struct ipaddr_conf *a)
{
	struct addr peer;

	if (a->peer.family != AF_UNSPEC) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Peer %s - another peer has already been specified", v);
		return;
	}
	if (!ip_parse(p, v, false, &peer))
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid peer address %s", v);
	else if (peer.family != a->addr.family)
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Peer address %s does not match address family", v);
	else {
		if (a->addr.has_prefix && a->addr.prefix !=
		    (a->addr.family == AF_INET6 ? 128 : 32))
			cfg_report(p, CFG_GENERAL_ERROR, "Cannot specify "
			    "address prefix when specifying peer address - "
			    "ignoring");
		a->peer = peer;
	}
}

/* One "keyword value" of an address line; false drops the address. */
static bool
ipaddr_option(struct cfg_parse *p, const char *w, const char *v, int ctx,
    const char *aname, struct ipaddr_conf *a)
{
	uint32_t u;

	if (!strcmp(w, "dev")) {
		if (a->dev != NULL) {
			cfg_report(p, CFG_GENERAL_ERROR, "Cannot specify "
			    "ipaddress device more than once for %s", aname);
			return false;
		}
		if (iface_missing(p, v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "WARNING - interface "
			    "%s for ip address %s doesn't exist", v, aname);
			return false;
		}
		a->dev = cfg_strdup(p, v);
		a->dev_loc = cfg_here(p);
	} else if (!strcmp(w, "scope")) {
		if (!find_scope(v, &a->scope))
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid scope '%s' "
			    "specified for %s - ignoring", v, aname);
	} else if (!strcmp(w, "broadcast") || !strcmp(w, "brd")) {
		return ipaddr_brd(p, w, v, aname, a);
	} else if (!strcmp(w, "label")) {
		if (strlen(v) > IPADDR_LABEL_MAX) {
			cfg_report(p, CFG_GENERAL_ERROR, "Address label %s is "
			    "longer than maximum length %d - removing address",
			    v, IPADDR_LABEL_MAX);
			return false;
		}
		a->label = cfg_strdup(p, v);
	} else if (!strcmp(w, "peer")) {
		ipaddr_peer(p, v, a);
	} else if (!strcmp(w, "preferred_lft")) {
		if (!strcmp(v, "forever"))
			u = UINT32_MAX;
		else if (!read_u32(p, v, UINT32_MAX, &u)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "preferred_lft %s is invalid", v);
			return true;
		}
		a->preferred_lft = u;
		a->has_preferred_lft = true;
	} else if (!strcmp(w, "track_group")) {
		a->track_group = cfg_strdup(p, v);
	}
	return true;
}

/* What keepalived derives once the line is read. */
static bool
ipaddr_finish(struct cfg_parse *p, int ctx, const char *aname,
    struct ipaddr_conf *a)
{
	uint32_t mask, base;

	if (a->brd_mode != IPADDR_BRD_NONE && a->peer.family != AF_UNSPEC) {
		cfg_report(p, CFG_GENERAL_ERROR, "Cannot specify broadcast and "
		    "peer addresses - ignoring broadcast address");
		a->brd_mode = IPADDR_BRD_NONE;
	} else if ((a->brd_mode == IPADDR_BRD_PLUS ||
	    a->brd_mode == IPADDR_BRD_MINUS) && a->addr.prefix <= 30) {
		mask = a->addr.prefix == 0 ? 0xffffffffU :
		    0xffffffffU >> a->addr.prefix;
		base = ntohl(a->addr.u.v4.s_addr);
		base = a->brd_mode == IPADDR_BRD_PLUS ? base | mask :
		    base & ~mask;
		a->brd.family = AF_INET;
		a->brd.prefix = 32;
		a->brd.u.v4.s_addr = htonl(base);
	} else if (a->brd_mode == IPADDR_BRD_PLUS ||
	    a->brd_mode == IPADDR_BRD_MINUS) {
		cfg_report(p, CFG_GENERAL_ERROR, "Address prefix length %d too "
		    "long for broadcast", a->addr.prefix);
		a->brd_mode = IPADDR_BRD_NONE;
	}
	if (ctx == IPROUTE_CTX_STATIC && a->dev == NULL &&
	    iface_missing(p, cfg_conf(p)->global.default_interface ?
	    cfg_conf(p)->global.default_interface : "eth0")) {
		cfg_report(p, CFG_GENERAL_ERROR, "Static address %s requires "
		    "either an interface or default interface must exist",
		    aname);
		return false;
	}
	if (a->addr.family == AF_INET6) {
		if (a->scope != 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "Cannot specify scope "
			    "for IPv6 addresses (%s) - ignoring scope", aname);
			a->scope = 0;
		}
		if (a->label != NULL) {
			cfg_report(p, CFG_GENERAL_ERROR, "Cannot specify label "
			    "for IPv6 addresses (%s) - ignoring label", aname);
			a->label = NULL;
		}
		/* keepalived marks a /128 deprecated so it is not used as
		 * a source address, unless told otherwise. */
		if (a->addr.prefix == 128 && !a->has_preferred_lft) {
			a->preferred_lft = 0;
			a->has_preferred_lft = true;
		}
	}
	if (a->peer.family != AF_UNSPEC) {
		a->addr.prefix = a->peer.prefix;
		a->addr.has_prefix = a->peer.has_prefix;
	}
	return true;
}

void
kw_h_ipaddress(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct ipaddr_conf a;
	const char *aname = st->argv[0], *w;
	int ctx = (int)kw->min, i;

	memset(&a, 0, sizeof(a));
	a.loc = cfg_here(p);
	if (!ip_parse(p, aname, true, &a.addr))
		return;
	for (i = 1; i < st->argc; i++) {
		w = st->argv[i];
		if (ipaddr_kw_has_param(w, ctx)) {
			if (i + 1 >= st->argc) {
				cfg_report(p, CFG_GENERAL_ERROR, "No %s "
				    "parameter specified for %s", w, aname);
				return;
			}
			if (!ipaddr_option(p, w, st->argv[++i], ctx, aname,
			    &a))
				return;
		} else if (!ipaddr_flag(w, ctx, &a))
			cfg_report(p, CFG_GENERAL_ERROR, "Unknown configuration "
			    "entry '%s' for ip address - ignoring", w);
	}
	if (!ipaddr_finish(p, ctx, aname, &a))
		return;
	LIST_APPEND(p, kw, ipaddr_list, struct ipaddr_conf, &a);
}

/* --- routes ------------------------------------------------------------ */

struct route_ctx {
	struct cfg_parse	*p;
	const struct cfg_stmt	*st;
	int			 i;		/* current word */
	int			 ctx;
	sa_family_t		 family;	/* AF_UNSPEC until known */
	const char		*dest;		/* destination as written */
	struct route_conf	 r;
};

static bool
route_family(struct route_ctx *c, sa_family_t f, const char *msg)
{
	if (c->family == AF_UNSPEC || f == AF_UNSPEC) {
		if (c->family == AF_UNSPEC)
			c->family = f;
		return true;
	}
	if (c->family == f)
		return true;
	cfg_report(c->p, CFG_GENERAL_ERROR, "%s", msg);
	return false;
}

#define ROUTE_MIX	"Cannot mix IPv4 and IPv6 addresses for route"

/* "[lock] N" metrics stored as u32. */
static const struct {
	const char	*name;
	int		 metric;
	bool		 lockable;
	uint32_t	 max;
	const char	*msg;
} route_metrics[] = {
	{ "mtu", ROUTE_MTU, true, UINT32_MAX,
	    "Invalid MTU %s specified for route" },
	{ "hoplimit", ROUTE_HOPLIMIT, false, 255,
	    "Invalid hoplimit %s specified for route" },
	{ "advmss", ROUTE_ADVMSS, true, UINT32_MAX,
	    "Invalid advmss %s specified for route" },
	{ "reordering", ROUTE_REORDERING, true, UINT32_MAX,
	    "Invalid reordering value %s specified for route" },
	{ "window", ROUTE_WINDOW, false, UINT32_MAX,
	    "Invalid window value %s specified for route" },
	{ "cwnd", ROUTE_CWND, true, UINT32_MAX,
	    "Invalid cwnd value %s specified for route" },
	{ "ssthresh", ROUTE_SSTHRESH, true, UINT32_MAX,
	    "Invalid ssthresh value %s specified for route" },
	{ "initcwnd", ROUTE_INITCWND, false, UINT32_MAX,
	    "Invalid initcwnd value %s specified for route" },
	{ "initrwnd", ROUTE_INITRWND, false, UINT32_MAX,
	    "Invalid initrwnd value %s specified for route" },
	{ "quickack", ROUTE_QUICKACK, false, 1,
	    "Invalid quickack value %s specified for route" },
	{ "fastopen_no_cookie", ROUTE_FASTOPEN_NO_COOKIE, false, 1,
	    "Invalid fastopen_no_cookie value %s specified for route" },
};

/* iproute2's get_time_rtt: "N", "Ns", "Nms"; kept in ms. */
static bool
route_time(const char *s, uint32_t *ms)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return false;
	if (*end == '\0' || !strcmp(end, "ms") || !strcmp(end, "msec") ||
	    !strcmp(end, "msecs"))
		;
	else if (!strcmp(end, "s") || !strcmp(end, "sec") ||
	    !strcmp(end, "secs"))
		v *= 1000;
	else
		return false;
	if (v > UINT32_MAX)
		return false;
	*ms = (uint32_t)v;
	return true;
}

static int
route_metric_word(struct route_ctx *c, const char *w)
{
	size_t k;
	int m;
	uint32_t v;

	for (k = 0; k < sizeof(route_metrics) / sizeof(route_metrics[0]); k++)
		if (!strcmp(route_metrics[k].name, w))
			break;
	if (k == sizeof(route_metrics) / sizeof(route_metrics[0]))
		return 0;
	m = route_metrics[k].metric;
	if (route_metrics[k].lockable && !strcmp(word(c->st, c->i + 1),
	    "lock")) {
		c->r.metrics_lock |= 1U << m;
		c->i++;
	}
	if (!get_u32(c->p, word(c->st, ++c->i), route_metrics[k].max,
	    route_metrics[k].msg, &v))
		return -1;
	c->r.metrics[m] = v;
	c->r.metrics_set |= 1U << m;
	return 1;
}

static int
route_time_word(struct route_ctx *c, const char *w)
{
	int m;
	const char *v, *msg;

	if (!strcmp(w, "rtt")) {
		m = ROUTE_RTT;
		msg = "Invalid rtt %s for route";
	} else if (!strcmp(w, "rttvar")) {
		m = ROUTE_RTTVAR;
		msg = "Invalid rttvar %s for route";
	} else if (!strcmp(w, "rto_min")) {
		m = ROUTE_RTO_MIN;
		msg = "Invalid rto_min value %s specified for route";
	} else
		return 0;
	if (!strcmp(word(c->st, c->i + 1), "lock")) {
		c->r.metrics_lock |= 1U << m;
		c->i++;
	}
	v = word(c->st, ++c->i);
	if (!route_time(v, &c->r.metrics[m])) {
		report_tmpl(c->p, msg, v);
		return -1;
	}
	c->r.metrics_set |= 1U << m;
	return 1;
}

/* via/gw [inet|inet6] ADDR */
static bool
route_via(struct route_ctx *c, const char *w)
{
	sa_family_t f = c->family;
	const char *v;

	if (w[0] == 'g')
		cfg_report(c->p, CFG_GENERAL_ERROR,
		    "\"gw\" for routes is deprecated. Please use \"via\"");
	v = word(c->st, ++c->i);
	if (!strcmp(v, "inet") || !strcmp(v, "inet6")) {
		f = v[4] == '6' ? AF_INET6 : AF_INET;
		v = word(c->st, ++c->i);
	}
	if (!route_family(c, f, ROUTE_MIX))
		return false;
	if (!ip_parse(c->p, v, false, &c->r.via)) {
		cfg_report(c->p, CFG_GENERAL_ERROR,
		    "invalid route via address %s", v);
		return false;
	}
	return route_family(c, c->r.via.family, ROUTE_MIX);
}

/* Deprecated "or ADDR": via and ADDR become two nexthops. */
static bool
route_or(struct route_ctx *c)
{
	struct nexthop_conf *a, *b;
	const char *v;

	cfg_report(c->p, CFG_GENERAL_ERROR,
	    "\"or\" for routes is deprecated. Please use \"nexthop\"");
	if (!STAILQ_EMPTY(&c->r.nexthops)) {
		cfg_report(c->p, CFG_GENERAL_ERROR,
		    "\"or\" route already specified - ignoring subsequent");
		c->i++;
		return true;
	}
	v = word(c->st, ++c->i);
	a = ARENA_NEW(cfg_arena(c->p), struct nexthop_conf);
	b = ARENA_NEW(cfg_arena(c->p), struct nexthop_conf);
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	if (!ip_parse(c->p, v, false, &b->via)) {
		cfg_report(c->p, CFG_GENERAL_ERROR,
		    "Invalid \"or\" address %s", v);
		return false;
	}
	a->via = c->r.via;
	memset(&c->r.via, 0, sizeof(c->r.via));
	STAILQ_INSERT_TAIL(&c->r.nexthops, a, next);
	STAILQ_INSERT_TAIL(&c->r.nexthops, b, next);
	return true;
}

/* One option of a nexthop; 0 ends the nexthop, -1 is an error. */
static int
nexthop_option(struct route_ctx *c, struct nexthop_conf *nh, const char *w)
{
	struct cfg_parse *p = c->p;
	sa_family_t f = AF_UNSPEC;
	const char *v;
	uint32_t u;

	if (!strcmp(w, "via")) {
		v = word(c->st, ++c->i);
		if (!strcmp(v, "inet") || !strcmp(v, "inet6")) {
			f = v[4] == '6' ? AF_INET6 : AF_INET;
			v = word(c->st, ++c->i);
		}
		if (!route_family(c, f, "IPv4/6 mismatch for nexthop"))
			return -1;
		if (!ip_parse(p, v, false, &nh->via)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "invalid nexthop address %s", v);
			return -1;
		}
		if (!route_family(c, nh->via.family,
		    "Address family mismatch for next hop"))
			return -1;
	} else if (!strcmp(w, "dev")) {
		v = word(c->st, ++c->i);
		if (iface_missing(p, v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "WARNING - interface "
			    "%s for VROUTE nexthop doesn't exist", v);
			return -1;
		}
		nh->dev = cfg_strdup(p, v);
	} else if (!strcmp(w, "weight")) {
		if (!get_u32(p, word(c->st, ++c->i), 256,
		    "Invalid weight %s specified for route", &u))
			return -1;
		if (u == 0) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid weight 0 specified for route");
			return -1;
		}
		nh->weight = u;
	} else if (!strcmp(w, "onlink")) {
		nh->onlink = true;
	} else if (!strcmp(w, "realms")) {
		v = word(c->st, ++c->i);
		if (!find_realms(v, &nh->realms)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid realms %s for route", v);
			return -1;
		}
		nh->has_realms = true;
		if (!route_family(c, AF_INET,
		    "realms are only supported for IPv4"))
			return -1;
	} else if (!strcmp(w, "as")) {
		if (!strcmp(word(c->st, ++c->i), "to"))
			c->i++;
		cfg_report(p, CFG_GENERAL_ERROR,
		    "'as [to]' (nat) not supported");
		return -1;
	} else
		return 0;
	return 1;
}

/* nexthop ... [nexthop ...]; an error keeps the nexthops before it. */
static void
route_nexthops(struct route_ctx *c)
{
	struct nexthop_conf nh, *n;
	int rc;

	while (c->i < c->st->argc && !strcmp(c->st->argv[c->i], "nexthop")) {
		c->i++;
		memset(&nh, 0, sizeof(nh));
		while (c->i < c->st->argc) {
			rc = nexthop_option(c, &nh, c->st->argv[c->i]);
			if (rc < 0)
				return;
			if (rc == 0)
				break;
			c->i++;
		}
		n = ARENA_NEW(cfg_arena(c->p), struct nexthop_conf);
		*n = nh;
		STAILQ_INSERT_TAIL(&c->r.nexthops, n, next);
	}
	if (c->i < c->st->argc)
		cfg_report(c->p, CFG_GENERAL_ERROR, "Route has trailing "
		    "nonsense after nexthops - %s", c->st->argv[c->i]);
}

/* Options naming a table, protocol, scope or similar value. */
static int
route_named(struct route_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;
	uint32_t u;

	if (!strcmp(w, "tos") || !strcmp(w, "dsfield")) {
		v = word(c->st, ++c->i);
		if (!find_dsfield(v, &c->r.tos)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "TOS value %s is invalid", v);
			return -1;
		}
	} else if (!strcmp(w, "table")) {
		v = word(c->st, ++c->i);
		if (!RT_LOOKUP(rt_tables, "rt_tables", 0, UINT32_MAX, v, &u)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Routing table %s not found for route", v);
			return -1;
		}
		c->r.table = u;
		c->r.has_table = true;
	} else if (!strcmp(w, "protocol")) {
		v = word(c->st, ++c->i);
		if (!RT_LOOKUP(rt_protos, "rt_protos", 0, 255, v, &u)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Protocol %s not "
			    "found or invalid for route", v);
			return -1;
		}
		c->r.protocol = (uint8_t)u;
		c->r.has_protocol = true;
	} else if (!strcmp(w, "scope")) {
		v = word(c->st, ++c->i);
		if (!find_scope(v, &c->r.scope)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Scope %s not found "
			    "or invalid for route", v);
			return -1;
		}
		c->r.has_scope = true;
	} else if (!strcmp(w, "metric") || !strcmp(w, "priority") ||
	    !strcmp(w, "preference")) {
		if (!get_u32(p, word(c->st, ++c->i), UINT32_MAX,
		    "Invalid metric %s specified for route", &c->r.metric))
			return -1;
		c->r.has_metric = true;
	} else if (!strcmp(w, "realms")) {
		v = word(c->st, ++c->i);
		if (!find_realms(v, &c->r.realms)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid realms %s for route", v);
			return -1;
		}
		c->r.has_realms = true;
		if (!route_family(c, AF_INET, "realms are only valid for IPv4"))
			return -1;
	} else
		return 0;
	return 1;
}

/* IPv6-only options and ones with their own small grammar. */
static int
route_misc(struct route_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;

	if (!strcmp(w, "expires")) {
		if (!route_family(c, AF_INET6, "expires is only valid for IPv6")
		    || !get_u32(p, word(c->st, ++c->i), UINT32_MAX,
		    "Invalid expires time %s specified for route",
		    &c->r.expires))
			return -1;
		c->r.has_expires = true;
	} else if (!strcmp(w, "pref")) {
		if (!route_family(c, AF_INET6, "pref is only valid for IPv6"))
			return -1;
		v = word(c->st, ++c->i);
		if (!strcmp(v, "low"))
			c->r.pref = 3;
		else if (!strcmp(v, "medium"))
			c->r.pref = 0;
		else if (!strcmp(v, "high"))
			c->r.pref = 1;
		else {
			uint32_t u;

			if (!get_u32(p, v, 255,
			    "Invalid pref value %s specified for route", &u))
				return -1;
			c->r.pref = (int)u;
		}
	} else if (!strcmp(w, "features")) {
		v = word(c->st, ++c->i);
		if (!strcmp(v, "ecn"))
			c->r.features_ecn = true;
		else
			cfg_report(p, CFG_GENERAL_ERROR,
			    "feature %s not supported", v);
	} else if (!strcmp(w, "congctl")) {
		if (!strcmp(word(c->st, c->i + 1), "lock")) {
			c->r.congctl_lock = true;
			c->i++;
		}
		c->r.congctl = cfg_strdup(p, word(c->st, ++c->i));
	} else if (!strcmp(w, "ttl-propagate")) {
		v = word(c->st, ++c->i);
		if (!strcmp(v, "enabled"))
			c->r.ttl_propagate = 1;
		else if (!strcmp(v, "disabled"))
			c->r.ttl_propagate = 0;
		else
			cfg_report(p, CFG_GENERAL_ERROR,
			    "%s value %s not recognised", "ttl-propagate", v);
	} else if (!strcmp(w, "as")) {
		if (!strcmp(word(c->st, ++c->i), "to"))
			c->i++;
		cfg_report(p, CFG_GENERAL_ERROR,
		    "\"as to\" for MPLS only - ignoring");
	} else
		return 0;
	return 1;
}

/* Addresses: src, from, and the destination itself. */
static int
route_addr(struct route_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;
	uint32_t t;

	if (!strcmp(w, "src")) {
		v = word(c->st, ++c->i);
		if (!ip_parse(p, v, false, &c->r.src)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "invalid route src address %s", v);
			return -1;
		}
		return route_family(c, c->r.src.family, ROUTE_MIX) ? 1 : -1;
	}
	if (!strcmp(w, "from")) {
		v = word(c->st, ++c->i);
		if (!route_parse(p, v, &c->r.pref_src)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "invalid route from address %s", v);
			return -1;
		}
		if (c->r.pref_src.family != AF_INET6) {
			cfg_report(p, CFG_GENERAL_ERROR, "route from address "
			    "only supported with IPv6 (%s)", v);
			return -1;
		}
		return route_family(c, AF_INET6, ROUTE_MIX) ? 1 : -1;
	}
	if (!strcmp(w, "to"))
		w = word(c->st, ++c->i);
	if (RT_LOOKUP(rt_types, NULL, 0, 0, w, &t)) {
		c->r.type = (enum route_type)t;
		w = word(c->st, ++c->i);
	}
	c->dest = w;
	if (!route_parse(p, w, &c->r.dst)) {
		cfg_report(p, CFG_GENERAL_ERROR, "unknown route keyword %s", w);
		return -1;
	}
	if (c->family != AF_UNSPEC && c->r.dst.family != AF_UNSPEC &&
	    c->family != c->r.dst.family) {
		cfg_report(p, CFG_GENERAL_ERROR, ROUTE_MIX " (%s)", w);
		return -1;
	}
	return route_family(c, c->r.dst.family, ROUTE_MIX) ? 1 : -1;
}

/* One word (and its values) of a route line; -1 drops the route,
 * 0 means "nexthop" starts. */
static int
route_word(struct route_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;
	int rc;

	if (!strcmp(w, "inet6") || !strcmp(w, "inet"))
		return route_family(c, w[4] == '6' ? AF_INET6 : AF_INET,
		    w[4] == '6' ? "inet6 specified for IPv4 route" :
		    "inet specified for IPv6 route") ? 1 : -1;
	if (!strcmp(w, "via") || !strcmp(w, "gw"))
		return route_via(c, w) ? 1 : -1;
	if (!strcmp(w, "dev") || !strcmp(w, "oif")) {
		v = word(c->st, ++c->i);
		if (iface_missing(p, v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "WARNING - interface "
			    "%s for VROUTE nexthop doesn't exist", v);
			return -1;
		}
		c->r.dev = cfg_strdup(p, v);
		return 1;
	}
	if (!strcmp(w, "onlink")) {
		c->r.onlink = true;
		return 1;
	}
	if (!strcmp(w, "or"))
		return route_or(c) ? 1 : -1;
	if (!strcmp(w, "nexthop")) {
		if (STAILQ_EMPTY(&c->r.nexthops))
			return 0;
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Cannot specify nexthops with \"or\" route");
		return 2;
	}
	if (!strcmp(w, "no_track")) {
		c->r.no_track = true;
		return 1;
	}
	if (c->ctx == IPROUTE_CTX_STATIC && !strcmp(w, "track_group")) {
		c->r.track_group = cfg_strdup(p, word(c->st, ++c->i));
		return 1;
	}
	if ((rc = route_metric_word(c, w)) != 0 ||
	    (rc = route_time_word(c, w)) != 0 ||
	    (rc = route_named(c, w)) != 0 ||
	    (rc = route_misc(c, w)) != 0)
		return rc;
	return route_addr(c, w);
}

/* Tracking and defaults keepalived applies once the line is read. */
static void
route_finish(struct route_ctx *c)
{
	struct cfg_parse *p = c->p;

	if (!c->r.no_track) {
		if (c->r.has_protocol && c->r.protocol != RTPROT_KEEPALIVED)
			cfg_report(p, CFG_GENERAL_ERROR, "Route cannot be "
			    "tracked if protocol is not RTPROT_KEEPALIVED(%d), "
			    "resetting protocol", RTPROT_KEEPALIVED);
		c->r.protocol = RTPROT_KEEPALIVED;
		c->r.has_protocol = true;
		if (c->r.dev == NULL) {
			cfg_report(p, CFG_GENERAL_ERROR, "Warning - cannot "
			    "track route %s with no interface specified, not "
			    "tracking", c->dest);
			c->r.no_track = true;
		}
	}
	if (c->r.track_group != NULL && c->r.dev == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "Static route cannot have "
		    "track group if no oif specified");
		c->r.track_group = NULL;
	}
	if (c->family == AF_UNSPEC)
		c->family = AF_INET;
	if (c->r.dst.family == AF_UNSPEC)
		c->r.dst.family = c->family;
}

void
kw_h_route(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct route_ctx c;
	struct route_conf *r;
	int rc = 1;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.st = st;
	c.ctx = (int)kw->min;
	c.r.loc = cfg_here(p);
	c.r.type = ROUTE_TYPE_UNICAST;
	c.r.pref = -1;
	c.r.ttl_propagate = -1;
	STAILQ_INIT(&c.r.nexthops);
	for (c.i = 0; c.i < st->argc; c.i++) {
		if ((rc = route_word(&c, st->argv[c.i])) <= 0 || rc == 2)
			break;
	}
	if (rc < 0)
		return;
	if (rc == 0)
		route_nexthops(&c);
	else if (c.i < st->argc) {
		cfg_report(p, CFG_GENERAL_ERROR, "Route has trailing "
		    "nonsense - %s", st->argv[c.i]);
		return;
	}
	if (c.dest == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Route must have a destination");
		return;
	}
	route_finish(&c);
	/* The copy must own its nexthop list head. */
	r = ARENA_NEW(cfg_arena(p), struct route_conf);
	*r = c.r;
	STAILQ_INIT(&r->nexthops);
	STAILQ_CONCAT(&r->nexthops, &c.r.nexthops);
	STAILQ_INSERT_TAIL(CFG_FIELD(p, kw, struct route_list), r, next);
}

/* --- rules ------------------------------------------------------------- */

struct rule_ctx {
	struct cfg_parse	*p;
	const struct cfg_stmt	*st;
	int			 i;
	int			 ctx;
	bool			 table_option;	/* realms/suppress_* */
	struct rule_conf	 r;
};

#define RULE_MIX	"rule specification has mixed IPv4 and IPv6"
#define RULE_ACTIONS	"Cannot specify more than one of table/nop/goto/" \
			"blackhole/prohibit/unreachable"

static bool
rule_family(struct rule_ctx *c, sa_family_t f, const char *msg)
{
	if (f == AF_UNSPEC || c->r.family == f)
		return true;
	if (c->r.family == AF_UNSPEC) {
		c->r.family = f;
		return true;
	}
	cfg_report(c->p, CFG_GENERAL_ERROR, "%s", msg);
	return false;
}

static bool
rule_action(struct rule_ctx *c, enum rule_action a, const char *msg)
{
	if (c->r.action != 0) {
		cfg_report(c->p, CFG_GENERAL_ERROR, "%s", msg);
		return false;
	}
	c->r.action = a;
	return true;
}

/* fwmark N[/M], numbers in any base. */
static bool
rule_fwmark(struct rule_ctx *c, const char *s)
{
	const char *t = s + strspn(s, " \t");
	unsigned long long v, m = 0;
	char *end;

	if (*t == '-')
		goto bad;
	v = strtoull(t, &end, 0);
	if (end == t || v > UINT32_MAX)
		goto bad;
	if (*end == '/') {
		if (isspace((unsigned char)end[1]) || end[1] == '-')
			goto bad;
		m = strtoull(end + 1, &end, 0);
		if (m > UINT32_MAX)
			goto bad;
		c->r.has_fwmask = true;
	}
	if (*end != '\0')
		goto bad;
	c->r.fwmark = (uint32_t)v;
	c->r.fwmask = (uint32_t)m;
	c->r.has_fwmark = true;
	return true;
bad:
	c->r.has_fwmask = false;
	cfg_report(c->p, CFG_GENERAL_ERROR, "Invalid rule fwmark %s specified",
	    s);
	return false;
}

/* "A-B" ranges; ports also accept a single number. */
static bool
rule_range(const char *s, bool single_ok, uint32_t max,
    struct rule_range *r)
{
	unsigned long long a, b;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	a = strtoull(s, &end, 10);
	if (*end == '\0' && single_ok)
		b = a;
	else if (*end == '-' && isdigit((unsigned char)end[1])) {
		b = strtoull(end + 1, &end, 10);
	} else
		return false;
	if (a > max || b > max)
		return false;
	r->set = true;
	r->start = (uint32_t)a;
	r->end = (uint32_t)b;
	return true;
}

static int
rule_addr(struct rule_ctx *c, const char *w)
{
	struct addr *a;
	const char *v;

	if (!strcmp(w, "from"))
		a = &c->r.from;
	else if (!strcmp(w, "to"))
		a = &c->r.to;
	else
		return 0;
	v = word(c->st, ++c->i);
	if (!route_parse(c->p, v, a)) {
		cfg_report(c->p, CFG_GENERAL_ERROR, "Invalid rule %s address %s",
		    w, v);
		return -1;
	}
	return rule_family(c, a->family, RULE_MIX) ? 1 : -1;
}

static int
rule_numbers(struct rule_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;
	uint64_t u;

	if (!strcmp(w, "preference") || !strcmp(w, "order") ||
	    !strcmp(w, "priority")) {
		if (!cfg_read_uint_base(p, word(c->st, ++c->i), 0, UINT32_MAX,
		    &u)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid rule preference %s specified", w);
			return -1;
		}
		c->r.priority = (uint32_t)u;
		c->r.has_priority = true;
	} else if (!strcmp(w, "suppress_prefixlength") ||
	    !strcmp(w, "sup_pl")) {
		if (!cfg_read_uint(p, word(c->st, ++c->i), 0, INT32_MAX, &u)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid suppress_prefixlength %s specified", w);
			return -1;
		}
		c->r.suppress_prefixlen = (uint32_t)u;
		c->table_option = true;
	} else if (!strcmp(w, "protocol")) {
		v = word(c->st, ++c->i);
		if (!cfg_read_uint(p, v, 0, 255, &u))
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid protocol %s",
			    v);
		else {
			c->r.protocol = (uint8_t)u;
			c->r.has_protocol = true;
		}
	} else if (!strcmp(w, "goto")) {
		if (!cfg_read_uint(p, word(c->st, ++c->i), 0, UINT32_MAX,
		    &u)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid target %s specified", w);
			return -1;
		}
		c->r.goto_target = (uint32_t)u;
		return rule_action(c, RULE_ACT_GOTO, RULE_ACTIONS
		    "/l3mdev for rule") ? 1 : -1;
	} else
		return 0;
	return 1;
}

static int
rule_named(struct rule_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;
	uint32_t u;

	if (!strcmp(w, "table") || !strcmp(w, "lookup")) {
		v = word(c->st, ++c->i);
		if (!RT_LOOKUP(rt_tables, "rt_tables", 0, UINT32_MAX, v, &u)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Routing table %s not found for rule", v);
			return -1;
		}
		if (u == 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "Table 0 is not valid");
			return -1;
		}
		c->r.table = u;
		c->r.has_table = true;
		return rule_action(c, RULE_ACT_TABLE, RULE_ACTIONS
		    " for rule") ? 1 : -1;
	} else if (!strcmp(w, "fwmark")) {
		return rule_fwmark(c, word(c->st, ++c->i)) ? 1 : -1;
	} else if (!strcmp(w, "tos") || !strcmp(w, "dsfield")) {
		v = word(c->st, ++c->i);
		if (!find_dsfield(v, &c->r.tos)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "TOS value %s is invalid", v);
			return -1;
		}
		c->r.has_tos = true;
	} else if (!strcmp(w, "realms")) {
		v = word(c->st, ++c->i);
		if (!find_realms(v, &c->r.realms)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "invalid realms %s for rule", v);
			return -1;
		}
		c->r.has_realms = true;
		c->table_option = true;
		return rule_family(c, AF_INET,
		    "realms is only valid for IPv4") ? 1 : -1;
	} else if (!strcmp(w, "suppress_ifgroup") || !strcmp(w, "sup_group")) {
		v = word(c->st, ++c->i);
		if (!rt_lookup(NULL, 0, "group", 0, UINT32_MAX, v, &u) &&
		    strcmp(v, "default")) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "suppress_group %s is invalid", v);
			return -1;
		}
		c->r.suppress_ifgroup = strcmp(v, "default") ? u : 0;
		c->table_option = true;
	} else
		return 0;
	return 1;
}

static int
rule_ifaces(struct rule_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;

	if (strcmp(w, "dev") && strcmp(w, "iif") && strcmp(w, "oif"))
		return 0;
	v = word(c->st, ++c->i);
	if (iface_missing(p, v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "WARNING - interface %s for rule doesn't exist", v);
		return -1;
	}
	if (!strcmp(w, "oif"))
		c->r.oif = cfg_strdup(p, v);
	else
		c->r.iif = cfg_strdup(p, v);
	return 1;
}

/* An IP protocol by name (/etc/protocols) or number. */
static bool
rule_ipproto(const char *s, uint8_t *out)
{
	struct protoent *pe;
	unsigned long v;
	char *end;

	if (isdigit((unsigned char)*s)) {
		v = strtoul(s, &end, 10);
		if (*end != '\0' || v > 255)
			return false;
		*out = (uint8_t)v;
		return true;
	}
	if ((pe = getprotobyname(s)) == NULL || pe->p_proto > 255)
		return false;
	*out = (uint8_t)pe->p_proto;
	return true;
}

static int
rule_match(struct rule_ctx *c, const char *w)
{
	struct cfg_parse *p = c->p;
	const char *v;

	if (!strcmp(w, "uidrange")) {
		if (!rule_range(word(c->st, ++c->i), false, UINT32_MAX,
		    &c->r.uidrange)) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid uidrange %s specified", w);
			return -1;
		}
	} else if (!strcmp(w, "sport") || !strcmp(w, "dport")) {
		v = word(c->st, ++c->i);
		if (!rule_range(v, true, 65535,
		    w[0] == 's' ? &c->r.sport : &c->r.dport))
			cfg_report(p, CFG_GENERAL_ERROR, "invalid %s range %s",
			    w, v);
	} else if (!strcmp(w, "ipproto")) {
		v = word(c->st, ++c->i);
		if (!rule_ipproto(v, &c->r.ipproto))
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid ipproto %s",
			    v);
		else
			c->r.has_ipproto = true;
	} else if (!strcmp(w, "l3mdev")) {
		c->r.l3mdev = true;
		return rule_action(c, RULE_ACT_TABLE,
		    "Cannot specify l3mdev with other action") ? 1 : -1;
	} else if (!strcmp(w, "not")) {
		c->r.invert = true;
	} else if (!strcmp(w, "no_track")) {
		c->r.no_track = true;
	} else if (c->ctx == IPROUTE_CTX_STATIC && !strcmp(w, "track_group")) {
		c->r.track_group = cfg_strdup(p, word(c->st, ++c->i));
	} else
		return 0;
	return 1;
}

/* [type] nop|blackhole|unreachable|prohibit; anything else is unknown. */
static int
rule_type(struct rule_ctx *c, const char *w)
{
	enum rule_action a;
	uint32_t t;

	if (!strcmp(w, "type"))
		w = word(c->st, ++c->i);
	if (!strcmp(w, "goto"))
		return rule_numbers(c, w);
	if (!strcmp(w, "nop"))
		a = RULE_ACT_NOP;
	else if (RT_LOOKUP(rt_types, NULL, 0, 0, w, &t)) {
		if (t == 6)
			a = RULE_ACT_BLACKHOLE;
		else if (t == 7)
			a = RULE_ACT_UNREACHABLE;
		else if (t == 8)
			a = RULE_ACT_PROHIBIT;
		else {
			cfg_report(c->p, CFG_GENERAL_ERROR,
			    "Invalid rule action %s", w);
			return -1;
		}
	} else {
		cfg_report(c->p, CFG_GENERAL_ERROR, "Unknown rule option %s", w);
		return -1;
	}
	return rule_action(c, a, RULE_ACTIONS "/l3mdev for rule") ? 1 : -1;
}

static int
rule_word(struct rule_ctx *c, const char *w)
{
	int rc;

	if (!strcmp(w, "inet6") || !strcmp(w, "inet"))
		return rule_family(c, w[4] == '6' ? AF_INET6 : AF_INET,
		    w[4] == '6' ? "inet6 specified for IPv4 rule" :
		    "inet specified for IPv6 rule") ? 1 : -1;
	if ((rc = rule_addr(c, w)) != 0 || (rc = rule_numbers(c, w)) != 0 ||
	    (rc = rule_named(c, w)) != 0 || (rc = rule_ifaces(c, w)) != 0 ||
	    (rc = rule_match(c, w)) != 0)
		return rc;
	return rule_type(c, w);
}

/* Checks and defaults once the line is read; false drops the rule. */
static bool
rule_finish(struct rule_ctx *c)
{
	struct cfg_parse *p = c->p;
	struct rule_conf *r = &c->r;

	if (r->action == RULE_ACT_GOTO && !r->has_priority) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid rule - goto target "
		    "%u specified without preference", r->goto_target);
		return false;
	}
	if (r->action == RULE_ACT_GOTO && r->priority >= r->goto_target) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid rule - preference "
		    "%u >= goto target %u", r->priority, r->goto_target);
		return false;
	}
	if (r->action == 0) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "No action specified for rule - ignoring");
		return false;
	}
	if (r->action != RULE_ACT_TABLE && c->table_option) {
		cfg_report(p, CFG_GENERAL_ERROR, "suppressor/realm specified "
		    "for non table action - skipping");
		return false;
	}
	if (r->has_table && r->l3mdev) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "table cannot be specified for l3mdev rules");
		return false;
	}
	if (!r->no_track) {
		if (r->has_protocol && r->protocol != RTPROT_KEEPALIVED)
			cfg_report(p, CFG_GENERAL_ERROR, "Rule cannot be "
			    "tracked if protocol is not RTPROT_KEEPALIVED(%d), "
			    "resetting protocol", RTPROT_KEEPALIVED);
		r->protocol = RTPROT_KEEPALIVED;
		r->has_protocol = true;
	}
	if (r->track_group != NULL && r->iif == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "Static rule cannot have "
		    "track_group if dev/iif not specified");
		r->track_group = NULL;
	}
	if (r->family == AF_UNSPEC)
		r->family = AF_INET;
	if (r->from.has_prefix && r->from.family == AF_UNSPEC)
		r->from.family = r->family;
	if (r->to.has_prefix && r->to.family == AF_UNSPEC)
		r->to.family = r->family;
	if (!r->has_priority) {
		r->priority = r->family == AF_INET ?
		    cfg_conf(p)->vrrp.next_rule_prio4-- :
		    cfg_conf(p)->vrrp.next_rule_prio6--;
		cfg_report(p, CFG_GENERAL_ERROR, "Rule has no preference "
		    "specified - setting to %u. This is probably not what you "
		    "want.", r->priority);
	}
	return true;
}

void
kw_h_rule(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct rule_ctx c;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.st = st;
	c.ctx = (int)kw->min;
	c.r.loc = cfg_here(p);
	c.r.suppress_prefixlen = UINT32_MAX;
	c.r.suppress_ifgroup = UINT32_MAX;
	for (c.i = 0; c.i < st->argc; c.i++)
		if (rule_word(&c, st->argv[c.i]) < 0)
			return;
	if (!rule_finish(&c))
		return;
	LIST_APPEND(p, kw, rule_list, struct rule_conf, &c.r);
}

/* --- dumps ------------------------------------------------------------- */

/* Append to a line buffer, truncating quietly. */
static void
cat(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= len - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

static const char *
astr(const struct addr *a, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (a->family == AF_UNSPEC)
		snprintf(buf, len, "default");
	else {
		inet_ntop(a->family, &a->u, tmp, sizeof(tmp));
		snprintf(buf, len, "%s/%u", tmp, a->prefix);
	}
	return buf;
}

void
ipaddr_list_dump(FILE *f, int depth, const char *key,
    const struct ipaddr_list *l)
{
	const struct ipaddr_conf *a;
	char line[512], b[ADDR_STRLEN];

	dump_open(f, depth, "%s", key);
	STAILQ_FOREACH(a, l, next) {
		line[0] = '\0';
		cat(line, sizeof(line), "%s", astr(&a->addr, b, sizeof(b)));
		if (a->brd_mode != IPADDR_BRD_NONE)
			cat(line, sizeof(line), " brd %s",
			    inet_ntop(AF_INET, &a->brd.u.v4, b, sizeof(b)));
		if (a->dev != NULL)
			cat(line, sizeof(line), " dev %s", a->dev);
		cat(line, sizeof(line), " scope %u", a->scope);
		if (a->label != NULL)
			cat(line, sizeof(line), " label %s", a->label);
		if (a->peer.family != AF_UNSPEC)
			cat(line, sizeof(line), " peer %s",
			    astr(&a->peer, b, sizeof(b)));
		cat(line, sizeof(line), "%s%s%s%s%s%s%s",
		    a->flags & IPADDR_F_HOME ? " home" : "",
		    a->flags & IPADDR_F_NODAD ? " -nodad" : "",
		    a->flags & IPADDR_F_MNGTMPADDR ? " mngtmpaddr" : "",
		    a->flags & IPADDR_F_NOPREFIXROUTE ? " noprefixroute" : "",
		    a->flags & IPADDR_F_AUTOJOIN ? " autojoin" : "",
		    a->no_track ? " no_track" : "",
		    a->use_vmac ? " use_vmac" : "");
		if (a->has_preferred_lft)
			cat(line, sizeof(line), " preferred_lft %" PRIu32,
			    a->preferred_lft);
		if (a->track_group != NULL)
			cat(line, sizeof(line), " track_group %s",
			    a->track_group);
		dump_kv(f, depth + 1, "address", "%s", line);
	}
	dump_close(f, depth);
}

static void
route_dump_nexthops(char *line, size_t len, const struct route_conf *r)
{
	const struct nexthop_conf *nh;
	char b[ADDR_STRLEN];

	STAILQ_FOREACH(nh, &r->nexthops, next) {
		cat(line, len, " nexthop");
		if (nh->via.family != AF_UNSPEC)
			cat(line, len, " via %s", inet_ntop(nh->via.family,
			    &nh->via.u, b, sizeof(b)));
		if (nh->dev != NULL)
			cat(line, len, " dev %s", nh->dev);
		if (nh->weight != 0)
			cat(line, len, " weight %u", nh->weight);
		if (nh->onlink)
			cat(line, len, " onlink");
		if (nh->has_realms)
			cat(line, len, " realms %" PRIu32 "/%" PRIu32,
			    nh->realms >> 16, nh->realms & 0xffff);
	}
}

static void
route_dump_metrics(char *line, size_t len, const struct route_conf *r)
{
	static const char *const names[ROUTE_METRIC_MAX] = {
		"mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd",
		"advmss", "reordering", "hoplimit", "initcwnd", "rto_min",
		"initrwnd", "quickack", "fastopen_no_cookie" };
	int m;

	for (m = 0; m < ROUTE_METRIC_MAX; m++)
		if (r->metrics_set & (1U << m))
			cat(line, len, " %s %s%" PRIu32, names[m],
			    r->metrics_lock & (1U << m) ? "lock " : "",
			    r->metrics[m]);
}

void
route_list_dump(FILE *f, int depth, const char *key,
    const struct route_list *l)
{
	const struct route_conf *r;
	char line[1024], b[ADDR_STRLEN];

	dump_open(f, depth, "%s", key);
	STAILQ_FOREACH(r, l, next) {
		line[0] = '\0';
		cat(line, sizeof(line), "type %d %s", (int)r->type,
		    astr(&r->dst, b, sizeof(b)));
		if (r->src.family != AF_UNSPEC)
			cat(line, sizeof(line), " src %s", inet_ntop(
			    r->src.family, &r->src.u, b, sizeof(b)));
		if (r->pref_src.has_prefix)
			cat(line, sizeof(line), " from %s",
			    astr(&r->pref_src, b, sizeof(b)));
		if (r->via.family != AF_UNSPEC)
			cat(line, sizeof(line), " via %s", inet_ntop(
			    r->via.family, &r->via.u, b, sizeof(b)));
		if (r->dev != NULL)
			cat(line, sizeof(line), " dev %s", r->dev);
		cat(line, sizeof(line), " table %" PRIu32 " scope %u "
		    "protocol %u", r->has_table ? r->table : 254, r->scope,
		    r->protocol);
		if (r->has_metric)
			cat(line, sizeof(line), " metric %" PRIu32, r->metric);
		if (r->tos != 0)
			cat(line, sizeof(line), " tos 0x%x", r->tos);
		if (r->has_realms)
			cat(line, sizeof(line), " realms %" PRIu32 "/%" PRIu32,
			    r->realms >> 16, r->realms & 0xffff);
		route_dump_metrics(line, sizeof(line), r);
		if (r->congctl != NULL)
			cat(line, sizeof(line), " congctl %s%s",
			    r->congctl_lock ? "lock " : "", r->congctl);
		if (r->features_ecn)
			cat(line, sizeof(line), " features ecn");
		if (r->pref >= 0)
			cat(line, sizeof(line), " pref %d", r->pref);
		if (r->has_expires)
			cat(line, sizeof(line), " expires %" PRIu32, r->expires);
		if (r->onlink)
			cat(line, sizeof(line), " onlink");
		if (r->ttl_propagate >= 0)
			cat(line, sizeof(line), " ttl-propagate %d",
			    r->ttl_propagate);
		route_dump_nexthops(line, sizeof(line), r);
		if (r->no_track)
			cat(line, sizeof(line), " no_track");
		if (r->track_group != NULL)
			cat(line, sizeof(line), " track_group %s",
			    r->track_group);
		dump_kv(f, depth + 1, "route", "%s", line);
	}
	dump_close(f, depth);
}

void
rule_list_dump(FILE *f, int depth, const char *key,
    const struct rule_list *l)
{
	const struct rule_conf *r;
	char line[1024], b[ADDR_STRLEN];

	dump_open(f, depth, "%s", key);
	STAILQ_FOREACH(r, l, next) {
		line[0] = '\0';
		cat(line, sizeof(line), "%s pref %" PRIu32 "%s",
		    r->family == AF_INET6 ? "inet6" : "inet", r->priority,
		    r->invert ? " not" : "");
		if (r->from.has_prefix)
			cat(line, sizeof(line), " from %s",
			    astr(&r->from, b, sizeof(b)));
		if (r->to.has_prefix)
			cat(line, sizeof(line), " to %s",
			    astr(&r->to, b, sizeof(b)));
		if (r->has_tos)
			cat(line, sizeof(line), " tos 0x%x", r->tos);
		if (r->has_fwmark)
			cat(line, sizeof(line), " fwmark 0x%" PRIx32 "%s",
			    r->fwmark, "");
		if (r->has_fwmask)
			cat(line, sizeof(line), "/0x%" PRIx32, r->fwmask);
		if (r->iif != NULL)
			cat(line, sizeof(line), " iif %s", r->iif);
		if (r->oif != NULL)
			cat(line, sizeof(line), " oif %s", r->oif);
		if (r->uidrange.set)
			cat(line, sizeof(line), " uidrange %" PRIu32 "-%"
			    PRIu32, r->uidrange.start, r->uidrange.end);
		if (r->sport.set)
			cat(line, sizeof(line), " sport %" PRIu32 "-%" PRIu32,
			    r->sport.start, r->sport.end);
		if (r->dport.set)
			cat(line, sizeof(line), " dport %" PRIu32 "-%" PRIu32,
			    r->dport.start, r->dport.end);
		if (r->has_ipproto)
			cat(line, sizeof(line), " ipproto %u", r->ipproto);
		if (r->has_realms)
			cat(line, sizeof(line), " realms %" PRIu32 "/%" PRIu32,
			    r->realms >> 16, r->realms & 0xffff);
		cat(line, sizeof(line), " action %d", (int)r->action);
		if (r->has_table)
			cat(line, sizeof(line), " table %" PRIu32, r->table);
		if (r->action == RULE_ACT_GOTO)
			cat(line, sizeof(line), " goto %" PRIu32,
			    r->goto_target);
		if (r->l3mdev)
			cat(line, sizeof(line), " l3mdev");
		if (r->suppress_prefixlen != UINT32_MAX)
			cat(line, sizeof(line), " suppress_prefixlength %"
			    PRIu32, r->suppress_prefixlen);
		if (r->suppress_ifgroup != UINT32_MAX)
			cat(line, sizeof(line), " suppress_ifgroup %" PRIu32,
			    r->suppress_ifgroup);
		cat(line, sizeof(line), " protocol %u%s", r->protocol,
		    r->no_track ? " no_track" : "");
		if (r->track_group != NULL)
			cat(line, sizeof(line), " track_group %s",
			    r->track_group);
		dump_kv(f, depth + 1, "rule", "%s", line);
	}
	dump_close(f, depth);
}
