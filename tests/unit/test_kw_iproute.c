/*
 * test_kw_iproute: address, route and rule lines (static_ipaddress,
 * static_routes, static_rules and the instance blocks), checked against
 * what keepalived 2.2.7 reports and stores for the same text.
 */
#include <arpa/inet.h>

#include <net/if.h>

#include "unit.h"
#include "conf_iproute.h"

/* Parse with interface checks on, as `keepalived -t` does. */
static struct conf *
parse_if(const char *text, struct unit_diags *u)
{
	struct cfg_opts opts = { 0 };
	struct cfg_result r;

	memset(u, 0, sizeof(*u));
	opts.config_test = true;
	opts.config_id = "testhost";
	opts.check_ifaces = true;
	opts.sink = unit_sink;
	opts.sink_ctx = u;
	return conf_load_string(text, "test.conf", &opts, &r);
}

static int
count_addrs(const struct ipaddr_list *l)
{
	const struct ipaddr_conf *a;
	int n = 0;

	STAILQ_FOREACH(a, l, next)
		n++;
	return n;
}

static const char *
a4(const struct addr *a, char *buf)
{
	return inet_ntop(a->family, &a->u, buf, INET6_ADDRSTRLEN);
}

START_TEST(test_addr_options)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_ipaddress {\n"
	    " 10.0.0.1/24 dev lo brd + scope link label lo:1\n"
	    " 10.0.0.2 dev lo peer 10.0.0.3 home -nodad mngtmpaddr\n"
	    " fe80::1 dev lo noprefixroute autojoin no_track\n"
	    " fe80::2/64 dev lo preferred_lft forever\n"
	    " 10.0.0.4/24 dev lo brd - \n"
	    "}\n", &u);
	const struct ipaddr_conf *a;
	char b[INET6_ADDRSTRLEN];

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(u.n, 0);
	a = STAILQ_FIRST(&c->vrrp.static_addresses);
	ck_assert_str_eq(a4(&a->addr, b), "10.0.0.1");
	ck_assert_int_eq(a->addr.prefix, 24);
	ck_assert_str_eq(a->dev, "lo");
	ck_assert_int_eq(a->scope, 253);
	ck_assert_str_eq(a->label, "lo:1");
	ck_assert_int_eq(a->brd_mode, IPADDR_BRD_PLUS);
	ck_assert_str_eq(a4(&a->brd, b), "10.0.0.255");
	ck_assert_uint_eq(a->loc.line, 2);
	a = STAILQ_NEXT(a, next);
	ck_assert_str_eq(a4(&a->peer, b), "10.0.0.3");
	ck_assert_int_eq(a->addr.prefix, 32);
	ck_assert_uint_eq(a->flags, IPADDR_F_HOME | IPADDR_F_NODAD |
	    IPADDR_F_MNGTMPADDR);
	a = STAILQ_NEXT(a, next);
	ck_assert_int_eq(a->addr.family, AF_INET6);
	ck_assert_int_eq(a->addr.prefix, 128);
	ck_assert_uint_eq(a->flags, IPADDR_F_NOPREFIXROUTE |
	    IPADDR_F_AUTOJOIN);
	ck_assert(a->no_track);
	/* keepalived deprecates a /128 unless told otherwise */
	ck_assert(a->has_preferred_lft);
	ck_assert_uint_eq(a->preferred_lft, 0);
	a = STAILQ_NEXT(a, next);
	ck_assert_uint_eq(a->preferred_lft, UINT32_MAX);
	a = STAILQ_NEXT(a, next);
	ck_assert_str_eq(a4(&a->brd, b), "10.0.0.0");
	conf_free(c);
}
END_TEST

START_TEST(test_static_default_interface)
{
	/* A static address without dev lives on default_interface. */
	struct unit_diags u;
	struct conf *c = parse_if("global_defs {\n"
	    " default_interface vigil-none0\n"
	    "}\n"
	    "static_ipaddress {\n"
	    "  10.0.0.2/24\n"
	    "}\n", &u);

	ck_assert_diag(&u, 5, "Static address 10.0.0.2/24 requires either an "
	    "interface or default interface must exist");
	conf_free(c);
}
END_TEST

START_TEST(test_addr_messages)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_ipaddress {\n"
	    "  10.0.0.1/24 dev lo\n"
	    "  10.0.0.2/24\n"
	    "  10.0.0.3/24 dev lo scope bogus\n"
	    "  10.0.0.4/24 dev lo label aVeryLongLabelName12345\n"
	    "  10.0.0.5 dev lo brd +\n"
	    "  fe80::1/64 dev lo scope link label foo\n"
	    "  10.0.0.6/33 dev lo\n"
	    "  10.0.0.7/24 dev lo frob\n"
	    "  10.0.0.8/24 dev lo peer 10.0.0.9/24\n"
	    "  10.0.0.10 dev\n"
	    "  fe80::2 dev lo brd 1.2.3.4\n"
	    "  10.0.0.11/24 dev lo brd 1.2.3.x\n"
	    "  10.0.0.12/24 dev lo preferred_lft xx\n"
	    "  10.0.0.13/24 dev lo use_vmac\n"
	    "  10.0.0.14 dev lo dev lo\n"
	    "  10.0.0.15/x dev lo\n"
	    "  10.0.0.16 dev eth1\n"
	    "  192.168.100./24 dev lo\n"
	    "}\n", &u);

	ck_assert_ptr_nonnull(c);
	if (if_nametoindex("eth0") == 0)
		ck_assert_diag(&u, 3, "Static address 10.0.0.2/24 requires "
		    "either an interface or default interface must exist");
	ck_assert_diag(&u, 4, "Invalid scope 'bogus' specified for "
	    "10.0.0.3/24 - ignoring");
	ck_assert_diag(&u, 5, "Address label aVeryLongLabelName12345 is "
	    "longer than maximum length 15 - removing address");
	ck_assert_diag(&u, 6, "Address prefix length 32 too long for "
	    "broadcast");
	ck_assert_diag(&u, 7, "Cannot specify scope for IPv6 addresses "
	    "(fe80::1/64) - ignoring scope");
	ck_assert_diag(&u, 7, "Cannot specify label for IPv6 addresses "
	    "(fe80::1/64) - ignoring label");
	ck_assert_diag(&u, 8, "number '33' outside range [0, 32]");
	ck_assert_diag(&u, 8, "Invalid address prefix len 33 for address "
	    "10.0.0.6/33 - using 32");
	ck_assert_diag(&u, 9, "Unknown configuration entry 'frob' for ip "
	    "address - ignoring");
	ck_assert_diag(&u, 10, "VRRP parsed invalid IP 10.0.0.9/24. skipping "
	    "IP...");
	ck_assert_diag(&u, 10, "Invalid peer address 10.0.0.9/24");
	ck_assert_diag(&u, 11, "No dev parameter specified for 10.0.0.10");
	ck_assert_diag(&u, 12, "VRRP is trying to assign a broadcast brd to "
	    "the IPv6 address fe80::2 !!?? WTF... skipping VIP...");
	ck_assert_diag(&u, 13, "VRRP is trying to assign invalid broadcast "
	    "1.2.3.x. skipping VIP...");
	ck_assert_diag(&u, 14, "invalid number 'xx'");
	ck_assert_diag(&u, 14, "preferred_lft xx is invalid");
	ck_assert_diag(&u, 15, "Unknown configuration entry 'use_vmac' for "
	    "ip address - ignoring");
	ck_assert_diag(&u, 16, "Cannot specify ipaddress device more than "
	    "once for 10.0.0.14");
	ck_assert_diag(&u, 17, "Invalid address prefix len x for address "
	    "10.0.0.15/x - using 32");
	ck_assert_diag(&u, 18, "WARNING - interface eth1 for ip address "
	    "10.0.0.16 doesn't exist");
	ck_assert_diag(&u, 19, "VRRP parsed invalid IP 192.168.100./24. "
	    "skipping IP...");
	/* kept: 1, 3, 5, 6, 7, 8, 9, 12, 13, 15, and 2 where eth0 exists */
	ck_assert_int_eq(count_addrs(&c->vrrp.static_addresses),
	    if_nametoindex("eth0") == 0 ? 10 : 11);
	ck_assert(iproute_missing_iface(c));
	conf_free(c);
}
END_TEST

START_TEST(test_route_options)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_routes {\n"
	    " src 10.0.0.1 192.168.1.0/24 via 10.0.0.254 dev lo table 100 "
	    "metric 5 scope link tos 0x10 mtu lock 1400 advmss 1300 "
	    "rtt 10ms initcwnd 10 quickack 1 congctl lock cubic onlink\n"
	    " blackhole 192.168.2.0/24 no_track\n"
	    " to default via inet6 fe80::1 dev lo pref high expires 10\n"
	    " 192.168.3.0/24 dev lo nexthop via 10.0.0.1 dev lo weight 2 "
	    "nexthop via 10.0.0.2 onlink\n"
	    " 192.168.4.0/24 via 10.0.0.1 or 10.0.0.2 dev lo protocol static "
	    "no_track\n"
	    "}\n", &u);
	const struct route_conf *r;
	const struct nexthop_conf *nh;
	char b[INET6_ADDRSTRLEN];

	ck_assert_ptr_nonnull(c);
	r = STAILQ_FIRST(&c->vrrp.static_routes);
	ck_assert_str_eq(a4(&r->dst, b), "192.168.1.0");
	ck_assert_int_eq(r->dst.prefix, 24);
	ck_assert_str_eq(a4(&r->src, b), "10.0.0.1");
	ck_assert_str_eq(a4(&r->via, b), "10.0.0.254");
	ck_assert_str_eq(r->dev, "lo");
	ck_assert_uint_eq(r->table, 100);
	ck_assert_uint_eq(r->metric, 5);
	ck_assert_int_eq(r->scope, 253);
	ck_assert_int_eq(r->tos, 0x10);
	ck_assert_uint_eq(r->metrics[ROUTE_MTU], 1400);
	ck_assert(r->metrics_lock & (1U << ROUTE_MTU));
	ck_assert_uint_eq(r->metrics[ROUTE_ADVMSS], 1300);
	ck_assert_uint_eq(r->metrics[ROUTE_RTT], 10);
	ck_assert_uint_eq(r->metrics[ROUTE_INITCWND], 10);
	ck_assert_uint_eq(r->metrics[ROUTE_QUICKACK], 1);
	ck_assert_str_eq(r->congctl, "cubic");
	ck_assert(r->congctl_lock);
	ck_assert(r->onlink);
	ck_assert_int_eq(r->protocol, 18);
	ck_assert(!r->no_track);
	r = STAILQ_NEXT(r, next);
	ck_assert_int_eq(r->type, ROUTE_TYPE_BLACKHOLE);
	ck_assert(r->no_track);
	ck_assert_int_eq(r->protocol, 0);
	r = STAILQ_NEXT(r, next);
	ck_assert_int_eq(r->dst.family, AF_INET6);
	ck_assert_int_eq(r->dst.prefix, 0);
	ck_assert_int_eq(r->pref, 1);
	ck_assert_uint_eq(r->expires, 10);
	r = STAILQ_NEXT(r, next);
	nh = STAILQ_FIRST(&r->nexthops);
	ck_assert_str_eq(a4(&nh->via, b), "10.0.0.1");
	ck_assert_str_eq(nh->dev, "lo");
	ck_assert_uint_eq(nh->weight, 2);
	nh = STAILQ_NEXT(nh, next);
	ck_assert(nh->onlink);
	ck_assert_ptr_null(STAILQ_NEXT(nh, next));
	r = STAILQ_NEXT(r, next);
	nh = STAILQ_FIRST(&r->nexthops);
	ck_assert_str_eq(a4(&nh->via, b), "10.0.0.1");
	ck_assert_str_eq(a4(&STAILQ_NEXT(nh, next)->via, b), "10.0.0.2");
	ck_assert_int_eq(r->via.family, AF_UNSPEC);
	ck_assert_int_eq(r->protocol, 4);
	ck_assert_diag(&u, 6, "\"or\" for routes is deprecated. Please use "
	    "\"nexthop\"");
	ck_assert_ptr_null(STAILQ_NEXT(r, next));
	conf_free(c);
}
END_TEST

START_TEST(test_route_messages)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_routes {\n"
	    "  192.168.1.0/24 via 10.0.0.1\n"
	    "  192.168.2.0/24 via 10.0.0.1 dev lo\n"
	    "  192.168.3.0/24 via 10.0.0.1 dev lo table bogus\n"
	    "  192.168.4.0/24 dev lo frob\n"
	    "  dev lo\n"
	    "  192.168.5.0/24 dev lo nexthop via 10.0.0.1 dev lo weight 0\n"
	    "  192.168.6.0/24 dev lo metric x\n"
	    "  192.168.7.0/24 dev lo protocol 5\n"
	    "  192.168.8.0/24 dev lo no_track\n"
	    "  192.168.9.0/24 dev lo scope bogus\n"
	    "  192.168.212.0/24 dev eth3 scope site\n"
	    "  0.0.0.0/0 gw 192.168.0.1 table 100\n"
	    "  to 192.168.1.0/24 via 10.0.0.1/24 dev lo\n"
	    "  192.168.3.0/24 via 10.0.0.1 or 10.0.0.2 or 10.0.0.3 dev lo\n"
	    "  192.168.4.0/24 dev lo nexthop via 10.0.0.1 dev eth5\n"
	    "  192.168.5.0/24 dev lo nexthop via 10.0.0.1 weight 3 junk\n"
	    "  192.168.8.0/24 dev lo src 10.0.0.1 from fe80::/64\n"
	    "  fe80::/64 dev lo via 10.0.0.1\n"
	    "}\n", &u);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 2, "Warning - cannot track route 192.168.1.0/24 "
	    "with no interface specified, not tracking");
	ck_assert_diag(&u, 4, "Routing table bogus not found for route");
	ck_assert_diag(&u, 5, "VRRP parsed invalid IP frob. skipping IP...");
	ck_assert_diag(&u, 5, "unknown route keyword frob");
	ck_assert_diag(&u, 6, "Route must have a destination");
	ck_assert_diag(&u, 7, "Invalid weight 0 specified for route");
	ck_assert_diag(&u, 8, "invalid number 'x'");
	ck_assert_diag(&u, 8, "Invalid metric x specified for route");
	ck_assert_diag(&u, 9, "Route cannot be tracked if protocol is not "
	    "RTPROT_KEEPALIVED(18), resetting protocol");
	ck_assert_diag(&u, 11, "Scope bogus not found or invalid for route");
	ck_assert_diag(&u, 12, "WARNING - interface eth3 for VROUTE nexthop "
	    "doesn't exist");
	ck_assert_diag(&u, 13, "\"gw\" for routes is deprecated. Please use "
	    "\"via\"");
	ck_assert_diag(&u, 13, "Warning - cannot track route 0.0.0.0/0 with "
	    "no interface specified, not tracking");
	ck_assert_diag(&u, 14, "VRRP parsed invalid IP 10.0.0.1/24. skipping "
	    "IP...");
	ck_assert_diag(&u, 14, "invalid route via address 10.0.0.1/24");
	ck_assert_diag(&u, 15, "\"or\" route already specified - ignoring "
	    "subsequent");
	ck_assert_diag(&u, 16, "WARNING - interface eth5 for VROUTE nexthop "
	    "doesn't exist");
	ck_assert_diag(&u, 17, "Route has trailing nonsense after nexthops - "
	    "junk");
	ck_assert_diag(&u, 18, "Cannot mix IPv4 and IPv6 addresses for route");
	ck_assert_diag(&u, 19, "Cannot mix IPv4 and IPv6 addresses for route");
	conf_free(c);
}
END_TEST

START_TEST(test_rule_options)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_rules {\n"
	    " from 1.1.1.0/24 to 2.2.2.0/24 table 5 preference 100 "
	    "fwmark 0x10/0xff tos 0x10 iif lo oif lo uidrange 10-20 "
	    "sport 80 dport 1000-2000 ipproto tcp suppress_prefixlength 8\n"
	    " not from all prohibit priority 7 no_track\n"
	    " from fe80::/64 goto 300 preference 200\n"
	    " to 2.2.2.0/24 l3mdev preference 9\n"
	    "}\n", &u);
	const struct rule_conf *r;
	char b[INET6_ADDRSTRLEN];

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(u.n, 0);
	r = STAILQ_FIRST(&c->vrrp.static_rules);
	ck_assert_str_eq(a4(&r->from, b), "1.1.1.0");
	ck_assert_int_eq(r->from.prefix, 24);
	ck_assert_str_eq(a4(&r->to, b), "2.2.2.0");
	ck_assert_int_eq(r->action, RULE_ACT_TABLE);
	ck_assert_uint_eq(r->table, 5);
	ck_assert_uint_eq(r->priority, 100);
	ck_assert_uint_eq(r->fwmark, 0x10);
	ck_assert_uint_eq(r->fwmask, 0xff);
	ck_assert_int_eq(r->tos, 0x10);
	ck_assert_str_eq(r->iif, "lo");
	ck_assert_str_eq(r->oif, "lo");
	ck_assert_uint_eq(r->uidrange.end, 20);
	ck_assert_uint_eq(r->sport.start, 80);
	ck_assert_uint_eq(r->sport.end, 80);
	ck_assert_uint_eq(r->dport.end, 2000);
	ck_assert_int_eq(r->ipproto, 6);
	ck_assert_uint_eq(r->suppress_prefixlen, 8);
	ck_assert_int_eq(r->protocol, 18);
	r = STAILQ_NEXT(r, next);
	ck_assert(r->invert);
	ck_assert_int_eq(r->action, RULE_ACT_PROHIBIT);
	ck_assert(r->no_track);
	r = STAILQ_NEXT(r, next);
	ck_assert_int_eq(r->family, AF_INET6);
	ck_assert_int_eq(r->action, RULE_ACT_GOTO);
	ck_assert_uint_eq(r->goto_target, 300);
	r = STAILQ_NEXT(r, next);
	ck_assert(r->l3mdev);
	conf_free(c);
}
END_TEST

START_TEST(test_rule_messages)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_rules {\n"
	    "  from 1.1.1.0/24 table 5\n"
	    "  from 1.1.1.0/24\n"
	    "  from fe80::/64 table 5\n"
	    "  from 1.1.1.0/24 table 5 frob\n"
	    "  from 1.1.1.0/24 goto 5\n"
	    "  from 1.1.1.0/24 table 5 preference 100\n"
	    "  from fe80::/64 table 6\n"
	    "  from 1.1.1.0/24 table 5 blackhole\n"
	    "  from 1.1.1.0/24 prohibit\n"
	    "  from 1.1.1.0/24 table 5 iif eth9\n"
	    "  to 192.168.100./24 table 1\n"
	    "  from 1.1.1.0/24 table 0 priority 5\n"
	    "  to 2.2.2.0/24 fwmark -1 table main priority 7\n"
	    "  from all table local priority 8 protocol 3\n"
	    "}\n", &u);
	const struct rule_conf *r;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 2, "Rule has no preference specified - setting to "
	    "16384. This is probably not what you want.");
	ck_assert_diag(&u, 3, "No action specified for rule - ignoring");
	ck_assert_diag(&u, 4, "setting to 16384.");
	ck_assert_diag(&u, 5, "Unknown rule option frob");
	ck_assert_diag(&u, 6, "Invalid rule - goto target 5 specified without "
	    "preference");
	ck_assert_diag(&u, 8, "setting to 16383.");
	ck_assert_diag(&u, 9, "Cannot specify more than one of table/nop/goto/"
	    "blackhole/prohibit/unreachable/l3mdev for rule");
	ck_assert_diag(&u, 10, "setting to 16383.");
	ck_assert_diag(&u, 11, "WARNING - interface eth9 for rule doesn't "
	    "exist");
	ck_assert_diag(&u, 12, "VRRP parsed invalid IP 192.168.100./24. "
	    "skipping IP...");
	ck_assert_diag(&u, 12, "Invalid rule to address 192.168.100./24");
	ck_assert_diag(&u, 13, "Table 0 is not valid");
	ck_assert_diag(&u, 14, "Invalid rule fwmark -1 specified");
	ck_assert_diag(&u, 15, "Rule cannot be tracked if protocol is not "
	    "RTPROT_KEEPALIVED(18), resetting protocol");
	r = STAILQ_FIRST(&c->vrrp.static_rules);
	ck_assert_uint_eq(r->priority, 16384);
	ck_assert(!r->has_priority);
	conf_free(c);
}
END_TEST

START_TEST(test_dump_stable)
{
	struct unit_diags u;
	struct conf *c = parse_if(
	    "static_ipaddress {\n 10.0.0.1/24 dev lo\n}\n"
	    "static_routes {\n 10.1.0.0/16 via 10.0.0.2 dev lo\n}\n"
	    "static_rules {\n from 10.1.0.0/16 table 5 preference 9\n}\n",
	    &u);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ipaddr_list_dump(f, 0, "static_ipaddress", &c->vrrp.static_addresses);
	route_list_dump(f, 0, "static_routes", &c->vrrp.static_routes);
	rule_list_dump(f, 0, "static_rules", &c->vrrp.static_rules);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "10.0.0.1/24 dev lo scope 0"));
	ck_assert_ptr_nonnull(strstr(buf, "10.1.0.0/16 via 10.0.0.2 dev lo"));
	ck_assert_ptr_nonnull(strstr(buf, "inet pref 9 from 10.1.0.0/16"));
	free(buf);
	conf_free(c);
}
END_TEST

static Suite *
iproute_suite(void)
{
	Suite *s = suite_create("kw_iproute");
	TCase *tc = tcase_create("lines");

	tcase_add_test(tc, test_addr_options);
	tcase_add_test(tc, test_addr_messages);
	tcase_add_test(tc, test_static_default_interface);
	tcase_add_test(tc, test_route_options);
	tcase_add_test(tc, test_route_messages);
	tcase_add_test(tc, test_rule_options);
	tcase_add_test(tc, test_rule_messages);
	tcase_add_test(tc, test_dump_stable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { iproute_suite() };

	return unit_run(s, 1);
}
