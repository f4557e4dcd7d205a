/*
 * test_kw_msg: the keyword messages of the generic handlers (kw->msg in
 * parser/engine.h).  The expanded text must be exactly what keepalived's
 * printf-style call printed, "%N" naming the enclosing object, including
 * when a long argument makes the message reach the 1023-character limit
 * of a diagnostic; a value that fails is not stored.
 */
#include <stdbool.h>
#include <stdint.h>

#include "unit.h"

#define FULL_MAX	8

/* Whole messages, unlike unit_sink's 512-byte copies. */
struct full_diags {
	int	n;
	char	msg[FULL_MAX][1100];
};

static void
full_sink(void *ctx, const struct cfg_diag *d)
{
	struct full_diags *u = ctx;

	if (u->n < FULL_MAX)
		snprintf(u->msg[u->n++], sizeof(u->msg[0]), "%s", d->msg);
}

static struct conf *
parse_full(const char *text, struct full_diags *u)
{
	struct cfg_opts opts = { 0 };
	struct cfg_result r;

	memset(u, 0, sizeof(*u));
	opts.config_test = true;
	opts.config_id = "testhost";
	opts.sink = full_sink;
	opts.sink_ctx = u;
	return conf_load_string(text, "test.conf", &opts, &r);
}

static bool
has_msg(const struct full_diags *u, const char *want)
{
	int i;

	for (i = 0; i < u->n; i++)
		if (!strcmp(u->msg[i], want))
			return true;
	return false;
}

static const struct vrrp_instance_conf *
first_instance(const struct conf *c)
{
	return STAILQ_FIRST(&c->vrrp.instances);
}

START_TEST(test_object_name_and_value)
{
	struct full_diags u;
	struct conf *c = parse_full("vrrp_instance VI_9 {\n"
	    " virtual_router_id 0\n debug 5\n debug 3\n unicast_ttl 300\n"
	    "}\n", &u);

	ck_assert_ptr_nonnull(c);
	ck_assert(has_msg(&u, "(VI_9): VRID '0' not valid - must be between "
	    "1 & 255"));
	ck_assert(has_msg(&u, "(VI_9) Debug value '5' not valid; must be "
	    "between 0-4"));
	ck_assert(has_msg(&u, "(VI_9): TTL '300' not valid - must be between "
	    "0 & 255"));
	/* failures store nothing; the valid line does */
	ck_assert_uint_eq(first_instance(c)->vrid, 0);
	ck_assert_uint_eq(first_instance(c)->debug, 3);
	ck_assert_int_eq(first_instance(c)->unicast_ttl, -1);
	conf_free(c);
}
END_TEST

/* Name and argument long enough to cut the message at 1023 bytes. */
START_TEST(test_truncation_as_printf)
{
	struct full_diags u;
	char name[700], arg[700], text[2000], want[2048];
	struct conf *c;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(arg, '9', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	snprintf(text, sizeof(text), "vrrp_instance %s {\n"
	    " virtual_router_id %s\n}\n", name, arg);
	c = parse_full(text, &u);
	snprintf(want, sizeof(want), "(%s): VRID '%s' not valid - must be "
	    "between 1 & 255", name, arg);
	ck_assert_uint_gt(strlen(want), 1023);
	want[1023] = '\0';	/* a diagnostic holds 1023 bytes */
	ck_assert(has_msg(&u, want));
	conf_free(c);
}
END_TEST

/* cfg_h_str with a message: missing or, with max, too many words. */
START_TEST(test_str_message)
{
	struct full_diags u;
	struct conf *c = parse_full("virtual_server 10.0.0.1 80 {\n"
	    " snmp_name a b\n virtualhost\n real_server 10.0.0.2 80 {\n"
	    " }\n}\n", &u);
	const struct check_vs *vs;

	ck_assert_ptr_nonnull(c);
	ck_assert(has_msg(&u, "virtual server snmp_name missing or extra "
	    "parameters"));
	ck_assert(has_msg(&u, "virtual server virtualhost missing"));
	vs = STAILQ_FIRST(&c->check.vss);
	ck_assert_ptr_nonnull(vs);
	ck_assert_ptr_null(vs->snmp_name);
	ck_assert_ptr_null(vs->virtualhost);
	conf_free(c);

	c = parse_full("virtual_server 10.0.0.1 80 {\n snmp_name a\n"
	    " real_server 10.0.0.2 80 {\n }\n}\n", &u);
	ck_assert_ptr_nonnull(c);
	ck_assert(!has_msg(&u, "virtual server snmp_name missing or extra "
	    "parameters"));
	ck_assert_str_eq(STAILQ_FIRST(&c->check.vss)->snmp_name, "a");
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kw_msg");
	TCase *tc = tcase_create("kw_msg");

	tcase_add_test(tc, test_object_name_and_value);
	tcase_add_test(tc, test_truncation_as_printf);
	tcase_add_test(tc, test_str_message);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
