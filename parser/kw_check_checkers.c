/*
 * kw_check_checkers: the health checker blocks inside real_server { }
 * (keepalived check_api.c common keywords, check_tcp.c, check_http.c,
 * check_misc.c, check_smtp.c, check_dns.c, check_udp.c, check_ping.c,
 * check_file.c, check_bfd.c), and Vigil's MYSQL_CHECK.
 *
 * One deliberate difference: nb_get_retry is the deprecated spelling of
 * retry in every checker, not only in HTTP_GET/SSL_GET, because real
 * configurations put it in TCP_CHECK and expect it to work (see
 * doc/differences-from-keepalived.md).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define TIMER_MAX_US	(UINT64_MAX - 1)
#define UDP_MAX_LEN	65535
#define UDP_DFL_MAX_REPLY	255	/* keepalived's UINT8_MAX */

static const char *const type_names[CHECK_TYPE_MAX] = {
	[CHECK_TCP] = "TCP_CHECK",
	[CHECK_HTTP] = "HTTP_GET",
	[CHECK_SSL] = "SSL_GET",
	[CHECK_MISC] = "MISC_CHECK",
	[CHECK_SMTP] = "SMTP_CHECK",
	[CHECK_DNS] = "DNS_CHECK",
	[CHECK_UDP] = "UDP_CHECK",
	[CHECK_PING] = "PING_CHECK",
	[CHECK_FILE] = "FILE_CHECK",
	[CHECK_BFD] = "BFD_CHECK",
	[CHECK_MYSQL] = "MYSQL_CHECK",
};

const char *const check_regex_option_names[] = {
	"allow_empty_class", "alt_bsux", "auto_callout", "caseless",
	"dollar_endonly", "dotall", "dupnames", "extended", "firstline",
	"match_unset_backref", "multiline", "never_ucp", "never_utf",
	"no_auto_capture", "no_auto_possess", "no_dotstar_anchor",
	"no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c",
	"alt_circumflex", "alt_verbnames", "use_offset_limit", NULL
};

const char *
check_type_name(enum check_type t)
{
	return t < CHECK_TYPE_MAX ? type_names[t] : "?";
}

static struct check_conf *
cur(struct cfg_parse *p)
{
	return cfg_obj(p);
}

static struct check_conn *
cur_conn(struct cfg_parse *p)
{
	return &cur(p)->conn;
}

static void
conn_init(struct check_conn *co, struct cfg_loc loc)
{
	memset(co, 0, sizeof(*co));
	co->connect_timeout = CHECK_UNSET_T;
	co->loc = loc;
}

static enum check_type
type_of(const char *kw)
{
	int t;

	for (t = 0; t < CHECK_TYPE_MAX; t++)
		if (!strcmp(type_names[t], kw))
			return (enum check_type)t;
	return CHECK_TCP;
}

void
check_h_checker(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_rs *rs = cfg_obj(p);
	struct check_conf *ck = ARENA_NEW(cfg_arena(p), struct check_conf);

	ck->type = type_of(st->argv[0]);
	ck->rs = rs;
	ck->loc = cfg_here(p);
	ck->alpha = -1;
	ck->retry = CHECK_UNSET_U;
	ck->delay_loop = ck->warmup = ck->delay_before_retry = CHECK_UNSET_T;
	ck->has_conn = ck->type != CHECK_MISC && ck->type != CHECK_FILE &&
	    ck->type != CHECK_BFD;
	conn_init(&ck->conn, ck->loc);
	switch (ck->type) {
	case CHECK_HTTP:
	case CHECK_SSL:
		STAILQ_INIT(&ck->u.http.urls);
		if (ck->type == CHECK_SSL)
			cfg_conf(p)->check.ssl_required = true;
		break;
	case CHECK_UDP:
		ck->u.udp.max_reply_len = UDP_DFL_MAX_REPLY;
		break;
	case CHECK_MYSQL:
		ck->u.mysql.max_lag = CHECK_UNSET_U;
		break;
	default:
		break;
	}
	STAILQ_INSERT_TAIL(&rs->checkers, ck, next);
	cfg_enter(p, ck);
}

/* --- common keywords --------------------------------------------------- */

static void
h_connect_ip(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_conn *co = cur_conn(p);
	const char *s = cfg_arg(p, st, 1);
	struct addr a;

	if (s == NULL)
		return;
	if (addr_parse_host(s, &a) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid connect_ip address %s - ignoring", s);
		return;
	}
	if (co->bindto.family != AF_UNSPEC && co->bindto.family != a.family) {
		cfg_report(p, CFG_GENERAL_ERROR, "connect_ip address %s does "
		    "not match address family of bindto - skipping", s);
		return;
	}
	co->dst = a;
}

static void
h_bindto(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_conn *co = cur_conn(p);
	const char *s = cfg_arg(p, st, 1);
	struct addr a;

	if (s == NULL)
		return;
	if (addr_parse_host(s, &a) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid bindto address %s - ignoring", s);
		return;
	}
	if (co->dst.family != AF_UNSPEC && co->dst.family != a.family) {
		cfg_report(p, CFG_GENERAL_ERROR, "bindto address %s does not "
		    "match address family of connect_ip - skipping", s);
		return;
	}
	co->bindto = a;
}

static void
h_bind_if(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	if (strlen(s) > 15) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Interface name %s is too long - ignoring", s);
		return;
	}
	cur_conn(p)->bind_if = cfg_strdup(p, s);
}

/* Vigil accepts nb_get_retry in every checker (keepalived: HTTP/SSL). */
static void
h_nb_get_retry(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s;
	uint64_t v;

	cfg_report(p, CFG_GENERAL_ERROR,
	    "nb_get_retry is deprecated - please use 'retry'");
	if ((s = cfg_arg(p, st, 1)) == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid nb_get_retry value '%s'", s);
		return;
	}
	cur(p)->retry = (uint32_t)v;
}

static void
h_opt_bool(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int v = 1;

	if (st->argc >= 2 && (v = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid %s parameter %s",
		    kw->name, st->argv[1]);
		return;
	}
	if (!strcmp(kw->name, "alpha"))
		cur(p)->alpha = v;
	else
		*CFG_FIELD(p, kw, bool) = v;
}

#define CK_OFF(f)	offsetof(struct check_conf, f)
#define KW_BIND_PORT { "bind_port", cfg_h_uint, NULL, 0,		\
	CK_OFF(conn.bind_port), 1, 65535, "Invalid checker bind_port '%s'" }
#define KW_CONN_PORT { "connect_port", cfg_h_uint, NULL, 0,		\
	CK_OFF(conn.dst_port), 1, 65535, "Invalid checker connect_port '%s'" }
#define KW_CONN_TO { "connect_timeout", cfg_h_timer, NULL, 0,		\
	CK_OFF(conn.connect_timeout), 1, UINT32_MAX,			\
	"connect_timeout %s invalid - ignoring" }
#define KW_CONN								\
	{ "bind_if", h_bind_if, NULL, 0, 0, 0, 0 },			\
	KW_BIND_PORT,							\
	{ "bindto", h_bindto, NULL, 0, 0, 0, 0 },			\
	{ "connect_ip", h_connect_ip, NULL, 0, 0, 0, 0 },		\
	KW_CONN_PORT, KW_CONN_TO
#define KW_ALPHA { "alpha", h_opt_bool, NULL, 0, 0, 0, 0 }
#define KW_DBR { "delay_before_retry", cfg_h_timer, NULL, 0,		\
	CK_OFF(delay_before_retry), 0, (int64_t)TIMER_MAX_US,		\
	"Invalid delay_before_retry connection value '%s'" }
#define KW_DELAY { "delay_loop", cfg_h_timer, NULL, 0, CK_OFF(delay_loop), \
	1, (int64_t)TIMER_MAX_US, "delay_loop '%s' is invalid - ignoring" }
#define KW_FWMARK { "fwmark", cfg_h_uint, NULL, 0, CK_OFF(conn.fwmark),	\
	0, UINT32_MAX, "Invalid fwmark connection value '%s'" }
#define KW_LOGALL { "log_all_failures", h_opt_bool, NULL, 0,		\
	CK_OFF(log_all_failures), 0, 0 }
#define KW_NBGET { "nb_get_retry", h_nb_get_retry, NULL, 0, 0, 0, 0 }
#define KW_RETRY { "retry", cfg_h_uint, NULL, 0, CK_OFF(retry), 0,	\
	UINT32_MAX, "Invalid retry connection value '%s'" }
#define KW_WARMUP { "warmup", cfg_h_timer, NULL, 0, CK_OFF(warmup), 0,	\
	(int64_t)TIMER_MAX_US, "Invalid warmup connection value '%s'" }

/* TCP_CHECK and PING_CHECK: only the common keywords. */
static const struct cfg_kw kw_tcp[] = {
	KW_ALPHA, KW_CONN, KW_DBR, KW_DELAY, KW_FWMARK, KW_LOGALL, KW_NBGET,
	KW_RETRY, KW_WARMUP,
};
CFG_BLOCK(check_blk_tcp, "TCP_CHECK", kw_tcp, NULL);
CFG_BLOCK(check_blk_ping, "PING_CHECK", kw_tcp, NULL);

/* --- HTTP_GET / SSL_GET ------------------------------------------------ */

static struct check_url *
cur_url(struct cfg_parse *p)
{
	return cfg_obj(p);
}

static void
h_http_protocol(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_http *h = &cur(p)->u.http;
	const char *s;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "Missing http_protocol version");
		return;
	}
	s = st->argv[1];
	if (!strcmp(s, "1.0"))
		h->http_protocol = CHECK_HTTP_1_0;
	else if (!strcmp(s, "1.1"))
		h->http_protocol = CHECK_HTTP_1_1;
	else if (!strcmp(s, "1.0C") || !strcmp(s, "1.0c"))
		h->http_protocol = CHECK_HTTP_1_0C;
	else
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid http_protocol version %s", s);
}

static void
h_url(struct cfg_parse *p, const struct cfg_kw *kw, const struct cfg_stmt *st)
{
	struct check_conf *ck = cur(p);
	struct check_url *u = ARENA_NEW(cfg_arena(p), struct check_url);

	u->loc = cfg_here(p);
	STAILQ_INSERT_TAIL(&ck->u.http.urls, u, next);
	cfg_enter(p, u);
}

static void
set_status(struct check_url *u, unsigned code)
{
	u->status[(code - 100) / 8] |= (uint8_t)(1U << ((code - 100) % 8));
}

static void
url_end(struct cfg_parse *p, void *obj)
{
	struct check_url *u = obj;
	unsigned i;

	if (u->path == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "HTTP/SSL_GET checker url has no path - ignoring");
		return;		/* http_end drops it */
	}
	for (i = 0; i < sizeof(u->status); i++)
		if (u->status[i] != 0)
			return;
	for (i = 200; i <= 299; i++)
		set_status(u, i);
}

static void
h_path(struct cfg_parse *p, const struct cfg_kw *kw, const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);

	if (s != NULL)
		cur_url(p)->path = cfg_strdup(p, s);
}

static int
hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void
h_digest(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_url *u = cur_url(p);
	const char *s = cfg_arg(p, st, 1);
	uint8_t d[16];
	int i, hi, lo;

	if (s == NULL)
		return;
	if (u->has_digest) {
		cfg_report(p, CFG_GENERAL_ERROR, "Digest '%s' is a duplicate", s);
		return;
	}
	if (strlen(s) != 32) {
		cfg_report(p, CFG_GENERAL_ERROR, "digest '%s' character length "
		    "should be %d rather than %zu", s, 32, strlen(s));
		return;
	}
	for (i = 15; i >= 0; i--) {
		hi = hexval((unsigned char)s[2 * i]);
		lo = hexval((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "Unable to interpret "
			    "hex digit in '%.*s' at offset %d/%d", 2 * i + 2, s,
			    2 * i, 2 * i + 1);
			return;
		}
		d[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(u->digest, d, sizeof(d));
	u->has_digest = true;
}

static void
h_status_code(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_url *u = cur_url(p);
	unsigned long min, max, j;
	char *end;
	int i;

	for (i = 1; i < st->argc; i++) {
		min = strtoul(st->argv[i], &end, 10);
		max = min;
		if (*end == '-')
			max = strtoul(end + 1, &end, 10);
		if (*end != '\0' || min < 100 || min > 599 || max < 100 ||
		    max > 599 || min > max) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid HTTP_GET status code '%s'", st->argv[i]);
			continue;
		}
		for (j = min; j <= max; j++)
			set_status(u, (unsigned)j);
	}
}

static void
h_regex_options(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_url *u = cur_url(p);
	int i, j;

	for (i = 1; i < st->argc; i++)
		for (j = 0; check_regex_option_names[j] != NULL; j++)
			if (!strcmp(st->argv[i], check_regex_option_names[j])) {
				u->regex_options |= 1U << j;
				break;
			}
}

static void
h_regex_offset(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_url *u = cur_url(p);
	const char *type = kw->min ? "max" : "min";
	unsigned long long v = 0;
	char *end;

	if (st->argc != 2)
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Missing or too may options for regex_%s_offset", type);
	else {
		v = strtoull(st->argv[1], &end, 10);
		if (*end != '\0') {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Invalid regex_%s_offset %s specified", type,
			    st->argv[1]);
			v = 0;
		}
	}
	if (kw->min)
		u->regex_max_offset = v + 1;
	else
		u->regex_min_offset = v;
}

static void
h_regex_stack(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_url *u = cur_url(p);
	unsigned long long a, b;
	char *end;

	if (st->argc != 3) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "regex_stack requires start and max values");
		return;
	}
	a = strtoull(st->argv[1], &end, 10);
	if (*end != '\0') {
		cfg_report(p, CFG_GENERAL_ERROR, "regex_stack invalid start value");
		return;
	}
	b = strtoull(st->argv[2], &end, 10);
	if (*end != '\0') {
		cfg_report(p, CFG_GENERAL_ERROR, "regex_stack invalid max value");
		return;
	}
	if (a > b) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "regex stack start cannot exceed max value");
		return;
	}
	u->regex_stack = true;
	u->regex_stack_start = a;
	u->regex_stack_max = b;
}

#define URL_OFF(f)	offsetof(struct check_url, f)
static const struct cfg_kw kw_url[] = {
	{ "digest", h_digest, NULL, 0, 0, 0, 0 },
	{ "path", h_path, NULL, 0, 0, 0, 0 },
	{ "regex", cfg_h_str, NULL, 0, URL_OFF(regex), 0, 1,
	    "regex missing or too many fields" },
	{ "regex_max_offset", h_regex_offset, NULL, 0, 0, 1, 0 },
	{ "regex_min_offset", h_regex_offset, NULL, 0, 0, 0, 0 },
	{ "regex_no_match", cfg_h_flag, NULL, 0, URL_OFF(regex_no_match), 0,
	    0 },
	{ "regex_options", h_regex_options, NULL, 0, 0, 0, 0 },
	{ "regex_stack", h_regex_stack, NULL, 0, 0, 0, 0 },
	{ "status_code", h_status_code, NULL, 0, 0, 0, 0 },
	{ "virtualhost", cfg_h_str, NULL, 0, URL_OFF(virtualhost), 0, 0,
	    "Missing HTTP_GET virtualhost name" },
};
static CFG_BLOCK(url_block, "url", kw_url, url_end);

/* Link-local destinations need bind_if (check_conn_opts). */
static bool
conn_ok(struct cfg_parse *p, const struct check_conn *co, const struct addr *d)
{
	char buf[ADDR_STRLEN];

	if (d->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&d->u.v6) &&
	    co->bind_if == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Checker link local address %s requires a bind_if",
		    addr_str(d, buf, sizeof(buf)));
		return false;
	}
	return true;
}

static const struct addr *
conn_dst(const struct check_conf *ck, const struct check_conn *co)
{
	return co->dst.family != AF_UNSPEC ? &co->dst : &ck->rs->addr;
}

static void
http_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;
	struct check_url *u, *nu;

	for (u = STAILQ_FIRST(&ck->u.http.urls); u != NULL; u = nu) {
		nu = STAILQ_NEXT(u, next);
		if (u->path == NULL)
			STAILQ_REMOVE(&ck->u.http.urls, u, check_url, next);
	}
	if (STAILQ_EMPTY(&ck->u.http.urls)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "HTTP/SSL_GET checker has no urls specified - ignoring");
		ck->dropped = true;
	}
	if (!conn_ok(p, &ck->conn, conn_dst(ck, &ck->conn)))
		ck->dropped = true;
}

static const struct cfg_kw kw_http[] = {
	KW_ALPHA, KW_CONN, KW_DBR, KW_DELAY,
	{ "enable_sni", h_opt_bool, NULL, 0, CK_OFF(u.http.enable_sni), 0, 0 },
	{ "fast_recovery", h_opt_bool, NULL, 0, CK_OFF(u.http.fast_recovery),
	    0, 0 },
	KW_FWMARK,
	{ "http_protocol", h_http_protocol, NULL, 0, 0, 0, 0 },
	KW_LOGALL, KW_NBGET, KW_RETRY,
	{ "url", h_url, &url_block, 0, 0, 0, 0 },
	{ "virtualhost", cfg_h_str, NULL, 0, CK_OFF(u.http.virtualhost), 0, 0,
	    "HTTP_GET virtualhost name missing" },
	KW_WARMUP,
};
CFG_BLOCK(check_blk_http, "HTTP_GET", kw_http, http_end);
CFG_BLOCK(check_blk_ssl, "SSL_GET", kw_http, http_end);

/* --- MISC_CHECK -------------------------------------------------------- */

static void
h_misc_path(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct script_conf *s = cfg_read_script(p, st, 1);

	if (s != NULL)
		cur(p)->u.misc.path = s;
}

static void
h_misc_timeout(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX / 1000000, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid misc_timeout value '%s'", s);
		return;
	}
	cur(p)->u.misc.timeout = v * 1000000;
}

static void
h_misc_user(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_misc *m = &cur(p)->u.misc;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "No user specified for misc checker script %s",
		    m->path ? m->path->cmd : "(null)");
		return;
	}
	m->user = cfg_strdup(p, st->argv[1]);
	m->group = st->argc > 2 ? cfg_strdup(p, st->argv[2]) : NULL;
}

static void
misc_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;

	if (ck->u.misc.path == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "No script path has been "
		    "specified for MISC_CHECKER - skipping");
		ck->dropped = true;
	}
}

static const struct cfg_kw kw_misc[] = {
	KW_ALPHA, KW_DBR, KW_DELAY, KW_LOGALL,
	{ "misc_dynamic", cfg_h_flag, NULL, 0, CK_OFF(u.misc.dynamic), 0, 0 },
	{ "misc_path", h_misc_path, NULL, 0, 0, 0, 0 },
	{ "misc_timeout", h_misc_timeout, NULL, 0, 0, 0, 0 },
	KW_NBGET, KW_RETRY,
	{ "user", h_misc_user, NULL, 0, 0, 0, 0 },
	KW_WARMUP,
};
CFG_BLOCK(check_blk_misc, "MISC_CHECK", kw_misc, misc_end);

/* --- SMTP_CHECK -------------------------------------------------------- */

/*
 * host { }: keepalived makes each host block a further SMTP checker of
 * the real server, starting from the settings of the enclosing one.
 */
static void
h_smtp_host(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_conf *ck = cur(p);
	struct check_conf *h = ARENA_NEW(cfg_arena(p), struct check_conf);

	*h = *ck;
	h->loc = cfg_here(p);
	conn_init(&h->conn, h->loc);
	STAILQ_INSERT_TAIL(&ck->rs->checkers, h, next);
	cfg_enter(p, h);
}

static void
smtp_host_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *h = obj;

	if (h->u.smtp.helo_name == NULL)
		h->u.smtp.helo_name = cfg_strdup(p,
		    "smtpchecker.keepalived.org");
	if (!conn_ok(p, &h->conn, conn_dst(h, &h->conn)))
		h->dropped = true;
}

static const struct cfg_kw kw_smtp_host[] = {
	KW_ALPHA, KW_CONN, KW_DBR, KW_DELAY, KW_FWMARK, KW_LOGALL, KW_NBGET,
	KW_RETRY, KW_WARMUP,
};
static CFG_BLOCK(smtp_host_block, "host", kw_smtp_host, smtp_host_end);

static void
smtp_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;

	if (ck->u.smtp.helo_name == NULL)
		ck->u.smtp.helo_name = cfg_strdup(p,
		    "smtpchecker.keepalived.org");
}

static const struct cfg_kw kw_smtp[] = {
	KW_ALPHA, KW_CONN, KW_DBR, KW_DELAY, KW_FWMARK,
	{ "helo_name", cfg_h_str, NULL, 0, CK_OFF(u.smtp.helo_name), 0, 0,
	    "SMTP_CHECK helo name missing" },
	{ "host", h_smtp_host, &smtp_host_block, 0, 0, 0, 0 },
	KW_LOGALL, KW_NBGET, KW_RETRY, KW_WARMUP,
};
CFG_BLOCK(check_blk_smtp, "SMTP_CHECK", kw_smtp, smtp_end);

/* --- DNS_CHECK --------------------------------------------------------- */

static const char *const dns_types[] = {
	"A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", NULL
};

static void
h_dns_type(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	int i;

	if (s == NULL)
		return;
	for (i = 0; dns_types[i] != NULL; i++)
		if (!strcasecmp(s, dns_types[i])) {
			cur(p)->u.dns.type = cfg_strdup(p, dns_types[i]);
			return;
		}
	cfg_report(p, CFG_GENERAL_ERROR, "Unknown DNS check type %s - ignoring",
	    s);
}

static void
h_dns_name(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_dns *d = &cur(p)->u.dns;
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	if (d->name != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "DNS_CHECK name already specified - ignoring");
		return;
	}
	if (strstr(s, "..") != NULL || (s[0] == '.' && s[1] != '\0')) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "DNS_CHECK name '%s' has empty label - ignoring", s);
		return;
	}
	d->name = cfg_strdup(p, s);
}

static void
dns_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;

	if (ck->u.dns.type == NULL)
		ck->u.dns.type = cfg_strdup(p, "SOA");
	if (ck->u.dns.name == NULL)
		ck->u.dns.name = cfg_strdup(p, ".");
}

static const struct cfg_kw kw_dns[] = {
	KW_ALPHA, KW_CONN, KW_DBR, KW_DELAY, KW_FWMARK, KW_LOGALL,
	{ "name", h_dns_name, NULL, 0, 0, 0, 0 },
	KW_NBGET, KW_RETRY,
	{ "type", h_dns_type, NULL, 0, 0, 0, 0 },
	KW_WARMUP,
};
CFG_BLOCK(check_blk_dns, "DNS_CHECK", kw_dns, dns_end);

/* --- UDP_CHECK --------------------------------------------------------- */

/* Hex bytes; with mask, 'x' nibbles are wildcards.  -1 if invalid. */
static int
read_hex(struct cfg_parse *p, const char *s, uint8_t **out, uint8_t **mask)
{
	size_t n = strlen(s), i, nb = (n + 1) / 2;
	uint8_t *b, *m;
	int hi, lo;

	if (n == 0)
		return -1;
	b = arena_alloc(cfg_arena(p), nb);
	m = arena_alloc(cfg_arena(p), nb);
	for (i = 0; i < nb; i++) {
		hi = hexval((unsigned char)s[2 * i]);
		lo = 2 * i + 1 < n ? hexval((unsigned char)s[2 * i + 1]) : 0;
		m[i] = 0xff;
		if (mask != NULL && (s[2 * i] == 'x' || s[2 * i] == 'X')) {
			hi = 0;
			m[i] &= 0x0f;
		}
		if (mask != NULL && 2 * i + 1 < n && (s[2 * i + 1] == 'x' ||
		    s[2 * i + 1] == 'X')) {
			lo = 0;
			m[i] &= 0xf0;
		}
		if (hi < 0 || lo < 0)
			return -1;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	*out = b;
	if (mask != NULL)
		*mask = m;
	return (int)nb;
}

static void
h_payload(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_udp *u = &cur(p)->u.udp;
	int n;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "UDP_CHECK payload requires a payload");
		return;
	}
	if ((n = read_hex(p, st->argv[1], &u->payload, NULL)) < 0) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid hex string for UDP_CHECK payload");
		return;
	}
	u->payload_len = (unsigned)n;
}

static void
h_require_reply(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_udp *u = &cur(p)->u.udp;
	int n;

	u->require_reply = true;
	if (st->argc < 2)
		return;
	if ((n = read_hex(p, st->argv[1], &u->reply, &u->reply_mask)) < 0) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid hex string for UDP_CHECK reply");
		return;
	}
	u->reply_len = (unsigned)n;
}

static void
udp_end(struct cfg_parse *p, void *obj)
{
	struct check_udp *u = &((struct check_conf *)obj)->u.udp;

	if (u->min_reply_len > u->max_reply_len)
		cfg_report(p, CFG_GENERAL_ERROR, "UDP_CHECK min_reply length %d "
		    "> max_reply_length %d - will always fail",
		    (int)u->min_reply_len, (int)u->max_reply_len);
}

static const struct cfg_kw kw_udp[] = {
	KW_ALPHA, KW_CONN, KW_DBR, KW_DELAY, KW_FWMARK, KW_LOGALL,
	{ "max_reply_length", cfg_h_uint, NULL, 0, CK_OFF(u.udp.max_reply_len),
	    0, UDP_MAX_LEN, "UDP_CHECK max length %s not valid - must be "
	    "between 0 & 65535" },
	{ "min_reply_length", cfg_h_uint, NULL, 0, CK_OFF(u.udp.min_reply_len),
	    0, UDP_MAX_LEN, "UDP_CHECK min length %s not valid - must be "
	    "between 0 & 65535" },
	KW_NBGET,
	{ "payload", h_payload, NULL, 0, 0, 0, 0 },
	{ "require_reply", h_require_reply, NULL, 0, 0, 0, 0 },
	KW_RETRY, KW_WARMUP,
};
CFG_BLOCK(check_blk_udp, "UDP_CHECK", kw_udp, udp_end);

/* --- FILE_CHECK and BFD_CHECK ------------------------------------------ */

/* The track_file must be defined earlier (keepalived resolves it here). */
static void
h_file_track(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const struct vrrp_track_file_conf *tf;
	const char *s = cfg_arg(p, st, 1);
	struct cfg_loc here = cfg_here(p);

	if (s == NULL)
		return;
	STAILQ_FOREACH(tf, &cfg_conf(p)->vrrp.track_files, next)
		if (!strcmp(tf->name, s) && (tf->loc.file == NULL ||
		    here.file == NULL || strcmp(tf->loc.file, here.file) ||
		    tf->loc.line < here.line))
			break;
	if (tf == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "track_file %s not found", s);
		return;
	}
	cur(p)->u.file.track_file = cfg_strdup(p, s);
	/* Without its own weight the check takes the track_file's. */
	if (!cur(p)->u.file.weight_set) {
		cur(p)->u.file.weight = tf->weight;
		cur(p)->u.file.reverse = tf->reverse;
	}
}

static void
h_file_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_file *f = &cur(p)->u.file;
	int64_t v;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "track file weight missing");
		return;
	}
	if (!cfg_read_int(p, st->argv[1], INT64_MIN, INT64_MAX, &v))
		goto bad;
	if (v < INT32_MIN || v > INT32_MAX) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside integer range", st->argv[1]);
		goto bad;
	}
	if (v < -INT32_MAX) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside range [%d, %d]", st->argv[1],
		    -INT32_MAX, INT32_MAX);
		goto bad;
	}
	if (st->argc > 2 && strcmp(st->argv[2], "reverse") &&
	    strcmp(st->argv[2], "noreverse")) {
		/* keepalived then ignores the whole line. */
		cfg_report(p, CFG_GENERAL_ERROR,
		    "unknown track file weight option %s - ignoring",
		    st->argv[2]);
		return;
	}
	f->weight = (int)v;
	f->weight_set = true;
	f->reverse = st->argc > 2 && !strcmp(st->argv[2], "reverse");
	return;
bad:
	cfg_report(p, CFG_GENERAL_ERROR, "weight for track file must be in "
	    "[%d..%d] inclusive. Ignoring...", -INT32_MAX, INT32_MAX);
}

static void
file_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;

	if (ck->u.file.track_file == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "FILE_CHECK has no track_file specified - ignoring");
		ck->dropped = true;
	}
}

static const struct cfg_kw kw_file[] = {
	{ "track_file", h_file_track, NULL, 0, 0, 0, 0 },
	{ "weight", h_file_weight, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(check_blk_file, "FILE_CHECK", kw_file, file_end);

static void
h_bfd_name(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_conf *ck = cur(p);
	char buf[ADDR_STRLEN + 16];

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) BFD_CHECK - No or too "
		    "many names specified - skipping checker",
		    check_rs_str(ck->rs, buf, sizeof(buf)));
		ck->dropped = true;
		return;
	}
	ck->u.bfd.name = cfg_strdup(p, st->argv[1]);
}

static void
bfd_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;
	char buf[ADDR_STRLEN + 16];

	if (ck->u.bfd.name == NULL && !ck->dropped) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) No name has been "
		    "specified for BFD_CHECKER - skipping",
		    check_rs_str(ck->rs, buf, sizeof(buf)));
		ck->dropped = true;
	}
}

static const struct cfg_kw kw_bfd[] = {
	KW_ALPHA,
	{ "name", h_bfd_name, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(check_blk_bfd, "BFD_CHECK", kw_bfd, bfd_end);

/* --- MYSQL_CHECK (Vigil) ---------------------------------------------- */

#define MYSQL_DFL_PORT	3306
#define MYSQL_DFL_GROUP	"client"
#define MY_OFF(f)	offsetof(struct check_conf, u.mysql.f)

/* user, password, database, expect: one word (quote it if needed). */
static void
h_mysql_str(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "MYSQL_CHECK %s missing - "
		    "ignoring", kw->name);
		return;
	}
	if (st->argc > 2)
		cfg_report(p, CFG_GENERAL_ERROR, "MYSQL_CHECK %s takes one "
		    "word (quote it) - ignoring extra parameters", kw->name);
	*CFG_FIELD(p, kw, char *) = cfg_strdup(p, st->argv[1]);
}

/* query: the words after it, joined by spaces ("SELECT 1" or SELECT 1). */
static void
h_mysql_query(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	size_t len = 0, o = 0;
	char *q;
	int i;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "MYSQL_CHECK query missing - ignoring");
		return;
	}
	for (i = 1; i < st->argc; i++)
		len += strlen(st->argv[i]) + 1;
	q = arena_alloc(cfg_arena(p), len);
	for (i = 1; i < st->argc; i++)
		o += (size_t)snprintf(q + o, len - o, "%s%s", i > 1 ? " " : "",
		    st->argv[i]);
	cur(p)->u.mysql.query = q;
}

static void
h_mysql_option_file(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_mysql *m = &cur(p)->u.mysql;

	if (st->argc < 2 || st->argc > 3) {
		cfg_report(p, CFG_GENERAL_ERROR, "MYSQL_CHECK option_file needs "
		    "a path and at most a group - ignoring");
		return;
	}
	m->option_file = cfg_strdup(p, st->argv[1]);
	m->option_group = cfg_strdup(p, st->argc > 2 ? st->argv[2] :
	    MYSQL_DFL_GROUP);
}

static void
h_mysql_read_only(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct check_mysql *m = &cur(p)->u.mysql;
	int v;

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "MYSQL_CHECK read_only needs "
		    "one of on, off, any - ignoring");
		return;
	}
	if (!strcasecmp(st->argv[1], "any")) {
		m->read_only = CHECK_MYSQL_RO_ANY;
		return;
	}
	if ((v = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid MYSQL_CHECK read_only "
		    "'%s' (on, off or any) - ignoring", st->argv[1]);
		return;
	}
	m->read_only = v ? CHECK_MYSQL_RO_ON : CHECK_MYSQL_RO_OFF;
}

static void
h_mysql_replication(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	/* The block shares the checker's object. */
	cur(p)->u.mysql.replication = true;
}

static void
h_mysql_max_lag(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	uint64_t v;

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "MYSQL_CHECK max_lag needs a number of seconds - ignoring");
		return;
	}
	if (!cfg_read_uint(p, st->argv[1], 0, UINT32_MAX - 1, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid MYSQL_CHECK max_lag '%s' - ignoring", st->argv[1]);
		return;
	}
	cur(p)->u.mysql.max_lag = (uint32_t)v;
}

static const struct cfg_kw kw_mysql_repl[] = {
	{ "io_running", cfg_h_bool, NULL, 0, MY_OFF(io_running), 0, 0 },
	{ "max_lag", h_mysql_max_lag, NULL, 0, 0, 0, 0 },
	{ "sql_running", cfg_h_bool, NULL, 0, MY_OFF(sql_running), 0, 0 },
};
static CFG_BLOCK(mysql_repl_block, "replication", kw_mysql_repl, NULL);

static void
mysql_end(struct cfg_parse *p, void *obj)
{
	struct check_conf *ck = obj;
	struct check_mysql *m = &ck->u.mysql;

	if (m->user == NULL && m->option_file == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "MYSQL_CHECK has no user and no option_file - ignoring");
		ck->dropped = true;
	}
	if (m->expect != NULL && m->query == NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "MYSQL_CHECK expect without a query - ignoring expect");
		m->expect = NULL;
	}
	if (ck->conn.dst_port == 0 && ck->rs->port == 0)
		ck->conn.dst_port = MYSQL_DFL_PORT;
	if (!conn_ok(p, &ck->conn, conn_dst(ck, &ck->conn)))
		ck->dropped = true;
}

/* libmariadb cannot apply bind_if, bind_port or fwmark: not accepted. */
static const struct cfg_kw kw_mysql[] = {
	KW_ALPHA,
	{ "bindto", h_bindto, NULL, 0, 0, 0, 0 },
	{ "connect_ip", h_connect_ip, NULL, 0, 0, 0, 0 },
	KW_CONN_PORT, KW_CONN_TO,
	{ "database", h_mysql_str, NULL, 0, MY_OFF(database), 0, 0 },
	KW_DBR, KW_DELAY,
	{ "expect", h_mysql_str, NULL, 0, MY_OFF(expect), 0, 0 },
	KW_LOGALL, KW_NBGET,
	{ "option_file", h_mysql_option_file, NULL, 0, 0, 0, 0 },
	{ "password", h_mysql_str, NULL, 0, MY_OFF(password), 0, 0 },
	{ "query", h_mysql_query, NULL, 0, 0, 0, 0 },
	{ "read_only", h_mysql_read_only, NULL, 0, 0, 0, 0 },
	{ "replication", h_mysql_replication, &mysql_repl_block, 0, 0, 0, 0 },
	KW_RETRY,
	{ "user", h_mysql_str, NULL, 0, MY_OFF(user), 0, 0 },
	KW_WARMUP,
};
CFG_BLOCK(check_blk_mysql, "MYSQL_CHECK", kw_mysql, mysql_end);

const struct cfg_block *const check_checker_blocks[] = {
	&check_blk_tcp, &check_blk_http, &check_blk_ssl, &check_blk_misc,
	&check_blk_smtp, &smtp_host_block, &check_blk_dns, &check_blk_udp,
	&check_blk_ping, &check_blk_file, &check_blk_bfd, &url_block,
	&check_blk_mysql, &mysql_repl_block,
};
const size_t check_checker_blocks_n =
    sizeof(check_checker_blocks) / sizeof(check_checker_blocks[0]);

/* --- dump -------------------------------------------------------------- */

static void
dump_hex(FILE *f, int d, const char *key, const uint8_t *b, unsigned n)
{
	char buf[2 * 256 + 1];
	unsigned i;

	if (b == NULL) {
		dump_kv(f, d, key, "(unset)");
		return;
	}
	for (i = 0; i < n && i < 256; i++)
		snprintf(buf + 2 * i, 3, "%02x", b[i]);
	buf[2 * i] = '\0';
	dump_kv(f, d, key, "%s", buf);
}

static void
dump_conn(FILE *f, int d, const struct check_conn *co)
{
	dump_addr(f, d, "connect_ip", &co->dst);
	dump_kv(f, d, "connect_port", "%u", co->dst_port);
	dump_addr(f, d, "bindto", &co->bindto);
	dump_kv(f, d, "bind_port", "%u", co->bind_port);
	dump_str(f, d, "bind_if", co->bind_if);
	if (co->connect_timeout == CHECK_UNSET_T)
		dump_kv(f, d, "connect_timeout", "(unset)");
	else
		dump_timer(f, d, "connect_timeout", co->connect_timeout);
	dump_kv(f, d, "fwmark", "%u", co->fwmark);
}

static void
dump_status(FILE *f, int d, const struct check_url *u)
{
	char buf[512];
	size_t o = 0;
	unsigned c, e;

	buf[0] = '\0';
	for (c = 100; c <= 599; c++) {
		if (!(u->status[(c - 100) / 8] & (1U << ((c - 100) % 8))))
			continue;
		for (e = c; e < 599 && (u->status[(e + 1 - 100) / 8] &
		    (1U << ((e + 1 - 100) % 8))); e++)
			;
		if (o < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o,
			    e == c ? "%s%u" : "%s%u-%u", o ? " " : "", c, e);
		c = e;
	}
	dump_kv(f, d, "status_code", "%s", buf);
}

static void
dump_url(FILE *f, int d, const struct check_url *u)
{
	char buf[33];
	unsigned i;

	dump_open(f, d, "url");
	dump_str(f, d + 1, "path", u->path);
	if (u->has_digest) {
		for (i = 0; i < 16; i++)
			snprintf(buf + 2 * i, 3, "%02x", u->digest[i]);
		dump_kv(f, d + 1, "digest", "%s", buf);
	}
	dump_status(f, d + 1, u);
	dump_str(f, d + 1, "virtualhost", u->virtualhost);
	dump_str(f, d + 1, "regex", u->regex);
	dump_kv(f, d + 1, "regex_options", "0x%x", u->regex_options);
	dump_bool(f, d + 1, "regex_no_match", u->regex_no_match);
	dump_kv(f, d + 1, "regex_min_offset", "%llu",
	    (unsigned long long)u->regex_min_offset);
	dump_kv(f, d + 1, "regex_max_offset", "%llu",
	    (unsigned long long)u->regex_max_offset);
	if (u->regex_stack)
		dump_kv(f, d + 1, "regex_stack", "%llu %llu",
		    (unsigned long long)u->regex_stack_start,
		    (unsigned long long)u->regex_stack_max);
	dump_close(f, d);
}

static void
dump_mysql(FILE *f, int d, const struct check_mysql *m)
{
	static const char *const ro[] = { "any", "off", "on" };

	dump_str(f, d, "user", m->user);
	/* The secret stays out of dumps: only whether there is one. */
	dump_kv(f, d, "password", "%s", m->password ? "(hidden)" : "(unset)");
	dump_str(f, d, "option_file", m->option_file);
	dump_str(f, d, "option_group", m->option_group);
	dump_str(f, d, "database", m->database);
	dump_str(f, d, "query", m->query);
	dump_str(f, d, "expect", m->expect);
	dump_kv(f, d, "read_only", "%s", ro[m->read_only]);
	if (!m->replication)
		return;
	dump_open(f, d, "replication");
	dump_bool(f, d + 1, "io_running", m->io_running);
	dump_bool(f, d + 1, "sql_running", m->sql_running);
	if (m->max_lag == CHECK_UNSET_U)
		dump_kv(f, d + 1, "max_lag", "(unset)");
	else
		dump_kv(f, d + 1, "max_lag", "%u", m->max_lag);
	dump_close(f, d);
}

static void
dump_specific(const struct check_conf *ck, FILE *f, int d)
{
	static const char *const hp[] = { "1.0", "1.0C", "1.1" };
	const struct check_url *u;

	switch (ck->type) {
	case CHECK_HTTP:
	case CHECK_SSL:
		dump_kv(f, d, "http_protocol", "%s",
		    hp[ck->u.http.http_protocol]);
		dump_str(f, d, "virtualhost", ck->u.http.virtualhost);
		dump_bool(f, d, "enable_sni", ck->u.http.enable_sni);
		dump_bool(f, d, "fast_recovery", ck->u.http.fast_recovery);
		STAILQ_FOREACH(u, &ck->u.http.urls, next)
			dump_url(f, d, u);
		break;
	case CHECK_MISC:
		dump_script(f, d, "misc_path", ck->u.misc.path);
		dump_timer(f, d, "misc_timeout", ck->u.misc.timeout);
		dump_bool(f, d, "misc_dynamic", ck->u.misc.dynamic);
		dump_str(f, d, "user", ck->u.misc.user);
		dump_str(f, d, "group", ck->u.misc.group);
		break;
	case CHECK_SMTP:
		dump_str(f, d, "helo_name", ck->u.smtp.helo_name);
		break;
	case CHECK_DNS:
		dump_str(f, d, "type", ck->u.dns.type);
		dump_str(f, d, "name", ck->u.dns.name);
		break;
	case CHECK_UDP:
		dump_hex(f, d, "payload", ck->u.udp.payload,
		    ck->u.udp.payload_len);
		dump_bool(f, d, "require_reply", ck->u.udp.require_reply);
		dump_hex(f, d, "reply", ck->u.udp.reply, ck->u.udp.reply_len);
		dump_hex(f, d, "reply_mask", ck->u.udp.reply_mask,
		    ck->u.udp.reply_len);
		dump_kv(f, d, "min_reply_length", "%u",
		    ck->u.udp.min_reply_len);
		dump_kv(f, d, "max_reply_length", "%u",
		    ck->u.udp.max_reply_len);
		break;
	case CHECK_FILE:
		dump_str(f, d, "track_file", ck->u.file.track_file);
		dump_kv(f, d, "weight", "%d%s", ck->u.file.weight,
		    ck->u.file.reverse ? " reverse" : "");
		break;
	case CHECK_BFD:
		dump_str(f, d, "name", ck->u.bfd.name);
		break;
	case CHECK_MYSQL:
		dump_mysql(f, d, &ck->u.mysql);
		break;
	default:
		break;
	}
}

void
check_checker_dump(const struct check_conf *ck, FILE *f, int d)
{
	dump_open(f, d, "%s", check_type_name(ck->type));
	dump_kv(f, d + 1, "alpha", "%d", ck->alpha);
	if (ck->type != CHECK_FILE && ck->type != CHECK_BFD) {
		dump_bool(f, d + 1, "log_all_failures", ck->log_all_failures);
		dump_kv(f, d + 1, "retry", "%u", ck->retry);
		dump_timer(f, d + 1, "delay_loop", ck->delay_loop);
		dump_timer(f, d + 1, "warmup", ck->warmup);
		dump_timer(f, d + 1, "delay_before_retry",
		    ck->delay_before_retry);
	}
	if (ck->has_conn)
		dump_conn(f, d + 1, &ck->conn);
	dump_specific(ck, f, d + 1);
	dump_close(f, d);
}
