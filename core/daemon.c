/*
 * daemon: the parent process.  keepalived_main()'s order is kept where
 * init systems can see it: the configuration is read and the pid files
 * checked before the fork, the original process exits 0 before the pid
 * file exists, the parent writes "<pid>\n" and starts the checker, then
 * the VRRP child, then the BFD child, and says "Startup complete" once
 * each said HELLO.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "dumpfile.h"
#include "log.h"
#include "pidfile.h"
#include "relay.h"
#include "reload.h"

#define DAEMON_RUN_DIR		"/run"
#define DAEMON_PID_DIR		"/run/keepalived"

static char notify_path[sizeof(((struct sockaddr_un *)0)->sun_path)];

/* --- configuration ------------------------------------------------------ */

static void
log_diag(void *ctx, const struct cfg_diag *d)
{
	char buf[2048];

	cfg_diag_format(d, buf, sizeof(buf));
	log_info("%s", buf);
}

struct conf *
daemon_conf_load(const struct cli_opts *o, bool log_diags, int *exit_status,
    bool *no_config)
{
	struct cfg_opts co = { 0 };
	struct cfg_result res;
	struct conf *c;
	char id[256];

	co.config_id = cli_config_id(o, id, sizeof(id));
	co.include_check = o->include_check;
	co.check_ifaces = true;
	co.sink = log_diags ? log_diag : NULL;
	c = conf_load(o->conf_file, &co, &res);
	/* Give back what parsing freed (lexed lines, scratch): the parent's
	 * resident pages are every forked child's starting size. */
	malloc_trim(0);
	*exit_status = res.exit_status;
	*no_config = res.no_config;
	return c;
}

/* --- pid files ---------------------------------------------------------- */

static int
path_set(char *buf, size_t len, const char *given, const char *dir,
    const char *base, const char *instance)
{
	int n;

	if (given != NULL) {
		n = snprintf(buf, len, "%s", given);
		return n < 0 || (size_t)n >= len ? -1 : 0;
	}
	return pidfile_name(buf, len, dir, base, instance) == NULL ? -1 : 0;
}

int
daemon_paths_init(struct daemon_paths *p, const struct cli_opts *o,
    const struct conf *c)
{
	const struct global_conf *g = &c->global;
	const char *inst = g->instance;

	memset(p, 0, sizeof(*p));
	/* instance and net_namespace imply use_pid_dir (the parser sets it
	 * for them too). */
	p->use_dir = g->use_pid_dir || g->net_namespace != NULL ||
	    inst != NULL;
	snprintf(p->dir, sizeof(p->dir), "%s", p->use_dir ? DAEMON_PID_DIR :
	    DAEMON_RUN_DIR);
	if (path_set(p->pid, sizeof(p->pid), o->pid_file, p->dir,
	    "keepalived", inst) == -1 ||
	    path_set(p->vrrp_pid, sizeof(p->vrrp_pid), o->vrrp_pid_file,
	    p->dir, "vrrp", inst) == -1 ||
	    path_set(p->check_pid, sizeof(p->check_pid),
	    o->checkers_pid_file, p->dir, "checkers", inst) == -1 ||
	    path_set(p->bfd_pid, sizeof(p->bfd_pid), o->bfd_pid_file, p->dir,
	    "bfd", inst) == -1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* keepalived's process_running() for one pid file. */
static bool
pid_running(const char *path)
{
	enum pidfile_state st;
	pid_t pid = 0;

	st = pidfile_check(path, &pid);
	if (st == PIDFILE_LIVE && pid == getpid())
		st = PIDFILE_STALE;	/* a leftover naming ourselves */
	switch (st) {
	case PIDFILE_ABSENT:
		return false;
	case PIDFILE_LIVE:
		return true;
	case PIDFILE_STALE:
		log_info("Remove a zombie pid file %s", path);
		pidfile_remove(path);
		return false;
	case PIDFILE_BAD:
	default:
		log_info("Error reading pid file %s", path);
		pidfile_remove(path);
		return true;
	}
}

/* keepalived_running(): the parent's file, then each wanted child's. */
static bool
daemon_running(const struct daemon_paths *p, const struct cli_opts *o,
    const struct conf *c)
{
	if (pid_running(p->pid))
		return true;
	if (sup_wants(o, c, SUP_VRRP) && pid_running(p->vrrp_pid))
		return true;
	if (sup_wants(o, c, SUP_CHECKER) && pid_running(p->check_pid))
		return true;
	if (sup_wants(o, c, SUP_BFD) && pid_running(p->bfd_pid))
		return true;
	return false;
}

static void
pidfiles_remove(const struct daemon_paths *p)
{
	pidfile_remove(p->vrrp_pid);
	pidfile_remove(p->check_pid);
	pidfile_remove(p->bfd_pid);
	pidfile_remove(p->pid);
	if (p->use_dir)
		rmdir(DAEMON_PID_DIR);	/* only when empty */
}

/* --- systemd ------------------------------------------------------------ */

void
daemon_notify_init(void)
{
	const char *s = getenv("NOTIFY_SOCKET");

	if (s == NULL || (s[0] != '/' && s[0] != '@') ||
	    strlen(s) >= sizeof(notify_path))
		return;
	snprintf(notify_path, sizeof(notify_path), "%s", s);
	/* Scripts run by the children must not talk to systemd. */
	unsetenv("NOTIFY_SOCKET");
}

void
daemon_notify(const char *state)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd;

	if (notify_path[0] == '\0')
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, notify_path, strlen(notify_path));
	if (sun.sun_path[0] == '@')
		sun.sun_path[0] = '\0';		/* abstract namespace */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(notify_path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sun, len) == -1)
		log_warn("sd_notify %s", notify_path);
	close(fd);
}

/* --- dumps -------------------------------------------------------------- */

static const char *
tri(int v)
{
	return v == GLOBAL_TRI_UNSET ? "unset" : v ? "on" : "off";
}

void
daemon_dump_globals(FILE *fp, const struct conf *c)
{
	const struct global_conf *g = &c->global;
	char buf[ADDR_STRLEN];

	fprintf(fp, "------< Global definitions >------\n");
	fprintf(fp, " Network namespace = %s\n", g->net_namespace != NULL ?
	    g->net_namespace : "(default)");
	if (g->instance != NULL)
		fprintf(fp, " Instance name = %s\n", g->instance);
	if (g->router_id != NULL)
		fprintf(fp, " Router ID = %s\n", g->router_id);
	if (g->smtp_server.name != NULL) {
		fprintf(fp, " Smtp server = %s\n",
		    addr_is_set(&g->smtp_server.addr) ?
		    addr_str(&g->smtp_server.addr, buf, sizeof(buf)) :
		    g->smtp_server.name);
		fprintf(fp, " Smtp server port = %u\n", g->smtp_server.port);
	}
	fprintf(fp, " Default smtp_alert = %s\n", tri(g->smtp_alert));
	fprintf(fp, " Default smtp_alert_vrrp = %s\n", tri(g->smtp_alert_vrrp));
	fprintf(fp, " Default smtp_alert_checker = %s\n",
	    tri(g->smtp_alert_checker));
	fprintf(fp, " Checkers log all failures = %s\n",
	    g->checker_log_all_failures ? "true" : "false");
	if (g->reload_check_config != NULL)
		fprintf(fp, " Test config before reload, log to %s\n",
		    g->reload_check_config);
	else
		fprintf(fp, " No test config before reload\n");
	fprintf(fp, " Dynamic interfaces = %s\n", g->dynamic_interfaces ?
	    "true" : "false");
	fprintf(fp, " Default interface = %s\n", g->default_interface != NULL ?
	    g->default_interface : "eth0");
	fprintf(fp, " VRRP strict mode = %s\n", g->vrrp_strict ? "true" :
	    "false");
	fprintf(fp, " VRRP default protocol version = %d\n", g->vrrp_version);
	fprintf(fp, " Child wait time = %u secs\n", g->child_wait_time);
}

void
daemon_dump_parent(const struct daemon *d)
{
	const struct global_conf *g = &d->conf->global;
	struct dumpfile df;
	char path[PATH_MAX];

	log_info("Printing parent data for process(%d) on signal",
	    (int)getpid());
	if (dumpfile_path(path, sizeof(path), "keepalived_parent.data",
	    g->data_use_instance ? g->net_namespace : NULL,
	    g->data_use_instance ? g->instance : NULL) == NULL ||
	    dumpfile_open(&df, path) == -1) {
		log_info("Can't open dump file %s (%d: %s)",
		    "keepalived_parent.data", errno, strerror(errno));
		return;
	}
	daemon_dump_globals(df.fp, d->conf);
	if (dumpfile_commit(&df) == -1)
		log_warn("Can't write dump file %s", path);
}

/* --- stopping ----------------------------------------------------------- */

static void
stop_finish(struct daemon *d)
{
	ev_timer_stop(d->loop, &d->stop_timer);
	pidfiles_remove(&d->paths);
	log_info("Stopped %s", DAEMON_BANNER);
	ev_loop_break(d->loop);
}

static void
stop_timeout(struct ev_loop *l, struct ev_timer *t)
{
	struct daemon *d = t->arg;

	/* Stragglers get SIGKILL; their reaping finishes the stop. */
	sup_kill(&d->sup);
	if (!sup_running(&d->sup))
		stop_finish(d);
}

void
daemon_stop(struct daemon *d, int status)
{
	unsigned wait_s = d->conf->global.child_wait_time;

	if (d->stopping)
		return;
	d->stopping = true;
	d->status = status;
	log_info("Stopping");
	daemon_notify("STOPPING=1");
	/* Before sup_stop: a child that is already gone makes it finish
	 * the stop at once, and stop_finish stops this timer. */
	ev_timer_init(&d->stop_timer, stop_timeout, d);
	sup_stop(&d->sup);
	if (!sup_running(&d->sup)) {
		stop_finish(d);
		return;
	}
	ev_timer_start(d->loop, &d->stop_timer,
	    (uint64_t)(wait_s ? wait_s : 5) * 1000000);
}

/* --- supervisor callbacks ----------------------------------------------- */

static bool
all_hello(const struct supervisor *s)
{
	int r;

	for (r = 0; r < SUP_NROLES; r++)
		if (s->child[r].pid > 0 && !s->child[r].hello)
			return false;
	return true;
}

static void
on_hello(struct supervisor *s, struct sup_child *c)
{
	struct daemon *d = s->ctx;
	char buf[64];

	if (d->stopping || !all_hello(s))
		return;
	if (!d->started) {
		d->started = true;
		log_info("Startup complete");
		snprintf(buf, sizeof(buf), "READY=1\nMAINPID=%d",
		    (int)getpid());
		daemon_notify(buf);
	} else if (d->reloading) {
		d->reloading = false;
		daemon_notify("READY=1");
	}
}

static void
on_terminate(struct supervisor *s, int status)
{
	struct daemon *d = s->ctx;
	char buf[32];

	if (status != 0) {
		snprintf(buf, sizeof(buf), "ERRNO=%d",
		    status == SUP_EXIT_MISSING_PERMISSION ? EPERM : EINVAL);
		daemon_notify(buf);
	}
	daemon_stop(d, status);
}

static void
on_gone(struct supervisor *s, struct sup_child *c)
{
	struct daemon *d = s->ctx;

	if (d->stopping && !sup_running(s))
		stop_finish(d);
}

static const struct sup_ops daemon_sup_ops = {
	.hello = on_hello,
	.terminate = on_terminate,
	.gone = on_gone,
};

/* --- signals ------------------------------------------------------------ */

static void
send_dump(struct daemon *d, enum sup_role role, unsigned kind)
{
	struct ipc_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_DUMP;
	m.u.dump.kind = kind;
	sup_send(&d->sup.child[role], &m);
}

static void
on_signal(struct ev_loop *l, struct ev_signal *s,
    const struct signalfd_siginfo *si)
{
	struct daemon *d = s->arg;
	int sig = (int)si->ssi_signo;

	if (sig == SIGTERM || sig == SIGINT)
		daemon_stop(d, SUP_EXIT_OK);
	else if (d->stopping)
		return;
	else if (sig == SIGHUP)
		reload_run(d);
	else if (sig == SIGUSR1) {
		daemon_dump_parent(d);
		send_dump(d, SUP_VRRP, IPC_DUMP_DATA);
		send_dump(d, SUP_CHECKER, IPC_DUMP_DATA);
		send_dump(d, SUP_BFD, IPC_DUMP_DATA);
	} else if (sig == SIGUSR2)
		send_dump(d, SUP_VRRP, IPC_DUMP_STATS);
	else if (sig == SIGRTMAX - 1)
		send_dump(d, SUP_VRRP, IPC_DUMP_STATS_CLEAR);
	else if (sig == SIGRTMIN + 2)
		send_dump(d, SUP_VRRP, IPC_DUMP_JSON);
}

static int
signals_start(struct daemon *d)
{
	const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
	    SIGRTMAX - 1, SIGRTMIN + 2 };
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		ev_signal_init(&d->sig[i], sigs[i], on_signal, d);
		if (ev_signal_start(d->loop, &d->sig[i]) == -1)
			return -1;
	}
	return 0;
}

/* --- start -------------------------------------------------------------- */

static void
log_open(const struct cli_opts *o)
{
	int dest = 0;

	if (!o->no_syslog)
		dest |= LOG_TO_SYSLOG;
	if (o->log_console)
		dest |= LOG_TO_CONSOLE;
	if (o->log_file != NULL) {
		if (log_file_open(o->log_file) == 0)
			dest |= LOG_TO_FILE;
		log_file_flush(o->flush_log_file);
	}
	log_init("Keepalived", o->log_facility, dest);
	log_set_detail(o->log_detail);
	if (o->log_file != NULL && !(dest & LOG_TO_FILE))
		log_warn("Unable to open log file %s", o->log_file);
}

/* Unless -n: one fork, the original exits 0, the daemon detaches. */
static int
detach(void)
{
	pid_t pid;
	int fd;

	if ((pid = fork()) == -1)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() == -1 || chdir("/") == -1)
		return -1;
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		return -1;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

static void
children_start(struct daemon *d)
{
	int r;

	sup_decide(&d->sup, d->conf);
	if (!d->sup.child[SUP_VRRP].wanted &&
	    !d->sup.child[SUP_CHECKER].wanted &&
	    !d->sup.child[SUP_BFD].wanted) {
		log_info("Warning - keepalived has no configuration to run");
		d->started = true;
		return;
	}
	/* The checker first, then VRRP, then BFD, as keepalived. */
	for (r = 0; r < SUP_NROLES; r++)
		if (d->sup.child[r].wanted &&
		    sup_start(&d->sup, &d->sup.child[r]) == -1)
			ev_timer_start(d->loop, &d->sup.child[r].restart,
			    1000000);
}

/* Everything up to the fork: config, pid file names, running check. */
static int
prepare(struct daemon *d, const struct cli_opts *o)
{
	int status;
	bool no_config;

	d->conf = daemon_conf_load(o, true, &status, &no_config);
	if (no_config)
		return SUP_EXIT_NO_CONFIG;
	if (d->conf == NULL)
		return status != 0 ? status : SUP_EXIT_CONFIG;
	if (!o->umask_set && d->conf->global.umask_set)
		umask(d->conf->global.umask);
	if (daemon_paths_init(&d->paths, o, d->conf) == -1) {
		log_warn("pid file name");
		return SUP_EXIT_FATAL;
	}
	if (daemon_running(&d->paths, o, d->conf)) {
		log_info("daemon is already running");
		return -1;
	}
	return 0;
}

static int
setup(struct daemon *d, const struct cli_opts *o)
{
	const char *pid_files[SUP_NROLES];

	if (d->paths.use_dir && mkdir(DAEMON_PID_DIR, 0755) == -1 &&
	    errno != EEXIST)
		log_warn("mkdir %s", DAEMON_PID_DIR);
	if (pidfile_write(d->paths.pid, getpid()) == -1)
		log_warn("pidfile_write : Cannot open %s pidfile",
		    d->paths.pid);
	if ((d->loop = ev_loop_new()) == NULL || signals_start(d) == -1) {
		log_warn("event loop");
		return -1;
	}
	d->relay = relay_new();
	pid_files[SUP_CHECKER] = d->paths.check_pid;
	pid_files[SUP_VRRP] = d->paths.vrrp_pid;
	pid_files[SUP_BFD] = d->paths.bfd_pid;
	sup_init(&d->sup, d->loop, d->conf, o, d->relay, &daemon_sup_ops, d,
	    pid_files);
	return 0;
}

/* Interfaces keepalived offers and Vigil does not: say so once rather
 * than leave a monitoring setup waiting for them. */
static void
warn_unprovided(const struct global_conf *g, const struct cli_opts *o)
{
	if (o->snmp || g->enable_snmp_vrrp || g->enable_snmp_rfcv2 ||
	    g->enable_snmp_rfcv3 || g->enable_snmp_checker || g->enable_traps)
		log_warnx("SNMP is not provided by Vigil - the enable_snmp_* "
		    "and -x settings are ignored");
	if (g->enable_dbus)
		log_warnx("D-Bus is not provided by Vigil - enable_dbus is "
		    "ignored");
}

int
daemon_run(const struct cli_opts *o)
{
	struct daemon d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.opts = o;
	umask(o->umask);
	log_open(o);
	daemon_notify_init();
	log_info("Starting %s", DAEMON_BANNER);
	log_info("Vigil %s (keepalived-compatible)", VIGIL_VERSION);
	if ((rc = prepare(&d, o)) != 0) {
		conf_free(d.conf);
		return rc == -1 ? SUP_EXIT_OK : rc;
	}
	warn_unprovided(&d.conf->global, o);
	if (!o->dont_fork && detach() == -1) {
		log_warn("daemonize");
		conf_free(d.conf);
		return SUP_EXIT_FATAL;
	}
	if (setup(&d, o) == -1) {
		pidfiles_remove(&d.paths);
		conf_free(d.conf);
		return SUP_EXIT_FATAL;
	}
	children_start(&d);
	if (d.started)
		daemon_notify("READY=1");
	if (ev_loop_run(d.loop) == -1) {
		log_warn("event loop");
		pidfiles_remove(&d.paths);
		d.status = SUP_EXIT_FATAL;
	}
	sup_free(&d.sup);
	relay_free(d.relay);
	ev_loop_free(d.loop);
	conf_free(d.conf);
	return d.status;
}

void
daemon_log_conf(const struct conf *c,
    void (*part)(const struct conf *, FILE *))
{
	char *buf = NULL, *line, *save;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return;
	global_conf_dump(c, fp);
	part(c, fp);
	fclose(fp);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		log_info("%s", line);
	free(buf);
}
