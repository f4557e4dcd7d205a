/*
 * test_fsm: the VRRP state machine driven with explicit time through the
 * transitions of RFC 5798 section 6.4 and keepalived 2.2.7's additions.
 * Instances come from the real parser, so the effective values (garp
 * defaults, down_timer_adverts, strict-mode rewrites) are the parser's.
 * The outputs are recorded in order as text and asserted with the logged
 * words and the deadlines.
 */
#include <inttypes.h>

#include "unit.h"
#include "fsm.h"

#define S	UINT64_C(1000000)
#define T0	(100 * S)		/* an arbitrary monotonic start */
#define MAXREC	128

static char rec[MAXREC][256];
static int nrec;
static bool can_master = true;

static void
record(const char *fmt, ...)
{
	va_list ap;

	ck_assert_int_lt(nrec, MAXREC);
	va_start(ap, fmt);
	vsnprintf(rec[nrec++], sizeof(rec[0]), fmt, ap);
	va_end(ap);
}

static void
o_advert(struct vrrp_fsm *f, unsigned prio)
{
	record("advert %u", prio);
}

static void
o_add(struct vrrp_fsm *f)
{
	record("add_vips");
}

static void
o_del(struct vrrp_fsm *f)
{
	record("del_vips");
}

static void
o_garp(struct vrrp_fsm *f, unsigned rep)
{
	record("garp %u", rep);
}

static void
o_notify(struct vrrp_fsm *f, enum vrrp_fsm_notify n)
{
	if (n == VRRP_FSM_NOTIFY_PRIORITY)
		record("notify PRIORITY %u", f->effective_priority);
	else if (n == VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI)
		record("notify MASTER_RX_LOWER_PRI");
	else
		record("notify %s", vrrp_fsm_state_name((enum vrrp_fsm_state)n));
}

static void
o_log(struct vrrp_fsm *f, const char *msg)
{
	record("log %s", msg);
}

static bool
o_can_master(struct vrrp_fsm *f)
{
	return can_master;
}

static const struct vrrp_fsm_ops ops = {
	o_advert, o_add, o_del, o_garp, o_notify, o_log, NULL
};
static const struct vrrp_fsm_ops sync_ops = {
	o_advert, o_add, o_del, o_garp, o_notify, o_log, o_can_master
};

static struct conf *cur_conf;

/* Parse one instance VI_1 (priority 100, advert_int 1, one VIP) with
 * extra lines inside the instance and in global_defs. */
static const struct vrrp_instance_conf *
conf_with(const char *global, const char *extra)
{
	char text[2048];
	struct unit_diags u;

	snprintf(text, sizeof(text),
	    "global_defs {\n%s}\n"
	    "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
	    " priority 100\n advert_int 1\n%s"
	    " virtual_ipaddress {\n  10.0.0.100\n }\n}\n", global, extra);
	if (cur_conf != NULL)
		conf_free(cur_conf);
	cur_conf = unit_parse(text, &u, NULL);
	ck_assert_ptr_nonnull(cur_conf);
	ck_assert_ptr_nonnull(STAILQ_FIRST(&cur_conf->vrrp.instances));
	return STAILQ_FIRST(&cur_conf->vrrp.instances);
}

static void
setup(struct vrrp_fsm *f, const char *global, const char *extra,
    const struct vrrp_fsm_ops *o)
{
	nrec = 0;
	can_master = true;
	ck_assert_int_eq(vrrp_fsm_init(f, conf_with(global, extra), o, NULL),
	    0);
	ck_assert_int_eq(addr_parse("10.0.0.5", &f->saddr), 0);
}

static void
teardown(void)
{
	if (cur_conf != NULL)
		conf_free(cur_conf);
	cur_conf = NULL;
}

static void
start(struct vrrp_fsm *f, uint64_t now)
{
	ck_assert_int_eq(vrrp_fsm_event(f, VRRP_FSM_EV_START, NULL, now), 0);
}

static void
timer(struct vrrp_fsm *f, uint64_t now)
{
	ck_assert_int_eq(vrrp_fsm_event(f, VRRP_FSM_EV_TIMER, NULL, now), 0);
}

static void
advert(struct vrrp_fsm *f, const char *src, unsigned prio, uint64_t now)
{
	struct vrrp_fsm_advert a = { 0 };

	a.version = f->conf->version;
	a.vrid = f->conf->vrid;
	a.priority = prio;
	a.adver_int_cs = 100;
	a.naddr = 1;
	ck_assert_int_eq(addr_parse(src, &a.saddr), 0);
	ck_assert_int_eq(vrrp_fsm_event(f, VRRP_FSM_EV_ADVERT_RECEIVED, &a,
	    now), 0);
}

static void
event(struct vrrp_fsm *f, enum vrrp_fsm_event ev, uint64_t now)
{
	ck_assert_int_eq(vrrp_fsm_event(f, ev, NULL, now), 0);
}

/* The recorded outputs since the last call are exactly these. */
static void
expect(const char *const *want, int n)
{
	int i;

	for (i = 0; i < n && i < nrec; i++)
		ck_assert_str_eq(rec[i], want[i]);
	ck_assert_msg(nrec == n, "%d outputs, expected %d (first extra: %s)",
	    nrec, n, nrec > n ? rec[n] : want[nrec]);
	nrec = 0;
}
#define EXPECT(...) do {						\
	const char *const w_[] = { __VA_ARGS__ };			\
	expect(w_, (int)(sizeof(w_) / sizeof(w_[0])));			\
} while (0)
#define EXPECT_NONE() do {						\
	ck_assert_msg(nrec == 0, "unexpected output: %s", rec[0]);	\
} while (0)

/* v2, priority 100, 1 s: Skew = 156/256 s, Master_Down = 3 s + Skew. */
#define SKEW100		UINT64_C(609375)
#define DOWN100		(3 * S + SKEW100)

static void
become_master(struct vrrp_fsm *f)
{
	start(f, T0);
	timer(f, T0 + DOWN100);
	ck_assert_int_eq(f->state, VRRP_FSM_MASTER);
	nrec = 0;
}

START_TEST(test_timers_v2)
{
	struct vrrp_fsm f;

	setup(&f, "", "", &ops);
	ck_assert_uint_eq(vrrp_fsm_skew_us(&f), SKEW100);
	ck_assert_uint_eq(vrrp_fsm_master_down_us(&f), DOWN100);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), VRRP_FSM_NEVER);
	/* 6.4.1: not the owner: Backup, Master_Down_Timer armed. */
	start(&f, T0);
	EXPECT("log (VI_1) Entering BACKUP STATE (init)", "notify BACKUP");
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(f.t_master_down, T0 + DOWN100);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), T0 + DOWN100);
	/* Nothing before the deadline ... */
	timer(&f, T0 + DOWN100 - 1);
	EXPECT_NONE();
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	/* ... 6.4.2: MASTER exactly at Master_Down: advert first, then VIPs,
	 * garp_master_repeat (5) GARPs, notify. */
	timer(&f, T0 + DOWN100);
	EXPECT("advert 100", "log (VI_1) Entering MASTER STATE", "add_vips",
	    "garp 5", "notify MASTER");
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	ck_assert_int_eq(f.prev_state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(f.t_adver, T0 + DOWN100 + S);
	ck_assert_uint_eq(f.t_master_down, VRRP_FSM_NEVER);
	ck_assert_uint_eq(f.stats.become_master, 1);
	ck_assert_uint_eq(f.stats.advert_sent, 1);
	ck_assert(f.vipset);
}
END_TEST

START_TEST(test_master_adverts_and_garp_delay)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;
	int i;

	setup(&f, "", "", &ops);
	become_master(&f);
	/* 6.4.3: an advert every Advertisement_Interval; the second GARP
	 * burst garp_master_delay (5 s) after becoming MASTER. */
	for (i = 1; i <= 4; i++) {
		ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), m + i * S);
		timer(&f, m + i * S);
		EXPECT("advert 100");
	}
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), m + 5 * S);
	timer(&f, m + 5 * S);
	EXPECT("garp 5", "advert 100");
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), m + 6 * S);
	ck_assert_uint_eq(f.stats.advert_sent, 6);
}
END_TEST

START_TEST(test_backup_follows_master)
{
	struct vrrp_fsm f;
	uint64_t t;

	setup(&f, "", "", &ops);
	start(&f, T0);
	nrec = 0;
	/* Adverts from a higher priority master keep resetting the timer. */
	for (t = T0 + S; t <= T0 + 10 * S; t += S) {
		advert(&f, "10.0.0.2", 200, t);
		timer(&f, t);
		ck_assert_uint_eq(f.t_master_down, t + DOWN100);
	}
	EXPECT_NONE();
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(f.master_priority, 200);
	ck_assert_uint_eq(f.stats.advert_rcvd, 10);
	/* The master stops: MASTER exactly Master_Down after its last advert. */
	timer(&f, T0 + 10 * S + DOWN100 - 1);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	timer(&f, T0 + 10 * S + DOWN100);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	/* 6.4.2: equal priority is accepted in BACKUP (no tie-break). */
	setup(&f, "", "", &ops);
	start(&f, T0);
	advert(&f, "10.0.0.1", 100, T0 + S);
	ck_assert_uint_eq(f.t_master_down, T0 + S + DOWN100);
}
END_TEST

START_TEST(test_backup_priority_zero)
{
	struct vrrp_fsm f;

	setup(&f, "", "", &ops);
	start(&f, T0);
	advert(&f, "10.0.0.2", 200, T0 + S);
	nrec = 0;
	/* 6.4.2: priority 0: Master_Down_Timer = Skew_Time. */
	advert(&f, "10.0.0.2", 0, T0 + 2 * S);
	EXPECT_NONE();
	ck_assert_uint_eq(f.t_master_down, T0 + 2 * S + SKEW100);
	ck_assert_uint_eq(f.stats.pri_zero_rcvd, 1);
	timer(&f, T0 + 2 * S + SKEW100);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	EXPECT("advert 100", "log (VI_1) Entering MASTER STATE", "add_vips",
	    "garp 5", "notify MASTER");
}
END_TEST

START_TEST(test_backup_preempts_lower)
{
	struct vrrp_fsm f;

	setup(&f, "", " priority 150\n", &ops);
	/* priority 150: Skew = 106/256 s (truncated to µs). */
	ck_assert_uint_eq(vrrp_fsm_skew_us(&f), 414062);
	start(&f, T0);
	nrec = 0;
	advert(&f, "10.0.0.2", 100, T0 + S);
	EXPECT("log (VI_1) received lower priority (100) advert from "
	    "10.0.0.2 - discarding");
	/* Discarded: the timer keeps running from START. */
	ck_assert_uint_eq(f.t_master_down, T0 + 3 * S + 414062);
	advert(&f, "10.0.0.2", 100, T0 + 2 * S);
	nrec = 0;
	timer(&f, T0 + 3 * S + 414062);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
}
END_TEST

START_TEST(test_nopreempt)
{
	struct vrrp_fsm f;
	uint64_t t;

	setup(&f, "", " priority 150\n nopreempt\n", &ops);
	ck_assert(f.conf->nopreempt);
	start(&f, T0);
	nrec = 0;
	for (t = T0 + S; t <= T0 + 20 * S; t += S) {
		advert(&f, "10.0.0.2", 100, t);
		timer(&f, t);
	}
	EXPECT_NONE();
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(f.t_master_down, T0 + 20 * S + 3 * S + 414062);
}
END_TEST

START_TEST(test_preempt_delay)
{
	struct vrrp_fsm f;
	uint64_t t;

	setup(&f, "", " priority 150\n preempt_delay 5\n", &ops);
	ck_assert_uint_eq(f.conf->preempt_delay_us, 5 * S);
	f.log_detail = true;
	start(&f, T0);
	nrec = 0;
	/* The first lower priority advert starts the 5 s delay; until it
	 * runs out lower adverts are accepted like a master's. */
	advert(&f, "10.0.0.2", 100, T0 + S);
	EXPECT("log (VI_1) start preempt delay (5.000000)");
	ck_assert_uint_eq(f.t_preempt, T0 + 6 * S);
	for (t = T0 + 2 * S; t <= T0 + 5 * S; t += S) {
		advert(&f, "10.0.0.2", 100, t);
		timer(&f, t);
	}
	EXPECT_NONE();
	ck_assert_uint_eq(f.t_master_down, T0 + 5 * S + 3 * S + 414062);
	/* At the deadline the adverts are discarded; the running timer
	 * then makes it MASTER. */
	advert(&f, "10.0.0.2", 100, T0 + 6 * S);
	EXPECT("log (VI_1) received lower priority (100) advert from "
	    "10.0.0.2 - discarding");
	advert(&f, "10.0.0.2", 100, T0 + 7 * S);
	timer(&f, T0 + 8 * S + 414062 - 1);
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	timer(&f, T0 + 8 * S + 414062);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);

	/* A higher priority advert cancels a running delay. */
	setup(&f, "", " priority 150\n preempt_delay 5\n", &ops);
	f.log_detail = true;
	start(&f, T0);
	advert(&f, "10.0.0.2", 100, T0 + S);
	nrec = 0;
	advert(&f, "10.0.0.3", 200, T0 + 2 * S);
	EXPECT("log (VI_1) stop preempt delay");
	ck_assert_uint_eq(f.t_preempt, 0);
}
END_TEST

START_TEST(test_v3_learns_interval)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_advert a = { 0 };

	setup(&f, "", " version 3\n", &ops);
	ck_assert_uint_eq(f.conf->version, 3);
	/* v3: Skew = (256 - 100) * 100 cs * 625 / 16 µs. */
	ck_assert_uint_eq(vrrp_fsm_skew_us(&f), SKEW100);
	f.log_detail = true;
	start(&f, T0);
	nrec = 0;
	a.version = 3;
	a.vrid = 51;
	a.priority = 200;
	a.adver_int_cs = 200;
	a.naddr = 1;
	ck_assert_int_eq(addr_parse("10.0.0.2", &a.saddr), 0);
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_ADVERT_RECEIVED, &a,
	    T0 + S), 0);
	EXPECT("log (VI_1) advertisement interval updated from 1000ms to "
	    "2000ms by master");
	ck_assert_uint_eq(f.master_adver_int_us, 2 * S);
	/* Skew and Master_Down scale with the master's interval. */
	ck_assert_uint_eq(vrrp_fsm_skew_us(&f), 2 * SKEW100);
	ck_assert_uint_eq(f.t_master_down, T0 + S + 6 * S + 2 * SKEW100);
	/* Becoming MASTER it advertises its own interval again. */
	timer(&f, T0 + 7 * S + 2 * SKEW100);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	ck_assert_uint_eq(f.master_adver_int_us, S);
	ck_assert_uint_eq(f.t_adver, T0 + 8 * S + 2 * SKEW100);

	/* v2 never learns: its own interval stays. */
	setup(&f, "", "", &ops);
	start(&f, T0);
	a.version = 2;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_ADVERT_RECEIVED, &a,
	    T0 + S), 0);
	ck_assert_uint_eq(f.master_adver_int_us, S);
}
END_TEST

START_TEST(test_master_rx_lower)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	setup(&f, "", "", &ops);
	become_master(&f);
	advert(&f, "10.0.0.2", 50, m + S / 2);
	EXPECT("log (VI_1) Received advert from 10.0.0.2 with lower priority "
	    "50, ours 100, forcing new election", "advert 100", "garp 5",
	    "notify MASTER_RX_LOWER_PRI");
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	/* garp_lower_prio_repeat/_delay default to garp_master_*: a second
	 * burst 5 s later (after the advert due then). */
	ck_assert_uint_eq(f.garp[f.ngarp - 1].at, m + S / 2 + 5 * S);
	/* The advert just sent restarts the advert timer. */
	ck_assert_uint_eq(f.t_adver, m + S / 2 + S);

	/* lower_prio_no_advert: no advert, the timer keeps running; with
	 * garp_lower_prio_repeat a GARP burst (and one more later). */
	setup(&f, "", " lower_prio_no_advert\n garp_lower_prio_repeat 2\n"
	    " garp_lower_prio_delay 3\n", &ops);
	become_master(&f);
	advert(&f, "10.0.0.2", 50, m + S / 2);
	EXPECT("log (VI_1) Received advert from 10.0.0.2 with lower priority "
	    "50, ours 100", "garp 2", "notify MASTER_RX_LOWER_PRI");
	ck_assert_uint_eq(f.t_adver, m + S);
	timer(&f, m + S);
	timer(&f, m + 2 * S);
	timer(&f, m + 3 * S);
	EXPECT("advert 100", "advert 100", "advert 100");
	timer(&f, m + S / 2 + 3 * S);
	EXPECT("garp 2");
}
END_TEST

START_TEST(test_master_rx_higher)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100, t = m + S / 2;

	setup(&f, "", "", &ops);
	become_master(&f);
	advert(&f, "10.0.0.2", 150, t);
	/* 6.4.3: higher priority: BACKUP, VIPs removed, no priority 0. */
	EXPECT("log (VI_1) Master received advert from 10.0.0.2 with higher "
	    "priority 150, ours 100", "log (VI_1) Entering BACKUP STATE",
	    "del_vips", "notify BACKUP");
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(f.t_master_down, t + DOWN100);
	ck_assert_uint_eq(f.t_adver, VRRP_FSM_NEVER);
	ck_assert_uint_eq(f.stats.release_master, 1);
	ck_assert_uint_eq(f.stats.pri_zero_sent, 0);
	ck_assert(!f.vipset);
	/* The pending second GARP burst finds no VIPs: nothing sent. */
	advert(&f, "10.0.0.2", 150, m + 4 * S);
	timer(&f, m + 5 * S);
	EXPECT_NONE();

	/* higher_prio_send_advert: one own advert first. */
	setup(&f, "", " higher_prio_send_advert\n", &ops);
	become_master(&f);
	advert(&f, "10.0.0.2", 150, t);
	EXPECT("advert 100", "log (VI_1) Master received advert from "
	    "10.0.0.2 with higher priority 150, ours 100",
	    "log (VI_1) Entering BACKUP STATE", "del_vips", "notify BACKUP");
}
END_TEST

START_TEST(test_master_rx_priority_zero)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	setup(&f, "", "", &ops);
	become_master(&f);
	/* 6.4.3: priority 0: send an advert at once, stay MASTER. */
	advert(&f, "10.0.0.2", 0, m + S / 4);
	EXPECT("advert 100");
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	ck_assert_uint_eq(f.t_adver, m + S / 4 + S);
	ck_assert_uint_eq(f.stats.pri_zero_rcvd, 1);
}
END_TEST

START_TEST(test_master_tie_on_address)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	/* Our address is 10.0.0.5: the higher address wins (6.4.3). */
	setup(&f, "", "", &ops);
	become_master(&f);
	advert(&f, "10.0.0.2", 100, m + 1);
	EXPECT("log (VI_1) Received advert from 10.0.0.2 with lower priority "
	    "100, ours 100, forcing new election", "advert 100", "garp 5",
	    "notify MASTER_RX_LOWER_PRI");
	advert(&f, "10.0.0.9", 100, m + 2);
	EXPECT("log (VI_1) Master received advert from 10.0.0.9 with same "
	    "priority 100 but higher IP address than ours",
	    "log (VI_1) Entering BACKUP STATE", "del_vips", "notify BACKUP");
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);

	/* Our own address: a warning, nothing else. */
	setup(&f, "", "", &ops);
	become_master(&f);
	advert(&f, "10.0.0.5", 100, m + 1);
	EXPECT("log (VI_1) WARNING - equal priority advert received from "
	    "remote host with our IP address.");
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
}
END_TEST

START_TEST(test_owner)
{
	struct vrrp_fsm f;

	setup(&f, "", " state MASTER\n priority 255\n", &ops);
	ck_assert_uint_eq(f.base_priority, 255);
	/* 6.4.1: the owner is MASTER almost at once, BACKUP silently. */
	start(&f, T0);
	EXPECT_NONE();
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), T0 + 1);
	timer(&f, T0 + 1);
	EXPECT("advert 255", "log (VI_1) Entering MASTER STATE", "add_vips",
	    "garp 5", "notify MASTER");
	/* Tracking never changes an owner's priority. */
	{
		int total = 200;

		ck_assert_int_eq(vrrp_fsm_event(&f,
		    VRRP_FSM_EV_PRIORITY_CHANGED, &total, T0 + 2), 0);
		ck_assert_uint_eq(f.effective_priority, 255);
	}
	/* Another owner: both 255: drop to 254 and yield. */
	advert(&f, "10.0.0.9", 255, T0 + S / 2);
	EXPECT("log (VI_1) CONFIGURATION ERROR: local instance and a remote "
	    "instance are both configured as address owner, please fix - "
	    "reducing local priority",
	    "log (VI_1) Master received advert from 10.0.0.9 with higher "
	    "priority 255, ours 254", "log (VI_1) Entering BACKUP STATE",
	    "del_vips", "notify BACKUP");
	ck_assert_uint_eq(f.base_priority, 254);
	ck_assert_uint_eq(f.effective_priority, 254);

	/* state MASTER without priority 255 is a plain BACKUP (init). */
	setup(&f, "", " state MASTER\n", &ops);
	start(&f, T0);
	EXPECT("log (VI_1) Entering BACKUP STATE (init)", "notify BACKUP");
	ck_assert_uint_eq(f.t_master_down, T0 + DOWN100);
}
END_TEST

START_TEST(test_fault)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	setup(&f, "", "", &ops);
	become_master(&f);
	/* Tracking fault in MASTER: priority 0 (keepalived sends two, one
	 * counted), VIPs removed, FAULT. */
	event(&f, VRRP_FSM_EV_FAULT, m + 1);
	EXPECT("log (VI_1) Entering FAULT STATE", "advert 0", "advert 0",
	    "del_vips", "notify FAULT");
	ck_assert_int_eq(f.state, VRRP_FSM_FAULT);
	ck_assert_uint_eq(f.stats.pri_zero_sent, 1);
	ck_assert_uint_eq(f.stats.release_master, 1);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), m + 5 * S);
	/* Adverts are ignored and not counted in FAULT. */
	advert(&f, "10.0.0.2", 50, m + 2);
	EXPECT_NONE();
	ck_assert_uint_eq(f.stats.advert_rcvd, 0);
	/* The delayed GARP burst finds no VIPs. */
	timer(&f, m + 5 * S);
	EXPECT_NONE();
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), VRRP_FSM_NEVER);
	/* Cleared: BACKUP with a fresh Master_Down. */
	event(&f, VRRP_FSM_EV_FAULT_CLEARED, m + 10 * S);
	EXPECT("log (VI_1) Entering BACKUP STATE", "notify BACKUP");
	ck_assert_uint_eq(f.t_master_down, m + 10 * S + DOWN100);

	/* In BACKUP: FAULT without any advert. */
	event(&f, VRRP_FSM_EV_FAULT, m + 11 * S);
	EXPECT("log (VI_1) Entering FAULT STATE", "notify FAULT");
	/* FAULT_CLEARED outside FAULT changes nothing. */
	event(&f, VRRP_FSM_EV_FAULT_CLEARED, m + 12 * S);
	event(&f, VRRP_FSM_EV_FAULT_CLEARED, m + 13 * S);
	EXPECT("log (VI_1) Entering BACKUP STATE", "notify BACKUP");
}
END_TEST

START_TEST(test_start_fault_and_init)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_start st = { 0 };

	/* Tracking down at start: FAULT, notified (tracking logs why). */
	setup(&f, "", "", &ops);
	st.fault = true;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_START, &st, T0), 0);
	EXPECT("notify FAULT");
	ck_assert_int_eq(f.state, VRRP_FSM_FAULT);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), VRRP_FSM_NEVER);

	/* Leftover VIPs are removed before entering BACKUP (init). */
	setup(&f, "", "", &ops);
	st.fault = false;
	st.release_vips = true;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_START, &st, T0), 0);
	EXPECT("del_vips", "log (VI_1) Entering BACKUP STATE (init)",
	    "notify BACKUP");
	st.release_vips = false;

	/* Scripts not yet reported: FAULT silently; then BACKUP. */
	setup(&f, "", "", &ops);
	st.fault = false;
	st.init_pending = true;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_START, &st, T0), 0);
	EXPECT_NONE();
	ck_assert_int_eq(f.state, VRRP_FSM_FAULT);
	event(&f, VRRP_FSM_EV_FAULT_CLEARED, T0 + S);
	EXPECT("log (VI_1) Entering BACKUP STATE", "notify BACKUP");
	ck_assert_uint_eq(f.t_master_down, T0 + S + DOWN100);

	/* An owner whose scripts report late goes straight to MASTER. */
	setup(&f, "", " state MASTER\n priority 255\n", &ops);
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_START, &st, T0), 0);
	event(&f, VRRP_FSM_EV_FAULT_CLEARED, T0 + S);
	EXPECT("advert 255", "log (VI_1) Entering MASTER STATE", "add_vips",
	    "garp 5", "notify MASTER");
	ck_assert_uint_eq(f.t_adver, T0 + 2 * S);
}
END_TEST

START_TEST(test_stop)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	setup(&f, "", "", &ops);
	become_master(&f);
	/* 6.4.3 Shutdown: priority 0, addresses removed. */
	event(&f, VRRP_FSM_EV_STOP, m + 1);
	EXPECT("advert 0", "del_vips", "notify STOP");
	ck_assert_int_eq(f.state, VRRP_FSM_STOP);
	ck_assert_uint_eq(f.stats.pri_zero_sent, 1);
	ck_assert_uint_eq(vrrp_fsm_next_deadline(&f), VRRP_FSM_NEVER);
	/* Nothing happens after STOP. */
	advert(&f, "10.0.0.2", 200, m + 2);
	timer(&f, m + 10 * S);
	event(&f, VRRP_FSM_EV_FAULT, m + 11 * S);
	EXPECT_NONE();

	/* 6.4.2 Shutdown of a BACKUP: just the notification. */
	setup(&f, "", "", &ops);
	start(&f, T0);
	nrec = 0;
	event(&f, VRRP_FSM_EV_STOP, T0 + 1);
	EXPECT("notify STOP");
}
END_TEST

START_TEST(test_priority_changed)
{
	struct vrrp_fsm f;
	int total;

	setup(&f, "", " notify_priority_changes\n", &ops);
	start(&f, T0);
	nrec = 0;
	total = 80;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_PRIORITY_CHANGED,
	    &total, T0 + S), 0);
	EXPECT("log (VI_1) Changing effective priority from 100 to 80",
	    "notify PRIORITY 80");
	/* The running Master_Down moves by the change of Skew: 176/256 s. */
	ck_assert_uint_eq(f.t_master_down, T0 + 3 * S + 687500);
	/* Clamped to 1..254. */
	total = 300;
	vrrp_fsm_event(&f, VRRP_FSM_EV_PRIORITY_CHANGED, &total, T0 + S);
	ck_assert_uint_eq(f.effective_priority, 254);
	total = -5;
	vrrp_fsm_event(&f, VRRP_FSM_EV_PRIORITY_CHANGED, &total, T0 + S);
	ck_assert_uint_eq(f.effective_priority, 1);
	nrec = 0;
	vrrp_fsm_event(&f, VRRP_FSM_EV_PRIORITY_CHANGED, &total, T0 + S);
	EXPECT_NONE();
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_PRIORITY_CHANGED,
	    NULL, T0), -1);
}
END_TEST

START_TEST(test_startup_delay)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_start st = { 0 };

	setup(&f, "", "", &ops);
	st.delayed_start_us = T0 + 10 * S;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_START, &st, T0), 0);
	ck_assert_uint_eq(f.t_master_down, T0 + 10 * S + DOWN100);
	/* An advert during the delay still counts from its end. */
	advert(&f, "10.0.0.2", 200, T0 + S);
	ck_assert_uint_eq(f.t_master_down, T0 + 10 * S + DOWN100);
	advert(&f, "10.0.0.2", 200, T0 + 11 * S);
	ck_assert_uint_eq(f.t_master_down, T0 + 11 * S + DOWN100);
}
END_TEST

START_TEST(test_sync_group)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_start st = { 0 };

	setup(&f, "", "", &sync_ops);
	st.sync = true;
	st.group_state = VRRP_FSM_BACKUP;
	ck_assert_int_eq(vrrp_fsm_event(&f, VRRP_FSM_EV_START, &st, T0), 0);
	nrec = 0;
	/* The group is not ready: stay BACKUP wanting MASTER, wait again. */
	can_master = false;
	timer(&f, T0 + DOWN100);
	EXPECT_NONE();
	ck_assert_int_eq(f.state, VRRP_FSM_BACKUP);
	ck_assert_int_eq(f.want_state, VRRP_FSM_MASTER);
	ck_assert_uint_eq(f.t_master_down, T0 + 2 * DOWN100);
	/* Another member went MASTER: forced along. */
	event(&f, VRRP_FSM_EV_SYNC_MASTER, T0 + S);
	EXPECT("advert 100", "log (VI_1) Entering MASTER STATE", "add_vips",
	    "garp 5", "notify MASTER");
	/* One went BACKUP: leave MASTER without priority 0. */
	event(&f, VRRP_FSM_EV_SYNC_BACKUP, T0 + 2 * S);
	EXPECT("log (VI_1) Entering BACKUP STATE", "del_vips",
	    "notify BACKUP");
	/* One went FAULT: a BACKUP member follows without a log line. */
	event(&f, VRRP_FSM_EV_SYNC_FAULT, T0 + 3 * S);
	EXPECT("notify FAULT");
	ck_assert_int_eq(f.state, VRRP_FSM_FAULT);
	/* ... and back to BACKUP with the group. */
	event(&f, VRRP_FSM_EV_SYNC_BACKUP, T0 + 4 * S);
	EXPECT("log (VI_1) Entering BACKUP STATE", "notify BACKUP");
	/* A MASTER member forced to FAULT sends one priority 0 advert. */
	can_master = true;
	timer(&f, T0 + 4 * S + DOWN100);
	nrec = 0;
	event(&f, VRRP_FSM_EV_SYNC_FAULT, T0 + 9 * S);
	EXPECT("log (VI_1) Entering FAULT STATE", "advert 0", "del_vips",
	    "notify FAULT");
	ck_assert_uint_eq(f.stats.pri_zero_sent, 0);
}
END_TEST

START_TEST(test_garp_refresh)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	setup(&f, "", " garp_master_refresh 3\n garp_master_refresh_repeat 2\n"
	    " garp_master_delay 0\n", &ops);
	become_master(&f);
	/* Checked when an advert goes out, strictly after the deadline. */
	timer(&f, m + S);
	timer(&f, m + 2 * S);
	timer(&f, m + 3 * S);
	EXPECT("advert 100", "advert 100", "advert 100");
	timer(&f, m + 4 * S);
	EXPECT("advert 100", "garp 2");
	ck_assert_uint_eq(f.t_garp_refresh, m + 7 * S);
}
END_TEST

START_TEST(test_invalid_advert)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	setup(&f, "", "", &ops);
	start(&f, T0);
	event(&f, VRRP_FSM_EV_ADVERT_INVALID, T0 + S);
	ck_assert_uint_eq(f.t_master_down, T0 + DOWN100);
	timer(&f, T0 + DOWN100);
	ck_assert_int_eq(f.state, VRRP_FSM_MASTER);
	/* keepalived pushes the MASTER's next advert back. */
	event(&f, VRRP_FSM_EV_ADVERT_INVALID, m + S / 2);
	ck_assert_uint_eq(f.t_adver, m + S / 2 + S);
}
END_TEST

START_TEST(test_strict)
{
	struct vrrp_fsm f;
	uint64_t m = T0 + DOWN100;

	/* Strict mode forces lower_prio_no_advert: no re-assert advert. */
	setup(&f, " vrrp_strict\n", "", &ops);
	ck_assert(f.conf->lower_prio_no_advert);
	become_master(&f);
	advert(&f, "10.0.0.2", 50, m + S / 2);
	EXPECT("log (VI_1) Received advert from 10.0.0.2 with lower priority "
	    "50, ours 100", "notify MASTER_RX_LOWER_PRI");
	ck_assert_uint_eq(f.t_adver, m + S);
}
END_TEST

START_TEST(test_check_vips)
{
	struct vrrp_fsm f;
	struct addr a, b;

	ck_assert_int_eq(addr_parse("10.0.0.2", &a), 0);
	ck_assert_int_eq(addr_parse("10.0.0.3", &b), 0);
	setup(&f, "", " skip_check_adv_addr\n", &ops);
	start(&f, T0);
	ck_assert(vrrp_fsm_check_vips(&f, &a));
	advert(&f, "10.0.0.2", 200, T0 + S);
	ck_assert(!vrrp_fsm_check_vips(&f, &a));
	ck_assert(vrrp_fsm_check_vips(&f, &b));
	setup(&f, "", "", &ops);
	start(&f, T0);
	advert(&f, "10.0.0.2", 200, T0 + S);
	ck_assert(vrrp_fsm_check_vips(&f, &a));
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(vrrp_fsm_state_name(VRRP_FSM_MASTER), "MASTER");
	ck_assert_str_eq(vrrp_fsm_state_name(VRRP_FSM_STOP), "STOP");
	ck_assert_str_eq(vrrp_fsm_state_name((enum vrrp_fsm_state)42),
	    "unknown");
	ck_assert_str_eq(vrrp_fsm_event_name(VRRP_FSM_EV_TIMER), "TIMER");
	ck_assert_str_eq(vrrp_fsm_event_name(VRRP_FSM_EV_MAX), "unknown");
}
END_TEST

static Suite *
fsm_suite(void)
{
	Suite *s = suite_create("fsm");
	TCase *tc = tcase_create("fsm");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_timers_v2);
	tcase_add_test(tc, test_master_adverts_and_garp_delay);
	tcase_add_test(tc, test_backup_follows_master);
	tcase_add_test(tc, test_backup_priority_zero);
	tcase_add_test(tc, test_backup_preempts_lower);
	tcase_add_test(tc, test_nopreempt);
	tcase_add_test(tc, test_preempt_delay);
	tcase_add_test(tc, test_v3_learns_interval);
	tcase_add_test(tc, test_master_rx_lower);
	tcase_add_test(tc, test_master_rx_higher);
	tcase_add_test(tc, test_master_rx_priority_zero);
	tcase_add_test(tc, test_master_tie_on_address);
	tcase_add_test(tc, test_owner);
	tcase_add_test(tc, test_fault);
	tcase_add_test(tc, test_start_fault_and_init);
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_priority_changed);
	tcase_add_test(tc, test_startup_delay);
	tcase_add_test(tc, test_sync_group);
	tcase_add_test(tc, test_garp_refresh);
	tcase_add_test(tc, test_invalid_advert);
	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_check_vips);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { fsm_suite() };

	return unit_run(s, 1);
}
