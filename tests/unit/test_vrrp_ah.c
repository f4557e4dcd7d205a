/*
 * test_vrrp_ah: keepalived 2.2.7's IPSEC-AH sequence counter rules as
 * the engine applies them (vrrp/vrrp_ah.c): numbering of sent adverts,
 * the counter following verified adverts, the MASTER's resync on a
 * lower priority advert, and the restart after a cycle.  The adverts
 * on the wire are checked in test_pkt.c and tests/netns/interop.sh.
 */
#include <string.h>

#include "unit.h"
#include "vrrp.h"
#include "vrrp_ah.h"

static struct vrrp_instance_conf conf;
static struct vrrp_rt rt;
static char name[] = "VI_1";

static void
setup(void)
{
	memset(&conf, 0, sizeof(conf));
	conf.name = name;
	memset(&rt, 0, sizeof(rt));
	rt.conf = &conf;
	rt.expect.auth_type = VRRP_PKT_AUTH_AH;
	memcpy(rt.expect.auth_data, "vigil\0\0\0", VRRP_PKT_AUTH_LEN);
	rt.fsm.state = VRRP_FSM_BACKUP;
	rt.fsm.effective_priority = 100;
	addr_parse_host("192.0.2.2", &rt.fsm.saddr);
}

static struct vrrp_pkt
advert(unsigned prio, uint32_t seq, bool verified)
{
	struct vrrp_pkt p;

	memset(&p, 0, sizeof(p));
	p.priority = (uint8_t)prio;
	p.ah_seq = seq;
	p.ah_verified = verified;
	return p;
}

START_TEST(send_numbers)
{
	struct vrrp_pkt p;

	memset(&p, 0, sizeof(p));
	vrrp_ah_fill(&rt, &p);
	ck_assert_uint_eq(p.ah_seq, 1);
	ck_assert_mem_eq(p.auth_data, "vigil\0\0\0", 8);
	vrrp_ah_fill(&rt, &p);
	ck_assert_uint_eq(p.ah_seq, 2);
	vrrp_ah_expect(&rt);
	ck_assert_uint_eq(rt.expect.ah_seq, 2);

	/* Not AH: nothing numbered, no key. */
	rt.expect.auth_type = VRRP_PKT_AUTH_PASS;
	memset(&p, 0, sizeof(p));
	vrrp_ah_fill(&rt, &p);
	ck_assert_uint_eq(p.ah_seq, 0);
	ck_assert_uint_eq(rt.ah.seq, 2);
}
END_TEST

START_TEST(receive_follows)
{
	struct vrrp_pkt p = advert(200, 40, true);
	struct addr src;

	addr_parse_host("192.0.2.1", &src);
	/* BACKUP: the counter takes the master's number, a cycle ends. */
	rt.ah.cycle = true;
	ck_assert(!vrrp_ah_received(&rt, &p, &src, true));
	ck_assert_uint_eq(rt.ah.seq, 40);
	ck_assert(!rt.ah.cycle);
	/* Verified but refused later (e.g. interval mismatch): moved too. */
	p = advert(200, 41, true);
	ck_assert(!vrrp_ah_received(&rt, &p, &src, false));
	ck_assert_uint_eq(rt.ah.seq, 41);
	/* Not verified: untouched. */
	p = advert(200, 90, false);
	ck_assert(!vrrp_ah_received(&rt, &p, &src, false));
	ck_assert_uint_eq(rt.ah.seq, 41);
}
END_TEST

START_TEST(master_resync)
{
	struct vrrp_pkt p;
	struct addr lower, higher;

	addr_parse_host("192.0.2.1", &lower);
	addr_parse_host("192.0.2.3", &higher);
	rt.fsm.state = VRRP_FSM_MASTER;
	rt.ah.seq = 500;
	/* A lower priority advert: its number + 1, to beat it. */
	p = advert(50, 7, true);
	ck_assert(vrrp_ah_received(&rt, &p, &lower, true));
	ck_assert_uint_eq(rt.ah.seq, 8);
	/* Same priority: the address decides. */
	p = advert(100, 9, true);
	ck_assert(vrrp_ah_received(&rt, &p, &lower, true));
	ck_assert_uint_eq(rt.ah.seq, 10);
	p = advert(100, 11, true);
	ck_assert(!vrrp_ah_received(&rt, &p, &higher, true));
	ck_assert_uint_eq(rt.ah.seq, 11);
	/* Higher priority or priority 0: the advert's number only. */
	p = advert(150, 12, true);
	ck_assert(!vrrp_ah_received(&rt, &p, &lower, true));
	ck_assert_uint_eq(rt.ah.seq, 12);
	p = advert(0, 13, true);
	ck_assert(!vrrp_ah_received(&rt, &p, &lower, true));
	ck_assert_uint_eq(rt.ah.seq, 13);
	/* Two owners: the machine yields, no resync. */
	rt.fsm.effective_priority = 255;
	p = advert(255, 14, true);
	ck_assert(!vrrp_ah_received(&rt, &p, &lower, true));
	ck_assert_uint_eq(rt.ah.seq, 14);
}
END_TEST

START_TEST(cycle_restart)
{
	struct vrrp_pkt p;

	memset(&p, 0, sizeof(p));
	rt.ah.seq = 0xfffffffeU;
	vrrp_ah_fill(&rt, &p);
	ck_assert_uint_eq(p.ah_seq, 0xfffffffeU);
	ck_assert(rt.ah.cycle);
	vrrp_ah_master(&rt);
	ck_assert_uint_eq(rt.ah.seq, 0);
	ck_assert(!rt.ah.cycle);
	vrrp_ah_fill(&rt, &p);
	ck_assert_uint_eq(p.ah_seq, 1);
	/* Without a cycle, becoming MASTER keeps the count. */
	vrrp_ah_master(&rt);
	ck_assert_uint_eq(rt.ah.seq, 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_ah");
	TCase *tc = tcase_create("counter");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, send_numbers);
	tcase_add_test(tc, receive_follows);
	tcase_add_test(tc, master_resync);
	tcase_add_test(tc, cycle_restart);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
