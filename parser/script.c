/*
 * script: reading command keywords.
 */
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "lex.h"
#include "script.h"

static unsigned script_domains(const char *, enum cfg_domain);

struct script_conf *
cfg_read_script(struct cfg_parse *p, const struct cfg_stmt *st, int idx)
{
	struct arena *a = cfg_arena(p);
	struct script_conf *s;
	const char *cmd = cfg_arg(p, st, idx);
	char **argv;
	int argc;

	if (cmd == NULL)
		return NULL;
	argc = lex_command(a, cmd, &argv);
	if (argc == -1) {
		cfg_report(p, CFG_UNMATCHED_QUOTE,
		    "Unterminated quote '%s'", cmd);
		return NULL;
	}
	if (argc == 0) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Empty script specified for %s", st->argv[0]);
		return NULL;
	}
	s = ARENA_NEW(a, struct script_conf);
	s->keyword = cfg_strdup(p, st->argv[0]);
	s->cmd = cfg_strdup(p, cmd);
	s->argv = argv;
	s->argc = argc;
	if (idx + 1 < st->argc)
		s->user = cfg_strdup(p, st->argv[idx + 1]);
	if (idx + 2 < st->argc)
		s->group = cfg_strdup(p, st->argv[idx + 2]);
	s->loc = cfg_here(p);
	s->domains = script_domains(s->keyword, cfg_domain(p));
	STAILQ_INSERT_TAIL(&cfg_conf(p)->scripts, s, all);
	return s;
}

void
cfg_h_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct script_conf *s = cfg_read_script(p, st, 1);

	if (s != NULL)
		*CFG_FIELD(p, kw, struct script_conf *) = s;
}

void
dump_script(FILE *f, int depth, const char *key, const struct script_conf *s)
{
	if (s == NULL) {
		dump_kv(f, depth, key, "(unset)");
		return;
	}
	dump_argv(f, depth, key, s->argv);
	if (s->disabled)
		dump_kv(f, depth + 1, "disabled", "yes");
	if (s->user != NULL)
		dump_kv(f, depth + 1, "user", "%s%s%s", s->user,
		    s->group ? " " : "", s->group ? s->group : "");
}

/* --- security ---------------------------------------------------------- */

/*
 * The process that runs a script, from the keyword that names it.  The
 * global notify_fifo script is run by both children.
 */
static unsigned
script_domains(const char *keyword, enum cfg_domain d)
{
	if (!strcmp(keyword, "notify_fifo_script") ||
	    !strcmp(keyword, "notify_fifo"))
		return 1u << CFG_DOMAIN_VRRP | 1u << CFG_DOMAIN_CHECK;
	if (!strcmp(keyword, "vrrp_notify_fifo_script") ||
	    !strcmp(keyword, "vrrp_notify_fifo"))
		return 1u << CFG_DOMAIN_VRRP;
	if (!strcmp(keyword, "lvs_notify_fifo_script") ||
	    !strcmp(keyword, "lvs_notify_fifo"))
		return 1u << CFG_DOMAIN_CHECK;
	return 1u << d;
}

/* The default script user: keepalived_script if it exists, else root. */
static bool
default_user(struct cfg_parse *p, const struct conf *c, uid_t *uid,
    gid_t *gid)
{
	struct passwd *pw;

	if (c->global.script_user != NULL) {
		pw = getpwnam(c->global.script_user);
		if (pw == NULL)
			return false;
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
		return true;
	}
	pw = getpwnam("keepalived_script");
	if (pw != NULL) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
		return true;
	}
	*uid = 0;
	*gid = 0;
	return !c->global.enable_script_security;
}

static bool
script_user(struct cfg_parse *p, const struct conf *c, struct script_conf *s)
{
	struct passwd *pw;
	struct group *gr;

	if (s->user == NULL) {
		if (default_user(p, c, &s->uid, &s->gid))
			return true;
		cfg_report_at(p, s->loc, CFG_GENERAL_ERROR,
		    "Unable to set default user keepalived_script for script");
		return false;
	}
	pw = getpwnam(s->user);
	if (pw == NULL) {
		cfg_report_at(p, s->loc, CFG_OK,
		    "Script user '%s' does not exist", s->user);
		return false;
	}
	s->uid = pw->pw_uid;
	s->gid = pw->pw_gid;
	if (s->group != NULL) {
		gr = getgrnam(s->group);
		if (gr == NULL) {
			cfg_report_at(p, s->loc, CFG_OK,
			    "Script group '%s' does not exist", s->group);
			return false;
		}
		s->gid = gr->gr_gid;
	}
	return true;
}

/* A bare command name is looked up in PATH, as execvp would. */
static char *
script_resolve(struct cfg_parse *p, struct script_conf *s)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	const char *dir, *end;
	size_t len;

	if (strchr(s->argv[0], '/') != NULL)
		return cfg_strdup(p, s->argv[0]);
	if (path == NULL)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		    "/sbin:/bin";
	for (dir = path; *dir != '\0'; dir = *end ? end + 1 : end) {
		end = strchrnul(dir, ':');
		len = (size_t)(end - dir);
		if (len == 0 || len >= sizeof(buf) - 2)
			continue;
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, dir,
		    s->argv[0]);
		if (access(buf, X_OK) == 0) {
			cfg_report_at(p, s->loc, CFG_OK, "WARNING - script "
			    "`%s` resolved by path search to `%s`. Please "
			    "specify full path.", s->argv[0], buf);
			return cfg_strdup(p, buf);
		}
	}
	return NULL;
}

static bool
executable_for(const struct stat *sb, uid_t uid, gid_t gid)
{
	if (uid == 0)
		return sb->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH);
	if (uid == sb->st_uid)
		return sb->st_mode & S_IXUSR;
	if (gid == sb->st_gid)
		return sb->st_mode & S_IXGRP;
	return sb->st_mode & S_IXOTH;
}

/* Every directory from "/" down, and the file: owned by root, and not
 * writable by a non-root group or by others (sticky directories are
 * fine). */
static bool
path_secure(const char *path)
{
	char buf[PATH_MAX];
	struct stat sb;
	size_t i, len = strlen(path);

	if (len >= sizeof(buf))
		return false;
	for (i = 1; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		memcpy(buf, path, i);
		buf[i] = '\0';
		if (stat(buf, &sb) == -1)
			return false;
		if (sb.st_uid != 0)
			return false;
		if (S_ISDIR(sb.st_mode) && (sb.st_mode & S_ISVTX))
			continue;
		if ((sb.st_gid != 0 && (sb.st_mode & S_IWGRP)) ||
		    (sb.st_mode & S_IWOTH))
			return false;
	}
	return stat("/", &sb) == 0 && sb.st_uid == 0;
}

static bool
runs_as_root(const struct script_conf *s, const struct stat *sb)
{
	return s->uid == 0 || s->gid == 0 ||
	    (sb->st_uid == 0 && (sb->st_mode & S_ISUID)) ||
	    (sb->st_gid == 0 && (sb->st_mode & S_ISGID));
}

/* Returns true when the file exists (keepalived's SC_ISSCRIPT). */
static bool
script_check(struct cfg_parse *p, const struct conf *c, struct script_conf *s)
{
	struct stat sb;
	char real[PATH_MAX];

	if (!script_user(p, c, s)) {
		s->disabled = true;
		return false;
	}
	s->path = script_resolve(p, s);
	if (s->path == NULL || stat(s->path, &sb) == -1) {
		cfg_report_at(p, s->loc, CFG_OK,
		    "Unable to access script `%s` - disabling", s->cmd);
		s->disabled = true;
		return false;
	}
	if (!executable_for(&sb, s->uid, s->gid)) {
		cfg_report_at(p, s->loc, CFG_OK, "WARNING - script '%s' is "
		    "not executable for uid:gid %d:%d - disabling.", s->cmd,
		    (int)s->uid, (int)s->gid);
		s->disabled = true;
		return true;
	}
	if (!runs_as_root(s, &sb))
		return true;
	if (!path_secure(s->path) || realpath(s->path, real) == NULL ||
	    !path_secure(real)) {
		s->insecure = true;
		cfg_report_at(p, s->loc, CFG_OK, "Unsafe permissions found "
		    "for script '%s'%s", s->cmd,
		    c->global.enable_script_security ? " - disabling." :
		    " executed by root.");
		if (c->global.enable_script_security)
			s->disabled = true;
	}
	return true;
}

void
conf_scripts_validate(struct cfg_parse *p, struct conf *c)
{
	static const char *const who[CFG_DOMAIN_MAX] = {
		[CFG_DOMAIN_GLOBAL] = "start/shutdown scripts",
		[CFG_DOMAIN_VRRP] = "scripts",
		[CFG_DOMAIN_CHECK] = "check scripts",
	};
	bool found[CFG_DOMAIN_MAX] = { false };
	bool insecure[CFG_DOMAIN_MAX] = { false };
	bool runs[CFG_DOMAIN_MAX];
	struct script_conf *s;
	int d;

	/*
	 * keepalived checks scripts in each process that starts: the VRRP
	 * child only with instances or static addresses, routes or rules,
	 * and it stops before its checks on a missing interface; the
	 * checker child only with virtual servers.
	 */
	runs[CFG_DOMAIN_GLOBAL] = true;
	runs[CFG_DOMAIN_VRRP] = !c->vrrp.missing_iface &&
	    (!STAILQ_EMPTY(&c->vrrp.instances) ||
	    !STAILQ_EMPTY(&c->vrrp.static_addresses) ||
	    !STAILQ_EMPTY(&c->vrrp.static_routes) ||
	    !STAILQ_EMPTY(&c->vrrp.static_rules));
	runs[CFG_DOMAIN_CHECK] = !STAILQ_EMPTY(&c->check.vss);
	STAILQ_FOREACH(s, &c->scripts, all) {
		for (d = 0; d < CFG_DOMAIN_MAX; d++)
			if ((s->domains & (1u << d)) && runs[d])
				break;
		if (d == CFG_DOMAIN_MAX || !script_check(p, c, s))
			continue;
		for (d = 0; d < CFG_DOMAIN_MAX; d++) {
			if (!(s->domains & (1u << d)) || !runs[d])
				continue;
			found[d] = true;
			insecure[d] |= s->insecure;
		}
	}
	if (c->global.enable_script_security)
		return;
	for (d = 0; d < CFG_DOMAIN_MAX; d++)
		if (found[d])
			cfg_report_noloc(p, CFG_SECURITY_ERROR,
			    "SECURITY VIOLATION - %s are being executed but "
			    "script_security not enabled.%s", who[d],
			    insecure[d] ? " There are insecure scripts." : "");
}
