/*
 * conf_check: checker-side configuration (virtual_server_group,
 * virtual_server, real_server, sorry_server, the health checkers and the
 * SSL block), as keepalived 2.2.7's checker process sees it after its
 * post-parse validation (check_data.c validate_check_config).
 *
 * Timers are in µs.  After check_conf_validate every inherited value is
 * effective: real servers carry their virtual server's values where they
 * set none, checkers their real server's, and the per-checker defaults
 * (retry, delay_before_retry, warmup) are applied.
 */
#ifndef VIGIL_CONF_CHECK_H
#define VIGIL_CONF_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#include "addr.h"
#include "engine.h"

struct script_conf;

#define CHECK_UNSET_U	UINT32_MAX	/* unsigned not given */
#define CHECK_UNSET_T	UINT64_MAX	/* timer not given */
#define CHECK_SCHED_LEN	16

/* IPVS forwarding method of a virtual, real or sorry server. */
enum check_fwd {
	CHECK_FWD_UNSET,
	CHECK_FWD_NAT,
	CHECK_FWD_DR,
	CHECK_FWD_TUN
};

enum check_tun_type {
	CHECK_TUN_IPIP,
	CHECK_TUN_GUE,
	CHECK_TUN_GRE
};

enum check_tun_csum {
	CHECK_CSUM_NONE,
	CHECK_CSUM_CSUM,
	CHECK_CSUM_REMCSUM
};

struct check_fwd_conf {
	enum check_fwd		 method;
	enum check_tun_type	 tun_type;
	unsigned		 tun_port;	/* gue only */
	enum check_tun_csum	 tun_csum;
};

/* One line of a virtual_server_group. */
struct check_vsg_entry {
	STAILQ_ENTRY(check_vsg_entry) next;
	bool		 is_fwmark;
	uint32_t	 fwmark;
	int		 fwm_family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	struct addr	 start, end;	/* end == start for a single address */
	unsigned	 port;		/* 0: none */
	struct cfg_loc	 loc;
};

struct check_vsg {
	STAILQ_ENTRY(check_vsg) next;
	char		*name;
	STAILQ_HEAD(, check_vsg_entry) addrs;	/* address ranges */
	STAILQ_HEAD(, check_vsg_entry) fwmarks;
	bool		 have_ipv4, have_ipv6, fwmark_no_family;
	struct cfg_loc	 loc;
};

enum check_type {
	CHECK_TCP,
	CHECK_HTTP,
	CHECK_SSL,
	CHECK_MISC,
	CHECK_SMTP,
	CHECK_DNS,
	CHECK_UDP,
	CHECK_PING,
	CHECK_FILE,
	CHECK_BFD,
	CHECK_MYSQL,		/* Vigil extension */
	CHECK_TYPE_MAX
};

/* Connection options (connect_ip ... fwmark). */
struct check_conn {
	struct addr	 dst;		/* default: the real server */
	unsigned	 dst_port;	/* default: the real server's */
	struct addr	 bindto;
	unsigned	 bind_port;	/* 0: none */
	char		*bind_if;
	uint64_t	 connect_timeout;	/* default: real server's */
	uint32_t	 fwmark;
	struct cfg_loc	 loc;
};

enum check_http_proto {
	CHECK_HTTP_1_0,
	CHECK_HTTP_1_0C,
	CHECK_HTTP_1_1
};

struct check_url {
	STAILQ_ENTRY(check_url) next;
	char		*path;
	uint8_t		 digest[16];
	bool		 has_digest;
	uint8_t		 status[(599 - 100 + 1 + 7) / 8];	/* bit per code */
	char		*virtualhost;
	char		*regex;
	unsigned	 regex_options;	/* bits of check_regex_option_names */
	bool		 regex_no_match;
	uint64_t	 regex_min_offset, regex_max_offset;	/* max+1; 0 none */
	bool		 regex_stack;
	uint64_t	 regex_stack_start, regex_stack_max;
	struct cfg_loc	 loc;
};

struct check_http {
	enum check_http_proto	 http_protocol;
	char			*virtualhost;
	bool			 enable_sni;
	bool			 fast_recovery;
	STAILQ_HEAD(, check_url) urls;
};

struct check_misc {
	struct script_conf	*path;
	uint64_t		 timeout;	/* µs; 0: delay_loop */
	bool			 dynamic;
	char			*user, *group;
};

struct check_smtp {
	char			*helo_name;	/* host { } blocks become
						 * further SMTP checkers */
};

struct check_dns {
	char		*type;		/* "SOA" by default */
	char		*name;		/* "." by default */
};

struct check_udp {
	uint8_t		*payload;
	unsigned	 payload_len;
	bool		 require_reply;
	uint8_t		*reply;
	unsigned	 reply_len;
	uint8_t		*reply_mask;
	unsigned	 min_reply_len, max_reply_len;
};

struct check_file {
	char		*track_file;
	int		 weight;
	bool		 weight_set;
	bool		 reverse;
};

struct check_bfd {
	char		*name;
};

/* MYSQL_CHECK read_only: the @@global.read_only the server must have. */
enum check_mysql_ro {
	CHECK_MYSQL_RO_ANY,
	CHECK_MYSQL_RO_OFF,
	CHECK_MYSQL_RO_ON
};

/*
 * MYSQL_CHECK (Vigil): log in, optionally run a query and compare the
 * first column of its first row, check @@read_only and the replica's
 * threads and lag.  Strings are NULL when not given.
 */
struct check_mysql {
	char			*user;
	char			*password;
	char			*option_file;	/* MYSQL_READ_DEFAULT_FILE */
	char			*option_group;	/* "client" with option_file */
	char			*database;
	char			*query;
	char			*expect;	/* needs query */
	enum check_mysql_ro	 read_only;
	bool			 replication;	/* replication { } given */
	bool			 io_running;	/* Slave_IO_Running: Yes */
	bool			 sql_running;	/* Slave_SQL_Running: Yes */
	uint32_t		 max_lag;	/* s; CHECK_UNSET_U: none */
};

struct check_rs;

struct check_conf {
	STAILQ_ENTRY(check_conf) next;
	enum check_type		 type;
	struct check_rs		*rs;
	struct cfg_loc		 loc;
	bool			 dropped;	/* removed at its '}' */

	int			 alpha;		/* -1 until inherited */
	bool			 log_all_failures;
	uint32_t		 retry;
	uint64_t		 delay_loop;
	uint64_t		 warmup;
	uint64_t		 delay_before_retry;
	bool			 has_conn;	/* MISC, FILE, BFD have none */
	struct check_conn	 conn;

	union {
		struct check_http	http;
		struct check_misc	misc;
		struct check_smtp	smtp;
		struct check_dns	dns;
		struct check_udp	udp;
		struct check_file	file;
		struct check_bfd	bfd;
		struct check_mysql	mysql;
	} u;
};

STAILQ_HEAD(check_conf_list, check_conf);

struct check_vs;

/* A real server or a sorry server. */
struct check_rs {
	STAILQ_ENTRY(check_rs) next;
	struct check_vs		*vs;
	struct addr		 addr;
	unsigned		 port;		/* 0: none */
	struct cfg_loc		 loc;
	struct check_fwd_conf	 fwd;
	int64_t			 weight;	/* INT64_MAX until inherited */
	int			 alpha;		/* -1 until inherited */
	int			 inhibit;	/* -1 until inherited */
	int			 smtp_alert;	/* -1 until defaulted */
	uint32_t		 retry;
	uint64_t		 connect_timeout;
	uint64_t		 delay_loop;
	uint64_t		 warmup;
	uint64_t		 delay_before_retry;
	uint32_t		 uthreshold, lthreshold;
	struct script_conf	*notify_up, *notify_down;
	char			*virtualhost;
	char			*snmp_name;
	struct check_conf_list	 checkers;
};

STAILQ_HEAD(check_rs_list, check_rs);

enum check_vs_kind {
	CHECK_VS_ADDR,
	CHECK_VS_FWMARK,
	CHECK_VS_GROUP
};

/* IPVS service flags, as the keywords that set them. */
#define CHECK_VS_F_HASHED	0x01
#define CHECK_VS_F_OPS		0x02
#define CHECK_VS_F_FLAG1	0x04
#define CHECK_VS_F_FLAG2	0x08
#define CHECK_VS_F_FLAG3	0x10
#define CHECK_VS_F_SH_PORT	0x20
#define CHECK_VS_F_SH_FALLBACK	0x40
#define CHECK_VS_F_MH_PORT	0x80
#define CHECK_VS_F_MH_FALLBACK	0x100

struct check_vs {
	STAILQ_ENTRY(check_vs) next;
	enum check_vs_kind	 kind;
	struct addr		 addr;
	unsigned		 port;		/* 0: none */
	uint32_t		 fwmark;
	char			*group;		/* virtual_server group NAME */
	struct check_vsg	*vsg;		/* resolved group */
	int			 af;		/* AF_UNSPEC until known */
	struct cfg_loc		 loc;

	char			 sched[CHECK_SCHED_LEN];	/* "" until set */
	unsigned		 flags;		/* CHECK_VS_F_* */
	struct check_fwd_conf	 fwd;
	uint32_t		 persistence_timeout;	/* 0: none */
	bool			 has_granularity;
	uint32_t		 persistence_granularity;	/* v4 mask, v6 len */
	char			*persistence_engine;
	int			 protocol;	/* IPPROTO_*, 0: none */
	bool			 ha_suspend;
	bool			 alpha, omega;
	uint32_t		 quorum, hysteresis;
	struct script_conf	*quorum_up, *quorum_down;
	int			 smtp_alert;	/* -1 until defaulted */
	char			*virtualhost;
	char			*snmp_name;
	uint32_t		 weight;
	uint32_t		 retry;		/* CHECK_UNSET_U: none */
	uint64_t		 delay_before_retry;	/* CHECK_UNSET_T: none */
	uint64_t		 warmup;		/* CHECK_UNSET_T: none */
	uint64_t		 connect_timeout;
	uint64_t		 delay_loop;
	bool			 inhibit;
	struct check_rs		*sorry;
	bool			 sorry_inhibit;
	bool			 sorry_duplicates_rs;
	struct check_rs_list	 rs;
};

struct check_ssl_conf {
	char		*password;
	char		*ca;
	char		*certificate;
	char		*key;
};

struct check_conf_set {
	STAILQ_HEAD(, check_vsg) vsgs;
	STAILQ_HEAD(, check_vs)	 vss;
	struct check_ssl_conf	*ssl;		/* NULL: no SSL block */
	bool			 ssl_required;	/* an SSL_GET exists */
	unsigned		 nvs;		/* virtual servers kept */
	unsigned		 nvs_parsed;	/* virtual_server blocks read:
						 * keepalived starts its checker
						 * process for any */
	struct check_vsg	*cur_vsg;	/* group being read */
};

/* Name of a checker type as its keyword ("TCP_CHECK"). */
const char	*check_type_name(enum check_type);
/* keepalived's FMT_VS text: "[ip]:tcp:80", "FWM 1", "[group]:0". */
const char	*check_vs_str(const struct check_vs *, char *, size_t);
/* keepalived's FMT_RS text: "[ip]:tcp:80" with the VS protocol. */
const char	*check_rs_str(const struct check_rs *, char *, size_t);
/* Names of the regex_options words, indexed by bit. */
extern const char *const check_regex_option_names[];

/* --- internal to parser/kw_check*.c ------------------------------- */

/* The checker blocks, for table tests. */
extern const struct cfg_block *const check_checker_blocks[];
extern const size_t check_checker_blocks_n;
/* Blocks of the server side, for table tests. */
extern const struct cfg_block *const check_server_blocks[];
extern const size_t check_server_blocks_n;
/* Opens any checker block; the object of real_server { } is the rs. */
void		 check_h_checker(struct cfg_parse *, const struct cfg_kw *,
		    const struct cfg_stmt *);
extern const struct cfg_block check_blk_tcp, check_blk_http, check_blk_ssl,
		    check_blk_misc, check_blk_smtp, check_blk_dns, check_blk_udp,
		    check_blk_ping, check_blk_file, check_blk_bfd,
		    check_blk_mysql;
/* Inheritance from real server to checker, after parse. */
void		 check_conf_inherit(struct check_conf *);
void		 check_checker_dump(const struct check_conf *, FILE *, int);

#endif
