/*
 * bfd_daemon: the BFD child's shell — its loop, its channel to the
 * parent, signals, reload and the keepalived_bfd.data dump.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "bfd_daemon.h"
#include "bfd_net.h"
#include "bfd_session.h"
#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "dumpfile.h"
#include "ipc.h"
#include "log.h"
#include "supervise.h"

int
bfd_child_send(struct bfd_child *bc, struct ipc_msg *m)
{
	m->hdr.seq = ++bc->seq;
	if (ipc_send(bc->chan, m) == -1) {
		if (errno != EPIPE)
			log_warn("BFD child: channel to the parent");
		return -1;
	}
	return 0;
}

static void
send_hello(struct bfd_child *bc)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_HELLO;
	m.u.hello.version = IPC_VERSION;
	m.u.hello.role = IPC_ROLE_BFD;
	m.u.hello.pid = (int32_t)getpid();
	m.u.hello.config_ok = 1;
	bfd_child_send(bc, &m);
}

/* --- sessions -------------------------------------------------------------- */

static void
rts_free(struct bfd_rt *rts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		bfd_rt_stop(&rts[i]);
	free(rts);
}

static const struct bfd_rt *
rt_by_name(const struct bfd_rt *rts, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rts[i].name, name) == 0)
			return &rts[i];
	return NULL;
}

/* Build conf's sessions; those whose name ran before keep their state
 * (RFC 5880 §6.8.1: state variables are never reinitialised). */
static void
rts_load(struct bfd_child *bc, const struct conf *conf)
{
	struct bfd_rt *old = bc->rts, *rts;
	const struct bfd_rt *o;
	size_t nold = bc->nrts, n, i;

	n = bfd_rts_build(bc, conf, &rts);
	for (i = 0; i < n; i++)
		if ((o = rt_by_name(old, nold, rts[i].name)) != NULL &&
		    addr_cmp(&o->nbr, &rts[i].nbr) == 0)
			bfd_sess_copy_state(&rts[i].s, &o->s);
	rts_free(old, nold);
	bc->rts = rts;
	bc->nrts = n;
	for (i = 0; i < n; i++)
		bfd_rt_start(&rts[i]);
	bfd_rt_tell_all(bc);
}

/* --- dump ----------------------------------------------------------------- */

static void
dump_rt(FILE *fp, const struct bfd_rt *r)
{
	const struct bfd_sess *s = &r->s;
	char a[ADDR_STRLEN];

	fprintf(fp, " BFD Instance = %s\n", r->name);
	fprintf(fp, "   Neighbor IP = %s\n", addr_str(&r->nbr, a, sizeof(a)));
	if (addr_is_set(&r->src))
		fprintf(fp, "   Source IP = %s\n",
		    addr_str(&r->src, a, sizeof(a)));
	fprintf(fp, "   Required min RX interval = %u us\n", r->params.min_rx_us);
	fprintf(fp, "   Desired min TX interval = %u us\n", r->params.min_tx_us);
	fprintf(fp, "   Desired idle TX interval = %u us\n",
	    r->params.idle_tx_us);
	fprintf(fp, "   Detection multiplier = %d\n", r->params.mult);
	fprintf(fp, "   %s = %d\n", r->nbr.family == AF_INET ? "TTL" :
	    "hoplimit", r->ttl);
	fprintf(fp, "   max_hops = %d\n", r->max_hops);
	fprintf(fp, "   passive = %s\n", r->params.passive ? "true" : "false");
	fprintf(fp, "   send event to VRRP process = %s\n",
	    r->to & IPC_BFD_TO_VRRP ? "Yes" : "No");
	fprintf(fp, "   send event to checker process = %s\n",
	    r->to & IPC_BFD_TO_CHECKER ? "Yes" : "No");
	fprintf(fp, "   send error = %s\n", r->send_error ? "true" : "false");
	fprintf(fp, "   local state = %s\n", bfd_state_name(s->local_state));
	fprintf(fp, "   remote state = %s\n", bfd_state_name(s->remote_state));
	fprintf(fp, "   local discriminator = 0x%x\n", s->local_discr);
	fprintf(fp, "   remote discriminator = 0x%x\n", s->remote_discr);
	fprintf(fp, "   local diag = %s\n", bfd_diag_name(s->local_diag));
	fprintf(fp, "   remote diag = %s\n", bfd_diag_name(s->remote_diag));
	fprintf(fp, "   remote min tx intv = %u us\n", s->remote_min_tx);
	fprintf(fp, "   remote min rx intv = %u us\n", s->remote_min_rx);
	fprintf(fp, "   remote demand = %u\n", s->remote_demand);
	fprintf(fp, "   remote detect multiplier = %u\n", s->remote_mult);
	fprintf(fp, "   %spoll, %sfinal\n", s->poll ? "" : "!",
	    s->final ? "" : "!");
	fprintf(fp, "   local tx intv = %u us\n", s->local_tx_intv);
	fprintf(fp, "   remote tx intv = %u us\n", s->remote_tx_intv);
	fprintf(fp, "   local detection time = %llu us\n",
	    (unsigned long long)s->local_detect_time);
	fprintf(fp, "   remote detection time = %llu us\n",
	    (unsigned long long)s->remote_detect_time);
	fprintf(fp, "   packets received = %llu, sent = %llu, dropped = %llu\n",
	    (unsigned long long)r->nrx, (unsigned long long)r->ntx,
	    (unsigned long long)r->nbad);
}

void
bfd_dump(const struct bfd_child *bc, FILE *fp)
{
	size_t i;

	fprintf(fp, "------< BFD Data >------\n");
	fprintf(fp, " fd_in = %d\n", bc->fd_in);
	if (bc->nrts == 0)
		return;
	fprintf(fp, "------< BFD Topology >------\n");
	for (i = 0; i < bc->nrts; i++)
		dump_rt(fp, &bc->rts[i]);
}

static void
do_dump(struct bfd_child *bc)
{
	const struct global_conf *g = &bc->conf->global;
	struct dumpfile df;
	char path[PATH_MAX];

	log_info("Printing BFD data for process(%d) on signal", (int)getpid());
	if (dumpfile_path(path, sizeof(path), "keepalived_bfd.data",
	    g->data_use_instance ? g->net_namespace : NULL,
	    g->data_use_instance ? g->instance : NULL) == NULL ||
	    dumpfile_open(&df, path) == -1) {
		log_info("Can't open dump file %s (%d: %s)",
		    "keepalived_bfd.data", errno, strerror(errno));
		return;
	}
	daemon_dump_globals(df.fp, bc->conf);
	bfd_dump(bc, df.fp);
	if (dumpfile_commit(&df) == -1)
		log_warn("Can't write dump file %s", path);
}

/* --- reload, stop, channel, signals ---------------------------------------- */

static void
do_reload(struct bfd_child *bc)
{
	struct conf *old = bc->owned, *c;
	uint64_t t0 = ev_clock_us();
	int status;
	bool no_config;

	log_info("Reloading");
	c = daemon_conf_load(bc->opts, false, &status, &no_config);
	if (c == NULL) {
		log_warnx("Reload failed: keeping the running configuration");
		return;
	}
	bc->conf = bc->owned = c;
	rts_load(bc, c);
	conf_free(old);
	/* keepalived's BFD child words it so */
	log_info("Reload finished in %llu usec",
	    (unsigned long long)(ev_clock_us() - t0));
	send_hello(bc);
}

static void
child_stop(struct bfd_child *bc, int status)
{
	bc->status = status;
	ev_loop_break(bc->loop);
}

static void
chan_message(struct bfd_child *bc, const struct ipc_msg *m)
{
	switch (m->hdr.type) {
	case IPC_RELOAD:
		do_reload(bc);
		break;
	case IPC_DUMP:
		if (m->u.dump.kind == IPC_DUMP_DATA)
			do_dump(bc);
		break;
	case IPC_SNAPSHOT_END:
		break;
	default:
		log_warnx("BFD child: unexpected %s from the parent",
		    ipc_type_name(m->hdr.type));
		break;
	}
}

static void
chan_read(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct bfd_child *bc = io->arg;
	struct ipc_msg m;
	int i, rc;

	for (i = 0; i < 64; i++) {
		rc = ipc_recv(bc->chan, &m);
		if (rc == 1) {
			chan_message(bc, &m);
			continue;
		}
		if (rc == -1 && errno == EAGAIN)
			return;
		if (rc == -1)
			log_warn("BFD child: channel to the parent");
		ev_io_stop(l, io);
		child_stop(bc, 0);
		return;
	}
}

static void
on_signal(struct ev_loop *l, struct ev_signal *s,
    const struct signalfd_siginfo *si)
{
	struct bfd_child *bc = s->arg;
	int sig = (int)si->ssi_signo;

	if (sig == SIGTERM || sig == SIGINT)
		child_stop(bc, 0);
	else if (sig == SIGHUP)
		do_reload(bc);
	else if (sig == SIGUSR1)
		do_dump(bc);
}

static int
signals_start(struct bfd_child *bc)
{
	const int sigs[BFD_CHILD_NSIG] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
	int i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < BFD_CHILD_NSIG; i++) {
		ev_signal_init(&bc->sig[i], sigs[i], on_signal, bc);
		if (ev_signal_start(bc->loop, &bc->sig[i]) == -1)
			return -1;
	}
	return 0;
}

static int
child_setup(struct bfd_child *bc)
{
	if ((bc->loop = ev_loop_new()) == NULL || signals_start(bc) == -1) {
		log_warn("BFD child: event loop");
		return SUP_EXIT_FATAL;
	}
	ev_io_init(&bc->chan_io, bc->chan, EPOLLIN, chan_read, bc);
	if (ev_io_start(bc->loop, &bc->chan_io) == -1)
		return SUP_EXIT_FATAL;
	/* Without its listening socket the process is useless (keepalived
	 * exits with EXIT_FAILURE, which the parent treats as fatal). */
	if ((bc->fd_in = bfd_net_open_in(BFD_PORT_CONTROL)) == -1) {
		log_warn("Unable to open listening socket");
		return SUP_EXIT_FATAL;
	}
	ev_io_init(&bc->in_io, bc->fd_in, EPOLLIN, bfd_rx_ready, bc);
	if (ev_io_start(bc->loop, &bc->in_io) == -1)
		return SUP_EXIT_FATAL;
	return 0;
}

int
bfd_child_main(const struct conf *conf, const struct cli_opts *opts,
    int chan_fd)
{
	struct bfd_child bc;

	memset(&bc, 0, sizeof(bc));
	bc.conf = conf;
	bc.opts = opts;
	bc.chan = chan_fd;
	bc.fd_in = -1;
	if ((bc.status = child_setup(&bc)) != 0)
		goto done;
	send_hello(&bc);
	rts_load(&bc, conf);
	if (ev_loop_run(bc.loop) == -1) {
		log_warn("BFD child: event loop");
		bc.status = SUP_EXIT_FATAL;
	}
done:
	rts_free(bc.rts, bc.nrts);
	if (bc.fd_in != -1)
		close(bc.fd_in);
	ev_loop_free(bc.loop);
	conf_free(bc.owned);
	return bc.status;
}
