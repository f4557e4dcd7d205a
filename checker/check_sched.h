/*
 * check_sched: the checker's pure decisions, with explicit time and no I/O.
 *
 * When a checker runs next, when a failure only schedules a retry and
 * when it marks the checker down, when a real server counts as alive,
 * what its effective weight is and when a virtual server gains or loses
 * its quorum: keepalived 2.2.7's rules (check_api.c, check_tcp.c,
 * ipwrapper.c), written as functions over small state structs so that
 * tests/unit/test_sched.c can drive them with keepalived's numbers.
 * check_engine.c turns the outcomes into sockets, scripts, IPVS calls,
 * notifies and messages to the parent.
 */
#ifndef VIGIL_SCHED_H
#define VIGIL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

/* keepalived's BOOTSTRAP_DELAY: every checker's first run is after 1 s
 * plus its warmup jitter. */
#define SCHED_BOOTSTRAP_US	1000000ULL

/*
 * What a failure does while the checker is already down.  keepalived
 * 2.2.7's checkers disagree here; each type keeps its own way.
 *   TCP:     retries as if it were up, so a down TCP_CHECK alternates
 *            delay_before_retry and delay_loop (fixed in 2.3.3).
 *   HTTP:    polls at max(delay_before_retry, delay_loop).  One url is
 *            checked per run (url_it), the next one a delay_loop later;
 *            a failed url is retried alone, and once it answers every
 *            url again from the first; fast_recovery runs at once
 *            while nothing is known to fail.
 *   UP_ONLY: polls at delay_loop (PING, UDP, DNS, SMTP, MISC ...).
 */
enum sched_retry_policy {
	SCHED_RETRY_TCP,
	SCHED_RETRY_HTTP,
	SCHED_RETRY_UP_ONLY
};

/* Fields ordered to pack: one per checker, 10,000 checkers are usual. */
struct sched_params {
	uint64_t		 delay_loop;		/* µs */
	uint64_t		 delay_before_retry;	/* µs */
	uint64_t		 warmup;		/* µs; 0: no jitter */
	uint32_t		 retry;
	/* SCHED_RETRY_HTTP: the checker's url count and fast_recovery. */
	uint32_t		 nurls;
	enum sched_retry_policy	 policy;
	bool			 fast_recovery;
	bool			 alpha;
};

/* One checker. */
struct sched_chk {
	struct sched_params	 p;
	int64_t			 cur_weight;	/* misc_dynamic share */
	uint32_t		 retry_it;
	unsigned		 last_exit;	/* misc_dynamic: last status */
	/* SCHED_RETRY_HTTP, keepalived's url_it and failed_url: the url
	 * the next run checks (0-based) and whether it is the one that
	 * failed its retries. */
	uint32_t		 url_it;
	bool			 failed_url;
	bool			 enabled;	/* false: ha_suspend'ed */
	bool			 is_up;
	bool			 has_run;
};

/* One real server. */
struct sched_rs {
	int64_t			 iweight;	/* configured weight */
	int64_t			 weight;	/* effective weight */
	unsigned		 num_failed;	/* checkers down */
	bool			 alive;
	bool			 inhibit;	/* inhibit_on_failure */
};

/* One virtual server's quorum, its sorry server and ha_suspend. */
struct sched_vs {
	uint32_t		 quorum;
	uint32_t		 hysteresis;
	bool			 quorum_up;
	bool			 has_sorry;
	bool			 sorry_alive;	/* the sorry server serves */
	bool			 ha_suspend;
	unsigned		 ha_addrs;	/* local copies of the VIP */
};

/* Random source for the warmup jitter: a value in [0, 1]. */
typedef double (*sched_rand_fn)(void *);

/* What the caller must do after a check result. */
#define SCHED_A_LOG_SUCCESS	0x01	/* "TCP connection to X success." */
#define SCHED_A_LOG_FAILED	0x02	/* "TCP_CHECK on service X failed" */
#define SCHED_A_AFTER_RETRIES	0x04	/* ... " after N retries." */
#define SCHED_A_RS_ADD		0x08	/* alive now: add (or enable) */
#define SCHED_A_RS_DEL		0x10	/* dead now: remove (or disable) */
#define SCHED_A_NOTIFY		0x20	/* notify_up/down, FIFO, parent */
#define SCHED_A_ALERT		0x40	/* SMTP alert (rs smtp_alert) */
#define SCHED_A_QUORUM		0x80	/* re-evaluate the VS quorum */

struct sched_outcome {
	unsigned		 actions;	/* SCHED_A_* */
	uint64_t		 delay;		/* next run, µs from now */
	bool			 checker_up;	/* checker state after */
	bool			 rs_alive;	/* rs->alive after */
};

/*
 * Set a checker and its real server up for the first run (not a
 * reload): a non-alpha checker starts up with its retries used, so the
 * first failure marks it down at once; an alpha checker starts down and
 * its real server not alive.  Call sched_rs_init first.
 */
void	sched_chk_init(struct sched_chk *, const struct sched_params *,
	    struct sched_rs *);
void	sched_rs_init(struct sched_rs *, int64_t weight, bool inhibit);
/*
 * Delay of a checker's first run: 1 s + warmup × rnd() (keepalived
 * scales random() / RAND_MAX), rnd NULL meaning no jitter.
 */
uint64_t sched_first_delay(const struct sched_chk *, sched_rand_fn rnd,
	    void *arg);

/*
 * A check finished (success or not): update the checker and its real
 * server as keepalived's *_epilog and update_svr_checker_state do and
 * say what to do (out->actions) and when to run next (out->delay).
 */
void	sched_check_done(struct sched_chk *, struct sched_rs *, bool success,
	    struct sched_outcome *);

/*
 * The same for a checker whose result is not a pass/fail with retries
 * (FILE_CHECK, or a forced state): no retry, no delay.
 */
void	sched_set_state(struct sched_chk *, struct sched_rs *, bool up,
	    struct sched_outcome *);

/*
 * MISC_CHECK misc_dynamic: exit status 2..255 means up with weight
 * status - 2.  Returns the real server's new effective weight.
 */
int64_t	sched_misc_weight(struct sched_chk *, struct sched_rs *,
	    unsigned status);
/* keepalived's exit status meaning: 1 up, 0 down. */
bool	sched_misc_success(bool dynamic, unsigned status);

/* The weight IPVS is given: effective weight clamped to 0..INT32_MAX. */
int64_t	sched_real_weight(int64_t weight);

enum sched_quorum {
	SCHED_Q_NONE,
	SCHED_Q_GAINED,
	SCHED_Q_LOST
};

/*
 * Start state: up when weight_sum >= quorum + hysteresis.  keepalived
 * decides this when the configuration is read, before any real server
 * is alive, so a first start passes 0 and the first sched_vs_quorum
 * (init) usually says GAINED.
 */
void	sched_vs_init(struct sched_vs *, uint32_t quorum, uint32_t hysteresis,
	    bool has_sorry, int64_t weight_sum);

/* What a quorum evaluation asks of the caller (ipwrapper.c
 * update_quorum_state). */
struct sched_quorum_out {
	enum sched_quorum	 change;
	int64_t			 threshold;	/* the bound compared */
	bool			 starting;	/* init: "Starting with quorum
						 * up|down" (mail) */
	bool			 sorry_out;	/* drop the sorry server, put the
						 * alive real servers back */
	bool			 sorry_in;	/* take the alive real servers
						 * out, put the sorry server in */
};

/*
 * After a change of alive servers or weights (weight_sum: sum of the
 * real weights of the alive servers), or at start (init): gained when
 * not up and weight_sum >= quorum + hysteresis, lost when up and
 * weight_sum is 0 or < quorum - hysteresis.  At start a quorum already
 * down with a sorry server not yet serving counts as lost too, so the
 * sorry server goes in.  Returns out->change.
 */
enum sched_quorum sched_vs_quorum(struct sched_vs *, int64_t weight_sum,
	    bool init, struct sched_quorum_out *out);

/*
 * Whether real server changes reach IPVS now: unless the quorum is
 * down and the sorry server serves in the real servers' place.
 */
bool	sched_vs_pool_open(const struct sched_vs *);

/*
 * keepalived's ipvs_cmd for a destination: what an add (or delete)
 * becomes given inhibit_on_failure and whether it is in IPVS (*set,
 * updated).  *zero: send weight 0 (inhibited, or added while failed).
 */
enum sched_ipvs {
	SCHED_IPVS_ADD,
	SCHED_IPVS_EDIT,
	SCHED_IPVS_DEL
};
enum sched_ipvs sched_dest_cmd(bool *set, bool inhibit, bool failed,
	    bool add, bool *zero);

/*
 * ha_suspend: a count of the local copies of the virtual address found
 * n.  True when that changes whether the checkers run (*enable: the new
 * state); keepalived suspends them only when the last copy went.
 */
bool	sched_vs_ha_count(struct sched_vs *, unsigned n, bool *enable);
/* Checkers of this virtual server run (not suspended). */
bool	sched_vs_active(const struct sched_vs *);

#endif
