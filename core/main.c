/*
 * main: keepalived's entry point.  The command line is read by cli.c;
 * here it only chooses the mode: -t tests the configuration and exits
 * with keepalived's -t status, anything else runs the daemon
 * (core/daemon.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "engine.h"
#include "log.h"

/* Make stderr append to path (mode 0644 before the umask). */
static int
stderr_to_file(const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1)
		return -1;
	fflush(stderr);
	if (dup2(fd, STDERR_FILENO) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* -tFILE: from this option on, keepalived's stderr goes to FILE. */
static int
redirect_stderr(struct cli_io *io, const char *path)
{
	return stderr_to_file(path);
}

static void
print_diag(void *ctx, const struct cfg_diag *d)
{
	char buf[2048];

	cfg_diag_format(d, buf, sizeof(buf));
	fprintf(stderr, "%s\n", buf);
}

static struct conf *
load(const struct cli_opts *o, bool test, cfg_sink_fn sink,
    struct cfg_result *res)
{
	struct cfg_opts co = { 0 };
	char id[256];

	co.config_id = cli_config_id(o, id, sizeof(id));
	co.config_test = test;
	co.include_check = o->include_check;
	co.check_ifaces = true;
	co.sink = sink;
	return conf_load(o->conf_file, &co, res);
}

/* -t: diagnostics on stderr, -d adds the model on stdout.  A missing
 * main file is not an error here (keepalived -t exits 0 for it). */
static int
config_test(const struct cli_opts *o)
{
	struct cfg_result res;
	struct conf *c;
	enum cfg_err worst;

	c = load(o, true, print_diag, &res);
	if (c != NULL && o->dump_conf)
		conf_dump(c, stdout);
	conf_free(c);
	if (res.exit_status != 0)
		return res.exit_status;
	worst = res.worst > o->worst ? res.worst : o->worst;
	return cfg_err_exit_status(worst);
}

int
main(int argc, char **argv)
{
	struct cli_io io = { stdout, stderr, redirect_stderr, NULL };
	struct cli_opts o;
	int status;

	cli_opts_init(&o);
	if ((status = cli_parse(&o, argc, argv, &io)) != CLI_CONTINUE)
		return status;
	if (o.genhash) {
		fprintf(stderr, "Vigil: genhash mode is not implemented yet\n");
		return EXIT_FAILURE;
	}
	if (o.config_test)
		return config_test(&o);
	return daemon_run(&o);
}
