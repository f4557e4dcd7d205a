/*
 * test_engine: statements, braces and unknown keywords, checked against
 * what keepalived 2.2.7 reports for the same text.
 */
#include "unit.h"

START_TEST(test_unknown_block_not_skipped)
{
	/* keepalived: an unknown keyword's '{' is "Unexpected", its lines
	 * are read at the current level and its '}' closes the parent. */
	struct unit_diags u;
	struct conf *c = unit_parse(
	    "global_defs {\n"
	    " router_id X\n"
	    " foo {\n"
	    "  bar 1\n"
	    " }\n"
	    " router_id Y\n"
	    "}\n", &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 3, "Unknown keyword 'foo'");
	ck_assert_diag(&u, 3, "Unexpected '{' - ignoring");
	ck_assert_diag(&u, 4, "Unknown keyword 'bar'");
	ck_assert_diag(&u, 6, "Unknown keyword 'router_id'");
	ck_assert_diag(&u, 7, "Unknown keyword '}'");
	ck_assert_str_eq(c->global.router_id, "X");
	conf_free(c);
}
END_TEST

START_TEST(test_missing_eob_is_warning)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = unit_parse("global_defs {\n router_id Z\n", &u, &res);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 0, "There are 1 missing '}'s or extra '{'s");
	ck_assert_str_eq(c->global.router_id, "Z");
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 5);
	conf_free(c);
}
END_TEST

START_TEST(test_extra_eob)
{
	struct unit_diags u;
	struct conf *c = unit_parse("global_defs {\n}\n}\n", &u, NULL);

	ck_assert_diag(&u, 3, "Extra '}' found");
	ck_assert_diag(&u, 3, "Unknown keyword '}'");
	conf_free(c);
}
END_TEST

START_TEST(test_braces_split_lines)
{
	struct conf *c = unit_parse("global_defs { router_id A }\n", NULL,
	    NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "A");
	conf_free(c);
	c = unit_parse("global_defs\n{\nrouter_id B\n}\n", NULL, NULL);
	ck_assert_str_eq(c->global.router_id, "B");
	conf_free(c);
}
END_TEST

START_TEST(test_missing_bob)
{
	struct unit_diags u;
	struct conf *c = unit_parse("global_defs\n router_id Y\n}\n", &u,
	    NULL);

	ck_assert_diag(&u, 2, "Missing '{' at beginning of configuration block");
	ck_assert_str_eq(c->global.router_id, "Y");
	conf_free(c);
}
END_TEST

START_TEST(test_missing_parameter_aborts)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = unit_parse("global_defs {\n router_id\n}\n", &u,
	    &res);

	(void)c;
	ck_assert_int_eq(unit_find(&u, 2, "missing a parameter") >= 0 ||
	    unit_find(&u, 2, "routerid name missing") >= 0, 1);
	conf_free(c);
}
END_TEST

START_TEST(test_value_block_end_hook)
{
	/* keepalived warns at the '}' of an empty notification_email. */
	struct unit_diags u;
	struct conf *c = unit_parse("global_defs {\n notification_email {\n"
	    " }\n}\n", &u, NULL);

	ck_assert_diag(&u, 3, "Warning - empty notification_email block");
	conf_free(c);
	c = unit_parse("global_defs {\n notification_email {\n a@b\n }\n}\n",
	    &u, NULL);
	ck_assert_no_diag(&u, "empty notification_email");
	conf_free(c);
}
END_TEST

START_TEST(test_root_table_sorted)
{
	ck_assert_int_eq(cfg_block_check(cfg_root_block()), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_unknown_block_not_skipped);
	tcase_add_test(tc, test_missing_eob_is_warning);
	tcase_add_test(tc, test_extra_eob);
	tcase_add_test(tc, test_braces_split_lines);
	tcase_add_test(tc, test_missing_bob);
	tcase_add_test(tc, test_missing_parameter_aborts);
	tcase_add_test(tc, test_value_block_end_hook);
	tcase_add_test(tc, test_root_table_sorted);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
