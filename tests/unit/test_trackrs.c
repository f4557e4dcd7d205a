/*
 * test_trackrs: Vigil's track_real_server keyword, block and one-line
 * forms, weights, and the check against the checker's real servers.
 */
#include "unit.h"

static const char vs_part[] =
    "virtual_server 192.0.2.100 3306 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.10 3306 {\n"
    "    TCP_CHECK {\n    }\n"
    "  }\n"
    "  real_server 192.0.2.11 3306 {\n"
    "    TCP_CHECK {\n    }\n"
    "  }\n"
    "}\n";

static struct conf *
parse_with(const char *instance_body, struct unit_diags *u)
{
	char text[2048];

	snprintf(text, sizeof(text), "vrrp_instance VI_1 {\n"
	    "  interface lo\n  virtual_router_id 51\n%s"
	    "  virtual_ipaddress {\n    192.0.2.100\n  }\n}\n%s",
	    instance_body, vs_part);
	return unit_parse(text, u, NULL);
}

static const struct vrrp_track_rs *
nth(const struct conf *c, int n)
{
	const struct vrrp_track_rs *t;

	t = STAILQ_FIRST(&STAILQ_FIRST(&c->vrrp.instances)->track_rs);
	while (t != NULL && n-- > 0)
		t = STAILQ_NEXT(t, next);
	return t;
}

START_TEST(test_block_form)
{
	struct unit_diags u;
	struct conf *c = parse_with("  track_real_server {\n"
	    "    192.0.2.10 3306\n"
	    "    192.0.2.11 3306 weight -20\n"
	    "  }\n", &u);
	const struct vrrp_track_rs *t;
	char a[ADDR_STRLEN];

	ck_assert_ptr_nonnull(c);
	ck_assert_no_diag(&u, "Unknown keyword");
	t = nth(c, 0);
	ck_assert_str_eq(addr_str(&t->addr, a, sizeof(a)), "192.0.2.10");
	ck_assert_uint_eq(t->port, 3306);
	ck_assert(!t->has_weight);
	ck_assert_uint_eq(t->nmatch, 1);
	t = nth(c, 1);
	ck_assert(t->has_weight);
	ck_assert_int_eq(t->weight, -20);
	ck_assert(!t->reverse);
	ck_assert_ptr_null(nth(c, 2));
	conf_free(c);
}
END_TEST

START_TEST(test_one_line_form)
{
	struct unit_diags u;
	struct conf *c = parse_with(
	    "  track_real_server 192.0.2.11 3306 weight 15 reverse\n"
	    "  priority 90\n", &u);
	const struct vrrp_track_rs *t = nth(c, 0);

	ck_assert_no_diag(&u, "Unknown keyword");
	ck_assert_int_eq(t->weight, 15);
	ck_assert(t->reverse);
	/* The line after it still belongs to the instance. */
	ck_assert_uint_eq(STAILQ_FIRST(&c->vrrp.instances)->priority, 90);
	conf_free(c);
}
END_TEST

START_TEST(test_errors)
{
	struct unit_diags u;
	struct conf *c = parse_with("  track_real_server {\n"
	    "    192.0.2.12 80\n"
	    "    192.0.2.10 3306 weight 300\n"
	    "    192.0.2.10 3306 wieght 3\n"
	    "    192.0.2.x 3306\n"
	    "    192.0.2.10 99999\n"
	    "    192.0.2.11 3306\n"
	    "    192.0.2.11 3306\n"
	    "  }\n", &u);

	ck_assert_diag(&u, 5, "track_real_server [192.0.2.12]:80 is not a "
	    "real_server of any virtual_server - ignoring");
	ck_assert_diag(&u, 6, "weight must be between -253 and 253");
	ck_assert_diag(&u, 7, "unknown option 'wieght'");
	ck_assert_diag(&u, 8, "invalid address '192.0.2.x'");
	ck_assert_diag(&u, 9, "outside range [1, 65535]");
	ck_assert_diag(&u, 11, "duplicate track_real_server 192.0.2.11 3306");
	ck_assert_ptr_nonnull(nth(c, 0));
	ck_assert_ptr_null(nth(c, 1));
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("trackrs");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_block_form);
	tcase_add_test(tc, test_one_line_form);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
