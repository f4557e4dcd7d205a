/*
 * check_mysql: MYSQL_CHECK, Vigil's MySQL/MariaDB health check.
 *
 * One attempt logs in over TCP (user and password, or an option file),
 * then runs in turn: the configured query (its first column of the first
 * row compared with expect), "SELECT @@global.read_only" when read_only
 * is on or off, and SHOW SLAVE STATUS (SHOW REPLICA STATUS where the
 * server no longer knows the old words) when a replication block is
 * given.  The first unmet condition fails the attempt and its reason
 * becomes the checker's "why" (logs, dump, the parent).
 *
 * SHOW SLAVE STATUS also runs without a replication block, for the
 * replication facts alone: whether the replica has applied everything it
 * received (Read_Master_Log_Pos against Exec_Master_Log_Pos of the same
 * binary log file), its threads and Seconds_Behind_Master.  Without the
 * block a failure of that query does not fail the check; the facts are
 * then unknown.  Every attempt ends by sending the facts to the parent in
 * an RS_STATE of the real server (repl != IPC_REPL_NONE), for the VRRP
 * child's promotion gate (promote_require_caught_up, promote_max_lag);
 * the parent forwards it only when something changed.
 *
 * Everything goes through libmariadb's non-blocking API: each *_start /
 * *_cont returns the MYSQL_WAIT_* events it needs, the loop watches the
 * library's socket for them and resumes it; each step is bounded by the
 * checker's connect_timeout (the engine's step timer), so a frozen server
 * costs one connect_timeout and never stalls other checks.  An attempt
 * cut short (step timeout, reload, stop) is aborted by resuming the
 * library with MYSQL_WAIT_TIMEOUT after shutting its socket down, which
 * makes the pending operation fail at once.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ipc.h"
#include "log.h"
#include "xalloc.h"
#include "check_engine.h"

#ifdef HAVE_LIBMARIADB

#include <mysql.h>
#include <errmsg.h>

#define MY_DFL_PORT	3306
#define MY_ABORT_MAX	16	/* resumes to unwind an aborted operation */
#define MY_ER_PARSE	1064	/* ER_PARSE_ERROR */

enum my_step {
	MY_CONNECT,
	MY_QUERY,
	MY_STORE,
};

/* The queries of one attempt, in order. */
enum my_phase {
	MY_P_USER,		/* query / expect */
	MY_P_RO,		/* read_only */
	MY_P_REPL,		/* replication { } */
	MY_P_DONE
};

static const char *const my_step_names[] = {
	[MY_CONNECT] = "connect",
	[MY_QUERY] = "query",
	[MY_STORE] = "reading the result",
};

/* Old words first: MariaDB and MySQL before 8.4 know them. */
static const char *const my_repl_sql[] = {
	"SHOW SLAVE STATUS",
	"SHOW REPLICA STATUS",
};

struct my_state {
	MYSQL		*db;
	MYSQL_RES	*res;
	enum my_step	 step;
	enum my_phase	 phase;
	unsigned	 repl_sql;	/* index in my_repl_sql */
	int		 wait;		/* MYSQL_WAIT_* pending, 0: none */
	MYSQL		*conn_ret;
	int		 query_ret;
	MYSQL_RES	*store_ret;
	char		 host[ADDR_STRLEN];	/* the library keeps a pointer */
	/* Replication facts of this attempt (IPC_REPL_UNKNOWN until the
	 * status was read). */
	uint8_t		 repl;
	uint8_t		 repl_threads;
	int32_t		 lag;
};

/*
 * Send the replication facts in an RS_STATE carrying the real server's
 * current health (as the engine would tell it), so the message changes
 * nothing but the facts.
 */
static void
my_tell(struct ce_checker *c, uint8_t repl, uint8_t threads, int32_t lag)
{
	const struct ce_rs *rs = c->rs;
	const struct addr *a = &rs->conf->addr;
	struct ipc_rs_state m;
	unsigned i;

	if (c->eng->cc == NULL || c->eng->cc->chan < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.family = a->family;
	m.up = rs->st.alive;
	m.port = rs->conf->port;
	if (a->family == AF_INET)
		memcpy(m.addr, &a->u.v4, 4);
	else
		memcpy(m.addr, &a->u.v6, 16);
	m.weight = (int32_t)sched_real_weight(rs->st.weight);
	m.checked = 1;
	for (i = 0; i < rs->nchk; i++)
		if (!rs->chk[i].sc.has_run)
			m.checked = 0;
	m.repl = repl;
	m.repl_threads = threads;
	m.lag = lag;
	snprintf(m.vs, sizeof(m.vs), "%.*s", (int)sizeof(m.vs) - 1,
	    rs->vs->str);
	snprintf(m.reason, sizeof(m.reason), "replication");
	(void)check_child_send_rs(c->eng->cc, &m);
}

static void	my_next(struct ce_checker *);

static struct my_state *
my_state(struct ce_checker *c)
{
	return c->priv;
}

static const struct check_mysql *
my_conf(const struct ce_checker *c)
{
	return &c->conf->u.mysql;
}

/* End the attempt: the facts to the parent first (ce_done frees s). */
static void
my_finish(struct ce_checker *c, bool ok)
{
	struct my_state *s = my_state(c);

	if (s != NULL)
		my_tell(c, s->repl, s->repl_threads, s->lag);
	else
		my_tell(c, IPC_REPL_UNKNOWN, 0, -1);
	ce_done(c, ok, NULL);
}

static void
my_fail_db(struct ce_checker *c, const char *what)
{
	MYSQL *db = my_state(c)->db;

	ce_why(c, "%s: %s (%u)", what, mysql_error(db), mysql_errno(db));
	my_finish(c, false);
}

/* --- resuming the library ------------------------------------------------ */

static int
my_cont(struct my_state *s, int events)
{
	switch (s->step) {
	case MY_CONNECT:
		return mysql_real_connect_cont(&s->conn_ret, s->db, events);
	case MY_QUERY:
		return mysql_real_query_cont(&s->query_ret, s->db, events);
	case MY_STORE:
		return mysql_store_result_cont(&s->store_ret, s->db, events);
	}
	return 0;
}

static void	my_io(struct ev_loop *, struct ev_io *, uint32_t);

static uint32_t
my_epoll_events(int wait)
{
	uint32_t ev = 0;

	if (wait & MYSQL_WAIT_READ)
		ev |= EPOLLIN;
	if (wait & MYSQL_WAIT_WRITE)
		ev |= EPOLLOUT;
	if (wait & MYSQL_WAIT_EXCEPT)
		ev |= EPOLLPRI;
	return ev;
}

/* After a *_start or *_cont: watch what it waits for, or go on. */
static void
my_after(struct ce_checker *c, int status)
{
	struct my_state *s = my_state(c);
	int fd;

	s->wait = status;
	if (status == 0) {
		my_next(c);
		return;
	}
	fd = mysql_get_socket(s->db);
	/* A wait for the timer alone: the step timer is ours. */
	if (fd < 0 || (status & (MYSQL_WAIT_READ | MYSQL_WAIT_WRITE |
	    MYSQL_WAIT_EXCEPT)) == 0)
		return;
	ev_io_init(&c->io, fd, my_epoll_events(status), my_io, c);
	if (ev_io_start(c->eng->loop, &c->io) == -1) {
		ce_why(c, "%s: cannot watch the socket: %s",
		    my_step_names[s->step], strerror(errno));
		my_finish(c, false);
	}
}

static void
my_io(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct ce_checker *c = io->arg;
	struct my_state *s = my_state(c);
	int ready = 0;

	/* Stopped before every call: the library may close the socket. */
	ev_io_stop(l, io);
	if (events & EPOLLIN)
		ready |= MYSQL_WAIT_READ;
	if (events & EPOLLOUT)
		ready |= MYSQL_WAIT_WRITE;
	if (events & EPOLLPRI)
		ready |= MYSQL_WAIT_EXCEPT;
	/* An error or hang-up wakes whatever was waited for. */
	if (events & (EPOLLERR | EPOLLHUP))
		ready |= s->wait & (MYSQL_WAIT_READ | MYSQL_WAIT_WRITE);
	my_after(c, my_cont(s, ready));
}

/* --- verdicts on results ------------------------------------------------- */

static bool
my_check_user(struct ce_checker *c, MYSQL_RES *res)
{
	const char *want = my_conf(c)->expect;
	MYSQL_ROW row;

	if (want == NULL)
		return true;
	if (res == NULL || (row = mysql_fetch_row(res)) == NULL) {
		ce_why(c, "query returned no row, expected '%s'", want);
		return false;
	}
	if (row[0] == NULL) {
		ce_why(c, "query returned NULL, expected '%s'", want);
		return false;
	}
	if (strcmp(row[0], want) != 0) {
		ce_why(c, "query returned '%.40s', expected '%s'", row[0],
		    want);
		return false;
	}
	return true;
}

static bool
my_check_ro(struct ce_checker *c, MYSQL_RES *res)
{
	bool want_on = my_conf(c)->read_only == CHECK_MYSQL_RO_ON;
	MYSQL_ROW row;
	bool on;

	if (res == NULL || (row = mysql_fetch_row(res)) == NULL ||
	    row[0] == NULL) {
		ce_why(c, "read_only unknown");
		return false;
	}
	on = strcmp(row[0], "0") != 0;
	if (on != want_on) {
		ce_why(c, "read_only is %s, expected %s", on ? "ON" : "OFF",
		    want_on ? "ON" : "OFF");
		return false;
	}
	return true;
}

/* Index of the first column named a or b, or -1. */
static int
my_col(MYSQL_RES *res, const char *a, const char *b)
{
	MYSQL_FIELD *f = mysql_fetch_fields(res);
	unsigned i, n = mysql_num_fields(res);

	for (i = 0; i < n; i++)
		if (strcasecmp(f[i].name, a) == 0 ||
		    strcasecmp(f[i].name, b) == 0)
			return (int)i;
	return -1;
}

static bool
my_check_thread(struct ce_checker *c, MYSQL_ROW row, int col,
    const char *name)
{
	const char *v = col < 0 ? NULL : row[col];

	if (v != NULL && strcasecmp(v, "Yes") == 0)
		return true;
	ce_why(c, "replication %s thread not running (%s)", name,
	    v == NULL ? "unknown" : v);
	return false;
}

static bool
my_check_lag(struct ce_checker *c, MYSQL_ROW row, int col)
{
	uint32_t max = my_conf(c)->max_lag;
	const char *v = col < 0 ? NULL : row[col];
	unsigned long long lag;
	char *end;

	if (v == NULL) {
		ce_why(c, "replication lag unknown (Seconds_Behind_Master "
		    "is NULL)");
		return false;
	}
	errno = 0;
	lag = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v) {
		ce_why(c, "replication lag unreadable ('%.20s')", v);
		return false;
	}
	if (lag > max) {
		ce_why(c, "replication lag %llu s above max_lag %u s", lag,
		    max);
		return false;
	}
	return true;
}

static bool
my_col_yes(MYSQL_RES *res, MYSQL_ROW row, const char *a, const char *b)
{
	int col = my_col(res, a, b);

	return col >= 0 && row[col] != NULL && strcasecmp(row[col], "Yes") == 0;
}

/* A column as a number; false when missing, NULL or not a number. */
static bool
my_col_num(MYSQL_RES *res, MYSQL_ROW row, const char *a, const char *b,
    unsigned long long *v)
{
	int col = my_col(res, a, b);
	char *end;

	if (col < 0 || row[col] == NULL || row[col][0] == '\0')
		return false;
	errno = 0;
	*v = strtoull(row[col], &end, 10);
	return errno == 0 && *end == '\0';
}

/*
 * Whether the replica applied everything it received: the SQL thread's
 * position in the primary's binary log (Relay_Master_Log_File,
 * Exec_Master_Log_Pos) is the IO thread's (Master_Log_File,
 * Read_Master_Log_Pos).  These positions are kept with and without GTID.
 */
static uint8_t
my_caught_up(MYSQL_RES *res, MYSQL_ROW row)
{
	int rf = my_col(res, "Master_Log_File", "Source_Log_File");
	int ef = my_col(res, "Relay_Master_Log_File", "Relay_Source_Log_File");
	unsigned long long rp, ep;

	if (rf < 0 || ef < 0 || row[rf] == NULL || row[ef] == NULL ||
	    !my_col_num(res, row, "Read_Master_Log_Pos",
	    "Read_Source_Log_Pos", &rp) ||
	    !my_col_num(res, row, "Exec_Master_Log_Pos",
	    "Exec_Source_Log_Pos", &ep))
		return IPC_REPL_UNKNOWN;
	if (strcmp(row[rf], row[ef]) == 0 && rp == ep)
		return IPC_REPL_CAUGHT_UP;
	return IPC_REPL_BEHIND;
}

static void
my_facts(struct my_state *s, MYSQL_RES *res, MYSQL_ROW row)
{
	unsigned long long lag;

	if (row == NULL) {
		s->repl = IPC_REPL_NOT_REPLICA;
		return;
	}
	s->repl = my_caught_up(res, row);
	s->repl_threads = 0;
	if (my_col_yes(res, row, "Slave_IO_Running", "Replica_IO_Running"))
		s->repl_threads |= IPC_REPL_IO_RUNNING;
	if (my_col_yes(res, row, "Slave_SQL_Running", "Replica_SQL_Running"))
		s->repl_threads |= IPC_REPL_SQL_RUNNING;
	if (my_col_num(res, row, "Seconds_Behind_Master",
	    "Seconds_Behind_Source", &lag))
		s->lag = lag > INT32_MAX ? INT32_MAX : (int32_t)lag;
}

static bool
my_check_repl(struct ce_checker *c, MYSQL_RES *res)
{
	const struct check_mysql *m = my_conf(c);
	MYSQL_ROW row;

	row = res == NULL ? NULL : mysql_fetch_row(res);
	my_facts(my_state(c), res, row);
	/* Without replication { }: the facts alone. */
	if (!m->replication)
		return true;
	if (row == NULL) {
		ce_why(c, "not a replica (%s is empty)",
		    my_repl_sql[my_state(c)->repl_sql]);
		return false;
	}
	if (m->io_running && !my_check_thread(c, row, my_col(res,
	    "Slave_IO_Running", "Replica_IO_Running"), "IO"))
		return false;
	if (m->sql_running && !my_check_thread(c, row, my_col(res,
	    "Slave_SQL_Running", "Replica_SQL_Running"), "SQL"))
		return false;
	if (m->max_lag != CHECK_UNSET_U && !my_check_lag(c, row, my_col(res,
	    "Seconds_Behind_Master", "Seconds_Behind_Source")))
		return false;
	return true;
}

/* --- the steps ----------------------------------------------------------- */

static bool
my_phase_wanted(const struct check_mysql *m, enum my_phase p)
{
	switch (p) {
	case MY_P_USER:
		return m->query != NULL;
	case MY_P_RO:
		return m->read_only != CHECK_MYSQL_RO_ANY;
	case MY_P_REPL:
		return true;	/* the replication facts, at least */
	case MY_P_DONE:
		return true;
	}
	return false;
}

static const char *
my_phase_sql(const struct my_state *s, const struct check_mysql *m)
{
	switch (s->phase) {
	case MY_P_USER:
		return m->query;
	case MY_P_RO:
		return "SELECT @@global.read_only";
	default:
		return my_repl_sql[s->repl_sql];
	}
}

/* Send the current phase's query, or finish when none is left. */
static void
my_query(struct ce_checker *c)
{
	struct my_state *s = my_state(c);
	const char *q;

	while (!my_phase_wanted(my_conf(c), s->phase))
		s->phase++;
	if (s->phase == MY_P_DONE) {
		my_finish(c, true);
		return;
	}
	q = my_phase_sql(s, my_conf(c));
	s->step = MY_QUERY;
	ce_step(c);
	my_after(c, mysql_real_query_start(&s->query_ret, s->db, q,
	    strlen(q)));
}

/* In the facts-only replication query a failure is not the check's:
 * the facts stay unknown (e.g. a user without REPLICATION CLIENT). */
static bool
my_facts_only(struct ce_checker *c)
{
	return my_state(c)->phase == MY_P_REPL && !my_conf(c)->replication;
}

static void
my_result(struct ce_checker *c)
{
	struct my_state *s = my_state(c);
	bool ok;

	s->res = s->store_ret;
	if (s->res == NULL && mysql_field_count(s->db) != 0) {
		if (my_facts_only(c)) {
			my_finish(c, true);
			return;
		}
		my_fail_db(c, "reading the result");
		return;
	}
	if (s->phase == MY_P_USER)
		ok = my_check_user(c, s->res);
	else if (s->phase == MY_P_RO)
		ok = my_check_ro(c, s->res);
	else
		ok = my_check_repl(c, s->res);
	if (s->res != NULL)
		mysql_free_result(s->res);
	s->res = NULL;
	if (!ok) {
		my_finish(c, false);
		return;
	}
	s->phase++;
	my_query(c);
}

/* The pending operation completed: judge it and start the next one. */
static void
my_next(struct ce_checker *c)
{
	struct my_state *s = my_state(c);

	switch (s->step) {
	case MY_CONNECT:
		if (s->conn_ret == NULL) {
			my_fail_db(c, "connect");
			return;
		}
		my_query(c);
		break;
	case MY_QUERY:
		if (s->query_ret != 0 && s->phase == MY_P_REPL &&
		    s->repl_sql == 0 && mysql_errno(s->db) == MY_ER_PARSE) {
			s->repl_sql = 1;
			my_query(c);
			return;
		}
		if (s->query_ret != 0 && my_facts_only(c)) {
			my_finish(c, true);
			return;
		}
		if (s->query_ret != 0) {
			my_fail_db(c, "query");
			return;
		}
		s->step = MY_STORE;
		ce_step(c);
		my_after(c, mysql_store_result_start(&s->store_ret, s->db));
		break;
	case MY_STORE:
		my_result(c);
		break;
	}
}

/* --- the ops ------------------------------------------------------------- */

static int
my_options(struct ce_checker *c, MYSQL *db)
{
	const struct check_mysql *m = my_conf(c);
	const struct check_conn *co = &c->conf->conn;
	unsigned proto = MYSQL_PROTOCOL_TCP;
	char bind[ADDR_STRLEN];

	if (mysql_options(db, MYSQL_OPT_NONBLOCK, 0) != 0 ||
	    mysql_options(db, MYSQL_OPT_PROTOCOL, &proto) != 0)
		return -1;
	if (m->option_file != NULL && (mysql_options(db,
	    MYSQL_READ_DEFAULT_FILE, m->option_file) != 0 || mysql_options(db,
	    MYSQL_READ_DEFAULT_GROUP, m->option_group) != 0))
		return -1;
	if (addr_is_set(&co->bindto) && mysql_options(db, MYSQL_OPT_BIND,
	    addr_str(&co->bindto, bind, sizeof(bind))) != 0)
		return -1;
	return 0;
}

static int
my_start(struct ce_checker *c)
{
	const struct check_mysql *m = my_conf(c);
	const struct check_conn *co = &c->conf->conn;
	const struct addr *dst = &co->dst;
	unsigned port = co->dst_port;
	struct my_state *s;

	if (!addr_is_set(dst))
		dst = &c->rs->conf->addr;
	if (port == 0)
		port = c->rs->conf->port != 0 ? c->rs->conf->port : MY_DFL_PORT;
	s = xcalloc(1, sizeof(*s));
	s->repl = IPC_REPL_UNKNOWN;
	s->lag = -1;
	c->priv = s;
	if ((s->db = mysql_init(NULL)) == NULL) {
		ce_why(c, "connect: out of memory");
		my_tell(c, IPC_REPL_UNKNOWN, 0, -1);
		return -1;
	}
	if (my_options(c, s->db) == -1) {
		ce_why(c, "connect: cannot set options: %s", mysql_error(s->db));
		my_tell(c, IPC_REPL_UNKNOWN, 0, -1);
		return -1;
	}
	s->step = MY_CONNECT;
	ce_step(c);
	my_after(c, mysql_real_connect_start(&s->conn_ret, s->db,
	    addr_str(dst, s->host, sizeof(s->host)), m->user, m->password,
	    m->database, port, NULL, 0));
	return 0;
}

/*
 * Free the attempt.  An operation still pending is made to fail first:
 * the socket is shut down and the library resumed as if its wait had
 * timed out, a bounded number of times.
 */
static void
my_cancel(struct ce_checker *c)
{
	struct my_state *s = my_state(c);
	int i, st, fd;

	if (s == NULL)
		return;
	if (s->db != NULL && s->wait != 0) {
		if ((fd = mysql_get_socket(s->db)) >= 0)
			shutdown(fd, SHUT_RDWR);
		for (i = 0, st = s->wait; st != 0 && i < MY_ABORT_MAX; i++)
			st = my_cont(s, st | MYSQL_WAIT_TIMEOUT);
		if (s->step == MY_STORE && st == 0 && s->store_ret != NULL)
			mysql_free_result(s->store_ret);
	}
	if (s->res != NULL)
		mysql_free_result(s->res);
	if (s->db != NULL) {
		st = mysql_close_start(s->db);
		if (st != 0 && (fd = mysql_get_socket(s->db)) >= 0)
			shutdown(fd, SHUT_RDWR);
		for (i = 0; st != 0 && i < MY_ABORT_MAX; i++)
			st = mysql_close_cont(s->db, st | MYSQL_WAIT_TIMEOUT);
	}
	free(s);
	c->priv = NULL;
}

/*
 * The step deadline: say which step it cut short.  A facts-only
 * replication query that times out leaves the facts unknown and the
 * check successful: the server answered everything else.
 */
static bool
my_timeout(struct ce_checker *c)
{
	struct my_state *s = my_state(c);

	my_tell(c, IPC_REPL_UNKNOWN, 0, -1);
	if (s == NULL)
		return false;
	if (s->step != MY_CONNECT && my_facts_only(c))
		return true;
	ce_why(c, "timeout during %s", s->step == MY_CONNECT ?
	    "connect" : s->phase == MY_P_USER ? "query" :
	    s->phase == MY_P_RO ? "read_only query" : "replication query");
	return false;
}

#else	/* !HAVE_LIBMARIADB */

static int
my_start(struct ce_checker *c)
{
	ce_why(c, "MYSQL_CHECK is not supported by this build (no "
	    "libmariadb)");
	errno = ENOTSUP;
	return -1;
}

static void
my_cancel(struct ce_checker *c)
{
}

static bool
my_timeout(struct ce_checker *c)
{
	return false;
}

#endif	/* HAVE_LIBMARIADB */

static void
my_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & SCHED_A_LOG_SUCCESS)
		log_info("MYSQL_CHECK on service %s success.", ce_chk_str(c));
	else if (o->actions & SCHED_A_AFTER_RETRIES)
		log_info("MYSQL_CHECK on service %s failed after %u retries: "
		    "%s", ce_chk_str(c), c->sc.p.retry, c->why);
	else if (o->actions & SCHED_A_LOG_FAILED)
		log_info("MYSQL_CHECK on service %s failed: %s",
		    ce_chk_str(c), c->why);
	else if (c->why[0] != '\0' && c->sc.is_up &&
	    (c->conf->log_all_failures ||
	    c->eng->conf->global.checker_log_all_failures))
		log_info("MYSQL_CHECK on service %s attempt failed: %s",
		    ce_chk_str(c), c->why);
}

const struct check_type_ops check_mysql_ops = {
	.name = "MYSQL_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = my_start,
	.cancel = my_cancel,
	.timeout_ok = my_timeout,
	.log = my_log,
	.alert_up = "=> MYSQL CHECK succeed on service <=",
	.alert_down = "=> MYSQL CHECK failed on service <=",
};
