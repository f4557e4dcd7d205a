/*
 * test_nl_ipvs: the IPVS generic netlink encoders and decoders
 * (lib/nl_ipvs.c) against byte arrays written by hand from the kernel's
 * UAPI layout (linux/netlink.h, linux/genetlink.h, linux/ip_vs.h):
 * nlmsghdr (len, type = family id, flags, seq, pid), genlmsghdr (cmd,
 * version 1, reserved), then netlink attributes (u16 length, u16 type,
 * payload padded to 4 bytes).  Nested attributes carry NLA_F_NESTED
 * (0x8000) in their type as libmnl sets it.  Multi-byte values are
 * little-endian here except ports and the IPv4 netmask, which IPVS
 * takes in network order.
 *
 * The kernel itself is exercised by tests/vm/ipvs.sh (this host has no
 * IPVS).
 */
#include <arpa/inet.h>
#include <errno.h>

#include <linux/genetlink.h>
#include <linux/ip_vs.h>

#include "unit.h"
#include "nl_ipvs.h"

#define FAM	0x25	/* a family id as the controller might return */

#define U16(x)		((x) & 0xff), (((x) >> 8) & 0xff)
#define U32(x)		U16((x) & 0xffff), U16(((x) >> 16) & 0xffff)
#define NLA(len, type)	U16(len), U16(type)
#define NEST(len, type)	U16(len), U16((type) | 0x8000)
#define NLMSG(len, type)	U32(len), U16(type), U16(0), U32(0), U32(0)
#define GENL(cmd)	(cmd), 1, 0, 0
#define V4(a, b, c, d)	a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

/* Service TCP 10.0.0.1:80 identity: af, protocol, address, port. */
#define SVC_ID_TCP_10_0_0_1_80						\
	NLA(6, IPVS_SVC_ATTR_AF), U16(AF_INET), 0, 0,			\
	NLA(6, IPVS_SVC_ATTR_PROTOCOL), U16(IPPROTO_TCP), 0, 0,		\
	NLA(20, IPVS_SVC_ATTR_ADDR), V4(10, 0, 0, 1),			\
	NLA(6, IPVS_SVC_ATTR_PORT), 0, 80, 0, 0

static void
svc_tcp(struct nl_ipvs_svc *s)
{
	memset(s, 0, sizeof(*s));
	s->af = AF_INET;
	s->protocol = IPPROTO_TCP;
	inet_pton(AF_INET, "10.0.0.1", &s->addr.v4);
	s->port = 80;
	snprintf(s->sched, sizeof(s->sched), "rr");
	s->netmask = 0xffffffffU;
}

static void
dest_dr(struct nl_ipvs_dest *d, int weight)
{
	memset(d, 0, sizeof(*d));
	d->af = AF_INET;
	inet_pton(AF_INET, "192.168.1.2", &d->addr.v4);
	d->port = 80;
	d->fwd = IP_VS_CONN_F_DROUTE;
	d->weight = weight;
	d->u_thresh = 100;
	d->l_thresh = 10;
}

static void
assert_bytes(const struct nlmsghdr *nlh, const uint8_t *want, size_t len)
{
	const uint8_t *got = (const uint8_t *)nlh;
	size_t i;

	ck_assert_ptr_nonnull(nlh);
	ck_assert_uint_eq(nlh->nlmsg_len, len);
	for (i = 0; i < len; i++)
		ck_assert_msg(got[i] == want[i],
		    "byte %zu: got 0x%02x, want 0x%02x", i, got[i], want[i]);
}

START_TEST(family_request)
{
	static const uint8_t want[] = {
		NLMSG(32, GENL_ID_CTRL), GENL(CTRL_CMD_GETFAMILY),
		NLA(9, CTRL_ATTR_FAMILY_NAME), 'I', 'P', 'V', 'S', 0, 0, 0, 0,
	};
	char buf[NL_MSG_SIZE];

	assert_bytes(nl_ipvs_family_msg(buf, sizeof(buf), "IPVS"), want,
	    sizeof(want));
}
END_TEST

START_TEST(family_reply)
{
	/* What the controller answers (trimmed to the id and the name). */
	static const uint8_t reply[] = {
		NLMSG(40, GENL_ID_CTRL), GENL(CTRL_CMD_NEWFAMILY),
		NLA(9, CTRL_ATTR_FAMILY_NAME), 'I', 'P', 'V', 'S', 0, 0, 0, 0,
		NLA(6, CTRL_ATTR_FAMILY_ID), U16(FAM), 0, 0,
	};
	static const uint8_t noid[] = {
		NLMSG(28, GENL_ID_CTRL), GENL(CTRL_CMD_NEWFAMILY),
		NLA(6, CTRL_ATTR_FAMILY_NAME), 'X', 0, 0, 0,
	};
	uint16_t id = 0;

	ck_assert_int_eq(nl_ipvs_family_parse((const void *)reply, &id), 0);
	ck_assert_uint_eq(id, FAM);
	errno = 0;
	ck_assert_int_eq(nl_ipvs_family_parse((const void *)noid, &id), -1);
	ck_assert_int_eq(errno, EPROTO);
}
END_TEST

START_TEST(service_add)
{
	static const uint8_t want[] = {
		NLMSG(104, FAM), GENL(IPVS_CMD_NEW_SERVICE),
		NEST(84, IPVS_CMD_ATTR_SERVICE),
		SVC_ID_TCP_10_0_0_1_80,
		NLA(7, IPVS_SVC_ATTR_SCHED_NAME), 'r', 'r', 0, 0,
		NLA(12, IPVS_SVC_ATTR_FLAGS), U32(0), U32(0xffffffffU),
		NLA(8, IPVS_SVC_ATTR_TIMEOUT), U32(0),
		NLA(8, IPVS_SVC_ATTR_NETMASK), 0xff, 0xff, 0xff, 0xff,
	};
	struct nl_ipvs_svc s;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	assert_bytes(nl_ipvs_svc_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_SERVICE, &s), want, sizeof(want));
}
END_TEST

/* persistence_timeout 50, granularity 255.255.255.0, engine sip: edit. */
START_TEST(service_edit_persistent)
{
	static const uint8_t want[] = {
		NLMSG(112, FAM), GENL(IPVS_CMD_SET_SERVICE),
		NEST(92, IPVS_CMD_ATTR_SERVICE),
		SVC_ID_TCP_10_0_0_1_80,
		NLA(8, IPVS_SVC_ATTR_SCHED_NAME), 'w', 'r', 'r', 0,
		NLA(8, IPVS_SVC_ATTR_PE_NAME), 's', 'i', 'p', 0,
		NLA(12, IPVS_SVC_ATTR_FLAGS),
		U32(IP_VS_SVC_F_PERSISTENT), U32(0xffffffffU),
		NLA(8, IPVS_SVC_ATTR_TIMEOUT), U32(50),
		NLA(8, IPVS_SVC_ATTR_NETMASK), 255, 255, 255, 0,
	};
	struct nl_ipvs_svc s;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	snprintf(s.sched, sizeof(s.sched), "wrr");
	snprintf(s.pe_name, sizeof(s.pe_name), "sip");
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 50;
	inet_pton(AF_INET, "255.255.255.0", &s.netmask);
	assert_bytes(nl_ipvs_svc_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_SET_SERVICE, &s), want, sizeof(want));
}
END_TEST

/* Delete of an IPv6 fwmark service: its identity only. */
START_TEST(service_del_fwmark)
{
	static const uint8_t want[] = {
		NLMSG(40, FAM), GENL(IPVS_CMD_DEL_SERVICE),
		NEST(20, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF), U16(AF_INET6), 0, 0,
		NLA(8, IPVS_SVC_ATTR_FWMARK), U32(7),
	};
	struct nl_ipvs_svc s;
	char buf[NL_MSG_SIZE];

	memset(&s, 0, sizeof(s));
	s.af = AF_INET6;
	s.fwmark = 7;
	snprintf(s.sched, sizeof(s.sched), "rr");
	assert_bytes(nl_ipvs_svc_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_DEL_SERVICE, &s), want, sizeof(want));
}
END_TEST

#define DEST_ID_192_168_1_2_80						\
	NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY), U16(AF_INET), 0, 0,		\
	NLA(20, IPVS_DEST_ATTR_ADDR), V4(192, 168, 1, 2),		\
	NLA(6, IPVS_DEST_ATTR_PORT), 0, 80, 0, 0

#define DEST_FULL(w)							\
	NEST(72, IPVS_CMD_ATTR_DEST),					\
	DEST_ID_192_168_1_2_80,						\
	NLA(8, IPVS_DEST_ATTR_FWD_METHOD), U32(IP_VS_CONN_F_DROUTE),	\
	NLA(8, IPVS_DEST_ATTR_WEIGHT), U32(w),				\
	NLA(8, IPVS_DEST_ATTR_U_THRESH), U32(100),			\
	NLA(8, IPVS_DEST_ATTR_L_THRESH), U32(10)

START_TEST(dest_add)
{
	static const uint8_t want[] = {
		NLMSG(140, FAM), GENL(IPVS_CMD_NEW_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE), SVC_ID_TCP_10_0_0_1_80,
		DEST_FULL(3),
	};
	struct nl_ipvs_svc s;
	struct nl_ipvs_dest d;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	dest_dr(&d, 3);
	assert_bytes(nl_ipvs_dest_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DEST, &s, &d), want, sizeof(want));
}
END_TEST

/* inhibit_on_failure: the destination stays with weight 0. */
START_TEST(dest_edit_weight0)
{
	static const uint8_t want[] = {
		NLMSG(140, FAM), GENL(IPVS_CMD_SET_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE), SVC_ID_TCP_10_0_0_1_80,
		DEST_FULL(0),
	};
	struct nl_ipvs_svc s;
	struct nl_ipvs_dest d;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	dest_dr(&d, 0);
	assert_bytes(nl_ipvs_dest_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_SET_DEST, &s, &d), want, sizeof(want));
}
END_TEST

START_TEST(dest_del)
{
	static const uint8_t want[] = {
		NLMSG(108, FAM), GENL(IPVS_CMD_DEL_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE), SVC_ID_TCP_10_0_0_1_80,
		NEST(40, IPVS_CMD_ATTR_DEST), DEST_ID_192_168_1_2_80,
	};
	struct nl_ipvs_svc s;
	struct nl_ipvs_dest d;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	dest_dr(&d, 3);
	assert_bytes(nl_ipvs_dest_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_DEL_DEST, &s, &d), want, sizeof(want));
}
END_TEST

/* A GUE tunnel destination of an IPv6 service: type, port, flags. */
START_TEST(dest_add_gue_v6)
{
	static const uint8_t want[] = {
		NLMSG(136, FAM), GENL(IPVS_CMD_NEW_DEST),
		NEST(20, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF), U16(AF_INET6), 0, 0,
		NLA(8, IPVS_SVC_ATTR_FWMARK), U32(9),
		NEST(96, IPVS_CMD_ATTR_DEST),
		NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY), U16(AF_INET6), 0, 0,
		NLA(20, IPVS_DEST_ATTR_ADDR), 0x20, 0x01, 0x0d, 0xb8,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
		NLA(6, IPVS_DEST_ATTR_PORT), 0x01, 0xbb, 0, 0,
		NLA(8, IPVS_DEST_ATTR_FWD_METHOD), U32(IP_VS_CONN_F_TUNNEL),
		NLA(8, IPVS_DEST_ATTR_WEIGHT), U32(1),
		NLA(5, IPVS_DEST_ATTR_TUN_TYPE),
		IP_VS_CONN_F_TUNNEL_TYPE_GUE, 0, 0, 0,
		NLA(6, IPVS_DEST_ATTR_TUN_PORT), 0x17, 0xc1, 0, 0,
		NLA(6, IPVS_DEST_ATTR_TUN_FLAGS), U16(1), 0, 0,
		NLA(8, IPVS_DEST_ATTR_U_THRESH), U32(0),
		NLA(8, IPVS_DEST_ATTR_L_THRESH), U32(0),
	};
	struct nl_ipvs_svc s;
	struct nl_ipvs_dest d;
	char buf[NL_MSG_SIZE];

	memset(&s, 0, sizeof(s));
	s.af = AF_INET6;
	s.fwmark = 9;
	memset(&d, 0, sizeof(d));
	d.af = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::5", &d.addr.v6);
	d.port = 443;
	d.fwd = IP_VS_CONN_F_TUNNEL;
	d.weight = 1;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6081;
	d.tun_flags = 1;
	assert_bytes(nl_ipvs_dest_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DEST, &s, &d), want, sizeof(want));
}
END_TEST

START_TEST(flush_and_dumps)
{
	static const uint8_t flush[] = {
		NLMSG(20, FAM), GENL(IPVS_CMD_FLUSH),
	};
	static const uint8_t getsvc[] = {
		NLMSG(20, FAM), GENL(IPVS_CMD_GET_SERVICE),
	};
	static const uint8_t getdest[] = {
		NLMSG(68, FAM), GENL(IPVS_CMD_GET_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE), SVC_ID_TCP_10_0_0_1_80,
	};
	struct nl_ipvs_svc s;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	assert_bytes(nl_ipvs_flush_msg(buf, sizeof(buf), FAM), flush,
	    sizeof(flush));
	assert_bytes(nl_ipvs_get_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_GET_SERVICE, NULL), getsvc, sizeof(getsvc));
	assert_bytes(nl_ipvs_get_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_GET_DEST, &s), getdest, sizeof(getdest));
	errno = 0;
	ck_assert_ptr_null(nl_ipvs_get_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_GET_DEST, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(nl_ipvs_svc_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DEST, &s));
}
END_TEST

START_TEST(too_small)
{
	struct nl_ipvs_svc s;
	struct nl_ipvs_dest d;
	char buf[120];

	svc_tcp(&s);
	dest_dr(&d, 1);
	errno = 0;
	ck_assert_ptr_null(nl_ipvs_dest_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DEST, &s, &d));
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_ptr_nonnull(nl_ipvs_svc_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_SERVICE, &s));
}
END_TEST

/* A dump reply has the request's layout plus statistics; the decoders
 * must get back what the encoders put, and refuse what lacks the
 * mandatory attributes. */
START_TEST(decode_roundtrip)
{
	struct nl_ipvs_svc s, s2;
	struct nl_ipvs_dest d, d2;
	struct nlmsghdr *nlh;
	char buf[NL_MSG_SIZE];

	svc_tcp(&s);
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 360;
	nlh = nl_ipvs_svc_msg(buf, sizeof(buf), FAM, IPVS_CMD_NEW_SERVICE,
	    &s);
	ck_assert_int_eq(nl_ipvs_svc_parse(nlh, &s2), 0);
	ck_assert_int_eq(memcmp(&s, &s2, sizeof(s)), 0);

	dest_dr(&d, 7);
	nlh = nl_ipvs_dest_msg(buf, sizeof(buf), FAM, IPVS_CMD_NEW_DEST, &s,
	    &d);
	ck_assert_int_eq(nl_ipvs_dest_parse(nlh, &d2), 0);
	ck_assert_int_eq(memcmp(&d, &d2, sizeof(d)), 0);

	/* A delete carries no settings: not a valid dump entry. */
	nlh = nl_ipvs_dest_msg(buf, sizeof(buf), FAM, IPVS_CMD_DEL_DEST, &s,
	    &d);
	errno = 0;
	ck_assert_int_eq(nl_ipvs_dest_parse(nlh, &d2), -1);
	ck_assert_int_eq(errno, EPROTO);
	nlh = nl_ipvs_svc_msg(buf, sizeof(buf), FAM, IPVS_CMD_DEL_SERVICE,
	    &s);
	ck_assert_int_eq(nl_ipvs_svc_parse(nlh, &s2), -1);
}
END_TEST

/* On a kernel without IPVS the family does not resolve: ENOENT (what
 * lvs_init turns into health-check-only mode). */
/* keepalived's ipvs_start_daemon: state, interface, sync id, then only
 * the options that are set. */
START_TEST(daemon_start_plain)
{
	static const uint8_t want[] = {
		NLMSG(52, FAM), GENL(IPVS_CMD_NEW_DAEMON),
		NEST(32, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE), U32(IP_VS_STATE_MASTER),
		NLA(9, IPVS_DAEMON_ATTR_MCAST_IFN), 'e', 't', 'h', '0', 0,
		0, 0, 0,
		NLA(8, IPVS_DAEMON_ATTR_SYNC_ID), U32(5),
	};
	struct nl_ipvs_daemon d = { .state = IP_VS_STATE_MASTER,
	    .ifname = "eth0", .syncid = 5 };
	char buf[NL_MSG_SIZE];

	assert_bytes(nl_ipvs_daemon_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DAEMON, &d), want, sizeof(want));
}
END_TEST

START_TEST(daemon_start_options)
{
	static const uint8_t want[] = {
		NLMSG(84, FAM), GENL(IPVS_CMD_NEW_DAEMON),
		NEST(64, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE), U32(IP_VS_STATE_BACKUP),
		NLA(9, IPVS_DAEMON_ATTR_MCAST_IFN), 'e', 't', 'h', '1', 0,
		0, 0, 0,
		NLA(8, IPVS_DAEMON_ATTR_SYNC_ID), U32(7),
		NLA(6, IPVS_DAEMON_ATTR_SYNC_MAXLEN), U16(1400), 0, 0,
		NLA(6, IPVS_DAEMON_ATTR_MCAST_PORT), U16(8849), 0, 0,
		NLA(5, IPVS_DAEMON_ATTR_MCAST_TTL), 3, 0, 0, 0,
		NLA(8, IPVS_DAEMON_ATTR_MCAST_GROUP), 224, 0, 0, 81,
	};
	static const uint8_t want6[] = {
		NLMSG(72, FAM), GENL(IPVS_CMD_NEW_DAEMON),
		NEST(52, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE), U32(IP_VS_STATE_BACKUP),
		NLA(9, IPVS_DAEMON_ATTR_MCAST_IFN), 'e', 't', 'h', '1', 0,
		0, 0, 0,
		NLA(8, IPVS_DAEMON_ATTR_SYNC_ID), U32(7),
		NLA(20, IPVS_DAEMON_ATTR_MCAST_GROUP6), 0xff, 0x02, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x51,
	};
	struct nl_ipvs_daemon d = { .state = IP_VS_STATE_BACKUP,
	    .ifname = "eth1", .syncid = 7, .maxlen = 1400, .port = 8849,
	    .ttl = 3, .group_af = AF_INET };
	char buf[NL_MSG_SIZE];

	inet_pton(AF_INET, "224.0.0.81", &d.group.v4);
	assert_bytes(nl_ipvs_daemon_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DAEMON, &d), want, sizeof(want));
	memset(&d, 0, sizeof(d));
	d.state = IP_VS_STATE_BACKUP;
	snprintf(d.ifname, sizeof(d.ifname), "eth1");
	d.syncid = 7;
	d.group_af = AF_INET6;
	inet_pton(AF_INET6, "ff02::51", &d.group.v6);
	assert_bytes(nl_ipvs_daemon_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_NEW_DAEMON, &d), want6, sizeof(want6));
}
END_TEST

/* ipvs_stop_daemon: state and sync id only, whatever else is set. */
START_TEST(daemon_stop)
{
	static const uint8_t want[] = {
		NLMSG(40, FAM), GENL(IPVS_CMD_DEL_DAEMON),
		NEST(20, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE), U32(IP_VS_STATE_BACKUP),
		NLA(8, IPVS_DAEMON_ATTR_SYNC_ID), U32(9),
	};
	struct nl_ipvs_daemon d = { .state = IP_VS_STATE_BACKUP,
	    .ifname = "eth0", .syncid = 9, .maxlen = 1400, .ttl = 2 };
	char buf[NL_MSG_SIZE], small[40];

	assert_bytes(nl_ipvs_daemon_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_DEL_DAEMON, &d), want, sizeof(want));
	errno = 0;
	ck_assert_ptr_null(nl_ipvs_daemon_msg(buf, sizeof(buf), FAM,
	    IPVS_CMD_FLUSH, &d));
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_ptr_null(nl_ipvs_daemon_msg(small, sizeof(small) - 4, FAM,
	    IPVS_CMD_DEL_DAEMON, &d));
	ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

START_TEST(open_without_ipvs)
{
	struct nl_ipvs v;
	FILE *f;

	f = fopen("/proc/net/ip_vs", "r");
	if (f != NULL) {
		fclose(f);
		ck_assert_int_eq(nl_ipvs_open(&v), 0);
		ck_assert_uint_ne(v.family, 0);
		nl_ipvs_close(&v);
		return;
	}
	errno = 0;
	ck_assert_int_eq(nl_ipvs_open(&v), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nl_ipvs");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, family_request);
	tcase_add_test(tc, family_reply);
	tcase_add_test(tc, service_add);
	tcase_add_test(tc, service_edit_persistent);
	tcase_add_test(tc, service_del_fwmark);
	tcase_add_test(tc, dest_add);
	tcase_add_test(tc, dest_edit_weight0);
	tcase_add_test(tc, dest_del);
	tcase_add_test(tc, dest_add_gue_v6);
	tcase_add_test(tc, flush_and_dumps);
	tcase_add_test(tc, too_small);
	tcase_add_test(tc, decode_roundtrip);
	tcase_add_test(tc, daemon_start_plain);
	tcase_add_test(tc, daemon_start_options);
	tcase_add_test(tc, daemon_stop);
	tcase_add_test(tc, open_without_ipvs);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
