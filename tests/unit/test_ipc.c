/*
 * test_ipc: every message type round-trips; every wrong size, unknown
 * type and unterminated string is rejected; a real SEQPACKET pair keeps
 * message boundaries.
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"
#include "ipc.h"

static void
fill(struct ipc_msg *m, uint16_t type)
{
	memset(m, 0, sizeof(*m));
	m->hdr.type = type;
	m->hdr.objid = 42;
	m->hdr.seq = 7;
	switch (type) {
	case IPC_HELLO:
		m->u.hello.version = IPC_VERSION;
		m->u.hello.role = IPC_ROLE_CHECKER;
		m->u.hello.pid = 1234;
		m->u.hello.config_ok = 1;
		break;
	case IPC_RS_STATE:
		m->u.rs.family = 2;
		m->u.rs.up = 1;
		m->u.rs.port = 3306;
		m->u.rs.addr[0] = 192;
		m->u.rs.weight = 3;
		m->u.rs.checked = 1;
		m->u.rs.repl = IPC_REPL_BEHIND;
		m->u.rs.repl_threads = IPC_REPL_IO_RUNNING;
		m->u.rs.lag = 42;
		snprintf(m->u.rs.vs, sizeof(m->u.rs.vs), "[192.168.1.200]:tcp:3306");
		snprintf(m->u.rs.reason, sizeof(m->u.rs.reason), "connected");
		break;
	case IPC_VRRP_STATE:
		snprintf(m->u.vrrp.name, sizeof(m->u.vrrp.name), "VI_1");
		m->u.vrrp.state = 2;
		m->u.vrrp.priority = 100;
		break;
	case IPC_DUMP:
		m->u.dump.kind = IPC_DUMP_JSON;
		break;
	}
}

START_TEST(test_roundtrip_every_type)
{
	struct ipc_msg in, out;
	char buf[IPC_MSG_MAX];
	uint16_t t;
	ssize_t n;

	for (t = 1; t < IPC_TYPE_MAX; t++) {
		fill(&in, t);
		n = ipc_encode(&in, buf, sizeof(buf));
		ck_assert_int_eq(n, (ssize_t)sizeof(struct ipc_hdr) +
		    ipc_payload_size(t));
		ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), 0);
		ck_assert_int_eq(out.hdr.type, t);
		ck_assert_int_eq(out.hdr.objid, 42);
		ck_assert_int_eq(out.hdr.seq, 7);
		ck_assert_int_eq(memcmp(&in.u, &out.u,
		    (size_t)ipc_payload_size(t)), 0);
	}
}
END_TEST

START_TEST(test_wrong_sizes_rejected)
{
	struct ipc_msg in, out;
	char buf[IPC_MSG_MAX + 8];
	struct ipc_hdr h;
	uint16_t t;
	ssize_t n;

	for (t = 1; t < IPC_TYPE_MAX; t++) {
		fill(&in, t);
		n = ipc_encode(&in, buf, sizeof(buf));
		/* one byte short, one byte long, header only */
		errno = 0;
		ck_assert_int_eq(ipc_decode(buf, (size_t)n - 1, &out), -1);
		ck_assert_int_eq(errno, EPROTO);
		ck_assert_int_eq(ipc_decode(buf, (size_t)n + 1, &out), -1);
		if (ipc_payload_size(t) > 0)
			ck_assert_int_eq(ipc_decode(buf, sizeof(h), &out), -1);
		/* a header that lies about the payload length */
		memcpy(&h, buf, sizeof(h));
		h.len++;
		memcpy(buf, &h, sizeof(h));
		ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), -1);
	}
	ck_assert_int_eq(ipc_decode(buf, 3, &out), -1);
}
END_TEST

START_TEST(test_unknown_type_rejected)
{
	struct ipc_msg out;
	struct ipc_hdr h = { .type = IPC_TYPE_MAX, .len = 0 };

	ck_assert_int_eq(ipc_decode(&h, sizeof(h), &out), -1);
	h.type = 0;
	ck_assert_int_eq(ipc_decode(&h, sizeof(h), &out), -1);
	ck_assert_int_eq(ipc_payload_size(999), -1);
}
END_TEST

START_TEST(test_bad_payload_rejected)
{
	struct ipc_msg in, out;
	char buf[IPC_MSG_MAX];
	ssize_t n;

	fill(&in, IPC_RS_STATE);
	memset(in.u.rs.vs, 'x', sizeof(in.u.rs.vs));
	ck_assert_int_eq(ipc_encode(&in, buf, sizeof(buf)), -1);
	/* Build the bad message by hand: the decoder must refuse it. */
	fill(&in, IPC_RS_STATE);
	n = ipc_encode(&in, buf, sizeof(buf));
	memset(buf + sizeof(struct ipc_hdr) +
	    offsetof(struct ipc_rs_state, vs), 'x', IPC_NAME_MAX);
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), -1);
	fill(&in, IPC_RS_STATE);
	n = ipc_encode(&in, buf, sizeof(buf));
	((struct ipc_rs_state *)(buf + sizeof(struct ipc_hdr)))->checked = 2;
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), -1);
	/* Replication facts: a known state, known thread bits, lag >= -1. */
	fill(&in, IPC_RS_STATE);
	n = ipc_encode(&in, buf, sizeof(buf));
	((struct ipc_rs_state *)(buf + sizeof(struct ipc_hdr)))->repl =
	    IPC_REPL_MAX;
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), -1);
	fill(&in, IPC_RS_STATE);
	n = ipc_encode(&in, buf, sizeof(buf));
	((struct ipc_rs_state *)(buf + sizeof(struct ipc_hdr)))->repl_threads =
	    4;
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), -1);
	fill(&in, IPC_RS_STATE);
	in.u.rs.lag = -2;
	ck_assert_int_eq(ipc_encode(&in, buf, sizeof(buf)), -1);
	in.u.rs.lag = -1;
	n = ipc_encode(&in, buf, sizeof(buf));
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), 0);
	ck_assert_int_eq(out.u.rs.lag, -1);
	ck_assert_uint_eq(out.u.rs.repl, IPC_REPL_BEHIND);
	ck_assert_uint_eq(out.u.rs.repl_threads, IPC_REPL_IO_RUNNING);
	fill(&in, IPC_HELLO);
	n = ipc_encode(&in, buf, sizeof(buf));
	((struct ipc_hello *)(buf + sizeof(struct ipc_hdr)))->version = 99;
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), -1);
	fill(&in, IPC_DUMP);
	in.u.dump.kind = 0;
	ck_assert_int_eq(ipc_encode(&in, buf, sizeof(buf)), -1);
}
END_TEST

START_TEST(test_seqpacket_boundaries)
{
	struct ipc_msg in, out;
	int sv[2];
	char junk[3] = { 1, 2, 3 };

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
	    sv), 0);
	fill(&in, IPC_VRRP_STATE);
	ck_assert_int_eq(ipc_send(sv[0], &in), 0);
	fill(&in, IPC_RELOAD);
	ck_assert_int_eq(ipc_send(sv[0], &in), 0);
	ck_assert_int_eq(send(sv[0], junk, sizeof(junk), 0), 3);
	ck_assert_int_eq(ipc_recv(sv[1], &out), 1);
	ck_assert_int_eq(out.hdr.type, IPC_VRRP_STATE);
	ck_assert_str_eq(out.u.vrrp.name, "VI_1");
	ck_assert_int_eq(ipc_recv(sv[1], &out), 1);
	ck_assert_int_eq(out.hdr.type, IPC_RELOAD);
	errno = 0;
	ck_assert_int_eq(ipc_recv(sv[1], &out), -1);
	ck_assert_int_eq(errno, EPROTO);
	close(sv[0]);
	ck_assert_int_eq(ipc_recv(sv[1], &out), 0);
	close(sv[1]);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ipc");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_roundtrip_every_type);
	tcase_add_test(tc, test_wrong_sizes_rejected);
	tcase_add_test(tc, test_unknown_type_rejected);
	tcase_add_test(tc, test_bad_payload_rejected);
	tcase_add_test(tc, test_seqpacket_boundaries);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
