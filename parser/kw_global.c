/*
 * kw_global: the keywords of global_defs and the root-only globals
 * (keepalived/core/global_parser.c of keepalived 2.2.7).
 *
 * Each handler reproduces the argument rules and the messages of its
 * keepalived counterpart: where keepalived reads a word without checking
 * that it exists, the missing word is the fatal missing-parameter error
 * (cfg_arg); where it checks first, its own message is reported and the
 * line ignored.  keepalived's log_message() lines are not configuration
 * errors (`-t` does not print them) and are left out.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define G(f)	offsetof(struct global_conf, f)
#define R(f)	offsetof(struct conf, global.f)

#define TASK_COMM_LEN		16	/* kernel limit on process names */
#define SCHED_RR_MIN		1
#define SCHED_RR_MAX		99
#define LVS_MAX_TIMEOUT		(86400 * 31)
#define NFT_TABLE_MAXNAMELEN	256
#define IP_VS_IFNAME_MAXLEN	16
#define USEC_PER_SEC		1000000ULL

#define FIELD(p, kw, type)	CFG_FIELD(p, kw, type)

static struct global_conf *
gconf(struct cfg_parse *p)
{
	return &cfg_conf(p)->global;
}

/* "vrrp" from "vrrp_rt_priority": the process a keyword tunes. */
static const char *
kw_process(struct cfg_parse *p, const char *name)
{
	const char *u = strchr(name, '_');
	size_t n = u ? (size_t)(u - name) : strlen(name);
	char buf[32];

	snprintf(buf, sizeof(buf), "%.*s", (int)n, name);
	return cfg_strdup(p, buf);
}

/* --- booleans ---------------------------------------------------------- */

/*
 * [BOOL] keywords: absent means true.  kw->min selects keepalived's
 * wording of a bad value: 0 "Invalid value '%s' for global %s specified",
 * 1 "Invalid value for %s specified".
 */
static int
opt_bool(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st, const char *name)
{
	int v;

	if (st->argc < 2)
		return 1;
	v = cfg_bool_value(st->argv[1]);
	if (v != -1)
		return v;
	if (kw->min == 1)
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid value for %s specified",
		    name);
	else
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid value '%s' for global %s specified", st->argv[1],
		    name);
	return -1;
}

static void
h_bool(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int v = opt_bool(p, kw, st, kw->name);

	if (v != -1)
		*FIELD(p, kw, bool) = v;
}

static void
h_tri(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int v = opt_bool(p, kw, st, kw->name);

	if (v != -1)
		*FIELD(p, kw, int) = v;
}

static void
h_data_use_instance(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	/* keepalived misspells the keyword in this message. */
	int v = opt_bool(p, kw, st, "date_use_instance");

	if (v != -1)
		gconf(p)->data_use_instance = v;
}

/* --- names, identity --------------------------------------------------- */

static void
save_process_name(struct cfg_parse *p, char **dst, const char *src)
{
	size_t len = strlen(src);
	char buf[TASK_COMM_LEN];

	if (len >= TASK_COMM_LEN) {
		cfg_report(p, CFG_GENERAL_ERROR, "Process name %s more than %d "
		    "characters, truncating", src, TASK_COMM_LEN - 1);
		len = TASK_COMM_LEN - 1;
	}
	snprintf(buf, sizeof(buf), "%.*s", (int)len, src);
	*dst = cfg_strdup(p, buf);
}

static void
h_process_names(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	save_process_name(p, &g->vrrp_process_name, "keepalived_vrrp");
	save_process_name(p, &g->checker_process_name, "keepalived_lvs");
	save_process_name(p, &g->bfd_process_name, "keepalived_bfd");
}

static void
h_process_name(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *v = cfg_arg(p, st, 1);

	if (v != NULL)
		save_process_name(p, FIELD(p, kw, char *), v);
}

/* smtp_helo_name: silently ignored without a value. */
static void
h_str_opt(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	if (st->argc >= 2)
		*FIELD(p, kw, char *) = cfg_strdup(p, st->argv[1]);
}

/* --- email ------------------------------------------------------------- */

static void
h_email(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	struct global_email *e;
	int i;

	for (i = 0; i < st->argc; i++) {
		e = ARENA_NEW(cfg_arena(p), struct global_email);
		e->addr = cfg_strdup(p, st->argv[i]);
		STAILQ_INSERT_TAIL(&g->notification_email, e, next);
	}
}

/* At the block's '}': keepalived warns about an empty list. */
static void
email_end(struct cfg_parse *p, void *obj)
{
	if (STAILQ_EMPTY(&gconf(p)->notification_email))
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Warning - empty notification_email block");
}

static const struct cfg_block email_block = {
	"notification_email", NULL, 0, email_end
};

/* A port as keepalived's inet_stosockaddr reads it. */
static bool
read_port(struct cfg_parse *p, const char *s, uint16_t *port)
{
	uint64_t v;

	if (!cfg_read_uint(p, s, 1, 65535, &v))
		return false;
	*port = (uint16_t)v;
	return true;
}

/* Host name lookup, as keepalived's domain_stosockaddr. */
static bool
resolve_name(const char *name, struct addr *a)
{
	struct addrinfo *res = NULL;
	bool ok = false;

	if (getaddrinfo(name, NULL, NULL, &res) != 0 || res == NULL)
		return false;
	memset(a, 0, sizeof(*a));
	if (res->ai_family == AF_INET) {
		a->family = AF_INET;
		a->prefix = 32;
		a->u.v4 = ((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr;
		ok = true;
	} else if (res->ai_family == AF_INET6) {
		a->family = AF_INET6;
		a->prefix = 128;
		a->u.v6 = ((struct sockaddr_in6 *)(void *)res->ai_addr)->sin6_addr;
		ok = true;
	}
	freeaddrinfo(res);
	return ok;
}

static void
h_smtp_server(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_smtp_server *s = &gconf(p)->smtp_server;
	const char *host = cfg_arg(p, st, 1);
	const char *port = st->argc >= 3 ? st->argv[2] : "25";
	struct addr a = { 0 };
	bool ok = false;

	if (host == NULL)
		return;
	/* keepalived tries the address form, then the name form, and each
	 * reads the port (so a bad port is reported twice). */
	if (strpbrk(host, "-/") == NULL && read_port(p, port, &s->port))
		ok = addr_parse_host(host, &a) == 0;
	if (!ok && read_port(p, port, &s->port))
		ok = resolve_name(host, &a);
	s->name = cfg_strdup(p, host);
	s->port_str = cfg_strdup(p, port);
	s->addr = a;
	if (!ok) {
		s->addr.family = AF_UNSPEC;
		s->name = NULL;
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid smtp server %s %s",
		    host, port);
	}
}

static void
h_smtp_timeout(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX / USEC_PER_SEC, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "smtp_connect_timeout '%s' must "
		    "be in [0, %llu] - ignoring", s,
		    (unsigned long long)(UINT32_MAX / USEC_PER_SEC));
		return;
	}
	if (v == 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "smtp_conect_timeout must be "
		    "greater than 0, setting to 1");
		v = 1;
	}
	gconf(p)->smtp_connect_timeout = v * USEC_PER_SEC;
}

/* --- parent scripts ---------------------------------------------------- */

static bool
user_ok(const char *user, const char *group)
{
	if (user != NULL && getpwnam(user) == NULL)
		return false;
	if (group != NULL && getgrnam(group) == NULL)
		return false;
	return true;
}

/* startup_script (kw->min 0) and shutdown_script (kw->min 1). */
static void
h_parent_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	const char *type = kw->min ? "shutdown" : "startup";
	struct script_conf **dst = FIELD(p, kw, struct script_conf *);
	unsigned *timeout = kw->min ? &g->shutdown_script_timeout :
	    &g->startup_script_timeout;
	struct script_conf *s;

	if (*dst != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s script already specified",
		    type);
		return;
	}
	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s script missing", type);
		return;
	}
	s = cfg_read_script(p, st, 1);
	if (s == NULL || !user_ok(s->user, s->group)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid %s script", type);
		return;
	}
	*dst = s;
	if (*timeout == 0)
		*timeout = 10;
}

static void
h_script_timeout(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *type = kw->min ? "shutdown" : "startup";
	uint64_t v;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s_script_timeout requires "
		    "value", type);
		return;
	}
	if (!cfg_read_uint(p, st->argv[1], 1, 1000, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s_script_timeout '%s' must be "
		    "in [1, 1000] - ignoring", type, st->argv[1]);
		return;
	}
	*FIELD(p, kw, unsigned) = (unsigned)v;
}

/* --- process scheduling ------------------------------------------------ */

static void
h_max_auto_priority(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int64_t v;

	if (st->argc < 2) {
		gconf(p)->max_auto_priority = SCHED_RR_MAX;
		return;
	}
	if (!cfg_read_int(p, st->argv[1], -1, SCHED_RR_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "max_auto_priority '%s' must be "
		    "in [0, %d] (or -1 to disable) - ignoring", st->argv[1],
		    SCHED_RR_MAX);
		return;
	}
	gconf(p)->max_auto_priority = (int)v;
}

static void
h_min_auto_priority_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int64_t v;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "min_auto_priority_delay "
		    "requires delay time");
		return;
	}
	if (!cfg_read_int(p, st->argv[1], 1, 10000000, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "min_auto_priority_delay '%s' "
		    "must be in [1, 10000000] - ignoring", st->argv[1]);
		return;
	}
	gconf(p)->min_auto_priority_delay = (unsigned)v;
}

/* vrrp_priority, checker_priority, bfd_priority: 0 after an error. */
static void
h_priority(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *proc = kw_process(p, kw->name);
	int *dst = FIELD(p, kw, int);
	int64_t v;

	*dst = 0;
	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No %s process priority "
		    "specified", proc);
		return;
	}
	if (!cfg_read_int(p, st->argv[1], -20, 19, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid %s process priority "
		    "specified", proc);
		return;
	}
	*dst = (int)v;
}

static void
h_rt_priority(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *proc = kw_process(p, kw->name);
	int64_t v;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No %s process real-time "
		    "priority specified", proc);
		return;
	}
	if (!cfg_read_int(p, st->argv[1], INT32_MIN, INT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s process real-time priority "
		    "'%s' invalid", proc, st->argv[1]);
		return;
	}
	if (v < SCHED_RR_MIN) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s process real-time priority "
		    "%d less than minimum %d - setting to minimum", proc, (int)v,
		    SCHED_RR_MIN);
		v = SCHED_RR_MIN;
	} else if (v > SCHED_RR_MAX) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s process real-time priority "
		    "%d greater than maximum %d - setting to maximum", proc,
		    (int)v, SCHED_RR_MAX);
		v = SCHED_RR_MAX;
	}
	*FIELD(p, kw, int) = (int)v;
}

/*
 * CPU numbers are checked against the CPUs online, as keepalived does;
 * the first bad one empties the set.
 */
static void
h_cpu_affinity(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_cpuset *set = FIELD(p, kw, struct global_cpuset);
	const char *proc = kw_process(p, kw->name);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int64_t v;
	int i;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No %s cpu_id set specified",
		    proc);
		return;
	}
	memset(set, 0, sizeof(*set));
	if (ncpu > 1024)
		ncpu = 1024;
	for (i = 1; i < st->argc; i++) {
		if (!cfg_read_int(p, st->argv[i], 0, ncpu - 1, &v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid cpu_id:%d "
			    "specified for %s process",
			    (int)strtol(st->argv[i], NULL, 10), proc);
			memset(set, 0, sizeof(*set));
			return;
		}
		set->bits[v / 64] |= 1ULL << (v % 64);
		set->set = true;
	}
}

static void
h_rlimit(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *proc = kw_process(p, kw->name);
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 1, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid %s real-time limit - %s",
		    proc, s);
		v = 0;
	} else if (v == 1)
		v = 2;	/* keepalived halves it and needs nonzero */
	*FIELD(p, kw, unsigned) = (unsigned)v;
}

/* --- VRRP -------------------------------------------------------------- */

static void
h_dynamic_interfaces(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	g->dynamic_interfaces = true;
	if (st->argc < 2)
		return;
	if (!strcmp(st->argv[1], "allow_if_changes"))
		g->dynamic_interfaces_allow_if_changes = true;
	else
		cfg_report(p, CFG_GENERAL_ERROR, "Unknown dynamic_interfaces "
		    "option '%s'", st->argv[1]);
}

static void
h_disable_local_igmp(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	static const char path[] =
	    "/proc/sys/net/ipv4/igmp_link_local_mcast_reports";

	if (access(path, W_OK) != 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "kernel does not support %s",
		    path);
		return;
	}
	gconf(p)->disable_local_igmp = true;
}

/* keepalived's inet_stosockaddr: a "-range" or "/prefix" is dropped. */
static bool
read_host_addr(const char *s, struct addr *a)
{
	char buf[ADDR_STRLEN + 64];
	size_t n = strcspn(s, "-/");

	if (n >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%.*s", (int)n, s);
	return addr_parse_host(buf, a) == 0;
}

/* vrrp_mcast_group4 (kw->min 4) and vrrp_mcast_group6 (kw->min 6). */
static void
h_mcast_group(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	int fam = kw->min == 4 ? AF_INET : AF_INET6;
	struct addr a;
	bool mc;

	if (s == NULL)
		return;
	if (!read_host_addr(s, &a)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Can't parse %s [%s]. Skipping",
		    kw->name, s);
		return;
	}
	if (a.family != fam) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s [%s] is not IPv%d. Skipping",
		    kw->name, s, (int)kw->min);
		return;
	}
	mc = fam == AF_INET ? IN_MULTICAST(ntohl(a.u.v4.s_addr)) :
	    IN6_IS_ADDR_MULTICAST(&a.u.v6);
	if (!mc) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s [%s] is not multicast. "
		    "Skipping", kw->name, s);
		return;
	}
	if (fam == AF_INET6 && !IN6_IS_ADDR_MC_LINKLOCAL(&a.u.v6))
		cfg_report(p, CFG_WARNING, "%s [%s] should be link-local "
		    "multicast.", kw->name, s);
	*FIELD(p, kw, struct addr) = a;
}

/* Whole seconds stored as µs: vrrp_garp_master_delay and
 * vrrp_garp_lower_prio_delay. */
static void
h_garp_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX / USEC_PER_SEC, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s '%s' invalid - ignoring",
		    kw->name, s);
		return;
	}
	*FIELD(p, kw, uint64_t) = v * USEC_PER_SEC;
}

/* vrrp_garp_master_repeat and vrrp_garp_master_refresh_repeat. */
static void
h_garp_repeat(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s '%s' invalid - ignoring",
		    kw->name, s);
		return;
	}
	if (v == 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s must be greater than 0, "
		    "setting to 1", kw->name);
		v = 1;
	}
	*FIELD(p, kw, unsigned) = (unsigned)v;
}

static void
h_garp_refresh(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid vrrp_garp_master_refresh "
		    "'%s' - ignoring", s);
		v = 0;
	}
	gconf(p)->vrrp_garp_master_refresh = v * USEC_PER_SEC;
}

/* keepalived's defaults, which vrrp_min_garp replaces if still set. */
#define GARP_DELAY_DEFAULT	(5 * USEC_PER_SEC)
#define GARP_REP_DEFAULT	5
#define GARP_REFRESH_REP_DEFAULT 1

static void
h_min_garp(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	int v = 1;

	if (st->argc >= 2) {
		v = cfg_bool_value(st->argv[1]);
		if (v == -1) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid value for "
			    "vrrp_min_garp specified");
			return;
		}
	}
	if (!v)
		return;
	g->vrrp_min_garp = true;
	if (g->vrrp_garp_master_repeat == GARP_REP_DEFAULT)
		g->vrrp_garp_master_repeat = 1;
	/* refresh's default is 0, so it is left as it is */
	if (g->vrrp_garp_master_refresh_repeat == GARP_REFRESH_REP_DEFAULT)
		g->vrrp_garp_master_refresh_repeat = 0;
	if (g->vrrp_garp_master_delay == GARP_DELAY_DEFAULT)
		g->vrrp_garp_master_delay = 0;
}

static void
h_garp_extra_if(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	uint64_t v, delay = 0;
	int i;

	if (!strcmp(kw->name, "vrrp_vmac_garp_intvl"))
		cfg_report(p, CFG_DEPRECATED, "Keyword \"vrrp_vmac_garp_intvl\" "
		    "is deprecated - please use \"vrrp_garp_extra_if\"");
	for (i = 1; i < st->argc; i++) {
		if (!strcmp(st->argv[i], "all")) {
			g->vrrp_garp_extra_if_all = true;
			continue;
		}
		if (!cfg_read_uint(p, st->argv[i], 1, 86400, &v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "%s '%s' invalid - "
			    "ignoring", kw->name, st->argv[i]);
			return;
		}
		delay = v;
	}
	if (delay == 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s specified without time - "
		    "ignoring", kw->name);
		return;
	}
	g->vrrp_garp_extra_if = (unsigned)delay;
}

static void
h_rx_bufs_policy(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	uint64_t v;
	int i;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "vrrp_rx_bufs_policy missing");
		return;
	}
	for (i = 1; i < st->argc; i++) {
		if (!strcasecmp(st->argv[i], "MTU"))
			g->vrrp_rx_bufs_policy |= GLOBAL_RX_BUFS_MTU;
		else if (!strcasecmp(st->argv[i], "ADVERT"))
			g->vrrp_rx_bufs_policy |= GLOBAL_RX_BUFS_ADVERT;
		/* keepalived reads word 1 here, whichever word this is */
		else if (!cfg_read_uint(p, st->argv[1], 0, UINT32_MAX, &v))
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid "
			    "vrrp_rx_bufs_policy %s", st->argv[i]);
		else {
			g->vrrp_rx_bufs_size = (unsigned)v;
			g->vrrp_rx_bufs_policy |= GLOBAL_RX_BUFS_SIZE;
		}
	}
	if ((g->vrrp_rx_bufs_policy & GLOBAL_RX_BUFS_SIZE) &&
	    (g->vrrp_rx_bufs_policy & (GLOBAL_RX_BUFS_MTU |
	    GLOBAL_RX_BUFS_ADVERT))) {
		cfg_report(p, CFG_GENERAL_ERROR, "Cannot set vrrp_rx_bufs_policy "
		    "size and policy, ignoring policy");
		g->vrrp_rx_bufs_policy &= ~(GLOBAL_RX_BUFS_MTU |
		    GLOBAL_RX_BUFS_ADVERT);
	} else if ((g->vrrp_rx_bufs_policy & GLOBAL_RX_BUFS_MTU) &&
	    (g->vrrp_rx_bufs_policy & GLOBAL_RX_BUFS_ADVERT)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Cannot set both "
		    "vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT");
		g->vrrp_rx_bufs_policy &= ~GLOBAL_RX_BUFS_ADVERT;
	}
}

static void
h_rx_bufs_multiplier(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	uint64_t v;

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid "
		    "vrrp_rx_bufs_multiplier");
		return;
	}
	if (!cfg_read_uint(p, st->argv[1], 1, UINT32_MAX, &v))
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid "
		    "vrrp_rx_bufs_multiplier %s", st->argv[1]);
	else
		gconf(p)->vrrp_rx_bufs_multiplier = (unsigned)v;
}

/* *_rcv_bufs: the message names the keyword without "_rcv_bufs". */
static void
h_rcv_bufs(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int n = (int)(strlen(kw->name) - strlen("_rcv_bufs"));
	uint64_t v;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "%.*s_rcv_bufs size missing", n,
		    kw->name);
		return;
	}
	if (!cfg_read_uint(p, st->argv[1], 0, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "%.*s_rcv_bufs size (%s) "
		    "invalid", n, kw->name, st->argv[1]);
		return;
	}
	if (v != 0)
		*FIELD(p, kw, unsigned) = (unsigned)v;
}

/* vmac_prefix (kw->min 0), vmac_addr_prefix (1): first one wins. */
static void
h_vmac_prefix(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	char **dst = FIELD(p, kw, char *);
	const char *s;

	if (*dst != NULL) {
		s = cfg_arg(p, st, 1);
		if (s != NULL)
			cfg_report(p, CFG_GENERAL_ERROR, "%s prefix has already "
			    "been specified - ignoring %s",
			    kw->min ? "vmac_addr" : "vmac", s);
		return;
	}
	s = cfg_arg(p, st, 1);
	if (s != NULL)
		*dst = cfg_strdup(p, s);
}

/* --- nftables ---------------------------------------------------------- */

static void
h_iptables(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	/* This build of keepalived has nftables but no iptables. */
	cfg_report(p, CFG_GENERAL_ERROR, "iptables not supported, using "
	    "nftables instead. Please replace 'vrrp_iptables and 'vrrp_ipsets' "
	    "with 'nftables' config option");
	g->vrrp_iptables = true;
	g->nftables = cfg_strdup(p, "keepalived");
	g->nftables_priority = -1;
}

/* nftables (kw->min 0) and nftables_ipvs (1). */
static void
h_nftables(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	const char *what = kw->min ? "ipvs nftables" : "nftables";
	char **dst = FIELD(p, kw, char *);
	const char *name = kw->min ? "keepalived_ipvs" : "keepalived";

	if (*dst != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s already specified - "
		    "ignoring", what);
		return;
	}
	if (st->argc >= 2) {
		if (strlen(st->argv[1]) >= NFT_TABLE_MAXNAMELEN) {
			cfg_report(p, CFG_GENERAL_ERROR, "%s table name too long "
			    "- ignoring", what);
			return;
		}
		name = st->argv[1];
	}
	*dst = cfg_strdup(p, name);
	if (kw->min) {
		g->nftables_ipvs_priority = -1;
		g->nftables_ipvs_start_fwmark = 1000;
	} else
		g->nftables_priority = -1;
}

static void
h_nftables_priority(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	int64_t v;

	if (s == NULL)
		return;
	if (cfg_read_int(p, s, INT32_MIN, INT32_MAX, &v))
		*FIELD(p, kw, int) = (int)v;
	else
		cfg_report(p, CFG_INVALID_NUMBER, "invalid %snftables chain "
		    "priority '%s'", kw->min ? "ipvs " : "", s);
}

static void
h_nftables_fwmark(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (cfg_read_uint(p, s, 1, UINT32_MAX, &v))
		gconf(p)->nftables_ipvs_start_fwmark = (unsigned)v;
	else
		cfg_report(p, CFG_INVALID_NUMBER, "invalid ipvs nftables "
		    "start_fwmark priority '%s'", s);
}

/* --- LVS --------------------------------------------------------------- */

static void
h_lvs_timeouts(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_lvs_timeouts *t = &gconf(p)->lvs_timeouts;
	static const char *const name[] = { "tcp", "tcpfin", "udp" };
	unsigned *dst[3] = { &t->tcp, &t->tcpfin, &t->udp };
	uint64_t v;
	int i, j;

	if (st->argc < 3) {
		cfg_report(p, CFG_GENERAL_ERROR, "lvs_timeouts requires at least "
		    "one option");
		return;
	}
	for (i = 1; i < st->argc; i++) {
		for (j = 0; j < 3 && strcmp(st->argv[i], name[j]); j++)
			;
		if (j == 3) {
			cfg_report(p, CFG_GENERAL_ERROR, "Unknown option %s "
			    "specified for lvs_timeouts", st->argv[i]);
			continue;
		}
		if (i == st->argc - 1) {
			cfg_report(p, CFG_GENERAL_ERROR, "No value specified for "
			    "lvs_timeout %s - ignoring", name[j]);
			continue;
		}
		if (!cfg_read_uint(p, st->argv[i + 1], 0, LVS_MAX_TIMEOUT, &v))
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid lvs_timeout %s "
			    "(%s) - ignoring", name[j], st->argv[i + 1]);
		else
			*dst[j] = (unsigned)v;
		i++;
	}
}

static void
h_lvs_flush_on_stop(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	if (st->argc == 1)
		g->lvs_flush_on_stop = GLOBAL_LVS_FLUSH_FULL;
	else if (!strcmp(st->argv[1], "VS"))
		g->lvs_flush_on_stop = GLOBAL_LVS_FLUSH_VS;
	else
		cfg_report(p, CFG_GENERAL_ERROR, "Unknown lvs_flush_on_stop type "
		    "%s", st->argv[1]);
}

/* One "name value" option of lvs_sync_daemon; returns words used. */
static int
syncd_option(struct cfg_parse *p, const struct cfg_stmt *st, int i)
{
	struct global_lvs_sync_daemon *d = &gconf(p)->lvs_sync_daemon;
	const char *opt = st->argv[i], *val;
	uint64_t v;
	struct addr a;
	bool mc;

	if (i == st->argc - 1) {
		if (!strcmp(opt, "id"))
			cfg_report(p, CFG_GENERAL_ERROR, "No value specified for "
			    "lvs_sync_daemon id, defaulting to vrid");
		else
			cfg_report(p, CFG_GENERAL_ERROR, "No value specified for "
			    "lvs_sync_daemon %s - ignoring", opt);
		return 1;
	}
	val = st->argv[i + 1];
	if (!strcmp(opt, "id")) {
		if (!cfg_read_uint(p, val, 0, 255, &v))
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid syncid (%s) - "
			    "defaulting to vrid", val);
		else
			d->syncid = (int)v;
	} else if (!strcmp(opt, "group")) {
		if (!read_host_addr(val, &a)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid lvs_sync_daemon "
			    "group (%s) - ignoring", val);
			d->group.family = AF_UNSPEC;
			return 2;
		}
		mc = a.family == AF_INET ? IN_MULTICAST(ntohl(a.u.v4.s_addr)) :
		    IN6_IS_ADDR_MULTICAST(&a.u.v6);
		if (mc)
			d->group = a;
		else {
			cfg_report(p, CFG_GENERAL_ERROR, "lvs_sync_daemon group "
			    "address %s is not multicast - ignoring", val);
			d->group.family = AF_UNSPEC;
		}
	} else {
		uint64_t max = !strcmp(opt, "maxlen") ? 65535 - 20 - 8 :
		    !strcmp(opt, "port") ? 65535 : 255;

		if (!cfg_read_uint(p, val, 1, max, &v)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid lvs_sync_daemon "
			    "%s (%s) - ignoring", opt, val);
			return 2;
		}
		if (!strcmp(opt, "maxlen"))
			d->maxlen = (uint16_t)v;
		else if (!strcmp(opt, "port"))
			d->port = (uint16_t)v;
		else
			d->ttl = (uint8_t)v;
	}
	return 2;
}

static bool
is_syncd_option(const char *w)
{
	return !strcmp(w, "id") || !strcmp(w, "maxlen") ||
	    !strcmp(w, "port") || !strcmp(w, "ttl") || !strcmp(w, "group");
}

static void
h_lvs_sync_daemon(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_lvs_sync_daemon *d = &gconf(p)->lvs_sync_daemon;
	uint64_t v;
	int i;

	if (d->ifname != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "lvs_sync_daemon has already "
		    "been specified as %s %s - ignoring", d->ifname,
		    d->vrrp_name ? d->vrrp_name : "");
		return;
	}
	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "lvs_sync_daemon requires "
		    "interface");
		return;
	}
	if (strlen(st->argv[1]) >= IP_VS_IFNAME_MAXLEN) {
		cfg_report(p, CFG_GENERAL_ERROR, "lvs_sync_daemon interface name "
		    "'%s' too long - ignoring", st->argv[1]);
		return;
	}
	d->ifname = cfg_strdup(p, st->argv[1]);
	d->loc = cfg_here(p);
	for (i = 2; i < st->argc; ) {
		if (!strcmp(st->argv[i], "inst")) {
			/* keepalived reads the next word unchecked */
			if (d->vrrp_name != NULL)
				cfg_report(p, CFG_GENERAL_ERROR, "lvs_sync_daemon "
				    "vrrp instance has already been specified as "
				    "%s - ignoring", d->vrrp_name);
			else if (cfg_arg(p, st, i + 1) != NULL)
				d->vrrp_name = cfg_strdup(p, st->argv[i + 1]);
			if (cfg_aborted(p))
				return;
			i += 2;
		} else if (is_syncd_option(st->argv[i]))
			i += syncd_option(p, st, i);
		else if (i == 2) {
			/* the old form: IF VRRP_INSTANCE [SYNC_ID] */
			d->vrrp_name = cfg_strdup(p, st->argv[2]);
			i++;
		} else if (i == 3) {
			if (!cfg_read_uint(p, st->argv[3], 0, 255, &v))
				cfg_report(p, CFG_GENERAL_ERROR, "Invalid syncid "
				    "(%s) - defaulting to vrid", st->argv[3]);
			else {
				cfg_report(p, CFG_GENERAL_ERROR, "Please use "
				    "keyword \"id\" before lvs_sync_daemon "
				    "SYNCID");
				d->syncid = (int)v;
			}
			i++;
		} else {
			cfg_report(p, CFG_GENERAL_ERROR, "Unknown option %s "
			    "specified for lvs_sync_daemon", st->argv[i]);
			i++;
		}
	}
}

/* --- notify FIFOs ------------------------------------------------------ */

/* The FIFO of a *notify_fifo keyword and its message prefix. */
static struct global_notify_fifo *
fifo_of(struct cfg_parse *p, const char *kwname, const char **type)
{
	struct global_conf *g = gconf(p);

	if (!strncmp(kwname, "vrrp_", 5)) {
		*type = "vrrp_";
		return &g->vrrp_notify_fifo;
	}
	if (!strncmp(kwname, "lvs_", 4)) {
		*type = "lvs_";
		return &g->lvs_notify_fifo;
	}
	*type = "";
	return &g->notify_fifo;
}

static void
h_notify_fifo(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *type;
	struct global_notify_fifo *f = fifo_of(p, kw->name, &type);

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No %snotify_fifo name "
		    "specified", type);
		return;
	}
	if (f->name != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "%snotify_fifo already specified "
		    "- ignoring %s", type, st->argv[1]);
		return;
	}
	/* an unknown user or group only logs (not under -t) */
	if (st->argc > 2 && !user_ok(st->argv[2],
	    st->argc > 3 ? st->argv[3] : NULL))
		return;
	f->name = cfg_strdup(p, st->argv[1]);
	if (st->argc > 2)
		f->user = cfg_strdup(p, st->argv[2]);
	if (st->argc > 3)
		f->group = cfg_strdup(p, st->argv[3]);
}

static void
h_notify_fifo_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *type;
	struct global_notify_fifo *f = fifo_of(p, kw->name, &type);

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No %snotify_fifo_script "
		    "specified", type);
		return;
	}
	if (f->script != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "%snotify_fifo_script already "
		    "specified - ignoring %s", type, st->argv[1]);
		return;
	}
	f->script = cfg_read_script(p, st, 1);
}

/* --- scripts, SNMP, D-Bus ---------------------------------------------- */

static void
h_script_user(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	const char *group = st->argc > 2 ? st->argv[2] : NULL;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No script username specified");
		return;
	}
	g->script_user = cfg_strdup(p, st->argv[1]);
	g->script_group = group ? cfg_strdup(p, group) : NULL;
	if (!user_ok(st->argv[1], group))
		cfg_report(p, CFG_GENERAL_ERROR, "Error setting global script "
		    "uid/gid");
}

static void
h_snmp_socket(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	if (st->argc > 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "Too many parameters specified "
		    "for snmp_socket - ignoring");
		return;
	}
	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "SNMP error : snmp socket name "
		    "missing");
		return;
	}
	if (strlen(st->argv[1]) > 4096 - 1) {
		cfg_report(p, CFG_GENERAL_ERROR, "SNMP error : snmp socket name "
		    "too long - ignored");
		return;
	}
	if (g->snmp_socket != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "SNMP socket already set to %s - "
		    "ignoring", g->snmp_socket);
		return;
	}
	g->snmp_socket = cfg_strdup(p, st->argv[1]);
}

static void
h_snmp_rfc(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	gconf(p)->enable_snmp_rfcv2 = true;
	gconf(p)->enable_snmp_rfcv3 = true;
}

/* --- process environment, reload --------------------------------------- */

static const struct {
	const char	*name;
	mode_t		 bit;
} umask_bits[] = {
	{ "IRUSR", S_IRUSR }, { "IWUSR", S_IWUSR }, { "IXUSR", S_IXUSR },
	{ "IRGRP", S_IRGRP }, { "IWGRP", S_IWGRP }, { "IXGRP", S_IXGRP },
	{ "IROTH", S_IROTH }, { "IWOTH", S_IWOTH }, { "IXOTH", S_IXOTH },
};

/* umask IRUSR|IWGRP...: the bits may span words, joined by '|'. */
static bool
umask_symbolic(struct cfg_parse *p, const struct cfg_stmt *st, mode_t *out)
{
	bool need_or = false;
	const char *c;
	size_t j, nb = sizeof(umask_bits) / sizeof(umask_bits[0]);
	int i;

	*out = 0;
	for (i = 1; i < st->argc; i++) {
		for (c = st->argv[i]; *c != '\0'; ) {
			if (need_or) {
				if (*c == '|') {
					need_or = false;
					c++;
					continue;
				}
				cfg_report(p, CFG_GENERAL_ERROR, "Invalid umask "
				    "syntax %s", st->argv[i]);
				return false;
			}
			for (j = 0; j < nb && strncmp(c, umask_bits[j].name, 5);
			    j++)
				;
			if (j == nb) {
				cfg_report(p, CFG_GENERAL_ERROR, "Unknown umask "
				    "bit %s", c);
				return false;
			}
			*out |= umask_bits[j].bit;
			c += 5;
			need_or = true;
		}
	}
	if (!need_or) {
		cfg_report(p, CFG_GENERAL_ERROR, "umask missing bit value");
		return false;
	}
	return true;
}

static void
h_umask(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	const char *s = cfg_arg(p, st, 1);
	mode_t bits;
	char *end;
	long v;

	if (s == NULL)
		return;
	if (isdigit((unsigned char)s[0])) {
		if (st->argc != 2) {
			cfg_report(p, CFG_GENERAL_ERROR, "Extra parameter(s) to "
			    "umask option");
			return;
		}
		v = strtol(s, &end, 0);
		if (*end != '\0' || v < 0 || (v & ~0777L)) {
			cfg_report(p, CFG_GENERAL_ERROR, "invalid umask value %s",
			    s);
			return;
		}
		bits = (mode_t)v;
	} else if (!umask_symbolic(p, st, &bits))
		return;
	g->umask = bits;
	g->umask_set = true;
}

static void
h_random_seed(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, UINT32_MAX, &v)) {
		cfg_report(p, CFG_GENERAL_ERROR, "random_seed %s invalid", s);
		return;
	}
	gconf(p)->random_seed = (unsigned)v;
	gconf(p)->random_seed_set = true;
}

static void
h_reload_check_config(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	gconf(p)->reload_check_config = cfg_strdup(p,
	    st->argc >= 2 ? st->argv[1] : "/dev/null");
}

static void
h_reload_time_file(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "reload_time_file invalid");
		return;
	}
	gconf(p)->reload_time_file = cfg_strdup(p, st->argv[1]);
}

static void
h_reload_file(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	g->reload_file_set = true;
	g->reload_file = st->argc >= 2 ? cfg_strdup(p, st->argv[1]) : NULL;
}

static unsigned
include_flag(const char *w)
{
	if (!strcmp(w, "read"))
		return GLOBAL_INCLUDE_R;
	if (!strcmp(w, "match"))
		return GLOBAL_INCLUDE_M;
	if (!strcmp(w, "wildcard_match"))
		return GLOBAL_INCLUDE_W;
	if (!strcmp(w, "brace_match"))
		return GLOBAL_INCLUDE_B;
	return 0;
}

/* include_check [[+|-]read|match|wildcard_match|brace_match ...]. */
static void
h_include_check(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);
	const char *w;
	unsigned f;
	int i, op;

	g->include_check_set = true;
	if (st->argc < 2) {
		g->include_check = GLOBAL_INCLUDE_R | GLOBAL_INCLUDE_M |
		    GLOBAL_INCLUDE_W | GLOBAL_INCLUDE_B;
		return;
	}
	for (i = 1; i < st->argc; i++) {
		w = st->argv[i];
		op = w[0] == '-' ? -1 : w[0] == '+' ? 1 : 0;
		if (op != 0)
			w++;
		else if (i == 1)
			g->include_check = 0;
		else {
			cfg_report(p, CFG_GENERAL_ERROR, "Duplicate include_check "
			    "'%s' specified - ignoring", w);
			continue;
		}
		f = include_flag(w);
		if (f == 0) {
			cfg_report(p, CFG_GENERAL_ERROR, "Unknown include_check "
			    "type '%s' - ignoring", w);
			continue;
		}
		if (op == 0)
			g->include_check = GLOBAL_INCLUDE_R | f;
		else if (op == 1)
			g->include_check |= f;
		else
			g->include_check &= ~f;
	}
}

/* config_save_dir: the parent creates it if missing; we only record. */
static void
h_config_save_dir(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	size_t n;
	char *d;

	if (s == NULL)
		return;
	d = cfg_strdup(p, s);
	n = strlen(d);
	if (n > 0 && d[n - 1] == '/')
		d[n - 1] = '\0';
	gconf(p)->config_save_dir = d;
}

static void
h_tmp_config_directory(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	if (g->tmp_config_directory != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s already specified - "
		    "ignoring", st->argv[0]);
		return;
	}
	if (st->argc >= 2)
		g->tmp_config_directory = cfg_strdup(p, st->argv[1]);
	else
		cfg_report(p, CFG_GENERAL_ERROR, "%s missing directory name",
		    st->argv[0]);
}

/* --- root-only globals ------------------------------------------------- */

/* net_namespace and instance: the first name wins and implies
 * use_pid_dir. */
static void
h_pid_dir_name(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	char **dst = FIELD(p, kw, char *);

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s name missing - ignoring",
		    kw->name);
		return;
	}
	if (*dst != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "Duplicate %s definition %s - "
		    "ignoring", kw->name, st->argv[1]);
		return;
	}
	*dst = cfg_strdup(p, st->argv[1]);
	gconf(p)->use_pid_dir = true;
}

static void
h_net_namespace_ipvs(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct global_conf *g = gconf(p);

	if (g->net_namespace_ipvs != NULL) {
		if (cfg_arg(p, st, 1) != NULL)
			cfg_report(p, CFG_GENERAL_ERROR, "Duplicate "
			    "net_namespace_ipvs definition %s - ignoring",
			    st->argv[1]);
		return;
	}
	g->net_namespace_ipvs = cfg_strdup(p, st->argc < 2 ? "" : st->argv[1]);
}

/* --- tables ----------------------------------------------------------- */

/* Generated order: strcmp-sorted (checked by the unit test). */
static const struct cfg_kw kw_global_defs[] = {
	{ "bfd_cpu_affinity", h_cpu_affinity, NULL, 0, G(bfd_cpu_affinity), 0, 0 },
	{ "bfd_no_swap", cfg_h_flag, NULL, 0, G(bfd_no_swap), 0, 0 },
	{ "bfd_priority", h_priority, NULL, 0, G(bfd_priority), 0, 0 },
	{ "bfd_process_name", h_process_name, NULL, 0, G(bfd_process_name), 0, 0 },
	{ "bfd_rlimit_rtime", h_rlimit, NULL, 0, G(bfd_rlimit_rttime), 0, 0 },
	{ "bfd_rlimit_rttime", h_rlimit, NULL, 0, G(bfd_rlimit_rttime), 0, 0 },
	{ "bfd_rt_priority", h_rt_priority, NULL, 0, G(bfd_rt_priority), 0, 0 },
	{ "checker_cpu_affinity", h_cpu_affinity, NULL, 0, G(checker_cpu_affinity), 0, 0 },
	{ "checker_log_all_failures", h_bool, NULL, 0, G(checker_log_all_failures), 1, 0 },
	{ "checker_no_swap", cfg_h_flag, NULL, 0, G(checker_no_swap), 0, 0 },
	{ "checker_priority", h_priority, NULL, 0, G(checker_priority), 0, 0 },
	{ "checker_process_name", h_process_name, NULL, 0, G(checker_process_name), 0, 0 },
	{ "checker_rlimit_rtime", h_rlimit, NULL, 0, G(checker_rlimit_rttime), 0, 0 },
	{ "checker_rlimit_rttime", h_rlimit, NULL, 0, G(checker_rlimit_rttime), 0, 0 },
	{ "checker_rt_priority", h_rt_priority, NULL, 0, G(checker_rt_priority), 0, 0 },
	{ "config_save_dir", h_config_save_dir, NULL, 0, 0, 0, 0 },
	{ "data_use_instance", h_data_use_instance, NULL, 0, 0, 0, 0 },
	{ "dbus_service_name", cfg_h_str, NULL, 0, G(dbus_service_name), 0, 0,
	    "dbus_service_name missing - ignoring" },
	{ "default_interface", cfg_h_str, NULL, 0, G(default_interface), 0, 0,
	    "default_interface requires interface name" },
	{ "disable_local_igmp", h_disable_local_igmp, NULL, 0, 0, 0, 0 },
	{ "dynamic_interfaces", h_dynamic_interfaces, NULL, 0, 0, 0, 0 },
	{ "enable_dbus", cfg_h_flag, NULL, 0, G(enable_dbus), 0, 0 },
	{ "enable_script_security", cfg_h_flag, NULL, 0, G(enable_script_security), 0, 0 },
	{ "enable_snmp_checker", cfg_h_flag, NULL, 0, G(enable_snmp_checker), 0, 0 },
	{ "enable_snmp_keepalived", cfg_h_flag, NULL, 0, G(enable_snmp_vrrp), 0, 0 },
	{ "enable_snmp_rfc", h_snmp_rfc, NULL, 0, 0, 0, 0 },
	{ "enable_snmp_rfcv2", cfg_h_flag, NULL, 0, G(enable_snmp_rfcv2), 0, 0 },
	{ "enable_snmp_rfcv3", cfg_h_flag, NULL, 0, G(enable_snmp_rfcv3), 0, 0 },
	{ "enable_snmp_vrrp", cfg_h_flag, NULL, 0, G(enable_snmp_vrrp), 0, 0 },
	{ "enable_traps", cfg_h_flag, NULL, 0, G(enable_traps), 0, 0 },
	{ "fifo_write_vrrp_states_on_reload", cfg_h_flag, NULL, 0, G(fifo_write_vrrp_states_on_reload), 0, 0 },
	{ "include_check", h_include_check, NULL, 0, 0, 0, 0 },
	{ "log_unknown_vrids", cfg_h_flag, NULL, 0, G(log_unknown_vrids), 0, 0 },
	{ "lvs_flush", cfg_h_flag, NULL, 0, G(lvs_flush), 0, 0 },
	{ "lvs_flush_on_stop", h_lvs_flush_on_stop, NULL, 0, 0, 0, 0 },
	{ "lvs_flush_onstop", h_lvs_flush_on_stop, NULL, 0, 0, 0, 0 },
	{ "lvs_netlink_cmd_rcv_bufs", h_rcv_bufs, NULL, 0, G(lvs_netlink_cmd_rcv_bufs), 0, 0 },
	{ "lvs_netlink_cmd_rcv_bufs_force", h_bool, NULL, 0, G(lvs_netlink_cmd_rcv_bufs_force), 0, 0 },
	{ "lvs_netlink_monitor_rcv_bufs", h_rcv_bufs, NULL, 0, G(lvs_netlink_monitor_rcv_bufs), 0, 0 },
	{ "lvs_netlink_monitor_rcv_bufs_force", h_bool, NULL, 0, G(lvs_netlink_monitor_rcv_bufs_force), 0, 0 },
	{ "lvs_notify_fifo", h_notify_fifo, NULL, 0, 0, 0, 0 },
	{ "lvs_notify_fifo_script", h_notify_fifo_script, NULL, 0, 0, 0, 0 },
	{ "lvs_process_name", h_process_name, NULL, 0, G(checker_process_name), 0, 0 },
	{ "lvs_sync_daemon", h_lvs_sync_daemon, NULL, 0, 0, 0, 0 },
	{ "lvs_timeouts", h_lvs_timeouts, NULL, 0, 0, 0, 0 },
	{ "max_auto_priority", h_max_auto_priority, NULL, 0, 0, 0, 0 },
	{ "min_auto_priority_delay", h_min_auto_priority_delay, NULL, 0, 0, 0, 0 },
	{ "nftables", h_nftables, NULL, 0, G(nftables), 0, 0 },
	{ "nftables_counters", cfg_h_flag, NULL, 0, G(nftables_counters), 0, 0 },
	{ "nftables_ifindex", cfg_h_flag, NULL, 0, G(nftables_ifindex), 0, 0 },
	{ "nftables_ipvs", h_nftables, NULL, 0, G(nftables_ipvs), 1, 0 },
	{ "nftables_ipvs_priority", h_nftables_priority, NULL, 0, G(nftables_ipvs_priority), 1, 0 },
	{ "nftables_ipvs_start_fwmark", h_nftables_fwmark, NULL, 0, 0, 0, 0 },
	{ "nftables_priority", h_nftables_priority, NULL, 0, G(nftables_priority), 0, 0 },
	{ "no_checker_emails", h_bool, NULL, 0, G(no_checker_emails), 0, 0 },
	{ "no_email_faults", cfg_h_flag, NULL, 0, G(no_email_faults), 0, 0 },
	{ "notification_email", h_email, &email_block, CFG_KW_VALUES, 0, 0, 0 },
	{ "notification_email_from", cfg_h_str, NULL, 0,
	    G(notification_email_from), 0, 0, "emailfrom missing - ignoring" },
	{ "notify_fifo", h_notify_fifo, NULL, 0, 0, 0, 0 },
	{ "notify_fifo_script", h_notify_fifo_script, NULL, 0, 0, 0, 0 },
	{ "process_monitor_rcv_bufs", h_rcv_bufs, NULL, 0, G(process_monitor_rcv_bufs), 0, 0 },
	{ "process_monitor_rcv_bufs_force", h_bool, NULL, 0, G(process_monitor_rcv_bufs_force), 0, 0 },
	{ "process_name", h_process_name, NULL, 0, G(process_name), 0, 0 },
	{ "process_names", h_process_names, NULL, 0, 0, 0, 0 },
	{ "random_seed", h_random_seed, NULL, 0, 0, 0, 0 },
	{ "reload_check_config", h_reload_check_config, NULL, 0, 0, 0, 0 },
	{ "reload_file", h_reload_file, NULL, 0, 0, 0, 0 },
	{ "reload_repeat", cfg_h_flag, NULL, 0, G(reload_repeat), 0, 0 },
	{ "reload_time_file", h_reload_time_file, NULL, 0, 0, 0, 0 },
	{ "router_id", cfg_h_str, NULL, 0, G(router_id), 0, 0,
	    "routerid name missing - ignoring" },
	{ "rs_init_notifies", h_bool, NULL, 0, G(rs_init_notifies), 0, 0 },
	{ "script_user", h_script_user, NULL, 0, 0, 0, 0 },
	{ "shutdown_script", h_parent_script, NULL, 0, G(shutdown_script), 1, 0 },
	{ "shutdown_script_timeout", h_script_timeout, NULL, 0, G(shutdown_script_timeout), 1, 0 },
	{ "smtp_alert", h_tri, NULL, 0, G(smtp_alert), 0, 0 },
	{ "smtp_alert_checker", h_tri, NULL, 0, G(smtp_alert_checker), 0, 0 },
	{ "smtp_alert_vrrp", h_tri, NULL, 0, G(smtp_alert_vrrp), 0, 0 },
	{ "smtp_connect_timeout", h_smtp_timeout, NULL, 0, 0, 0, 0 },
	{ "smtp_helo_name", h_str_opt, NULL, 0, G(smtp_helo_name), 0, 0 },
	{ "smtp_server", h_smtp_server, NULL, 0, 0, 0, 0 },
	{ "snmp_socket", h_snmp_socket, NULL, 0, 0, 0, 0 },
	{ "startup_script", h_parent_script, NULL, 0, G(startup_script), 0, 0 },
	{ "startup_script_timeout", h_script_timeout, NULL, 0, G(startup_script_timeout), 0, 0 },
	{ "tmp_config_directory", h_tmp_config_directory, NULL, 0, 0, 0, 0 },
	{ "umask", h_umask, NULL, 0, 0, 0, 0 },
	{ "vmac_addr_prefix", h_vmac_prefix, NULL, 0, G(vmac_addr_prefix), 1, 0 },
	{ "vmac_prefix", h_vmac_prefix, NULL, 0, G(vmac_prefix), 0, 0 },
	{ "vrrp_check_unicast_src", cfg_h_flag, NULL, 0, G(vrrp_check_unicast_src), 0, 0 },
	{ "vrrp_cpu_affinity", h_cpu_affinity, NULL, 0, G(vrrp_cpu_affinity), 0, 0 },
	{ "vrrp_down_timer_adverts", cfg_h_uint, NULL, 0,
	    G(vrrp_down_timer_adverts), 1, 100,
	    "Invalid vrrp_down_timer_adverts [1:100] '%s'" },
	{ "vrrp_garp_extra_if", h_garp_extra_if, NULL, 0, 0, 0, 0 },
	{ "vrrp_garp_interval", cfg_h_timer, NULL, 0, G(vrrp_garp_interval),
	    1, UINT32_MAX, "vrrp_garp_interval '%s' is invalid" },
	{ "vrrp_garp_lower_prio_delay", h_garp_delay, NULL, 0, G(vrrp_garp_lower_prio_delay), 0, 0 },
	{ "vrrp_garp_lower_prio_repeat", cfg_h_uint, NULL, 0,
	    G(vrrp_garp_lower_prio_repeat), 0, INT32_MAX,
	    "Invalid vrrp_garp_lower_prio_repeat '%s'" },
	{ "vrrp_garp_master_delay", h_garp_delay, NULL, 0, G(vrrp_garp_master_delay), 0, 0 },
	{ "vrrp_garp_master_refresh", h_garp_refresh, NULL, 0, 0, 0, 0 },
	{ "vrrp_garp_master_refresh_repeat", h_garp_repeat, NULL, 0, G(vrrp_garp_master_refresh_repeat), 0, 0 },
	{ "vrrp_garp_master_repeat", h_garp_repeat, NULL, 0, G(vrrp_garp_master_repeat), 0, 0 },
	{ "vrrp_gna_interval", cfg_h_timer, NULL, 0, G(vrrp_gna_interval),
	    1, UINT32_MAX, "vrrp_gna_interval '%s' is invalid" },
	{ "vrrp_higher_prio_send_advert", h_bool, NULL, 0, G(vrrp_higher_prio_send_advert), 1, 0 },
	{ "vrrp_iptables", h_iptables, NULL, 0, 0, 0, 0 },
	{ "vrrp_lower_prio_no_advert", h_bool, NULL, 0, G(vrrp_lower_prio_no_advert), 1, 0 },
	{ "vrrp_mcast_group4", h_mcast_group, NULL, 0, G(vrrp_mcast_group4), 4, 0 },
	{ "vrrp_mcast_group6", h_mcast_group, NULL, 0, G(vrrp_mcast_group6), 6, 0 },
	{ "vrrp_min_garp", h_min_garp, NULL, 0, 0, 0, 0 },
	{ "vrrp_netlink_cmd_rcv_bufs", h_rcv_bufs, NULL, 0, G(vrrp_netlink_cmd_rcv_bufs), 0, 0 },
	{ "vrrp_netlink_cmd_rcv_bufs_force", h_bool, NULL, 0, G(vrrp_netlink_cmd_rcv_bufs_force), 0, 0 },
	{ "vrrp_netlink_monitor_rcv_bufs", h_rcv_bufs, NULL, 0, G(vrrp_netlink_monitor_rcv_bufs), 0, 0 },
	{ "vrrp_netlink_monitor_rcv_bufs_force", h_bool, NULL, 0, G(vrrp_netlink_monitor_rcv_bufs_force), 0, 0 },
	{ "vrrp_no_swap", cfg_h_flag, NULL, 0, G(vrrp_no_swap), 0, 0 },
	{ "vrrp_notify_fifo", h_notify_fifo, NULL, 0, 0, 0, 0 },
	{ "vrrp_notify_fifo_script", h_notify_fifo_script, NULL, 0, 0, 0, 0 },
	{ "vrrp_notify_priority_changes", h_bool, NULL, 0, G(vrrp_notify_priority_changes), 0, 0 },
	{ "vrrp_priority", h_priority, NULL, 0, G(vrrp_priority), 0, 0 },
	{ "vrrp_process_name", h_process_name, NULL, 0, G(vrrp_process_name), 0, 0 },
	{ "vrrp_rlimit_rtime", h_rlimit, NULL, 0, G(vrrp_rlimit_rttime), 0, 0 },
	{ "vrrp_rlimit_rttime", h_rlimit, NULL, 0, G(vrrp_rlimit_rttime), 0, 0 },
	{ "vrrp_rt_priority", h_rt_priority, NULL, 0, G(vrrp_rt_priority), 0, 0 },
	{ "vrrp_rx_bufs_multiplier", h_rx_bufs_multiplier, NULL, 0, 0, 0, 0 },
	{ "vrrp_rx_bufs_policy", h_rx_bufs_policy, NULL, 0, 0, 0, 0 },
	{ "vrrp_skip_check_adv_addr", cfg_h_flag, NULL, 0, G(vrrp_skip_check_adv_addr), 0, 0 },
	{ "vrrp_startup_delay", cfg_h_timer, NULL, 0, G(vrrp_startup_delay),
	    1000, UINT32_MAX, "vrrp_startup_delay '%s' is invalid" },
	{ "vrrp_strict", cfg_h_flag, NULL, 0, G(vrrp_strict), 0, 0 },
	{ "vrrp_version", cfg_h_int, NULL, 0, G(vrrp_version), 2, 3,
	    "VRRP Error: Version must be either 2 or 3" },
	{ "vrrp_vmac_garp_intvl", h_garp_extra_if, NULL, 0, 0, 0, 0 },
};

static void
global_defs_open(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	cfg_enter(p, &cfg_conf(p)->global);
}

static CFG_BLOCK(global_defs_block, "global_defs", kw_global_defs, NULL);

/* Root-only globals: keepalived knows them only outside any block. */
const struct cfg_kw kw_root_global[] = {
	{ "child_wait_time", cfg_h_uint, NULL, 0, R(child_wait_time), 0,
	    UINT32_MAX, "Invalid child_wait_time %s" },
	{ "global_defs", global_defs_open, &global_defs_block, 0, 0, 0, 0 },
	{ "instance", h_pid_dir_name, NULL, 0, R(instance), 0, 0 },
	{ "linkbeat_use_polling", cfg_h_flag, NULL, 0,
	    R(linkbeat_use_polling), 0, 0 },
	{ "namespace_with_ipsets", cfg_h_flag, NULL, 0,
	    R(namespace_with_ipsets), 0, 0 },
	{ "net_namespace", h_pid_dir_name, NULL, 0, R(net_namespace), 0, 0 },
	{ "net_namespace_ipvs", h_net_namespace_ipvs, NULL, 0, 0, 0, 0 },
	{ "use_pid_dir", cfg_h_flag, NULL, 0, R(use_pid_dir), 0, 0 },
};
const size_t kw_root_global_n = sizeof(kw_root_global) /
    sizeof(kw_root_global[0]);

/* For tests: the global_defs block. */
const struct cfg_block *global_defs_block_get(void);

const struct cfg_block *
global_defs_block_get(void)
{
	return &global_defs_block;
}

/* --- defaults and post-parse checks ------------------------------------ */

void
global_conf_init(struct cfg_parse *p, struct conf *c)
{
	struct global_conf *g = &c->global;

	STAILQ_INIT(&g->notification_email);
	g->child_wait_time = 5;
	g->smtp_connect_timeout = 30 * USEC_PER_SEC;
	g->smtp_alert = GLOBAL_TRI_UNSET;
	g->smtp_alert_vrrp = GLOBAL_TRI_UNSET;
	g->smtp_alert_checker = GLOBAL_TRI_UNSET;
	g->min_auto_priority_delay = 1000000;
	g->vrrp_rlimit_rttime = 10000;
	g->checker_rlimit_rttime = 10000;
	g->bfd_rlimit_rttime = 10000;
	read_host_addr("224.0.0.18", &g->vrrp_mcast_group4);
	read_host_addr("ff02::12", &g->vrrp_mcast_group6);
	g->vrrp_garp_master_delay = GARP_DELAY_DEFAULT;
	g->vrrp_garp_master_repeat = GARP_REP_DEFAULT;
	g->vrrp_garp_master_refresh = 0;
	g->vrrp_garp_master_refresh_repeat = GARP_REFRESH_REP_DEFAULT;
	g->vrrp_garp_lower_prio_delay = GLOBAL_UNSET_U64;
	g->vrrp_garp_lower_prio_repeat = GLOBAL_UNSET_UINT;
	g->vrrp_down_timer_adverts = 3;
	g->vrrp_version = 2;
	g->vrrp_rx_bufs_multiplier = 3;
	g->nftables_priority = -1;
	g->nftables_ipvs_priority = -1;
	g->nftables_ipvs_start_fwmark = 1000;
	g->lvs_sync_daemon.syncid = -1;
}

void
global_conf_validate(struct cfg_parse *p, struct conf *c)
{
	/*
	 * keepalived's post-parse rewrites of global data (init_global_data)
	 * depend on the host (local name) or concern runtime FIFOs; the
	 * model keeps NULL for "the default" so that it stays host-free.
	 */
}
