/*
 * diag: severity names, the -t exit status, and message formatting.
 */
#include <stdio.h>

#include "diag.h"

static const char *const cfg_err_names[CFG_ERR_MAX] = {
	[CFG_OK] = "OK",
	[CFG_FILE_NOT_FOUND] = "FILE_NOT_FOUND",
	[CFG_BAD_IF] = "BAD_IF",
	[CFG_FATAL] = "FATAL",
	[CFG_MULTIPLE_FILES] = "MULTIPLE_FILES",
	[CFG_UNKNOWN_KEYWORD] = "UNKNOWN_KEYWORD",
	[CFG_UNEXPECTED_BOB] = "UNEXPECTED_BOB",
	[CFG_MISSING_BOB] = "MISSING_BOB",
	[CFG_UNEXPECTED_EOB] = "UNEXPECTED_EOB",
	[CFG_MISSING_EOB] = "MISSING_EOB",
	[CFG_UNMATCHED_QUOTE] = "UNMATCHED_QUOTE",
	[CFG_MISSING_PARAMETER] = "MISSING_PARAMETER",
	[CFG_INVALID_NUMBER] = "INVALID_NUMBER",
	[CFG_GENERAL_ERROR] = "GENERAL_ERROR",
	[CFG_WARNING] = "WARNING",
	[CFG_DEPRECATED] = "DEPRECATED",
	[CFG_SECURITY_ERROR] = "SECURITY_ERROR",
};

const char *
cfg_err_name(enum cfg_err e)
{
	if (e < 0 || e >= CFG_ERR_MAX)
		return "?";
	return cfg_err_names[e];
}

int
cfg_err_exit_status(enum cfg_err e)
{
	/* keepalived main.c config_test_exit(): ranked by enum value. */
	if (e == CFG_OK)
		return 0;
	if (e <= CFG_FATAL)
		return 4;
	if (e == CFG_SECURITY_ERROR)
		return 6;
	return 5;
}

int
cfg_diag_format(const struct cfg_diag *d, char *buf, size_t len)
{
	/* keepalived prints a message of line 0 without a location. */
	if (d->file != NULL && d->line != 0)
		return snprintf(buf, len, "(%s: Line %u) %s", d->file,
		    d->line, d->msg);
	return snprintf(buf, len, "%s", d->msg);
}
