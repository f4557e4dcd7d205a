/*
 * check_engine: the checker child's runtime.  One object per virtual
 * server, real server and checker, each pointing at its configuration;
 * every checker is a non-blocking continuation on the child's loop whose
 * every step is bounded by a timer.  The decisions are check_sched.c's; this
 * layer runs the checks (one file per type), programs IPVS through
 * lvs.h, runs notify_up/notify_down through spawn.h, writes the LVS
 * notify FIFOs, sends SMTP alerts and tells the parent each real
 * server's state.
 */
#ifndef VIGIL_CHECK_ENGINE_H
#define VIGIL_CHECK_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/queue.h>

#include "conf.h"
#include "evloop.h"
#include "check_sched.h"
#include "spawn.h"
#include "notify.h"
#include "check_daemon.h"

#define CE_STR_MAX	128

struct ce_engine;
struct ce_vs;
struct ce_rs;
struct ce_checker;

/* One check type: how to run one attempt and how to speak of it. */
struct check_type_ops {
	const char		*name;		/* "TCP_CHECK" */
	enum sched_retry_policy	 policy;
	/* Begin an attempt; finish it (now or later) with ce_done().
	 * -1 when it could not even begin (counts as a failure). */
	int	(*start)(struct ce_checker *);
	/* Free what an unfinished attempt holds (fd is the engine's). */
	void	(*cancel)(struct ce_checker *);
	/* The step deadline passed: true when that means success (a
	 * UDP_CHECK that needs no reply).  NULL: failure. */
	bool	(*timeout_ok)(struct ce_checker *);
	/* Log an outcome in keepalived's words. */
	void	(*log)(struct ce_checker *, const struct sched_outcome *);
	/* keepalived's smtp_alert body for an up / down change. */
	const char		*alert_up, *alert_down;
};

/*
 * One checker.  There are as many as real servers (10,000 in
 * bench/checker.sh), so what only an attempt needs lives in the type's
 * priv while it runs, and the failure text only once a failure is
 * recorded.  test_sizes in tests/unit/test_checks.c keeps an eye on
 * the size.
 */
struct ce_checker {
	struct ce_engine	*eng;
	struct ce_rs		*rs;
	const struct check_conf	*conf;
	const struct check_type_ops *ops;
	struct sched_chk	 sc;
	/* Idle: the next attempt.  Busy: this step's deadline. */
	struct ev_timer		 timer;
	struct ev_io		 io;
	int			 fd;		/* -1 when none */
	bool			 busy;		/* an attempt is running */
	uint8_t			 why_size;	/* why's buffer, 0: ce_why_none */
	unsigned		 nruns, nfail;
	uint64_t		 last_ran;
	void			*priv;		/* the type's attempt state */
	char			*why;		/* last failure, never NULL */
	int64_t			 http_len_mismatch;	/* last one logged */
};

struct ce_rs {
	struct ce_engine	*eng;
	struct ce_vs		*vs;
	const struct check_rs	*conf;
	struct sched_rs		 st;
	struct ce_checker	*chk;		/* in the VS's chks */
	unsigned		 nchk;
	bool			 set;		/* in IPVS */
	const char		*str;		/* "[ip]:tcp:port", in vs->strs */
};

struct ce_vs {
	struct ce_engine	*eng;
	const struct check_vs	*conf;
	struct sched_vs		 q;
	struct ce_rs		*rs;
	unsigned		 nrs;
	struct ce_checker	*chks;		/* every real server's */
	char			*strs;		/* every real server's str */
	char			 str[CE_STR_MAX];	/* check_vs_str() */
};

struct ce_engine {
	struct check_child	*cc;
	struct ev_loop		*loop;
	const struct conf	*conf;
	struct ce_vs		*vs;
	unsigned		 nvs;
	struct notify_fifo	 fifo, lvs_fifo;	/* with their scripts */
	int			 fifo_fd, lvs_fifo_fd;	/* theirs, or -1 */
	sched_rand_fn		 rnd;		/* warmup jitter */
	void			*rnd_arg;
	unsigned		 alerts_sent;	/* for tests and dumps */
	bool			 stopping;
};

/* The ops check_daemon.c installs. */
extern const struct check_engine_ops check_engine_vigil;

/* Build and start the engine on cc (its loop and conf). */
struct ce_engine *ce_engine_start(struct check_child *);
void	ce_engine_stop(struct ce_engine *);
void	ce_engine_free(struct ce_engine *);

/* --- for the check types --------------------------------------------- */

/* Finish the running attempt.  out may be NULL. */
void	ce_done(struct ce_checker *, bool success, struct sched_outcome *out);
/* Record why an attempt failed (for logs and the dump). */
void	ce_why(struct ce_checker *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Open a non-blocking socket to the checker's destination with its
 * connection options and start connecting; io watches events with cb,
 * the step deadline is the connect_timeout.  fd, or -1. */
int	ce_connect(struct ce_checker *, int type, int proto, uint32_t events,
	    ev_io_cb cb);
/* Restart the step deadline (connect_timeout) after progress. */
void	ce_step(struct ce_checker *);
/* Stop the step deadline (the attempt goes on without one). */
void	ce_step_stop(struct ce_checker *);
/* Run the checker now unless an attempt is running (FILE, BFD). */
void	ce_kick(struct ce_checker *);
/* The checker's destination (connect_ip/connect_port or the real
 * server) as a socket address: its length, or -1 with errno. */
int	ce_dst(const struct ce_checker *, struct sockaddr_storage *);
/* The checker's connect_timeout in µs. */
uint64_t ce_timeout(const struct ce_checker *);
/* "[ip]:tcp:port" of the checker's real server. */
const char *ce_chk_str(const struct ce_checker *);
/* Set a real server's effective weight (misc_dynamic, FILE_CHECK). */
void	ce_rs_weight(struct ce_rs *, int64_t weight);

extern const struct check_type_ops check_tcp_ops, check_http_ops,
	    check_ssl_ops,
	    check_misc_ops, check_smtp_ops, check_dns_ops, check_udp_ops,
	    check_ping_ops, check_file_ops,
    check_mysql_ops, check_bfd_ops;

/* check_bfd.c: a BFD session's state from the parent (IPC_BFD_STATE):
 * every BFD_CHECK naming it takes that state at once. */
void	check_bfd_event(struct check_child *, const struct ipc_bfd_state *);
/* Start a BFD_CHECK: it runs at once only if its session was heard of. */
void	check_bfd_activate(struct ce_checker *);

/* check_smtp.c: keepalived's SMTP alert (smtp_server, notification_email)
 * for a real server change. */
void	ce_alert_rs(struct ce_engine *, struct ce_rs *, const char *body);
void	ce_alert_free_all(struct ce_engine *);

/* check_dump.c: keepalived_check.data after the global section. */
void	ce_dump(struct ce_engine *, FILE *);

/* check_ssl.c: SSL_GET's client context from the SSL { } block, built
 * when an SSL_GET exists (conf->check.ssl_required) at start and reload;
 * -1 (logged in keepalived's words) means the checker must exit FATAL. */
int	check_ssl_init(const struct conf *);
void	check_ssl_free(void);

#endif
