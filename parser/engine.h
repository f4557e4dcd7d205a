/*
 * engine: the keyword-table driven reader of keepalived.conf.
 *
 * A block is a const table of keywords sorted by name and searched with
 * bsearch.  The engine walks the statements produced by the reader and
 * lexer, looks each one up in the table of the current block, calls its
 * handler and descends into sub-blocks, reproducing keepalived's handling
 * of misplaced braces (lib/parser.c process_stream) so that diagnostics
 * land on the same lines.
 *
 * Handlers receive the statement (argv, file, line) and the object of the
 * enclosing block (cfg_obj).  A block keyword's handler creates the object
 * of its sub-block and hands it over with cfg_enter().
 */
#ifndef VIGIL_ENGINE_H
#define VIGIL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

struct cfg_parse;
struct cfg_kw;
struct conf;

/* A statement: the words of one line segment between braces. */
struct cfg_stmt {
	int		 argc;
	char	       **argv;		/* argv[argc] == NULL */
	const char	*file;
	unsigned	 line;
	const char	*raw;		/* the whole source line, for messages */
};

/* Where something was written, kept in the model for later checks. */
struct cfg_loc {
	const char	*file;
	unsigned	 line;
};

typedef void (*cfg_handler_fn)(struct cfg_parse *, const struct cfg_kw *,
    const struct cfg_stmt *);
typedef void (*cfg_end_fn)(struct cfg_parse *, void *obj);

/* Keyword flags. */
#define CFG_KW_VALUES	0x01	/* value-list block: fn is called per line;
				 * sub, if set, only provides the end hook,
				 * run at the block's '}' with the enclosing
				 * object */
#define CFG_KW_NAMED	0x02	/* with CFG_KW_VALUES: fn is also called
				 * once with the opening line (a named
				 * list such as virtual_server_group X) */
#define CFG_KW_INLINE	0x04	/* with CFG_KW_VALUES: a keyword line
				 * with arguments is itself the only
				 * value line (fn sees it without the
				 * keyword) and opens no block */

struct cfg_block {
	const char		*name;	/* for diagnostics and tests */
	const struct cfg_kw	*kw;	/* sorted by name, no duplicates */
	size_t			 nkw;
	cfg_end_fn		 end;	/* at its '}' (or end of file) */
};

struct cfg_kw {
	const char		*name;
	cfg_handler_fn		 fn;
	const struct cfg_block	*sub;	/* block this keyword opens */
	unsigned		 flags;
	size_t			 off;	/* field offset, for generic handlers */
	int64_t			 min, max;	/* range, for generic handlers */
	const char		*msg;	/* generic handlers' own message */
};

#define CFG_BLOCK(sym, nm, table, endfn)				\
	const struct cfg_block sym = { nm, table,			\
	    sizeof(table) / sizeof((table)[0]), endfn }

/* Options of a parse. */
struct cfg_opts {
	const char	*config_id;	/* for @ID lines; NULL: host name */
	bool		 config_test;	/* -t: strict number checks */
	bool		 include_check;	/* -e: every include must match */
	bool		 check_ifaces;	/* report interfaces that don't exist */
	cfg_sink_fn	 sink;		/* where diagnostics go */
	void		*sink_ctx;
};

/* Outcome of a parse, filled even when no conf is returned. */
struct cfg_result {
	enum cfg_err	 worst;		/* highest severity reported */
	unsigned	 count[CFG_ERR_MAX];
	int		 exit_status;	/* nonzero: keepalived would exit so */
	bool		 no_config;	/* main file missing or unusable */
};

/* Which keepalived process a keyword belongs to. */
enum cfg_domain {
	CFG_DOMAIN_GLOBAL,	/* the parent: global_defs, root globals */
	CFG_DOMAIN_VRRP,	/* the VRRP child */
	CFG_DOMAIN_CHECK,	/* the checker child */
	CFG_DOMAIN_MAX
};

/* --- for handlers ---------------------------------------------------- */

/* The domain whose view is being parsed. */
enum cfg_domain	 cfg_domain(struct cfg_parse *);

/* The model being built and its arena. */
struct conf	*cfg_conf(struct cfg_parse *);
struct arena	*cfg_arena(struct cfg_parse *);
const struct cfg_opts *cfg_options(struct cfg_parse *);
/* Object of the block the statement is in (the struct conf at root). */
void		*cfg_obj(struct cfg_parse *);
/* Object for the sub-block a block keyword opens.  Without a call the
 * sub-block shares the enclosing object (and its name). */
void		 cfg_enter(struct cfg_parse *, void *obj);
/* The same for an object with a name: "%N" in a kw->msg (below). */
void		 cfg_enter_named(struct cfg_parse *, void *obj,
		    const char *name);
/* Skip the sub-block of the current keyword without parsing it. */
void		 cfg_skip_block(struct cfg_parse *);
/* Location of the current statement. */
struct cfg_loc	 cfg_here(struct cfg_parse *);
/* Copy a string into the model's arena. */
char		*cfg_strdup(struct cfg_parse *, const char *);

/* Report at the current statement, at a location, or with none. */
void	cfg_report(struct cfg_parse *, enum cfg_err, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	cfg_report_at(struct cfg_parse *, struct cfg_loc, enum cfg_err,
	    const char *, ...) __attribute__((format(printf, 4, 5)));
void	cfg_report_noloc(struct cfg_parse *, enum cfg_err, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * argv[i], or report keepalived's fatal "missing a parameter" error and
 * abort the parse (the process would exit 2) when there is none.
 */
const char	*cfg_arg(struct cfg_parse *, const struct cfg_stmt *, int i);
/* Stop the parse; keepalived would exit with this status. */
void		 cfg_abort(struct cfg_parse *, int status);
bool		 cfg_aborted(struct cfg_parse *);

/* Pointer to the field a generic handler writes. */
#define CFG_FIELD(p, kw, type)	((type *)((char *)cfg_obj(p) + (kw)->off))

/*
 * Generic handlers driven by the table's off/min/max/msg.  A missing
 * argument is the fatal missing-parameter error (cfg_arg), except for
 * cfg_h_str with a msg.  kw->msg, when set, is keepalived's message for
 * the keyword, reported as CFG_GENERAL_ERROR at the statement:
 *   cfg_h_str: when the argument is missing or, with max > 0, when there
 *     are more than max arguments; the line is then ignored;
 *   cfg_h_int, cfg_h_uint, cfg_h_timer: after the reader's own message
 *     when the argument is not a number in [min, max]; nothing is stored.
 * In msg, "%s" stands for argv[1] and "%N" for the name given to
 * cfg_enter_named by the enclosing block; nothing else is special.
 */
void	cfg_h_str(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* char *: argv[1] */
void	cfg_h_flag(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* bool: true, no args */
void	cfg_h_bool(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* bool: [BOOL], default true */
void	cfg_h_int(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* int: [min, max] */
void	cfg_h_uint(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* unsigned (or int, if
						 * max <= INT_MAX): [min, max] */
void	cfg_h_timer(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* uint64_t µs: [min, max] µs */
void	cfg_h_ignore(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);		/* accepted, nothing stored */

/* Lookup in a block's table (bsearch); NULL when absent. */
const struct cfg_kw *cfg_block_find(const struct cfg_block *, const char *);
/* 0 if the table is sorted by strcmp with no duplicates, else -1. */
int	cfg_block_check(const struct cfg_block *);

/* --- the driver ------------------------------------------------------ */

/* Parse the file at path (glob allowed, as keepalived).  Returns the
 * model, or NULL when the configuration cannot be used (res says why). */
struct conf	*conf_load(const char *path, const struct cfg_opts *,
		    struct cfg_result *res);
/* The same from a string, with name used in diagnostics. */
struct conf	*conf_load_string(const char *text, const char *name,
		    const struct cfg_opts *, struct cfg_result *res);
void		 conf_free(struct conf *);

/* Root keyword fragments, one per domain, merged into the root block. */
extern const struct cfg_kw kw_root_global[];
extern const size_t kw_root_global_n;
extern const struct cfg_kw kw_root_vrrp[];
extern const size_t kw_root_vrrp_n;
extern const struct cfg_kw kw_root_check[];
extern const size_t kw_root_check_n;
/* The merged root block. */
const struct cfg_block *cfg_root_block(void);

/* Per-domain hooks run after the whole file is read, in this order. */
void	global_conf_init(struct cfg_parse *, struct conf *);
void	vrrp_conf_init(struct cfg_parse *, struct conf *);
void	check_conf_init(struct cfg_parse *, struct conf *);
void	global_conf_validate(struct cfg_parse *, struct conf *);
void	vrrp_conf_validate(struct cfg_parse *, struct conf *);
void	check_conf_validate(struct cfg_parse *, struct conf *);

#endif
