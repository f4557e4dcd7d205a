/*
 * test_kw_all: completeness of the keyword tables.
 *
 * The tables are walked from the root block, so every block reachable by
 * the parser is checked for order and duplicates, and every keyword found
 * must have a row below.  A row parses a small valid configuration with
 * and without its line; the two model dumps must differ (the keyword
 * landed in the model) and no "Unknown keyword" may appear.  A keyword
 * added later without a row fails test_rows_cover_tables.
 */
#include "unit.h"

/* --- walking the tables ------------------------------------------------- */

#define MAX_BLOCKS	128
#define MAX_KWS		1024

struct walk {
	const struct cfg_block	*block[MAX_BLOCKS];
	size_t			 nblock;
	struct {
		const struct cfg_block	*block;
		const char		*name;
	} kw[MAX_KWS];
	size_t			 nkw;
};

static void
walk_block(struct walk *w, const struct cfg_block *b)
{
	size_t i;

	for (i = 0; i < w->nblock; i++)
		if (w->block[i] == b)
			return;
	/* Also called from main(), before Check runs: no ck_assert. */
	if (w->nblock >= MAX_BLOCKS)
		abort();
	w->block[w->nblock++] = b;
	for (i = 0; i < b->nkw; i++) {
		if (w->nkw >= MAX_KWS)
			abort();
		w->kw[w->nkw].block = b;
		w->kw[w->nkw].name = b->kw[i].name;
		w->nkw++;
		/* Also value-list keywords' end-hook blocks. */
		if (b->kw[i].sub != NULL)
			walk_block(w, b->kw[i].sub);
	}
}

static const struct walk *
walk_all(void)
{
	static struct walk w;

	if (w.nblock == 0)
		walk_block(&w, cfg_root_block());
	return &w;
}

static const struct cfg_block *
block_named(const char *name)
{
	const struct walk *w = walk_all();
	size_t i;

	for (i = 0; i < w->nblock; i++)
		if (!strcmp(w->block[i]->name, name))
			return w->block[i];
	return NULL;
}

START_TEST(test_tables_sorted)
{
	const struct walk *w = walk_all();
	size_t i;

	for (i = 0; i < w->nblock; i++)
		ck_assert_msg(cfg_block_check(w->block[i]) == 0,
		    "block %s is not sorted or has a duplicate",
		    w->block[i]->name);
}
END_TEST

START_TEST(test_walk_finds_blocks)
{
	static const char *const expect[] = {
		"root", "global_defs", "vrrp_instance", "authentication",
		"vrrp_script", "vrrp_sync_group", "virtual_server",
		"real_server", "TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK",
		"SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK",
		"FILE_CHECK", "BFD_CHECK", "MYSQL_CHECK", "replication",
		"url", "host", "SSL",
		"bfd_instance", "track_file", "vrrp_track_process",
		"garp_group", "track_group",
		/* end-hook blocks of value-list keywords */
		"notification_email", "virtual_server_group",
	};
	size_t i;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		ck_assert_msg(block_named(expect[i]) != NULL,
		    "block %s not reachable from the root", expect[i]);
	/* Shared blocks are reached once: url from HTTP_GET and SSL_GET. */
	ck_assert_uint_eq(walk_all()->nblock,
	    sizeof(expect) / sizeof(expect[0]));
}
END_TEST

/* --- contexts: where a row's line goes ------------------------------------ */

/* Objects the VRRP rows refer to (track_* lines, FILE_CHECK, BFD_CHECK). */
#define PRE_VRRP							\
	"vrrp_script S {\n script /bin/true\n}\n"			\
	"track_file F {\n file /tmp/kwtest.track\n}\n"		\
	"track_file G {\n file /tmp/kwtest.track2\n}\n"		\
	"vrrp_track_process P {\n process foo\n}\n"			\
	"bfd_instance B {\n neighbor_ip 10.0.0.9\n}\n"
#define VI_BODY								\
	" interface eth0\n virtual_router_id 51\n priority 100\n"	\
	" virtual_ipaddress {\n  10.0.0.100\n }\n"
#define VI_1	"vrrp_instance VI_1 {\n" VI_BODY
#define VI_2								\
	"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n"\
	" virtual_ipaddress {\n  10.0.0.200\n }\n}\n"
#define VS_HEAD								\
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n"	\
	" lb_kind NAT\n"
#define RS_HEAD	" real_server 10.0.0.2 80 {\n weight 10\n"
#define RS_CHK(c, body)							\
	PRE_VRRP VS_HEAD RS_HEAD c " {\n" body "%s}\n}\n}\n"

enum ctx {
	C_ROOT, C_GDEFS, C_VI, C_AUTH, C_SCRIPT, C_SYNC, C_SYNC0, C_TFILE,
	C_TFILE0, C_TPROC, C_BFD, C_VI6, C_GARP, C_GARP0, C_TGROUP, C_TGROUP0, C_SSL,
	C_VS, C_VSFW, C_RS, C_TCP, C_HTTP, C_SSLGET, C_MISC, C_SMTP, C_DNS,
	C_UDP, C_PING, C_FILE, C_BFDCHK, C_MYSQL, C_MYSQLREPL, C_URL, C_HOST,
	C_VIMY, C_MAX
};

static const struct {
	const char	*block;		/* cfg_block name */
	const char	*fmt;		/* one %s: where the row goes */
} ctxs[C_MAX] = {
	[C_ROOT] = { "root", "%s" },
	[C_GDEFS] = { "global_defs", VI_1 "}\nglobal_defs {\n%s}\n" },
	/* With a virtual server, for track_real_server to refer to. */
	[C_VI] = { "vrrp_instance", PRE_VRRP VI_1 "%s}\n" VS_HEAD RS_HEAD
	    " TCP_CHECK {\n }\n }\n}\n" },
	[C_AUTH] = { "authentication",
	    VI_1 " authentication {\n%s }\n}\n" },
	[C_SCRIPT] = { "vrrp_script",
	    "vrrp_script S {\n script /bin/true\n%s}\n"
	    VI_1 " track_script {\n  S\n }\n}\n" },
	[C_SYNC] = { "vrrp_sync_group", PRE_VRRP VI_1 "}\n" VI_2
	    "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n%s}\n" },
	[C_SYNC0] = { "vrrp_sync_group", VI_1 "}\n" VI_2
	    "vrrp_sync_group G {\n%s}\n" },
	[C_TFILE] = { "track_file",
	    "track_file F {\n file /tmp/kwtest.track\n%s}\n"
	    VI_1 " track_file {\n  F\n }\n}\n" },
	[C_TFILE0] = { "track_file", "track_file F {\n%s}\n"
	    VI_1 " track_file {\n  F\n }\n}\n" },
	[C_VI6] = { "vrrp_instance", "vrrp_instance VI_1 {\n interface eth0\n"
	    " virtual_router_id 51\n virtual_ipaddress {\n  fe80::100\n }\n"
	    "%s}\n" },
	[C_TPROC] = { "vrrp_track_process",
	    "vrrp_track_process P {\n process foo\n%s}\n"
	    VI_1 " track_process {\n  P\n }\n}\n" },
	[C_BFD] = { "bfd_instance",
	    "bfd_instance B {\n neighbor_ip 10.0.0.9\n%s}\n"
	    VI_1 " track_bfd {\n  B\n }\n}\n" },
	[C_GARP] = { "garp_group",
	    VI_1 "}\ngarp_group {\n interface eth0\n%s}\n" },
	[C_GARP0] = { "garp_group",
	    VI_1 "}\ngarp_group {\n garp_interval 1\n%s}\n" },
	[C_TGROUP] = { "track_group", VI_1 "}\n" VI_2
	    "track_group TG {\n group {\n  VI_1\n }\n%s}\n"
	    "static_ipaddress {\n 10.9.9.9/24 dev eth0 track_group TG\n}\n" },
	[C_TGROUP0] = { "track_group", VI_1 "}\n"
	    "track_group TG {\n%s}\n"
	    "static_ipaddress {\n 10.9.9.9/24 dev eth0 track_group TG\n}\n" },
	[C_SSL] = { "SSL", "SSL {\n%s}\n"
	    VS_HEAD RS_HEAD " SSL_GET {\n url {\n path /\n }\n }\n }\n}\n" },
	[C_VS] = { "virtual_server", VS_HEAD "%s" RS_HEAD " }\n}\n" },
	[C_VSFW] = { "virtual_server",
	    "virtual_server fwmark 1 {\n lb_algo rr\n lb_kind TUN\n"
	    "%s real_server 10.0.0.2 80 {\n }\n}\n" },
	[C_RS] = { "real_server", PRE_VRRP VS_HEAD RS_HEAD "%s }\n}\n" },
	[C_TCP] = { "TCP_CHECK", RS_CHK("TCP_CHECK", "") },
	[C_HTTP] = { "HTTP_GET",
	    RS_CHK("HTTP_GET", " url {\n path /\n }\n") },
	[C_SSLGET] = { "SSL_GET",
	    RS_CHK("SSL_GET", " url {\n path /\n }\n") },
	[C_MISC] = { "MISC_CHECK",
	    RS_CHK("MISC_CHECK", " misc_path /bin/true\n") },
	[C_SMTP] = { "SMTP_CHECK", RS_CHK("SMTP_CHECK", "") },
	[C_DNS] = { "DNS_CHECK", RS_CHK("DNS_CHECK", "") },
	[C_UDP] = { "UDP_CHECK", RS_CHK("UDP_CHECK", "") },
	[C_PING] = { "PING_CHECK", RS_CHK("PING_CHECK", "") },
	[C_FILE] = { "FILE_CHECK",
	    RS_CHK("FILE_CHECK", " track_file F\n") },
	[C_BFDCHK] = { "BFD_CHECK", RS_CHK("BFD_CHECK", " name B\n") },
	[C_MYSQL] = { "MYSQL_CHECK", RS_CHK("MYSQL_CHECK", " user u\n") },
	/* Tracking a MYSQL_CHECK real server, for the promotion gate. */
	[C_VIMY] = { "vrrp_instance", PRE_VRRP VI_1
	    " track_real_server 10.0.0.2 80\n%s}\n" VS_HEAD RS_HEAD
	    " MYSQL_CHECK {\n user u\n }\n }\n}\n" },
	[C_MYSQLREPL] = { "replication", PRE_VRRP VS_HEAD RS_HEAD
	    " MYSQL_CHECK {\n user u\n replication {\n%s }\n }\n }\n}\n" },
	[C_URL] = { "url", PRE_VRRP VS_HEAD RS_HEAD
	    " HTTP_GET {\n url {\n path /\n%s }\n }\n }\n}\n" },
	[C_HOST] = { "host", PRE_VRRP VS_HEAD RS_HEAD
	    " SMTP_CHECK {\n host {\n connect_ip 10.0.0.3\n%s }\n }\n }\n}\n" },
};

/* --- rows ----------------------------------------------------------------- */

/* Row kinds. */
#define R_LANDS	0	/* the dump must change */
#define R_NOOP	1	/* accepted, deliberately invisible (see reason) */

struct row {
	enum ctx	 ctx;
	const char	*pre;		/* in both base and test config */
	const char	*text;		/* first word: the keyword */
	const char	*expect;	/* a whole dump line, or NULL */
	int		 kind;
};

#define ROW(c, t)		{ c, "", t, NULL, R_LANDS }
#define ROWX(c, t, x)		{ c, "", t, x, R_LANDS }
#define ROWP(c, p, t)		{ c, p, t, NULL, R_LANDS }
#define ROWPX(c, p, t, x)	{ c, p, t, x, R_LANDS }
#define NOOP(c, t)		{ c, "", t, NULL, R_NOOP }

static const struct row static_rows[] = {
	/* root */
	ROW(C_ROOT, "SSL {\n password secret\n}\n"),
	ROW(C_ROOT, "bfd_instance B {\n neighbor_ip 10.0.0.9\n}\n"),
	ROWX(C_ROOT, "child_wait_time 10\n", "\tchild_wait_time 10\n"),
	ROWP(C_ROOT, VI_1 "}\n", "garp_group {\n garp_interval 1\n interface eth0\n}\n"),
	ROW(C_ROOT, "global_defs {\n router_id R\n}\n"),
	ROWX(C_ROOT, "instance inst1\n", "\tinstance inst1\n"),
	ROW(C_ROOT, "interface_up_down_delays {\n eth0 5 6\n}\n"),
	ROW(C_ROOT, "linkbeat_interfaces {\n eth0 MII\n}\n"),
	ROWX(C_ROOT, "linkbeat_use_polling\n", "\tlinkbeat_use_polling yes\n"),
	ROWX(C_ROOT, "namespace_with_ipsets\n",
	    "\tnamespace_with_ipsets yes\n"),
	ROWX(C_ROOT, "net_namespace ns1\n", "\tnet_namespace ns1\n"),
	ROWX(C_ROOT, "net_namespace_ipvs ns2\n", "\tnet_namespace_ipvs ns2\n"),
	ROW(C_ROOT, "static_ipaddress {\n 10.1.1.1/24 dev eth0\n}\n"),
	ROW(C_ROOT,
	    "static_routes {\n 10.2.0.0/16 via 10.1.1.254 dev eth0\n}\n"),
	ROW(C_ROOT, "static_rules {\n from 10.3.0.0/16 table 100\n}\n"),
	ROW(C_ROOT, "track_file F {\n file /tmp/kwtest.track\n}\n"),
	ROWP(C_ROOT, VI_1 "}\n", "track_group TG {\n group {\n  VI_1\n }\n}\n"
	    "static_ipaddress {\n 10.9.9.9/24 dev eth0 track_group TG\n}\n"),
	ROWX(C_ROOT, "use_pid_dir\n", "\tuse_pid_dir yes\n"),
	ROW(C_ROOT, VS_HEAD RS_HEAD " }\n}\n"),
	ROWP(C_ROOT, VS_HEAD RS_HEAD " }\n}\n",
	    "virtual_server_group G {\n 10.0.0.50 80\n}\n"
	    "virtual_server group G {\n protocol TCP\n" RS_HEAD " }\n}\n"),
	ROW(C_ROOT, VI_1 "}\n"),
	ROW(C_ROOT, "vrrp_script S {\n script /bin/true\n}\n"
	    VI_1 " track_script {\n  S\n }\n}\n"),
	ROWP(C_ROOT, VI_1 "}\n" VI_2,
	    "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n}\n"),
	ROW(C_ROOT, "vrrp_track_file F {\n file /tmp/kwtest.track\n}\n"),
	ROW(C_ROOT, "vrrp_track_process P {\n process foo\n}\n"),

	/* global_defs */
	ROW(C_GDEFS, "bfd_cpu_affinity 1\n"),
	ROWX(C_GDEFS, "bfd_no_swap\n", "\tbfd_no_swap yes\n"),
	ROWX(C_GDEFS, "bfd_priority 5\n", "\tbfd_priority 5\n"),
	ROWX(C_GDEFS, "bfd_process_name bfdp\n", "\tbfd_process_name bfdp\n"),
	ROWX(C_GDEFS, "bfd_rlimit_rtime 5000\n", "\tbfd_rlimit_rttime 5000\n"),
	ROWX(C_GDEFS, "bfd_rlimit_rttime 5000\n",
	    "\tbfd_rlimit_rttime 5000\n"),
	ROWX(C_GDEFS, "bfd_rt_priority 10\n", "\tbfd_rt_priority 10\n"),
	ROW(C_GDEFS, "checker_cpu_affinity 1\n"),
	ROWX(C_GDEFS, "checker_log_all_failures\n",
	    "\tchecker_log_all_failures yes\n"),
	ROWX(C_GDEFS, "checker_no_swap\n", "\tchecker_no_swap yes\n"),
	ROWX(C_GDEFS, "checker_priority 5\n", "\tchecker_priority 5\n"),
	ROWX(C_GDEFS, "checker_process_name chk\n",
	    "\tchecker_process_name chk\n"),
	ROWX(C_GDEFS, "checker_rlimit_rtime 5000\n",
	    "\tchecker_rlimit_rttime 5000\n"),
	ROWX(C_GDEFS, "checker_rlimit_rttime 5000\n",
	    "\tchecker_rlimit_rttime 5000\n"),
	ROWX(C_GDEFS, "checker_rt_priority 10\n",
	    "\tchecker_rt_priority 10\n"),
	ROWX(C_GDEFS, "config_save_dir /tmp\n", "\tconfig_save_dir /tmp\n"),
	ROWX(C_GDEFS, "data_use_instance\n", "\tdata_use_instance yes\n"),
	ROWX(C_GDEFS, "dbus_service_name org.x.Y\n",
	    "\tdbus_service_name org.x.Y\n"),
	ROWX(C_GDEFS, "default_interface eth1\n",
	    "\tdefault_interface eth1\n"),
	ROWX(C_GDEFS, "disable_local_igmp\n", "\tdisable_local_igmp yes\n"),
	ROWX(C_GDEFS, "dynamic_interfaces\n", "\tdynamic_interfaces yes\n"),
	ROWX(C_GDEFS, "enable_dbus\n", "\tenable_dbus yes\n"),
	ROWX(C_GDEFS, "enable_script_security\n",
	    "\tenable_script_security yes\n"),
	ROWX(C_GDEFS, "enable_snmp_checker\n", "\tenable_snmp_checker yes\n"),
	ROWX(C_GDEFS, "enable_snmp_keepalived\n", "\tenable_snmp_vrrp yes\n"),
	ROW(C_GDEFS, "enable_snmp_rfc\n"),
	ROWX(C_GDEFS, "enable_snmp_rfcv2\n", "\tenable_snmp_rfcv2 yes\n"),
	ROWX(C_GDEFS, "enable_snmp_rfcv3\n", "\tenable_snmp_rfcv3 yes\n"),
	ROWX(C_GDEFS, "enable_snmp_vrrp\n", "\tenable_snmp_vrrp yes\n"),
	ROWX(C_GDEFS, "enable_traps\n", "\tenable_traps yes\n"),
	ROWX(C_GDEFS, "fifo_write_vrrp_states_on_reload\n",
	    "\tfifo_write_vrrp_states_on_reload yes\n"),
	ROW(C_GDEFS, "include_check\n"),
	ROWX(C_GDEFS, "log_unknown_vrids\n", "\tlog_unknown_vrids yes\n"),
	ROWX(C_GDEFS, "lvs_flush\n", "\tlvs_flush yes\n"),
	ROWX(C_GDEFS, "lvs_flush_on_stop\n", "\tlvs_flush_on_stop full\n"),
	ROWX(C_GDEFS, "lvs_flush_onstop\n", "\tlvs_flush_on_stop full\n"),
	ROWX(C_GDEFS, "lvs_netlink_cmd_rcv_bufs 65536\n",
	    "\tlvs_netlink_cmd_rcv_bufs 65536\n"),
	ROWX(C_GDEFS, "lvs_netlink_cmd_rcv_bufs_force\n",
	    "\tlvs_netlink_cmd_rcv_bufs_force yes\n"),
	ROWX(C_GDEFS, "lvs_netlink_monitor_rcv_bufs 65536\n",
	    "\tlvs_netlink_monitor_rcv_bufs 65536\n"),
	ROWX(C_GDEFS, "lvs_netlink_monitor_rcv_bufs_force\n",
	    "\tlvs_netlink_monitor_rcv_bufs_force yes\n"),
	ROW(C_GDEFS, "lvs_notify_fifo /tmp/kwtest.fifo\n"),
	ROW(C_GDEFS, "lvs_notify_fifo_script /bin/true\n"),
	ROWX(C_GDEFS, "lvs_process_name lvsp\n",
	    "\tchecker_process_name lvsp\n"),
	ROW(C_GDEFS, "lvs_sync_daemon eth0 VI_1\n"),
	ROWX(C_GDEFS, "lvs_timeouts tcp 10 tcpfin 5 udp 3\n",
	    "\tlvs_timeouts tcp 10 tcpfin 5 udp 3\n"),
	ROWX(C_GDEFS, "max_auto_priority 50\n", "\tmax_auto_priority 50\n"),
	ROWX(C_GDEFS, "min_auto_priority_delay 2000\n",
	    "\tmin_auto_priority_delay 2000\n"),
	ROWX(C_GDEFS, "nftables\n",
	    "\tnftables keepalived\n"),
	ROWX(C_GDEFS, "nftables_counters\n", "\tnftables_counters yes\n"),
	ROWX(C_GDEFS, "nftables_ifindex\n", "\tnftables_ifindex yes\n"),
	ROWX(C_GDEFS, "nftables_ipvs\n",
	    "\tnftables_ipvs keepalived_ipvs\n"),
	ROWX(C_GDEFS, "nftables_ipvs_priority 5\n",
	    "\tnftables_ipvs_priority 5\n"),
	ROWX(C_GDEFS, "nftables_ipvs_start_fwmark 2000\n",
	    "\tnftables_ipvs_start_fwmark 2000\n"),
	ROWX(C_GDEFS, "nftables_priority 5\n", "\tnftables_priority 5\n"),
	ROWX(C_GDEFS, "no_checker_emails\n", "\tno_checker_emails yes\n"),
	ROWX(C_GDEFS, "no_email_faults\n", "\tno_email_faults yes\n"),
	ROWX(C_GDEFS, "notification_email {\n a@b.c\n}\n",
	    "\tnotification_email {\n\t\taddress a@b.c\n\t}\n"),
	ROWX(C_GDEFS, "notification_email_from a@b.c\n",
	    "\tnotification_email_from a@b.c\n"),
	ROW(C_GDEFS, "notify_fifo /tmp/kwtest.fifo\n"),
	ROW(C_GDEFS, "notify_fifo_script /bin/true\n"),
	ROWX(C_GDEFS, "process_monitor_rcv_bufs 65536\n",
	    "\tprocess_monitor_rcv_bufs 65536\n"),
	ROWX(C_GDEFS, "process_monitor_rcv_bufs_force\n",
	    "\tprocess_monitor_rcv_bufs_force yes\n"),
	ROWX(C_GDEFS, "process_name pn\n", "\tprocess_name pn\n"),
	ROWX(C_GDEFS, "process_names\n",
	    "\tvrrp_process_name keepalived_vrrp\n"),
	ROW(C_GDEFS, "random_seed 42\n"),
	ROW(C_GDEFS, "reload_check_config\n"),
	ROW(C_GDEFS, "reload_file /tmp/kwtest.reload\n"),
	ROWX(C_GDEFS, "reload_repeat\n", "\treload_repeat yes\n"),
	ROW(C_GDEFS, "reload_time_file /tmp/kwtest.rtf\n"),
	ROWX(C_GDEFS, "router_id LVS_MASTER\n", "\trouter_id LVS_MASTER\n"),
	ROWX(C_GDEFS, "rs_init_notifies\n", "\trs_init_notifies yes\n"),
	ROW(C_GDEFS, "script_user root\n"),
	ROW(C_GDEFS, "shutdown_script /bin/true\n"),
	ROWPX(C_GDEFS, "shutdown_script /bin/true\n",
	    "shutdown_script_timeout 20\n", "\tshutdown_script_timeout 20\n"),
	ROW(C_GDEFS, "smtp_alert\n"),
	ROW(C_GDEFS, "smtp_alert_checker\n"),
	ROW(C_GDEFS, "smtp_alert_vrrp\n"),
	ROWX(C_GDEFS, "smtp_connect_timeout 10\n",
	    "\tsmtp_connect_timeout 10.000000\n"),
	ROWX(C_GDEFS, "smtp_helo_name helo.x\n", "\tsmtp_helo_name helo.x\n"),
	ROWX(C_GDEFS, "smtp_server 192.168.200.1\n",
	    "\tsmtp_server 192.168.200.1 port 25\n"),
	ROW(C_GDEFS, "snmp_socket tcp:localhost:705\n"),
	ROW(C_GDEFS, "startup_script /bin/true\n"),
	ROWPX(C_GDEFS, "startup_script /bin/true\n",
	    "startup_script_timeout 20\n", "\tstartup_script_timeout 20\n"),
	ROW(C_GDEFS, "tmp_config_directory /tmp\n"),
	ROWX(C_GDEFS, "umask 077\n",
	    "\tumask 0077\n"),
	ROW(C_GDEFS, "vmac_addr_prefix 02:ab\n"),
	ROW(C_GDEFS, "vmac_prefix vr\n"),
	ROWX(C_GDEFS, "vrrp_check_unicast_src\n",
	    "\tvrrp_check_unicast_src yes\n"),
	ROW(C_GDEFS, "vrrp_cpu_affinity 1\n"),
	ROWX(C_GDEFS, "vrrp_down_timer_adverts 5\n",
	    "\tvrrp_down_timer_adverts 5\n"),
	ROW(C_GDEFS, "vrrp_garp_extra_if 10\n"),
	ROWX(C_GDEFS, "vrrp_garp_interval 0.001\n",
	    "\tvrrp_garp_interval 0.001000\n"),
	ROW(C_GDEFS, "vrrp_garp_lower_prio_delay 7\n"),
	ROW(C_GDEFS, "vrrp_garp_lower_prio_repeat 7\n"),
	ROWX(C_GDEFS, "vrrp_garp_master_delay 7\n",
	    "\tvrrp_garp_master_delay 7.000000\n"),
	ROWX(C_GDEFS, "vrrp_garp_master_refresh 7\n",
	    "\tvrrp_garp_master_refresh 7.000000\n"),
	ROWX(C_GDEFS, "vrrp_garp_master_refresh_repeat 7\n",
	    "\tvrrp_garp_master_refresh_repeat 7\n"),
	ROWX(C_GDEFS, "vrrp_garp_master_repeat 7\n",
	    "\tvrrp_garp_master_repeat 7\n"),
	ROWX(C_GDEFS, "vrrp_gna_interval 0.001\n",
	    "\tvrrp_gna_interval 0.001000\n"),
	ROWX(C_GDEFS, "vrrp_higher_prio_send_advert\n",
	    "\tvrrp_higher_prio_send_advert yes\n"),
	ROWX(C_GDEFS, "vrrp_iptables\n",
	    "\tnftables keepalived\n"),
	ROWX(C_GDEFS, "vrrp_lower_prio_no_advert\n",
	    "\tvrrp_lower_prio_no_advert yes\n"),
	ROWX(C_GDEFS, "vrrp_mcast_group4 224.0.0.19\n",
	    "\tvrrp_mcast_group4 224.0.0.19\n"),
	ROWX(C_GDEFS, "vrrp_mcast_group6 ff02::13\n",
	    "\tvrrp_mcast_group6 ff02::13\n"),
	ROW(C_GDEFS, "vrrp_min_garp\n"),
	ROWX(C_GDEFS, "vrrp_netlink_cmd_rcv_bufs 65536\n",
	    "\tvrrp_netlink_cmd_rcv_bufs 65536\n"),
	ROWX(C_GDEFS, "vrrp_netlink_cmd_rcv_bufs_force\n",
	    "\tvrrp_netlink_cmd_rcv_bufs_force yes\n"),
	ROWX(C_GDEFS, "vrrp_netlink_monitor_rcv_bufs 65536\n",
	    "\tvrrp_netlink_monitor_rcv_bufs 65536\n"),
	ROWX(C_GDEFS, "vrrp_netlink_monitor_rcv_bufs_force\n",
	    "\tvrrp_netlink_monitor_rcv_bufs_force yes\n"),
	ROWX(C_GDEFS, "vrrp_no_swap\n", "\tvrrp_no_swap yes\n"),
	ROW(C_GDEFS, "vrrp_notify_fifo /tmp/kwtest.fifo\n"),
	ROW(C_GDEFS, "vrrp_notify_fifo_script /bin/true\n"),
	ROWX(C_GDEFS, "vrrp_notify_priority_changes\n",
	    "\tvrrp_notify_priority_changes yes\n"),
	ROWX(C_GDEFS, "vrrp_priority 5\n", "\tvrrp_priority 5\n"),
	ROWX(C_GDEFS, "vrrp_process_name vp\n", "\tvrrp_process_name vp\n"),
	ROWX(C_GDEFS, "vrrp_rlimit_rtime 5000\n",
	    "\tvrrp_rlimit_rttime 5000\n"),
	ROWX(C_GDEFS, "vrrp_rlimit_rttime 5000\n",
	    "\tvrrp_rlimit_rttime 5000\n"),
	ROWX(C_GDEFS, "vrrp_rt_priority 10\n", "\tvrrp_rt_priority 10\n"),
	ROWX(C_GDEFS, "vrrp_rx_bufs_multiplier 5\n",
	    "\tvrrp_rx_bufs_multiplier 5\n"),
	ROW(C_GDEFS, "vrrp_rx_bufs_policy MTU\n"),
	ROWX(C_GDEFS, "vrrp_skip_check_adv_addr\n",
	    "\tvrrp_skip_check_adv_addr yes\n"),
	ROW(C_GDEFS, "vrrp_startup_delay 5\n"),
	ROWX(C_GDEFS, "vrrp_strict\n", "\tvrrp_strict yes\n"),
	ROWX(C_GDEFS, "vrrp_version 3\n", "\tvrrp_version 3\n"),
	ROW(C_GDEFS, "vrrp_vmac_garp_intvl 10\n"),

	/* vrrp_instance */
	/* Without strict mode accept is already the default. */
	ROWPX(C_VI, "strict_mode\nversion 3\n", "accept\n", "\taccept yes\n"),
	ROWX(C_VI, "advert_int 3\n", "\tadvert_int 3.000000\n"),
	ROWX(C_VI, "authentication {\n auth_type PASS\n auth_pass 1111\n}\n",
	    "\tauth_type PASS\n"),
	ROWX(C_VI, "check_unicast_src\n", "\tcheck_unicast_src yes\n"),
	/* keepalived 2.2.7 reads debug and stores nothing. */
	NOOP(C_VI, "debug 2\n"),
	ROWX(C_VI, "dont_track_primary\n", "\tdont_track_primary yes\n"),
	ROWX(C_VI, "down_timer_adverts 5\n", "\tdown_timer_adverts 5\n"),
	ROWX(C_VI, "garp_extra_if 10\n", "\tgarp_extra_if 10\n"),
	ROWX(C_VI, "garp_lower_prio_delay 7\n",
	    "\tgarp_lower_prio_delay 7.000000\n"),
	ROWX(C_VI, "garp_lower_prio_repeat 7\n",
	    "\tgarp_lower_prio_repeat 7\n"),
	ROWX(C_VI, "garp_master_delay 7\n", "\tgarp_master_delay 7.000000\n"),
	ROWX(C_VI, "garp_master_refresh 7\n",
	    "\tgarp_master_refresh 7.000000\n"),
	ROWX(C_VI, "garp_master_refresh_repeat 7\n",
	    "\tgarp_master_refresh_repeat 7\n"),
	ROWX(C_VI, "garp_master_repeat 7\n", "\tgarp_master_repeat 7\n"),
	ROWX(C_VI, "higher_prio_send_advert\n",
	    "\thigher_prio_send_advert yes\n"),
	ROWX(C_VI, "interface eth1\n", "\tinterface eth1\n"),
	ROWX(C_VI, "kernel_rx_buf_size 65536\n",
	    "\tkernel_rx_buf_size 65536\n"),
	ROW(C_VI, "linkbeat_use_polling\n"),
	ROWX(C_VI, "lower_prio_no_advert\n", "\tlower_prio_no_advert yes\n"),
	ROW(C_VI, "lvs_sync_daemon_interface eth0\n"),
	ROWX(C_VI, "mcast_dst_ip 224.0.0.20\n", "\tmcast_dst_ip 224.0.0.20\n"),
	ROWX(C_VI, "mcast_src_ip 10.0.0.1\n", "\tsrc_ip 10.0.0.1\n"),
	/* native_ipv6 forces family inet6 and version 3, which IPv6 VIPs
	 * (required with it) already give: no visible change. */
	NOOP(C_VI6, "native_ipv6\n"),
	ROWP(C_VI, "accept\n", "no_accept\n"),
	ROWX(C_VI, "nopreempt\n", "\tnopreempt yes\n"),
	ROWX(C_VI, "notify /bin/true\n",
	    "\tnotify \"/bin/true\"\n"),
	ROWX(C_VI, "notify_backup /bin/true\n",
	    "\tnotify_backup \"/bin/true\"\n"),
	ROW(C_VI, "notify_deleted\n"),
	ROWX(C_VI, "notify_deleted /bin/true\n",
	    "\tnotify_deleted \"/bin/true\"\n"),
	ROWX(C_VI, "notify_fault /bin/true\n",
	    "\tnotify_fault \"/bin/true\"\n"),
	ROWX(C_VI, "notify_master /bin/true\n",
	    "\tnotify_master \"/bin/true\"\n"),
	ROWX(C_VI, "notify_master_rx_lower_pri /bin/true\n",
	    "\tnotify_master_rx_lower_pri \"/bin/true\"\n"),
	ROWX(C_VI, "notify_priority_changes\n",
	    "\tnotify_priority_changes yes\n"),
	ROWX(C_VI, "notify_stop /bin/true\n",
	    "\tnotify_stop \"/bin/true\"\n"),
	ROWX(C_VI, "old_unicast_checksum\n",
	    "\told_unicast_checksum 1\n"),
	ROWPX(C_VI, "nopreempt\n", "preempt\n", "\tnopreempt no\n"),
	ROWX(C_VI, "preempt_delay 10\n", "\tpreempt_delay 10.000000\n"),
	ROWX(C_VI, "priority 150\n", "\tpriority 150\n"),
	ROWX(C_VIMY, "promote_max_lag 5\n", "\tpromote_max_lag 5\n"),
	ROWX(C_VIMY, "promote_require_caught_up\n",
	    "\tpromote_require_caught_up yes\n"),
	ROWX(C_VI, "promote_script /bin/true\n",
	    "\tpromote_script \"/bin/true\"\n"),
	ROWPX(C_VI, "promote_script /bin/true\n",
	    "promote_script_timeout 3\n",
	    "\tpromote_script_timeout 3.000000\n"),
	ROWX(C_VI, "promote_secondaries\n", "\tpromote_secondaries yes\n"),
	ROWX(C_VI, "skip_check_adv_addr\n", "\tskip_check_adv_addr yes\n"),
	ROWX(C_VI, "smtp_alert\n", "\tsmtp_alert yes\n"),
	ROWX(C_VI, "state MASTER\n", "\tstate MASTER\n"),
	ROWX(C_VI, "strict_mode\n", "\tstrict_mode yes\n"),
	ROWX(C_VI, "track_bfd {\n B\n}\n",
	    "\ttrack_bfd {\n\t\tB default\n\t}\n"),
	ROWX(C_VI, "track_file {\n F\n}\n",
	    "\ttrack_file {\n\t\tF default\n\t}\n"),
	ROWX(C_VI, "track_interface {\n eth1\n}\n",
	    "\ttrack_interface {\n\t\teth1 default\n\t}\n"),
	ROWX(C_VI, "track_process {\n P\n}\n",
	    "\ttrack_process {\n\t\tP default\n\t}\n"),
	ROWX(C_VI, "track_real_server 10.0.0.2 80 weight -20\n",
	    "\ttrack_real_server {\n\t\t10.0.0.2 80 weight -20 matches 1\n"
	    "\t}\n"),
	ROWX(C_VI, "track_script {\n S\n}\n",
	    "\ttrack_script {\n\t\tS default\n\t}\n"),
	ROWPX(C_VI, "mcast_src_ip 10.0.0.1\n", "track_src_ip\n",
	    "\ttrack_src_ip yes\n"),
	ROWPX(C_VI, "unicast_peer {\n 10.0.0.2\n}\n",
	    "unicast_fault_no_peer\n", "\tunicast_fault_no_peer yes\n"),
	ROWX(C_VI, "unicast_peer {\n 10.0.0.2\n}\n",
	    "\tunicast_peer 10.0.0.2\n"),
	ROWX(C_VI, "unicast_src_ip 10.0.0.1\n", "\tsrc_ip 10.0.0.1\n"),
	ROWPX(C_VI, "unicast_peer {\n 10.0.0.2\n}\n", "unicast_ttl 10\n",
	    "\tunicast_ttl 10\n"),
	ROWX(C_VI, "use_ipvlan\n", "\tuse_ipvlan yes\n"),
	ROWX(C_VI, "use_vmac\n", "\tuse_vmac yes\n"),
	ROWPX(C_VI, "use_vmac\n", "use_vmac_addr\n", "\tuse_vmac_addr yes\n"),
	ROWX(C_VI, "version 3\n", "\tversion 3\n"),
	ROWX(C_VI, "virtual_ipaddress {\n 10.0.0.101\n}\n",
	    "\t\taddress 10.0.0.101/32 scope 0\n"),
	ROWX(C_VI, "virtual_ipaddress_excluded {\n 10.0.0.102\n}\n",
	    "\t\taddress 10.0.0.102/32 scope 0\n"),
	ROWX(C_VI, "virtual_router_id 52\n", "\tvirtual_router_id 52\n"),
	ROWX(C_VI, "virtual_routes {\n 10.5.0.0/16 via 10.0.0.254\n}\n",
	    "\t\troute type 1 10.5.0.0/16 via 10.0.0.254 table 254 scope 0 protocol 18 no_track\n"),
	ROWX(C_VI, "virtual_rules {\n from 10.6.0.0/16 table 100\n}\n",
	    "\t\trule inet pref 16384 from 10.6.0.0/16 action 1 table 100 protocol 18\n"),
	ROWX(C_VI, "vmac_garp_intvl 10\n", "\tgarp_extra_if 10\n"),
	ROWPX(C_VI, "use_vmac\n", "vmac_xmit_base\n", "\tvmac_xmit_base yes\n"),
	ROWX(C_VI, "vrf vrf0\n", "\tvrf vrf0\n"),

	/* authentication */
	ROWPX(C_AUTH, "auth_pass 1111\n", "auth_type PASS\n",
	    "\tauth_type PASS\n"),
	ROWPX(C_AUTH, "auth_type PASS\n", "auth_pass 1111\n",
	    "\tauth_pass 1111\n"),

	/* vrrp_script */
	ROW(C_SCRIPT, "fall 3\n"),
	ROW(C_SCRIPT, "init_fail\n"),
	ROW(C_SCRIPT, "interval 5\n"),
	ROW(C_SCRIPT, "rise 3\n"),
	ROW(C_SCRIPT, "script /bin/false\n"),
	ROW(C_SCRIPT, "timeout 5\n"),
	ROW(C_SCRIPT, "user root\n"),
	ROW(C_SCRIPT, "weight 10\n"),

	/* vrrp_sync_group */
	ROW(C_SYNC, "global_tracking\n"),
	ROW(C_SYNC0, "group {\n VI_1\n VI_2\n}\n"),
	ROW(C_SYNC, "notify /bin/true\n"),
	ROW(C_SYNC, "notify_backup /bin/true\n"),
	ROW(C_SYNC, "notify_fault /bin/true\n"),
	ROW(C_SYNC, "notify_master /bin/true\n"),
	ROW(C_SYNC, "notify_priority_changes\n"),
	ROW(C_SYNC, "notify_stop /bin/true\n"),
	ROW(C_SYNC, "smtp_alert\n"),
	ROW(C_SYNC, "sync_group_tracking_weight\n"),
	ROW(C_SYNC, "track_bfd {\n B\n}\n"),
	ROW(C_SYNC, "track_file {\n F\n}\n"),
	ROW(C_SYNC, "track_interface {\n eth1\n}\n"),
	ROW(C_SYNC, "track_process {\n P\n}\n"),
	ROW(C_SYNC, "track_script {\n S\n}\n"),

	/* track_file */
	ROW(C_TFILE0, "file /tmp/kwtest.other\n"),
	ROW(C_TFILE, "init_file\n"),
	ROW(C_TFILE, "weight 5\n"),

	/* vrrp_track_process */
	ROW(C_TPROC, "delay 5\n"),
	ROW(C_TPROC, "fork_delay 5\n"),
	ROW(C_TPROC, "full_command\n"),
	ROWP(C_TPROC, "process foo bar\n", "param_match partial\n"),
	/* a second process line is ignored, as keepalived ignores it */
	NOOP(C_TPROC, "process bar\n"),
	ROW(C_TPROC, "quorum 2\n"),
	ROW(C_TPROC, "quorum_max 3\n"),
	ROW(C_TPROC, "terminate_delay 5\n"),
	ROW(C_TPROC, "weight 5\n"),

	/* bfd_instance */
	ROW(C_BFD, "checker\n"),
	ROW(C_BFD, "hoplimit 10\n"),
	ROW(C_BFD, "idle_tx 500\n"),
	ROW(C_BFD, "max_hops 5\n"),
	ROW(C_BFD, "min_rx 20\n"),
	ROW(C_BFD, "min_tx 20\n"),
	ROW(C_BFD, "multiplier 3\n"),
	ROW(C_BFD, "neighbor_ip 10.0.0.8\n"),
	ROW(C_BFD, "neighbour_ip 10.0.0.8\n"),
	ROW(C_BFD, "passive\n"),
	ROW(C_BFD, "source_ip 10.0.0.1\n"),
	ROW(C_BFD, "ttl 10\n"),
	ROW(C_BFD, "vrrp\n"),
	ROW(C_BFD, "weight 5\n"),

	/* garp_group */
	ROW(C_GARP, "garp_interval 1\n"),
	ROW(C_GARP, "gna_interval 1\n"),
	ROW(C_GARP0, "interface eth0\n"),
	ROW(C_GARP0, "interfaces {\n eth0\n}\n"),

	/* track_group */
	ROW(C_TGROUP0, "group {\n VI_1\n}\n"),

	/* SSL */
	ROW(C_SSL, "ca /tmp/kwtest.ca\n"),
	ROW(C_SSL, "certificate /tmp/kwtest.crt\n"),
	ROW(C_SSL, "key /tmp/kwtest.key\n"),
	ROW(C_SSL, "password secret\n"),

	/* virtual_server */
	ROWX(C_VS, "alpha\n", "\talpha yes\n"),
	ROWX(C_VS, "connect_timeout 7\n", "\tconnect_timeout 7.000000\n"),
	ROWX(C_VS, "delay_before_retry 7\n",
	    "\tdelay_before_retry 7.000000\n"),
	ROWX(C_VS, "delay_loop 7\n", "\tdelay_loop 7.000000\n"),
	ROWP(C_VS, "lb_algo sh\n", "flag-1\n"),
	ROWP(C_VS, "lb_algo sh\n", "flag-2\n"),
	ROWP(C_VS, "lb_algo sh\n", "flag-3\n"),
	ROWX(C_VS, "ha_suspend\n", "\tha_suspend yes\n"),
	/* keepalived's lbflags_handler sets no flag for hashed (with sh
	 * or mh; with other schedulers it only reports an error). */
	{ C_VS, "lb_algo sh\n", "hashed\n", NULL, R_NOOP },
	ROWPX(C_VS, "quorum 5\n", "hysteresis 2\n", "\thysteresis 2\n"),
	ROWX(C_VS, "inhibit_on_failure\n", "\tinhibit_on_failure yes\n"),
	ROWX(C_VSFW, "ip_family inet6\n", "\tip_family inet6\n"),
	ROWX(C_VS, "lb_algo wrr\n", "\tlb_algo wrr\n"),
	ROWX(C_VS, "lb_kind DR\n", "\tlb_kind DR\n"),
	ROWX(C_VS, "lvs_method TUN\n", "\tlb_kind TUN type ipip nocsum\n"),
	ROWX(C_VS, "lvs_sched wrr\n", "\tlb_algo wrr\n"),
	ROWP(C_VS, "lb_algo mh\n", "mh-fallback\n"),
	ROWP(C_VS, "lb_algo mh\n", "mh-port\n"),
	ROWX(C_VS, "omega\n", "\tomega yes\n"),
	ROWP(C_VS, "protocol UDP\n", "ops\n"),
	ROWX(C_VS, "persistence_engine sip\n", "\tpersistence_engine sip\n"),
	ROWX(C_VS, "persistence_granularity 255.255.255.0\n",
	    "\tpersistence_timeout 360\n"),
	ROWX(C_VS, "persistence_timeout 50\n", "\tpersistence_timeout 50\n"),
	ROWX(C_VS, "protocol UDP\n", "\tprotocol UDP\n"),
	ROWX(C_VS, "quorum 5\n", "\tquorum 5\n"),
	ROWX(C_VS, "quorum_down /bin/true\n",
	    "\tquorum_down \"/bin/true\"\n"),
	ROWX(C_VS, "quorum_up /bin/true\n",
	    "\tquorum_up \"/bin/true\"\n"),
	ROWX(C_VS, "real_server 10.0.0.3 80 {\n}\n",
	    "\treal_server 10.0.0.3 80 {\n"),
	ROWX(C_VS, "retry 3\n", "\tretry 3\n"),
	ROWP(C_VS, "lb_algo sh\n", "sh-fallback\n"),
	ROWP(C_VS, "lb_algo sh\n", "sh-port\n"),
	ROWX(C_VS, "smtp_alert\n", "\tsmtp_alert 1\n"),
	ROWX(C_VS, "snmp_name vsname\n", "\tsnmp_name vsname\n"),
	ROWX(C_VS, "sorry_server 10.0.0.9 80\n",
	    "\tsorry_server 10.0.0.9 80 {\n"),
	ROWPX(C_VS, "sorry_server 10.0.0.9 80\n", "sorry_server_inhibit\n",
	    "\tsorry_server 10.0.0.9 80 {\n\t\tlvs_method NAT\n\t\tweight 1\n"
	    "\t\tinhibit_on_failure 1\n"),
	ROWPX(C_VS, "sorry_server 10.0.0.9 80\n",
	    "sorry_server_lvs_method DR\n",
	    "\tsorry_server 10.0.0.9 80 {\n\t\tlvs_method DR\n"),
	ROWX(C_VS, "virtualhost www.x\n", "\tvirtualhost www.x\n"),
	ROWX(C_VS, "warmup 7\n", "\twarmup 7.000000\n"),
	ROWX(C_VS, "weight 5\n", "\tweight 5\n"),

	/* real_server */
	ROW(C_RS, "BFD_CHECK {\n name B\n}\n"),
	ROW(C_RS, "DNS_CHECK {\n}\n"),
	ROWX(C_RS, "FILE_CHECK {\n track_file F\n}\n",
	    "\t\t\tweight 1\n"),
	ROW(C_RS, "HTTP_GET {\n url {\n path /\n }\n}\n"),
	ROW(C_RS, "MISC_CHECK {\n misc_path /bin/true\n}\n"),
	ROWX(C_RS, "MYSQL_CHECK {\n user u\n}\n", "\t\t\tconnect_port 80\n"),
	ROW(C_RS, "PING_CHECK {\n}\n"),
	ROW(C_RS, "SMTP_CHECK {\n}\n"),
	ROW(C_RS, "SSL_GET {\n url {\n path /\n }\n}\n"),
	ROWX(C_RS, "TCP_CHECK {\n}\n",
	    "\t\tTCP_CHECK {\n\t\t\talpha 0\n\t\t\tlog_all_failures no\n\t\t\tretry 1\n\t\t\tdelay_loop 60.000000\n\t\t\twarmup 60.000000\n\t\t\tdelay_before_retry 1.000000\n\t\t\tconnect_ip 10.0.0.2\n\t\t\tconnect_port 80\n"),
	ROWX(C_RS, "UDP_CHECK {\n}\n",
	    "\t\t\tmax_reply_length 255\n"),
	ROWX(C_RS, "alpha\n", "\t\talpha 1\n"),
	ROWX(C_RS, "connect_timeout 7\n", "\t\tconnect_timeout 7.000000\n"),
	ROWX(C_RS, "delay_before_retry 7\n",
	    "\t\tdelay_before_retry 7.000000\n"),
	ROWX(C_RS, "delay_loop 7\n", "\t\tdelay_loop 7.000000\n"),
	ROWX(C_RS, "inhibit_on_failure\n", "\t\tinhibit_on_failure 1\n"),
	ROWX(C_RS, "lthreshold 5\n", "\t\tlthreshold 5\n"),
	ROWX(C_RS, "lvs_method DR\n", "\t\tlvs_method DR\n"),
	ROWX(C_RS, "notify_down /bin/true\n",
	    "\t\tnotify_down \"/bin/true\"\n"),
	ROWX(C_RS, "notify_up /bin/true\n",
	    "\t\tnotify_up \"/bin/true\"\n"),
	ROWX(C_RS, "retry 3\n", "\t\tretry 3\n"),
	ROWX(C_RS, "smtp_alert off\n", "\t\tsmtp_alert 0\n"),
	ROWX(C_RS, "snmp_name rsname\n", "\t\tsnmp_name rsname\n"),
	ROWX(C_RS, "uthreshold 10\n", "\t\tuthreshold 10\n"),
	ROWX(C_RS, "virtualhost www.x\n", "\t\tvirtualhost www.x\n"),
	ROWX(C_RS, "warmup 7\n", "\t\twarmup 7.000000\n"),
	ROWX(C_RS, "weight 5\n", "\t\tweight 5\n"),

	/* checker-specific keywords (the common ones: common_rows) */
	ROW(C_BFDCHK, "name B2\n"),
	ROW(C_DNS, "name www.example.com\n"),
	ROW(C_DNS, "type A\n"),
	ROW(C_FILE, "track_file G\n"),
	ROW(C_FILE, "weight 5\n"),
	ROW(C_HTTP, "enable_sni\n"),
	ROW(C_HTTP, "fast_recovery\n"),
	ROW(C_HTTP, "http_protocol 1.1\n"),
	ROW(C_HTTP, "url {\n path /two\n}\n"),
	ROW(C_HTTP, "virtualhost www.x\n"),
	ROW(C_SSLGET, "enable_sni\n"),
	ROW(C_SSLGET, "fast_recovery\n"),
	ROW(C_SSLGET, "http_protocol 1.1\n"),
	ROW(C_SSLGET, "url {\n path /two\n}\n"),
	ROW(C_SSLGET, "virtualhost www.x\n"),
	ROW(C_MISC, "misc_dynamic\n"),
	ROW(C_MISC, "misc_path /bin/false\n"),
	ROW(C_MISC, "misc_timeout 5\n"),
	ROW(C_MISC, "user root\n"),
	ROW(C_SMTP, "helo_name helo.x\n"),
	ROW(C_SMTP, "host {\n connect_ip 10.0.0.3\n}\n"),
	ROW(C_UDP, "max_reply_length 100\n"),
	ROW(C_UDP, "min_reply_length 5\n"),
	ROW(C_UDP, "payload 0102\n"),
	ROW(C_UDP, "require_reply\n"),
	ROWX(C_MYSQL, "database db\n", "\t\t\tdatabase db\n"),
	ROWPX(C_MYSQL, "query SELECT 1\n", "expect 1\n",
	    "\t\t\texpect 1\n"),
	ROWX(C_MYSQL, "option_file /x.cnf\n", "\t\t\toption_group client\n"),
	ROWX(C_MYSQL, "password pw\n", "\t\t\tpassword (hidden)\n"),
	ROWX(C_MYSQL, "query SELECT 1\n", "\t\t\tquery \"SELECT 1\"\n"),
	ROWX(C_MYSQL, "read_only on\n", "\t\t\tread_only on\n"),
	ROWX(C_MYSQL, "replication {\n}\n", "\t\t\treplication {\n"),
	ROWX(C_MYSQL, "user v\n", "\t\t\tuser v\n"),
	ROWX(C_MYSQLREPL, "io_running\n", "\t\t\t\tio_running yes\n"),
	ROWX(C_MYSQLREPL, "max_lag 5\n", "\t\t\t\tmax_lag 5\n"),
	ROWX(C_MYSQLREPL, "sql_running\n", "\t\t\t\tsql_running yes\n"),

	/* url */
	ROW(C_URL, "digest 0123456789abcdef0123456789abcdef\n"),
	ROW(C_URL, "path /x\n"),
	ROW(C_URL, "regex foo\n"),
	ROWP(C_URL, "regex foo\n", "regex_max_offset 10\n"),
	ROWP(C_URL, "regex foo\n", "regex_min_offset 2\n"),
	ROWP(C_URL, "regex foo\n", "regex_no_match\n"),
	ROWP(C_URL, "regex foo\n", "regex_options caseless\n"),
	ROWP(C_URL, "regex foo\n", "regex_stack 100 200\n"),
	ROW(C_URL, "status_code 404\n"),
	ROW(C_URL, "virtualhost www.x\n"),
};

/*
 * The connection and scheduling keywords shared by the checkers: one row
 * each, run in every checker context (and host) whose table has it.
 */
static const struct row common_rows[] = {
	ROW(0, "alpha\n"),
	ROW(0, "bind_if eth0\n"),
	ROW(0, "bind_port 1234\n"),
	ROW(0, "bindto 10.0.0.1\n"),
	ROW(0, "connect_ip 10.0.0.7\n"),
	ROW(0, "connect_port 81\n"),
	ROW(0, "connect_timeout 7\n"),
	ROW(0, "delay_before_retry 7\n"),
	ROW(0, "delay_loop 7\n"),
	ROW(0, "fwmark 5\n"),
	ROW(0, "log_all_failures\n"),
	ROW(0, "nb_get_retry 4\n"),
	ROW(0, "retry 4\n"),
	ROW(0, "warmup 7\n"),
};

static const enum ctx checker_ctxs[] = {
	C_TCP, C_HTTP, C_SSLGET, C_MISC, C_SMTP, C_DNS, C_UDP, C_PING,
	C_FILE, C_BFDCHK, C_MYSQL, C_HOST,
};

/* Exact dump lines for TCP_CHECK (the seed configs' checker). */
static const struct {
	const char	*text;
	const char	*expect;
} tcp_expect[] = {
	{ "alpha\n", "\t\t\talpha 1\n" },
	{ "bind_if eth0\n", "\t\t\tbind_if eth0\n" },
	{ "bind_port 1234\n", "\t\t\tbind_port 1234\n" },
	{ "bindto 10.0.0.1\n", "\t\t\tbindto 10.0.0.1\n" },
	{ "connect_ip 10.0.0.7\n", "\t\t\tconnect_ip 10.0.0.7\n" },
	{ "connect_port 81\n", "\t\t\tconnect_port 81\n" },
	{ "connect_timeout 7\n", "\t\t\tconnect_timeout 7.000000\n" },
	{ "delay_before_retry 7\n", "\t\t\tdelay_before_retry 7.000000\n" },
	{ "delay_loop 7\n", "\t\t\tdelay_loop 7.000000\n" },
	{ "fwmark 5\n", "\t\t\tfwmark 5\n" },
	{ "log_all_failures\n", "\t\t\tlog_all_failures yes\n" },
	{ "nb_get_retry 4\n", "\t\t\tretry 4\n" },
	{ "retry 4\n", "\t\t\tretry 4\n" },
	{ "warmup 7\n", "\t\t\twarmup 7.000000\n" },
};

#define MAX_ROWS	1024
static struct row rows[MAX_ROWS];
static size_t nrows;

static const char *
tcp_line(const char *text)
{
	size_t i;

	for (i = 0; i < sizeof(tcp_expect) / sizeof(tcp_expect[0]); i++)
		if (!strcmp(tcp_expect[i].text, text))
			return tcp_expect[i].expect;
	return NULL;
}

/* The static rows, then the common rows for each checker that has them. */
static void
build_rows(void)
{
	const struct cfg_block *b;
	size_t i, j;
	char kw[64];

	for (i = 0; i < sizeof(static_rows) / sizeof(static_rows[0]); i++)
		rows[nrows++] = static_rows[i];
	for (i = 0; i < sizeof(checker_ctxs) / sizeof(checker_ctxs[0]); i++) {
		b = block_named(ctxs[checker_ctxs[i]].block);
		if (b == NULL)
			continue;
		for (j = 0; j < sizeof(common_rows) / sizeof(common_rows[0]);
		    j++) {
			sscanf(common_rows[j].text, "%63s", kw);
			if (cfg_block_find(b, kw) == NULL)
				continue;
			if (nrows >= MAX_ROWS)
				abort();
			rows[nrows] = common_rows[j];
			rows[nrows].ctx = checker_ctxs[i];
			if (checker_ctxs[i] == C_TCP)
				rows[nrows].expect = tcp_line(common_rows[j].text);
			nrows++;
		}
	}
}

static void
row_kw(const struct row *r, char *kw, size_t len)
{
	size_t n = strcspn(r->text, " \t\n");

	if (n >= len)
		n = len - 1;
	memcpy(kw, r->text, n);
	kw[n] = '\0';
}

/* --- parse and dump ------------------------------------------------------- */

static char *
config_text(enum ctx c, const char *pre, const char *text)
{
	char *lines, *out;

	if (asprintf(&lines, "%s%s", pre, text) < 0)
		abort();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (asprintf(&out, ctxs[c].fmt, lines) < 0)
		abort();
#pragma GCC diagnostic pop
	free(lines);
	return out;
}

/* Parse text and return its dump (malloc'd), or NULL when no conf. */
static char *
parse_dump(const char *text, struct unit_diags *u)
{
	struct conf *c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	c = unit_parse(text, u, NULL);
	if (c == NULL)
		return NULL;
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	conf_dump(c, f);
	fclose(f);
	conf_free(c);
	return buf;
}

static void
print_diff(const char *a, const char *b)
{
	FILE *fa = fopen("/tmp/kwtest.a", "w"), *fb = fopen("/tmp/kwtest.b",
	    "w");

	if (fa == NULL || fb == NULL)
		return;
	fputs(a, fa);
	fputs(b, fb);
	fclose(fa);
	fclose(fb);
	if (system("diff /tmp/kwtest.a /tmp/kwtest.b >&2") == -1)
		return;
}

START_TEST(test_row_lands)
{
	const struct row *r = &rows[_i];
	static struct unit_diags ub, ut;
	char *base, *test, *db, *dt;
	char kw[64];
	bool base_ok, test_ok, changed, has_line;
	int k;

	row_kw(r, kw, sizeof(kw));
	base = config_text(r->ctx, r->pre, "");
	test = config_text(r->ctx, r->pre, r->text);
	db = parse_dump(base, &ub);
	dt = parse_dump(test, &ut);
	if (getenv("KWTEST_VERBOSE") != NULL) {
		fprintf(stderr, "=== %s %s\n", ctxs[r->ctx].block, kw);
		for (k = 0; k < ut.n; k++)
			fprintf(stderr, "  diag %u: %s\n", ut.line[k],
			    ut.msg[k]);
		if (db != NULL && dt != NULL)
			print_diff(db, dt);
	}
	/* Decide, free, then assert: a failure leaks nothing. */
	base_ok = db != NULL;
	test_ok = dt != NULL;
	changed = base_ok && test_ok && strcmp(db, dt) != 0;
	has_line = test_ok && r->expect != NULL && strstr(dt, r->expect);
	free(db);
	free(dt);
	free(base);
	free(test);
	ck_assert_msg(base_ok, "%s %s: base config rejected: %s",
	    ctxs[r->ctx].block, kw, ub.n ? ub.msg[0] : "");
	ck_assert_msg(test_ok, "%s %s: config rejected: %s",
	    ctxs[r->ctx].block, kw, ut.n ? ut.msg[ut.n - 1] : "");
	k = unit_find(&ut, 0, "Unknown keyword");
	ck_assert_msg(k < 0, "%s %s: %s", ctxs[r->ctx].block, kw,
	    k >= 0 ? ut.msg[k] : "");
	if (r->kind == R_LANDS)
		ck_assert_msg(changed, "%s %s: the model dump did not change",
		    ctxs[r->ctx].block, kw);
	if (r->expect != NULL)
		ck_assert_msg(has_line, "%s %s: no dump line \"%s\"",
		    ctxs[r->ctx].block, kw, r->expect);
}
END_TEST

/* Every row names a keyword of its block. */
START_TEST(test_rows_are_keywords)
{
	const struct cfg_block *b;
	char kw[64];
	size_t i;

	for (i = 0; i < nrows; i++) {
		b = block_named(ctxs[rows[i].ctx].block);
		ck_assert_ptr_nonnull(b);
		row_kw(&rows[i], kw, sizeof(kw));
		ck_assert_msg(cfg_block_find(b, kw) != NULL,
		    "row %zu: '%s' is not a keyword of %s", i, kw, b->name);
	}
}
END_TEST

/* Every keyword of every table has a row. */
START_TEST(test_rows_cover_tables)
{
	const struct walk *w = walk_all();
	char kw[64];
	size_t i, j, missing = 0;

	for (i = 0; i < w->nkw; i++) {
		for (j = 0; j < nrows; j++) {
			row_kw(&rows[j], kw, sizeof(kw));
			if (!strcmp(ctxs[rows[j].ctx].block, w->kw[i].block->name)
			    && !strcmp(kw, w->kw[i].name))
				break;
		}
		if (j == nrows) {
			fprintf(stderr, "no row for %s %s\n",
			    w->kw[i].block->name, w->kw[i].name);
			missing++;
		}
	}
	ck_assert_msg(missing == 0, "%zu keywords without a row", missing);
}
END_TEST

/* keepalived warns at the line; checked with keepalived -t 2.2.7. */
START_TEST(test_vi_linkbeat_deprecated)
{
	struct unit_diags u;
	struct conf *c = unit_parse(VI_1 " linkbeat_use_polling\n}\n", &u,
	    NULL);

	conf_free(c);
	ck_assert_diag(&u, 8, "(VI_1) 'linkbeat_use_polling' in vrrp "
	    "instance deprecated - use linkbeat_interfaces block");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kw_all");
	TCase *tc = tcase_create("tables");
	TCase *tr = tcase_create("rows");

	build_rows();
	tcase_add_test(tc, test_tables_sorted);
	tcase_add_test(tc, test_walk_finds_blocks);
	tcase_add_test(tc, test_rows_are_keywords);
	tcase_add_test(tc, test_rows_cover_tables);
	tcase_add_test(tc, test_vi_linkbeat_deprecated);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tr, test_row_lands, 0, (int)nrows);
	tcase_set_timeout(tr, 60);
	suite_add_tcase(s, tr);
	return unit_run(&s, 1);
}
