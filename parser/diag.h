/*
 * diag: configuration diagnostics in keepalived's words and severities.
 *
 * Every message carries a severity from keepalived's config_err_t, in the
 * same order, because `keepalived -t` exits with a status derived from the
 * highest one reported (see cfg_err_exit_status).
 */
#ifndef VIGIL_DIAG_H
#define VIGIL_DIAG_H

#include <stdarg.h>

enum cfg_err {
	CFG_OK,
	/* keepalived cannot run the config */
	CFG_FILE_NOT_FOUND,
	CFG_BAD_IF,
	CFG_FATAL,
	/* configuration errors, but keepalived still runs */
	CFG_MULTIPLE_FILES,
	CFG_UNKNOWN_KEYWORD,
	CFG_UNEXPECTED_BOB,	/* '{' */
	CFG_MISSING_BOB,
	CFG_UNEXPECTED_EOB,	/* '}' */
	CFG_MISSING_EOB,
	CFG_UNMATCHED_QUOTE,
	CFG_MISSING_PARAMETER,
	CFG_INVALID_NUMBER,
	CFG_GENERAL_ERROR,
	CFG_WARNING,
	CFG_DEPRECATED,
	/* script security not enabled when needed */
	CFG_SECURITY_ERROR,
	CFG_ERR_MAX
};

/* One diagnostic as handed to the sink. */
struct cfg_diag {
	enum cfg_err	 sev;
	const char	*file;		/* NULL: no location */
	unsigned	 line;
	const char	*msg;
};

typedef void (*cfg_sink_fn)(void *ctx, const struct cfg_diag *);

/* Name of a severity, e.g. "UNKNOWN_KEYWORD". */
const char	*cfg_err_name(enum cfg_err);
/* `keepalived -t` exit status for the worst severity seen: 0, 4, 5 or 6. */
int		 cfg_err_exit_status(enum cfg_err);
/* keepalived's text form: "(FILE: Line N) msg", or "msg" without a file
 * or at line 0. */
int		 cfg_diag_format(const struct cfg_diag *, char *, size_t);

#endif
