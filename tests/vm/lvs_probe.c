/*
 * lvs_probe: drive checker/lvs.c from a configuration, without the
 * checker engine, so the IPVS layer is verified on a real IPVS kernel
 * (tests/vm/ipvs.sh runs it inside the VM).
 *
 *   lvs_probe CONFIG
 *
 * parses CONFIG with the project's parser, calls lvs_init() and adds
 * every virtual server with all its real servers at their weights (what
 * the checker does at a non-alpha start).  Then it reads commands, one a
 * line, from stdin and answers each with "ok N" or "fail N" on stdout:
 *
 *   down ADDR PORT   the real server failed: removed, or weight 0 with
 *                    inhibit_on_failure
 *   up ADDR PORT     it came back: added again, or its weight restored
 *   stop             lvs_vs_flush_all() (what stopping does), then exit
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "lvs.h"

static int
probe_each_rs(const struct conf *c, const struct addr *a, unsigned port,
    bool up)
{
	const struct check_vs *vs;
	const struct check_rs *rs;
	int ret = 0, n = 0, w;

	STAILQ_FOREACH(vs, &c->check.vss, next)
		STAILQ_FOREACH(rs, &vs->rs, next) {
			if (addr_cmp(&rs->addr, a) != 0 || rs->port != port)
				continue;
			n++;
			w = (int)rs->weight;
			if (rs->inhibit > 0)
				ret |= lvs_rs_edit(vs, rs, up ? w : 0);
			else if (up)
				ret |= lvs_rs_add(vs, rs, w);
			else
				ret |= lvs_rs_del(vs, rs);
		}
	return n == 0 ? -1 : ret;
}

static int
probe_start(const struct conf *c)
{
	const struct check_vs *vs;
	const struct check_rs *rs;
	int ret = 0;

	STAILQ_FOREACH(vs, &c->check.vss, next) {
		ret |= lvs_vs_add(vs);
		STAILQ_FOREACH(rs, &vs->rs, next)
			ret |= lvs_rs_add(vs, rs, (int)rs->weight);
	}
	return ret;
}

static int
probe_line(const struct conf *c, char *line)
{
	char *cmd, *a, *p, *save;
	struct addr addr;

	cmd = strtok_r(line, " \t\n", &save);
	if (cmd == NULL)
		return -1;
	if (strcmp(cmd, "stop") == 0)
		return lvs_vs_flush_all();
	a = strtok_r(NULL, " \t\n", &save);
	p = strtok_r(NULL, " \t\n", &save);
	if (a == NULL || p == NULL || addr_parse_host(a, &addr) == -1)
		return -1;
	if (strcmp(cmd, "down") == 0)
		return probe_each_rs(c, &addr, (unsigned)atoi(p), false);
	if (strcmp(cmd, "up") == 0)
		return probe_each_rs(c, &addr, (unsigned)atoi(p), true);
	return -1;
}

int
main(int argc, char *argv[])
{
	struct cfg_opts opts = { 0 };
	struct cfg_result res;
	struct conf *c;
	char line[256];
	unsigned n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: lvs_probe CONFIG\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	c = conf_load(argv[1], &opts, &res);
	if (c == NULL) {
		fprintf(stderr, "lvs_probe: cannot load %s\n", argv[1]);
		return 1;
	}
	if (lvs_init() == -1) {
		fprintf(stderr, "lvs_probe: no IPVS: %s\n", strerror(errno));
		return 1;
	}
	printf("%s 0\n", probe_start(c) == 0 ? "ok" : "fail");
	while (fgets(line, sizeof(line), stdin) != NULL) {
		n++;
		printf("%s %u\n", probe_line(c, line) == 0 ? "ok" : "fail", n);
		if (strncmp(line, "stop", 4) == 0)
			break;
	}
	lvs_close();
	conf_free(c);
	return 0;
}
