/*
 * test_mysql: MYSQL_CHECK, from its keywords to real MariaDB servers.
 *
 * The parse suite checks that every keyword lands in the model, the
 * defaults, the diagnostics and the dump (the password stays out of it).
 *
 * The server suite runs the checker engine against the MariaDB
 * dual-master lab of tests/lab/lab.sh (two mariadbd replicating from each
 * other in network namespaces of their own), brought up once by main()
 * through tests/unit/mysql_lab.sh and torn down at the end.  The test
 * process joins the lab's client namespace and checks the nodes from
 * there: healthy server, wrong password, query/expect mismatch, read_only,
 * option file, stopped SQL thread, replication lag (MASTER_DELAY with an
 * old event), a frozen server (SIGSTOP: bounded by connect_timeout while
 * another check completes meanwhile) and a stopped server.  Timings are
 * printed.  Without root or when MariaDB cannot be installed the server
 * suite is skipped with a message; any other lab failure fails the test.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "unit.h"
#include "check_engine.h"

#define LAB_SH		TEST_SRCDIR "/unit/mysql_lab.sh"
#define NODE1		"192.168.222.128"
#define NODE2		"192.168.222.129"
#define CHECK_USER	"vigil_check"
#define CHECK_PASS	"vigil_check_pw"
#define MAX_RS		4

static char lab_id[32];

/* --- the lab -------------------------------------------------------------- */

/* Run mysql_lab.sh CMD lab_id [a] [b]; stdout into out (may be NULL).
 * Returns the exit status, or -1. */
static int
lab(const char *cmd, const char *a, const char *b, char *out, size_t outlen)
{
	const char *argv[] = { "/bin/bash", LAB_SH, cmd, lab_id, a, b, NULL };
	char scratch[4096];
	int p[2], st;
	size_t have = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	/* Read to the end (the rest is dropped) so the child never blocks. */
	while ((n = read(p[0], scratch, sizeof(scratch))) > 0)
		if (out != NULL && have + 1 < outlen) {
			if ((size_t)n > outlen - 1 - have)
				n = (ssize_t)(outlen - 1 - have);
			memcpy(out + have, scratch, (size_t)n);
			have += (size_t)n;
		}
	if (out != NULL)
		out[have] = '\0';
	close(p[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
lab_ok(const char *cmd, const char *a, const char *b)
{
	ck_assert_msg(lab(cmd, a, b, NULL, 0) == 0, "mysql_lab.sh %s %s %s "
	    "failed", cmd, a ? a : "", b ? b : "");
}

static void
sql(const char *node, const char *q)
{
	ck_assert_msg(lab("sql", node, q, NULL, 0) == 0, "SQL on %s failed: "
	    "%s", node, q);
}

/* One field of SHOW SLAVE STATUS on node (empty when none). */
static void
slave_field(const char *node, const char *field, char *out, size_t len)
{
	if (lab("field", node, field, out, len) != 0)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

/* Poll (bounded) until field of node's slave status satisfies pred. */
static bool
wait_slave(const char *node, const char *field, bool (*pred)(const char *),
    int timeout_ms)
{
	uint64_t deadline = ev_clock_us() + (uint64_t)timeout_ms * 1000;
	char v[64];
	int n;

	for (n = 0; n < 400; n++) {
		slave_field(node, field, v, sizeof(v));
		if (pred(v))
			return true;
		if (ev_clock_us() > deadline)
			break;
		usleep(50000);
	}
	return false;
}

static bool
is_yes(const char *v)
{
	return strcmp(v, "Yes") == 0;
}

static bool
is_no(const char *v)
{
	return strcmp(v, "No") == 0;
}

static bool
lag_high(const char *v)
{
	return v[0] != '\0' && strcmp(v, "NULL") != 0 && atol(v) > 600;
}

static bool
lag_zero(const char *v)
{
	return strcmp(v, "0") == 0;
}

static int
join_ns(const char *node)
{
	char name[128], path[160];
	size_t n;
	int fd, rc;

	if (lab("ns", node, NULL, name, sizeof(name)) != 0)
		return -1;
	n = strcspn(name, "\n");
	name[n] = '\0';
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = setns(fd, CLONE_NEWNET);
	close(fd);
	return rc;
}

/* --- running the checker -------------------------------------------------- */

struct run {
	unsigned	 n;
	bool		 alive[MAX_RS];
	char		 why[MAX_RS][CE_STR_MAX];
	uint64_t	 took_us[MAX_RS];	/* attempt start to verdict */
	char		 dump[16384];
	char		 log[256];
};

/* The checker blocks (each "real_server ADDR PORT { MYSQL_CHECK {...} }")
 * inside one virtual server; run every checker once. */
static void
run_checks(const char *servers, struct run *r)
{
	struct unit_diags d;
	struct check_child cc;
	struct ce_engine *e;
	struct conf *conf;
	char text[8192];
	uint64_t deadline, done[MAX_RS] = { 0 };
	unsigned i, pending;
	FILE *fp;
	int k;

	memset(r, 0, sizeof(*r));
	snprintf(text, sizeof(text), "global_defs {\n router_id T\n}\n"
	    "virtual_server 192.168.222.130 3306 {\n delay_loop 60\n"
	    " lb_algo rr\n lb_kind DR\n protocol TCP\n%s}\n", servers);
	conf = unit_parse(text, &d, NULL);
	for (k = 0; k < d.n; k++)
		fprintf(stderr, "diag: %s\n", d.msg[k]);
	ck_assert_ptr_nonnull(conf);
	memset(&cc, 0, sizeof(cc));
	cc.loop = ev_loop_new();
	ck_assert_ptr_nonnull(cc.loop);
	cc.conf = conf;
	cc.chan = -1;
	e = ce_engine_start(&cc);
	ck_assert_uint_eq(e->nvs, 1);
	r->n = e->vs[0].nrs;
	ck_assert_uint_le(r->n, MAX_RS);
	deadline = ev_clock_us() + 30000000;
	do {
		ev_loop_once(cc.loop, 5000);
		pending = 0;
		for (i = 0; i < r->n; i++) {
			struct ce_checker *c = &e->vs[0].rs[i].chk[0];

			ck_assert_uint_eq(e->vs[0].rs[i].nchk, 1);
			if (done[i] == 0 && c->sc.has_run && !c->busy)
				done[i] = ev_clock_us();
			if (done[i] == 0)
				pending++;
		}
	} while (pending > 0 && ev_clock_us() < deadline);
	ck_assert_msg(pending == 0, "%u checkers did not finish", pending);
	for (i = 0; i < r->n; i++) {
		struct ce_rs *rs = &e->vs[0].rs[i];

		r->alive[i] = rs->st.alive;
		snprintf(r->why[i], sizeof(r->why[i]), "%s", rs->chk[0].why);
		r->took_us[i] = done[i] - rs->chk[0].last_ran;
		fprintf(stderr, "mysql: %s: %s in %.3f s%s%s\n", rs->str,
		    r->alive[i] ? "up" : "down", r->took_us[i] / 1e6,
		    r->why[i][0] ? ": " : "", r->why[i]);
	}
	fp = fmemopen(r->dump, sizeof(r->dump) - 1, "w");
	ck_assert_ptr_nonnull(fp);
	ce_dump(e, fp);
	fclose(fp);
	ce_engine_stop(e);
	ce_engine_free(e);
	ev_loop_free(cc.loop);
	conf_free(conf);
}

/* One real server at addr with a MYSQL_CHECK of body (plus the
 * defaults below: 2 s connect_timeout, no warmup). */
static const char *
rs_block(char *buf, size_t len, const char *addr, const char *body)
{
	snprintf(buf, len, " real_server %s 3306 {\n  MYSQL_CHECK {\n"
	    "   connect_timeout 2\n   warmup 0\n%s  }\n }\n", addr, body);
	return buf;
}

static void
run_one(const char *addr, const char *body, struct run *r)
{
	char b[2048];

	run_checks(rs_block(b, sizeof(b), addr, body), r);
	ck_assert_uint_eq(r->n, 1);
}

#define CREDS	"   user " CHECK_USER "\n   password " CHECK_PASS "\n"

#define ck_assert_down(r, i, needle) do {				\
	ck_assert_msg(!(r)->alive[i], "rs %d up, expected down", i);	\
	ck_assert_msg(strstr((r)->why[i], needle) != NULL,		\
	    "reason '%s' lacks '%s'", (r)->why[i], needle);		\
} while (0)

/* --- the server suite ------------------------------------------------------ */

START_TEST(test_healthy)
{
	struct run r;

	run_one(NODE1, CREDS "   query \"SELECT 1\"\n   expect 1\n"
	    "   read_only off\n   replication {\n    io_running yes\n"
	    "    sql_running yes\n    max_lag 30\n   }\n", &r);
	ck_assert_msg(r.alive[0], "healthy server down: %s", r.why[0]);
	ck_assert_str_eq(r.why[0], "");
	ck_assert_ptr_nonnull(strstr(r.dump, "Checker type = MYSQL_CHECK"));
	ck_assert_ptr_null(strstr(r.dump, "Last failure"));
	ck_assert_uint_lt(r.took_us[0], 1000000);
}
END_TEST

START_TEST(test_wrong_password)
{
	struct run r;

	run_one(NODE1, "   user " CHECK_USER "\n   password wrong\n", &r);
	ck_assert_down(&r, 0, "connect: Access denied for user 'vigil_check'");
	ck_assert_down(&r, 0, "(1045)");
	ck_assert_ptr_nonnull(strstr(r.dump,
	    "Last failure = connect: Access denied"));
}
END_TEST

START_TEST(test_expect_mismatch)
{
	struct run r;

	run_one(NODE1, CREDS "   query SELECT 2\n   expect 1\n", &r);
	ck_assert_down(&r, 0, "query returned '2', expected '1'");
	run_one(NODE1, CREDS "   query \"SELECT NULL\"\n   expect 1\n", &r);
	ck_assert_down(&r, 0, "query returned NULL");
	run_one(NODE1, CREDS "   query \"SELECT nosuchcolumn\"\n", &r);
	ck_assert_down(&r, 0, "query: Unknown column");
	/* A query without expect only has to succeed. */
	run_one(NODE1, CREDS "   query \"SELECT 'anything'\"\n", &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
}
END_TEST

START_TEST(test_read_only)
{
	struct run r;

	run_one(NODE2, CREDS "   read_only on\n", &r);
	ck_assert_down(&r, 0, "read_only is OFF, expected ON");
	sql("node2", "SET GLOBAL read_only = ON");
	run_one(NODE2, CREDS "   read_only on\n", &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
	run_one(NODE2, CREDS "   read_only off\n", &r);
	ck_assert_down(&r, 0, "read_only is ON, expected OFF");
	run_one(NODE2, CREDS "   read_only any\n", &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
	sql("node2", "SET GLOBAL read_only = OFF");
}
END_TEST

START_TEST(test_option_file)
{
	char path[] = "/tmp/vigil-mysql-cnf.XXXXXX", body[512];
	/* libmariadb always reads [client] too: the later group wins. */
	const char *cnf = "[client]\nuser=nobody\n[vigil]\nuser="
	    CHECK_USER "\npassword=" CHECK_PASS "\n";
	struct run r;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, cnf, strlen(cnf)), (ssize_t)strlen(cnf));
	close(fd);
	snprintf(body, sizeof(body), "   option_file %s vigil\n", path);
	run_one(NODE1, body, &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
	/* Group client: user nobody, refused. */
	snprintf(body, sizeof(body), "   option_file %s\n", path);
	run_one(NODE1, body, &r);
	unlink(path);
	ck_assert_down(&r, 0, "Access denied for user 'nobody'");
}
END_TEST

START_TEST(test_sql_thread_stopped)
{
	struct run r;

	sql("node2", "STOP SLAVE SQL_THREAD");
	ck_assert(wait_slave("node2", "Slave_SQL_Running", is_no, 10000));
	run_one(NODE2, CREDS "   replication {\n    io_running yes\n"
	    "    sql_running yes\n   }\n", &r);
	ck_assert_down(&r, 0, "replication SQL thread not running (No)");
	/* Only the IO thread required: still up. */
	run_one(NODE2, CREDS "   replication {\n    io_running yes\n   }\n",
	    &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
	/* NULL lag while the SQL thread is stopped is a failure. */
	run_one(NODE2, CREDS "   replication {\n    max_lag 30\n   }\n", &r);
	ck_assert_down(&r, 0, "replication lag unknown");
	sql("node2", "START SLAVE SQL_THREAD");
	ck_assert(wait_slave("node2", "Slave_SQL_Running", is_yes, 10000));
	run_one(NODE2, CREDS "   replication {\n    io_running yes\n"
	    "    sql_running yes\n   }\n", &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
}
END_TEST

START_TEST(test_not_a_replica)
{
	struct run r;

	sql("node1", "STOP SLAVE; RESET SLAVE ALL");
	run_one(NODE1, CREDS "   replication {\n   }\n", &r);
	ck_assert_down(&r, 0, "not a replica");
	/* Back as before (lab.sh's lab_repl_setup for node1). */
	sql("node1", "CHANGE MASTER TO MASTER_HOST = '" NODE2 "', "
	    "MASTER_PORT = 3306, MASTER_USER = 'vigil_repl', "
	    "MASTER_PASSWORD = 'vigil_repl_pw', MASTER_CONNECT_RETRY = 1, "
	    "MASTER_USE_GTID = slave_pos; START SLAVE");
	ck_assert(wait_slave("node1", "Slave_IO_Running", is_yes, 15000));
}
END_TEST

/*
 * Lag: node2 applies events MASTER_DELAY seconds after they were written;
 * a row written on node1 with a timestamp an hour old makes
 * Seconds_Behind_Master about 3600 at once, while the SQL thread waits.
 */
START_TEST(test_lag)
{
	struct run r;

	sql("node2", "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 7200; "
	    "START SLAVE");
	sql("node1", "SET timestamp = UNIX_TIMESTAMP() - 3600; "
	    "INSERT INTO test_db.t_test (name, ts) VALUES ('lag', NOW(6))");
	ck_assert_msg(wait_slave("node2", "Seconds_Behind_Master", lag_high,
	    15000), "node2 does not lag");
	run_one(NODE2, CREDS "   replication {\n    sql_running yes\n"
	    "    max_lag 30\n   }\n", &r);
	ck_assert_down(&r, 0, "replication lag ");
	ck_assert_down(&r, 0, "above max_lag 30 s");
	run_one(NODE2, CREDS "   replication {\n    max_lag 100000\n   }\n",
	    &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
	sql("node2", "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 0; "
	    "START SLAVE");
	ck_assert(wait_slave("node2", "Seconds_Behind_Master", lag_zero,
	    20000));
}
END_TEST

/* A frozen server completes TCP handshakes and says nothing: the check
 * fails after connect_timeout, and the other server's check is not held
 * up meanwhile. */
START_TEST(test_frozen)
{
	char a[1024], b[1024], both[2048];
	struct run r;

	lab_ok("freeze", "node1", NULL);
	snprintf(both, sizeof(both), "%s%s",
	    rs_block(a, sizeof(a), NODE1, CREDS),
	    rs_block(b, sizeof(b), NODE2, CREDS));
	run_checks(both, &r);
	lab_ok("thaw", "node1", NULL);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_down(&r, 0, "timeout during connect");
	ck_assert_uint_ge(r.took_us[0], 1900000);
	ck_assert_uint_le(r.took_us[0], 3000000);
	ck_assert_msg(r.alive[1], "node2: %s", r.why[1]);
	ck_assert_uint_lt(r.took_us[1], 1000000);
}
END_TEST

START_TEST(test_stopped)
{
	struct run r;

	lab_ok("stop", "node2", NULL);
	run_one(NODE2, CREDS, &r);
	ck_assert_down(&r, 0, "connect: ");
	ck_assert_down(&r, 0, "(2002)");	/* CR_CONNECTION_ERROR */
	ck_assert_uint_lt(r.took_us[0], 1000000);
	lab_ok("start", "node2", NULL);
	run_one(NODE2, CREDS, &r);
	ck_assert_msg(r.alive[0], "%s", r.why[0]);
}
END_TEST

/* --- the parse suite ------------------------------------------------------- */

#define PVS	"virtual_server 10.0.0.1 3306 {\n lb_algo rr\n lb_kind NAT\n" \
	" protocol TCP\n"

static const struct check_conf *
first_checker(const struct conf *c)
{
	const struct check_vs *vs = STAILQ_FIRST(&c->check.vss);
	const struct check_rs *rs = STAILQ_FIRST(&vs->rs);

	return STAILQ_FIRST(&rs->checkers);
}

START_TEST(test_parse_all)
{
	const char *text = PVS " real_server 10.0.0.2 3307 {\n"
	    "  MYSQL_CHECK {\n   connect_ip 10.0.0.3\n   connect_port 3308\n"
	    "   bindto 10.0.0.9\n   connect_timeout 3\n   retry 2\n"
	    "   delay_before_retry 4\n   warmup 5\n   delay_loop 6\n"
	    "   user vigil_check\n   password \"s3 cret#x!\"\n"
	    "   option_file /etc/vigil/check.cnf vigil\n   database mysql\n"
	    "   query \"SELECT COUNT(*) FROM t\"\n   expect 1\n"
	    "   read_only off\n   replication {\n    io_running yes\n"
	    "    sql_running\n    max_lag 30\n   }\n  }\n }\n}\n";
	const struct check_mysql *m;
	const struct check_conf *ck;
	struct unit_diags d;
	struct conf *c;
	char buf[ADDR_STRLEN];

	c = unit_parse(text, &d, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_msg(d.n == 0, "diagnostic: %s", d.msg[0]);
	ck = first_checker(c);
	ck_assert_ptr_nonnull(ck);
	ck_assert_int_eq(ck->type, CHECK_MYSQL);
	ck_assert_str_eq(check_type_name(ck->type), "MYSQL_CHECK");
	ck_assert(!ck->dropped);
	ck_assert(ck->has_conn);
	ck_assert_str_eq(addr_str(&ck->conn.dst, buf, sizeof(buf)),
	    "10.0.0.3");
	ck_assert_uint_eq(ck->conn.dst_port, 3308);
	ck_assert_str_eq(addr_str(&ck->conn.bindto, buf, sizeof(buf)),
	    "10.0.0.9");
	ck_assert_uint_eq(ck->conn.connect_timeout, 3000000);
	ck_assert_uint_eq(ck->retry, 2);
	ck_assert_uint_eq(ck->delay_before_retry, 4000000);
	ck_assert_uint_eq(ck->warmup, 5000000);
	ck_assert_uint_eq(ck->delay_loop, 6000000);
	m = &ck->u.mysql;
	ck_assert_str_eq(m->user, "vigil_check");
	ck_assert_str_eq(m->password, "s3 cret#x!");
	ck_assert_str_eq(m->option_file, "/etc/vigil/check.cnf");
	ck_assert_str_eq(m->option_group, "vigil");
	ck_assert_str_eq(m->database, "mysql");
	ck_assert_str_eq(m->query, "SELECT COUNT(*) FROM t");
	ck_assert_str_eq(m->expect, "1");
	ck_assert_int_eq(m->read_only, CHECK_MYSQL_RO_OFF);
	ck_assert(m->replication);
	ck_assert(m->io_running);
	ck_assert(m->sql_running);
	ck_assert_uint_eq(m->max_lag, 30);
	conf_free(c);
}
END_TEST

START_TEST(test_parse_defaults)
{
	const struct check_mysql *m;
	const struct check_conf *ck;
	struct unit_diags d;
	struct conf *c;

	/* Port from the real server. */
	c = unit_parse(PVS " real_server 10.0.0.2 3307 {\n  MYSQL_CHECK {\n"
	    "   user u\n   query SELECT  1\n  }\n }\n}\n", &d, NULL);
	ck_assert_ptr_nonnull(c);
	ck = first_checker(c);
	ck_assert_uint_eq(ck->conn.dst_port, 3307);
	m = &ck->u.mysql;
	ck_assert_str_eq(m->query, "SELECT 1");
	ck_assert_ptr_null(m->password);
	ck_assert_ptr_null(m->option_file);
	ck_assert_int_eq(m->read_only, CHECK_MYSQL_RO_ANY);
	ck_assert(!m->replication);
	ck_assert_uint_eq(m->max_lag, CHECK_UNSET_U);
	ck_assert_uint_eq(ck->retry, 1);
	conf_free(c);
	/* A real server without a port: 3306; option_file's group. */
	c = unit_parse("virtual_server fwmark 7 {\n lb_algo rr\n"
	    " lb_kind DR\n real_server 10.0.0.2 {\n  MYSQL_CHECK {\n"
	    "   option_file /x.cnf\n   read_only on\n   replication {\n"
	    "   }\n  }\n }\n}\n", &d, NULL);
	ck_assert_ptr_nonnull(c);
	ck = first_checker(c);
	ck_assert(!ck->dropped);
	ck_assert_uint_eq(ck->conn.dst_port, 3306);
	m = &ck->u.mysql;
	ck_assert_str_eq(m->option_group, "client");
	ck_assert_int_eq(m->read_only, CHECK_MYSQL_RO_ON);
	ck_assert(m->replication);
	ck_assert(!m->io_running && !m->sql_running);
	conf_free(c);
}
END_TEST

START_TEST(test_parse_errors)
{
	struct unit_diags d;
	struct conf *c;

	c = unit_parse(PVS " real_server 10.0.0.2 3306 {\n  MYSQL_CHECK {\n"
	    "   user u\n   expect 1\n   read_only maybe\n"
	    "   fwmark 3\n   replication {\n    max_lag soon\n   }\n"
	    "  }\n }\n}\n", &d, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&d, 0, "MYSQL_CHECK expect without a query");
	ck_assert_diag(&d, 9, "Invalid MYSQL_CHECK read_only 'maybe'");
	ck_assert_diag(&d, 10, "Unknown keyword 'fwmark'");
	ck_assert_diag(&d, 12, "Invalid MYSQL_CHECK max_lag 'soon'");
	ck_assert_ptr_nonnull(first_checker(c));
	ck_assert_ptr_null(first_checker(c)->u.mysql.expect);
	ck_assert_uint_eq(first_checker(c)->u.mysql.max_lag, CHECK_UNSET_U);
	conf_free(c);
	/* Without user or option_file the checker is dropped. */
	c = unit_parse(PVS " real_server 10.0.0.2 3306 {\n  MYSQL_CHECK {\n"
	    "   password p\n  }\n }\n}\n", &d, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&d, 0, "MYSQL_CHECK has no user and no option_file");
	ck_assert_ptr_null(first_checker(c));
	conf_free(c);
	c = unit_parse(PVS " real_server 10.0.0.2 3306 {\n  MYSQL_CHECK {\n"
	    "   user\n   user a b\n  }\n }\n}\n", &d, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_diag(&d, 7, "MYSQL_CHECK user missing");
	ck_assert_diag(&d, 8, "MYSQL_CHECK user takes one word");
	ck_assert_str_eq(first_checker(c)->u.mysql.user, "a");
	conf_free(c);
}
END_TEST

START_TEST(test_parse_dump)
{
	struct unit_diags d;
	struct conf *c;
	char buf[16384];
	FILE *fp;

	c = unit_parse(PVS " real_server 10.0.0.2 3306 {\n  MYSQL_CHECK {\n"
	    "   user vigil_check\n   password topsecret\n"
	    "   query \"SELECT 1\"\n   expect 1\n   read_only off\n"
	    "   replication {\n    sql_running\n    max_lag 5\n   }\n"
	    "  }\n }\n}\n", &d, NULL);
	ck_assert_ptr_nonnull(c);
	fp = fmemopen(buf, sizeof(buf) - 1, "w");
	ck_assert_ptr_nonnull(fp);
	check_conf_dump(c, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "MYSQL_CHECK {\n"));
	ck_assert_ptr_nonnull(strstr(buf, "user vigil_check\n"));
	ck_assert_ptr_nonnull(strstr(buf, "password (hidden)\n"));
	ck_assert_ptr_null(strstr(buf, "topsecret"));
	ck_assert_ptr_nonnull(strstr(buf, "query \"SELECT 1\"\n"));
	ck_assert_ptr_nonnull(strstr(buf, "read_only off\n"));
	ck_assert_ptr_nonnull(strstr(buf, "replication {\n"));
	ck_assert_ptr_nonnull(strstr(buf, "sql_running yes\n"));
	ck_assert_ptr_nonnull(strstr(buf, "io_running no\n"));
	ck_assert_ptr_nonnull(strstr(buf, "max_lag 5\n"));
	ck_assert_ptr_nonnull(strstr(buf, "connect_port 3306\n"));
	conf_free(c);
}
END_TEST

/* --- main ------------------------------------------------------------------- */

static Suite *
parse_suite(void)
{
	Suite *s = suite_create("mysql_parse");
	TCase *tc = tcase_create("keywords");

	tcase_add_test(tc, test_parse_all);
	tcase_add_test(tc, test_parse_defaults);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_dump);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
server_suite(void)
{
	Suite *s = suite_create("mysql_server");
	TCase *tc = tcase_create("lab");

	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_healthy);
	tcase_add_test(tc, test_wrong_password);
	tcase_add_test(tc, test_expect_mismatch);
	tcase_add_test(tc, test_read_only);
	tcase_add_test(tc, test_option_file);
	tcase_add_test(tc, test_sql_thread_stopped);
	tcase_add_test(tc, test_not_a_replica);
	tcase_add_test(tc, test_lag);
	tcase_add_test(tc, test_frozen);
	tcase_add_test(tc, test_stopped);
	suite_add_tcase(s, tc);
	return s;
}

/* A suite whose one test fails with why: the lab did not come up. */
static const char *lab_failure;

START_TEST(test_lab_up)
{
	ck_abort_msg("%s", lab_failure);
}
END_TEST

static Suite *
lab_failed_suite(void)
{
	Suite *s = suite_create("mysql_server");
	TCase *tc = tcase_create("lab");

	tcase_add_test(tc, test_lab_up);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[2];
	char owner[32];
	uint64_t t0;
	int rc, n = 0;

	s[n++] = parse_suite();
	snprintf(lab_id, sizeof(lab_id), "%d", (int)getpid());
	snprintf(owner, sizeof(owner), "%d", (int)getpid());
	if (geteuid() != 0) {
		printf("test_mysql: SKIP server tests: not root (the lab needs "
		    "network namespaces)\n");
		return unit_run(s, n);
	}
	t0 = ev_clock_us();
	rc = lab("up", owner, NULL, NULL, 0);
	if (rc == 77) {
		printf("test_mysql: SKIP server tests: mariadbd cannot be "
		    "installed\n");
		return unit_run(s, n);
	}
	if (rc != 0) {
		lab_failure = "the MariaDB lab did not come up "
		    "(tests/unit/mysql_lab.sh up)";
		s[n++] = lab_failed_suite();
	} else if (join_ns("client") == -1) {
		lab_failure = "cannot join the lab's client namespace";
		s[n++] = lab_failed_suite();
	} else {
		fprintf(stderr, "mysql: lab up in %.1f s\n",
		    (ev_clock_us() - t0) / 1e6);
		s[n++] = server_suite();
	}
	rc = unit_run(s, n);
	lab("down", NULL, NULL, NULL, 0);
	return rc;
}
