/*
 * test_promote: promotion safety.  The keywords through the real parser,
 * the gate's decisions over replication facts as RS_STATE delivers them,
 * and the state machine's promote output: a refusal keeps BACKUP, a
 * promotion hook holds it in BACKUP until PROMOTE_DONE, an accepted
 * master cancels the hook, and nothing of it ever touches a MASTER.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "unit.h"
#include "fsm.h"
#include "ipc.h"
#include "promote.h"
#include "relay.h"

#define S	UINT64_C(1000000)
#define T0	(100 * S)

/* --- configurations ------------------------------------------------------- */

static struct conf *cur;

static const struct vrrp_instance_conf *
parse_vi(const char *extra, const char *check, struct unit_diags *u)
{
	char text[2048];

	snprintf(text, sizeof(text),
	    "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
	    " priority 100\n advert_int 1\n"
	    " track_real_server 192.168.222.129 3306\n%s"
	    " virtual_ipaddress {\n  10.0.0.100\n }\n}\n"
	    "virtual_server 192.168.222.130 3306 {\n protocol TCP\n"
	    " real_server 192.168.222.129 3306 {\n  %s {\n%s  }\n }\n}\n",
	    extra, check, strcmp(check, "MYSQL_CHECK") == 0 ?
	    "   user vigil_check\n" : "");
	if (cur != NULL)
		conf_free(cur);
	cur = unit_parse(text, u, NULL);
	ck_assert_ptr_nonnull(cur);
	return STAILQ_FIRST(&cur->vrrp.instances);
}

static void
teardown(void)
{
	if (cur != NULL)
		conf_free(cur);
	cur = NULL;
}

START_TEST(test_keywords)
{
	const struct vrrp_instance_conf *v;
	struct unit_diags u;

	v = parse_vi(" promote_require_caught_up\n promote_max_lag 5\n"
	    " promote_script \"/bin/sh -c 'exit 0'\" root\n"
	    " promote_script_timeout 2.5\n", "MYSQL_CHECK", &u);
	ck_assert(v->promote_require_caught_up);
	ck_assert(v->promote_max_lag_set);
	ck_assert_uint_eq(v->promote_max_lag, 5);
	ck_assert_ptr_nonnull(v->promote_script);
	ck_assert_str_eq(v->promote_script->argv[0], "/bin/sh");
	ck_assert_str_eq(v->promote_script->user, "root");
	ck_assert_uint_eq(v->promote_script_timeout_us, 2500000);
	ck_assert(vrrp_conf_promote_gated(v));

	v = parse_vi(" promote_max_lag 90000\n promote_script_timeout 0\n"
	    " promote_script /bin/true\n promote_script /bin/false\n",
	    "MYSQL_CHECK", &u);
	ck_assert(!v->promote_max_lag_set);
	ck_assert_diag(&u, 0, "(VI_1) promote_max_lag must be between 0 and "
	    "86400 seconds - ignoring");
	ck_assert_diag(&u, 0, "(VI_1) promote_script_timeout invalid");
	ck_assert_diag(&u, 0, "(VI_1) promote_script already specified - "
	    "ignoring /bin/false");
	ck_assert_uint_eq(v->promote_script_timeout_us, 0);

	/* A gate with no MYSQL_CHECK to read is dropped. */
	v = parse_vi(" promote_require_caught_up\n promote_max_lag 5\n",
	    "TCP_CHECK", &u);
	ck_assert(!vrrp_conf_promote_gated(v));
	ck_assert_diag(&u, 0, "(VI_1) promote_require_caught_up/"
	    "promote_max_lag need a track_real_server with a MYSQL_CHECK - "
	    "ignoring");
}
END_TEST

/* --- the gate --------------------------------------------------------------- */

static struct vrrp_track_rs_seen
seen(const char *ip, unsigned repl, unsigned threads, int lag)
{
	struct vrrp_track_rs_seen s;

	memset(&s, 0, sizeof(s));
	s.family = AF_INET;
	ck_assert_int_eq(inet_pton(AF_INET, ip, s.addr), 1);
	s.port = 3306;
	s.up = s.checked = true;
	s.repl = (uint8_t)repl;
	s.repl_threads = (uint8_t)threads;
	s.lag = lag;
	return s;
}

#define IO	IPC_REPL_IO_RUNNING
#define SQL	IPC_REPL_SQL_RUNNING

static void
gate_is(const struct vrrp_instance_conf *v, struct vrrp_track_rs_seen s,
    const char *want)
{
	char why[VRRP_PROMOTE_WHY_MAX];
	bool ok = vrrp_promote_gate(v, &s, 1, why, sizeof(why));

	if (want == NULL)
		ck_assert_msg(ok, "refused: %s", why);
	else {
		ck_assert(!ok);
		ck_assert_str_eq(why, want);
	}
}

START_TEST(test_gate_caught_up)
{
	const struct vrrp_instance_conf *v;
	const char *ip = "192.168.222.129";
	char why[VRRP_PROMOTE_WHY_MAX];
	struct vrrp_track_rs_seen other;

	v = parse_vi(" promote_require_caught_up\n", "MYSQL_CHECK", NULL);
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, IO | SQL, 0), NULL);
	/* The primary died: IO thread down, everything applied. */
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, SQL, -1), NULL);
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, 0, -1), NULL);
	gate_is(v, seen(ip, IPC_REPL_NOT_REPLICA, 0, -1), NULL);
	gate_is(v, seen(ip, IPC_REPL_BEHIND, IO | SQL, 3),
	    "[192.168.222.129]:3306 replica has not applied its relay log");
	gate_is(v, seen(ip, IPC_REPL_BEHIND, IO, -1),
	    "[192.168.222.129]:3306 replica has not applied its relay log "
	    "(SQL thread stopped)");
	gate_is(v, seen(ip, IPC_REPL_UNKNOWN, 0, -1),
	    "[192.168.222.129]:3306 replication state unknown");
	/* No facts (only health so far), or facts of an untracked server:
	 * fail closed. */
	gate_is(v, seen(ip, IPC_REPL_NONE, 0, 0), "no tracked MYSQL_CHECK "
	    "real server has reported its replication state");
	other = seen("192.168.222.128", IPC_REPL_CAUGHT_UP, IO | SQL, 0);
	ck_assert(!vrrp_promote_gate(v, &other, 1, why, sizeof(why)));
	/* Lag alone does not matter without promote_max_lag. */
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, IO | SQL, 1000), NULL);
}
END_TEST

START_TEST(test_gate_max_lag)
{
	const struct vrrp_instance_conf *v;
	const char *ip = "192.168.222.129";

	v = parse_vi(" promote_max_lag 5\n", "MYSQL_CHECK", NULL);
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, IO | SQL, 5), NULL);
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, IO | SQL, 42),
	    "[192.168.222.129]:3306 replication lag 42 s above "
	    "promote_max_lag 5 s");
	/* Behind but within the bound: only promote_max_lag was asked. */
	gate_is(v, seen(ip, IPC_REPL_BEHIND, IO | SQL, 2), NULL);
	/* Unknown lag: refused while the IO thread still receives. */
	gate_is(v, seen(ip, IPC_REPL_BEHIND, IO, -1),
	    "[192.168.222.129]:3306 replication lag unknown (IO thread "
	    "running)");
	/* IO thread down (the primary died): the positions decide. */
	gate_is(v, seen(ip, IPC_REPL_CAUGHT_UP, SQL, -1), NULL);
	gate_is(v, seen(ip, IPC_REPL_BEHIND, SQL, -1),
	    "[192.168.222.129]:3306 replica has not applied its relay log");

	/* Without a gate everything passes, facts or not. */
	v = parse_vi(" promote_script /bin/true\n", "MYSQL_CHECK", NULL);
	gate_is(v, seen(ip, IPC_REPL_BEHIND, 0, -1), NULL);
	gate_is(v, seen(ip, IPC_REPL_NONE, 0, 0), NULL);
}
END_TEST

/* --- the state machine's promote output ------------------------------------- */

static enum vrrp_fsm_promote answer;
static int nasked, ncancel, nadd;
static char last_log[256];

static void
o_add(struct vrrp_fsm *f)
{
	nadd++;
}

static void
o_log(struct vrrp_fsm *f, const char *msg)
{
	snprintf(last_log, sizeof(last_log), "%s", msg);
}

static enum vrrp_fsm_promote
o_promote(struct vrrp_fsm *f)
{
	nasked++;
	return answer;
}

static void
o_cancel(struct vrrp_fsm *f)
{
	ncancel++;
}

static const struct vrrp_fsm_ops ops = {
	.add_vips = o_add,
	.log = o_log,
	.promote = o_promote,
	.promote_cancel = o_cancel,
};

static void
fsm_setup(struct vrrp_fsm *f, enum vrrp_fsm_promote a)
{
	const struct vrrp_instance_conf *v;

	v = parse_vi(" promote_require_caught_up\n", "MYSQL_CHECK", NULL);
	answer = a;
	nasked = ncancel = nadd = 0;
	ck_assert_int_eq(vrrp_fsm_init(f, v, &ops, NULL), 0);
	ck_assert_int_eq(addr_parse("192.168.222.129", &f->saddr), 0);
	ck_assert_int_eq(vrrp_fsm_event(f, VRRP_FSM_EV_START, NULL, T0), 0);
	ck_assert_int_eq(f->state, VRRP_FSM_BACKUP);
}

static void
fire(struct vrrp_fsm *f)
{
	uint64_t t = vrrp_fsm_next_deadline(f);

	ck_assert_uint_ne(t, VRRP_FSM_NEVER);
	ck_assert_int_eq(vrrp_fsm_event(f, VRRP_FSM_EV_TIMER, NULL, t), 0);
}

static void
done(struct vrrp_fsm *f, bool ok, uint64_t now)
{
	ck_assert_int_eq(vrrp_fsm_event(f, VRRP_FSM_EV_PROMOTE_DONE, &ok,
	    now), 0);
}

START_TEST(test_fsm_refused)
{
	struct vrrp_fsm f;
	uint64_t t;

	fsm_setup(&f, VRRP_FSM_PROMOTE_NO);
	fire(&f);
	ck_assert_int_eq(nasked, 1);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_int_eq(f.want_state, VRRP_FSM_BACKUP);
	ck_assert_int_eq(nadd, 0);
	/* Asked again one Master_Down later; then it passes. */
	t = vrrp_fsm_next_deadline(&f);
	ck_assert_uint_ne(t, VRRP_FSM_NEVER);
	answer = VRRP_FSM_PROMOTE_YES;
	fire(&f);
	ck_assert_int_eq(nasked, 2);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	ck_assert_int_eq(nadd, 1);
	/* A MASTER is never asked again, whatever the answer would be. */
	answer = VRRP_FSM_PROMOTE_NO;
	fire(&f);
	fire(&f);
	ck_assert_int_eq(nasked, 2);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	/* A stray PROMOTE_DONE changes nothing. */
	done(&f, false, vrrp_fsm_next_deadline(&f));
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
}
END_TEST

START_TEST(test_fsm_hook)
{
	struct vrrp_fsm f;
	uint64_t t;

	fsm_setup(&f, VRRP_FSM_PROMOTE_WAIT);
	fire(&f);
	ck_assert(f.promoting);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_int_eq(nadd, 0);
	/* The timer comes back while the hook runs: not asked again. */
	fire(&f);
	ck_assert_int_eq(nasked, 1);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	/* It failed: BACKUP, asked again after another Master_Down. */
	t = vrrp_fsm_next_deadline(&f);
	done(&f, false, t - 1);
	ck_assert(!f.promoting);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), t - 1 +
	    vrrp_fsm_master_down_us(&f));
	fire(&f);
	ck_assert_int_eq(nasked, 2);
	ck_assert(f.promoting);
	/* It succeeded: MASTER now, VIPs after the hook. */
	done(&f, true, vrrp_fsm_next_deadline(&f) - 1);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	ck_assert_int_eq(nadd, 1);
	ck_assert_str_eq(last_log, "(VI_1) Entering MASTER STATE");
	ck_assert_int_eq(ncancel, 0);
}
END_TEST

START_TEST(test_fsm_hook_cancelled)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_advert adv;
	uint64_t t;

	fsm_setup(&f, VRRP_FSM_PROMOTE_WAIT);
	fire(&f);
	ck_assert(f.promoting);
	/* A master with a higher priority shows up: the hook is stopped. */
	memset(&adv, 0, sizeof(adv));
	adv.version = 2;
	adv.vrid = 51;
	adv.priority = 150;
	adv.naddr = 1;
	ck_assert_int_eq(addr_parse("192.168.222.128", &adv.saddr), 0);
	t = vrrp_fsm_next_deadline(&f);
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_ADVERT_RECEIVED,
	    &adv, t - 1), 0);
	ck_assert_int_eq(ncancel, 1);
	ck_assert(!f.promoting);
	/* Its late success is ignored. */
	done(&f, true, t);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_int_eq(nadd, 0);

	/* A fault while the hook runs cancels it too. */
	fire(&f);
	ck_assert(f.promoting);
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_FAULT, NULL,
	    vrrp_fsm_next_deadline(&f) - 1), 0);
	ck_assert_int_eq(f.state, VRRP_FSM_FAULT);
	ck_assert_int_eq(ncancel, 2);
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_PROMOTE_DONE, NULL,
	    T0), -1);
}
END_TEST

/* --- the RS_STATE layout ------------------------------------------------------ */

START_TEST(test_ipc_facts)
{
	struct ipc_msg in, out;
	char buf[IPC_MSG_MAX];
	ssize_t n;

	memset(&in, 0, sizeof(in));
	in.hdr.type = IPC_RS_STATE;
	in.u.rs.family = AF_INET;
	in.u.rs.repl = IPC_REPL_CAUGHT_UP;
	in.u.rs.repl_threads = IPC_REPL_IO_RUNNING | IPC_REPL_SQL_RUNNING;
	in.u.rs.lag = 7;
	n = ipc_encode(&in, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(ipc_decode(buf, (size_t)n, &out), 0);
	ck_assert_uint_eq(out.u.rs.repl, IPC_REPL_CAUGHT_UP);
	ck_assert_int_eq(out.u.rs.lag, 7);
	ck_assert_str_eq(vrrp_promote_repl_name(IPC_REPL_BEHIND), "behind");
	ck_assert_str_eq(vrrp_promote_repl_name(99), "unknown");
}
END_TEST

/* The parent keeps the facts across a message without them, and tells
 * the VRRP child of a change of facts alone. */
START_TEST(test_relay_facts)
{
	struct relay *r = relay_new();
	struct ipc_rs_state m;
	const struct ipc_rs_state *got;

	memset(&m, 0, sizeof(m));
	m.family = AF_INET;
	m.port = 3306;
	m.up = m.checked = 1;
	snprintf(m.vs, sizeof(m.vs), "[192.168.222.130]:tcp:3306");
	ck_assert_int_eq(relay_rs_update(r, &m), 1);
	m.repl = IPC_REPL_BEHIND;
	m.repl_threads = IPC_REPL_IO_RUNNING;
	m.lag = -1;
	ck_assert_int_eq(relay_rs_update(r, &m), 1);
	ck_assert_int_eq(relay_rs_update(r, &m), 0);
	/* Health only (the engine's message): facts kept, no change. */
	m.repl = IPC_REPL_NONE;
	m.repl_threads = 0;
	m.lag = 0;
	ck_assert_int_eq(relay_rs_update(r, &m), 0);
	got = relay_rs_find(r, &m);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got->repl, IPC_REPL_BEHIND);
	ck_assert_int_eq(got->lag, -1);
	/* Down, facts kept. */
	m.up = 0;
	ck_assert_int_eq(relay_rs_update(r, &m), 1);
	ck_assert_uint_eq(relay_rs_find(r, &m)->repl, IPC_REPL_BEHIND);
	/* Caught up: a change. */
	m.repl = IPC_REPL_CAUGHT_UP;
	ck_assert_int_eq(relay_rs_update(r, &m), 1);
	relay_free(r);
}
END_TEST

static Suite *
promote_suite(void)
{
	Suite *s = suite_create("promote");
	TCase *tc = tcase_create("promote");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_keywords);
	tcase_add_test(tc, test_gate_caught_up);
	tcase_add_test(tc, test_gate_max_lag);
	tcase_add_test(tc, test_fsm_refused);
	tcase_add_test(tc, test_fsm_hook);
	tcase_add_test(tc, test_fsm_hook_cancelled);
	tcase_add_test(tc, test_ipc_facts);
	tcase_add_test(tc, test_relay_facts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { promote_suite() };

	return unit_run(s, 1);
}
