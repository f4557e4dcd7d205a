/*
 * test_cli: keepalived 2.2.7's command line, compared option by option
 * with what the installed keepalived accepts and prints.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <syslog.h>

#include "cli.h"
#include "unit.h"

/* One cli_parse() run with its outputs captured. */
struct run {
	struct cli_opts	 o;
	int		 rc;
	char		 out[4096];
	char		 err[16384];	/* stderr before -tFILE */
	char		 log[4096];	/* stderr after -tFILE */
	char		 redir[256];	/* the FILE of -tFILE */
	FILE		*logfp;
	char		*logbuf;
	size_t		 loglen;
};

static int
fake_redirect(struct cli_io *io, const char *path)
{
	struct run *r = io->ctx;

	if (strcmp(path, "/nonexistent/x") == 0) {
		errno = ENOENT;
		return -1;
	}
	snprintf(r->redir, sizeof(r->redir), "%s", path);
	r->logfp = open_memstream(&r->logbuf, &r->loglen);
	io->err = r->logfp;
	return 0;
}

/* buf and len are only valid once fp is closed. */
static void
copy_stream(FILE *fp, char **buf, size_t *len, char *dst, size_t dstlen)
{
	fclose(fp);
	snprintf(dst, dstlen, "%.*s", (int)*len, *buf != NULL ? *buf : "");
	free(*buf);
}

static struct run *
run_argv(const char *const *args)
{
	static struct run r;
	static char *argv[64];	/* kept: cli_opts points into them */
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	struct cli_io io;
	FILE *errfp;
	int argc;

	memset(&r, 0, sizeof(r));
	for (argc = 0; argv[argc] != NULL; argc++)
		free(argv[argc]);
	for (argc = 0; args[argc] != NULL; argc++)
		argv[argc] = strdup(args[argc]);
	argv[argc] = NULL;
	io.out = open_memstream(&obuf, &olen);
	io.err = errfp = open_memstream(&ebuf, &elen);
	io.err_redirect = fake_redirect;
	io.ctx = &r;
	cli_opts_init(&r.o);
	r.rc = cli_parse(&r.o, argc, argv, &io);
	copy_stream(io.out, &obuf, &olen, r.out, sizeof(r.out));
	copy_stream(errfp, &ebuf, &elen, r.err, sizeof(r.err));
	if (r.logfp != NULL)
		copy_stream(r.logfp, &r.logbuf, &r.loglen, r.log, sizeof(r.log));
	return &r;
}

#define RUN(...)	run_argv((const char *const[]){ "keepalived",	\
			    __VA_ARGS__, NULL })

START_TEST(test_defaults)
{
	struct run *r = run_argv((const char *const[]){ "keepalived", NULL });

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(r->o.conf_file, "/etc/keepalived/keepalived.conf");
	ck_assert_uint_eq(r->o.run,
	    CLI_RUN_VRRP | CLI_RUN_CHECKER | CLI_RUN_BFD);
	ck_assert_int_eq(r->o.log_facility, LOG_DAEMON);
	ck_assert_uint_eq(r->o.umask, 0177);
	ck_assert(!r->o.umask_set);
	ck_assert(!r->o.config_test);
	ck_assert_ptr_null(r->o.pid_file);
	ck_assert_ptr_null(r->o.config_id);
	ck_assert_ptr_null(r->o.core_dump_pattern);
	ck_assert_int_eq(r->o.config_fd, -1);
	ck_assert_str_eq(r->out, "");
	ck_assert_str_eq(r->err, "");
}
END_TEST

/* Options without argument: short and long set the same field. */
static const struct {
	const char	*shrt, *lng;
	size_t		 off;
} flag_opts[] = {
	{ "-l", "--log-console", offsetof(struct cli_opts, log_console) },
	{ "-n", "--dont-fork", offsetof(struct cli_opts, dont_fork) },
	{ "-d", "--dump-conf", offsetof(struct cli_opts, dump_conf) },
	{ "-V", "--dont-release-vrrp",
	    offsetof(struct cli_opts, dont_release_vrrp) },
	{ "-I", "--dont-release-ipvs",
	    offsetof(struct cli_opts, dont_release_ipvs) },
	{ "-R", "--dont-respawn", offsetof(struct cli_opts, dont_respawn) },
	{ "-X", "--release-vips", offsetof(struct cli_opts, release_vips) },
	{ "-G", "--no-syslog", offsetof(struct cli_opts, no_syslog) },
	{ "-a", "--address-monitoring",
	    offsetof(struct cli_opts, address_monitoring) },
	{ "-x", "--snmp", offsetof(struct cli_opts, snmp) },
	{ "-m", "--core-dump", offsetof(struct cli_opts, core_dump) },
	{ "-e", "--all-config", offsetof(struct cli_opts, include_check) },
	{ NULL, "--flush-log-file", offsetof(struct cli_opts, flush_log_file) },
};

static bool
flag_at(const struct run *r, size_t off)
{
	return *(const bool *)((const char *)&r->o + off);
}

START_TEST(test_flag_options)
{
	size_t i = (size_t)_i;
	struct run *r;

	if (flag_opts[i].shrt != NULL) {
		r = RUN(flag_opts[i].shrt);
		ck_assert_int_eq(r->rc, CLI_CONTINUE);
		ck_assert_msg(flag_at(r, flag_opts[i].off), "%s",
		    flag_opts[i].shrt);
		ck_assert_str_eq(r->err, "");
	}
	r = RUN(flag_opts[i].lng);
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_msg(flag_at(r, flag_opts[i].off), "%s", flag_opts[i].lng);
	ck_assert_str_eq(r->err, "");
	/* Not set by default. */
	r = run_argv((const char *const[]){ "keepalived", NULL });
	ck_assert(!flag_at(r, flag_opts[i].off));
}
END_TEST

START_TEST(test_flags_grouped)
{
	struct run *r = RUN("-lnD", "-DG");

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert(r->o.log_console && r->o.dont_fork && r->o.no_syslog);
	ck_assert_int_eq(r->o.log_detail, 2);
	r = RUN("-D", "--log-detail", "-D");
	ck_assert_int_eq(r->o.log_detail, 2);
	r = RUN("--log-detail");
	ck_assert_int_eq(r->o.log_detail, 1);
}
END_TEST

/* Options with a required argument, in all four spellings. */
static const struct {
	char		 shrt;
	const char	*lng;
	size_t		 off;
} string_opts[] = {
	{ 'f', "use-file", offsetof(struct cli_opts, conf_file) },
	{ 'p', "pid", offsetof(struct cli_opts, pid_file) },
	{ 'r', "vrrp_pid", offsetof(struct cli_opts, vrrp_pid_file) },
	{ 'c', "checkers_pid", offsetof(struct cli_opts, checkers_pid_file) },
	{ 'b', "bfd_pid", offsetof(struct cli_opts, bfd_pid_file) },
	{ 'A', "snmp-agent-socket", offsetof(struct cli_opts, snmp_socket) },
	{ 's', "namespace", offsetof(struct cli_opts, namespace) },
	{ 'i', "config-id", offsetof(struct cli_opts, config_id) },
};

static const char *
string_at(const struct run *r, size_t off)
{
	return *(const char *const *)((const char *)&r->o + off);
}

START_TEST(test_string_options)
{
	size_t i = (size_t)_i;
	char s[8], attached[64], eq[64], lng[64];
	struct run *r;

	snprintf(s, sizeof(s), "-%c", string_opts[i].shrt);
	snprintf(attached, sizeof(attached), "-%cATT", string_opts[i].shrt);
	snprintf(lng, sizeof(lng), "--%s", string_opts[i].lng);
	snprintf(eq, sizeof(eq), "--%s=EQ", string_opts[i].lng);

	r = RUN(s, "DET");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(string_at(r, string_opts[i].off), "DET");
	r = RUN(attached);
	ck_assert_str_eq(string_at(r, string_opts[i].off), "ATT");
	r = RUN(eq);
	ck_assert_str_eq(string_at(r, string_opts[i].off), "EQ");
	r = RUN(lng, "LDET");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(string_at(r, string_opts[i].off), "LDET");
	ck_assert_str_eq(r->out, "");
	ck_assert_str_eq(r->err, "");

	/* Missing, at the end of the line. */
	r = RUN(s);
	ck_assert_int_eq(r->rc, 1);
	snprintf(attached, sizeof(attached),
	    "Missing parameter for option -%c\n", string_opts[i].shrt);
	ck_assert_str_eq(r->err, attached);
	r = RUN(lng);
	ck_assert_int_eq(r->rc, 1);
	snprintf(attached, sizeof(attached),
	    "Missing parameter for option --%s\n", string_opts[i].lng);
	ck_assert_str_eq(r->err, attached);
	/* An empty --name= counts as missing; an empty short one does not. */
	snprintf(eq, sizeof(eq), "--%s=", string_opts[i].lng);
	r = RUN(eq);
	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, attached);
	r = RUN(s, "");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(string_at(r, string_opts[i].off), "");
}
END_TEST

START_TEST(test_argument_taken_even_if_dash)
{
	/* keepalived -f -v: "-v" is the file name. */
	struct run *r = RUN("-f", "-v");

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(r->o.conf_file, "-v");
	ck_assert_str_eq(r->err, "");
}
END_TEST

START_TEST(test_config_fd)
{
	struct run *r = RUN("--config-fd=7");

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_int_eq(r->o.config_fd, 7);
	r = RUN("--config-fd", "9");
	ck_assert_int_eq(r->o.config_fd, 9);
	r = RUN("--config-fd=");
	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Missing parameter for option --config-fd\n");
}
END_TEST

START_TEST(test_children)
{
	struct run *r = RUN("-P");

	ck_assert_uint_eq(r->o.run, CLI_RUN_VRRP | CLI_RUN_BFD);
	r = RUN("--check");
	ck_assert_uint_eq(r->o.run, CLI_RUN_CHECKER | CLI_RUN_BFD);
	r = RUN("-B");
	ck_assert_uint_eq(r->o.run, CLI_RUN_VRRP | CLI_RUN_CHECKER);
	r = RUN("--vrrp", "--no_bfd");
	ck_assert_uint_eq(r->o.run, CLI_RUN_VRRP);
	r = RUN("-P", "-C");
	ck_assert_uint_eq(r->o.run, CLI_RUN_BFD);
	r = RUN("-P", "-C", "-B", "--all");
	ck_assert_uint_eq(r->o.run, CLI_RUN_ALL | CLI_RUN_VRRP |
	    CLI_RUN_CHECKER | CLI_RUN_BFD);
}
END_TEST

START_TEST(test_config_test)
{
	struct run *r = RUN("-t");

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert(r->o.config_test);
	/* -t implies -n -R -G. */
	ck_assert(r->o.dont_fork && r->o.dont_respawn && r->o.no_syslog);
	ck_assert_ptr_null(r->o.config_test_log);
	ck_assert_str_eq(r->redir, "");

	r = RUN("--config-test");
	ck_assert(r->o.config_test);
	r = RUN("--config-t");		/* unique abbreviation */
	ck_assert(r->o.config_test);
	r = RUN("--config-test=");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_ptr_null(r->o.config_test_log);
}
END_TEST

START_TEST(test_config_test_log)
{
	/* The log file only attached; stderr goes there from -t on. */
	struct run *r = RUN("-Q", "-t/tmp/x.log", "-W", "-f", "a");

	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->redir, "/tmp/x.log");
	ck_assert_str_eq(r->o.config_test_log, "/tmp/x.log");
	ck_assert_str_eq(r->err, "Unknown option -Q\n");
	ck_assert_str_eq(r->log, "Unknown option -W\n");

	r = RUN("--config-test=/tmp/y.log");
	ck_assert_str_eq(r->redir, "/tmp/y.log");
	ck_assert_str_eq(r->o.config_test_log, "/tmp/y.log");

	/* Detached, the file is an unexpected word. */
	r = RUN("-t", "/tmp/z.conf");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert(r->o.config_test);
	ck_assert_str_eq(r->redir, "");
	ck_assert_str_eq(r->o.conf_file, CLI_CONF_FILE);
	ck_assert_str_eq(r->out, "Unexpected argument(s): /tmp/z.conf \n");
	r = RUN("--config-test", "/tmp/z.log");
	ck_assert_str_eq(r->redir, "");
	ck_assert_str_eq(r->out, "Unexpected argument(s): /tmp/z.log \n");
}
END_TEST

START_TEST(test_config_test_log_fails)
{
	struct run *r = RUN("-t/nonexistent/x", "-f", "a");

	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Unable to open config-test log file "
	    "/nonexistent/x 2 - No such file or directory\n");
}
END_TEST

START_TEST(test_optional_args)
{
	struct run *r = RUN("-M");

	ck_assert(r->o.core_dump);
	ck_assert_str_eq(r->o.core_dump_pattern, "core");
	r = RUN("-M/tmp/core.%p");
	ck_assert_str_eq(r->o.core_dump_pattern, "/tmp/core.%p");
	r = RUN("--core-dump-pattern=pat");
	ck_assert_str_eq(r->o.core_dump_pattern, "pat");
	ck_assert(r->o.core_dump);
	r = RUN("-M", "pat");
	ck_assert_str_eq(r->o.core_dump_pattern, "core");
	ck_assert_str_eq(r->out, "Unexpected argument(s): pat \n");

	r = RUN("-g");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(r->o.log_file, "/tmp/keepalived.log");
	r = RUN("-g/var/log/ka.log");
	ck_assert_str_eq(r->o.log_file, "/var/log/ka.log");
	r = RUN("--log-file=/var/log/kb.log");
	ck_assert_str_eq(r->o.log_file, "/var/log/kb.log");
	r = RUN("--log-file");
	ck_assert_str_eq(r->o.log_file, "/tmp/keepalived.log");
	r = RUN("-g", "/var/log/kc.log");
	ck_assert_str_eq(r->o.log_file, "/tmp/keepalived.log");
	ck_assert_str_eq(r->out, "Unexpected argument(s): /var/log/kc.log \n");
}
END_TEST

START_TEST(test_unknown_options)
{
	struct run *r = RUN("-Q");

	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Unknown option -Q\n");
	r = RUN("--bogus");
	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Unknown option --bogus\n");
	r = RUN("--bogus=3");
	ck_assert_str_eq(r->err, "Unknown option --bogus=3\n");
	/* An argument given to an option that takes none. */
	r = RUN("--vrrp=x");
	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Unknown option --vrrp=x\n");
	/* Ambiguous abbreviations. */
	r = RUN("--v");
	ck_assert_str_eq(r->err, "Unknown option --v\n");
	r = RUN("--log");
	ck_assert_str_eq(r->err, "Unknown option --log\n");
	/* Inside a group. */
	r = RUN("-lQ");
	ck_assert_str_eq(r->err, "Unknown option -Q\n");
	ck_assert(r->o.log_console);
	/* -L (mem-check-log) is not in the Debian build. */
	r = RUN("-L");
	ck_assert_str_eq(r->err, "Unknown option -L\n");
}
END_TEST

START_TEST(test_all_errors_reported)
{
	struct run *r = RUN("-Q", "--bogus", "-f");

	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Unknown option -Q\nUnknown option --bogus\n"
	    "Missing parameter for option -f\n");
}
END_TEST

START_TEST(test_word_named_in_errors)
{
	/* keepalived names the argv element where the scan stood, which
	 * is a skipped word when the bad option follows one. */
	struct run *r = RUN("a", "--bogus");

	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Unknown option a\n");
	ck_assert_str_eq(r->out, "Unexpected argument(s): a \n");
	r = RUN("-t", "a", "--use");
	ck_assert_str_eq(r->err, "Missing parameter for option -f\n");
	r = RUN("a", "-Q");
	ck_assert_str_eq(r->err, "Unknown option -Q\n");
}
END_TEST

START_TEST(test_unexpected_arguments)
{
	struct run *r = RUN("a", "-l", "b");

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert(r->o.log_console);
	ck_assert_str_eq(r->out, "Unexpected argument(s): a b \n");
	ck_assert_str_eq(r->err, "");
	r = RUN("-t", "--", "-Q");
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert_str_eq(r->out, "Unexpected argument(s): -Q \n");
	r = RUN("-t", "-", "x");
	ck_assert_str_eq(r->out, "Unexpected argument(s): - x \n");
}
END_TEST

START_TEST(test_help)
{
	struct run *r = RUN("-h", "-Q");

	ck_assert_int_eq(r->rc, 0);
	ck_assert_str_eq(r->out, "");
	ck_assert_ptr_nonnull(strstr(r->err, "Usage: keepalived [OPTION...]\n"
	    "  -f, --use-file=FILE          Use the specified configuration "
	    "file\n"));
	ck_assert_ptr_null(strstr(r->err, "Unknown option"));
	ck_assert_ptr_nonnull(strstr(r->err, "  -h, --help                   "
	    "Display this help message\n"));
	/* Errors before -h are printed, yet -h exits 0. */
	r = RUN("-Q", "--help");
	ck_assert_int_eq(r->rc, 0);
	ck_assert_ptr_nonnull(strstr(r->err, "Unknown option -Q\nUsage: "));
}
END_TEST

START_TEST(test_help_lists_every_option)
{
	struct run *r = RUN("-h");
	static const char *const longs[] = {
		"--use-file=FILE", "--vrrp", "--check", "--no_bfd", "--all",
		"--log-console", "--log-detail", "--log-facility=",
		"--log-file[=FILE]", "--flush-log-file", "--no-syslog",
		"--umask=MASK", "--release-vips", "--dont-release-vrrp",
		"--dont-release-ipvs", "--dont-respawn", "--dont-fork",
		"--dump-conf", "--pid=FILE", "--vrrp_pid=FILE", "--genhash",
		"--checkers_pid=FILE", "--address-monitoring", "--bfd_pid=FILE",
		"--snmp", "--snmp-agent-socket=FILE", "--namespace=NAME",
		"--core-dump ", "--core-dump-pattern=PATN", "--all-config",
		"--config-id id", "--signum=SIGFUNC", "--config-test[=LOG_FILE]",
		"--version", "--help",
	};
	size_t i;

	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		ck_assert_msg(strstr(r->err, longs[i]) != NULL, "%s", longs[i]);
}
END_TEST

START_TEST(test_version)
{
	static const char banner[] = "Keepalived v2.2.7 (01/16,2022)\n"
	    "Vigil " VIGIL_VERSION " (keepalived-compatible)\n\n";
	struct run *r = RUN("-v", "-Q");
	char *nl;

	ck_assert_int_eq(r->rc, 0);
	ck_assert_str_eq(r->out, "");
	nl = strchr(r->err, '\n');
	ck_assert_ptr_nonnull(nl);
	ck_assert_int_eq(nl - r->err, (int)strlen(CLI_KEEPALIVED_BANNER));
	ck_assert(strncmp(r->err, banner, strlen(banner)) == 0);
	ck_assert_ptr_null(strstr(r->err, "Unknown option"));
	r = RUN("--ver");
	ck_assert_int_eq(r->rc, 0);
	ck_assert(strncmp(r->err, "Keepalived v2.2.7 (01/16,2022)\n", 31) == 0);
	r = RUN("a", "b", "-v");
	ck_assert_int_eq(r->rc, 0);
	ck_assert_str_eq(r->out, "");
}
END_TEST

START_TEST(test_signum)
{
	static const struct {
		const char	*name;
		int		 sig;
	} t[] = {
		{ "STOP", 15 }, { "RELOAD", 1 }, { "DATA", 10 },
		{ "STATS", 12 },
	};
	char buf[32], exp[16];
	struct run *r;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(cli_signum(t[i].name), t[i].sig);
		snprintf(buf, sizeof(buf), "--signum=%s", t[i].name);
		r = RUN(buf);
		ck_assert_int_eq(r->rc, 0);
		snprintf(exp, sizeof(exp), "%d\n", t[i].sig);
		ck_assert_str_eq(r->out, exp);
		ck_assert_str_eq(r->err, "");
	}
	ck_assert_int_eq(cli_signum("STATS_CLEAR"), SIGRTMAX - 1);
	ck_assert_int_eq(cli_signum("JSON"), SIGRTMIN + 2);
	/* glibc on Linux: what the installed keepalived prints. */
	ck_assert_int_eq(cli_signum("STATS_CLEAR"), 63);
	ck_assert_int_eq(cli_signum("JSON"), 36);
	r = RUN("--signum", "RELOAD");
	ck_assert_str_eq(r->out, "1\n");
	r = RUN("--sig=JSON");
	ck_assert_str_eq(r->out, "36\n");
}
END_TEST

START_TEST(test_signum_unknown)
{
	static const char *const bad[] = {
		"TDUMP", "reload", "Stop", "STAT", "STOPX", "15", "SIGTERM",
	};
	char buf[32], exp[64];
	struct run *r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(cli_signum(bad[i]), -1);
		snprintf(buf, sizeof(buf), "--signum=%s", bad[i]);
		r = RUN(buf, "-v");
		ck_assert_int_eq(r->rc, 1);
		snprintf(exp, sizeof(exp), "Unknown sigfunc %s\n", bad[i]);
		ck_assert_str_eq(r->err, exp);
		ck_assert_str_eq(r->out, "");
	}
	r = RUN("--signum");
	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Missing parameter for option --signum\n");
	r = RUN("--signum=");
	ck_assert_str_eq(r->err, "Missing parameter for option --signum\n");
	/* Unknown options before it are reported, then --signum decides. */
	r = RUN("-Q", "--signum=STOP");
	ck_assert_int_eq(r->rc, 0);
	ck_assert_str_eq(r->out, "15\n");
	ck_assert_str_eq(r->err, "Unknown option -Q\n");
}
END_TEST

/* -S values: the facility, or -1 for "Invalid log facility". */
static const struct {
	const char	*arg;
	int		 facility;
} facilities[] = {
	{ "0", LOG_LOCAL0 }, { "3", LOG_LOCAL3 }, { "7", LOG_LOCAL7 },
	{ "00", LOG_LOCAL0 }, { " 3", LOG_LOCAL3 }, { "+3", LOG_LOCAL3 },
	{ "local0", LOG_LOCAL0 }, { "local7", LOG_LOCAL7 },
	{ "local07", LOG_LOCAL7 }, { "local", LOG_LOCAL0 },
	{ "user", LOG_USER }, { "daemon", LOG_DAEMON },
	{ "8", -1 }, { "local8", -1 }, { "foo", -1 }, { "-1", -1 },
	{ "0x3", -1 }, { "3 ", -1 }, { "3.5", -1 }, { "DAEMON", -1 },
	{ "daemonx", -1 }, { "local-1", -1 }, { "99999999999999999999", -1 },
};

START_TEST(test_facility)
{
	size_t i = (size_t)_i;
	char exp[128];
	struct run *r = RUN("-S", facilities[i].arg);

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	if (facilities[i].facility == -1) {
		snprintf(exp, sizeof(exp), "Invalid log facility '%s'\n",
		    facilities[i].arg);
		ck_assert_str_eq(r->err, exp);
		ck_assert_int_eq(r->o.log_facility, LOG_DAEMON);
	} else {
		ck_assert_str_eq(r->err, "");
		ck_assert_int_eq(r->o.log_facility, facilities[i].facility);
	}
}
END_TEST

START_TEST(test_facility_number_diags)
{
	/* Under -t the number reader's messages appear (before keepalived's
	 * own line) and make -t exit 5. */
	struct run *r = RUN("-t", "-Slocal8");

	ck_assert_str_eq(r->err, "invalid number 'local8'\n"
	    "number '8' outside range [0, 7]\n"
	    "Invalid log facility 'local8'\n");
	ck_assert_int_eq(r->o.worst, CFG_INVALID_NUMBER);
	ck_assert_uint_eq(r->o.ndiag, 2);
	ck_assert(r->o.diag[0].shown);

	r = RUN("-t", "-S-1");
	ck_assert_str_eq(r->err, "negative number '-1'\n"
	    "Invalid log facility '-1'\n");
	r = RUN("-t", "-S99999999999999999999");
	ck_assert_str_eq(r->err, "number '99999999999999999999' outside "
	    "unsigned integer range\nInvalid log facility "
	    "'99999999999999999999'\n");
	/* A name is tried as a number first. */
	r = RUN("-t", "-Suser");
	ck_assert_str_eq(r->err, "invalid number 'user'\n");
	ck_assert_int_eq(r->o.log_facility, LOG_USER);
	ck_assert_int_eq(r->o.worst, CFG_INVALID_NUMBER);

	/* Before -t: not shown, still counted. */
	r = RUN("-Sfoo", "-t");
	ck_assert_str_eq(r->err, "Invalid log facility 'foo'\n");
	ck_assert_int_eq(r->o.worst, CFG_INVALID_NUMBER);
	ck_assert(!r->o.diag[0].shown);
	ck_assert_str_eq(r->o.diag[0].msg, "invalid number 'foo'");

	r = RUN("-t", "-S", "5");
	ck_assert_str_eq(r->err, "");
	ck_assert_int_eq(r->o.worst, CFG_OK);
}
END_TEST

START_TEST(test_facility_missing)
{
	struct run *r = RUN("-S");

	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Missing parameter for option -S\n");
	r = RUN("--log-facility=");
	ck_assert_str_eq(r->err,
	    "Missing parameter for option --log-facility\n");
}
END_TEST

static const struct {
	const char	*arg;
	int		 mask;		/* -1: invalid */
} umasks[] = {
	{ "0777", 0777 }, { "077", 077 }, { "0", 0 }, { "", 0 },
	{ "511", 0777 }, { "0x1ff", 0777 }, { "022", 022 }, { "18", 18 },
	{ "512", -1 }, { "01000", -1 }, { "0x200", -1 }, { "08", -1 },
	{ "-1", -1 }, { "abc", -1 }, { "12abc", -1 }, { "012abc", -1 },
	{ "99999999999999999999", -1 },
};

START_TEST(test_umask)
{
	size_t i = (size_t)_i;
	char exp[128];
	mode_t m = 0123;
	struct run *r;

	if (umasks[i].mask == -1) {
		ck_assert(!cli_umask_parse(umasks[i].arg, &m));
		ck_assert_uint_eq(m, 0123);
	} else {
		ck_assert(cli_umask_parse(umasks[i].arg, &m));
		ck_assert_uint_eq(m, (mode_t)umasks[i].mask);
	}
	r = RUN("-u", umasks[i].arg);
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	if (umasks[i].mask == -1) {
		snprintf(exp, sizeof(exp), "Invalid --umask option %s\n",
		    umasks[i].arg);
		ck_assert_str_eq(r->err, exp);
		ck_assert(!r->o.umask_set);
		ck_assert_uint_eq(r->o.umask, 0177);
	} else {
		ck_assert_str_eq(r->err, "");
		ck_assert(r->o.umask_set);
		ck_assert_uint_eq(r->o.umask, (mode_t)umasks[i].mask);
	}
}
END_TEST

START_TEST(test_umask_forms)
{
	struct run *r = RUN("--umask=022");

	ck_assert_uint_eq(r->o.umask, 022);
	r = RUN("-u077");
	ck_assert_uint_eq(r->o.umask, 077);
	r = RUN("--umask");
	ck_assert_int_eq(r->rc, 1);
	ck_assert_str_eq(r->err, "Missing parameter for option --umask\n");
	r = RUN("--umask=");
	ck_assert_str_eq(r->err, "Missing parameter for option --umask\n");
	r = RUN("-u");
	ck_assert_str_eq(r->err, "Missing parameter for option -u\n");
}
END_TEST

START_TEST(test_genhash)
{
	struct run *r = RUN("-T", "-Q");

	ck_assert_int_eq(r->rc, CLI_CONTINUE);
	ck_assert(r->o.genhash);
	ck_assert_str_eq(r->err, "");	/* the rest is genhash's */
	r = RUN("-l", "--genhash");
	ck_assert(r->o.genhash);
	ck_assert_str_eq(r->err, "Warning -- `genhash` not used as first "
	    "option, previous options ignored\n");
	r = RUN("-l", "-T");
	ck_assert_str_eq(r->err, "Warning -- `-T` not used as first "
	    "option, previous options ignored\n");
	r = run_argv((const char *const[]){ "/usr/bin/genhash", "-Q", NULL });
	ck_assert(r->o.genhash);
	ck_assert_int_eq(r->rc, CLI_CONTINUE);
}
END_TEST

START_TEST(test_config_id)
{
	struct run *r = RUN("-i", "node1");
	char buf[256];
	const char *id;

	ck_assert_str_eq(cli_config_id(&r->o, buf, sizeof(buf)), "node1");
	r = run_argv((const char *const[]){ "keepalived", NULL });
	id = cli_config_id(&r->o, buf, sizeof(buf));
	ck_assert_ptr_eq(id, buf);
	ck_assert_ptr_null(strchr(id, '.'));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_flag_options, 0,
	    sizeof(flag_opts) / sizeof(flag_opts[0]));
	tcase_add_test(tc, test_flags_grouped);
	tcase_add_loop_test(tc, test_string_options, 0,
	    sizeof(string_opts) / sizeof(string_opts[0]));
	tcase_add_test(tc, test_argument_taken_even_if_dash);
	tcase_add_test(tc, test_config_fd);
	tcase_add_test(tc, test_children);
	tcase_add_test(tc, test_config_test);
	tcase_add_test(tc, test_config_test_log);
	tcase_add_test(tc, test_config_test_log_fails);
	tcase_add_test(tc, test_optional_args);
	tcase_add_test(tc, test_unknown_options);
	tcase_add_test(tc, test_all_errors_reported);
	tcase_add_test(tc, test_word_named_in_errors);
	tcase_add_test(tc, test_unexpected_arguments);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_help_lists_every_option);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_signum);
	tcase_add_test(tc, test_signum_unknown);
	tcase_add_loop_test(tc, test_facility, 0,
	    sizeof(facilities) / sizeof(facilities[0]));
	tcase_add_test(tc, test_facility_number_diags);
	tcase_add_test(tc, test_facility_missing);
	tcase_add_loop_test(tc, test_umask, 0,
	    sizeof(umasks) / sizeof(umasks[0]));
	tcase_add_test(tc, test_umask_forms);
	tcase_add_test(tc, test_genhash);
	tcase_add_test(tc, test_config_id);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
