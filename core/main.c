/*
 * main: keepalived's command line (stub: -t and -f only).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "engine.h"

static void
print_diag(void *ctx, const struct cfg_diag *d)
{
	char buf[2048];

	cfg_diag_format(d, buf, sizeof(buf));
	fprintf(stderr, "%s\n", buf);
}

int
main(int argc, char **argv)
{
	const char *path = "/etc/keepalived/keepalived.conf";
	struct cfg_opts opts = { .config_test = true, .sink = print_diag };
	struct cfg_result res;
	struct conf *c;
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-f") && i + 1 < argc)
			path = argv[++i];
	c = conf_load(path, &opts, &res);
	if (c != NULL)
		conf_dump(c, stdout);
	conf_free(c);
	if (res.exit_status)
		return res.exit_status;
	return cfg_err_exit_status(res.worst);
}
