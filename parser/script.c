/*
 * script: reading command keywords.
 */
#include <string.h>

#include "conf.h"
#include "lex.h"
#include "script.h"

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
	if (s->user != NULL)
		dump_kv(f, depth + 1, "user", "%s%s%s", s->user,
		    s->group ? " " : "", s->group ? s->group : "");
}
