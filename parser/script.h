/*
 * script: the value of every keyword that names a command (notify_*,
 * script, misc_path, quorum_up/down, startup/shutdown_script, fifo
 * scripts).
 *
 * keepalived takes only the first word after the keyword as the command
 * line and re-splits it with its quoting and escape rules; words two and
 * three are the user and group to run it as.  So `notify_master /x.sh arg`
 * names a user "arg".  Every script read is also linked on conf->scripts so
 * that one pass can apply keepalived's script security rules.
 */
#ifndef VIGIL_SCRIPT_H
#define VIGIL_SCRIPT_H

#include <stdio.h>
#include <stdbool.h>
#include "queue_ext.h"
#include <sys/types.h>

#include "engine.h"

struct script_conf {
	STAILQ_ENTRY(script_conf) all;	/* conf->scripts */
	const char	*keyword;	/* the keyword that named it */
	char		*cmd;		/* command word as written */
	char	       **argv;		/* cmd split as keepalived splits it */
	int		 argc;
	char		*user, *group;	/* NULL: the default script user */
	struct cfg_loc	 loc;
	unsigned	 domains;	/* 1 << enum cfg_domain that run it */

	/* Set by conf_scripts_validate, as keepalived's security checks. */
	uid_t		 uid;
	gid_t		 gid;
	char		*path;		/* argv[0] resolved (PATH search) */
	bool		 disabled;	/* missing, not executable, unsafe */
	bool		 insecure;	/* run by root from a writable path */
};

STAILQ_HEAD(script_conf_list, script_conf);

/*
 * Read the command at argv[idx] (and user/group after it).  A missing
 * command is keepalived's fatal missing-parameter error (NULL, parse
 * aborted); an unterminated quote is reported and gives NULL.
 */
struct script_conf *cfg_read_script(struct cfg_parse *,
		    const struct cfg_stmt *, int idx);
/* Generic handler: struct script_conf * field at kw->off. */
void	cfg_h_script(struct cfg_parse *, const struct cfg_kw *,
	    const struct cfg_stmt *);
void	dump_script(FILE *, int depth, const char *key,
	    const struct script_conf *);

/*
 * keepalived's script security, once every script is known: resolve the
 * user, find the file, check that it is executable for that user and,
 * when root runs it, that no part of its path is writable by others.
 * Disables scripts as keepalived does and reports "SECURITY VIOLATION"
 * per process when scripts run without enable_script_security.
 */
void	conf_scripts_validate(struct cfg_parse *, struct conf *);

#endif
