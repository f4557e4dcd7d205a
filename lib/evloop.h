/*
 * evloop: the event loop every Vigil process runs.
 *
 * epoll for file descriptors, a binary min-heap of timers that know their
 * heap index (O(log n) start and stop), signals through one signalfd, and
 * child watchers dispatched by pid after SIGCHLD.  CLOCK_MONOTONIC is read
 * once per iteration (ev_now).  Any callback may stop any watcher, its
 * own included, and may free it afterwards.  A loop must never be shared
 * across fork(): the child creates its own.
 */
#ifndef VIGIL_EVLOOP_H
#define VIGIL_EVLOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/types.h>

struct ev_loop;
struct ev_io;
struct ev_timer;
struct ev_signal;
struct ev_child;

typedef void (*ev_io_cb)(struct ev_loop *, struct ev_io *, uint32_t events);
typedef void (*ev_timer_cb)(struct ev_loop *, struct ev_timer *);
typedef void (*ev_signal_cb)(struct ev_loop *, struct ev_signal *,
    const struct signalfd_siginfo *);
typedef void (*ev_child_cb)(struct ev_loop *, struct ev_child *, int status);

struct ev_io {
	int		 fd;
	uint32_t	 events;	/* EPOLLIN, EPOLLOUT ... */
	ev_io_cb	 cb;
	void		*arg;
	bool		 active;
};

#define EV_TIMER_IDLE	SIZE_MAX

struct ev_timer {
	uint64_t	 when;		/* monotonic µs */
	size_t		 idx;		/* heap slot or EV_TIMER_IDLE */
	uint64_t	 seq;		/* start order, breaks ties */
	ev_timer_cb	 cb;
	void		*arg;
};

struct ev_signal {
	int		 signo;
	ev_signal_cb	 cb;
	void		*arg;
	bool		 active;
};

struct ev_child {
	pid_t		 pid;
	ev_child_cb	 cb;
	void		*arg;
	struct ev_child	*next;
	bool		 active;
};

/* NULL with errno on failure. */
struct ev_loop	*ev_loop_new(void);
/* Stops nothing: watchers must be stopped by their owners first. */
void		 ev_loop_free(struct ev_loop *);
/* Run until ev_loop_break(); 0, or -1 with errno on a fatal error. */
int		 ev_loop_run(struct ev_loop *);
/* One iteration, waiting at most max_wait_us (0: poll, -1: no limit). */
int		 ev_loop_once(struct ev_loop *, int64_t max_wait_us);
void		 ev_loop_break(struct ev_loop *);
/* Monotonic µs, as read at the start of this iteration. */
uint64_t	 ev_now(const struct ev_loop *);
/* Read the clock again (after a long callback). */
void		 ev_now_update(struct ev_loop *);

void	ev_io_init(struct ev_io *, int fd, uint32_t events, ev_io_cb, void *);
int	ev_io_start(struct ev_loop *, struct ev_io *);
int	ev_io_modify(struct ev_loop *, struct ev_io *, uint32_t events);
void	ev_io_stop(struct ev_loop *, struct ev_io *);

void	ev_timer_init(struct ev_timer *, ev_timer_cb, void *);
/* Fire after delay_us from ev_now(); restarts a running timer. */
void	ev_timer_start(struct ev_loop *, struct ev_timer *, uint64_t delay_us);
/* Fire at an absolute monotonic time. */
void	ev_timer_start_at(struct ev_loop *, struct ev_timer *, uint64_t when);
void	ev_timer_stop(struct ev_loop *, struct ev_timer *);
bool	ev_timer_active(const struct ev_timer *);

/*
 * Signals are blocked and delivered through the loop's signalfd.
 * SIGCHLD is owned by the loop (child watchers) and cannot be watched.
 */
void	ev_signal_init(struct ev_signal *, int signo, ev_signal_cb, void *);
int	ev_signal_start(struct ev_loop *, struct ev_signal *);
void	ev_signal_stop(struct ev_loop *, struct ev_signal *);

/* Call cb once when pid exits (reaped with waitpid). */
void	ev_child_init(struct ev_child *, pid_t, ev_child_cb, void *);
void	ev_child_start(struct ev_loop *, struct ev_child *);
void	ev_child_stop(struct ev_loop *, struct ev_child *);

/* Monotonic clock in µs, uncached. */
uint64_t ev_clock_us(void);

#endif
