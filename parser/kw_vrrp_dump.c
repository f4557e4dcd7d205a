/*
 * kw_vrrp_dump: stable text form of the VRRP side of the model.
 */
#include <sys/socket.h>

#include <limits.h>

#include "conf.h"
#include "conf_iproute.h"
#include "script.h"

static const char *const state_names[] = { "INIT", "BACKUP", "MASTER" };
static const char *const auth_names[] = { "none", "PASS", "AH" };

static void
dump_tracks(FILE *f, int d, const char *key, const struct vrrp_track_list *l)
{
	const struct vrrp_track_ref *t;

	if (STAILQ_EMPTY(l))
		return;
	dump_open(f, d, "%s", key);
	STAILQ_FOREACH(t, l, next) {
		if (t->has_weight)
			dump_kv(f, d + 1, t->name, "weight %d%s", t->weight,
			    t->reverse ? " reverse" : "");
		else
			dump_kv(f, d + 1, t->name, "%s", "default");
	}
	dump_close(f, d);
}

static void
dump_names(FILE *f, int d, const char *key, const struct vrrp_name_list *l)
{
	const struct vrrp_name *n;

	dump_open(f, d, "%s", key);
	STAILQ_FOREACH(n, l, next)
		dump_str(f, d + 1, "name", n->name);
	dump_close(f, d);
}

static void
dump_instance_net(FILE *f, const struct vrrp_instance_conf *v)
{
	const struct vrrp_peer_conf *pc;

	dump_str(f, 1, "interface", v->ifname);
	dump_kv(f, 1, "family", "%s", v->family == AF_INET6 ? "inet6" : "inet");
	dump_kv(f, 1, "version", "%u", v->version);
	dump_addr(f, 1, "src_ip", &v->saddr);
	dump_addr(f, 1, "mcast_dst_ip", &v->mcast_daddr);
	STAILQ_FOREACH(pc, &v->peers, next) {
		dump_addr(f, 1, "unicast_peer", &pc->addr);
		dump_kv(f, 2, "ttl", "%d %d", pc->min_ttl, pc->max_ttl);
	}
	dump_kv(f, 1, "unicast_ttl", "%d", v->unicast_ttl);
	dump_bool(f, 1, "unicast_fault_no_peer", v->unicast_fault_no_peer);
	dump_bool(f, 1, "check_unicast_src", v->check_unicast_src);
	dump_kv(f, 1, "old_unicast_checksum", "%d", v->old_unicast_checksum);
	dump_bool(f, 1, "track_src_ip", v->track_src_ip);
	dump_bool(f, 1, "use_vmac", v->use_vmac);
	dump_str(f, 1, "vmac_ifname", v->vmac_ifname);
	dump_str(f, 1, "vmac_addr", v->vmac_addr);
	dump_bool(f, 1, "use_vmac_addr", v->use_vmac_addr);
	dump_bool(f, 1, "vmac_xmit_base", v->vmac_xmit_base);
	dump_bool(f, 1, "use_ipvlan", v->use_ipvlan);
	dump_str(f, 1, "vrf", v->vrf);
	dump_bool(f, 1, "linkbeat_use_polling", v->linkbeat_use_polling);
	ipaddr_list_dump(f, 1, "virtual_ipaddress", &v->vips);
	ipaddr_list_dump(f, 1, "virtual_ipaddress_excluded", &v->evips);
	route_list_dump(f, 1, "virtual_routes", &v->vroutes);
	rule_list_dump(f, 1, "virtual_rules", &v->vrules);
}

static void
dump_instance(FILE *f, const struct vrrp_instance_conf *v)
{
	dump_open(f, 0, "vrrp_instance %s", v->name);
	dump_kv(f, 1, "state", "%s", state_names[v->state]);
	dump_kv(f, 1, "virtual_router_id", "%u", v->vrid);
	dump_kv(f, 1, "priority", "%u", v->priority);
	dump_timer(f, 1, "advert_int", v->adver_int_us);
	dump_kv(f, 1, "auth_type", "%s", auth_names[v->auth_type]);
	dump_str(f, 1, "auth_pass", v->auth_pass);
	dump_bool(f, 1, "nopreempt", v->nopreempt);
	dump_timer(f, 1, "preempt_delay", v->preempt_delay_us);
	dump_bool(f, 1, "accept", v->accept);
	dump_bool(f, 1, "strict_mode", v->strict_mode);
	dump_bool(f, 1, "skip_check_adv_addr", v->skip_check_adv_addr);
	dump_bool(f, 1, "dont_track_primary", v->dont_track_primary);
	dump_timer(f, 1, "garp_master_delay", v->garp_delay_us);
	dump_kv(f, 1, "garp_master_repeat", "%u", v->garp_rep);
	dump_timer(f, 1, "garp_master_refresh", v->garp_refresh_us);
	dump_kv(f, 1, "garp_master_refresh_repeat", "%u", v->garp_refresh_rep);
	dump_timer(f, 1, "garp_lower_prio_delay", v->garp_lower_prio_delay_us);
	dump_kv(f, 1, "garp_lower_prio_repeat", "%u", v->garp_lower_prio_rep);
	dump_kv(f, 1, "garp_extra_if", "%u%s", v->garp_extra_if,
	    v->garp_extra_if_all ? " all" : "");
	dump_kv(f, 1, "down_timer_adverts", "%u", v->down_timer_adverts);
	dump_bool(f, 1, "lower_prio_no_advert", v->lower_prio_no_advert);
	dump_bool(f, 1, "higher_prio_send_advert", v->higher_prio_send_advert);
	dump_bool(f, 1, "smtp_alert", v->smtp_alert);
	dump_bool(f, 1, "notify_priority_changes", v->notify_priority_changes);
	dump_script(f, 1, "notify", v->notify);
	dump_script(f, 1, "notify_master", v->notify_master);
	dump_script(f, 1, "notify_backup", v->notify_backup);
	dump_script(f, 1, "notify_fault", v->notify_fault);
	dump_script(f, 1, "notify_stop", v->notify_stop);
	if (v->notify_deleted_set && v->notify_deleted == NULL)
		dump_kv(f, 1, "notify_deleted", "(no script)");
	else
		dump_script(f, 1, "notify_deleted", v->notify_deleted);
	dump_script(f, 1, "notify_master_rx_lower_pri",
	    v->notify_master_rx_lower_pri);
	dump_bool(f, 1, "promote_secondaries", v->promote_secondaries);
	dump_kv(f, 1, "kernel_rx_buf_size", "%u", v->kernel_rx_buf_size);
	dump_str(f, 1, "sync_group", v->sync ? v->sync->name : NULL);
	dump_instance_net(f, v);
	dump_tracks(f, 1, "track_interface", &v->track_ifs);
	dump_tracks(f, 1, "track_script", &v->track_scripts);
	dump_tracks(f, 1, "track_file", &v->track_files);
	dump_tracks(f, 1, "track_process", &v->track_processes);
	dump_tracks(f, 1, "track_bfd", &v->track_bfds);
	vrrp_track_rs_dump(f, 1, &v->track_rs);
	vrrp_promote_dump(f, 1, v);
	dump_close(f, 0);
}

static void
dump_sync_group(FILE *f, const struct vrrp_sync_group_conf *g)
{
	dump_open(f, 0, "vrrp_sync_group %s", g->name);
	dump_names(f, 1, "group", &g->members);
	dump_script(f, 1, "notify", g->notify);
	dump_script(f, 1, "notify_master", g->notify_master);
	dump_script(f, 1, "notify_backup", g->notify_backup);
	dump_script(f, 1, "notify_fault", g->notify_fault);
	dump_script(f, 1, "notify_stop", g->notify_stop);
	dump_kv(f, 1, "smtp_alert", "%d", g->smtp_alert);
	dump_bool(f, 1, "sync_group_tracking_weight", g->sgroup_tracking_weight);
	dump_kv(f, 1, "notify_priority_changes", "%d",
	    g->notify_priority_changes);
	dump_tracks(f, 1, "track_interface", &g->track_ifs);
	dump_tracks(f, 1, "track_script", &g->track_scripts);
	dump_tracks(f, 1, "track_file", &g->track_files);
	dump_tracks(f, 1, "track_process", &g->track_processes);
	dump_tracks(f, 1, "track_bfd", &g->track_bfds);
	dump_close(f, 0);
}

static void
dump_trackers(FILE *f, const struct vrrp_conf_set *s)
{
	const struct vrrp_script_def *sc;
	const struct vrrp_track_file_conf *tf;
	const struct vrrp_track_process_conf *tp;
	const struct vrrp_bfd_conf *b;

	STAILQ_FOREACH(sc, &s->scripts, next) {
		dump_open(f, 0, "vrrp_script %s", sc->name);
		dump_script(f, 1, "script", sc->script);
		dump_timer(f, 1, "interval", sc->interval_us);
		dump_timer(f, 1, "timeout", sc->timeout_us);
		dump_kv(f, 1, "weight", "%d%s", sc->weight,
		    sc->weight_reverse ? " reverse" : "");
		dump_kv(f, 1, "rise", "%d", sc->rise);
		dump_kv(f, 1, "fall", "%d", sc->fall);
		dump_str(f, 1, "user", sc->user);
		dump_bool(f, 1, "init_fail", sc->init_fail);
		dump_close(f, 0);
	}
	STAILQ_FOREACH(tf, &s->track_files, next) {
		dump_open(f, 0, "track_file %s", tf->name);
		dump_str(f, 1, "file", tf->path);
		dump_kv(f, 1, "weight", "%d%s", tf->weight,
		    tf->reverse ? " reverse" : "");
		if (tf->init_file)
			dump_kv(f, 1, "init_file", "%ld%s", tf->init_value,
			    tf->init_overwrite ? " overwrite" : "");
		dump_close(f, 0);
	}
	STAILQ_FOREACH(tp, &s->track_processes, next) {
		dump_open(f, 0, "vrrp_track_process %s", tp->name);
		dump_str(f, 1, "process", tp->process);
		dump_str(f, 1, "params", tp->params);
		dump_kv(f, 1, "param_match", "%d", tp->param_match);
		dump_kv(f, 1, "weight", "%d%s", tp->weight,
		    tp->reverse ? " reverse" : "");
		dump_kv(f, 1, "quorum", "%u", tp->quorum);
		if (tp->quorum_max != UINT_MAX)
			dump_kv(f, 1, "quorum_max", "%u", tp->quorum_max);
		dump_timer(f, 1, "delay", tp->delay_us);
		dump_timer(f, 1, "terminate_delay", tp->terminate_delay_us);
		dump_timer(f, 1, "fork_delay", tp->fork_delay_us);
		dump_bool(f, 1, "full_command", tp->full_command);
		dump_close(f, 0);
	}
	STAILQ_FOREACH(b, &s->bfds, next) {
		dump_open(f, 0, "bfd_instance %s", b->name);
		dump_addr(f, 1, "neighbor_ip", &b->neighbor);
		dump_addr(f, 1, "source_ip", &b->source);
		dump_kv(f, 1, "min_rx", "%u", b->min_rx_ms);
		dump_kv(f, 1, "min_tx", "%u", b->min_tx_ms);
		dump_kv(f, 1, "idle_tx", "%u", b->idle_tx_ms);
		dump_kv(f, 1, "multiplier", "%u", b->multiplier);
		dump_bool(f, 1, "passive", b->passive);
		dump_kv(f, 1, "ttl", "%d", b->ttl);
		dump_kv(f, 1, "hoplimit", "%d", b->hoplimit);
		dump_kv(f, 1, "max_hops", "%u", b->max_hops);
		dump_kv(f, 1, "weight", "%d%s", b->weight,
		    b->reverse ? " reverse" : "");
		dump_bool(f, 1, "vrrp", b->vrrp);
		dump_bool(f, 1, "checker", b->checker);
		dump_close(f, 0);
	}
}

static void
dump_misc(FILE *f, const struct vrrp_conf_set *s)
{
	const struct vrrp_garp_group_conf *gg;
	const struct vrrp_track_group_conf *tg;
	const struct vrrp_if_conf *d;

	STAILQ_FOREACH(gg, &s->garp_groups, next) {
		dump_open(f, 0, "garp_group");
		dump_timer(f, 1, "garp_interval", gg->garp_interval_us);
		dump_timer(f, 1, "gna_interval", gg->gna_interval_us);
		dump_names(f, 1, "interfaces", &gg->interfaces);
		dump_close(f, 0);
	}
	STAILQ_FOREACH(tg, &s->track_groups, next) {
		dump_open(f, 0, "track_group %s", tg->name);
		dump_names(f, 1, "group", &tg->members);
		dump_close(f, 0);
	}
	STAILQ_FOREACH(d, &s->if_delays, next)
		dump_kv(f, 0, "interface_up_down_delays", "%s %u %u",
		    d->ifname, d->down_delay, d->up_delay);
	STAILQ_FOREACH(d, &s->linkbeat_ifs, next)
		dump_kv(f, 0, "linkbeat_interface", "%s %s", d->ifname,
		    d->linkbeat_type ? d->linkbeat_type : "default");
	ipaddr_list_dump(f, 0, "static_ipaddress", &s->static_addresses);
	route_list_dump(f, 0, "static_routes", &s->static_routes);
	rule_list_dump(f, 0, "static_rules", &s->static_rules);
}

void
vrrp_conf_dump(const struct conf *c, FILE *f)
{
	const struct vrrp_instance_conf *v;
	const struct vrrp_sync_group_conf *g;

	dump_trackers(f, &c->vrrp);
	STAILQ_FOREACH(g, &c->vrrp.sync_groups, next)
		dump_sync_group(f, g);
	STAILQ_FOREACH(v, &c->vrrp.instances, next)
		dump_instance(f, v);
	dump_misc(f, &c->vrrp);
}
