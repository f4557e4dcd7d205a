/*
 * conf_vrrp: the VRRP side of the model: instances, sync groups, vrrp
 * scripts, tracked files and processes, BFD instances, GARP groups,
 * static addresses/routes/rules and the small root blocks around them.
 *
 * Values are the effective ones after vrrp_conf_validate (keepalived's
 * vrrp_complete_instance): defaults taken from global_defs, strict-mode
 * rewrites, nopreempt cleared with state MASTER, and so on.  "Unset"
 * markers (-1, 0) only survive where keepalived itself keeps them.
 */
#ifndef VIGIL_CONF_VRRP_H
#define VIGIL_CONF_VRRP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "addr.h"
#include "engine.h"
#include "conf_iproute.h"

struct script_conf;

enum vrrp_conf_state {
	VRRP_CONF_STATE_INIT,		/* not given */
	VRRP_CONF_STATE_BACKUP,
	VRRP_CONF_STATE_MASTER
};

enum vrrp_conf_auth {
	VRRP_CONF_AUTH_NONE,
	VRRP_CONF_AUTH_PASS,
	VRRP_CONF_AUTH_AH
};

#define VRRP_CONF_PRIO_DFL	100
#define VRRP_CONF_PRIO_OWNER	255
#define VRRP_CONF_AUTH_LEN	8

/* One line of track_interface/_script/_file/_process/_bfd. */
struct vrrp_track_ref {
	STAILQ_ENTRY(vrrp_track_ref) next;
	char		*name;
	int		 weight;
	bool		 has_weight;	/* false: the tracked object's */
	bool		 reverse;
	struct cfg_loc	 loc;
};
STAILQ_HEAD(vrrp_track_list, vrrp_track_ref);

struct vrrp_peer_conf {
	STAILQ_ENTRY(vrrp_peer_conf) next;
	struct addr	 addr;
	int		 min_ttl, max_ttl;	/* -1: not given */
	struct cfg_loc	 loc;
};
STAILQ_HEAD(vrrp_peer_list, vrrp_peer_conf);

/*
 * One line of track_real_server (a Vigil extension): the instance follows
 * the health of every real_server with this address and port, as the
 * checker child reports it.  Without a weight the instance is in FAULT
 * while one of them is down or not yet checked; with a weight, as
 * track_script: a negative weight is added while down, a positive one
 * while up, reverse swaps the two.
 */
struct vrrp_track_rs {
	STAILQ_ENTRY(vrrp_track_rs) next;
	struct addr	 addr;
	uint16_t	 port;
	int		 weight;
	bool		 has_weight;
	bool		 reverse;
	unsigned	 nmatch;	/* real servers it matches */
	struct cfg_loc	 loc;
};
STAILQ_HEAD(vrrp_track_rs_list, vrrp_track_rs);

/* A list of names from a value block (sync group members, ...). */
struct vrrp_name {
	STAILQ_ENTRY(vrrp_name) next;
	char		*name;
	struct cfg_loc	 loc;
};
STAILQ_HEAD(vrrp_name_list, vrrp_name);

struct vrrp_sync_group_conf;

struct vrrp_instance_conf {
	STAILQ_ENTRY(vrrp_instance_conf) next;
	char		*name;
	struct cfg_loc	 loc;

	enum vrrp_conf_state state;	/* effective initial state */
	char		*ifname;	/* NULL: none usable */
	struct cfg_loc	 if_loc;
	bool		 if_missing;	/* reported as non-existent */
	bool		 dont_track_primary;
	unsigned	 vrid;		/* 1..255 */
	unsigned	 priority;	/* base priority */
	uint64_t	 adver_int_us;
	unsigned	 version;	/* 2 or 3 */
	int		 family;	/* AF_INET / AF_INET6 */
	bool		 native_ipv6;

	enum vrrp_conf_auth auth_type;
	char		 auth_pass[VRRP_CONF_AUTH_LEN + 1];

	struct ipaddr_list vips;
	struct ipaddr_list evips;
	struct route_list vroutes;
	struct rule_list vrules;

	struct vrrp_track_list track_ifs;
	struct vrrp_track_list track_scripts;
	struct vrrp_track_list track_files;
	struct vrrp_track_list track_processes;
	struct vrrp_track_list track_bfds;
	struct vrrp_track_rs_list track_rs;	/* track_real_server */

	/* Promotion safety (Vigil, kw_vrrp_promote.c): judged, with the
	 * replication facts of the tracked MYSQL_CHECK real servers, each
	 * time the instance is about to become MASTER; never demotes. */
	bool		 promote_require_caught_up;
	bool		 promote_max_lag_set;
	uint32_t	 promote_max_lag;	/* s */
	struct script_conf *promote_script;
	uint64_t	 promote_script_timeout_us;	/* 0: the default */

	struct addr	 saddr;		/* mcast_src_ip / unicast_src_ip */
	bool		 track_src_ip;
	struct addr	 mcast_daddr;	/* AF_UNSPEC: the global group */
	struct vrrp_peer_list peers;
	int		 unicast_ttl;	/* -1: not given */
	bool		 unicast_fault_no_peer;
	bool		 check_unicast_src;
	int		 old_unicast_checksum;	/* 0 no, 1 yes, 2 never */

	bool		 nopreempt;
	uint64_t	 preempt_delay_us;
	bool		 accept;
	bool		 skip_check_adv_addr;
	bool		 strict_mode;

	uint64_t	 garp_delay_us;		/* garp_master_delay */
	unsigned	 garp_rep;		/* garp_master_repeat */
	uint64_t	 garp_refresh_us;	/* garp_master_refresh */
	unsigned	 garp_refresh_rep;
	uint64_t	 garp_lower_prio_delay_us;
	unsigned	 garp_lower_prio_rep;
	unsigned	 down_timer_adverts;
	bool		 lower_prio_no_advert;
	bool		 higher_prio_send_advert;
	unsigned	 garp_extra_if;		/* seconds, 0 off */
	bool		 garp_extra_if_all;

	struct script_conf *notify_master, *notify_backup, *notify_fault;
	struct script_conf *notify_stop, *notify_deleted, *notify;
	struct script_conf *notify_master_rx_lower_pri;
	bool		 notify_deleted_set;	/* notify_deleted given */
	bool		 notify_priority_changes;
	bool		 smtp_alert;

	bool		 use_vmac;
	char		*vmac_ifname;
	char		*vmac_addr;		/* use_vmac MAC as written */
	bool		 use_vmac_addr;
	bool		 vmac_xmit_base;
	bool		 use_ipvlan;
	char		*ipvlan_ifname;
	struct addr	 ipvlan_addr;
	char		*ipvlan_type;
	bool		 promote_secondaries;
	unsigned	 kernel_rx_buf_size;
	unsigned	 debug;
	char		*vrf;
	bool		 linkbeat_use_polling;	/* deprecated here */

	struct vrrp_sync_group_conf *sync;	/* after validation */

	/* parse-time markers, resolved by validation */
	int		 strict_set, accept_set;	/* -1: not given */
	int		 lower_prio_no_advert_set, higher_prio_send_advert_set;
	int		 smtp_alert_set, notify_priority_changes_set;
	int		 skip_check_adv_addr_set;
	int64_t		 garp_lower_prio_delay_set, garp_lower_prio_rep_set;
	int		 down_timer_adverts_set;
};
STAILQ_HEAD(vrrp_instance_list, vrrp_instance_conf);

struct vrrp_sync_group_conf {
	STAILQ_ENTRY(vrrp_sync_group_conf) next;
	char		*name;
	struct cfg_loc	 loc;
	struct vrrp_name_list members;	/* as written */
	bool		 has_group;
	struct vrrp_track_list track_ifs, track_scripts, track_files;
	struct vrrp_track_list track_processes, track_bfds;
	struct script_conf *notify_master, *notify_backup, *notify_fault;
	struct script_conf *notify_stop, *notify;
	int		 smtp_alert;		/* -1 until validated */
	bool		 sgroup_tracking_weight;
	int		 notify_priority_changes;	/* -1: global */
};
STAILQ_HEAD(vrrp_sync_group_list, vrrp_sync_group_conf);

struct vrrp_script_def {
	STAILQ_ENTRY(vrrp_script_def) next;
	char		*name;
	struct cfg_loc	 loc;
	struct script_conf *script;
	uint64_t	 interval_us;	/* default 1 s */
	uint64_t	 timeout_us;	/* 0: interval */
	int		 weight;
	bool		 weight_reverse;
	int		 rise, fall;
	char		*user, *group;
	bool		 init_fail;
};
STAILQ_HEAD(vrrp_script_list, vrrp_script_def);

struct vrrp_track_file_conf {
	STAILQ_ENTRY(vrrp_track_file_conf) next;
	char		*name;
	struct cfg_loc	 loc;
	char		*path;
	int		 weight;	/* default 1 */
	bool		 weight_set;
	bool		 reverse;
	bool		 init_file;
	long		 init_value;
	bool		 init_overwrite;
};
STAILQ_HEAD(vrrp_track_file_list, vrrp_track_file_conf);

enum vrrp_param_match {
	VRRP_PARAM_MATCH_NONE,
	VRRP_PARAM_MATCH_EXACT,
	VRRP_PARAM_MATCH_PARTIAL,
	VRRP_PARAM_MATCH_INITIAL
};

struct vrrp_track_process_conf {
	STAILQ_ENTRY(vrrp_track_process_conf) next;
	char		*name;
	struct cfg_loc	 loc;
	char		*process;	/* process name or path */
	char		*params;	/* the rest, joined with blanks */
	enum vrrp_param_match param_match; /* params: default exact */
	int		 weight;	/* default 0 */
	bool		 reverse;
	unsigned	 quorum;	/* default 1; 0 with quorum_max 0 */
	unsigned	 quorum_max;	/* UINT_MAX: no maximum */
	/* delay (the last one given) sets both of the others; the last
	 * statement wins */
	uint64_t	 delay_us, terminate_delay_us, fork_delay_us;
	bool		 full_command;	/* also set by params, param_match */
};
STAILQ_HEAD(vrrp_track_process_list, vrrp_track_process_conf);

struct vrrp_bfd_conf {
	STAILQ_ENTRY(vrrp_bfd_conf) next;
	char		*name;
	struct cfg_loc	 loc;
	struct addr	 neighbor, source;
	unsigned	 min_rx_ms, min_tx_ms, idle_tx_ms;
	unsigned	 multiplier;
	bool		 passive;
	int		 ttl, hoplimit;	/* -1: default */
	unsigned	 max_hops;
	int		 weight;
	bool		 reverse;
	bool		 vrrp, checker;
};
STAILQ_HEAD(vrrp_bfd_list, vrrp_bfd_conf);

struct vrrp_garp_group_conf {
	STAILQ_ENTRY(vrrp_garp_group_conf) next;
	struct cfg_loc	 loc;
	uint64_t	 garp_interval_us, gna_interval_us;
	bool		 have_garp_interval, have_gna_interval;
	struct vrrp_name_list interfaces;
};
STAILQ_HEAD(vrrp_garp_group_list, vrrp_garp_group_conf);

struct vrrp_track_group_conf {
	STAILQ_ENTRY(vrrp_track_group_conf) next;
	char		*name;
	struct cfg_loc	 loc;
	struct vrrp_name_list members;
	bool		 has_group;
};
STAILQ_HEAD(vrrp_track_group_list, vrrp_track_group_conf);

/* interface_up_down_delays and linkbeat_interfaces lines. */
struct vrrp_if_conf {
	STAILQ_ENTRY(vrrp_if_conf) next;
	char		*ifname;
	struct cfg_loc	 loc;
	unsigned	 down_delay, up_delay;	/* seconds */
	char		*linkbeat_type;		/* MII, ETHTOOL, IOCTL */
};
STAILQ_HEAD(vrrp_if_list, vrrp_if_conf);

struct vrrp_conf_set {
	struct vrrp_instance_list	instances;
	struct vrrp_sync_group_list	sync_groups;
	struct vrrp_script_list		scripts;
	struct vrrp_track_file_list	track_files;
	struct vrrp_track_process_list	track_processes;
	struct vrrp_bfd_list		bfds;
	struct vrrp_garp_group_list	garp_groups;
	struct vrrp_track_group_list	track_groups;
	struct vrrp_if_list		if_delays;
	struct vrrp_if_list		linkbeat_ifs;
	struct ipaddr_list		static_addresses;
	struct route_list		static_routes;
	struct rule_list		static_rules;
	unsigned			ninstances;
	bool				missing_iface;	/* BAD_IF seen */

	/* Parse state keepalived keeps in globals: rule preferences handed
	 * out count down per family across all rule blocks (kw_iproute.c),
	 * and whether an address/route line named a missing interface. */
	uint32_t			next_rule_prio4, next_rule_prio6;
	bool				iproute_missing_iface;
};

/*
 * The global_defs values the VRRP side depends on, read through one
 * function so that the VRRP code does not depend on how struct
 * global_conf spells them.
 */
struct vrrp_gdefs {
	bool		 vrrp_strict;
	unsigned	 vrrp_version;
	bool		 dynamic_interfaces;
	uint64_t	 garp_delay_us;
	unsigned	 garp_rep;
	uint64_t	 garp_refresh_us;
	unsigned	 garp_refresh_rep;
	uint64_t	 garp_lower_prio_delay_us;
	unsigned	 garp_lower_prio_rep;
	unsigned	 down_timer_adverts;
	bool		 lower_prio_no_advert;
	bool		 higher_prio_send_advert;
	bool		 skip_check_adv_addr;
	bool		 check_unicast_src;
	int		 smtp_alert, smtp_alert_vrrp;	/* -1: unset */
	bool		 notify_priority_changes;
	unsigned	 garp_extra_if;
	bool		 garp_extra_if_all;
};

void	vrrp_gdefs_read(const struct conf *, struct vrrp_gdefs *);

/* Shared by the kw_vrrp*.c files. */
extern const struct cfg_block vrrp_instance_block;
extern const struct cfg_block vrrp_sync_group_block;
extern const struct cfg_block vrrp_script_block;
extern const struct cfg_block vrrp_track_file_block;
extern const struct cfg_block vrrp_track_process_block;
extern const struct cfg_block vrrp_bfd_block;
extern const struct cfg_block vrrp_garp_group_block;
extern const struct cfg_block vrrp_track_group_block;
extern const struct cfg_block vrrp_auth_block;

/* Root handlers living in kw_vrrp_track.c. */
void	vrrp_kw_script(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_track_file(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_track_process(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_bfd(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_garp_group(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_track_group(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_if_delay(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_linkbeat_if(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
/* A track_* value line: NAME [weight W [reverse|noreverse]]. */
/* track_real_server lines (kw_vrrp_trackrs.c) and their check against
 * the checker's real servers, once both domains are parsed. */
void	vrrp_kw_track_rs_line(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_conf_validate_track_rs(struct cfg_parse *, struct conf *);
void	vrrp_track_rs_dump(FILE *, int depth, const struct vrrp_track_rs_list *);

/* Promotion safety (kw_vrrp_promote.c): the instance keywords, their
 * check once the checker's side is parsed, and the dump. */
#define VRRP_PROMOTE_SCRIPT_TIMEOUT_DFL	10000000ULL	/* µs */
void	vrrp_kw_promote_caught_up(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_promote_max_lag(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_promote_script(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	vrrp_kw_promote_script_timeout(struct cfg_parse *,
	    const struct cfg_kw *, const struct cfg_stmt *);
void	vrrp_conf_validate_promote(struct cfg_parse *, struct conf *);
void	vrrp_promote_dump(FILE *, int depth,
	    const struct vrrp_instance_conf *);
/* Whether the instance has a promotion gate (caught up or max lag). */
bool	vrrp_conf_promote_gated(const struct vrrp_instance_conf *);

void	vrrp_kw_track_line(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
/* Whether an interface exists (always true without check_ifaces). */
bool	vrrp_iface_exists(struct cfg_parse *, const char *);
bool	vrrp_iface_is_loopback(const char *);

#endif
