/*
 * test_kw_vrrp: VRRP-side keywords land in the model, tables are sorted,
 * and validation speaks keepalived 2.2.7's messages on the same lines.
 */
#include <sys/socket.h>

#include <limits.h>

#include "unit.h"

START_TEST(test_tables_sorted)
{
	const struct cfg_block *b[] = { &vrrp_instance_block,
	    &vrrp_sync_group_block, &vrrp_script_block, &vrrp_track_file_block,
	    &vrrp_track_process_block, &vrrp_bfd_block, &vrrp_garp_group_block,
	    &vrrp_track_group_block, &vrrp_auth_block };
	struct cfg_block root = { "vrrp", kw_root_vrrp, 0, NULL };
	size_t i;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		ck_assert_msg(cfg_block_check(b[i]) == 0, "%s", b[i]->name);
	root.nkw = kw_root_vrrp_n;
	ck_assert_int_eq(cfg_block_check(&root), 0);
}
END_TEST

static const char base[] =
    "vrrp_script S {\n"			/* 1 */
    " script \"/bin/true\"\n"
    " interval 3\n"
    " weight -10 reverse\n"
    " rise 2\n"
    " fall 4\n"
    " init_fail\n"
    "}\n"
    "vrrp_instance VI_1 {\n"		/* 9 */
    " state BACKUP\n"
    " interface eth0\n"
    " virtual_router_id 51\n"
    " priority 90\n"
    " advert_int 2\n"
    " nopreempt\n"
    " garp_master_repeat 7\n"
    " dont_track_primary\n"
    " authentication {\n"
    "  auth_type PASS\n"
    "  auth_pass 1111\n"
    " }\n"
    " track_script {\n"
    "  S weight 5\n"
    "  T\n"				/* 24 */
    " }\n"
    " unicast_peer {\n"
    "  10.0.0.2\n"
    " }\n"
    " unicast_src_ip 10.0.0.1\n"
    " notify_master \"/bin/echo m\"\n"
    "}\n";

START_TEST(test_instance_model)
{
	struct unit_diags u;
	struct conf *c = unit_parse(base, &u, NULL);
	struct vrrp_instance_conf *v;
	struct vrrp_script_def *s;

	ck_assert_ptr_nonnull(c);
	v = STAILQ_FIRST(&c->vrrp.instances);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->name, "VI_1");
	ck_assert_int_eq(v->state, VRRP_CONF_STATE_BACKUP);
	ck_assert_str_eq(v->ifname, "eth0");
	ck_assert_uint_eq(v->vrid, 51);
	ck_assert_uint_eq(v->priority, 90);
	ck_assert_uint_eq(v->adver_int_us, 2000000);
	ck_assert(v->nopreempt);
	ck_assert(v->dont_track_primary);
	ck_assert_uint_eq(v->garp_rep, 7);
	ck_assert_int_eq(v->auth_type, VRRP_CONF_AUTH_PASS);
	ck_assert_str_eq(v->auth_pass, "1111");
	ck_assert_ptr_nonnull(STAILQ_FIRST(&v->peers));
	ck_assert_int_eq(v->family, AF_INET);
	ck_assert_uint_eq(v->version, 2);
	ck_assert(v->accept);
	ck_assert_ptr_nonnull(v->notify_master);
	ck_assert_int_eq(STAILQ_FIRST(&v->track_scripts)->weight, 5);
	ck_assert_diag(&u, 24, "(VI_1) track script T not found, ignoring...");
	s = STAILQ_FIRST(&c->vrrp.scripts);
	ck_assert_uint_eq(s->interval_us, 3000000);
	ck_assert_int_eq(s->weight, -10);
	ck_assert(s->weight_reverse);
	ck_assert_int_eq(s->rise, 2);
	ck_assert_int_eq(s->fall, 4);
	ck_assert(s->init_fail);
	conf_free(c);
}
END_TEST

struct msg_case {
	const char	*text;
	unsigned	 line;
	const char	*msg;
};

static const struct msg_case msg_cases[] = {
	{ "vrrp_instance V {\n interface e\n}\n", 0,
	    "(V) the virtual router id must be set" },
	{ "vrrp_instance V {\n virtual_router_id 1\n priority 300\n}\n", 3,
	    "(V) Priority not valid! must be between 1 & 255. Using default "
	    "100" },
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " state MASTER\n nopreempt\n priority 100\n}\n", 0,
	    "(V) Warning - nopreempt will not work with initial state MASTER "
	    "- clearing" },
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " strict_mode\n virtual_ipaddress {\n 1.2.3.4\n }\n"
	  " authentication {\n auth_type PASS\n auth_pass 1\n }\n}\n", 0,
	    "(V) Strict mode does not support authentication. Ignoring." },
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " state MASTER\n priority 100\n strict_mode\n"
	  " virtual_ipaddress {\n 1.2.3.4\n }\n}\n", 0,
	    "(V) State MASTER must match being address owner" },
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " state MASTER\n priority 100\n"
	  " authentication {\n auth_type AH\n auth_pass 1\n }\n}\n", 0,
	    "(V) Initial state master is incompatible with AH authentication "
	    "- clearing" },
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " advert_int 1.5\n}\n", 0,
	    "(V) VRRPv2 advertisement interval 1.500000s must be an integer. "
	    "rounding" },
	{ "vrrp_instance V {\n}\nvrrp_instance V {\n}\n", 3,
	    "vrrp instance V already defined" },
	{ "vrrp_instance V {\n virtual_router_id 1\n}\n", 0,
	    "(V) Unknown interface!" },
	{ "vrrp_instance V {\n state FOO\n}\n", 2,
	    "(V) unknown state 'FOO', defaulting to BACKUP" },
	{ "vrrp_script S {\n}\n", 2,
	    "No script set for vrrp_script S - removing" },
	{ "vrrp_sync_group G {\n group {\n  V\n  X\n }\n}\n"
	  "vrrp_instance V {\n virtual_router_id 1\n interface e\n}\n", 0,
	    "Virtual router X specified in sync group G doesn't exist - "
	    "ignoring" },
	/* vrrp_end_handler's checks, at the closing brace */
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " unicast_ttl 10\n}\n", 5,
	    "(V): Cannot use unicast_ttl without unicast peers - resetting" },
	{ "vrrp_instance V {\n virtual_router_id 1\n interface e\n"
	  " use_vmac\n unicast_peer {\n 10.0.0.2\n }\n}\n", 8,
	    "(V) unicast with use_vmac requires vmac_xmit_base - setting" },
	/* exactly one word, no missing-parameter error */
	{ "vrrp_instance V {\n kernel_rx_buf_size\n}\n", 2,
	    "(V) invalid kernel_rx_buf_size specified" },
	{ "vrrp_instance V {\n kernel_rx_buf_size 1 2\n}\n", 2,
	    "(V) invalid kernel_rx_buf_size specified" },
	/* the width keepalived reads a number with */
	{ "vrrp_instance V {\n kernel_rx_buf_size 99999999999\n}\n", 2,
	    "number '99999999999' outside unsigned integer range" },
};

START_TEST(test_messages)
{
	const struct msg_case *m = &msg_cases[_i];
	struct unit_diags u;
	struct conf *c = unit_parse(m->text, &u, NULL);

	ck_assert_diag(&u, m->line, m->msg);
	conf_free(c);
}
END_TEST

/*
 * vrrp_track_process as keepalived 2.2.7 parses it (checked against its
 * dump and diagnostics): weight 0 by default and only the first non-zero
 * one counts; arguments or param_match turn on full_command; quorum and
 * quorum_max check each other, quorum_max 0 forces quorum 0; the last
 * of delay / terminate_delay / fork_delay wins.
 */
static const char tproc_text[] =
    "vrrp_track_process tp1 {\n"		/* 1 */
    " process vtp-a\n"
    "}\n"
    "vrrp_track_process tp2 {\n"		/* 4 */
    " process /usr/bin/foo -x y\n"
    " weight 5 reverse\n"
    " weight 7\n"				/* 7 */
    " quorum 3\n"
    " quorum_max 2\n"				/* 9 */
    " delay 2\n"
    " fork_delay 1\n"
    "}\n"
    "vrrp_track_process tp3 {\n"		/* 13 */
    " process bar\n"
    " param_match\n"
    " quorum_max 0\n"
    " terminate_delay 1\n"
    " delay 3\n"
    "}\n"
    "vrrp_track_process tp4 {\n"		/* 20 */
    " process baz\n"
    " quorum_max 3\n"
    " quorum 4\n"				/* 23 */
    " quorum 2\n"
    " process qux\n"				/* 25 */
    "}\n"
    "vrrp_track_process tp5 {\n"		/* 27 */
    " process baz\n"
    " quorum 2\n"
    " quorum_max 0\n"				/* 30 */
    " weight\n"					/* 31 */
    " weight 3 foo\n"				/* 32 */
    " param_match partial\n"
    "}\n";

static const struct vrrp_track_process_conf *
tproc_nth(const struct conf *c, int n)
{
	const struct vrrp_track_process_conf *t;

	STAILQ_FOREACH(t, &c->vrrp.track_processes, next)
		if (n-- == 0)
			return t;
	ck_abort_msg("no track process %d", n);
	return NULL;
}

START_TEST(test_track_process)
{
	struct unit_diags u;
	struct conf *c = unit_parse(tproc_text, &u, NULL);
	const struct vrrp_track_process_conf *t;

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 7, "Weight already set for track process tp2 - "
	    "ignoring 7");
	ck_assert_diag(&u, 9, "quorum_max is less than quorum - ignoring");
	ck_assert_diag(&u, 23, "Quorum is greater than quorum_max - "
	    "ignoring");
	ck_assert_diag(&u, 25, "Process already set for track process tp4 "
	    "- ignoring qux");
	ck_assert_diag(&u, 30, "quorum_max is less than quorum - ignoring");
	ck_assert_diag(&u, 31, "No weight specified for track process tp5 - "
	    "ignoring");
	ck_assert_diag(&u, 32, "vrrp_track_process tp5 unknown weight "
	    "option foo");
	ck_assert_int_eq(u.n, 7);

	t = tproc_nth(c, 0);
	ck_assert_int_eq(t->weight, 0);
	ck_assert_uint_eq(t->quorum, 1);
	ck_assert_uint_eq(t->quorum_max, UINT_MAX);
	ck_assert(!t->full_command);
	ck_assert_int_eq(t->param_match, VRRP_PARAM_MATCH_NONE);

	t = tproc_nth(c, 1);
	ck_assert_str_eq(t->process, "/usr/bin/foo");
	ck_assert_str_eq(t->params, "-x y");
	ck_assert_int_eq(t->param_match, VRRP_PARAM_MATCH_EXACT);
	ck_assert(t->full_command);
	ck_assert_int_eq(t->weight, 5);
	ck_assert(t->reverse);
	ck_assert_uint_eq(t->quorum, 3);
	ck_assert_uint_eq(t->quorum_max, UINT_MAX);
	ck_assert_uint_eq(t->terminate_delay_us, 2000000);
	ck_assert_uint_eq(t->fork_delay_us, 1000000);

	t = tproc_nth(c, 2);
	ck_assert_ptr_null(t->params);
	ck_assert_int_eq(t->param_match, VRRP_PARAM_MATCH_EXACT);
	ck_assert(t->full_command);
	ck_assert_uint_eq(t->quorum, 0);
	ck_assert_uint_eq(t->quorum_max, 0);
	ck_assert_uint_eq(t->terminate_delay_us, 3000000);
	ck_assert_uint_eq(t->fork_delay_us, 3000000);

	t = tproc_nth(c, 3);
	ck_assert_str_eq(t->process, "baz");
	ck_assert_uint_eq(t->quorum, 2);
	ck_assert_uint_eq(t->quorum_max, 3);

	t = tproc_nth(c, 4);
	ck_assert_uint_eq(t->quorum, 2);
	ck_assert_uint_eq(t->quorum_max, UINT_MAX);
	ck_assert_int_eq(t->weight, 3);
	ck_assert(!t->reverse);
	ck_assert_int_eq(t->param_match, VRRP_PARAM_MATCH_PARTIAL);
	ck_assert(t->full_command);
	conf_free(c);
}
END_TEST

START_TEST(test_effective_strict)
{
	struct conf *c = unit_parse("vrrp_instance V {\n virtual_router_id 1\n"
	    " interface e\n strict_mode\n accept\n"
	    " virtual_ipaddress {\n 1.2.3.4\n }\n}\n", NULL, NULL);
	struct vrrp_instance_conf *v = STAILQ_FIRST(&c->vrrp.instances);

	ck_assert(v->strict_mode);
	ck_assert(!v->accept);
	ck_assert(v->lower_prio_no_advert);
	ck_assert_uint_eq(v->down_timer_adverts, 3);
	ck_assert_uint_eq(v->garp_lower_prio_rep, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_missing_iface)
{
	struct unit_diags u;
	struct cfg_opts opts = { 0 };
	struct cfg_result res;
	struct conf *c;

	opts.config_test = true;
	opts.check_ifaces = true;
	opts.sink = unit_sink;
	opts.sink_ctx = &u;
	memset(&u, 0, sizeof(u));
	c = conf_load_string("vrrp_instance VI_1 {\n interface nosuch0\n"
	    " virtual_router_id 1\n}\n", "test.conf", &opts, &res);
	ck_assert_diag(&u, 2, "WARNING - interface nosuch0 for vrrp_instance "
	    "VI_1 doesn't exist");
	ck_assert_diag(&u, 0, "Non-existent interface specified in "
	    "configuration");
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 5);
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kw_vrrp");
	TCase *tc = tcase_create("vrrp");

	tcase_add_test(tc, test_tables_sorted);
	tcase_add_test(tc, test_instance_model);
	tcase_add_loop_test(tc, test_messages, 0,
	    (int)(sizeof(msg_cases) / sizeof(msg_cases[0])));
	tcase_add_test(tc, test_track_process);
	tcase_add_test(tc, test_effective_strict);
	tcase_add_test(tc, test_missing_iface);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
