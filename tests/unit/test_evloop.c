/*
 * test_evloop: timer order, stopping watchers from callbacks, signalfd
 * delivery and child reaping, on the real kernel facilities.
 */
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "evloop.h"

static int order[16];
static int norder;

static void
record_cb(struct ev_loop *l, struct ev_timer *t)
{
	order[norder++] = (int)(intptr_t)t->arg;
}

START_TEST(test_timer_order)
{
	struct ev_loop *l = ev_loop_new();
	struct ev_timer t[5];
	const uint64_t delay[5] = { 30000, 10000, 20000, 10000, 0 };
	int i;

	ck_assert_ptr_nonnull(l);
	norder = 0;
	for (i = 0; i < 5; i++) {
		ev_timer_init(&t[i], record_cb, (void *)(intptr_t)i);
		ev_timer_start(l, &t[i], delay[i]);
	}
	while (norder < 5)
		ck_assert_int_eq(ev_loop_once(l, -1), 0);
	/* By due time; equal times in start order. */
	ck_assert_int_eq(order[0], 4);
	ck_assert_int_eq(order[1], 1);
	ck_assert_int_eq(order[2], 3);
	ck_assert_int_eq(order[3], 2);
	ck_assert_int_eq(order[4], 0);
	ev_loop_free(l);
}
END_TEST

static struct ev_timer *victim;

static void
cancel_cb(struct ev_loop *l, struct ev_timer *t)
{
	order[norder++] = 100;
	ev_timer_stop(l, victim);
	ev_timer_stop(l, t);		/* its own: already idle, harmless */
}

START_TEST(test_timer_cancel_in_callback)
{
	struct ev_loop *l = ev_loop_new();
	struct ev_timer a, b, c;

	norder = 0;
	ev_timer_init(&a, cancel_cb, NULL);
	ev_timer_init(&b, record_cb, (void *)1);
	ev_timer_init(&c, record_cb, (void *)2);
	victim = &b;
	/* a and b are due together; a runs first and cancels b. */
	ev_timer_start(l, &a, 1000);
	ev_timer_start(l, &b, 1000);
	ev_timer_start(l, &c, 5000);
	while (norder < 2)
		ck_assert_int_eq(ev_loop_once(l, -1), 0);
	ck_assert_int_eq(order[0], 100);
	ck_assert_int_eq(order[1], 2);
	ck_assert(!ev_timer_active(&b));
	ev_loop_free(l);
}
END_TEST

static uint64_t whens[1000];
static int nwhens;

static void
when_cb(struct ev_loop *l, struct ev_timer *t)
{
	whens[nwhens++] = t->when;
}

START_TEST(test_timer_heap_many)
{
	struct ev_loop *l = ev_loop_new();
	static struct ev_timer t[1000];
	int i;

	nwhens = 0;
	/* Absolute times in the past: all due on the next iteration. */
	for (i = 0; i < 1000; i++) {
		ev_timer_init(&t[i], when_cb, NULL);
		ev_timer_start_at(l, &t[i], (uint64_t)((i * 7919) % 1000));
	}
	/* Stop every third one, from anywhere in the heap. */
	for (i = 0; i < 1000; i += 3)
		ev_timer_stop(l, &t[i]);
	ck_assert_int_eq(ev_loop_once(l, 0), 0);
	ck_assert_int_eq(nwhens, 666);
	for (i = 1; i < nwhens; i++)
		ck_assert_uint_le(whens[i - 1], whens[i]);
	for (i = 0; i < 1000; i++)
		ck_assert(!ev_timer_active(&t[i]));
	ev_loop_free(l);
}
END_TEST

static int io_calls;
static struct ev_io *survivor;

static void
io_stop_both_cb(struct ev_loop *l, struct ev_io *io, uint32_t ev)
{
	struct ev_io *other = io->arg;

	io_calls++;
	survivor = io;
	ev_io_stop(l, io);
	ev_io_stop(l, other);
	/* The owner frees it: the loop must not touch it again in this
	 * batch (the ASan build of this suite catches a use after free). */
	free(other);
}

START_TEST(test_io_stop_in_callback)
{
	struct ev_loop *l = ev_loop_new();
	struct ev_io *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	int p1[2], p2[2];

	ck_assert_int_eq(pipe(p1), 0);
	ck_assert_int_eq(pipe(p2), 0);
	ck_assert_int_eq(write(p1[1], "x", 1), 1);
	ck_assert_int_eq(write(p2[1], "x", 1), 1);
	io_calls = 0;
	ev_io_init(a, p1[0], EPOLLIN, io_stop_both_cb, b);
	ev_io_init(b, p2[0], EPOLLIN, io_stop_both_cb, a);
	ck_assert_int_eq(ev_io_start(l, a), 0);
	ck_assert_int_eq(ev_io_start(l, b), 0);
	ck_assert_int_eq(ev_loop_once(l, 0), 0);
	/* Both were ready; whichever ran first stopped the other. */
	ck_assert_int_eq(io_calls, 1);
	free(survivor);
	ev_loop_free(l);
}
END_TEST

/*
 * More ready descriptors than one epoll batch, and a timer due now (a
 * checker's connect timeout): every answer that has arrived is served
 * before the timer runs.  With one batch per turn the timer would see
 * most of them unanswered.
 */
#define MANY_IO	200

static int many_served, many_at_timer = -1;

static void
many_io_cb(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	char c;

	ck_assert_int_eq(read(io->fd, &c, 1), 1);
	ev_io_stop(l, io);
	many_served++;
}

static void
many_tmo_cb(struct ev_loop *l, struct ev_timer *t)
{
	many_at_timer = many_served;
}

START_TEST(test_ready_io_before_timers)
{
	struct ev_loop *l = ev_loop_new();
	struct ev_io *io = calloc(MANY_IO, sizeof(*io));
	struct ev_timer t;
	int fds[MANY_IO][2], i;

	for (i = 0; i < MANY_IO; i++) {
		ck_assert_int_eq(pipe(fds[i]), 0);
		ev_io_init(&io[i], fds[i][0], EPOLLIN, many_io_cb, NULL);
		ck_assert_int_eq(ev_io_start(l, &io[i]), 0);
		ck_assert_int_eq(write(fds[i][1], "x", 1), 1);
	}
	ev_timer_init(&t, many_tmo_cb, NULL);
	ev_timer_start(l, &t, 0);
	ck_assert_int_eq(ev_loop_once(l, 0), 0);
	ck_assert_int_eq(many_at_timer, MANY_IO);
	for (i = 0; i < MANY_IO; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	free(io);
	ev_loop_free(l);
}
END_TEST

static int sig_seen;

static void
sig_cb(struct ev_loop *l, struct ev_signal *s,
    const struct signalfd_siginfo *si)
{
	sig_seen = (int)si->ssi_signo;
	ev_loop_break(l);
}

START_TEST(test_signalfd_delivery)
{
	struct ev_loop *l = ev_loop_new();
	struct ev_signal s;

	sig_seen = 0;
	ev_signal_init(&s, SIGUSR1, sig_cb, NULL);
	ck_assert_int_eq(ev_signal_start(l, &s), 0);
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(ev_loop_run(l), 0);
	ck_assert_int_eq(sig_seen, SIGUSR1);
	ev_signal_init(&s, SIGCHLD, sig_cb, NULL);
	ck_assert_int_eq(ev_signal_start(l, &s), -1);
	ev_loop_free(l);
}
END_TEST

static int child_status[2];
static int nchildren;

static void
child_cb(struct ev_loop *l, struct ev_child *c, int status)
{
	child_status[(int)(intptr_t)c->arg] = status;
	if (++nchildren == 2)
		ev_loop_break(l);
}

START_TEST(test_child_reaping)
{
	struct ev_loop *l = ev_loop_new();
	struct ev_child c[2];
	pid_t pid, stray;
	int i;

	nchildren = 0;
	stray = fork();		/* nobody watches this one */
	if (stray == 0)
		_exit(0);
	/* Let it exit before the others (without reaping it), so the loop
	 * has reaped it by the time both watched children are reported. */
	{
		siginfo_t si;

		ck_assert_int_eq(waitid(P_PID, (id_t)stray, &si,
		    WEXITED | WNOWAIT), 0);
	}
	for (i = 0; i < 2; i++) {
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0)
			_exit(7 + i);
		ev_child_init(&c[i], pid, child_cb, (void *)(intptr_t)i);
		ev_child_start(l, &c[i]);
	}
	ck_assert_int_eq(ev_loop_run(l), 0);
	ck_assert(WIFEXITED(child_status[0]));
	ck_assert_int_eq(WEXITSTATUS(child_status[0]), 7);
	ck_assert_int_eq(WEXITSTATUS(child_status[1]), 8);
	ck_assert_int_eq(waitpid(stray, NULL, WNOHANG), -1);	/* reaped */
	ev_loop_free(l);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("evloop");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_timer_order);
	tcase_add_test(tc, test_timer_cancel_in_callback);
	tcase_add_test(tc, test_timer_heap_many);
	tcase_add_test(tc, test_io_stop_in_callback);
	tcase_add_test(tc, test_ready_io_before_timers);
	tcase_add_test(tc, test_signalfd_delivery);
	tcase_add_test(tc, test_child_reaping);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
