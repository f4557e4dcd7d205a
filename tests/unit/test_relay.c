/*
 * test_relay: the parent's last-state tables and the replay a
 * (re)started VRRP child gets, decoded from a real SOCK_SEQPACKET
 * socketpair as the child would read it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"
#include "ipc.h"
#include "relay.h"

static struct ipc_rs_state
rs4(const char *vs, const char *ip, uint16_t port, int up)
{
	struct ipc_rs_state r;

	memset(&r, 0, sizeof(r));
	r.family = AF_INET;
	ck_assert_int_eq(inet_pton(AF_INET, ip, r.addr), 1);
	r.port = port;
	r.up = (uint8_t)up;
	r.weight = 1;
	snprintf(r.vs, sizeof(r.vs), "%s", vs);
	snprintf(r.reason, sizeof(r.reason), "%s", up ? "up" : "down");
	return r;
}

START_TEST(test_rs_update_and_key)
{
	struct relay *r = relay_new();
	struct ipc_rs_state a = rs4("[10.0.0.1]:tcp:80", "10.0.1.1", 80, 1);
	struct ipc_rs_state b;

	ck_assert_int_eq(relay_rs_update(r, &a), 1);	/* new */
	ck_assert_int_eq(relay_rs_update(r, &a), 0);	/* repeat */
	/* The reason alone is no news for the VRRP child. */
	snprintf(a.reason, sizeof(a.reason), "still up");
	ck_assert_int_eq(relay_rs_update(r, &a), 0);
	a.up = 0;
	ck_assert_int_eq(relay_rs_update(r, &a), 1);	/* changed */
	a.weight = 5;
	ck_assert_int_eq(relay_rs_update(r, &a), 1);
	ck_assert_uint_eq(relay_rs_count(r), 1);

	/* Each part of the key makes a different real server. */
	b = rs4("[10.0.0.1]:tcp:80", "10.0.1.1", 81, 1);
	ck_assert_int_eq(relay_rs_update(r, &b), 1);
	b = rs4("[10.0.0.1]:tcp:80", "10.0.1.2", 80, 1);
	ck_assert_int_eq(relay_rs_update(r, &b), 1);
	b = rs4("[10.0.0.2]:tcp:80", "10.0.1.1", 80, 1);
	ck_assert_int_eq(relay_rs_update(r, &b), 1);
	b.family = AF_INET6;
	ck_assert_int_eq(relay_rs_update(r, &b), 1);
	ck_assert_uint_eq(relay_rs_count(r), 5);

	b = rs4("[10.0.0.1]:tcp:80", "10.0.1.1", 80, 1);
	ck_assert_ptr_nonnull(relay_rs_find(r, &b));
	ck_assert_int_eq(relay_rs_find(r, &b)->up, 0);
	ck_assert_int_eq(relay_rs_find(r, &b)->weight, 5);
	b.port = 99;
	ck_assert_ptr_null(relay_rs_find(r, &b));
	relay_free(r);
}
END_TEST

START_TEST(test_rs_many_sorted)
{
	struct relay *r = relay_new();
	struct ipc_rs_state s;
	char ip[32];
	size_t i;
	int n;

	/* Insert in a scrambled order; the table stays sorted. */
	for (n = 0; n < 1000; n++) {
		i = (size_t)(n * 7919) % 1000;
		snprintf(ip, sizeof(ip), "10.1.%zu.%zu", i / 250, i % 250);
		s = rs4("FWM 1", ip, 3306, (int)(i & 1));
		ck_assert_int_eq(relay_rs_update(r, &s), 1);
	}
	ck_assert_uint_eq(relay_rs_count(r), 1000);
	for (i = 1; i < 1000; i++)
		ck_assert_int_lt(relay_rs_cmp(relay_rs_at(r, i - 1),
		    relay_rs_at(r, i)), 0);
	ck_assert_ptr_null(relay_rs_at(r, 1000));
	relay_free(r);
}
END_TEST

START_TEST(test_vrrp_update)
{
	struct relay *r = relay_new();
	struct ipc_vrrp_state v;

	memset(&v, 0, sizeof(v));
	snprintf(v.name, sizeof(v.name), "VI_1");
	v.state = 1;
	v.priority = 100;
	ck_assert_int_eq(relay_vrrp_update(r, &v), 1);
	ck_assert_int_eq(relay_vrrp_update(r, &v), 0);
	v.state = 2;
	ck_assert_int_eq(relay_vrrp_update(r, &v), 1);
	snprintf(v.name, sizeof(v.name), "VI_2");
	ck_assert_int_eq(relay_vrrp_update(r, &v), 1);
	ck_assert_uint_eq(relay_vrrp_count(r), 2);
	ck_assert_int_eq(relay_vrrp_find(r, "VI_1")->state, 2);
	ck_assert_ptr_null(relay_vrrp_find(r, "VI_3"));
	relay_vrrp_clear(r);
	ck_assert_uint_eq(relay_vrrp_count(r), 0);
	relay_free(r);
}
END_TEST

static int
send_fd(void *ctx, const struct ipc_msg *m)
{
	return ipc_send(*(int *)ctx, m);
}

static int
fail_after_one(void *ctx, const struct ipc_msg *m)
{
	return (*(int *)ctx)++ == 0 ? 0 : -1;
}

START_TEST(test_replay_over_seqpacket)
{
	struct relay *r = relay_new();
	struct ipc_rs_state a = rs4("[10.0.0.1]:tcp:80", "10.0.1.2", 80, 0);
	struct ipc_rs_state b = rs4("[10.0.0.1]:tcp:80", "10.0.1.1", 80, 1);
	struct ipc_msg m;
	int sv[2], calls = 0;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0, sv), 0);
	relay_rs_update(r, &a);
	relay_rs_update(r, &b);
	ck_assert_int_eq(relay_replay(r, send_fd, &sv[0]), 0);

	/* Every stored state in key order, then SNAPSHOT_END. */
	ck_assert_int_eq(ipc_recv(sv[1], &m), 1);
	ck_assert_int_eq(m.hdr.type, IPC_RS_STATE);
	ck_assert_int_eq(relay_rs_cmp(&m.u.rs, &b), 0);
	ck_assert_int_eq(m.u.rs.up, 1);
	ck_assert_int_eq(ipc_recv(sv[1], &m), 1);
	ck_assert_int_eq(m.hdr.type, IPC_RS_STATE);
	ck_assert_int_eq(relay_rs_cmp(&m.u.rs, &a), 0);
	ck_assert_int_eq(m.u.rs.up, 0);
	ck_assert_int_eq(ipc_recv(sv[1], &m), 1);
	ck_assert_int_eq(m.hdr.type, IPC_SNAPSHOT_END);
	ck_assert_int_eq(ipc_recv(sv[1], &m), -1);
	ck_assert_int_eq(errno, EAGAIN);

	/* A failing sender stops the replay. */
	ck_assert_int_eq(relay_replay(r, fail_after_one, &calls), -1);
	ck_assert_int_eq(calls, 2);
	close(sv[0]);
	close(sv[1]);
	relay_free(r);
}
END_TEST

START_TEST(test_replay_empty)
{
	struct relay *r = relay_new();
	struct ipc_msg m;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK,
	    0, sv), 0);
	ck_assert_int_eq(relay_replay(r, send_fd, &sv[0]), 0);
	ck_assert_int_eq(ipc_recv(sv[1], &m), 1);
	ck_assert_int_eq(m.hdr.type, IPC_SNAPSHOT_END);
	close(sv[0]);
	close(sv[1]);
	relay_free(r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("relay");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rs_update_and_key);
	tcase_add_test(tc, test_rs_many_sorted);
	tcase_add_test(tc, test_vrrp_update);
	tcase_add_test(tc, test_replay_over_seqpacket);
	tcase_add_test(tc, test_replay_empty);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
