/*
 * cli: keepalived 2.2.7's command line.
 *
 * cli_parse() scans argv with getopt_long exactly as keepalived's
 * parse_cmdline() does (same short string, long names, abbreviations,
 * argument rules and messages) and fills a struct cli_opts that main()
 * and the runtime act on.  It touches no global state of the process
 * except getopt's own variables: what it prints goes to the streams of a
 * struct cli_io, so that unit tests can run it on any argv.
 */
#ifndef VIGIL_CLI_H
#define VIGIL_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "diag.h"

/* keepalived's defaults. */
#define CLI_CONF_FILE		"/etc/keepalived/keepalived.conf"
#define CLI_PID_FILE		"/run/keepalived.pid"
#define CLI_VRRP_PID_FILE	"/run/vrrp.pid"
#define CLI_CHECKERS_PID_FILE	"/run/checkers.pid"
#define CLI_BFD_PID_FILE	"/run/bfd.pid"
#define CLI_LOG_FILE		"/tmp/keepalived.log"	/* -g without FILE */
#define CLI_CORE_PATTERN	"core"			/* -M without PATN */
#define CLI_UMASK		0177

/* What the version banner's first line must say: tools parse it. */
#define CLI_KEEPALIVED_BANNER	"Keepalived v2.2.7 (01/16,2022)"

/* Children to run (keepalived's daemon_mode). */
#define CLI_RUN_VRRP		0x1
#define CLI_RUN_CHECKER		0x2
#define CLI_RUN_BFD		0x4
#define CLI_RUN_ALL		0x8	/* --all: even without config */

/* cli_parse(): go on with the mode chosen by the options. */
#define CLI_CONTINUE		(-1)

#define CLI_DIAG_MAX		8

/* A configuration diagnostic raised while reading an option (-S reads
 * its number the way the parser reads numbers, and keepalived counts it
 * in the -t status). */
struct cli_diag {
	enum cfg_err	 sev;
	bool		 shown;		/* already printed (-t was active) */
	char		 msg[256];
};

struct cli_opts {
	const char	*conf_file;		/* -f (glob allowed) */
	const char	*config_id;		/* -i; NULL: host name */
	unsigned	 run;			/* CLI_RUN_*: -P -C -B --all */
	bool		 config_test;		/* -t */
	const char	*config_test_log;	/* -tFILE */
	bool		 dump_conf;		/* -d */
	bool		 include_check;		/* -e */
	int		 config_fd;		/* --config-fd, -1: none */

	bool		 log_console;		/* -l */
	int		 log_detail;		/* -D, counted: 0..2 */
	int		 log_facility;		/* -S, LOG_DAEMON default */
	bool		 no_syslog;		/* -G (and -t) */
	const char	*log_file;		/* -g[FILE] */
	bool		 flush_log_file;	/* --flush-log-file */
	bool		 umask_set;		/* -u given and valid */
	mode_t		 umask;			/* -u, CLI_UMASK default */

	bool		 release_vips;		/* -X */
	bool		 dont_release_vrrp;	/* -V */
	bool		 dont_release_ipvs;	/* -I */
	bool		 dont_respawn;		/* -R (and -t) */
	bool		 dont_fork;		/* -n (and -t) */
	bool		 address_monitoring;	/* -a */

	/* Pid files; NULL: not given (the runtime picks the default, which
	 * depends on use_pid_dir, net_namespace and instance). */
	const char	*pid_file;		/* -p */
	const char	*vrrp_pid_file;		/* -r */
	const char	*checkers_pid_file;	/* -c */
	const char	*bfd_pid_file;		/* -b */

	bool		 snmp;			/* -x */
	const char	*snmp_socket;		/* -A */
	const char	*namespace;		/* -s */
	bool		 core_dump;		/* -m (and -M) */
	const char	*core_dump_pattern;	/* -M[PATN]; NULL: unset */
	bool		 genhash;		/* -T or argv[0] "genhash" */

	struct cli_diag	 diag[CLI_DIAG_MAX];
	unsigned	 ndiag;
	enum cfg_err	 worst;			/* of diag[], for -t */
};

/* Where cli_parse() writes.  err_redirect implements -tFILE: from then
 * on, what goes to err must go (appended) to path.  It returns 0, or -1
 * with errno set. */
struct cli_io {
	FILE	*out;
	FILE	*err;
	int	(*err_redirect)(struct cli_io *, const char *path);
	void	*ctx;
};

/* Fill o with keepalived's defaults. */
void	cli_opts_init(struct cli_opts *o);

/*
 * Parse argv (which getopt_long permutes, as in keepalived) into o, after
 * cli_opts_init().  -h, -v and --signum print their output and return
 * at once (later options are not looked at).  Otherwise every option is
 * scanned, each bad one reported; words that are not options are listed
 * on io->out ("Unexpected argument(s): a b ") and ignored.  Returns
 * CLI_CONTINUE, or the status the process must exit with now.
 */
int	cli_parse(struct cli_opts *o, int argc, char **argv, struct cli_io *io);

/* --signum: the number for STOP, RELOAD, DATA, STATS, STATS_CLEAR or
 * JSON (SIGRTMIN/SIGRTMAX based as keepalived), or -1. */
int	cli_signum(const char *name);

/* -u MASK: strtoll base 0, within 0777; false if invalid. */
bool	cli_umask_parse(const char *s, mode_t *mask);

/* The id for @ID lines: -i, else the node name up to its first dot. */
const char *cli_config_id(const struct cli_opts *o, char *buf, size_t len);

/* The texts of -h and -v (keepalived's, on stderr). */
void	cli_usage(FILE *fp, const char *prog);
void	cli_version(FILE *fp);

#endif
