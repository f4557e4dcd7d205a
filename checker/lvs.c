/*
 * lvs: the checker's IPVS layer, over lib/nl_ipvs (generic netlink).
 *
 * Turns a virtual server of the configuration into the IPVS services it
 * stands for (one, or one per address, range member and fwmark of its
 * virtual_server_group) and a real server into a destination, the way
 * keepalived 2.2.7's ipvswrapper.c fills its rules: netmask all-ones
 * (IPv4) or 128 (IPv6) unless persistence_granularity says otherwise,
 * the persistent flag with the timeout, the scheduler flags as the
 * kernel numbers them.  Like keepalived, adding what exists and
 * deleting what is gone are not errors, and editing a destination the
 * kernel lost adds it again.
 *
 * Every service added is remembered so lvs_vs_flush_all() removes
 * exactly what this process programmed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ip_vs.h>

#include "conf_check.h"
#include "log.h"
#include "lvs.h"
#include "nl_ipvs.h"
#include "xalloc.h"

#ifndef IP_VS_TUNNEL_ENCAP_FLAG_CSUM
#define IP_VS_TUNNEL_ENCAP_FLAG_CSUM	(1 << 0)
#define IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM	(1 << 1)
#endif

static struct nl_ipvs lvs_nl;
static bool lvs_up;

/* Services added by this process, for lvs_vs_flush_all. */
static struct nl_ipvs_svc *lvs_added;
static size_t lvs_nadded, lvs_cap;

/* --- IPVS module ----------------------------------------------------- */

/* Tries `modprobe ip_vs` once as keepalived does (nl_ipvs_open_load). */
int
lvs_init(void)
{
	if (lvs_up)
		return 0;
	if (nl_ipvs_open_load(&lvs_nl) == -1)
		return -1;
	lvs_up = true;
	return 0;
}

bool
lvs_available(void)
{
	return lvs_up;
}

void
lvs_close(void)
{
	nl_ipvs_close(&lvs_nl);
	lvs_up = false;
	free(lvs_added);
	lvs_added = NULL;
	lvs_nadded = lvs_cap = 0;
}

/* --- configuration to IPVS ----------------------------------------- */

static uint32_t
lvs_svc_flags(unsigned f)
{
	static const struct { unsigned conf; uint32_t ipvs; } map[] = {
		{ CHECK_VS_F_HASHED, IP_VS_SVC_F_HASHED },
		{ CHECK_VS_F_OPS, IP_VS_SVC_F_ONEPACKET },
		{ CHECK_VS_F_FLAG1, IP_VS_SVC_F_SCHED1 },
		{ CHECK_VS_F_FLAG2, IP_VS_SVC_F_SCHED2 },
		{ CHECK_VS_F_FLAG3, IP_VS_SVC_F_SCHED3 },
		{ CHECK_VS_F_SH_PORT, IP_VS_SVC_F_SCHED_SH_PORT },
		{ CHECK_VS_F_SH_FALLBACK, IP_VS_SVC_F_SCHED_SH_FALLBACK },
		/* mh uses the same bits as sh (ip_vs_mh.c) */
		{ CHECK_VS_F_MH_PORT, IP_VS_SVC_F_SCHED_SH_PORT },
		{ CHECK_VS_F_MH_FALLBACK, IP_VS_SVC_F_SCHED_SH_FALLBACK },
	};
	uint32_t out = 0;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (f & map[i].conf)
			out |= map[i].ipvs;
	return out;
}

/* The settings of vs, common to all its services; af from the caller. */
static void
lvs_svc_base(const struct check_vs *vs, int af, struct nl_ipvs_svc *s)
{
	memset(s, 0, sizeof(*s));
	s->af = (uint16_t)af;
	s->protocol = (uint16_t)vs->protocol;
	snprintf(s->sched, sizeof(s->sched), "%s",
	    vs->sched[0] != '\0' ? vs->sched : "wlc");
	s->flags = lvs_svc_flags(vs->flags);
	s->netmask = af == AF_INET6 ? 128 : 0xffffffffU;
	if (vs->persistence_timeout != 0) {
		s->timeout = vs->persistence_timeout;
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		if (vs->has_granularity)
			s->netmask = vs->persistence_granularity;
		if (vs->persistence_engine != NULL)
			snprintf(s->pe_name, sizeof(s->pe_name), "%s",
			    vs->persistence_engine);
	}
}

static void
lvs_addr_copy(union nl_ipvs_addr *dst, const struct addr *a)
{
	memset(dst, 0, sizeof(*dst));
	if (a->family == AF_INET6)
		dst->v6 = a->u.v6;
	else
		dst->v4 = a->u.v4;
}

typedef int (*lvs_svc_fn)(const struct nl_ipvs_svc *, void *);

/* Every service of a range entry: the last 32 (IPv4) or 16 (IPv6) bits
 * count from start to end, as keepalived walks them. */
static int
lvs_range_each(struct nl_ipvs_svc *s, const struct check_vsg_entry *e,
    lvs_svc_fn fn, void *arg)
{
	uint32_t cur, end;
	unsigned n;
	int ret = 0, r;

	s->af = e->start.family;
	s->netmask = s->af == AF_INET6 ? 128 : 0xffffffffU;
	s->port = (uint16_t)e->port;
	lvs_addr_copy(&s->addr, &e->start);
	if (s->af == AF_INET6) {
		cur = ntohs(e->start.u.v6.s6_addr16[7]);
		end = ntohs(e->end.u.v6.s6_addr16[7]);
	} else {
		cur = ntohl(e->start.u.v4.s_addr);
		end = ntohl(e->end.u.v4.s_addr);
	}
	for (n = 0; n <= 65536; n++, cur++) {
		if (s->af == AF_INET6)
			s->addr.v6.s6_addr16[7] = htons((uint16_t)cur);
		else
			s->addr.v4.s_addr = htonl(cur);
		if ((r = fn(s, arg)) != 0)
			ret = r;
		if (cur >= end)
			break;
	}
	return ret;
}

/* Call fn for every IPVS service vs stands for; the last error wins but
 * every service is tried. */
static int
lvs_svc_each(const struct check_vs *vs, lvs_svc_fn fn, void *arg)
{
	const struct check_vsg_entry *e;
	struct nl_ipvs_svc s;
	int ret = 0, r, af;

	af = vs->af != AF_UNSPEC ? vs->af : AF_INET;
	if (vs->kind != CHECK_VS_GROUP || vs->vsg == NULL) {
		lvs_svc_base(vs, af, &s);
		if (vs->kind == CHECK_VS_FWMARK)
			s.fwmark = vs->fwmark;
		else {
			lvs_addr_copy(&s.addr, &vs->addr);
			s.port = (uint16_t)vs->port;
		}
		return fn(&s, arg);
	}
	STAILQ_FOREACH(e, &vs->vsg->addrs, next) {
		lvs_svc_base(vs, af, &s);
		if ((r = lvs_range_each(&s, e, fn, arg)) != 0)
			ret = r;
	}
	STAILQ_FOREACH(e, &vs->vsg->fwmarks, next) {
		lvs_svc_base(vs, e->fwm_family != AF_UNSPEC ? e->fwm_family :
		    af, &s);
		s.fwmark = e->fwmark;
		if ((r = fn(&s, arg)) != 0)
			ret = r;
	}
	return ret;
}

static uint32_t
lvs_fwd(const struct check_fwd_conf *f)
{
	switch (f->method) {
	case CHECK_FWD_DR:
		return IP_VS_CONN_F_DROUTE;
	case CHECK_FWD_TUN:
		return IP_VS_CONN_F_TUNNEL;
	default:
		return IP_VS_CONN_F_MASQ;
	}
}

static void
lvs_dest(const struct check_vs *vs, const struct check_rs *rs, int weight,
    struct nl_ipvs_dest *d)
{
	const struct check_fwd_conf *f =
	    rs->fwd.method != CHECK_FWD_UNSET ? &rs->fwd : &vs->fwd;

	memset(d, 0, sizeof(*d));
	d->af = rs->addr.family;
	lvs_addr_copy(&d->addr, &rs->addr);
	d->port = (uint16_t)rs->port;
	d->fwd = lvs_fwd(f);
	d->weight = weight;
	d->u_thresh = rs->uthreshold;
	d->l_thresh = rs->lthreshold;
	if (d->fwd == IP_VS_CONN_F_TUNNEL) {
		d->tun_type = f->tun_type == CHECK_TUN_GUE ?
		    IP_VS_CONN_F_TUNNEL_TYPE_GUE :
		    f->tun_type == CHECK_TUN_GRE ?
		    IP_VS_CONN_F_TUNNEL_TYPE_GRE :
		    IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
		d->tun_port = (uint16_t)f->tun_port;
		d->tun_flags = f->tun_csum == CHECK_CSUM_CSUM ?
		    IP_VS_TUNNEL_ENCAP_FLAG_CSUM :
		    f->tun_csum == CHECK_CSUM_REMCSUM ?
		    IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM : 0;
	}
}

/* --- logging in keepalived's words ----------------------------------- */

static const char *
lvs_svc_str(const struct nl_ipvs_svc *s, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (s->fwmark != 0)
		snprintf(buf, size, "Fwm %u%s", s->fwmark,
		    s->af == AF_INET6 ? " inet6" : "");
	else {
		inet_ntop(s->af, s->addr.raw, a, sizeof(a));
		snprintf(buf, size, s->af == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
		    s->port);
	}
	return buf;
}

static void
lvs_log_err(const char *cmd, int err, const struct nl_ipvs_svc *s,
    const struct nl_ipvs_dest *d)
{
	char sb[80], a[INET6_ADDRSTRLEN];

	lvs_svc_str(s, sb, sizeof(sb));
	if (d == NULL) {
		log_info("IPVS cmd %s error: %s(%d) (%s)", cmd, strerror(err),
		    err, sb);
		return;
	}
	inet_ntop(d->af, d->addr.raw, a, sizeof(a));
	log_info("IPVS cmd %s error: %s(%d) (%s -> %s%s%s:%u)", cmd,
	    strerror(err), err, sb, d->af == AF_INET6 ? "[" : "", a,
	    d->af == AF_INET6 ? "]" : "", d->port);
}

/* --- the registry of added services ---------------------------------- */

static bool
lvs_svc_same(const struct nl_ipvs_svc *a, const struct nl_ipvs_svc *b)
{
	return a->af == b->af && a->fwmark == b->fwmark &&
	    (a->fwmark != 0 || (a->protocol == b->protocol &&
	    a->port == b->port && memcmp(a->addr.raw, b->addr.raw,
	    sizeof(a->addr.raw)) == 0));
}

static void
lvs_remember(const struct nl_ipvs_svc *s)
{
	size_t i;

	for (i = 0; i < lvs_nadded; i++)
		if (lvs_svc_same(&lvs_added[i], s))
			return;
	if (lvs_nadded == lvs_cap) {
		lvs_cap = lvs_cap == 0 ? 16 : lvs_cap * 2;
		lvs_added = xreallocarray(lvs_added, lvs_cap,
		    sizeof(*lvs_added));
	}
	lvs_added[lvs_nadded++] = *s;
}

static void
lvs_forget(const struct nl_ipvs_svc *s)
{
	size_t i;

	for (i = 0; i < lvs_nadded; i++)
		if (lvs_svc_same(&lvs_added[i], s)) {
			lvs_added[i] = lvs_added[--lvs_nadded];
			return;
		}
}

/* --- services -------------------------------------------------------- */

static int
lvs_svc_add_one(const struct nl_ipvs_svc *s, void *arg)
{
	if (nl_ipvs_svc_cmd(&lvs_nl, IPVS_CMD_NEW_SERVICE, s) == -1 &&
	    errno != EEXIST) {
		lvs_log_err("ADD", errno, s, NULL);
		return -1;
	}
	lvs_remember(s);
	return 0;
}

static int
lvs_svc_del_one(const struct nl_ipvs_svc *s, void *arg)
{
	int ret = 0;

	if (nl_ipvs_svc_cmd(&lvs_nl, IPVS_CMD_DEL_SERVICE, s) == -1 &&
	    errno != ESRCH && errno != ENOENT) {
		lvs_log_err("DEL", errno, s, NULL);
		ret = -1;
	}
	lvs_forget(s);
	return ret;
}

int
lvs_vs_add(const struct check_vs *vs)
{
	if (!lvs_up)
		return 0;
	return lvs_svc_each(vs, lvs_svc_add_one, NULL);
}

int
lvs_vs_del(const struct check_vs *vs)
{
	if (!lvs_up)
		return 0;
	return lvs_svc_each(vs, lvs_svc_del_one, NULL);
}

int
lvs_vs_flush_all(void)
{
	int ret = 0;

	if (!lvs_up)
		return 0;
	/* lvs_svc_del_one forgets the service whatever the outcome. */
	while (lvs_nadded > 0)
		if (lvs_svc_del_one(&lvs_added[lvs_nadded - 1], NULL) == -1)
			ret = -1;
	return ret;
}

int
lvs_flush(void)
{
	if (!lvs_up)
		return 0;
	lvs_nadded = 0;
	if (nl_ipvs_flush(&lvs_nl) == -1) {
		log_info("IPVS cmd FLUSH error: %s(%d)", strerror(errno), errno);
		return -1;
	}
	return 0;
}

/* --- destinations ----------------------------------------------------- */

struct lvs_dest_op {
	uint8_t			 cmd;
	struct nl_ipvs_dest	 d;
};

static int
lvs_dest_one(const struct nl_ipvs_svc *s, void *arg)
{
	struct lvs_dest_op *op = arg;
	int err;

	if (nl_ipvs_dest_cmd(&lvs_nl, op->cmd, s, &op->d) == 0)
		return 0;
	err = errno;
	if (op->cmd == IPVS_CMD_NEW_DEST && err == EEXIST)
		return 0;
	if (op->cmd == IPVS_CMD_DEL_DEST && (err == ENOENT || err == ESRCH))
		return 0;
	if (op->cmd == IPVS_CMD_SET_DEST && err == ENOENT) {
		if (nl_ipvs_dest_cmd(&lvs_nl, IPVS_CMD_NEW_DEST, s,
		    &op->d) == 0)
			return 0;
		err = errno;
	}
	lvs_log_err(op->cmd == IPVS_CMD_NEW_DEST ? "ADDDEST" :
	    op->cmd == IPVS_CMD_SET_DEST ? "EDITDEST" : "DELDEST", err, s,
	    &op->d);
	return -1;
}

static int
lvs_rs_cmd(uint8_t cmd, const struct check_vs *vs, const struct check_rs *rs,
    int weight)
{
	struct lvs_dest_op op;

	if (!lvs_up)
		return 0;
	op.cmd = cmd;
	lvs_dest(vs, rs, weight, &op.d);
	return lvs_svc_each(vs, lvs_dest_one, &op);
}

int
lvs_rs_add(const struct check_vs *vs, const struct check_rs *rs, int weight)
{
	return lvs_rs_cmd(IPVS_CMD_NEW_DEST, vs, rs, weight);
}

int
lvs_rs_edit(const struct check_vs *vs, const struct check_rs *rs, int weight)
{
	return lvs_rs_cmd(IPVS_CMD_SET_DEST, vs, rs, weight);
}

int
lvs_rs_del(const struct check_vs *vs, const struct check_rs *rs)
{
	return lvs_rs_cmd(IPVS_CMD_DEL_DEST, vs, rs, 0);
}
