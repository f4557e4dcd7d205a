/*
 * conf: the configuration model, the immutable result of a parse.
 *
 * Plain data in one arena: no fds, no timers, no live state.  Runtime
 * objects point into it; a reload builds a new struct conf and swaps it
 * in only when the parse succeeded.  Each domain owns its part:
 * conf_global.h (global_defs and root-only globals), conf_vrrp.h (VRRP
 * instances, scripts, sync groups, static addresses, trackers, BFD) and
 * conf_check.h (virtual servers, real servers, checkers).
 */
#ifndef VIGIL_CONF_H
#define VIGIL_CONF_H

#include <stdio.h>
#include "queue_ext.h"

#include "addr.h"
#include "arena.h"
#include "engine.h"
#include "script.h"
#include "conf_global.h"
#include "conf_vrrp.h"
#include "conf_check.h"

struct conf {
	struct arena		 arena;
	const char		*path;		/* main file as given */
	struct global_conf	 global;
	struct vrrp_conf_set	 vrrp;
	struct check_conf_set	 check;
	struct script_conf_list	 scripts;	/* every script, for security */
};

/* Stable text form of the whole model (-d with -t), for golden tests. */
void	conf_dump(const struct conf *, FILE *);
void	global_conf_dump(const struct conf *, FILE *);
void	vrrp_conf_dump(const struct conf *, FILE *);
void	check_conf_dump(const struct conf *, FILE *);

/* Dump helpers: one "key value" line at an indent of depth tabs. */
void	dump_kv(FILE *, int depth, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	dump_open(FILE *, int depth, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	dump_close(FILE *, int depth);
/* Timer in µs as seconds with 6 decimals. */
void	dump_timer(FILE *, int depth, const char *key, uint64_t us);
void	dump_str(FILE *, int depth, const char *key, const char *s);
void	dump_bool(FILE *, int depth, const char *key, bool v);
void	dump_addr(FILE *, int depth, const char *key, const struct addr *);
/* A command as argv: each word quoted. */
void	dump_argv(FILE *, int depth, const char *key, char *const *argv);

#endif
