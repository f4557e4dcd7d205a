/*
 * test_kw_global: every global_defs and root-only global keyword of
 * keepalived 2.2.7, its stored value, defaults, and keepalived's
 * diagnostics for bad values (texts verified with `keepalived -t`).
 */
#include <stddef.h>

#include "unit.h"

const struct cfg_block *global_defs_block_get(void);

enum vtype { T_STR, T_BOOL, T_INT, T_UINT, T_U64, T_TRI };

struct kwcase {
	const char	*line;		/* inside global_defs */
	size_t		 off;
	enum vtype	 type;
	const char	*want;		/* value as text */
};

#define O(f)	offsetof(struct global_conf, f)

static const struct kwcase cases[] = {
	{ "router_id r1", O(router_id), T_STR, "r1" },
	{ "process_name kp", O(process_name), T_STR, "kp" },
	{ "vrrp_process_name kv", O(vrrp_process_name), T_STR, "kv" },
	{ "checker_process_name kc", O(checker_process_name), T_STR, "kc" },
	{ "lvs_process_name kl", O(checker_process_name), T_STR, "kl" },
	{ "bfd_process_name kb", O(bfd_process_name), T_STR, "kb" },
	{ "process_names", O(vrrp_process_name), T_STR, "keepalived_vrrp" },
	{ "process_names", O(checker_process_name), T_STR, "keepalived_lvs" },
	{ "notification_email_from a@b", O(notification_email_from), T_STR,
	    "a@b" },
	{ "smtp_helo_name h", O(smtp_helo_name), T_STR, "h" },
	{ "smtp_connect_timeout 7", O(smtp_connect_timeout), T_U64, "7000000" },
	{ "smtp_connect_timeout 0", O(smtp_connect_timeout), T_U64, "1000000" },
	{ "smtp_alert", O(smtp_alert), T_TRI, "1" },
	{ "smtp_alert off", O(smtp_alert), T_TRI, "0" },
	{ "smtp_alert_vrrp no", O(smtp_alert_vrrp), T_TRI, "0" },
	{ "smtp_alert_checker yes", O(smtp_alert_checker), T_TRI, "1" },
	{ "checker_log_all_failures", O(checker_log_all_failures), T_BOOL, "1" },
	{ "no_email_faults", O(no_email_faults), T_BOOL, "1" },
	{ "no_checker_emails", O(no_checker_emails), T_BOOL, "1" },
	{ "startup_script_timeout 20", O(startup_script_timeout), T_UINT, "20" },
	{ "shutdown_script_timeout 30", O(shutdown_script_timeout), T_UINT,
	    "30" },
	{ "max_auto_priority", O(max_auto_priority), T_INT, "99" },
	{ "max_auto_priority -1", O(max_auto_priority), T_INT, "-1" },
	{ "min_auto_priority_delay 5", O(min_auto_priority_delay), T_UINT, "5" },
	{ "vrrp_priority -5", O(vrrp_priority), T_INT, "-5" },
	{ "checker_priority 4", O(checker_priority), T_INT, "4" },
	{ "bfd_priority 19", O(bfd_priority), T_INT, "19" },
	{ "vrrp_no_swap", O(vrrp_no_swap), T_BOOL, "1" },
	{ "checker_no_swap", O(checker_no_swap), T_BOOL, "1" },
	{ "bfd_no_swap", O(bfd_no_swap), T_BOOL, "1" },
	{ "vrrp_rt_priority 50", O(vrrp_rt_priority), T_INT, "50" },
	{ "checker_rt_priority 0", O(checker_rt_priority), T_INT, "1" },
	{ "bfd_rt_priority 200", O(bfd_rt_priority), T_INT, "99" },
	{ "vrrp_rlimit_rttime 1", O(vrrp_rlimit_rttime), T_UINT, "2" },
	{ "checker_rlimit_rtime 500", O(checker_rlimit_rttime), T_UINT, "500" },
	{ "bfd_rlimit_rttime x", O(bfd_rlimit_rttime), T_UINT, "0" },
	{ "dynamic_interfaces", O(dynamic_interfaces), T_BOOL, "1" },
	{ "dynamic_interfaces allow_if_changes",
	    O(dynamic_interfaces_allow_if_changes), T_BOOL, "1" },
	{ "default_interface eth9", O(default_interface), T_STR, "eth9" },
	{ "vrrp_garp_master_delay 3", O(vrrp_garp_master_delay), T_U64,
	    "3000000" },
	{ "vrrp_garp_master_repeat 0", O(vrrp_garp_master_repeat), T_UINT, "1" },
	{ "vrrp_garp_master_refresh 60", O(vrrp_garp_master_refresh), T_U64,
	    "60000000" },
	{ "vrrp_garp_master_refresh_repeat 2",
	    O(vrrp_garp_master_refresh_repeat), T_UINT, "2" },
	{ "vrrp_garp_lower_prio_delay 2", O(vrrp_garp_lower_prio_delay), T_U64,
	    "2000000" },
	{ "vrrp_garp_lower_prio_repeat 0", O(vrrp_garp_lower_prio_repeat),
	    T_UINT, "0" },
	{ "vrrp_down_timer_adverts 10", O(vrrp_down_timer_adverts), T_UINT,
	    "10" },
	{ "vrrp_garp_interval 0.001", O(vrrp_garp_interval), T_U64, "1000" },
	{ "vrrp_gna_interval 0.5", O(vrrp_gna_interval), T_U64, "500000" },
	{ "vrrp_min_garp", O(vrrp_garp_master_repeat), T_UINT, "1" },
	{ "vrrp_min_garp", O(vrrp_garp_master_delay), T_U64, "0" },
	{ "vrrp_min_garp", O(vrrp_garp_master_refresh_repeat), T_UINT, "0" },
	{ "vrrp_garp_extra_if 10", O(vrrp_garp_extra_if), T_UINT, "10" },
	{ "vrrp_garp_extra_if all 10", O(vrrp_garp_extra_if_all), T_BOOL, "1" },
	{ "vrrp_vmac_garp_intvl 12", O(vrrp_garp_extra_if), T_UINT, "12" },
	{ "vrrp_lower_prio_no_advert", O(vrrp_lower_prio_no_advert), T_BOOL,
	    "1" },
	{ "vrrp_higher_prio_send_advert true", O(vrrp_higher_prio_send_advert),
	    T_BOOL, "1" },
	{ "vrrp_version 3", O(vrrp_version), T_INT, "3" },
	{ "vrrp_iptables", O(nftables), T_STR, "keepalived" },
	{ "vrrp_check_unicast_src", O(vrrp_check_unicast_src), T_BOOL, "1" },
	{ "vrrp_skip_check_adv_addr", O(vrrp_skip_check_adv_addr), T_BOOL, "1" },
	{ "vrrp_skip_check_adv_addr off", O(vrrp_skip_check_adv_addr), T_BOOL,
	    "1" },
	{ "vrrp_strict", O(vrrp_strict), T_BOOL, "1" },
	{ "vrrp_strict off", O(vrrp_strict), T_BOOL, "1" },
	{ "vrrp_notify_priority_changes", O(vrrp_notify_priority_changes),
	    T_BOOL, "1" },
	{ "fifo_write_vrrp_states_on_reload",
	    O(fifo_write_vrrp_states_on_reload), T_BOOL, "1" },
	{ "vrrp_netlink_cmd_rcv_bufs 1024", O(vrrp_netlink_cmd_rcv_bufs),
	    T_UINT, "1024" },
	{ "vrrp_netlink_cmd_rcv_bufs_force", O(vrrp_netlink_cmd_rcv_bufs_force),
	    T_BOOL, "1" },
	{ "vrrp_netlink_monitor_rcv_bufs 2048",
	    O(vrrp_netlink_monitor_rcv_bufs), T_UINT, "2048" },
	{ "vrrp_netlink_monitor_rcv_bufs_force no",
	    O(vrrp_netlink_monitor_rcv_bufs_force), T_BOOL, "0" },
	{ "process_monitor_rcv_bufs 4096", O(process_monitor_rcv_bufs), T_UINT,
	    "4096" },
	{ "process_monitor_rcv_bufs_force", O(process_monitor_rcv_bufs_force),
	    T_BOOL, "1" },
	{ "vrrp_rx_bufs_policy MTU", O(vrrp_rx_bufs_policy), T_UINT, "1" },
	{ "vrrp_rx_bufs_policy 100", O(vrrp_rx_bufs_size), T_UINT, "100" },
	{ "vrrp_rx_bufs_multiplier 4", O(vrrp_rx_bufs_multiplier), T_UINT, "4" },
	{ "vrrp_startup_delay 1.5", O(vrrp_startup_delay), T_U64, "1500000" },
	{ "log_unknown_vrids", O(log_unknown_vrids), T_BOOL, "1" },
	{ "vmac_prefix vm", O(vmac_prefix), T_STR, "vm" },
	{ "vmac_addr_prefix va", O(vmac_addr_prefix), T_STR, "va" },
	{ "nftables", O(nftables), T_STR, "keepalived" },
	{ "nftables t1", O(nftables), T_STR, "t1" },
	{ "nftables_priority -10", O(nftables_priority), T_INT, "-10" },
	{ "nftables_ifindex", O(nftables_ifindex), T_BOOL, "1" },
	{ "nftables_counters", O(nftables_counters), T_BOOL, "1" },
	{ "nftables_ipvs", O(nftables_ipvs), T_STR, "keepalived_ipvs" },
	{ "nftables_ipvs_priority 5", O(nftables_ipvs_priority), T_INT, "5" },
	{ "nftables_ipvs_start_fwmark 7", O(nftables_ipvs_start_fwmark), T_UINT,
	    "7" },
	{ "lvs_flush", O(lvs_flush), T_BOOL, "1" },
	{ "lvs_flush_on_stop", O(lvs_flush_on_stop), T_UINT, "1" },
	{ "lvs_flush_onstop VS", O(lvs_flush_on_stop), T_UINT, "2" },
	{ "lvs_netlink_cmd_rcv_bufs 9", O(lvs_netlink_cmd_rcv_bufs), T_UINT,
	    "9" },
	{ "lvs_netlink_cmd_rcv_bufs_force", O(lvs_netlink_cmd_rcv_bufs_force),
	    T_BOOL, "1" },
	{ "lvs_netlink_monitor_rcv_bufs 8", O(lvs_netlink_monitor_rcv_bufs),
	    T_UINT, "8" },
	{ "lvs_netlink_monitor_rcv_bufs_force",
	    O(lvs_netlink_monitor_rcv_bufs_force), T_BOOL, "1" },
	{ "rs_init_notifies", O(rs_init_notifies), T_BOOL, "1" },
	{ "script_user root", O(script_user), T_STR, "root" },
	{ "enable_script_security", O(enable_script_security), T_BOOL, "1" },
	{ "snmp_socket udp:1.2.3.4:705", O(snmp_socket), T_STR,
	    "udp:1.2.3.4:705" },
	{ "enable_traps", O(enable_traps), T_BOOL, "1" },
	{ "enable_snmp_vrrp", O(enable_snmp_vrrp), T_BOOL, "1" },
	{ "enable_snmp_keepalived", O(enable_snmp_vrrp), T_BOOL, "1" },
	{ "enable_snmp_rfc", O(enable_snmp_rfcv2), T_BOOL, "1" },
	{ "enable_snmp_rfc", O(enable_snmp_rfcv3), T_BOOL, "1" },
	{ "enable_snmp_rfcv2", O(enable_snmp_rfcv2), T_BOOL, "1" },
	{ "enable_snmp_rfcv3", O(enable_snmp_rfcv3), T_BOOL, "1" },
	{ "enable_snmp_checker", O(enable_snmp_checker), T_BOOL, "1" },
	{ "enable_dbus", O(enable_dbus), T_BOOL, "1" },
	{ "dbus_service_name x.y", O(dbus_service_name), T_STR, "x.y" },
	{ "umask 027", O(umask), T_UINT, "23" },
	{ "umask IWGRP|IWOTH", O(umask), T_UINT, "18" },
	{ "random_seed 42", O(random_seed), T_UINT, "42" },
	{ "reload_check_config", O(reload_check_config), T_STR, "/dev/null" },
	{ "reload_check_config /tmp/l", O(reload_check_config), T_STR, "/tmp/l" },
	{ "reload_time_file /tmp/t", O(reload_time_file), T_STR, "/tmp/t" },
	{ "reload_repeat", O(reload_repeat), T_BOOL, "1" },
	{ "reload_file /tmp/r", O(reload_file), T_STR, "/tmp/r" },
	{ "include_check", O(include_check), T_UINT, "15" },
	{ "include_check match", O(include_check), T_UINT, "3" },
	{ "config_save_dir /tmp/d/", O(config_save_dir), T_STR, "/tmp/d" },
	{ "tmp_config_directory /tmp/c", O(tmp_config_directory), T_STR,
	    "/tmp/c" },
	{ "data_use_instance", O(data_use_instance), T_BOOL, "1" },
};

static void
value_text(const struct global_conf *g, const struct kwcase *k, char *buf,
    size_t len)
{
	const char *base = (const char *)g + k->off;

	switch (k->type) {
	case T_STR:
		snprintf(buf, len, "%s", *(char *const *)(const void *)base ?
		    *(char *const *)(const void *)base : "(null)");
		break;
	case T_BOOL:
		snprintf(buf, len, "%d", *(const bool *)base);
		break;
	case T_INT:
	case T_TRI:
		snprintf(buf, len, "%d", *(const int *)(const void *)base);
		break;
	case T_UINT:
		snprintf(buf, len, "%u", *(const unsigned *)(const void *)base);
		break;
	case T_U64:
		snprintf(buf, len, "%llu", (unsigned long long)
		    *(const uint64_t *)(const void *)base);
		break;
	}
}

START_TEST(test_keyword_values)
{
	const struct kwcase *k = &cases[_i];
	char text[512], got[512];
	struct unit_diags u;
	struct conf *c;

	snprintf(text, sizeof(text), "global_defs {\n %s\n}\n", k->line);
	c = unit_parse(text, &u, NULL);
	ck_assert_msg(c != NULL, "%s: no conf", k->line);
	ck_assert_no_diag(&u, "Unknown keyword");
	value_text(&c->global, k, got, sizeof(got));
	ck_assert_msg(!strcmp(got, k->want), "%s: got %s want %s", k->line, got,
	    k->want);
	conf_free(c);
}
END_TEST

START_TEST(test_tables_sorted)
{
	ck_assert_int_eq(cfg_block_check(global_defs_block_get()), 0);
	ck_assert_int_eq(cfg_block_check(cfg_root_block()), 0);
}
END_TEST

START_TEST(test_defaults)
{
	struct conf *c = unit_parse("", NULL, NULL);
	const struct global_conf *g;
	char buf[ADDR_STRLEN];

	ck_assert_ptr_nonnull(c);
	g = &c->global;
	ck_assert_ptr_null(g->router_id);
	ck_assert_uint_eq(g->vrrp_garp_master_delay, 5000000);
	ck_assert_uint_eq(g->vrrp_garp_master_repeat, 5);
	ck_assert_uint_eq(g->vrrp_garp_master_refresh, 0);
	ck_assert_uint_eq(g->vrrp_garp_master_refresh_repeat, 1);
	ck_assert_uint_eq(g->vrrp_garp_lower_prio_delay, GLOBAL_UNSET_U64);
	ck_assert_uint_eq(g->vrrp_garp_lower_prio_repeat, GLOBAL_UNSET_UINT);
	ck_assert_uint_eq(g->vrrp_down_timer_adverts, 3);
	ck_assert_int_eq(g->vrrp_version, 2);
	ck_assert_str_eq(addr_str(&g->vrrp_mcast_group4, buf, sizeof(buf)),
	    "224.0.0.18");
	ck_assert_str_eq(addr_str(&g->vrrp_mcast_group6, buf, sizeof(buf)),
	    "ff02::12");
	ck_assert_uint_eq(g->smtp_connect_timeout, 30000000);
	ck_assert_uint_eq(g->child_wait_time, 5);
	ck_assert_int_eq(g->smtp_alert, GLOBAL_TRI_UNSET);
	ck_assert_uint_eq(g->min_auto_priority_delay, 1000000);
	ck_assert_uint_eq(g->vrrp_rx_bufs_multiplier, 3);
	ck_assert_int_eq(g->nftables_priority, -1);
	ck_assert_uint_eq(g->vrrp_rlimit_rttime, 10000);
	ck_assert_int_eq(g->lvs_sync_daemon.syncid, -1);
	ck_assert(!g->vrrp_strict);
	conf_free(c);
}
END_TEST

/* Bad values: keepalived's messages, at the keyword's line. */
struct diagcase {
	const char	*line;
	const char	*msg1, *msg2;
};

static const struct diagcase diags[] = {
	{ "vrrp_garp_interval 0", "number '0' outside range [0.000001, "
	    "4294.967295]", "vrrp_garp_interval '0' is invalid" },
	{ "router_id", "routerid name missing - ignoring", NULL },
	{ "vrrp_version 4", "number '4' outside range [2, 3]",
	    "VRRP Error: Version must be either 2 or 3" },
	{ "vrrp_cpu_affinity 5000", "outside range [0, ",
	    "Invalid cpu_id:5000 specified for vrrp process" },
	{ "checker_rt_priority 0", "checker process real-time priority 0 less "
	    "than minimum 1 - setting to minimum", NULL },
	{ "bfd_rt_priority 200", "bfd process real-time priority 200 greater "
	    "than maximum 99 - setting to maximum", NULL },
	{ "vrrp_rlimit_rttime x", "invalid number 'x'",
	    "Invalid vrrp real-time limit - x" },
	{ "vrrp_priority 30", "number '30' outside range [-20, 19]",
	    "Invalid vrrp process priority specified" },
	{ "checker_priority", "No checker process priority specified", NULL },
	{ "max_auto_priority 100", "number '100' outside range [-1, 99]",
	    "max_auto_priority '100' must be in [0, 99] (or -1 to disable) - "
	    "ignoring" },
	{ "smtp_server 1.2.3.4 0", "number '0' outside range [1, 65535]",
	    "Invalid smtp server 1.2.3.4 0" },
	{ "vrrp_mcast_group4 1.2.3.4", "vrrp_mcast_group4 [1.2.3.4] is not "
	    "multicast. Skipping", NULL },
	{ "vrrp_mcast_group6 ff05::1", "vrrp_mcast_group6 [ff05::1] should be "
	    "link-local multicast.", NULL },
	{ "vrrp_mcast_group4 ff02::1", "vrrp_mcast_group4 [ff02::1] is not "
	    "IPv4. Skipping", NULL },
	{ "vrrp_mcast_group4 foo", "Can't parse vrrp_mcast_group4 [foo]. "
	    "Skipping", NULL },
	{ "umask IRUSR IWGRP", "Invalid umask syntax IWGRP", NULL },
	{ "umask 999", "invalid umask value 999", NULL },
	{ "lvs_sync_daemon eth0 VI_1 7", "Please use keyword \"id\" before "
	    "lvs_sync_daemon SYNCID", NULL },
	{ "lvs_timeouts tcp", "lvs_timeouts requires at least one option",
	    NULL },
	{ "vrrp_rx_bufs_policy MTU ADVERT", "Cannot set both "
	    "vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT", NULL },
	{ "vrrp_rx_bufs_policy 100 MTU", "Cannot set vrrp_rx_bufs_policy size "
	    "and policy, ignoring policy", NULL },
	{ "include_check +match foo", "Duplicate include_check 'foo' "
	    "specified - ignoring", NULL },
	{ "dynamic_interfaces xx", "Unknown dynamic_interfaces option 'xx'",
	    NULL },
	{ "vrrp_garp_extra_if all", "vrrp_garp_extra_if specified without "
	    "time - ignoring", NULL },
	{ "vrrp_vmac_garp_intvl 5 all", "Keyword \"vrrp_vmac_garp_intvl\" is "
	    "deprecated - please use \"vrrp_garp_extra_if\"", NULL },
	{ "smtp_connect_timeout 0", "smtp_conect_timeout must be greater than "
	    "0, setting to 1", NULL },
	{ "data_use_instance maybe", "Invalid value 'maybe' for global "
	    "date_use_instance specified", NULL },
	{ "vrrp_startup_delay 0.0001", "number '0.0001' outside range "
	    "[0.001000, 4294.967295]", "vrrp_startup_delay '0.0001' is invalid" },
	{ "lvs_process_name abcdefghijklmnopqrstu", "Process name "
	    "abcdefghijklmnopqrstu more than 15 characters, truncating", NULL },
	{ "smtp_alert maybe", "Invalid value 'maybe' for global smtp_alert "
	    "specified", NULL },
	{ "vrrp_lower_prio_no_advert maybe", "Invalid value for "
	    "vrrp_lower_prio_no_advert specified", NULL },
	{ "vrrp_iptables", "iptables not supported, using nftables instead. "
	    "Please replace 'vrrp_iptables and 'vrrp_ipsets' with 'nftables' "
	    "config option", NULL },
	{ "script_user", "No script username specified", NULL },
	{ "notify_fifo", "No notify_fifo name specified", NULL },
	{ "vrrp_notify_fifo_script", "No vrrp_notify_fifo_script specified",
	    NULL },
	{ "startup_script", "startup script missing", NULL },
	{ "shutdown_script_timeout 0", "number '0' outside range [1, 1000]",
	    "shutdown_script_timeout '0' must be in [1, 1000] - ignoring" },
	{ "vrrp_down_timer_adverts 0", "Invalid vrrp_down_timer_adverts "
	    "[1:100] '0'", NULL },
	{ "snmp_socket a b", "Too many parameters specified for snmp_socket - "
	    "ignoring", NULL },
	{ "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs size missing",
	    NULL },
	{ "reload_time_file", "reload_time_file invalid", NULL },
	{ "tmp_config_directory", "tmp_config_directory missing directory "
	    "name", NULL },
};

START_TEST(test_keyword_diags)
{
	const struct diagcase *d = &diags[_i];
	char text[512];
	struct unit_diags u;
	struct conf *c;

	snprintf(text, sizeof(text), "global_defs {\n %s\n}\n", d->line);
	c = unit_parse(text, &u, NULL);
	ck_assert_diag(&u, 2, d->msg1);
	if (d->msg2 != NULL)
		ck_assert_diag(&u, 2, d->msg2);
	ck_assert_no_diag(&u, "Unknown keyword");
	conf_free(c);
}
END_TEST

START_TEST(test_missing_parameter_fatal)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = unit_parse("global_defs {\n vrrp_garp_master_delay\n}\n",
	    &u, &res);

	ck_assert_ptr_null(c);
	ck_assert_diag(&u, 2, "*** Configuration line starting "
	    "`vrrp_garp_master_delay` is missing a parameter after keyword "
	    "`vrrp_garp_master_delay` at word position 2");
}
END_TEST

START_TEST(test_root_only_unknown_inside)
{
	static const char *const root_only[] = { "instance x",
	    "net_namespace n", "net_namespace_ipvs", "namespace_with_ipsets",
	    "use_pid_dir", "child_wait_time 3", "linkbeat_use_polling" };
	char text[256], kw[64];
	struct unit_diags u;
	struct conf *c;
	size_t i;

	for (i = 0; i < sizeof(root_only) / sizeof(root_only[0]); i++) {
		snprintf(text, sizeof(text), "global_defs {\n %s\n}\n",
		    root_only[i]);
		sscanf(root_only[i], "%63s", kw);
		c = unit_parse(text, &u, NULL);
		snprintf(text, sizeof(text), "Unknown keyword '%s'", kw);
		ck_assert_diag(&u, 2, text);
		conf_free(c);
	}
}
END_TEST

START_TEST(test_head_only_unknown)
{
	static const char *const head[] = { "dbus_no_interface_name",
	    "iproute_etc_dir", "iproute_usr_dir", "json_dump_file",
	    "json_version", "set_supplementary_groups",
	    "snmp_rs_stats_update_interval", "snmp_vs_stats_update_interval",
	    "state_dump_file", "stats_dump_file", "use_symlink_paths",
	    "v3_checksum_as_v2", "vrrp_delay_after_boot",
	    "vrrp_owner_ignore_adverts", "vrrp_ipsets", "plugin_dir" };
	char text[256];
	struct unit_diags u;
	struct conf *c;
	size_t i;

	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++) {
		snprintf(text, sizeof(text), "global_defs {\n %s x\n}\n",
		    head[i]);
		c = unit_parse(text, &u, NULL);
		snprintf(text, sizeof(text), "Unknown keyword '%s'", head[i]);
		ck_assert_diag(&u, 2, text);
		conf_free(c);
	}
}
END_TEST

START_TEST(test_root_keywords)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "net_namespace ns1\n"
	    "net_namespace_ipvs\n"
	    "namespace_with_ipsets\n"
	    "instance i1\n"
	    "child_wait_time 9\n"
	    "linkbeat_use_polling\n"
	    "instance i2\n"
	    "child_wait_time x\n", &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.net_namespace, "ns1");
	ck_assert_str_eq(c->global.net_namespace_ipvs, "");
	ck_assert(c->global.namespace_with_ipsets);
	ck_assert(c->global.use_pid_dir);
	ck_assert_str_eq(c->global.instance, "i1");
	ck_assert_uint_eq(c->global.child_wait_time, 9);
	ck_assert(c->global.linkbeat_use_polling);
	ck_assert_diag(&u, 7, "Duplicate instance definition i2 - ignoring");
	ck_assert_diag(&u, 8, "Invalid child_wait_time x");
	conf_free(c);
}
END_TEST

START_TEST(test_email_and_smtp)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "global_defs {\n"
	    " notification_email {\n"
	    "  a@b c@d\n"
	    "  e@f\n"
	    " }\n"
	    " smtp_server 192.168.200.1 2525\n"
	    " lvs_sync_daemon eth0 inst VI_1 id 5 port 9000 group 224.0.0.99\n"
	    " lvs_timeouts tcp 10 udp 20 tcpfin 30\n"
	    "}\n", &u, NULL);
	const struct global_email *e;
	char buf[ADDR_STRLEN];
	int n = 0;

	ck_assert_ptr_nonnull(c);
	STAILQ_FOREACH(e, &c->global.notification_email, next)
		n++;
	ck_assert_int_eq(n, 3);
	e = STAILQ_FIRST(&c->global.notification_email);
	ck_assert_str_eq(e->addr, "a@b");
	ck_assert_str_eq(c->global.smtp_server.name, "192.168.200.1");
	ck_assert_uint_eq(c->global.smtp_server.port, 2525);
	ck_assert_str_eq(addr_str(&c->global.smtp_server.addr, buf,
	    sizeof(buf)), "192.168.200.1");
	ck_assert_str_eq(c->global.lvs_sync_daemon.ifname, "eth0");
	ck_assert_str_eq(c->global.lvs_sync_daemon.vrrp_name, "VI_1");
	ck_assert_int_eq(c->global.lvs_sync_daemon.syncid, 5);
	ck_assert_uint_eq(c->global.lvs_sync_daemon.port, 9000);
	ck_assert_uint_eq(c->global.lvs_timeouts.tcp, 10);
	ck_assert_uint_eq(c->global.lvs_timeouts.udp, 20);
	ck_assert_uint_eq(c->global.lvs_timeouts.tcpfin, 30);
	ck_assert_int_eq(u.n, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_scripts)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "global_defs {\n"
	    " startup_script \"/bin/echo up\"\n"
	    " startup_script /bin/true\n"
	    " notify_fifo /tmp/f root\n"
	    " notify_fifo_script /bin/cat\n"
	    "}\n", &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(c->global.startup_script);
	ck_assert_str_eq(c->global.startup_script->argv[1], "up");
	ck_assert_uint_eq(c->global.startup_script_timeout, 10);
	ck_assert_diag(&u, 3, "startup script already specified");
	ck_assert_str_eq(c->global.notify_fifo.name, "/tmp/f");
	ck_assert_str_eq(c->global.notify_fifo.user, "root");
	ck_assert_ptr_nonnull(c->global.notify_fifo.script);
	conf_free(c);
}
END_TEST

static Suite *
kw_global_suite(void)
{
	Suite *s = suite_create("kw_global");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_keyword_values, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_keyword_diags, 0,
	    (int)(sizeof(diags) / sizeof(diags[0])));
	tcase_add_test(tc, test_tables_sorted);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_missing_parameter_fatal);
	tcase_add_test(tc, test_root_only_unknown_inside);
	tcase_add_test(tc, test_head_only_unknown);
	tcase_add_test(tc, test_root_keywords);
	tcase_add_test(tc, test_email_and_smtp);
	tcase_add_test(tc, test_scripts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { kw_global_suite() };

	return unit_run(s, 1);
}
