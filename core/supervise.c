/*
 * supervise: fork, watch, respawn and stop the VRRP and checker children,
 * and carry their messages.  keepalived's words are kept where tools and
 * people grep for them ("Starting VRRP child process, pid=N", "... died:
 * Respawning", "exited with permanent error ...").
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "bfd_daemon.h"
#include "check_daemon.h"
#include "cli.h"
#include "conf.h"
#include "log.h"
#include "pidfile.h"
#include "relay.h"
#include "supervise.h"
#include "vrrp_daemon.h"
#include "xalloc.h"

#define SUP_LONG_RUN_US		(60ULL * 1000000)
#define SUP_MAX_DELAY		60
#define SUP_QUEUE_MAX		65536	/* messages held for a slow child */

static void	chan_read(struct ev_loop *, struct ev_io *, uint32_t);
static void	child_exited(struct ev_loop *, struct ev_child *, int);
static void	restart_due(struct ev_loop *, struct ev_timer *);
static int	replay_send(void *, const struct ipc_msg *);

unsigned
sup_restart_delay(uint64_t ran_us, unsigned *next)
{
	unsigned delay = *next;

	if (ran_us >= SUP_LONG_RUN_US) {
		*next = 0;
		return 0;
	}
	if (delay == 0)
		*next = 1;
	else if (*next > SUP_MAX_DELAY / 2)
		*next = SUP_MAX_DELAY;
	else
		*next *= 2;
	return delay;
}

void
sup_init(struct supervisor *s, struct ev_loop *loop, const struct conf *conf,
    const struct cli_opts *opts, struct relay *relay,
    const struct sup_ops *ops, void *ctx,
    const char *const pid_files[SUP_NROLES])
{
	static const char *const names[SUP_NROLES] = { "Healthcheck", "VRRP",
	    "BFD" };
	static const char *const idents[SUP_NROLES] = {
		"Keepalived_healthcheckers", "Keepalived_vrrp",
		"Keepalived_bfd" };
	struct sup_child *c;
	int r;

	memset(s, 0, sizeof(*s));
	s->loop = loop;
	s->conf = conf;
	s->opts = opts;
	s->relay = relay;
	s->ops = ops;
	s->ctx = ctx;
	s->parent_pid = getpid();
	for (r = 0; r < SUP_NROLES; r++) {
		c = &s->child[r];
		c->role = r;
		c->name = names[r];
		c->ident = idents[r];
		c->pid_file = pid_files[r];
		c->sup = s;
		c->fd = -1;
		ev_timer_init(&c->restart, restart_due, c);
	}
}

bool
sup_wants(const struct cli_opts *o, const struct conf *conf,
    enum sup_role role)
{
	const struct vrrp_conf_set *v = &conf->vrrp;
	bool all = (o->run & CLI_RUN_ALL) != 0;

	if (role == SUP_VRRP)
		return (o->run & CLI_RUN_VRRP) &&
		    (all || !STAILQ_EMPTY(&v->instances) ||
		    !STAILQ_EMPTY(&v->static_addresses) ||
		    !STAILQ_EMPTY(&v->static_routes) ||
		    !STAILQ_EMPTY(&v->static_rules));
	if (role == SUP_BFD)
		return (o->run & CLI_RUN_BFD) &&
		    (all || !STAILQ_EMPTY(&v->bfds));
	/* Any virtual_server block counts, even one validation dropped
	 * (no real servers); a lone virtual_server_group does not. */
	return (o->run & CLI_RUN_CHECKER) &&
	    (all || conf->check.nvs_parsed > 0);
}

void
sup_decide(struct supervisor *s, const struct conf *conf)
{
	int r;

	for (r = 0; r < SUP_NROLES; r++)
		s->child[r].wanted = sup_wants(s->opts, conf, r);
}

/* --- the child side ---------------------------------------------------- */

/* Drop everything of the parent's that the child must not hold. */
static void
child_detach(struct supervisor *s, struct sup_child *me)
{
	int r;

	for (r = 0; r < SUP_NROLES; r++)
		if (s->child[r].fd != -1)
			close(s->child[r].fd);
	/* The parent's loop is not ours: close its fds, keep nothing. */
	ev_loop_free(s->loop);
	s->loop = NULL;
}

static __attribute__((noreturn)) void
child_run(struct supervisor *s, struct sup_child *me, int chan)
{
	const struct cli_opts *o = s->opts;
	int status, dest = 0;

	child_detach(s, me);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() !=
	    s->parent_pid)
		_exit(SUP_EXIT_OK);	/* the parent is already gone */
	if (!o->no_syslog)
		dest |= LOG_TO_SYSLOG;
	if (o->log_console)
		dest |= LOG_TO_CONSOLE;
	if (o->log_file != NULL)
		dest |= LOG_TO_FILE;
	log_init(me->ident, o->log_facility, dest);
	if (pidfile_write(me->pid_file, getpid()) == -1)
		log_warn("%s child process: cannot write pidfile %s",
		    me->name, me->pid_file);
	if (me->role == SUP_VRRP)
		status = vrrp_child_main(s->conf, o, chan);
	else if (me->role == SUP_BFD)
		status = bfd_child_main(s->conf, o, chan);
	else
		status = check_child_main(s->conf, o, chan);
	pidfile_remove(me->pid_file);
	closelog();
	_exit(status);
}

/* --- the parent side --------------------------------------------------- */

int
sup_start(struct supervisor *s, struct sup_child *c)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0, sv) == -1) {
		log_warn("%s child process: socketpair", c->name);
		return -1;
	}
	c->fd = sv[0];
	if ((pid = fork()) == -1) {
		log_warn("%s child process: fork error", c->name);
		close(sv[0]);
		close(sv[1]);
		c->fd = -1;
		return -1;
	}
	if (pid == 0)
		child_run(s, c, sv[1]);
	close(sv[1]);
	c->pid = pid;
	c->hello = false;
	c->seq = 0;
	c->start_us = ev_now(s->loop);
	log_info("Starting %s child process, pid=%d", c->name, (int)pid);
	ev_child_init(&c->watch, pid, child_exited, c);
	ev_child_start(s->loop, &c->watch);
	ev_io_init(&c->io, c->fd, EPOLLIN, chan_read, c);
	if (ev_io_start(s->loop, &c->io) == -1)
		log_warn("%s child process: channel watch", c->name);
	/* A (re)started VRRP child learns the real servers' and the BFD
	 * sessions' last states before anything new; a checker re-checks
	 * from scratch but learns the BFD sessions'. */
	if (c->role == SUP_VRRP) {
		relay_bfd_replay(s->relay, IPC_BFD_TO_VRRP, replay_send, c);
		relay_replay(s->relay, replay_send, c);
	} else if (c->role == SUP_CHECKER)
		relay_bfd_replay(s->relay, IPC_BFD_TO_CHECKER, replay_send, c);
	return 0;
}

/* --- outgoing queue ---------------------------------------------------- */

static void
queue_drop(struct sup_queue *q)
{
	free(q->msg);
	memset(q, 0, sizeof(*q));
}

/* Send what is queued; false when the channel is broken. */
static bool
queue_flush(struct sup_child *c)
{
	struct sup_queue *q = &c->out;

	while (q->n > 0) {
		if (ipc_send(c->fd, &q->msg[q->head]) == -1) {
			if (errno == EAGAIN)
				return true;
			return false;
		}
		q->head = (q->head + 1) % q->cap;
		q->n--;
	}
	return true;
}

static void
queue_push(struct sup_queue *q, const struct ipc_msg *m)
{
	struct ipc_msg *nm;
	size_t i, cap;

	if (q->n == q->cap) {
		cap = q->cap ? q->cap * 2 : 64;
		nm = xreallocarray(NULL, cap, sizeof(*nm));
		for (i = 0; i < q->n; i++)
			nm[i] = q->msg[(q->head + i) % q->cap];
		free(q->msg);
		q->msg = nm;
		q->cap = cap;
		q->head = 0;
	}
	q->msg[(q->head + q->n) % q->cap] = *m;
	q->n++;
}

static void
io_want_out(struct sup_child *c, bool on)
{
	uint32_t ev = EPOLLIN | (on ? EPOLLOUT : 0);

	if (c->io.active && c->io.events != ev)
		ev_io_modify(c->sup->loop, &c->io, ev);
}

static void
chan_close(struct sup_child *c)
{
	if (c->fd == -1)
		return;
	ev_io_stop(c->sup->loop, &c->io);
	close(c->fd);
	c->fd = -1;
	queue_drop(&c->out);
}

void
sup_send(struct sup_child *c, const struct ipc_msg *m)
{
	struct ipc_msg copy = *m;

	if (c->fd == -1 || c->pid == 0)
		return;
	copy.hdr.seq = ++c->seq;
	if (c->out.n == 0 && ipc_send(c->fd, &copy) == 0)
		return;
	if (c->out.n == 0 && errno != EAGAIN) {
		/* EPIPE: the child is exiting; its SIGCHLD tells the rest. */
		if (errno != EPIPE && errno != ECONNRESET)
			log_warn("%s child process(%d): channel", c->name,
			    (int)c->pid);
		chan_close(c);
		return;
	}
	if (c->out.n >= SUP_QUEUE_MAX) {
		log_warnx("%s child process(%d) does not read its channel",
		    c->name, (int)c->pid);
		chan_close(c);	/* it exits on EOF and is respawned */
		return;
	}
	queue_push(&c->out, &copy);
	io_want_out(c, true);
}

static int
replay_send(void *ctx, const struct ipc_msg *m)
{
	sup_send(ctx, m);
	return 0;
}

static uint32_t
role_ipc(enum sup_role r)
{
	return r == SUP_VRRP ? IPC_ROLE_VRRP : r == SUP_BFD ? IPC_ROLE_BFD :
	    IPC_ROLE_CHECKER;
}

/* keepalived's bfd_event_send: to the VRRP child and / or the checker,
 * as the session's vrrp / checker keywords say; a repeat is dropped. */
static void
bfd_relay(struct supervisor *s, const struct ipc_msg *m)
{
	if (relay_bfd_update(s->relay, &m->u.bfd) != 1)
		return;
	if (m->u.bfd.to & IPC_BFD_TO_VRRP)
		sup_send(&s->child[SUP_VRRP], m);
	if (m->u.bfd.to & IPC_BFD_TO_CHECKER)
		sup_send(&s->child[SUP_CHECKER], m);
}

/* A message from a child.  Unknown or misdirected ones close it. */
static void
chan_message(struct sup_child *c, const struct ipc_msg *m)
{
	struct supervisor *s = c->sup;
	struct sup_child *vrrp = &s->child[SUP_VRRP];

	switch (m->hdr.type) {
	case IPC_HELLO:
		if (m->u.hello.role != role_ipc(c->role))
			goto bad;
		c->hello = true;
		if (s->ops->hello != NULL)
			s->ops->hello(s, c);
		break;
	case IPC_RS_STATE:
		if (c->role != SUP_CHECKER)
			goto bad;
		if (relay_rs_update(s->relay, &m->u.rs) == 1)
			sup_send(vrrp, m);
		break;
	case IPC_VRRP_STATE:
		if (c->role != SUP_VRRP)
			goto bad;
		relay_vrrp_update(s->relay, &m->u.vrrp);
		break;
	case IPC_BFD_STATE:
		if (c->role != SUP_BFD)
			goto bad;
		bfd_relay(s, m);
		break;
	default:
		goto bad;
	}
	if (s->ops->message != NULL && m->hdr.type != IPC_HELLO)
		s->ops->message(s, c, m);
	return;
bad:
	log_warnx("%s child process(%d) sent %s: closing its channel",
	    c->name, (int)c->pid, ipc_type_name(m->hdr.type));
	chan_close(c);
}

static void
chan_read(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct sup_child *c = io->arg;
	struct ipc_msg m;
	int i, rc;

	if ((events & EPOLLOUT) && c->fd != -1) {
		if (!queue_flush(c)) {
			chan_close(c);
			return;
		}
		io_want_out(c, c->out.n > 0);
	}
	/* Bounded: a chatty child cannot starve the loop. */
	for (i = 0; i < 64 && c->fd != -1; i++) {
		rc = ipc_recv(c->fd, &m);
		if (rc == 1) {
			chan_message(c, &m);
			continue;
		}
		if (rc == -1 && errno == EAGAIN)
			break;
		if (rc == -1 && errno != ECONNRESET)
			log_warn("%s child process(%d): channel", c->name,
			    (int)c->pid);
		chan_close(c);	/* EOF: the child is going; SIGCHLD follows */
	}
}

/* --- exits and respawn ------------------------------------------------- */

static const char *
permanent_name(int st)
{
	switch (st) {
	case SUP_EXIT_FATAL:
		return "FATAL";
	case SUP_EXIT_CONFIG:
		return "CONFIG";
	case SUP_EXIT_MISSING_PERMISSION:
		return "missing permission";
	default:
		return NULL;
	}
}

/* keepalived's report_child_status: the permanent status, or 0. */
static int
report_status(pid_t pid, int status)
{
	const char *perm;
	int st, sig;

	if (WIFEXITED(status)) {
		st = WEXITSTATUS(status);
		if ((perm = permanent_name(st)) != NULL) {
			log_info("pid %d exited with permanent error %s. "
			    "Terminating", (int)pid, perm);
			return st;
		}
		if (st != 0)
			log_info("pid %d exited with status %d", (int)pid, st);
	} else if (WIFSIGNALED(status)) {
		sig = WTERMSIG(status);
		if (sig == SIGSEGV)
			log_info("pid %d exited due to segmentation fault "
			    "(SIGSEGV).", (int)pid);
		else
			log_info("pid %d exited due to signal %d (%s)%s",
			    (int)pid, sig, strsignal(sig), sig == SIGKILL ?
			    " - has rlimit_rttime been exceeded?" : "");
	}
	return 0;
}

static void
respawn(struct supervisor *s, struct sup_child *c, pid_t pid)
{
	unsigned delay;

	log_msg(LOG_ALERT, "%s child process(%d) died: Respawning", c->name,
	    (int)pid);
	delay = sup_restart_delay(ev_now(s->loop) - c->start_us,
	    &c->next_delay);
	if (delay == 0) {
		if (sup_start(s, c) == 0)
			return;
		delay = 1;
	}
	log_info("Restart of %s process delayed %u seconds to limit respawn "
	    "rate", c->name, delay);
	ev_timer_start(s->loop, &c->restart, (uint64_t)delay * 1000000);
}

static void
restart_due(struct ev_loop *l, struct ev_timer *t)
{
	struct sup_child *c = t->arg;
	struct supervisor *s = c->sup;

	if (s->stopping || c->pid != 0)
		return;
	if (sup_start(s, c) == -1)
		ev_timer_start(l, t, 1000000);
}

static void
child_exited(struct ev_loop *l, struct ev_child *w, int status)
{
	struct sup_child *c = w->arg;
	struct supervisor *s = c->sup;
	pid_t pid = c->pid;
	int perm;

	c->pid = 0;
	c->hello = false;
	chan_close(c);
	if (s->stopping) {
		if (s->ops->gone != NULL)
			s->ops->gone(s, c);
		return;
	}
	if ((perm = report_status(pid, status)) != 0) {
		s->ops->terminate(s, perm);
		return;
	}
	if (s->opts->dont_respawn) {
		log_msg(LOG_ALERT, "%s child process(%d) died: Exiting",
		    c->name, (int)pid);
		s->ops->terminate(s, SUP_EXIT_OK);
		return;
	}
	respawn(s, c, pid);
}

/* --- stopping ---------------------------------------------------------- */

void
sup_stop(struct supervisor *s)
{
	int r;

	s->stopping = true;
	for (r = 0; r < SUP_NROLES; r++) {
		ev_timer_stop(s->loop, &s->child[r].restart);
		if (s->child[r].pid > 0)
			kill(s->child[r].pid, SIGTERM);
	}
}

void
sup_kill(struct supervisor *s)
{
	int r;

	for (r = 0; r < SUP_NROLES; r++)
		if (s->child[r].pid > 0)
			kill(s->child[r].pid, SIGKILL);
}

bool
sup_running(const struct supervisor *s)
{
	int r;

	for (r = 0; r < SUP_NROLES; r++)
		if (s->child[r].pid > 0)
			return true;
	return false;
}

void
sup_free(struct supervisor *s)
{
	int r;

	for (r = 0; r < SUP_NROLES; r++) {
		chan_close(&s->child[r]);
		if (s->loop != NULL) {
			ev_timer_stop(s->loop, &s->child[r].restart);
			ev_child_stop(s->loop, &s->child[r].watch);
		}
	}
}
