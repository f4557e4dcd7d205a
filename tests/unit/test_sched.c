/*
 * test_sched: the checker's scheduling and up/down rules with explicit
 * time and keepalived 2.2.7's numbers (check_tcp.c tcp_epilog,
 * check_ping.c icmp_epilog, check_http.c epilog, ipwrapper.c
 * update_svr_checker_state and update_quorum_state).
 */
#include "unit.h"
#include "check_sched.h"

#define S	1000000ULL

static struct sched_params
params(uint64_t loop, uint64_t dbr, uint32_t retry, bool alpha,
    enum sched_retry_policy pol)
{
	struct sched_params p;

	memset(&p, 0, sizeof(p));
	p.delay_loop = loop;
	p.delay_before_retry = dbr;
	p.warmup = loop;
	p.retry = retry;
	p.alpha = alpha;
	p.policy = pol;
	return p;
}

/*
 * seed000's TCP_CHECK with nb_get_retry honoured: delay_loop 6,
 * connect_timeout 3, retry 3, delay_before_retry 3.  An up server whose
 * checks start timing out is marked down after
 * connect_timeout x (retry + 1) + delay_before_retry x retry = 21 s.
 */
START_TEST(test_seed000_time_to_down)
{
	struct sched_params p = params(6 * S, 3 * S, 3, false,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;
	uint64_t now = 0, ct = 3 * S;
	int i;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, true, &o);	/* first run: up */
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_SUCCESS);
	ck_assert_uint_eq(o.delay, 6 * S);
	/* The server dies; the next check starts at t = 0. */
	for (i = 0; i < 3; i++) {
		now += ct;			/* each attempt times out */
		sched_check_done(&c, &rs, false, &o);
		ck_assert_uint_eq(o.actions, 0);
		ck_assert_uint_eq(o.delay, 3 * S);
		ck_assert(rs.alive);
		now += o.delay;
	}
	now += ct;
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_FAILED |
	    SCHED_A_AFTER_RETRIES | SCHED_A_ALERT | SCHED_A_RS_DEL |
	    SCHED_A_NOTIFY | SCHED_A_QUORUM);
	ck_assert(!rs.alive);
	ck_assert(!o.checker_up);
	ck_assert_uint_eq(now, 21 * S);
	ck_assert_uint_eq(o.delay, 6 * S);
}
END_TEST

/* keepalived's real seed000 (nb_get_retry unknown, retry 1): 3+3+3. */
START_TEST(test_retry1_time_to_down)
{
	struct sched_params p = params(6 * S, 3 * S, 1, false,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;
	uint64_t now = 0;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, true, &o);
	now += 3 * S;
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.delay, 3 * S);
	now += o.delay + 3 * S;
	sched_check_done(&c, &rs, false, &o);
	ck_assert(o.actions & SCHED_A_RS_DEL);
	ck_assert_uint_eq(now, 9 * S);
}
END_TEST

/* At start (not alpha) retries are spent: the first failure is final. */
START_TEST(test_first_failure_marks_down)
{
	struct sched_params p = params(6 * S, 3 * S, 3, false,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	ck_assert(rs.alive);
	sched_check_done(&c, &rs, false, &o);
	/* "failed." without "after N retries": it had not run. */
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_FAILED | SCHED_A_ALERT |
	    SCHED_A_RS_DEL | SCHED_A_NOTIFY | SCHED_A_QUORUM);
	ck_assert(!rs.alive);
	ck_assert_uint_eq(o.delay, 6 * S);
}
END_TEST

START_TEST(test_first_success_no_notify)
{
	struct sched_params p = params(6 * S, 3 * S, 1, false,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, true, &o);
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_SUCCESS);
	sched_check_done(&c, &rs, true, &o);
	ck_assert_uint_eq(o.actions, 0);
}
END_TEST

/* alpha: the server starts out of the pool; a first success adds it, a
 * first failure only runs notify_down. */
START_TEST(test_alpha)
{
	struct sched_params p = params(6 * S, 3 * S, 1, true,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	ck_assert(!rs.alive);
	ck_assert_uint_eq(rs.num_failed, 1);
	sched_check_done(&c, &rs, true, &o);
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_SUCCESS | SCHED_A_ALERT |
	    SCHED_A_RS_ADD | SCHED_A_NOTIFY | SCHED_A_QUORUM);
	ck_assert(rs.alive);

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_FAILED | SCHED_A_NOTIFY);
	ck_assert(!rs.alive);
}
END_TEST

/* 2.2.7's TCP_CHECK keeps retrying while down: with retry 1 the
 * failures alternate delay_before_retry and delay_loop. */
START_TEST(test_tcp_down_alternation)
{
	struct sched_params p = params(6 * S, 2 * S, 1, false,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;
	const uint64_t want[6] = { 2, 6, 2, 6, 2, 6 };
	int i;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, false, &o);	/* down at once */
	ck_assert_uint_eq(o.delay, 6 * S);
	for (i = 0; i < 6; i++) {
		sched_check_done(&c, &rs, false, &o);
		ck_assert_uint_eq(o.delay, want[i] * S);
		ck_assert_uint_eq(o.actions, 0);	/* no repeated logs */
	}
}
END_TEST

/* PING/UDP/DNS/MISC: a down checker polls at delay_loop. */
START_TEST(test_up_only_down_polls_delay_loop)
{
	struct sched_params p = params(6 * S, 2 * S, 2, false,
	    SCHED_RETRY_UP_ONLY);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;
	int i;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, true, &o);
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.delay, 2 * S);
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.delay, 2 * S);
	sched_check_done(&c, &rs, false, &o);
	ck_assert(o.actions & SCHED_A_AFTER_RETRIES);
	ck_assert(o.actions & SCHED_A_RS_DEL);
	for (i = 0; i < 4; i++) {
		sched_check_done(&c, &rs, false, &o);
		ck_assert_uint_eq(o.delay, 6 * S);
		ck_assert_uint_eq(o.actions, 0);
	}
	/* Recovery: back in the pool at the first success. */
	sched_check_done(&c, &rs, true, &o);
	ck_assert_uint_eq(o.actions, SCHED_A_LOG_SUCCESS | SCHED_A_ALERT |
	    SCHED_A_RS_ADD | SCHED_A_NOTIFY | SCHED_A_QUORUM);
	ck_assert(rs.alive);
}
END_TEST

/* HTTP_GET while down polls at max(delay_before_retry, delay_loop). */
START_TEST(test_http_down_poll)
{
	struct sched_params p = params(2 * S, 5 * S, 1, false,
	    SCHED_RETRY_HTTP);
	struct sched_chk c;
	struct sched_rs rs;
	struct sched_outcome o;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	sched_check_done(&c, &rs, true, &o);
	ck_assert_uint_eq(o.delay, 2 * S);
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.delay, 5 * S);
	ck_assert(rs.alive);
	sched_check_done(&c, &rs, false, &o);
	ck_assert(o.actions & SCHED_A_AFTER_RETRIES);
	ck_assert(!rs.alive);
	ck_assert_uint_eq(o.delay, 5 * S);
	sched_check_done(&c, &rs, false, &o);
	ck_assert_uint_eq(o.delay, 5 * S);
	ck_assert_uint_eq(o.actions, 0);
}
END_TEST

/* One run of an HTTP checker: the url it checked, the result, the delay
 * it asks for and whether the real server's state changed. */
static void
http_run(struct sched_chk *c, struct sched_rs *rs, uint32_t url, bool ok,
    uint64_t delay, unsigned actions)
{
	struct sched_outcome o;

	ck_assert_uint_eq(c->url_it, url);
	sched_check_done(c, rs, ok, &o);
	ck_assert_uint_eq(o.delay, delay);
	ck_assert_uint_eq(o.actions & (SCHED_A_RS_ADD | SCHED_A_RS_DEL |
	    SCHED_A_LOG_SUCCESS), actions);
}

/*
 * check_http.c epilog with three urls: one url per run, delay_loop
 * apart; up only once the last answered.  A url that fails is retried
 * alone (delay_before_retry) and, once down, polled at max(dbr, loop);
 * when it answers every url is checked again from the first.
 */
START_TEST(test_http_one_url_per_run)
{
	struct sched_params p = params(2 * S, 1 * S, 1, false,
	    SCHED_RETRY_HTTP);
	struct sched_chk c;
	struct sched_rs rs;

	p.nurls = 3;
	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	http_run(&c, &rs, 0, true, 2 * S, 0);
	http_run(&c, &rs, 1, true, 2 * S, 0);
	http_run(&c, &rs, 2, true, 2 * S, SCHED_A_LOG_SUCCESS);
	/* Up: url 0, then a failure of url 1 retried once, then down. */
	http_run(&c, &rs, 0, true, 2 * S, 0);
	http_run(&c, &rs, 1, false, 1 * S, 0);
	http_run(&c, &rs, 1, false, 2 * S, SCHED_A_RS_DEL);
	ck_assert(!rs.alive && c.failed_url);
	http_run(&c, &rs, 1, false, 2 * S, 0);
	/* url 1 answers: all three again before the server is back. */
	http_run(&c, &rs, 1, true, 2 * S, 0);
	ck_assert(!c.failed_url);
	http_run(&c, &rs, 0, true, 2 * S, 0);
	http_run(&c, &rs, 1, true, 2 * S, 0);
	ck_assert(!rs.alive);
	http_run(&c, &rs, 2, true, 2 * S, SCHED_A_LOG_SUCCESS |
	    SCHED_A_RS_ADD);
	ck_assert(rs.alive);
	http_run(&c, &rs, 0, true, 2 * S, 0);
}
END_TEST

/* fast_recovery: no delay until the checker has run every url, nor
 * while it is down with no url known to fail. */
START_TEST(test_http_fast_recovery)
{
	struct sched_params p = params(4 * S, 1 * S, 0, false,
	    SCHED_RETRY_HTTP);
	struct sched_chk c;
	struct sched_rs rs;

	p.nurls = 2;
	p.fast_recovery = true;
	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	http_run(&c, &rs, 0, true, 0, 0);
	http_run(&c, &rs, 1, true, 4 * S, SCHED_A_LOG_SUCCESS);
	http_run(&c, &rs, 0, true, 4 * S, 0);
	/* retry 0: the first failure marks it down; polled at the loop. */
	http_run(&c, &rs, 1, false, 4 * S, SCHED_A_RS_DEL);
	http_run(&c, &rs, 1, false, 4 * S, 0);
	/* Back: every url at once. */
	http_run(&c, &rs, 1, true, 0, 0);
	http_run(&c, &rs, 0, true, 0, 0);
	http_run(&c, &rs, 1, true, 4 * S, SCHED_A_LOG_SUCCESS |
	    SCHED_A_RS_ADD);
	/* Without fast_recovery the same start waits a loop per url. */
	p.fast_recovery = false;
	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	http_run(&c, &rs, 0, true, 4 * S, 0);
}
END_TEST

/* A real server is alive only while all its checkers are up. */
START_TEST(test_all_checkers_up)
{
	struct sched_params p = params(6 * S, 3 * S, 0, false,
	    SCHED_RETRY_UP_ONLY);
	struct sched_chk a, b;
	struct sched_rs rs;
	struct sched_outcome o;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&a, &p, &rs);
	sched_chk_init(&b, &p, &rs);
	sched_check_done(&a, &rs, true, &o);
	sched_check_done(&b, &rs, true, &o);
	sched_check_done(&a, &rs, false, &o);
	ck_assert(o.actions & SCHED_A_RS_DEL);
	sched_check_done(&b, &rs, false, &o);
	ck_assert(!(o.actions & (SCHED_A_RS_DEL | SCHED_A_NOTIFY)));
	ck_assert_uint_eq(rs.num_failed, 2);
	sched_check_done(&a, &rs, true, &o);
	ck_assert(!(o.actions & SCHED_A_RS_ADD));
	ck_assert(!rs.alive);
	sched_check_done(&b, &rs, true, &o);
	ck_assert(o.actions & SCHED_A_RS_ADD);
	ck_assert(rs.alive);
	ck_assert_uint_eq(rs.num_failed, 0);
}
END_TEST

/* First run 1 s + warmup × random; warmup 0: exactly 1 s. */
static double
half(void *arg)
{
	return 0.5;
}

START_TEST(test_first_delay)
{
	struct sched_params p = params(6 * S, 3 * S, 1, false,
	    SCHED_RETRY_TCP);
	struct sched_chk c;
	struct sched_rs rs;

	sched_rs_init(&rs, 1, false);
	sched_chk_init(&c, &p, &rs);
	ck_assert_uint_eq(sched_first_delay(&c, half, NULL), 4 * S);
	ck_assert_uint_eq(sched_first_delay(&c, NULL, NULL), 1 * S);
	p.warmup = 0;
	sched_chk_init(&c, &p, &rs);
	ck_assert_uint_eq(sched_first_delay(&c, half, NULL), 1 * S);
}
END_TEST

/* Quorum 4 hysteresis 1: gained at >= 5, lost below 3. */
START_TEST(test_quorum_hysteresis)
{
	struct sched_vs v;
	struct sched_quorum_out o;

	sched_vs_init(&v, 4, 1, false, 4);
	ck_assert(!v.quorum_up);
	ck_assert_int_eq(sched_vs_quorum(&v, 4, false, &o), SCHED_Q_NONE);
	ck_assert_int_eq(o.threshold, 5);
	ck_assert_int_eq(sched_vs_quorum(&v, 5, false, &o), SCHED_Q_GAINED);
	ck_assert(v.quorum_up);
	ck_assert(!o.sorry_in && !o.sorry_out);
	ck_assert_int_eq(sched_vs_quorum(&v, 3, false, &o), SCHED_Q_NONE);
	ck_assert_int_eq(o.threshold, 3);
	ck_assert_int_eq(sched_vs_quorum(&v, 2, false, &o), SCHED_Q_LOST);
	ck_assert(!v.quorum_up);
	ck_assert(!o.starting);
	/* No live weight at all always loses it (quorum 1, weight 0). */
	sched_vs_init(&v, 1, 0, false, 1);
	ck_assert(v.quorum_up);
	ck_assert_int_eq(sched_vs_quorum(&v, 0, false, &o), SCHED_Q_LOST);
	/* Gained by the start itself: the mail says "Starting with quorum
	 * up"; later gains say "Gained quorum". */
	sched_vs_init(&v, 2, 0, false, 0);
	ck_assert_int_eq(sched_vs_quorum(&v, 2, true, &o), SCHED_Q_GAINED);
	ck_assert(o.starting);
	ck_assert_int_eq(sched_vs_quorum(&v, 1, false, &o), SCHED_Q_LOST);
	ck_assert(!o.starting);
	ck_assert_int_eq(sched_vs_quorum(&v, 2, false, &o), SCHED_Q_GAINED);
	ck_assert(!o.starting);
}
END_TEST

/* keepalived judges the quorum before any real server is alive: the
 * first evaluation at start says "Gained quorum" (and runs quorum_up). */
START_TEST(test_quorum_start)
{
	struct sched_vs v;
	struct sched_quorum_out o;

	sched_vs_init(&v, 2, 0, false, 0);
	ck_assert(!v.quorum_up);
	ck_assert_int_eq(sched_vs_quorum(&v, 3, true, &o), SCHED_Q_GAINED);
	ck_assert_int_eq(o.threshold, 2);
	/* Down at start without a sorry server: nothing to say. */
	sched_vs_init(&v, 2, 0, false, 0);
	ck_assert_int_eq(sched_vs_quorum(&v, 1, true, &o), SCHED_Q_NONE);
	ck_assert(!v.quorum_up);
	/* With one (alpha: nothing alive yet), the sorry server goes in:
	 * "Starting with quorum down". */
	sched_vs_init(&v, 2, 0, true, 0);
	ck_assert_int_eq(sched_vs_quorum(&v, 0, true, &o), SCHED_Q_LOST);
	ck_assert(o.starting);
	ck_assert(o.sorry_in && !o.sorry_out);
	ck_assert(v.sorry_alive);
	ck_assert(!sched_vs_pool_open(&v));
	/* Not twice. */
	ck_assert_int_eq(sched_vs_quorum(&v, 0, true, &o), SCHED_Q_NONE);
}
END_TEST

/* Quorum 2 with a sorry server: lost -> the sorry server replaces the
 * pool; gained -> it goes and the alive real servers come back. */
START_TEST(test_sorry_swap)
{
	struct sched_vs v;
	struct sched_quorum_out o;

	sched_vs_init(&v, 2, 0, true, 0);
	ck_assert_int_eq(sched_vs_quorum(&v, 3, true, &o), SCHED_Q_GAINED);
	ck_assert(!o.sorry_out && !o.sorry_in);
	ck_assert(sched_vs_pool_open(&v));
	ck_assert_int_eq(sched_vs_quorum(&v, 2, false, &o), SCHED_Q_NONE);
	ck_assert_int_eq(sched_vs_quorum(&v, 1, false, &o), SCHED_Q_LOST);
	ck_assert(o.sorry_in && !o.starting);
	ck_assert(!sched_vs_pool_open(&v));
	ck_assert_int_eq(sched_vs_quorum(&v, 0, false, &o), SCHED_Q_NONE);
	ck_assert(!sched_vs_pool_open(&v));
	ck_assert_int_eq(sched_vs_quorum(&v, 2, false, &o), SCHED_Q_GAINED);
	ck_assert(o.sorry_out && !o.sorry_in);
	ck_assert(!v.sorry_alive);
	ck_assert(sched_vs_pool_open(&v));
	/* Hysteresis 1 around quorum 3: in below 2, out at 4. */
	sched_vs_init(&v, 3, 1, true, 0);
	ck_assert_int_eq(sched_vs_quorum(&v, 4, true, &o), SCHED_Q_GAINED);
	ck_assert_int_eq(sched_vs_quorum(&v, 2, false, &o), SCHED_Q_NONE);
	ck_assert_int_eq(sched_vs_quorum(&v, 1, false, &o), SCHED_Q_LOST);
	ck_assert(o.sorry_in);
	ck_assert_int_eq(o.threshold, 2);
	ck_assert_int_eq(sched_vs_quorum(&v, 3, false, &o), SCHED_Q_NONE);
	ck_assert_int_eq(sched_vs_quorum(&v, 4, false, &o), SCHED_Q_GAINED);
	ck_assert(o.sorry_out);
	ck_assert_int_eq(o.threshold, 4);
}
END_TEST

/* ipvs_cmd's inhibit_on_failure rules. */
START_TEST(test_dest_cmd)
{
	bool set = false, zero;

	/* Plain: add sets, delete clears. */
	ck_assert_int_eq(sched_dest_cmd(&set, false, false, true, &zero),
	    SCHED_IPVS_ADD);
	ck_assert(set && !zero);
	ck_assert_int_eq(sched_dest_cmd(&set, false, false, false, &zero),
	    SCHED_IPVS_DEL);
	ck_assert(!set);
	/* Inhibited: added with weight 0 while failed, then edits. */
	ck_assert_int_eq(sched_dest_cmd(&set, true, true, true, &zero),
	    SCHED_IPVS_ADD);
	ck_assert(set && zero);
	ck_assert_int_eq(sched_dest_cmd(&set, true, false, true, &zero),
	    SCHED_IPVS_EDIT);
	ck_assert(set && !zero);
	ck_assert_int_eq(sched_dest_cmd(&set, true, false, false, &zero),
	    SCHED_IPVS_EDIT);
	ck_assert(set && zero);
	/* Inhibited but not there yet, not failed: a real add. */
	set = false;
	ck_assert_int_eq(sched_dest_cmd(&set, true, false, true, &zero),
	    SCHED_IPVS_ADD);
	ck_assert(set && !zero);
}
END_TEST

/* ha_suspend: checkers run while at least one copy of the VIP is local. */
START_TEST(test_ha_suspend)
{
	struct sched_vs v;
	bool en;

	sched_vs_init(&v, 1, 0, false, 0);
	v.ha_suspend = false;
	ck_assert(sched_vs_active(&v));
	v.ha_suspend = true;
	v.ha_addrs = 0;
	ck_assert(!sched_vs_active(&v));
	ck_assert(sched_vs_ha_count(&v, 1, &en));
	ck_assert(en);
	ck_assert(!sched_vs_ha_count(&v, 2, &en));
	ck_assert(en);
	ck_assert(!sched_vs_ha_count(&v, 1, &en));
	ck_assert(sched_vs_ha_count(&v, 0, &en));
	ck_assert(!en);
	ck_assert(!sched_vs_ha_count(&v, 0, &en));
}
END_TEST

/* alpha real servers count for nothing until their first success, so an
 * alpha VS with a sorry server starts on it. */
START_TEST(test_alpha_quorum)
{
	struct sched_params p = params(6 * S, 3 * S, 0, true,
	    SCHED_RETRY_TCP);
	struct sched_chk c1, c2;
	struct sched_rs r1, r2;
	struct sched_outcome o;
	struct sched_vs v;
	struct sched_quorum_out q;

	sched_rs_init(&r1, 1, false);
	sched_rs_init(&r2, 1, false);
	sched_chk_init(&c1, &p, &r1);
	sched_chk_init(&c2, &p, &r2);
	ck_assert(!r1.alive && !r2.alive);
	sched_vs_init(&v, 2, 0, true, 0);
	ck_assert_int_eq(sched_vs_quorum(&v, 0, true, &q), SCHED_Q_LOST);
	ck_assert(q.starting && q.sorry_in);
	sched_check_done(&c1, &r1, true, &o);
	ck_assert(o.actions & SCHED_A_QUORUM);
	ck_assert_int_eq(sched_vs_quorum(&v, 1, false, &q), SCHED_Q_NONE);
	sched_check_done(&c2, &r2, true, &o);
	ck_assert(o.actions & SCHED_A_RS_ADD);
	ck_assert_int_eq(sched_vs_quorum(&v, 2, false, &q), SCHED_Q_GAINED);
	ck_assert(q.sorry_out);
}
END_TEST

/* misc_dynamic: exit 2..255 is up with weight status - 2. */
START_TEST(test_misc_dynamic)
{
	struct sched_params p = params(6 * S, 3 * S, 0, false,
	    SCHED_RETRY_UP_ONLY);
	struct sched_chk c;
	struct sched_rs rs;

	ck_assert(sched_misc_success(false, 0));
	ck_assert(!sched_misc_success(false, 1));
	ck_assert(!sched_misc_success(false, 2));
	ck_assert(sched_misc_success(true, 2));
	ck_assert(sched_misc_success(true, 255));
	ck_assert(!sched_misc_success(true, 1));
	sched_rs_init(&rs, 5, false);
	sched_chk_init(&c, &p, &rs);
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 0), 5);
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 12), 10);
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 2), 0);
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 255), 253);
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 0), 5);
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 7), 5);
	/* A final failure gives the configured weight back. */
	ck_assert_int_eq(sched_misc_weight(&c, &rs, 1), 5);
}
END_TEST

START_TEST(test_real_weight)
{
	ck_assert_int_eq(sched_real_weight(-3), 0);
	ck_assert_int_eq(sched_real_weight(7), 7);
	ck_assert_int_eq(sched_real_weight((int64_t)INT32_MAX + 9), INT32_MAX);
}
END_TEST

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_seed000_time_to_down);
	tcase_add_test(tc, test_retry1_time_to_down);
	tcase_add_test(tc, test_first_failure_marks_down);
	tcase_add_test(tc, test_first_success_no_notify);
	tcase_add_test(tc, test_alpha);
	tcase_add_test(tc, test_tcp_down_alternation);
	tcase_add_test(tc, test_up_only_down_polls_delay_loop);
	tcase_add_test(tc, test_http_down_poll);
	tcase_add_test(tc, test_http_one_url_per_run);
	tcase_add_test(tc, test_http_fast_recovery);
	tcase_add_test(tc, test_all_checkers_up);
	tcase_add_test(tc, test_first_delay);
	tcase_add_test(tc, test_quorum_hysteresis);
	tcase_add_test(tc, test_quorum_start);
	tcase_add_test(tc, test_sorry_swap);
	tcase_add_test(tc, test_dest_cmd);
	tcase_add_test(tc, test_ha_suspend);
	tcase_add_test(tc, test_alpha_quorum);
	tcase_add_test(tc, test_misc_dynamic);
	tcase_add_test(tc, test_real_weight);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { sched_suite() };

	return unit_run(s, 1);
}
