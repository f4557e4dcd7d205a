/*
 * check_daemon: the checker child's process shell.  Its loop, its
 * channel, its signals and keepalived_check.data; the health checks are
 * the checker engine's, through check_engine (NULL until it exists).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "dumpfile.h"
#include "log.h"
#include "check_daemon.h"
#include "check_engine.h"

/*
 * The checker engine plugs in here: point this at its ops table.  Every
 * member may be NULL.
 */
static const struct check_engine_ops *check_engine = &check_engine_vigil;

#define IPVS_PROC	"/proc/net/ip_vs"

static int
child_send(struct check_child *cc, struct ipc_msg *m)
{
	m->hdr.seq = ++cc->seq;
	if (ipc_send(cc->chan, m) == -1) {
		log_warn("Healthcheck child: cannot send %s to the parent",
		    ipc_type_name(m->hdr.type));
		return -1;
	}
	return 0;
}

static int
send_hello(struct check_child *cc)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_HELLO;
	m.u.hello.version = IPC_VERSION;
	m.u.hello.role = IPC_ROLE_CHECKER;
	m.u.hello.pid = getpid();
	m.u.hello.config_ok = 1;
	return child_send(cc, &m);
}

int
check_child_send_rs(struct check_child *cc, const struct ipc_rs_state *rs)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_RS_STATE;
	m.u.rs = *rs;
	return child_send(cc, &m);
}

/*
 * keepalived starts IPVS when a virtual server survived validation and
 * exits 1 when it cannot.  Vigil says the same first words, then runs
 * the health checks without IPVS.
 */
static void
ipvs_probe(struct check_child *cc)
{
	if (STAILQ_EMPTY(&cc->conf->check.vss))
		return;
	log_info("Initializing ipvs");
	cc->have_ipvs = access(IPVS_PROC, F_OK) == 0;
	if (cc->have_ipvs)
		return;
	log_info("IPVS: Can't initialize ipvs: %s", strerror(ENOENT));
	log_warnx("Vigil: the kernel has no IPVS; running health checks "
	    "only (real server states still drive VRRP tracking)");
}

/* --- the dump ---------------------------------------------------------- */

static void
dump_rs(FILE *fp, const struct check_rs *rs)
{
	char buf[ADDR_STRLEN];
	int64_t w = rs->weight == INT64_MAX ? 1 : rs->weight;

	fprintf(fp, "   ------< Real server >------\n");
	fprintf(fp, "   RIP = %s, RPORT = %u, WEIGHT = %lld EFF WEIGHT = "
	    "%lld\n", addr_str(&rs->addr, buf, sizeof(buf)), rs->port,
	    (long long)w, (long long)w);
}

static void
dump_vs(FILE *fp, const struct check_vs *vs)
{
	const struct check_rs *rs;
	char buf[ADDR_STRLEN];

	fprintf(fp, " ------< Virtual server >------\n");
	if (vs->kind == CHECK_VS_GROUP)
		fprintf(fp, " VS GROUP = %s\n", check_vs_str(vs, buf,
		    sizeof(buf)));
	else if (vs->kind == CHECK_VS_FWMARK)
		fprintf(fp, " VS FWMARK = %u\n", vs->fwmark);
	else
		fprintf(fp, " VS VIP = %s, VPORT = %u\n", addr_str(&vs->addr,
		    buf, sizeof(buf)), vs->port);
	if (vs->af != AF_UNSPEC)
		fprintf(fp, "   Address family = inet%s\n", vs->af == AF_INET ?
		    "" : "6");
	if (vs->sched[0] != '\0')
		fprintf(fp, "   lb_algo = %s\n", vs->sched);
	STAILQ_FOREACH(rs, &vs->rs, next)
		dump_rs(fp, rs);
}

static void
dump_data(struct check_child *cc, FILE *fp)
{
	const struct check_vs *vs;

	daemon_dump_globals(fp, cc->conf);
	if (check_engine != NULL && check_engine->dump_data != NULL) {
		check_engine->dump_data(cc, fp);
		return;
	}
	if (STAILQ_EMPTY(&cc->conf->check.vss))
		return;
	fprintf(fp, "------< LVS Topology >------\n");
	fprintf(fp, " System is compiled with LVS v1.2.1\n");
	STAILQ_FOREACH(vs, &cc->conf->check.vss, next)
		dump_vs(fp, vs);
}

static void
do_dump(struct check_child *cc, unsigned kind)
{
	const struct global_conf *g = &cc->conf->global;
	struct dumpfile df;
	char path[PATH_MAX];

	if (kind != IPC_DUMP_DATA)
		return;		/* stats and JSON are the VRRP child's */
	log_info("Printing checker data for process(%d) on signal",
	    (int)getpid());
	if (dumpfile_path(path, sizeof(path), "keepalived_check.data",
	    g->data_use_instance ? g->net_namespace : NULL,
	    g->data_use_instance ? g->instance : NULL) == NULL ||
	    dumpfile_open(&df, path) == -1) {
		log_info("Can't open dump file %s (%d: %s)",
		    "keepalived_check.data", errno, strerror(errno));
		return;
	}
	dump_data(cc, df.fp);
	if (dumpfile_commit(&df) == -1)
		log_warn("Can't write dump file %s", path);
}

/* --- reload and stop --------------------------------------------------- */

static void
do_reload(struct check_child *cc)
{
	const struct conf *old = cc->conf;
	struct conf *old_owned = cc->owned, *c;
	int status;
	bool no_config;

	log_info("Reloading");
	c = daemon_conf_load(cc->opts, false, &status, &no_config);
	if (c == NULL) {
		log_warnx("Reload failed: keeping the running configuration");
		return;
	}
	cc->conf = cc->owned = c;
	if (check_engine != NULL && check_engine->reload != NULL &&
	    check_engine->reload(cc, old) != 0)
		log_warnx("checker engine could not apply the new "
		    "configuration");
	conf_free(old_owned);
	log_info("Reload complete");
	send_hello(cc);
}

static void
child_stop(struct check_child *cc, int status)
{
	if (check_engine != NULL && check_engine->stop != NULL)
		check_engine->stop(cc);
	cc->status = status;
	ev_loop_break(cc->loop);
}

/* --- channel and signals ----------------------------------------------- */

static void
chan_read(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct check_child *cc = io->arg;
	struct ipc_msg m;
	int i, rc;

	for (i = 0; i < 64; i++) {
		rc = ipc_recv(cc->chan, &m);
		if (rc == -1 && errno == EAGAIN)
			return;
		if (rc != 1) {
			if (rc == -1)
				log_warn("Healthcheck child: channel to the "
				    "parent");
			ev_io_stop(l, io);
			child_stop(cc, 0);
			return;
		}
		if (m.hdr.type == IPC_RELOAD)
			do_reload(cc);
		else if (m.hdr.type == IPC_DUMP)
			do_dump(cc, m.u.dump.kind);
		else if (m.hdr.type == IPC_BFD_STATE)
			check_bfd_event(cc, &m.u.bfd);
		else
			log_warnx("Healthcheck child: unexpected %s from the "
			    "parent", ipc_type_name(m.hdr.type));
	}
}

static void
on_signal(struct ev_loop *l, struct ev_signal *s,
    const struct signalfd_siginfo *si)
{
	struct check_child *cc = s->arg;

	switch (si->ssi_signo) {
	case SIGTERM:
	case SIGINT:
		child_stop(cc, 0);
		break;
	case SIGHUP:
		do_reload(cc);
		break;
	case SIGUSR1:
		do_dump(cc, IPC_DUMP_DATA);
		break;
	}
}

static int
signals_start(struct check_child *cc)
{
	const int sigs[CHECK_CHILD_NSIG] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
	int i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < CHECK_CHILD_NSIG; i++) {
		ev_signal_init(&cc->sig[i], sigs[i], on_signal, cc);
		if (ev_signal_start(cc->loop, &cc->sig[i]) == -1)
			return -1;
	}
	return 0;
}

int
check_child_main(const struct conf *conf, const struct cli_opts *opts,
    int chan_fd)
{
	struct check_child cc;
	int status;

	memset(&cc, 0, sizeof(cc));
	cc.conf = conf;
	cc.opts = opts;
	cc.chan = chan_fd;
	if ((cc.loop = ev_loop_new()) == NULL || signals_start(&cc) == -1) {
		log_warn("Healthcheck child: event loop");
		cc.status = SUP_EXIT_FATAL;
		goto done;
	}
	ev_io_init(&cc.chan_io, chan_fd, EPOLLIN, chan_read, &cc);
	if (ev_io_start(cc.loop, &cc.chan_io) == -1) {
		cc.status = SUP_EXIT_FATAL;
		goto done;
	}
	if (opts->dump_conf)
		daemon_log_conf(conf, check_conf_dump);
	ipvs_probe(&cc);
	if (check_engine != NULL && check_engine->start != NULL &&
	    (status = check_engine->start(&cc)) != 0) {
		cc.status = status;
		goto done;
	}
	send_hello(&cc);
	if (ev_loop_run(cc.loop) == -1) {
		log_warn("Healthcheck child: event loop");
		cc.status = SUP_EXIT_FATAL;
	}
done:
	ev_loop_free(cc.loop);
	conf_free(cc.owned);
	return cc.status;
}
