/*
 * test_kw_check: virtual servers, real servers, checkers and the SSL
 * block: every keyword lands in the model, keepalived 2.2.7's defaults
 * and inheritance, and its diagnostics on the same lines.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "unit.h"

#define S(x)	((uint64_t)(x) * 1000000ULL)

static struct check_vs *
vs_at(struct conf *c, int i)
{
	struct check_vs *vs = STAILQ_FIRST(&c->check.vss);

	while (vs != NULL && i-- > 0)
		vs = STAILQ_NEXT(vs, next);
	ck_assert_ptr_nonnull(vs);
	return vs;
}

static struct check_rs *
rs_at(struct check_vs *vs, int i)
{
	struct check_rs *rs = STAILQ_FIRST(&vs->rs);

	while (rs != NULL && i-- > 0)
		rs = STAILQ_NEXT(rs, next);
	ck_assert_ptr_nonnull(rs);
	return rs;
}

static struct check_conf *
ck_at(struct check_rs *rs, int i)
{
	struct check_conf *ck = STAILQ_FIRST(&rs->checkers);

	while (ck != NULL && i-- > 0)
		ck = STAILQ_NEXT(ck, next);
	ck_assert_ptr_nonnull(ck);
	return ck;
}

static unsigned
ip4(const struct addr *a)
{
	ck_assert_int_eq(a->family, AF_INET);
	return ntohl(a->u.v4.s_addr);
}

START_TEST(test_tables_sorted)
{
	size_t i;

	ck_assert_int_eq(cfg_block_check(cfg_root_block()), 0);
	for (i = 0; i < check_server_blocks_n; i++)
		ck_assert_msg(cfg_block_check(check_server_blocks[i]) == 0,
		    "%s not sorted", check_server_blocks[i]->name);
	for (i = 0; i < check_checker_blocks_n; i++)
		ck_assert_msg(cfg_block_check(check_checker_blocks[i]) == 0,
		    "%s not sorted", check_checker_blocks[i]->name);
}
END_TEST

/* The shape of both seed configurations. */
static const char seed[] =
    "virtual_server 192.168.222.130 3306 {\n"	/* 1 */
    "    delay_loop 6\n"
    "    lb_algo rr\n"
    "    lb_kind NAT\n"
    "    persistence_timeout 50\n"			/* 5 */
    "    protocol TCP\n"
    "    real_server 192.168.222.128 3306 {\n"
    "        weight 3\n"
    "        notify_down /etc/keepalived/shutdown.sh\n"
    "        TCP_CHECK {\n"			/* 10 */
    "            connect_ip 192.168.222.128\n"
    "            connect_port 3306\n"
    "            connect_timeout 3\n"
    "            nb_get_retry 3\n"
    "            delay_before_retry 3\n"		/* 15 */
    "        }\n"
    "    }\n"
    "}\n";

START_TEST(test_seed_nb_get_retry_tcp)
{
	struct unit_diags u;
	struct conf *c = unit_parse(seed, &u, NULL);
	struct check_vs *vs;
	struct check_rs *rs;
	struct check_conf *ck;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 14, "nb_get_retry is deprecated - please use "
	    "'retry'");
	ck_assert_int_eq(u.sev[unit_find(&u, 14, "nb_get_retry")],
	    CFG_GENERAL_ERROR);
	ck_assert_no_diag(&u, "Unknown keyword");
	vs = vs_at(c, 0);
	ck_assert_int_eq(vs->protocol, IPPROTO_TCP);
	ck_assert_str_eq(vs->sched, "rr");
	ck_assert_int_eq(vs->fwd.method, CHECK_FWD_NAT);
	ck_assert_uint_eq(vs->persistence_timeout, 50);
	ck_assert_uint_eq(vs->delay_loop, S(6));
	rs = rs_at(vs, 0);
	ck_assert_int_eq(rs->weight, 3);
	ck_assert_ptr_nonnull(rs->notify_down);
	ck_assert_str_eq(rs->notify_down->argv[0],
	    "/etc/keepalived/shutdown.sh");
	ck = ck_at(rs, 0);
	ck_assert_int_eq(ck->type, CHECK_TCP);
	ck_assert_uint_eq(ck->retry, 3);
	ck_assert_uint_eq(ck->conn.connect_timeout, S(3));
	ck_assert_uint_eq(ck->delay_before_retry, S(3));
	ck_assert_uint_eq(ck->delay_loop, S(6));
	ck_assert_uint_eq(ck->warmup, S(6));
	ck_assert_uint_eq(ip4(&ck->conn.dst), 0xc0a8de80);
	ck_assert_uint_eq(ck->conn.dst_port, 3306);
	conf_free(c);
}
END_TEST

START_TEST(test_nb_get_retry_every_checker)
{
	static const char *const types[] = { "TCP_CHECK", "MISC_CHECK",
	    "SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK",
	    "HTTP_GET", "SSL_GET" };
	char buf[512];
	struct unit_diags u;
	struct conf *c;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		snprintf(buf, sizeof(buf),
		    "virtual_server 10.0.0.1 80 {\n"
		    " protocol TCP\n"
		    " real_server 10.0.0.2 80 {\n"
		    "  %s {\n"
		    "   nb_get_retry 7\n"
		    "   misc_path /bin/true\n"
		    "   url {\n path /\n }\n"
		    "  }\n"
		    " }\n"
		    "}\n", types[i]);
		c = unit_parse(buf, &u, NULL);
		ck_assert_ptr_nonnull(c);
		ck_assert_diag(&u, 5, "nb_get_retry is deprecated - please "
		    "use 'retry'");
		ck_assert_uint_eq(ck_at(rs_at(vs_at(c, 0), 0), 0)->retry, 7);
		conf_free(c);
	}
}
END_TEST

START_TEST(test_vs_defaults)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    " real_server 10.0.0.2 80 {\n"
	    "  TCP_CHECK {\n"
	    "  }\n"
	    " }\n"
	    "}\n", &u, NULL);
	struct check_vs *vs;
	struct check_rs *rs;
	struct check_conf *ck;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 0, "Virtual server [10.0.0.1]:none:80: no "
	    "protocol set - defaulting to UDP");
	ck_assert_diag(&u, 0, "Virtual server [10.0.0.1]:udp:80: no "
	    "scheduler set, setting default 'wlc'");
	ck_assert_diag(&u, 0, "Virtual server [10.0.0.1]:udp:80: no "
	    "forwarding method set, setting default NAT");
	vs = vs_at(c, 0);
	ck_assert_int_eq(vs->protocol, IPPROTO_UDP);
	ck_assert_str_eq(vs->sched, "wlc");
	ck_assert_int_eq(vs->fwd.method, CHECK_FWD_NAT);
	ck_assert_uint_eq(vs->delay_loop, S(60));
	ck_assert_uint_eq(vs->connect_timeout, S(5));
	ck_assert_uint_eq(vs->quorum, 1);
	ck_assert_uint_eq(vs->hysteresis, 0);
	ck_assert_uint_eq(vs->weight, 1);
	rs = rs_at(vs, 0);
	ck_assert_int_eq(rs->fwd.method, CHECK_FWD_NAT);
	ck_assert_int_eq(rs->weight, 1);
	ck_assert_int_eq(rs->alpha, 0);
	ck_assert_int_eq(rs->inhibit, 0);
	ck_assert_uint_eq(rs->delay_loop, S(60));
	ck_assert_uint_eq(rs->connect_timeout, S(5));
	if (c->global.smtp_alert_checker == -1 && c->global.smtp_alert == -1) {
		ck_assert_int_eq(vs->smtp_alert, 0);
		ck_assert_int_eq(rs->smtp_alert, 1);
	}
	ck = ck_at(rs, 0);
	ck_assert_uint_eq(ck->retry, 1);
	ck_assert_uint_eq(ck->delay_before_retry, S(1));
	ck_assert_uint_eq(ck->delay_loop, S(60));
	ck_assert_uint_eq(ck->warmup, S(60));
	ck_assert_uint_eq(ck->conn.connect_timeout, S(5));
	ck_assert_uint_eq(ip4(&ck->conn.dst), 0x0a000002);
	ck_assert_uint_eq(ck->conn.dst_port, 80);
	ck_assert_int_eq(ck->alpha, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_inheritance)
{
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n"
	    " lb_algo rr\n"
	    " lb_kind DR\n"
	    " delay_loop 10\n"
	    " retry 4\n"
	    " delay_before_retry 2\n"
	    " warmup 7\n"
	    " connect_timeout 8\n"
	    " weight 5\n"
	    " alpha\n"
	    " inhibit_on_failure\n"
	    " real_server 10.0.0.2 80 {\n"
	    "  MISC_CHECK {\n   misc_path /bin/true\n  }\n"
	    "  DNS_CHECK {\n  }\n"
	    "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
	    " }\n"
	    " real_server 10.0.0.3 80 {\n"
	    "  weight 0\n"
	    "  delay_loop 3\n"
	    "  alpha off\n"
	    "  inhibit_on_failure no\n"
	    "  TCP_CHECK {\n   retry 9\n   connect_timeout 1\n  }\n"
	    " }\n"
	    "}\n", NULL, NULL);
	struct check_vs *vs;
	struct check_rs *rs;
	struct check_conf *ck;

	ck_assert_ptr_nonnull(c);
	vs = vs_at(c, 0);
	rs = rs_at(vs, 0);
	ck_assert_int_eq(rs->weight, 5);
	ck_assert_int_eq(rs->alpha, 1);
	ck_assert_int_eq(rs->inhibit, 1);
	ck_assert_int_eq(rs->fwd.method, CHECK_FWD_DR);
	ck_assert_uint_eq(rs->retry, 4);
	ck = ck_at(rs, 0);		/* MISC_CHECK */
	ck_assert_uint_eq(ck->retry, 4);
	ck_assert_uint_eq(ck->delay_before_retry, S(2));
	ck_assert_uint_eq(ck->warmup, S(7));
	ck_assert_uint_eq(ck->delay_loop, S(10));
	ck_assert_int_eq(ck->alpha, 1);
	ck_assert(!ck->has_conn);
	ck = ck_at(rs, 1);		/* DNS_CHECK */
	ck_assert_uint_eq(ck->conn.connect_timeout, S(8));
	ck_assert_str_eq(ck->u.dns.type, "SOA");
	ck_assert_str_eq(ck->u.dns.name, ".");
	rs = rs_at(vs, 1);
	ck_assert_int_eq(rs->weight, 0);
	ck_assert_int_eq(rs->alpha, 0);
	ck_assert_int_eq(rs->inhibit, 0);
	ck = ck_at(rs, 0);
	ck_assert_uint_eq(ck->retry, 9);
	ck_assert_uint_eq(ck->delay_loop, S(3));
	ck_assert_uint_eq(ck->warmup, S(7));
	ck_assert_uint_eq(ck->conn.connect_timeout, S(1));
	conf_free(c);
}
END_TEST

START_TEST(test_checker_defaults)
{
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n"
	    " delay_loop 20\n"
	    " real_server 10.0.0.2 80 {\n"
	    "  MISC_CHECK {\n   misc_path \"/bin/x a\"\n  }\n"
	    "  DNS_CHECK {\n   type a\n   name example.com\n  }\n"
	    "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
	    "  SSL_GET {\n   url {\n    path /s\n   }\n  }\n"
	    "  SMTP_CHECK {\n  }\n"
	    "  UDP_CHECK {\n  }\n"
	    "  PING_CHECK {\n  }\n"
	    " }\n"
	    "}\n", NULL, NULL);
	struct check_rs *rs;
	struct check_conf *ck;
	struct check_url *url;

	ck_assert_ptr_nonnull(c);
	rs = rs_at(vs_at(c, 0), 0);
	ck = ck_at(rs, 0);
	ck_assert_int_eq(ck->type, CHECK_MISC);
	ck_assert_uint_eq(ck->retry, 0);
	ck_assert_uint_eq(ck->delay_before_retry, S(1));
	ck_assert_str_eq(ck->u.misc.path->argv[1], "a");
	ck = ck_at(rs, 1);
	ck_assert_int_eq(ck->type, CHECK_DNS);
	ck_assert_uint_eq(ck->retry, 3);
	ck_assert_uint_eq(ck->delay_before_retry, S(20));
	ck_assert_str_eq(ck->u.dns.type, "A");
	ck_assert_str_eq(ck->u.dns.name, "example.com");
	ck = ck_at(rs, 2);
	ck_assert_int_eq(ck->type, CHECK_HTTP);
	ck_assert_uint_eq(ck->retry, 1);
	ck_assert_uint_eq(ck->delay_before_retry, S(3));
	url = STAILQ_FIRST(&ck->u.http.urls);
	ck_assert_str_eq(url->path, "/");
	ck_assert_int_eq(url->status[(200 - 100) / 8] & (1 << (100 % 8)),
	    1 << (100 % 8));
	ck_assert_int_eq(url->status[(300 - 100) / 8] & (1 << (200 % 8)), 0);
	ck = ck_at(rs, 3);
	ck_assert_int_eq(ck->type, CHECK_SSL);
	ck_assert_uint_eq(ck->delay_before_retry, S(3));
	ck_assert(c->check.ssl_required);
	ck = ck_at(rs, 4);
	ck_assert_str_eq(ck->u.smtp.helo_name, "smtpchecker.keepalived.org");
	ck = ck_at(rs, 5);
	/* keepalived check_udp.c: UINT8_MAX unless given. */
	ck_assert_uint_eq(ck->u.udp.max_reply_len, 255);
	ck = ck_at(rs, 6);
	ck_assert_int_eq(ck->type, CHECK_PING);
	ck_assert_uint_eq(ck->retry, 1);
	conf_free(c);
}
END_TEST

START_TEST(test_vs_keywords)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    " lvs_sched sh\n"
	    " sh-port\n"
	    " sh-fallback\n"
	    " flag-1\n"
	    " lvs_method TUN type gue port 6080 csum\n"
	    " persistence_granularity 255.255.255.0\n"
	    " persistence_engine sip\n"
	    " protocol sctp\n"
	    " ha_suspend\n"
	    " omega\n"
	    " quorum 2\n"
	    " hysteresis 1\n"
	    " quorum_up /bin/up\n"
	    " quorum_down /bin/down\n"
	    " smtp_alert off\n"
	    " virtualhost www.example.com\n"
	    " snmp_name vs1\n"
	    " ip_family inet\n"
	    " sorry_server 10.0.0.9 80\n"
	    " sorry_server_inhibit\n"
	    " sorry_server_lvs_method DR\n"
	    " real_server 10.0.0.2 {\n"
	    "  weight 2\n"
	    "  lvs_method NAT\n"
	    "  uthreshold 100\n"
	    "  lthreshold 10\n"
	    "  notify_up /bin/rsup\n"
	    "  smtp_alert no\n"
	    "  virtualhost rs.example.com\n"
	    "  snmp_name rs1\n"
	    "  warmup 4\n"
	    "  delay_before_retry 5\n"
	    "  connect_timeout 6\n"
	    "  retry 2\n"
	    " }\n"
	    "}\n", &u, NULL);
	struct check_vs *vs;
	struct check_rs *rs;

	ck_assert_ptr_nonnull(c);
	vs = vs_at(c, 0);
	ck_assert_str_eq(vs->sched, "sh");
	ck_assert_uint_eq(vs->flags, CHECK_VS_F_SH_PORT |
	    CHECK_VS_F_SH_FALLBACK | CHECK_VS_F_FLAG1);
	ck_assert_int_eq(vs->fwd.method, CHECK_FWD_TUN);
	ck_assert_int_eq(vs->fwd.tun_type, CHECK_TUN_GUE);
	ck_assert_uint_eq(vs->fwd.tun_port, 6080);
	ck_assert_int_eq(vs->fwd.tun_csum, CHECK_CSUM_CSUM);
	ck_assert(vs->has_granularity);
	ck_assert_uint_eq(ntohl(vs->persistence_granularity), 0xffffff00);
	ck_assert_uint_eq(vs->persistence_timeout, 360);
	ck_assert_str_eq(vs->persistence_engine, "sip");
	ck_assert_int_eq(vs->protocol, IPPROTO_SCTP);
	ck_assert(vs->ha_suspend);
	ck_assert(vs->omega);
	ck_assert_uint_eq(vs->quorum, 2);
	ck_assert_uint_eq(vs->hysteresis, 1);
	ck_assert_str_eq(vs->quorum_up->argv[0], "/bin/up");
	ck_assert_str_eq(vs->quorum_down->argv[0], "/bin/down");
	ck_assert_int_eq(vs->smtp_alert, 0);
	ck_assert_str_eq(vs->virtualhost, "www.example.com");
	ck_assert_str_eq(vs->snmp_name, "vs1");
	ck_assert_int_eq(vs->af, AF_INET);
	ck_assert_ptr_nonnull(vs->sorry);
	ck_assert_int_eq(vs->sorry->inhibit, 1);
	ck_assert_int_eq(vs->sorry->fwd.method, CHECK_FWD_DR);
	ck_assert_uint_eq(vs->sorry->port, 80);
	rs = rs_at(vs, 0);
	ck_assert_int_eq(rs->weight, 2);
	ck_assert_int_eq(rs->fwd.method, CHECK_FWD_NAT);
	ck_assert_uint_eq(rs->port, 80);	/* NAT: takes the VS port */
	ck_assert_uint_eq(rs->uthreshold, 100);
	ck_assert_uint_eq(rs->lthreshold, 10);
	ck_assert_str_eq(rs->notify_up->argv[0], "/bin/rsup");
	ck_assert_int_eq(rs->smtp_alert, 0);
	ck_assert_str_eq(rs->virtualhost, "rs.example.com");
	ck_assert_str_eq(rs->snmp_name, "rs1");
	ck_assert_uint_eq(rs->warmup, S(4));
	ck_assert_uint_eq(rs->delay_before_retry, S(5));
	ck_assert_uint_eq(rs->connect_timeout, S(6));
	ck_assert_uint_eq(rs->retry, 2);
	ck_assert_no_diag(&u, "Unknown keyword");
	conf_free(c);
}
END_TEST

START_TEST(test_checker_keywords)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n"
	    " real_server 10.0.0.2 80 {\n"
	    "  HTTP_GET {\n"
	    "   connect_ip 10.0.0.7\n"
	    "   connect_port 8080\n"
	    "   bindto 10.0.0.8\n"
	    "   bind_port 5000\n"
	    "   bind_if lo\n"
	    "   fwmark 9\n"
	    "   alpha\n"
	    "   log_all_failures\n"
	    "   virtualhost v.example\n"
	    "   http_protocol 1.1\n"
	    "   enable_sni\n"
	    "   fast_recovery on\n"
	    "   url {\n"
	    "    path /a\n"
	    "    digest 0123456789abcdef0123456789ABCDEF\n"
	    "    status_code 200 301-302\n"
	    "    virtualhost u.example\n"
	    "    regex ok\n"
	    "    regex_no_match\n"
	    "    regex_options caseless\n"
	    "    regex_min_offset 3\n"
	    "    regex_max_offset 9\n"
	    "    regex_stack 100 200\n"
	    "   }\n"
	    "  }\n"
	    "  MISC_CHECK {\n"
	    "   misc_path /bin/true\n"
	    "   misc_timeout 5\n"
	    "   misc_dynamic\n"
	    "   user nobody nogroup\n"
	    "  }\n"
	    "  UDP_CHECK {\n"
	    "   payload 0a0b\n"
	    "   require_reply 0x0c\n"
	    "   min_reply_length 2\n"
	    "   max_reply_length 100\n"
	    "  }\n"
	    "  BFD_CHECK {\n"
	    "   name b1\n"
	    "   alpha no\n"
	    "  }\n"
	    "  SMTP_CHECK {\n"
	    "   helo_name me.example\n"
	    "  }\n"
	    " }\n"
	    "}\n", &u, NULL);
	struct check_rs *rs;
	struct check_conf *ck;
	struct check_url *url;

	ck_assert_ptr_nonnull(c);
	ck_assert_no_diag(&u, "Unknown keyword");
	rs = rs_at(vs_at(c, 0), 0);
	ck = ck_at(rs, 0);
	ck_assert_uint_eq(ip4(&ck->conn.dst), 0x0a000007);
	ck_assert_uint_eq(ck->conn.dst_port, 8080);
	ck_assert_uint_eq(ip4(&ck->conn.bindto), 0x0a000008);
	ck_assert_uint_eq(ck->conn.bind_port, 5000);
	ck_assert_str_eq(ck->conn.bind_if, "lo");
	ck_assert_uint_eq(ck->conn.fwmark, 9);
	ck_assert_int_eq(ck->alpha, 1);
	ck_assert(ck->log_all_failures);
	ck_assert_str_eq(ck->u.http.virtualhost, "v.example");
	ck_assert_int_eq(ck->u.http.http_protocol, CHECK_HTTP_1_1);
	ck_assert(ck->u.http.enable_sni);
	ck_assert(ck->u.http.fast_recovery);
	url = STAILQ_FIRST(&ck->u.http.urls);
	ck_assert(url->has_digest);
	ck_assert_uint_eq(url->digest[0], 0x01);
	ck_assert_uint_eq(url->digest[15], 0xef);
	ck_assert_int_ne(url->status[(301 - 100) / 8] & (1 << (201 % 8)), 0);
	ck_assert_int_eq(url->status[(303 - 100) / 8] & (1 << (203 % 8)), 0);
	ck_assert_str_eq(url->virtualhost, "u.example");
	ck_assert_str_eq(url->regex, "ok");
	ck_assert(url->regex_no_match);
	ck_assert_uint_eq(url->regex_options, 1U << 3);
	ck_assert_uint_eq(url->regex_min_offset, 3);
	ck_assert_uint_eq(url->regex_max_offset, 10);
	ck_assert(url->regex_stack);
	ck = ck_at(rs, 1);
	ck_assert_uint_eq(ck->u.misc.timeout, S(5));
	ck_assert(ck->u.misc.dynamic);
	ck_assert_str_eq(ck->u.misc.user, "nobody");
	ck_assert_str_eq(ck->u.misc.group, "nogroup");
	ck = ck_at(rs, 2);
	ck_assert_uint_eq(ck->u.udp.payload_len, 2);
	ck_assert_uint_eq(ck->u.udp.payload[1], 0x0b);
	ck_assert(ck->u.udp.require_reply);
	ck_assert_uint_eq(ck->u.udp.min_reply_len, 2);
	ck_assert_uint_eq(ck->u.udp.max_reply_len, 100);
	ck = ck_at(rs, 3);
	ck_assert_str_eq(ck->u.bfd.name, "b1");
	ck_assert_int_eq(ck->alpha, 0);
	ck = ck_at(rs, 4);
	ck_assert_str_eq(ck->u.smtp.helo_name, "me.example");
	conf_free(c);
}
END_TEST

/* FILE_CHECK names a track_file defined earlier (verified with 2.2.7). */
START_TEST(test_file_check)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "track_file tf {\n"
	    "  file /tmp/vigil-tf\n"
	    "}\n"
	    "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n"			/* 5 */
	    " real_server 10.0.0.2 80 {\n"
	    "  FILE_CHECK {\n"
	    "   track_file nope\n"
	    "  }\n"
	    "  FILE_CHECK {\n"			/* 10 */
	    "   track_file tf\n"
	    "   weight -5 reverse\n"
	    "   weight -3000000000\n"
	    "   weight 3 foo\n"
	    "   weight\n"				/* 15 */
	    "  }\n"
	    " }\n"
	    "}\n", &u, NULL);
	struct check_conf *ck;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 8, "track_file nope not found");
	ck_assert_diag(&u, 9, "FILE_CHECK has no track_file specified - "
	    "ignoring");
	ck_assert_diag(&u, 13, "number '-3000000000' outside integer range");
	ck_assert_diag(&u, 13, "weight for track file must be in "
	    "[-2147483647..2147483647] inclusive. Ignoring...");
	ck_assert_diag(&u, 14, "unknown track file weight option foo - "
	    "ignoring");
	ck_assert_diag(&u, 15, "track file weight missing");
	if (STAILQ_EMPTY(&c->vrrp.track_files)) {
		/* no track_file parser linked in: nothing more to check */
		conf_free(c);
		return;
	}
	ck = ck_at(rs_at(vs_at(c, 0), 0), 0);
	ck_assert_str_eq(ck->u.file.track_file, "tf");
	/* "weight 3 foo" is ignored as a whole, as keepalived does. */
	ck_assert_int_eq(ck->u.file.weight, -5);
	ck_assert(ck->u.file.reverse);
	conf_free(c);
}
END_TEST

START_TEST(test_ssl_block)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "SSL {\n"
	    " password secret\n"
	    " ca /etc/ca.pem\n"
	    " certificate /etc/cert.pem\n"
	    " key /etc/key.pem\n"
	    " key /etc/key2.pem\n"
	    " password\n"
	    "}\n", &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(c->check.ssl);
	ck_assert_str_eq(c->check.ssl->password, "secret");
	ck_assert_str_eq(c->check.ssl->ca, "/etc/ca.pem");
	ck_assert_str_eq(c->check.ssl->certificate, "/etc/cert.pem");
	ck_assert_str_eq(c->check.ssl->key, "/etc/key2.pem");
	ck_assert_diag(&u, 6, "SSL keyfile already specified - replacing");
	ck_assert_diag(&u, 7, "SSL password missing");
	conf_free(c);
}
END_TEST

/* Messages checked against keepalived 2.2.7 -t. */
START_TEST(test_parse_messages)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"	/* 1 */
	    "  lb_kind FOO\n"
	    "  lb_algo xyz\n"
	    "  protocol TCP\n"
	    "  sorry_server_inhibit\n"		/* 5 */
	    "  quorum 0\n"
	    "  delay_loop 0\n"
	    "  connect_timeout 0\n"
	    "  warmup -1\n"
	    "  retry 0\n"			/* 10 */
	    "  weight 0\n"
	    "  hysteresis x\n"
	    "  hashed\n"
	    "  real_server 10.0.0.2 81 {\n"
	    "    weight -1\n"			/* 15 */
	    "    connect_timeout 5000\n"
	    "    uthreshold x\n"
	    "    TCP_CHECK {\n"
	    "      connect_timeout 0\n"
	    "      delay_loop 0\n"		/* 20 */
	    "      retry -1\n"
	    "      connect_port 0\n"
	    "      fwmark x\n"
	    "      alpha foo\n"
	    "    }\n"				/* 25 */
	    "  }\n"
	    "}\n", &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 2, "PARSER : unknown [FOO] routing method for "
	    "virtual server.");
	ck_assert_diag(&u, 3, "Invalid lvs_scheduler 'xyz' - ignoring");
	ck_assert_diag(&u, 5, "Ignoring sorry_server inhibit used before or "
	    "without sorry_server");
	ck_assert_diag(&u, 6, "number '0' outside range [1, 4294967295]");
	ck_assert_diag(&u, 6, "Quorum 0 must be in [1, 4294967295]. Setting "
	    "to 1.");
	ck_assert_diag(&u, 7, "number '0' outside range [0.000001, "
	    "18446744073709.551614]");
	ck_assert_diag(&u, 7, "virtual server delay loop '0' invalid - "
	    "ignoring");
	ck_assert_diag(&u, 8, "virtual server connect_timeout 0 invalid - "
	    "ignoring");
	ck_assert_diag(&u, 9, "virtual server warmup '-1' invalid - ignoring");
	ck_assert_diag(&u, 10, "retry value invalid - 0");
	ck_assert_diag(&u, 11, "Virtual server weight 0 is outside range "
	    "1-2147483647");
	ck_assert_diag(&u, 12, "Hysteresis x must be in [0, 4294967295] - "
	    "ignoring");
	ck_assert_diag(&u, 13, "hashed only applies to sh scheduler - "
	    "ignoring");
	ck_assert_diag(&u, 15, "Real server weight -1 is outside range "
	    "0-2147483647");
	ck_assert_diag(&u, 16, "number '5000' outside range [0.000001, "
	    "4294.967295]");
	ck_assert_diag(&u, 16, "real server connect_timeout 5000 invalid - "
	    "ignoring");
	ck_assert_diag(&u, 17, "Invalid real_server uthreshold 'x' - ignoring");
	ck_assert_diag(&u, 19, "connect_timeout 0 invalid - ignoring");
	ck_assert_diag(&u, 20, "delay_loop '0' is invalid - ignoring");
	ck_assert_diag(&u, 21, "Invalid retry connection value '-1'");
	ck_assert_diag(&u, 22, "Invalid checker connect_port '0'");
	ck_assert_diag(&u, 23, "Invalid fwmark connection value 'x'");
	ck_assert_diag(&u, 24, "Invalid alpha parameter foo");
	ck_assert_diag(&u, 0, "Virtual server [10.0.0.1]:tcp:80: no scheduler "
	    "set, setting default 'wlc'");
	ck_assert_uint_eq(vs_at(c, 0)->quorum, 1);
	conf_free(c);
}
END_TEST

START_TEST(test_validation_messages)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    "  delay_loop 6\n"
	    "  real_server 10.0.0.2 80 {\n"
	    "    HTTP_GET {\n"
	    "      url { digest 123 }\n"		/* 5 */
	    "    }\n"
	    "  }\n"
	    "  real_server 10.0.0.2 80 {\n"
	    "  }\n"
	    "}\n"				/* 10 */
	    "virtual_server 10.0.0.5 80 {\n"
	    "}\n"
	    "virtual_server fwmark 3 {\n"
	    "  protocol TCP\n"
	    "  lb_kind DR\n"			/* 15 */
	    "  quorum 5\n"
	    "  hysteresis 9\n"
	    "  real_server 10.0.0.2 80 {\n"
	    "  }\n"
	    "}\n"				/* 20 */
	    "virtual_server 10.0.0.6 80 {\n"
	    "  protocol TCP\n"
	    "  lb_kind DR\n"
	    "  real_server 10.0.0.2 81 {\n"
	    "  }\n"
	    "}\n", &u, NULL);
	struct check_vs *vs;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 5, "digest '123' character length should be 32 "
	    "rather than 3");
	ck_assert_diag(&u, 5, "HTTP/SSL_GET checker url has no path - "
	    "ignoring");
	ck_assert_diag(&u, 6, "HTTP/SSL_GET checker has no urls specified - "
	    "ignoring");
	ck_assert_diag(&u, 0, "VS [10.0.0.1]:udp:80: real server "
	    "[10.0.0.2]:udp:80 is duplicated - removing second rs");
	ck_assert_diag(&u, 0, "Virtual server [10.0.0.5]:none:80 has no real "
	    "servers - ignoring");
	ck_assert_diag(&u, 0, "Warning: Virtual server FWM 3: protocol "
	    "specified for fwmark - protocol will be ignored");
	ck_assert_diag(&u, 0, "Warning - quorum 5 for FWM 3 exceeds total "
	    "weight of real servers 1, reducing quorum to 1");
	ck_assert_diag(&u, 0, "Virtual server FWM 3: hysteresis 9 >= quorum "
	    "1; setting hysteresis to 0");
	ck_assert_diag(&u, 0, "WARNING - fwmark virtual server FWM 3, real "
	    "server [10.0.0.2]:none:80 has port specified - clearing");
	ck_assert_diag(&u, 0, "WARNING - virtual server [10.0.0.6]:tcp:80 and "
	    "real server [10.0.0.2]:tcp:81 ports don't match - resetting");
	ck_assert_uint_eq(c->check.nvs, 3);
	vs = vs_at(c, 0);
	ck_assert(STAILQ_NEXT(rs_at(vs, 0), next) == NULL);
	ck_assert(STAILQ_EMPTY(&rs_at(vs, 0)->checkers));
	vs = vs_at(c, 1);
	ck_assert_int_eq(vs->kind, CHECK_VS_FWMARK);
	ck_assert_int_eq(vs->protocol, 0);
	ck_assert_uint_eq(rs_at(vs, 0)->port, 0);
	ck_assert_uint_eq(rs_at(vs_at(c, 2), 0)->port, 80);
	conf_free(c);
}
END_TEST

START_TEST(test_misc_messages)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n"
	    " real_server 10.0.0.2 80 {\n"
	    "  MISC_CHECK {\n"
	    "  }\n"				/* 5 */
	    "  FILE_CHECK {\n"
	    "  }\n"
	    "  BFD_CHECK {\n"
	    "  }\n"
	    "  UDP_CHECK {\n"			/* 10 */
	    "   min_reply_length 20\n"
	    "   max_reply_length 10\n"
	    "  }\n"
	    "  DNS_CHECK {\n"
	    "   type XX\n"			/* 15 */
	    "  }\n"
	    " }\n"
	    "}\n", &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 5, "No script path has been specified for "
	    "MISC_CHECKER - skipping");
	ck_assert_diag(&u, 7, "FILE_CHECK has no track_file specified - "
	    "ignoring");
	ck_assert_diag(&u, 9, "([10.0.0.2]:tcp:80) No name has been "
	    "specified for BFD_CHECKER - skipping");
	ck_assert_diag(&u, 13, "UDP_CHECK min_reply length 20 > "
	    "max_reply_length 10 - will always fail");
	ck_assert_diag(&u, 15, "Unknown DNS check type XX - ignoring");
	/* MISC, FILE and BFD dropped; UDP and DNS kept */
	ck_assert_int_eq(ck_at(rs_at(vs_at(c, 0), 0), 0)->type, CHECK_UDP);
	ck_assert_int_eq(ck_at(rs_at(vs_at(c, 0), 0), 1)->type, CHECK_DNS);
	conf_free(c);
}
END_TEST

#ifdef CFG_KW_NAMED
/* Needs the engine's named value blocks (the opener reaches fn). */
START_TEST(test_group)
{
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "virtual_server_group G1 {\n"
	    "  10.0.0.1 80\n"
	    "  10.0.0.2-5 80\n"
	    "  fwmark 7\n"
	    "}\n"
	    "virtual_server_group G2 {\n"
	    "}\n"
	    "virtual_server group NOPE {\n"
	    "  protocol TCP\n"
	    "  real_server 10.0.0.2 80 {\n"
	    "  }\n"
	    "}\n"
	    "virtual_server group G1 {\n"
	    "  lb_kind DR\n"
	    "  real_server 10.0.0.3 81 {\n"
	    "  }\n"
	    "}\n", &u, NULL);
	struct check_vs *vs;
	struct check_vsg *g;
	struct check_vsg_entry *e;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 7, "virtual server group G2 has no entries - "
	    "removing");
	ck_assert_diag(&u, 0, "Virtual server [G1]:0: no protocol set - "
	    "defaulting to UDP");
	ck_assert_diag(&u, 0, "WARNING - fwmark virtual server [G1]:0, real "
	    "server [10.0.0.3]:udp:81 has port specified - port will be "
	    "ignored");
	ck_assert_diag(&u, 0, "virtual server [G1]:0:[10.0.0.2-10.0.0.5,80] "
	    "and real server [10.0.0.3]:udp:81 ports don't match");
	g = STAILQ_FIRST(&c->check.vsgs);
	ck_assert_str_eq(g->name, "G1");
	ck_assert(STAILQ_NEXT(g, next) == NULL);
	e = STAILQ_FIRST(&g->addrs);
	e = STAILQ_NEXT(e, next);
	ck_assert_uint_eq(ip4(&e->end), 0x0a000005);
	ck_assert_uint_eq(STAILQ_FIRST(&g->fwmarks)->fwmark, 7);
	vs = vs_at(c, 0);
	ck_assert_int_eq(vs->kind, CHECK_VS_GROUP);
	ck_assert_ptr_eq(vs->vsg, g);
	ck_assert(STAILQ_NEXT(vs, next) == NULL);
	conf_free(c);
}
END_TEST
#endif

START_TEST(test_dump_stable)
{
	struct conf *c = unit_parse(seed, NULL, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(c);
	check_conf_dump(c, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "virtual_server 192.168.222.130 "
	    "3306 {\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\t\tTCP_CHECK {\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\t\t\tretry 3\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\t\t\tconnect_port 3306\n"));
	free(buf);
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kw_check");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tables_sorted);
	tcase_add_test(tc, test_seed_nb_get_retry_tcp);
	tcase_add_test(tc, test_nb_get_retry_every_checker);
	tcase_add_test(tc, test_vs_defaults);
	tcase_add_test(tc, test_inheritance);
	tcase_add_test(tc, test_checker_defaults);
	tcase_add_test(tc, test_vs_keywords);
	tcase_add_test(tc, test_checker_keywords);
	tcase_add_test(tc, test_file_check);
	tcase_add_test(tc, test_ssl_block);
	tcase_add_test(tc, test_parse_messages);
	tcase_add_test(tc, test_validation_messages);
	tcase_add_test(tc, test_misc_messages);
#ifdef CFG_KW_NAMED
	tcase_add_test(tc, test_group);
#endif
	tcase_add_test(tc, test_dump_stable);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
