/*
 * vrrp_dump: the VRRP child's dump files in keepalived 2.2.7's layout
 * (keepalived-compat.md §2.7): the instance and sockpool sections of
 * keepalived.data (SIGUSR1), keepalived.stats (SIGUSR2, and clearing on
 * SIGRTMAX-1) and keepalived.json (SIGRTMIN+2), from the live instances
 * and their real counters.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "script.h"
#include "track_process.h"
#include "vrrp.h"

static const char *
dump_state(enum vrrp_fsm_state s)
{
	switch (s) {
	case VRRP_FSM_INIT:
		return "INIT";
	case VRRP_FSM_BACKUP:
		return "BACKUP";
	case VRRP_FSM_MASTER:
		return "MASTER";
	case VRRP_FSM_FAULT:
		return "FAULT";
	default:
		return "unknown";
	}
}

static const char *
dump_scope(unsigned scope, char *buf, size_t size)
{
	switch (scope) {
	case 0:
		return "global";
	case 200:
		return "site";
	case 253:
		return "link";
	case 254:
		return "host";
	case 255:
		return "nowhere";
	}
	snprintf(buf, size, "%u", scope);
	return buf;
}

/* keepalived's format_ipaddress (the common part). */
static void
dump_vip_str(const struct vip *v, char *out, size_t size)
{
	const struct nl_addr *a = &v->na;
	char ab[INET6_ADDRSTRLEN], bb[INET6_ADDRSTRLEN], sb[8];
	unsigned full = a->addr.family == AF_INET ? 32 : 128;
	size_t n;

	inet_ntop(a->addr.family, &a->addr.u, ab, sizeof(ab));
	n = (size_t)snprintf(out, size, "%s", ab);
	if (a->addr.prefix != full && n < size)
		n += (size_t)snprintf(out + n, size - n, "/%u", a->addr.prefix);
	if (a->brd.family == AF_INET && a->brd.u.v4.s_addr != 0 && n < size) {
		inet_ntop(AF_INET, &a->brd.u.v4, bb, sizeof(bb));
		n += (size_t)snprintf(out + n, size - n, " brd %s", bb);
	}
	if (n < size)
		n += (size_t)snprintf(out + n, size - n, " dev %s scope %s",
		    v->ifname, dump_scope(a->scope, sb, sizeof(sb)));
	if (a->label[0] != '\0' && n < size)
		snprintf(out + n, size - n, " label %s", a->label);
}

static void
dump_time(FILE *fp, const char *key, double t)
{
	char buf[64];
	time_t s = (time_t)t;
	long us = (long)((t - (double)s) * 1e6);
	struct tm tm;

	if (localtime_r(&s, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S", &tm) == 0)
		buf[0] = '\0';
	fprintf(fp, "   %s = %ld.%6.6ld (%s.%6.6ld %d)\n", key, (long)s, us,
	    buf, us, tm.tm_year + 1900);
}

static void
dump_rt_addrs(FILE *fp, const struct vrrp_rt *rt)
{
	char buf[256];
	size_t i;

	if (rt->vips.n > 0) {
		fprintf(fp, "   Virtual IP (%zu):\n", rt->vips.n);
		for (i = 0; i < rt->vips.n; i++) {
			dump_vip_str(&rt->vips.v[i], buf, sizeof(buf));
			fprintf(fp, "     %s\n", buf);
		}
	}
	if (rt->evips.n > 0) {
		fprintf(fp, "   Virtual IP Excluded :\n");
		for (i = 0; i < rt->evips.n; i++) {
			dump_vip_str(&rt->evips.v[i], buf, sizeof(buf));
			fprintf(fp, "     %s\n", buf);
		}
	}
}

static void
dump_rt_unicast(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	char buf[ADDR_STRLEN];
	size_t i;

	if (!rt->unicast)
		return;
	if (c->unicast_ttl != -1)
		fprintf(fp, "   Unicast TTL = %d\n", c->unicast_ttl);
	fprintf(fp, "   Check unicast src : %s\n", c->check_unicast_src ?
	    "yes" : "no");
	fprintf(fp, "   Unicast Peer :\n");
	for (i = 0; i < rt->npeers; i++)
		fprintf(fp, "     %s min_ttl %d max_ttl %d\n",
		    addr_str(&rt->peers[i].addr, buf, sizeof(buf)),
		    rt->peers[i].min_ttl < 0 ? 0 : rt->peers[i].min_ttl,
		    rt->peers[i].max_ttl < 0 ? 255 : rt->peers[i].max_ttl);
	fprintf(fp, "   Unicast checksum compatibility = %s\n",
	    rt->expect.csum_compat == VRRP_PKT_CSUM_NEVER ? "never" :
	    rt->expect.csum_compat == VRRP_PKT_CSUM_OLD ?
	    (c->old_unicast_checksum == 1 ? "config" : "auto") : "no");
}

static void
dump_rt_head(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct vrrp_fsm *f = &rt->fsm;
	char buf[ADDR_STRLEN];

	fprintf(fp, " VRRP Instance = %s\n", c->name);
	fprintf(fp, "   VRRP Version = %u\n", c->version);
	if (c->family == AF_INET6)
		fprintf(fp, "   Using Native IPv6\n");
	fprintf(fp, "   State = %s\n", dump_state(f->state));
	if (f->state == VRRP_FSM_BACKUP) {
		fprintf(fp, "   Master router = %s\n",
		    f->master_saddr.family != AF_UNSPEC ?
		    addr_str(&f->master_saddr, buf, sizeof(buf)) : "(none)");
		fprintf(fp, "   Master priority = %u\n", f->master_priority);
		if (c->version == 3)
			fprintf(fp, "   Master advert int = %.2f sec\n",
			    (double)f->master_adver_int_us / 1e6);
	}
	if (rt->unicast)
		fprintf(fp, "   Flags:\n     Using unicast\n");
	else
		fprintf(fp, "   Flags: none\n");
	fprintf(fp, "   Wantstate = %s\n", dump_state(f->want_state));
	fprintf(fp, "   Number of config faults = 0\n");
	fprintf(fp, "   Number of interface and track script faults = %u\n",
	    rt->fault ? 1U : 0U);
	fprintf(fp, "   Number of track scripts init = 0\n");
	dump_time(fp, "Last transition", rt->last_transition);
	fprintf(fp, "   Master down timer = %" PRIu64 " usecs\n",
	    f->master_down_us);
	if (rt->vmac.active)
		fprintf(fp, "   Interface = %s, vmac on %s%s\n", rt->ifname,
		    rt->vmac.base_ifname, rt->vmac.xmit_base ?
		    ", xmit base i/f" : "");
	else
		fprintf(fp, "   Interface = %s\n", rt->ifname);
	if (c->dont_track_primary)
		fprintf(fp, "   VRRP interface tracking disabled\n");
	if (c->skip_check_adv_addr)
		fprintf(fp, "   Skip checking advert IP addresses\n");
	if (c->strict_mode)
		fprintf(fp, "   Enforcing strict VRRP compliance\n");
	fprintf(fp, "   Using src_ip = %s%s\n", rt->saddr.family != AF_UNSPEC ?
	    addr_str(&rt->saddr, buf, sizeof(buf)) : "(none)",
	    c->saddr.family != AF_UNSPEC ? " (from configuration)" : "");
	if (!rt->unicast && c->family == AF_INET)
		fprintf(fp, "   Multicast address %s\n",
		    addr_str(&rt->group, buf, sizeof(buf)));
	else if (!rt->unicast)
		fprintf(fp, "   Multicast address %s, ifindex %d\n",
		    addr_str(&rt->group, buf, sizeof(buf)), rt->ifindex);
}

static void
dump_rt_params(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct vrrp_fsm *f = &rt->fsm;

	fprintf(fp, "   Gratuitous ARP delay = %" PRIu64 "\n",
	    c->garp_delay_us / 1000000);
	fprintf(fp, "   Gratuitous ARP repeat = %u\n", c->garp_rep);
	fprintf(fp, "   Gratuitous ARP refresh = %" PRIu64 "\n",
	    c->garp_refresh_us / 1000000);
	fprintf(fp, "   Gratuitous ARP refresh repeat = %u\n",
	    c->garp_refresh_rep);
	fprintf(fp, "   Gratuitous ARP lower priority delay = %" PRIu64 "\n",
	    c->garp_lower_prio_delay_us / 1000000);
	fprintf(fp, "   Gratuitous ARP lower priority repeat = %u\n",
	    c->garp_lower_prio_rep);
	fprintf(fp, "   Down timer adverts = %u\n", c->down_timer_adverts);
	fprintf(fp, "   Send advert after receive lower priority advert = "
	    "%s\n", c->lower_prio_no_advert ? "false" : "true");
	fprintf(fp, "   Send advert after receive higher priority advert = "
	    "%s\n", c->higher_prio_send_advert ? "true" : "false");
	fprintf(fp, "   Virtual Router ID = %u\n", c->vrid);
	fprintf(fp, "   Priority = %u\n", f->base_priority);
	fprintf(fp, "   Effective priority = %u\n", f->effective_priority);
	fprintf(fp, "   Total priority = %u\n", f->effective_priority);
	if (c->version == 2)
		fprintf(fp, "   Advert interval = %" PRIu64 " sec\n",
		    f->adver_int_us / 1000000);
	else
		fprintf(fp, "   Advert interval = %" PRIu64 " milli-sec\n",
		    f->adver_int_us / 1000);
	if (f->state == VRRP_FSM_BACKUP && c->version == 3)
		fprintf(fp, "   Master advert interval = %" PRIu64
		    " milli-sec\n", f->master_adver_int_us / 1000);
	fprintf(fp, "   Accept = %s\n", c->accept ? "enabled" : "disabled");
	fprintf(fp, "   Preempt = %s\n", c->nopreempt ? "disabled" : "enabled");
	if (c->preempt_delay_us != 0)
		fprintf(fp, "   Preempt delay = %g secs\n",
		    (double)c->preempt_delay_us / 1e6);
	fprintf(fp, "   Promote_secondaries = %s\n", c->promote_secondaries ?
	    "enabled" : "disabled");
	if (c->auth_type != VRRP_CONF_AUTH_NONE) {
		fprintf(fp, "   Authentication type = %s\n",
		    c->auth_type == VRRP_CONF_AUTH_AH ? "IPSEC_AH" :
		    "SIMPLE_PASSWORD");
		if (c->auth_type == VRRP_CONF_AUTH_PASS)
			fprintf(fp, "   Password = %s\n", c->auth_pass);
	} else if (c->version == 2)
		fprintf(fp, "   Authentication type = none\n");
}

/* keepalived's "Tracked interfaces/scripts/files" (vrrp_track.c and
 * track_file.c formats); track_real_server is Vigil's. */
static void
dump_rt_tracked(FILE *fp, const struct vrrp_rt *rt, enum vrrp_track_kind k,
    const char *title, const char *sep)
{
	const struct vrrp_track_item *it;
	size_t i;
	bool first = true;

	for (i = 0; i < rt->nitems; i++) {
		it = &rt->items[i];
		if (it->kind != k || it->own)
			continue;
		if (first)
			fprintf(fp, "   %s :\n", title);
		first = false;
		fprintf(fp, "     %s%s weight %d%s\n", it->name, sep,
		    it->weight, it->reverse ? " reverse" : "");
	}
}

static void
dump_rt(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;

	dump_rt_head(fp, rt);
	dump_rt_params(fp, rt);
	dump_rt_addrs(fp, rt);
	dump_rt_unicast(fp, rt);
	if (rt->sock != NULL)
		fprintf(fp, "   fd_in %d, fd_out %d\n", rt->sock->fd_rx,
		    rt->sock->fd_tx);
	else
		fprintf(fp, "   No sockets allocated\n");
	dump_rt_tracked(fp, rt, VRRP_TRACK_IF, "Tracked interfaces", "");
	dump_rt_tracked(fp, rt, VRRP_TRACK_SCRIPT, "Tracked scripts", "");
	dump_rt_tracked(fp, rt, VRRP_TRACK_FILE, "Tracked files", ",");
	vrrp_tprocs_dump_rt(fp, rt);
	dump_rt_tracked(fp, rt, VRRP_TRACK_BFD, "Tracked BFDs", ":");
	/* Vigil's own tracker, after keepalived's */
	dump_rt_tracked(fp, rt, VRRP_TRACK_RS, "Tracked real servers", "");
	fprintf(fp, "   Using smtp notification = %s\n", c->smtp_alert ?
	    "yes" : "no");
	fprintf(fp, "   Notify deleted = %s\n", c->notify_deleted_set ?
	    "Deleted" : "Fault");
}

static void
dump_pool(FILE *fp, struct vrrp_engine *eng)
{
	const struct vrrp_sockent *se;
	const struct vrrp_rt *rt;
	char buf[ADDR_STRLEN];

	if (TAILQ_EMPTY(&eng->socks))
		return;
	fprintf(fp, "------< VRRP Sockpool >------\n");
	TAILQ_FOREACH(se, &eng->socks, next) {
		fprintf(fp, " fd_in %d fd_out = %d\n", se->fd_rx, se->fd_tx);
		fprintf(fp, "   Interface = %s\n", se->ifname);
		fprintf(fp, "   Family = %s\n", se->family == AF_INET ? "IPv4" :
		    "IPv6");
		fprintf(fp, "   Protocol = VRRP\n");
		fprintf(fp, "   Type = %sicast\n", se->unicast ? "Un" : "Mult");
		if (se->unicast)
			fprintf(fp, "   Address = %s\n",
			    addr_str(&se->usrc, buf, sizeof(buf)));
		fprintf(fp, "   Rx buf size = %u\n",
		    eng->vc->conf->global.vrrp_rx_bufs_size);
		fprintf(fp, "   VRRP instances\n");
		TAILQ_FOREACH(rt, &eng->rts, next)
			if (rt->sock == se)
				fprintf(fp, "     %s vrid %u\n", rt->conf->name,
				    rt->conf->vrid);
	}
}

void
vrrp_dump_data(struct vrrp_child *vc, FILE *fp)
{
	struct vrrp_engine *eng = vc->engine;
	const struct vrrp_rt *rt;

	if (eng == NULL || TAILQ_EMPTY(&eng->rts))
		return;
	fprintf(fp, "------< VRRP Topology >------\n");
	TAILQ_FOREACH(rt, &eng->rts, next)
		dump_rt(fp, rt);
	dump_pool(fp, eng);
	vrrp_tprocs_dump(eng, fp);
}

void
vrrp_dump_stats(struct vrrp_child *vc, FILE *fp, bool clear)
{
	struct vrrp_engine *eng = vc->engine;
	struct vrrp_rt *rt;
	const uint64_t *k;

	if (eng == NULL)
		return;
	TAILQ_FOREACH(rt, &eng->rts, next) {
		k = rt->stats.cnt;
		fprintf(fp, "VRRP Instance: %s\n", rt->conf->name);
		fprintf(fp, "  Advertisements:\n");
		fprintf(fp, "    Received: %" PRIu64 "\n",
		    rt->fsm.stats.advert_rcvd);
		fprintf(fp, "    Sent: %" PRIu64 "\n", rt->fsm.stats.advert_sent);
		fprintf(fp, "  Became master: %u\n", rt->fsm.stats.become_master);
		fprintf(fp, "  Released master: %u\n",
		    rt->fsm.stats.release_master);
		fprintf(fp, "  Packet Errors:\n");
		fprintf(fp, "    Length: %" PRIu64 "\n",
		    k[VRRP_PKT_CNT_PACKET_LEN_ERR]);
		fprintf(fp, "    TTL: %" PRIu64 "\n", k[VRRP_PKT_CNT_IP_TTL_ERR]);
		fprintf(fp, "    Invalid Type: %" PRIu64 "\n",
		    k[VRRP_PKT_CNT_INVALID_TYPE_RCVD]);
		fprintf(fp, "    Advertisement Interval: 0\n");
		fprintf(fp, "    Address List: %" PRIu64 "\n",
		    k[VRRP_PKT_CNT_ADDR_LIST_ERR]);
		fprintf(fp, "  Authentication Errors:\n");
		fprintf(fp, "    Invalid Type: %" PRIu64 "\n",
		    k[VRRP_PKT_CNT_INVALID_AUTHTYPE]);
		fprintf(fp, "    Type Mismatch: %" PRIu64 "\n",
		    k[VRRP_PKT_CNT_AUTHTYPE_MISMATCH]);
		fprintf(fp, "    Failure: %" PRIu64 "\n",
		    k[VRRP_PKT_CNT_AUTH_FAILURE]);
		fprintf(fp, "  Priority Zero:\n");
		fprintf(fp, "    Received: %" PRIu64 "\n",
		    rt->fsm.stats.pri_zero_rcvd);
		fprintf(fp, "    Sent: %" PRIu64 "\n", rt->fsm.stats.pri_zero_sent);
		if (clear) {
			memset(&rt->stats, 0, sizeof(rt->stats));
			rt->fsm.stats.advert_rcvd = rt->fsm.stats.advert_sent = 0;
			rt->fsm.stats.pri_zero_rcvd = 0;
			rt->fsm.stats.pri_zero_sent = 0;
			rt->fsm.stats.become_master = 0;
			rt->fsm.stats.release_master = 0;
		}
	}
}

/* --- JSON ----------------------------------------------------------------- */

static void
json_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
json_kstr(FILE *fp, const char *k, const char *v)
{
	fprintf(fp, ",\"%s\":", k);
	json_str(fp, v);
}

static void
json_script(FILE *fp, const char *k, const struct script_conf *s)
{
	if (s != NULL && s->cmd != NULL)
		json_kstr(fp, k, s->cmd);
}

static void
json_vips(FILE *fp, const char *k, const struct vip_set *set)
{
	char buf[256];
	size_t i;

	fprintf(fp, ",\"%s\":[", k);
	for (i = 0; i < set->n; i++) {
		dump_vip_str(&set->v[i], buf, sizeof(buf));
		if (i > 0)
			fputc(',', fp);
		json_str(fp, buf);
	}
	fputc(']', fp);
}

static void
json_data_head(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct vrrp_fsm *f = &rt->fsm;

	fprintf(fp, "\"data\":{\"iname\":");
	json_str(fp, c->name);
	fprintf(fp, ",\"dont_track_primary\":%d,\"skip_check_adv_addr\":%d,"
	    "\"strict_mode\":%d", c->dont_track_primary,
	    c->skip_check_adv_addr, c->strict_mode);
	json_kstr(fp, "vmac_ifname", rt->vmac.active ? rt->vmac.ifname : "");
	json_kstr(fp, "ifp_ifname", rt->ifname);
	fprintf(fp, ",\"master_priority\":%u,\"last_transition\":%f,"
	    "\"garp_delay\":%g,\"garp_refresh\":%" PRIu64 ",\"garp_rep\":%u,"
	    "\"garp_refresh_rep\":%u,\"garp_lower_prio_delay\":%" PRIu64
	    ",\"garp_lower_prio_rep\":%u,\"lower_prio_no_advert\":%d,"
	    "\"higher_prio_send_advert\":%d,\"vrid\":%u,\"base_priority\":%u,"
	    "\"effective_priority\":%u,\"vipset\":%s,"
	    "\"promote_secondaries\":%s,\"adver_int\":%g,"
	    "\"master_adver_int\":%g,\"accept\":%d,\"nopreempt\":%s,"
	    "\"preempt_delay\":%" PRIu64 ",\"state\":%d,\"wantstate\":%d,"
	    "\"version\":%u,\"smtp_alert\":%s,\"notify_deleted\":%s",
	    f->master_priority, rt->last_transition,
	    (double)c->garp_delay_us / 1e6, c->garp_refresh_us / 1000000,
	    c->garp_rep, c->garp_refresh_rep,
	    c->garp_lower_prio_delay_us / 1000000, c->garp_lower_prio_rep,
	    c->lower_prio_no_advert, c->higher_prio_send_advert, c->vrid,
	    f->base_priority, f->effective_priority,
	    f->vipset ? "true" : "false",
	    c->promote_secondaries ? "true" : "false",
	    (double)f->adver_int_us / 1e6, (double)f->master_adver_int_us / 1e6,
	    c->accept, c->nopreempt ? "true" : "false",
	    c->preempt_delay_us / 1000000, (int)f->state, (int)f->want_state,
	    c->version, c->smtp_alert ? "true" : "false",
	    c->notify_deleted_set ? "true" : "false");
}

static void
json_data(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_instance_conf *c = rt->conf;
	const struct vrrp_track_ref *t;
	const char *sep = "";

	json_data_head(fp, rt);
	json_script(fp, "script_backup", c->notify_backup);
	json_script(fp, "script_master", c->notify_master);
	json_script(fp, "script_fault", c->notify_fault);
	json_script(fp, "script_stop", c->notify_stop);
	json_script(fp, "script_deleted", c->notify_deleted);
	json_script(fp, "script", c->notify);
	json_script(fp, "script_master_rx_lower_pri",
	    c->notify_master_rx_lower_pri);
	json_vips(fp, "vips", &rt->vips);
	json_vips(fp, "evips", &rt->evips);
	fprintf(fp, ",\"vroutes\":[],\"vrules\":[],\"track_ifp\":[");
	STAILQ_FOREACH(t, &c->track_ifs, next) {
		fputs(sep, fp);
		json_str(fp, t->name);
		sep = ",";
	}
	fprintf(fp, "],\"track_script\":[");
	sep = "";
	STAILQ_FOREACH(t, &c->track_scripts, next) {
		fputs(sep, fp);
		json_str(fp, t->name);
		sep = ",";
	}
	fprintf(fp, "],\"auth_type\":%d", (int)c->auth_type);
	if (c->auth_type != VRRP_CONF_AUTH_NONE)
		json_kstr(fp, "auth_data", c->auth_pass);
	fputc('}', fp);
}

static void
json_stats(FILE *fp, const struct vrrp_rt *rt)
{
	const uint64_t *k = rt->stats.cnt;
	const struct vrrp_fsm_stats *s = &rt->fsm.stats;

	fprintf(fp, "\"stats\":{\"advert_rcvd\":%" PRIu64 ",\"advert_sent\":%"
	    PRIu64 ",\"become_master\":%u,\"release_master\":%u,"
	    "\"packet_len_err\":%" PRIu64 ",\"advert_interval_err\":0,"
	    "\"ip_ttl_err\":%" PRIu64 ",\"invalid_type_rcvd\":%" PRIu64
	    ",\"addr_list_err\":%" PRIu64 ",\"invalid_authtype\":%" PRIu64
	    ",\"authtype_mismatch\":%" PRIu64 ",\"auth_failure\":%" PRIu64
	    ",\"pri_zero_rcvd\":%" PRIu64 ",\"pri_zero_sent\":%" PRIu64 "}",
	    s->advert_rcvd, s->advert_sent, s->become_master,
	    s->release_master, k[VRRP_PKT_CNT_PACKET_LEN_ERR],
	    k[VRRP_PKT_CNT_IP_TTL_ERR], k[VRRP_PKT_CNT_INVALID_TYPE_RCVD],
	    k[VRRP_PKT_CNT_ADDR_LIST_ERR], k[VRRP_PKT_CNT_INVALID_AUTHTYPE],
	    k[VRRP_PKT_CNT_AUTHTYPE_MISMATCH], k[VRRP_PKT_CNT_AUTH_FAILURE],
	    s->pri_zero_rcvd, s->pri_zero_sent);
}

void
vrrp_dump_json(struct vrrp_child *vc, FILE *fp)
{
	struct vrrp_engine *eng = vc->engine;
	const struct vrrp_rt *rt;
	const char *sep = "";

	fputc('[', fp);
	if (eng != NULL)
		TAILQ_FOREACH(rt, &eng->rts, next) {
			fprintf(fp, "%s{", sep);
			json_data(fp, rt);
			fputc(',', fp);
			json_stats(fp, rt);
			fputc('}', fp);
			sep = ",";
		}
	fputs("]\n", fp);
}
