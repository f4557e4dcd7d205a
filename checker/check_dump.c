/*
 * check_dump: the checker's part of keepalived_check.data (SIGUSR1):
 * virtual servers, real servers and their checkers with live state, in
 * the shape of keepalived's dump_check_data (" ------< Virtual server
 * >------", 3-space indented keys).  keepalived calls the format
 * unstable; tests should grep keys, not compare files.
 */
#include <stdio.h>

#include "check_engine.h"

static const char *
dump_yn(bool v)
{
	return v ? "yes" : "no";
}

static void
dump_chk(FILE *fp, const struct ce_checker *c)
{
	fprintf(fp, "     Checker type = %s\n", c->ops->name);
	fprintf(fp, "       Up = %s\n", dump_yn(c->sc.is_up));
	fprintf(fp, "       Has run = %s\n", dump_yn(c->sc.has_run));
	fprintf(fp, "       Retry = %u\n", c->sc.p.retry);
	fprintf(fp, "       Retries iterations = %u\n", c->sc.retry_it);
	fprintf(fp, "       Delay loop = %llu us\n",
	    (unsigned long long)c->sc.p.delay_loop);
	fprintf(fp, "       Delay before retry = %llu us\n",
	    (unsigned long long)c->sc.p.delay_before_retry);
	fprintf(fp, "       Warmup = %llu us\n",
	    (unsigned long long)c->sc.p.warmup);
	fprintf(fp, "       Connection timeout = %llu us\n",
	    (unsigned long long)ce_timeout(c));
	fprintf(fp, "       Runs = %u, failures = %u\n", c->nruns, c->nfail);
	if (c->why[0] != '\0')
		fprintf(fp, "       Last failure = %s\n", c->why);
}

static void
dump_rs(FILE *fp, const struct ce_rs *rs)
{
	unsigned i;

	fprintf(fp, "   ------< Real server >------\n");
	fprintf(fp, "   RS = %s\n", rs->str);
	fprintf(fp, "   Weight = %lld, effective weight = %lld\n",
	    (long long)rs->st.iweight,
	    (long long)sched_real_weight(rs->st.weight));
	fprintf(fp, "   Alive = %s\n", dump_yn(rs->st.alive));
	fprintf(fp, "   Set = %s\n", dump_yn(rs->set));
	fprintf(fp, "   Inhibit on failure = %s\n", dump_yn(rs->st.inhibit));
	fprintf(fp, "   Failed checkers = %u\n", rs->st.num_failed);
	fprintf(fp, "   Alpha = %s\n", dump_yn(rs->conf->alpha > 0));
	for (i = 0; i < rs->nchk; i++)
		dump_chk(fp, &rs->chk[i]);
}

void
ce_dump(struct ce_engine *e, FILE *fp)
{
	const struct ce_vs *vs;
	unsigned i, j;

	if (e->nvs == 0)
		return;
	fprintf(fp, "------< LVS Topology >------\n");
	fprintf(fp, " System is compiled with LVS v1.2.1\n");
	for (i = 0; i < e->nvs; i++) {
		vs = &e->vs[i];
		fprintf(fp, " ------< Virtual server >------\n");
		fprintf(fp, " VS = %s\n", vs->str);
		if (vs->conf->sched[0] != '\0')
			fprintf(fp, "   lb_algo = %s\n", vs->conf->sched);
		fprintf(fp, "   Quorum = %u, hysteresis = %u\n", vs->q.quorum,
		    vs->q.hysteresis);
		fprintf(fp, "   Quorum state = %s\n", vs->q.quorum_up ? "UP" :
		    "DOWN");
		fprintf(fp, "   Alpha is %s\n", vs->conf->alpha ? "ON" : "OFF");
		fprintf(fp, "   Omega is %s\n", vs->conf->omega ? "ON" : "OFF");
		for (j = 0; j < vs->nrs; j++)
			dump_rs(fp, &vs->rs[j]);
	}
	fprintf(fp, " SMTP alerts sent = %u\n", e->alerts_sent);
}
