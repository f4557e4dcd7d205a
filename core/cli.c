/*
 * cli: keepalived 2.2.7's command line, option by option.
 *
 * The scan is glibc's getopt_long with keepalived's option string and
 * long names, so abbreviations (--ver), permutation (options after
 * words) and attached-only optional arguments (-tFILE, -M, -g) behave
 * exactly as keepalived's.  Messages keep keepalived's wording, including
 * its choice of which argv element names a bad option.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/version.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <syslog.h>

#include "cli.h"

/* keepalived's short options (Debian 2.2.7 build: VRRP, LVS, BFD, SNMP). */
#define CLI_SHORTOPTS	":vhlndu:DRS:f:p:i:es:mM::g::Gt::PCr:VXac:ITBb:xA:"

/* Values of long options without a short form, as keepalived numbers. */
enum {
	CLI_OPT_FLUSH_LOG = 2,
	CLI_OPT_ALL = 3,
	CLI_OPT_SIGNUM = 4,
	CLI_OPT_CONFIG_FD = 8
};

static const struct option cli_longopts[] = {
	{ "use-file",		required_argument,	NULL, 'f' },
	{ "vrrp",		no_argument,		NULL, 'P' },
	{ "check",		no_argument,		NULL, 'C' },
	{ "no_bfd",		no_argument,		NULL, 'B' },
	{ "all",		no_argument,		NULL, CLI_OPT_ALL },
	{ "log-console",	no_argument,		NULL, 'l' },
	{ "log-detail",		no_argument,		NULL, 'D' },
	{ "log-facility",	required_argument,	NULL, 'S' },
	{ "log-file",		optional_argument,	NULL, 'g' },
	{ "all-config",		no_argument,		NULL, 'e' },
	{ "flush-log-file",	no_argument,		NULL, CLI_OPT_FLUSH_LOG },
	{ "no-syslog",		no_argument,		NULL, 'G' },
	{ "umask",		required_argument,	NULL, 'u' },
	{ "release-vips",	no_argument,		NULL, 'X' },
	{ "dont-release-vrrp",	no_argument,		NULL, 'V' },
	{ "dont-release-ipvs",	no_argument,		NULL, 'I' },
	{ "dont-respawn",	no_argument,		NULL, 'R' },
	{ "dont-fork",		no_argument,		NULL, 'n' },
	{ "dump-conf",		no_argument,		NULL, 'd' },
	{ "pid",		required_argument,	NULL, 'p' },
	{ "vrrp_pid",		required_argument,	NULL, 'r' },
	{ "genhash",		no_argument,		NULL, 'T' },
	{ "checkers_pid",	required_argument,	NULL, 'c' },
	{ "address-monitoring",	no_argument,		NULL, 'a' },
	{ "bfd_pid",		required_argument,	NULL, 'b' },
	{ "snmp",		no_argument,		NULL, 'x' },
	{ "snmp-agent-socket",	required_argument,	NULL, 'A' },
	{ "core-dump",		no_argument,		NULL, 'm' },
	{ "core-dump-pattern",	optional_argument,	NULL, 'M' },
	{ "namespace",		required_argument,	NULL, 's' },
	{ "config-id",		required_argument,	NULL, 'i' },
	{ "signum",		required_argument,	NULL, CLI_OPT_SIGNUM },
	{ "config-test",	optional_argument,	NULL, 't' },
	{ "config-fd",		required_argument,	NULL, CLI_OPT_CONFIG_FD },
	{ "version",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ NULL,			0,			NULL, 0 }
};

/* One scan: where the option being handled came from. */
struct cli_scan {
	struct cli_opts	*o;
	struct cli_io	*io;
	char		**argv;
	int		 curind;	/* argv index keepalived names */
	int		 longindex;	/* -1: a short option */
	bool		 first;		/* no option handled yet (-T) */
	bool		 bad;
};

void
cli_opts_init(struct cli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->conf_file = CLI_CONF_FILE;
	o->run = CLI_RUN_VRRP | CLI_RUN_CHECKER | CLI_RUN_BFD;
	o->config_fd = -1;
	o->log_facility = LOG_DAEMON;
	o->umask = CLI_UMASK;
	o->worst = CFG_OK;
}

int
cli_signum(const char *name)
{
	static const struct {
		const char	*name;
		int		 off;
	} fixed[] = {
		{ "STOP", SIGTERM }, { "RELOAD", SIGHUP },
		{ "DATA", SIGUSR1 }, { "STATS", SIGUSR2 },
	};
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(name, fixed[i].name) == 0)
			return fixed[i].off;
	/* Real-time signals are numbered at run time by the C library. */
	if (strcmp(name, "STATS_CLEAR") == 0)
		return SIGRTMAX - 1;
	if (strcmp(name, "JSON") == 0)
		return SIGRTMIN + 2;
	return -1;
}

bool
cli_umask_parse(const char *s, mode_t *mask)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (*end != '\0' || v < 0 || (v & ~0777LL) != 0)
		return false;
	*mask = (mode_t)v;
	return true;
}

const char *
cli_config_id(const struct cli_opts *o, char *buf, size_t len)
{
	struct utsname u;

	if (o->config_id != NULL)
		return o->config_id;
	if (uname(&u) == -1)
		u.nodename[0] = '\0';
	snprintf(buf, len, "%.*s", (int)strcspn(u.nodename, "."), u.nodename);
	return buf;
}

/* A number diagnostic, as keepalived's parser would report it: printed
 * at once under -t, kept for the log otherwise, counted either way. */
static void __attribute__((format(printf, 2, 3)))
cli_diag(struct cli_scan *s, const char *fmt, ...)
{
	struct cli_opts *o = s->o;
	struct cli_diag *d;
	va_list ap;

	if (o->worst < CFG_INVALID_NUMBER)
		o->worst = CFG_INVALID_NUMBER;
	if (o->ndiag >= CLI_DIAG_MAX)
		return;
	d = &o->diag[o->ndiag++];
	d->sev = CFG_INVALID_NUMBER;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	d->shown = o->config_test;
	if (d->shown)
		fprintf(s->io->err, "%s\n", d->msg);
}

/* keepalived's read_unsigned() over [0, 7], with its messages. */
static bool
cli_read_facility_num(struct cli_scan *s, const char *arg, unsigned *out)
{
	const char *t = arg + strspn(arg, " \t\f\n\r\v");
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(t, &end, 10);
	if (*t == '-')
		cli_diag(s, "negative number '%s'", arg);
	else if (*end != '\0')
		cli_diag(s, "invalid number '%s'", arg);
	else if (errno == ERANGE || v > UINT_MAX)
		cli_diag(s, "number '%s' outside unsigned integer range", arg);
	else if (v > 7)
		cli_diag(s, "number '%s' outside range [0, 7]", arg);
	else {
		*out = (unsigned)v;
		return true;
	}
	return false;
}

/* -S: 0-7 or local0-7 (LOG_LOCALn), user, daemon. */
static void
cli_opt_facility(struct cli_scan *s, const char *arg)
{
	unsigned n;

	if (cli_read_facility_num(s, arg, &n) ||
	    (strncmp(arg, "local", 5) == 0 &&
	    cli_read_facility_num(s, arg + 5, &n)))
		s->o->log_facility = LOG_LOCAL0 + (int)(n << 3);
	else if (strcmp(arg, "user") == 0)
		s->o->log_facility = LOG_USER;
	else if (strcmp(arg, "daemon") == 0)
		s->o->log_facility = LOG_DAEMON;
	else
		fprintf(s->io->err, "Invalid log facility '%s'\n", arg);
}

static void
cli_opt_umask(struct cli_scan *s, const char *arg)
{
	mode_t m;

	if (!cli_umask_parse(arg, &m)) {
		fprintf(s->io->err, "Invalid --umask option %s\n", arg);
		return;
	}
	s->o->umask = m;
	s->o->umask_set = true;
}

/* -t[FILE]: implies -n -R -G; FILE receives stderr from now on. */
static int
cli_opt_config_test(struct cli_scan *s, const char *arg)
{
	struct cli_opts *o = s->o;
	int err;

	o->config_test = true;
	o->dont_respawn = true;
	o->dont_fork = true;
	o->no_syslog = true;
	if (arg == NULL || arg[0] == '\0')
		return CLI_CONTINUE;
	if (s->io->err_redirect == NULL ||
	    s->io->err_redirect(s->io, arg) == -1) {
		err = s->io->err_redirect == NULL ? ENOTSUP : errno;
		fprintf(s->io->err,
		    "Unable to open config-test log file %s %d - %s\n", arg,
		    err, strerror(err));
		return 1;
	}
	o->config_test_log = arg;
	return CLI_CONTINUE;
}

/* The long option whose value is val (getopt_long leaves longindex
 * unset when a long option misses its argument). */
static const char *
cli_longname(int val)
{
	const struct option *lo;

	for (lo = cli_longopts; lo->name != NULL; lo++)
		if (lo->val == val)
			return lo->name;
	return "?";
}

static void
cli_bad_option(struct cli_scan *s, int c)
{
	const char *word = s->argv[s->curind];
	bool dashdash = word[0] != '\0' && word[1] == '-';
	const char *name;

	s->bad = true;
	if (c == '?') {
		if (optopt && !dashdash)
			fprintf(s->io->err, "Unknown option -%c\n", optopt);
		else
			fprintf(s->io->err, "Unknown option %s\n", word);
		return;
	}
	if (optopt && !dashdash) {
		fprintf(s->io->err, "Missing parameter for option -%c\n",
		    optopt);
		return;
	}
	name = s->longindex >= 0 ? cli_longopts[s->longindex].name :
	    cli_longname(optopt);
	fprintf(s->io->err, "Missing parameter for option --%s\n", name);
}

/* Options that end the scan: -v, -h, --signum, -T. */
static int
cli_opt_final(struct cli_scan *s, int c)
{
	int sig;

	switch (c) {
	case 'v':
		cli_version(s->io->err);
		return 0;
	case 'h':
		cli_usage(s->io->err, s->argv[0]);
		return 0;
	case CLI_OPT_SIGNUM:
		if ((sig = cli_signum(optarg)) == -1) {
			fprintf(s->io->err, "Unknown sigfunc %s\n", optarg);
			return 1;
		}
		fprintf(s->io->out, "%d\n", sig);
		return 0;
	default:	/* 'T' */
		if (!s->first)
			fprintf(s->io->err, "Warning -- `%s` not used as first "
			    "option, previous options ignored\n",
			    s->longindex == -1 ? "-T" :
			    cli_longopts[s->longindex].name);
		s->o->genhash = true;
		return CLI_CONTINUE;
	}
}

/* Options without an argument. */
static void
cli_opt_flag(struct cli_opts *o, int c)
{
	switch (c) {
	case 'l': o->log_console = true; break;
	case 'n': o->dont_fork = true; break;
	case 'd': o->dump_conf = true; break;
	case 'V': o->dont_release_vrrp = true; break;
	case 'I': o->dont_release_ipvs = true; break;
	case 'D': if (o->log_detail < 2) o->log_detail++; break;
	case 'R': o->dont_respawn = true; break;
	case 'X': o->release_vips = true; break;
	case 'G': o->no_syslog = true; break;
	case 'P': o->run &= ~CLI_RUN_CHECKER; break;
	case 'C': o->run &= ~CLI_RUN_VRRP; break;
	case 'B': o->run &= ~CLI_RUN_BFD; break;
	case 'a': o->address_monitoring = true; break;
	case 'x': o->snmp = true; break;
	case 'm': o->core_dump = true; break;
	case 'e': o->include_check = true; break;
	case CLI_OPT_FLUSH_LOG: o->flush_log_file = true; break;
	case CLI_OPT_ALL:
		o->run |= CLI_RUN_ALL | CLI_RUN_VRRP | CLI_RUN_CHECKER |
		    CLI_RUN_BFD;
		break;
	}
}

/* Options with an argument that is simply kept. */
static void
cli_opt_string(struct cli_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'f': o->conf_file = arg; break;
	case 'p': o->pid_file = arg; break;
	case 'r': o->vrrp_pid_file = arg; break;
	case 'c': o->checkers_pid_file = arg; break;
	case 'b': o->bfd_pid_file = arg; break;
	case 'A': o->snmp_socket = arg; break;
	case 's': o->namespace = arg; break;
	case 'i': o->config_id = arg; break;
	case CLI_OPT_CONFIG_FD: o->config_fd = atoi(arg); break;
	case 'g':
		o->log_file = arg != NULL && arg[0] != '\0' ? arg :
		    CLI_LOG_FILE;
		break;
	case 'M':
		o->core_dump = true;
		o->core_dump_pattern = arg != NULL && arg[0] != '\0' ? arg :
		    CLI_CORE_PATTERN;
		break;
	}
}

static int
cli_option(struct cli_scan *s, int c)
{
	switch (c) {
	case 'v': case 'h': case 'T': case CLI_OPT_SIGNUM:
		return cli_opt_final(s, c);
	case 't':
		return cli_opt_config_test(s, optarg);
	case 'S':
		cli_opt_facility(s, optarg);
		return CLI_CONTINUE;
	case 'u':
		cli_opt_umask(s, optarg);
		return CLI_CONTINUE;
	case '?': case ':':
		cli_bad_option(s, c);
		return CLI_CONTINUE;
	case 'f': case 'p': case 'r': case 'c': case 'b': case 'A': case 's':
	case 'i': case 'g': case 'M': case CLI_OPT_CONFIG_FD:
		cli_opt_string(s->o, c, optarg);
		return CLI_CONTINUE;
	case 'l': case 'n': case 'd': case 'V': case 'I': case 'D': case 'R':
	case 'X': case 'G': case 'P': case 'C': case 'B': case 'a': case 'x':
	case 'm': case 'e': case CLI_OPT_FLUSH_LOG: case CLI_OPT_ALL:
		cli_opt_flag(s->o, c);
		return CLI_CONTINUE;
	default:
		return 1;
	}
}

static bool
cli_is_genhash(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	return strcmp(base != NULL ? base + 1 : argv0, "genhash") == 0;
}

int
cli_parse(struct cli_opts *o, int argc, char **argv, struct cli_io *io)
{
	struct cli_scan s = { o, io, argv, 1, -1, true, false };
	int c, status;

	if (argc > 0 && cli_is_genhash(argv[0])) {
		o->genhash = true;
		return CLI_CONTINUE;
	}
	optind = 0;	/* glibc: start a fresh scan */
	opterr = 0;
	for (;;) {
		s.longindex = -1;
		c = getopt_long(argc, argv, CLI_SHORTOPTS, cli_longopts,
		    &s.longindex);
		if (c == -1)
			break;
		/* "--use-file=" gives an empty argument: keepalived calls
		 * that missing. */
		if (s.longindex >= 0 &&
		    cli_longopts[s.longindex].has_arg == required_argument &&
		    optarg != NULL && optarg[0] == '\0')
			c = ':';
		if ((status = cli_option(&s, c)) != CLI_CONTINUE)
			return status;
		if (o->genhash)
			return CLI_CONTINUE;
		s.curind = optind;
		s.first = false;
	}
	if (optind < argc) {
		fprintf(io->out, "Unexpected argument(s): ");
		while (optind < argc)
			fprintf(io->out, "%s ", argv[optind++]);
		fprintf(io->out, "\n");
	}
	return s.bad ? 1 : CLI_CONTINUE;
}

void
cli_usage(FILE *fp, const char *prog)
{
	fprintf(fp, "Usage: %s [OPTION...]\n", prog);
	fputs(
"  -f, --use-file=FILE          Use the specified configuration file\n"
"                                default '" CLI_CONF_FILE "'\n"
"  -P, --vrrp                   Only run with VRRP subsystem\n"
"  -C, --check                  Only run with Health-checker subsystem\n"
"  -B, --no_bfd                 Don't run BFD subsystem\n"
"      --all                    Force all child processes to run, even if have no configuration\n"
"  -l, --log-console            Log messages to local console\n"
"  -D, --log-detail             Detailed log messages\n"
"  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
"                               Set syslog facility to LOG_LOCAL[0-7], user or daemon (default)\n"
"  -g, --log-file[=FILE]        Also log to FILE (default " CLI_LOG_FILE ")\n"
"      --flush-log-file         Flush log file on write\n"
"  -G, --no-syslog              Don't log via syslog\n"
"  -u, --umask=MASK             umask for file creation (in numeric form)\n"
"  -X, --release-vips           Drop VIP on transition from signal.\n"
"  -V, --dont-release-vrrp      Don't remove VRRP VIPs and VROUTEs on daemon stop\n"
"  -I, --dont-release-ipvs      Don't remove IPVS topology on daemon stop\n"
"  -R, --dont-respawn           Don't respawn child processes\n"
"  -n, --dont-fork              Don't fork the daemon process\n"
"  -d, --dump-conf              Dump the configuration data\n"
"  -p, --pid=FILE               Use specified pidfile for parent process\n"
"  -r, --vrrp_pid=FILE          Use specified pidfile for VRRP child process\n"
"  -T, --genhash                Enter into genhash utility mode (this should be the first option used).\n"
"  -c, --checkers_pid=FILE      Use specified pidfile for checkers child process\n"
"  -a, --address-monitoring     Report all address additions/deletions notified via netlink\n"
"  -b, --bfd_pid=FILE           Use specified pidfile for BFD child process\n"
"  -x, --snmp                   Enable SNMP subsystem\n"
"  -A, --snmp-agent-socket=FILE Use the specified socket for master agent\n"
"  -s, --namespace=NAME         Run in network namespace NAME (overrides config)\n"
"  -m, --core-dump              Produce core dump if terminate abnormally\n"
"  -M, --core-dump-pattern=PATN Also set /proc/sys/kernel/core_pattern to PATN (default 'core')\n"
"  -e, --all-config             Error if any configuration file missing (same as includet)\n"
"  -i, --config-id id           Skip any configuration lines beginning '@' that don't match id\n"
"                                or any lines beginning @^ that do match.\n"
"                                The config-id defaults to the node name if option not used\n"
"      --signum=SIGFUNC         Return signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON\n"
"  -t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to\n"
"                                stderr by default\n"
"  -v, --version                Display the version number\n"
"  -h, --help                   Display this help message\n", fp);
}

/* /etc/os-release's PRETTY_NAME, unquoted, as keepalived reports it. */
static void
cli_distro(FILE *fp)
{
	static const char var[] = "PRETTY_NAME=";
	char buf[128], *name;
	size_t len;
	FILE *f;

	if ((f = fopen("/etc/os-release", "re")) == NULL)
		return;
	while (fgets(buf, sizeof(buf), f) != NULL) {
		if (strncmp(buf, var, sizeof(var) - 1) != 0)
			continue;
		name = buf + sizeof(var) - 1;
		if (*name == '"')
			name++;
		len = strcspn(name, "\"\n");
		fprintf(fp, "Distro: %.*s\n", (int)len, name);
		break;
	}
	fclose(f);
}

void
cli_version(FILE *fp)
{
	struct utsname u;

	fprintf(fp, "%s\n", CLI_KEEPALIVED_BANNER);
	fprintf(fp, "Vigil %s (keepalived-compatible)\n\n", VIGIL_VERSION);
	fprintf(fp, "Built with kernel headers for Linux %d.%d.%d\n",
	    (LINUX_VERSION_CODE >> 16) & 0xff, (LINUX_VERSION_CODE >> 8) & 0xff,
	    LINUX_VERSION_CODE & 0xff);
	if (uname(&u) == 0)
		fprintf(fp, "Running on %s %s %s\n", u.sysname, u.release,
		    u.version);
	cli_distro(fp);
}
