/*
 * test_lex: word splitting of keyword lines and command strings, and
 * the typed value readers.
 */
#include "unit.h"
#include "lex.h"
#include "value.h"

static struct arena a;

static void
teardown(void)
{
	arena_free(&a);
}

START_TEST(test_words_plain)
{
	char **v;
	bool unt;
	int n = lex_words(&a, "  state   MASTER\t", &v, &unt);

	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(v[0], "state");
	ck_assert_str_eq(v[1], "MASTER");
	ck_assert_ptr_null(v[2]);
	ck_assert(!unt);
}
END_TEST

START_TEST(test_words_braces)
{
	char **v;
	bool unt;
	int n = lex_words(&a, "vrrp_instance VI_1{interface eth0}", &v, &unt);

	ck_assert_int_eq(n, 6);
	ck_assert_str_eq(v[1], "VI_1");
	ck_assert_str_eq(v[2], "{");
	ck_assert_str_eq(v[4], "eth0");
	ck_assert_str_eq(v[5], "}");
}
END_TEST

START_TEST(test_words_quotes)
{
	char **v;
	bool unt;
	int n = lex_words(&a, "script \"/bin/x -a {b}\" 'c d'", &v, &unt);

	/* Only double quotes group; braces inside them stay. */
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(v[1], "/bin/x -a {b}");
	ck_assert_str_eq(v[2], "'c");
	ck_assert_str_eq(v[3], "d'");
	/* keepalived drops an unclosed quoted word. */
	n = lex_words(&a, "a \"open", &v, &unt);
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_null(v[1]);
	ck_assert(unt);
	n = lex_words(&a, "ab\"c d\"", &v, &unt);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(v[0], "ab");
	ck_assert_str_eq(v[1], "c d");
}
END_TEST

START_TEST(test_command_split)
{
	char **v;
	int n = lex_command(&a, "/bin/sh -c 'echo \"x y\"' ab\"c d\"e \\x41\\n",
	    &v);

	ck_assert_int_eq(n, 5);
	ck_assert_str_eq(v[0], "/bin/sh");
	ck_assert_str_eq(v[2], "echo \"x y\"");
	ck_assert_str_eq(v[3], "abc de");
	ck_assert_str_eq(v[4], "A\n");
	ck_assert_int_eq(lex_command(&a, "a 'b", &v), -1);
	ck_assert_int_eq(lex_command(&a, "'a\\tb' \\101", &v), 2);
	ck_assert_str_eq(v[0], "a\\tb");	/* no escapes in '' */
	ck_assert_str_eq(v[1], "A");
}
END_TEST

/* Value readers through a real parse, to have a parse context. */
START_TEST(test_timer_format)
{
	char buf[32];

	ck_assert_str_eq(cfg_timer_str(1, buf, sizeof(buf)), "0.000001");
	ck_assert_str_eq(cfg_timer_str(4294967295ULL, buf, sizeof(buf)),
	    "4294.967295");
}
END_TEST

START_TEST(test_bool_words)
{
	ck_assert_int_eq(cfg_bool_value("on"), 1);
	ck_assert_int_eq(cfg_bool_value("yes"), 1);
	ck_assert_int_eq(cfg_bool_value("true"), 1);
	ck_assert_int_eq(cfg_bool_value("off"), 0);
	ck_assert_int_eq(cfg_bool_value("no"), 0);
	ck_assert_int_eq(cfg_bool_value("false"), 0);
	ck_assert_int_eq(cfg_bool_value("On"), -1);
	ck_assert_int_eq(cfg_bool_value(""), -1);
}
END_TEST

START_TEST(test_addr)
{
	struct addr ad;
	char buf[ADDR_STRLEN];

	ck_assert(cfg_read_addr("192.168.1.200", &ad));
	ck_assert_int_eq(ad.family, AF_INET);
	ck_assert_int_eq(ad.prefix, 32);
	ck_assert(!ad.has_prefix);
	ck_assert(cfg_read_addr("fe80::1/64", &ad));
	ck_assert_int_eq(ad.family, AF_INET6);
	ck_assert_int_eq(ad.prefix, 64);
	ck_assert_str_eq(addr_str(&ad, buf, sizeof(buf)), "fe80::1/64");
	ck_assert(!cfg_read_addr("192.168.100./24", &ad));
	ck_assert(!cfg_read_addr("1.2.3.4/33", &ad));
	ck_assert(!cfg_read_addr("1.2.3.4/", &ad));
	ck_assert(!cfg_read_addr("", &ad));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lex");
	TCase *tc = tcase_create("words");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_words_plain);
	tcase_add_test(tc, test_words_braces);
	tcase_add_test(tc, test_words_quotes);
	tcase_add_test(tc, test_command_split);
	tcase_add_test(tc, test_timer_format);
	tcase_add_test(tc, test_bool_words);
	tcase_add_test(tc, test_addr);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
