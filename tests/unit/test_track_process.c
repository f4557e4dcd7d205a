/*
 * test_track_process: vrrp_track_process (vrrp/track_process.c) with
 * explicit inputs: the matcher against keepalived's rules (comm,
 * full_command, param_match exact / partial / initial), the counter's
 * quorum, quorum_max, fork_delay and terminate_delay with explicit time,
 * the pid set through fork / exec / comm / exit and a rescan; then the
 * shell against the real kernel: a child renaming itself is counted and
 * its death loses the quorum quickly (proc connector when this process
 * can use it, the /proc poll otherwise).
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include "unit.h"
#include "evloop.h"
#include "track_process.h"
#include "vrrp.h"
#include "xalloc.h"

static struct vrrp_track_process_conf
pconf(const char *proc, const char *params, enum vrrp_param_match pm,
    bool full)
{
	struct vrrp_track_process_conf c;

	memset(&c, 0, sizeof(c));
	c.name = (char *)"P";
	c.process = (char *)proc;
	c.params = (char *)params;
	c.param_match = params != NULL && pm == VRRP_PARAM_MATCH_NONE ?
	    VRRP_PARAM_MATCH_EXACT : pm;
	/* as the parser: arguments and param_match imply full_command */
	c.full_command = full || params != NULL ||
	    pm != VRRP_PARAM_MATCH_NONE;
	c.weight = 0;
	c.quorum = 1;
	c.quorum_max = UINT_MAX;
	return c;
}

static bool
m(const struct vrrp_track_process_conf *c, const char *comm,
    const char *cmd, size_t len)
{
	struct vrrp_tproc tp;
	bool r;

	vrrp_tproc_init(&tp, c);
	r = vrrp_tproc_match(&tp, comm, cmd, len);
	vrrp_tproc_fini(&tp);
	return r;
}

#define CMD(s)	s, sizeof(s)

START_TEST(match_table)
{
	struct vrrp_track_process_conf c;

	/* comm only */
	c = pconf("mysqld", NULL, VRRP_PARAM_MATCH_NONE, false);
	ck_assert(m(&c, "mysqld", CMD("/usr/sbin/mysqld\0--x")));
	ck_assert(!m(&c, "mysqld_safe", CMD("mysqld\0")));
	ck_assert(!m(&c, "mysql", CMD("mysqld\0")));
	/* full_command: argv[0], arguments ignored */
	c = pconf("/usr/sbin/mysqld", NULL, VRRP_PARAM_MATCH_NONE, true);
	ck_assert(m(&c, "mysqld", CMD("/usr/sbin/mysqld\0--a\0")));
	ck_assert(!m(&c, "mysqld", CMD("mysqld\0--a\0")));
	ck_assert(!m(&c, "mysqld", "/usr/sbin/mysql", 15));	/* no NUL */
	/* exact */
	c = pconf("sleep", "1000", VRRP_PARAM_MATCH_NONE, false);
	ck_assert(m(&c, "x", "sleep\0" "1000", 11));
	ck_assert(!m(&c, "x", "sleep\0" "10000", 12));
	ck_assert(!m(&c, "x", "sleep\0" "1000\0" "2", 13));
	ck_assert(!m(&c, "x", "sleep", 6));
	c = pconf("sleep", "a b", VRRP_PARAM_MATCH_EXACT, false);
	ck_assert(m(&c, "x", "sleep\0a\0b", 10));
	ck_assert(!m(&c, "x", "sleep\0a b", 10));
	c = pconf("sleep", NULL, VRRP_PARAM_MATCH_EXACT, true);
	ck_assert(m(&c, "x", "sleep", 6));
	ck_assert(!m(&c, "x", "sleep\0" "1", 8));
	/* partial: the configured arguments first, whole */
	c = pconf("sleep", "a b", VRRP_PARAM_MATCH_PARTIAL, false);
	ck_assert(m(&c, "x", "sleep\0a\0b", 10));
	ck_assert(m(&c, "x", "sleep\0a\0b\0c", 12));
	ck_assert(!m(&c, "x", "sleep\0a\0bc", 11));
	ck_assert(!m(&c, "x", "sleep\0a", 8));
	/* initial: the last configured argument is a prefix */
	c = pconf("sleep", "a b", VRRP_PARAM_MATCH_INITIAL, false);
	ck_assert(m(&c, "x", "sleep\0a\0bc", 11));
	ck_assert(m(&c, "x", "sleep\0a\0b\0c", 12));
	ck_assert(!m(&c, "x", "sleep\0a\0c", 10));
	/* param_match without arguments: any arguments */
	c = pconf("sleep", NULL, VRRP_PARAM_MATCH_PARTIAL, false);
	ck_assert(m(&c, "x", "sleep\0z", 8));
}
END_TEST

static struct vrrp_tproc
counter(unsigned q, unsigned qmax, uint64_t fork_us, uint64_t term_us)
{
	struct vrrp_track_process_conf c = pconf("p", NULL,
	    VRRP_PARAM_MATCH_NONE, false);
	struct vrrp_tproc tp;

	c.quorum = q;
	c.quorum_max = qmax;
	c.fork_delay_us = fork_us;
	c.terminate_delay_us = term_us;
	vrrp_tproc_init(&tp, &c);
	return tp;
}

START_TEST(count_quorum)
{
	struct vrrp_tproc tp = counter(2, 3, 0, 0);

	ck_assert(!vrrp_tproc_count_add(&tp, 0));
	ck_assert(!tp.have_quorum);
	ck_assert(vrrp_tproc_count_add(&tp, 0));	/* 2: gained */
	ck_assert(tp.have_quorum);
	ck_assert(!vrrp_tproc_count_add(&tp, 0));	/* 3 */
	ck_assert(vrrp_tproc_count_add(&tp, 0));	/* 4 > max: lost */
	ck_assert(!tp.have_quorum);
	ck_assert(vrrp_tproc_count_exit(&tp, 0));	/* 3: gained */
	ck_assert(!vrrp_tproc_count_exit(&tp, 0));	/* 2 */
	ck_assert(vrrp_tproc_count_remove(&tp, 0));	/* 1: lost */
	ck_assert_uint_eq(tp.num, 1);
	vrrp_tproc_fini(&tp);
}
END_TEST

START_TEST(count_delays)
{
	struct vrrp_tproc tp = counter(1, UINT_MAX, 2000000, 500000);

	/* fork: counted after fork_delay */
	ck_assert(!vrrp_tproc_count_fork(&tp, 1000));
	ck_assert(!tp.have_quorum);
	ck_assert_uint_eq(tp.fork_at, 2001000);
	ck_assert(!vrrp_tproc_count_expire(&tp, 2000999));
	ck_assert(vrrp_tproc_count_expire(&tp, 2001000));
	ck_assert(tp.have_quorum);
	/* exit: lost after terminate_delay */
	ck_assert(!vrrp_tproc_count_exit(&tp, 3000000));
	ck_assert(tp.have_quorum);
	ck_assert_uint_eq(tp.term_at, 3500000);
	/* a new one before the deadline cancels it */
	ck_assert(!vrrp_tproc_count_add(&tp, 3100000));
	ck_assert_uint_eq(tp.term_at, VRRP_TPROC_NONE);
	ck_assert(!vrrp_tproc_count_expire(&tp, 9000000));
	ck_assert(tp.have_quorum);
	/* exit again, then the deadline passes */
	ck_assert(!vrrp_tproc_count_exit(&tp, 4000000));
	ck_assert(vrrp_tproc_count_expire(&tp, 4500000));
	ck_assert(!tp.have_quorum);
	/* a fork then its exit inside fork_delay: never counted */
	ck_assert(!vrrp_tproc_count_fork(&tp, 5000000));
	ck_assert(!vrrp_tproc_count_exit(&tp, 5100000));
	ck_assert_uint_eq(tp.fork_at, VRRP_TPROC_NONE);
	ck_assert(!vrrp_tproc_count_expire(&tp, 9000000));
	ck_assert(!tp.have_quorum);
	/* no longer matching: at once, no terminate_delay */
	ck_assert(vrrp_tproc_count_add(&tp, 6000000));
	ck_assert(vrrp_tproc_count_remove(&tp, 6000001));
	ck_assert(!tp.have_quorum);
	vrrp_tproc_fini(&tp);
}
END_TEST

/* quorum_max 0 (quorum 0): quorum only while none runs */
START_TEST(count_quorum_max_zero)
{
	struct vrrp_tproc tp = counter(0, 0, 0, 0);

	tp.have_quorum = vrrp_tproc_in_quorum(&tp);
	ck_assert(tp.have_quorum);
	ck_assert(vrrp_tproc_count_add(&tp, 0));	/* 1: lost */
	ck_assert(!tp.have_quorum);
	ck_assert(!vrrp_tproc_count_fork(&tp, 0));	/* 2 */
	ck_assert(!vrrp_tproc_count_exit(&tp, 0));	/* 1 */
	ck_assert(vrrp_tproc_count_exit(&tp, 0));	/* 0: gained */
	ck_assert(tp.have_quorum);
	vrrp_tproc_fini(&tp);
}
END_TEST

static unsigned nchanged;

static void
on_changed(void *arg, struct vrrp_tproc *tp)
{
	(void)arg;
	(void)tp;
	nchanged++;
}

static struct conf *
parse_ok(const char *text)
{
	struct conf *c = unit_parse(text, NULL, NULL);

	ck_assert_ptr_nonnull(c);
	return c;
}

START_TEST(set_events)
{
	struct conf *cf = parse_ok(
	    "vrrp_track_process A {\n process vtp-a\n weight 0\n}\n"
	    "vrrp_track_process B {\n process /bin/vtp-b --x\n"
	    " weight 0\n quorum 2\n}\n");
	struct vrrp_tproc_set s;
	struct vrrp_tproc *a, *b;

	vrrp_tproc_set_init(&s, &cf->vrrp.track_processes);
	s.changed = on_changed;
	nchanged = 0;
	a = vrrp_tproc_set_find(&s, "A");
	b = vrrp_tproc_set_find(&s, "B");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert(!a->full_command);
	ck_assert(b->full_command);
	vrrp_tproc_set_rescan_begin(&s);
	vrrp_tproc_set_scan(&s, 10, "vtp-a", "vtp-a", 6);
	vrrp_tproc_set_scan(&s, 11, "vtp-b", CMD("/bin/vtp-b\0--x"));
	vrrp_tproc_set_load(&s);
	ck_assert(a->have_quorum);
	ck_assert(!b->have_quorum);
	ck_assert_uint_eq(nchanged, 0);
	/* B's process forks: quorum 2 reached */
	vrrp_tproc_set_fork(&s, 11, 12, 100);
	ck_assert(b->have_quorum);
	ck_assert_uint_eq(nchanged, 1);
	ck_assert_uint_eq(vrrp_tproc_set_npids(&s, 1), 2);
	/* the child execs something else: B loses it */
	vrrp_tproc_set_exec(&s, 12, "other", "other", 6, 200);
	ck_assert(!b->have_quorum);
	ck_assert_uint_eq(nchanged, 2);
	/* A's process renames itself, then back */
	vrrp_tproc_set_comm(&s, 10, "renamed", 300);
	ck_assert(!a->have_quorum);
	vrrp_tproc_set_comm(&s, 10, "vtp-a", 400);
	ck_assert(a->have_quorum);
	ck_assert_uint_eq(nchanged, 4);
	/* exit of an unknown pid changes nothing; of A's, loses A */
	vrrp_tproc_set_exit(&s, 99, 500);
	ck_assert_uint_eq(nchanged, 4);
	vrrp_tproc_set_exit(&s, 10, 600);
	ck_assert(!a->have_quorum);
	ck_assert_uint_eq(s.nrefs, 1);
	ck_assert_uint_eq(vrrp_tproc_set_next(&s), VRRP_TPROC_NONE);
	vrrp_tproc_set_fini(&s);
	conf_free(cf);
}
END_TEST

START_TEST(set_rescan_delays)
{
	struct conf *cf = parse_ok(
	    "vrrp_track_process A {\n process vtp-a\n weight 0\n"
	    " terminate_delay 2\n fork_delay 1\n}\n");
	struct vrrp_tproc_set s;
	struct vrrp_tproc *a;

	vrrp_tproc_set_init(&s, &cf->vrrp.track_processes);
	s.changed = on_changed;
	nchanged = 0;
	a = &s.tps[0];
	vrrp_tproc_set_rescan_begin(&s);
	vrrp_tproc_set_scan(&s, 10, "vtp-a", NULL, 0);
	vrrp_tproc_set_load(&s);
	ck_assert(a->have_quorum);
	/* a rescan finds none: lost after terminate_delay, which a
	 * second rescan does not push back */
	vrrp_tproc_set_rescan_begin(&s);
	vrrp_tproc_set_rescan_end(&s, 1000000);
	ck_assert(a->have_quorum);
	ck_assert_uint_eq(vrrp_tproc_set_next(&s), 3000000);
	vrrp_tproc_set_rescan_begin(&s);
	vrrp_tproc_set_rescan_end(&s, 1500000);
	ck_assert_uint_eq(vrrp_tproc_set_next(&s), 3000000);
	vrrp_tproc_set_tick(&s, 2999999);
	ck_assert(a->have_quorum);
	vrrp_tproc_set_tick(&s, 3000000);
	ck_assert(!a->have_quorum);
	ck_assert_uint_eq(nchanged, 1);
	/* found again: gained after fork_delay */
	vrrp_tproc_set_rescan_begin(&s);
	vrrp_tproc_set_scan(&s, 20, "vtp-a", NULL, 0);
	vrrp_tproc_set_rescan_end(&s, 4000000);
	ck_assert(!a->have_quorum);
	vrrp_tproc_set_tick(&s, 5000000);
	ck_assert(a->have_quorum);
	ck_assert_uint_eq(nchanged, 2);
	vrrp_tproc_set_fini(&s);
	conf_free(cf);
}
END_TEST

/*
 * The shell without the connector: a rescan every 500 ms, and the
 * deadline timer due at the same instant runs after the rescan (the
 * poll timer was armed first).  With terminate_delay equal to the poll
 * period each rescan used to push the deadline back by a period, so the
 * quorum was never lost (the daemon in tests/netns/trackproc.sh).
 */
START_TEST(set_poll_same_period)
{
	struct conf *cf = parse_ok(
	    "vrrp_track_process A {\n process vtp-a\n"
	    " terminate_delay 0.5\n fork_delay 0.5\n}\n");
	struct vrrp_tproc_set s;
	struct vrrp_tproc *a;
	uint64_t now, next;
	int i;

	vrrp_tproc_set_init(&s, &cf->vrrp.track_processes);
	s.changed = on_changed;
	nchanged = 0;
	a = &s.tps[0];
	vrrp_tproc_set_rescan_begin(&s);
	vrrp_tproc_set_scan(&s, 10, "vtp-a", NULL, 0);
	vrrp_tproc_set_load(&s);
	ck_assert(a->have_quorum);
	/* killed before the poll at 500 ms; polls at 500, 1000, ... */
	for (i = 1, now = 500000; i <= 4 && a->have_quorum; i++,
	    now += 500000) {
		vrrp_tproc_set_rescan_begin(&s);
		vrrp_tproc_set_rescan_end(&s, now);
		next = vrrp_tproc_set_next(&s);
		if (next <= now)
			vrrp_tproc_set_tick(&s, now);
	}
	ck_assert_msg(!a->have_quorum, "quorum never lost");
	ck_assert_uint_eq(now, 1500000);	/* lost by the poll at 1 s */
	ck_assert_uint_eq(nchanged, 1);
	/* started again: gained after fork_delay, same schedule */
	for (i = 1; i <= 4 && !a->have_quorum; i++, now += 500000) {
		vrrp_tproc_set_rescan_begin(&s);
		vrrp_tproc_set_scan(&s, 20, "vtp-a", NULL, 0);
		vrrp_tproc_set_rescan_end(&s, now);
		if (vrrp_tproc_set_next(&s) <= now)
			vrrp_tproc_set_tick(&s, now);
	}
	ck_assert_msg(a->have_quorum, "quorum never gained");
	ck_assert_uint_eq(nchanged, 2);
	vrrp_tproc_set_fini(&s);
	conf_free(cf);
}
END_TEST

/* --- the shell against the kernel ----------------------------------------- */

static pid_t
spawn_named(const char *name)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		prctl(PR_SET_NAME, name);
		for (;;)
			pause();
	}
	return pid;
}

/* Run the loop until have_quorum == want or max_us passed; the time. */
static uint64_t
loop_until(struct ev_loop *loop, const struct vrrp_tproc *tp, bool want,
    uint64_t max_us)
{
	uint64_t t0 = ev_clock_us();
	int n;

	for (n = 0; n < 100000 && tp->have_quorum != want; n++) {
		if (ev_clock_us() - t0 > max_us)
			break;
		ev_loop_once(loop, 20000);
	}
	return ev_clock_us() - t0;
}

/* Whether we are in the kernel's initial namespace of this kind (its
 * fixed inode numbers, include/linux/proc_ns.h). */
static bool
init_ns(const char *what, ino_t ino)
{
	char a[64];
	struct stat st;

	snprintf(a, sizeof(a), "/proc/self/ns/%s", what);
	return stat(a, &st) == 0 && st.st_ino == ino;
}

static void
shell_run(const char *text, uint64_t delay_us)
{
	struct conf *cf = parse_ok(text);
	struct vrrp_child vc;
	struct vrrp_engine *eng = xcalloc(1, sizeof(*eng));
	struct vrrp_tproc *tp;
	uint64_t us;
	bool connector;
	pid_t pid;

	memset(&vc, 0, sizeof(vc));
	vc.loop = ev_loop_new();
	vc.conf = cf;
	eng->vc = &vc;
	TAILQ_INIT(&eng->rts);
	/* The connector: root in the initial namespaces. */
	connector = geteuid() == 0 && init_ns("user", 0xEFFFFFFDU) &&
	    init_ns("pid", 0xEFFFFFFCU) && init_ns("net", 0xEFFFFFF9U);
	vrrp_tprocs_start(eng);
	tp = vrrp_tprocs_find(eng, "A");
	ck_assert_ptr_nonnull(tp);
	ck_assert(!tp->have_quorum);
	(void)loop_until(vc.loop, tp, true, 200000);	/* ack or poll */
	pid = spawn_named("vtp-unit-xq");
	ck_assert_int_gt(pid, 0);
	us = loop_until(vc.loop, tp, true, 3000000);
	ck_assert_msg(tp->have_quorum, "not counted after %lu us",
	    (unsigned long)us);
	fprintf(stderr, "track_process: counted in %lu us\n",
	    (unsigned long)us);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	us = loop_until(vc.loop, tp, false, 3000000);
	ck_assert_msg(!tp->have_quorum, "still counted after %lu us",
	    (unsigned long)us);
	fprintf(stderr, "track_process: lost in %lu us (%s)\n",
	    (unsigned long)us, connector ? "connector expected" : "poll");
	/* the poll is every 500 ms; the connector is immediate */
	ck_assert_uint_lt(us, delay_us + (connector ? 250000 : 1500000));
	ck_assert_uint_ge(us, delay_us);
	vrrp_tprocs_stop(eng);
	ck_assert_ptr_null(eng->tprocs);
	free(eng);
	ev_loop_free(vc.loop);
	conf_free(cf);
}

START_TEST(shell_kernel)
{
	shell_run("vrrp_track_process A {\n process vtp-unit-xq\n"
	    " weight 0\n}\n", 0);
}
END_TEST

START_TEST(shell_kernel_delay)
{
	shell_run("vrrp_track_process A {\n process vtp-unit-xq\n"
	    " weight 0\n terminate_delay 0.5\n}\n", 500000);
}
END_TEST

static Suite *
tproc_suite(void)
{
	Suite *s = suite_create("track_process");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, match_table);
	tcase_add_test(tc, count_quorum);
	tcase_add_test(tc, count_delays);
	tcase_add_test(tc, count_quorum_max_zero);
	tcase_add_test(tc, set_events);
	tcase_add_test(tc, set_rescan_delays);
	tcase_add_test(tc, set_poll_same_period);
	suite_add_tcase(s, tc);
	tc = tcase_create("kernel");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, shell_kernel);
	tcase_add_test(tc, shell_kernel_delay);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { tproc_suite() };

	return unit_run(s, 1);
}
