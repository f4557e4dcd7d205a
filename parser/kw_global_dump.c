/*
 * kw_global_dump: the stable text form of struct global_conf, one line
 * per field in the order of conf_global.h, for -t -d and golden tests.
 * Values that keepalived derives from the host are shown as "(default)".
 */
#include <stdio.h>

#include "conf.h"

static void
dump_str_def(FILE *f, int depth, const char *key, const char *s)
{
	if (s == NULL)
		dump_kv(f, depth, key, "(default)");
	else
		dump_str(f, depth, key, s);
}

static void
dump_uint(FILE *f, int depth, const char *key, unsigned v)
{
	dump_kv(f, depth, key, "%u", v);
}

static void
dump_int(FILE *f, int depth, const char *key, int v)
{
	dump_kv(f, depth, key, "%d", v);
}

static void
dump_tri(FILE *f, int depth, const char *key, int v)
{
	dump_kv(f, depth, key, "%s", v == GLOBAL_TRI_UNSET ? "(unset)" :
	    v ? "yes" : "no");
}

static void
dump_cpuset(FILE *f, int depth, const char *key,
    const struct global_cpuset *s)
{
	char buf[512];
	size_t len = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < 1024 && len < sizeof(buf) - 8; i++)
		if (s->bits[i / 64] & (1ULL << (i % 64)))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    "%s%u", len ? " " : "", i);
	dump_kv(f, depth, key, "%s", len ? buf : "(unset)");
}

static void
dump_fifo(FILE *f, int depth, const char *key,
    const struct global_notify_fifo *n)
{
	char skey[64];

	dump_str(f, depth, key, n->name);
	if (n->user != NULL)
		dump_kv(f, depth + 1, "user", "%s%s%s", n->user,
		    n->group ? " " : "", n->group ? n->group : "");
	snprintf(skey, sizeof(skey), "%s_script", key);
	dump_script(f, depth, skey, n->script);
}

static void
dump_root(const struct global_conf *g, FILE *f)
{
	dump_str(f, 1, "net_namespace", g->net_namespace);
	dump_str(f, 1, "net_namespace_ipvs", g->net_namespace_ipvs);
	dump_bool(f, 1, "namespace_with_ipsets", g->namespace_with_ipsets);
	dump_bool(f, 1, "use_pid_dir", g->use_pid_dir);
	dump_str(f, 1, "instance", g->instance);
	dump_uint(f, 1, "child_wait_time", g->child_wait_time);
	dump_bool(f, 1, "linkbeat_use_polling", g->linkbeat_use_polling);
	dump_str_def(f, 1, "router_id", g->router_id);
	dump_str(f, 1, "process_name", g->process_name);
	dump_str(f, 1, "vrrp_process_name", g->vrrp_process_name);
	dump_str(f, 1, "checker_process_name", g->checker_process_name);
	dump_str(f, 1, "bfd_process_name", g->bfd_process_name);
}

static void
dump_email(const struct global_conf *g, FILE *f)
{
	const struct global_email *e;

	dump_open(f, 1, "notification_email");
	STAILQ_FOREACH(e, &g->notification_email, next)
		dump_kv(f, 2, "address", "%s", e->addr);
	dump_close(f, 1);
	dump_str_def(f, 1, "notification_email_from",
	    g->notification_email_from);
	if (g->smtp_server.name != NULL)
		dump_kv(f, 1, "smtp_server", "%s port %u", g->smtp_server.name,
		    g->smtp_server.port);
	else
		dump_kv(f, 1, "smtp_server", "(unset)");
	dump_str_def(f, 1, "smtp_helo_name", g->smtp_helo_name);
	dump_timer(f, 1, "smtp_connect_timeout", g->smtp_connect_timeout);
	dump_tri(f, 1, "smtp_alert", g->smtp_alert);
	dump_tri(f, 1, "smtp_alert_vrrp", g->smtp_alert_vrrp);
	dump_tri(f, 1, "smtp_alert_checker", g->smtp_alert_checker);
	dump_bool(f, 1, "no_email_faults", g->no_email_faults);
	dump_bool(f, 1, "no_checker_emails", g->no_checker_emails);
	dump_bool(f, 1, "checker_log_all_failures",
	    g->checker_log_all_failures);
	dump_script(f, 1, "startup_script", g->startup_script);
	dump_uint(f, 1, "startup_script_timeout", g->startup_script_timeout);
	dump_script(f, 1, "shutdown_script", g->shutdown_script);
	dump_uint(f, 1, "shutdown_script_timeout", g->shutdown_script_timeout);
}

static void
dump_sched(const struct global_conf *g, FILE *f)
{
	dump_int(f, 1, "max_auto_priority", g->max_auto_priority);
	dump_uint(f, 1, "min_auto_priority_delay", g->min_auto_priority_delay);
	dump_int(f, 1, "vrrp_priority", g->vrrp_priority);
	dump_int(f, 1, "checker_priority", g->checker_priority);
	dump_int(f, 1, "bfd_priority", g->bfd_priority);
	dump_bool(f, 1, "vrrp_no_swap", g->vrrp_no_swap);
	dump_bool(f, 1, "checker_no_swap", g->checker_no_swap);
	dump_bool(f, 1, "bfd_no_swap", g->bfd_no_swap);
	dump_int(f, 1, "vrrp_rt_priority", g->vrrp_rt_priority);
	dump_int(f, 1, "checker_rt_priority", g->checker_rt_priority);
	dump_int(f, 1, "bfd_rt_priority", g->bfd_rt_priority);
	dump_cpuset(f, 1, "vrrp_cpu_affinity", &g->vrrp_cpu_affinity);
	dump_cpuset(f, 1, "checker_cpu_affinity", &g->checker_cpu_affinity);
	dump_cpuset(f, 1, "bfd_cpu_affinity", &g->bfd_cpu_affinity);
	dump_uint(f, 1, "vrrp_rlimit_rttime", g->vrrp_rlimit_rttime);
	dump_uint(f, 1, "checker_rlimit_rttime", g->checker_rlimit_rttime);
	dump_uint(f, 1, "bfd_rlimit_rttime", g->bfd_rlimit_rttime);
}

static void
dump_garp(const struct global_conf *g, FILE *f)
{
	dump_timer(f, 1, "vrrp_garp_master_delay", g->vrrp_garp_master_delay);
	dump_uint(f, 1, "vrrp_garp_master_repeat", g->vrrp_garp_master_repeat);
	dump_timer(f, 1, "vrrp_garp_master_refresh",
	    g->vrrp_garp_master_refresh);
	dump_uint(f, 1, "vrrp_garp_master_refresh_repeat",
	    g->vrrp_garp_master_refresh_repeat);
	if (g->vrrp_garp_lower_prio_delay == GLOBAL_UNSET_U64)
		dump_kv(f, 1, "vrrp_garp_lower_prio_delay", "(default)");
	else
		dump_timer(f, 1, "vrrp_garp_lower_prio_delay",
		    g->vrrp_garp_lower_prio_delay);
	if (g->vrrp_garp_lower_prio_repeat == GLOBAL_UNSET_UINT)
		dump_kv(f, 1, "vrrp_garp_lower_prio_repeat", "(default)");
	else
		dump_uint(f, 1, "vrrp_garp_lower_prio_repeat",
		    g->vrrp_garp_lower_prio_repeat);
	dump_uint(f, 1, "vrrp_down_timer_adverts", g->vrrp_down_timer_adverts);
	dump_timer(f, 1, "vrrp_garp_interval", g->vrrp_garp_interval);
	dump_timer(f, 1, "vrrp_gna_interval", g->vrrp_gna_interval);
	dump_bool(f, 1, "vrrp_min_garp", g->vrrp_min_garp);
	dump_uint(f, 1, "vrrp_garp_extra_if", g->vrrp_garp_extra_if);
	dump_bool(f, 1, "vrrp_garp_extra_if_all", g->vrrp_garp_extra_if_all);
}

static void
dump_vrrp(const struct global_conf *g, FILE *f)
{
	dump_bool(f, 1, "dynamic_interfaces", g->dynamic_interfaces);
	dump_bool(f, 1, "dynamic_interfaces_allow_if_changes",
	    g->dynamic_interfaces_allow_if_changes);
	dump_str_def(f, 1, "default_interface", g->default_interface);
	dump_bool(f, 1, "disable_local_igmp", g->disable_local_igmp);
	dump_addr(f, 1, "vrrp_mcast_group4", &g->vrrp_mcast_group4);
	dump_addr(f, 1, "vrrp_mcast_group6", &g->vrrp_mcast_group6);
	dump_garp(g, f);
	dump_bool(f, 1, "vrrp_lower_prio_no_advert",
	    g->vrrp_lower_prio_no_advert);
	dump_bool(f, 1, "vrrp_higher_prio_send_advert",
	    g->vrrp_higher_prio_send_advert);
	dump_int(f, 1, "vrrp_version", g->vrrp_version);
	dump_bool(f, 1, "vrrp_iptables", g->vrrp_iptables);
	dump_bool(f, 1, "vrrp_check_unicast_src", g->vrrp_check_unicast_src);
	dump_bool(f, 1, "vrrp_skip_check_adv_addr",
	    g->vrrp_skip_check_adv_addr);
	dump_bool(f, 1, "vrrp_strict", g->vrrp_strict);
	dump_bool(f, 1, "vrrp_notify_priority_changes",
	    g->vrrp_notify_priority_changes);
	dump_bool(f, 1, "fifo_write_vrrp_states_on_reload",
	    g->fifo_write_vrrp_states_on_reload);
	dump_uint(f, 1, "vrrp_netlink_cmd_rcv_bufs",
	    g->vrrp_netlink_cmd_rcv_bufs);
	dump_bool(f, 1, "vrrp_netlink_cmd_rcv_bufs_force",
	    g->vrrp_netlink_cmd_rcv_bufs_force);
	dump_uint(f, 1, "vrrp_netlink_monitor_rcv_bufs",
	    g->vrrp_netlink_monitor_rcv_bufs);
	dump_bool(f, 1, "vrrp_netlink_monitor_rcv_bufs_force",
	    g->vrrp_netlink_monitor_rcv_bufs_force);
	dump_uint(f, 1, "process_monitor_rcv_bufs",
	    g->process_monitor_rcv_bufs);
	dump_bool(f, 1, "process_monitor_rcv_bufs_force",
	    g->process_monitor_rcv_bufs_force);
	dump_uint(f, 1, "vrrp_rx_bufs_policy", g->vrrp_rx_bufs_policy);
	dump_uint(f, 1, "vrrp_rx_bufs_size", g->vrrp_rx_bufs_size);
	dump_uint(f, 1, "vrrp_rx_bufs_multiplier", g->vrrp_rx_bufs_multiplier);
	dump_timer(f, 1, "vrrp_startup_delay", g->vrrp_startup_delay);
	dump_bool(f, 1, "log_unknown_vrids", g->log_unknown_vrids);
	dump_str_def(f, 1, "vmac_prefix", g->vmac_prefix);
	dump_str_def(f, 1, "vmac_addr_prefix", g->vmac_addr_prefix);
}

static void
dump_lvs(const struct global_conf *g, FILE *f)
{
	const struct global_lvs_sync_daemon *d = &g->lvs_sync_daemon;

	dump_str(f, 1, "nftables", g->nftables);
	dump_int(f, 1, "nftables_priority", g->nftables_priority);
	dump_bool(f, 1, "nftables_ifindex", g->nftables_ifindex);
	dump_bool(f, 1, "nftables_counters", g->nftables_counters);
	dump_str(f, 1, "nftables_ipvs", g->nftables_ipvs);
	dump_int(f, 1, "nftables_ipvs_priority", g->nftables_ipvs_priority);
	dump_uint(f, 1, "nftables_ipvs_start_fwmark",
	    g->nftables_ipvs_start_fwmark);
	dump_kv(f, 1, "lvs_timeouts", "tcp %u tcpfin %u udp %u",
	    g->lvs_timeouts.tcp, g->lvs_timeouts.tcpfin, g->lvs_timeouts.udp);
	dump_bool(f, 1, "lvs_flush", g->lvs_flush);
	dump_kv(f, 1, "lvs_flush_on_stop", "%s",
	    g->lvs_flush_on_stop == GLOBAL_LVS_FLUSH_FULL ? "full" :
	    g->lvs_flush_on_stop == GLOBAL_LVS_FLUSH_VS ? "VS" : "no");
	if (d->ifname == NULL)
		dump_kv(f, 1, "lvs_sync_daemon", "(unset)");
	else {
		dump_kv(f, 1, "lvs_sync_daemon", "%s inst %s id %d maxlen %u "
		    "port %u ttl %u", d->ifname,
		    d->vrrp_name ? d->vrrp_name : "(none)", d->syncid,
		    d->maxlen, d->port, d->ttl);
		dump_addr(f, 2, "group", &d->group);
	}
	dump_uint(f, 1, "lvs_netlink_cmd_rcv_bufs", g->lvs_netlink_cmd_rcv_bufs);
	dump_bool(f, 1, "lvs_netlink_cmd_rcv_bufs_force",
	    g->lvs_netlink_cmd_rcv_bufs_force);
	dump_uint(f, 1, "lvs_netlink_monitor_rcv_bufs",
	    g->lvs_netlink_monitor_rcv_bufs);
	dump_bool(f, 1, "lvs_netlink_monitor_rcv_bufs_force",
	    g->lvs_netlink_monitor_rcv_bufs_force);
	dump_bool(f, 1, "rs_init_notifies", g->rs_init_notifies);
}

static void
dump_misc(const struct global_conf *g, FILE *f)
{
	dump_fifo(f, 1, "notify_fifo", &g->notify_fifo);
	dump_fifo(f, 1, "vrrp_notify_fifo", &g->vrrp_notify_fifo);
	dump_fifo(f, 1, "lvs_notify_fifo", &g->lvs_notify_fifo);
	dump_str_def(f, 1, "script_user", g->script_user);
	dump_str(f, 1, "script_group", g->script_group);
	dump_bool(f, 1, "enable_script_security", g->enable_script_security);
	dump_str(f, 1, "snmp_socket", g->snmp_socket);
	dump_bool(f, 1, "enable_traps", g->enable_traps);
	dump_bool(f, 1, "enable_snmp_vrrp", g->enable_snmp_vrrp);
	dump_bool(f, 1, "enable_snmp_rfcv2", g->enable_snmp_rfcv2);
	dump_bool(f, 1, "enable_snmp_rfcv3", g->enable_snmp_rfcv3);
	dump_bool(f, 1, "enable_snmp_checker", g->enable_snmp_checker);
	dump_bool(f, 1, "enable_dbus", g->enable_dbus);
	dump_str_def(f, 1, "dbus_service_name", g->dbus_service_name);
	if (g->umask_set)
		dump_kv(f, 1, "umask", "%04o", (unsigned)g->umask);
	else
		dump_kv(f, 1, "umask", "(default)");
	if (g->random_seed_set)
		dump_uint(f, 1, "random_seed", g->random_seed);
	else
		dump_kv(f, 1, "random_seed", "(default)");
	dump_str(f, 1, "reload_check_config", g->reload_check_config);
	dump_str(f, 1, "reload_time_file", g->reload_time_file);
	dump_bool(f, 1, "reload_repeat", g->reload_repeat);
	if (g->reload_file_set)
		dump_str_def(f, 1, "reload_file", g->reload_file);
	else
		dump_kv(f, 1, "reload_file", "(unset)");
	if (g->include_check_set)
		dump_kv(f, 1, "include_check", "0x%x", g->include_check);
	else
		dump_kv(f, 1, "include_check", "(unset)");
	dump_str(f, 1, "config_save_dir", g->config_save_dir);
	dump_str(f, 1, "tmp_config_directory", g->tmp_config_directory);
	dump_bool(f, 1, "data_use_instance", g->data_use_instance);
}

void
global_conf_dump(const struct conf *c, FILE *f)
{
	const struct global_conf *g = &c->global;

	dump_open(f, 0, "global_defs");
	dump_root(g, f);
	dump_email(g, f);
	dump_sched(g, f);
	dump_vrrp(g, f);
	dump_lvs(g, f);
	dump_misc(g, f);
	dump_close(f, 0);
}
