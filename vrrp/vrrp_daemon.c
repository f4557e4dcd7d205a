/*
 * vrrp_daemon: the VRRP child's process shell.  Its loop, its channel to
 * the parent, its signals and its dump files; the VRRP engine does the
 * protocol through vrrp_engine (NULL until the engine exists).
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
#include "track_bfd.h"
#include "vrrp.h"
#include "vrrp_daemon.h"

/*
 * The VRRP engine plugs in here: point this at its ops table.  Every
 * member may be NULL.
 */
static const struct vrrp_engine_ops *vrrp_engine = &vrrp_engine_ops;

static const char *const vrrp_state_names[] = {
	"INIT", "BACKUP", "MASTER", "FAULT"
};

/* --- messages to the parent ------------------------------------------- */

static int
child_send(struct vrrp_child *vc, struct ipc_msg *m)
{
	m->hdr.seq = ++vc->seq;
	if (ipc_send(vc->chan, m) == -1) {
		log_warn("VRRP child: cannot send %s to the parent",
		    ipc_type_name(m->hdr.type));
		return -1;
	}
	return 0;
}

static int
send_hello(struct vrrp_child *vc)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_HELLO;
	m.u.hello.version = IPC_VERSION;
	m.u.hello.role = IPC_ROLE_VRRP;
	m.u.hello.pid = getpid();
	m.u.hello.config_ok = 1;
	return child_send(vc, &m);
}

int
vrrp_child_send_state(struct vrrp_child *vc, const char *name,
    unsigned state, unsigned priority)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_VRRP_STATE;
	snprintf(m.u.vrrp.name, sizeof(m.u.vrrp.name), "%s", name);
	m.u.vrrp.state = (uint8_t)state;
	m.u.vrrp.priority = (uint8_t)priority;
	return child_send(vc, &m);
}

/* --- dumps ------------------------------------------------------------ */

static const char *
state_name(enum vrrp_conf_state s)
{
	return s == VRRP_CONF_STATE_MASTER ? "MASTER" :
	    s == VRRP_CONF_STATE_BACKUP ? "BACKUP" : "INIT";
}

/* The configured view of one instance, in keepalived's layout; the
 * engine's dump_data replaces it with the live one. */
static void
dump_instance(FILE *fp, const struct vrrp_instance_conf *v)
{
	const struct ipaddr_conf *a;
	char buf[ADDR_STRLEN];
	unsigned n = 0;

	fprintf(fp, " VRRP Instance = %s\n", v->name);
	fprintf(fp, "   VRRP Version = %u\n", v->version);
	fprintf(fp, "   State = %s\n", vrrp_state_names[0]);
	fprintf(fp, "   Wantstate = %s\n", state_name(v->state));
	fprintf(fp, "   Interface = %s\n", v->ifname != NULL ? v->ifname :
	    "not configured");
	fprintf(fp, "   Virtual Router ID = %u\n", v->vrid);
	fprintf(fp, "   Priority = %u\n", v->priority);
	fprintf(fp, "   Effective priority = %u\n", v->priority);
	if (v->version == 2)
		fprintf(fp, "   Advert interval = %llu sec\n",
		    (unsigned long long)(v->adver_int_us / 1000000));
	else
		fprintf(fp, "   Advert interval = %llu milli-sec\n",
		    (unsigned long long)(v->adver_int_us / 1000));
	fprintf(fp, "   Accept = %s\n", v->accept ? "enabled" : "disabled");
	fprintf(fp, "   Preempt = %s\n", v->nopreempt ? "disabled" :
	    "enabled");
	fprintf(fp, "   Authentication type = %s\n",
	    v->auth_type == VRRP_CONF_AUTH_PASS ? "SIMPLE_PASSWORD" :
	    v->auth_type == VRRP_CONF_AUTH_NONE ? "none" : "IPSEC_AH");
	STAILQ_FOREACH(a, &v->vips, next)
		n++;
	if (n == 0)
		return;
	fprintf(fp, "   Virtual IP (%u):\n", n);
	STAILQ_FOREACH(a, &v->vips, next)
		fprintf(fp, "     %s dev %s\n", addr_str(&a->addr, buf,
		    sizeof(buf)), a->dev != NULL ? a->dev : (v->ifname ?
		    v->ifname : "(none)"));
}

static void
dump_data(struct vrrp_child *vc, FILE *fp)
{
	const struct vrrp_instance_conf *v;

	daemon_dump_globals(fp, vc->conf);
	if (vrrp_engine != NULL && vrrp_engine->dump_data != NULL) {
		vrrp_engine->dump_data(vc, fp);
		return;
	}
	if (STAILQ_EMPTY(&vc->conf->vrrp.instances))
		return;
	fprintf(fp, "------< VRRP Topology >------\n");
	STAILQ_FOREACH(v, &vc->conf->vrrp.instances, next)
		dump_instance(fp, v);
}

/* keepalived.stats without an engine: every counter is zero. */
static void
dump_stats(struct vrrp_child *vc, FILE *fp, bool clear)
{
	const struct vrrp_instance_conf *v;

	if (vrrp_engine != NULL && vrrp_engine->dump_stats != NULL) {
		vrrp_engine->dump_stats(vc, fp, clear);
		return;
	}
	STAILQ_FOREACH(v, &vc->conf->vrrp.instances, next)
		fprintf(fp, "VRRP Instance: %s\n"
		    "  Advertisements:\n    Received: 0\n    Sent: 0\n"
		    "  Became master: 0\n  Released master: 0\n"
		    "  Packet Errors:\n    Length: 0\n    TTL: 0\n"
		    "    Invalid Type: 0\n    Advertisement Interval: 0\n"
		    "    Address List: 0\n  Authentication Errors:\n"
		    "    Invalid Type: 0\n    Type Mismatch: 0\n"
		    "    Failure: 0\n  Priority Zero:\n    Received: 0\n"
		    "    Sent: 0\n", v->name);
}

static void
dump_json(struct vrrp_child *vc, FILE *fp)
{
	const struct vrrp_instance_conf *v;
	const char *sep = "";

	if (vrrp_engine != NULL && vrrp_engine->dump_json != NULL) {
		vrrp_engine->dump_json(vc, fp);
		return;
	}
	fputc('[', fp);
	STAILQ_FOREACH(v, &vc->conf->vrrp.instances, next) {
		fprintf(fp, "%s{\"data\":{\"iname\":\"%s\",\"vrid\":%u,"
		    "\"base_priority\":%u,\"effective_priority\":%u,"
		    "\"state\":0,\"wantstate\":%d,\"version\":%u},"
		    "\"stats\":{}}", sep, v->name, v->vrid, v->priority,
		    v->priority, (int)v->state, v->version);
		sep = ",";
	}
	fputs("]\n", fp);
}

static void
write_dump(struct vrrp_child *vc, const char *name,
    void (*fn)(struct vrrp_child *, FILE *, bool), bool arg)
{
	const struct global_conf *g = &vc->conf->global;
	struct dumpfile df;
	char path[PATH_MAX];

	if (dumpfile_path(path, sizeof(path), name, g->data_use_instance ?
	    g->net_namespace : NULL, g->data_use_instance ? g->instance :
	    NULL) == NULL || dumpfile_open(&df, path) == -1) {
		log_info("Can't open dump file %s (%d: %s)", name, errno,
		    strerror(errno));
		return;
	}
	fn(vc, df.fp, arg);
	if (dumpfile_commit(&df) == -1)
		log_warn("Can't write dump file %s", path);
}

static void
data_fn(struct vrrp_child *vc, FILE *fp, bool unused)
{
	dump_data(vc, fp);
}

static void
json_fn(struct vrrp_child *vc, FILE *fp, bool unused)
{
	dump_json(vc, fp);
}

static void
do_dump(struct vrrp_child *vc, unsigned kind)
{
	int pid = (int)getpid();

	switch (kind) {
	case IPC_DUMP_DATA:
		log_info("Printing VRRP data for process(%d) on signal", pid);
		write_dump(vc, "keepalived.data", data_fn, false);
		break;
	case IPC_DUMP_STATS:
	case IPC_DUMP_STATS_CLEAR:
		log_info("Printing %sVRRP stats for process(%d) on signal",
		    kind == IPC_DUMP_STATS_CLEAR ? "and clearing " : "", pid);
		write_dump(vc, "keepalived.stats", dump_stats,
		    kind == IPC_DUMP_STATS_CLEAR);
		break;
	case IPC_DUMP_JSON:
		log_info("Printing VRRP as json for process(%d) on signal",
		    pid);
		/* keepalived writes no JSON file without instances. */
		if (!STAILQ_EMPTY(&vc->conf->vrrp.instances))
			write_dump(vc, "keepalived.json", json_fn, false);
		break;
	}
}

/* --- reload and stop -------------------------------------------------- */

static void
do_reload(struct vrrp_child *vc)
{
	const struct conf *old = vc->conf;
	struct conf *old_owned = vc->owned, *c;
	int status;
	bool no_config;

	log_info("Reloading");
	/* The parent logged the diagnostics; this parse is silent. */
	c = daemon_conf_load(vc->opts, false, &status, &no_config);
	if (c == NULL) {
		log_warnx("Reload failed: keeping the running configuration");
		return;
	}
	vc->conf = vc->owned = c;
	if (vrrp_engine != NULL && vrrp_engine->reload != NULL &&
	    vrrp_engine->reload(vc, old) != 0)
		log_warnx("VRRP engine could not apply the new configuration");
	conf_free(old_owned);
	log_info("Reload complete");
	send_hello(vc);
}

static void
child_stop(struct vrrp_child *vc, int status)
{
	if (vrrp_engine != NULL && vrrp_engine->stop != NULL)
		vrrp_engine->stop(vc);
	vc->status = status;
	ev_loop_break(vc->loop);
}

/* --- the channel and signals ------------------------------------------ */

static void
chan_message(struct vrrp_child *vc, const struct ipc_msg *m)
{
	switch (m->hdr.type) {
	case IPC_RS_STATE:
		if (vrrp_engine != NULL && vrrp_engine->rs_state != NULL)
			vrrp_engine->rs_state(vc, &m->u.rs);
		break;
	case IPC_BFD_STATE:
		vrrp_bfd_state(vc, &m->u.bfd);
		break;
	case IPC_SNAPSHOT_END:
		vc->snapshot_done = true;
		if (vrrp_engine != NULL && vrrp_engine->snapshot_end != NULL)
			vrrp_engine->snapshot_end(vc);
		break;
	case IPC_RELOAD:
		do_reload(vc);
		break;
	case IPC_DUMP:
		do_dump(vc, m->u.dump.kind);
		break;
	default:
		log_warnx("VRRP child: unexpected %s from the parent",
		    ipc_type_name(m->hdr.type));
		break;
	}
}

static void
chan_read(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct vrrp_child *vc = io->arg;
	struct ipc_msg m;
	int i, rc;

	for (i = 0; i < 64; i++) {
		rc = ipc_recv(vc->chan, &m);
		if (rc == 1) {
			chan_message(vc, &m);
			continue;
		}
		if (rc == -1 && errno == EAGAIN)
			return;
		/* EOF or a broken channel: the parent is gone. */
		if (rc == -1)
			log_warn("VRRP child: channel to the parent");
		ev_io_stop(l, io);
		child_stop(vc, 0);
		return;
	}
}

static void
on_signal(struct ev_loop *l, struct ev_signal *s,
    const struct signalfd_siginfo *si)
{
	struct vrrp_child *vc = s->arg;
	int sig = (int)si->ssi_signo;

	if (sig == SIGTERM || sig == SIGINT)
		child_stop(vc, 0);
	else if (sig == SIGHUP)
		do_reload(vc);
	else if (sig == SIGUSR1)
		do_dump(vc, IPC_DUMP_DATA);
	else if (sig == SIGUSR2)
		do_dump(vc, IPC_DUMP_STATS);
	else if (sig == SIGRTMAX - 1)
		do_dump(vc, IPC_DUMP_STATS_CLEAR);
	else if (sig == SIGRTMIN + 2)
		do_dump(vc, IPC_DUMP_JSON);
}

static int
signals_start(struct vrrp_child *vc)
{
	const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
	    SIGRTMAX - 1, SIGRTMIN + 2 };
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		ev_signal_init(&vc->sig[i], sigs[i], on_signal, vc);
		if (ev_signal_start(vc->loop, &vc->sig[i]) == -1)
			return -1;
	}
	return 0;
}

int
vrrp_child_main(const struct conf *conf, const struct cli_opts *opts,
    int chan_fd)
{
	struct vrrp_child vc;
	int status;

	memset(&vc, 0, sizeof(vc));
	vc.conf = conf;
	vc.opts = opts;
	vc.chan = chan_fd;
	/* keepalived's VRRP child stops at once on a missing interface. */
	if (conf->vrrp.missing_iface && !conf->global.dynamic_interfaces)
		return SUP_EXIT_CONFIG;
	if ((vc.loop = ev_loop_new()) == NULL || signals_start(&vc) == -1) {
		log_warn("VRRP child: event loop");
		vc.status = SUP_EXIT_FATAL;
		goto done;
	}
	ev_io_init(&vc.chan_io, chan_fd, EPOLLIN, chan_read, &vc);
	if (ev_io_start(vc.loop, &vc.chan_io) == -1) {
		vc.status = SUP_EXIT_FATAL;
		goto done;
	}
	if (opts->dump_conf)
		daemon_log_conf(conf, vrrp_conf_dump);
	if (vrrp_engine != NULL && vrrp_engine->start != NULL &&
	    (status = vrrp_engine->start(&vc)) != 0) {
		vc.status = status;
		goto done;
	}
	send_hello(&vc);
	if (ev_loop_run(vc.loop) == -1) {
		log_warn("VRRP child: event loop");
		vc.status = SUP_EXIT_FATAL;
	}
done:
	ev_loop_free(vc.loop);
	conf_free(vc.owned);
	return vc.status;
}
