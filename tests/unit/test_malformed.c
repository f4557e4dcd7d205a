/*
 * test_malformed: broken input gives keepalived's diagnostics and never a
 * crash; whatever is returned (a conf or NULL) is freed cleanly, so the
 * ASan run of this suite also catches leaks.  Expected texts were checked
 * against `keepalived -t` 2.2.7.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "unit.h"

/* A temporary file under /tmp holding len bytes of data; path is filled. */
static void
tmp_file(char *path, size_t size, const void *data, size_t len)
{
	int fd;

	snprintf(path, size, "/tmp/vigil-malformed-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static struct conf *
load_file(const char *path, struct unit_diags *u, struct cfg_result *res)
{
	struct cfg_opts opts = { 0 };

	memset(u, 0, sizeof(*u));
	opts.config_test = true;
	opts.config_id = "testhost";
	opts.sink = unit_sink;
	opts.sink_ctx = u;
	return conf_load(path, &opts, res);
}

static unsigned
ndiags(const struct cfg_result *res)
{
	unsigned n = 0;
	int i;

	for (i = 0; i < CFG_ERR_MAX; i++)
		n += res->count[i];
	return n;
}

/* --- braces ----------------------------------------------------------- */

START_TEST(test_extra_close)
{
	struct unit_diags u;
	struct conf *c = unit_parse("global_defs {\n router_id A\n}\n}\n", &u,
	    NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 4, "Extra '}' found");
	ck_assert_str_eq(c->global.router_id, "A");
	conf_free(c);
}
END_TEST

START_TEST(test_missing_close)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c = unit_parse("vrrp_instance VI_1 {\n interface eth0\n"
	    " virtual_router_id 5\n virtual_ipaddress {\n 10.0.0.1\n", &u,
	    &res);

	ck_assert_diag(&u, 0, "There are 2 missing '}'s or extra '{'s");
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 5);
	conf_free(c);
}
END_TEST

START_TEST(test_lone_open)
{
	struct unit_diags u;
	struct conf *c = unit_parse("global_defs {\n router_id abc\n}\n{\n",
	    &u, NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 4, "Unexpected '{' - ignoring");
	ck_assert_diag(&u, 0, "There are 1 missing '}'s or extra '{'s");
	ck_assert_str_eq(c->global.router_id, "abc");
	conf_free(c);
}
END_TEST

START_TEST(test_deep_nesting)
{
	/* keepalived: "Unexpected '{'" for each and "There are 10000
	 * missing '}'s or extra '{'s". */
	static char text[16 + 10000 + 2];
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	size_t n;

	n = (size_t)snprintf(text, sizeof(text), "global_defs ");
	memset(text + n, '{', 10000);
	text[n + 10000] = '\n';
	text[n + 10001] = '\0';
	c = unit_parse(text, &u, &res);
	conf_free(c);
	ck_assert_uint_gt(ndiags(&res), 0);
	ck_assert_diag(&u, 1, "Unexpected '{' - ignoring");
	ck_assert_diag(&u, 0, "There are 10000 missing '}'s or extra '{'s");
}
END_TEST

START_TEST(test_only_open_braces)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char path[64], *buf;
	size_t len = 65536;

	c = unit_parse("{\n", &u, &res);
	ck_assert_diag(&u, 1, "Unexpected '{' - ignoring");
	ck_assert_diag(&u, 0, "There are 1 missing '}'s or extra '{'s");
	conf_free(c);

	/* A file of nothing but '{', without a newline. */
	buf = malloc(len);
	ck_assert_ptr_nonnull(buf);
	memset(buf, '{', len);
	tmp_file(path, sizeof(path), buf, len);
	free(buf);
	c = load_file(path, &u, &res);
	unlink(path);
	ck_assert_uint_gt(ndiags(&res), 0);
	ck_assert_diag(&u, 0, "missing '}'s or extra '{'s");
	conf_free(c);
}
END_TEST

/* --- numbers ---------------------------------------------------------- */

START_TEST(test_bad_numbers)
{
	static const struct {
		unsigned line;
		const char *msg;
	} want[] = {
		{ 2, "invalid number '0x10'" },
		{ 2, "smtp_connect_timeout '0x10' must be in [0, 4294] - "
		    "ignoring" },
		{ 3, "number '99999999999999999999999' outside unsigned "
		    "integer range" },
		{ 3, "vrrp_garp_master_repeat '99999999999999999999999' "
		    "invalid - ignoring" },
		{ 4, "number '-3' outside range [2, 3]" },
		{ 4, "VRRP Error: Version must be either 2 or 3" },
		{ 8, "invalid number '0x20'" },
		{ 8, "(VI_1): VRID '0x20' not valid - must be between 1 & 255" },
		{ 9, "invalid number '50junk'" },
		{ 9, "(VI_1) Priority not valid! must be between 1 & 255. "
		    "Using default 100" },
		{ 10, "negative number '-1'" },
		{ 10, "(VI_1) Advert interval (-1) not valid! Must be > 0 - "
		    "ignoring" },
		{ 17, "invalid number '0x5'" },
		{ 17, "virtual server delay loop '0x5' invalid - ignoring" },
		{ 18, "negative number '-2'" },
		{ 18, "Quorum -2 must be in [1, 4294967295]. Setting to 1." },
		{ 20, "invalid number '1e3'" },
		{ 20, "Real server weight 1e3 is outside range 0-2147483647" },
		{ 22, "number '99999' outside range [1, 65535]" },
		{ 22, "Invalid checker connect_port '99999'" },
		{ 23, "invalid number '5x'" },
		{ 23, "Invalid retry connection value '5x'" },
		{ 0, "(VI_1) the virtual router id must be set" },
	};
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	size_t i;

	c = unit_parse(
	    "global_defs {\n"
	    " smtp_connect_timeout 0x10\n"
	    " vrrp_garp_master_repeat 99999999999999999999999\n"
	    " vrrp_version -3\n"
	    "}\n"
	    "vrrp_instance VI_1 {\n"
	    " interface eth0\n"
	    " virtual_router_id 0x20\n"			/* 8 */
	    " priority 50junk\n"
	    " advert_int -1\n"
	    " virtual_ipaddress {\n"
	    "  10.0.0.1\n"
	    " }\n"
	    "}\n"
	    "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n"
	    " delay_loop 0x5\n"				/* 17 */
	    " quorum -2\n"
	    " real_server 10.0.0.2 80 {\n"
	    "  weight 1e3\n"
	    "  TCP_CHECK {\n"
	    "   connect_port 99999\n"			/* 22 */
	    "   retry 5x\n"
	    "  }\n"
	    " }\n"
	    "}\n", &u, &res);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_diag(&u, want[i].line, want[i].msg);
	/* keepalived -t: exit status 5 (configuration errors). */
	ck_assert_int_eq(res.exit_status, 0);
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 5);
	conf_free(c);
}
END_TEST

/* --- quotes ----------------------------------------------------------- */

START_TEST(test_unterminated_quote)
{
	/* keepalived drops the unmatched word: router_id has no value. */
	struct unit_diags u;
	struct conf *c = unit_parse("global_defs {\n router_id \"abc\n}\n",
	    &u, NULL);
	bool unset;

	ck_assert_ptr_nonnull(c);
	unset = c->global.router_id == NULL;
	conf_free(c);
	ck_assert_diag(&u, 2, "Unterminated quote 'router_id \"abc'");
	ck_assert_diag(&u, 2, "Unmatched quote: 'router_id \"abc'");
	ck_assert_diag(&u, 2, "routerid name missing - ignoring");
	ck_assert_msg(unset, "router_id set from an unmatched quote");
}
END_TEST

/* --- includes --------------------------------------------------------- */

START_TEST(test_missing_include)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char path[64], text[160];

	snprintf(text, sizeof(text), "include /tmp/vigil-no-such-dir/x.conf\n"
	    "global_defs {\n router_id A\n}\n");
	tmp_file(path, sizeof(path), text, strlen(text));
	c = load_file(path, &u, &res);
	unlink(path);
	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&u, 1,
	    "Config files missing '/tmp/vigil-no-such-dir/x.conf'.");
	ck_assert_str_eq(c->global.router_id, "A");
	conf_free(c);
}
END_TEST

START_TEST(test_self_include)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char path[64], text[200], msg[200];
	int fd;

	tmp_file(path, sizeof(path), "", 0);
	snprintf(text, sizeof(text), "include %s\nglobal_defs {\n router_id A\n"
	    "}\n", path);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	c = load_file(path, &u, &res);
	unlink(path);
	snprintf(msg, sizeof(msg), "Configuration file '%s' is already being "
	    "read (recursive include) - skipping", path);
	ck_assert_diag(&u, 1, msg);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "A");
	conf_free(c);
}
END_TEST

START_TEST(test_mutual_include)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char a[64], b[64], text[200], msg[200];
	int fd;

	tmp_file(a, sizeof(a), "", 0);
	snprintf(text, sizeof(text), "include %s\n", a);
	tmp_file(b, sizeof(b), text, strlen(text));
	snprintf(text, sizeof(text), "include %s\nglobal_defs {\n router_id B\n"
	    "}\n", b);
	fd = open(a, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	c = load_file(a, &u, &res);
	unlink(a);
	unlink(b);
	snprintf(msg, sizeof(msg), "Configuration file '%s' is already being "
	    "read (recursive include) - skipping", a);
	ck_assert_diag(&u, 1, msg);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "B");
	conf_free(c);
}
END_TEST

/* --- size and garbage ------------------------------------------------- */

#define TEN_MB	(10u * 1024 * 1024)

START_TEST(test_ten_mb_line)
{
	/* keepalived reads such a line in MAXBUF pieces: each piece after
	 * the first is an unknown keyword made of 'x'. */
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char *text;
	size_t n;

	text = malloc(TEN_MB + 64);
	ck_assert_ptr_nonnull(text);
	n = (size_t)snprintf(text, 64, "global_defs {\n router_id ");
	memset(text + n, 'x', TEN_MB);
	snprintf(text + n + TEN_MB, 64, "\n}\n");
	c = unit_parse(text, &u, &res);
	free(text);
	ck_assert_uint_gt(ndiags(&res), 0);
	ck_assert_diag(&u, 0, "Unknown keyword 'xxxxxxxx");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(c->global.router_id);
	ck_assert_int_eq(c->global.router_id[0], 'x');
	conf_free(c);
}
END_TEST

START_TEST(test_ten_mb_binary)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char path[64];
	unsigned char *buf;
	uint32_t x = 12345;	/* fixed seed: xorshift32 */
	size_t i;

	buf = malloc(TEN_MB);
	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < TEN_MB; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	tmp_file(path, sizeof(path), buf, TEN_MB);
	free(buf);
	c = load_file(path, &u, &res);
	unlink(path);
	ck_assert_uint_gt(ndiags(&res), 0);
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 5);
	conf_free(c);
}
END_TEST

START_TEST(test_nul_in_line)
{
	/* keepalived reads lines with fgets(): the NUL ends the line's text
	 * and it says nothing.  What matters here is no crash and the same
	 * value. */
	static const char text[] = "global_defs {\n router_id ab\0cd\n}\n";
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char path[64];

	tmp_file(path, sizeof(path), text, sizeof(text) - 1);
	c = load_file(path, &u, &res);
	unlink(path);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "ab");
	ck_assert_no_diag(&u, "Unknown keyword");
	conf_free(c);
}
END_TEST

START_TEST(test_many_unknown_keywords)
{
	struct unit_diags u;
	struct cfg_result res;
	struct conf *c;
	char *text, *p;
	size_t i, size = 100000 * 16;

	text = malloc(size);
	ck_assert_ptr_nonnull(text);
	for (i = 0, p = text; i < 100000; i++)
		p += snprintf(p, (size_t)(text + size - p), "foo%zu\n", i);
	c = unit_parse(text, &u, &res);
	free(text);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(res.count[CFG_UNKNOWN_KEYWORD], 100000);
	ck_assert_diag(&u, 1, "Unknown keyword 'foo0'");
	ck_assert_int_eq(cfg_err_exit_status(res.worst), 5);
	conf_free(c);
}
END_TEST

/*
 * A definition that refers to itself grows past the line length; the
 * failed substitution must leave the line as written, or its pieces are
 * expanded again and again (found by fuzz_parser: 12 s and 2 GB).  The
 * suite's per-test timeout bounds this case.
 */
START_TEST(test_self_growing_definition)
{
	static const char text[] = "$IF=e ${ADDR} dev ${IF}\n"
	    " }\n"
	    "}\n"
	    "$MULTI_0 {\n"
	    "\tstate BACKU $IF\n"
	    " \002\000\000\000\000\000\000\000ipaddress {\n"
	    "  $ADDR\n"
	    "  ${ADDR} dev ${IF}\n"
	    " }\n"
	    "}\n"
	    "$MULTI_0 {\n"
	    "\tstate BACKUP\n"
	    "\tinterface eth0\n"
	    "\tvirtual_router_idTI }\n"
	    "";
	char path[] = "/tmp/vigil-malformed-XXXXXX";
	struct unit_diags u;
	struct cfg_opts opts = { 0 };
	struct cfg_result res;
	struct conf *c;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1),
	    (ssize_t)sizeof(text) - 1);
	close(fd);
	memset(&u, 0, sizeof(u));
	opts.config_test = true;
	opts.sink = unit_sink;
	opts.sink_ctx = &u;
	c = conf_load(path, &opts, &res);
	unlink(path);
	ck_assert_diag(&u, 0, "would exceed maximum line length");
	ck_assert_int_lt(u.n, 60);
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("malformed");
	TCase *tc = tcase_create("malformed");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_extra_close);
	tcase_add_test(tc, test_missing_close);
	tcase_add_test(tc, test_lone_open);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_only_open_braces);
	tcase_add_test(tc, test_bad_numbers);
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_missing_include);
	tcase_add_test(tc, test_self_include);
	tcase_add_test(tc, test_mutual_include);
	tcase_add_test(tc, test_ten_mb_line);
	tcase_add_test(tc, test_ten_mb_binary);
	tcase_add_test(tc, test_nul_in_line);
	tcase_add_test(tc, test_many_unknown_keywords);
	tcase_add_test(tc, test_self_growing_definition);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
