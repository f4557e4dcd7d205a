/*
 * test_track: keepalived's tracking arithmetic (vrrp/track.c) with
 * explicit inputs: weights and reverse, the clamp, faults and scripts
 * not yet heard from, what the machine is told between two sums, the
 * vrrp_script rise/fall counter, and track_real_server's decisions over
 * the real server reports (one line against several virtual servers,
 * down, not checked, not reported yet).
 */
#include <arpa/inet.h>

#include "unit.h"
#include "track.h"

static struct vrrp_track_item
item(enum vrrp_track_kind k, int w, bool rev, enum vrrp_track_status st)
{
	struct vrrp_track_item it;

	memset(&it, 0, sizeof(it));
	it.kind = k;
	it.name = "x";
	it.weight = w;
	it.reverse = rev;
	it.status = st;
	return it;
}

static struct vrrp_track_sum
eval1(struct vrrp_track_item it, unsigned base)
{
	struct vrrp_track_sum s;

	vrrp_track_eval(&it, 1, base, &s);
	return s;
}

START_TEST(unweighted_fault)
{
	struct vrrp_track_sum s;

	s = eval1(item(VRRP_TRACK_IF, 0, false, VRRP_TRACK_DOWN), 100);
	ck_assert_uint_eq(s.nfault, 1);
	ck_assert_int_eq(s.total, 100);
	s = eval1(item(VRRP_TRACK_IF, 0, false, VRRP_TRACK_UP), 100);
	ck_assert_uint_eq(s.nfault, 0);
	/* reverse: up is the failure */
	s = eval1(item(VRRP_TRACK_SCRIPT, 0, true, VRRP_TRACK_UP), 100);
	ck_assert_uint_eq(s.nfault, 1);
	s = eval1(item(VRRP_TRACK_SCRIPT, 0, false, VRRP_TRACK_UNKNOWN), 100);
	ck_assert_uint_eq(s.nfault, 0);
	ck_assert_uint_eq(s.ninit, 1);
	ck_assert(vrrp_track_down(&s));
}
END_TEST

START_TEST(weights)
{
	struct vrrp_track_sum s;

	/* negative weight applies while down, positive while up */
	s = eval1(item(VRRP_TRACK_SCRIPT, -20, false, VRRP_TRACK_DOWN), 100);
	ck_assert_int_eq(s.total, 80);
	ck_assert_uint_eq(s.nfault, 0);
	s = eval1(item(VRRP_TRACK_SCRIPT, -20, false, VRRP_TRACK_UP), 100);
	ck_assert_int_eq(s.total, 100);
	s = eval1(item(VRRP_TRACK_SCRIPT, 30, false, VRRP_TRACK_UP), 100);
	ck_assert_int_eq(s.total, 130);
	s = eval1(item(VRRP_TRACK_SCRIPT, 30, false, VRRP_TRACK_DOWN), 100);
	ck_assert_int_eq(s.total, 100);
	/* reverse flips the sign */
	s = eval1(item(VRRP_TRACK_SCRIPT, 30, true, VRRP_TRACK_UP), 100);
	ck_assert_int_eq(s.total, 70);
	s = eval1(item(VRRP_TRACK_SCRIPT, -20, true, VRRP_TRACK_DOWN), 100);
	ck_assert_int_eq(s.total, 120);
	/* a weighted script not reported yet counts for nothing */
	s = eval1(item(VRRP_TRACK_SCRIPT, -20, false, VRRP_TRACK_UNKNOWN), 100);
	ck_assert_int_eq(s.total, 100);
	ck_assert(!vrrp_track_down(&s));
}
END_TEST

START_TEST(files)
{
	struct vrrp_track_item it = item(VRRP_TRACK_FILE, 5, false,
	    VRRP_TRACK_UP);
	struct vrrp_track_sum s;

	it.value = 3;
	s = eval1(it, 100);
	ck_assert_int_eq(s.total, 115);
	it.value = -60;		/* -300: a fault */
	s = eval1(it, 100);
	ck_assert_uint_eq(s.nfault, 1);
	it.value = 100;		/* capped at 253 */
	s = eval1(it, 0);
	ck_assert_int_eq(s.total, 253);
	it.weight = 0;
	it.value = 1;
	s = eval1(it, 100);
	ck_assert_uint_eq(s.nfault, 1);
	it.value = 0;
	s = eval1(it, 100);
	ck_assert_uint_eq(s.nfault, 0);
	it.reverse = true;
	s = eval1(it, 100);
	ck_assert_uint_eq(s.nfault, 1);
}
END_TEST

START_TEST(clamp)
{
	ck_assert_uint_eq(vrrp_track_clamp(100, -50), 1);
	ck_assert_uint_eq(vrrp_track_clamp(100, 0), 1);
	ck_assert_uint_eq(vrrp_track_clamp(100, 300), 254);
	ck_assert_uint_eq(vrrp_track_clamp(100, 255), 254);
	ck_assert_uint_eq(vrrp_track_clamp(100, 90), 90);
	ck_assert_uint_eq(vrrp_track_clamp(255, 10), 255);
}
END_TEST

START_TEST(decide)
{
	struct vrrp_track_sum a = { 0, 0, 100 }, b;

	b = a;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), 0);
	b.total = 80;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), VRRP_TRACK_DO_PRIO);
	b = a;
	b.nfault = 1;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), VRRP_TRACK_DO_FAULT);
	/* a second fault tells nothing more */
	a.nfault = 1;
	b.nfault = 2;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), 0);
	b.nfault = 0;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), VRRP_TRACK_DO_CLEAR);
	/* cleared but a script still silent: stays down */
	b.ninit = 1;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), 0);
	/* the silent script reports success */
	a = b;
	b.ninit = 0;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), VRRP_TRACK_DO_CLEAR);
	/* the silent script reports failure: FAULT (notified) */
	b.nfault = 1;
	ck_assert_int_eq(vrrp_track_decide(&a, &b), VRRP_TRACK_DO_FAULT);
}
END_TEST

START_TEST(hyst_rise_fall)
{
	struct vrrp_track_hyst h;

	vrrp_track_hyst_init(&h, 2, 3, false);
	ck_assert_int_eq(vrrp_track_hyst_status(&h), VRRP_TRACK_UNKNOWN);
	/* one success is enough at start */
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, true), 1);
	ck_assert_int_eq(vrrp_track_hyst_status(&h), VRRP_TRACK_UP);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, true), -1);
	/* fall 3: the third failure in a row */
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), -1);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), -1);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), 0);
	ck_assert_int_eq(vrrp_track_hyst_status(&h), VRRP_TRACK_DOWN);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), -1);
	/* rise 2 */
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, true), -1);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, true), 1);
	/* a failure between successes resets nothing while up */
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), -1);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, true), -1);
	ck_assert_int_eq(vrrp_track_hyst_status(&h), VRRP_TRACK_UP);
}
END_TEST

START_TEST(hyst_first_failure_and_init_fail)
{
	struct vrrp_track_hyst h;

	vrrp_track_hyst_init(&h, 1, 1, false);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), 0);
	ck_assert_int_eq(vrrp_track_hyst_status(&h), VRRP_TRACK_DOWN);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), -1);
	vrrp_track_hyst_init(&h, 1, 1, true);
	ck_assert_int_eq(vrrp_track_hyst_status(&h), VRRP_TRACK_DOWN);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, false), -1);
	ck_assert_int_eq(vrrp_track_hyst_feed(&h, true), 1);
}
END_TEST

static struct vrrp_track_rs_seen
seen(const char *ip, uint16_t port, bool up, bool checked, const char *vs)
{
	struct vrrp_track_rs_seen s;

	memset(&s, 0, sizeof(s));
	s.family = AF_INET;
	inet_pton(AF_INET, ip, s.addr);
	s.port = port;
	s.up = up;
	s.checked = checked;
	snprintf(s.vs, sizeof(s.vs), "%s", vs);
	return s;
}

START_TEST(rs_decisions)
{
	struct vrrp_track_rs t;
	struct vrrp_track_rs_seen tab[3];

	memset(&t, 0, sizeof(t));
	addr_parse("192.0.2.10", &t.addr);
	t.port = 3306;
	t.nmatch = 2;		/* in two virtual servers */
	/* nothing reported yet: failing */
	ck_assert_int_eq(vrrp_track_rs_status(&t, tab, 0), VRRP_TRACK_DOWN);
	tab[0] = seen("192.0.2.10", 3306, true, true, "[192.0.2.100]:tcp:3306");
	tab[1] = seen("192.0.2.11", 3306, false, true, "[192.0.2.100]:tcp:3306");
	/* one of the two reported */
	ck_assert_int_eq(vrrp_track_rs_status(&t, tab, 2), VRRP_TRACK_DOWN);
	tab[2] = seen("192.0.2.10", 3306, true, false, "[192.0.2.101]:tcp:3306");
	/* up but only assumed */
	ck_assert_int_eq(vrrp_track_rs_status(&t, tab, 3), VRRP_TRACK_DOWN);
	tab[2].checked = true;
	ck_assert_int_eq(vrrp_track_rs_status(&t, tab, 3), VRRP_TRACK_UP);
	tab[0].up = false;
	ck_assert_int_eq(vrrp_track_rs_status(&t, tab, 3), VRRP_TRACK_DOWN);
	/* another port of the same address does not match */
	tab[0] = seen("192.0.2.10", 3307, false, true, "x");
	ck_assert(!vrrp_track_rs_matches(&t, &tab[0]));
}
END_TEST

START_TEST(rs_weighted_like_script)
{
	struct vrrp_track_item it = item(VRRP_TRACK_RS, -30, false,
	    VRRP_TRACK_DOWN);
	struct vrrp_track_sum s;

	s = eval1(it, 100);
	ck_assert_int_eq(s.total, 70);
	ck_assert_uint_eq(s.nfault, 0);
	it.status = VRRP_TRACK_UP;
	s = eval1(it, 100);
	ck_assert_int_eq(s.total, 100);
	it.weight = 0;
	it.status = VRRP_TRACK_DOWN;
	s = eval1(it, 100);
	ck_assert_uint_eq(s.nfault, 1);
}
END_TEST

START_TEST(mixed_sum)
{
	struct vrrp_track_item it[4];
	struct vrrp_track_sum s;

	it[0] = item(VRRP_TRACK_IF, 0, false, VRRP_TRACK_UP);
	it[1] = item(VRRP_TRACK_IF, -10, false, VRRP_TRACK_DOWN);
	it[2] = item(VRRP_TRACK_SCRIPT, 5, false, VRRP_TRACK_UP);
	it[3] = item(VRRP_TRACK_SCRIPT, 0, false, VRRP_TRACK_DOWN);
	vrrp_track_eval(it, 4, 100, &s);
	ck_assert_int_eq(s.total, 95);
	ck_assert_uint_eq(s.nfault, 1);
}
END_TEST

static Suite *
track_suite(void)
{
	Suite *s = suite_create("track");
	TCase *tc = tcase_create("arith");

	tcase_add_test(tc, unweighted_fault);
	tcase_add_test(tc, weights);
	tcase_add_test(tc, files);
	tcase_add_test(tc, clamp);
	tcase_add_test(tc, decide);
	tcase_add_test(tc, mixed_sum);
	suite_add_tcase(s, tc);
	tc = tcase_create("script");
	tcase_add_test(tc, hyst_rise_fall);
	tcase_add_test(tc, hyst_first_failure_and_init_fail);
	suite_add_tcase(s, tc);
	tc = tcase_create("real_server");
	tcase_add_test(tc, rs_decisions);
	tcase_add_test(tc, rs_weighted_like_script);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { track_suite() };

	return unit_run(s, 1);
}
