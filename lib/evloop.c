/*
 * evloop: epoll + timer heap + signalfd + child watchers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "evloop.h"
#include "xalloc.h"

#define EV_MAX_EVENTS	64
#define EV_DRAIN_ROUNDS	64	/* batches served before the timers */

struct ev_loop {
	int			 epfd;
	uint64_t		 now;
	bool			 stop;

	/* timers */
	struct ev_timer	       **heap;
	size_t			 nheap, capheap;
	uint64_t		 seq;

	/* the batch being dispatched, so ev_io_stop can void entries */
	struct epoll_event	 events[EV_MAX_EVENTS];
	int			 nevents, cur;

	/* signals */
	int			 sigfd;
	sigset_t		 sigmask;
	struct ev_io		 sigio;
	struct ev_signal	*sig[_NSIG];

	struct ev_child		*children;
};

uint64_t
ev_clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

uint64_t
ev_now(const struct ev_loop *l)
{
	return l->now;
}

void
ev_now_update(struct ev_loop *l)
{
	l->now = ev_clock_us();
}

/* --- timers: binary min-heap ordered by (when, seq) ------------------- */

static bool
timer_before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	return a->seq < b->seq;
}

static void
heap_set(struct ev_loop *l, size_t i, struct ev_timer *t)
{
	l->heap[i] = t;
	t->idx = i;
}

static void
heap_up(struct ev_loop *l, size_t i)
{
	struct ev_timer *t = l->heap[i];
	size_t parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (!timer_before(t, l->heap[parent]))
			break;
		heap_set(l, i, l->heap[parent]);
		i = parent;
	}
	heap_set(l, i, t);
}

static void
heap_down(struct ev_loop *l, size_t i)
{
	struct ev_timer *t = l->heap[i];
	size_t child;

	for (;;) {
		child = 2 * i + 1;
		if (child >= l->nheap)
			break;
		if (child + 1 < l->nheap &&
		    timer_before(l->heap[child + 1], l->heap[child]))
			child++;
		if (!timer_before(l->heap[child], t))
			break;
		heap_set(l, i, l->heap[child]);
		i = child;
	}
	heap_set(l, i, t);
}

void
ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->idx = EV_TIMER_IDLE;
	t->cb = cb;
	t->arg = arg;
}

bool
ev_timer_active(const struct ev_timer *t)
{
	return t->idx != EV_TIMER_IDLE;
}

void
ev_timer_stop(struct ev_loop *l, struct ev_timer *t)
{
	size_t i = t->idx;
	struct ev_timer *last;

	if (i == EV_TIMER_IDLE)
		return;
	t->idx = EV_TIMER_IDLE;
	last = l->heap[--l->nheap];
	if (last == t)
		return;
	heap_set(l, i, last);
	if (i > 0 && timer_before(last, l->heap[(i - 1) / 2]))
		heap_up(l, i);
	else
		heap_down(l, i);
}

void
ev_timer_start_at(struct ev_loop *l, struct ev_timer *t, uint64_t when)
{
	ev_timer_stop(l, t);
	if (l->nheap == l->capheap) {
		l->capheap = l->capheap ? l->capheap * 2 : 64;
		l->heap = xreallocarray(l->heap, l->capheap, sizeof(*l->heap));
	}
	t->when = when;
	t->seq = l->seq++;
	heap_set(l, l->nheap++, t);
	heap_up(l, t->idx);
}

void
ev_timer_start(struct ev_loop *l, struct ev_timer *t, uint64_t delay_us)
{
	ev_timer_start_at(l, t, l->now + delay_us);
}

static void
timers_run(struct ev_loop *l)
{
	struct ev_timer *t;

	while (l->nheap > 0 && !l->stop) {
		t = l->heap[0];
		if (t->when > l->now)
			break;
		ev_timer_stop(l, t);
		t->cb(l, t);
	}
}

/* --- io --------------------------------------------------------------- */

void
ev_io_init(struct ev_io *io, int fd, uint32_t events, ev_io_cb cb, void *arg)
{
	memset(io, 0, sizeof(*io));
	io->fd = fd;
	io->events = events;
	io->cb = cb;
	io->arg = arg;
}

int
ev_io_start(struct ev_loop *l, struct ev_io *io)
{
	struct epoll_event ev = { .events = io->events, .data.ptr = io };

	if (io->active)
		return 0;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, io->fd, &ev) == -1)
		return -1;
	io->active = true;
	return 0;
}

int
ev_io_modify(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = io };

	io->events = events;
	if (!io->active)
		return 0;
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, io->fd, &ev);
}

void
ev_io_stop(struct ev_loop *l, struct ev_io *io)
{
	int i;

	if (!io->active)
		return;
	io->active = false;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	/* The watcher may be freed once we return: forget its pending
	 * events in the batch being dispatched. */
	for (i = l->cur + 1; i < l->nevents; i++)
		if (l->events[i].data.ptr == io)
			l->events[i].data.ptr = NULL;
}

/* --- signals and children --------------------------------------------- */

static int
sigfd_update(struct ev_loop *l)
{
	if (sigprocmask(SIG_BLOCK, &l->sigmask, NULL) == -1)
		return -1;
	return signalfd(l->sigfd, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC) ==
	    -1 ? -1 : 0;
}

void
ev_signal_init(struct ev_signal *s, int signo, ev_signal_cb cb, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->signo = signo;
	s->cb = cb;
	s->arg = arg;
}

int
ev_signal_start(struct ev_loop *l, struct ev_signal *s)
{
	if (s->signo <= 0 || s->signo >= _NSIG || s->signo == SIGCHLD) {
		errno = EINVAL;
		return -1;
	}
	l->sig[s->signo] = s;
	s->active = true;
	sigaddset(&l->sigmask, s->signo);
	return sigfd_update(l);
}

void
ev_signal_stop(struct ev_loop *l, struct ev_signal *s)
{
	if (!s->active)
		return;
	s->active = false;
	if (l->sig[s->signo] == s)
		l->sig[s->signo] = NULL;
	/* The signal stays blocked: a stray one is read and dropped
	 * rather than killing the process with its default action. */
}

void
ev_child_init(struct ev_child *c, pid_t pid, ev_child_cb cb, void *arg)
{
	memset(c, 0, sizeof(*c));
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
}

void
ev_child_start(struct ev_loop *l, struct ev_child *c)
{
	if (c->active)
		return;
	c->active = true;
	c->next = l->children;
	l->children = c;
}

void
ev_child_stop(struct ev_loop *l, struct ev_child *c)
{
	struct ev_child **pp;

	if (!c->active)
		return;
	c->active = false;
	for (pp = &l->children; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
}

static void
children_reap(struct ev_loop *l)
{
	struct ev_child *c;
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (c = l->children; c != NULL; c = c->next)
			if (c->pid == pid)
				break;
		if (c == NULL)
			continue;	/* nobody watches it: reaped */
		ev_child_stop(l, c);
		c->cb(l, c, status);
	}
}

static void
sigfd_read(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct signalfd_siginfo si;
	struct ev_signal *s;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			children_reap(l);
			continue;
		}
		if (si.ssi_signo >= _NSIG)
			continue;
		s = l->sig[si.ssi_signo];
		if (s != NULL && s->active)
			s->cb(l, s, &si);
	}
}

/* --- the loop --------------------------------------------------------- */

struct ev_loop *
ev_loop_new(void)
{
	struct ev_loop *l = xcalloc(1, sizeof(*l));

	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd == -1)
		goto fail;
	sigemptyset(&l->sigmask);
	sigaddset(&l->sigmask, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &l->sigmask, NULL) == -1)
		goto fail;
	l->sigfd = signalfd(-1, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sigfd == -1)
		goto fail;
	ev_io_init(&l->sigio, l->sigfd, EPOLLIN, sigfd_read, NULL);
	if (ev_io_start(l, &l->sigio) == -1)
		goto fail;
	l->now = ev_clock_us();
	return l;
fail:
	if (l->epfd != -1)
		close(l->epfd);
	free(l);
	return NULL;
}

void
ev_loop_free(struct ev_loop *l)
{
	if (l == NULL)
		return;
	close(l->sigfd);
	close(l->epfd);
	free(l->heap);
	free(l);
}

void
ev_loop_break(struct ev_loop *l)
{
	l->stop = true;
}

static int
wait_ms(struct ev_loop *l, int64_t max_wait_us)
{
	uint64_t until;
	int64_t us = max_wait_us;

	if (l->nheap > 0) {
		until = l->heap[0]->when;
		us = until > l->now ? (int64_t)(until - l->now) : 0;
		if (max_wait_us >= 0 && max_wait_us < us)
			us = max_wait_us;
	}
	if (us < 0)
		return -1;
	/* Round up so we never wake just before a timer is due. */
	return us > (int64_t)INT32_MAX * 1000 ? INT32_MAX :
	    (int)((us + 999) / 1000);
}

static void
io_dispatch(struct ev_loop *l, int n)
{
	struct ev_io *io;

	l->nevents = n > 0 ? n : 0;
	for (l->cur = 0; l->cur < l->nevents && !l->stop; l->cur++) {
		io = l->events[l->cur].data.ptr;
		if (io == NULL || !io->active)
			continue;
		if (io == &l->sigio)
			sigfd_read(l, io, l->events[l->cur].events);
		else
			io->cb(l, io, l->events[l->cur].events);
	}
	l->nevents = 0;
	l->cur = 0;
}

int
ev_loop_once(struct ev_loop *l, int64_t max_wait_us)
{
	int n, rounds = 0;

	n = epoll_wait(l->epfd, l->events, EV_MAX_EVENTS,
	    wait_ms(l, max_wait_us));
	if (n == -1 && errno != EINTR)
		return -1;
	for (;;) {
		l->now = ev_clock_us();
		io_dispatch(l, n);
		/*
		 * A full batch may leave ready descriptors behind.  Serve them
		 * before the timers: an answer that has arrived must win over
		 * its own timeout, or a busy checker (thousands of sockets)
		 * times out servers that did answer.  Bounded, so that a
		 * descriptor that stays ready cannot starve the timers.
		 */
		if (n < EV_MAX_EVENTS || l->stop || ++rounds >= EV_DRAIN_ROUNDS)
			break;
		n = epoll_wait(l->epfd, l->events, EV_MAX_EVENTS, 0);
		if (n == -1 && errno != EINTR)
			return -1;
	}
	timers_run(l);
	return 0;
}

int
ev_loop_run(struct ev_loop *l)
{
	l->stop = false;
	while (!l->stop)
		if (ev_loop_once(l, -1) == -1)
			return -1;
	return 0;
}
