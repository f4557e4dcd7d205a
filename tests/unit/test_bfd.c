/*
 * test_bfd: the BFD Control packet codec (golden bytes captured from
 * Debian's keepalived 2.2.7), the session machine with explicit time,
 * the BFD_STATE message and the parent's relay of it.
 */
#include "unit.h"

#include "bfd_fsm.h"
#include "bfd_pkt.h"
#include "ipc.h"
#include "relay.h"

/*
 * keepalived 2.2.7's first packet of "bfd_instance B1 { neighbor_ip
 * 10.9.0.2; source_ip 10.9.0.1; min_rx 100; min_tx 200; idle_tx 1000;
 * multiplier 3 }", as received (TTL 255) by a UDP socket on 10.9.0.2:3784:
 * version 1, Down, mult 3, length 24, my discriminator 0xfc5bc9ca, your
 * 0, Desired Min TX 1 s (idle_tx while not Up), Required Min RX 100 ms.
 */
static const uint8_t ka_down[BFD_PKT_LEN] = {
	0x20, 0x40, 0x03, 0x18, 0xfc, 0x5b, 0xc9, 0xca,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x42, 0x40,
	0x00, 0x01, 0x86, 0xa0, 0x00, 0x00, 0x00, 0x00,
};

static const struct bfd_params ka_params = {
	.min_rx_us = 100000, .min_tx_us = 200000, .idle_tx_us = 1000000,
	.mult = 3,
};

/* Deterministic "random": the low end (most jitter off, 10 %). */
static uint32_t
rnd_lo(void *arg, uint32_t lo, uint32_t hi)
{
	uint32_t *next = arg;

	if (next != NULL && lo == 1 && hi == UINT32_MAX)
		return (*next)++;
	return lo;
}

START_TEST(test_decode_keepalived)
{
	struct bfd_pkt p;

	ck_assert_int_eq(bfd_pkt_decode(ka_down, sizeof(ka_down), &p),
	    BFD_PKT_OK);
	ck_assert_uint_eq(p.version, 1);
	ck_assert_uint_eq(p.state, BFD_STATE_DOWN);
	ck_assert_uint_eq(p.diag, BFD_DIAG_NONE);
	ck_assert(!p.poll && !p.final && !p.demand && !p.auth);
	ck_assert_uint_eq(p.detect_mult, 3);
	ck_assert_uint_eq(p.my_discr, 0xfc5bc9ca);
	ck_assert_uint_eq(p.your_discr, 0);
	ck_assert_uint_eq(p.min_tx_us, 1000000);
	ck_assert_uint_eq(p.min_rx_us, 100000);
	ck_assert_uint_eq(p.min_echo_rx_us, 0);
}
END_TEST

/* A new session with the same settings and discriminator sends the
 * very bytes keepalived sends. */
START_TEST(test_encode_as_keepalived)
{
	struct bfd_sess s;
	struct bfd_pkt p;
	uint8_t buf[64];

	bfd_sess_init(&s, &ka_params, 0xfc5bc9ca, rnd_lo, NULL, 1000);
	bfd_sess_build(&s, &p);
	ck_assert_int_eq(bfd_pkt_encode(&p, buf, sizeof(buf)), BFD_PKT_LEN);
	ck_assert_mem_eq(buf, ka_down, BFD_PKT_LEN);
	ck_assert_int_eq(bfd_pkt_encode(&p, buf, 23), -1);
}
END_TEST

static enum bfd_pkt_err
decode_mod(size_t off, uint8_t val, size_t len)
{
	uint8_t b[32];
	struct bfd_pkt p;

	memcpy(b, ka_down, sizeof(ka_down));
	b[off] = val;
	return bfd_pkt_decode(b, len, &p);
}

START_TEST(test_decode_rejects)
{
	ck_assert_int_eq(decode_mod(0, 0x20, 23), BFD_PKT_E_SHORT);
	ck_assert_int_eq(decode_mod(3, 0x19, 24), BFD_PKT_E_LEN);
	ck_assert_int_eq(decode_mod(0, 0x40, 24), BFD_PKT_E_VERSION);
	ck_assert_int_eq(decode_mod(2, 0, 24), BFD_PKT_E_MULT);
	ck_assert_int_eq(decode_mod(1, 0x41, 24), BFD_PKT_E_MULTIPOINT);
	ck_assert_int_eq(decode_mod(4, 0, 24) == BFD_PKT_OK, 1);
	/* Up with your discriminator 0. */
	ck_assert_int_eq(decode_mod(1, 0xc0, 24), BFD_PKT_E_YOUR_DISCR);
	ck_assert_int_eq(decode_mod(1, 0x70, 24), BFD_PKT_E_POLL_FINAL);
	ck_assert_int_eq(decode_mod(0, 0x29, 24), BFD_PKT_E_DIAG);
	ck_assert_int_eq(decode_mod(1, 0x44, 24), BFD_PKT_E_AUTH);
}
END_TEST

START_TEST(test_decode_zero_my_discr)
{
	uint8_t b[BFD_PKT_LEN];
	struct bfd_pkt p;

	memcpy(b, ka_down, sizeof(b));
	memset(b + 4, 0, 4);
	ck_assert_int_eq(bfd_pkt_decode(b, sizeof(b), &p),
	    BFD_PKT_E_MY_DISCR);
	ck_assert_str_eq(bfd_state_name(BFD_STATE_INIT), "Init");
	ck_assert_str_eq(bfd_diag_name(BFD_DIAG_EXPIRED),
	    "Control Detection Time Expired");
}
END_TEST

/* What the neighbour sends: its state, discriminators and timers. */
static struct bfd_pkt
peer(uint8_t state, uint32_t my, uint32_t your, uint32_t tx, uint32_t rx)
{
	struct bfd_pkt p;

	memset(&p, 0, sizeof(p));
	p.version = 1;
	p.state = state;
	p.detect_mult = 3;
	p.len = BFD_PKT_LEN;
	p.my_discr = my;
	p.your_discr = your;
	p.min_tx_us = tx;
	p.min_rx_us = rx;
	return p;
}

/* Down -> Init -> Up with the peer, a Poll Sequence to the fast rate,
 * then the expiry after remote multiplier x agreed interval. */
START_TEST(test_fsm_up_and_expire)
{
	uint32_t next = 77;
	struct bfd_sess s;
	struct bfd_out o;
	struct bfd_pkt p, tx;
	uint64_t t = 1000000;

	bfd_sess_init(&s, &ka_params, 42, rnd_lo, &next, t);
	ck_assert_uint_eq(bfd_sess_next(&s), t);	/* sends at once */
	bfd_sess_timer(&s, t, &o);
	ck_assert(o.what & BFD_OUT_SEND);
	/* Next send: idle_tx less 10 %. */
	ck_assert_uint_eq(s.tx_due, t + 900000);

	p = peer(BFD_STATE_DOWN, 99, 0, 1000000, 100000);
	bfd_sess_rx(&s, &p, t + 10, &o);
	ck_assert(o.what & BFD_OUT_STATE);
	ck_assert_uint_eq(s.local_state, BFD_STATE_INIT);
	ck_assert(!(o.what & BFD_OUT_EVENT));
	/* Detection time: 3 x max(our min_rx, its min_tx = 1 s). */
	ck_assert_uint_eq(s.local_detect_time, 3000000);
	ck_assert(o.what & BFD_OUT_DETECT);
	ck_assert_uint_eq(s.exp_due, t + 10 + 3000000);

	p = peer(BFD_STATE_UP, 99, 42, 200000, 100000);
	p.poll = true;
	bfd_sess_rx(&s, &p, t + 20, &o);
	ck_assert_uint_eq(s.local_state, BFD_STATE_UP);
	ck_assert(o.what & BFD_OUT_EVENT);
	ck_assert(o.what & BFD_OUT_SEND);	/* Final to its Poll */
	ck_assert(bfd_sess_up(&s));
	bfd_sess_build(&s, &tx);
	ck_assert(tx.final && !tx.poll);	/* our Poll rides the Final */
	ck_assert_uint_eq(tx.state, BFD_STATE_UP);
	ck_assert_uint_eq(tx.your_discr, 99);
	ck_assert_uint_eq(tx.min_tx_us, 200000);
	/* Agreed: our tx max(200 ms, its rx 100 ms); its tx to us
	 * max(our rx 100 ms, its tx 200 ms): detect 600 ms. */
	ck_assert_uint_eq(s.local_tx_intv, 200000);
	ck_assert_uint_eq(s.local_detect_time, 600000);
	ck_assert_uint_eq(s.exp_due, t + 20 + 600000);

	/* A packet while Up pushes the expiry back. */
	p = peer(BFD_STATE_UP, 99, 42, 200000, 100000);
	bfd_sess_rx(&s, &p, t + 300000, &o);
	ck_assert_uint_eq(s.exp_due, t + 300000 + 600000);
	/* Silence: nothing before the detection time, Down at it. */
	bfd_sess_timer(&s, t + 300000 + 599999, &o);
	ck_assert_uint_eq(s.local_state, BFD_STATE_UP);
	bfd_sess_timer(&s, t + 300000 + 600000, &o);
	ck_assert(o.what & BFD_OUT_EXPIRED);
	ck_assert(o.what & BFD_OUT_EVENT);
	ck_assert_uint_eq(o.dead_us, 600000);
	ck_assert_uint_eq(s.local_state, BFD_STATE_DOWN);
	ck_assert_uint_eq(s.local_diag, BFD_DIAG_EXPIRED);
	ck_assert_uint_eq(s.remote_discr, 0);
	ck_assert_uint_ne(s.local_discr, 42);	/* a new one */
	ck_assert_uint_eq(s.local_tx_intv, 1000000);	/* idle again */
	/* The reset a detection time later forgets the neighbour. */
	ck_assert_uint_eq(s.rst_due, t + 900000 + 600000);
	s.remote_state = BFD_STATE_UP;
	bfd_sess_timer(&s, s.rst_due, &o);
	ck_assert_uint_eq(s.remote_state, BFD_STATE_DOWN);
	ck_assert_uint_eq(s.rst_due, 0);
}
END_TEST

/* Up -> Down when the neighbour says Down; Init expires when the
 * neighbour never answers Init (the timer runs from entering Init). */
START_TEST(test_fsm_neighbor_down_and_init_expiry)
{
	struct bfd_sess s;
	struct bfd_out o;
	struct bfd_pkt p;

	bfd_sess_init(&s, &ka_params, 5, rnd_lo, NULL, 0);
	p = peer(BFD_STATE_INIT, 8, 5, 1000000, 100000);
	bfd_sess_rx(&s, &p, 100, &o);		/* Down + Init -> Up */
	ck_assert_uint_eq(s.local_state, BFD_STATE_UP);
	p = peer(BFD_STATE_DOWN, 8, 5, 1000000, 100000);
	bfd_sess_rx(&s, &p, 200, &o);
	ck_assert_uint_eq(s.local_state, BFD_STATE_DOWN);
	ck_assert_uint_eq(s.local_diag, BFD_DIAG_NBR_DOWN);
	ck_assert(o.what & BFD_OUT_EVENT);

	bfd_sess_init(&s, &ka_params, 6, rnd_lo, NULL, 0);
	p = peer(BFD_STATE_DOWN, 9, 0, 1000000, 100000);
	bfd_sess_rx(&s, &p, 100, &o);
	ck_assert_uint_eq(s.local_state, BFD_STATE_INIT);
	bfd_sess_rx(&s, &p, 1000100, &o);	/* still Down: no push */
	ck_assert_uint_eq(s.exp_due, 100 + 3000000);
	bfd_sess_timer(&s, 3000100, &o);
	ck_assert_uint_eq(s.local_state, BFD_STATE_DOWN);
	ck_assert(!(o.what & BFD_OUT_EVENT));	/* it never was Up */
}
END_TEST

/* A passive session is silent until it hears its neighbour. */
START_TEST(test_fsm_passive)
{
	struct bfd_params pp = ka_params;
	struct bfd_sess s;
	struct bfd_out o;
	struct bfd_pkt p;

	pp.passive = true;
	bfd_sess_init(&s, &pp, 5, rnd_lo, NULL, 0);
	ck_assert_uint_eq(bfd_sess_next(&s), 0);
	p = peer(BFD_STATE_DOWN, 9, 0, 1000000, 100000);
	bfd_sess_rx(&s, &p, 50, &o);
	ck_assert_uint_eq(s.local_state, BFD_STATE_INIT);
	ck_assert_uint_ne(s.tx_due, 0);
}
END_TEST

START_TEST(test_ipc_bfd_state)
{
	struct ipc_msg m, d;
	uint8_t buf[IPC_MSG_MAX];
	ssize_t n;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_BFD_STATE;
	snprintf(m.u.bfd.name, sizeof(m.u.bfd.name), "BFD_1");
	m.u.bfd.up = 1;
	m.u.bfd.to = IPC_BFD_TO_VRRP;
	n = ipc_encode(&m, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &d), 0);
	ck_assert_str_eq(d.u.bfd.name, "BFD_1");
	ck_assert_uint_eq(d.u.bfd.up, 1);
	m.u.bfd.up = 2;
	ck_assert_int_eq(ipc_encode(&m, buf, sizeof(buf)), -1);
	m.u.bfd.up = 0;
	m.u.bfd.to = 4;
	ck_assert_int_eq(ipc_encode(&m, buf, sizeof(buf)), -1);
}
END_TEST

static int nsent, nsent_up;

static int
count_send(void *ctx, const struct ipc_msg *m)
{
	nsent++;
	if (m->hdr.type == IPC_BFD_STATE && m->u.bfd.up)
		nsent_up++;
	return 0;
}

START_TEST(test_relay_bfd)
{
	struct relay *r = relay_new();
	struct ipc_bfd_state b;

	memset(&b, 0, sizeof(b));
	snprintf(b.name, sizeof(b.name), "A");
	b.to = IPC_BFD_TO_VRRP;
	ck_assert_int_eq(relay_bfd_update(r, &b), 1);
	ck_assert_int_eq(relay_bfd_update(r, &b), 0);	/* a repeat */
	b.up = 1;
	ck_assert_int_eq(relay_bfd_update(r, &b), 1);
	snprintf(b.name, sizeof(b.name), "B");
	b.to = IPC_BFD_TO_CHECKER;
	ck_assert_int_eq(relay_bfd_update(r, &b), 1);
	ck_assert_uint_eq(relay_bfd_find(r, "A")->up, 1);
	nsent = nsent_up = 0;
	relay_bfd_replay(r, IPC_BFD_TO_VRRP, count_send, NULL);
	ck_assert_int_eq(nsent, 1);
	ck_assert_int_eq(nsent_up, 1);
	relay_free(r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bfd");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_decode_keepalived);
	tcase_add_test(tc, test_encode_as_keepalived);
	tcase_add_test(tc, test_decode_rejects);
	tcase_add_test(tc, test_decode_zero_my_discr);
	tcase_add_test(tc, test_fsm_up_and_expire);
	tcase_add_test(tc, test_fsm_neighbor_down_and_init_expiry);
	tcase_add_test(tc, test_fsm_passive);
	tcase_add_test(tc, test_ipc_bfd_state);
	tcase_add_test(tc, test_relay_bfd);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
