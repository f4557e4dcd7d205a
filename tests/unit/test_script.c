/*
 * test_script: command keywords and keepalived's script security rules,
 * on real files: a missing script is disabled, an existing one without
 * enable_script_security is a SECURITY VIOLATION (-t exits 6), a script
 * root runs from a world-writable directory is insecure, and disabled
 * when script security is on.
 */
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

static char dir[64];
static char script[128];

static void
setup(void)
{
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/vigil-script-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(script, sizeof(script), "%s/s.sh", dir);
	f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(script, 0755), 0);
}

static void
teardown(void)
{
	unlink(script);
	rmdir(dir);
}

/* Parse a config built from a literal format and one string. */
#define parse_fmt(u, res, fmt, arg) __extension__ ({			\
	char text_[1024];						\
									\
	snprintf(text_, sizeof(text_), fmt, arg);			\
	unit_parse(text_, (u), (res));					\
})

START_TEST(test_existing_script_is_violation)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = parse_fmt(&u, &res,
	    "global_defs {\n startup_script %s\n}\n", "/bin/true");

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 0, "SECURITY VIOLATION - start/shutdown scripts "
	    "are being executed but script_security not enabled.");
	ck_assert_no_diag(&u, "insecure");
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 6);
	conf_free(c);
}
END_TEST

START_TEST(test_missing_script_disabled)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = parse_fmt(&u, &res,
	    "global_defs {\n startup_script %s\n}\n", "/nonexistent/x.sh");
	struct script_conf *s;

	ck_assert_ptr_nonnull(c);
	ck_assert_no_diag(&u, "SECURITY VIOLATION");
	ck_assert_diag(&u, 2, "Unable to access script `/nonexistent/x.sh`");
	s = STAILQ_FIRST(&c->scripts);
	ck_assert_ptr_nonnull(s);
	ck_assert(s->disabled);
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 0);
	conf_free(c);
}
END_TEST

START_TEST(test_path_search)
{
	struct unit_diags u;
	struct conf *c = parse_fmt(&u, NULL,
	    "global_defs {\n startup_script \"%s -x\"\n}\n", "true");
	struct script_conf *s = STAILQ_FIRST(&c->scripts);

	ck_assert_int_eq(s->argc, 2);
	ck_assert_str_eq(s->argv[1], "-x");
	ck_assert_ptr_nonnull(s->path);
	ck_assert_str_eq(strrchr(s->path, '/'), "/true");
	ck_assert_diag(&u, 2, "resolved by path search to");
	conf_free(c);
}
END_TEST

START_TEST(test_world_writable_dir_insecure)
{
	struct unit_diags u;
	struct conf *c;
	struct script_conf *s;

	ck_assert_int_eq(chmod(dir, 0777), 0);
	c = parse_fmt(&u, NULL, "global_defs {\n startup_script %s\n}\n",
	    script);
	s = STAILQ_FIRST(&c->scripts);
	ck_assert(s->insecure);
	ck_assert(!s->disabled);
	ck_assert_diag(&u, 0, "There are insecure scripts.");
	conf_free(c);
}
END_TEST

START_TEST(test_security_disables_insecure)
{
	struct unit_diags u;
	struct conf *c;
	struct script_conf *s;
	char text[512];

	ck_assert_int_eq(chmod(dir, 0777), 0);
	snprintf(text, sizeof(text), "global_defs {\n script_user root\n"
	    " enable_script_security\n startup_script %s\n}\n", script);
	c = unit_parse(text, &u, NULL);
	s = STAILQ_FIRST(&c->scripts);
	ck_assert(s->insecure);
	ck_assert(s->disabled);
	ck_assert_diag(&u, 4, "Unsafe permissions found for script");
	ck_assert_no_diag(&u, "SECURITY VIOLATION");
	conf_free(c);
}
END_TEST

START_TEST(test_security_needs_default_user)
{
	/* No keepalived_script user on a test machine, no script_user. */
	struct unit_diags u;
	struct conf *c = parse_fmt(&u, NULL, "global_defs {\n"
	    " enable_script_security\n startup_script %s\n}\n", "/bin/true");
	struct script_conf *s = STAILQ_FIRST(&c->scripts);

	if (getpwnam("keepalived_script") != NULL)
		return;		/* the rule only applies without the user */
	ck_assert(s->disabled);
	ck_assert_diag(&u, 3,
	    "Unable to set default user keepalived_script for script");
	conf_free(c);
}
END_TEST

START_TEST(test_not_executable)
{
	struct unit_diags u;
	struct conf *c;

	ck_assert_int_eq(chmod(script, 0644), 0);
	c = parse_fmt(&u, NULL, "global_defs {\n startup_script %s\n}\n",
	    script);
	ck_assert(STAILQ_FIRST(&c->scripts)->disabled);
	ck_assert_diag(&u, 2, "is not executable for uid:gid 0:0");
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("script");
	TCase *tc = tcase_create("security");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_existing_script_is_violation);
	tcase_add_test(tc, test_missing_script_disabled);
	tcase_add_test(tc, test_path_search);
	tcase_add_test(tc, test_world_writable_dir_insecure);
	tcase_add_test(tc, test_security_disables_insecure);
	tcase_add_test(tc, test_security_needs_default_user);
	tcase_add_test(tc, test_not_executable);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
