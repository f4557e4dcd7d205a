/*
 * test_nl_route: the route and rule encoders (lib/nl_route.c).
 *
 * "pure": lines are parsed by the real parser (static_routes /
 * static_rules at root), encoded, and compared byte for byte with
 * requests written out by hand from the kernel's layouts (struct
 * nlmsghdr, rtmsg, fib_rule_hdr, rtnexthop, nlattr; little-endian host).
 *
 * "kernel" (root only, skipped otherwise): in a private network namespace
 * (unshare(CLONE_NEWNET) in Check's forked child, gone with it), a route
 * or rule added by nl_route_add / nl_rule_add must read back through
 * "ip -d route show" / "ip -d rule show" exactly as the same one added
 * by iproute2 ("ip route add ... proto keepalived"), and the delete must
 * remove it.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "unit.h"
#include "conf_iproute.h"
#include "nl.h"
#include "nl_route.h"

/* --- pure ---------------------------------------------------------------- */

static const char conf_text[] =
    "static_routes {\n"
    "  192.168.10.0/24 via 10.0.0.2 dev eth0 table 100 metric 50\n"
    "  blackhole 10.9.0.0/16 table 1000\n"
    "  10.1.0.0/16 dev eth0 mtu lock 1400 advmss 1360 rtt 10\n"
    "  10.2.0.0/16 nexthop via 10.0.0.2 dev eth0 weight 2 "
    "nexthop via 10.0.0.3 dev eth1\n"
    "  2001:db8:1::/64 via 2001:db8::1 dev eth0 no_track\n"
    "  10.3.0.0/16 via 10.9.9.9 src 10.0.0.1 dev eth0 onlink\n"
    "  10.4.0.0/16 dev eth0 scope link\n"
    "}\n"
    "static_rules {\n"
    "  from 192.168.10.5 table 100 priority 200\n"
    "  fwmark 0x10/0xff iif eth0 lookup 1000 preference 300 no_track\n"
    "  not to 10.0.0.0/8 goto 500 preference 400 no_track\n"
    "  from all ipproto tcp dport 80-81 prohibit preference 410 no_track\n"
    "}\n";

static struct conf *cf;

static void
parse_setup(void)
{
	struct unit_diags d;

	cf = unit_parse(conf_text, &d, NULL);
	ck_assert_ptr_nonnull(cf);
}

static void
parse_teardown(void)
{
	conf_free(cf);
	cf = NULL;
}

static const struct route_conf *
route_nth(int n)
{
	const struct route_conf *r;

	int i = n;

	STAILQ_FOREACH(r, &cf->vrrp.static_routes, next)
		if (i-- == 0)
			return r;
	ck_abort_msg("no route %d", n);
	return NULL;
}

static const struct rule_conf *
rule_nth(int n)
{
	const struct rule_conf *r;

	int i = n;

	STAILQ_FOREACH(r, &cf->vrrp.static_rules, next)
		if (i-- == 0)
			return r;
	ck_abort_msg("no rule %d", n);
	return NULL;
}

/* No interface exists. */
static int
no_ifindex(const char *name, void *arg)
{
	(void)name;
	(void)arg;
	return 0;
}

/* eth0 is 7, eth1 is 8, nothing else exists. */
static int
fake_ifindex(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "eth0") == 0)
		return 7;
	if (strcmp(name, "eth1") == 0)
		return 8;
	return 0;
}

static void
bytes_eq(const struct nlmsghdr *nlh, const uint8_t *want, size_t len)
{
	const uint8_t *got = (const uint8_t *)nlh;
	size_t i;

	ck_assert_ptr_nonnull(nlh);
	ck_assert_uint_eq(nlh->nlmsg_len, len);
	for (i = 0; i < len; i++)
		ck_assert_msg(got[i] == want[i], "byte %zu: got %02x want %02x",
		    i, got[i], want[i]);
}

#define U32(v)	(v) & 0xff, ((v) >> 8) & 0xff, ((v) >> 16) & 0xff, \
		((v) >> 24) & 0xff
#define U16(v)	(v) & 0xff, ((v) >> 8) & 0xff
/* nlmsghdr with seq and pid 0 (nl_request fills them). */
#define NLH(len, type, flags)	U32(len), U16(type), U16(flags), \
		U32(0), U32(0)

START_TEST(test_route_gateway)
{
	static const uint8_t want[] = {
		NLH(60, RTM_NEWROUTE, NLM_F_CREATE),
		/* family, dst_len, src_len, tos, table, proto, scope, type */
		AF_INET, 24, 0, 0, 100, RTPROT_KEEPALIVED, RT_SCOPE_UNIVERSE,
		RTN_UNICAST, U32(0),
		U16(8), U16(RTA_DST), 192, 168, 10, 0,
		U16(8), U16(RTA_GATEWAY), 10, 0, 0, 2,
		U16(8), U16(RTA_OIF), U32(7),
		U16(8), U16(RTA_PRIORITY), U32(50),
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(0), fake_ifindex, NULL), want, sizeof(want));
}
END_TEST

START_TEST(test_route_blackhole_table)
{
	static const uint8_t add[] = {
		NLH(44, RTM_NEWROUTE, NLM_F_CREATE),
		AF_INET, 16, 0, 0, RT_TABLE_UNSPEC, RTPROT_KEEPALIVED,
		RT_SCOPE_UNIVERSE, RTN_BLACKHOLE, U32(0),
		U16(8), U16(RTA_TABLE), U32(1000),
		U16(8), U16(RTA_DST), 10, 9, 0, 0,
	};
	static const uint8_t del[] = {
		NLH(44, RTM_DELROUTE, 0),
		AF_INET, 16, 0, 0, RT_TABLE_UNSPEC, RTPROT_KEEPALIVED,
		RT_SCOPE_NOWHERE, RTN_BLACKHOLE, U32(0),
		U16(8), U16(RTA_TABLE), U32(1000),
		U16(8), U16(RTA_DST), 10, 9, 0, 0,
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(1), fake_ifindex, NULL), add, sizeof(add));
	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_DELROUTE, 0,
	    route_nth(1), fake_ifindex, NULL), del, sizeof(del));
}
END_TEST

START_TEST(test_route_metrics)
{
	/* keepalived's order: rtt (ms * 8), mtu, advmss, then the locks.
	 * Its scope is "global" even without a gateway (iproute2 would
	 * pick "link"). */
	static const uint8_t want[] = {
		NLH(80, RTM_NEWROUTE, NLM_F_CREATE),
		AF_INET, 16, 0, 0, RT_TABLE_MAIN, RTPROT_KEEPALIVED,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		U16(8), U16(RTA_DST), 10, 1, 0, 0,
		U16(8), U16(RTA_OIF), U32(7),
		U16(36), U16(RTA_METRICS),
		U16(8), U16(RTAX_RTT), U32(80),
		U16(8), U16(RTAX_MTU), U32(1400),
		U16(8), U16(RTAX_ADVMSS), U32(1360),
		U16(8), U16(RTAX_LOCK), U32(1 << RTAX_MTU),
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(2), fake_ifindex, NULL), want, sizeof(want));
}
END_TEST

START_TEST(test_route_multipath)
{
	static const uint8_t want[] = {
		NLH(72, RTM_NEWROUTE, NLM_F_CREATE),
		AF_INET, 16, 0, 0, RT_TABLE_MAIN, RTPROT_KEEPALIVED,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		U16(8), U16(RTA_DST), 10, 2, 0, 0,
		U16(36), U16(RTA_MULTIPATH),
		/* rtnexthop: len, flags, hops (weight - 1), ifindex */
		U16(16), 0, 1, U32(7),
		U16(8), U16(RTA_GATEWAY), 10, 0, 0, 2,
		U16(16), 0, 0, U32(8),
		U16(8), U16(RTA_GATEWAY), 10, 0, 0, 3,
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(3), fake_ifindex, NULL), want, sizeof(want));
}
END_TEST

START_TEST(test_route_v6_prefsrc_scope)
{
	static const uint8_t v6[] = {
		NLH(76, RTM_NEWROUTE, NLM_F_CREATE),
		AF_INET6, 64, 0, 0, RT_TABLE_MAIN, RTPROT_KEEPALIVED,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		U16(20), U16(RTA_DST), 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		U16(20), U16(RTA_GATEWAY), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1,
		U16(8), U16(RTA_OIF), U32(7),
	};
	static const uint8_t v4[] = {
		NLH(60, RTM_NEWROUTE, NLM_F_CREATE),
		AF_INET, 16, 0, 0, RT_TABLE_MAIN, RTPROT_KEEPALIVED,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(RTNH_F_ONLINK),
		U16(8), U16(RTA_DST), 10, 3, 0, 0,
		U16(8), U16(RTA_PREFSRC), 10, 0, 0, 1,
		U16(8), U16(RTA_GATEWAY), 10, 9, 9, 9,
		U16(8), U16(RTA_OIF), U32(7),
	};
	static const uint8_t link[] = {
		NLH(44, RTM_NEWROUTE, NLM_F_CREATE),
		AF_INET, 16, 0, 0, RT_TABLE_MAIN, RTPROT_KEEPALIVED,
		RT_SCOPE_LINK, RTN_UNICAST, U32(0),
		U16(8), U16(RTA_DST), 10, 4, 0, 0,
		U16(8), U16(RTA_OIF), U32(7),
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(4), fake_ifindex, NULL), v6, sizeof(v6));
	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(5), fake_ifindex, NULL), v4, sizeof(v4));
	bytes_eq(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE,
	    route_nth(6), fake_ifindex, NULL), link, sizeof(link));
}
END_TEST

START_TEST(test_route_errors)
{
	uint8_t buf[NL_MSG_SIZE];

	/* A missing interface, a bad type, a buffer too small. */
	errno = 0;
	ck_assert_ptr_null(nl_route_msg(buf, sizeof(buf), RTM_NEWROUTE, 0,
	    route_nth(0), no_ifindex, NULL));
	ck_assert_int_eq(errno, ENODEV);
	ck_assert_ptr_null(nl_route_msg(buf, sizeof(buf), RTM_NEWRULE, 0,
	    route_nth(1), fake_ifindex, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(nl_route_msg(buf, 40, RTM_NEWROUTE, 0,
	    route_nth(0), fake_ifindex, NULL));
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_ptr_null(nl_rule_msg(buf, 40, RTM_NEWRULE, 0, rule_nth(0)));
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_ptr_null(nl_rule_msg(buf, sizeof(buf), RTM_NEWROUTE, 0,
	    rule_nth(0)));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_rule_from_table)
{
	static const uint8_t want[] = {
		NLH(52, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL),
		/* family, dst_len, src_len, tos, table, res1, res2, action */
		AF_INET, 0, 32, 0, 100, 0, 0, FR_ACT_TO_TBL, U32(0),
		U16(8), U16(FRA_SRC), 192, 168, 10, 5,
		U16(8), U16(FRA_PRIORITY), U32(200),
		U16(5), U16(FRA_PROTOCOL), RTPROT_KEEPALIVED, 0, 0, 0,
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_rule_msg(buf, sizeof(buf), RTM_NEWRULE,
	    NLM_F_CREATE | NLM_F_EXCL, rule_nth(0)), want, sizeof(want));
}
END_TEST

START_TEST(test_rule_fwmark_iif)
{
	static const uint8_t want[] = {
		NLH(72, RTM_DELRULE, 0),
		AF_INET, 0, 0, 0, RT_TABLE_UNSPEC, 0, 0, FR_ACT_TO_TBL, U32(0),
		U16(8), U16(FRA_TABLE), U32(1000),
		U16(8), U16(FRA_PRIORITY), U32(300),
		U16(8), U16(FRA_FWMARK), U32(0x10),
		U16(8), U16(FRA_FWMASK), U32(0xff),
		U16(9), U16(FRA_IFNAME), 'e', 't', 'h', '0', 0, 0, 0, 0,
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_rule_msg(buf, sizeof(buf), RTM_DELRULE, 0, rule_nth(1)),
	    want, sizeof(want));
}
END_TEST

START_TEST(test_rule_goto_ports)
{
	static const uint8_t go[] = {
		NLH(52, RTM_NEWRULE, 0),
		AF_INET, 8, 0, 0, RT_TABLE_UNSPEC, 0, 0, FR_ACT_GOTO,
		U32(FIB_RULE_INVERT),
		U16(8), U16(FRA_DST), 10, 0, 0, 0,
		U16(8), U16(FRA_PRIORITY), U32(400),
		U16(8), U16(FRA_GOTO), U32(500),
	};
	static const uint8_t ports[] = {
		NLH(60, RTM_NEWRULE, 0),
		AF_INET, 0, 0, 0, RT_TABLE_UNSPEC, 0, 0, FR_ACT_PROHIBIT,
		U32(0),
		U16(8), U16(FRA_SRC), 0, 0, 0, 0,
		U16(8), U16(FRA_PRIORITY), U32(410),
		U16(5), U16(FRA_IP_PROTO), 6, 0, 0, 0,
		U16(8), U16(FRA_DPORT_RANGE), U16(80), U16(81),
	};
	uint8_t buf[NL_MSG_SIZE];

	bytes_eq(nl_rule_msg(buf, sizeof(buf), RTM_NEWRULE, 0, rule_nth(2)),
	    go, sizeof(go));
	bytes_eq(nl_rule_msg(buf, sizeof(buf), RTM_NEWRULE, 0, rule_nth(3)),
	    ports, sizeof(ports));
}
END_TEST

/* --- kernel -------------------------------------------------------------- */

#define SHOW(out, ...) do {						\
	const char *const argv_[] = { __VA_ARGS__, NULL };		\
	ck_assert_int_eq(unit_capture(argv_, out, sizeof(out)), 0);	\
} while (0)

static struct nl_sock ns;

/* A namespace with eth0 and eth1 (a veth pair), up, 10.0.0.1/24 and
 * 2001:db8::2/64 on eth0, 10.0.0.5/24 on eth1. */
static void
netns_setup(void)
{
	struct unit_diags d;

	cf = unit_parse(conf_text, &d, NULL);
	ck_assert_ptr_nonnull(cf);
	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s",
	    strerror(errno));
	UNIT_RUN("ip", "link", "add", "eth0", "type", "veth", "peer", "name",
	    "eth1");
	UNIT_RUN("ip", "link", "set", "eth0", "up");
	UNIT_RUN("ip", "link", "set", "eth1", "up");
	UNIT_RUN("ip", "addr", "add", "10.0.0.1/24", "dev", "eth0");
	UNIT_RUN("ip", "addr", "add", "10.0.0.5/24", "dev", "eth1");
	UNIT_RUN("ip", "-6", "addr", "add", "2001:db8::2/64", "dev", "eth0",
	    "nodad");
	ck_assert_int_eq(nl_open(&ns, 0), 0);
}

static void
netns_teardown(void)
{
	nl_close(&ns);
	parse_teardown();
}

static char got[8192], want[8192];

/* Route n added by us reads back as "ip route add <line>" does. */
static void
route_vs_ip(int n, const char *const family, const char *const *ip_add)
{
	const char *argv[32];
	size_t i;

	ck_assert_msg(nl_route_add(&ns, route_nth(n), NULL, NULL) == 0,
	    "route %d: %s", n, strerror(errno));
	SHOW(got, "ip", "-d", family, "route", "show", "table", "all");
	ck_assert_int_eq(nl_route_del(&ns, route_nth(n), NULL, NULL), 0);
	errno = 0;
	ck_assert_int_eq(nl_route_del(&ns, route_nth(n), NULL, NULL), -1);
	ck_assert_int_eq(errno, ESRCH);
	argv[0] = "ip";
	for (i = 0; ip_add[i] != NULL && i < 30; i++)
		argv[i + 1] = ip_add[i];
	argv[i + 1] = NULL;
	ck_assert_int_eq(unit_capture(argv, NULL, 0), 0);
	SHOW(want, "ip", "-d", family, "route", "show", "table", "all");
	ck_assert_str_eq(got, want);
	ck_assert_ptr_nonnull(strstr(got, "proto keepalived"));
}

START_TEST(test_kernel_routes)
{
	static const char *const r0[] = { "route", "add",
	    "192.168.10.0/24", "via", "10.0.0.2", "dev", "eth0", "table",
	    "100", "metric", "50", "proto", "keepalived", NULL };
	static const char *const r1[] = { "route", "add", "blackhole",
	    "10.9.0.0/16", "table", "1000", "proto", "keepalived", NULL };
	static const char *const r2[] = { "route", "add", "10.1.0.0/16",
	    "dev", "eth0", "mtu", "lock", "1400", "advmss", "1360", "rtt",
	    "10ms", "proto", "keepalived", "scope", "global", NULL };
	static const char *const r3[] = { "route", "add", "10.2.0.0/16",
	    "proto", "keepalived", "nexthop", "via", "10.0.0.2", "dev", "eth0",
	    "weight", "2", "nexthop", "via", "10.0.0.3", "dev", "eth1", NULL };
	static const char *const r4[] = { "-6", "route", "add",
	    "2001:db8:1::/64", "via", "2001:db8::1", "dev", "eth0", "proto",
	    "keepalived", NULL };
	static const char *const r5[] = { "route", "add", "10.3.0.0/16",
	    "via", "10.9.9.9", "src", "10.0.0.1", "dev", "eth0", "onlink",
	    "proto", "keepalived", NULL };
	static const char *const r6[] = { "route", "add", "10.4.0.0/16",
	    "dev", "eth0", "scope", "link", "proto", "keepalived", NULL };

	route_vs_ip(0, "-4", r0);
	UNIT_RUN("ip", "route", "flush", "table", "100");
	route_vs_ip(1, "-4", r1);
	UNIT_RUN("ip", "route", "flush", "table", "1000");
	route_vs_ip(2, "-4", r2);
	UNIT_RUN("ip", "route", "del", "10.1.0.0/16");
	route_vs_ip(3, "-4", r3);
	UNIT_RUN("ip", "route", "del", "10.2.0.0/16");
	route_vs_ip(4, "-6", r4);
	UNIT_RUN("ip", "-6", "route", "del", "2001:db8:1::/64");
	route_vs_ip(5, "-4", r5);
	UNIT_RUN("ip", "route", "del", "10.3.0.0/16");
	route_vs_ip(6, "-4", r6);
}
END_TEST

/* Rule n added by us reads back as "ip rule add <line>" does. */
static void
rule_vs_ip(int n, const char *const *ip_add)
{
	const char *argv[32];
	size_t i;

	ck_assert_int_eq(nl_rule_add(&ns, rule_nth(n)), 0);
	errno = 0;
	ck_assert_int_eq(nl_rule_add(&ns, rule_nth(n)), -1);
	ck_assert_int_eq(errno, EEXIST);
	SHOW(got, "ip", "-d", "rule", "show");
	ck_assert_int_eq(nl_rule_del(&ns, rule_nth(n)), 0);
	argv[0] = "ip";
	for (i = 0; ip_add[i] != NULL && i < 30; i++)
		argv[i + 1] = ip_add[i];
	argv[i + 1] = NULL;
	ck_assert_int_eq(unit_capture(argv, NULL, 0), 0);
	SHOW(want, "ip", "-d", "rule", "show");
	ck_assert_str_eq(got, want);
	/* Ours deletes the one iproute2 made: they are the same rule. */
	ck_assert_int_eq(nl_rule_del(&ns, rule_nth(n)), 0);
	errno = 0;
	ck_assert_int_eq(nl_rule_del(&ns, rule_nth(n)), -1);
	ck_assert_int_eq(errno, ENOENT);
}

START_TEST(test_kernel_rules)
{
	static const char *const u0[] = { "rule", "add", "from",
	    "192.168.10.5", "table", "100", "priority", "200", "protocol",
	    "keepalived", NULL };
	static const char *const u1[] = { "rule", "add", "fwmark", "0x10/0xff",
	    "iif", "eth0", "lookup", "1000", "preference", "300", NULL };
	static const char *const u2[] = { "rule", "add", "not", "to",
	    "10.0.0.0/8", "goto", "500", "pref", "400", NULL };
	static const char *const u3[] = { "rule", "add", "from", "all",
	    "ipproto", "tcp", "dport", "80-81", "prohibit", "pref", "410",
	    NULL };

	rule_vs_ip(0, u0);
	rule_vs_ip(1, u1);
	rule_vs_ip(2, u2);
	rule_vs_ip(3, u3);
}
END_TEST

static Suite *
nl_route_suite(bool kernel)
{
	Suite *s = suite_create("nl_route");
	TCase *pure = tcase_create("pure");
	TCase *k = tcase_create("kernel");

	tcase_add_checked_fixture(pure, parse_setup, parse_teardown);
	tcase_add_test(pure, test_route_gateway);
	tcase_add_test(pure, test_route_blackhole_table);
	tcase_add_test(pure, test_route_metrics);
	tcase_add_test(pure, test_route_multipath);
	tcase_add_test(pure, test_route_v6_prefsrc_scope);
	tcase_add_test(pure, test_route_errors);
	tcase_add_test(pure, test_rule_from_table);
	tcase_add_test(pure, test_rule_fwmark_iif);
	tcase_add_test(pure, test_rule_goto_ports);
	suite_add_tcase(s, pure);
	if (kernel) {
		tcase_add_checked_fixture(k, netns_setup, netns_teardown);
		tcase_set_timeout(k, 60);
		tcase_add_test(k, test_kernel_routes);
		tcase_add_test(k, test_kernel_rules);
		suite_add_tcase(s, k);
	} else
		fprintf(stderr, "test_nl_route: not root, kernel tests "
		    "skipped\n");
	return s;
}

int
main(void)
{
	Suite *s = nl_route_suite(geteuid() == 0);

	return unit_run(&s, 1);
}
