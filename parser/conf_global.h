/*
 * conf_global: global_defs and the root-only global keywords.
 *
 * One field per keyword of keepalived 2.2.7 (keepalived/core/
 * global_parser.c), named after the keyword; deprecated aliases land in
 * the field of their primary keyword.  Values are the effective ones:
 * keepalived's defaults are stored by global_conf_init() and its
 * post-parse rewrites applied by global_conf_validate().  Times are in
 * microseconds (uint64_t) whatever unit the keyword is written in.
 */
#ifndef VIGIL_CONF_GLOBAL_H
#define VIGIL_CONF_GLOBAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/types.h>

#include "addr.h"
#include "engine.h"

struct script_conf;

/* "Not configured" for values whose default is resolved elsewhere. */
#define GLOBAL_UNSET_U64	UINT64_MAX
#define GLOBAL_UNSET_UINT	UINT32_MAX

/* smtp_alert* are tri-state: unset lets each object pick its default. */
#define GLOBAL_TRI_UNSET	(-1)

/* One line of notification_email { }. */
struct global_email {
	STAILQ_ENTRY(global_email) next;
	char		*addr;
};
STAILQ_HEAD(global_email_list, global_email);

/* smtp_server ADDR|NAME [PORT]. */
struct global_smtp_server {
	char		*name;		/* as written; NULL: no server */
	struct addr	 addr;		/* AF_UNSPEC when name is a host name */
	uint16_t	 port;		/* default 25 */
	char		*port_str;	/* as written (may be a service) */
};

/* notify_fifo, vrrp_notify_fifo, lvs_notify_fifo and their scripts. */
struct global_notify_fifo {
	char		*name;		/* NULL: no FIFO */
	char		*user, *group;	/* NULL: the default script user */
	struct script_conf *script;	/* *_notify_fifo_script */
};

/* CPU set of *_cpu_affinity (like cpu_set_t: 1024 CPUs). */
struct global_cpuset {
	uint64_t	 bits[16];
	bool		 set;
};

/* lvs_timeouts tcp S tcpfin S udp S: 0 leaves the kernel's value. */
struct global_lvs_timeouts {
	unsigned	 tcp, tcpfin, udp;
};

/* lvs_sync_daemon IF [inst] VRRP [id N] [maxlen N] [port N] [ttl N]
 * [group ADDR]. */
struct global_lvs_sync_daemon {
	char		*ifname;	/* NULL: no sync daemon */
	char		*vrrp_name;
	int		 syncid;	/* -1: the instance's VRID */
	uint16_t	 maxlen;	/* 0: kernel default */
	uint16_t	 port;		/* 0: kernel default (8848) */
	uint8_t		 ttl;		/* 0: kernel default */
	struct addr	 group;		/* AF_UNSPEC: kernel default */
	struct cfg_loc	 loc;
};

enum global_lvs_flush {
	GLOBAL_LVS_FLUSH_NONE,
	GLOBAL_LVS_FLUSH_FULL,
	GLOBAL_LVS_FLUSH_VS
};

/* vrrp_rx_bufs_policy bits. */
#define GLOBAL_RX_BUFS_MTU	0x01
#define GLOBAL_RX_BUFS_ADVERT	0x02
#define GLOBAL_RX_BUFS_SIZE	0x04

/* include_check bits. */
#define GLOBAL_INCLUDE_R	0x01	/* read */
#define GLOBAL_INCLUDE_M	0x02	/* match */
#define GLOBAL_INCLUDE_W	0x04	/* wildcard_match */
#define GLOBAL_INCLUDE_B	0x08	/* brace_match */

struct global_conf {
	/* --- root-only globals --- */
	char		*net_namespace;
	char		*net_namespace_ipvs;	/* "": the default namespace */
	bool		 namespace_with_ipsets;
	bool		 use_pid_dir;	/* also set by net_namespace/instance */
	char		*instance;
	unsigned	 child_wait_time;	/* seconds, default 5 */
	bool		 linkbeat_use_polling;

	/* --- identity, process names --- */
	char		*router_id;	/* NULL: the host's canonical name */
	char		*process_name;
	char		*vrrp_process_name;
	char		*checker_process_name;	/* lvs_process_name */
	char		*bfd_process_name;

	/* --- email --- */
	struct global_email_list notification_email;
	char		*notification_email_from;	/* NULL: user@host */
	struct global_smtp_server smtp_server;
	char		*smtp_helo_name;	/* NULL: the local name */
	uint64_t	 smtp_connect_timeout;	/* µs, default 30 s */
	int		 smtp_alert;		/* GLOBAL_TRI_UNSET, 0, 1 */
	int		 smtp_alert_vrrp;
	int		 smtp_alert_checker;
	bool		 no_email_faults;
	bool		 no_checker_emails;
	bool		 checker_log_all_failures;

	/* --- parent scripts --- */
	struct script_conf *startup_script;
	unsigned	 startup_script_timeout;	/* s; 10 with a script */
	struct script_conf *shutdown_script;
	unsigned	 shutdown_script_timeout;

	/* --- scheduling of the processes --- */
	int		 max_auto_priority;	/* 0; no argument: 99 */
	unsigned	 min_auto_priority_delay;	/* µs, default 1 s */
	int		 vrrp_priority;		/* nice, -20..19 */
	int		 checker_priority;
	int		 bfd_priority;
	bool		 vrrp_no_swap;
	bool		 checker_no_swap;
	bool		 bfd_no_swap;
	int		 vrrp_rt_priority;	/* 0: not real-time */
	int		 checker_rt_priority;
	int		 bfd_rt_priority;
	struct global_cpuset vrrp_cpu_affinity;
	struct global_cpuset checker_cpu_affinity;
	struct global_cpuset bfd_cpu_affinity;
	unsigned	 vrrp_rlimit_rttime;	/* µs, 10000; 0 after an error */
	unsigned	 checker_rlimit_rttime;	/* (*_rlimit_rtime) */
	unsigned	 bfd_rlimit_rttime;

	/* --- VRRP --- */
	bool		 dynamic_interfaces;
	bool		 dynamic_interfaces_allow_if_changes;
	char		*default_interface;	/* NULL: eth0 */
	bool		 disable_local_igmp;
	struct addr	 vrrp_mcast_group4;	/* 224.0.0.18 */
	struct addr	 vrrp_mcast_group6;	/* ff02::12 */
	uint64_t	 vrrp_garp_master_delay;	/* µs, 5 s */
	unsigned	 vrrp_garp_master_repeat;	/* 5 */
	uint64_t	 vrrp_garp_master_refresh;	/* µs, 0: off */
	unsigned	 vrrp_garp_master_refresh_repeat;	/* 1 */
	uint64_t	 vrrp_garp_lower_prio_delay;	/* UNSET: master delay */
	unsigned	 vrrp_garp_lower_prio_repeat;	/* UNSET: master rep. */
	unsigned	 vrrp_down_timer_adverts;	/* 3 */
	uint64_t	 vrrp_garp_interval;	/* µs, 0: no pacing */
	uint64_t	 vrrp_gna_interval;
	bool		 vrrp_min_garp;
	unsigned	 vrrp_garp_extra_if;	/* s, 0: off (vmac_garp_intvl) */
	bool		 vrrp_garp_extra_if_all;
	bool		 vrrp_lower_prio_no_advert;
	bool		 vrrp_higher_prio_send_advert;
	int		 vrrp_version;		/* 2 */
	bool		 vrrp_iptables;	/* given: nftables used instead */
	bool		 vrrp_check_unicast_src;
	bool		 vrrp_skip_check_adv_addr;
	bool		 vrrp_strict;
	bool		 vrrp_notify_priority_changes;
	bool		 fifo_write_vrrp_states_on_reload;
	unsigned	 vrrp_netlink_cmd_rcv_bufs;	/* 0: default */
	bool		 vrrp_netlink_cmd_rcv_bufs_force;
	unsigned	 vrrp_netlink_monitor_rcv_bufs;
	bool		 vrrp_netlink_monitor_rcv_bufs_force;
	unsigned	 process_monitor_rcv_bufs;
	bool		 process_monitor_rcv_bufs_force;
	unsigned	 vrrp_rx_bufs_policy;	/* GLOBAL_RX_BUFS_* */
	unsigned	 vrrp_rx_bufs_size;
	unsigned	 vrrp_rx_bufs_multiplier;	/* 3 */
	uint64_t	 vrrp_startup_delay;	/* µs, 0 */
	bool		 log_unknown_vrids;
	char		*vmac_prefix;		/* NULL: "vrrp" */
	char		*vmac_addr_prefix;

	/* --- nftables --- */
	char		*nftables;		/* table; NULL: off */
	int		 nftables_priority;	/* -1 */
	bool		 nftables_ifindex;
	bool		 nftables_counters;
	char		*nftables_ipvs;		/* table; NULL: off */
	int		 nftables_ipvs_priority;	/* -1 */
	unsigned	 nftables_ipvs_start_fwmark;	/* 1000 */

	/* --- LVS --- */
	struct global_lvs_timeouts lvs_timeouts;
	bool		 lvs_flush;
	enum global_lvs_flush lvs_flush_on_stop;	/* (lvs_flush_onstop) */
	struct global_lvs_sync_daemon lvs_sync_daemon;
	unsigned	 lvs_netlink_cmd_rcv_bufs;
	bool		 lvs_netlink_cmd_rcv_bufs_force;
	unsigned	 lvs_netlink_monitor_rcv_bufs;
	bool		 lvs_netlink_monitor_rcv_bufs_force;
	bool		 rs_init_notifies;

	/* --- notify FIFOs --- */
	struct global_notify_fifo notify_fifo;
	struct global_notify_fifo vrrp_notify_fifo;
	struct global_notify_fifo lvs_notify_fifo;

	/* --- scripts --- */
	char		*script_user;	/* NULL: keepalived_script or root */
	char		*script_group;
	bool		 enable_script_security;

	/* --- SNMP, D-Bus --- */
	char		*snmp_socket;
	bool		 enable_traps;
	bool		 enable_snmp_vrrp;	/* (enable_snmp_keepalived) */
	bool		 enable_snmp_rfcv2;	/* enable_snmp_rfc: both */
	bool		 enable_snmp_rfcv3;
	bool		 enable_snmp_checker;
	bool		 enable_dbus;
	char		*dbus_service_name;	/* NULL: org.keepalived.Vrrp1 */

	/* --- process environment, reload --- */
	bool		 umask_set;
	mode_t		 umask;
	bool		 random_seed_set;
	unsigned	 random_seed;
	char		*reload_check_config;	/* no argument: /dev/null */
	char		*reload_time_file;
	bool		 reload_repeat;
	bool		 reload_file_set;
	char		*reload_file;	/* NULL with _set: the default */
	bool		 include_check_set;
	unsigned	 include_check;	/* GLOBAL_INCLUDE_* */
	char		*config_save_dir;	/* trailing '/' removed */
	char		*tmp_config_directory;
	bool		 data_use_instance;
};

#endif
