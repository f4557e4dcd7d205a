/*
 * track_process_mon: the I/O shell of vrrp_track_process in the VRRP
 * child (the core is track_process.c).  It reads /proc once, subscribes
 * to the kernel's proc connector and feeds its fork / exec / comm / exit
 * events to the core; the core's deadlines (fork_delay,
 * terminate_delay) run on one event-loop timer.  A change of quorum is
 * logged in keepalived's words and re-evaluates the instances.
 *
 * The connector only exists in the initial network namespace, and the
 * kernel ignores subscriptions from other PID namespaces (it would
 * report pids we cannot see anyway).  When the subscription fails or is
 * not acknowledged within 100 ms, /proc is read again every
 * TPROC_POLL_US instead: slower, but the tracking still works (keepalived
 * stops tracking there).  Lost events (ENOBUFS) double the receive
 * buffer and re-read /proc a second later, as keepalived.
 */
#include <sys/socket.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sys/epoll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "track_process.h"
#include "vrrp.h"
#include "xalloc.h"

#define TPROC_POLL_US		500000	/* no connector: /proc every */
#define TPROC_ACK_US		100000	/* keepalived: TIMER_HZ / 10 */
#define TPROC_LOST_US		1000000	/* ENOBUFS: rescan after */
#define TPROC_BATCH		1024	/* messages per wake-up */
#define TPROC_CMDLINE_MAX	65536

struct vrrp_tproc_mon {
	struct vrrp_engine *eng;
	struct vrrp_tproc_set set;
	int		 fd;
	struct ev_io	 io;
	struct ev_timer	 deadline;	/* the core's next deadline */
	struct ev_timer	 aux;		/* ack wait, rescan, poll */
	bool		 acked;		/* PROC_EVENT_NONE seen */
	bool		 early;		/* events dropped before the ack */
	bool		 polling;
	bool		 rescan_due;	/* events were lost */
	bool		 need_comm, need_cmdline;
	size_t		 cmdline_max;
	char		*cmdline;	/* cmdline_max + 1 */
};

/* --- reading /proc ------------------------------------------------------- */

static ssize_t
read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

/* /proc/PID/stat: comm (between the first '(' and the last ')') and
 * whether it is a zombie, as keepalived's scan. */
static bool
read_stat_comm(pid_t pid, char *comm, size_t size)
{
	char path[64], buf[256], *o, *c;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((n = read_file(path, buf, sizeof(buf) - 1)) <= 0)
		return false;
	buf[n] = '\0';
	if ((o = strchr(buf, '(')) == NULL || (c = strrchr(o, ')')) == NULL ||
	    c[1] == '\0' || c[2] == 'Z')
		return false;
	*c = '\0';
	snprintf(comm, size, "%s", o + 1);
	return true;
}

static bool
read_comm(pid_t pid, char *comm, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if ((n = read_file(path, comm, size - 1)) < 0)
		return false;
	comm[n] = '\0';
	if (n > 0 && comm[n - 1] == '\n')
		comm[n - 1] = '\0';
	return true;
}

static ssize_t
read_cmdline(struct vrrp_tproc_mon *m, pid_t pid)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	n = read_file(path, m->cmdline, m->cmdline_max);
	if (n >= 0)
		m->cmdline[n] = '\0';
	return n;
}

/* Read /proc into the core (a rescan between begin and end). */
static void
mon_scan(struct vrrp_tproc_mon *m)
{
	char comm[64];
	struct dirent *de;
	ssize_t len = 0;
	DIR *d;
	pid_t pid;

	if ((d = opendir("/proc")) == NULL) {
		log_warn("track_process: opendir /proc");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)atoi(de->d_name);
		comm[0] = '\0';
		if (m->need_comm && !read_stat_comm(pid, comm, sizeof(comm)))
			continue;
		if (m->need_cmdline && (len = read_cmdline(m, pid)) < 0)
			continue;
		vrrp_tproc_set_scan(&m->set, pid, m->need_comm ? comm : NULL,
		    m->need_cmdline ? m->cmdline : NULL,
		    m->need_cmdline ? (size_t)len : 0);
	}
	closedir(d);
}

static void	mon_arm(struct vrrp_tproc_mon *);

static void
mon_rescan(struct vrrp_tproc_mon *m)
{
	vrrp_tproc_set_rescan_begin(&m->set);
	mon_scan(m);
	vrrp_tproc_set_rescan_end(&m->set, ev_now(m->eng->vc->loop));
	mon_arm(m);
}

/* --- the core's deadlines and changes ------------------------------------ */

static void
mon_changed(void *arg, struct vrrp_tproc *tp)
{
	struct vrrp_tproc_mon *m = arg;

	log_info("Quorum %s for tracked process %s",
	    tp->have_quorum ? "gained" : "lost", tp->name);
	vrrp_track_update_all(m->eng);
}

static void
mon_deadline(struct ev_loop *loop, struct ev_timer *t)
{
	struct vrrp_tproc_mon *m = t->arg;

	vrrp_tproc_set_tick(&m->set, ev_now(loop));
	mon_arm(m);
}

static void
mon_arm(struct vrrp_tproc_mon *m)
{
	struct ev_loop *loop = m->eng->vc->loop;
	uint64_t next = vrrp_tproc_set_next(&m->set);

	if (next == VRRP_TPROC_NONE)
		ev_timer_stop(loop, &m->deadline);
	else
		ev_timer_start_at(loop, &m->deadline, next);
}

/* --- the proc connector -------------------------------------------------- */

static int
mon_listen(int fd, enum proc_cn_mcast_op op)
{
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) req;

	memset(&req, 0, sizeof(req));
	req.nl.nlmsg_len = sizeof(req);
	req.nl.nlmsg_type = NLMSG_DONE;
	req.cn.id.idx = CN_IDX_PROC;
	req.cn.id.val = CN_VAL_PROC;
	req.cn.len = sizeof(req.op);
	req.op = op;
	return send(fd, &req, sizeof(req), 0) == -1 ? -1 : 0;
}

static int
mon_open(const struct global_conf *g)
{
	struct sockaddr_nl sa;
	int fd, sz;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    NETLINK_CONNECTOR);
	if (fd == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = CN_IDX_PROC;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		goto fail;
	if (g->process_monitor_rcv_bufs != 0) {
		sz = (int)g->process_monitor_rcv_bufs;
		if (setsockopt(fd, SOL_SOCKET, g->process_monitor_rcv_bufs_force ?
		    SO_RCVBUFFORCE : SO_RCVBUF, &sz, sizeof(sz)) == -1)
			log_info("Cannot set process monitor SO_RCVBUF%s option."
			    " errno=%d (%s)", g->process_monitor_rcv_bufs_force ?
			    "FORCE" : "", errno, strerror(errno));
	}
	if (mon_listen(fd, PROC_CN_MCAST_LISTEN) == -1)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static void
mon_lost(struct vrrp_tproc_mon *m, struct ev_loop *loop)
{
	int sz = 0;
	socklen_t sl = sizeof(sz);
	const struct global_conf *g = &m->eng->vc->conf->global;

	if (m->rescan_due)
		return;
	m->rescan_due = true;
	if (getsockopt(m->fd, SOL_SOCKET, SO_RCVBUF, &sz, &sl) == 0 &&
	    sz > 0 && sz < (1 << 29)) {
		sz *= 2;
		(void)setsockopt(m->fd, SOL_SOCKET,
		    g->process_monitor_rcv_bufs_force ? SO_RCVBUFFORCE :
		    SO_RCVBUF, &sz, sizeof(sz));
		log_info("Setting global_def process_monitor_rcv_bufs to %d"
		    " - recommend updating configuration file", sz);
	}
	ev_timer_start(loop, &m->aux, TPROC_LOST_US);
}

static void
mon_exec(struct vrrp_tproc_mon *m, pid_t pid, uint64_t now)
{
	char comm[64] = "";
	ssize_t len = 0;

	if (m->need_comm && !read_comm(pid, comm, sizeof(comm)))
		return;
	if (m->need_cmdline && (len = read_cmdline(m, pid)) < 0)
		return;
	vrrp_tproc_set_exec(&m->set, pid, m->need_comm ? comm : NULL,
	    m->need_cmdline ? m->cmdline : NULL,
	    m->need_cmdline ? (size_t)len : 0, now);
}

static void
mon_event(struct vrrp_tproc_mon *m, const struct proc_event *ev,
    uint64_t now)
{
	char comm[sizeof(ev->event_data.comm.comm) + 1];

	switch (ev->what) {
	case PROC_EVENT_FORK:
		if (ev->event_data.fork.child_pid ==
		    ev->event_data.fork.child_tgid)
			vrrp_tproc_set_fork(&m->set,
			    ev->event_data.fork.parent_tgid,
			    ev->event_data.fork.child_tgid, now);
		break;
	case PROC_EVENT_EXEC:
		if (ev->event_data.exec.process_pid ==
		    ev->event_data.exec.process_tgid)
			mon_exec(m, ev->event_data.exec.process_tgid, now);
		break;
	case PROC_EVENT_COMM:
		if (ev->event_data.comm.process_pid !=
		    ev->event_data.comm.process_tgid)
			break;
		memcpy(comm, ev->event_data.comm.comm, sizeof(comm) - 1);
		comm[sizeof(comm) - 1] = '\0';
		vrrp_tproc_set_comm(&m->set, ev->event_data.comm.process_tgid,
		    comm, now);
		break;
	case PROC_EVENT_EXIT:
		if (ev->event_data.exit.process_pid ==
		    ev->event_data.exit.process_tgid)
			vrrp_tproc_set_exit(&m->set,
			    ev->event_data.exit.process_tgid, now);
		break;
	default:
		break;
	}
}

/* One datagram: a netlink header, a cn_msg, a proc_event (the kernel
 * never chains them).  Copied out so that nothing is read unaligned. */
static void
mon_msg(struct vrrp_tproc_mon *m, const uint8_t *buf, size_t len,
    uint64_t now)
{
	const struct nlmsghdr *nh = (const struct nlmsghdr *)buf;
	struct cn_msg cn;
	struct proc_event ev;
	size_t off = NLMSG_HDRLEN;

	if (len < off + sizeof(cn) || !NLMSG_OK(nh, len) ||
	    nh->nlmsg_type == NLMSG_ERROR || nh->nlmsg_type == NLMSG_NOOP)
		return;
	memcpy(&cn, buf + off, sizeof(cn));
	off += sizeof(cn);
	if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC ||
	    cn.len > len - off || cn.len < offsetof(struct proc_event,
	    event_data))
		return;
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, buf + off, cn.len < sizeof(ev) ? cn.len : sizeof(ev));
	if ((ev.what == PROC_EVENT_NONE) != (cn.ack != 0))
		return;
	if (ev.what == PROC_EVENT_NONE) {
		if (!m->acked && log_detail() > 0)
			log_info("proc_events has confirmed it is configured");
		m->acked = true;
		return;
	}
	if (!m->acked || m->polling) {
		m->early = true;	/* judged once acknowledged */
		return;
	}
	mon_event(m, &ev, now);
}

static void
mon_read(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct vrrp_tproc_mon *m = io->arg;
	uint64_t buf[1024];	/* aligned */
	struct sockaddr_nl sa;
	socklen_t sl;
	bool was_acked = m->acked;
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < TPROC_BATCH; i++) {
		sl = sizeof(sa);
		n = recvfrom(m->fd, buf, sizeof(buf), 0,
		    (struct sockaddr *)&sa, &sl);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS)
				mon_lost(m, loop);
			else if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("process monitor netlink recv error");
			break;
		}
		if (sl != sizeof(sa) || sa.nl_pid != 0)
			continue;	/* not from the kernel */
		mon_msg(m, (const uint8_t *)buf, (size_t)n, ev_now(loop));
	}
	if (!was_acked && m->acked && m->early && !m->polling) {
		m->early = false;
		mon_rescan(m);
	}
	mon_arm(m);
}

static void
mon_close(struct vrrp_tproc_mon *m)
{
	if (m->fd == -1)
		return;
	(void)mon_listen(m->fd, PROC_CN_MCAST_IGNORE);
	ev_io_stop(m->eng->vc->loop, &m->io);
	close(m->fd);
	m->fd = -1;
}

/* The aux timer: no ack yet -> poll; lost events -> rescan; poll. */
static void
mon_aux(struct ev_loop *loop, struct ev_timer *t)
{
	struct vrrp_tproc_mon *m = t->arg;

	if (!m->acked && !m->polling) {
		log_info("WARNING - the kernel does not support proc events"
		    " here - track_process reads /proc every %u ms",
		    TPROC_POLL_US / 1000);
		m->polling = true;
		mon_close(m);
	}
	if (m->polling) {
		ev_timer_start(loop, t, TPROC_POLL_US);
		mon_rescan(m);
	} else if (m->rescan_due) {
		m->rescan_due = false;
		mon_rescan(m);
	}
}

/* --- start, stop, dump --------------------------------------------------- */

static void
mon_needs(struct vrrp_tproc_mon *m)
{
	size_t i, n;

	for (i = 0; i < m->set.ntps; i++) {
		if (!m->set.tps[i].full_command) {
			m->need_comm = true;
			continue;
		}
		m->need_cmdline = true;
		n = strlen(m->set.tps[i].process) + 1 +
		    m->set.tps[i].params_len + 1;
		if (n > m->cmdline_max)
			m->cmdline_max = n;
	}
	if (m->cmdline_max > TPROC_CMDLINE_MAX)
		m->cmdline_max = TPROC_CMDLINE_MAX;
	m->cmdline = xmalloc(m->cmdline_max + 1);
}

static void
mon_connect(struct vrrp_tproc_mon *m)
{
	struct ev_loop *loop = m->eng->vc->loop;

	m->fd = mon_open(&m->eng->vc->conf->global);
	if (m->fd == -1) {
		log_info("Failed to set/clear process event listen - errno %d"
		    " - %s; track_process reads /proc every %u ms", errno,
		    strerror(errno), TPROC_POLL_US / 1000);
		m->polling = true;
		ev_timer_start(loop, &m->aux, TPROC_POLL_US);
		return;
	}
	ev_io_init(&m->io, m->fd, EPOLLIN, mon_read, m);
	if (ev_io_start(loop, &m->io) == -1)
		log_warn("track_process: watching the connector");
	ev_timer_start(loop, &m->aux, TPROC_ACK_US);
}

void
vrrp_tprocs_start(struct vrrp_engine *eng)
{
	const struct vrrp_conf_set *vs = &eng->vc->conf->vrrp;
	struct vrrp_tproc_mon *m;

	if (eng->tprocs != NULL || STAILQ_EMPTY(&vs->track_processes))
		return;
	m = xcalloc(1, sizeof(*m));
	m->eng = eng;
	m->fd = -1;
	vrrp_tproc_set_init(&m->set, &vs->track_processes);
	m->set.changed = mon_changed;
	m->set.arg = m;
	ev_timer_init(&m->deadline, mon_deadline, m);
	ev_timer_init(&m->aux, mon_aux, m);
	mon_needs(m);
	eng->tprocs = m;
	mon_connect(m);		/* subscribe first: no gap before the scan */
	vrrp_tproc_set_rescan_begin(&m->set);
	mon_scan(m);
	vrrp_tproc_set_load(&m->set);
}

void
vrrp_tprocs_stop(struct vrrp_engine *eng)
{
	struct vrrp_tproc_mon *m = eng->tprocs;
	struct ev_loop *loop = eng->vc->loop;

	if (m == NULL)
		return;
	ev_timer_stop(loop, &m->deadline);
	ev_timer_stop(loop, &m->aux);
	mon_close(m);
	vrrp_tproc_set_fini(&m->set);
	free(m->cmdline);
	free(m);
	eng->tprocs = NULL;
}

struct vrrp_tproc *
vrrp_tprocs_find(struct vrrp_engine *eng, const char *name)
{
	struct vrrp_tproc_mon *m = eng->tprocs;

	return m == NULL ? NULL : vrrp_tproc_set_find(&m->set, name);
}

static void
dump_params(FILE *fp, const struct vrrp_tproc *tp)
{
	size_t i;

	fprintf(fp, "   Parameters = ");
	for (i = 0; i + 1 < tp->params_len; i++)
		fputc(tp->params[i] == '\0' ? ' ' : tp->params[i], fp);
	fputc('\n', fp);
}

/* The instances tracking block tp, with their weights. */
static void
dump_tracking(FILE *fp, struct vrrp_engine *eng, const struct vrrp_tproc *tp)
{
	const struct vrrp_track_item *it;
	const struct vrrp_rt *rt;
	bool head = false;
	size_t i;

	TAILQ_FOREACH(rt, &eng->rts, next) {
		for (i = 0; i < rt->nitems; i++) {
			it = &rt->items[i];
			if (it->kind != VRRP_TRACK_PROCESS || it->obj != tp)
				continue;
			if (!head)
				fprintf(fp, "   Tracking instances :\n");
			head = true;
			fprintf(fp, "     %s, weight %d%s\n", rt->conf->name,
			    it->weight, it->reverse ? " reverse" : "");
		}
	}
}

static void
dump_tproc(FILE *fp, struct vrrp_engine *eng, const struct vrrp_tproc *tp)
{
	const struct vrrp_track_process_conf *c = tp->conf;

	fprintf(fp, " VRRP Track process = %s\n", tp->name);
	fprintf(fp, "   Process = %s\n", tp->process);
	if (tp->params_len != 0)
		dump_params(fp, tp);
	if (tp->pm != VRRP_PARAM_MATCH_NONE)
		fprintf(fp, "   Param match%s\n",
		    tp->pm == VRRP_PARAM_MATCH_PARTIAL ? " = partial" :
		    tp->pm == VRRP_PARAM_MATCH_INITIAL ? " = initial" : "");
	fprintf(fp, "   Min processes = %u\n", tp->quorum);
	if (tp->quorum_max != UINT_MAX)
		fprintf(fp, "   Max processes = %u\n", tp->quorum_max);
	fprintf(fp, "   Current processes = %u\n", tp->num);
	fprintf(fp, "   Have quorum = %s\n", tp->have_quorum ? "true" :
	    "false");
	fprintf(fp, "   Weight = %d%s\n", c->weight, c->reverse ? " reverse" :
	    "");
	fprintf(fp, "   Terminate delay = %fs\n",
	    (double)tp->terminate_delay_us / 1e6);
	fprintf(fp, "   Fork delay = %fs\n", (double)tp->fork_delay_us / 1e6);
	fprintf(fp, "   Fork delay timer %srunning\n",
	    tp->fork_at != VRRP_TPROC_NONE ? "" : "not ");
	fprintf(fp, "   Terminate delay timer %srunning\n",
	    tp->term_at != VRRP_TPROC_NONE ? "" : "not ");
	fprintf(fp, "   Full command = %s\n", tp->full_command ? "true" :
	    "false");
	dump_tracking(fp, eng, tp);
}

void
vrrp_tprocs_dump(struct vrrp_engine *eng, FILE *fp)
{
	struct vrrp_tproc_mon *m = eng->tprocs;
	size_t i;

	if (m == NULL || m->set.ntps == 0)
		return;
	fprintf(fp, "------< VRRP Track processes >------\n");
	for (i = 0; i < m->set.ntps; i++)
		dump_tproc(fp, eng, &m->set.tps[i]);
}

void
vrrp_tprocs_dump_rt(FILE *fp, const struct vrrp_rt *rt)
{
	const struct vrrp_track_item *it;
	bool head = false;
	size_t i;

	for (i = 0; i < rt->nitems; i++) {
		it = &rt->items[i];
		if (it->kind != VRRP_TRACK_PROCESS)
			continue;
		if (!head)
			fprintf(fp, "   Tracked processes :\n");
		head = true;
		fprintf(fp, "     %s, weight %d%s\n", it->name, it->weight,
		    it->reverse ? " reverse" : "");
	}
}
