/*
 * test_read: the read_line layer (comments, include, @ID, $NAME, ~SEQ,
 * ~LST) checked against what keepalived 2.2.7 prints for the same text.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#define FILES	TEST_SRCDIR "/unit/files"

/* Parse a file; diagnostics in *u. */
static struct conf *
parse_file(const char *path, bool strict, struct unit_diags *u,
    struct cfg_result *res)
{
	struct cfg_opts opts = { 0 };

	memset(u, 0, sizeof(*u));
	opts.config_test = true;
	opts.config_id = "testhost";
	opts.include_check = strict;
	opts.sink = unit_sink;
	opts.sink_ctx = u;
	return conf_load(path, &opts, res);
}

/* A temporary file with text and mode; the path is written to path. */
static void
tmp_file(char *path, size_t sz, const char *text, mode_t mode)
{
	int fd;

	snprintf(path, sz, "/tmp/vigil_read_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
}

static char *
router_id(const char *text, struct unit_diags *u)
{
	static char buf[4096];
	struct conf *c = unit_parse(text, u, NULL);

	buf[0] = '\0';
	if (c != NULL && c->global.router_id != NULL)
		snprintf(buf, sizeof(buf), "%s", c->global.router_id);
	conf_free(c);
	return buf;
}

START_TEST(test_comments)
{
	struct unit_diags u;

	ck_assert_str_eq(router_id("global_defs {\n router_id A!x # c\n}\n",
	    &u), "A");
	ck_assert_str_eq(router_id("global_defs {\n router_id A\\#x\\!\n}\n",
	    &u), "A#x!");
	ck_assert_str_eq(router_id("global_defs {\n router_id \"a # b\"\n}\n",
	    &u), "a # b");
	ck_assert_str_eq(router_id("global_defs {\r\n router_id CR\r\n}\r\n",
	    &u), "CR");
	router_id("kwq \"abc\n", &u);
	ck_assert_diag(&u, 1, "Unterminated quote 'kwq \"abc'");
}
END_TEST

START_TEST(test_conditional)
{
	struct unit_diags u;

	ck_assert_str_eq(router_id("global_defs {\n@testhost router_id T\n"
	    "@other router_id O\n}\n", &u), "T");
	ck_assert_str_eq(router_id("global_defs {\n@^testhost router_id T\n"
	    "@^other router_id O\n}\n", &u), "O");
	router_id("@testhost\nkw_b\n", &u);
	ck_assert_int_eq(u.n, 1);
	ck_assert_diag(&u, 2, "Unknown keyword 'kw_b'");
	/* The rest of a line after a brace is read again. */
	router_id("kwA { @testhost kwB\n", &u);
	ck_assert_diag(&u, 1, "Unknown keyword 'kwB'");
}
END_TEST

START_TEST(test_definitions)
{
	struct unit_diags u;

	ck_assert_str_eq(router_id("$A=val\nglobal_defs {\n router_id "
	    "${A}_$A\n}\n", &u), "val_val");
	ck_assert_str_eq(router_id("$A=val\nglobal_defs {\n router_id "
	    "${A}x$Aq\n}\n", &u), "valx$Aq");
	ck_assert_str_eq(router_id("$A=val\nglobal_defs {\n router_id $A\n}\n",
	    &u), "val");
	/* Expanded at use time, recursively. */
	ck_assert_str_eq(router_id("$X=${Y}_x\n$Y=1\n$Y=2\nglobal_defs {\n"
	    " router_id $X\n}\n", &u), "2_x");
	ck_assert_str_eq(router_id("global_defs {\n router_id \"${UNDEF}\"\n}\n",
	    &u), "${UNDEF}");
	router_id("$B =x\n", &u);
	ck_assert_diag(&u, 1, "Unknown keyword '$B'");
	ck_assert_str_eq(router_id("$E=\nglobal_defs {\n router_id a${E}b\n}\n",
	    &u), "ab");
	ck_assert_str_eq(router_id("global_defs {\n router_id "
	    "${_INSTANCE}\n}\n", &u), "testhost");
	ck_assert_str_eq(router_id("global_defs {\n router_id "
	    "\"${_HASH}${_BANG}\"\n}\n", &u), "#!");
	ck_assert_str_eq(router_id("global_defs {\n router_id "
	    "r${_RANDOM 5 5}\n}\n", &u), "r5");
	ck_assert_ptr_nonnull(strchr(router_id("global_defs {\n router_id "
	    "${_PWD}\n}\n", &u), '/'));
}
END_TEST

START_TEST(test_multiline)
{
	struct unit_diags u;

	router_id("kw1\n$M= \\\n mA $N \\\n mB\n$N=n\nkw6\n$M\nkw8\n", &u);
	ck_assert_diag(&u, 7, "Unknown keyword 'mA'");
	ck_assert_diag(&u, 7, "Unknown keyword 'mB'");
	ck_assert_diag(&u, 8, "Unknown keyword 'kw8'");
	ck_assert_str_eq(router_id("$G= \\\nglobal_defs { \\\n router_id ML "
	    "\\\n}\n$G\n", &u), "ML");
}
END_TEST

START_TEST(test_seq_lst)
{
	struct unit_diags u;

	router_id("~SEQ(i, 1, 3) seq$i\n~SEQx(j, 9, 3, 15) hx$j\n"
	    "~SEQ(k, 2, 1) d$k\n~LST({p,q}, {1,2}, {3}) l_${p}_${q}\n"
	    "~SEQ(a,1,2) ~SEQ(b,1,2) n${a}$b\n~junk\n", &u);
	ck_assert_diag(&u, 1, "Unknown keyword 'seq3'");
	ck_assert_diag(&u, 2, "Unknown keyword 'hxc'");
	ck_assert_diag(&u, 2, "Unknown keyword 'hxf'");
	ck_assert_diag(&u, 3, "Unknown keyword 'd1'");
	ck_assert_diag(&u, 4, "Unknown keyword 'l_1_2'");
	ck_assert_diag(&u, 4, "Unknown keyword 'l_3_'");
	ck_assert_diag(&u, 5, "Unknown keyword 'n22'");
	ck_assert_diag(&u, 6, "Unknown keyword '~junk'");
}
END_TEST

START_TEST(test_seq_errors)
{
	struct unit_diags u;

	router_id("~SEQ(i, 1, 3 x\n~SEQ(i) x\n~SEQ(i, 1, 0, 3) x\n"
	    "~SEQx(i, -1, 3) x\n~SEQ i, 1) x\n~LST(v) x\n~LST({a}, {1,2}) x\n",
	    &u);
	ck_assert_diag(&u, 1, "~SEQ parameter strings too long "
	    "'~SEQ(i, 1, 3 x'");
	ck_assert_diag(&u, 1, "Invalid ~SEQ specification '~SEQ(i, 1, 3 x'");
	ck_assert_diag(&u, 2, "Invalid ~SEQ definition '~SEQ(i) x'");
	ck_assert_diag(&u, 3, "Invalid ~SEQ values '~SEQ(i, 1, 0, 3) x'");
	ck_assert_diag(&u, 4, "~SEQx is only valid for positive numbers");
	ck_assert_diag(&u, 5, "Invalid ~SEQ specification '~SEQ i, 1) x'");
	ck_assert_diag(&u, 6, "Invalid ~LST specification '~LST(v) x'");
	ck_assert_diag(&u, 7, "~LST specification has too many values");
}
END_TEST

START_TEST(test_include)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = parse_file(FILES "/a.conf", false, &u, &res);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "FROM_A");
	ck_assert_diag(&u, 1, "Unknown keyword 'b_kw'");
	conf_free(c);
	c = unit_parse("include " FILES "/inc/rid.conf\n"
	    "include /nonexistent/x.conf\ninclude /nonexistent*.conf\n", &u,
	    &res);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "NESTED");
	ck_assert_diag(&u, 2, "Config files missing '/nonexistent/x.conf'.");
	ck_assert_int_eq(res.exit_status, 0);
	ck_assert_int_eq(u.n, 1);
	conf_free(c);
	c = unit_parse("includem /nonexistent/x.conf\n", &u, &res);
	ck_assert_diag(&u, 1, "Config files missing '/nonexistent/x.conf'.");
	ck_assert_int_eq(res.exit_status, 6);
	conf_free(c);
	c = unit_parse("includew /nonexistent*.conf\n", &u, &res);
	ck_assert_diag(&u, 1, "No config files matched '/nonexistent*.conf'.");
	ck_assert_int_eq(res.exit_status, 6);
	conf_free(c);
	c = unit_parse("includeb " FILES "/inc/{rid,zz}.conf\n", &u, &res);
	ck_assert_diag(&u, 1, "Some config files missing");
	ck_assert_int_eq(res.exit_status, 6);
	conf_free(c);
	c = unit_parse("include " FILES "/inc\n", &u, &res);
	ck_assert_diag(&u, 1, "is a directory - skipping");
	conf_free(c);
}
END_TEST

START_TEST(test_include_exec_and_recursion)
{
	struct unit_diags u;
	struct cfg_result res;
	char path[64], text[128];
	struct conf *c;

	tmp_file(path, sizeof(path), "kw_exec\n", 0755);
	snprintf(text, sizeof(text), "includer %s\n", path);
	c = unit_parse(text, &u, &res);
	ck_assert_diag(&u, 1, "is not a regular non-executable file - "
	    "skipping");
	ck_assert_int_eq(res.exit_status, 6);
	conf_free(c);
	unlink(path);
	/* A file including itself. */
	tmp_file(path, sizeof(path), "", 0644);
	snprintf(text, sizeof(text), "r1\ninclude %s\nr3\n", path);
	tmp_file(path, sizeof(path), text, 0644);
	snprintf(text, sizeof(text), "r1\ninclude %s\nr3\n", path);
	{
		FILE *f = fopen(path, "w");

		fputs(text, f);
		fclose(f);
	}
	c = parse_file(path, false, &u, &res);
	ck_assert_diag(&u, 2, "recursive include");
	ck_assert_diag(&u, 3, "Unknown keyword 'r3'");
	conf_free(c);
	unlink(path);
}
END_TEST

START_TEST(test_main_file)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;

	c = parse_file("/nonexistent/k.conf", false, &u, &res);
	ck_assert_ptr_null(c);
	ck_assert(res.no_config);
	ck_assert_diag(&u, 0, "Config files missing '/nonexistent/k.conf'.");
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 0);
	c = parse_file("/nonexistent/k.conf", true, &u, &res);
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 4);
	c = parse_file(FILES "/inc/*.conf", false, &u, &res);
	ck_assert_diag(&u, 0, "WARNING, multiple configuration file matches "
	    "of " FILES "/inc/*.conf, starting with " FILES "/inc/b.conf");
	/* Every match is read. */
	ck_assert_str_eq(c->global.router_id, "NESTED");
	ck_assert_diag(&u, 1, "Unknown keyword 'b_kw'");
	conf_free(c);
}
END_TEST

START_TEST(test_robust)
{
	struct unit_diags u;
	size_t n = 10 * 1024 * 1024, i;
	char *big = malloc(n + 64);
	unsigned seed = 1;
	struct conf *c;

	memset(big, 'a', n);
	snprintf(big + n, 64, "\nkw_after\n");
	c = unit_parse(big, &u, NULL);
	ck_assert_diag(&u, 2, "Unknown keyword 'kw_after'");
	conf_free(c);
	for (i = 0; i < n; i++)
		big[i] = (char)(rand_r(&seed) % 255 + 1);
	big[n] = '\0';
	conf_free(unit_parse(big, &u, NULL));
	free(big);
	router_id("$C=$C\nkwc $C\n", &u);
	ck_assert_diag(&u, 2, "does not terminate");
	router_id("$M= \\\n x \\\n $M\n$M\n", &u);
	ck_assert_diag(&u, 4, "nested too deeply");
	router_id("~SEQ(i, 0, 2000000000) x\n", &u);
	ck_assert_diag(&u, 1, "Too many lines generated");
}
END_TEST

static Suite *
read_suite(void)
{
	Suite *s = suite_create("read");
	TCase *tc = tcase_create("read");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_conditional);
	tcase_add_test(tc, test_definitions);
	tcase_add_test(tc, test_multiline);
	tcase_add_test(tc, test_seq_lst);
	tcase_add_test(tc, test_seq_errors);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_include_exec_and_recursion);
	tcase_add_test(tc, test_main_file);
	tcase_add_test(tc, test_robust);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { read_suite() };

	return unit_run(s, 1);
}
